"""Presets of stated rules for lagging regions, applied with real growth.

The European Commission's "lagging regions" (Commission Staff Working Document SWD(2017) 132
final, *Competitiveness in low-income and low-growth regions: the lagging regions report*,
Brussels, 10 April 2017; DG REGIO, "Catching up regions"):

- **low-income regions**: GDP per head (PPS) below 50 % of the EU average (in 2013);
- **low-growth regions**: GDP per head (PPS) up to 90 % of the EU average that did not converge
  to the EU average between 2000 and 2013 (grew no faster than it).

Transferred to Kazakhstan here: the country takes the place of the EU (level index, Kazakhstan
= 100, of GRP per person in the end year, in current prices: a ratio within one year needs no
deflator and no PPS), and "did not converge" is a real per-capita growth gap to the national
rate of at most 0 over the whole period (chained BNS volume index over the population index).
The two groups are disjoint as in the report: a low-income region is not also listed as
low-growth.
"""

from __future__ import annotations

from typing import Any

from ._structure import check_year, invalid
from .analysis import Criterion, Thresholds, Typology, criteria_typology
from .growth import real_growth_panel

#: GDP per head below 50 % of the average (level index < 50).
EU_LOW_INCOME = Criterion("level_index", "<", 50.0, "low income (EU rule: < 50 % of the average)")
#: GDP per head up to 90 % of the average (level index ≤ 90) ...
EU_LOW_GROWTH_LEVEL = Criterion("level_index", "<=", 90.0, "at most 90 % of the average")
#: ... that did not converge: real per-capita growth no faster than the country's.
EU_NOT_CONVERGING = Criterion("growth_full", "<=", 0.0, "did not converge (real growth gap ≤ 0)")
#: The classes :func:`lagging_regions` writes (keys of the map legend, in ``_i18n``).
LAGGING_CLASSES = ("low income", "low growth", "not lagging", "unclassified")


def eu_lagging_criteria() -> list[Criterion]:
    """The EU lagging-region rules as criteria for :func:`kzregions.criteria_typology`.

    Returns
    -------
    list of Criterion
        ``EU_LOW_INCOME``, ``EU_LOW_GROWTH_LEVEL``, ``EU_NOT_CONVERGING`` (see the module
        notes for the rule and its source).

    Examples
    --------
    >>> import kzregions as kz
    >>> [(c.column, c.op, c.threshold) for c in kz.eu_lagging_criteria()]
    [('level_index', '<', 50.0), ('level_index', '<=', 90.0), ('growth_full', '<=', 0.0)]
    """
    return [EU_LOW_INCOME, EU_LOW_GROWTH_LEVEL, EU_NOT_CONVERGING]


def lagging_regions(start: Any, end: Any, *, vintage: Any = 2024, mid: Any = None,
                    population: str = "population_avg_annual", thresholds: Thresholds | None = None) -> Typology:
    """Low-income and low-growth regions by the European Commission's rules, with real growth.

    Runs :func:`kzregions.criteria_typology` on :func:`kzregions.real_growth_panel`: the level
    is GRP per person (``grp_total`` / ``population``) against the national figure in ``end``,
    growth the real GRP per capita index; the types of :func:`kzregions.typology` (depressed,
    stagnating, ...) come with it, on real growth.

    Parameters
    ----------
    start, end : int
        The period (the report: 2000-2013). GRP per person needs ``grp_total`` and
        ``population`` in ``end``; real growth needs an unbroken run of volume rates.
    vintage : {2018, 2024}
        Boundaries of the units typed.
    mid : int, optional
        The year splitting early and late growth of the typology (default halfway).
    population : str
        Population indicator (default average annual population, BNS's per-capita denominator;
        on 2024 boundaries for every year).
    thresholds : Thresholds, optional
        Thresholds of the typology's own rules.

    Returns
    -------
    Typology
        The table of :func:`kzregions.criteria_typology` plus ``lagging`` ("low income", "low
        growth", "not lagging", "unclassified") and ``lagging_reason``.

    Examples
    --------
    >>> import kzregions as kz
    >>> lag = kz.lagging_regions(2021, 2024, vintage=2024)
    >>> sorted(lag.table.loc[lag.table["lagging"] == "low income", "name_en"])
    ['Turkestan', 'Zhambyl', 'Zhetysu']
    """
    y0, y1 = check_year("start", start), check_year("end", end)
    if y0 >= y1:
        raise invalid("end", end, f"the end year must come after start={y0}")
    p = real_growth_panel(y0, y1, vintage=vintage, population=population)
    typ = criteria_typology(p, eu_lagging_criteria(), indicator="grp_total_per_capita",
                            growth="grp_per_capita_real_index", start=y0, end=y1, mid=mid, vintage=vintage,
                            population=population, thresholds=thresholds)
    t = typ.table
    classes, reasons = [], []
    for li, gf in zip(t["level_index"], t["growth_full"]):
        if li != li:  # NaN
            classes.append("unclassified")
            reasons.append(f"no GRP per person in {y1} on {vintage} boundaries")
        elif li < EU_LOW_INCOME.threshold:
            classes.append("low income")
            reasons.append(f"GRP per person {li:.0f} % of the national figure (< 50 %)")
        elif gf != gf:
            classes.append("unclassified")
            reasons.append(f"level {li:.0f} %; no real growth {y0}-{y1} on {vintage} boundaries")
        elif li <= EU_LOW_GROWTH_LEVEL.threshold and gf <= EU_NOT_CONVERGING.threshold:
            classes.append("low growth")
            reasons.append(f"GRP per person {li:.0f} % (≤ 90 %) and real per-capita growth {gf:+.2f} pp/yr against "
                           f"the country {y0}-{y1} (≤ 0: not converging)")
        else:
            classes.append("not lagging")
            reasons.append(f"GRP per person {li:.0f} %, real growth gap {gf:+.2f} pp/yr")
    t = t.copy()
    t["lagging"] = classes
    t["lagging_reason"] = reasons
    return Typology(t, typ.thresholds, {**typ.params, "lagging_rule": "European Commission SWD(2017) 132"})
