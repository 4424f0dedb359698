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
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    if not _has_widgets(nb):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"{path}: {time.perf_counter() - start:.1f} s")


def coalesce_streams(outputs: list) -> list:
    """이어지는 같은 이름(stdout/stderr)의 스트림 출력을 하나로 합치고, 줄마다 마지막 ``\\r`` 뒤의 글자만 남깁니다.

    텍스트 진행 막대(tqdm)는 ``\\r``로 같은 줄을 수백 번 다시 쓰고, 커널은 그 갱신을 출력 하나씩으로 보냅니다.
    화면에 남는 것(마지막 상태 한 줄)만 저장합니다.
    """
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    for out in merged:
        if out.get("output_type") == "stream" and "\r" in out["text"]:
            lines = out["text"].split("\n")
            out["text"] = "\n".join(next((part for part in reversed(line.split("\r")) if part), "")
                                    for line in lines)
    return merged


def _has_widgets(nb) -> bool:
    return any("application/vnd.jupyter.widget-view+json" in out.get("data", {})
               for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", []))


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.path.insert(0, str(Path(__file__).parent))
    from cpu_features import reproducible_env
    os.environ.update(reproducible_env(os.environ))   # tools/_venv.sh와 같이: CPU 종류와 상관없이 같은 출력
    for arg in sys.argv[1:]:
        execute(Path(arg))
