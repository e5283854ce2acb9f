"""Settings: where kzregions looks for data and where it caches.

Each setting is ``None`` by default, which means "read the environment at call time", so
that an environment variable set after import still counts and tests can set it per test.
Assign a value to override the environment for this process::

    import kzregions as kz
    kz.settings.data_dir = "/data/geokz"      # same as KZREGIONS_DATA_DIR
    kz.settings.cache_dir = "/tmp/kzcache"    # same as KZREGIONS_CACHE_DIR
    kz.settings.offline = True                # same as KZREGIONS_OFFLINE=1

============  ======================  ====================================================
setting       environment variable    meaning
============  ======================  ====================================================
data_dir      KZREGIONS_DATA_DIR      a folder holding the geokz files (a mirror); looked
                                      in first, files verified against the manifest
cache_dir     KZREGIONS_CACHE_DIR     where downloads and the fast-load cache are written;
                                      default: the OS user cache (platformdirs)
offline       KZREGIONS_OFFLINE       never try to download (1/true/yes)
use_cache     KZREGIONS_NO_CACHE      write and read the fast-load cache (default True;
                                      KZREGIONS_NO_CACHE=1 turns it off)
base_url      KZREGIONS_BASE_URL      where downloads come from: ``<base_url>/<commit>/
                                      <upstream path>``; default the geokz repository on
                                      GitHub (raw files); set it to serve from your own host
============  ======================  ====================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def as_bool(value: object, name: str) -> bool:
    """A yes/no setting given as a bool or as text: "1", "true", "yes", "on" are true; "0",
    "false", "no", "off" and "" (unset) are false, in any case and spacing. Anything else
    raises :class:`~kzregions.errors.SettingError` naming the setting, rather than counting as
    true (``bool("0")`` is True) or as false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    from .errors import SettingError

    raise SettingError(f"{name}={value!r} is not a yes/no value: use one of 1, true, yes, on "
                       "or 0, false, no, off")
DEFAULT_BASE_URL = "https://raw.githubusercontent.com/arodionoff/geokz"


@dataclass
class Settings:
    data_dir: str | os.PathLike | None = None
    cache_dir: str | os.PathLike | None = None
    offline: bool | None = None
    use_cache: bool | None = None
    base_url: str | None = None

    def resolved_data_dir(self) -> Path | None:
        value = self.data_dir if self.data_dir is not None else os.environ.get("KZREGIONS_DATA_DIR")
        return Path(value).expanduser() if value else None

    def resolved_cache_dir(self) -> Path:
        value = self.cache_dir if self.cache_dir is not None else os.environ.get("KZREGIONS_CACHE_DIR")
        if value:
            return Path(value).expanduser()
        return _default_cache_dir()

    def resolved_offline(self) -> bool:
        if self.offline is not None:
            return as_bool(self.offline, "kz.settings.offline")
        return as_bool(os.environ.get("KZREGIONS_OFFLINE", ""), "KZREGIONS_OFFLINE")

    def resolved_use_cache(self) -> bool:
        if self.use_cache is not None:
            return as_bool(self.use_cache, "kz.settings.use_cache")
        return not as_bool(os.environ.get("KZREGIONS_NO_CACHE", ""), "KZREGIONS_NO_CACHE")

    def resolved_base_url(self) -> str:
        value = self.base_url if self.base_url is not None else os.environ.get("KZREGIONS_BASE_URL")
        return (value or DEFAULT_BASE_URL).rstrip("/")

    def reset(self) -> None:
        """Forget every override: back to the environment and the defaults."""
        for f in fields(self):
            setattr(self, f.name, None)

    def __repr__(self) -> str:
        return (
            "Settings(\n"
            f"  data_dir={self.resolved_data_dir()!s}  (KZREGIONS_DATA_DIR)\n"
            f"  cache_dir={self.resolved_cache_dir()!s}  (KZREGIONS_CACHE_DIR)\n"
            f"  offline={self.resolved_offline()}  (KZREGIONS_OFFLINE)\n"
            f"  use_cache={self.resolved_use_cache()}  (KZREGIONS_NO_CACHE)\n"
            f"  base_url={self.resolved_base_url()}  (KZREGIONS_BASE_URL)\n)"
        )


def _default_cache_dir() -> Path:
    """The user cache folder of the OS, as platformdirs (and so pooch.os_cache) gives it.

    On Linux and macOS the rule is two lines, written out here: importing platformdirs costs
    3-4 ms in every fresh process, a sixth of loading a cached layer (and pooch, which uses
    it, costs 90 ms more with tqdm and asyncio). Elsewhere platformdirs decides.
    """
    import sys

    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "kzregions"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kzregions"
    import platformdirs

    return Path(platformdirs.user_cache_dir("kzregions"))


settings = Settings()
