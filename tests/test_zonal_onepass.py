"""Percentiles in one pass (values held per zone, issue 25) equal the histogram passes, bit
for bit, on float32 and integer rasters, with nodata, overlapping zones and coverage
weights; the histogram passes still serve when the held values would be too many."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.transform import from_origin

import kzregions as kz
from kzregions import zonal
from kzregions._crs import METRIC

STATS = ["count", "sum", "mean", "min", "max", "std", "median", "p90", "p0", "p100", "p33.3"]


def _zones(rng, n):
    boxes = []
    for _ in range(n):
        x, y = rng.uniform(0, 2500, 2)
        boxes.append(shapely.box(x, y, x + rng.uniform(50, 1500), y + rng.uniform(50, 1500)))
    return gpd.GeoDataFrame({"kato": [f"z{i}" for i in range(n)]}, geometry=boxes, crs=METRIC)


def _both(raster, z, monkeypatch, **kw):
    held = kz.zonal_stats(raster, z, stats=STATS, **kw)
    monkeypatch.setattr(zonal._Held, "HELD_BYTES", 0)  # nothing fits: the histogram passes
    passes = kz.zonal_stats(raster, z, stats=STATS, **kw)
    monkeypatch.undo()
    return held, passes


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["float32", "float64", "int16"]), st.booleans())
def test_one_pass_equals_the_histogram_passes(seed, dtype, coverage):
    rng = np.random.default_rng(seed)
    arr = rng.normal(100, 30, (300, 300))
    arr[rng.random(arr.shape) < 0.05] = -9999  # nodata holes
    if dtype == "float32":
        arr[rng.random(arr.shape) < 0.01] = np.nan
    arr = arr.astype(dtype)
    r = kz.Raster(arr, from_origin(0, 3000, 10, 10), METRIC, nodata=-9999)
    z = _zones(rng, int(rng.integers(1, 8)))  # boxes overlap: the per-zone way too
    with pytest.MonkeyPatch.context() as mp:
        held, passes = _both(r, z, mp, block=64, coverage=coverage)
    pd.testing.assert_frame_equal(held, passes, check_exact=True)
    # and against numpy on the cells whose centre is in the first zone
    if not coverage:
        x0, y0, x1, y1 = z.geometry.iloc[0].bounds
        cols = (np.arange(300) + 0.5) * 10
        rows = 3000 - (np.arange(300) + 0.5) * 10
        inside = ((rows[:, None] > y0) & (rows[:, None] < y1)) & ((cols[None, :] > x0) & (cols[None, :] < x1))
        v = arr.astype("float64")[inside]
        v = v[(v != -9999) & ~np.isnan(v)]
        if len(v):
            assert held.iloc[0]["p90"] == np.percentile(v, 90)
            assert held.iloc[0]["median"] == np.median(v)


def test_the_one_pass_is_taken_only_within_its_memory_bound(monkeypatch):
    r = kz.Raster(np.arange(40000, dtype="float32").reshape(200, 200), from_origin(0, 2000, 10, 10), METRIC)
    z = _zones(np.random.default_rng(1), 3)
    src = zonal._Source(r)
    plan = zonal._plan(src, zonal._zone_geoms(z, src), 64, False)
    assert len(plan) > 1 and zonal._Held.fits(plan)
    added = []
    real_add = zonal._Held.add
    monkeypatch.setattr(zonal._Held, "add", lambda self, i, items: added.append(i) or real_add(self, i, items))
    want = kz.zonal_stats(r, z, stats=["p90"], block=64)
    assert added == list(range(len(plan)))  # every window went through the held values
    monkeypatch.setattr(zonal._Held, "HELD_BYTES", 8 * 64 * 64 - 1)  # less than one window
    assert not zonal._Held.fits(plan)
    added.clear()
    pd.testing.assert_frame_equal(kz.zonal_stats(r, z, stats=["p90"], block=64), want, check_exact=True)
    assert added == []  # the histogram passes
