"""빌드된 HTML에서 렌더링 실수의 종류마다 하나씩 찾습니다 (이슈 22에서 발견된 것들이 다시 생기지 않게).

- 본문에 그대로 찍힌 Markdown 굵게 표시 ``**`` (닫는 ``**`` 바로 앞이 괄호이고 뒤에 조사가 붙으면 생김)
- 절 번호와 제목이 붙은 제목 ("4.4.2단어 벡터 평가 방법"): 본문, 목차, 검색 색인
- 같은 문단이 한 페이지에 두 번 (연습문제 본문이 상자 밖과 안에 두 번)
- 풀이 제목 "해답 연습 (문제 1)" (sphinx-exercise의 "Solution to" + 연습 제목)
- 검색 결과 요약의 TeX 원문(``\\(V - 1\\)``, ``\\end{split}\\]``)과 띄어 쓰지 않은 복합어 질의("네거티브샘플링")는
  검색 페이지를 열어 확인합니다 (로컬 HTTP 서버).
"""
from __future__ import annotations

import functools
import html
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


PAGES = _pages()
#: 절 번호(점이 하나 이상: "4.4.2", "A.4")에 바로 글자가 붙은 제목. "2차원 …"처럼 숫자로 시작하는 제목은 괜찮습니다.
_HEADING_NUMBER_GLUED = re.compile(r"^(?:[A-Z]\.\d+|\d+(?:\.\d+)+)(?:\.\d+)*(?=[가-힣A-Za-z])(?!절)")   # "4.3절" 링크는 맞음


def _article(built_html, name) -> str:
    source = (built_html / f"{name}.html").read_text(encoding="utf-8")
    return re.search(r'<article class="bd-article"[^>]*>(.*)</article>', source, re.S).group(1)


def _prose(fragment: str) -> str:
    """코드·출력·수식·스크립트를 뺀 본문 글자."""
    fragment = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", fragment, flags=re.S | re.I)
    fragment = re.sub(r'<(span|div) class="math[^"]*">.*?</\1>', " ", fragment, flags=re.S)
    fragment = re.sub(r"<code\b.*?</code>", " ", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("name", PAGES)
def test_no_literal_bold_markers(built_html, name):
    text = _prose(_article(built_html, name))
    found = [text[max(0, m.start() - 30): m.end() + 10] for m in re.finditer(r"\*\*", text)]
    assert not found, f"{name}: 본문에 그대로 찍힌 ** : {found[:3]}"


def _headings(fragment: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
            for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", fragment, re.S)]


@pytest.mark.parametrize("name", PAGES)
def test_section_numbers_are_followed_by_a_space(built_html, name):
    source = (built_html / f"{name}.html").read_text(encoding="utf-8")
    toc_links = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", a)).split())
                 for a in re.findall(r'<a class="reference internal[^"]*"[^>]*>(.*?)</a>', source, re.S)]
    glued = [t for t in _headings(_article(built_html, name)) + toc_links if _HEADING_NUMBER_GLUED.match(t)]
    assert not glued, f"{name}: 절 번호와 제목 사이에 공백이 없습니다: {glued}"


def test_search_index_titles_have_spaced_section_numbers(built_html):
    index = (built_html / "searchindex.js").read_text(encoding="utf-8")
    titles = re.findall(r'"((?:[A-Z]\.)?\d+(?:\.\d+)+[^"]{0,30})"', index)
    assert titles, "검색 색인에서 절 제목을 찾지 못했습니다"
    glued = [t for t in titles if _HEADING_NUMBER_GLUED.match(t)]
    assert not glued, f"검색 색인의 붙은 절 번호: {glued[:5]}"


@pytest.mark.parametrize("name", PAGES)
def test_no_paragraph_printed_twice(built_html, name):
    fragment = _article(built_html, name)
    fragment = re.sub(r'<div class="cell_output.*?</div>\s*</div>', " ", fragment, flags=re.S)
    paragraphs = [" ".join(_prose(p).split()) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", fragment, re.S)]
    seen, twice = set(), []
    for p in paragraphs:
        if len(p) >= 40 and p in seen:
            twice.append(p[:60])
        seen.add(p)
    assert not twice, f"{name}: 두 번 나오는 문단: {twice}"
    text = _prose(fragment)
    assert "바로 위의 문제" not in text, f"{name}: 연습문제 상자가 상자 밖의 문제를 다시 적습니다"


def test_solution_titles_read_naturally(built_html):
    titles = []
    for name in PAGES:
        titles += [(name, " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()))
                   for t in re.findall(r'<p class="admonition-title">(해답.*?)</p>', _article(built_html, name), re.S)]
    assert len(titles) >= 10, "해답 상자가 거의 없습니다"
    bad = [(n, t) for n, t in titles if not re.fullmatch(r"해답 \(문제 \d+\)", t)]
    assert not bad, f"풀이 제목: {bad[:5]}"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def search(built_html, browser):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def run(query: str) -> tuple[set[str], str]:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/search.html?q={query}", wait_until="load")
        page.wait_for_function("() => typeof Search !== 'undefined' && Search.status"
                               " && Search.status.innerText.length > 0", timeout=60000)
        page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length"
                               " >= Math.min(3, document.querySelectorAll('#search-results li').length)", timeout=30000)
        hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
        summaries = page.inner_text("#search-results")
        page.close()
        return {h.split("#")[0].split("?")[0] for h in hrefs}, summaries
    yield run
    server.shutdown()
    server.server_close()


def test_search_snippets_show_no_tex(search):
    found, summaries = search("소프트맥스")
    assert len(found) >= 3
    tex = re.findall(r"\\[()\[\]]|\\(?:begin|end|frac|text|mathrm)\b|\\[A-Za-z]+\{", summaries)
    assert not tex, f"검색 결과 요약에 TeX 원문: {tex[:5]}\n{summaries[:500]}"


def test_compound_query_without_space_finds_the_spaced_term(search, built_html):
    spaced, _ = search("네거티브 샘플링")
    glued, _ = search("네거티브샘플링")
    assert "chapters/4_2_negative_sampling.html" in glued and spaced <= glued, (sorted(spaced), sorted(glued))
