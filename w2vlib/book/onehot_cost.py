"""4.1절: 원핫 × W와 행 읽기 ``W[idx]``의 시간·메모리를 재고 그립니다.

:func:`measure_grid`는 벤치마크가 부르고(책은 저장된 결과를 읽음), :func:`measure`·:func:`compare_widget`은 독자가
"이 컴퓨터에서 다시 재기" 셀에서 부릅니다. 이 컴퓨터에서 잰 시간은 실행마다 달라지므로 그 셀은 ``nbval-ignore-output``입니다.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..text import convert_one_hot
from .figures import barh_with_labels, line_plot, stacked_panels
from .formatting import format_bytes
from .timing import best_time

COLORS = ("tab:red", "tab:orange", "tab:blue")   # 원핫 생성 + 곱, 미리 만든 원핫, 행 읽기


def onehot_matmul(idx: np.ndarray, W: np.ndarray) -> np.ndarray:
    """책의 3장 방식: 단어 ID (N,)를 float32 원핫 (N, V)로 바꿔 W (V, H)와 곱합니다 → (N, H)."""
    return convert_one_hot(idx, len(W)).astype(np.float32) @ W


def measure(V: int = 10_000, H: int = 100, N: int = 100, seed: int = 0) -> tuple[dict, dict]:
    """(시간, 메모리): 순전파 한 번의 초 {방법: 초}와 입력 배치의 바이트 {표현: 바이트}.

    세 방법이 같은 결과를 내는지 먼저 확인합니다 (원핫 × W와 행 읽기는 비트 단위로 같습니다)."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, H), dtype=np.float32)
    idx = rng.integers(0, V, size=N)
    one_hot = convert_one_hot(idx, V).astype(np.float32)      # 한 번만 만들어 두는 (N, V) 원핫 배치
    assert np.array_equal(one_hot @ W, W[idx])
    times = {"원핫 생성 + 곱": best_time(lambda: onehot_matmul(idx, W), repeat=3),
             "미리 만든 원핫 @ W": best_time(lambda: one_hot @ W, repeat=3),
             "행 읽기 W[idx]": best_time(lambda: W[idx])}
    memory = {"원핫 (int32, 책)": N * V * 4, "원핫 (float32)": one_hot.nbytes, "단어 ID (int64)": idx.nbytes}
    return times, memory


def compare(V: int = 10_000, H: int = 100, N: int = 100) -> None:
    """위젯의 그림: 왼쪽은 세 방법의 시간, 오른쪽은 입력 배치의 메모리 (둘 다 로그 눈금 가로 막대)."""
    import matplotlib.pyplot as plt
    import matplotlib.ticker as mticker

    times, memory = measure(V, H, N)
    us = [t * 1e6 for t in times.values()]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    barh_with_labels(ax1, list(times), us, [f"{u:,.1f} µs" for u in us], colors=COLORS,
                     xlabel="순전파 한 번의 시간 (마이크로초, 로그 눈금)")
    barh_with_labels(ax2, list(memory), list(memory.values()), [format_bytes(m) for m in memory.values()],
                     colors=COLORS, xlabel="입력 배치의 메모리 (바이트, 로그 눈금)")
    ax2.xaxis.set_major_locator(mticker.LogLocator(base=100))  # 눈금 이름이 겹치지 않게
    speedup = times["원핫 생성 + 곱"] / times["행 읽기 W[idx]"]
    fig.suptitle(f"V = {V:,}, H = {H}, N = {N}: 행 읽기가 원핫 곱보다 약 {speedup:,.0f}배 빠름")
    fig.tight_layout()
    plt.show()


def compare_widget():
    """V, H, N 슬라이더로 :func:`compare`를 다시 부르는 ipywidgets 위젯 (파이썬 커널이 필요합니다)."""
    import ipywidgets as widgets

    def slider(cls, label, **kw):
        return cls(description=label, continuous_update=False, style={"description_width": "initial"}, **kw)

    return widgets.interactive(
        compare,
        V=slider(widgets.SelectionSlider, "어휘 수 V", options=[1_000, 3_000, 10_000, 30_000], value=10_000),
        H=slider(widgets.IntSlider, "은닉층 크기 H", value=100, min=50, max=300, step=50),
        N=slider(widgets.IntSlider, "배치 크기 N", value=100, min=10, max=300, step=10))


GRID = {"V": (1_000, 3_000, 10_000, 30_000, 100_000), "H": (50, 100, 300), "N": (10, 100, 300)}
"""벤치마크의 ``micro_lookup`` 행이 재는 격자: 어휘 수 V × 은닉층 크기 H × 단어 ID 수 N (4.1의 탐색기와 그림이 읽음)."""


def grid_key(method: str, V: int, H: int, N: int) -> str:
    """``micro_lookup`` 행의 부분 이름: ``method``는 ``'onehot'`` (원핫 생성 + 곱) 또는 ``'lookup'`` (행 읽기)."""
    return f"{method}|V{V}|H{H}|N{N}"


def measure_grid(Vs: Sequence[int] = GRID["V"], Hs: Sequence[int] = GRID["H"], Ns: Sequence[int] = GRID["N"],
                 repeat: int = 3, seed: int = 0) -> dict[str, float]:
    """격자의 (V, H, N)마다 원핫 곱(:func:`onehot_matmul`, 원핫 생성 포함)과 행 읽기 ``W[idx]``의 순전파 시간(초, 한 번).

    벤치마크(``benchmarks/suite.py``의 ``micro_lookup`` 행)가 새 프로세스에서 부릅니다. 책은 그 저장된 결과를 읽고
    (:func:`w2vlib.book.results.lookup_grid`), 책을 만들 때 이 함수를 부르지 않습니다.

    Returns
    -------
    dict: :func:`grid_key` 이름 → 초 (``repeat`` 번 잰 것 가운데 최솟값)
    """
    out = {}
    for V in Vs:
        for H in Hs:
            rng = np.random.default_rng(seed)
            W = rng.standard_normal((V, H), dtype=np.float32)
            for N in Ns:
                idx = rng.integers(0, V, size=N)
                out[grid_key("onehot", V, H, N)] = best_time(lambda: onehot_matmul(idx, W), repeat=repeat)
                out[grid_key("lookup", V, H, N)] = best_time(lambda: W[idx], repeat=repeat)
    return out


def plot_sweep(sweep: dict, H: int = 100, N: int = 100):
    """어휘 수 V에 따른 시간과 메모리를 로그-로그 그림 두 개로 (위 시간, 아래 메모리). ``fig``를 돌려줍니다.

    ``sweep``: ``"V"`` (m,) int, ``"onehot_s"``·``"lookup_s"`` (m,) float 초, ``"onehot_bytes"``·``"idx_bytes"`` (m,) int
    (저장된 실행에서는 :func:`w2vlib.book.results.lookup_sweep`)."""
    fig, (ax1, ax2) = stacked_panels(2)
    common = dict(colors=["tab:red", "tab:blue"], xlabel="어휘 수 V", logx=True, logy=True, plain=True)
    line_plot(ax1, sweep["V"], {"원핫 생성 + 곱": sweep["onehot_s"] * 1e6, "행 읽기 W[idx]": sweep["lookup_s"] * 1e6},
              ylabel="시간 (마이크로초, 로그 눈금)", title=f"순전파 한 번 (H = {H}, N = {N})", **common)
    line_plot(ax2, sweep["V"], {"원핫 배치 (N × V, 4바이트)": sweep["onehot_bytes"],
                                "단어 ID (N 개, int64)": sweep["idx_bytes"]},
              ylabel="메모리 (바이트, 로그 눈금)", title="입력 배치의 메모리", **common)
    fig.tight_layout()
    return fig
