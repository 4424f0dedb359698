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
# CPU 종류(AVX-512가 있는 EPYC와 없는 EPYC)와 상관없이 같은 부동소수 결과: 저장된 노트북 출력이 CI 기계에 따라 바뀌지 않게
# 합니다 (x86-64에서 OpenBLAS는 Haswell 커널, numpy는 AVX-512 경로 끔; 까닭과 규칙은 tools/cpu_features.py).
eval "$("$VENV/bin/python" "$ROOT/tools/cpu_features.py")"
cd "$ROOT"
