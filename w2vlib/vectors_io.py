"""단어 벡터를 word2vec 텍스트 형식으로 저장·적재합니다.

형식: 첫 줄 ``"V dim"``, 이어서 한 줄에 한 단어 ``"단어 v1 v2 … vdim"``. gensim 의
``KeyedVectors.load_word2vec_format(path, binary=False)`` 로도 읽힙니다.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from ._checks import as_float_array


def save_word2vec_format(path, word_matrix: np.ndarray, id_to_word: dict[int, str], precision: int = 9) -> Path:
    """word_matrix (V, H) float 와 id_to_word (ID → 단어) 를 ``path`` 에 씁니다.

    ``precision`` 은 유효 숫자 수입니다. 기본값 9 는 float32 를 정확히 되돌립니다 (파일 크기를 줄이려면 6).

    같은 폴더의 임시 파일에 다 쓴 뒤 ``os.replace`` 로 바꿔 놓으므로, 도중에 실패해도 반쯤 쓴 파일이
    남지 않습니다. 단어에 공백이 있으면 형식이 깨지므로 ValueError 를 냅니다.
    """
    word_matrix = as_float_array("word_matrix", word_matrix, ndim=2)
    V, H = word_matrix.shape
    if sorted(id_to_word) != list(range(V)):
        raise ValueError(f"id_to_word: 0..{V - 1} 의 모든 ID 를 담아야 합니다 (word_matrix 의 행 수 {V}).")
    words = [id_to_word[i] for i in range(V)]
    bad = [w for w in words if not w or any(ch.isspace() for ch in w)]
    if bad:
        raise ValueError(f"id_to_word: 단어에 공백이 있으면 안 됩니다 (예: {bad[0]!r}).")
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"{V} {H}\n")
            fmt = " ".join([f"%.{precision}g"] * H)
            for word, row in zip(words, word_matrix):
                f.write(word + " " + fmt % tuple(row) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_word2vec_format(path) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """word2vec 텍스트 형식 파일 → (word_matrix (V, H) float32, word_to_id, id_to_word)."""
    path = Path(path)
    with open(path, encoding="utf-8") as f:
        header = f.readline().split()
        if len(header) != 2 or not all(h.isdigit() for h in header):
            raise ValueError(f"{path}: 첫 줄은 'V dim' 이어야 합니다 (받은 줄: {' '.join(header)!r}).")
        V, H = map(int, header)
        word_matrix = np.empty((V, H), dtype=np.float32)
        id_to_word: dict[int, str] = {}
        for i in range(V):
            parts = f.readline().rstrip("\n").split(" ")
            if len(parts) != H + 1:
                raise ValueError(f"{path}: {i + 2}번째 줄에 단어 하나와 숫자 {H}개가 있어야 합니다 "
                                 f"(받은 항목 수: {len(parts)}).")
            id_to_word[i] = parts[0]
            try:
                word_matrix[i] = np.array(parts[1:], dtype=np.float32)
            except ValueError:
                raise ValueError(f"{path}: {i + 2}번째 줄에 숫자가 아닌 값이 있습니다.") from None
        if f.readline().strip():
            raise ValueError(f"{path}: 헤더의 단어 수({V})보다 줄이 많습니다.")
    word_to_id = {w: i for i, w in id_to_word.items()}
    if len(word_to_id) != V:
        raise ValueError(f"{path}: 같은 단어가 두 번 나옵니다.")
    return word_matrix, word_to_id, id_to_word
