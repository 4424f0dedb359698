"""잘못된 입력: 노트북이 부르는 클래스마다, 잘못된 입력의 종류마다 인자 이름을 밝힌 한국어 오류
(``ArgumentError.argument``에 인자 이름), 반쯤 쓴 파일 없음, 할당 전에 메모리 어림."""
import errno
import os

import numpy as np
import pytest

from w2vlib import atomic_write as atomic_module, text, vectors_io
from w2vlib._checks import ArgumentError, affordable, as_shape, format_bytes, physical_memory
from w2vlib.hierarchical_softmax import HuffmanTree
from w2vlib.optimizers import SGD, Adam
from w2vlib.sampling import UnigramSampler

CORPUS = np.array([0, 1, 2, 3, 1, 2, 0, 0])
HANGUL = range(0xAC00, 0xD7A4)


def check(call, kind, argument, *fragments):
    with pytest.raises(kind) as info:
        call()
    assert isinstance(info.value, ArgumentError) and info.value.argument == argument
    message = str(info.value)
    assert message.startswith(f"{argument}:") and any(ord(ch) in HANGUL for ch in message)
    for fragment in fragments:
        assert fragment in message
    return message


# --- UnigramSampler -----------------------------------------------------------------------------------------------

def test_sampler_wrong_type_vocab_size():
    check(lambda: UnigramSampler(CORPUS, 0.75, 2, vocab_size=10.0), ValueError, "vocab_size", "10.0")


def test_sampler_wrong_type_power():
    check(lambda: UnigramSampler(CORPUS, "0.75", 2), TypeError, "power", "'0.75'")


def test_sampler_out_of_range_power_and_ids():
    check(lambda: UnigramSampler(CORPUS, -1.0, 2), ValueError, "power")
    check(lambda: UnigramSampler(CORPUS, 0.75, 2, vocab_size=3), IndexError, "corpus", "3")
    check(lambda: UnigramSampler(CORPUS, 0.75, 2).get_negative_sample([0, 9]), IndexError, "target", "9")


def test_sampler_bad_shape():
    sampler = UnigramSampler(CORPUS, 0.75, 2, rng=0)
    check(lambda: sampler.sample(-1), ValueError, "shape", "-1")
    check(lambda: sampler.sample((3, -2)), ValueError, "shape")
    check(lambda: sampler.sample(2.5), TypeError, "shape")
    check(lambda: sampler.sample("3"), TypeError, "shape")
    assert sampler.sample(0).shape == (0,) and sampler.sample([2, 3]).shape == (2, 3)


def test_sampler_absurd_size_is_refused_before_allocating():
    message = check(lambda: UnigramSampler(CORPUS, 0.75, 2).sample((10 ** 7, 10 ** 7)), ValueError, "shape", "TiB")
    assert format_bytes(8 * 10 ** 14) in message


# --- HuffmanTree.paths ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("words, fragment", [([5], "5"), ([-1], "-1"), ([0, 3], "3")])
def test_huffman_paths_out_of_range_ids(words, fragment):
    check(lambda: HuffmanTree(np.array([3, 2, 1])).paths(np.array(words)), IndexError, "words", fragment)


def test_huffman_paths_wrong_type_and_shape():
    tree = HuffmanTree(np.array([3, 2, 1]))
    check(lambda: tree.paths(np.array([0.0, 1.0])), TypeError, "words", "float64")
    check(lambda: tree.paths(np.array([[0, 1]])), ValueError, "words", "(1, 2)")
    example, nodes, codes = tree.paths([0, 2])                  # 리스트도 받습니다
    assert len(example) == len(nodes) == len(codes) == tree.lengths[[0, 2]].sum()


# --- text.convert_one_hot -----------------------------------------------------------------------------------------

def test_convert_one_hot_absurd_vocab_size_names_memory():
    message = check(lambda: text.convert_one_hot([0, 1], 10 ** 12), ValueError, "vocab_size", "TiB")
    assert "7.3 TiB" in message                                  # 2 × 10¹² × 4바이트


def test_convert_one_hot_wrong_type_and_range():
    check(lambda: text.convert_one_hot([0, 1], 2.0), ValueError, "vocab_size")
    check(lambda: text.convert_one_hot([0, 5], 3), IndexError, "corpus", "5")


def test_affordable_and_shape_helpers():
    affordable("n", (1000, 1000), np.float32)                    # 4 MB: 통과
    assert physical_memory() > 0
    assert as_shape("s", np.int64(3)) == (3,) and as_shape("s", [1, 2]) == (1, 2)
    with pytest.raises(TypeError):
        as_shape("s", True)


# --- 벡터 저장: 꽉 찬 디스크, 읽기 전용 대상 -----------------------------------------------------------------------

VECS = np.arange(6, dtype=np.float32).reshape(3, 2)
WORDS = {0: "a", 1: "b", 2: "c"}


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "vectors.txt")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG])
def test_save_on_full_disk_keeps_old_file(tmp_path, monkeypatch, code):
    target = tmp_path / "vectors.txt"
    target.write_text("old content\n", encoding="utf-8")

    def full_disk(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic_module.os, "fsync", full_disk)
    with pytest.raises(OSError) as info:
        vectors_io.save_word2vec_format(target, VECS, WORDS)
    assert info.value.errno == code and "디스크 공간" in str(info.value) and "기존 파일은 그대로" in str(info.value)
    assert "Errno" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "old content\n" and leftovers(tmp_path) == []


def test_save_when_write_fails_midway_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "vectors.txt"
    target.write_text("old content\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class FullFile:                      # 두 번째 write에서 디스크가 찹니다
        def __init__(self, f):
            self.f, self.calls = f, 0

        def write(self, s):
            self.calls += 1
            if self.calls > 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.f.write(s)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(atomic_module.os, "fdopen", lambda *a, **k: FullFile(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="디스크 공간이 모자라거나"):
        vectors_io.save_word2vec_format(target, VECS, WORDS)
    assert target.read_text(encoding="utf-8") == "old content\n" and leftovers(tmp_path) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root는 읽기 전용 권한을 무시합니다")
def test_save_into_read_only_folder_is_clear_and_keeps_old_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "vectors.txt"
    target.write_text("old content\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        with pytest.raises(PermissionError, match="쓸 권한이 없습니다") as info:
            vectors_io.save_word2vec_format(target, VECS, WORDS)
        assert "Errno" not in str(info.value)
        assert target.read_text(encoding="utf-8") == "old content\n" and leftovers(folder) == []
    finally:
        folder.chmod(0o755)


def test_save_on_read_only_filesystem_names_it(tmp_path, monkeypatch):
    target = tmp_path / "vectors.txt"
    target.write_text("old content\n", encoding="utf-8")

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(atomic_module.os, "statvfs", lambda path: ReadOnly())
    with pytest.raises(PermissionError, match="읽기 전용 파일 시스템"):
        vectors_io.save_word2vec_format(target, VECS, WORDS)
    assert target.read_text(encoding="utf-8") == "old content\n"


def test_erofs_during_write_is_korean(tmp_path, monkeypatch):
    def erofs(fd):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic_module.os, "fsync", erofs)
    with pytest.raises(OSError, match="읽기 전용 파일 시스템") as info:
        vectors_io.save_word2vec_format(tmp_path / "vectors.txt", VECS, WORDS)
    assert info.value.errno == errno.EROFS and not (tmp_path / "vectors.txt").exists()


def test_atomic_write_mode_uses_one_of(tmp_path):
    check(lambda: atomic_module.atomic_write(tmp_path / "x", mode="a").__enter__(), ValueError, "mode", "'w', 'wb'")


def test_other_os_errors_inside_the_block_pass_through(tmp_path):
    with pytest.raises(ConnectionResetError):
        with atomic_module.atomic_write(tmp_path / "x.txt") as f:
            f.write("partial")
            raise ConnectionResetError(errno.ECONNRESET, "reset")      # 예: 내려받기 중 끊김
    assert not (tmp_path / "x.txt").exists()


# --- SGD, Adam ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [SGD, Adam])
def test_optimizer_list_of_lists(make):
    check(lambda: make().update([[1.0, 2.0]], [np.zeros(2)]), TypeError, "params[0]", "list")
    check(lambda: make().update([np.zeros(2)], [[0.0, 0.0]]), TypeError, "grads[0]", "list")
    check(lambda: make().update(np.zeros(2), np.zeros(2)), TypeError, "params", "ndarray")


@pytest.mark.parametrize("make", [SGD, Adam])
def test_optimizer_int_params(make):
    W = np.array([1, 2, 3])
    check(lambda: make().update([W], [np.ones(3)]), TypeError, "params[0]", "int64")
    assert W.tolist() == [1, 2, 3]                              # 아무것도 바꾸지 않음


@pytest.mark.parametrize("make", [SGD, Adam])
def test_optimizer_mismatched_shapes(make):
    check(lambda: make().update([np.zeros((2, 3))], [np.ones((3, 2))]), ValueError, "grads[0]", "(2, 3)", "(3, 2)")
    check(lambda: make().update([np.zeros(2)], []), ValueError, "grads", "1 ≠ 0")


def test_adam_reused_on_params_of_another_shape():
    adam = Adam()
    adam.update([np.zeros((2, 3))], [np.ones((2, 3))])
    W = np.zeros((4, 3))
    check(lambda: adam.update([W], [np.ones((4, 3))]), ValueError, "params", "(2, 3)", "(4, 3)", "새 Adam")
    assert not W.any() and adam.iter == 1
    adam.update([np.zeros((2, 3))], [np.ones((2, 3))])          # 같은 shape이면 계속 씁니다
    assert adam.iter == 2


# --- Trainer ------------------------------------------------------------------------------------------------------

def _trainer():
    from w2vlib.models import CBOW
    from w2vlib.trainer import Trainer

    return Trainer(CBOW(10, 4, 1, np.arange(40) % 10, rng=0), SGD())


@pytest.mark.parametrize("x, t, argument", [(np.array(3), np.array([1]), "x"), (np.zeros((4, 2), int), np.array(1), "t"),
                                            (5, 1, "x")])
def test_trainer_zero_dimensional_input(x, t, argument):
    check(lambda: _trainer().fit(x, t, progress=False), ValueError, argument, "0차원")


def test_trainer_mismatched_lengths_and_missing_targets():
    contexts = np.zeros((6, 2), dtype=np.int64)
    check(lambda: _trainer().fit(contexts, np.zeros(5, dtype=np.int64), progress=False), ValueError, "t", "6 ≠ 5")
    check(lambda: _trainer().fit(contexts, progress=False), TypeError, "t")


def test_trainer_out_of_range_ids_and_absurd_batch():
    contexts, target = np.zeros((6, 2), dtype=np.int64), np.zeros(6, dtype=np.int64)
    check(lambda: _trainer().fit(contexts, target + 10, batch_size=2, progress=False), IndexError, "target", "10")
    check(lambda: _trainer().fit(contexts, target, batch_size=7, progress=False), ValueError, "batch_size", "7")
