"""Drawing only what a map shows: geometries clipped to the view before they are plotted."""

from __future__ import annotations


def plot_in_view(ax, geoms, view, margin: float = 0.05, **kw) -> None:
    """Draw ``geoms`` (a GeoSeries) clipped to the view ``(x0, y0, x1, y1)`` widened by
    ``margin`` of its size on every side; nothing when no part of them is in view.

    A sheet shows a part of the country, but drawing whole outlines makes matplotlib
    transform, and the PDF writer compress, every vertex of them on every page (an atlas
    was twice the size). The cuts a clip makes along its rectangle lie outside the view,
    so nothing visible changes.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    x0, y0, x1, y1 = view
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    clipped = shapely.clip_by_rect(np.asarray(geoms.values), x0 - dx, y0 - dy, x1 + dx, y1 + dy)
    clipped = clipped[~shapely.is_empty(clipped)]
    if len(clipped):
        gpd.GeoSeries(clipped, crs=geoms.crs).plot(ax=ax, **kw)
