"""옵티마이저. 책과 같은 ``update(params, grads)`` 규약이지만, 기울기가
:class:`~w2vlib.scatter.SparseRowGrad`이면 배치가 건드린 행만 갱신합니다 (희소 행 업데이트).
기울기의 종류를 묻지 않고 :func:`~w2vlib.scatter.as_grad`의 ``apply_rows``로 갱신합니다 (밀집 배열이면 모든 행).

매개변수의 dtype(보통 float32)을 그대로 지킵니다: 학습률은 파이썬 float로 다뤄 NumPy 2의 형 승격
규칙이 갱신 전체를 float64로 바꾸지 않게 합니다 (책의 Adam은 ``lr_t``가 np.float64 라서 그렇게 됩니다).
"""
from __future__ import annotations

import numpy as np

from ._checks import argument_error, positive_float, positive_int
from .scatter import as_grad


def _check_pairs(params, grads) -> None:
    """``update``의 입구에서 한 번: params는 제자리에서 갱신할 numpy 실수 배열들, grads는 같은 shape의 기울기들."""
    for name, value in (("params", params), ("grads", grads)):
        if not isinstance(value, (list, tuple)):
            raise argument_error(TypeError, name, f"배열의 리스트여야 합니다 (받은 형식: {type(value).__name__}).")
    if len(params) != len(grads):
        raise argument_error(ValueError, "grads", f"params와 grads의 길이가 다릅니다 ({len(params)} ≠ {len(grads)}).")
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray):
            raise argument_error(TypeError, f"params[{i}]", f"numpy 배열이어야 합니다 (받은 형식: {type(p).__name__}). "
                                 "제자리에서 갱신하므로 np.asarray(…, dtype=np.float32)로 만든 배열을 넘기세요.")
        if p.dtype.kind != "f":
            raise argument_error(TypeError, f"params[{i}]", f"실수(float) 배열이어야 합니다 (받은 dtype: {p.dtype}). "
                                 "정수 배열은 갱신의 소수 부분을 잃으므로 W.astype(np.float32)처럼 바꿔 넘기세요.")
        shape = getattr(g, "shape", None)
        if shape is None:
            raise argument_error(TypeError, f"grads[{i}]", f"기울기 배열(numpy 배열 또는 SparseRowGrad)이어야 합니다 "
                                 f"(받은 형식: {type(g).__name__}).")
        if tuple(shape) != p.shape:
            raise argument_error(ValueError, f"grads[{i}]", f"shape가 params[{i}]와 같은 {p.shape} 모양이어야 합니다 "
                                 f"(받은 shape: {tuple(shape)}).")


class _LinearDecay:
    """학습률의 선형 감소 (SGD와 Adam이 함께 씀): :meth:`set_total_steps`로 알려 준 전체 갱신 횟수에 걸쳐
    ``lr``에서 ``final_lr``까지 (``final_lr``이 None이면 ``lr`` 그대로). 갱신마다 :meth:`_decay_lr`를 한 번 부릅니다."""

    def __init__(self, lr: float, final_lr: float | None):
        self.lr = self.initial_lr = positive_float("lr", lr)
        self.final_lr = None if final_lr is None else positive_float("final_lr", final_lr, allow_zero=True)
        self.total_steps = None
        self.steps_done = 0

    def set_total_steps(self, total_steps: int) -> None:
        """학습률을 줄여 나갈 전체 갱신 횟수(1 이상의 정수)를 정하고 처음부터 다시 셉니다."""
        self.total_steps, self.steps_done = positive_int("total_steps", total_steps), 0

    def _decay_lr(self) -> None:
        if self.final_lr is not None and self.total_steps:
            progress = min(self.steps_done / self.total_steps, 1.0)
            self.lr = self.initial_lr + (self.final_lr - self.initial_lr) * progress
        self.steps_done += 1


class SGD(_LinearDecay):
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
        _LinearDecay.__init__(self, lr, final_lr)
        self.iter = 0

    def update(self, params, grads) -> None:
        """W ← W − lr·dW (희소 기울기면 건드린 행만)."""
        _check_pairs(params, grads)
        self._decay_lr()
        self.iter += 1
        lr = self.lr

        def step(W_rows, g_rows):
            W_rows -= lr * g_rows

        for W, g in zip(params, grads):
            as_grad(g).apply_rows(step, [W])


class Adam(_LinearDecay):
    """Adam (Kingma & Ba). 책과 같은 식이되, 희소 기울기에서는 **그 행만** 갱신합니다 (lazy Adam).

    희소 기울기를 받으면 건드린 행의 1·2차 모멘트와 가중치만 갱신합니다. 밀집 Adam은 기울기가
    0인 행도 모멘트를 감쇠시키며 조금씩 움직이므로, 둘은 모든 행을 건드린 단계에서만 정확히 같습니다
    (TensorFlow의 LazyAdam, PyTorch의 SparseAdam과 같은 방식).

    Parameters
    ----------
    lr, beta1, beta2, eps : 책과 같은 기본값 (0.001, 0.9, 0.999, 1e-7). lr과 eps는 0보다 큰 유한한 실수,
        beta1, beta2는 0 이상 1 미만이어야 합니다 (아니면 ValueError).
    final_lr : None이 아니면 :class:`SGD`와 같이 학습률을 ``lr``에서 ``final_lr``까지 선형으로 줄입니다
        (:class:`~w2vlib.trainer.Trainer`가 학습 시작 때 전체 갱신 횟수를 알려 줌). None이면 책처럼 고정.
    """

    ROW_CHUNK = 1024
    """희소 갱신에서 한 번에 다루는 행 수 (1024 × H=100 float32 = 400 KB: W·m·v·기울기의 블록과 임시 배열이 함께
    L2 캐시 근처에 남는 크기)."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-7,
                 final_lr: float | None = None):
        _LinearDecay.__init__(self, lr, final_lr)
        eps = positive_float("eps", eps)
        for name, b in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= positive_float(name, b, allow_zero=True) < 1:
                raise ValueError(f"{name}: 0 이상 1 미만이어야 합니다 (받은 값: {b!r}).")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self._steps = np.zeros(1, dtype=np.int64)        # 갱신 횟수: 일꾼마다 한 칸 (Hogwild가 공유 메모리로 옮김)
        self._slot = 0                                   # 이 프로세스가 세는 칸
        self.m = None
        self.v = None

    @property
    def iter(self) -> int:
        """지금까지 모멘트 m, v에 들어간 갱신의 횟수 t (편향 보정 1 − βᵗ의 지수; 책의 ``iter``).

        Hogwild(:func:`w2vlib.hogwild.share_training_state`)에서는 일꾼마다 한 칸씩인 공유 배열에 자기 갱신을 세고, t는
        모든 칸의 합입니다: m, v는 모든 일꾼의 기울기를 받은 지수 이동 평균이므로 보정의 t도 모든 일꾼의 갱신 횟수여야
        합니다 (일꾼마다 따로 세면 t가 일꾼 수만큼 작아져 학습률이 내내 작아짐). 칸마다 쓰는 프로세스가 하나뿐이라
        동시에 더해도 잃는 횟수가 없습니다."""
        return int(self._steps.sum())

    @iter.setter
    def iter(self, value: int) -> None:
        self._steps[:] = 0
        self._steps[self._slot] = value

    def update(self, params, grads) -> None:
        _check_pairs(params, grads)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        elif [m.shape for m in self.m] != [p.shape for p in params]:
            raise argument_error(ValueError, "params", f"이 Adam은 shape {[m.shape for m in self.m]}인 매개변수의 모멘트를 "
                                 f"갖고 있습니다 (받은 shape: {[p.shape for p in params]}). 다른 매개변수에는 새 Adam을 "
                                 "만드세요.")
        self._decay_lr()
        self._steps[self._slot] += 1                     # self.iter += 1 (이 프로세스의 칸에)
        # 파이썬 float: float32 매개변수를 float64로 승격시키지 않습니다.
        lr_t = float(self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter))
        for W, g, m, v in zip(params, grads, self.m, self.v):
            self._update_one(W, g, m, v, lr_t)

    def _update_one(self, W, g, m, v, lr_t: float) -> None:
        """매개변수 하나의 갱신: 건드린 행의 W, m, v만 (lazy Adam), 임시 배열이 캐시에 남도록 ROW_CHUNK 행씩."""
        def step(W_rows, m_rows, v_rows, g_rows):
            W_rows -= self._step(m_rows, v_rows, g_rows, lr_t)

        as_grad(g).apply_rows(step, [W, m, v], block=self.ROW_CHUNK)

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
