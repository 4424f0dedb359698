"""이슈 17, 3·4번: 명령줄 파서가 ``TrainConfig``의 표에서 만들어지는지 — 모든 플래그가 그 필드를 바꾸고, 잘못된 값은
그 플래그 이름으로 알리며, 라이브러리 오류의 ``argument``도 플래그로 바뀝니다 (메시지 글자를 해석하지 않음).
하위 프로세스로 학습까지 하는 검사는 ``tests/core/test_cli.py``에 있습니다."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from w2vlib import cli, ptb
from w2vlib._checks import argument_error
from w2vlib.config import OPTIONS, TrainConfig
from w2vlib.corpora import CORPORA

STABLE_FLAGS = ("--model", "--loss", "--epochs", "--workers", "--window", "--hidden", "--negative", "--batch-size",
                "--optimizer", "--lr", "--seed", "--max-tokens", "--save", "--no-eval")
"""이슈 17, 4번: 사용자가 쓰는 플래그 (이름을 바꾸지 않습니다)."""

NON_DEFAULT = {"model": "skipgram", "loss": "hs", "window_size": "3", "hidden_size": "64", "sample_size": "7",
               "power": "0.5", "epochs": "2", "optimizer": "sgd", "batch_size": "123", "lr": "0.125", "seed": "42",
               "workers": "2"}


def _flags(parser):
    return {s for a in parser._actions for s in a.option_strings}


def test_stable_flags_exist_and_every_option_has_its_flag():
    flags = _flags(cli.build_parser())
    assert set(STABLE_FLAGS) <= flags
    assert {opt.flag for opt in OPTIONS} <= flags
    assert "--corpus" in flags


def test_every_flag_sets_its_field():
    parser = cli.build_parser()
    default = cli.config_from_args(parser.parse_args([]))
    assert default == TrainConfig()
    for opt in OPTIONS:
        value = NON_DEFAULT.get(opt.field)
        if opt.choices is not None:                    # 기본값이 아닌 선택지 (기본값이 바뀌어도 그대로 검사)
            value = str(next(c for c in opt.choices if c != getattr(default, opt.field)))
        argv = [opt.flag] if opt.kind is bool else [opt.flag, value]
        cfg = cli.config_from_args(parser.parse_args(argv))
        changed = {f for f in vars(cfg) if getattr(cfg, f) != getattr(default, f)}
        if opt.field in ("model", "optimizer"):          # 배치 크기·학습률·학습률 일정의 기본값도 따라 바뀝니다
            changed -= {"batch_size", "lr", "lr_schedule"}
        assert changed == {opt.field}, (opt.flag, changed)
    args = parser.parse_args(["--max-tokens", "500", "--save", "v.txt", "--no-eval", "--corpus", "ptb"])
    assert (args.max_tokens, args.save, args.no_eval, args.corpus) == (500, "v.txt", True, "ptb")


def _bad(opt):
    if opt.choices is not None:
        return ["x"]
    if opt.kind is bool:
        return []
    out = ["abc"]
    if opt.low is not None:
        out.append(str(opt.low if opt.low_open else (opt.low - 1)))
    if opt.high is not None:
        out.append(str(opt.high + 1))
    if opt.kind is float:
        out.append("nan")
    return out


@pytest.mark.parametrize("opt", [o for o in OPTIONS if o.kind is not bool], ids=lambda o: o.flag)
def test_bad_values_name_the_flag_in_korean(opt, capsys):
    for text in _bad(opt):
        with pytest.raises(SystemExit) as info:
            cli.build_parser().parse_args([opt.flag, text])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"오류: {opt.flag}: "), err
        assert opt.field not in err.replace(opt.flag, "") and "invalid" not in err and "usage" not in err, err


def test_library_errors_are_reported_with_the_flag():
    cases = {"max_epoch": "--epochs", "window_size": "--window", "sample_size": "--negative", "final_lr": "--lr"}
    for argument, flag in cases.items():
        err = argument_error(ValueError, argument, "1 이상의 정수여야 합니다 (받은 값: 0).")
        assert cli.flag_message(err) == f"{flag}: 1 이상의 정수여야 합니다 (받은 값: 0)."
    other = argument_error(ValueError, "x", "문제")
    assert cli.flag_message(other) == "x: 문제"                  # 플래그가 없는 인자는 그대로
    assert cli.flag_message(OSError("디스크")) == "디스크"


def test_corpus_table_drives_choices_and_help():
    assert list(CORPORA)[0] == "ptb"
    help_text = cli.build_parser().format_help()
    for corpus in CORPORA.values():
        assert corpus.sources() in help_text
    assert ptb.ENV_DIR in help_text and ptb.ENV_CACHE in help_text


def test_memory_estimate_has_no_context_matrix_term():
    small, large = (cli.estimate_memory_bytes(n, 10_000, TrainConfig()) for n in (1_000_000, 14_000_000))
    # 토큰당 8바이트(int32 말뭉치 + int32 순서)만 늘어납니다: (T, 2w) 배열이면 토큰당 40바이트 이상
    assert (large - small) == 13_000_000 * 8


@pytest.mark.parametrize("settings", [dict(), dict(loss="hs"), dict(model="skipgram"),
                                      dict(model="skipgram", loss="hs"), dict(batch_size=4000, hidden_size=64)])
def test_memory_estimate_is_the_scale_of_the_traced_peak(settings):
    """어림값은 학습 한 에폭 동안 numpy 배열의 최댓값(tracemalloc)과 같은 규모입니다: 그보다 작지 않고 1.6배를 넘지
    않습니다 (예전 식은 (N, 2w + k + 1, H) 배열 두 벌을 세어 PTB에서 8–13배였습니다)."""
    import tracemalloc

    import numpy as np

    from w2vlib.trainer import train_word2vec
    V, T = 3_000, 200_000
    ranks = np.arange(1, V + 1)
    corpus = np.random.default_rng(0).choice(V, size=T, p=(1 / ranks) / np.sum(1 / ranks)).astype(np.int32)
    cfg = TrainConfig(epochs=1, **settings)
    tracemalloc.start()
    try:
        train_word2vec(corpus, V, cfg, progress=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ratio = cli.estimate_memory_bytes(T, V, cfg) / peak
    assert 1.0 <= ratio <= 1.6, (settings, ratio)


def test_evaluation_without_gensim_says_what_to_install_before_training(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "gensim.py").write_text("")                 # 패키지가 아닌 gensim: 테스트 데이터가 없는 것과 같음
    env = dict(os.environ, PYTHONPATH=str(fake), OPENBLAS_NUM_THREADS="1")
    env[ptb.ENV_DIR] = str(tmp_path / "no-ptb-needed")
    out = tmp_path / "v.txt"
    proc = subprocess.run([sys.executable, "-m", "w2vlib.train", "--epochs", "1", "--save", str(out)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in ("gensim이 설치되어 있지 않습니다", 'pip install "gensim>=', 'pip install "w2vlib[book]"', "--no-eval",
                   "아무 파일도 쓰지 않았습니다"):
        assert needle in proc.stderr, (needle, proc.stderr)
    assert "PTB train" not in proc.stderr and not out.exists()


def test_training_time_line_and_evaluation_lines_keep_their_format(real_ptb_dir):
    """이슈 17, 4번: 사람과 스크립트가 읽는 출력 줄 "학습 시간 …초"와 평가 줄의 모양이 그대로인지."""
    import re

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", **{ptb.ENV_DIR: str(real_ptb_dir)})
    proc = subprocess.run([sys.executable, "-m", "w2vlib.train", "--max-tokens", "30000", "--epochs", "1",
                           "--batch-size", "2000"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert re.fullmatch(r"학습 시간 \d+\.\d초 \(준비 포함 \d+\.\d초\), [\d,]+토큰/초", lines[0]), lines
    assert lines[1].startswith("유추 정답률 (3CosAdd, 문제 ") and lines[2].startswith("WordSim-353 ρ = "), lines
    assert "PTB train: 토큰 30,000개, 어휘 10,000개" in proc.stderr
