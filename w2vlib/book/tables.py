"""노트북의 마크다운 표 (책 전체에서 표를 만드는 방법은 이것 하나).

``markdown_table(header, rows)``가 IPython의 ``Markdown``을 돌려주므로, 셀의 마지막 줄이면 그대로 표가 되고
중간이면 ``display(...)``로 보입니다. 결과 글자는 ``.data``에 있습니다.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from .._checks import argument_error

_ALIGN = {"l": "---", "r": "---:", "c": ":---:"}
_MARKDOWN_SPECIAL = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("$", "\\$"), ("*", "\\*"),
                     ("_", "\\_"))


def markdown_lines(header: Sequence[str], rows: Iterable[Sequence], align: str | None = None) -> str:
    """표의 마크다운 글자. ``align``은 열마다 "l"(왼쪽)·"r"(오른쪽)·"c"(가운데) 한 글자씩이고, None이면 첫 열만
    왼쪽, 나머지는 오른쪽입니다. 칸의 값은 ``str()``로 씁니다 (숫자 형식은 미리 정해 넘기세요)."""
    header = [str(h) for h in header]
    align = align if align is not None else "l" + "r" * (len(header) - 1)
    if len(align) != len(header) or set(align) - set(_ALIGN):
        raise argument_error(ValueError, "align", f"열마다 'l', 'r', 'c' 중 한 글자씩 {len(header)}글자여야 합니다 "
                                                  f"(받은 값: {align!r}).")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(_ALIGN[a] for a in align) + "|"]
    for row in rows:
        row = [str(c) for c in row]
        if len(row) != len(header):
            raise argument_error(ValueError, "rows", f"행마다 칸이 {len(header)}개여야 합니다 (받은 행: {row}).")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence], align: str | None = None):
    """:func:`markdown_lines`의 표를 노트북에 보이는 ``IPython.display.Markdown``으로 돌려줍니다."""
    from IPython.display import Markdown   # 노트북에서만 필요한 의존성

    return Markdown(markdown_lines(header, rows, align))


def escape_markdown(text: str) -> str:
    """표 칸에 넣을 글자: ``<unk>``가 HTML 태그로, ``$``가 수식으로, ``|``가 칸 나눔으로 읽히지 않게 합니다."""
    for a, b in _MARKDOWN_SPECIAL:
        text = text.replace(a, b)
    return text


def code_names(text: str) -> str:
    """점이 든 이름(``np.add.at`` 등)을 코드 서식으로: 표 안에서 웹 주소로 오인되어 링크가 되지 않게 합니다.
    이름 뒤의 한글 조사는 코드 서식 밖에 남습니다."""
    return re.sub(r"\b([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)", r"`\1`", text)


def benchmark_table(rows: Iterable[tuple[str, dict]], name_header: str = "모델"):
    """단어 벡터 평가 점수의 표: ``rows`` = [(이름, :func:`w2vlib.evaluation.benchmark_scores`의 결과)].

    열: 유추 전체·의미·문법 (정답률 %), WordSim-353 ρ, SimLex-999 ρ."""
    from .formatting import format_percent

    return markdown_table([name_header, "유추 전체", "의미", "문법", "WordSim-353 ρ", "SimLex-999 ρ"],
                          [(name, format_percent(s["analogy"]), format_percent(s["semantic"]),
                            format_percent(s["syntactic"]), f"{s['ws353']:.3f}", f"{s['simlex']:.3f}")
                           for name, s in rows])
