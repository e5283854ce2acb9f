"""Where the geokz boundary files come from: manifest, mirror, cache, download.

Resolution order for each file of the manifest (``shapefiles/manifest.csv``):

1. the mirror folder named by ``KZREGIONS_DATA_DIR`` (or ``kz.settings.data_dir``);
2. the user cache (``<cache_dir>/geokz``), written by an earlier download;
3. a download from the pinned upstream commit, verified by SHA-256 before it is used.

A file in the mirror or the cache whose checksum differs from the manifest is never used:
a bad mirror file is an error (the mirror is the user's, we do not touch it); a bad cached
file is deleted and downloaded again.
"""

from __future__ import annotations

import csv
import hashlib
import os
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .errors import DataIntegrityError, DataUnavailableError, UnknownFileError
from .settings import settings

FIX_HINT = (
    "Fix: point KZREGIONS_DATA_DIR at a folder holding the geokz files "
    "(e.g. export KZREGIONS_DATA_DIR=/path/to/geokz), or run `kzregions data fetch` once "
    "while online to fill the cache."
)


class ManifestEntry(NamedTuple):
    """One row of the manifest (a named tuple: a frozen dataclass costs every fresh process
    1 ms to define, 5 % of loading a layer from the cache)."""

    file: str
    upstream_path: str
    commit: str
    sha256: str
    size: int
    license: str

    @property
    def url(self) -> str:
        return f"{settings.resolved_base_url()}/{self.commit}/{self.upstream_path}"


@lru_cache(maxsize=1)
def manifest() -> dict[str, ManifestEntry]:
    """The manifest of boundary files: file name -> :class:`ManifestEntry`."""
    # a source checkout (python -m pytest in the repo) first: one stat, where looking for
    # the kzregions.shapefiles package first costs a failed import on every fresh process
    here = Path(__file__).resolve().parents[1] / "shapefiles" / "manifest.csv"
    if here.is_file():
        text = here.read_text("utf-8")
    else:  # installed: shapefiles/ is packaged as kzregions.shapefiles
        text = resources.files("kzregions.shapefiles").joinpath("manifest.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {
        r["file"]: ManifestEntry(
            r["file"], r["upstream_path"], r["commit"], r["sha256"], int(r["size"]), r["license"]
        )
        for r in rows
    }


def sha256_of(path: os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def raw_cache_dir() -> Path:
    return settings.resolved_cache_dir() / "geokz"


# Verified files by identity (path, device, inode, size, mtime, ctime): a file is hashed
# once per process, not on every load, and again whenever any of these changes. ctime is
# in the key because a writer can restore mtime (``touch -r``, ``os.utime``) but not ctime.
_verified: set[tuple] = set()
#: File timestamps advance in ticks (coarse clock, a few ms on Linux): a file changed in the
#: same tick as its verification keeps its timestamps, so such a recent file is verified
#: again on every use until its ctime lies this far before the verification began.
_TICK_NS = 50_000_000


def _identity(path: Path, st: os.stat_result) -> tuple:
    return (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _is_verified(path: Path, entry: ManifestEntry) -> bool:
    st = path.stat()
    key = _identity(path, st)
    if key in _verified:
        return True
    began = time.time_ns()
    if st.st_size != entry.size or sha256_of(path) != entry.sha256:
        return False
    after = path.stat()
    if _identity(path, after) == key and after.st_ctime_ns < began - _TICK_NS:
        _verified.add(key)
    return True


def locate(name: str, download: bool = True, progress: bool = False) -> Path:
    """Return a verified local path of the boundary file ``name``.

    Raises
    ------
    DataIntegrityError
        The mirror holds the file with another checksum.
    DataUnavailableError
        The file is nowhere locally and cannot be downloaded (offline or no network).
    """
    entry = manifest().get(name)
    if entry is None:
        import difflib

        close = difflib.get_close_matches(name, list(manifest()), n=3)
        from ._messages import keyed

        raise keyed(UnknownFileError, "unknown_file_close" if close else "unknown_file", name=name,
                    close=", ".join(close))
    looked = []
    mirror = settings.resolved_data_dir()
    if mirror is not None:
        looked.append(str(mirror))
        p = mirror / name
        if p.is_file():
            if _is_verified(p, entry):
                return p
            raise DataIntegrityError(
                f"{p} does not match the manifest (expected SHA-256 {entry.sha256}, size "
                f"{entry.size} bytes; found {sha256_of(p)}, {p.stat().st_size} bytes). The mirror "
                f"folder KZREGIONS_DATA_DIR={mirror} holds a different or damaged copy. Fix: replace "
                f"the file with geokz commit {entry.commit[:8]} ({entry.url}), or unset "
                "KZREGIONS_DATA_DIR to use the cache, then run `kzregions data verify`."
            )
    cache = raw_cache_dir()
    looked.append(str(cache))
    p = cache / name
    if p.is_file():
        if _is_verified(p, entry):
            return p
        p.unlink()  # a corrupted cached file is never used: drop it and fetch it again
    if not download or settings.resolved_offline():
        from ._messages import keyed

        raise keyed(DataUnavailableError, "offline" if settings.resolved_offline() else "no_download",
                    name=name, looked=", ".join(looked))
    return _download(entry, cache, looked, progress)


def _download(entry: ManifestEntry, cache: Path, looked: list[str], progress: bool) -> Path:
    import pooch

    cache.mkdir(parents=True, exist_ok=True)
    try:
        path = pooch.retrieve(
            entry.url,
            known_hash=f"sha256:{entry.sha256}",
            fname=entry.file,
            path=cache,
            progressbar=progress and _has_tqdm(),
        )
    except ValueError as exc:  # pooch's checksum mismatch
        raise DataIntegrityError(
            f"download of {entry.file} from {entry.url} does not match the manifest "
            f"(SHA-256 {entry.sha256}); it was discarded. Upstream may have changed or the "
            f"transfer was damaged: try again, or use a mirror. ({exc})"
        ) from exc
    except Exception as exc:  # network errors come in many classes (requests, urllib3, OS)
        from ._messages import keyed

        raise keyed(DataUnavailableError, "download_failed", name=entry.file, looked=", ".join(looked),
                    url=entry.url, reason=f"{type(exc).__name__}: {exc}") from exc
    return Path(path)


def _has_tqdm() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def status() -> list[dict]:
    """One row per manifest file: where it would be taken from and whether it verifies."""
    rows = []
    mirror = settings.resolved_data_dir()
    cache = raw_cache_dir()
    for name, entry in manifest().items():
        where, path, ok = "missing", None, False
        for label, folder in (("mirror", mirror), ("cache", cache)):
            if folder is not None and (folder / name).is_file():
                where, path = label, folder / name
                ok = _is_verified(path, entry)
                break
        rows.append(
            {"file": name, "source": where, "path": str(path) if path else "", "verified": ok,
             "sha256": entry.sha256, "size": entry.size}
        )
    return rows


def source_key(names: list[str]) -> str:
    """A short key naming the exact source files (by checksum) a derived product came from."""
    m = manifest()
    h = hashlib.sha256("".join(m[n].sha256 for n in sorted(names)).encode())
    return h.hexdigest()[:16]
