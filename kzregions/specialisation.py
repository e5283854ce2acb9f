"""Specialisation of regions: location quotients, Krugman, Hoover and Gini indices, Herfindahl,
and each region's share of every sector.

Works on any sector table a user brings (one row per unit, one numeric column per sector, one
unit of measure) and on the shipped ones (:func:`sector_table`: gross value added of sections A,
B, C, D and the rest of the economy, 2021 and 2024; employment in three sectors, 2016-2025).

Notation: ``x_rs`` the amount of sector ``s`` in region ``r``; ``s_rs = x_rs / x_r`` the
region's sector shares; ``s_s = X_s / X`` the shares of the whole (the sum of the rows given,
so that a table of some regions compares them with one another).

- location quotient ``LQ_rs = s_rs / s_s`` (> 1: more specialised in ``s`` than the whole);
- Krugman dissimilarity index ``K_r = Σ_s |s_rs − s_s|`` (0: the structure of the whole; 2 at
  most) and the Hoover coefficient of specialisation ``H_r = K_r / 2`` (the share of the
  region's activity that would have to move between sectors to match the whole);
- Gini of specialisation: the Gini coefficient of the region's localisation curve (sectors
  ordered by ``LQ`` ascending; cumulated shares of the whole on x, of the region on y);
- Herfindahl ``HHI_r = Σ_s s_rs²`` (absolute concentration: 1 for a one-sector economy);
- regional share ``x_rs / X_s``: the part of the whole's sector ``s`` located in ``r``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._structure import check_column, check_sectors, invalid, kato_keyed
from ._structure import sector_table as _sector_table
from ._validate import renamed_keywords

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The sectors of the shipped tables, in order (keys of the categories of a specialisation map).
SECTORS = ("agriculture", "mining", "manufacturing", "utilities", "rest_of_economy", "industry_construction",
           "services")


@renamed_keywords("0.4", table="name")
def sector_table(name: str = "gva", year: Any = 2024, *, vintage: Any = 2024) -> pd.DataFrame:
    """A shipped sector table of one year: one row per unit, one column per sector.

    Parameters
    ----------
    name : {"gva", "employment"}
        The shipped table (called ``table=`` before 0.3, still accepted with a
        DeprecationWarning until 0.4: ``table`` means a table of attributes). ``gva``: gross value added of sections A (``agriculture``), B (``mining``), C
        (``manufacturing``), D (``utilities``) and the rest of GRP (``rest_of_economy``:
        sections E-S **plus net taxes on products**, so not a pure services figure), million
        KZT at current prices, 2021 and 2024 (BNS table 5927). ``employment``: employed
        persons in ``agriculture``, ``industry_construction`` and ``services`` (BNS labour
        force survey), 2016-2025.
    year : int
        The year.
    vintage : {2017, 2018, 2024}
        Boundaries of the units (rows measured on another set are kept only for units that
        did not change).

    Returns
    -------
    pandas.DataFrame
        Index ``kato``; one column per sector. ``attrs``: ``unit``, ``year``, ``vintage``,
        ``names`` (kato -> English name), ``sources``.

    Raises
    ------
    InvalidArgumentError
        ``name`` is not one of the two, or ``year`` is not in the table (the message lists
        the years there are).

    Examples
    --------
    >>> import kzregions as kz
    >>> t = kz.sector_table("gva", 2024)
    >>> t.shape, t.attrs["unit"]
    ((20, 5), 'million KZT (current prices)')
    >>> kz.sector_table("employment", 2024).loc["230000000"].tolist()
    [8737.0, 95118.0, 243933.0]
    """
    return _sector_table(name, year, vintage=vintage)


def _groups(df: pd.DataFrame, by: str | None, name: str):
    """(key, sector table) per group of ``by`` (one group, key None, without ``by``); with ``by``
    the tables are indexed by row position, so that repeated unit labels stay apart."""
    if by is None:
        yield None, check_sectors(name, df)
        return
    check_column(df, by, "by")
    for key, g in df.reset_index(drop=True).groupby(by, sort=True):
        yield key, check_sectors(name, g.drop(columns=by))


def _restore(parts, df, by):
    """One frame in the order and with the index of ``df``."""
    import pandas as pd

    if by is None:
        return parts[0]
    out = pd.concat(parts).sort_index()
    out.index = df.index
    return out


def _keyed_as_given(res: Any, as_column: bool) -> Any:
    if not as_column:
        return res
    attrs = dict(res.attrs)
    out = res.reset_index()
    out.attrs = attrs
    return out


def location_quotients(df: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Location quotients of sectors: LQ(r, s) = (x_rs / x_r) / (X_s / X).

    ``df``: one row per unit, one column per sector (e.g. gross value added or employment,
    :func:`sector_table`). LQ > 1 means the unit is more specialised in the sector than the
    units together. The whole (``X``) is the sum of the rows given.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per unit, one numeric column per sector, in one unit of measure. The units
        are named by a ``kato`` column (kept as a column in the result, as everywhere in
        kzregions) or by the index (kept as the index). Missing cells give a missing
        quotient for that unit.
    by : str, optional
        A column of ``df`` grouping the rows (e.g. ``"year"``): quotients within each group.

    Returns
    -------
    pandas.DataFrame
        Same shape as ``df`` (``by`` kept): the location quotient of each unit and sector.

    Raises
    ------
    InvalidInputError
        A sector column is not numeric, or ``df`` is not a DataFrame.
    InvalidArgumentError
        Negative or infinite amounts, or a zero total.

    Examples
    --------
    Urban and rural population as two "sectors" (the shipped 2023 averages):

    >>> import kzregions as kz
    >>> import pandas as pd
    >>> p = kz.panel("population", "urban_population_avg_annual", years=2023, vintage=2024)
    >>> p = p.set_index("kato")
    >>> pop = pd.DataFrame({"urban": p["urban_population_avg_annual"],
    ...                     "rural": p["population_avg_annual"] - p["urban_population_avg_annual"]})
    >>> lq = kz.location_quotients(pop)
    >>> lq.loc[["710000000", "190000000"], "urban"].round(2).tolist()
    [1.61, 0.31]

    Mining (section B) in Atyrau, 2024, over the five groups A, B, C, D and the rest:

    >>> round(float(kz.location_quotients(kz.sector_table("gva", 2024)).loc["230000000", "mining"]), 2)
    3.64
    """

    from ._measure_text import lq_titles

    given = dict(getattr(df, "attrs", {}) or {})
    df, as_column = kato_keyed(df, by)
    parts = []
    for key, t in _groups(df, by, "df"):
        full = ~t.isna().any(axis=1)  # the whole: the units with every sector
        whole = t[full].sum(axis=0) / t[full].to_numpy().sum()
        out = t.div(t.sum(axis=1, min_count=len(t.columns)), axis=0).div(whole, axis=1)
        if by is not None:
            out.insert(0, by, key)
        parts.append(out)
    res = _keyed_as_given(_restore(parts, df, by), as_column)
    # a map of a quotient titles itself: sector, measure, year, what 1 means (kz.choropleth)
    res.attrs["titles"], res.attrs["legend_titles"] = lq_titles([c for c in res.columns if c not in (by, "kato")],
                                                                given)
    # and diverges at 1 (the sector's share in all units): below and above 1 in two hues
    res.attrs["centers"] = {str(c): 1.0 for c in res.columns if c not in (by, "kato")}
    return res


def regional_shares(df: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Each unit's share of every sector of the whole: x_rs / X_s (columns add up to 1).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per unit, one numeric column per sector (as for :func:`location_quotients`).
    by : str, optional
        A column grouping the rows (e.g. ``"year"``): shares within each group.

    Returns
    -------
    pandas.DataFrame
        Same shape as ``df``: fractions (0-1) of each sector's total located in each unit.

    Examples
    --------
    >>> import kzregions as kz
    >>> sh = kz.regional_shares(kz.sector_table("gva", 2024))
    >>> round(float(sh.loc["230000000", "mining"]), 3), round(float(sh["mining"].sum()), 6)
    (0.398, 1.0)
    """

    df, as_column = kato_keyed(df, by)
    parts = []
    for key, t in _groups(df, by, "df"):
        out = t.div(t.sum(axis=0), axis=1)
        if by is not None:
            out.insert(0, by, key)
        parts.append(out)
    return _keyed_as_given(_restore(parts, df, by), as_column)


def specialisation_indices(df: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Indices of specialisation per unit: Krugman, Hoover, Gini, Herfindahl, dominant sector.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per unit, one numeric column per sector (:func:`sector_table` or a table of
        the user's own). Units with a missing sector get missing indices.
    by : str, optional
        A column grouping the rows (e.g. ``"year"``): each group compared with its own whole.

    Returns
    -------
    pandas.DataFrame
        Index of ``df``; columns (``by`` first if given): ``krugman`` (Σ|s_rs − s_s|, 0-2),
        ``hoover`` (half of it, 0-1), ``gini`` (of the localisation curve, 0-1),
        ``herfindahl`` (Σ s_rs², 1/n-1), ``dominant_sector`` (the highest location quotient),
        ``dominant_lq``, ``largest_sector`` (the largest share of the unit's own total) and
        ``largest_share``. ``attrs["whole"]``: the shares of the whole (per group with ``by``).

    Raises
    ------
    InvalidInputError, InvalidArgumentError
        As :func:`location_quotients`; fewer than two sectors.

    Examples
    --------
    >>> import kzregions as kz
    >>> s = kz.specialisation_indices(kz.sector_table("gva", 2024))
    >>> s.loc[["620000000", "230000000", "430000000"], "krugman"].round(2).tolist()
    [0.83, 0.63, 0.1]
    >>> s.loc["590000000", ["dominant_sector", "largest_sector"]].tolist()
    ['agriculture', 'rest_of_economy']
    """
    import numpy as np
    import pandas as pd

    df, as_column = kato_keyed(df, by)
    parts, wholes = [], {}
    for key, t in _groups(df, by, "df"):
        if t.shape[1] < 2:
            raise invalid("df", list(t.columns), "specialisation compares at least two sectors")
        full = ~t.isna().any(axis=1)
        whole = t[full].sum(axis=0) / t[full].to_numpy().sum()
        shares = t.div(t.sum(axis=1), axis=0)
        lq = shares.div(whole, axis=1)
        out = pd.DataFrame(index=t.index)
        if by is not None:
            out[by] = key
        out["krugman"] = (shares - whole).abs().sum(axis=1, min_count=t.shape[1])
        out["hoover"] = out["krugman"] / 2.0
        out["gini"] = [_gini(lq.loc[i], shares.loc[i], whole) if full[i] else np.nan for i in t.index]
        out["herfindahl"] = (shares**2).sum(axis=1, min_count=t.shape[1])
        ok = full & (t.sum(axis=1) > 0)
        out["dominant_sector"] = pd.Series(pd.NA, index=t.index, dtype=object)
        out.loc[ok, "dominant_sector"] = lq[ok].idxmax(axis=1)
        out["dominant_lq"] = lq.max(axis=1).where(ok)
        out["largest_sector"] = pd.Series(pd.NA, index=t.index, dtype=object)
        out.loc[ok, "largest_sector"] = shares[ok].idxmax(axis=1)
        out["largest_share"] = shares.max(axis=1).where(ok)
        parts.append(out)
        wholes[key] = whole.to_dict()
    res = _restore(parts, df, by)
    res.attrs["whole"] = wholes if by is not None else wholes[None]
    return _keyed_as_given(res, as_column)


def _gini(lq, shares, whole) -> float:
    """Gini of a region's localisation curve: sectors by LQ ascending; x = the whole's shares,
    y = the region's; 1 − Σ x_k (Y_k + Y_{k−1}) (0 when the structures are equal)."""
    import numpy as np

    order = np.argsort(lq.to_numpy(), kind="stable")
    x = whole.to_numpy()[order]
    y = np.cumsum(shares.to_numpy()[order])
    y_prev = np.concatenate([[0.0], y[:-1]])
    return float(1.0 - np.sum(x * (y + y_prev)))

