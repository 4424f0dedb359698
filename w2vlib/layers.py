"""책의 계층 규약(``params``, ``grads``, ``forward``, ``backward``)을 따르는 계층들.

클래스 이름과 생성자 인자는 책(밑바닥부터 시작하는 딥러닝 2)과 같습니다. 모든 배열 shape에서
N은 배치 크기, V는 어휘 수, H는 은닉층(단어 벡터) 크기입니다.

빈 배치 규칙 (모든 계층·손실·모델에 같음): 배열만 바꾸는 계층(MatMul, Embedding, EmbeddingDot)은 N = 0도
받아 빈 출력과 0 기울기를 냅니다. 배치 평균을 내는 손실 계층(SigmoidWithLoss, NegativeSamplingLoss,
HierarchicalSoftmaxLoss)과 모델(CBOW, SkipGram)은 N = 0이면 손실이 정의되지 않으므로 ValueError를 냅니다.
``forward``보다 먼저 ``backward``를 부르면 RuntimeError입니다.
"""
from __future__ import annotations

import functools

import numpy as np

from ._checks import as_float_array, as_index_array, nonempty_batch, one_of, require_forward, same_length
from .scatter import SparseRowGrad, add_rows_add_at_flat


def sigmoid(x: np.ndarray) -> np.ndarray:
    """수치적으로 안정한 시그모이드 σ(x) = 1 / (1 + e^{−x}). x의 dtype을 유지하고, |x|가 커도 넘치지 않습니다."""
    return _sigmoid_from(x, np.exp(-np.abs(x)))   # e^{−|x|} ≤ 1: x ≪ 0에서도 exp가 넘치지 않습니다


def _sigmoid_from(x: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``e = e^{−|x|}``가 이미 있을 때의 σ(x) (x ≥ 0: 1/(1+e), x < 0: e/(1+e)). x의 dtype을 유지합니다."""
    return _sigmoid_numerator(x, e) / (1 + e)


def _sigmoid_numerator(x: np.ndarray, e: np.ndarray) -> np.ndarray:
    """σ(x)의 분자: x ≥ 0이면 1, 아니면 e = e^{−|x|} (새 배열, e의 dtype).

    ``np.where(x >= 0, 1, e)``와 원소마다 같은 값이지만 3배쯤 빠릅니다: e ≤ 1이므로 max(e, [x ≥ 0])가 x ≥ 0에서 1, x < 0에서
    e입니다 (NaN은 그대로 NaN). 학습의 조각 루프가 조각마다 부릅니다."""
    return np.maximum(e, x >= 0, dtype=e.dtype)


def ignore_spurious_blas_invalid(method):
    """작은 행렬을 쌓은 ``np.matmul``(예: (c, L, H) @ (c, H, 1))에서 BLAS(OpenBLAS) 커널이 행 끝 너머의 쓰지 않는 칸까지
    SIMD로 읽어 부동소수 상태의 "invalid" 표시만 세우는 일이 있습니다 (값은 맞음; numpy/numpy#13173, #24067,
    OpenMathLib/OpenBLAS#1924). 그러면 numpy가 그 칸의 내용(메모리에 남은 값)에 따라 가끔 "invalid value encountered in
    matmul" 경고를 냅니다. 이 장식자는 조각 루프를 도는 메서드 안에서만 그 표시를 무시합니다 (``np.errstate``는 이
    호출 안에서만 바뀌고 돌아옴). 진짜 NaN은 손실이 NaN이 되므로 학습 루프(:class:`~w2vlib.trainer.Trainer`)가 알립니다."""
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with np.errstate(invalid="ignore"):
            return method(*args, **kwargs)
    return wrapper


def _sigmoid_loss_and_grad(x: np.ndarray, t: np.ndarray) -> tuple[float, np.ndarray]:
    """시그모이드 교차 엔트로피의 합과 그 기울기를 한 번에 (학습 루프 안에서 쓰는 검사 없는 내부 함수).

    x : 점수 (...) float, t : 같은 shape의 0/1 레이블 → (Σ [log(1 + e^{x}) − t·x], σ(x) − t (x의 dtype)).
    e^{−|x|}를 한 번만 계산해 손실과 σ에 함께 씁니다 (|x|가 커도 넘치지 않음).

    log(1 + e^{x}) = max(x, 0) + log(1 + e^{−|x|})입니다. log(1 + e)는 ``np.log1p`` 대신 1 + e ∈ (1, 2]의 ``np.log``로
    구합니다: 1 + e를 반올림한 오차(상대 2⁻²⁴) 때문에 원소마다 절댓값 1.2·10⁻⁷ 안에서 다를 뿐인데, float32의 log는 SIMD로
    계산되어 (log1p는 원소마다 C 라이브러리 호출) 몇 배 빠릅니다. 기울기 σ(x) − t는 :func:`sigmoid`와 비트 단위로
    같습니다 (손실 값만 반올림 범위에서 다름; 학습에 쓰이는 것은 기울기뿐). Σ max(x, 0)을 (Σx + Σ|x|)/2로 바꾸면 조금 더
    빠르지만, 발산하는 학습처럼 큰 음수 점수가 많으면 두 합이 서로 지워져 float32에서 손실이 몇 % 틀리므로 쓰지 않습니다.
    """
    a = np.abs(x)
    np.negative(a, out=a)
    np.exp(a, out=a)                           # e = e^{−|x|} ≤ 1 (임시 배열 하나를 제자리에서)
    d = a + 1                                  # 1 + e ∈ (1, 2]
    g = _sigmoid_numerator(x, a)
    np.divide(g, d, out=g)                     # σ(x) = (x ≥ 0이면 1, 아니면 e) / (1 + e)
    np.log(d, out=d)
    loss = float(np.maximum(x, 0).sum()) + float(d.sum()) - float(np.vdot(t, x))
    g -= t
    return loss, g


class DhBlocks:
    """손실 계층이 dh (N, H)를 배치 전체의 배열로 두지 않고 조각마다 계산해 넘길 때 쓰는 자리 (``dh_sink``; 모델은 받은 조각을
    곧바로 W_in의 기울기에 더함: :meth:`w2vlib.models.CBOW.forward`).

    계층은 예시 start..start+n−1의 dh를 ``block(start, n)``이 돌려준 (n, H) 자리에 쓰고, 다 쓰면 :meth:`flush`를 부릅니다.
    이어지는 조각을 ``rows`` 행까지 모아 ``sink(start, dh)``를 한 번 부르므로, 계층의 조각(예시 1,024개 안팎)마다가 아니라
    ``rows`` 행마다 한 번 기울기에 더합니다. 모은 순서는 예시 순서 그대로입니다.

    메모리와 속도를 맞바꾸는 자리입니다. dh를 배치 전체 (N, H)로 두면 (CBOW의 PTB 배치 32,000에서 12.8 MB) 일꾼
    프로세스마다 그만큼 크고, 조각마다 넘기면 W_out의 행을 모으는 계산과 W_in의 기울기에 더하는 계산이 번갈아 캐시를
    다툽니다. 2026-12-07 이 책의 기계에서 잰 값 (PTB CBOW-NS 3에폭, 번갈아 3번): 8,192행씩이면 배치 전체일 때보다 학습
    시간이 1코어 약 2%, 2코어 약 3% 길고, 2코어 프로세스 트리의 최대 PSS는 164–166 → 140–144 MiB입니다. 1,024행씩은 메모리가
    더 줄지 않고 (143–147 MiB) NSMC(배치 64,000)에서 더 느렸습니다."""

    ROWS = 8192
    """한 번에 넘기는 dh의 행 수 (H = 100 float32면 3.3 MB)."""

    def __init__(self, sink, examples: int, width: int, dtype, rows: int | None = None):
        self.sink, self.width, self.dtype = sink, width, dtype
        self.buffer = np.empty((0, width), dtype=dtype)
        self.rows = min(rows or self.ROWS, examples)       # 작은 배치에는 배치만큼만
        self.start = self.filled = 0

    @staticmethod
    def writer(dh_sink, examples: int, width: int, dtype):
        """(dh 자리를 주는 함수 ``rows(start, stop)`` → (stop−start, H) 쓸 자리, 다 쓴 뒤 부를 함수 ``done()``).
        ``dh_sink``가 None이면 배치 전체의 dh (examples, H) 배열의 구간을 주고 ``done()``이 그 배열을 돌려주며, 아니면
        :class:`DhBlocks`의 자리를 주고 ``done()``이 남은 조각을 넘긴 뒤 None을 돌려줍니다. 손실 계층 둘이 같은 코드로
        두 경우를 다룹니다."""
        if dh_sink is None:
            dh = np.empty((examples, width), dtype=dtype)
            return (lambda start, stop: dh[start:stop]), (lambda: dh)
        blocks = DhBlocks(dh_sink, examples, width, dtype)
        return (lambda start, stop: blocks.block(start, stop - start)), blocks.flush

    def block(self, start: int, n: int) -> np.ndarray:
        """예시 start..start+n−1의 dh를 쓸 (n, H) 자리. 앞에 모은 조각에 이어지지 않거나 넘치면 먼저 넘깁니다."""
        if self.filled and (start != self.start + self.filled or self.filled + n > len(self.buffer)):
            self.flush()
        if self.filled == 0:
            self.start = start
            if n > len(self.buffer):                      # 처음이거나 자리보다 큰 조각: 그만큼 (적어도 rows 행)
                self.buffer = np.empty((max(n, self.rows), self.width), dtype=self.dtype)
        view = self.buffer[self.filled:self.filled + n]
        self.filled += n
        return view

    def flush(self) -> None:
        """모은 조각을 넘깁니다 (없으면 아무것도 안 함)."""
        if self.filled:
            self.sink(self.start, self.buffer[:self.filled])
            self.filled = 0


REDUCTIONS = ("mean", "sum")
"""손실을 배치에서 모으는 방법 (손실 계층의 ``reduction``): 'mean'은 책과 같은 배치 평균, 'sum'은
word2vec(C)·gensim처럼 예시마다의 손실의 합."""


def check_reduction(reduction: str) -> str:
    """``reduction``이 :data:`REDUCTIONS` 가운데 하나인지 검사해 돌려줍니다."""
    return one_of("reduction", reduction, REDUCTIONS)


class MatMul:
    """완전연결(편향 없음) 계층 ``out = x @ W``.

    Parameters
    ----------
    W : (D, H) float 배열. ``params[0]``으로 그대로 보관합니다(복사하지 않음).

    forward(x) : x (N, D) → out (N, H)
    backward(dout) : dout (N, H) → dx (N, D), ``grads[0]``에 dW = xᵀ·dout (D, H)을 씁니다.
    """

    def __init__(self, W: np.ndarray):
        W = as_float_array("W", W, ndim=2, weights=True)
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        W, = self.params
        x = as_float_array("x", x, ndim=2, shape=(None, W.shape[0]))
        self.x = x
        return x @ W

    def backward(self, dout: np.ndarray) -> np.ndarray:
        W, = self.params
        require_forward(self, self.x is not None)
        dout = as_float_array("dout", dout, shape=(len(self.x), W.shape[1]), finite=False)
        self.grads[0][...] = self.x.T @ dout
        return dout @ W.T


class Embedding:
    """단어 ID로 가중치 행을 뽑아 오는 계층. 원핫 벡터 × W와 같은 결과를 행 하나 읽기로 얻습니다.

    Parameters
    ----------
    W : (V, H) float 배열
    sparse : False(기본, 책과 같음)이면 ``grads[0]``이 (V, H) 밀집 배열이고 backward마다 0으로 채운 뒤
        더합니다. True이면 ``grads[0]``이 :class:`~w2vlib.scatter.SparseRowGrad`이고, 배치가 건드린
        행만 담습니다(빠른 학습용).

    forward(idx) : idx (...) int → out (..., H). 임의 shape의 인덱스를 한 번에 받습니다
        (예: CBOW의 맥락 (N, 2·window)).
    backward(dout) : dout (..., H) → None. 같은 ID가 여러 번 나오면 기울기를 **더합니다**.
    """

    def __init__(self, W: np.ndarray, sparse: bool = False):
        W = as_float_array("W", W, ndim=2, weights=True)
        self.sparse = bool(sparse)
        self.params = [W]
        self.grads = [SparseRowGrad(W.shape) if sparse else np.zeros(W.shape, dtype=W.dtype)]  # C 순서
        self.idx = None

    def forward(self, idx) -> np.ndarray:
        W, = self.params
        return self._forward(as_index_array("idx", idx, upper=len(W)))

    def _forward(self, idx: np.ndarray) -> np.ndarray:
        """검사 없는 순전파: idx를 이미 검사한 호출자(:class:`EmbeddingDot`, :mod:`w2vlib.models`)가 씁니다."""
        self.idx = idx
        return self.params[0][idx]

    def backward(self, dout: np.ndarray) -> None:
        W, = self.params
        require_forward(self, self.idx is not None)
        dout = as_float_array("dout", dout, shape=(*self.idx.shape, W.shape[1]), finite=False)
        dW = self.grads[0]
        if self.sparse:
            dW.set_from_scatter(self.idx, dout)
        else:
            dW[...] = 0
            add_rows_add_at_flat(dW, self.idx.reshape(-1), dout.reshape(-1, W.shape[1]))
        return None


class SigmoidWithLoss:
    """시그모이드 함수 + 교차 엔트로피 오차 (이진 분류의 출력층).

    forward(x, t) : 점수 x (N,) 또는 (N, K) float, 정답 t (x와 같은 shape, 0 또는 1) → 손실 (float).
        손실은 원소별 교차 엔트로피를 모두 더해 배치 크기 N으로 나눈 값입니다. 1차원이면 책과 같은 배치
        평균이고, (N, K)이면 책의 네거티브 샘플링처럼 "열마다 배치 평균을 낸 뒤 K 개를 더한 값"과 같습니다.
        log(1 + e^{−x})를 ``np.logaddexp``로 계산하므로 |x|가 커도 inf/NaN이 나지 않습니다
        (책의 ``+1e-7`` 보정 없이 정확합니다). 빈 배치(N = 0)는 손실이 정의되지 않으므로 ValueError입니다.
    backward(dout=1) : → dx (x와 같은 shape) = (σ(x) − t) · dout / N
    """

    def __init__(self):
        self.params, self.grads = [], []
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x: np.ndarray, t) -> float:
        x = as_float_array("x", x, finite=False)
        t = np.asarray(t)
        if t.shape != x.shape:
            raise ValueError(f"t: x와 shape가 같아야 합니다 (x: {x.shape}, t: {t.shape}).")
        if t.size and not np.isin(t, (0, 1)).all():
            raise ValueError("t: 정답 레이블은 0 또는 1이어야 합니다.")
        n = x.shape[0] if x.ndim else 1
        nonempty_batch("x", n)
        self.t = t
        self.y = sigmoid(x)
        # t=1이면 −log σ(x) = log(1+e^{−x}), t=0이면 −log(1−σ(x)) = log(1+e^{x})
        self.loss = float(np.sum(np.logaddexp(0, x) - t * x) / n)
        return self.loss

    def backward(self, dout: float = 1) -> np.ndarray:
        require_forward(self, self.y is not None)
        n = self.t.shape[0] if self.t.ndim else 1
        return ((self.y - self.t) * (dout / n)).astype(self.y.dtype, copy=False)


class EmbeddingDot:
    """Embedding 계층으로 뽑은 행과 은닉 벡터의 내적 (네거티브 샘플링의 출력 측 계산).

    Parameters
    ----------
    W : (V, H) float, 출력 측 가중치 W_out (행 = 단어)
    sparse : :class:`Embedding`과 같음

    forward(h, idx) : h (N, H), idx (N,) 또는 (N, K) int → out (N,) 또는 (N, K) = Σ_h W[idx] · h.
        idx가 (N, K)이면 정답 하나와 부정적 예 K−1개를 **한 번의 gather**로 처리합니다.
    backward(dout) : dout (out과 같은 shape) → dh (N, H). W의 기울기는 ``grads[0]``에 (중복 행은 더해서).
    """

    def __init__(self, W: np.ndarray, sparse: bool = False):
        self.embed = Embedding(W, sparse=sparse)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache = None

    def forward(self, h: np.ndarray, idx) -> np.ndarray:
        W, = self.params
        h = as_float_array("h", h, ndim=2, shape=(None, W.shape[1]), finite=False)
        idx = as_index_array("idx", idx, upper=len(W), ndim=(1, 2))
        same_length("h", h, "idx", idx)
        target_W = self.embed._forward(idx)                      # (N, H) 또는 (N, K, H) (idx는 위에서 검사)
        if idx.ndim == 1:
            out = np.einsum("nh,nh->n", target_W, h)
        else:
            out = np.matmul(target_W, h[:, :, None])[:, :, 0]    # (N, K)
        self.cache = (h, target_W)
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        require_forward(self, self.cache is not None)
        h, target_W = self.cache
        dout = as_float_array("dout", dout, shape=target_W.shape[:-1], finite=False)
        if dout.ndim == 1:
            self.embed.backward(dout[:, None] * h)
            return dout[:, None] * target_W
        if self.embed.sparse:                                     # (N, K, H)를 만들지 않는 빠른 길
            self.grads[0].set_from_products(self.embed.idx, dout, h)
        else:
            self.embed.backward(dout[:, :, None] * h[:, None, :])   # (N, K, H)
        return np.matmul(dout[:, None, :], target_W)[:, 0, :]     # (N, H)
