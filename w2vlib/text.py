"""말뭉치 전처리: 책의 ``common/util.py``에 있는 함수들을 같은 이름·같은 결과로, 그러나 벡터화해서 제공합니다."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._checks import as_index_array, positive_int


def preprocess(text: str) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """문장을 소문자로 바꾸고 마침표를 떼어 단어 ID로 바꿉니다 (책과 같은 규칙).

    Returns
    -------
    corpus : (T,) int64, 단어 ID 열
    word_to_id : dict[str, int]
    id_to_word : dict[int, str]
    """
    if not isinstance(text, str):
        raise TypeError(f"text: 문자열이어야 합니다 (받은 타입: {type(text).__name__}).")
    words = text.lower().replace(".", " .").split()
    word_to_id: dict[str, int] = {}
    for w in words:
        word_to_id.setdefault(w, len(word_to_id))
    id_to_word = {i: w for w, i in word_to_id.items()}
    corpus = np.array([word_to_id[w] for w in words], dtype=np.int64)
    return corpus, word_to_id, id_to_word


def create_contexts_target(corpus, window_size: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """말뭉치에서 맥락과 타깃을 만듭니다.

    책의 파이썬 이중 루프와 같은 결과를 ``sliding_window_view`` 한 번으로 만듭니다 (PTB에서 수 초 → 수 ms).

    Parameters
    ----------
    corpus : (T,) int, 단어 ID 열
    window_size : 타깃 양옆으로 보는 단어 수 (1 이상)

    Returns
    -------
    contexts : (T - 2·window_size, 2·window_size) int, 각 행은 왼쪽 → 오른쪽 순서의 맥락
    target : (T - 2·window_size,) int
    """
    corpus = as_index_array("corpus", corpus, ndim=1)
    window_size = positive_int("window_size", window_size)
    if len(corpus) <= 2 * window_size:
        raise ValueError(f"corpus: 길이가 2·window_size({2 * window_size})보다 길어야 합니다 "
                         f"(받은 길이: {len(corpus)}).")
    windows = sliding_window_view(corpus, 2 * window_size + 1)       # (T-2w, 2w+1), 복사 없는 뷰
    target = windows[:, window_size].copy()
    contexts = np.empty((len(windows), 2 * window_size), dtype=corpus.dtype)   # 가운데(타깃) 열만 뺀 복사본
    contexts[:, :window_size] = windows[:, :window_size]             # (np.delete보다 몇 배 빠른 두 번의 복사)
    contexts[:, window_size:] = windows[:, window_size + 1:]
    return contexts, target


def convert_one_hot(corpus, vocab_size: int) -> np.ndarray:
    """단어 ID 배열을 원핫 표현으로 바꿉니다.

    corpus : (N,) 또는 (N, C) int → (N, V) 또는 (N, C, V) int32 (책과 같은 dtype)
    """
    vocab_size = positive_int("vocab_size", vocab_size)
    corpus = as_index_array("corpus", corpus, upper=vocab_size, ndim=(1, 2))
    one_hot = np.zeros((*corpus.shape, vocab_size), dtype=np.int32)
    np.put_along_axis(one_hot, corpus[..., None], 1, axis=-1)
    return one_hot


def subsample(corpus, t: float = 1e-3, rng=None) -> np.ndarray:
    """word2vec의 빈번한 단어 서브샘플링: 단어 w를 확률 (√(f/t) + 1)·t/f로 남깁니다 (f = w의 상대 빈도).

    "the", "<eos>"처럼 아주 흔한 단어를 많이 버려 학습을 빠르게 하고, 드문 단어의 맥락을 넓힙니다
    (word2vec C 구현과 gensim의 ``sample``과 같은 식). t가 작을수록 더 많이 버립니다.

    corpus : (T,) int → (T',) int, 남은 단어들 (순서 유지)
    rng : 시드, ``np.random.Generator`` 또는 None
    """
    from .sampling import as_rng

    corpus = as_index_array("corpus", corpus, ndim=1)
    if not (isinstance(t, (int, float)) and t > 0):
        raise ValueError(f"t: 양수여야 합니다 (받은 값: {t!r}).")
    if len(corpus) == 0:
        return corpus.copy()
    keep_p = subsample_keep_prob(np.bincount(corpus) / len(corpus), t)
    return corpus[as_rng(rng).random(len(corpus)) < keep_p[corpus]]


def subsample_keep_prob(freq, t: float = 1e-3) -> np.ndarray:
    """상대 빈도 ``freq`` (V,) float에서 단어마다 남길 확률 min(1, (√(f/t) + 1)·t/f) (V,) float64.

    :func:`subsample`이 쓰는 식입니다. 빈도가 0인 단어는 1 (버릴 일이 없음)."""
    freq = np.asarray(freq, dtype=np.float64)
    return np.minimum(1.0, (np.sqrt(freq / t) + 1) * t / np.maximum(freq, 1e-300))
