"""이슈 17, 3번: 배치마다 맥락을 만드는 예시 모음(:class:`w2vlib.text.ContextWindows`)이 말뭉치 전체의 맥락 배열
(``create_contexts_target``)과 같은 배치를 같은 순서로 내고, 학습 결과가 비트 단위로 같으며, (T, 2w) 배열을
할당하지 않는지."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib._checks import ArgumentError
from w2vlib.models import CBOW, SkipGram
from w2vlib.optimizers import Adam
from w2vlib.text import ContextWindows, ExampleArrays, create_contexts_target, epoch_batches
from w2vlib.trainer import Trainer


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3000), batch=st.integers(1, 64), seed=st.integers(0, 2**32 - 1))
def test_epoch_order_is_rng_permutation(n, batch, seed):
    """에폭의 순서는 ``rng.permutation(n)``과 같습니다 (int32 배열을 섞어 만들어도 같은 난수, 같은 순서). 그래서 예전
    (int64 ``permutation``)과 같은 시드의 학습이 비트 단위로 같습니다."""
    batch = min(batch, n)
    ids = np.arange(n)
    examples = ExampleArrays(ids[:, None], ids)
    rng = np.random.default_rng(seed)
    got = np.concatenate([t for _, t in epoch_batches(examples, batch, rng)])
    want = np.random.default_rng(seed).permutation(n)[:n // batch * batch]
    np.testing.assert_array_equal(got, want)
    ref = np.random.default_rng(seed)
    ref.permutation(n)
    assert rng.bit_generator.state == ref.bit_generator.state     # 다음 에폭의 순서도 같도록 난수를 같은 만큼 씀


@settings(max_examples=60, deadline=None)
@given(length=st.integers(3, 400), window=st.integers(1, 6), batch=st.integers(1, 50),
       dtype=st.sampled_from([np.int32, np.int64, np.uint16]), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_batches_equal_the_context_matrix_batches(length, window, batch, dtype, seed, data):
    if length <= 2 * window:
        with pytest.raises(ValueError, match="corpus"):
            ContextWindows(np.zeros(length, dtype=dtype), window)
        return
    corpus = np.random.default_rng(seed).integers(0, 50, length).astype(dtype)
    windows = ContextWindows(corpus, window)
    arrays = ExampleArrays(*create_contexts_target(corpus, window))
    assert len(windows) == len(arrays) == length - 2 * window
    batch = min(batch, len(windows))
    for epoch in range(data.draw(st.integers(1, 3))):
        got = list(epoch_batches(windows, batch, np.random.default_rng(seed + epoch)))
        want = list(epoch_batches(arrays, batch, np.random.default_rng(seed + epoch)))
        assert len(got) == len(want) == len(windows) // batch
        for (x, t), (x0, t0) in zip(got, want):
            assert x.dtype == x0.dtype == corpus.dtype and x.shape == (batch, 2 * window)
            np.testing.assert_array_equal(x, x0)
            np.testing.assert_array_equal(t, t0)


def test_take_accepts_any_example_order_and_rejects_out_of_range():
    corpus = np.arange(20, dtype=np.int32)
    windows = ContextWindows(corpus, 2)
    contexts, target = windows.take(np.array([0, 15, 3, 3]))
    np.testing.assert_array_equal(contexts, [[0, 1, 3, 4], [15, 16, 18, 19], [3, 4, 6, 7], [3, 4, 6, 7]])
    np.testing.assert_array_equal(target, [2, 17, 5, 5])
    for bad in ([16], [-1]):
        with pytest.raises(IndexError) as info:
            windows.take(np.array(bad))
        assert isinstance(info.value, ArgumentError) and info.value.argument == "idx"


def test_non_contiguous_corpus_is_read_correctly():
    corpus = np.arange(200, dtype=np.int64)[::3]
    windows = ContextWindows(corpus, 3)
    contexts, target = windows.take(np.arange(len(windows)))
    want_c, want_t = create_contexts_target(np.ascontiguousarray(corpus), 3)
    np.testing.assert_array_equal(contexts, want_c)
    np.testing.assert_array_equal(target, want_t)


@pytest.mark.parametrize("model_cls, shrink", [(CBOW, False), (CBOW, True), (SkipGram, True)])
def test_training_on_windows_is_bitwise_the_training_on_the_matrix(model_cls, shrink):
    corpus = np.random.default_rng(3).zipf(1.5, 3000) % 200
    ids = corpus.astype(np.int32)
    runs = []
    for source in (lambda: (ContextWindows(ids, 3), None), lambda: create_contexts_target(ids, 3)):
        model = model_cls(200, 8, 3, corpus, rng=0, shrink_window=shrink)
        trainer = Trainer(model, Adam(0.01), rng=1)
        x, t = source()
        trainer.fit(x, t, max_epoch=2, batch_size=256, eval_interval=3, progress=False)
        runs.append((model.params[0].copy(), model.params[1].copy(), trainer.loss_list))
    (a_in, a_out, a_loss), (b_in, b_out, b_loss) = runs
    assert a_in.tobytes() == b_in.tobytes() and a_out.tobytes() == b_out.tobytes()
    assert a_loss == b_loss and len(a_loss) > 0


def test_fit_without_t_needs_an_example_source():
    corpus = np.arange(50) % 10
    trainer = Trainer(CBOW(10, 4, 1, corpus, rng=0), Adam(0.01))
    with pytest.raises(TypeError) as info:
        trainer.fit(np.zeros((10, 2), dtype=int), progress=False)
    assert info.value.argument == "t" and "ContextWindows" in str(info.value)


def test_windows_never_allocate_the_tokens_by_window_matrix():
    """1,000,000토큰, 윈도우 10: (T, 2w) int32 맥락 배열이면 80 MB입니다. 만들기와 한 에폭의 배치 꺼내기 동안
    새로 할당한 메모리의 최고치가 그 1/4에도 못 미쳐야 합니다 (말뭉치 순서 (T,) int64 = 8 MB + 배치)."""
    T, w, batch = 1_000_000, 10, 5000
    corpus = (np.arange(T) % 997).astype(np.int32)
    matrix_bytes = T * 2 * w * corpus.itemsize
    tracemalloc.start()
    try:
        windows = ContextWindows(corpus, w)
        n = 0
        for contexts, target in epoch_batches(windows, batch, np.random.default_rng(0)):
            n += len(target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == (T - 2 * w) // batch * batch
    assert peak < matrix_bytes / 4, (peak, matrix_bytes)
    # 대조: 같은 측정이 맥락 배열은 잡아냅니다 (측정이 헛돌지 않음)
    tracemalloc.start()
    try:
        create_contexts_target(corpus, w)
        _, matrix_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert matrix_peak >= matrix_bytes


def test_train_word2vec_peak_memory_is_below_the_context_matrix():
    """학습 함수 전체(모델·옵티마이저·한 에폭)의 할당 최고치가 (T, 2w) int32 맥락 배열 하나보다 작습니다."""
    from w2vlib.config import TrainConfig
    from w2vlib.trainer import train_word2vec

    T, w = 600_000, 10
    corpus = np.random.default_rng(0).zipf(1.3, T) % 500
    cfg = TrainConfig(window_size=w, hidden_size=8, epochs=1, batch_size=5000, workers=1)
    tracemalloc.start()
    try:
        train_word2vec(corpus, 500, cfg, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    matrix_bytes = T * 2 * w * 4
    assert peak < matrix_bytes / 2, (peak, matrix_bytes)
