"""책의 모든 속도 숫자 뒤에 있는 하나의 통제된 실험 (이슈 19).

    python benchmarks/suite.py --run 2026-12-06-quiet                 # 빠른 행 전체 (조용한 2코어 기계에서 약 17분)
    python benchmarks/suite.py --run offline-book-setting-quality --kind long   # 오래 걸리는 품질 행만 (책의 설정 10에폭, 약 12분)
    python benchmarks/suite.py --run NAME --kind nsmc                    # 한국어 NSMC 전체의 행만 (4.5절, 조용한 기계에서 약 15–20분)
    python benchmarks/suite.py --run NAME --rows gensim_cbow_w1 w2vlib_cbow   # 이름으로 몇 행만 다시 재서 합침
    python benchmarks/suite.py --list                                  # 행 이름과 설명
    python benchmarks/suite.py --run NAME --take-from OTHER:long --publish  # 전체를 재고, 다른 실행의 long 행을 옮기고, 복사
    python benchmarks/suite.py --run NAME --no-measure --publish       # 재지 않고 결과 파일을 패키지 데이터로 복사만

따로 재는 종류 (:data:`SEPARATE_KINDS`): 오래 걸리는 행은 빠른 행 전체(``--kind`` 없이)에 들지 않고 ``--kind 종류``로
따로 재서 같은 결과 파일에 합치거나, 다른 실행에서 잰 것을 ``--take-from 실행[:종류]``로 옮겨 옵니다 (다시 재지 않음;
종류를 빼면 따로 재는 종류 모두).

규칙
----
- **행 하나 = 잴 설정 하나.** :data:`ROWS`의 각 행은 모든 설정(모델, 손실, 배치, 옵티마이저, 학습률, 윈도우 방식,
  workers, 메모리 재사용, BLAS 스레드 수, 에폭 수, 시드)을 명시합니다. 라이브러리 기본값에 기대지 않습니다.
- **학습마다 새 프로세스.** 한 행을 잴 때마다 이 스크립트를 ``--child NAME``으로 새로 띄웁니다 (PTB 읽기·import는
  시간에 넣지 않음). 앞 행이 켠 프로세스 전체 설정(malloc 문턱, 스레드)을 뒤 행이 물려받지 않습니다.
- **번갈아, 여러 번.** ``--repeats`` 번 (기본 3; 품질이 주인 훑기 행은 최대 2번) 모든 행을 차례로 돌고, 행마다
  최솟값과 흔들림(최대/최소 − 1)을 적습니다. 공유 기계에서 다른 작업은 시간을 늘릴 수는 있어도 줄이지는 못하므로 최솟값이 가장 안정적입니다.
- **결과 파일.** ``benchmarks/results/<run>.json``에 ``"machine"`` (CPU 모델명, 코어, 메모리, Python, numpy/scipy/BLAS,
  gensim, 비용 모형용 처리량)과 행마다 커밋·날짜·설정·시간·품질·비용 모형을 씁니다. 파일이 이미 있으면 같은
  이름의 행만 바꿔 넣습니다 (다른 행은 그대로): 나중에 행을 더할 때 전체를 다시 잴 필요가 없습니다.
- ``--publish``는 그 파일을 ``w2vlib/book/data/benchmark.json``으로 복사하고 (노트북이 읽는 사본, pip 설치에도 들어감;
  ``tests/test_benchmark_results.py``가 두 파일이 같은지 확인), README.md와 intro.md의 벤치마크 문단을 새로 씁니다.
  그 뒤 노트북을 다시 실행하면 책의 모든 속도 숫자가 새 실행의 것이 됩니다.

비용 모형 (한 에폭, 토큰 T 개, 은닉 H, 부정적 예 k, 토큰당 평균 맥락 수 c̄, HS는 평균 부호 길이 L̄)
--------------------------------------------------------------------------------------------------
- CBOW 부동소수 연산: 토큰마다 맥락 평균 c̄·H, 출력 벡터 (k+1) 개와의 내적·은닉 오차·출력 갱신 각 2H(k+1), 맥락
  갱신 c̄·H → F = T·(2c̄H + 6H(k+1)). skip-gram은 (타깃, 맥락) 쌍마다 6H(k+1) → F = T·c̄·6H(k+1).
- 옮기는 바이트: 토큰마다 쓰는 행 (c̄ + k+1) 개를 float32로 읽고 씀 → B = T·(c̄ + k+1)·H·4·2 (skip-gram은 쌍마다
  (1 + k+1) 행). 두 행렬(8 MB)은 캐시에 들어가므로 캐시 복사 대역폭으로 나눕니다.
- 하한 = max(F / 단일 코어 float32 sgemm 처리량, B / 캐시 대역폭). 거리 = 실측 에폭 시간 / 하한.
"""
from __future__ import annotations

import os

BLAS_THREADS = 1
if __name__ == "__main__":                       # 스크립트로 실행할 때만 (테스트가 import할 때는 환경을 바꾸지 않음)
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = str(BLAS_THREADS)     # numpy를 import 하기 전에: 모든 행에 같은 값 (자식 프로세스도 물려받음)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
PACKAGE_COPY = ROOT / "w2vlib" / "book" / "data" / "benchmark.json"
HIDDEN, WINDOW, NEGATIVE, POWER = 100, 5, 5, 0.75
DOCS = ["README.md", "intro.md"]
"""``--publish``가 벤치마크 문단(표시 사이)을 새로 쓰는 문서."""


# --------------------------------------------------------------------------- 행 정의

@dataclass(frozen=True)
class Row:
    """잴 설정 하나.

    kind : ``'train'`` (w2vlib 학습 전체), ``'gensim'``, ``'stage'`` (4.3.4의 단계, 에폭당 시간),
        ``'micro'`` (작은 연산의 시간, 4.1·4.2·부록 A), ``'long'`` (오래 걸리는 품질 행, ``--kind long``에서만),
        ``'nsmc'`` (한국어 NSMC 전체의 토큰화·학습·품질, 4.5절, ``--kind nsmc``에서만; :func:`nsmc_rows`)
    title : 책에 쓰는 한국어 이름
    settings : 모든 설정 (JSON으로 저장)
    quality : 학습 뒤 평가 점수를 잴지 (첫 반복에서 한 번; w2vlib의 workers = 1은 같은 시드면 같은 벡터,
        workers = 2(Hogwild)와 gensim의 workers = 2는 실행마다 조금씩 다름)
    """

    name: str
    kind: str
    title: str
    settings: dict = field(default_factory=dict)
    quality: bool = True
    max_repeats: int | None = None     # 품질이 주인 행(훑기)은 반복을 줄여 전체 실행을 20분 안에 둡니다


def _train_settings(**kw) -> dict:
    base = dict(model="cbow", loss="ns", batch_size=32000, optimizer="lazy Adam", lr=0.03, window="shrinking",
                workers=1, reuse_memory=False, blas_threads=BLAS_THREADS, epochs=10, seed=0, hidden=HIDDEN,
                window_size=WINDOW, negative=NEGATIVE, power=POWER)
    base.update(kw)
    return base


def issue20_rows() -> list[Row]:
    """이슈 20의 행: 모델·손실 세 가지 × 코어 1·2, w2vlib과 gensim (3에폭; 자식마다 프로세스 트리의 최대 메모리).

    w2vlib의 workers = 2는 Hogwild(:func:`w2vlib.hogwild.fit`)입니다. 행마다 비용 모형의 거리
    (``cost_model.distance``, 한 코어의 하한 기준)와 코어 수로 나눈 하한 기준의 거리(``distance_all_cores``)를 씁니다.
    조용한 2코어 기계에서 12행 × 3번에 약 4–5분 (skip-gram 행이 대부분)."""
    rows = []
    for key, model, loss, batch, lr in [("cbow_ns", "cbow", "ns", 32000, 0.03), ("skipgram_ns", "skipgram", "ns", 8000, 0.025),
                                        ("cbow_hs", "cbow", "hs", 32000, 0.03)]:
        title = {"cbow_ns": "CBOW-NS", "skipgram_ns": "skip-gram-NS", "cbow_hs": "CBOW-HS"}[key]
        for w in (1, 2):
            rows.append(Row(f"w2vlib_{key}_w{w}", "train", f"w2vlib {title}, workers={w} (3에폭)",
                            _train_settings(model=model, loss=loss, batch_size=batch, lr=lr, epochs=3, workers=w,
                                                            reuse_memory=True)))
            rows.append(Row(f"gensim_{key}_w{w}", "gensim", f"gensim {title}, workers={w} (3에폭)",
                            _train_settings(model=model, loss=loss, optimizer="SGD", lr=0.025, batch_size=None,
                                            epochs=3, workers=w)))
    return rows


SEPARATE_KINDS = ("long", "nsmc")
"""빠른 행 전체에 들지 않고 ``--kind``로 따로 재는 (또는 ``--take-from``으로 옮겨 오는) 행의 종류."""


def _rows() -> list[Row]:
    from w2vlib.book.speedup_steps import DENSE_ADAM_LARGE_BATCH, STAGES

    rows = [
        Row("w2vlib_cbow", "train", "w2vlib CBOW (기본값)", _train_settings()),
        Row("w2vlib_cbow_workers2", "train", "w2vlib CBOW, workers=2", _train_settings(workers=2)),
        Row("w2vlib_cbow_reuse_memory", "train", "w2vlib CBOW, 메모리 재사용", _train_settings(reuse_memory=True)),
        Row("w2vlib_cbow_fixed", "train", "w2vlib CBOW, 고정 윈도우 (책)", _train_settings(window="fixed")),
        Row("w2vlib_cbow_hs", "train", "w2vlib CBOW, 계층적 소프트맥스", _train_settings(loss="hs")),
        Row("w2vlib_skipgram", "train", "w2vlib skip-gram (3에폭)",
            _train_settings(model="skipgram", batch_size=8000, lr=0.025, epochs=3)),
        Row("w2vlib_cbow_3ep", "train", "w2vlib CBOW (3에폭, 4.4의 기준)", _train_settings(epochs=3)),
        Row("gensim_cbow_w1", "gensim", "gensim 4 Word2Vec (C, workers=1)",
            _train_settings(optimizer="SGD", lr=0.025, batch_size=None, workers=1)),
        Row("gensim_cbow_w2", "gensim", "gensim 4 Word2Vec (C, workers=2)",
            _train_settings(optimizer="SGD", lr=0.025, batch_size=None, workers=2)),
    ]
    rows += issue20_rows()                       # 이슈 20: CBOW-NS·skip-gram-NS·CBOW-HS × workers 1·2, w2vlib·gensim
    hp = [("hp_window2", "윈도우 2", dict(window_size=2)), ("hp_window8", "윈도우 8", dict(window_size=8)),
          ("hp_dim50", "차원 50", dict(hidden=50)), ("hp_dim200", "차원 200", dict(hidden=200)),
          ("hp_sub1e-3", "서브샘플링 t = 0.001", dict(subsample=1e-3)),
          ("hp_sub1e-4", "서브샘플링 t = 0.0001", dict(subsample=1e-4)),
          ("hp_fixed", "고정 윈도우", dict(window="fixed")),
          ("hp_sgd", "SGD (word2vec 방식)", dict(optimizer="SGD", lr=0.025, batch_size=500)),
          ("hp_1ep", "1에폭", dict(epochs=1))]
    for name, title, kw in hp:                   # 4.4의 하이퍼파라미터 실험 (3에폭 기준 w2vlib_cbow_3ep에서 하나씩)
        rows.append(Row(name, "train", title, _train_settings(**{"epochs": 3, **kw}), max_repeats=2))
    for batch, lr in [(8000, 0.03), (16000, 0.03), (64000, 0.03), (32000, 0.01), (32000, 0.1)]:
        rows.append(Row(f"sweep_b{batch}_lr{lr:g}", "train", f"배치 {batch:,}, 학습률 {lr:g}",
                        _train_settings(batch_size=batch, lr=lr), max_repeats=2))
    for stage in [*STAGES, DENSE_ADAM_LARGE_BATCH]:
        rows.append(Row(f"stage_{stage.key}", "stage", stage.label, _stage_settings(stage), quality=False))
    rows += [
        *lookup_and_loss_micro_rows(),
        Row("micro_scatter", "micro", "중복 행 더하기 (4.1, 4.3.4)",
            dict(V=10_000, H=HIDDEN, n=[600, 5_000], ids="PTB 유니그램 분포"), quality=False),
        Row("micro_output", "micro", "은닉층 이후: 소프트맥스 대 시그모이드 k+1개 (4.2)",
            dict(V=[1_000, 10_000, 100_000, 1_000_000], H=HIDDEN, N=100, k=NEGATIVE), quality=False),
        Row("micro_negative_sampling", "micro", "샘플러와 손실: 책 대 w2vlib (4.2)",
            dict(V="PTB", H=HIDDEN, N=100, k=NEGATIVE), quality=False),
        Row("micro_book_iteration", "micro", "책의 한 반복, 부분마다 (4.3)",
            dict(V="PTB", H=HIDDEN, N=100, k=NEGATIVE, optimizer="밀집 Adam", lr=0.001), quality=False),
        Row("book_setting_quality", "long", "책의 설정 (제자리 Adam 단계로 학습)",
            {**_stage_settings(next(s for s in STAGES if s.key == "inplace")), "epochs": 10}),
    ]
    rows += nsmc_rows()
    return rows


# --------------------------------------------------------------------------- 4.1의 원핫 격자, 부록 A.8의 V 훑기 (micro)

def lookup_and_loss_micro_rows() -> list[Row]:
    """4.1 탐색기·그림의 원핫 × W 대 행 읽기 격자와, 부록 A.8의 세 손실의 V 훑기. 책을 만들 때는 재지 않고 이 행을 읽습니다
    (:func:`w2vlib.book.results.lookup_grid`, :func:`~w2vlib.book.results.per_word_costs`)."""
    from w2vlib.book import loss_cost, onehot_cost

    grid = {k: list(v) for k, v in onehot_cost.GRID.items()}
    return [
        Row("micro_lookup", "micro", "원핫 × W 대 행 읽기, V × H × N 격자 (4.1)",
            dict(**grid, dtype="float32", onehot="convert_one_hot → float32 → @ W (원핫 생성 포함)", lookup="W[idx]",
                 seed=0, repeat_in_process=3), quality=False),
        Row("micro_loss_per_word", "micro", "소프트맥스 대 네거티브 샘플링 대 계층적 소프트맥스, V 훑기 (부록 A.8)",
            dict(V=list(loss_cost.VS), H=HIDDEN, N_softmax=100, N_fast=1_000, k=NEGATIVE, dtype="float32",
                 counts="지프 (순위 r의 빈도 max(1, 100,000 // r))", sparse=True, min_total=0.02), quality=False),
    ]


def _child_lookup_grid(s: dict) -> dict:
    from w2vlib.book import onehot_cost
    return onehot_cost.measure_grid(s["V"], s["H"], s["N"], repeat=s["repeat_in_process"], seed=s["seed"])


def _child_loss_per_word(s: dict) -> dict:
    from w2vlib.book import loss_cost
    return loss_cost.measure_per_word(s["V"], H=s["H"], n_softmax=s["N_softmax"], n_fast=s["N_fast"],
                                      min_total=s["min_total"])


LOOKUP_AND_LOSS_CHILDREN = {"micro_lookup": _child_lookup_grid, "micro_loss_per_word": _child_loss_per_word}


def _stage_settings(stage) -> dict:
    window = "shrinking" if stage.window == "줄어드는" else "fixed"
    return dict(stage=stage.key, change=stage.change, batch_size=stage.batch_size, optimizer=stage.optimizer_name,
                lr=stage.lr, window=window, workers=stage.workers, reuse_memory=stage.reuse_memory,
                blas_threads=BLAS_THREADS, exact=stage.exact, seed=0)


# --------------------------------------------------------------------------- 자식 프로세스: 한 번 재기

def _scores(vecs, word_to_id) -> dict:
    from w2vlib.evaluation import benchmark_scores
    return {k: float(v) for k, v in benchmark_scores(vecs, word_to_id).items()}


def _child_train(row: Row, with_quality: bool, data) -> dict:
    from w2vlib.memory import reuse_large_allocations
    from w2vlib.train import TrainConfig, train_word2vec

    from w2vlib.text import subsample

    s = row.settings
    corpus, word_to_id, _ = data
    if s["reuse_memory"]:
        reuse_large_allocations()
    if s.get("subsample"):                       # 4.4와 같이 학습 전에 한 번 (시드 0)
        corpus = subsample(corpus, s["subsample"], rng=np.random.default_rng(0))
    cfg = TrainConfig(model=s["model"], loss=s["loss"], window_size=s["window_size"], hidden_size=s["hidden"],
                      sample_size=s["negative"], power=s["power"], shrink_window=s["window"] == "shrinking",
                      epochs=s["epochs"], optimizer="sgd" if s["optimizer"] == "SGD" else "adam",
                      batch_size=s["batch_size"], lr=s["lr"], seed=s["seed"], workers=s["workers"])
    import resource

    def children_cpu():                          # 기다린 자식 프로세스(workers ≥ 2의 Hogwild 일꾼)의 CPU 시간
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    wall, cpu, child_cpu = time.perf_counter(), time.process_time(), children_cpu()
    model, trainer = train_word2vec(corpus, len(word_to_id), cfg, progress=False)
    out = {"seconds": time.perf_counter() - wall,
           "cpu_seconds": time.process_time() - cpu + children_cpu() - child_cpu,
           "fit_seconds": trainer.elapsed, "tokens": int(len(corpus))}
    if with_quality:
        out["quality"] = _scores(model.word_vecs, word_to_id)
    return out


def _child_gensim(row: Row, with_quality: bool, data) -> dict:
    from gensim.models import Word2Vec

    s = row.settings
    corpus, word_to_id, id_to_word = data
    words = [id_to_word[i] for i in corpus.tolist()]
    sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
    wall, cpu = time.perf_counter(), time.process_time()
    hs = int(s["loss"] == "hs")
    model = Word2Vec(sentences, vector_size=s["hidden"], window=s["window_size"], min_count=1,
                     sg=int(s["model"] == "skipgram"), hs=hs, negative=0 if hs else s["negative"],
                     ns_exponent=s["power"], sample=0, workers=s["workers"],
                     epochs=s["epochs"], alpha=s["lr"], min_alpha=0.0001, seed=s["seed"])
    out = {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu}
    out["fit_seconds"] = float(model.total_train_time)   # gensim이 잰 train 부분 (어휘 만들기 뺌): 4.4의 다시 재기 셀과 비교
    if with_quality:
        kv = model.wv
        vecs = kv.vectors[[kv.key_to_index[id_to_word[i]] for i in range(len(word_to_id))]]
        out["quality"] = _scores(vecs, word_to_id)
    return out


def _stage_by_key(key):
    from w2vlib.book.speedup_steps import DENSE_ADAM_LARGE_BATCH, STAGES
    return next(s for s in [*STAGES, DENSE_ADAM_LARGE_BATCH] if s.key == key)


STAGE_TIME_BUDGET = 3.0
"""반복 단위 단계를 잴 시간(초): 한 에폭이 이보다 오래 걸리면 처음 몇 반복만 재서 늘려 잡습니다."""


def _stage_setup(row: Row, data):
    """단계 행의 자식 프로세스 준비: (단계, 말뭉치, 어휘 수, 맥락, 타깃). 단계가 메모리 재사용을 켜면 여기서 켭니다
    (프로세스 전체 설정이라, 이 자식 프로세스의 주인인 벤치마크가 부름)."""
    from w2vlib.text import create_contexts_target

    corpus, word_to_id, _ = data
    contexts, target = create_contexts_target(corpus, WINDOW)
    stage = _stage_by_key(row.settings["stage"])
    if stage.reuse_memory:
        from w2vlib.memory import reuse_large_allocations
        reuse_large_allocations()
    return stage, corpus, len(word_to_id), contexts, target


def _child_stage(row: Row, with_quality: bool, data) -> dict:
    from w2vlib.book import speedup_steps

    stage, corpus, vocab_size, contexts, target = _stage_setup(row, data)
    cpu = time.process_time()
    tm = speedup_steps.time_stage(stage, corpus, vocab_size, contexts, target, budget=STAGE_TIME_BUDGET,
                                  min_iters=20, seed=row.settings["seed"])
    return {"seconds": tm.seconds_per_epoch, "cpu_seconds": time.process_time() - cpu,
            "iterations_timed": tm.iterations_timed, "iterations_per_epoch": tm.iterations_per_epoch,
            "extrapolated": tm.extrapolated}


def _child_long(row: Row, with_quality: bool, data) -> dict:
    from w2vlib.book import speedup_steps

    stage, corpus, vocab_size, contexts, target = _stage_setup(row, data)
    word_to_id = data[1]
    wall, cpu = time.perf_counter(), time.process_time()
    vecs, losses = speedup_steps.train_stage(stage, corpus, vocab_size, contexts, target,
                                             epochs=row.settings["epochs"], seed=row.settings["seed"],
                                             max_steps=row.settings.get("max_steps"))
    out = {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu,
           "final_loss": float(np.mean(losses[-300:]))}
    out["quality"] = _scores(vecs, word_to_id)
    return out


def _best(fn, repeats: int, number: int = 1) -> float:
    """fn을 ``number`` 번 묶어 ``repeats`` 번 잰 것 가운데 한 번의 최소 시간(초)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def _child_micro(row: Row, with_quality: bool, data) -> dict:
    from w2vlib.book import loss_cost, reference, scatter_methods
    from w2vlib.layers import Embedding
    from w2vlib.negative_sampling import NegativeSamplingLoss
    from w2vlib.sampling import UnigramSampler

    corpus, word_to_id, _ = data
    V_ptb = len(word_to_id)
    s = row.settings
    rng = np.random.default_rng(0)
    out: dict = {}
    if row.name in LOOKUP_AND_LOSS_CHILDREN:
        out.update(LOOKUP_AND_LOSS_CHILDREN[row.name](s))
    elif row.name == "micro_scatter":
        unigram = np.bincount(corpus, minlength=V_ptb) / len(corpus)
        for n in s["n"]:
            idx = rng.choice(V_ptb, size=n, p=unigram)
            values = rng.standard_normal((n, s["H"]), dtype=np.float32)
            dW = np.zeros((V_ptb, s["H"]), dtype=np.float32)
            for name, fn in scatter_methods.METHODS.items():
                if name == "파이썬 루프" and n > 1000:
                    continue
                out[f"{name}|n{n}"] = _best(lambda: fn(dW, idx, values), 15)
            for label, sparse in (("Embedding.backward (밀집)", False), ("Embedding.backward (sparse=True)", True)):
                layer = Embedding(np.zeros((V_ptb, s["H"]), dtype=np.float32), sparse=sparse)
                layer.forward(idx)
                out[f"{label}|n{n}"] = _best(lambda: layer.backward(values), 15)
    elif row.name == "micro_output":
        H, N, k = s["H"], s["N"], s["k"]
        for V in s["V"]:
            W_out = 0.1 * rng.standard_normal((V, H), dtype=np.float32)
            h = rng.standard_normal((N, H), dtype=np.float32)
            many = rng.integers(0, V, size=(N, k + 1))

            out[f"softmax_V{V}"] = _best(lambda: loss_cost.softmax_output(h, W_out), 3, max(1, 200_000 // V))
            out[f"sigmoid_V{V}"] = _best(lambda: loss_cost.sigmoid_output(h, W_out, many), 7, 200)
    elif row.name == "micro_negative_sampling":
        H, N, k = s["H"], s["N"], s["k"]
        W_out = (0.1 * rng.standard_normal((V_ptb, H))).astype(np.float32)
        h = rng.standard_normal((N, H)).astype(np.float32)
        target = corpus[rng.integers(0, len(corpus), size=N)]
        book_sampler = reference.UnigramSampler(corpus, POWER, k, rng=np.random.RandomState(0))
        fast_sampler = UnigramSampler(corpus, POWER, k, rng=0)
        negative = book_sampler.get_negative_sample(target)
        book_loss = reference.NegativeSamplingLoss(W_out, corpus, power=POWER, sample_size=k,
                                                   rng=np.random.RandomState(0))
        fast_loss = NegativeSamplingLoss(W_out, corpus, power=POWER, sample_size=k, rng=0)
        sparse_loss = NegativeSamplingLoss(W_out, corpus, power=POWER, sample_size=k, rng=0, sparse=True)

        def fb(layer):
            layer.forward(h, target, negative)
            layer.backward()

        out["sampler_book"] = _best(lambda: book_sampler.get_negative_sample(target), 5, 4)
        out["sampler_w2vlib"] = _best(lambda: fast_sampler.get_negative_sample(target), 7, 200)
        out["loss_book"] = _best(lambda: fb(book_loss), 7, 5)
        out["loss_w2vlib_dense"] = _best(lambda: fb(fast_loss), 7, 50)
        out["loss_w2vlib_sparse"] = _best(lambda: fb(sparse_loss), 7, 50)
    elif row.name == "micro_book_iteration":
        from w2vlib.book.speedup_steps import profile_book_iteration
        from w2vlib.text import create_contexts_target

        contexts, target = create_contexts_target(corpus, WINDOW)
        out.update(profile_book_iteration(corpus, V_ptb, contexts, target, n_iter=15, batch_size=s["N"]))
    else:
        raise ValueError(f"row: 알 수 없는 micro 행입니다: {row.name!r}")
    return {"parts": out}


CHILD = {"train": _child_train, "gensim": _child_gensim, "stage": _child_stage, "micro": _child_micro,
         "long": _child_long, "nsmc": lambda row, with_quality, data: _child_nsmc(row, with_quality)}


def child_main(name: str, out_path: str, with_quality: bool, overrides: dict) -> None:
    from w2vlib import ptb

    import w2vlib.evaluation  # noqa: F401 - 학습 전에 import: 긴 학습 도중 작업 트리가 바뀌어도 평가가 깨지지 않게

    row = _row_by_name(name, overrides)
    data = None if row.kind == "nsmc" else ptb.load_data("train")      # NSMC 행은 자기 말뭉치를 읽음
    if row.kind in ("train", "gensim"):          # 명령줄 도구처럼 int32 ID로 (읽은 int64 배열은 버림; 두 라이브러리 같게)
        from w2vlib.text import compact_ids
        corpus, word_to_id, id_to_word = data
        data = (compact_ids(corpus, len(word_to_id)), word_to_id, id_to_word)
        del corpus
    result = CHILD[row.kind](row, with_quality, data)
    Path(out_path).write_text(json.dumps(result))


# --------------------------------------------------------------------------- 한국어 NSMC 행 (이슈 21, 4.5절)

NSMC_TRAIN = dict(corpus="nsmc", tokens="morph", min_count=5, reviews=None, model="cbow", loss="ns", batch_size=64000,
                  optimizer="lazy Adam", lr=0.03, lr_schedule="linear", window="shrinking", reuse_memory=True,
                  blas_threads=BLAS_THREADS,
                  epochs=5, seed=0, hidden=HIDDEN, window_size=WINDOW, negative=NEGATIVE, power=POWER)
"""NSMC 학습 행의 설정: 명령줄 ``python -m w2vlib.train --corpus nsmc --tokens morph --model cbow --epochs 5``와
같은 값 (NSMC의 기본값인 선형 감소 학습률 :data:`w2vlib.config.CORPUS_DEFAULTS`; 전체 말뭉치에서 명령줄 도구가 고르는
배치 64,000 :data:`w2vlib.config.MAX_UPDATES_PER_EPOCH`; 명령줄 도구는 메모리 재사용을 켭니다). ``reviews``: None이면
리뷰 712,383개 전부 (``--reviews``로 줄여도 배치는 이 값 그대로)."""
NSMC_GENSIM = {**NSMC_TRAIN, "optimizer": "SGD", "lr": 0.025, "min_lr": 0.0001, "batch_size": None,
               "reuse_memory": False, "sentences": "리뷰마다"}
"""gensim 행: 같은 형태소 토큰과 어휘(빈도 5 이상), gensim 4의 기본 SGD 학습률 0.025 → 0.0001, 문장 = 리뷰 하나."""


def nsmc_rows() -> list[Row]:
    """4.5절이 인용하는 NSMC 전체의 행: MeCab-ko 토큰화, w2vlib과 gensim의 CBOW 5에폭 × 코어 1·2.

    학습 행은 PTB 행처럼 ``--repeats`` 번(기본 3) 번갈아 재어 최솟값과 흔들림을 씁니다: 한 번씩 잰 두 실행에서 같은 행의
    시간이 27%까지 달랐습니다 (gensim 1코어 117.0 s 대 92.2 s; 2026-12-07). 토큰화 행은 한 번입니다 (약 1분, 비교하지
    않음). 한 번 돌 때 약 5.5분이라 ``--kind nsmc``로 따로 잽니다 (기본 3번에 약 18분). 학습 행은 학습 시간, 프로세스
    전체 시간(말뭉치 읽기·평가 포함), 한국어 WordSim-353 ρ와 쌍 수, 남성–여성 유추 정답률과 문제 수를 적습니다."""
    rows = [Row("nsmc_tokenize", "nsmc", "MeCab-ko 형태소 토큰화 (NSMC 전체, 1회)",
                dict(corpus="nsmc", tokens="morph", reviews=None, program="tokenize", workers=1,
                     blas_threads=BLAS_THREADS), quality=False, max_repeats=1)]
    for w in (1, 2):
        rows.append(Row(f"nsmc_w2vlib_w{w}", "nsmc", f"w2vlib CBOW, NSMC 형태소, workers={w}",
                        {**NSMC_TRAIN, "program": "w2vlib", "workers": w}))
        rows.append(Row(f"nsmc_gensim_w{w}", "nsmc", f"gensim CBOW, NSMC 형태소, workers={w}",
                        {**NSMC_GENSIM, "program": "gensim", "workers": w}))
    return rows


def _nsmc_overrides(row: Row, overrides: dict) -> Row:
    """개발용 ``--epochs``, ``--reviews``를 NSMC 행의 설정에 적어 넣습니다."""
    settings = dict(row.settings)
    if "epochs" in overrides and "epochs" in settings:
        settings["epochs"] = overrides["epochs"]
    if overrides.get("reviews"):
        settings["reviews"] = overrides["reviews"]
    return Row(row.name, row.kind, row.title, settings, row.quality, row.max_repeats)


def nsmc_prepare(rows: list[Row]) -> None:
    """재기 전에 (부모 프로세스에서) 토큰화 캐시를 만들어 둡니다: 학습 행은 캐시에서 읽습니다 (처음이면 약 4분)."""
    from w2vlib import nsmc

    for limit in {r.settings["reviews"] for r in rows if r.settings["program"] != "tokenize"}:
        nsmc.load_tokens("morph", limit)


def _child_nsmc(row: Row, with_quality: bool) -> dict:
    import resource

    from w2vlib import korean_eval, nsmc

    s = row.settings

    def cpu():                                   # 자기 자신과 기다린 자식 프로세스(workers ≥ 2의 일꾼)의 CPU 시간
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    if s["program"] == "tokenize":               # 캐시 없이: 리뷰 파일을 읽어 MeCab-ko로 나누는 시간
        from w2vlib.tokenizers import get_tokenizer, tokenize_docs
        tokenizer, version = get_tokenizer(s["tokens"])
        texts = [r.text for r in nsmc.iter_reviews(s["reviews"], progress=False)]
        wall, c0 = time.perf_counter(), cpu()
        corpus = tokenize_docs(texts, tokenizer, progress=False)
        return {"seconds": time.perf_counter() - wall, "cpu_seconds": cpu() - c0, "tokens": int(len(corpus.ids)),
                "reviews": corpus.n_docs, "characters": sum(map(len, texts)), "tokenizer": version}
    tokenized = nsmc.load_tokens(s["tokens"], s["reviews"], progress=False)
    corpus, word_to_id, id_to_word = tokenized.training_corpus(s["min_count"])
    if s["program"] == "w2vlib":
        from w2vlib.memory import reuse_large_allocations
        from w2vlib.train import TrainConfig, train_word2vec
        if s["reuse_memory"]:
            reuse_large_allocations()
        cfg = TrainConfig(model=s["model"], loss=s["loss"], window_size=s["window_size"], hidden_size=s["hidden"],
                          sample_size=s["negative"], power=s["power"], shrink_window=s["window"] == "shrinking",
                          epochs=s["epochs"], optimizer="sgd" if s["optimizer"] == "SGD" else "adam",
                          batch_size=s["batch_size"], lr=s["lr"], lr_schedule=s["lr_schedule"], seed=s["seed"],
                          workers=s["workers"])
        wall, c0 = time.perf_counter(), cpu()
        model, trainer = train_word2vec(corpus, len(word_to_id), cfg, progress=False)
        out = {"seconds": time.perf_counter() - wall, "cpu_seconds": cpu() - c0, "fit_seconds": trainer.elapsed}
        vecs = model.word_vecs
    else:
        from gensim.models import Word2Vec
        docs = tokenized.docs()                  # 문장 = 리뷰 하나 (gensim이 리뷰마다 따로 윈도우를 만듦)
        wall, c0 = time.perf_counter(), cpu()
        model = Word2Vec(docs, vector_size=s["hidden"], window=s["window_size"], min_count=s["min_count"],
                         sg=int(s["model"] == "skipgram"), hs=0, negative=s["negative"], ns_exponent=s["power"],
                         sample=0, cbow_mean=1, workers=s["workers"], epochs=s["epochs"], alpha=s["lr"],
                         min_alpha=s["min_lr"], seed=s["seed"])
        out = {"seconds": time.perf_counter() - wall, "cpu_seconds": cpu() - c0}
        vecs = model.wv.vectors[[model.wv.key_to_index[id_to_word[i]] for i in range(len(word_to_id))]]
    out.update(tokens=int(len(corpus)), vocab=len(word_to_id))
    if with_quality:
        out["quality"] = korean_eval.benchmark_scores(vecs, word_to_id)
    return out


def summarize_nsmc(row: Row, runs: list[dict], limits: dict, corpus_len: int, mean_code: float) -> dict:
    """NSMC 행의 결과: 학습 행은 :func:`summarize`와 같은 모양 (+ 토큰·어휘 수), 토큰화 행은 시간과 처리량만."""
    if row.settings["program"] != "tokenize":
        entry = summarize(row, runs, limits, corpus_len, mean_code)
        entry.update(tokens=runs[0]["tokens"], vocab=runs[0]["vocab"])
        return entry
    secs = [r["seconds"] for r in runs]
    entry = {"name": row.name, "kind": row.kind, "title": row.title, "commit": _git("rev-parse", "--short=12", "HEAD"),
             "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
             "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "settings": row.settings, "repeats": len(runs), "quality": None, "cost_model": None}
    entry.update(times={
        "unit": "초 (토큰화 전체)", "all": secs, "min": min(secs), "spread": max(secs) / min(secs) - 1,
        "cpu_min": min(r["cpu_seconds"] for r in runs), "process_min": min(r["process_seconds"] for r in runs),
        "peak_pss_mib_min": min(r["peak_pss_mib"] for r in runs)})
    entry.update({k: runs[0][k] for k in ("tokens", "reviews", "characters", "tokenizer")})
    return entry


# --------------------------------------------------------------------------- 부모 프로세스

def _row_by_name(name: str, overrides: dict | None = None) -> Row:
    rows = {r.name: r for r in _rows()}
    if name not in rows:
        raise SystemExit(f"--rows: 알 수 없는 행 이름입니다: {name!r} (--list로 이름을 보세요)")
    row = rows[name]
    if overrides and row.kind in ("train", "gensim", "long") and "epochs" in overrides:
        row = Row(row.name, row.kind, row.title, {**row.settings, "epochs": overrides["epochs"]}, row.quality,
                  row.max_repeats)
    if overrides and row.kind == "long" and overrides.get("max_steps"):
        row = Row(row.name, row.kind, row.title, {**row.settings, "max_steps": overrides["max_steps"]}, row.quality,
                  row.max_repeats)
    if overrides and row.kind == "nsmc":
        row = _nsmc_overrides(row, overrides)
    return row


def run_child(name: str, with_quality: bool, overrides: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, os.path.abspath(__file__), "--child", name, "--child-out", str(out),
               "--overrides", json.dumps(overrides)] + (["--with-quality"] if with_quality else [])
        # 프로세스 트리 전체(Hogwild의 자식 포함)의 PSS 합의 최댓값과 프로세스 전체의 벽시계 시간도 적습니다.
        from peak_memory import run_with_peak_pss
        start = time.perf_counter()
        done, peak = run_with_peak_pss(cmd)
        if done.returncode:
            raise subprocess.CalledProcessError(done.returncode, cmd)
        result = json.loads(out.read_text())
        result.update(process_seconds=time.perf_counter() - start, peak_pss_mib=peak / 2**20)
        return result


def _git(*args) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


LSCPU_FIELDS = {"Model name": "model", "Thread(s) per core": "threads_per_core", "Hypervisor vendor": "hypervisor",
                "L1d cache": "l1d", "L2 cache": "l2", "L3 cache": "l3"}
"""결과 파일의 ``machine.cpu``에 옮겨 적는 ``lscpu`` 줄 (이름 → 키)."""


def _lscpu() -> dict:
    """``lscpu``의 :data:`LSCPU_FIELDS` 줄들 (값은 그대로, 앞뒤 공백만 뗌). lscpu가 없으면 빈 dict."""
    try:
        out = subprocess.run(["lscpu"], check=True, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.CalledProcessError):
        return {}
    found = {}
    for line in out.stdout.splitlines():
        name, _, value = line.partition(":")
        if name.strip() in LSCPU_FIELDS:
            found[LSCPU_FIELDS[name.strip()]] = value.strip()
    return found


def _lscpu_model() -> str:
    return _lscpu().get("model") or platform.processor() or "unknown"


def machine_limits() -> dict:
    """이 기계의 단일 코어 float32 sgemm 처리량(FLOP/s)과 복사 대역폭(바이트/s, 읽기+쓰기): 캐시 안·주 메모리."""
    rng = np.random.default_rng(0)
    n = 1024
    a, b = (rng.standard_normal((n, n)).astype(np.float32) for _ in range(2))
    flops = 2 * n ** 3 / _best(lambda: a @ b, 7)
    small = np.ones(2 ** 22 // 4, dtype=np.float32)               # 4 MB (W_out 한 개 크기): 캐시 안
    small_out = np.empty_like(small)
    big = np.ones(2 ** 28 // 4, dtype=np.float32)                 # 256 MB: 캐시 밖
    big_out = np.empty_like(big)
    np.copyto(big_out, big)
    cache_bw = 2 * small.nbytes / _best(lambda: np.copyto(small_out, small), 9, 20)
    dram_bw = 2 * big.nbytes / _best(lambda: np.copyto(big_out, big), 5)
    return {"sgemm_flops": flops, "cache_copy_bytes_per_s": cache_bw, "dram_copy_bytes_per_s": dram_bw}


def machine_info(limits: dict) -> dict:
    import scipy

    try:
        import gensim
        gensim_version = gensim.__version__
    except ImportError:
        gensim_version = None
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas_name = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - numpy 판마다 구성이 다름
        blas_name = "unknown"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
    return {"cpu_model": _lscpu_model(), "cores": os.cpu_count(), "memory_gb": round(mem / 2 ** 30, 1),
            "cpu": _lscpu(), "libc": " ".join(platform.libc_ver()).strip() or None,
            "os": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "blas": {"vendor": blas_name, "threads": BLAS_THREADS}, "gensim": gensim_version,
            "throughput": limits}


def cost_model(row: Row, seconds_per_epoch: float, limits: dict, corpus_len: int, mean_code: float) -> dict:
    """한 에폭의 (FLOP, 바이트), 이 기계의 하한(초)과 실측까지의 거리."""
    s = row.settings
    shrink = s.get("window") == "shrinking"
    w = s.get("window_size", WINDOW)
    c = float(2 * np.mean(np.arange(1, w + 1))) if shrink else float(2 * w)
    outputs = mean_code if s.get("loss") == "hs" else NEGATIVE + 1.0
    T, H = corpus_len, s.get("hidden", HIDDEN)
    if s.get("model") == "skipgram":
        flops = T * c * 6 * H * outputs
        nbytes = T * c * (1 + outputs) * H * 4 * 2
    else:
        flops = T * (2 * c * H + 6 * H * outputs)
        nbytes = T * (c + outputs) * H * 4 * 2
    bound = max(flops / limits["sgemm_flops"], nbytes / limits["cache_copy_bytes_per_s"])
    return {"context_words": c, "outputs_per_target": outputs, "flops_per_epoch": flops, "bytes_per_epoch": nbytes,
            "compute_bound_s": flops / limits["sgemm_flops"], "cache_bound_s": nbytes / limits["cache_copy_bytes_per_s"],
            "dram_bound_s": nbytes / limits["dram_copy_bytes_per_s"], "bound_s_per_epoch": bound,
            "distance": seconds_per_epoch / bound,
            "distance_all_cores": seconds_per_epoch * max(1, s.get("workers") or 1) / bound,
            "throughput": dict(limits)}          # 이 행의 하한이 쓴 처리량 (machine.throughput은 마지막에 잰 값)


def summarize(row: Row, runs: list[dict], limits: dict, corpus_len: int, mean_code: float) -> dict:
    """반복들의 결과 → 결과 파일의 행 하나."""
    entry = {"name": row.name, "kind": row.kind, "title": row.title, "commit": _git("rev-parse", "--short=12", "HEAD"),
             "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
             "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "settings": row.settings, "repeats": len(runs), "quality": None, "cost_model": None}
    if row.kind == "micro":
        parts = {k: [r["parts"][k] for r in runs] for k in runs[0]["parts"]}
        entry["times"] = {"unit": "초 (한 번)", "parts": {k: {"min": min(v), "spread": max(v) / min(v) - 1, "all": v}
                                                       for k, v in parts.items()}}
        return entry
    secs = [r["seconds"] for r in runs]
    times = {"unit": "초 (에폭당)" if row.kind == "stage" else "초 (학습 전체)", "all": secs, "min": min(secs),
             "spread": max(secs) / min(secs) - 1, "cpu_min": min(r["cpu_seconds"] for r in runs)}
    if row.kind == "stage":
        times.update({k: runs[0][k] for k in ("iterations_timed", "iterations_per_epoch", "extrapolated")})
        per_epoch = min(secs)
    else:
        per_epoch = min(secs) / row.settings["epochs"]
        if "fit_seconds" in runs[0]:
            times["fit_min"] = min(r["fit_seconds"] for r in runs)
        if "final_loss" in runs[0]:
            entry["final_loss"] = runs[0]["final_loss"]
        if "peak_pss_mib" in runs[0]:            # 프로세스 트리의 PSS 합의 최댓값 (MiB), 프로세스 전체 시간 (초)
            times["peak_pss_mib_min"] = min(r["peak_pss_mib"] for r in runs)
            times["process_min"] = min(r["process_seconds"] for r in runs)
    times["per_epoch_min"] = per_epoch
    entry["times"] = times
    entry["quality"] = next((r["quality"] for r in runs if "quality" in r), None)
    entry["cost_model"] = cost_model(row, per_epoch, limits, runs[0].get("tokens", corpus_len), mean_code)
    return entry


def results_path(run: str) -> Path:
    return RESULTS_DIR / f"{run}.json"


def merge_and_write(run: str, machine: dict | None, rows: dict) -> Path:
    """``benchmarks/results/<run>.json``에 행들을 이름으로 바꿔 넣어 씁니다 (임시 파일 → 이름 바꾸기)."""
    path = results_path(run)
    data = json.loads(path.read_text()) if path.exists() else {"run": run, "machine": None, "rows": {}}
    if machine is not None:
        old = data.get("machine")
        if old and old.get("cpu_model") != machine["cpu_model"]:
            print(f"경고: 기존 행은 다른 CPU({old['cpu_model']})에서 쟀습니다.", file=sys.stderr)
        data["machine"] = machine
    data["rows"].update(rows)
    data["rows"] = {k: data["rows"][k] for k in [r.name for r in _rows()] if k in data["rows"]}
    dates = sorted(r["date"] for r in data["rows"].values())
    data["date"] = dates[-1][:10] if dates else None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    tmp.replace(path)
    return path


def take_rows(run: str, source: str) -> None:
    """``--take-from RUN[:KIND]``: 결과 파일 RUN의 따로 재는 종류(KIND, 없으면 :data:`SEPARATE_KINDS` 모두)의 행을
    다시 재지 않고 결과 파일 ``run``으로 옮깁니다 (기계 정보는 ``run``의 것을 그대로 둠)."""
    other_run, _, kind = source.partition(":")
    kinds = (kind,) if kind else SEPARATE_KINDS
    if kind and kind not in SEPARATE_KINDS:
        raise SystemExit(f"--take-from: 종류는 {', '.join(SEPARATE_KINDS)} 가운데 하나여야 합니다 (받은 값: {kind!r}).")
    path = results_path(other_run)
    if not path.exists():
        raise SystemExit(f"--take-from: 결과 파일 {path}이 없습니다.")
    other = json.loads(path.read_text())
    suite = {r.name for r in _rows()}
    taken = {k: v for k, v in other["rows"].items() if v["kind"] in kinds and k in suite}
    if not taken:
        raise SystemExit(f"--take-from: {path}에 {'·'.join(kinds)} 행이 없습니다.")
    merge_and_write(run, None, taken)
    print(f"{other_run}에서 옮긴 행 ({'·'.join(kinds)}): {', '.join(taken)}.")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", help="결과 파일 이름 (benchmarks/results/<run>.json)")
    p.add_argument("--rows", nargs="+", help="이 이름의 행만 잼 (기본: --kind가 없으면 따로 재는 종류가 아닌 모든 행)")
    p.add_argument("--kind", choices=SEPARATE_KINDS,
                   help="따로 재는 종류의 행만 잼: long (오래 걸리는 품질 행), nsmc (한국어 NSMC 전체, 4.5절)")
    p.add_argument("--repeats", type=int, default=3, help="모든 행을 번갈아 잴 횟수 (최솟값과 흔들림을 씀)")
    p.add_argument("--epochs", type=int, help="개발용: 학습 행의 에폭 수를 바꿈 (결과 파일의 설정에 적힘)")
    p.add_argument("--max-steps", type=int, help="개발용: long 행을 이 반복 수에서 멈춤 (결과 파일의 설정에 적힘)")
    p.add_argument("--reviews", type=int, help="개발용: nsmc 행을 앞 N개 리뷰로 (결과 파일의 설정에 적힘)")
    p.add_argument("--take-from", metavar="RUN[:KIND]", action="append", default=[],
                   help="다른 결과 파일(benchmarks/results/RUN.json)의 따로 재는 종류의 행(KIND만, 없으면 "
                        f"{'·'.join(SEPARATE_KINDS)} 모두)을 이 결과 파일로 옮겨 씀 (다시 재지 않음, 여러 번 줄 수 있음)")
    p.add_argument("--publish", action="store_true", help="결과 파일을 w2vlib/book/data/benchmark.json으로 복사")
    p.add_argument("--list", action="store_true", help="행 이름과 설명을 보여 주고 끝냄")
    p.add_argument("--no-measure", action="store_true", help="재지 않고 --take-from·--publish만 함")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    p.add_argument("--overrides", default="{}", help=argparse.SUPPRESS)
    p.add_argument("--with-quality", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child_main(args.child, args.child_out, args.with_quality, json.loads(args.overrides))
        return
    if args.list:
        for r in _rows():
            print(f"{r.name:32s} {r.kind:6s} {r.title}")
        return
    if not args.run:
        p.error("--run: 결과 파일 이름이 필요합니다 (예: --run 2026-12-06-quiet)")
    if args.repeats < 1:
        p.error("--repeats: 1 이상이어야 합니다")
    overrides = {k: v for k, v in (("epochs", args.epochs), ("max_steps", args.max_steps),
                                   ("reviews", args.reviews)) if v}
    if args.no_measure:
        rows = []
    elif args.rows:
        rows = [_row_by_name(n, overrides) for n in args.rows]
    else:
        rows = [_row_by_name(r.name, overrides) for r in _rows()
                if r.kind == args.kind or (args.kind is None and r.kind not in SEPARATE_KINDS)]
    if any(r.kind == "nsmc" for r in rows):
        nsmc_prepare(rows)
    if rows:
        from w2vlib import ptb
        from w2vlib.hierarchical_softmax import HuffmanTree

        corpus, word_to_id, _ = ptb.load_data("train")
        counts = np.bincount(corpus, minlength=len(word_to_id))
        mean_code = float(HuffmanTree(counts).expected_length(counts / len(corpus)))
        start = time.perf_counter()
        runs: dict[str, list] = {r.name: [] for r in rows}
        for rep in range(1 if any(r.kind == "long" for r in rows) else args.repeats):
            for r in rows:
                if r.max_repeats is not None and rep >= r.max_repeats:
                    continue
                t0 = time.perf_counter()
                res = run_child(r.name, r.quality and rep == 0, overrides)
                runs[r.name].append(res)
                shown = res.get("seconds", float("nan"))
                print(f"[{rep + 1}/{args.repeats}] {r.name:30s} {shown:9.3f} s  (프로세스 {time.perf_counter() - t0:5.1f} s)",
                      flush=True)
        limits = machine_limits()              # 학습이 끝난 뒤에 잼 (학습 시간에 끼어들지 않게)
        machine = machine_info(limits)
        entries = {r.name: (summarize_nsmc if r.kind == "nsmc" else summarize)(r, runs[r.name], limits, len(corpus),
                                                                                mean_code) for r in rows}
        path = merge_and_write(args.run, machine, entries)
        print(f"{len(entries)}행을 {path.relative_to(ROOT)}에 썼습니다 ({time.perf_counter() - start:.0f}초).")
    for source in args.take_from:
        take_rows(args.run, source)
    if args.publish:
        src = results_path(args.run)
        PACKAGE_COPY.parent.mkdir(parents=True, exist_ok=True)
        PACKAGE_COPY.write_bytes(src.read_bytes())
        print(f"{src.relative_to(ROOT)} → {PACKAGE_COPY.relative_to(ROOT)}")
        from w2vlib.book import results
        data = results.load(PACKAGE_COPY)
        for doc in DOCS:
            path = ROOT / doc
            path.write_text(results.replace_doc_block(path.read_text(encoding="utf-8"), data), encoding="utf-8")
            print(f"{doc}의 벤치마크 문단을 새로 썼습니다.")


if __name__ == "__main__":
    main()
