"""NSMC(네이버 영화 리뷰 말뭉치, CC0) 적재: 영화 리뷰 712,383개의 본문과 평점.

(``raw/``에는 리뷰가 712,404개 있고, 그 가운데 본문이 비었거나 공백뿐인 21개를 뺍니다.)

원본은 GitHub 저장소 ``e9t/nsmc``의 커밋 :data:`COMMIT`이고, 그 커밋의 압축 파일(zip) 안 ``raw/*.json``
(영화 하나에 파일 하나)을 씁니다. GitHub가 만들어 주는 압축 파일은 바이트가 늘 같지 않으므로, 압축 파일이
아니라 **내용**을 확인합니다: 풀어 낸 ``raw/`` 폴더의 git 트리 해시가 :data:`RAW_TREE_SHA1`이어야 합니다.

어디서 읽는가
-------------
1. 환경 변수 ``W2VLIB_NSMC_DIR``이 폴더를 가리키면 그 폴더의 압축 파일(:data:`ARCHIVE_NAMES` 가운데 하나)만
   읽습니다 (오프라인, 내려받지 않음). CI는 이 변수를 ``../shared/data/nsmc``로 둡니다.
2. 아니면 캐시 폴더(:func:`cache_dir`)의 압축 파일을 쓰고, 없으면 :data:`ARCHIVE_URL` (다른 주소는 환경 변수
   ``W2VLIB_NSMC_URL``)에서 내려받습니다 (진행 막대, 원자적 쓰기, :mod:`w2vlib.download`).

어느 경우든 처음 한 번 압축 파일에서 리뷰를 읽어 트리 해시를 확인하고, 리뷰와 평점만 담은 파일 하나
(``reviews-<해시 앞 12자리>.jsonl``, 약 70 MB)를 캐시 폴더에 원자적으로 씁니다. 데이터 폴더에는 아무것도
쓰지 않습니다. 잘못된 해시, 잘리거나 zip이 아닌 압축 파일, ``raw/``가 없는 압축 파일, 끊긴 내려받기나 풀기는
모두 :class:`NSMCError` (한국어 메시지)이고 캐시에 반쯤 쓴 파일을 남기지 않습니다. 캐시에 내려받아 둔 압축
파일이 잘못되었으면 그 파일을 지워 다음 실행이 다시 내려받게 합니다.

리뷰의 순서("파일 순서")는 ``raw/`` 안 파일 이름의 바이트 순서(git과 같음), 파일 안에서는 JSON 목록의 순서입니다.
그래서 ``limit=100_000``은 어느 기계에서나 같은 10만 개입니다.
"""
from __future__ import annotations

import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ._checks import argument_error
from .atomic_write import atomic_write
from .download import ENV_CACHE, DataError, cache_root, git_blob_sha1, git_tree_sha1, make_dir
from .download import download as _download

COMMIT = "cc0670e872d4ac27bfe36c87456783004b39ef6c"
"""NSMC 저장소(e9t/nsmc)의 커밋 (2016-06-28, v1.0)."""
ARCHIVE_URL = f"https://github.com/e9t/nsmc/archive/{COMMIT}.zip"
"""실제 사용자가 내려받는 주소: 그 커밋의 압축 파일 (GitHub가 만듦)."""
RAW_TREE_SHA1 = "64d6947d33552b330d9d2ca1300eece444782e56"
"""그 커밋의 ``raw/`` 폴더의 git 트리 해시 (파일 14,730개)."""
ARCHIVE_NAMES = (f"nsmc-{COMMIT}.zip", f"nsmc-{COMMIT[:7]}-raw.zip")
"""``W2VLIB_NSMC_DIR`` 폴더에서 찾는 압축 파일 이름: GitHub가 주는 이름, ``raw/``만 담은 오프라인 사본의 이름."""
N_REVIEWS = 712_383
ENV_DIR = "W2VLIB_NSMC_DIR"
ENV_URL = "W2VLIB_NSMC_URL"
MAX_DOWNLOAD_BYTES = 512 * 2**20
"""내려받는 압축 파일의 최대 크기 (GitHub 압축 파일은 100 MB 안팎)."""


class NSMCError(DataError):
    """NSMC를 구하거나 확인하지 못했을 때의 오류 (메시지에 원인과 해결책을 담습니다)."""


class Review(NamedTuple):
    """리뷰 하나: 본문(str)과 평점(int, 1–10)."""

    text: str
    rating: int


def _check_limit(limit):
    """``limit``: None(전부) 또는 1 이상의 정수 (아니면 ``argument``가 ``limit``인 ValueError)."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise argument_error(ValueError, "limit", f"1 이상의 정수 또는 None이어야 합니다 (받은 값: {limit!r}).")
    return limit


def cache_dir() -> Path:
    """NSMC 압축 파일과 풀어 낸 리뷰 파일을 두는 캐시 폴더: :func:`w2vlib.download.cache_root` 아래 ``nsmc``."""
    return cache_root() / "nsmc"


def _source_url() -> str:
    return os.environ.get(ENV_URL) or ARCHIVE_URL


def archive_path(progress: bool = True) -> tuple[Path, bool]:
    """NSMC 압축 파일의 경로와, 그것이 캐시에 내려받은 파일인지(True) 알려 줍니다 (필요하면 내려받음)."""
    if os.environ.get(ENV_DIR):
        folder = Path(os.environ[ENV_DIR]).expanduser()
        for name in ARCHIVE_NAMES:
            if (folder / name).is_file():
                return folder / name, False
        raise NSMCError(f"{ENV_DIR}={os.environ[ENV_DIR]} 폴더에 NSMC 압축 파일({' 또는 '.join(ARCHIVE_NAMES)})이 "
                        "없습니다. 폴더 경로를 확인하거나 변수를 지워 자동으로 내려받게 하세요.")
    folder = cache_dir()
    path = folder / ARCHIVE_NAMES[0]
    if path.is_file():
        return path, True
    make_dir(folder, "NSMC 캐시 폴더", f"다른 폴더를 환경 변수 {ENV_CACHE}로 주거나, 압축 파일이 있는 폴더를 "
             f"{ENV_DIR}로 알려 주세요.", NSMCError)
    url = _source_url()
    return _download(url, path, expected=None, label="NSMC", max_bytes=MAX_DOWNLOAD_BYTES, error=NSMCError,
                     help_text=f"네트워크를 확인하거나, 다른 주소를 환경 변수 {ENV_URL}로, 압축 파일이 있는 폴더를 "
                               f"{ENV_DIR}로 알려 주세요.", progress=progress), True


def _raw_members(archive: zipfile.ZipFile, shown: Path) -> list[zipfile.ZipInfo]:
    """압축 파일 안 ``<맨 위 폴더>/raw/<이름>.json`` 항목들 (이름의 바이트 순서). 없으면 오류."""
    members = []
    for info in archive.infolist():
        parts = info.filename.split("/")
        if len(parts) == 3 and parts[1] == "raw" and parts[2] and not info.is_dir():
            members.append(info)
    if not members:
        raise NSMCError(f"{shown}에 raw/ 폴더가 없습니다 (리뷰 JSON 파일을 찾지 못함). NSMC 커밋 {COMMIT[:7]}의 "
                        "압축 파일인지 확인하세요.")
    return sorted(members, key=lambda info: info.filename.split("/")[2].encode())


def _reviews_of(data: bytes, name: str) -> list[tuple[int, str]]:
    try:
        items = json.loads(data)
        return [(int(item["rating"]), str(item["review"])) for item in items]
    except (ValueError, TypeError, KeyError) as e:
        raise NSMCError(f"raw/{name}: 리뷰 JSON 목록(각 항목에 review, rating)이 아닙니다 ({e}).") from None


def extract_reviews(archive: Path, dest: Path, expected_tree: str = RAW_TREE_SHA1, progress: bool = True) -> int:
    """압축 파일 ``archive``의 ``raw/*.json``에서 리뷰를 읽어 ``dest``에 한 줄에 하나씩 ``[평점, "본문"]``
    JSON으로 원자적으로 씁니다. ``raw/``의 git 트리 해시가 ``expected_tree``와 같을 때만 ``dest``가 생깁니다.

    Returns : 리뷰 수. 잘못된 압축 파일·해시는 :class:`NSMCError`이고 ``dest``는 그대로(없으면 없는 채) 둡니다.
    """
    from tqdm.auto import tqdm

    archive = Path(archive)
    if not archive.is_file():
        raise NSMCError(f"NSMC 압축 파일 {archive}이(가) 없습니다.")
    bad = (f"{archive}은(는) 온전한 zip 압축 파일이 아닙니다 (잘렸거나 다른 형식)")
    try:
        with zipfile.ZipFile(archive) as z, atomic_write(dest, "w", what="dest") as out:
            members = _raw_members(z, archive)
            entries, count = [], 0
            for info in tqdm(members, desc="NSMC 리뷰 읽기", unit="파일", disable=not progress, leave=False):
                name = info.filename.split("/")[2]
                data = z.read(info)
                entries.append((name.encode(), git_blob_sha1(data)))
                for rating, text in _reviews_of(data, name):
                    if not text.strip():          # 본문이 빈 리뷰(21개)는 뺍니다
                        continue
                    out.write(json.dumps([rating, text], ensure_ascii=False) + "\n")
                    count += 1
            tree = git_tree_sha1(entries)
            if tree != expected_tree:
                raise NSMCError(f"{archive}의 raw/ 폴더가 NSMC 커밋 {COMMIT[:7]}와 다릅니다 (git 트리 해시 {tree} ≠ "
                                f"{expected_tree}). 손상되었거나 다른 판본입니다. 아무 파일도 쓰지 않았습니다.")
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise NSMCError(f"{bad}: {e}. 아무 파일도 쓰지 않았습니다.") from None
    except DataError:
        raise
    except OSError as e:
        raise NSMCError(f"NSMC 리뷰 파일 {dest}을(를) 쓰지 못했습니다: {e.strerror or e}. 다른 폴더를 환경 변수 "
                        f"{ENV_CACHE}로 주세요.") from None
    return count


def reviews_path(progress: bool = True) -> Path:
    """풀어 낸 리뷰 파일(캐시)의 경로. 없으면 압축 파일을 구해(:func:`archive_path`) 풀고 확인합니다."""
    dest = cache_dir() / f"reviews-{RAW_TREE_SHA1[:12]}.jsonl"
    if dest.is_file():
        return dest
    archive, downloaded = archive_path(progress)
    make_dir(dest.parent, "NSMC 캐시 폴더", f"다른 폴더를 환경 변수 {ENV_CACHE}로 주세요.", NSMCError)
    try:
        extract_reviews(archive, dest, expected_tree=RAW_TREE_SHA1, progress=progress)
    except NSMCError as e:
        if downloaded:                        # 캐시에 내려받은 잘못된 압축 파일은 지워 다음에 다시 받게 함
            archive.unlink(missing_ok=True)
            raise NSMCError(f"{e} 캐시에 내려받은 압축 파일을 지웠으니 다시 실행하면 새로 내려받습니다.") from None
        raise
    return dest


def iter_reviews(limit: int | None = None, progress: bool = True) -> Iterator[Review]:
    """리뷰를 파일 순서로 하나씩 돌려줍니다: :class:`Review` (본문, 평점). ``limit``: 앞에서부터 몇 개 (None은 전부)."""
    limit = _check_limit(limit)
    path = reviews_path(progress)
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            rating, text = json.loads(line)
            yield Review(text, rating)


def load_tokens(tokens: str = "morph", limit: int | None = None, progress: bool = True):
    """리뷰를 토큰화한 :class:`~w2vlib.tokenizers.TokenizedCorpus` (리뷰 하나가 문서 하나, 파일 순서).

    tokens : ``"morph"`` (MeCab-ko 형태소, 선택 의존성 ``korean``) 또는 ``"word"`` (어절)
    limit : 앞에서부터 리뷰 몇 개 (None은 전부)

    결과는 캐시 폴더에 (데이터 해시, 토큰화 도구와 그 버전, 리뷰 수)를 이름으로 한 ``.npz``로 원자적으로 저장해
    두고 다음부터 읽습니다. 전체를 토큰화해 둔 캐시가 있으면 ``limit``개는 그 앞부분을 잘라 씁니다.
    """
    from .tokenizers import get_tokenizer

    limit = _check_limit(limit)
    tokenizer, key = get_tokenizer(tokens)
    stem = f"tokens-{RAW_TREE_SHA1[:12]}-{key}"
    full = cache_dir() / f"{stem}-all.npz"
    if full.is_file():
        corpus = _read_tokens(full)
        return corpus if limit is None or limit >= corpus.n_docs else corpus.head(limit)
    path = full if limit is None else cache_dir() / f"{stem}-{limit}.npz"
    if path.is_file():
        return _read_tokens(path)
    from .tokenizers import tokenize_docs

    texts = (review.text for review in iter_reviews(limit, progress))
    corpus = tokenize_docs(texts, tokenizer, total=min(limit or N_REVIEWS, N_REVIEWS), progress=progress)
    _write_tokens(path, corpus)
    return corpus


def _write_tokens(path: Path, corpus) -> None:
    import numpy as np

    vocab = np.frombuffer("\n".join(corpus.vocab).encode("utf-8"), dtype=np.uint8)
    try:
        with atomic_write(path, "wb", what="cache") as f:
            np.savez(f, ids=corpus.ids, offsets=corpus.offsets, vocab=vocab)
    except OSError as e:
        raise NSMCError(f"토큰화 결과 {path}을(를) 쓰지 못했습니다: {e.strerror or e}. 다른 폴더를 환경 변수 "
                        f"{ENV_CACHE}로 주세요.") from None


def _read_tokens(path: Path):
    import numpy as np

    from .tokenizers import TokenizedCorpus

    with np.load(path, allow_pickle=False) as data:
        vocab = data["vocab"].tobytes().decode("utf-8").split("\n")
        return TokenizedCorpus(data["ids"], data["offsets"], vocab)


def load_data(tokens: str = "morph", limit: int | None = None, min_count: int = 5, progress: bool = True):
    """학습용 NSMC: :func:`load_tokens`의 리뷰들을 이어 붙이고, ``min_count``번 미만 나온 토큰을 뺀 말뭉치.

    :func:`w2vlib.ptb.load_data`와 같은 모양을 돌려줍니다 (명령줄 도구 ``--corpus nsmc``가 씁니다).

    Returns
    -------
    corpus : (T,) int32 단어 ID 열 (ID 0이 가장 흔한 토큰)
    word_to_id : dict[str, int], id_to_word : dict[int, str]
    """
    return load_tokens(tokens, limit, progress).training_corpus(min_count)
