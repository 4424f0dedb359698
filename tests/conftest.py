"""테스트 공용 도구: 실제 PTB 폴더 찾기."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from w2vlib import ptb

PTB_NAMES = ("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt")
_ORIGINAL_PTB_DIR = os.environ.get(ptb.ENV_DIR)  # 테스트의 monkeypatch 전에 읽어 둡니다


def find_real_ptb() -> Path | None:
    """``W2VLIB_PTB_DIR`` (없으면 저장소 옆 ../shared/data/ptb, CI 와 같은 위치) 에서 PTB 세 파일이 있는 폴더."""
    candidates = []
    if _ORIGINAL_PTB_DIR:
        candidates.append(Path(_ORIGINAL_PTB_DIR).expanduser())
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "data" / "ptb")
    for folder in candidates:
        if all((folder / n).is_file() for n in PTB_NAMES):
            return folder
    return None


@pytest.fixture(scope="session")
def real_ptb_dir() -> Path:
    """실제 PTB 폴더. 없으면 이유를 밝히고 건너뜁니다."""
    folder = find_real_ptb()
    if folder is None:
        pytest.skip(f"PTB 폴더가 없습니다: 환경 변수 {ptb.ENV_DIR} 를 ptb.train/valid/test.txt 가 있는 폴더로 "
                    "설정하세요 (CI 는 ../shared/data/ptb).")
    return folder


@pytest.fixture(scope="session")
def ptb_train(real_ptb_dir):
    """실제 PTB train: (corpus, word_to_id, id_to_word)."""
    mp = pytest.MonkeyPatch()
    mp.setenv(ptb.ENV_DIR, str(real_ptb_dir))
    try:
        return ptb.load_data("train")
    finally:
        mp.undo()
