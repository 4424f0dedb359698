"""PTB로 CBOW/skip-gram을 학습하는 명령줄 도구와, 노트북·벤치마크가 함께 쓰는 학습 함수.

    python -m w2vlib.train --model cbow --epochs 10 --save vectors.txt

기본 하이퍼파라미터는 책과 같습니다 (윈도우 5, 은닉층 100, 부정적 예 5개, 지수 0.75). 옵티마이저도
책처럼 Adam이지만, 배치가 건드린 행만 갱신하는 희소(lazy) Adam으로 배치 32000, 학습률 0.03을 씁니다
(책: 밀집 Adam, 배치 100, 0.001). ``--optimizer sgd``는 word2vec과 같은 SGD(예시당 학습률 0.025에서
선형 감소)입니다. 윈도우는 word2vec/gensim처럼 무작위로 줄어드는 윈도우가 기본이고, ``--fixed-window``로
책과 같은 고정 윈도우를 씁니다.

명령줄 도구는 학습 전에 모든 값을 검사합니다: 플래그마다의 범위(:data:`FLAG_RANGES`), ``--save`` 경로에 쓸 수
있는지, 말뭉치 크기와 메모리 어림값(:func:`estimate_memory_bytes`). 잘못된 값은 플래그 이름을 밝힌 한국어
오류와 종료 코드 2, 학습 발산(:class:`~w2vlib.trainer.TrainingDiverged`)·데이터 오류는 1, Ctrl-C는 130이며,
어느 경우든 파일을 쓰지 않습니다. ``--max-tokens T``는 PTB train의 앞 T 토큰만으로 빠르게 시험합니다.
PTB를 찾는 곳(``W2VLIB_PTB_DIR``, 캐시, 내려받을 주소 ``W2VLIB_PTB_URL``)은 ``--help``에 나옵니다.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

from .models import CBOW, SkipGram
from .optimizers import SGD, Adam
from .text import create_contexts_target
from .trainer import Trainer

MODELS = {"cbow": CBOW, "skipgram": SkipGram}
OPTIMIZER_DEFAULTS = {
    # 희소(lazy) Adam: 큰 배치로 numpy 호출 비용을 나눕니다. skip-gram은 타깃마다 쌍이 최대 2w 개라 배치가 작습니다.
    ("adam", "cbow"): {"batch_size": 32000, "lr": 0.03},
    ("adam", "skipgram"): {"batch_size": 4000, "lr": 0.02},
    # word2vec의 예시당 학습률 (선형 감소). 배치가 크면 품질이 떨어집니다.
    ("sgd", "cbow"): {"batch_size": 500, "lr": 0.025},
    ("sgd", "skipgram"): {"batch_size": 500, "lr": 0.025},
}
"""(옵티마이저, 모델)마다 PTB에서 재어 고른 기본 배치 크기와 학습률. ``TrainConfig``에서 값을 주지 않으면 씁니다."""


@dataclass
class TrainConfig:
    """학습 설정. 기본값이 이 책의 "빠른 기본 설정"입니다 (필드 설명은 명령줄 도움말과 같음)."""

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
    seed: int = 0
    workers: int = 1                   # 2: 두 번째 코어도 씀 (결과는 비트 단위로 같음; 이득은 기계에 따라 다름, 4.3.4절)
    reuse_memory: bool = False         # True: glibc mmap 문턱을 올림 (프로세스 전체 설정, w2vlib.memory 참고)

    def __post_init__(self):
        if self.model not in MODELS:
            raise ValueError(f"model: {sorted(MODELS)} 가운데 하나여야 합니다 (받은 값: {self.model!r}).")
        if self.optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer: 'adam' 또는 'sgd'여야 합니다 (받은 값: {self.optimizer!r}).")
        defaults = OPTIMIZER_DEFAULTS[self.optimizer, self.model]
        if self.batch_size is None:
            self.batch_size = defaults["batch_size"]
        if self.lr is None:
            self.lr = defaults["lr"]


def train_word2vec(corpus: np.ndarray, vocab_size: int, config: TrainConfig | None = None,
                   progress: bool = True):
    """말뭉치 (T,) int로 모델을 학습해 (model, trainer)를 돌려줍니다. ``model.word_vecs``가 (V, H) 단어 벡터,
    ``trainer.elapsed``가 학습 시간(초)입니다."""
    cfg = config or TrainConfig()
    # int32 단어 ID: 배치마다 뽑아 오는 맥락 배열이 절반 크기가 됩니다 (V < 2³¹).
    ids = np.asarray(corpus, dtype=np.int32) if vocab_size < 2 ** 31 else corpus
    contexts, target = create_contexts_target(ids, cfg.window_size)
    sgd = cfg.optimizer == "sgd"
    model = MODELS[cfg.model](vocab_size, cfg.hidden_size, cfg.window_size, corpus, sample_size=cfg.sample_size,
                              power=cfg.power, rng=cfg.seed, shrink_window=cfg.shrink_window,
                              update_rule="word2vec" if sgd else "book", loss=cfg.loss)
    optimizer = SGD(cfg.lr, final_lr=cfg.lr * 1e-4) if sgd else Adam(cfg.lr)
    trainer = Trainer(model, optimizer, rng=cfg.seed + 1, workers=cfg.workers)
    trainer.fit(contexts, target, max_epoch=cfg.epochs, batch_size=cfg.batch_size,
                eval_interval=max(1, len(target) // cfg.batch_size // 20), progress=progress)
    if not np.all(np.isfinite(model.word_vecs)):          # 마지막 갱신에서 발산한 경우 (손실은 아직 유한)
        from .trainer import TrainingDiverged
        n = len(trainer.loss_list) * trainer.eval_interval
        raise TrainingDiverged(f"학습이 발산했습니다: 학습이 끝났을 때 단어 벡터에 NaN/무한대가 있습니다 "
                               f"(학습률 {cfg.lr:g}). 학습률을 낮춰 다시 시도하세요.", n, cfg.epochs,
                               float("nan"), cfg.lr)
    return model, trainer


# --------------------------------------------------------------------------- 명령줄 도구

FLAG_RANGES = {
    # 플래그: (최솟값, 최댓값) — 도움말과 오류 메시지가 함께 씁니다. 메모리는 따로 어림합니다.
    "--epochs": (1, 10_000),
    "--window": (1, 10_000),
    "--hidden": (1, 100_000),
    "--negative": (1, 100),
    "--batch-size": (1, 10_000_000),
    "--seed": (0, 2**32 - 2),
    "--max-tokens": (3, 10**10),
}
PARAM_TO_FLAG = {"max_epoch": "--epochs", "epochs": "--epochs", "window_size": "--window",
                 "hidden_size": "--hidden", "sample_size": "--negative", "batch_size": "--batch-size",
                 "power": "--power", "lr": "--lr", "seed": "--seed", "model": "--model", "optimizer": "--optimizer",
                 "loss": "--loss", "final_lr": "--lr"}
"""라이브러리 오류 메시지의 매개변수 이름 → 명령줄 플래그 (사용자에게는 플래그 이름으로 알립니다)."""


class CLIError(ValueError):
    """명령줄 인자가 잘못되었을 때 (메시지는 플래그 이름으로 시작합니다)."""


def _int_flag(flag):
    lo, hi = FLAG_RANGES[flag]

    def parse(text):
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"정수여야 합니다 (받은 값: {text!r}).") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{lo:,} 이상 {hi:,} 이하의 정수여야 합니다 (받은 값: {value}).")
        return value
    return parse


def _float_flag(lo, hi, lo_open=False):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"실수여야 합니다 (받은 값: {text!r}).") from None
        ok = np.isfinite(value) and (value > lo if lo_open else value >= lo) and (hi is None or value <= hi)
        if not ok:
            lower = f"{lo:g}보다 큰" if lo_open else f"{lo:g} 이상"
            upper = f" {hi:g} 이하의" if hi is not None else ""
            raise argparse.ArgumentTypeError(f"{lower}{upper} 유한한 실수여야 합니다 (받은 값: {text!r}).")
        return value
    return parse


def _korean_argparse_message(message: str) -> str:
    """argparse가 영어로 만든 오류 문장을 한국어로 바꿉니다 (이 파서에서 날 수 있는 것들)."""
    import re
    rules = [
        (r"^argument (\S+?)(?:/\S+)?: invalid choice: (.+?) \(choose from (.+)\)$",
         lambda m: f"{m[1]}: {m[3]} 가운데 하나여야 합니다 (받은 값: {m[2]})."),
        (r"^argument (\S+?)(?:/\S+)?: expected one argument$", lambda m: f"{m[1]}: 값이 하나 필요합니다."),
        (r"^argument (\S+?)(?:/\S+)?: ignored explicit argument (.+)$",
         lambda m: f"{m[1]}: 값을 받지 않는 옵션입니다 (받은 값: {m[2]})."),
        (r"^argument (\S+?)(?:/\S+)?: (.+)$", lambda m: f"{m[1]}: {m[2]}"),
        (r"^unrecognized arguments: (.+)$",
         lambda m: f"알 수 없는 인자입니다: {m[1]} (python -m w2vlib.train --help로 옵션을 보세요)."),
        (r"^ambiguous option: (\S+) could match (.+)$",
         lambda m: f"{m[1]}: 여러 옵션({m[2]})의 앞부분이라 어느 것인지 모릅니다. 이름을 끝까지 쓰세요."),
    ]
    for pattern, repl in rules:
        m = re.match(pattern, message)
        if m:
            return repl(m)
    return message


class _KoreanHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def _get_help_string(self, action):
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS) and "기본" not in text:
            text += " (기본값: %(default)s)"
        return text

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "사용법: " if prefix is None else prefix)


class _KoreanArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"오류: {_korean_argparse_message(message)}\n(도움말: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """명령줄 파서 (메시지와 --help가 한국어). 값의 범위는 :data:`FLAG_RANGES`를 보세요."""
    from . import ptb
    d = TrainConfig()
    r = FLAG_RANGES
    epilog = f"""PTB 데이터를 찾는 순서:
  1. 환경 변수 {ptb.ENV_DIR}가 가리키는 폴더 (ptb.train.txt, ptb.valid.txt, ptb.test.txt; 내려받지 않음)
  2. 캐시 폴더 {ptb.ENV_CACHE} (없으면 $XDG_CACHE_HOME/w2vlib/ptb 또는 ~/.cache/w2vlib/ptb)
  3. 없으면 {ptb.BASE_URL}에서 캐시로 내려받습니다
     (다른 주소(미러)는 환경 변수 {ptb.ENV_URL}로 지정). 어느 경우든 MD5를 확인합니다.

종료 코드: 0 성공, 1 학습 발산·데이터 오류, 2 잘못된 인자, 130 Ctrl-C로 중단 (중단·오류 때는 파일을 쓰지 않음).

예: python -m w2vlib.train --epochs 3 --save vectors.txt
    python -m w2vlib.train --max-tokens 100000 --epochs 1 --no-eval   (빠른 시험)"""
    p = _KoreanArgumentParser(prog="python -m w2vlib.train", add_help=False, formatter_class=_KoreanHelpFormatter,
                              description="PTB로 word2vec(CBOW/skip-gram)을 학습하고 평가합니다.", epilog=epilog)
    p._optionals.title = "옵션"
    p.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="이 도움말을 보여 주고 끝냅니다")
    p.add_argument("--model", choices=sorted(MODELS), default=d.model, help="모델")
    p.add_argument("--loss", choices=["ns", "hs"], default=d.loss, help="ns: 네거티브 샘플링, hs: 계층적 소프트맥스")
    p.add_argument("--epochs", type=_int_flag("--epochs"), default=d.epochs, metavar="N",
                   help=f"에폭 수 ({r['--epochs'][0]}–{r['--epochs'][1]:,})")
    p.add_argument("--window", type=_int_flag("--window"), default=d.window_size, metavar="W",
                   help="윈도우 크기: 타깃 양옆의 단어 수 (1 이상, 말뭉치 길이의 절반 미만)")
    p.add_argument("--hidden", type=_int_flag("--hidden"), default=d.hidden_size, metavar="H",
                   help=f"단어 벡터 차원 ({r['--hidden'][0]}–{r['--hidden'][1]:,}, 메모리 한도 안)")
    p.add_argument("--negative", type=_int_flag("--negative"), default=d.sample_size, metavar="K",
                   help=f"부정적 예의 수 ({r['--negative'][0]}–{r['--negative'][1]}, --loss ns일 때)")
    p.add_argument("--power", type=_float_flag(0.0, 1.0), default=d.power, metavar="P",
                   help="유니그램 분포의 지수 (0–1; 0은 균등, 1은 빈도 그대로)")
    p.add_argument("--fixed-window", action="store_true", help="책과 같은 고정 윈도우 (기본: word2vec의 줄어드는 윈도우)")
    p.add_argument("--batch-size", type=_int_flag("--batch-size"), default=None, metavar="N",
                   help="배치 크기 (기본: adam은 cbow 32000, skip-gram 4000; sgd 500. 학습 예시 수 이하)")
    p.add_argument("--optimizer", choices=["sgd", "adam"], default=d.optimizer, help="옵티마이저")
    p.add_argument("--lr", type=_float_flag(0.0, None, lo_open=True), default=None, metavar="LR",
                   help="학습률, 0보다 큰 유한한 실수 (기본: adam은 cbow 0.03, skip-gram 0.02; sgd 0.025)")
    p.add_argument("--seed", type=_int_flag("--seed"), default=d.seed, metavar="S",
                   help=f"난수 시드 (0–{r['--seed'][1]:,})")
    p.add_argument("--workers", type=int, choices=[1, 2], default=d.workers,
                   help="학습에 쓸 CPU 코어 수 (결과는 1이든 2든 비트 단위로 같음)")
    p.add_argument("--max-tokens", type=_int_flag("--max-tokens"), default=None, metavar="T",
                   help="PTB train의 앞 T 토큰만으로 학습 (빠른 시험용, 기본: 전체 929,589토큰)")
    p.add_argument("--save", metavar="PATH", help="word2vec 텍스트 형식으로 벡터 저장 (학습 전에 쓸 수 있는지 확인)")
    p.add_argument("--no-eval", action="store_true", help="학습 뒤 평가를 건너뜀")
    return p


def estimate_memory_bytes(n_tokens: int, vocab_size: int, cfg: TrainConfig) -> int:
    """학습에 드는 메모리를 어림합니다 (바이트, 넉넉한 상한이 아니라 규모를 보는 값).

    맥락 배열과 에폭마다 섞은 복사본 (T, 2w) int64 두 벌, 가중치 W_in·W_out (V, H) float32와 옵티마이저 상태
    (Adam은 m, v), 배치 하나의 임시 배열 (배치 × 맥락·부정적 예 × H float32, 두 벌)을 더합니다.
    기본 설정(PTB, CBOW, Adam)에서 어림값은 약 0.55 GB, 실제로 늘어난 최대 메모리는 약 0.44 GB였습니다.
    """
    w, H, N, V = cfg.window_size, cfg.hidden_size, cfg.batch_size, vocab_size
    examples = max(n_tokens - 2 * w, 0)
    contexts = 2 * examples * (2 * w + 1) * 8
    weights = (6 if cfg.optimizer == "adam" else 2) * V * H * 4
    per_target = cfg.sample_size + 1 if cfg.loss == "ns" else int(np.ceil(np.log2(max(V, 2)))) + 1
    if cfg.model == "skipgram":
        batch = 2 * N * 2 * w * (per_target + 1) * H * 4
    else:
        batch = 2 * N * (2 * w + per_target) * H * 4
    return int(contexts + weights + batch)


def available_memory_bytes() -> int | None:
    """쓸 수 있는 메모리 (Linux: /proc/meminfo의 MemAvailable, 아니면 물리 메모리). 모르면 None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _gib(n: int) -> str:
    return f"{n / 2**30:,.1f} GiB" if n >= 2**30 else f"{n / 2**20:,.0f} MiB"


def check_config(cfg: TrainConfig, n_tokens: int, vocab_size: int, flags_given=()) -> None:
    """말뭉치 크기에 비춘 설정 검사 (학습 전에). 문제가 있으면 플래그 이름으로 시작하는 :class:`CLIError`."""
    limit = " --max-tokens를 늘리거나 다른 값을 주세요." if "--max-tokens" in flags_given else ""
    if 2 * cfg.window_size >= n_tokens:
        raise CLIError(f"--window: 말뭉치 길이({n_tokens:,}토큰)의 절반보다 작아야 합니다 "
                       f"(받은 값: {cfg.window_size}).{limit}")
    examples = n_tokens - 2 * cfg.window_size
    if cfg.batch_size > examples:
        raise CLIError(f"--batch-size: 학습 예시 수({examples:,}) 이하여야 합니다 "
                       f"(받은 값: {cfg.batch_size:,}).{limit}")
    need, have = estimate_memory_bytes(n_tokens, vocab_size, cfg), available_memory_bytes()
    if have is not None and need > have:
        raise CLIError(f"메모리가 모자랍니다: 이 설정(--window {cfg.window_size}, --hidden {cfg.hidden_size}, "
                       f"--batch-size {cfg.batch_size})으로는 약 {_gib(need)}가 필요한데, 쓸 수 있는 메모리는 "
                       f"{_gib(have)}입니다. --window, --hidden 또는 --batch-size를 줄이세요.")


def _flag_message(err: Exception) -> str:
    """라이브러리 오류의 ``매개변수: …``를 ``--플래그: …``로 바꿉니다."""
    text = str(err)
    name, sep, rest = text.partition(":")
    if sep and name in PARAM_TO_FLAG:
        return PARAM_TO_FLAG[name] + sep + rest
    return text


def main(argv=None) -> int:
    """명령줄 진입점. 종료 코드: 0 성공, 1 발산·데이터·파일 오류, 2 잘못된 인자, 130 Ctrl-C."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\n중단했습니다 (Ctrl-C). 아무 파일도 쓰지 않았습니다.", file=sys.stderr)
        return 130


def _main(argv) -> int:
    from . import ptb
    from .atomic_write import resolve_output_path
    from .evaluation import evaluate_analogies, evaluate_word_pairs
    from .trainer import TrainingDiverged
    from .vectors_io import save_word2vec_format

    parser = build_parser()
    args = parser.parse_args(argv)
    given = {a.split("=")[0] for a in (sys.argv[1:] if argv is None else argv) if a.startswith("--")}
    try:
        cfg = TrainConfig(model=args.model, loss=args.loss, window_size=args.window, hidden_size=args.hidden,
                          sample_size=args.negative, power=args.power, shrink_window=not args.fixed_window,
                          epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
                          lr=args.lr,
                          seed=args.seed, workers=args.workers,
                          reuse_memory=True)   # 명령줄은 프로세스 전체의 주인이므로 glibc 메모리 재사용을 켭니다
        if args.save is not None:
            resolve_output_path(args.save, "--save")        # 학습 전에: 폴더가 있고 쓸 수 있는가
    except (ValueError, TypeError, OSError) as e:
        print(f"오류: {_flag_message(e)}", file=sys.stderr)
        return 2
    try:
        corpus, word_to_id, id_to_word = ptb.load_data("train")
    except (ptb.PTBError, OSError, ValueError) as e:
        print(f"오류: {e}", file=sys.stderr)
        return 1
    if args.max_tokens is not None:
        corpus = corpus[: args.max_tokens]
    try:
        check_config(cfg, len(corpus), len(word_to_id), given)
    except CLIError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 2
    print(f"PTB train: 토큰 {len(corpus):,}개, 어휘 {len(word_to_id):,}개", file=sys.stderr)
    if cfg.reuse_memory:
        from .memory import reuse_large_allocations
        reuse_large_allocations()                                 # 프로세스 전체 설정: 명령줄이 프로세스의 주인
    start = time.perf_counter()
    try:
        with np.errstate(over="ignore", invalid="ignore"):       # 발산은 TrainingDiverged로 알립니다
            model, trainer = train_word2vec(corpus, len(word_to_id), cfg)
    except TrainingDiverged as e:
        print(f"오류: {e} 명령줄에서는 --lr을 낮추거나 --batch-size를 바꿔 보세요. 아무 파일도 쓰지 않았습니다.",
              file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"오류: {_flag_message(e)}", file=sys.stderr)
        return 2
    except MemoryError:
        print("오류: 메모리가 모자랍니다. --batch-size, --hidden 또는 --window를 줄이세요. "
              "아무 파일도 쓰지 않았습니다.", file=sys.stderr)
        return 1
    total = time.perf_counter() - start
    tokens = len(corpus) * cfg.epochs
    print(f"학습 시간 {trainer.elapsed:.1f}초 (준비 포함 {total:.1f}초), {tokens / trainer.elapsed:,.0f}토큰/초")
    if args.save:
        try:
            save_word2vec_format(args.save, model.word_vecs, id_to_word)
        except OSError as e:
            print(f"오류: --save: {e}", file=sys.stderr)
            return 1
        print(f"저장: {args.save}")
    if not args.no_eval:
        an = evaluate_analogies(model.word_vecs, word_to_id)
        ws = evaluate_word_pairs(model.word_vecs, word_to_id, "wordsim353.tsv")
        sl = evaluate_word_pairs(model.word_vecs, word_to_id, "simlex999.txt")
        print(f"유추 정답률 (3CosAdd, 문제 {an['n_overall']}개): 전체 {an['overall']:.2%}, "
              f"의미 {an['semantic']:.2%}, 문법 {an['syntactic']:.2%}")
        print(f"WordSim-353 ρ = {ws['spearman']:.3f} ({ws['n_pairs']}쌍), "
              f"SimLex-999 ρ = {sl['spearman']:.3f} ({sl['n_pairs']}쌍)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
