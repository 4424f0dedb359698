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
