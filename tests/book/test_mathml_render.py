"""book_ext/mathml_render.py: 책의 수식을 빌드할 때 MathML로 바꾸는 HTML 수식 렌더러와 수학 부분 글꼴.

변환(빠름): TeX의 모양이 MathML Core에서도 같게 나오도록 다듬은 것(함수 이름 둘레의 가는 공백, 디스플레이 수식의
``\\max`` 아래 첨자, 정렬 환경, 행렬 괄호), 브라우저가 그리지 못할 출력은 오류가 되는지.
빌드된 책(느림): 어느 페이지에도 TeX 원문이 남지 않았고, 수학 글꼴이 수식에 쓰인 모든 글자와 OpenType MATH 표를
담는지.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book_ext"))
import mathml_render as mr  # noqa: E402


def _tree(tex: str, display: bool = False) -> ET.Element:
    return ET.fromstring(mr.tex_to_mathml(tex, display))


def _children(tex: str, display: bool = False) -> list[tuple[str, str]]:
    return [(c.tag, c.text or c.get("width", "")) for c in _tree(tex, display)]


def test_inline_and_display_math_elements():
    inline, block = mr.tex_to_mathml("x", False), mr.tex_to_mathml("x", True)
    assert inline == "<math><mi>x</mi></math>"
    assert block == '<math display="block"><mi>x</mi></math>'
    assert "xmlns" not in mr.tex_to_mathml(r"\frac{a}{b}", True)


def test_function_names_get_thin_spaces_like_tex_but_not_before_parentheses():
    thin = ("mspace", mr.THIN_SPACE)
    apply = ("mo", mr.FUNCTION_APPLICATION)
    assert _children(r"\log y") == [("mi", "log"), apply, thin, ("mi", "y")]
    assert _children(r"t \log y") == [("mi", "t"), thin, ("mi", "log"), apply, thin, ("mi", "y")]
    assert _children(r"\log(1-y)")[:3] == [("mi", "log"), apply, ("mo", "(")]
    assert _children(r"(1-t)\log(y)")[5:8] == [thin, ("mi", "log"), apply]
    assert _children(r"x + \exp(s)")[2] == ("mi", "exp")                 # 연산자 뒤에는 공백 없음


def test_max_takes_its_subscript_below_only_in_display_math():
    assert _tree(r"\max_i x_i", display=True)[0].tag == "munder"
    assert _tree(r"\max_i x_i", display=False)[0].tag == "msub"
    assert _tree(r"\sum_{i=1}^{k} x_i", display=True)[0].tag == "munderover"


def test_split_and_aligned_become_an_aligned_table():
    for tex in (r"a &= b \\ &= c", r"\begin{split} a &= b \\ &= c \end{split}",
                r"\begin{aligned} a &= b \\ &= c \end{aligned}", r"\begin{align} a &= b \\ &= c \end{align}"):
        table = _tree(tex, display=True)[0]
        assert table.tag == "mtable", tex
        rows = table.findall("mtr")
        assert len(rows) == 2 and [td.get("columnalign") for td in rows[0]] == ["right", "left"], tex
        assert "(1)" not in mr.tex_to_mathml(tex, True)                # 번호는 Sphinx가 매김


def test_blank_line_separated_equations_are_rows():
    table = _tree("a = b\n\nc = d", display=True)[0]
    assert table.tag == "mtable" and len(table.findall("mtr")) == 2


def test_matrix_parentheses_are_grouped_with_their_own_matrix():
    """괄호가 같은 줄의 가장 큰 행렬 높이로 늘어나지 않게 행렬마다 mrow로 묶입니다 (4.1절의 원핫 곱)."""
    root = _tree(r"\begin{pmatrix} 0 & 1 \end{pmatrix} \begin{pmatrix} a \\ b \\ c \end{pmatrix} = x", display=True)
    groups = [c for c in root if c.tag == "mrow"]
    assert len(groups) == 2 and all([g[0].text, g[1].tag, g[2].text] == ["(", "mtable", ")"] for g in groups)


def test_tokens_that_core_would_render_wrongly_are_fixed():
    assert _children(r"x \pm y")[1] == ("mo", "±")
    assert _children(r"\lfloor x \rfloor") == [("mo", "⌊"), ("mi", "x"), ("mo", "⌋")]
    assert _children(r"\sigma\!\left(x\right)")[1][0] == "mrow"          # \!의 이름 붙은 음수 공백은 빠짐
    assert "mathspace" not in mr.tex_to_mathml(r"a\!b\,c", False)
    hat = _tree(r"\hat{\mathbf{q}}")[0]
    assert hat.tag == "mover" and hat[1].text == mr.HAT and hat[1].get("stretchy") == "false"
    assert "".join(t for _, t in _children(r"\mathbf{dh}")) == "𝐝𝐡"          # 굵은 글자는 수학용 굵은 글자로
    bar = _tree(r"\bar c")[0]
    assert bar.tag == "mover" and bar.get("accent") == "true" and bar[1].text == mr.MACRON and bar[1].get("stretchy") == "false"
    brace = _tree(r"\underbrace{a+b}_{x}")[0]                            # 중괄호 대신 테두리를 그리는 mrow
    assert brace.tag == "munder" and brace[0].tag == "mrow" and brace[0].get("class") == "w2v-underbrace"
    assert [c.text for c in brace[0]] == ["a", "+", "b"] and brace[1].text == "x" and "⏟" not in mr.tex_to_mathml(
        r"\underbrace{a+b}_{x}", True)


def test_grouped_thousands_are_one_number():
    """``10{,}000``(CONTRIBUTING.md의 큰 수 표기)은 "10, 000"처럼 쉼표 뒤가 벌어지지 않는 숫자 하나입니다."""
    assert _children(r"V = 10{,}000") == [("mi", "V"), ("mo", "="), ("mn", "10,000")]
    assert _children(r"1{,}000{,}000")[0] == ("mn", "1,000,000")
    assert _children(r"(a, b)")[2] == ("mo", ",")                       # 보통 쉼표는 그대로


def test_korean_text_keeps_its_spaces():
    mtext = _tree(r"\text{행 } r \in R_t")[0]
    assert mtext.tag == "mtext" and mtext.text == "행\u00a0"


@pytest.mark.parametrize("tex", [r"\label{eq:x} a", r"\foo{x}", r"\boldsymbol{x}", r"\begin{multline} a \\ b \end{multline}"])
def test_unconvertible_tex_is_an_error_naming_the_tex(tex):
    with pytest.raises(mr.MathConversionError, match=re.escape(repr(tex))):
        mr.tex_to_mathml(tex, True)


def test_math_characters_reads_only_math_elements():
    page = '<p>본문 a</p><span class="math"><math><mi>x</mi><mo>&lt;</mo><mn>2</mn></math></span>'
    assert mr.math_characters(page) == {"x", "<", "2", "\U0001d465"}          # x와 그것을 기울여 그릴 𝑥
    assert mr.math_italic("h") == "\u210e" and mr.math_italic("σ") == "\U0001d70e" and mr.math_italic("1") is None


def test_particles_stay_glued_to_inline_math():
    math = '<span class="math notranslate nohighlight"><math><mi>V</mi></math></span>'
    body = f"<p>크기 {math}에 비례하고, {math} 개와 ({math}개)</p>"  # ko-orthography: ignore
    glued = mr.glue_particles(body)
    assert glued.count(mr.GLUED_CLASS) == 2
    assert f'<span class="{mr.GLUED_CLASS}">{math}에</span> 비례' in glued and f"{math} 개" in glued  # ko-orthography: ignore
    assert f'<span class="{mr.GLUED_CLASS}">{math}개)</span>' in glued                # 여는 괄호 뒤는 원래 줄이 안 바뀜
    first, second, last = mr.inline_mathml("a = b + c").split(mr.BREAK)          # 나눈 수식: 마지막 조각만 조사와
    split = f'<span class="math notranslate nohighlight">{first}{mr.BREAK}{second}{mr.BREAK}{last}</span>'
    assert mr.glue_particles(f"<p>{split}에서</p>") == (
        f'<p><span class="math notranslate nohighlight">{first}{mr.BREAK}{second}{mr.BREAK}'
        f'<span class="{mr.GLUED_CLASS}">{last}에서</span></span></p>')


def test_long_inline_math_is_split_where_tex_may_break_the_line():
    """TeX처럼 최상위 관계 기호와 이항 연산자 바로 뒤에서 나눕니다 (4.2절 해답: 좁은 화면에서 잘리던 식)."""
    assert mr.split_inline_tex(r"\partial L/\partial\mathbf h = -0.25\,\mathbf w_o+\dots = (-0.5493,\ 0.7500)") == [
        r"\partial L/\partial\mathbf h =", r"-0.25\,\mathbf w_o+", r"\dots =", r"(-0.5493,\ 0.7500)"]
    assert mr.split_inline_tex(r"\eta_2 = 0.1\cdot\sqrt{1-0.999^2}/(1-0.9^2)=0.023532") == [
        r"\eta_2 =", r"0.1\cdot", r"\sqrt{1-0.999^2}/(1-0.9^2)=", "0.023532"]
    assert mr.split_inline_tex(r"H \le \bar L < H+1") == [r"H \le", r"\bar L <", "H+", "1"]


@pytest.mark.parametrize("tex", [
    r"V", r"=(1,0)", r"-x", r"\frac{a=b}{c+d}", r"(a = b)", r"\left(a + b\right)", r"\bigl(a - b\bigr)",
    r"\text{a = b}", r"\begin{pmatrix} a+b \end{pmatrix}", r"a =^{?} b", r"x^{-1}", r"a +", r"a \cdot -b"])
def test_inline_math_is_not_split_inside_groups_or_at_unary_or_scripted_operators(tex):
    assert mr.split_inline_tex(tex) in ([tex], [r"a \cdot", "-b"])


def test_inline_math_split_keeps_unary_minus_and_relation_runs_together():
    assert mr.split_inline_tex(r"a = \,-b") == ["a =", r"\,-b"]           # 관계 기호 뒤의 단항 -에서는 나누지 않음
    assert mr.split_inline_tex(r"a \le = b") == [r"a \le =", "b"]         # 잇따른 관계 기호 사이에서는 나누지 않음
    assert mr.split_inline_tex(r"(a) - b") == ["(a) -", "b"]              # 닫는 괄호 뒤의 -는 이항


def test_inline_math_pieces_are_separate_math_elements_with_a_break_between():
    out = mr.inline_mathml(r"a = -0.25\,b + c = (1,\ 2)")
    pieces = out.split(mr.BREAK)
    assert len(pieces) == 4
    trees = [ET.fromstring(p) for p in pieces]
    assert all(t.tag == "math" and "display" not in t.attrib for t in trees)
    assert [t[-1].get("form") for t in trees] == ["infix", "infix", "infix", None]   # 조각 끝의 = +는 이항 간격
    assert trees[1][0].get("form") == "prefix"                               # 다음 조각 맨 앞의 -는 단항
    assert mr.inline_mathml("x") == "<math><mi>x</mi></math>"


def test_unary_minus_has_no_binary_spacing():
    """단항 -(맨 앞, 여는 괄호·관계 기호·쉼표·이항 연산자 뒤)는 앞뒤 공백 없이: "σ(−x)", "= −t/y", "(−0.25, 0)"."""
    def minus(tex):
        return [m for m in _tree(tex).iter("mo") if m.text == "−"]
    for tex in (r"\sigma(-x)", r"L = -t/y", r"(0.5, -0.25)", r"(a,\ -b)", r"= \, -b", r"-x", r"a \cdot -b", r"e^{-x}", r"x \le -1"):
        assert all(m.get("form") == "prefix" and m.get("lspace") == m.get("rspace") == "0" for m in minus(tex)), tex
    for tex in (r"a - b", r"(a) - b", r"|g| - 1", r"x_1 - 1"):
        assert all("form" not in m.attrib and "lspace" not in m.attrib for m in minus(tex)), tex


def test_fences_slash_and_bars_are_spaced_like_ordinary_symbols():
    """늘어나는 괄호(``\\left(``, ``\\bigl(``)와 ``/``, ``|``, ∂는 TeX처럼 앞뒤 공백 없이 놓입니다."""
    for tex, chars in ((r"\log\left(1+e^x\right)", "()"), (r"\bigl(\sigma(s) - t\bigr) W", "()"), (r"\big(a\big)", "()"),
                       (r"1/4", "/"), (r"|g|", "|"), (r"\partial L/\partial h", "∂/")):
        ops = [m for m in _tree(tex).iter("mo") if m.text in chars and (m.text not in "()" or m.get("stretchy") == "true")]
        assert ops and all(m.get("lspace") == m.get("rspace") == "0" for m in ops), tex
    assert "lspace" not in _tree("(a)")[0].attrib                            # 늘어나지 않는 괄호는 사전대로 (이미 0)
    assert _tree("a+b")[1].attrib == {}


def test_leading_relation_has_no_space_before_it():
    """``$=(1,0)$``처럼 수식이 관계 기호로 시작하면 앞을 띄우지 않습니다 (TeX도 그렇게 둠)."""
    first = _tree("=(1,0)")[0]
    assert first.text == "=" and first.get("lspace") == "0" and "rspace" not in first.attrib
    assert "lspace" not in _tree("a=b")[1].attrib


def test_no_stored_widget_label_uses_math():
    """위젯 HTML 매니저는 이름표의 수식을 MathJax로 조판하는데(window.MathJax가 있을 때만), 이 책에는 MathJax가 없습니다.
    그러니 저장된 위젯의 이름표·값 글자에 TeX가 있으면 그대로 보입니다: 그런 위젯이 없어야 합니다."""
    import json

    labels = []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        widgets = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("widgets", {})
        for model in widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {}).values():
            state = model.get("state", {})
            labels += [(notebook.name, state[k]) for k in ("description", "value", "placeholder", "tooltip")
                       if isinstance(state.get(k), str)]
    assert labels, "저장된 위젯이 없습니다 (검사가 헛돕니다)"
    tex = [(n, t) for n, t in labels if re.search(r"\$|\\[(\[]|\\[A-Za-z]+", t)]
    assert not tex, f"위젯 이름표의 TeX: {tex}"


# --- 빌드된 책 ----------------------------------------------------------------------------------------------------

def test_no_tex_left_in_any_page(built_html):
    count = 0
    for page in built_html.rglob("*.html"):
        if page.name in ("search.html", "genindex.html") or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        count += text.count("<math")
        article = re.search(r'<article class="bd-article"[^>]*>(.*)</article>', text, re.S)
        body = re.sub(r"<(script|pre|code)\b.*?</\1>", " ", article.group(1) if article else "", flags=re.S)
        left = re.findall(r"\\[()\[\]]|\$\$|\\(?:frac|begin|mathbf|text)\b", body)
        assert not left, f"{page.relative_to(built_html)}: TeX 원문 {left[:5]}"
    assert count >= 500, f"MathML 수식이 {count}개뿐입니다"


def test_math_font_covers_every_math_character_and_keeps_the_math_table(built_html):
    from fontTools.ttLib import TTFont

    font = TTFont(built_html / "_static" / mr.FONT_FILE)
    assert "MATH" in font and font.flavor == "woff"
    assert (built_html / "_static" / "w2v-math-LICENSE.txt").read_text(encoding="utf-8").count("Open Font License")
    cmap = font.getBestCmap()
    source = TTFont(mr.FONT_SOURCE).getBestCmap()
    used = set().union(*(mr.math_characters(p.read_text(encoding="utf-8")) for p in built_html.rglob("*.html")))
    missing = {c for c in used | mr.DRAWN_CHARACTERS if ord(c) in source and ord(c) not in cmap}
    assert not missing, f"부분 글꼴에 없는 수식 글자: {sorted(missing)}"
    assert (built_html / "_static" / mr.FONT_FILE).stat().st_size < 60_000
    assert cmap.get(ord(mr.MACRON)) is not None                  # \bar의 가로줄 (원본 글꼴에는 없는 글자)
    constants = font["MATH"].table.MathConstants
    assert (constants.ScriptPercentScaleDown, constants.ScriptScriptPercentScaleDown) == (70, 50)   # TeX의 첨자 크기
    assert constants.RadicalVerticalGap.Value == 71 + font["OS/2"].sxHeight // 4                # 근호 안의 간격


_INLINE_FIT_JS = r"""() => {
  const article = document.querySelector('article.bd-article');
  const columnRight = article.getBoundingClientRect().right;
  const out = [], unglued = [];
  let shown = 0;
  for (const m of article.querySelectorAll('span.math > math')) {
    const r = m.getBoundingClientRect();
    if (r.width === 0) continue;                       // 닫힌 상자 안
    shown++;
    let limit = columnRight, scrolls = false;
    for (let e = m.parentElement; e && e !== article; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll') { scrolls = true; break; }   // 표처럼 스크롤 막대가 있는 상자 안
      if (o === 'hidden' || o === 'clip') limit = Math.min(limit, e.getBoundingClientRect().right);
    }
    if (!scrolls && r.right > limit + 1) out.push(`${m.textContent.slice(0, 40)} (${Math.round(r.right - limit)} px)`);
  }
  // 조사는 수식의 마지막 조각과 같은 줄에
  for (const g of article.querySelectorAll('span.w2v-math-glued')) {
    const maths = g.querySelectorAll('math'), text = g.lastChild;
    if (!maths.length || !text || text.nodeType !== Node.TEXT_NODE) continue;
    const range = document.createRange(); range.selectNodeContents(text);
    const t = range.getBoundingClientRect(), m = maths[maths.length - 1].getBoundingClientRect();
    if (t.width > 0 && Math.abs((t.top + t.bottom) / 2 - (m.top + m.bottom) / 2) > t.height / 2)
      unglued.push(maths[maths.length - 1].textContent + text.data);
  }
  return {shown, out, unglued};
}"""


def test_inline_math_fits_the_column_on_a_phone(built_html, browser):
    """400 px(어두운 화면)에서 모든 페이지의 인라인 수식이, 해답 상자를 연 뒤에도, 본문 폭 안에 들어옵니다: 긴 수식은
    TeX처럼 관계 기호·연산자 뒤에서 줄이 바뀌고 잘리지 않습니다. 조사는 수식의 마지막 조각과 같은 줄에 남습니다."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    context = browser.new_context(viewport={"width": 400, "height": 900}, color_scheme="dark")
    page = context.new_page()
    problems, shown, opened = {}, 0, 0
    for name in names:
        page.goto((built_html / f"{name}.html").as_uri(), wait_until="load")
        opened += page.evaluate("""() => { const b = document.querySelectorAll('.dropdown.admonition .toggle-button');
                                         b.forEach(x => x.click()); return b.length; }""")
        page.wait_for_timeout(700)                                   # 수학 글꼴, 상자 열기
        r = page.evaluate(_INLINE_FIT_JS)
        shown += r["shown"]
        if r["out"] or r["unglued"]:
            problems[name] = r
    context.close()
    assert shown >= 500 and opened >= 20, (shown, opened)
    assert not problems, f"본문 밖으로 넘치거나 조사와 갈라진 인라인 수식: {problems}"
