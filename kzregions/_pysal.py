"""PySAL imported without numba's compile cost.

esda and libpysal use numba when it can be imported, and giddy (issue 23) brings numba in
through quantecon. esda's permutation kernels are then compiled on the first Moran's I of
every process: measured here 77 s on a quiet machine and 242 s at load 7, for the 20 to 224
units kzregions ever tests, where esda's pure-Python path takes well under a second (it was
the only path in 0.2, when numba was not installed). So libpysal and esda are imported with
numba hidden, and bind their pure-Python fallbacks; numba stays importable for anything else
(quantecon) afterwards. A user who imported esda before kzregions keeps their own import.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def _numba_hidden() -> Iterator[None]:
    saved = {k: m for k, m in sys.modules.items() if k == "numba" or k.startswith("numba.")}
    sys.modules["numba"] = None  # type: ignore[assignment]  # `import numba` raises ImportError
    try:
        yield
    finally:
        del sys.modules["numba"]
        sys.modules.update(saved)


def esda() -> ModuleType:
    """``esda`` (and ``libpysal``), imported on their pure-Python paths if not imported yet."""
    if "esda" not in sys.modules or "libpysal" not in sys.modules:
        with _numba_hidden(), warnings.catch_warnings():
            # esda imports tqdm.auto, which warns in a Jupyter kernel without ipywidgets about
            # progress bars kzregions never shows
            warnings.filterwarnings("ignore", message=".*IProgress not found.*")
            import esda as mod
            import libpysal  # noqa: F401
        return mod
    return sys.modules["esda"]


def libpysal() -> ModuleType:
    """``libpysal``, imported as :func:`esda` does."""
    esda()
    return sys.modules["libpysal"]
