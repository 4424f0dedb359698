"""명령줄 도구: 말뭉치(기본 PTB)로 CBOW/skip-gram을 학습하고 평가하고 저장합니다.

    python -m w2vlib.train --model cbow --epochs 10 --save vectors.txt
    python -m w2vlib.train --corpus nsmc --tokens morph --epochs 5 --save nsmc.txt   # 한국어 (4.5절)

기본 하이퍼파라미터는 책과 같습니다 (윈도우 5, 은닉층 100, 부정적 예 5개, 지수 0.75). 옵티마이저도
책처럼 Adam이지만, 배치가 건드린 행만 갱신하는 희소(lazy) Adam으로 배치 32000, 학습률 0.03을 씁니다
(책: 밀집 Adam, 배치 100, 0.001). ``--optimizer sgd``는 word2vec과 같은 SGD(예시당 학습률 0.025에서
선형 감소)입니다. 윈도우는 word2vec/gensim처럼 무작위로 줄어드는 윈도우가 기본이고, ``--fixed-window``로
책과 같은 고정 윈도우를 씁니다. ``--corpus nsmc``는 PTB보다 14배 큰 말뭉치라 Adam의 학습률도 word2vec처럼 선형으로
줄입니다 (``--lr-schedule linear``; 말뭉치마다의 기본값은 :data:`w2vlib.config.CORPUS_DEFAULTS`와 그 이유).

학습 설정의 플래그는 :data:`w2vlib.config.OPTIONS` 표(필드 ↔ 플래그 ↔ 범위)에서 만들어지고, 말뭉치는
:data:`w2vlib.corpora.CORPORA` 표에서 고릅니다. 명령줄 도구는 학습 전에 모든 값을 검사합니다: 플래그마다의 범위,
``--save`` 경로에 쓸 수 있는지, 평가 데이터가 있는지, 말뭉치 크기와 메모리 어림값(:func:`estimate_memory_bytes`).
잘못된 값은 플래그 이름을 밝힌 한국어 오류와 종료 코드 2, 학습 발산(:class:`~w2vlib.trainer.TrainingDiverged`)·
데이터 오류는 1, Ctrl-C는 130이며, 어느 경우든 파일을 쓰지 않습니다. ``--max-tokens T``는 말뭉치의 앞 T 토큰만으로
빠르게 시험합니다. 데이터를 찾는 곳(``W2VLIB_PTB_DIR``, 캐시, 내려받을 주소 ``W2VLIB_PTB_URL``)은 ``--help``에 나옵니다.

이 프로세스의 주인은 명령줄 도구이므로, 학습 전에 glibc의 메모리 재사용(:func:`w2vlib.memory.reuse_large_allocations`)을
켭니다 (라이브러리 함수는 프로세스 전체 설정을 바꾸지 않습니다).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time

import numpy as np

from ._checks import ArgumentError
from .config import OPTIONS, Option, TrainConfig, option_for, updates_per_epoch
from .corpora import CORPORA
from .download import DataError
from .hogwild import WorkerFailed, cpu_count
from .text import compact_ids

PROG = "python -m w2vlib.train"
MAX_TOKENS_RANGE = (3, 10**10)
"""``--max-tokens``의 범위 (학습 설정이 아니라 말뭉치를 자르는 명령줄 전용 옵션)."""


class CLIError(ValueError):
    """명령줄 인자가 잘못되었을 때 (메시지는 플래그 이름으로 시작합니다)."""


def flag_for(argument: str) -> str | None:
    """라이브러리 오류의 ``argument`` (필드 이름이나 책 호환 이름) → 명령줄 플래그 (대응이 없으면 None)."""
    opt = option_for(argument)
    return opt.flag if opt is not None else None


def flag_message(err: Exception) -> str:
    """오류 메시지를 사용자에게 보일 형태로: ``ArgumentError``면 ``argument`` 대신 그 플래그 이름으로 시작합니다."""
    text = str(err)
    if isinstance(err, ArgumentError):
        flag = flag_for(err.argument)
        if flag is not None:
            return f"{flag}: {text.removeprefix(f'{err.argument}: ')}"
    return text


def _parse_option(opt: Option):
    """``opt``의 값 글자를 파이썬 값으로 바꾸고 :meth:`Option.problem`과 같은 규칙으로 검사하는 argparse ``type``."""
    def parse(text):
        try:
            value = int(text, 10) if opt.kind is int else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{'정수' if opt.kind is int else '실수'}여야 합니다 (받은 값: {text!r}).") from None
        bad = opt.problem(value)
        if bad is not None:
            raise argparse.ArgumentTypeError(bad[1])
        return value
    return parse


def _korean_argparse_message(message: str) -> str:
    """argparse가 영어로 만든 오류 문장을 한국어로 바꿉니다 (이 파서에서 날 수 있는 것들)."""
    rules = [
        (r"^argument (\S+?)(?:/\S+)?: invalid choice: (.+?) \(choose from (.+)\)$",
         lambda m: f"{m[1]}: {m[3]} 중 하나여야 합니다 (받은 값: {m[2]})."),
        (r"^argument (\S+?)(?:/\S+)?: expected one argument$", lambda m: f"{m[1]}: 값이 하나 필요합니다."),
        (r"^argument (\S+?)(?:/\S+)?: ignored explicit argument (.+)$",
         lambda m: f"{m[1]}: 값을 받지 않는 옵션입니다 (받은 값: {m[2]})."),
        (r"^argument (\S+?)(?:/\S+)?: (.+)$", lambda m: f"{m[1]}: {m[2]}"),
        (r"^unrecognized arguments: (.+)$",
         lambda m: f"알 수 없는 인자입니다: {m[1]} ({PROG} --help로 옵션을 보세요)."),
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


def _add_option(parser: argparse.ArgumentParser, opt: Option, default) -> None:
    """:data:`~w2vlib.config.OPTIONS`의 한 행을 플래그 하나로 (목적지 = 필드 이름)."""
    if opt.kind is bool:
        parser.add_argument(opt.flag, dest=opt.field, action="store_false" if opt.negate else "store_true",
                            help=opt.help)
        return
    help_text = opt.help
    if opt.range_text():
        head, paren, tail = help_text.partition(" (")
        help_text = f"{head} ({opt.range_text()}{', ' + tail if paren else ')'}"
    kwargs = {"dest": opt.field, "default": default, "help": help_text}
    if opt.choices is not None:                 # 문자열은 argparse가 고르고 (오류는 한국어로 바꿈), 정수는 직접 검사
        kwargs |= {"choices": list(opt.choices), "type": opt.kind if opt.kind is str else _parse_option(opt)}
    else:
        kwargs |= {"type": _parse_option(opt), "metavar": opt.metavar}
    parser.add_argument(opt.flag, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """명령줄 파서 (메시지와 --help가 한국어). 학습 설정의 플래그는 :data:`w2vlib.config.OPTIONS`에서 만듭니다."""
    sources = "\n\n".join(corpus.sources() for corpus in CORPORA.values())
    epilog = f"""{sources}

종료 코드: 0 성공, 1 학습 발산·데이터 오류, 2 잘못된 인자, 130 Ctrl-C로 중단 (중단·오류 때는 파일을 쓰지 않음).

예: {PROG} --epochs 3 --save vectors.txt
    {PROG} --max-tokens 100000 --epochs 1 --no-eval   (빠른 시험)
    {PROG} --corpus nsmc --tokens morph --epochs 5 --save nsmc.txt   (한국어: NSMC 형태소)"""
    p = _KoreanArgumentParser(prog=PROG, add_help=False, formatter_class=_KoreanHelpFormatter,
                              description="말뭉치(기본 PTB)로 word2vec(CBOW/skip-gram)을 학습하고 평가합니다.",
                              epilog=epilog)
    p._optionals.title = "옵션"
    p.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="이 도움말을 보여 주고 끝냅니다")
    defaults = TrainConfig.__dataclass_fields__
    for opt in OPTIONS:
        _add_option(p, opt, defaults[opt.field].default)
    p.add_argument("--corpus", choices=list(CORPORA), default=next(iter(CORPORA)), help="학습할 말뭉치")
    units = list(dict.fromkeys(t for corpus in CORPORA.values() for t in corpus.tokens))
    p.add_argument("--tokens", choices=units, default=None,
                   help="토큰 단위 (--corpus nsmc: morph 형태소 또는 word 어절, 기본 morph)")
    lo, hi = MAX_TOKENS_RANGE
    max_tokens = Option("max_tokens", "--max-tokens", "", int, lo, hi)
    p.add_argument("--max-tokens", type=_parse_option(max_tokens), default=None, metavar="T",
                   help="말뭉치의 앞 T 토큰만으로 학습 (빠른 시험용, 기본: 전체; PTB train은 929,589토큰)")
    p.add_argument("--save", metavar="PATH", help="word2vec 텍스트 형식으로 벡터 저장 (학습 전에 쓸 수 있는지 확인)")
    p.add_argument("--no-eval", action="store_true", help="학습 뒤 평가를 건너뜀")
    return p


def config_from_args(args: argparse.Namespace, n_examples: int | None = None) -> TrainConfig:
    """파싱한 인자 → :class:`TrainConfig` (필드 이름이 곧 argparse의 목적지입니다). 주지 않은 값은 말뭉치의 기본값
    (:data:`w2vlib.config.CORPUS_DEFAULTS`, 예: NSMC는 선형 감소 학습률), 그다음 옵티마이저의 기본값입니다.
    ``n_examples``(읽은 말뭉치의 학습 예시 수)를 주면 ``--batch-size``가 없을 때 배치를 그 수에 맞춥니다
    (:meth:`TrainConfig.batch_for`)."""
    return TrainConfig.for_corpus(args.corpus, n_examples, **{opt.field: getattr(args, opt.field) for opt in OPTIONS})


def estimate_memory_bytes(n_tokens: int, vocab_size: int, cfg: TrainConfig) -> int:
    """학습에 드는 메모리를 어림합니다 (바이트; 파이썬·numpy 자체와 말뭉치를 읽는 동안의 메모리는 빼고, 학습 중 numpy
    배열의 최댓값의 규모). 명령줄 도구가 학습 전에 메모리가 모자랄지 검사할 때 씁니다.

    말뭉치의 int32 복사본 (T,)와 에폭마다의 순서 (T,) int32 (맥락은 배치마다 만들므로 (T, 2w) 배열은 없음), 가중치
    W_in·W_out (V, H) float32와 옵티마이저 상태 (Adam은 m, v), 그리고 학습 프로세스(workers)마다 배치 하나의 배열을 더합니다.
    배치의 배열은 지금의 구현을 따릅니다: 은닉층 h (N, H), dh (CBOW는 ``DhBlocks.ROWS`` 행씩, skip-gram은 (N, H)), 두
    행렬의 행 기울기 (건드린 행 수 × H, 많아야 V × H), 출력 행을 모으는 조각 (``CHUNK_ROWS`` × 출력 행 × H; (N, 출력 행, H)
    배열은 만들지 않음), 맥락·출력 행 번호와 점수 (int32·float32). skip-gram의 계층적 소프트맥스는 타깃 벡터를 쌍마다
    펼친 (쌍 수, H)도 둡니다. 쌍 수는 윈도우를 줄이지 않았을 때의 상한 N·2w로 셉니다. PTB에서 잰 tracemalloc 최댓값과
    같은 규모입니다 (테스트: ``tests/core/test_cli_flags.py``).
    """
    from .layers import DhBlocks
    from .negative_sampling import CHUNK_ROWS

    w, H, N, V = cfg.window_size, cfg.hidden_size, cfg.batch_size, vocab_size
    corpus = n_tokens * (4 + 4)
    weights = (6 if cfg.optimizer == "adam" else 2) * V * H * 4
    # 타깃 하나의 출력 행: NS는 정답 + 부정적 예, HS는 트리 경로 (최대 부호 길이 어림)
    out = cfg.sample_size + 1 if cfg.loss == "ns" else int(np.ceil(np.log2(max(V, 2)))) + 1
    context = N * 2 * w                    # 배치의 맥락 칸 수: 윈도우 (N, 2w+1)와 맥락 (N, 2w) int32를 한 벌씩 만듦
    if cfg.model == "skipgram":
        pairs = context
        rows = 2 * N + min(V, N) + min(V, pairs * out) + CHUNK_ROWS * out + (pairs if cfg.loss == "hs" else 0)
        numbers = 2 * context + 3 * pairs * out + 2 * pairs
    else:
        rows = N + min(N, DhBlocks.ROWS) + min(V, context) + min(V, N * out) + CHUNK_ROWS * out
        # 윈도우·맥락, 줄어드는 윈도우의 맥락 쌍·그 행 번호·가중치 (int32·float32), 윈도우 안 표시 (bool)
        numbers = 5 * context + context // 4 + 3 * N * out
    batch = rows * H * 4 + numbers * 4
    return int(corpus + weights + cfg.workers * batch)          # 배치의 배열은 프로세스(workers)마다 따로


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
    window, batch = flag_for("window_size"), flag_for("batch_size")
    if 2 * cfg.window_size >= n_tokens:
        raise CLIError(f"{window}: 말뭉치 길이({n_tokens:,}토큰)의 절반보다 작아야 합니다 "
                       f"(받은 값: {cfg.window_size}).{limit}")
    examples = n_tokens - 2 * cfg.window_size
    if cfg.batch_size > examples:
        raise CLIError(f"{batch}: 학습 예시 수({examples:,}) 이하여야 합니다 "
                       f"(받은 값: {cfg.batch_size:,}).{limit}")
    need, have = estimate_memory_bytes(n_tokens, vocab_size, cfg), available_memory_bytes()
    if have is not None and need > have:
        hidden = flag_for("hidden_size")
        raise CLIError(f"메모리가 모자랍니다: 이 설정({window} {cfg.window_size}, {hidden} {cfg.hidden_size}, "
                       f"{batch} {cfg.batch_size})으로는 약 {_gib(need)}가 필요한데, 쓸 수 있는 메모리는 "
                       f"{_gib(have)}입니다. {window}, {hidden} 또는 {batch}를 줄이세요.")


def _check_evaluation_data(kind: str = "english") -> None:
    """평가 데이터가 있는지 학습 전에 확인합니다. ``"english"``: gensim 휠 안의 파일 (없으면 설치 방법을 밝힌
    ImportError 등), ``"korean"``: 한국어 평가 데이터 (없으면 내려받고 해시 확인, 실패하면 DataError)."""
    if kind == "korean":
        from .korean_eval import FILES, eval_path
        for name in FILES:
            eval_path(name)
        return
    from .evaluation import GENSIM_TEST_FILES, gensim_test_data
    for name in GENSIM_TEST_FILES:
        gensim_test_data(name)


def main(argv=None) -> int:
    """명령줄 진입점. 종료 코드: 0 성공, 1 발산·데이터·파일 오류, 2 잘못된 인자, 130 Ctrl-C."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\n중단했습니다 (Ctrl-C). 아무 파일도 쓰지 않았습니다.", file=sys.stderr)
        return 130


def _main(argv) -> int:
    from .atomic_write import resolve_output_path
    from .evaluation import evaluate_analogies, evaluate_word_pairs
    from .memory import reuse_large_allocations
    from .trainer import TrainingDiverged, train_word2vec
    from .vectors_io import save_word2vec_format

    parser = build_parser()
    args = parser.parse_args(argv)
    given = {a.split("=")[0] for a in (sys.argv[1:] if argv is None else argv) if a.startswith("--")}
    corpus_spec = CORPORA[args.corpus]
    try:
        cfg = config_from_args(args)
        if args.save is not None:
            resolve_output_path(args.save, "--save")        # 학습 전에: 폴더가 있고 쓸 수 있는가
    except (ValueError, TypeError, OSError) as e:
        print(f"오류: {flag_message(e)}", file=sys.stderr)
        return 2
    if args.tokens is not None and args.tokens not in corpus_spec.tokens:
        allowed = [key for key, c in CORPORA.items() if args.tokens in c.tokens]
        print(f"오류: --tokens: --corpus {args.corpus}에는 토큰 단위를 고를 수 없습니다 (--tokens는 --corpus "
              f"{' 또는 '.join(allowed)}에서 씁니다).", file=sys.stderr)
        return 2
    evaluate = not args.no_eval and corpus_spec.evaluation is not None
    if evaluate:
        try:
            _check_evaluation_data(corpus_spec.evaluation)
        except (ImportError, FileNotFoundError, DataError) as e:
            print(f"오류: {e} 평가 없이 학습하려면 --no-eval을 붙이세요. 아무 파일도 쓰지 않았습니다.",
                  file=sys.stderr)
            return 1
    try:
        if corpus_spec.tokens:
            corpus, word_to_id, id_to_word = corpus_spec.load(args.tokens or corpus_spec.tokens[0])
        else:
            corpus, word_to_id, id_to_word = corpus_spec.load()
    except corpus_spec.errors as e:
        print(f"오류: {e}", file=sys.stderr)
        return 1
    if args.max_tokens is not None:
        corpus = corpus[: args.max_tokens]
    corpus = compact_ids(corpus, len(word_to_id))       # 읽은 int64 배열은 버림 (학습 중 최대 메모리가 줄어듦)
    try:
        usual_batch = cfg.batch_size
        n_examples = len(corpus) - 2 * cfg.window_size
        if n_examples > 0:                              # 말뭉치의 크기를 알았으니 기본 배치를 맞춥니다 (큰 말뭉치)
            cfg = config_from_args(args, n_examples)
        check_config(cfg, len(corpus), len(word_to_id), given)
    except CLIError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 2
    print(f"{corpus_spec.title}: 토큰 {len(corpus):,}개, 어휘 {len(word_to_id):,}개", file=sys.stderr)
    if cfg.batch_size != usual_batch:
        print(f"배치 크기 {cfg.batch_size:,} (말뭉치가 커서 기본값 {usual_batch:,}의 {cfg.batch_size // usual_batch}배: 한 에폭 "
              f"갱신 {updates_per_epoch(n_examples, cfg.batch_size):,}번, --batch-size로 바꿀 수 있음)",
              file=sys.stderr)
    if cfg.workers > 1:
        print(f"학습 프로세스 {cfg.workers}개 (Hogwild: 프로세스마다 말뭉치의 1/{cfg.workers}을 workers=1과 같은 배치 크기 "
              f"{cfg.batch_size:,}의 배치로 학습하며 공유 가중치를 잠금 없이 갱신합니다; 갱신 순서가 실행마다 달라 같은 "
              f"시드라도 벡터가 조금씩 다릅니다)", file=sys.stderr)
        cores = cpu_count()
        if cfg.workers > cores:
            print(f"참고: 이 기계에서 쓸 수 있는 CPU 코어는 {cores}개라서 학습 프로세스 {cfg.workers}개는 코어를 나눠 쓰며, "
                  f"{cores}개보다 빨라지지 않습니다.", file=sys.stderr)
    reuse_large_allocations()        # 이 프로세스의 주인은 명령줄 도구: 큰 임시 배열의 메모리를 재사용합니다
    start = time.perf_counter()
    try:
        with np.errstate(over="ignore", invalid="ignore"):       # 발산은 TrainingDiverged로 알립니다
            model, trainer = train_word2vec(corpus, len(word_to_id), cfg, progress=sys.stderr)  # 표준 출력은 결과 줄만
    except TrainingDiverged as e:
        print(f"오류: {e} 명령줄에서는 --lr을 낮추거나 --batch-size를 바꿔 보세요. 아무 파일도 쓰지 않았습니다.",
              file=sys.stderr)
        return 1
    except WorkerFailed as e:                                    # --workers ≥ 2: 다른 학습 프로세스의 오류
        hint = (" 명령줄에서는 --lr을 낮추거나 --batch-size를 바꿔 보세요." if e.error_type == "TrainingDiverged"
                else "")
        reason = e.error_text if e.error_text is not None else str(e)
        print(f"오류: 학습 프로세스 하나가 실패했습니다 (--workers {cfg.workers}): {reason}{hint} 아무 파일도 쓰지 "
              f"않았습니다.", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"오류: {flag_message(e)}", file=sys.stderr)
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
        except (OSError, ValueError) as e:
            print(f"오류: --save: {e}", file=sys.stderr)
            return 1
        print(f"저장: {args.save}")
    if evaluate and corpus_spec.evaluation == "korean":
        from .korean_eval import report_lines
        print("\n".join(report_lines(model.word_vecs, word_to_id)))
    elif evaluate:
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
