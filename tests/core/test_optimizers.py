"""w2vlib.optimizers와 w2vlib.trainer: 희소·밀집 갱신의 동치, lazy Adam의 (문서화된) 차이, float32 유지,
SGD의 선형 학습률 감소, Trainer의 학습·손실 기록·인자 검사."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.book import reference
from w2vlib.models import CBOW
from w2vlib.optimizers import SGD, Adam
from w2vlib.scatter import SparseRowGrad
from w2vlib.text import create_contexts_target, preprocess
from w2vlib.trainer import Trainer, clip_grads


class DtypeRecorder(np.ndarray):
    """이 배열이 낀 모든 ufunc 연산의 계산 dtype(입력의 승격 결과)을 기록하는 ndarray (float64 승격을 잡아내려고)."""

    log: list = []

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        def plain(x):
            return x.view(np.ndarray) if isinstance(x, DtypeRecorder) else x

        if out is not None:
            kwargs["out"] = tuple(plain(o) for o in out)
        args = [plain(x) for x in inputs]
        result = getattr(ufunc, method)(*args, **kwargs)
        # 계산 dtype: 입력들의 승격 결과 (제자리 연산 a *= np.float64(x)는 float64로 계산한 뒤 되돌려 씀)
        DtypeRecorder.log.append((ufunc.__name__, np.result_type(*args)))
        if out is not None:
            result = out[0] if len(out) == 1 else out
        elif isinstance(result, np.ndarray):
            result = result.view(DtypeRecorder)
        return result


def sparse_grad(shape, rows, seed=0, dtype=np.float32):
    g = SparseRowGrad(shape)
    g.rows = np.asarray(rows, dtype=np.int64)
    g.values = np.random.default_rng(seed).standard_normal((len(rows), shape[1])).astype(dtype)
    return g


def weights(shape=(8, 5), seed=1, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


# --------------------------------------------------------------------------- SGD

def test_sparse_and_dense_sgd_give_identical_updates():
    g = sparse_grad((8, 5), [0, 3, 7])
    W_sparse, W_dense = weights(), weights()
    SGD(0.1).update([W_sparse], [g])
    SGD(0.1).update([W_dense], [g.to_dense()])
    np.testing.assert_array_equal(W_sparse, W_dense)
    untouched = [1, 2, 4, 5, 6]
    np.testing.assert_array_equal(W_sparse[untouched], weights()[untouched])


def test_sgd_keeps_float32_without_promotion():
    g = sparse_grad((8, 5), [1, 2, 5])
    g.values = g.values.view(DtypeRecorder)
    W = weights().view(DtypeRecorder)
    W0 = W.view(np.ndarray).copy()
    DtypeRecorder.log.clear()
    SGD(0.1).update([W], [g])
    assert DtypeRecorder.log, "기록된 연산이 없습니다: 검사가 헛돌고 있습니다"
    assert {dt for _, dt in DtypeRecorder.log} == {np.dtype(np.float32)}, DtypeRecorder.log
    assert W.dtype == np.float32
    expected = W0.copy()
    expected[g.rows] -= np.float32(0.1) * g.values.view(np.ndarray)
    np.testing.assert_array_equal(W.view(np.ndarray), expected)


def test_sgd_linear_decay_reaches_final_lr():
    opt = SGD(0.025, final_lr=0.025e-4)
    total = 10
    opt.set_total_steps(total)
    W = weights()
    g = sparse_grad(W.shape, [0])
    used = []
    for _ in range(total + 1):
        opt.update([W], [g])
        used.append(opt.lr)
    expected = 0.025 + (0.025e-4 - 0.025) * np.arange(total + 1) / total
    np.testing.assert_allclose(used, expected, rtol=1e-12)
    assert used[-1] == pytest.approx(0.025e-4, rel=1e-12)
    opt.update([W], [g])                                  # 전체 횟수를 넘겨도 final_lr에 머묾
    assert opt.lr == pytest.approx(0.025e-4, rel=1e-12)


def test_adam_linear_decay_scales_its_step_like_sgd():
    opt, fixed = Adam(0.03, final_lr=0.03e-4), Adam(0.03)
    total = 4
    opt.set_total_steps(total)
    fixed.set_total_steps(total)
    W, W_fixed = weights(), weights()
    W_fixed[...] = W
    used = []
    for step in range(total):
        before, before_fixed = W.copy(), W_fixed.copy()
        g = sparse_grad(W.shape, [0, 2])
        opt.update([W], [g])
        fixed.update([W_fixed], [g])
        used.append(opt.lr)
        # 같은 모멘트에서 갱신 폭만 학습률의 비율만큼 작음
        np.testing.assert_allclose(np.asarray(W - before), np.asarray(W_fixed - before_fixed) * (opt.lr / 0.03),
                                   rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(used, 0.03 + (0.03e-4 - 0.03) * np.arange(total) / total, rtol=1e-12)
    assert fixed.lr == 0.03


def test_sgd_without_final_lr_keeps_constant_lr():
    opt = SGD(0.5)
    opt.set_total_steps(3)
    W = weights()
    for _ in range(5):
        opt.update([W], [sparse_grad(W.shape, [1])])
    assert opt.lr == 0.5


# --------------------------------------------------------------------------- Adam

def test_lazy_adam_equals_dense_adam_when_all_rows_are_touched():
    shape = (6, 4)
    W_lazy, W_dense = weights(shape), weights(shape)
    lazy, dense = Adam(0.01), Adam(0.01)
    for step in range(3):
        g = sparse_grad(shape, np.arange(shape[0]), seed=step)
        lazy.update([W_lazy], [g])
        dense.update([W_dense], [g.to_dense()])
        np.testing.assert_allclose(W_lazy, W_dense, rtol=1e-6, atol=1e-7)


def test_lazy_adam_differs_from_dense_adam_on_untouched_rows():
    """문서화된 차이: 밀집 Adam은 기울기가 0인 행도 모멘트가 남아 움직이고, lazy Adam은 그대로 둡니다."""
    shape = (6, 4)
    W_lazy, W_dense = weights(shape), weights(shape)
    lazy, dense = Adam(0.01), Adam(0.01)
    g_all = sparse_grad(shape, np.arange(shape[0]), seed=0)
    lazy.update([W_lazy], [g_all])
    dense.update([W_dense], [g_all.to_dense()])
    before = W_lazy.copy()
    touched, untouched = [0, 2], [1, 3, 4, 5]
    g = sparse_grad(shape, touched, seed=1)
    lazy.update([W_lazy], [g])
    dense.update([W_dense], [g.to_dense()])
    np.testing.assert_array_equal(W_lazy[untouched], before[untouched])          # lazy: 움직이지 않음
    assert np.all(np.abs(W_dense[untouched] - before[untouched]) > 1e-4)         # 밀집: 움직임
    np.testing.assert_allclose(W_lazy[touched], W_dense[touched], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("sparse", [True, False], ids=["sparse", "dense"])
def test_adam_keeps_float32_and_computes_in_float32(sparse):
    shape = (6, 4)
    W = weights(shape).view(DtypeRecorder)             # 모멘트 m, v도 zeros_like로 같은 클래스가 됨
    W0 = W.view(np.ndarray).copy()
    g = sparse_grad(shape, np.arange(shape[0]), seed=2)
    g.values = g.values.view(DtypeRecorder)
    opt = Adam(0.01)
    DtypeRecorder.log.clear()
    for _ in range(2):
        opt.update([W], [g if sparse else g.to_dense().view(DtypeRecorder)])
    assert len(DtypeRecorder.log) > 5
    assert {dt for _, dt in DtypeRecorder.log} == {np.dtype(np.float32)}, DtypeRecorder.log
    assert W.dtype == np.float32 and opt.m[0].dtype == np.float32 and opt.v[0].dtype == np.float32
    # 값은 책의 식과 같음 (float32 반올림 범위)
    W_book = W0.copy()
    book = reference.Adam(0.01)
    for _ in range(2):
        book.update([W_book], [g.to_dense().view(np.ndarray)])
    np.testing.assert_allclose(W.view(np.ndarray), W_book, rtol=1e-5, atol=1e-6)


def test_dtype_recorder_detects_the_books_float64_promotion():
    """위 검사가 승격을 잡아낼 수 있음을 확인: 책의 Adam은 lr_t가 np.float64 라서 NumPy 2에서 float64로 계산."""
    W = weights((6, 4)).view(DtypeRecorder)
    g = sparse_grad((6, 4), np.arange(6), seed=2).to_dense().view(DtypeRecorder)
    DtypeRecorder.log.clear()
    reference.Adam(0.01).update([W], [g])
    assert np.dtype(np.float64) in {dt for _, dt in DtypeRecorder.log}
    assert W.dtype == np.float32                       # 제자리 갱신이라 dtype은 그대로지만 계산은 float64


@pytest.mark.parametrize("cls, kwargs", [(SGD, {"lr": 0}), (SGD, {"lr": -1}), (Adam, {"lr": 0}),
                                         (Adam, {"beta1": 1.0}), (Adam, {"beta2": -0.1})])
def test_bad_hyperparameters_raise(cls, kwargs):
    with pytest.raises(ValueError):
        cls(**kwargs)


@pytest.mark.parametrize("opt", [SGD(0.1), Adam()])
def test_mismatched_params_and_grads_raise(opt):
    W = weights()
    with pytest.raises(ValueError, match="길이"):
        opt.update([W, W], [np.zeros_like(W)])
    with pytest.raises(ValueError, match="shape"):
        opt.update([W], [np.zeros((3, 3), dtype=np.float32)])


# --------------------------------------------------------------------------- Trainer

def toy_data(window=1):
    corpus, word_to_id, _ = preprocess("You say goodbye and I say hello. " * 20)
    contexts, target = create_contexts_target(corpus, window)
    return corpus, len(word_to_id), contexts, target


@pytest.mark.parametrize("optimizer", [lambda: Adam(0.01), lambda: SGD(1.0)], ids=["adam", "sgd"])
def test_trainer_loss_decreases_on_toy_corpus(optimizer):
    corpus, V, contexts, target = toy_data()
    model = CBOW(V, 10, 1, corpus, sample_size=2, rng=0)
    trainer = Trainer(model, optimizer(), rng=1)
    trainer.fit(contexts, target, max_epoch=60, batch_size=10, eval_interval=5, progress=False)
    first, last = np.mean(trainer.loss_list[:3]), np.mean(trainer.loss_list[-3:])
    assert last < 0.6 * first
    assert trainer.elapsed > 0


@pytest.mark.parametrize("epochs, batch, interval", [(3, 10, 5), (4, 7, 3), (1, 139, 1)])
def test_trainer_loss_list_length(epochs, batch, interval):
    corpus, V, contexts, target = toy_data()
    model = CBOW(V, 4, 1, corpus, sample_size=2, rng=0)
    trainer = Trainer(model, SGD(0.1), rng=0)
    trainer.fit(contexts, target, max_epoch=epochs, batch_size=batch, eval_interval=interval, progress=False)
    iters = epochs * (len(target) // batch)            # 나머지 배치는 버림 (책과 같음)
    assert len(trainer.loss_list) == iters // interval
    assert all(np.isfinite(trainer.loss_list))


def test_trainer_tells_optimizer_the_total_steps():
    corpus, V, contexts, target = toy_data()
    model = CBOW(V, 4, 1, corpus, sample_size=2, rng=0)
    opt = SGD(0.1, final_lr=0.001)
    Trainer(model, opt, rng=0).fit(contexts, target, max_epoch=3, batch_size=10, eval_interval=5, progress=False)
    assert opt.total_steps == 3 * (len(target) // 10) == opt.iter
    assert opt.lr < 0.1 * 0.05


def test_trainer_is_deterministic_for_fixed_seeds():
    corpus, V, contexts, target = toy_data()
    runs = []
    for _ in range(2):
        model = CBOW(V, 4, 1, corpus, sample_size=2, rng=3, shrink_window=True)
        trainer = Trainer(model, SGD(0.5), rng=4)
        trainer.fit(contexts, target, max_epoch=2, batch_size=10, eval_interval=2, progress=False)
        runs.append((model.word_vecs.copy(), list(trainer.loss_list)))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]


@pytest.mark.parametrize("kwargs, pattern", [
    ({"batch_size": 10_000}, "batch_size"),
    ({"batch_size": 0}, "batch_size"),
    ({"max_epoch": 0}, "max_epoch"),
    ({"eval_interval": 0}, "eval_interval"),
])
def test_trainer_bad_arguments_raise(kwargs, pattern):
    corpus, V, contexts, target = toy_data()
    trainer = Trainer(CBOW(V, 4, 1, corpus, rng=0), SGD(0.1))
    with pytest.raises(ValueError, match=pattern):
        trainer.fit(contexts, target, progress=False, **kwargs)


def test_trainer_mismatched_lengths_raise():
    corpus, V, contexts, target = toy_data()
    trainer = Trainer(CBOW(V, 4, 1, corpus, rng=0), SGD(0.1))
    with pytest.raises(ValueError, match="배치 크기"):
        trainer.fit(contexts, target[:-1], progress=False)
    with pytest.raises(TypeError, match="rng"):
        Trainer(CBOW(V, 4, 1, corpus, rng=0), SGD(0.1), rng="seed")


def test_clip_grads_scales_dense_and_sparse_together():
    g_sparse = sparse_grad((8, 5), [0, 4], seed=3)
    g_dense = np.random.default_rng(4).standard_normal((3, 5)).astype(np.float32)
    total = np.sqrt(np.sum(g_sparse.values.astype(np.float64) ** 2) + np.sum(g_dense.astype(np.float64) ** 2))
    s0, d0 = g_sparse.values.copy(), g_dense.copy()
    clip_grads([g_sparse, g_dense], max_norm=total / 4)
    np.testing.assert_allclose(g_sparse.values, s0 / 4, rtol=1e-5)
    np.testing.assert_allclose(g_dense, d0 / 4, rtol=1e-5)
    clip_grads([g_dense], max_norm=1e9)                   # 한도 아래면 그대로
    np.testing.assert_allclose(g_dense, d0 / 4, rtol=1e-5)
