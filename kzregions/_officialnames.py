"""Unit names as they are officially written today, applied to the geokz layers on load.

The authority is the KATO classifier we ship (``datasets/kato_2022-10-17_ru.csv.gz``, Bureau
of National Statistics, 17 October 2022): the Russian name of every level-1 and level-2 unit
whose code it lists as an oblast, district or city administration is taken from it. The
classifier writes adjectival names with the generic word after them ("Аккольский район") and
the names given since 2018 in the nominative with the word before them ("область Абай",
"район Алматы"); the kzregions schema drops the word after an adjective ("Аккольский", as
geokz does) and keeps it before a noun, where the bare noun would not say what the unit is
(the district «Алматы» of Astana is not the city of Almaty).

English names follow geokz's romanisation of Kazakh (Қ k, Ң n, Ә a, Ұ/Ү u, Ж zh, й y, no
apostrophes); the few geokz names written in another system or mistyped are fixed by
:data:`EN_FIXES`. Every change is logged per unit in the harmonisation report and listed in
DATA_LICENSES.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

CLASSIFIER_FILE = "kato_2022-10-17_ru.csv.gz"
CLASSIFIER = "KATO classifier of 17.10.2022 (BNS)"

#: geokz English names that break its own romanisation rule or are mistyped:
#: (KATO, as in geokz) -> name. Жаңасемей is Zhanasemey (geokz: "Zharasemey"); Қонаев is
#: Konaev (geokz: "Konaiev", a Ukrainian-style "ie"); Ақсуат and Мақаншы are Aksuat and
#: Makanshy (geokz wrote these two 2022 districts in the Kazakh Latin alphabet's q).
EN_FIXES = {
    ("101010000", "Zharasemey"): "Zhanasemey",
    ("191000000", "Konaiev"): "Konaev",
    ("103400000", "Aqsuat"): "Aksuat",
    ("104500000", "Maqanshy"): "Makanshy",
}

#: Typographic slips of the classifier itself, evened out (the name is unchanged):
#: a capital "Район" where every other entry writes "район", no space after "им.".
#: Units renamed and recoded since the 2018 set: code of 2018 -> code today (Kapchagay ->
#: Konaev, decree of 2022; the code 191000000 was Taldykorgan's in 2018).
RENAMED = {"191600000": "191000000"}

_TYPO = ((re.compile(r"^Район\b"), "район"), (re.compile(r"\bим\.(?=\S)"), "им. "),
         (re.compile(r"^г\.\s*"), ""))  # "г.Астана": the city's name is Астана

_ADJECTIVE = re.compile(r"(ский|цкий|ская|цкая|ной|ный|ная|ий|ая)$")
_GENERIC_AFTER = re.compile(r"\s+(район|область|Г\.\s*А\.?|г\.а\.?|Қ\.Ә\.?)$")


@lru_cache(maxsize=1)
def classifier_entries() -> dict[str, tuple[int, str]]:
    """KATO code -> (level, the classifier's Russian name as written) of every level-1 entry
    (no parent) and level-2 entry (its parent is level 1)."""
    import csv
    import gzip
    import io
    from importlib import resources

    with resources.files("kzregions.datasets").joinpath(CLASSIFIER_FILE).open("rb") as fh:
        rows = list(csv.DictReader(io.TextIOWrapper(gzip.open(fh), encoding="utf-8-sig"), delimiter=";"))
    top = {r["id"] for r in rows if r["parent_id"] == "0"}
    return {r["code"]: (1 if r["parent_id"] == "0" else 2, r["name"].strip())
            for r in rows if r["parent_id"] == "0" or r["parent_id"] in top}


def classifier_names() -> dict[str, str]:
    """KATO code -> the classifier's Russian name (as written) of every level-1 and level-2 entry."""
    return {k: v[1] for k, v in classifier_entries().items()}


def russian_name(full: str) -> str:
    """The schema's Russian name of a classifier entry: "Аккольский район" -> "Аккольский",
    "Қонаев Г.А." -> "Қонаев", "область Абай" and "район Алматы" kept as they are.

    Examples
    --------
    >>> russian_name("Аль-Фарабийский район"), russian_name("область Жетісу")
    ('Аль-Фарабийский', 'область Жетісу')
    """
    name = full.strip()
    for rx, repl in _TYPO:
        name = rx.sub(repl, name)
    m = _GENERIC_AFTER.search(name)
    if m:
        stem = name[: m.start()]
        # a city administration is named by its city; an adjective needs no "район"
        if m.group(1) not in ("район", "область") or _ADJECTIVE.search(stem):
            return stem
    return name


def official_russian(kato: str, level: int) -> str | None:
    """The classifier's name of ``kato`` if it lists that code at ``level`` (else None)."""
    entry = classifier_entries().get(kato)
    # a code the classifier lists at another level names another unit (geokz gives Zhanasemey
    # district 101010000, the classifier's town of Semey)
    if entry is None or entry[0] != level:
        return None
    return russian_name(entry[1])


def apply_today(gdf, level: int, log: list[list[str]]) -> None:
    """Set the 2024 layer's names to today's official ones (in place), logging each change."""
    for i in range(len(gdf)):
        kato = gdf.iat[i, gdf.columns.get_loc("kato")]
        en = gdf.iat[i, gdf.columns.get_loc("name_en")]
        new_en = EN_FIXES.get((kato, en))
        if new_en is not None:
            gdf.iat[i, gdf.columns.get_loc("name_en")] = new_en
            log[i].append(f"name_en {en!r} -> {new_en!r} (romanisation)")
        ru = gdf.iat[i, gdf.columns.get_loc("name_ru")]
        new_ru = official_russian(kato, level)
        if new_ru is not None and new_ru != ru:
            gdf.iat[i, gdf.columns.get_loc("name_ru")] = new_ru
            log[i].append(f"name_ru {ru!r} -> {new_ru!r} ({CLASSIFIER})")


def apply_from_today(gdf, today, log: list[list[str]]) -> None:
    """Name the units of an older set (in place) as the same units are named today.

    A unit is the same as a unit of ``today`` (the 2024 layer, same level) when each covers
    at least 95 % of the other and it has the same code, the same English name (the codes
    of the units moved to Abai, Zhetysu and Ulytau changed) or a rename of :data:`RENAMED`
    joins them. Overlap alone is not enough: Semey of 2018 covers today's Zhanasemey
    district almost exactly (the city itself is small). Units whose borders changed keep
    their names, except the renamed cities whose territory grew: Astana (same code) and
    Kapchagay, today Konaev (:data:`RENAMED`).
    """
    import numpy as np
    import shapely

    from ._crs import EQUAL_AREA

    g_old = gdf.geometry.to_crs(EQUAL_AREA).values
    g_new = today.geometry.to_crs(EQUAL_AREA).values
    tree = shapely.STRtree(g_new)
    cols = ("name_en", "name_kk", "name_ru")
    for i, geom in enumerate(g_old):
        kato = gdf.iat[i, gdf.columns.get_loc("kato")]
        match = None
        en = str(gdf.iat[i, gdf.columns.get_loc("name_en")]).casefold()
        for j in tree.query(geom, predicate="intersects"):
            k2 = today.iat[j, today.columns.get_loc("kato")]
            if not (k2 == kato or RENAMED.get(kato) == k2
                    or str(today.iat[j, today.columns.get_loc("name_en")]).casefold() == en):
                continue
            inter = shapely.area(shapely.intersection(geom, g_new[j]))
            if inter >= 0.95 * shapely.area(geom) and inter >= 0.95 * shapely.area(g_new[j]):
                match = j
                break
        if match is None and (kato == "710000000" or kato in RENAMED):  # renamed, borders changed
            hit = np.flatnonzero(today["kato"].to_numpy() == RENAMED.get(kato, kato))
            match = int(hit[0]) if len(hit) else None
        if match is None:
            continue
        for col in cols:
            old, new = gdf.iat[i, gdf.columns.get_loc(col)], today.iat[match, today.columns.get_loc(col)]
            if new and new != old:
                gdf.iat[i, gdf.columns.get_loc(col)] = new
                log[i].append(f"{col} {old!r} -> {new!r} (named as today)")
