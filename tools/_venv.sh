# tools/book.sh 와 tools/test.sh 가 공유하는 준비 단계: 가상환경을 만들거나 다시 쓰고, pyproject.toml 이나
# constraints.txt 가 바뀌었을 때만 의존성을 (다시) 설치합니다. 허용 범위는 pyproject.toml, 정확한 버전은
# constraints.txt 한 곳에 있습니다.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${W2VLIB_VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "가상환경을 만듭니다: $VENV"
  "$PYTHON_BIN" -m venv "$VENV"
fi
stamp="$VENV/.w2vlib-installed"
want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "의존성을 설치합니다 (처음 한 번은 몇 분 걸립니다)..."
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -c "$ROOT/constraints.txt" -e "$ROOT[test,notebook]"
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
# 2코어 노트북에서 BLAS 스레드가 서로 다투지 않게 합니다 (측정값도 안정됩니다).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# OpenBLAS와 numpy는 CPU마다 다른 커널(AVX2, AVX-512 …)을 골라 부동소수 반올림이 CPU 종류에 따라 조금씩 다릅니다 (같은
# 기계 종류라도 AVX-512가 있는 EPYC와 없는 EPYC가 섞여 나옵니다). 그러면 학습의 궤적과 노트북에 저장된 출력(strict nbval)이
# CI 기계의 CPU에 따라 바뀝니다. x86-64에서는 OpenBLAS가 어느 CPU에서나 Haswell(AVX2) 커널을, numpy가 AVX-512 경로를 쓰지
# 않게 해 저장된 출력이 CPU 종류와 상관없이 재현되게 합니다 (tools/execute_notebook.py도 같음; 벤치마크 스크립트는 이 파일을
# 거치지 않아 기계의 기본 커널로 잽니다).
if [ "$(uname -m)" = "x86_64" ]; then
  export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
  if [ -z "${NPY_DISABLE_CPU_FEATURES+set}" ]; then
    NPY_DISABLE_CPU_FEATURES="$("$VENV/bin/python" "$ROOT/tools/cpu_features.py")"
    export NPY_DISABLE_CPU_FEATURES
  fi
fi
cd "$ROOT"
