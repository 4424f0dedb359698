"""Hogwild 학습 (w2vlib.hogwild): 공유 메모리로 옮긴 가중치, 일꾼 프로세스의 갱신이 부모에게 보이는지, 작은
말뭉치에서의 품질, 오류·Ctrl-C 뒤에 남는 프로세스·공유 메모리가 없는지 (시간은 재지 않습니다)."""
from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from w2vlib import hogwild
from w2vlib.models import CBOW
from w2vlib.optimizers import SGD, Adam
from w2vlib.text import create_contexts_target
from w2vlib.trainer import Trainer

pytestmark = pytest.mark.skipif(not hogwild.available(), reason="fork가 없는 플랫폼")


def clustered_corpus(groups=4, per_group=10, length=6000, seed=0):
    """단어 ``groups × per_group`` 개를 무리로 나눈 말뭉치: 12단어짜리 문장마다 한 무리의 단어만 나옵니다."""
    rng = np.random.default_rng(seed)
    sentences = [g * per_group + rng.integers(0, per_group, 12) for g in rng.integers(0, groups, length // 12)]
    return np.concatenate(sentences), groups * per_group


def group_margin(W, groups, per_group):
    """같은 무리 단어 쌍의 평균 코사인 − 다른 무리 단어 쌍의 평균 코사인."""
    U = W / np.linalg.norm(W, axis=1, keepdims=True)
    S = U @ U.T
    label = np.repeat(np.arange(groups), per_group)
    same = label[:, None] == label[None, :]
    off_diag = ~np.eye(len(W), dtype=bool)
    return S[same & off_diag].mean() - S[~same].mean()


def make(corpus, V, seed=0, optimizer="sgd"):
    model = CBOW(V, 16, 2, corpus, sample_size=3, rng=seed, shrink_window=True,
                 update_rule="word2vec" if optimizer == "sgd" else "book")
    opt = SGD(0.025, final_lr=0.025e-4) if optimizer == "sgd" else Adam(0.01)
    return model, opt


def test_share_training_state_rebinds_every_reference():
    corpus, V = clustered_corpus()
    model, opt = make(corpus, V, optimizer="adam")
    before = [p.copy() for p in model.params]
    shared = hogwild.share_training_state(model, opt)
    assert len(shared) == 2 + 4 + 1                         # W_in, W_out, Adam의 m·v 두 벌씩, Adam의 갱신 횟수
    assert any(opt._steps is a for a in shared) and not opt._steps.flags.owndata   # 일꾼들이 함께 세는 t
    W_in, W_out = model.params
    for a in (W_in, W_out):
        assert isinstance(a.base, np.ndarray) or a.base is not None
        assert not a.flags.owndata                          # 공유 메모리 버퍼 위의 배열
    assert model.word_vecs is W_in
    if hasattr(model, "in_layer"):                          # skip-gram의 입력 계층
        assert model.in_layer.params[0] is W_in
    assert model.loss_layer.params[0] is W_out
    np.testing.assert_array_equal(W_in, before[0])
    np.testing.assert_array_equal(W_out, before[1])
    assert all(not m.any() for m in opt.m + opt.v)


def test_shared_state_trains_bit_for_bit_like_unshared():
    """공유 메모리로 옮기기만 한 모델(일꾼 1)은 옮기지 않은 모델과 비트 단위로 같게 학습합니다."""
    corpus, V = clustered_corpus()
    x, t = create_contexts_target(corpus, 2)
    results = []
    for share in (False, True):
        model, opt = make(corpus, V, optimizer="adam")
        if share:
            hogwild.share_training_state(model, opt)
        Trainer(model, opt, rng=1).fit(x, t, max_epoch=2, batch_size=100, progress=False)
        results.append(model.word_vecs.copy())
    np.testing.assert_array_equal(results[0], results[1])


def test_workers_one_is_reproducible():
    corpus, V = clustered_corpus()
    x, t = create_contexts_target(corpus, 2)
    vecs = []
    for _ in range(2):
        model, opt = make(corpus, V)
        hogwild.fit(model, opt, [(x, t)], workers=1, seed=3, fit_kwargs=dict(max_epoch=1, batch_size=50,
                    progress=False), make_trainer=lambda m, o, rng: Trainer(m, o, rng=rng))
        vecs.append(model.word_vecs.copy())
    np.testing.assert_array_equal(vecs[0], vecs[1])


def test_child_updates_reach_the_parent_and_quality_holds():
    """일꾼 1(자식 프로세스)만 보는 단어의 벡터도 부모의 모델에서 바뀌고, 무리 구조를 1일꾼만큼 배웁니다."""
    groups, per_group = 4, 10
    corpus, V = clustered_corpus(groups, per_group, length=12000)
    x, t = create_contexts_target(corpus, 2)
    half = len(t) // 2
    margins, losses = {}, {}
    for workers in (1, 2):
        model, opt = make(corpus, V)
        init = model.word_vecs.copy()
        shards = [(x, t)] if workers == 1 else [(x[:half], t[:half]), (x[half:], t[half:])]
        trainer = hogwild.fit(model, opt, shards, workers=workers, seed=0,
                              fit_kwargs=dict(max_epoch=8, batch_size=20, progress=False, eval_interval=10),
                              make_trainer=lambda m, o, rng: Trainer(m, o, rng=rng))
        assert len(trainer.worker_loss_lists) == workers
        if workers == 2:
            only_second = np.setdiff1d(np.unique(x[half:]), np.unique(x[:half]))
            seen_second = np.unique(x[half:])
            assert len(seen_second)
            # 자식이 학습한 조각의 단어 행이 부모에서 바뀌었다 (공유 메모리)
            assert np.abs(model.word_vecs[seen_second] - init[seen_second]).max() > 1e-3
            if len(only_second):
                assert np.abs(model.word_vecs[only_second] - init[only_second]).max() > 1e-3
        margins[workers] = group_margin(model.word_vecs, groups, per_group)
        losses[workers] = np.mean([np.mean(ll[-3:]) for ll in trainer.worker_loss_lists])
    assert margins[1] > 0.3, margins
    assert margins[2] > 0.8 * margins[1], margins
    assert losses[2] < 1.1 * losses[1], losses


def _shm_entries():
    return set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()


def test_child_error_is_reported_and_nothing_is_left():
    before = _shm_entries()

    def run(index):
        if index == 1:
            raise ValueError("일부러 낸 오류")
        time.sleep(0.2)
        return index

    with pytest.raises(hogwild.WorkerFailed, match="일부러 낸 오류"):
        hogwild.run_workers(run, 2)
    assert not [p for p in __import__("multiprocessing").active_children() if p.name.startswith("w2vlib")]
    assert _shm_entries() <= before


def test_parent_error_terminates_children():
    started = hogwild.shared_empty((1,), np.int64)

    def run(index):
        if index == 0:
            while not started[0]:
                time.sleep(0.01)
            raise RuntimeError("부모 쪽 오류")
        started[0] = os.getpid()
        time.sleep(600)

    with pytest.raises(RuntimeError, match="부모 쪽 오류"):
        hogwild.run_workers(run, 2)
    pid = int(started[0])
    assert not os.path.exists(f"/proc/{pid}") or _is_zombie_or_gone(pid)


def _is_zombie_or_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[1].split()[0] in "ZX"
    except OSError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="/proc이 필요합니다")
def test_ctrl_c_stops_every_worker_and_leaves_no_shared_memory(tmp_path):
    """학습 도중 Ctrl-C (부모에 SIGINT): 부모는 KeyboardInterrupt로 끝나고 자식 프로세스도 남지 않습니다."""
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import sys, numpy as np
        from w2vlib import hogwild
        from w2vlib.models import CBOW
        from w2vlib.optimizers import SGD
        from w2vlib.text import create_contexts_target
        from w2vlib.trainer import Trainer
        corpus = np.random.default_rng(0).integers(0, 50, 20000)
        x, t = create_contexts_target(corpus, 2)
        model = CBOW(50, 16, 2, corpus, rng=0)
        opt = SGD(0.01)
        half = len(t) // 2
        print("start", flush=True)
        try:
            hogwild.fit(model, opt, [(x[:half], t[:half]), (x[half:], t[half:])], workers=2, seed=0,
                        fit_kwargs=dict(max_epoch=100000, batch_size=10, progress=False),
                        make_trainer=lambda m, o, rng: Trainer(m, o, rng=rng))
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
    """))
    before = _shm_entries()
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, OPENBLAS_NUM_THREADS="1"),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout.readline().strip() == "start"
        deadline = time.monotonic() + 60
        children = []
        while not children:
            assert proc.poll() is None and time.monotonic() < deadline, "자식 프로세스가 뜨지 않았습니다"
            children = _children(proc.pid)
            time.sleep(0.05)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130 and "interrupted" in out
    for pid in children:
        assert _is_zombie_or_gone(pid), f"자식 프로세스 {pid}가 남았습니다"
    assert _shm_entries() <= before


@functools.cache
def _peak_memory():
    """``benchmarks/peak_memory.py`` (패키지가 아니므로 파일에서 한 번 읽음)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "peak_memory.py"
    spec = importlib.util.spec_from_file_location("bench_peak_memory", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _children(pid):
    """``pid``의 직접 자식 프로세스 번호 (``benchmarks/peak_memory.py``의 같은 함수)."""
    return _peak_memory()._children(pid)


@pytest.mark.parametrize("model", ["cbow", "skipgram"])
def test_train_word2vec_workers(model):
    """workers=1은 같은 시드로 비트 단위 재현, workers=2(Hogwild)는 같은 설정에서 무리 구조를 1만큼 배웁니다."""
    from w2vlib.train import TrainConfig, train_word2vec

    groups, per_group = 4, 10
    corpus, V = clustered_corpus(groups, per_group, length=12000)
    cfg = dict(model=model, hidden_size=16, window_size=2, epochs=6, batch_size=200, lr=0.02, seed=5)
    one = [train_word2vec(corpus, V, TrainConfig(**cfg, workers=1), progress=False)[0].word_vecs.copy()
           for _ in range(2)]
    np.testing.assert_array_equal(one[0], one[1])
    model2, trainer2 = train_word2vec(corpus, V, TrainConfig(**cfg, workers=2), progress=False)
    assert len(trainer2.worker_loss_lists) == 2 and all(trainer2.worker_loss_lists)
    assert np.isfinite(model2.word_vecs).all()
    m1, m2 = group_margin(one[0], groups, per_group), group_margin(model2.word_vecs, groups, per_group)
    assert m1 > 0.3 and m2 > 0.8 * m1, (m1, m2)


@pytest.mark.parametrize("workers", [2, 3])
def test_train_word2vec_workers_keep_the_batch_size(workers):
    """workers ≥ 2의 일꾼은 workers=1과 **같은** 배치 크기의 배치를 하나의 공유 순서에서 가져가므로, 모든 일꾼의 갱신을
    합한 횟수가 workers=1과 같습니다 (배치를 나누면 갱신 횟수와 배치마다의 고정 비용이 일꾼 수만큼 늘어남). 일꾼마다의
    몫은 속도에 따라 다르지만 모두 학습에 참여합니다. 코어보다 많은 일꾼(이 기계의 2코어에 3)도 학습을 마치고 무리
    구조를 배웁니다."""
    from w2vlib.train import TrainConfig, train_word2vec

    groups, per_group = 4, 10
    corpus, V = clustered_corpus(groups, per_group, length=12000)
    cfg = dict(hidden_size=16, window_size=2, epochs=6, batch_size=200, lr=0.02, seed=5)
    one_model, one = train_word2vec(corpus, V, TrainConfig(**cfg, workers=1), progress=False)
    many_model, many = train_word2vec(corpus, V, TrainConfig(**cfg, workers=workers), progress=False)
    n = len(corpus) - 2 * 2                                   # 윈도우 2의 학습 예시 수
    assert one.optimizer.iter == one.optimizer.steps_done == 6 * (n // 200)
    # Adam의 편향 보정 t는 모든 일꾼의 갱신 횟수입니다: 일꾼마다 공유 배열의 자기 칸에 세므로 잃는 횟수가 없습니다.
    assert many.optimizer.iter == 6 * (n // 200)
    assert many.optimizer._steps[0] == many.optimizer.steps_done          # 일꾼 0 자신의 갱신
    assert len(many.optimizer._steps) == workers and np.all(many.optimizer._steps > 0)
    assert len(many.worker_loss_lists) == workers and all(many.worker_loss_lists)
    m1 = group_margin(one_model.word_vecs, groups, per_group)
    m2 = group_margin(many_model.word_vecs, groups, per_group)
    assert m1 > 0.3 and m2 > 0.8 * m1, (m1, m2)


def _drain(shard, epochs, batch_size=7):
    """QueueShard 하나로 에폭마다 가져간 배치의 예시 번호 목록."""
    return [[x[:, 0].tolist() for x, _ in shard.epoch_batches(e, batch_size)] for e in range(epochs)]


class _Numbers:
    """예시 i = (i, i): 배치에서 어떤 예시가 나왔는지 바로 읽히는 예시 모음."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def take(self, idx):
        idx = np.asarray(idx)
        return np.stack([idx, idx], axis=1), idx


def test_batch_queue_hands_out_every_example_once_per_epoch_and_drops_the_remainder():
    """에폭마다 (seed, 에폭)의 순열을 배치 크기로 자른 배치들: 모든 배치를 합치면 에폭마다 예시가 한 번씩 (나머지
    n mod batch_size 개는 버림), 에폭마다 순서가 다르고, 같은 시드면 같은 순서입니다."""
    import multiprocessing

    lock = multiprocessing.get_context("fork").Lock()
    epochs, n, b = 3, 50, 7
    seen = _drain(hogwild.QueueShard(hogwild.BatchQueue(_Numbers(n), b, epochs, [4, 2], lock), 1), epochs)
    again = _drain(hogwild.QueueShard(hogwild.BatchQueue(_Numbers(n), b, epochs, [4, 2], lock), 1), epochs)
    assert seen == again
    for batches in seen:
        assert len(batches) == n // b and all(len(x) == b for x in batches)
        flat = sum(batches, [])
        assert len(set(flat)) == len(flat) == (n // b) * b
    assert seen[0] != seen[1]


def test_batch_queue_lets_a_fast_worker_take_the_next_epoch_without_losing_batches():
    """한 일꾼이 에폭 0의 배치를 모두 가져가면 다른 일꾼의 에폭 0은 비고, 그 일꾼이 먼저 받은 다음 에폭의 배치는 버려지지
    않고 그 에폭에 나옵니다. 두 일꾼이 가져간 배치를 합치면 모든 배치가 한 번씩입니다."""
    import multiprocessing

    queue = hogwild.BatchQueue(_Numbers(40), 5, 2, 0, multiprocessing.get_context("fork").Lock())
    fast, slow = hogwild.QueueShard(queue, 2), hogwild.QueueShard(queue, 2)
    fast_epoch0 = [x[:, 0].tolist() for x, _ in fast.epoch_batches(0, 5)]
    assert len(fast_epoch0) == 8
    slow_epoch0 = [x[:, 0].tolist() for x, _ in slow.epoch_batches(0, 5)]   # 에폭 1의 첫 배치를 받아 두고 끝남
    assert slow_epoch0 == []
    slow_first = next(slow.epoch_batches(1, 5))[0][:, 0].tolist()
    rest = [x[:, 0].tolist() for x, _ in fast.epoch_batches(1, 5)]
    epoch1 = [slow_first] + rest
    assert len(epoch1) == 8 and sorted(sum(epoch1, [])) == list(range(40))
    with pytest.raises(ValueError, match="batch_size"):
        next(slow.epoch_batches(1, 4))


def test_batch_queue_shared_by_forked_workers_gives_each_batch_to_exactly_one():
    """fork로 띄운 일꾼들이 같은 공유 메모리·잠금으로 동시에 가져가도 모든 배치가 정확히 한 일꾼에게 한 번씩 갑니다."""
    shards = hogwild.queue_shards(_Numbers(3000), 2, 10, 4, seed=1)
    taken = hogwild.run_workers(lambda i: [[x[:, 0].tolist() for x, _ in shards[i][0].epoch_batches(e, 10)]
                                           for e in range(4)], 2)
    for e in range(4):
        batches = taken[0][e] + taken[1][e]
        assert len(batches) == 300
        assert sorted(sum(batches, [])) == list(range(3000))
    assert all(sum(len(t[e]) for e in range(4)) > 0 for t in taken)


def test_batch_queue_keeps_no_per_example_state():
    """순열을 저장하지 않으므로 예시가 100억 개여도 큐를 바로 만들고, 가져간 배치는 범위 안의 서로 다른 예시입니다
    (예전처럼 순열 두 벌을 공유 메모리에 두면 160 GB)."""
    import multiprocessing

    queue = hogwild.BatchQueue(_Numbers(10**10), 1000, 2, 0, multiprocessing.get_context("fork").Lock())
    epoch, idx = queue.claim()
    assert epoch == 0 and len(idx) == 1000 == len(np.unique(idx))
    assert idx.min() >= 0 and idx.max() < 10**10
    assert queue._next.nbytes == 8
