"""Where boundary files come from: mirror, cache, verified download, clear errors."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

import kzregions as kz
from kzregions import _sources
from kzregions.errors import DataIntegrityError, DataUnavailableError

NAME = "kaz_admbnda_adm1_2024.dbf"


@pytest.fixture(autouse=True)
def _fresh_verification_memo():
    _sources._verified.clear()
    yield
    _sources._verified.clear()


@pytest.fixture
def upstream(mirror, tmp_path):
    """A local HTTP server laid out like the pinned upstream: <commit>/<upstream_path>."""
    root = tmp_path / "upstream"
    for entry in _sources.manifest().values():
        dest = root / entry.commit / entry.upstream_path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / entry.file, dest)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_manifest_covers_the_mirror(mirror):
    m = _sources.manifest()
    on_disk = {p.name for p in mirror.iterdir() if p.suffix != ".md"}
    assert set(m) == on_disk
    assert {e.commit for e in m.values()} == {"41c1a00454ec9e01bda031b5074920bd82de02ce"}
    assert {e.license for e in m.values()} == {"CC-BY-4.0"}
    for e in m.values():
        assert len(e.sha256) == 64 and e.size == (mirror / e.file).stat().st_size


def test_mirror_first(mirror, settings):
    assert _sources.locate(NAME) == mirror / NAME


def test_checksum_mismatch_in_mirror_is_an_error(mirror, settings, tmp_path):
    bad = tmp_path / "mirror"
    shutil.copytree(mirror, bad)
    (bad / NAME).chmod(0o644)
    with open(bad / NAME, "r+b") as fh:
        fh.seek(100)
        fh.write(b"XXXX")
    settings.data_dir = bad
    with pytest.raises(DataIntegrityError) as err:
        _sources.locate(NAME)
    msg = str(err.value)
    assert NAME in msg and str(bad) in msg and "KZREGIONS_DATA_DIR" in msg and "verify" in msg


def test_offline_without_mirror_says_what_to_do(settings, tmp_path):
    settings.data_dir = ""  # no mirror, empty cache
    settings.cache_dir = tmp_path
    settings.offline = True
    with pytest.raises(DataUnavailableError) as err:
        kz.oblasts(2024)
    msg = str(err.value)
    assert "KZREGIONS_DATA_DIR" in msg and "kzregions data fetch" in msg and str(tmp_path) in msg


def test_unreachable_upstream_says_what_to_do(settings, tmp_path):
    settings.data_dir = ""
    settings.cache_dir = tmp_path
    settings.base_url = "http://127.0.0.1:9"  # the discard port: connection refused at once
    with pytest.raises(DataUnavailableError) as err:
        _sources.locate(NAME)
    msg = str(err.value)
    assert "127.0.0.1:9" in msg and "KZREGIONS_DATA_DIR" in msg and "kzregions data fetch" in msg


def test_download_is_verified_and_cached(upstream, settings, tmp_path):
    root, url = upstream
    settings.data_dir = ""
    settings.cache_dir = tmp_path / "cache"
    settings.base_url = url
    path = _sources.locate(NAME)
    assert path == tmp_path / "cache" / "geokz" / NAME
    assert _sources.sha256_of(path) == _sources.manifest()[NAME].sha256
    # the whole data layer works from downloads alone
    assert len(kz.oblasts(2018)) == 17


def test_tampered_download_is_rejected_and_not_kept(upstream, settings, tmp_path):
    root, url = upstream
    entry = _sources.manifest()[NAME]
    served = root / entry.commit / entry.upstream_path
    served.write_bytes(served.read_bytes()[:-10] + b"0123456789")
    settings.data_dir = ""
    settings.cache_dir = tmp_path / "cache"
    settings.base_url = url
    with pytest.raises(DataIntegrityError, match=NAME):
        _sources.locate(NAME)
    assert not (tmp_path / "cache" / "geokz" / NAME).exists()


def test_corrupted_cached_file_is_replaced(upstream, settings, tmp_path):
    root, url = upstream
    settings.data_dir = ""
    settings.cache_dir = tmp_path / "cache"
    settings.base_url = url
    cached = tmp_path / "cache" / "geokz" / NAME
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not a dbf")
    path = _sources.locate(NAME)
    assert path == cached
    assert _sources.sha256_of(cached) == _sources.manifest()[NAME].sha256


def test_status_reports_each_file(mirror, settings):
    rows = kz.boundaries.verify()
    assert len(rows) == len(_sources.manifest())
    assert rows["verified"].all() and set(rows["source"]) == {"mirror"}


def test_source_key_changes_with_the_sources():
    a = _sources.source_key(["kaz_admbnda_adm1_2024.shp"])
    b = _sources.source_key(["kaz_admbnda_adm1_2018.shp"])
    assert a != b and len(a) == 16


def test_settings_repr_names_the_variables(settings):
    text = repr(settings)
    for var in ("KZREGIONS_DATA_DIR", "KZREGIONS_CACHE_DIR", "KZREGIONS_OFFLINE", "KZREGIONS_BASE_URL"):
        assert var in text


def test_no_geometry_committed():
    repo = Path(__file__).resolve().parents[1]
    tracked = [p for p in repo.rglob("*") if p.suffix in {".shp", ".shx", ".dbf", ".gpkg", ".parquet"}
               and ".venv" not in p.parts]
    assert tracked == []


def test_fetch_downloads_everything_with_progress(upstream, settings, tmp_path, capsys):
    root, url = upstream
    settings.data_dir = ""
    settings.cache_dir = tmp_path / "cache"
    settings.base_url = url
    from kzregions.cli import main

    assert main(["data", "fetch"]) == 0
    out = capsys.readouterr()
    n = len(_sources.manifest())
    assert f"[{n}/{n}]" in out.out and f"{n} files ready" in out.out
    assert len(list((tmp_path / "cache" / "geokz").iterdir())) == n
    assert main(["data", "verify"]) == 0


def test_mirror_file_damaged_after_its_verified_load_is_not_reused(mirror, settings, tmp_path):
    # a file verified once is not trusted again after a change, even one that keeps its size
    # and puts its modification time back (ctime and inode are in the identity too)
    import os
    import time

    own = tmp_path / "mirror"
    own.mkdir()
    shutil.copyfile(mirror / NAME, own / NAME)
    settings.data_dir = own
    time.sleep(2 * _sources._TICK_NS / 1e9)  # older than a clock tick: the verification is kept
    assert _sources.locate(NAME) == own / NAME
    assert len(_sources._verified) == 1
    st = (own / NAME).stat()
    data = bytearray((own / NAME).read_bytes())
    data[len(data) // 2] ^= 0x01
    (own / NAME).write_bytes(bytes(data))
    os.utime(own / NAME, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (own / NAME).stat().st_size == st.st_size and (own / NAME).stat().st_mtime_ns == st.st_mtime_ns
    with pytest.raises(DataIntegrityError, match="does not match the manifest"):
        _sources.locate(NAME)
    # a file changed within the tick of its verification is verified again on every use
    shutil.copyfile(mirror / NAME, own / NAME)
    _sources._verified.clear()
    assert _sources.locate(NAME) == own / NAME
    data = bytearray((own / NAME).read_bytes())
    data[7] ^= 0x10
    (own / NAME).write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError):
        _sources.locate(NAME)
