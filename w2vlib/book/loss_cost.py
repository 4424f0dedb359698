"""부록 A: 소프트맥스, 네거티브 샘플링, 계층적 소프트맥스의 단어당 비용을 어휘 수 V를 바꿔 가며 잽니다.

시간은 기계와 부하에 따라 달라지므로, 결과를 보여 주는 셀은 ``nbval-ignore-output``입니다.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..hierarchical_softmax import HierarchicalSoftmaxLoss
from ..negative_sampling import NegativeSamplingLoss
from .figures import line_plot
from .timing import best_time

NAMES = ("소프트맥스", "네거티브 샘플링 (k = 5)", "계층적 소프트맥스")


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


def measure_per_word(Vs: Sequence[int] = (1_000, 3_000, 10_000, 30_000, 100_000), H: int = 100,
                     n_softmax: int = 100, n_fast: int = 1_000, min_total: float = 0.02) -> dict:
    """V마다 세 손실의 순전파 + 역전파 시간을 샘플 하나당 초로 잽니다 (float32, 희소 기울기).

    Returns
    -------
    dict: :data:`NAMES`의 이름마다 (len(Vs),) float 초, ``"V"`` (len(Vs),) int,
    ``"mean_length"`` (len(Vs),) float 허프만 평균 부호 길이 (토큰 기준)
    """
    out = {name: [] for name in NAMES} | {"V": np.asarray(Vs), "mean_length": []}
    for V in Vs:
        rng = np.random.default_rng(V)
        counts = zipf_counts(V, rng)
        p = counts / counts.sum()
        W = (0.01 * rng.standard_normal((V, H))).astype(np.float32)
        h_soft, t_soft = rng.standard_normal((n_softmax, H), dtype=np.float32), rng.choice(V, size=n_softmax, p=p)
        h_fast, t_fast = rng.standard_normal((n_fast, H), dtype=np.float32), rng.choice(V, size=n_fast, p=p)
        ns = NegativeSamplingLoss(W, np.repeat(np.arange(V), counts), sparse=True, rng=0)
        hs = HierarchicalSoftmaxLoss(W, counts, sparse=True)
        out["mean_length"].append(hs.tree.expected_length(p))
        out[NAMES[0]].append(best_time(lambda: softmax_step(W, h_soft, t_soft), repeat=3, min_total=min_total) / n_softmax)
        out[NAMES[1]].append(best_time(lambda: loss_step(ns, h_fast, t_fast), min_total=min_total) / n_fast)
        out[NAMES[2]].append(best_time(lambda: loss_step(hs, h_fast, t_fast), min_total=min_total) / n_fast)
    return {k: np.asarray(v) for k, v in out.items()}


def plot_per_word(result: dict, H: int = 100, ax=None):
    """:func:`measure_per_word`의 결과를 로그-로그 그림으로 (마이크로초). ``ax``를 돌려줍니다."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.2))
    return line_plot(ax, result["V"], {name: result[name] * 1e6 for name in NAMES}, styles=("o-", "s-", "^-"),
                     logx=True, logy=True, xlabel="어휘 수 V (로그 눈금)", ylabel="샘플 하나의 순전파 + 역전파 (마이크로초)",
                     title=f"단어 하나당 비용 (H = {H}, float32)")
