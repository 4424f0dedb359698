"""노트북에서 옮겨 온 책 모듈: onehot_cost, huffman_view, loss_cost, book_profile, sentence_classification,
experiments, eval_breakdown (시간 값은 검사하지 않고, 계산과 모양만 검사합니다)."""
import inspect

import matplotlib

matplotlib.use("Agg")

from w2vlib.book.plotting import use_korean_font  # noqa: E402

use_korean_font()

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import sparse  # noqa: E402

from w2vlib.book import (book_profile, eval_breakdown, experiments, gradcheck, huffman_view,  # noqa: E402
                         loss_cost, onehot_cost, reference, sentence_classification as sc)
from w2vlib.hierarchical_softmax import HuffmanTree  # noqa: E402

TOY_WORDS = ["the", "cat", "sat", "on", "mat", "dog"]
TOY_COUNTS = np.array([45, 13, 12, 16, 9, 5])


def test_onehot_matmul_equals_row_lookup_and_memory_is_exact():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((50, 4), dtype=np.float32)
    idx = rng.integers(0, 50, size=7)
    assert np.array_equal(onehot_cost.onehot_matmul(idx, W), W[idx])
    times, memory = onehot_cost.measure(V=300, H=8, N=20)
    assert list(times) == ["원핫 생성 + 곱", "미리 만든 원핫 @ W", "행 읽기 W[idx]"] and min(times.values()) > 0
    assert memory == {"원핫 (int32, 책)": 20 * 300 * 4, "원핫 (float32)": 20 * 300 * 4, "단어 ID (int64)": 20 * 8}
    grid = onehot_cost.measure_grid((100, 300), (4,), (5, 7), repeat=1)      # 벤치마크의 micro_lookup 행이 부름
    assert list(grid) == [onehot_cost.grid_key(m, V, 4, N) for V in (100, 300) for N in (5, 7) for m in ("onehot", "lookup")]
    assert min(grid.values()) > 0


def test_huffman_merge_table_children_and_drawing():
    tree = HuffmanTree(TOY_COUNTS)
    children = huffman_view.tree_children(tree)
    inner = huffman_view.node_counts(tree, TOY_COUNTS, children)
    assert inner[-1] == TOY_COUNTS.sum() and list(inner) == [14, 25, 30, 55, 100]
    assert children[0] == [("잎", 5), ("잎", 4)]          # 가장 드문 dog(5)와 mat(9)가 먼저 합쳐짐
    lines = huffman_view.merge_table(tree, TOY_COUNTS, TOY_WORDS).data.splitlines()
    assert lines[2] == "| 1 | dog (5) | mat (9) | n0 (14) | sat (12), cat (13), n0 (14), on (16), the (45) |"
    assert lines[-1] == "| 5 | the (45) | n3 (55) | n4 (100) | n4 (100) |"
    fig, ax = plt.subplots()
    huffman_view.draw_huffman_tree(tree, TOY_COUNTS, TOY_WORDS, ax, title="t")
    labels = [t.get_text() for t in ax.texts]
    assert "dog\n빈도 5\n부호 1100" in labels and "n4\n100" in labels
    plt.close(fig)
    counts = np.random.default_rng(0).integers(1, 100, size=200)
    plt.close(huffman_view.plot_code_lengths(HuffmanTree(counts), counts, [str(i) for i in range(200)],
                                             annotate_ranks=(1, 200)))


def test_softmax_step_gradients_match_numerical():
    rng = np.random.default_rng(1)
    W, h, target = rng.standard_normal((7, 3)), rng.standard_normal((4, 3)), np.array([0, 6, 6, 2])
    _, dh, dW = loss_cost.softmax_step(W, h, target)
    loss = lambda: loss_cost.softmax_step(W, h, target)[0]   # noqa: E731
    assert gradcheck.relative_error(dh, gradcheck.numerical_gradient(loss, h)) < 1e-7
    assert gradcheck.relative_error(dW, gradcheck.numerical_gradient(loss, W)) < 1e-7


def test_loss_step_passes_fixed_negatives():
    from w2vlib.negative_sampling import NegativeSamplingLoss

    rng = np.random.default_rng(3)
    corpus = rng.integers(0, 20, size=200)
    W, h, target = rng.standard_normal((20, 4)), rng.standard_normal((6, 4)), corpus[:6]
    layer = NegativeSamplingLoss(W, corpus, sample_size=3, rng=0)
    negative = layer.sampler.get_negative_sample(target)
    loss_a, dh_a = loss_cost.loss_step(layer, h, target, negative)
    loss_b, dh_b = loss_cost.loss_step(layer, h, target, negative)     # 같은 부정적 예 → 같은 값
    assert loss_a == loss_b and np.array_equal(dh_a, dh_b)


def test_loss_cost_measure_shapes():
    counts = loss_cost.zipf_counts(50, np.random.default_rng(0))
    assert sorted(counts, reverse=True)[:3] == [100_000, 50_000, 33_333] and counts.min() >= 1
    parts = loss_cost.measure_per_word((60, 120), H=4, n_softmax=5, n_fast=10, min_total=1e-4)   # 벤치마크가 부름
    assert list(parts) == [f"{k}|V{V}" for V in (60, 120) for k in loss_cost.KEYS] and min(parts.values()) > 0
    lengths = loss_cost.mean_code_lengths((60, 120))
    p60 = loss_cost.zipf_counts(60, np.random.default_rng(60)) / loss_cost.zipf_counts(60, np.random.default_rng(60)).sum()
    entropy = -np.sum(p60 * np.log2(p60))
    assert lengths[0] < lengths[1] and entropy <= lengths[0] < entropy + 1     # 허프만: H ≤ L̄ < H + 1
    from w2vlib.book import results

    stored = {"rows": {"micro_loss_per_word": {"settings": {"V": [60, 120]},
                                               "times": {"parts": {k: {"min": v} for k, v in parts.items()}}}}}
    result = results.per_word_costs(stored)                    # 책이 읽는 모양: 이름마다 (len(V),) 초
    assert list(result["V"]) == [60, 120]
    assert all(result[name][1] == parts[f"{key}|V120"] for key, name in zip(loss_cost.KEYS, loss_cost.NAMES))
    plt.close(loss_cost.plot_per_word(result, H=4).figure)


def test_output_functions_give_probabilities():
    rng = np.random.default_rng(0)
    W_out, h = rng.standard_normal((30, 4)), rng.standard_normal((5, 4))
    idx = rng.integers(0, 30, size=(5, 6))
    soft = loss_cost.softmax_output(h, W_out)
    assert np.allclose(soft.sum(axis=1), 1) and np.allclose(soft, np.exp(h @ W_out.T) / np.exp(h @ W_out.T).sum(1, keepdims=True))
    sig = loss_cost.sigmoid_output(h, W_out, idx)
    assert np.allclose(sig, 1 / (1 + np.exp(-np.einsum("nmh,nh->nm", W_out[idx], h))))


def test_adam_float_lr_differs_from_book_adam_in_one_line_and_updates_the_same():
    book = [line.strip() for line in inspect.getsource(reference.Adam.update).splitlines()]
    ours = [line.strip() for line in inspect.getsource(reference.AdamFloatLR.update).splitlines()]
    assert len(book) == len(ours) and sum(a != b for a, b in zip(book, ours)) == 1
    rng = np.random.default_rng(2)
    W_a = rng.standard_normal((5, 4)).astype(np.float32)
    W_b, g = W_a.copy(), rng.standard_normal((5, 4)).astype(np.float32)
    reference.Adam().update([W_a], [g])
    reference.AdamFloatLR().update([W_b], [g])
    assert W_b.dtype == np.float32 and np.allclose(W_a, W_b, rtol=1e-6, atol=1e-7)


def test_profile_book_iteration_reports_every_step():
    corpus = np.random.default_rng(0).integers(0, 60, size=3000)
    best, iters, n_grads = book_profile.profile_book_iteration(corpus, 60, n_iter=2, batch_size=50, hidden_size=8)
    assert list(best) == list(book_profile.STEPS) and all(t > 0 for t in best.values())
    assert iters == (3000 - 10) // 50 and n_grads == 16


def test_sentence_features_and_nearest_centroid():
    word_vecs = np.arange(12, dtype=np.float32).reshape(6, 2)
    sents = [np.array([0, 1]), np.array([2, 2, 5])]
    assert np.allclose(sc.sentence_vectors(word_vecs, sents), [[1, 2], [(4 + 4 + 10) / 3, (5 + 5 + 11) / 3]])
    bow = sc.bag_of_words(sents, 6)
    assert sparse.issparse(bow) and bow.toarray().tolist() == [[1, 1, 0, 0, 0, 0], [0, 0, 2, 0, 0, 1]]
    assert np.allclose(sparse.linalg.norm(sc.unit_rows(bow), axis=1), 1)
    X = sc.unit_rows(np.array([[1.0, 0.1], [1.0, 0.2], [0.1, 1.0], [0.2, 1.0]]))
    labels = np.array([False, False, True, True])
    assert sc.nearest_centroid_accuracy(X, labels, np.array([0, 2]), np.array([1, 3])) == 1.0
    labels = np.arange(600) < 300
    for train, test in sc.splits(labels, n_train=10, n_splits=3, n_test=100):
        assert len(test) == 100 and labels[train].sum() == 5 and not set(train) & set(test)


def test_experiments_seed_band_marks_and_table():
    exp = experiments.Experiments(np.zeros(10, dtype=int), 5, {}, sentence_accuracy=lambda w: 0.5)
    base = {"analogy": 0.010, "ws353": 0.20, "simlex": 0.10, "sentence": 0.60, "semantic": 0, "syntactic": 0}
    for i, name in enumerate(["s0", "s1", "s2"]):
        exp.results[name] = base | {"ws353": 0.20 + 0.01 * i}
    exp.seed_names = ["s0", "s1", "s2"]
    exp.results["big"] = base | {"analogy": 0.05, "simlex": 0.0}
    low, high = exp.seed_band("ws353")
    known = experiments.KNOWN_SPREAD["ws353"]
    assert known > 0.01                                   # 세 시드의 반폭(0.01)보다 알려진 흔들림이 더 큼
    assert np.isclose(low, 0.21 - known) and np.isclose(high, 0.21 + known)
    assert exp.outside_band("s1") == "(기준)" and exp.outside_band("big") == "유추 ↑, SimLex ↓"
    lines = exp.table(["big"], ["큰 변화"]).data.splitlines()
    assert lines[0] == "| " + " | ".join(experiments.SCORE_HEADER) + " |"
    assert lines[2] == "| 큰 변화 | 5.00% | 0.200 | 0.000 | 60.0% | 유추 ↑, SimLex ↓ |"


def test_pca_and_pairs():
    X = np.random.default_rng(0).standard_normal((20, 5))
    P, explained = eval_breakdown.pca(X, n=3)
    assert P.shape == (20, 3) and np.isclose(explained.sum(), 1) and np.all(np.diff(explained) <= 0)
    assert np.allclose(P.T @ P, np.diag(np.diag(P.T @ P)), atol=1e-10)   # 주성분 좌표는 서로 직교
    pytest.importorskip("gensim")
    pairs = eval_breakdown.pair_list("wordsim353.tsv")
    assert len(pairs) == 353 and len(eval_breakdown.read_pairs("wordsim353.tsv")) == 352   # 같은 쌍이 한 번 더 나옴
