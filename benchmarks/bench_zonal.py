"""Benchmark: zonal statistics over the 224 districts on a 10000 x 10000 raster.

Compares ``kz.zonal_stats`` with rasterstats (the reference implementation; exactextract
too if installed, once, for scale) in the same run, on the same GeoTIFF, for count, mean,
min, max and p90, interleaved over the repetitions (min and median, load average). The
raster is written once into a temporary folder: float32, 256x256 deflate tiles, in the
equidistant conic for Kazakhstan (296 m cells at 10000), a smooth field with noise and
nodata holes. Target (issue 25): at least 1.5x faster than rasterstats, same answers.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_zonal.py [--size 10000] [--quick]
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

from _timing import (  # the benchmarks folder is on the path of a script run from it
    interleaved,
    load_average,
    parser,
)

STATS = ["count", "mean", "min", "max", "p90"]
RS_STATS = ["count", "mean", "min", "max", "percentile_90"]


def make_raster(path: Path, size: int) -> None:
    """A size x size float32 GeoTIFF over Kazakhstan, written block by block."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    import kzregions as kz
    from kzregions._crs import METRIC

    minx, miny, maxx, maxy = kz.country().to_crs(METRIC).total_bounds
    side = max(maxx - minx, maxy - miny)
    res = side / size
    transform = from_origin(minx, maxy, res, res)
    rng = np.random.default_rng(0)
    profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="float32", crs=METRIC,
                   transform=transform, nodata=-9999.0, tiled=True, blockxsize=256, blockysize=256,
                   compress="deflate", BIGTIFF="YES")
    with rasterio.open(path, "w", **profile) as dst:
        step = 1024
        for r0 in range(0, size, step):
            h = min(step, size - r0)
            rows = np.arange(r0, r0 + h)[:, None]
            cols = np.arange(size)[None, :]
            field = (100 + 50 * np.sin(rows / 700.0) * np.cos(cols / 900.0)
                     + rng.normal(0, 5, (h, size))).astype("float32")
            field[(rows % 997 < 3) & (cols % 991 < 3)] = -9999.0  # nodata holes
            dst.write(field, 1, window=Window(0, r0, size, h))
    print(f"raster {size}x{size}, {res:.0f} m cells, {path.stat().st_size / 1e6:.0f} MB on disk")


def main() -> int:
    ap = parser(__doc__, repeat=3)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--target", type=float, default=1.5, help="floor of rasterstats / ours")
    ap.add_argument("--no-percentile", action="store_true", help="count, mean, min, max only (one pass)")
    args = ap.parse_args()
    stats, rs_stats = (STATS[:4], RS_STATS[:4]) if args.no_percentile else (STATS, RS_STATS)
    if args.quick:
        args.size, args.repeat = 1000, 1
    import numpy as np
    import pandas as pd
    from rasterstats import zonal_stats as rs_zonal

    import kzregions as kz

    zones = kz.districts(2024)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.tif"
        t = time.perf_counter()
        make_raster(path, args.size)
        print(f"written in {time.perf_counter() - t:.0f} s; {load_average()}")
        import rasterio

        with rasterio.open(path) as ds:
            z_native = zones.to_crs(ds.crs)
        res = {}
        t = interleaved({
            "kz.zonal_stats": lambda: res.__setitem__(
                "ours", kz.zonal_stats(path, zones, stats=stats, progress=False)),
            "rasterstats": lambda: res.__setitem__(
                "ref", pd.DataFrame(rs_zonal(z_native, str(path), stats=rs_stats), index=zones["kato"])),
        }, args.repeat, warmup=False)
        ours, ref = res["ours"], res["ref"].rename(columns={"percentile_90": "p90"})
        diffs = {c: float(np.nanmax(np.abs(ours[c] - ref[c]) / np.abs(ref[c]).clip(1e-12))) for c in stats}
        print(t.table())
        print("max relative difference per statistic: " + ", ".join(f"{c} {d:.1e}" for c, d in diffs.items()))
        if not args.quick:
            try:
                import exactextract

                t0 = time.perf_counter()
                exactextract.exact_extract(str(path), z_native, ["count", "mean", "min", "max"], output="pandas")
                print(f"exactextract     {time.perf_counter() - t0:7.1f} s   (coverage-weighted, for scale)")
            except ImportError:
                pass
    lo, med = t.ratio("rasterstats", "kz.zonal_stats")
    same = all(math.isfinite(d) and d < 1e-6 for d in diffs.values())
    verdict = "meets" if med >= args.target else "MISSES"
    print(f"rasterstats / ours: {lo:.2f}x (minima), {med:.2f}x (medians): {verdict} the {args.target}x floor; "
          + ("same answers" if same else "ANSWERS DIFFER"))
    print(load_average())
    return 0 if same and (med >= args.target or args.quick) else 1


if __name__ == "__main__":
    sys.exit(main())
