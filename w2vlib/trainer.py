"""미니배치 학습 루프 :class:`Trainer` (책의 ``common/trainer.py``의 Trainer와 같은 사용법)와, 설정
(:class:`~w2vlib.config.TrainConfig`) 하나로 CBOW/skip-gram을 만들어 학습하는 :func:`train_word2vec`."""
from __future__ import annotations

import math
import sys
import time

import numpy as np

from . import hogwild
from ._checks import argument_error, positive_float, positive_int
from .config import SGD_FINAL_LR_RATIO, TrainConfig
from .models import CBOW, SkipGram
from .optimizers import SGD, Adam
from .sampling import as_rng
from .scatter import as_grad
from .text import ContextWindows, ExampleArrays, compact_ids, epoch_batches

MODELS = {"cbow": CBOW, "skipgram": SkipGram}
"""``TrainConfig.model``의 값 → 모델 클래스."""


def _as_examples(x, t):
    """``fit``의 (x, t)를 예시 모음으로: 배열 두 개면 :class:`~w2vlib.text.ExampleArrays`, t가 None이면 x 그대로."""
    if t is not None:
        return ExampleArrays(x, t)
    if not (hasattr(x, "take") and hasattr(x, "__len__")) or isinstance(x, np.ndarray):
        raise argument_error(TypeError, "t", "x가 배열이면 정답 배열 t도 주어야 합니다 (t가 None이면 x는 "
                             f"ContextWindows처럼 len과 take(idx)를 갖는 예시 모음이어야 합니다; 받은 x: "
                             f"{type(x).__name__}).")
    return x


def clip_grads(grads, max_norm: float) -> None:
    """전체 기울기의 L2 노름이 ``max_norm``(0보다 큰 유한한 실수)을 넘으면 같은 비율로 줄입니다 (밀집·희소 모두)."""
    max_norm = positive_float("max_grad", max_norm)
    grads = [as_grad(g) for g in grads]
    total = float(np.sqrt(sum(g.squared_norm() for g in grads)))
    rate = max_norm / (total + 1e-6)
    if rate < 1:
        for g in grads:
            g.scale(rate)


DIVERGENCE_FACTOR = 10.0
"""구간 평균 손실이 이 fit의 첫 구간 평균의 몇 배를 넘으면 발산으로 보는가 (정상 학습은 손실이 줄어듭니다)."""


class TrainingDiverged(RuntimeError):
    """학습 손실이 NaN/무한대가 되었거나 처음보다 크게 치솟았을 때 :meth:`Trainer.fit`이 내는 오류.

    Attributes: ``iteration`` (1부터 센 전체 반복 번호), ``epoch`` (1부터), ``loss``, ``lr``.
    """

    def __init__(self, message: str, iteration: int, epoch: int, loss: float, lr):
        super().__init__(message)
        self.iteration, self.epoch, self.loss, self.lr = iteration, epoch, loss, lr


def _diverged(optimizer, what: str, iteration: int, epoch: int, loss: float) -> TrainingDiverged:
    lr = getattr(optimizer, "lr", None)
    known = isinstance(lr, (int, float))
    initial = getattr(optimizer, "initial_lr", lr)
    initial = initial if isinstance(initial, (int, float)) else lr
    if known and math.isfinite(initial) and initial > 0:
        hint = f"학습률을 낮춰(예: {initial / 10:g}) 다시 시도하거나"
    else:
        hint = "학습률을 유한한 양수로 바꾸거나"
    lr_text = f"학습률 {lr:g}" if known else "학습률 알 수 없음"
    if known and initial != lr:      # 감소하는 학습률 (SGD)
        lr_text = f"학습률 {initial:g}, 지금은 {lr:g}로 감소"
    return TrainingDiverged(
        f"학습이 발산했습니다: {iteration}번째 반복({epoch}번째 에폭)에서 {what}, {lr_text}). {hint}, "
        "기울기 자르기(max_grad)를 쓰거나, 배치 크기를 키워 보세요.", iteration, epoch, loss, lr)


class Trainer:
    """모델과 옵티마이저를 받아 미니배치로 학습합니다 (이 라이브러리의 학습 루프는 이것 하나입니다).

    Parameters
    ----------
    model : ``forward(x, t) -> float``, ``backward()``, ``params``, ``grads``를 갖는 모델
    optimizer : ``update(params, grads)``를 갖는 옵티마이저 (``set_total_steps``가 있으면 학습 전에 부름)
    rng : 에폭마다 데이터를 섞을 난수 생성기 (시드, Generator 또는 None)

    Attributes
    ----------
    loss_list : ``eval_interval`` 반복마다의 평균 손실 (list[float])
    elapsed : 마지막 ``fit``에 걸린 시간(초)
    """

    def __init__(self, model, optimizer, rng=None):
        self.model = model
        self.optimizer = optimizer
        self.rng = as_rng(rng)
        self.loss_list: list[float] = []
        self.eval_interval = None
        self.elapsed = 0.0

    def fit(self, x, t=None, max_epoch: int = 10, batch_size: int = 32, max_grad: float | None = None,
            eval_interval: int = 20, progress: bool = True) -> "Trainer":
        """``max_epoch`` 에폭 학습합니다. 에폭마다 순서를 섞고, 나머지 배치는 버립니다 (책과 같음).

        x, t : 책처럼 입력 x (D, ...)와 정답 t (D, ...) 배열. 또는 x에 ``len``과 ``take(idx)``를 갖는 예시 모음
            (:class:`~w2vlib.text.Examples`, 예: :class:`~w2vlib.text.ContextWindows`)을 주고 t는 None.
            ``ContextWindows``는 배치의 맥락만 그 자리에서 만들므로 말뭉치 전체의 맥락 배열이 필요 없습니다.
            같은 시드면 두 방식의 배치와 결과가 비트 단위로 같습니다 (:func:`~w2vlib.text.epoch_batches`).
            예시 모음에 ``epoch_batches(epoch, batch_size)`` 메서드가 있으면 에폭마다 그것이 주는 배치를 씁니다
            (Hogwild 일꾼들이 하나의 배치 순서를 나눠 가져가는 :class:`~w2vlib.hogwild.QueueShard`).
        progress : True이면 tqdm의 텍스트 진행 막대를 표준 출력에 보여 줍니다 (노트북에서도 위젯이 아닌
            텍스트라서, 저장된 노트북과 책 페이지에 위젯 스크립트가 필요 없습니다). 파일 객체(예: ``sys.stderr``)를
            주면 그곳에 씁니다 (명령줄 도구: 표준 출력에는 결과 줄만 남김). False이면 보여 주지 않습니다.

        손실이 NaN/무한대가 되면 (그 반복의 갱신 전에), 또는 ``eval_interval`` 구간 평균이 이 호출의 첫 구간
        평균의 :data:`DIVERGENCE_FACTOR` 배를 넘으면 반복 번호와 학습률을 밝힌 :class:`TrainingDiverged`를
        냅니다 (모델은 그 시점의 상태로 남습니다)."""
        examples = _as_examples(x, t)
        max_epoch = positive_int("max_epoch", max_epoch)
        batch_size = positive_int("batch_size", batch_size)
        eval_interval = positive_int("eval_interval", eval_interval)
        max_iters = len(examples) // batch_size
        if max_iters == 0:
            raise argument_error(ValueError, "batch_size", f"데이터 수({len(examples)}) 이하여야 합니다 "
                                 f"(받은 값: {batch_size}).")
        self.eval_interval = eval_interval
        if hasattr(self.optimizer, "set_total_steps"):
            self.optimizer.set_total_steps(max_epoch * max_iters)
        model, optimizer = self.model, self.optimizer
        bar = None
        if progress:
            from tqdm.std import tqdm
            bar = tqdm(total=max_epoch * max_iters, unit="배치", mininterval=0.5,
                       file=sys.stdout if progress is True else progress)
        total_loss, loss_count = 0.0, 0
        first_mean = None                    # 발산 판정의 기준: 이 fit의 첫 구간 평균 손실
        own = getattr(examples, "epoch_batches", None)             # Hogwild의 공유 배치 순서 (w2vlib.hogwild.QueueShard)
        start = time.perf_counter()
        try:
            for epoch in range(max_epoch):
                batches = own(epoch, batch_size) if own is not None else epoch_batches(examples, batch_size, self.rng)
                for it, (batch_x, batch_t) in enumerate(batches):
                    loss = model.forward(batch_x, batch_t)
                    if not math.isfinite(loss):
                        raise _diverged(optimizer, f"손실이 유한하지 않습니다 (손실 {float(loss)}",
                                        epoch * max_iters + it + 1, epoch + 1, float(loss))
                    model.backward()
                    if max_grad is not None:
                        clip_grads(model.grads, max_grad)
                    optimizer.update(model.params, model.grads)
                    total_loss += loss
                    loss_count += 1
                    if loss_count == eval_interval:
                        self.loss_list.append(total_loss / loss_count)
                        total_loss, loss_count = 0.0, 0
                        if first_mean is None:
                            first_mean = self.loss_list[-1]
                        elif first_mean > 0 and self.loss_list[-1] > DIVERGENCE_FACTOR * first_mean:
                            raise _diverged(optimizer, f"최근 {eval_interval}번 반복의 평균 손실이 처음 구간의 "
                                            f"{DIVERGENCE_FACTOR:g}배를 넘었습니다 ({self.loss_list[-1]:.4g} > "
                                            f"{DIVERGENCE_FACTOR:g} × {first_mean:.4g}", epoch * max_iters + it + 1,
                                            epoch + 1, self.loss_list[-1])
                        if bar is not None:
                            bar.set_postfix(에폭=epoch + 1, 손실=f"{self.loss_list[-1]:.3f}", refresh=False)
                    if bar is not None:
                        bar.update(1)
        finally:
            self.elapsed = time.perf_counter() - start
            if bar is not None:
                bar.close()
        return self

    def plot(self, ylim=None, ax=None):
        """손실 곡선을 그립니다 (가로축: 반복 횟수). matplotlib Axes를 돌려줍니다."""
        import matplotlib.pyplot as plt

        from .book.plotting import use_korean_font
        use_korean_font()
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        iters = np.arange(1, len(self.loss_list) + 1) * (self.eval_interval or 1)
        ax.plot(iters, self.loss_list, label="학습 손실")
        ax.set_xlabel("반복 횟수")
        ax.set_ylabel("손실")
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.legend()
        return ax


def train_word2vec(corpus: np.ndarray, vocab_size: int, config: TrainConfig | None = None,
                   progress: bool = True):
    """말뭉치 (T,) int로 모델을 학습해 (model, trainer)를 돌려줍니다. ``model.word_vecs``가 (V, H) 단어 벡터,
    ``trainer.elapsed``가 학습 시간(초)입니다."""
    cfg = config or TrainConfig()
    if cfg.workers > 1 and not hogwild.available():
        raise argument_error(ValueError, "workers", f"이 플랫폼에는 fork가 없어 여러 프로세스로 학습할 수 없습니다. "
                             f"1을 쓰세요 (받은 값: {cfg.workers}).")
    ids = compact_ids(corpus, vocab_size)                 # int32: 배치마다 만드는 맥락 배열이 절반 크기
    windows = ContextWindows(ids, cfg.window_size)        # 맥락은 배치마다 만듭니다 (말뭉치 전체의 맥락 배열 없음)
    sgd = cfg.optimizer == "sgd"
    model = MODELS[cfg.model](vocab_size, cfg.hidden_size, cfg.window_size, corpus, sample_size=cfg.sample_size,
                              power=cfg.power, rng=cfg.seed, shrink_window=cfg.shrink_window,
                              update_rule="word2vec" if sgd else "book", loss=cfg.loss)
    final_lr = cfg.lr * SGD_FINAL_LR_RATIO if cfg.lr_schedule == "linear" else None
    optimizer = SGD(cfg.lr, final_lr=final_lr) if sgd else Adam(cfg.lr, final_lr=final_lr)
    if cfg.workers == 1:
        trainer = Trainer(model, optimizer, rng=cfg.seed + 1)
        trainer.fit(windows, max_epoch=cfg.epochs, batch_size=cfg.batch_size,
                    eval_interval=max(1, len(windows) // cfg.batch_size // 20), progress=progress)
    else:
        # Hogwild (w2vlib.hogwild.fit): 프로세스들이 workers = 1과 같은 크기의 배치를 하나의 공유 순서에서 하나씩
        # 가져가 학습하며 공유 메모리의 가중치를 잠금 없이 갱신합니다. 갱신 횟수의 합은 workers = 1과 같고,
        # 갱신이 섞이는 순서(와 어느 프로세스가 어느 배치를 맡는지)가 실행마다 달라 같은 시드라도 결과가 조금씩 다릅니다.
        if cfg.workers > len(windows):
            raise argument_error(ValueError, "workers", f"학습 예시 수({len(windows):,}) 이하여야 합니다 (프로세스마다 "
                                 f"예시가 하나 이상; 받은 값: {cfg.workers}).")
        # 조각(말뭉치의 1/workers)이 배치보다 짧으면 (작은 말뭉치) 조각 하나가 배치 하나입니다.
        batch_size = min(cfg.batch_size, len(windows) // cfg.workers)
        # 배치는 하나의 공유 순서에서 손이 빈 프로세스가 하나씩 가져갑니다 (hogwild.BatchQueue: 두 프로세스가 함께 끝남)
        shards = hogwild.queue_shards(windows, cfg.workers, batch_size, cfg.epochs, seed=[cfg.seed, 2])
        trainer = hogwild.fit(model, optimizer, shards, workers=cfg.workers, seed=cfg.seed + 1,
                              make_trainer=lambda m, o, rng: Trainer(m, o, rng=rng),
                              fit_kwargs=dict(max_epoch=cfg.epochs, batch_size=batch_size, progress=progress,
                                              eval_interval=max(1, len(shards[0][0]) // batch_size // 20)))
    if not np.all(np.isfinite(model.word_vecs)):          # 마지막 갱신에서 발산한 경우 (손실은 아직 유한)
        n = len(trainer.loss_list) * trainer.eval_interval
        raise TrainingDiverged(f"학습이 발산했습니다: 학습이 끝났을 때 단어 벡터에 NaN/무한대가 있습니다 "
                               f"(학습률 {cfg.lr:g}). 학습률을 낮춰 다시 시도하세요.", n, cfg.epochs,
                               float("nan"), cfg.lr)
    return model, trainer
