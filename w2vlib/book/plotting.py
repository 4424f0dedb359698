"""matplotlib에서 한글을 그리게 합니다 (시스템 글꼴이 없는 새 노트북이나 Colab에서도).

``koreanize-matplotlib`` 휠이 담고 있는 NanumGothic 글꼴 **파일만** 등록합니다. 그 패키지를 import 하면
Python ≥ 3.12에서 ``distutils``가 없어 실패하므로, import 없이 파일 위치만 찾습니다.
NanumGothic에는 유니코드 마이너스 기호(U+2212)가 없으므로 글꼴 목록을 [DejaVu Sans, NanumGothic]으로
둡니다: 라틴 문자·숫자·마이너스(−, 로그 눈금의 10⁻³ 포함)는 DejaVu Sans로, 한글은 matplotlib의 글리프
단위 대체(fallback)로 NanumGothic으로 그립니다.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

FONT_FAMILY = "NanumGothic"


def korean_font_path() -> Path:
    """NanumGothic.ttf의 경로 (``koreanize_matplotlib`` 패키지를 import 하지 않고 찾음)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("koreanize-matplotlib 패키지가 없습니다: pip install koreanize-matplotlib "
                          "(w2vlib을 pip install -e . 로 설치하면 함께 설치됩니다).")
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).rglob("NanumGothic*.ttf")):
            if path.stem == "NanumGothic":
                return path
    raise FileNotFoundError("koreanize_matplotlib 안에서 NanumGothic.ttf를 찾지 못했습니다.")


def use_korean_font() -> str:
    """NanumGothic을 등록하고 기본 글꼴로 지정합니다. 여러 번 불러도 안전합니다. 글꼴 이름을 돌려줍니다."""
    path = korean_font_path()
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = ["DejaVu Sans", FONT_FAMILY]
    mpl.rcParams["axes.unicode_minus"] = True
    return FONT_FAMILY


def label_points(ax, xs, ys, labels, colors=None, fontsize=8, **text_kw):
    """점 ``(xs[i], ys[i])``에 ``labels[i]`` 이름표를 달고, 이름표끼리 겹치지 않게 ``adjustText``로 옮깁니다.

    옮긴 이름표는 가는 회색 선으로 자기 점과 이어집니다. 로그 눈금 축에서도 됩니다 (축 눈금을 먼저 정한 뒤
    부르세요). ``colors``는 색 하나 또는 이름표마다의 색 목록입니다. 만든 ``Text`` 목록을 돌려줍니다.
    """
    from adjustText import adjust_text   # 그림을 그릴 때만 필요한 의존성

    xs, ys, labels = list(xs), list(ys), [str(s) for s in labels]
    if not (len(xs) == len(ys) == len(labels)):
        raise ValueError(f"xs, ys, labels의 길이가 같아야 합니다: {len(xs)}, {len(ys)}, {len(labels)}")
    if colors is None or isinstance(colors, str) or (isinstance(colors, tuple) and len(colors) in (3, 4)
                                                     and all(isinstance(c, float) for c in colors)):
        colors = [colors] * len(labels)
    texts = [ax.text(x, y, s, fontsize=fontsize, color=c, **text_kw)
             for x, y, s, c in zip(xs, ys, labels, colors)]
    if texts:
        adjust_text(texts, x=xs, y=ys, ax=ax, expand=(1.2, 1.5), force_text=(0.3, 0.5), iter_lim=2000,
                    arrowprops=dict(arrowstyle="-", color="0.5", lw=0.6))
    return texts
