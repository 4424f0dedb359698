"""입력 검사 도우미. 잘못된 입력은 조용한 NaN·엉뚱한 브로드캐스트 대신, 인자 이름과 기대한 것을 밝힌
한국어 오류로 바로 알립니다. 모든 모듈이 이 함수들만 씁니다."""
from __future__ import annotations

import math
import os

import numpy as np


class ArgumentError(Exception):
    """잘못된 인자를 알리는 모든 w2vlib 오류의 공통 부모. ``argument``에 문제가 된 인자 이름이 데이터로 들어 있어,
    CLI가 메시지 글자를 해석하지 않고도 그 인자에 해당하는 플래그를 찾을 수 있습니다.

    실제로 던지는 것은 아래의 하위 클래스이므로 ``except ValueError``/``TypeError``/``IndexError``도 그대로 잡힙니다.
    """

    def __init__(self, argument: str, message: str):
        super().__init__(message)
        self.argument = argument


class ArgumentValueError(ArgumentError, ValueError):
    """값이 허용 범위 밖인 인자 (``argument``: 인자 이름)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """종류(dtype, 파이썬 타입)가 틀린 인자 (``argument``: 인자 이름)."""


class ArgumentIndexError(ArgumentError, IndexError):
    """범위 밖의 단어 ID 같은 인덱스 인자 (``argument``: 인자 이름)."""


_KINDS = {ValueError: ArgumentValueError, TypeError: ArgumentTypeError, IndexError: ArgumentIndexError}


def argument_error(kind: type[Exception], name: str, message: str) -> ArgumentError:
    """``name: message`` 형식의 한국어 오류를 만듭니다. ``kind``는 ValueError·TypeError·IndexError 중 하나."""
    return _KINDS[kind](name, f"{name}: {message}")


def one_of(name: str, value, choices) -> object:
    """``value``가 ``choices`` 가운데 하나인지 검사해 돌려줍니다 (손으로 쓴 "… 중 하나여야 합니다" 대신)."""
    choices = tuple(choices)
    try:
        ok = value in choices
    except TypeError:  # 해시할 수 없는 값
        ok = False
    if not ok:
        shown = ", ".join(repr(c) for c in choices)
        raise argument_error(ValueError, name, f"{shown} 중 하나여야 합니다 (받은 값: {value!r}).")
    return value


def as_index_array(name: str, x, upper: int | None = None, ndim: int | tuple[int, ...] | None = None,
                   what: str = "단어 ID") -> np.ndarray:
    """정수 인덱스 배열로 검사해 돌려줍니다.

    uint64 배열은 값이 int64 범위 안인지 확인한 뒤 int64로 바꿔 돌려줍니다 (uint64와 int64를 함께 쓰면
    NumPy가 float64로 승격시키기 때문입니다). 다른 정수 dtype은 그대로 둡니다.

    Parameters
    ----------
    name : 오류 메시지에 쓸 인자 이름
    x : array_like of int
    upper : 허용 범위 ``0 <= x < upper`` (None이면 상한 검사 없음)
    ndim : 허용하는 차원 수 (정수 또는 튜플)
    what : 오류 메시지에 쓸 값의 종류 (기본 "단어 ID", 예: "빈도")
    """
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        if arr.size == 0:
            arr = arr.astype(np.int64)
        else:
            raise argument_error(TypeError, name, f"정수 {what} 배열이어야 합니다 (받은 dtype: {arr.dtype}).")
    if arr.dtype == np.uint64:
        if arr.size and int(arr.max()) > np.iinfo(np.int64).max:
            raise argument_error(IndexError, name, f"값이 너무 큽니다 (받은 값 중 {int(arr.max())}).")
        arr = arr.astype(np.int64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            raise argument_error(ValueError, name, f"{' 또는 '.join(map(str, allowed))}차원 배열이어야 합니다 "
                             f"(받은 shape: {arr.shape}).")
    if arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        if lo < 0 or (upper is not None and hi >= upper):
            bad = lo if lo < 0 else hi
            rng = f"0 이상 {upper} 미만" if upper is not None else "0 이상"
            raise argument_error(IndexError, name, f"값은 {rng}이어야 합니다 (받은 값 중 {bad}).")
    return arr


def as_float_array(name: str, x, ndim: int | None = None, shape: tuple | None = None,
                   finite: bool = True, weights: bool = False) -> np.ndarray:
    """실수 배열로 검사해 돌려줍니다. ``shape``의 None 항목은 아무 크기나 허용합니다.
    ``finite``이면 NaN/inf도 거부합니다 (학습 루프 안의 역전파처럼 자주 부르는 곳에서는 끕니다).
    ``weights``이면 가중치 행렬로 지원하는 float32와 float64만 받습니다 (float16은 희소 기울기의
    scipy.sparse 곱이 지원하지 않습니다)."""
    arr = np.asarray(x)
    if arr.dtype.kind != "f":
        raise argument_error(TypeError, name, f"실수(float) 배열이어야 합니다 (받은 dtype: {arr.dtype}).")
    if weights and arr.dtype not in (np.float32, np.float64):
        raise argument_error(TypeError, name, f"가중치는 float32 또는 float64 배열이어야 합니다 (받은 dtype: {arr.dtype}). "
                        f"W.astype(np.float32)처럼 바꿔 넘기세요.")
    if ndim is not None and arr.ndim != ndim:
        raise argument_error(ValueError, name, f"{ndim}차원 배열이어야 합니다 (받은 shape: {arr.shape}).")
    if shape is not None:
        if arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
            want = "(" + ", ".join("*" if s is None else str(s) for s in shape) + ")"
            raise argument_error(ValueError, name, f"shape가 {want} 모양이어야 합니다 (받은 shape: {arr.shape}).")
    if finite and not np.all(np.isfinite(arr)):
        raise argument_error(ValueError, name, "NaN이나 무한대 값이 들어 있습니다.")
    return arr


def positive_int(name: str, value, minimum: int = 1) -> int:
    """``minimum`` 이상의 정수인지 검사합니다."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise argument_error(ValueError, name, f"{minimum} 이상의 정수여야 합니다 (받은 값: {value!r}).")
    return int(value)


def same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """두 배열의 첫 축 길이(배치 크기)가 같은지 검사합니다."""
    if len(a) != len(b):
        raise argument_error(ValueError, name_b, f"{name_a}와 {name_b}의 배치 크기가 다릅니다 ({len(a)} ≠ {len(b)}).")


def positive_float(name: str, value, allow_zero: bool = False) -> float:
    """유한한 양수(``allow_zero``이면 0 이상) 실수인지 검사해 float로 돌려줍니다 (학습률, ε 같은 하이퍼파라미터)."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0 or np.asarray(value).dtype.kind not in "iuf":
        raise argument_error(TypeError, name, f"실수여야 합니다 (받은 값: {value!r}).")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        want = "0 이상의 유한한 실수" if allow_zero else "0보다 큰 유한한 실수"
        raise argument_error(ValueError, name, f"{want}여야 합니다 (받은 값: {value!r}).")
    return value


def nonempty_batch(name: str, n: int) -> None:
    """손실 계층의 배치가 비어 있지 않은지 검사합니다. 손실은 배치 평균이라 N = 0이면 정의되지 않습니다."""
    if n == 0:
        raise argument_error(ValueError, name, "빈 배치(N = 0)입니다. 손실은 배치 평균이라 예시가 1개 이상 있어야 합니다.")


def require_forward(owner: object, done: bool) -> None:
    """``backward``를 ``forward``보다 먼저 부르면 알립니다 (``done``은 forward가 남긴 값이 있는지)."""
    if not done:
        raise RuntimeError(f"{type(owner).__name__}.backward: forward를 먼저 불러야 합니다 "
                           f"(역전파에 쓸 순전파 결과가 없습니다).")


BYTE_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def format_bytes(n: float) -> str:
    """바이트 수 → "512 B", "7.8 KiB", "38.1 MiB" (1,024배 단위, 소수 한 자리). 책의 표와 오류 메시지가 함께 씁니다."""
    if n < 1024:
        return f"{int(n):,} B"
    for unit in BYTE_UNITS:
        n /= 1024
        if n < 1024:
            break
    return f"{n:,.1f} {unit}"


def physical_memory() -> int | None:
    """이 컴퓨터의 물리 메모리 바이트 수 (알 수 없으면 None)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def affordable(name: str, shape: tuple, dtype, what: str = "결과 배열") -> None:
    """``shape``·``dtype`` 배열을 **만들기 전에** 필요한 메모리를 어림해, 물리 메모리보다 크면 알립니다
    (몇 TiB를 할당하려다 멈추거나 죽는 대신)."""
    nbytes = math.prod(int(d) for d in shape) * np.dtype(dtype).itemsize
    limit = physical_memory()
    if limit is not None and nbytes > limit:
        raise argument_error(ValueError, name, f"{what} {tuple(int(d) for d in shape)} {np.dtype(dtype)}에 메모리가 "
                                               f"약 {format_bytes(nbytes)} 필요합니다 (이 컴퓨터의 메모리 "
                                               f"{format_bytes(limit)}). 더 작은 값을 주세요.")


def as_shape(name: str, shape) -> tuple[int, ...]:
    """배열 모양 인자(정수 하나 또는 정수 튜플·리스트, 모두 0 이상)를 검사해 튜플로 돌려줍니다."""
    dims = (shape,) if isinstance(shape, (int, np.integer)) else shape
    if isinstance(shape, (bool, np.bool_)) or not isinstance(dims, (tuple, list)) or not all(
            isinstance(d, (int, np.integer)) and not isinstance(d, (bool, np.bool_)) for d in dims):
        raise argument_error(TypeError, name, f"정수 또는 정수의 튜플이어야 합니다 (받은 값: {shape!r}).")
    if any(d < 0 for d in dims):
        raise argument_error(ValueError, name, f"크기는 0 이상이어야 합니다 (받은 값: {shape!r}).")
    return tuple(int(d) for d in dims)
