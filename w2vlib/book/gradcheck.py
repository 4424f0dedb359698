"""수치 미분. 계층의 역전파(해석적 기울기)가 맞는지 중심 차분으로 확인합니다 (테스트와 노트북에서 사용)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """스칼라 함수 ``f()``의 ``x``에 대한 기울기를 중심 차분 (f(x+ε) − f(x−ε)) / 2ε으로 구합니다.

    ``x``를 제자리에서 잠깐 바꿨다가 되돌리므로, ``f``는 ``x``를 (참조로) 읽어야 합니다.
    정확도를 위해 ``x``는 float64여야 합니다.

    x : 임의 shape의 float64 배열 → 같은 shape의 기울기
    """
    if x.dtype != np.float64:
        raise TypeError(f"x: 수치 미분에는 float64 배열이 필요합니다 (받은 dtype: {x.dtype}).")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        f_plus = f()
        x[i] = old - eps
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """두 기울기의 최대 상대 오차 max|a−b| / max(|a|+|b|, 1e-12)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-12))
