"""네거티브 샘플링: SigmoidWithLoss·EmbeddingDot·NegativeSamplingLoss의 수치 미분 검사(float64),
UnigramSampler 분포의 카이제곱 적합도 검정(과 그 검정의 검정력), 결정성, 책 구현(reference)과의 동치,
흔한 ``negative_sample[:, 1]`` 버그의 검출, 잘못된 입력의 한국어 오류."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from scipy.stats import chisquare

from w2vlib.book import reference
from w2vlib.book.gradcheck import numerical_gradient, relative_error
from w2vlib.layers import EmbeddingDot, SigmoidWithLoss
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.sampling import UnigramSampler

TOL = 1e-7  # float64 중심 차분의 상대 오차 허용치
HANGUL = re.compile("[가-힣]")


def _rng(seed=0):
    return np.random.default_rng(seed)


def zipf_corpus(V=20, T=5_000, seed=0):
    """모든 단어가 한 번 이상 나오는, 빈도가 크게 치우친 (T,) int64 말뭉치."""
    rng = _rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    p /= p.sum()
    corpus = np.concatenate([np.arange(V), rng.choice(V, size=T - V, p=p)])
    return rng.permutation(corpus)


def expected_negative_p(corpus, power, target, V=None):
    """타깃을 뺀 뒤 다시 정규화한 P'(w) ∝ count(w)^power (V,) — 샘플러와 독립으로 직접 계산."""
    counts = np.bincount(corpus, minlength=V or 0).astype(np.float64)
    w = np.where(counts > 0, counts ** power, 0.0)
    w[target] = 0.0
    return w / w.sum()


# --------------------------------------------------------------------------- SigmoidWithLoss

@pytest.mark.parametrize("shape", [(1,), (7,), (4, 3), (5, 6)])
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_sigmoid_with_loss_gradient_matches_numerical(shape, dout):
    rng = _rng(1)
    x = 3 * rng.standard_normal(shape)
    t = rng.integers(0, 2, size=shape)
    layer = SigmoidWithLoss()
    layer.forward(x, t)
    dx = layer.backward(dout)
    assert dx.shape == x.shape and dx.dtype == np.float64
    numerical = numerical_gradient(lambda: dout * layer.forward(x, t), x)
    assert relative_error(dx, numerical) < TOL


@pytest.mark.parametrize("shape", [(6,), (4, 3)])
def test_sigmoid_with_loss_value_is_batch_mean_cross_entropy(shape):
    rng = _rng(2)
    x = 2 * rng.standard_normal(shape)
    t = rng.integers(0, 2, size=shape)
    y = 1 / (1 + np.exp(-x))
    expected = -np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)) / shape[0]
    layer = SigmoidWithLoss()
    assert layer.forward(x, t) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(layer.backward(), (y - t) / shape[0], rtol=1e-12, atol=1e-15)


def test_sigmoid_with_loss_matches_book_layer_up_to_the_1e7_patch():
    rng = _rng(3)
    x = rng.standard_normal(8)
    t = rng.integers(0, 2, size=8)
    ours, book = SigmoidWithLoss(), reference.SigmoidWithLoss()
    L_ours, L_book = ours.forward(x, t), book.forward(x, t)
    # 책은 −log(p + 1e-7): 항마다 약 1e-7/p만큼 작습니다
    p = np.where(t == 1, ours.y, 1 - ours.y)
    assert L_book == pytest.approx(np.mean(-np.log(p + 1e-7)), rel=1e-12)
    assert 0 < L_ours - L_book < 1e-7 * np.mean(1 / p) * 1.01
    np.testing.assert_allclose(ours.backward(), book.backward(), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_with_loss_is_stable_at_large_scores(dtype):
    x = np.array([1000.0, -1000.0, 1000.0, -1000.0, 0.0], dtype=dtype)
    t = np.array([1, 0, 0, 1, 1])
    layer = SigmoidWithLoss()
    with warnings.catch_warnings():
        warnings.simplefilter("error")                       # 넘침 경고도 실패로
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            loss = layer.forward(x, t)
            dx = layer.backward()
    # 맞힌 두 칸은 0, 틀린 두 칸은 1000씩, x=0은 log 2 → 평균
    assert np.isfinite(loss)
    assert loss == pytest.approx((2000 + np.log(2)) / 5, rel=1e-6)
    assert dx.dtype == dtype and np.all(np.isfinite(dx))
    np.testing.assert_allclose(dx, np.array([0, 0, 1, -1, -0.5]) / 5, atol=1e-7)


def test_sigmoid_with_loss_numerical_gradient_at_large_scores():
    x = np.array([40.0, -40.0, 1000.0, -1000.0, 35.0, -35.0])
    t = np.array([1, 0, 0, 1, 0, 1])
    layer = SigmoidWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    numerical = numerical_gradient(lambda: layer.forward(x, t), x)
    assert np.all(np.isfinite(numerical))
    assert relative_error(dx, numerical) < 1e-6


# --------------------------------------------------------------------------- EmbeddingDot

EMBED_IDX = {
    "1d-repeated": np.array([2, 0, 2, 5, 2]),
    "2d-repeated": np.array([[1, 1, 4], [4, 0, 1], [3, 3, 3], [0, 5, 1], [2, 4, 4]]),
    "2d-one-column": np.array([[3], [3], [0], [1], [3]]),
}


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("case", list(EMBED_IDX), ids=list(EMBED_IDX))
def test_embedding_dot_gradients_match_numerical(case, sparse):
    idx = EMBED_IDX[case]
    V, H = 6, 4
    rng = _rng(4)
    h = rng.standard_normal((len(idx), H))
    W = rng.standard_normal((V, H))
    G = rng.standard_normal(idx.shape)  # 손실 L = sum(out * G)의 상류 기울기
    layer = EmbeddingDot(W, sparse=sparse)

    def loss():
        return float(np.sum(layer.forward(h, idx) * G))

    out = layer.forward(h, idx)
    assert out.shape == idx.shape
    np.testing.assert_allclose(out, np.sum(W[idx] * h, axis=1) if idx.ndim == 1
                               else np.einsum("nkh,nh->nk", W[idx], h))
    dh = layer.backward(G)
    dW = layer.grads[0].to_dense() if sparse else layer.grads[0]
    if sparse:
        np.testing.assert_array_equal(layer.grads[0].rows, np.unique(idx))
    assert relative_error(dh, numerical_gradient(loss, h)) < TOL
    numerical_W = numerical_gradient(loss, W)
    assert relative_error(dW, numerical_W) < TOL
    # 중복 행의 기울기는 더해야 합니다: 덮어쓰기는 틀린 답이어야 (검사가 중복을 구분함)
    overwrite = np.zeros_like(W)
    contributions = (G[..., None] * (h if idx.ndim == 1 else h[:, None, :]))
    overwrite[idx.reshape(-1)] = contributions.reshape(-1, H)
    assert relative_error(overwrite, numerical_W) > 1e-2


def test_embedding_dot_2d_equals_columnwise_1d():
    rng = _rng(5)
    W = rng.standard_normal((9, 3))
    h = rng.standard_normal((4, 3))
    idx = rng.integers(0, 9, size=(4, 5))
    G = rng.standard_normal((4, 5))
    layer = EmbeddingDot(W)
    out = layer.forward(h, idx)
    dh = layer.backward(G)
    dW = layer.grads[0].copy()
    dh_cols, dW_cols = np.zeros_like(h), np.zeros_like(W)
    for j in range(idx.shape[1]):
        col = EmbeddingDot(W)
        np.testing.assert_allclose(col.forward(h, idx[:, j]), out[:, j])
        dh_cols += col.backward(G[:, j])
        dW_cols += col.grads[0]
    np.testing.assert_allclose(dh, dh_cols, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dW, dW_cols, rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------- NegativeSamplingLoss

def _ns_setup(seed=6, V=8, H=4, N=6, k=3):
    rng = _rng(seed)
    corpus = zipf_corpus(V, 500, seed)
    W = rng.standard_normal((V, H))
    h = rng.standard_normal((N, H))
    target = np.array([0, 3, 0, 0, 7, 3])[:N]           # 반복되는 타깃
    negative = np.array([[1, 1, 2], [0, 5, 0], [3, 1, 7], [2, 2, 2], [0, 3, 3], [6, 0, 1]])[:N, :k]
    return corpus, W, h, target, negative


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("dout", [1.0, 0.5])
def test_negative_sampling_loss_gradients_match_numerical(sparse, dout):
    corpus, W, h, target, negative = _ns_setup()
    layer = NegativeSamplingLoss(W, corpus, power=0.75, sample_size=3, rng=0, sparse=sparse)
    assert layer.params[0] is W

    def loss():
        return dout * layer.forward(h, target, negative)

    loss()
    dh = layer.backward(dout)
    dW = layer.grads[0].to_dense() if sparse else layer.grads[0].copy()
    assert relative_error(dh, numerical_gradient(loss, h)) < TOL
    assert relative_error(dW, numerical_gradient(loss, W)) < TOL
    if sparse:
        np.testing.assert_array_equal(layer.grads[0].rows, np.unique(np.c_[target, negative]))


def test_negative_sampling_loss_value_is_sum_of_column_means():
    corpus, W, h, target, negative = _ns_setup()
    layer = NegativeSamplingLoss(W, corpus, sample_size=3)
    s_pos = np.sum(W[target] * h, axis=1)
    s_neg = np.einsum("nkh,nh->nk", W[negative], h)
    expected = np.mean(np.logaddexp(0, -s_pos)) + np.sum(np.mean(np.logaddexp(0, s_neg), axis=0))
    assert layer.forward(h, target, negative) == pytest.approx(expected, rel=1e-12)


def test_negative_sampling_loss_draws_its_own_negatives_without_target():
    corpus = zipf_corpus(30, 3_000, 7)
    rng = _rng(7)
    W = rng.standard_normal((30, 5))
    layer = NegativeSamplingLoss(W, corpus, sample_size=5, rng=11)
    target = np.zeros(200, dtype=np.int64)               # 가장 흔한 단어
    h = rng.standard_normal((200, 5))
    loss = layer.forward(h, target)
    assert np.isfinite(loss)
    idx = layer.idx
    assert idx.shape == (200, 6)
    np.testing.assert_array_equal(idx[:, 0], target)
    assert not (idx[:, 1:] == target[:, None]).any()


# --------------------------------------------------------------------------- 책 구현과의 동치

@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-6)])
def test_reference_and_vectorised_loss_agree_on_same_negatives(dtype, tol):
    rng = _rng(8)
    V, H, N, k = 50, 6, 40, 5
    corpus = zipf_corpus(V, 5_000, 8)
    W = (0.5 * rng.standard_normal((V, H))).astype(dtype)
    h = rng.standard_normal((N, H)).astype(dtype)
    target = corpus[:N]
    book = reference.NegativeSamplingLoss(W, corpus, power=0.75, sample_size=k, rng=np.random.RandomState(0))
    fast = NegativeSamplingLoss(W, corpus, power=0.75, sample_size=k, rng=0)
    fast_sparse = NegativeSamplingLoss(W, corpus, power=0.75, sample_size=k, rng=0, sparse=True)
    negative = book.sampler.get_negative_sample(target)

    L_book = book.forward(h, target, negative)
    dh_book = book.backward()
    dW_book = sum(book.grads)                           # 계층 k+1개의 (V, H) 기울기 합
    L_fast = fast.forward(h, target, negative)
    dh_fast = fast.backward()
    fast_sparse.forward(h, target, negative)
    dh_sparse = fast_sparse.backward()

    # 손실: 책의 +1e-7만큼만 다름 — 그 보정을 넣어 다시 계산하면 같아야 합니다
    y = fast.loss_layer.y.astype(np.float64)
    p = np.where(fast.loss_layer.t == 1, y, 1 - y)
    assert L_book == pytest.approx(np.sum(-np.log(p + 1e-7)) / N, abs=10 * tol)
    assert abs(L_book - L_fast) < 1e-7 * np.sum(1 / p) / N * 1.01 + 10 * tol
    np.testing.assert_allclose(dh_book, dh_fast, rtol=0, atol=tol)
    np.testing.assert_allclose(dW_book, fast.grads[0], rtol=0, atol=tol)
    np.testing.assert_allclose(dh_sparse, dh_fast, rtol=0, atol=tol)
    np.testing.assert_allclose(fast_sparse.grads[0].to_dense(), fast.grads[0], rtol=0, atol=tol)


def test_reference_and_vectorised_samplers_share_the_distribution():
    corpus = zipf_corpus(25, 2_000, 9)
    book = reference.UnigramSampler(corpus, 0.75, 5, rng=np.random.RandomState(0))
    ours = UnigramSampler(corpus, 0.75, 5, rng=0)
    np.testing.assert_allclose(book.word_p, ours.word_p, rtol=1e-12)
    np.testing.assert_allclose(ours.word_p, expected_negative_p(corpus, 0.75, target=[]), rtol=1e-12)


# --------------------------------------------------------------------------- [:, 1] 버그 검출

class BuggyNegativeSamplingLoss(reference.NegativeSamplingLoss):
    """흔한 실수: i 번째 열 대신 언제나 1번 열을 부정적 예로 씁니다."""

    @staticmethod
    def negative_column(negative_sample, i):
        return negative_sample[:, 1]


def assert_uses_every_negative_column(ns_loss, negative_sample=None):
    """검출기: 마지막 순전파에서 부정적 예 계층들이 **실제로 받은** 단어 ID를 모아 검사합니다.

    - 행마다 서로 다른 부정적 예가 평균 1개뿐이면 (모든 계층이 같은 열을 받음) 실패합니다.
    - ``negative_sample`` 인자를 주면 받은 ID가 그 행렬과 열까지 같아야 합니다.
    """
    used = np.stack([layer.embed.idx for layer in ns_loss.embed_dot_layers[1:]], axis=1)   # (N, k)
    distinct = np.array([len(np.unique(row)) for row in used])
    assert distinct.mean() > 1.5, f"행마다 서로 다른 부정적 예가 평균 {distinct.mean():.2f}개뿐입니다"
    if negative_sample is not None:
        np.testing.assert_array_equal(used, negative_sample)


def _bug_setup(loss_class, supply_negatives):
    corpus = zipf_corpus(40, 4_000, 10)
    rng = _rng(10)
    W = 0.1 * rng.standard_normal((40, 8))
    h = rng.standard_normal((64, 8))
    target = corpus[:64]
    layer = loss_class(W, corpus, power=0.75, sample_size=5, rng=np.random.RandomState(3))
    negative = layer.sampler.get_negative_sample(target) if supply_negatives else None
    loss = layer.forward(h, target, negative)
    layer.backward()
    return layer, negative, loss


@pytest.mark.parametrize("supply_negatives", [True, False], ids=["given", "sampled"])
def test_bug_detector_passes_on_reference_implementation(supply_negatives):
    layer, negative, _ = _bug_setup(reference.NegativeSamplingLoss, supply_negatives)
    assert_uses_every_negative_column(layer, negative)


@pytest.mark.parametrize("supply_negatives", [True, False], ids=["given", "sampled"])
def test_bug_detector_catches_column_one_bug(supply_negatives):
    layer, negative, _ = _bug_setup(BuggyNegativeSamplingLoss, supply_negatives)
    with pytest.raises(AssertionError, match="평균 1.00개"):
        assert_uses_every_negative_column(layer, negative)


def test_column_one_bug_is_silent_but_changes_gradients():
    """버그는 조용합니다: 같은 부정적 예에서 손실은 유한하고 shape도 같지만, 기울기는 올바른 구현과 다릅니다."""
    ok, negative_ok, loss_ok = _bug_setup(reference.NegativeSamplingLoss, True)
    bug, negative_bug, loss_bug = _bug_setup(BuggyNegativeSamplingLoss, True)
    np.testing.assert_array_equal(negative_ok, negative_bug)        # 같은 시드 → 같은 부정적 예
    assert np.isfinite(loss_bug) and loss_bug != loss_ok
    dW_ok, dW_bug = sum(ok.grads), sum(bug.grads)
    assert dW_ok.shape == dW_bug.shape
    assert relative_error(dW_ok, dW_bug) > 1e-2


# --------------------------------------------------------------------------- UnigramSampler 분포

CHI_V = 20
CHI_CORPUS = zipf_corpus(CHI_V, 5_000, 11)


def _draw_counts(power, target_word, rows=40_000, k=5, seed=12):
    sampler = UnigramSampler(CHI_CORPUS, power, k, rng=seed)
    negative = sampler.get_negative_sample(np.full(rows, target_word))
    return np.bincount(negative.ravel(), minlength=CHI_V), negative


def _chisquare_p(observed, expected_p):
    mask = expected_p > 0
    assert observed[~mask].sum() == 0                      # 확률 0인 단어(타깃)는 한 번도 안 나와야
    return chisquare(observed[mask], expected_p[mask] * observed.sum()).pvalue


@pytest.mark.parametrize("target_word", [0, 1, CHI_V - 1], ids=["most-frequent", "second", "rarest"])
def test_sampler_matches_power_075_without_target_chisquare(target_word):
    observed, negative = _draw_counts(0.75, target_word)
    assert negative.shape == (40_000, 5) and negative.dtype.kind in "iu"
    expected = expected_negative_p(CHI_CORPUS, 0.75, target_word)
    assert _chisquare_p(observed, expected) > 1e-3


def test_sampler_matches_distribution_with_mixed_targets():
    sampler = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=13)
    target = np.resize(CHI_CORPUS, 20_000)                  # 말뭉치 순서 그대로: 흔한 단어가 많음
    negative = sampler.get_negative_sample(target)
    for t in (0, 1, 2):                                     # 타깃별로 나눠 검정
        rows = negative[target == t]
        observed = np.bincount(rows.ravel(), minlength=CHI_V)
        assert _chisquare_p(observed, expected_negative_p(CHI_CORPUS, 0.75, t)) > 1e-3


def test_chisquare_rejects_a_wrong_power():
    """검정력 확인: 지수 1.0으로 뽑은 표본은 0.75 기대 분포에서 기각되어야 합니다."""
    observed, _ = _draw_counts(1.0, 0)
    expected = expected_negative_p(CHI_CORPUS, 0.75, 0)
    assert _chisquare_p(observed, expected) < 1e-10
    # 타깃을 빼지 않은 분포(타깃 칸의 기대값 > 0, 관측은 0)와도 구분됩니다
    observed, _ = _draw_counts(0.75, 0)
    not_excluded = expected_negative_p(CHI_CORPUS, 0.75, target=[])
    assert chisquare(observed, not_excluded * observed.sum()).pvalue < 1e-10


def test_sampler_word_p_is_exact_power_distribution():
    for power in (0.0, 0.5, 0.75, 1.0):
        sampler = UnigramSampler(CHI_CORPUS, power, 3)
        np.testing.assert_allclose(sampler.word_p, expected_negative_p(CHI_CORPUS, power, target=[]), rtol=1e-12)


class _LargestUniform:
    """``random``이 언제나 1보다 작은 가장 큰 float64를 내는 난수 생성기 (칸 번호 ⌊rV⌋의 끝 검사용)."""

    def random(self, shape):
        return np.full(shape, np.nextafter(1.0, 0.0))


@pytest.mark.parametrize("V", [2, 3, 7, 10_000, 36_019, 2 ** 20, 2 ** 31 - 1, 10 ** 12 + 39])
def test_bin_index_from_one_uniform_stays_below_V(V):
    """샘플러는 균등 난수 r 하나로 칸 번호 i = ⌊rV⌋와 칸 안의 위치 rV − i를 얻습니다. r이 가장 큰 값이어도 i ≤ V − 1
    (반올림한 rV가 V가 되지 않음)이고, 위치는 [0, 1) 안입니다."""
    sampler = UnigramSampler(np.arange(3), 0.75, 1, rng=0)
    sampler.vocab_size = V                                       # 표는 쓰지 않고 칸 계산만 봅니다
    sampler._prob = np.ones(V if V < 10 ** 6 else 1, dtype=np.float64)
    sampler._alias = np.zeros_like(sampler._prob, dtype=np.int64)
    sampler.rng = _LargestUniform()
    u = np.nextafter(1.0, 0.0) * V
    assert int(u) == V - 1 and 0 <= u - int(u) < 1
    if V < 10 ** 6:
        assert sampler._draw(4).tolist() == [V - 1] * 4


def test_alias_draw_equals_a_per_element_loop():
    """벡터화한 ``_draw``는 같은 균등 난수로 원소마다 alias 방법을 따라 한 파이썬 루프와 같은 단어를 냅니다:
    i = ⌊rV⌋, u = rV − i, u < prob[i]이면 i, 아니면 alias[i]."""
    rng = np.random.default_rng(3)
    corpus = rng.zipf(1.4, 20_000) % 997
    sampler = UnigramSampler(corpus, 0.75, 5, rng=11)
    got = sampler._draw((300, 5))
    uniforms = np.random.default_rng(11).random((300, 5)).ravel()
    want = []
    for r in uniforms.tolist():
        x = r * sampler.vocab_size
        i = int(x)
        want.append(i if x - i < sampler._prob[i] else int(sampler._alias[i]))
    assert got.dtype == np.intp
    np.testing.assert_array_equal(got.ravel(), want)


def test_zero_count_words_are_never_sampled():
    corpus = np.array([0, 0, 0, 1, 2, 2, 4, 4, 4, 4])     # 3, 5, 6은 한 번도 안 나옴
    sampler = UnigramSampler(corpus, 0.75, 2, vocab_size=7, rng=14)
    negative = sampler.get_negative_sample(np.zeros(20_000, dtype=np.int64))
    assert set(np.unique(negative)) == {1, 2, 4}


@pytest.mark.parametrize("heavy", [0.5, 0.9, 0.99])
def test_target_never_appears_in_its_row(heavy):
    """타깃이 흔한 단어일수록 다시 뽑기가 많습니다: 압도적인 단어 하나가 있는 말뭉치에서도 타깃은 없어야."""
    rng = _rng(15)
    V = 12
    n_heavy = int(10_000 * heavy)
    corpus = np.concatenate([np.zeros(n_heavy, dtype=np.int64), rng.integers(1, V, size=10_000 - n_heavy),
                             np.arange(V)])
    sampler = UnigramSampler(corpus, 0.75, 5, rng=16)
    target = np.concatenate([np.zeros(30_000, dtype=np.int64), np.ones(10_000, dtype=np.int64),
                             rng.integers(0, V, size=10_000)])
    negative = sampler.get_negative_sample(target)
    assert negative.shape == (50_000, 5)
    assert not (negative == target[:, None]).any()
    assert (negative >= 0).all() and (negative < V).all()


def test_reference_sampler_also_excludes_target_and_has_distinct_rows():
    corpus = zipf_corpus(30, 3_000, 17)
    sampler = reference.UnigramSampler(corpus, 0.75, 5, rng=np.random.RandomState(0))
    target = np.zeros(500, dtype=np.int64)
    negative = sampler.get_negative_sample(target)
    assert not (negative == 0).any()
    assert all(len(set(row)) == 5 for row in negative)    # 책은 replace=False


# --------------------------------------------------------------------------- 결정성

def test_same_seed_same_samples_different_seed_different():
    target = CHI_CORPUS[:500]
    a = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=21).get_negative_sample(target)
    b = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=21).get_negative_sample(target)
    c = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=22).get_negative_sample(target)
    np.testing.assert_array_equal(a, b)
    assert (a != c).mean() > 0.3


def test_int_seed_and_generator_are_both_accepted_and_equivalent():
    target = CHI_CORPUS[:300]
    from_int = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=7).get_negative_sample(target)
    gen = np.random.default_rng(7)
    sampler = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=gen)
    assert sampler.rng is gen                                # Generator는 그대로 씀 (복사하지 않음)
    np.testing.assert_array_equal(sampler.get_negative_sample(target), from_int)
    np.testing.assert_array_equal(
        UnigramSampler(CHI_CORPUS, 0.75, 5, rng=np.int64(7)).get_negative_sample(target), from_int)
    # 이어서 뽑으면 다른 표본 (같은 난수를 되풀이하지 않음)
    assert (sampler.get_negative_sample(target) != from_int).any()


def test_negative_sampling_loss_is_deterministic_given_seed():
    corpus = zipf_corpus(30, 3_000, 18)
    rng = _rng(18)
    W = rng.standard_normal((30, 4))
    h = rng.standard_normal((50, 4))
    target = corpus[:50]
    losses = [NegativeSamplingLoss(W, corpus, rng=s).forward(h, target) for s in (5, 5, 6)]
    assert losses[0] == losses[1]
    assert losses[0] != losses[2]


def test_bad_rng_type_raises():
    with pytest.raises(TypeError, match="rng") as info:
        UnigramSampler(CHI_CORPUS, 0.75, 5, rng=np.random.RandomState(0))
    assert HANGUL.search(str(info.value))


# --------------------------------------------------------------------------- 잘못된 입력

def _korean_error(exc_type, name, func, *args, **kwargs):
    with pytest.raises(exc_type, match=re.escape(name)) as info:
        func(*args, **kwargs)
    message = str(info.value)
    assert message.startswith(name), message               # 인자 이름을 먼저 밝힘
    assert HANGUL.search(message), message                  # 한국어 메시지
    return message


@pytest.mark.parametrize("power", [-0.5, -1, float("nan"), float("-inf")])
def test_negative_power_raises(power):
    _korean_error(ValueError, "power", UnigramSampler, CHI_CORPUS, power, 5)
    _korean_error(ValueError, "power", NegativeSamplingLoss, np.zeros((CHI_V, 3)), CHI_CORPUS, power=power)


@pytest.mark.parametrize("sample_size", [CHI_V, CHI_V + 1, 100])
def test_sample_size_not_smaller_than_vocabulary_raises(sample_size):
    message = _korean_error(ValueError, "sample_size", UnigramSampler, CHI_CORPUS, 0.75, sample_size)
    assert str(CHI_V) in message                             # 어휘 수를 알려 줌
    _korean_error(ValueError, "sample_size", NegativeSamplingLoss, np.zeros((CHI_V, 3)), CHI_CORPUS,
                  sample_size=sample_size)


@pytest.mark.parametrize("sample_size", [0, -1, 2.5])
def test_non_positive_sample_size_raises(sample_size):
    _korean_error(ValueError, "sample_size", UnigramSampler, CHI_CORPUS, 0.75, sample_size)


@pytest.mark.parametrize("bad", [[0, CHI_V], [-1, 2], [CHI_V + 5]])
def test_target_out_of_range_raises(bad):
    sampler = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=0)
    message = _korean_error(IndexError, "target", sampler.get_negative_sample, np.array(bad))
    assert str(CHI_V) in message
    layer = NegativeSamplingLoss(np.zeros((CHI_V, 3)), CHI_CORPUS, rng=0)
    _korean_error(IndexError, "target", layer.forward, np.zeros((len(bad), 3)), np.array(bad))


def test_target_wrong_type_or_shape_raises():
    sampler = UnigramSampler(CHI_CORPUS, 0.75, 5, rng=0)
    _korean_error(TypeError, "target", sampler.get_negative_sample, np.array([0.0, 1.0]))
    _korean_error(ValueError, "target", sampler.get_negative_sample, np.zeros((2, 2), dtype=np.int64))


@pytest.mark.parametrize("corpus", [np.array([], dtype=np.int64), [], np.zeros(0)])
def test_empty_corpus_raises(corpus):
    _korean_error(ValueError, "corpus", UnigramSampler, corpus, 0.75, 1, vocab_size=5)
    _korean_error(ValueError, "corpus", NegativeSamplingLoss, np.zeros((5, 3)), corpus, sample_size=1)


def test_single_word_corpus_raises():
    _korean_error(ValueError, "corpus", UnigramSampler, np.zeros(10, dtype=np.int64), 0.75, 1, vocab_size=5)


@pytest.mark.parametrize("shape", [(4, 4), (5, 5), (4, 6), (4,), (4, 5, 1)])
def test_negative_sample_wrong_shape_raises(shape):
    corpus = zipf_corpus(CHI_V, 500, 19)
    layer = NegativeSamplingLoss(np.zeros((CHI_V, 3)), corpus, sample_size=5, rng=0)
    h = np.zeros((4, 3))
    target = np.array([0, 1, 2, 3])
    exc = ValueError
    message = _korean_error(exc, "negative_sample", layer.forward, h, target, np.zeros(shape, dtype=np.int64))
    assert "(4, 5)" in message or "차원" in message          # 기대한 shape 또는 차원을 알려 줌


def test_negative_sample_out_of_range_raises():
    layer = NegativeSamplingLoss(np.zeros((CHI_V, 3)), CHI_CORPUS, sample_size=2, rng=0)
    _korean_error(IndexError, "negative_sample", layer.forward, np.zeros((2, 3)), np.array([0, 1]),
                  np.array([[1, 2], [3, CHI_V]]))


def test_sigmoid_with_loss_bad_labels_raise():
    layer = SigmoidWithLoss()
    _korean_error(ValueError, "t", layer.forward, np.zeros(3), np.array([0, 1]))
    _korean_error(ValueError, "t", layer.forward, np.zeros(3), np.array([0, 2, 1]))
    _korean_error(TypeError, "x", layer.forward, np.zeros(3, dtype=np.int64), np.array([0, 1, 1]))


def test_embedding_dot_bad_inputs_raise():
    layer = EmbeddingDot(np.zeros((5, 3)))
    _korean_error(ValueError, "h", layer.forward, np.zeros((2, 4)), np.array([0, 1]))       # H가 다름
    _korean_error(ValueError, "h", layer.forward, np.zeros((3, 3)), np.array([0, 1]))       # 배치 크기가 다름
    _korean_error(ValueError, "idx", layer.forward, np.zeros((2, 3)), np.zeros((2, 1, 1), dtype=np.int64))
    _korean_error(IndexError, "idx", layer.forward, np.zeros((2, 3)), np.array([0, 5]))
    layer.forward(np.zeros((2, 3)), np.array([[0, 1], [2, 3]]))
    _korean_error(ValueError, "dout", layer.backward, np.zeros(2))


def test_rejection_rechecks_only_redrawn_cells_and_matches_a_full_recheck():
    """get_negative_sample은 겹친 칸만 다시 뽑고 그 칸만 다시 봅니다. 매번 배열 전체를 다시 보는 단순한 방법과
    같은 난수 순서를 쓰므로 결과가 똑같아야 합니다 (타깃이 확률의 대부분인 치우친 말뭉치라 여러 번 겹침)."""
    corpus = np.r_[np.zeros(5_000, dtype=np.int64), np.arange(1, 6)]
    fast = UnigramSampler(corpus, 0.75, 4, rng=7)
    slow = UnigramSampler(corpus, 0.75, 4, rng=7)
    target = np.r_[np.zeros(300, dtype=np.int64), np.arange(1, 6)]

    def full_recheck():
        negative = slow.sample((len(target), slow.sample_size))
        clash = negative == target[:, None]
        for _ in range(slow.REJECTION_ROUNDS):
            if not clash.any():
                return negative
            negative[clash] = slow.sample(int(clash.sum()))
            clash = negative == target[:, None]
        if clash.any():
            negative[clash] = slow.sample_excluding(np.broadcast_to(target[:, None], clash.shape)[clash])
        return negative

    for _ in range(3):
        got, want = fast.get_negative_sample(target), full_recheck()
        np.testing.assert_array_equal(got, want)
        assert not np.any(got == target[:, None])
