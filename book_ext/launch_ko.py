"""각 장 페이지의 실행 버튼(로켓 메뉴)에서 Colab 항목의 이름을 한국어 "Colab에서 열기"로 바꿉니다.

버튼과 주소는 sphinx-book-theme가 ``_config.yml``의 ``repository:``(url, branch, path_to_book)와
``launch_buttons: colab_url``로 만듭니다. 이 확장은 테마가 버튼 목록을 만든 뒤(우선순위 501 다음) 이름만 고칩니다.
"""
from __future__ import annotations

from typing import Any

COLAB_TEXT = "Colab에서 열기"
COLAB_TOOLTIP = "Google Colab에서 이 노트북을 엽니다"


def _rename_colab(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Colab":
                button["text"] = COLAB_TEXT
                button["tooltip"] = COLAB_TOOLTIP


def setup(app):
    app.connect("html-page-context", _rename_colab, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
