"""tools/fetch_assets.py: npm 없이 tarball을 받고, 잠금 파일의 sha512와 다르면 거부합니다."""
from __future__ import annotations

import io
import json
import sys
import tarfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import fetch_assets  # noqa: E402


def test_lock_pins_every_book_asset():
    lock = json.loads(fetch_assets.LOCK.read_text(encoding="utf-8"))
    versions = fetch_assets._versions()
    missing = [f"{n}@{v}" for n, v in versions.items() if f"{n}@{v}" not in lock]
    assert missing == [], f"python tools/fetch_assets.py --lock으로 잠금 파일에 추가하세요: {missing}"
    for name, version in versions.items():
        entry = lock[f"{name}@{version}"]
        assert entry["tarball"].startswith(f"{fetch_assets.REGISTRY}/{name}/-/")
        assert entry["tarball"].endswith(f"-{version}.tgz")
        assert entry["integrity"].startswith("sha512-") and len(entry["integrity"]) == 7 + 88
        assert name in fetch_assets.LAYOUT


def _tarball() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, text in {"package/require.js": "/* require */", "package/dist/embed-amd.js": "/* e */",
                           "package/dist/x.woff2": "font"}.items():
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def fake_assets(tmp_path, monkeypatch):
    """file:// 주소의 가짜 tarball 두 개와, 그 해시를 담은 잠금 파일 (실제 _vendor는 건드리지 않음)."""
    data = _tarball()
    tgz = tmp_path / "pkg.tgz"
    tgz.write_bytes(data)
    versions = {"requirejs": "1.0.0", "@jupyter-widgets/html-manager": "2.0.0"}
    lock = {f"{n}@{v}": {"tarball": tgz.as_uri(), "integrity": fetch_assets._integrity(data)}
            for n, v in versions.items()}
    monkeypatch.setattr(fetch_assets, "_versions", lambda: versions)
    monkeypatch.setattr(fetch_assets, "LOCK", tmp_path / "lock.json")
    monkeypatch.setattr(fetch_assets, "DEST", tmp_path / "vendor" / "static" / "offline")
    monkeypatch.setattr(fetch_assets, "EXTRA", tmp_path / "vendor" / "extra")
    fetch_assets.LOCK.write_text(json.dumps(lock), encoding="utf-8")
    return lock


def test_fetch_verifies_and_unpacks(fake_assets):
    assert fetch_assets.main([]) == 0
    assert (fetch_assets.DEST / "require.js").read_text() == "/* require */"
    assert (fetch_assets.DEST / "html-manager" / "embed-amd.js").is_file()
    assert (fetch_assets.EXTRA / "chapters" / "@jupyter-widgets" / "html-manager" / "dist" / "x.woff2").is_file()
    assert fetch_assets.main([]) == 0  # 두 번째는 받지 않고 그대로


def test_fetch_rejects_a_tarball_with_another_hash(fake_assets, capsys):
    spec = next(iter(fake_assets))
    fake_assets[spec]["integrity"] = fetch_assets._integrity(b"other")
    fetch_assets.LOCK.write_text(json.dumps(fake_assets), encoding="utf-8")
    assert fetch_assets.main([]) == 1
    assert "sha512" in capsys.readouterr().err
    assert not fetch_assets.DEST.exists()


def test_fetch_asks_for_lock_entry(fake_assets, capsys):
    fetch_assets.LOCK.write_text("{}", encoding="utf-8")
    assert fetch_assets.main([]) == 1
    assert "--lock" in capsys.readouterr().err


def _tar_with(names: dict) -> tarfile.TarFile:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for path, text in names.items():
            info = tarfile.TarInfo(path)
            if text is None:                                   # 심볼릭 링크
                info.type, info.linkname = tarfile.SYMTYPE, "package/a.js"
                tar.addfile(info)
                continue
            data = text.encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return tarfile.open(fileobj=buf)


@pytest.mark.parametrize("has_data_filter", [True, False])
def test_extraction_stays_inside_the_folder_also_without_the_data_filter(tmp_path, monkeypatch, has_data_filter):
    """Python 3.11.4 미만(예: Debian 12의 3.11.2)에는 ``extractall(filter=...)``가 없습니다: 그때도 풀 폴더 밖으로 쓰지 않습니다."""
    if not has_data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    elif not hasattr(tarfile, "data_filter"):
        pytest.skip("이 Python에는 tarfile.data_filter가 없습니다")
    with _tar_with({"package/a.js": "a", "package/dist/b.js": "b", "package/link.js": None}) as tar:
        fetch_assets._extract_safely(tar, tmp_path / "ok")
    assert (tmp_path / "ok" / "package" / "dist" / "b.js").read_text() == "b"
    if not has_data_filter:                                    # 오래된 Python: 링크는 풀지 않음
        assert not (tmp_path / "ok" / "package" / "link.js").is_symlink()
    with _tar_with({"package/a.js": "a", "../evil.js": "x"}) as tar, pytest.raises(Exception):
        fetch_assets._extract_safely(tar, tmp_path / "bad")
    assert not (tmp_path / "evil.js").exists()
