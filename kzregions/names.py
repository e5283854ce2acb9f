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

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import _namekeys as nk
from ._nameindex import (
    NameIndex,
    code_hint,
    code_of,
    is_missing,
    kato_hint,
    kinds_of,
    layers_for_query,
    name_index,
    no_polygon,
    scope_of,
    unknown_error,
    want_settlement,
)
from ._schema import VINTAGES, check_level, check_vintage
from ._validate import MAX_NAME, check_text, keywords_after
from .errors import (
    AmbiguousRegionError,
    InvalidArgumentError,
    InvalidInputError,
    NoPolygonError,
    UnknownRegionError,
)
from .matches import Match, SettlementMatch

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# ----------------------------------------------------------------------------- resolving


@keywords_after(1)
def resolve(
    name,
    *,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast: str | None = None,
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
    >>> import kzregions as kz
    >>> kz.resolve("Qaraǵandy oblysy").kato
    '350000000'
    >>> kz.resolve("район им. Г.Мусрепова").kato
    '596600000'
    >>> kz.resolve("Абралы", level="settlement").district_name
    'Семей Г.А.'
    """
    _check_district(level, district)
    levels, vintages = layers_for_query(level, vintage, oblast)
    if (levels, vintages) == ((1, 2), tuple(VINTAGES)):
        return _resolve(name, level, vintage, oblast, district, name_index())
    try:
        return _resolve(name, level, vintage, oblast, district, name_index(levels, vintages))
    except UnknownRegionError:
        # asked again of every unit, for the message only: "exists at another level", the
        # closest names of the other vintage... (the filters still apply)
        return _resolve(name, level, vintage, oblast, district, name_index())


def _check_district(level, district) -> None:
    if district is not None and not want_settlement(level):  # never ignored silently
        raise InvalidArgumentError(f"district={district!r:.60}: district= narrows level='settlement' lookups; "
                                   "drop it, or pass level='settlement'", argument="district", value=district)


def _resolve(name, level, vintage, oblast, district, idx: NameIndex) -> Match | SettlementMatch:
    if isinstance(name, str):  # bounded work: a runaway cell is refused before any matching
        check_text("name", name, MAX_NAME)
    if want_settlement(level):
        return _resolve_settlement(name, vintage=vintage, oblast=oblast, district=district)
    lv = check_level(level) if level is not None else None
    v = check_vintage(vintage) if vintage is not None else None
    if is_missing(oblast):
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


def _resolve_in(name, lv, v, obl, idx: NameIndex) -> Match:
    if is_missing(name):
        raise UnknownRegionError(f"missing name ({name!r}): the row has no name to resolve", query=name)
    if isinstance(name, str) and name.strip() == "":
        raise UnknownRegionError(f"cannot resolve an empty name ({name!r})", query=name)

    def keep(i: int, kinds: set | None = None) -> bool:
        u = idx.units[i]
        return ((lv is None or u.level == lv) and (v is None or u.vintage == v)
                and (obl is None or u.oblast_kato == obl) and (kinds is None or u.kind in kinds))

    code = code_of(name)
    if code is not None:
        hits = [i for i in idx.by_code.get(code, []) if keep(i)]
        how = "kato" if code.isdigit() else ("iso" if "-" in code else "pcode")
        if hits:
            best = min(idx.units[i].level for i in hits)
            return _choose(name, idx, [i for i in hits if idx.units[i].level == best], how)
        if code.isdigit():
            raise UnknownRegionError(
                f"KATO code {code} is not a unit of {scope_of(lv, v, obl)}. KATO codes of "
                "units are 9 digits ending in zeros at the unit's level, e.g. 430000000 "
                "(Kyzylorda oblast), 433200000 (Aral district)." + code_hint(idx, code)
                + kato_hint(code), query=name,
            )
        if code.startswith("KZ-") and code[3:].isdigit():
            raise UnknownRegionError(f"{name!r} is not an ISO 3166-2 code of {scope_of(lv, v, obl)} "
                                     "(KZ-10 ... KZ-79 name the 20 regions of 2022)." + code_hint(idx, code),
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


def _lookup(name, p: nk.Parsed, idx: NameIndex, keep, lv, v, obl) -> Match:
    """The name tiers of the module docstring, level by level: the first tier that matches wins."""
    _check_has_name(name, p)
    kinds = kinds_of(p)
    tiers = _name_tiers(p, idx)
    lat = nk.latin(p.key)
    lat_stem = nk.latin(nk.ru_stem(p.key) or "")
    # level first, then the most exact tier: a bare "Karaganda" is the oblast (found by
    # transliteration of "Karagandy") before it is the city (found by exact name)
    for level_try in ([lv] if lv is not None else [1, 2]):
        for how, hits in tiers:
            found = [i for i in hits if keep(i, kinds) and idx.units[i].level == level_try]
            if not found or (how == "cut-off name" and len({idx.units[i].kato for i in found}) > 1):
                continue  # (a cut-off word that fits several units says nothing)
            if lv is None and level_try == 1 and how == "name":
                _check_not_shared(name, idx, found, [i for i in hits if keep(i, kinds) and idx.units[i].level == 2])
            return _choose(name, idx, found, how)
        if not p.digits:
            m = _fuzzy(name, idx, [(lat, "name")] + ([(lat_stem, "stem")] if lat_stem else []),
                       lambda i, lt=level_try: keep(i, kinds) and idx.units[i].level == lt)
            if m is not None:
                return m
    no_polygon(name, p, idx, lv, obl)
    raise unknown_error(name, p, idx, keep, lv, v, obl)


def _check_has_name(name, p: nk.Parsed) -> None:
    """A query of nothing but kind words, or one naming a settlement, is not a unit's name."""
    if not p.key:
        if p.markers & {"okrug", "settlement"}:
            raise UnknownRegionError(f"{name!r} has no name in it", query=name)
        raise UnknownRegionError(f"{name!r} has no name in it, only words such as 'oblast' or 'district'",
                                 query=name)
    if p.markers & {"okrug", "settlement"} and not p.markers & {"oblast", "district"}:
        raise UnknownRegionError(
            f"{name!r} names a rural okrug or settlement (с.о., с., п., ауыл...), not an oblast or "
            f"district: use kz.resolve({str(name)!r}, level='settlement')", query=name)


def _check_not_shared(name, idx: NameIndex, oblasts: list[int], districts: list[int]) -> None:
    """A level-1 match beats a district of the same name inside it ("Kyzylorda", "Kostanay");
    a name that districts of *other* oblasts bear too ("Abay": Abai oblast, and districts in
    Abai, Karaganda and Shymkent) is ambiguous, as the README promises: pass level= or oblast=."""
    newest = max(idx.units[i].vintage for i in oblasts)
    inside = {idx.units[i].kato for i in oblasts if idx.units[i].vintage == newest}
    if len(inside) > 1:
        return  # two level-1 units ("Almaty": city and oblast): _choose says how to tell them apart
    elsewhere = [i for i in districts if idx.units[i].vintage == newest and idx.units[i].oblast_kato not in inside]
    if not elsewhere:
        return
    hits = [i for i in oblasts if idx.units[i].vintage == newest] + \
        [i for i in districts if idx.units[i].vintage == newest]
    cands = list({c.kato: c for c in (_match(name, idx, i, "name", hits) for i in hits)}.values())
    raise AmbiguousRegionError(
        f"{name!r} matches {len(cands)} units: " + "; ".join(c.label() for c in cands)
        + f". Pass level=1 for the oblast (kz.resolve({str(name)!r}, level=1)), or oblast= for a district "
        f"(e.g. kz.resolve({str(name)!r}, oblast={idx.units[elsewhere[0]].oblast_en!r})).",
        query=name, candidates=cands)


def _name_tiers(p: nk.Parsed, idx: NameIndex) -> list[tuple[str, list[int]]]:
    """The candidate units of each name tier, most exact first (see the module docstring)."""
    key, markers = p.key, p.markers
    lat = nk.latin(key)
    stem = nk.ru_stem(key)
    lat_stem = nk.latin(stem) if stem else ""

    def alias_ok(kind) -> bool:
        if kind is None or kind in markers:
            return True
        return kind == "district" and p.gender == "m"  # "Зыряновский" is a district by grammar

    tiers = [
        ("name", [i for i, _ in idx.by_key.get(key, [])]),
        ("historic name", [i for i, k in idx.alias.get(key, []) if alias_ok(k)]),
        ("kazakh letters", idx.by_kkfold.get(key.translate(nk.KK_TO_RU), [])),
    ]
    if p.digits:  # a name with digits ("Taraz-2") matches only where the digits are too
        return tiers
    tiers += [
        ("spelling", idx.spelled(key)),
        ("russian form", idx.by_stem.get(lat_stem, []) if stem else []),
        # a noun form (Kazakh) of a district whose Russian name is an adjective: Сарқан ->
        # Сарканский (only with a word for district: a bare "Астрахань" is the Russian city)
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
    return tiers


def _fuzzy(name, idx: NameIndex, keys: list[tuple[str, str]], ok) -> Match | None:
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


def _choose(query, idx: NameIndex, hits: list[int], how: str) -> Match:
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


def _match(query, idx: NameIndex, i: int, how: str, hits: list[int]) -> Match:
    u = idx.units[i]
    vintages = tuple(sorted({idx.units[j].vintage for j in hits if idx.units[j].kato == u.kato}))
    return Match(query, u.kato, u.name_en, u.name_kk, u.name_ru, u.level, u.kind, u.oblast_kato,
                 u.oblast_en, u.vintage, vintages, how)


# ----------------------------------------------------------------------------- settlements
def _resolve_settlement(name, *, vintage=None, oblast=None, district=None) -> SettlementMatch:
    from . import settlements

    if is_missing(name):
        raise UnknownRegionError(f"missing name ({name!r}): the row has no name to resolve", query=name)
    if isinstance(name, str) and name.strip() == "":
        raise UnknownRegionError(f"cannot resolve an empty name ({name!r})", query=name)
    idx = name_index()
    code = code_of(name)
    if code is not None and code.isdigit():
        hit = settlements.entry(code)
        if hit is None or hit["level"] < 3:
            raise UnknownRegionError(f"KATO code {code} is not a settlement, town or rural okrug of the KATO "
                                     "classifier of 17.10.2022 (levels 3-4)", query=name)
        return _settlement_match(name, hit, "kato", idx)
    obl = None if is_missing(oblast) else _parents(oblast, None, idx)
    dist = None
    if not is_missing(district):
        dcode = code_of(district)
        if dcode is not None and dcode.isdigit():
            dist = dcode
        else:
            try:
                dist = resolve(district, level=2, oblast=obl[0] if obl and len(obl) == 1 else None).kato
            except NoPolygonError as e:  # Sauran: known to KATO, no polygon
                found = re.search(r"KATO (\d{9})", str(e))
                dist = found.group(1) if found else None
    p = nk.parse(name)
    rows: list[dict] = []
    how = ""
    for o in (obl or [None]):  # type: ignore[list-item]
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


def _settlement_match(query, r: dict, how: str, idx: NameIndex) -> SettlementMatch:
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

    Examples
    --------
    >>> import kzregions as kz
    >>> r = kz.resolve_many(["Aral", "Berlin", "Kyzylorda"])
    >>> r.ok, r.table["status"].tolist()
    (False, ['ok', 'unknown', 'ok'])
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table

    @property
    def kato(self) -> pd.Series:
        """KATO codes aligned with the input (missing, NaN, where unresolved)."""
        return self.table["kato"]

    @property
    def unresolved(self) -> pd.DataFrame:
        """The rows that could not be resolved, with the reason and the candidates."""
        return self.table[self.table["status"] != "ok"]

    @property
    def ok(self) -> bool:
        """True if every value resolved."""
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


def _one(q, o, level, vintage, district, settlement: bool, idx: NameIndex) -> tuple:
    n = len(_SETTLEMENT_COLS if settlement else _UNIT_COLS) - 2
    try:
        m: Any = _resolve(q, level, vintage, o, district, idx)
    except AmbiguousRegionError as e:
        return (None,) * n + ("ambiguous", str(e))
    except NoPolygonError as e:
        return (None,) * n + ("no polygon", str(e))
    except UnknownRegionError as e:
        return (None,) * n + ("unknown", str(e))
    except InvalidArgumentError as e:  # e.g. a cell of 10,000 characters: that cell, not the column
        return (None,) * n + ("invalid", str(e))
    if settlement:
        return (m.kato, m.name, m.kind, m.level, m.district_kato, m.district_name, m.oblast_kato,
                m.oblast_name, m.matched_on, "ok", "")
    return (m.kato, m.name_en, m.level, m.oblast_en, m.vintage, m.matched_on, "ok", "")


@keywords_after(1)
def resolve_many(
    values: Iterable | str,
    *,
    level: int | str | None = None,
    vintage: int | None = None,
    oblast=None,
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
    >>> import kzregions as kz
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["Аральский", "Abay", "Berlin"],
    ...                    "oblast": ["Кызылординская", "Karaganda", "Karaganda"]})
    >>> r = kz.resolve_many(df["district"], level=2, oblast=df["oblast"])
    >>> r.kato.tolist(), r.table["status"].tolist()
    (['433200000', '353200000', nan], ['ok', 'ok', 'unknown'])
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
    settlement = want_settlement(level)
    _check_district(level, district)
    if oblast is not None and not isinstance(oblast, str) and not np.isscalar(oblast) and not hasattr(oblast, "__iter__"):
        raise InvalidInputError(f"oblast={oblast!r:.60} ({type(oblast).__name__}): give one oblast, or one per value")
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    n = len(s)
    if oblast is None or isinstance(oblast, str) or np.isscalar(oblast):
        obl_values = [oblast]
        ocodes = np.zeros(n, dtype=np.int64)
    else:
        obl = list(oblast)
        if len(obl) != n:
            raise InvalidArgumentError(f"oblast= has {len(obl)} values for {n} names: give one oblast per name, or one oblast for all")
        ocodes, ouniq = pd.factorize(pd.Series(obl, dtype=object), use_na_sentinel=True)
        obl_values = list(ouniq) + [None]  # the sentinel -1 picks the last: no oblast
        ocodes = np.where(ocodes < 0, len(ouniq), ocodes)
    vcodes, vuniq = pd.factorize(pd.Series(s.to_numpy(), dtype=object), use_na_sentinel=True)
    vuniq = list(vuniq) + [None]  # missing names share one slot
    vcodes = np.where(vcodes < 0, len(vuniq) - 1, vcodes)
    pair = vcodes.astype(np.int64) * (len(obl_values) + 1) + ocodes
    pcodes, puniq = pd.factorize(pair)
    idx = name_index()
    results = []
    for pc in puniq:
        vi, oi = divmod(int(pc), len(obl_values) + 1)
        q = vuniq[vi]
        results.append(_one(q, obl_values[oi], level, vintage, district, settlement, idx))
    cols = _SETTLEMENT_COLS if settlement else _UNIT_COLS
    data = {}
    for j, c in enumerate(cols):
        col = np.empty(len(results), dtype=object)
        col[:] = [r[j] for r in results]
        data[c] = col
    # the distinct results become typed columns first (pandas infers str once per distinct
    # value), then every row takes its result: inferring str over a million repeated
    # Python strings cost 3 µs a row, the take costs a tenth of that
    table = pd.DataFrame(data, columns=list(cols)).take(pcodes) if n else pd.DataFrame(data, columns=list(cols))
    table.index = s.index
    table.insert(0, "query", s.to_numpy(dtype=object))
    return Resolution(table)
