"""네거티브 샘플링 손실: 정답 하나와 부정적 예 k 개를 (N, k+1) 한 번의 gather로 처리합니다."""
from __future__ import annotations

import numpy as np

from ._checks import as_float_array, as_index_array, nonempty_batch, positive_int, require_forward, same_length
from .layers import (DhBlocks, EmbeddingDot, SigmoidWithLoss, _sigmoid_loss_and_grad, check_reduction,
                     ignore_spurious_blas_invalid)
from .sampling import UnigramSampler
from .scatter import BatchRows, indptr_from_counts, repeat_rows, segment_sum, sparse_index_dtype

CHUNK_ROWS = 1024
"""희소 기울기 경로에서 한 번에 처리하는 예시 수. (1024, k+1, H) float32 임시 배열(k=5, H=100이면 약 2.5 MB)이
캐시에 남도록 고른 값입니다 (배치 전체를 한 번에 gather 하면 32000×6×100 float32 = 77 MB가 메모리를 지나갑니다)."""


class NegativeSamplingLoss:
    """책의 ``NegativeSamplingLoss(W, corpus, power=0.75, sample_size=5)``와 같은 손실을 벡터화한 계층.

    책은 ``EmbeddingDot``과 ``SigmoidWithLoss``를 (k+1) 개씩 만들어 파이썬 루프로 돌지만, 여기서는
    열 0이 정답(긍정적 예, 레이블 1), 열 1..k가 부정적 예(레이블 0)인 (N, k+1) 인덱스 하나로 한 번에
    계산합니다. 손실 값은 책과 같습니다: Σ_열 (배치 평균 교차 엔트로피).

    Parameters
    ----------
    W : (V, H) float, 출력 측 가중치 W_out
    corpus : (T,) int, 유니그램 분포를 셀 말뭉치
    power, sample_size : :class:`~w2vlib.sampling.UnigramSampler`와 같음
    rng : 시드, ``np.random.Generator`` 또는 None
    sparse : True이면 ``grads[0]``이 :class:`~w2vlib.scatter.SparseRowGrad` (건드린 행만)
    reduction : 'mean'(기본, 책과 같음)이면 손실과 기울기가 배치 평균의 것, 'sum'이면 예시마다의 손실의 합의 것
        (word2vec(C)·gensim의 갱신: 예시 하나당 학습률을 그대로 씀). 평균과 합의 차이는 여기 한 곳에서만 정합니다.
    chunk_size : 희소 경로(``sparse=True``)에서 배치를 이 행 수씩 나눠 gather·내적·시그모이드·dh를 한꺼번에
        계산합니다 (임시 배열이 캐시에 머묾; 손실과 σ − t는 ``layers._sigmoid_loss_and_grad``로 함께).
        옵티마이저는 여전히 배치 하나의 기울기를 봅니다. 결과는 나누지 않은 계산과 부동소수 반올림 범위에서
        같습니다. None이면 나누지 않습니다 (책과 같은 EmbeddingDot + SigmoidWithLoss 구성).

    forward(h, target, negative_sample=None) : h (N, H) float, target (N,) int → 손실 (float).
        ``negative_sample`` (N, k)를 주면 샘플러 대신 그것을 씁니다 (두 구현을 같은 표본으로 비교할 때).
        빈 배치(N = 0)는 ValueError입니다 (손실이 배치 평균이라 정의되지 않음).
    backward(dout=1) : → dh (N, H)

    Attributes
    ----------
    idx : (N, k+1) int, 마지막 forward가 쓴 단어 ID (열 0 = 정답, 열 1..k = 부정적 예)
    """

    def __init__(self, W: np.ndarray, corpus, power: float = 0.75, sample_size: int = 5, rng=None,
                 sparse: bool = False, *, chunk_size: int | None = CHUNK_ROWS, reduction: str = "mean"):
        self.sample_size = sample_size
        self.chunk_size = None if chunk_size is None else positive_int("chunk_size", chunk_size)
        self.reduction = check_reduction(reduction)
        self.sampler = UnigramSampler(corpus, power, sample_size, vocab_size=len(W), rng=rng)
        self.embed_dot = EmbeddingDot(W, sparse=sparse)
        self.sparse = bool(sparse)
        self.loss_layer = SigmoidWithLoss()
        self.params, self.grads = self.embed_dot.params, self.embed_dot.grads
        self.idx = None
        self._labels = np.zeros((0, sample_size + 1))
        self._fused = None
        self._shared = None
        self._release_h = False
        self._n = 0

    def forward(self, h: np.ndarray, target, negative_sample=None) -> float:
        W, = self.params
        V = len(W)
        h = as_float_array("h", h, ndim=2, shape=(None, W.shape[1]), finite=False)
        target = as_index_array("target", target, upper=V, ndim=1)
        same_length("h", h, "target", target)
        nonempty_batch("target", len(target))
        if negative_sample is not None:
            negative_sample = as_index_array("negative_sample", negative_sample, upper=V,
                                             ndim=2)
            if negative_sample.shape != (len(target), self.sample_size):
                raise ValueError(f"negative_sample: shape가 ({len(target)}, {self.sample_size}) 모양이어야 합니다 "
                                 f"(받은 shape: {negative_sample.shape}).")
        return self._forward(h, target, negative_sample)

    def example_order(self, target: np.ndarray) -> None:
        """예시를 처리하는 순서: None (받은 순서 그대로; :meth:`HierarchicalSoftmaxLoss.example_order`와 같은 이름)."""
        return None

    @property
    def streams_dh(self) -> bool:
        """``_forward``가 ``dh_sink``를 받는지: 희소 융합 경로(``sparse=True``이고 ``chunk_size``가 있음)에서만."""
        return bool(self.chunk_size and self.sparse)

    def _forward(self, h: np.ndarray, target: np.ndarray, negative_sample=None, *, overwrite_h: bool = False,
                 presorted: bool = False, dh_sink=None) -> float:
        """검사 없는 순전파: 입력을 이미 검사한 호출자(:mod:`w2vlib.models`)가 씁니다. 인자는 :meth:`forward`와 같음.
        ``overwrite_h``·``presorted``·``dh_sink``는 :meth:`HierarchicalSoftmaxLoss._forward`와 같은 약속입니다. 이 계층은
        h를 바꾸지 않고 순서도 가리지 않지만, ``overwrite_h``가 True이면 (h는 호출자가 다시 쓰지 않는 임시 배열) 역전파가
        W_out의 기울기를 구한 뒤 h를 놓습니다: 같은 배치의 역전파를 다시 부르면 RuntimeError입니다.

        dh_sink : None이 아니면 (:attr:`streams_dh`일 때만) dh (N, H)를 배열로 두지 않고, 조각을 계산할 때마다
            ``dh_sink(start, dh_block)``을 부릅니다 (dh_block = 예시 start..start+len−1의 dout = 1의 dh; 부른 뒤 다시 씀;
            이어지는 조각을 :attr:`~w2vlib.layers.DhBlocks.ROWS` 행까지 모아 한 번에).
            예시 순서대로 부르므로 호출자가 조각마다 W_in의 기울기에 더하면 (N, H) 배열 하나를 만들지 않습니다 (CBOW의
            배치 32,000이면 12.8 MB). 그때 :meth:`backward`는 W_out의 기울기만 채우고 None을 돌려줍니다 (dout ≠ 1이면
            W_in 쪽 배율은 호출자가 곱함)."""
        if dh_sink is not None and not self.streams_dh:
            raise ValueError("dh_sink: 희소 융합 경로(sparse=True, chunk_size가 있음)에서만 쓸 수 있습니다.")
        return self._forward_pairs(h, target, None, negative_sample, release_h=overwrite_h, dh_sink=dh_sink)

    def _forward_shared(self, h: np.ndarray, positive: np.ndarray, indptr: np.ndarray, negative_sample=None) -> float:
        """예시 하나의 은닉 벡터를 정답 여러 개가 함께 쓰는 순전파 (skip-gram: 타깃 벡터 하나로 맥락 2b 개를 맞힘).

        h : (N, H) float, positive : (M,) int, 예시 n의 정답 = positive[indptr[n]:indptr[n+1]], indptr : (N+1,) int.
        쌍 M 개의 손실은 :meth:`forward`에 (h를 쌍마다 되풀이한 (M, H), positive)를 준 것과 같고 (같은 부정적 예,
        같은 난수 순서), :meth:`backward`는 예시마다 자기 쌍들의 dh를 더한 (N, H)를 돌려줍니다.
        희소 융합 경로에서는 (M, H) 배열을 만들지 않고, 정답 수가 P인 예시끼리 모아 예시 하나의 P·(k+1) 개 행을
        한 번의 행렬-벡터 곱으로 계산합니다 (쌍마다 (k+1) 개씩 곱하는 것보다 작은 곱의 수가 P분의 1).
        h는 호출자(skip-gram 모델)의 임시 배열로 보고 ``_forward(..., overwrite_h=True)``처럼 역전파가 놓습니다
        (:meth:`HierarchicalSoftmaxLoss._forward_shared`와 같이 같은 배치의 역전파는 한 번).
        """
        return self._forward_pairs(h, positive, indptr, negative_sample, release_h=True)

    def _forward_pairs(self, h: np.ndarray, positive: np.ndarray, indptr: np.ndarray | None, negative_sample,
                       release_h: bool = False, dh_sink=None) -> float:
        """:meth:`_forward` (indptr가 None: 예시마다 정답 하나)와 :meth:`_forward_shared`의 공통 본체."""
        self._release_h = release_h
        if negative_sample is None:
            negative_sample = self.sampler.get_negative_sample(positive)
        # (M, k+1), 열 0 = 정답. 희소 행렬의 열 번호와 같은 int32로 (V < 2³¹): BatchRows가 변환 사본을 만들지 않고,
        # 표본 (M, k) int64는 여기서 놓습니다 (배치의 임시 배열이 가장 많은 순간의 메모리가 그만큼 작음).
        idx = np.concatenate([positive[:, None], negative_sample], axis=1,
                             dtype=sparse_index_dtype(len(self.params[0])))
        del negative_sample
        self.idx, self._n = idx, len(positive)
        self._fused = self._shared = None
        if self.chunk_size and self.sparse:
            return self._forward_fused(h, idx, indptr, dh_sink)
        self._shared = indptr                                                # 나누지 않은 경로: 쌍마다 되풀이
        score = self.embed_dot.forward(h if indptr is None else repeat_rows(h, indptr), idx)   # (M, k+1)
        mean = self.loss_layer.forward(score, self._labels_for(len(positive), score.dtype))
        return mean if self.reduction == "mean" else mean * len(positive)

    @ignore_spurious_blas_invalid
    def _forward_fused(self, h: np.ndarray, idx: np.ndarray, indptr: np.ndarray | None, dh_sink=None) -> float:
        """희소 경로: 조각마다 W[idx] gather → 점수 → 손실·(σ − t) → dh를 한 번에 (검사 없는 내부 함수).

        idx (M, k+1)의 쌍 m은 예시 n(indptr[n] ≤ m < indptr[n+1]; indptr가 None이면 m = n)의 은닉 벡터 h[n]을 씁니다.
        정답 수 P가 같은 예시끼리 모으면(안정 정렬; 예시가 이미 P 순이면 정렬과 h·dh의 복사를 건너뜀) 예시 하나의
        행이 (P·(k+1),)로 직사각형이 되어, 조각 (c, P·(k+1), H)를 예시마다 곱 한 번으로 계산합니다. 조각 크기 c는
        임시 배열이 ``chunk_size``·(k+1) 행 (k=5, H=100에서 약 2.5 MB)을 넘지 않게 고릅니다.

        역전파는 dout에 선형이므로 dout = 1일 때의 dscore = (σ − t)/M ('sum'이면 σ − t) (M, k+1)과 dh (N, H)를
        여기서 계산해 두고 :meth:`backward`는 dout ≠ 1일 때만 배율을 곱합니다 (배치 전체를 한 번 더 훑지 않음).
        손실 = Σ log(1 + e^{x}) − Σ_정답 x (열 0 이 정답). ``dh_sink``가 있으면 (indptr가 None일 때만) dh를 조각
        크기의 자리에 계산해 그것에 넘기고 (N, H) dh를 만들지 않습니다 (:meth:`_forward`).
        """
        W, = self.params
        M, K = idx.shape
        H = W.shape[1]
        n = len(h)
        dtype = np.result_type(W.dtype, h.dtype)
        if indptr is None:                                   # 예시마다 정답 하나: 정렬할 것이 없음
            order, counts = None, np.ones(n, dtype=np.int64)
            h_sorted, idx_sorted, groups = h, idx, [(0, n, 1)]
        else:
            counts = np.diff(indptr)
            if np.any(counts[1:] < counts[:-1]):
                order = np.argsort(counts, kind="stable")
                counts = counts[order]
                starts = np.asarray(indptr[:-1])[order]
                # 정렬된 예시 순서의 쌍 번호: 예시마다 자기 구간 indptr[n]:indptr[n+1]을 차례로
                offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
                idx_sorted = np.take(idx, offsets + np.arange(M), axis=0)
                h_sorted = np.take(h, order, axis=0, mode="clip")
            else:                                            # 이미 정답 수 순 (skip-gram 모델이 그렇게 줌): 복사 없음
                order, idx_sorted, h_sorted = None, idx, h
            edges = np.flatnonzero(np.diff(counts)) + 1
            groups = [(a, b, int(counts[a])) for a, b in zip(np.r_[0, edges], np.r_[edges, n])]
        scale = 1.0 / M if self.reduction == "mean" else 1.0
        dscore = np.empty((M, K), dtype=dtype)
        dh_rows, dh_done = DhBlocks.writer(dh_sink, n, H, dtype)      # dh 자리: 배치 전체, 또는 dh_sink로 넘길 조각
        buffer = np.empty(max(1, min(M, int(self.chunk_size))) * K * H, dtype=W.dtype)   # 조각마다 다시 쓰는 gather 자리
        losses = []
        pair = 0                                             # 이 묶음의 첫 쌍 (정렬된 쌍 순서)
        for a, b, P in groups:
            if P == 0:                                       # 정답이 없는 예시: dh = 0
                dh_rows(a, b)[...] = 0
                continue
            L = P * K
            rows_idx = idx_sorted[pair:pair + (b - a) * P].reshape(b - a, L)        # (n_P, P·K)
            ds = dscore[pair:pair + (b - a) * P].reshape(b - a, L)
            step = max(1, len(buffer) // (L * H))
            labels = self._labels_for(step * P, dtype).reshape(step, L)            # 정답은 열 0, K, 2K, …
            for s in range(a, b, step):
                e = min(b, s + step)
                # idx는 경계(forward나 모델)에서 0..V−1로 검사했으므로 mode="clip"은 아무것도 자르지 않고,
                # 범위 검사가 없는 np.take는 W[idx]보다 빠릅니다.
                rows = np.take(W, rows_idx[s - a:e - a], axis=0, mode="clip",
                               out=buffer[:(e - s) * L * H].reshape(e - s, L, H))    # (c, P·K, H)
                x = np.matmul(rows, h_sorted[s:e, :, None])[:, :, 0]             # (c, P·K) 점수
                loss, g = _sigmoid_loss_and_grad(x, labels[:e - s])              # 합, σ(x) − t
                losses.append(loss)
                np.multiply(g, scale, out=ds[s - a:e - a])
                np.matmul(ds[s - a:e - a, None, :], rows, out=dh_rows(s, e)[:, None, :])   # Σ_j g_j · W[idx_j]
            pair += (b - a) * P
        dh_sorted = dh_done()                                # dh_sink로 넘겼으면 None
        if order is None or dh_sorted is None:
            dh = dh_sorted
        else:
            dh = np.empty_like(dh_sorted)
            dh[order] = dh_sorted
        batch = BatchRows(idx_sorted.reshape(-1), indptr_from_counts(counts * K, M * K), len(W))
        self._fused = (batch, dscore, h_sorted, dh)
        total = sum(losses)
        return total * scale

    def release(self) -> None:
        """마지막 forward가 역전파를 위해 남긴 배열(h, dh, 점수)을 놓습니다. 모델이 다음 배치의 배열을 만들기 전에
        불러, 앞 배치와 새 배치의 (N, H) 배열이 함께 메모리에 있지 않게 합니다 (그 뒤의 backward는 RuntimeError)."""
        self._fused = self._shared = None
        self.embed_dot.cache = None

    def _labels_for(self, n: int, dtype) -> np.ndarray:
        """(n, k+1) 레이블: 열 0 = 1 (정답), 나머지 0. 같은 모양이면 다시 만들지 않습니다."""
        if self._labels.shape[0] != n or self._labels.dtype != dtype:
            self._labels = np.zeros((n, self.sample_size + 1), dtype=dtype)
            self._labels[:, 0] = 1
        return self._labels

    def backward(self, dout: float = 1) -> np.ndarray:
        require_forward(self, self._fused is not None or self.loss_layer.y is not None)
        if self._fused is not None:
            batch, dscore, h_sorted, dh = self._fused        # dout = 1일 때의 값 (reduction까지 반영)
            if self._release_h:      # 모델의 임시 h: W_out의 기울기를 구하면 놓습니다 (skip-gram이 dh로 W_in의 기울기를
                self._fused = None   # 구하는 동안 (N, H) 배열이 dh 하나). 같은 배치의 역전파를 다시 부르면 RuntimeError.
            scale = float(dout)
            if scale != 1.0:
                dscore, dh = dscore * scale, None if dh is None else dh * scale
            self.grads[0].set_from_batch(batch, batch.scatter(dscore.reshape(-1), h_sorted))
            return dh
        if self.reduction == "sum":                          # SigmoidWithLoss는 배치 평균: 합 = N·평균
            dout = dout * self._n
        dscore = self.loss_layer.backward(dout)
        dh = self.embed_dot.backward(dscore)
        return dh if self._shared is None else segment_sum(dh, self._shared)   # 쌍마다의 dh → 예시마다의 합
