"""이슈 13의 3·6·8·9번 항목: 원래의 실패를 그대로 재현하는 입력이 이제 정확한 결과나 인자 이름을 밝힌 한국어 오류를 냅니다."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy.stats import chisquare

from w2vlib import evaluation as ev
from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss, HuffmanTree
from w2vlib.layers import Embedding, EmbeddingDot, MatMul, SigmoidWithLoss
from w2vlib.models import CBOW, SkipGram
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.optimizers import SGD, Adam
from w2vlib.sampling import UnigramSampler, alias_table
from w2vlib.trainer import Trainer, clip_grads

V, H = 8, 3


def small_corpus(seed=0, T=200):
    rng = np.random.default_rng(seed)
    corpus = rng.integers(0, V, size=T)
    corpus[:V] = np.arange(V)                  # 모든 단어가 적어도 한 번
    return corpus


def weights(seed=0, rows=V, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal((rows, H)).astype(dtype)


# --------------------------------------------------------------------------- 3. 샘플러가 끝나지 않음

SKEWED = """
import numpy as np
from w2vlib.sampling import UnigramSampler
corpus = np.zeros(10**6 + 1, dtype=np.int64)
corpus[-1] = 1                                   # 빈도 10^6과 1, power=3 → P'(1) = 1e-18
s = UnigramSampler(corpus, power=3, sample_size=1, rng=0)
neg = s.get_negative_sample(np.zeros(10_000, dtype=np.int64))
assert neg.shape == (10_000, 1) and (neg == 1).all(), neg
neg = s.get_negative_sample(np.ones(1_000, dtype=np.int64))
assert (neg == 0).all()
print("ok")
"""


def test_skewed_corpus_negative_sample_terminates():
    # 알고리즘 자체가 유한한 비용이라 1초 안팎에 끝납니다. timeout은 예전처럼 무한 루프에 빠질 때를 막는 안전장치일 뿐.
    import os
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(SKEWED)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_skewed_corpus_in_process_is_exact_conditional():
    corpus = np.r_[np.zeros(10**6, dtype=np.int64), 1]
    s = UnigramSampler(corpus, power=3, sample_size=1, rng=1)
    assert s.word_p[0] == 1.0 and s.word_p[1] > 0               # 부동소수에서 타깃 확률이 정확히 1
    assert (s.get_negative_sample(np.zeros(500, dtype=np.int64)) == 1).all()


def conditional_p(word_p, target):
    q = word_p.copy()
    q[target] = 0
    return q / q.sum()


def test_negative_sample_conditional_distribution_chi_square():
    # 타깃 0이 P'의 대부분(≈0.93)을 차지해, 칸의 절반 가까이가 다시 뽑기 10번 뒤의 직접 뽑기로 갑니다.
    counts = np.array([2000, 10, 20, 30, 0, 40, 5])
    corpus = np.repeat(np.arange(len(counts)), counts)
    s = UnigramSampler(corpus, power=1.0, sample_size=4, vocab_size=len(counts), rng=2)
    s.REJECTION_ROUNDS = 1                      # 직접 뽑기 경로를 많이 타게 합니다
    target = np.zeros(20_000, dtype=np.int64)
    neg = s.get_negative_sample(target)
    assert not (neg == 0).any() and not (neg == 4).any()      # 타깃도, 확률 0인 단어도 없음
    q = conditional_p(s.word_p, 0)
    observed = np.bincount(neg.ravel(), minlength=len(counts))
    keep = q > 0
    assert chisquare(observed[keep], q[keep] * neg.size).pvalue > 1e-3


@pytest.mark.parametrize("excluded", [0, 2, 3, 6])
def test_sample_excluding_chi_square(excluded):
    counts = np.array([5, 1, 500, 3, 0, 8, 40])
    corpus = np.repeat(np.arange(len(counts)), counts)
    s = UnigramSampler(corpus, power=0.75, sample_size=2, vocab_size=len(counts), rng=3)
    draws = s.sample_excluding(np.full(30_000, excluded))
    assert draws.dtype.kind == "i" and not (draws == excluded).any()
    q = conditional_p(s.word_p, excluded)
    observed = np.bincount(draws, minlength=len(counts))
    assert not observed[q == 0].any()
    assert chisquare(observed[q > 0], q[q > 0] * len(draws)).pvalue > 1e-3


def test_rejection_then_direct_draw_matches_pure_rejection_distribution():
    # 직접 뽑기로 넘어가는 칸이 섞여도 분포는 "타깃을 뺀 P'" 그대로입니다 (행마다 다른 타깃).
    corpus = small_corpus(5, T=400)
    corpus[:300] = 2                                            # 단어 2가 대부분
    s = UnigramSampler(corpus, power=1.0, sample_size=3, rng=4)
    s.REJECTION_ROUNDS = 0
    target = np.tile([2, 5], 10_000)
    neg = s.get_negative_sample(target)
    for t in (2, 5):
        rows = neg[target == t].ravel()
        assert not (rows == t).any()
        q = conditional_p(s.word_p, t)
        observed = np.bincount(rows, minlength=s.vocab_size)
        assert chisquare(observed[q > 0], q[q > 0] * len(rows)).pvalue > 1e-3


# --------------------------------------------------------------------------- 6. 빈 배치

EMPTY = "빈 배치"


def test_empty_batch_sigmoid_with_loss():
    for shape in [(0,), (0, 4)]:
        with pytest.raises(ValueError, match=EMPTY):
            SigmoidWithLoss().forward(np.zeros(shape), np.zeros(shape))


def test_empty_batch_negative_sampling_loss():
    ns = NegativeSamplingLoss(weights(), small_corpus(), sample_size=2, rng=0)
    with pytest.raises(ValueError, match=f"target: {EMPTY}"):
        ns.forward(np.zeros((0, H)), np.zeros(0, dtype=np.int64))


def test_empty_batch_hierarchical_softmax_loss():
    hs = HierarchicalSoftmaxLoss(weights(), np.bincount(small_corpus(), minlength=V))
    with pytest.raises(ValueError, match=f"target: {EMPTY}"):
        hs.forward(np.zeros((0, H)), np.zeros(0, dtype=np.int64))


@pytest.mark.parametrize("model_class", [CBOW, SkipGram])
@pytest.mark.parametrize("loss", ["ns", "hs"])
def test_empty_batch_models(model_class, loss):
    model = model_class(V, H, 1, small_corpus(), sample_size=2, loss=loss, rng=0)
    with pytest.raises(ValueError, match=f"target: {EMPTY}"):
        model.forward(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))


def test_empty_batch_plain_layers_give_empty_outputs_and_zero_grads():
    mm = MatMul(weights(rows=4))
    assert mm.forward(np.zeros((0, 4))).shape == (0, H)
    assert mm.backward(np.zeros((0, H))).shape == (0, 4) and not mm.grads[0].any()
    emb = Embedding(weights())
    assert emb.forward(np.zeros(0, dtype=np.int64)).shape == (0, H)
    emb.backward(np.zeros((0, H)))
    assert not emb.grads[0].any()
    dot = EmbeddingDot(weights())
    assert dot.forward(np.zeros((0, H)), np.zeros((0, 3), dtype=np.int64)).shape == (0, 3)
    assert dot.backward(np.zeros((0, 3))).shape == (0, H)


# --------------------------------------------------------------------------- 8. 평가 함수

def vocab(n):
    words = [f"w{i}" for i in range(n)]
    return {w: i for i, w in enumerate(words)}, dict(enumerate(words))


def test_cos_similarity_of_huge_and_tiny_equal_vectors_is_one():
    for scale in (1e200, 1e-200, 1.0):
        x = np.full(5, scale)
        assert ev.cos_similarity(x, x) == pytest.approx(1.0, abs=1e-7)
    assert ev.cos_similarity(np.array([1e200, 0.0]), np.array([0.0, 1e-200])) == 0.0
    assert ev.cos_similarity(np.zeros(3), np.ones(3)) == 0.0       # 길이 0은 책처럼 0


def test_cos_similarity_rejects_nan_and_mismatched_shapes():
    with pytest.raises(ValueError, match="x: NaN"):
        ev.cos_similarity(np.array([np.nan, 1.0]), np.ones(2))
    with pytest.raises(ValueError, match="y: NaN"):
        ev.cos_similarity(np.ones(2), np.array([np.inf, 1.0]))
    with pytest.raises(ValueError, match="shape"):
        ev.cos_similarity(np.ones(2), np.ones(3))


@pytest.mark.parametrize("top", [-1, 0, 8, 100, 2.5])
def test_most_similar_top_out_of_range(top):
    w2i, i2w = vocab(8)
    with pytest.raises(ValueError, match="top"):
        ev.most_similar("w0", w2i, i2w, weights(), top=top)


def test_most_similar_never_returns_the_query():
    w2i, i2w = vocab(8)
    W = weights()
    W[3] = 0.0                                                      # 길이 0인 행도 있어도
    for q in ("w0", "w3"):
        got = ev.most_similar(q, w2i, i2w, W, top=7)
        assert len(got) == 7 and q not in [w for w, _ in got]
        assert all(np.isfinite(s) for _, s in got)


def test_most_similar_rejects_nan_vectors():
    w2i, i2w = vocab(8)
    W = weights()
    W[5, 1] = np.nan
    with pytest.raises(ValueError, match="word_matrix: NaN"):
        ev.most_similar("w0", w2i, i2w, W)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("chunk", [-5, 0, 1.5])
def test_evaluate_analogies_rejects_bad_chunk(tmp_path, chunk):
    w2i, _ = vocab(8)
    path = write(tmp_path, "q.txt", ": s\nw0 w1 w2 w3\n")
    with pytest.raises(ValueError, match="chunk"):
        ev.evaluate_analogies(weights(), w2i, path=path, chunk=chunk)


def test_evaluate_analogies_small_chunk_same_result(tmp_path):
    w2i, _ = vocab(8)
    path = write(tmp_path, "q.txt", ": s\nw0 w1 w2 w3\nw4 w5 w6 w7\n: t\nw1 w2 w3 w4\n")
    W = weights(3)
    a = ev.evaluate_analogies(W, w2i, path=path, chunk=1)
    b = ev.evaluate_analogies(W, w2i, path=path, chunk=1000)
    assert a["n_overall"] == 3 and (a["correct"] == b["correct"]).all()


def test_malformed_question_file_names_line(tmp_path):
    w2i, _ = vocab(8)
    path = write(tmp_path, "q.txt", ": s\nw0 w1 w2 w3\nw0 w1 w2\n")
    with pytest.raises(ValueError, match=r"q\.txt:3: .*단어 4개.*받은 단어 수: 3"):
        ev.evaluate_analogies(weights(), w2i, path=path)
    with pytest.raises(ValueError, match=r":2: "):
        ev.load_analogy_questions(write(tmp_path, "r.txt", ": s\na b c d e\n"))


def test_non_utf8_question_file(tmp_path):
    path = tmp_path / "q.txt"
    path.write_bytes(b": s\n\xff\xfe a b c\n")
    with pytest.raises(ValueError, match="UTF-8"):
        ev.load_analogy_questions(path)
    with pytest.raises(FileNotFoundError, match="평가 데이터 파일이 없습니다"):
        ev.load_analogy_questions(tmp_path / "missing.txt")


def test_malformed_pair_file_names_line(tmp_path):
    w2i, _ = vocab(8)
    bad_fields = write(tmp_path, "p.tsv", "# 주석\nw0\tw1\t3.0\nw0 w1 3.0\n")
    with pytest.raises(ValueError, match=r"p\.tsv:3: .*탭"):
        ev.evaluate_word_pairs(weights(), w2i, bad_fields)
    for score in ("abc", "nan", "inf"):
        bad_score = write(tmp_path, "s.tsv", f"w0\tw1\t3.0\nw2\tw3\t{score}\n")
        with pytest.raises(ValueError, match=r"s\.tsv:2: 점수"):
            ev.evaluate_word_pairs(weights(), w2i, bad_score)


def test_nan_vectors_are_an_error_not_zero_percent(tmp_path):
    w2i, _ = vocab(8)
    W = weights()
    W[2, 0] = np.inf
    q = write(tmp_path, "q.txt", ": s\nw0 w1 w2 w3\n")
    p = write(tmp_path, "p.tsv", "w0\tw1\t3.0\nw2\tw3\t1.0\nw4\tw5\t2.0\n")
    with pytest.raises(ValueError, match="word_matrix: NaN"):
        ev.evaluate_analogies(W, w2i, path=q)
    with pytest.raises(ValueError, match="word_matrix: NaN"):
        ev.evaluate_word_pairs(W, w2i, p)
    with pytest.raises(IndexError, match="word_to_id"):
        ev.evaluate_word_pairs(weights(rows=4), w2i, p)           # ID가 행 수를 넘음


# --------------------------------------------------------------------------- 9. dtype·하이퍼파라미터·상태

def test_uint64_ids_are_accepted_and_give_the_same_loss():
    corpus = small_corpus()
    neg = np.random.default_rng(0).integers(1, V, size=(6, 2))
    h = np.random.default_rng(1).standard_normal((6, H))
    target = np.zeros(6, dtype=np.int64)
    losses = []
    for dtype in (np.int64, np.uint64, np.uint8, np.int32):
        ns = NegativeSamplingLoss(weights(), corpus.astype(dtype), sample_size=2, rng=0)
        losses.append(ns.forward(h, target.astype(dtype), negative_sample=neg.astype(np.uint64)))
        ns.backward()
    assert np.allclose(losses, losses[0])
    ns = NegativeSamplingLoss(weights(), corpus, sample_size=2, rng=0)
    ns.forward(h, target.astype(np.uint64))                      # 샘플러 경로 (uint64 + int64가 float64였음)
    contexts = np.stack([corpus[:-2], corpus[2:]], axis=1)
    for model_class in (CBOW, SkipGram):
        model = model_class(V, H, 1, corpus.astype(np.uint64), sample_size=2, rng=0)
        assert np.isfinite(model.forward(contexts.astype(np.uint64), corpus[1:-1].astype(np.uint64)))
        model.backward()


def test_uint64_ids_beyond_int64_are_an_index_error():
    with pytest.raises(IndexError, match="idx"):
        Embedding(weights()).forward(np.array([2**63 + 5], dtype=np.uint64))


def test_counts_message_does_not_say_word_id():
    with pytest.raises(TypeError, match="정수 빈도 배열") as info:
        HuffmanTree([1.5, 2.0, 3.0])
    assert "단어 ID" not in str(info.value)
    with pytest.raises(TypeError, match="정수 단어 ID 배열"):
        Embedding(weights()).forward(np.array([0.0]))


@pytest.mark.parametrize("make", [
    lambda W: Embedding(W, sparse=True), lambda W: Embedding(W), lambda W: EmbeddingDot(W, sparse=True),
    lambda W: MatMul(W), lambda W: NegativeSamplingLoss(W, small_corpus(), sample_size=2, sparse=True),
    lambda W: HierarchicalSoftmaxLoss(W, np.bincount(small_corpus(), minlength=V), sparse=True)])
def test_float16_weights_are_rejected_at_the_constructor(make):
    with pytest.raises(TypeError, match="W: 가중치는 float32 또는 float64.*float16"):
        make(weights(dtype=np.float16))


@pytest.mark.parametrize("kwargs, name", [
    ({"lr": 0}, "lr"), ({"lr": -1}, "lr"), ({"lr": np.inf}, "lr"), ({"lr": np.nan}, "lr"),
    ({"final_lr": -0.1}, "final_lr"), ({"final_lr": np.nan}, "final_lr"), ({"final_lr": np.inf}, "final_lr")])
def test_sgd_hyperparameters(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}:"):
        SGD(**kwargs)


@pytest.mark.parametrize("kwargs, name", [
    ({"lr": np.inf}, "lr"), ({"lr": 0}, "lr"), ({"eps": 0}, "eps"), ({"eps": -1e-8}, "eps"),
    ({"eps": np.nan}, "eps"), ({"beta1": 1.0}, "beta1"), ({"beta2": np.nan}, "beta2"), ({"beta1": -0.1}, "beta1")])
def test_adam_hyperparameters(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}:"):
        Adam(**kwargs)


def test_hyperparameter_type_errors_and_valid_values():
    with pytest.raises(TypeError, match="lr: 실수"):
        SGD(lr="0.1")
    SGD(lr=1, final_lr=0)
    Adam(lr=np.float32(0.01), beta1=0, eps=1e-8)


@pytest.mark.parametrize("opt", [SGD(0.1, final_lr=0.01), Adam()])
@pytest.mark.parametrize("steps", [0, -3, 2.5])
def test_total_steps_must_be_positive(opt, steps):
    with pytest.raises(ValueError, match="total_steps"):
        opt.set_total_steps(steps)


@pytest.mark.parametrize("max_grad", [0, -1.0, np.nan, np.inf])
def test_max_grad_must_be_positive_and_finite(max_grad):
    g = [np.ones((2, 2))]
    with pytest.raises(ValueError, match="max_grad"):
        clip_grads(g, max_grad)
    model = CBOW(V, H, 1, small_corpus(), sample_size=2, rng=0)
    before = [p.copy() for p in model.params]
    corpus = small_corpus()
    contexts, target = np.stack([corpus[:-2], corpus[2:]], axis=1), corpus[1:-1]
    with pytest.raises(ValueError, match="max_grad"):
        Trainer(model, SGD(0.1)).fit(contexts, target, max_epoch=1, batch_size=10, max_grad=max_grad,
                                     progress=False)
    assert all((p == b).all() for p, b in zip(model.params, before))   # 갱신 전에 멈춤


def _forward_backward_cases():
    corpus = small_corpus()
    contexts = np.stack([corpus[:-2], corpus[2:]], axis=1)
    return {
        "MatMul": lambda: MatMul(weights(rows=4)),
        "Embedding": lambda: Embedding(weights()),
        "Embedding(sparse)": lambda: Embedding(weights(), sparse=True),
        "SigmoidWithLoss": SigmoidWithLoss,
        "EmbeddingDot": lambda: EmbeddingDot(weights()),
        "NegativeSamplingLoss": lambda: NegativeSamplingLoss(weights(), corpus, sample_size=2),
        "HierarchicalSoftmaxLoss": lambda: HierarchicalSoftmaxLoss(weights(), np.bincount(corpus, minlength=V)),
        "CBOW": lambda: CBOW(V, H, 1, corpus, sample_size=2),
        "CBOW(hs)": lambda: CBOW(V, H, 1, corpus, loss="hs"),
        "SkipGram": lambda: SkipGram(V, H, 1, corpus, sample_size=2, shrink_window=True),
        "SkipGram(hs)": lambda: SkipGram(V, H, 1, corpus, loss="hs"),
    }, contexts


@pytest.mark.parametrize("name", list(_forward_backward_cases()[0]))
def test_backward_before_forward_is_a_clear_error(name):
    make = _forward_backward_cases()[0][name]
    layer = make()
    dout = {"MatMul": np.ones((2, H)), "Embedding": np.ones((2, H)), "Embedding(sparse)": np.ones((2, H)),
            "EmbeddingDot": np.ones(2)}.get(name, 1)
    with pytest.raises(RuntimeError, match=r"\.backward: forward를 먼저 불러야 합니다"):
        layer.backward(dout)


def test_alias_table_rejects_bad_probabilities():
    for p, what in [([0.5, np.nan, 0.5], "NaN"), ([0.6, -0.1, 0.5], "0 이상"), ([0.2, 0.2], "합이 1"),
                    ([1, 2, 3], "합이 1"), ([np.inf, 0.0], "NaN"), ([], "1개 이상")]:
        with pytest.raises(ValueError, match=f"p: .*{what}"):
            alias_table(p)
    with pytest.raises(ValueError, match="p: 1차원"):
        alias_table(np.full((2, 2), 0.25))


def implied_distribution(prob, alias):
    """별칭 표가 실제로 내는 분포: 칸 i에서 i가 prob[i]/V, alias[i]가 (1 − prob[i])/V."""
    V = len(prob)
    q = prob / V
    np.add.at(q, alias, (1 - prob) / V)
    return q


def test_alias_table_from_python_list_is_exact():
    p = [0.1, 0.2, 0.3, 0.4]
    prob, alias = alias_table(p)                          # 예전: 리스트 * V가 리스트를 V번 이어 붙임
    assert len(prob) == len(alias) == 4
    assert np.allclose(implied_distribution(prob, alias), p, rtol=0, atol=1e-12)
    prob2, alias2 = alias_table(np.array(p))
    assert (prob == prob2).all() and (alias == alias2).all()
