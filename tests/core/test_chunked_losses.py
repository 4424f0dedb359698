"""캐시 크기로 나눠 계산하는 학습 경로(이슈 12)가 나누지 않은 계산과 같은 손실·기울기를 내는지, 그리고 그 경로로
학습한 벡터의 품질이 문턱 위에 있는지 확인합니다.

- 네거티브 샘플링: ``chunk_size``로 배치를 나눈 융합(gather·내적·σ−t·dh) 경로 vs ``chunk_size=None`` (책과 같은
  EmbeddingDot + SigmoidWithLoss 구성) — 같은 부정적 예에서 손실, dh, dW가 반올림 범위에서 같음.
- 계층적 소프트맥스: ``CHUNK_PAIRS``가 아주 작을 때(블록마다 여러 조각)와 클 때(블록 하나)가 같음.
- lazy Adam: ``ROW_CHUNK`` 행씩 갱신해도 한 번에 갱신한 것과 비트 단위로 같음.
- 실제 PTB 일부로 두 경로를 같은 시드로 학습하면 벡터가 거의 같고, 순위 문턱('year'의 이웃)을 함께 넘음.
"""
from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from w2vlib import evaluation as ev
from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss
from w2vlib.layers import DhBlocks, _sigmoid_loss_and_grad, _sigmoid_numerator, sigmoid
from w2vlib.models import CBOW, SkipGram
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.optimizers import Adam
from w2vlib.scatter import SparseRowGrad
from w2vlib.text import create_contexts_target
from w2vlib.trainer import Trainer


def zipf_corpus(V, T, seed):
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, V + 1)
    return np.concatenate([np.arange(V), rng.choice(V, size=T, p=p / p.sum())])


def ns_pair(dtype, chunk, V=40, H=7, k=5, seed=0):
    corpus = zipf_corpus(V, 3_000, seed)
    rng = np.random.default_rng(seed + 1)
    W = (0.7 * rng.standard_normal((V, H))).astype(dtype)
    whole = NegativeSamplingLoss(W.copy(), corpus, sample_size=k, rng=0, sparse=True, chunk_size=None)
    chunked = NegativeSamplingLoss(W.copy(), corpus, sample_size=k, rng=0, sparse=True, chunk_size=chunk)
    return whole, chunked, rng


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_chunked_negative_sampling_equals_unchunked(dtype, rtol, chunk, dout):
    whole, chunked, rng = ns_pair(dtype, chunk)
    N = 23                                                     # 조각 크기로 나누어떨어지지 않는 배치
    h = rng.standard_normal((N, 7)).astype(dtype)
    target = rng.integers(0, 40, size=N)
    negative = whole.sampler.get_negative_sample(target)
    L_whole = whole.forward(h, target, negative)
    L_chunk = chunked.forward(h, target, negative)
    assert chunked._fused is not None and whole._fused is None  # 정말 두 다른 경로를 비교합니다
    assert L_chunk == pytest.approx(L_whole, rel=rtol)
    dh_whole, dh_chunk = whole.backward(dout), chunked.backward(dout)
    assert dh_chunk.dtype == dh_whole.dtype == dtype
    np.testing.assert_allclose(dh_chunk, dh_whole, rtol=rtol, atol=rtol * np.abs(dh_whole).max())
    g_whole, g_chunk = whole.grads[0], chunked.grads[0]
    np.testing.assert_array_equal(g_chunk.rows, g_whole.rows)
    np.testing.assert_allclose(g_chunk.values, g_whole.values, rtol=rtol, atol=rtol * np.abs(g_whole.values).max())
    # backward를 다시 불러도 같은 값 (저장한 값을 제자리에서 바꾸지 않음)
    np.testing.assert_array_equal(chunked.backward(dout), dh_chunk)


@pytest.mark.parametrize("dout", [1.0, 2.5])
@pytest.mark.parametrize("shared", [False, True])
def test_model_path_releases_h_after_backward_with_the_same_loss_and_gradients(dout, shared):
    """모델이 쓰는 경로(``_forward(..., overwrite_h=True)``와 skip-gram의 ``_forward_shared``)는 공개 ``forward``와
    비트 단위로 같은 손실·dh·dW를 내고, 역전파가 W_out의 기울기를 구한 뒤 h를 놓습니다 (그래서 같은 배치의 역전파를 다시 부르면
    RuntimeError). 정답·부정적 예의 번호는 희소 행렬의 열 번호와 같은 int32입니다."""
    _, kept, rng = ns_pair(np.float32, 4)
    _, released, _ = ns_pair(np.float32, 4)                      # 같은 가중치·같은 조각 크기의 융합 경로 둘
    N = 13
    h = rng.standard_normal((N, 7)).astype(np.float32)
    target = rng.integers(0, 40, size=N)
    negative = kept.sampler.get_negative_sample(target)
    if shared:                                   # 예시마다 정답 하나인 skip-gram 경로 (쌍 = 예시)
        indptr = np.arange(N + 1)
        loss_kept = kept._forward_pairs(h, target, indptr, negative)
        loss_released = released._forward_shared(h.copy(), target, indptr, negative)
    else:
        loss_kept = kept.forward(h, target, negative)
        loss_released = released._forward(h.copy(), target, negative, overwrite_h=True)
    assert loss_released == loss_kept
    assert released.idx.dtype == np.int32
    dh_kept, dh_released = kept.backward(dout), released.backward(dout)
    np.testing.assert_array_equal(dh_released, dh_kept)
    np.testing.assert_array_equal(released.grads[0].to_dense(), kept.grads[0].to_dense())
    assert released._fused is None
    with pytest.raises(RuntimeError, match="forward"):
        released.backward(dout)
    np.testing.assert_array_equal(kept.backward(dout), dh_kept)      # 공개 forward의 역전파는 다시 불러도 같음


@pytest.mark.parametrize("loss", ["ns", "hs"])
def test_cbow_batch_holds_one_hidden_sized_array(loss):
    """CBOW의 한 배치(순전파 + 역전파)가 (N, H) 배열을 한 번에 하나(은닉층 h)만 둡니다: 손실 계층이 dh를 조각마다
    계산해 넘기면 모델이 그 자리에서 W_in의 기울기에 더하므로 dh (N, H)가 생기지 않고, 역전파가 끝나면 h도 놓입니다.
    배치 N = 20,000, H = 128에서 (N, H) 하나가 10.2 MB이고 가중치·기울기(V = 50)는 그보다 훨씬 작습니다. dh를 넘기는 단위
    (:attr:`DhBlocks.ROWS`)를 1,024행으로 두고 잽니다. dh를 따로 두던 구현의 최대 증가는 (N, H)의 2.3–2.5배였고 지금은
    1.5–1.6배입니다 (나머지는 (N, k+1) 점수·번호와 맥락 배열)."""
    import tracemalloc

    V, H, N = 50, 128, 20_000
    corpus = zipf_corpus(V, 30_000, 5)
    contexts, target = create_contexts_target(corpus, 2)
    model = CBOW(V, H, 2, corpus, rng=0, shrink_window=True, loss=loss)
    with mock.patch.object(DhBlocks, "ROWS", 1024):
        model.forward(contexts[:N], target[:N])
        model.backward()                                         # 배열의 크기를 한 번 맞춰 둠
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            model.forward(contexts[:N], target[:N])
            model.backward()
            after_backward, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    unit = N * H * 4
    assert peak - start < 2 * unit, (peak - start) / unit
    assert after_backward - start < 0.2 * unit, (after_backward - start) / unit


@settings(max_examples=40, deadline=None)
@given(loss=st.sampled_from(["ns", "hs"]), rule=st.sampled_from(["book", "word2vec"]),
       n=st.integers(1, 3_000), window=st.integers(1, 3), V=st.integers(7, 400), shrink=st.booleans(),
       dout=st.sampled_from([1.0, 0.5]), seed=st.integers(0, 2**16), rows=st.sampled_from([1, 7, 1000, 8192]))
def test_cbow_streamed_input_gradient_is_bitwise_the_whole_batch_one(loss, rule, n, window, V, shrink, dout, seed, rows):
    """손실 계층이 dh를 조각마다 넘겨 모델이 W_in의 기울기를 조각마다 모은 것(``dh_sink``)이, dh (N, H) 전체를 받아
    Aᵀ @ dh를 한 번에 계산한 것과 **비트 단위로** 같습니다 (같은 커널이 예시 순서대로 더함). 손실과 W_out의 기울기도
    같습니다. 두 모델은 같은 시드이고, 한쪽만 ``streams_dh``를 꺼 예전 경로로 계산합니다. 배치는 NS의 조각(1,024 예시)과
    HS의 조각 경계를 여러 번 넘는 크기까지 (V ≥ 7: 부정적 예 5개보다 큰 어휘), dh를 넘기는 단위(:class:`DhBlocks`의
    ``ROWS``)도 여러 가지로."""
    corpus = np.random.default_rng(seed).integers(0, V, size=n + 2 * window)
    contexts, target = create_contexts_target(corpus, window)
    models = [CBOW(V, 8, window, corpus, rng=seed, shrink_window=shrink, update_rule=rule, loss=loss) for _ in range(2)]
    with mock.patch.object(DhBlocks, "ROWS", rows):              # 넘기는 단위: 한 행, 조각보다 작게, 배치 하나 …
        losses = [models[0].forward(contexts, target)]
    with mock.patch.object(type(models[1].loss_layer), "streams_dh", False):
        losses.append(models[1].forward(contexts, target))
    assert getattr(models[0], "_dW_in", None) is not None and getattr(models[1], "_dW_in", None) is None
    for m in models:
        m.backward(dout)
    assert losses[0] == losses[1]
    for g_stream, g_whole in zip(models[0].grads, models[1].grads):
        np.testing.assert_array_equal(g_stream.rows, g_whole.rows)
        np.testing.assert_array_equal(g_stream.values, g_whole.values)


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 9), min_size=1, max_size=30), gaps=st.lists(st.booleans(), min_size=30, max_size=30),
       rows=st.integers(1, 12))
def test_dh_blocks_hand_over_every_row_once_in_order(sizes, gaps, rows):
    """:class:`DhBlocks`: 계층이 쓴 조각들을 ``sink``가 예시 순서대로, 빠짐없이 한 번씩 받습니다. 이어지는 조각은 ``rows`` 행까지
    모아 한 번에 (자리보다 큰 조각은 그것 하나로), 끊긴 자리(건너뛴 예시)에서는 먼저 넘깁니다."""
    received = []
    total = sum(sizes) + len(sizes)
    blocks = DhBlocks(lambda start, dh: received.append((start, dh.copy())), total, 3, np.float64, rows=rows)
    written, start = {}, 0
    for n, gap in zip(sizes, gaps):
        start += int(gap)                                         # 예시 하나를 건너뜀 (다른 계층의 구간처럼)
        view = blocks.block(start, n)
        assert view.shape == (n, 3)
        view[...] = np.arange(start, start + n)[:, None] + np.array([0.0, 0.25, 0.5])
        written.update({i: view[i - start].copy() for i in range(start, start + n)})
        start += n
    blocks.flush()
    got = {}
    for (s, dh), (s_next, _) in zip(received, received[1:] + [(np.inf, None)]):
        assert 0 < len(dh) and s + len(dh) <= s_next                   # 순서대로, 겹침 없이
        assert len(dh) <= max(min(rows, total), max(sizes))
        got.update({i: dh[i - s] for i in range(s, s + len(dh))})
    assert got.keys() == written.keys()
    for i, row in written.items():
        np.testing.assert_array_equal(got[i], row)


@pytest.mark.parametrize("loss", ["ns", "hs"])
def test_dh_sink_is_refused_where_it_cannot_stream(loss):
    """``dh_sink``는 조각마다 dh를 계산하는 경로에서만: NS는 ``chunk_size=None``(책과 같은 구성)이면, HS는 예시를 스스로
    정렬할 때(``presorted=False``: 조각의 번호가 받은 순서의 것이 아님) 분명한 오류입니다."""
    corpus = zipf_corpus(20, 500, 0)
    W = np.zeros((20, 4), dtype=np.float32)
    h, target = np.ones((5, 4), dtype=np.float32), np.arange(5)
    if loss == "ns":
        layer = NegativeSamplingLoss(W, corpus, rng=0, sparse=True, chunk_size=None)
        assert not layer.streams_dh
        with pytest.raises(ValueError, match="dh_sink"):
            layer._forward(h, target, dh_sink=lambda start, block: None)
    else:
        layer = HierarchicalSoftmaxLoss(W, np.bincount(corpus, minlength=20), sparse=True)
        with pytest.raises(ValueError, match="dh_sink.*presorted"):
            layer._forward(h, target, dh_sink=lambda start, block: None)


def test_chunked_negative_sampling_gradients_match_numerical():
    V, H, N = 30, 5, 11
    corpus = zipf_corpus(V, 2_000, 3)
    rng = np.random.default_rng(4)
    W = 0.8 * rng.standard_normal((V, H))
    h = rng.standard_normal((N, H))
    target = rng.integers(0, V, size=N)
    layer = NegativeSamplingLoss(W, corpus, sample_size=4, rng=1, sparse=True, chunk_size=4)
    negative = layer.sampler.get_negative_sample(target)
    layer.forward(h, target, negative)
    dh = layer.backward()
    dW = layer.grads[0].to_dense()
    num_h = numerical_gradient(lambda: layer.forward(h, target, negative), h)
    num_W = numerical_gradient(lambda: layer.forward(h, target, negative), W)
    assert relative_error(dh, num_h) < 1e-7
    assert relative_error(dW, num_W) < 1e-7


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_sigmoid_loss_and_grad_matches_separate_formulas(dtype):
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((50, 6)) * 30).astype(dtype)      # 큰 |x|: 넘침 없이 같아야 함
    t = (rng.random((50, 6)) < 0.3).astype(dtype)
    loss, g = _sigmoid_loss_and_grad(x, t)
    want = float(np.sum(np.logaddexp(0, x.astype(np.float64)) - t * x.astype(np.float64)))
    assert np.isfinite(loss) and loss == pytest.approx(want, rel=1e-5)
    assert g.dtype == dtype
    np.testing.assert_allclose(g, sigmoid(x) - t, rtol=1e-6, atol=1e-7)


def _reference_sigmoid_minus_t(x, t):
    """σ(x) − t를 ``np.where``로 (빠른 분자 :func:`_sigmoid_numerator`를 쓰기 전의 식, 비교 기준)."""
    e = np.exp(-np.abs(x))
    return (np.where(x >= 0, 1, e) / (1 + e)).astype(x.dtype, copy=False) - t


@settings(max_examples=60, deadline=None)
@given(x=hnp.arrays(st.sampled_from([np.float32, np.float64]), hnp.array_shapes(min_dims=1, max_dims=2, max_side=40),
                    elements=dict(allow_nan=False, allow_infinity=False, min_value=-300, max_value=300)),
       seed=st.integers(0, 2**16))
def test_fused_sigmoid_grad_is_bitwise_the_where_formula(x, seed):
    """기울기는 예전 식(np.where)과 비트 단위로 같고 (학습 결과가 바뀌지 않음), 손실은 log1p로 더한 값과 반올림 범위에서 같음."""
    t = (np.random.default_rng(seed).random(x.shape) < 0.3).astype(x.dtype)
    loss, g = _sigmoid_loss_and_grad(x.copy(), t)
    np.testing.assert_array_equal(g, _reference_sigmoid_minus_t(x, t))
    x64 = x.astype(np.float64)
    # 기준값은 항마다 float64로 구해 math.fsum으로 정확히 더합니다. 허용 오차는 합 세 개(max(x, 0), log 항, t·x)의
    # 반올림: 쌍별 합(pairwise)의 오차는 log₂(항 수)에 비례합니다 (같은 값이 많은 x에서 float64도 몇 ulp 벗어남).
    want = math.fsum([*np.maximum(x64, 0).ravel(), *np.log1p(np.exp(-np.abs(x64))).ravel(), *(-t * x64).ravel()])
    eps = np.finfo(x.dtype).eps
    assert abs(loss - want) <= (np.log2(x.size) + 4) * eps * (2 * float(np.sum(np.abs(x64))) + x.size)


def test_fused_sigmoid_loss_keeps_its_accuracy_when_large_negative_scores_dominate():
    """발산하는 학습처럼 부정적 예의 점수가 아주 큰 음수이고 정답의 점수만 작을 때도 손실은 float64 값과 같습니다
    (Σ max(x, 0)을 (Σx + Σ|x|)/2로 구하면 두 합이 지워져 이 경우 손실이 크게 틀림)."""
    rng = np.random.default_rng(8)
    x = (-np.abs(rng.standard_normal((1024, 6))) * 1e6).astype(np.float32)
    x[:, 0] = rng.standard_normal(1024).astype(np.float32)
    t = np.zeros_like(x)
    t[:, 0] = 1
    loss, _ = _sigmoid_loss_and_grad(x, t)
    x64 = x.astype(np.float64)
    assert loss == pytest.approx(float(np.sum(np.logaddexp(0, x64) - t * x64)), rel=1e-5)


def test_sigmoid_numerator_edge_values():
    """x ≥ 0 → 1, x < 0 → e^{−|x|}; ±0, ±inf, 밑넘침(e = 0), NaN (그대로 NaN)에서도 np.where와 같음."""
    x = np.array([0.0, -0.0, 1e-30, -1e-30, 3.0, -3.0, 200.0, -200.0, np.inf, -np.inf, np.nan], dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-np.abs(x))
        np.testing.assert_array_equal(_sigmoid_numerator(x, e), np.where(x >= 0, 1, e).astype(np.float32))
        assert _sigmoid_numerator(x, e).dtype == np.float32


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-12), (np.float32, 2e-5)])
def test_hs_chunks_equal_one_block(dtype, rtol):
    V, H, N = 60, 6, 37
    rng = np.random.default_rng(6)
    counts = np.maximum(1, (5_000 / np.arange(1, V + 1))).astype(np.int64)[rng.permutation(V)]
    W = (0.7 * rng.standard_normal((V, H))).astype(dtype)
    h = rng.standard_normal((N, H)).astype(dtype)
    target = rng.integers(0, V, size=N)
    small = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    small.CHUNK_PAIRS = 5                                       # 블록마다 여러 조각 (한 조각 = 1 예시까지)
    big = HierarchicalSoftmaxLoss(W.copy(), counts, sparse=True)
    big.CHUNK_PAIRS = 10 ** 9
    assert small.forward(h, target) == pytest.approx(big.forward(h, target), rel=rtol)
    dh_small, dh_big = small.backward(1.5), big.backward(1.5)
    np.testing.assert_allclose(dh_small, dh_big, rtol=rtol, atol=rtol * np.abs(dh_big).max())
    np.testing.assert_array_equal(small.grads[0].rows, big.grads[0].rows)
    np.testing.assert_allclose(small.grads[0].values, big.grads[0].values, rtol=rtol,
                               atol=rtol * np.abs(big.grads[0].values).max())


def test_lazy_adam_row_chunks_are_bitwise_equal_to_one_update():
    rng = np.random.default_rng(7)
    V, H = 50, 4
    W0 = rng.standard_normal((V, H)).astype(np.float32)
    steps = [(np.sort(rng.choice(V, size=31, replace=False)), rng.standard_normal((31, H)).astype(np.float32))
             for _ in range(4)]
    results = []
    for row_chunk in (3, 10 ** 6):                                  # 조각 11개 vs 한 번
        W = W0.copy()
        opt = Adam(lr=0.01)
        opt.ROW_CHUNK = row_chunk
        for rows, values in steps:
            g = SparseRowGrad((V, H))
            g.set(rows, values)
            opt.update([W], [g])
        results.append(W)
    np.testing.assert_array_equal(results[0], results[1])
    assert not np.array_equal(results[0], W0)


# --------------------------------------------------------------------------- 실제 PTB로 학습한 품질

def _train(corpus, vocab_size, chunk_size, epochs=2, batch=8000):
    ids = corpus.astype(np.int32)
    contexts, target = create_contexts_target(ids, 5)
    model = CBOW(vocab_size, 100, 5, corpus, rng=0, shrink_window=True)
    model.loss_layer.chunk_size = chunk_size
    Trainer(model, Adam(0.01), rng=1).fit(contexts, target, max_epoch=epochs, batch_size=batch, progress=False)
    return model.word_vecs


def test_chunked_and_unchunked_training_agree_and_pass_rank_threshold(ptb_train):
    corpus, word_to_id, id_to_word = ptb_train
    part = corpus[:300_000]
    W_chunk = _train(part, len(word_to_id), 1024)
    W_whole = _train(part, len(word_to_id), None)
    used = np.unique(part)
    # 반올림 차이만큼만 달라집니다 (두 경로의 합 순서가 다름): 상대 차이가 작음
    diff = np.linalg.norm(W_chunk[used] - W_whole[used]) / np.linalg.norm(W_whole[used])
    assert diff < 1e-2, diff
    for W in (W_chunk, W_whole):
        top = [w for w, _ in ev.most_similar("year", word_to_id, id_to_word, W, top=10)]
        assert {"month", "week", "years", "quarter"} & set(top), top


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_chunk_size_raises_with_argument_name(bad):
    with pytest.raises(ValueError, match="chunk_size"):
        NegativeSamplingLoss(np.zeros((10, 3)), np.arange(10), sparse=True, chunk_size=bad)
