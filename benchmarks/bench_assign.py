"""kz.assign against geopandas.sjoin(predicate="within"), measured in the same run.

Points: half clustered around the 21 administrative centres of 2024 (normal, sd 0.3 deg
longitude / 0.2 deg latitude, as located records are), half uniform over 46-88 E, 40-56 N
("mixed"); also all clustered at 1M. Each measurement runs in a fresh process that first
makes the points (and, for the baselines, nothing else), then reports the time and the
peak resident memory above what it held before the call (the kernel's VmHWM, reset just
before the call; for dask only the client process is measured, not the workers).

Methods
-------
assign        kz.assign(DataFrame with lon/lat columns): coordinate arrays, grid index
sjoin         geopandas.points_from_xy + sjoin(how="left", predicate="within")
files         kz.assign("dir/*.parquet"): 8 GeoParquet files (WKB points) read as coordinates
files-sjoin   geopandas.read_parquet of the same files + sjoin
dask          kz.assign(dask_geopandas.read_parquet(dir)) counted on a LocalCluster(2 worker processes)
dask-wkb      kz.assign(dask.dataframe.read_parquet(dir, dtype_backend="pyarrow"), crs=4326): WKB
              kept as Arrow bytes and decoded with numpy, same cluster
dask-sjoin    dask_geopandas.sjoin(..., predicate="within").compute() on the same cluster (an
              inner join: it drops the points outside every unit)
Index: build time (layer already cached), load time from the cache in a fresh process, size.

Ratios (issue 25), measured in one process with the cases interleaved (min and median over
the repetitions, with the load average):

frame         kz.assign(GeoDataFrame of 1M clustered points) vs sjoin(predicate="within") on
              the same frame: target >= 25x; with 10 % of the points exactly on boundary
              vertices or edge midpoints (every one of them tested exactly): >= 15x. Both
              identical to sjoin on every point.
files         10M points in 8 GeoParquet files, kz.assign end to end vs the floor, pyarrow
              reading the geometry column alone (and geometry + id against assign keeping id):
              target <= 2x.
index         first assign in a fresh process with an empty cache (layers + index built):
              target <= 3 s; the index alone; the index loaded from the cache.

Then, unless --no-memory, the fresh-process runs above (time and peak memory per method).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_assign.py [--quick]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import (  # the benchmarks folder is on the path of a script run from it
    interleaved,
    load_average,
    parser,
)

CHILD = r"""
import json, resource, sys, time
import numpy as np


def rss_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])


def reset_peak():
    # the kernel's peak (VmHWM) restarts from the current RSS, so memory that making the
    # points used and freed does not hide what the measured call needs
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return rss_kb("VmRSS"), True
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, False


def peak_kb(hwm):
    return rss_kb("VmHWM") if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

method, n, kind, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sys.path.insert(0, sys.argv[5])
from bench_assign import make_points
import pandas as pd
import kzregions as kz
kz.districts(2024)  # the layer itself is not what is measured
if method in ("assign", "sjoin"):
    x, y = make_points(n, kind)
    df = pd.DataFrame({"lon": x, "lat": y}, copy=False)
    del x, y
units = kz.districts(2024)[["kato", "geometry"]]
if method == "assign":
    from kzregions import points as _p
    _p.point_index(2, 2024)  # the cached index is loaded in the fresh process; timed below
    _p._memo.clear()
base, hwm = reset_peak()
t = time.perf_counter()
if method == "assign":
    out = kz.assign(df, level=2)
    n_in = int(out["kato"].notna().sum())
elif method == "sjoin":
    import geopandas as gpd
    pts = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
    t_pts = time.perf_counter() - t
    out = gpd.sjoin(pts, units, predicate="within", how="left")
    n_in = int(out["kato"].notna().sum())
elif method == "files":
    out = kz.assign(folder + "/*.parquet", level=2, columns=["id"])
    n_in = int(out["kato"].notna().sum())
elif method == "files-sjoin":
    import geopandas as gpd, glob
    pts = pd.concat([gpd.read_parquet(f) for f in sorted(glob.glob(folder + "/*.parquet"))], ignore_index=True)
    t_pts = time.perf_counter() - t
    out = gpd.sjoin(pts, units, predicate="within", how="left")
    n_in = int(out["kato"].notna().sum())
elif method in ("dask", "dask-wkb", "dask-sjoin"):
    import dask_geopandas
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    base, hwm = reset_peak()
    t = time.perf_counter()
    if method == "dask-wkb":  # WKB kept as Arrow bytes, decoded by kz.assign with numpy
        import dask.dataframe as dd
        ddf = dd.read_parquet(folder, dtype_backend="pyarrow")
        n_in = int(kz.assign(ddf, level=2, crs=4326)["kato"].count().compute())
    elif method == "dask":
        ddf = dask_geopandas.read_parquet(folder)
        n_in = int(kz.assign(ddf, level=2)["kato"].count().compute())
    else:
        ddf = dask_geopandas.read_parquet(folder)
        n_in = int(len(dask_geopandas.sjoin(ddf, units, predicate="within")))
dt = time.perf_counter() - t
peak = peak_kb(hwm)
if len(sys.argv) > 6 and method in ("assign", "sjoin", "files", "files-sjoin"):
    # every point's answer, as a position in the KATO-sorted list (-1: none), for the parent
    # to compare point by point (after the measurement: it costs nothing measured)
    cats = pd.Index(sorted(units["kato"]))
    k = out["kato"].astype(object)
    if method.endswith("sjoin"):
        assert not out.index.duplicated().any(), "a point within two units"
    np.save(sys.argv[6], cats.get_indexer(k.where(k.notna(), "-")).astype("int16"))
res = {"method": method, "n": n, "kind": kind, "seconds": round(dt, 3),
       "extra_mb": round((peak - base) / 1024, 1), "inside": n_in}
if "t_pts" in dir():
    res["of_which_points_s"] = round(t_pts, 3)
print(json.dumps(res))
"""

INDEX_CHILD = r"""
import json, os, time, sys
import kzregions as kz
from kzregions import points as p
from kzregions._store import SUFFIX
kz.districts(2024)
if sys.argv[1] == "build":
    for f in (kz.settings.resolved_cache_dir() / "layers").glob("points-*" + SUFFIX):
        os.unlink(f)
    t = time.perf_counter(); idx = p.point_index(2, 2024); dt = time.perf_counter() - t
    f = next((kz.settings.resolved_cache_dir() / "layers").glob("points-2-2024-*" + SUFFIX))
    print(json.dumps({"build_s": round(dt, 3), "file_mb": round(f.stat().st_size / 1e6, 1),
                      "memory_mb": round(idx.nbytes / 1e6, 1), "cells": int(idx.labels.size),
                      "boundary_cells": int(len(idx.bcells))}))
else:
    t = time.perf_counter(); p.point_index(2, 2024); dt = time.perf_counter() - t
    print(json.dumps({"load_s": round(dt, 4)}))
"""


def make_points(n: int, kind: str, seed: int = 15):
    """Deterministic test points (EPSG:4326): ``mixed`` (half clustered) or ``clustered``."""
    import numpy as np

    import kzregions as kz

    c = kz.centres(2024)
    cx, cy = c.geometry.x.to_numpy(), c.geometry.y.to_numpy()
    rng = np.random.default_rng(seed)
    nc = n if kind == "clustered" else n // 2
    x = np.empty(n)
    y = np.empty(n)
    k = rng.integers(0, len(c), nc)
    x[:nc] = cx[k] + rng.normal(0, 0.3, nc)
    y[:nc] = cy[k] + rng.normal(0, 0.2, nc)
    x[nc:] = rng.uniform(46, 88, n - nc)
    y[nc:] = rng.uniform(40, 56, n - nc)
    return x, y


def write_geoparquet(folder: Path, n: int, parts: int = 8, seed: int = 15, first_id: int = 0) -> None:
    """``parts`` GeoParquet files of WKB points, written with numpy (no shapely objects)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyproj import CRS

    x, y = make_points(n, "mixed", seed=seed)
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"],
                                    "crs": CRS.from_epsg(4326).to_json_dict()}}}
    rec = np.dtype([("bo", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")])  # packed: 21 bytes
    bounds = np.linspace(0, n, parts + 1).astype(int)
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        w = np.empty(b - a, dtype=rec)
        w["bo"], w["t"], w["x"], w["y"] = 1, 1, x[a:b], y[a:b]
        offsets = np.arange(b - a + 1, dtype=np.int32) * 21
        wkb = pa.Array.from_buffers(pa.binary(), b - a, [None, pa.py_buffer(offsets), pa.py_buffer(w.tobytes())])
        table = pa.table({"id": np.arange(first_id + a, first_id + b), "geometry": wkb})
        table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
        pq.write_table(table, folder / f"part-{i}.parquet")


def run(method: str, n: int, kind: str, folder: str, save: str = "") -> dict:
    here = str(Path(__file__).parent)
    args = [sys.executable, "-c", CHILD, method, str(n), kind, folder, here] + ([save] if save else [])
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode:
        return {"method": method, "n": n, "kind": kind, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def memory_runs(quick: bool) -> None:
    """Fresh processes per method: time and peak memory (the issue 15 figures)."""
    sizes = [20_000] if quick else [100_000, 1_000_000, 10_000_000]
    rows = []

    def show(r):
        rows.append(r)
        print(json.dumps(r), flush=True)

    def same(tmp, a, b):
        pa_, pb_ = Path(tmp) / f"{a}.npy", Path(tmp) / f"{b}.npy"
        if not (pa_.is_file() and pb_.is_file()):
            return "not compared"
        import numpy as np

        d = int((np.load(pa_) != np.load(pb_)).sum())
        return "identical on every point" if d == 0 else f"{d} POINTS DIFFER"

    for n, kind in [(n, "mixed") for n in sizes] + ([] if quick else [(1_000_000, "clustered")]):
        with tempfile.TemporaryDirectory() as res_dir:
            a = run("assign", n, kind, "", f"{res_dir}/assign.npy")
            s = run("sjoin", n, kind, "", f"{res_dir}/sjoin.npy")
            show(a)
            show(s)
            if "seconds" in a and "seconds" in s:
                print(f"  {kind} {n:,}: assign {a['seconds']:.2f} s vs sjoin {s['seconds']:.2f} s "
                      f"-> {s['seconds'] / a['seconds']:.0f}x; {same(res_dir, 'assign', 'sjoin')}", flush=True)
    n = sizes[-1]
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as res_dir:
        t = time.perf_counter()
        write_geoparquet(Path(tmp), n)
        print(f"wrote {n:,} points in 8 GeoParquet files in {time.perf_counter() - t:.1f} s", flush=True)
        res = {m: run(m, n, "mixed", tmp, f"{res_dir}/{m}.npy")
               # quick: no dask (a LocalCluster's start-up alone takes 10-20 s); its path is
               # exercised by tests/test_points.py
               for m in ("files", "files-sjoin") + (() if quick else ("dask", "dask-wkb", "dask-sjoin"))}
        for r in res.values():
            show(r)
        f, fs, d, dw = res["files"], res["files-sjoin"], res.get("dask", {}), res.get("dask-wkb", {})
        if "seconds" in f and "seconds" in fs:
            print(f"  GeoParquet end to end {n:,}: {f['seconds']:.2f} s vs read_parquet+sjoin "
                  f"{fs['seconds']:.2f} s -> {fs['seconds'] / f['seconds']:.0f}x; "
                  f"{same(res_dir, 'files', 'files-sjoin')}", flush=True)
        if "seconds" in f and "seconds" in d and "seconds" in dw:
            print(f"  dask (2 worker processes, 8 partitions): dask_geopandas.read_parquet + kz.assign "
                  f"{d['seconds']:.2f} s; dd.read_parquet(dtype_backend='pyarrow') + kz.assign "
                  f"{dw['seconds']:.2f} s; single process {f['seconds']:.2f} s", flush=True)


def edge_points(x, y, share: float = 0.1, seed: int = 1):
    """Put ``share`` of the points exactly on district boundary vertices (half) and on the
    midpoints of boundary edges (half): the worst case, every one tested exactly."""
    import numpy as np
    import shapely

    import kzregions as kz

    xy = shapely.get_coordinates(kz.districts(2024).geometry.boundary.values)
    rng = np.random.default_rng(seed)
    k = int(len(x) * share)
    i = rng.integers(0, len(xy) - 1, k)
    half = k // 2
    x[:half], y[:half] = xy[i[:half], 0], xy[i[:half], 1]
    a, b = xy[i[half:]], xy[i[half:] + 1]
    x[half:k], y[half:k] = (a[:, 0] + b[:, 0]) / 2, (a[:, 1] + b[:, 1]) / 2
    return x, y


def frame_ratio(n: int, repeat: int, edges: bool) -> tuple[float, float, str]:
    """kz.assign vs sjoin on one GeoDataFrame, interleaved; (ratio of minima, of medians, identity)."""
    import geopandas as gpd
    import numpy as np

    import kzregions as kz

    x, y = make_points(n, "clustered")
    if edges:
        x, y = edge_points(x, y)
    gdf = gpd.GeoDataFrame({"id": np.arange(n)}, geometry=gpd.points_from_xy(x, y), crs=4326)
    units = kz.districts(2024)[["kato", "geometry"]]
    out = {}
    t = interleaved({"kz.assign(gdf)": lambda: out.__setitem__("a", kz.assign(gdf, level=2)),
                     "gpd.sjoin(gdf, districts, within)": lambda: out.__setitem__(
                         "s", gpd.sjoin(gdf, units, predicate="within", how="left"))}, repeat)
    print(t.table())
    s = out["s"]
    assert not s.index.duplicated().any(), "a point within two units"
    a = out["a"]["kato"].astype(object).fillna("-").to_numpy()
    d = int((a != s["kato"].astype(object).fillna("-").to_numpy()).sum())
    lo, med = t.ratio("gpd.sjoin(gdf, districts, within)", "kz.assign(gdf)")
    return lo, med, "identical on every point" if d == 0 else f"{d} POINTS DIFFER"


def files_ratio(n: int, repeat: int) -> None:
    """kz.assign of GeoParquet files vs pyarrow reading them, interleaved."""
    import glob

    import pandas as pd
    import pyarrow.parquet as pq

    import kzregions as kz

    with tempfile.TemporaryDirectory(prefix="kz-bench-files-") as tmp:
        write_geoparquet(Path(tmp), n)
        files = sorted(glob.glob(tmp + "/*.parquet"))
        out = {}
        t = interleaved({
            "floor: read geometry": lambda: [pq.read_table(f, columns=["geometry"]) for f in files],
            "kz.assign(files, columns=[])": lambda: out.__setitem__("a", kz.assign(files, level=2, columns=[])),
            "floor: read geometry + id": lambda: [pq.read_table(f, columns=["geometry", "id"]) for f in files],
            "kz.assign(files, columns=['id'])": lambda: kz.assign(files, level=2, columns=["id"]),
        }, repeat)
        x, y = make_points(n, "mixed")
        same = kz.assign(pd.DataFrame({"lon": x, "lat": y}), level=2)["kato"].astype(object).fillna("-").to_numpy()
        d = int((out["a"]["kato"].astype(object).fillna("-").to_numpy() != same).sum())
    print(t.table())
    lo, med = t.ratio("kz.assign(files, columns=[])", "floor: read geometry")
    lo2, med2 = t.ratio("kz.assign(files, columns=['id'])", "floor: read geometry + id")
    print(f"  GeoParquet {n:,} points, 8 files: assign / floor = {lo:.2f}x (min), {med:.2f}x (median); "
          f"keeping id: {lo2:.2f}x / {med2:.2f}x (target <= 2x); "
          + ("same labels as the DataFrame path" if d == 0 else f"{d} POINTS DIFFER from the DataFrame path"),
          flush=True)


EMPTY_CACHE_CHILD = r"""
import time
import geopandas, shapely, pyproj, pandas, numpy  # imported before the clock, as in bench_load
t = time.perf_counter()
import kzregions as kz
import pandas as pd
out = kz.assign(pd.DataFrame({"lon": [71.43], "lat": [51.13]}), level=2)
print(time.perf_counter() - t)
"""


def index_times(repeat: int, quick: bool) -> None:
    import os

    firsts = []
    if quick:  # building the layers takes 10-40 s on a busy machine: the load is what CI runs
        repeat = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="kz-bench-empty-") as cache:
            env = {**os.environ, "KZREGIONS_CACHE_DIR": cache}
            r = subprocess.run([sys.executable, "-c", EMPTY_CACHE_CHILD], env=env, capture_output=True, text=True,
                               check=True)
            firsts.append(float(r.stdout.split()[-1]))
    if firsts:
        print(f"index: first kz.assign in a fresh process with an empty cache (layers + index built): "
              f"min {min(firsts):.2f} s, median {sorted(firsts)[len(firsts) // 2]:.2f} s (target <= 3 s)",
              flush=True)
        print("index:", subprocess.run([sys.executable, "-c", INDEX_CHILD, "build"], capture_output=True,
                                       text=True, check=True).stdout.strip(), flush=True)
    loads = [json.loads(subprocess.run([sys.executable, "-c", INDEX_CHILD, "load"], capture_output=True,
                                       text=True, check=True).stdout.strip())["load_s"] for _ in range(3)]
    print(f"index: load from cache in a fresh process: {min(loads) * 1000:.0f} ms (best of 3)", flush=True)


def main() -> int:
    ap = parser(__doc__, repeat=5)
    ap.add_argument("--no-memory", action="store_true", help="skip the fresh-process runs")
    args = ap.parse_args()
    n_frame, n_files = (20_000, 40_000) if args.quick else (1_000_000, 10_000_000)
    rep = 1 if args.quick else args.repeat
    print(load_average(), flush=True)
    ok = True
    for edges, target in ((False, 25), (True, 15)):
        lo, med, same = frame_ratio(n_frame, rep, edges)
        what = "10 % on vertices/edges" if edges else "clustered"
        print(f"  frame {n_frame:,} {what}: sjoin / assign = {lo:.1f}x (min), {med:.1f}x (median), "
              f"target >= {target}x; {same}", flush=True)
        ok &= same.startswith("identical")
    files_ratio(n_files, rep)
    index_times(3, args.quick)
    if not args.no_memory:
        memory_runs(args.quick)
    print(load_average())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
