"""Peak memory of zonal statistics on a 20000 x 20000 raster (1.6 GB of float32 cells).

Writes the raster (see bench_zonal.py), then runs ``kz.zonal_stats`` with mean, sum,
count, median and p90 over the 224 districts in a fresh process and reports that process's
peak resident memory: it must stay far below the size of the raster, because the raster is
read block by block and percentiles are found through per-zone histograms.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_zonal_memory.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import resource, sys, time, tracemalloc
import kzregions as kz
zones = kz.districts(2024)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
t = time.perf_counter()
out = kz.zonal_stats(sys.argv[1], zones, stats=["mean", "sum", "count", "median", "p90"], progress=False)
dt = time.perf_counter() - t
traced = tracemalloc.get_traced_memory()[1]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{dt:.1f} {base / 1024:.0f} {peak / 1024:.0f} {int(out['count'].sum())} {traced / 2**20:.0f}")
"""


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_zonal import make_raster

    size = 1000 if "--quick" in sys.argv else 20000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.tif"
        t = time.perf_counter()
        make_raster(path, size)
        print(f"written in {time.perf_counter() - t:.0f} s; cells in memory would take {size * size * 4 / 2**20:,.0f} MiB")
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
        dt, base, peak, cells, traced = out.stdout.split()
        print(f"zonal_stats (mean, sum, count, median, p90; 224 districts; {int(cells):,} cells counted): {dt} s")
        print(f"peak of the arrays the call allocated (tracemalloc, numpy included): {traced} MiB")
        print(f"peak resident memory of the process: {peak} MiB ({base} MiB already reached before the call, "
              "by imports and layers; GDAL's block cache is held to 64 MiB)")
        ok = float(peak) - float(base) < 400
        if size >= 10000:  # a small raster fits in memory many times over: only big ones tell
            ok &= float(traced) < size * size * 4 / 2**20 / 10
        print("stays far below the raster's size" if ok else "TOO MUCH MEMORY")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
