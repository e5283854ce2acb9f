"""The shipped catalogue of programme regions, matched from the wording of the legal acts.

The catalogue (:func:`programmes`, :func:`programme`) reads the membership lists in
``kzregions/datasets/`` (sources and verbatim legal wording in ``SOURCES-programmes.md``):
the Aral Sea zones of the law of 30 June 1992 (1997 and 2018 wordings), the Semipalatinsk
test-site zones of the law of 18 December 1992 (1994 and 2012 texts), 21 of the 27
monotowns of the 2012-2020 programme, the special economic zones, and the counts (only) of
the 1999 depressed districts. Members named in the source's words (Russian, genitive case,
old spellings such as Челкарский or Кзыл-Орда) are matched to the 2018 boundaries first,
then to 2024; a member that cannot be matched is listed in ``unmatched`` with the reason,
never dropped silently.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from ._crs import STORAGE
from ._datasets import read_csv
from ._planning_regions import CATALOGUE as _EXTRA_CATALOGUE
from ._planning_regions import build as _build_extra
from .boundaries import units
from .errors import (
    AmbiguousRegionError,
    InvalidArgumentError,
    KzRegionsError,
    UnknownProgrammeError,
    UnknownRegionError,
)
from .regions import MEMBER_COLUMNS, ProgrammeRegion, empty_unmatched

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_CATALOGUE: dict[str, dict[str, Any]] = {
    "aral_sea": {
        "file": "aral_1992_zones.csv",
        "title": "Aral Sea region: zones of ecological disaster, crisis and pre-crisis",
        "legal_act": "Law of the Republic of Kazakhstan of 30 June 1992 No. 1468-XII on the social "
                     "protection of citizens affected by the ecological disaster in the Aral Sea region, "
                     "arts. 3-5 (art. 5 as worded by the Law of 4 November 1997 No. 186)",
        "date": "1992-06-30",
        "versions": {"1997": "text in force from 1997 (Law No. 186) to 2018",
                     "2018": "text as amended by the Law of 28 December 2018 No. 210-VI"},
        "default": "2018",
    },
    "semipalatinsk": {
        "file": "semipalatinsk_1992_zones.csv",
        "title": "Semipalatinsk nuclear test site: zones of radiation risk and privileged status",
        "legal_act": "Law of the Republic of Kazakhstan of 18 December 1992 No. 1787-XII on the social "
                     "protection of citizens affected by nuclear tests at the Semipalatinsk test site, arts. 5-9",
        "date": "1992-12-18",
        "versions": {"1994": "text as amended on 9 November 1994",
                     "2012": "text as amended by the Law of 27 April 2012 No. 15-V"},
        "default": "2012",
    },
    "monotowns": {
        "file": "monotowns_2012.csv",
        "title": "Single-industry towns (monotowns) of the Monotowns Development Programme 2012-2020",
        "legal_act": "Monotowns Development Programme 2012-2020 (Government resolution; town list not "
                     "read: 21 of the 27 towns confirmed one by one from public sources)",
        "date": "2012",
        "versions": {"2012": "21 of 27 towns"},
        "default": "2012",
    },
    "sez": {
        "file": "sez_kazakhstan.csv",
        "title": "Special economic zones",
        "legal_act": "Founding decrees and government resolutions of each zone (see the source column)",
        "date": "2001-2025",
        "versions": {"2025": "zones and locations as read in 2025"},
        "default": "2025",
    },
    "depressed_1999": {
        "file": None,
        "title": "Districts with a depressed economy (1999)",
        "legal_act": "Government Decree of 11 May 1999 No. 561 on assistance to districts with a "
                     "depressed economy",
        "date": "1999-05-11",
        "versions": {"1999": "list not found: counts per region only"},
        "default": "1999",
        # the only facts known (a Kazakh-language textbook chapter citing the decree)
        "counts": {"total": 27, "West Kazakhstan": 5, "East Kazakhstan": 3, "North Kazakhstan": 9,
                   "South Kazakhstan": 8, "central Kazakhstan oblasts": 2},
        "notes": "27 rural districts holding 15.6 % of the population; economic activity restored "
                 "in 13 of them after state aid. The list of districts was not found, so no member "
                 "and no geometry is shipped.",
    },
}


def programmes() -> pd.DataFrame:
    """The shipped catalogue: ``id``, ``title``, ``legal_act``, ``date``, ``versions``,
    ``default_version``, ``entries`` (rows in the source list), ``source_file``.

    Returns
    -------
    pandas.DataFrame
        One row per programme, with the columns above (``entries`` is 0 where no member
        list ships).

    Examples
    --------
    >>> import kzregions as kz
    >>> kz.programmes()["id"].tolist()
    ['aral_sea', 'semipalatinsk', 'monotowns', 'sez', 'depressed_1999', 'agglomerations', 'macroregions_2025']
    """
    import pandas as pd

    rows = []
    for pid, c in _CATALOGUE.items():
        n = len(_read(c["file"])) if c["file"] else 0
        rows.append({"id": pid, "title": c["title"], "legal_act": c["legal_act"], "date": c["date"],
                     "versions": ", ".join(f"{k}: {v}" for k, v in c["versions"].items()),
                     "default_version": c["default"], "entries": n,
                     "source_file": f"kzregions/datasets/{c['file']}" if c["file"] else None})
    from ._planning_regions import catalogue as extra

    return pd.concat([pd.DataFrame(rows), extra()], ignore_index=True)


@cache
def _read_cached(fname: str):
    return read_csv(fname)


def _read(fname):
    return _read_cached(fname).copy()


def programme(pid: str, version: str | None = None) -> ProgrammeRegion:
    """A programme region of the shipped catalogue (see :func:`programmes`).

    Parameters
    ----------
    pid : {"aral_sea", "semipalatinsk", "monotowns", "sez", "depressed_1999"}
        Programme id (the ``id`` column of :func:`programmes`).
    version : str, optional
        Text version (``"1997"``/``"2018"`` for the Aral zones, ``"1994"``/``"2012"`` for
        Semipalatinsk); default the latest.

    Returns
    -------
    ProgrammeRegion
        Members matched to 2018 units first, then 2024 (geometry EPSG:4326); entries that
        match no unit in ``unmatched`` with the reason; the legal act, date and version in
        ``metadata``. ``depressed_1999`` has no members (its list was not found): only
        ``metadata["counts"]``.

    Raises
    ------
    UnknownProgrammeError
        ``pid`` is not in the catalogue (the message gives the closest ids).
    ValueError
        ``version`` is not a text version of that programme.

    Examples
    --------
    >>> import kzregions as kz
    >>> aral = kz.programme("aral_sea")
    >>> aral.zones
    ['ecological_disaster', 'ecological_crisis', 'ecological_pre_crisis']
    >>> aral.metadata["version"], len(aral.members), len(aral.unmatched)
    ('2018', 21, 1)
    >>> len(kz.programme("aral_sea", version="1997").members)
    20
    >>> kz.programme("depressed_1999").metadata["counts"]["total"]
    27
    """
    if pid not in _CATALOGUE and pid not in _EXTRA_CATALOGUE:
        import difflib

        known = [*_CATALOGUE, *_EXTRA_CATALOGUE]
        raise UnknownProgrammeError(f"no programme {pid!r}; known: {sorted(known)} "
                                    f"(closest: {difflib.get_close_matches(pid, known, n=2)})")
    c = _CATALOGUE[pid] if pid in _CATALOGUE else _EXTRA_CATALOGUE[pid]
    ver = str(version) if version is not None else c["default"]
    if ver not in c["versions"]:
        raise InvalidArgumentError(f"version={version!r}: {pid} has text versions {sorted(c['versions'])}; use one of them")
    meta = {"id": pid, "title": c["title"], "legal_act": c["legal_act"], "date": c["date"], "version": ver,
            "version_note": c["versions"][ver]}
    if pid in _EXTRA_CATALOGUE:  # agglomerations, macroregions_2025 (kzregions/_planning_regions.py)
        return ProgrammeRegion(**_build_extra(pid, meta))
    if c["file"] is None:
        meta.update(counts=c["counts"], notes=c["notes"])
        import geopandas as gpd

        empty = gpd.GeoDataFrame({k: [] for k in MEMBER_COLUMNS if k != "geometry"}, geometry=[], crs=STORAGE)
        return ProgrammeRegion(c["title"], empty, empty_unmatched(), c["notes"],
                               ["no member list: the decree's list was not found; counts per region "
                                "are in metadata['counts']"], meta, 2018)
    rows = _read(c["file"])
    rows = _select_version(pid, rows, ver)
    members, unmatched = _match_rows(rows)
    meta["sources"] = sorted(set(rows["source"]))
    prov = [f"{len(rows)} entries of {c['file']} ({c['versions'][ver]}); {len(members)} members matched "
            f"to units (2018 boundaries first, then 2024); {len(unmatched)} not matched"]
    return ProgrammeRegion(f"{c['title']} ({ver})", members, unmatched, c["legal_act"], prov, meta, 2018)


def _select_version(pid: str, rows, ver: str):
    if pid == "aral_sea" and ver == "1997":
        return rows[~rows["notes"].fillna("").str.contains("ADDED by Law 28.12.2018")].reset_index(drop=True)
    if pid == "semipalatinsk":
        return rows[rows["programme_id"].str.endswith(f"v{ver}")].reset_index(drop=True)
    return rows.reset_index(drop=True)


_PARTIAL = re.compile(r"сельсовет|сельск\w*\s+округ|населенн\w*\s+пункт|в пределах|не включая|часть территории|"
                      r"поселок|промышленн|территори[яи]\s+морск|sub-zone|PARTIAL|SUB-", re.IGNORECASE)


def parse_source_name(text: str) -> dict:
    """Read a member entry of a legal act: the unit it names and whether only part is meant.

    ``"Саржалского сельсовета Абайского района"`` -> Абайского района (partial: a rural
    council); ``"города Туркестан"`` -> Туркестан (city); ``"Мугалжарского (в пределах ...)"``
    -> Мугалжарского (partial). Returns ``name``, ``kind`` (district / city / oblast / None),
    ``partial``, ``partial_note``, ``derived``, ``category`` (a rule, not a unit).
    """
    t = " ".join(str(text).split())
    out: dict[str, Any] = {"name": None, "kind": None, "partial": False, "partial_note": None, "derived": False,
           "category": False}
    if t.startswith("[DERIVED]"):
        out["derived"] = True
        t = t[len("[DERIVED]"):].strip()
    if re.match(r"территори\w+\s+районов", t) and "кроме" in t:
        out["category"] = True
        return out
    paren = " ".join(re.findall(r"\(([^)]*)\)", t))
    core = re.sub(r"\([^)]*\)", " ", t)
    if _PARTIAL.search(re.sub(r"включая населенн\w*\s+пункт\w*", "", t)):  # "including its settlements" = whole
        out["partial"] = True
        m = _PARTIAL.search(t)
        out["partial_note"] = "settlements of the district" if re.match(r"населенн\w*\s+пункт\w*\s+\w+ского",
                                                                       core.strip(), re.I) else \
            f"part of the unit ({m.group(0) if m else t} ...)"
    city = re.search(r"(?:\bгород[а]?|\bг\.)\s*([А-ЯЁA-Z][\w-]*)", core)
    district = re.findall(r"([А-ЯЁ][\w-]*(?:ого|ий|ый|ой|ский|ской))\s+район\w*", core)
    oblast = re.search(r"([А-ЯЁ][\w-]*(?:ская|ской))\s+област", core)
    if district:  # the first: "Каркаралинский район в пределах ... Казыбекбийского района"
        out.update(name=district[0], kind="district")
    elif city:
        out.update(name=city.group(1), kind="city")
    elif oblast:
        out.update(name=oblast.group(1), kind="oblast", partial=True,
                   partial_note=out["partial_note"] or "an oblast named as the location: the unit is far larger")
    else:
        word = re.findall(r"[А-ЯЁ][\w-]+", core)
        if word:
            # a lone adjective is a district named in a list ("Арысского, Отрарского ... районов")
            adj = re.fullmatch(r"[\w-]+(?:ского|цкого|ский|цкий)", word[0])
            out.update(name=word[0], kind="district" if adj else None)
    if out["name"] is None and paren:
        out["name"] = paren
    return out


def _city_forms(name: str) -> list[str]:
    """Nominative guesses for a Russian city name in the genitive: Астаны -> Астана."""
    forms = [name]
    if name.endswith("ы"):
        forms.append(name[:-1] + "а")
    if name.endswith("а") and len(name) > 4:
        forms.append(name[:-1])
    return forms


def _match_rows(rows):
    import pandas as pd

    from .names import resolve

    recs, unmatched = [], []
    layers = {(lv, v): units(lv, v).set_index("kato") for lv in (1, 2) for v in (2018, 2024)}
    for r in rows.itertuples(index=False):
        zone = re.sub(r"\s*\(.*$", "", str(r.zone)).strip() if r.programme_id != "sez_kazakhstan" else str(r.zone)
        p = parse_source_name(r.district_name_as_in_source)
        note = str(r.notes) if isinstance(r.notes, str) else ""
        if re.search(r"PARTIAL|SUB-DISTRICT|SUB-CITY", note):
            p["partial"] = True
            p["partial_note"] = p["partial_note"] or note
        if p["category"]:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time,
                              "a rule, not a unit: its members are the [DERIVED] entries"))
            continue
        if not p["name"]:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time, "no unit name in the entry"))
            continue
        if re.search(r"поселок", str(r.district_name_as_in_source)) and p["kind"] is None:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time,
                              "a settlement, not a unit; the source does not give its district legibly"))
            continue
        hit, why = _resolve_entry(p, r, resolve)
        m_in = re.search(r"(?:Town of|subordinate to)\s+([A-Z][\w-]+)\s+district", note)
        if hit is None and m_in:  # the source's note names the district the town lies in
            p = {**p, "name": m_in.group(1), "kind": "district", "partial": True,
                 "partial_note": f"the town {p['name']} lies in this district (per the source note)"}
            hit, why = _resolve_entry(p, r, resolve)
        if hit is None:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time, why))
            continue
        m = hit
        unit = layers[(m.level, m.vintage)].loc[m.kato]
        if p["kind"] in ("city", None) and m.kind == "district":
            p["partial"] = True
            p["partial_note"] = f"the town {p['name']} lies in this district; it is not a unit of its own"
        parts = None
        if p["partial"]:
            parts, missing = _named_parts(r.district_name_as_in_source, m.kato, m.vintage)
            if missing:
                p["partial_note"] = (p["partial_note"] or "part of the unit") + (
                    "; not in the KATO classifier of 2022 under these names (renamed or merged since): "
                    + ", ".join(missing))
        recs.append({
            "kato": m.kato, "name_en": unit["name_en"], "name_ru": unit["name_ru"], "level": m.level,
            "oblast_kato": unit["oblast_kato"], "oblast_en": unit["oblast_en"], "vintage": m.vintage,
            "zone": zone, "partial": bool(p["partial"]),
            "partial_note": p["partial_note"], "share": 1.0, "name_as_in_source": r.district_name_as_in_source,
            "oblast_at_time": r.oblast_at_time, "derived": p["derived"], "matched_on": m.matched_on,
            "parts": parts, "geometry": unit.geometry,
        })
    import geopandas as gpd

    members = gpd.GeoDataFrame(recs, columns=MEMBER_COLUMNS, geometry="geometry", crs=STORAGE) if recs else \
        gpd.GeoDataFrame({k: [] for k in MEMBER_COLUMNS if k != "geometry"}, geometry=[], crs=STORAGE)
    return members, pd.DataFrame(unmatched, columns=["zone", "name_as_in_source", "oblast_at_time", "reason"])


#: The parts of a unit a legal text names: rural councils or okrugs (adjectives, or nouns after
#: "сельских округов"), settlements ("населенных пунктов Сарапан и Иса").
_LIST = r"[А-ЯЁ][\w-]*(?:\s+[а-яё]+)?(?:(?:,\s*|\s+и\s+)[А-ЯЁ][\w-]*(?:\s+[а-яё]+)?)*"
_PART_FORMS = (
    (re.compile(r"сельских\s+округов\s+(?P<list>.+?)\s+города\s+\S+", re.I), "{} с.о."),
    (re.compile(rf"(?P<list>{_LIST})\s+(?:сельсовет\w*|сельск\w+\s+округ\w*)"), "{} сельского округа"),
    (re.compile(rf"населенн\w+\s+пункт\w+\s+(?P<list>{_LIST})\s+(?:упраздненного\s+)?[А-ЯЁ]\w+ского\s+района"),
     "{}"),
)


def _named_parts(text: str, kato: str, vintage: int) -> tuple[str | None, list[str]]:
    """The rural okrugs and settlements a member entry names, found in the KATO classifier of
    2022 (within the unit's district, else anywhere in its oblast: the Kentau okrugs of the
    Aral law lie in Sauran district now). Returns the found ones as text and the names not
    found; nothing is guessed (a name with several candidates counts as not found)."""
    from .errors import KzRegionsError
    from .names import resolve
    from .settlements import members_in_district

    found_form: Any = next(((rx.search(str(text)), form) for rx, form in _PART_FORMS if rx.search(str(text))),
                           None)
    if found_form is None:
        return None, []
    hit, form = found_form
    names = [n.strip() for n in re.split(r",\s*|\s+и\s+", hit.group("list")) if n.strip()]
    district, oblast = _district_2022(kato, vintage)
    found, missing = [], []
    for name in names:
        query = form.format(name)
        label = None
        if district is not None:
            row = members_in_district(district, [query]).iloc[0]
            if row["status"] == "ok":
                label = f"{row['name']} ({row['kind']}, KATO {row['code']})"
        if label is None:
            try:
                m: Any = resolve(query, level="settlement", oblast=oblast)
                label = f"{m.name_full} ({m.kind}, KATO {m.kato}" + (
                    f", now in {m.district_name}" + ("" if m.district_has_polygon else ": no polygon")
                    if m.district_kato != district else "") + ")"
            except KzRegionsError:
                missing.append(name)
                continue
        found.append(label)
    return ("; ".join(found) or None), missing


@cache
def _district_2022(kato: str, vintage: int) -> tuple[str | None, str]:
    """The district code of the KATO classifier of 2022 for a unit (2018 units through their
    2024 successor), and its oblast's code."""
    from .settlements import entry
    from .vintages import crosswalk

    code = kato
    if vintage == 2018:
        x = crosswalk(2018, 2024, level=2)
        succ = x[x["successor"] & (x["from_kato"] == kato)]
        code = succ["to_kato"].iloc[0] if len(succ) else kato
    oblast = code[:2] + "0000000"
    for cand in (code, code[:4] + "00000", code[:3] + "000000"):
        e = entry(cand)
        if e is not None and int(e["level"]) == 2:
            return cand, oblast
    return None, oblast


def _oblast_hints(r) -> list:
    """Oblast names to try: as of the act, then today's (the source's best knowledge)."""
    hints = []
    for h in (r.oblast_at_time, r.current_oblast):
        if isinstance(h, str) and h.strip() and not h.strip().startswith("(not"):
            base = re.sub(r"\s*\(.*$", "", h).strip()
            base = re.split(r"\s*/\s*| or ", base)[0].strip()
            if base and base not in hints:
                hints.append(base)
    return hints


def _resolve_entry(p: dict, r, resolve):
    """Match one parsed entry: 2018 boundaries first (closest to the acts), then 2024; the
    oblast of the time, then today's, settle repeated names. A town that is not a unit of
    its own is matched to the district of its name only within its oblast (Khromtau)."""
    names = _city_forms(p["name"]) if p["kind"] in ("city", None) else [p["name"]]
    suffix = {"district": " район", "city": " город", "oblast": " область", None: " город"}[p["kind"]]
    level = 1 if p["kind"] == "oblast" else 2
    last = "no unit of that name on 2018 or 2024 boundaries (abolished or renamed, successor not stated)"
    for strict in (True, False):
        for v in (2018, 2024):
            # the oblast settles repeated names; without one that resolves in this boundary
            # set, the name must stand on its own (strict form only: a bare town name
            # matches too much)
            obls = []
            for hint in _oblast_hints(r):
                try:
                    obls.append(resolve(hint, level=1, vintage=v).kato)
                except KzRegionsError:
                    pass
            if not obls and not strict:
                continue
            for obl in dict.fromkeys(obls or [None]):
                for nm in names:
                    for lv in ([level, 1] if p["kind"] == "city" and level == 2 else [level]):
                        try:
                            return resolve(nm + suffix if strict else nm, level=lv, vintage=v,
                                           oblast=obl if lv == 2 else None), None
                        except AmbiguousRegionError as e:
                            last = f"ambiguous: {e}"
                        except UnknownRegionError:
                            pass
    return None, last
