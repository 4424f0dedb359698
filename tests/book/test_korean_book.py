"""w2vlib.book.korean: 4.5절의 표와 가까운 단어 탐색기 (명세의 데이터가 파이썬의 계산과 같고, 크기 한도를 지킴).

브라우저에서 검색 상자를 조작하는 검사는 tests/test_book_explorers.py에 있습니다.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from w2vlib.book import korean as book
from w2vlib.evaluation import most_similar


def _toy_model(V=300, H=16, seed=0):
    rng = np.random.default_rng(seed)
    words = [f"단어{i}" for i in range(V)]
    vecs = rng.standard_normal((V, H)).astype(np.float32)
    return vecs, {w: i for i, w in enumerate(words)}, dict(enumerate(words))


def _columns(explorer):
    return explorer.spec["datasets"]["nbrs"][0]


def test_explorer_data_equals_most_similar():
    vecs, w2i, i2w = _toy_model()
    other = _toy_model(seed=1)
    explorer = book.neighbour_explorer({"형태소": (vecs, w2i, i2w), "어절": other}, n_words=50, top=4,
                                       extra=("단어250", "없는단어"), word="단어3")
    cols = _columns(explorer)
    assert len(set(map(len, cols.values()))) == 1
    rows = [dict(zip(cols, vals)) for vals in zip(*cols.values())]
    morph = [r for r in rows if r["t"] == "형태소"]
    assert [r["w"] for r in morph] == [f"단어{i}" for i in range(50)] + ["단어250"]      # 빈도 상위 + extra
    assert [r["r"] for r in morph][-1] == 251
    for r in morph[:5] + morph[-1:]:
        want = most_similar(r["w"], w2i, i2w, vecs, top=4)
        assert r["n"].split(" ") == [w for w, _ in want]
        assert [int(s) for s in r["s"].split(" ")] == [round(s * 100) for _, s in want]
    params = {p["name"]: p for p in explorer.spec["params"]}
    assert params["word"]["value"] == "단어3" and params["tok"]["bind"]["options"] == ["형태소", "어절"]
    json.loads(explorer.to_json())                                    # JSON으로 직렬화됨


def test_explorer_size_limit():
    vecs, w2i, i2w = _toy_model(V=3000)
    with pytest.raises(ValueError, match="n_words"):
        book.neighbour_explorer({"a": (vecs, w2i, i2w), "b": (vecs, w2i, i2w)}, n_words=3000, top=10)


def test_nearest_excludes_the_word_itself_and_handles_missing_words():
    vecs, w2i, i2w = _toy_model()
    found = book.nearest(vecs, w2i, i2w, ["단어0", "없음"], top=3)
    assert found["없음"] == [] and "단어0" not in [w for w, _ in found["단어0"]]
    assert found["단어0"] == [(w, pytest.approx(s, abs=1e-6)) for w, s in most_similar("단어0", w2i, i2w, vecs, 3)]
