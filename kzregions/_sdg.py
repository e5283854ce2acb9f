"""The Bureau of National Statistics' SDG indicators by region, in the panel's long format.

Data: ``kzregions/datasets/sdg_regional.csv.gz`` (every row of the 72 regional indicator files of
``kazstat/sdg-data-kazstat`` at commit 72277878, source columns kept as text),
``sdg_indicators.csv`` (readable name, titles in en/ru/kk, source file and commit) and
``sdg_codes.csv`` (labels of every code in en/ru/kk); built by ``tools/build_sdg.py``.

Each indicator is one panel indicator with a readable name (``poverty_below_subsistence_minimum``)
and its SDG code as an alias (``sdg:1.2.1``). Its rows are disaggregated by the source's
columns (sex, urban/rural, age, series, unit, activity, ...). The *default selection* is the
total of every disaggregation: rows where the column is empty (or ``_T``). Where a file has no
total for a column (e.g. 11.6.2 is given only per pollutant, PM10 or PM2.5), the default is its
first code in sorted order, and ``selection`` says so. The panel (``kz.panel``) holds the default
selection; other selections are asked for with ``sex=``, ``urbanisation=``, ``age=``,
``series=`` and ``breakdown=``.

Boundary sets, checked per indicator and year, not assumed: South Kazakhstan (KZONT) is keyed
``YKO`` on the 2017 set; Turkistan and Shymkent rows are on the 2018 set (also before 2018,
as the panel does); an indicator-year that has rows for Abai, Zhetysu or Ulytau is on the 2024
set; otherwise years from 2018 are on the 2018 set (East Kazakhstan, Almaty oblast and
Karaganda before the June 2022 split) and earlier years on the 2017 set.

Rows of places that are not oblasts (cities and villages of 11.6.2 air quality, a nature
reserve, unknown codes) are not in the panel: :func:`kzregions.development.sdg_places` lists
them, each joined to its own city unit where one exists.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import InvalidArgumentError, InvalidInputError, MissingDataError, UnknownIndicatorError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

COMMIT = "72277878d12502232b21c3d4b8ac459630b4f578"
REPOSITORY = "kazstat/sdg-data-kazstat"
NATIONAL = "000000000"
YKO = "YKO"
#: source column -> panel keyword
KEYWORDS = {"series": "SERIES", "sex": "SEX", "urbanisation": "URBANISATION", "age": "AGE",
            "unit_measure": "UNIT_MEASURE", "activity": "ACTIVITY", "education": "EDUCATION_LEV",
            "income_quantile": "INCOME_WEALTH_QUANTILE", "composite_breakdown": "COMPOSITE_BREAKDOWN"}
#: order in which defaults are chosen: a measure (series, unit) first, then its breakdowns
DIMENSIONS = ["SERIES", "ACTIVITY", "COMPOSITE_BREAKDOWN", "EDUCATION_LEV", "INCOME_WEALTH_QUANTILE",
              "AGE", "SEX", "URBANISATION", "UNIT_MEASURE"]
TOTAL = {"", "_T"}
#: REF_AREA code -> (KATO, name as in the panel, Russian name). KATO and names as in
#: oblast_indicators.csv; South Kazakhstan has no KATO in our sources (YKO, as the panel).
OBLASTS = {
    "": (NATIONAL, "Republic of Kazakhstan", "Республика Казахстан"),
    "KZABY": ("100000000", "Abai Region", "область Абай"),
    "KZAKM": ("110000000", "Akmola Region", "Акмолинская область"),
    "KZAKT": ("150000000", "Aktobe Region", "Актюбинская область"),
    "KZALM": ("190000000", "Almaty Region", "Алматинская область"),
    "KZATY": ("230000000", "Atyrau Region", "Атырауская область"),
    "KZZAP": ("270000000", "West Kazakhstan Region", "Западно-Казахстанская область"),
    "KZZHA": ("310000000", "Zhambyl Region", "Жамбылская область"),
    "KZZHS": ("330000000", "Zhetysu Region", "область Жетісу"),
    "KZKAR": ("350000000", "Karaganda Region", "Карагандинская область"),
    "KZKUS": ("390000000", "Kostanay Region", "Костанайская область"),
    "KZKZY": ("430000000", "Kyzylorda Region", "Кызылординская область"),
    "KZMAN": ("470000000", "Mangystau Region", "Мангистауская область"),
    "KZPAV": ("550000000", "Pavlodar Region", "Павлодарская область"),
    "KZSEV": ("590000000", "North Kazakhstan Region", "Северо-Казахстанская область"),
    "KZYUZ": ("610000000", "Turkistan Region", "Туркестанская область"),
    "KZULU": ("620000000", "Ulytau Region", "область Ұлытау"),
    "KZVOS": ("630000000", "East Kazakhstan Region", "Восточно-Казахстанская область"),
    "KZNS": ("710000000", "Astana city", "г. Астана"),
    "KZALA": ("750000000", "Almaty city", "г. Алматы"),
    "KZSHY": ("790000000", "Shymkent city", "г. Шымкент"),
    "KZONT": (YKO, "South Kazakhstan Region (until 2018)", "Южно-Казахстанская область"),
}
NEW_2022 = {"KZABY", "KZZHS", "KZULU"}
#: Where an SDG series overlaps one shipped before: old name -> SDG name (compared in
#: SOURCES-stats.md by tools/build_sdg.py).
OVERLAPS = {"poverty_rate_below_subsistence_minimum": "poverty_below_subsistence_minimum",
            "unemployment_rate": "unemployment_rate_sdg"}
#: Short names that now resolve to the Bureau's own SDG file (the old series keep their full
#: names: ``poverty_rate_below_subsistence_minimum``, ``unemployment_rate``).
ALIASES = {"poverty": "poverty_below_subsistence_minimum", "unemployment": "unemployment_rate_sdg",
           "neet": "youth_neet_share", "internet": "internet_users_share",
           "hourly_earnings": "hourly_earnings_index", "rnd": "rnd_expenditure_share"}
_UNIT_SHORT = {"PT": "%"}


def _read(name: str, **kw):
    import pandas as pd

    with resources.files("kzregions.datasets").joinpath(name).open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, **kw)


@cache
def catalogue() -> pd.DataFrame:
    """One row per SDG indicator: ``code`` (1-2-1), ``sdg`` (1.2.1), ``name``, titles, source."""
    return _read("sdg_indicators.csv")


@cache
def codes() -> pd.DataFrame:
    """Labels of every code used (``dimension``, ``code``, ``label_en/ru/kk``)."""
    return _read("sdg_codes.csv")


@cache
def labels() -> dict:
    """(dimension, code) -> (label_en, label_ru, label_kk) as in the source (empty where missing)."""
    c = codes()
    return {(d, k): (en, ru, kk) for d, k, en, ru, kk in
            zip(c["dimension"], c["code"], c["label_en"], c["label_ru"], c["label_kk"])}


def label(dimension: str, code: str, lang: str = "en") -> str:
    """The label of a code in a language, the code itself where the source has none."""
    hit = labels().get((dimension, code))
    if hit is None:
        return code
    en, ru, kk = hit
    return {"en": en, "ru": ru, "kk": kk}[lang] or en or code


def names() -> set[str]:
    return set(catalogue()["name"])


def code_of(name: str) -> str:
    cat = catalogue()
    return cat.loc[cat["name"] == name, "sdg"].iloc[0]


def alias(query: str) -> str | None:
    """``sdg:1.2.1``, ``sdg:1-2-1``, ``sdg_1_2_1``, ``SDG 1.2.1`` -> the readable name; None if
    the query is no SDG code (an unknown SDG code raises ``KeyError``)."""
    if query in ALIASES:
        return ALIASES[query]
    m = re.fullmatch(r"\s*sdg[\s:_-]*([0-9]+(?:[._-][0-9a-z]+)+)\s*", str(query), re.IGNORECASE)
    if not m:
        return None
    code = re.sub(r"[._]", "-", m.group(1).lower())
    cat = catalogue()
    hit = cat[cat["code"] == code]
    if not len(hit):
        raise UnknownIndicatorError(f"no SDG indicator {query!r} with a regional breakdown in the Bureau's file; "
                       f"the 72 shipped: {', '.join(cat['sdg'])}")
    return hit.iloc[0]["name"]


@cache
def raw_rows():
    import pandas as pd

    df = _read("sdg_regional.csv.gz", compression="gzip")
    df["year"] = pd.to_numeric(df["Year"], errors="coerce").astype("Int64")
    df["value"] = pd.to_numeric(df["Value"], errors="coerce")
    return df


def choose(g, choices: dict) -> tuple:
    """Rows of one indicator for the chosen codes (applied first); unchosen columns then take
    their default. Returns a boolean mask (a Series on ``g``'s index) and what was chosen."""
    import numpy as np
    import pandas as pd

    keep = np.ones(len(g), dtype=bool)
    col = {d: g[d].to_numpy(dtype=object) for d in DIMENSIONS}
    tot = {d: (col[d] == "") | (col[d] == "_T") for d in DIMENSIONS}
    said: list = []
    made: list = []
    for dim in DIMENSIONS:
        if choices.get(dim) is None:
            continue
        want = str(choices[dim])
        kw = {d: k for k, d in KEYWORDS.items()}.get(dim, dim)  # the keyword the caller wrote
        after = f" with {', '.join(made)}" if made else ""
        vals = pd.Series(col[dim][keep])
        if want.lower() in ("total", "_t", ""):
            if not tot[dim][keep].any():
                raise MissingDataError(f"SDG {g['code'].iloc[0]}: {kw}={want!r}: the file has no total for {dim}{after}; choose one "
                               f"of {_choices(dim, vals)}")
            keep &= tot[dim]
        elif want not in set(vals):
            raise MissingDataError(f"SDG {g['code'].iloc[0]}: {kw}={want!r} is not in the file{after} (the Bureau "
                           f"publishes no such cross-tabulation); choose one of {_choices(dim, vals)}")
        else:
            keep &= col[dim] == want
            said.append(f"{dim}={want} ({label(dim, want)})")
        made.append(f"{dim}={want}")
    for dim in DIMENSIONS:
        if choices.get(dim) is not None:
            continue
        if tot[dim][keep].any():
            keep &= tot[dim]
        elif keep.any():
            first = sorted(set(col[dim][keep]))[0]
            keep &= col[dim] == first
            said.append(f"{dim}={first} (default: the file has no total)")
    return pd.Series(keep, index=g.index), "; ".join(said) or "total"


def _choices(dim, vals) -> str:
    have = sorted(set(vals) - TOTAL)
    tot = ["total"] if vals.isin(TOTAL).any() else []
    return ", ".join(tot + [f"{c} ({label(dim, c)})" for c in have])


@cache
def _new_oblast_years() -> frozenset:
    """(indicator, year) pairs with rows for Abai, Zhetysu or Ulytau in any selection."""
    raw = raw_rows()
    new = raw[raw["REF_AREA"].isin(NEW_2022)]
    return frozenset(zip(new["code"], new["year"]))


@cache
def _name_of() -> dict:
    cat = catalogue()
    return dict(zip(cat["code"], cat["name"]))


def _vintages(df) -> list:
    """Boundary set of each row: per indicator and year (see the module docstring)."""
    new_years = _new_oblast_years()
    out: list = []
    for code, year, area in zip(df["code"], df["year"], df["REF_AREA"]):
        if area == "" or year is None or year != year:
            out.append(None)
        elif area == "KZONT":
            out.append(2017)
        elif (code, year) in new_years:
            out.append(2024)
        elif area in ("KZYUZ", "KZSHY") or year >= 2018:
            out.append(2018)
        else:
            out.append(2017)
    return out


def _to_long(df, selection: str):
    """Source rows of oblasts and the nation -> the panel's long format."""
    import pandas as pd

    df = df[df["REF_AREA"].isin(OBLASTS)]
    kato = df["REF_AREA"].map({a: v[0] for a, v in OBLASTS.items()})
    vint = _vintages(df)
    where = {None: "national", 2017: "2017 boundaries (with South Kazakhstan)", 2018: "2018 boundaries",
             2024: "2024 boundaries"}
    split = {"KZVOS", "KZALM", "KZKAR"}
    notes = [f"SDG {code.replace('-', '.')}; selection: {selection or 'total'}; {where[v]}"
             + (" (before the June 2022 split)" if v == 2018 and area in split else "")
             for code, area, v in zip(df["code"], df["REF_AREA"], vint)]
    units = {u: (_UNIT_SHORT.get(u) or label("UNIT_MEASURE", u)) if u else "not stated in the source file"
             for u in set(df["UNIT_MEASURE"])}
    unit = df["UNIT_MEASURE"].map(units).to_numpy()
    out = pd.DataFrame({
        "kato": kato.to_numpy(), "region_en": df["REF_AREA"].map({a: v[1] for a, v in OBLASTS.items()}).to_numpy(),
        "region_ru": df["REF_AREA"].map({a: v[2] for a, v in OBLASTS.items()}).to_numpy(),
        "year": df["year"].to_numpy(), "indicator": df["code"].map(_name_of()).to_numpy(),
        "value": df["value"].to_numpy(dtype=float), "unit": unit,
        "source": (f"{REPOSITORY}:" + df["source_file"] + f"@{COMMIT[:8]} (Bureau of National Statistics)").to_numpy(),
        "note": notes, "level": (kato != NATIONAL).astype(int).to_numpy(),
        "vintage": pd.array(vint, dtype="Int64"),
    }, index=df.index)
    out = out[out["year"].notna() & out["value"].notna()]
    return _settle_repeats(out)


def _settle_repeats(out):
    """The source sometimes repeats a region-year of one selection. Equal values: kept once.
    Different values: one row with NaN and both values in the note (never a silent pick)."""
    import numpy as np

    key = ["kato", "year", "indicator", "vintage"]
    dup = out.duplicated(key, keep=False)
    if not dup.any():
        return out
    rep = out[dup]
    keep_rows = []
    for _, g in rep.groupby(key, dropna=False, sort=False):
        vals = sorted(set(g["value"]))
        first = g.iloc[[0]].copy()
        if len(vals) > 1:
            first["value"] = np.nan
            first["note"] = first["note"] + (f"; the source gives {len(g)} different values for this region and "
                                             f"year ({', '.join(f'{v:g}' for v in vals)}): left missing")
        keep_rows.append(first)
    import pandas as pd

    return pd.concat([out[~dup], *keep_rows]).sort_index()


@cache
def panel_rows():
    """The default selection of every SDG indicator, oblasts and nation, in the panel's long format."""
    import pandas as pd

    raw = raw_rows()
    parts = []
    for _code, g in raw.groupby("code", sort=False):
        keep, said = choose(g, {})
        parts.append(_to_long(g[keep], said))
    return pd.concat(parts, ignore_index=True)


def select(name: str, **choices) -> pd.DataFrame:
    """Rows of one SDG indicator for chosen disaggregations, in the panel's long format.

    ``choices``: panel keywords (``sex="F"``, ``urbanisation="R"``, ``age="Y15T28"``,
    ``series=...``) or source column names; ``None`` or missing: the default (total).
    """
    raw = raw_rows()
    code = catalogue().set_index("name").loc[name, "code"]
    g = raw[raw["code"] == code]
    dims = {}
    for k, v in choices.items():
        if v is None:
            continue
        dim = KEYWORDS.get(k, k if k in DIMENSIONS else None)
        if dim is None:
            raise InvalidInputError(f"unknown disaggregation {k!r}: use {sorted(KEYWORDS)}")
        dims[dim] = v
    keep, said = choose(g, dims)
    return _to_long(g[keep], said).reset_index(drop=True)


def reselect(df, names: list[str], choices: dict):
    """The panel's rows ``df`` with the SDG indicators among ``names`` replaced by the rows of
    the chosen disaggregations."""
    import pandas as pd

    if not names:
        given = ", ".join(f"{k}={v!r}" for k, v in choices.items() if v is not None)
        raise InvalidArgumentError(f"{given}: name the SDG indicators to disaggregate, e.g. kz.panel('sdg:8.5.2', "
                                   "sex='F'): a code such as sex='F' exists only in some of the Bureau's files")
    sdg = [n for n in names if n in names_set()]
    if not sdg:
        raise InvalidArgumentError(f"sex=, urbanisation=, age=, series= and breakdown= select disaggregations of "
                         f"the SDG indicators; none of {names} is one (kz.indicators() has an 'sdg' column)")
    new = [select(n, **choices) for n in sdg]
    return pd.concat([df[~df["indicator"].isin(sdg)], *new], ignore_index=True)


def names_set() -> set[str]:
    return names()


def titles(lang: str = "en") -> dict:
    cat = catalogue()
    return dict(zip(cat["name"], cat[f"title_{lang}"]))


def catalogue_columns() -> pd.DataFrame:
    """Columns added to ``kz.indicators()`` for the SDG indicators."""
    import pandas as pd

    cat = catalogue()
    raw = raw_rows()
    rows = []
    groups = dict(tuple(raw.groupby("code", sort=False)))
    for r in cat.itertuples(index=False):
        g = groups[r.code]
        units = sorted(set(g["UNIT_MEASURE"]) - {""})
        dis = [f"{k}: {', '.join(sorted(set(g[d]) - TOTAL))}" for k, d in KEYWORDS.items()
               if d != "UNIT_MEASURE" and (set(g[d]) - TOTAL)]
        rows.append({
            "indicator": r.name, "sdg": f"sdg:{r.sdg}", "title_en": r.title_en, "title_ru": r.title_ru,
            "title_kk": r.title_kk,
            "unit_en": "; ".join(label("UNIT_MEASURE", u, "en") for u in units) or "not stated",
            "unit_ru": "; ".join(label("UNIT_MEASURE", u, "ru") for u in units) or "не указана",
            "unit_kk": "; ".join(label("UNIT_MEASURE", u, "kk") for u in units) or "көрсетілмеген",
            "source_file": f"{REPOSITORY}:data/indicator_{r.code}.csv", "commit": COMMIT,
            "disaggregations": "; ".join(dis),
        })
    return pd.DataFrame(rows)
