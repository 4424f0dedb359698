"""``_config.yml``의 ``repository:`` 설정 하나에서 나오는 주소들 (Colab 링크, README 배지, pip 설치 주소).

책의 "Colab에서 열기" 버튼은 sphinx-book-theme가 같은 설정으로 만들고, 이 모듈은 README 배지
(``tools/readme_badges.py``)와 노트북 설정 셀(``tools/add_setup_cell.py``), 그리고 그 둘과 책 페이지를 검사하는
테스트가 씁니다.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
COLAB = "https://colab.research.google.com"


def repository(root: Path = ROOT) -> dict[str, str]:
    """``{"url", "branch", "path_to_book"}`` (url 끝의 ``/``와 ``.git``은 떼고, path_to_book은 앞뒤 ``/`` 없이)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = str(repo.get("url", "")).rstrip("/").removesuffix(".git")
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.netloc != "github.com" or len(parsed.path.strip("/").split("/")) != 2:
        raise ValueError(f"_config.yml의 repository.url은 https://github.com/<조직>/<저장소> 형식이어야 합니다: {url!r}")
    return {"url": url, "branch": str(repo.get("branch") or "main"),
            "path_to_book": str(repo.get("path_to_book") or "").strip("/")}


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """``_toc.yml``에 실린 노트북(.ipynb) 장들, 목차 순서대로."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])]
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").is_file()]


def repo_path(notebook: Path, root: Path = ROOT) -> str:
    """저장소 안에서 노트북의 경로 (``path_to_book`` 포함), 예: ``chapters/4_1_embedding.ipynb``."""
    rel = notebook.resolve().relative_to(root.resolve()).as_posix()
    book = repository(root)["path_to_book"]
    return f"{book}/{rel}" if book else rel


def colab_url(notebook: Path, root: Path = ROOT) -> str:
    """GitHub의 노트북을 Colab에서 여는 주소 (sphinx-book-theme의 Colab 버튼과 같은 형식)."""
    repo = repository(root)
    org_repo = urlparse(repo["url"]).path.strip("/")
    return f"{COLAB}/github/{org_repo}/blob/{repo['branch']}/{repo_path(notebook, root)}"


def pip_spec(root: Path = ROOT, extra: str | None = None) -> str:
    """저장소에서 w2vlib을 설치하는 pip 요구 사항, 예: ``w2vlib @ git+https://github.com/o/r@main``
    (``extra="book"``이면 ``w2vlib[book] @ …``: 선택 의존성까지)."""
    repo = repository(root)
    spec = f"w2vlib{f'[{extra}]' if extra else ''} @ git+{repo['url']}@{repo['branch']}"
    # pyproject.toml은 책과 같은 폴더에 있습니다: 책이 하위 폴더에 있으면 pip에 그 폴더를 알려 줍니다.
    return spec + (f"#subdirectory={repo['path_to_book']}" if repo["path_to_book"] else "")
