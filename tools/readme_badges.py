"""README.md의 장별 "Colab에서 열기" 배지를 ``_config.yml``의 ``repository:`` 설정에서 만듭니다.

    python tools/readme_badges.py --write    # README의 표시 사이(BEGIN/END) 부분을 다시 씁니다
    python tools/readme_badges.py            # 검사만: 다르면 종료 코드 1

배지 그림은 README를 보는 GitHub 페이지에서만 불러옵니다 (책 HTML에는 들어가지 않습니다).
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import repo_config  # noqa: E402

BEGIN = "<!-- colab-badges:begin (tools/readme_badges.py가 만듭니다. 직접 고치지 마세요) -->"
END = "<!-- colab-badges:end -->"
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"


def _title(path: Path) -> str:
    first = nbformat.read(path, as_version=4).cells[0].source.strip().splitlines()[0]
    return first.lstrip("#").strip()


def badges(root: Path = repo_config.ROOT) -> str:
    """표시 사이에 들어갈 Markdown: 장마다 한 줄 (제목과 Colab 배지), 그리고 저장소에서 설치하는 pip 명령."""
    lines = [f"| {_title(p)} | [![Colab에서 열기]({BADGE})]({repo_config.colab_url(p, root)}) |"
             for p in repo_config.chapter_notebooks(root)]
    install = ["", "Colab 밖의 이미 쓰던 Python에 설치하려면 (노트북의 첫 셀이 하는 일과 같습니다):", "",
               "```bash", f'pip install "{repo_config.pip_spec(root, extra="book")}"', "```"]
    return "\n".join(["| 장 | Colab |", "|---|---|", *lines, *install])


def render(readme: str, root: Path = repo_config.ROOT) -> str:
    """``readme``의 BEGIN/END 사이를 현재 설정의 배지로 바꾼 텍스트."""
    if readme.count(BEGIN) != 1 or readme.count(END) != 1:
        raise SystemExit(f"오류: README.md에 배지 표시가 한 쌍 있어야 합니다:\n{BEGIN}\n{END}")
    head, rest = readme.split(BEGIN)
    _, tail = rest.split(END)
    return f"{head}{BEGIN}\n{badges(root)}\n{END}{tail}"


def main(argv: list[str]) -> int:
    path = repo_config.ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if argv == ["--write"]:
        path.write_text(new, encoding="utf-8")
        print(f"{'고침' if new != text else '그대로'}: {path}")
        return 0
    if argv:
        print("사용법: python tools/readme_badges.py [--write]", file=sys.stderr)
        return 2
    if new != text:
        print("README.md의 Colab 배지가 _config.yml의 저장소 설정과 다릅니다: "
              "python tools/readme_badges.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
