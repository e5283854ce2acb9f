"""Settlements, rural okrugs and towns of Kazakhstan from the official KATO classifier.

The classifier of administrative-territorial objects (КАТО) of the Bureau of National
Statistics as of 17 October 2022 (after the June 2022 reform: 20 regions) ships with the
package (``datasets/kato_2022-10-17_ru.csv.gz``, unchanged; see
``datasets/SOURCES-gazetteer.md``): 16,264 entries, Russian names only, no coordinates, no
population. Levels follow the classifier's code ``AABBCCDDD``:

1. regions (``AA0000000``): 17 oblasts and 3 cities of republican significance;
2. districts and city administrations (Г.А.), and the districts of the three cities;
3. rural okrugs (с.о.), settlement and village administrations, towns (``AABBCC000``);
4. settlements (villages, stations, farms... ``AABBCCDDD``).

:func:`gazetteer` gives the table; :func:`kzregions.resolve` with ``level="settlement"``
names one settlement with its district and oblast; :func:`members_in_district` names the
rural okrugs and settlements of one district exactly (the programme catalogue's members).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from . import _namekeys as nk
from ._schema import check_level
from .errors import InvalidInputError, LevelError, UnknownRegionError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The file shipped in kzregions/datasets/ and where it comes from.
FILE = "kato_2022-10-17_ru.csv.gz"
SOURCE = ("KATO classifier of administrative-territorial objects, Bureau of National Statistics of the "
          "Republic of Kazakhstan (stat.gov.kz), as of 17.10.2022")

# abbreviations of the classifier -> kind (English); checked in this order on the full name
_KIND_RULES = [
    (r"\bГ\.\s*А\.?$|\bг\.а\.?$|Қ\.Ә\.?$", "city administration"),
    (r"\bс\.о\.?(\s|$)|^с\.о\.", "rural okrug"),
    (r"\bп\.а\.?$|^п\.а\.", "settlement administration"),
    (r"\bс\.а\.?$|^с\.а\.", "village administration"),
    (r"\bр\.а\.?$", "district administration"),
    (r"^область\b|\bобласть$", "oblast"),
    (r"^район\b|\bрайон$", "district"),
    (r"^г\.", "town"),
    (r"^с\.", "village"),
    (r"^п\.", "settlement"),
    (r"^рзд\.", "railway siding"),
    (r"^ст\.", "station"),
    (r"^уч\.", "site"),
    (r"^отг\.", "seasonal camp"),
    (r"^(кр\.хоз\.|кр\.|крес\.пос\.)", "farm"),
    (r"^(?i:отд\.)", "farm division"),
    (r"^зимовка\b", "winter camp"),
]
_STRIP = re.compile(r"^(область|район|с\.о\.|п\.а\.|с\.а\.|г\.|с\.|п\.|рзд\.|ст\.|уч\.|отг\.|кр\.хоз\.|кр\.|крес\.пос\.|"
                    r"Отд\.|отд\.|зимовка)\s*|\s*(Г\.\s*А\.?|г\.а\.?|Қ\.Ә\.?|с\.о\.?|п\.а\.?|с\.а\.?|р\.а\.?|район|"
                    r"область)$")


def _kind(name: str, level: int) -> str:
    for rx, kind in _KIND_RULES:
        if re.search(rx, name):
            if level == 1:
                return "oblast" if kind == "oblast" else "city of republican significance"
            return kind
    if level == 1:
        return "city of republican significance"
    return {2: "district", 3: "other (level 3)"}.get(level, "other settlement")


@lru_cache(maxsize=1)
def _table():
    import pandas as pd

    with resources.files("kzregions.datasets").joinpath(FILE).open("rb") as fh:
        raw = pd.read_csv(fh, sep=";", dtype=str, compression="gzip", encoding="utf-8-sig")
    raw["name"] = raw["name"].str.strip()
    top = set(raw.loc[raw["parent_id"] == "0", "id"])
    level = []
    for pid, code in zip(raw["parent_id"], raw["code"]):
        if pid == "0":
            level.append(1)
        elif pid in top:
            level.append(2)
        else:  # below a district: the code says okrug/town (…000) or settlement
            level.append(3 if code.endswith("000") else 4)
    raw["level"] = level
    l2 = raw[raw["level"] == 2].set_index("code")["name"]
    l1 = raw[raw["level"] == 1].set_index("code")["name"]
    l3 = set(raw.loc[raw["level"] == 3, "code"])
    dist, par = [], []
    for code, lv in zip(raw["code"], raw["level"]):
        d = code[:4] + "00000"
        if lv <= 2:
            dist.append(code if lv == 2 else None)
            par.append(None if lv == 1 else code[:2] + "0000000")
        else:
            dist.append(d if d in l2.index else None)
            okrug = code[:6] + "000"
            par.append(okrug if lv == 4 and okrug in l3 else d)
    out = pd.DataFrame({
        "code": raw["code"],
        "name": [_STRIP.sub("", n).strip() or n for n in raw["name"]],
        "name_full": raw["name"],
        "kind": [_kind(n, lv) for n, lv in zip(raw["name"], raw["level"])],
        "level": raw["level"].astype(int),
        "parent_code": par,
        "district_code": dist,
        "oblast_code": raw["code"].str[:2] + "0000000",
    })
    out["district_name"] = out["district_code"].map(l2)
    out["oblast_name"] = out["oblast_code"].map(l1)
    out["source"] = SOURCE
    return out


def gazetteer(level: int | str | None = None) -> pd.DataFrame:
    """The KATO classifier of 17 October 2022 as a table, one row per entry.

    Parameters
    ----------
    level : {None, 1, 2, 3, 4, "oblast", "district", "okrug", "settlement"}
        Keep one level only: 1 regions, 2 districts and city administrations, 3 rural okrugs
        and towns, 4 settlements (the names as everywhere in kzregions). ``None``: all 16,264
        entries.

    Returns
    -------
    pandas.DataFrame
        ``code`` (9-digit KATO), ``name`` (Russian, without the classifier's abbreviation),
        ``name_full`` (as in the classifier, e.g. ``Абралинский с.о.``), ``kind`` (oblast,
        district, city administration, rural okrug, town, village, settlement, station, ...),
        ``level``, ``parent_code``, ``district_code``, ``oblast_code``, ``district_name``,
        ``oblast_name``, ``source``. No coordinates (the classifier has none).

    Examples
    --------
    >>> import kzregions as kz
    >>> g = kz.gazetteer(level=4)
    >>> g.loc[g["name"] == "Абралы", ["code", "district_name", "oblast_name"]].values.tolist()
    [['101033100', 'Семей Г.А.', 'область Абай']]
    """
    t = _table()
    if level is not None:
        named = {"okrug": 3, "settlement": 4, "3": 3, "4": 4}.get(str(level).strip().lower())
        if named is None:
            try:
                named = check_level(level)  # 1/2, "oblast"/"district", as everywhere
            except LevelError:
                raise InvalidInputError(f"level={level!r}: the gazetteer has levels 1 (oblast), 2 (district), "
                                        "3 (okrug) and 4 (settlement)") from None
        t = t[t["level"] == named]
    return t.reset_index(drop=True).copy()


@lru_cache(maxsize=1)
def _by_code() -> dict:
    return {r["code"]: r for r in _table().to_dict("records")}


def entry(code: str) -> dict | None:
    """The classifier's entry of a 9-digit KATO code as a dict of :func:`gazetteer` columns, or None."""
    return _by_code().get(str(code))


# ----------------------------------------------------------------------------- the name index
class _Index:
    def __init__(self, table):
        self.rows = list(table.itertuples(index=False))
        self.by_key: dict[str, list[int]] = {}
        self.by_kk: dict[str, list[int]] = {}
        self.by_latin: dict[str, list[int]] = {}
        self.by_stem: dict[str, list[int]] = {}
        self.by_del: dict[str, set[str]] = {}
        self.lat_rows: dict[str, list[int]] = {}
        self.letters: dict[int, str] = {}  # letter-for-letter keys: short spellings never guess
        for i, r in enumerate(self.rows):
            k = nk.parse(r.name_full).key
            if not k:
                continue
            self.by_key.setdefault(k, []).append(i)
            self.by_kk.setdefault(k.translate(nk.KK_TO_RU), []).append(i)
            lat = nk.latin(k)
            self.by_latin.setdefault(lat, []).append(i)
            self.letters[i] = nk.letters(k)
            stem = nk.ru_stem(k)
            if stem:
                self.by_stem.setdefault(nk.latin(stem), []).append(i)
            for lk in {lat} | ({nk.latin(stem)} if stem else set()):
                self.lat_rows.setdefault(lk, []).append(i)
                for d in nk.deletions(nk.skeleton(lk)):
                    self.by_del.setdefault(d, set()).add(lk)


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(_table())


def _kinds_for(markers: set) -> set | None:
    if "okrug" in markers:
        return {"rural okrug", "settlement administration", "village administration"}
    if "city" in markers:
        return {"town", "city administration"}
    if "settlement" in markers:
        return None  # "с." / "п." / "ауыл": any settlement entry (the classifier's kinds vary)
    return None


def search(parsed: nk.Parsed, *, levels=(3, 4), oblast_code: str | None = None,
           district_code: str | None = None, fuzzy: bool = True) -> tuple[str, list[dict]]:
    """Entries whose name matches a parsed name, most exact tier first.

    Returns ``(how, rows)`` with ``rows`` as dicts of :func:`gazetteer` columns; ``how`` is
    ``name``, ``kazakh letters``, ``spelling``, ``russian form`` or ``close spelling``
    (only within an oblast or district, unique by a clear margin, same digits). Empty list:
    nothing matches.
    """
    idx = _index()
    key = parsed.key
    if not key:
        return "", []
    kinds = _kinds_for(parsed.markers)
    opre = oblast_code[:2] if oblast_code else None

    def keep(i: int) -> bool:
        r = idx.rows[i]
        return (r.level in levels and (opre is None or r.code[:2] == opre)
                and (district_code is None or r.district_code == district_code or r.code == district_code)
                and (kinds is None or r.kind in kinds or r.level == 4 and "settlement" in parsed.markers))

    lat = nk.latin(key)
    stem = nk.ru_stem(key)
    tiers = [("name", idx.by_key.get(key, [])),
             ("kazakh letters", idx.by_kk.get(key.translate(nk.KK_TO_RU), []))]
    if not parsed.digits:
        # a short name (too short for any close spelling) must match letter for letter: the
        # folds of ``latin`` would turn junk such as "хюа" into Хиуа
        exact = nk.letters(key) if nk.allowed(len(lat)) == 0 else None
        tiers += [("spelling", [i for i in idx.by_latin.get(lat, []) if exact is None or idx.letters[i] == exact]
                   if len(lat) >= 3 else []),
                  ("russian form", idx.by_stem.get(nk.latin(stem), []) if stem else [])]
    else:  # names with numbers ("Караколь 1") match only with the same digits
        tiers += [("spelling", [i for i in idx.by_latin.get(lat, [])
                                if re.sub(r"\D", "", nk.latin(nk.parse(idx.rows[i].name_full).key))
                                == parsed.digits])]
    for how, hits in tiers:
        found = [i for i in dict.fromkeys(hits) if keep(i)]
        if found:
            return how, [idx.rows[i]._asdict() for i in found]
    if fuzzy and not parsed.digits and (opre or district_code):
        for q in [lat] + ([nk.latin(stem)] if stem else []):
            found = _close(idx, q, keep, accept=True)
            if found:
                return "close spelling", [idx.rows[i]._asdict() for i in found]
    return "", []


def _close(idx: _Index, lat: str, keep, accept: bool, n: int = 6) -> list[int]:
    """Rows spelled close to ``lat``: with ``accept`` the unique accepted one (or several
    tied ones), else up to ``n`` suggestions, best first."""
    cands = set()
    for d in nk.deletions(nk.skeleton(lat)):
        cands |= idx.by_del.get(d, set())
    scored = []
    for lk in cands:
        rows = [i for i in idx.lat_rows[lk] if keep(i)]
        if rows:
            scored.append((nk.distance(lat, lk, limit=4.0), lk, rows))
    scored.sort(key=lambda t: (t[0], t[1]))
    if not accept:
        out: list[int] = []
        for _, _, rows in scored:
            out += [i for i in rows if i not in out]
        return out[:n]
    if not scored:
        return []
    best = scored[0][0]
    if best > nk.allowed(min(len(lat), len(scored[0][1]))):
        return []
    tied = [t for t in scored if t[0] < best + 1.0]
    return list(dict.fromkeys(i for t in tied for i in t[2]))


def suggest(parsed: nk.Parsed, *, levels=(3, 4), oblast_code=None, district_code=None, n: int = 6) -> list[dict]:
    """Entries spelled close to a parsed name (for error messages), best first."""
    idx = _index()
    opre = oblast_code[:2] if oblast_code else None

    def keep(i: int) -> bool:
        r = idx.rows[i]
        return (r.level in levels and (opre is None or r.code[:2] == opre)
                and (district_code is None or r.district_code == district_code))

    return [idx.rows[i]._asdict() for i in _close(idx, nk.latin(parsed.key), keep, accept=False, n=n)]


def label(row: dict) -> str:
    """``с.Абралы (village, Семей Г.А., область Абай; KATO 101033100)``."""
    where = ", ".join(x for x in (row.get("district_name"), row.get("oblast_name")) if isinstance(x, str))
    return f"{row['name_full']} ({row['kind']}, {where}; KATO {row['code']})"


def members_in_district(district, names: Iterable | None = None) -> pd.DataFrame:
    """Name the rural okrugs, towns and settlements of one district exactly.

    For the programme catalogue, whose members are often parts of a district: each name is
    looked up only among the entries of that district (levels 3 and 4 of KATO), so a
    village name repeated elsewhere in the country is not a problem; a name repeated
    inside the district is reported as ambiguous with its candidates.

    Parameters
    ----------
    district : str or int
        9-digit KATO code of the district or city administration (Г.А.), as in
        :func:`gazetteer` (``level == 2``).
    names : iterable of str, optional
        Member names as written in the source ("Абралинский с.о.", "с. Абралы",
        "Абралинский сельский округ"). ``None``: every entry of the district.

    Returns
    -------
    pandas.DataFrame
        One row per name: ``query``, ``code``, ``name``, ``kind``, ``level``, ``parent_code``,
        ``status`` (``ok``, ``ambiguous``, ``unknown``), ``matched_on``, ``detail`` (the
        candidates or the closest names). With ``names=None``: the district's entries.

    Raises
    ------
    UnknownRegionError
        ``district`` is not a district code of the classifier.

    Examples
    --------
    >>> import kzregions as kz
    >>> t = kz.members_in_district("101000000", ["Абралинский с.о."])
    >>> t[["code", "name", "status"]].values.tolist()
    [['101033000', 'Абралинский', 'ok']]
    """
    import pandas as pd

    code = str(int(district)) if isinstance(district, (int, float)) and not isinstance(district, bool) \
        else str(district).strip()
    t = _table()
    d = t[(t["code"] == code) & (t["level"] == 2)]
    if d.empty:
        raise UnknownRegionError(f"{district!r} is not a district code of the KATO classifier of 17.10.2022 "
                                 "(9 digits, e.g. 101000000 for Семей Г.А.); see kz.gazetteer(level=2)",
                                 query=district)
    inside = t[(t["district_code"] == code) & (t["level"] >= 3)]
    if names is None:
        return inside.reset_index(drop=True).copy()
    if isinstance(names, str):
        names = [names]
    rows: list[tuple] = []
    for q in names:
        if q is None or (isinstance(q, float) and q != q):
            rows.append((q, None, None, None, None, None, "unknown", None, "missing name"))
            continue
        p = nk.parse(q)
        how, hits = search(p, levels=(3, 4), district_code=code)
        if len(hits) == 1:
            h = hits[0]
            rows.append((q, h["code"], h["name"], h["kind"], h["level"], h["parent_code"], "ok", how, ""))
        elif hits:
            # an okrug and its centre often share a name: the kind word settles it
            rows.append((q, None, None, None, None, None, "ambiguous", how,
                         f"{len(hits)} entries of {d['name_full'].iloc[0]} match: "
                         + "; ".join(label(h) for h in hits[:8])
                         + ". Add the kind (с.о. / с. / г.) or pass the code."))
        else:
            close = suggest(p, levels=(3, 4), district_code=code)
            hint = ("; closest: " + "; ".join(label(h) for h in close)) if close else ""
            rows.append((q, None, None, None, None, None, "unknown", None,
                         f"no entry of {d['name_full'].iloc[0]} (KATO {code}) matches {q!r}{hint}"))
    return pd.DataFrame(rows, columns=["query", "code", "name", "kind", "level", "parent_code", "status",
                                       "matched_on", "detail"])
