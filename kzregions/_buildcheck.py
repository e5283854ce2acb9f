"""Argument checks of the region builders (regionalize, catchments, functional regions).

One rule per kind of argument, each error naming the parameter, the bad value and the fix, so
every builder inherits the same answers to None, NaN, infinities, wrong types, empty frames and
repeated keys.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

from .errors import (
    CRSMismatchError,
    DuplicateKeyError,
    EmptyInputError,
    InvalidInputError,
    MissingColumnError,
    RegionalizationError,
)


def units_frame(name: str, gdf: Any, *, key: str = "kato") -> Any:
    """A non-empty GeoDataFrame with a CRS, polygon geometry and a unique ``key`` column."""
    import geopandas as gpd

    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InvalidInputError(f"{name} must be a GeoDataFrame of units (e.g. kz.districts(2024)), "
                                f"got {type(gdf).__name__}")
    if len(gdf) == 0:
        raise EmptyInputError(f"{name} is empty: regions are built from at least one unit")
    if gdf.crs is None:
        raise CRSMismatchError(f"{name} has no CRS: set one, e.g. {name}.set_crs('EPSG:4326')")
    if key not in gdf.columns:
        raise MissingColumnError(f"{name} has no {key!r} column (columns: {list(gdf.columns)})")
    keys = gdf[key]
    if keys.isna().any():
        raise RegionalizationError(f"{name}[{key!r}] has {int(keys.isna().sum())} missing codes: every unit "
                                   "needs its code")
    dup = keys[keys.duplicated()]
    if len(dup):
        raise DuplicateKeyError(f"{name}[{key!r}] repeats {sorted(map(str, set(dup)))[:5]}: one row per unit")
    geom = gdf.geometry
    if geom.isna().any() or geom.is_empty.any():
        bad = list(keys[geom.isna() | geom.is_empty].astype(str))[:5]
        raise RegionalizationError(f"{name} has units without geometry: {bad}")
    kinds = set(geom.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise RegionalizationError(f"{name} must hold polygons, got {sorted(kinds)}")
    return gdf


def column_names(name: str, value: Any, gdf: Any, *, allow_empty: bool = False) -> list[str]:
    """Names of numeric columns of ``gdf`` (a str or a list of str)."""
    import pandas as pd

    cols = [value] if isinstance(value, str) else value
    if cols is None or not isinstance(cols, (list, tuple)) or not all(isinstance(c, str) for c in cols):
        raise InvalidInputError(f"{name} must be a column name or a list of column names, got {value!r}")
    if not cols and not allow_empty:
        raise RegionalizationError(f"{name} is empty: name at least one column")
    if len(set(cols)) != len(cols):
        raise RegionalizationError(f"{name} repeats a column: {list(cols)}")
    for c in cols:
        if c not in gdf.columns:
            raise MissingColumnError(f"{name}: no column {c!r} (columns: {list(gdf.columns)})")
        if not pd.api.types.is_numeric_dtype(gdf[c]) or pd.api.types.is_bool_dtype(gdf[c]):
            raise InvalidInputError(f"{name}: column {c!r} is not numeric ({gdf[c].dtype})")
        vals = gdf[c].to_numpy(dtype=float, na_value=float("nan"))
        if (abs(vals) == math.inf).any():
            raise RegionalizationError(f"{name}: column {c!r} holds infinite values; replace them with NaN "
                                       "(such units are reported, not used) or finite numbers")
    return list(cols)


def number(name: str, value: Any, *, low: float | None = None, strict: bool = False,
           high: float | None = None, optional: bool = False) -> float | None:
    """A finite real number within bounds (``strict``: above ``low``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidInputError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise RegionalizationError(f"{name}={value!r}: use a finite number")
    if low is not None and (v <= low if strict else v < low):
        raise RegionalizationError(f"{name}={value!r}: must be {'above' if strict else 'at least'} {low:g}")
    if high is not None and v > high:
        raise RegionalizationError(f"{name}={value!r}: must be at most {high:g}")
    return v


def integer(name: str, value: Any, *, low: int, optional: bool = False) -> int | None:
    """An integer (not a bool) of at least ``low``."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise InvalidInputError(f"{name} must be an integer, got {value!r}")
    if int(value) < low:
        raise RegionalizationError(f"{name}={value!r}: must be at least {low}")
    return int(value)


def choice(name: str, value: Any, allowed: tuple) -> Any:
    """``value`` if it is one of ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        raise RegionalizationError(f"{name}={value!r}: use one of {', '.join(repr(a) for a in allowed)}")
    return value


def text(name: str, value: Any) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{name} must be a non-empty string, got {value!r}")
    return value
