"""w2vlib.text: 책의 common/util.py와 같은 결과인지, 잘못된 입력에 분명한 오류를 내는지."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.text import convert_one_hot, create_contexts_target, preprocess

BOOK_TEXT = "You say goodbye and I say hello."


def book_create_contexts_target(corpus, window_size=1):
    """책(common/util.py)의 파이썬 이중 루프 그대로."""
    target = corpus[window_size:-window_size]
    contexts = []
    for idx in range(window_size, len(corpus) - window_size):
        cs = []
        for t in range(-window_size, window_size + 1):
            if t == 0:
                continue
            cs.append(corpus[idx + t])
        contexts.append(cs)
    return np.array(contexts), np.array(target)


def book_convert_one_hot(corpus, vocab_size):
    """책의 convert_one_hot 그대로."""
    N = corpus.shape[0]
    if corpus.ndim == 1:
        one_hot = np.zeros((N, vocab_size), dtype=np.int32)
        for idx, word_id in enumerate(corpus):
            one_hot[idx, word_id] = 1
    elif corpus.ndim == 2:
        C = corpus.shape[1]
        one_hot = np.zeros((N, C, vocab_size), dtype=np.int32)
        for idx_0, word_ids in enumerate(corpus):
            for idx_1, word_id in enumerate(word_ids):
                one_hot[idx_0, idx_1, word_id] = 1
    return one_hot


def test_preprocess_matches_book():
    corpus, word_to_id, id_to_word = preprocess(BOOK_TEXT)
    np.testing.assert_array_equal(corpus, [0, 1, 2, 3, 4, 1, 5, 6])
    assert word_to_id == {"you": 0, "say": 1, "goodbye": 2, "and": 3, "i": 4, "hello": 5, ".": 6}
    assert id_to_word == {0: "you", 1: "say", 2: "goodbye", 3: "and", 4: "i", 5: "hello", 6: "."}
    assert np.issubdtype(corpus.dtype, np.integer)


def test_contexts_target_book_example():
    corpus, _, _ = preprocess(BOOK_TEXT)
    contexts, target = create_contexts_target(corpus, window_size=1)
    np.testing.assert_array_equal(contexts, [[0, 2], [1, 3], [2, 4], [3, 1], [4, 5], [1, 6]])
    np.testing.assert_array_equal(target, [1, 2, 3, 4, 1, 5])


@pytest.mark.parametrize("window_size", [1, 2, 3, 5])
def test_contexts_target_equals_book_loop(window_size):
    corpus = np.random.default_rng(window_size).integers(0, 50, size=200)
    contexts, target = create_contexts_target(corpus, window_size)
    want_c, want_t = book_create_contexts_target(corpus, window_size)
    assert contexts.shape == (200 - 2 * window_size, 2 * window_size)
    np.testing.assert_array_equal(contexts, want_c)
    np.testing.assert_array_equal(target, want_t)


def test_contexts_target_returns_writable_copies():
    corpus = np.arange(10)
    contexts, target = create_contexts_target(corpus, 2)
    contexts[0, 0] = 99
    target[0] = 99
    np.testing.assert_array_equal(corpus, np.arange(10))  # 원래 말뭉치는 그대로


def test_convert_one_hot_1d_and_2d():
    corpus, word_to_id, _ = preprocess(BOOK_TEXT)
    V = len(word_to_id)
    one_hot = convert_one_hot(corpus, V)
    assert one_hot.shape == (8, 7) and one_hot.dtype == np.int32
    np.testing.assert_array_equal(one_hot, book_convert_one_hot(corpus, V))
    np.testing.assert_array_equal(one_hot.argmax(axis=1), corpus)
    np.testing.assert_array_equal(one_hot.sum(axis=1), 1)

    contexts, _ = create_contexts_target(corpus, 1)
    oh2 = convert_one_hot(contexts, V)
    assert oh2.shape == (6, 2, 7) and oh2.dtype == np.int32
    np.testing.assert_array_equal(oh2, book_convert_one_hot(contexts, V))


# --------------------------------------------------------------------------- 잘못된 입력

def test_preprocess_rejects_non_string():
    with pytest.raises(TypeError, match="text"):
        preprocess(["you", "say"])


@pytest.mark.parametrize("bad, exc, name", [
    (np.array([0.0, 1.0, 2.0]), TypeError, "corpus"),
    (np.array([[0, 1, 2], [1, 2, 3]]), ValueError, "corpus"),   # 2차원
    (np.array([0, 1, 2]), ValueError, "corpus"),                # window 2에 비해 너무 짧음
    (np.array([0, -1, 2, 3, 4, 5]), IndexError, "corpus"),     # 음수 ID
])
def test_contexts_target_bad_corpus(bad, exc, name):
    with pytest.raises(exc, match=name):
        create_contexts_target(bad, window_size=2)


@pytest.mark.parametrize("window_size", [0, -1, 1.5, True])
def test_contexts_target_bad_window(window_size):
    with pytest.raises(ValueError, match="window_size"):
        create_contexts_target(np.arange(10), window_size=window_size)


@pytest.mark.parametrize("bad, vocab_size, exc, name", [
    (np.array([0, 7]), 7, IndexError, "corpus"),
    (np.array([0, -1]), 7, IndexError, "corpus"),
    (np.array([0.0, 1.0]), 7, TypeError, "corpus"),
    (np.zeros((2, 2, 2), dtype=int), 7, ValueError, "corpus"),
    (np.array([0, 1]), 0, ValueError, "vocab_size"),
    (np.array([0, 1]), 7.0, ValueError, "vocab_size"),
])
def test_convert_one_hot_bad_input(bad, vocab_size, exc, name):
    with pytest.raises(exc, match=name):
        convert_one_hot(bad, vocab_size)
