"""한글 맞춤법: 라틴 문자·코드·수식·숫자 뒤에 띄어 쓴 조사가 본문(마크다운 셀, glossary.md, intro.md)과 코드 셀의
한글 문자열·주석, 파이썬 파일(w2vlib/, tools/, book_ext/, benchmarks/, tests/)의 문자열·docstring·주석에 없어야 합니다. 검사기(tools/korean_orthography.py) 자체도 알려진 좋은/나쁜 문장으로 시험합니다.

고치기: ``python tools/korean_orthography.py --fix`` (기계적인 부분), 조사의 형태(을/를 …)는 직접 읽고 고칩니다.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("korean_orthography", ROOT / "tools" / "korean_orthography.py")
ko = importlib.util.module_from_spec(_spec)
sys.modules["korean_orthography"] = ko
_spec.loader.exec_module(ko)

FILES = ko.default_files()
PYTHON_FILES = ko.python_files()

# ko-orthography: off  (BAD: 검사기가 잡아야 할 틀린 예)
BAD = [
    "PTB 에서 학습합니다.", "word2vec 의 속도", r"\(W_\text{in}\) 과 곱합니다", "`dW` 를 더합니다", "0 을 곱한 항",
    "90 % 이상", "$V$ 에 비례합니다", "1 만 개", "10 에폭에서는 9 배 빠릅니다", "**CBOW** 는 맥락으로",
    "`negative_sample` 을", "V = 10,000 일 때", "크기 (길이 $H$) 의 벡터", "결과는 `np.ndarray`\n입니다",
    'print(f"{n} 개의 행")', "이것이 “나쁜 예” 임을 지적하고", "타깃 단어는 `say` **입니까**?", 'f"{100 * x:.2f} %"', "\"예/아니오\" 로 답하는 문제", "평균 1.00 개뿐입니다", "\"b와 c에 가까운 단어 중\n질의 단어가 아닌 것\" 을 고른",
    # 변수 뒤의 단위 명사는 띄어 씀 (숫자 뒤에서만 붙일 수 있음)
    "$k$개의 음성 예", "$k+1$개씩", "$V$배 느립니다", "$1/(1-\\beta_2)$번",
]
# ko-orthography: on
GOOD = [
    "PTB에서 학습합니다.", "word2vec의 속도", r"\(W_\text{in}\)과 곱합니다", "`dW`를 더합니다", "0을 곱한 항",
    "90% 이상", "$V$에 비례합니다", "1만 개", "10에폭에서는 9배 빠릅니다", "**CBOW**는 맥락으로",
    "`negative_sample` 배열을", "V = 10,000일 때",
    # 관형사 "이", "한", 일반 명사는 조사가 아님
    "벡터 $h$ 이 방법은", "`W[idx]` 한 줄이지만", "PTB 말뭉치", "`idx` 배열과", "Embedding 계층을", "H = 100, 배치",
    "Mikolov 외, 2013", "CBOW 모델", "(N, V) 행렬", "int64 단어 ID", "float32 바이트", '"단어1 단어2 점수"',
    "평균 1.00개뿐입니다", '"a"와\n"b"는 다릅니다', "```{exercise-start} 문제 1\n:label: ex-1\n```",
    # 절 번호 뒤의 띄어쓰기 (검사기의 "2단어" 제안이 "4.4.2단어 벡터 평가 방법" 제목을 만들었음)
    "## 4.4.2 단어 벡터 평가 방법", "4.4.2 단어 벡터 평가", "### A.4 단어의 부호",
    "$k$ 개의 음성 예", "$k + 1$ 개씩", "$V$ 배 느립니다", "$1{,}579$개", "$k = 2$개", "$w + 1 = 6$배", "$$x$$개",
]


@pytest.mark.parametrize("text", BAD)
def test_checker_finds_spaced_particles(text):
    assert ko.find_spaced(text), f"검사기가 놓친 띄어 쓴 조사: {text!r}"
    assert not ko.find_spaced(ko.fix_text(text)), f"자동 수정 뒤에도 남음: {ko.fix_text(text)!r}"


@pytest.mark.parametrize("text", GOOD)
def test_checker_accepts_correct_text(text):
    assert not ko.find_spaced(text), f"올바른 문장을 잘못 잡음: {text!r} → {ko.find_spaced(text)}"


def test_checker_reads_code_cells_and_reports_location(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# 제목\n\n본문은 PTB에서 옵니다."},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": 'x = 3\nprint(f"{x} 개의 단어")  # 주석 안의 W 를\ny = "abc"'}]}  # ko-orthography: ignore
    path = tmp_path / "t.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    found = ko.check_notebook(path)
    assert [f.line for f in found] == [2, 2]
    assert all("t.ipynb 셀 1 (code" in str(f) for f in found)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_spaced_particles_in_sources(path):
    found = ko.check_file(path)
    assert not found, (f"{path.name}: 띄어 쓴 조사 {len(found)}곳 (python tools/korean_orthography.py --fix로 고침)\n"
                       + "\n".join(map(str, found)))


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".ipynb"], ids=lambda p: p.name)
def test_no_spaced_particles_in_stored_outputs(path):
    """저장된 출력(print 결과, 표)도 검사합니다. 소스를 고친 뒤 노트북을 다시 실행해야 통과합니다."""
    found = ko.check_notebook(path, outputs=True)
    assert not found, f"{path.name}: 출력에 띄어 쓴 조사 {len(found)}곳\n" + "\n".join(map(str, found))


def test_code_fences_skipped_but_directive_content_checked():
    # ko-orthography: off  (틀린 예)
    text = ("```bash\nls chapters/ 를 봅니다\n```\n\n```{exercise-start} 문제 1\n:label: ex-1\n```\n\n본문의 PTB 를\n\n"
            "```{exercise-end}\n```\n\n```{exercise-start} 문제 2\n```")
    found = ko.check_text("t.md", ko._strip_code_fences(text))
    assert [(f.line, f.text) for f in found] == [(9, "'B 를' → 'B를'")]
    # ko-orthography: on


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_spaced_particles_in_python_files(path):
    """파이썬 파일의 문자열 리터럴·docstring·주석(오류 메시지, 출력 문자열 포함). 코드 자체는 보지 않습니다."""
    found = ko.check_file(path)
    assert not found, (f"{path.relative_to(ROOT)}: 띄어 쓴 조사 {len(found)}곳 "
                       f"(python tools/korean_orthography.py --fix {path.relative_to(ROOT)}로 고친 뒤 읽고 다듬음)\n"
                       + "\n".join(map(str, found)))


def test_python_file_list_covers_library_tools_and_tests():
    names = {p.relative_to(ROOT).as_posix() for p in PYTHON_FILES}
    assert {"w2vlib/layers.py", "tools/korean_orthography.py", "tests/conftest.py",
            "tests/tools/test_korean_orthography.py"} <= names
    assert any(n.startswith("book_ext/") for n in names) and any(n.startswith("benchmarks/") for n in names)


# ko-orthography: off  (아래 예제 소스는 일부러 틀린 문장을 담습니다)
PY_SOURCE = '''"""모듈 설명: PTB 에서 읽습니다.

두 번째 줄의 `W_out`
의 행을 씁니다.
"""
x = 3 % 2  # 주석 안의 W 를
y = fmt % x  # 나머지 연산은 코드이므로 검사하지 않음
msg = f"{x} 개의 단어, {x:.1f} %"
esc = "줄바꿈\\n 에서는 조사가 아님"
raw = r"정규식 \\s 에서도 조사가 아님"
ok = "shape가 (N, H)여야 합니다"  # 올바른 문장
skip = "V 를"  # ko-orthography: ignore
'''


def test_python_mode_checks_only_strings_and_comments(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(PY_SOURCE, encoding="utf-8")
    found = [(f.line, f.text) for f in ko.check_file(path)]
    assert found == [(1, "'B 에서' → 'B에서'"), (3, "'`\\n의' → '`의'"), (6, "'W 를' → 'W를'"),
                     (8, "'} 개의' → '}개의'"), (8, "'} %' → '}%'")]


def test_python_fix_touches_only_text_and_keeps_lines(tmp_path):
    fixed = ko.fix_python_text(PY_SOURCE)
    assert fixed.count("\n") == PY_SOURCE.count("\n")
    assert "PTB에서" in fixed and "`W_out`의\n행을" in fixed and "W를" in fixed
    assert 'f"{x}개의 단어, {x:.1f}%"' in fixed
    assert "x = 3 % 2" in fixed and "y = fmt % x" in fixed          # 코드는 그대로
    assert "줄바꿈\\n 에서는" in fixed and "\\s 에서도" in fixed       # 이스케이프 뒤는 그대로
    assert 'skip = "V 를"' in fixed                                   # 무시 표시가 있는 줄도 그대로
    compile(fixed, "m.py", "exec")
    path = tmp_path / "m.py"
    path.write_text(fixed, encoding="utf-8")
    assert ko.check_file(path) == []
# ko-orthography: on
