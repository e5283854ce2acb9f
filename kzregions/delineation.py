"""Delineating regions by distance and by rule: a belt along the state border, the land
within reach of given points, the units that satisfy a condition on their attributes.

Distances are measured in the equidistant conic for Kazakhstan (metres); results are
:class:`~kzregions.regions.ProgrammeRegion` objects clipped to the country.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import boundaries
from ._crs import METRIC, STORAGE
from ._geometry import GRID, as_outline, check_lonlat, to_multipolygon
from ._schema import DEFAULT_VINTAGE
from ._validate import one_of
from .errors import (
    CRSMismatchError,
    EmptyInputError,
    EmptyRegionError,
    InvalidArgumentError,
    InvalidInputError,
    MissingColumnError,
    OutOfRangeError,
)
from .regions import ProgrammeRegion, check_share_rule, empty_unmatched, members_frame

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


# ----------------------------------------------------------------------------- distances
def border_belt(
    km: float,
    *,
    coasts: bool = True,
    sea: Any = None,
    vintage: int = DEFAULT_VINTAGE,
    threshold: float = 0.01,
) -> ProgrammeRegion:
    """The land within ``km`` kilometres of the state border.

    Distances are measured in the equidistant conic for Kazakhstan (metres).

    Parameters
    ----------
    km : float
        Width of the belt in kilometres, 0 < km <= 20,000.
    coasts : bool
        ``True`` (default): the whole outline of the country is the border, including the
        Caspian and Aral Sea coasts (the Caspian coast is a state border at sea).
        ``False``: coasts do not count; pass the seas as ``sea`` (polygons, any CRS) -
        kzregions ships no coastline, and a border piece is dropped where it lies within
        1 km of ``sea``.
    sea : GeoDataFrame, GeoSeries or geometry, optional
        Water bodies whose shores are not border (with ``coasts=False``).
    vintage : {2024, 2018}
        Boundary set of the member districts.
    threshold : float
        A district is a member if at least this share of its area lies in the belt
        (default 1 %).

    Returns
    -------
    ProgrammeRegion
        The belt clipped to the country (EPSG:4326); members are level-2 units, those not
        wholly inside ``partial``. Area in km² (Albers equal-area conic).

    Raises
    ------
    ValueError
        ``km`` is not a positive number, or ``coasts=False`` without ``sea``.
    OutOfRangeError
        ``km`` above 20,000 (half the Earth's circumference).

    Examples
    --------
    >>> import kzregions as kz
    >>> belt = kz.border_belt(50)
    >>> round(belt.area_km2), len(belt.members)
    (530131, 119)
    """
    import geopandas as gpd
    import shapely


    km = _check_km(km)
    check_share_rule(vintage, threshold)
    coasts = bool(one_of("coasts", coasts, (True, False)))
    if coasts and sea is not None:
        raise InvalidArgumentError("sea= is used with coasts=False only (the shores it excludes): drop sea= or "
                                   "pass coasts=False")
    country = boundaries.country().geometry.iloc[0]
    line = gpd.GeoSeries([country.boundary], crs=STORAGE).to_crs(METRIC).iloc[0]
    what = "the state border (coasts included)"
    if not coasts:
        if sea is None:
            raise InvalidArgumentError("coasts=False needs sea= (polygons of the Caspian and Aral seas): kzregions ships "
                             "no coastline to tell the coast from the land border")
        water = as_outline(sea, None, "sea=")
        water_m = gpd.GeoSeries([water], crs=STORAGE).to_crs(METRIC).iloc[0]
        line = shapely.difference(line, shapely.buffer(water_m, 1000.0))
        what = "the land border (shores of the given seas excluded)"
    belt = _back_to_lonlat(shapely.buffer(line, km * 1000.0, quad_segs=8), country)
    region = to_multipolygon(shapely.intersection(belt, country, grid_size=GRID))
    name = f"within {km:g} km of {what}"
    return ProgrammeRegion.from_outline(region, name, vintage, 2, threshold, "",
                                         [f"buffer of {km:g} km around {what} in the equidistant conic "
                                          f"(lon_0 67, lat_1 45, lat_2 51), clipped to the country"])


def within_distance(
    points: Any,
    km: float,
    *,
    vintage: int = DEFAULT_VINTAGE,
    threshold: float = 0.01,
    name: str | None = None,
) -> ProgrammeRegion:
    """The land within ``km`` kilometres of any of ``points`` (e.g. :func:`kzregions.centres`).

    Distances are measured in the equidistant conic for Kazakhstan; the result is clipped
    to the country.

    Parameters
    ----------
    points : GeoDataFrame or GeoSeries
        Points (or any geometry: the distance is to its nearest part) with a CRS.
    km : float
        Distance in kilometres, 0 < km <= 20,000.
    vintage : {2024, 2018}
        Boundary set of the member districts.
    threshold : float
        A district is a member if at least this share of its area lies inside (default 1 %).
    name : str, optional
        Name of the region (default: "within <km> km of <n> points").

    Returns
    -------
    ProgrammeRegion
        The buffers' union clipped to the country (EPSG:4326); members are level-2 units.

    Raises
    ------
    ValueError
        ``km`` is not a positive number.
    TypeError
        ``points`` is not a GeoDataFrame or GeoSeries.
    CRSMismatchError
        ``points`` have no CRS.
    EmptyRegionError
        ``points`` is empty.

    Examples
    --------
    >>> import kzregions as kz
    >>> astana = kz.centres(2024).query("kind == 'capital'")
    >>> agglo = kz.within_distance(astana, 100, name="Astana agglomeration")
    >>> round(agglo.area_km2), len(agglo.members), agglo.members["oblast_en"].nunique()
    (31359, 16, 3)
    """
    import geopandas as gpd
    import shapely


    km = _check_km(km)
    check_share_rule(vintage, threshold)
    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise InvalidInputError(f"points={type(points).__name__}: pass a GeoDataFrame or GeoSeries with a CRS")
    if points.crs is None:
        raise CRSMismatchError("points have no CRS: set it first (e.g. .set_crs('EPSG:4326'))")
    if len(points) == 0:
        raise EmptyRegionError("no points given")
    pm = points.to_crs(METRIC).geometry.values
    buf = shapely.union_all(shapely.buffer(pm, km * 1000.0, quad_segs=16))
    country = boundaries.country().geometry.iloc[0]
    geo = _back_to_lonlat(buf, country)
    region = to_multipolygon(shapely.intersection(geo, country, grid_size=GRID))
    nm = name or f"within {km:g} km of {len(points)} points"
    return ProgrammeRegion.from_outline(region, nm, vintage, 2, threshold, "",
                                         [f"buffer of {km:g} km around {len(points)} points in the equidistant "
                                          "conic, clipped to the country"])


#: No two points on Earth are farther apart than half the equator (20,037 km): a wider buffer
#: means nothing, and at about 1e200 km GEOS itself fails (TopologyException).
MAX_KM = 20_000.0


def _check_km(km: Any) -> float:
    """``km`` as a positive, finite float up to :data:`MAX_KM` (a string such as "50" is refused: say 50)."""
    import math
    import numbers

    # `not km > 0` also refuses NaN; an int too large for a float (10**400) is compared, never
    # converted (a flag, not isinstance in the condition: numbers.Real has no typed comparisons)
    real = isinstance(km, numbers.Real) and not isinstance(km, bool)
    if km is None or isinstance(km, bool):  # not a distance at all: a type error, as the guard says
        raise InvalidInputError(f"km={km!r}: give the distance as a number of kilometres (e.g. 50)")
    if not real or not km > 0 or km == math.inf:
        raise InvalidArgumentError(f"km={km!r}: the distance must be a positive, finite number of kilometres (e.g. 50)")
    if km > MAX_KM:
        raise OutOfRangeError(f"km={km!r}: the distance must lie in 0 < km <= {MAX_KM:,.0f} (half the "
                              "Earth's circumference); a belt of 2,000 km already covers all of Kazakhstan")
    return float(km)


def _back_to_lonlat(shape_m: Any, country: Any) -> Any:
    """A shape in the metric conic back in EPSG:4326, first cut to the country's extent.

    A buffer of thousands of km reaches where the conic is no longer invertible (past the
    pole): its projection back would be garbage ("no area"). Everything that matters lies
    within the country's box, so the box is cut out first; a belt wider than the country
    then simply becomes the whole country.
    """
    import geopandas as gpd
    import shapely

    cm = gpd.GeoSeries([country], crs=STORAGE).to_crs(METRIC)
    minx, miny, maxx, maxy = cm.total_bounds
    pad = 10_000.0
    box = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    # densified: the straight edges of the box are curves in degrees
    cut = shapely.segmentize(shapely.intersection(shape_m, box), 10_000.0)
    return gpd.GeoSeries([cut], crs=METRIC).to_crs(STORAGE).iloc[0]


# ----------------------------------------------------------------------------- rules
def select(units: gpd.GeoDataFrame, rule: str, *, name: str | None = None, zone: str | None = None) -> ProgrammeRegion:
    """Units that satisfy a rule over their attributes, e.g. ``"unemployment > 6 and density < 2"``.

    The rule is a :meth:`pandas.DataFrame.query` expression. Units where a column of the
    rule is NaN do not satisfy it (and are counted in the provenance). The members keep the
    values of the columns the rule uses, so the selection explains itself.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Units in the kzregions schema with the columns the rule uses (e.g. from
        :func:`kzregions.attach`).
    rule : str
        A :meth:`pandas.DataFrame.query` expression over the columns.
    name : str, optional
        Name of the region (default: "units where <rule>").
    zone : str, optional
        Zone name of all members (default: the region's name).

    Returns
    -------
    ProgrammeRegion
        Whole units (``share`` 1) that satisfy the rule, with the rule's columns.

    Raises
    ------
    MissingColumnError
        The rule names no column of ``units``.
    EmptyRegionError
        No unit satisfies the rule (the message gives each column's range).
    ValueError
        ``rule`` is empty or cannot be evaluated.

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    >>> high = kz.select(obl, "unemployment_rate >= 4.9", name="high unemployment")
    >>> sorted(high.members["kato"])
    ['270000000', '330000000', '430000000', '470000000', '610000000', '790000000']
    """
    import numpy as np

    if not isinstance(rule, str) or not rule.strip():
        raise InvalidArgumentError(f"rule={rule!r}: give a query string such as 'unemployment_rate > 6'")
    if getattr(units, "crs", None) is None:
        raise CRSMismatchError("units have no CRS: pass a layer of kz.oblasts() / kz.districts() "
                               "(EPSG:4326), or set the CRS of your own units first")
    if not units.crs.equals(STORAGE):
        units = units.to_crs(STORAGE)  # members are stored in EPSG:4326
    if len(units) == 0:
        raise EmptyInputError("units has no rows: nothing to select from (pass kz.districts() or a joined frame)")
    check_lonlat(units.total_bounds, "the units")
    cols = [c for c in units.columns if re.search(rf"(?<![\w`]){re.escape(c)}(?![\w`])", rule) or f"`{c}`" in rule]
    if not cols:
        raise MissingColumnError(f"the rule {rule!r} names no column of the units (columns: {list(units.columns)})")
    try:
        picked = units.query(rule)
    except Exception as exc:
        raise InvalidArgumentError(f"cannot evaluate the rule {rule!r}: {exc}") from exc
    nan = int(units[cols].isna().any(axis=1).sum())
    if not len(picked):
        ranges = "; ".join(f"{c}: {units[c].min():g} to {units[c].max():g}" for c in cols
                           if np.issubdtype(units[c].dtype, np.number))
        raise EmptyRegionError(f"no unit satisfies {rule!r} ({ranges})")
    nm = name or f"units where {rule}"
    members = members_frame(picked.reset_index(drop=True), zone or nm)
    for c in cols:
        members[c] = picked[c].to_numpy()
    v = int(units["vintage"].iloc[0]) if "vintage" in units else 2024
    prov = [f"rule {rule!r}: {len(picked)} of {len(units)} units"
            + (f"; {nan} units with a missing value in {cols} cannot satisfy it" if nan else "")]
    return ProgrammeRegion(nm, members, empty_unmatched(), "", prov, {"rule": rule}, v)
