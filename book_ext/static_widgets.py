"""정적 책에서는 움직이지 않는 ipywidgets 위젯(``add_class("w2v-needs-kernel")``)을 안내 문단으로 바꾸고,
그런 위젯만 있는 페이지에는 위젯 매니저(require.js + html-manager, 약 3.6 MB)를 넣지 않습니다.

커널이 있어야 움직이는 위젯(예: 4.1의 실제 시간 측정)은 정적 HTML에서 저장된 상태만 보여 줍니다. 슬라이더는 키보드로도
움직이지만 그림은 그대로여서 독자를 헷갈리게 하고, 위젯 하나 때문에 페이지가 몇 MB 무거워집니다. 그래서 빌드할 때
(``doctree-resolved``) 그 위젯의 출력 자리를 "커널이 있어야 움직인다"는 안내(``div.w2v-kernel-note``)로 바꾸고,
페이지의 모든 위젯이 그런 것이면 myst-nb가 그 페이지에 넣으려던 위젯 상태와 스크립트를 뺍니다. 같은 실험을 미리
돌린 정적 그림은 노트북의 바로 다음 셀에 있습니다 (CONTRIBUTING.md). JupyterLab·Colab에서는 노트북의 위젯이 그대로
움직입니다.

사용: ``_config.yml``의 ``sphinx: local_extensions: {static_widgets: book_ext/}``.
"""
from __future__ import annotations

import json

from docutils import nodes

NEEDS_KERNEL = "w2v-needs-kernel"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
NOTE_CLASS = "w2v-kernel-note"


def _view_model_id(node: nodes.raw) -> str | None:
    text = node.astext()
    start = text.find(f'<script type="{VIEW_MIME}">')
    if start < 0:
        return None
    body = text[text.index(">", start) + 1: text.index("</script>", start)]
    return json.loads(body).get("model_id")


def _note_html(app, docname: str) -> str:
    run = app.builder.get_relative_uri(docname, "run")
    return (f'<div class="{NOTE_CLASS}" role="note"><strong>이 자리의 위젯은 파이썬 커널이 있어야 움직입니다.</strong> '
            "정적인 책 페이지에서는 움직이지 않으므로 넣지 않았습니다. 같은 실험을 미리 돌린 그림이 바로 아래에 "
            f'있고, 직접 움직여 보려면 노트북을 Colab이나 JupyterLab에서 실행하세요 (<a href="{run}">직접 실행하기</a>).'
            "</div>")


def _doctree_resolved(app, doctree, docname: str) -> None:
    if app.builder.format != "html":
        return
    js_files = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    state_entry = js_files.get("ipywidgets_state")
    if not state_entry:
        return
    state = json.loads(state_entry[1]["body"]).get("state", {})
    views = [(node, _view_model_id(node)) for node in doctree.findall(nodes.raw)
             if node.get("format") == "html" and VIEW_MIME in node.astext()]
    static = [(node, mid) for node, mid in views
              if NEEDS_KERNEL in state.get(mid, {}).get("state", {}).get("_dom_classes", [])]
    for node, _ in static:
        node.replace_self(nodes.raw("", _note_html(app, docname), format="html"))
    if len(static) == len(views):               # 남은 위젯이 없으면 위젯 상태와 매니저 스크립트를 넣지 않습니다
        for key in [k for k in js_files if k.startswith("ipywidgets")]:
            del js_files[key]


def setup(app):
    app.connect("doctree-resolved", _doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
