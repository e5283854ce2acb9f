"""The backdrop of every map, read and projected once: Natural Earth's neighbouring
countries, the Caspian and the lakes (EPSG:4326 as shipped), the same layer in a map's CRS,
and the pyproj transformers between a map's CRS and longitude / latitude.

Nothing here is public API; :mod:`kzregions.plotting._furniture` draws with it.
"""

from __future__ import annotations

from functools import lru_cache

from .._crs import STORAGE


def context_layer():
    """Neighbouring countries, the Caspian Sea and the lakes (Natural Earth, public domain; see
    kzregions/datasets/SOURCES-context.md), EPSG:4326. Read once per process."""
    global _CONTEXT
    if _CONTEXT is None:
        import gzip
        from importlib import resources

        import geopandas as gpd
        import pandas as pd

        with resources.files("kzregions.datasets").joinpath("context_natural_earth.csv.gz").open("rb") as fh:
            df = pd.read_csv(gzip.open(fh), keep_default_na=False)
        _CONTEXT = gpd.GeoDataFrame(df.drop(columns="wkt"), geometry=gpd.GeoSeries.from_wkt(df["wkt"]),
                                    crs=STORAGE)
    return _CONTEXT


_CONTEXT = None


@lru_cache(maxsize=8)
def context_in(crs):
    """The context layer in ``crs``, projected once per CRS: the sheets of an atlas share it
    (projecting it on every sheet was a tenth of a sheet's drawing time). Read only."""
    return context_layer().to_crs(crs)


@lru_cache(maxsize=16)
def transformer(src, dst):
    """A pyproj transformer from ``src`` to ``dst`` (x = longitude / easting first), built
    once per pair of CRSs (building one takes milliseconds; a sheet needs several)."""
    import pyproj

    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def view_lonlat(ax, crs):
    """The axes' view box, and its extent in longitude / latitude (the extent of its four
    corners)."""
    import numpy as np
    from shapely.geometry import box

    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lon, lat = transformer(crs, STORAGE).transform(np.array([x0, x1, x1, x0]), np.array([y0, y0, y1, y1]))
    return box(x0, y0, x1, y1), (float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat)))


def context_in_view(crs, view, kind: str | None = None):
    """The context features (of ``kind``) within a degree of the ``view`` (lon / lat
    bounds), in ``crs``."""
    base = context_layer()
    if kind is not None:
        base = base[base["kind"] == kind]
    rows = base.cx[view[0] - 1: view[2] + 1, view[1] - 1: view[3] + 1].index
    return context_in(crs).loc[rows]
