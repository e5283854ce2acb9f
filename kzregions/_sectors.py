"""Sector, real-growth and migration tables shipped in ``kzregions/datasets/`` (issue 23).

Rows of three tables join the panel (:func:`kzregions.panel`), each with its unit, kind
(extensive: a total that adds up over units; intensive: a rate or index that does not), source
and boundary set:

- ``grp_volume_index.csv``: GRP volume index, % of the previous year (BNS table 5926), 2001-2025.
- ``employment_by_sector.csv``: employed persons in three broad sectors (BNS labour force
  survey), 2016-2025.
- ``grp_by_sector.csv``: gross value added of sections A, B, C, D and the rest (E-S plus net
  taxes on products), million KZT at current prices (BNS table 5927), 2021 and 2024.

Boundary sets follow each row's ``boundaries_note``: ``2017`` (South Kazakhstan, and the units
of the time), ``2018``, ``2024``, ``stable`` (the set in force in the year). Three 2021 rows of the
volume index (East Kazakhstan, Karaganda, Almaty region) are on a set the source does not make
clear (Abai and Zhetysu have 2021 rows, Ulytau only from 2022): they stay in the shipped file
but not in the panel, so they are never joined to the wrong polygon.

The fourth table, ``internal_migration.csv`` (arrivals, departures, net per region, 2022-2024),
has **no stated source** upstream: it is not in the panel; :func:`kzregions.internal_migration`
returns it with a ``source_verified`` column and a warning.
"""

from __future__ import annotations

from functools import lru_cache

from ._schema import NATIONAL, YKO

#: The unclear boundary note of three 2021 rows (kept in the file, left out of the panel).
UNCLEAR = "unclear"
#: Indicator -> (file, source column, unit, kind, English title).
INDICATORS = {
    "grp_volume_index": ("grp_volume_index.csv", "grp_volume_index_pct_prev_year",
                         "% of previous year (constant prices)", "intensive", "GRP volume index"),
    "employed_agriculture": ("employment_by_sector.csv", "agriculture_forestry_fishing", "persons", "extensive",
                             "Employed in agriculture, forestry and fishing"),
    "employed_industry_construction": ("employment_by_sector.csv", "industry_and_construction", "persons",
                                       "extensive", "Employed in industry and construction"),
    "employed_services": ("employment_by_sector.csv", "services", "persons", "extensive", "Employed in services"),
    "gva_agriculture": ("grp_by_sector.csv", "A_agriculture", "million KZT (current prices)", "extensive",
                        "Gross value added: agriculture, forestry, fishing (A)"),
    "gva_mining": ("grp_by_sector.csv", "B_mining", "million KZT (current prices)", "extensive",
                   "Gross value added: mining and quarrying (B)"),
    "gva_manufacturing": ("grp_by_sector.csv", "C_manufacturing", "million KZT (current prices)", "extensive",
                          "Gross value added: manufacturing (C)"),
    "gva_utilities": ("grp_by_sector.csv", "D_electricity_gas_steam", "million KZT (current prices)", "extensive",
                      "Gross value added: electricity, gas, steam (D)"),
    "grp_rest_of_economy": ("grp_by_sector.csv", "rest_E_to_S_plus_net_taxes", "million KZT (current prices)",
                            "extensive", "GRP less sections A-D (sections E-S plus net taxes on products)"),
}
#: The sector tables: name -> the panel indicators that make them up, in order.
SECTOR_TABLES = {
    "employment": ("employed_agriculture", "employed_industry_construction", "employed_services"),
    "gva": ("gva_agriculture", "gva_mining", "gva_manufacturing", "gva_utilities", "grp_rest_of_economy"),
}
#: Short sector keys of the tables' columns (the categories of a specialisation map).
SECTOR_KEYS = {
    "employed_agriculture": "agriculture", "employed_industry_construction": "industry_construction",
    "employed_services": "services", "gva_agriculture": "agriculture", "gva_mining": "mining",
    "gva_manufacturing": "manufacturing", "gva_utilities": "utilities", "grp_rest_of_economy": "rest_of_economy",
}
TITLES = {k: v[4] for k, v in INDICATORS.items()}
KINDS = {k: v[3] for k, v in INDICATORS.items()}
MIGRATION_NOTE = ("source not stated upstream (kanatislambekov/internal-migration-flow-kz): figures look like "
                  "BNS migration statistics but are unverified; arrivals and departures include moves within "
                  "a region, only net is interregional")


def _read(name: str):
    from importlib import resources

    import pandas as pd

    with resources.files("kzregions.datasets").joinpath(name).open("rb") as fh:
        return pd.read_csv(fh, dtype={"kato": str})


def _vintage(note: str, year: int, kato: str):
    if kato == NATIONAL:
        return None
    if note in ("2017", "2018", "2024"):
        return int(note)
    if kato == YKO:
        return 2017
    return 2024 if year >= 2022 else 2018 if year >= 2018 else 2017  # "stable": the set in force


@lru_cache(maxsize=1)
def panel_rows():
    """The three tables as rows of the panel's long format (``kato``, ``region_en``, ``region_ru``,
    ``year``, ``indicator``, ``value``, ``unit``, ``source``, ``note``, ``level``, ``vintage``)."""
    import pandas as pd

    names = _names()
    parts = []
    for ind, (file, col, unit, _kind, _title) in INDICATORS.items():
        df = _read(file)
        note = df["boundaries_note"] if "boundaries_note" in df else pd.Series("2024", index=df.index)
        df = df.assign(_note=note.astype(str))
        df = df[~df["_note"].str.startswith(UNCLEAR)]
        kato = df["kato"].fillna(YKO)
        parts.append(pd.DataFrame({
            "kato": kato, "region_en": kato.map(lambda k: names.get(k, ("", ""))[0]),
            "region_ru": kato.map(lambda k: names.get(k, ("", ""))[1]),
            "year": df["year"].astype(int), "indicator": ind, "value": df[col].astype(float), "unit": unit,
            "source": df["source"], "note": "boundaries: " + df["_note"],
            "level": (kato != NATIONAL).astype(int),
            "vintage": pd.array([_vintage(n, y, k) for n, y, k in zip(df["_note"], df["year"], kato)],
                                dtype="Int64"),
        }))
    return pd.concat(parts, ignore_index=True)


def _names() -> dict:
    """kato -> (English, Russian) name, as the shipped indicator table writes them."""
    from importlib import resources

    import pandas as pd

    with resources.files("kzregions.datasets").joinpath("oblast_indicators.csv").open("rb") as fh:
        df = pd.read_csv(fh, dtype={"kato": str}, usecols=["kato", "region_en", "region_ru"])
    df["kato"] = df["kato"].fillna(YKO)
    return {k: (e, r) for k, e, r in zip(df["kato"], df["region_en"], df["region_ru"])}


@lru_cache(maxsize=1)
def migration_rows():
    """The internal migration table as shipped (with ``source_verified`` False on every row)."""
    return _read("internal_migration.csv")


@lru_cache(maxsize=1)
def volume_index_rows():
    """The GRP volume index file as shipped, unclear rows included."""
    return _read("grp_volume_index.csv")
