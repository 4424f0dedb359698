"""책의 수식을 빌드할 때 MathML로 바꿉니다 (HTML 수식 렌더러 ``mathml``): 페이지에 수식 조판 스크립트가 없습니다.

Sphinx의 기본 HTML 수식 렌더러(MathJax)는 TeX 원문을 페이지에 두고, 페이지마다 MathJax(약 1.2 MB의 스크립트와
글꼴)를 읽어 브라우저에서 조판합니다. 이 확장은 본문·용어집·노트북 Markdown 셀·저장된 Markdown과 ``text/latex``
출력의 모든 인라인·디스플레이 수식을 빌드할 때 순수 파이썬 `latex2mathml`로 MathML로 바꾸어 HTML에 넣습니다.
Chromium(109 이상), Firefox, Safari가 MathML을 직접 그리고, 화면 낭독기도 MathML을 읽습니다.

latex2mathml의 출력을 브라우저가 그리는 MathML Core에 맞게 다듬습니다 (``_polish``):

- ``\\log y``, ``\\exp x``처럼 함수 이름 뒤에 글자가 오면 TeX처럼 가는 공백을 넣고 (괄호 앞에는 넣지 않음), 보이지 않는
  함수 적용 기호(U+2061)를 넣어 화면 낭독기가 "log y"를 곱으로 읽지 않게 합니다.
- 디스플레이 수식의 ``\\max_i``, ``\\min_x``는 TeX처럼 첨자를 아래에 둡니다.
- MathML Core가 모르는 이름 붙은 공백(``\\!``의 ``negativethinmathspace``)을 뺍니다. ``:``, ``\\pm``, ``\\lfloor``처럼
  ``<mi>``로 나온 연산자·괄호를 ``<mo>``로 바꿉니다.
- ``P'``의 ′는 위첨자로 두지 않고(이미 위에 붙은 글자), ``\\hat``은 늘어나지 않는 작은 악센트로, ``10{,}000``은
  숫자 하나로, 행렬의 괄호는 그 행렬과 묶어 다른 행렬의 높이로 늘어나지 않게 합니다.
- 자식이 하나뿐인 ``<mrow>``와 쓰지 않는 속성을 빼서 페이지를 가볍게 합니다.
- 연산자 간격을 TeX처럼: 단항 -는 붙이고(``σ(−x)``, ``= −t``), 늘어나는 괄호·``/``·``|``·∂는 보통 글자처럼 띄우지
  않고, 수식 맨 앞의 관계 기호(``$=(1,0)$``)는 앞을 띄우지 않습니다 (``_space_operators_like_tex``).

긴 인라인 수식: 브라우저는 ``<math>`` 하나 안에서는 줄을 바꾸지 않으므로, TeX가 줄을 바꿀 수 있는 자리(최상위 관계
기호와 이항 연산자 바로 뒤)에서 TeX를 나누어 ``<math>`` 여러 개로 바꿉니다 (``inline_mathml``): 휴대폰에서도 풀이의
긴 식이 잘리지 않고 다음 줄로 이어집니다. 인라인 수식 바로 뒤에 붙은 조사("\\(g_r\\)은")는 수식과 한 덩어리로
묶어 그 사이에서 줄이 바뀌지 않게 합니다.

수학 글꼴: 브라우저가 분수·근호·큰 ∑·늘어나는 괄호를 제대로 그리려면 OpenType MATH 표가 있는 글꼴이 필요한데,
독자의 기계에 있는지 알 수 없습니다 (없으면 ∑가 작고 괄호가 늘어나지 않음). 그래서 빌드가 끝날 때(``build-finished``)
만들어진 페이지들의 수식에 쓰인 글자(와 MathML이 한 글자 변수를 기울여 그리는 수학용 이탤릭 글자)만 남긴 Noto Sans
Math의 부분 글꼴(``_static/w2v-math.woff``, 약 20 KB)을 fontTools로 만들고, 수식이 있는 페이지에만 ``w2v-math.css``를 넣습니다
(글꼴은 그 CSS가 쓰일 때만 받습니다). 원본 글꼴은 ``tools/fetch_assets.py``가 npm의 ``@fontsource/noto-sans-math``
tarball에서 ``_vendor/build/math-font/``에 풉니다.

amsmath 환경: ``split``, ``aligned``, ``align``, ``align*``는 정렬된 표(``align*``)로, ``gather``는 가운데 정렬 표로,
``equation``은 그 내용으로 바꿉니다 (번호는 Sphinx가 매깁니다). 최상위의 ``\\\\``가 있는 디스플레이 수식도 정렬된
표가 됩니다. 바꾸지 못하는 TeX(알 수 없는 명령, 지원하지 않는 환경)는 빌드 경고가 되어 ``-W`` 빌드를 멈춥니다.

사용: ``_config.yml``의 ``sphinx: local_extensions: {mathml_render: book_ext/}``와
``sphinx: config: html_math_renderer: mathml``.
"""
from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "mathml"
STATIC = Path(__file__).resolve().parent / "static"
CSS_FILE = "w2v-math.css"
FONT_FILE = "w2v-math.woff"
FONT_SOURCE = Path(__file__).resolve().parents[1] / "_vendor" / "build" / "math-font" / "NotoSansMath.woff"
MATH_CLASS = "math notranslate nohighlight"
#: 함수 적용 (보이지 않는 연산자, U+2061)와 TeX의 가는 공백 \,
FUNCTION_APPLICATION = "\u2061"
THIN_SPACE = "0.1667em"
#: \hat의 악센트 (U+02C6): ASCII ^는 Noto Sans Math에서 크게 그려집니다
HAT = "\u02c6"
#: \bar의 가로줄 (U+00AF). Noto Sans Math에는 이 글자가 없어 (다른 글꼴의 작은 점처럼 그려짐) 부분 글꼴에서 같은 모양의
#: 글리프(U+0305 윗줄의 떨어진 꼴)에 잇습니다 (``CMAP_ADDITIONS``)
MACRON = "\u00af"
CMAP_ADDITIONS = {MACRON: "uni0305.s00"}
#: ``\underbrace``·``\overbrace``의 중괄호 (U+23DF, U+23DE) → 그 내용을 묶는 mrow의 클래스. Chromium은 가로로 늘어나는
#: 연산자의 글리프 조립(MATH 표의 GlyphAssembly)을 잘못 그려, 글꼴의 가장 큰 변형(4em)보다 넓은 내용 아래의 중괄호가
#: 짧고 옆으로 밀린 가로줄이 됩니다. 그래서 내용에 아래(위) 테두리를 그려 묶습니다 (w2v-math.css).
BRACES = {"\u23df": "w2v-underbrace", "\u23de": "w2v-overbrace"}
#: 글자로는 HTML에 나오지 않지만 MathML이 글꼴에서 그리는 글리프 (msqrt, mroot의 근호)
DRAWN_CHARACTERS = {"\u221a"}
#: 첫 단계 첨자의 크기 (본문의 %): TeX의 \scriptstyle (7 pt / 10 pt)
SCRIPT_PERCENT_SCALE_DOWN = 70
#: ``<mi>``로 나오지만 TeX에서는 연산자·관계·괄호인 글자
OPERATOR_CHARS = set(":;±∓×÷⌊⌋⌈⌉⟨⟩|‖∣")
#: 디스플레이 수식에서 첨자를 아래에 두는 연산자 이름 (TeX의 \max, \min, \lim …)
LIMIT_NAMES = {"max", "min", "lim", "sup", "inf", "argmax", "argmin", "limsup", "liminf", "det", "Pr", "gcd"}
#: MathML Core가 모르는 이름 붙은 공백 → 길이 (음수 공백은 Core에서 그려지지 않으므로 뺍니다: None)
NAMED_SPACES = {"thinmathspace": THIN_SPACE, "mediummathspace": "0.2222em", "thickmathspace": "0.2778em",
                "negativethinmathspace": None, "negativemediummathspace": None, "negativethickmathspace": None}
#: 정렬 표로 바꾸는 amsmath 환경 (번호는 Sphinx가 매기므로 번호 없는 align*로)
ALIGNED_ENVS = ("split", "aligned", "align", "align\\*")
CENTERED_ENVS = ("gather", "gather\\*", "gathered")
PLAIN_ENVS = ("equation", "equation\\*", "displaymath", "math")


class MathConversionError(ValueError):
    """MathML로 바꿀 수 없는 TeX."""


def _replace_env(tex: str, names: tuple[str, ...], begin: str, end: str) -> str:
    pattern = "|".join(names)
    tex = re.sub(r"\\begin\{(?:%s)\}" % pattern, lambda m: begin, tex)
    return re.sub(r"\\end\{(?:%s)\}" % pattern, lambda m: end, tex)


def _has_top_level_newline(tex: str) -> bool:
    """환경(\\begin…\\end)과 중괄호 밖에 줄바꿈 ``\\\\``가 있는지."""
    depth = 0
    for token in re.findall(r"\\(?:begin|end)\{[^{}]*\}|\\\\|\\.|[{}]", tex):
        if token.startswith("\\begin") or token == "{":
            depth += 1
        elif token.startswith("\\end") or token == "}":
            depth -= 1
        elif token == "\\\\" and depth == 0:
            return True
    return False


def prepare_tex(tex: str, display: bool) -> str:
    """latex2mathml이 MathML Core로 옮길 수 있는 꼴로 TeX를 고칩니다 (amsmath 환경, 여러 줄 디스플레이 수식)."""
    tex = tex.strip()
    tex = _replace_env(tex, PLAIN_ENVS, "", "")
    tex = _replace_env(tex, ALIGNED_ENVS, r"\begin{align*}", r"\end{align*}")
    tex = _replace_env(tex, CENTERED_ENVS, r"\begin{array}{c}", r"\end{array}")
    if display:
        parts = [p.strip() for p in re.split(r"\n\s*\n", tex) if p.strip()]   # Sphinx: 빈 줄로 나눈 여러 식
        if len(parts) > 1 or _has_top_level_newline(tex):
            tex = r"\begin{align*}" + r" \\ ".join(parts) + r"\end{align*}"
    return tex.strip()


#: TeX가 인라인 수식의 줄을 바꿀 수 있는 최상위 관계 기호 (그 뒤에서 줄이 바뀜)
RELATION_TOKENS = {"=", "<", ">", r"\approx", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\to",
                   r"\rightarrow", r"\leftarrow", r"\gets", r"\Rightarrow", r"\Leftarrow", r"\iff", r"\implies",
                   r"\propto", r"\sim", r"\simeq", r"\equiv", r"\mapsto", r"\in", r"\notin", r"\subset",
                   r"\subseteq", r"\ll", r"\gg", r"\leftrightarrow", r"\Leftrightarrow", r"\coloneqq"}
#: 최상위 이항 연산자 (TeX는 이 뒤에서도 줄을 바꿀 수 있음; 앞에 피연산자가 없으면 단항이라 바꾸지 않음)
BINARY_TOKENS = {"+", "-", r"\cdot", r"\times", r"\pm", r"\mp", r"\odot", r"\oplus", r"\otimes", r"\circ"}
_OPENING = {"(", "[", r"\{", r"\langle", r"\lfloor", r"\lceil", r"\lvert", r"\lVert", "{"}
_CLOSING = {")", "]", r"\}", r"\rangle", r"\rfloor", r"\rceil", r"\rvert", r"\rVert", "}"}
_SPACING = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", "~"}
_SIZED_DELIMITER = re.compile(r"\\(?:left|right|middle|[bB]igg?[lrm]?)$")
_TEX_TOKEN = re.compile(r"\\(?:begin|end)\{[^{}]*\}|\\[A-Za-z]+|\\.|\s+|.", re.S)


def split_inline_tex(tex: str) -> list[str]:
    """인라인 수식 ``tex``를 TeX가 줄을 바꿀 수 있는 곳(최상위 관계 기호와 이항 연산자 바로 뒤)에서 나눈 조각들.

    중괄호·괄호·``\\left…\\right``·환경 안에서는 나누지 않으므로 조각마다 온전한 TeX입니다. 조각을 ``<math>`` 여러
    개로 그리면 좁은 화면에서 수식이 TeX처럼 여러 줄에 걸쳐 놓입니다 (브라우저는 ``<math>`` 하나 안에서는 줄을
    바꾸지 않음). 첨자가 붙은 연산자(``=^{?}``), 잇따른 관계 기호, 단항 ``-``의 뒤에서는 나누지 않습니다.
    """
    tokens = _TEX_TOKEN.findall(tex)
    pieces, start, depth = [], 0, 0
    operand = False                               # 바로 앞(공백 제외)이 피연산자인지: 그래야 -, +가 이항
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isspace():
            i += 1
            continue
        if _SIZED_DELIMITER.match(token):
            j = i + 1
            while j < len(tokens) and tokens[j].isspace():
                j += 1
            delimiter = tokens[j] if j < len(tokens) else ""
            if token.startswith(r"\left") or (token.endswith("l") and delimiter != "."):
                depth += 1
            elif token.startswith(r"\right") or token.endswith("r"):
                depth -= 1
            elif not token.startswith(r"\middle"):                        # \big( … \big): 괄호 글자로 셈
                depth += delimiter in _OPENING
                depth -= delimiter in _CLOSING
            operand = not token.startswith(("\\left", "\\middle")) and (token.startswith(r"\right") or
                                                                       delimiter in _CLOSING)
            i = j + 1
            continue
        if token.startswith(r"\begin") or token in _OPENING:
            depth += 1
            operand = False
        elif token.startswith(r"\end") or token in _CLOSING:
            depth -= 1
            operand = True
        elif depth == 0 and (token in RELATION_TOKENS or (token in BINARY_TOKENS and operand)):
            j = i + 1
            while j < len(tokens) and tokens[j].isspace():
                j += 1
            following = tokens[j] if j < len(tokens) else None
            if (following is not None and following not in ("^", "_", "'") and following not in RELATION_TOKENS
                    and "".join(tokens[start:i]).strip()):             # 맨 앞의 관계 기호("$=(1,0)$") 뒤는 그대로
                pieces.append("".join(tokens[start:j]).strip())
                start = j
            operand = False
        elif token not in _SPACING:
            operand = token not in RELATION_TOKENS | BINARY_TOKENS | {",", ";", ":", "&"}
        i += 1
    pieces.append("".join(tokens[start:]).strip())
    return [p for p in pieces if p]


def _is_function_name(el: ET.Element) -> bool:
    """``\\log``, ``\\exp``, ``\\max`` … (여러 글자 ``mi``), 또는 그것에 첨자를 단 것."""
    if el.tag in SCRIPTED and len(el):
        return _is_function_name(el[0])
    text = el.text or ""
    return el.tag == "mi" and len(text) > 1 and text.isascii() and text.isalpha()


#: 자식의 자리가 정해진 요소 (밑, 첨자, 분자·분모 …): 이 안에서는 자식을 묶거나 끼워 넣지 않습니다
SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}
POSITIONAL = SCRIPTED | {"mfrac", "mroot", "mmultiscripts"}
#: 자식들이 하나의 mrow처럼 놓이는 요소 (그 안의 단 하나의 mrow는 풀어도 같음)
INFERRED_MROW = {"math", "mrow", "mtd", "mstyle", "msqrt", "mpadded", "mphantom", "menclose", "merror"}
OPEN_FENCES, CLOSE_FENCES = set("([{|‖⌊⌈⟨"), set(")]}|‖⌋⌉⟩")
#: mathvariant="bold"인 mi·mn의 글자 → 수학용 굵은 글자 (MathML Core는 mathvariant="normal"만 그립니다)
BOLD = {**{chr(ord("A") + i): chr(0x1D400 + i) for i in range(26)},
        **{chr(ord("a") + i): chr(0x1D41A + i) for i in range(26)},
        **{chr(ord("0") + i): chr(0x1D7CE + i) for i in range(10)}}


def _fix_token(child: ET.Element, display: bool) -> None:
    for attr in ("fence", "xmlns"):
        child.attrib.pop(attr, None)
    if child.tag == "mi" and child.text in OPERATOR_CHARS:
        child.tag = "mo"
    if child.tag == "mo" and child.text and len(child.text) > 1 and child.text.isalpha():
        child.tag = "mi"                          # \\operatorname{…}, \\max: 함수 이름 (여러 글자 mi는 바로 선 글자)
    if child.get("mathvariant") == "bold":
        if child.tag in ("mi", "mn") and all(c in BOLD for c in child.text or ""):
            child.text = "".join(BOLD[c] for c in child.text or "")
            del child.attrib["mathvariant"]
        elif child.tag == "mtext":
            child.set("style", "font-weight: bold")
            del child.attrib["mathvariant"]
    if child.tag == "mover" and child.get("accent") == "true" and len(child) == 2 and child[1].text == "^":
        child[1].text = HAT                       # \\hat: 늘어나지 않는 작은 악센트 (^는 글꼴에 따라 크게 그려짐)
        child[1].set("stretchy", "false")
    if child.tag == "mover" and len(child) == 2 and child[1].tag == "mo" and child[1].text == MACRON:
        child.set("accent", "true")               # \\bar: 글자 폭만 한 가로줄 (부분 글꼴의 ¯, write_math_font)
        child[1].set("stretchy", "false")
    if child.tag in ("munder", "mover") and len(child) == 2 and child[1].tag == "mo" and child[1].text in BRACES:
        brace = child[1]                          # \\underbrace: CSS 테두리로 그리는 묶음 표시 (BRACES)
        child.remove(brace)
        child.tag = "mrow"
        child.attrib = {"class": BRACES[brace.text]}
        if len(child) == 1 and child[0].tag == "mrow" and not child[0].attrib:
            inner = child[0]
            child.remove(inner)
            child.extend(list(inner))
    if child.tag == "mspace" and child.get("width") in NAMED_SPACES:
        child.set("width", NAMED_SPACES[child.get("width")] or "0")
    if display and child.tag in ("msub", "msubsup") and child[0].tag == "mi" and child[0].text in LIMIT_NAMES:
        child.tag = "munder" if child.tag == "msub" else "munderover"


def _join_grouped_digits(el: ET.Element) -> None:
    """``10{,}000``(숫자, 묶은 쉼표, 세 자리 숫자)을 숫자 하나 ``<mn>10,000</mn>``로 합칩니다."""
    children = list(el)
    for i in range(len(children) - 3, -1, -1):
        a, comma, b = children[i:i + 3]
        if (a.tag == b.tag == "mn" and comma.tag == "mo" and comma.text == "," and comma.get("rspace") == "0"
                and re.fullmatch(r"\d{3}(?:[.,]\d+)*", b.text or "")):
            a.text = f"{a.text},{b.text}"
            el.remove(comma)
            el.remove(b)


PRIMES = set("′″‴")


def _unscript_primes(el: ET.Element) -> None:
    """``P'``(위첨자 ′)를 밑 글자 + ′로 바꿉니다: 유니코드 ′는 이미 위에 붙은 모양이라 위첨자로 두면 작게 한 번 더
    올라가 거의 보이지 않습니다 (MathML Core는 위첨자용 글리프 ssty를 고르지 않음)."""
    for i, child in reversed(list(enumerate(el))):
        if el.tag in POSITIONAL or child.tag != "msup" or len(child) != 2:
            continue
        script = child[1]
        if script.tag in ("mi", "mo") and script.text and set(script.text) <= PRIMES:
            prime = ET.Element("mo", lspace="0", rspace="0")
            prime.text = script.text
            el.remove(child)
            el.insert(i, prime)
            el.insert(i, child[0])


def _group_fenced_tables(el: ET.Element) -> None:
    """여는 괄호 + mtable + 닫는 괄호(pmatrix, bmatrix …)를 mrow 하나로 묶습니다: 묶지 않으면 괄호가 같은 줄에 있는
    가장 큰 행렬의 높이로 늘어납니다."""
    children = list(el)
    for i in range(len(children) - 3, -1, -1):
        a, b, c = children[i:i + 3]
        if (a.tag == "mo" and a.text in OPEN_FENCES and b.tag == "mtable" and c.tag == "mo"
                and c.text in CLOSE_FENCES):
            group = ET.Element("mrow")
            position = list(el).index(a)
            for item in (a, b, c):
                el.remove(item)
                group.append(item)
            el.insert(position, group)


#: TeX의 관계 기호·이항 연산자·구두점 (그 뒤의 -, +는 단항)과, 그 뒤에서 단항이 되는 여는 괄호
RELATIONS = set("=<>≤≥≠≈→←↔⇒⇐⇔∈∉∝∼≃≡≅↦⊂⊆≪≫∣:≔")
BINARY_OPERATORS = set("+-−±∓·×⊙⊕⊗∘∗")
PUNCTUATION = set(",;")
UNARY_AFTER_FENCES = set("([{⌊⌈⟨")
#: TeX에서 보통 글자(Ord)처럼 앞뒤 공백 없이 놓이는 연산자: 늘어나는 괄호, 절댓값 막대, 빗금 /, ∂ (늘어나지 않는 괄호는
#: Core의 사전이 이미 공백 없이 둡니다)
ORDINARY_OPERATORS = OPEN_FENCES | CLOSE_FENCES | {"/", "∂"}


def _space_operators_like_tex(el: ET.Element) -> None:
    """MathML Core의 연산자 사전은 TeX와 간격이 다른 곳을 TeX처럼 고칩니다.

    - 단항 -, +, ±(줄의 맨 앞, 여는 괄호·관계 기호·이항 연산자·쉼표 뒤)는 앞뒤 공백 없이 (``= −t/y``, ``σ(−x)``):
      Core는 mrow의 맨 앞이 아니면 이항으로 보고 양쪽을 띄웁니다.
    - 괄호(``\\left(``, ``\\bigl(``로 늘어나는 것도)와 ``/``, ``|``는 보통 글자처럼 공백 없이: 늘어나는 괄호는 맨 앞에
      있지 않으면 사전에서 찾지 못한 연산자의 기본 간격(양쪽 0.2778em)을 받습니다 ("log ( 1 + eˣ )").
    - 수식 맨 앞의 관계 기호(``$=(1,0)$``)는 앞을 띄우지 않습니다 (TeX도 앞에 아무것도 없으면 띄우지 않음).
    """
    prev = None
    for child in el:
        if child.tag == "mspace" or (child.tag == "mtext" and not (child.text or "").strip()):
            continue                                  # 공백 (\\,  \\ ): 앞뒤 문맥을 바꾸지 않음
        if child.tag == "mo" and "lspace" not in child.attrib and "rspace" not in child.attrib:
            text = child.text or ""
            if text in ORDINARY_OPERATORS and "minsize" in child.attrib:
                child.set("stretchy", "true")             # \\big( (사전으로 늘어나는 괄호): 아래 간격·CSS가 알아보게
            if text in ORDINARY_OPERATORS and (text in "/|‖∂" or child.get("stretchy") == "true"):
                child.set("lspace", "0")
                child.set("rspace", "0")
            elif text in ("−", "-", "+", "±", "∓") and (
                    prev is None or (prev.tag == "mo" and (prev.text in UNARY_AFTER_FENCES | RELATIONS
                                                           | BINARY_OPERATORS | PUNCTUATION))):
                child.set("form", "prefix")
                child.set("lspace", "0")
                child.set("rspace", "0")
            elif text in RELATIONS and prev is None and el.tag == "math":
                child.set("lspace", "0")
        prev = child


def _polish(el: ET.Element, display: bool) -> None:
    for child in list(el):
        _polish(child, display)
    # 자식이 하나뿐인 mrow는 그 자식과 같습니다
    for i, child in enumerate(list(el)):
        if child.tag == "mrow" and len(child) == 1 and not child.attrib:
            inner = child[0]
            if inner.tag == "mo" and not inner.attrib:
                inner.set("lspace", "0")          # 중괄호로 묶은 연산자 ({,}): TeX에서는 보통 글자 (앞뒤 공백 없음)
                inner.set("rspace", "0")
            el.remove(child)
            el.insert(i, inner)
    _join_grouped_digits(el)
    if el.tag in INFERRED_MROW and len(el) == 1 and el[0].tag == "mrow" and not el[0].attrib:
        inner = el[0]
        el.remove(inner)
        el.extend(list(inner))
    for child in el:
        _fix_token(child, display)
    for child in [c for c in el if c.tag == "mspace" and c.get("width") == "0"]:
        el.remove(child)                         # \\! (음수 공백)
    _unscript_primes(el)
    if el.tag in POSITIONAL:
        return
    _group_fenced_tables(el)
    _space_operators_like_tex(el)
    # 함수 이름 뒤에는 함수 적용 기호를 넣고, TeX처럼 함수 이름과 그 앞뒤의 보통 글자(변수·숫자·닫는 괄호 뒤) 사이에는
    # 가는 공백을 둡니다 ("t log y". 괄호 앞에는 넣지 않음: "log(")
    children = list(el)
    for i in range(len(children) - 1, -1, -1):
        child = children[i]
        nxt = children[i + 1] if i + 1 < len(children) else None
        if not _is_function_name(child) or (nxt is not None and nxt.tag == "mo" and nxt.text == FUNCTION_APPLICATION):
            continue
        position = list(el).index(child)
        if nxt is not None:
            if nxt.tag != "mo":
                el.insert(position + 1, ET.Element("mspace", width=THIN_SPACE))
            apply = ET.Element("mo")
            apply.text = FUNCTION_APPLICATION
            el.insert(position + 1, apply)
        prev = children[i - 1] if i > 0 else None
        if prev is not None and (prev.tag != "mo" or prev.text in CLOSE_FENCES) and prev.tag != "mspace":
            el.insert(position, ET.Element("mspace", width=THIN_SPACE))


_UNSUPPORTED = [
    (re.compile(r"\\[A-Za-z]+"), "알 수 없는 TeX 명령"),
    (re.compile(r"<mi>&amp;</mi>"), "정렬 기호 &(지원하지 않는 환경 안)"),
    (re.compile(r'linebreak="'), "줄바꿈 \\\\ (지원하지 않는 환경 안)"),
    (re.compile(r'mathvariant="(?!normal")'), "MathML Core가 그리지 않는 글꼴 모양(mathvariant)"),
]


def tex_to_mathml(tex: str, display: bool, continued: bool = False) -> str:
    """TeX 수식 ``tex``(구분자 없이)를 ``<math>`` 요소 문자열로 바꿉니다.

    ``display``가 참이면 디스플레이 수식(``display="block"``). ``continued``가 참이면 뒤에 같은 수식의 다음 조각이
    이어지는 인라인 조각입니다 (``inline_mathml``). 바꿀 수 없으면 ``MathConversionError``.
    """
    from latex2mathml.converter import convert

    source = prepare_tex(tex, display)
    try:
        raw = convert(source, display="block" if display else "inline")
    except Exception as err:  # latex2mathml은 여러 종류의 예외를 냅니다
        raise MathConversionError(f"수식을 MathML로 바꾸지 못했습니다 ({type(err).__name__}: {err}): {tex!r}") from err
    root = ET.fromstring(raw.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', ""))
    _polish(root, display)
    if display:
        root.set("display", "block")
    else:
        root.attrib.pop("display", None)             # inline이 기본값
    if continued and len(root) and root[-1].tag == "mo":
        root[-1].set("form", "infix")                # 조각 끝의 = + …: 뒤 조각과 이어지는 이항 간격 (맨 끝이라 postfix가 아님)
    out = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    for pattern, what in _UNSUPPORTED:
        found = pattern.search(out)
        if found:
            raise MathConversionError(f"수식을 MathML로 바꾸지 못했습니다 ({what}: {found.group(0)!r}): {tex!r}")
    return out


#: 인라인 수식 조각 사이의 줄바꿈 자리
BREAK = "<wbr>"


def inline_mathml(tex: str) -> str:
    """인라인 수식 ``tex``를 TeX가 줄을 바꿀 수 있는 곳마다 나눈 ``<math>`` 요소들(사이에 ``<wbr>``)로 바꿉니다.

    브라우저는 ``<math>`` 하나 안에서는 줄을 바꾸지 않아, 긴 인라인 수식이 좁은 화면에서 본문 밖으로 넘칩니다
    (``split_inline_tex``). 나눈 조각을 바꿀 수 없으면 (나누기 전에는 되는 TeX라면) 나누지 않고 하나로 바꿉니다.
    """
    pieces = split_inline_tex(tex)
    if len(pieces) > 1:
        try:
            return BREAK.join(tex_to_mathml(p, False, continued=i < len(pieces) - 1) for i, p in enumerate(pieces))
        except MathConversionError:
            pass
    return tex_to_mathml(tex, False)


def _convert(self, node, display: bool) -> str:
    try:
        return tex_to_mathml(node.astext(), True) if display else inline_mathml(node.astext())
    except MathConversionError as err:
        logger.warning(str(err), location=node, type="mathml", subtype="convert")
        return f"<code>{self.encode(node.astext())}</code>"


def visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS=MATH_CLASS))
    self.body.append(_convert(self, node, display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS=MATH_CLASS))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_convert(self, node, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


#: MathML Core가 한 글자 ``mi``를 기울여 그릴 때(text-transform: math-auto) 쓰는 수학용 이탤릭 글자: 라틴(h는 ℎ),
#: 그리스 문자, ϵ ϑ ϰ ϕ ϱ ϖ ∂ ∇
_ITALIC_SPECIAL = {"h": "\u210e", "ϵ": "\U0001d716", "ϑ": "\U0001d717", "ϰ": "\U0001d718", "ϕ": "\U0001d719",
                   "ϱ": "\U0001d71a", "ϖ": "\U0001d71b", "∂": "\U0001d715", "∇": "\U0001d6fb"}


def math_italic(char: str) -> str | None:
    """한 글자 ``mi`` ``char``를 브라우저가 그릴 때 쓰는 수학용 이탤릭 글자 (없으면 None)."""
    if char in _ITALIC_SPECIAL:
        return _ITALIC_SPECIAL[char]
    for first, last, italic in (("a", "z", 0x1D44E), ("A", "Z", 0x1D434), ("α", "ω", 0x1D6FC), ("Α", "Ω", 0x1D6E2)):
        if first <= char <= last:
            return chr(italic + ord(char) - ord(first))
    return None


_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SINGLE_MI = re.compile(r"<mi>([^<]|&[^;]+;)</mi>")


def math_characters(page_html: str) -> set[str]:
    """페이지 HTML의 ``<math>`` 요소를 그리는 데 필요한 글자: 안에 쓰인 글자와, 한 글자 ``mi``의 수학용 이탤릭 글자."""
    chars = set()
    for m in _MATH_ELEMENT.finditer(page_html):
        chars |= set(html.unescape(_TAG.sub("", m.group(0))))
        chars |= {math_italic(html.unescape(c)) for c in _SINGLE_MI.findall(m.group(0))} - {None}
    return chars


def write_math_font(characters: set[str], source: Path, target: Path) -> None:
    """``source`` 글꼴에서 ``characters``(와 근호)만 남긴 WOFF 부분 글꼴을 ``target``에 씁니다.

    MATH 표(늘어나는 괄호·근호·큰 연산자의 변형 글리프)와 GSUB·GPOS는 남깁니다.
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"                      # zlib (woff2의 brotli 없이)
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    glyphs = set(font.getGlyphOrder())
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update({ord(c): g for c, g in CMAP_ADDITIONS.items() if ord(c) not in table.cmap and g in glyphs})
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters | DRAWN_CHARACTERS}))
    subsetter.subset(font)
    # 첨자 크기: 브라우저는 첨자 글자 크기를 글꼴의 MATH 표에서 읽습니다 (Noto Sans Math는 60%·50%). TeX처럼 70%로
    # 두어 휴대폰에서도 첨자(W_out의 out)가 읽히게 합니다 (두 번째 단계는 그대로 본문의 50%).
    font["MATH"].ensureDecompiled(recurse=True)   # 게으르게 읽은 하위 표는 고쳐도 원래 바이트로 저장됩니다
    constants = font["MATH"].table.MathConstants
    constants.ScriptPercentScaleDown = SCRIPT_PERCENT_SCALE_DOWN
    # 근호와 그 안의 식 사이: Noto Sans Math의 0.089em에서는 가로줄이 v에 닿아 √v가 √∇처럼 보입니다. TeX의 인라인
    # 간격(규칙 두께 + x 높이/4)으로 둡니다.
    constants.RadicalVerticalGap.Value = constants.RadicalRuleThickness.Value + font["OS/2"].sxHeight // 4
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def _config_inited(app, config) -> None:
    if str(STATIC) not in [str(p) for p in config.html_static_path]:
        config.html_static_path = list(config.html_static_path) + [str(STATIC)]


#: 인라인 수식과 바로 뒤에 붙은 글자(조사 "은", "에서는,", "개)" …)
_GLUED_MATH = re.compile(r'(<span class="math notranslate nohighlight">(?:(?!</span>).)*</span>)([^\s<]+)', re.S)
GLUED_CLASS = "w2v-math-glued"


def _glue(m: re.Match) -> str:
    span, particle = m.group(1), m.group(2)
    if BREAK not in span:
        return f'<span class="{GLUED_CLASS}">{span}{particle}</span>'
    # 여러 조각으로 나눈 수식: 마지막 조각만 조사와 묶습니다 (앞 조각 사이에서는 줄이 바뀔 수 있어야 함)
    head, _, last = span[:-len("</span>")].rpartition(BREAK)
    return f'{head}{BREAK}<span class="{GLUED_CLASS}">{last}{particle}</span></span>'


def glue_particles(body: str) -> str:
    """인라인 수식과 뒤에 붙은 조사 사이에서 줄이 바뀌지 않게 둘을 ``span.w2v-math-glued``로 묶습니다 ("\\(g_r\\)은"이
    "g_r / 은"으로 갈라지지 않게: 브라우저는 인라인 수식 상자 앞뒤에서 줄을 바꿀 수 있음). 여러 ``<math>``로 나눈 긴
    수식(``inline_mathml``)은 마지막 조각과 조사만 ``span.math`` 안에서 묶습니다."""
    return _GLUED_MATH.sub(_glue, body)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None and app.env.get_domain("math").has_equations(pagename):
        app.add_css_file(CSS_FILE)
        if context.get("body"):
            context["body"] = glue_particles(context["body"])


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    outdir = Path(app.outdir)
    characters = set()
    for page in outdir.rglob("*.html"):
        characters |= math_characters(page.read_text(encoding="utf-8"))
    if not characters:
        return
    if not FONT_SOURCE.is_file():
        logger.warning(f"수학 글꼴 원본이 없습니다: {FONT_SOURCE} (python tools/fetch_assets.py로 받으세요)",
                       type="mathml", subtype="font")
        return
    write_math_font(characters, FONT_SOURCE, outdir / "_static" / FONT_FILE)
    shutil.copy2(FONT_SOURCE.with_name("LICENSE"), outdir / "_static" / "w2v-math-LICENSE.txt")


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
