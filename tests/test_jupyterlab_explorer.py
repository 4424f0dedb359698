"""JupyterLab 4가 탐색기 출력을 그리고, 그 슬라이더가 (커널 없이) 그림을 바꾸는지 헤드리스 Chromium으로 봅니다.

임시 폴더에 탐색기 셀 하나짜리 노트북을 실행해 저장하고, ``jupyter lab --no-browser``를 127.0.0.1의 빈 포트에
토큰을 걸어 띄운 뒤 그 노트북을 엽니다. 127.0.0.1이 아닌 요청은 모두 막습니다. 서버는 테스트가 끝나면 끕니다.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab_notebook(tmp_path):
    if shutil.which("jupyter-lab") is None and not (Path(sys.executable).parent / "jupyter-lab").exists():
        pytest.skip("JupyterLab이 설치되어 있지 않습니다")
    import nbclient
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
                                          "from w2vlib.book import explore\nexplore.output_cost()")]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    nbformat.write(nb, tmp_path / "explorer.ipynb")          # 서명하지 않음: 막 받은 노트북과 같은 '신뢰 안 됨' 상태
    port, token = _free_port(), secrets.token_hex(16)
    lab = Path(sys.executable).parent / "jupyter-lab"
    proc = subprocess.Popen([str(lab) if lab.exists() else "jupyter-lab", "--no-browser", f"--port={port}",
                             "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
                             "--ServerApp.open_browser=False", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
                             "jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
                            + (["--allow-root"] if os.geteuid() == 0 else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("jupyter lab 서버가 90초 안에 뜨지 않았습니다")
                time.sleep(1)
        yield f"{base}/lab/tree/explorer.ipynb?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_jupyterlab_renders_and_drives_an_explorer(browser, lab_notebook):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    external = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(lab_notebook, wait_until="domcontentloaded", timeout=90_000)
    chart = page.locator(".jp-RenderedVegaCommon5, .vega-embed").first
    chart.wait_for(timeout=90_000)
    page.locator(".vega-embed svg text").first.wait_for(timeout=30_000)
    texts = lambda: " | ".join(page.locator(".vega-embed svg text").all_text_contents())  # noqa: E731
    assert "계산 비율: 1,666.7배" in texts()
    shots = ROOT / "_build" / "screenshots" / "explorers"
    shots.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-OutputArea-output").first.screenshot(path=str(shots / "jupyterlab_before.png"))
    page.evaluate("""() => { const el = document.querySelector('.vega-embed input[name="V"]');
        el.value = '1000000'; el.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.vega-embed svg text'))
        .some(t => t.textContent.includes('계산 비율: 166,666.7배'))""", timeout=15_000)
    page.locator(".jp-OutputArea-output").first.screenshot(path=str(shots / "jupyterlab_after.png"))
    page.close()
    assert not external, f"외부 요청: {external[:5]}"
