"""w2vlib.models: CBOW·SkipGram의 수치 미분 검사(float64, 고정·줄어드는 윈도우), ``update_rule='word2vec'``의
문서화된 배율, 책 구현(reference.CBOW)과의 동치, 잘못된 인자의 오류.

수치 미분은 같은 함수를 여러 번 평가하므로, 평가마다 모델의 난수 생성기 상태를 되돌려 부정적 예와 윈도우
마스크가 매번 같게 합니다 (모델의 샘플러와 윈도우 마스크는 같은 ``model.rng``를 씁니다).
"""
from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from w2vlib.book import reference
from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.models import CBOW, SkipGram
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.scatter import SparseRowGrad
from w2vlib.text import compact_ids, create_contexts_target

TOL = 1e-7  # float64 중심 차분의 상대 오차 허용치
V, H, W = 9, 4, 2  # 작은 어휘·은닉층·윈도우 (맥락 2w = 4)


def toy_corpus(T=60, seed=0):
    rng = np.random.default_rng(seed)
    return np.concatenate([np.arange(V), rng.integers(0, V, size=T - V)])


def toy_batch(N=6, seed=1):
    """중복 단어가 많은 맥락 (N, 2w)와 타깃 (N,)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=(N, 2 * W)), rng.integers(0, V, size=N)


def make_model(cls, *, seed=0, float64=True, **kw):
    """모델을 만들고 (선택적으로) 가중치를 float64 복사본으로 바꿉니다. 같은 ``seed`` 면 같은 가중치."""
    model = cls(V, H, W, toy_corpus(), rng=seed, **kw)
    if float64:
        W_in, W_out = (p.astype(np.float64) for p in model.params)
        W_in += 0.5 * np.random.default_rng(seed + 100).standard_normal(W_in.shape)   # 0.01보다 큰 값: 손실이
        W_out += 0.5 * np.random.default_rng(seed + 200).standard_normal(W_out.shape)  # 가중치에 잘 반응하게
        if isinstance(model, SkipGram):                # CBOW는 W_in을 params[0]에서 바로 읽음
            model.in_layer.params[0] = W_in
        model.loss_layer.params[0] = W_out         # EmbeddingDot·Embedding과 같은 리스트 객체
        model.params[:] = [W_in, W_out]
        model.word_vecs = W_in
    return model


def frozen_loss(model, contexts, target):
    """난수 상태를 고정한 손실 함수 f()와, 그 상태로 한 번 순전파·역전파한 해석적 기울기 (밀집)."""
    state = model.rng.bit_generator.state

    def f():
        model.rng.bit_generator.state = state
        return model.forward(contexts, target)

    f()
    model.backward()
    grads = [g.to_dense() if isinstance(g, SparseRowGrad) else np.array(g) for g in model.grads]
    return f, grads


# --------------------------------------------------------------------------- 수치 미분 검사

@pytest.mark.parametrize("cls", [CBOW, SkipGram])
@pytest.mark.parametrize("shrink", [False, True], ids=["fixed", "shrink"])
def test_gradients_match_numerical(cls, shrink):
    model = make_model(cls, shrink_window=shrink, update_rule="book", loss="ns")
    contexts, target = toy_batch()
    f, (dW_in, dW_out) = frozen_loss(model, contexts, target)
    assert isinstance(model.grads[0], SparseRowGrad) and isinstance(model.grads[1], SparseRowGrad)
    assert dW_in.dtype == np.float64 and dW_out.dtype == np.float64
    num_in = numerical_gradient(f, model.params[0])
    num_out = numerical_gradient(f, model.params[1])
    assert np.abs(num_in).max() > 1e-3 and np.abs(num_out).max() > 1e-3   # 검사가 헛돌지 않음
    assert relative_error(dW_in, num_in) < TOL
    assert relative_error(dW_out, num_out) < TOL


def drawn_windows(state, n):
    """``state``에서 forward가 맨 먼저 뽑는 타깃별 윈도우 크기 (n,)과 맥락 위치 마스크 (n, 2w).

    word2vec의 ``b = rand % window``처럼 1..w에서 고르고, 타깃과의 거리가 그 이하인 위치만 씁니다.
    모델 코드와 독립으로 문서의 정의대로 다시 계산합니다."""
    gen = np.random.Generator(np.random.PCG64())
    gen.bit_generator.state = state
    reduced = gen.integers(1, W + 1, size=n)
    dist = np.r_[np.arange(W, 0, -1), np.arange(1, W + 1)]      # 맥락 열마다 타깃과의 거리
    return reduced, dist[None, :] <= reduced[:, None]


def capture_loss_inputs(model):
    """손실 계층에 들어가는 (쌍마다의 은닉 벡터, 정답 단어)를 기록하도록 바꿔 끼우고, 기록할 리스트를 돌려줍니다.
    (모델은 입력을 검사한 뒤 손실 계층의 검사 없는 ``_forward``를 부릅니다. skip-gram은 타깃 벡터 하나를 그 쌍들이
    함께 쓰는 ``_forward_shared(h, positive, indptr)``를 부르므로, 기록은 h를 쌍마다 펼친 것입니다.)"""
    calls, original, original_shared = [], model.loss_layer._forward, model.loss_layer._forward_shared

    def forward(h, t, negative_sample=None, **options):
        calls.append((np.array(h), np.array(t)))
        return original(h, t, negative_sample, **options)

    def forward_shared(h, positive, indptr, *args):
        calls.append((np.repeat(h, np.diff(indptr), axis=0), np.array(positive)))
        return original_shared(h, positive, indptr, *args)

    model.loss_layer._forward = forward
    model.loss_layer._forward_shared = forward_shared
    return calls


def test_cbow_shrinking_window_ignores_positions_outside_the_drawn_window():
    model = make_model(CBOW, shrink_window=True)
    N = 40
    rng = np.random.default_rng(5)
    contexts = rng.integers(0, 4, size=(N, 2 * W))
    target = rng.integers(4, 8, size=N)
    state = model.rng.bit_generator.state
    reduced, mask = drawn_windows(state, N)
    outer_used = reduced == W
    assert 0 < outer_used.sum() < N
    calls = capture_loss_inputs(model)
    for outer in (8, 7):                                  # 가장 바깥 두 위치(거리 w)의 단어만 바꿈
        c = contexts.copy()
        c[:, 0] = c[:, -1] = outer
        model.rng.bit_generator.state = state
        model.forward(c, target)
    (h8, _), (h7, _) = calls
    np.testing.assert_array_equal(h8[~outer_used], h7[~outer_used])   # 윈도우 밖: 영향 없음
    assert not np.allclose(h8[outer_used], h7[outer_used])
    W_in = model.params[0]
    c[:, 0] = c[:, -1] = 7
    expected = np.stack([W_in[c[n][mask[n]]].mean(axis=0) for n in range(N)])   # 윈도우 안의 평균
    np.testing.assert_allclose(h7, expected, rtol=1e-6, atol=1e-6)


def test_skipgram_shrinking_window_pairs_are_the_masked_contexts_in_window_order():
    """줄어드는 윈도우의 skip-gram: 손실 계층에 가는 쌍은 예시를 윈도우 크기 순으로 (같으면 원래 순서로) 놓은 뒤
    예시마다 마스크 안의 맥락을 행 순서로 펼친 것이고, 쌍마다의 은닉 벡터는 그 쌍의 타깃 벡터입니다."""
    model = make_model(SkipGram, shrink_window=True)
    contexts, target = toy_batch(N=30, seed=4)
    state = model.rng.bit_generator.state
    reduced, mask = drawn_windows(state, len(target))
    calls = capture_loss_inputs(model)
    model.rng.bit_generator.state = state
    loss = model.forward(contexts, target)
    h_pairs, positive = calls[0]
    want_positive, want_target = [], []
    for size in range(1, W + 1):                                  # 윈도우 크기 순, 같은 크기 안에서는 원래 순서
        for n in np.flatnonzero(reduced == size):
            want_positive += contexts[n][mask[n]].tolist()
            want_target += [target[n]] * int(mask[n].sum())
    np.testing.assert_array_equal(positive, want_positive)
    np.testing.assert_array_equal(h_pairs, model.params[0][want_target])
    assert np.isfinite(loss)


def test_skipgram_window_order_does_not_change_the_gradient_beyond_rounding():
    """윈도우 순으로 예시를 놓는 것은 계산 순서만 바꿉니다: 같은 부정적 예를 쓰면, 모델의 기울기는 예시마다 쌍을 만들어
    손실 계층에 원래 순서로 직접 넣은 기울기와 float64에서 반올림 범위까지 같습니다."""
    model = make_model(SkipGram, shrink_window=True)
    contexts, target = toy_batch(N=40, seed=6)
    state = model.rng.bit_generator.state
    reduced, mask = drawn_windows(state, len(target))
    model.rng.bit_generator.state = state
    model.forward(contexts, target)
    model.backward()
    got = [g.to_dense() for g in model.grads]
    used_negatives = model.loss_layer.idx[:, 1:]                  # 모델이 쓴 부정적 예 (윈도우 순의 쌍마다)
    # 같은 쌍을 원래 예시 순서로: 윈도우 순의 쌍 번호를 원래 순서의 쌍 번호로 옮깁니다
    order = np.argsort(reduced, kind="stable")
    pair_owner_sorted = np.repeat(order, mask[order].sum(axis=1))
    pair_rank_sorted = np.concatenate([np.flatnonzero(mask[n]) for n in order])
    key_sorted = pair_owner_sorted * (2 * W) + pair_rank_sorted
    rows = np.nonzero(mask)
    key_orig = rows[0] * (2 * W) + rows[1]
    where = np.argsort(key_sorted)[np.searchsorted(np.sort(key_sorted), key_orig)]
    W_in, W_out = (p.copy() for p in model.params)
    loss_layer = NegativeSamplingLoss(W_out, np.arange(V), sample_size=used_negatives.shape[1], sparse=False)
    h = W_in[target[rows[0]]]
    loss_layer.forward(h, contexts[rows], used_negatives[where])
    dh = loss_layer.backward(len(rows[0]) / len(target))
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, target[rows[0]], dh)
    np.testing.assert_allclose(got[0], dW_in, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(got[1], loss_layer.grads[0], rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------------- update_rule='word2vec'

def _grads(model, contexts, target, state):
    model.rng.bit_generator.state = state
    loss = model.forward(contexts, target)
    model.backward()
    return loss, [g.to_dense() for g in model.grads]


@pytest.mark.parametrize("shrink", [False, True], ids=["fixed", "shrink"])
def test_cbow_word2vec_rule_is_the_documented_scaling(shrink):
    """CBOW, word2vec 규약: W_out은 (배치 평균이 아닌 합이므로) N 배, W_in은 은닉층 오차 N·dh를 맥락 수로
    나누지 않고 (마스크 안의) 각 맥락 단어에 그대로 더한 값."""
    contexts, target = toy_batch(N=7, seed=3)
    N = len(target)
    book = make_model(CBOW, seed=4, shrink_window=shrink, update_rule="book")
    w2v = make_model(CBOW, seed=4, shrink_window=shrink, update_rule="word2vec")
    for p, q in zip(book.params, w2v.params):
        np.testing.assert_array_equal(p, q)
    state = book.rng.bit_generator.state
    loss_b, (in_b, out_b) = _grads(book, contexts, target, state)
    loss_w, (in_w, out_w) = _grads(w2v, contexts, target, state)
    assert loss_w == pytest.approx(loss_b, rel=1e-12)       # 손실 값은 어느 규약이든 배치 평균
    np.testing.assert_allclose(out_w, N * out_b, rtol=1e-10, atol=1e-12)

    # 은닉층 오차 dh (book 규약, (N, H))를 손실 계층에서 직접 얻습니다: forward를 다시 하고 backward(1). 학습 경로는 dh를
    # 조각마다 모델에 넘기고 (N, H)로 두지 않으므로, 여기서는 그 흐름을 꺼 손실 계층이 dh 전체를 돌려주게 합니다.
    book.rng.bit_generator.state = state
    with mock.patch.object(type(book.loss_layer), "streams_dh", False):
        book.forward(contexts, target)
    dh = book.loss_layer.backward(1.0)
    gen = np.random.Generator(type(book.rng.bit_generator)())
    gen.bit_generator.state = state
    if shrink:
        reduced = gen.integers(1, W + 1, size=N)          # forward가 맨 먼저 뽑는 윈도우 크기
        dist = np.r_[np.arange(W, 0, -1), np.arange(1, W + 1)]
        mask = dist[None, :] <= reduced[:, None]
    else:
        mask = np.ones(contexts.shape, dtype=bool)
    expected_in = np.zeros_like(in_w)
    expected_in_book = np.zeros_like(in_b)
    for n in range(N):
        for j in range(2 * W):
            if mask[n, j]:
                expected_in[contexts[n, j]] += N * dh[n]                  # 계수 1, 오차 N·dh
                expected_in_book[contexts[n, j]] += dh[n] / mask[n].sum()  # 계수 1/맥락 수
    np.testing.assert_allclose(in_b, expected_in_book, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(in_w, expected_in, rtol=1e-10, atol=1e-12)
    if not shrink:
        np.testing.assert_allclose(in_w, N * 2 * W * in_b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shrink", [False, True], ids=["fixed", "shrink"])
def test_skipgram_word2vec_rule_scales_both_gradients_by_batch_size(shrink):
    contexts, target = toy_batch(N=5, seed=6)
    N = len(target)
    book = make_model(SkipGram, seed=7, shrink_window=shrink, update_rule="book")
    w2v = make_model(SkipGram, seed=7, shrink_window=shrink, update_rule="word2vec")
    state = book.rng.bit_generator.state
    loss_b, (in_b, out_b) = _grads(book, contexts, target, state)
    loss_w, (in_w, out_w) = _grads(w2v, contexts, target, state)
    assert loss_w == pytest.approx(loss_b, rel=1e-12)
    np.testing.assert_allclose(in_w, N * in_b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out_w, N * out_b, rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------- 책 구현과의 동치

def test_cbow_matches_book_cbow_on_same_weights_and_negatives():
    """같은 가중치·같은 부정적 예에서 은닉 벡터, 손실, (공유 가중치를 합친) 기울기가 책의 CBOW와 같습니다."""
    V_, H_, w = 12, 5, 2
    rng = np.random.default_rng(8)
    corpus = np.concatenate([np.arange(V_), rng.integers(0, V_, size=50)])
    contexts = rng.integers(0, V_, size=(6, 2 * w))
    contexts[:, 1] = contexts[:, 2]                                   # 한 행 안의 중복
    target = rng.integers(0, V_, size=6)
    negatives = rng.integers(0, V_, size=(6, 5))

    ours = CBOW(V_, H_, w, corpus, rng=0)                              # 고정 윈도우, 'book' 규약
    book = reference.CBOW(V_, H_, w, corpus, rng=np.random.RandomState(0))
    W_in = (0.5 * rng.standard_normal((V_, H_))).astype(np.float32)
    W_out = (0.5 * rng.standard_normal((V_, H_))).astype(np.float32)
    ours.params[0][...] = W_in
    ours.params[1][...] = W_out
    book.params[0][...] = W_in                   # 모든 Embedding 계층이 같은 W_in 객체를 공유
    book.ns_loss.params[0][...] = W_out
    assert all(layer.params[0] is book.params[0] for layer in book.in_layers)

    captured = {}
    ours.loss_layer.sampler.get_negative_sample = lambda t: negatives
    book.ns_loss.sampler.get_negative_sample = lambda t: negatives
    ours_fwd, book_fwd = ours.loss_layer._forward, book.ns_loss.forward      # 모델은 검사 없는 _forward를 부름
    ours.loss_layer._forward = lambda h, t, **kw: (captured.__setitem__("ours", h.copy()), ours_fwd(h, t, **kw))[1]
    book.ns_loss.forward = lambda h, t: (captured.__setitem__("book", h.copy()), book_fwd(h, t))[1]

    loss_ours = ours.forward(contexts, target)
    loss_book = book.forward(contexts, target)
    np.testing.assert_allclose(captured["ours"], captured["book"], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(captured["ours"], W_in[contexts].mean(axis=1), rtol=1e-6, atol=1e-7)
    assert loss_ours == pytest.approx(loss_book, rel=1e-5)   # 책은 −log(p + 1e-7)

    ours.backward()
    book.backward()
    params, grads = reference.remove_duplicate(book.params, book.grads)
    assert len(params) == 2 and params[0] is book.params[0]
    np.testing.assert_allclose(ours.grads[0].to_dense(), grads[0], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours.grads[1].to_dense(), grads[1], rtol=1e-4, atol=1e-6)


# --------------------------------------------------------------------------- 성질과 잘못된 인자

@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_same_seed_same_weights_and_float32(cls):
    a, b = make_model(cls, seed=3, float64=False), make_model(cls, seed=3, float64=False)
    for p, q in zip(a.params, b.params):
        assert p.dtype == np.float32
        np.testing.assert_array_equal(p, q)
    assert a.word_vecs is a.params[0]


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_forward_loss_is_a_batch_mean_with_fixed_window(cls):
    """고정 윈도우의 손실은 책과 같은 배치 평균: 배치를 두 번 이어 붙여도 (같은 부정적 예면) 같은 값."""
    model = make_model(cls, seed=2)
    contexts, target = toy_batch(N=5, seed=9)
    rows = len(target) * (2 * W if cls is SkipGram else 1)         # 손실 계층이 받는 정답 수
    negatives = np.random.default_rng(1).integers(0, V, size=(rows, 5))
    model.loss_layer.sampler.get_negative_sample = \
        lambda t: negatives if len(t) == rows else np.concatenate([negatives, negatives])
    single = model.forward(contexts, target)
    double = model.forward(np.concatenate([contexts, contexts]), np.concatenate([target, target]))
    assert double == pytest.approx(single, rel=1e-12)


@pytest.mark.parametrize("kwargs, exc, pattern", [
    ({"update_rule": "gensim"}, ValueError, "update_rule"),
    ({"loss": "softmax"}, ValueError, "loss"),
    ({"window_size": 0}, ValueError, "window_size"),
])
def test_bad_constructor_arguments_raise(kwargs, exc, pattern):
    args = {"vocab_size": V, "hidden_size": H, "window_size": W, "corpus": toy_corpus()} | kwargs
    with pytest.raises(exc, match=pattern):
        CBOW(**args)


def test_bad_batch_raises_with_argument_name():
    model = make_model(CBOW, float64=False)
    contexts, target = toy_batch()
    with pytest.raises(ValueError, match="contexts"):
        model.forward(contexts[:, :3], target)
    with pytest.raises(ValueError, match="배치 크기"):
        model.forward(contexts, target[:-1])
    with pytest.raises(IndexError, match="target"):
        model.forward(contexts, target + V)


# --------------------------------------------------------------------------- 앞 배치의 배열을 먼저 놓음 (최대 메모리)

@pytest.mark.parametrize("cls", [CBOW, SkipGram])
@pytest.mark.parametrize("loss", ["ns", "hs"])
def test_forward_releases_the_previous_batch_before_computing_the_new_one(cls, loss):
    """forward가 새 배치의 은닉층을 계산할 때, 앞 배치의 역전파용 배열(h, dh, 점수)과 기울기 배열은 이미 놓여 있어야
    합니다 (두 배치의 (N, H) 배열이 함께 있지 않음). 배열을 약한 참조로 지켜봅니다."""
    import gc
    import weakref

    corpus = np.random.default_rng(0).integers(0, 30, size=400)
    model = cls(30, 8, 2, corpus, rng=0, loss=loss)
    contexts, target = create_contexts_target(corpus, 2)
    model.forward(contexts[:100], target[:100])
    cached = model.loss_layer._fused if loss == "ns" else model.loss_layer.cache   # 역전파가 놓을 수도 있어 먼저 봄
    arrays = [a for a in cached if isinstance(a, np.ndarray) and a.ndim == 2 and a.shape[1] == 8]
    model.backward()
    arrays += [g.dense if g.dense is not None else g.values for g in model.grads]
    assert len(arrays) >= 3
    watched = [weakref.ref(a) for a in arrays]
    del cached, arrays
    seen = []

    def watching(original):                                 # skip-gram은 _forward_shared로 들어옵니다
        def forward(h, *args, **options):
            gc.collect()
            seen.append([w() is None for w in watched])
            return original(h, *args, **options)
        return forward

    for name in ("_forward", "_forward_shared"):
        setattr(model.loss_layer, name, watching(getattr(model.loss_layer, name)))
    loss_value = model.forward(contexts[100:200], target[100:200])
    assert seen and all(seen[0]), seen
    assert np.isfinite(loss_value)
    model.backward()                                        # 새 배치의 역전파는 그대로 됩니다
    assert all(np.isfinite(g.to_dense()).all() for g in model.grads)


def test_compact_ids_makes_int32_without_copying_int32():
    ids = np.arange(10, dtype=np.int64)
    small = compact_ids(ids, 10)
    assert small.dtype == np.int32 and np.array_equal(small, ids)
    assert compact_ids(small, 10) is small
    assert compact_ids(ids, 2 ** 31).dtype == np.int64
