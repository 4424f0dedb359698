"""w2vlib.vectors_io: 저장·적재 왕복, 원자적 쓰기(도중 실패 시 반쯤 쓴 파일이 남지 않음), gensim 호환,
잘못된 파일의 ValueError."""
from __future__ import annotations

import os

import numpy as np
import pytest

from w2vlib import atomic_write
from w2vlib.vectors_io import load_word2vec_format, save_word2vec_format

from killing import HAS_PROC, kill_while_writing


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
    # %.6g: 유효숫자 6자리 → 상대 오차 ≤ 0.5e-5
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


def _gensim_toy_vectors():
    """gensim KeyedVectors에 넣은 작은 벡터 (V=6, H=4)와 그 행렬. gensim이 없으면 건너뜁니다."""
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    W, id_to_word = toy_vectors(V=6, H=4, seed=3)
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors([id_to_word[i] for i in range(6)], W)
    return kv, W

def test_loads_a_file_written_by_gensim(tmp_path):
    kv, W = _gensim_toy_vectors()
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

    monkeypatch.setattr(atomic_write.os, "fdopen", fdopen)
    return seen


def test_failure_mid_write_leaves_no_file(tmp_path, failing_fdopen):
    W, id_to_word = toy_vectors()
    with pytest.raises(OSError, match="디스크 공간이 모자라거나"):
        save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert failing_fdopen, "fdopen을 거치지 않았습니다: 테스트가 실패를 흉내 내지 못했습니다"
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

    monkeypatch.setattr(atomic_write.os, "replace", broken_replace)
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
    ({0: "a", 1: "b"}, "모든 ID"),                       # 행 3개인데 ID 2개
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
    ("", "1번째 줄"),
    ("2\na 1 2\n", "1번째 줄"),
    ("two 2\na 1 2\nb 3 4\n", "1번째 줄"),
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


# --------------------------------------------------------------------------- 이슈 13, 4번: 엄격한 읽기

def _write_bytes(tmp_path, data: bytes):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data, pattern", [
    (b"2 2\na 1 2\nb 3 4.5", r"3번째 줄.*줄바꿈"),            # 마지막 숫자 중간에서 잘림 (4.5 → 4.)
    (b"2 2\na 1 2\nb 3 4", r"3번째 줄.*줄바꿈"),              # 줄바꿈 없이 끝남
    (b"2 2\na 1 nan\nb 3 4\n", r"2번째 줄.*'nan'.*유한"),
    (b"2 2\na 1 2\nb inf 4\n", r"3번째 줄.*'inf'"),
    (b"2 2\na 1 2\nb 3 1e999\n", r"3번째 줄.*'1e999'"),
    (b"2 2\na 1 2\nb 3 1e39\n", r"3번째 줄.*float32"),        # float32 범위 밖
    (b"2 2\n 1 2\nb 3 4\n", r"2번째 줄.*공백으로 시작"),      # 빈 단어
    (b"2 2\na 1 2\n\nb 3 4\n", r"3번째 줄.*빈 줄"),
    (b"2 2\na 1  2\nb 3 4\n", r"2번째 줄.*연달아"),
    (b"2 2\na 1 2\nb 3 4\n\n", r"4번째 줄.*많습니다"),        # V 줄 뒤의 빈 줄
    (b"2 2\na 1 2\nb 3 4\nc 5 6\n", r"4번째 줄.*많습니다"),
    (b"0 2\n", r"1번째 줄.*1 이상"),
    (b"2 0\na\nb\n", r"1번째 줄.*1 이상"),
    (b"2 2", r"1번째 줄.*잘렸"),
    (b"2 2\na 1 x\nb 3 4\n", r"2번째 줄.*'x'"),
    (b"2 2\n\xe9t\xe9 1 2\nb 3 4\n", r"2번째 줄.*UTF-8"),      # Latin-1
    (b"\xef\xbb\xbf2 2\na 1 2\nb 3 4\n", r"BOM"),
])
def test_strict_reader_rejects_corrupt_files_with_line_number(tmp_path, data, pattern):
    path = _write_bytes(tmp_path, data)
    with pytest.raises(ValueError, match=pattern) as info:
        load_word2vec_format(path)
    assert "bad.txt" in str(info.value)


def test_reader_accepts_trailing_spaces_and_crlf_as_word2vec_c_writes(tmp_path):
    # word2vec.c: fprintf(fo, "%s ", word); fprintf(fo, "%lf ", value) … 값마다 뒤에 공백
    path = _write_bytes(tmp_path, b"2 3 \nthe 0.5 -1 2e-3 \nof 1.25 0 -7 \r\n")
    W, word_to_id, id_to_word = load_word2vec_format(path)
    np.testing.assert_array_equal(W, np.array([[0.5, -1, 2e-3], [1.25, 0, -7]], dtype=np.float32))
    assert word_to_id == {"the": 0, "of": 1} and id_to_word == {0: "the", 1: "of"}


def test_absurd_header_is_rejected_without_allocating(tmp_path):
    # 20바이트 파일의 헤더가 3.55 PiB를 요구: 메모리를 잡지 않고 줄 번호로 알려야 함
    path = _write_bytes(tmp_path, b"1000000000000 1000\n")
    with pytest.raises(ValueError, match=r"2번째 줄.*1000000000000"):
        load_word2vec_format(path)
    path = _write_bytes(tmp_path, b"3 100000000000\na 1\n")
    with pytest.raises(ValueError, match=r"2번째 줄"):
        load_word2vec_format(path)


def test_gzip_and_binary_formats_are_named(tmp_path):
    import gzip
    text = b"2 2\na 1 2\nb 3 4\n"
    path = tmp_path / "v.txt.gz"
    path.write_bytes(gzip.compress(text))
    with pytest.raises(ValueError, match="gzip"):
        load_word2vec_format(path)
    W = np.array([[0.1, -2.5], [3.0, 1e-3]], dtype=np.float32)
    binary = b"2 2\n" + b"".join(w + b" " + row.tobytes() + b"\n" for w, row in zip([b"a", b"b"], W))
    path = tmp_path / "v.bin"
    path.write_bytes(binary)
    with pytest.raises(ValueError, match="바이너리"):
        load_word2vec_format(path)


def test_gensim_binary_file_is_named(tmp_path):
    kv, _ = _gensim_toy_vectors()
    kv.save_word2vec_format(str(tmp_path / "g.bin"), binary=True)
    with pytest.raises(ValueError, match=r"바이너리 형식\(binary=True\)"):
        load_word2vec_format(tmp_path / "g.bin")


def test_reader_errors_for_missing_path_and_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="없습니다"):
        load_word2vec_format(tmp_path / "none.txt")
    with pytest.raises(IsADirectoryError, match="폴더"):
        load_word2vec_format(tmp_path)


# --------------------------------------------------------------------------- 이슈 13, 5번: 안전한 쓰기

@pytest.mark.parametrize("W, id_to_word, pattern", [
    (np.zeros((2, 2)), {0: "a", 1: "a"}, "두 번"),
    (np.zeros((2, 0)), {0: "a", 1: "b"}, "1 이상"),
    (np.zeros((0, 3)), {}, "1 이상"),
    (np.zeros((2, 2)), {0: "a", 1: "b\u3000c"}, "공백"),        # 전각 공백
    (np.zeros((2, 2)), {0: "a", 1: "b\x1cc"}, "공백"),          # str.isspace인 제어 문자
    (np.zeros((2, 2)), {0: "a", 1: 7}, "str"),
    (np.zeros((2, 2)), {0: "a", 1: "\ud800"}, "UTF-8"),
    (np.array([[1e39, 0.0], [0.0, 0.0]]), {0: "a", 1: "b"}, "float32"),
    (np.array([[np.nan, 0.0], [0.0, 0.0]]), {0: "a", 1: "b"}, "NaN"),
])
def test_writer_refuses_what_the_reader_would_reject(tmp_path, W, id_to_word, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert list(tmp_path.iterdir()) == []


def test_writer_rounding_past_float32_max_is_refused(tmp_path):
    big = np.array([[np.finfo(np.float32).max]], dtype=np.float32)
    save_word2vec_format(tmp_path / "ok.txt", big, {0: "a"}, precision=9)
    assert load_word2vec_format(tmp_path / "ok.txt")[0][0, 0] == big[0, 0]
    with pytest.raises(ValueError, match="float32"):             # %.4g → 3.403e+38 > float32 최댓값
        save_word2vec_format(tmp_path / "bad.txt", big, {0: "a"}, precision=4)
    with pytest.raises(ValueError, match="precision"):
        save_word2vec_format(tmp_path / "bad.txt", big, {0: "a"}, precision=0)


def test_writer_keeps_permissions_of_existing_file_and_umask_for_new(tmp_path):
    W, id_to_word = toy_vectors(V=3, H=2)
    target = tmp_path / "v.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    save_word2vec_format(target, W, id_to_word)
    assert (target.stat().st_mode & 0o7777) == 0o640
    old_umask = os.umask(0o027)
    try:
        save_word2vec_format(tmp_path / "new.txt", W, id_to_word)
    finally:
        os.umask(old_umask)
    assert ((tmp_path / "new.txt").stat().st_mode & 0o7777) == 0o640      # 0o666 & ~0o027


def test_writer_follows_symlinks(tmp_path):
    W, id_to_word = toy_vectors(V=3, H=2)
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    save_word2vec_format(link, W, id_to_word)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_word2vec_format(real)[0].shape == (3, 2)
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.txt"]


@pytest.mark.parametrize("make, exc, pattern", [
    (lambda p: p / "없는 폴더" / "v.txt", FileNotFoundError, "폴더"),
    (lambda p: p, IsADirectoryError, "폴더입니다"),
])
def test_writer_reports_bad_target_in_korean(tmp_path, make, exc, pattern):
    W, id_to_word = toy_vectors(V=3, H=2)
    with pytest.raises(exc, match=pattern):
        save_word2vec_format(make(tmp_path), W, id_to_word)


@pytest.mark.skipif(os.geteuid() == 0, reason="root는 권한을 무시합니다")
def test_writer_reports_read_only_folder(tmp_path):
    W, id_to_word = toy_vectors(V=3, H=2)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="권한"):
            save_word2vec_format(ro / "v.txt", W, id_to_word)
    finally:
        ro.chmod(0o700)


_KILL_WRITER = """
import sys, numpy as np
from w2vlib import atomic_write
from w2vlib.vectors_io import save_word2vec_format
if sys.argv[2] == "named":
    atomic_write._use_tmpfile = False          # O_TMPFILE이 없는 시스템의 대체 경로를 시험
W = np.random.default_rng(0).standard_normal((200_000, 50)).astype(np.float32)
save_word2vec_format(sys.argv[1], W, {i: f"w{i}" for i in range(len(W))})
"""


@pytest.mark.skipif(not HAS_PROC, reason="Linux /proc이 필요합니다")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("mode", ["tmpfile", "named"])
def test_killed_writer_leaves_no_file_and_stale_parts_are_cleaned(tmp_path, sig, mode):
    import signal
    import sys
    target = tmp_path / "v.txt"
    target.write_text("old\n")
    code = kill_while_writing([sys.executable, "-c", _KILL_WRITER, str(target), mode], tmp_path, sig,
                              named=mode == "named")
    assert code == -getattr(signal, sig)
    assert target.read_text() == "old\n"                      # 기존 파일은 그대로
    left = sorted(p.name for p in tmp_path.iterdir())
    if mode == "tmpfile":
        assert left == ["v.txt"]                               # 이름 없는 파일이라 아무것도 남지 않음
    else:
        # 이름 있는 임시 파일은 시그널로 죽으면 남을 수 있지만, 다음 저장이 주인 없는 것을 지웁니다
        assert all(n == "v.txt" or n.startswith(".v.txt.w2vlib-") for n in left)
    W, id_to_word = toy_vectors(V=3, H=2)
    save_word2vec_format(target, W, id_to_word)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]


def test_stale_cleanup_keeps_other_files_and_live_owners(tmp_path):
    W, id_to_word = toy_vectors(V=3, H=2)
    live = tmp_path / f".v.txt.w2vlib-{os.getppid()}-abcd1234.part"     # 살아 있는 프로세스
    other = tmp_path / ".v.txt.something.part"                          # 이 모듈이 만든 것이 아님
    neighbour = tmp_path / ".w.txt.w2vlib-999999999-abcd1234.part"      # 다른 대상의 임시 파일
    for p in (live, other, neighbour):
        p.write_text("x")
    save_word2vec_format(tmp_path / "v.txt", W, id_to_word)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["v.txt", live.name, other.name, neighbour.name])


# --------------------------------------------------------------------------- 왕복 성질 (hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_word = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8).filter(
    lambda w: not any(ch.isspace() for ch in w))


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_word, min_size=1, max_size=6, unique=True), H=st.integers(1, 5), data=st.data())
def test_save_load_round_trip_property(tmp_path_factory, words, H, data):
    V = len(words)
    flat = data.draw(st.lists(st.floats(width=32, allow_nan=False, allow_infinity=False),
                              min_size=V * H, max_size=V * H))
    W = np.array(flat, dtype=np.float32).reshape(V, H)
    path = tmp_path_factory.mktemp("rt") / "v.txt"
    save_word2vec_format(path, W, dict(enumerate(words)))
    W2, word_to_id, id_to_word = load_word2vec_format(path)
    assert id_to_word == dict(enumerate(words))
    assert word_to_id == {w: i for i, w in enumerate(words)}
    np.testing.assert_array_equal(W2, W)                          # precision 9: float32를 정확히 되돌림
    assert W2.dtype == np.float32
