"""Shift-share analysis of the change in a sector table (employment, value added) between two
years: how much of each region's change the growth of the whole, its sector mix and its own
performance account for.

Classic shift-share (Dunn 1960; Esteban-Marquillas notation), for region ``r``, sector ``s``,
amounts ``e`` in the start year 0 and the end year 1, the whole's totals ``E`` (the sum of the
units given) with growth ``G = E1/E0 − 1`` overall and ``G_s`` per sector:

- national share ``NS_rs = e_rs0 · G`` (the change had the sector grown as the whole economy);
- industry mix ``IM_rs = e_rs0 · (G_s − G)`` (the region's sectors grew faster or slower);
- regional shift ``RS_rs = Δe_rs − NS_rs − IM_rs`` (= ``e_rs0 · (g_rs − G_s)`` when
  ``e_rs0 > 0``: the region's own, competitive, component).

The three add up to the actual change ``Δe_rs`` exactly. The dynamic variant (Barff & Knight
1988, Economic Geography 64(1)) sums the classic components year by year with the weights
and growth rates of each year, so that a change of structure within the period is followed;
it adds up to the same actual change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._structure import check_column, check_frame, check_sectors, check_year, invalid, kato_keyed
from ._validate import renamed_keywords

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The components, in the order they add up.
COMPONENTS = ("national_share", "industry_mix", "regional_shift")


@dataclass(eq=False)
class ShiftShare:
    """The result of :func:`shift_share`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per unit (index as given): ``start``, ``end`` (totals), ``change``,
        ``national_share``, ``industry_mix``, ``regional_shift`` (adding up to ``change``),
        and ``regional_shift_pct`` (the regional shift in % of the start total).
    by_sector : pandas.DataFrame
        The same components per unit and sector (long: ``unit``, ``sector``, ...).
    params : dict
        ``start``, ``end``, ``method`` (``classic`` or ``dynamic``), ``growth`` (the whole's
        growth, %), ``sector_growth`` (per sector, %), ``left_out`` (units without every year).

    Examples
    --------
    >>> import kzregions as kz
    >>> emp = kz.sector_table("employment", [2022, 2025])
    >>> ss = kz.shift_share(emp, 2022, 2025)
    >>> ss
    ShiftShare(classic 2022-2025, 20 units, whole grew +3.89 %)
    """

    table: Any
    by_sector: Any
    params: dict

    def __repr__(self) -> str:
        p = self.params
        return (f"ShiftShare({p['method']} {p['start']}-{p['end']}, {len(self.table)} units, whole grew "
                f"{p['growth']:+.2f} %)")


def _classic(e0, e1):
    """Components per unit and sector between two aligned tables (units x sectors)."""
    import numpy as np

    E0, E1 = e0.sum(axis=0), e1.sum(axis=0)
    G = float(E1.sum() / E0.sum() - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        Gs = (E1 / E0 - 1.0).where(E0 > 0, 0.0)  # a sector absent at the start has no base to grow
    ns = e0 * G
    im = e0.mul(Gs - G, axis=1)
    rs = (e1 - e0) - ns - im
    return ns, im, rs, G, Gs


@renamed_keywords("0.4", year="year_column")
def shift_share(df: pd.DataFrame, start: Any, end: Any, *, year_column: str = "year",
                dynamic: bool = False) -> ShiftShare:
    """Shift-share decomposition of each unit's change between ``start`` and ``end``.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per unit and year (the unit in a ``kato`` column, kept as a column in the
        results, or in the index, kept as the index), a ``year`` column and one numeric column
        per sector, e.g. ``kz.sector_table("employment", [2022, 2025])``. The whole is the sum
        of the units present in every year used.
    start, end : int
        First and last year (``start < end``).
    year_column : str
        The column of years. Called ``year=`` before 0.3 (still accepted, with a
        DeprecationWarning, until 0.4: ``year`` means a year everywhere else).
    dynamic : bool
        ``False``: classic shift-share between the two years. ``True``: the dynamic variant,
        summing the yearly components over every year from ``start`` to ``end`` (each year
        must be in ``df``).

    Returns
    -------
    ShiftShare
        ``table`` per unit, ``by_sector`` per unit and sector, ``params``.

    Raises
    ------
    MissingColumnError
        ``year_column`` is not a column.
    InvalidArgumentError
        ``start``/``end`` not years of ``df``, ``start >= end``, a unit repeated in a year,
        or negative amounts.

    Examples
    --------
    >>> import kzregions as kz
    >>> emp = kz.sector_table("employment", [2022, 2023, 2024, 2025])
    >>> t = kz.shift_share(emp, 2022, 2025).table
    >>> row = t.loc["750000000"]
    >>> round(row["change"]), round(row[["national_share", "industry_mix", "regional_shift"]].sum())
    (122962, 122962)
    >>> d = kz.shift_share(emp, 2022, 2025, dynamic=True).table
    >>> bool((d["change"] == t["change"]).all())
    True
    """
    import pandas as pd

    from ._measure_text import shift_share_titles

    year = year_column
    check_frame("df", df)
    df, as_column = kato_keyed(df, year)
    check_column(df, year, "year_column")
    y0, y1 = check_year("start", start), check_year("end", end)
    if y0 >= y1:
        raise invalid("end", end, f"the end year must come after start={y0}")
    if not isinstance(dynamic, bool):
        raise invalid("dynamic", dynamic, "pass True (year-by-year) or False (classic)")
    have = sorted(set(df[year].astype(int)))
    steps = list(range(y0, y1 + 1)) if dynamic else [y0, y1]
    missing = [y for y in steps if y not in have]
    if missing:
        raise invalid("start" if y0 in missing else "end" if y1 in missing else "dynamic", missing,
                      f"the table has no year(s) {missing}; it has {have}")
    tables, units = {}, None
    for y in steps:
        t = df[df[year].astype(int) == y].drop(columns=year)
        if t.index.duplicated().any():
            raise invalid("df", sorted(set(t.index[t.index.duplicated()]))[:5], f"units repeated in {y}: one row per "
                          "unit and year")
        tables[y] = check_sectors("df", t)
        units = set(t.dropna().index) if units is None else units & set(t.dropna().index)
    order = [u for u in tables[y0].index if u in (units or set())]
    left_out = sorted(set().union(*(set(t.index) for t in tables.values())) - set(order), key=str)
    if not order:
        raise invalid("df", have, "no unit has every sector in every year used")
    parts = [pd.DataFrame(0.0, index=order, columns=tables[y0].columns) for _ in COMPONENTS]
    for a, b in zip(steps[:-1], steps[1:]):
        comps = _classic(tables[a].loc[order], tables[b].loc[order])
        parts = [acc + c for acc, c in zip(parts, comps[:3])]
    _, _, _, G, Gs = _classic(tables[y0].loc[order], tables[y1].loc[order])
    e0, e1 = tables[y0].loc[order], tables[y1].loc[order]
    by = pd.concat({c: p.stack() for c, p in zip(COMPONENTS, parts)}, axis=1)
    by.index.names = ["unit", "sector"]
    by.insert(0, "start", e0.stack())
    by.insert(1, "end", e1.stack())
    by.insert(2, "change", by["end"] - by["start"])
    table = by.groupby(level="unit", sort=False).sum()
    table["regional_shift_pct"] = table["regional_shift"] / table["start"] * 100.0
    table.index.name = df.index.name
    params = {"start": y0, "end": y1, "method": "dynamic" if dynamic else "classic", "growth": G * 100.0,
              "sector_growth": (Gs * 100.0).to_dict(), "left_out": left_out,
              "unit": getattr(df, "attrs", {}).get("unit")}
    # maps of the components title themselves: measure, years, unit (kz.choropleth)
    table.attrs["titles"] = shift_share_titles([*COMPONENTS, "change", "regional_shift_pct"], params,
                                               getattr(df, "attrs", {}).get("table"))
    if as_column:  # units named in a kato column: so are the results
        table = table.reset_index()
        by.index.names = ["kato", "sector"]
    return ShiftShare(table, by.reset_index(), params)
