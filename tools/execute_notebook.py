"""노트북을 실행해 출력(실행 번호, 위젯 상태 포함)을 제자리에 저장합니다. 저자용 도구.

    python tools/execute_notebook.py chapters/4_1_embedding.ipynb [...]

저장된 출력은 ``pytest --nbval`` (strict)가 다시 실행해 비교하는 기준이 됩니다.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbclient
import nbformat


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=1800, store_widget_state=True, record_timing=False,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    if not _has_widgets(nb):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"{path}: {time.perf_counter() - start:.1f} s")


def _has_widgets(nb) -> bool:
    return any("application/vnd.jupyter.widget-view+json" in out.get("data", {})
               for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", []))


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    for arg in sys.argv[1:]:
        execute(Path(arg))
