"""Out of core: ``kz.aggregate`` of 100M points in 80 GeoParquet files, in one process.

The files (WKB points, 1.25M rows each in row groups of about 1M, half clustered around
the administrative centres and half uniform, see bench_assign.make_points) are written
into a temporary folder, file by file, and deleted afterwards: no data is committed.

Each size runs in a fresh process that reports its time and its peak resident memory
(VmHWM, whole process: interpreter, libraries, layer, point index and batches). Target:
peak under 1 GB at 100M points, time linear in points (seconds per million points about
equal at 10M and 100M). The floor printed beside it is pyarrow reading the geometry
column of the same files, also in a fresh process.

dask: ``kz.assign`` takes a dask(-geopandas) collection lazily, one task per partition
with the index shipped once. It pays only where there is more than one machine or many
idle cores: on one machine the streaming path above already keeps memory bounded and
overlaps reading with labelling, and a dask LocalCluster adds process start-up, pickling
of the index (25 MB) to every worker and scheduler overhead per partition (bench_assign
measures both on the same files).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_outofcore.py [--quick]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import load_average, parser  # the benchmarks folder is on the path of a script run from it

CHILD = r"""
import json, sys, time
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
method, folder = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if method == "aggregate":
    import kzregions as kz
    kz.districts(2024)
    from kzregions import points
    points.point_index(2, 2024)
    t = time.perf_counter()
    agg = kz.aggregate(folder + "/*.parquet", level=2, values={"id": ["count", "sum"]}, geometry=False)
    n = int(agg["n_points"].sum())
    rep = agg.attrs["assign_report"]
    extra = {"assigned": n, "outside": rep.outside, "n_points": rep.n_points}
else:
    import glob
    import pyarrow.parquet as pq
    t = time.perf_counter()
    n = 0
    for f in sorted(glob.glob(folder + "/*.parquet")):
        pf = pq.ParquetFile(f)
        for i in range(pf.num_row_groups):  # one row group at a time, as the streaming path
            n += pf.read_row_group(i, columns=["geometry"]).num_rows
    extra = {"n_points": n}
print(json.dumps({"method": method, "seconds": round(time.perf_counter() - t, 2), "peak_mb": round(peak_mb()), **extra}))
"""


def run(method: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, method, str(folder)], capture_output=True, text=True,
                         check=False)
    if out.returncode:
        return {"method": method, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = parser(__doc__, repeat=1)
    ap.add_argument("--files", type=int, default=80)
    ap.add_argument("--per-file", type=int, default=1_250_000)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    if args.quick:
        args.files, args.per_file = 2, 50_000
    sizes = sorted({max(1, args.files // 10), args.files})
    rows = []
    with tempfile.TemporaryDirectory(prefix="kz-outofcore-") as tmp:
        folder = Path(tmp)
        written = 0
        for n_files in sizes:
            t = time.perf_counter()
            write_files_range(folder, written, n_files, args.per_file)
            written = n_files
            print(f"{n_files} files, {n_files * args.per_file:,} points written in {time.perf_counter() - t:.0f} s",
                  flush=True)
            for _ in range(max(1, args.repeat)):
                for method in ("aggregate", "floor"):  # interleaved
                    r = run(method, folder)
                    r["files"] = n_files
                    rows.append(r)
                    print(json.dumps(r), flush=True)
    print(load_average())
    ok = True
    for n_files in sizes:
        agg = [r for r in rows if r["files"] == n_files and r["method"] == "aggregate" and "seconds" in r]
        flo = [r for r in rows if r["files"] == n_files and r["method"] == "floor" and "seconds" in r]
        if not agg or not flo:
            ok = False
            continue
        n = agg[0]["n_points"]
        a, f = min(r["seconds"] for r in agg), min(r["seconds"] for r in flo)
        peak = max(r["peak_mb"] for r in agg)
        ok &= n == n_files * args.per_file
        print(f"{n:>12,} points: aggregate {a:.1f} s ({a / n * 1e6 * 1e3:.0f} ns per point), peak {peak} MB; "
              f"reading the geometry alone {f:.1f} s -> {a / f:.2f}x the floor")
        if n_files == sizes[-1] and not args.quick:
            ok &= peak < 1024
    print("meets" if ok else "MISSES", "the targets (all points counted; peak under 1 GB at the largest size)")
    return 0 if ok else 1


def write_files_range(folder: Path, start: int, stop: int, per_file: int) -> None:
    """Files number ``start`` .. ``stop - 1`` (the smaller size's files are reused)."""
    from bench_assign import write_geoparquet

    for i in range(start, stop):
        sub = folder / f"tmp-{i}"
        sub.mkdir()
        write_geoparquet(sub, per_file, parts=1, seed=1000 + i, first_id=i * per_file)
        (sub / "part-0.parquet").rename(folder / f"part-{i:03d}.parquet")
        sub.rmdir()


if __name__ == "__main__":
    sys.exit(main())
