"""최소 버전 검사: Colab과 같은 버전이 이미 설치된 새 가상환경에 w2vlib을 설치해도 그 버전들이 그대로이고,
단위 테스트와 4.1·4.2 노트북(strict nbval, 저장소 밖의 임시 폴더에서 실행)이 통과하는지 확인합니다.

PyPI에서 패키지를 받으므로 몇 분 걸립니다. 로컬에서만 ``W2VLIB_SKIP_MIN_VERSIONS=1``로 건너뛸 수 있고,
CI(환경 변수 ``CI``가 있을 때)에서는 건너뛰지 않습니다.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, find_real_ptb

sys.path.insert(0, str(ROOT / "tools"))
from add_setup_cell import setup_cell_source  # noqa: E402

# Colab에 미리 설치되어 있는 버전 (pyproject.toml의 하한이 이 버전들을 허용해야 합니다).
COLAB_PREINSTALLED = {
    "numpy": "2.0.2",
    "scipy": "1.14.1",
    "matplotlib": "3.10.0",
    "ipywidgets": "7.7.1",
    "tqdm": "4.67.1",
    "altair": "5.5.0",
}
# 테스트 도구: constraints.txt의 버전으로 설치하고, 이것도 미리 설치된 패키지를 바꾸면 안 됩니다.
TEST_TOOLS = ("pytest", "nbval", "hypothesis")
NOTEBOOKS = ("4_1_embedding.ipynb", "4_2_negative_sampling.ipynb")
# 단위 테스트가 아닌 것: 책 빌드·브라우저가 필요한 테스트와, 저장소 파일(tools/, README)을 검사하는 테스트.
NOT_UNIT = ("tools/test_min_versions.py", "book/test_book.py", "tools/test_repo_links.py", "tools/test_setup_cell.py")
BOOK_FIXTURES = ("built_html", "browser")

# 하위 pytest에 넣는 플러그인: 책·브라우저 fixture를 쓰는 테스트를 빼고, w2vlib이 저장소가 아니라 가상환경에서
# import 되는지 확인합니다.
PLUGIN = """
import re, pytest, w2vlib
VENV, BOOK_FIXTURES, BOOK_EXT = {args!r}
BOOK_IMPORT = re.compile(r"^\\s*(import|from)\\s+(sphinx|jupyter_book|myst_nb|myst_parser|playwright|book_ext|"
                         + "|".join(BOOK_EXT) + r")\\b", re.M)
def pytest_ignore_collect(collection_path, config):
    # 책 도구(book/test 추가 의존성)나 book_ext의 확장을 import 하는 테스트 파일은 Colab 환경의 단위 테스트가 아닙니다.
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return bool(BOOK_IMPORT.search(collection_path.read_text(encoding="utf-8"))) or None
    return None
def pytest_configure(config):
    if not w2vlib.__file__.startswith(VENV):
        raise pytest.UsageError("w2vlib이 가상환경이 아닌 곳에서 import 됩니다: " + w2vlib.__file__)
def pytest_collection_modifyitems(config, items):
    keep = [i for i in items if not set(getattr(i, "fixturenames", ())) & set(BOOK_FIXTURES)]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep
"""

pytestmark = pytest.mark.skipif(
    os.environ.get("W2VLIB_SKIP_MIN_VERSIONS") == "1" and not os.environ.get("CI"),
    reason="W2VLIB_SKIP_MIN_VERSIONS=1: 최소 버전 검사(새 가상환경, 몇 분, PyPI 필요)를 건너뜁니다. CI에서는 항상 실행합니다.")


def _locked(names) -> list[str]:
    """constraints.txt에서 ``names``의 고정 버전 줄들."""
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = {line.split("==")[0].lower(): line.strip() for line in lines if "==" in line and not line.startswith("#")}
    return [pins[n.lower()] for n in names]


def _run(cmd, *, env, cwd, timeout=900) -> str:
    proc = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"실패 ({proc.returncode}): {' '.join(map(str, cmd))}\n" + "\n".join(
        out.splitlines()[-80:])
    return out


def _freeze(python, env, cwd) -> dict[str, str]:
    """설치된 패키지 -> 버전 (직접 주소로 설치된 것은 ``@ 주소``)."""
    out = _run([python, "-m", "pip", "freeze", "--all"], env=env, cwd=cwd)
    found = {}
    for line in out.splitlines():
        sep = "==" if "==" in line else " @ " if " @ " in line else None
        if sep and not line.startswith("#"):
            name, version = line.split(sep, 1)
            found[name.strip().lower()] = version.strip() if sep == "==" else "@ " + version.strip()
    return found


@pytest.fixture(scope="module")
def colab_env(tmp_path_factory):
    """Colab 버전을 미리 설치한 가상환경에 w2vlib(비편집 설치)과 테스트 도구를 설치합니다."""
    scratch = tmp_path_factory.mktemp("colab")
    venv = scratch / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["OPENBLAS_NUM_THREADS"] = "1"
    ptb_dir = find_real_ptb()
    if ptb_dir is not None:
        env["W2VLIB_PTB_DIR"] = str(ptb_dir)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, *(f"{n}=={v}" for n, v in COLAB_PREINSTALLED.items())], env=env, cwd=scratch)
    before = _freeze(python, env, scratch)

    # 노트북의 설치 셀과 같은 코드로 설치합니다 (numpy를 먼저 import 한 Colab의 상태에서, 다시 시작 없이 import).
    # 저장소를 직접 빌드하면 저장소 안에 build/ 가 생기므로 패키지에 필요한 파일만 복사해 둡니다.
    src = scratch / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "w2vlib", src / "w2vlib", ignore=shutil.ignore_patterns("__pycache__"))
    cell = setup_cell_source(f"w2vlib[book] @ {src.as_uri()}")   # 노트북처럼 book 선택 의존성까지
    probe = (f"import numpy\n{cell}\nimport w2vlib, w2vlib.models, matplotlib, ipywidgets, gensim, adjustText\n"
             f"print('W2VLIB_FILE=' + w2vlib.__file__)")
    out = _run([python, "-c", probe], env=env, cwd=scratch)
    installed_at = next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith("W2VLIB_FILE="))
    after_package = _freeze(python, env, scratch)

    _run([*pip, *_locked(TEST_TOOLS)], env=env, cwd=scratch)
    after_tools = _freeze(python, env, scratch)
    return {"scratch": scratch, "venv": venv, "python": python, "env": env, "before": before,
            "after_package": after_package, "after_tools": after_tools, "installed_at": installed_at}


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [f"{n} {v} -> {after.get(n, '제거됨')}" for n, v in before.items() if after.get(n) != v]


def test_install_keeps_preinstalled_versions(colab_env):
    before = colab_env["before"]
    for name, version in COLAB_PREINSTALLED.items():
        assert before[name] == version  # 미리 설치가 정말 그 버전인지
    assert _changed(before, colab_env["after_package"]) == []
    assert colab_env["after_package"]["w2vlib"].startswith("@ file:")  # 노트북 설치 셀이 설치한 것
    assert colab_env["installed_at"].startswith(str(colab_env["venv"]))
    assert _changed(before, colab_env["after_tools"]) == []


def test_unit_tests_pass_with_min_versions(colab_env):
    plugin_dir = colab_env["scratch"] / "plugin"
    plugin_dir.mkdir(exist_ok=True)
    book_ext = tuple(sorted(p.stem for p in (ROOT / "book_ext").glob("*.py")))   # 책 확장 모듈 (빌드 의존성)
    plugin = PLUGIN.format(args=(str(colab_env["venv"]), BOOK_FIXTURES, book_ext))
    (plugin_dir / "min_versions_plugin.py").write_text(plugin, encoding="utf-8")
    env = dict(colab_env["env"], PYTHONPATH=str(plugin_dir))
    ignores = [f"--ignore={ROOT / 'tests' / name}" for name in NOT_UNIT]
    # pytest 실행 파일로 돌립니다 (python -m pytest와 달리 현재 폴더를 sys.path에 넣지 않음).
    out = _run([colab_env["venv"] / "bin" / "pytest", ROOT / "tests", *ignores, "-p", "min_versions_plugin",
                "-p", "no:cacheprovider", "-q"], env=env, cwd=colab_env["scratch"])
    assert " passed" in out.splitlines()[-1], out[-2000:]


def test_notebooks_pass_strict_nbval_outside_repo(colab_env):
    folder = colab_env["scratch"] / "notebooks"  # 저장소 밖: 노트북이 어느 폴더에서도 실행되는지
    folder.mkdir(exist_ok=True)
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "chapters" / name, folder / name)
    shutil.copy2(ROOT / "tools" / "nbval_sanitize.cfg", folder / "nbval_sanitize.cfg")
    out = _run([colab_env["python"], "-m", "pytest", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                "nbval_sanitize.cfg", "-p", "no:cacheprovider", "-q", *NOTEBOOKS], env=colab_env["env"], cwd=folder)
    assert " passed" in out.splitlines()[-1] and "failed" not in out.splitlines()[-1], out[-2000:]
