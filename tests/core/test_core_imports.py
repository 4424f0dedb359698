"""이슈 17, 1·5번: 핵심 패키지는 numpy·scipy·tqdm만으로 돌아갑니다 — 핵심 모듈을 import 해도 그림·위젯·gensim이
올라오지 않고, pyproject.toml의 핵심 의존성은 그 셋뿐이며, 선택 의존성은 쓰임새대로 나뉩니다."""
from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import ROOT

CORE_MODULES = ("w2vlib", "w2vlib.models", "w2vlib.trainer", "w2vlib.layers", "w2vlib.optimizers", "w2vlib.sampling",
                "w2vlib.negative_sampling", "w2vlib.hierarchical_softmax", "w2vlib.text", "w2vlib.ptb",
                "w2vlib.vectors_io", "w2vlib.evaluation", "w2vlib.config", "w2vlib.corpora", "w2vlib.cli",
                "w2vlib.train")
BOOK_ONLY = ("matplotlib", "ipywidgets", "gensim", "IPython", "adjustText", "koreanize_matplotlib", "altair")


def test_core_modules_load_no_book_dependencies():
    code = (f"import sys\nimport {', '.join(CORE_MODULES)}\n"
            f"print(sorted(m for m in {BOOK_ONLY!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_core_modules_import_when_book_dependencies_are_missing(tmp_path):
    """그림·위젯·gensim을 import 하면 실패하는 환경 (meta path의 차단기)에서도 핵심 모듈과 명령줄 도움말이 됩니다."""
    code = f"""import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BOOK_ONLY!r}:
            raise ImportError("차단: " + name)
sys.meta_path.insert(0, Block())
import {', '.join(CORE_MODULES)}
from w2vlib.cli import build_parser
build_parser().format_help()
print("ok")"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def _names(requirements):
    return {r.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
            for r in requirements}


def test_pyproject_core_and_extras():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _names(project["dependencies"]) == {"numpy", "scipy", "tqdm"}
    extras = project["optional-dependencies"]
    assert {"matplotlib", "ipywidgets", "koreanize-matplotlib", "adjusttext", "gensim"} <= _names(extras["book"])
    assert "jupyter-book" in _names(extras["build"]) and not _names(extras["build"]) & _names(extras["book"])
    self_extras = [set(r.split("[", 1)[1].split("]", 1)[0].split(",")) for r in extras["test"] if r.startswith("w2vlib[")]
    assert len(self_extras) == 1 and {"book", "build"} <= self_extras[0], extras["test"]  # 테스트는 책과 빌드를 모두 씀
