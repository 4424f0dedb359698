"""matplotlib 에서 한글을 그리게 합니다 (시스템 글꼴이 없는 새 노트북이나 Colab 에서도).

``koreanize-matplotlib`` 휠이 담고 있는 NanumGothic 글꼴 **파일만** 등록합니다. 그 패키지를 import 하면
Python ≥ 3.12 에서 ``distutils`` 가 없어 실패하므로, import 없이 파일 위치만 찾습니다.
NanumGothic 에는 유니코드 마이너스 기호(U+2212)가 없으므로 글꼴 목록을 [DejaVu Sans, NanumGothic] 으로
둡니다: 라틴 문자·숫자·마이너스(−, 로그 눈금의 10⁻³ 포함)는 DejaVu Sans 로, 한글은 matplotlib 의 글리프
단위 대체(fallback)로 NanumGothic 으로 그립니다.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

FONT_FAMILY = "NanumGothic"


def korean_font_path() -> Path:
    """NanumGothic.ttf 의 경로 (``koreanize_matplotlib`` 패키지를 import 하지 않고 찾음)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("koreanize-matplotlib 패키지가 없습니다: pip install koreanize-matplotlib "
                          "(w2vlib 을 pip install -e . 로 설치하면 함께 설치됩니다).")
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).rglob("NanumGothic*.ttf")):
            if path.stem == "NanumGothic":
                return path
    raise FileNotFoundError("koreanize_matplotlib 안에서 NanumGothic.ttf 를 찾지 못했습니다.")


def use_korean_font() -> str:
    """NanumGothic 을 등록하고 기본 글꼴로 지정합니다. 여러 번 불러도 안전합니다. 글꼴 이름을 돌려줍니다."""
    path = korean_font_path()
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = ["DejaVu Sans", FONT_FAMILY]
    mpl.rcParams["axes.unicode_minus"] = True
    return FONT_FAMILY
