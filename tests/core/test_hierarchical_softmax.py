"""계층적 소프트맥스: 허프만 트리의 성질(접두사 없는 유일한 부호, 최적성, 엔트로피와 1비트 이내, 결정적 동점
처리, 내부 노드 V−1개), ``paths``의 벡터화, 확률의 합 = 1 (``word_probabilities``와 독립 계산), 손실 =
−평균 log P, 수치 미분 검사 (손실 계층, CBOW·SkipGram의 ``loss='hs'``), 잘못된 입력의 한국어 오류, 명령줄 학습."""
from __future__ import annotations

import functools
import itertools
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from w2vlib import ptb
from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss, HuffmanTree
from w2vlib.models import CBOW, SkipGram
from w2vlib.scatter import SparseRowGrad

TOL = 1e-7  # float64 중심 차분의 상대 오차 허용치
HANGUL = re.compile("[가-힣]")
ROOT = Path(__file__).resolve().parents[2]


def _rng(seed=0):
    return np.random.default_rng(seed)


def code_str(tree, w):
    return "".join(map(str, tree.codes[w]))


def entropy_bits(counts):
    p = np.asarray(counts, dtype=np.float64)
    p = p[p > 0] / p.sum()
    return float(-np.sum(p * np.log2(p)))


def random_counts(kind, V, seed):
    rng = _rng(seed)
    if kind == "uniform":
        return rng.integers(1, 1_000, size=V)
    if kind == "zipf":
        return np.maximum(1, (100_000 / np.arange(1, V + 1))).astype(np.int64)[rng.permutation(V)]
    if kind == "skewed":                                 # 아주 흔한 단어 하나 + 드문 단어들 (L이 H에 가깝지 않은 경우)
        c = rng.integers(1, 5, size=V)
        c[rng.integers(V)] = 10 ** 6
        return c
    if kind == "with_zeros":
        c = rng.integers(0, 50, size=V)
        c[:2] = [0, 7]
        return c
    raise ValueError(kind)


def ptb_counts():
    """PTB train의 단어 빈도 (V,). 내려받지 않고, 이미 있는 파일만 씁니다 (없으면 건너뜀)."""
    name = ptb.FILES["train"]
    folder = Path(os.environ[ptb.ENV_DIR]) if os.environ.get(ptb.ENV_DIR) else ptb.cache_dir()
    if not (folder / name).is_file():
        pytest.skip(f"PTB 데이터가 없습니다 ({folder / name}): {ptb.ENV_DIR} 환경 변수를 설정하면 실행됩니다")
    corpus, word_to_id, _ = ptb.load_data("train")
    return np.bincount(corpus, minlength=len(word_to_id))


# --------------------------------------------------------------------------- 작은 트리 (손으로 확인)

def test_two_words():
    tree = HuffmanTree([3, 5])
    assert [code_str(tree, w) for w in range(2)] == ["0", "1"]     # 작은 쪽이 0
    assert [list(p) for p in tree.points] == [[0], [0]]            # 내부 노드는 뿌리 하나 (번호 V−2 = 0)
    tree = HuffmanTree([5, 3])
    assert [code_str(tree, w) for w in range(2)] == ["1", "0"]


def test_three_words():
    # (1, w0) + (2, w1) → n0 (3). 동점 (3, w2)와 (3, n0)에서는 잎 w2가 먼저 → 부호 0
    tree = HuffmanTree([1, 2, 3])
    assert [code_str(tree, w) for w in range(3)] == ["10", "11", "0"]
    assert [list(p) for p in tree.points] == [[1, 0], [1, 0], [1]]
    assert list(tree.lengths) == [2, 2, 1]


def test_tie_breaking_prefers_leaves_by_id_then_older_inner_nodes():
    # 잎 w1, w2 (빈도 1) → n0 (2). 동점 (2, w0)과 (2, n0): 잎이 먼저
    tree = HuffmanTree([2, 1, 1])
    assert [code_str(tree, w) for w in range(3)] == ["0", "10", "11"]
    # 빈도가 모두 같으면 단어 ID 순으로 짝지어짐
    tree = HuffmanTree([1, 1, 1, 1])
    assert [code_str(tree, w) for w in range(4)] == ["00", "01", "10", "11"]
    tree = HuffmanTree(np.ones(6, dtype=np.int64))
    assert [code_str(tree, w) for w in range(6)] == ["100", "101", "110", "111", "00", "01"]
    assert np.all(HuffmanTree(np.ones(8, dtype=np.int64)).lengths == 3)


def test_construction_is_deterministic():
    counts = random_counts("uniform", 300, 1) // 100           # 동점이 많음
    a, b = HuffmanTree(counts), HuffmanTree(counts.copy())
    for w in range(300):
        np.testing.assert_array_equal(a.codes[w], b.codes[w])
        np.testing.assert_array_equal(a.points[w], b.points[w])


# --------------------------------------------------------------------------- 최적성·엔트로피

def test_textbook_example_lengths():
    """Cormen 외, 《Introduction to Algorithms》 의 예 (a..f = 45, 13, 12, 16, 9, 5): 길이 1, 3, 3, 3, 4, 4."""
    counts = np.array([45, 13, 12, 16, 9, 5])
    tree = HuffmanTree(counts)
    assert list(tree.lengths) == [1, 3, 3, 3, 4, 4]
    assert tree.expected_length(counts / 100) == pytest.approx(2.24, rel=1e-12)
    assert [code_str(tree, w) for w in range(6)] == ["0", "101", "100", "111", "1101", "1100"]


@functools.lru_cache(maxsize=None)
def optimal_cost(weights: tuple) -> int:
    """가능한 모든 합치기 순서(임의의 두 노드)를 다 해 본 최소 비용 Σ 합친 빈도 = 최적 접두사 부호의 Σ count·길이."""
    if len(weights) == 1:
        return 0
    best = None
    for i, j in itertools.combinations(range(len(weights)), 2):
        rest = [w for k, w in enumerate(weights) if k not in (i, j)]
        merged = weights[i] + weights[j]
        cost = merged + optimal_cost(tuple(sorted(rest + [merged])))
        best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_huffman_is_optimal_against_brute_force(seed):
    rng = _rng(seed)
    V = int(rng.integers(2, 8))
    counts = rng.integers(1, 30, size=V)
    tree = HuffmanTree(counts)
    assert int(np.dot(counts, tree.lengths)) == optimal_cost(tuple(sorted(int(c) for c in counts)))


@pytest.mark.parametrize("kind", ["uniform", "zipf", "skewed", "with_zeros"])
@pytest.mark.parametrize("V", [2, 3, 17, 1000])
def test_expected_length_within_one_bit_of_entropy(kind, V):
    counts = random_counts(kind, V, seed=V)
    tree = HuffmanTree(counts)
    p = counts / counts.sum()
    H, L = entropy_bits(counts), tree.expected_length(p)
    assert H - 1e-12 <= L
    if np.all(counts > 0):
        assert L < H + 1
    else:                                                       # 빈도 0인 단어도 부호를 받으므로 H + 1에 닿을 수 있음
        assert L <= H + 1                                       # 예: 빈도 [0, 7] → H = 0, L = 1


def test_expected_length_within_one_bit_of_entropy_on_ptb():
    counts = ptb_counts()
    tree = HuffmanTree(counts)
    p = counts / counts.sum()
    H, L = entropy_bits(counts), tree.expected_length(p)
    assert H <= L < H + 1
    assert L < np.log2(len(counts)) < tree.lengths.mean()      # 토큰 평균 < log₂V < 단어 종류 평균
    assert L == pytest.approx(float(np.sum(p * tree.lengths)), rel=1e-12)


# --------------------------------------------------------------------------- 트리의 구조

@pytest.mark.parametrize("kind", ["uniform", "zipf", "with_zeros"])
def test_codes_are_unique_and_prefix_free(kind):
    tree = HuffmanTree(random_counts(kind, 200, seed=3))
    codes = [code_str(tree, w) for w in range(200)]
    assert len(set(codes)) == len(codes)
    for a, b in itertools.permutations(codes, 2):
        assert not b.startswith(a)
    # 크래프트 등식: 모든 내부 노드의 자식이 둘 → Σ 2^(−L) = 1 (정수 산술)
    L_max = int(tree.lengths.max())
    assert sum(2 ** (L_max - int(length)) for length in tree.lengths) == 2 ** L_max


@pytest.mark.parametrize("V", [2, 3, 10, 257])
def test_inner_nodes_are_v_minus_1_each_used_with_two_children(V):
    tree = HuffmanTree(random_counts("uniform", V, seed=V))
    children = {}                                                # (내부 노드, 부호) → 다음 노드 또는 잎
    for w in range(V):
        points, codes = tree.points[w], tree.codes[w]
        assert len(points) == len(codes) == tree.lengths[w] >= 1
        assert points[0] == V - 2                                # 모든 길이 뿌리에서 시작
        assert len(set(points.tolist())) == len(points)          # 한 길에서 같은 노드를 두 번 지나지 않음
        for j, (k, c) in enumerate(zip(points, codes)):
            nxt = ("내부", int(points[j + 1])) if j + 1 < len(points) else ("잎", w)
            assert children.setdefault((int(k), int(c)), nxt) == nxt   # 같은 갈림길·방향이면 같은 자식
    assert set(children) == {(k, c) for k in range(V - 1) for c in (0, 1)}   # V−1개 모두, 자식 둘씩
    leaves = [n for n in children.values() if n[0] == "잎"]
    inner = [n for n in children.values() if n[0] == "내부"]
    assert sorted(i for _, i in leaves) == list(range(V))       # 잎마다 부모가 정확히 하나
    assert sorted(i for _, i in inner) == list(range(V - 2))    # 뿌리 말고 모든 내부 노드에 부모가 하나
    np.testing.assert_array_equal(tree.offsets, np.r_[0, np.cumsum(tree.lengths)])
    np.testing.assert_array_equal(tree.flat_nodes, np.concatenate(tree.points))
    np.testing.assert_array_equal(tree.flat_codes, np.concatenate(tree.codes))


@pytest.mark.parametrize("N", [0, 1, 13, 200])
def test_paths_matches_python_loop(N):
    V = 40
    tree = HuffmanTree(random_counts("zipf", V, seed=5))
    words = _rng(N).integers(0, V, size=N)
    if N:
        words[: N // 2] = words[0]                              # 반복되는 단어
    example, nodes, codes = tree.paths(words)
    loop = [(i, int(k), int(c)) for i, w in enumerate(words) for k, c in zip(tree.points[w], tree.codes[w])]
    assert list(zip(example.tolist(), nodes.tolist(), codes.tolist())) == loop
    assert len(example) == int(tree.lengths[words].sum())


# --------------------------------------------------------------------------- 확률

def brute_force_probabilities(tree, W, h):
    """트리의 codes/points를 직접 따라가며 P(w | h) = Π σ((1 − 2c)·W[n]·h)를 원소 하나씩 계산 (N, V)."""
    V = tree.vocab_size
    P = np.ones((len(h), V))
    for i in range(len(h)):
        for w in range(V):
            for k, c in zip(tree.points[w], tree.codes[w]):
                s = float(np.dot(W[k], h[i]))
                P[i, w] *= 1.0 / (1.0 + np.exp(-s)) if c == 0 else 1.0 / (1.0 + np.exp(s))
    return P


@pytest.mark.parametrize("V", [2, 3, 7, 60])
@pytest.mark.parametrize("kind", ["uniform", "zipf"])
def test_probabilities_sum_to_one(V, kind):
    H = 5
    rng = _rng(V)
    W = 1.5 * rng.standard_normal((V, H))
    h = rng.standard_normal((4, H))
    layer = HierarchicalSoftmaxLoss(W, random_counts(kind, V, seed=V))
    P = layer.word_probabilities(h)
    assert P.shape == (4, V) and np.all(P > 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    brute = brute_force_probabilities(layer.tree, W, h)
    np.testing.assert_allclose(brute.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(P, brute, rtol=1e-10, atol=1e-15)


def test_probabilities_sum_to_one_on_a_large_vocabulary():
    V, H = 3000, 20
    rng = _rng(11)
    layer = HierarchicalSoftmaxLoss(rng.standard_normal((V, H)), random_counts("zipf", V, seed=2))
    P = layer.word_probabilities(rng.standard_normal((3, H)))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-11)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_loss_is_mean_negative_log_probability(dtype):
    V, H, N = 25, 6, 30
    rng = _rng(4)
    W = rng.standard_normal((V, H)).astype(dtype)
    h = rng.standard_normal((N, H)).astype(dtype)
    target = rng.integers(0, V, size=N)
    target[:10] = 3                                              # 반복되는 타깃
    layer = HierarchicalSoftmaxLoss(W, random_counts("zipf", V, seed=4))
    P = brute_force_probabilities(layer.tree, W.astype(np.float64), h.astype(np.float64))
    expected = -np.mean(np.log(P[np.arange(N), target]))
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    assert layer.forward(h, target) == pytest.approx(expected, rel=rtol)
    np.testing.assert_allclose(layer.word_probabilities(h.astype(np.float64)), P, rtol=1e-10)


# --------------------------------------------------------------------------- 수치 미분

@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("rows", ["V", "V-1"])
@pytest.mark.parametrize("dout", [1.0, 2.5])
@pytest.mark.parametrize("shared_run", [HierarchicalSoftmaxLoss.SHARED_RUN, 2], ids=["pairs", "shared-paths"])
def test_layer_gradients_match_numerical(sparse, rows, dout, shared_run):
    """shared_run = 2이면 두 번 이상 나온 타깃(0, 5)은 길을 한 번 모으는 행렬 곱 경로, 나머지는 쌍 경로로 계산합니다."""
    V, H = 9, 4
    rng = _rng(7)
    W = rng.standard_normal((V if rows == "V" else V - 1, H))
    h = rng.standard_normal((8, H))
    target = np.array([0, 0, 5, 8, 0, 2, 5, 5])               # 반복되는 타깃 (뿌리는 모든 예시가 공유)
    layer = HierarchicalSoftmaxLoss(W, random_counts("zipf", V, seed=1), sparse=sparse)
    layer.SHARED_RUN = shared_run
    layer.forward(h, target)
    dh = layer.backward(dout)
    dW = layer.grads[0]
    assert isinstance(dW, SparseRowGrad) == sparse
    dW = dW.to_dense() if sparse else dW.copy()
    f = lambda: dout * layer.forward(h, target)                # noqa: E731
    num_h, num_W = numerical_gradient(f, h), numerical_gradient(f, W)
    assert np.abs(num_W).max() > 1e-3
    assert relative_error(dh, num_h) < TOL
    assert relative_error(dW, num_W) < TOL
    if rows == "V":
        assert np.all(dW[V - 1] == 0)                          # 내부 노드가 아닌 마지막 행


@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_overwrite_h_gives_the_same_loss_and_gradients_and_uses_h_as_workspace(dout):
    """``_forward(..., overwrite_h=True)`` (모델이 쓰는 경로): 정렬한 사본 대신 h 자리를 쓰고 역전파가 그 자리에 dh를
    씁니다. 손실·dh·dW는 h를 그대로 둔 경로와 같고, 같은 배치의 역전파를 다시 부르면 RuntimeError입니다."""
    V, H, N = 30, 5, 40
    rng = _rng(11)
    W = rng.standard_normal((V, H)).astype(np.float32)
    h = rng.standard_normal((N, H)).astype(np.float32)
    target = rng.integers(0, V, size=N)
    counts = random_counts("zipf", V, seed=2)
    kept = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    reused = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    workspace = h.copy()
    assert reused._forward(workspace, target, overwrite_h=True) == pytest.approx(kept.forward(h, target), rel=1e-6)
    assert not np.array_equal(workspace, h)                    # 순전파가 행을 정렬해 씀
    dh_kept, dh_reused = kept.backward(dout), reused.backward(dout)
    np.testing.assert_allclose(dh_reused, dh_kept, rtol=1e-6)
    if dout == 1.0:
        assert dh_reused is workspace or np.shares_memory(dh_reused, workspace)   # dh는 h 자리에
    np.testing.assert_array_equal(reused.grads[0].rows, kept.grads[0].rows)
    np.testing.assert_allclose(reused.grads[0].values, kept.grads[0].values, rtol=1e-6, atol=1e-7)
    with pytest.raises(RuntimeError):
        reused.backward(dout)
    kept.backward(dout)                                        # h를 그대로 둔 경로는 다시 부를 수 있음


def _batch_with_frequent_targets(seed, V=40, H=5, N=300):
    """타깃이 지프 분포인 배치: 몇몇 타깃은 SHARED_RUN(16) 번 넘게, 나머지는 한두 번 나옵니다."""
    rng = _rng(seed)
    W = rng.standard_normal((V, H)).astype(np.float32)
    h = rng.standard_normal((N, H)).astype(np.float32)
    p = 1.0 / np.arange(1, V + 1)
    target = rng.choice(V, size=N, p=p / p.sum())
    return W, h, target, random_counts("zipf", V, seed=seed)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sort_order_groups_by_code_length_then_shared_targets(seed):
    """``example_order``: 부호 길이 순, 같은 길이 안에서는 드문 타깃 뒤에 흔한 타깃(배치에 SHARED_RUN 번 이상)이
    타깃마다 연속으로 놓이는 순열입니다."""
    W, _, target, counts = _batch_with_frequent_targets(seed)
    layer = HierarchicalSoftmaxLoss(W, counts)
    order, keys = layer._sort_order(target)
    np.testing.assert_array_equal(np.sort(order), np.arange(len(target)))        # 순열
    t = target[order]
    shared = np.bincount(target, minlength=len(counts))[t] >= layer.SHARED_RUN
    assert shared.any() and not shared.all()
    np.testing.assert_array_equal(keys, 2 * layer.tree.lengths[t] + shared)
    assert np.all(np.diff(keys.astype(int)) >= 0)
    for word in np.unique(t[shared]):                                             # 흔한 타깃은 한 덩어리
        where = np.flatnonzero(t == word)
        assert where[-1] - where[0] + 1 == len(where)
    np.testing.assert_array_equal(layer.example_order(target), order)


@pytest.mark.parametrize("dout", [1.0, 2.5])
@pytest.mark.parametrize("given_order", ["example_order", "random"])
def test_presorted_forward_equals_the_sorting_forward(dout, given_order):
    """``presorted=True`` (CBOW가 맥락을 미리 정렬해 부르는 경로): 손실·dW는 정렬하는 경로와 같고, dh는 받은 순서의
    것입니다. 순서가 ``example_order``와 달라도 결과는 같습니다 (블록이 잘게 나뉠 뿐)."""
    W, h, target, counts = _batch_with_frequent_targets(5)
    sorting = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    presorted = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    order = presorted.example_order(target) if given_order == "example_order" else _rng(3).permutation(len(target))
    h_given = h[order]
    loss = presorted._forward(h_given, target[order], presorted=True)
    assert loss == pytest.approx(sorting.forward(h, target), rel=1e-5)
    np.testing.assert_array_equal(h_given, h[order])                               # h는 바꾸지 않음
    np.testing.assert_allclose(presorted.backward(dout), sorting.backward(dout)[order], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(presorted.grads[0].to_dense(), sorting.grads[0].to_dense(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_presorted_workspace_is_released_after_backward(dout):
    """CBOW의 경로 (``presorted=True, overwrite_h=True``): 값은 h를 그대로 둔 경로와 비트 단위로 같고, 역전파가 W의 기울기를
    구한 뒤 h를 놓아 같은 배치의 역전파를 다시 부르면 RuntimeError입니다. 노드 번호는 희소 행렬의 열과 같은 int32."""
    W, h, target, counts = _batch_with_frequent_targets(6)
    kept = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    released = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    assert released.tree.node_matrix.dtype == np.int32
    order = kept.example_order(target)
    loss_kept = kept._forward(h[order], target[order], presorted=True)
    assert released._forward(h[order], target[order], presorted=True, overwrite_h=True) == loss_kept
    np.testing.assert_array_equal(released.backward(dout), kept.backward(dout))
    np.testing.assert_array_equal(released.grads[0].to_dense(), kept.grads[0].to_dense())
    assert released.cache is None
    with pytest.raises(RuntimeError, match="forward"):
        released.backward(dout)
    kept.backward(dout)                                        # h를 그대로 둔 경로는 다시 부를 수 있음


def test_shared_paths_give_the_pair_paths_results():
    """흔한 타깃의 길을 한 번 모으는 경로(SHARED_RUN = 16)와 모든 예시를 쌍으로 계산하는 경로가 같은 손실·dh·dW."""
    W, h, target, counts = _batch_with_frequent_targets(7)
    shared = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    pairs = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    pairs.SHARED_RUN = len(target) + 1                                             # 공유 구간 없음
    assert np.bincount(target).max() >= shared.SHARED_RUN
    assert shared.forward(h, target) == pytest.approx(pairs.forward(h, target), rel=1e-5)
    np.testing.assert_allclose(shared.backward(), pairs.backward(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(shared.grads[0].to_dense(), pairs.grads[0].to_dense(), rtol=1e-5, atol=1e-6)


def test_backward_does_not_overflow_for_extreme_scores_in_float32():
    W = np.array([[100.0, 0.0], [100.0, 0.0]], dtype=np.float32)
    layer = HierarchicalSoftmaxLoss(W, [5, 3, 1], sparse=True)
    h = np.array([[-2.0, 0.0], [2.0, 0.0]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = layer.forward(h, np.array([0, 2]))
        dh = layer.backward()
    assert np.isfinite(loss) and np.all(np.isfinite(dh)) and np.all(np.isfinite(layer.grads[0].values))
    assert dh.dtype == np.float32 and layer.grads[0].values.dtype == np.float32


def make_model(cls, *, seed=0, **kw):
    """loss='hs' 모델의 가중치를 float64 복사본(큰 값)으로 바꿉니다."""
    V, H, win = 9, 4, 2
    rng = _rng(seed + 50)
    corpus = np.concatenate([np.arange(V), rng.integers(0, V, size=51)])
    model = cls(V, H, win, corpus, rng=seed, loss="hs", **kw)
    assert isinstance(model.loss_layer, HierarchicalSoftmaxLoss)
    W_in, W_out = (p.astype(np.float64) + 0.5 * rng.standard_normal(p.shape) for p in model.params)
    if isinstance(model, SkipGram):                    # CBOW는 W_in을 params[0]에서 바로 읽음
        model.in_layer.params[0] = W_in
    model.loss_layer.params[0] = W_out
    model.params[:] = [W_in, W_out]
    model.word_vecs = W_in
    return model


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
@pytest.mark.parametrize("shrink", [False, True], ids=["fixed", "shrink"])
@pytest.mark.parametrize("shared_run", [HierarchicalSoftmaxLoss.SHARED_RUN, 2], ids=["pairs", "shared-paths"])
def test_models_with_hs_match_numerical(cls, shrink, shared_run):
    """CBOW는 맥락의 행을 손실 계층의 순서(``example_order``)로 바꿔 은닉층을 만들고 ``presorted=True``로 넘깁니다."""
    model = make_model(cls, shrink_window=shrink, update_rule="book")
    model.loss_layer.SHARED_RUN = shared_run
    rng = _rng(9)
    contexts = rng.integers(0, 4, size=(8, 4))                 # 맥락 단어가 많이 반복됨
    target = np.array([3, 1, 3, 7, 3, 7, 0, 5])                # 반복되는 타깃 (CBOW의 공유 구간)
    order = model.loss_layer.example_order(target)
    assert not np.array_equal(order, np.arange(len(target)))   # CBOW가 맥락의 행을 실제로 바꿈
    state = model.rng.bit_generator.state

    def f():
        model.rng.bit_generator.state = state                  # 줄어드는 윈도우를 매번 같게
        return model.forward(contexts, target)

    f()
    model.backward()
    dW_in, dW_out = (g.to_dense() for g in model.grads)
    assert dW_in.dtype == np.float64 and dW_out.dtype == np.float64
    num_in, num_out = numerical_gradient(f, model.params[0]), numerical_gradient(f, model.params[1])
    assert np.abs(num_in).max() > 1e-3 and np.abs(num_out).max() > 1e-3
    assert relative_error(dW_in, num_in) < TOL
    assert relative_error(dW_out, num_out) < TOL


def test_cbow_hs_loss_and_gradient_use_each_examples_own_shrunk_window():
    """CBOW가 예시를 손실 계층의 순서로 바꿔도, 줄어든 윈도우는 바꾸기 전의 예시마다 뽑은 그 값입니다: 손실·dW_in이
    예시마다 직접 맥락 평균을 낸 파이썬 루프 기준과 같습니다."""
    model = make_model(CBOW, shrink_window=True, update_rule="book")
    model.loss_layer.SHARED_RUN = 2
    rng = _rng(12)
    n, w = 10, model.window_size
    contexts = rng.integers(0, 9, size=(n, 2 * w))
    target = np.array([3, 1, 3, 7, 3, 7, 0, 5, 3, 8])
    window = np.random.default_rng(_copy_state(model.rng)).integers(1, w + 1, size=n)   # 모델이 뽑을 윈도우
    loss = model.forward(contexts, target)
    model.backward()
    W_in, W_out = model.params
    ranks = np.concatenate([np.arange(w, 0, -1), np.arange(1, w + 1)])
    h = np.stack([W_in[contexts[i][ranks <= window[i]]].mean(axis=0) for i in range(n)])
    reference = HierarchicalSoftmaxLoss(W_out.copy(), np.ones(len(W_out), dtype=int))
    reference.tree = model.loss_layer.tree                     # 모델과 같은 허프만 트리
    assert loss == pytest.approx(reference.forward(h, target), rel=1e-12)
    dh = reference.backward()
    dW_in = np.zeros_like(W_in)
    for i in range(n):
        used = contexts[i][ranks <= window[i]]
        for word in used:
            dW_in[word] += dh[i] / len(used)
    np.testing.assert_allclose(model.grads[0].to_dense(), dW_in, rtol=1e-10, atol=1e-12)


def _copy_state(generator):
    """Generator의 상태를 복사한 비트 생성기 (원래 생성기는 그대로)."""
    bit = type(generator.bit_generator)()
    bit.state = generator.bit_generator.state
    return bit


# --------------------------------------------------------------------------- 잘못된 입력

def _raises_korean(exc, name, fn):
    with pytest.raises(exc) as info:
        fn()
    msg = str(info.value)
    assert msg.startswith(f"{name}:") and HANGUL.search(msg), msg


@pytest.mark.parametrize("counts", [[5], [], np.zeros(0, dtype=np.int64)])
def test_too_few_words(counts):
    _raises_korean(ValueError, "counts", lambda: HuffmanTree(counts))
    _raises_korean(ValueError, "counts", lambda: HierarchicalSoftmaxLoss(np.zeros((3, 2)), counts))


def test_bad_counts():
    _raises_korean(IndexError, "counts", lambda: HuffmanTree([3, -1, 2]))
    _raises_korean(TypeError, "counts", lambda: HuffmanTree([3.0, 1.0]))
    _raises_korean(ValueError, "counts", lambda: HuffmanTree([[1, 2], [3, 4]]))


def test_bad_weights_and_inputs():
    counts = [4, 3, 2, 1]                                      # V = 4 → 내부 노드 3개
    _raises_korean(ValueError, "W", lambda: HierarchicalSoftmaxLoss(np.zeros((2, 5)), counts))
    _raises_korean(TypeError, "W", lambda: HierarchicalSoftmaxLoss(np.zeros((3, 5), dtype=int), counts))
    layer = HierarchicalSoftmaxLoss(np.zeros((3, 5)), counts)  # 정확히 V − 1행은 허용
    h = np.zeros((2, 5))
    _raises_korean(IndexError, "target", lambda: layer.forward(h, [0, 4]))
    _raises_korean(IndexError, "target", lambda: layer.forward(h, [-1, 0]))
    _raises_korean(TypeError, "target", lambda: layer.forward(h, [0.0, 1.0]))
    _raises_korean(ValueError, "h", lambda: layer.forward(np.zeros((2, 4)), [0, 1]))
    with pytest.raises(ValueError, match="배치 크기"):
        layer.forward(h, [0, 1, 2])


# --------------------------------------------------------------------------- 명령줄

def test_cli_trains_one_epoch_with_hs():
    ptb_counts()                                               # PTB가 없으면 건너뜀
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-m", "w2vlib.train", "--loss", "hs", "--epochs", "1", "--no-eval"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "학습 시간" in proc.stdout and "토큰/초" in proc.stdout
    assert "유추" not in proc.stdout                           # --no-eval
