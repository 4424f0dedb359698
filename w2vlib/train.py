"""PTB 로 CBOW/skip-gram 을 학습하는 명령줄 도구와, 노트북·벤치마크가 함께 쓰는 학습 함수.

    python -m w2vlib.train --model cbow --epochs 10 --save vectors.txt

기본 하이퍼파라미터는 책과 같습니다 (윈도우 5, 은닉층 100, 부정적 예 5 개, 지수 0.75). 옵티마이저도
책처럼 Adam 이지만, 배치가 건드린 행만 갱신하는 희소(lazy) Adam 으로 배치 32000, 학습률 0.03 을 씁니다
(책: 밀집 Adam, 배치 100, 0.001). ``--optimizer sgd`` 는 word2vec 과 같은 SGD(예시당 학습률 0.025 에서
선형 감소)입니다. 윈도우는 word2vec/gensim 처럼 무작위로 줄어드는 윈도우가 기본이고, ``--fixed-window`` 로
책과 같은 고정 윈도우를 씁니다.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import numpy as np

from .models import CBOW, SkipGram
from .optimizers import SGD, Adam
from .text import create_contexts_target
from .trainer import Trainer

MODELS = {"cbow": CBOW, "skipgram": SkipGram}
OPTIMIZER_DEFAULTS = {
    # 희소(lazy) Adam: 큰 배치로 numpy 호출 비용을 나눕니다. skip-gram 은 타깃마다 쌍이 최대 2w 개라 배치가 작습니다.
    ("adam", "cbow"): {"batch_size": 32000, "lr": 0.03},
    ("adam", "skipgram"): {"batch_size": 4000, "lr": 0.02},
    # word2vec 의 예시당 학습률 (선형 감소). 배치가 크면 품질이 떨어집니다.
    ("sgd", "cbow"): {"batch_size": 500, "lr": 0.025},
    ("sgd", "skipgram"): {"batch_size": 500, "lr": 0.025},
}
"""(옵티마이저, 모델)마다 PTB 에서 재어 고른 기본 배치 크기와 학습률. ``TrainConfig`` 에서 값을 주지 않으면 씁니다."""


@dataclass
class TrainConfig:
    """학습 설정. 기본값이 이 책의 "빠른 기본 설정" 입니다 (필드 설명은 명령줄 도움말과 같음)."""

    model: str = "cbow"
    loss: str = "ns"
    window_size: int = 5
    hidden_size: int = 100
    sample_size: int = 5
    power: float = 0.75
    shrink_window: bool = True
    epochs: int = 10
    optimizer: str = "adam"
    batch_size: int | None = None      # None: 옵티마이저별 기본값 (OPTIMIZER_DEFAULTS)
    lr: float | None = None
    seed: int = 0
    workers: int = 1                   # 2: 두 번째 코어도 씀 (결과는 같음, Trainer 참고)

    def __post_init__(self):
        if self.model not in MODELS:
            raise ValueError(f"model: {sorted(MODELS)} 가운데 하나여야 합니다 (받은 값: {self.model!r}).")
        if self.optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer: 'adam' 또는 'sgd' 여야 합니다 (받은 값: {self.optimizer!r}).")
        defaults = OPTIMIZER_DEFAULTS[self.optimizer, self.model]
        if self.batch_size is None:
            self.batch_size = defaults["batch_size"]
        if self.lr is None:
            self.lr = defaults["lr"]


def train_word2vec(corpus: np.ndarray, vocab_size: int, config: TrainConfig | None = None,
                   progress: bool = True):
    """말뭉치 (T,) int 로 모델을 학습해 (model, trainer) 를 돌려줍니다. ``model.word_vecs`` 가 (V, H) 단어 벡터,
    ``trainer.elapsed`` 가 학습 시간(초)입니다."""
    cfg = config or TrainConfig()
    # int32 단어 ID: 배치마다 뽑아 오는 맥락 배열이 절반 크기가 됩니다 (V < 2³¹).
    ids = np.asarray(corpus, dtype=np.int32) if vocab_size < 2 ** 31 else corpus
    contexts, target = create_contexts_target(ids, cfg.window_size)
    sgd = cfg.optimizer == "sgd"
    model = MODELS[cfg.model](vocab_size, cfg.hidden_size, cfg.window_size, corpus, sample_size=cfg.sample_size,
                              power=cfg.power, rng=cfg.seed, shrink_window=cfg.shrink_window,
                              update_rule="word2vec" if sgd else "book", loss=cfg.loss)
    optimizer = SGD(cfg.lr, final_lr=cfg.lr * 1e-4) if sgd else Adam(cfg.lr)
    trainer = Trainer(model, optimizer, rng=cfg.seed + 1, workers=cfg.workers)
    trainer.fit(contexts, target, max_epoch=cfg.epochs, batch_size=cfg.batch_size,
                eval_interval=max(1, len(target) // cfg.batch_size // 20), progress=progress)
    return model, trainer


def main(argv=None) -> int:
    from . import ptb
    from .evaluation import evaluate_analogies, evaluate_word_pairs
    from .vectors_io import save_word2vec_format

    d = TrainConfig()
    p = argparse.ArgumentParser(prog="python -m w2vlib.train", description="PTB 로 word2vec(CBOW/skip-gram) 학습")
    p.add_argument("--model", choices=sorted(MODELS), default=d.model)
    p.add_argument("--loss", choices=["ns", "hs"], default=d.loss, help="ns: 네거티브 샘플링, hs: 계층적 소프트맥스")
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--window", type=int, default=d.window_size, help="윈도우 크기 (양옆 단어 수)")
    p.add_argument("--hidden", type=int, default=d.hidden_size, help="단어 벡터 차원")
    p.add_argument("--negative", type=int, default=d.sample_size, help="부정적 예의 수")
    p.add_argument("--power", type=float, default=d.power, help="유니그램 분포의 지수")
    p.add_argument("--fixed-window", action="store_true", help="책과 같은 고정 윈도우 (기본: word2vec 의 줄어드는 윈도우)")
    p.add_argument("--batch-size", type=int, default=None, help="배치 크기 (기본: adam 32000, skip-gram 은 4000, sgd 500)")
    p.add_argument("--optimizer", choices=["sgd", "adam"], default=d.optimizer)
    p.add_argument("--lr", type=float, default=None, help="학습률 (기본: adam 0.03, skip-gram 은 0.02, sgd 0.025)")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--save", metavar="PATH", help="word2vec 텍스트 형식으로 벡터 저장")
    p.add_argument("--no-eval", action="store_true", help="학습 뒤 평가를 건너뜀")
    args = p.parse_args(argv)
    try:
        cfg = TrainConfig(model=args.model, loss=args.loss, window_size=args.window, hidden_size=args.hidden,
                          sample_size=args.negative, power=args.power, shrink_window=not args.fixed_window,
                          epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
                          lr=args.lr,
                          seed=args.seed)
        corpus, word_to_id, id_to_word = ptb.load_data("train")
        print(f"PTB train: 토큰 {len(corpus):,}개, 어휘 {len(word_to_id):,}개", file=sys.stderr)
        start = time.perf_counter()
        model, trainer = train_word2vec(corpus, len(word_to_id), cfg)
    except (ValueError, OSError, ptb.PTBError) as e:
        print(f"오류: {e}", file=sys.stderr)
        return 2
    total = time.perf_counter() - start
    tokens = len(corpus) * cfg.epochs
    print(f"학습 시간 {trainer.elapsed:.1f} 초 (준비 포함 {total:.1f} 초), {tokens / trainer.elapsed:,.0f} 토큰/초")
    if args.save:
        save_word2vec_format(args.save, model.word_vecs, id_to_word)
        print(f"저장: {args.save}")
    if not args.no_eval:
        an = evaluate_analogies(model.word_vecs, word_to_id)
        ws = evaluate_word_pairs(model.word_vecs, word_to_id, "wordsim353.tsv")
        sl = evaluate_word_pairs(model.word_vecs, word_to_id, "simlex999.txt")
        print(f"유추 정답률 (3CosAdd, 문제 {an['n_overall']}개): 전체 {an['overall']:.2%}, "
              f"의미 {an['semantic']:.2%}, 문법 {an['syntactic']:.2%}")
        print(f"WordSim-353 ρ = {ws['spearman']:.3f} ({ws['n_pairs']}쌍), "
              f"SimLex-999 ρ = {sl['spearman']:.3f} ({sl['n_pairs']}쌍)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
