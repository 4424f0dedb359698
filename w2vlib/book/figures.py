"""노트북 그림의 공통 모양 (축 이름·로그 눈금·격자·범례를 한 번에).

한글 글꼴은 :func:`w2vlib.book.plotting.use_korean_font`가 등록합니다.
"""
from __future__ import annotations

from typing import Sequence

from .formatting import format_plain_number


PANEL_WIDTH = 5.5
"""그림 칸 하나의 너비(인치). 칸 여럿을 가진 그림은 칸을 **위아래로** 쌓습니다 (:func:`stacked_panels`).

책의 그림은 100 dpi로 저장되어 5.5인치가 약 540 px입니다. 휴대폰(화면 400 px, 본문 368 px)에서는 그림이 0.68배로
줄어 10pt 글자가 약 9 px로 읽히고, 넓은 화면의 본문(약 750 px)에는 줄이지 않고 들어갑니다. 칸 두 개를 옆으로 놓은
10–13인치 그림은 휴대폰에서 0.29–0.37배로 줄어 축 이름이 4–5 px였습니다 (2026-12-07, 빌드한 책에서 잼)."""


WIDE_WIDTH = 7.0
"""칸 하나로 된 넓은 그림(가로 막대그림, 작은 그림 격자, 트리)의 너비(인치). 약 690 px이라 넓은 화면의 본문에는 줄이지
않고 들어가고, 휴대폰(본문 368 px)에서는 0.53배로 보입니다 (9인치는 0.41배)."""


def stacked_panels(n: int, height: float = 3.4, **subplots_kw):
    """칸 ``n``개를 위아래로 쌓은 그림 ``(fig, axes)``: 너비 :data:`PANEL_WIDTH`, 칸마다 높이 ``height`` 인치.

    ``axes``는 (n,) 배열입니다 (n = 1이면 Axes 하나). ``subplots_kw``는 ``plt.subplots``에 그대로 넘깁니다 (예: ``sharex``)."""
    import matplotlib.pyplot as plt

    return plt.subplots(n, 1, figsize=(PANEL_WIDTH, height * n), **subplots_kw)


def plain_log_labels(axis) -> None:
    """로그 눈금의 이름을 10^k 모양 대신 "1,000" 같은 보통 숫자로 씁니다 (``ax.xaxis`` 또는 ``ax.yaxis``)."""
    import matplotlib.ticker as mticker

    axis.set_major_formatter(mticker.FuncFormatter(format_plain_number))
    axis.set_minor_formatter(mticker.NullFormatter())


def style_axes(ax, *, xlabel: str | None = None, ylabel: str | None = None, title: str | None = None,
               logx: bool = False, logy: bool = False, plain: bool = False, grid: str | None = "major",
               legend: bool | str = False):
    """축 하나의 모양을 한 번에 정하고 ``ax``를 돌려줍니다.

    logx/logy : 로그 눈금; plain이면 로그 눈금의 이름도 보통 숫자로 (:func:`plain_log_labels`)
    grid : "major"·"both"·"y" (y축 격자만) 또는 None; legend : True 또는 범례 위치 ("lower right" 등)
    """
    if logx:
        ax.set_xscale("log")
        if plain:
            plain_log_labels(ax.xaxis)
    if logy:
        ax.set_yscale("log")
        if plain:
            plain_log_labels(ax.yaxis)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    if grid == "y":
        ax.grid(axis="y", alpha=0.3)
    elif grid is not None:
        ax.grid(True, which=grid, alpha=0.3)
    if legend:
        ax.legend(**({} if legend is True else {"loc": legend}))
    return ax


def line_plot(ax, x: Sequence, series: dict, *, styles: Sequence[str] = ("o-", "s-", "d-", "^-"),
              colors: Sequence[str] | None = None, **style):
    """같은 x에 여러 선: ``series`` = {범례 이름: y 값}. 나머지 키워드는 :func:`style_axes`로 넘깁니다."""
    colors = colors or [None] * len(series)
    for (label, ys), fmt, color in zip(series.items(), list(styles) * len(series), colors):
        ax.plot(x, ys, fmt, label=label, color=color)
    return style_axes(ax, legend=style.pop("legend", True), **style)


def barh_with_labels(ax, names: Sequence[str], values: Sequence[float], labels: Sequence[str], *,
                     colors: Sequence[str] | None = None, log: bool = True, **style):
    """가로 막대와 막대 끝의 값 이름표. 로그 눈금이면 가장 큰 값의 20배까지 자리를 둡니다 (이름표가 들어가게)."""
    bars = ax.barh(list(names), list(values), color=colors)
    ax.bar_label(bars, labels=list(labels), padding=3)
    if log:
        ax.set_xlim(min(values) / 2, max(values) * 20)
    ax.invert_yaxis()
    return style_axes(ax, logx=log, plain=log, grid=None, **style)
