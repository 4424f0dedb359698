"""실제 PTB로 짧게 학습한 모델의 정성·정량 하한 (정확한 값이 아니라 넉넉한 문턱)과 명령줄 도구.

PTB 폴더는 ``W2VLIB_PTB_DIR`` (없으면 저장소 옆의 ../shared/data/ptb)에서 찾고, 없으면 건너뜁니다.

문턱을 정한 근거 (PTB train 전체, TrainConfig 기본값(CBOW, 배치 32,000), 시드 0·1·2에서 잰 값): 4에폭이면 WordSim-353
ρ 0.19–0.23, 유추 정답률(3CosAdd) 2.3–3.0%입니다. 무작위 벡터는 ρ ≈ 0 ± 0.065 (쌍 237개), 유추 ≈ 0%입니다.
2에폭(갱신 58번)은 ρ가 0.05–0.11로 무작위 벡터의 흔들림 안이라 문턱이 아무것도 가리지 못해서 4에폭을 씁니다.
기본 설정이 조금 바뀌어도 통과하도록 문턱은 넉넉히 낮게 둡니다.
"""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from w2vlib import evaluation as ev
from w2vlib import ptb
from w2vlib.train import TrainConfig, train_word2vec
from w2vlib.vectors_io import load_word2vec_format

@pytest.fixture(scope="module")
def trained(ptb_train):
    corpus, word_to_id, id_to_word = ptb_train
    model, trainer = train_word2vec(corpus, len(word_to_id), TrainConfig(epochs=4, seed=0), progress=False)
    return model, trainer, word_to_id, id_to_word


def test_short_training_learns_time_words(trained):
    model, _, word_to_id, id_to_word = trained
    top = [w for w, _ in ev.most_similar("year", word_to_id, id_to_word, model.word_vecs, top=10)]
    assert "month" in top or "week" in top, top


def test_short_training_beats_random_vectors_on_benchmarks(trained):
    model, _, word_to_id, _ = trained
    ws = ev.evaluate_word_pairs(model.word_vecs, word_to_id, "wordsim353.tsv")
    assert ws["n_pairs"] > 200
    assert ws["spearman"] > 0.10, ws
    an = ev.evaluate_analogies(model.word_vecs, word_to_id)
    assert an["n_overall"] > 4000
    assert an["overall"] > 0.003, an


def test_training_loss_goes_down_and_vectors_stay_float32(trained):
    model, trainer, _, _ = trained
    losses = np.array(trainer.loss_list)
    assert np.all(np.isfinite(losses))
    assert losses[-5:].mean() < 0.9 * losses[:2].mean()
    assert model.word_vecs.dtype == np.float32 and model.word_vecs.shape == (10_000, 100)


# --------------------------------------------------------------------------- 명령줄 도구

def _run_cli(args, real_ptb_dir, timeout=300):
    env = dict(os.environ, **{ptb.ENV_DIR: str(real_ptb_dir), "OPENBLAS_NUM_THREADS": "1"})
    return subprocess.run([sys.executable, "-m", "w2vlib.train", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_cli_trains_and_saves_a_loadable_file(real_ptb_dir, ptb_train, tmp_path):
    out = tmp_path / "vectors.txt"
    proc = _run_cli(["--epochs", "1", "--save", str(out), "--no-eval"], real_ptb_dir)
    assert proc.returncode == 0, proc.stderr
    assert "저장" in proc.stdout and "유추" not in proc.stdout      # --no-eval: 평가 출력 없음
    W, word_to_id, id_to_word = load_word2vec_format(out)
    assert W.shape == (10_000, 100) and np.all(np.isfinite(W))
    assert word_to_id == ptb_train[1]
    assert [p.name for p in tmp_path.iterdir()] == ["vectors.txt"]   # 임시 파일이 남지 않음


def test_cli_reports_bad_arguments_with_exit_code_2(real_ptb_dir, tmp_path):
    proc = _run_cli(["--epochs", "0", "--save", str(tmp_path / "v.txt")], real_ptb_dir)
    assert proc.returncode == 2
    assert "오류" in proc.stderr and "--epochs" in proc.stderr and "max_epoch" not in proc.stderr
    assert not (tmp_path / "v.txt").exists()
