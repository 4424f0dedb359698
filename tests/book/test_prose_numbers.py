"""본문(마크다운 셀)에 적은 측정값은 같은 노트북의 셀이 출력한 값입니다.

소수점이 있는 숫자 가운데 단위가 붙은 것(``+1.40%p``, ``4.92%``, ``8.5분``, ``1.3배``, ``960 ms``)과 상관계수처럼 쓰는
소수 셋째 자리 숫자(``0.175``)를 본문에서 찾아, 그 노트북의 저장된 출력 어딘가에 같은 글자로 있는지 봅니다. 코드를
고쳐 출력이 바뀌었는데 본문의 숫자를 그대로 두면 이 테스트가 실패합니다. 연습문제(손으로 푸는 풀이)의 숫자와 알려진
상수(시드 흔들림 ±0.5%p 같은)는 출력이 아니라 정의이므로 :data:`CONSTANTS`에 적어 둡니다.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))

MEASURED = re.compile(r"(?<![\w.$\\{])([+−-]?\d[\d,]*\.\d+)\s?(%p|%|배|초|ms|분|시간)(?![\w}])"
                      r"|(?<![\w.$\\{])([+−-]?0\.\d{3})(?![\d}])")
CONSTANTS = {"0.5%p", "0.03", "0.025", "0.001", "0.75"}
"""정의나 설정값으로 쓰는 숫자 (측정값이 아님): 시드 흔들림의 폭, 학습률, 분포의 지수."""


def _outputs(cells: list[dict]) -> str:
    texts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for text in (out.get("text"), data.get("text/markdown"), data.get("text/plain"), data.get("text/html")):
                if text:
                    texts.append("".join(text))
    return "\n".join(texts).replace("−", "-")


def _is_exercise(source: str) -> bool:
    return "{exercise" in source or "{solution" in source or source.lstrip().startswith(("**손으로 푸는 풀이", "### 문제"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_measured_numbers_in_prose_are_printed_by_a_cell(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    printed = _outputs(cells)
    missing = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or _is_exercise(source):
            continue
        prose = re.sub(r"\$[^$]*\$|`[^`]*`", " ", source)        # 수식·코드 안의 숫자는 본문의 측정값이 아님
        for m in MEASURED.finditer(prose):
            number = (m.group(1) or m.group(3)).replace("−", "-")
            shown = number + (m.group(2) or "")
            if shown.lstrip("+-") in CONSTANTS or shown in CONSTANTS:
                continue
            if number[0] in "+-":             # 부호가 붙은 차이는 부호째로 (표의 "%p" 열처럼 단위는 머리글에 있을 수 있음)
                wanted = number
            else:                             # 부호 없는 %·%p 값은 단위째로 (출력도 붙여 찍음)
                wanted = number + (m.group(2) if m.group(2) in ("%", "%p") else "")
            if not re.search(r"(?<![\d.,])" + re.escape(wanted) + r"(?![\d])", printed):
                missing.append(f"셀 {cell['id']}: {shown!r} — …{prose[max(0, m.start() - 40):m.end() + 10]!r}")
    assert not missing, "본문의 숫자가 출력에 없습니다 (출력이 바뀌었는데 본문이 그대로인가요?):\n" + "\n".join(missing)


def test_the_check_finds_a_stale_number(tmp_path):
    """검사기 자체의 확인: 출력에 없는 숫자를 본문에 쓰면 찾아냅니다."""
    nb = {"cells": [{"cell_type": "code", "id": "c", "source": [], "outputs": [{"text": ["유추 4.92%"]}]},
                    {"cell_type": "markdown", "id": "m", "source": ["정답률은 4.92%이고 차이는 +0.70%p, ρ 0.175입니다."]}]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(AssertionError, match=r"0\.70%p[\s\S]*0\.175"):
        test_measured_numbers_in_prose_are_printed_by_a_cell(path)
