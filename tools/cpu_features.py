"""CPU 종류와 상관없이 같은 부동소수 결과를 내도록 정하는 환경 변수 (x86-64에서만): ``OPENBLAS_CORETYPE``과
``NPY_DISABLE_CPU_FEATURES``.

OpenBLAS와 numpy는 CPU마다 다른 커널(AVX2, AVX-512 …)을 골라 반올림이 조금씩 다르고, 그러면 노트북에 저장된 출력(strict
nbval)이 CI 기계의 CPU에 따라 바뀝니다. 그래서 OpenBLAS는 어느 CPU에서나 Haswell(AVX2) 커널을, numpy는 AVX-512 경로를
쓰지 않게 합니다. ``tools/_venv.sh``는 ``eval "$(python tools/cpu_features.py)"``로, ``tools/execute_notebook.py``는
:func:`reproducible_env`로 씁니다. 이미 정해 둔 변수는 그대로 둡니다. 벤치마크 스크립트는 쓰지 않습니다 (기계의 기본 커널로 잼).
"""
from __future__ import annotations

import os
import platform
import shlex


def avx512_targets() -> list[str]:
    """numpy의 디스패치 대상 가운데 AVX-512 계열 (없으면 빈 목록). numpy 판마다 이름이 다르므로 (2.4: ``X86_V4``,
    ``AVX512_ICL`` …; 2.0: ``AVX512F``, ``AVX512_SKX`` …) 설치된 numpy에게 묻습니다."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__
    except ImportError:                      # numpy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__
    return [t for t in __cpu_dispatch__ if "512" in t or t == "X86_V4"]


def reproducible_env(environ) -> dict[str, str]:
    """``environ``에 아직 없는 변수만 담은 {이름: 값} (x86-64가 아니면 빈 딕셔너리)."""
    if platform.machine() != "x86_64":
        return {}
    out = {}
    if not environ.get("OPENBLAS_CORETYPE"):
        out["OPENBLAS_CORETYPE"] = "Haswell"
    if "NPY_DISABLE_CPU_FEATURES" not in environ:
        out["NPY_DISABLE_CPU_FEATURES"] = " ".join(avx512_targets())
    return out


if __name__ == "__main__":
    for name, value in reproducible_env(os.environ).items():
        print(f"export {name}={shlex.quote(value)}")
