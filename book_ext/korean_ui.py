"""테마가 독자에게 보여 주는 영어 문구를 한국어로 바꾸고, 중복으로 들어가는 스크립트를 한 번만 넣습니다.

- 번역: Sphinx와 pydata/sphinx-book-theme의 한국어 카탈로그에 없거나 틀린 문구("Skip to main content",
  "Back to top", "Color mode", footer의 "By" → "으로" …)를 ``UI_TRANSLATIONS``로 채웁니다. 이 책의 번역을 먼저
  찾고, 없으면 원래 카탈로그로 넘어가도록(fallback) 각 카탈로그 앞에 끼워 넣습니다.
- 템플릿: 번역 함수를 거치지 않는 문구(사이드바 토글 버튼의 title, footer의 지은이 줄)는
  ``book_ext/templates``의 템플릿이 테마 템플릿을 대신합니다 (``templates_path``).
- 자바스크립트 문구: ``book_static/korean_ui.js`` (복사 버튼, 접기 버튼의 aria-label).
- 검색창 안내 문구: jupyter-book이 영어로 고정해 넣는 ``search_bar_text``를 바꿉니다.
- 중복 스크립트: Sphinx 7.4의 ``prepare_writing``은 ``builder-inited`` 이후에 등록된 인라인 스크립트
  (sphinx-thebe의 ``const THEBE_JS_URL …``, sphinx-togglebutton의 selector)를 한 번 더 넣습니다(파일 이름이
  ``None``과 ``''``로 달라 중복 검사를 통과). 두 번째 ``const`` 선언은 페이지 오류가 되므로 페이지마다 같은
  스크립트를 하나만 남깁니다.

- 둥근 따옴표: Sphinx의 smartquotes는 본문의 "…"를 “…”로 바꿔 주지만, 노트북 출력(PTB 문장의 ``'s``,
  ``n't`` 토큰)까지 바꿉니다. 출력(``cell_output``) 안에서만 끕니다.

사용: ``_config.yml``의 ``sphinx: local_extensions: {korean_ui: book_ext/}``.
"""
from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

from docutils import nodes
from sphinx import locale
from sphinx.transforms import SphinxTransform

SEARCH_BAR_TEXT = "이 책에서 검색…"

#: 카탈로그 이름 → {영어 원문: 한국어}. 원문은 테마 소스의 문자열 그대로입니다.
UI_TRANSLATIONS: dict[str, dict[str, str]] = {
    "sphinx": {  # Sphinx 본체와 pydata-sphinx-theme의 템플릿
        "Skip to main content": "본문으로 건너뛰기",
        "Back to top": "맨 위로",
        "Color mode": "화면 모드",
        "Light": "밝게",
        "Dark": "어둡게",
        "System Settings": "시스템 설정",
        "Site navigation": "사이트 탐색",
        "Section Navigation": "절 탐색",
        "On this page": "이 페이지의 내용",
        "Version warning": "버전 경고",
        "Announcement": "알림",
        "Breadcrumb": "현재 위치",
        "Home": "처음",
        "Indices": "색인",
        "Collapse Sidebar": "사이드바 접기",
        "Expand Sidebar": "사이드바 펼치기",
        "previous page": "이전 페이지",
        "next page": "다음 페이지",
        "previous": "이전",
        "next": "다음",
        "Link to this heading": "이 제목으로 연결",
        "Link to this definition": "이 정의로 연결",
        "Link to this term": "이 용어로 연결",
        "Link to this table": "이 표로 연결",
        "Link to this code": "이 코드로 연결",
        "Link to this image": "이 그림으로 연결",
        "Link to this toctree": "이 목차로 연결",
        "Please activate JavaScript to enable the search functionality.":
            "검색 기능을 쓰려면 자바스크립트를 켜 주세요.",
        "Main": "본문",
        "Page": "페이지",
    },
    "booktheme": {  # sphinx-book-theme (한국어 카탈로그의 "By" → "으로" 등을 바로잡음)
        "By": "지은이:",
        "Contents": "목차",
        "Search": "검색",
        "Fullscreen mode": "전체 화면",
        "Download this page": "이 페이지 내려받기",
        "Download source file": "소스 파일 내려받기",
        "Download notebook file": "노트북 파일 내려받기",
        "Print to PDF": "PDF로 인쇄",
        "Launch interactive content": "대화형으로 실행",
        "Source repository": "소스 저장소",
        "Repository": "저장소",
        "Open an issue": "이슈 열기",
        "Show source": "소스 보기",
        "Suggest edit": "수정 제안",
        "Edit": "편집",
        "Launch on": "실행:",
        "Live Code": "코드 실행",
        "Launch Thebe": "Thebe 실행",
        "Last updated on": "마지막 수정",
        "previous page": "이전 페이지",
        "next page": "다음 페이지",
        "Theme by the": "테마:",
        "Click to show": "펼치려면 누르세요",
        "Click to hide": "접으려면 누르세요",
    },
}


class _DictTranslations(gettext.NullTranslations):
    """사전으로 번역하고, 없으면 원래 카탈로그(fallback)로 넘깁니다."""

    def __init__(self, messages: dict[str, str]):
        super().__init__()
        self._messages = messages

    def gettext(self, message):
        if message in self._messages:
            return self._messages[message]
        return self._fallback.gettext(message) if self._fallback else message

    def ngettext(self, msgid1, msgid2, n):
        if n == 1 and msgid1 in self._messages:
            return self._messages[msgid1]
        return self._fallback.ngettext(msgid1, msgid2, n) if self._fallback else (msgid1 if n == 1 else msgid2)

    def pgettext(self, context, message):
        return self._fallback.pgettext(context, message) if self._fallback else message


def _install_translations(app, config):
    if not (config.language or "").startswith("ko"):
        return
    for catalog, messages in UI_TRANSLATIONS.items():
        key = ("general", catalog)
        ours = _DictTranslations(messages)
        previous = locale.translators.get(key)
        if previous is not None:
            ours.add_fallback(previous)
        locale.translators[key] = ours
        if catalog == "sphinx":
            app.translator = ours  # 템플릿의 _()가 쓰는 번역기 (빌더 초기화 때 Jinja에 설치됨)
    config.html_theme_options["search_bar_text"] = SEARCH_BAR_TEXT
    # 빈 default_mode(pydata-sphinx-theme 템플릿 변수)는 모든 페이지에서 "Got invalid theme mode" 오류를 냅니다:
    # 독자의 시스템 설정을 따르는 auto로 둡니다
    config.html_context.setdefault("default_mode", "auto")
    templates = str(Path(__file__).with_name("templates"))
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)
    _theme_macros_without_unused(app)


#: 테마가 모든 페이지에 넣지만 쓰지 않는 스크립트. pydata-sphinx-theme는 Font Awesome을 두 벌 넣습니다: CSS
#: (pydata-sphinx-theme.css에 모든 아이콘 클래스와 웹 글꼴)와 ``<i>``를 SVG로 바꾸는 fontawesome.js(1.5 MB,
#: 테마 설명으로는 "사용자 정의 아이콘용"). 이 책은 사용자 정의 아이콘이 없고 CSS만으로 같은 아이콘이 그려지므로
#: 자바스크립트 쪽을 뺍니다 (페이지마다 1.5 MB 가벼워짐). 이 스크립트는 ``script_files``가 아니라 테마의
#: ``static/webpack-macros.html`` 매크로가 넣으므로, 그 줄만 뺀 사본을 빌드 폴더에 만들어 템플릿 경로 맨 앞에 둡니다.
UNUSED_THEME_SCRIPTS = ("scripts/fontawesome.js",)
MACROS = "static/webpack-macros.html"


def _theme_macros_without_unused(app) -> None:
    import pydata_sphinx_theme
    theme_dir = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    source = (theme_dir / MACROS).read_text(encoding="utf-8")
    kept = [line for line in source.splitlines(keepends=True)
            if not any(name in line and "<script" in line for name in UNUSED_THEME_SCRIPTS)]
    out = Path(app.doctreedir).parent / "w2v-theme-templates"
    (out / MACROS).parent.mkdir(parents=True, exist_ok=True)
    (out / MACROS).write_text("".join(kept), encoding="utf-8")
    if str(out) not in app.config.templates_path:
        app.config.templates_path.insert(0, str(out))


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    """같은 스크립트(파일 이름 None과 ''를 같게 봄)를 하나만 남깁니다."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


_CELL_RE = re.compile(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
#: 숫자 칸: 숫자와 기호(쉼표, 소수점, %, ×, ±, 부호, 괄호, /)와 흔한 단위 몇 개뿐인 칸
_NUMBER_CELL = re.compile(r"[\s(~≈<>≤≥±+\-−–×x]*\d[\d\s.,:/%×x±+\-−–()~≈eE]*"
                          r"(?:배|초|분|번|개|시간|에폭|ms|µs|s|MB|GB|KiB|MiB)?[\s)%]*")


_SPLIT_TAGS = re.compile(r"(<[^>]+>)")
#: 줄바꿈 기회가 있는 기호(하이픈, /, 괄호, ×, →)가 든 공백 없는 낱말 ("WordSim-353", "gram1-adjective-to-adverb")
_BREAKABLE_TOKEN = re.compile(r"[^\s<>]*[-/–−×→(+·][^\s<>]*")


#: 코드와 거기 붙은 글자 ("`W_in[contexts].mean(axis=1)`이", "(`x`"): 코드 끝과 조사 사이에서도 줄을 바꾸지 않게
_GLUED_CODE = re.compile(r"([^\s<>]*)(<code\b.*?</code>)([^\s<>]*)", re.S)


def _protect_tokens(inner: str) -> str:
    inner = _GLUED_CODE.sub(lambda m: f'<span class="w2v-nobr">{m.group(0)}</span>'
                            if m.group(1) or m.group(3) else m.group(0), inner)
    parts = _SPLIT_TAGS.split(inner)
    for i in range(0, len(parts), 2):                       # 짝수 번째가 태그 밖의 글자
        parts[i] = _BREAKABLE_TOKEN.sub(
            lambda m: f'<span class="w2v-nobr">{m.group(0)}</span>' if len(m.group(0)) > 1 else m.group(0), parts[i])
    return "".join(parts)


def mark_number_cells(body: str) -> str:
    """표 칸 안에서 낱말·숫자가 끊기지 않게 표시합니다 (CSS가 표시된 곳의 줄바꿈을 막음).

    숫자만 든 칸(``<td>``/``<th>``)에는 ``w2v-num`` 클래스를, 다른 칸에서는 하이픈·/·괄호처럼 줄바꿈 기회가 있는
    공백 없는 낱말을 ``<span class="w2v-nobr">``로 감쌉니다 (수식이 든 칸은 TeX 원문을 건드리지 않게 그대로 둡니다).
    """
    def mark(match: re.Match) -> str:
        tag, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        text = html.unescape(_TAG_RE.sub("", inner)).strip()
        if not text or len(text) > 30 or not _NUMBER_CELL.fullmatch(text):
            if "math" in inner or "<script" in inner or "<table" in inner:
                return match.group(0)
            return f"<{tag}{attrs}>{_protect_tokens(inner)}</{tag}>"
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="w2v-num ', 1)
        else:
            attrs += ' class="w2v-num"'
        return f"<{tag}{attrs}>{inner}</{tag}>"
    return _CELL_RE.sub(mark, body)


_SOLUTION_TITLE = re.compile(r'(<p class="admonition-title">해답)(<a [^>]*>) 연습 \(([^<]*)\)</a>')


def fix_solution_titles(body: str) -> str:
    """sphinx-exercise의 풀이 제목 "해답 연습 (문제 1)"을 "해답 (문제 1)"로 (번역 "Solution to" + 연습 제목)."""
    return _SOLUTION_TITLE.sub(r"\1 (\2\3</a>)", body)


def _mark_number_cells(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = fix_solution_titles(mark_number_cells(context["body"]))


class NoSmartQuotesInOutputs(SphinxTransform):
    """노트북 셀 출력 안의 글자는 smartquotes가 바꾸지 않게 합니다 (SmartQuotes는 우선순위 750)."""

    default_priority = 740

    def apply(self, **kwargs):
        for container in self.document.findall(nodes.container):
            if "cell_output" in container.get("classes", []):
                for element in container.findall(nodes.Element):
                    element["support_smartquotes"] = False


def setup(app):
    app.add_transform(NoSmartQuotesInOutputs)
    app.connect("config-inited", _install_translations, priority=900)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _mark_number_cells, priority=900)
    # book_static/korean_ui.js (html_static_path의 book_static): copybutton·togglebutton의 JS 문구
    app.add_js_file("korean_ui.js", priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
