"""은닉층 이후 계산의 비용: 4.2의 소프트맥스 대 시그모이드 k+1개, 부록 A의 세 손실의 단어당 비용 (어휘 수 V를 바꿔 가며).

시간을 재는 :func:`measure_per_word`는 벤치마크(``benchmarks/suite.py``의 ``micro_loss_per_word`` 행)가 새 프로세스에서
부르고, 책은 저장된 결과를 읽습니다 (:func:`w2vlib.book.results.per_word_costs`). 책을 만들 때는 시간을 재지 않습니다.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..hierarchical_softmax import HierarchicalSoftmaxLoss
from ..negative_sampling import NegativeSamplingLoss
from .figures import line_plot
from .timing import best_time

NAMES = ("소프트맥스", "네거티브 샘플링 (k = 5)", "계층적 소프트맥스")
KEYS = ("softmax", "ns", "hs")
""":data:`NAMES`의 손실마다 결과 파일에서 쓰는 부분 이름의 앞머리 (``softmax|V1000`` 등)."""
VS = (1_000, 3_000, 10_000, 30_000, 100_000)
"""부록 A.8과 벤치마크가 쓰는 어휘 수."""


def softmax_output(h: np.ndarray, W_out: np.ndarray) -> np.ndarray:
    """4.2 다중 분류: 모든 단어의 점수 (N, V)를 계산하고 소프트맥스를 씌웁니다. h (N, H), W_out (V, H) → (N, V)."""
    s = h @ W_out.T                      # (N, H) @ (H, V) → (N, V)
    s -= s.max(axis=1, keepdims=True)    # 넘침 방지
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s


def sigmoid_output(h: np.ndarray, W_out: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """4.2 이진 분류: idx (N, m)가 가리키는 행 m 개씩만 꺼내 내적하고 시그모이드를 씌웁니다 → (N, m)."""
    rows = W_out[idx]                               # (N, m, H)
    s = np.einsum("nmh,nh->nm", rows, h)            # (N, m)
    return 1 / (1 + np.exp(-s))


def softmax_step(W: np.ndarray, h: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """소프트맥스 + 교차 엔트로피의 순전파와 역전파 (배치 평균).

    W (V, H), h (N, H), target (N,) int → (손실, dh (N, H), dW (V, H))."""
    n = len(target)
    s = h @ W.T                                           # (N, V)
    s -= s.max(axis=1, keepdims=True)
    e = np.exp(s)
    prob = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(prob[np.arange(n), target]))
    ds = prob
    ds[np.arange(n), target] -= 1
    ds /= n
    return loss, ds @ W, ds.T @ h


def loss_step(layer, h: np.ndarray, target: np.ndarray, *extra) -> tuple[float, np.ndarray]:
    """손실 계층 하나의 순전파와 역전파: (손실, dh). ``extra``는 ``forward``에 그대로 넘깁니다
    (예: 네거티브 샘플링에 미리 뽑은 부정적 예 ``negative_sample``을 주어 같은 예로 잴 때)."""
    loss = layer.forward(h, target, *extra)
    return loss, layer.backward()


def zipf_counts(V: int, rng: np.random.Generator, top: int = 100_000) -> np.ndarray:
    """지프 법칙을 따르는 빈도 (V,) int64: 순위 r의 빈도 max(1, top // r)를 무작위 단어 ID 순서로."""
    counts = np.empty(V, dtype=np.int64)
    counts[rng.permutation(V)] = np.maximum(1, top // np.arange(1, V + 1))
    return counts


def _setup(V: int, H: int, n_softmax: int, n_fast: int):
    rng = np.random.default_rng(V)
    counts = zipf_counts(V, rng)
    p = counts / counts.sum()
    W = (0.01 * rng.standard_normal((V, H))).astype(np.float32)
    soft = rng.standard_normal((n_softmax, H), dtype=np.float32), rng.choice(V, size=n_softmax, p=p)
    fast = rng.standard_normal((n_fast, H), dtype=np.float32), rng.choice(V, size=n_fast, p=p)
    return counts, p, W, soft, fast


def mean_code_lengths(Vs: Sequence[int] = VS) -> np.ndarray:
    """V마다 :func:`measure_per_word`가 쓰는 지프 빈도의 허프만 평균 부호 길이 (토큰 기준), (len(Vs),) float (결정적)."""
    from ..hierarchical_softmax import HuffmanTree

    out = []
    for V in Vs:
        counts = zipf_counts(V, np.random.default_rng(V))
        out.append(HuffmanTree(counts).expected_length(counts / counts.sum()))
    return np.asarray(out)


def measure_per_word(Vs: Sequence[int] = VS, H: int = 100, n_softmax: int = 100, n_fast: int = 1_000,
                     min_total: float = 0.02) -> dict[str, float]:
    """V마다 세 손실의 순전파 + 역전파 시간을 샘플 하나당 초로 잽니다 (float32, 희소 기울기).

    Returns
    -------
    dict: ``f"{key}|V{V}"`` (key는 :data:`KEYS`) → 샘플 하나의 초 (여러 번 잰 것 가운데 최솟값을 샘플 수로 나눔)
    """
    out = {}
    for V in Vs:
        counts, _, W, (h_soft, t_soft), (h_fast, t_fast) = _setup(V, H, n_softmax, n_fast)
        ns = NegativeSamplingLoss(W, np.repeat(np.arange(V), counts), sparse=True, rng=0)
        hs = HierarchicalSoftmaxLoss(W, counts, sparse=True)
        out[f"softmax|V{V}"] = best_time(lambda: softmax_step(W, h_soft, t_soft), repeat=3, min_total=min_total) / n_softmax
        out[f"ns|V{V}"] = best_time(lambda: loss_step(ns, h_fast, t_fast), min_total=min_total) / n_fast
        out[f"hs|V{V}"] = best_time(lambda: loss_step(hs, h_fast, t_fast), min_total=min_total) / n_fast
    return out


def plot_per_word(result: dict, H: int = 100, ax=None):
    """단어당 비용을 로그-로그 그림으로 (마이크로초). ``ax``를 돌려줍니다.

    ``result``: ``"V"`` (m,) int와 :data:`NAMES`의 이름마다 (m,) float 초 (저장된 실행에서는
    :func:`w2vlib.book.results.per_word_costs`)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.2))
    return line_plot(ax, result["V"], {name: result[name] * 1e6 for name in NAMES}, styles=("o-", "s-", "^-"),
                     logx=True, logy=True, xlabel="어휘 수 V (로그 눈금)", ylabel="샘플 하나의 순전파 + 역전파 (마이크로초)",
                     title=f"단어 하나당 비용 (H = {H}, float32)")
