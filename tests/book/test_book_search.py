"""만들어진 책의 한국어 검색·한국어 UI·렌더링을 헤드리스 Chromium으로 확인합니다.

- 검색: search.html?q=… 로 실제 질의를 던지고, 결과 목록의 페이지 집합이 "그 단어가 본문 어디엔가(조사가 붙은
  꼴 포함) 나오는 모든 페이지"를 포함하는지 봅니다. 기대 집합은 만들어진 HTML의 본문 텍스트에서 계산합니다.
  조사를 붙인 질의("말뭉치에서", "PTB에서")도 맨 단어와 같은 페이지를 찾아야 합니다.
  검색 결과의 요약은 페이지를 fetch로 읽어 만들므로 file:// 가 아니라 로컬 HTTP 서버로 엽니다.
- UI: 장 페이지에 테마의 영어 문구가 남아 있지 않고, 페이지 오류(자바스크립트 예외)가 없습니다.
- 렌더링: 400 px 화면에서 본문이 가로로 넘치지 않습니다 (넓은 수식은 수식 상자 안에서만 스크롤).
"""
from __future__ import annotations

import functools
import html
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots"
CHAPTERS = ["chapters/4_1_embedding", "chapters/4_2_negative_sampling", "chapters/4_3_cbow_ptb",
            "chapters/4_4_remaining_topics", "chapters/appendix_a_hierarchical_softmax", "chapters/glossary"]
WORDS = ["임베딩", "슬라이더", "위젯", "옵티마이저", "샘플러", "기울기", "허프만", "부호", "PTB", "말뭉치"]
# 조사를 붙인 질의 → 맨 단어와 같은 결과여야 합니다.
PARTICLE_QUERIES = {"말뭉치에서": "말뭉치", "PTB에서": "PTB", "임베딩이라고도": "임베딩", "기울기를": "기울기"}
# 테마가 영어로 보여 주던 문구들 (화면 글자, title/aria-label/placeholder 어디에도 없어야 함)
ENGLISH_UI = ["Show code cell", "Hide code cell", "Skip to main content", "Back to top", "Search this book",
              "Color mode", "Print to PDF", "Download source file", "Download this page", "Toggle navigation",
              "Toggle primary sidebar", "Toggle secondary sidebar", "Toggle hidden content", "Fullscreen mode",
              "previous page", "next page", "Contents", "On this page", "Site navigation", "Link to this heading",
              "System Settings", "© Copyright", "Copy to clipboard", "Click to show"]

_UI_TEXT_JS = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[data-bs-title],[data-tooltip]'))
    for (const a of ['title', 'aria-label', 'placeholder', 'data-bs-title', 'data-tooltip'])
      if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  return parts.join('\\n');
}"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def book_url(built_html):
    """built_html을 127.0.0.1의 임의 포트로 제공합니다 (검색 결과 요약의 fetch가 file:// 에서는 막힘)."""
    handler = functools.partial(_QuietHandler, directory=str(built_html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _page_text(path: Path) -> str | None:
    """페이지 본문(article)의 텍스트. 본문이 없는 페이지(리디렉트 index.html 등)는 None."""
    source = path.read_text(encoding="utf-8")
    match = re.search(r'<article class="bd-article"[^>]*>(.*)</article>', source, re.S)
    if match is None:
        return None
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(1), flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def page_texts(built_html) -> dict[str, str]:
    texts = {}
    for path in built_html.rglob("*.html"):
        rel = path.relative_to(built_html).as_posix()
        if rel.startswith("_") or rel in ("search.html", "genindex.html"):
            continue
        text = _page_text(path)
        if text is not None:
            texts[rel] = text
    assert "chapters/glossary.html" in texts and len(texts) >= 7, sorted(texts)
    return texts


def _expected_pages(page_texts, word):
    return {page for page, text in page_texts.items() if word.lower() in text.lower()}


def _search(browser, book_url, query) -> tuple[set[str], list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{book_url}/search.html?q={query}", wait_until="load")
    page.wait_for_function("() => typeof Search !== 'undefined' "
                           "&& Search.status && Search.status.innerText.length > 0", timeout=90000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    return {h.split("#")[0] for h in hrefs}, errors


@pytest.mark.parametrize("word", WORDS)
def test_search_finds_every_page_with_the_word(built_html, browser, book_url, page_texts, word):
    expected = _expected_pages(page_texts, word)
    assert expected, f"'{word}'가 어느 페이지에도 없습니다 (테스트 단어 목록을 고치세요)"
    found, errors = _search(browser, book_url, word)
    assert not errors, f"검색 페이지 오류: {errors[:3]}"
    missing = expected - found
    assert not missing, f"'{word}' 검색이 놓친 페이지: {sorted(missing)} (찾은 것: {sorted(found)})"


@pytest.mark.parametrize("query, bare", PARTICLE_QUERIES.items())
def test_query_with_particle_finds_bare_word(built_html, browser, book_url, page_texts, query, bare):
    expected = _expected_pages(page_texts, bare)
    found, errors = _search(browser, book_url, query)
    assert not errors, f"검색 페이지 오류: {errors[:3]}"
    assert expected <= found, f"'{query}' 검색이 놓친 페이지: {sorted(expected - found)}"


def test_search_page_is_korean(built_html, browser, book_url):
    page = browser.new_page()
    page.goto(f"{book_url}/search.html?q=말뭉치", wait_until="load")
    page.wait_for_function("() => typeof Search !== 'undefined' "
                           "&& Search.status && Search.status.innerText.length > 0", timeout=90000)
    status = page.inner_text("#search-results")
    ui = page.evaluate(_UI_TEXT_JS)
    page.close()
    assert "검색" in status, status[:200]
    left = [s for s in ENGLISH_UI if s in ui]
    assert not left, f"검색 페이지에 남은 영어 UI 문구: {left}"


@pytest.mark.parametrize("page_name", CHAPTERS + ["intro"])
def test_no_english_ui_and_no_page_error(built_html, browser, page_name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built_html / f"{page_name}.html").as_uri(), wait_until="load")
    page.wait_for_timeout(800)
    ui = page.evaluate(_UI_TEXT_JS)
    footer = page.inner_text(".bd-footer-content")
    page.close()
    assert not errors, f"페이지 오류: {errors[:3]}"
    left = [s for s in ENGLISH_UI if s in ui]
    assert not left, f"영어 UI 문구가 남았습니다: {left}"
    assert "으로 밑바닥부터" not in footer and "지은이: 밑바닥부터" in footer, footer


def test_no_fuzzy_links_and_no_smart_quotes(built_html):
    """'np.add.at' 같은 코드가 http://np.add.at 링크가 되지 않고, PTB 토큰 's, n't가 둥근 따옴표가 되지 않습니다."""
    fuzzy = re.compile(r'<a class="reference external" href="https?://([^"/]+)/?">\1</a>')
    for name in CHAPTERS:
        source = (built_html / f"{name}.html").read_text(encoding="utf-8")
        match = fuzzy.search(source)
        assert match is None, f"{name}: 글자가 링크로 바뀌었습니다: {match.group(0)}"
    ptb_page = (built_html / "chapters/4_4_remaining_topics.html").read_text(encoding="utf-8")
    assert "n’t" not in ptb_page and "n't" in ptb_page.replace("&#x27;", "'").replace("&#39;", "'")


def test_korean_css_in_effect(built_html, browser):
    """본문·제목은 word-break: keep-all, 코드는 normal."""
    page = browser.new_page()
    page.goto((built_html / "chapters/4_1_embedding.html").as_uri(), wait_until="load")
    styles = page.evaluate("""() => ({
      p: getComputedStyle(document.querySelector('article p')).wordBreak,
      h1: getComputedStyle(document.querySelector('article h1')).wordBreak,
      pre: getComputedStyle(document.querySelector('article pre')).wordBreak })""")
    page.close()
    assert styles == {"p": "keep-all", "h1": "keep-all", "pre": "normal"}, styles


@pytest.mark.parametrize("page_name", CHAPTERS)
def test_narrow_screen_no_horizontal_overflow(built_html, browser, page_name):
    """400 px 화면: 문서 전체가 가로로 넘치지 않고, 넓은 디스플레이 수식은 자기 상자 안에서 스크롤됩니다."""
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto((built_html / f"{page_name}.html").as_uri(), wait_until="load", timeout=120_000)  # 부하가 큰 공유 기계
    page.wait_for_timeout(1500)  # 수학 글꼴
    result = page.evaluate("""() => {
      const article = document.querySelector('article').getBoundingClientRect();
      const wide = [];
      for (const m of document.querySelectorAll('div.math > math[display="block"]')) {
        const r = m.getBoundingClientRect();
        if (r.right > article.right + 1 || m.scrollWidth > m.clientWidth + 1 && getComputedStyle(m).overflowX !== 'auto')
          wide.push(m.textContent.slice(0, 40));
      }
      return {docWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, wide};
    }""")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{Path(page_name).name}-400px.png"), full_page=False)
    page.close()
    assert result["docWidth"] <= result["viewport"] + 1, f"페이지가 가로로 넘칩니다: {result}"
    assert not result["wide"], f"본문 밖으로 넘치는 수식: {result['wide']}"


def test_javascript_splitter_and_stemmer_match_python(built_html, browser, page_texts):
    """질의 쪽(language_data.js의 splitQuery/Stemmer)이 색인 쪽(파이썬)과 같은 결과를 냅니다: 책의 모든 단어로."""
    import sys
    sys.path.insert(0, str(ROOT / "book_ext"))
    import korean_search as ks

    text = "\n".join(page_texts.values())
    words = sorted(set(ks.split_korean(text)))
    samples = ["PTB에서는 word2vec의 CBOW를", "V=10,000일 때 float32로", "임베딩이라고도 부르는 negative_sample 메서드를"]
    page = browser.new_page()
    page.goto((built_html / "search.html").as_uri(), wait_until="load")
    js_stems = page.evaluate("ws => { const s = new Stemmer(); return ws.map(w => s.stemWord(w.toLowerCase())); }", words)
    js_splits = page.evaluate("ts => ts.map(t => splitQuery(t))", samples)
    stopwords = set(page.evaluate("() => stopwords"))
    page.close()
    assert len(words) > 1000
    lang = ks.SearchKorean({})
    mismatched = []
    for word, js in zip(words, js_stems):
        py = lang.stem(word)
        if not lang.word_filter(py) and lang.word_filter(word.lower()):
            py = word.lower()  # Sphinx 색인: 어간이 걸러지면 원래 단어를 색인
        if word.lower() in stopwords:
            continue           # 질의에서도 색인에서도 빠지는 단어
        if py != js:
            mismatched.append((word, py, js))
    assert not mismatched, f"파이썬/자바스크립트 어간이 다른 단어: {mismatched[:10]}"
    assert js_splits == [ks.split_korean(t) for t in samples]
    assert stopwords == set(ks.PARTICLES)
