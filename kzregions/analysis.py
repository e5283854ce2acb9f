"""Regional typology and inequality: classify regions, measure disparities, find clusters.

- :func:`inequality`: coefficient of variation, Williamson index, Gini, Theil T (GE(1)) and
  Theil L (GE(0), mean log deviation), max/min and top/bottom quintile ratios; weighted by
  population or not; one row per year with ``by="year"``.
- :func:`theil_decomposition`: Theil T and L split into between- and within-group parts.
- :func:`convergence`: sigma convergence (dispersion over time, with its trend) and
  unconditional beta convergence (growth regressed on the initial log level).
- :func:`spatial_autocorrelation`: global Moran's I with permutation inference and local
  Moran (LISA) clusters, on queen contiguity (PySAL: libpysal, esda).
- :func:`typology`: rule-based types of regional policy (growth pole, depressed,
  stagnating, pioneer, catching up, developed/stable) with explicit thresholds and, per unit, the
  reason it got its type; :func:`cluster_typology` is a data-driven alternative (k-means
  on standardised criteria).

Unweighted Gini and Theil T come from PySAL's ``inequality`` package; the weighted forms
(which PySAL does not offer) are implemented here and reduce to PySAL's values when all
weights are equal (tested, as is equality with PySAL on integer-weight replication).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import KzRegionsError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

MEASURES = ["n", "mean", "cv", "williamson", "gini", "theil_t", "theil_l", "max_min_ratio",
            "quintile_ratio"]


# ----------------------------------------------------------------------------- inequality
def _clean(y, w):
    import numpy as np

    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if y.shape != w.shape:
        raise ValueError(f"values ({y.shape}) and weights ({w.shape}) differ in length")
    ok = ~(np.isnan(y) | np.isnan(w))
    y, w = y[ok], w[ok]
    if (w < 0).any():
        raise ValueError("weights must not be negative")
    if (y < 0).any():
        raise ValueError("inequality measures need non-negative values (incomes, rates, per-capita figures)")
    return y, w, int((~ok).sum())


def gini(y, w=None) -> float:
    """Gini coefficient; with weights, the population-weighted Gini
    G = Σi Σj wi wj |yi − yj| / (2 (Σw)² ȳw)."""
    import numpy as np

    y, w, _ = _clean(y, w)
    if len(y) == 0 or y.sum() == 0:
        return float("nan")
    mu = np.average(y, weights=w)
    diff = np.abs(y[:, None] - y[None, :])
    return float((w[:, None] * w[None, :] * diff).sum() / (2 * w.sum() ** 2 * mu))


def theil_t(y, w=None) -> float:
    """Theil T (GE(1)): Σ si ln(yi/ȳ), si = wi yi / Σ w y (income share), ȳ the weighted mean."""
    import numpy as np

    y, w, _ = _clean(y, w)
    mu = np.average(y, weights=w)
    s = w * y / (w * y).sum()
    pos = y > 0
    return float((s[pos] * np.log(y[pos] / mu)).sum())


def theil_l(y, w=None) -> float:
    """Theil L (GE(0), mean log deviation): Σ pi ln(ȳ/yi), pi = wi / Σw. Infinite if a value is 0."""
    import numpy as np

    y, w, _ = _clean(y, w)
    mu = np.average(y, weights=w)
    p = w / w.sum()
    with np.errstate(divide="ignore"):
        return float((p * np.log(mu / y)).sum())


def cv(y, w=None) -> float:
    """Coefficient of variation: (weighted) standard deviation over (weighted) mean. With
    population weights this is the Williamson index."""
    import numpy as np

    y, w, _ = _clean(y, w)
    mu = np.average(y, weights=w)
    return float(math.sqrt(np.average((y - mu) ** 2, weights=w)) / mu)


def _quintile_ratio(y, w) -> float:
    """Mean of the richest fifth over mean of the poorest fifth (of units, or of population
    with weights: units ranked by value, each counted with its weight's share)."""
    import numpy as np

    y, w, _ = _clean(y, w)
    order = np.argsort(y)
    y, w = y[order], w[order] / w.sum()
    cum = np.cumsum(w)
    start = cum - w

    def mean_between(lo, hi):
        take = np.clip(np.minimum(cum, hi) - np.maximum(start, lo), 0, None)
        return (take * y).sum() / take.sum()

    bottom = mean_between(0.0, 0.2)
    return float(mean_between(0.8, 1.0) / bottom) if bottom > 0 else float("inf")


def inequality(
    df: pd.DataFrame,
    column: str,
    weights: str | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Inequality between units, optionally per year (or any grouping column).

    Parameters
    ----------
    df : DataFrame
        One row per unit (per ``by`` value).
    column : str
        The value (per-capita GRP, income, unemployment rate, ...).
    weights : str, optional
        A column of weights (population). ``None``: every unit counts equally.
    by : str, optional
        Compute one row per value of this column (e.g. ``"year"``).

    Returns
    -------
    pandas.DataFrame
        Columns: ``n`` (units with a value), ``missing``, ``mean`` (weighted), ``cv``,
        ``williamson`` (population-weighted CV: NaN without weights), ``gini``,
        ``theil_t``, ``theil_l``, ``max_min_ratio``, ``quintile_ratio``; ``attrs`` names
        the column and the weights.
    """
    import numpy as np
    import pandas as pd

    for c in [column] + ([weights] if weights else []) + ([by] if by else []):
        if c not in df.columns:
            raise KeyError(f"no column {c!r} (columns: {list(df.columns)})")

    def one(g):
        y = g[column].to_numpy(dtype=float)
        w = g[weights].to_numpy(dtype=float) if weights else None
        yc, wc, miss = _clean(y, w)
        if len(yc) < 2:
            return pd.Series({"n": len(yc), "missing": miss, **{m: np.nan for m in MEASURES[1:]}})
        wv = wc if weights else None
        return pd.Series({
            "n": len(yc), "missing": miss, "mean": float(np.average(yc, weights=wc)), "cv": cv(yc, wv),
            "williamson": cv(yc, wc) if weights else np.nan, "gini": gini(yc, wv),
            "theil_t": theil_t(yc, wv), "theil_l": theil_l(yc, wv),
            "max_min_ratio": float(yc.max() / yc.min()) if yc.min() > 0 else np.inf,
            "quintile_ratio": _quintile_ratio(yc, wv),
        })

    if by is None:
        out = one(df).to_frame().T
    else:
        out = pd.DataFrame({k: one(g) for k, g in df.groupby(by, sort=True)}).T
        out.index.name = by
    out = out.astype({"n": int, "missing": int})
    out.attrs.update(column=column, weights=weights)
    return out


@dataclass
class TheilDecomposition:
    """Theil T and L split into between- and within-group inequality (they add up)."""

    t: float
    t_between: float
    t_within: float
    l: float  # noqa: E741
    l_between: float
    l_within: float
    groups: Any = field(repr=False)

    def __repr__(self) -> str:
        return (f"TheilDecomposition(T={self.t:.4f} = between {self.t_between:.4f} "
                f"({self.t_between / self.t:.0%}) + within {self.t_within:.4f}; "
                f"L={self.l:.4f} = between {self.l_between:.4f} + within {self.l_within:.4f}; "
                f"{len(self.groups)} groups)")


def theil_decomposition(df, column: str, groups: str, weights: str | None = None) -> TheilDecomposition:
    """Decompose Theil T and L by groups (e.g. districts by ``oblast_kato``).

    T = Σg sg Tg + Σg sg ln(ȳg/ȳ), with sg the group's share of the total (income);
    L = Σg pg Lg + Σg pg ln(ȳ/ȳg), with pg the group's share of the weights (population).
    ``groups`` of the result lists each group's mean, shares and own T and L.
    """
    import numpy as np
    import pandas as pd

    for c in (column, groups) + ((weights,) if weights else ()):
        if c not in df.columns:
            raise KeyError(f"no column {c!r}")
    d = df[[column, groups] + ([weights] if weights else [])].dropna()
    y = d[column].to_numpy(dtype=float)
    w = d[weights].to_numpy(dtype=float) if weights else np.ones(len(d))
    mu = np.average(y, weights=w)
    total_yw = (w * y).sum()
    rows = []
    for g, part in d.groupby(groups, sort=True):
        yg = part[column].to_numpy(dtype=float)
        wg = part[weights].to_numpy(dtype=float) if weights else np.ones(len(part))
        rows.append({"group": g, "n": len(part), "mean": np.average(yg, weights=wg),
                     "income_share": (wg * yg).sum() / total_yw, "weight_share": wg.sum() / w.sum(),
                     "theil_t": theil_t(yg, wg), "theil_l": theil_l(yg, wg)})
    gt = pd.DataFrame(rows)
    t_w = float((gt["income_share"] * gt["theil_t"]).sum())
    t_b = float((gt["income_share"] * np.log(gt["mean"] / mu)).sum())
    l_w = float((gt["weight_share"] * gt["theil_l"]).sum())
    l_b = float((gt["weight_share"] * np.log(mu / gt["mean"])).sum())
    return TheilDecomposition(theil_t(y, w), t_b, t_w, theil_l(y, w), l_b, l_w, gt)


# ----------------------------------------------------------------------------- convergence
@dataclass
class Convergence:
    """Sigma and beta convergence of a value across units over time.

    Attributes
    ----------
    sigma : DataFrame
        Per year: ``cv`` and ``sd_log`` (standard deviation of log values) and ``n``.
    sigma_trend : dict
        Least-squares slope of ``sd_log`` on the year (per year), its p-value and R²;
        a negative significant slope is sigma convergence.
    beta : dict
        Unconditional beta convergence between the first and last year: the slope ``b`` of
        the mean annual log growth on the initial log level, its standard error, t, p,
        R², n, the implied speed ``lambda`` = −ln(1 + bT)/T and the half-life ln 2/λ (years).
    """

    sigma: Any
    sigma_trend: dict
    beta: dict
    column: str

    def __repr__(self) -> str:
        b = self.beta
        st = self.sigma_trend
        verdict = "converging" if b["b"] < 0 and b["p"] < 0.05 else "no significant beta convergence"
        return (f"Convergence({self.column}: beta b={b['b']:.4f} (p={b['p']:.3f}, n={b['n']}, "
                f"{b['start']}-{b['end']}) -> {verdict}; sigma (sd of logs) slope "
                f"{st['slope']:+.4f}/yr (p={st['p']:.3f}))")


def convergence(panel, column: str, start: int | None = None, end: int | None = None,
                unit: str = "kato", year: str = "year") -> Convergence:
    """Sigma and beta convergence of ``column`` in a long or wide panel (unit, year, value).

    Only units with values in both ``start`` and ``end`` enter the beta regression; sigma
    uses every unit with a value in each year.
    """
    import numpy as np
    from scipy import stats

    for c in (unit, year, column):
        if c not in panel.columns:
            raise KeyError(f"no column {c!r}")
    d = panel[[unit, year, column]].dropna()
    if (d[column] <= 0).any():
        raise ValueError("convergence uses logs: values must be positive")
    years = sorted(d[year].unique())
    start = years[0] if start is None else start
    end = years[-1] if end is None else end
    sig = d[(d[year] >= start) & (d[year] <= end)].groupby(year)[column].agg(
        n="size", cv=lambda v: v.std(ddof=0) / v.mean(), sd_log=lambda v: np.log(v).std(ddof=0))
    if len(sig) >= 3:
        lr = stats.linregress(sig.index.astype(float), sig["sd_log"].to_numpy())
        trend = {"slope": lr.slope, "p": lr.pvalue, "r2": lr.rvalue ** 2}
    else:
        trend = {"slope": np.nan, "p": np.nan, "r2": np.nan}
    wide = d.pivot_table(index=unit, columns=year, values=column, aggfunc="first")
    if start not in wide or end not in wide:
        raise KeyError(f"no values for {start} or {end}")
    both = wide[[start, end]].dropna()
    if len(both) < 3:
        raise KzRegionsError(f"beta convergence needs at least 3 units with values in {start} and {end}")
    T = end - start
    g = np.log(both[end] / both[start]) / T
    x = np.log(both[start])
    lr = stats.linregress(x, g)
    b = lr.slope
    lam = -math.log(1 + b * T) / T if 1 + b * T > 0 else float("nan")
    beta = {"b": b, "se": lr.stderr, "t": b / lr.stderr if lr.stderr else np.nan, "p": lr.pvalue,
            "r2": lr.rvalue ** 2, "n": len(both), "start": start, "end": end, "lambda": lam,
            "half_life": math.log(2) / lam if lam and lam > 0 else float("nan")}
    return Convergence(sig, trend, beta, column)


# ----------------------------------------------------------------------------- spatial
@dataclass
class SpatialAutocorrelation:
    """Moran's I and LISA clusters of one variable.

    Attributes
    ----------
    moran : esda.Moran
        ``I``, ``EI``, ``p_sim`` (permutation p-value), ``z_sim``.
    lisa : GeoDataFrame
        The units with ``value``, ``lisa_I``, ``quadrant`` (1 HH, 2 LH, 3 LL, 4 HL),
        ``p_sim`` and ``cluster`` ("High-High", "Low-Low", "High-Low", "Low-High" where
        significant at ``alpha``, else "Not significant"; missing where the value is
        missing: those units are left out of the weights and mapped as "no data").
    weights : libpysal.weights.W
    alpha : float
    """

    column: str
    moran: Any
    lisa: Any = field(repr=False)
    weights: Any = field(repr=False)
    alpha: float = 0.05
    notes: list = field(default_factory=list)

    def __repr__(self) -> str:
        counts = self.lisa["cluster"].fillna("no data").value_counts().to_dict()
        return (f"SpatialAutocorrelation({self.column}: Moran's I={self.moran.I:.3f} "
                f"(E[I]={self.moran.EI:.3f}, p_sim={self.moran.p_sim:.3f}, {self.moran.permutations} "
                f"permutations); LISA at alpha={self.alpha}: {counts})")

    def plot(self, **kwargs):
        """Map of the LISA clusters (see :func:`kzregions.maps.categorical_map`)."""
        from .maps import categorical_map

        kwargs.setdefault("title", f"Local Moran clusters: {self.column}")
        return categorical_map(self.lisa, "cluster", colors=LISA_COLORS, order=list(LISA_COLORS), **kwargs)


LISA_COLORS = {"High-High": "#d7191c", "Low-Low": "#2c7bb6", "High-Low": "#fdae61", "Low-High": "#abd9e9",
               "Not significant": "#f0f0f0"}


def spatial_autocorrelation(
    gdf: gpd.GeoDataFrame,
    column: str,
    permutations: int = 999,
    alpha: float = 0.05,
    seed: int | None = 12345,
    weights=None,
) -> SpatialAutocorrelation:
    """Global and local Moran's I on queen contiguity.

    Queen contiguity is built from the harmonised polygons (which tile their parent, so
    neighbours share borders exactly). An island (a unit with no neighbour) is joined to its
    nearest unit and named in ``notes``; the enclave cities (Astana in Akmola, Almaty in
    Almaty oblast, Shymkent in Turkistan; Baikonur among Kyzylorda's districts) have their
    surrounding unit as neighbour. Units without a value are left out of the weights and
    reported as "No data". Weights are row-standardised.
    """
    import warnings

    import esda
    import libpysal
    import numpy as np

    if column not in gdf.columns:
        raise KeyError(f"no column {column!r}")
    notes = []
    has = gdf[column].notna().to_numpy()
    sub = gdf[has].reset_index(drop=True)
    if len(sub) < 5:
        raise KzRegionsError(f"Moran's I needs at least 5 units with a value of {column!r}, got {len(sub)}")
    if not has.all():
        notes.append(f"{(~has).sum()} units without a value left out: "
                     f"{', '.join(gdf.loc[~has, 'name_en'] if 'name_en' in gdf else [])}")
    if weights is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libpysal warns about islands; handled below
            w = libpysal.weights.Queen.from_dataframe(sub, use_index=False)
            if w.islands:
                knn = libpysal.weights.KNN.from_dataframe(sub.set_geometry(sub.representative_point()), k=1)
                names = [sub["name_en"].iloc[i] if "name_en" in sub else str(i) for i in w.islands]
                w = libpysal.weights.attach_islands(w, knn)
                notes.append(f"islands joined to their nearest unit: {', '.join(names)}")
    else:
        w = weights
    w.transform = "r"
    y = sub[column].to_numpy(dtype=float)
    if seed is not None:
        np.random.seed(seed)  # esda draws permutations from numpy's global generator
    mi = esda.Moran(y, w, permutations=permutations)
    loc = esda.Moran_Local(y, w, permutations=permutations, seed=seed)
    names = {1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low"}
    cluster = np.where(loc.p_sim <= alpha, [names[q] for q in loc.q], "Not significant")
    out = gdf.copy()
    out["value"] = out[column]
    for col, vals in (("lisa_I", loc.Is), ("quadrant", loc.q), ("p_sim", loc.p_sim), ("cluster", cluster)):
        full = np.full(len(gdf), None, dtype=object)
        full[has] = vals
        out[col] = full
    out["lisa_I"] = out["lisa_I"].astype(float)
    out["p_sim"] = out["p_sim"].astype(float)
    return SpatialAutocorrelation(column, mi, out, w, alpha, notes)


# ----------------------------------------------------------------------------- typology
TYPES = ("growth pole", "depressed", "pioneer", "stagnating", "catching up", "developed/stable", "unclassified")
TYPE_COLORS = {"growth pole": "#b2182b", "depressed": "#5e3c99", "pioneer": "#1a9850",
               "stagnating": "#fdb863", "catching up": "#a6d96a", "developed/stable": "#d9d9d9",
               "unclassified": "#ffffff"}


@dataclass
class Thresholds:
    """The rules' thresholds (documented defaults; change any of them).

    Growth is the compound annual growth of the ``growth`` indicator **relative to the
    national rate** (percentage points per year), because the shipped GRP figures are in
    current prices: the national rate carries the inflation every region shares.

    Attributes
    ----------
    pole_level : float
        Growth pole: level index (national = 100) at least this ... (default 120)
    pole_growth : float
        ... and late growth gap at least this (pp/yr, default +1).
    depressed_early : float
        Depressed: early-period growth gap at least this (once fast-growing, default +1) ...
    depressed_late : float
        ... and late-period gap at most this (now lagging, default −1).
    pioneer_level : float
        Pioneer: level index below this (low base, default 100) ...
    pioneer_growth : float
        ... late growth gap at least this (default +2) ...
    pioneer_density : float
        ... and population density below this (persons/km², default 5).
    stagnating_level : float
        Stagnating: level index below this (default 90) ...
    stagnating_growth : float
        ... and late growth gap below this ("zero" relative growth, default +1). A unit
        below ``stagnating_level`` that grows faster is "catching up".
    """

    pole_level: float = 120.0
    pole_growth: float = 1.0
    depressed_early: float = 1.0
    depressed_late: float = -1.0
    pioneer_level: float = 100.0
    pioneer_growth: float = 2.0
    pioneer_density: float = 5.0
    stagnating_level: float = 90.0
    stagnating_growth: float = 1.0


@dataclass
class Typology:
    """The result of :func:`typology`.

    Attributes
    ----------
    table : DataFrame
        One row per unit: ``kato``, ``name_en``, ``type``, ``reason`` (the rule that
        fired, with the numbers), the criteria (``level_index``, ``growth_early``,
        ``growth_late`` as gaps to the national rate, ``cagr_early``, ``cagr_late``,
        ``density``, ``population_growth``) and the thresholds used.
    thresholds : Thresholds
    """

    table: Any
    thresholds: Thresholds
    params: dict

    def __repr__(self) -> str:
        counts = self.table["type"].value_counts().to_dict()
        p = self.params
        return (f"Typology({p['level']} level in {p['end']}, {p['growth']} growth {p['start']}-{p['mid']}-"
                f"{p['end']}, {p['vintage']} boundaries): {counts}")

    def plot(self, **kwargs):
        """Map of the types (see :func:`kzregions.maps.categorical_map`)."""
        from . import data
        from .attributes import attach
        from .maps import categorical_map

        units = data.oblasts(self.params["vintage"]) if self.params["level_n"] == 1 \
            else data.districts(self.params["vintage"])
        gdf = attach(units, self.table[["kato", "type"]])
        kwargs.setdefault("title", "Types of regions")
        return categorical_map(gdf, "type", colors=TYPE_COLORS, order=list(TYPES), **kwargs)


def typology(
    panel,
    level: str = "grp_per_capita",
    growth: str | None = None,
    start: int = 2010,
    end: int = 2021,
    mid: int | None = None,
    vintage: int = 2018,
    population: str = "population_start_of_year",
    thresholds: Thresholds | None = None,
    units_level: int = 1,
) -> Typology:
    """Classify regions into the types of regional policy, by explicit rules.

    Parameters
    ----------
    panel : DataFrame
        Wide panel (``kato``, ``year`` and indicator columns; a ``vintage`` column as
        :func:`kzregions.panel` gives is honoured: rows of other boundaries are used only
        for units that did not change).
    level : str
        Indicator of the development level, compared with the national value in ``end``
        (national = 100; the national figure from the shipped panel's national rows).
    growth : str, optional
        Indicator whose growth is measured (default: ``level``); early period
        ``start``-``mid``, late period ``mid``-``end`` (``mid`` default: halfway).
    vintage : {2018, 2024}
        Boundaries of the units typed.
    population : str
        Indicator for density (``end``) and population growth (``start``-``end``), from
        the panel if it has it, else from the shipped panel.
    thresholds : Thresholds, optional

    Returns
    -------
    Typology
        Units missing a criterion are "unclassified" with the reason.
    """
    import numpy as np
    import pandas as pd

    from . import data
    from .attributes import _canonical, _national, stable_units
    from .attributes import panel as shipped_panel

    th = thresholds or Thresholds()
    growth = growth or level
    mid = mid if mid is not None else (start + end) // 2
    if not start < mid < end:
        raise ValueError(f"need start < mid < end, got {start}, {mid}, {end}")
    for c in ("kato", "year", level, growth):
        if c not in panel.columns:
            raise KeyError(f"panel has no column {c!r}")
    units = data.oblasts(vintage) if units_level == 1 else data.districts(vintage)
    p = panel.copy()
    if "vintage" in p.columns:
        ok = p["vintage"] == vintage
        for v in set(p.loc[~ok, "vintage"].dropna().astype(int)):
            ok |= (p["vintage"] == v) & p["kato"].isin(stable_units(v, vintage))
        p = p[ok]
    p = p[p["kato"].isin(units["kato"])]

    def values(col, year):
        s = p[p["year"] == year].drop_duplicates("kato").set_index("kato")[col]
        return units["kato"].map(s)

    def national(col, year):
        try:
            return _national(_canonical(col, 1)).get(int(year), np.nan)
        except KeyError:
            return np.nan

    def cagr(a, b, years):
        return ((b / a) ** (1.0 / years) - 1.0) * 100.0

    lv_end = values(level, end)
    nat_level = national(level, end)
    if np.isnan(nat_level):  # a user's own indicator: the unweighted mean of the units
        nat_level = float(np.nanmean(lv_end))
    g0, gm, g1 = values(growth, start), values(growth, mid), values(growth, end)
    n0, nm, n1 = national(growth, start), national(growth, mid), national(growth, end)
    if np.isnan([n0, nm, n1]).any():
        n0, nm, n1 = np.nanmean(g0), np.nanmean(gm), np.nanmean(g1)
    cagr_early, cagr_late = cagr(g0, gm, mid - start), cagr(gm, g1, end - mid)
    nat_early, nat_late = cagr(n0, nm, mid - start), cagr(nm, n1, end - mid)
    # population and density
    if population in p.columns:
        pop_end, pop_start = values(population, end), values(population, start)
    else:
        pp = shipped_panel(population, years=[start, end], vintage=vintage if vintage in (2017, 2018, 2024) else None)
        s_end = pp[pp["year"] == end].set_index("kato")[population]
        s_start = pp[pp["year"] == start].set_index("kato")[population]
        pop_end, pop_start = units["kato"].map(s_end), units["kato"].map(s_start)
    density = pop_end * 1000.0 / units["area_km2"]
    t = pd.DataFrame({
        "kato": units["kato"], "name_en": units["name_en"],
        "level_index": lv_end / nat_level * 100.0,
        "cagr_early": cagr_early, "cagr_late": cagr_late,
        "growth_early": cagr_early - nat_early, "growth_late": cagr_late - nat_late,
        "density": density, "population_growth": cagr(pop_start, pop_end, end - start),
    })
    types, reasons = [], []
    for r in t.itertuples(index=False):
        need = {"level_index": r.level_index, "growth_early": r.growth_early, "growth_late": r.growth_late}
        missing = [k for k, v in need.items() if pd.isna(v)]
        if missing:
            types.append("unclassified")
            reasons.append(f"missing {', '.join(missing)} on {vintage} boundaries")
            continue
        li, ge, gl, de = r.level_index, r.growth_early, r.growth_late, r.density
        if li >= th.pole_level and gl >= th.pole_growth:
            types.append("growth pole")
            reasons.append(f"level {li:.0f} ≥ {th.pole_level:g} and growth gap {gl:+.1f} ≥ {th.pole_growth:+g} pp/yr")
        elif ge >= th.depressed_early and gl <= th.depressed_late:
            types.append("depressed")
            reasons.append(f"growth gap {ge:+.1f} pp/yr in {start}-{mid} (≥ {th.depressed_early:+g}) fell to "
                           f"{gl:+.1f} in {mid}-{end} (≤ {th.depressed_late:+g})")
        elif li < th.pioneer_level and gl >= th.pioneer_growth and not pd.isna(de) and de < th.pioneer_density:
            types.append("pioneer")
            reasons.append(f"low base (level {li:.0f} < {th.pioneer_level:g}), growth gap {gl:+.1f} ≥ "
                           f"{th.pioneer_growth:+g} pp/yr, density {de:.1f} < {th.pioneer_density:g} per km²")
        elif li < th.stagnating_level and gl < th.stagnating_growth:
            types.append("stagnating")
            reasons.append(f"level {li:.0f} < {th.stagnating_level:g} and growth gap {gl:+.1f} < "
                           f"{th.stagnating_growth:+g} pp/yr")
        elif li < th.stagnating_level:
            # low level but growing faster than the country: not stagnating, and too dense
            # (or not fast enough) to be pioneer; calling it "developed" would mislead
            types.append("catching up")
            reasons.append(f"level {li:.0f} < {th.stagnating_level:g} but growth gap {gl:+.1f} ≥ "
                           f"{th.stagnating_growth:+g} pp/yr")
        else:
            types.append("developed/stable")
            reasons.append(f"no rule met (level {li:.0f}, growth gap {ge:+.1f} then {gl:+.1f} pp/yr)")
    t.insert(2, "type", types)
    t.insert(3, "reason", reasons)
    for k, v in th.__dict__.items():
        t[f"threshold_{k}"] = v
    params = {"level": level, "growth": growth, "start": start, "mid": mid, "end": end, "vintage": vintage,
              "national_level": nat_level, "national_growth_early": nat_early, "national_growth_late": nat_late,
              "level_n": units_level}
    return Typology(t, th, params)


def cluster_typology(typ: Typology, k: int = 4, seed: int = 0) -> pd.DataFrame:
    """Data-driven alternative: k-means (scikit-learn, ``n_init=20``) on the standardised
    criteria of a :func:`typology` result (level index, early and late growth gaps,
    log density). Returns ``kato``, ``name_en``, ``cluster`` and the cluster centres in
    ``attrs["centres"]`` (original units). Units with a missing criterion are left out."""
    import numpy as np
    import pandas as pd

    try:
        from sklearn.cluster import KMeans
    except ImportError as exc:  # pragma: no cover
        raise ImportError("cluster_typology needs scikit-learn: pip install scikit-learn") from exc
    cols = ["level_index", "growth_early", "growth_late", "density"]
    d = typ.table.dropna(subset=cols).copy()
    X = d[cols].to_numpy(dtype=float, copy=True)
    X[:, 3] = np.log(X[:, 3])
    mu, sd = X.mean(axis=0), X.std(axis=0)
    Z = (X - mu) / np.where(sd > 0, sd, 1)
    km = KMeans(n_clusters=k, n_init=20, random_state=seed).fit(Z)
    d["cluster"] = km.labels_
    centres = pd.DataFrame(km.cluster_centers_ * sd + mu, columns=["level_index", "growth_early", "growth_late",
                                                                   "log_density"])
    out = d[["kato", "name_en", "cluster"]].reset_index(drop=True)
    out.attrs["centres"] = centres.to_dict("records")
    out.attrs["method"] = f"k-means, k={k}, on standardised {cols} (density as log)"
    return out


def location_quotients(df: pd.DataFrame) -> pd.DataFrame:
    """Location quotients of sectors: LQ(i, s) = (x_is / x_i) / (X_s / X).

    ``df``: one row per unit, one column per sector (e.g. gross value added or employment).
    LQ > 1 means the unit is specialised in the sector. kzregions ships no sectoral data,
    so specialisation is a criterion the user supplies.
    """
    shares = df.div(df.sum(axis=1), axis=0)
    national = df.sum(axis=0) / df.to_numpy().sum()
    return shares.div(national, axis=1)


# ----------------------------------------------------------------------------- multi-criteria (issue 14)
_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


@dataclass
class Criterion:
    """One explicit criterion of :func:`criteria_typology`.

    Attributes
    ----------
    column : str
        A criterion of :func:`typology` (``level_index``, ``growth_early``, ``growth_late``,
        ``density``, ``population_growth``) or an indicator column of the panel (its value in
        the ``end`` year: e.g. ``poverty_below_subsistence_minimum``, ``unemployment_rate_sdg``).
    op : {">=", ">", "<=", "<"}
    threshold : float
        In the column's unit (index national = 100; pp/yr; persons/km²; % ...).
    label : str
        What meeting it means ("high poverty"); default ``"<column> <op> <threshold>"``.
    """

    column: str
    op: str
    threshold: float
    label: str = ""

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"op={self.op!r}: use one of {list(_OPS)}")
        self.threshold = float(self.threshold)
        self.label = self.label or f"{self.column} {self.op} {self.threshold:g}"


def criteria_typology(panel, criteria, *, level: str = "grp_per_capita", growth: str | None = None,
                      start: int = 2010, end: int = 2021, mid: int | None = None, vintage: int = 2018,
                      population: str = "population_start_of_year", thresholds: Thresholds | None = None,
                      units_level: int = 1) -> Typology:
    """The rule-based :func:`typology` with any number of further explicit criteria.

    The types are those of :func:`typology` (same arguments, same rules). Each criterion adds
    a column telling whether the unit meets it, and every unit gets a reason listing each
    criterion with its value and threshold, e.g. a poverty rate and an unemployment rate from
    the panel next to the level, growth, population growth and density of the typology.

    Parameters
    ----------
    panel : DataFrame
        Wide panel as for :func:`typology`, with the criteria's indicator columns.
    criteria : list of Criterion or of (column, op, threshold[, label]) tuples
    level, growth, start, end, mid, vintage, population, thresholds, units_level
        As in :func:`typology`.

    Returns
    -------
    Typology
        The table of :func:`typology` plus, per criterion, ``meets: <label>`` (True, False,
        or NA where the value is missing), the criteria values (``<column>`` for panel
        indicators, in ``end``), ``criteria_met`` (count), ``profile`` (labels met, joined by
        " + ", or "none") and ``criteria_reason``. ``params["criteria"]`` keeps the criteria.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "poverty", years=[2010, 2016, 2022], vintage=2024)  # doctest: +SKIP
    >>> t = kz.criteria_typology(p, [("poverty_below_subsistence_minimum", ">=", 6, "high poverty")],
    ...                          start=2010, end=2022, vintage=2024)  # doctest: +SKIP
    """
    import pandas as pd

    crits = [c if isinstance(c, Criterion) else Criterion(*c) for c in criteria]
    if not crits:
        raise ValueError("criteria: give at least one Criterion(column, op, threshold, label)")
    # kz.panel(vintage=...) can give a unit two rows in a year (one per set it was measured on,
    # each with some columns empty): one row per unit, year and set, first non-missing value
    keys = [k for k in ("kato", "year", "vintage") if k in panel.columns]
    if panel.duplicated(keys).any():
        panel = panel.groupby(keys, as_index=False, dropna=False, sort=False).first()
    base = typology(panel, level=level, growth=growth, start=start, end=end, mid=mid, vintage=vintage,
                    population=population, thresholds=thresholds, units_level=units_level)
    t = base.table.copy()
    own = {"level_index", "growth_early", "growth_late", "cagr_early", "cagr_late", "density",
           "population_growth"}
    p = panel[panel["year"] == end]
    if "vintage" in p.columns:
        from .attributes import stable_units

        ok = p["vintage"] == vintage
        for v in set(p.loc[~ok, "vintage"].dropna().astype(int)):
            ok |= (p["vintage"] == v) & p["kato"].isin(stable_units(v, vintage))
        p = p[ok]
    for c in crits:
        if c.column in own:
            continue
        if c.column not in panel.columns:
            raise KeyError(f"criterion {c.label!r}: the panel has no column {c.column!r} (columns: "
                           f"{list(panel.columns)})")
        t[c.column] = t["kato"].map(p.groupby("kato")[c.column].first())
    ops = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b}
    reasons, profiles, counts = [], [], []
    for c in crits:
        v = t[c.column]
        t[f"meets: {c.label}"] = pd.array([None if pd.isna(x) else bool(ops[c.op](x, c.threshold)) for x in v],
                                          dtype="boolean")
    for _, r in t.iterrows():
        bits, met = [], []
        for c in crits:
            x = r[c.column]
            if pd.isna(x):
                bits.append(f"{c.label}: no value of {c.column} in {end} on {vintage} boundaries")
                continue
            yes = bool(ops[c.op](x, c.threshold))
            bits.append(f"{c.column} {x:.1f} {_OPS[c.op] if yes else 'not ' + _OPS[c.op]} {c.threshold:g}"
                        + (f" ({c.label})" if yes else ""))
            if yes:
                met.append(c.label)
        reasons.append("; ".join(bits))
        profiles.append(" + ".join(met) or "none")
        counts.append(len(met))
    t["criteria_met"] = counts
    t["profile"] = profiles
    t["criteria_reason"] = reasons
    params = {**base.params, "criteria": [(c.column, c.op, c.threshold, c.label) for c in crits]}
    return Typology(t, base.thresholds, params)
