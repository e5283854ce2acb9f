"""Timing shared by the benchmarks that compare kzregions with a plain baseline in one run.

The machine these run on is often shared, so a single time means little. Every comparison
here runs its cases *interleaved* (ours, baseline, ours, baseline, ...) so that a burst of
load hits both alike, and reports the minimum (the least disturbed run) and the median of
each, the ratios of both, and the load average over the run. Benchmarks never assert a
time in the test suite: ``--quick`` runs check that a benchmark still runs and agrees with
its baseline, not how fast it is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def load_average() -> str:
    """The 1/5/15-minute load average and the CPU count, as printed next to every figure."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "load average n/a"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"


@dataclass
class Timings:
    """Seconds of each repetition per case, in the order the cases were given."""

    runs: dict[str, list[float]]
    load_before: str
    load_after: str

    def min(self, case: str) -> float:
        return min(self.runs[case])

    def median(self, case: str) -> float:
        return statistics.median(self.runs[case])

    def ratio(self, slow: str, fast: str) -> tuple[float, float]:
        """(ratio of the minima, ratio of the medians) of ``slow`` over ``fast``."""
        return self.min(slow) / self.min(fast), self.median(slow) / self.median(fast)

    def table(self) -> str:
        rows = [f"{'case':34} {'min':>9} {'median':>9}  runs"]
        for case, ts in self.runs.items():
            rows.append(f"{case:34} {min(ts):8.3f}s {statistics.median(ts):8.3f}s  {len(ts)}")
        rows.append(f"before: {self.load_before}; after: {self.load_after}")
        return "\n".join(rows)


def interleaved(cases: dict[str, Callable[[], object]], repeat: int, warmup: bool = True) -> Timings:
    """Run every case ``repeat`` times, alternating between cases, after one warm-up each
    (imports, font cache, fast-load cache) unless ``warmup=False``."""
    before = load_average()
    if warmup:
        for f in cases.values():
            f()
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(max(1, repeat)):
        for name, f in cases.items():
            t = time.perf_counter()
            f()
            runs[name].append(time.perf_counter() - t)
    return Timings(runs, before, load_average())


def alternate_medians(ours: Callable[[], object], bare: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of ``ours`` and ``bare`` after one warm-up each, run alternately so that
    machine noise hits both alike."""
    t = interleaved({"ours": ours, "bare": bare}, repeat)
    return t.median("ours"), t.median("bare")


def parser(doc: str | None, repeat: int) -> argparse.ArgumentParser:
    """An argument parser with the options every benchmark has: ``--quick`` (small sizes, one
    repetition: proves the benchmark runs, for CI) and ``-n/--repeat``."""
    ap = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0] if doc else None)
    ap.add_argument("--quick", action="store_true", help="small sizes, one repetition (CI: the benchmark runs)")
    ap.add_argument("-n", "--repeat", type=int, default=repeat, help="interleaved repetitions per case")
    return ap
