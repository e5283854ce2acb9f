"""The statistics shipped in ``kzregions/datasets/``, read once and kept as long tables.

This is the shared ground of :mod:`stats` (the public panel), :mod:`vintages` (population
weights) and :mod:`analysis`: the rows, which boundary set each row was measured on, the
canonical indicator names and the national values.

Data shipped in ``kzregions/datasets/`` (sources in ``SOURCES-stats.md`` there): figures of
the Bureau of National Statistics (BNS) compiled with a source and a note on every row.

Boundary sets. Every row of the panel says which boundaries it was measured on, in the
``vintage`` column, so that it is only ever joined to those boundaries:

- ``2017``: before 19 June 2018 (14 oblasts with South Kazakhstan, Astana, Almaty). The
  polygons are derived: :func:`kzregions.oblasts` ``(2017)`` dissolves Turkistan oblast
  and Shymkent city of 2018 into South Kazakhstan. The source gives South Kazakhstan no
  KATO code; it is keyed ``YKO`` (the BNS abbreviation) here.
- ``2018``: 19 June 2018 - 7 June 2022 (17 units).
- ``2024``: since 8 June 2022 (20 units).
- national rows (``kato`` 000000000) have no vintage (``<NA>``) and ``level`` 0.

Rules, from the source README: GRP for the new 2022 units starts in 2021, so ``grp_total``
is on 2024 boundaries from 2021; the other series switch in 2022; average annual
population (and its urban part and share) was recalculated by BNS to 2022 boundaries for
every year; Shymkent and Turkistan rows before 2018 (GRP back-calculated for 2011-2017,
Shymkent's unemployment 2014-2017, Turkistan's 2017 population) are on 2018 boundaries
and overlap South Kazakhstan: never add them to it.

A row measured on one set may still be joined to another set's unit when that unit did
not change between the two (same code, at least 99 % of the area shared both ways in the
crosswalk): Akmola's 2015 unemployment maps onto the 2024 polygon, East Kazakhstan's does
not (Abai was split off), nor Astana's (the city grew).
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from importlib import resources

from . import _sdg, _sectors
from ._schema import NATIONAL, YKO, YKO_PARTS
from .errors import UnknownIndicatorError

#: First year a series is on 2024 boundaries (others: 2022).
_SWITCH = {"grp_total": 2021}
#: Series BNS recalculated to 2022 boundaries for every year.
_RECALCULATED = {"population_avg_annual", "urban_population_avg_annual", "urban_population_share"}
#: Short names users type for indicators.
ALIASES = {
    "population": "population_avg_annual", "unemployment": "unemployment_rate",
    "grp": "grp_total", "income": "per_capita_nominal_cash_income",
    "wage": "avg_monthly_nominal_wage", "poverty": "poverty_rate_below_subsistence_minimum",
    "urban_share": "urban_population_share", "grp_pc": "grp_per_capita",
}
#: Readable names of the shipped indicators (map titles, legends).
TITLES = {
    "grp_total": "Gross regional product", "grp_per_capita": "GRP per capita",
    "grp_per_capita_usd": "GRP per capita (USD)", "population_avg_annual": "Population (annual average)",
    "urban_population_avg_annual": "Urban population (annual average)",
    "urban_population_share": "Urban population share", "population_start_of_year": "Population on 1 January",
    "urban_population_start_of_year": "Urban population on 1 January", "unemployment_rate": "Unemployment rate",
    "avg_monthly_nominal_wage": "Average monthly nominal wage",
    "per_capita_nominal_cash_income": "Per-capita nominal cash income",
    "poverty_rate_below_subsistence_minimum": "Population below the subsistence minimum",
    "census_population": "Census population", "area_km2": "Area",
}
# the Bureau's SDG series: "poverty" and "unemployment" mean its own file (issue 14)
ALIASES.update(_sdg.ALIASES)
TITLES.update(_sdg.titles("en"))
TITLES.update(_sectors.TITLES)  # issue 23: sectors and real growth



def read_csv(name: str, text: tuple[str, ...] = ()):
    """A shipped CSV, with ``kato`` (and the ``text`` columns) read as text, not numbers."""
    import pandas as pd

    with resources.files("kzregions.datasets").joinpath(name).open("rb") as fh:
        return pd.read_csv(fh, dtype={"kato": str, **{c: str for c in text}}, keep_default_na=True)


@lru_cache(maxsize=1)
def oblast_long():
    import pandas as pd

    df = read_csv("oblast_indicators.csv")
    df["kato"] = df["kato"].fillna(YKO)
    df["level"] = (df["kato"] != NATIONAL).astype(int)
    df["vintage"] = pd.array([vintage_of(i, y, k) for i, y, k in
                              zip(df["indicator"], df["year"], df["kato"])], dtype="Int64")
    return df


@lru_cache(maxsize=1)
def oblast_all():
    """The rows of :func:`oblast_long` plus the default selections of the SDG series."""
    import pandas as pd

    return pd.concat([oblast_long(), _sdg.panel_rows(), _sectors.panel_rows()], ignore_index=True)


def vintage_of(indicator: str, year: int, kato: str):
    if kato == NATIONAL:
        return None
    if kato == YKO:
        return 2017
    if indicator in _RECALCULATED:
        return 2024
    if kato in YKO_PARTS and year <= 2017:
        return 2018  # back-calculated or reported separately for the post-2018 units
    if year >= _SWITCH.get(indicator, 2022):
        return 2024
    return 2018 if year >= 2018 else 2017


@lru_cache(maxsize=1)
def district_long():
    import pandas as pd

    df = read_csv("district_population.csv")
    out = pd.DataFrame({
        "kato": df["kato"], "region_en": df["district_en"], "region_ru": df["district_ru"],
        "year": df["year"].astype(int), "indicator": "population_start_of_year",
        "value": df["population"].astype(float), "unit": "persons", "source": df["source"],
        "note": df["note"].fillna(""), "level": 2, "vintage": pd.array([2024] * len(df), dtype="Int64"),
        "oblast_en": df["oblast_en"], "district_kk": df["district_kk"], "unit_type": df["unit_type"],
    })
    return out


def long_table(level: int):
    return (oblast_all() if level == 1 else district_long()).copy()


def canonical(indicator: str, level: int) -> str:
    name = (_sdg.alias(indicator) if level == 1 else None) or ALIASES.get(indicator, indicator)
    known = set(long_table(level)["indicator"])
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, sorted(known | set(ALIASES)), n=4)
        from ._messages import keyed

        raise keyed(UnknownIndicatorError, "unknown_indicator" if close else "unknown_indicator_none",
                    indicator=indicator, level=level, close=close)
    return name


@cache
def national(indicator: str) -> dict:
    df = oblast_all()
    nat = df[(df["kato"] == NATIONAL) & (df["indicator"] == indicator)]
    return {int(y): float(v) for y, v in zip(nat["year"], nat["value"]) if not math.isnan(v)}
