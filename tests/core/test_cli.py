"""이슈 13, 1·2·7번: 명령줄 도구 ``python -m w2vlib.train``은 잘못된 입력을 학습 전에 한국어로 알리고
(플래그 이름으로, 트레이스백 없이), 발산하면 멈추고, Ctrl-C에 깔끔히 끝나며, 실패하면 아무 파일도 쓰지 않습니다.

모두 하위 프로세스로 실행합니다. 학습이 필요한 경우는 ``--max-tokens``로 PTB 앞부분만 씁니다.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from w2vlib import ptb
from w2vlib.vectors_io import load_word2vec_format


def run(args, ptb_dir, timeout=300, **env):
    full_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", **env)
    if ptb_dir is not None:
        full_env[ptb.ENV_DIR] = str(ptb_dir)
    return subprocess.run([sys.executable, "-m", "w2vlib.train", *args], env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def assert_clean_error(proc, code, *needles):
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    assert "오류:" in proc.stderr
    for n in needles:
        assert n in proc.stderr, (n, proc.stderr)


# --------------------------------------------------------------------------- 1번: 발산

@pytest.mark.parametrize("args, needle", [
    (["--optimizer", "sgd", "--lr", "100", "--max-tokens", "60000"], "손실이 유한하지 않습니다"),
    (["--lr", "100", "--max-tokens", "200000", "--batch-size", "4000"], "10배"),          # Adam: 손실이 치솟음
])
def test_divergence_exits_non_zero_and_writes_nothing(real_ptb_dir, tmp_path, args, needle):
    out = tmp_path / "v.txt"
    proc = run([*args, "--epochs", "1", "--save", str(out)], real_ptb_dir)
    assert_clean_error(proc, 1, "발산", "번째 반복", "학습률 100", needle, "--lr")
    assert list(tmp_path.iterdir()) == []
    assert "저장" not in proc.stdout and "유추" not in proc.stdout


# --------------------------------------------------------------------------- 2번: --save를 학습 전에 확인

@pytest.mark.parametrize("make, needle", [
    (lambda p: p / "nonexistent" / "dir" / "v.txt", "없습니다"),
    (lambda p: p, "폴더입니다"),
    (lambda p: (p / "file").write_text("x") and p / "file" / "v.txt", "파일입니다"),
    (lambda p: "", "빈 경로"),
])
def test_bad_save_path_is_reported_before_training(real_ptb_dir, tmp_path, make, needle):
    target = make(tmp_path)
    before = sorted(tmp_path.iterdir())
    start = time.monotonic()
    proc = run(["--save", str(target)], real_ptb_dir)
    assert_clean_error(proc, 2, "--save", needle)
    assert "PTB train" not in proc.stderr                 # 학습(과 PTB 적재)을 시작하지 않음
    assert time.monotonic() - start < 60
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root는 파일 권한을 무시합니다")
def test_read_only_save_targets_are_reported_before_training(real_ptb_dir, tmp_path):
    ro_file = tmp_path / "ro.txt"
    ro_file.write_text("old\n")
    ro_file.chmod(0o444)
    proc = run(["--save", str(ro_file)], real_ptb_dir)
    assert_clean_error(proc, 2, "--save", "읽기 전용")
    ro_dir = tmp_path / "ro"
    ro_dir.mkdir(mode=0o555)
    proc = run(["--save", str(ro_dir / "v.txt")], real_ptb_dir)
    assert_clean_error(proc, 2, "--save", "권한")
    assert ro_file.read_text() == "old\n" and list(ro_dir.iterdir()) == []


def test_successful_run_saves_through_a_symlink_and_keeps_mode(real_ptb_dir, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    proc = run(["--max-tokens", "40000", "--epochs", "1", "--no-eval", "--save", str(link)], real_ptb_dir)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and (real.stat().st_mode & 0o777) == 0o640
    W, word_to_id, _ = load_word2vec_format(real)
    assert W.shape == (10_000, 100) and np.all(np.isfinite(W)) and len(word_to_id) == 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


# --------------------------------------------------------------------------- 7번: 플래그 검사, 한국어

@pytest.mark.parametrize("args, needles", [
    (["--batch-size", "0"], ["--batch-size", "1 이상"]),                # 원래: ZeroDivisionError
    (["--window", "300000"], ["--window", "10,000 이하"]),              # 원래: MemoryError
    (["--hidden", "100000000"], ["--hidden", "100,000 이하"]),          # 원래: MemoryError
    (["--seed", "-1"], ["--seed", "0 이상"]),                           # 원래: numpy의 영어 메시지
    (["--epochs", "0"], ["--epochs", "1 이상"]),                        # 원래: 'max_epoch'이라는 내부 이름
    (["--epochs", "two"], ["--epochs", "정수여야"]),
    (["--window", "0"], ["--window"]),
    (["--negative", "0"], ["--negative"]),
    (["--power", "nan"], ["--power", "유한한"]),
    (["--power", "-1"], ["--power"]),
    (["--lr", "inf"], ["--lr", "유한한"]),
    (["--lr", "0"], ["--lr", "0보다 큰"]),
    (["--lr", "-0.1"], ["--lr"]),
    (["--max-tokens", "1"], ["--max-tokens"]),
    (["--model", "glove"], ["--model", "중 하나", "cbow"]),
    (["--optimizer", "rmsprop"], ["--optimizer"]),
    (["--workers", "0"], ["--workers", "1 이상 64 이하"]),
    (["--workers", "65"], ["--workers", "1 이상 64 이하"]),
    (["--workers", "64", "--max-tokens", "40", "--window", "1", "--batch-size", "2"], ["--workers", "학습 예시 수(38)"]),
    (["--epochs"], ["--epochs", "값이 하나 필요"]),
    (["--no-eval=1"], ["--no-eval", "값을 받지 않는"]),
    (["--frobnicate"], ["알 수 없는 인자", "--frobnicate"]),
])
def test_bad_flags_get_korean_errors_naming_the_flag(real_ptb_dir, args, needles):
    proc = run(args, real_ptb_dir, timeout=60)
    assert_clean_error(proc, 2, *needles)
    for internal in ("max_epoch", "window_size", "hidden_size", "sample_size", "batch_size", "invalid", "usage"):
        assert internal not in proc.stderr, proc.stderr


@pytest.mark.parametrize("args, needles", [
    (["--max-tokens", "100", "--batch-size", "500"], ["--batch-size", "학습 예시 수(90)", "--max-tokens"]),
    (["--max-tokens", "100", "--window", "50"], ["--window", "절반"]),
    (["--window", "10000", "--batch-size", "400000"], ["메모리가 모자랍니다", "--window 10000", "GiB"]),  # 맥락 배열만 ≈ 170 GB
    (["--hidden", "100000", "--batch-size", "100000"], ["메모리가 모자랍니다", "--hidden"]),
])
def test_settings_that_cannot_fit_the_corpus_or_memory_fail_before_training(real_ptb_dir, args, needles):
    proc = run(args, real_ptb_dir, timeout=120)
    assert_clean_error(proc, 2, *needles)
    assert "PTB train" not in proc.stderr


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset(util-linux)이 필요합니다")
def test_more_workers_than_cores_train_and_say_so(real_ptb_dir):
    """코어보다 많은 학습 프로세스도 받아 학습하고, 그 수로는 더 빨라지지 않는다고 알립니다 (코어 수는 affinity로 하나로 제한)."""
    proc = subprocess.run(["taskset", "-c", "0", sys.executable, "-m", "w2vlib.train", "--workers", "2", "--epochs", "1",
                           "--max-tokens", "60000", "--no-eval"], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, OPENBLAS_NUM_THREADS="1", **{ptb.ENV_DIR: str(real_ptb_dir)}))
    assert proc.returncode == 0, proc.stderr
    assert "학습 프로세스 2개 (Hogwild" in proc.stderr
    assert "CPU 코어는 1개라서 학습 프로세스 2개는" in proc.stderr
    assert "학습 시간" in proc.stdout + proc.stderr


@pytest.mark.parametrize("error_type, hint", [("TrainingDiverged", "--lr을 낮추거나"), (None, "")])
def test_a_failed_worker_process_is_a_clean_error(real_ptb_dir, tmp_path, monkeypatch, capsys, error_type, hint):
    """--workers 2에서 다른 학습 프로세스가 실패하면 (예: 그 조각에서만 발산) 트레이스백 없이 그 이유를 알리고 종료
    코드 1, --save 파일은 쓰지 않습니다."""
    from w2vlib import cli, hogwild, trainer

    def failing(*args, **kwargs):
        if error_type is None:
            raise hogwild.WorkerFailed("1번 일꾼 프로세스가 결과 없이 끝났습니다 (종료 코드 -9).")
        raise hogwild.WorkerFailed("1번 일꾼 프로세스에서 오류가 났습니다: TrainingDiverged: 학습이 발산했습니다 (반복 3)\n"
                                   "Traceback (most recent call last): …", error_type, "학습이 발산했습니다 (반복 3)")

    monkeypatch.setenv(ptb.ENV_DIR, str(real_ptb_dir))
    monkeypatch.setattr(trainer, "train_word2vec", failing)
    out = tmp_path / "v.txt"
    code = cli.main(["--workers", "2", "--max-tokens", "60000", "--no-eval", "--save", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "오류: 학습 프로세스 하나가 실패했습니다 (--workers 2)" in err and "아무 파일도 쓰지 않았습니다" in err
    assert hint in err and ("학습이 발산했습니다 (반복 3)" if error_type else "결과 없이 끝났습니다") in err
    assert "Traceback" not in err


def test_help_is_korean_with_defaults_and_data_sources():
    proc = run(["--help"], None, timeout=60)
    assert proc.returncode == 0
    out = proc.stdout
    for needle in ("사용법:", "옵션:", "도움말을 보여 주고", "(기본값: 10)", "(기본값: cbow)", "(기본값: 0.75)",
                   ptb.ENV_DIR, ptb.ENV_CACHE, ptb.ENV_URL, ptb.BASE_URL, "종료 코드", "130"):
        assert needle in out, needle
    for english in ("usage:", "options:", "show this help", "default:"):
        assert english not in out


def test_missing_ptb_folder_is_a_clean_error(tmp_path):
    proc = run(["--no-eval"], tmp_path / "none")
    assert_clean_error(proc, 1, ptb.ENV_DIR)


def test_ctrl_c_exits_130_without_traceback_or_file(real_ptb_dir, tmp_path):
    out = tmp_path / "v.txt"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", **{ptb.ENV_DIR: str(real_ptb_dir)})
    # 백그라운드(&, nohup)로 띄운 셸에서는 SIGINT가 무시(SIG_IGN)된 채 물려받아지고, 그러면 파이썬은 Ctrl-C
    # 처리기를 설치하지 않습니다. 사용자가 터미널에서 누르는 Ctrl-C와 같게, 자식의 SIGINT를 기본값으로 되돌립니다.
    proc = subprocess.Popen([sys.executable, "-m", "w2vlib.train", "--epochs", "1000", "--save", str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        seen = ""
        while "PTB train" not in seen:                     # 학습이 시작될 때까지
            assert time.monotonic() < deadline and proc.poll() is None, seen
            seen += proc.stderr.readline()
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "중단했습니다" in stderr and "Traceback" not in stderr + stdout
    assert list(tmp_path.iterdir()) == []
