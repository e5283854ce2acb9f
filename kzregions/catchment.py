"""Catchment areas (nodal regions around centres): nearest centre, Reilly's law, Huff's model.

:func:`catchments` gives every unit to a centre (regional centres, markets, hospitals):

* ``"nearest"``: the closest centre;
* ``"reilly"``: Reilly's law of retail gravitation, the centre with the largest attraction
  over distance squared (``A / d**exponent``); breaking points between neighbouring centres,
  ``d_ab / (1 + sqrt(A_b / A_a))`` km from ``a``, are reported;
* ``"huff"``: Huff's probabilistic model, ``P_ij = (A_j / d_ij**exponent) / sum_k (A_k /
  d_ik**exponent)``, each unit to its most probable centre, with the probabilities (each row
  sums to 1) and the expected totals per centre.

Distances are geodesic (WGS 84 ellipsoid, km) from each unit's representative point, or
accumulated over a cost raster (a :class:`~kzregions.rasters.Raster` of cost per km, e.g. made
with :func:`kzregions.rasterize`): least-cost paths through the 8 neighbouring cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _buildcheck as check
from ._crs import METRIC, STORAGE
from .errors import InvalidInputError, RegionalizationError
from .regionalization import Regionalization, build

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

METHODS = ("nearest", "reilly", "huff")


def catchments(
    gdf: gpd.GeoDataFrame,
    centres: gpd.GeoDataFrame,
    *,
    method: str = "huff",
    column: str | None = None,
    attraction: str | None = None,
    exponent: float = 2.0,
    distance: Any = "geodesic",
) -> Regionalization:
    """Catchment areas of centres: each unit to its nearest, Reilly or Huff centre.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units (polygons with a CRS and a unique ``kato``), e.g. ``kz.districts(2024)``.
    centres : geopandas.GeoDataFrame
        Points with a CRS, e.g. ``kz.centres(2024)``; named by ``name_en``/``name_kk``/
        ``name_ru`` where present, keyed by ``kato`` where present.
    method : {"huff", "reilly", "nearest"}
        Assignment rule (see the module notes).
    column : str, optional
        Extensive column of ``gdf`` (e.g. residents) totalled per catchment; with ``"huff"``
        also the expected total (``sum_i P_ij x_i``) per centre.
    attraction : str, optional
        Column of ``centres`` with each centre's pull (e.g. its population). Default: the
        total of ``column`` over the centre's own unit(s), the unit its point lies in, or all
        units of a city of republican significance (their ``oblast_kato`` is its code); units
        without a value are left out of that total and listed in
        ``diagnostics["attraction_missing"]`` (and the repr). ``"reilly"`` and ``"huff"`` need
        one of the two.
    exponent : float
        Distance decay (Reilly: 2; Huff's lambda, usually 1.5-2.5). Positive.
    distance : "geodesic" or Raster
        ``"geodesic"``: km on the WGS 84 ellipsoid. A :class:`~kzregions.rasters.Raster` of
        cost per km (positive; nodata and non-positive cells impassable): least-cost
        distance; units no path reaches are ``unassigned``.

    Returns
    -------
    Regionalization
        One region per centre that wins a unit, named after it; ``units`` and ``regions``
        gain ``centre`` (its code or index), ``units`` also ``distance_km`` (or the
        accumulated cost), ``regions`` (Huff with ``column``) ``expected_<column>``; ``diagnostics``
        hold ``breaking_points`` (Reilly), ``probabilities`` (Huff: units x centres, rows
        sum to 1) and ``expected`` (Huff with ``column``).

    Raises
    ------
    RegionalizationError
        A centre without attraction, a non-positive exponent or attraction, a bad method.
    InvalidInputError, EmptyInputError, CRSMismatchError, MissingColumnError
        Bad frames or columns.

    Examples
    --------
    >>> import kzregions as kz
    >>> d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> r = kz.catchments(d, kz.centres(2024), column="population_start_of_year")
    >>> r.diagnostics["n_regions"], r.diagnostics["probabilities"].sum(axis=1).round(6).unique().tolist()
    (20, [1.0])
    >>> kz.catchments(d, kz.centres(2024), method="nearest").labels["101000000"] is not None
    True
    """
    gdf = check.units_frame("gdf", gdf)
    pts = _centres(centres)
    method = check.choice("method", method, METHODS)
    col = check.column_names("column", column, gdf)[0] if column is not None else None
    exp = check.number("exponent", exponent, low=0.0, strict=True)
    assert exp is not None
    dist, origin = _distances(gdf, pts, distance)
    pull, missing = _attraction(gdf, pts, col, attraction) if method != "nearest" else (None, {})
    reachable = np.isfinite(dist).any(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = -dist if pull is None else pull[None, :] / np.maximum(dist, 1e-9) ** exp
    score = np.where(np.isfinite(dist), score, -np.inf)
    labels = np.where(reachable, np.argmax(score, axis=1), -1)
    dg: dict = {"attraction_missing": missing} if missing else {}
    if method == "huff":
        prob = np.where(np.isfinite(score), score, 0.0)
        prob = prob / np.where(prob.sum(axis=1, keepdims=True) > 0, prob.sum(axis=1, keepdims=True), 1.0)
        dg["probabilities"] = _frame(prob, gdf["kato"].astype(str), pts["key"])
        if col is not None:
            dg["expected"] = dg["probabilities"].mul(gdf[col].to_numpy(float), axis=0).sum(axis=0, min_count=1)
    return _result(gdf, pts, labels, dist, method, col, exp, origin, pull, dg)


def _result(gdf, pts, labels, dist, method, col, exp, origin, pull, dg) -> Regionalization:
    import pandas as pd

    if method == "reilly":
        dg["breaking_points"] = breaking_points(pts, pull)
    names = {int(j): {c: pts[c].iloc[int(j)] for c in ("name_en", "name_kk", "name_ru")} for j in set(labels) if j >= 0}
    units = gdf.copy()
    units["centre"] = [pts["key"].iloc[j] if j >= 0 else None for j in labels]
    units["distance_km"] = [dist[i, j] if j >= 0 else np.nan for i, j in enumerate(labels)]
    lost = units[labels < 0]
    unassigned = pd.DataFrame({"kato": lost["kato"].astype(str), "name_en": lost.get("name_en"),
                               "reason": "no path to any centre on the cost surface"})
    dg["distance"] = origin
    # where each centre is (lon, lat, EPSG:4326): the map marks them
    dg["centre_points"] = {str(k): (float(g.x), float(g.y)) for k, g in zip(pts["key"], pts.geometry)}
    # and how each is named (a map names the centres that win no unit)
    dg["centre_names"] = {str(k): {c: str(pts[c].iloc[j]) for c in ("name_en", "name_kk", "name_ru")}
                          for j, k in enumerate(pts["key"])}
    params = {"method": method, "column": col, "exponent": exp, "distance": origin,
              "centres": list(pts["key"])}
    out = build(method, units, labels, names=names, unassigned=unassigned, sums=(col,) if col else (),
                diagnostics=dg, params=params)
    first = out.units.dropna(subset=["region"]).groupby("region")["centre"].first()
    out.regions["centre"] = out.regions["region"].map(first).to_numpy()
    if "expected" in dg:
        out.regions[f"expected_{col}"] = out.regions["centre"].map(dg["expected"]).to_numpy()
    return out


def _frame(values, index, columns):
    import pandas as pd

    return pd.DataFrame(values, index=pd.Index(list(index), name="kato"),
                        columns=pd.Index(list(columns), name="centre"))


def _centres(centres) -> Any:
    """Centres as points in EPSG:4326 with ``key`` and the three name columns."""
    import geopandas as gpd

    if not isinstance(centres, gpd.GeoDataFrame):
        raise InvalidInputError(f"centres must be a GeoDataFrame of points (e.g. kz.centres(2024)), "
                                f"got {type(centres).__name__}")
    if len(centres) == 0:
        from .errors import EmptyInputError

        raise EmptyInputError("centres is empty: catchments need at least one centre")
    if centres.crs is None:
        from .errors import CRSMismatchError

        raise CRSMismatchError("centres has no CRS: set one, e.g. centres.set_crs('EPSG:4326')")
    geom = centres.geometry
    if geom.isna().any() or geom.is_empty.any() or set(geom.geom_type) != {"Point"}:
        raise RegionalizationError("centres must hold one point each (no empty or missing geometry)")
    pts = centres.to_crs(STORAGE).reset_index()
    pts["key"] = pts["kato"].astype(str) if "kato" in pts.columns else pts.iloc[:, 0].astype(str)
    if pts["key"].duplicated().any():
        raise RegionalizationError(f"centres repeats keys {sorted(set(pts.loc[pts['key'].duplicated(), 'key']))}")
    for c in ("name_en", "name_kk", "name_ru"):
        if c not in pts.columns:
            pts[c] = pts["name_en"] if "name_en" in pts.columns else pts["key"]
    return pts


def _points(gdf):
    """A representative point of each unit (inside it, unlike a centroid), EPSG:4326."""
    return gdf.geometry.to_crs(METRIC).representative_point().to_crs(STORAGE)


def _distances(gdf, pts, distance) -> tuple:
    """(units x centres) km, or accumulated cost; and a word saying which."""
    from .rasters import Raster

    if isinstance(distance, str) and distance == "geodesic":
        from pyproj import Geod

        p = _points(gdf)
        geod = Geod(ellps="WGS84")
        ux, uy = np.repeat(p.x.to_numpy(), len(pts)), np.repeat(p.y.to_numpy(), len(pts))
        cx, cy = np.tile(pts.geometry.x.to_numpy(), len(p)), np.tile(pts.geometry.y.to_numpy(), len(p))
        _, _, metres = geod.inv(ux, uy, cx, cy)
        return np.asarray(metres).reshape(len(p), len(pts)) / 1000.0, "geodesic"
    if isinstance(distance, Raster):
        return cost_distances(distance, _points(gdf), pts.geometry), "cost raster"
    raise RegionalizationError(f"distance={distance!r}: use 'geodesic' or a kzregions Raster of cost per km")


def cost_distances(cost: Any, origins: Any, centres: Any) -> np.ndarray:
    """Least accumulated cost from each centre to each origin point over a cost raster.

    Each step between 8-neighbouring cells costs the mean of their two costs times the step
    length in km (the raster must be in a metric CRS); cells that are nodata, NaN or not
    positive are impassable; each point starts from its nearest passable cell. Returns
    (origins x centres), inf where no path exists.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    a = np.asarray(cost.array, dtype=float)
    if cost.crs is None or getattr(cost.crs, "is_geographic", False):
        raise RegionalizationError("distance raster must be in a metric CRS (cells in metres)")
    ok = np.isfinite(a) & (a > 0)
    if cost.nodata is not None:
        ok &= a != cost.nodata
    h, w = a.shape
    idx = np.arange(h * w).reshape(h, w)
    cx, cy = abs(cost.transform.a) / 1000.0, abs(cost.transform.e) / 1000.0
    rows, cols, vals = [], [], []
    for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
        step = float(np.hypot(dr * cy, dc * cx))
        r0, r1 = max(0, -dr), h - max(0, dr)
        c0, c1 = max(0, -dc), w - max(0, dc)
        src = (slice(r0, r1), slice(c0, c1))
        dst = (slice(r0 + dr, r1 + dr), slice(c0 + dc, c1 + dc))
        both = ok[src] & ok[dst]
        rows.append(idx[src][both])
        cols.append(idx[dst][both])
        vals.append((a[src][both] + a[dst][both]) / 2 * step)
    graph = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(h * w, h * w))
    # each point starts from the nearest passable cell (a small town at the border may fall
    # in a cell whose centre lies outside the country's mask)
    from scipy.spatial import cKDTree

    valid_cells = np.flatnonzero(ok.ravel())
    if not len(valid_cells):
        raise RegionalizationError("distance raster has no passable cell (all nodata or not positive)")
    vr, vc = np.divmod(valid_cells, w)
    t = cost.transform
    tree = cKDTree(np.column_stack([t.c + (vc + 0.5) * t.a, t.f + (vr + 0.5) * t.e]))
    cells = []
    for g in (centres, origins):
        xy = g.to_crs(cost.crs)
        _, nearest = tree.query(np.column_stack([xy.x.to_numpy(), xy.y.to_numpy()]))
        cells.append(valid_cells[nearest])
    src_cells, dst_cells = cells
    dist = dijkstra(graph.tocsr(), directed=False, indices=src_cells)
    return dist[:, dst_cells].T


def _attraction(gdf, pts, col, attraction) -> tuple:
    """Each centre's pull: its ``attraction`` value, or ``col`` over its own unit(s); and the
    units left out of a centre's total for want of a value."""
    import shapely

    missing: dict = {}
    if attraction is not None:
        name = check.text("attraction", attraction)
        if name not in pts.columns:
            raise RegionalizationError(f"attraction: centres has no column {name!r} (columns: {list(pts.columns)})")
        vals = pts[name].to_numpy(dtype=float, na_value=np.nan)
    elif col is None:
        raise RegionalizationError("method='reilly' and 'huff' need each centre's attraction: give attraction= "
                                   "(a column of centres) or column= (its units' total, e.g. residents)")
    else:
        geoms = np.asarray(gdf.geometry.to_crs(STORAGE).values)
        values = gdf[col].to_numpy(dtype=float, na_value=np.nan)
        obl = gdf["oblast_kato"].astype(str).to_numpy() if "oblast_kato" in gdf.columns else None
        vals = np.full(len(pts), np.nan)
        for j, (key, point) in enumerate(zip(pts["key"], pts.geometry)):
            own = (obl == key) if obl is not None else np.zeros(len(gdf), bool)
            if not own.any():
                own = shapely.contains(geoms, point) | shapely.touches(geoms, point)
            if own.any() and not np.isnan(values[own]).all():
                vals[j] = np.nansum(values[own])
                if np.isnan(values[own]).any():
                    missing[key] = sorted(gdf.loc[own & np.isnan(values), "kato"].astype(str))
    bad = ~np.isfinite(vals) | (vals <= 0)
    if bad.any():
        raise RegionalizationError(f"attraction: centres {list(pts.loc[bad, 'key'])} have no positive finite "
                                   "attraction (no value, or not inside any unit); give attraction= explicitly")
    return vals, missing


def breaking_points(pts, pull) -> Any:
    """Reilly's breaking point for every pair of centres: ``d_ab / (1 + sqrt(A_b / A_a))`` km
    from ``a`` along the geodesic (``distance_km`` is ``d_ab``)."""
    import pandas as pd
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    rows = []
    n = len(pts)
    for a in range(n):
        for b in range(a + 1, n):
            pa, pb = pts.geometry.iloc[a], pts.geometry.iloc[b]
            d = geod.inv(pa.x, pa.y, pb.x, pb.y)[2] / 1000.0
            rows.append({"centre_a": pts["key"].iloc[a], "centre_b": pts["key"].iloc[b], "distance_km": d,
                         "breaking_point_km": d / (1 + np.sqrt(pull[b] / pull[a]))})
    return pd.DataFrame(rows, columns=["centre_a", "centre_b", "distance_km", "breaking_point_km"])
