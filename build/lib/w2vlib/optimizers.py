"""옵티마이저. 책과 같은 ``update(params, grads)`` 규약이지만, 기울기가
:class:`~w2vlib.scatter.SparseRowGrad`이면 배치가 건드린 행만 갱신합니다 (희소 행 업데이트).

매개변수의 dtype(보통 float32)을 그대로 지킵니다: 학습률은 파이썬 float로 다뤄 NumPy 2의 형 승격
규칙이 갱신 전체를 float64로 바꾸지 않게 합니다 (책의 Adam은 ``lr_t``가 np.float64 라서 그렇게 됩니다).
"""
from __future__ import annotations

import functools

import numpy as np

from ._checks import positive_float, positive_int
from .parallel import run_both
from .scatter import SparseRowGrad


def _check_pairs(params, grads) -> None:
    if len(params) != len(grads):
        raise ValueError(f"params와 grads의 길이가 다릅니다 ({len(params)} ≠ {len(grads)}).")
    for i, (p, g) in enumerate(zip(params, grads)):
        if g.shape != p.shape:
            raise ValueError(f"grads[{i}]: shape가 params[{i}]와 같은 {p.shape} 모양이어야 합니다 (받은 shape: {g.shape}).")


class SGD:
    """확률적 경사 하강법 ``W ← W − lr·dW``, 선택적으로 word2vec처럼 학습률을 선형으로 줄입니다.

    Parameters
    ----------
    lr : 처음 학습률
    final_lr : None이 아니면 :meth:`set_total_steps`로 알려 준 전체 갱신 횟수에 걸쳐 ``lr``에서
        ``final_lr``까지 선형으로 줄입니다 (word2vec은 0.025 → 0.025·10⁻⁴). :class:`~w2vlib.trainer.Trainer`가
        학습 시작 때 전체 횟수를 알려 줍니다.

    ``lr``은 0보다 큰 유한한 실수, ``final_lr``은 None 또는 0 이상의 유한한 실수여야 합니다 (아니면 ValueError).
    """

    def __init__(self, lr: float = 0.01, final_lr: float | None = None):
        self.lr = self.initial_lr = positive_float("lr", lr)
        self.final_lr = None if final_lr is None else positive_float("final_lr", final_lr, allow_zero=True)
        self.total_steps = None
        self.iter = 0

    def set_total_steps(self, total_steps: int) -> None:
        """학습률을 줄여 나갈 전체 갱신 횟수(1 이상의 정수)를 정하고 처음부터 다시 셉니다."""
        self.total_steps, self.iter = positive_int("total_steps", total_steps), 0

    def update(self, params, grads) -> None:
        _check_pairs(params, grads)
        if self.final_lr is not None and self.total_steps:
            progress = min(self.iter / self.total_steps, 1.0)
            self.lr = self.initial_lr + (self.final_lr - self.initial_lr) * progress
        self.iter += 1
        for W, g in zip(params, grads):
            if not isinstance(g, SparseRowGrad):
                W -= self.lr * g
            elif g.dense is None:
                W[g.rows] -= self.lr * g.values
            else:                          # 밀집 형태: 건드리지 않은 행은 0이라 그대로 (행 형태와 같은 값)
                W -= self.lr * g.dense


class Adam:
    """Adam (Kingma & Ba). 책과 같은 식이되, 희소 기울기에서는 **그 행만** 갱신합니다 (lazy Adam).

    희소 기울기를 받으면 건드린 행의 1·2차 모멘트와 가중치만 갱신합니다. 밀집 Adam은 기울기가
    0인 행도 모멘트를 감쇠시키며 조금씩 움직이므로, 둘은 모든 행을 건드린 단계에서만 정확히 같습니다
    (TensorFlow의 LazyAdam, PyTorch의 SparseAdam과 같은 방식).

    Parameters
    ----------
    lr, beta1, beta2, eps : 책과 같은 기본값 (0.001, 0.9, 0.999, 1e-7). lr과 eps는 0보다 큰 유한한 실수,
        beta1, beta2는 0 이상 1 미만이어야 합니다 (아니면 ValueError).
    """

    ROW_CHUNK = 2048
    """희소 갱신에서 한 번에 다루는 행 수 (2048 × H=100 float32 = 800 KB의 임시 배열이 캐시에 남는 크기)."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-7):
        lr, eps = positive_float("lr", lr), positive_float("eps", eps)
        for name, b in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= positive_float(name, b, allow_zero=True) < 1:
                raise ValueError(f"{name}: 0 이상 1 미만이어야 합니다 (받은 값: {b!r}).")
        self.lr, self.beta1, self.beta2, self.eps = float(lr), float(beta1), float(beta2), float(eps)
        self.iter = 0
        self.m = None
        self.v = None

    def set_total_steps(self, total_steps: int) -> None:
        """학습률 감소가 없으므로 값만 검사합니다 (Trainer와의 공통 규약)."""
        positive_int("total_steps", total_steps)

    def update(self, params, grads) -> None:
        _check_pairs(params, grads)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        # 파이썬 float: float32 매개변수를 float64로 승격시키지 않습니다.
        lr_t = float(self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter))
        jobs = [functools.partial(self._update_one, W, g, m, v, lr_t)
                for W, g, m, v in zip(params, grads, self.m, self.v)]
        if len(jobs) == 2 and params[0] is not params[1]:   # W_in과 W_out: (켜져 있으면) 두 스레드로, 결과는 같음
            run_both(*jobs)
        else:
            for job in jobs:
                job()

    def _update_one(self, W, g, m, v, lr_t: float) -> None:
        """매개변수 하나의 갱신 (희소면 건드린 행만)."""
        if not isinstance(g, SparseRowGrad):
            W -= self._step(m, v, g, lr_t)
        elif g.dense is not None:
            # 밀집 형태 (거의 모든 행을 건드림): 건드리지 않은 몇 안 되는 행의 W, m, v를 따로 두었다가, 연속된 행
            # 구간(뷰)을 제자리에서 갱신한 뒤 되돌립니다. 건드린 행의 계산은 행 형태와 원소 단위로 같습니다.
            keep = np.flatnonzero(~g.touched)
            saved = (W[keep], m[keep], v[keep])
            for s in range(0, len(W), self.ROW_CHUNK):
                r = slice(s, s + self.ROW_CHUNK)
                W[r] -= self._step(m[r], v[r], g.dense[r], lr_t)
            W[keep], m[keep], v[keep] = saved
        else:
            # 건드린 행만, 임시 배열이 캐시에 남도록 ROW_CHUNK 행씩 (행이 서로 달라 순서와 무관하게 같은 결과)
            for s in range(0, len(g.rows), self.ROW_CHUNK):
                r = g.rows[s:s + self.ROW_CHUNK]
                m_r, v_r = m[r], v[r]                 # 건드린 행만 복사해 와서
                W[r] -= self._step(m_r, v_r, g.values[s:s + self.ROW_CHUNK], lr_t)
                m[r], v[r] = m_r, v_r                 # 갱신한 모멘트를 되돌려 씁니다

    def _step(self, m: np.ndarray, v: np.ndarray, g: np.ndarray, lr_t: float) -> np.ndarray:
        """모멘트 m, v를 제자리에서 갱신하고 매개변수 변화량 lr_t·m/(√v + ε)을 돌려줍니다.

        임시 배열을 줄이려고 in-place 연산(``*=``, ``out=``)으로 씁니다: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g².
        """
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        g2 = np.square(g)
        g2 *= 1.0 - self.beta2
        v *= self.beta2
        v += g2
        step = np.sqrt(v, out=g2)
        step += self.eps
        np.divide(m, step, out=step)
        step *= lr_t
        return step
