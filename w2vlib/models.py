"""네거티브 샘플링(또는 계층적 소프트맥스)으로 학습하는 CBOW와 skip-gram (책과 같은 이름·인자).

책과 다른 점 (결과는 같고 빠름)
-------------------------------
- 맥락 위치마다 Embedding 계층을 하나씩 두지 않고, 배치의 맥락에 나오는 **서로 다른 단어의 행만 한 번에
  gather** 한 뒤, 희소 접속 행렬 A (N, U) 하나로 평균(A @ W_in[rows])과 역전파(Aᵀ @ dh)를 합니다
  (:class:`~w2vlib.scatter.BatchRows`). 같은 행을 여러 번 읽지 않고 (N, 2w, H) 배열도 만들지 않습니다.
- 기울기는 배치가 건드린 행만 담는 :class:`~w2vlib.scatter.SparseRowGrad`이므로 (V, H) 밀집
  버퍼를 0으로 채우거나 더하지 않고, 옵티마이저도 그 행만 갱신합니다.
- ``shrink_window=True``이면 word2vec(C)·gensim처럼 타깃마다 윈도우 크기를 1..window에서 무작위로
  줄입니다 (가까운 단어에 더 큰 가중치를 주는 효과). 기본값 False는 책과 같은 고정 윈도우입니다.
- ``update_rule='word2vec'``이면 word2vec(C)·gensim과 같은 갱신 규약을 씁니다: (1) 배치 평균이 아닌 **합**의
  기울기(그래서 예시 하나당 학습률 0.025를 SGD에 그대로 씀), (2) CBOW에서 은닉층의 오차를 맥락
  단어 수로 나누지 않고 각 맥락 벡터에 그대로 더함 (word2vec.c와 gensim의 ``cbow_mean=1`` 동작. 평균의
  정확한 기울기보다 맥락 수배 큽니다). 기본값 ``'book'``은 책처럼 배치 평균 손실의 정확한 기울기입니다.
  ``forward``가 돌려주는 손실 값은 어느 쪽이든 책과 같은 배치 평균입니다. 평균이냐 합이냐는 손실 계층의
  ``reduction`` 옵션 한 곳에서 정합니다 (``'word2vec'`` → ``reduction='sum'``).

shape: N 배치 크기, V 어휘 수, H 은닉층 크기, w 윈도우 크기, k 부정적 예의 수.
"""
from __future__ import annotations

import numpy as np

from ._checks import as_index_array, nonempty_batch, one_of, positive_int, require_forward, same_length
from .layers import Embedding
from .negative_sampling import NegativeSamplingLoss
from .sampling import as_rng
from .scatter import BatchRows, SparseRowGrad, indptr_from_counts

UPDATE_RULES = ("book", "word2vec")


class _Word2Vec:
    """CBOW와 SkipGram의 공통 부분: 가중치, 출력 측 손실, 윈도우 마스크."""

    def __init__(self, vocab_size, hidden_size, window_size, corpus, *, sample_size=5, power=0.75, rng=None,
                 shrink_window=False, update_rule="book", loss="ns"):
        V = positive_int("vocab_size", vocab_size, minimum=2)
        H = positive_int("hidden_size", hidden_size)
        self.window_size = positive_int("window_size", window_size)
        self.update_rule = one_of("update_rule", update_rule, UPDATE_RULES)
        self.shrink_window = bool(shrink_window)
        self.rng = as_rng(rng)
        corpus = as_index_array("corpus", corpus, upper=V, ndim=1)
        # 책과 같은 초기화: 0.01·표준정규, float32
        W_in = (0.01 * self.rng.standard_normal((V, H))).astype(np.float32)
        W_out = (0.01 * self.rng.standard_normal((V, H))).astype(np.float32)
        reduction = "sum" if update_rule == "word2vec" else "mean"
        self.loss_layer = _make_loss(loss, W_out, corpus, power, sample_size, self.rng, reduction)
        self.params = [W_in, W_out]
        self.grads = [self._input_grad(W_in), self.loss_layer.grads[0]]
        self.word_vecs = W_in
        self._ranks = np.concatenate([np.arange(self.window_size, 0, -1), np.arange(1, self.window_size + 1)])

    def _input_grad(self, W_in: np.ndarray) -> SparseRowGrad:
        """W_in의 기울기 (모델마다 다름)."""
        raise NotImplementedError

    def _release_batch(self) -> None:
        """앞 배치가 역전파를 위해 남긴 배열(은닉층 h, dh, 희소 접속 행렬, 기울기)을 놓습니다. forward가 새 배치의 배열을
        만들기 전에 불러, 두 배치의 배열이 함께 메모리에 있지 않게 합니다 (PTB의 배치 32,000에서 (N, H) float32 하나가
        12.8 MB; 학습 중 최대 메모리가 그만큼 줄어듭니다)."""
        self.loss_layer.release()
        for g in self.grads:
            g.clear()
        for name in ("_batch", "_coef", "_n", "_dW_in"):
            self.__dict__.pop(name, None)

    def _check_batch(self, contexts, target) -> tuple[np.ndarray, np.ndarray]:
        V = len(self.params[0])
        contexts = as_index_array("contexts", contexts, upper=V, ndim=2)
        target = as_index_array("target", target, upper=V, ndim=1)
        if contexts.shape[1] != 2 * self.window_size:
            raise ValueError(f"contexts: 열 수가 2·window_size = {2 * self.window_size}개여야 합니다 "
                             f"(받은 shape: {contexts.shape}).")
        same_length("contexts", contexts, "target", target)
        nonempty_batch("target", len(target))
        self._release_batch()
        return contexts, target

    def _in_window(self, window: np.ndarray) -> np.ndarray:
        """(N, 2w) bool: 타깃마다의 윈도우 크기 window (N,) 안에 드는 맥락 위치 (가운데에서 b칸 이내)."""
        return self._ranks[None, :] <= window[:, None]

    def _shrunk_window(self, n: int) -> np.ndarray | None:
        """(N,) int: 타깃마다 1..w에서 고른 윈도우 크기 b (맥락은 양쪽 b 개씩 2b 개). 고정 윈도우면 None."""
        if not self.shrink_window:
            return None
        return self.rng.integers(1, self.window_size + 1, size=n)          # word2vec: window − (rand % window)


class CBOW(_Word2Vec):
    """CBOW(vocab_size, hidden_size, window_size, corpus): 맥락의 평균 벡터로 타깃을 맞힙니다.

    forward(contexts, target) : contexts (N, 2w) int, target (N,) int → 손실 (float). N = 0이면 ValueError.
    backward(dout=1) : W_in, W_out의 희소 기울기를 ``grads``에 채웁니다 (forward 전이면 RuntimeError).
    ``word_vecs`` (V, H) float32 = W_in이 단어의 분산 표현입니다.
    그 밖의 키워드 인자는 모듈 설명을 보세요 (``loss='hs'``는 계층적 소프트맥스).
    """

    def _input_grad(self, W_in: np.ndarray) -> SparseRowGrad:
        return SparseRowGrad(W_in.shape)          # 맥락 평균과 그 역전파는 BatchRows 하나로 (Embedding 계층 없이)

    def forward(self, contexts, target) -> float:
        contexts, target = self._check_batch(contexts, target)
        n, c = contexts.shape
        V = len(self.params[0])
        window = self._shrunk_window(n)
        # 손실 계층이 예시를 정렬해 처리하면 (계층적 소프트맥스), 맥락의 행을 미리 그 순서로 바꿔 은닉층 h와 dh가
        # 처음부터 그 순서이게 합니다: (N, H) 두 개를 정렬하고 되돌리는 대신 (N, 2w) 정수 배열 하나를 바꿉니다.
        # 기울기와 손실은 예시의 합이라 순서와 상관없습니다.
        order = self.loss_layer.example_order(target)
        if order is not None:
            contexts, target = np.take(contexts, order, axis=0), np.take(target, order)
            window = None if window is None else np.take(window, order)
        if window is None:
            self._batch = BatchRows.regular(contexts, V)
            self._coef = np.full(n * c, 1.0 / c, dtype=np.float32)
        else:
            counts = 2 * window                                                     # 예시마다 맥락 2b 개
            self._batch = BatchRows.from_mask(contexts, self._in_window(window), V, counts=counts)
            self._coef = np.repeat((1.0 / counts).astype(np.float32), counts)
        # (U, H) 서로 다른 맥락 단어의 벡터를 모아 평균 (N, H)을 내고, 모은 배열은 손실 계층을 부르기 전에 놓습니다.
        h = self._batch.mix(self._coef, self._batch.gather(self.params[0]))            # (N, H): 맥락 벡터의 평균
        sink = None
        if self.loss_layer.streams_dh:
            # W_in의 기울기를 손실 계층이 넘기는 dh의 조각마다 모읍니다 (Aᵀ @ dh를 조각마다, 예시 순서대로: 한 번에 한 것과
            # 비트 단위로 같음). dh는 (N, H) 배열이 아니라 layers.DhBlocks.ROWS 행씩만 있어, 일꾼 프로세스마다의 최대
            # 메모리가 작습니다 (PTB의 배치 32,000에서 12.8 MB → 3.3 MB; 그 대가는 DhBlocks의 설명).
            coef, batch = self._input_coef(), self._batch
            dW_in = self._dW_in = np.zeros((batch.num_unique, h.shape[1]), dtype=h.dtype)

            def sink(start, dh_block):
                batch.scatter(coef, dh_block, start=start, out=dW_in)
        loss = self.loss_layer._forward(h, target, overwrite_h=True,              # h는 다시 쓰지 않는 임시 배열
                                        presorted=order is not None, dh_sink=sink)
        return loss if self.update_rule == "book" else loss / n                    # 'word2vec': 합 → 배치 평균

    def backward(self, dout: float = 1) -> None:
        require_forward(self, hasattr(self, "_batch"))
        dh = self.loss_layer.backward(dout)                                            # (N, H), 또는 None
        if dh is None:                                 # 순전파가 dh의 조각마다 모아 둔 W_in의 기울기 (dout = 1의 것)
            values = self._dW_in if float(dout) == 1.0 else self._dW_in * float(dout)
        else:
            values = self._batch.scatter(self._input_coef(), dh)
        self.grads[0].set_from_batch(self._batch, values)
        return None

    def _input_coef(self) -> np.ndarray:
        """(M,) 맥락 쌍마다 dh에 곱해 W_in의 기울기로 보낼 가중치: 책은 평균의 가중치 1/(맥락 수) 그대로, word2vec
        규약은 은닉층 오차를 맥락 수로 나누지 않고 각 맥락 벡터에 그대로 더하므로 1."""
        return np.ones_like(self._coef) if self.update_rule == "word2vec" else self._coef


class SkipGram(_Word2Vec):
    """SkipGram(vocab_size, hidden_size, window_size, corpus): 타깃 벡터로 맥락의 각 단어를 맞힙니다.

    (타깃, 맥락 단어) 쌍 M 개 (고정 윈도우면 M = N·2w)를 한 번에 손실 계층에 넘깁니다. 손실은 책과 같이
    "맥락 위치마다 배치 평균을 낸 뒤 더한 값" (= 쌍 전체의 합 / N)입니다.

    forward(contexts, target) : contexts (N, 2w) int, target (N,) int → 손실 (float). N = 0이면 ValueError.
    backward(dout=1) : 희소 기울기를 ``grads``에 채웁니다 (forward 전이면 RuntimeError).
    ``in_layer`` (Embedding)가 타깃 벡터를 뽑고 그 기울기를 모읍니다.
    """

    def _input_grad(self, W_in: np.ndarray) -> SparseRowGrad:
        self.in_layer = Embedding(W_in, sparse=True)
        return self.in_layer.grads[0]

    def forward(self, contexts, target) -> float:
        contexts, target = self._check_batch(contexts, target)
        n, c = contexts.shape
        window = self._shrunk_window(n)
        if window is not None:
            # 예시를 윈도우 크기(정답 수 2b) 순으로 놓습니다 (안정 정렬). 네거티브 샘플링 손실은 정답 수가 같은 예시끼리
            # 모아 계산하므로, 처음부터 그 순서이면 타깃 벡터 h (N, H)를 정렬하고 dh를 되돌리는 복사가 없습니다
            # (CBOW의 example_order와 같은 생각). 기울기와 손실은 예시의 합이라 순서와 상관없습니다.
            order = np.argsort(window, kind="stable")
            contexts, target, window = np.take(contexts, order, axis=0), np.take(target, order), window[order]
        h = self.in_layer._forward(target)                                         # (N, H) (target은 검사했음)
        if window is None:
            indptr = np.arange(0, n * c + 1, c)                                     # 타깃마다 쌍 2w 개
            positive = contexts.reshape(-1)                                         # (N·2w,)
        else:
            indptr = indptr_from_counts(2 * window)                                 # 타깃마다 쌍 2b 개
            positive = contexts[self._in_window(window)]                            # (M,), 타깃 순서
        # 손실 계층이 타깃 벡터 하나를 그 타깃의 쌍들에 함께 씁니다 (쌍마다 (M, H)로 펼치지 않음)
        loss = self.loss_layer._forward_shared(h, positive, indptr)
        self._n = n
        if self.update_rule == "word2vec":                      # 손실 = 쌍 전체의 합 → 배치 평균으로 보고
            self._positions = 1.0
            return loss / n
        # 쌍 M 개의 평균 × (M / N) = 책의 "맥락 위치마다 배치 평균을 낸 뒤 더한 값"
        self._positions = len(positive) / n
        return loss * self._positions

    def backward(self, dout: float = 1) -> None:
        require_forward(self, hasattr(self, "_n"))
        dh = self.loss_layer.backward(dout * self._positions)                          # (N, H): 타깃마다 자기 쌍들의 합
        self.in_layer.backward(dh)
        return None


def _make_loss(loss, W_out, corpus, power, sample_size, rng, reduction):
    if loss == "ns":
        return NegativeSamplingLoss(W_out, corpus, power=power, sample_size=sample_size, rng=rng, sparse=True,
                                    reduction=reduction)
    if loss == "hs":
        from .hierarchical_softmax import HierarchicalSoftmaxLoss
        return HierarchicalSoftmaxLoss(W_out, np.bincount(corpus, minlength=len(W_out)), sparse=True,
                                       reduction=reduction)
    raise ValueError(f"loss: 'ns'(네거티브 샘플링) 또는 'hs'(계층적 소프트맥스)여야 합니다 (받은 값: {loss!r}).")
