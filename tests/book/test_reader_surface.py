"""독자가 보는 책의 겉모습을 헤드리스 Chromium으로 확인합니다 (이슈 22: 표, 어두운 화면, 휴대폰, 페이지 무게).

페이지마다 한 번(1280 px, 밝은 화면) 열어 한꺼번에 재고, 탐색기나 커널 안내가 있는 페이지는 400 px 어두운 화면으로
한 번 더 엽니다. 잰 값:

- 표 칸 안에서 가운데가 끊긴 낱말·숫자의 수 (``woma/n``, ``0.9/58``, ``코/사/인``이 0개여야 함)
- 탐색기 컨트롤과 커널 안내의 글자 대비 (WCAG, 4.5:1 이상)
- 큰 그림마다 원래 크기 그림으로 가는 링크, 그림마다 한국어 대체 텍스트
- 넓은 코드·수식·표에 보이는 가로 스크롤 막대
- 페이지 무게 (페이지가 읽은 모든 파일의 크기 합), 위젯 매니저를 읽는 페이지, 콘솔 오류, 검색 단추 수

스크린숏은 ``_build/screenshots/surface/``에 남습니다.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots" / "surface"
MB = 1_000_000


def _pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


PAGES = _pages()

MEASURE_JS = r"""() => {
  const article = document.querySelector('article.bd-article');
  // 1. 표 칸 안의 낱말이 두 줄에 걸치는지: 공백 없는 낱말마다 Range의 줄(글자 상자의 아래끝) 수
  const broken = [];
  for (const cell of article.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, {acceptNode: t =>
      t.parentElement.closest('math') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});   // 수식(MathML)의 토큰은 낱말이 아님
    const chars = []; let n;
    while ((n = walker.nextNode())) for (let i = 0; i < n.data.length; i++) chars.push([n, i, n.data[i]]);
    const text = chars.map(c => c[2]).join('');
    for (const m of text.matchAll(/\S+/g)) {
      const a = chars[m.index], z = chars[m.index + m[0].length - 1];
      const r = document.createRange(); r.setStart(a[0], a[1]); r.setEnd(z[0], z[1] + 1);
      const lines = [];
      for (const rect of r.getClientRects())
        if (rect.width > 0.5 && !lines.some(b => Math.abs(b - rect.bottom) < rect.height / 2)) lines.push(rect.bottom);
      if (lines.length > 1) broken.push(m[0]);
    }
  }
  // 2. 그림: 링크와 대체 텍스트
  const figures = Array.from(article.querySelectorAll('img')).filter(i => !i.closest('.w2v-explorer')).map(img => {
    const a = img.closest('a');
    return {src: img.currentSrc || img.src, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
            href: a ? a.href : null, alt: img.getAttribute('alt') || ''};
  });
  // 3. 글자 대비
  const lum = c => { const v = c.match(/[\d.]+/g).map(Number).slice(0, 3).map(x => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    const m = c.match(/[\d.]+/g); if (m && (m.length < 4 || Number(m[3]) > 0.5)) return c; }
    return getComputedStyle(document.body).backgroundColor; };
  const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const contrast = [];
  const texts = document.querySelectorAll('.w2v-controls label, .w2v-controls span, .w2v-controls input[type="search"],'
    + ' .w2v-kernel-note, .w2v-needs-kernel');
  for (const el of texts) {
    if (!el.textContent.trim() && el.tagName !== 'INPUT') continue;
    const fg = lum(getComputedStyle(el).color), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    contrast.push({what: (el.className || el.tagName) + ': ' + el.textContent.trim().slice(0, 20), ratio,
                   opacity: opacity(el)});
  }
  // 4. 넓은 코드·수식·표의 스크롤 막대
  const scroll = [];
  // 디스플레이 수식은 math 요소 자신이 스크롤합니다 (MathML 요소에는 offsetHeight가 없어 상자 높이를 씁니다)
  for (const el of article.querySelectorAll('pre, div.math > math[display="block"], table, .pst-scrollable-table-container')) {
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const cs = getComputedStyle(el);
    const height = el.offsetHeight ?? el.getBoundingClientRect().height;
    const bar = height - el.clientHeight - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth);
    scroll.push({what: el.tagName + ': ' + el.textContent.trim().slice(0, 30), overflow: cs.overflowX, bar});
  }
  const searchButtons = Array.from(document.querySelectorAll('.search-button__button, .search-button-field'))
    .filter(e => e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility !== 'hidden').length;
  return {broken, cells: article.querySelectorAll('td, th').length, figures, contrast, scroll, searchButtons, docWidth: document.documentElement.scrollWidth,
          viewport: window.innerWidth};
}"""


def _measure(browser, built_html, name, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    files, console, errors = set(), [], []
    page.on("request", lambda r: files.add(unquote(urlparse(r.url).path)) if r.url.startswith("file:") else None)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built_html / f"{name}.html").as_uri(), wait_until="load")
    page.wait_for_function("() => Promise.all(Object.values(window.w2vExplorers || {})).then(() => true)")
    page.wait_for_timeout(800)                                 # 수학 글꼴·그림
    result = page.evaluate(MEASURE_JS)
    result["theme"] = page.evaluate("document.documentElement.dataset.theme")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{Path(name).name}-{width}-{scheme}.png"), full_page=False)
    context.close()
    result.update(files={f: os.path.getsize(f) for f in files if os.path.isfile(f)}, console=console, errors=errors)
    return result


@pytest.fixture(scope="module")
def visible_scrollbars(playwright_session):
    """스크롤 막대를 그리는 Chromium (playwright는 헤드리스에서 --hide-scrollbars로 막대를 숨깁니다)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    b = playwright_session.chromium.launch(executable_path=CHROMIUM, ignore_default_args=["--hide-scrollbars"],
                                           args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="module")
def desktop(built_html, visible_scrollbars):
    browser = visible_scrollbars
    return {name: _measure(browser, built_html, name, 1280, "light") for name in PAGES}


def _interactive(built_html):
    return [name for name in PAGES
            if re.search(r'class="(w2v-explorer|w2v-kernel-note)', (built_html / f"{name}.html").read_text("utf-8"))]


@pytest.fixture(scope="module")
def phone_dark(built_html, visible_scrollbars):
    browser = visible_scrollbars
    return {name: _measure(browser, built_html, name, 400, "dark") for name in _interactive(built_html)}


def test_no_word_or_number_broken_inside_table_cells(desktop, phone_dark):
    broken = {name: r["broken"] for name, r in {**desktop, **{f"{k} (400 px)": v for k, v in phone_dark.items()}}.items()
              if r["broken"]}
    assert not broken, f"표 칸 안에서 끊긴 낱말·숫자: {broken}"


def test_tables_exist_to_check(desktop):
    """위 검사가 헛돌지 않게: 표 칸이 많은 장이 실제로 있습니다."""
    assert sum(r["cells"] for r in desktop.values()) >= 300


def test_control_and_note_text_contrast_in_light_and_dark(desktop, phone_dark):
    checked = 0
    for mode, results in (("밝은 화면", desktop), ("어두운 화면", phone_dark)):
        for name, r in results.items():
            if results is phone_dark:
                assert r["theme"] == "dark", f"{name}: 시스템이 어두운 화면인데 테마가 {r['theme']}입니다"
            for item in r["contrast"]:
                checked += 1
                assert item["ratio"] >= 4.5 and item["opacity"] > 0.99, f"{mode} {name}: {item}"
    assert checked >= 10


def test_every_figure_links_to_its_full_size_image_and_has_korean_alt_text(desktop):
    large = 0
    for name, r in desktop.items():
        for fig in r["figures"]:
            assert fig["href"] == fig["src"], f"{name}: 원래 크기로 여는 링크가 없는 그림 {fig['src'][-60:]}"
            alt = fig["alt"]
            assert re.search("[가-힣]", alt) and not re.search(r"\.(png|jpe?g|svg)$|/", alt), f"{name}: 대체 텍스트 {alt!r}"
            large += fig["natural"] >= 400
    assert large >= 10


def test_wide_code_math_and_tables_scroll_with_a_visible_bar(desktop, phone_dark):
    for name, r in {**desktop, **phone_dark}.items():
        assert r["docWidth"] <= r["viewport"] + 1, f"{name}: 페이지가 가로로 넘칩니다"
        for item in r["scroll"]:
            assert item["overflow"] in ("auto", "scroll") and item["bar"] >= 6, f"{name}: 스크롤 막대가 안 보임 {item}"
    assert any(r["scroll"] for r in phone_dark.values())


def test_tables_fit_the_text_column_at_1280px(desktop):
    """1280 px 화면에서는 어느 표도 본문 폭을 넘지 않습니다 (넓은 화면의 표 글자·여백: book_static/korean.css). 넘치면 마지막
    열(예: 4.3.4의 "책 대비")이 스크롤 뒤에 숨습니다. 좁은 화면의 표는 표 상자 안에서 스크롤합니다 (위 테스트)."""
    wide = {name: [item["what"] for item in r["scroll"] if item["what"].startswith(("TABLE", "DIV"))]
            for name, r in desktop.items()}
    assert not {name: tables for name, tables in wide.items() if tables}, wide
    assert sum(r["cells"] for r in desktop.values()) > 500            # 표가 있는 페이지를 쟀음


def test_page_weight(desktop):
    """페이지가 읽는 파일의 합 (압축 전 바이트): 가장 가벼운 페이지는 3.7 MB 이하이고, 어느 페이지도 그보다 1.5 MB 넘게
    무겁지 않습니다. 수식도 예외가 아닙니다 (빌드 때 MathML로 바뀌어 수식 조판 스크립트가 없음)."""
    total = {name: sum(r["files"].values()) for name, r in desktop.items()}
    report = ", ".join(f"{n} {w / MB:.2f} MB" for n, w in sorted(total.items(), key=lambda x: x[1]))
    print("페이지 무게:", report)
    lightest = min(total.values())
    assert lightest <= 3.7 * MB, report
    heavy = {n: round((w - lightest) / MB, 2) for n, w in total.items() if w - lightest > 1.5 * MB}
    assert not heavy, f"가장 가벼운 페이지보다 1.5 MB 넘게 무거운 페이지: {heavy} ({report})"


def test_math_font_only_on_pages_with_math_and_no_math_script(built_html, desktop):
    """수식이 있는 페이지만 수학 부분 글꼴(w2v-math.woff)과 그 CSS를 읽고, 어느 페이지도 수식 조판 스크립트를 읽지
    않습니다 (모든 페이지에 새로 싣는 것이 없음)."""
    with_math = 0
    for name, r in desktop.items():
        html = (built_html / f"{name}.html").read_text(encoding="utf-8")
        has_math = "<math" in html
        with_math += has_math
        loads_font = any(f.endswith("/w2v-math.woff") for f in r["files"])
        assert loads_font == has_math, f"{name}: 수식 {has_math}, 수학 글꼴 {loads_font}"
        assert not any(re.search(r"mathjax|katex|temml", f, re.I) for f in r["files"]), name
    assert with_math >= 5


def test_widget_manager_only_where_a_stored_widget_needs_it(built_html, desktop):
    for name, r in desktop.items():
        html = (built_html / f"{name}.html").read_text(encoding="utf-8")
        loads = any("html-manager" in f or f.endswith("require.js") for f in r["files"])
        assert loads == ("application/vnd.jupyter.widget-view+json" in html), name
        assert not any(f.endswith("scripts/fontawesome.js") for f in r["files"]), name
    note = desktop["chapters/4_1_embedding"]
    assert any("w2v-kernel-note" in c["what"] for c in note["contrast"]), "4.1에 커널 안내가 없습니다"


def test_no_console_errors_and_one_search_button(desktop, phone_dark):
    for name, r in {**desktop, **phone_dark}.items():
        assert not r["errors"], f"{name}: {r['errors'][:3]}"
        assert not [c for c in r["console"] if "theme mode" in c], f"{name}: {r['console'][:3]}"
        assert r["searchButtons"] == 1, f"{name}: 검색 단추 {r['searchButtons']}개"


# --------------------------------------------------------------------------- 문장으로 된 출력은 휴대폰에서 줄을 바꿈

WRAP_TAG = "wrap-output"
CODE_LINE = re.compile(r'^(\s|def |class |@|#|"""|\[|\{|\w+ = )|\bself\.|\bnp\.\w+\(|  |\||█')
"""코드·배열·대입·줄 맞춘 표·진행 막대로 보이는 출력 줄 (이런 줄이 하나라도 있으면 가로 스크롤을 그대로 둠)."""


def prose_output_cells(notebook: Path, min_line: int = 60) -> list[str]:
    """표준 출력이 한국어 문장뿐이고 ``min_line``자가 넘는 줄이 있는 코드 셀의 id (결론·요약을 print 하는 셀).

    이런 셀에는 ``wrap-output`` 태그를 달아, 좁은 화면에서 가로로 스크롤하지 않고 줄을 바꾸게 합니다
    (``book_static/korean.css``)."""
    import json

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        lines = [line for line in text.split("\n") if line.strip()]
        if lines and not any(CODE_LINE.search(line) for line in lines) and any(
                len(line) > min_line and re.search("[가-힣]", line) for line in lines):
            found.append(cell["id"])
    return found


def test_cells_that_print_sentences_carry_the_wrap_tag_and_no_others():
    """태그는 손으로 달지만 이 검사가 규칙입니다: 긴 문장을 찍는 셀에는 있고, 코드·표를 찍는 셀에는 없음. 저장된 벤치마크
    실행에서 만든 문장은 실행에 따라 길이가 바뀌므로, 태그가 달린 셀은 이번 출력이 짧은 한국어 문장뿐이어도 됩니다
    (짧은 문장을 줄 바꿈 해도 달라 보이는 것이 없음)."""
    import json

    tagged_total = 0
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        tagged = {c["id"] for c in nb["cells"] if WRAP_TAG in c.get("metadata", {}).get("tags", [])}
        prose, sentences = set(prose_output_cells(notebook)), set(prose_output_cells(notebook, min_line=0))
        assert prose <= tagged <= sentences, (f"{notebook.name}: 태그가 없는 문장 출력 {sorted(prose - tagged)}, "
                                              f"문장 출력이 아닌데 태그가 있는 셀 {sorted(tagged - sentences)}")
        tagged_total += len(tagged)
    assert tagged_total >= 20


def test_sentence_outputs_wrap_at_400px_while_code_still_scrolls(built_html, visible_scrollbars):
    """400 px 어두운 화면: 태그가 달린 출력은 넘치지 않고 여러 줄로 바뀌며, 코드 셀은 여전히 가로로 스크롤합니다."""
    context = visible_scrollbars.new_context(viewport={"width": 400, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto((built_html / "chapters" / "4_3b_speedup_steps.html").as_uri(), wait_until="load")
    found = page.evaluate("""() => {
      const wrapped = Array.from(document.querySelectorAll('.cell.tag_wrap-output .cell_output pre')).map(pre => {
        const line = parseFloat(getComputedStyle(pre).lineHeight) || 20;
        return {overflow: pre.scrollWidth - pre.clientWidth, lines: Math.round(pre.clientHeight / line),
                text: pre.textContent.trim().slice(0, 30)};
      });
      const code = Array.from(document.querySelectorAll('.cell_input pre'))
        .filter(pre => pre.scrollWidth > pre.clientWidth + 1).length;
      return {wrapped, code};
    }""")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".cell.tag_wrap-output").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "wrap-output-400-dark.png"))
    context.close()
    assert len(found["wrapped"]) >= 5, found
    assert all(item["overflow"] <= 1 for item in found["wrapped"]), found["wrapped"]
    assert any(item["lines"] >= 3 for item in found["wrapped"]), found["wrapped"]    # 정말 줄을 바꿨음
    assert found["code"] >= 1                                                        # 코드는 그대로 스크롤


PHONE_FIGURE_SCALE = 0.5
"""400 px 화면(본문 368 px)에서 큰 그림이 원래 크기의 이 비율 이상으로 보여야 합니다. 100 dpi 그림의 10pt 글자(약 14 px)가
7 px 넘게 보이는 비율입니다. 칸 두 개를 옆으로 놓은 10–13인치 그림은 0.29–0.37이었고, 칸을 위아래로 쌓는
``w2vlib.book.figures.stacked_panels``로 바꿔 0.68이 되었습니다."""


def test_figures_stay_legible_on_a_400px_phone(built_html, browser):
    """휴대폰 화면(400 px)에서 모든 페이지의 큰 그림(원래 너비 400 px 이상)이 :data:`PHONE_FIGURE_SCALE`배 이상으로
    보입니다 (그림의 글자가 읽히는 크기). 그림이 더 작게 줄면 칸을 위아래로 쌓거나 그림을 좁게 그려야 합니다."""
    context = browser.new_context(viewport={"width": 400, "height": 900})
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    page = context.new_page()
    small, measured = {}, 0
    for name in PAGES:
        page.goto((built_html / f"{name}.html").as_uri(), wait_until="load")
        figures = page.evaluate("""() => Array.from(document.querySelectorAll('article img'))
            .filter(i => !i.closest('.w2v-explorer') && i.naturalWidth >= 400)
            .map(i => ({alt: (i.getAttribute('alt') || '').slice(0, 40), natural: i.naturalWidth,
                        scale: i.getBoundingClientRect().width / i.naturalWidth}))""")
        measured += len(figures)
        small.update({f"{name}: {f['alt']}": round(f["scale"], 2) for f in figures if f["scale"] < PHONE_FIGURE_SCALE})
    context.close()
    assert measured >= 10, measured
    assert not small, f"400 px에서 {PHONE_FIGURE_SCALE}배보다 작게 보이는 그림: {small}"
