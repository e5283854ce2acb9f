"""Resolve names and codes of Kazakhstan's administrative units to KATO codes.

A query is tried against every unit of both boundary vintages (2018, 2024) and both
levels, in tiers from the most to the least exact; the first tier that yields a match
wins:

1. codes: 9-digit KATO (string or int), P-code (``KZ11``, ``KZ113200``), ISO 3166-2
   (``KZ-AKM``; level 1 only);
2. names in English, Kazakh or Russian (geokz spelling), and historic names
   (``Nur-Sultan``, ``Tselinograd`` -> Astana, ``South Kazakhstan`` -> Turkistan oblast,
   ``Semipalatinsk`` -> Semey, ...), compared after case folding, dropping punctuation and
   the words for oblast / district / city in the three languages;
3. Russian adjectival and genitive forms (``Кызылординской`` -> ``Кызылординская``,
   ``Аральского`` -> ``Аральский``);
4. transliteration variants, compared on a consonant skeleton after folding
   ``j/dzh -> zh``, ``q -> k``, ``gh -> g``, ``ch -> sh``, ``kh -> h``
   (``Jambyl``/``Zhambyl``/``Dzhambul``, ``Qaraghandy``, ``Chimkent``, ``Челкарский``).

Words in the query narrow the kind: ``oblast``/``облысы``/``область``/``region`` only
oblasts; ``district``/``ауданы``/``район`` only districts; ``city``/``қаласы``/``город``/
``г.`` only cities. With ``level=None`` a level-1 match beats a level-2 match
("Kyzylorda" is the oblast; "Kyzylorda city" is the city). With ``vintage=None`` the
newest vintage that matches wins and every vintage that matched is reported.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ._schema import VINTAGES, check_level, check_vintage
from .errors import AmbiguousRegionError, UnknownRegionError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# words that say what kind of unit is meant; removed from the name before comparing
_REGION_WORDS = {"oblast", "oblasts", "oblysy", "oblys", "region", "province", "obl",
                 "область", "облысы", "облыс", "обл", "области", "області"}
_DISTRICT_WORDS = {"district", "rayon", "raion", "audany", "audan", "район", "ауданы", "аудан",
                   "района"}
_CITY_WORDS = {"city", "town", "qala", "kala", "qalasy", "kalasy", "город", "гор", "қала",
               "қаласы", "republican", "significance", "administration",
               "республиканского", "значения", "областного", "городская", "администрация"}
_DROP_WORDS = {"the", "of"}

# Latin letters that look like Cyrillic ones, met inside Cyrillic names in the wild
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")

_TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Kazakh-only letters to the Russian letters people type for them (Ақкөл -> Аккол)
_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноууhи".replace("h", "х"))
_RU_ADJ_ENDINGS = ("ского", "ской", "ская", "ский", "ское", "скую", "ском", "ских",
                   "ного", "ной", "ная", "ный", "ное", "ую", "ого", "его", "ий", "ая", "ой", "ое", "ый")

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
    # geokz's Russian spellings, fixed on load (_boundaries._NAME_FIXES): tables copied from it still join
    ("Чимкент", None, "790000000", None), ("Енбекшинскийский", "district", "791510000", None),
    ("Каратаускийский", "district", "791710000", None),
]

_LEVEL_RANK = {1: 0, 2: 1}


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


# ----------------------------------------------------------------------------- normalising
def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKC", str(text)).strip().casefold().replace("ё", "е")
    # Latin look-alikes typed inside a Cyrillic word (Aршалинский, Солтүстiк) become
    # Cyrillic; words wholly in Latin ("city", "oblast") are left alone
    return re.sub(r"\w+", _fix_mixed_word, s)


def _fix_mixed_word(m: re.Match) -> str:
    w = m.group(0)
    if re.search("[а-яәғқңөұүһі]", w) and re.search("[a-z]", w):
        w = w.translate(_LOOKALIKE).replace("i", "і")
    return w


def _tokens(text: str) -> tuple[list[str], set[str]]:
    """Split a folded name into name tokens and the kind markers it carries."""
    s = _fold(text)
    # abbreviations whose letters would otherwise survive as name tokens: г.а. / қ.ә.
    # (city administration), г. (city), р-н (district), обл. (oblast)
    s = re.sub(r"(?<![\w])(г|қ)\s*\.\s*(а|ә)\b\.?", " city ", s)
    s = re.sub(r"(?<![\w])г\.\s*", " city ", s)
    s = re.sub(r"(?<![\w])р-н\b\.?", " district ", s)
    markers: set[str] = set()
    s = re.sub(r"[()\[\]«»\"'’`.,;:/\\]", " ", s)
    s = re.sub(r"[-‐–—_]", " ", s)
    out = []
    for tok in s.split():
        if tok in _REGION_WORDS:
            markers.add("oblast")
        elif tok in _DISTRICT_WORDS:
            markers.add("district")
        elif tok in _CITY_WORDS:
            markers.add("city")
        elif tok in _DROP_WORDS:
            continue
        else:
            out.append(tok)
    return out, markers


def _key(text: str) -> tuple[str, set[str]]:
    toks, markers = _tokens(text)
    return "".join(toks), markers


def _ru_stem(key: str) -> str | None:
    if not re.search("[а-я]", key):
        return None
    for end in _RU_ADJ_ENDINGS:
        if key.endswith(end) and len(key) - len(end) >= 3:
            return key[: -len(end)]
    return None


def _latin(key: str) -> str:
    """Transliterate to Latin and fold the usual romanisation variants, vowels kept."""
    s = "".join(_TRANSLIT.get(ch, ch) for ch in key)
    s = re.sub("[^a-z]", "", s)
    for a, b in (("dzh", "zh"), ("dj", "zh"), ("j", "zh"), ("gh", "g"), ("kh", "h"), ("ch", "sh"),
                 ("q", "k"), ("x", "h"), ("w", "u"), ("ts", "c"), ("tc", "c"), ("y", "i")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def _skeleton(key: str) -> str:
    s = _latin(key)
    if not s:
        return ""
    head, tail = s[0], re.sub("[aeiouy]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", head + tail)


# ----------------------------------------------------------------------------- the index
class _Index:
    def __init__(self, units: list):
        self.units = units
        self.by_code: dict[str, list[int]] = {}
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        self.by_stem: dict[str, list[int]] = {}
        self.by_kkfold: dict[str, list[int]] = {}
        self.by_latin: dict[str, list[int]] = {}
        self.by_skel: dict[str, list[int]] = {}
        self.alias: dict[str, list[tuple[int, str | None]]] = {}
        for i, u in enumerate(units):
            for code in (u.kato, u.pcode.upper()) + ((u.iso.upper(),) if u.level == 1 and u.iso else ()):
                self.by_code.setdefault(code, []).append(i)
            for name in (u.name_en, u.name_kk, u.name_ru):
                if not name:
                    continue
                k, _ = _key(name)
                if not k:
                    continue
                self.by_key.setdefault(k, []).append((i, name))
                self.by_kkfold.setdefault(k.translate(_KK_TO_RU), []).append(i)
                self.by_latin.setdefault(_latin(k), []).append(i)
                stem = _ru_stem(k)
                if stem:
                    self.by_stem.setdefault(stem, []).append(i)
                self.by_skel.setdefault(_skeleton(stem or k), []).append(i)
        by_kato: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            by_kato.setdefault(u.kato, []).append(i)
        for name, kind, kato, vintages in _ALIASES:
            k, _ = _key(name)
            for i in by_kato.get(kato, []):
                if vintages and units[i].vintage not in vintages:
                    continue
                self.alias.setdefault(k, []).append((i, kind))
                stem = _ru_stem(k)
                if stem:  # "Зыряновского района" (genitive, as in legal acts)
                    self.by_stem.setdefault(stem, []).append(i)
                if kind is None:  # a restricted alias must not match loosely without its word
                    self.by_skel.setdefault(_skeleton(k), []).append(i)
        self.vocabulary = sorted(set(self.by_key) | set(self.alias))


@lru_cache(maxsize=4)
def _index_for(location: str) -> _Index:
    import pandas as pd

    from . import _boundaries

    # one record per unit and vintage, attributes named as in the layers
    cols = ["kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru", "level", "kind",
            "oblast_kato", "oblast_en", "vintage"]
    frame = pd.concat([_boundaries.layer(lv, v)[cols] for v in VINTAGES for lv in (1, 2)],
                      ignore_index=True).rename(columns={"iso_3166_2": "iso"})
    units = list(frame.astype({"level": int, "vintage": int}).itertuples(index=False, name="Unit"))
    return _Index(units)


def _index() -> _Index:
    from .settings import settings

    # keyed by where the data comes from, so a changed mirror or cache is not served stale
    return _index_for(f"{settings.resolved_data_dir()}|{settings.resolved_cache_dir()}")


# ----------------------------------------------------------------------------- resolving
_KIND_FOR_MARKER = {
    "oblast": {"oblast"},
    "district": {"district", "city district"},
    "city": {"city of republican significance", "city of oblast significance"},
}


def _code_of(query) -> str | None:
    if isinstance(query, (int,)) and not isinstance(query, bool):
        s = str(query)
    else:
        s = str(query).strip().upper().replace(" ", "")
    if re.fullmatch(r"\d{9}", s):
        return s
    if re.fullmatch(r"KZ\d{2}(\d{4})?", s) or re.fullmatch(r"KZ-[A-Z]{3}", s):
        return s
    return None


def resolve(
    name,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast: str | None = None,
) -> Match:
    """Resolve a name or code of an administrative unit to its KATO code.

    Parameters
    ----------
    name : str or int
        A name in English, Kazakh or Russian (with or without "oblast", "район", "ауданы",
        "city", ...; transliteration variants and historic names accepted), a 9-digit KATO
        code, a P-code or an ISO 3166-2 code.
    level : {None, 1, 2, "oblast", "district"}
        Restrict to one level. ``None``: both, level 1 preferred.
    vintage : {None, 2018, 2024}
        Restrict to one boundary set. ``None``: both, the newest match preferred.
    oblast : str, optional
        The oblast (any accepted form) a district belongs to: settles names that repeat
        across oblasts, e.g. ``resolve("Abay", oblast="Karaganda")``. Implies level 2.

    Returns
    -------
    Match
        The unit, with the vintage(s) it matched in and what it matched on.

    Raises
    ------
    UnknownRegionError
        Nothing matches; the message lists the closest names.
    AmbiguousRegionError
        Several units match; the message lists them with their oblasts.
    """
    idx = _index()
    lv = check_level(level) if level is not None else None
    v = check_vintage(vintage) if vintage is not None else None
    obl = None
    if oblast is not None:
        obl = resolve(oblast, level=1, vintage=v).oblast_kato
        lv = 2 if lv is None else lv
    if name is None or (isinstance(name, float) and name != name) or str(name).strip() == "":
        raise UnknownRegionError(f"cannot resolve an empty name ({name!r})", query=name)

    def keep(i: int, kinds: set[str] | None = None) -> bool:
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
                "(Kyzylorda oblast), 433200000 (Aral district)." + _code_hint(idx, code),
                query=name,
            )

    key, markers = _key(name)
    kinds = None
    for m in markers:
        kinds = (kinds or set()) | _KIND_FOR_MARKER[m]
    if "oblast" in markers and "city" in markers:
        kinds = _KIND_FOR_MARKER["city"]  # "city of oblast significance" talks of cities
    if not key:
        raise UnknownRegionError(f"{name!r} has no name in it, only words such as 'oblast' or 'district'",
                                 query=name)

    stem = _ru_stem(key)
    skel = _skeleton(stem or key)
    tiers = [
        ("name", [i for i, _ in idx.by_key.get(key, [])]),
        ("historic name", [i for i, k in idx.alias.get(key, []) if k is None or k in markers]),
        ("kazakh letters", idx.by_kkfold.get(key.translate(_KK_TO_RU), [])),
        ("spelling", idx.by_latin.get(_latin(key), []) if len(_latin(key)) >= 3 else []),
        ("russian form", idx.by_stem.get(stem, []) if stem else []),
        ("transliteration", idx.by_skel.get(skel, []) if len(skel) >= 3 else []),
    ]
    # level first, then the most exact tier: a bare "Karaganda" is the oblast (found by
    # transliteration of "Karagandy") before it is the city (found by exact name)
    for level_try in ([lv] if lv is not None else [1, 2]):
        for how, hits in tiers:
            found = [i for i in hits if keep(i, kinds) and idx.units[i].level == level_try]
            if found:
                return _choose(name, idx, found, how)
    raise _unknown(name, key, idx, keep, lv, v, obl)


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


def _unknown(name, key, idx: _Index, keep, lv, v, obl) -> UnknownRegionError:
    close = difflib.get_close_matches(key, idx.vocabulary, n=12, cutoff=0.6)
    labels: list[str] = []
    for k in close:
        for i in [i for i, _ in idx.by_key.get(k, [])] + [i for i, _ in idx.alias.get(k, [])]:
            if keep(i):
                u = idx.units[i]
                lab = f"{u.name_en} ({u.kind}, {u.oblast_en}, KATO {u.kato})" if u.level == 2 else \
                    f"{u.name_en} ({u.kind}, KATO {u.kato})"
                if lab not in labels:
                    labels.append(lab)
    hint = "; closest: " + "; ".join(labels[:6]) if labels else ""
    return UnknownRegionError(
        f"no administrative unit matches {name!r} ({_scope(lv, v, obl)}){hint}. Check the spelling, "
        "or pass a KATO code; kz.oblasts() and kz.districts() list the units.",
        query=name, suggestions=labels[:6],
    )


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


# ----------------------------------------------------------------------------- many at once
class Resolution:
    """The outcome of :func:`resolve_many`: one row per input value, nothing dropped.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``query``, ``kato`` (missing where unresolved), ``name_en``, ``level``,
        ``oblast_en``, ``vintage``, ``matched_on``, ``status`` (``ok``, ``ambiguous``,
        ``unknown``), ``detail`` (the error message for unresolved rows); same index as the input.
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


def resolve_many(
    values: Iterable,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast=None,
) -> Resolution:
    """Resolve a whole column of names or codes; report, never drop, what does not resolve.

    Parameters
    ----------
    values : iterable or pandas.Series
        Names or codes, as for :func:`resolve`. A Series keeps its index.
    level, vintage : see :func:`resolve`.
    oblast : str or iterable, optional
        One oblast for all values, or one per value (e.g. a column of oblast names that
        settles repeated district names).

    Returns
    -------
    Resolution
        ``.table`` has one row per input value; ``.unresolved`` lists the ambiguous and
        unknown ones with the reason and candidates; ``.kato`` is the aligned code column.
    """
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if oblast is None or isinstance(oblast, str):
        obl = pd.Series([oblast] * len(s), index=s.index, dtype=object)
    else:
        obl = list(oblast)
        if len(obl) != len(s):
            raise ValueError(f"oblast has {len(obl)} values for {len(s)} names")
        obl = pd.Series(obl, index=s.index, dtype=object)
    memo: dict = {}
    rows = []
    for q, o in zip(s.tolist(), obl.tolist()):
        k = (q if not isinstance(q, float) or q == q else "<NaN>", o)
        if k not in memo:
            try:
                m = resolve(q, level=level, vintage=vintage, oblast=o)
                memo[k] = (m.kato, m.name_en, m.level, m.oblast_en, m.vintage, m.matched_on, "ok", "")
            except AmbiguousRegionError as e:
                memo[k] = (None, None, None, None, None, None, "ambiguous", str(e))
            except UnknownRegionError as e:
                memo[k] = (None, None, None, None, None, None, "unknown", str(e))
        rows.append((q, *memo[k]))
    table = pd.DataFrame(
        rows, index=s.index,
        columns=["query", "kato", "name_en", "level", "oblast_en", "vintage", "matched_on", "status", "detail"],
    )
    return Resolution(table)
