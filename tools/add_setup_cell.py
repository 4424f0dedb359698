"""모든 장 노트북의 제목 셀 바로 다음에 w2vlib 설치 셀을 넣거나 최신으로 고칩니다.

    python tools/add_setup_cell.py            # 넣기/고치기 (다른 셀과 출력은 건드리지 않음)
    python tools/add_setup_cell.py --check    # 검사만: 없거나 주소가 다른 노트북이 있으면 종료 코드 1

설치 셀은 ``w2vlib``을 찾지 못할 때(Colab, 책에서 내려받은 노트북)만 ``_config.yml``의 저장소에서 pip으로
설치하고, 이미 있으면 아무것도 출력하지 않습니다 (strict nbval과 책 출력이 그대로). 설치 뒤
``importlib.invalidate_caches()``로 같은 커널에서 바로 import 되므로 런타임을 다시 시작할 필요가 없습니다.
이미 설치된 numpy 등은 pyproject.toml의 범위를 만족하면 바꾸지 않습니다. 책 HTML에서는 셀 태그
``remove-cell``로 숨깁니다 (읽는 사람에게는 필요 없는 셀).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import repo_config  # noqa: E402

CELL_ID = "w2vlib-setup"
TAGS = ["remove-cell"]


EXTRAS = {"4_5_korean": ("korean", "mecab", "한국어 형태소 분석기")}
"""노트북 이름 → (w2vlib의 선택 의존성, 그것이 있는지 확인할 모듈, 설명): 이 노트북의 설치 셀은 그것도 설치합니다."""


def setup_cell_source(spec: str, extra: tuple[str, str, str] | None = None) -> str:
    """설치 셀의 코드. ``spec``은 pip 요구 사항 (예: ``w2vlib @ git+https://github.com/o/r@main``).

    ``extra`` (:data:`EXTRAS`의 값)가 있으면 ``w2vlib[extra]``를 설치하고, w2vlib이 이미 있어도 그 모듈이 없으면
    설치합니다 (pip은 이미 있는 패키지가 범위를 만족하면 바꾸지 않습니다).
    """
    if extra is None:
        what, check = "w2vlib이", 'importlib.util.find_spec("w2vlib") is None'
    else:
        name, module, label = extra
        spec = spec.replace("w2vlib @", f"w2vlib[{name}] @", 1)
        what = f"w2vlib이나 {label}(선택 의존성 {name})가"
        check = f'importlib.util.find_spec("w2vlib") is None or importlib.util.find_spec("{module}") is None'
    return f'''# 설정: {what} 없을 때(Colab 등)만 저장소에서 설치합니다. 이미 있으면 아무것도 하지 않습니다.
import importlib, importlib.util, subprocess, sys
if {check}:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {json.dumps(spec)}], check=True)
    importlib.invalidate_caches()  # 다시 시작하지 않고 바로 import 할 수 있게 합니다'''


def expected_source(root: Path = repo_config.ROOT, notebook: Path | None = None) -> str:
    """``notebook``의 설치 셀 코드 (노트북마다 :data:`EXTRAS`가 다를 수 있음)."""
    extra = EXTRAS.get(Path(notebook).stem) if notebook is not None else None
    return setup_cell_source(repo_config.pip_spec(root), extra)


def _find(nb) -> int | None:
    for i, cell in enumerate(nb.cells):
        if cell.get("id") == CELL_ID:
            return i
    return None


def apply(path: Path, source: str) -> bool:
    """``path`` 노트북에 설치 셀을 두 번째 셀로 넣거나 고칩니다. 바뀌었으면 True."""
    nb = nbformat.read(path, as_version=4)
    i = _find(nb)
    if i is not None:
        cell = nb.cells[i]
        if cell.source == source and cell.metadata.get("tags") == TAGS and i == 1:
            return False
        cell.source = source
        cell.metadata["tags"] = list(TAGS)
        if i != 1:
            nb.cells.insert(1, nb.cells.pop(i))
    else:
        if not (nb.cells and nb.cells[0].cell_type == "markdown" and nb.cells[0].source.lstrip().startswith("# ")):
            raise SystemExit(f"오류: {path}의 첫 셀이 '# 제목' 마크다운 셀이 아닙니다.")
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(TAGS)})
        cell["id"] = CELL_ID
        nb.cells.insert(1, cell)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return True


def problems(root: Path = repo_config.ROOT) -> list[str]:
    """설치 셀이 없거나, 두 번째 셀이 아니거나, 내용이 설정과 다른 장 노트북들 (빈 목록이면 모두 정상)."""
    found = []
    for path in repo_config.chapter_notebooks(root):
        source = expected_source(root, path)
        nb = nbformat.read(path, as_version=4)
        i = _find(nb)
        name = path.relative_to(root).as_posix()
        if i is None:
            found.append(f"{name}: 설치 셀이 없습니다")
        elif i != 1:
            found.append(f"{name}: 설치 셀이 제목 바로 다음(두 번째 셀)이 아닙니다")
        elif nb.cells[i].source != source or nb.cells[i].metadata.get("tags") != TAGS:
            found.append(f"{name}: 설치 셀의 내용·태그가 _config.yml의 저장소 설정과 다릅니다")
    return found


def main(argv: list[str]) -> int:
    root = repo_config.ROOT
    if argv == ["--check"]:
        found = problems(root)
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print("python tools/add_setup_cell.py로 고치세요.", file=sys.stderr)
        return 1 if found else 0
    if argv:
        print("사용법: python tools/add_setup_cell.py [--check]", file=sys.stderr)
        return 2
    for path in repo_config.chapter_notebooks(root):
        changed = apply(path, expected_source(root, path))
        print(f"{'고침' if changed else '그대로'}: {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
