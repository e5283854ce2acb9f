"""Regional disparities: how unequal regions are, and whether they converge.

- :func:`inequality`: coefficient of variation, Williamson index, Gini, Theil T (GE(1)) and
  Theil L (GE(0), mean log deviation), max/min and top/bottom quintile ratios; weighted by
  population or not; one row per year with ``by="year"``.
- :func:`theil_decomposition`: Theil T and L split into between- and within-group parts.
- :func:`convergence`: sigma convergence (dispersion over time, with its trend) and
  unconditional beta convergence (growth regressed on the initial log level).

Unweighted Gini and Theil T come from PySAL's ``inequality`` package; the weighted forms
(which PySAL does not offer) are implemented here and reduce to PySAL's values when all
weights are equal (tested, as is equality with PySAL on integer-weight replication).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._validate import renamed_keywords
from .errors import (
    InsufficientDataError,
    InvalidArgumentError,
    MissingColumnError,
    MissingDataError,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MEASURES = ["n", "mean", "cv", "williamson", "gini", "theil_t", "theil_l", "max_min_ratio",
            "quintile_ratio"]


# ----------------------------------------------------------------------------- inequality
def _clean(y, w):
    import numpy as np

    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if y.shape != w.shape:
        raise InvalidArgumentError(f"values ({y.shape}) and weights ({w.shape}) differ in length")
    ok = ~(np.isnan(y) | np.isnan(w))
    y, w = y[ok], w[ok]
    if (w < 0).any():
        raise InvalidArgumentError("weights: some are negative; give populations or other non-negative weights")
    if (y < 0).any():
        raise InvalidArgumentError("values: some are negative; inequality measures need non-negative values (incomes, rates, per-capita figures)")
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
    *,
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

    Raises
    ------
    MissingColumnError
        ``column``, ``weights`` or ``by`` is not a column of ``df``.
    ValueError
        Negative values or weights.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population", years=2022, vintage=2024)
    >>> ineq = kz.inequality(p, "grp_per_capita", weights="population_avg_annual")
    >>> ineq[["n", "gini", "theil_t", "williamson"]].round(3).values.tolist()
    [[20.0, 0.335, 0.193, 0.69]]
    >>> by_year = kz.inequality(kz.panel("grp_per_capita", years=range(2019, 2022), vintage=2018),
    ...                         "grp_per_capita", by="year")
    >>> by_year["gini"].round(3).tolist()
    [0.362, 0.31, 0.324]
    """
    import numpy as np
    import pandas as pd

    for c in [column] + ([weights] if weights else []) + ([by] if by else []):
        if c not in df.columns:
            raise MissingColumnError(f"df has no column {c!r} (columns: {list(df.columns)})")
    if weights:
        df = weights_on_value_set(df, column, weights, by=by)

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


def weights_on_value_set(df: pd.DataFrame, column: str, weights: str, *, by: str | None = None) -> pd.DataFrame:
    """Put each value's weight beside it when the two were measured on different boundary sets.

    A panel on its native sets holds, for 2021, GRP per capita on the 2018 units and average
    population (recalculated by the Bureau) on the 2024 units: two half-empty rows per unit.
    A weight measured on another set is carried onto the value's row where the unit is the
    same in both sets (:func:`kzregions.vintages.usable_on`); where it is not, the units are
    named and :class:`~kzregions.errors.BoundarySetMismatchError` says how to carry them.
    Frames without a ``vintage`` (or ``measured_on``) column, or whose values and weights
    share their rows, come back unchanged.

    Parameters
    ----------
    df : DataFrame
        Rows with ``kato`` and ``vintage`` (or ``measured_on``: the set a row was measured on).
    column, weights : str
        The value and the weight columns.
    by : str, optional
        The grouping column (e.g. ``"year"``): weights are carried within a group only.

    Returns
    -------
    DataFrame
        ``df`` with the carried weights in the value rows and the weight-only rows they came
        from dropped.

    Raises
    ------
    BoundarySetMismatchError
        A unit's value and weight are on different sets and the unit changed between them.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population_avg_annual", years=2022)
    >>> kz.disparities.weights_on_value_set(p, "grp_per_capita", "population_avg_annual").shape
    (20, 6)
    """
    import numpy as np

    from .vintages import usable_on

    on = "measured_on" if "measured_on" in df.columns else "vintage"
    if on not in df.columns or "kato" not in df.columns:
        return df
    need = df[column].notna() & df[weights].isna()
    spare = df[column].isna() & df[weights].notna()
    if not (need.any() and spare.any()):
        return df
    keys = ["kato"] + ([by] if by else [])
    lookup = df[spare].drop_duplicates(keys).set_index(keys)
    rows = df[need]
    idx = rows.set_index(keys).index
    found = idx.isin(lookup.index)
    if not found.any():
        return df
    src = lookup.reindex(idx[found])
    level = 2 if rows["kato"].astype(str).str[2:].ne("0000000").any() else 1
    out = df.copy()
    bad = []
    for target in sorted(set(rows.loc[found, on].dropna().astype(int))):
        here = (rows.loc[found, on] == target).to_numpy()
        fine = usable_on(src[on].to_numpy()[here], rows.loc[found, "kato"].to_numpy()[here], target, level=level)
        pos = rows.index[found][here]
        out.loc[pos[fine], weights] = src[weights].to_numpy()[here][fine]
        bad += [(k, target, int(v)) for k, v in zip(rows.loc[pos[~fine], "kato"], src[on].to_numpy()[here][~fine])]
    if bad:
        from .errors import BoundarySetMismatchError

        a, b = bad[0][1], bad[0][2]
        units = ", ".join(sorted({k for k, _, _ in bad}))
        raise BoundarySetMismatchError(
            f"{column!r} is measured on the {a} boundaries and its weights {weights!r} on the {b} boundaries, "
            f"and units {units} are not the same in the two sets. Carry one onto the other's set first, "
            f"e.g. kz.to_vintage(weights_table, {weights!r}, from_vintage={b}, to_vintage={a}, kind='extensive'), "
            f"or take both from kz.panel(..., vintage={a}) (units that changed are then left out and counted "
            "as missing)")
    used = lookup.index.isin(idx[found])
    drop = df.index[spare][np.asarray(df[spare].set_index(keys).index.isin(lookup.index[used]))]
    return out.drop(index=drop)


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


def theil_decomposition(
    df: pd.DataFrame, column: str, groups: str, *, weights: str | None = None
) -> TheilDecomposition:
    """Decompose Theil T and L by groups (e.g. districts by ``oblast_kato``).

    T = Σg sg Tg + Σg sg ln(ȳg/ȳ), with sg the group's share of the total (income);
    L = Σg pg Lg + Σg pg ln(ȳ/ȳg), with pg the group's share of the weights (population).
    ``groups`` of the result lists each group's mean, shares and own T and L.

    Parameters
    ----------
    df : DataFrame
        One row per unit; rows with a missing value, group or weight are left out.
    column : str
        The value (non-negative: per-capita GRP, income, ...).
    groups : str
        Column of group labels (e.g. ``oblast_kato`` for districts).
    weights : str, optional
        A column of weights (population). ``None``: every unit counts equally.

    Returns
    -------
    TheilDecomposition
        ``t``, ``t_between``, ``t_within``, ``l``, ``l_between``, ``l_within`` (between +
        within = total) and ``groups`` (DataFrame: ``group``, ``n``, ``mean``,
        ``income_share``, ``weight_share``, ``theil_t``, ``theil_l``).

    Raises
    ------
    MissingColumnError
        ``column``, ``groups`` or ``weights`` is not a column of ``df``.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population", years=2022, vintage=2024)
    >>> p["city"] = p["kato"].str[:2].isin(["71", "75", "79"])  # cities of republican significance
    >>> td = kz.theil_decomposition(p, "grp_per_capita", "city", weights="population_avg_annual")
    >>> round(td.t, 4), round(td.t_between, 4), round(td.t_within, 4)
    (0.1934, 0.0179, 0.1756)
    """
    import numpy as np
    import pandas as pd

    for c in (column, groups) + ((weights,) if weights else ()):
        if c not in df.columns:
            raise MissingColumnError(f"df has no column {c!r} (columns: {list(df.columns)})")
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


@renamed_keywords("0.4", unit="key", year="year_column")
def convergence(panel: pd.DataFrame, column: str, *, start: int | None = None, end: int | None = None,
                key: str = "kato", year_column: str = "year") -> Convergence:
    """Sigma and beta convergence of ``column`` in a long or wide panel (unit, year, value).

    Only units with values in both ``start`` and ``end`` enter the beta regression; sigma
    uses every unit with a value in each year.

    Parameters
    ----------
    panel : DataFrame
        One row per unit and year (e.g. :func:`kzregions.panel`), values positive.
    column : str
        The value (e.g. ``grp_per_capita``).
    start, end : int, optional
        First and last year (default: the first and last year with values).
    key : str
        Column identifying the unit (default ``kato``). Called ``unit=`` before 0.3 (still
        accepted, with a DeprecationWarning, until 0.4: ``unit`` means a unit of measure).
    year_column : str
        Column of the year (default ``year``). Called ``year=`` before 0.3 (still accepted,
        with a DeprecationWarning, until 0.4: ``year`` means a year).

    Returns
    -------
    Convergence
        ``sigma`` (per-year dispersion), ``sigma_trend`` and ``beta`` (see the class).

    Raises
    ------
    MissingColumnError
        ``key``, ``year_column`` or ``column`` is missing.
    ValueError
        A value is not positive.
    KeyError
        No values in ``start`` or ``end``.
    KzRegionsError
        Fewer than 3 units with values in both years.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", years=range(2010, 2022), vintage=2018)
    >>> conv = kz.convergence(p, "grp_per_capita")
    >>> round(float(conv.beta["b"]), 4), conv.beta["n"], int(conv.beta["start"]), int(conv.beta["end"])
    (-0.027, 15, 2010, 2021)
    """
    import numpy as np
    from scipy import stats

    unit, year = key, year_column
    for c in (unit, year, column):
        if c not in panel.columns:
            raise MissingColumnError(f"panel has no column {c!r} (columns: {list(panel.columns)})")
    d = panel[[unit, year, column]].dropna()
    if (d[column] <= 0).any():
        raise InvalidArgumentError(f"column {column!r}: convergence uses logs, so every value must be positive; drop the rows <= 0")
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
        raise MissingDataError(f"start={start!r}, end={end!r}: the panel has values for {sorted(wide.columns)[:5]}...{sorted(wide.columns)[-3:]}; choose years from it")
    both = wide[[start, end]].dropna()
    if len(both) < 3:
        raise InsufficientDataError(f"beta convergence needs at least 3 units with values in {start} and {end}")
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
