"""Benchmark: loading a layer from kzregions' fast-load cache vs geopandas, fresh processes.

Both sides run in fresh processes (the cost users pay at the start of every script or
notebook kernel). Each child first imports geopandas, shapely, pyproj, pandas and numpy,
which every side needs, then times only the load: ``import kzregions; kz.districts(2024)``
(the harmonised, repaired layer from the fast-load cache) against

- ``geopandas.read_file`` of the raw shapefile (what a notebook without kzregions does:
  the issue's baseline; target: ours <= 0.33 of its time). This is *cache vs raw*: ours
  returns the harmonised layer without redoing the harmonisation, the baseline parses the
  unharmonised shapefile, so it measures what a user waits for, not equal work;
- ``geopandas.read_parquet`` of the same harmonised layer written as GeoParquet (the
  like-for-like *cache vs cache*: the fastest cache a geopandas user would write).

Raw vs raw (harmonising from the shapefiles with an empty cache) is measured by
bench_assign's empty-cache run. The cases alternate so that machine noise hits both alike;
figures are the minimum and the median of each side, with the load average.

Two configurations: ``KZREGIONS_CACHE_DIR`` set, and the default one a user has (the
variable unset, so the cache folder is found through platformdirs; ``XDG_CACHE_HOME``
points it at a temporary folder so the benchmark leaves the real user cache alone).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_load.py [--quick]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import load_average, parser  # the benchmarks folder is on the path of a script run from it

CASES = {
    "districts 2024": ("kz.districts(2024)", "kaz_admbnda_adm2_2024.shp"),
    "districts 2018": ("kz.districts(2018)", "kaz_admbnda_adm2_2018.shp"),
    "oblasts 2024": ("kz.oblasts(2024)", "kaz_admbnda_adm1_2024.shp"),
}

PRE = "import time, geopandas, shapely, pyproj, pandas, numpy\n"
OURS = PRE + """
t, c = time.perf_counter(), time.process_time()
import kzregions as kz
gdf = {call}
print(time.perf_counter() - t, time.process_time() - c, len(gdf))
"""
RAW = PRE + """
t, c = time.perf_counter(), time.process_time()
gdf = geopandas.read_file({path!r})
print(time.perf_counter() - t, time.process_time() - c, len(gdf))
"""
PARQUET = PRE + """
t, c = time.perf_counter(), time.process_time()
gdf = geopandas.read_parquet({path!r})
print(time.perf_counter() - t, time.process_time() - c, len(gdf))
"""


def child(code: str, env: dict) -> tuple[float, float, int]:
    """(seconds, CPU seconds, rows) of the timed part of a fresh process."""
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    seconds, cpu, n = out.stdout.split()
    return float(seconds), float(cpu), int(n)


def _mm(ts: list[float]) -> str:
    return f"{min(ts) * 1000:6.1f} / {statistics.median(ts) * 1000:6.1f} ms"


def main() -> int:
    ap = parser(__doc__, repeat=15)
    ap.add_argument("--target", type=float, default=0.33, help="ceiling of ours / read_file")
    args = ap.parse_args()
    cases = dict(list(CASES.items())[:1]) if args.quick else CASES
    if args.quick:
        args.repeat = 1
    mirror = os.environ.get("KZREGIONS_DATA_DIR")
    if not mirror:
        sys.exit("set KZREGIONS_DATA_DIR to the geokz folder")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' interpreters cache bytecode
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as xdg:
        # quick: the cache the caller has (building one from the shapefiles takes 10-40 s)
        cache = env["KZREGIONS_CACHE_DIR"] if args.quick and env.get("KZREGIONS_CACHE_DIR") else tmp
        set_env = {**env, "KZREGIONS_CACHE_DIR": cache}
        default_env = {k: v for k, v in env.items() if k != "KZREGIONS_CACHE_DIR"}
        default_env["XDG_CACHE_HOME"] = xdg
        print(f"python {sys.version.split()[0]}, {args.repeat} fresh processes per side and case; {load_average()}")
        configs = (("KZREGIONS_CACHE_DIR set", set_env),) if args.quick else (
            ("KZREGIONS_CACHE_DIR set", set_env), ("default cache folder", default_env))
        for label, cenv in configs:
            # warm-up: builds the fast-load cache, compiles bytecode, fills the OS file cache,
            # and writes each harmonised layer as GeoParquet for the cache-vs-cache baseline
            calls = "; ".join(f"{call}.to_parquet({str(Path(tmp) / (shp + '.parquet'))!r})"
                              for call, shp in cases.values())
            subprocess.run([sys.executable, "-c", "import kzregions as kz; " + calls], env=cenv, check=True)
            print(f"\n{label}   (min / median of fresh processes)")
            print(f"{'case':16} {'kzregions (cache)':>19} {'read_file (raw)':>19} {'read_parquet':>19} "
                  f"{'ours/raw':>9} {'ours/parquet':>13}")
            for name, (call, shp) in cases.items():
                ours, raw, pq, cpu_o, cpu_r = [], [], [], [], []
                for _ in range(args.repeat):
                    s, c, n1 = child(OURS.format(call=call), cenv)
                    ours.append(s)
                    cpu_o.append(c)
                    s, c, n2 = child(RAW.format(path=str(Path(mirror) / shp)), cenv)
                    raw.append(s)
                    cpu_r.append(c)
                    s, c, n3 = child(PARQUET.format(path=str(Path(tmp) / (shp + ".parquet"))), cenv)
                    pq.append(s)
                    assert n1 == n2 == n3, (n1, n2, n3)
                ratio = statistics.median(ours) / statistics.median(raw)
                worst = max(worst, ratio)
                print(f"{name:16} {_mm(ours):>19} {_mm(raw):>19} {_mm(pq):>19} {ratio:8.2f}x "
                      f"{statistics.median(ours) / statistics.median(pq):12.2f}x   CPU time ours/raw "
                      f"{statistics.median(cpu_o) / statistics.median(cpu_r):.2f}x "
                      f"({statistics.median(cpu_o) * 1000:.0f} vs {statistics.median(cpu_r) * 1000:.0f} ms)")
    print(load_average())
    verdict = "meets" if worst <= args.target else "MISSES"
    print(f"\nslowest ratio ours / read_file {worst:.2f} (medians): {verdict} the {args.target:.2f} ceiling")
    return 0 if worst <= args.target or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
