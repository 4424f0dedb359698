"""책 전체를 엄격하게 빌드하고(-W -n), 만들어진 HTML을 헤드리스 Chromium으로 열어 독자가 보는 것을 확인합니다.

- 경고 0개로 빌드되는가.
  테스트에서는 노트북을 다시 실행하지 않고 저장된 출력으로 빌드합니다 (``execute_notebooks: off``): 같은
  테스트 실행에서 strict nbval이 그 출력이 지금 코드의 실행 결과와 같음을 확인하므로, 두 번 실행할 필요가
  없습니다 (CI 시간 절약). ``W2VLIB_BOOK_EXECUTE=force``이면 ``tools/book.sh``처럼 모두 다시 실행합니다
  (그때는 예외를 내는 노트북도 빌드 실패).
- 모든 장에서: 한국어(lang="ko")이고 한글이 네모(tofu)가 아닌 글꼴로 그려지는가, 수식이 MathML로 그려지고
  수학 글꼴(OpenType MATH, book_ext/mathml_render.py)이 로드되는가, 그림이 모두 로드되는가, 위젯이 그려지는가, **네트워크 요청이 하나도 없고** 실패한 요청이 없는가.
- 스크린숏을 ``_build/screenshots/``에 남깁니다 (사람이 보라고).

Chromium이 없으면 브라우저 검사는 건너뜁니다. 단, ``W2VLIB_REQUIRE_BROWSER=1`` (CI)이면 실패합니다.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def test_every_toc_page_built(built_html):
    for f in _toc_files():
        assert (built_html / f"{f}.html").is_file(), f"{f}.html 파일이 없습니다"


def test_no_external_asset_in_html(built_html):
    """어느 페이지도 외부 주소의 스크립트·스타일·글꼴을 불러오지 않아야 합니다 (src/href 속성 기준).

    sphinx-thebe가 문자열 상수로만 넣어 두는 thebe 주소는 '실행' 버튼을 누를 때만 쓰이고, 이 책은 thebe를
    끄므로 요청되지 않습니다 (아래 브라우저 검사가 실제 요청이 0개임을 확인합니다).
    """
    pattern = re.compile(r'<(?:script|link|img)\b[^>]*(?:src|href)="(https?:)?//', re.I)
    for page in built_html.rglob("*.html"):
        match = pattern.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page.relative_to(built_html)} 페이지가 외부 자산을 불러옵니다: {match.group(0)}"


# 한글 문자열과 어느 글꼴에도 없는 문자(사용자 영역)의 폭이 같으면 한글이 네모(tofu)로 그려진 것입니다.
_TOFU_JS = """() => { const c = document.createElement('canvas').getContext('2d'); c.font = '32px sans-serif';
  return [c.measureText('한글한글').width, c.measureText('\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}').width]; }"""


# 수식이 MathML로 배치되었는가(분수의 분자가 분모 위)와 수학 글꼴이 로드되었는가
_MATH_JS = """() => { const frac = document.querySelector('article mfrac');
  const laidOut = !frac || frac.children[0].getBoundingClientRect().bottom <= frac.children[1].getBoundingClientRect().top + 1;
  const font = Array.from(document.fonts).some(f => f.family.replace(/"/g, '') === 'W2V Math' && f.status === 'loaded');
  return document.querySelectorAll('article math').length > 0 && laidOut && font; }"""


@pytest.mark.parametrize("page_name", [f for f in _toc_files() if f.startswith("chapters/")])
def test_page_in_browser(built_html, browser, page_name):
    url = (built_html / f"{page_name}.html").as_uri()
    external, failed = [], []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)                                     # 수학 글꼴·위젯 렌더링
    assert page.evaluate("document.documentElement.lang") == "ko"
    hangul, tofu = page.evaluate(_TOFU_JS)
    assert hangul != tofu, "한글이 네모로 그려집니다 (한글 글꼴 없음)"
    html = (built_html / f"{page_name}.html").read_text(encoding="utf-8")
    if "math notranslate" in html:
        assert page.evaluate(_MATH_JS), "수식이 MathML로 그려지지 않았거나 수학 글꼴이 로드되지 않았습니다"
    broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    assert not broken, f"로드되지 않은 그림: {broken}"
    if "application/vnd.jupyter.widget-view+json" in html:
        page.wait_for_selector(".widget-slider, .widget-hslider, .jupyter-widgets", timeout=15000)
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{Path(page_name).name}.png"), full_page=False)
    page.close()
    assert not external, f"외부 네트워크 요청: {external[:5]}"
    assert not failed, f"실패한 요청: {failed[:5]}"
    assert not errors, f"페이지의 자바스크립트 오류: {errors[:5]}"
