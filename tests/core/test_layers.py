"""w2vlib.layers: 수치 미분 검사(float64), 원핫 곱과의 동치, 잘못된 입력의 오류."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.layers import Embedding, MatMul
from w2vlib.scatter import SparseRowGrad
from w2vlib.text import convert_one_hot

TOL = 1e-7  # float64 중심 차분의 상대 오차 허용치


def _rng(seed=0):
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------- MatMul

@pytest.mark.parametrize("shape", [(1, 1, 1), (4, 5, 3), (7, 2, 6)])
def test_matmul_gradients_match_numerical(shape):
    N, D, H = shape
    rng = _rng(1)
    x = rng.standard_normal((N, D))
    W = rng.standard_normal((D, H))
    G = rng.standard_normal((N, H))  # 손실 L = sum(out * G)의 상류 기울기
    layer = MatMul(W)

    def loss():
        return float(np.sum(layer.forward(x) * G))

    loss()
    dx = layer.backward(G)
    dW = layer.grads[0].copy()
    assert dx.shape == x.shape and dW.shape == W.shape
    assert relative_error(dx, numerical_gradient(loss, x)) < TOL
    assert relative_error(dW, numerical_gradient(loss, layer.params[0])) < TOL


def test_matmul_keeps_weight_by_reference_and_overwrites_grad():
    rng = _rng(2)
    W = rng.standard_normal((3, 2))
    layer = MatMul(W)
    assert layer.params[0] is W
    grad_buffer = layer.grads[0]
    x = rng.standard_normal((4, 3))
    G = rng.standard_normal((4, 2))
    layer.forward(x)
    layer.backward(G)
    layer.backward(G)  # 두 번 불러도 누적하지 않고 덮어씀
    assert layer.grads[0] is grad_buffer
    np.testing.assert_allclose(layer.grads[0], x.T @ G)


# --------------------------------------------------------------------------- Embedding

IDX_CASES = {
    "1d-repeated": np.array([0, 3, 0, 2, 0, 3]),
    "2d-repeated": np.array([[1, 1, 4], [4, 0, 1]]),
    "1d-all-same": np.array([2, 2, 2, 2]),
    "1d-unique": np.array([4, 1, 0]),
}


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("case", list(IDX_CASES), ids=list(IDX_CASES))
def test_embedding_gradient_matches_numerical(case, sparse):
    idx = IDX_CASES[case]
    V, H = 5, 3
    rng = _rng(3)
    W = rng.standard_normal((V, H))
    G = rng.standard_normal((*idx.shape, H))
    layer = Embedding(W, sparse=sparse)

    def loss():
        return float(np.sum(layer.forward(idx) * G))

    out = layer.forward(idx)
    assert out.shape == (*idx.shape, H)
    assert layer.backward(G) is None
    grad = layer.grads[0]
    if sparse:
        assert isinstance(grad, SparseRowGrad)
        np.testing.assert_array_equal(grad.rows, np.unique(idx))
        grad = grad.to_dense()
    numerical = numerical_gradient(loss, layer.params[0])
    assert relative_error(grad, numerical) < TOL
    # 중복이 있으면 "덮어쓰기"는 틀린 답을 낸다 (이 검사가 실제로 중복을 구분함을 확인)
    overwrite = np.zeros_like(W)
    overwrite[idx.reshape(-1)] = G.reshape(-1, H)
    if len(np.unique(idx)) < idx.size:
        assert relative_error(overwrite, numerical) > 1e-2


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
def test_embedding_backward_does_not_accumulate_across_calls(sparse):
    rng = _rng(4)
    W = rng.standard_normal((6, 2))
    layer = Embedding(W, sparse=sparse)
    idx = np.array([1, 1, 5])
    G = rng.standard_normal((3, 2))
    layer.forward(idx)
    layer.backward(G)
    layer.forward(np.array([0]))
    layer.backward(np.ones((1, 2)))
    grad = layer.grads[0].to_dense() if sparse else layer.grads[0]
    expected = np.zeros_like(W)
    expected[0] = 1.0
    np.testing.assert_array_equal(grad, expected)


@pytest.mark.parametrize("idx", [np.array([3, 0, 3, 1]), np.array([[2, 0], [2, 2], [1, 3]])], ids=["1d", "2d"])
def test_embedding_forward_equals_one_hot_matmul(idx):
    rng = _rng(5)
    V, H = 4, 6
    W = rng.standard_normal((V, H))
    one_hot = convert_one_hot(idx, V).astype(np.float64)
    expected = one_hot @ W  # (..., V) @ (V, H)
    out = Embedding(W).forward(idx)
    np.testing.assert_array_equal(out, expected)
    if idx.ndim == 1:
        np.testing.assert_array_equal(out, MatMul(W).forward(one_hot))


def test_embedding_dense_and_sparse_gradients_agree_float32():
    rng = _rng(6)
    V, H = 50, 8
    W = rng.standard_normal((V, H)).astype(np.float32)
    idx = rng.integers(0, 7, size=(40, 4))  # 작은 범위 → 중복이 많음
    G = rng.standard_normal((40, 4, H)).astype(np.float32)
    dense, sparse = Embedding(W), Embedding(W, sparse=True)
    for layer in (dense, sparse):
        layer.forward(idx)
        layer.backward(G)
    assert dense.grads[0].dtype == np.float32
    np.testing.assert_allclose(sparse.grads[0].to_dense(), dense.grads[0], rtol=1e-5, atol=1e-5)


def test_embedding_gradient_with_fortran_ordered_weight():
    W = np.asfortranarray(np.arange(12.0).reshape(4, 3))
    layer = Embedding(W)
    layer.forward(np.array([1, 1, 2]))
    layer.backward(np.ones((3, 3)))
    expected = np.zeros((4, 3))
    expected[1] = 2.0
    expected[2] = 1.0
    np.testing.assert_array_equal(layer.grads[0], expected)


# --------------------------------------------------------------------------- 잘못된 입력

@pytest.fixture
def emb():
    return Embedding(np.zeros((5, 3)))


def test_float_idx_raises_type_error(emb):
    with pytest.raises(TypeError, match="idx"):
        emb.forward(np.array([0.0, 1.0]))


@pytest.mark.parametrize("bad", [[0, 5], [-1, 2], [[0, 1], [7, 0]]])
def test_out_of_range_idx_raises_index_error(emb, bad):
    with pytest.raises(IndexError, match="idx") as info:
        emb.forward(bad)
    assert "5" in str(info.value)  # 허용 범위(상한)를 알려 줌


@pytest.mark.parametrize("bad_shape", [(3, 3), (2, 4), (2,), (1, 2, 3)])
def test_wrong_dout_shape_raises_value_error(emb, bad_shape):
    emb.forward(np.array([1, 2]))
    with pytest.raises(ValueError, match="dout"):
        emb.backward(np.zeros(bad_shape))


def test_nan_in_weight_raises_value_error():
    W = np.zeros((3, 2))
    W[1, 0] = np.nan
    with pytest.raises(ValueError, match="W"):
        Embedding(W)
    with pytest.raises(ValueError, match="W"):
        MatMul(W)


def test_integer_weight_raises_type_error():
    with pytest.raises(TypeError, match="W"):
        Embedding(np.zeros((3, 2), dtype=np.int64))


def test_matmul_bad_inputs():
    layer = MatMul(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="x"):
        layer.forward(np.zeros((3, 5)))  # D가 다름
    with pytest.raises(TypeError, match="x"):
        layer.forward(np.zeros((3, 4), dtype=np.int32))  # 원핫 int32를 그대로 넣으면 안 됨
    layer.forward(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="dout"):
        layer.backward(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="W"):
        MatMul(np.zeros(4))


def test_chunk_loops_ignore_only_the_spurious_blas_invalid_flag_inside_the_call():
    """OpenBLAS가 작은 행렬 곱에서 값과 상관없이 세우는 "invalid" 표시(numpy/numpy#24067)를 조각 루프 메서드 안에서만
    무시합니다: 장식한 함수 안의 invalid 연산은 경고가 없고, 밖의 numpy 오류 설정은 그대로입니다."""
    import warnings

    from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss
    from w2vlib.layers import ignore_spurious_blas_invalid
    from w2vlib.negative_sampling import NegativeSamplingLoss

    @ignore_spurious_blas_invalid
    def invalid():
        return np.float32(0) * np.array([np.inf], dtype=np.float32)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(invalid()[0])                                    # 안에서는 경고 없음
        with pytest.raises(RuntimeWarning):
            np.float32(0) * np.array([np.inf], dtype=np.float32)        # 밖은 그대로
    assert np.geterr()["invalid"] == "warn"
    assert HierarchicalSoftmaxLoss._forward.__wrapped__ and NegativeSamplingLoss._forward_fused.__wrapped__
