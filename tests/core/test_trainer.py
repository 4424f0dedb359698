"""이슈 13, 1번: 발산하는 학습을 멈추고 알리는가 (Trainer.fit의 TrainingDiverged)."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.optimizers import SGD
from w2vlib.train import TrainConfig, train_word2vec
from w2vlib.trainer import DIVERGENCE_FACTOR, Trainer, TrainingDiverged


class ScriptedModel:
    """forward가 정해 둔 손실을 차례로 돌려주는 가짜 모델 (갱신 횟수를 셉니다)."""

    def __init__(self, losses):
        self.losses = list(losses)
        self.params = [np.zeros(3, dtype=np.float32)]
        self.grads = [np.ones(3, dtype=np.float32)]
        self.calls = 0

    def forward(self, x, t):
        loss = self.losses[self.calls]
        self.calls += 1
        return loss

    def backward(self):
        return None


class CountingSGD(SGD):
    def __init__(self, lr):
        super().__init__(lr)
        self.updates = 0

    def update(self, params, grads):
        self.updates += 1


def _fit(losses, eval_interval=1, lr=0.5):
    model, opt = ScriptedModel(losses), CountingSGD(lr)
    x = np.zeros((len(losses), 2), dtype=np.int64)
    Trainer(model, opt, rng=0).fit(x, x[:, 0], max_epoch=1, batch_size=1, eval_interval=eval_interval,
                                   progress=False)
    return model, opt


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), np.float64("nan"), np.float32("-inf")])
def test_non_finite_loss_stops_before_the_update(bad):
    with pytest.raises(TrainingDiverged) as info:
        _fit([4.0, 3.9, 3.8, bad, 3.0, 3.0], lr=0.5)
    err = info.value
    assert err.iteration == 4 and err.epoch == 1 and err.lr == 0.5 and not np.isfinite(err.loss)
    msg = str(err)
    assert "발산" in msg and "4번째 반복" in msg and "학습률 0.5" in msg and "학습률을 낮춰(예: 0.05)" in msg
    assert isinstance(err, RuntimeError)


def test_non_finite_loss_is_not_used_for_an_update():
    model, opt = ScriptedModel([4.0, float("nan"), 3.0]), CountingSGD(0.1)
    x = np.zeros((3, 2), dtype=np.int64)
    with pytest.raises(TrainingDiverged):
        Trainer(model, opt).fit(x, x[:, 0], max_epoch=1, batch_size=1, eval_interval=1, progress=False)
    assert opt.updates == 1                       # NaN을 낸 반복의 갱신은 하지 않음


def test_loss_far_above_its_start_stops():
    # 구간(2 반복) 평균: 4, 4.5, 30, 50 → 50 > 10 × 4에서 멈춤
    losses = [4, 4, 4, 5, 20, 40, 50, 50, 1, 1]
    with pytest.raises(TrainingDiverged, match=r"10배") as info:
        _fit(losses, eval_interval=2)
    assert info.value.iteration == 8


def test_normal_noisy_decreasing_loss_does_not_stop():
    rng = np.random.default_rng(0)
    losses = 4.0 * np.exp(-np.linspace(0, 2, 200)) * rng.uniform(0.5, 2.0, 200)   # 잡음이 큰 감소
    model, opt = _fit(losses.tolist(), eval_interval=1)
    assert opt.updates == 200
    assert losses.max() < DIVERGENCE_FACTOR * losses[0]


def test_real_model_with_huge_learning_rate_diverges_and_default_does_not():
    rng = np.random.default_rng(0)
    corpus = rng.integers(0, 50, size=4000)
    with np.errstate(all="ignore"):
        with pytest.raises(TrainingDiverged, match=r"\d+번째 반복.*손실 nan, 학습률 \d"):
            train_word2vec(corpus, 50, TrainConfig(optimizer="sgd", lr=1e4, batch_size=50, epochs=3),
                           progress=False)
    model, trainer = train_word2vec(corpus, 50, TrainConfig(optimizer="sgd", batch_size=50, epochs=3),
                                    progress=False)
    assert np.all(np.isfinite(trainer.loss_list)) and np.all(np.isfinite(model.word_vecs))
