"""README의 구성 표와 CONTRIBUTING의 모듈 표가 실제 모듈과 맞는지: 지운 모듈이 남아 있거나 새 모듈이 빠지면 실패합니다
(예전에 지운 ``w2vlib.parallel``이 README에 남아 있었습니다)."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT


def modules(folder: str, *, private: bool = False) -> set[str]:
    return {p.stem for p in (ROOT / folder).glob("*.py") if p.stem != "__init__" and (private or not p.stem.startswith("_"))}


def table_row(text: str, first_cell: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, f"{first_cell} 행이 하나여야 합니다"
    return rows[0].split("|")[2]


@pytest.mark.parametrize("folder", ["w2vlib", "w2vlib/book"])
def test_readme_layout_table_names_exactly_the_modules(folder):
    row = table_row((ROOT / "README.md").read_text(encoding="utf-8"), f"`{folder}/`")
    named = set(re.findall(r"`(\w+)`", row))
    assert named == modules(folder), (f"README의 `{folder}/` 행: 없는 모듈 {sorted(named - modules(folder))}, "
                                      f"빠진 모듈 {sorted(modules(folder) - named)}")


def test_contributing_module_table_names_exactly_the_core_modules():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`w2vlib\.(\w+)`", text)) - {"book"}
    assert named == modules("w2vlib", private=True), (f"CONTRIBUTING의 모듈 표: 없는 모듈 "
                                                      f"{sorted(named - modules('w2vlib', private=True))}, 빠진 모듈 "
                                                      f"{sorted(modules('w2vlib', private=True) - named)}")
