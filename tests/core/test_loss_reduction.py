"""손실 계층의 ``reduction`` 옵션 (평균과 합의 규칙을 정하는 한 곳): 'sum'의 손실·기울기가 'mean'의 N 배인지,
융합 경로(chunk)·책과 같은 경로·계층적 소프트맥스 모두에서, 그리고 잘못된 값은 인자 이름을 밝힌 오류인지."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss
from w2vlib.negative_sampling import NegativeSamplingLoss


def _data(seed=0, V=30, H=6, N=17):
    rng = np.random.default_rng(seed)
    corpus = np.concatenate([np.arange(V), rng.integers(0, V, size=400)])
    W = 0.5 * rng.standard_normal((V, H))
    return corpus, W, rng.standard_normal((N, H)), rng.integers(0, V, size=N)


def _loss_pair(kind, **kw):
    corpus, W, h, target = _data()
    if kind == "hs":
        counts = np.bincount(corpus, minlength=len(W))
        make = lambda r: HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True, reduction=r)   # noqa: E731
    else:
        make = lambda r: NegativeSamplingLoss(W.copy(), corpus, sample_size=4, rng=3, reduction=r, **kw)   # noqa: E731
    return make("mean"), make("sum"), h, target


@pytest.mark.parametrize("kind,kw", [("ns", {"sparse": True}), ("ns", {"sparse": True, "chunk_size": 5}),
                                     ("ns", {"sparse": False}), ("ns", {"sparse": True, "chunk_size": None}),
                                     ("hs", {})], ids=["ns-fused", "ns-fused-chunks", "ns-dense", "ns-book", "hs"])
@pytest.mark.parametrize("dout", [1.0, 0.5])
def test_sum_is_n_times_the_mean(kind, kw, dout):
    mean, total, h, target = _loss_pair(kind, **kw)
    N = len(target)
    L_mean, L_sum = mean.forward(h, target), total.forward(h, target)     # 같은 시드: 같은 부정적 예
    assert L_sum == pytest.approx(N * L_mean, rel=1e-12)
    dh_mean, dh_sum = mean.backward(dout), total.backward(dout)
    np.testing.assert_allclose(dh_sum, N * dh_mean, rtol=1e-10, atol=1e-12)
    g_mean, g_sum = (np.asarray(g.to_dense() if hasattr(g, "to_dense") else g) for g in (mean.grads[0], total.grads[0]))
    np.testing.assert_allclose(g_sum, N * g_mean, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cls", ["ns", "hs"])
@pytest.mark.parametrize("bad", ["average", None, "SUM"])
def test_bad_reduction_names_the_argument(cls, bad):
    corpus, W, _, _ = _data()
    with pytest.raises(ValueError, match="reduction"):
        if cls == "ns":
            NegativeSamplingLoss(W, corpus, reduction=bad)
        else:
            HierarchicalSoftmaxLoss(W, np.bincount(corpus, minlength=len(W)), reduction=bad)
