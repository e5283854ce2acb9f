"""kz.assign / kz.aggregate (issue 15): exact point-in-unit assignment against geopandas.sjoin."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _store
from kzregions.errors import CRSMismatchError, InvalidGeometryError

GEONAMES = "geonames_kz_cities500.csv"


@pytest.fixture(scope="module")
def d24():
    return kz.districts(2024).sort_values("kato").reset_index(drop=True)


@pytest.fixture(scope="module")
def geonames():
    # the points sit beside the boundary mirror: shared/data/{boundaries/geokz,points}
    path = Path(os.environ["KZREGIONS_DATA_DIR"]).resolve().parents[1] / "points" / GEONAMES
    return pd.read_csv(path)


def sjoin_codes(x, y, units, predicate="within"):
    """What geopandas says: the KATO of the unit holding each point (lowest code if several).

    Points with NaN coordinates are left out of the sjoin (and expected to get None): with
    them in, geopandas 1.2 builds its STRtree over points with NaN envelopes and then misses
    some *valid* points (6 of 260 in one draw), a silent loss kz.assign does not have.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x[ok], y[ok]), index=np.flatnonzero(ok), crs=4326)
    j = gpd.sjoin(pts, units[["kato", "geometry"]], predicate=predicate, how="left")
    codes = j.groupby(level=0)["kato"].min().reindex(pd.RangeIndex(len(x)))
    return np.asarray(codes.astype(object).where(codes.notna(), None), dtype=object)


def as_object(col):
    return np.asarray(col.astype(object).where(col.notna(), None), dtype=object)


# ---------------------------------------------------------------------- the tiling itself
@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("vintage", [2018, 2024])
def test_no_two_units_of_a_level_share_any_area(level, vintage):
    g = kz.units(level, vintage).geometry.values
    a, b = shapely.STRtree(g).query(g, predicate="intersects")
    a, b = a[a < b], b[a < b]
    assert len(a) > 10  # neighbours do touch
    shared = shapely.area(shapely.intersection(g[a], g[b]))
    assert shared.max() == 0.0, f"{int((shared > 0).sum())} pairs share area, {shared.sum()} deg²"


@pytest.mark.parametrize("vintage", [2018, 2024])
def test_harmonisation_report_still_adds_up_after_retiling(vintage):
    r = kz.harmonisation_report(vintage).to_frame()
    change = r["area_source_km2"] - r["clipped_km2"] - r["overlap_km2"] + r["gap_km2"]
    assert ((change - r["area_km2"]).abs() / r["area_km2"]).max() < 1e-6


# ---------------------------------------------------------------------- property: equals sjoin
def _special_points(units, rng, n):
    """Vertices, edge midpoints and cell corners of the index grid: the hard cases."""
    from kzregions import _pointindex

    xy = shapely.get_coordinates(shapely.boundary(units.geometry.values))
    i = rng.integers(0, len(xy) - 1, n)
    verts = xy[i]
    mids = (xy[i] + xy[i + 1]) / 2
    c = _pointindex.CELL
    corners = np.c_[np.round(verts[:, 0] / c) * c, np.round(verts[:, 1] / c) * c]
    return np.r_[verts, mids, corners]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), predicate=st.sampled_from(["within", "intersects"]))
def test_assign_equals_sjoin_on_random_and_border_points(d24, seed, predicate):
    rng = np.random.default_rng(seed)
    special = _special_points(d24, rng, 60)
    uniform = np.c_[rng.uniform(44, 90, 100), rng.uniform(38, 57, 100)]  # also outside the country
    xy = np.r_[special, uniform, [[np.nan, 50.0], [70.0, np.nan]]]
    df = pd.DataFrame({"lon": xy[:, 0], "lat": xy[:, 1]})
    out = kz.assign(df, level=2, predicate=predicate)
    expected = sjoin_codes(xy[:, 0], xy[:, 1], d24, predicate)
    assert list(as_object(out["kato"])) == list(expected)
    rep = out.attrs["assign_report"]
    assert len(out) == len(df) == rep.n_points
    assert rep.missing_coordinates == 2
    assert rep.assigned + rep.outside + rep.missing_coordinates == len(df)


def test_points_on_a_shared_border_are_in_no_unit_within_and_in_the_lower_code_intersecting(d24):
    g = d24.set_index("kato").geometry
    border = shapely.intersection(g["614000000"], g["614600000"])  # Kazygurt / Ordabasy
    v = shapely.get_coordinates(border)[5]
    df = pd.DataFrame({"lon": [v[0]], "lat": [v[1]]})
    assert pd.isna(kz.assign(df, level=2)["kato"].iloc[0])
    assert kz.assign(df, level=2, predicate="intersects")["kato"].iloc[0] == "614000000"


def test_oblast_level_equals_sjoin(d24):
    rng = np.random.default_rng(3)
    x, y = rng.uniform(46, 88, 3000), rng.uniform(40, 56, 3000)
    out = kz.assign(pd.DataFrame({"x": x, "y": y}), level=1, vintage=2018)
    assert list(as_object(out["kato"])) == list(sjoin_codes(x, y, kz.oblasts(2018)))
    assert "oblast_kato" not in out


# ---------------------------------------------------------------------- real points
def test_geonames_places_land_in_their_districts(geonames, d24):
    out = kz.assign(geonames, level=2, x="longitude", y="latitude", crs=4326)
    got = dict(zip(out["name"], as_object(out["kato"])))
    d = d24.set_index("kato")
    assert d.loc[got["Almaty"], "oblast_kato"] == "750000000"
    assert d.loc[got["Astana"], "oblast_kato"] == "710000000"
    assert got["Aktobe"] == "151000000"  # Aktobe city administration
    assert got["Pavlodar"] == "551000000"
    assert d.loc[got["Sarqant"], "name_en"] == "Sarkand"  # in the README of the points
    assert got["Bautino"] is None  # on the Caspian shore, off the polygon: reported, not dropped
    rep = out.attrs["assign_report"]
    assert (rep.n_points, rep.outside, rep.missing_coordinates) == (351, 1, 0)
    assert rep.crs_assumed is False
    expected = sjoin_codes(geonames["longitude"], geonames["latitude"], d24)
    assert list(as_object(out["kato"])) == list(expected)
    assert (out["oblast_kato"].astype(object) == out["kato"].astype(str).str[:2] + "0000000").sum() >= 340


def test_geodataframe_in_another_crs_is_reprojected_and_reported(geonames):
    pts = gpd.GeoDataFrame(geonames[["name"]], geometry=gpd.points_from_xy(geonames.longitude, geonames.latitude),
                           crs=4326)
    ref = kz.assign(pts, level=2)
    utm = kz.assign(pts.to_crs(32642), level=2)
    assert utm.attrs["assign_report"].reprojected_from == "EPSG:32642"
    back = pts.to_crs(32642).to_crs(4326).geometry
    assert list(as_object(utm["kato"])) == list(sjoin_codes(back.x, back.y, kz.districts(2024)))
    assert (as_object(utm["kato"]) == as_object(ref["kato"])).all()
    assert isinstance(utm, gpd.GeoDataFrame) and utm.crs.to_epsg() == 32642  # input kept as given


def test_projected_coordinates_labelled_lonlat_are_an_error():
    df = pd.DataFrame({"x": [500000.0, 510000.0], "y": [4800000.0, 4810000.0]})
    with pytest.raises(CRSMismatchError, match="crs="):
        kz.assign(df, level=2, crs=4326)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df.x, df.y))
    with pytest.raises(CRSMismatchError, match="no CRS"):
        kz.assign(pts, level=2)


def test_missing_and_empty_geometries_are_nan_not_dropped():
    geoms = [shapely.Point(71.45, 51.18), None, shapely.Point(), shapely.Point(0, 0)]
    pts = gpd.GeoDataFrame({"id": [1, 2, 3, 4]}, geometry=geoms, crs=4326)
    out = kz.assign(pts, level=2)
    assert list(out["id"]) == [1, 2, 3, 4]
    assert out["kato"].iloc[0] == "711410000" and out["kato"].iloc[1:].isna().all()
    rep = out.attrs["assign_report"]
    assert (rep.missing_coordinates, rep.outside, rep.assigned) == (2, 1, 1)
    with pytest.raises(InvalidGeometryError, match="not points"):
        kz.assign(gpd.GeoDataFrame(geometry=[shapely.box(70, 50, 71, 51)], crs=4326), level=2)


# ---------------------------------------------------------------------- files
@pytest.fixture(scope="module")
def sample(d24):
    rng = np.random.default_rng(7)
    xy = np.r_[np.c_[rng.uniform(46, 88, 4000), rng.uniform(40, 56, 4000)], _special_points(d24, rng, 300)]
    gdf = gpd.GeoDataFrame({"id": np.arange(len(xy)), "employees": rng.integers(0, 500, len(xy))},
                           geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=4326)
    return gdf, sjoin_codes(xy[:, 0], xy[:, 1], d24)


def test_geoparquet_wkb_and_geoarrow_and_csv_read_as_coordinates(sample, d24, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    gdf, expected = sample
    gdf.iloc[:2000].to_parquet(tmp_path / "a.parquet")
    gdf.iloc[2000:].to_parquet(tmp_path / "b.parquet", geometry_encoding="geoarrow")
    out = kz.assign(str(tmp_path / "*.parquet"), level=2, columns=["id"])
    assert list(out.columns) == ["id", "kato", "oblast_kato"]
    assert list(out["id"]) == list(gdf["id"])
    assert list(as_object(out["kato"])) == list(expected)
    assert out.attrs["assign_report"].files == 2

    # big-endian WKB and EWKB with an SRID are decoded too
    wkb_be = shapely.to_wkb(gdf.geometry.values, byte_order=0)
    ewkb = shapely.to_wkb(shapely.set_srid(gdf.geometry.values, 4326), include_srid=True)
    for i, blobs in enumerate((wkb_be, ewkb)):
        table = pa.table({"id": gdf["id"], "geometry": pa.array(list(blobs), pa.binary())})
        meta = pq.read_schema(tmp_path / "a.parquet").metadata
        pq.write_table(table.replace_schema_metadata({b"geo": meta[b"geo"]}), tmp_path / f"e{i}.parquet")
        got = kz.assign(tmp_path / f"e{i}.parquet", level=2)
        assert list(as_object(got["kato"])) == list(expected)

    # WKB left as bytes by a plain parquet reader: decoded with numpy; no columns kept at all
    raw = pd.read_parquet(tmp_path / "a.parquet")
    got = kz.assign(raw, level=2, crs=4326)
    assert list(as_object(got["kato"])) == list(expected[:2000])
    assert got.attrs["assign_report"].geometry == "WKB"
    bare = kz.assign(tmp_path / "a.parquet", level=2, columns=[])
    assert list(bare.columns) == ["kato", "oblast_kato"] and bare.index.equals(pd.RangeIndex(2000))
    agg = kz.aggregate(str(tmp_path / "a.parquet"), level=2, geometry=False)
    assert agg["n_points"].sum() == pd.Series(expected[:2000]).notna().sum()

    csv = tmp_path / "p.csv"
    pd.DataFrame({"id": gdf["id"], "lon": gdf.geometry.x, "lat": gdf.geometry.y}).to_csv(csv, index=False)
    got = kz.assign(csv, level=2)
    assert list(as_object(got["kato"])) == list(expected) and list(got["id"]) == list(gdf["id"])

    utm = gdf.to_crs(32642)
    utm.to_parquet(tmp_path / "utm.parquet")
    got = kz.assign(tmp_path / "utm.parquet", level=2)
    assert "32642" in got.attrs["assign_report"].reprojected_from
    back = utm.to_crs(4326).geometry  # the same transformation: points on borders move off them
    assert list(as_object(got["kato"])) == list(sjoin_codes(back.x, back.y, d24))


# ---------------------------------------------------------------------- aggregate
def test_aggregate_counts_sums_means_shares_for_every_unit(sample, d24):
    gdf, expected = sample
    agg = kz.aggregate(gdf, level=2, values={"employees": ["sum", "mean", "share"], "id": "count"})
    assert isinstance(agg, gpd.GeoDataFrame) and len(agg) == 224
    assert list(agg["kato"]) == list(d24["kato"])
    inside = pd.Series(expected).notna().to_numpy()
    ref = gdf[inside].assign(k=expected[inside]).groupby("k")["employees"]
    a = agg.set_index("kato")
    assert a["n_points"].sum() == inside.sum() == a["id_count"].sum()
    assert (a.loc[ref.sum().index, "employees_sum"] == ref.sum()).all()
    assert np.allclose(a.loc[ref.mean().index, "employees_mean"], ref.mean())
    empty = a["n_points"] == 0
    assert empty.any()  # some districts get no point: present, with zero counts and NaN means
    assert (a.loc[empty, "employees_sum"] == 0).all() and a.loc[empty, "employees_mean"].isna().all()
    assert a["employees_share"].sum() == pytest.approx(1.0)
    assert agg.attrs["assign_report"].outside == (~inside).sum()

    table = kz.aggregate(gdf, level=2, values={"employees": "sum"}, geometry=False)
    joined = kz.attach(kz.districts(2024), table)
    assert joined["employees_sum"].notna().all()
    assert joined.attrs["join_report"].complete and joined.attrs["join_report"].matched == 224


def test_aggregate_of_files_streams_and_equals_the_in_memory_aggregate(sample, tmp_path, monkeypatch):
    from kzregions import _pointio

    gdf, expected = sample
    g = gdf.copy()
    g["wage"] = np.where(np.arange(len(g)) % 7 == 0, np.nan, g["employees"] * 1.5)  # NaN: missing
    g["label"] = np.where(np.arange(len(g)) % 5 == 0, None, "x")  # text: only counted
    g["code"] = pd.array(np.where(np.arange(len(g)) % 3 == 0, -1, g["id"]), dtype="Int64")
    g["code"] = g["code"].where(g["code"] >= 0)  # nullable integers with nulls
    g.iloc[:2100].to_parquet(tmp_path / "a.parquet")
    g.iloc[2100:].to_parquet(tmp_path / "b.parquet")
    monkeypatch.setattr(_pointio, "BATCH", 500)  # many batches per file
    values = {"employees": ["sum", "mean", "min", "max", "share"], "wage": ["count", "sum", "mean", "min"],
              "label": "count", "code": ["count", "max"]}
    streamed = kz.aggregate(str(tmp_path / "*.parquet"), level=2, values=values, geometry=False)
    ref = kz.aggregate(g, level=2, values=values, geometry=False)
    assert list(streamed.columns) == list(ref.columns) and list(streamed["kato"]) == list(ref["kato"])
    for c in ref.columns[1:]:
        assert np.allclose(streamed[c].astype(float), ref[c].astype(float), rtol=1e-12, equal_nan=True), c
    rs, rr = streamed.attrs["assign_report"], ref.attrs["assign_report"]
    assert (rs.n_points, rs.assigned, rs.outside, rs.files) == (rr.n_points, rr.assigned,
                                                                          rr.outside, 2)
    with_median = kz.aggregate(str(tmp_path / "*.parquet"), level=2, values={"wage": "median"}, geometry=False)
    assert np.allclose(with_median["wage_median"], kz.aggregate(g, level=2, values={"wage": "median"},
                                                                geometry=False)["wage_median"], equal_nan=True)


# ---------------------------------------------------------------------- programme regions
def test_programme_region_membership_and_zone(geonames):
    region = kz.programme("aral_sea")
    out = kz.assign(geonames, level=2, x="longitude", y="latitude", regions=region)
    zones = region.geometry
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(geonames.longitude, geonames.latitude), crs=4326)
    j = gpd.sjoin(pts, zones[["zone", "geometry"]], predicate="within", how="left")
    order = {z: i for i, z in enumerate(region.zones)}
    first = j.dropna(subset=["zone"]).assign(o=lambda t: t["zone"].map(order)).sort_values("o")
    first = first[~first.index.duplicated()]["zone"].reindex(pts.index)
    assert list(as_object(out["zone"])) == list(first.astype(object).where(first.notna(), None))
    assert out["in_region"].sum() == first.notna().sum() > 0
    named = dict(zip(out["name"], out["in_region"]))
    assert named["Kyzylorda"] and named["Aral"] and not named["Astana"]
    only = kz.assign(geonames, level=None, x="longitude", y="latitude", regions=region)
    assert "kato" not in only and (only["in_region"] == out["in_region"]).all()


# ---------------------------------------------------------------------- cache
def test_index_is_cached_as_plain_arrays_and_rebuilt_when_damaged():
    from kzregions import points

    idx = points.point_index(2, 2024)
    cache = kz.settings.resolved_cache_dir() / "layers"
    files = list(cache.glob("points-2-2024-*" + _store.SUFFIX))
    assert len(files) == 1
    z = _store.read_arrays(files[0])  # plain arrays only: numbers and fixed-width text
    assert {a.dtype.kind for a in z.values()} <= set("biufU")
    assert z["run_values"].dtype == np.int16  # the label grid, run-length encoded
    assert int(z["run_lengths"].sum()) == idx.labels.size
    assert files[0].stat().st_size < 8e6  # 21.6 MB of labels as runs: the file is 4.9 MB
    assert "2-2024-h" in str(z["header"])  # the layer's cache key (sources + harmonisation)
    points._memo.clear()
    again = points.point_index(2, 2024)
    assert again is not idx and (again.labels == idx.labels).all() and (again.cand == idx.cand).all()
    files[0].write_bytes(b"not a cache file")
    points._memo.clear()
    rebuilt = points.point_index(2, 2024)
    assert (rebuilt.labels == idx.labels).all()
    assert int(_store.read_arrays(files[0])["run_lengths"].sum()) == idx.labels.size  # rewritten


# ---------------------------------------------------------------------- dask
def test_dask_geodataframe_and_xy_frame_are_lazy_and_equal(sample, tmp_path):
    import dask.dataframe as dd
    import dask_geopandas  # in the test extra: a missing install fails here, it is not skipped
    from distributed import Client, LocalCluster

    gdf, expected = sample
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster):
        dg = dask_geopandas.from_geopandas(gdf, npartitions=4)
        lazy = kz.assign(dg, level=2)
        assert hasattr(lazy, "compute")
        got = lazy.compute()
        assert list(as_object(got["kato"])) == list(expected) and list(got["id"]) == list(gdf["id"])
        xy = dd.from_pandas(pd.DataFrame({"lon": gdf.geometry.x, "lat": gdf.geometry.y}), npartitions=3)
        got = kz.assign(xy, level=2).compute()
        assert list(as_object(got["kato"])) == list(expected)
        gdf.iloc[:1000].to_parquet(tmp_path / "p0.parquet")
        gdf.iloc[1000:].to_parquet(tmp_path / "p1.parquet")
        for backend in ("numpy_nullable", "pyarrow"):  # WKB as bytes: no geometry decoding
            raw = dd.read_parquet(str(tmp_path / "*.parquet"), dtype_backend=backend)
            got = kz.assign(raw, level=2, crs=4326).compute()
            assert list(as_object(got["kato"])) == list(expected)
        agg = kz.aggregate(dg, level=2, values={"employees": "sum"}, geometry=False)
        ref = kz.aggregate(gdf, level=2, values={"employees": "sum"}, geometry=False)
        assert (agg["employees_sum"] == ref["employees_sum"]).all()


def test_cell_marked_as_boundary_but_wholly_inside_a_unit_keeps_that_unit():
    # Found by the 1M benchmark: the cell holding these points in Astana is marked by a nearby
    # diagonal border piece's bounding box, without Baykonyr's own border touching it
    df = pd.DataFrame({"lon": [71.41780045679214, 71.42141021156257],
                       "lat": [51.26383465376692, 51.26555524584263]})
    assert list(kz.assign(df, level=2)["kato"].astype(object)) == ["711410000", "711410000"]


# ---------------------------------------------------------------------- cache integrity
def _flip_shape_digit(raw: bytes, member: bytes) -> bytes:
    """Flip the lowest bit of an odd digit in ``member``'s shape in the file's header (the
    number shrinks by one: a reader trusting the header would read a smaller array)."""
    at = raw.index(b'"' + member + b'"')
    at = raw.index(b"[", at + len(member) + 2) + 1
    while raw[at] not in b"13579":
        at += 1
    out = bytearray(raw)
    out[at] ^= 0x01
    return bytes(out)


def test_index_with_a_shrunk_shape_field_is_rebuilt_not_misread():
    from kzregions import points

    idx = points.point_index(2, 2024)
    f = next((kz.settings.resolved_cache_dir() / "layers").glob("points-2-2024-*" + _store.SUFFIX))
    good = f.read_bytes()
    f.write_bytes(_flip_shape_digit(good, b"run_lengths"))
    points._memo.clear()
    again = points.point_index(2, 2024)
    assert again.labels.shape == idx.labels.shape and (again.labels == idx.labels).all()
    # the rebuilt index was written back, with the mode the umask gives (not mkstemp's 0600)
    mask = os.umask(0)
    os.umask(mask)
    assert f.read_bytes() != _flip_shape_digit(good, b"run_lengths")
    assert f.stat().st_mode & 0o777 == 0o666 & ~mask
    df = pd.DataFrame({"lon": [71.43, 76.95], "lat": [51.13, 43.24]})  # Astana, Almaty
    assert list(as_object(kz.assign(df, level=2)["oblast_kato"])) == ["710000000", "750000000"]


def test_any_damaged_byte_of_an_index_file_means_rebuild_never_an_error(tmp_path):
    from kzregions import _pointindex

    squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1.5)]
    idx = _pointindex.build(np.array(["a", "b"], dtype=object), squares, cell=0.25, meta={"k": 1})
    path = tmp_path / ("idx" + _store.SUFFIX)
    idx.save(path)
    good = path.read_bytes()
    x = np.array([0.5, 1.5, 1.0, 3.0, np.nan])
    y = np.array([0.5, 1.2, 0.5, 0.5, 0.5])
    want = list(idx.lookup(x, y))
    assert want == [0, 1, -1, -1, -1]
    assert list(_pointindex.PointIndex.load(path, {"k": 1}).lookup(x, y)) == want
    for i in range(len(good)):  # every byte, one bit each (it varies): the CRC-32 covers all
        bad = bytearray(good)
        bad[i] ^= 1 << (i % 8)
        path.write_bytes(bytes(bad))
        assert _pointindex.PointIndex.load(path, {"k": 1}) is None, i  # rebuild, never an error
    path.write_bytes(good[:-1])  # truncated
    assert _pointindex.PointIndex.load(path, {"k": 1}) is None


def test_threads_and_chunks_do_not_change_any_answer(d24, monkeypatch):
    from kzregions import _pointindex, points

    idx = points.point_index(2, 2024)
    rng = np.random.default_rng(3)
    n = 300_000
    x, y = rng.uniform(45, 89, n), rng.uniform(39, 57, n)
    x[::1000], y[::997] = np.nan, np.inf  # non-finite coordinates in several chunks
    one = idx.lookup(x, y, threads=1)
    monkeypatch.setattr(_pointindex, "CHUNK", 1 << 16)  # many chunks, four threads
    many = idx.lookup(x, y, threads=4)
    assert (one == many).all() and (one[::1000] == -1).all()
    monkeypatch.setenv("KZREGIONS_THREADS", "3")
    assert _pointindex.threads() == 3 and len(_pointindex.chunks(n)) >= 3
