"""Region types of regional policy, by explicit rules.

- :func:`typology`: rule-based types (growth pole, depressed, stagnating, pioneer, catching
  up, developed/stable) with explicit thresholds and, per unit, the reason it got its type;
  :func:`criteria_typology` adds any number of further criteria (poverty, unemployment...);
  :func:`cluster_typology` is a data-driven alternative (k-means on standardised criteria);
  :func:`location_quotients` (defined in :mod:`kzregions.specialisation`) measures
  specialisation.

Inequality and convergence are in :mod:`kzregions.disparities`, Moran's I and LISA in
:mod:`kzregions.spatial`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._datasets import canonical, national
from ._i18n import indicator_title, text
from ._schema import NATIONAL, check_level, check_vintage, persons_in, vintage_for_year
from ._validate import renamed_keywords, user_stacklevel
from .boundaries import units as units_of
from .errors import (
    ColumnConflictError,
    DependencyError,
    InvalidArgumentError,
    InvalidInputError,
    MissingColumnError,
)
from .join import attach
from .specialisation import location_quotients  # noqa: F401  (kz.location_quotients: one copy, there)
from .stats import panel as shipped_panel
from .stats import unit_of
from .vintages import usable_on

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# ----------------------------------------------------------------------------- typology
TYPES = ("growth pole", "depressed", "pioneer", "stagnating", "catching up", "developed/stable", "unclassified")
#: Classes of :func:`kzregions.lagging_regions` (the European Commission's rule), in the legend's order.
LAGGING_CLASSES = ("low income", "low growth", "not lagging", "unclassified")
#: Lagging in Okabe-Ito vermillion and orange; the rest pale, so the map shows where the problem is.
LAGGING_COLORS = {"low income": "#D55E00", "low growth": "#E69F00", "not lagging": "#F2EFE6"}


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

    Examples
    --------
    >>> import kzregions as kz
    >>> th = kz.Thresholds(pole_level=150)
    >>> th.pole_level, th.pole_growth
    (150, 1.0)
    >>> p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    >>> typ = kz.typology(p, start=2010, end=2021, thresholds=th)
    >>> typ.table.query("type == 'growth pole'")["name_en"].tolist()
    ['Atyrau']
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
    params : dict
        The arguments (indicator, years, vintage, level), the national growth rates and
        ``reference``: for the level and for growth, ``"national"`` (the shipped national
        rows) or ``"mean of units"`` (no national figure: the unweighted mean, with a warning).

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    >>> typ = kz.typology(p, start=2010, end=2021)
    >>> typ.params["mid"], typ.params["vintage"]
    (2015, 2018)
    >>> typ.table.set_index("kato").loc["230000000", "type"]
    'growth pole'
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
        """Map of the types (see :func:`kzregions.categorical_map`).

        Parameters
        ----------
        **kwargs
            Passed to :func:`kzregions.categorical_map` (``title``, ``lang``, ``paper``, ...;
            the title defaults to "Types of regions"). ``column="type"`` or ``"lagging"``:
            the result of :func:`kzregions.lagging_regions` maps its lagging classes (low
            income, low growth) by default, titled with the rule and period.

        Returns
        -------
        Map
            The rendered map (matplotlib figure and axes).

        Examples
        --------
        >>> import kzregions as kz
        >>> p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
        >>> kz.typology(p, start=2010, end=2021).plot()  # doctest: +SKIP
        """
        from .plotting.maps import categorical_map

        column = kwargs.pop("column", "lagging" if "lagging" in self.table else "type")
        units = units_of(self.params["level_n"], self.params["vintage"])
        gdf = attach(units, self.table[["kato", column]], vintage=self.params["vintage"])
        lang = kwargs.get("lang", "en")
        p = self.params
        if column == "lagging":  # the EU rule's classes, in the order of concern
            kwargs.setdefault("title", text("lagging_title", lang).format(start=p["start"], end=p["end"]))
            kwargs.setdefault("colors", LAGGING_COLORS)
            return categorical_map(gdf, column, categories=list(LAGGING_CLASSES), **kwargs)
        what = indicator_title(str(p["level"]), lang) or str(p["level"])
        if lang == "en" and what[1:2].islower():  # "by gross regional product", not "by Gross" (GRP stays)
            what = what[0].lower() + what[1:]
        kwargs.setdefault("title", text("types_title_of", lang).format(
            what=what,
            start=p["start"], mid=p["mid"], end=p["end"]))
        return categorical_map(gdf, "type", categories=list(TYPES), **kwargs)


@renamed_keywords(units_level="level")
def typology(
    panel: pd.DataFrame,
    indicator: str = "grp_per_capita",
    *,
    growth: str | None = None,
    start: int = 2010,
    end: int = 2021,
    mid: int | None = None,
    vintage: int | None = None,
    population: str = "population_start_of_year",
    thresholds: Thresholds | None = None,
    level: int | str = 1,
) -> Typology:
    """Classify regions into the types of regional policy, by explicit rules.

    Parameters
    ----------
    panel : DataFrame
        Wide panel (``kato``, ``year`` and indicator columns; a ``vintage`` column as
        :func:`kzregions.panel` gives is honoured: rows of other boundaries are used only
        for units that did not change).
    indicator : str
        Indicator of the development level, compared with the national value in ``end``
        (national = 100; the national figure from the shipped panel's national rows).
        (0.1 called this ``level``; a ``level=`` that names an indicator still works for
        one release, with a warning.)
    growth : str, optional
        Indicator whose growth is measured (default: ``indicator``); early period
        ``start``-``mid``, late period ``mid``-``end`` (``mid`` default: halfway). Real
        growth: a column of :func:`kzregions.real_growth_panel` (``grp_real_index``,
        ``grp_per_capita_real_index``); a column the catalogue does not hold takes its
        national rate from the panel's national rows (``kato`` 000000000) where it has them.
        The table also gives ``cagr_full`` and ``growth_full`` (``start``-``end``).
    vintage : {None, 2018, 2024}
        Boundaries of the units typed. ``None``: the set in force in ``end``
        (:func:`kzregions.vintage_for_year`), so the latest figures are on their own units.
    level : {1, 2, "oblast", "district"}
        Administrative level of the units typed (0.1: ``units_level``).
    population : str
        Indicator for density (``end``) and population growth (``start``-``end``), from
        the panel if it has it, else from the shipped panel.
    thresholds : Thresholds, optional
        The rules' thresholds (default :class:`Thresholds`).
    start, end : int
        First and last year (default 2010 and 2021, the last year of the 2018 boundaries).
    mid : int, optional
        Year that splits the early and the late growth period (default halfway).

    Returns
    -------
    Typology
        Units missing a criterion are "unclassified" with the reason.

    Raises
    ------
    MissingColumnError
        The panel lacks ``kato``, ``year``, ``indicator`` or ``growth``.
    ValueError
        Not ``start < mid < end``.
    LevelError, VintageError
        ``level`` or ``vintage`` does not exist.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    >>> typ = kz.typology(p, "grp_per_capita", start=2010, end=2021)
    >>> typ.table["type"].value_counts()[["growth pole", "depressed", "unclassified"]].tolist()
    [2, 2, 2]
    >>> typ.table.set_index("kato").loc["230000000", "reason"]
    'level 363 ≥ 120 and growth gap +3.1 ≥ +1 pp/yr'
    """
    import numpy as np
    import pandas as pd

    if isinstance(level, str) and level.strip().lower() not in ("1", "2", "oblast", "oblasts", "district",
                                                               "districts", "region", "rayon"):
        import warnings

        warnings.warn("typology(level=<indicator>) is deprecated: the indicator is typology(panel, "
                      "indicator=...); level= is the administrative level (1 or 2)", DeprecationWarning,
                      stacklevel=user_stacklevel())
        indicator, level = level, 1
    units_level = check_level(level)
    level = indicator  # below, "level" is the development-level indicator, as in the rules' wording
    vintage = check_vintage(vintage if vintage is not None else vintage_for_year(end))
    th = thresholds or Thresholds()
    growth = growth or level
    mid = mid if mid is not None else (start + end) // 2
    if not start < mid < end:
        raise InvalidArgumentError(f"start={start!r}, mid={mid!r}, end={end!r}: give years with start < mid < end")
    for c in ("kato", "year", level, growth):
        if c not in panel.columns:
            raise MissingColumnError(f"panel has no column {c!r} (columns: {list(panel.columns)})")
    units = units_of(units_level, vintage)
    p = panel[usable_on(panel["vintage"], panel["kato"], vintage, level=units_level)] \
        if "vintage" in panel.columns else panel
    p = p[p["kato"].isin(units["kato"])]

    def values(col, year):
        s = p[p["year"] == year].drop_duplicates("kato").set_index("kato")[col]
        return units["kato"].map(s)

    def national_value(col, year):
        try:
            return national(canonical(col, 1)).get(int(year), np.nan)
        except KeyError:  # a column of the user's (e.g. kz.real_grp_index): its national rows, if any
            nat = panel[(panel["kato"] == NATIONAL) & (panel["year"] == year)][col].dropna()
            return float(nat.iloc[0]) if len(nat) else np.nan

    def cagr(a, b, years):
        return ((b / a) ** (1.0 / years) - 1.0) * 100.0

    lv_end = values(level, end)
    nat_level = national_value(level, end)
    reference = {"level": "national", "growth": "national"}
    if np.isnan(nat_level):  # a user's own indicator: the unweighted mean of the units
        nat_level = float(np.nanmean(lv_end))
        reference["level"] = "mean of units"
    g0, gm, g1 = values(growth, start), values(growth, mid), values(growth, end)
    n0, nm, n1 = national_value(growth, start), national_value(growth, mid), national_value(growth, end)
    if np.isnan([n0, nm, n1]).any():
        n0, nm, n1 = np.nanmean(g0), np.nanmean(gm), np.nanmean(g1)
        reference["growth"] = "mean of units"
    _warn_reference(reference, level, growth, (start, mid, end))
    cagr_early, cagr_late = cagr(g0, gm, mid - start), cagr(gm, g1, end - mid)
    nat_early, nat_late = cagr(n0, nm, mid - start), cagr(nm, n1, end - mid)
    pop_start, pop_end, per = _population(panel, population, units, values, years=(start, end),
                                          vintage=vintage, level=units_level)
    density = pop_end * per / units["area_km2"]
    t = pd.DataFrame({
        "kato": units["kato"], "name_en": units["name_en"],
        "level_index": lv_end / nat_level * 100.0,
        "cagr_early": cagr_early, "cagr_late": cagr_late,
        "growth_early": cagr_early - nat_early, "growth_late": cagr_late - nat_late,
        "density": density, "population_growth": cagr(pop_start, pop_end, end - start),
    })
    # the whole period too (issue 23: "did not converge between start and end", EU lagging regions)
    t["cagr_full"] = cagr(g0, g1, end - start)
    t["growth_full"] = t["cagr_full"] - cagr(n0, n1, end - start)
    rules = [_type_of(r, th, (start, mid, end), vintage) for r in t.itertuples(index=False)]
    types, reasons = [r[0] for r in rules], [r[1] for r in rules]
    t.insert(2, "type", types)
    t.insert(3, "reason", reasons)
    for k, v in th.__dict__.items():
        t[f"threshold_{k}"] = v
    params = {"level": level, "growth": growth, "start": start, "mid": mid, "end": end, "vintage": vintage,
              "national_level": nat_level, "national_growth_early": nat_early, "national_growth_late": nat_late,
              "level_n": units_level, "reference": reference}
    return Typology(t, th, params)


def _population(panel, population: str, units, values, *, years: tuple, vintage: int, level: int):
    """Population of each unit in the first and last year, from the panel if it has the column,
    else from the shipped panel, and the persons in one of its units (1 or 1000)."""
    start, end = years
    if population in panel.columns:
        per = persons_in(unit_of(panel, population, level=level), population)
        return values(population, start), values(population, end), per
    pp = shipped_panel(population, years=[start, end], vintage=vintage, level=level)
    per = persons_in(unit_of(pp, population, level=level), population)
    by_year = {y: pp[pp["year"] == y].set_index("kato")[population] for y in (start, end)}
    return units["kato"].map(by_year[start]), units["kato"].map(by_year[end]), per


def _type_of(r, th: Thresholds, years: tuple, vintage: int) -> tuple[str, str]:
    """The type of one unit (a row of the criteria table) and the rule that fired, in words."""
    import pandas as pd

    start, mid, end = years
    need = {"level_index": r.level_index, "growth_early": r.growth_early, "growth_late": r.growth_late}
    missing = [k for k, v in need.items() if pd.isna(v)]
    if missing:
        return "unclassified", f"missing {', '.join(missing)} on {vintage} boundaries"
    li, ge, gl, de = r.level_index, r.growth_early, r.growth_late, r.density
    if li >= th.pole_level and gl >= th.pole_growth:
        return "growth pole", f"level {li:.0f} ≥ {th.pole_level:g} and growth gap {gl:+.1f} ≥ {th.pole_growth:+g} pp/yr"
    if ge >= th.depressed_early and gl <= th.depressed_late:
        return "depressed", (f"growth gap {ge:+.1f} pp/yr in {start}-{mid} (≥ {th.depressed_early:+g}) fell to "
                             f"{gl:+.1f} in {mid}-{end} (≤ {th.depressed_late:+g})")
    if li < th.pioneer_level and gl >= th.pioneer_growth and not pd.isna(de) and de < th.pioneer_density:
        return "pioneer", (f"low base (level {li:.0f} < {th.pioneer_level:g}), growth gap {gl:+.1f} ≥ "
                           f"{th.pioneer_growth:+g} pp/yr, density {de:.1f} < {th.pioneer_density:g} per km²")
    if li < th.stagnating_level and gl < th.stagnating_growth:
        return "stagnating", (f"level {li:.0f} < {th.stagnating_level:g} and growth gap {gl:+.1f} < "
                              f"{th.stagnating_growth:+g} pp/yr")
    if li < th.stagnating_level:
        # low level but growing faster than the country: not stagnating, and too dense
        # (or not fast enough) to be pioneer; calling it "developed" would mislead
        return "catching up", (f"level {li:.0f} < {th.stagnating_level:g} but growth gap {gl:+.1f} ≥ "
                               f"{th.stagnating_growth:+g} pp/yr")
    return "developed/stable", f"no rule met (level {li:.0f}, growth gap {ge:+.1f} then {gl:+.1f} pp/yr)"


def _warn_reference(reference: dict, indicator: str, growth: str, years: tuple) -> None:
    """Say it when the yardstick is not the country: the unweighted mean of the units typed
    (a user's own indicator, or a year without a national row) is a different reference."""
    import warnings

    for what, name in (("level", indicator), ("growth", growth)):
        if reference[what] != "national":
            warnings.warn(f"typology: no national {name} in the shipped panel for {years}; the {what} is "
                          "compared with the unweighted mean of the units typed instead "
                          f"(Typology.params['reference'][{what!r}] == 'mean of units')", UserWarning,
                          stacklevel=4)  # the caller of typology, past the keyword-renaming wrapper


def cluster_typology(typ: Typology, k: int = 4, *, seed: int = 0) -> pd.DataFrame:
    """Data-driven alternative: k-means (scikit-learn, ``n_init=20``) on the standardised
    criteria of a :func:`typology` result (level index, early and late growth gaps,
    log density). Returns ``kato``, ``name_en``, ``cluster`` and the cluster centres in
    ``attrs["centres"]`` (original units). Units with a missing criterion are left out.

    Parameters
    ----------
    typ : Typology
        A result of :func:`typology`.
    k : int
        Number of clusters (default 4).
    seed : int
        Random state of k-means (default 0: reproducible).

    Returns
    -------
    pandas.DataFrame
        ``kato``, ``name_en``, ``cluster`` (0 to k-1); ``attrs["centres"]`` and
        ``attrs["method"]``.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    >>> clusters = kz.cluster_typology(kz.typology(p, start=2010, end=2021), k=3)
    >>> len(clusters), clusters["cluster"].nunique(), len(clusters.attrs["centres"])
    (15, 3, 3)
    """
    import numpy as np
    import pandas as pd

    try:
        from sklearn.cluster import KMeans
    except ImportError as exc:  # pragma: no cover
        raise DependencyError("cluster_typology needs scikit-learn: pip install scikit-learn") from exc
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

    Examples
    --------
    >>> import kzregions as kz
    >>> kz.Criterion("poverty_below_subsistence_minimum", ">=", 6, "high poverty").label
    'high poverty'
    """

    column: str
    op: str
    threshold: float
    label: str = ""

    def __post_init__(self):
        if self.op not in _OPS:
            raise InvalidArgumentError(f"op={self.op!r}: use one of {list(_OPS)}")
        import math

        try:
            th = math.nan if isinstance(self.threshold, bool) else float(self.threshold)
        except (TypeError, ValueError):
            th = math.nan
        if not math.isfinite(th):
            raise InvalidArgumentError(f"threshold={self.threshold!r:.40} for {self.column!r}: give a finite number "
                                       "in the column's unit (NaN would meet nothing, silently)")
        self.threshold = th
        self.label = self.label or f"{self.column} {self.op} {self.threshold:g}"


def criteria_typology(panel: pd.DataFrame, criteria: list, *, indicator: str = "grp_per_capita",
                      growth: str | None = None, start: int = 2010, end: int = 2021, mid: int | None = None,
                      vintage: int | None = None, population: str = "population_start_of_year",
                      thresholds: Thresholds | None = None, level: int | str = 1) -> Typology:
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
    indicator, growth, start, end, mid, vintage, population, thresholds, level
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

    if isinstance(criteria, (str, Criterion)) or not all(isinstance(c, (Criterion, tuple, list)) for c in criteria):
        raise InvalidInputError(f"criteria={criteria!r:.80}: give a list of Criterion(column, op, threshold, label) "
                                "or of (column, op, threshold, label) tuples")
    crits = [c if isinstance(c, Criterion) else Criterion(*c) for c in criteria]
    labels = [c.label for c in crits]
    if len(set(labels)) < len(labels):
        raise InvalidArgumentError(f"criteria: two criteria share the label "
                                   f"{next(lb for lb in labels if labels.count(lb) > 1)!r}; give each its own label")
    if not crits:
        raise InvalidArgumentError("criteria: give at least one Criterion(column, op, threshold, label)")
    # kz.panel(vintage=...) can give a unit two rows in a year (one per set it was measured on,
    # each with some columns empty): one row per unit, year and set, first non-missing value
    keys = [k for k in ("kato", "year", "vintage") if k in panel.columns]
    if panel.duplicated(keys).any():
        panel = panel.groupby(keys, as_index=False, dropna=False, sort=False).first()
    vintage = check_vintage(vintage if vintage is not None else vintage_for_year(end))
    base = typology(panel, indicator=indicator, growth=growth, start=start, end=end, mid=mid, vintage=vintage,
                    population=population, thresholds=thresholds, level=level)
    t = base.table.copy()
    own = {"level_index", "growth_early", "growth_late", "cagr_early", "cagr_late", "density",
           "population_growth", "cagr_full", "growth_full"}
    p = panel[panel["year"] == end]
    if "vintage" in p.columns:
        p = p[usable_on(p["vintage"], p["kato"], vintage, level=base.params["level_n"])]
    added: set = set()  # panel columns copied in (two criteria may test one column)
    for c in crits:
        if c.column in own:
            continue
        if c.column not in panel.columns:
            raise MissingColumnError(f"criterion {c.label!r}: the panel has no column {c.column!r} (columns: "
                           f"{list(panel.columns)})")
        if c.column in t.columns and c.column not in added:
            raise ColumnConflictError(f"criterion {c.label!r}: {c.column!r} is also a column of the typology's own "
                                      f"table; rename it in the panel, e.g. panel.rename(columns={{{c.column!r}: "
                                      f"'{c.column}_value'}})", argument="criteria", value=c.column)
        t[c.column] = t["kato"].map(p.groupby("kato")[c.column].first())
        added.add(c.column)
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
