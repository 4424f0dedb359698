"""w2vlib.evaluation: 유추 점수 방식('book', '3cosadd', '3cosmul')의 정의, 질의 단어 제외, 구글 유추 문제의
문제 수와 정답률(단순 루프 기준 구현과 비교), 단어 쌍 유사도의 스피어만 ρ(손으로 계산한 값과 비교)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from w2vlib import evaluation as ev

SEMANTIC = {"capital-common-countries", "capital-world", "currency", "city-in-state", "family"}


def read_google_questions():
    """구글 유추 문제 파일을 (이 테스트 안에서 따로) 읽습니다: [(절, a, b, c, d), …], 소문자."""
    out, section = [], None
    with open(ev.gensim_test_data("questions-words.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(":"):
                section = line[1:].strip()
            elif line.strip():
                out.append((section, *line.lower().split()))
    return out


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


# --------------------------------------------------------------------------- 손으로 만든 예: 길이 편향

def norm_bias_matrix():
    """a : b = c : ? 에서, 방향은 정확히 맞지만 짧은 'right'와, 방향은 조금 틀리지만 긴 'long' (흔한 단어).

    'right'는 질의 b̂ − â + ĉ 와 같은 방향 (길이 0.2), 'long'은 질의와 cos ≈ 0.9 (길이 5).
    """
    words = ["a", "b", "c", "right", "long", "other"]
    a = np.array([1.0, 0.0, 0.0])
    b = np.array([1.0, 1.0, 0.0]) / np.sqrt(2)
    c = np.array([0.0, 0.0, 1.0])
    q_dir = unit(unit(b) - unit(a) + unit(c))
    right = 0.2 * q_dir
    long = 5.0 * unit(q_dir + np.array([0.0, -0.45, 0.3]))
    other = np.array([0.0, -1.0, 0.2])
    W = np.stack([a, b, c, right, long, other])
    word_to_id = {w: i for i, w in enumerate(words)}
    return W, word_to_id, dict(enumerate(words))


def test_book_scoring_prefers_long_vector_and_3cosadd_the_right_direction():
    W, w2i, i2w = norm_bias_matrix()
    cos_long = float(unit(W[4]) @ unit(W[1] - W[0] + W[2]))
    assert 0.8 < cos_long < 0.95
    book = ev.analogy("a", "b", "c", w2i, i2w, W, top=3, method="book")
    add = ev.analogy("a", "b", "c", w2i, i2w, W, top=3, method="3cosadd")
    mul = ev.analogy("a", "b", "c", w2i, i2w, W, top=3, method="3cosmul")
    assert book[0][0] == "long" and add[0][0] == "right" and mul[0][0] == "right"
    assert ev.analogy_rank("a", "b", "c", "right", w2i, W, method="book") == 2
    assert ev.analogy_rank("a", "b", "c", "right", w2i, W, method="3cosadd") == 1
    # 'book' 점수 = 정규화한 질의 · (정규화하지 않은) 단어 벡터 = 길이 × cos
    q = unit(W[1] - W[0] + W[2])
    assert dict(book)["long"] == pytest.approx(float(W[4] @ q))
    assert dict(book)["right"] == pytest.approx(0.2, rel=1e-9)
    # 모든 벡터를 정규화하면 'book'과 '3cosadd'의 순위가 같아집니다 (차이는 길이 탓뿐)
    Wn = unit(W)
    assert ev.analogy("a", "b", "c", w2i, i2w, Wn, top=1, method="book")[0][0] == "right"


def test_3cosadd_normalizes_query_words_before_adding():
    W, w2i, i2w = norm_bias_matrix()
    W[1] *= 100.0                                      # b만 아주 길게: 정규화하지 않으면 질의가 b 쪽으로 쏠림
    scores = dict(ev.analogy("a", "b", "c", w2i, i2w, W, top=6, method="3cosadd"))
    Wn = unit(W)
    q = Wn[1] - Wn[0] + Wn[2]
    for w in ("right", "long", "other"):
        assert scores[w] == pytest.approx(float(Wn[w2i[w]] @ q), rel=1e-9)


def test_3cosmul_matches_naive_formula():
    rng = np.random.default_rng(0)
    V, H = 30, 8
    W = rng.standard_normal((V, H))
    words = [f"w{i}" for i in range(V)]
    w2i, i2w = {w: i for i, w in enumerate(words)}, dict(enumerate(words))
    a, b, c = 3, 7, 11
    got = dict(ev.analogy(words[a], words[b], words[c], w2i, i2w, W, top=V, method="3cosmul"))
    for d in range(V):
        if d in (a, b, c):
            assert words[d] not in got or got[words[d]] == -np.inf
            continue

        def cos01(x, y):
            return (float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y))) + 1) / 2

        expected = cos01(W[d], W[b]) * cos01(W[d], W[c]) / (cos01(W[d], W[a]) + 1e-3)
        assert got[words[d]] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("method", ev.METHODS)
def test_query_words_are_excluded(method):
    # b 자신이 질의 b − a + c에 가장 가깝도록: a와 c가 거의 상쇄
    W = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.01, 0.0], [0.0, 0.9, 0.3], [0.0, -1.0, 0.0]])
    words = ["a", "b", "c", "answer", "far"]
    w2i, i2w = {w: i for i, w in enumerate(words)}, dict(enumerate(words))
    result = ev.analogy("a", "b", "c", w2i, i2w, W, top=5, method=method)
    names = [w for w, s in result if np.isfinite(s)]
    assert names[0] == "answer"
    assert not {"a", "b", "c"} & set(names)
    assert ev.analogy_rank("a", "b", "c", "answer", w2i, W, method=method) == 1
    assert ev.analogy_rank("a", "b", "c", "far", w2i, W, method=method) == 2


def test_unknown_word_and_bad_method_raise():
    W, w2i, i2w = norm_bias_matrix()
    with pytest.raises(KeyError, match="zebra"):
        ev.analogy("a", "b", "zebra", w2i, i2w, W)
    with pytest.raises(ValueError, match="method"):
        ev.analogy("a", "b", "c", w2i, i2w, W, method="cosine")


def test_most_similar_excludes_query_and_sorts_by_cosine():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((12, 4))
    words = [f"w{i}" for i in range(12)]
    w2i, i2w = {w: i for i, w in enumerate(words)}, dict(enumerate(words))
    got = ev.most_similar("w5", w2i, i2w, W, top=11)
    assert "w5" not in [w for w, _ in got] and len(got) == 11
    expected = sorted(((words[j], float(unit(W[5]) @ unit(W[j]))) for j in range(12) if j != 5),
                      key=lambda x: -x[1])
    assert [w for w, _ in got] == [w for w, _ in expected]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-9)


# --------------------------------------------------------------------------- 구글 유추 문제

def test_evaluate_analogies_counts_on_real_file_with_toy_vocabulary():
    questions = read_google_questions()
    vocab = ["athens", "greece", "baghdad", "iraq", "bangkok", "thailand", "boy", "girl", "brother", "sister",
             "king", "queen", "good", "better", "bad", "worse", "big", "bigger", "man", "woman", "son", "daughter"]
    w2i = {w: i for i, w in enumerate(vocab)}
    kept = [q for q in questions if all(w in w2i for w in q[1:])]
    n_sem = sum(q[0] in SEMANTIC for q in kept)
    W = np.random.default_rng(2).standard_normal((len(vocab), 10))
    result = ev.evaluate_analogies(W, w2i)
    assert result["n_total"] == len(questions) == 19544
    assert result["n_overall"] == len(kept)
    assert result["n_semantic"] == n_sem and result["n_syntactic"] == len(kept) - n_sem
    assert n_sem > 0 and len(kept) - n_sem > 0


def naive_analogy_accuracy(W, w2i, questions):
    """단순 루프: 질문마다 모든 후보 단어의 cos(d, b̂ − â + ĉ)를 하나씩 계산해 최댓값 (질의 단어 제외)."""
    U = unit(W)
    correct = {"overall": [], "semantic": [], "syntactic": []}
    for section, a, b, c, d in questions:
        ia, ib, ic, id_ = (w2i[w] for w in (a, b, c, d))
        q = U[ib] - U[ia] + U[ic]
        best, best_score = None, -np.inf
        for j in range(len(W)):
            if j in (ia, ib, ic):
                continue
            score = float(np.dot(U[j], q))
            if score > best_score:
                best, best_score = j, score
        ok = best == id_
        correct["overall"].append(ok)
        correct["semantic" if section in SEMANTIC else "syntactic"].append(ok)
    return {k: float(np.mean(v)) for k, v in correct.items()}, {k: len(v) for k, v in correct.items()}


def test_evaluate_analogies_accuracy_matches_naive_loop():
    questions = read_google_questions()
    rng = np.random.default_rng(3)
    all_words = sorted({w for q in questions for w in q[1:]})
    vocab = list(rng.choice(all_words, size=260, replace=False))
    w2i = {w: i for i, w in enumerate(vocab)}
    kept = [q for q in questions if all(w in w2i for w in q[1:])]
    assert len(kept) > 30
    # 정답률이 0이 아니게: 정답 벡터를 질의 방향으로 조금 당긴 무작위 행렬
    W = rng.standard_normal((len(vocab), 12))
    for section, a, b, c, d in kept[::3]:
        W[w2i[d]] += 0.6 * (W[w2i[b]] - W[w2i[a]] + W[w2i[c]])
    expected, counts = naive_analogy_accuracy(W, w2i, kept)
    result = ev.evaluate_analogies(W, w2i, chunk=7)                # 여러 묶음으로 나눠도 같음
    assert result["n_overall"] == counts["overall"]
    assert 0 < result["overall"] < 1
    for k in ("overall", "semantic", "syntactic"):
        assert result[k] == pytest.approx(expected[k], abs=1e-12)


def test_evaluate_analogies_with_no_question_in_vocabulary():
    result = ev.evaluate_analogies(np.ones((2, 3)), {"zzz": 0, "yyy": 1})
    assert result["n_overall"] == 0 and np.isnan(result["overall"])


# --------------------------------------------------------------------------- 단어 쌍 유사도

def read_pairs(name):
    out = []
    with open(ev.gensim_test_data(name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w1, w2, score = line.rstrip("\n").split("\t")[:3]
            out.append((w1.lower(), w2.lower(), float(score)))
    return out


@pytest.mark.parametrize("name", ["wordsim353.tsv", "simlex999.txt"])
def test_evaluate_word_pairs_matches_spearman_by_hand(name):
    pairs = read_pairs(name)
    words = sorted({w for p in pairs for w in p[:2]})
    rng = np.random.default_rng(4)
    vocab = list(rng.choice(words, size=len(words) * 2 // 3, replace=False))
    w2i = {w: i for i, w in enumerate(vocab)}
    W = rng.standard_normal((len(vocab), 16))
    kept = [p for p in pairs if p[0] in w2i and p[1] in w2i]
    model = [float(unit(W[w2i[a]]) @ unit(W[w2i[b]])) for a, b, _ in kept]
    human = [s for _, _, s in kept]
    expected = spearmanr(model, human).statistic
    result = ev.evaluate_word_pairs(W, w2i, name)
    assert result["n_pairs"] == len(kept) and result["n_oov"] == len(pairs) - len(kept)
    assert result["spearman"] == pytest.approx(expected, abs=1e-12)


def test_evaluate_word_pairs_perfect_when_cosines_follow_human_order(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# 주석\nA\tb\t1.0\na\tc\t5.0\nb\tc\t3.0\nzzz\ta\t2.0\n", encoding="utf-8")
    # a=(1,0), b=(-1,0.1): cos(a,b) 최소, c=(1,0.2): cos(a,c) 최대, cos(b,c) 중간
    W = np.array([[1.0, 0.0], [-1.0, 0.1], [1.0, 0.2]])
    result = ev.evaluate_word_pairs(W, {"a": 0, "b": 1, "c": 2}, path)
    assert result == {"spearman": pytest.approx(1.0), "n_pairs": 3, "n_oov": 1}


def test_benchmark_scores_keys_and_consistency():
    rng = np.random.default_rng(5)
    pairs = read_pairs("wordsim353.tsv")
    vocab = sorted({w for p in pairs for w in p[:2]} | {"athens", "greece", "baghdad", "iraq"})
    w2i = {w: i for i, w in enumerate(vocab)}
    W = rng.standard_normal((len(vocab), 8))
    scores = ev.benchmark_scores(W, w2i)
    assert set(scores) == {"analogy", "semantic", "syntactic", "n_analogy", "ws353", "simlex"}
    assert scores["ws353"] == ev.evaluate_word_pairs(W, w2i, "wordsim353.tsv")["spearman"]
    assert scores["n_analogy"] == ev.evaluate_analogies(W, w2i)["n_overall"] > 0
