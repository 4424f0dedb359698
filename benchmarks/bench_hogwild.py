"""Hogwild(프로세스 + 공유 메모리)가 이 기계에서 얼마나 늘어나는지 재는 시험 스크립트 (이슈 20의 시제품 측정).

    python benchmarks/bench_hogwild.py --model cbow --loss ns --epochs 3 --repeats 2

설정마다 새 프로세스에서 학습해 학습 시간(벽시계), 부모+자식의 CPU 시간(``time.process_time`` +
``RUSAGE_CHILDREN``), CPU/벽시계 비율(몇 코어를 실제로 썼는가), 유추·WordSim 점수를 출력합니다.
모드: ``w1`` (Trainer 하나, 스레드 없음), ``threads2`` (Trainer(workers=2), GIL을 놓는 큰 연산만 두 스레드로),
``hogwild2`` (프로세스 두 개가 공유 메모리의 가중치를 잠금 없이 갱신).
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def child(args) -> None:
    from w2vlib import hogwild, ptb
    from w2vlib.evaluation import evaluate_analogies, evaluate_word_pairs
    from w2vlib.models import CBOW, SkipGram
    from w2vlib.optimizers import SGD, Adam
    from w2vlib.text import create_contexts_target
    from w2vlib.trainer import Trainer

    corpus, word_to_id, _ = ptb.load_data("train")
    if args.max_tokens:
        corpus = corpus[:args.max_tokens]
    V = len(word_to_id)
    ids = corpus.astype(np.int32)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    contexts, target = create_contexts_target(ids, 5)
    model = {"cbow": CBOW, "skipgram": SkipGram}[args.model](
        V, 100, 5, corpus, sample_size=5, power=0.75, rng=args.seed, shrink_window=True,
        update_rule="word2vec" if args.optimizer == "sgd" else "book", loss=args.loss)
    batch = args.batch or {"cbow": 32000, "skipgram": 4000}[args.model]
    lr = args.lr or {"cbow": 0.03, "skipgram": 0.02}[args.model]
    optimizer = Adam(lr) if args.optimizer == "adam" else SGD(lr, final_lr=lr * 1e-4)
    fit_kwargs = dict(max_epoch=args.epochs, batch_size=batch, progress=False,
                      eval_interval=max(1, len(target) // batch // 20))
    if args.mode == "w1":
        trainer = Trainer(model, optimizer, rng=args.seed + 1, workers=1).fit(contexts, target, **fit_kwargs)
    elif args.mode == "threads2":
        trainer = Trainer(model, optimizer, rng=args.seed + 1, workers=2).fit(contexts, target, **fit_kwargs)
    else:
        n = int(args.mode[len("hogwild"):])
        shards = [(contexts[s], target[s]) for s in hogwild.split_range(len(target), n)]
        if args.scale_batch:
            fit_kwargs["batch_size"] = batch // n
        trainer = hogwild.fit(model, optimizer, shards, workers=n, seed=args.seed,
                              fit_kwargs=fit_kwargs, make_trainer=lambda m, o, rng: Trainer(m, o, rng=rng))
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_children = ch.ru_utime + ch.ru_stime
    out = {"mode": args.mode, "train": trainer.elapsed, "wall": wall, "cpu_parent": cpu,
           "cpu_children": cpu_children, "maxrss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "maxrss_children_mb": ch.ru_maxrss / 1024}
    if not args.no_eval:
        an = evaluate_analogies(model.word_vecs, word_to_id)
        ws = evaluate_word_pairs(model.word_vecs, word_to_id, "wordsim353.tsv")
        out.update(analogy=an["overall"], wordsim=ws["spearman"])
    print(json.dumps(out))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="cbow")
    p.add_argument("--loss", default="ns")
    p.add_argument("--optimizer", default="adam")
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-tokens", type=int, default=None)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--modes", nargs="+", default=["w1", "hogwild2"])
    p.add_argument("--scale-batch", action="store_true", help="hogwild: 일꾼마다 배치 / 일꾼 수")
    p.add_argument("--no-eval", action="store_true")
    p.add_argument("--child", action="store_true")
    p.add_argument("--mode", default="w1")
    args = p.parse_args()
    if args.child:
        child(args)
        return
    for r in range(args.repeats):
        for mode in args.modes:
            cmd = [sys.executable, os.path.abspath(__file__), "--child", "--mode", mode] + [
                a for a in sys.argv[1:] if a not in args.modes and a != "--modes"]
            # --modes 값을 빼고 나머지 인자를 그대로 넘깁니다
            done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
            res = json.loads(done.stdout.strip().splitlines()[-1])
            cpu = res["cpu_parent"] + res["cpu_children"]
            print(f"rep {r} {mode:9s} cpu parent {res['cpu_parent']:.2f} child {res['cpu_children']:.2f} train {res['train']:6.2f}s wall {res['wall']:6.2f}s cpu {cpu:6.2f}s "
                  f"cpu/wall {cpu / res['wall']:.2f}  rss {res['maxrss_parent_mb']:.0f}+{res['maxrss_children_mb']:.0f} MB"
                  + (f"  analogy {res['analogy']:.2%} ws {res['wordsim']:.3f}" if "analogy" in res else ""),
                  flush=True)


if __name__ == "__main__":
    main()
