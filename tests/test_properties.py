"""hypothesis로 뽑은 임의의 shape·값에서 성립해야 하는 성질: 계층·손실의 수치 미분 검사와 파이썬 루프 기준 구현과의
비교, 샘플러의 범위, 별칭 표의 정확성, 허프만 트리의 부호 성질."""
from __future__ import annotations

from fractions import Fraction
import heapq

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from w2vlib.evaluation import cos_similarity
from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss, HuffmanTree
from w2vlib.layers import Embedding, EmbeddingDot, MatMul, SigmoidWithLoss
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.sampling import UnigramSampler, alias_table
from w2vlib.scatter import SparseRowGrad

FAST = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-6
dims = st.integers(1, 5)
seeds = st.integers(0, 2**32 - 1)


def dense(grad, shape):
    if isinstance(grad, SparseRowGrad):
        out = np.zeros(shape)
        out[grad.rows] = grad.values
        return out
    return grad


def assert_gradients(loss, backward, layer, h, W):
    """``loss()``로 순전파한 뒤 ``backward()``가 낸 dh와 ``grads[0]``의 dW를 중심 차분과 비교합니다."""
    loss()
    dh = backward()
    dW = dense(layer.grads[0], W.shape).copy()
    assert relative_error(dh, numerical_gradient(loss, h)) < TOL
    assert relative_error(dW, numerical_gradient(loss, W)) < TOL


# --------------------------------------------------------------------------- 계층·손실

@FAST
@given(N=dims, D=dims, H=dims, seed=seeds)
def test_matmul_gradient(N, D, H, seed):
    rng = np.random.default_rng(seed)
    x, G = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    layer = MatMul(rng.standard_normal((D, H)))

    def loss():
        return float(np.sum(layer.forward(x) * G))

    loss()
    dx = layer.backward(G)
    dW = layer.grads[0].copy()
    assert relative_error(dx, numerical_gradient(loss, x)) < TOL
    assert relative_error(dW, numerical_gradient(loss, layer.params[0])) < TOL


@FAST
@given(V=st.integers(1, 6), H=dims, idx_shape=st.lists(st.integers(0, 4), min_size=1, max_size=2),
       sparse=st.booleans(), seed=seeds)
def test_embedding_matches_loop_with_duplicates(V, H, idx_shape, sparse, seed):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, H))
    idx = rng.integers(0, V, size=idx_shape)
    layer = Embedding(W, sparse=sparse)
    out = layer.forward(idx)
    assert out.shape == (*idx.shape, H)
    dout = rng.standard_normal(out.shape)
    layer.backward(dout)
    expected = np.zeros_like(W)
    for pos in np.ndindex(idx.shape):                    # 기준: 한 칸씩 더하기 (중복은 더해짐)
        assert (out[pos] == W[idx[pos]]).all()
        expected[idx[pos]] += dout[pos]
    assert np.allclose(dense(layer.grads[0], W.shape), expected, rtol=1e-12, atol=1e-12)


@FAST
@given(N=dims, K=st.integers(0, 4), H=dims, V=st.integers(1, 6), sparse=st.booleans(), seed=seeds)
def test_embedding_dot_matches_loop_and_numerical_gradient(N, K, H, V, sparse, seed):
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((N, H))
    idx = rng.integers(0, V, size=(N, K) if K else N)
    layer = EmbeddingDot(rng.standard_normal((V, H)), sparse=sparse)
    W = layer.params[0]
    out = layer.forward(h, idx)
    for pos in np.ndindex(idx.shape):
        assert np.isclose(out[pos], sum(W[idx[pos], j] * h[pos[0], j] for j in range(H)), rtol=1e-12)
    G = rng.standard_normal(out.shape)

    def loss():
        return float(np.sum(layer.forward(h, idx) * G))

    assert_gradients(loss, lambda: layer.backward(G), layer, h, W)


@FAST
@given(shape=st.one_of(st.tuples(dims), st.tuples(dims, dims)), scale=st.sampled_from([0.1, 3.0, 30.0]),
       dout=st.floats(0.1, 3.0), seed=seeds)
def test_sigmoid_with_loss_matches_naive_and_numerical(shape, scale, dout, seed):
    rng = np.random.default_rng(seed)
    x = scale * rng.standard_normal(shape)
    t = rng.integers(0, 2, size=shape)
    layer = SigmoidWithLoss()
    value = layer.forward(x, t)
    naive = 0.0                                            # 원소마다 −log σ(x) 또는 −log(1 − σ(x)) (안정한 꼴)
    for pos in np.ndindex(shape):
        z = x[pos] if t[pos] else -x[pos]
        naive += np.log1p(np.exp(-z)) if z > 0 else -z + np.log1p(np.exp(z))
    assert np.isclose(value, naive / shape[0], rtol=1e-10)
    dx = layer.backward(dout)

    def loss():
        return dout * layer.forward(x, t)

    numeric = numerical_gradient(loss, x)
    # |x|가 크면 손실 log(1 + e^{−|x|})의 뺄셈에서 절대 오차 ~|x|·1e-16 / ε가 생기므로 절대 허용치도 둡니다.
    assert relative_error(dx, numeric) < TOL or np.allclose(dx, numeric, rtol=1e-6, atol=1e-9)


def bincounts(V, seed, T=60):
    corpus = np.random.default_rng(seed).integers(0, V, size=T)
    corpus[:V] = np.arange(V)
    return corpus


@FAST
@given(V=st.integers(3, 8), H=dims, N=dims, k=st.integers(1, 2), dout=st.floats(0.1, 3.0), seed=seeds)
def test_negative_sampling_loss_matches_column_loop_and_numerical(V, H, N, k, dout, seed):
    rng = np.random.default_rng(seed)
    corpus = bincounts(V, seed)
    layer = NegativeSamplingLoss(rng.standard_normal((V, H)), corpus, sample_size=k, rng=seed)
    W = layer.params[0]
    h = rng.standard_normal((N, H))
    target = rng.integers(0, V, size=N)
    neg = layer.sampler.get_negative_sample(target)
    assert not (neg == target[:, None]).any()
    value = layer.forward(h, target, negative_sample=neg)
    naive = 0.0                                             # 책: 열마다 배치 평균 교차 엔트로피의 합
    for col, label in [(target, 1)] + [(neg[:, j], 0) for j in range(k)]:
        score = np.einsum("nh,nh->n", W[col], h)
        p = 1 / (1 + np.exp(-score))
        naive += -np.mean(np.log(p) if label else np.log(1 - p))
    assert np.isclose(value, naive, rtol=1e-9)

    def loss():
        return dout * layer.forward(h, target, negative_sample=neg)

    assert_gradients(loss, lambda: layer.backward(dout), layer, h, W)


@FAST
@given(counts=st.lists(st.integers(0, 50), min_size=2, max_size=9), H=dims, N=dims, seed=seeds)
def test_hierarchical_softmax_probabilities_and_gradient(counts, H, N, seed):
    rng = np.random.default_rng(seed)
    V = len(counts)
    layer = HierarchicalSoftmaxLoss(rng.standard_normal((V, H)), counts)
    W = layer.params[0]
    h = rng.standard_normal((N, H))
    target = rng.integers(0, V, size=N)
    P = layer.word_probabilities(h)
    assert np.allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    value = layer.forward(h, target)
    assert np.isclose(value, -np.mean(np.log(P[np.arange(N), target])), rtol=1e-9)

    def loss():
        return layer.forward(h, target)

    assert_gradients(loss, layer.backward, layer, h, W)


# --------------------------------------------------------------------------- 샘플러·별칭 표

@FAST
@given(counts=st.lists(st.integers(0, 1000), min_size=2, max_size=12), power=st.floats(0.0, 3.0),
       N=st.integers(1, 40), seed=seeds, data=st.data())
def test_negative_samples_never_contain_the_target_and_stay_in_range(counts, power, N, seed, data):
    counts = np.array(counts)
    if np.count_nonzero(counts) < 2:
        counts[:2] += 1
    V = len(counts)
    k = data.draw(st.integers(1, V - 1))
    corpus = np.repeat(np.arange(V), counts)
    s = UnigramSampler(corpus, power, k, vocab_size=V, rng=seed)
    target = np.random.default_rng(seed).integers(0, V, size=N)
    neg = s.get_negative_sample(target)
    assert neg.shape == (N, k) and neg.dtype.kind == "i"
    assert ((0 <= neg) & (neg < V)).all()
    assert not (neg == target[:, None]).any()
    assert (s.word_p[neg] > 0).all()                       # 빈도 0인 단어는 뽑히지 않음
    direct = s.sample_excluding(target)
    assert not (direct == target).any() and (s.word_p[direct] > 0).all()


probabilities = arrays(np.float64, st.integers(1, 30), elements=st.floats(0, 1e6)).filter(lambda w: w.sum() > 0)


@FAST
@given(w=probabilities, as_list=st.booleans())
def test_alias_table_reproduces_the_distribution_exactly(w, as_list):
    p = w / w.sum()
    prob, alias = alias_table(p.tolist() if as_list else p)
    V = len(p)
    assert ((0 <= prob) & (prob <= 1 + 1e-12)).all() and ((0 <= alias) & (alias < V)).all()
    implied = prob / V                                      # 칸 i: i가 prob[i]/V, alias[i]가 (1 − prob[i])/V
    np.add.at(implied, alias, (1 - prob) / V)
    assert np.allclose(implied, p, rtol=0, atol=1e-9)


# --------------------------------------------------------------------------- 허프만 트리

def huffman_cost(counts):
    """Σ 빈도·부호 길이의 최솟값 = 허프만 병합 때 만든 내부 노드 빈도의 합 (트리 구현과 독립)."""
    heap = list(counts)
    heapq.heapify(heap)
    total = 0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


@FAST
@given(counts=st.lists(st.integers(0, 10_000), min_size=2, max_size=40))
def test_huffman_codes_are_prefix_free_complete_and_optimal(counts):
    tree = HuffmanTree(counts)
    V = len(counts)
    codes = ["".join(map(str, c)) for c in tree.codes]
    assert all(len(c) >= 1 for c in codes)
    assert len(set(codes)) == V
    for a in codes:                                         # 접두 부호: 어떤 부호도 다른 부호의 앞부분이 아님
        assert not any(b != a and b.startswith(a) for b in codes)
    assert sum(Fraction(1, 2 ** len(c)) for c in codes) == 1      # 크래프트 등식 (완전한 이진 트리)
    lengths = tree.lengths
    for i in range(V):                                      # 빈도가 크면 부호가 길지 않음
        for j in range(V):
            if counts[i] > counts[j]:
                assert lengths[i] <= lengths[j]
    assert int(np.dot(counts, lengths)) == huffman_cost(counts)  # 평균 길이 최소
    for w in range(V):                                      # 길: 뿌리(V−2)에서 시작, 내부 노드 번호 범위
        assert tree.points[w][0] == V - 2 and ((0 <= tree.points[w]) & (tree.points[w] <= V - 2)).all()
    # 같은 갈림길 앞까지 같은 부호면 같은 내부 노드를 지남 (부호 ↔ 길이 일관됨)
    seen = {}
    for w in range(V):
        for j in range(len(codes[w])):
            key = codes[w][:j]
            assert seen.setdefault(key, tree.points[w][j]) == tree.points[w][j]


# --------------------------------------------------------------------------- 코사인 유사도

@FAST
@given(x=arrays(np.float64, 4, elements=st.floats(-10, 10)), y=arrays(np.float64, 4, elements=st.floats(-10, 10)),
       ex=st.integers(-150, 150), ey=st.integers(-150, 150))
def test_cos_similarity_is_scale_invariant_and_bounded(x, y, ex, ey):
    base = cos_similarity(x, y)
    assert -1 - 1e-9 <= base <= 1 + 1e-9
    if np.abs(x).max() > 1e-3 and np.abs(y).max() > 1e-3:   # eps(1e-8)가 무시될 만큼 큰 벡터
        assert np.isclose(cos_similarity(x * 10.0 ** ex, y * 10.0 ** ey), base, rtol=1e-6, atol=1e-7)
