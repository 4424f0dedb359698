#!/usr/bin/env bash
# 노트북을 내 컴퓨터의 JupyterLab 에서 엽니다: bash tools/lab.sh  (추가 인자는 jupyter lab 에 전달)
# tools/book.sh, tools/test.sh 와 같은 .venv 를 준비합니다 (constraints.txt 의 버전, notebook 추가 의존성 포함).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec jupyter lab --notebook-dir="$ROOT/chapters" "$@"
