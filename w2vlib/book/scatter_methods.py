"""4.1장의 scatter-add 비교: 같은 행이 여러 번 나올 수 있는 행 기울기를 더하는 네 가지 방법.

``dW[idx] += dout``은 ``idx``에 중복이 있으면 **마지막 값만 남기고 덮어씁니다**. 올바른 방법은 중복을
모두 더하는 것이고, 그 방법마다 속도가 크게 다릅니다(4.1장에서 측정). 모두 같은 결과를 내며
테스트가 파이썬 루프 기준 구현과 비교합니다. 학습에 쓰는 빠른 경로는 핵심 모듈 :mod:`w2vlib.scatter`에 있습니다.

공통 인자: target (V, H) float (제자리에서 바뀜), idx (n,) int (0 <= idx < V), values (n, H) float.
"""
from __future__ import annotations

import numpy as np

from ..scatter import add_rows_add_at_flat, sum_rows


def add_rows_loop(target: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """기준 구현: 파이썬 루프로 한 행씩 더합니다. ``target`` (V, H)를 제자리에서 바꿉니다."""
    for i, row in enumerate(idx):
        target[row] += values[i]


def add_rows_add_at(target: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """책의 방법: 2차원 ``np.add.at``. 중복을 올바르게 더하지만 NumPy의 빠른 경로를 타지 못합니다."""
    np.add.at(target, idx, values)


def add_rows_sparse(target: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """:func:`sum_rows`로 중복을 먼저 합친 뒤, 고유 행에 한 번씩 더합니다 (중복이 없으니 팬시 인덱싱이 안전)."""
    rows, summed = sum_rows(idx, values, len(target))
    target[rows] += summed


METHODS = {
    "파이썬 루프": add_rows_loop,
    "np.add.at (2차원)": add_rows_add_at,
    "np.add.at (평면 인덱스)": add_rows_add_at_flat,
    "scipy.sparse 곱": add_rows_sparse,
}
"""4.1장의 비교 표에 쓰는 이름 → 함수."""
