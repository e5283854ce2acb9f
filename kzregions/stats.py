"""The shipped regional panel as tidy tables, and indicators derived from it.

See :mod:`kzregions._datasets` for what ships, where it comes from and which boundary set
each row was measured on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _sdg
from ._datasets import ALIASES, TITLES, canonical, long_table, national  # noqa: F401  (TITLES: public)
from ._schema import NATIONAL, check_level, check_stat_vintage, persons_in
from ._validate import as_years, check_years_exist
from .errors import InvalidArgumentError, MissingColumnError, MissingDataError
from .vintages import usable_on

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# ----------------------------------------------------------------------------- catalogue
def indicator_title(indicator: str, lang: str = "en") -> str:
    """The readable title of an indicator in ``lang`` (the SDG series have all three; the
    others fall back to English until translated)."""
    from ._i18n import indicator_title as translated

    return (translated(indicator, lang) or _sdg.titles(lang).get(indicator) or TITLES.get(indicator)
            or indicator.replace("_", " ").capitalize())


def indicator_name(indicator: str, level: int | str = 1) -> str:
    """The canonical name of an indicator given by name or alias (``"unemployment"`` ->
    ``unemployment_rate``); :class:`~kzregions.errors.UnknownIndicatorError` with the closest
    names otherwise."""
    return canonical(indicator, check_level(level))


def indicators() -> pd.DataFrame:
    """The catalogue of shipped indicators.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and level: ``indicator``, ``level`` (oblast / district),
        ``unit``, ``first_year``, ``last_year``, ``years`` (count), ``regions`` (count),
        ``vintages`` (boundary sets it is measured on), ``national`` (has national rows),
        ``sources``.

    Examples
    --------
    >>> import kzregions as kz
    >>> cat = kz.indicators().set_index(["indicator", "level"])
    >>> cat.loc[("unemployment_rate", "oblast"), ["unit", "vintages"]].tolist()
    ['%', '2017, 2018, 2024']
    """
    import pandas as pd

    rows = []
    for level, name in ((1, "oblast"), (2, "district")):
        df = long_table(level)
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
    return pd.DataFrame(rows).merge(_sdg.catalogue_columns(), on="indicator", how="left")


def panel(
    *names: str,
    years=None,
    level: int | str = "oblast",
    vintage: int | None = None,
    national: bool = False,
    long: bool = False,
    sex: str | None = None,
    urbanisation: str | None = None,
    age: str | None = None,
    series: str | None = None,
    breakdown: dict | None = None,
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
        Administrative level of the rows (district figures: population on 1 January 2023).
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
    sex, urbanisation, age, series : str, optional
        Disaggregations of the SDG indicators (codes of the Bureau's file: ``sex="F"``,
        ``urbanisation="R"``, ``age="Y16T24"``, ``series="_L_KZ_110602_1B"``; ``"total"``).
        Default: the total (where a file has no total for a column, its first code; the
        ``note`` says which). ``kz.indicators()`` lists each indicator's codes.
    breakdown : dict, optional
        Other columns of the Bureau's file, e.g. ``{"activity": "ISIC4_C"}``.

    Returns
    -------
    pandas.DataFrame
        Wide: ``kato``, ``region_en``, ``year``, ``vintage`` and one column per indicator
        (units in ``attrs["units"]``, sources in ``attrs["sources"]``). Missing values are
        NaN: nothing is filled in.

    Raises
    ------
    UnknownIndicatorError
        A name is not a shipped indicator of the level (the message gives the closest ones).
    LevelError, VintageError
        ``level`` or ``vintage`` does not exist.
    ValueError
        Rows of one indicator come in different units (use ``long=True``).

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.panel("population", years=2023, vintage=2024)
    >>> len(p), p.columns.tolist()
    (20, ['kato', 'region_en', 'year', 'vintage', 'measured_on', 'population_avg_annual'])
    >>> p.attrs["units"]
    {'population_avg_annual': 'thousand persons'}
    """

    lv = check_level(level)
    df = long_table(lv)
    if names:
        df = df[df["indicator"].isin([canonical(n, lv) for n in names])]
    chosen = {"sex": sex, "urbanisation": urbanisation, "age": age, "series": series, **(breakdown or {})}
    if any(v is not None for v in chosen.values()):  # disaggregations of the SDG series
        df = _sdg.reselect(df, [canonical(n, lv) for n in names], chosen)
    if years is not None:
        ys = as_years("years", years)
        check_years_exist("years", ys, df["year"], ", ".join(names) if names else "the panel")
        df = df[df["year"].isin(ys)]
    if not national:
        df = df[df["level"] > 0]
    if vintage is not None:
        df = _to_set(df, check_stat_vintage(vintage), lv)
    if long:
        return df.reset_index(drop=True)
    mixed = df.groupby("indicator")["unit"].nunique()
    if (mixed > 1).any():
        bad = {i: sorted(set(df.loc[df["indicator"] == i, "unit"])) for i in mixed[mixed > 1].index}
        raise InvalidArgumentError(f"indicators with rows in different units cannot share a column: {bad}. "
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


def _to_set(df, target: int, level: int):
    """Rows joinable to ``target``: native, or of a unit unchanged between the two sets."""
    import pandas as pd

    keep = usable_on(df["vintage"], df["kato"], target, level=level)
    out = df[keep].copy()
    out["measured_on"] = out["vintage"]
    out["vintage"] = pd.array([target if lv > 0 else None for lv in out["level"]], dtype="Int64")
    # a unit measured natively and also carried from another set in the same year: keep native
    out["_native"] = out["measured_on"] == target
    out = out.sort_values("_native", ascending=False, kind="stable")
    out = out.drop_duplicates(["kato", "year", "indicator"]).drop(columns="_native")
    return out.sort_index()


# ----------------------------------------------------------------------------- derived
def unit_of(frame: Any, column: str, *, level: int | str = 1, units: dict | None = None) -> str | None:
    """The unit of measure of ``column``: from ``units``, else the frame's ``attrs["units"]``
    (as :func:`panel` sets it), else the shipped indicator of that name at ``level``; None
    if nothing says. The one place :func:`derive` and :func:`kzregions.typology` ask."""
    said = {**dict(getattr(frame, "attrs", {}).get("units", {})), **(units or {})}
    for key in (column, ALIASES.get(column, column)):
        if said.get(key):
            return str(said[key])
    try:
        name = canonical(column, check_level(level))
    except KeyError:
        return None
    table = long_table(check_level(level))
    shipped = set(table.loc[table["indicator"] == name, "unit"])
    return shipped.pop() if len(shipped) == 1 else None



def derive(
    gdf: pd.DataFrame,
    *,
    per_capita: str | list[str] | None = None,
    density: str | list[str] | None = None,
    growth: tuple | None = None,
    index: str | list[str] | None = None,
    share: str | list[str] | None = None,
    population: str = "population_avg_annual",
    year: int | None = None,
    column_units: dict[str, str] | None = None,
) -> pd.DataFrame:
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
        thousand persons gives persons per km². The unit comes from ``column_units``, the
        frame's ``attrs["units"]`` or the shipped indicator of that name; a column with no
        known unit raises :class:`~kzregions.errors.UnitsError` (it is never taken as persons).
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
    column_units : dict, optional
        Units of measure of the frame's columns (``{"pop": "persons"}``), over its
        ``attrs["units"]``.

    Returns
    -------
    DataFrame or GeoDataFrame
        A copy of ``gdf`` with the new columns; ``attrs["units"]`` gives the unit of each.

    Raises
    ------
    MissingColumnError
        A named column (or ``area_km2``, ``population``) is not in the frame.
    UnknownIndicatorError
        ``index``, ``share`` or ``growth`` names no shipped indicator.
    KeyError
        ``index``/``share`` without a year, or no national value for that year.
    ValueError
        ``growth`` with an end year not after the start year.
    UnitsError
        A ``density`` column has no known unit (pass ``column_units=``).

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("population", years=2023, vintage=2024))
    >>> d = kz.derive(obl, density="population_avg_annual")
    >>> d.attrs["units"]["population_avg_annual_density"]
    'persons per km²'
    >>> round(float(d.loc[d["kato"] == "750000000", "population_avg_annual_density"].iloc[0]))
    3118
    >>> g = kz.attach(kz.oblasts(2018), kz.panel("grp_per_capita", years=2021, vintage=2018))
    >>> d = kz.derive(g, index="grp_per_capita", growth=("grp_per_capita", 2015, 2021))
    >>> d.set_index("kato").loc["230000000", ["grp_per_capita_index",
    ...                                       "grp_per_capita_cagr_2015_2021"]].round(1).tolist()
    [363.0, 14.4]
    """
    import numpy as np
    import pandas as pd

    out = gdf.copy()
    units: dict[str, Any] = {**dict(getattr(gdf, "attrs", {}).get("units", {})), **(column_units or {})}
    lv = int(gdf["level"].iloc[0]) if "level" in gdf.columns and len(gdf) else 1

    def listify(v):
        return [] if v is None else ([v] if isinstance(v, str) else list(v))

    for c in listify(per_capita):
        _need(out, c, population)
        out[f"{c}_per_capita"] = out[c] / out[population]
        units[f"{c}_per_capita"] = _per_unit(units.get(c), units.get(population))
    for c in listify(density):
        _need(out, c, "area_km2")
        u = unit_of(out, c, level=lv, units=units)
        if u is None or "person" in u:  # a count of people: persons per km², whatever it was counted in
            out[f"{c}_density"] = out[c] * persons_in(u, c) / out["area_km2"]
            units[f"{c}_density"] = "persons per km²"
        else:
            out[f"{c}_density"] = out[c] / out["area_km2"]
            units[f"{c}_density"] = f"{u} per km²"
    years: Any = None
    if index or share:
        if year is not None:
            years = pd.Series(int(year), index=out.index)
        elif "year" in out.columns:
            years = out["year"]
        else:
            raise MissingDataError("index= and share= compare with the national value of the same year: "
                           "the frame needs a 'year' column, or pass year=")
    for kind, cols in (("index", listify(index)), ("share", listify(share))):
        for c in cols:
            _need(out, c)
            ind = canonical(c, 1)
            nat = national(ind)
            ref = years.map(nat)
            if ref.isna().any():
                missing = sorted(set(years[ref.isna()].dropna().astype(int)))
                raise MissingDataError(f"no national {ind} for year(s) {missing} in the shipped panel")
            out[f"{c}_{kind}"] = out[c] / ref * 100.0
            units[f"{c}_{kind}"] = "national = 100" if kind == "index" else "%"
    if growth is not None:
        ind, y0, y1 = growth
        ind = canonical(ind, 1)
        y0, y1 = int(y0), int(y1)
        if y1 <= y0:
            raise InvalidArgumentError(f"growth years ({y0}, {y1}): give the start year first and a later end year, e.g. (2015, 2022)")
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
            raise MissingColumnError(f"the frame has no column {c!r} (columns: {list(df.columns)})")
