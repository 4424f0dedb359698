"""네거티브 샘플링 손실: 정답 하나와 부정적 예 k 개를 (N, k+1) 한 번의 gather 로 처리합니다."""
from __future__ import annotations

import numpy as np

from ._checks import as_index_array, nonempty_batch, require_forward
from .layers import EmbeddingDot, SigmoidWithLoss
from .sampling import UnigramSampler


class NegativeSamplingLoss:
    """책의 ``NegativeSamplingLoss(W, corpus, power=0.75, sample_size=5)`` 와 같은 손실을 벡터화한 계층.

    책은 ``EmbeddingDot`` 과 ``SigmoidWithLoss`` 를 (k+1) 개씩 만들어 파이썬 루프로 돌지만, 여기서는
    열 0 이 정답(긍정적 예, 레이블 1), 열 1..k 가 부정적 예(레이블 0)인 (N, k+1) 인덱스 하나로 한 번에
    계산합니다. 손실 값은 책과 같습니다: Σ_열 (배치 평균 교차 엔트로피).

    Parameters
    ----------
    W : (V, H) float, 출력 측 가중치 W_out
    corpus : (T,) int, 유니그램 분포를 셀 말뭉치
    power, sample_size : :class:`~w2vlib.sampling.UnigramSampler` 와 같음
    rng : 시드, ``np.random.Generator`` 또는 None
    sparse : True 이면 ``grads[0]`` 이 :class:`~w2vlib.scatter.SparseRowGrad` (건드린 행만)

    forward(h, target, negative_sample=None) : h (N, H) float, target (N,) int → 손실 (float).
        ``negative_sample`` (N, k) 를 주면 샘플러 대신 그것을 씁니다 (두 구현을 같은 표본으로 비교할 때).
        빈 배치(N = 0)는 ValueError입니다 (손실이 배치 평균이라 정의되지 않음).
    backward(dout=1) : → dh (N, H)
    """

    def __init__(self, W: np.ndarray, corpus, power: float = 0.75, sample_size: int = 5, rng=None,
                 sparse: bool = False):
        self.sample_size = sample_size
        self.sampler = UnigramSampler(corpus, power, sample_size, vocab_size=len(W), rng=rng)
        self.embed_dot = EmbeddingDot(W, sparse=sparse)
        self.loss_layer = SigmoidWithLoss()
        self.params, self.grads = self.embed_dot.params, self.embed_dot.grads
        self._labels = np.zeros((0, sample_size + 1))

    def forward(self, h: np.ndarray, target, negative_sample=None) -> float:
        V = len(self.params[0])
        target = as_index_array("target", target, upper=V, ndim=1)
        nonempty_batch("target", len(target))
        if negative_sample is None:
            negative_sample = self.sampler.get_negative_sample(target)
        else:
            negative_sample = as_index_array("negative_sample", negative_sample, upper=V,
                                             ndim=2)
            if negative_sample.shape != (len(target), self.sample_size):
                raise ValueError(f"negative_sample: shape 이 ({len(target)}, {self.sample_size}) 이어야 합니다 "
                                 f"(받은 shape: {negative_sample.shape}).")
        idx = np.concatenate([target[:, None], negative_sample], axis=1)   # (N, k+1)
        score = self.embed_dot.forward(h, idx)                               # (N, k+1)
        return self.loss_layer.forward(score, self._labels_for(len(target), score.dtype))

    def _labels_for(self, n: int, dtype) -> np.ndarray:
        if self._labels.shape[0] != n or self._labels.dtype != dtype:
            self._labels = np.zeros((n, self.sample_size + 1), dtype=dtype)
            self._labels[:, 0] = 1
        return self._labels

    def backward(self, dout: float = 1) -> np.ndarray:
        require_forward(self, self.loss_layer.y is not None)
        dscore = self.loss_layer.backward(dout)
        return self.embed_dot.backward(dscore)
