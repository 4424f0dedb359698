"""w2vlib.book.plotting: 한글과 음수 눈금(유니코드 마이너스)을 경고 없이 그리는지."""
from __future__ import annotations

import logging
import warnings

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib.book.plotting import FONT_FAMILY, korean_font_path, use_korean_font

KOREAN = "어휘 수 V에 따른 원핫 곱과 행 읽기의 시간"


def _draw_korean_figure() -> Figure:
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([-3, -1, 0, 2], [-0.5, 1.5, -2.0, 0.25], label="원핫 곱")
    ax.set_title(KOREAN)
    ax.set_xlabel("어휘 수 (단어)")
    ax.set_ylabel("시간 (밀리초)")
    ax.legend(title="방법")
    ax.text(0, 0, "가중치 행렬 W의 행 −1")
    fig.canvas.draw()
    return fig


@pytest.fixture
def restore_rc():
    with mpl.rc_context():
        yield


def test_korean_and_negative_ticks_draw_without_warnings(restore_rc):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing" 같은 경고를 오류로
        assert use_korean_font() == FONT_FAMILY
        assert use_korean_font() == FONT_FAMILY  # 두 번 불러도 안전
        fig = _draw_korean_figure()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(s.startswith("\N{MINUS SIGN}") for s in labels)  # 음수 눈금이 실제로 그려졌음
    assert FONT_FAMILY in mpl.rcParams["font.family"]


def test_without_korean_font_the_check_does_warn(restore_rc):
    """위 테스트가 실제로 실패할 수 있음을 확인: 한글 글꼴이 없으면 Glyph missing 경고가 납니다."""
    mpl.rcParams["font.family"] = ["DejaVu Sans"]
    with pytest.warns(UserWarning, match="missing"):
        _draw_korean_figure()


def test_font_file_exists():
    path = korean_font_path()
    assert path.is_file() and path.suffix == ".ttf" and path.stem == "NanumGothic"


def test_log_axis_negative_exponents_have_no_missing_glyph(restore_rc, caplog):
    use_korean_font()
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.loglog([1e-3, 1.0], [1e-2, 1.0])
    ax.set_title("로그 눈금의 음수 지수")
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        fig.canvas.draw()
    assert not [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]


def test_stacked_panels_put_panels_one_under_another_at_the_phone_friendly_width():
    import matplotlib.pyplot as plt

    from w2vlib.book.figures import PANEL_WIDTH, stacked_panels

    fig, axes = stacked_panels(3, height=2.0, sharex=True)
    try:
        assert fig.get_size_inches() == pytest.approx((PANEL_WIDTH, 6.0))
        boxes = [ax.get_position() for ax in axes]
        assert all(a.y0 > b.y1 for a, b in zip(boxes, boxes[1:]))            # 위에서 아래로, 겹치지 않음
        assert all(b.x0 == pytest.approx(boxes[0].x0) for b in boxes)        # 같은 열
        assert axes[0].get_shared_x_axes().joined(axes[0], axes[2])
    finally:
        plt.close(fig)
