"""기울기 형(:class:`~w2vlib.scatter.SparseRowGrad`의 행·밀집 형태, :class:`~w2vlib.scatter.ArrayGrad`)의 메서드:
같은 기울기를 어느 형태로 담아도 ``squared_norm``, ``scale``, ``apply_rows``가 같은 값을 내는지 (hypothesis),
그리고 옵티마이저·기울기 자르기가 그 메서드만으로 같은 갱신을 하는지."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib.optimizers import SGD, Adam
from w2vlib.scatter import ArrayGrad, BatchRows, SparseRowGrad, as_grad
from w2vlib.trainer import clip_grads

FAST = settings(max_examples=40, deadline=None, database=None)


def three_forms(V, H, touched_rows, seed, dtype=np.float32):
    """같은 기울기를 밀집 형태, 행 형태, 밀집 배열(ArrayGrad) 세 가지로. 건드리지 않은 행은 0."""
    rng = np.random.default_rng(seed)
    array = np.zeros((V, H), dtype=dtype)
    array[touched_rows] = rng.standard_normal((len(touched_rows), H)).astype(dtype)
    touched = np.zeros(V, dtype=bool)
    touched[touched_rows] = True
    dense, rows = SparseRowGrad((V, H)), SparseRowGrad((V, H))
    dense.set_dense(array.copy(), touched)
    rows.set(np.asarray(touched_rows, dtype=np.int64), array[touched_rows].copy())
    return dense, rows, array


grad_cases = st.integers(2, 30).flatmap(lambda V: st.tuples(
    st.just(V), st.integers(1, 6), st.lists(st.integers(0, V - 1), unique=True, max_size=V).map(sorted),
    st.integers(0, 2 ** 16)))


@FAST
@given(case=grad_cases, factor=st.floats(0.0, 3.0))
def test_squared_norm_and_scale_are_the_same_in_every_form(case, factor):
    V, H, touched, seed = case
    dense, rows, array = three_forms(V, H, touched, seed)
    wrapped = as_grad(array)
    assert isinstance(wrapped, ArrayGrad) and wrapped.to_array() is array      # 복사 없이 감쌈
    # 두 희소 형태는 건드린 행만 같은 순서로 더해 비트 단위로 같고, 모든 행을 더하는 밀집 배열은 합의 순서만 다름
    assert dense.squared_norm() == rows.squared_norm() == float(np.sum(array[touched].astype(np.float64) ** 2))
    assert wrapped.squared_norm() == pytest.approx(rows.squared_norm(), rel=1e-12, abs=0)
    for g in (dense, rows, wrapped):
        g.scale(factor)
    assert (dense.dense is not None) and (rows.dense is None)                  # 배율은 형태를 바꾸지 않음
    np.testing.assert_array_equal(dense.to_dense(), rows.to_dense())
    np.testing.assert_array_equal(dense.to_dense(), array)                      # ArrayGrad는 제자리에서
    np.testing.assert_array_equal(rows.to_array(), rows.to_dense())


@FAST
@given(case=grad_cases, block=st.sampled_from([None, 1, 2, 5, 4096]))
def test_apply_rows_touches_exactly_the_touched_rows_in_both_forms(case, block):
    V, H, touched, seed = case
    dense, rows, _ = three_forms(V, H, touched, seed)
    rng = np.random.default_rng(seed + 1)
    W0, S0 = rng.standard_normal((V, H)).astype(np.float32), rng.standard_normal((V, H)).astype(np.float32)
    results = []
    for g in (dense, rows):
        W, S = W0.copy(), S0.copy()
        seen = []

        def update(W_rows, S_rows, g_rows):
            seen.append(len(g_rows))
            S_rows *= 0.5
            S_rows += g_rows
            W_rows -= 0.1 * S_rows

        g.apply_rows(update, [W, S], block=block)
        results.append((W, S))
        untouched = np.setdiff1d(np.arange(V), touched)
        np.testing.assert_array_equal(W[untouched], W0[untouched])             # 건드리지 않은 행은 그대로
        np.testing.assert_array_equal(S[untouched], S0[untouched])
        if block is not None:
            assert max(seen, default=0) <= block
    (W_a, S_a), (W_b, S_b) = results
    np.testing.assert_array_equal(W_a, W_b)                                     # 두 형태가 비트 단위로 같음
    np.testing.assert_array_equal(S_a, S_b)
    expected_W, expected_S = W0.copy(), S0.copy()                               # 기준: 건드린 행마다 한 줄씩
    g_dense = rows.to_dense()
    for r in touched:
        expected_S[r] = expected_S[r] * np.float32(0.5) + g_dense[r]
        expected_W[r] = expected_W[r] - np.float32(0.1) * expected_S[r]
    np.testing.assert_allclose(W_a, expected_W, rtol=1e-6, atol=1e-6)


def test_apply_rows_of_an_array_grad_updates_every_row_at_once():
    array = np.arange(6, dtype=np.float64).reshape(3, 2)
    W = np.ones((3, 2))
    calls = []
    ArrayGrad(array).apply_rows(lambda W_rows, g_rows: (calls.append(W_rows.shape), W_rows.__isub__(g_rows)), [W],
                                block=1)
    assert calls == [(3, 2)]                                                    # block은 무시 (한 번에)
    np.testing.assert_array_equal(W, 1 - array)


@FAST
@given(case=grad_cases, steps=st.integers(1, 3), lr=st.sampled_from([0.01, 0.3]))
def test_optimizers_give_the_same_update_from_every_form_on_touched_rows(case, steps, lr):
    """SGD: 세 형태가 비트 단위로 같음. lazy Adam: 두 희소 형태가 비트 단위로 같고 건드리지 않은 행은 그대로."""
    V, H, touched, seed = case
    W0 = np.random.default_rng(seed + 2).standard_normal((V, H)).astype(np.float32)
    Ws = [W0.copy() for _ in range(3)]
    sgds = [SGD(lr) for _ in range(3)]
    adams, Wa = [Adam(lr), Adam(lr)], [W0.copy(), W0.copy()]
    for step in range(steps):
        dense, rows, array = three_forms(V, H, touched, seed + step)
        for W, opt, g in zip(Ws, sgds, (dense, rows, array)):
            opt.update([W], [g])
        for W, opt, g in zip(Wa, adams, (dense, rows)):
            opt.update([W], [g])
    np.testing.assert_array_equal(Ws[0], Ws[1])
    np.testing.assert_array_equal(Ws[0], Ws[2])
    np.testing.assert_array_equal(Wa[0], Wa[1])
    np.testing.assert_array_equal(adams[0].m[0], adams[1].m[0])
    untouched = np.setdiff1d(np.arange(V), touched)
    np.testing.assert_array_equal(Wa[0][untouched], W0[untouched])


@FAST
@given(case=grad_cases, max_norm=st.floats(0.01, 5.0))
def test_clip_grads_gives_the_same_result_for_every_form(case, max_norm):
    V, H, touched, seed = case
    forms = three_forms(V, H, touched, seed)
    clipped = []
    for g in forms:
        clip_grads([g], max_norm)
        clipped.append(as_grad(g).to_array())
    np.testing.assert_array_equal(clipped[0], clipped[1])                      # 두 희소 형태: 비트 단위로 같음
    np.testing.assert_allclose(clipped[0], clipped[2], rtol=1e-6, atol=0)       # 밀집 배열: 노름의 합 순서만 다름
    norm = np.sqrt(np.sum(clipped[0].astype(np.float64) ** 2))
    assert norm <= max_norm * (1 + 1e-5)


@pytest.mark.parametrize("per_row", [0.0, float("inf")], ids=["dense", "rows"])
def test_batch_rows_only_returns_values_and_the_grad_stores_them(monkeypatch, per_row):
    """BatchRows는 기울기를 모릅니다: scatter가 값을 돌려주고, SparseRowGrad.set_from_batch가 저장합니다."""
    monkeypatch.setattr(BatchRows, "DENSE_ROW_FRACTION", per_row)
    rng = np.random.default_rng(3)
    V, H = 10, 3
    idx = rng.integers(0, 5, size=(8, 2))
    coef = rng.standard_normal(idx.size).astype(np.float32)
    x = rng.standard_normal((8, H)).astype(np.float32)
    batch = BatchRows.regular(idx, V)
    assert not hasattr(batch, "store")
    values = batch.scatter(coef, x)
    g = SparseRowGrad((V, H))
    g.set_from_batch(batch, values)
    assert (g.dense is not None) == (per_row == 0.0)
    expected = np.zeros((V, H))
    for (n, j), c in zip(np.ndindex(*idx.shape), coef):
        expected[idx[n, j]] += c * x[n]
    np.testing.assert_allclose(g.to_dense(), expected, rtol=1e-5, atol=1e-6)
