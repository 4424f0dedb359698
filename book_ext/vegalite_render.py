"""myst-nb 확장: 노트북 출력의 Vega-Lite v5 명세(``application/vnd.vegalite.v5+json``)를 정적 HTML에서 그립니다.

``w2vlib.book.explore``의 탐색기가 내는 출력입니다. 출력마다 ``<div class="w2v-explorer">``와 명세를 담은
``<script type="application/json">``을 넣고, 그런 출력이 있는 페이지에만 책이 직접 제공하는
vega·vega-lite·vega-embed (``tools/fetch_assets.py``가 ``_static/offline/vega/``에 준비)와
``w2v-vegalite.js``를 붙입니다. CDN도, 외부 요청도 없습니다.

myst-nb 1.x의 mime 렌더러 플러그인(``MimeRenderPlugin``)은 원래 패키지 entry point로 등록하지만, 이 책의
확장은 설치하지 않는 로컬 확장(``sphinx: local_extensions``)이므로 myst-nb가 캐시한 플러그인 목록
(``load_mime_renders()``)에 직접 추가합니다. 같은 목록을 우선순위 계산(``get_mime_priority``)도 읽으므로,
html 빌더에서는 이 mime이 ``text/plain``보다 먼저 골라집니다.

ipywidgets 위젯 가운데 커널이 있어야 움직이는 것(``add_class("w2v-needs-kernel")``)은 ``w2v-explorers.css``가
정적 페이지에서 흐리게, 누를 수 없게 보이고 그 이유를 위젯 위에 적습니다.
"""
from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

from docutils import nodes

MIME = "application/vnd.vegalite.v5+json"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
STATIC = Path(__file__).resolve().parent / "static"
VEGA_JS = ("offline/vega/vega.min.js", "offline/vega/vega-lite.min.js", "offline/vega/vega-embed.min.js",
           "w2v-vegalite.js")
# require.js(위젯 매니저, priority 500)보다 먼저: UMD 묶음이 AMD define을 보면 전역 vegaEmbed를 만들지 않습니다
JS_PRIORITY = 150
MARKER = "w2v-explorer"


class VegaLiteRenderPlugin:
    """``application/vnd.vegalite.v5+json`` 출력 → div + JSON 명세 (html 빌더만)."""

    mime_priority_overrides = [(b, MIME, 1) for b in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != MIME or inline:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
        text = json.dumps(spec, ensure_ascii=False, sort_keys=False)
        key = hashlib.sha1(f"{data.cell_index}:{data.output_index}:{text}".encode()).hexdigest()[:12]
        payload = text.replace("</", "<\\/")
        raw = (f'<div class="{MARKER} output" id="w2v-vl-{key}" data-spec-id="w2v-vl-spec-{key}">'
               '<p class="w2v-explorer-loading">그림을 그리는 중입니다…</p></div>\n'
               f'<script type="application/json" id="w2v-vl-spec-{key}">{payload}</script>')
        return [nodes.raw("", raw, format="html", classes=["output", "w2v-explorer-output"])]


def _register_plugin() -> None:
    from myst_nb.core import render
    plugins = render.load_mime_renders()           # lru_cache: 모든 호출이 같은 리스트를 받습니다
    if not any(p is VegaLiteRenderPlugin for p in plugins):
        plugins.append(VegaLiteRenderPlugin)


def _config_inited(app, config) -> None:
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is None:
        return
    if any(MARKER in n.astext() for n in doctree.findall(nodes.raw)):
        for path in VEGA_JS:
            app.add_js_file(path, priority=JS_PRIORITY)


def setup(app):
    _register_plugin()
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.add_css_file("w2v-explorers.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
