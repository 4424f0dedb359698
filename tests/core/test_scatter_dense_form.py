"""큰 배치의 밀집 형태 기울기(이슈 12): 행 형태와 뜻도 값도 같은지.

배치의 (예시, 행) 쌍이 많으면 :class:`~w2vlib.scatter.BatchRows`가 고유 행을 찾지 않고 모든 행을 쓰고,
:class:`~w2vlib.scatter.SparseRowGrad`가 (V, H) 배열 + 건드린 행 표시로 기울기를 담습니다. 여기서는

- 두 형태의 곱(mix, scatter)과 저장된 기울기가 같은지 (행 형태 = 파이썬 루프 기준),
- 밀집 형태를 받은 lazy Adam·SGD가 행 형태와 **비트 단위로** 같고, 건드리지 않은 행(W, m, v)은 그대로인지,
- 기울기 자르기가 두 형태에서 같은지, ``rows``/``values``를 읽으면 행 형태로 바뀌는지,
- CBOW 학습 전체가 두 형태에서 같은 벡터를 내는지

를 확인합니다. 어느 형태를 쓸지는 ``BatchRows.DENSE_ROW_FRACTION``로 강제합니다.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib.models import CBOW
from w2vlib.optimizers import SGD, Adam
from w2vlib.scatter import BatchRows, SparseRowGrad
from w2vlib.text import create_contexts_target
from w2vlib.trainer import Trainer, clip_grads

DENSE, ROWS = 0.0, float("inf")          # DENSE_ROW_FRACTION: 늘 밀집 형태 / 늘 행 형태


def loop_scatter(shape, idx, coef, x, source):
    """기준: dW[idx[m]] += coef[m] * x[source[m]]를 한 쌍씩."""
    out = np.zeros(shape, dtype=np.float64)
    for m in range(len(idx)):
        out[idx[m]] += coef[m] * x[source[m]]
    return out


def batch_data(seed, V=12, H=5, n=30, k=4):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, V // 2, size=(n, k))          # 뒤쪽 절반의 행은 한 번도 나오지 않음
    coef = rng.standard_normal((n, k)).astype(np.float32)
    x = rng.standard_normal((n, H)).astype(np.float32)
    W = rng.standard_normal((V, H)).astype(np.float32)
    return idx, coef, x, W


@pytest.fixture
def form(monkeypatch, request):
    monkeypatch.setattr(BatchRows, "DENSE_ROW_FRACTION", request.param)
    return request.param


@pytest.mark.parametrize("form", [DENSE, ROWS], ids=["dense", "rows"], indirect=True)
def test_batch_rows_mix_scatter_and_store_equal_the_loop(form):
    idx, coef, x, W = batch_data(0)
    V, H = W.shape
    batch = BatchRows.regular(idx, V)
    assert (batch.rows is None) == (form == DENSE)
    h = batch.mix(coef.reshape(-1), batch.gather(W))
    np.testing.assert_allclose(h, np.einsum("nk,nkh->nh", coef, W[idx]), rtol=1e-5, atol=1e-6)
    g = SparseRowGrad((V, H))
    g.set_from_batch(batch, batch.scatter(coef.reshape(-1), x))
    expected = loop_scatter((V, H), idx.reshape(-1), coef.reshape(-1), x, np.repeat(np.arange(len(idx)), idx.shape[1]))
    np.testing.assert_allclose(g.to_dense(), expected, rtol=1e-5, atol=1e-5)
    if form == DENSE:
        assert g.dense is not None and g.dense.shape == (V, H)
        np.testing.assert_array_equal(g.touched, np.isin(np.arange(V), idx))
    else:
        assert g.dense is None and g.touched is None
    np.testing.assert_array_equal(g.rows, np.unique(idx))            # 읽으면 행 형태 (같은 행)
    assert g.dense is None


def test_reading_rows_converts_the_dense_form_and_keeps_values():
    g = SparseRowGrad((4, 2))
    dense = np.array([[1, 2], [0, 0], [0, 0], [3, 4]], dtype=np.float32)
    touched = np.array([True, True, False, True])             # 행 1은 건드렸지만 합이 0
    g.set_dense(dense, touched)
    assert "행 3개" in repr(g)
    np.testing.assert_array_equal(g.to_dense(), dense)
    assert g.to_dense() is not dense                            # 새 배열
    np.testing.assert_array_equal(g.values, dense[[0, 1, 3]])
    np.testing.assert_array_equal(g.rows, [0, 1, 3])
    assert g.dense is None and g.touched is None
    g.values = g.values * 2                                       # 행 형태의 setter는 그대로
    np.testing.assert_array_equal(g.to_dense(), 2 * dense)


def _dense_and_rows(V, H, touched_rows, seed):
    rng = np.random.default_rng(seed)
    dense = np.zeros((V, H), dtype=np.float32)
    dense[touched_rows] = rng.standard_normal((len(touched_rows), H)).astype(np.float32)
    touched = np.zeros(V, dtype=bool)
    touched[touched_rows] = True
    a, b = SparseRowGrad((V, H)), SparseRowGrad((V, H))
    a.set_dense(dense.copy(), touched)
    b.set(np.asarray(touched_rows, dtype=np.int64), dense[touched_rows].copy())
    return a, b


@settings(max_examples=40, deadline=None)
@given(V=st.integers(2, 40), H=st.integers(1, 6), steps=st.integers(1, 4), seed=st.integers(0, 2 ** 16),
       chunk=st.sampled_from([1, 3, 2048]))
def test_adam_on_the_dense_form_is_bitwise_the_lazy_row_update(V, H, steps, seed, chunk):
    rng = np.random.default_rng(seed)
    W0 = rng.standard_normal((V, H)).astype(np.float32)
    W_dense, W_rows = W0.copy(), W0.copy()
    opt_dense, opt_rows = Adam(0.05), Adam(0.05)
    opt_dense.ROW_CHUNK = opt_rows.ROW_CHUNK = chunk
    for step in range(steps):
        touched = np.flatnonzero(rng.random(V) < 0.6)
        a, b = _dense_and_rows(V, H, touched, seed + step)
        before = W_dense.copy(), opt_dense.m, opt_dense.v
        m_before = None if opt_dense.m is None else opt_dense.m[0].copy()
        opt_dense.update([W_dense], [a])
        opt_rows.update([W_rows], [b])
        np.testing.assert_array_equal(W_dense, W_rows)
        np.testing.assert_array_equal(opt_dense.m[0], opt_rows.m[0])
        np.testing.assert_array_equal(opt_dense.v[0], opt_rows.v[0])
        untouched = np.setdiff1d(np.arange(V), touched)
        np.testing.assert_array_equal(W_dense[untouched], before[0][untouched])   # lazy: 그대로
        if m_before is not None:
            np.testing.assert_array_equal(opt_dense.m[0][untouched], m_before[untouched])


def test_sgd_on_the_dense_form_is_bitwise_the_row_update():
    a, b = _dense_and_rows(9, 4, [0, 3, 4, 8], seed=3)
    W0 = np.random.default_rng(4).standard_normal((9, 4)).astype(np.float32)
    W_dense, W_rows = W0.copy(), W0.copy()
    SGD(0.1).update([W_dense], [a])
    SGD(0.1).update([W_rows], [b])
    np.testing.assert_array_equal(W_dense, W_rows)
    np.testing.assert_array_equal(W_dense[[1, 2, 5, 6, 7]], W0[[1, 2, 5, 6, 7]])
    assert W_dense.dtype == np.float32


def test_clip_grads_scales_the_dense_form_like_the_row_form():
    a, b = _dense_and_rows(9, 4, [0, 3, 4, 8], seed=5)
    clip_grads([a], 0.5)
    clip_grads([b], 0.5)
    np.testing.assert_allclose(a.to_dense(), b.to_dense(), rtol=1e-6)
    assert np.sqrt(np.sum(a.to_dense().astype(np.float64) ** 2)) == pytest.approx(0.5, rel=1e-5)


@pytest.mark.parametrize("shrink", [True, False], ids=["shrink", "fixed"])
def test_cbow_training_is_the_same_in_both_forms(monkeypatch, shrink):
    rng = np.random.default_rng(0)
    corpus = rng.integers(0, 30, size=1_500)
    contexts, target = create_contexts_target(corpus, 2)
    vectors = []
    for per_row in (DENSE, ROWS):
        monkeypatch.setattr(BatchRows, "DENSE_ROW_FRACTION", per_row)
        model = CBOW(30, 8, 2, corpus, rng=1, shrink_window=shrink)
        Trainer(model, Adam(0.01), rng=2).fit(contexts, target, max_epoch=2, batch_size=200, progress=False)
        assert model.grads[0].dense is None if per_row == ROWS else model.grads[0].dense is not None
        vectors.append(model.word_vecs.copy())
    np.testing.assert_allclose(vectors[0], vectors[1], rtol=1e-5, atol=1e-6)


def test_default_threshold_picks_dense_for_the_books_big_batch_and_rows_for_batch_100():
    V = 10_000
    rng = np.random.default_rng(0)
    assert BatchRows.regular(rng.integers(0, V, size=(32_000, 6)), V).rows is None
    assert BatchRows.regular(rng.integers(0, V, size=(100, 6)), V).rows is not None


def test_default_threshold_picks_rows_when_many_pairs_touch_few_rows():
    """쌍이 V의 몇 배여도 서로 다른 행이 적으면(긴 꼬리의 큰 어휘) 행 형태: (U, H)만 다룹니다."""
    V = 40_000
    rng = np.random.default_rng(0)
    batch = BatchRows.regular(rng.integers(0, V // 4, size=(32_000, 6)), V)   # 쌍 19만 개, 행은 V의 25%만
    assert batch.rows is not None and batch.num_unique == V // 4
    idx = rng.integers(0, V, size=(64_000, 6))
    dense = BatchRows.regular(idx, V)
    assert dense.rows is None
    np.testing.assert_array_equal(np.flatnonzero(dense.touched_mask()), np.unique(idx))
