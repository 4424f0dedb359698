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
from .download import ENV_CACHE, DataError
from .tokenizers import TOKENIZERS


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
    evaluation : 학습 뒤 평가를 어느 데이터로 하는가 (``'english'``: 구글 유추·WordSim-353·SimLex-999, ``'korean'``:
        한국어 WordSim-353과 유추 문제(:mod:`w2vlib.korean_eval`), None: 평가 없음)
    tokens : ``--tokens``로 고를 수 있는 토큰 단위 (첫 값이 기본값). 비어 있으면 ``load()``, 아니면 ``load(tokens)``
    """

    key: str
    title: str
    load: Callable[[], tuple[np.ndarray, dict[str, int], dict[int, str]]]
    errors: tuple[type[Exception], ...]
    sources: Callable[[], str]
    evaluation: str | None = "english"
    tokens: tuple[str, ...] = ()


def _ptb_sources() -> str:
    return f"""PTB 데이터를 찾는 순서:
  1. 환경 변수 {ptb.ENV_DIR}가 가리키는 폴더 (ptb.train.txt, ptb.valid.txt, ptb.test.txt; 내려받지 않음)
  2. 캐시 폴더 {ptb.ENV_CACHE} (없으면 $XDG_CACHE_HOME/w2vlib/ptb 또는 ~/.cache/w2vlib/ptb)
  3. 없으면 {ptb.BASE_URL}에서 캐시로 내려받습니다
     (다른 주소(미러)는 환경 변수 {ptb.ENV_URL}로 지정). 어느 경우든 MD5를 확인합니다."""


def _nsmc_sources() -> str:
    from . import korean_eval, nsmc
    return f"""NSMC(--corpus nsmc, 네이버 영화 리뷰 712,383개) 데이터를 찾는 순서:
  1. 환경 변수 {nsmc.ENV_DIR}가 가리키는 폴더의 압축 파일 ({' 또는 '.join(nsmc.ARCHIVE_NAMES)}; 내려받지 않음)
  2. 캐시 폴더 {ENV_CACHE} 아래 nsmc (없으면 $XDG_CACHE_HOME/w2vlib/nsmc 또는 ~/.cache/w2vlib/nsmc)
  3. 없으면 {nsmc.ARCHIVE_URL}에서 캐시로 내려받습니다
     (다른 주소는 환경 변수 {nsmc.ENV_URL}로 지정). 어느 경우든 raw/의 git 트리 해시를 확인합니다.
  --tokens morph는 형태소(MeCab-ko, pip install "w2vlib[korean]"), word는 어절입니다. 빈도 5 미만인 토큰은 뺍니다.
  학습 뒤 평가는 한국어 WordSim-353과 유추 문제로 합니다 (폴더: 환경 변수 {korean_eval.ENV_DIR}, 없으면 캐시로 내려받음)."""


def _load_nsmc(tokens: str):
    from . import nsmc
    return nsmc.load_data(tokens)


CORPORA: dict[str, Corpus] = {
    "ptb": Corpus("ptb", "PTB train", lambda: ptb.load_data("train"), (ptb.PTBError, OSError, ValueError), _ptb_sources),
    "nsmc": Corpus("nsmc", "NSMC 리뷰", _load_nsmc, (DataError, ImportError, OSError, ValueError), _nsmc_sources,
                   evaluation="korean", tokens=TOKENIZERS),
}
"""``--corpus`` 값 → :class:`Corpus`. 첫 항목이 기본값입니다."""
