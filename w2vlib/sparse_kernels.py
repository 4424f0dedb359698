"""희소 행렬 곱 두 가지, A @ X와 Aᵀ @ X (A는 CSR 배열 세 개): scipy의 컴파일된 커널을 ``scipy.sparse``를 import 하지 않고 씁니다.

학습이 쓰는 희소 연산은 이 두 곱뿐입니다 (맥락의 평균, 행 기울기 모으기: :mod:`w2vlib.scatter`). 그런데
``import scipy.sparse``는 패키지 전체(행렬 형식 일곱 가지, 생성 함수, 배열 API 호환 층 …)를 읽어 프로세스의 메모리(PSS)를
22 MiB 늘리지만 (numpy만 읽은 24.4 MiB → 46.6 MiB), 두 곱의 커널이 든 확장 모듈 ``scipy/sparse/_sparsetools*.so`` 하나만
읽으면 0.1 MiB입니다. ``w2vlib.train``을 import 한 프로세스는 50.4 → 35.7 MiB가 되었고, PTB CBOW 두 일꾼의 프로세스 트리
최대 PSS는 약 10 MiB 줄었습니다 (2026-12-07, scipy 1.17.1, 이 책의 기계). 학습 프로세스의 최대 메모리를 gensim과
비교하는 이 책에서는 작지 않은 차이라서, 그 확장 모듈을 파일에서 바로 읽어 씁니다 (``scipy.sparse``가 이미 import 되어
있으면 그것을 씀). 읽을 수 없으면(scipy의 배치가 바뀐 경우) 공개 API ``scipy.sparse.csr_matrix``로 같은 곱을 합니다.

곱의 결과는 ``scipy.sparse.csr_matrix((data, indices, indptr), shape) @ X`` (또는 ``.T @ X``)와 비트 단위로 같습니다
(같은 커널, 같은 덧셈 순서).

공통 인자
---------
indptr : (n+1,) int, 행 i의 원소는 ``indices``/``data``의 ``indptr[i]:indptr[i+1]`` 자리. 0에서 시작하지 않아도 됩니다:
    긴 CSR의 ``indptr[s:e+1]``을 주면 행 s..e−1의 조각입니다 (복사 없음).
indices : (nnz,) int, 열 번호 (0 <= 열 < n_cols). indptr와 같은 dtype (int32 또는 int64)
data : (nnz,) float, 원소 값
X : 곱할 (행 수, H) float 배열 (data와 같은 dtype)
out : 결과를 **더할** 배열 (None이면 0으로 채운 새 배열)
"""
from __future__ import annotations

import functools
import glob
import importlib.machinery
import importlib.util
import os
import sys

import numpy as np

_MODULE = "scipy.sparse._sparsetools"


@functools.cache
def _compiled_kernels():
    """scipy의 ``_sparsetools`` 확장 모듈 (``csr_matvecs``, ``csc_matvecs``), 없으면 None. 한 프로세스에서 한 번만 찾습니다
    (읽을 수 없는 경우에도 곱마다 파일을 다시 찾지 않음).

    이미 import 되어 있으면 그것을, 아니면 확장 모듈 파일 하나만 읽어 (``scipy``·``scipy.sparse`` 패키지를 실행하지 않음)
    ``sys.modules``에 제 이름으로 둡니다: 같은 프로세스에서 나중에 ``scipy.sparse``를 import 해도 이 모듈을 씁니다."""
    module = sys.modules.get(_MODULE)
    if module is None:
        spec = importlib.util.find_spec("scipy")            # 패키지의 위치만 찾음 (scipy/__init__.py는 실행하지 않음)
        paths = [p for folder in (spec.submodule_search_locations if spec else None) or []
                 for suffix in importlib.machinery.EXTENSION_SUFFIXES
                 for p in glob.glob(os.path.join(folder, "sparse", "_sparsetools" + suffix))]
        if not paths:
            return None
        try:
            loader = importlib.machinery.ExtensionFileLoader(_MODULE, paths[0])
            module = importlib.util.module_from_spec(importlib.util.spec_from_loader(_MODULE, loader))
            loader.exec_module(module)
        except ImportError:
            return None
        module = sys.modules.setdefault(_MODULE, module)
    if not (hasattr(module, "csr_matvecs") and hasattr(module, "csc_matvecs")):
        return None
    return module


def _public(indptr, indices, data, shape):
    """커널을 읽을 수 없을 때: 같은 행렬을 공개 API로 (indptr를 0에서 시작하게 옮기고 그 조각만)."""
    import scipy.sparse as sp
    start, stop = int(indptr[0]), int(indptr[-1])
    return sp.csr_matrix((data[start:stop], indices[start:stop], indptr - start), shape=shape)


def _product(indptr, indices, data, X, n_cols: int, out, compiled: bool, transpose: bool) -> np.ndarray:
    """:func:`csr_matmul` (transpose False)과 :func:`csr_transpose_matmul` (True)의 본체.

    커널이 요구하는 꼴로 맞춥니다: 같은 dtype의 인덱스, X와 같은 dtype의 값, C-연속 X, 결과를 더할 C-연속 배열."""
    n = len(indptr) - 1
    index_dtype = np.result_type(indptr.dtype, indices.dtype)
    indptr = np.ascontiguousarray(indptr, dtype=index_dtype)
    indices = np.ascontiguousarray(indices, dtype=index_dtype)
    X = np.ascontiguousarray(X)
    data = np.ascontiguousarray(data, dtype=X.dtype)
    rows_out = n_cols if transpose else n
    if out is None:
        out = np.zeros((rows_out, X.shape[1]), dtype=X.dtype)
    elif out.shape != (rows_out, X.shape[1]) or out.dtype != X.dtype or not out.flags.c_contiguous:
        raise ValueError(f"out: ({rows_out}, {X.shape[1]}) {X.dtype}의 C-연속 배열이어야 합니다 "
                         f"(받은 것: {out.shape} {out.dtype}).")
    kernels = _compiled_kernels() if compiled else None
    if kernels is None:
        A = _public(indptr, indices, data, (n, n_cols))
        out += (A.T if transpose else A) @ X
    elif transpose:                          # CSR (n, n_cols)의 배열 = 그 전치 (n_cols, n)의 CSC 배열
        kernels.csc_matvecs(n_cols, n, X.shape[1], indptr, indices, data, X.reshape(-1), out.reshape(-1))
    else:
        kernels.csr_matvecs(n, n_cols, X.shape[1], indptr, indices, data, X.reshape(-1), out.reshape(-1))
    return out


def csr_matmul(indptr, indices, data, X, n_cols: int, out=None, *, compiled: bool = True) -> np.ndarray:
    """A @ X를 ``out``에 더해 돌려줍니다. A (n, n_cols), n = len(indptr) − 1, X (n_cols, H) → (n, H).

    compiled : False이면 공개 API 경로 (테스트용: 두 경로가 같은 값인지)."""
    return _product(indptr, indices, data, X, n_cols, out, compiled, transpose=False)


def csr_transpose_matmul(indptr, indices, data, X, n_cols: int, out=None, *, compiled: bool = True) -> np.ndarray:
    """Aᵀ @ X를 ``out``에 더해 돌려줍니다. A (n, n_cols), X (n, H) → (n_cols, H): 행 i의 원소 (j, a)마다 out[j] += a·X[i].

    같은 j가 여러 번 나오면 모두 더합니다 (scatter-add). compiled : :func:`csr_matmul`과 같음."""
    return _product(indptr, indices, data, X, n_cols, out, compiled, transpose=True)
