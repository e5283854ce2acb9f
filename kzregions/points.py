"""Located records -> units: exact, fast point-in-unit assignment and per-unit aggregates.

:func:`assign` labels each point (a GeoDataFrame of points, a table of coordinate columns,
GeoParquet/CSV files, or a dask collection of any of these) with the unit that holds it;
:func:`aggregate` turns points into one row per unit (counts, sums, means, shares).

Both work on coordinate arrays, never on one shapely object per point: a cached grid index
(:mod:`kzregions._pointindex`) labels the points of cells wholly inside one unit directly
and tests only the points of cells crossed by a border, with shapely's vectorised
``contains_xy``. Results equal ``geopandas.sjoin(predicate="within")`` point for point.

Border rule: with ``predicate="within"`` (default, as ``sjoin``) a point lying exactly on a
unit border (or on the state border) is inside no unit and gets NaN, like a point outside
the country; ``predicate="intersects"`` gives it to the unit with the lowest KATO code
among those whose border it lies on (``sjoin(predicate="intersects")`` would return one row
per touching unit; keep its lowest code to compare).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ._pointio import BATCH, file_batches, paths, prefetch, wkb_points, xy_names
from ._pointreport import assign_report
from ._schema import DEFAULT_VINTAGE, POINT_LEVEL_DEFAULT, check_level, check_vintage
from ._validate import check_no_clash, to_numbers, user_stacklevel
from .errors import (
    CRSMismatchError,
    InvalidArgumentError,
    InvalidGeometryError,
    InvalidInputError,
    MissingColumnError,
)
from .settings import settings

__all__ = ["assign", "aggregate", "point_index"]

_PREDICATES = ("within", "intersects")
_AGG = ("count", "sum", "mean", "min", "max", "median", "share")
_memo: dict[tuple, Any] = {}


# ---------------------------------------------------------------------------- index
def point_index(level: int | str = 2, vintage: int = DEFAULT_VINTAGE) -> Any:
    """The grid index of a layer: from this process, else the fast-load cache, else built.

    Built once per level and vintage (2-4 s for the districts on a busy 2-core machine) and
    written to ``<cache_dir>/layers/points-*.kzc`` (4.9 MB; loads in about 30 ms). The file
    records the layer's cache key (sources and harmonisation version), level and vintage;
    a stale, damaged or foreign file is ignored and rebuilt.
    """
    from . import _boundaries, _pointindex, _store
    from .boundaries import units as layer_units

    lv = check_level(level)
    v = check_vintage(vintage)
    key = _boundaries.layer_key(lv, v)
    expect = {"layer_key": key, "level": lv, "vintage": v, "cell": _pointindex.CELL}
    memo_key = (key, str(settings.resolved_cache_dir()))
    if memo_key in _memo:
        return _memo[memo_key]
    path = settings.resolved_cache_dir() / "layers" / f"points-{key}-f{_pointindex.FORMAT}{_store.SUFFIX}"
    use_cache = settings.resolved_use_cache()
    idx = _pointindex.PointIndex.load(path, expect) if use_cache else None
    if idx is None:
        units = layer_units(lv, v)
        units = units.sort_values("kato").reset_index(drop=True)  # polygon number order = KATO order
        meta = dict(expect, oblast_kato=units["oblast_kato"].tolist())
        idx = _pointindex.build(units["kato"].to_numpy(dtype=object), units.geometry.values, meta=meta)
        if use_cache:
            try:
                idx.save(path)
            except OSError as exc:  # a read-only cache must not stop the user
                import warnings

                warnings.warn(f"kzregions: could not write the point index to {path.parent}: {exc}",
                              stacklevel=2)
    _memo[memo_key] = idx
    return idx


# ---------------------------------------------------------------------------- coordinates
def _is_dask(obj) -> bool:
    return hasattr(obj, "__dask_graph__") and hasattr(obj, "map_partitions")


def _as_crs(crs):
    from pyproj import CRS

    return CRS.from_user_input(crs)


def _to_lonlat(x, y, crs, report: dict):
    """Coordinates in EPSG:4326, reprojecting (and reporting it) from another CRS."""
    c = _as_crs(crs)
    if c.equals(_as_crs(4326)) or c.equals(_as_crs("OGC:CRS84")):
        report.setdefault("crs", "EPSG:4326")
        return _check_lonlat(x, y, c)
    from pyproj import Transformer

    t = Transformer.from_crs(c, "EPSG:4326", always_xy=True)
    lon = np.empty(len(x))
    lat = np.empty(len(x))
    for s in range(0, len(x), BATCH):
        lon[s:s + BATCH], lat[s:s + BATCH] = t.transform(x[s:s + BATCH], y[s:s + BATCH])
    report["crs"] = c.to_string()
    report["reprojected_from"] = c.to_string()
    return lon, lat


def _check_lonlat(x, y, crs):
    if len(x) == 0:
        return x, y
    # four reductions (fmin/fmax skip NaN) instead of a mask per point: the mask is built
    # only when something is out of range
    if (np.fmin.reduce(x) >= -180 and np.fmax.reduce(x) <= 180
            and np.fmin.reduce(y) >= -90 and np.fmax.reduce(y) <= 90):
        return x, y
    with np.errstate(invalid="ignore"):
        bad = (np.abs(x) > 180) | (np.abs(y) > 90)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CRSMismatchError(
            f"{int(bad.sum())} points have coordinates outside the longitude/latitude range of "
            f"{crs.to_string()} (first: x={x[i]!r}, y={y[i]!r}): they look projected (metres). "
            "Pass the CRS they are in, e.g. crs=32642 for UTM 42N, or set it on the GeoDataFrame"
        )
    return x, y


def _point_xy(arr, index):
    """(x, y) of an object array of shapely points; NaN for missing and empty points.

    Two passes over the GEOS objects (``get_x``, ``get_y``), not four: ``get_x`` is NaN for
    a missing geometry and for any non-point, so the type is looked at only where x is NaN
    (an empty point makes GEOS raise; that rare case takes the careful path).
    """
    import shapely

    from ._pointindex import chunks, run_chunks

    xs, ys = np.empty(len(arr)), np.empty(len(arr))

    def fill(s, e):  # GEOS releases the GIL: chunks run in parallel threads
        xs[s:e], ys[s:e] = shapely.get_x(arr[s:e]), shapely.get_y(arr[s:e])

    try:
        run_chunks(fill, chunks(len(arr)))
        suspect = np.flatnonzero(np.isnan(xs))
    except shapely.errors.GEOSException:  # an empty point somewhere
        xs, ys = np.full(len(arr), np.nan), np.full(len(arr), np.nan)
        suspect = np.arange(len(arr))
    if not len(suspect):
        return xs, ys
    sub = arr[suspect]
    types = shapely.get_type_id(sub)
    bad = (types != 0) & (types != -1)  # points, or missing
    if bad.any():
        i = int(suspect[np.flatnonzero(bad)[0]])
        raise InvalidGeometryError(
            f"{int(bad.sum())} geometries are not points (first: row {index[i]!r}, "
            f"{shapely.get_type_id(arr[i])} = {arr[i].geom_type}). Assign representative points "
            "first, e.g. gdf.geometry = gdf.representative_point()"
        )
    ok = types == 0
    ok[ok] = ~shapely.is_empty(sub[ok])  # missing and empty points keep NaN
    xs[suspect[ok]], ys[suspect[ok]] = shapely.get_x(sub[ok]), shapely.get_y(sub[ok])
    return xs, ys


def _frame_xy(frame, x, y, crs, report):
    """(lon, lat) arrays of a (Geo)DataFrame's points."""
    geom_col = getattr(frame, "_geometry_column_name", None)
    if x is None and y is None and geom_col is not None and geom_col in frame.columns:
        arr = np.asarray(frame.geometry.values)
        xs, ys = _point_xy(arr, frame.index)
        src = crs if crs is not None else frame.crs
        if src is None:
            raise CRSMismatchError(
                "data: the points have no CRS: set it first, e.g. gdf.set_crs(4326) for longitude/latitude, "
                "or pass crs="
            )
        return _to_lonlat(xs, ys, src, report)
    if x is None and y is None and geom_col is None and "geometry" in frame.columns:
        # WKB left as bytes (dask.dataframe.read_parquet, pandas.read_parquet of a GeoParquet
        # file): decoded with numpy, which is what makes the dask path fast
        import pyarrow as pa

        g = frame["geometry"]
        if g.dtype == object:
            arr = pa.array(g.to_numpy(dtype=object), type=pa.binary(), from_pandas=True)
        else:  # ArrowDtype (dtype_backend="pyarrow"): the Arrow buffers themselves, no copy
            arr = pa.array(g.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        xs, ys = wkb_points(arr)
        report["geometry"] = "WKB"
    else:
        x, y = xy_names(frame.columns, x, y)
        xs = np.asarray(frame[x], dtype="float64")
        ys = np.asarray(frame[y], dtype="float64")
    if crs is None:
        report["crs_assumed"] = True
        crs = 4326
    return _to_lonlat(xs, ys, crs, report)


# ---------------------------------------------------------------------------- assign
def _label(idx, lon, lat, predicate, report):
    """Unit number per point (int32, -1 none) and the report counts."""
    u = idx.lookup(lon, lat, predicate)
    _count(report, u, lon, lat)
    return u


def _count(report, u, lon, lat):
    n = len(u)
    none = int(np.count_nonzero(u < 0))
    with np.errstate(invalid="ignore"):  # inf + -inf: NaN, counted as missing as it should be
        nan = n - int(np.count_nonzero(np.isfinite(lon + lat)))  # a point without coordinates is in none
    report["n_points"] = report.get("n_points", 0) + n
    report["assigned"] = report.get("assigned", 0) + n - none
    report["missing_coordinates"] = report.get("missing_coordinates", 0) + nan
    report["outside"] = report.get("outside", 0) + none - nan


def _columns_for(codes, idx, level, name, prefix=""):
    """Categorical ``kato`` (and ``oblast_kato``) columns from unit numbers."""
    import pandas as pd

    cats = pd.Index(list(idx.keys), dtype=object)
    codes = codes.astype("int16", copy=False)  # what pandas keeps for a few hundred categories
    out = {prefix + name: pd.Categorical.from_codes(codes, categories=cats)}
    if level == 2:
        obl = np.asarray(idx.meta["oblast_kato"], dtype=object)
        ocats, oinv = np.unique(obl.astype(str), return_inverse=True)
        lut = np.r_[oinv, -1].astype("int16")  # unit number -> oblast code; -1 (none) -> -1
        ocodes = lut[codes]
        out[prefix + "oblast_kato"] = pd.Categorical.from_codes(ocodes, categories=pd.Index(list(ocats), dtype=object))
    return out


def point_level(level, func: str):
    """``level`` as given, or 2 with a FutureWarning when ``func`` got none: every other
    function defaults to 1 (oblasts), and assign/aggregate will too from 0.4."""
    if level is POINT_LEVEL_DEFAULT:
        import warnings

        warnings.warn(f"{func}: level= not given, so points go to districts (level=2) as in 0.2; from "
                      f"kzregions 0.4 the default is level=1 (oblasts), as everywhere else in the library. "
                      f"Pass level=2 (or level='district') to keep districts and silence this warning",
                      FutureWarning, stacklevel=user_stacklevel())
        return 2
    return level


def _zone_index(regions):
    """Grid index over the zones of a ProgrammeRegion (first zone wins where zones overlap)."""
    from . import _pointindex

    g = regions.geometry
    key = ("region", regions.name, tuple(g["zone"]), tuple(g.geometry.to_wkb()))
    if key not in _memo:
        _memo[key] = _pointindex.build(g["zone"].to_numpy(dtype=object), g.geometry.values,
                                       meta={"region": regions.name})
    return _memo[key]


def assign(
    data: Any,
    level: int | str | None = POINT_LEVEL_DEFAULT,
    vintage: int = DEFAULT_VINTAGE,
    *,
    x: str | None = None,
    y: str | None = None,
    crs: Any = None,
    predicate: str = "within",
    regions: Any = None,
    columns: list[str] | None = None,
    name: str = "kato",
) -> Any:
    """Label each point with the unit (district or oblast) that holds it.

    Parameters
    ----------
    data : GeoDataFrame, DataFrame, str, path, list of paths, or dask (Geo)DataFrame
        Points: a GeoDataFrame of Point geometries (any CRS; reprojected to EPSG:4326 and
        reported); a DataFrame with coordinate columns (``x``/``y``, or found among
        lon/lat, longitude/latitude, x/y); GeoParquet or CSV file(s) (a path, a glob such
        as ``"enterprises/*.parquet"``, a folder or a list), read in batches as coordinate
        arrays with pyarrow, never as shapely objects; or a dask-geopandas GeoDataFrame /
        dask DataFrame of x/y columns, for which the result is lazy (one task per
        partition, the index shipped to the workers once).
    level : {2, 1, "district", "oblast"} or None
        Units to assign to. ``None`` with ``regions`` assigns programme zones only. Not
        given: 2 (districts) with a FutureWarning; from 0.4 the default is 1, as in every
        other function (pass ``level=`` explicitly).
    vintage : {2024, 2018}
        Boundary set.
    x, y : str, optional
        Coordinate columns (tables and CSV/Parquet files without point geometry).
    crs : optional
        CRS of the coordinates (anything pyproj accepts). Default: the GeoDataFrame's or
        the GeoParquet file's CRS; EPSG:4326 for plain columns (reported as assumed).
        Longitude/latitude outside [-180, 180] x [-90, 90] raise :class:`CRSMismatchError`.
    predicate : {"within", "intersects"}
        ``within`` (default) equals ``geopandas.sjoin(predicate="within")``: a point exactly
        on a border is in no unit (NaN). ``intersects``: such a point goes to the unit with
        the lowest KATO code among those it touches.
    regions : ProgrammeRegion, optional
        Also add ``in_region`` (bool) and ``zone`` (the first zone, in ``regions.zones``
        order, that holds the point; NaN outside) for any :class:`ProgrammeRegion`.
    columns : list of str, optional
        Files only: the file columns to keep (default: all but the geometry). Coordinate
        columns named here are kept too.
    name : str
        Name of the added code column (default ``kato``).

    Returns
    -------
    DataFrame or GeoDataFrame (or a dask collection)
        A new frame: the input's rows in order, with ``kato`` (categorical of the layer's
        codes; NaN outside every unit or for missing coordinates) and, at level 2,
        ``oblast_kato``. ``attrs["assign_report"]`` is an :class:`AssignReport`
        (``n_points``, ``assigned``, ``outside``, ``missing_coordinates``, ``crs``,
        ``reprojected_from``, ``crs_assumed``, ``level``, ``vintage``, ``predicate``;
        ``.to_frame()``); nothing is dropped.

    Examples
    --------
    >>> import kzregions as kz
    >>> pts = kz.centres(2024)[["name_en", "geometry"]]
    >>> out = kz.assign(pts, level=2)
    >>> out[["name_en", "kato"]].head(2).values.tolist()
    [['Semey', '101000000'], ['Kokshetau', '111000000']]
    >>> out.attrs["assign_report"].outside
    0
    >>> out = kz.assign("enterprises/*.parquet", level=2, columns=["id", "employees"])  # doctest: +SKIP
    >>> out = kz.assign(pts, level=2, regions=kz.programme("aral_sea"))  # doctest: +SKIP
    """
    if predicate not in _PREDICATES:
        raise InvalidArgumentError(f"predicate={predicate!r}: use 'within' (as sjoin) or 'intersects'")
    if level is None and regions is None:
        raise InvalidArgumentError("level=None assigns nothing: give a level, regions=, or both")
    if regions is not None and not hasattr(regions, "members"):
        raise InvalidInputError(f"regions={regions!r:.60}: give a ProgrammeRegion (kz.programme(...), kz.border_belt(...))")
    if not (isinstance(data, (str, os.PathLike)) or hasattr(data, "columns") or hasattr(data, "crs") or (isinstance(data, (list, tuple)) and all(isinstance(i, (str, os.PathLike)) for i in data))):  # noqa: E501
        raise InvalidInputError(f"data={data!r:.60} ({type(data).__name__}): pass points (a GeoDataFrame), a table with x=, y=, file path(s) or a dask frame")  # noqa: E501
    level = point_level(level, "assign")
    lv = None
    if level is not None:
        lv = check_level(level)
    idx = point_index(lv, vintage) if lv is not None else None
    zidx = _zone_index(regions) if regions is not None else None
    opts = dict(level=lv, vintage=vintage, x=x, y=y, crs=crs, predicate=predicate, name=name)
    if _is_dask(data):
        return _assign_dask(data, idx, zidx, opts)
    if isinstance(data, (str, os.PathLike, list, tuple)):
        return _assign_files(data, idx, zidx, opts, columns)
    import pandas as pd

    if isinstance(data, pd.Series) and hasattr(data, "crs"):  # a GeoSeries of points
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise InvalidGeometryError(
            f"cannot assign a {type(data).__name__}: pass a GeoDataFrame of points, a DataFrame "
            "with coordinate columns (x=, y=), file path(s) or a dask (Geo)DataFrame"
        )
    return _assign_frame(data, idx, zidx, opts)


def _assign_frame(frame, idx, zidx, opts):
    check_no_clash("assign", frame.columns, ([opts["name"], "oblast_kato"][: 1 + (opts["level"] == 2)] if idx is not None else []) + (["in_region", "zone"] if zidx is not None else []), "pass name= for the unit column, or rename the input's columns")  # noqa: E501
    report = {"level": opts["level"], "vintage": opts["vintage"], "predicate": opts["predicate"]}
    lon, lat = _frame_xy(frame, opts["x"], opts["y"], opts["crs"], report)
    new = _label_columns(lon, lat, idx, zidx, opts, report)
    out = frame.copy(deep=False)
    for k, v in new.items():
        out[k] = np.asarray(v) if k == "in_region" else v
    out.attrs = {**frame.attrs, "assign_report": assign_report(report)}
    return out


def _label_columns(lon, lat, idx, zidx, opts, report):
    import pandas as pd

    new = {}
    if idx is not None:
        codes = _label(idx, lon, lat, opts["predicate"], report)
        new.update(_columns_for(codes, idx, opts["level"], opts["name"]))
    if zidx is not None:
        z = zidx.lookup(lon, lat, opts["predicate"])
        new["in_region"] = z >= 0
        new["zone"] = pd.Categorical.from_codes(z, categories=pd.Index(list(zidx.keys), dtype=object))
        report["in_region"] = report.get("in_region", 0) + int((z >= 0).sum())
        if idx is None:
            nan = ~(np.isfinite(lon) & np.isfinite(lat))
            report["n_points"] = report.get("n_points", 0) + len(z)
            report["missing_coordinates"] = report.get("missing_coordinates", 0) + int(nan.sum())
    return new


def _batches(spec, opts, columns, report):
    """(lon, lat, table of kept columns) per batch of every file, counting the files."""
    for path in paths(spec):
        report["files"] += 1
        for xs, ys, table, crs in file_batches(path, opts["x"], opts["y"], columns, opts["crs"]):
            lon, lat = _to_lonlat(np.asarray(xs, dtype="float64"), np.asarray(ys, dtype="float64"), crs, report)
            yield lon, lat, table


def _assign_files(spec, idx, zidx, opts, columns):
    import pandas as pd
    import pyarrow as pa

    report = {"level": opts["level"], "vintage": opts["vintage"], "predicate": opts["predicate"],
              "files": 0}
    tables, parts, n_rows = [], [], 0
    # the next batch is read (a thread, no GIL) while this one is labelled
    for lon, lat, table in prefetch(_batches(spec, opts, columns, report)):
        new = {}
        if idx is not None:
            new["_u"] = _label(idx, lon, lat, opts["predicate"], report).astype("int16")
        if zidx is not None:
            new["_z"] = zidx.lookup(lon, lat, opts["predicate"]).astype("int16")
        parts.append(new)
        tables.append(table)
        n_rows += len(lon)  # not table.num_rows: a table of no columns may count 0 rows
    table = pa.concat_tables(tables) if tables else pa.table({})
    del tables
    # self_destruct frees each Arrow column as it is converted: the data is not held twice
    out = (table.to_pandas(self_destruct=True, split_blocks=True) if table.num_columns
           else pd.DataFrame(index=pd.RangeIndex(n_rows)))
    del table
    pa.default_memory_pool().release_unused()  # hand the read buffers back to the system
    if idx is not None:
        codes = np.concatenate([p["_u"] for p in parts]) if parts else np.empty(0, "int16")
        for k, v in _columns_for(codes, idx, opts["level"], opts["name"]).items():
            out[k] = v
    if zidx is not None:
        z = np.concatenate([p["_z"] for p in parts]) if parts else np.empty(0, "int16")
        out["in_region"] = z >= 0
        out["zone"] = pd.Categorical.from_codes(z, categories=pd.Index(list(zidx.keys), dtype=object))
        report["in_region"] = int((z >= 0).sum())
    out.attrs["assign_report"] = assign_report(report)
    return out


# ---------------------------------------------------------------------------- dask
def _partition(part, idx, zidx, opts):
    out = _assign_frame(part, idx, zidx, opts)
    out.attrs = {}  # per-partition reports do not combine lazily; count NaN in the result instead
    return out


def _assign_dask(ddf, idx, zidx, opts):
    import dask

    try:  # on a dask.distributed cluster: copy the index to every worker once, up front
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        client = None
    if client is not None:
        didx = client.scatter(idx, broadcast=True) if idx is not None else None
        dz = client.scatter(zidx, broadcast=True) if zidx is not None else None
    else:  # one graph key holding the index, shared by all partitions
        didx = dask.delayed(idx, pure=True) if idx is not None else None
        dz = dask.delayed(zidx, pure=True) if zidx is not None else None
    meta = _partition(ddf._meta, idx, zidx, opts)
    return ddf.map_partitions(_partition, didx, dz, opts, meta=meta)


# ---------------------------------------------------------------------------- aggregate
def aggregate(
    data: Any,
    level: int | str = POINT_LEVEL_DEFAULT,
    vintage: int = DEFAULT_VINTAGE,
    *,
    values: dict[str, str | list[str]] | None = None,
    x: str | None = None,
    y: str | None = None,
    crs: Any = None,
    predicate: str = "within",
    geometry: bool = True,
) -> Any:
    """Points -> one row per unit: counts, sums, means and shares.

    Parameters
    ----------
    data
        Anything :func:`assign` takes (a dask collection is computed: the result is small).
        Files are streamed one batch (about a million rows) at a time into per-unit
        counts, sums, minima and maxima, so any number of points aggregates in the memory
        of a few batches (100M points from 80 GeoParquet files: under 0.5 GB); ``median``
        needs every value and reads the files whole.
    level, vintage, x, y, crs, predicate
        As in :func:`assign` (``level`` not given: 2 with a FutureWarning, 1 from 0.4).
    values : dict, optional
        ``{column: "sum" | "mean" | "count" | "min" | "max" | "median" | "share" | [several]}``.
        Each gives a column ``<column>_<how>``. ``count`` counts non-missing values,
        ``share`` is the unit's sum over the sum of all assigned points (0-1).
    geometry : bool
        ``True`` (default): the units layer (schema columns, EPSG:4326) with the
        aggregates: map functions (``kz.choropleth``) take it directly. ``False``: a plain
        table ``kato``, ``level``, ``vintage`` and the aggregates, for ``kz.attach``.

    Returns
    -------
    GeoDataFrame or DataFrame
        Every unit of the layer, in KATO order: ``n_points`` (points inside, 0 where none
        fell), ``share_points`` (of all assigned points), and the requested aggregates:
        counts, sums and shares are 0 where no point fell, means/min/max/median NaN (there
        is nothing to average). ``attrs["assign_report"]`` (an :class:`AssignReport`)
        counts the points outside every unit or without coordinates (they are in no row).

    Examples
    --------
    >>> import kzregions as kz
    >>> agg = kz.aggregate(kz.centres(2024)[["geometry"]], level=1)
    >>> len(agg), int(agg["n_points"].sum()), int(agg.set_index("kato").loc["750000000", "n_points"])
    (20, 21, 1)
    >>> m = kz.choropleth(agg, "n_points")  # doctest: +SKIP
    """
    import pandas as pd

    lv = check_level(point_level(level, "aggregate"))
    spec = {c: ([h] if isinstance(h, str) else list(h)) for c, h in (values or {}).items()}
    for c, hows in spec.items():
        for h in hows:
            if h not in _AGG:
                raise InvalidArgumentError(f"values[{c!r}] = {h!r}: use one of {', '.join(_AGG)}")
    name = "_kz_unit"
    columns = list(spec)
    if _is_dask(data):
        assigned = assign(data, lv, vintage, x=x, y=y, crs=crs, predicate=predicate, name=name)
        keep = [name, *columns]
        frame = assigned[keep].compute()
        n_assigned = int(frame[name].notna().sum())
        report = {"n_points": len(frame), "assigned": n_assigned, "outside": len(frame) - n_assigned,
                  "missing_coordinates": None, "level": lv, "vintage": vintage, "predicate": predicate,
                  "note": "dask input: outside and missing coordinates are counted together"}
    elif isinstance(data, (str, os.PathLike, list, tuple)) and not any("median" in h for h in spec.values()):
        # files: streamed batch by batch into per-unit sums (memory bounded by a few batches)
        opts = dict(level=lv, vintage=vintage, x=x, y=y, crs=crs, predicate=predicate, name=name)
        stats, report = _stream_files(data, point_index(lv, vintage), spec, opts)
        return _finish_aggregate(stats, report, lv, vintage, geometry)
    else:
        if isinstance(data, (str, os.PathLike, list, tuple)):  # median needs every value at once
            frame = assign(data, lv, vintage, x=x, y=y, crs=crs, predicate=predicate, name=name,
                           columns=columns)
        else:
            missing = [c for c in columns if c not in data.columns]
            if missing:
                raise MissingColumnError(f"data has no column {missing[0]!r} (the points) (columns: {list(data.columns)[:20]})")
            frame = assign(data, lv, vintage, x=x, y=y, crs=crs, predicate=predicate, name=name)
        report = frame.attrs["assign_report"]
    g = frame.groupby(name, observed=False)
    stats = pd.DataFrame(index=pd.Index(point_index(lv, vintage).keys, dtype=object))
    stats["n_points"] = g.size().reindex(stats.index, fill_value=0).astype("int64").to_numpy()
    total = stats["n_points"].sum()
    stats["share_points"] = stats["n_points"] / total if total else np.nan
    for c, hows in spec.items():
        col = to_numbers(f"values[{c!r}]", frame[c]) if any(h != "count" for h in hows) else frame[c]
        gc = col.groupby(frame[name], observed=False)
        for h in hows:
            if h == "share":
                s = gc.sum().reindex(stats.index, fill_value=0)
                tot = s.sum()
                stats[f"{c}_share"] = (s / tot).to_numpy() if tot else np.nan
            elif h in ("count", "sum"):
                stats[f"{c}_{h}"] = getattr(gc, h)().reindex(stats.index, fill_value=0).to_numpy()
            else:
                stats[f"{c}_{h}"] = getattr(gc, h)().reindex(stats.index).to_numpy()
    return _finish_aggregate(stats, report, lv, vintage, geometry)


def _finish_aggregate(stats, report, lv, vintage, geometry):
    """The per-unit table (index: KATO, in order) as aggregate returns it."""
    from .boundaries import units

    stats = stats.reset_index(names="kato")
    if geometry:
        layer = units(lv, vintage).sort_values("kato").reset_index(drop=True)
        out = layer.merge(stats, on="kato", how="left")
        cols = [c for c in out.columns if c != "geometry"] + ["geometry"]
        out = out[cols]
    else:
        out = stats
        out.insert(1, "level", lv)
        out.insert(2, "vintage", int(vintage))
    out.attrs["assign_report"] = assign_report(report)
    return out


def _stream_files(spec_files, idx, spec, opts):
    """Per-unit counts, sums, minima and maxima of files, one batch at a time: (stats, report).

    Nothing per point is kept, so a hundred million points aggregate in the memory of a few
    batches. Sums are plain float64 sums in file order (``groupby().sum()`` may differ in the
    last digits); text that is not a number ("1,200") is refused where the column is summed,
    as in the in-memory path.
    """
    import pandas as pd

    ng = len(idx.keys)
    report = {"level": opts["level"], "vintage": opts["vintage"], "predicate": opts["predicate"], "files": 0}
    n = np.zeros(ng, dtype=np.int64)
    acc = {c: {"count": np.zeros(ng, np.int64), "num": np.zeros(ng, np.int64), "sum": np.zeros(ng),
               "min": np.full(ng, np.inf), "max": np.full(ng, -np.inf)} for c in spec}
    for lon, lat, table in prefetch(_batches(spec_files, opts, list(spec), report)):
        u = _label(idx, lon, lat, opts["predicate"], report)
        inside = u >= 0
        n += np.bincount(u[inside], minlength=ng)
        for c, a in acc.items():
            col, hows = table.column(c), set(spec[c])
            if hows == {"count"} and not _is_numeric(col):  # text: counted, never converted
                a["count"] += np.bincount(u[inside & np.asarray(col.is_valid())], minlength=ng)
                continue
            v = _numbers(col, f"values[{c!r}]")
            ok = inside & ~np.isnan(v)
            uo, vo = u[ok], v[ok]
            a["count"] += np.bincount(uo if _is_numeric(col) else u[inside & np.asarray(col.is_valid())],
                                      minlength=ng)
            a["num"] += np.bincount(uo, minlength=ng)
            if hows & {"sum", "mean", "share"}:
                a["sum"] += np.bincount(uo, weights=vo, minlength=ng)
            if "min" in hows:
                np.minimum.at(a["min"], uo, vo)
            if "max" in hows:
                np.maximum.at(a["max"], uo, vo)
    stats = pd.DataFrame(index=pd.Index(idx.keys, dtype=object))
    stats["n_points"] = n
    total = n.sum()
    stats["share_points"] = n / total if total else np.nan
    for c, hows in spec.items():
        a = acc[c]
        has = a["num"] > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            got = {"count": a["count"], "sum": a["sum"], "mean": np.where(has, a["sum"] / a["num"], np.nan),
                   "min": np.where(has, a["min"], np.nan), "max": np.where(has, a["max"], np.nan)}
        tot = a["sum"].sum()
        got["share"] = a["sum"] / tot if tot else np.full(ng, np.nan)
        for h in hows:
            stats[f"{c}_{h}"] = got[h]
    return stats, report


def _is_numeric(col) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(col.type) or pa.types.is_floating(col.type) or pa.types.is_boolean(col.type)


def _numbers(col, name: str | None = None) -> np.ndarray:
    """An Arrow column as float64 (nulls NaN); text that is not a number is refused when the
    column is summed (``name``), NaN when it is only counted."""
    import pandas as pd

    if _is_numeric(col):
        return np.asarray(col.to_numpy(zero_copy_only=False), dtype="float64")
    if name is not None:
        return to_numbers(name, col.to_pandas()).to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(col.to_pandas(), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
