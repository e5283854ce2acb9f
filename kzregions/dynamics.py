"""Regional dynamics: mobility of regions between relative income classes (Markov chains,
spatial Markov, rank mobility; PySAL ``giddy``) and population change with its parts.

``giddy`` is imported when a function needs it, so ``import kzregions`` stays light.

Population change: BNS births and deaths by region are **not** shipped with kzregions, so the
natural increase is reported missing, never derived as a residual; internal net migration comes
from a table whose source is not stated upstream (:func:`internal_migration`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._schema import NATIONAL, check_stat_vintage, check_vintage, persons_in
from ._sectors import MIGRATION_NOTE, migration_rows
from ._structure import check_column, check_frame, check_year, invalid
from .errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Default class limits of relative income (national = 1): below 75 %, 75-100 %, 100-150 %, above.
RELATIVE_BINS = (0.75, 1.0, 1.5)


@dataclass(eq=False)
class Mobility:
    """The result of :func:`income_mobility`.

    Attributes
    ----------
    transitions : pandas.DataFrame
        Counts of year-to-year moves between classes (rows: from, columns: to).
    probabilities : pandas.DataFrame
        The Markov transition matrix (rows add up to 1; a class never left from is NaN).
    steady_state : pandas.Series or None
        The long-run distribution over the classes, if the chain has one.
    relative : pandas.DataFrame
        Units x years: the values relative to the national value (or the units' mean).
    ranks : pandas.DataFrame
        Rank of each unit in the first and last year (1 = highest) and the change.
    tau : float
        Kendall's tau between the first and last year's values (1: no rank changed).
    spatial : dict or None
        With ``spatial=True``: neighbourhood class label -> transition matrix conditional
        on the class of the unit's neighbours' (queen contiguity) average.
    params : dict
        ``column``, ``years``, ``bins``, ``reference`` and ``left_out`` (units without every year).

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", years=range(2011, 2022), vintage=2018, national=True)
    >>> m = kz.income_mobility(p, "grp_per_capita")
    >>> m
    Mobility(grp_per_capita 2011-2021, 15 units, 4 classes, 150 moves, 134 stayed; tau 0.73)
    """

    transitions: Any
    probabilities: Any
    steady_state: Any
    relative: Any
    ranks: Any
    tau: float
    spatial: Any
    params: dict

    def __repr__(self) -> str:
        t = self.transitions.to_numpy()
        p = self.params
        return (f"Mobility({p['column']} {p['years'][0]}-{p['years'][-1]}, {len(self.relative)} units, "
                f"{len(self.transitions)} classes, {int(t.sum())} moves, {int(t.trace())} stayed; tau {self.tau:.2f})")


def _class_labels(bins) -> list[str]:
    edges = [f"{b * 100:g} %" for b in bins]
    return ([f"< {edges[0]}"] + [f"{a}–{b}" for a, b in zip(edges[:-1], edges[1:])] + [f"≥ {edges[-1]}"])


def _matrix(panel: pd.DataFrame, column: str, years: Any):
    """Units x years of ``column`` (units with every year) and the national row, if any."""
    check_frame("panel", panel)
    for c in ("kato", "year"):
        check_column(panel, c, "panel")
    check_column(panel, column, "column")
    w = panel.pivot_table(index="kato", columns="year", values=column, aggfunc="first")
    if years is not None:
        ys = [check_year("years", y) for y in years]
        missing = [y for y in ys if y not in w.columns]
        if missing:
            raise invalid("years", missing, f"the panel has no {column} for these years; it has {list(w.columns)}")
        w = w[ys]
    nat = w.loc[NATIONAL] if NATIONAL in w.index else None
    units = w.drop(index=NATIONAL, errors="ignore")
    full = units.dropna()
    if full.shape[1] < 2 or len(full) < 3:
        raise invalid("panel", f"{len(full)} units x {full.shape[1]} years", "mobility needs at least 3 units with "
                      "a value in each of at least 2 years")
    return full, nat, sorted(set(units.index) - set(full.index))


def income_mobility(panel: pd.DataFrame, column: str, *, years: Any = None, bins: Any = RELATIVE_BINS,
                    spatial: bool = False, vintage: Any = None) -> Mobility:
    """Markov mobility of regions between classes of income relative to the country.

    Each unit's value is divided by the national value of the year (the panel's national
    rows, ``kato`` 000000000; without them by the units' unweighted mean), classed by
    ``bins`` and counted as it moves between classes from one year to the next (PySAL
    ``giddy.markov.Markov``). Ranks: Kendall's tau of the first and last year (``giddy.rank``).

    Parameters
    ----------
    panel : pandas.DataFrame
        Wide panel (``kato``, ``year``, ``column``), e.g. ``kz.panel(..., national=True)`` on
        one boundary set. Units without every year are left out (listed in ``params``).
    column : str
        The income measure (e.g. ``grp_per_capita``).
    years : iterable of int, optional
        Years to use (default all in the panel).
    bins : sequence of float
        Upper limits of the relative classes, increasing (default 0.75, 1.0, 1.5).
    spatial : bool
        Also the spatial Markov chain (``giddy.markov.Spatial_Markov``): transitions
        conditional on the neighbours' class (queen contiguity of the units' polygons).
    vintage : {None, 2018, 2024}
        Boundaries of the polygons for ``spatial`` (default: the panel's ``vintage`` column).

    Returns
    -------
    Mobility

    Raises
    ------
    MissingColumnError
        ``column``, ``kato`` or ``year`` is not in the panel.
    InvalidArgumentError
        Bins not increasing and positive; fewer than 3 units or 2 years.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", years=range(2011, 2022), vintage=2018, national=True)
    >>> m = kz.income_mobility(p, "grp_per_capita")
    >>> m.probabilities.round(2).loc["< 75 %"].tolist()
    [0.93, 0.07, 0.0, 0.0]
    >>> m.ranks.loc["230000000", ["rank_first", "rank_last"]].tolist()
    [1, 1]
    """
    import numpy as np
    import pandas as pd

    try:
        b = [float(x) for x in bins]
    except (TypeError, ValueError):
        raise invalid("bins", bins, "pass increasing positive numbers, e.g. (0.75, 1.0, 1.5)") from None
    if not b or any(not np.isfinite(x) or x <= 0 for x in b) or any(x >= y for x, y in zip(b[:-1], b[1:])):
        raise invalid("bins", bins, "pass increasing positive numbers, e.g. (0.75, 1.0, 1.5)")
    if not isinstance(spatial, bool):
        raise invalid("spatial", spatial, "pass True or False")
    full, nat, left_out = _matrix(panel, column, years)
    ref = nat[full.columns] if nat is not None and nat[full.columns].notna().all() else full.mean(axis=0)
    rel = full.div(ref, axis=1)
    from ._pysal import esda

    esda()  # before giddy imports it: esda's pure-Python path (kzregions/_pysal.py says why)
    from giddy.markov import Markov
    from giddy.rank import Tau

    ids = np.digitize(rel.to_numpy(), b)  # class 0..len(b)
    labels = _class_labels(b)
    mk = Markov(ids, classes=np.arange(len(labels)), summary=False)
    counts = pd.DataFrame(mk.transitions, index=labels, columns=labels)
    with np.errstate(invalid="ignore", divide="ignore"):
        probs = counts.div(counts.sum(axis=1), axis=0)
    try:
        ss = pd.Series(np.asarray(mk.steady_state, dtype=float).ravel(), index=labels)
    except Exception:  # a reducible chain has no single steady state
        ss = None
    first, last = full.columns[0], full.columns[-1]
    ranks = pd.DataFrame({"rank_first": full[first].rank(ascending=False, method="min").astype(int),
                          "rank_last": full[last].rank(ascending=False, method="min").astype(int)})
    ranks["rank_change"] = ranks["rank_first"] - ranks["rank_last"]
    tau = float(Tau(full[first].to_numpy(), full[last].to_numpy()).tau)
    sp = _spatial(rel, b, labels, panel, vintage) if spatial else None
    params = {"column": column, "years": [int(y) for y in full.columns], "bins": b,
              "reference": "national rows" if nat is not None and ref is not full.mean(axis=0) else "mean of units",
              "left_out": left_out}
    return Mobility(counts, probs, ss, rel, ranks, tau, sp, params)


def _spatial(rel, bins, labels, panel, vintage):
    """Spatial Markov matrices, one per class of the neighbours' average (queen contiguity)."""
    import numpy as np
    import pandas as pd

    from ._pysal import libpysal

    Queen = libpysal().weights.Queen
    from giddy.markov import Spatial_Markov

    from .boundaries import units

    if vintage is None:
        vs = panel["vintage"].dropna().unique() if "vintage" in panel.columns else []
        if len(vs) != 1:
            raise invalid("vintage", vintage, "the panel has no single vintage: pass vintage=2018 or 2024")
        vintage = int(vs[0])
    v = check_vintage(vintage)
    poly = units(1, v).set_index("kato").loc[list(rel.index)].reset_index()
    w = Queen.from_dataframe(poly, use_index=False, silence_warnings=True)
    w.transform = "r"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty conditional rows divide by zero
        sm = Spatial_Markov(rel.to_numpy(), w, cutoffs=np.array(bins), lag_cutoffs=np.array(bins), fixed=True,
                            fill_empty_classes=False)
    return {f"neighbours {lab}": pd.DataFrame(sm.P[i], index=labels, columns=labels)
            for i, lab in enumerate(labels)}


def internal_migration(year: Any = None, *, monthly: bool = False) -> pd.DataFrame:
    """Arrivals, departures and net internal migration per region, 2022-2024 (**unverified source**).

    The figures look like BNS migration statistics, but the repository they come from
    (``kanatislambekov/internal-migration-flow-kz``) names no source: every row carries
    ``source_verified`` False and a UserWarning says so on every call. Arrivals and
    departures include moves within a region; only ``net`` is interregional. The 2022 net
    figures agree with BNS figures quoted in the press. No origin-destination matrix.

    Parameters
    ----------
    year : int or iterable of int, optional
        2022, 2023, 2024 (default all).
    monthly : bool
        2024 only: the twelve monthly rows instead of the year's total.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``region`` (as spelled in the source), ``kato`` (2024 boundaries),
        ``month`` (``Total`` or a month; the 2024 total is the sum of its twelve monthly
        rows, said in ``note``), ``arrivals``, ``departures``, ``net`` (persons),
        ``source``, ``source_verified`` (False), ``note``. ``attrs["note"]`` repeats the caveat.

    Examples
    --------
    >>> import kzregions as kz, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     m = kz.internal_migration(2022)
    >>> int(m["net"].sum()), int(m.loc[m["kato"] == "750000000", "net"].iloc[0])
    (0, 35302)
    """
    import pandas as pd

    df = migration_rows().copy()
    if not isinstance(monthly, bool):
        raise invalid("monthly", monthly, "pass True (2024 months) or False (year totals)")
    if year is not None:
        ys = [check_year("year", year)] if isinstance(year, (int, float, str)) else [check_year("year", y) for y in year]
        have = sorted(set(df["year"]))
        if not set(ys) <= set(have):
            raise invalid("year", year, f"internal migration is shipped for {have}")
        df = df[df["year"].isin(ys)]
    if monthly:
        df = df[df["month"] != "Total"]
        if df.empty:
            raise invalid("monthly", monthly, "monthly rows exist for 2024 only")
    else:
        df = pd.concat([df[df["month"] == "Total"], _totals(df)], ignore_index=True)
    warnings.warn(f"internal migration: {MIGRATION_NOTE}", UserWarning, stacklevel=2)
    out = pd.DataFrame(df).reset_index(drop=True)
    out.attrs["note"] = MIGRATION_NOTE
    return out


def _totals(df):
    """Year totals of the years given only by month (2024): the sum of the twelve months."""
    import pandas as pd

    monthly = df[~df["year"].isin(df.loc[df["month"] == "Total", "year"])]
    if monthly.empty:
        return monthly
    keys = ["year", "region", "kato"]
    sums = monthly.groupby(keys, as_index=False, sort=False)[["arrivals", "departures", "net"]].sum()
    first = monthly.groupby(keys, as_index=False, sort=False)[["source", "source_verified", "note"]].first()
    out = sums.merge(first, on=keys)
    out.insert(3, "month", "Total")
    out["note"] = [("; ".join(x for x in (str(n) if n == n else "", "sum of the 12 monthly rows") if x))
                   for n in out["note"]]
    return pd.DataFrame(out)


def population_change(years: Any = (2022, 2023, 2024), *, vintage: Any = 2024) -> pd.DataFrame:
    """Population change per region and year with the parts that are shipped, and the part
    that is not said to be missing.

    Parameters
    ----------
    years : iterable of int
        Years (default 2022-2024, the years of the migration table).
    vintage : {2018, 2024}
        Boundaries (average annual population is BNS's recalculation on the 2024 set).

    Returns
    -------
    pandas.DataFrame
        ``kato``, ``region_en``, ``year``, ``population_avg_annual`` (persons),
        ``change`` (on the previous year's average, persons), ``change_per_1000``,
        ``internal_net_migration`` (persons, **unverified source**), ``net_migration_per_1000``,
        ``natural_increase`` (always missing: births and deaths are not shipped),
        ``missing`` (which part is missing and why), ``source_verified`` (of the migration part).

    Examples
    --------
    >>> import kzregions as kz, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     pc = kz.population_change([2023, 2024])
    >>> r = pc[(pc["kato"] == "710000000") & (pc["year"] == 2024)].iloc[0]
    >>> int(r["internal_net_migration"]), bool(r["natural_increase"] != r["natural_increase"])
    (73240, True)
    """
    import numpy as np

    from .stats import panel

    if isinstance(years, (int, float, str)):
        years = [years]
    try:
        ys = sorted({check_year("years", y) for y in years})
    except TypeError:
        raise InvalidInputError(f"years must be a year or a list of years, got {type(years).__name__}") from None
    v = check_stat_vintage(vintage)
    pop = panel("population_avg_annual", years=[ys[0] - 1, *ys], vintage=v)
    w = pop.pivot_table(index="kato", columns="year", values="population_avg_annual", aggfunc="first") \
        * persons_in(pop.attrs["units"]["population_avg_annual"], "population_avg_annual")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        mig = internal_migration()
    net = mig.set_index(["kato", "year"])["net"]
    rows = []
    names = dict(zip(pop["kato"], pop["region_en"]))
    for k in w.index:
        for y in ys:
            p1 = w.loc[k].get(y, np.nan)
            p0 = w.loc[k].get(y - 1, np.nan)
            m = float(net.get((k, y), np.nan))
            why = ["natural increase: BNS births and deaths by region are not shipped"]
            if m != m:
                why.append(f"internal net migration: not shipped for {y}")
            rows.append({"kato": k, "region_en": names.get(k, ""), "year": y, "population_avg_annual": p1,
                         "change": p1 - p0, "change_per_1000": (p1 - p0) / p0 * 1000.0,
                         "internal_net_migration": m, "net_migration_per_1000": m / p1 * 1000.0,
                         "natural_increase": np.nan, "missing": "; ".join(why), "source_verified": False})
    import pandas as pd

    out = pd.DataFrame(rows)
    out.attrs = {"note": f"internal net migration: {MIGRATION_NOTE}", "vintage": v,
                 "units": {"population_avg_annual": "persons", "change": "persons", "internal_net_migration":
                           "persons", "change_per_1000": "per 1000", "net_migration_per_1000": "per 1000"}}
    return out
