"""빌드된 책에서 탐색기(w2vlib.book.explore)를 헤드리스 Chromium으로 **움직여** 봅니다.

- ``file:``이 아닌 요청은 모두 막고(route.abort) 기록합니다: 하나라도 있으면 실패.
- 슬라이더는 input 요소에 값을 넣고 ``input``·``change`` 이벤트를 보내고, 검색 상자에는 글자를 입력합니다.
  그다음 SVG의 글자가 바뀌었는지, 그리고 그 값이 파이썬(numpy, HuffmanTree)으로 계산한 값과 같은지 봅니다.
- 자바스크립트 오류가 없어야 합니다. 탐색기가 없는 페이지는 vega를 읽지 않아야 합니다.
- 전후 스크린숏을 ``_build/screenshots/explorers/``에 남깁니다 (1280 px과 400 px).

책은 저장된 노트북 출력으로 빌드하므로(conftest의 ``built_html``), 탐색기 셀이 실행된 노트북이 필요합니다.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from w2vlib.hierarchical_softmax import HuffmanTree

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots" / "explorers"
_OK_SCHEMES = ("file:", "data:", "blob:", "about:")


class Page:
    """탐색기 페이지 하나: 외부 요청 차단, 오류 기록, 탐색기 조작 도우미."""

    def __init__(self, browser, built_html, name, width=1280):
        self.external, self.errors = [], []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)) if "THEBE_JS_URL" not in str(e) else None)
        self.page.goto((built_html / f"chapters/{name}.html").as_uri(), wait_until="load")
        self.count = self.page.evaluate(
            "() => Promise.all(Object.values(window.w2vExplorers || {})).then(r => r.length)")

    def _route(self, route):
        url = route.request.url
        if url.startswith(_OK_SCHEMES):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def explorer(self, index):
        return self.page.locator("div.w2v-explorer").nth(index)

    def texts(self, index) -> str:
        """탐색기 index의 SVG 글자를 화면의 위→아래, 왼쪽→오른쪽 순서로 이어 붙인 문자열."""
        return self.page.evaluate("""(i) => {
            const div = document.querySelectorAll('div.w2v-explorer')[i];
            const items = Array.from(div.querySelectorAll('svg text')).map(t => {
                const r = t.getBoundingClientRect(); return [Math.round(r.top), r.left, t.textContent]; });
            items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            return items.map(x => x[2]).join(' | ');
        }""", index)

    def settle(self, index):
        """vega가 바뀐 매개변수로 다시 계산하고 그릴 때까지 기다립니다 (view.runAsync)."""
        self.page.evaluate("""async (i) => {
            const div = document.querySelectorAll('div.w2v-explorer')[i];
            const result = await window.w2vExplorers[div.id];
            const frame = () => new Promise(r => requestAnimationFrame(() => r()));
            await result.view.runAsync();
            await frame();
            await result.view.runAsync();            // 크기가 바뀐 뒤의 두 번째 배치
            await frame(); }""", index)

    def set_input(self, index, name, value):
        self.page.evaluate("""([i, name, value]) => {
            const el = document.querySelectorAll('div.w2v-explorer')[i].querySelector(`input[name="${name}"]`);
            el.value = String(value);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""", [index, name, value])
        self.settle(index)
        return self.texts(index)

    def type_word(self, index, word):
        box = self.explorer(index).locator('input[name="word"]')
        box.fill("")
        box.press_sequentially(word)
        self.settle(index)
        return self.texts(index)

    def shot(self, index, label):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.explorer(index).screenshot(path=str(SHOTS / f"{label}.png"))

    def close(self):
        self.page.close()
        assert not self.external, f"외부 요청: {self.external[:5]}"
        assert not self.errors, f"페이지의 자바스크립트 오류: {self.errors[:5]}"


@pytest.fixture
def open_page(built_html, browser):
    pages = []

    def _open(name, width=1280):
        p = Page(browser, built_html, name, width)
        pages.append(p)
        return p
    yield _open
    for p in pages:
        p.close()


def _fmt(n):
    return f"{n:,}"


def _log_v(x: float) -> int:
    """로그 눈금 슬라이더 위치 x = log10(V)에서 탐색기가 쓰는 V (유효숫자 두 자리, 자바스크립트의 round와 같게)."""
    scale = 10.0 ** (math.floor(x) - 1)
    return int(math.floor(10.0 ** x / scale + 0.5) * scale + 0.5)


def _readout(p, index, name):
    """슬라이더 옆에 보이는 값."""
    return p.page.evaluate("""([i, name]) => {
        const el = document.querySelectorAll('div.w2v-explorer')[i].querySelector(`input[name="${name}"]`);
        return el.parentElement.querySelector('.vega-bind-value, output, span:last-child').textContent; }""",
                           [index, name])


def test_embedding_cost_ratio_is_V_for_any_V(open_page):
    from w2vlib.book import results

    stored = results.lookup_grid()          # 페이지에 담긴 측정 시간 = 저장된 실행 (책을 만들 때 재지 않음)
    p = open_page("4_1_embedding")
    assert p.count == 1
    before = p.texts(0)
    assert "V = 10,000, H = 100, N = 100" in before and "계산 비율: 10,000배 (= V)" in before
    p.shot(0, "4_1_before")
    assert _readout(p, 0, "log_V") == "10,000"
    # 로그 눈금: V = 10,000은 100~100,000 트랙의 3분의 2 지점 (선형 슬라이더에서는 10%)
    position = p.page.evaluate("""() => { const el = document.querySelector('div.w2v-explorer input[name="log_V"]');
        return (el.value - el.min) / (el.max - el.min); }""")
    assert abs(position - 2 / 3) < 0.01
    for x, H, N in [(4.63, 250, 37), (2.0, 10, 1), (5.0, 300, 300), (3.47, 120, 64)]:
        V = _log_v(x)
        p.set_input(0, "log_V", x)
        assert _readout(p, 0, "log_V") == _fmt(V)
        p.set_input(0, "H", H)
        after = p.set_input(0, "N", N)
        assert f"V = {_fmt(V)}, H = {H}, N = {N}" in after
        assert f"계산 비율: {_fmt(V)}배 (= V)" in after
        assert f"{_fmt(N * V * H)}번" in after and f"{_fmt(N * H)}번" in after     # 막대의 값
        assert f"입력 메모리 비율: {_fmt(V // 2) if V % 2 == 0 else f'{V / 2:,.1f}'}배" in after
        # 측정 시간은 저장된 실행의 격자에서 로그 거리가 가장 가까운 점의 값 그대로
        grid = {k: sorted({r[k] for r in stored}) for k in ("V", "H", "N")}
        near = {k: min(g, key=lambda x, v=dict(V=V, H=H, N=N)[k]: abs(np.log(x) - np.log(v))) for k, g in grid.items()}
        assert f"가장 가까운 격자점 V = {_fmt(near['V'])}, H = {near['H']}, N = {near['N']})" in after
        point = next(r for r in stored if (r["V"], r["H"], r["N"]) == (near["V"], near["H"], near["N"]))
        assert f"원핫 생성 + 곱 {point['onehot_us']:,.1f} µs, 행 읽기 {point['lookup_us']:,.2f} µs" in after
        assert f"→ 행 읽기가 {point['speedup']} 빠름" in after        # 4.1의 출력과 같은 배율 (반올림 전의 시간으로)
    assert "저장된 벤치마크 실행에서 잰 값" in after
    p.set_input(0, "log_V", 4.63)
    p.set_input(0, "H", 250)
    p.set_input(0, "N", 37)
    p.shot(0, "4_1_after")


def test_output_cost_follows_V_and_k(open_page):
    p = open_page("4_2_negative_sampling")
    assert p.count == 2
    before = p.texts(0)
    assert "계산 비율: 1,666.7배 (= V / (k+1))" in before
    p.shot(0, "4_2_1_before")
    p.set_input(0, "log_V", 6)
    assert _readout(p, 0, "log_V") == "1,000,000"
    after = p.set_input(0, "k", 9)
    assert "V = 1,000,000, H = 100, k = 9" in after
    assert "소프트맥스: 곱셈-덧셈 100,000,000번 + 지수 함수 1,000,000번" in after
    assert "네거티브 샘플링: 곱셈-덧셈 1,000번 + 시그모이드 10번" in after
    assert "계산 비율: 100,000.0배" in after
    p.shot(0, "4_2_1_after")


def _bar_percentages(text, top_words):
    """막대 옆의 '1.769%' 꼴 숫자들 (흔한 단어 순서)."""
    return [float(x) for x in re.findall(r"\| (\d+\.\d{3})%", text)][: len(top_words)]


def test_unigram_power_alpha_0_is_uniform_and_1_is_unigram(open_page, ptb_train):
    corpus, word_to_id, id_to_word = ptb_train
    counts = np.bincount(corpus, minlength=len(word_to_id))
    seen = counts[counts > 0]
    order = np.argsort(-counts, kind="stable")[:10]
    p = open_page("4_2_negative_sampling")
    before = p.texts(1)
    assert "α = 0.75" in before
    expected = 100 * counts[order] ** 0.75 / np.sum(seen ** 0.75)
    assert np.allclose(_bar_percentages(before, order), expected, atol=5e-4)
    p.shot(1, "4_2_6_before")

    after = p.set_input(1, "alpha", 0)
    assert "α = 0.00" in after
    assert np.allclose(_bar_percentages(after, order), 100 / len(seen), atol=5e-4)     # 나온 단어 위의 균등 분포
    n_rare = int(np.sum(seen <= 10))
    assert f"드문 단어(빈도 10 이하) {_fmt(n_rare)}개의 확률 합: {100 * n_rare / len(seen):.2f}%" in after
    p.shot(1, "4_2_6_alpha0")

    after = p.set_input(1, "alpha", 1)
    assert "α = 1.00" in after
    assert np.allclose(_bar_percentages(after, order), 100 * counts[order] / seen.sum(), atol=5e-4)
    mass = seen[seen <= 10].sum() / seen.sum()
    assert f"확률 합: {100 * mass:.2f}%" in after
    p.shot(1, "4_2_6_after")

    after = p.set_input(1, "rare", 1)
    assert f"드문 단어(빈도 1 이하) {_fmt(int(np.sum(seen == 1)))}개" in after


def test_huffman_path_for_typed_word_equals_tree(open_page, ptb_train):
    corpus, word_to_id, id_to_word = ptb_train
    counts = np.bincount(corpus, minlength=len(word_to_id))
    tree = HuffmanTree(counts)
    rank = {w: r + 1 for r, w in enumerate(np.argsort(-counts, kind="stable"))}
    p = open_page("appendix_a_hierarchical_softmax")
    assert p.count == 1
    p.shot(0, "A_4_before")
    for word in ("company", "the", "stock", "<unk>"):
        w = word_to_id[word]
        code = "".join(map(str, tree.codes[w]))
        text = p.type_word(0, word.upper() if word == "company" else word)   # 대문자로 쳐도 찾음
        assert f"'{word}': 빈도 {_fmt(int(counts[w]))} (순위 {_fmt(rank[w])} / 10,000)" in text
        assert f"부호 {code} → 이진 분류 {len(code)}번" in text
        shown = [int(n) for n in re.findall(r"n(\d+)  →  부호", text)]
        bits = re.findall(r"→  부호 ([01])", text)
        assert shown == tree.points[w].tolist() and "".join(bits) == code
        if word == "company":
            p.shot(0, "A_4_after")
    text = p.type_word(0, "zzzqqq")
    assert "'zzzqqq'은(는) PTB 어휘에 없는 단어입니다." in text and "→  부호" not in text
    # 입력 그대로 먼저: PTB의 숫자 토큰 'N'(네 번째로 흔한 단어)은 소문자 'n'으로 바꾸지 않고 찾습니다
    w = word_to_id["N"]
    text = p.type_word(0, "N")
    assert f"'N': 빈도 {_fmt(int(counts[w]))} (순위 {_fmt(rank[w])} / 10,000)" in text
    # 빈 상자: 오류 대신 입력 안내
    text = p.type_word(0, "")
    assert "위 상자에 PTB 단어를 입력하세요" in text and "어휘에 없는" not in text and "→  부호" not in text


def test_window_weights_follow_w(open_page):
    from fractions import Fraction
    p = open_page("4_3_cbow_ptb")
    assert p.count == 1
    before = p.texts(0)
    assert "평균 맥락 수: 고정 2w = 10, 줄어드는 윈도우 w + 1 = 6" in before
    p.shot(0, "4_3_before")
    for w in (8, 10, 1, 3):
        after = p.set_input(0, "w", w)
        assert f"고정 2w = {2 * w}, 줄어드는 윈도우 w + 1 = {w + 1}" in after
        fracs = re.findall(r"(\d+)/(\d+)", after)
        # 양옆 거리 d = 1..w마다 (w − d + 1)/w가 두 번씩
        assert sorted(Fraction(int(a), int(b)) for a, b in fracs) == sorted(
            Fraction(w - d + 1, w) for d in range(1, w + 1) for _ in range(2))
        overlaps = p.page.evaluate("""() => {
            const boxes = Array.from(document.querySelectorAll('div.w2v-explorer svg text'))
              .filter(t => /^\\d+\\/\\d+$/.test(t.textContent)).map(t => t.getBoundingClientRect());
            let n = 0;
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) n++;
            }
            return n; }""")
        assert overlaps == 0, f"w = {w}: 분수 이름표 {overlaps}쌍이 겹칩니다"
    p.shot(0, "4_3_after")


def test_live_timing_widget_is_replaced_by_a_note_without_the_widget_manager(open_page):
    """커널이 필요한 ipywidgets 위젯: 정적 책에서는 움직이지 않는 위젯 대신 안내가 들어가고, 위젯 매니저를 읽지 않습니다."""
    p = open_page("4_1_embedding")
    note = p.page.locator(".w2v-kernel-note")
    assert note.count() == 1 and "커널" in note.inner_text() and "직접 실행하기" in note.inner_text()
    assert p.page.locator(".jupyter-widgets, .widget-slider, .w2v-needs-kernel").count() == 0
    scripts = p.page.evaluate("Array.from(document.scripts).map(s => s.src)")
    assert not [s for s in scripts if "require.js" in s or "html-manager" in s], scripts
    figure_after = p.page.evaluate("""() => { const n = document.querySelector('.w2v-kernel-note');
        const imgs = Array.from(document.querySelectorAll('article img'));
        return imgs.some(i => n.compareDocumentPosition(i) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert figure_after, "안내 뒤에 미리 잰 정적 그림이 없습니다"
    SHOTS.mkdir(parents=True, exist_ok=True)
    note.screenshot(path=str(SHOTS / "4_1_kernel_note.png"))


def _stored_neighbours(name="4_5_korean"):
    """노트북에 저장된 가까운 단어 탐색기의 데이터: {(토큰 단위, 단어): (빈도 순위, [(이웃, 유사도×100), …])}."""
    import json

    import nbformat

    nb = nbformat.read(ROOT / "chapters" / f"{name}.ipynb", as_version=4)
    specs = [o["data"]["application/vnd.vegalite.v5+json"] for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", []) if "application/vnd.vegalite.v5+json" in o.get("data", {})]
    spec = specs[0] if isinstance(specs[0], dict) else json.loads(specs[0])
    cols = spec["datasets"]["nbrs"][0]
    return {(t, w): (r, list(zip(n.split(" "), map(int, s.split(" ")))))
            for t, w, r, n, s in zip(cols["t"], cols["w"], cols["r"], cols["n"], cols["s"])}


def test_korean_neighbours_follow_the_typed_word_and_token_unit(open_page):
    data = _stored_neighbours()
    p = open_page("4_5_korean")
    assert p.count == 1
    before = p.texts(0)
    rank, nbrs = data["형태소", "영화"]
    assert f"'영화': 형태소 어휘의 빈도 {_fmt(rank)}위" in before
    p.shot(0, "4_5_before")
    for unit, word in (("형태소", "배우"), ("어절", "배우"), ("어절", "영화가")):
        p.explorer(0).locator(f'input[name="tok"][value="{unit}"]').check()
        text = p.type_word(0, word)
        rank, nbrs = data[unit, word]
        assert f"'{word}': {unit} 어휘의 빈도 {_fmt(rank)}위" in text and "가장 가까운 단어와 코사인 유사도" in text
        shown = text.split("가장 가까운 단어와 코사인 유사도", 1)[1]
        positions = [shown.index(f" {n} ") for n, _ in nbrs]                 # 막대 이름표가 유사도 순서로
        assert positions == sorted(positions)
        assert all(f"{s / 100:.2f}" in shown for _, s in nbrs)
        if word == "배우" and unit == "어절":
            p.shot(0, "4_5_after")
    assert ("어절", "재미있") not in data
    text = p.type_word(0, "재미있")                                            # 없는 단어: 안내와 제안
    # 한 텍스트 뷰의 여러 줄은 SVG의 text 하나(tspan들)이므로 줄 사이에 구분자가 없습니다
    assert ("'재미있': 이 탐색기의 어절 단어 목록(빈도 상위 1,200개 등)에 없습니다."
            "어절은 조사·어미가 붙은 꼴 그대로라, 다른 활용형으로도 찾아 보세요.") in text
    suggested = [w for (t, w) in data if t == "어절" and w.startswith("재미있")][:8]
    assert len(suggested) >= 5
    # 제안 두 줄: 첫 줄 끝의 쉼표가 줄이 바뀌어도 남습니다
    assert "그 글자로 시작하는 단어 (빈도순):" + ", ".join(suggested[:4]) + "," + ", ".join(suggested[4:]) in text
    p.explorer(0).locator('input[name="tok"][value="형태소"]').check()
    text = p.type_word(0, "재미있다")                                          # 형태소 단위: 어미를 떼라는 안내
    assert "'재미있다': 이 탐색기의 형태소 단어 목록" in text and "조사·어미를 뗀 앞부분으로 찾아 보세요" in text
    text = p.type_word(0, "  ")                                                # 빈 입력: 없는 단어라고 하지 않고 안내만
    assert "위 상자에 한국어 단어를 입력하세요" in text and "없습니다" not in text and "가장 가까운 단어" not in text


@pytest.mark.parametrize("name", ["4_1_embedding", "4_2_negative_sampling", "4_3_cbow_ptb",
                                  "4_5_korean", "appendix_a_hierarchical_softmax"])
def test_explorers_fit_400px(open_page, name):
    p = open_page(name, width=400)
    for i in range(p.count):
        box = p.explorer(i).locator("svg").first.bounding_box()
        visible = p.page.evaluate("document.documentElement.clientWidth")        # 세로 스크롤바를 뺀 폭
        assert box["x"] >= 0 and box["x"] + box["width"] <= visible, \
            f"{name} 탐색기 {i}가 {visible} px 폭의 화면을 넘습니다: {box}"
        p.shot(i, f"{name}_{i}_400px")


def test_pages_without_explorers_do_not_load_vega(built_html):
    for page in built_html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has = 'class="w2v-explorer' in html
        assert has == ("vega.min.js" in html), page.name
