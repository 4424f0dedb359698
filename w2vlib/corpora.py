"""명령줄 도구가 학습할 수 있는 말뭉치의 표 (``--corpus`` 값 → 읽는 법).

새 말뭉치를 더하려면 그 말뭉치의 적재 모듈(예: :mod:`w2vlib.ptb`처럼 환경 변수 하나로 로컬 폴더를 가리키고,
없으면 원래 주소에서 내려받아 해시를 확인하는 모듈)을 만들고 :data:`CORPORA`에 :class:`Corpus` 하나를 넣습니다.
명령줄의 ``--corpus`` 선택지와 도움말은 이 표에서 만들어집니다.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import ptb


@dataclass(frozen=True)
class Corpus:
    """학습용 말뭉치 하나.

    Attributes
    ----------
    key : ``--corpus``의 값 (예: ``'ptb'``)
    title : 출력에 쓰는 이름 (예: ``'PTB train'``)
    load : ``() -> (corpus (T,) int, word_to_id, id_to_word)``
    errors : 데이터를 구하거나 읽지 못했을 때 ``load``가 내는 오류들 (명령줄은 종료 코드 1로 알립니다)
    sources : ``--help``에 넣을 "데이터를 찾는 곳" 설명을 만드는 함수 (환경 변수, 캐시, 내려받는 주소)
    evaluation : 학습 뒤 평가를 어느 데이터로 하는가 (``'english'``: 구글 유추·WordSim-353·SimLex-999, None: 평가 없음)
    """

    key: str
    title: str
    load: Callable[[], tuple[np.ndarray, dict[str, int], dict[int, str]]]
    errors: tuple[type[Exception], ...]
    sources: Callable[[], str]
    evaluation: str | None = "english"


def _ptb_sources() -> str:
    return f"""PTB 데이터를 찾는 순서:
  1. 환경 변수 {ptb.ENV_DIR}가 가리키는 폴더 (ptb.train.txt, ptb.valid.txt, ptb.test.txt; 내려받지 않음)
  2. 캐시 폴더 {ptb.ENV_CACHE} (없으면 $XDG_CACHE_HOME/w2vlib/ptb 또는 ~/.cache/w2vlib/ptb)
  3. 없으면 {ptb.BASE_URL}에서 캐시로 내려받습니다
     (다른 주소(미러)는 환경 변수 {ptb.ENV_URL}로 지정). 어느 경우든 MD5를 확인합니다."""


CORPORA: dict[str, Corpus] = {
    "ptb": Corpus("ptb", "PTB train", lambda: ptb.load_data("train"), (ptb.PTBError, OSError, ValueError), _ptb_sources),
}
"""``--corpus`` 값 → :class:`Corpus`. 첫 항목이 기본값입니다."""
