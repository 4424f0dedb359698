"""저장하지 않는 무작위 순열 (w2vlib.permutation.KeyedPermutation): 전단사, 재현성, 고른 분포 (카이제곱), 잘못된 입력."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chisquare

from w2vlib.permutation import KeyedPermutation


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 5000), seed=st.integers(0, 2**32 - 1))
def test_every_position_maps_to_a_different_element(n, seed):
    perm = KeyedPermutation(n, seed)
    out = perm(np.arange(n))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(np.sort(out), np.arange(n))


@settings(max_examples=100, deadline=None)
@given(n=st.integers(2, 3000), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_any_slice_of_positions_gives_the_same_elements_as_the_whole_order(n, seed, data):
    """배치마다 따로 계산해도 (일꾼마다, 순서 없이) 순열 전체를 잘라 낸 것과 같습니다."""
    a = data.draw(st.integers(0, n - 1))
    b = data.draw(st.integers(a, n))
    whole = KeyedPermutation(n, seed)(np.arange(n))
    np.testing.assert_array_equal(KeyedPermutation(n, seed)(np.arange(a, b)), whole[a:b])
    picked = data.draw(st.lists(st.integers(0, n - 1), max_size=50))
    np.testing.assert_array_equal(KeyedPermutation(n, seed)(np.array(picked, dtype=np.int64)), whole[picked])


def test_same_seed_same_order_and_other_seeds_other_orders():
    n = 1000
    first = KeyedPermutation(n, [7, 0])(np.arange(n))
    np.testing.assert_array_equal(KeyedPermutation(n, [7, 0])(np.arange(n)), first)
    others = [KeyedPermutation(n, [7, e])(np.arange(n)) for e in range(1, 6)]
    assert all(not np.array_equal(o, first) for o in others)
    # 섞였는지: 제자리에 남는 원소는 평균 1개 (무작위 순열의 고정점), 위치와 원소의 순위 상관은 0 근처
    for o in [first] + others:
        assert np.sum(o == np.arange(n)) < 10
        assert abs(np.corrcoef(np.arange(n), o)[0, 1]) < 0.15


@pytest.mark.parametrize("n", [5, 7, 100])
def test_each_element_lands_on_each_position_equally_often(n):
    """시드를 바꿔 가며 원소 i가 자리 j에 오는 횟수 (n × n 표)가 고릅니다 (카이제곱, 시드가 고정이라 결과가 늘 같음)."""
    seeds = 40 * n
    counts = np.zeros((n, n))
    for s in range(seeds):
        counts[np.arange(n), KeyedPermutation(n, s)(np.arange(n))] += 1
    assert chisquare(counts.ravel()).pvalue > 1e-3


def test_pairs_of_positions_are_not_tied_together():
    """자리 0과 1에 오는 원소의 쌍 (6 × 5가지)도 고릅니다: 이웃한 위치가 묶여 움직이지 않습니다."""
    n = 6
    pairs = np.zeros((n, n))
    for s in range(6000):
        a, b = KeyedPermutation(n, [s, 1])(np.arange(2))
        pairs[a, b] += 1
    off_diagonal = pairs[~np.eye(n, dtype=bool)]
    assert pairs.trace() == 0
    assert chisquare(off_diagonal).pvalue > 1e-3


def test_huge_n_needs_no_memory_per_element():
    n = 2**40 + 3
    out = KeyedPermutation(n, 1)(np.array([0, 1, 2, n - 1], dtype=np.int64))
    assert len(np.unique(out)) == 4 and out.min() >= 0 and out.max() < n


def test_bad_input_names_the_argument():
    perm = KeyedPermutation(10, 0)
    with pytest.raises(ValueError, match="positions"):
        perm(np.array([0, 10]))
    with pytest.raises(ValueError, match="positions"):
        perm(np.array([-1]))
    with pytest.raises(TypeError, match="positions"):
        perm(np.array([0.5]))
    with pytest.raises(ValueError, match="n"):
        KeyedPermutation(0, 0)
    assert perm(np.zeros(0, dtype=np.int64)).shape == (0,)
