"""부록 A: 허프만 트리를 표와 그림으로 봅니다 (합치는 순서의 표, 트리 그림, PTB 부호 길이 그림).

트리는 :class:`w2vlib.hierarchical_softmax.HuffmanTree`입니다. 잎(단어)과 내부 노드는 ``("잎", 단어 ID)``,
``("내부", 노드 번호)`` 쌍으로 가리킵니다. 내부 노드 k는 k 번째로 합쳐진 노드이며, 루트는 V−2입니다.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .figures import stacked_panels, style_axes
from .tables import markdown_table


def tree_children(tree) -> list[list[tuple[str, int]]]:
    """내부 노드 k (0..V−2)의 두 자식 [부호 0쪽, 부호 1쪽]. 자식은 ("잎", 단어 ID) 또는 ("내부", 노드 번호)."""
    children = [[None, None] for _ in range(tree.vocab_size - 1)]
    for w in range(tree.vocab_size):
        nodes, bits = tree.points[w], tree.codes[w]
        for j, (k, bit) in enumerate(zip(nodes, bits)):
            last = j + 1 == len(nodes)
            children[k][bit] = ("잎", w) if last else ("내부", int(nodes[j + 1]))
    return children


def node_counts(tree, counts: np.ndarray, children=None) -> np.ndarray:
    """내부 노드의 빈도 (V−1,) int64 = 두 자식의 빈도 합. 자식은 늘 먼저 만들어진 노드입니다."""
    children = tree_children(tree) if children is None else children
    inner = np.zeros(tree.vocab_size - 1, dtype=np.int64)
    for k, pair in enumerate(children):
        inner[k] = sum(counts[i] if kind == "잎" else inner[i] for kind, i in pair)
    return inner


def merge_table(tree, counts: np.ndarray, words: Sequence[str]):
    """허프만 구성의 단계마다 합친 두 노드, 새 노드, 합친 뒤 남은 노드(꺼낼 순서)의 마크다운 표
    (:func:`w2vlib.book.tables.markdown_table`)."""
    children = tree_children(tree)
    inner = node_counts(tree, counts, children)
    parent = {node: k for k, pair in enumerate(children) for node in pair}   # 노드 → 부모 내부 노드 번호

    def name(kind, i):
        return words[i] if kind == "잎" else f"n{i}"

    def count(kind, i):
        return counts[i] if kind == "잎" else inner[i]

    rows = []
    for k, pair in enumerate(children):
        # 지금까지 만들어졌고 아직 부모가 없는(부모가 k보다 뒤에 만들어질) 노드
        alive = [("잎", w) for w in range(tree.vocab_size)] + [("내부", j) for j in range(k + 1)]
        alive = [n for n in alive if parent.get(n, np.inf) > k]
        order = sorted(alive, key=lambda n: (count(*n), n[1] + (n[0] == "내부") * tree.vocab_size))
        left, right = (f"{name(*n)} ({count(*n)})" for n in pair)
        rows.append((k + 1, left, right, f"n{k} ({inner[k]})", ", ".join(f"{name(*n)} ({count(*n)})" for n in order)))
    return markdown_table(["단계", "부호 0쪽", "부호 1쪽", "새 노드", "합친 뒤 남은 노드 (꺼낼 순서)"], rows, align="rllll")


def _positions(tree, children) -> dict:
    """노드 → (x, y): 잎은 왼쪽부터 차례로, 내부 노드는 두 자식의 가운데, y = −깊이."""
    pos, next_x = {}, [0]

    def place(node, depth):
        kind, i = node
        if kind == "잎":
            pos[node] = (next_x[0], -depth)
            next_x[0] += 1
            return
        for child in children[i]:
            place(child, depth + 1)
        pos[node] = (sum(pos[c][0] for c in children[i]) / 2, -depth)

    place(("내부", tree.vocab_size - 2), 0)
    return pos


def draw_huffman_tree(tree, counts: np.ndarray, words: Sequence[str], ax, title: str | None = None) -> None:
    """작은 허프만 트리를 ``ax``에 그립니다: 내부 노드(번호, 빈도), 가지의 부호(파란 0, 빨간 1), 잎(단어, 빈도, 부호)."""
    children = tree_children(tree)
    inner = node_counts(tree, counts, children)
    pos = _positions(tree, children)
    for k, pair in enumerate(children):
        x0, y0 = pos[("내부", k)]
        for bit, child in enumerate(pair):
            x1, y1 = pos[child]
            ax.plot([x0, x1], [y0, y1], color="0.55", lw=1.2, zorder=1)
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, str(bit), ha="center", va="center", fontsize=10,
                    color="tab:red" if bit else "tab:blue", bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec="none"))
    for k in range(tree.vocab_size - 1):
        x, y = pos[("내부", k)]
        ax.text(x, y, f"n{k}\n{inner[k]}", ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="circle,pad=0.3", fc="#e8eef8", ec="tab:blue"), zorder=2)
    for w in range(tree.vocab_size):
        x, y = pos[("잎", w)]
        code = "".join(map(str, tree.codes[w]))
        ax.text(x, y, f"{words[w]}\n빈도 {counts[w]}\n부호 {code}", ha="center", va="top", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.3", fc="#fff4e0", ec="tab:orange"), zorder=2)
    ax.set_xlim(-0.7, tree.vocab_size - 0.3)
    ax.set_ylim(-int(tree.lengths.max()) - 0.9, 0.5)
    ax.axis("off")
    if title:
        ax.set_title(title)


def plot_code_lengths(tree, counts: np.ndarray, words: Sequence[str] | dict, annotate_ranks=(1, 5, 30, 300, 3_000, 10_000)):
    """PTB 크기 트리의 부호 길이: 위는 빈도 순위별 길이와 −log₂ p(w), 아래는 길이의 분포(어휘 기준·토큰 기준).

    counts : (V,) int, 단어마다 빈도 (모두 > 0). ``fig``를 돌려줍니다."""
    V = len(counts)
    p = counts / counts.sum()
    order = np.argsort(-counts, kind="stable")          # 빈도 순위 → 단어 ID
    rank_of = np.empty(V, dtype=np.int64)
    rank_of[order] = np.arange(1, V + 1)
    log2V, expected = np.log2(V), tree.expected_length(p)
    fig, (ax1, ax2) = stacked_panels(2, height=3.6)
    ax1.scatter(rank_of, tree.lengths, s=2, color="tab:blue", label="허프만 부호 길이")
    ax1.plot(np.arange(1, V + 1), -np.log2(p[order]), color="tab:orange", lw=1.5, label="−log₂ p(w)")
    ax1.axhline(log2V, color="tab:green", ls="--", label=f"log₂ V = {log2V:.1f}")
    for r in annotate_ranks:
        w = order[r - 1]
        ax1.annotate(f"{words[w]} ({tree.lengths[w]})", (r, tree.lengths[w]), xytext=(-18, 14),
                     textcoords="offset points", fontsize=8, arrowprops=dict(arrowstyle="-", color="0.4", lw=0.8))
    style_axes(ax1, logx=True, xlabel="빈도 순위 (로그 눈금)", ylabel="부호 길이 (비트)", title="단어별 부호 길이", grid=None)
    ax1.legend(loc="lower right", fontsize=8)
    bins = np.arange(tree.lengths.min(), tree.lengths.max() + 1)
    by_type = np.array([np.mean(tree.lengths == b) for b in bins]) * 100
    by_token = np.array([p[tree.lengths == b].sum() for b in bins]) * 100
    ax2.bar(bins - 0.2, by_type, width=0.4, label="어휘 기준 (단어 종류의 %)")
    ax2.bar(bins + 0.2, by_token, width=0.4, label="토큰 기준 (말뭉치 토큰의 %)")
    ax2.axvline(expected, color="tab:red", ls=":", label=f"토큰 평균 {expected:.2f}")
    ax2.axvline(log2V, color="tab:green", ls="--", label=f"log₂ V = {log2V:.1f}")
    ax2.set_xticks(bins[::2])
    ax2.set_ylim(0, 1.45 * max(by_type.max(), by_token.max()))
    style_axes(ax2, xlabel="부호 길이 (비트)", ylabel="비율 (%)", title="부호 길이의 분포", grid=None)
    ax2.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
