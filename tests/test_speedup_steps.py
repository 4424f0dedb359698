"""w2vlib.book.speedup_steps: 단계마다 "앞 단계와 같은 계산"이라고 표시한 변경이 정말 같은 손실·기울기·갱신을 내는지,
계산이 바뀐다고 표시한 변경은 정말 다른지, 그리고 시간 재기·학습 도우미가 약속대로 동작하는지 확인합니다."""
from __future__ import annotations

import numpy as np
import pytest

from w2vlib.book import reference, speedup_steps as ss
from w2vlib.optimizers import Adam
from w2vlib.sampling import UnigramSampler
from w2vlib.scatter import SparseRowGrad
from w2vlib.text import create_contexts_target
from w2vlib.train import TrainConfig

V = 40


@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(0)
    corpus = rng.zipf(1.3, size=3000) % V               # 흔한 단어와 드문 단어가 섞인 말뭉치
    corpus[:V] = np.arange(V)                            # 모든 단어가 적어도 한 번
    contexts, target = create_contexts_target(corpus, ss.WINDOW_SIZE)
    return corpus, contexts, target


def _batch(toy, n=64, seed=1):
    corpus, contexts, target = toy
    idx = np.random.default_rng(seed).choice(len(target), size=n, replace=False)
    c, t = contexts[idx], target[idx]
    sampler = UnigramSampler(corpus, ss.POWER, ss.SAMPLE_SIZE, vocab_size=V, rng=seed)
    return c, t, sampler.get_negative_sample(t)


def _prepare(stage, toy, W_in, W_out, negatives_per_step):
    """stage의 Run을 만들고 가중치를 (W_in, W_out)으로 맞춘 뒤, 부정적 예를 주어진 순서대로 내게 합니다."""
    corpus = toy[0]
    run = stage.build(corpus, V, 0)
    w_in, w_out = ss.weight_matrices(run.model)
    w_in[...] = W_in
    w_out[...] = W_out
    queue = list(negatives_per_step)
    ss.negative_sampler(run.model).get_negative_sample = lambda target: queue.pop(0).copy()
    return run


EXACT_PAIRS = [(prev, cur) for prev, cur in zip(ss.STAGES, ss.STAGES[1:])
               if cur.exact and cur.build is not None and prev.build is not None]


def test_stage_list_is_well_formed():
    keys = [s.key for s in ss.STAGES]
    assert len(set(keys)) == len(keys)
    assert ss.STAGES[0].key == "book" and ss.STAGES[0].batch_size == 100
    assert len(EXACT_PAIRS) >= 5
    # 마지막 행은 w2vlib의 기본 학습 경로 그대로 (에폭 수만 빼고 TrainConfig()와 같음)
    last = ss.STAGES[-1]
    assert last.train_config is not None and last.build is None
    assert {**vars(last.train_config), "epochs": 0} == {**vars(TrainConfig()), "epochs": 0}
    for s in ss.STAGES:
        assert (s.build is None) != (s.train_config is None), s.key


@pytest.mark.parametrize("prev,cur", EXACT_PAIRS, ids=[f"{p.key}->{c.key}" for p, c in EXACT_PAIRS])
def test_exact_stage_matches_previous_loss_gradients_and_updates(toy, prev, cur):
    rng = np.random.default_rng(2)
    W_in = (0.3 * rng.standard_normal((V, ss.HIDDEN_SIZE))).astype(np.float32)
    W_out = (0.3 * rng.standard_normal((V, ss.HIDDEN_SIZE))).astype(np.float32)
    batches = [_batch(toy, seed=s) for s in (1, 2, 3)]
    runs = [_prepare(stage, toy, W_in, W_out, [b[2] for b in batches] * 2) for stage in (prev, cur)]

    c, t, _ = batches[0]
    losses, grads = [], []
    for run in runs:                                     # 한 배치의 손실과 (공유 행렬을 합친) 기울기
        losses.append(run.model.forward(c, t))
        run.model.backward()
        grads.append(ss.dense_gradients(run.model))
    assert losses[0] == pytest.approx(losses[1], rel=1e-5)
    for g_prev, g_cur in zip(*grads):
        np.testing.assert_allclose(g_cur, g_prev, rtol=1e-4, atol=1e-7)
        assert np.abs(g_prev).max() > 0

    for c, t, _ in batches:                              # 학습 세 반복 뒤의 가중치도 같음
        step_losses = [run.step(c, t) for run in runs]
        assert step_losses[0] == pytest.approx(step_losses[1], rel=1e-4)
    for a, b in zip(ss.weight_matrices(runs[0].model), ss.weight_matrices(runs[1].model)):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)


def test_staged_cbow_equals_book_cbow_forward_and_backward(toy):
    """입력 측 계층이 책의 것(input_layer='book')이면 손실·기울기가 책의 CBOW와 같습니다 (출력 측 gather만 다름)."""
    corpus = toy[0]
    book = reference.CBOW(V, ss.HIDDEN_SIZE, ss.WINDOW_SIZE, corpus, rng=np.random.RandomState(0))
    ours = ss.StagedCBOW(V, ss.HIDDEN_SIZE, ss.WINDOW_SIZE, corpus, rng=0)
    for src, dst in zip(ss.weight_matrices(book), ss.weight_matrices(ours)):
        dst[...] = src
    c, t, neg = _batch(toy)
    for m in (book, ours):
        ss.negative_sampler(m).get_negative_sample = lambda target: neg.copy()
    assert book.forward(c, t) == pytest.approx(ours.forward(c, t), rel=1e-6)
    book.backward()
    ours.backward()
    for a, b in zip(ss.dense_gradients(book), ss.dense_gradients(ours)):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-8)


def test_lazy_adam_stage_differs_from_dense_adam_on_untouched_rows(toy):
    """lazy 단계는 '정확하지 않음' 표시가 맞습니다: 건드리지 않은 행을 밀집 Adam은 움직이고 lazy Adam은 두어 둡니다."""
    stages = {s.key: s for s in ss.STAGES}
    assert not stages["lazy"].exact
    rng = np.random.default_rng(3)
    W = (0.3 * rng.standard_normal((V, ss.HIDDEN_SIZE))).astype(np.float32)
    b1, b2 = _batch(toy, n=8, seed=4), _batch(toy, n=8, seed=5)
    runs = {k: _prepare(stages[k], toy, W, W, [b1[2], b2[2]]) for k in ("float32", "lazy")}
    for c, t, _ in (b1, b2):
        for run in runs.values():
            run.step(c, t)
    touched_first = set(b1[0].ravel())
    untouched_second = np.array(sorted(touched_first - set(b2[0].ravel())))
    assert len(untouched_second)
    dense_in = ss.weight_matrices(runs["float32"].model)[0]
    lazy_in = ss.weight_matrices(runs["lazy"].model)[0]
    # 첫 반복 뒤의 lazy 가중치 = 두 번째 반복 뒤의 lazy 가중치 (그 행들은 두 번째 반복에서 건드리지 않음)
    first = _prepare(stages["lazy"], toy, W, W, [b1[2]])
    first.step(b1[0], b1[1])
    after_first = ss.weight_matrices(first.model)[0]
    np.testing.assert_array_equal(lazy_in[untouched_second], after_first[untouched_second])
    assert not np.allclose(dense_in[untouched_second], after_first[untouched_second], rtol=0, atol=1e-6)


def test_densified_grads_give_the_same_update_as_dense_gradients():
    rng = np.random.default_rng(4)
    W = rng.standard_normal((6, 3)).astype(np.float32)
    W_dense, W_sparse = W.copy(), W.copy()
    dense_opt, sparse_opt = Adam(0.1), ss.DensifiedGrads(Adam(0.1))
    snapshots = []
    for rows in ([1, 4], [2]):
        g = SparseRowGrad(W.shape)
        g.set(np.array(rows), rng.standard_normal((len(rows), 3)).astype(np.float32))
        dense_opt.update([W_dense], [g.to_dense()])
        sparse_opt.update([W_sparse], [g])
        np.testing.assert_array_equal(W_sparse, W_dense)
        snapshots.append(W_sparse.copy())
    # 밀집 Adam: 두 번째 단계에서 기울기가 0인 행 1도 남은 모멘트로 움직입니다 (행 0은 한 번도 안 건드림)
    assert not np.array_equal(snapshots[1][1], snapshots[0][1])
    np.testing.assert_array_equal(snapshots[1][0], W[0])


def test_time_stage_full_epoch_and_extrapolated(toy):
    corpus, contexts, target = toy
    stages = {s.key: s for s in ss.STAGES}
    # 배치 100 → 이 말뭉치는 에폭당 29 반복: full_epoch_iters 이하이므로 한 에폭 전체를 잽니다
    full = ss.time_stage(stages["incidence"], corpus, V, contexts, target, budget=0.0)
    assert not full.extrapolated and full.iterations_timed == full.iterations_per_epoch == len(target) // 100
    part = ss.time_stage(stages["incidence"], corpus, V, contexts, target, budget=0.0, min_iters=5,
                         full_epoch_iters=10)
    assert part.extrapolated and part.iterations_timed == 5 and part.seconds_per_epoch > 0
    rows = ss.summarize([full, part])
    assert rows[0]["vs_book"] == 1.0 and rows[1]["vs_previous"] == pytest.approx(
        full.seconds_per_epoch / part.seconds_per_epoch)


def test_train_stage_is_deterministic_and_counts_steps(toy):
    corpus, contexts, target = toy
    stage = {s.key: s for s in ss.STAGES}["incidence"]
    W1, loss1 = ss.train_stage(stage, corpus, V, contexts, target, epochs=2, max_steps=40, seed=7)
    W2, loss2 = ss.train_stage(stage, corpus, V, contexts, target, epochs=2, max_steps=40, seed=7)
    assert len(loss1) == 40                                  # 한 에폭 29 반복 + 다음 에폭 11 반복
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(loss1, loss2)
    assert loss1[-10:].mean() < loss1[:10].mean()
    with pytest.raises(ValueError, match="max_steps"):
        ss.train_stage(ss.STAGES[-1], corpus, V, contexts, target, max_steps=3)


def test_staged_cbow_rejects_unknown_input_layer(toy):
    with pytest.raises(ValueError, match="input_layer"):
        ss.StagedCBOW(V, 4, 2, toy[0], input_layer="fast")


def test_format_duration():
    assert ss.format_duration(12.34) == "12.3초"
    assert ss.format_duration(600) == "10.0분"


def test_dense_adam_comparison_differs_from_large_batch_only_in_the_optimizer(toy):
    stages = {s.key: s for s in ss.STAGES}
    rng = np.random.default_rng(5)
    W = (0.3 * rng.standard_normal((V, ss.HIDDEN_SIZE))).astype(np.float32)
    b1, b2 = _batch(toy, n=8, seed=6), _batch(toy, n=8, seed=7)
    runs = [_prepare(s, toy, W, W, [b1[2], b1[2], b2[2]]) for s in (stages["large_batch"], ss.DENSE_ADAM_LARGE_BATCH)]
    assert isinstance(runs[1].optimizer, ss.DensifiedGrads)
    grads = []
    for run in runs:
        run.model.forward(b1[0], b1[1])
        run.model.backward()
        grads.append(ss.dense_gradients(run.model))
    for a, b in zip(*grads):
        np.testing.assert_array_equal(a, b)
    for c, t, _ in (b1, b2):
        for run in runs:
            run.step(c, t)
    assert not np.allclose(ss.weight_matrices(runs[0].model)[0], ss.weight_matrices(runs[1].model)[0])


def test_stage_chart_colours_the_baseline_apart_from_exact_and_changed_rows():
    """막대 색: 첫 행(기준)은 회색, 결과가 같은 변경은 파란색, 계산이 바뀌는 변경은 주황색 (범례도 같은 뜻)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    from w2vlib.book.speedup_steps import STAGES, StageTiming, plot_stage_times
    timings = [StageTiming(stage=s, seconds_per_epoch=100.0 / (i + 1), iterations_timed=3, iterations_per_epoch=10,
                           extrapolated=i < 3) for i, s in enumerate(STAGES)]
    ax = plot_stage_times(timings)
    bars = sorted(ax.patches[:len(STAGES)], key=lambda b: -b.get_y())       # 위에서부터 = 단계 순서
    want = ["tab:gray"] + ["tab:blue" if s.exact else "tab:orange" for s in STAGES[1:]]
    assert [mcolors.to_hex(b.get_facecolor()) for b in bars] == [mcolors.to_hex(c) for c in want]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "기준 (첫 행)" and len(labels) == 4
    plt.close(ax.figure)


def test_profile_book_iteration_times_every_part(toy):
    corpus, contexts, target = toy
    parts = ss.profile_book_iteration(corpus, V, contexts, target, n_iter=2, batch_size=16)
    assert set(parts) == set(ss.BOOK_ITERATION_PARTS) and all(t > 0 for t in parts.values())


def test_float32_book_adam_keeps_float32_and_matches_the_book(toy):
    rng = np.random.default_rng(7)
    W = rng.standard_normal((5, 4)).astype(np.float32)
    g = rng.standard_normal((5, 4)).astype(np.float32)
    a, b = W.copy(), W.copy()
    book, ours = reference.Adam(), reference.AdamFloatLR()
    for _ in range(3):
        book.update([a], [g])
        ours.update([b], [g])
    assert b.dtype == np.float32 and ours.m[0].dtype == np.float32
    np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-7)
