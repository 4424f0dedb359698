"""노트북과 벤치마크가 함께 쓰는 시간 측정 도우미 (책 전체에서 시간 재는 방법은 이것 하나).

다른 작업이 끼어들면 측정값이 늘어나기만 하므로, 여러 번 재서 **가장 짧은 시간**을 씁니다.
"""
from __future__ import annotations

import time
import timeit
from typing import Callable

from .._checks import positive_float, positive_int

MAX_NUMBER = 100_000  # 짧은 작업을 묶어 잴 때 한 번에 부르는 최대 횟수


def best_time(fn: Callable[[], object], repeat: int = 5, number: int | None = None, min_total: float = 0.002,
              setup: Callable[[], object] | None = None) -> float:
    """``fn`` 한 번의 실행 시간(초)을 ``repeat``번 재서 가장 짧은 값을 돌려줍니다.

    Parameters
    ----------
    fn : 인자 없는 함수 (``setup``이 있으면 ``setup()``의 결과 하나를 받는 함수)
    repeat : 잴 횟수 (그중 최솟값)
    number : 한 번 잴 때 ``fn``을 몇 번 부를지. None이면 묶음 하나가 ``min_total``초 이상이 되도록
        1, 10, 100, …으로 늘려 정합니다 (그 첫 실행은 준비 실행을 겸합니다).
    setup : 잴 때마다 **시간 밖에서** 부를 준비 함수 (예: 0으로 채운 새 출력 배열). 주면 ``number`` = 1입니다.

    Returns
    -------
    float, 호출 한 번의 초 (``number``번 부른 시간 / ``number``의 최솟값)
    """
    repeat = positive_int("repeat", repeat)
    if setup is not None:
        times = []
        for _ in range(repeat):
            arg = setup()
            start = time.perf_counter()
            fn(arg)
            times.append(time.perf_counter() - start)
        return min(times)
    if number is None:
        min_total = positive_float("min_total", min_total)
        number = 1
        while timeit.timeit(fn, number=number) < min_total and number < MAX_NUMBER:
            number *= 10
    number = positive_int("number", number)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


class StepTimer:
    """반복문 안의 여러 단계를 따로 잽니다. 단계마다 가장 짧은 시간을 돌려줍니다.

    >>> timer = StepTimer()
    >>> for _ in range(3):
    ...     with timer("더하기"):
    ...         _ = sum(range(100))
    >>> sorted(timer.best())
    ['더하기']
    """

    def __init__(self):
        self.times: dict[str, list[float]] = {}

    def __call__(self, name: str) -> "_Lap":
        return _Lap(self.times.setdefault(name, []))

    def best(self) -> dict[str, float]:
        """{단계 이름: 가장 짧은 초}, 처음 잰 순서대로."""
        return {name: min(ts) for name, ts in self.times.items() if ts}


class _Lap:
    def __init__(self, into: list[float]):
        self.into = into

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.into.append(time.perf_counter() - self.start)
        return False
