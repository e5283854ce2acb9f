"""Human development: Global Data Lab's subnational HDI on its six regions, and composite
indices built the HDI way (min-max normalisation with stated goalposts, then a mean).

The source text of the project names the human development index as the integral measure of
regional welfare. No oblast-level HDI table was found: Global Data Lab's Subnational Human
Development Index (SHDI) covers Kazakhstan as SIX regions, groups of oblasts, not oblasts.
Their members (GDL's own region labels in the v6 file):

- KAZr101 Almaty city
- KAZr102 South: Almaty oblast, Zhambyl, Kyzylorda, South Kazakhstan (from 2018 Turkistan and
  Shymkent, which were South Kazakhstan)
- KAZr103 West: Aktobe, Atyrau, Mangystau, West Kazakhstan
- KAZr104 Central: Karaganda
- KAZr105 North: Akmola (including Astana city), Kostanay, Pavlodar, North Kazakhstan
- KAZr106 East: East Kazakhstan

Data: ``kzregions/datasets/gdl_shdi_kaz.csv`` (sources in ``SOURCES-stats.md``).

Also here: :func:`sdg_places`, the rows of the Bureau's SDG file given for cities and other
places that are not oblasts (11.6.2 air quality), joined to their city units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ._validate import as_years, check_years_exist
from .errors import (
    InsufficientDataError,
    InvalidArgumentError,
    InvalidInputError,
    MissingColumnError,
    MissingDataError,
    UnknownIndicatorError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

CITATION = ("Smits, J. and Permanyer, I. (2019), The Subnational Human Development Database, "
            "Scientific Data 6:190038; Global Data Lab, globaldatalab.org")
#: version -> (label prefix in the shipped file, first year, last year, indices given)
VERSIONS = {
    "v4": ("SHDI v4", 1990, 2018, ("shdi", "healthindex", "edindex", "incindex")),
    "v6": ("SHDI v6", 1990, 2021, ("shdi",)),
}
#: GDL region -> member oblasts (KATO) on the 2017 and on the 2018 boundary sets
GDL_REGIONS = {
    "KAZr101": ("Almaty city", {2017: ["750000000"], 2018: ["750000000"]}),
    "KAZr102": ("South", {2017: ["190000000", "310000000", "430000000", "YKO"],
                          2018: ["190000000", "310000000", "430000000", "610000000", "790000000"]}),
    "KAZr103": ("West", {2017: ["150000000", "230000000", "470000000", "270000000"],
                         2018: ["150000000", "230000000", "470000000", "270000000"]}),
    "KAZr104": ("Central", {2017: ["350000000"], 2018: ["350000000"]}),
    "KAZr105": ("North", {2017: ["110000000", "710000000", "390000000", "550000000", "590000000"],
                          2018: ["110000000", "710000000", "390000000", "550000000", "590000000"]}),
    "KAZr106": ("East", {2017: ["630000000"], 2018: ["630000000"]}),
}


@cache
def _shdi():
    from importlib import resources

    import pandas as pd

    with resources.files("kzregions.datasets").joinpath("gdl_shdi_kaz.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype={"gdlcode": str})


def hdi(year: int, *, version: str = "v6") -> gpd.GeoDataFrame:
    """Global Data Lab's subnational HDI for Kazakhstan: six regions, not oblasts.

    Parameters
    ----------
    year : int
        1990-2021 (``v6``) or 1990-2018 (``v4``).
    version : {"v6", "v4"}
        GDL release. ``v6`` (1990-2021) has the index only; ``v4`` (1990-2018) has the index
        and its health, education and income indices. Versions are never mixed: national 2018
        is 0.814 in v6 and 0.817 in v4.

    Returns
    -------
    geopandas.GeoDataFrame
        Six rows: ``gdlcode``, ``region`` (GDL's label), ``members`` (oblast names),
        ``member_kato`` (list), ``n_members``, ``year``, ``shdi`` (and ``healthindex``,
        ``edindex``, ``incindex`` for v4), ``national_shdi``, ``version``, ``vintage``
        (boundary set of the member oblasts: 2017 up to 2017 with South Kazakhstan, 2018 from
        2018), ``area_km2`` (equal-area CRS), geometry (EPSG:4326) dissolved from the member
        oblasts. ``attrs``: ``citation`` (as GDL asks), ``source``, ``note``.

    Examples
    --------
    >>> import kzregions as kz
    >>> h = kz.hdi(2018, version="v4")  # doctest: +SKIP
    >>> h.set_index("gdlcode").loc["KAZr104", "shdi"]  # doctest: +SKIP
    0.838
    """
    import geopandas as gpd
    import shapely

    from . import boundaries as data
    from ._crs import area_km2
    from ._geometry import GRID
    from .errors import VintageError

    if version not in VERSIONS:
        raise InvalidArgumentError(f"version={version!r}: GDL releases shipped are {sorted(VERSIONS)} (never mixed)")
    prefix, y0, y1, cols = VERSIONS[version]
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise InvalidInputError(f"year must be an integer, got {year!r}") from None
    if not y0 <= y <= y1:
        other = [v for v, (_, a, b, _) in VERSIONS.items() if a <= y <= b and v != version]
        raise VintageError(f"GDL SHDI {version} covers {y0}-{y1}, not {y}"
                           + (f"; {other[0]} covers it" if other else ""))
    df = _shdi()
    df = df[df["gdl_vintage"].str.startswith(prefix) & (df["year"] == y)]
    wide = df.pivot_table(index="gdlcode", columns="indicator", values="value", aggfunc="first")
    vint = 2017 if y <= 2017 else 2018
    obl = data.oblasts(vint).set_index("kato")
    names = dict(zip(df["gdlcode"], df["region"]))
    rows, geoms = [], []
    for code, (short, members) in GDL_REGIONS.items():
        katos = members[vint]
        rows.append({"gdlcode": code, "region": names.get(code, short), "members": ", ".join(obl.loc[katos, "name_en"]),
                     "member_kato": list(katos), "n_members": len(katos), "year": y,
                     **{c: float(wide.loc[code, c]) if code in wide.index else math.nan for c in cols},
                     "national_shdi": float(wide.loc["KAZt", "shdi"]) if "KAZt" in wide.index else math.nan,
                     "version": version, "vintage": vint})
        geoms.append(shapely.union_all(obl.loc[katos].geometry.values, grid_size=GRID))
    out = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    out["area_km2"] = area_km2(out.geometry)
    out.attrs = {
        "citation": CITATION,
        "source": sorted(set(df["gdl_vintage"]))[0] if len(df) else prefix,
        "note": ("Global Data Lab regions are groups of oblasts, not oblasts: do not read a region's value "
                 "as each member's. Members from GDL's own region labels (v6 file); on 2018 boundaries the "
                 "South region's South Kazakhstan is Turkistan and Shymkent."),
    }
    return out


# ----------------------------------------------------------------------------- composite
@dataclass(eq=False)
class CompositeIndex:
    """The result of :func:`composite_index`.

    Attributes
    ----------
    values : pandas.Series
        The index per unit (same index as the input frame), in [0, 1]; NaN where a component
        is missing.
    components : pandas.DataFrame
        Each unit's normalised components (``<column>``, in [0, 1]), the raw values
        (``<column>raw_rows``), ``clipped`` (components outside the goalposts, capped) and the
        index (``composite_index``); key columns of the input (``kato``, names, year) first.
    goalposts : dict
        column -> (worst, best) used.
    weights : dict
        column -> weight (summing to 1).
    method : str

    Examples
    --------
    >>> import kzregions as kz, pandas as pd
    >>> df = pd.DataFrame({"kato": ["a", "b"], "le": [85, 60], "edu": [0.9, 0.5]})
    >>> ci = kz.composite_index(df, ["le", "edu"], goalposts={"le": (20, 85), "edu": (0, 1)})
    >>> ci.values.round(3).tolist()
    [0.949, 0.555]
    """

    values: Any
    components: Any = field(repr=False)
    goalposts: dict
    weights: dict
    method: str

    def __repr__(self) -> str:
        return (f"CompositeIndex({self.method} mean of {list(self.weights)}, {self.values.notna().sum()} units; "
                f"goalposts {self.goalposts})")


def composite_index(
    df: pd.DataFrame,
    columns: list[str],
    *,
    method: str = "geometric",
    goalposts: dict | None = None,
    weights: dict | None = None,
) -> CompositeIndex:
    """A composite index the HDI way: min-max normalisation with stated goalposts, then a
    geometric or arithmetic (weighted) mean.

    Each component becomes ``(x - worst) / (best - worst)``, capped to [0, 1]. Goalposts
    where ``worst > best`` turn an indicator where less is better (poverty, unemployment)
    around: ``{"poverty": (20, 0)}`` maps 20 % to 0 and 0 % to 1.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per unit, the components as columns (units as they are; state them in the
        goalposts).
    columns : list of str
        Components.
    method : {"geometric", "arithmetic"}
        ``geometric`` (HDI since 2010): ``prod(c_i ** w_i)``; a component at its worst
        goalpost (0) makes the index 0. ``arithmetic``: ``sum(w_i * c_i)``.
    goalposts : dict, optional
        column -> (worst, best). Default for a column not given: the observed minimum and
        maximum (then the index is relative to these units only; the goalposts used are in
        the result).
    weights : dict, optional
        column -> weight; normalised to sum to 1. Default: equal weights.

    Returns
    -------
    CompositeIndex
        ``values`` (the index), ``components`` (table of each unit's normalised components),
        ``goalposts``, ``weights``, ``method``.

    Examples
    --------
    >>> import pandas as pd, kzregions as kz
    >>> t = pd.DataFrame({"health": [0.8], "education": [0.7], "income": [0.9]})
    >>> round(float(kz.composite_index(t, ["health", "education", "income"],
    ...                                goalposts={c: (0, 1) for c in t}).values[0]), 4)
    0.7958
    """
    import numpy as np
    import pandas as pd

    cols = [columns] if isinstance(columns, str) else list(columns)
    if not cols:
        raise InvalidArgumentError("columns: name at least one component")
    if len(set(cols)) < len(cols):
        raise InvalidArgumentError(f"columns={cols!r} names a component twice: list each once (weights= "
                                   "gives a component more weight)")
    if method not in ("geometric", "arithmetic"):
        raise InvalidArgumentError(f"method={method!r}: use 'geometric' (HDI) or 'arithmetic'")
    for c in cols:
        if c not in df.columns:
            raise MissingColumnError(f"the frame has no column {c!r} (columns: {list(df.columns)})")
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise InvalidInputError(f"column {c!r} is not numeric ({df[c].dtype}): convert it first, e.g. with pd.to_numeric")
        n_inf = int(np.isinf(df[c].to_numpy(dtype=float, na_value=np.nan)).sum())
        if n_inf:
            raise InvalidArgumentError(f"column {c!r} holds {n_inf} infinite value(s) (a division by zero "
                                       "upstream?): replace them with NaN (no value) or fix the division")
    gp_in = dict(goalposts or {})
    for c, pair in gp_in.items():
        ok = hasattr(pair, "__len__") and len(pair) == 2 and all(
            isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and np.isfinite(v) for v in pair)
        if not ok:
            raise InvalidArgumentError(f"goalposts[{c!r}]={pair!r:.60}: give two finite numbers (minimum, maximum)")
    unknown = set(gp_in) - set(cols)
    if unknown:
        raise MissingColumnError(f"goalposts for columns that are not components: {sorted(unknown)}")
    w_in = dict(weights or {c: 1.0 for c in cols})
    if set(w_in) != set(cols):
        raise MissingColumnError(f"weights must name every component exactly: got {sorted(w_in)}, components {cols}")
    if not all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in w_in.values()) \
            or any((not np.isfinite(v)) or v <= 0 for v in w_in.values()):
        raise InvalidArgumentError(f"weights={w_in!r:.80}: give each component a positive number (a weight of 0 "
                                   "leaves a component out: drop it from columns instead)")
    total = float(sum(w_in.values()))
    w = {c: float(w_in[c]) / total for c in cols}
    gp, norm, clipped = {}, {}, pd.Series("", index=df.index)
    for c in cols:
        x = df[c].astype(float)
        if c in gp_in:
            lo, hi = (float(v) for v in gp_in[c])
        else:
            if x.notna().sum() < 2:
                raise InsufficientDataError(f"column {c!r}: observed goalposts need two values at least; pass goalposts=")
            lo, hi = float(x.min()), float(x.max())
        if lo == hi:
            raise InvalidArgumentError(f"goalposts of {c!r} are equal ({lo:g}): the component cannot be normalised")
        gp[c] = (lo, hi)
        z = (x - lo) / (hi - lo)
        out = (z < 0) | (z > 1)
        clipped[out] = clipped[out] + (c + " ")
        norm[c] = z.clip(0.0, 1.0)
    n = pd.DataFrame(norm, index=df.index)
    if method == "geometric":
        with np.errstate(divide="ignore"):
            val = np.exp(sum(w[c] * np.log(n[c]) for c in cols))
    else:
        val = sum(w[c] * n[c] for c in cols)
    val = pd.Series(val, index=df.index, name="composite_index")
    val[n[cols].isna().any(axis=1)] = np.nan
    keys = [c for c in ("kato", "gdlcode", "name_en", "region_en", "region", "year") if c in df.columns]
    table = pd.concat([df[keys], n, df[cols].add_suffix("raw_rows")], axis=1)
    table["clipped"] = clipped.str.strip()
    table["composite_index"] = val
    return CompositeIndex(val, table, gp, w, method)


# ----------------------------------------------------------------------------- places
def sdg_places(indicator: str, *, years=None, vintage: int = 2024, **choices) -> pd.DataFrame:
    """Rows of an SDG indicator given for places that are not oblasts (cities, villages).

    11.6.2 (annual mean PM10 and PM2.5 in cities with observation posts) is given for cities
    such as Aktobe, Karaganda, Ust-Kamenogorsk, and for villages and a nature reserve. Each
    place is joined to its own unit where it has one: a city administration (city of oblast
    significance) or a city of republican significance, resolved by name on ``vintage``
    boundaries. Villages, towns inside a district and codes the source does not label are
    listed with the reason and no unit: nothing is dropped.

    Parameters
    ----------
    indicator : str
        Readable name or SDG code (``"sdg:11.6.2"``).
    years : int or iterable of int, optional
    vintage : {2018, 2024}
        Boundaries of the units the places are joined to.
    **choices
        Disaggregations as in :func:`kzregions.panel` (``series="_L_KZ_110602_1B"`` for PM2.5;
        default the first series, PM10, since the file has no total).

    Returns
    -------
    pandas.DataFrame
        ``ref_area`` (source code), ``place_en``/``place_ru``/``place_kk`` (the source's labels),
        ``year``, ``value``, ``unit``, ``selection``, ``unit_kato``, ``unit_name_en``,
        ``unit_level`` (1 city of republican significance, 2 city administration), ``joined``
        (bool), ``reason`` (why not joined), ``source``.

    Examples
    --------
    >>> import kzregions as kz
    >>> pm = kz.sdg_places("sdg:11.6.2", years=2023)  # doctest: +SKIP
    >>> pm.loc[pm["ref_area"] == "KZKRG", "unit_kato"].iloc[0]  # doctest: +SKIP
    '351000000'
    """
    import pandas as pd

    from . import _sdg
    from ._sdg import KEYWORDS, OBLASTS, REPOSITORY, alias, catalogue, choose, label, names, raw_rows
    from .errors import KzRegionsError
    from .names import resolve

    name = alias(indicator) or indicator
    if name not in names():
        raise UnknownIndicatorError(f"{indicator!r} is not an SDG indicator of the Bureau's file; kz.indicators() lists them")
    raw = raw_rows()
    code = catalogue().set_index("name").loc[name, "code"]
    g = raw[(raw["code"] == code) & ~raw["REF_AREA"].isin(OBLASTS)]
    if not len(g):
        raise MissingDataError(f"{name} (SDG {code}) has no rows for places other than oblasts")
    dims = {KEYWORDS.get(k, k): v for k, v in choices.items() if v is not None}
    keep, said = choose(g, dims)
    g = g[keep]
    if years is not None:
        ys = as_years("years", years)
        check_years_exist("years", ys, g["year"], name)
        g = g[g["year"].isin(ys)]
    rows = []
    for r in g.itertuples(index=False):
        en, ru, kk = _sdg.labels().get(("REF_AREA", r.REF_AREA), ("", "", ""))
        rec = {"ref_area": r.REF_AREA, "place_en": en, "place_ru": ru, "place_kk": kk, "year": r.year, "value": r.value,
               "unit": "%" if r.UNIT_MEASURE == "PT" else label("UNIT_MEASURE", r.UNIT_MEASURE),
               "selection": said, "source": f"{REPOSITORY}:{r.source_file}@{_sdg.COMMIT[:8]}"}
        rec.update(_place_unit(r.REF_AREA, vintage, resolve, KzRegionsError))
        rows.append(rec)
    return pd.DataFrame(rows)


@cache
def _place_unit_cached(ref_area: str, vintage: int):
    from .errors import KzRegionsError
    from .names import resolve

    return _place_unit_impl(ref_area, vintage, resolve, KzRegionsError)


def _place_unit(ref_area, vintage, resolve, err):
    return dict(_place_unit_cached(ref_area, int(vintage)))


def _place_unit_impl(ref_area, vintage, resolve, err):
    import re

    from ._sdg import label

    """A place's own unit, from the source's Russian label: г. (city or town) is looked up as a
    city unit; п. (settlement), a reserve or an unlabelled code has none. Only exact or
    spelling-variant name matches count: a consonant-skeleton match (Aksay -> Aksu) is no match."""
    none = {"unit_kato": None, "unit_name_en": None, "unit_level": None, "joined": False}
    ru = label("REF_AREA", ref_area, "ru")
    if re.fullmatch(r"[0-9.]+", ref_area):
        return tuple({**none, "reason": "not a place code: a number in the REF_AREA column of the source"}.items())
    if ru == ref_area:
        return tuple({**none, "reason": "code without a label in the source's REF_AREA list"}.items())
    m = re.fullmatch(r"г[._]\s*(.+)", ru.strip())
    if not m:
        return tuple({**none, "reason": f"{ru!r} is not a city (settlement, reserve or other site): no unit "
                      "of its own"}.items())
    city = m.group(1).strip()
    for level, query in ((1, city), (2, city), (2, f"{city} город")):
        try:
            hit = resolve(query, level=level, vintage=vintage)
        except err:
            continue
        if hit.matched_on == "transliteration" or (level == 1 and not str(hit.kind).startswith("city")) \
                or (level == 2 and hit.kind != "city of oblast significance"):
            continue
        return tuple({"unit_kato": hit.kato, "unit_name_en": hit.name_en, "unit_level": level, "joined": True,
                      "reason": ""}.items())
    return tuple({**none, "reason": f"no city unit named {city!r} on {vintage} boundaries: a town inside a "
                  "district"}.items())
