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

import inspect
from importlib import import_module

from . import errors  # noqa: F401  (public: kz.errors)
from .settings import settings  # noqa: F401  (public: kz.settings)

__version__ = "0.3.0"  # the one place: pyproject.toml reads it from here

from ._i18n import text as _text
from ._validate import guard

#: The attribution every map carries (CC BY 4.0 of the geokz boundaries), in English.
ATTRIBUTION = _text("attribution", "en")

# public name -> module that defines it; resolved on first attribute access (PEP 562)
_LAZY = {
    "country": "boundaries",
    "oblasts": "boundaries",
    "districts": "boundaries",
    "units": "boundaries",
    "centres": "boundaries",
    "natural_zones": "boundaries",
    "harmonisation_report": "boundaries",
    "vintage_for_year": "_schema",
    "VINTAGES": "_schema",
    "indicators": "stats",
    "panel": "stats",
    "derive": "stats",
    "attach": "join",
    "attach_each": "join",
    "JoinReport": "join",
    "to_vintage": "vintages",
    "crosswalk": "vintages",
    "programme": "catalogue",
    "programmes": "catalogue",
    "ProgrammeRegion": "regions",
    "border_belt": "delineation",
    "within_distance": "delineation",
    "select": "delineation",
    "resolve": "names",
    "resolve_many": "names",
    "Match": "matches",
    "Resolution": "names",
    "SettlementMatch": "matches",
    "gazetteer": "settlements",
    "members_in_district": "settlements",
    "plot_units": "plotting.maps",
    "choropleth": "plotting.maps",
    "small_multiples": "plotting.multiples",
    "categorical_map": "plotting.maps",
    "Map": "plotting.maps",
    "classify": "plotting.classes",
    "Classes": "plotting.classes",
    "explore": "plotting.explore",
    "atlas": "plotting.atlas",
    "Atlas": "plotting.atlas",
    "to_gpkg": "plotting.styles",
    "to_parquet": "export",
    "inequality": "disparities",
    "theil_decomposition": "disparities",
    "convergence": "disparities",
    "spatial_autocorrelation": "spatial",
    "typology": "analysis",
    "Thresholds": "analysis",
    "cluster_typology": "analysis",
    "location_quotients": "specialisation",  # issue 23: moved there (analysis re-exports it)
    "zonal_stats": "zonal",
    "rasterize": "rasters",
    "mask": "rasters",
    "remoteness": "rasters",
    "Raster": "rasters",
    "hdi": "development",
    "composite_index": "development",
    "CompositeIndex": "development",
    "sdg_places": "development",
    "criteria_typology": "analysis",
    "Criterion": "analysis",
    "assign": "points",
    "aggregate": "points",
    # issue 23: structure and dynamics
    "sector_table": "specialisation",
    "specialisation_indices": "specialisation",
    "regional_shares": "specialisation",
    "shift_share": "shiftshare",
    "ShiftShare": "shiftshare",
    "real_grp_index": "growth",
    "real_growth": "growth",
    "nominal_vs_real": "growth",
    "real_growth_panel": "growth",
    "income_mobility": "dynamics",
    "Mobility": "dynamics",
    "internal_migration": "dynamics",
    "population_change": "dynamics",
    "lagging_regions": "lagging",
    "eu_lagging_criteria": "lagging",
    "proportional_map": "plotting.symbols",
    "regionalize": "homogeneous",
    "compare_regionalizations": "homogeneous",
    "Regionalization": "regionalization",
    "catchments": "catchment",
    "functional_regions": "functional",
    "geonames_places": "samples",  # issue 26: real points for examples
    "AssignReport": "_pointreport",  # issue 20: every report one shape
    "HarmonisationReport": "boundaries",
}
_SUBMODULES = {"analysis", "boundaries", "catalogue", "catchment", "cli", "delineation", "development", "disparities", "dynamics", "export", "functional", "growth", "homogeneous", "join", "lagging", "matches", "names", "plotting", "points", "rasters", "regionalization", "regions", "settlements", "shiftshare", "spatial", "specialisation", "stats", "vintages", "zonal", "samples"}

__all__ = sorted([*_LAZY, "settings", "errors", "ATTRIBUTION", "__version__"])


def _register_accessor() -> None:
    # every frame a user gets from kzregions comes through this module's API, so registering
    # the gdf.kz accessor on first use covers them all without importing pandas at import
    from .plotting._accessor import register

    register()


def __getattr__(name: str):
    if name in _LAZY:
        if _LAZY[name] != "_schema":  # the vocabulary stays free of pandas
            _register_accessor()
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        if inspect.isfunction(value):  # text arguments checked before any work (issue 21)
            value = guard(value)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)
    raise errors.UnknownAttributeError(f"module 'kzregions' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
