"""Administrative boundaries of Kazakhstan in one harmonised schema.

Every layer is a :class:`geopandas.GeoDataFrame` in EPSG:4326 with the columns

=============  ==============================================================================
kato           9-digit KATO code (string; ``000000000`` for the country)
pcode          OCHA P-code (``KZ11``, ``KZ113200``)
iso_3166_2     ISO 3166-2 code of the unit (level 1) or of its oblast (level 2)
name_en        English name (geokz spelling; " (city)" suffixes dropped, ``kind`` says it)
name_kk        Kazakh name
name_ru        Russian name
kind           ``oblast``, ``city of republican significance``, ``district``,
               ``city of oblast significance``, ``city district`` (or ``country``)
level          0 country, 1 oblasts and cities of republican significance, 2 districts
oblast_kato    KATO of the level-1 unit the unit belongs to (its own code at level 1)
oblast_en      English name of that level-1 unit
vintage        boundary set: 2018 (in force 19 June 2018 - 7 June 2022) or 2024 (since 8 June 2022)
area_km2       area in km² computed in an Albers equal-area conic for Kazakhstan
geometry       MultiPolygon, EPSG:4326
=============  ==============================================================================

Harmonisation applied to the geokz source (and reported by :func:`harmonisation_report`):
invalid polygons are repaired with ``make_valid``; every level is conformed to the level
above it (oblasts clipped to the country outline, districts to their oblast; overlaps
between siblings go to the unit with the lower KATO code; gaps inside the parent go to
the sibling sharing the longest border with the gap), so that districts tile their oblast
and oblasts tile the country; Kazakh and Russian names that geokz stores in each other's
field (Taldykorgan) are swapped back and Latin look-alike letters inside Cyrillic names
are replaced by the Cyrillic letter.

Data: geokz by Alexander Rodionov, CC BY 4.0, after the Bureau of National Statistics.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import _sources
from ._crs import STORAGE
from .errors import VintageError
from .settings import settings

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

#: Boundary sets (vintages) and the period each was in force.
VINTAGES = {2018: "19 June 2018 - 7 June 2022", 2024: "since 8 June 2022"}
#: The pre-2018 set, derived from the 2018 polygons (level 1 only).
DERIVED_VINTAGE = 2017
DEFAULT_VINTAGE = 2024

#: Bump when the harmonisation below changes, so old fast-load caches are not reused.
HARMONISATION_VERSION = 4  # 4: exact tiling (_tiling.retile), issue 15

KIND_COUNTRY = "country"
KIND_OBLAST = "oblast"
KIND_CITY_REP = "city of republican significance"
KIND_DISTRICT = "district"
KIND_CITY_OBL = "city of oblast significance"
KIND_CITY_DISTRICT = "city district"
KINDS = (KIND_OBLAST, KIND_CITY_REP, KIND_DISTRICT, KIND_CITY_OBL, KIND_CITY_DISTRICT)

#: KATO prefixes (first two digits) of the cities of republican significance.
CITY_PREFIXES = {"71": "Astana", "75": "Almaty", "79": "Shymkent"}

COLUMNS = ["kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru", "kind", "level",
           "oblast_kato", "oblast_en", "vintage", "area_km2", "geometry"]
CENTRE_COLUMNS = ["kato", "name_en", "name_kk", "name_ru", "kind", "oblast_kato", "oblast_en",
                  "vintage", "geometry"]

_LAYER_FILES = {
    ("country", 2018): "kaz_admbnda_adm0_2018",
    (1, 2018): "kaz_admbnda_adm1_2018",
    (1, 2024): "kaz_admbnda_adm1_2024",
    (2, 2018): "kaz_admbnda_adm2_2018",
    (2, 2024): "kaz_admbnda_adm2_2024",
    ("centres", 2018): "kaz_admcntr_adm1_2018",
    ("centres", 2024): "kaz_admbnda_cnt1_2022",
}
#: Precision grid (degrees) of the harmonised geometry: about 1 cm.
GRID = 1e-7
_SHAPE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
ZONES_FILE = "kaz_zones.csv"


# ----------------------------------------------------------------------------- validation
def check_vintage(vintage) -> int:
    """Return ``vintage`` as an int if it names a boundary set, else raise :class:`VintageError`."""
    try:
        v = int(vintage)
    except (TypeError, ValueError):
        v = None
    if v in VINTAGES:
        return v
    hint = ""
    if v is not None and 1991 <= v <= 2100:
        hint = f" Boundaries in force in {v}: vintage={vintage_for_year(v)}."
    raise VintageError(
        f"vintage {vintage!r} is not a boundary set. Available: "
        + "; ".join(f"{k} ({p})" for k, p in VINTAGES.items())
        + "." + hint
    )


def vintage_for_year(year: int) -> int:
    """The boundary set in force for statistics of ``year`` (2018 for 2018-2021, 2024 from 2022).

    Years before 2018 map to 2018 only as the closest set: South Kazakhstan (before 2018)
    is Turkistan oblast plus Shymkent city in both sets.
    """
    year = int(year)
    return 2024 if year >= 2022 else 2018


def check_level(level) -> int:
    aliases = {"oblast": 1, "oblasts": 1, "region": 1, "1": 1, "district": 2, "districts": 2,
               "rayon": 2, "2": 2}
    lv = aliases.get(str(level).strip().lower()) if level is not None else None
    if lv is None:
        raise VintageError(f"level {level!r} is not 1 (oblasts), 2 (districts) or their names")
    return lv


# ----------------------------------------------------------------------------- public API
def country() -> gpd.GeoDataFrame:
    """The outline of the Republic of Kazakhstan (one row, EPSG:4326, ``area_km2`` in km²)."""
    return _layer("country", 2018)


def oblasts(vintage: int = DEFAULT_VINTAGE) -> gpd.GeoDataFrame:
    """Level-1 units: oblasts and cities of republican significance.

    Parameters
    ----------
    vintage : {2024, 2018, 2017}
        Boundary set: 2024 has 20 units (17 oblasts, 3 cities), 2018 has 17 (14 + 3).
        2017 (before 19 June 2018) has 16 and is *derived*: South Kazakhstan is the union
        of the 2018 Turkistan oblast and Shymkent city, keyed ``YKO`` (no sourced KATO
        code); the other units are the 2018 polygons (Almaty city's 2014 growth is not
        represented). ``attrs["derived"]`` says so.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit in the harmonised schema (see module docstring), EPSG:4326.
    """
    if vintage is not None and str(vintage).strip() == str(DERIVED_VINTAGE):
        return _south_kazakhstan_set()
    return _layer(1, check_vintage(vintage))


def _south_kazakhstan_set() -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd
    import shapely

    from ._crs import area_km2

    o = _layer(1, 2018)
    parts = o["kato"].isin(["610000000", "790000000"])
    geom = _to_multipolygon(shapely.union_all(o.loc[parts].geometry.values, grid_size=GRID))
    yko = gpd.GeoDataFrame([{
        "kato": "YKO", "pcode": None, "iso_3166_2": "KZ-YUZ", "name_en": "South Kazakhstan",
        "name_kk": "Оңтүстік Қазақстан", "name_ru": "Южно-Казахстанская", "kind": KIND_OBLAST,
        "level": 1, "oblast_kato": "YKO", "oblast_en": "South Kazakhstan", "vintage": DERIVED_VINTAGE,
        "area_km2": 0.0, "geometry": geom}], geometry="geometry", crs=o.crs)
    yko["area_km2"] = area_km2(yko.geometry)
    rest = o.loc[~parts].assign(vintage=DERIVED_VINTAGE)
    out = pd.concat([rest, yko], ignore_index=True)
    out = gpd.GeoDataFrame(out.sort_values("kato", key=lambda k: k.replace("YKO", "610000000"))
                           .reset_index(drop=True), geometry="geometry", crs=o.crs)
    out = out.astype({c: object for c in ("kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru",
                                          "kind", "oblast_kato", "oblast_en")})
    out.attrs["derived"] = (
        "2017 boundary set derived from the 2018 units: South Kazakhstan (YKO) = Turkistan "
        "oblast + Shymkent city of 2018; other units as in 2018"
    )
    return out


def districts(vintage: int = DEFAULT_VINTAGE, oblast: str | None = None) -> gpd.GeoDataFrame:
    """Level-2 units: districts, cities of oblast significance and city districts.

    Parameters
    ----------
    vintage : {2024, 2018}
        Boundary set: 224 units in 2024, 216 in 2018.
    oblast : str, optional
        Keep only the units of one oblast (or city of republican significance), named in any
        form :func:`kzregions.resolve` accepts ("Кызылординская", "Kyzylorda", "KZ-KZY", ...).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit in the harmonised schema, EPSG:4326.
    """
    if vintage is not None and str(vintage).strip() == str(DERIVED_VINTAGE):
        raise VintageError("there are no district boundaries for 2017 (the pre-2018 set is "
                           "derived at oblast level only); use districts(2018)")
    v = check_vintage(vintage)
    gdf = _layer(2, v)
    if oblast is not None:
        from .names import resolve  # names builds on data; imported late to keep the layering

        match = resolve(oblast, level=1, vintage=v)
        gdf = gdf[gdf["oblast_kato"] == match.kato].reset_index(drop=True)
    return gdf


def units(level: int | str, vintage: int = DEFAULT_VINTAGE) -> gpd.GeoDataFrame:
    """Level 1 (``"oblast"``) or level 2 (``"district"``) units of a vintage."""
    lv = check_level(level)
    return oblasts(vintage) if lv == 1 else districts(vintage)



def centres(vintage: int = DEFAULT_VINTAGE) -> gpd.GeoDataFrame:
    """Administrative centres as points (EPSG:4326).

    ``vintage=2024`` uses the 2022 layer (21 points: 17 oblast centres, the capital, Almaty,
    Shymkent and Baikonur); ``vintage=2018`` the 2018 layer (18 points). ``kind`` is
    ``capital``, ``city of republican significance``, ``oblast centre`` or
    ``city under lease (Baikonur)``.
    """
    return _layer("centres", check_vintage(vintage))


def natural_zones(dissolve: bool = False) -> gpd.GeoDataFrame:
    """Natural zone of each 2018 level-2 unit (geokz ``kaz_zones.csv``, 2020).

    Parameters
    ----------
    dissolve : bool
        ``False``: the 216 districts of 2018 with ``zone_en``, ``zone_kk``, ``zone_ru``.
        ``True``: one row per zone with its outline, ``area_km2`` and ``n_units``.

    Notes
    -----
    The zone table is joined on KATO, then on the Russian name within the oblast for the
    two cities whose codes differ between the table and the polygons (Kokshetau,
    Stepnogorsk). The Kazakh name of the dry-steppe zone is empty in the source and stays
    missing. Units that still do not match are listed in ``attrs["unmatched"]`` (records).
    """
    import pandas as pd

    zones = pd.read_csv(_sources.locate(ZONES_FILE), dtype=str)
    zones = zones.rename(columns={"ZONE_EN": "zone_en", "ZONE_KK": "zone_kk", "ZONE_RU": "zone_ru"})
    units_ = districts(2018)
    by_kato = zones.drop_duplicates("KATO").set_index("KATO")
    cols = ["zone_en", "zone_kk", "zone_ru"]
    joined = units_.join(by_kato[cols], on="kato")
    missing = joined["zone_en"].isna()
    if missing.any():
        zones["_key"] = zones["KATO"].str[:2] + "|" + zones["ADM2_RU"].str.strip().str.lower()
        by_name = zones.drop_duplicates("_key").set_index("_key")[cols]
        keys = units_["kato"].str[:2] + "|" + units_["name_ru"].str.strip().str.lower()
        joined.loc[missing, cols] = by_name.reindex(keys[missing]).to_numpy()
    joined = joined[[c for c in joined.columns if c != "geometry"] + ["geometry"]]
    # records, not a DataFrame: pandas compares attrs with == when it combines frames
    unmatched = joined.loc[joined["zone_en"].isna(), ["kato", "name_en", "oblast_en"]].to_dict("records")
    if dissolve:
        out = joined.dropna(subset=["zone_en"]).dissolve(
            by="zone_en", aggfunc={"zone_kk": "first", "zone_ru": "first", "area_km2": "sum",
                                   "kato": "count"}
        ).rename(columns={"kato": "n_units"}).reset_index()
        out.attrs["unmatched"] = unmatched
        return out
    joined.attrs["unmatched"] = unmatched
    return joined


def harmonisation_report(vintage: int = DEFAULT_VINTAGE) -> pd.DataFrame:
    """What the harmonisation changed in each unit of a vintage, in km².

    Columns: ``kato``, ``name_en``, ``level``, ``area_source_km2`` (as in geokz, after
    ``make_valid``), ``clipped_km2`` (outside the parent unit, removed), ``overlap_km2``
    (shared with a sibling of lower KATO, removed), ``gap_km2`` (parent area covered by no
    sibling, added), ``area_km2`` (final), ``geometry_repaired`` (``make_valid`` changed it),
    ``text_repairs``.
    """
    import pandas as pd

    v = check_vintage(vintage)
    frames = [_layer(lv, v, report=True) for lv in (1, 2)]
    return pd.concat(frames, ignore_index=True)


# ----------------------------------------------------------------------------- loading
def _layer_path(layer, vintage) -> Path:
    stem = _LAYER_FILES[(layer, vintage)]
    files = [stem + ext for ext in _SHAPE_PARTS]
    if layer == 1:  # conformed to the country outline
        files += [_LAYER_FILES[("country", 2018)] + ext for ext in _SHAPE_PARTS]
    if layer == 2:  # conformed to the conformed oblasts
        files += [_LAYER_FILES[(1, vintage)] + ext for ext in _SHAPE_PARTS]
        files += [_LAYER_FILES[("country", 2018)] + ext for ext in _SHAPE_PARTS]
    key = _sources.source_key(files)
    return settings.resolved_cache_dir() / "layers" / f"{layer}-{vintage}-h{HARMONISATION_VERSION}-{key}.npz"


def layer_key(level, vintage) -> str:
    """Identity of a harmonised layer (sources + harmonisation version), for derived caches."""
    return _layer_path(check_level(level), check_vintage(vintage)).stem


def _layer(layer, vintage, report: bool = False):
    """A harmonised layer from the fast-load cache, building (and caching) it if needed."""
    from . import _accessor, _store

    _accessor.register()  # frames from kzregions offer gdf.kz.explore(...)

    path = _layer_path(layer, vintage)
    rpath = path.with_name(path.stem + "-report.npz")
    use_cache = settings.resolved_use_cache()
    if use_cache:
        hit = _store.load(rpath if report else path)
        if hit is not None:
            return hit
    gdf, rep = _build(layer, vintage)
    gdf = _store.as_object_text(gdf)
    rep = _store.as_object_text(rep) if rep is not None else None
    if use_cache:
        try:
            _store.save(path, gdf, meta={"layer": str(layer), "vintage": vintage})
            if rep is not None:
                _store.save(rpath, rep)
        except OSError as exc:  # a read-only cache must not stop the user
            import warnings

            warnings.warn(f"kzregions: could not write the fast-load cache at {path.parent}: {exc}",
                          stacklevel=3)
    return rep if report else gdf


def _read_shapefile(stem: str):
    import pyogrio

    paths = {ext: _sources.locate(stem + ext) for ext in _SHAPE_PARTS}
    folders = {p.parent for p in paths.values()}
    if len(folders) == 1:
        return pyogrio.read_dataframe(paths[".shp"], encoding="UTF-8")
    with tempfile.TemporaryDirectory() as tmp:  # parts split between mirror and cache
        for ext, p in paths.items():
            shutil.copyfile(p, Path(tmp) / (stem + ext))
        return pyogrio.read_dataframe(Path(tmp) / (stem + ".shp"), encoding="UTF-8")


def _build(layer, vintage):
    raw = _read_shapefile(_LAYER_FILES[(layer, vintage)])
    if raw.crs is None or raw.crs.to_epsg() != 4326:
        raw = raw.set_crs(STORAGE, allow_override=True) if raw.crs is None else raw.to_crs(STORAGE)
    if layer == "centres":
        return _build_centres(raw, vintage), None
    if layer == "country":
        gdf = raw.rename(columns={"KATO": "kato", "ADM0_PCODE": "pcode", "ADM0_EN": "name_en",
                                  "ADM0_KK": "name_kk", "ADM0_RU": "name_ru"})
        gdf["iso_3166_2"] = "KZ"
        gdf["kind"] = KIND_COUNTRY
        gdf["level"] = 0
        gdf["oblast_kato"] = gdf["kato"]
        gdf["oblast_en"] = gdf["name_en"]
        gdf["vintage"] = vintage
        gdf["geometry"] = _polygonal(gdf.geometry.make_valid())
        from ._crs import area_km2

        gdf["area_km2"] = area_km2(gdf.geometry)
        return gdf[COLUMNS], None
    return _build_units(raw, layer, vintage)


def _build_units(raw, level: int, vintage: int):
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from ._crs import area_km2

    p = f"ADM{level}_"
    gdf = gpd.GeoDataFrame(
        {
            "kato": raw["KATO"].astype(str).str.strip(),
            "pcode": raw[p + "PCODE"],
            "iso_3166_2": raw["ISO_3166_2"],
            "name_en": raw[p + "EN"],
            "name_kk": raw[p + "KK"],
            "name_ru": raw[p + "RU"],
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    text_repairs = [[] for _ in range(len(gdf))]
    _repair_names(gdf, text_repairs)
    for col, suffixes in (("name_en", (" (city)",)), ("name_kk", (" (қала)",)), ("name_ru", (" (город)",))):
        for s in suffixes:
            gdf[col] = gdf[col].str.removesuffix(s)
    prefix = gdf["kato"].str[:2]
    if level == 1:
        gdf["kind"] = np.where(prefix.isin(list(CITY_PREFIXES)), KIND_CITY_REP, KIND_OBLAST)
        gdf["oblast_kato"] = gdf["kato"]
        gdf["oblast_en"] = gdf["name_en"]
        parent = country()
        parent_key = pd.Series("000000000", index=gdf.index)
        parents = dict(zip(parent["kato"], parent.geometry))
    else:
        sub = gdf["kato"].str[2:4].astype(int)
        # KATO digits 3-4 below 30 are city administrations, except units subordinate to
        # one that are districts by name (Zharasemey, "Жанасемейский", under Semey)
        adjectival = gdf["name_ru"].str.contains(r"(?:ский|цкий|ской)$", regex=True)
        gdf["kind"] = np.select(
            [prefix.isin(list(CITY_PREFIXES)), (sub < 30) & ~adjectival],
            [KIND_CITY_DISTRICT, KIND_CITY_OBL], KIND_DISTRICT,
        )
        gdf["oblast_kato"] = prefix + "0000000"
        obl = oblasts(vintage)
        names = dict(zip(obl["kato"], obl["name_en"]))
        gdf["oblast_en"] = gdf["oblast_kato"].map(names)
        bad = gdf["oblast_en"].isna() | ("KZ" + prefix != raw["ADM1_PCODE"])
        if bad.any():
            from .errors import DataIntegrityError

            raise DataIntegrityError(
                f"level-2 units whose KATO does not name an oblast of {vintage}: "
                f"{gdf.loc[bad, ['kato', 'name_en']].to_dict('records')}"
            )
        parent_key = gdf["oblast_kato"]
        parents = dict(zip(obl["kato"], obl.geometry))
    gdf["level"] = level
    gdf["vintage"] = vintage
    valid = _polygonal(gdf.geometry.make_valid())
    repaired = ~gdf.geometry.is_valid.to_numpy()
    geoms, clip_parts, overlap_parts, gap_parts = _conform(
        valid.values, gdf["kato"].to_numpy(), parent_key.to_numpy(), parents
    )
    gdf["geometry"] = gpd.GeoSeries(geoms, crs=gdf.crs)
    gdf["area_km2"] = area_km2(gdf.geometry)
    gdf = gdf[COLUMNS]

    def km2(parts):
        return area_km2(gpd.GeoSeries(parts, crs=gdf.crs)).to_numpy()

    report = pd.DataFrame({
        "kato": gdf["kato"], "name_en": gdf["name_en"], "level": level, "vintage": vintage,
        "area_source_km2": km2(valid.values), "clipped_km2": km2(clip_parts),
        "overlap_km2": km2(overlap_parts), "gap_km2": km2(gap_parts),
        "area_km2": gdf["area_km2"], "geometry_repaired": repaired,
        "text_repairs": ["; ".join(r) for r in text_repairs],
    })
    return gdf, report


_KK_ONLY = "[әғқңөұүһіӘҒҚҢӨҰҮҺІ]"
_CYR = "[а-яёА-ЯЁ]"
_LATIN_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")


def _repair_names(gdf, log: list[list[str]]) -> None:
    """Swap Kazakh/Russian names stored in each other's field; fix Latin look-alikes."""
    for i in range(len(gdf)):
        kk, ru = gdf.iat[i, gdf.columns.get_loc("name_kk")], gdf.iat[i, gdf.columns.get_loc("name_ru")]
        # Russian spelling never uses the Kazakh-only letters: if only the "Russian" field
        # has them, geokz swapped the two (Taldykorgan: Талдыкорган / Талдықорған).
        if ru and kk and re.search(_KK_ONLY, ru) and not re.search(_KK_ONLY, kk):
            kk, ru = ru, kk
            log[i].append("name_kk/name_ru swapped")
        new = []
        for lang, s in (("kk", kk), ("ru", ru)):
            if s and re.search(_CYR, s) and re.search("[A-Za-z]", s):
                fixed = s.translate(_LATIN_LOOKALIKE)
                if lang == "kk":
                    fixed = fixed.replace("i", "і").replace("I", "І")
                if fixed != s:
                    log[i].append(f"Latin letters in name_{lang} {s!r} -> {fixed!r}")
                s = fixed
            new.append(s)
        gdf.iat[i, gdf.columns.get_loc("name_kk")] = new[0]
        gdf.iat[i, gdf.columns.get_loc("name_ru")] = new[1]


def _polygonal(geoms):
    """Keep only the polygonal part of each geometry, as MultiPolygon (``make_valid`` may
    return collections with stray lines or points along a repaired self-intersection)."""
    import geopandas as gpd

    return gpd.GeoSeries([_to_multipolygon(g) for g in geoms], index=geoms.index, crs=geoms.crs)


def _to_multipolygon(g):
    import shapely
    from shapely.geometry import MultiPolygon

    if g is None or g.is_empty:
        return MultiPolygon()
    if g.geom_type == "MultiPolygon":
        return g
    if g.geom_type == "Polygon":
        return MultiPolygon([g])
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = []
    for p in parts:
        polys.extend(shapely.get_parts(p) if p.geom_type == "MultiPolygon" else [p])
    return MultiPolygon(polys)


def _conform(geoms, keys, parent_keys, parents: dict):
    """Make children tile their parent: clip, remove sibling overlaps, assign gaps.

    Returns the new geometries and, per child, the pieces clipped away, removed as
    overlap and added from gaps (so their areas can be reported).

    All overlay operations run on a fixed 1e-7 degree grid (about 1 cm). In floating
    precision GEOS falls back to snapping heuristics on these long, nearly coincident
    borders: subtracting a degenerate sliver of zero area from Kyzylorda oblast removed
    6.4 km², and slivers of zero area project to "overlaps" of 0.4 km². Snap-rounding on a
    grid is robust, and 1 cm is far below the accuracy of the source.
    """
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon

    n = len(geoms)
    geoms = list(shapely.set_precision(np.asarray(geoms, dtype=object), GRID))
    parents = {k: shapely.set_precision(v, GRID) for k, v in parents.items()}
    out = list(geoms)
    empty = MultiPolygon()
    clipped, overlap, gaps = [empty] * n, [empty] * n, [empty] * n
    order = np.argsort(keys, kind="stable")
    for pk in dict.fromkeys(parent_keys[order]):
        idx = [int(i) for i in order if parent_keys[i] == pk]
        P = parents[pk]
        for i in idx:
            g = geoms[i]
            if not shapely.covers(P, g):
                clipped[i] = _to_multipolygon(shapely.difference(g, P, grid_size=GRID))
                out[i] = _to_multipolygon(shapely.intersection(g, P, grid_size=GRID))
        sib = np.array([out[i] for i in idx], dtype=object)
        tree = shapely.STRtree(sib)
        for a, b in zip(*tree.query(sib, predicate="intersects")):
            if a >= b:
                continue  # each pair once; the sibling with the lower KATO (a) keeps the overlap
            i, j = idx[a], idx[b]
            common = shapely.intersection(out[i], out[j], grid_size=GRID)
            if shapely.area(common) > 0:
                common = _to_multipolygon(common)
                overlap[j] = _to_multipolygon(shapely.union(overlap[j], common, grid_size=GRID))
                out[j] = _to_multipolygon(shapely.difference(out[j], common, grid_size=GRID))
        gap = shapely.difference(P, shapely.union_all([out[i] for i in idx], grid_size=GRID), grid_size=GRID)
        pieces = [p for p in shapely.get_parts(_to_multipolygon(gap)) if p.area > 0]
        if not pieces:
            continue
        sib = np.array([out[i] for i in idx], dtype=object)
        halo = shapely.buffer(sib, 1e-6)  # ~10 cm: tolerant test of "shares a border"
        extra: dict[int, list] = {}
        for piece in pieces:
            shared = shapely.length(shapely.intersection(piece.boundary, halo))
            j = int(np.argmax(shared)) if shared.max() > 0 else int(np.argmin(shapely.distance(piece, sib)))
            extra.setdefault(idx[j], []).append(piece)
        for i, ps in extra.items():
            gaps[i] = MultiPolygon(ps)
            out[i] = _to_multipolygon(shapely.union_all([out[i], *ps], grid_size=GRID))
    # issue 15: one noding for the whole level; the pairwise overlays above leave slivers
    # (and overlaps across parents) where snap-rounding bent an edge
    from ._tiling import retile

    out, residue = retile(out, keys, GRID)
    overlap = [o if r.is_empty else _to_multipolygon(shapely.union(o, r, grid_size=GRID))
               for o, r in zip(overlap, residue)]
    return out, clipped, overlap, gaps


def _build_centres(raw, vintage: int):
    import geopandas as gpd
    import numpy as np

    kato = raw["KATO"].astype(str).str.strip()
    if "TYPE_CNT1" in raw:
        t = raw["TYPE_CNT1"].astype(int)
    else:  # the 2018 layer has no type: derive it from the code
        t = np.select([kato == "710000000", kato.str[:2].isin(["75", "79"]), kato == "431900000"],
                      [1, 2, 4], 3)
    kinds = {1: "capital", 2: KIND_CITY_REP, 3: "oblast centre", 4: "city under lease (Baikonur)"}
    gdf = gpd.GeoDataFrame(
        {"kato": kato, "name_en": raw["NAME_EN"], "name_kk": raw["NAME_KK"], "name_ru": raw["NAME_RU"],
         "kind": [kinds[int(x)] for x in t]},
        geometry=raw.geometry.values, crs=raw.crs,
    )
    prefix = kato.str[:2]
    gdf["oblast_kato"] = np.where(prefix.isin(list(CITY_PREFIXES)), kato, prefix + "0000000")
    obl = oblasts(vintage)
    gdf["oblast_en"] = gdf["oblast_kato"].map(dict(zip(obl["kato"], obl["name_en"])))
    gdf["vintage"] = vintage
    return gdf[CENTRE_COLUMNS]


# ----------------------------------------------------------------------------- management
def fetch(progress: bool = True) -> list[Path]:
    """Make every manifest file available locally (mirror, cache or download); return paths.

    With ``progress``, each download shows a progress bar (tqdm) and each file a line
    ``[i/n] name: where``.
    """
    names = list(_sources.manifest())
    paths = []
    for i, name in enumerate(names, 1):
        path = _sources.locate(name, progress=progress)
        if progress:
            print(f"[{i}/{len(names)}] {name}: {path.parent}", flush=True)
        paths.append(path)
    return paths


def verify() -> pd.DataFrame:
    """Check every local boundary file against the manifest's SHA-256 (no download)."""
    import pandas as pd

    _sources._verified.clear()  # re-hash for real: this is the explicit check
    return pd.DataFrame(_sources.status())


def info() -> dict:
    """Where data is looked for and cached, and what is there."""
    cache = settings.resolved_cache_dir()
    layers = sorted(p.name for p in (cache / "layers").glob("*.npz")) if (cache / "layers").is_dir() else []
    return {
        "data_dir": str(settings.resolved_data_dir() or ""),
        "cache_dir": str(cache),
        "offline": settings.resolved_offline(),
        "use_cache": settings.resolved_use_cache(),
        "files": _sources.status(),
        "cached_layers": layers,
    }


def clear_cache(downloads: bool = False) -> int:
    """Delete the fast-load cache (and, with ``downloads=True``, downloaded files); return count."""
    cache = settings.resolved_cache_dir()
    n = 0
    for sub in ["layers"] + (["geokz"] if downloads else []):
        d = cache / sub
        if d.is_dir():
            n += sum(1 for _ in d.iterdir())
            shutil.rmtree(d)
    return n
