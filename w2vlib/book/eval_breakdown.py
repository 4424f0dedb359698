"""4.4절: 평가 점수를 나눠 보기 — 단어 쌍 데이터 읽기, 유추 문제를 묶음별로 채점하기, PCA 투영."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

from ..evaluation import evaluate_analogies, gensim_test_data, normalize


def pair_list(name: str) -> list[tuple[str, str, float]]:
    """gensim 테스트 데이터의 단어 쌍 파일 → [(단어1, 단어2, 사람의 점수)] (소문자, 주석 줄 제외, 파일의 모든 줄)."""
    out = []
    for line in gensim_test_data(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, score = line.split("\t")[:3]
            out.append((a.lower(), b.lower(), float(score)))
    return out


def read_pairs(name: str) -> dict[tuple[str, str], float]:
    """{(단어1, 단어2): 사람의 점수} (같은 쌍이 두 번 나오면 뒤의 점수)."""
    return {(a, b): score for a, b, score in pair_list(name)}


def analogy_by_group(word_vecs: np.ndarray, word_to_id: dict, groups: dict) -> dict:
    """groups: {이름: [(절, a, b, c, d), ...]} → {이름: evaluate_analogies 결과}. 그룹마다 임시 파일로 채점합니다."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, qs in groups.items():
            path = Path(tmp) / "questions.txt"
            path.write_text("".join(f": {s}\n{a} {b} {c} {d}\n" for s, a, b, c, d in qs), encoding="utf-8")
            out[name] = evaluate_analogies(word_vecs, word_to_id, path=path)
    return out


def pca(X: np.ndarray, n: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """행을 단위 길이로 만들고 가운데로 옮긴 뒤의 주성분 좌표 (행 수, n)와 주성분별 설명 분산 비율 (min(행, 열),)."""
    X = normalize(X).astype(np.float64)
    X -= X.mean(axis=0)
    _, sing, Vt = np.linalg.svd(X, full_matrices=False)
    return X @ Vt[:n].T, sing ** 2 / np.sum(sing ** 2)


def plot_groups(ax, P: np.ndarray, words: Sequence[str], groups: dict, a: int, b: int, explained: np.ndarray):
    """주성분 a, b 평면에 묶음마다 다른 색으로 단어를 찍고 이름표를 답니다 (``words``는 묶음 순서대로)."""
    import matplotlib.pyplot as plt

    from .figures import style_axes
    from .plotting import label_points

    colors = []
    for (group, ws), color in zip(groups.items(), plt.cm.tab10.colors):
        pts = P[len(colors):len(colors) + len(ws)]
        colors += [color] * len(ws)
        ax.scatter(pts[:, a], pts[:, b], color=color, label=group, s=25)
    label_points(ax, P[:, a], P[:, b], words, colors=colors, fontsize=8)   # 겹치는 이름표는 옆으로 옮김
    return style_axes(ax, xlabel=f"주성분 {a + 1} (분산의 {explained[a]:.0%})", grid="major",
                      ylabel=f"주성분 {b + 1} (분산의 {explained[b]:.0%})",
                      title=f"단어 벡터의 PCA 투영: 주성분 {a + 1}·{b + 1}")
