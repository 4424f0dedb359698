"""명령 하나를 실행하며 그 프로세스 트리 전체의 메모리 최댓값을 잽니다: 모든 프로세스의 비례 집합 크기(PSS,
``/proc/PID/smaps_rollup``의 ``Pss``)를 더한 값의 최댓값. 공유 메모리와 fork 뒤 함께 쓰는 페이지는 나눠 세므로
한 번만 더해집니다 (RSS를 더하면 두 번). Linux 전용.

    python benchmarks/peak_memory.py -- python -m w2vlib.train --epochs 3 --no-eval

라이브러리 함수 :func:`run_with_peak_pss`를 다른 벤치마크 스크립트가 씁니다.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def tree_pids(root: int) -> list[int]:
    """``root``와 그 모든 자손 프로세스의 번호."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += _children(pid)
    return pids


def pss_bytes(pid: int) -> int:
    """프로세스 하나의 PSS (바이트). 이미 끝났으면 0."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_bytes(root: int) -> int:
    """프로세스 트리 전체의 PSS 합 (바이트)."""
    return sum(pss_bytes(pid) for pid in tree_pids(root))


def run_with_peak_pss(cmd, interval: float = 0.05, **popen_kwargs) -> tuple[subprocess.CompletedProcess, int]:
    """``cmd``를 실행하며 ``interval`` 초마다 트리 전체의 PSS 합을 재어 (완료된 프로세스, 최댓값 바이트)를 돌려줍니다."""
    proc = subprocess.Popen(cmd, **popen_kwargs)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_pss_bytes(proc.pid))
        time.sleep(interval)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print(__doc__)
        return 2
    done, peak = run_with_peak_pss(args)
    print(f"최대 메모리 (프로세스 트리의 PSS 합): {peak / 2**20:.1f} MiB, 종료 코드 {done.returncode}", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
