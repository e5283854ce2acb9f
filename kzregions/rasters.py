"""Rasters with rasterio: the in-memory :class:`Raster`, rasterised indicators, clipping to
regions, remoteness surfaces. Zonal statistics are in :mod:`kzregions.zonal`."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np  # this module is imported on first use only; numpy is needed throughout

from ._crs import EQUAL_AREA, METRIC
from ._geometry import as_geoseries
from ._schema import RASTER_NODATA
from ._validate import writable_path
from .errors import (
    CRSMismatchError,
    EmptyInputError,
    EmptyRegionError,
    InvalidArgumentError,
    InvalidInputError,
    MissingColumnError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd



@dataclass
class Raster:
    """An in-memory single-band raster: ``array`` (2-D), ``transform`` (affine), ``crs``,
    ``nodata``. What :func:`remoteness` returns; accepted wherever a raster path is.

    Attributes
    ----------
    array : numpy.ndarray
        The cells, 2-D (rows, columns).
    transform : affine.Affine
        Cell coordinates -> coordinates in ``crs``.
    crs : rasterio.crs.CRS or str
        The raster's CRS (kzregions grids are metric: cells in metres).
    nodata : float, optional
        The value of cells without data.
    name : str
        What the cells hold (written to the GeoTIFF tags).
    shape : tuple of int
        ``array.shape``.

    Examples
    --------
    >>> import kzregions as kz
    >>> r = kz.remoteness(kz.centres(2024), 20000)
    >>> r.shape, r.nodata, r.name
    ((83, 149), -9999.0, 'distance to nearest point (km)')
    """

    array: Any
    transform: Any
    crs: Any
    nodata: float | None = None
    name: str = ""

    @property
    def shape(self):
        """``(rows, columns)`` of the array."""
        return self.array.shape

    def to_file(self, path, tags: dict | None = None) -> None:
        """Write a tiled, deflate-compressed GeoTIFF.

        Parameters
        ----------
        path : str or Path
            Output file (overwritten).
        tags : dict, optional
            GeoTIFF tags (values written as text); default ``{"name": self.name}``.

        Returns
        -------
        None

        Examples
        --------
        >>> import kzregions as kz
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "remoteness.tif")
        >>> kz.remoteness(kz.centres(2024), 20000).to_file(path)
        >>> import rasterio
        >>> with rasterio.open(path) as ds:
        ...     ds.shape, ds.tags()["name"]
        ((83, 149), 'distance to nearest point (km)')
        """
        _write(path, self.array, self.transform, self.crs, self.nodata, tags or {"name": self.name})

    def __repr__(self) -> str:
        h, w = self.shape
        epsg = self.crs.to_epsg() if hasattr(self.crs, "to_epsg") else None
        crs = f"EPSG:{epsg}" if epsg else (self.crs.to_proj4() if hasattr(self.crs, "to_proj4") else str(self.crs))
        return f"<Raster {self.name!r} {w}x{h}, cell {abs(self.transform.a):g} x {abs(self.transform.e):g}, CRS {crs}>"


def _write(path, array, transform, crs, nodata, tags):
    import rasterio

    h, w = array.shape
    profile = dict(driver="GTiff", height=h, width=w, count=1, dtype=array.dtype.name, crs=crs,
                   transform=transform, nodata=nodata, compress="deflate", tiled=True,
                   blockxsize=256, blockysize=256, predictor=3 if array.dtype.kind == "f" else 2,
                   BIGTIFF="IF_SAFER")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array, 1)
        dst.update_tags(**{k: str(v) for k, v in tags.items()})


# ----------------------------------------------------------------------------- writing
def rasterize(
    gdf: gpd.GeoDataFrame,
    column: str,
    path,
    resolution: float,
    *,
    crs: str = EQUAL_AREA,
    nodata: float = RASTER_NODATA,
    all_touched: bool = False,
    bounds: Any = None,
) -> Raster:
    """Burn a column of units into a compressed, tiled GeoTIFF.

    Parameters
    ----------
    gdf : GeoDataFrame
        Units with ``column`` (numeric); NaN units are written as nodata.
    column : str
        The numeric column burnt into the cells.
    path : str or Path
        Output GeoTIFF (deflate, 256x256 tiles, nodata set, ``column`` in the tags).
    resolution : float
        Cell size in the units of ``crs`` (metres for the default equal-area conic).
    crs : str
        Output CRS; default the Albers equal-area conic for Kazakhstan (metres).
    nodata : float
        Value of cells outside every unit (default -9999).
    all_touched : bool
        Burn every cell a unit touches, not only cells whose centre lies inside.
    bounds : (minx, miny, maxx, maxy), optional
        Extent in ``crs``; default the units' bounds.

    Returns
    -------
    Raster
        The written grid (also in memory), float32.

    Raises
    ------
    KeyError
        ``column`` is not a column of ``gdf``.
    TypeError
        ``column`` is not numeric.
    ValueError
        ``resolution`` is not positive, or is above 1 in a geographic CRS (degrees).
    CRSMismatchError
        ``gdf`` has no CRS.

    Examples
    --------
    >>> import kzregions as kz
    >>> import os, tempfile
    >>> obl = kz.oblasts(2024)
    >>> obl["code"] = obl["kato"].str[:2].astype(float)
    >>> path = os.path.join(tempfile.mkdtemp(), "codes.tif")
    >>> grid = kz.rasterize(obl, "code", path, 10000)  # 10 km cells, Albers equal-area
    >>> grid.shape, grid.crs.is_projected
    ((165, 297), True)
    >>> kz.zonal_stats(path, obl, "median").loc[["150000000", "710000000"], "median"].tolist()
    [15.0, 71.0]
    """
    import rasterio
    from rasterio.features import rasterize as burn
    from rasterio.transform import from_origin

    writable_path("path", path)
    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} (columns: {list(gdf.columns)})")
    if not np.issubdtype(gdf[column].dtype, np.number):
        raise InvalidInputError(f"column {column!r} is not numeric ({gdf[column].dtype}): convert it first, e.g. with pd.to_numeric")
    if resolution is None or resolution <= 0:
        raise InvalidArgumentError(f"resolution={resolution!r}: give a positive cell size in the units of crs= (metres, e.g. 1000)")
    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS")
    proj = gdf.to_crs(crs)
    if rasterio.crs.CRS.from_user_input(crs).is_geographic and resolution > 1:
        raise InvalidArgumentError(f"resolution {resolution} in a geographic CRS means degrees: use a metric CRS")
    if len(proj) == 0:
        raise EmptyInputError("gdf has no rows: nothing to rasterize")
    if bounds is not None and (not hasattr(bounds, "__len__") or len(bounds) != 4
                               or not all(isinstance(b, (int, float)) and math.isfinite(b) for b in bounds)):
        raise InvalidArgumentError(f"bounds={bounds!r:.60}: give (minx, miny, maxx, maxy) in the units of crs=")
    minx, miny, maxx, maxy = bounds or proj.total_bounds
    w, h = int(math.ceil((maxx - minx) / resolution)), int(math.ceil((maxy - miny) / resolution))
    transform = from_origin(minx, maxy, resolution, resolution)
    vals = proj[column].to_numpy(dtype="float64")
    shapes = [(g, v) for g, v in zip(proj.geometry.values, vals) if not np.isnan(v)]
    arr = burn(shapes, out_shape=(h, w), transform=transform, fill=nodata, all_touched=all_touched,
               dtype="float32") if shapes else np.full((h, w), nodata, dtype="float32")
    _write(path, arr, transform, crs, nodata, {"column": column, "source": "kzregions.rasterize",
                                                "resolution": resolution})
    return Raster(arr, transform, rasterio.crs.CRS.from_user_input(crs), nodata, column)


def mask(raster: Any, region: Any, path: Any = None, *, crop: bool = True, nodata: float | None = None) -> Raster:
    """Clip a raster to a programme region, a unit or any polygon (cells outside: nodata).

    ``region`` may be a :class:`~kzregions.regions.ProgrammeRegion`, a GeoDataFrame /
    GeoSeries with a CRS, or a shapely geometry in EPSG:4326. Returns a :class:`Raster`;
    with ``path``, also writes it.

    Parameters
    ----------
    raster : path, rasterio dataset or :class:`Raster`
        The raster to clip (any CRS; the region is reprojected to it).
    region : ProgrammeRegion, GeoDataFrame, GeoSeries or shapely geometry
        The clipping polygon(s).
    path : str or Path, optional
        Also write the result here (GeoTIFF).
    crop : bool
        Shrink the extent to the region's bounds (default ``True``).
    nodata : float, optional
        Value of cells outside the region; default the raster's nodata, else -9999.

    Returns
    -------
    Raster
        The clipped grid; ``name`` is the region's name (a ProgrammeRegion's), else "masked".

    Raises
    ------
    KzRegionsError
        The region does not overlap the raster.

    Examples
    --------
    >>> import kzregions as kz
    >>> r = kz.remoteness(kz.centres(2024), 20000)
    >>> kyzylorda = kz.mask(r, kz.oblasts(2024).query("kato == '430000000'"))
    >>> kyzylorda.shape
    (32, 37)
    >>> kz.mask(r, kz.programme("aral_sea")).name
    'Aral Sea region: zones of ecological disaster, crisis and pre-crisis (2018)'
    """
    import rasterio
    import rasterio.mask
    from rasterio.io import MemoryFile

    shapes = as_geoseries(region, what="region=")
    if path is not None:
        writable_path("path", path)
    if not (isinstance(raster, (str, os.PathLike, Raster)) or hasattr(raster, "read")):
        raise InvalidInputError(f"raster={raster!r:.60} ({type(raster).__name__}): give a path, an open rasterio "
                                "dataset or a Raster")
    if isinstance(raster, Raster):
        with MemoryFile() as mem:
            with mem.open(driver="GTiff", height=raster.shape[0], width=raster.shape[1], count=1,
                          dtype=raster.array.dtype.name, crs=raster.crs, transform=raster.transform,
                          nodata=raster.nodata) as ds:
                ds.write(raster.array, 1)
            with mem.open() as ds:
                return mask(ds, region, path, crop=crop, nodata=nodata)
    ds = rasterio.open(raster) if not hasattr(raster, "read") else raster
    try:
        nd = nodata if nodata is not None else (ds.nodata if ds.nodata is not None else RASTER_NODATA)
        geoms = list(shapes.to_crs(ds.crs).geometry)
        arr, transform = rasterio.mask.mask(ds, geoms, crop=crop, nodata=nd, filled=True)
        out = Raster(arr[0], transform, ds.crs, nd, getattr(region, "name", "masked"))
    except ValueError as exc:
        raise EmptyRegionError(f"the region does not overlap the raster: {exc}") from exc
    finally:
        if not hasattr(raster, "read"):
            ds.close()
    if path is not None:
        out.to_file(path, {"masked_to": out.name})
    return out


def remoteness(
    points: Any,
    resolution: float = 5000.0,
    *,
    extent: Any = None,
    crs: str = METRIC,
    path: Any = None,
    nodata: float = RASTER_NODATA,
) -> Raster:
    """Distance in km from every cell to the nearest point, as a raster.

    Parameters
    ----------
    points : GeoDataFrame or GeoSeries
        Points with a CRS, e.g. ``kz.centres(2024)`` (regional centres, markets).
    resolution : float
        Cell size in metres.
    extent : GeoDataFrame, geometry or ProgrammeRegion, optional
        Cells outside are nodata; default the country.
    crs : str
        Metric CRS of the grid; default the equidistant conic for Kazakhstan (Euclidean
        distances in it deviate from geodesic ones by well under 1 % in the country).
    path : optional
        Also write the GeoTIFF here.

    nodata : float
        Value of cells outside ``extent`` (default -9999).

    Returns
    -------
    Raster
        Float32 km, nodata outside ``extent``.

    Raises
    ------
    CRSMismatchError
        ``points`` is not a GeoDataFrame/GeoSeries with a CRS.
    ValueError
        No points, or ``resolution`` not positive.

    Examples
    --------
    >>> import kzregions as kz
    >>> r = kz.remoteness(kz.centres(2024), 20000)  # 20 km cells
    >>> r.shape, round(float(r.array.max()))  # the farthest cell from any regional centre, km
    ((83, 149), 462)
    """
    import geopandas as gpd
    import rasterio
    from rasterio.features import geometry_mask
    from rasterio.transform import from_origin
    from scipy.spatial import cKDTree

    from .boundaries import country

    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)) or points.crs is None:
        raise CRSMismatchError("points must be a GeoDataFrame/GeoSeries with a CRS")
    if len(points) == 0:
        raise EmptyInputError("points is empty: give at least one point")
    if path is not None:
        writable_path("path", path)
    if resolution <= 0:
        raise InvalidArgumentError(f"resolution={resolution!r}: give a positive cell size in metres (e.g. 1000)")
    ext = as_geoseries(country() if extent is None else extent, what="extent=").to_crs(crs)
    minx, miny, maxx, maxy = ext.total_bounds
    w, h = int(math.ceil((maxx - minx) / resolution)), int(math.ceil((maxy - miny) / resolution))
    transform = from_origin(minx, maxy, resolution, resolution)
    pts = points.to_crs(crs).geometry
    xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    tree = cKDTree(xy)
    inside = ~geometry_mask(list(ext), (h, w), transform, all_touched=False)
    out = np.full((h, w), nodata, dtype="float32")
    xs = minx + (np.arange(w) + 0.5) * resolution
    for r0 in range(0, h, 512):  # rows in chunks: memory stays flat on fine grids
        r1 = min(h, r0 + 512)
        ys = maxy - (np.arange(r0, r1) + 0.5) * resolution
        gx, gy = np.meshgrid(xs, ys)
        sel = inside[r0:r1]
        d, _ = tree.query(np.column_stack([gx[sel], gy[sel]]))
        block = out[r0:r1]
        block[sel] = (d / 1000.0).astype("float32")
    r = Raster(out, transform, rasterio.crs.CRS.from_user_input(crs), nodata, "distance to nearest point (km)")
    if path is not None:
        r.to_file(path, {"name": r.name, "unit": "km", "points": len(points)})
    return r
