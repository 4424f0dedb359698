"""학습 루프 안에서 두 번째 CPU 코어를 쓰는 작은 실행기 (NumPy·SciPy가 큰 배열 연산 동안 GIL을 놓는 점을 이용).

모듈 전역 상태는 없습니다. 실행기는 객체이고, 주인(:class:`~w2vlib.trainer.Trainer`)이 ``fit`` 동안만 만들어
닫으며, 모델·손실·옵티마이저는 그것을 인자 ``pool``로 받습니다::

    with WorkerPool(2) as pool:
        loss = model.forward(contexts, target, pool=pool)
        model.backward(pool=pool)
        optimizer.update(model.params, model.grads, pool=pool)

``pool``을 주지 않으면(None) 스레드 없이 순서대로 실행합니다 (:func:`run_both`). :meth:`WorkerPool.run_both`는
서로 겹치지 않는 두 일을 동시에 돌립니다. 두 일은 서로 다른 출력 구간에 쓰고, 합치는 순서가 정해져 있어서
**결과는 스레드 수와 상관없이 비트 단위로 같습니다** (같은 시드 → 같은 벡터).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ._checks import positive_int


class WorkerPool:
    """일 두 개를 (``workers`` = 2이면 스레드 둘로) 동시에 돌리는 실행기. ``with`` 블록이나 :meth:`close`로 닫습니다.

    Parameters
    ----------
    workers : 1 (스레드 없음, 순서대로) 또는 2 (스레드 하나를 더 켬). 3 이상도 받지만 2와 같습니다 (일을 둘로만 나눔).
    """

    def __init__(self, workers: int = 1):
        self.workers = positive_int("workers", workers)
        self._executor = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="w2vlib")
                          if self.workers >= 2 else None)

    @property
    def active(self) -> bool:
        """두 번째 스레드가 켜져 있는지 (닫으면 False)."""
        return self._executor is not None

    def close(self) -> None:
        """스레드를 닫습니다 (여러 번 불러도 됩니다). 닫은 뒤에는 순서대로 실행합니다."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run_both(self, first, second):
        """``first()``와 ``second()``를 (켜져 있으면 동시에) 실행해 두 결과를 돌려줍니다. 예외는 그대로 전달됩니다."""
        executor = self._executor
        if executor is None:
            return first(), second()
        err = np.geterr()                          # np.errstate는 스레드마다 따로라서, 부른 쪽의 설정을 넘겨줍니다

        def second_with_caller_errstate():
            with np.errstate(**err):
                return second()

        future = executor.submit(second_with_caller_errstate)
        try:
            a = first()
        finally:
            b = future.result()
        return a, b

    def __repr__(self) -> str:
        return f"WorkerPool(workers={self.workers}, {'켜짐' if self.active else '스레드 없음'})"


def run_both(pool: WorkerPool | None, first, second):
    """``pool.run_both(first, second)``, ``pool``이 None이면 스레드 없이 순서대로 (인자 ``pool=None``의 기본값)."""
    return (first(), second()) if pool is None else pool.run_both(first, second)


def is_parallel(pool: WorkerPool | None) -> bool:
    """``pool``이 두 번째 스레드를 켜 두었는지 (None이면 False). 나눠 계산할 가치가 있는지 고를 때 씁니다."""
    return pool is not None and pool.active


def halves(n: int) -> tuple[slice, slice]:
    """0..n을 앞뒤 절반 두 구간으로 (스레드 수와 상관없이 늘 같은 분할)."""
    mid = n // 2
    return slice(0, mid), slice(mid, n)
