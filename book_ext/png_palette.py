"""빌드된 책의 그림(PNG)을 256색 팔레트 PNG로 다시 저장해 페이지 무게를 줄입니다.

노트북의 matplotlib 그림은 몇 가지 색과 그 사이의 안티에일리어싱뿐이라, 중앙값 분할(median cut)로 고른 256색 팔레트로
바꿔도 픽셀 값이 거의 그대로입니다 (이 책의 그림 15개: 픽셀의 평균 차이 0.01–0.07 / 255, 파일은 약 3분의 1). 휴대폰으로
읽는 독자가 내려받는 바이트가 그만큼 줄어듭니다. 그림마다 원래 그림과 픽셀을 비교해, 차이가 :data:`MAX_MEAN_ERROR`나
:data:`MAX_P999_ERROR`를 넘거나(그라데이션·사진) 파일이 작아지지 않거나 투명한 픽셀이 있으면 원래 그림을 그대로 둡니다.

빌드가 끝날 때(``build-finished``) 출력 폴더의 ``_images/*.png``만 바꿉니다. 노트북에 저장된 출력은 건드리지 않습니다.

사용: ``_config.yml``의 ``sphinx: local_extensions: {png_palette: book_ext/}``.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from w2vlib.atomic_write import atomic_write

MAX_MEAN_ERROR = 0.5
"""팔레트로 바꾼 그림을 쓰는 조건: 채널 차이의 픽셀 평균 최댓값 (0–255 눈금)."""
MAX_P999_ERROR = 16
"""팔레트로 바꾼 그림을 쓰는 조건: 픽셀의 99.9%에서 채널 차이의 최댓값 (0–255 눈금)."""


def palette_png(data: bytes) -> bytes | None:
    """PNG 바이트 → 256색 팔레트 PNG 바이트. 원래 그림과 거의 같고 더 작을 때만 돌려주고, 아니면 None.

    투명한 픽셀이 있는 그림, 이미 팔레트인 그림은 None (그대로 둠)."""
    image = Image.open(io.BytesIO(data))
    if image.mode == "P":
        return None
    rgba = np.asarray(image.convert("RGBA"))
    if (rgba[..., 3] != 255).any():
        return None
    rgb = Image.fromarray(rgba[..., :3])
    quantized = rgb.quantize(256, method=Image.Quantize.MEDIANCUT, kmeans=2, dither=Image.Dither.NONE)
    error = np.abs(np.asarray(rgb, dtype=np.int16) - np.asarray(quantized.convert("RGB"), dtype=np.int16)).max(axis=2)
    if error.mean() > MAX_MEAN_ERROR or np.percentile(error, 99.9) > MAX_P999_ERROR:
        return None
    out = io.BytesIO()
    quantized.save(out, "PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else None


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in sorted((Path(app.outdir) / "_images").glob("*.png")):
        smaller = palette_png(path.read_bytes())
        if smaller is not None:
            with atomic_write(path, "wb", encoding=None) as f:      # 빌드가 중간에 멈춰도 반쯤 쓴 그림이 없음
                f.write(smaller)


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
