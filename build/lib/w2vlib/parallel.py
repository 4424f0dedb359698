"""학습 루프 안에서 두 번째 CPU 코어를 쓰는 작은 도우미 (NumPy·SciPy가 큰 배열 연산 동안 GIL을 놓는 점을 이용).

:class:`~w2vlib.trainer.Trainer`가 ``fit`` 동안만 ``with workers(2):``로 스레드 하나를 켜 두고, 그 안의 계산은
:func:`run_both`로 서로 겹치지 않는 두 일을 동시에 돌립니다. 두 일은 서로 다른 출력 구간에 쓰고, 합치는 순서가
정해져 있어서 **결과는 스레드 수와 상관없이 비트 단위로 같습니다** (같은 시드 → 같은 벡터). ``with`` 블록 밖에서는
아무 스레드도 만들지 않고 순서대로 실행합니다.
"""
from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

_pool: ThreadPoolExecutor | None = None


@contextlib.contextmanager
def workers(n: int = 2):
    """블록 안에서 :func:`run_both`가 ``n`` (1 또는 2) 개의 스레드로 일하게 합니다. 블록을 나가면 스레드를 닫습니다."""
    global _pool
    if n < 2 or _pool is not None:             # 1이거나 이미 켜져 있으면 그대로
        yield
        return
    _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="w2vlib")
    try:
        yield
    finally:
        pool, _pool = _pool, None
        pool.shutdown(wait=True)


def active() -> bool:
    """두 번째 스레드가 켜져 있는지 (``with workers(2):`` 블록 안인지)."""
    return _pool is not None


def run_both(first, second):
    """``first()``와 ``second()``를 (켜져 있으면 동시에) 실행해 두 결과를 돌려줍니다. 예외는 그대로 전달됩니다."""
    pool = _pool
    if pool is None:
        return first(), second()
    err = np.geterr()                          # np.errstate는 스레드마다 따로라서, 부른 쪽의 설정을 넘겨줍니다

    def second_with_caller_errstate():
        with np.errstate(**err):
            return second()

    future = pool.submit(second_with_caller_errstate)
    try:
        a = first()
    finally:
        b = future.result()
    return a, b


def halves(n: int) -> tuple[slice, slice]:
    """0..n을 앞뒤 절반 두 구간으로 (스레드 수와 상관없이 늘 같은 분할)."""
    mid = n // 2
    return slice(0, mid), slice(mid, n)
