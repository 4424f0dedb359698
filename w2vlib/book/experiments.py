"""4.4절: 하이퍼파라미터를 하나씩 바꾸는 실험의 기록, "차이 없음" 구간(시드의 흔들림), 결과 표와 그림.

점수는 :func:`w2vlib.evaluation.benchmark_scores`의 결과에 ``"sentence"`` (문장 분류 정확도)를 더한 dict입니다.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..evaluation import benchmark_scores
from ..train import TrainConfig, train_word2vec
from .figures import WIDE_WIDTH
from .results import SEED_SPREAD
from .tables import markdown_table

METRICS = (("analogy", "유추"), ("ws353", "WordSim"), ("simlex", "SimLex"), ("sentence", "문장 분류"))
KNOWN_SPREAD = {**SEED_SPREAD, "sentence": 0.0}   # 10에폭, 여러 시드로 잰 흔들림 (문장 분류는 분할이 같아 0)
SCORE_HEADER = ("설정", "유추 정답률", "WordSim-353 ρ", "SimLex-999 ρ", "문장 분류", "차이 없음 구간 밖")


class Experiments:
    """학습 → 평가 결과를 이름별로 모읍니다.

    Parameters
    ----------
    corpus : (T,) int, 기본 학습 말뭉치; vocab_size : V; word_to_id : 평가용 어휘
    sentence_accuracy : 단어 벡터 (V, H) → 문장 분류 정확도 (float)
    """

    def __init__(self, corpus: np.ndarray, vocab_size: int, word_to_id: dict,
                 sentence_accuracy: Callable[[np.ndarray], float]):
        self.corpus, self.vocab_size, self.word_to_id = corpus, vocab_size, word_to_id
        self.sentence_accuracy = sentence_accuracy
        self.results: dict[str, dict] = {}
        self.seed_names: list[str] = []

    def add(self, name: str, word_vecs: np.ndarray) -> dict:
        """이미 학습한 단어 벡터 (V, H)를 평가해 ``results[name]``에 넣습니다.

        학습 시간은 모으지 않습니다: 책의 시간은 저장된 벤치마크 실행(``hp_*`` 행)에서 읽습니다."""
        scores = benchmark_scores(word_vecs, self.word_to_id) | {"sentence": self.sentence_accuracy(word_vecs)}
        self.results[name] = scores
        return scores

    def run(self, name: str, config: TrainConfig, corpus: np.ndarray | None = None) -> dict:
        """학습 → 평가 → ``results[name]``."""
        model, _ = train_word2vec(self.corpus if corpus is None else corpus, self.vocab_size, config,
                                  progress=False)
        return self.add(name, model.word_vecs)

    def seed_band(self, key: str) -> tuple[float, float]:
        """"차이 없음" 구간: 기준 시드들(``seed_names``)의 평균 ± max(최댓값 − 최솟값, 알려진 흔들림)."""
        seeds = [self.results[n][key] for n in self.seed_names]
        half = max(np.ptp(seeds), KNOWN_SPREAD[key])
        return np.mean(seeds) - half, np.mean(seeds) + half

    def outside_band(self, name: str) -> str:
        """구간 밖으로 벗어난 지표 ("유추 ↑, SimLex ↓" 등), 기준 시드이면 "(기준)"."""
        if name in self.seed_names:
            return "(기준)"
        marks = []
        for key, label in METRICS:
            low, high = self.seed_band(key)
            value = self.results[name][key]
            marks += [f"{label} ↑"] if value > high else [f"{label} ↓"] if value < low else []
        return ", ".join(marks) or "없음"

    def rows(self, names: Sequence[str], labels: Sequence[str] | None = None) -> list[tuple]:
        """표의 행: (설정, 유추, WordSim ρ, SimLex ρ, 문장 분류, 구간 밖)."""
        r = self.results
        return [(label, f"{r[n]['analogy']:.2%}", f"{r[n]['ws353']:.3f}", f"{r[n]['simlex']:.3f}",
                 f"{r[n]['sentence']:.1%}", self.outside_band(n)) for n, label in zip(names, labels or names)]

    def table(self, names: Sequence[str], labels: Sequence[str] | None = None):
        """:data:`SCORE_HEADER`의 마크다운 표."""
        return markdown_table(SCORE_HEADER, self.rows(names, labels))

    def plot_grid(self, experiments: dict, metrics: Sequence[tuple[str, str, float]]):
        """행 = 실험 {제목: [(눈금 이름, 결과 이름)]}, 열 = 지표 [(키, 이름, 배율)]; 회색 띠는 :meth:`seed_band`."""
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(len(experiments), len(metrics), figsize=(WIDE_WIDTH, 12), sharey="col")
        for row, (title, points) in enumerate(experiments.items()):
            for col, (key, label, scale) in enumerate(metrics):
                ax = axes[row, col]
                low, high = self.seed_band(key)
                ax.axhspan(low * scale, high * scale, color="0.85", zorder=0)
                ax.plot(range(len(points)), [self.results[n][key] * scale for _, n in points], "o-", color="tab:blue")
                ax.set_xticks(range(len(points)), [name for name, _ in points])
                ax.set_xlim(-0.5, len(points) - 0.5)
                ax.grid(axis="y", alpha=0.3)
                if row == 0:
                    ax.set_title(label, fontsize=10)
                if col == 0:
                    ax.set_ylabel(title, fontsize=11)
        return fig
