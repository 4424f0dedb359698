"""학습 설정 :class:`TrainConfig` — 하이퍼파라미터가 정해지는 단 한 곳.

필드마다의 :class:`Option` 표(:data:`OPTIONS`)가 그 필드의 허용 범위, 명령줄 플래그(:mod:`w2vlib.cli`가 이
표에서 파서를 만듭니다), 같은 뜻의 책 호환 이름(예: ``Trainer.fit``의 ``max_epoch``), gensim ``Word2Vec``의
인자 이름을 함께 적습니다. 그래서 한 가지 뜻에는 이름이 하나이고, 다른 이름과의 대응은 이 표에만 있습니다:

=================  ==============  ===============  =========================================
TrainConfig        명령줄           gensim           책 호환 클래스
=================  ==============  ===============  =========================================
``sample_size``    ``--negative``  ``negative``     ``NegativeSamplingLoss(sample_size=)``
``window_size``    ``--window``    ``window``       ``CBOW(window_size)``
``hidden_size``    ``--hidden``    ``vector_size``  ``CBOW(hidden_size)``
``epochs``         ``--epochs``    ``epochs``       ``Trainer.fit(max_epoch=)``
=================  ==============  ===============  =========================================

잘못된 값은 필드 이름을 ``argument``로 갖는 :class:`~w2vlib._checks.ArgumentError`입니다 (명령줄은 그 이름으로
플래그를 찾아 알립니다).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

from ._checks import argument_error, positive_int

MODELS = ("cbow", "skipgram")
LOSSES = ("ns", "hs")
OPTIMIZERS = ("adam", "sgd")
LR_SCHEDULES = ("constant", "linear")
"""학습률 일정: 고정, 또는 word2vec처럼 ``lr``에서 ``lr`` × :data:`SGD_FINAL_LR_RATIO`까지 선형 감소."""

OPTIMIZER_DEFAULTS = {
    # 희소(lazy) Adam: 큰 배치로 numpy 호출 비용을 나눕니다. skip-gram은 타깃마다 쌍이 최대 2w 개라 배치가 작습니다.
    ("adam", "cbow"): {"batch_size": 32000, "lr": 0.03, "lr_schedule": "constant"},
    # skip-gram: 타깃 8,000개 (쌍 약 48,000개). PTB 3에폭, 시드 0–3: 배치 4,000·학습률 0.02는 유추 2.16–2.69%, ρ 0.23–0.31,
    # 배치 8,000·0.025는 2.06–3.12%, 0.24–0.33으로 같은 수준이고, 갱신이 절반이라 에폭이 약 15% 짧았습니다. 배치 16,000·0.035는
    # SimLex가 0.11–0.14로 낮아져(8,000은 0.15–0.18) 고르지 않았습니다.
    ("adam", "skipgram"): {"batch_size": 8000, "lr": 0.025, "lr_schedule": "constant"},
    # word2vec의 예시당 학습률 (선형 감소). 배치가 크면 품질이 떨어집니다.
    ("sgd", "cbow"): {"batch_size": 500, "lr": 0.025, "lr_schedule": "linear"},
    ("sgd", "skipgram"): {"batch_size": 500, "lr": 0.025, "lr_schedule": "linear"},
}
"""(옵티마이저, 모델)마다 PTB에서 재어 고른 기본 배치 크기, 학습률, 학습률 일정. ``TrainConfig``에서 값을 주지 않으면
(None) 씁니다 (말뭉치마다 바꾼 값이 먼저: :data:`CORPUS_DEFAULTS`)."""

CORPUS_DEFAULTS = {"nsmc": {"lr_schedule": "linear"}}
"""말뭉치(명령줄 ``--corpus``)마다 :data:`OPTIMIZER_DEFAULTS`와 다르게 고른 기본값 (:meth:`TrainConfig.for_corpus`).
사용자가 값을 준 필드는 그대로 둡니다.

- ``nsmc``: 학습률을 word2vec처럼 선형으로 줄입니다. NSMC 형태소(1,293만 토큰)는 PTB의 14배라 CBOW 기본 배치 32,000에서
  한 에폭의 갱신이 404번(PTB는 29번)입니다. 고정 학습률 Adam은 마지막 갱신까지 같은 폭으로 흔들려서, 5에폭 뒤 한국어
  남성–여성 유추가 71/482로 gensim(94/482)보다 낮았고, 선형 감소로 97/482가 되었습니다 (WordSim-353 ρ 0.291 → 0.306,
  gensim 0.214; 계산은 같아 시간은 그대로). 배치 64,000·128,000, SGD(배치 500)는 유추를 이만큼 올리지 못했습니다
  (4.5절, 이슈 21의 표). PTB의 기본값(고정 학습률)은 PTB에서 재어 고른 그대로 둡니다."""

MAX_WORKERS = 64
"""``workers``의 상한 (프로세스 수). 코어보다 많이 주면 받아들이지만 더 빨라지지 않습니다 (명령줄 도구가 알림)."""

MAX_UPDATES_PER_EPOCH = 250
"""말뭉치의 학습 예시 수를 알 때(:meth:`TrainConfig.for_corpus`의 ``n_examples``, 명령줄 도구) lazy Adam CBOW의 기본 배치
(:data:`OPTIMIZER_DEFAULTS`의 32,000)로 한 에폭의 갱신이 이보다 많으면 배치를 두 배씩 키웁니다 (:meth:`TrainConfig.batch_for`).

lazy Adam의 갱신 한 번은 배치가 건드린 행마다 W·m·v를 읽고 쓰므로, 그 비용은 배치 크기가 아니라 건드린 행 수를
따릅니다. 큰 말뭉치는 어휘도 커서 배치 하나가 건드리는 행이 예시 수에 비해 많습니다: NSMC 형태소 전체(1,293만 토큰,
V = 36,019)에서 배치 32,000은 W_in 행의 35%, W_out 행의 65%를 건드려 예시 하나당 갱신하는 행이 1.1개이고
(PTB는 0.6개), 한 에폭에 404번 갱신합니다. 배치 64,000(202번)은 49%와 82%라 0.7개로 줄어, 갱신이 학습 시간에서
차지하는 몫이 크게 줄었습니다 (같은 기계에서 번갈아 잰 학습 시간: ``benchmarks/suite.py``의 NSMC 행). 5에폭 뒤 품질은
WordSim-353 ρ 0.288, 남성–여성 유추 92/482로 gensim(0.214, 94/482)과 같은 수준이었습니다 (배치 32,000은 0.306, 97/482;
배치 64,000에 학습률 0.045는 0.305, 85/482). 갱신이 적은 작은 말뭉치에서는 배치를 키우면 품질이 떨어지므로
(앞 10만 개 리뷰, 199만 토큰, 한 에폭 62번 갱신: 배치 64,000이면 세 시드에서 ρ 0.01–0.05, 배치 32,000이면 0.10–0.14) 갱신이
많을 때만 키웁니다. PTB(한 에폭 29번)와 4.5절의 10만 개 리뷰는 그대로 32,000입니다."""

def updates_per_epoch(n_examples: int, batch_size: int) -> int:
    """학습 예시 ``n_examples``개를 배치 ``batch_size``로 한 에폭 학습할 때의 갱신(반복) 횟수: 마지막 작은 배치까지 셉니다."""
    return -(-n_examples // batch_size)


SCALED_BATCH = (("adam", "cbow"),)
""":data:`MAX_UPDATES_PER_EPOCH` 규칙을 쓰는 (옵티마이저, 모델). skip-gram과 SGD의 배치는 품질을 보고 고른 값이라 두고,
재어 본 CBOW만 키웁니다."""

SGD_FINAL_LR_RATIO = 1e-4
"""선형 감소 일정(``lr_schedule='linear'``)의 학습률은 ``lr``에서 ``lr × 이 값``까지 줄어듭니다 (word2vec C의 하한과
같음). SGD의 기본 일정이고, Adam도 이 일정을 쓸 수 있습니다."""

GENSIM_SGD = {"alpha": 0.025, "min_alpha": 0.0001}
"""gensim에 없는 옵티마이저(Adam)를 쓰는 설정과 비교할 때 gensim이 쓰는 SGD 학습률 (gensim의 기본값)."""


@dataclass(frozen=True)
class Option:
    """:class:`TrainConfig` 필드 하나의 규칙과 이름들.

    Attributes
    ----------
    field : ``TrainConfig``의 필드 이름
    flag : 명령줄 플래그 (``negate``이면 이 플래그가 bool 필드를 False로 만듭니다)
    help : 명령줄 도움말 (범위는 자동으로 덧붙임)
    kind : ``int``, ``float``, ``str`` 또는 ``bool``
    low, high : 허용 범위 (None이면 그쪽 제한 없음), ``low_open``이면 ``low``보다 커야 함
    choices : 허용하는 값들 (``kind``가 str이거나, 정수 가운데 몇 개만 허용할 때)
    gensim : gensim ``Word2Vec``의 같은 뜻의 인자 이름 (None이면 대응 없음, :meth:`TrainConfig.gensim_kwargs`)
    aliases : 책 호환 클래스가 같은 뜻에 쓰는 다른 인자 이름 (오류의 ``argument``가 이 이름이어도 이 플래그로 알림)
    metavar : 도움말의 값 자리 이름
    """

    field: str
    flag: str
    help: str
    kind: type
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple | None = None
    gensim: str | None = None
    aliases: tuple[str, ...] = ()
    metavar: str | None = None
    negate: bool = False

    def range_text(self) -> str:
        """도움말에 쓰는 범위, 예: ``1–10,000``, ``0–1``, ``0보다 큼`` (범위가 없으면 빈 문자열)."""
        if self.choices is not None or self.kind is bool or self.low is None:
            return ""
        if self.low_open:
            return f"{self.low:g}보다 큼" + (f", {self.high:g} 이하" if self.high is not None else "")
        fmt = (lambda v: f"{v:,}") if self.kind is int else (lambda v: f"{v:g}")
        return f"{fmt(self.low)}–{fmt(self.high)}" if self.high is not None else f"{fmt(self.low)} 이상"

    def problem(self, value) -> tuple[type[Exception], str] | None:
        """``value``가 이 규칙을 어기면 (오류 종류, 이름 없는 한국어 설명), 괜찮으면 None."""
        if self.choices is not None:
            ok = type(value) is type(self.choices[0]) and value in self.choices
            if not ok:
                shown = ", ".join(repr(c) for c in self.choices)
                return ValueError, f"{shown} 중 하나여야 합니다 (받은 값: {value!r})."
            return None
        if self.kind is bool:
            return None if isinstance(value, bool) else (TypeError, f"True 또는 False여야 합니다 (받은 값: {value!r}).")
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return TypeError, f"정수여야 합니다 (받은 값: {value!r})."
            if not self.low <= value <= self.high:
                return ValueError, f"{self.low:,} 이상 {self.high:,} 이하의 정수여야 합니다 (받은 값: {value})."
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return TypeError, f"실수여야 합니다 (받은 값: {value!r})."
        above = value > self.low if self.low_open else value >= self.low
        if not (math.isfinite(value) and above and (self.high is None or value <= self.high)):
            lower = f"{self.low:g}보다 큰" if self.low_open else f"{self.low:g} 이상"
            upper = f" {self.high:g} 이하의" if self.high is not None else ""
            return ValueError, f"{lower}{upper} 유한한 실수여야 합니다 (받은 값: {value!r})."
        return None


def _defaults_text(name: str) -> str:
    """도움말에 쓰는 :data:`OPTIMIZER_DEFAULTS`의 값들, 예: ``adam은 cbow 32000, skipgram 8000; sgd는 500``."""
    parts = []
    for optimizer in OPTIMIZERS:
        values = {OPTIMIZER_DEFAULTS[optimizer, m][name] for m in MODELS}
        if len(values) == 1:
            parts.append(f"{optimizer}{'은' if optimizer == 'adam' else '는'} {values.pop()}")
        else:
            parts.append(f"{optimizer}은 " + ", ".join(f"{m} {OPTIMIZER_DEFAULTS[optimizer, m][name]}" for m in MODELS))
    return "; ".join(parts)


OPTIONS: tuple[Option, ...] = (
    Option("model", "--model", "모델", str, choices=MODELS),
    Option("loss", "--loss", "ns: 네거티브 샘플링, hs: 계층적 소프트맥스", str, choices=LOSSES),
    Option("window_size", "--window", "윈도우 크기: 타깃 양옆의 단어 수 (말뭉치 길이의 절반 미만)", int, 1, 10_000,
           gensim="window", metavar="W"),
    Option("hidden_size", "--hidden", "단어 벡터 차원 (메모리 한도 안)", int, 1, 100_000, gensim="vector_size",
           metavar="H"),
    Option("sample_size", "--negative", "부정적 예의 수 (--loss ns일 때)", int, 1, 100, gensim="negative",
           metavar="K"),
    Option("power", "--power", "유니그램 분포의 지수 (0은 균등, 1은 빈도 그대로)", float, 0.0, 1.0,
           gensim="ns_exponent", metavar="P"),
    Option("shrink_window", "--fixed-window", "책과 같은 고정 윈도우 (기본: word2vec의 줄어드는 윈도우)", bool,
           gensim="shrink_windows", negate=True),
    Option("epochs", "--epochs", "에폭 수", int, 1, 10_000, gensim="epochs", aliases=("max_epoch",), metavar="N"),
    Option("optimizer", "--optimizer", "옵티마이저", str, choices=OPTIMIZERS),
    Option("batch_size", "--batch-size", f"배치 크기 (기본: {_defaults_text('batch_size')}; adam cbow는 한 에폭의 갱신이 "
           f"{MAX_UPDATES_PER_EPOCH}번을 넘는 큰 말뭉치에서 두 배씩 키움. 학습 예시 수 이하)", int,
           1, 10_000_000, metavar="N"),
    Option("lr", "--lr", f"학습률 (기본: {_defaults_text('lr')})", float, 0.0, None, low_open=True, gensim="alpha",
           aliases=("final_lr",), metavar="LR"),
    Option("lr_schedule", "--lr-schedule", "학습률 일정: constant는 고정, linear는 word2vec처럼 lr에서 lr × 10⁻⁴까지 "
           f"선형 감소 (기본: {_defaults_text('lr_schedule')}; --corpus nsmc는 linear)", str, choices=LR_SCHEDULES),
    Option("seed", "--seed", "난수 시드", int, 0, 2**32 - 2, gensim="seed", metavar="S"),
    Option("workers", "--workers", "학습 프로세스 수. 1은 시드가 같으면 비트 단위로 같은 결과, 2 이상은 프로세스들이 "
           "workers=1과 같은 크기의 배치를 하나의 순서에서 나눠 가져가 학습하며 공유 가중치를 잠금 없이 갱신하는 Hogwild (코어 수까지 빨라짐; "
           "갱신 순서가 실행마다 달라 같은 시드라도 결과가 조금씩 다름)", int, 1, MAX_WORKERS, gensim="workers",
           metavar="N"),
)
""":class:`TrainConfig`의 필드마다 규칙 하나 (필드 순서대로). 명령줄 파서·도움말·오류의 플래그 이름이 여기서 나옵니다."""

_BY_NAME = {name: opt for opt in OPTIONS for name in (opt.field, *opt.aliases)}


def option_for(argument: str) -> Option | None:
    """필드 이름이나 책 호환 이름(``max_epoch`` 등) → 그 :class:`Option` (없으면 None)."""
    return _BY_NAME.get(argument)


@dataclass
class TrainConfig:
    """학습 설정. 기본값이 이 책의 "빠른 기본 설정"입니다. 필드의 범위와 플래그는 :data:`OPTIONS`를 보세요.

    ``batch_size``와 ``lr``을 주지 않으면(None) 옵티마이저와 모델에 맞는 기본값(:data:`OPTIMIZER_DEFAULTS`)을
    채웁니다. 잘못된 값은 필드 이름을 밝힌 한국어 오류(``ArgumentError``, ``argument`` = 필드 이름)입니다.
    """

    model: str = "cbow"
    loss: str = "ns"
    window_size: int = 5
    hidden_size: int = 100
    sample_size: int = 5
    power: float = 0.75
    shrink_window: bool = True
    epochs: int = 10
    optimizer: str = "adam"
    batch_size: int | None = None      # None: 옵티마이저별 기본값 (OPTIMIZER_DEFAULTS)
    lr: float | None = None
    lr_schedule: str | None = field(default=None, repr=False)   # None: 옵티마이저별 기본값; repr은 아래
    seed: int = 0
    workers: int = 1                   # 학습 프로세스 수. 2 이상은 Hogwild (w2vlib.hogwild.fit)

    def __post_init__(self):
        for opt in OPTIONS:
            if opt.field in ("batch_size", "lr", "lr_schedule") and getattr(self, opt.field) is None:
                continue                               # 모델·옵티마이저를 검사한 뒤 채웁니다
            bad = opt.problem(getattr(self, opt.field))
            if bad is not None:
                raise argument_error(bad[0], opt.field, bad[1])
        defaults = OPTIMIZER_DEFAULTS[self.optimizer, self.model]
        if self.batch_size is None:
            self.batch_size = defaults["batch_size"]
        if self.lr is None:
            self.lr = defaults["lr"]
        if self.lr_schedule is None:
            self.lr_schedule = defaults["lr_schedule"]

    @classmethod
    def for_corpus(cls, corpus: str, n_examples: int | None = None, **values) -> TrainConfig:
        """말뭉치 ``corpus``의 기본값(:data:`CORPUS_DEFAULTS`)을 쓴 설정: ``values``에 없거나 None인 필드만 채웁니다.

        n_examples : 학습 예시 수 (알면). 주고 ``batch_size``를 주지 않았으면 배치를 :meth:`batch_for`로 정합니다
            (큰 말뭉치의 lazy Adam CBOW는 더 큰 배치, :data:`MAX_UPDATES_PER_EPOCH`)."""
        given = {k: v for k, v in values.items() if v is not None}
        cfg = cls(**(CORPUS_DEFAULTS.get(corpus, {}) | given))
        if n_examples is not None and "batch_size" not in given:
            cfg.batch_size = cfg.batch_for(n_examples)
        return cfg

    def batch_for(self, n_examples: int) -> int:
        """학습 예시 ``n_examples``개에 쓸 배치 크기: :data:`SCALED_BATCH`의 조합이면 한 에폭의 갱신이
        :data:`MAX_UPDATES_PER_EPOCH` 이하가 될 때까지 ``batch_size``를 두 배씩 키운 값, 아니면 ``batch_size`` 그대로."""
        n_examples = positive_int("n_examples", n_examples)
        batch = self.batch_size
        if (self.optimizer, self.model) in SCALED_BATCH:
            while updates_per_epoch(n_examples, batch) > MAX_UPDATES_PER_EPOCH:
                batch *= 2
        return batch

    def __repr__(self) -> str:
        """필드를 모두 적되, ``lr_schedule``은 옵티마이저의 기본 일정과 다를 때만 적습니다 (예: 선형 감소 Adam)."""
        usual = OPTIMIZER_DEFAULTS[self.optimizer, self.model]["lr_schedule"]
        shown = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                 if f.name != "lr_schedule" or self.lr_schedule != usual]
        return f"{type(self).__name__}({', '.join(shown)})"

    def gensim_kwargs(self) -> dict:
        """이 설정과 같은 학습을 하는 gensim ``Word2Vec``의 키워드 인자 (비교 벤치마크가 씀).

        w2vlib이 늘 그렇게 하는 것도 적습니다: 모든 단어를 어휘에 둠(``min_count=1``), 서브샘플링 없음
        (``sample=0``), 맥락 벡터의 평균(``cbow_mean=1``). gensim에는 Adam이 없으므로 ``optimizer='adam'``이면
        gensim의 기본 SGD 학습률(:data:`GENSIM_SGD`)을, ``'sgd'``이면 같은 선형 감소(``lr`` → ``lr`` ×
        :data:`SGD_FINAL_LR_RATIO`)를 씁니다. 배치 크기는 gensim에 대응하는 것이 없습니다.
        """
        kwargs = {opt.gensim: getattr(self, opt.field) for opt in OPTIONS
                  if opt.gensim is not None and opt.field not in ("sample_size", "lr")}
        kwargs |= {"sg": int(self.model == "skipgram"), "hs": int(self.loss == "hs"),
                   "negative": self.sample_size if self.loss == "ns" else 0,
                   "min_count": 1, "sample": 0, "cbow_mean": 1}
        if self.optimizer == "sgd":
            kwargs |= {"alpha": self.lr, "min_alpha": self.lr * SGD_FINAL_LR_RATIO}
        else:
            kwargs |= GENSIM_SGD
        return kwargs

