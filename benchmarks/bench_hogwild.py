"""이슈 20의 행: CBOW-NS, skip-gram-NS, CBOW-HS를 workers 1·2로, w2vlib과 gensim을 같은 PTB·같은 설정으로 번갈아 잽니다.

    python benchmarks/bench_hogwild.py --epochs 3 --repeats 2 --out benchmarks/results/h20-hogwild.json
    python benchmarks/bench_hogwild.py --rows w2vlib_cbow_ns_w1 w2vlib_cbow_ns_w2      # 이름으로 몇 행만

행마다 새 프로세스 하나를 띄워 (w2vlib은 명령줄 ``python -m w2vlib.train``, gensim은 이 스크립트의 ``--gensim``)
다음을 적습니다: 프로세스 전체의 벽시계 시간(읽기·import 포함), 학습 시간(w2vlib은 명령줄이 출력하는 "학습 시간",
gensim은 ``Word2Vec(...)`` 호출), 프로세스 트리 전체의 CPU 시간(``RUSAGE_CHILDREN``: 기다린 모든 자손 포함),
CPU/벽시계 비율(실제로 쓴 코어 수), 최대 메모리 = 프로세스 트리의 PSS 합의 최댓값 (:mod:`peak_memory`; 공유
메모리는 한 번만 셈). ``--repeats`` 번 모든 행을 번갈아 돌고 행마다 최솟값을 씁니다 (공유 기계에서 다른 작업은
시간을 늘릴 수만 있음). 평가 점수는 재지 않습니다 (학습 시간에 평가를 섞지 않으려고; 품질은 ``--quality-seeds``).

설정 (모든 행 공통): 윈도우 5 (줄어드는 윈도우), 은닉 100, 부정적 예 5 (NS), 지수 0.75, sample=0, min_count=1,
BLAS 스레드 1. w2vlib: lazy Adam, 명령줄의 기본 배치·학습률 (:data:`w2vlib.config.OPTIMIZER_DEFAULTS`: CBOW 32,000·0.03,
skip-gram 8,000·0.025), 메모리 재사용(명령줄 기본). gensim 4: SGD 0.025 → 0.0001, 같은 토큰열을 10,000토큰씩 문장으로.
``--quality-seeds 1 2 3 …``은 CBOW-NS를 workers 1·2로 시드마다 학습해 유추 정답률과 WordSim-353 ρ를 적고,
workers 2의 평균이 workers 1의 최소–최대 안에 드는지(이슈 20의 품질 조건; 이슈는 시드 5개)를 ``verdict``에
씁니다. 품질은 기계의 부하와 상관없으므로 아무 때나 돌려도 됩니다 (``--epochs 10``이 명령줄 기본값과 같은 학습)::

    python benchmarks/bench_hogwild.py --quality-seeds 1 2 3 4 5 6 7 8 9 10 --epochs 10 --into-run 실행이름

``--into-run 이름``을 더하면 그 품질 결과를 통제된 실행의 결과 파일 ``benchmarks/results/<이름>.json``의
``"hogwild_quality"``에도 씁니다 (``suite.py --publish``가 패키지 데이터로 복사하고, 4.4절의 표가 읽음).
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peak_memory import run_with_peak_pss  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"cbow_ns": ("cbow", "ns"), "skipgram_ns": ("skipgram", "ns"), "cbow_hs": ("cbow", "hs")}


def rows(epochs: int) -> dict[str, list[str]]:
    """행 이름 → 실행할 명령."""
    out = {}
    for key, (model, loss) in CONFIGS.items():
        for workers in (1, 2):
            out[f"w2vlib_{key}_w{workers}"] = [sys.executable, "-m", "w2vlib.train", "--model", model, "--loss", loss,
                                               "--epochs", str(epochs), "--workers", str(workers), "--no-eval"]
            out[f"gensim_{key}_w{workers}"] = [sys.executable, os.path.abspath(__file__), "--gensim", model, loss,
                                               str(workers), "--epochs", str(epochs)]
    return out


def gensim_child(model: str, loss: str, workers: int, epochs: int) -> None:
    from gensim.models import Word2Vec

    from w2vlib import ptb

    corpus, _, id_to_word = ptb.load_data("train")
    words = [id_to_word[i] for i in corpus.tolist()]
    sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
    start = time.perf_counter()
    Word2Vec(sentences, vector_size=100, window=5, min_count=1, sg=int(model == "skipgram"), hs=int(loss == "hs"),
             negative=0 if loss == "hs" else 5, ns_exponent=0.75, sample=0, workers=workers, epochs=epochs,
             alpha=0.025, min_alpha=0.0001, seed=0)
    print(f"학습 시간 {time.perf_counter() - start:.3f}초")


def measure(cmd: list[str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done, peak = run_with_peak_pss(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{cmd} 실패 (종료 코드 {done.returncode})")
    train = float(re.search(r"학습 시간 ([0-9.]+)초", done.stdout)[1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "train": train, "cpu": cpu, "peak_pss_mib": peak / 2**20}


def quality(seeds, epochs) -> dict:
    import numpy as np

    from w2vlib import ptb
    from w2vlib.evaluation import evaluate_analogies, evaluate_word_pairs
    from w2vlib.train import TrainConfig, train_word2vec

    corpus, word_to_id, _ = ptb.load_data("train")
    out = {}
    for workers in (1, 2):
        scores = []
        for seed in seeds:
            model, _ = train_word2vec(corpus, len(word_to_id), TrainConfig(epochs=epochs, seed=seed, workers=workers),
                                      progress=False)
            an = evaluate_analogies(model.word_vecs, word_to_id)["overall"]
            ws = evaluate_word_pairs(model.word_vecs, word_to_id, "wordsim353.tsv")["spearman"]
            scores.append({"seed": seed, "analogy": an, "wordsim353": ws})
            print(f"품질 workers={workers} 시드 {seed}: 유추 {an:.2%}, WordSim-353 ρ {ws:.3f}", flush=True)
        out[f"w2vlib_cbow_ns_w{workers}"] = scores
    one, two = out["w2vlib_cbow_ns_w1"], out["w2vlib_cbow_ns_w2"]
    verdict = {}
    for key in ("analogy", "wordsim353"):
        lo, hi = min(s[key] for s in one), max(s[key] for s in one)
        mean = float(np.mean([s[key] for s in two]))
        verdict[key] = {"workers1_min": lo, "workers1_max": hi, "workers2_mean": mean, "inside": lo <= mean <= hi}
        print(f"{key}: workers=2 평균 {mean:.4f}, workers=1 최소–최대 {lo:.4f}–{hi:.4f} → "
              f"{'안에 듦' if lo <= mean <= hi else '벗어남'}", flush=True)
    out["verdict"] = verdict
    return out


def write_into_run(run: str, quality_result: dict) -> None:
    """통제된 실행의 결과 파일에 ``"hogwild_quality"``로 씁니다 (임시 파일에 쓴 뒤 바꿔치기)."""
    from w2vlib.atomic_write import atomic_write

    path = ROOT / "benchmarks" / "results" / f"{run}.json"
    if not path.exists():
        raise SystemExit(f"--into-run: {path}이(가) 없습니다 (먼저 suite.py --run {run}으로 재세요).")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["hogwild_quality"] = quality_result
    with atomic_write(path) as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"{path}의 hogwild_quality를 새로 썼습니다.", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--rows", nargs="+", default=None, help="잴 행 이름 (기본: 전부)")
    p.add_argument("--out", default=None, help="결과 JSON (있으면 같은 이름의 행만 바꿔 넣음)")
    p.add_argument("--quality-seeds", type=int, nargs="*", default=None)
    p.add_argument("--into-run", default=None, metavar="NAME",
                   help="품질 결과를 benchmarks/results/NAME.json의 hogwild_quality에도 씀 (--quality-seeds와 함께)")
    p.add_argument("--gensim", nargs=3, metavar=("MODEL", "LOSS", "WORKERS"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.gensim:
        model, loss, workers = args.gensim
        gensim_child(model, loss, int(workers), args.epochs)
        return
    table = rows(args.epochs)
    names = args.rows or list(table)
    results = {name: [] for name in names}
    if args.quality_seeds is None:
        for rep in range(args.repeats):
            for name in names:
                r = measure(table[name])
                results[name].append(r)
                print(f"{rep} {name:24s} 전체 {r['wall']:6.2f}초 학습 {r['train']:6.2f}초 CPU {r['cpu']:6.2f}초 "
                      f"CPU/벽시계 {r['cpu'] / r['wall']:.2f} 최대 PSS {r['peak_pss_mib']:.0f} MiB", flush=True)
    out = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "commit": subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, text=True,
                                    stdout=subprocess.PIPE).stdout.strip(),
           "load_average": os.getloadavg(), "cpus": os.cpu_count(), "epochs": args.epochs, "rows": {}}
    for name, runs in results.items():
        if runs:
            out["rows"][name] = {"command": table[name][1:], "runs": runs,
                                 **{f"min_{k}": min(r[k] for r in runs) for k in runs[0]}}
    if args.quality_seeds:
        out["quality"] = quality(args.quality_seeds, args.epochs)
        if args.into_run:
            write_into_run(args.into_run, {"date": out["date"], "commit": out["commit"], "epochs": args.epochs,
                                           "settings": "PTB CBOW-NS(TrainConfig 기본값에서 시드와 workers만 바꿈)",
                                           **out["quality"]})
    if args.out:
        path = Path(args.out)
        if path.exists():
            old = json.loads(path.read_text(encoding="utf-8"))
            old["rows"].update(out.pop("rows"))
            old.update(out)
            out = old
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
