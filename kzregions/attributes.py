"""Socio-economic attributes: the shipped regional panel, joins that lose nothing, and
statistics carried between boundary vintages.

Data shipped in ``kzregions/datasets/`` (sources in ``SOURCES-stats.md`` there): figures of
the Bureau of National Statistics (BNS) compiled with a source and a note on every row.

Boundary sets. Every row of the panel says which boundaries it was measured on, in the
``vintage`` column, so that it is only ever joined to those boundaries:

- ``2017``: before 19 June 2018 (14 oblasts with South Kazakhstan, Astana, Almaty). The
  polygons are derived: :func:`kzregions.data.oblasts` ``(2017)`` dissolves Turkistan oblast
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
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import AmbiguousRegionError, KzRegionsError, VintageError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

YKO = "YKO"
NATIONAL = "000000000"
#: Boundary sets a statistic can be measured on (2017 is derived from 2018 polygons).
STAT_VINTAGES = (2017, 2018, 2024)
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
#: Share of area a unit must keep (both ways) to count as unchanged between two sets.
STABLE_SHARE = 0.99


class DuplicateKeyError(KzRegionsError, ValueError):
    """A join key occurs more than once where one row per unit is required."""


# ----------------------------------------------------------------------------- shipped data
def _read_csv(name: str):
    import pandas as pd

    with resources.files("kzregions.datasets").joinpath(name).open("rb") as fh:
        return pd.read_csv(fh, dtype={"kato": str}, keep_default_na=True)


@lru_cache(maxsize=1)
def _oblast_long():
    import pandas as pd

    df = _read_csv("oblast_indicators.csv")
    df["kato"] = df["kato"].fillna(YKO)
    df["level"] = (df["kato"] != NATIONAL).astype(int)
    df["vintage"] = pd.array([_vintage_of(i, y, k) for i, y, k in
                              zip(df["indicator"], df["year"], df["kato"])], dtype="Int64")
    return df


def _vintage_of(indicator: str, year: int, kato: str):
    if kato == NATIONAL:
        return None
    if kato == YKO:
        return 2017
    if indicator in _RECALCULATED:
        return 2024
    if kato in ("610000000", "790000000") and year <= 2017:
        return 2018  # back-calculated or reported separately for the post-2018 units
    if year >= _SWITCH.get(indicator, 2022):
        return 2024
    return 2018 if year >= 2018 else 2017


@lru_cache(maxsize=1)
def _district_long():
    import pandas as pd

    df = _read_csv("district_population.csv")
    out = pd.DataFrame({
        "kato": df["kato"], "region_en": df["district_en"], "region_ru": df["district_ru"],
        "year": df["year"].astype(int), "indicator": "population_start_of_year",
        "value": df["population"].astype(float), "unit": "persons", "source": df["source"],
        "note": df["note"].fillna(""), "level": 2, "vintage": pd.array([2024] * len(df), dtype="Int64"),
        "oblast_en": df["oblast_en"], "district_kk": df["district_kk"], "unit_type": df["unit_type"],
    })
    return out


def _long(level: int):
    return (_oblast_long() if level == 1 else _district_long()).copy()


def _canonical(indicator: str, level: int) -> str:
    name = ALIASES.get(indicator, indicator)
    known = set(_long(level)["indicator"])
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, sorted(known | set(ALIASES)), n=4)
        raise KeyError(
            f"no indicator {indicator!r} at level {level}; closest: {close}. "
            "kz.indicators() lists them all."
        )
    return name


# ----------------------------------------------------------------------------- catalogue
def indicators() -> pd.DataFrame:
    """The catalogue of shipped indicators.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and level: ``indicator``, ``level`` (oblast / district),
        ``unit``, ``first_year``, ``last_year``, ``years`` (count), ``regions`` (count),
        ``vintages`` (boundary sets it is measured on), ``national`` (has national rows),
        ``sources``.
    """
    import pandas as pd

    rows = []
    for level, name in ((1, "oblast"), (2, "district")):
        df = _long(level)
        for ind, g in df.groupby("indicator", sort=True):
            reg = g[g["level"] > 0]
            rows.append({
                "indicator": ind, "level": name, "unit": "; ".join(sorted(set(g["unit"]))),
                "first_year": int(g["year"].min()), "last_year": int(g["year"].max()),
                "years": g["year"].nunique(), "regions": reg["kato"].nunique(),
                "vintages": ", ".join(str(v) for v in sorted(set(reg["vintage"].dropna()))),
                "national": bool((g["kato"] == NATIONAL).any()),
                "sources": " | ".join(sorted({s.split(" ")[0] for s in g["source"]})),
            })
    return pd.DataFrame(rows)


def panel(
    *names: str,
    years=None,
    level: int | str = "oblast",
    vintage: int | None = None,
    national: bool = False,
    long: bool = False,
) -> pd.DataFrame:
    """Shipped indicators as a tidy table.

    Parameters
    ----------
    *names : str
        Indicator names (see :func:`indicators`; aliases such as ``"population"`` or
        ``"unemployment"`` work). None: all indicators of the level.
    years : int or iterable of int, optional
        Keep these years.
    level : {"oblast", "district", 1, 2}
    vintage : {None, 2017, 2018, 2024}
        ``None``: every row on the boundaries it was measured on (a unit may then appear
        once per boundary set in a year). A vintage: only rows that can be joined to that
        set's units, i.e. measured on it or on a unit that did not change; ``vintage`` is
        set to the target and ``measured_on`` keeps where each row came from.
    national : bool
        Keep the national rows (``kato`` 000000000, ``level`` 0).
    long : bool
        One row per value (with ``unit``, ``source`` and ``note``) instead of one column
        per indicator.

    Returns
    -------
    pandas.DataFrame
        Wide: ``kato``, ``region_en``, ``year``, ``vintage`` and one column per indicator
        (units in ``attrs["units"]``, sources in ``attrs["sources"]``). Missing values are
        NaN: nothing is filled in.
    """

    from .data import check_level

    lv = check_level(level)
    df = _long(lv)
    if names:
        df = df[df["indicator"].isin([_canonical(n, lv) for n in names])]
    if years is not None:
        ys = [int(years)] if isinstance(years, (int, float)) else [int(y) for y in years]
        df = df[df["year"].isin(ys)]
    if not national:
        df = df[df["level"] > 0]
    if vintage is not None:
        df = _to_set(df, check_stat_vintage(vintage))
    if long:
        return df.reset_index(drop=True)
    mixed = df.groupby("indicator")["unit"].nunique()
    if (mixed > 1).any():
        bad = {i: sorted(set(df.loc[df["indicator"] == i, "unit"])) for i in mixed[mixed > 1].index}
        raise ValueError(f"indicators with rows in different units cannot share a column: {bad}. "
                         "Use panel(..., long=True).")
    keys = ["kato", "region_en", "year", "vintage"] + (["measured_on"] if "measured_on" in df else [])
    wide = df.pivot_table(index=keys, columns="indicator", values="value", aggfunc="first",
                          dropna=False, observed=True).reset_index()
    wide = wide.dropna(subset=[c for c in wide.columns if c not in keys], how="all")
    wide.columns.name = None
    wide = wide.sort_values(["year", "kato"]).reset_index(drop=True)
    wide.attrs["units"] = dict(zip(df["indicator"], df["unit"]))
    wide.attrs["sources"] = {i: sorted(set(g["source"])) for i, g in df.groupby("indicator")}
    return wide


def check_stat_vintage(vintage) -> int:
    try:
        v = int(vintage)
    except (TypeError, ValueError):
        v = None
    if v not in STAT_VINTAGES:
        raise VintageError(
            f"vintage {vintage!r} is not a boundary set of the statistics: 2017 (until 18 June "
            "2018, with South Kazakhstan), 2018 (19 June 2018 - 7 June 2022), 2024 (since 8 June 2022)"
        )
    return v


def _to_set(df, target: int):
    """Rows joinable to ``target``: native, or of a unit unchanged between the two sets."""
    import pandas as pd

    ok = df["vintage"].isna() | (df["vintage"] == target)
    other = df[~ok]
    keep = ok.copy()
    for v in set(other["vintage"].dropna()):
        stable = stable_units(int(v), target)
        keep |= (df["vintage"] == v) & df["kato"].isin(stable)
    out = df[keep].copy()
    out["measured_on"] = out["vintage"]
    out["vintage"] = pd.array([target if lv > 0 else None for lv in out["level"]], dtype="Int64")
    # a unit measured natively and also carried from another set in the same year: keep native
    out["_native"] = out["measured_on"] == target
    out = out.sort_values("_native", ascending=False, kind="stable")
    out = out.drop_duplicates(["kato", "year", "indicator"]).drop(columns="_native")
    return out.sort_index()


@cache
def stable_units(a: int, b: int) -> frozenset:
    """Level-1 units (KATO) whose territory is the same in boundary sets ``a`` and ``b``.

    Same code, and at least :data:`STABLE_SHARE` of the area shared both ways in the
    crosswalk. South Kazakhstan (2017) is stable only with itself.
    """
    from .vintages import crosswalk

    if a == b:
        return frozenset(_units_of_set(a))
    base_a, base_b = (2018 if a == 2017 else a), (2018 if b == 2017 else b)
    if base_a == base_b:
        same = set(_units_of_set(2018))
    else:
        x = crosswalk(base_a, base_b, level=1)
        ok = (x["from_kato"] == x["to_kato"]) & (x["share"] >= STABLE_SHARE) & (x["to_share"] >= STABLE_SHARE)
        same = set(x.loc[ok, "from_kato"])
    if 2017 in (a, b):
        same -= {"610000000", "790000000", YKO}
    return frozenset(same)


def _units_of_set(v: int) -> list[str]:
    from . import data

    return list(data.oblasts(v)["kato"])


# ----------------------------------------------------------------------------- joining
@dataclass(eq=False)  # compared by identity: pandas compares attrs when it combines frames
class JoinReport:
    """What :func:`attach` did, row by row: nothing is dropped without being listed here.

    Attributes
    ----------
    key : str
        The column of the table that was joined on, and how it was read.
    matched : int
        Units that received a row.
    unmatched_units : pandas.DataFrame
        Units (``kato``, ``name_en``) that got no row, with the ``reason``.
    unmatched_rows : pandas.DataFrame
        Rows of the table that joined no unit: their index, ``key`` value and ``reason``
        (unknown name, other boundaries, national total, ...).
    """

    key: str
    matched: int
    n_units: int
    n_rows: int
    unmatched_units: pd.DataFrame = field(repr=False)
    unmatched_rows: pd.DataFrame = field(repr=False)

    @property
    def complete(self) -> bool:
        return self.unmatched_units.empty and self.unmatched_rows.empty

    def __repr__(self) -> str:
        lines = [f"JoinReport(key={self.key!r}): {self.matched} of {self.n_units} units got a row; "
                 f"{self.matched} of {self.n_rows} rows joined"]
        for df, head, attr, fmt in (
            (self.unmatched_units, "units without a row (left as NaN)", "unmatched_units",
             lambda r: f"{r.kato} {r.name_en}: {r.reason}"),
            (self.unmatched_rows, "rows that joined no unit", "unmatched_rows",
             lambda r: f"row {r.row!r} ({r.key}): {r.reason}"),
        ):
            if df.empty:
                continue
            lines.append(f"  {len(df)} {head}:")
            lines += [f"    {fmt(r)}" for r in df.head(12).itertuples(index=False)]
            if len(df) > 12:
                lines.append(f"    ... {len(df) - 12} more in .{attr}")
        return "\n".join(lines)


def attach(
    units: gpd.GeoDataFrame,
    table: pd.DataFrame,
    on: str | None = None,
    how: str = "left",
    oblast_on: str | None = None,
) -> gpd.GeoDataFrame:
    """Join a table of attributes to units, one row per unit, reporting everything unjoined.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Units in the kzregions schema (``kato``, ``vintage``, ``level`` columns).
    table : pandas.DataFrame
        Attributes. Keyed by ``on``: a column of KATO codes, ISO 3166-2 or P-codes, or of
        names in English, Kazakh or Russian (resolved with :func:`kzregions.resolve` at the
        units' level and vintage). Default: ``kato`` if the table has it.
        If the table has a ``vintage`` column (as :func:`panel` gives), rows measured on
        other boundaries join only units that did not change; the others are reported.
    how : {"left", "inner"}
        ``left`` (default) keeps every unit, with NaN where no row joined; ``inner`` keeps
        only units with a row. Either way the report lists what did not join.
    oblast_on : str, optional
        A column of oblast names or codes that settles district names repeated across
        oblasts.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: the units with the table's columns; ``attrs["join_report"]`` is a
        :class:`JoinReport`.

    Raises
    ------
    DuplicateKeyError
        Several rows of the table resolve to the same unit.
    AmbiguousRegionError
        Names in the key column match several units (all offending values are listed).
    """
    import pandas as pd

    from .names import resolve_many

    if how not in ("left", "inner"):
        raise ValueError(f"how={how!r}: use 'left' or 'inner'")
    for col in ("kato", "vintage", "level"):
        if col not in units.columns:
            raise KeyError(f"units have no {col!r} column: pass a layer from kz.oblasts() / kz.districts()")
    layer_vintage = int(units["vintage"].iloc[0])
    layer_level = int(units["level"].iloc[0])
    if on is None:
        if "kato" not in table.columns:
            raise KeyError(f"table has no 'kato' column; name the key column with on= (columns: {list(table.columns)})")
        on = "kato"
    if on not in table.columns:
        raise KeyError(f"table has no column {on!r} (columns: {list(table.columns)})")
    t = table.copy()
    t["_row"] = t.index
    unmatched_rows = []

    # 1. rows of other boundaries, national totals
    if "vintage" in t.columns:
        level_col = t["level"] if "level" in t.columns else pd.Series(1, index=t.index)
        nat = level_col == 0
        for idx, key in zip(t.loc[nat, "_row"], t.loc[nat, on]):
            unmatched_rows.append((idx, key, "national total, not a unit"))
        t = t[~nat]
        tv = pd.to_numeric(t["vintage"], errors="coerce")
        if layer_level == 1 and layer_vintage in STAT_VINTAGES:
            ok = tv == layer_vintage
            for v in set(tv[~ok].dropna().astype(int)):
                ok |= (tv == v) & t["kato"].isin(stable_units(v, layer_vintage))
        else:
            ok = tv == layer_vintage
        for idx, key, v in zip(t.loc[~ok, "_row"], t.loc[~ok, on], tv[~ok]):
            unmatched_rows.append((idx, key, f"measured on {int(v)} boundaries, where this unit is not "
                                   f"the same as on {layer_vintage} boundaries: carry it with kz.to_vintage"))
        t = t[ok]

    # 2. keys -> KATO
    if on == "kato" or _looks_like_kato(t[on]):
        t["_kato"] = t[on].astype(str).str.strip()
        how_key = f"{on} (KATO codes)"
    else:
        oblast = t[oblast_on] if oblast_on else None
        res = resolve_many(t[on], level=layer_level, vintage=layer_vintage if layer_vintage in (2018, 2024) else None,
                           oblast=oblast)
        amb = res.table[res.table["status"] == "ambiguous"]
        if len(amb):
            fix = (f"even with oblast_on={oblast_on!r}; settle them with KATO codes or a kind word "
                   "('city' / 'district')" if oblast_on else "settle them with oblast_on= or codes")
            raise AmbiguousRegionError(
                f"{len(amb)} values of {on!r} match several units, {fix}:\n"
                + "\n".join(f"  {q!r}: {d}" for q, d in zip(amb["query"], amb["detail"])),
                query=list(amb["query"]),
            )
        t["_kato"] = res.kato.to_numpy()
        for idx, key, st, d in zip(t["_row"], t[on], res.table["status"], res.table["detail"]):
            if st != "ok":
                unmatched_rows.append((idx, key, d))
        t = t[t["_kato"].notna()]
        how_key = f"{on} (names resolved)"
    outside = ~t["_kato"].isin(units["kato"])
    for idx, key, k in zip(t.loc[outside, "_row"], t.loc[outside, on], t.loc[outside, "_kato"]):
        unmatched_rows.append((idx, key, f"KATO {k} is not among these {len(units)} units"))
    t = t[~outside]

    # 3. one row per unit
    dup = t["_kato"].duplicated(keep=False)
    if dup.any():
        groups = {k: list(zip(g["_row"], g[on])) for k, g in t[dup].groupby("_kato")}
        names = units.set_index("kato")["name_en"].to_dict()

        def why(rows) -> str:
            keys = {str(key) for _, key in rows}
            return ("different spellings of one unit" if len(keys) > 1
                    else "the same key repeats (several years or categories?)")

        raise DuplicateKeyError(
            f"{len(groups)} units get more than one row: "
            + "; ".join(f"{k} ({names.get(k, '?')}): rows "
                        + ", ".join(f"{r} ({key!r})" for r, key in v) + f", {why(v)}"
                        for k, v in list(groups.items())[:10])
            + ". Filter the table (e.g. one year), drop the duplicate spellings, or aggregate it first."
        )

    # 4. join
    drop = [c for c in ("_row", "vintage", "level", "region_en", "region_ru") if c in t.columns]
    attrs_cols = [c for c in t.columns if c not in drop and c not in ("_kato",) and c != on and c != "kato"]
    right = t.set_index("_kato")[attrs_cols]
    clash = [c for c in attrs_cols if c in units.columns]
    if clash:
        right = right.rename(columns={c: f"{c}_table" for c in clash})
    out = units.join(right, on="kato")
    got = units["kato"].isin(right.index).to_numpy()
    reasons = []
    for k in units.loc[~got, "kato"]:
        reasons.append(_why_missing(k, table, on, layer_vintage))
    unmatched_units = pd.DataFrame({"kato": units.loc[~got, "kato"].to_numpy(),
                                    "name_en": units.loc[~got, "name_en"].to_numpy(),
                                    "reason": reasons})
    if how == "inner":
        out = out[got]
    report = JoinReport(
        key=how_key, matched=int(got.sum()), n_units=len(units), n_rows=len(table),
        unmatched_units=unmatched_units,
        unmatched_rows=pd.DataFrame(unmatched_rows, columns=["row", "key", "reason"]),
    )
    out = out.copy()
    out.attrs = {"join_report": report, "units": dict(getattr(table, "attrs", {}).get("units", {}))}
    return out


def _looks_like_kato(s) -> bool:
    v = s.dropna().astype(str).str.strip()
    return len(v) > 0 and bool(v.str.fullmatch(r"\d{9}|YKO").all())


def _why_missing(kato: str, table, on: str, vintage: int) -> str:
    if "kato" in table.columns and "vintage" in table.columns:
        rows = table[table["kato"] == kato]
        if len(rows):
            vs = sorted({int(v) for v in rows["vintage"].dropna()})
            return f"rows exist on {vs} boundaries only; the unit is not the same on {vintage} boundaries"
    return "no row in the table"


# ----------------------------------------------------------------------------- vintages
def to_vintage(
    table: pd.DataFrame,
    columns: str | list[str],
    src: int,
    dst: int,
    kind: str = "extensive",
    weights: str = "area",
    level: int | str | None = None,
    fallback: str | None = "area",
    unknown: str = "raise",
) -> pd.DataFrame:
    """Carry values from the units of one boundary set to those of another.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per unit of ``src``, with a ``kato`` column.
    columns : str or list of str
        The columns to carry.
    src, dst : {2018, 2024}
        Boundary sets.
    kind : {"extensive", "intensive"}
        ``extensive`` (counts, totals): each source value is split over the target units
        by weight shares, so totals are conserved exactly. ``intensive`` (rates,
        per-capita values): each target value is the weighted mean of the source values
        overlapping it, so it stays within their range.
    weights : {"area", "population"}
        ``area``: shares of equal-area km². ``population``: shares of the population on
        1 January 2023 (the only year with district figures), estimated for each piece of
        the overlay in proportion to area within the 2024 districts that hold it; where a
        piece touches one of the five 2024 districts without a 2023 figure, the pieces of
        that source unit use the 2024 oblasts instead (complete). ``weights_used`` says
        which. Area-proportional shares inside a district spread its population evenly:
        a coarse estimate where a city fills part of a district.
    level : {1, 2}, optional
        Default: inferred from the codes.
    fallback : {"area", None}
        Where population weights cannot be formed for a source unit at all, use area
        weights for it (``"area"``, reported in ``weights_used``) or give NaN (``None``).
    unknown : {"raise", "report"}
        Rows whose ``kato`` is not a unit of ``src`` at that level: raise (default), or
        leave them out with a warning and list them in ``attrs["unplaced"]`` (records of
        ``kato`` and the values; their totals are then not carried).

    Returns
    -------
    pandas.DataFrame
        One row per ``dst`` unit: ``kato``, the carried columns, ``relation`` (how the
        unit relates to the source units: same, recoded, split, merged, boundary change
        ...), ``sources`` (source KATO codes), ``weights_used``. NaN in any contributing
        source gives NaN, never 0.
    """
    import numpy as np
    import pandas as pd

    from .data import check_level, check_vintage
    from .vintages import crosswalk

    cols = [columns] if isinstance(columns, str) else list(columns)
    if kind not in ("extensive", "intensive"):
        raise ValueError(f"kind={kind!r}: use 'extensive' (totals) or 'intensive' (rates, per-capita)")
    if weights not in ("area", "population"):
        raise ValueError(f"weights={weights!r}: use 'area' or 'population'")
    s, d = check_vintage(src), check_vintage(dst)
    if "kato" not in table.columns:
        raise KeyError("table needs a 'kato' column of source units")
    for c in cols:
        if c not in table.columns:
            raise KeyError(f"table has no column {c!r}")
        if not pd.api.types.is_numeric_dtype(table[c]):
            raise TypeError(f"column {c!r} is not numeric")
    if table["kato"].duplicated().any():
        raise DuplicateKeyError(f"kato repeats: {sorted(set(table.loc[table['kato'].duplicated(), 'kato']))}")
    lv = check_level(level) if level is not None else (1 if table["kato"].str.endswith("0000000").all() else 2)
    x = crosswalk(s, d, level=lv)
    src_units = set(x["from_kato"])
    strays = sorted(set(table["kato"]) - src_units)
    unplaced = table[table["kato"].isin(strays)]
    if strays and unknown == "raise":
        raise KeyError(f"codes that are not level-{lv} units of {s}: {strays[:10]}. Drop them, or pass "
                       "unknown='report' to leave them out with a warning")
    if strays:
        import warnings

        warnings.warn(f"to_vintage: {len(strays)} rows are not level-{lv} units of {s} and are not carried: "
                      f"{strays[:10]} (totals {unplaced[cols].sum(min_count=1).to_dict()}); see attrs['unplaced']",
                      stacklevel=2)
        table = table[~table["kato"].isin(strays)]
    missing_src = sorted(src_units - set(table["kato"]))
    # the crosswalk's own columns get private names: the table may carry an area_km2 too
    x = x[["from_kato", "to_kato", "area_km2", "relation"]].rename(
        columns={"from_kato": "_from", "to_kato": "_to", "area_km2": "_piece_km2", "relation": "_relation"})
    x["w"] = x["_piece_km2"]
    used = pd.Series("area", index=sorted(src_units))
    if weights == "population":
        fine, coarse = _piece_population(x, lv, s, d)
        fine_bad = pd.Series(np.isnan(fine), index=x.index).groupby(x["_from"]).any()
        use_fine = x["_from"].map(~fine_bad)
        x["pop"] = np.where(use_fine, fine, coarse)
        for k, ok in (~fine_bad).items():
            used[k] = "population (districts)" if ok else "population (oblasts)"
        bad = x.groupby("_from")["pop"].apply(lambda p: p.isna().any())
        multi = x.groupby("_from")["_to"].transform("size") > 1
        x["w"] = x["pop"]
        for k in bad[bad].index:
            sel = x["_from"] == k
            if not multi[sel].any():
                x.loc[sel, "w"] = 1.0  # a unit that goes whole to one target needs no weight
                used[k] = "population (single target)"
            elif fallback == "area":
                x.loc[sel, "w"] = x.loc[sel, "_piece_km2"]
                used[k] = "area (population unknown for part of it)"
            else:
                x.loc[sel, "w"] = np.nan
                used[k] = "none (population unknown for part of it)"
    vals = table.set_index("kato")[cols]
    x = x.join(vals, on="_from")
    out = pd.DataFrame({"kato": sorted(set(x["_to"]))}).set_index("kato")
    if kind == "extensive":
        share = x["w"] / x.groupby("_from")["w"].transform("sum")
        for c in cols:
            part = x[c] * share
            out[c] = part.groupby(x["_to"]).sum(min_count=1)
            has_nan = (x[c].isna() | share.isna()).groupby(x["_to"]).any()
            out.loc[has_nan[has_nan].index, c] = np.nan
    else:
        for c in cols:
            num = (x[c] * x["w"]).groupby(x["_to"]).sum(min_count=1)
            den = x["w"].groupby(x["_to"]).sum(min_count=1)
            out[c] = num / den
            has_nan = (x[c].isna() | x["w"].isna()).groupby(x["_to"]).any()
            out.loc[has_nan[has_nan].index, c] = np.nan
    rel = x.groupby("_to")["_relation"].agg(lambda r: ", ".join(sorted(set(r))))
    out["relation"] = rel
    out["sources"] = x.groupby("_to")["_from"].agg(list)
    out["weights_used"] = x.groupby("_to")["_from"].agg(
        lambda ks: "; ".join(sorted({used[k] for k in ks})))
    out = out.reset_index()
    # plain records, not a DataFrame: pandas compares attrs with == when it combines frames
    out.attrs.update(src=s, dst=d, kind=kind, weights=weights, level=lv, missing_sources=missing_src,
                     unplaced=unplaced[["kato", *cols]].to_dict("records"))
    return out


def _piece_population(x, level: int, src: int, dst: int):
    """Population (1 Jan 2023) of each overlay piece: from the 2024 districts, and from the
    2024 oblasts (complete, coarser). NaN where a piece touches a unit of unknown population."""
    from .settings import settings

    # the overlay is the same for every call with these vintages: compute it once per process
    key = (level, src, dst, tuple(x["_from"]), tuple(x["_to"]),
           str(settings.resolved_data_dir()), str(settings.resolved_cache_dir()))
    return _piece_population_cached(key)


@lru_cache(maxsize=8)
def _piece_population_cached(key):
    import numpy as np
    import pandas as pd
    import shapely

    from . import data

    level, src, dst, froms, tos = key[:5]
    x = pd.DataFrame({"_from": froms, "_to": tos})
    a = data.units(level, src).set_index("kato").geometry
    b = data.units(level, dst).set_index("kato").geometry
    pieces = shapely.intersection(np.asarray(a.loc[x["_from"]].values),
                                  np.asarray(b.loc[x["_to"]].values), grid_size=data.GRID)
    pieces = np.array([data._to_multipolygon(g) for g in pieces], dtype=object)
    dpop = panel("population_start_of_year", level="district").set_index("kato")["population_start_of_year"]
    opop = panel("population_start_of_year", years=2023, vintage=2024).set_index("kato")[
        "population_start_of_year"] * 1000.0  # thousand persons -> persons
    return (_dasymetric(pieces, data.districts(2024), dpop),
            _dasymetric(pieces, data.oblasts(2024), opop))


def _dasymetric(pieces, base, pop):
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from ._crs import area_km2
    from .data import GRID

    bg = np.asarray(base.geometry.values)
    bpop = base["kato"].map(pop).to_numpy(dtype=float)
    ip, ib = shapely.STRtree(bg).query(pieces, predicate="intersects")
    inter = shapely.intersection(pieces[ip], bg[ib], grid_size=GRID)
    frac = area_km2(gpd.GeoSeries(inter, crs="EPSG:4326")).to_numpy() / base["area_km2"].to_numpy()[ib]
    contrib = frac * bpop[ib]
    # unknown only if the piece really overlaps the unit (more than a 0.01 % sliver)
    unknown = np.isnan(contrib) & (frac > 1e-4)
    total = pd.Series(np.nan_to_num(contrib), index=ip).groupby(level=0).sum()
    anyunk = pd.Series(unknown, index=ip).groupby(level=0).any()
    out = np.zeros(len(pieces))
    out[total.index.to_numpy()] = total.to_numpy()
    out[anyunk[anyunk].index.to_numpy()] = np.nan
    return out


# ----------------------------------------------------------------------------- derived
_UNIT_SCALE = {"thousand persons": 1000.0, "persons": 1.0}


def derive(
    gdf,
    per_capita: str | list[str] | None = None,
    density: str | list[str] | None = None,
    growth: tuple | None = None,
    index: str | list[str] | None = None,
    share: str | list[str] | None = None,
    population: str = "population_avg_annual",
    year: int | None = None,
):
    """Add derived indicators to a frame of units (returns a new frame).

    Parameters
    ----------
    gdf : DataFrame or GeoDataFrame
        Units with a ``kato`` column (and ``area_km2`` for densities; ``vintage`` and
        ``year`` columns, or ``year=``, for growth, index and share).
    per_capita : column(s)
        ``<col>_per_capita`` = column / ``population`` column. For ``grp_total`` (million
        KZT) over ``population_avg_annual`` (thousand persons) this is thousand KZT per
        person, the unit of the shipped ``grp_per_capita``.
    density : column(s)
        ``<col>_density`` = column / ``area_km2``, per km² of equal-area area; a column in
        thousand persons (by ``attrs["units"]``) gives persons per km².
    growth : (indicator, start_year, end_year)
        ``<indicator>_cagr_<start>_<end>``: compound annual growth in % between the two
        years, from the shipped panel on the units' boundaries (rows of unchanged units
        from other sets included). NaN where a year is missing.
    index : column(s)
        ``<col>_index``: value / national value of the same year × 100 (national = 100),
        the national figure taken from the panel's own national rows.
    share : column(s)
        ``<col>_share``: value / national total of the same year × 100 (% of the country).
    population : str
        Column used by ``per_capita``.
    year : int, optional
        The year of the values, if the frame has no ``year`` column.
    """
    import numpy as np
    import pandas as pd

    out = gdf.copy()
    units = dict(getattr(gdf, "attrs", {}).get("units", {}))

    def listify(v):
        return [] if v is None else ([v] if isinstance(v, str) else list(v))

    for c in listify(per_capita):
        _need(out, c, population)
        out[f"{c}_per_capita"] = out[c] / out[population]
        units[f"{c}_per_capita"] = _per_unit(units.get(c), units.get(population))
    for c in listify(density):
        _need(out, c, "area_km2")
        u = units.get(ALIASES.get(c, c), units.get(c, ""))
        scale = _UNIT_SCALE.get(u, 1.0)
        out[f"{c}_density"] = out[c] * scale / out["area_km2"]
        units[f"{c}_density"] = "persons per km²" if u in _UNIT_SCALE else f"{u or 'units'} per km²"
    years = None
    if index or share:
        if year is not None:
            years = pd.Series(int(year), index=out.index)
        elif "year" in out.columns:
            years = out["year"]
        else:
            raise KeyError("index= and share= compare with the national value of the same year: "
                           "the frame needs a 'year' column, or pass year=")
    for kind, cols in (("index", listify(index)), ("share", listify(share))):
        for c in cols:
            _need(out, c)
            ind = _canonical(c, 1)
            nat = _national(ind)
            ref = years.map(nat)
            if ref.isna().any():
                missing = sorted(set(years[ref.isna()].dropna().astype(int)))
                raise KeyError(f"no national {ind} for year(s) {missing} in the shipped panel")
            out[f"{c}_{kind}"] = out[c] / ref * 100.0
            units[f"{c}_{kind}"] = "national = 100" if kind == "index" else "%"
    if growth is not None:
        ind, y0, y1 = growth
        ind = _canonical(ind, 1)
        y0, y1 = int(y0), int(y1)
        if y1 <= y0:
            raise ValueError(f"growth needs end year > start year, got {y0}, {y1}")
        vint = int(out["vintage"].iloc[0]) if "vintage" in out.columns else None
        p = panel(ind, years=[y0, y1], vintage=vint)
        v = p.pivot_table(index="kato", columns="year", values=ind, aggfunc="first")
        v0 = out["kato"].map(v[y0]) if y0 in v else np.nan
        v1 = out["kato"].map(v[y1]) if y1 in v else np.nan
        out[f"{ind}_cagr_{y0}_{y1}"] = ((v1 / v0) ** (1.0 / (y1 - y0)) - 1.0) * 100.0
        units[f"{ind}_cagr_{y0}_{y1}"] = "% per year"
    out.attrs = {**getattr(out, "attrs", {}), "units": units}
    return out


def _per_unit(num: str | None, den: str | None) -> str:
    if num and num.startswith("million KZT") and den == "thousand persons":
        return "thousand KZT"  # 10^6 KZT / 10^3 persons
    return f"{num or '?'} per {den or '?'}"


def _need(df, *cols):
    for c in cols:
        if c not in df.columns:
            raise KeyError(f"the frame has no column {c!r} (columns: {list(df.columns)})")


@cache
def _national(indicator: str) -> dict:
    df = _oblast_long()
    nat = df[(df["kato"] == NATIONAL) & (df["indicator"] == indicator)]
    return {int(y): float(v) for y, v in zip(nat["year"], nat["value"]) if not math.isnan(v)}

