"""파일을 원자적으로 쓰는 도우미: 다 쓰기 전에는 대상 이름에 아무것도 나타나지 않고, 도중에 죽어도
(예외, Ctrl-C, SIGTERM, SIGKILL) 반쯤 쓴 파일이나 임시 파일이 남지 않습니다.

방법 (Linux): ``O_TMPFILE``로 대상 폴더에 **이름 없는** 파일을 열어 다 쓰고 ``fsync`` 한 뒤,
``/proc/self/fd/N``을 통해 ``linkat``으로 임시 이름을 붙이고 곧바로 ``os.replace``로 대상 이름에
놓습니다. 이름이 생기는 것은 마지막 두 시스템 호출 사이뿐입니다. ``O_TMPFILE``을 못 쓰는 곳(다른 OS,
일부 파일 시스템)에서는 프로세스 번호를 넣은 임시 이름 ``.<이름>.w2vlib-<pid>-<난수>.part``에 씁니다.
이 경우 SIGKILL로 죽으면 임시 파일이 남을 수 있는데, 같은 대상에 다음에 저장할 때 주인 프로세스가 이미
없는 임시 파일을 지웁니다.

- 대상이 심볼릭 링크면 링크가 가리키는 파일을 바꿉니다 (링크는 그대로).
- 대상이 이미 있으면 그 권한(mode)을 그대로 두고, 새 파일이면 umask를 따릅니다 (``0o666 & ~umask``).
- 시그널 처리기를 설치하는 등의 프로세스 전체 부작용은 없습니다.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
from pathlib import Path

from ._checks import format_bytes, one_of

_PART = re.compile(r"\.w2vlib-(\d+)-[0-9a-f]+\.part$")


def resolve_output_path(path, what: str = "path") -> Path:
    """쓸 대상 경로를 확인해 실제로 쓸 파일의 경로(심볼릭 링크를 따라간 경로)를 돌려줍니다.

    폴더가 없거나, 대상이 폴더이거나, 폴더에 쓸 권한이 없거나, 기존 파일에 쓸 권한이 없으면 무엇이
    문제인지 밝힌 한국어 오류(``FileNotFoundError``, ``IsADirectoryError``, ``PermissionError``)를 냅니다.
    ``what``은 메시지에 쓸 인자 이름(예: ``"--save"``)입니다. 파일은 만들지 않습니다.
    """
    if isinstance(path, (str, os.PathLike)) and not str(path).strip():
        raise ValueError(f"{what}: 빈 경로입니다. 저장할 파일 경로를 주세요.")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what}: 파일 경로(str 또는 Path)여야 합니다 (받은 형식: {type(path).__name__}).")
    given = Path(path).expanduser()
    target = Path(os.path.realpath(given))        # 심볼릭 링크(끊긴 링크 포함)를 끝까지 따라감
    shown = str(given) if target == given.absolute() else f"{given} (→ {target})"
    parent = target.parent
    if target.is_dir():
        raise IsADirectoryError(f"{what}: {shown}은(는) 폴더입니다. 폴더 안의 파일 이름까지 주세요 "
                                f"(예: {given / 'vectors.txt'}).")
    if not parent.is_dir():
        what_is = "파일입니다" if parent.exists() else "없습니다"
        raise FileNotFoundError(f"{what}: 저장할 폴더 {parent}이(가) {what_is}. 먼저 폴더를 만들거나 "
                                "다른 경로를 주세요.")
    if _read_only_filesystem(parent):
        raise PermissionError(f"{what}: 폴더 {parent}은(는) 읽기 전용 파일 시스템에 있어 쓸 수 없습니다. "
                              "다른 경로를 주세요.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PermissionError(f"{what}: 폴더 {parent}에 쓸 권한이 없습니다. 다른 경로를 주세요.")
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(f"{what}: {shown}은(는) 읽기 전용 파일입니다 (쓰기 권한 없음). "
                              "권한을 바꾸거나 다른 경로를 주세요.")
    return target


def _read_only_filesystem(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):    # statvfs가 없는 OS
        return False


_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _korean_write_error(e: OSError, target: Path, what: str) -> OSError:
    """쓰는 도중의 디스크 부족(ENOSPC/EFBIG/EDQUOT)·읽기 전용(EROFS) ``OSError``를 한국어 오류로 바꿉니다
    (``errno``는 그대로)."""
    if e.errno in _NO_SPACE:
        try:
            free = f" (남은 공간 {format_bytes(shutil.disk_usage(target.parent).free)})"
        except OSError:
            free = ""
        msg = (f"{what}: {target}에 쓰는 도중 디스크 공간이 모자라거나 파일 크기 한도를 넘었습니다{free}. "
               "기존 파일은 그대로이고 임시 파일은 남기지 않았습니다. 공간을 비우거나 다른 경로를 주세요.")
    else:
        msg = f"{what}: {target.parent}은(는) 읽기 전용 파일 시스템입니다. 기존 파일은 그대로입니다. 다른 경로를 주세요."
    error = OSError(msg)
    error.errno = e.errno
    return error


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:               # 다른 사용자의 살아 있는 프로세스
        return True
    return True


def clean_stale_parts(target: Path) -> list[Path]:
    """``target`` 옆에 남은, 주인 프로세스가 이미 없는 임시 파일(이 모듈이 만든 것만)을 지우고 그 목록을 돌려줍니다."""
    removed = []
    prefix = f".{target.name}.w2vlib-"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        m = _PART.search(entry.name)
        if m is None or entry.name[: m.start()] != f".{target.name}":
            continue
        pid = int(m.group(1))
        if pid != os.getpid() and not _pid_alive(pid):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _part_name(target: Path) -> Path:
    return target.parent / f".{target.name}.w2vlib-{os.getpid()}-{secrets.token_hex(4)}.part"


_use_tmpfile = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def _open_unnamed(directory: Path) -> int | None:
    if not _use_tmpfile:
        return None
    try:
        return os.open(directory, os.O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except (OSError, AttributeError):     # EOPNOTSUPP/EISDIR/EINVAL: 이 파일 시스템은 O_TMPFILE을 모름
        return None


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", encoding: str | None = "utf-8", what: str = "path"):
    """``with atomic_write(path) as f: f.write(...)`` — 블록이 예외 없이 끝날 때만 ``path``를 바꿉니다.

    ``mode``는 ``"w"`` (텍스트, ``encoding``) 또는 ``"wb"``입니다. 돌려주는 경로 확인은
    :func:`resolve_output_path`와 같습니다.
    """
    one_of("mode", mode, ("w", "wb"))
    target = resolve_output_path(path, what)
    try:
        with _atomic_write(target, mode, encoding) as f:
            yield f
    except OSError as e:
        if e.errno not in _NO_SPACE | {errno.EROFS}:
            raise
        raise _korean_write_error(e, target, what) from None


@contextlib.contextmanager
def _atomic_write(target: Path, mode: str, encoding: str | None):
    clean_stale_parts(target)
    try:
        keep_mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep_mode = None                  # 새 파일: 0o666로 열어 umask가 적용되게 둠
    part = None
    fd = _open_unnamed(target.parent)
    if fd is None:
        part = _part_name(target)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        if keep_mode is not None:
            os.fchmod(fd, keep_mode)
        kwargs = {"encoding": encoding} if "b" not in mode else {}
        with os.fdopen(fd, mode, closefd=False, **kwargs) as f:
            yield f
        os.fsync(fd)
        if part is None:
            part = _part_name(target)
            # linkat(…, AT_SYMLINK_FOLLOW): CPython은 dir_fd를 줄 때만 link() 대신 linkat을 부릅니다
            dir_fd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.link(f"/proc/self/fd/{fd}", part.name, dst_dir_fd=dir_fd, follow_symlinks=True)
            finally:
                os.close(dir_fd)
        os.replace(part, target)
        part = None
    finally:
        os.close(fd)
        if part is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
