"""4.3절 "책의 구현은 왜 느린가": 책의 CBOW 한 반복을 단계별로 잽니다 (샘플러, 순전파, 역전파,
``remove_duplicate``, Adam 갱신, ``lr_t``만 float로 고친 Adam).

시간은 기계와 부하에 따라 달라지므로, 결과를 보여 주는 셀은 ``nbval-ignore-output``입니다.
"""
from __future__ import annotations

import numpy as np

from ..text import create_contexts_target
from . import reference
from .timing import StepTimer

STEPS = ("sampler", "forward", "backward", "remove_duplicate", "adam_book", "adam_float")


def profile_book_iteration(corpus: np.ndarray, vocab_size: int, n_iter: int = 7, batch_size: int = 100,
                           hidden_size: int = 100, window_size: int = 5, seed: int = 0) -> tuple[dict, int, int]:
    """책의 CBOW로 무작위 배치 ``n_iter``번을 돌며 단계마다 가장 짧은 시간(초)을 잽니다 (첫 반복은 준비 운동).

    float Adam은 가중치의 복사본을 갱신하므로 학습에 끼어들지 않습니다. 순전파 시간에는 샘플러가 들어 있습니다.

    Returns
    -------
    (best, iters_per_epoch, n_grads): best = {:data:`STEPS`의 단계: 초}, 에폭당 반복 수, 모델의 기울기 배열 수
    """
    contexts_all, target_all = create_contexts_target(corpus, window_size=window_size)
    model = reference.CBOW(vocab_size, hidden_size, window_size, corpus, rng=np.random.RandomState(seed))
    adam_book, adam_float = reference.Adam(), reference.AdamFloatLR()
    params_copy = None
    rng = np.random.default_rng(seed)
    timer = StepTimer()
    for it in range(n_iter + 1):
        batch = rng.integers(0, len(target_all), size=batch_size)
        c, t = contexts_all[batch], target_all[batch]
        lap = timer if it > 0 else StepTimer()          # 첫 반복은 버리는 타이머에 기록
        with lap("sampler"):
            model.ns_loss.sampler.get_negative_sample(t)
        with lap("forward"):
            model.forward(c, t)
        with lap("backward"):
            model.backward()
        with lap("remove_duplicate"):
            params, grads = reference.remove_duplicate(model.params, model.grads)
        with lap("adam_book"):
            adam_book.update(params, grads)
        if params_copy is None:
            params_copy = [p.copy() for p in params]
        with lap("adam_float"):
            adam_float.update(params_copy, grads)
    return timer.best(), len(target_all) // batch_size, len(model.grads)
