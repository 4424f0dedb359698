"""여러 프로세스가 공유 메모리의 같은 가중치로 학습하기: Hogwild (word2vec.c·gensim의 방식).

word2vec.c와 gensim은 스레드 여러 개가 말뭉치의 서로 다른 부분을 맡아, **하나뿐인** W_in·W_out을 잠금 없이
동시에 갱신합니다 ("Hogwild!", Recht et al. 2011). 두 스레드가 같은 행을 거의 동시에 읽고 쓰면 한쪽의 갱신이
덮어써질 수 있지만, 한 번의 갱신이 건드리는 행은 V 개 가운데 몇 개뿐이라 그런 충돌은 드물고 학습은 그대로
수렴합니다. 파이썬에서는 numpy·scipy가 큰 연산 동안에만 GIL을 놓으므로, 스레드는 배치가 클 때(32,000)만 두 코어를
거의 다 쓰고 배치가 수백 개면 하나보다 거의 빠르지 않습니다 (2026-12-07, 이 책의 기계). 그래서 여기서는 배치 크기와
상관없이 코어를 쓰는 **프로세스**를 씁니다:

- 가중치(와 Adam의 모멘트·갱신 횟수)를 익명 공유 메모리(``mmap``, ``MAP_SHARED | MAP_ANONYMOUS``)로 옮기고, 모델과
  옵티마이저가 그 배열을 가리키게 바꿉니다 (:func:`share_training_state`). 갱신 횟수 t를 함께 세는 것은 Adam의
  편향 보정 때문입니다: 모멘트는 모든 일꾼의 기울기를 받은 이동 평균이라 보정의 t도 모든 일꾼의 갱신 횟수여야
  합니다 (일꾼마다 자기 칸에 세고 t는 칸의 합). 이름 붙은 세그먼트(``/dev/shm``)를 만들지
  않으므로 오류·Ctrl-C·강제 종료 뒤에도 남는 것이 없습니다: 마지막 프로세스가 놓으면 커널이 돌려받습니다.
- ``fork``로 자식 프로세스를 띄웁니다. 자식은 부모의 모델·옵티마이저·데이터를 복사 없이 물려받고 (쓰기 전까지
  같은 페이지), 공유 메모리의 가중치는 그대로 함께 씁니다. 부모 프로세스도 일꾼 0으로 학습합니다.
- 일꾼마다 책의 :class:`~w2vlib.trainer.Trainer`로 학습합니다. 배치는 하나의 공유 순서(:class:`BatchQueue`)에서
  손이 빈 일꾼이 하나씩 가져갑니다 (:func:`queue_shards`; 말뭉치를 미리 반씩 나누면 한 일꾼이 조금만 느려져도 다른
  일꾼이 먼저 끝나 코어 하나가 놉니다). 난수 생성기는 일꾼마다 다른 시드로 바꿉니다 (같은 부정적 예를 뽑지 않도록).

일꾼마다 **workers = 1과 같은 크기의 배치**로 학습합니다 (:func:`fit`). 그래서 배치마다 드는 고정
비용(거의 모든 행을 건드리는 lazy Adam 갱신, 배치의 행 목록 만들기)도 일꾼 수로 나뉩니다: 두 일꾼이 합쳐서 하는
갱신 횟수와 일의 양이 workers = 1과 같고, 일꾼마다 그 절반쯤을 동시에 합니다. (배치를 일꾼 수로 나누면 갱신 횟수가
일꾼 수만큼 늘어 두 일꾼의 CPU 시간 합이 한 일꾼의 1.6배쯤 되었고, 배치마다 기울기를 합치는 동기 방식은 장벽과
기울기 복사 때문에 1.2–1.5배에 그쳤습니다: 2026-12-06에 이 기계에서 잰 것.)

잃는 것은 재현성입니다. 두 프로세스의 갱신이 섞이는 순서(와 어느 일꾼이 어느 배치를 맡는지)는 운영체제의 스케줄링에
달려 있어서, 같은 시드라도
실행마다 벡터가 조금씩 다릅니다 (word2vec.c, gensim의 workers > 1과 같음). 가중치를 쓰는 것은 옵티마이저의 갱신뿐이고
갱신은 행 블록(:attr:`~w2vlib.optimizers.Adam.ROW_CHUNK` 행)씩 제자리에서 하므로, 한 일꾼의 갱신이 다른 일꾼의 것을
덮어쓰는 것은 두 일꾼이 **같은 순간에 같은 행 블록을** 갱신할 때뿐입니다. 그 밖에는 한 일꾼이 계산하는 동안 다른
일꾼이 가중치를 바꿔 놓는 것(늦은 기울기)이 전부이고, 학습은 그대로 수렴합니다 (품질은 ``benchmarks/bench_hogwild.py
--quality-seeds``가 시드 10개로 확인).

workers = 1은 이 모듈의 다중 프로세스 경로를 쓰지 않으므로 비트 단위로 재현됩니다.

모듈 수준의 상태는 없습니다: 공유 배열은 인자로 넘기고, 자식 프로세스는 학습이 끝나면 사라집니다.
``fork``가 없는 플랫폼(Windows)에서는 :func:`available`이 False입니다.
"""
from __future__ import annotations

import mmap
import multiprocessing
import os
import signal
import time
import traceback

import numpy as np

from ._checks import positive_int
from .permutation import KeyedPermutation


def available() -> bool:
    """이 플랫폼에서 Hogwild 학습(``fork``로 띄운 프로세스)을 쓸 수 있는지."""
    return "fork" in multiprocessing.get_all_start_methods()


def shared_empty(shape, dtype) -> np.ndarray:
    """익명 공유 메모리 위의 새 배열 (0으로 채워짐). ``fork``로 띄운 자식 프로세스와 같은 메모리를 씁니다.

    배열이 사라지면(참조가 없어지면) 메모리도 돌아갑니다. 이름이 없어 정리할 것이 없습니다."""
    dtype = np.dtype(dtype)
    nbytes = max(int(np.prod(shape, dtype=np.int64)) * dtype.itemsize, 1)
    buffer = mmap.mmap(-1, nbytes)            # MAP_SHARED | MAP_ANONYMOUS (Linux·macOS), 커널이 0으로 채움
    return np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape, dtype=np.int64))).reshape(shape)


def _replace_refs(root, mapping: dict, seen: set) -> None:
    """``root``에서 (속성·리스트·튜플·딕셔너리를 따라) 닿는 모든 참조 가운데 ``id``가 ``mapping``에 있는 것을 바꿉니다.

    w2vlib의 객체(모델, 계층, 손실, 샘플러, 옵티마이저)만 따라 들어갑니다 (numpy 배열의 내부 등은 건드리지 않음)."""
    if id(root) in seen:
        return
    seen.add(id(root))
    if isinstance(root, (list, dict)):
        for key, value in list(enumerate(root) if isinstance(root, list) else root.items()):
            if id(value) in mapping:
                root[key] = mapping[id(value)]
            else:
                _replace_refs(value, mapping, seen)
        return
    if isinstance(root, tuple):
        for value in root:
            _replace_refs(value, mapping, seen)
        return
    if not type(root).__module__.startswith("w2vlib"):
        return
    attrs = getattr(root, "__dict__", None)
    if attrs is not None:
        _replace_refs(attrs, mapping, seen)


def share_training_state(model, optimizer, workers: int = 1) -> list[np.ndarray]:
    """모델의 매개변수(``model.params``)와 옵티마이저의 상태 배열(Adam의 ``m``, ``v``와 갱신 횟수)을 공유 메모리로 옮깁니다.

    모델·옵티마이저 안에서 그 배열을 가리키던 모든 참조(계층의 ``params``, ``word_vecs`` 등)가 새 배열을 가리키게
    바뀝니다. 값은 그대로입니다. Adam의 모멘트가 아직 없으면 0으로 만들어 둡니다. Adam의 갱신 횟수는 일꾼 ``workers``
    명이 한 칸씩 세는 (workers,) 배열이 되고 (일꾼 i는 :func:`fit`이 i번 칸을 정해 줌), 지금까지의 횟수는 0번 칸에
    둡니다. 공유한 배열 목록을 돌려줍니다."""
    mapping: dict[int, np.ndarray] = {}

    def share(a: np.ndarray) -> np.ndarray:
        if id(a) not in mapping:
            copy = shared_empty(a.shape, a.dtype)
            copy[...] = a
            mapping[id(a)] = copy
        return mapping[id(a)]

    for p in model.params:
        share(p)
    created = []
    for name in ("m", "v"):                   # Adam (lazy): 일꾼들이 모멘트도 함께 씁니다 (Hogwild)
        state = getattr(optimizer, name, "absent")
        if state is None:
            created += [shared_empty(p.shape, p.dtype) for p in model.params]
            setattr(optimizer, name, created[-len(model.params):])
        elif isinstance(state, list):
            for a in state:
                share(a)
    steps = getattr(optimizer, "_steps", None)          # Adam의 갱신 횟수 t: 모멘트를 함께 쓰면 t도 함께 셉니다
    if isinstance(steps, np.ndarray):
        counts = shared_empty((positive_int("workers", workers),), steps.dtype)   # 일꾼마다 한 칸, t = 합
        counts[0] = steps.sum()
        mapping[id(steps)] = counts
    _replace_refs(model, mapping, set())
    _replace_refs(optimizer, mapping, set())
    return list(mapping.values()) + created


def reseed(obj, seed) -> None:
    """``obj`` 안의 모든 ``np.random.Generator``를 ``seed``에서 만든 새 생성기로 바꿉니다 (같은 생성기를 함께 쓰던
    곳은 새 생성기도 함께 씁니다)."""
    found: dict[int, np.random.Generator] = {}

    def collect(root, seen):
        if id(root) in seen:
            return
        seen.add(id(root))
        if isinstance(root, np.random.Generator):
            found.setdefault(id(root), root)
        elif isinstance(root, (list, tuple)):
            for v in root:
                collect(v, seen)
        elif isinstance(root, dict):
            for v in root.values():
                collect(v, seen)
        elif type(root).__module__.startswith("w2vlib") and hasattr(root, "__dict__"):
            collect(vars(root), seen)

    collect(obj, set())
    children = np.random.SeedSequence(seed).spawn(len(found))
    mapping = {key: np.random.default_rng(child) for key, child in zip(sorted(found), children)}
    _replace_refs(obj, mapping, set())


class BatchQueue:
    """일꾼들이 함께 쓰는 배치 순서 (동적 부하 분산): 손이 빈 일꾼이 다음 배치를 가져갑니다.

    에폭 e의 배치는 ``(seed, e)``에서 만든 순열을 앞에서부터 ``batch_size`` 개씩 자른 것이고 (나머지는 버림,
    :func:`~w2vlib.text.epoch_batches`와 같은 규칙), 모든 에폭의 배치에 0, 1, 2, …로 번호를 붙여 공유 메모리의 다음
    번호를 잠금 아래에서 하나씩 나눠 줍니다. 그래서 에폭마다 모든 예시를 한 번씩 쓰고, 한 일꾼이 느려지면(다른
    프로세스와 캐시·메모리를 나눠 쓰거나 운영체제가 잠시 다른 일을 시킬 때) 다른 일꾼이 배치를 더 가져가 두 일꾼이 거의
    함께 끝납니다 (말뭉치를 반씩 미리 나누면 늦은 쪽을 기다리느라 코어 하나가 놉니다).

    순열은 배열로 두지 않습니다 (:class:`~w2vlib.permutation.KeyedPermutation`): 배치 번호를 받은 일꾼이 잠금 밖에서
    그 배치의 위치들에 오는 예시 번호를 계산합니다 (배치 32,000개에 1 ms쯤). 모든 일꾼이 같은 (seed, e)로 같은 순열을
    계산하므로 공유할 것은 다음 배치 번호 하나뿐이고, 예시 수만큼의 순열을 공유 메모리에 두 벌(지금 에폭과 다음 에폭)
    둘 필요도, 다음 에폭의 순열을 다 섞을 때까지 기다릴 일도 없습니다 (NSMC 1,300만 예시면 두 벌이 104 MB).
    잠금(``lock``)은 ``fork`` 전에 만들어 모든 일꾼이 물려받아야 합니다.

    examples : ``len``과 ``take(idx)``를 갖는 예시 모음 (예: :class:`~w2vlib.text.ContextWindows`)
    """

    def __init__(self, examples, batch_size: int, epochs: int, seed, lock):
        self.examples, self.batch_size = examples, positive_int("batch_size", batch_size)
        self.epochs = positive_int("epochs", epochs)
        self.per_epoch = len(examples) // self.batch_size
        self.total = self.per_epoch * self.epochs
        self.seed, self._lock = seed, lock
        self._next = shared_empty((1,), np.int64)           # 다음 배치 번호 (모든 일꾼이 함께 씀)
        self._permutation = None                            # (에폭, 그 에폭의 순열): 이 프로세스가 마지막에 쓴 것

    def permutation(self, epoch: int) -> KeyedPermutation:
        """에폭 ``epoch``의 순열 (모든 일꾼에게 같음). 에폭마다 한 번 만들고 (열쇠 여섯 개), 프로세스마다 따로 둡니다."""
        if self._permutation is None or self._permutation[0] != epoch:
            seed = [*np.atleast_1d(self.seed).tolist(), epoch]
            self._permutation = (epoch, KeyedPermutation(len(self.examples), seed))
        return self._permutation[1]

    def claim(self) -> tuple[int, np.ndarray] | None:
        """다음 배치 (에폭 번호, 예시 번호 (batch_size,) int64). 모든 배치를 나눠 주었으면 None."""
        with self._lock:
            j = int(self._next[0])
            if j >= self.total:
                return None
            self._next[0] = j + 1
        epoch, i = divmod(j, self.per_epoch)
        start = i * self.batch_size
        return epoch, self.permutation(epoch)(np.arange(start, start + self.batch_size))


class QueueShard:
    """:class:`BatchQueue`에서 배치를 가져가는 일꾼 하나의 몫 (:class:`~w2vlib.trainer.Trainer`의 ``fit``에 줌).

    ``len``은 명목상의 몫 (예시 수 ÷ 일꾼 수: 학습률 감소와 진행 막대의 전체 횟수에 쓰임)이고, 실제로 학습하는 배치 수는
    일꾼의 속도에 따라 그보다 조금 많거나 적습니다. :meth:`epoch_batches`가 Trainer의 에폭 루프에 그 에폭의 배치를 줍니다."""

    def __init__(self, queue: BatchQueue, workers: int):
        self.queue, self.workers = queue, positive_int("workers", workers)
        self._pending = None                              # 다음 에폭의 것이라 아직 내주지 않은 배치

    def __len__(self) -> int:
        return len(self.queue.examples) // self.workers

    def take(self, idx):
        return self.queue.examples.take(idx)

    def epoch_batches(self, epoch: int, batch_size: int):
        """에폭 ``epoch``의 배치 가운데 이 일꾼이 가져가는 것들 (x, t). 다른 일꾼이 이 에폭을 다 가져갔으면 빈 반복."""
        if batch_size != self.queue.batch_size:
            raise ValueError(f"batch_size: 배치 순서를 만든 크기({self.queue.batch_size})와 같아야 합니다 "
                             f"(받은 값: {batch_size}).")
        while True:
            claimed, self._pending = self._pending or self.queue.claim(), None
            if claimed is None:
                return
            if claimed[0] > epoch:                        # 다음 에폭의 배치: 다음 호출에서 내줌
                self._pending = claimed
                return
            yield self.queue.examples.take(claimed[1])


def queue_shards(examples, workers: int, batch_size: int, epochs: int, seed) -> list[tuple]:
    """일꾼 ``workers`` 명이 하나의 :class:`BatchQueue`에서 배치를 가져가는 ``Trainer.fit`` 인자들 [(QueueShard,), …].

    잠금은 여기서 (``fork`` 컨텍스트로) 만들고, :func:`fit`이 ``fork``로 일꾼을 띄우면 모두 같은 잠금·공유 메모리를
    씁니다."""
    lock = multiprocessing.get_context("fork").Lock() if available() else None
    queue = BatchQueue(examples, batch_size, epochs, seed, lock)
    return [(QueueShard(queue, workers),) for _ in range(positive_int("workers", workers))]


class WorkerFailed(RuntimeError):
    """Hogwild 일꾼 프로세스가 오류로 끝났을 때. 메시지에 자식의 오류 내용과 트레이스백이 들어 있고,
    ``error_type``(자식의 예외 클래스 이름, 결과 없이 끝났으면 None)과 ``error_text``(그 메시지)를 따로 둡니다
    (명령줄 도구가 트레이스백 없이 알릴 때 씀)."""

    def __init__(self, message: str, error_type: str | None = None, error_text: str | None = None):
        super().__init__(message)
        self.error_type, self.error_text = error_type, error_text


def _child_main(run, index, conn):
    """자식 프로세스의 진입점: SIGINT는 무시하고 (부모가 정리), 결과나 오류를 파이프로 보냅니다."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = run(index)
    except BaseException as e:                 # noqa: BLE001 — 무엇이든 부모에게 알립니다
        conn.send(("error", type(e).__name__, str(e), traceback.format_exc()))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()


def run_workers(run, workers: int):
    """``run(0)``을 이 프로세스에서, ``run(1)``…``run(workers-1)``을 ``fork``로 띄운 프로세스에서 동시에 실행합니다.

    run : 일꾼 번호를 받아 (피클할 수 있는) 결과를 돌려주는 함수. 자식은 ``fork``로 부모의 메모리를 물려받으므로
        ``run``은 피클하지 않습니다. 공유해야 하는 배열은 :func:`shared_empty`/:func:`share_training_state`로
        미리 공유 메모리에 두어야 합니다 (그 밖의 배열은 자식에서 고쳐도 부모에게 보이지 않음).
    Returns : [run(0), run(1), …] (일꾼 번호 순서).

    이 프로세스의 ``run(0)``이 예외를 내거나 Ctrl-C(KeyboardInterrupt)를 받으면 자식을 끝내고(SIGTERM, 기다림)
    예외를 그대로 올립니다. 자식이 실패하면 :class:`WorkerFailed`입니다. 어느 경우든 자식 프로세스는 남지 않습니다.
    """
    workers = positive_int("workers", workers)
    if workers == 1:
        return [run(0)]
    if not available():
        raise RuntimeError("workers: 이 플랫폼에는 fork가 없어 여러 프로세스로 학습할 수 없습니다 (workers=1을 쓰세요).")
    ctx = multiprocessing.get_context("fork")
    children = []
    try:
        for index in range(1, workers):
            receive, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child_main, args=(run, index, send), daemon=True,
                                  name=f"w2vlib-hogwild-{index}")
            process.start()
            send.close()                       # 부모 쪽 사본을 닫아야 자식이 죽으면 recv가 EOFError를 냅니다
            children.append((process, receive))
        results = [run(0)]
        for index, (process, receive) in enumerate(children, start=1):
            try:
                message = receive.recv()
            except EOFError:
                process.join()
                raise WorkerFailed(f"{index}번 일꾼 프로세스가 결과 없이 끝났습니다 (종료 코드 {process.exitcode}).") \
                    from None
            if message[0] == "error":
                _, name, text, tb = message
                raise WorkerFailed(f"{index}번 일꾼 프로세스에서 오류가 났습니다: {name}: {text}\n{tb}", name, text)
            results.append(message[1])
        return results
    finally:
        for process, receive in children:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()


def fit(model, optimizer, shards, *, workers: int, seed, fit_kwargs: dict, make_trainer):
    """Hogwild 학습: 일꾼 i가 ``shards[i]``를 ``make_trainer(model, optimizer, rng)``의 ``fit``으로 학습합니다.

    shards : 일꾼마다 ``Trainer.fit``의 위치 인자 튜플 (예: :func:`queue_shards`의 ``(QueueShard,)``, 또는 배열 조각 ``(x[s], t[s])``)
    seed : 일꾼 i의 난수 시드는 ``(seed, i)``에서 만듭니다 (모델의 생성기와 Trainer의 섞기 생성기 모두)
    fit_kwargs : ``fit``의 키워드 인자 (일꾼마다 같음; 자식의 진행 막대는 끔)
    Returns : 일꾼 0의 Trainer. ``elapsed``는 자식을 띄우고 기다린 시간까지 포함한 벽시계 시간이고,
        ``worker_loss_lists``에 일꾼마다의 손실 기록이 있습니다.
    """
    workers = positive_int("workers", workers)
    if len(shards) != workers:
        raise ValueError(f"shards: 일꾼 수({workers})만큼 있어야 합니다 (받은 수: {len(shards)}).")
    share_training_state(model, optimizer, workers)
    start = time.perf_counter()
    trainers = {}

    def run(index):
        reseed((model, optimizer), [seed, index, 0])
        if hasattr(optimizer, "_slot"):                  # Adam: 이 일꾼의 갱신은 공유 횟수 배열의 index번 칸에
            optimizer._slot = index
        trainer = make_trainer(model, optimizer, np.random.default_rng([seed, index, 1]))
        kwargs = dict(fit_kwargs)
        if index:
            kwargs["progress"] = False
        trainer.fit(*shards[index], **kwargs)
        trainers[index] = trainer
        return trainer.loss_list

    loss_lists = run_workers(run, workers)
    trainer = trainers[0]
    trainer.elapsed = time.perf_counter() - start
    trainer.worker_loss_lists = loss_lists
    return trainer


def cpu_count() -> int:
    """이 프로세스가 쓸 수 있는 CPU 수 (affinity가 있으면 그것)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
