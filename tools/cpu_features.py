"""numpy가 이 CPU에서 고를 수 있는 AVX-512 계열의 디스패치 대상을 공백으로 이어 출력합니다 (``NPY_DISABLE_CPU_FEATURES``에 넣는 값).

``tools/_venv.sh``와 ``tools/execute_notebook.py``가 써서, AVX-512가 있는 CPU에서도 numpy가 AVX2 경로만 쓰게 합니다: 저장된
노트북 출력이 CPU 종류와 상관없이 같아지게 하려는 것입니다. numpy 판마다 대상의 이름이 다르므로 (2.4: ``X86_V4``, ``AVX512_ICL``
…; 2.0: ``AVX512F``, ``AVX512_SKX`` …) 설치된 numpy에게 묻습니다.
"""
from __future__ import annotations


def avx512_targets() -> list[str]:
    """numpy의 디스패치 대상 가운데 AVX-512 계열 (없으면 빈 목록)."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__
    except ImportError:                      # numpy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__
    return [t for t in __cpu_dispatch__ if "512" in t or t == "X86_V4"]


if __name__ == "__main__":
    print(" ".join(avx512_targets()))
