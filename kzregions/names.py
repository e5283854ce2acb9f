"""Resolve names and codes of Kazakhstan's administrative units to KATO codes.

A query is tried against every unit of both boundary vintages (2018, 2024) and both
levels, in tiers from the most to the least exact; the first tier that yields a match
wins:

1. codes: 9-digit KATO (string, int or integral float such as ``710000000.0``), P-code
   (``KZ11``, ``KZ113200``), ISO 3166-2 (``KZ-AKM`` and the numeric ``KZ-11`` of the
   current standard; level 1 only);
2. names in English, Kazakh or Russian (geokz spelling), historic names (``Nur-Sultan``,
   ``Tselinograd``, ``Semipalatinsk``, ...) and the rename history of districts
   (``datasets/district_renames.csv``, each row with its legal act or source), compared on
   keys that drop the words for oblast / district / city / region in three languages and
   their abbreviations (``обл.``, ``р-н``, ``г.а.``, ``Қ.Ә.``, ``gorod``, ``_reg``, ``ЗКО``...);
   Kazakh Latin (2021 and 2018 alphabets), older romanisations and ISO/GOST/BGN
   romanisations of Russian are read as the Cyrillic they stand for
   (see :mod:`kzregions._namekeys`);
3. Russian adjectival and genitive forms (``Кызылординской`` -> ``Кызылординская``,
   ``Аральского`` -> ``Аральский``, ``города Астаны``, ``района Магжана Жумабаева``,
   ``район им. Г.Мусрепова``), cut-off words (``Восточно-Казахст.``);
4. a close-spelling tier that never guesses: a unit is accepted only if its romanised
   key is within a small weighted edit distance (vowel for vowel 0.5, one letter 1; none
   for keys under 7 letters), no other unit is within one more step, and the query has no
   digits; otherwise the name is unknown (the close ones are listed) or ambiguous.

Grammar narrows the kind: ``oblast``/``облысы``/``область`` only oblasts;
``district``/``ауданы``/``район`` only districts; ``city``/``қаласы``/``город``/``г.`` only
cities; a Russian masculine adjective (``Костанайский``, ``Целиноградский``) names a
district (or, with ``регион``, an oblast), a feminine one (``Костанайская``) an oblast.
With ``level=None`` a level-1 match beats a level-2 match ("Kyzylorda" is the oblast;
"Kyzylorda city" is the city). With ``vintage=None`` the newest vintage that matches wins
and every vintage that matched is reported. An ``oblast=`` that is itself ambiguous
("Almaty": city or oblast) is settled by the child: the one that contains it.

Districts of the KATO classifier of 17 October 2022 that have no polygon in the boundary
data (Sauran district, created 2021) are recognised and reported as such
(:class:`~kzregions.errors.NoPolygonError`), not as unknown. Settlements and rural okrugs:
``resolve(name, level="settlement")`` (see :mod:`kzregions.settlements`).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from . import _namekeys as nk
from .errors import AmbiguousRegionError, InvalidInputError, NoPolygonError, UnknownRegionError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Historic and alternative names: (name, kind the query must name or None, KATO, vintages
# or None for all). Sources: decrees renaming Akmola -> Astana (1998), Astana -> Nur-Sultan
# (2019) -> Astana (2022); Chimkent oblast -> South Kazakhstan (1992) -> Turkistan oblast
# (2018); Semipalatinsk -> Semey (2007); Kapchagay -> Konaev (2022, the code 191000000 was
# Taldykorgan's in 2018); Leninsk -> Baikonur (1995); Alma-Ata -> Almaty (1993).
_ALIASES: list[tuple[str, str | None, str, tuple | None]] = [
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
    ("Aktyubinsk", None, "151000000", None), ("Актюбинск", None, "151000000", None),
    # renamed units met in legal acts: Leninogorsk -> Ridder (2002); Zyryanovsk district ->
    # Altai district (2019); Lebyazhye district -> Akkuly district (2019)
    ("Лениногорск", None, "632400000", None), ("Leninogorsk", None, "632400000", None),
    ("Зыряновский", "district", "634800000", None), ("Зыряновск", None, "634800000", None),
    ("Лебяжинский", "district", "555200000", None), ("Лебяженский", "district", "555200000", None),
    # spellings of the BNS population bulletin of 1 January 2023 (sheet 02)
    ("Лисаков", None, "392000000", None), ("Қарақия", None, "474200000", None),
]

_LEVEL_RANK = {1: 0, 2: 1}

# ISO 3166-2:KZ numeric codes of the current standard (ISO 3166 Online Browsing Platform, change of
# November 2022; as listed on https://it.wikipedia.org/wiki/ISO_3166-2:KZ and
# https://grokipedia.com/page/iso_3166_2kz): region -> code. They equal the region digits of KATO.
_ISO_NUMERIC = {
    "100000000": "KZ-10", "110000000": "KZ-11", "150000000": "KZ-15", "190000000": "KZ-19",
    "230000000": "KZ-23", "270000000": "KZ-27", "310000000": "KZ-31", "330000000": "KZ-33",
    "350000000": "KZ-35", "390000000": "KZ-39", "430000000": "KZ-43", "470000000": "KZ-47",
    "550000000": "KZ-55", "590000000": "KZ-59", "610000000": "KZ-61", "620000000": "KZ-62",
    "630000000": "KZ-63", "710000000": "KZ-71", "750000000": "KZ-75", "790000000": "KZ-79",
}


@dataclass(frozen=True)
class Match:
    """A resolved unit.

    Attributes
    ----------
    query : object
        What was looked up.
    kato : str
        9-digit KATO code of the unit.
    name_en, name_kk, name_ru : str
        Names in the matched vintage.
    level : int
        1 (oblast / city of republican significance) or 2 (district level).
    kind : str
        Kind of unit (see :mod:`kzregions.data`).
    oblast_kato, oblast_en : str
        The level-1 unit it belongs to.
    vintage : int
        The boundary vintage of this match (the newest one, when several matched).
    vintages : tuple of int
        Every vintage in which the query matched this code.
    matched_on : str
        ``kato``, ``pcode``, ``iso``, ``name``, ``historic name``, ``kazakh letters``
        (Kazakh-only letters typed as their Russian look-alikes), ``spelling``
        (romanisation variants: Abai/Abay, Qostanay/Kostanay), ``russian form`` or
        ``transliteration`` (consonant skeleton: Dzhambul/Zhambyl).
    """

    query: object
    kato: str
    name_en: str
    name_kk: str
    name_ru: str
    level: int
    kind: str
    oblast_kato: str
    oblast_en: str
    vintage: int
    vintages: tuple = field(default=())
    matched_on: str = "name"

    def __str__(self) -> str:
        return self.kato

    def label(self) -> str:
        where = "" if self.level == 1 else f", {self.oblast_en}"
        return f"{self.name_en} ({self.kind}{where}; KATO {self.kato}, {self.vintage})"


@dataclass(frozen=True)
class SettlementMatch:
    """A settlement, town or rural okrug of the KATO classifier (17 October 2022).

    Attributes
    ----------
    query : object
        What was looked up.
    kato : str
        9-digit KATO code of the entry.
    name, name_full : str
        Russian name without / with the classifier's abbreviation (``Абралы``, ``с.Абралы``).
    kind : str
        village, rural okrug, town, settlement, station, ... (see :func:`kzregions.gazetteer`).
    level : int
        3 (rural okrugs, towns) or 4 (settlements).
    district_kato, district_name, oblast_kato, oblast_name : str
        The district (or city administration) and the oblast it lies in, as in the classifier.
    district_has_polygon : bool
        Whether the district has a polygon in the boundary data (False for Sauran district).
    matched_on : str
        The tier that matched (``name``, ``spelling``, ``russian form``, ``close spelling``...).
    """

    query: object
    kato: str
    name: str
    name_full: str
    kind: str
    level: int
    district_kato: str
    district_name: str
    oblast_kato: str
    oblast_name: str
    district_has_polygon: bool
    matched_on: str = "name"

    def __str__(self) -> str:
        return self.kato

    def label(self) -> str:
        return f"{self.name_full} ({self.kind}, {self.district_name}, {self.oblast_name}; KATO {self.kato})"


# ----------------------------------------------------------------------------- the index
_KIND_FOR_MARKER = {
    "oblast": {"oblast"},
    "district": {"district", "city district"},
    "city": {"city of republican significance", "city of oblast significance"},
}
_DISTRICT_KINDS = _KIND_FOR_MARKER["district"]
_ALL_KINDS = set().union(*_KIND_FOR_MARKER.values())


def _genitive_forms(tokens: list[str]) -> set[str]:
    """Russian genitive of a name after a person: "Магжан Жумабаев" -> "магжанажумабаева"
    (every word) and "шалакына" (the last word only, "района Шал акына")."""
    if len(tokens) < 2 or not all(re.search("[а-я]", t) for t in tokens):
        return set()

    def gen(t: str) -> str:
        return t + "а" if re.search("[бвгджзклмнпрстфхцчшщ]$", t) else t

    return {"".join(gen(t) for t in tokens), "".join(tokens[:-1]) + gen(tokens[-1])}


class _Index:
    def __init__(self, units: list, renames: list):
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
        for i, u in enumerate(units):
            codes = [u.kato, u.pcode.upper()]
            if u.level == 1 and u.iso:
                codes.append(u.iso.upper())
            if u.level == 1 and u.kato in _ISO_NUMERIC:
                codes.append(_ISO_NUMERIC[u.kato])
            for code in codes:
                self.by_code.setdefault(code, []).append(i)
            for name in (u.name_en, u.name_kk, u.name_ru):
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
                stem = nk.ru_stem(k)
                if stem:
                    self.by_stem.setdefault(nk.latin(stem), []).append(i)
                for g in _genitive_forms(p.tokens):
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
        for name, kind, kato, vintages in list(_ALIASES) + renames:
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


def _renames() -> list:
    """The rename history (datasets/district_renames.csv) as aliases: old name -> unit."""
    import csv
    from importlib import resources

    out = []
    with resources.files("kzregions.datasets").joinpath("district_renames.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            kind = None if r["kind"] == "oblast" else r["kind"]
            out.append((r["old_name_ru"], kind, r["kato"], None))
    return out


@lru_cache(maxsize=4)
def _index_for(location: str) -> _Index:
    import pandas as pd

    from . import data

    # one record per unit and vintage, attributes named as in the layers
    cols = ["kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru", "level", "kind",
            "oblast_kato", "oblast_en", "vintage"]
    frame = pd.concat([gdf[cols] for v in data.VINTAGES for gdf in (data.oblasts(v), data.districts(v))],
                      ignore_index=True).rename(columns={"iso_3166_2": "iso"})
    units = list(frame.astype({"level": int, "vintage": int}).itertuples(index=False, name="Unit"))
    return _Index(units, _renames())


_LOCATIONS: dict = {}


def _index() -> _Index:
    import os

    from .settings import settings

    # keyed by where the data comes from, so a changed mirror or cache is not served stale;
    # the resolved paths are remembered per raw setting (resolving them costs 0.1 ms a call)
    env = os.environ
    raw = (settings.data_dir, settings.cache_dir, env.get("KZREGIONS_DATA_DIR"), env.get("KZREGIONS_CACHE_DIR"),
           env.get("XDG_CACHE_HOME"))
    loc = _LOCATIONS.get(raw)
    if loc is None:
        loc = _LOCATIONS[raw] = f"{settings.resolved_data_dir()}|{settings.resolved_cache_dir()}"
    return _index_for(loc)


# ----------------------------------------------------------------------------- codes
def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(isinstance(x, numbers.Real) and math.isnan(x)) or str(x) in ("<NA>", "NaT")
    except (TypeError, ValueError):
        return False


def _code_of(query) -> str | None:
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
        s = str(int(query))
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


# ----------------------------------------------------------------------------- resolving
def _want_settlement(level) -> bool:
    return isinstance(level, str) and level.strip().lower() in ("settlement", "settlements", "village",
                                                                 "rural okrug", "okrug")


def resolve(
    name,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast: str | None = None,
    *,
    district=None,
) -> Match | SettlementMatch:
    """Resolve a name or code of an administrative unit to its KATO code.

    Parameters
    ----------
    name : str or int
        A name in English, Kazakh (Cyrillic or Latin) or Russian (with or without "oblast",
        "район", "ауданы", "city", "обл.", "р-н", "г.а."...; romanisations, abbreviations,
        statistics-office forms and historic names accepted), a KATO code (9 digits, as
        text, int or integral float), a P-code or an ISO 3166-2 code (``KZ-AKM``, ``KZ-11``).
    level : {None, 1, 2, "oblast", "district", "settlement"}
        Restrict to one level. ``None``: both unit levels, level 1 preferred.
        ``"settlement"``: settlements, towns and rural okrugs of the KATO classifier of
        17 October 2022 (returns a :class:`SettlementMatch`).
    vintage : {None, 2018, 2024}
        Restrict to one boundary set. ``None``: both, the newest match preferred.
    oblast : str, optional
        The oblast (any accepted form) a district belongs to: settles names that repeat
        across oblasts, e.g. ``resolve("Abay", oblast="Karaganda")``. Implies level 2. An
        oblast name that is itself ambiguous (``"Almaty"``) is settled by the child. NaN
        counts as not given.
    district : str, optional
        With ``level="settlement"``: the district (name or KATO code) the settlement lies in.

    Returns
    -------
    Match or SettlementMatch
        The unit, with the vintage(s) it matched in and what it matched on.

    Raises
    ------
    UnknownRegionError
        Nothing matches; the message lists the closest names.
    NoPolygonError
        A district of the KATO classifier that has no polygon in the boundary data (Sauran).
    AmbiguousRegionError
        Several units match; the message lists them with their oblasts.

    Examples
    --------
    >>> kz.resolve("Qaraǵandy oblysy").kato
    '350000000'
    >>> kz.resolve("район им. Г.Мусрепова").kato
    '596600000'
    >>> kz.resolve("Абралы", level="settlement").district_name
    'Семей Г.А.'
    """
    return _resolve(name, level, vintage, oblast, district, _index())


def _resolve(name, level, vintage, oblast, district, idx: _Index) -> Match | SettlementMatch:
    if _want_settlement(level):
        return _resolve_settlement(name, vintage=vintage, oblast=oblast, district=district)
    from . import data

    lv = data.check_level(level) if level is not None else None
    v = data.check_vintage(vintage) if vintage is not None else None
    if _is_missing(oblast):
        oblast = None
    if oblast is None:
        return _resolve_in(name, lv, v, None, idx)
    lv = 2 if lv is None else lv
    parents = _parents(oblast, v, idx)
    if len(parents) == 1:
        return _resolve_in(name, lv, v, parents[0], idx)
    # an ambiguous parent ("Almaty": the city or the oblast) is settled by the child
    found, errors = {}, []
    for obl in parents:
        try:
            m = _resolve_in(name, lv, v, obl, idx)
            found[m.kato] = m
        except AmbiguousRegionError as e:
            for c in e.candidates:
                found[c.kato] = c
        except UnknownRegionError as e:
            errors.append(e)
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise UnknownRegionError(
            f"no administrative unit matches {name!r} in any unit {oblast!r} may stand for "
            f"({', '.join(parents)}): " + str(errors[0]), query=name,
            suggestions=errors[0].suggestions if errors else [])
    cands = list(found.values())
    raise AmbiguousRegionError(
        f"{name!r} with oblast={oblast!r} matches {len(cands)} units: "
        + "; ".join(c.label() for c in cands) + ". Pass the oblast as a KATO code or add 'city'/'oblast'.",
        query=name, candidates=cands)


def _parents(oblast, v, idx) -> list[str]:
    try:
        return [_resolve_in(oblast, 1, v, None, idx).kato]
    except AmbiguousRegionError as e:
        return list(dict.fromkeys(c.kato for c in e.candidates))
    except UnknownRegionError as e:
        raise UnknownRegionError(f"oblast={oblast!r}: {e}", query=oblast, suggestions=e.suggestions) from None


def _kinds(p: nk.Parsed) -> set | None:
    markers = p.markers & set(_KIND_FOR_MARKER)
    kinds = None
    for m in markers:
        kinds = (kinds or set()) | _KIND_FOR_MARKER[m]
    if "oblast" in markers and "city" in markers:
        kinds = _KIND_FOR_MARKER["city"]  # "city of oblast significance" talks of cities
    if not markers & {"district", "city"}:
        g = p.gender
        if g == "m" and not p.region_word:  # Костанайский (район), never the oblast
            kinds = (kinds or set(_ALL_KINDS)) - {"oblast"}
        elif g == "f" and not markers:
            kinds = set(_KIND_FOR_MARKER["oblast"])  # Костанайская (область)
    return kinds


def _resolve_in(name, lv, v, obl, idx: _Index) -> Match:
    if _is_missing(name):
        raise UnknownRegionError(f"missing name ({name!r}): the row has no name to resolve", query=name)
    if isinstance(name, str) and name.strip() == "":
        raise UnknownRegionError(f"cannot resolve an empty name ({name!r})", query=name)

    def keep(i: int, kinds: set | None = None) -> bool:
        u = idx.units[i]
        return ((lv is None or u.level == lv) and (v is None or u.vintage == v)
                and (obl is None or u.oblast_kato == obl) and (kinds is None or u.kind in kinds))

    code = _code_of(name)
    if code is not None:
        hits = [i for i in idx.by_code.get(code, []) if keep(i)]
        how = "kato" if code.isdigit() else ("iso" if "-" in code else "pcode")
        if hits:
            best = min(idx.units[i].level for i in hits)
            return _choose(name, idx, [i for i in hits if idx.units[i].level == best], how)
        if code.isdigit():
            raise UnknownRegionError(
                f"KATO code {code} is not a unit of {_scope(lv, v, obl)}. KATO codes of "
                "units are 9 digits ending in zeros at the unit's level, e.g. 430000000 "
                "(Kyzylorda oblast), 433200000 (Aral district)." + _code_hint(idx, code)
                + _kato_hint(code), query=name,
            )
        if code.startswith("KZ-") and code[3:].isdigit():
            raise UnknownRegionError(f"{name!r} is not an ISO 3166-2 code of {_scope(lv, v, obl)} "
                                     "(KZ-10 ... KZ-79 name the 20 regions of 2022)." + _code_hint(idx, code),
                                     query=name)

    p = nk.parse(name)
    try:
        return _lookup(name, p, idx, keep, lv, v, obl)
    except UnknownRegionError as outer:
        if not p.bracket:
            raise
        # "Алматинская область (Талды-Курганская область)": the name outside the brackets did
        # not resolve; the one inside may (historic names are often given so)
        try:
            m = _lookup(name, nk.parse(p.bracket), idx, keep, lv, v, obl)
        except UnknownRegionError:
            raise outer from None
        return Match(**{**m.__dict__, "matched_on": m.matched_on + " (in brackets)"})


def _lookup(name, p: nk.Parsed, idx: _Index, keep, lv, v, obl) -> Match:
    key = p.key
    if not key:
        if p.markers & {"okrug", "settlement"}:
            raise UnknownRegionError(f"{name!r} has no name in it", query=name)
        raise UnknownRegionError(f"{name!r} has no name in it, only words such as 'oblast' or 'district'",
                                 query=name)
    if p.markers & {"okrug", "settlement"} and not p.markers & {"oblast", "district"}:
        raise UnknownRegionError(
            f"{name!r} names a rural okrug or settlement (с.о., с., п., ауыл...), not an oblast or "
            f"district: use kz.resolve({str(name)!r}, level='settlement')", query=name)
    kinds = _kinds(p)
    markers = p.markers
    lat = nk.latin(key)
    stem = nk.ru_stem(key)
    lat_stem = nk.latin(stem) if stem else None

    def alias_ok(kind) -> bool:
        if kind is None or kind in markers:
            return True
        return kind == "district" and p.gender == "m"  # "Зыряновский" is a district by grammar

    tiers = [
        ("name", [i for i, _ in idx.by_key.get(key, [])]),
        ("historic name", [i for i, k in idx.alias.get(key, []) if alias_ok(k)]),
        ("kazakh letters", idx.by_kkfold.get(key.translate(nk.KK_TO_RU), [])),
    ]
    if not p.digits:  # a name with digits ("Taraz-2") matches only where the digits are too
        tiers += [
            ("spelling", idx.by_latin.get(lat, []) if len(lat) >= 3 else []),
            ("russian form", idx.by_stem.get(lat_stem, []) if stem else []),
            # a noun form (Kazakh) of a district whose Russian name is an adjective: Сарқан ->
            # Сарканский
            # (only with a word for district: a bare "Астрахань" is the Russian city)
            ("russian form", idx.by_stem.get(lat, []) if not stem and len(lat) >= 4 and "district" in markers
             else []),
            ("historic name", [i for i, k in idx.alias.get("stem:" + (lat_stem or ""), []) if alias_ok(k)]),
            ("russian form", idx.by_gen.get(key, [])),
            # an adjective made from a town's name ("Арысский (район)" for Arys, a level-2 town)
            ("russian form", [i for i in idx.by_latin.get(lat_stem, []) if idx.units[i].level == 2]
             if stem else []),
            # ... with the linking "-ин-" of Russian adjectives: Аккулинский for Аккулы
            ("russian form", [i for v in "aeiou" for i in idx.by_latin.get(lat_stem[:-2] + v, [])
                              if idx.units[i].level == 2]
             if stem and lat_stem.endswith("in") and len(lat_stem) >= 6 else []),
        ]
        if "city" in markers and re.search("[а-я]", key):
            # genitive of a city's name after "города" / "г.": Астаны, Шымкента, Павлодара
            forms = {key[:-1] + "а"} if key[-1] in "ыи" else {key[:-1]} if key[-1] in "аеу" else set()
            tiers.append(("russian form", [i for f in forms for i, _ in idx.by_key.get(f, [])]))
        if p.initials and len(p.tokens) == 1:
            tiers.append(("person name", idx.by_surname.get(lat, [])))
        if p.truncated and len(key) >= 5:
            tiers.append(("cut-off name", [i for k in idx.vocabulary if k.startswith(key) and len(k) > len(key)
                                            for i in [j for j, _ in idx.by_key.get(k, [])]]))
    # level first, then the most exact tier: a bare "Karaganda" is the oblast (found by
    # transliteration of "Karagandy") before it is the city (found by exact name)
    levels = [lv] if lv is not None else [1, 2]
    for level_try in levels:
        for how, hits in tiers:
            found = [i for i in hits if keep(i, kinds) and idx.units[i].level == level_try]
            if found:
                if how == "cut-off name" and len({idx.units[i].kato for i in found}) > 1:
                    continue  # a cut-off word that fits several units says nothing
                return _choose(name, idx, found, how)
        if not p.digits:
            m = _fuzzy(name, idx, [(lat, "name")] + ([(lat_stem, "stem")] if lat_stem else []),
                       lambda i, lt=level_try: keep(i, kinds) and idx.units[i].level == lt)
            if m is not None:
                return m
    _no_polygon(name, p, idx, lv, obl)
    raise _unknown(name, p, idx, keep, lv, v, obl)


def _fuzzy(name, idx: _Index, keys: list[tuple[str, str]], ok) -> Match | None:
    """The close-spelling tier: unique, close, by a clear margin (or ambiguous, listed)."""
    scored: dict[str, tuple[float, list[int]]] = {}
    for q, vocab in keys:
        # an adjective's ending corroborates its stem: "Аягузского" is more than "аягуз"
        extra = 1 if vocab == "stem" else 0
        if nk.allowed(len(q) + extra) == 0:
            continue  # too short for any close spelling to be accepted
        for d, c in idx.close(q, vocab):
            if d > nk.allowed(min(len(q), len(c)) + extra):
                continue
            for i in idx.lat_units.get(c, []):
                if ok(i):
                    k = idx.units[i].kato
                    if k not in scored or d < scored[k][0]:
                        scored[k] = (d, [i])
                    elif d == scored[k][0]:
                        scored[k][1].append(i)
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda t: t[1][0])
    best = ranked[0][1][0]
    tied = [k for k, (d, _) in ranked if d < best + 1.0]
    if len(tied) > 1:
        cands = [_match(name, idx, scored[k][1][0], "close spelling", scored[k][1]) for k in tied]
        raise AmbiguousRegionError(
            f"{name!r} is spelled close to {len(cands)} units and none by a clear margin: "
            + "; ".join(c.label() for c in cands) + ". Check the spelling or pass a KATO code.",
            query=name, candidates=cands)
    return _choose(name, idx, ranked[0][1][1], "close spelling")


def _no_polygon(name, p: nk.Parsed, idx: _Index, lv, obl) -> None:
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
            for k in _keys_of(key):
                found.setdefault(k, []).append(r)
        idx.kato_only = found
    rows = [r for k in _keys_of(p.key) for r in idx.kato_only.get(k, [])
            if obl is None or r["code"][:2] == obl[:2]]
    rows = list({r["code"]: r for r in rows}.values())
    if len(rows) == 1:
        r = rows[0]
        raise NoPolygonError(
            f"{name!r} is {r['name_full']} ({r['oblast_name']}; KATO {r['code']}) in the KATO "
            "classifier of 17.10.2022, but it has no polygon in the boundary data (geokz): it is "
            "newer than the boundaries. Join its figures to the unit it was split from, or keep them "
            "apart.", query=name, suggestions=[settlements.label(r)])


def _keys_of(key: str) -> set[str]:
    stem = nk.ru_stem(key)
    return {key, nk.latin(key)} | ({"stem:" + nk.latin(stem)} if stem else set())


def _unknown(name, p: nk.Parsed, idx: _Index, keep, lv, v, obl) -> UnknownRegionError:
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
        f"no administrative unit matches {name!r} ({_scope(lv, v, obl)}){digits}{hint}. Check the "
        "spelling, or pass a KATO code; kz.oblasts() and kz.districts() list the units.",
        query=name, suggestions=labels[:6],
    )


def _kato_hint(code: str) -> str:
    from . import settlements

    r = settlements.entry(code)
    if r is None:
        return ""
    if r["level"] >= 3:
        return (f" It is {settlements.label(r)} in the KATO classifier: use "
                f"kz.resolve({code!r}, level='settlement').")
    return f" It is {r['name_full']} in the KATO classifier of 17.10.2022, which has no polygon in the boundary data."


def _scope(lv, v, obl) -> str:
    parts = [f"level {lv}" if lv else "any level", f"vintage {v}" if v else "any vintage"]
    if obl:
        parts.append(f"oblast {obl}")
    return ", ".join(parts)


def _code_hint(idx: _Index, code: str) -> str:
    elsewhere = idx.by_code.get(code, [])
    if elsewhere:
        u = idx.units[elsewhere[0]]
        return f" It is {u.name_en} ({u.kind}, level {u.level}, vintage {u.vintage}): loosen the filters."
    return ""


def _choose(query, idx: _Index, hits: list[int], how: str) -> Match:
    hits = list(dict.fromkeys(hits))
    by_vintage: dict[int, list[int]] = {}
    for i in hits:
        by_vintage.setdefault(idx.units[i].vintage, []).append(i)
    newest = max(by_vintage)
    chosen = by_vintage[newest]
    katos = list(dict.fromkeys(idx.units[i].kato for i in chosen))
    if len(katos) > 1:
        cands = [_match(query, idx, i, how, hits) for i in chosen]
        lines = "; ".join(c.label() for c in cands)
        if all(c.level == 1 for c in cands):
            fix = " Add 'city' or 'oblast' to the name, or pass a KATO code"
        elif len({c.oblast_kato for c in cands}) == 1:
            fix = " Add 'city' or 'district' to the name, or pass a KATO code"
        else:
            fix = (f" Pass oblast= to choose, e.g. kz.resolve({str(query)!r}, "
                   f"oblast={cands[0].oblast_en!r})")
        raise AmbiguousRegionError(
            f"{query!r} matches {len(katos)} units: {lines}.{fix}.", query=query, candidates=cands
        )
    i = chosen[0]
    return _match(query, idx, i, how, hits)


def _match(query, idx: _Index, i: int, how: str, hits: list[int]) -> Match:
    u = idx.units[i]
    vintages = tuple(sorted({idx.units[j].vintage for j in hits if idx.units[j].kato == u.kato}))
    return Match(query, u.kato, u.name_en, u.name_kk, u.name_ru, u.level, u.kind, u.oblast_kato,
                 u.oblast_en, u.vintage, vintages, how)


# ----------------------------------------------------------------------------- settlements
def _resolve_settlement(name, *, vintage=None, oblast=None, district=None) -> SettlementMatch:
    from . import settlements

    if _is_missing(name):
        raise UnknownRegionError(f"missing name ({name!r}): the row has no name to resolve", query=name)
    if isinstance(name, str) and name.strip() == "":
        raise UnknownRegionError(f"cannot resolve an empty name ({name!r})", query=name)
    idx = _index()
    code = _code_of(name)
    if code is not None and code.isdigit():
        hit = settlements.entry(code)
        if hit is None or hit["level"] < 3:
            raise UnknownRegionError(f"KATO code {code} is not a settlement, town or rural okrug of the KATO "
                                     "classifier of 17.10.2022 (levels 3-4)", query=name)
        return _settlement_match(name, hit, "kato", idx)
    obl = None if _is_missing(oblast) else _parents(oblast, None, idx)
    dist = None
    if not _is_missing(district):
        dcode = _code_of(district)
        if dcode is not None and dcode.isdigit():
            dist = dcode
        else:
            try:
                dist = resolve(district, level=2, oblast=obl[0] if obl and len(obl) == 1 else None).kato
            except NoPolygonError as e:  # Sauran: known to KATO, no polygon
                dist = re.search(r"KATO (\d{9})", str(e)).group(1)
    p = nk.parse(name)
    rows: list[dict] = []
    how = ""
    for o in (obl or [None]):
        h, r = settlements.search(p, levels=(3, 4), oblast_code=o, district_code=dist)
        rows += r
        how = how or h
    rows = list({r["code"]: r for r in rows}.values())
    if len(rows) == 1:
        return _settlement_match(name, rows[0], how, idx)
    scope = ", ".join(x for x in (f"oblast {obl}" if obl else "", f"district {dist}" if dist else "") if x) \
        or "the whole country"
    if rows:
        cands = [_settlement_match(name, r, how, idx) for r in rows]
        shown = "; ".join(c.label() for c in cands[:10]) + (f"; ... {len(cands) - 10} more" if len(cands) > 10 else "")
        raise AmbiguousRegionError(
            f"{name!r} matches {len(cands)} entries of the KATO classifier in {scope}: {shown}. Pass "
            "oblast= or district= (or the kind: с.о. / с. / г.) to choose.", query=name, candidates=cands)
    close = settlements.suggest(p, levels=(3, 4), oblast_code=obl[0] if obl and len(obl) == 1 else None,
                                district_code=dist)
    labels = [settlements.label(r) for r in close]
    hint = "; closest: " + "; ".join(labels) if labels else ""
    raise UnknownRegionError(f"no settlement, town or rural okrug of the KATO classifier (17.10.2022) "
                             f"matches {name!r} in {scope}{hint}", query=name, suggestions=labels)


def _settlement_match(query, r: dict, how: str, idx: _Index) -> SettlementMatch:
    return SettlementMatch(query, r["code"], r["name"], r["name_full"], r["kind"], int(r["level"]),
                           r["district_code"], r["district_name"], r["oblast_code"], r["oblast_name"],
                           r["district_code"] in idx.by_code, how or "name")


# ----------------------------------------------------------------------------- many at once
class Resolution:
    """The outcome of :func:`resolve_many`: one row per input value, nothing dropped.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``query``, ``kato`` (missing where unresolved), ``name_en``, ``level``,
        ``oblast_en``, ``vintage``, ``matched_on``, ``status`` (``ok``, ``ambiguous``,
        ``unknown``, ``no polygon``), ``detail`` (the error message for unresolved rows);
        same index as the input. With ``level="settlement"``: ``query``, ``kato``,
        ``name_ru``, ``kind``, ``level``, ``district_kato``, ``district_ru``,
        ``oblast_kato``, ``oblast_ru``, ``matched_on``, ``status``, ``detail``.
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table

    @property
    def kato(self) -> pd.Series:
        """KATO codes aligned with the input (``None`` where unresolved)."""
        return self.table["kato"]

    @property
    def unresolved(self) -> pd.DataFrame:
        """The rows that could not be resolved, with the reason and the candidates."""
        return self.table[self.table["status"] != "ok"]

    @property
    def ok(self) -> bool:
        return bool((self.table["status"] == "ok").all())

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        n, bad = len(self.table), self.unresolved
        head = f"Resolution: {n - len(bad)} of {n} values resolved"
        if bad.empty:
            return head
        counts = bad["status"].value_counts().to_dict()
        lines = [f"{head}; {len(bad)} unresolved ({', '.join(f'{v} {k}' for k, v in counts.items())}):"]
        for q, st, d in bad[["query", "status", "detail"]].head(10).itertuples(index=False):
            lines.append(f"  {q!r}: {st}: {d[:160]}")
        if len(bad) > 10:
            lines.append(f"  ... {len(bad) - 10} more in .unresolved")
        return "\n".join(lines)


_UNIT_COLS = ["kato", "name_en", "level", "oblast_en", "vintage", "matched_on", "status", "detail"]
_SETTLEMENT_COLS = ["kato", "name_ru", "kind", "level", "district_kato", "district_ru", "oblast_kato",
                    "oblast_ru", "matched_on", "status", "detail"]


def _one(q, o, level, vintage, district, settlement: bool, idx: _Index) -> tuple:
    n = len(_SETTLEMENT_COLS if settlement else _UNIT_COLS) - 2
    try:
        m = _resolve(q, level, vintage, o, district, idx)
    except AmbiguousRegionError as e:
        return (None,) * n + ("ambiguous", str(e))
    except NoPolygonError as e:
        return (None,) * n + ("no polygon", str(e))
    except UnknownRegionError as e:
        return (None,) * n + ("unknown", str(e))
    if settlement:
        return (m.kato, m.name, m.kind, m.level, m.district_kato, m.district_name, m.oblast_kato,
                m.oblast_name, m.matched_on, "ok", "")
    return (m.kato, m.name_en, m.level, m.oblast_en, m.vintage, m.matched_on, "ok", "")


def resolve_many(
    values: Iterable,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast=None,
    *,
    district=None,
) -> Resolution:
    """Resolve a whole column of names or codes; report, never drop, what does not resolve.

    Each distinct value (with its oblast) is resolved once and the result mapped back to
    every row, so a column of a million rows with a few hundred distinct names takes well
    under a microsecond per row.

    Parameters
    ----------
    values : pandas.Series, list or other iterable of names or codes; or one str
        Names or codes, as for :func:`resolve`. A Series keeps its index. A single string is
        one name. A DataFrame is refused: pass one of its columns.
    level, vintage : see :func:`resolve` (``level="settlement"`` for villages and okrugs).
    oblast : str or iterable, optional
        One oblast for all values, or one per value (e.g. a column of oblast names that
        settles repeated district names). Missing (NaN) entries count as not given.
    district : str, optional
        With ``level="settlement"``: one district for all values.

    Returns
    -------
    Resolution
        ``.table`` has one row per input value; ``.unresolved`` lists the ambiguous,
        unknown and no-polygon ones with the reason and candidates; ``.kato`` is the aligned
        code column.

    Raises
    ------
    InvalidInputError
        ``values`` is a DataFrame (or another 2-D table) or not iterable.

    Examples
    --------
    >>> kz.resolve_many(df["district"], level=2, oblast=df["oblast"]).kato
    """
    import numpy as np
    import pandas as pd

    if isinstance(values, pd.DataFrame) or (hasattr(values, "ndim") and getattr(values, "ndim", 1) > 1):
        cols = list(values.columns) if isinstance(values, pd.DataFrame) else []
        raise InvalidInputError(
            "resolve_many takes one column of names, not a whole table"
            + (f" (columns: {cols[:10]})" if cols else "") + ": pass a column, e.g. "
            "kz.resolve_many(df['district']).")
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        if isinstance(values, (dict,)) or not (isinstance(values, (str, bytes)) or np.isscalar(values)):
            raise InvalidInputError(f"resolve_many takes a column of names; got {type(values).__name__}")
        values = [values]
    if isinstance(values, dict):
        raise InvalidInputError("resolve_many takes a column of names, not a dict: pass list(d.values()) "
                                "or a Series")
    settlement = _want_settlement(level)
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    n = len(s)
    if oblast is None or isinstance(oblast, str) or np.isscalar(oblast):
        obl_values = [oblast]
        ocodes = np.zeros(n, dtype=np.int64)
    else:
        obl = list(oblast)
        if len(obl) != n:
            raise ValueError(f"oblast has {len(obl)} values for {n} names")
        ocodes, ouniq = pd.factorize(pd.Series(obl, dtype=object), use_na_sentinel=True)
        obl_values = list(ouniq) + [None]  # the sentinel -1 picks the last: no oblast
        ocodes = np.where(ocodes < 0, len(ouniq), ocodes)
    vcodes, vuniq = pd.factorize(pd.Series(s.to_numpy(), dtype=object), use_na_sentinel=True)
    vuniq = list(vuniq) + [None]  # missing names share one slot
    vcodes = np.where(vcodes < 0, len(vuniq) - 1, vcodes)
    pair = vcodes.astype(np.int64) * (len(obl_values) + 1) + ocodes
    pcodes, puniq = pd.factorize(pair)
    idx = _index()
    results = []
    for pc in puniq:
        vi, oi = divmod(int(pc), len(obl_values) + 1)
        q = vuniq[vi]
        results.append(_one(q, obl_values[oi], level, vintage, district, settlement, idx))
    cols = _SETTLEMENT_COLS if settlement else _UNIT_COLS
    data = {"query": s.to_numpy(dtype=object)}
    for j, c in enumerate(cols):
        col = np.empty(len(results), dtype=object)
        col[:] = [r[j] for r in results]
        data[c] = col[pcodes] if n else col[:0]
    return Resolution(pd.DataFrame(data, index=s.index, columns=["query", *cols]))
