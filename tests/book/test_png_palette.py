"""book_ext/png_palette.py: 빌드된 책의 그림을 거의 같은 256색 팔레트 PNG로 다시 저장합니다.

변환(빠름): matplotlib 그림은 작아지고 픽셀이 거의 그대로인지, 256색으로 나타낼 수 없는 그림·투명한 그림·이미
팔레트인 그림은 그대로 두는지. 빌드된 책(느림): 그림이 모두 팔레트로 바뀌었고 각 그림의 원본(노트북에 저장된 출력)과
픽셀이 거의 같은지.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book_ext"))
import png_palette as pp  # noqa: E402


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _max_mean_error(a: bytes, b: bytes) -> float:
    x = np.asarray(Image.open(io.BytesIO(a)).convert("RGB"), dtype=np.int16)
    y = np.asarray(Image.open(io.BytesIO(b)).convert("RGB"), dtype=np.int16)
    return float(np.abs(x - y).max(axis=2).mean())


@pytest.fixture(scope="module")
def figure_png() -> bytes:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3), dpi=100)
    x = np.linspace(0, 6, 200)
    for k in range(4):
        ax.plot(x, np.sin(x + k), label=f"k = {k}")
    ax.fill_between(x, -0.2, 0.2, color="0.85")
    ax.legend()
    ax.set_title("figure title")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def test_a_matplotlib_figure_becomes_a_smaller_palette_png_with_nearly_the_same_pixels(figure_png):
    smaller = pp.palette_png(figure_png)
    assert smaller is not None and len(smaller) < 0.6 * len(figure_png)
    assert Image.open(io.BytesIO(smaller)).mode == "P"
    assert Image.open(io.BytesIO(smaller)).size == Image.open(io.BytesIO(figure_png)).size
    assert _max_mean_error(figure_png, smaller) <= pp.MAX_MEAN_ERROR


def test_images_256_colours_cannot_hold_are_left_alone():
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 256, size=(64, 64, 3), dtype=np.uint8))
    assert pp.palette_png(_png(noise)) is None
    y, x = np.mgrid[0:256, 0:256]
    gradient = Image.fromarray(np.stack([x, y, (x + y) // 2], axis=2).astype(np.uint8))   # 65,536색
    assert pp.palette_png(_png(gradient)) is None


def test_transparent_and_palette_images_are_left_alone(figure_png):
    rgba = np.asarray(Image.open(io.BytesIO(figure_png)).convert("RGBA")).copy()
    rgba[:10, :10, 3] = 0
    assert pp.palette_png(_png(Image.fromarray(rgba))) is None
    already = pp.palette_png(figure_png)
    assert pp.palette_png(already) is None


def _stored_pngs() -> dict[str, bytes]:
    """노트북에 저장된 image/png 출력 (myst-nb가 _images에 쓰는 원본)."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get("image/png")
                if data:
                    raw = base64.b64decode("".join(data) if isinstance(data, list) else data)
                    found[f"{path.stem} {cell.get('id')}"] = raw
    return found


def test_built_book_figures_are_palette_pngs_close_to_the_stored_outputs(built_html):
    """myst-nb는 저장된 출력을 그 바이트의 SHA-256 이름으로 ``_images``에 씁니다: 이름으로 원본과 짝지어 비교합니다."""
    built = {p.stem: p.read_bytes() for p in (built_html / "_images").glob("*.png")}
    stored = {hashlib.sha256(raw).hexdigest(): (where, raw) for where, raw in _stored_pngs().items()}
    assert len(built) >= 10 and set(built) == set(stored)
    for name, data in built.items():
        where, original = stored[name]
        assert Image.open(io.BytesIO(data)).mode == "P", f"{where}: 팔레트로 바뀌지 않음"
        assert _max_mean_error(original, data) <= pp.MAX_MEAN_ERROR, where
    assert sum(map(len, built.values())) < 0.5 * sum(len(raw) for _, raw in stored.values())
