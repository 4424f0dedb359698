"""책의 CBOW를 ``w2vlib``의 기본 학습으로 한 단계씩 바꿔 가는 설정들 (4.3절 뒤 "속도는 어디서 왔나"에서 씀).

:data:`STAGES`는 행 하나가 한 가지 변경인 목록입니다. 각 :class:`Stage`는 실제로 학습할 수 있는 설정이고, 모두
기존 부품(:mod:`w2vlib.book.reference`, :mod:`w2vlib.layers`, :mod:`w2vlib.negative_sampling`, :mod:`w2vlib.models`,
:mod:`w2vlib.optimizers`, :mod:`w2vlib.train`)을 조립해 만듭니다. 새 단계를 더하려면 :class:`Stage` 하나를 목록에
넣으면 됩니다. 마지막 행들은 :func:`w2vlib.train.train_word2vec` (이 라이브러리의 기본 학습 경로)을 그대로
부르므로, 학습 경로가 빨라지면 그 행도 저절로 빨라집니다.

``exact=True``인 단계는 바로 앞 단계와 (같은 가중치, 같은 배치, 같은 부정적 예에서) 같은 손실과 기울기,
같은 갱신을 계산합니다 (부동소수 반올림 범위에서; ``tests/book/test_speedup_steps.py``가 확인). ``exact=False``인
단계는 계산 자체가 바뀝니다 (표본의 분포, 옵티마이저, 배치 크기, 윈도우).

shape: N 배치 크기, V 어휘 수, H 은닉층 크기, w 윈도우 크기, k 부정적 예의 수.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import reference
from .figures import WIDE_WIDTH
from .formatting import format_duration
from ..layers import Embedding
from ..models import CBOW
from ..negative_sampling import NegativeSamplingLoss
from ..optimizers import Adam
from ..sampling import UnigramSampler, as_rng
from ..scatter import SparseRowGrad, as_grad
from ..train import TrainConfig, train_word2vec

HIDDEN_SIZE, WINDOW_SIZE, SAMPLE_SIZE, POWER = 100, 5, 5, 0.75
"""책과 같은 하이퍼파라미터 (모든 단계에 공통)."""


class StagedCBOW:
    """책의 CBOW 구조(맥락 위치마다 Embedding 계층 2w 개, 모두 같은 W_in 공유)에서 부품만 바꿔 끼운 모델.

    Parameters
    ----------
    vocab_size, hidden_size, window_size, corpus : 책의 ``CBOW``와 같음
    input_layer : ``'book'``이면 입력 측 계층이 책의 :class:`w2vlib.book.reference.Embedding` (밀집 (V, H) 기울기,
        2차원 ``np.add.at``), ``'flat'``이면 :class:`w2vlib.layers.Embedding` (밀집 기울기, 평면 인덱스
        ``np.add.at``). ``sparse=True``이면 무시하고 희소 Embedding을 씁니다.
    sparse : True이면 모든 기울기가 배치가 건드린 행만 담는 :class:`~w2vlib.scatter.SparseRowGrad`이고,
        ``params``는 [W_in, W_out] 두 개뿐입니다 (책의 ``remove_duplicate``가 필요 없음). False이면 책처럼
        계층마다 밀집 기울기 하나씩: ``params``는 [W_in]·2w + [W_out].
    rng : 시드, ``np.random.Generator`` 또는 None (가중치 초기화와 부정적 예 샘플러)

    출력 측은 언제나 :class:`w2vlib.negative_sampling.NegativeSamplingLoss`: 정답과 부정적 예 k 개를 (N, k+1)
    인덱스 하나로 한 번에 gather 합니다 (책은 ``EmbeddingDot`` 계층 k+1개와 파이썬 루프).

    forward(contexts, target) : contexts (N, 2w) int, target (N,) int → 손실 (float, 책과 같은 배치 평균)
    backward(dout=1) : ``grads``를 채웁니다. ``word_vecs`` (V, H) float32 = W_in.
    """

    def __init__(self, vocab_size, hidden_size, window_size, corpus, *, input_layer="book", sparse=False,
                 rng=None):
        if input_layer not in ("book", "flat"):
            raise ValueError(f"input_layer: 'book' 또는 'flat'이어야 합니다 (받은 값: {input_layer!r}).")
        rng = as_rng(rng)
        V, H = vocab_size, hidden_size
        W_in = (0.01 * rng.standard_normal((V, H))).astype(np.float32)
        W_out = (0.01 * rng.standard_normal((V, H))).astype(np.float32)
        if sparse:
            self.in_layers = [Embedding(W_in, sparse=True) for _ in range(2 * window_size)]
        elif input_layer == "book":
            self.in_layers = [reference.Embedding(W_in) for _ in range(2 * window_size)]
        else:
            self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.loss_layer = NegativeSamplingLoss(W_out, corpus, power=POWER, sample_size=SAMPLE_SIZE, rng=rng,
                                               sparse=sparse)
        self.sparse = sparse
        if sparse:
            self._grad_in = SparseRowGrad(W_in.shape)
            self.params = [W_in, W_out]
            self.grads = [self._grad_in, self.loss_layer.grads[0]]
        else:
            self.params = [layer.params[0] for layer in self.in_layers] + self.loss_layer.params
            self.grads = [layer.grads[0] for layer in self.in_layers] + self.loss_layer.grads
        self.word_vecs = W_in

    def forward(self, contexts, target) -> float:
        h = 0
        for j, layer in enumerate(self.in_layers):
            h = h + layer.forward(contexts[:, j])                     # (N, H), 책처럼 위치마다 한 번씩
        h *= 1 / len(self.in_layers)
        return self.loss_layer.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        dh = self.loss_layer.backward(dout) * (1 / len(self.in_layers))
        for layer in self.in_layers:
            layer.backward(dh)
        if self.sparse:                                                # 위치 2w 개의 행 기울기를 하나로 합침
            grads = [layer.grads[0] for layer in self.in_layers]
            self._grad_in.set_from_scatter(np.concatenate([g.rows for g in grads]),
                                           np.concatenate([g.values for g in grads]))
        return None


class DensifiedGrads:
    """희소 기울기를 (V, H) 밀집 행렬로 펴서 감싼 옵티마이저에 넘깁니다: 밀집 Adam을 희소 기울기 모델에 쓸 때.

    ``optimizer`` : ``update(params, grads)``를 갖는 옵티마이저 (예: 책의 :class:`w2vlib.book.reference.Adam`).
    펴는 비용은 행렬마다 (V, H) 0 채우기 한 번과 건드린 행 쓰기뿐이라, 책의 계층 16개 × 밀집 기울기와
    ``remove_duplicate``보다 훨씬 적습니다. 갱신 결과는 밀집 기울기를 받은 것과 같습니다.
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer

    def update(self, params, grads) -> None:
        self.optimizer.update(params, [as_grad(g).to_array() for g in grads])


def book_step(model, optimizer, contexts, target) -> float:
    """책의 한 반복 (:func:`w2vlib.book.reference.train_step`: 공유 가중치의 기울기를 ``remove_duplicate``로 합침)."""
    return reference.train_step(model, optimizer, contexts, target)


def plain_step(model, optimizer, contexts, target) -> float:
    """순전파, 역전파, 갱신. ``params``에 같은 행렬이 한 번씩만 있는 모델용 (``Trainer.fit``의 한 반복과 같음)."""
    loss = model.forward(contexts, target)
    model.backward()
    optimizer.update(model.params, model.grads)
    return loss


@dataclass
class Run:
    """학습할 수 있게 조립한 한 단계: ``step(contexts, target)`` 한 번이 배치 하나의 학습입니다."""

    model: object
    optimizer: object
    step_fn: Callable

    def step(self, contexts, target) -> float:
        return self.step_fn(self.model, self.optimizer, contexts, target)


def _book(corpus, V, seed):
    return Run(reference.CBOW(V, HIDDEN_SIZE, WINDOW_SIZE, corpus, rng=np.random.RandomState(seed)),
               reference.Adam(), book_step)


def _alias(corpus, V, seed):
    run = _book(corpus, V, seed)
    run.model.ns_loss.sampler = UnigramSampler(corpus, POWER, SAMPLE_SIZE, vocab_size=V, rng=seed)
    return run


def _staged(input_layer="book", sparse=False, optimizer=reference.Adam, densify=False, step=book_step):
    def build(corpus, V, seed):
        model = StagedCBOW(V, HIDDEN_SIZE, WINDOW_SIZE, corpus, input_layer=input_layer, sparse=sparse, rng=seed)
        opt = optimizer()
        return Run(model, DensifiedGrads(opt) if densify else opt, step)
    return build


def _w2vlib_cbow(lr):
    def build(corpus, V, seed):
        model = CBOW(V, HIDDEN_SIZE, WINDOW_SIZE, corpus, sample_size=SAMPLE_SIZE, power=POWER, rng=seed)
        return Run(model, Adam(lr), plain_step)
    return build


@dataclass(frozen=True)
class Stage:
    """표의 한 행: 앞 행에서 한 가지를 바꾼 학습 설정.

    Attributes
    ----------
    key : 짧은 영어 식별자
    label : 표·그림에 쓰는 한국어 이름
    change : 앞 행에서 무엇을 바꿨는지 (한국어 한 문장)
    batch_size : 배치 크기
    lr : 학습률
    exact : 앞 행과 같은 손실·기울기·갱신을 계산하면 True
    build : ``(corpus, vocab_size, seed) -> Run`` (반복 단위로 재는 단계) 또는 None
    train_config : :class:`~w2vlib.train.TrainConfig`이면 :func:`~w2vlib.train.train_word2vec`으로 학습하는
        단계 (``build`` 대신)
    reuse_memory : 이 단계를 재는 프로세스가 재기 전에 :func:`w2vlib.memory.reuse_large_allocations`를 부름
        (프로세스 전체 설정이라 이 모듈은 부르지 않고, 프로세스의 주인인 벤치마크(``benchmarks/suite.py``)가 단계마다
        새 프로세스에서 부릅니다: 앞 단계의 설정을 물려받는 단계가 없음)
    workers : 학습에 쓰는 CPU 코어 수 (``train_config`` 단계는 그 값과 같음, 나머지는 1)
    optimizer_name : 표에 쓰는 옵티마이저 이름
    window : 표에 쓰는 윈도우 방식
    """

    key: str
    label: str
    change: str
    batch_size: int
    lr: float
    exact: bool
    build: Callable | None = None
    train_config: TrainConfig | None = None
    reuse_memory: bool = False
    optimizer_name: str = "밀집 Adam"
    window: str = "고정"

    @property
    def workers(self) -> int:
        return self.train_config.workers if self.train_config is not None else 1


LARGE = TrainConfig().batch_size, TrainConfig().lr
"""w2vlib 기본 설정의 (배치 크기, 학습률) — CBOW·Adam의 기본값을 그대로 따릅니다."""

STAGES: list[Stage] = [
    Stage("book", "책 그대로", "책의 ch04 코드(w2vlib.book.reference): 행마다 np.random.choice, EmbeddingDot 계층 k+1개, "
          "밀집 (V, H) 기울기 16개, remove_duplicate, NumPy 2에서 float64로 계산되는 Adam", 100, 0.001, True,
          build=_book, optimizer_name="밀집 Adam (float64)"),
    Stage("alias", "별칭 샘플러", "부정적 예를 행마다 np.random.choice로 뽑는 대신 별칭 표로 배치 전체를 한 번에 뽑음",
          100, 0.001, False, build=_alias, optimizer_name="밀집 Adam (float64)"),
    Stage("gather", "(N, k+1) gather 한 번", "EmbeddingDot 계층 k+1개와 파이썬 루프 대신 정답·부정적 예를 "
          "(N, k+1) 인덱스 하나로 gather", 100, 0.001, True, build=_staged("book"),
          optimizer_name="밀집 Adam (float64)"),
    Stage("flat", "평면 인덱스 np.add.at", "입력 측 Embedding 계층 10개의 기울기 더하기를 2차원 np.add.at 대신 "
          "평면 인덱스 np.add.at으로", 100, 0.001, True, build=_staged("flat"),
          optimizer_name="밀집 Adam (float64)"),
    Stage("sparse", "희소 행 기울기", "밀집 (V, H) 기울기 16개와 remove_duplicate 대신 건드린 행만 담는 "
          "SparseRowGrad 두 개 (밀집 Adam에는 펴서 넘김)", 100, 0.001, True,
          build=_staged(sparse=True, densify=True, step=plain_step), optimizer_name="밀집 Adam (float64)"),
    Stage("float32", "float32 Adam (float(lr_t))", "책의 Adam에서 lr_t 하나만 파이썬 float로: NumPy 2의 형 승격이 "
          "갱신 전체를 float64로 바꾸지 않아 float32로 계산됨 (식과 임시 배열은 책 그대로)", 100, 0.001, True,
          build=_staged(sparse=True, optimizer=reference.AdamFloatLR, densify=True, step=plain_step),
          optimizer_name="밀집 Adam (float32)"),
    Stage("inplace", "제자리 Adam", "책의 Adam 식 대신 임시 배열 없이 제자리에서 갱신하는 w2vlib.optimizers.Adam "
          "(같은 식, 여전히 밀집)", 100, 0.001, True,
          build=_staged(sparse=True, optimizer=Adam, densify=True, step=plain_step),
          optimizer_name="밀집 Adam (float32, 제자리)"),
    Stage("lazy", "lazy Adam", "밀집 Adam 대신 건드린 행의 가중치·모멘트만 갱신하는 lazy Adam", 100, 0.001, False,
          build=_staged(sparse=True, optimizer=Adam, step=plain_step), optimizer_name="lazy Adam"),
    Stage("incidence", "희소 접속 행렬 (w2vlib CBOW)", "맥락 위치마다의 Embedding 계층 10개 대신, 서로 다른 맥락 "
          "단어의 행을 한 번 gather하고 희소 접속 행렬 하나로 평균과 역전파 (w2vlib.models.CBOW)", 100, 0.001, True,
          build=_w2vlib_cbow(0.001), optimizer_name="lazy Adam"),
    Stage("large_batch", f"배치 {LARGE[0]:,}", f"배치 100, 학습률 0.001 대신 배치 {LARGE[0]:,}, 학습률 {LARGE[1]}",
          LARGE[0], LARGE[1], False, build=_w2vlib_cbow(LARGE[1]), optimizer_name="lazy Adam"),
    Stage("memory", "큰 임시 배열 재사용", "glibc의 mmap 문턱을 올려 큰 임시 배열의 메모리를 재사용 "
          "(w2vlib.memory.reuse_large_allocations)", LARGE[0], LARGE[1], True, build=_w2vlib_cbow(LARGE[1]),
          reuse_memory=True, optimizer_name="lazy Adam"),
    Stage("trainer", "w2vlib 학습 경로 (고정 윈도우)", "직접 쓴 반복문 대신 w2vlib의 기본 학습 경로 "
          "train_word2vec(Trainer.fit)을 고정 윈도우로", LARGE[0], LARGE[1], False,
          train_config=TrainConfig(shrink_window=False, epochs=1, workers=1), reuse_memory=True,
          optimizer_name="lazy Adam"),
    Stage("default", "줄어드는 윈도우 (w2vlib 학습 설정)", "TrainConfig()의 학습 설정 그대로: word2vec처럼 타깃마다 "
          "윈도우를 1~5로 무작위로 줄임 (맥락 수 평균 10 → 6). 메모리 재사용은 앞 단계처럼 켠 채 잽니다 (라이브러리 "
          "기본값은 끔: 그 시간은 'w2vlib CBOW (기본값)' 행)", LARGE[0], LARGE[1], False,
          train_config=TrainConfig(epochs=1, workers=1), reuse_memory=True, optimizer_name="lazy Adam",
          window="줄어드는"),
]
"""책 → w2vlib 기본 학습의 단계 목록 (순서대로 한 가지씩 바뀜). 행을 더할 때는 이 목록에 :class:`Stage`를 넣습니다."""


def _w2vlib_cbow_dense_adam(lr):
    def build(corpus, V, seed):
        run = _w2vlib_cbow(lr)(corpus, V, seed)
        run.optimizer = DensifiedGrads(Adam(lr))
        return run
    return build


DENSE_ADAM_LARGE_BATCH = Stage(
    "dense_large_batch", f"배치 {LARGE[0]:,} + 밀집 Adam", "큰 배치에서 lazy Adam 대신 밀집 float32 Adam"
    "(희소 기울기를 펴서 넘김): 한 반복이 거의 모든 행을 건드릴 때 희소 갱신이 얼마나 아끼는지 보는 비교용",
    LARGE[0], LARGE[1], False, build=_w2vlib_cbow_dense_adam(LARGE[1]), optimizer_name="밀집 Adam (float32)")
"""목록 밖의 비교용 설정: :data:`STAGES`의 ``large_batch`` 행과 옵티마이저만 다릅니다."""


@dataclass
class StageTiming:
    """한 단계의 에폭당 시간. ``extrapolated``이면 ``iterations_timed`` 번만 재서 에폭으로 늘려 잡은 값입니다."""

    stage: Stage
    seconds_per_epoch: float
    iterations_timed: int
    iterations_per_epoch: int
    extrapolated: bool


def time_stage(stage: Stage, corpus, vocab_size: int, contexts, target, *, budget: float = 2.0,
               min_iters: int = 20, full_epoch_iters: int = 100, seed: int = 0) -> StageTiming:
    """``stage``로 PTB 한 에폭에 걸리는 시간을 잽니다.

    반복 단위 단계(``build``)는 준비 운동 2번 뒤, 섞은 순서의 배치로 한 에폭을 다 돌거나 ``budget`` 초가 지날
    때까지 (단, 적어도 ``min_iters`` 번, 에폭당 반복이 ``full_epoch_iters`` 번 이하이면 언제나 한 에폭 전체)
    반복마다 시간을 잽니다. 한 에폭을 다 돌았으면 그 합이고, 아니면
    반복당 시간의 중앙값 × 에폭당 반복 수로 늘려 잡습니다 (공유 기계에서 다른 작업이 끼어든 반복에 덜 흔들림).
    ``train_config`` 단계는 :func:`~w2vlib.train.train_word2vec`으로 1에폭을 학습해 ``trainer.elapsed``를 씁니다.

    contexts (D, 2w) int, target (D,) int : PTB 전체의 맥락과 타깃 (``create_contexts_target(corpus, 5)``)
    """
    if stage.train_config is not None:
        cfg = stage.train_config
        _, trainer = train_word2vec(corpus, vocab_size, TrainConfig(**{**vars(cfg), "epochs": 1, "seed": seed}),
                                    progress=False)
        iters = len(target) // cfg.batch_size
        return StageTiming(stage, trainer.elapsed, iters, iters, False)
    run = stage.build(corpus, vocab_size, seed)
    iters = len(target) // stage.batch_size
    order = np.random.default_rng(seed + 1).permutation(len(target))
    n = stage.batch_size

    def batch(i):
        idx = order[(i % iters) * n:(i % iters + 1) * n]
        return contexts[idx], target[idx]

    for i in range(2):                                   # 준비 운동 (캐시, 모멘트 할당)
        run.step(*batch(i))
    times = []
    start = time.perf_counter()
    for i in range(iters):
        c, t = batch(i + 2)
        t0 = time.perf_counter()
        run.step(c, t)
        times.append(time.perf_counter() - t0)
        if iters > full_epoch_iters and len(times) >= min_iters and time.perf_counter() - start > budget:
            break
    if len(times) == iters:
        return StageTiming(stage, float(np.sum(times)), iters, iters, False)
    return StageTiming(stage, float(np.median(times)) * iters, len(times), iters, True)


def weight_matrices(model) -> tuple[np.ndarray, np.ndarray]:
    """모델의 (W_in, W_out) (V, H) 배열 (복사 없이). 모든 단계의 모델에서 ``params``의 처음과 끝입니다."""
    return model.params[0], model.params[-1]


def negative_sampler(model):
    """모델이 부정적 예를 뽑는 샘플러 객체 (``get_negative_sample(target)``을 가짐)."""
    owner = getattr(model, "ns_loss", None) or model.loss_layer
    return owner.sampler


def dense_gradients(model) -> tuple[np.ndarray, np.ndarray]:
    """마지막 ``backward``의 (dW_in, dW_out)을 (V, H) 밀집 배열로: 같은 행렬을 공유하는 기울기는 더합니다."""
    W_in, W_out = weight_matrices(model)
    total = {id(W_in): np.zeros(W_in.shape), id(W_out): np.zeros(W_out.shape)}
    for p, g in zip(model.params, model.grads):
        total[id(p)] += as_grad(g).to_array()
    return total[id(W_in)], total[id(W_out)]


def train_stage(stage: Stage, corpus, vocab_size: int, contexts, target, *, epochs: int = 1,
                max_steps: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``stage``의 설정으로 학습해 (단어 벡터 (V, H) float32, 반복마다의 학습 손실 (steps,) float64)를 돌려줍니다.

    에폭마다 순서를 섞고 나머지 배치는 버립니다 (책·``Trainer.fit``과 같음). ``max_steps``를 주면 그 반복 수에서
    멈춥니다 (한 에폭을 다 돌기에 너무 느린 설정의 짧은 학습). 같은 ``seed`` 면 같은 결과입니다.
    ``train_config`` 단계는 :func:`~w2vlib.train.train_word2vec`에 ``epochs``와 ``seed``만 바꿔 넘기고, 손실은
    ``Trainer.loss_list`` (구간 평균)입니다.
    """
    if stage.train_config is not None:
        if max_steps is not None:
            raise ValueError("max_steps: train_config 단계(train_word2vec)는 에폭 단위로만 학습합니다.")
        cfg = TrainConfig(**{**vars(stage.train_config), "epochs": epochs, "seed": seed})
        model, trainer = train_word2vec(corpus, vocab_size, cfg, progress=False)
        return model.word_vecs, np.asarray(trainer.loss_list)
    run = stage.build(corpus, vocab_size, seed)
    n = stage.batch_size
    iters = len(target) // n
    total = epochs * iters if max_steps is None else min(max_steps, epochs * iters)
    rng = np.random.default_rng(seed + 1)
    losses = []
    while len(losses) < total:
        order = rng.permutation(len(target))
        for i in range(min(iters, total - len(losses))):
            idx = order[i * n:(i + 1) * n]
            losses.append(run.step(contexts[idx], target[idx]))
    return run.model.word_vecs, np.asarray(losses)


def summarize(timings: list[StageTiming]) -> list[dict]:
    """표의 행들: ``label``, ``seconds`` (에폭당 초), ``vs_previous``·``vs_book`` (앞 행·첫 행 대비 몇 배 빠른지),
    ``extrapolated``, ``exact``, ``batch_size``, ``optimizer``, ``window``."""
    rows = []
    for i, tm in enumerate(timings):
        s = tm.stage
        rows.append({"label": s.label, "seconds": tm.seconds_per_epoch,
                     "vs_previous": timings[i - 1].seconds_per_epoch / tm.seconds_per_epoch if i else 1.0,
                     "vs_book": timings[0].seconds_per_epoch / tm.seconds_per_epoch,
                     "extrapolated": tm.extrapolated, "iterations_timed": tm.iterations_timed,
                     "iterations_per_epoch": tm.iterations_per_epoch, "exact": s.exact,
                     "batch_size": s.batch_size, "optimizer": s.optimizer_name, "window": s.window})
    return rows


def plot_stage_times(timings: list[StageTiming], ax=None):
    """단계별 에폭당 시간의 가로 막대그래프 (로그 눈금, 막대 끝에 시간과 앞 행 대비 배율). Axes를 돌려줍니다.

    늘려 잡은 값(짧게 재서 에폭으로 환산)은 빗금 막대로, 결과가 앞 행과 같은(정확한) 변경은 파란색, 계산이
    바뀌는 변경은 주황색으로 그립니다. 첫 행(기준, 앞 행이 없음)은 회색입니다.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .plotting import use_korean_font
    use_korean_font()
    rows = summarize(timings)
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDE_WIDTH, 0.45 * len(rows) + 1.2))
    y = np.arange(len(rows))[::-1]
    for yi, r in zip(y, rows):
        color = "tab:gray" if r is rows[0] else "tab:blue" if r["exact"] else "tab:orange"
        ax.barh(yi, r["seconds"], color=color,
                hatch="//" if r["extrapolated"] else None, edgecolor="white")
        text = format_duration(r["seconds"]) + ("" if r is rows[0] else f"  (×{r['vs_previous']:.1f})")
        ax.text(r["seconds"] * 1.1, yi, text, va="center", fontsize=9)
    ax.set_yticks(y, [r["label"] for r in rows])
    ax.set_xscale("log")
    ax.set_xlim(min(r["seconds"] for r in rows) / 2, max(r["seconds"] for r in rows) * 8)
    ax.set_xlabel("PTB 한 에폭의 학습 시간 (초, 로그 눈금)")
    ax.legend(handles=[Patch(color="tab:gray", label="기준 (첫 행)"),
                       Patch(color="tab:blue", label="결과가 앞 행과 같은 변경"),
                       Patch(color="tab:orange", label="계산이 바뀌는 변경"),
                       Patch(facecolor="lightgray", hatch="//", edgecolor="white", label="짧게 재서 늘려 잡은 값")],
              loc="lower right", fontsize=8)
    return ax





BOOK_ITERATION_PARTS = ("sampler", "forward", "backward", "remove_duplicate", "adam_book", "adam_float")
""":func:`profile_book_iteration`이 재는 책의 한 반복의 부분들 (``forward``는 샘플러를 포함)."""


def profile_book_iteration(corpus, vocab_size: int, contexts, target, *, n_iter: int = 7, batch_size: int = 100,
                           seed: int = 0) -> dict:
    """책의 CBOW + Adam 한 반복을 부분마다 재서 부분 이름(:data:`BOOK_ITERATION_PARTS`) → 최소 시간(초)을 돌려줍니다.

    무작위 배치 ``batch_size`` 개로 ``n_iter`` 번 (준비 운동 한 번 뒤) 반복합니다. ``adam_float``은 ``lr_t``만 파이썬
    float로 바꾼 :class:`w2vlib.book.reference.AdamFloatLR`을 매개변수의 복사본에 적용한 시간입니다 (학습에 끼어들지 않게).
    contexts (D, 2w) int, target (D,) int : ``create_contexts_target(corpus, 5)``
    """
    model = reference.CBOW(vocab_size, HIDDEN_SIZE, WINDOW_SIZE, corpus, rng=np.random.RandomState(seed))
    adam_book, adam_float = reference.Adam(), reference.AdamFloatLR()
    params_copy = None
    rng = np.random.default_rng(seed)
    times = {k: [] for k in BOOK_ITERATION_PARTS}
    for it in range(n_iter + 1):                          # 첫 반복은 준비 운동 (기록하지 않음)
        batch = rng.integers(0, len(target), size=batch_size)
        c, t = contexts[batch], target[batch]
        t0 = time.perf_counter()
        model.ns_loss.sampler.get_negative_sample(t)
        t1 = time.perf_counter()
        model.forward(c, t)
        t2 = time.perf_counter()
        model.backward()
        t3 = time.perf_counter()
        params, grads = reference.remove_duplicate(model.params, model.grads)
        t4 = time.perf_counter()
        adam_book.update(params, grads)
        t5 = time.perf_counter()
        if params_copy is None:
            params_copy = [p.copy() for p in params]
        t6 = time.perf_counter()
        adam_float.update(params_copy, grads)
        t7 = time.perf_counter()
        if it > 0:
            for k, dt in zip(BOOK_ITERATION_PARTS, [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t7 - t6]):
                times[k].append(dt)
    return {k: min(v) for k, v in times.items()}
