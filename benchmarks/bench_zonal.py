"""Benchmark: zonal statistics over the 224 districts on a 10000 x 10000 raster.

Compares ``kz.zonal_stats`` with rasterstats (the reference implementation; exactextract
too if installed) in the same run, on the same GeoTIFF, for mean, sum and count. The
raster is written once into a temporary folder: float32, 256x256 deflate tiles, in the
equidistant conic for Kazakhstan (296 m cells), a smooth field with noise and nodata
holes. Target: no slower than 1.5x rasterstats.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_zonal.py [--size 10000]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path


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
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--target", type=float, default=1.5)
    args = ap.parse_args()
    import numpy as np
    import pandas as pd
    from rasterstats import zonal_stats as rs_zonal

    import kzregions as kz

    zones = kz.districts(2024)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.tif"
        t = time.perf_counter()
        make_raster(path, args.size)
        print(f"written in {time.perf_counter() - t:.0f} s")
        import rasterio

        with rasterio.open(path) as ds:
            z_native = zones.to_crs(ds.crs)
        t = time.perf_counter()
        ours = kz.zonal_stats(path, zones, stats=["mean", "sum", "count"], progress=False)
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        ref = pd.DataFrame(rs_zonal(z_native, str(path), stats=["mean", "sum", "count"]), index=zones["kato"])
        t_ref = time.perf_counter() - t
        diff = float(np.nanmax(np.abs(ours["mean"] - ref["mean"]) / ref["mean"]))
        cnt = int((ours["count"] - ref["count"]).abs().max())
        print(f"kz.zonal_stats   {t_ours:7.1f} s")
        print(f"rasterstats      {t_ref:7.1f} s   (max relative difference of means {diff:.1e}, counts {cnt})")
        try:
            import exactextract

            t = time.perf_counter()
            exactextract.exact_extract(str(path), z_native, ["mean", "sum", "count"], output="pandas")
            print(f"exactextract     {time.perf_counter() - t:7.1f} s   (coverage-weighted, for scale)")
        except ImportError:
            pass
    ratio = t_ours / t_ref
    verdict = "meets" if ratio <= args.target else "MISSES"
    print(f"ratio to rasterstats {ratio:.2f}x: {verdict} the {args.target}x ceiling")
    return 0 if ratio <= args.target and math.isfinite(diff) else 1


if __name__ == "__main__":
    sys.exit(main())
