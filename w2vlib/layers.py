"""책의 계층 규약(``params``, ``grads``, ``forward``, ``backward``)을 따르는 계층들.

클래스 이름과 생성자 인자는 책(밑바닥부터 시작하는 딥러닝 2)과 같습니다. 모든 배열 shape 에서
N 은 배치 크기, V 는 어휘 수, H 는 은닉층(단어 벡터) 크기입니다.
"""
from __future__ import annotations

import numpy as np

from ._checks import as_float_array, as_index_array, same_length
from .scatter import SparseRowGrad, add_rows_add_at_flat


class MatMul:
    """완전연결(편향 없음) 계층 ``out = x @ W``.

    Parameters
    ----------
    W : (D, H) float 배열. ``params[0]`` 으로 그대로 보관합니다(복사하지 않음).

    forward(x) : x (N, D) → out (N, H)
    backward(dout) : dout (N, H) → dx (N, D), ``grads[0]`` 에 dW = xᵀ·dout (D, H) 을 씁니다.
    """

    def __init__(self, W: np.ndarray):
        W = as_float_array("W", W, ndim=2)
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
        dout = as_float_array("dout", dout, shape=(len(self.x), W.shape[1]), finite=False)
        self.grads[0][...] = self.x.T @ dout
        return dout @ W.T


class Embedding:
    """단어 ID 로 가중치 행을 뽑아 오는 계층. 원핫 벡터 × W 와 같은 결과를 행 하나 읽기로 얻습니다.

    Parameters
    ----------
    W : (V, H) float 배열
    sparse : False(기본, 책과 같음)이면 ``grads[0]`` 이 (V, H) 밀집 배열이고 backward 마다 0 으로 채운 뒤
        더합니다. True 이면 ``grads[0]`` 이 :class:`~w2vlib.scatter.SparseRowGrad` 이고, 배치가 건드린
        행만 담습니다(빠른 학습용).

    forward(idx) : idx (...) int → out (..., H). 임의 shape 의 인덱스를 한 번에 받습니다
        (예: CBOW 의 맥락 (N, 2·window)).
    backward(dout) : dout (..., H) → None. 같은 ID 가 여러 번 나오면 그래디언트를 **더합니다**.
    """

    def __init__(self, W: np.ndarray, sparse: bool = False):
        W = as_float_array("W", W, ndim=2)
        self.params = [W]
        self.grads = [SparseRowGrad(W.shape) if sparse else np.zeros_like(W)]
        self.idx = None

    def forward(self, idx) -> np.ndarray:
        W, = self.params
        self.idx = as_index_array("idx", idx, upper=len(W))
        return W[self.idx]

    def backward(self, dout: np.ndarray) -> None:
        W, = self.params
        dout = as_float_array("dout", dout, shape=(*self.idx.shape, W.shape[1]), finite=False)
        dW = self.grads[0]
        if isinstance(dW, SparseRowGrad):
            dW.set_from_scatter(self.idx, dout)
        else:
            dW[...] = 0
            add_rows_add_at_flat(dW, self.idx.reshape(-1), dout.reshape(-1, W.shape[1]))
        return None
