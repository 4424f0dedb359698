"""w2vlib.nsmc: 압축 파일 확인(git 트리 해시), 잘못된 입력의 한국어 오류, 원자적 캐시, 내려받기, 실제 오프라인 사본.

작은 가짜 NSMC 압축 파일을 만들어 그 트리 해시를 기대값으로 두고(monkeypatch) 시험합니다. 내려받기는
127.0.0.1의 로컬 HTTP 서버로만 시험합니다.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from w2vlib import nsmc
from w2vlib.download import git_blob_sha1, git_tree_sha1
from w2vlib.nsmc import NSMCError

from conftest import find_shared_data
from local_http import local_server, only_localhost  # noqa: F401  (autouse fixture)

TOP = f"nsmc-{nsmc.COMMIT}"
# 파일 이름의 바이트 순서: "10.json" < "9.json" (숫자 순서가 아님), 빈 리뷰는 빠짐
FAKE = {
    "9.json": [{"review": "아홉 번째 영화가 좋아요", "rating": "9"}, {"review": "  ", "rating": "1"}],
    "10.json": [{"review": "열 번째\n영화", "rating": "10"}, {"review": "재미없다", "rating": "2"}],
}
EXPECTED = [("열 번째\n영화", 10), ("재미없다", 2), ("아홉 번째 영화가 좋아요", 9)]


def _zip_bytes(files: dict[str, bytes], top: str = TOP) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{top}/README.md", "NSMC")
        for name, data in files.items():
            z.writestr(f"{top}/{name}", data)
    return buf.getvalue()


def _fake_files() -> dict[str, bytes]:
    return {f"raw/{n}": json.dumps(items, ensure_ascii=False).encode() for n, items in FAKE.items()}


def _tree(files: dict[str, bytes]) -> str:
    return git_tree_sha1([(n.split("/")[1].encode(), git_blob_sha1(d)) for n, d in files.items()])


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """가짜 압축 파일이 든 데이터 폴더(W2VLIB_NSMC_DIR)와 빈 캐시 폴더. 기대 트리 해시는 가짜 파일의 것."""
    files = _fake_files()
    data = tmp_path / "data"
    data.mkdir()
    (data / nsmc.ARCHIVE_NAMES[1]).write_bytes(_zip_bytes(files))
    monkeypatch.setattr(nsmc, "RAW_TREE_SHA1", _tree(files))
    monkeypatch.setenv(nsmc.ENV_DIR, str(data))
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path / "cache"))
    return data, tmp_path / "cache"


def _cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def test_reviews_in_file_order_and_cached(fake):
    data, cache = fake
    before = sorted(p.name for p in data.iterdir())
    assert [tuple(r) for r in nsmc.iter_reviews(progress=False)] == EXPECTED
    assert [tuple(r) for r in nsmc.iter_reviews(2, progress=False)] == EXPECTED[:2]
    assert sorted(p.name for p in data.iterdir()) == before          # 데이터 폴더에는 아무것도 쓰지 않음
    assert _cache_files(cache) == [f"reviews-{nsmc.RAW_TREE_SHA1[:12]}.jsonl"]
    (data / nsmc.ARCHIVE_NAMES[1]).unlink()                           # 두 번째부터는 캐시만 읽음
    assert len(list(nsmc.iter_reviews(progress=False))) == 3


@pytest.mark.parametrize("limit", [0, -1, 1.5, True, "10"])
def test_bad_limit(fake, limit):
    for call in (lambda: list(nsmc.iter_reviews(limit, progress=False)),
                 lambda: nsmc.load_tokens("word", limit, progress=False)):
        with pytest.raises(ValueError, match="limit") as err:
            call()
        assert err.value.argument == "limit"


def _replace_archive(data: Path, payload: bytes) -> None:
    (data / nsmc.ARCHIVE_NAMES[1]).write_bytes(payload)


@pytest.mark.parametrize("case, match", [
    ("wrong_hash", "트리 해시"),
    ("truncated", "zip"),
    ("not_zip", "zip"),
    ("no_raw", "raw/ 폴더가 없습니다"),
    ("bad_json", "raw/9.json"),
    ("extra_file", "트리 해시"),
])
def test_bad_archive_is_a_clear_error_and_writes_nothing(fake, case, match):
    data, cache = fake
    files = _fake_files()
    if case == "wrong_hash":
        files["raw/9.json"] = files["raw/9.json"].replace("좋아요".encode(), "싫어요".encode())
    elif case == "bad_json":
        files["raw/9.json"] = b"{not json"
    elif case == "extra_file":
        files["raw/11.json"] = b"[]"
    elif case == "no_raw":
        files = {n.replace("raw/", "data/"): d for n, d in files.items()}
    payload = _zip_bytes(files)
    if case == "truncated":
        payload = payload[: len(payload) // 2]
    elif case == "not_zip":
        payload = "<html>404 Not Found</html>".encode()
    _replace_archive(data, payload)
    with pytest.raises(NSMCError, match=match):
        list(nsmc.iter_reviews(progress=False))
    assert _cache_files(cache) == []                                   # 반쯤 쓴 파일 없음


def test_missing_archive_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(nsmc.ENV_DIR, str(tmp_path))
    with pytest.raises(NSMCError, match=nsmc.ENV_DIR):
        nsmc.archive_path()


def test_interrupted_extraction_writes_nothing(fake, monkeypatch):
    _, cache = fake
    real = nsmc._reviews_of
    calls = []

    def interrupt(data, name):
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt                                    # 두 번째 파일을 읽다가 Ctrl-C
        return real(data, name)

    monkeypatch.setattr(nsmc, "_reviews_of", interrupt)
    with pytest.raises(KeyboardInterrupt):
        list(nsmc.iter_reviews(progress=False))
    assert _cache_files(cache) == []
    monkeypatch.setattr(nsmc, "_reviews_of", real)
    assert len(list(nsmc.iter_reviews(progress=False))) == 3           # 다시 실행하면 처음부터 제대로


# --------------------------------------------------------------------------- 내려받기 (로컬 서버)

@pytest.fixture
def served(fake, monkeypatch):
    data, cache = fake
    monkeypatch.delenv(nsmc.ENV_DIR)
    good = (data / nsmc.ARCHIVE_NAMES[1]).read_bytes()
    bad_files = _fake_files()
    bad_files["raw/10.json"] = b"[]"
    bad = _zip_bytes(bad_files)
    with local_server({"/good.zip": (good, len(good)), "/trunc.zip": (good[:100], len(good)),
                       "/bad.zip": (bad, len(bad))}) as srv:
        yield srv, cache


def test_download_then_extract(served, monkeypatch):
    srv, cache = served
    monkeypatch.setenv(nsmc.ENV_URL, f"{srv.base}/good.zip")
    assert [tuple(r) for r in nsmc.iter_reviews(progress=False)] == EXPECTED
    assert _cache_files(cache) == sorted([nsmc.ARCHIVE_NAMES[0], f"reviews-{nsmc.RAW_TREE_SHA1[:12]}.jsonl"])


@pytest.mark.parametrize("route, match", [
    ("trunc.zip", "끊겼"),                                     # 내려받기가 중간에 끊김 (Content-Length보다 적게 받음)
    ("missing.zip", f"내려받기 실패.*{nsmc.ENV_URL}"),          # 404: 다른 주소를 주는 방법을 알려 줌
])
def test_failed_download_is_a_clear_error_and_writes_nothing(served, monkeypatch, route, match):
    srv, cache = served
    monkeypatch.setenv(nsmc.ENV_URL, f"{srv.base}/{route}")
    with pytest.raises(NSMCError, match=match):
        list(nsmc.iter_reviews(progress=False))
    assert _cache_files(cache) == []


def test_downloaded_archive_with_wrong_content_is_removed(served, monkeypatch):
    srv, cache = served
    monkeypatch.setenv(nsmc.ENV_URL, f"{srv.base}/bad.zip")
    with pytest.raises(NSMCError, match="트리 해시.*다시 실행하면 새로 내려받습니다"):
        list(nsmc.iter_reviews(progress=False))
    assert _cache_files(cache) == []
    monkeypatch.setenv(nsmc.ENV_URL, f"{srv.base}/good.zip")
    assert len(list(nsmc.iter_reviews(progress=False))) == 3


# --------------------------------------------------------------------------- 실제 오프라인 사본

_REAL_DIR = find_shared_data(os.environ.get(nsmc.ENV_DIR), "nsmc", nsmc.ARCHIVE_NAMES[1:])   # monkeypatch 전에


def test_real_offline_copy(tmp_path, monkeypatch):
    folder = _REAL_DIR
    if folder is None:
        pytest.skip(f"NSMC 오프라인 사본이 없습니다 ({nsmc.ENV_DIR}를 설정하세요; CI는 ../shared/data/nsmc).")
    monkeypatch.setenv(nsmc.ENV_DIR, str(folder))
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path))
    ratings = [r.rating for r in nsmc.iter_reviews(progress=False)]
    assert len(ratings) == nsmc.N_REVIEWS and min(ratings) == 1 and max(ratings) == 10
    first = next(nsmc.iter_reviews(progress=False))
    assert first == ("전체관람가는 아닌것 같아요", 10)                   # raw/10001.json의 첫 리뷰
