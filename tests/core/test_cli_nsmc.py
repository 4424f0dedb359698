"""명령줄 도구의 ``--corpus nsmc --tokens morph|word``: 학습, 한국어 평가, gensim이 읽는 저장, 잘못된 조합의 오류.

리뷰 수천 개짜리 가짜 NSMC 캐시(풀어 낸 리뷰 파일)를 써서 빠르게 돌립니다. 평가 데이터는 실제 사본을 씁니다.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

from w2vlib import cli, korean_eval, nsmc

from conftest import find_shared_data

_EVAL_DIR = find_shared_data(os.environ.get(korean_eval.ENV_DIR), "korean-eval", korean_eval.FILES)


@pytest.fixture
def tiny_nsmc(tmp_path, monkeypatch):
    if _EVAL_DIR is None:
        pytest.skip(f"한국어 평가 데이터가 없습니다 ({korean_eval.ENV_DIR}를 설정하세요).")
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(korean_eval.ENV_DIR, str(_EVAL_DIR))
    monkeypatch.delenv(nsmc.ENV_DIR, raising=False)
    folder = tmp_path / "cache" / "nsmc"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    words = ["영화가", "영화를", "배우가", "남자", "여자", "왕", "여왕", "재미있다", "감동", "최고"]
    lines = [json.dumps([int(rng.integers(1, 11)), " ".join(rng.choice(words, size=8))], ensure_ascii=False)
             for _ in range(3000)]
    (folder / f"reviews-{nsmc.RAW_TREE_SHA1[:12]}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_nsmc_word_tokens_train_evaluate_and_save(tiny_nsmc, capsys):
    gensim = pytest.importorskip("gensim")
    out = tiny_nsmc / "v.txt"
    code = cli.main(["--corpus", "nsmc", "--tokens", "word", "--epochs", "1", "--batch-size", "256",
                     "--save", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "NSMC 리뷰: 토큰 24,000개, 어휘 10개" in captured.err
    assert "한국어 WordSim-353 ρ" in captured.out and "한국어 유추 (3cosadd" in captured.out
    kv = gensim.models.KeyedVectors.load_word2vec_format(str(out))
    assert set(kv.index_to_key) == {"영화가", "영화를", "배우가", "남자", "여자", "왕", "여왕", "재미있다", "감동", "최고"}
    assert kv.vectors.shape == (10, 100)


def test_nsmc_morph_without_the_extra_names_it(tiny_nsmc, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "mecab", None)
    code = cli.main(["--corpus", "nsmc", "--tokens", "morph", "--epochs", "1", "--no-eval"])
    assert code == 1
    assert 'pip install "w2vlib[korean]"' in capsys.readouterr().err


def test_tokens_flag_needs_a_corpus_with_token_units(capsys):
    assert cli.main(["--corpus", "ptb", "--tokens", "word"]) == 2
    assert "--tokens: --corpus ptb에는 토큰 단위를 고를 수 없습니다" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["--corpus", "nsmc", "--tokens", "jamo"])
    assert exc.value.code == 2
    assert "--tokens:" in capsys.readouterr().err


def test_help_names_the_korean_sources(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert nsmc.ENV_DIR in text and korean_eval.ENV_DIR in text and "--tokens" in text
