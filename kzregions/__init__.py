"""kzregions: spatial analysis of regional policy in Kazakhstan.

>>> import kzregions as kz
>>> obl = kz.oblasts()                 # 20 level-1 units of 2024, EPSG:4326
>>> kz.resolve("Nur-Sultan").kato      # '710000000' (Astana)

Heavy libraries (geopandas, shapely, matplotlib) are imported on first use, not here, so
``import kzregions`` stays fast.

Boundaries: geokz (A. Rodionov), CC BY 4.0, after the Bureau of National Statistics of the
Republic of Kazakhstan.
"""

from __future__ import annotations

from importlib import import_module

from . import errors  # noqa: F401  (public: kz.errors)
from .settings import settings  # noqa: F401  (public: kz.settings)

__version__ = "0.1.0"

ATTRIBUTION = (
    "Boundaries: geokz (A. Rodionov), CC BY 4.0, after the Bureau of National Statistics "
    "of the Republic of Kazakhstan"
)

# public name -> module that defines it; resolved on first attribute access (PEP 562)
_LAZY = {
    "country": "data",
    "oblasts": "data",
    "districts": "data",
    "units": "data",
    "centres": "data",
    "natural_zones": "data",
    "harmonisation_report": "data",
    "vintage_for_year": "data",
    "VINTAGES": "data",
    "indicators": "attributes",
    "panel": "attributes",
    "attach": "attributes",
    "to_vintage": "attributes",
    "derive": "attributes",
    "JoinReport": "attributes",
    "programme": "regions",
    "programmes": "regions",
    "ProgrammeRegion": "regions",
    "border_belt": "regions",
    "within_distance": "regions",
    "select": "regions",
    "resolve": "names",
    "resolve_many": "names",
    "Match": "names",
    "Resolution": "names",
    "crosswalk": "vintages",
    "plot_units": "maps",
    "choropleth": "maps",
    "small_multiples": "maps",
    "explore": "maps",
    "classify": "maps",
    "Map": "maps",
    "categorical_map": "maps",
    "inequality": "analysis",
    "theil_decomposition": "analysis",
    "convergence": "analysis",
    "spatial_autocorrelation": "analysis",
    "typology": "analysis",
    "Thresholds": "analysis",
    "cluster_typology": "analysis",
    "location_quotients": "analysis",
    "zonal_stats": "rasters",
    "rasterize": "rasters",
    "mask": "rasters",
    "remoteness": "rasters",
    "Raster": "rasters",
    "assign": "points",  # issue 15
    "aggregate": "points",  # issue 15
}
_SUBMODULES = {"data", "names", "vintages", "attributes", "regions", "analysis", "rasters", "maps", "cli",
               "points"}

__all__ = sorted([*_LAZY, "settings", "errors", "ATTRIBUTION", "__version__"])


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'kzregions' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
