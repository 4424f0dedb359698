"""책 HTML 을 오프라인에서도 완전하게 만드는 제3자 자산(MathJax, require.js, 위젯 HTML 매니저, Vega)을 준비합니다.

버전은 pyproject.toml 의 ``[tool.w2vlib.book-assets]`` 한 곳에만 적혀 있습니다. ``npm pack`` 으로 패키지
tarball 하나씩만 받아(의존성 설치 없음) 필요한 파일만 ``_vendor/static/offline/`` (글꼴 사본은 ``_vendor/extra/``) 에 풉니다. 이 폴더는 git 에
올리지 않습니다. 이미 같은 버전이 준비되어 있으면 아무것도 받지 않습니다.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "_vendor" / "static" / "offline"
# 위젯 매니저는 아이콘 글꼴을 "페이지 기준" 상대 경로 @jupyter-widgets/html-manager/dist/ 에서 찾습니다.
# html_extra_path(_vendor/extra) 가 이 폴더를 책의 각 페이지 폴더 옆에 그대로 복사합니다.
EXTRA = ROOT / "_vendor" / "extra"
PAGE_DIRS = (".", "chapters")
WIDGET_FONTS = ("*.woff2", "*.woff", "*.ttf")

# 패키지 안의 경로 -> DEST 안의 경로. 폴더는 통째로 복사합니다.
LAYOUT = {
    "mathjax": {
        "es5/tex-mml-chtml.js": "mathjax/tex-mml-chtml.js",
        "es5/output/chtml/fonts/woff-v2": "mathjax/output/chtml/fonts/woff-v2",
        "es5/input/tex/extensions": "mathjax/input/tex/extensions",
        "es5/ui": "mathjax/ui",
        "es5/a11y": "mathjax/a11y",
        "LICENSE": "mathjax/LICENSE",
    },
    "requirejs": {"require.js": "require.js"},
    "@jupyter-widgets/html-manager": {"dist": "html-manager"},
    # 탐색기(w2vlib.explore)를 그리는 Vega 묶음: 탐색기가 있는 페이지만 읽습니다 (book_ext/vegalite_render.py)
    "vega": {"build/vega.min.js": "vega/vega.min.js"},
    "vega-lite": {"build/vega-lite.min.js": "vega/vega-lite.min.js", "LICENSE": "vega/LICENSE-vega-lite"},
    "vega-embed": {"build/vega-embed.min.js": "vega/vega-embed.min.js", "LICENSE": "vega/LICENSE-vega-embed"},
}


def _versions() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["w2vlib"]["book-assets"]


def main() -> int:
    versions = _versions()
    stamp = DEST / "versions.json"
    if stamp.exists() and json.loads(stamp.read_text()) == versions and EXTRA.is_dir():
        print(f"오프라인 자산이 이미 준비되어 있습니다: {DEST}")
        return 0
    if shutil.which("npm") is None:
        print("오류: 오프라인 자산을 받으려면 npm(Node.js)이 필요합니다. https://nodejs.org 에서 설치하세요.",
              file=sys.stderr)
        return 1
    tmp_dest = DEST.with_name(DEST.name + ".partial")
    shutil.rmtree(tmp_dest, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, version in versions.items():
            spec = f"{name}@{version}"
            print(f"npm pack {spec}")
            out = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp],
                                 check=True, capture_output=True, text=True).stdout.split()[-1]
            extract = Path(tmp) / name.replace("/", "_")
            with tarfile.open(Path(tmp) / out) as tar:
                tar.extractall(extract, filter="data")
            for src, dst in LAYOUT[name].items():
                s, d = extract / "package" / src, tmp_dest / dst
                d.parent.mkdir(parents=True, exist_ok=True)
                if s.is_dir():
                    shutil.copytree(s, d, ignore=shutil.ignore_patterns("*.map", "*.md"))
                else:
                    shutil.copy2(s, d)
    (tmp_dest / "versions.json").write_text(json.dumps(versions, indent=1))
    shutil.rmtree(DEST, ignore_errors=True)
    tmp_dest.rename(DEST)  # 완성된 폴더만 제자리에 놓습니다
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
    sys.exit(main())
