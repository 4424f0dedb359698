"""w2vlib.ptb: 오프라인 폴더 읽기, MD5 확인, 원자적 내려받기.

실제 PTB 파일(``W2VLIB_PTB_DIR`` 환경 변수가 가리키는 폴더, CI에서는 ../shared/data/ptb)을 임시 폴더에 복사해
씁니다. 내려받기는 127.0.0.1의 로컬 HTTP 서버로만 시험하며, 그 밖의 주소로 가려 하면 테스트가 실패합니다.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib import download, ptb
from w2vlib.ptb import PTBError

from conftest import PTB_NAMES
from killing import HAS_PROC, kill_while_writing
from local_http import local_server, only_localhost  # noqa: F401  (autouse fixture)

NAMES = PTB_NAMES


@pytest.fixture(scope="module")
def ptb_copy(real_ptb_dir, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("ptb_copy")
    for n in NAMES:
        shutil.copyfile(real_ptb_dir / n, dest / n)
    return dest


def _md5_bytes(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


# --------------------------------------------------------------------------- 오프라인 폴더 (W2VLIB_PTB_DIR)

def test_load_data_train_matches_book(ptb_copy, monkeypatch):
    monkeypatch.setenv(ptb.ENV_DIR, str(ptb_copy))
    corpus, word_to_id, id_to_word = ptb.load_data("train")
    assert corpus.shape == (929_589,) and corpus.dtype == np.int64
    assert len(word_to_id) == 10_000 and len(id_to_word) == 10_000
    assert [id_to_word[i] for i in corpus[:2]] == ["aer", "banknote"]
    assert word_to_id["aer"] == 0 and word_to_id["banknote"] == 1
    assert word_to_id["<eos>"] == 24  # 첫 문장이 24단어
    assert corpus[24] == 24
    assert all(id_to_word[i] == w for w, i in word_to_id.items())
    assert corpus.min() == 0 and corpus.max() < 10_000


def test_load_data_equals_the_books_whole_text_split(ptb_copy, monkeypatch):
    """조각으로 나눠 읽어도 책의 규칙(글 전체를 ``replace("\\n", "<eos>").strip().split()``)으로 나눈 단어열과 같습니다."""
    monkeypatch.setenv(ptb.ENV_DIR, str(ptb_copy))
    corpus, word_to_id, _ = ptb.load_data("train")
    words = (ptb_copy / "ptb.train.txt").read_text(encoding="utf-8").replace("\n", "<eos>").strip().split()
    np.testing.assert_array_equal(corpus, [word_to_id[w] for w in words])


WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(WHITESPACE) + list("ab<eos>\u200b\ufeff가")), max_size=80),
       piece_chars=st.integers(1, 12))
def test_iter_words_in_pieces_equals_whole_split(tmp_path_factory, text, piece_chars):
    """공백 자리에서 자른 조각마다 나눈 단어들 = 글 전체를 나눈 단어들. 유니코드 공백(파이썬의 ``str.split``이 나누는 모든
    문자)과 공백이 아닌 비슷한 문자(폭 없는 공백 U+200B, BOM)를 섞고, 조각 크기를 아주 작게 해 자르는 자리를 많이 만듭니다."""
    path = tmp_path_factory.mktemp("words") / "t.txt"
    path.write_text(text, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8").replace("\n", "<eos>").strip().split()
    assert list(ptb._iter_words(path, piece_chars=piece_chars)) == expected


@pytest.mark.parametrize("data_type, length", [("val", 73_760), ("valid", 73_760), ("test", 82_430)])
def test_load_data_val_test(ptb_copy, monkeypatch, data_type, length):
    monkeypatch.setenv(ptb.ENV_DIR, str(ptb_copy))
    corpus, word_to_id, _ = ptb.load_data(data_type)
    assert len(corpus) == length and len(word_to_id) == 10_000


def test_ptb_path_uses_env_dir_and_never_downloads(ptb_copy, monkeypatch):
    monkeypatch.setenv(ptb.ENV_DIR, str(ptb_copy))
    monkeypatch.setattr(ptb, "download", lambda *a, **k: pytest.fail("내려받으면 안 됩니다"))
    assert ptb.ptb_path("test") == ptb_copy / "ptb.test.txt"


def test_md5_mismatch_in_offline_folder_raises(ptb_copy, tmp_path, monkeypatch):
    for n in NAMES:
        shutil.copyfile(ptb_copy / n, tmp_path / n)
    with open(tmp_path / "ptb.valid.txt", "ab") as f:
        f.write(b" extra\n")
    monkeypatch.setenv(ptb.ENV_DIR, str(tmp_path))
    with pytest.raises(PTBError, match="MD5"):
        ptb.ptb_path("val")
    with pytest.raises(PTBError, match="MD5"):
        ptb.load_data("train")  # 어휘는 val도 읽으므로 train도 실패해야 함
    assert ptb.ptb_path("test") == tmp_path / "ptb.test.txt"  # 멀쩡한 파일은 그대로 읽힘


def test_missing_file_in_offline_folder_raises(ptb_copy, tmp_path, monkeypatch):
    shutil.copyfile(ptb_copy / "ptb.train.txt", tmp_path / "ptb.train.txt")
    monkeypatch.setenv(ptb.ENV_DIR, str(tmp_path))
    monkeypatch.setattr(ptb, "download", lambda *a, **k: pytest.fail("내려받으면 안 됩니다"))
    with pytest.raises(PTBError, match=ptb.ENV_DIR):
        ptb.ptb_path("test")
    monkeypatch.setenv(ptb.ENV_DIR, str(tmp_path / "없는 폴더"))
    with pytest.raises(PTBError, match="ptb.train.txt"):
        ptb.ptb_path("train")


def test_bad_arguments():
    with pytest.raises(ValueError, match="data_type"):
        ptb.ptb_path("training")
    with pytest.raises(ValueError, match="file_name"):
        ptb.download("ptb.char.train.txt", Path("/nonexistent"))


# --------------------------------------------------------------------------- 로컬 HTTP 서버로 download()

@pytest.fixture(scope="module")
def server(real_ptb_dir):
    test_bytes = (real_ptb_dir / "ptb.test.txt").read_bytes()
    assert _md5_bytes(test_bytes) == ptb.MD5["ptb.test.txt"]
    corrupted = bytearray(test_bytes)
    corrupted[1000] ^= 0x20  # 크기는 같고 내용만 다름
    with local_server({
        "/good/ptb.test.txt": (test_bytes, len(test_bytes)),
        "/trunc/ptb.test.txt": (test_bytes[: len(test_bytes) // 3], len(test_bytes)),
        "/bad/ptb.test.txt": (bytes(corrupted), len(corrupted)),
    }) as srv:
        yield srv


@pytest.mark.parametrize("route, match", [
    ("trunc", "끊겼"),     # (a) Content-Length보다 적게 받음
    ("bad", "MD5"),         # (b) 내용이 다름
    ("missing", "실패"),    # 404
])
def test_download_failure_leaves_no_file(server, tmp_path, route, match):
    dest = tmp_path / "dest"
    with pytest.raises(PTBError, match=match):
        ptb.download("ptb.test.txt", dest, base_url=f"{server.base}/{route}/", timeout=5)
    assert dest.is_dir()
    assert list(dest.iterdir()) == []  # 최종 파일도, .part 임시 파일도 없음


def test_download_failure_keeps_existing_good_file(server, tmp_path, real_ptb_dir):
    dest = tmp_path / "dest"
    dest.mkdir()
    shutil.copyfile(real_ptb_dir / "ptb.test.txt", dest / "ptb.test.txt")
    with pytest.raises(PTBError):
        ptb.download("ptb.test.txt", dest, base_url=f"{server.base}/trunc/", timeout=5)
    assert [p.name for p in dest.iterdir()] == ["ptb.test.txt"]
    assert ptb._md5(dest / "ptb.test.txt") == ptb.MD5["ptb.test.txt"]


def test_download_good_file(server, tmp_path):
    dest = tmp_path / "dest"
    path = ptb.download("ptb.test.txt", dest, base_url=f"{server.base}/good/", timeout=5)
    assert path == dest / "ptb.test.txt"
    assert [p.name for p in dest.iterdir()] == ["ptb.test.txt"]
    assert _md5_bytes(path.read_bytes()) == ptb.MD5["ptb.test.txt"]


def test_download_small_synthetic_file(server, tmp_path, monkeypatch):
    data = b"no it was n't black monday\n"
    monkeypatch.setitem(ptb.MD5, "ptb.valid.txt", _md5_bytes(data))
    monkeypatch.setitem(server.routes, "/syn/ptb.valid.txt", (data, len(data)))
    path = ptb.download("ptb.valid.txt", tmp_path, base_url=f"{server.base}/syn/", timeout=5)
    assert path.read_bytes() == data


# --------------------------------------------------------------------------- 캐시 폴더 (W2VLIB_PTB_DIR 없음)

def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv(ptb.ENV_CACHE, str(tmp_path / "c"))
    assert ptb.cache_dir() == tmp_path / "c"
    monkeypatch.delenv(ptb.ENV_CACHE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ptb.cache_dir() == tmp_path / "xdg" / "w2vlib" / "ptb"


@pytest.fixture
def cache_env(monkeypatch, tmp_path):
    monkeypatch.delenv(ptb.ENV_DIR, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv(ptb.ENV_CACHE, str(cache))
    return cache


def test_ptb_path_downloads_into_cache_once(server, cache_env, monkeypatch):
    calls = []
    real_download = ptb.download

    def local_download(file_name, dest_dir, base_url=None, timeout=5.0):
        calls.append((file_name, Path(dest_dir)))
        return real_download(file_name, dest_dir, base_url=f"{server.base}/good/", timeout=timeout)

    monkeypatch.setattr(ptb, "download", local_download)
    path = ptb.ptb_path("test")
    assert path == cache_env / "ptb.test.txt"
    assert calls == [("ptb.test.txt", cache_env)]
    assert ptb._md5(path) == ptb.MD5["ptb.test.txt"]
    assert ptb.ptb_path("test") == path and len(calls) == 1  # 두 번째는 캐시에서
    path.write_bytes(b"corrupted")  # 손상된 캐시는 다시 내려받음
    assert ptb.ptb_path("test") == path and len(calls) == 2
    assert ptb._md5(path) == ptb.MD5["ptb.test.txt"]


def test_ptb_path_uses_preplaced_cache_files(ptb_copy, cache_env, monkeypatch):
    cache_env.mkdir()
    for n in NAMES:
        shutil.copyfile(ptb_copy / n, cache_env / n)
    monkeypatch.setattr(ptb, "download", lambda *a, **k: pytest.fail("캐시가 있으면 내려받지 않아야 합니다"))
    corpus, word_to_id, _ = ptb.load_data("test")
    assert len(corpus) == 82_430 and len(word_to_id) == 10_000


def test_ptb_path_honours_monkeypatched_base_url(server, cache_env, monkeypatch):
    monkeypatch.setattr(ptb, "BASE_URL", f"{server.base}/good/")
    path = ptb.ptb_path("test")  # 버그가 있으면 원래 주소로 가려다 only_localhost가 막음
    assert ptb._md5(path) == ptb.MD5["ptb.test.txt"]


# --------------------------------------------------------------------------- 이슈 13, 10번

def test_download_address_from_environment_variable(server, cache_env, monkeypatch):
    monkeypatch.setenv(ptb.ENV_URL, f"{server.base}/good")          # 끝의 / 는 없어도 됨
    path = ptb.ptb_path("test")                                     # 원래 주소로 가면 only_localhost가 막음
    assert path == cache_env / "ptb.test.txt" and ptb._md5(path) == ptb.MD5["ptb.test.txt"]


def test_download_address_as_argument_wins_over_environment(server, cache_env, monkeypatch):
    monkeypatch.setenv(ptb.ENV_URL, f"{server.base}/missing/")
    path = ptb.download("ptb.test.txt", cache_env, base_url=f"{server.base}/good/", timeout=5)
    assert ptb._md5(path) == ptb.MD5["ptb.test.txt"]
    with pytest.raises(PTBError, match=ptb.ENV_URL):               # 실패 메시지가 바꾸는 방법을 알려 줌
        ptb.download("ptb.test.txt", cache_env / "b", timeout=5)


def test_download_from_file_url(real_ptb_dir, cache_env, monkeypatch):
    monkeypatch.setenv(ptb.ENV_URL, real_ptb_dir.as_uri())
    monkeypatch.setattr(urllib.request, "urlopen", _file_only_urlopen)   # file:// 만 허용 (네트워크 없음)
    corpus, word_to_id, _ = ptb.load_data("test")
    assert len(corpus) == 82_430 and len(word_to_id) == 10_000
    assert sorted(p.name for p in cache_env.iterdir()) == sorted(NAMES)


_real_urlopen = urllib.request.urlopen


def _file_only_urlopen(url, *args, **kwargs):
    assert str(url).startswith("file://"), url
    return _real_urlopen(url, *args, **kwargs)


@pytest.mark.parametrize("bad", ["ftp://mirror/ptb/", "mirror.example.org/ptb", ""])
def test_bad_download_address_is_rejected(bad, cache_env, monkeypatch):
    if bad:
        monkeypatch.setenv(ptb.ENV_URL, bad)
        with pytest.raises(ValueError, match=ptb.ENV_URL):
            ptb.ptb_path("test")
    with pytest.raises(ValueError, match="base_url"):
        ptb.download("ptb.test.txt", cache_env, base_url=bad or "nothing")


@pytest.mark.parametrize("claimed", ["exact", None])
def test_download_size_limit(server, tmp_path, monkeypatch, claimed):
    data = b"x" * 5000
    monkeypatch.setitem(server.routes, "/big/ptb.test.txt", (data, len(data) if claimed else None))
    dest = tmp_path / "dest"
    with pytest.raises(PTBError, match="최대 크기 1,000바이트"):
        ptb.download("ptb.test.txt", dest, base_url=f"{server.base}/big/", timeout=5, max_bytes=1000)
    assert list(dest.iterdir()) == []
    assert ptb.MAX_DOWNLOAD_BYTES >= 2 * 5_101_618                   # ptb.train.txt는 제한 안에 듦
    with pytest.raises(ValueError, match="max_bytes"):
        ptb.download("ptb.test.txt", dest, base_url=f"{server.base}/big/", max_bytes=0)


def test_cache_path_that_is_a_file(server, tmp_path, monkeypatch):
    monkeypatch.delenv(ptb.ENV_DIR, raising=False)
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ptb.ENV_CACHE, str(blocker))
    monkeypatch.setenv(ptb.ENV_URL, f"{server.base}/good/")
    with pytest.raises(PTBError, match=r"파일입니다.*W2VLIB_CACHE_DIR"):
        ptb.ptb_path("test")
    monkeypatch.setenv(ptb.ENV_CACHE, str(blocker / "sub"))
    with pytest.raises(PTBError, match="파일입니다"):
        ptb.ptb_path("test")
    assert blocker.read_text() == "not a folder"


def test_unwritable_cache_is_a_clear_error(server, tmp_path, monkeypatch):
    monkeypatch.delenv(ptb.ENV_DIR, raising=False)
    monkeypatch.setenv(ptb.ENV_CACHE, str(tmp_path / "c" / "ptb"))
    monkeypatch.setenv(ptb.ENV_URL, f"{server.base}/good/")

    def no_mkdir(self, *args, **kwargs):              # root에서도 권한 오류를 흉내 냄
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", no_mkdir)
    with pytest.raises(PTBError, match=r"권한이 없습니다.*W2VLIB_CACHE_DIR"):
        ptb.ptb_path("test")
    monkeypatch.undo()
    if os.geteuid() != 0:                                 # 실제 읽기 전용 폴더 (root는 권한을 무시)
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        monkeypatch.setenv(ptb.ENV_CACHE, str(ro))
        monkeypatch.delenv(ptb.ENV_DIR, raising=False)
        with pytest.raises(PTBError, match="권한"):
            ptb.download("ptb.test.txt", ro, base_url=f"{server.base}/good/", timeout=5)


def test_unreadable_offline_file_is_a_clear_error(ptb_copy, monkeypatch):
    monkeypatch.setenv(ptb.ENV_DIR, str(ptb_copy))
    real_open = open

    def deny(path, *args, **kwargs):                  # root에서도 읽기 권한 오류를 흉내 냄
        if str(path).endswith("ptb.valid.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(download, "open", deny, raising=False)     # 해시는 w2vlib.download가 읽습니다
    with pytest.raises(PTBError, match=r"ptb.valid.txt을\(를\) 읽을 권한이 없습니다"):
        ptb.load_data("train")


_KILL_DOWNLOAD = """
import sys
from pathlib import Path
from w2vlib import ptb
ptb.download("ptb.test.txt", Path(sys.argv[1]), base_url=sys.argv[2], timeout=60)
"""


@pytest.mark.skipif(not HAS_PROC, reason="Linux /proc이 필요합니다")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_killed_download_leaves_no_file(server, tmp_path, monkeypatch, real_ptb_dir, sig):
    import signal
    import sys
    data = (real_ptb_dir / "ptb.test.txt").read_bytes()
    monkeypatch.setitem(server.routes, "/slow/ptb.test.txt", (data, len(data), 20.0))   # 반만 보내고 멈춤
    dest = tmp_path / "dest"
    code = kill_while_writing([sys.executable, "-c", _KILL_DOWNLOAD, str(dest), f"{server.base}/slow/"], dest, sig)
    assert code == -getattr(signal, sig)
    assert list(dest.iterdir()) == []
