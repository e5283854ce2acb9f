"""Test set-up: real data from the geokz mirror, a private cache per test session.

The suite needs KZREGIONS_DATA_DIR to name a folder with the geokz files (CI sets it to
../shared/data/boundaries/geokz). Without it the tests fail with that instruction rather
than skip: a skipped data test would pass without testing anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MIRROR = os.environ.get("KZREGIONS_DATA_DIR")
if MIRROR:
    # README's command gives the mirror relative to the clone (../shared/...); tests that run
    # code in a temporary folder (README blocks, the contract harness) must still find it
    MIRROR = os.environ["KZREGIONS_DATA_DIR"] = str(Path(MIRROR).resolve())


def pytest_configure(config):
    # esda and libpysal on their pure-Python paths for the whole session, as kzregions itself
    # imports them (kzregions/_pysal.py: numba, brought by giddy, compiles esda's kernels for a
    # minute or more per process); test modules that import esda then get the same module
    from kzregions import _pysal

    _pysal.esda()
    if not MIRROR or not (Path(MIRROR) / "kaz_admbnda_adm0_2018.shp").is_file():
        raise pytest.UsageError(
            "set KZREGIONS_DATA_DIR to the folder holding the geokz files, e.g. "
            "KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python -m pytest"
        )


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Each run builds its own fast-load cache: nothing leaks in from the user's cache."""
    cache = tmp_path_factory.mktemp("kzcache")
    old = os.environ.get("KZREGIONS_CACHE_DIR")
    os.environ["KZREGIONS_CACHE_DIR"] = str(cache)
    os.environ.pop("KZREGIONS_OFFLINE", None)
    os.environ.pop("KZREGIONS_NO_CACHE", None)
    yield cache
    if old is None:
        os.environ.pop("KZREGIONS_CACHE_DIR", None)
    else:
        os.environ["KZREGIONS_CACHE_DIR"] = old


@pytest.fixture
def mirror() -> Path:
    return Path(MIRROR)


@pytest.fixture
def settings():
    """kz.settings, reset after the test."""
    import kzregions as kz

    kz.settings.reset()
    yield kz.settings
    kz.settings.reset()


# Property tests (hypothesis). The README's test command must pass every time, in any clone:
# - "default" (loaded always): derandomized, so a run is the same run everywhere and its log
#   reproduces it; no example database, so a failure stored by an earlier run (.hypothesis/)
#   can never make later runs fail.
# - "explore": random draws for `.ci/run`'s seed step (`-m hypothesis --hypothesis-profile=explore
#   --hypothesis-seed=N` over a few N); no shrinking phase, so a failing draw is reported at once
#   with its seed (hypothesis otherwise shrinks for up to 5 minutes) and is rerun with that seed.
from hypothesis import Phase  # noqa: E402
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("default", derandomize=True, database=None, print_blob=True)
_hsettings.register_profile("ci", parent=_hsettings.get_profile("default"))
_hsettings.register_profile("explore", derandomize=False, database=None, print_blob=True,
                            phases=[Phase.explicit, Phase.generate, Phase.target])
_hsettings.load_profile("default")
