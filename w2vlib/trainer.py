"""미니배치 학습 루프 (책의 ``common/trainer.py`` 의 Trainer 와 같은 사용법)."""
from __future__ import annotations

import time

import numpy as np

from . import parallel
from ._checks import positive_int, same_length
from .memory import reuse_large_allocations
from .sampling import as_rng
from .scatter import SparseRowGrad


def clip_grads(grads, max_norm: float) -> None:
    """전체 그래디언트의 L2 노름이 ``max_norm`` 을 넘으면 같은 비율로 줄입니다 (밀집·희소 모두)."""
    arrays = [g.values if isinstance(g, SparseRowGrad) else g for g in grads]
    total = float(np.sqrt(sum(float(np.sum(a.astype(np.float64) ** 2)) for a in arrays)))
    rate = max_norm / (total + 1e-6)
    if rate < 1:
        for a in arrays:
            a *= rate


class Trainer:
    """모델과 옵티마이저를 받아 미니배치로 학습합니다.

    Parameters
    ----------
    model : ``forward(x, t) -> float``, ``backward()``, ``params``, ``grads`` 를 갖는 모델
    optimizer : ``update(params, grads)`` 를 갖는 옵티마이저 (``set_total_steps`` 가 있으면 학습 전에 부름)
    rng : 에폭마다 데이터를 섞을 난수 생성기 (시드, Generator 또는 None)
    workers : 1 또는 2. 2 이면 ``fit`` 동안 스레드 하나를 더 켜서, NumPy·SciPy 가 GIL 을 놓는 큰 연산(네거티브
        샘플링의 조각들, 희소 행렬 곱, 두 행렬의 Adam 갱신)을 두 코어로 나눕니다 (:mod:`w2vlib.parallel`).
        결과는 1 일 때와 비트 단위로 같습니다.

    Attributes
    ----------
    loss_list : ``eval_interval`` 반복마다의 평균 손실 (list[float])
    elapsed : 마지막 ``fit`` 에 걸린 시간(초)
    """

    def __init__(self, model, optimizer, rng=None, *, workers: int = 1):
        self.workers = positive_int("workers", workers)
        self.model = model
        self.optimizer = optimizer
        self.rng = as_rng(rng)
        self.loss_list: list[float] = []
        self.eval_interval = None
        self.elapsed = 0.0

    def fit(self, x, t, max_epoch: int = 10, batch_size: int = 32, max_grad: float | None = None,
            eval_interval: int = 20, progress: bool = True) -> "Trainer":
        """x (D, ...) 와 t (D, ...) 로 ``max_epoch`` 에폭 학습합니다. 에폭마다 순서를 섞고, 나머지 배치는 버립니다
        (책과 같음). ``progress`` 이면 tqdm 진행 막대(노트북에서는 위젯)를 보여 줍니다."""
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
        reuse_large_allocations()            # 큰 임시 배열의 페이지 폴트를 줄입니다 (w2vlib.memory 참고)
        bar = None
        if progress:
            from tqdm.auto import tqdm
            bar = tqdm(total=max_epoch * max_iters, unit="배치", mininterval=0.5)
        total_loss, loss_count = 0.0, 0
        start = time.perf_counter()
        threads = parallel.workers(self.workers)            # fit 동안만 (finally 에서 닫음)
        threads.__enter__()
        try:
            for epoch in range(max_epoch):
                order = self.rng.permutation(len(x))
                for it in range(max_iters):
                    batch = order[it * batch_size:(it + 1) * batch_size]   # 데이터 전체를 섞어 복사하지 않고
                    loss = model.forward(x[batch], t[batch])                # 배치만 뽑아 옵니다
                    model.backward()
                    if max_grad is not None:
                        clip_grads(model.grads, max_grad)
                    optimizer.update(model.params, model.grads)
                    total_loss += loss
                    loss_count += 1
                    if loss_count == eval_interval:
                        self.loss_list.append(total_loss / loss_count)
                        total_loss, loss_count = 0.0, 0
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
        """손실 곡선을 그립니다 (가로축: 반복 횟수). matplotlib Axes 를 돌려줍니다."""
        import matplotlib.pyplot as plt

        from .plotting import use_korean_font
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
