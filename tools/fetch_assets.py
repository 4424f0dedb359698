"""책 HTML을 오프라인에서도 완전하게 만드는 제3자 자산(require.js, 위젯 HTML 매니저, Vega)을 준비합니다.

수식은 빌드할 때 MathML로 바뀌므로 (``book_ext/mathml_render.py``) 수식 조판 스크립트는 받지 않습니다. 그 확장이
책의 수식에 쓰인 글자만 남긴 작은 수학 글꼴을 만드는 원본(Noto Sans Math)은 페이지에 그대로 싣지 않으므로
``_vendor/build/``에 둡니다 (LAYOUT에서 ``build:``로 시작하는 대상).

버전은 pyproject.toml의 ``[tool.w2vlib.book-assets]`` 한 곳에만 적혀 있습니다. Node.js/npm 없이, npm 레지스트리에서
패키지 tarball 하나씩만 HTTPS로 받아(의존성 설치 없음) ``tools/book_assets.lock.json``에 고정된 sha512
(``dist.integrity``)와 맞는지 확인한 뒤, 필요한 파일만 ``_vendor/static/offline/`` (글꼴 사본은 ``_vendor/extra/``)에
풉니다. 이 폴더는 git에 올리지 않습니다. 이미 같은 버전이 준비되어 있으면 아무것도 받지 않습니다.

자산을 추가하거나 버전을 바꾸면 ``python tools/fetch_assets.py --lock``으로 잠금 파일에 tarball 주소와 해시를
적습니다 (레지스트리의 메타데이터를 읽어 옵니다). 그 뒤의 빌드는 잠금 파일과 다른 tarball을 거부합니다.
"""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "_vendor" / "static" / "offline"
# 위젯 매니저는 아이콘 글꼴을 "페이지 기준" 상대 경로 @jupyter-widgets/html-manager/dist/ 에서 찾습니다.
# html_extra_path(_vendor/extra)가 이 폴더를 책의 각 페이지 폴더 옆에 그대로 복사합니다.
EXTRA = ROOT / "_vendor" / "extra"
# 빌드할 때만 읽고 책에 그대로 싣지 않는 파일 (html_static_path 밖)
BUILD_INPUTS = ROOT / "_vendor" / "build"
BUILD_PREFIX = "build:"
PAGE_DIRS = (".", "chapters")
WIDGET_FONTS = ("*.woff2", "*.woff", "*.ttf")
LOCK = ROOT / "tools" / "book_assets.lock.json"
REGISTRY = "https://registry.npmjs.org"

# 패키지 안의 경로 -> DEST 안의 경로. 폴더는 통째로 복사합니다.
LAYOUT = {
    "requirejs": {"require.js": "require.js"},
    "@jupyter-widgets/html-manager": {"dist": "html-manager"},
    # 탐색기(w2vlib.book.explore)를 그리는 Vega 묶음: 탐색기가 있는 페이지만 읽습니다 (book_ext/vegalite_render.py)
    "vega": {"build/vega.min.js": "vega/vega.min.js"},
    "vega-lite": {"build/vega-lite.min.js": "vega/vega-lite.min.js", "LICENSE": "vega/LICENSE-vega-lite"},
    # 수학 글꼴 원본 (OpenType MATH 표가 있는 Noto Sans Math): book_ext/mathml_render.py가 책의 수식에 쓰인 글자만
    # 남긴 부분 글꼴(약 20 KB)을 만들어 수식이 있는 페이지에만 싣습니다
    "@fontsource/noto-sans-math": {"files/noto-sans-math-latin-400-normal.woff": "build:math-font/NotoSansMath.woff",
                                   "LICENSE": "build:math-font/LICENSE"},
}


def _versions() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["w2vlib"]["book-assets"]


def _get(url: str) -> bytes:
    """``url``의 내용 (일시적인 네트워크 오류는 세 번까지 다시 시도)."""
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=120) as resp:
                return resp.read()
        except OSError as err:  # URLError, 시간 초과, 연결 끊김
            if attempt == 2:
                raise SystemExit(f"오류: {url}을(를) 받지 못했습니다: {err}") from err
            time.sleep(2 * (attempt + 1))
    raise AssertionError("도달하지 않음")


def _integrity(data: bytes) -> str:
    """npm의 ``dist.integrity`` 형식(``sha512-<base64>``) 해시."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _read_lock() -> dict[str, dict[str, str]]:
    return json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}


def update_lock(versions: dict[str, str]) -> int:
    """레지스트리 메타데이터에서 각 ``이름@버전``의 tarball 주소와 sha512를 읽어 잠금 파일에 적습니다."""
    old = _read_lock()
    lock = {}
    for name, version in versions.items():
        spec = f"{name}@{version}"
        if spec in old:
            lock[spec] = old[spec]
            continue
        meta = json.loads(_get(f"{REGISTRY}/{urllib.parse.quote(name, safe='@')}/{version}"))
        integrity = meta["dist"].get("integrity", "")
        if not integrity.startswith("sha512-"):
            raise SystemExit(f"오류: {spec}의 레지스트리 메타데이터에 sha512 integrity가 없습니다.")
        lock[spec] = {"tarball": meta["dist"]["tarball"], "integrity": integrity}
        print(f"잠금 파일에 추가: {spec} {integrity[:20]}...")
    LOCK.write_text(json.dumps(lock, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"잠금 파일을 썼습니다: {LOCK}")
    return 0


def _extract_safely(tar: tarfile.TarFile, dest: Path) -> None:
    """tarball을 ``dest`` 안에만 풉니다. Python 3.11.4 이상은 표준 ``filter="data"``를 쓰고, 그보다 오래된 3.11 (예: Debian 12의
    3.11.2에는 ``filter`` 인자가 없음)에서는 ``dest`` 밖을 가리키는 이름(절대 경로, ``..``)을 거부하고 보통 파일과 폴더만 풉니다
    (링크·장치 파일은 건너뜀: 책의 자산에는 없음)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
        return
    root = dest.resolve()
    members = []
    for member in tar.getmembers():
        target = (dest / member.name).resolve()
        if target != root and root not in target.parents:
            raise ValueError(f"tarball의 항목 {member.name!r}이 풀 폴더 밖을 가리킵니다.")
        if member.isfile() or member.isdir():
            members.append(member)
    tar.extractall(dest, members=members)


def main(argv: list[str]) -> int:
    versions = _versions()
    if argv == ["--lock"]:
        return update_lock(versions)
    if argv:
        print("사용법: python tools/fetch_assets.py [--lock]", file=sys.stderr)
        return 2
    stamp = DEST / "versions.json"
    needs_build_inputs = any(dst.startswith(BUILD_PREFIX) for name in versions for dst in LAYOUT[name].values())
    if (stamp.exists() and json.loads(stamp.read_text()) == versions and EXTRA.is_dir()
            and (BUILD_INPUTS.is_dir() or not needs_build_inputs)):
        print(f"오프라인 자산이 이미 준비되어 있습니다: {DEST}")
        return 0
    lock = _read_lock()
    missing = [f"{n}@{v}" for n, v in versions.items() if f"{n}@{v}" not in lock]
    if missing:
        print(f"오류: {LOCK.name}에 {', '.join(missing)}의 해시가 없습니다. "
              "python tools/fetch_assets.py --lock으로 추가하세요.", file=sys.stderr)
        return 1
    tmp_dest = DEST.with_name(DEST.name + ".partial")
    tmp_build = BUILD_INPUTS.with_name(BUILD_INPUTS.name + ".partial")
    shutil.rmtree(tmp_dest, ignore_errors=True)
    shutil.rmtree(tmp_build, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, version in versions.items():
            spec = f"{name}@{version}"
            entry = lock[spec]
            print(f"받는 중: {entry['tarball']}")
            data = _get(entry["tarball"])
            if _integrity(data) != entry["integrity"]:
                print(f"오류: {spec} tarball의 sha512가 {LOCK.name}과 다릅니다 (손상되었거나 바뀐 파일).",
                      file=sys.stderr)
                return 1
            out = Path(tmp) / (name.replace("/", "_") + ".tgz")
            out.write_bytes(data)
            extract = Path(tmp) / name.replace("/", "_")
            with tarfile.open(out) as tar:
                _extract_safely(tar, extract)
            top = extract / "package"  # npm tarball의 최상위 폴더 (거의 언제나 package/)
            if not top.is_dir():
                (top,) = [d for d in extract.iterdir() if d.is_dir()]
            for src, dst in LAYOUT[name].items():
                s = top / src
                d = tmp_build / dst.removeprefix(BUILD_PREFIX) if dst.startswith(BUILD_PREFIX) else tmp_dest / dst
                d.parent.mkdir(parents=True, exist_ok=True)
                if s.is_dir():
                    shutil.copytree(s, d, ignore=shutil.ignore_patterns("*.map", "*.md"))
                else:
                    shutil.copy2(s, d)
    (tmp_dest / "versions.json").write_text(json.dumps(versions, indent=1))
    shutil.rmtree(DEST, ignore_errors=True)
    tmp_dest.rename(DEST)  # 완성된 폴더만 제자리에 놓습니다
    if tmp_build.is_dir():
        shutil.rmtree(BUILD_INPUTS, ignore_errors=True)
        tmp_build.rename(BUILD_INPUTS)
    shutil.rmtree(EXTRA, ignore_errors=True)
    for page_dir in PAGE_DIRS:
        fonts = EXTRA / page_dir / "@jupyter-widgets" / "html-manager" / "dist"
        fonts.mkdir(parents=True)
        for pattern in WIDGET_FONTS:
            for f in (DEST / "html-manager").glob(pattern):
                shutil.copy2(f, fonts / f.name)
    print(f"오프라인 자산 준비 완료: {DEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
