"""네거티브 샘플링 벤치마크: 책의 구현(w2vlib.book.reference)과 w2vlib의 벡터화 구현을 실제 PTB 크기에서 나란히 잽니다.

    W2VLIB_PTB_DIR=../shared/data/ptb python benchmarks/bench_negative_sampling.py [--batch 100 500] [--repeat 7]

재는 것 (배치 하나당 시간, 반복 중 최솟값)
- 샘플러: 책의 ``UnigramSampler`` (행마다 ``np.random.choice``) ↔ w2vlib ``UnigramSampler`` (배치 전체를 한 번에).
- 손실 순전파+역전파: 책의 ``NegativeSamplingLoss`` (계층 k+1개 + 파이썬 루프, (V, H) 밀집 기울기 k+1개)
  ↔ w2vlib ``NegativeSamplingLoss`` (밀집 dW, ``sparse=True``). 샘플러 시간을 빼기 위해 미리 뽑아 둔 **같은**
  부정적 예를 두 구현에 넣습니다.

V = 10,000 (PTB), H = 100, k = 5, float32 (책과 같음). BLAS 스레드는 numpy를 import 하기 전에 1개로 고정합니다
(2코어를 나눠 쓰는 기계에서 측정이 안정됩니다). 시간 제한을 거는 테스트가 아니라 사람이 읽는 표를 출력합니다.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from w2vlib import ptb
from w2vlib.book import reference  # noqa: E402
from w2vlib.negative_sampling import NegativeSamplingLoss  # noqa: E402
from w2vlib.sampling import UnigramSampler  # noqa: E402

H, K, POWER, SEED = 100, 5, 0.75, 0


def best_time(f, budget: float = 0.2, repeat: int = 7) -> float:
    """f() 한 번의 시간(초): 한 묶음이 약 ``budget`` 초가 되도록 횟수를 정하고, ``repeat`` 묶음 중 최솟값."""
    f()                                                     # 데우기 (첫 호출의 할당·캐시 효과 제외)
    start = time.perf_counter()
    f()
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / once))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            f()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def bench_batch(corpus: np.ndarray, V: int, N: int, repeat: int) -> list[tuple[str, str, float, float | None]]:
    """배치 크기 N에서 (항목, 구현, 시간, 책 대비 배율) 행들을 돌려줍니다."""
    rng = np.random.default_rng(SEED)
    W = (0.01 * rng.standard_normal((V, H))).astype(np.float32)
    h = rng.standard_normal((N, H)).astype(np.float32)
    target = corpus[rng.integers(0, len(corpus), size=N)]

    book_sampler = reference.UnigramSampler(corpus, POWER, K, rng=np.random.RandomState(SEED))
    fast_sampler = UnigramSampler(corpus, POWER, K, vocab_size=V, rng=SEED)
    negative = book_sampler.get_negative_sample(target)           # 두 손실에 넣을 같은 부정적 예

    book_loss = reference.NegativeSamplingLoss(W, corpus, POWER, K, rng=np.random.RandomState(SEED))
    dense_loss = NegativeSamplingLoss(W, corpus, POWER, K, rng=SEED)
    sparse_loss = NegativeSamplingLoss(W, corpus, POWER, K, rng=SEED, sparse=True)

    # 같은 값을 내는지 먼저 확인합니다 (다른 계산을 재고 있지 않다는 보증)
    losses = []
    for layer in (book_loss, dense_loss, sparse_loss):
        losses.append(float(layer.forward(h, target, negative)))
        layer.backward()
    assert max(losses) - min(losses) < 1e-4, losses
    dW_book = sum(book_loss.grads)
    assert np.abs(dW_book - dense_loss.grads[0]).max() < 1e-6
    assert np.abs(dW_book - sparse_loss.grads[0].to_dense()).max() < 1e-6

    def forward_backward(layer):
        return lambda: (layer.forward(h, target, negative), layer.backward())

    t_book_s = best_time(lambda: book_sampler.get_negative_sample(target), repeat=repeat)
    t_fast_s = best_time(lambda: fast_sampler.get_negative_sample(target), repeat=repeat)
    t_book_l = best_time(forward_backward(book_loss), repeat=repeat)
    t_dense_l = best_time(forward_backward(dense_loss), repeat=repeat)
    t_sparse_l = best_time(forward_backward(sparse_loss), repeat=repeat)
    return [
        ("샘플러", "책 (행마다 np.random.choice)", t_book_s, None),
        ("샘플러", "w2vlib (배치 한 번)", t_fast_s, t_book_s / t_fast_s),
        ("손실 순전파+역전파", "책 (계층 k+1개, 밀집 dW k+1개)", t_book_l, None),
        ("손실 순전파+역전파", "w2vlib (밀집 dW)", t_dense_l, t_book_l / t_dense_l),
        ("손실 순전파+역전파", "w2vlib (sparse=True)", t_sparse_l, t_book_l / t_sparse_l),
        ("합계 (샘플러+손실)", "책", t_book_s + t_book_l, None),
        ("합계 (샘플러+손실)", "w2vlib (sparse=True)", t_fast_s + t_sparse_l,
         (t_book_s + t_book_l) / (t_fast_s + t_sparse_l)),
    ]


def _width(text: str) -> int:
    return sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)   # 한글(전각)은 두 칸


def _pad(text: str, width: int) -> str:
    """왼쪽 정렬 (한글 폭을 고려)."""
    return text + " " * max(0, width - _width(text))


def _rpad(text: str, width: int) -> str:
    """오른쪽 정렬 (한글 폭을 고려)."""
    return " " * max(0, width - _width(text)) + text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[100, 500], help="배치 크기들 (기본: 100 500)")
    parser.add_argument("--repeat", type=int, default=7, help="묶음 반복 횟수 (최솟값을 씀, 기본: 7)")
    args = parser.parse_args()

    corpus, word_to_id, _ = ptb.load_data("train")
    V = len(word_to_id)
    print(f"PTB train: 단어 {len(corpus):,}개, V = {V:,}, H = {H}, k = {K}, power = {POWER}, float32")
    print(f"numpy {np.__version__}, Python {platform.python_version()}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, 반복 {args.repeat} 묶음 중 최솟값")

    for N in args.batch:
        rows = bench_batch(corpus, V, N, args.repeat)
        print(f"\n배치 N = {N}")
        print(f"  {_pad('항목', 20)} {_pad('구현', 34)} {_rpad('배치당 시간', 12)} {_rpad('책 대비', 9)}")
        for item, impl, t, ratio in rows:
            ratio_text = f"{ratio:.1f}×" if ratio is not None else "(기준)"
            print(f"  {_pad(item, 20)} {_pad(impl, 34)} {t * 1e3:9.3f} ms {_rpad(ratio_text, 9)}")
        sampler_ratio = rows[1][3]
        loss_ratios = (rows[3][3], rows[4][3])
        verdict_s = "충족" if sampler_ratio >= 100 else "미달"
        verdict_l = "충족" if min(loss_ratios) > 1 else "미달"
        print(f"  목표: 샘플러 ≥ 100× → {sampler_ratio:.0f}× ({verdict_s}), "
              f"손실이 계층 루프보다 빠름 → {min(loss_ratios):.1f}× 이상 ({verdict_l})")


if __name__ == "__main__":
    main()
