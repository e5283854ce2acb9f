"""Administrative boundaries (public loaders) of Kazakhstan in one harmonised schema.

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

import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _boundaries, _sources, _store
from ._report import Report
from ._schema import (  # noqa: F401  (VINTAGES and the kinds are public here)
    CITY_PREFIXES,
    DEFAULT_VINTAGE,
    DERIVED_VINTAGE,
    KIND_CITY_DISTRICT,
    KIND_CITY_OBL,
    KIND_CITY_REP,
    KIND_COUNTRY,
    KIND_DISTRICT,
    KIND_OBLAST,
    KINDS,
    VINTAGES,
    check_level,
    check_vintage,
    vintage_for_year,
)
from ._validate import user_stacklevel
from .errors import UnknownAttributeError, VintageError
from .settings import settings

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd


def country() -> gpd.GeoDataFrame:
    """The outline of the Republic of Kazakhstan (one row, EPSG:4326, ``area_km2`` in km²).

    Returns
    -------
    geopandas.GeoDataFrame
        One row (``kato`` ``000000000``, ``level`` 0, ``kind`` ``country``) in the harmonised
        schema (see the module docstring); geometry in EPSG:4326, ``area_km2`` in km² computed
        in the Albers equal-area conic for Kazakhstan.

    Examples
    --------
    >>> import kzregions as kz
    >>> kz.country()["kato"].tolist()
    ['000000000']
    >>> round(float(kz.country()["area_km2"].iloc[0]), -3)
    2728000.0
    """
    return _boundaries.layer("country", 2018)


def oblasts(vintage: int = DEFAULT_VINTAGE, *, names: str = "today") -> gpd.GeoDataFrame:
    """Level-1 units: oblasts and cities of republican significance.

    Parameters
    ----------
    vintage : {2024, 2018, 2017}
        Boundary set: 2024 has 20 units (17 oblasts, 3 cities), 2018 has 17 (14 + 3).
        2017 (before 19 June 2018) has 16 and is *derived*: South Kazakhstan is the union
        of the 2018 Turkistan oblast and Shymkent city, keyed ``YKO`` (no sourced KATO
        code); the other units are the 2018 polygons (Almaty city's 2014 growth is not
        represented). ``attrs["derived"]`` says so.
    names : {"today", "period"}
        Unit names as they are today (default: Astana in every set, Russian names as the
        KATO classifier writes them) or as in force when the set was drawn (``"period"``:
        Nur-Sultan in the 2018 set, for tables of 2019-2022). Old spellings resolve either way.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit in the harmonised schema (see module docstring), EPSG:4326;
        ``area_km2`` in km² (Albers equal-area conic for Kazakhstan).

    Raises
    ------
    VintageError
        ``vintage`` is not a boundary set (the message names the set in force in that year).

    Examples
    --------
    >>> import kzregions as kz
    >>> kz.oblasts(2024).shape[0]
    20
    >>> len(kz.oblasts(2018)), len(kz.oblasts(2017))
    (17, 16)
    >>> kz.oblasts().crs.to_string()
    'EPSG:4326'
    >>> kz.oblasts(2020)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kzregions.errors.VintageError: vintage 2020 is not a boundary set. ... vintage=2018.
    """
    if vintage is not None and str(vintage).strip() == str(DERIVED_VINTAGE):
        return _boundaries.named(_boundaries.south_kazakhstan_set(), 1, DERIVED_VINTAGE, names)
    v = check_vintage(vintage)
    return _boundaries.named(_boundaries.layer(1, v), 1, v, names)


def districts(vintage: int = DEFAULT_VINTAGE, *, oblast: str | None = None, names: str = "today") -> gpd.GeoDataFrame:
    """Level-2 units: districts, cities of oblast significance and city districts.

    Parameters
    ----------
    vintage : {2024, 2018}
        Boundary set: 224 units in 2024, 216 in 2018.
    oblast : str, optional
        Keep only the units of one oblast (or city of republican significance), named in any
        form :func:`kzregions.resolve` accepts ("Кызылординская", "Kyzylorda", "KZ-KZY", ...).
    names : {"today", "period"}
        Names as today (default) or as in force when the set was drawn (see :func:`oblasts`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit in the harmonised schema, EPSG:4326; ``area_km2`` in km² (Albers
        equal-area conic for Kazakhstan).

    Raises
    ------
    VintageError
        ``vintage`` is not 2024 or 2018 (2017 has no district boundaries).
    UnknownRegionError, AmbiguousRegionError
        ``oblast`` names no level-1 unit of ``vintage``, or several.

    Examples
    --------
    >>> import kzregions as kz
    >>> len(kz.districts(2024)), len(kz.districts(2018))
    (224, 216)
    >>> kyz = kz.districts(2018, oblast="Kyzylorda")
    >>> len(kyz), kyz["name_en"].head(3).tolist()
    (9, ['Kyzylorda', 'Baykonyr', 'Aral'])
    """
    if vintage is not None and str(vintage).strip() == str(DERIVED_VINTAGE):
        from ._messages import keyed

        raise keyed(VintageError, "no_districts_2017")
    v = check_vintage(vintage)
    gdf = _boundaries.named(_boundaries.layer(2, v), 2, v, names)
    if oblast is not None:
        from .names import resolve

        match = resolve(oblast, level=1, vintage=v)
        gdf = gdf[gdf["oblast_kato"] == match.kato].reset_index(drop=True)
    return gdf


def units(level: int | str, vintage: int = DEFAULT_VINTAGE, *, names: str = "today") -> gpd.GeoDataFrame:
    """Level 1 (``"oblast"``) or level 2 (``"district"``) units of a vintage.

    Parameters
    ----------
    level : {1, 2, "oblast", "district"}
        Administrative level: 1 (oblasts and cities of republican significance) or 2
        (districts, cities of oblast significance, city districts).
    vintage : {2024, 2018}
        Boundary set (2017 is accepted at level 1, see :func:`oblasts`).
    names : {"today", "period"}
        Names as today (default) or as in force when the set was drawn (see :func:`oblasts`).

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`oblasts` or :func:`districts` of ``vintage``: EPSG:4326, ``area_km2`` in km²
        (Albers equal-area conic for Kazakhstan).

    Raises
    ------
    LevelError
        ``level`` is neither 1 nor 2 (nor their names).
    VintageError
        ``vintage`` is not a boundary set.

    Examples
    --------
    >>> import kzregions as kz
    >>> len(kz.units("district", 2018)), len(kz.units(1))
    (216, 20)
    """
    lv = check_level(level)
    return oblasts(vintage, names=names) if lv == 1 else districts(vintage, names=names)



def centres(vintage: int = DEFAULT_VINTAGE) -> gpd.GeoDataFrame:
    """Administrative centres as points (EPSG:4326).

    ``vintage=2024`` uses the 2022 layer (21 points: 17 oblast centres, the capital, Almaty,
    Shymkent and Baikonur); ``vintage=2018`` the 2018 layer (18 points). ``kind`` is
    ``capital``, ``city of republican significance``, ``oblast centre`` or
    ``city under lease (Baikonur)``.

    Parameters
    ----------
    vintage : {2024, 2018}
        Boundary set whose centres are wanted.

    Returns
    -------
    geopandas.GeoDataFrame
        One point per centre: ``kato``, ``name_en``, ``name_kk``, ``name_ru``, ``kind``,
        ``oblast_kato``, ``oblast_en``, ``vintage``, geometry (EPSG:4326). Centres are
        named as the unit layers name their cities (one name per place on every map):
        "Ust-Kamenogorsk"/«Өскемен»/«Усть-Каменогорск», "Turkestan", not the centres
        layer's "Oskemen" or "Turkistan".

    Raises
    ------
    VintageError
        ``vintage`` is not a boundary set.

    Examples
    --------
    >>> import kzregions as kz
    >>> len(kz.centres(2024)), len(kz.centres(2018))
    (21, 18)
    >>> kz.centres(2024).query("kind == 'capital'")["kato"].tolist()
    ['710000000']
    """
    return _boundaries.layer("centres", check_vintage(vintage))


def natural_zones(dissolve: bool = False) -> gpd.GeoDataFrame:
    """Natural zone of each 2018 level-2 unit (geokz ``kaz_zones.csv``, 2020).

    Parameters
    ----------
    dissolve : bool
        ``False``: the 216 districts of 2018 with ``zone_en``, ``zone_kk``, ``zone_ru``.
        ``True``: one row per zone with its outline, ``area_km2`` and ``n_units``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; ``area_km2`` in km² (Albers equal-area conic for Kazakhstan). The 2018
        districts in the harmonised schema plus the zone names, or (``dissolve=True``) one
        row per zone: ``zone_en``, geometry, ``zone_kk``, ``zone_ru``, ``area_km2`` (sum of
        its units), ``n_units``.

    Notes
    -----
    The zone table is joined on KATO, then on the Russian name within the oblast for the
    two cities whose codes differ between the table and the polygons (Kokshetau,
    Stepnogorsk). The Kazakh name of the dry-steppe zone is empty in the source: ``zone_kk``
    takes it from the translation table (``Құрғақ дала``, the one name not in the source).
    Units that still do not match are listed in ``attrs["unmatched"]`` (records).

    Examples
    --------
    >>> import kzregions as kz
    >>> z = kz.natural_zones()
    >>> len(z), z.attrs["unmatched"]
    (216, [])
    >>> kz.natural_zones(dissolve=True)["zone_en"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Desert', 'Dry-steppe', 'Foothill-desert-steppe', 'Semi-desert',
     'South Siberian mountain and foothill', 'Steppe']
    """
    import pandas as pd

    zones = pd.read_csv(_sources.locate(_boundaries.ZONES_FILE), dtype=str)
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
    from ._i18n import category

    no_kk = joined["zone_kk"].isna() & joined["zone_en"].notna()
    joined.loc[no_kk, "zone_kk"] = [category(z, "kk") for z in joined.loc[no_kk, "zone_en"]]
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


@dataclass(eq=False)
class HarmonisationReport(Report):
    """What harmonising the geokz source changed in each unit of a boundary set, in km².

    Attributes
    ----------
    vintage : int
        Boundary set reported.
    units : pandas.DataFrame
        One row per unit of levels 1 and 2: ``kato``, ``name_en``, ``level``, ``vintage``,
        ``area_source_km2`` (as in geokz, after ``make_valid``), ``clipped_km2`` (outside
        the parent unit, removed), ``overlap_km2`` (shared with a sibling of lower KATO,
        removed), ``gap_km2`` (parent area covered by no sibling, added), ``area_km2``
        (final), ``geometry_repaired`` (``make_valid`` changed it), ``text_repairs``.

    Examples
    --------
    >>> import kzregions as kz
    >>> rep = kz.harmonisation_report(2024)
    >>> rep.n_units, rep.n_geometry_repaired
    (244, 1)
    >>> round(float(rep.to_frame().set_index("kato").loc["116600000", "clipped_km2"]), 2)
    7.78
    """

    vintage: int
    units: pd.DataFrame = field(repr=False)

    @property
    def n_units(self) -> int:
        """Units reported (levels 1 and 2)."""
        return len(self.units)

    @property
    def n_geometry_repaired(self) -> int:
        """Units whose upstream polygon was invalid and repaired with ``make_valid``."""
        return int(self.units["geometry_repaired"].sum())

    @property
    def n_text_repaired(self) -> int:
        """Units whose names were repaired (swapped fields, Latin look-alikes, official names)."""
        return int((self.units["text_repairs"].fillna("") != "").sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: the change of each (a copy of :attr:`units`).

        Returns
        -------
        pandas.DataFrame
            The columns listed under :attr:`units`; areas in km² (Albers equal-area conic
            for Kazakhstan).

        Examples
        --------
        >>> import kzregions as kz
        >>> kz.harmonisation_report(2024).to_frame()["level"].value_counts().sort_index().tolist()
        [20, 224]
        """
        return self.units.copy()

    def __repr__(self) -> str:
        u = self.units
        lv = u["level"].value_counts()
        changed = u[(u[["clipped_km2", "overlap_km2", "gap_km2"]].sum(axis=1) > 0.005)]
        lines = [f"HarmonisationReport(vintage={self.vintage}): {self.n_units} units "
                 f"({int(lv.get(1, 0))} level 1, {int(lv.get(2, 0))} level 2) conformed to their parents",
                 f"  {u['clipped_km2'].sum():.2f} km² clipped outside the parent unit, "
                 f"{u['overlap_km2'].sum():.2f} km² of overlaps between siblings removed, "
                 f"{u['gap_km2'].sum():.2f} km² of gaps filled ({len(changed)} units changed by 0.005 km² or more)",
                 f"  {self.n_geometry_repaired} invalid polygon(s) repaired, names repaired in "
                 f"{self.n_text_repaired} unit(s); rows in .units or .to_frame()"]
        return "\n".join(lines)

    # ---- 0.2 returned the table itself: one release of DataFrame-style access, warned
    def _frame(self, what: str) -> pd.DataFrame:
        warnings.warn(f"harmonisation_report(...){what} reads the report as the DataFrame of kzregions 0.2: "
                      f"use .to_frame(){what} (DataFrame access goes in 0.4)", DeprecationWarning,
                      stacklevel=user_stacklevel())
        return self.units

    def __getitem__(self, key: Any) -> Any:
        return self._frame(f"[{key!r}]")[key]

    def __len__(self) -> int:
        return self.n_units

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("vintage", "units"):  # dataclass fields not set yet (copy, pickle)
            raise UnknownAttributeError(name)
        if name in dir(self.__dict__.get("units")):  # a DataFrame attribute (.columns, .query ...)
            return getattr(self._frame(f".{name}"), name)
        raise UnknownAttributeError(f"'HarmonisationReport' object has no attribute {name!r}: its rows are in "
                                    ".to_frame()")


def harmonisation_report(vintage: int = DEFAULT_VINTAGE) -> HarmonisationReport:
    """What the harmonisation changed in each unit of a vintage, in km².

    Parameters
    ----------
    vintage : {2024, 2018}
        Boundary set whose level-1 and level-2 units are reported.

    Returns
    -------
    HarmonisationReport
        ``units`` (also ``.to_frame()``): one row per unit of levels 1 and 2 of ``vintage``
        with ``kato``, ``name_en``, ``level``, ``area_source_km2`` (as in geokz, after
        ``make_valid``), ``clipped_km2`` (outside the parent unit, removed), ``overlap_km2``
        (shared with a sibling of lower KATO, removed), ``gap_km2`` (parent area covered by
        no sibling, added), ``area_km2`` (final), ``geometry_repaired`` (``make_valid``
        changed it), ``text_repairs``; areas in km², computed in the Albers equal-area
        conic for Kazakhstan. Its repr sums the changes. Indexing it like the DataFrame of
        0.2 (``rep["kato"]``) still works in 0.3 with a DeprecationWarning.

    Raises
    ------
    VintageError
        ``vintage`` is not a boundary set.

    Examples
    --------
    >>> import kzregions as kz
    >>> rep = kz.harmonisation_report(2024)
    >>> rep.n_units, rep.to_frame()["level"].value_counts().sort_index().tolist()
    (244, [20, 224])
    """
    import pandas as pd

    v = check_vintage(vintage)
    frames = [_boundaries.layer(lv, v, report=True) for lv in (1, 2)]
    return HarmonisationReport(vintage=v, units=pd.concat(frames, ignore_index=True))


# ----------------------------------------------------------------------------- loading
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
    layers = sorted(p.name for p in (cache / "layers").glob("*" + _store.SUFFIX)) if (cache / "layers").is_dir() else []
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
