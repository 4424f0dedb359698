"""입력 검사 도우미. 잘못된 입력은 조용한 NaN·엉뚱한 브로드캐스트 대신, 인자 이름과 기대한 것을 밝힌
한국어 오류로 바로 알립니다. 모든 모듈이 이 함수들만 씁니다."""
from __future__ import annotations

import numpy as np


def as_index_array(name: str, x, upper: int | None = None, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """정수 인덱스 배열로 검사해 돌려줍니다.

    Parameters
    ----------
    name : 오류 메시지에 쓸 인자 이름
    x : array_like of int
    upper : 허용 범위 ``0 <= x < upper`` (None 이면 상한 검사 없음)
    ndim : 허용하는 차원 수 (정수 또는 튜플)
    """
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        if arr.size == 0:
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"{name}: 정수 단어 ID 배열이어야 합니다 (받은 dtype: {arr.dtype}).")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            raise ValueError(f"{name}: {' 또는 '.join(map(str, allowed))}차원 배열이어야 합니다 "
                             f"(받은 shape: {arr.shape}).")
    if arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        if lo < 0 or (upper is not None and hi >= upper):
            bad = lo if lo < 0 else hi
            rng = f"0 이상 {upper} 미만" if upper is not None else "0 이상"
            raise IndexError(f"{name}: 값은 {rng}이어야 합니다 (받은 값 중 {bad}).")
    return arr


def as_float_array(name: str, x, ndim: int | None = None, shape: tuple | None = None,
                   finite: bool = True) -> np.ndarray:
    """실수 배열로 검사해 돌려줍니다. ``shape`` 의 None 항목은 아무 크기나 허용합니다.
    ``finite`` 이면 NaN/inf 도 거부합니다 (학습 루프 안의 역전파처럼 자주 부르는 곳에서는 끕니다)."""
    arr = np.asarray(x)
    if arr.dtype.kind != "f":
        raise TypeError(f"{name}: 실수(float) 배열이어야 합니다 (받은 dtype: {arr.dtype}).")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name}: {ndim}차원 배열이어야 합니다 (받은 shape: {arr.shape}).")
    if shape is not None:
        if arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
            want = "(" + ", ".join("*" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name}: shape 이 {want} 이어야 합니다 (받은 shape: {arr.shape}).")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: NaN 이나 무한대 값이 들어 있습니다.")
    return arr


def positive_int(name: str, value, minimum: int = 1) -> int:
    """``minimum`` 이상의 정수인지 검사합니다."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}: {minimum} 이상의 정수여야 합니다 (받은 값: {value!r}).")
    return int(value)


def same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """두 배열의 첫 축 길이(배치 크기)가 같은지 검사합니다."""
    if len(a) != len(b):
        raise ValueError(f"{name_a} 와 {name_b} 의 배치 크기가 다릅니다 ({len(a)} ≠ {len(b)}).")
