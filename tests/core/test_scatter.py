"""w2vlib.scatter: 모든 scatter-add 방법이 파이썬 루프 기준 구현과 같은 결과를 내는지."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib.book.scatter_methods import METHODS, add_rows_loop
from w2vlib.scatter import SparseRowGrad, sum_rows


def naive_loop(shape, idx, values, start=None):
    """테스트 안에서 직접 쓴 기준: 한 행씩 더합니다 (w2vlib에 의존하지 않음)."""
    out = np.zeros(shape, dtype=values.dtype) if start is None else start.copy()
    for i in range(len(idx)):
        out[idx[i]] += values[i]
    return out


def heavy_repeat_data(seed, V=20, H=7, n=500, dtype=np.float64):
    rng = np.random.default_rng(seed)
    # 지프 분포처럼 몇몇 행에 몰리도록: 절반은 행 0~2에서, 나머지는 전체에서
    idx = np.where(rng.random(n) < 0.5, rng.integers(0, 3, n), rng.integers(0, V, n))
    values = rng.standard_normal((n, H)).astype(dtype)
    start = rng.standard_normal((V, H)).astype(dtype)
    return idx, values, start


def test_data_really_has_heavy_repetition():
    idx, values, start = heavy_repeat_data(0)
    assert np.bincount(idx).max() > 50
    wrong = start.copy()
    wrong[idx] += values  # 덮어쓰기 버그: 중복 행은 마지막 값만 더해짐
    assert not np.allclose(wrong, naive_loop(start.shape, idx, values, start))


def test_loop_reference_matches_naive():
    idx, values, start = heavy_repeat_data(1)
    target = start.copy()
    add_rows_loop(target, idx, values)
    np.testing.assert_allclose(target, naive_loop(start.shape, idx, values, start), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", list(METHODS))
def test_every_method_equals_loop(name, seed, dtype):
    idx, values, start = heavy_repeat_data(seed, dtype=dtype)
    expected = naive_loop(start.shape, idx, values, start)
    target = start.copy()
    assert METHODS[name](target, idx, values) is None  # 제자리 수정
    assert target.dtype == dtype
    tol = 1e-10 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(target, expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", list(METHODS))
def test_every_method_with_unique_and_empty_idx(name):
    rng = np.random.default_rng(5)
    values = rng.standard_normal((4, 3))
    target = np.zeros((6, 3))
    METHODS[name](target, np.array([5, 0, 2, 3]), values)
    expected = np.zeros((6, 3))
    expected[[5, 0, 2, 3]] = values
    np.testing.assert_allclose(target, expected, rtol=1e-12, atol=0)
    METHODS[name](target, np.zeros(0, dtype=np.int64), np.zeros((0, 3)))
    np.testing.assert_allclose(target, expected, rtol=1e-12, atol=0)


def test_methods_table_has_four_entries():
    assert len(METHODS) == 4
    assert all(callable(f) for f in METHODS.values())


def test_sum_rows_returns_sorted_unique_rows_and_sums():
    idx, values, _ = heavy_repeat_data(3)
    rows, summed = sum_rows(idx, values)
    np.testing.assert_array_equal(rows, np.unique(idx))
    assert np.all(np.diff(rows) > 0)  # 엄격히 오름차순 = 정렬 + 고유
    assert summed.shape == (len(rows), values.shape[1]) and summed.dtype == values.dtype
    for r, s in zip(rows, summed):
        np.testing.assert_allclose(s, values[idx == r].sum(axis=0), rtol=1e-10, atol=1e-10)


def test_sparse_row_grad_to_dense_equals_loop():
    idx, values, _ = heavy_repeat_data(4, V=30, H=5, n=300)
    g = SparseRowGrad((30, 5))
    g.set_from_scatter(idx, values)
    dense = g.to_dense()
    assert dense.shape == (30, 5)
    np.testing.assert_allclose(dense, naive_loop((30, 5), idx, values), rtol=1e-10, atol=1e-10)
    np.testing.assert_array_equal(g.rows, np.unique(idx))
    assert "30" in repr(g)


def test_sparse_row_grad_accepts_2d_idx():
    rng = np.random.default_rng(7)
    idx = rng.integers(0, 4, size=(10, 3))
    dout = rng.standard_normal((10, 3, 2))
    g = SparseRowGrad((4, 2))
    g.set_from_scatter(idx, dout)
    np.testing.assert_allclose(g.to_dense(), naive_loop((4, 2), idx.reshape(-1), dout.reshape(-1, 2)),
                               rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(lengths=st.lists(st.integers(0, 6), min_size=1, max_size=30), H=st.integers(1, 5), seed=st.integers(0, 2 ** 16))
def test_segment_sum_equals_a_loop_over_segments(lengths, H, seed):
    """구간마다의 행 합 = 파이썬 루프 (빈 구간은 0; np.add.reduceat은 빈 구간에서 틀린 값을 냅니다)."""
    from w2vlib.scatter import segment_sum
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    values = np.random.default_rng(seed).standard_normal((int(indptr[-1]), H)).astype(np.float32)
    got = segment_sum(values, indptr)
    assert got.shape == (len(lengths), H) and got.dtype == np.float32
    for n in range(len(lengths)):
        np.testing.assert_allclose(got[n], values[indptr[n]:indptr[n + 1]].sum(axis=0), rtol=1e-5, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 5), min_size=1, max_size=25), V=st.integers(1, 12), H=st.integers(1, 4),
       seed=st.integers(0, 2 ** 16))
def test_set_from_segments_equals_a_loop_over_pairs(counts, V, H, seed):
    """``set_from_segments``: 쌍 m이 예시 순서로 counts[n] 개씩 놓일 때 dW[idx[m]] += coef[m]·x[n] (파이썬 루프 기준;
    행이 적으면 밀집 형태, 많으면 행 형태로 저장되지만 뜻은 같음)."""
    rng = np.random.default_rng(seed)
    M = sum(counts)
    idx, coef = rng.integers(0, V, size=M), rng.standard_normal(M)
    x = rng.standard_normal((len(counts), H))
    source = np.repeat(np.arange(len(counts)), counts)
    g = SparseRowGrad((V, H))
    g.set_from_segments(idx, coef, np.asarray(counts), x)
    np.testing.assert_allclose(g.to_dense(), naive_loop((V, H), idx, coef[:, None] * x[source]), rtol=1e-12, atol=1e-12)
