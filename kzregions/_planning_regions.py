"""Planning regions of the catalogue built from membership lists: the agglomerations of 2023 and the 2025 macro-regions.

Each builder returns the parts of a :class:`kzregions.regions.ProgrammeRegion`; :mod:`catalogue`
builds the object. Membership is read from
the shipped lists only; nothing is inferred.

- ``agglomerations_2023.csv``: composition of the five agglomerations under the Government
  decree of 19 June 2023, transcribed from a news item citing Zakon.kz (a SECONDARY source:
  flagged in the metadata and the description). Members are districts and cities of oblast
  significance (KATO of the 2022 classifier, matched on 2024 boundaries) and the centre (a
  city of republican significance). Towns and settlements named inside a district (Esik,
  Lenger, Zarechny) have no polygon of their own: the district that holds them (digits 1-4 of
  their KATO code, the classifier's hierarchy) is drawn and flagged ``partial``. The planned
  Gate City has no code and no territory yet: listed in ``unmatched``.
- ``macroregions_2025_partial.csv``: the Central macro-region of the interregional schemes of
  2025 (decree No. 928). The West (No. 946) and South (No. 1135) schemes exist, but their
  membership was not read: they are listed in ``unmatched`` and ``metadata["unknown_zones"]``,
  never guessed.
"""

from __future__ import annotations

from typing import Any

from .regions import MEMBER_COLUMNS  # noqa: F401  (used by the builders)

UNMATCHED_COLUMNS = ["zone", "name_as_in_source", "oblast_at_time", "reason"]

CATALOGUE: dict[str, dict[str, Any]] = {
    "agglomerations": {
        "file": "agglomerations_2023.csv",
        "title": "Agglomerations (2023): Almaty, Astana, Shymkent (republican level), Aktobe, Karaganda",
        "legal_act": "Government decree of 19 June 2023 on the list and composition of agglomerations "
                     "(number not known; SECONDARY SOURCE: a news item citing Zakon.kz)",
        "date": "2023-06-19",
        "versions": {"2023": "composition as transcribed from the news item"},
        "default": "2023",
        "builder": "agglomerations",
    },
    "macroregions_2025": {
        "file": "macroregions_2025_partial.csv",
        "title": "Macro-regions of the 2025 interregional schemes of territorial development (Central only)",
        "legal_act": "Government decree of 5 November 2025 No. 928 (Central region); the West (No. 946) and "
                     "South (No. 1135) schemes' membership is unknown",
        "date": "2025-11-05",
        "versions": {"2025": "Central macro-region only; West and South unknown"},
        "default": "2025",
        "builder": "macroregions",
    },
}


def build(pid: str, meta: dict) -> dict:
    """Keyword arguments of ProgrammeRegion for a catalogue entry of this module (``meta``: the
    entry's metadata with the version chosen, as :func:`kzregions.programme` makes it)."""
    c = CATALOGUE[pid]
    builder = {"agglomerations": _agglomerations, "macroregions": _macroregions}[c["builder"]]
    return builder(_read(c["file"]), meta)


def catalogue():
    """The entries of this module in the form of :func:`kzregions.programmes`."""
    import pandas as pd

    return pd.DataFrame([{"id": pid, "title": c["title"], "legal_act": c["legal_act"], "date": c["date"],
                          "versions": ", ".join(f"{k}: {v}" for k, v in c["versions"].items()),
                          "default_version": c["default"], "entries": len(_read(c["file"])),
                          "source_file": f"kzregions/datasets/{c['file']}"} for pid, c in CATALOGUE.items()])


def _read(fname: str):
    from ._datasets import read_csv

    return read_csv(fname, text=("kato_2022",))


def _unit_layers():
    from . import boundaries as data

    return {1: data.oblasts(2024).set_index("kato"), 2: data.districts(2024).set_index("kato")}


def _member(unit, kato, level, zone, *, partial=False, note=None, source_name=None, matched_on="kato",
            parts=None):
    return {"kato": kato, "name_en": unit["name_en"], "name_ru": unit["name_ru"], "level": level,
            "oblast_kato": unit["oblast_kato"] if level == 2 else kato,
            "oblast_en": unit["oblast_en"] if level == 2 else unit["name_en"], "vintage": 2024, "zone": zone,
            "partial": partial, "partial_note": note, "share": 1.0, "name_as_in_source": source_name,
            "oblast_at_time": None, "derived": False, "matched_on": matched_on, "parts": parts,
            "geometry": unit.geometry}


def _gazetteer_label(code: str) -> str | None:
    """The entry of the KATO classifier of 2022 with this code, as named there."""
    from .settlements import entry

    r = entry(code)
    return f"{r['name_full']} ({r['kind']}, KATO {code})" if r is not None else None


def _frames(recs, unmatched):
    import geopandas as gpd
    import pandas as pd

    if recs:
        members = gpd.GeoDataFrame(recs, columns=MEMBER_COLUMNS, geometry="geometry", crs="EPSG:4326")
    else:
        members = gpd.GeoDataFrame({k: [] for k in MEMBER_COLUMNS if k != "geometry"}, geometry=[], crs="EPSG:4326")
    return members, pd.DataFrame(unmatched, columns=UNMATCHED_COLUMNS)


def _agglomerations(rows, meta: dict) -> dict:
    layers = _unit_layers()
    recs, unmatched = [], []
    for r in rows.itertuples(index=False):
        zone = f"{r.agglomeration} agglomeration"
        src = str(r.member_as_in_source)
        code = "" if not isinstance(r.kato_2022, str) and (r.kato_2022 != r.kato_2022) else str(r.kato_2022)
        code = code.split(".")[0].strip()
        if not code:
            unmatched.append((zone, src, None, "no KATO code and no territory of its own (a planned city): not "
                              "placed"))
            continue
        code = code.zfill(9)
        level = 1 if code.endswith("0000000") else 2
        if code in layers[level].index:
            recs.append(_member(layers[level].loc[code], code, level, zone, source_name=src))
            continue
        district = code[:4] + "00000"  # the classifier's hierarchy: digits 1-4 are the district
        if district in layers[2].index:
            u = layers[2].loc[district]
            recs.append(_member(u, district, 2, zone, partial=True, source_name=src, matched_on="kato hierarchy",
                                note=f"{src} (KATO {code}) lies in {u['name_en']}; it has no polygon of its own, "
                                     "so the whole unit is drawn", parts=_gazetteer_label(code)))
        else:
            unmatched.append((zone, src, None, f"KATO {code} is no unit of the 2024 boundaries and its "
                              f"district {district} is not either"))
    members, unmatched = _frames(recs, unmatched)
    sources = sorted(set(rows["source"]))
    meta.update(sources=sources, secondary_source=True, levels=dict(zip(rows["agglomeration"], rows["level"])),
                warning="SECONDARY SOURCE: the composition is transcribed from a news item citing Zakon.kz, "
                        "not read from the decree itself")
    prov = [f"{len(rows)} entries of agglomerations_2023.csv; {len(members)} members on 2024 boundaries by KATO "
            f"({int(members['partial'].sum())} partial: a town or settlement inside a district); "
            f"{len(unmatched)} not placed", "SECONDARY SOURCE (news item citing Zakon.kz)"]
    return {"name": CATALOGUE["agglomerations"]["title"], "members": members, "unmatched": unmatched,
            "description": "SECONDARY SOURCE. " + CATALOGUE["agglomerations"]["legal_act"], "provenance": prov,
            "metadata": meta, "vintage": 2024}


def _macroregions(rows, meta: dict) -> dict:
    layers = _unit_layers()
    recs, unmatched, unknown = [], [], []
    for r in rows.itertuples(index=False):
        zone = f"{r.macro_region} macro-region"
        code = str(r.kato).split(".")[0].strip() if isinstance(r.kato, str) or r.kato == r.kato else ""
        if r.status != "confirmed" or not code or code == "nan":
            unknown.append(r.macro_region)
            unmatched.append((zone, r.member_region, None, f"membership unknown ({r.status}): the act was found "
                              f"but its list of regions was not read; nothing is inferred. Source: {r.source}"))
            continue
        code = code.zfill(9)
        recs.append(_member(layers[1].loc[code], code, 1, zone, source_name=r.member_region))
    members, unmatched = _frames(recs, unmatched)
    meta.update(sources=sorted(set(rows["source"]) - {"same as above"}), unknown_zones=unknown,
                warning=f"only the Central macro-region's membership is known; {', '.join(unknown)}: unknown")
    prov = [f"{len(members)} members of the Central macro-region (2024 boundaries, by KATO); "
            f"macro-regions with unknown membership: {', '.join(unknown)}"]
    return {"name": CATALOGUE["macroregions_2025"]["title"], "members": members, "unmatched": unmatched,
            "description": CATALOGUE["macroregions_2025"]["legal_act"], "provenance": prov, "metadata": meta,
            "vintage": 2024}
