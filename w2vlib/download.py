"""데이터 파일을 구하는 공용 도구: 캐시 폴더, 폴더 만들기, 원자적 내려받기와 해시 확인, git 해시.

PTB(:mod:`w2vlib.ptb`), NSMC(:mod:`w2vlib.nsmc`), 한국어 평가 데이터(:mod:`w2vlib.korean_eval`)가 함께 씁니다.
말뭉치마다 다른 것(주소, 기대 해시, 환경 변수 이름, 오류 종류)은 인자로 받습니다.

- 내려받기는 :func:`w2vlib.atomic_write.atomic_write`로 이름 없는 임시 파일에 쓴 뒤, 크기와 해시가 맞을 때만
  제자리에 놓습니다. 끊기거나(받은 크기 ≠ Content-Length), 손상되거나(해시 불일치), 크기 한도를 넘거나,
  강제로 중단된(Ctrl-C, SIGTERM, SIGKILL) 내려받기는 아무 파일도 남기지 않습니다.
- 오류는 모두 :class:`DataError` (또는 호출한 쪽이 준 하위 클래스)이며, 메시지에 원인과 해결책을 담습니다.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .atomic_write import atomic_write

ENV_CACHE = "W2VLIB_CACHE_DIR"


class DataError(RuntimeError):
    """데이터 파일을 구하거나 확인하지 못했을 때의 오류 (메시지에 원인과 해결책을 담습니다)."""


def cache_root() -> Path:
    """w2vlib의 캐시 폴더: 환경 변수 ``W2VLIB_CACHE_DIR``, 없으면 ``$XDG_CACHE_HOME/w2vlib`` 또는
    ``~/.cache/w2vlib``. 말뭉치마다 그 아래 하위 폴더를 씁니다 (PTB만은 예전과 같게 :func:`w2vlib.ptb.cache_dir`)."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "w2vlib"


def make_dir(dest_dir: Path, what: str, hint: str, error: type[DataError] = DataError) -> None:
    """``dest_dir``을 만들고(이미 있으면 그대로) 쓸 수 있는지 확인합니다. 안 되면 ``error``를 냅니다.

    what : 메시지에 쓸 폴더 설명 (예: ``"PTB 캐시 폴더"``), hint : 해결책 문장
    """
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise error(f"{what} {dest_dir} (또는 그 상위 경로)가 폴더가 아니라 파일입니다. {hint}") from None
    except NotADirectoryError:
        raise error(f"{what} {dest_dir}의 상위 경로 가운데 하나가 폴더가 아니라 파일입니다. {hint}") from None
    except PermissionError:
        raise error(f"{what} {dest_dir}을(를) 만들 권한이 없습니다. {hint}") from None
    except OSError as e:
        raise error(f"{what} {dest_dir}을(를) 만들지 못했습니다 ({e.strerror or e}). {hint}") from None
    if not os.access(dest_dir, os.W_OK | os.X_OK):
        raise error(f"{what} {dest_dir}에 쓸 권한이 없습니다. {hint}")


def file_hexdigest(path: Path, new_hash: Callable = hashlib.md5, error: type[DataError] = DataError) -> str:
    """파일 전체의 해시(16진수 문자열). ``new_hash``는 ``hashlib.md5``처럼 해시 객체를 만드는 함수입니다."""
    h = new_hash()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except PermissionError:
        raise error(f"{path}을(를) 읽을 권한이 없습니다. 파일 권한을 확인하세요 (chmod u+r).") from None
    except OSError as e:
        raise error(f"{path}을(를) 읽지 못했습니다 ({e.strerror or e}).") from None
    return h.hexdigest()


def git_blob_sha1(data: bytes) -> str:
    """git이 파일 내용에 매기는 해시 (``git hash-object``와 같음): sha1(``b"blob <크기>\\0"`` + data)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class GitBlobHash:
    """:func:`git_blob_sha1`을 ``hashlib`` 해시 객체처럼 (``update``, ``hexdigest``) 씁니다.

    git blob 해시는 머리에 전체 크기가 들어가므로 내용을 모아 두었다가 마지막에 계산합니다 (작은 파일용).
    """

    def __init__(self):
        self._parts: list[bytes] = []

    def update(self, data: bytes) -> None:
        self._parts.append(bytes(data))

    def hexdigest(self) -> str:
        return git_blob_sha1(b"".join(self._parts))


def git_tree_sha1(entries: list[tuple[bytes, str]]) -> str:
    """파일만 담은 git 트리의 해시. entries : [(파일 이름 bytes, blob 해시 16진수), …] (순서는 여기서 맞춤).

    git처럼 이름의 바이트 순서로 정렬하고, 모두 일반 파일(mode 100644)로 봅니다.
    """
    body = b"".join(b"100644 " + name + b"\0" + bytes.fromhex(blob) for name, blob in sorted(entries))
    return hashlib.sha1(b"tree %d\0" % len(body) + body).hexdigest()


def download(url: str, final: Path, *, expected: str | None, new_hash: Callable = hashlib.md5,
             hash_name: str = "MD5", label: str = "파일", max_bytes: int, help_text: str,
             error: type[DataError] = DataError, timeout: float = 60.0, progress: bool = False) -> Path:
    """``url``을 ``final``에 원자적으로 내려받고, ``expected``가 있으면 해시를 확인합니다.

    Parameters
    ----------
    expected : 기대하는 해시(16진수). None이면 해시를 확인하지 않습니다 (예: 내용을 따로 확인하는 압축 파일).
    new_hash, hash_name : 해시 객체를 만드는 함수와 메시지에 쓸 이름 (예: ``hashlib.md5``, ``"MD5"``)
    label : 메시지에 쓸 데이터 이름 (예: ``"PTB"``)
    max_bytes : 이보다 큰 응답은 받지 않습니다.
    help_text : 네트워크 오류 때 덧붙일 해결책 (다른 주소나 폴더를 알려 주는 환경 변수)
    progress : True면 tqdm 진행 막대를 보여 줍니다.

    끊긴 전송, 네트워크 오류, 크기 초과, 해시 불일치, 폴더 문제는 모두 ``error``를 내고 아무 파일도 남기지 않습니다.
    """
    from tqdm.auto import tqdm

    final = Path(final)
    too_big = (f"{label} 내려받기를 멈췄습니다: {url}이(가) 최대 크기 {max_bytes:,}바이트를 넘습니다. 주소가 "
               f"{label} 파일을 가리키는지 확인하세요. 아무 파일도 남기지 않았습니다.")
    try:
        with atomic_write(final, "wb", what="dest_dir") as out:
            h, received = new_hash(), 0
            try:
                with urllib.request.urlopen(url, timeout=timeout) as resp:
                    claimed = resp.headers.get("Content-Length")
                    claimed = int(claimed) if claimed is not None and claimed.isdigit() else None
                    if claimed is not None and claimed > max_bytes:
                        raise error(too_big)
                    with tqdm(total=claimed, unit="B", unit_scale=True, desc=f"{label} 내려받기",
                              disable=not progress, leave=False) as bar:
                        for block in iter(lambda: resp.read(1 << 16), b""):
                            received += len(block)
                            if received > max_bytes:
                                raise error(too_big)
                            out.write(block)
                            h.update(block)
                            bar.update(len(block))
            except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as e:
                # IncompleteRead 포함. ValueError: 잘못된 주소 형식
                raise error(f"{label} 내려받기 실패: {url} ({e}). {help_text}") from e
            if claimed is not None and received != claimed:
                raise error(f"{label} 내려받기가 중간에 끊겼습니다: {url} ({received}/{claimed}바이트). "
                            "다시 시도하세요. 아무 파일도 남기지 않았습니다.")
            if expected is not None and h.hexdigest() != expected:
                raise error(f"내려받은 {final.name}의 {hash_name} 값이 다릅니다 ({h.hexdigest()} ≠ {expected}). "
                            "손상되었거나 다른 파일입니다. 아무 파일도 남기지 않았습니다.")
    except DataError:
        raise
    except OSError as e:                         # 폴더 권한·디스크 부족 등 (메시지는 atomic_write가 한국어로)
        raise error(f"{label} 파일 {final}을(를) 쓰지 못했습니다: {e.strerror or e}. 다른 폴더를 환경 변수 "
                    f"{ENV_CACHE}로 주세요.") from None
    return final
