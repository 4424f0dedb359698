"""손으로 푸는 연습문제: 노트북의 풀이(마크다운)에 적힌 답이 ``w2vlib``으로 계산한 값과 같은지.

풀이 문단의 숫자를 읽어 라이브러리가 계산한 값과 비교하므로, 풀이의 숫자를 잘못 고치거나 라이브러리의 동작이
바뀌면 이 테스트가 실패합니다. 문제의 입력(작은 행렬, 빈도 등)은 문제 본문과 같은 값을 여기에 둡니다.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from w2vlib import evaluation, layers, text
from w2vlib.hierarchical_softmax import HierarchicalSoftmaxLoss, HuffmanTree
from w2vlib.negative_sampling import NegativeSamplingLoss
from w2vlib.optimizers import Adam
from w2vlib.sampling import UnigramSampler, alias_table
from w2vlib.scatter import SparseRowGrad
from w2vlib.trainer import Trainer

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
NUMBER = re.compile(r"[-−]?\d+(?:,\d{3})*(?:\.\d+)?")


def solution_text(notebook: str, label: str) -> str:
    """``{solution-start} label``부터 ``{solution-end}``까지의 마크다운 셀을 이어 붙인 글."""
    cells = json.loads((CHAPTERS / notebook).read_text(encoding="utf-8"))["cells"]
    out, inside = [], False
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and f"{{solution-start}} {label}" in src:
            inside = True
        if inside and cell["cell_type"] == "markdown":
            out.append(src)
            if "{solution-end}" in src:
                return "\n".join(out).replace("{,}", ",")      # 수식 안의 1{,}000 → 1,000
    raise AssertionError(f"{notebook}: 풀이 {label}을(를) 찾지 못했습니다")


def stated_numbers(txt: str) -> set[str]:
    return {n.replace("−", "-").replace(",", "") for n in NUMBER.findall(txt)}


def assert_stated(txt: str, value: float, decimals: int) -> None:
    """``value``를 소수 ``decimals``자리로 반올림한 값이 풀이 글에 숫자로 적혀 있는지."""
    want = f"{value:.{decimals}f}"
    if want in ("-0", "-0." + "0" * decimals):
        want = want[1:]
    assert want in stated_numbers(txt), f"풀이에 {want}이(가) 없습니다 (라이브러리 값 {value!r})"


# ---------------------------------------------------------------- 4.1
def test_4_1_embedding_backward_with_duplicates():
    txt = solution_text("4_1_embedding.ipynb", "ex-4-1-5")
    emb = layers.Embedding(np.zeros((4, 2)))
    idx, dout = np.array([2, 0, 2]), np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    emb.forward(idx)
    emb.backward(dout)
    dW = emb.grads[0]
    wrong = np.zeros((4, 2))
    wrong[idx] = dout                       # 덮어쓰기: 2번 행에 마지막 값만
    for row in (*dW, wrong[2]):
        assert f"({row[0]:.0f}, {row[1]:.0f})" in txt, f"풀이에 행 ({row[0]:.0f}, {row[1]:.0f})이(가) 없습니다"


def test_4_1_multiply_adds_of_one_batch():
    txt = solution_text("4_1_embedding.ipynb", "ex-4-1-6")
    V, H, window, batch = 10_000, 100, 5, 100
    corpus = np.arange(2_000) % V
    contexts, _ = text.create_contexts_target(corpus, window_size=window)
    n_ctx = contexts[:batch].size                       # 미니배치 하나의 맥락 단어 수
    x = text.convert_one_hot(contexts[:batch].ravel(), V)
    assert x.shape == (n_ctx, V)
    onehot_ops = x.shape[0] * x.shape[1] * H            # (n, V) @ (V, H)의 곱셈-덧셈
    lookup_copies = n_ctx * H
    for v in (n_ctx, onehot_ops, lookup_copies, onehot_ops // lookup_copies):
        assert str(v) in stated_numbers(txt), f"풀이에 {v:,}이(가) 없습니다"


# ---------------------------------------------------------------- 4.2
def test_4_2_unigram_power_of_three_words():
    txt = solution_text("4_2_negative_sampling.ipynb", "ex-4-2-5")
    corpus = np.repeat([0, 1, 2], [16, 1, 81])
    p = UnigramSampler(corpus, power=0.75, sample_size=1).word_p
    assert np.allclose(p * 36, [8, 1, 27])
    for v in p:
        assert_stated(txt, v, 4)
    for v in np.bincount(corpus) / len(corpus):
        assert_stated(txt, v, 4)


def test_4_2_negative_sampling_gradient_of_one_example():
    txt = solution_text("4_2_negative_sampling.ipynb", "ex-4-2-6")
    ln3 = np.log(3.0)
    W = np.array([[ln3, 1.0], [0.0, 2.0], [-ln3, 0.0]])      # 타깃 0, 부정적 예 1, 2
    loss = NegativeSamplingLoss(W, np.array([0, 1, 2]), sample_size=2)
    L = loss.forward(np.array([[1.0, 0.0]]), np.array([0]), negative_sample=np.array([[1, 2]]))
    dh = loss.backward()
    dW = loss.grads[0]
    assert_stated(txt, L, 4)
    for v in dh.ravel():
        assert_stated(txt, v, 4)
    for v in dW[:, 0]:
        assert_stated(txt, v, 2)


# ---------------------------------------------------------------- 4.3
def test_4_3_iterations_per_epoch_and_dropped_targets():
    txt = solution_text("4_3_cbow_ptb.ipynb", "ex-4-3-5")
    T, window = 929_589, 5
    _, target = text.create_contexts_target(np.zeros(T, dtype=np.int32), window_size=window)

    class Count:                                       # 반복 횟수와 본 타깃 수만 세는 모델
        params, grads = [], []

        def __init__(self):
            self.calls, self.seen = 0, 0

        def forward(self, x, t):
            self.calls += 1
            self.seen += len(t)
            return 1.0

        def backward(self):
            pass

    class NoUpdate:
        def update(self, params, grads):
            pass

    for batch in (100, 32_000):
        model = Count()
        Trainer(model, NoUpdate(), rng=0).fit(target, target, max_epoch=1, batch_size=batch, progress=False)
        assert str(model.calls) in stated_numbers(txt), f"풀이에 반복 수 {model.calls:,}이(가) 없습니다"
        dropped = len(target) - model.seen
        assert str(dropped) in stated_numbers(txt), f"풀이에 버려지는 타깃 수 {dropped:,}이(가) 없습니다"
    assert str(len(target)) in stated_numbers(txt)


def test_4_3_3cosadd_and_3cosmul_disagree():
    txt = solution_text("4_3_cbow_ptb.ipynb", "ex-4-3-6")
    # a, b, c는 서로 수직인 단위 벡터, 후보 d1, d2는 (a, b, c와의 코사인)이 문제의 표와 같은 단위 벡터
    cosines = {"d1": (0.0, 0.95, -0.2), "d2": (0.1, 0.4, 0.4)}
    rows = [np.eye(4)[i] for i in range(3)]
    for ca, cb, cc in cosines.values():
        rows.append(np.array([ca, cb, cc, np.sqrt(1 - ca ** 2 - cb ** 2 - cc ** 2)]))
    M = np.array(rows)
    word_to_id = {w: i for i, w in enumerate(["a", "b", "c", "d1", "d2"])}
    id_to_word = {i: w for w, i in word_to_id.items()}
    picks = {}
    for method in ("3cosadd", "3cosmul"):
        ranked = evaluation.analogy("a", "b", "c", word_to_id, id_to_word, M, top=2, method=method)
        picks[method] = ranked[0][0]
        for _, score in ranked:
            assert_stated(txt, score, 3)
    assert picks == {"3cosadd": "d1", "3cosmul": "d2"}


# ---------------------------------------------------------------- 4.3.4
def test_4_3_4_dense_and_lazy_adam_for_two_rows():
    txt = solution_text("4_3b_speedup_steps.ipynb", "ex-4-3b-1")
    steps = [(np.array([0, 1]), np.array([[1.0], [2.0]])), (np.array([0]), np.array([[1.0]]))]
    result = {}
    for lazy in (False, True):
        W, opt = np.zeros((2, 1)), Adam(lr=0.1)
        for rows, g in steps:
            if lazy:
                grad = SparseRowGrad(W.shape)
                grad.set(rows, g)
            else:
                grad = np.zeros_like(W)
                grad[rows] = g
            opt.update([W], [grad])
        result[lazy] = W.ravel().copy()
    dense, lazy = result[False], result[True]
    for v in (*dense, *lazy):
        assert_stated(txt, v, 4)
    assert dense[0] == pytest.approx(lazy[0]) and dense[1] != pytest.approx(lazy[1])


def test_4_3_4_alias_table_by_hand():
    txt = solution_text("4_3b_speedup_steps.ipynb", "ex-4-3b-2")
    prob, alias = alias_table(np.array([0.4, 0.3, 0.2, 0.1]))
    row = "| " + " | ".join(f"{v:.1f}" for v in prob) + " |"
    assert row in txt, f"풀이의 prob 행 {row}"
    row = "| " + " | ".join(str(int(a)) for a in alias) + " |"
    assert row in txt, f"풀이의 alias 행 {row}"


# ---------------------------------------------------------------- 4.4
def test_4_4_subsampling_keep_probabilities():
    txt = solution_text("4_4_remaining_topics.ipynb", "ex-4-4-5")
    keep = text.subsample_keep_prob(np.array([0.016, 0.004, 0.001]), t=1e-3)
    for v in keep:
        assert_stated(txt, v, 4)
    golden = (1 + np.sqrt(5)) / 2
    f_all = golden ** 2 * 1e-3                       # (√x + 1)/x = 1의 해 x = φ²
    assert text.subsample_keep_prob(np.array([f_all * 0.999, f_all * 1.001]), 1e-3)[0] == 1.0
    assert text.subsample_keep_prob(np.array([f_all * 1.001]), 1e-3)[0] < 1.0
    assert_stated(txt, golden ** 2, 3)


def test_4_4_spearman_by_hand(tmp_path):
    txt = solution_text("4_4_remaining_topics.ipynb", "ex-4-4-6")
    human, cosine = [9, 7, 3, 1], [0.8, 0.3, 0.5, 0.1]
    rows, lines = [], []
    for i, (score, cos) in enumerate(zip(human, cosine)):
        rows += [[1.0, 0.0], [cos, np.sqrt(1 - cos ** 2)]]
        lines.append(f"x{i}\ty{i}\t{score}")
    word_to_id = {w: j for j, w in enumerate(w for i in range(4) for w in (f"x{i}", f"y{i}"))}
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rho = evaluation.evaluate_word_pairs(np.array(rows), word_to_id, path=path)["spearman"]
    assert_stated(txt, rho, 1)


# ---------------------------------------------------------------- 부록 A
COUNTS_A = np.array([8, 4, 2, 1, 1])


def test_a_huffman_code_of_five_words():
    txt = solution_text("appendix_a_hierarchical_softmax.ipynb", "ex-a-5")
    tree = HuffmanTree(COUNTS_A)
    for code in tree.codes:
        assert "`" + "".join(map(str, code)) + "`" in txt
    p = COUNTS_A / COUNTS_A.sum()
    assert_stated(txt, tree.expected_length(p), 3)
    entropy = float(-(p * np.log2(p)).sum())
    assert_stated(txt, entropy, 3)
    assert_stated(txt, 2 ** entropy, 2)


def test_a_hierarchical_softmax_loss_of_one_word():
    txt = solution_text("appendix_a_hierarchical_softmax.ipynb", "ex-a-6")
    W = np.zeros((5, 2))
    W[3], W[2] = [0.0, 1.0], [np.log(3.0), 0.0]      # 뿌리 n3의 점수 0, n2의 점수 ln 3
    layer = HierarchicalSoftmaxLoss(W, COUNTS_A)
    L = layer.forward(np.array([[1.0, 0.0]]), np.array([1]))
    dh = layer.backward()
    assert_stated(txt, np.exp(-L), 3)
    assert_stated(txt, L, 4)
    for v in dh.ravel():
        assert_stated(txt, v, 4)
    for v in layer.grads[0][[2, 3], 0]:
        assert_stated(txt, v, 2)


# ---------------------------------------------------------------- 4.5
THREE_REVIEWS = ["영화가 재미있다", "영화를 봤다", "영화는 재미없다"]


def _counts_sentence(txt: str, tokens: list[str]) -> None:
    """토큰 수·종류 수가 풀이 글에 적혀 있는지 ("토큰은 12개, 종류는 8개" 꼴)."""
    from collections import Counter
    counts = Counter(tokens)
    assert f"{len(tokens)}개" in txt and f"{len(counts)}개" in txt, (len(tokens), len(counts))


def test_4_5_eojeol_and_morpheme_vocabulary():
    from collections import Counter

    from w2vlib.tokenizers import word_tokens
    txt = solution_text("4_5_korean.ipynb", "ex-4-5-1")
    words = [t for r in THREE_REVIEWS for t in word_tokens(r)]
    _counts_sentence(txt, words)
    assert Counter(words)["영화"] == 0 and "0번" in txt
    pytest.importorskip("mecab")                       # 형태소는 korean 선택 의존성(MeCab-ko)이 있을 때
    from w2vlib.tokenizers import get_tokenizer
    morph, _ = get_tokenizer("morph")
    morphs = [t for r in THREE_REVIEWS for t in morph(r)]
    _counts_sentence(txt, morphs)
    counts = Counter(morphs)
    kept = sorted(t for t, n in counts.items() if n >= 2)
    assert counts["영화"] == 3 and "3번" in txt and all(f'"{t}"' in txt for t in kept), kept


def test_4_5_three_cos_add_and_mul_by_hand():
    txt = solution_text("4_5_korean.ipynb", "ex-4-5-2")
    toy = {"남자": (1, 0), "여자": (0, 1), "왕": (0.6, 0.8), "여왕": (-0.6, 0.8), "왕자": (0.8, 0.6)}
    w2i = {w: i for i, w in enumerate(toy)}
    i2w = dict(enumerate(toy))
    vecs = np.array(list(toy.values()), dtype=float)
    add = dict(evaluation.analogy("남자", "여자", "왕", w2i, i2w, vecs, top=2, method="3cosadd"))
    mul = dict(evaluation.analogy("남자", "여자", "왕", w2i, i2w, vecs, top=2, method="3cosmul"))
    assert_stated(txt, add["여왕"], 2)
    assert_stated(txt, add["왕자"], 2)
    assert_stated(txt, mul["여왕"], 3)
    assert_stated(txt, mul["왕자"], 3)
    assert max(add, key=add.get) == max(mul, key=mul.get) == "여왕"


def test_4_5_context_matrix_size_by_hand():
    txt = solution_text("4_5_korean.ipynb", "ex-4-5-5")
    T, w = 1.3e7, 5
    x = np.zeros((3, 2 * w), dtype=np.int32)                 # 한 행 = 2w개의 int32
    per_token = x.nbytes // len(x)
    assert per_token == 40 and "520 MB" in txt and f"{T * per_token / 1e6:,.0f} MB" == "520 MB"
