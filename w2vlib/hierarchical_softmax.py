"""계층적 소프트맥스: 허프만 트리와, 그 위의 벡터화된 손실 계층.

어휘 V 개를 이진 트리의 잎에 두면, 단어 w의 확률은 뿌리에서 w까지 내려가는 길의 이진 분류들의 곱입니다:

    P(w | h) = Π_j σ((1 − 2·code_j) · W_out[node_j] · h)

code_j는 j 번째 갈림길에서 간 방향(0 = 왼쪽, 1 = 오른쪽), node_j는 그 갈림길(내부 노드)의 번호입니다.
내부 노드는 V − 1개이고, 각 노드가 벡터 하나(W_out의 행)를 갖습니다. 허프만 트리는 자주 나오는 단어에
짧은 길을 주므로, 단어 하나의 평균 계산량이 log₂V가 아니라 유니그램 분포의 엔트로피 근처가 됩니다.
"""
from __future__ import annotations

import functools
import heapq

import numpy as np

from ._checks import as_float_array, as_index_array, nonempty_batch, require_forward, same_length
from .layers import DhBlocks, _sigmoid_loss_and_grad, check_reduction, ignore_spurious_blas_invalid
from .scatter import SparseRowGrad, repeat_rows, segment_sum, sparse_index_dtype


class HuffmanTree:
    """단어 빈도로 만든 허프만 트리 (word2vec의 ``CreateBinaryTree``와 같은 역할, 힙으로 구성).

    가장 작은 두 노드를 합칠 때 동점이면 먼저 만들어진 노드(잎은 단어 ID 순, 내부 노드는 생성 순)를
    먼저 꺼내므로 결과가 결정적입니다. 합친 두 노드 가운데 작은 쪽이 부호 0, 다른 쪽이 1입니다.

    Parameters
    ----------
    counts : (V,) int, 단어별 빈도 (V ≥ 2, 음수 불가)

    Attributes
    ----------
    codes : list[np.ndarray] — 단어마다 뿌리→잎 방향의 부호 (uint8)
    points : list[np.ndarray] — 단어마다 뿌리→잎 방향으로 지나는 내부 노드 번호 (0..V−2, 뿌리 = V−2)
    lengths : (V,) int64, 부호 길이
    offsets : (V+1,) int64, ``flat_nodes``/``flat_codes``에서 단어 w의 구간은 offsets[w]:offsets[w+1]
    flat_nodes, flat_codes : 모든 단어의 길을 이어 붙인 1차원 배열
    node_matrix, code_matrix : (V, L_max), 단어 w의 행 앞쪽 lengths[w] 칸이 그 길 (나머지는 0). node_matrix는 희소
        행렬의 열 번호와 같은 int32 (V < 2³¹; 학습이 그대로 기울기의 희소 행렬에 씀), code_matrix는 uint8
    """

    def __init__(self, counts):
        counts = as_index_array("counts", counts, ndim=1, what="빈도")
        V = len(counts)
        if V < 2:
            raise ValueError(f"counts: 단어가 2개 이상 있어야 트리를 만들 수 있습니다 (받은 수: {V}).")
        self.vocab_size = V
        heap = [(int(c), w, w) for w, c in enumerate(counts)]          # (빈도, 순서, 노드); 잎 노드 = 단어 ID
        heapq.heapify(heap)
        parent = np.empty(2 * V - 1, dtype=np.int64)                    # 노드 번호: 잎 0..V−1, 내부 V..2V−2
        bit = np.zeros(2 * V - 1, dtype=np.uint8)
        for k in range(V - 1):
            c1, _, n1 = heapq.heappop(heap)
            c2, _, n2 = heapq.heappop(heap)
            node = V + k
            parent[n1], parent[n2] = node, node
            bit[n2] = 1
            heapq.heappush(heap, (c1 + c2, V + k, node))
        root = 2 * V - 2
        # 모든 잎에서 동시에 뿌리까지 올라가며 (잎 → 뿌리 순서로) 부호와 지나는 내부 노드를 모읍니다 (깊이만큼 반복).
        steps_nodes, steps_codes = [], []
        current = np.arange(V)
        alive = np.ones(V, dtype=bool)                                  # 아직 뿌리에 닿지 않은 잎
        lengths = np.zeros(V, dtype=np.int64)
        while alive.any():
            steps_codes.append(np.where(alive, bit[current], 0))
            current = np.where(alive, parent[current], root)
            steps_nodes.append(current - V)                             # 내부 노드 번호 0..V−2
            lengths += alive
            alive = current != root
        up_nodes = np.stack(steps_nodes, axis=1)                        # (V, L_max), 잎 → 뿌리, 뒤는 채움
        up_codes = np.stack(steps_codes, axis=1).astype(np.uint8)
        # 뿌리 → 잎 방향으로 뒤집어 (V, L_max) 표의 앞쪽 lengths[w] 칸에 놓습니다.
        width = int(lengths.max())
        col = lengths[:, None] - 1 - np.arange(width)[None, :]          # 뿌리 쪽 j 번째 = 잎 쪽 L−1−j 번째
        inside = col >= 0
        col = np.maximum(col, 0)
        self.lengths = lengths
        self.node_matrix = np.where(inside, np.take_along_axis(up_nodes, col, axis=1), 0).astype(sparse_index_dtype(V))
        self.code_matrix = np.where(inside, np.take_along_axis(up_codes, col, axis=1), 0).astype(np.uint8)
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)])
        self.flat_nodes = self.node_matrix[inside]                      # 행 우선: 단어 순서, 그 안에서 뿌리 → 잎
        self.flat_codes = self.code_matrix[inside]

    # 단어마다의 배열 목록은 처음 읽을 때 만듭니다: 배열 1만 개를 만드는 np.split이 트리 구성 시간의 약 3분의 2라,
    # 이 목록을 쓰지 않는 학습(:meth:`paths`)은 그 시간을 아낍니다.
    @functools.cached_property
    def points(self) -> list[np.ndarray]:
        """단어마다 뿌리→잎 방향으로 지나는 내부 노드 번호 (``flat_nodes``의 구간들)."""
        return np.split(self.flat_nodes, self.offsets[1:-1])

    @functools.cached_property
    def codes(self) -> list[np.ndarray]:
        """단어마다 뿌리→잎 방향의 부호 (uint8, ``flat_codes``의 구간들)."""
        return np.split(self.flat_codes, self.offsets[1:-1])

    def expected_length(self, p: np.ndarray) -> float:
        """분포 p (V,)에서 단어 하나당 평균 부호 길이 Σ p(w)·len(w) (= 평균 이진 분류 횟수)."""
        return float(np.dot(p, self.lengths))

    def paths(self, words: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """단어 (N,)의 길을 한 번에 펼칩니다 (파이썬 루프 없음).

        Returns
        -------
        example : (M,) int64, 각 (예시, 노드) 쌍이 속한 예시 번호 (오름차순), M = Σ lengths[words]
        nodes : (M,) int64, 내부 노드 번호
        codes : (M,) uint8, 그 갈림길의 부호

        범위 밖(음수 포함)의 단어 ID나 정수가 아닌 배열은 ``words``를 밝힌 한국어 오류입니다.
        """
        words = as_index_array("words", words, upper=self.vocab_size, ndim=1)
        lengths = self.lengths[words]
        example = np.repeat(np.arange(len(words)), lengths)
        starts = np.cumsum(lengths) - lengths
        flat = self.offsets[words][example] + (np.arange(len(example)) - starts[example])
        return example, self.flat_nodes[flat], self.flat_codes[flat]


class HierarchicalSoftmaxLoss:
    """계층적 소프트맥스 손실 계층. :class:`~w2vlib.negative_sampling.NegativeSamplingLoss`와 같은 규약이라
    CBOW/SkipGram에서 ``loss='hs'``로 바꿔 끼울 수 있습니다.

    Parameters
    ----------
    W : (R, H) float, 내부 노드 벡터 (R ≥ V − 1; 모델은 (V, H)를 넘기고 앞의 V − 1행을 씁니다)
    counts : (V,) int, 허프만 트리를 만들 단어 빈도
    sparse : True이면 ``grads[0]``이 SparseRowGrad
    reduction : 'mean'(기본) 또는 'sum' (:class:`~w2vlib.negative_sampling.NegativeSamplingLoss`와 같음)

    forward(h, target) : h (N, H) float, target (N,) int → 손실 (float) = Σ_예시 (−log P(target | h)) / N
        ('sum'이면 나누지 않음). 빈 배치(N = 0)는 ValueError입니다 (손실이 배치 평균이라 정의되지 않음).
    backward(dout=1) : → dh (N, H)
    """

    CHUNK_PAIRS = 8192
    """순전파에서 한 번에 gather 하는 (예시, 노드) 쌍의 수: (8192, H=100) float32 = 3.3 MB가 캐시에 머무는 크기."""

    SHARED_RUN = 16
    """배치에 이만큼 이상 나온 타깃은 길을 한 번만 모아 행렬 곱으로 계산합니다 (:meth:`_forward_shared_paths`).
    PTB의 배치 32,000에서 이런 타깃은 약 220개입니다 (예시의 63%, 쌍의 46%). 이 기계에서 PTB CBOW-HS 순전파가
    약 5% 짧아졌고, 8·32·64·128 사이의 차이는 재는 흔들림 안이었습니다 (2026-12-06)."""

    def __init__(self, W: np.ndarray, counts, sparse: bool = False, *, reduction: str = "mean"):
        W = as_float_array("W", W, ndim=2, weights=True)
        self.reduction = check_reduction(reduction)
        self.sparse = bool(sparse)
        self.tree = HuffmanTree(counts)
        if len(W) < self.tree.vocab_size - 1:
            raise ValueError(f"W: 행이 내부 노드 수 V−1 = {self.tree.vocab_size - 1}개 이상이어야 합니다 "
                             f"(받은 shape: {W.shape}).")
        self.params = [W]
        self.grads = [SparseRowGrad(W.shape) if sparse else np.zeros_like(W)]
        self.cache = None
        self._shared = None                      # _forward_shared의 indptr (쌍의 dh를 예시마다 더할 때)

    def forward(self, h: np.ndarray, target) -> float:
        W, = self.params
        h = as_float_array("h", h, ndim=2, shape=(None, W.shape[1]), finite=False)
        target = as_index_array("target", target, upper=self.tree.vocab_size, ndim=1)
        same_length("h", h, "target", target)
        nonempty_batch("target", len(target))
        return self._forward(h, target)

    def example_order(self, target: np.ndarray) -> np.ndarray:
        """이 계층이 예시를 처리하는 순서 (N,) (0..N−1의 순열). 모델이 은닉층을 이 순서로 만들어 ``presorted=True``로
        넘기면, 순전파가 h를 정렬하고 역전파가 dh를 되돌리는 두 번의 (N, H) 복사가 없어집니다 (CBOW: 맥락 배열의 행만
        같은 순서로 바꾸면 됨)."""
        return self._sort_order(target)[0]

    streams_dh = True
    """``_forward``가 ``dh_sink``를 받는지 (:attr:`NegativeSamplingLoss.streams_dh`와 같은 이름): 이 계층은 늘 받습니다
    (``presorted=True``일 때)."""

    @ignore_spurious_blas_invalid
    def _forward(self, h: np.ndarray, target: np.ndarray, *, overwrite_h: bool = False, presorted: bool = False,
                 dh_sink=None) -> float:
        """검사 없는 순전파: 입력을 이미 검사한 호출자(:mod:`w2vlib.models`)가 씁니다.

        overwrite_h : True이면 h (N, H)를 이 계층의 작업 공간으로 씁니다: 순전파가 h의 행을 정렬하고, 역전파가 그
            자리에 dh를 씁니다 (scipy의 ``overwrite_a``와 같은 약속). 모델이 만든 뒤 다시 쓰지 않는 은닉층을 넘길 때만
            씁니다. 정렬한 사본을 따로 만들지 않아 학습 중 (N, H) 배열이 하나 줄어듭니다 (PTB의 배치 32,000에서 12.8 MB).
        presorted : True이면 예시가 이미 :meth:`example_order`의 순서라서 정렬하지 않고, :meth:`backward`의 dh도 받은
            순서 그대로입니다 (h를 바꾸지 않음). 순서가 다르면 결과는 같고 블록이 잘게 나뉘어 느려질 뿐입니다.
        dh_sink : :meth:`NegativeSamplingLoss._forward`와 같은 약속 (``presorted=True``일 때만): dh (N, H)를 두지 않고
            조각(또는 타깃이 같은 예시의 구간)을 계산할 때마다 ``dh_sink(start, dh_block)``을 부르며, :meth:`backward`는
            W의 기울기만 채우고 None을 돌려줍니다. 예시 순서대로 부릅니다.
        """
        if dh_sink is not None and not presorted:
            raise ValueError("dh_sink: presorted=True일 때만 쓸 수 있습니다 (dh_block의 start는 받은 예시 순서의 번호).")
        W, = self.params
        n = len(target)
        # 부호 길이가 같은 예시끼리 모으면 길 전체가 (n_L, L) 직사각형 블록이 되어, 채우기(padding) 없이
        # 행렬 곱으로 점수를 구할 수 있습니다. 길이의 종류는 20개 안팎이라 블록 루프는 짧습니다.
        # 길이 블록 안에서는 배치에 SHARED_RUN 번 이상 나온 타깃의 예시를 뒤에, 타깃 순서로 모읍니다 (공유 구간).
        # 타깃이 같으면 길(노드 L 개)도 같으므로, 그 구간은 노드 벡터 (L, H)를 한 번만 모아 행렬 곱 두 번
        # (점수 = h · W_pathᵀ, dh = g · W_path)으로 계산합니다 (예시마다 같은 행을 다시 모으지 않음).
        # 나머지 예시는 (예시, 노드) 쌍 CHUNK_PAIRS 개씩 gather → 점수 → 손실·(σ − t) → dh를 한꺼번에 계산해
        # (c, L, H) 임시 배열이 캐시에 머물게 합니다. 역전파는 dout에 선형이라 dout = 1의 값을 저장해 둡니다.
        if presorted:
            order, keys, h_sorted, t_sorted = None, self._keys(target), h, target
        else:
            order, keys = self._sort_order(target)
            # order는 0..N−1의 순열 (np.take가 h[order]보다 빠름). 임시 사본은 제자리 정렬이 끝나면 곧 사라집니다.
            h_sorted = np.take(h, order, axis=0, mode="clip")
            if overwrite_h:
                h[...] = h_sorted
                h_sorted = h
            t_sorted = target[order]
        l_sorted = self.tree.lengths[t_sorted]
        edges = np.flatnonzero(np.diff(keys)) + 1
        dtype = np.result_type(W.dtype, h.dtype)
        scale = 1.0 / n if self.reduction == "mean" else 1.0
        dh_rows, dh_done = DhBlocks.writer(dh_sink, n, h_sorted.shape[1], dtype)  # dh 자리: 배치 전체, 또는 넘길 조각
        # 모든 (예시, 노드) 쌍의 노드 번호와 dscore를 정렬된 예시 순서로 이어 놓을 자리: 길이 블록은 그 안의 뷰라서
        # 블록마다의 배열과 이어 붙인 사본이 함께 메모리에 있지 않습니다 (역전파의 희소 행렬이 그대로 씀).
        all_nodes = np.empty(int(l_sorted.sum()), dtype=self.tree.node_matrix.dtype)
        all_dscores = np.empty(len(all_nodes), dtype=dtype)
        blocks = [(int(a), int(b), int(l_sorted[a]), bool(keys[a] & 1)) for a, b in zip(np.r_[0, edges], np.r_[edges, n])]
        # 조각의 예시 수 (길이 L인 블록은 CHUNK_PAIRS // L 개씩)와, 조각마다 다시 쓰는 gather 자리 (가장 큰 조각의 쌍 수 × H)
        rows = {L: max(1, self.CHUNK_PAIRS // L) for _, _, L, _ in blocks}
        largest = [(min(b - a, rows[L]), L) for a, b, L, shared in blocks if not shared]
        buffer = np.empty(max((c * L for c, L in largest), default=0) * W.shape[1], dtype=W.dtype)
        # 블록을 예시 순서대로 처리합니다 (dh_sink를 예시 순서로 부름). 손실은 예전처럼 공유 구간의 것을 먼저 더합니다
        # (같은 덧셈 순서: 손실 값이 비트 단위로 같음).
        shared_losses, chunk_losses = [], []
        offset = 0
        for a, b, L, shared in blocks:
            size = (b - a) * L
            nodes = np.take(self.tree.node_matrix[:, :L], t_sorted[a:b], axis=0,
                            out=all_nodes[offset:offset + size].reshape(b - a, L))          # (n_L, L)
            label = (1 - self.tree.code_matrix[t_sorted[a:b], :L]).astype(dtype)  # 부호 0 → 레이블 1
            dscore = all_dscores[offset:offset + size].reshape(b - a, L)
            offset += size
            if shared:                                                      # 흔한 타깃의 공유 구간
                shared_losses.append(self._forward_shared_paths(
                    W, h_sorted[a:b], t_sorted[a:b], nodes, label, scale, dscore,
                    lambda s, e, a=a: dh_rows(a + s, a + e)))
                continue
            for s in range(0, b - a, rows[L]):
                e = min(b - a, s + rows[L])
                chunk = nodes[s:e]                                          # (c, L), 0..V−2 (트리의 노드)
                node_vecs = np.take(W, chunk, axis=0, mode="clip",
                                    out=buffer[:chunk.size * W.shape[1]].reshape(*chunk.shape, W.shape[1]))  # (c, L, H)
                score = np.matmul(node_vecs, h_sorted[a + s:a + e, :, None])[:, :, 0]   # (c, L)
                loss, g = _sigmoid_loss_and_grad(score, label[s:e])
                chunk_losses.append(loss)
                np.multiply(g, scale, out=dscore[s:e])                          # dout = 1의 기울기 (평균이면 1/N)
                np.matmul(dscore[s:e, None, :], node_vecs, out=dh_rows(a + s, a + e)[:, None, :])   # Σ_j g_j·W_j
        losses = shared_losses + chunk_losses
        self._shared = None
        dh_sorted = dh_done()                                       # dh_sink로 넘겼으면 None
        self.cache = (order, h_sorted, l_sorted, all_nodes, all_dscores, dh_sorted, n, overwrite_h)
        return sum(losses) * scale

    def _sort_order(self, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """예시의 순서와 그 순서의 열쇠 (N,) uint8 = 2·부호 길이 + (공유 구간이면 1).

        부호 길이 순으로, 같은 길이 안에서는 공유 구간(배치에 :attr:`SHARED_RUN` 번 이상 나온 타깃)을 뒤에, 그 안은
        타깃 순으로 놓습니다. 안정 정렬 두 번(타깃, 열쇠)이라 작은 정수 dtype에서는 기수 정렬입니다. 부호 길이는
        127을 넘지 못하므로(가장 깊은 허프만 트리는 빈도가 피보나치 수열일 때이고, 빈도(int64)의 합이 2⁶³ 아래이면
        깊이가 91 안팎에서 멈춤) 열쇠는 uint8에 들어갑니다."""
        V = self.tree.vocab_size
        by_target = np.argsort(target.astype(np.uint16 if V <= 1 << 16 else np.int64), kind="stable")
        keys = self._keys(target)[by_target]
        by_key = np.argsort(keys, kind="stable")
        return by_target[by_key], keys[by_key]

    def _keys(self, target: np.ndarray) -> np.ndarray:
        """예시마다의 정렬 열쇠 (N,) uint8 = 2·부호 길이 + (타깃이 배치에 :attr:`SHARED_RUN` 번 이상 나왔으면 1)."""
        shared = np.bincount(target, minlength=self.tree.vocab_size)[target] >= self.SHARED_RUN
        return (2 * self.tree.lengths[target] + shared).astype(np.uint8)

    @staticmethod
    def _forward_shared_paths(W, h, t, nodes, label, scale, dscore, dh_rows) -> float:
        """타깃 순으로 놓인 공유 구간 (n_s 개, 부호 길이 L 같음)의 손실을 돌려주고 dscore·dh를 채웁니다.

        h (n_s, H), t (n_s,), nodes·label·dscore (n_s, L), dh_rows(s, e) : 구간의 예시 s..e−1의 dh를 쓸 (e−s, H) 자리
        (:meth:`~w2vlib.layers.DhBlocks.writer`). 타깃이 같은 예시들(연속 구간)은 길 (L,)이 같으므로
        노드 벡터 W_path (L, H)를 한 번 모아 점수 h · W_pathᵀ와 dh = dscore · W_path를 행렬 곱으로 구합니다.
        손실·(σ − t)는 구간 전체에 한 번 계산합니다."""
        starts = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
        bounds = np.r_[starts, len(t)]
        paths = [np.take(W, nodes[s], axis=0) for s in starts]                 # 타깃마다 (L, H)
        score = np.empty(nodes.shape, dtype=dscore.dtype)
        for s, e, W_path in zip(bounds[:-1], bounds[1:], paths):
            np.matmul(h[s:e], W_path.T, out=score[s:e])
        loss, g = _sigmoid_loss_and_grad(score, label)
        np.multiply(g, scale, out=dscore)
        for s, e, W_path in zip(bounds[:-1], bounds[1:], paths):
            np.matmul(dscore[s:e], W_path, out=dh_rows(s, e))
        return loss

    def _forward_shared(self, h: np.ndarray, positive: np.ndarray, indptr: np.ndarray) -> float:
        """예시 n의 은닉 벡터 h[n]을 정답 positive[indptr[n]:indptr[n+1]]이 함께 쓰는 순전파 (skip-gram).
        :meth:`NegativeSamplingLoss._forward_shared`와 같은 약속: 손실은 쌍 M 개의 것, :meth:`backward`는 (N, H)."""
        loss = self._forward(repeat_rows(h, indptr), positive, overwrite_h=True)      # 펼친 사본은 작업 공간
        self._shared = indptr
        return loss

    def backward(self, dout: float = 1) -> np.ndarray:
        require_forward(self, self.cache is not None)
        order, h_sorted, l_sorted, nodes, dscore, dh_sorted, n, overwrite_h = self.cache   # dout = 1일 때 (reduction 반영)
        scale = float(dout)
        if scale != 1.0:
            dscore = dscore * scale
        dW = self.grads[0]
        if self.sparse:                                              # 정렬된 예시 n의 쌍은 l_sorted[n] 개씩 차례로
            dW.set_from_segments(nodes, dscore, l_sorted, h_sorted)
        else:
            dW[...] = 0
            np.add.at(dW, nodes, dscore[:, None] * np.repeat(h_sorted, l_sorted, axis=0))
        if order is None:                                            # presorted: 받은 순서 그대로
            # dh_sink로 넘겼으면 dh가 없음 (None)
            dh = dh_sorted if scale == 1.0 or dh_sorted is None else dh_sorted * scale
            if overwrite_h:          # 작업 공간으로 받은 h는 기울기를 다 구했으니 놓습니다 (호출자가 dh로 W_in의 기울기를
                self.cache = None    # 구하는 동안 (N, H) 배열이 하나). 같은 배치의 역전파를 다시 부르면 RuntimeError.
        else:
            inverse = np.empty_like(order)
            inverse[order] = np.arange(n)                            # 정렬 전 순서로 되돌리는 순열
            # 작업 공간으로 받은 h: 기울기를 다 구했으니 그 자리에 dh를 씁니다. 그 뒤로는 h가 없으므로 같은 배치의
            # 역전파를 다시 부르면 RuntimeError입니다 (모델은 배치마다 한 번 부름).
            dh = np.take(dh_sorted, inverse, axis=0, mode="clip", out=h_sorted if overwrite_h else None)
            if overwrite_h:
                self.cache = None
            if scale != 1.0:
                dh *= scale
        return dh if self._shared is None else segment_sum(dh, self._shared)   # 쌍마다의 dh → 예시마다의 합

    def release(self) -> None:
        """마지막 forward가 역전파를 위해 남긴 배열을 놓습니다 (:meth:`NegativeSamplingLoss.release`와 같음)."""
        self.cache = self._shared = None

    def word_probabilities(self, h: np.ndarray) -> np.ndarray:
        """모든 단어의 확률 P(w | h)를 트리를 끝까지 따라가 계산합니다 (검증·시각화용, O(V log V)).

        h : (N, H) float → (N, V), 각 행의 합은 1.
        """
        W, = self.params
        h = as_float_array("h", h, ndim=2, shape=(None, W.shape[1]))
        V = self.tree.vocab_size
        scores = h @ W[: V - 1].T                                                    # (N, V−1)
        logp = np.zeros((len(h), V))
        for w in range(V):
            sign = 1.0 - 2.0 * self.tree.codes[w]
            logp[:, w] = -np.logaddexp(0, -sign * scores[:, self.tree.points[w]]).sum(axis=1)
        return np.exp(logp)
