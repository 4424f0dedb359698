"""w2vlib.book.plotting.label_points: 한곳에 몰린 점의 이름표가 겹치지 않게 펼쳐지는지."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib.book.plotting import label_points, use_korean_font


def _overlaps(fig, texts):
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return [(a.get_text(), b.get_text()) for (a, ba), (b, bb) in itertools.combinations(zip(texts, boxes), 2)
            if ba.overlaps(bb)]


@pytest.mark.parametrize("log_x", [False, True])
def test_crowded_labels_are_spread_apart(log_x):
    use_korean_font()
    fig = Figure(figsize=(5, 4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rng = np.random.default_rng(0)
    x = np.r_[rng.uniform(1, 1e4, 200), [5e4, 5.2e4, 5.1e4, 4.9e4]] if log_x else np.r_[rng.uniform(0, 10, 200), [5, 5.01, 5.02, 4.99]]
    y = np.r_[rng.uniform(0, 10, 200), [5, 5.02, 4.98, 5.01]]
    ax.scatter(x, y, s=3)
    if log_x:
        ax.set_xscale("log")
    words = ["the", "a", "연도", "king", "children", "<unk>"]
    idx = [200, 201, 202, 203, 0, 1]
    # 이 점들은 거의 같은 자리여서, 점 위치에 그대로 쓰면 이름표가 겹칩니다 (검사가 겹침을 알아보는지 먼저 확인)
    plain = [ax.text(x[i], y[i], w, fontsize=9) for i, w in zip(idx[:4], words[:4])]
    fig.canvas.draw()
    assert _overlaps(fig, plain)
    for t in plain:
        t.remove()
    texts = label_points(ax, x[idx], y[idx], words, colors="tab:red", fontsize=9)
    fig.canvas.draw()
    assert [t.get_text() for t in texts] == words
    assert not _overlaps(fig, texts)


def test_length_mismatch_is_a_clear_error():
    fig = Figure()
    ax = fig.add_subplot()
    with pytest.raises(ValueError, match="길이가 같아야"):
        label_points(ax, [1, 2], [1], ["a", "b"])
