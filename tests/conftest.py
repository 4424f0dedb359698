"""테스트 공용 도구: 실제 PTB 폴더 찾기, 책 빌드(세션마다 한 번), 헤드리스 Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from w2vlib import ptb

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PTB_NAMES = ("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt")
_ORIGINAL_PTB_DIR = os.environ.get(ptb.ENV_DIR)  # 테스트의 monkeypatch 전에 읽어 둡니다


def find_shared_data(env_value: str | None, folder: str, names) -> Path | None:
    """환경 변수의 값 ``env_value`` (없으면 저장소 옆 ../shared/data/<folder>, CI와 같은 위치) 가운데 파일
    ``names``가 모두 있는 첫 폴더. 환경 변수는 테스트의 monkeypatch 전에 읽어 둔 값을 주세요."""
    candidates = [Path(env_value).expanduser()] if env_value else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "data" / folder)
    for candidate in candidates:
        if all((candidate / n).is_file() for n in names):
            return candidate
    return None


def find_real_ptb() -> Path | None:
    """``W2VLIB_PTB_DIR`` (없으면 저장소 옆 ../shared/data/ptb, CI와 같은 위치)에서 PTB 세 파일이 있는 폴더."""
    return find_shared_data(_ORIGINAL_PTB_DIR, "ptb", PTB_NAMES)


@pytest.fixture(scope="session")
def real_ptb_dir() -> Path:
    """실제 PTB 폴더. 없으면 이유를 밝히고 건너뜁니다."""
    folder = find_real_ptb()
    if folder is None:
        pytest.skip(f"PTB 폴더가 없습니다: {ptb.ENV_DIR} 환경 변수를 ptb.train/valid/test.txt가 있는 폴더로 "
                    "설정하세요 (CI는 ../shared/data/ptb).")
    return folder


@pytest.fixture(scope="session")
def ptb_train(real_ptb_dir):
    """실제 PTB train: (corpus, word_to_id, id_to_word)."""
    mp = pytest.MonkeyPatch()
    mp.setenv(ptb.ENV_DIR, str(real_ptb_dir))
    try:
        return ptb.load_data("train")
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def built_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    subprocess.run([sys.executable, str(ROOT / "tools" / "fetch_assets.py")], check=True, cwd=ROOT)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = os.environ.get("W2VLIB_BOOK_EXECUTE", "off")
    # local_extensions 경로는 설정 파일 위치 기준으로 풀리므로, 임시 폴더로 옮긴 설정에서는 절대 경로로 바꿉니다.
    local_extensions = config.get("sphinx", {}).get("local_extensions") or {}
    for name, path in local_extensions.items():
        local_extensions[name] = str((ROOT / path).resolve())
    config_path = out / "_config.yml"
    # sort_keys=False: nb_ipywidgets_js의 순서(require.js 먼저)가 바뀌면 위젯이 그려지지 않습니다.
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proc = subprocess.run(["jupyter-book", "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out),
                           "--config", str(config_path)], capture_output=True, text=True, cwd=ROOT)
    log = proc.stdout + proc.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line and "Kernel is running over TCP" not in line]
    assert proc.returncode == 0 and not warnings, "책 빌드 실패 또는 경고:\n" + "\n".join(warnings or log.splitlines()[-60:])
    return out / "_build" / "html"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def playwright_session():
    """세션에 하나뿐인 playwright (sync API는 한 스레드에서 동시에 둘을 띄울 수 없습니다). 브라우저는 이것으로 띄웁니다."""
    if CHROMIUM is None:
        if os.environ.get("W2VLIB_REQUIRE_BROWSER") == "1":
            pytest.fail("W2VLIB_REQUIRE_BROWSER=1인데 chromium이 없습니다 (apt-get install chromium fonts-noto-cjk)")
        pytest.skip("chromium이 없어 브라우저 검사를 건너뜁니다 (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session):
    b = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


# --- 빠른 길: pytest -m "not slow" ---------------------------------------------------------------------------------
# 느린 테스트에 slow 표시를 붙입니다: 책 빌드·브라우저(fixture built_html, browser), 실제 PTB로 학습하거나
# 명령줄 학습·하위 프로세스를 띄우는 파일과 테스트, 최소 버전 가상환경, 노트북 strict nbval. CI(bash tools/test.sh)는 모두 실행합니다.
SLOW_FIXTURES = {"built_html", "browser", "playwright_session", "ptb_train"}
SLOW_FILES = {"test_cli.py", "test_training.py", "test_min_versions.py", "test_chunked_losses.py",
              "test_speedup_steps.py", "test_module_state.py", "test_core_imports.py"}
SLOW_TESTS = {"test_cli_trains_one_epoch_with_hs", "test_training_time_line_and_evaluation_lines_keep_their_format",
              "test_train_word2vec_peak_memory_is_below_the_context_matrix",
              "test_killed_writer_leaves_no_file_and_stale_parts_are_cleaned"}   # 하위 프로세스로 학습·종료하는 테스트


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: 책 빌드·브라우저·학습·최소 버전·노트북 검사 (빠른 길 pytest -m \"not slow\"에서 빠짐)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path
        if (path.suffix == ".ipynb" or path.name in SLOW_FILES or getattr(item, "originalname", None) in SLOW_TESTS
                or SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)
