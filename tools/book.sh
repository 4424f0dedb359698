#!/usr/bin/env bash
# 책(HTML)을 빌드합니다: bash tools/book.sh
# 경고 하나, 예외를 내는 노트북 하나도 빌드 실패로 칩니다 (-W -n --keep-going, nb_execution_raise_on_error).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
python tools/fetch_assets.py
rm -rf _build/html _build/jupyter_execute
jupyter-book build . -W -n --keep-going
echo
echo "완성! 브라우저에서 여세요: file://$ROOT/_build/html/index.html"
