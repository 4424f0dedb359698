"""행 기울기: 같은 행이 여러 번 나올 수 있는 기울기를 더하는(scatter-add) 방법들과, 그 결과를 담는 기울기 형.

- :class:`BatchRows` (배치의 희소 접속 행렬)는 값을 **돌려주기만** 합니다 (gather, mix, scatter).
- :class:`SparseRowGrad` (행 기울기)와 :class:`ArrayGrad` (밀집 배열 기울기)는 옵티마이저와 기울기 자르기가 쓰는
  메서드(:meth:`~SparseRowGrad.scale`, :meth:`~SparseRowGrad.squared_norm`, :meth:`~SparseRowGrad.apply_rows`)를
  같은 이름으로 갖습니다. 기울기의 종류를 가리는 곳은 :func:`as_grad` 한 곳뿐입니다.

``dW[idx] += dout``은 ``idx``에 중복이 있으면 **마지막 값만 남기고 덮어씁니다**. 올바른 방법은 중복을
모두 더하는 것이고, 그 방법마다 속도가 크게 다릅니다(4.1장에서 측정). 4.1장의 비교용 구현(파이썬 루프, 2차원 ``np.add.at``, 희소 곱)은
:mod:`w2vlib.book.scatter_methods`에 있고, 테스트가 파이썬 루프 기준 구현과 비교합니다.

공통 인자
---------
idx : (n,) int 배열, 0 <= idx < V
values : (n, H) float 배열
"""
from __future__ import annotations

import numpy as np

from .sparse_kernels import csr_matmul, csr_transpose_matmul


def add_rows_add_at_flat(target: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """``target``을 1차원으로 펴고 원소 단위 평면 인덱스로 ``np.add.at`` 합니다 (2차원보다 몇 배 빠름).

    ``target`` 배열이 C-연속이 아니면(예: 전치 행렬) 평면 뷰를 만들 수 없으므로 2차원 ``np.add.at``으로 합니다.
    """
    if not target.flags.c_contiguous:
        np.add.at(target, idx, values)
        return
    H = target.shape[1]
    flat = (idx[:, None] * H + np.arange(H)).ravel()
    np.add.at(target.reshape(-1), flat, values.ravel())


def row_mask(idx: np.ndarray, num_rows: int) -> np.ndarray:
    """(V,) bool: ``idx`` (n,) int (0 <= idx < num_rows)에 한 번 이상 나온 행. O(V + n)."""
    present = np.zeros(num_rows, dtype=bool)
    present[idx] = True
    return present


def unique_rows(idx: np.ndarray, num_rows: int, present: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(idx, return_inverse=True)``와 같은 결과를, 행 수 V를 알 때 정렬 없이 O(V + n)으로 구합니다.

    idx : (n,) int, 0 <= idx < num_rows → rows (U,) 오름차순 고유값, inverse (n,)으로 rows[inverse] == idx.
    inverse는 num_rows < 2³¹ 이면 int32입니다 (희소 곱 커널의 인덱스 dtype이라 변환 복사가 없습니다).
    present : 이미 구한 ``row_mask(idx, num_rows)`` (주면 다시 구하지 않음).
    """
    rows = np.flatnonzero(row_mask(idx, num_rows) if present is None else present)
    position = np.empty(num_rows, dtype=np.int32 if num_rows < 2 ** 31 else np.int64)
    position[rows] = np.arange(len(rows))
    return rows, position[idx]


def sum_rows(idx: np.ndarray, values: np.ndarray, num_rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """중복 행을 합쳐 (고유 행 번호, 합)을 돌려줍니다. 희소 행 업데이트의 핵심입니다.

    희소 행렬 A (n, U) — A[i, inverse[i]] = 1 (idx[i]가 u 번째 고유 행일 때) — 의 ``Aᵀ @ values`` 한 번으로 더합니다
    (:func:`~w2vlib.sparse_kernels.csr_transpose_matmul`, scipy의 컴파일된 커널). ``np.add.at``보다 몇 배 빠릅니다.

    Returns
    -------
    rows : (U,) int64, 오름차순 고유 행 번호
    summed : (U, H), ``values``와 같은 dtype
    """
    if num_rows is None:
        rows, inverse = np.unique(idx, return_inverse=True)
        inverse = inverse.ravel()
    else:
        rows, inverse = unique_rows(idx, num_rows)
    n = len(idx)
    index_dtype = sparse_index_dtype(max(n, len(rows)))
    # A (n, U), A[i, inverse[i]] = 1 → Aᵀ @ values
    return rows, csr_transpose_matmul(np.arange(n + 1, dtype=index_dtype), inverse.astype(index_dtype, copy=False),
                                      np.ones(n, dtype=values.dtype), values, len(rows))


def segment_sum(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """연속된 행 구간마다의 합: 결과 (N, H)의 n번째 행 = values[indptr[n]:indptr[n+1]].sum(axis=0) (빈 구간은 0).

    values : (M, H) float, indptr : (N+1,) int, 0 = indptr[0] ≤ … ≤ indptr[N] = M.
    희소 행렬 S (N, M) (S[n, m] = 1, m이 구간 n에 들 때) 곱 한 번으로 구합니다. 같은 일을 하는
    ``np.add.reduceat(values, indptr[:-1], axis=0)``보다 수십 배 빠릅니다 (skip-gram에서 쌍의 기울기를 타깃별로 모을 때).
    """
    m = len(values)
    index_dtype = sparse_index_dtype(m)
    return csr_matmul(indptr.astype(index_dtype, copy=False), np.arange(m, dtype=index_dtype),
                      np.ones(m, dtype=values.dtype), values, m)


def repeat_rows(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """:func:`segment_sum`의 짝: n번째 행을 구간 n의 길이 indptr[n+1] − indptr[n]번 되풀이한 (M, H) 배열.

    values : (N, H), indptr : (N+1,) int (:func:`segment_sum`과 같음). skip-gram에서 타깃 벡터를 쌍마다 펼칠 때 씁니다."""
    return np.repeat(values, np.diff(indptr), axis=0)


def sparse_index_dtype(nnz: int):
    """CSR의 indptr·열 번호 dtype: 희소 곱 커널(:mod:`w2vlib.sparse_kernels`)이 변환 복사 없이 쓰는 int32
    (nnz 또는 열 수 < 2³¹), 아니면 int64."""
    return np.int32 if nnz < 2 ** 31 else np.int64


def indptr_from_counts(counts: np.ndarray, nnz: int | None = None) -> np.ndarray:
    """구간 길이 counts (N,) → CSR indptr (N+1,) = [0, counts[0], counts[0]+counts[1], …] (:func:`sparse_index_dtype`).

    nnz : 쌍 수의 상한(dtype 고르기용). None이면 counts의 합."""
    total = int(np.sum(counts)) if nnz is None else nnz
    indptr = np.zeros(len(counts) + 1, dtype=sparse_index_dtype(total))
    np.cumsum(counts, out=indptr[1:])
    return indptr


class SparseRowGrad:
    """행렬 W (V, H)의 기울기 가운데 0이 아닌 행만 담습니다: ``dW[rows] = values``, 나머지 행은 0.

    배치가 건드린 행은 V=10,000 가운데 수백 개뿐이므로, (V, H) 밀집 기울기를 0으로 채우고 더하는
    대신 이것을 옵티마이저에 넘기면 그 행만 갱신합니다 (:mod:`w2vlib.optimizers`).

    두 가지 저장 형태가 있고 뜻은 같습니다 (건드린 행 = 배치에 한 번 이상 나온 행):

    - 행 형태 ``set(rows, values)``: 건드린 행 번호와 그 행의 값. 배치가 작아 건드린 행이 적을 때.
    - 밀집 형태 ``set_dense(dense, touched)``: (V, H) 배열(건드리지 않은 행은 0)과 (V,) bool 표시.
      배치가 커서 거의 모든 행을 건드릴 때 (배치 32,000이면 98%): 행을 골라 모으고(gather) 되돌려 쓰는 복사 없이
      옵티마이저가 연속된 행 구간을 제자리에서 갱신합니다. :class:`BatchRows`가 쌍의 수로 고릅니다
      (:meth:`set_from_batch`).

    옵티마이저와 기울기 자르기는 형태를 묻지 않고 :meth:`scale`, :meth:`squared_norm`, :meth:`apply_rows`만 씁니다.
    ``rows``/``values``를 읽거나 쓰면 행 형태로 바뀝니다. ``dense``/``touched``는 밀집 형태일 때만 배열이고
    행 형태이면 None입니다 (테스트·비교용).

    Attributes
    ----------
    rows : (U,) int64, 서로 다른 행 번호 (오름차순)
    values : (U, H) float, 각 행의 기울기 (중복 행은 이미 합쳐짐)
    dense : (V, H) float 또는 None, touched : (V,) bool 또는 None
    shape : 원래 행렬의 shape (V, H)
    """

    __slots__ = ("shape", "_rows", "_values", "_dense", "_touched")

    def __init__(self, shape: tuple[int, int]):
        self.shape = tuple(shape)
        self.clear()

    def clear(self) -> None:
        """기울기를 0(건드린 행 없음)으로 되돌리고 담고 있던 배열을 놓습니다."""
        self._rows = np.zeros(0, dtype=np.int64)
        self._values = np.zeros((0, self.shape[1]), dtype=np.float32)
        self._dense = self._touched = None

    def _to_rows(self) -> None:
        """밀집 형태이면 행 형태로 바꿉니다 (건드린 행만 복사)."""
        if self._dense is not None:
            rows = np.flatnonzero(self._touched)
            self._rows, self._values = rows, self._dense[rows]
            self._dense = self._touched = None

    @property
    def rows(self) -> np.ndarray:
        self._to_rows()
        return self._rows

    @rows.setter
    def rows(self, rows: np.ndarray) -> None:
        self._to_rows()
        self._rows = rows

    @property
    def values(self) -> np.ndarray:
        self._to_rows()
        return self._values

    @values.setter
    def values(self, values: np.ndarray) -> None:
        self._to_rows()
        self._values = values

    @property
    def dense(self) -> np.ndarray | None:
        return self._dense

    @property
    def touched(self) -> np.ndarray | None:
        return self._touched

    # ------------------------------------------------------------------ 저장

    def set(self, rows: np.ndarray, values: np.ndarray) -> None:
        """이미 합쳐진 기울기를 행 형태로 저장합니다. rows : (U,) 서로 다른 행, values : (U, H)."""
        self._rows, self._values = rows, values
        self._dense = self._touched = None

    def set_dense(self, dense: np.ndarray, touched: np.ndarray) -> None:
        """밀집 형태로 저장합니다. dense : (V, H) (건드리지 않은 행은 0), touched : (V,) bool (건드린 행)."""
        self._dense, self._touched = dense, touched
        self._rows = self._values = None

    def set_from_batch(self, batch: "BatchRows", values: np.ndarray) -> None:
        """``batch.scatter``의 결과 values (U, H)를 저장합니다 (``batch``가 모든 행을 쓰면 밀집 형태)."""
        if batch.rows is None:
            self.set_dense(values, batch.touched_mask())
        else:
            self.set(batch.rows, values)

    def set_from_scatter(self, idx: np.ndarray, dout: np.ndarray) -> None:
        """``dW[idx] += dout``에 해당하는 기울기를 (중복을 합쳐) 저장합니다. idx: (...,), dout: (..., H)."""
        self.set(*sum_rows(idx.reshape(-1), dout.reshape(-1, self.shape[1]), self.shape[0]))

    def set_from_products(self, idx: np.ndarray, coef: np.ndarray, x: np.ndarray) -> None:
        """``dW[idx[n, j]] += coef[n, j] * x[n]``을 (N, K, H) 배열을 만들지 않고 계산해 저장합니다.

        idx : (N, K) int, coef : (N, K) float, x : (N, H) float.
        EmbeddingDot의 W_out 기울기(coef = dscore, x = h)가 이 꼴입니다. :class:`BatchRows`의 희소 접속
        행렬 A (N, U)로 ``Aᵀ @ x`` 한 번에 구합니다: 곱셈은 N·K·H 번이지만 메모리는 (U, H)만 씁니다.
        """
        batch = BatchRows.regular(idx, self.shape[0])
        self.set_from_batch(batch, batch.scatter(coef.reshape(-1), x))

    def set_from_segments(self, idx: np.ndarray, coef: np.ndarray, counts: np.ndarray, x: np.ndarray) -> None:
        """``dW[idx[m]] += coef[m] * x[n]``을 희소 행렬 곱 한 번으로 저장합니다. 쌍 m은 예시 순서로 놓여 있고 예시 n의
        쌍은 counts[n] 개입니다 (예: 계층적 소프트맥스에서 예시마다 길의 노드 수).

        idx : (M,) int, coef : (M,) float, counts : (N,) int (합 = M), x : (N, H) float.
        """
        batch = BatchRows(idx, indptr_from_counts(counts, len(idx)), self.shape[0])
        self.set_from_batch(batch, batch.scatter(coef, x))

    # ------------------------------------------------------------------ 옵티마이저·기울기 자르기가 쓰는 메서드

    def squared_norm(self) -> float:
        """‖dW‖² (float64로 더함). 밀집 형태도 건드린 행만 같은 순서로 더하므로 행 형태와 비트 단위로 같은 값입니다."""
        values = self._values if self._dense is None else self._dense[self._touched]
        return float(np.sum(values.astype(np.float64) ** 2))

    def scale(self, factor: float) -> None:
        """dW ← factor·dW (제자리; 건드리지 않은 행은 0이라 밀집 형태는 배열 전체를 곱합니다)."""
        stored = self._values if self._dense is None else self._dense
        stored *= factor

    def apply_rows(self, update, arrays, block: int | None = None) -> None:
        """건드린 행에만 ``update(*blocks, g_block)``을 적용합니다 (희소 행 갱신, 예: lazy Adam).

        arrays : W (V, H)와 행이 같은 배열들 (예: [W, m, v]). ``update``는 각 배열의 행 블록과 그 행의 기울기
            g_block을 받아 블록을 **제자리에서** 바꿉니다. 건드리지 않은 행은 바뀌지 않습니다.
        block : 한 번에 다루는 행 수 (임시 배열이 캐시에 남는 크기; None이면 한 번에). 행마다 같은 계산이므로
            결과는 block과 상관없이 비트 단위로 같고, 두 형태에서도 같습니다.

        행 형태는 건드린 행을 복사해 와서 갱신한 뒤 되돌려 쓰고, 밀집 형태는 블록마다 건드리지 않은 몇 안 되는 행을
        따로 두었다가 연속된 행 구간(뷰)을 제자리에서 갱신한 뒤 되돌립니다. 어느 형태든 한 블록을 읽고 쓰는 사이에
        다른 프로세스가 그 블록에 쓴 값은 덮어써질 수 있습니다 (Hogwild, :mod:`w2vlib.hogwild`가 받아들이는 경합).
        """
        if self._dense is not None:
            untouched = ~self._touched
            step = block or len(self._dense)
            for s in range(0, len(self._dense), step):
                r = slice(s, s + step)
                blocks = [a[r] for a in arrays]              # 연속된 행 구간의 뷰
                keep = untouched[r]
                saved = [b[keep] for b in blocks]            # 블록이 캐시에 있을 때 건드리지 않은 행을 따로 두었다가
                update(*blocks, self._dense[r])
                for b, kept in zip(blocks, saved):
                    b[keep] = kept                           # 되돌립니다 (배열 전체를 한 번 더 훑지 않음)
            return
        rows, values = self._rows, self._values
        step = block or max(1, len(rows))
        for s in range(0, len(rows), step):
            r = rows[s:s + step]
            blocks = [np.take(a, r, axis=0) for a in arrays]   # 건드린 행만 복사해 와서
            update(*blocks, values[s:s + step])
            for a, b in zip(arrays, blocks):
                a[r] = b                              # 갱신한 행을 되돌려 씁니다

    def to_dense(self) -> np.ndarray:
        """(V, H) 밀집 행렬로 바꿉니다 (새 배열; 테스트·비교용)."""
        if self._dense is not None:
            return self._dense.copy()
        dense = np.zeros(self.shape, dtype=self._values.dtype)
        dense[self._rows] = self._values
        return dense

    def to_array(self) -> np.ndarray:
        """(V, H) 배열 (:meth:`to_dense`와 같음; :class:`ArrayGrad`와 같은 이름)."""
        return self.to_dense()

    def __repr__(self) -> str:
        count = int(self._touched.sum()) if self._dense is not None else len(self._rows)
        return f"SparseRowGrad(shape={self.shape}, 행 {count}개)"


class ArrayGrad:
    """밀집 배열 기울기(책의 계층이 ``grads``에 두는 ndarray)를 :class:`SparseRowGrad`와 같은 메서드로 보는 창.

    배열을 복사하지 않고 감쌉니다: :meth:`scale`은 그 배열을 제자리에서 바꾸고, :meth:`apply_rows`는 모든 행을
    한 번에 갱신합니다 (block은 무시). :func:`as_grad`가 만듭니다.
    """

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray):
        self.array = array

    @property
    def shape(self) -> tuple:
        return self.array.shape

    def squared_norm(self) -> float:
        """‖dW‖² (float64로 더함)."""
        return float(np.sum(self.array.astype(np.float64) ** 2))

    def scale(self, factor: float) -> None:
        """dW ← factor·dW (제자리)."""
        self.array *= factor

    def apply_rows(self, update, arrays, block: int | None = None) -> None:
        """``update(*arrays, dW)``: 모든 행을 한 번에 (밀집 기울기는 모든 행을 건드린 것으로 봅니다)."""
        update(*arrays, self.array)

    def to_array(self) -> np.ndarray:
        """감싼 배열 그 자체 (복사 없음)."""
        return self.array


def as_grad(grad) -> SparseRowGrad | ArrayGrad:
    """기울기 하나를 :class:`SparseRowGrad`/:class:`ArrayGrad`의 공통 메서드로 다룰 수 있게 합니다.

    SparseRowGrad는 그대로, 배열(책의 밀집 기울기)은 복사 없이 :class:`ArrayGrad`로 감싸 돌려줍니다.
    기울기의 종류를 가리는 유일한 곳입니다."""
    return grad if isinstance(grad, (SparseRowGrad, ArrayGrad)) else ArrayGrad(np.asarray(grad))


class BatchRows:
    """배치의 (예시 n, 행 번호) 쌍들을 서로 다른 행 U 개로 묶은 희소 접속 행렬 A (N, U).

    A[n, u] = (예시 n이 행 rows[u]를 쓰는 가중치). CSR 형식이며, 쌍이 예시 순서로 놓여 있으므로 정렬 없이
    바로 만듭니다 (``indptr``만 계산). 이 행렬 하나로

    - 순전파의 가중 평균:   ``mix(coef, gather(W))`` = A @ W[rows]      → (N, H)
    - 역전파의 행 기울기: ``scatter(coef, dh)``   = Aᵀ @ dh          → (U, H), 중복 행은 자동으로 합쳐짐

    을 계산해 **돌려줍니다** (기울기에 저장하는 쪽은 :meth:`SparseRowGrad.set_from_batch`). 같은 행을 여러 번
    읽거나 (N, K, H) 배열을 만들지 않습니다.

    배치가 행의 대부분(:attr:`DENSE_ROW_FRACTION` 이상, 예: PTB의 배치 32,000은 V = 10,000 가운데 90–99%)을
    쓰면 고유 행을 모으지 않고 **모든 행**을 씁니다: ``rows``가 None (U = V, rows[u] = u), ``gather(W)``는 W
    그 자체(복사 없음), ``scatter``는 (V, H)를 돌려주고, 기울기는 밀집 형태로 저장됩니다. 건드린 행이 적으면(예:
    NSMC 형태소, V = 36,019에서 배치 32,000의 맥락은 행의 35%) 행 형태라서 곱의 결과와 옵티마이저가 다루는
    배열이 (U, H)로 작아집니다. 계산 결과는 두 경우에 같습니다.

    Attributes
    ----------
    rows : (U,) int64 서로 다른 행 번호 (오름차순), 또는 None (모든 행)
    inverse : (M,) int32 (행이 2³¹ 개 이상이면 int64), 쌍 m의 행이 rows의 몇 번째인지 (None이면 행 번호 그대로)
    indptr : (N+1,) int32 (쌍이 2³¹ 개 이상이면 int64), 예시 n의 쌍은 indptr[n]:indptr[n+1]
    """

    DENSE_ROW_FRACTION = 0.75
    """배치가 쓰는 서로 다른 행이 V의 이 비율 이상이면 모든 행을 씁니다 (밀집 형태; 행 모으기·행 복사를 건너뜀).
    그보다 적으면 행 형태입니다: 밀집 형태의 (V, H) 배열들(기울기, lazy Adam의 W·m·v)을 훑는 일이 건드린 행
    U 개만 다루는 일보다 커집니다 (V = 36,019, H = 100에서 재어 고름: 건드린 행 35%면 행 형태의 Adam 갱신이
    2–3배 빠르고, 90% 이상이면 밀집 형태가 빠름)."""

    def __init__(self, idx: np.ndarray, indptr: np.ndarray, num_rows: int):
        self.num_rows = num_rows
        present = row_mask(idx, num_rows)
        if np.count_nonzero(present) >= self.DENSE_ROW_FRACTION * num_rows:
            self.rows = None
            self.inverse = idx.astype(sparse_index_dtype(num_rows), copy=False)
            self._touched = present
        else:
            self.rows, self.inverse = unique_rows(idx, num_rows, present)
            self._touched = None
        self.indptr = indptr

    def gather(self, W: np.ndarray) -> np.ndarray:
        """W[rows] (U, H): 곱에 쓰는 행들. 모든 행을 쓰는 경우에는 W 그 자체입니다 (복사 없음)."""
        return W if self.rows is None else np.take(W, self.rows, axis=0)

    def touched_mask(self) -> np.ndarray:
        """(V,) bool: 배치에 한 번 이상 나온 행 (모든 행을 쓰는 경우의 밀집 기울기 표시)."""
        return self._touched if self._touched is not None else row_mask(self.rows, self.num_rows)

    @property
    def num_unique(self) -> int:
        """곱의 열 수 U (모든 행이면 V)."""
        return self.num_rows if self.rows is None else len(self.rows)

    @classmethod
    def regular(cls, idx: np.ndarray, num_rows: int) -> "BatchRows":
        """idx (N, K): 모든 예시가 K 개씩 쓰는 경우."""
        n, k = idx.shape
        return cls(idx.reshape(-1), np.arange(0, n * k + 1, k, dtype=sparse_index_dtype(n * k)), num_rows)

    @classmethod
    def from_mask(cls, idx: np.ndarray, mask: np.ndarray, num_rows: int, counts=None) -> "BatchRows":
        """idx (N, K) 가운데 mask (N, K)가 True인 칸만 쓰는 경우 (줄어드는 윈도우). 쌍은 행 우선 순서.

        counts : (N,) int, 이미 알고 있는 행마다의 True 개수 (= mask.sum(axis=1); 주면 다시 세지 않음)."""
        indptr = indptr_from_counts(mask.sum(axis=1) if counts is None else counts, idx.size)
        return cls(idx[mask], indptr, num_rows)

    def mix(self, coef: np.ndarray, row_values: np.ndarray) -> np.ndarray:
        """A @ row_values: row_values (U, H) → (N, H). 예: 맥락 벡터의 (가중) 평균. coef : (M,) 쌍 m의 가중치."""
        return csr_matmul(self.indptr, self.inverse, coef, row_values, self.num_unique)

    def scatter(self, coef: np.ndarray, x: np.ndarray, *, start: int = 0, out: np.ndarray | None = None) -> np.ndarray:
        """Aᵀ @ x: x (N, H) → (U, H). 예시별 값을 행별 기울기로 모아 더한 값을 돌려줍니다.

        start, out : 배치의 조각만 더할 때. x가 예시 start..start+len(x)−1의 값 (n, H)이면 그 예시들의 기여를 (U, H)
            ``out``에 더합니다 (None이면 새 배열). 조각을 예시 순서대로 이어 부르면 한 번에 부른 것과 비트 단위로 같습니다
            (같은 커널이 같은 순서로 더함): 모델이 (N, H) dh 전체를 만들지 않고 조각마다 기울기를 모을 때 씁니다."""
        return csr_transpose_matmul(self.indptr[start:start + len(x) + 1], self.inverse, coef, x, self.num_unique,
                                    out=out)
