"""Layers for larger pipelines: GeoParquet with the CRS kept.

(Styled GeoPackage and Shapefile/GeoJSON output for QGIS is in
:mod:`kzregions.plotting.styles`, since a style is a map's classes.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._validate import writable_path
from .errors import CRSMismatchError, DependencyError, InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


def to_parquet(gdf: gpd.GeoDataFrame, path: str | Path, *, compression: str = "zstd",
               bbox_column: bool = True) -> Path:
    """Write any kzregions layer as GeoParquet 1.1 (geometry as WKB, the CRS as PROJJSON).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; it must have a CRS (kzregions layers are EPSG:4326), which is written
        into the file's ``geo`` metadata so that readers (geopandas, GDAL, DuckDB) get it back.
    path : str or Path
        The file (``.parquet``).
    compression : str
        Parquet compression (``"zstd"``, ``"snappy"``, ``"gzip"`` or ``None``).
    bbox_column : bool
        Add the per-row ``bbox`` covering column of GeoParquet 1.1, which lets readers skip
        row groups outside an area of interest.

    Returns
    -------
    Path

    Examples
    --------
    >>> import kzregions as kz
    >>> kz.to_parquet(kz.districts(2024), "districts_2024.parquet")  # doctest: +SKIP
    >>> import geopandas as gpd
    >>> gpd.read_parquet("districts_2024.parquet").crs.to_epsg()  # doctest: +SKIP
    4326
    """
    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS: set it first (kzregions layers are EPSG:4326); "
                               "GeoParquet without a CRS is read as longitude/latitude by convention only")
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise DependencyError("GeoParquet output needs pyarrow: pip install pyarrow "
                             "(or pip install 'kzregions[parquet]')") from exc
    path = writable_path("path", path)
    if path.suffix.lower() not in (".parquet", ".geoparquet", ".pq"):
        raise InvalidArgumentError(f"path={str(path)!r}: name a GeoParquet file '*.parquet'")
    out = gdf.copy()
    out.attrs = {}  # pandas attrs (join reports, units) are not Parquet metadata
    out.to_parquet(path, compression=compression, schema_version="1.1.0", write_covering_bbox=bbox_column)
    return path
