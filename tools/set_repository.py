"""``_config.yml``의 저장소 주소를 바꾸고, 그 주소에서 나오는 README 배지와 노트북 설치 셀을 함께 고칩니다.

    python tools/set_repository.py https://github.com/<조직>/<저장소>   # 직접 정하기
    python tools/set_repository.py --from-github                      # GitHub Actions에서: 예시 주소일 때만

``--from-github``는 GitHub Actions가 넣어 주는 환경 변수 ``GITHUB_REPOSITORY``(``조직/저장소``)를 읽습니다.
``_config.yml``에 아직 예시 주소(:data:`repo_config.EXAMPLE_URL`)가 들어 있을 때만 바꾸고, 누군가 실제 주소를
적어 두었으면 그대로 둡니다. 그래서 저장소를 GitHub에 올리기만 하면, 손으로 고치지 않아도 배포되는 책의
"Colab에서 열기" 링크와 설치 셀이 그 저장소를 가리킵니다 (.github/workflows/book.yml).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import add_setup_cell  # noqa: E402
import readme_badges  # noqa: E402
import repo_config  # noqa: E402

RUN_PAGE = "run.md"     # "직접 실행하기" 페이지: 코드 블록 안의 주소만 고칩니다 (본문의 예시 주소 설명은 그대로)
_FENCE = re.compile(r"^```bash\n.*?^```$", re.M | re.S)
_PIP_LINE = re.compile(r'^pip install "w2vlib @ [^"]*"$', re.M)
_CLONE = re.compile(r"^git clone (\S+)\ncd (\S+)$", re.M)


def render_run_page(text: str, root: Path = repo_config.ROOT) -> str:
    """``run.md``의 bash 코드 블록 속 pip 설치 명령과 ``git clone``/``cd``를 현재 설정의 주소로 바꾼 텍스트."""
    url = repo_config.repository(root)["url"]
    name = url.rsplit("/", 1)[-1]

    def fix(block: re.Match) -> str:
        code = _PIP_LINE.sub(lambda m: f'pip install "{repo_config.pip_spec(root)}"', block.group(0))
        return _CLONE.sub(lambda m: f"git clone {url}\ncd {name}", code)
    return _FENCE.sub(fix, text)


_URL_LINE = re.compile(r"^(repository:\s*\n(?:[ \t]+.*\n|[ \t]*#.*\n|\s*\n)*?[ \t]+url:[ \t]*)(\S+)(.*)$", re.M)


def set_url(url: str, root: Path = repo_config.ROOT) -> list[str]:
    """``root``의 ``_config.yml`` 주소를 ``url``로 바꾸고 README 배지·설치 셀을 다시 만듭니다. 바뀐 파일 목록."""
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    match = _URL_LINE.search(text)
    if match is None:
        raise SystemExit(f"오류: {config}에서 'repository:' 아래의 'url:' 줄을 찾지 못했습니다.")
    new = text[:match.start(2)] + url + text[match.end(2):]
    changed = []
    if new != text:
        config.write_text(new, encoding="utf-8")
        changed.append("_config.yml")
    repo_config.repository(root)            # 형식 검사 (https://github.com/<조직>/<저장소>)
    readme = root / "README.md"
    old_readme = readme.read_text(encoding="utf-8")
    new_readme = readme_badges.render(old_readme, root)
    if new_readme != old_readme:
        readme.write_text(new_readme, encoding="utf-8")
        changed.append("README.md")
    run_page = root / RUN_PAGE
    if run_page.is_file():
        old_page = run_page.read_text(encoding="utf-8")
        new_page = render_run_page(old_page, root)
        if new_page != old_page:
            run_page.write_text(new_page, encoding="utf-8")
            changed.append(RUN_PAGE)
    source = add_setup_cell.expected_source(root)
    for path in repo_config.chapter_notebooks(root):
        if add_setup_cell.apply(path, source):
            changed.append(path.relative_to(root).as_posix())
    return changed


def from_github(root: Path = repo_config.ROOT, environ=os.environ) -> list[str]:
    """설정이 예시 주소이면 ``GITHUB_REPOSITORY``의 주소로 바꿉니다 (아니면 아무것도 바꾸지 않음)."""
    current = repo_config.repository(root)["url"]
    if current != repo_config.EXAMPLE_URL:
        return []
    name = environ.get("GITHUB_REPOSITORY", "")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", name):
        raise SystemExit(f"오류: GITHUB_REPOSITORY 환경 변수가 '조직/저장소' 형식이어야 합니다 (받은 값: {name!r}).")
    return set_url(f"https://github.com/{name}", root)


def main(argv: list[str]) -> int:
    if argv == ["--from-github"]:
        changed = from_github()
    elif len(argv) == 1 and not argv[0].startswith("-"):
        changed = set_url(argv[0].rstrip("/").removesuffix(".git"))
    else:
        print("사용법: python tools/set_repository.py (https://github.com/<조직>/<저장소> | --from-github)",
              file=sys.stderr)
        return 2
    print(f"저장소 주소: {repo_config.repository()['url']}")
    for name in changed:
        print(f"고침: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
