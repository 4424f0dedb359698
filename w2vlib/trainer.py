"""미니배치 학습 루프 (책의 ``common/trainer.py``의 Trainer와 같은 사용법)."""
from __future__ import annotations

import math
import time

import numpy as np

from . import parallel
from ._checks import positive_float, positive_int, same_length
from .memory import reuse_large_allocations
from .sampling import as_rng
from .scatter import SparseRowGrad


def clip_grads(grads, max_norm: float) -> None:
    """전체 기울기의 L2 노름이 ``max_norm``(0보다 큰 유한한 실수)을 넘으면 같은 비율로 줄입니다 (밀집·희소 모두)."""
    max_norm = positive_float("max_grad", max_norm)
    arrays = [(g.values if g.dense is None else g.dense) if isinstance(g, SparseRowGrad) else g for g in grads]
    total = float(np.sqrt(sum(float(np.sum(a.astype(np.float64) ** 2)) for a in arrays)))
    rate = max_norm / (total + 1e-6)
    if rate < 1:
        for a in arrays:
            a *= rate


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
    """모델과 옵티마이저를 받아 미니배치로 학습합니다.

    Parameters
    ----------
    model : ``forward(x, t) -> float``, ``backward()``, ``params``, ``grads``를 갖는 모델
    optimizer : ``update(params, grads)``를 갖는 옵티마이저 (``set_total_steps``가 있으면 학습 전에 부름)
    rng : 에폭마다 데이터를 섞을 난수 생성기 (시드, Generator 또는 None)
    workers : 1 또는 2. 2이면 ``fit`` 동안 스레드 하나를 더 켜서, NumPy·SciPy가 GIL을 놓는 큰 연산(네거티브
        샘플링의 조각들, 희소 행렬 곱, 두 행렬의 Adam 갱신)을 두 코어로 나눕니다 (:mod:`w2vlib.parallel`).
        결과는 1일 때와 비트 단위로 같습니다.

    Attributes
    ----------
    loss_list : ``eval_interval`` 반복마다의 평균 손실 (list[float])
    elapsed : 마지막 ``fit``에 걸린 시간(초)
    """

    def __init__(self, model, optimizer, rng=None, *, workers: int = 1, reuse_memory: bool = False):
        self.workers = positive_int("workers", workers)
        if not isinstance(reuse_memory, bool):
            raise TypeError(f"reuse_memory: True 또는 False여야 합니다 (받은 값: {reuse_memory!r}).")
        # True면 fit이 glibc의 mmap 문턱을 올립니다 (w2vlib.memory). 프로세스 전체 설정이라 기본은 끕니다.
        self.reuse_memory = reuse_memory
        self.model = model
        self.optimizer = optimizer
        self.rng = as_rng(rng)
        self.loss_list: list[float] = []
        self.eval_interval = None
        self.elapsed = 0.0

    def fit(self, x, t, max_epoch: int = 10, batch_size: int = 32, max_grad: float | None = None,
            eval_interval: int = 20, progress: bool = True) -> "Trainer":
        """x (D, ...)와 t (D, ...)로 ``max_epoch`` 에폭 학습합니다. 에폭마다 순서를 섞고, 나머지 배치는 버립니다
        (책과 같음). ``progress``이면 tqdm 진행 막대(노트북에서는 위젯)를 보여 줍니다.

        손실이 NaN/무한대가 되면 (그 반복의 갱신 전에), 또는 ``eval_interval`` 구간 평균이 이 호출의 첫 구간
        평균의 :data:`DIVERGENCE_FACTOR` 배를 넘으면 반복 번호와 학습률을 밝힌 :class:`TrainingDiverged`를
        냅니다 (모델은 그 시점의 상태로 남습니다)."""
        x, t = np.asarray(x), np.asarray(t)
        same_length("x", x, "t", t)
        max_epoch = positive_int("max_epoch", max_epoch)
        batch_size = positive_int("batch_size", batch_size)
        eval_interval = positive_int("eval_interval", eval_interval)
        max_iters = len(x) // batch_size
        if max_iters == 0:
            raise ValueError(f"batch_size: 데이터 수({len(x)}) 이하여야 합니다 (받은 값: {batch_size}).")
        self.eval_interval = eval_interval
        if hasattr(self.optimizer, "set_total_steps"):
            self.optimizer.set_total_steps(max_epoch * max_iters)
        model, optimizer = self.model, self.optimizer
        if self.reuse_memory:                # 큰 임시 배열의 페이지 폴트를 줄입니다 (프로세스 전체 설정, w2vlib.memory)
            reuse_large_allocations()
        bar = None
        if progress:
            from tqdm.auto import tqdm
            bar = tqdm(total=max_epoch * max_iters, unit="배치", mininterval=0.5)
        total_loss, loss_count = 0.0, 0
        first_mean = None                    # 발산 판정의 기준: 이 fit의 첫 구간 평균 손실
        start = time.perf_counter()
        threads = parallel.workers(self.workers)            # fit 동안만 (finally에서 닫음)
        threads.__enter__()
        try:
            for epoch in range(max_epoch):
                order = self.rng.permutation(len(x))
                for it in range(max_iters):
                    batch = order[it * batch_size:(it + 1) * batch_size]   # 데이터 전체를 섞어 복사하지 않고
                    # 배치만 뽑아 옵니다. np.take는 x[batch]와 같은 결과이고 (N, 2w)처럼 짧은 행에서 몇 배 빠릅니다
                    # (batch는 permutation의 일부라 범위 밖 번호가 없으므로 mode="clip"은 아무것도 자르지 않습니다).
                    loss = model.forward(np.take(x, batch, axis=0, mode="clip"), np.take(t, batch, axis=0, mode="clip"))
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
            threads.__exit__(None, None, None)
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
