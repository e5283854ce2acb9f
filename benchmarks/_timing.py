"""Timing shared by the benchmarks that compare kzregions with a plain baseline in one run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def alternate_medians(ours: Callable[[], object], bare: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of ``ours`` and ``bare`` after one warm-up each, run alternately so that
    machine noise hits both alike."""
    for f in (ours, bare):  # warm-up: font cache, imports, fast-load cache
        f()
    to: list[float] = []
    tb: list[float] = []
    for _ in range(repeat):
        for f, acc in ((ours, to), (bare, tb)):
            t = time.perf_counter()
            f()
            acc.append(time.perf_counter() - t)
    return statistics.median(to), statistics.median(tb)
