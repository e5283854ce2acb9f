"""The vocabulary every module shares: columns, kinds of unit, boundary sets, special codes.

Nothing here imports anything heavier than the standard library: the ground floor of the
package, so any module may import it.
"""

from __future__ import annotations

from .errors import LevelError, UnitsError, VintageError

#: Boundary sets (vintages) with polygons, and the period each was in force.
VINTAGES = {2018: "19 June 2018 - 7 June 2022", 2024: "since 8 June 2022"}
#: The pre-2018 set, derived from the 2018 polygons (level 1 only).
DERIVED_VINTAGE = 2017
#: The one default boundary set of every function that takes a vintage.
DEFAULT_VINTAGE = 2024
#: Boundary sets a statistic can be measured on (2017 is derived from 2018 polygons).
STAT_VINTAGES = (2017, 2018, 2024)

KIND_COUNTRY = "country"
KIND_OBLAST = "oblast"
KIND_CITY_REP = "city of republican significance"
KIND_DISTRICT = "district"
KIND_CITY_OBL = "city of oblast significance"
KIND_CITY_DISTRICT = "city district"
KINDS = (KIND_OBLAST, KIND_CITY_REP, KIND_DISTRICT, KIND_CITY_OBL, KIND_CITY_DISTRICT)

#: KATO prefixes (first two digits) of the cities of republican significance.
CITY_PREFIXES = {"71": "Astana", "75": "Almaty", "79": "Shymkent"}
#: KATO of the country in the statistics (national rows).
NATIONAL = "000000000"
#: Key of South Kazakhstan oblast (2017 set): the source gives it no KATO code; YKO is the
#: abbreviation the Bureau of National Statistics uses.
YKO = "YKO"
#: The units of 2018 whose union is South Kazakhstan (Turkistan oblast, Shymkent city).
YKO_PARTS = ("610000000", "790000000")

COLUMNS = ["kato", "pcode", "iso_3166_2", "name_en", "name_kk", "name_ru", "kind", "level",
           "oblast_kato", "oblast_en", "vintage", "area_km2", "geometry"]
CENTRE_COLUMNS = ["kato", "name_en", "name_kk", "name_ru", "kind", "oblast_kato", "oblast_en",
                  "vintage", "geometry"]

#: Share of a unit's area inside a region above which the unit counts as wholly inside
#: (below it, the unit is a partial member).
WHOLE_SHARE = 0.999
#: Share of area a unit must keep (both ways) to count as unchanged between two sets.
STABLE_SHARE = 0.99
#: Nodata value written into rasters when the caller gives none.
RASTER_NODATA = -9999.0

#: Persons in one unit of each population unit of measure the statistics use.
PERSONS = {"persons": 1.0, "thousand persons": 1000.0}

_LEVELS = {"oblast": 1, "oblasts": 1, "region": 1, "1": 1, "district": 2, "districts": 2,
           "rayon": 2, "2": 2}


def vintage_for_year(year: int) -> int:
    """The boundary set in force for statistics of ``year`` (2018 for 2018-2021, 2024 from 2022).

    Years before 2018 map to 2018 only as the closest set: South Kazakhstan (before 2018)
    is Turkistan oblast plus Shymkent city in both sets.

    Parameters
    ----------
    year : int
        Calendar year of the statistics (anything :func:`int` accepts, e.g. ``"2021"``).

    Returns
    -------
    int
        2018 for years up to 2021, 2024 from 2022 on (the 2024 set is in force since
        8 June 2022).

    Examples
    --------
    >>> vintage_for_year(2021)
    2018
    >>> import kzregions as kz
    >>> kz.vintage_for_year(2022), kz.vintage_for_year(2015)
    (2024, 2018)
    """
    year = int(year)
    return 2024 if year >= 2022 else 2018


def check_vintage(vintage) -> int:
    """Return ``vintage`` as an int if it names a boundary set, else raise :class:`VintageError`."""
    try:
        v = int(vintage)
    except (TypeError, ValueError, OverflowError):
        v = None
    if v is not None and v != vintage and not (isinstance(vintage, str) and vintage.strip() == str(v)):
        v = None  # 2018.5 is not 2018
    if v in VINTAGES:
        return v
    from ._messages import keyed  # the message in three languages (issue 26); its table names VINTAGES

    if v == DERIVED_VINTAGE:
        raise keyed(VintageError, "vintage_2017", vintage=vintage)
    if v is not None and 1991 <= v <= 2100:
        raise keyed(VintageError, "vintage_year", vintage=vintage, year=v, in_force=vintage_for_year(v))
    raise keyed(VintageError, "vintage", vintage=vintage)


def check_stat_vintage(vintage) -> int:
    """Return ``vintage`` as an int if statistics can be measured on it (2017, 2018, 2024)."""
    try:
        v = int(vintage)
    except (TypeError, ValueError, OverflowError):
        v = None
    if v not in STAT_VINTAGES:
        from ._messages import keyed

        raise keyed(VintageError, "stat_vintage", vintage=vintage)
    return v


def check_level(level) -> int:
    """Return 1 (oblasts) or 2 (districts) for a level given as a number or a name."""
    lv = _LEVELS.get(str(level).strip().lower()) if level is not None else None
    if lv is None:
        from ._messages import keyed

        raise keyed(LevelError, "level", level=level)
    return lv


class _PointLevelDefault(int):
    """The ``level`` of :func:`kzregions.assign` and :func:`kzregions.aggregate` when none is
    passed: 2 (districts) in 0.3, with a FutureWarning; the library's one default, 1, from 0.4."""

    def __repr__(self) -> str:
        return "2 (FutureWarning: 1 from 0.4)"

    def __str__(self) -> str:
        return "2"


#: Marks ``level`` not passed to assign/aggregate (compared by identity; an explicit 2 is a plain int).
POINT_LEVEL_DEFAULT = _PointLevelDefault(2)


def persons_in(unit: str | None, column: str) -> float:
    """Persons in one ``unit`` (1 or 1000) of the population column ``column``.

    The one rule for scaling population to persons (densities of :func:`kzregions.derive`
    and :func:`kzregions.typology`): a unit that is not known raises :class:`UnitsError`
    rather than counting as persons.
    """
    if unit in PERSONS:
        return PERSONS[unit]
    said = "has no unit (no attrs['units'] entry and no shipped indicator of that name)" if not unit \
        else f"is in {unit!r}, not a count of persons"
    raise UnitsError(f"column {column!r} {said}: set frame.attrs['units'] = {{{column!r}: 'persons'}} (or "
                     "'thousand persons'); kz.derive also takes column_units=")


# ----------------------------------------------------------------------------- kinds of variable
#: Shipped indicators that are counts or totals (extensive: they add up over units, so a
#: choropleth of them shows the size of the units). Everything else of the catalogue is a rate,
#: share, index, mean or per-capita value (intensive).
EXTENSIVE_INDICATORS = frozenset({
    "population_avg_annual", "population_start_of_year", "urban_population_avg_annual",
    "urban_population_start_of_year", "census_population", "population", "grp_total", "area_km2",
    "people_in_failing_buildings", "manufacturing_jobs", "inward_fdi", "outward_fdi", "renewable_capacity",
    "fixed_broadband_subscriptions", "passenger_freight_volumes", "disaster_damage", "mountain_forest_area",
    "eroded_land_share",  # despite its name, thousand hectares in the Bureau's file
})
#: Units that only counts have (persons, not persons per km²).
EXTENSIVE_UNITS = frozenset({"persons", "thousand persons", "thousand people", "million KZT (current prices)"})
#: Suffixes of derived columns (kz.derive), all intensive.
_INTENSIVE_SUFFIXES = ("_density", "_per_capita", "_share", "_index", "_pct", "_rate")


def indicator_kind(column: str, unit: str | None = None) -> str:
    """``"extensive"`` for a count or total (by the shipped indicator's name, or a unit only
    counts have), else ``"intensive"``.

    Parameters
    ----------
    column : str
        Indicator or column name (derived columns such as ``population_start_of_year_density``
        are intensive).
    unit : str, optional
        The column's unit (``gdf.attrs["units"]``), for columns the catalogue does not know.

    Returns
    -------
    str

    Examples
    --------
    >>> indicator_kind("population_start_of_year"), indicator_kind("population_start_of_year_density")
    ('extensive', 'intensive')
    """
    import re

    if column in EXTENSIVE_INDICATORS:
        return "extensive"
    if column.endswith(_INTENSIVE_SUFFIXES) or re.search(r"_cagr_\d{4}_\d{4}$", column):
        return "intensive"
    return "extensive" if unit is not None and unit.strip() in EXTENSIVE_UNITS else "intensive"
