"""Real growth of the regions from the BNS GRP volume index (% of the previous year, constant
prices): chained into a real GRP index with any base year, real compound annual growth over a
period, real GRP per capita growth, and nominal and real growth side by side.

The shipped GRP (``grp_total``, ``grp_per_capita``) is in current prices, so its growth carries
inflation; the volume index is BNS's own measure of real change. A chained index
``I_t = I_{t-1} · v_t / 100`` (``I_base = 100``) is exact arithmetic on the published rates; a
year with no rate breaks the chain and nothing is bridged across it.

Boundaries. Each yearly rate compares a unit with itself on the boundaries of that row; an
index on a boundary set chains only the rows joinable to that set (measured on it, or on a unit
that did not change). East Kazakhstan, Karaganda and Almaty region on the 2024 set therefore
start in 2021 (the base of their first 2022 rate); on the 2018 set they end in 2020 (the source
leaves the boundaries of their 2021 rows unclear).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._schema import NATIONAL, check_stat_vintage
from ._structure import check_year, invalid

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

VOLUME = "grp_volume_index"


def _rates(vintage: int):
    """(kato -> {year: rate}, kato -> English name) of the volume index on ``vintage``."""
    from .stats import panel

    p = panel(VOLUME, vintage=vintage, national=True)
    rates: dict[str, dict[int, float]] = {}
    for k, y, v in zip(p["kato"], p["year"], p[VOLUME]):
        if v == v:  # not NaN
            rates.setdefault(k, {})[int(y)] = float(v)
    return rates, dict(zip(p["kato"], p["region_en"]))


def _chain(rates: dict[int, float], base: int) -> dict[int, float]:
    """The index (base = 100) over the unbroken run of years around ``base``; {} if none."""
    if not rates:
        return {}
    if base not in rates and (base + 1) not in rates:
        return {}
    out = {base: 100.0}
    y = base
    while (y + 1) in rates:
        out[y + 1] = out[y] * rates[y + 1] / 100.0
        y += 1
    y = base
    while y in rates:
        out[y - 1] = out[y] / (rates[y] / 100.0)
        y -= 1
    return out


def real_grp_index(base: Any = 2010, *, vintage: Any = 2018, years: Any = None) -> pd.DataFrame:
    """GRP in constant prices as an index (``base`` = 100), chained from the BNS volume index.

    Parameters
    ----------
    base : int
        The base year (index 100). A unit whose unbroken run of rates does not reach it has
        no index (missing), never a guessed one.
    vintage : {2017, 2018, 2024}
        Boundaries of the units (see the module notes on the units that changed).
    years : int or iterable of int, optional
        Keep these years (default: every year of the chain).

    Returns
    -------
    pandas.DataFrame
        Panel form: ``kato``, ``region_en``, ``year``, ``vintage``, ``grp_real_index`` (the
        national row has ``kato`` 000000000 and no vintage). ``attrs``: ``units``, ``base``,
        ``sources``, ``no_index`` (units that have rates but no chain through ``base``).

    Examples
    --------
    The national index chained 2010-2020 is the product of the yearly rates:

    >>> import kzregions as kz
    >>> r = kz.real_grp_index(2010, vintage=2018)
    >>> nat = r[r["kato"] == "000000000"].set_index("year")["grp_real_index"]
    >>> round(float(nat[2020]), 1), round(float(nat[2019]), 1)
    (140.4, 144.0)
    >>> r[(r["kato"] == "230000000") & (r["year"] == 2021)]["grp_real_index"].round(1).tolist()
    [160.0]
    """
    import pandas as pd

    b = check_year("base", base)
    v = check_stat_vintage(vintage)
    keep = None
    if years is not None:
        keep = {check_year("years", years)} if isinstance(years, (int, float, str)) else \
            {check_year("years", y) for y in years}
    rates, names = _rates(v)
    rows, no_index = [], []
    for k, r in rates.items():
        ch = _chain(r, b)
        if not ch:
            no_index.append(k)
        for y, i in sorted(ch.items()):
            if keep is None or y in keep:
                rows.append({"kato": k, "region_en": names.get(k, ""), "year": y,
                             "vintage": None if k == NATIONAL else v, "grp_real_index": i})
    if not rows:
        raise invalid("base", base, f"no unit on {v} boundaries has an unbroken run of GRP volume rates through "
                                    f"{b}; the rates run {min(min(r) for r in rates.values()) - 1}-"
                                    f"{max(max(r) for r in rates.values())}")
    out = pd.DataFrame(rows).sort_values(["year", "kato"]).reset_index(drop=True)
    out["vintage"] = out["vintage"].astype("Int64")
    out.attrs = {"units": {"grp_real_index": f"{b} = 100 (constant prices)"}, "base": b,
                 "sources": {"grp_real_index": ["chained from the BNS GRP volume index (kz.panel"
                                                f"('{VOLUME}'), table 5926)"]},
                 "no_index": sorted(no_index)}
    return out


def real_growth(start: Any, end: Any, *, vintage: Any = 2018, per_capita: bool = False,
                population: str = "population_avg_annual") -> pd.DataFrame:
    """Real compound annual growth of GRP (or GRP per capita) between two years, per unit.

    Parameters
    ----------
    start, end : int
        First and last year (``start < end``); growth ``(I_end / I_start)^(1/(end-start)) − 1``
        of the chained real index, i.e. the geometric mean of the yearly rates in between.
    vintage : {2017, 2018, 2024}
        Boundaries of the units.
    per_capita : bool
        Also real GRP **per capita**: the real index divided by the population index
        ``P_end / P_start`` (the ``population`` indicator of the shipped panel).
    population : str
        Population indicator for ``per_capita`` (default average annual population, the
        denominator of BNS's GRP per capita; ``population_start_of_year`` also works).

    Returns
    -------
    pandas.DataFrame
        One row per unit and the nation: ``kato``, ``region_en``, ``real_cagr`` (% per year),
        ``real_change`` (% over the period), ``gap_to_national`` (pp/yr) and, with
        ``per_capita``, ``population_cagr``, ``real_per_capita_cagr`` and
        ``per_capita_gap_to_national``. Missing where a year is missing (said in ``note``).
        ``start_year`` and ``end_year``: the period, on every row, so that it survives a
        merge (a map of the rates states it in its default title).

    Examples
    --------
    >>> import kzregions as kz
    >>> g = kz.real_growth(2010, 2020, vintage=2018).set_index("kato")
    >>> round(float(g.loc["000000000", "real_cagr"]), 2)
    3.45
    >>> pc = kz.real_growth(2022, 2024, vintage=2024, per_capita=True).set_index("kato")
    >>> round(float(pc.loc["750000000", "real_per_capita_cagr"]), 2)
    5.12
    """
    import numpy as np
    import pandas as pd

    y0, y1 = check_year("start", start), check_year("end", end)
    if y0 >= y1:
        raise invalid("end", end, f"the end year must come after start={y0}")
    if not isinstance(per_capita, bool):
        raise invalid("per_capita", per_capita, "pass True or False")
    idx = real_grp_index(y0, vintage=vintage)
    w = idx.pivot_table(index="kato", columns="year", values="grp_real_index", aggfunc="first")
    names = dict(zip(idx["kato"], idx["region_en"]))
    n = y1 - y0
    i0 = w[y0] if y0 in w else pd.Series(np.nan, index=w.index)
    i1 = w[y1] if y1 in w else pd.Series(np.nan, index=w.index)
    out = pd.DataFrame({"kato": w.index, "region_en": [names.get(k, "") for k in w.index]}).set_index("kato",
                                                                                                      drop=False)
    out["real_cagr"] = ((i1 / i0) ** (1.0 / n) - 1.0) * 100.0
    out["real_change"] = (i1 / i0 - 1.0) * 100.0
    out["gap_to_national"] = out["real_cagr"] - out.loc[NATIONAL, "real_cagr"] if NATIONAL in out.index else np.nan
    out["note"] = ["" if ok else f"no unbroken GRP volume rates {y0}-{y1} on {vintage} boundaries"
                   for ok in out["real_cagr"].notna()]
    if per_capita:
        from .stats import panel

        pop = panel(population, years=[y0, y1], vintage=vintage, national=True)
        pw = pop.pivot_table(index="kato", columns="year", values=pop.columns[-1], aggfunc="first")
        p0 = out["kato"].map(pw[y0]) if y0 in pw else np.nan
        p1 = out["kato"].map(pw[y1]) if y1 in pw else np.nan
        out["population_cagr"] = ((p1 / p0) ** (1.0 / n) - 1.0) * 100.0
        out["real_per_capita_cagr"] = (((i1 / i0) / (p1 / p0)) ** (1.0 / n) - 1.0) * 100.0
        nat = out.loc[NATIONAL, "real_per_capita_cagr"] if NATIONAL in out.index else np.nan
        out["per_capita_gap_to_national"] = out["real_per_capita_cagr"] - nat
        out.loc[out["population_cagr"].isna() & out["real_cagr"].notna(), "note"] = \
            f"no {population} for {y0} and {y1} on {vintage} boundaries"
    # the period travels with the rows (attrs are lost in a merge): a map's title states it
    out["start_year"], out["end_year"] = y0, y1
    out = out.reset_index(drop=True)
    out.attrs = {"units": {"real_cagr": "% per year", "real_change": "%", "gap_to_national": "pp per year"},
                 "start": y0, "end": y1, "vintage": vintage}
    return out


def nominal_vs_real(start: Any, end: Any, *, vintage: Any = 2018) -> pd.DataFrame:
    """Nominal (current prices) and real (volume index) growth of GRP side by side.

    Parameters
    ----------
    start, end : int
        First and last year (``start < end``).
    vintage : {2017, 2018, 2024}
        Boundaries of the units.

    Returns
    -------
    pandas.DataFrame
        ``kato``, ``region_en``, ``nominal_cagr`` (of ``grp_total``, % per year),
        ``real_cagr`` (% per year), ``deflator_cagr`` (implicit price growth,
        ``(1 + nominal) / (1 + real) − 1``, % per year), ``nominal_gap`` and ``real_gap``
        (to the national rate, pp/yr): the real gap is the one to rank regions by.

    Examples
    --------
    >>> import kzregions as kz
    >>> t = kz.nominal_vs_real(2010, 2020, vintage=2018).set_index("kato")
    >>> t.loc["000000000", ["nominal_cagr", "real_cagr"]].round(1).tolist()
    [12.5, 3.5]
    """
    import numpy as np

    from .stats import panel

    g = real_growth(start, end, vintage=vintage)
    y0, y1 = g.attrs["start"], g.attrs["end"]
    nom = panel("grp_total", years=[y0, y1], vintage=vintage, national=True)
    w = nom.pivot_table(index="kato", columns="year", values="grp_total", aggfunc="first")
    v0 = g["kato"].map(w[y0]) if y0 in w else np.nan
    v1 = g["kato"].map(w[y1]) if y1 in w else np.nan
    g["nominal_cagr"] = ((v1 / v0) ** (1.0 / (y1 - y0)) - 1.0) * 100.0
    g["deflator_cagr"] = ((1 + g["nominal_cagr"] / 100) / (1 + g["real_cagr"] / 100) - 1.0) * 100.0
    nat = g.set_index("kato")
    for col, gap in (("nominal_cagr", "nominal_gap"), ("real_cagr", "real_gap")):
        g[gap] = g[col] - (nat.loc[NATIONAL, col] if NATIONAL in nat.index else np.nan)
    cols = ["kato", "region_en", "nominal_cagr", "real_cagr", "deflator_cagr", "nominal_gap", "real_gap", "note"]
    out = g[cols].copy()
    out.attrs = {**g.attrs, "units": {c: "% per year" for c in cols[2:5]} | {"nominal_gap": "pp per year",
                                                                           "real_gap": "pp per year"}}
    return out


def real_growth_panel(start: Any, end: Any, *, vintage: Any = 2018,
                      population: str = "population_avg_annual") -> pd.DataFrame:
    """A panel for :func:`kzregions.typology` with real growth: the chained real GRP index and
    real GRP per capita index (both ``start`` = 100), next to nominal GRP per capita.

    Parameters
    ----------
    start, end : int
        First and last year (``start < end``); ``start`` is the base of the indices.
    vintage : {2017, 2018, 2024}
        Boundaries of the units.
    population : str
        Population indicator of the per-capita index (default average annual population).

    Returns
    -------
    pandas.DataFrame
        Wide panel with national rows: ``kato``, ``region_en``, ``year``, ``vintage``,
        ``grp_total`` (million KZT, current prices), the ``population`` column,
        ``grp_per_capita`` (BNS's own, thousand KZT, to 2023), ``grp_total_per_capita``
        (``grp_total`` / ``population``: thousand KZT per person when the population is in
        thousands; a development level for years BNS's per-capita figure is not shipped),
        ``grp_real_index`` and ``grp_per_capita_real_index`` (real index over the population
        index, ``start`` = 100). Nothing is filled in: a missing year stays missing.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.real_growth_panel(2010, 2021, vintage=2018)
    >>> typ = kz.typology(p, "grp_per_capita", growth="grp_per_capita_real_index", start=2010, end=2021,
    ...                   population="population_start_of_year")
    >>> typ.table.set_index("kato").loc["750000000", "type"]
    'depressed'
    """
    import pandas as pd

    from .stats import panel

    y0, y1 = check_year("start", start), check_year("end", end)
    if y0 >= y1:
        raise invalid("end", end, f"the end year must come after start={y0}")
    years = list(range(y0, y1 + 1))
    idx = real_grp_index(y0, vintage=vintage, years=years)
    base = panel("grp_total", "grp_per_capita", population, years=years, vintage=vintage, national=True)
    keys = ["kato", "year"]
    base = base.groupby(keys, as_index=False).first()  # one row per unit and year
    out = base.merge(idx[keys + ["grp_real_index"]], on=keys, how="outer")
    names = dict(zip(idx["kato"], idx["region_en"])) | dict(zip(base["kato"], base["region_en"]))
    out["region_en"] = out["kato"].map(names)
    out["vintage"] = pd.array([None if k == NATIONAL else int(vintage) for k in out["kato"]], dtype="Int64")
    pop0 = out[out["year"] == y0].set_index("kato")[population]
    out["grp_per_capita_real_index"] = out["grp_real_index"] / (out[population] / out["kato"].map(pop0))
    # a level where BNS's own per-capita figure is not shipped (2024): GRP / population, the same ratio
    out["grp_total_per_capita"] = out["grp_total"] / out[population]
    cols = ["kato", "region_en", "year", "vintage", "grp_total", population, "grp_per_capita", "grp_total_per_capita",
            "grp_real_index", "grp_per_capita_real_index"]
    out = out[cols].sort_values(["year", "kato"]).reset_index(drop=True)
    out.attrs = {"units": {**base.attrs.get("units", {}), **idx.attrs["units"],
                           "grp_per_capita_real_index": f"{y0} = 100 (constant prices, per person)",
                           "grp_total_per_capita": "thousand KZT" if base.attrs["units"].get(population) ==
                           "thousand persons" else f"million KZT per {base.attrs['units'].get(population, '?')}"},
                 "base": y0, "vintage": vintage}
    return out
