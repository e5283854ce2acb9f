"""``gdf.kz``: kzregions methods on any GeoDataFrame (``gdf.kz.explore(col)``,
``gdf.kz.choropleth(col)``). Registered by the package on first use of its API, so that
``import kzregions`` itself stays free of pandas."""

from __future__ import annotations

from typing import Any


def register() -> None:
    import geopandas as gpd
    import pandas as pd

    if "kz" in getattr(gpd.GeoDataFrame, "_accessors", set()) or hasattr(gpd.GeoDataFrame, "kz"):
        return

    @pd.api.extensions.register_dataframe_accessor("kz")
    class KzAccessor:
        """kzregions methods on a frame: ``explore`` (folium) and ``choropleth`` (matplotlib)."""

        def __init__(self, obj: Any) -> None:
            self._obj = obj

        def explore(self, column: str | None = None, **kwargs: Any) -> Any:
            from .explore import explore

            return explore(self._obj, column, **kwargs)

        def choropleth(self, column: str, **kwargs: Any) -> Any:
            from .maps import choropleth

            return choropleth(self._obj, column, **kwargs)
