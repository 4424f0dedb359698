"""이슈 17, 3번: ``TrainConfig``가 하이퍼파라미터의 단 한 곳인지 — 필드마다 규칙 하나(:data:`w2vlib.config.OPTIONS`),
잘못된 값은 필드 이름을 ``argument``로 가진 오류, gensim 인자는 설정에서 만들어짐."""
from __future__ import annotations

import dataclasses
import importlib.util
import math

import pytest

from w2vlib._checks import ArgumentError
from w2vlib.config import GENSIM_SGD, OPTIMIZER_DEFAULTS, OPTIONS, SGD_FINAL_LR_RATIO, TrainConfig, option_for


def test_one_option_per_field_in_field_order():
    assert [opt.field for opt in OPTIONS] == [f.name for f in dataclasses.fields(TrainConfig)]
    flags = [opt.flag for opt in OPTIONS]
    assert len(set(flags)) == len(flags)
    names = [n for opt in OPTIONS for n in (opt.field, *opt.aliases)]
    assert len(set(names)) == len(names)            # 한 이름이 두 뜻을 갖지 않음


def test_book_names_map_to_the_same_option():
    assert option_for("max_epoch") is option_for("epochs")
    assert option_for("sample_size").flag == "--negative" and option_for("sample_size").gensim == "negative"
    assert option_for("final_lr") is option_for("lr")
    assert option_for("nonexistent") is None


def _bad_values(opt):
    """규칙을 어기는 값들: 범위 바로 밖, 틀린 종류."""
    if opt.choices is not None:                       # None은 기본값이 None인 필드(옵티마이저별 기본값)에서만 허용
        allows_none = TrainConfig.__dataclass_fields__[opt.field].default is None
        return ["nope" if opt.kind is str else 3] + ([] if allows_none else [None])
    if opt.kind is bool:
        return [1, "yes"]
    values = ["1", True]
    if opt.low is not None:
        values.append(opt.low if opt.low_open else (opt.low - 1 if opt.kind is int else opt.low - 0.5))
    if opt.high is not None:
        values.append(opt.high + 1 if opt.kind is int else opt.high + 0.5)
    if opt.kind is float:
        values += [math.nan, math.inf]
    return values


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda o: o.field)
def test_every_field_rejects_bad_values_naming_the_field(opt):
    for value in _bad_values(opt):
        with pytest.raises((ValueError, TypeError)) as info:
            TrainConfig(**{opt.field: value})
        assert isinstance(info.value, ArgumentError), value
        assert info.value.argument == opt.field and str(info.value).startswith(f"{opt.field}: "), str(info.value)


def test_defaults_fill_batch_size_and_lr_per_optimizer_and_model():
    for (optimizer, model), want in OPTIMIZER_DEFAULTS.items():
        cfg = TrainConfig(optimizer=optimizer, model=model)
        assert (cfg.batch_size, cfg.lr, cfg.lr_schedule) == (want["batch_size"], want["lr"], want["lr_schedule"])
    assert TrainConfig(batch_size=7, lr=0.5).batch_size == 7


def test_corpus_defaults_fill_only_what_was_not_given():
    from w2vlib.config import CORPUS_DEFAULTS

    assert TrainConfig.for_corpus("nsmc").lr_schedule == CORPUS_DEFAULTS["nsmc"]["lr_schedule"] == "linear"
    assert TrainConfig.for_corpus("nsmc", lr_schedule=None, epochs=5).epochs == 5           # None은 "주지 않음"
    assert TrainConfig.for_corpus("nsmc", lr_schedule="constant").lr_schedule == "constant"
    assert TrainConfig.for_corpus("ptb") == TrainConfig() and TrainConfig().lr_schedule == "constant"
    assert "lr_schedule" not in repr(TrainConfig())                          # 옵티마이저의 기본 일정이면 생략
    assert "lr_schedule='linear'" in repr(TrainConfig.for_corpus("nsmc"))
    with pytest.raises(ArgumentError, match="lr_schedule: 'constant', 'linear' 중 하나"):
        TrainConfig(lr_schedule="cosine")


def test_batch_grows_only_for_large_corpora_and_only_for_adam_cbow():
    from w2vlib.config import MAX_UPDATES_PER_EPOCH, OPTIMIZER_DEFAULTS

    full_nsmc, head_nsmc, ptb = 12_934_130, 1_993_285, 929_579        # 학습 예시 수 (토큰 − 2·윈도우)
    assert TrainConfig.for_corpus("nsmc", full_nsmc).batch_size == 64_000
    assert TrainConfig.for_corpus("nsmc", head_nsmc).batch_size == 32_000      # 4.5절의 앞 10만 개 리뷰: 그대로
    assert TrainConfig.for_corpus("ptb", ptb) == TrainConfig()
    assert TrainConfig.for_corpus("nsmc").batch_size == 32_000                 # 예시 수를 모르면 기본값
    assert TrainConfig.for_corpus("nsmc", full_nsmc, batch_size=32_000).batch_size == 32_000   # 준 값이 먼저
    sg_default = OPTIMIZER_DEFAULTS[("adam", "skipgram")]["batch_size"]                 # skip-gram은 키우지 않음
    assert TrainConfig.for_corpus("nsmc", full_nsmc, model="skipgram").batch_size == sg_default
    assert TrainConfig.for_corpus("nsmc", full_nsmc, optimizer="sgd").batch_size == 500
    cfg = TrainConfig()
    edge = MAX_UPDATES_PER_EPOCH * cfg.batch_size
    assert cfg.batch_for(edge) == cfg.batch_size and cfg.batch_for(edge + 1) == 2 * cfg.batch_size
    for n in (1, 10**6, 10**7, 10**8, 10**9):
        batch = cfg.batch_for(n)
        assert n / batch <= MAX_UPDATES_PER_EPOCH and (batch == cfg.batch_size or n / (batch // 2) > MAX_UPDATES_PER_EPOCH)
    with pytest.raises(ArgumentError, match="n_examples: 1 이상의 정수"):
        cfg.batch_for(0)


def test_cli_uses_the_corpus_defaults():
    from w2vlib.cli import build_parser, config_from_args

    def cfg(*argv):
        return config_from_args(build_parser().parse_args(list(argv)))

    assert cfg().lr_schedule == "constant" and cfg("--corpus", "nsmc").lr_schedule == "linear"
    assert cfg("--corpus", "nsmc", "--lr-schedule", "constant").lr_schedule == "constant"
    assert cfg("--lr-schedule", "linear").lr_schedule == "linear"
    args = build_parser().parse_args(["--corpus", "nsmc"])
    assert config_from_args(args, 12_934_130).batch_size == 64_000            # 전체 NSMC: 읽은 뒤 배치를 맞춤
    args = build_parser().parse_args(["--corpus", "nsmc", "--batch-size", "32000"])
    assert config_from_args(args, 12_934_130).batch_size == 32_000


def test_gensim_kwargs_follow_the_config():
    kw = TrainConfig(window_size=3, hidden_size=50, sample_size=7, power=0.5, epochs=4, seed=9, workers=1,
                     shrink_window=False).gensim_kwargs()
    assert kw == {"window": 3, "vector_size": 50, "negative": 7, "ns_exponent": 0.5, "shrink_windows": False,
                  "epochs": 4, "seed": 9, "workers": 1, "sg": 0, "hs": 0, "min_count": 1, "sample": 0,
                  "cbow_mean": 1, **GENSIM_SGD}
    hs = TrainConfig(loss="hs", model="skipgram").gensim_kwargs()
    assert (hs["hs"], hs["negative"], hs["sg"]) == (1, 0, 1)
    sgd = TrainConfig(optimizer="sgd", lr=0.05).gensim_kwargs()
    assert (sgd["alpha"], sgd["min_alpha"]) == (0.05, 0.05 * SGD_FINAL_LR_RATIO)


@pytest.mark.skipif(importlib.util.find_spec("gensim") is None, reason="gensim이 없습니다 (w2vlib[book])")
def test_gensim_accepts_the_derived_kwargs():
    from gensim.models import Word2Vec

    for cfg in (TrainConfig(), TrainConfig(loss="hs", model="skipgram", optimizer="sgd")):
        kw = cfg.gensim_kwargs()
        model = Word2Vec(**kw)                       # 문장 없이 만들기만: 모르는 인자면 TypeError
        assert (model.vector_size, model.window, model.negative, model.hs, model.sg) == (
            kw["vector_size"], kw["window"], kw["negative"], kw["hs"], kw["sg"])
        assert (model.epochs, model.ns_exponent, model.shrink_windows) == (kw["epochs"], kw["ns_exponent"],
                                                                          kw["shrink_windows"])


def test_model_choices_are_the_trainer_models():
    from w2vlib import config, trainer

    assert tuple(trainer.MODELS) == config.MODELS
