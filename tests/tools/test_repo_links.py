"""저장소 설정(_config.yml의 repository:) 하나에서 나오는 것들: 책의 "Colab에서 열기" 링크, README 배지,
노트북의 설치 셀. 모두 같은 주소·같은 노트북 경로를 가리키는지 확인합니다."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import add_setup_cell  # noqa: E402
import readme_badges  # noqa: E402
import repo_config  # noqa: E402

CHAPTERS = repo_config.chapter_notebooks()


class _Links(HTMLParser):
    """페이지의 모든 ``<a>``: (href, 보이는 텍스트)."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href", ""), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def test_chapters_found():
    names = {p.name for p in CHAPTERS}
    assert {"4_1_embedding.ipynb", "4_2_negative_sampling.ipynb", "4_3_cbow_ptb.ipynb", "4_4_remaining_topics.ipynb",
            "appendix_a_hierarchical_softmax.ipynb"} <= names


def test_colab_url_format():
    url = repo_config.repository()["url"]
    org_repo = url.removeprefix("https://github.com/")
    branch = repo_config.repository()["branch"]
    assert repo_config.colab_url(ROOT / "chapters" / "4_1_embedding.ipynb") == (
        f"https://colab.research.google.com/github/{org_repo}/blob/{branch}/chapters/4_1_embedding.ipynb")


def test_subfolder_book_and_bad_url(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/o/r.git/\n  branch: dev\n  path_to_book: /book/\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    nb = tmp_path / "chapters" / "x.ipynb"
    assert repo_config.colab_url(nb, tmp_path) == "https://colab.research.google.com/github/o/r/blob/dev/book/chapters/x.ipynb"
    assert repo_config.pip_spec(tmp_path) == "w2vlib @ git+https://github.com/o/r@dev#subdirectory=book"
    (tmp_path / "_config.yml").write_text("repository:\n  url: <이 저장소 주소>\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repository.url"):
        repo_config.repository(tmp_path)


def test_readme_badges_match_repository_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_badges.render(readme) == readme, "python tools/readme_badges.py --write로 README를 고치세요"
    badges = dict(_markdown_badges(readme))
    for nb in CHAPTERS:
        assert badges.get(repo_config.colab_url(nb)) == "Colab에서 열기", nb.name
    assert "<이 저장소 주소>" not in readme and "git+<" not in readme


def _markdown_badges(text: str) -> list[tuple[str, str]]:
    """Markdown의 ``[![alt](img)](href)`` 링크들: (href, alt)."""
    return [(m.group(2), m.group(1)) for m in re.finditer(r"\[!\[([^\]]*)\]\([^)]*\)\]\(([^)]*)\)", text)]


def test_every_chapter_page_links_to_its_own_notebook_on_colab(built_html):
    for nb in CHAPTERS:
        page = built_html / nb.relative_to(ROOT).with_suffix(".html")
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        colab = [(href, text) for href, text in parser.links if "colab.research.google.com" in href]
        assert colab == [(repo_config.colab_url(nb), "Colab에서 열기")], f"{page.name}: {colab}"


def test_non_notebook_pages_have_no_colab_link(built_html):
    for page in (built_html / "intro.html", built_html / "chapters" / "glossary.html"):
        assert "colab.research.google.com" not in page.read_text(encoding="utf-8")


# --- 노트북 설치 셀 -------------------------------------------------------------------------------------------

def test_every_chapter_has_the_setup_cell_with_the_configured_address():
    applied = [p for p in CHAPTERS if any(c.get("id") == add_setup_cell.CELL_ID
                                          for c in nbformat.read(p, as_version=4).cells)]
    if not applied:
        pytest.skip("아직 어느 노트북에도 설치 셀이 없습니다: python tools/add_setup_cell.py를 실행해 커밋하세요")
    assert add_setup_cell.problems() == []


def test_setup_cell_script_on_a_copy(tmp_path):
    """복사본에 적용: 두 번째 셀로 들어가고, 다른 셀은 그대로이고, 두 번 적용해도 같고, 주소가 설정을 따릅니다."""
    for name in ("_config.yml", "_toc.yml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "chapters").mkdir()
    for nb in CHAPTERS:
        (tmp_path / "chapters" / nb.name).write_bytes(nb.read_bytes())
    copies = repo_config.chapter_notebooks(tmp_path)
    assert repo_config.pip_spec(tmp_path, extra="book") in add_setup_cell.expected_source(tmp_path)
    for path in copies:
        source = add_setup_cell.expected_source(tmp_path, path)
        original = nbformat.read(path, as_version=4)
        add_setup_cell.apply(path, source)
        first = path.read_bytes()
        assert add_setup_cell.apply(path, source) is False and path.read_bytes() == first
        nb = nbformat.read(path, as_version=4)
        others = [c for c in nb.cells if c.get("id") != add_setup_cell.CELL_ID]
        assert others == [c for c in original.cells if c.get("id") != add_setup_cell.CELL_ID]
        cell = nb.cells[1]
        assert cell.cell_type == "code" and cell.source == source and cell.outputs == []
        assert cell.metadata["tags"] == ["remove-cell"]
    assert add_setup_cell.problems(tmp_path) == []
    cfg = tmp_path / "_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("branch: main", "branch: other"), encoding="utf-8")
    assert len(add_setup_cell.problems(tmp_path)) == len(copies)  # 설정이 바뀌면 검사가 알아챕니다


def test_setup_cell_prints_nothing_when_w2vlib_is_installed(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", add_setup_cell.expected_source() + "\nimport w2vlib"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_korean_chapter_setup_cell_installs_the_extra():
    """4.5절의 설치 셀은 w2vlib[book,korean]을 설치하고, w2vlib이 있어도 korean 선택 의존성(MeCab-ko)이 빠졌으면 설치합니다."""
    source = add_setup_cell.expected_source(ROOT, ROOT / "chapters" / "4_5_korean.ipynb")
    assert repo_config.pip_spec(ROOT, extra="book,korean") in source
    assert "(book|korean)" in source and 'spec = "w2vlib[book,korean]"' in source
    assert "korean" not in add_setup_cell.expected_source(ROOT, ROOT / "chapters" / "4_1_embedding.ipynb")
