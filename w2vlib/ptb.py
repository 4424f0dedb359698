"""Penn Treebank(PTB) 말뭉치 적재. 책의 ``dataset/ptb.py`` 와 같은 결과(단어 ID, ``word_to_id``,
``id_to_word``, 줄바꿈 → ``<eos>``)를 내되, 데이터를 안전하게 구합니다.

어디서 읽는가
-------------
1. 환경 변수 ``W2VLIB_PTB_DIR`` 이 폴더를 가리키면 그 폴더에서만 읽습니다 (오프라인, 내려받지 않음).
   CI 는 이 변수를 ``../shared/data/ptb`` 로 둡니다.
2. 아니면 사용자별 캐시 폴더(``W2VLIB_CACHE_DIR`` 또는 ``~/.cache/w2vlib/ptb``)에서 읽고, 없으면
   Mikolov 의 전처리본을 배포하는 원래 주소(책과 같은 주소)에서 내려받습니다.

어느 경우든 MD5 를 확인합니다. 내려받기는 같은 폴더의 임시 파일에 쓴 뒤 크기와 MD5 가 맞을 때만
``os.replace`` 로 제자리에 놓으므로, 끊기거나 손상된 내려받기는 아무 파일도 남기지 않습니다.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

BASE_URL = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
"""책의 ``dataset/ptb.py`` 가 쓰는 원래 주소."""

FILES = {"train": "ptb.train.txt", "val": "ptb.valid.txt", "valid": "ptb.valid.txt", "test": "ptb.test.txt"}
MD5 = {
    "ptb.train.txt": "f26c4b92c5fdc7b3f8c7cdcb991d8420",
    "ptb.valid.txt": "aa0affc06ff7c36e977d7cd49e3839bf",
    "ptb.test.txt": "8b80168b89c18661a38ef683c0dc3721",
}
ENV_DIR = "W2VLIB_PTB_DIR"
ENV_CACHE = "W2VLIB_CACHE_DIR"


class PTBError(RuntimeError):
    """PTB 파일을 구하거나 확인하지 못했을 때의 오류 (메시지에 원인과 해결책을 담습니다)."""


def _md5(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cache_dir() -> Path:
    """내려받은 PTB 를 두는 사용자별 캐시 폴더."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "w2vlib" / "ptb"


def download(file_name: str, dest_dir: Path, base_url: str | None = None, timeout: float = 60.0) -> Path:
    """``base_url + file_name`` 을 ``dest_dir`` 에 원자적으로 내려받고 MD5 를 확인합니다 (기본: :data:`BASE_URL`).

    끊긴 전송(받은 크기 ≠ Content-Length), 네트워크 오류, MD5 불일치는 모두 :class:`PTBError` 를 내고
    임시 파일을 지워 ``dest_dir`` 에 아무것도 남기지 않습니다.
    """
    if file_name not in MD5:
        raise ValueError(f"file_name: {sorted(MD5)} 가운데 하나여야 합니다 (받은 값: {file_name!r}).")
    base_url = BASE_URL if base_url is None else base_url
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    url = base_url + file_name
    fd, tmp_name = tempfile.mkstemp(prefix=f".{file_name}.", suffix=".part", dir=dest_dir)
    tmp = Path(tmp_name)
    try:
        h, received = hashlib.md5(), 0
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as resp:
                    expected = resp.headers.get("Content-Length")
                    for block in iter(lambda: resp.read(1 << 16), b""):
                        out.write(block)
                        h.update(block)
                        received += len(block)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as e:  # IncompleteRead 포함
                raise PTBError(f"PTB 내려받기 실패: {url} ({e}). 네트워크를 확인하거나, 파일이 있는 폴더를 "
                               f"환경 변수 {ENV_DIR} 로 알려 주세요.") from e
        if expected is not None and received != int(expected):
            raise PTBError(f"PTB 내려받기가 중간에 끊겼습니다: {url} ({received}/{expected} 바이트). "
                           "다시 시도하세요. 아무 파일도 남기지 않았습니다.")
        if h.hexdigest() != MD5[file_name]:
            raise PTBError(f"내려받은 {file_name} 의 MD5 가 다릅니다 ({h.hexdigest()} ≠ {MD5[file_name]}). "
                           "손상되었거나 다른 파일입니다. 아무 파일도 남기지 않았습니다.")
        final = dest_dir / file_name
        os.replace(tmp, final)
        return final
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def ptb_path(data_type: str = "train") -> Path:
    """PTB 파일 하나의 경로를 돌려줍니다 (필요하면 내려받고, 언제나 MD5 를 확인)."""
    if data_type not in FILES:
        raise ValueError(f"data_type: {sorted(FILES)} 가운데 하나여야 합니다 (받은 값: {data_type!r}).")
    name = FILES[data_type]
    if os.environ.get(ENV_DIR):
        path = Path(os.environ[ENV_DIR]).expanduser() / name
        if not path.is_file():
            raise PTBError(f"{ENV_DIR}={os.environ[ENV_DIR]} 폴더에 {name} 이 없습니다. "
                           f"폴더 경로를 확인하거나 변수를 지워 자동으로 내려받게 하세요.")
        if _md5(path) != MD5[name]:
            raise PTBError(f"{path} 의 MD5 가 Mikolov 전처리본과 다릅니다 (기대값 {MD5[name]}). "
                           "다른 판본이거나 손상된 파일입니다.")
        return path
    path = cache_dir() / name
    if path.is_file() and _md5(path) == MD5[name]:
        return path
    return download(name, cache_dir())


def _read_words(path: Path) -> list[str]:
    # 책과 같은 규칙: 줄바꿈을 <eos> 로 바꾸고 공백으로 나눕니다.
    return path.read_text(encoding="utf-8").replace("\n", "<eos>").strip().split()


def load_vocab() -> tuple[dict[str, int], dict[int, str]]:
    """train → val → test 순서로 처음 나온 단어부터 ID 를 매깁니다 (책과 같은 ID)."""
    word_to_id: dict[str, int] = {}
    for data_type in ("train", "val", "test"):
        for w in _read_words(ptb_path(data_type)):
            word_to_id.setdefault(w, len(word_to_id))
    return word_to_id, {i: w for w, i in word_to_id.items()}


def load_data(data_type: str = "train") -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """책의 ``ptb.load_data`` 와 같은 결과를 돌려줍니다.

    Returns
    -------
    corpus : (T,) int64 단어 ID 열 (train 은 T = 929,589)
    word_to_id : dict[str, int] (10,000 단어)
    id_to_word : dict[int, str]
    """
    word_to_id, id_to_word = load_vocab()
    words = _read_words(ptb_path(data_type))
    corpus = np.fromiter((word_to_id[w] for w in words), dtype=np.int64, count=len(words))
    return corpus, word_to_id, id_to_word
