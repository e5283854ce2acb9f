"""Coordinate reference systems used by kzregions, in one place.

Storage is always EPSG:4326 (longitude, latitude on WGS 84). Areas are computed in an
Albers equal-area conic and distances in an equidistant conic, both centred on Kazakhstan
(central meridian 67 E, standard parallels 45 N and 51 N, which bracket most of the
country's area so scale error stays well under 1 % from 40.5 N to 55.5 N). Print maps use
the conformal (Lambert) conic with the same parameters, so shapes look as on official
maps of the republic.
"""

from __future__ import annotations

from typing import Any

STORAGE = "EPSG:4326"

_PARAMS = "+lat_0=48 +lon_0=67 +lat_1=45 +lat_2=51 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

#: Albers equal-area conic for Kazakhstan (metres): use for areas and densities.
EQUAL_AREA = "+proj=aea " + _PARAMS
#: Equidistant conic for Kazakhstan (metres): use for buffers and distances.
METRIC = "+proj=eqdc " + _PARAMS
#: Edges are densified to this length (degrees) before areas are computed.
DENSIFY_DEG = 0.01
#: Lambert conformal conic for Kazakhstan (metres): use for maps.
CONFORMAL = "+proj=lcc " + _PARAMS


def area_km2(geoseries: Any) -> Any:
    """Area of each geometry in km², computed in :data:`EQUAL_AREA`.

    Parameters
    ----------
    geoseries : geopandas.GeoSeries
        Geometries with a CRS set.

    Returns
    -------
    pandas.Series
        Area in square kilometres.
    """
    if geoseries.crs is None:
        from .errors import CRSMismatchError

        raise CRSMismatchError(
            "geometries have no CRS: set one first, e.g. gdf.set_crs('EPSG:4326') for "
            "longitude/latitude data; areas are never computed in unknown units"
        )
    if geoseries.crs.is_geographic:
        # densify first: an edge straight in degrees is curved in the conic, and two
        # polygons sharing part of an edge (one with an extra vertex on it) would otherwise
        # project to slightly different chords; 0.01° (about 1 km) makes areas of unions,
        # intersections and their parts add up to within 1e-9
        geoseries = geoseries.segmentize(DENSIFY_DEG)
    return geoseries.to_crs(EQUAL_AREA).area / 1e6
