"""모든 장 노트북의 제목 셀 바로 다음에 w2vlib 설치 셀을 넣거나 최신으로 고칩니다.

    python tools/add_setup_cell.py            # 넣기/고치기 (다른 셀과 출력은 건드리지 않음)
    python tools/add_setup_cell.py --check    # 검사만: 없거나 주소가 다른 노트북이 있으면 종료 코드 1

설치 셀은 ``w2vlib``을 찾지 못할 때(Colab, 책에서 내려받은 노트북)만 ``_config.yml``의 저장소에서 pip으로
``w2vlib[book]``(노트북에 필요한 그림·위젯·평가 데이터 패키지까지)을 설치하고, ``w2vlib``은 있는데 ``book`` 선택
의존성이 빠졌으면 ``pip install "w2vlib[book]"``으로 그것만 채웁니다. 다 있으면 아무것도 출력하지 않습니다 (strict nbval과 책 출력이 그대로). 설치 뒤
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


EXTRAS = {"4_5_korean": ("book", "korean")}
"""노트북 이름 → 그 노트북의 설치 셀이 설치하는 w2vlib의 선택 의존성 (없는 노트북은 ``("book",)``)."""


def setup_cell_source(spec: str, extras: tuple[str, ...] = ("book",)) -> str:
    """설치 셀의 코드. ``spec``은 저장소에서 설치하는 pip 요구 사항 (예: ``w2vlib[book] @ git+https://github.com/o/r@main``).

    ``w2vlib``이 없으면 ``spec``으로 설치하고, ``w2vlib``은 있는데 ``extras`` 선택 의존성(설치된 w2vlib의 메타데이터에
    적힌 패키지) 가운데 빠진 것이 있으면 이름으로 ``pip install "w2vlib[…]"``을 합니다 (설치된 w2vlib은 그대로 두고
    빠진 패키지만 설치). 모두 있으면 아무것도 하지 않고 아무것도 출력하지 않습니다. 이름은 함수 안에만 둡니다."""
    names = ",".join(extras)
    pattern = extras[0] if len(extras) == 1 else "(" + "|".join(extras) + ")"
    return f'''# 설정: w2vlib과 노트북에 필요한 패키지(w2vlib[{names}])가 없을 때(Colab 등)만 설치합니다. 다 있으면 아무것도 하지 않습니다.
def _w2vlib_setup(spec):
    import importlib, importlib.metadata as md, importlib.util, re, subprocess, sys

    def installed(name):
        try:
            return bool(md.version(name))
        except md.PackageNotFoundError:
            return False

    if importlib.util.find_spec("w2vlib") is not None:
        requires = md.requires("w2vlib") if installed("w2vlib") else []  # 설치하지 않은 소스 폴더면 확인하지 않음
        book = [re.match(r"[\\w.-]+", r)[0] for r in requires or [] if re.search(r"extra *== *.{pattern}.", r)]
        if all(map(installed, book)):
            return
        spec = "w2vlib[{names}]"  # 이미 있는 w2vlib은 그대로 두고, 빠진 패키지만 설치합니다
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", spec], check=True)
    importlib.invalidate_caches()  # 다시 시작하지 않고 바로 import 할 수 있게 합니다
_w2vlib_setup({json.dumps(spec)})
del _w2vlib_setup'''


def expected_source(root: Path = repo_config.ROOT, notebook: Path | None = None) -> str:
    """``notebook``의 설치 셀 코드 (노트북마다 :data:`EXTRAS`가 다를 수 있음)."""
    extras = EXTRAS.get(Path(notebook).stem, ("book",)) if notebook is not None else ("book",)
    return setup_cell_source(repo_config.pip_spec(root, extra=",".join(extras)), extras)


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
