"""4.4절: 문장 벡터(단어 벡터의 평균)와 최근접 중심 분류기로 잰 외재적 평가.

문장은 단어 ID 배열 (길이,) int의 목록입니다. 특징 행렬 X는 행이 문장인 (n, D) 밀집 배열 또는 scipy 희소 행렬,
레이블은 (n,) bool입니다.
"""
from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
from scipy import sparse

from ..evaluation import normalize


def sentence_vectors(word_vecs: np.ndarray, sentences: Sequence[np.ndarray]) -> np.ndarray:
    """문장마다 단어 벡터의 평균: word_vecs (V, H), 문장 n 개 → (n, H)."""
    return np.stack([word_vecs[s].mean(axis=0) for s in sentences])


def bag_of_words(sentences: Sequence[np.ndarray], vocab_size: int) -> sparse.csr_matrix:
    """단어 주머니 (n, V) 희소 행렬: 칸 (문장, 단어)에 출현 횟수 (중복은 더해짐)."""
    rows, cols = zip(*[(r, c) for r, s in enumerate(sentences) for c in s])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), vocab_size))


def unit_rows(X):
    """행을 단위 길이로 (밀집 배열 또는 scipy 희소 행렬)."""
    if sparse.issparse(X):
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
        return sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ X
    return normalize(X)


def nearest_centroid_accuracy(X, labels: np.ndarray, train: np.ndarray, test: np.ndarray) -> float:
    """X: 행이 단위 길이인 특징. 부류별 중심과의 코사인이 큰 쪽으로 분류한 시험 정확도."""
    centroids = np.stack([np.asarray(X[train[labels[train] == k]].mean(axis=0)).ravel() for k in (False, True)])
    scores = np.asarray(X[test] @ normalize(centroids).T)
    return float(np.mean((scores[:, 1] > scores[:, 0]) == labels[test]))


def splits(labels: np.ndarray, n_train: int, n_splits: int = 20, n_test: int = 500) -> Iterator[tuple]:
    """시드 100+k로 섞어 앞의 n_test 개는 시험용, 나머지에서 부류마다 n_train/2개씩 학습용: (train, test)."""
    for k in range(n_splits):
        order = np.random.default_rng(100 + k).permutation(len(labels))
        test, rest = order[:n_test], order[n_test:]
        train = np.concatenate([rest[labels[rest]][:n_train // 2], rest[~labels[rest]][:n_train // 2]])
        yield train, test


def accuracies(X, labels: np.ndarray, n_train: int) -> np.ndarray:
    """분할 20번의 시험 정확도 (20,) float."""
    return np.array([nearest_centroid_accuracy(X, labels, tr, te) for tr, te in splits(labels, n_train)])


def sentence_accuracy(word_vecs: np.ndarray, sentences: Sequence[np.ndarray], labels: np.ndarray,
                      n_train: int = 1000) -> float:
    """단어 벡터 → 문장 분류 정확도 (분할 20번의 평균)."""
    return float(accuracies(unit_rows(sentence_vectors(word_vecs, sentences)), labels, n_train).mean())


def plot_learning_curve(curve: dict, train_sizes: Sequence[int], ax=None):
    """{표현 이름: (len(train_sizes), 분할) 정확도} → 평균 ± 표준편차 그림 (찍기 50% 점선). ``ax``를 돌려줍니다."""
    import matplotlib.pyplot as plt

    from .figures import style_axes

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for (name, acc), marker in zip(curve.items(), "osd^"):
        ax.errorbar(train_sizes, acc.mean(axis=1) * 100, yerr=acc.std(axis=1) * 100, marker=marker, capsize=3,
                    label=name)
    ax.axhline(50, color="gray", ls="--", lw=1, label="찍기 (50%)")
    ax.set_xscale("log")
    ax.set_xticks(train_sizes, [f"{n:,}" for n in train_sizes])
    return style_axes(ax, xlabel="레이블 있는 학습 문장 수 (로그 눈금)", ylabel="시험 정확도 (%)", legend=True,
                      title="증권 시장 문장 분류: 최근접 중심 분류기, 분할 20번의 평균 ± 표준편차")
