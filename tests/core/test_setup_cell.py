"""이슈 17, 5번: 노트북의 설치 셀이 ``w2vlib``이 없으면 저장소 주소로 ``w2vlib[book]``을, ``w2vlib``은 있는데 ``book``
선택 의존성이 빠졌으면 이름으로 ``w2vlib[book]``을 설치하고, 다 있으면 아무것도 하지 않는지.

가짜 환경에서 실행합니다: ``python -S`` (site-packages 없음)에 가짜 폴더 하나만 ``PYTHONPATH``로 주고, 그 폴더의
가짜 ``pip``는 받은 인자를 파일에 적기만 합니다. 가짜 ``w2vlib``의 메타데이터(dist-info)가 선택 의존성을 적습니다."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import add_setup_cell  # noqa: E402
import repo_config  # noqa: E402

URL_SPEC = "w2vlib[book] @ git+https://example.invalid/o/r@main"


def _dist(folder, name, requires=()):
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run_cell(tmp_path, *, w2vlib_requires=None, present=()):
    fake = tmp_path / "site"
    fake.mkdir()
    log = tmp_path / "pip-calls.json"
    (fake / "pip").mkdir()
    (fake / "pip" / "__init__.py").write_text("")
    (fake / "pip" / "__main__.py").write_text(
        f"import json, sys\nopen({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n")
    if w2vlib_requires is not None:
        (fake / "w2vlib").mkdir()
        (fake / "w2vlib" / "__init__.py").write_text("")
        _dist(fake, "w2vlib", w2vlib_requires)
    for name in present:
        _dist(fake, name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(fake)
    source = add_setup_cell.setup_cell_source(URL_SPEC)
    proc = subprocess.run([sys.executable, "-S", "-c", source + "\nprint(sorted(k for k in globals() if 'w2v' in k))"],
                          env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]" and proc.stderr == ""      # 노트북에 이름을 남기지 않고, 아무것도 출력 안 함
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return calls


BOOK = ['adjustText>=1.4; extra == "book"', 'gensim>=4.4; extra == "book"', 'numpy>=2.0']


def test_installs_from_the_repository_when_w2vlib_is_missing(tmp_path):
    assert _run_cell(tmp_path) == [["install", "-q", URL_SPEC]]


def test_installs_book_extra_by_name_when_w2vlib_is_there_but_extras_are_missing(tmp_path):
    calls = _run_cell(tmp_path, w2vlib_requires=BOOK, present=["adjustText"])     # gensim이 빠짐
    assert calls == [["install", "-q", "w2vlib[book]"]]


@pytest.mark.parametrize("present", [["adjustText", "gensim"], ["adjusttext", "Gensim"]])
def test_does_nothing_when_everything_is_installed(tmp_path, present):
    assert _run_cell(tmp_path, w2vlib_requires=[*BOOK, 'pytest; extra == "test"'], present=present) == []


def test_expected_cell_installs_the_book_extra_from_the_configured_repository():
    source = add_setup_cell.expected_source()
    assert json.dumps(repo_config.pip_spec(extra="book")) in source
    assert repo_config.pip_spec(extra="book").startswith("w2vlib[book] @ git+")
