"""부정적 예를 뽑는 유니그램 샘플러."""
from __future__ import annotations

import numpy as np

from ._checks import affordable, argument_error, as_float_array, as_index_array, as_shape, positive_float, positive_int


def as_rng(rng=None) -> np.random.Generator:
    """시드(int)·``np.random.Generator``·None을 받아 Generator로 돌려줍니다."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng: 정수 시드, np.random.Generator 또는 None이어야 합니다 (받은 타입: {type(rng).__name__}).")


def alias_table(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker의 별칭 표 (Vose의 O(V) 구성).

    p : (V,) float (또는 실수 리스트), 합이 1인 확률 → prob (V,) float64, alias (V,) int64.
    칸 i를 균등하게 고른 뒤 확률 prob[i]로 i, 아니면 alias[i]를 내면 정확히 p를 따릅니다.
    NaN·무한대·음수가 있거나 합이 1에서 1e-6 넘게 벗어나면 ValueError입니다 (조용히 정규화하지 않습니다:
    가중치를 넘기려면 ``w / w.sum()``으로 직접 정규화하세요).
    """
    p = np.asarray(p, dtype=np.float64) if isinstance(p, (list, tuple)) else p
    p = as_float_array("p", p, ndim=1).astype(np.float64)
    if len(p) == 0:
        raise ValueError("p: 확률이 1개 이상 있어야 합니다 (받은 길이: 0).")
    if p.min() < 0:
        raise ValueError(f"p: 확률은 0 이상이어야 합니다 (받은 값 중 {p.min()!r}).")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"p: 확률의 합이 1이어야 합니다 (받은 합: {p.sum()!r}). w / w.sum()으로 정규화하세요.")
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

    P'(w) = P(w)^power / Σ_v P(v)^power. power=0.75는 드문 단어가 뽑힐 확률을 조금 올립니다.

    책의 CPU 판은 행마다 ``np.random.choice``를 한 번씩 부르지만 (배치 100에 약 15 ms: 4.2절의 표), 여기서는 Walker의
    별칭(alias) 방법으로 배치 전체를 한 번에 뽑습니다: 균등 난수 r 하나에서 칸 번호 i = ⌊rV⌋와 칸 안의 위치
    u = rV − i를 얻어 ``u < prob[i]이면 i, 아니면 alias[i]`` — 표 두 개(길이 V)를 한 번 만들어 두면 표본 하나가 O(1)이고,
    근사 없이 정확히 P' 를 따릅니다 (word2vec C의 1억 칸 유니그램 표는 근사입니다).
    타깃과 같은 단어가 나온 칸만 다시 뽑으므로, 각 부정적 예는 정확히 "타깃을 뺀 P'"에서 독립으로
    뽑힙니다 (word2vec C 구현·gensim처럼 한 행 안의 중복은 허용합니다). 다시 뽑기는 최대
    ``REJECTION_ROUNDS``번이고, 그래도 겹친 칸(타깃이 확률 대부분을 차지할 때)은 타깃을 뺀 분포에서 곧바로
    뽑습니다 (누적합 이진 탐색, 칸마다 O(log V)). 두 경우 모두 같은 조건부 분포이므로 결과는 정확하고,
    비용은 분포가 아무리 치우쳐도 유한합니다.

    Parameters
    ----------
    corpus : (T,) int, 단어 ID 열
    power : 0 이상의 실수
    sample_size : 타깃 하나당 부정적 예의 수 k (1 ≤ k < 어휘 수)
    vocab_size : 어휘 수 V (None이면 ``corpus.max() + 1``)
    rng : 시드(int), ``np.random.Generator`` 또는 None — 같은 시드면 같은 표본
    """

    def __init__(self, corpus, power: float, sample_size: int, vocab_size: int | None = None, rng=None):
        if vocab_size is not None:
            vocab_size = positive_int("vocab_size", vocab_size)
        corpus = as_index_array("corpus", corpus, upper=vocab_size, ndim=1)
        if len(corpus) == 0:
            raise argument_error(ValueError, "corpus", "빈 말뭉치로는 유니그램 분포를 만들 수 없습니다.")
        power = positive_float("power", power, allow_zero=True)
        counts = np.bincount(corpus, minlength=vocab_size or 0)
        self.vocab_size = len(counts)
        self.sample_size = positive_int("sample_size", sample_size)
        if self.sample_size >= self.vocab_size:
            raise ValueError(f"sample_size: 어휘 수({self.vocab_size})보다 작아야 합니다 (받은 값: {sample_size}).")
        if np.count_nonzero(counts) < 2:
            raise ValueError("corpus: 서로 다른 단어가 2개 이상 있어야 부정적 예를 뽑을 수 있습니다.")
        # 최대 빈도로 나눈 뒤 제곱해 큰 power에서도 넘침(inf)이 없게 합니다.
        ratio = counts / counts.max()
        weights = np.where(counts > 0, ratio ** float(power), 0.0)
        if np.count_nonzero(weights) < 2:
            raise ValueError(f"power: 값({power})이 너무 커서 한 단어 말고는 뽑힐 확률이 0이 됩니다.")
        self.word_p = weights / weights.sum()
        """(V,) float64, 뽑힐 확률 P'(w)."""
        self._prob, self._alias = alias_table(self.word_p)
        # 타깃을 뺀 분포에서 곧바로 뽑을 때 쓰는 누적합. 앞쪽 합과 뒤쪽 합을 따로 두어 1 − P'(타깃) 같은
        # 뺄셈(자릿수 잃음) 없이 작은 확률도 그대로 남깁니다.
        self._prefix = np.cumsum(self.word_p)                 # Σ_{j≤w} P'(j), 증가
        self._suffix_rev = np.cumsum(self.word_p[::-1])       # Σ_{j≥V−1−k} P'(j), 증가
        self.rng = as_rng(rng)

    def sample(self, shape) -> np.ndarray:
        """P' 에서 독립으로 뽑은 단어 ID 배열 (shape 그대로, int64). 타깃 제외는 하지 않습니다.

        shape : 0 이상의 정수 또는 그런 정수의 튜플 (메모리에 들어가지 않을 크기는 뽑기 전에 거부합니다)."""
        shape = as_shape("shape", shape)
        affordable("shape", shape, np.int64, what="부정적 예 배열")
        return self._draw(shape)

    def _draw(self, shape) -> np.ndarray:
        """:meth:`sample`의 검사 없는 본체 (학습 루프 안에서 모양을 직접 만드는 호출용)."""
        # 균등 난수 r 하나로 칸 번호 i = ⌊rV⌋와 칸 안의 위치 u = rV − i를 함께 얻습니다 (난수를 두 번 만드는 것보다 빠름).
        # r ≤ 1 − 2⁻⁵³이면 반올림한 rV도 V보다 작아 i ≤ V − 1이고, u는 [0, 1)에서 균등합니다 (간격 V·2⁻⁵³).
        u = self.rng.random(shape)
        u *= self.vocab_size
        floor = np.floor(u)
        u -= floor                                              # u − ⌊u⌋ (실수끼리 빼기: 정수 배열을 빼는 것보다 빠름)
        i = floor.astype(np.intp)                               # ⌊rV⌋ < 2⁵³이라 정확한 정수
        return np.where(u < self._prob[i], i, self._alias[i])

    REJECTION_ROUNDS = 10
    """타깃과 겹친 칸을 P'에서 다시 뽑는 최대 횟수. 그 뒤에는 :meth:`sample_excluding` 메서드로 뽑습니다."""

    def get_negative_sample(self, target) -> np.ndarray:
        """target (N,) int → 부정적 예 (N, sample_size) int64. 각 행에 그 행의 타깃은 절대 없습니다."""
        target = as_index_array("target", target, upper=self.vocab_size, ndim=1)
        negative = self._draw((len(target), self.sample_size))
        flat = negative.reshape(-1)                             # 뷰: 칸 번호 = 행·k + 열
        clash = np.flatnonzero(negative == target[:, None])     # 타깃과 겹친 칸 (평균 몇 칸뿐, 행 우선 순서)
        owner = target[clash // self.sample_size]               # 그 칸의 타깃
        for _ in range(self.REJECTION_ROUNDS):                  # 겹친 칸만 다시 뽑고, 다시 뽑은 칸만 다시 봅니다
            if len(clash) == 0:
                return negative
            flat[clash] = draws = self._draw(len(clash))
            still = draws == owner
            clash, owner = clash[still], owner[still]
        if len(clash):                          # 남은 칸: 타깃을 뺀 분포에서 곧바로 (유한한 비용)
            flat[clash] = self.sample_excluding(owner)
        return negative

    def sample_excluding(self, excluded) -> np.ndarray:
        """excluded (M,) int → (M,) int64, i번째 값은 P'에서 excluded[i]를 빼고 다시 정규화한 분포
        P'(w) / (1 − P'(excluded[i])) (w ≠ excluded[i])에서 독립으로 뽑은 단어입니다.

        앞쪽(ID < 타깃) 질량 b와 뒤쪽(ID > 타깃) 질량 a를 누적합에서 직접 읽어, 확률 b / (a + b)로 앞쪽을
        고른 뒤 그 구간 안에서 누적합을 이진 탐색합니다. 확률 0인 단어와 타깃은 나오지 않습니다.
        """
        t = as_index_array("excluded", excluded, upper=self.vocab_size, ndim=1)
        V = self.vocab_size
        before = np.where(t > 0, self._prefix[t - 1], 0.0)                      # Σ_{j<t} P'(j)
        after = np.where(t < V - 1, self._suffix_rev[np.maximum(V - 2 - t, 0)], 0.0)   # Σ_{j>t} P'(j)
        left = self.rng.random(len(t)) * (before + after) < before
        u = self.rng.random(len(t))
        # 앞쪽: prefix[w] > u·b인 첫 w (< t). 뒤쪽: suffix_rev[k] > u·a인 첫 k, w = V−1−k (> t).
        w_left = np.searchsorted(self._prefix, u * before, side="right")
        w_right = V - 1 - np.searchsorted(self._suffix_rev, u * after, side="right")
        return np.where(left, np.minimum(w_left, np.maximum(t - 1, 0)), np.maximum(w_right, np.minimum(t + 1, V - 1)))
