"""The name index behind :mod:`kzregions.names`: units of the boundary layers with every key
they can be found by (codes, names in three languages and their normalised forms, historic
names, the rename history), built once per data location and per subset of layers.
"""

from __future__ import annotations

import math
import numbers
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import _namekeys as nk
from ._schema import VINTAGES, check_level, check_vintage
from .errors import NoPolygonError, UnknownRegionError

if TYPE_CHECKING:  # pragma: no cover
    pass

# Historic and alternative names: (name, kind the query must name or None, KATO, vintages
# or None for all). Sources: decrees renaming Akmola -> Astana (1998), Astana -> Nur-Sultan
# (2019) -> Astana (2022); Chimkent oblast -> South Kazakhstan (1992) -> Turkistan oblast
# (2018); Semipalatinsk -> Semey (2007); Kapchagay -> Konaev (2022, the code 191000000 was
# Taldykorgan's in 2018); Leninsk -> Baikonur (1995); Alma-Ata -> Almaty (1993).
ALIASES: list[tuple[str, str | None, str, tuple | None]] = [
    ("Nur-Sultan", None, "710000000", None), ("Нур-Султан", None, "710000000", None),
    ("Нұр-Сұлтан", None, "710000000", None), ("Tselinograd", None, "710000000", None),
    ("Целиноград", None, "710000000", None), ("Akmolinsk", None, "710000000", None),
    ("Акмолинск", None, "710000000", None), ("Akmola", "city", "710000000", None),
    ("Акмола", "city", "710000000", None), ("Ақмола", "city", "710000000", None),
    ("Astana", None, "710000000", None), ("Астана", None, "710000000", None),
    ("South Kazakhstan", None, "610000000", None), ("Южно-Казахстанская", None, "610000000", None),
    ("Южный Казахстан", None, "610000000", None), ("Оңтүстік Қазақстан", None, "610000000", None),
    ("ЮКО", None, "610000000", None), ("Chimkent oblast", "oblast", "610000000", None),
    ("Чимкентская область", "oblast", "610000000", None),
    ("Semipalatinsk", None, "101000000", (2024,)), ("Семипалатинск", None, "101000000", (2024,)),
    ("Semipalatinsk", None, "632800000", (2018,)), ("Семипалатинск", None, "632800000", (2018,)),
    ("Alma-Ata", None, "750000000", None), ("Алма-Ата", None, "750000000", None),
    ("Leninsk", None, "431900000", None), ("Ленинск", None, "431900000", None),
    ("Baikonur", None, "431900000", None), ("Байконур", None, "431900000", None),
    ("Konaev", None, "191000000", (2024,)), ("Qonaev", None, "191000000", (2024,)),
    ("Kapchagay", None, "191000000", (2024,)), ("Капчагай", None, "191000000", (2024,)),
    ("Қапшағай", None, "191000000", (2024,)),
    ("Oskemen", None, "631000000", None), ("Өскемен", None, "631000000", None),
    ("Oral", None, "271000000", None), ("Petropavl", None, "591000000", None),
    ("Guryev", None, "231000000", None), ("Гурьев", None, "231000000", None),
    # Soviet names of two oblasts met in old tables: Guryev oblast (Atyrau since 1992) and
    # Mangyshlak oblast (today's Mangystau)
    ("Гурьевская область", "oblast", "230000000", None), ("Guryev oblast", "oblast", "230000000", None),
    ("Мангышлакская область", "oblast", "470000000", None), ("Mangyshlak oblast", "oblast", "470000000", None),
    ("Мангышлак", None, "470000000", None), ("Mangyshlak", None, "470000000", None),
    ("Aktyubinsk", None, "151000000", None), ("Актюбинск", None, "151000000", None),
    # renamed units met in legal acts: Leninogorsk -> Ridder (2002); Zyryanovsk district ->
    # Altai district (2019); Lebyazhye district -> Akkuly district (2019)
    ("Лениногорск", None, "632400000", None), ("Leninogorsk", None, "632400000", None),
    ("Зыряновский", "district", "634800000", None), ("Зыряновск", None, "634800000", None),
    ("Лебяжинский", "district", "555200000", None), ("Лебяженский", "district", "555200000", None),
    # spellings of the BNS population bulletin of 1 January 2023 (sheet 02)
    ("Лисаков", None, "392000000", None), ("Қарақия", None, "474200000", None),
    # geokz's Russian spellings, fixed on load (_boundaries.NAME_FIXES): tables copied from it still join
    ("Чимкент", None, "790000000", None), ("Енбекшинскийский", "district", "791510000", None),
    ("Каратаускийский", "district", "791710000", None),
]

# ISO 3166-2:KZ numeric codes of the current standard (ISO 3166 Online Browsing Platform, change of
# November 2022; as listed on https://it.wikipedia.org/wiki/ISO_3166-2:KZ and
# https://grokipedia.com/page/iso_3166_2kz): region -> code. They equal the region digits of KATO.
ISO_NUMERIC = {
    "100000000": "KZ-10", "110000000": "KZ-11", "150000000": "KZ-15", "190000000": "KZ-19",
    "230000000": "KZ-23", "270000000": "KZ-27", "310000000": "KZ-31", "330000000": "KZ-33",
    "350000000": "KZ-35", "390000000": "KZ-39", "430000000": "KZ-43", "470000000": "KZ-47",
    "550000000": "KZ-55", "590000000": "KZ-59", "610000000": "KZ-61", "620000000": "KZ-62",
    "630000000": "KZ-63", "710000000": "KZ-71", "750000000": "KZ-75", "790000000": "KZ-79",
}


# ----------------------------------------------------------------------------- the index
KIND_FOR_MARKER = {
    "oblast": {"oblast"},
    "district": {"district", "city district"},
    "city": {"city of republican significance", "city of oblast significance"},
}
ALL_KINDS = set().union(*KIND_FOR_MARKER.values())


def genitive_forms(tokens: list[str]) -> set[str]:
    """Russian genitive of a name after a person: "Магжан Жумабаев" -> "магжанажумабаева"
    (every word) and "шалакына" (the last word only, "района Шал акына")."""
    if len(tokens) < 2 or not all(re.search("[а-я]", t) for t in tokens):
        return set()

    def gen(t: str) -> str:
        return t + "а" if re.search("[бвгджзклмнпрстфхцчшщ]$", t) else t

    return {"".join(gen(t) for t in tokens), "".join(tokens[:-1]) + gen(tokens[-1])}


class NameIndex:
    def __init__(self, units: list, renames: list, extra: dict | None = None):
        self.units = units
        self.by_code: dict[str, list[int]] = {}
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        self.by_stem: dict[str, list[int]] = {}
        self.by_kkfold: dict[str, list[int]] = {}
        self.by_latin: dict[str, list[int]] = {}
        self.by_gen: dict[str, list[int]] = {}
        self.by_surname: dict[str, list[int]] = {}
        self.alias: dict[str, list[tuple[int, str | None]]] = {}
        # close-spelling vocabularies: whole names, and stems of adjectives (a bare noun such as
        # "Berlin" is never compared with the stem of "Бурлинский")
        self.by_del: dict[str, dict[str, set[str]]] = {"name": {}, "stem": {}}
        self.lat_units: dict[str, list[int]] = {}
        self.letters_of: dict[int, set[str]] = {}
        for i, u in enumerate(units):
            codes = [u.kato, u.pcode.upper()]
            if u.level == 1 and u.iso:
                codes.append(u.iso.upper())
            if u.level == 1 and u.kato in ISO_NUMERIC:
                codes.append(ISO_NUMERIC[u.kato])
            for code in codes:
                self.by_code.setdefault(code, []).append(i)
            # today's names, then the spellings geokz gives where they differ (old tables)
            for name in (u.name_en, u.name_kk, u.name_ru, *(extra or {}).get((u.kato, u.vintage), ())):
                if not name:
                    continue
                p = nk.parse(name)
                k = p.key
                if not k:
                    continue
                self.by_key.setdefault(k, []).append((i, name))
                self.by_kkfold.setdefault(k.translate(nk.KK_TO_RU), []).append(i)
                lat = nk.latin(k)
                self.by_latin.setdefault(lat, []).append(i)
                self.letters_of.setdefault(i, set()).add(nk.letters(k))
                stem = nk.ru_stem(k)
                if stem:
                    self.by_stem.setdefault(nk.latin(stem), []).append(i)
                for g in genitive_forms(p.tokens):
                    self.by_gen.setdefault(g, []).append(i)
                if len(p.tokens) >= 2 and len(p.tokens[-1]) >= 4:
                    last = p.tokens[-1]
                    for form in {nk.latin(last), nk.latin(last + "а")} if re.search("[а-я]", last) \
                            else {nk.latin(last)}:
                        self.by_surname.setdefault(form, []).append(i)
                self._fuzzy_add(lat, i, "name")
                if stem:
                    self._fuzzy_add(nk.latin(stem), i, "stem")
        by_kato: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            by_kato.setdefault(u.kato, []).append(i)
        for name, kind, kato, vintages in list(ALIASES) + renames:
            k = nk.parse(name).key
            for i in by_kato.get(kato, []):
                if vintages and units[i].vintage not in vintages:
                    continue
                self.alias.setdefault(k, []).append((i, kind))
                stem = nk.ru_stem(k)
                if stem:  # "Зыряновского района" (genitive, as in legal acts)
                    self.alias.setdefault("stem:" + nk.latin(stem), []).append((i, kind))
        self.vocabulary = sorted(set(self.by_key) | set(self.alias))
        self.kato_only: dict | None = None
        self._close_memo: dict = {}

    def spelled(self, key: str) -> list[int]:
        """Units whose name is ``key`` in another spelling (romanisation, script).

        The loosest exact tier never guesses: a short key (one that the close-spelling tier
        would not allow a single edit) must match letter for letter (:func:`letters`), so
        that folds which merge letters (``сщ`` -> ``sh``) do not turn junk into a unit.
        """
        lat = nk.latin(key)
        hits = self.by_latin.get(lat, []) if len(lat) >= 3 else []
        if not hits or nk.allowed(len(lat)) > 0:
            return hits
        exact = nk.letters(key)
        return [i for i in hits if exact in self.letters_of.get(i, ())]

    def _fuzzy_add(self, lat: str, i: int, vocab: str) -> None:
        if len(lat) < 3:
            return
        if i not in self.lat_units.setdefault(lat, []):
            self.lat_units[lat].append(i)
        for d in nk.deletions(nk.skeleton(lat)):
            self.by_del[vocab].setdefault(d, set()).add(lat)

    def close(self, lat: str, vocab: str = "name") -> list[tuple[float, str]]:
        """Latin keys of one vocabulary spelled close to ``lat`` (one consonant apart at most), best first."""
        got = self._close_memo.get((lat, vocab))
        if got is None:
            if len(self._close_memo) > 50_000:
                self._close_memo.clear()
            got = self._close_memo[(lat, vocab)] = self._close(lat, vocab)
        return got

    def _close(self, lat: str, vocab: str) -> list[tuple[float, str]]:
        cands: set[str] = set()
        for d in nk.deletions(nk.skeleton(lat)):
            cands |= self.by_del[vocab].get(d, set())
        scored = [(nk.distance(lat, c, limit=4.0), c) for c in cands]
        return sorted(s for s in scored if s[0] <= 4.0)


def renames() -> list:
    """The rename history (datasets/district_renames.csv) as aliases: old name -> unit."""
    import csv
    from importlib import resources

    out = []
    with resources.files("kzregions.datasets").joinpath("district_renames.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            kind = None if r["kind"] == "oblast" else r["kind"]
            out.append((r["old_name_ru"], kind, r["kato"], None))
    return out


@lru_cache(maxsize=16)
def index_for(location: str, levels: tuple = (1, 2), vintages: tuple = tuple(VINTAGES)) -> NameIndex:
    """The index of the layers of ``levels`` x ``vintages`` (only those are loaded: resolving
    an oblast of 2018 needs the 2018 oblasts, not the districts of both sets)."""
    import pandas as pd

    from . import _boundaries

    # one record per unit and vintage, attributes named as in the layers
    cols = ["kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru", "level", "kind",
            "oblast_kato", "oblast_en", "vintage"]
    frame = pd.concat([_boundaries.layer(lv, v)[cols] for v in vintages for lv in levels],
                      ignore_index=True).rename(columns={"iso_3166_2": "iso"})
    units = list(frame.astype({"level": int, "vintage": int}).itertuples(index=False, name="Unit"))
    return NameIndex(units, renames(), geokz_spellings(frame, levels, vintages))


def geokz_spellings(frame, levels: tuple, vintages: tuple) -> dict:
    """(KATO, vintage) -> the names geokz gives a unit (``_boundaries.geokz_names``: Nur-Sultan,
    "Абайская", Konaiev) where the layers now carry today's official names, so that tables
    written with them still resolve, by every rule a name is matched by."""
    from . import _boundaries

    have: dict = {}
    for k, v, *names in zip(frame["kato"], frame["vintage"], frame["name_en"], frame["name_kk"], frame["name_ru"]):
        have.setdefault((k, int(v)), set()).update(names)
    out: dict = {}
    for v in vintages:
        for lv in levels:
            for r in _boundaries.geokz_names(lv, v).itertuples(index=False):
                old = [n for n in dict.fromkeys((r.name_en, r.name_kk, r.name_ru))
                       if n and n not in have.get((r.kato, int(v)), ())]
                if old:
                    out.setdefault((r.kato, int(v)), []).extend(old)
    return out


LOCATIONS: dict = {}


def name_index(levels: tuple = (1, 2), vintages: tuple = tuple(VINTAGES)) -> NameIndex:
    import os

    from .settings import settings

    # keyed by where the data comes from, so a changed mirror or cache is not served stale;
    # the resolved paths are remembered per raw setting (resolving them costs 0.1 ms a call)
    env = os.environ
    raw = (settings.data_dir, settings.cache_dir, env.get("KZREGIONS_DATA_DIR"), env.get("KZREGIONS_CACHE_DIR"),
           env.get("XDG_CACHE_HOME"))
    loc = LOCATIONS.get(raw)
    if loc is None:
        loc = LOCATIONS[raw] = f"{settings.resolved_data_dir()}|{settings.resolved_cache_dir()}"
    return index_for(loc, levels, vintages)


# ----------------------------------------------------------------------------- codes
def is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(isinstance(x, numbers.Real) and math.isnan(x)) or str(x) in ("<NA>", "NaT")
    except (TypeError, ValueError):
        return False


def code_of(query) -> str | None:
    """The code in a query, normalised; raise for numbers that cannot be KATO codes."""
    if isinstance(query, bool):
        return None
    if isinstance(query, str) and not any(c.isdigit() for c in query) and "kz" not in query.lower():
        return None  # the common case: a name
    if isinstance(query, numbers.Integral):
        s = str(int(query))
    elif isinstance(query, numbers.Real):
        if not float(query).is_integer():
            raise UnknownRegionError(f"{query!r} is a fractional number, not a KATO code (9 digits, "
                                     "e.g. 433200000)", query=query)
        s = str(int(float(query)))
    else:
        s = str(query).strip().upper().replace(" ", "")
        s = re.sub(r"^(\d+)\.0+$", r"\1", s)  # 710000000.0 as read by read_csv
    if re.fullmatch(r"\d{9}", s):
        return s
    if re.fullmatch(r"\d{8}|\d{10}", s):
        raise UnknownRegionError(
            f"{query!r} has {len(s)} digits: KATO codes have 9 digits (e.g. 433200000 for Aral "
            "district). A code read as a number may have lost or gained a digit; read the column as "
            "text (dtype=str).", query=query)
    if re.fullmatch(r"KZ\d{2}(\d{4})?", s) or re.fullmatch(r"KZ-[A-Z]{3}", s):
        return s
    m = re.fullmatch(r"KZ-?(\d{2})", s)
    if m:
        return f"KZ-{m.group(1)}"
    return None


# ----------------------------------------------------------------------------- messages and kinds
def kinds_of(p: nk.Parsed) -> set | None:
    markers = p.markers & set(KIND_FOR_MARKER)
    kinds = None
    for m in markers:
        kinds = (kinds or set()) | KIND_FOR_MARKER[m]
    if "oblast" in markers and "city" in markers:
        kinds = KIND_FOR_MARKER["city"]  # "city of oblast significance" talks of cities
    if not markers & {"district", "city"}:
        g = p.gender
        if g == "m" and not p.region_word:  # Костанайский (район), never the oblast
            kinds = (kinds or set(ALL_KINDS)) - {"oblast"}
        elif g == "f" and not markers:
            kinds = set(KIND_FOR_MARKER["oblast"])  # Костанайская (область)
    return kinds


def no_polygon(name, p: nk.Parsed, idx: NameIndex, lv, obl) -> None:
    """Raise NoPolygonError for a district known to KATO (2022) but absent from the boundaries."""
    if lv == 1 or p.markers & {"oblast", "city"} or not p.key:
        return
    from . import settlements

    if idx.kato_only is None:  # districts of KATO 2022 without a polygon, by their keys
        found: dict[str, list[dict]] = {}
        for r in settlements.gazetteer(level=2).to_dict("records"):
            if r["code"] in idx.by_code:
                continue
            key = nk.parse(r["name_full"]).key
            same = [i for i, _ in idx.by_key.get(key, [])] + idx.by_latin.get(nk.latin(key), [])
            if any(idx.units[i].kato[:2] == r["code"][:2] for i in same):
                continue  # the unit has a polygon under another code (Сатпаев Г.А. 622000000 / 622010000)
            for k in keys_of(key):
                found.setdefault(k, []).append(r)
        idx.kato_only = found
    rows = [r for k in keys_of(p.key) for r in idx.kato_only.get(k, [])
            if obl is None or r["code"][:2] == obl[:2]]
    rows = list({r["code"]: r for r in rows}.values())
    if len(rows) == 1:
        r = rows[0]
        raise NoPolygonError(
            f"{name!r} is {r['name_full']} ({r['oblast_name']}; KATO {r['code']}) in the KATO "
            "classifier of 17.10.2022, but it has no polygon in the boundary data (geokz): it is "
            "newer than the boundaries. Join its figures to the unit it was split from, or keep them "
            "apart.", query=name, suggestions=[settlements.label(r)])


def keys_of(key: str) -> set[str]:
    stem = nk.ru_stem(key)
    return {key, nk.latin(key)} | ({"stem:" + nk.latin(stem)} if stem else set())


def unknown_error(name, p: nk.Parsed, idx: NameIndex, keep, lv, v, obl) -> UnknownRegionError:
    labels: list[str] = []
    keys = [(nk.latin(p.key), "name")]
    stem = nk.ru_stem(p.key)
    if stem:
        keys.append((nk.latin(stem), "stem"))
    scored = sorted(s for k, vocab in keys if len(k) >= 3 for s in idx.close(k, vocab))
    for _, c in scored:
        for i in idx.lat_units.get(c, []):
            if keep(i):
                u = idx.units[i]
                lab = f"{u.name_en} ({u.kind}, {u.oblast_en}, KATO {u.kato})" if u.level == 2 else \
                    f"{u.name_en} ({u.kind}, KATO {u.kato})"
                if lab not in labels:
                    labels.append(lab)
        if len(labels) >= 6:
            break
    hint = "; closest: " + "; ".join(labels[:6]) if labels else ""
    digits = " (the digits in it match no unit's name)" if p.digits else ""
    return UnknownRegionError(
        f"no administrative unit matches {name!r} ({scope_of(lv, v, obl)}){digits}{hint}. Check the "
        "spelling, or pass a KATO code; kz.oblasts() and kz.districts() list the units.",
        query=name, suggestions=labels[:6],
    )


def kato_hint(code: str) -> str:
    from . import settlements

    r = settlements.entry(code)
    if r is None:
        return ""
    if r["level"] >= 3:
        return (f" It is {settlements.label(r)} in the KATO classifier: use "
                f"kz.resolve({code!r}, level='settlement').")
    return f" It is {r['name_full']} in the KATO classifier of 17.10.2022, which has no polygon in the boundary data."


def scope_of(lv, v, obl) -> str:
    parts = [f"level {lv}" if lv else "any level", f"vintage {v}" if v else "any vintage"]
    if obl:
        parts.append(f"oblast {obl}")
    return ", ".join(parts)


def code_hint(idx: NameIndex, code: str) -> str:
    elsewhere = idx.by_code.get(code, [])
    if elsewhere:
        u = idx.units[elsewhere[0]]
        return f" It is {u.name_en} ({u.kind}, level {u.level}, vintage {u.vintage}): loosen the filters."
    return ""


def want_settlement(level) -> bool:
    return isinstance(level, str) and level.strip().lower() in ("settlement", "settlements", "village",
                                                                 "rural okrug", "okrug")


def layers_for_query(level, vintage, oblast) -> tuple[tuple, tuple]:
    """The layers that can answer: a query for the oblasts of one vintage (as
    ``kz.districts(2018, oblast=...)`` makes) loads only those oblasts."""
    if want_settlement(level):
        return (1, 2), tuple(VINTAGES)
    lv = check_level(level) if level is not None else None
    v = check_vintage(vintage) if vintage is not None else None
    levels = (1, 2) if lv is None or (lv == 2 and not is_missing(oblast)) else (lv,)
    return levels, (tuple(VINTAGES) if v is None else (v,))
