"""큰 임시 배열의 메모리를 프로세스 안에서 재사용하게 하는 도우미 (Linux glibc 전용, 다른 곳에서는 아무것도 안 함).

큰 배치로 학습하면 반복마다 수십 MB 짜리 임시 배열(예: W_out[idx]의 (N, k+1, H) gather)이 생겼다 사라집니다.
glibc의 malloc은 일정 크기(동적으로 최대 32 MB) 이상을 ``mmap``으로 따로 받아 해제 때 바로 OS에 돌려주므로,
다음 반복의 같은 크기 배열은 4 KB 페이지마다 다시 페이지 폴트(커널이 0으로 채움)를 겪습니다. 이 문턱을
올리면 해제한 메모리가 힙에 남아 그대로 재사용됩니다. PTB 학습에서 gather 한 번이 약 1.7배 빨라지고,
학습 전체에 주는 효과는 ``benchmarks/suite.py``의 ``w2vlib_cbow_reuse_memory`` 행과 ``w2vlib_cbow`` 행을 비교합니다.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def reuse_large_allocations(threshold: int = 1 << 30) -> bool:
    """glibc의 mmap·trim 문턱을 ``threshold`` 바이트로 올립니다. 바꿨으면 True (여러 번 불러도 같은 설정).

    프로세스 전체 설정이므로 라이브러리 안에서는 부르지 않고, 프로세스의 주인인 프로그램(명령줄
    ``python -m w2vlib.train``, ``benchmarks/``)만 부릅니다."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):        # musl 등 mallopt가 없는 C 라이브러리
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold)) and bool(mallopt(_M_TRIM_THRESHOLD, threshold))
