"""Rasters: every statistic on hand-computable grids, windows, coverage, a reference cross-check."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

import kzregions as kz
from kzregions._crs import METRIC
from kzregions.errors import CRSMismatchError

T = from_origin(0, 100, 10, 10)  # 10 x 10 m cells, origin at (0, 100): 10 rows, 10 columns
CRS = METRIC


def zones(*boxes, keys=None):
    keys = keys or [str(i) for i in range(len(boxes))]
    return gpd.GeoDataFrame({"kato": keys}, geometry=[shapely.box(*b) for b in boxes], crs=CRS)


def test_constant_raster():
    r = kz.Raster(np.full((10, 10), 7.0, dtype="float32"), T, CRS)
    z = kz.zonal_stats(r, zones((0, 0, 50, 50), (0, 0, 100, 100)),
                       stats=["count", "sum", "mean", "min", "max", "std", "range", "median", "p90"])
    assert list(z["count"]) == [25, 100]
    assert list(z["sum"]) == [175.0, 700.0]
    for col in ("mean", "min", "max", "median", "p90"):
        assert (z[col] == 7.0).all()
    assert (z["std"] == 0).all() and (z["range"] == 0).all()


def test_gradient_raster_exact_values():
    arr = np.tile(np.arange(10, dtype="float32"), (10, 1))  # value = column index
    r = kz.Raster(arr, T, CRS)
    z = kz.zonal_stats(r, zones((0, 0, 40, 100)), stats=["count", "sum", "mean", "std", "median", "p25", "p90"])
    v = np.repeat(np.arange(4.0), 10)  # columns 0..3, ten rows each
    row = z.iloc[0]
    assert row["count"] == 40 and row["sum"] == v.sum() and row["mean"] == 1.5
    assert row["std"] == pytest.approx(v.std())
    assert row["median"] == np.percentile(v, 50) and row["p25"] == np.percentile(v, 25)
    assert row["p90"] == pytest.approx(np.percentile(v, 90))


def test_nodata_holes_are_not_counted():
    arr = np.arange(100, dtype="float32").reshape(10, 10)
    arr[0, 0] = -1
    arr[5, 5] = np.nan
    r = kz.Raster(arr, T, CRS, nodata=-1)
    z = kz.zonal_stats(r, zones((0, 0, 100, 100)), stats=["count", "sum", "mean", "min"])
    valid = arr[(arr != -1) & ~np.isnan(arr)]
    assert z.iloc[0]["count"] == 98 and z.iloc[0]["sum"] == valid.sum() and z.iloc[0]["min"] == 1.0


def test_zone_smaller_than_a_pixel():
    r = kz.Raster(np.tile(np.arange(10, dtype="float32"), (10, 1)), T, CRS)
    tiny = zones((21, 51, 24, 54))  # 3 x 3 m inside the cell of column 2, missing its centre
    plain = kz.zonal_stats(r, tiny, stats=["count", "mean"])
    assert plain.iloc[0]["count"] == 0 and np.isnan(plain.iloc[0]["mean"])
    touched = kz.zonal_stats(r, tiny, stats=["count", "mean"], all_touched=True)
    assert touched.iloc[0]["count"] == 1 and touched.iloc[0]["mean"] == 2.0
    cov = kz.zonal_stats(r, tiny, stats=["count", "mean", "sum"], coverage=True)
    assert cov.iloc[0]["count"] == pytest.approx(9 / 100)  # 9 m² of a 100 m² cell
    assert cov.iloc[0]["mean"] == 2.0 and cov.iloc[0]["sum"] == pytest.approx(0.18)


def test_coverage_weights_on_a_zone_straddling_cells():
    r = kz.Raster(np.tile(np.arange(10, dtype="float32"), (10, 1)), T, CRS)
    z = kz.zonal_stats(r, zones((5, 0, 25, 10)), stats=["count", "mean", "min", "max"], coverage=True)
    # half of column 0, all of column 1, half of column 2, one row high
    assert z.iloc[0]["count"] == pytest.approx(2.0)
    assert z.iloc[0]["mean"] == pytest.approx((0 * 0.5 + 1 * 1 + 2 * 0.5) / 2)
    assert (z.iloc[0]["min"], z.iloc[0]["max"]) == (0.0, 2.0)


def test_windows_do_not_change_the_answer(tmp_path):
    rng = np.random.default_rng(3)
    arr = rng.normal(50, 10, (300, 400)).astype("float32")
    t = from_origin(0, 3000, 10, 10)
    path = tmp_path / "r.tif"
    kz.Raster(arr, t, CRS).to_file(path)
    z = zones((100, 100, 2500, 2800), (1000, 500, 3900, 1500), (0, 0, 4000, 3000), keys=["a", "b", "c"])
    stats = ["count", "sum", "mean", "min", "max", "std", "median", "p90", "p5"]
    small = kz.zonal_stats(path, z, stats=stats, block=64)
    whole = kz.zonal_stats(path, z, stats=stats, block=1024)
    pd.testing.assert_frame_equal(small, whole, rtol=1e-9)
    allv = arr.astype("float64").ravel()
    c = small.loc["c"]
    assert c["count"] == arr.size and c["median"] == pytest.approx(np.median(allv), rel=1e-12)
    assert c["p90"] == pytest.approx(np.percentile(allv, 90), rel=1e-12)
    assert c["p5"] == pytest.approx(np.percentile(allv, 5), rel=1e-12)


def test_overlapping_zones_each_get_their_cells():
    r = kz.Raster(np.ones((10, 10), dtype="float32"), T, CRS)
    z = kz.zonal_stats(r, zones((0, 0, 60, 100), (40, 0, 100, 100)), stats=["count"])
    assert list(z["count"]) == [60, 60]


def test_zones_are_reprojected_and_results_keyed_by_kato():
    rem = kz.remoteness(kz.centres(2024), resolution=20000)
    z = kz.zonal_stats(rem, kz.oblasts(2024), stats=["mean", "max", "count"])
    assert list(z.index) == list(kz.oblasts(2024)["kato"])
    assert z.index.name == "kato" and (z["count"] > 0).all()


def test_against_rasterstats_on_a_realistic_case():
    from rasterstats import zonal_stats as rs

    rem = kz.remoteness(kz.centres(2024), resolution=5000)
    dis = kz.districts(2024)
    ours = kz.zonal_stats(rem, dis, stats=["mean", "max", "count", "median", "p90"])
    ref = pd.DataFrame(rs(dis.to_crs(rem.crs), rem.array, affine=rem.transform, nodata=rem.nodata,
                          stats=["mean", "max", "count", "median", "percentile_90"]), index=dis["kato"])
    assert (ours["count"] == ref["count"]).all()
    has = ref["count"] > 0
    np.testing.assert_allclose(ours.loc[has, "mean"], ref.loc[has, "mean"], rtol=1e-6)
    np.testing.assert_allclose(ours.loc[has, "max"], ref.loc[has, "max"], rtol=1e-6)
    np.testing.assert_allclose(ours.loc[has, "median"], ref.loc[has, "median"], rtol=1e-6)
    np.testing.assert_allclose(ours.loc[has, "p90"], ref.loc[has, "percentile_90"], rtol=1e-6)
    # small city districts hold no 5 km cell centre: NaN, never 0
    assert ours.loc[~has.to_numpy(), "mean"].isna().all()


def test_remoteness_values():
    pts = kz.centres(2024)
    r = kz.remoteness(pts, resolution=10000)
    valid = r.array[r.array != r.nodata]
    assert valid.min() < 10 and 400 < valid.max() < 700  # the far corners of the country
    # the cell holding Astana's centre is within half a cell diagonal of it
    x, y = pts.to_crs(METRIC).set_index("kato").loc["710000000"].geometry.coords[0]
    row, col = rasterio.transform.rowcol(r.transform, x, y)
    assert r.array[row, col] <= 10 * 2 ** 0.5 / 2 + 1e-6
    # geodesic check on one cell: Euclidean km in the equidistant conic within 1 % of geodesic
    import pyproj

    geod = pyproj.Geod(ellps="WGS84")
    to_geo = pyproj.Transformer.from_crs(METRIC, "EPSG:4326", always_xy=True)
    rr, cc = np.argwhere(r.array == valid.max())[0]
    cx, cy = rasterio.transform.xy(r.transform, rr, cc)  # the cell's centre
    lon, lat = to_geo.transform(cx, cy)
    d = min(geod.inv(lon, lat, p.x, p.y)[2] for p in pts.geometry) / 1000
    assert valid.max() == pytest.approx(d, rel=0.01)


def test_rasterize_writes_a_proper_geotiff(tmp_path):
    gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023))
    path = tmp_path / "unemp.tif"
    out = kz.rasterize(gdf, "unemployment_rate", path, resolution=10000)
    with rasterio.open(path) as ds:
        assert ds.nodata == -9999 and ds.crs is not None and ds.profile["compress"] == "deflate"
        assert ds.profile["tiled"] and ds.tags()["column"] == "unemployment_rate"
        arr = ds.read(1)
    vals = set(np.unique(arr[arr != -9999]).round(3))
    assert vals <= set(gdf["unemployment_rate"].dropna().astype("float32").round(3))
    # East Kazakhstan's 2023 value was dropped in the source: its cells are nodata
    z = kz.zonal_stats(out, gdf, stats=["count", "mean"])
    assert z.loc["630000000", "count"] == 0
    assert z.loc["430000000", "mean"] == pytest.approx(gdf.set_index("kato").loc["430000000", "unemployment_rate"])


def test_mask_to_a_programme_region(tmp_path):
    rem = kz.remoteness(kz.centres(2024), resolution=10000)
    aral = kz.programme("aral_sea")
    clipped = kz.mask(rem, aral, path=tmp_path / "aral.tif")
    assert clipped.shape[0] < rem.shape[0] and (tmp_path / "aral.tif").exists()
    z_in = kz.zonal_stats(clipped, aral.members.drop_duplicates("kato"), stats=["count"])
    z_full = kz.zonal_stats(rem, aral.members.drop_duplicates("kato"), stats=["count"])
    assert (z_in["count"] == z_full["count"]).all()


def test_bad_input(tmp_path):
    r = kz.Raster(np.ones((10, 10), dtype="float32"), T, CRS)
    with pytest.raises(ValueError, match="unknown statistic"):
        kz.zonal_stats(r, zones((0, 0, 10, 10)), stats=["mode"])
    with pytest.raises(CRSMismatchError):
        kz.zonal_stats(r, zones((0, 0, 10, 10)).set_crs(None, allow_override=True))
    with pytest.raises(FileNotFoundError):
        kz.zonal_stats(tmp_path / "nope.tif", kz.oblasts())
    with pytest.raises(ValueError, match="transform"):
        kz.zonal_stats(np.ones((3, 3)), zones((0, 0, 10, 10)))
    with pytest.raises(ValueError, match="resolution"):
        kz.rasterize(kz.oblasts().assign(v=1.0), "v", tmp_path / "x.tif", resolution=0)
