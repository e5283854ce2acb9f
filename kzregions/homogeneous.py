"""Homogeneous regions (regionalisation): contiguous groups of units alike in given attributes.

:func:`regionalize` groups units that share borders into regions that are as alike inside as
possible: max-p (as many regions as a population floor allows; kzregions' own bounded
implementation of the spopt heuristic, see :mod:`kzregions._maxp`) or, for a given number of
regions, spopt's SKATER, AZP, spatially constrained Ward and region k-means. Islands (units
sharing no border with the rest, e.g. a city whose surrounding district has no data) are
linked to their nearest unit, dropped, or refused, as asked, and always reported.
:func:`compare_regionalizations` sets results side by side.

Attributes are standardised (z-scores) by default so that no column weighs more for its unit.
Borders come from the exactly tiling boundary layers (queen or rook contiguity, optionally with a
tolerance in metres for a user's own layer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _buildcheck as check
from ._contiguity import connect, contiguity
from .errors import RegionalizationError
from .regionalization import Regionalization, build, standardise

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

METHODS = ("maxp", "skater", "azp", "ward", "kmeans")
ISLANDS = ("nearest", "drop", "raise")


def regionalize(
    gdf: gpd.GeoDataFrame,
    columns: str | list[str],
    *,
    method: str = "maxp",
    floor: float | None = None,
    floor_column: str | None = None,
    n_regions: int | None = None,
    rule: str = "queen",
    tolerance: float = 0.0,
    islands: str = "nearest",
    standardize: bool = True,
    sums: str | list[str] | None = None,
    seed: int = 0,
) -> Regionalization:
    """Contiguous regions of units alike in ``columns`` (homogeneous regions).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units (polygons with a CRS and a unique ``kato`` column), e.g. ``kz.districts(2024)``
        with indicators attached.
    columns : str or list of str
        Numeric attributes the regions should be alike in. Units with a missing value are not
        grouped and are listed in ``unassigned``; infinite values are an error.
    method : {"maxp", "skater", "azp", "ward", "kmeans"}
        ``"maxp"``: the most regions that each reach ``floor`` of ``floor_column``, then the
        most alike. The others build ``n_regions`` regions (spopt's SKATER, AZP, spatially
        constrained Ward, region k-means) and take no floor (SKATER's own quorum counts
        units, not residents); ``floor_column`` is still totalled per region.
    floor : float, optional
        Least total of ``floor_column`` per region (e.g. 1 000 000 residents); required by
        ``"maxp"``.
    floor_column : str, optional
        The extensive column summed for the floor (e.g. ``"population_start_of_year"``).
        Units without a value are not grouped (``unassigned``).
    n_regions : int, optional
        Number of regions (all methods but ``"maxp"``), at least 2.
    rule : {"queen", "rook"}
        Contiguity: any common point, or a common border of positive length.
    tolerance : float
        Metres; units closer than this count as neighbours (0 for kzregions' exactly tiling
        layers; a few metres for a separately digitised layer).
    islands : {"nearest", "drop", "raise"}
        Parts of the map that share no border with the rest: link each to its nearest unit
        (the join and its length in km are in ``diagnostics["links"]``), leave them out
        (``unassigned``, reason "island"), or raise.
    standardize : bool
        Z-score the attributes first (default), so each weighs the same.
    sums : str or list of str, optional
        More extensive columns to total per region (``floor_column`` always is).
    seed : int
        Seed of the random choices (max-p, AZP, region k-means): the same seed gives the
        same regions.

    Returns
    -------
    Regionalization
        Labels per unit, dissolved regions with totals and member lists, diagnostics
        (``n_regions``, ``floor_met``, ``within_variance_share``, ``compactness_mean``,
        ``objective`` for max-p: total within-region cityblock dissimilarity of the
        standardised attributes, as spopt's).

    Raises
    ------
    RegionalizationError
        A floor the units cannot reach in total, a missing floor or ``n_regions``, a bad
        choice, islands with ``islands="raise"``, infinite values.
    MissingColumnError, InvalidInputError, DuplicateKeyError, EmptyInputError, CRSMismatchError
        Bad input frame or columns.

    Examples
    --------
    >>> import kzregions as kz
    >>> d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> d["density"] = d["population_start_of_year"] / d["area_km2"]
    >>> r = kz.regionalize(d, "density", floor=1_000_000, floor_column="population_start_of_year")
    >>> r.diagnostics["n_regions"], bool(r.diagnostics["floor_met"])
    (16, True)
    >>> sorted(r.unassigned["reason"].unique())
    ['no value of density, population_start_of_year']
    """
    gdf = check.units_frame("gdf", gdf)
    cols = check.column_names("columns", columns, gdf)
    method = check.choice("method", method, METHODS)
    rule = check.choice("rule", rule, ("queen", "rook"))
    islands = check.choice("islands", islands, ISLANDS)
    tol = check.number("tolerance", tolerance, low=0.0)
    seed_ = int(check.integer("seed", seed, low=0) or 0)
    if not isinstance(standardize, bool):
        raise RegionalizationError(f"standardize={standardize!r}: use True or False")
    extra = check.column_names("sums", sums or [], gdf, allow_empty=True)
    fcol, fval, k = _targets(gdf, method, floor, floor_column, n_regions)
    x_all = gdf[cols].to_numpy(dtype=float, na_value=np.nan)
    usable, unassigned = _usable(gdf, cols, fcol)
    x = standardise(x_all[usable]) if standardize else x_all[usable]
    sub = gdf[usable].reset_index(drop=True)
    graph = contiguity(sub.geometry, sub["kato"], rule=rule, tolerance=float(tol or 0.0))
    graph, keep, dropped = _islands(graph, sub, islands)
    labels = np.full(len(gdf), -1)
    pos = np.flatnonzero(usable)[keep]
    extra_dg: dict = {}
    if method == "maxp":
        lab, extra_dg = _maxp(x[keep], sub[fcol].to_numpy(float)[keep], fval, graph, seed_)
    else:
        lab = _spopt(method, x[keep], graph, k, seed_)
    labels[pos] = lab
    unassigned = _report(unassigned, sub.iloc[dropped], "island (no border with the other units)")
    attributes = np.full((len(gdf), x.shape[1]), np.nan)
    attributes[np.flatnonzero(usable)] = x
    dg = {"method": method, "links": [(graph.keys[a], graph.keys[b], round(km, 3)) for a, b, km in graph.links],
          "islands": list(graph.islands), "enclaves": dict(graph.enclaves), **extra_dg}
    params = {"columns": cols, "method": method, "floor": fval, "floor_column": fcol, "n_regions": k,
              "rule": rule, "tolerance": tol, "islands": islands, "standardize": standardize, "seed": seed_}
    sum_cols = tuple(dict.fromkeys([c for c in (fcol, *extra) if c]))
    return build(method, gdf, labels, unassigned=unassigned, sums=sum_cols, attributes=attributes,
                 floor=fval, floor_column=fcol, diagnostics=dg, params=params)


def _targets(gdf, method: str, floor, floor_column, n_regions) -> tuple:
    """Check the floor and the number of regions against the method."""
    fval = check.number("floor", floor, low=0.0, strict=True, optional=True)
    fcol = None
    if floor_column is not None:
        fcol = check.column_names("floor_column", floor_column, gdf)[0] if isinstance(floor_column, str) else \
            check.text("floor_column", floor_column)
        if (gdf[fcol] < 0).any():
            raise RegionalizationError(f"floor_column {fcol!r} has negative values: a floor sums an extensive "
                                       "count (residents, jobs)")
    if fval is not None and fcol is None:
        raise RegionalizationError("floor and floor_column go together: e.g. floor=1_000_000, "
                                   "floor_column='population_start_of_year'")
    k = check.integer("n_regions", n_regions, low=2, optional=True)
    if method == "maxp":
        if fval is None:
            raise RegionalizationError("method='maxp' needs floor and floor_column (the least total per region)")
        if k is not None:
            raise RegionalizationError("method='maxp' finds the number of regions itself: drop n_regions, or "
                                       "choose method='skater', 'azp', 'ward' or 'kmeans'")
    else:
        if k is None:
            raise RegionalizationError(f"method={method!r} needs n_regions (2 or more)")
        if fval is not None:
            raise RegionalizationError(f"method={method!r} cannot honour a floor: use method='maxp'")
        if k > len(gdf):
            raise RegionalizationError(f"n_regions={k} but gdf has only {len(gdf)} units")
    return fcol, fval, k


def _usable(gdf, cols: list, fcol: str | None) -> tuple:
    """Units with every value present; the others as (kato, name_en, reason)."""
    import pandas as pd

    needed = [*cols, *([fcol] if fcol and fcol not in cols else [])]
    missing = gdf[needed].isna().to_numpy()
    ok = ~missing.any(axis=1)
    reasons = [(str(gdf["kato"].iloc[i]), _name(gdf, int(i)),
                "no value of " + ", ".join(c for c, m in zip(needed, missing[i]) if m))
               for i in np.flatnonzero(~ok)]
    if not ok.any():
        raise RegionalizationError(f"no unit has values of every column {[*cols, *([fcol] if fcol else [])]}")
    return ok, pd.DataFrame(reasons, columns=["kato", "name_en", "reason"])


def _name(gdf, i: int):
    return gdf["name_en"].iloc[i] if "name_en" in gdf.columns else None


def _report(unassigned, rows, reason: str):
    import pandas as pd

    if not len(rows):
        return unassigned
    add = pd.DataFrame({"kato": rows["kato"].astype(str).to_numpy(),
                        "name_en": rows["name_en"].to_numpy() if "name_en" in rows.columns else None,
                        "reason": reason})
    return pd.concat([unassigned, add], ignore_index=True)


def _islands(graph, sub, policy: str) -> tuple:
    """Apply the island policy: (graph over kept units, kept positions, dropped positions)."""
    comp = graph.components()
    if comp.max() == 0:
        return graph, np.arange(graph.n), np.array([], dtype=int)
    if policy == "nearest":
        return connect(graph, sub.geometry), np.arange(graph.n), np.array([], dtype=int)
    sizes = np.bincount(comp)
    main = int(np.argmax(sizes))
    if policy == "raise":
        parts = [sorted(map(str, graph.keys[comp == c]))[:5] for c in range(len(sizes)) if c != main]
        raise RegionalizationError(f"{len(sizes) - 1} part(s) share no border with the rest: {parts}; use "
                                   "islands='nearest' (link to the nearest unit) or islands='drop'")
    keep = np.flatnonzero(comp == main)
    return graph.subset(keep), keep, np.flatnonzero(comp != main)


def _maxp(x, f, floor: float, graph, seed: int) -> tuple:
    from . import _maxp as solver

    total = float(f.sum())
    if total < floor:
        raise RegionalizationError(f"floor={floor:,.0f} is above the total of all grouped units ({total:,.0f}): "
                                   "no region can reach it; lower the floor")
    lab, obj, p, starts = solver.solve(x, f, floor, graph.neighbors, seed=seed)
    return lab, {"objective": obj, "starts": starts}


def _spopt(method: str, x, graph, k: int, seed: int):
    """Labels from spopt's SKATER, AZP, Ward or region k-means on a connected graph."""
    import warnings

    import geopandas as gpd

    if k > len(x):
        raise RegionalizationError(f"n_regions={k} but only {len(x)} units can be grouped")
    names = [f"a{i}" for i in range(x.shape[1])]
    frame = gpd.GeoDataFrame({n: x[:, i] for i, n in enumerate(names)})
    w = graph.to_w()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spopt and sklearn warn about things reported here
        if method == "skater":
            from spopt.region import Skater

            model = Skater(frame, w, names, n_clusters=k)
        elif method == "azp":
            from spopt.region import AZP

            model = AZP(frame, w, names, n_clusters=k, random_state=seed)
        elif method == "ward":
            from spopt.region import WardSpatial

            model = WardSpatial(frame, w, names, n_clusters=k)
        else:
            from spopt.region import RegionKMeansHeuristic

            model = RegionKMeansHeuristic(x, k, w, seed=seed)
        try:
            model.solve()
        except ValueError as exc:
            raise RegionalizationError(f"{method} found no solution with n_regions={k}: {exc}") from exc
    lab = np.asarray(model.labels_, dtype=int)
    _, lab = np.unique(lab, return_inverse=True)
    return lab


def compare_regionalizations(*results: Regionalization, names: list[str] | None = None,
                             columns: str | list[str] | None = None) -> pd.DataFrame:
    """Set regionalisations side by side: size, fit, compactness and agreement.

    Parameters
    ----------
    *results : Regionalization
        Two or more results over the same units (same ``kato`` codes).
    names : list of str, optional
        A label per result (default: the method, numbered if repeated).
    columns : str or list of str, optional
        Attributes (numeric columns of the results' ``units``) on which every result's
        ``within_variance_share`` is computed (z-scores), so that groupings built from other
        data (catchments, flows) are judged on the same attributes. Default: each result's
        own (NaN for results built without attributes).

    Returns
    -------
    pandas.DataFrame
        One row per result: ``method``, ``n_regions``, ``n_unassigned``,
        ``within_variance_share`` (lower: more alike inside), ``compactness_mean``,
        ``floor_met``, and ``ari:<name>``: the adjusted Rand index with each result (1:
        the same grouping; about 0: no more alike than chance), over the units both assign.

    Raises
    ------
    InvalidInputError
        Fewer than two results, or something else than a Regionalization.
    RegionalizationError
        Results over different units, or ``names`` of the wrong length.

    Examples
    --------
    >>> import kzregions as kz
    >>> import numpy as np
    >>> d = kz.districts(2024)
    >>> d["log_area"] = np.log(d["area_km2"])
    >>> a = kz.regionalize(d, "log_area", method="ward", n_regions=6)
    >>> b = kz.regionalize(d, "log_area", method="kmeans", n_regions=6)
    >>> t = kz.compare_regionalizations(a, b)
    >>> t["n_regions"].tolist(), float(t.loc["ward", "ari:ward"])
    ([6, 6], 1.0)
    """
    import pandas as pd

    from .errors import InvalidInputError

    if len(results) < 2 or not all(isinstance(r, Regionalization) for r in results):
        raise InvalidInputError("compare_regionalizations needs two or more Regionalization results")
    labels = [_labels(r.units) for r in results]
    if any(set(lab.index) != set(labels[0].index) for lab in labels[1:]):
        raise RegionalizationError("the results group different units: compare results over the same units")
    if names is None:
        methods = [r.method for r in results]
        names = [m if methods.count(m) == 1 else f"{m} {i + 1}" for i, m in enumerate(methods)]
    elif not isinstance(names, (list, tuple)) or len(names) != len(results) or len(set(names)) != len(names) \
            or not all(isinstance(n, str) for n in names):
        raise RegionalizationError(f"names must be {len(results)} distinct strings, got {names!r}")
    rows = []
    for name, r, lab in zip(names, results, labels):
        dg = r.diagnostics
        share = dg["within_variance_share"] if columns is None else _share_on(r, columns)
        row = {"name": name, "method": r.method, "n_regions": dg["n_regions"], "n_unassigned": dg["n_unassigned"],
               "within_variance_share": share, "compactness_mean": dg["compactness_mean"],
               "floor_met": dg.get("floor_met")}
        for other, lab2 in zip(names, labels):
            row[f"ari:{other}"] = adjusted_rand(lab, lab2.reindex(lab.index))
        rows.append(row)
    return pd.DataFrame(rows).set_index("name")


def _share_on(result: Regionalization, columns) -> float:
    """Within-region variance share of ``columns`` (z-scores) under a result's labels."""
    from .regionalization import variance_share

    cols = check.column_names("columns", columns, result.units)
    x = result.units[cols].to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(x).all(axis=1)
    z = np.full_like(x, np.nan)
    z[ok] = standardise(x[ok])
    labels = result.units["region"].fillna(-1).to_numpy(dtype=int)
    return variance_share(z, labels)


def _labels(units) -> pd.Series:
    return units.set_index(units["kato"].astype(str))["region"]


def adjusted_rand(a: Any, b: Any) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985) of two labellings, over the units both label."""
    import pandas as pd
    from scipy.special import comb

    a, b = pd.Series(a).reset_index(drop=True), pd.Series(b).reset_index(drop=True)
    ok = a.notna() & b.notna()
    if ok.sum() < 2:
        return float("nan")
    table = pd.crosstab(a[ok].astype(int), b[ok].astype(int)).to_numpy()
    index = comb(table, 2).sum()
    ra, rb = comb(table.sum(axis=1), 2).sum(), comb(table.sum(axis=0), 2).sum()
    expected = ra * rb / comb(int(ok.sum()), 2)
    top = (ra + rb) / 2
    return 1.0 if top == expected else float((index - expected) / (top - expected))
