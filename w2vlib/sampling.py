"""부정적 예를 뽑는 유니그램 샘플러."""
from __future__ import annotations

import numpy as np

from ._checks import as_index_array, positive_int


def as_rng(rng=None) -> np.random.Generator:
    """시드(int)·``np.random.Generator``·None 을 받아 Generator 로 돌려줍니다."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng: 정수 시드, np.random.Generator 또는 None 이어야 합니다 (받은 타입: {type(rng).__name__}).")


def alias_table(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker 의 별칭 표 (Vose 의 O(V) 구성).

    p : (V,) float, 합이 1 인 확률 → prob (V,) float64, alias (V,) int64.
    칸 i 를 균등하게 고른 뒤 확률 prob[i] 로 i, 아니면 alias[i] 를 내면 정확히 p 를 따릅니다.
    """
    V = len(p)
    scaled = p * V
    prob = np.ones(V)
    alias = np.arange(V)
    small = [i for i in range(V) if scaled[i] < 1.0]
    large = [i for i in range(V) if scaled[i] >= 1.0]
    while small and large:
        s, l = small.pop(), large.pop()
        prob[s], alias[s] = scaled[s], l
        scaled[l] -= 1.0 - scaled[s]
        (small if scaled[l] < 1.0 else large).append(l)
    # 남은 칸은 (부동소수 오차 범위에서) 정확히 1: prob=1 그대로 둡니다.
    return prob, alias


class UnigramSampler:
    """말뭉치의 유니그램 분포를 ``power`` 제곱해 부정적 예를 뽑습니다 (책과 같은 이름·인자).

    P'(w) = P(w)^power / Σ_v P(v)^power. power=0.75 는 드문 단어가 뽑힐 확률을 조금 올립니다.

    책의 CPU 판은 행마다 ``np.random.choice`` 를 한 번씩 부르지만(배치 100 에 약 12 ms), 여기서는 Walker 의
    별칭(alias) 방법으로 배치 전체를 한 번에 뽑습니다: 균등한 칸 번호 i 와 균등 난수 u 하나씩으로
    ``u < prob[i] 이면 i, 아니면 alias[i]`` — 표 두 개(길이 V)를 한 번 만들어 두면 표본 하나가 O(1) 이고,
    근사 없이 정확히 P' 를 따릅니다 (word2vec C 의 1억 칸 유니그램 표는 근사입니다).
    타깃과 같은 단어가 나온 칸만 다시 뽑으므로, 각 부정적 예는 정확히 "타깃을 뺀 P'" 에서 독립으로
    뽑힙니다 (word2vec C 구현·gensim 처럼 한 행 안의 중복은 허용합니다).

    Parameters
    ----------
    corpus : (T,) int, 단어 ID 열
    power : 0 이상의 실수
    sample_size : 타깃 하나당 부정적 예의 수 k (1 ≤ k < 어휘 수)
    vocab_size : 어휘 수 V (None 이면 ``corpus.max() + 1``)
    rng : 시드(int), ``np.random.Generator`` 또는 None — 같은 시드면 같은 표본
    """

    def __init__(self, corpus, power: float, sample_size: int, vocab_size: int | None = None, rng=None):
        corpus = as_index_array("corpus", corpus, upper=vocab_size, ndim=1)
        if len(corpus) == 0:
            raise ValueError("corpus: 빈 말뭉치로는 유니그램 분포를 만들 수 없습니다.")
        if not np.isscalar(power) or not np.isfinite(power) or power < 0:
            raise ValueError(f"power: 0 이상의 실수여야 합니다 (받은 값: {power!r}).")
        counts = np.bincount(corpus, minlength=vocab_size or 0)
        self.vocab_size = len(counts)
        self.sample_size = positive_int("sample_size", sample_size)
        if self.sample_size >= self.vocab_size:
            raise ValueError(f"sample_size: 어휘 수({self.vocab_size})보다 작아야 합니다 (받은 값: {sample_size}).")
        if np.count_nonzero(counts) < 2:
            raise ValueError("corpus: 서로 다른 단어가 2개 이상 있어야 부정적 예를 뽑을 수 있습니다.")
        # 최대 빈도로 나눈 뒤 제곱해 큰 power 에서도 넘침(inf)이 없게 합니다.
        ratio = counts / counts.max()
        weights = np.where(counts > 0, ratio ** float(power), 0.0)
        if np.count_nonzero(weights) < 2:
            raise ValueError(f"power: 값({power})이 너무 커서 한 단어 말고는 뽑힐 확률이 0 이 됩니다.")
        self.word_p = weights / weights.sum()
        """(V,) float64, 뽑힐 확률 P'(w)."""
        self._prob, self._alias = alias_table(self.word_p)
        self.rng = as_rng(rng)

    def sample(self, shape) -> np.ndarray:
        """P' 에서 독립으로 뽑은 단어 ID 배열 (shape 그대로, int64). 타깃 제외는 하지 않습니다."""
        i = self.rng.integers(0, self.vocab_size, size=shape)
        u = self.rng.random(shape)
        return np.where(u < self._prob[i], i, self._alias[i])

    def get_negative_sample(self, target) -> np.ndarray:
        """target (N,) int → 부정적 예 (N, sample_size) int64. 각 행에 그 행의 타깃은 절대 없습니다."""
        target = as_index_array("target", target, upper=self.vocab_size, ndim=1)
        negative = self.sample((len(target), self.sample_size))
        clash = negative == target[:, None]
        while clash.any():                    # 타깃과 겹친 칸만 다시 뽑습니다 (평균 몇 칸뿐)
            negative[clash] = self.sample(int(clash.sum()))
            clash = negative == target[:, None]
        return negative
