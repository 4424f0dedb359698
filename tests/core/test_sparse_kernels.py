"""w2vlib.sparse_kernels: scipy의 컴파일된 곱 커널을 scipy.sparse 없이 읽어, 공개 API와 비트 단위로 같은 A @ X, Aᵀ @ X를
내는지 (조각·누적 포함), 그리고 학습 경로가 scipy.sparse를 import 하지 않는지."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib.sparse_kernels import csr_matmul, csr_transpose_matmul


def random_csr(rng, n, n_cols, max_per_row=6, index_dtype=np.int32, dtype=np.float32):
    counts = rng.integers(0, max_per_row + 1, n)
    indptr = np.zeros(n + 1, dtype=index_dtype)
    np.cumsum(counts, out=indptr[1:])
    indices = rng.integers(0, n_cols, indptr[-1]).astype(index_dtype)    # 중복 열도 나옴
    data = rng.standard_normal(indptr[-1]).astype(dtype)
    return indptr, indices, data


def naive(indptr, indices, data, X, n_cols, transpose):
    """테스트 안의 기준: 원소 하나씩 (float64로 더함)."""
    n = len(indptr) - 1
    out = np.zeros((n_cols if transpose else n, X.shape[1]))
    for i in range(n):
        for p in range(indptr[i], indptr[i + 1]):
            j, a = indices[p], float(data[p])
            if transpose:
                out[j] += a * X[i]
            else:
                out[i] += a * X[j]
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), n=st.integers(0, 30), n_cols=st.integers(1, 12), H=st.integers(1, 5),
       index_dtype=st.sampled_from([np.int32, np.int64]), dtype=st.sampled_from([np.float32, np.float64]),
       compiled=st.booleans())
def test_products_match_elementwise_reference_and_scipy(seed, n, n_cols, H, index_dtype, dtype, compiled):
    rng = np.random.default_rng(seed)
    indptr, indices, data = random_csr(rng, n, n_cols, index_dtype=index_dtype, dtype=dtype)
    A = sp.csr_matrix((data, indices, indptr), shape=(n, n_cols))
    W = rng.standard_normal((n_cols, H)).astype(dtype)
    X = rng.standard_normal((n, H)).astype(dtype)
    got = csr_matmul(indptr, indices, data, W, n_cols, compiled=compiled)
    got_t = csr_transpose_matmul(indptr, indices, data, X, n_cols, compiled=compiled)
    assert got.dtype == dtype and got.shape == (n, H) and got_t.shape == (n_cols, H)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, naive(indptr, indices, data, W, n_cols, False), rtol=tol, atol=tol)
    np.testing.assert_allclose(got_t, naive(indptr, indices, data, X, n_cols, True), rtol=tol, atol=tol)
    assert np.array_equal(got, np.asarray(A @ W))            # 같은 커널, 같은 덧셈 순서
    assert np.array_equal(got_t, np.asarray(A.T @ X))


@pytest.mark.parametrize("compiled", [True, False])
def test_row_slices_accumulate_to_the_whole_product(compiled):
    """indptr[s:e+1] 조각 (0에서 시작하지 않음)과 out 누적: 조각마다 더한 것이 한 번의 곱과 같습니다."""
    rng = np.random.default_rng(3)
    n, n_cols, H = 101, 17, 4
    indptr, indices, data = random_csr(rng, n, n_cols)
    W = rng.standard_normal((n_cols, H)).astype(np.float32)
    X = rng.standard_normal((n, H)).astype(np.float32)
    whole = csr_matmul(indptr, indices, data, W, n_cols, compiled=compiled)
    whole_t = csr_transpose_matmul(indptr, indices, data, X, n_cols, compiled=compiled)
    acc = np.zeros((n_cols, H), dtype=np.float32)
    for s in range(0, n, 16):
        e = min(n, s + 16)
        np.testing.assert_array_equal(csr_matmul(indptr[s:e + 1], indices, data, W, n_cols, compiled=compiled),
                                      whole[s:e])
        same = csr_transpose_matmul(indptr[s:e + 1], indices, data, X[s:e], n_cols, out=acc, compiled=compiled)
        assert same is acc
    np.testing.assert_allclose(acc, whole_t, rtol=1e-5, atol=1e-6)


def test_out_of_wrong_shape_or_dtype_is_a_clear_error():
    indptr, indices, data = np.array([0, 1], np.int32), np.array([0], np.int32), np.array([1.0], np.float32)
    X = np.ones((1, 3), np.float32)
    with pytest.raises(ValueError, match="out:"):
        csr_transpose_matmul(indptr, indices, data, X, 2, out=np.zeros((2, 3), np.float64))
    with pytest.raises(ValueError, match="out:"):
        csr_matmul(indptr, indices, data, X, 1, out=np.zeros((2, 3), np.float32))


def test_training_path_does_not_import_scipy_sparse():
    """학습(명령줄, Hogwild 포함)이 쓰는 모듈과 짧은 학습 한 번이 scipy.sparse 패키지를 올리지 않습니다 (PSS 22 MiB)."""
    code = """import sys
import numpy as np
import w2vlib.cli, w2vlib.train, w2vlib.hogwild, w2vlib.hierarchical_softmax, w2vlib.evaluation
from w2vlib.train import TrainConfig, train_word2vec
corpus = np.random.default_rng(0).integers(0, 50, 3000)
for model, loss in [("cbow", "ns"), ("skipgram", "ns"), ("cbow", "hs"), ("skipgram", "hs")]:
    cfg = TrainConfig(model=model, loss=loss, window_size=2, hidden_size=8, epochs=1, batch_size=500, seed=0)
    train_word2vec(corpus, 50, cfg, progress=False)
print(sorted(m for m in sys.modules if m.startswith("scipy")))"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['scipy.sparse._sparsetools']"
