"""w2vlib.vectors_io: 저장·적재 왕복, 원자적 쓰기(도중 실패 시 반쯤 쓴 파일이 남지 않음), gensim 호환,
잘못된 파일의 ValueError."""
from __future__ import annotations

import os

import numpy as np
import pytest

from w2vlib import vectors_io
from w2vlib.vectors_io import load_word2vec_format, save_word2vec_format


def toy_vectors(V=7, H=5, seed=0):
    rng = np.random.default_rng(seed)
    W = (rng.standard_normal((V, H)) * 10.0 ** rng.integers(-4, 3, size=(V, 1))).astype(np.float32)
    id_to_word = {i: w for i, w in enumerate(["<unk>", "the", "N", "$", "dog's", "état", "<eos>", "x"][:V])}
    return W, id_to_word


def test_round_trip_default_precision_within_6_significant_digits(tmp_path):
    W, id_to_word = toy_vectors()
    path = save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert path == tmp_path / "v.txt"
    W2, word_to_id, id_to_word2 = load_word2vec_format(path)
    assert W2.dtype == np.float32 and W2.shape == W.shape
    assert id_to_word2 == id_to_word
    assert word_to_id == {w: i for i, w in id_to_word.items()}
    # %.6g: 유효숫자 6 자리 → 상대 오차 ≤ 0.5e-5
    np.testing.assert_allclose(W2, W, rtol=5e-6, atol=0)


def test_round_trip_precision_9_is_exact_for_float32(tmp_path):
    W, id_to_word = toy_vectors(seed=1)
    save_word2vec_format(tmp_path / "v.txt", W, id_to_word, precision=9)
    W2, _, _ = load_word2vec_format(tmp_path / "v.txt")
    np.testing.assert_allclose(W2, W, rtol=1e-6, atol=0)
    np.testing.assert_array_equal(W2, W)


def test_file_format_header_and_lines(tmp_path):
    W, id_to_word = toy_vectors(V=3, H=2)
    save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    lines = (tmp_path / "v.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "3 2"
    assert len(lines) == 4
    for i, line in enumerate(lines[1:]):
        parts = line.split(" ")
        assert parts[0] == id_to_word[i] and len(parts) == 3


def test_gensim_loads_the_same_vectors(tmp_path):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    W, id_to_word = toy_vectors(V=8, H=6, seed=2)
    save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / "v.txt"), binary=False)
    assert list(kv.index_to_key) == [id_to_word[i] for i in range(8)]
    np.testing.assert_allclose(kv.vectors, W, rtol=5e-6)
    ours, _, _ = load_word2vec_format(tmp_path / "v.txt")
    np.testing.assert_array_equal(kv.vectors.astype(np.float32), ours)


def test_loads_a_file_written_by_gensim(tmp_path):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    W, id_to_word = toy_vectors(V=6, H=4, seed=3)
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors([id_to_word[i] for i in range(6)], W)
    kv.save_word2vec_format(str(tmp_path / "g.txt"), binary=False)
    W2, word_to_id, _ = load_word2vec_format(tmp_path / "g.txt")
    np.testing.assert_allclose(W2, W, rtol=1e-6)
    assert word_to_id["the"] == 1


# --------------------------------------------------------------------------- 원자적 쓰기

class FailingFile:
    """실제 파일에 몇 번 쓰다가 예외를 내는 래퍼 (디스크가 가득 찬 상황 흉내)."""

    def __init__(self, f, fail_after):
        self.f, self.left = f, fail_after

    def write(self, text):
        if self.left == 0:
            raise OSError(28, "No space left on device (테스트)")
        self.left -= 1
        self.f.write(text)
        self.f.flush()                    # 실패 전까지 쓴 내용이 정말 디스크의 임시 파일에 있게

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()
        return False


@pytest.fixture
def failing_fdopen(monkeypatch):
    real_fdopen = os.fdopen
    seen = []

    def fdopen(fd, *args, **kwargs):
        f = real_fdopen(fd, *args, **kwargs)
        seen.append(f.name)
        return FailingFile(f, fail_after=3)

    monkeypatch.setattr(vectors_io.os, "fdopen", fdopen)
    return seen


def test_failure_mid_write_leaves_no_file(tmp_path, failing_fdopen):
    W, id_to_word = toy_vectors()
    with pytest.raises(OSError, match="No space"):
        save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert failing_fdopen, "fdopen 을 거치지 않았습니다: 테스트가 실패를 흉내 내지 못했습니다"
    assert list(tmp_path.iterdir()) == []          # 결과 파일도, 반쯤 쓴 임시 파일도 없음


def test_failure_mid_write_keeps_existing_file_unchanged(tmp_path, failing_fdopen):
    target = tmp_path / "v.txt"
    target.write_text("old contents\n", encoding="utf-8")
    W, id_to_word = toy_vectors()
    with pytest.raises(OSError):
        save_word2vec_format(target, W, id_to_word)
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]


def test_failure_at_replace_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "v.txt"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise PermissionError("replace 실패 (테스트)")

    monkeypatch.setattr(vectors_io.os, "replace", broken_replace)
    W, id_to_word = toy_vectors()
    with pytest.raises(PermissionError):
        save_word2vec_format(target, W, id_to_word)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]


def test_successful_save_replaces_existing_file(tmp_path):
    target = tmp_path / "v.txt"
    target.write_text("old\n", encoding="utf-8")
    W, id_to_word = toy_vectors()
    save_word2vec_format(target, W, id_to_word)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]
    assert load_word2vec_format(target)[0].shape == W.shape


# --------------------------------------------------------------------------- 잘못된 입력

@pytest.mark.parametrize("id_to_word, pattern", [
    ({0: "a", 1: "b"}, "모든 ID"),                       # 행 3 개인데 ID 2 개
    ({0: "a", 1: "b c", 2: "d"}, "공백"),
    ({0: "a", 1: "", 2: "d"}, "공백"),
    ({0: "a", 1: "b\tc", 2: "d"}, "공백"),
])
def test_save_rejects_bad_words(tmp_path, id_to_word, pattern):
    W = np.zeros((3, 2), dtype=np.float32)
    with pytest.raises(ValueError, match=pattern):
        save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert list(tmp_path.iterdir()) == []


def test_save_rejects_non_matrix(tmp_path):
    with pytest.raises(ValueError, match="word_matrix"):
        save_word2vec_format(tmp_path / "v.txt", np.zeros(3), {0: "a", 1: "b", 2: "c"})


@pytest.mark.parametrize("text, pattern", [
    ("", "첫 줄"),
    ("2\na 1 2\n", "첫 줄"),
    ("two 2\na 1 2\nb 3 4\n", "첫 줄"),
    ("2 2\na 1 2\nb 3\n", "3번째 줄"),                   # 숫자가 모자람
    ("2 2\na 1 2 3\nb 3 4\n", "2번째 줄"),               # 숫자가 많음
    ("3 2\na 1 2\nb 3 4\n", "4번째 줄"),                 # 헤더보다 줄이 적음 (잘린 파일)
    ("2 2\na 1 2\nb 3 4\nc 5 6\n", "줄이 많습니다"),
    ("2 2\na 1 2\na 3 4\n", "두 번"),
])
def test_load_rejects_malformed_files_with_clear_message(tmp_path, text, pattern):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=pattern) as info:
        load_word2vec_format(path)
    assert "bad.txt" in str(info.value)                  # 어느 파일인지 밝힘


def test_load_rejects_non_numeric_values(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("1 2\na 1 zwei\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_word2vec_format(path)
