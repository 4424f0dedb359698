"""w2vlib CBOW 와 gensim Word2Vec 을 같은 PTB 토큰·같은 하이퍼파라미터로 한 번에 학습해 비교합니다.

    python benchmarks/bench_cbow_vs_gensim.py [--epochs 10]

같은 실행 안에서 나란히 잽니다: 학습 시간(초), 초당 토큰 수, gensim 대비 배율, 평가 점수(구글 유추 문제
3CosAdd top-1, WordSim-353·SimLex-999 스피어만 ρ). 그리고 책 그대로의 구현(밀집 그래디언트, 부정적 예마다
계층 하나, Adam, 배치 100)의 반복당 시간을 재서 한 에폭·10 에폭으로 늘려 잡습니다.

gensim 설정: CBOW(sg=0), negative=5, window=5, sample=0, workers=1, min_count=1, 10 에폭, ns_exponent=0.75.
PTB 토큰열(줄바꿈은 <eos>)을 w2vlib 과 똑같이 이어 붙여, gensim 의 문장 길이 한도인 10,000 토큰씩 나눠 넣습니다.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from w2vlib import ptb, reference  # noqa: E402
from w2vlib.evaluation import benchmark_scores as scores  # noqa: E402
from w2vlib.text import create_contexts_target  # noqa: E402
from w2vlib.train import TrainConfig, train_word2vec  # noqa: E402


def run_gensim(corpus, id_to_word, epochs, seed):
    from gensim.models import Word2Vec

    words = [id_to_word[i] for i in corpus.tolist()]
    sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
    start = time.perf_counter()
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=1, sg=0, hs=0, negative=5, ns_exponent=0.75,
                     sample=0, workers=1, epochs=epochs, alpha=0.025, min_alpha=0.0001, seed=seed)
    elapsed = time.perf_counter() - start
    kv = model.wv
    return elapsed, kv.vectors, dict(kv.key_to_index)


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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-fixed", action="store_true", help="고정 윈도우(책) w2vlib 학습을 건너뜀")
    args = p.parse_args()

    corpus, word_to_id, id_to_word = ptb.load_data("train")
    tokens = len(corpus) * args.epochs
    print(f"PTB train: 토큰 {len(corpus):,}개, 어휘 {len(word_to_id):,}개, {args.epochs} 에폭 "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})\n")

    rows = []
    g_time, g_vecs, g_w2i = run_gensim(corpus, id_to_word, args.epochs, args.seed)
    rows.append(("gensim 4 (C, workers=1)", g_time, scores(g_vecs, g_w2i)))
    configs = [("w2vlib CBOW (줄어드는 윈도우)", TrainConfig(epochs=args.epochs, seed=args.seed))]
    if not args.skip_fixed:
        configs.append(("w2vlib CBOW (고정 윈도우, 책)",
                        TrainConfig(epochs=args.epochs, seed=args.seed, shrink_window=False)))
    for name, cfg in configs:
        start = time.perf_counter()
        model, trainer = train_word2vec(corpus, len(word_to_id), cfg, progress=False)
        rows.append((name, time.perf_counter() - start, scores(model.word_vecs, word_to_id)))

    book_iter = book_iteration_seconds(corpus, len(word_to_id))
    book_epoch = book_iter * (len(corpus) // 100)

    print(f"{'구현':34s} {'시간(초)':>8s} {'토큰/초':>10s} {'gensim 대비':>10s} {'유추':>7s} {'의미':>7s} "
          f"{'문법':>7s} {'WS353 ρ':>8s} {'SimLex ρ':>8s}")
    for name, secs, s in rows:
        print(f"{name:34s} {secs:8.1f} {tokens / secs:10,.0f} {secs / g_time:9.2f}× {s['analogy']:7.2%} "
              f"{s['semantic']:7.2%} {s['syntactic']:7.2%} {s['ws353']:8.3f} {s['simlex']:8.3f}")
    print(f"{'책 그대로 (Adam, 배치 100) 추정':34s} {book_epoch * args.epochs:8.0f} "
          f"{tokens / (book_epoch * args.epochs):10,.0f} {book_epoch * args.epochs / g_time:9.0f}×"
          f"   (반복당 {book_iter * 1e3:.0f} ms × 에폭당 {len(corpus) // 100:,} 반복)")
    print(f"\n유추 문제: 네 단어가 모두 어휘에 있는 {rows[0][2]['n_analogy']:,}문제 (3CosAdd, top-1, 정규화 벡터)")


if __name__ == "__main__":
    main()
