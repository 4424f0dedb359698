"""쓰는 도중의 하위 프로세스를 시그널로 죽이는 테스트 도구 (Linux /proc을 읽습니다)."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

HAS_PROC = os.path.isdir("/proc/self/fd")


def open_files(pid: int) -> list[str]:
    """프로세스 ``pid``가 연 파일들의 경로 (이름 없는 O_TMPFILE 파일은 ``…/#123 (deleted)``)."""
    try:
        return [os.readlink(f"/proc/{pid}/fd/{n}") for n in os.listdir(f"/proc/{pid}/fd")]
    except OSError:                       # 프로세스가 막 끝났거나 fd가 사라짐
        return []


def kill_while_writing(args, folder, sig: str, named: bool = False, env=None, timeout: float = 120) -> int:
    """``args``를 실행해 ``folder`` 안의 임시 파일(``named``이면 ``*.part``, 아니면 이름 없는 파일)에 쓰기
    시작하면 시그널 ``sig``를 보내고, 종료 코드를 돌려줍니다 (시그널로 죽었으면 ``-signum``)."""
    proc = subprocess.Popen(args, env=dict(os.environ, OPENBLAS_NUM_THREADS="1", **(env or {})))
    try:
        deadline = time.monotonic() + timeout
        while not any(t.startswith(str(folder)) and (".part" in t if named else "(deleted)" in t)
                      for t in open_files(proc.pid)):
            assert proc.poll() is None, "쓰기 프로세스가 죽이기 전에 끝났습니다"
            if time.monotonic() > deadline:
                pytest.fail("쓰기가 시작되지 않았습니다")
            time.sleep(0.05)
        time.sleep(0.3)                   # 실제로 몇 바이트를 쓰게 둠
        proc.send_signal(getattr(signal, sig))
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
