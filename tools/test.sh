#!/usr/bin/env bash
# 모든 테스트를 실행합니다: bash tools/test.sh  (단위 테스트 + 노트북 strict nbval)
# 추가 인자는 pytest 에 그대로 전달됩니다. 예: bash tools/test.sh tests/core/test_layers.py -x
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tools/nbval_sanitize.cfg "$@"
