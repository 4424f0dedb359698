# ko-orthography: off  (아래 첫 줄은 틀린 예)
"""한글 맞춤법 검사·자동 수정: 라틴 문자·숫자·코드·수식 뒤에 띄어 쓴 조사("PTB 에서", "`dW` 를", "90 %").

검사: ``python tools/korean_orthography.py`` (문제 위치 출력, 있으면 종료 코드 1)
수정: ``python tools/korean_orthography.py --fix [파일 ...]`` (노트북은 nbformat으로 셀 source만, 파이썬 파일은 문자열·주석만 고침)

규칙은 의도적으로 보수적입니다. 띄어 쓴 한글 낱말 전체가 조사(또는 조사의 조합)일 때만 잡고, 숫자 뒤에서는
단위 명사(개, 배, 번, 초 …)도 잡습니다. "이", "한"처럼 관형사와 모양이 같은 낱말은 잡지 않습니다.
"""
# ko-orthography: on
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# 홀로 띄어 쓰였을 때 조사로 볼 낱말의 앞부분(기본 조사)과, 그 뒤에 붙을 수 있는 보조사.
_BASE = ("은 는 가 을 를 에 에서 의 와 과 로 으로 도 만 보다 처럼 까지 부터 마다 만큼 뿐 밖에 조차 씩 쯤 류 "
         "에게 한테 께 로서 으로서 로써 으로써 라고 이라고 이나 나 이란 란 이라는 라는 이라면 라면 이든 든 "
         "이다 입니다 이고 이며 이면 이므로 이지만 인데 인지 이어서 이었 였 일 인 이라 라 이어야 여야 이에요 예요 "
         "이거나 거나 이자 이냐 냐 이니 니 이기 일까 일지 일수록 입니까 이었습니다 였습니다 이죠 이며 이듯 듯 "
         "이에 에의 에선 에서의 으로의 로의 와의 과의 과는 와는 에는 에도 에서는 에서도 으로는 로는 으로도 로도 "
         "만을 만이 만의 만으로 만큼은 보다는 보다도 까지는 까지의 부터는 부터의 처럼은 처럼도 마다의 씩의 "
         "이라도 라도 이야 야 이건 건 이면서 면서 이므로 므로 일 임을 임이 임은 임에도 이기").split()
# ("때", "때문"은 의존 명사라 띄어 씁니다: "10일 때", "길이 때문에".)
_TAIL = ("", "은", "는", "을", "를", "의", "도", "만", "이", "가", "과", "와", "로", "으로", "에", "에서", "에는", "처럼")
PARTICLES = frozenset(b + t for b in _BASE for t in _TAIL) | frozenset(_BASE)
# 관형사·부사와 모양이 같아 오탐이 많은 것은 제외합니다 ("이 방법", "한 번", "가 봅시다").
PARTICLES = PARTICLES - {"이", "이이", "한", "만이", "나", "라", "야", "건", "듯", "니", "냐"}
# 숫자 뒤의 단위 명사 (한글 맞춤법 제43항: 아라비아 숫자 뒤의 단위 명사는 붙여 쓸 수 있음). 뒤에 조사가 붙어도 됨.
COUNTERS = ("개 배 번 번째 초 분 시간 차원 쪽 비트 쌍 줄 행 열 명 장 절 년 월 일 퍼센트포인트 퍼센트 %p 만 억 천 "  # ko-orthography: ignore
            "배쯤 자리 자릿수 단계 가지 칸 회 문제 단어 토큰 코어 바이트 글자 층 에폭").split()
_COUNTER_WORDS = frozenset(c + p for c in COUNTERS
                           for p in ("",) + tuple(PARTICLES) + ("씩", "쯤", "째", "째의", "뿐이면", "뿐입니다", "뿐인", "뿐이고"))
# 띄어 쓴 뒤 다음 낱말까지 봐야 하는 경우: "일 때"의 "일"만 (단독 "일"은 숫자 뒤에서만 단위).
_HANGUL = "가-힣"
# 앞 글자: 라틴 문자, 숫자, 닫는 백틱, \)의 ), 수식 $, %, 닫는 괄호, 굵게/기울임 *, 닫는 따옴표, } (MyST 역할)
_PREV = r"[A-Za-z0-9`)$%\]}*'\"’”>]"
SPACED = re.compile(rf"(?P<prev>{_PREV})(?P<gap>[ \t]+|[ \t]*\n[ \t]*)(?P<bold>\*{{0,2}})(?P<word>[{_HANGUL}]+)(?![{_HANGUL}])")
SPACED_PERCENT = re.compile(r"(?P<num>[\d}])(?P<gap> +)(?P<pct>%)(?![({])")
# 변수 뒤의 단위 명사는 띄어 씁니다 ("$k$ 개", "$k + 1$ 개", "$V$ 배"). 붙여 쓸 수 있는 것은 아라비아 숫자 뒤뿐이라
# (제43항), 수식이 숫자 하나이거나 "= 숫자"로 끝날 때("$1{,}579$개", "$k = 2$개")만 붙여 둡니다.
ATTACHED_UNIT = re.compile(r"(?<!\$)(?P<math>\$[^$\n]+\$)(?P<unit>개|배|번|쌍|차원|가지)(?=[가-힣]*(?![가-힣]))")


def _variable_math(math: str) -> bool:
    return not re.search(r"(^|=)[\d{},.\s]+$", math[1:-1])


@dataclass
class Finding:
    where: str
    line: int
    text: str

    def __str__(self):
        return f"{self.where}:{self.line}: {self.text}"


def _is_closing_quote(text: str, pos: int) -> bool:
    ch = text[pos]
    if ch in "’”":
        return True
    if ch in "'\"":
        para_start = text.rfind("\n\n", 0, pos) + 1
        return text.count(ch, para_start, pos) % 2 == 1   # 같은 문단에서 홀수 번째 따옴표 = 닫는 따옴표
    if ch == "*":
        return pos > 0 and not text[pos - 1].isspace()    # "**굵게** 의"의 닫는 별표 (ko-orthography: ignore)
    if ch == ">":
        return False
    return True


def _wrong(match: re.Match, text: str) -> bool:
    word, prev = match.group("word"), match.group("prev")
    line_start = text.rfind("\n", 0, match.start()) + 1
    if text.startswith(("```", ":::"), line_start):
        return False                                      # 지시어 줄 ("```{exercise} 문제 1")의 인자 (ko-orthography: ignore)
    if not _is_closing_quote(text, match.start("prev")):
        return False
    if word in PARTICLES:
        if word in ("일", "인") or word.startswith("일"):
            # "일 때", "인 경우": 숫자·변수 뒤에서만 서술격 조사로 봄
            return True
        return True
    number = re.search(r"[\d.]*$", text[line_start:match.start("prev") + 1]).group(0)
    heading_number = re.match(r"#+ [A-Z]?[\d.]+$", text[line_start:match.start("prev") + 1])
    if prev.isdigit() and (heading_number or re.fullmatch(r"\d+(\.\d+){2,}", number)):
        return False                                      # 절 번호 ("## 4.4.2 단어 벡터 평가 방법")의 띄어쓰기는 맞음
    if (prev.isdigit() or prev == "}") and word in _COUNTER_WORDS:
        # 숫자 하나일 때만 단위 명사로 봄: "int64 단어 ID", "float32 바이트", "단어1 단어2"의 숫자는 이름의 일부
        return prev == "}" or not re.search(f"[A-Za-z_{_HANGUL}][0-9]*$", text[line_start:match.start("prev")])
    return False


def find_spaced(text: str, across_lines: bool = True):
    """(시작 위치, 틀린 부분, 고친 부분) 목록. ``across_lines=False``이면 줄바꿈을 띄어쓰기로 보지 않습니다
    (출력 텍스트: 줄 끝의 숫자와 다음 줄의 낱말은 서로 다른 줄입니다)."""
    out = []
    for m in SPACED.finditer(text):
        if not across_lines and "\n" in m.group("gap"):
            continue
        if _wrong(m, text):
            out.append((m.start(), m.group(0), m.group("prev") + m.group("bold") + m.group("word")))
    for m in SPACED_PERCENT.finditer(text):
        out.append((m.start(), m.group(0), m.group("num") + "%"))
    for m in ATTACHED_UNIT.finditer(text):
        if _variable_math(m.group("math")):
            out.append((m.start(), m.group(0), m.group("math") + " " + m.group("unit")))
    return sorted(out)


def fix_text(text: str) -> str:
    def repl(m):
        return m.group("prev") + m.group("bold") + m.group("word") if _wrong(m, text) else m.group(0)
    # 한 번 고치면 위치가 바뀌므로 더 찾을 게 없을 때까지 반복
    for _ in range(5):
        new = SPACED_PERCENT.sub(lambda m: m.group("num") + "%", SPACED.sub(repl, text))
        new = ATTACHED_UNIT.sub(lambda m: m.group("math") + " " + m.group("unit") if _variable_math(m.group("math"))
                                else m.group(0), new)
        if new == text:
            break
        text = new
    return text


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def korean_strings(source: str):
    """코드 셀의 한글이 든 문자열 리터럴과 주석 (위치, 내용). 파싱이 안 되면 (% 매직 등) 줄 단위로 대신함."""
    lines = [("#" + ln if ln.lstrip().startswith(("%", "!")) else ln) for ln in source.split("\n")]
    text = "\n".join(lines)
    try:
        spans = python_text_spans(text)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [(1, source)]
    return [(_line_of(text, begin), content) for begin, _end, content in spans]


def check_text(where: str, text: str, offset_line: int = 0, across_lines: bool = True):
    return [Finding(where, offset_line + _line_of(text, pos), f"{bad!r} → {good!r}")
            for pos, bad, good in find_spaced(text, across_lines)]


def _output_text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/markdown") or data.get("text/plain") or ""


def check_notebook(path: Path, outputs: bool = False):
    import nbformat
    nb = nbformat.read(str(path), as_version=4)
    found = []
    for i, cell in enumerate(nb.cells):
        head = cell.source.strip().split("\n", 1)[0][:40]
        where = f"{path.name} 셀 {i} ({cell.cell_type}, \"{head}\")"
        if outputs:
            # 저장된 출력만: 소스 코드를 보여 주는 셀(inspect.getsource)의 출력은 산문이 아니므로 뺍니다
            if cell.cell_type == "code" and "inspect.getsource" not in cell.source:
                for out in cell.get("outputs", []):
                    text = _output_text(out)
                    if re.search(f"[{_HANGUL}]", text):
                        found += check_text(where + " 출력", text, across_lines=False)
        elif cell.cell_type == "markdown":
            found += check_text(where, _strip_code_fences(cell.source))
        elif cell.cell_type == "code":
            for line, s in korean_strings(cell.source):
                found += check_text(where, s, line - 1)
    return found


def _strip_code_fences(text: str) -> str:
    """```bash 같은 코드 블록 안은 검사하지 않음 (줄 수는 유지). ```{지시어} 블록의 내용은 검사합니다."""
    out, fence = [], None          # fence: None (밖), "code" 또는 "directive"
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is None and stripped.startswith("```"):
            fence = "directive" if stripped.startswith("```{") else "code"
            out.append(line if fence == "directive" else "")
        elif fence is not None and stripped == "```":
            fence = None
            out.append(line)
        else:
            out.append("" if fence == "code" else line)
    return "\n".join(out)


def default_files():
    return sorted((ROOT / "chapters").glob("*.ipynb")) + [ROOT / "chapters" / "glossary.md", ROOT / "intro.md"]


PYTHON_DIRS = ("w2vlib", "tools", "book_ext", "benchmarks", "tests", ".ci")


def python_files():
    """검사할 파이썬 파일: 라이브러리, 도구, 책 확장, 벤치마크, 테스트 (문자열 리터럴·docstring·주석만 검사)."""
    return sorted(p for d in PYTHON_DIRS for p in (ROOT / d).rglob("*.py")
                  if not any(part.startswith((".", "_build")) for part in p.relative_to(ROOT / d).parts))


# 파이썬 파일에서 일부러 틀린 예(검사기와 그 테스트의 BAD 목록)를 두는 줄: 줄 끝 주석 "# ko-orthography: ignore",
# 또는 "# ko-orthography: off" 줄부터 "# ko-orthography: on" 줄까지.
PRAGMA_IGNORE, PRAGMA_OFF, PRAGMA_ON = "ko-orthography: ignore", "# ko-orthography: off", "# ko-orthography: on"
_STRING_PREFIX = re.compile(r"""(?P<prefix>[rRbBuUfF]*)(?P<quote>'{3}|"{3}|'|")""")


def _ignored_lines(source: str) -> set:
    ignored, off = set(), False
    for no, line in enumerate(source.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith(PRAGMA_OFF):
            off = True
        if off or PRAGMA_IGNORE in line:
            ignored.add(no)
        if stripped.startswith(PRAGMA_ON):
            off = False
    return ignored


def python_text_spans(source: str):
    """파이썬 소스에서 한글이 든 문자열 리터럴(따옴표·접두어를 뺀 내용, f-문자열은 통째로)과 주석(# 뒤)의
    (시작 위치, 끝 위치, 내용) 목록. 위치는 ``source`` 안의 문자 위치입니다. 코드 자체는 보지 않습니다."""
    starts = [0]
    for line in source.split("\n"):                   # tokenize처럼 "\n"으로만 줄을 나눔
        starts.append(starts[-1] + len(line) + 1)

    def offset(rc):
        return starts[rc[0] - 1] + rc[1]

    spans, fstring_start, depth = [], None, 0
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        kind = tokenize.tok_name.get(tok.type)
        if kind == "FSTRING_START":                     # 파이썬 3.12+: f-문자열이 여러 토큰으로 나뉨
            if depth == 0:
                fstring_start = tok.start
            depth += 1
            continue
        if kind == "FSTRING_END":
            depth -= 1
            if depth:
                continue
            begin, end = offset(fstring_start), offset(tok.end)
        elif depth or tok.type not in (tokenize.STRING, tokenize.COMMENT):
            continue
        else:
            begin, end = offset(tok.start), offset(tok.end)
        if tok.type == tokenize.COMMENT:
            begin += 1
        else:
            m = _STRING_PREFIX.match(source, begin)
            begin, end = m.end(), end - len(m.group("quote"))
        text = source[begin:end]
        if re.search(f"[{_HANGUL}]", text):
            # 이스케이프(\n, \t, 정규식의 \s 등)의 글자는 라틴 문자가 아니므로 같은 길이의 사용자 정의 영역
            # 글자로 잠시 바꿉니다 (주석은 그대로)
            spans.append((begin, end, text if tok.type == tokenize.COMMENT else _ESCAPE.sub(_hide_escape, text)))
    return spans


_ESCAPE = re.compile(r"\\(.)", re.S)


def _hide_escape(m):
    ch = m.group(1)
    return "\\" + (chr(0xE000 + ord(ch)) if ch.isascii() and ch.isalpha() else ch)


def _unhide_escapes(text: str) -> str:
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - 0xE000), text)


def check_python(path: Path):
    """파이썬 파일의 문자열 리터럴·docstring·주석만 검사합니다 (코드와 식별자는 보지 않음)."""
    source = path.read_text(encoding="utf-8")
    ignored = _ignored_lines(source)
    found = []
    for begin, _end, text in python_text_spans(source):
        first = _line_of(source, begin)
        found += [f for f in check_text(path.name, text, first - 1) if f.line not in ignored]
    return found


def fix_python_text(source: str) -> str:
    """문자열 리터럴·주석 안의 띄어 쓴 조사만 붙입니다 (무시 표시가 있는 줄은 그대로). 줄 수는 바뀌지 않습니다:
    줄 첫머리의 조사(줄 끝 "`W_out`", 다음 줄 "의 행")는 앞 줄 끝으로 옮깁니다("`W_out`의", "행")."""
    ignored = _ignored_lines(source)
    for begin, end, text in reversed(python_text_spans(source)):
        first = _line_of(source, begin)
        new = text
        for _ in range(5):
            pieces, last = [], 0
            for m in SPACED.finditer(new):
                if first + new.count("\n", 0, m.start()) in ignored or not _wrong(m, new):
                    continue
                word = m.group("prev") + m.group("bold") + m.group("word")
                stop = m.end()
                if "\n" in m.group("gap"):               # 조사를 앞 줄 끝으로 옮기고 줄바꿈은 그대로
                    if new.startswith(" ", stop):
                        stop += 1
                    word += m.group("gap")
                pieces += [new[last:m.start()], word]
                last = stop
            fixed = "".join(pieces) + new[last:]
            fixed = SPACED_PERCENT.sub(lambda m, t=fixed: m.group(0) if first + t.count("\n", 0, m.start()) in ignored
                                       else m.group("num") + "%", fixed)
            if fixed == new:
                break
            new = fixed
        source = source[:begin] + _unhide_escapes(new) + source[end:]
    return source


def check_file(path: Path, outputs: bool = False):
    if path.suffix == ".ipynb":
        return check_notebook(path, outputs)
    if path.suffix == ".py":
        return check_python(path)
    return check_text(path.name, _strip_code_fences(path.read_text(encoding="utf-8")))


def fix_notebook(path: Path, skip=()):
    import nbformat
    nb = nbformat.read(str(path), as_version=4)
    changed = 0
    for i, cell in enumerate(nb.cells):
        if i in skip:
            continue
        new = fix_text(cell.source) if cell.cell_type in ("markdown", "code") else cell.source
        if new != cell.source:
            cell.source = new
            changed += 1
    if changed:
        nbformat.write(nb, str(path))
    return changed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--fix", action="store_true", help="띄어 쓴 조사를 붙여 고칩니다")
    ap.add_argument("--outputs", action="store_true", help="노트북 셀의 저장된 출력을 검사합니다")
    args = ap.parse_args(argv)
    files = args.files or default_files()
    if args.fix:
        for f in files:
            if f.suffix == ".ipynb":
                print(f, fix_notebook(f))
            elif f.suffix == ".py":
                f.write_text(fix_python_text(f.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                f.write_text(fix_text(f.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    found = [x for f in files for x in check_file(f, args.outputs)]
    for x in found:
        print(x)
    print(f"{len(found)} 곳", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
