"""w2vlib CBOW와 gensim Word2Vec을 같은 PTB 토큰·같은 하이퍼파라미터로 한 번에 학습해 비교하고, 비용 모형으로
이 기계에서 한 에폭에 걸릴 수 있는 최소 시간(하한)과 견줍니다.

    python benchmarks/bench_cbow_vs_gensim.py [--epochs 10] [--repeats 3]

같은 실행 안에서 나란히 잽니다: gensim과 w2vlib을 번갈아 ``--repeats`` 번 학습해 각자의 최솟값(벽시계 시간,
``time.process_time``의 CPU 시간)을 씁니다 — 여러 사람이 함께 쓰는 기계에서도 배율이 덜 흔들립니다.
학습 하나하나는 **새 파이썬 프로세스**에서 합니다 (PTB 읽기와 import는 시간에 넣지 않음): 같은 프로세스에서
gensim을 학습한 직후에는 그 메모리(말뭉치 문자열 수십만 개)가 남긴 힙 때문에 다음 학습이 처음 한 번 20–30%
느려지는 것을 재었기 때문입니다. ``--in-process``는 예전처럼 한 프로세스에서 잽니다. 표에는 학습
시간(초), 초당 토큰 수, gensim 대비 배율, 평가 점수(구글 유추 문제 3CosAdd top-1, WordSim-353·SimLex-999 스피어만 ρ),
하한 대비 배율이 나옵니다. ``workers=2`` 행은 두 번째 코어도 쓰는 w2vlib입니다 (결과는 workers=1과 같음).
계층적 소프트맥스(HS)는 w2vlib의 네거티브 샘플링(NS) 대비 배율도 보여 줍니다.
책 그대로의 구현(밀집 그래디언트, 부정적 예마다 계층 하나, Adam, 배치 100)은 반복당 시간을 재서 늘려 잡습니다.

gensim 설정: ``TrainConfig(workers=1).gensim_kwargs()`` (CBOW(sg=0), negative=5, window=5, 줄어드는 윈도우,
sample=0, workers=1, min_count=1, 10에폭, ns_exponent=0.75, gensim의 SGD 학습률 0.025 → 0.0001).
PTB 토큰열(줄바꿈은 <eos>)을 w2vlib과 똑같이 이어 붙여, gensim의 문장 길이 한도인 10,000토큰씩 나눠 넣습니다.

비용 모형 (CBOW 한 에폭, 토큰 T 개, 은닉 H, 부정적 예 k, 토큰당 평균 맥락 수 c̄, HS는 평균 부호 길이 L̄)
----------------------------------------------------------------------------------------------
- 부동소수 연산: 토큰마다 맥락 평균 c̄·H, 출력 벡터 (k+1) 개와의 내적 2H(k+1), 은닉 오차 2H(k+1),
  출력 벡터 갱신 2H(k+1), 맥락 벡터 갱신 c̄·H → F = T·(2c̄H + 6H(k+1)) (HS는 k+1 대신 L̄).
- 옮기는 바이트: 토큰마다 쓰는 행 (c̄ + k+1) 개를 float32로 읽고 씀 → B = T·(c̄ + k+1)·H·4·2.
  두 행렬(V×H float32 두 개, 8 MB)은 L3 캐시에 들어가므로 이 바이트는 캐시 대역폭으로 나눕니다.
- 하한 = max(F / 단일 코어 float32 처리량, B / 캐시 대역폭). 처리량은 한 스레드 sgemm, 대역폭은 캐시에 드는
  배열과 드는 않는 큰 배열의 복사(읽기+쓰기)로 이 기계에서 잽니다. 주 메모리 대역폭으로 나눈 값은, 행렬이 캐시에
  들지 않을 때의 하한으로 참고로 보여 줍니다. w2vlib의 lazy Adam은 알고리즘에 더한 일이라 따로 적습니다.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from w2vlib import ptb
from w2vlib.book import reference  # noqa: E402
from w2vlib.evaluation import benchmark_scores as scores  # noqa: E402
from w2vlib.hierarchical_softmax import HuffmanTree  # noqa: E402
from w2vlib.memory import reuse_large_allocations  # noqa: E402
from w2vlib.text import create_contexts_target  # noqa: E402
from w2vlib.train import TrainConfig, train_word2vec  # noqa: E402


def timed(fn):
    """fn()을 한 번 부르고 (결과, 벽시계 초, CPU 초)를 돌려줍니다."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def gensim_config(args) -> TrainConfig:
    """gensim 행의 설정: w2vlib의 기본 설정(NS, 줄어드는 윈도우)을 한 코어로. gensim 인자는 이 설정에서 만듭니다."""
    return TrainConfig(epochs=args.epochs, seed=args.seed, workers=1)


def run_gensim(corpus, id_to_word, cfg: TrainConfig):
    from gensim.models import Word2Vec

    words = [id_to_word[i] for i in corpus.tolist()]
    sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
    model, wall, cpu = timed(lambda: Word2Vec(sentences, **cfg.gensim_kwargs()))
    kv = model.wv
    return wall, cpu, kv.vectors, dict(kv.key_to_index)


def run_w2vlib(corpus, vocab_size, cfg):
    (model, _), wall, cpu = timed(lambda: train_word2vec(corpus, vocab_size, cfg, progress=False))
    return wall, cpu, model.word_vecs


def run_isolated(name: str, args) -> tuple:
    """이 스크립트를 ``--child NAME``으로 새 프로세스에서 실행해 학습 하나를 잽니다 → (벽시계, CPU, 벡터, word_to_id)."""
    import json
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "vectors.npz")
        cmd = [sys.executable, os.path.abspath(__file__), "--child", name, "--child-out", out,
               "--epochs", str(args.epochs), "--seed", str(args.seed)] + (["--no-reuse-memory"] * args.no_reuse_memory)
        done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
        timing = json.loads(done.stdout.strip().splitlines()[-1])
        with np.load(out) as data:
            vecs, words = data["vectors"], data["words"]
    return timing["wall"], timing["cpu"], vecs, {w: i for i, w in enumerate(words.tolist())}


def child(name: str, out: str, configs, args) -> None:
    """``--child``: 학습 하나를 재서 벡터를 ``out`` (npz)에 쓰고, 시간을 JSON 한 줄로 출력합니다."""
    import json

    corpus, word_to_id, id_to_word = ptb.load_data("train")
    if name == GENSIM_NAME:
        wall, cpu, vecs, w2i = run_gensim(corpus, id_to_word, gensim_config(args))
    else:
        (wall, cpu, vecs), w2i = run_w2vlib(corpus, len(word_to_id), configs[name]), word_to_id
    words = np.array(sorted(w2i, key=w2i.get))
    np.savez(out, vectors=vecs, words=words)
    print(json.dumps({"wall": wall, "cpu": cpu}))


def book_iteration_seconds(corpus, vocab_size, iterations=20) -> float:
    """책 그대로의 CBOW + Adam 한 반복(배치 100)의 시간 (중앙값)."""
    contexts, target = create_contexts_target(corpus, 5)
    rng = np.random.RandomState(0)
    model = reference.CBOW(vocab_size, 100, 5, corpus, rng=rng)
    optimizer = reference.Adam()
    times = []
    for it in range(iterations + 2):
        batch = rng.randint(0, len(target), 100)
        start = time.perf_counter()
        reference.train_step(model, optimizer, contexts[batch], target[batch])
        times.append(time.perf_counter() - start)
    return float(np.median(times[2:]))


# --------------------------------------------------------------------------- 비용 모형

def _best(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def machine_limits() -> dict:
    """이 기계의 단일 코어 float32 처리량(FLOP/s)과 복사 대역폭(바이트/s, 읽기+쓰기): 캐시 안·주 메모리."""
    rng = np.random.default_rng(0)
    n = 1024
    a, b = (rng.standard_normal((n, n)).astype(np.float32) for _ in range(2))
    flops = 2 * n ** 3 / _best(lambda: a @ b, 7)
    small = np.ones(2 ** 22 // 4, dtype=np.float32)               # 4 MB (W_out 한 개 크기): L3 캐시 안
    small_out = np.empty_like(small)
    big = np.ones(2 ** 28 // 4, dtype=np.float32)                 # 256 MB: 캐시 밖
    big_out = np.empty_like(big)
    np.copyto(big_out, big)                                        # 페이지를 미리 받아 둠
    cache_bw = 2 * small.nbytes * 20 / _best(lambda: [np.copyto(small_out, small) for _ in range(20)], 9)
    dram_bw = 2 * big.nbytes / _best(lambda: np.copyto(big_out, big), 5)
    return {"flops": flops, "cache_bw": cache_bw, "dram_bw": dram_bw}


def mean_context_words(corpus_len: int, window: int, shrink: bool) -> float:
    """토큰당 평균 맥락 단어 수 c̄. 줄어드는 윈도우는 b ~ U{1..w}에서 2b, 고정 윈도우는 2w."""
    return float(2 * np.mean(np.arange(1, window + 1))) if shrink else float(2 * window)


def epoch_cost(tokens: int, hidden: int, outputs: float, context: float) -> tuple[float, float]:
    """한 에폭의 (FLOP, 바이트). ``outputs`` = 토큰당 출력 벡터 수 (NS: k+1, HS: 평균 부호 길이)."""
    flops = tokens * (2 * context * hidden + 6 * hidden * outputs)
    nbytes = tokens * (context + outputs) * hidden * 4 * 2
    return flops, nbytes


GENSIM_NAME = "gensim 4 (C, workers=1)"


def w2vlib_configs(args) -> dict:
    """표의 w2vlib 행 이름 → 학습 설정 (``--skip-*``로 뺀 것은 없음)."""
    configs = {"w2vlib CBOW NS (줄어드는 윈도우)": TrainConfig(epochs=args.epochs, seed=args.seed, workers=1)}
    if not args.skip_workers:
        configs["w2vlib CBOW NS (workers=2)"] = TrainConfig(epochs=args.epochs, seed=args.seed, workers=2)
    if not args.skip_hs:
        configs["w2vlib CBOW HS (줄어드는 윈도우)"] = TrainConfig(epochs=args.epochs, seed=args.seed, loss="hs",
                                                              workers=1)
    if not args.skip_fixed:
        configs["w2vlib CBOW NS (고정 윈도우, 책)"] = TrainConfig(epochs=args.epochs, seed=args.seed,
                                                            shrink_window=False, workers=1)
    return configs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeats", type=int, default=3, help="gensim과 w2vlib을 번갈아 잴 횟수 (최솟값을 씀)")
    p.add_argument("--skip-fixed", action="store_true", help="고정 윈도우(책) w2vlib 학습을 건너뜀")
    p.add_argument("--skip-hs", action="store_true", help="계층적 소프트맥스 w2vlib 학습을 건너뜀")
    p.add_argument("--skip-workers", action="store_true", help="두 코어(workers=2) w2vlib 학습을 건너뜀")
    p.add_argument("--skip-book", action="store_true", help="책 그대로의 구현의 반복 시간 측정을 건너뜀")
    p.add_argument("--no-reuse-memory", action="store_true",
                   help="glibc mmap 문턱을 올리지 않음 (기본: 명령줄처럼 올림, w2vlib.memory 참고)")
    p.add_argument("--in-process", action="store_true",
                   help="학습마다 새 프로세스를 띄우지 않고 이 프로세스에서 잼 (앞 학습의 메모리 상태가 남음)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    args = p.parse_args()
    if not args.no_reuse_memory:
        reuse_large_allocations()                # 프로세스 전체 설정: 이 스크립트가 프로세스의 주인입니다

    configs = w2vlib_configs(args)
    if args.child:
        child(args.child, args.child_out, configs, args)
        return
    corpus, word_to_id, id_to_word = ptb.load_data("train")
    V, T = len(word_to_id), len(corpus)
    tokens = T * args.epochs
    print(f"PTB train: 토큰 {T:,}개, 어휘 {V:,}개, {args.epochs}에폭, 번갈아 {args.repeats}번씩 재서 최솟값 "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})\n")

    gensim_name = GENSIM_NAME
    best = {}                                    # 이름 → [벽시계 최소, CPU 최소, 벡터, word_to_id]
    for rep in range(args.repeats):
        if args.in_process:
            runs = [(gensim_name, *run_gensim(corpus, id_to_word, gensim_config(args)))]
            runs += [(name, *run_w2vlib(corpus, V, cfg), word_to_id) for name, cfg in configs.items()]
        else:
            runs = [(name, *run_isolated(name, args)) for name in [gensim_name, *configs]]
        for name, wall, cpu, vecs, w2i in runs:
            print(f"  {rep + 1}회: {name:34s} {wall:6.2f}초 (CPU {cpu:6.2f}초)")
            old = best.get(name)
            best[name] = [min(wall, old[0]) if old else wall, min(cpu, old[1]) if old else cpu, vecs, w2i]

    limits = machine_limits()                    # 학습이 끝난 뒤에 재서 학습 시간에 끼어들지 않게 합니다
    tree = HuffmanTree(np.bincount(corpus, minlength=V))
    mean_code = tree.expected_length(np.bincount(corpus, minlength=V) / T)
    bounds = {}
    for name in best:
        shrink = "고정" not in name
        outputs = mean_code if " HS " in name else 6.0
        flops, nbytes = epoch_cost(T, 100, outputs, mean_context_words(T, 5, shrink))
        bounds[name] = (flops, nbytes, max(flops / limits["flops"], nbytes / limits["cache_bw"]))

    g_wall, g_cpu = best[gensim_name][:2]
    ns_name = "w2vlib CBOW NS (줄어드는 윈도우)"
    print(f"\n{'구현':34s} {'시간(초)':>8s} {'CPU(초)':>8s} {'토큰/초':>10s} {'gensim 대비':>10s} {'유추':>7s} "
          f"{'의미':>7s} {'문법':>7s} {'WS353 ρ':>8s} {'SimLex ρ':>8s} {'하한(초)':>8s} {'하한 대비':>8s}")
    for name, (wall, cpu, vecs, w2i) in best.items():
        s = scores(vecs, w2i)
        bound_total = bounds[name][2] * args.epochs
        print(f"{name:34s} {wall:8.2f} {cpu:8.2f} {tokens / wall:10,.0f} {wall / g_wall:9.2f}× {s['analogy']:7.2%} "
              f"{s['semantic']:7.2%} {s['syntactic']:7.2%} {s['ws353']:8.3f} {s['simlex']:8.3f} "
              f"{bound_total:8.2f} {wall / bound_total:7.0f}×")
    print(f"\nCPU 시간 배율 (w2vlib NS / gensim): {best[ns_name][1] / g_cpu:.2f}×")
    hs_name = "w2vlib CBOW HS (줄어드는 윈도우)"
    if hs_name in best:
        print(f"HS / NS 시간 배율 (w2vlib): {best[hs_name][0] / best[ns_name][0]:.2f}× "
              f"(CPU {best[hs_name][1] / best[ns_name][1]:.2f}×), HS 평균 부호 길이 L̄ = {mean_code:.2f}")

    if not args.skip_book:
        book_iter = book_iteration_seconds(corpus, V)
        book_epoch = book_iter * (T // 100)
        print(f"책 그대로 (Adam, 배치 100) 추정: {book_epoch * args.epochs:,.0f}초 "
              f"({book_epoch * args.epochs / g_wall:,.0f}× gensim; 반복당 {book_iter * 1e3:.0f} ms × "
              f"에폭당 {T // 100:,} 반복)")
    print(f"\n유추 문제: 네 단어가 모두 어휘에 있는 {scores(*best[gensim_name][2:])['n_analogy']:,}문제 "
          f"(3CosAdd, top-1, 정규화 벡터)")

    # 비용 모형 표
    print("\n비용 모형 (한 에폭; 자세한 식은 이 파일의 설명)")
    print(f"  이 기계: 단일 코어 float32 sgemm {limits['flops'] / 1e9:.1f} GFLOP/s, 복사 대역폭 캐시 안 "
          f"{limits['cache_bw'] / 1e9:.1f} GB/s, 주 메모리 {limits['dram_bw'] / 1e9:.1f} GB/s")
    print(f"  {'설정':34s} {'GFLOP':>7s} {'GB':>7s} {'연산 하한':>9s} {'캐시 하한':>9s} {'주메모리':>9s} "
          f"{'하한/에폭':>9s} {'실측/에폭':>9s} {'배율':>6s} {'CPU/에폭':>9s} {'배율':>6s}")
    for name, (flops, nbytes, bound) in bounds.items():
        per_epoch, cpu_epoch = best[name][0] / args.epochs, best[name][1] / args.epochs
        print(f"  {name:34s} {flops / 1e9:7.2f} {nbytes / 1e9:7.2f} {flops / limits['flops'] * 1e3:7.0f}ms "
              f"{nbytes / limits['cache_bw'] * 1e3:7.0f}ms {nbytes / limits['dram_bw'] * 1e3:7.0f}ms "
              f"{bound * 1e3:7.0f}ms {per_epoch * 1e3:7.0f}ms {per_epoch / bound:5.0f}× "
              f"{cpu_epoch * 1e3:7.0f}ms {cpu_epoch / bound:5.0f}×")
    print("  (실측 = 준비 포함 학습 전체 ÷ 에폭 수. CPU는 time.process_time: 다른 프로세스와 코어를 나눠 쓸 때도 덜 흔들림,"
          " workers=2는 두 스레드의 합)")
    cfg = configs[ns_name]
    steps = T // cfg.batch_size
    adam_flops = 2 * V * 100 * 12 * steps
    print(f"  (w2vlib의 lazy Adam은 알고리즘에 더한 일: 에폭당 최대 {adam_flops / 1e9:.2f} GFLOP, "
          f"배치 {cfg.batch_size:,} × {steps}단계, 두 행렬의 건드린 행마다 원소당 약 12 연산)")


if __name__ == "__main__":
    main()
