"""Penn Treebank(PTB) 말뭉치 적재. 책의 ``dataset/ptb.py``와 같은 결과(단어 ID, ``word_to_id``,
``id_to_word``, 줄바꿈 → ``<eos>``)를 내되, 데이터를 안전하게 구합니다.

어디서 읽는가
-------------
1. 환경 변수 ``W2VLIB_PTB_DIR``이 폴더를 가리키면 그 폴더에서만 읽습니다 (오프라인, 내려받지 않음).
   CI는 이 변수를 ``../shared/data/ptb``로 둡니다.
2. 아니면 사용자별 캐시 폴더(``W2VLIB_CACHE_DIR`` 또는 ``~/.cache/w2vlib/ptb``)에서 읽고, 없으면
   Mikolov의 전처리본을 배포하는 원래 주소(책과 같은 주소, :data:`BASE_URL`)에서 내려받습니다.
   다른 주소(미러, 사내 서버, ``file://`` 폴더)는 환경 변수 ``W2VLIB_PTB_URL``이나 ``base_url`` 인자로 줍니다.

어느 경우든 MD5를 확인합니다. 내려받기는 :func:`w2vlib.atomic_write.atomic_write`로 이름 없는 임시 파일에
쓴 뒤 크기와 MD5가 맞을 때만 제자리에 놓으므로 (:mod:`w2vlib.download`), 끊기거나 손상되거나 강제로 중단된(SIGTERM/SIGKILL)
내려받기는 아무 파일도 남기지 않습니다. 한 파일은 :data:`MAX_DOWNLOAD_BYTES`를 넘게 받지 않습니다.
폴더·권한 문제는 무엇을 하면 되는지 밝힌 :class:`PTBError`로 알립니다.
"""
from __future__ import annotations

import hashlib
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ._checks import one_of
from .download import ENV_CACHE, DataError, cache_root, file_hexdigest, make_dir
from .download import download as _download

BASE_URL = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
"""책의 ``dataset/ptb.py``가 쓰는 원래 주소."""

FILES = {"train": "ptb.train.txt", "val": "ptb.valid.txt", "valid": "ptb.valid.txt", "test": "ptb.test.txt"}
MD5 = {
    "ptb.train.txt": "f26c4b92c5fdc7b3f8c7cdcb991d8420",
    "ptb.valid.txt": "aa0affc06ff7c36e977d7cd49e3839bf",
    "ptb.test.txt": "8b80168b89c18661a38ef683c0dc3721",
}
ENV_DIR = "W2VLIB_PTB_DIR"
ENV_URL = "W2VLIB_PTB_URL"
MAX_DOWNLOAD_BYTES = 32 * 2**20
"""내려받는 파일 하나의 최대 크기 (PTB에서 가장 큰 ptb.train.txt가 약 5 MB)."""


class PTBError(DataError):
    """PTB 파일을 구하거나 확인하지 못했을 때의 오류 (메시지에 원인과 해결책을 담습니다)."""


def _md5(path: Path) -> str:
    return file_hexdigest(path, hashlib.md5, PTBError)


def resolve_base_url(base_url: str | None = None) -> str:
    """내려받을 주소: ``base_url`` 인자, 없으면 환경 변수 ``W2VLIB_PTB_URL``, 없으면 :data:`BASE_URL`.

    http, https, file 주소만 받으며, 끝에 ``/``가 없으면 붙입니다 (파일 이름을 뒤에 잇습니다).
    """
    source = "base_url"
    if base_url is None and os.environ.get(ENV_URL):
        base_url, source = os.environ[ENV_URL], ENV_URL
    if base_url is None:
        return BASE_URL
    if not isinstance(base_url, str):
        raise TypeError(f"{source}: 주소 문자열이어야 합니다 (받은 형식: {type(base_url).__name__}).")
    if urllib.parse.urlsplit(base_url).scheme not in ("http", "https", "file"):
        raise ValueError(f"{source}: http://, https:// 또는 file:// 로 시작하는 폴더 주소여야 합니다 "
                         f"(받은 값: {base_url!r}).")
    return base_url if base_url.endswith("/") else base_url + "/"


def cache_dir() -> Path:
    """내려받은 PTB를 두는 사용자별 캐시 폴더: ``W2VLIB_CACHE_DIR`` 그 자체 (예전과 같음), 없으면
    :func:`w2vlib.download.cache_root` 아래 ``ptb``."""
    return cache_root() if os.environ.get(ENV_CACHE) else cache_root() / "ptb"


def download(file_name: str, dest_dir: Path, base_url: str | None = None, timeout: float = 60.0,
             max_bytes: int | None = None) -> Path:
    """``base_url + file_name``을 ``dest_dir``에 원자적으로 내려받고 MD5를 확인합니다.

    ``base_url``이 None이면 환경 변수 ``W2VLIB_PTB_URL``, 그것도 없으면 :data:`BASE_URL`입니다
    (:func:`resolve_base_url`). ``max_bytes`` (기본 :data:`MAX_DOWNLOAD_BYTES`)보다 큰 응답은 받지 않습니다.
    끊긴 전송(받은 크기 ≠ Content-Length), 네트워크 오류, 크기 초과, MD5 불일치, 폴더 문제는 모두
    :class:`PTBError`를 내고 ``dest_dir``에 아무것도 남기지 않습니다.
    """
    one_of("file_name", file_name, sorted(MD5))
    max_bytes = MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes: 1 이상의 정수여야 합니다 (받은 값: {max_bytes!r}).")
    url = resolve_base_url(base_url) + file_name
    dest_dir = Path(dest_dir)
    make_dir(dest_dir, "PTB 캐시 폴더", f"다른 폴더를 환경 변수 {ENV_CACHE}로 주거나, PTB 파일이 있는 폴더를 "
             f"{ENV_DIR}로 알려 주세요.", PTBError)
    return _download(url, dest_dir / file_name, expected=MD5[file_name], new_hash=hashlib.md5, hash_name="MD5",
                     label="PTB", max_bytes=max_bytes, error=PTBError, timeout=timeout,
                     help_text=f"네트워크를 확인하거나, 다른 주소(미러)를 환경 변수 {ENV_URL}로, 파일이 있는 "
                               f"폴더를 {ENV_DIR}로 알려 주세요.")


def ptb_path(data_type: str = "train", base_url: str | None = None) -> Path:
    """PTB 파일 하나의 경로를 돌려줍니다 (필요하면 ``base_url``에서 내려받고, 언제나 MD5를 확인)."""
    one_of("data_type", data_type, sorted(FILES))
    name = FILES[data_type]
    if os.environ.get(ENV_DIR):
        path = Path(os.environ[ENV_DIR]).expanduser() / name
        if not path.is_file():
            raise PTBError(f"{ENV_DIR}={os.environ[ENV_DIR]} 폴더에 {name} 파일이 없습니다. "
                           f"폴더 경로를 확인하거나 변수를 지워 자동으로 내려받게 하세요.")
        if _md5(path) != MD5[name]:
            raise PTBError(f"{path}의 MD5가 Mikolov 전처리본과 다릅니다 (기대값 {MD5[name]}). "
                           "다른 판본이거나 손상된 파일입니다.")
        return path
    path = cache_dir() / name
    if path.is_file() and _md5(path) == MD5[name]:
        return path
    if base_url is None:
        return download(name, cache_dir())
    return download(name, cache_dir(), base_url=base_url)


PIECE_CHARS = 1 << 18
""":func:`_iter_words`가 한 번에 나누는 글자 수 (약 26만 자 = PTB 토큰 약 5만 개의 문자열, 3 MB 남짓)."""

_SPACE = re.compile(r"\s")


def _iter_words(path: Path, piece_chars: int = PIECE_CHARS) -> Iterator[str]:
    """책과 같은 규칙으로 나눈 단어들: 줄바꿈을 <eos> 로 바꾸고 공백으로 나눕니다
    (``text.replace("\n", "<eos>").strip().split()``와 같은 순서·같은 단어).

    토큰 목록 전체를 한 번에 만들지 않고 글을 ``piece_chars`` 자쯤의 조각으로, 공백 자리에서 잘라 차례로 나눕니다 (공백에서
    자른 두 조각을 따로 나눈 것은 전체를 나눈 것과 같음). PTB train의 토큰 약 93만 개를 파이썬 문자열 목록으로 만들면
    50 MB 남짓이라, 학습 프로세스의 최대 메모리가 학습이 아니라 읽기에서 나왔습니다."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PTBError(f"{path}을(를) 읽지 못했습니다 ({e.strerror or e}). 파일 권한을 확인하세요.") from None
    text = text.replace("\n", "<eos>")
    start = 0
    while start < len(text):
        cut = _SPACE.search(text, start + piece_chars) if start + piece_chars < len(text) else None
        stop = cut.start() if cut else len(text)
        yield from text[start:stop].split()
        start = stop


SPLITS = ("train", "val", "test")
"""단어 ID를 매기는 순서: train → val → test에서 처음 나온 단어부터 (책과 같은 ID)."""


def _read_ids(path: Path, word_to_id: dict[str, int]) -> np.ndarray:
    """파일의 단어열을 ID (T,) int64로 읽으며, 처음 보는 단어에는 다음 ID를 매겨 ``word_to_id``에 더합니다."""
    def ids():
        for w in _iter_words(path):
            i = word_to_id.get(w)
            if i is None:
                # 새 문자열 객체로 보관합니다: 읽은 조각의 문자열을 그대로 키로 쓰면 살아남은 1만 개가 조각들의 메모리
                # 곳곳에 흩어져, 조각을 버린 뒤에도 파이썬이 그 메모리를 OS에 돌려주지 못합니다.
                i = word_to_id[w.encode().decode()] = len(word_to_id)
            yield i
    return np.fromiter(ids(), dtype=np.int64)


def load_vocab(base_url: str | None = None) -> tuple[dict[str, int], dict[int, str]]:
    """train → val → test 순서로 처음 나온 단어부터 ID를 매깁니다 (책과 같은 ID)."""
    return load_data("train", base_url)[1:]


def load_data(data_type: str = "train", base_url: str | None = None
              ) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """책의 ``ptb.load_data``와 같은 결과를 돌려줍니다 (``base_url``: 내려받을 주소, :func:`download` 참고).

    세 파일을 한 번씩만 읽습니다: 어휘를 매기며 읽은 ID 가운데 ``data_type``의 것을 그대로 돌려줍니다 (어휘는 세 파일
    모두에서 만들지만, 한 번 매긴 ID는 바뀌지 않음).

    Returns
    -------
    corpus : (T,) int64 단어 ID 열 (train은 T = 929,589)
    word_to_id : dict[str, int] (10,000단어)
    id_to_word : dict[int, str]
    """
    wanted = ptb_path(data_type, base_url)
    word_to_id: dict[str, int] = {}
    corpus = None
    for split in SPLITS:
        path = ptb_path(split, base_url)
        ids = _read_ids(path, word_to_id)
        if path == wanted:
            corpus = ids
    return corpus, word_to_id, {i: w for w, i in word_to_id.items()}
