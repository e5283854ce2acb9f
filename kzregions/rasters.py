"""Rasters with rasterio: zonal statistics, rasterised indicators, clipping, remoteness.

Rasters are read block by block (windows), never whole: a raster larger than memory is
summarised with memory bounded by one block plus per-zone accumulators. Percentiles are
exact without holding a zone's values: a first pass counts values per zone, a second builds
a histogram per zone, a third collects only the values of the bins that hold the wanted
ranks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np  # this module is imported on first use only; numpy is needed throughout

from ._crs import EQUAL_AREA, METRIC
from ._geometry import as_geoseries
from ._schema import RASTER_NODATA
from ._validate import renamed_keywords
from .errors import (
    CRSMismatchError,
    DataIntegrityError,
    InvalidGeometryError,
    KzRegionsError,
    MissingColumnError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

BASIC = ("count", "sum", "mean", "min", "max", "std", "range")
_HIST_BINS = 4096


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


class _Source:
    """Uniform windowed reading from a path, an open rasterio dataset or a Raster."""

    def __init__(self, raster, band: int = 1, nodata=None, transform=None, crs=None):
        import numpy as np
        import rasterio

        self._close = False
        if isinstance(raster, np.ndarray):
            if raster.ndim != 2:
                raise ValueError(f"raster array has shape {raster.shape}: pass one band as a 2-D array "
                                 "(e.g. arr[0] for the first band of a (bands, rows, cols) stack)")
            if transform is None or crs is None:
                raise ValueError("an array needs transform= and crs=")
            raster = Raster(raster, transform, crs, nodata)
        if isinstance(raster, Raster):
            self.ds = None
            self.arr = raster.array
            self.transform, self.crs = raster.transform, rasterio.crs.CRS.from_user_input(raster.crs)
            self.height, self.width = raster.array.shape
            self.nodata = raster.nodata if nodata is None else nodata
            self.block = (512, 512)
            self.dtype = raster.array.dtype
            return
        if isinstance(raster, (str, bytes)) or hasattr(raster, "__fspath__"):
            try:
                raster = rasterio.open(raster)
            except rasterio.errors.RasterioIOError as exc:
                raise FileNotFoundError(f"cannot open raster {str(raster)!r}: {exc}") from exc
            self._close = True
        self.ds, self.arr = raster, None
        if band < 1 or band > raster.count:
            raise ValueError(f"band {band} not in 1..{raster.count}")
        self.band = band
        self.transform, self.crs = raster.transform, raster.crs
        self.height, self.width = raster.height, raster.width
        self.nodata = raster.nodatavals[band - 1] if nodata is None else nodata
        bh, bw = raster.block_shapes[band - 1]
        # whole-row strips (untiled files) would make a "block" of millions of cells
        self.block = (min(bh, 1024) if bh > 1 else 512, min(bw, 1024) if bw < raster.width else 1024)
        self.dtype = np.dtype(raster.dtypes[band - 1])
        if self.crs is None:
            raise CRSMismatchError(f"raster {raster.name} has no CRS: set one (rio edit-info --crs ...)")

    def read(self, row0, col0, h, w):
        if self.arr is not None:
            return self.arr[row0:row0 + h, col0:col0 + w]
        import rasterio
        from rasterio.windows import Window

        try:
            return self.ds.read(self.band, window=Window(col0, row0, w, h))
        except rasterio.errors.RasterioIOError as exc:  # a truncated or damaged file
            raise DataIntegrityError(
                f"cannot read rows {row0}-{row0 + h}, columns {col0}-{col0 + w} of raster "
                f"{self.ds.name!r} (truncated or damaged?): {exc}") from exc

    def close(self):
        if self._close:
            self.ds.close()


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


# ----------------------------------------------------------------------------- zonal stats
@renamed_keywords(weights="coverage")
def zonal_stats(
    raster: Any,
    zones: gpd.GeoDataFrame,
    stats: str | list[str] | tuple[str, ...] = ("mean", "sum", "count"),
    *,
    all_touched: bool = False,
    coverage: bool = False,
    band: int = 1,
    nodata: float | None = None,
    transform=None,
    crs=None,
    block: int | None = None,
    progress: bool | None = None,
    key: str = "kato",
) -> pd.DataFrame:
    """Statistics of a raster within each zone.

    Parameters
    ----------
    raster : path, rasterio dataset, :class:`Raster` or numpy array
        An array needs ``transform=`` and ``crs=``.
    zones : GeoDataFrame
        Polygons with a CRS (reprojected to the raster's CRS); zones may overlap.
    stats : str or list of str
        ``count``, ``sum``, ``mean``, ``min``, ``max``, ``std`` (population standard
        deviation), ``range``, ``median`` and ``pNN`` percentiles (``p10``, ``p90``;
        linear interpolation between order statistics, as numpy's default).
    all_touched : bool
        Count every cell the zone touches, not only cells whose centre lies inside.
    coverage : bool
        ``True``: weight each cell by the exact fraction of its area inside the zone
        (for zones not much larger than a cell): ``count`` is then the covered area in cell
        units and ``sum``, ``mean``, ``std`` are weighted; ``min``, ``max`` and
        percentiles use the cells with any coverage. (0.1 spelled this
        ``weights="coverage"``; that still works for one release, with a warning.)
    band : int
        Band of a multi-band file (1-based).
    nodata : float, optional
        Overrides the raster's nodata value. Nodata cells and NaN are never counted.
    transform, crs : optional
        Affine transform and CRS of a numpy array ``raster`` (ignored otherwise).
    block : int, optional
        Block size in cells (default: the file's tiles, at most 1024).
    progress : bool, optional
        Progress bar over the blocks (tqdm); default on for more than 400 blocks.
    key : str
        Column of ``zones`` that indexes the result (default ``kato``).

    Returns
    -------
    pandas.DataFrame
        Index ``key``, one column per statistic; NaN where a zone covers no valid cell.

    Raises
    ------
    ValueError
        An unknown statistic, a percentile outside p0..p100, or an array without
        ``transform``/``crs``.
    KeyError
        ``zones`` have no ``key`` column.
    CRSMismatchError
        ``zones`` or the raster have no CRS.
    InvalidGeometryError
        A zone is not a polygon.
    FileNotFoundError
        The raster file cannot be opened.

    Examples
    --------
    >>> import kzregions as kz
    >>> r = kz.remoteness(kz.centres(2024), 20000)  # km to the nearest centre, 20 km cells
    >>> z = kz.zonal_stats(r, kz.oblasts(2024), ["max", "count"])
    >>> z.loc["150000000"].round().tolist()
    [459.0, 748.0]
    """
    stats = [stats] if isinstance(stats, str) else list(stats)
    quantiles = {}
    for s in stats:
        if s == "median":
            quantiles[s] = 0.5
        elif s.startswith("p") and s[1:].replace(".", "").isdigit():
            q = float(s[1:]) / 100
            if not 0 <= q <= 1:
                raise ValueError(f"percentile {s!r} outside p0..p100")
            quantiles[s] = q
        elif s not in BASIC:
            raise ValueError(f"unknown statistic {s!r}: use {list(BASIC)}, 'median' or 'pNN'")
    if coverage == "coverage":  # the 0.1 spelling, weights="coverage", arrives here renamed
        coverage = True
    if coverage not in (True, False, None):
        raise ValueError(f"coverage={coverage!r}: use True (cells weighted by the share of their area "
                         "inside the zone) or False")
    weights = "coverage" if coverage else None
    if block is not None and (isinstance(block, bool) or not isinstance(block, (int, np.integer)) or block < 1):
        raise ValueError(f"block={block!r}: give a positive whole number of cells, or None for the file's tiles")
    if key not in zones.columns:
        raise MissingColumnError(f"zones have no {key!r} column (pass key=; columns: {list(zones.columns)})")
    if zones.crs is None:
        raise CRSMismatchError("zones have no CRS: set it (kzregions layers are EPSG:4326)")
    import rasterio

    # GDAL's block cache defaults to 5 % of RAM; each block is read once per pass, so a
    # small cache keeps memory flat on rasters larger than memory and costs nothing
    with rasterio.Env(GDAL_CACHEMAX=64 * 2**20):
        return _zonal(raster, zones, stats, quantiles, all_touched, weights, band, nodata, transform, crs,
                      block, progress, key)


def _zonal(raster, zones, stats, quantiles, all_touched, weights, band, nodata, transform, crs, block,
           progress, key):
    import numpy as np
    import pandas as pd

    src = _Source(raster, band=band, nodata=nodata, transform=transform, crs=crs)
    try:
        geoms = _zone_geoms(zones, src)
        acc = _Accumulator(len(geoms))
        plan = _plan(src, geoms, block, all_touched)
        bar = _bar(len(plan), progress, "zonal statistics")
        for cells in _iterate(src, plan, geoms, all_touched, weights):
            acc.add_basic(cells)
            bar.update(1)
        bar.close()
        result = acc.basic(weights == "coverage")
        if quantiles:
            result.update(_exact_quantiles(src, plan, geoms, all_touched, weights, acc, quantiles))
    finally:
        src.close()
    out = pd.DataFrame({s: result[s] for s in stats}, index=pd.Index(zones[key].to_numpy(), name=key))
    if weights is None and "count" in stats:
        out["count"] = out["count"].astype(np.int64)
    return out


def _zone_geoms(zones, src):
    import numpy as np
    import shapely

    z = zones.to_crs(src.crs)
    g = np.asarray(z.geometry.values)
    bad = shapely.is_empty(g) | ~np.isin(shapely.get_type_id(g), [3, 6])
    if bad.any():
        raise InvalidGeometryError(f"zones must be polygons; rows {list(np.flatnonzero(bad)[:10])} are not")
    return shapely.make_valid(g)


def _plan(src, geoms, block, all_touched):
    """Blocks of the raster, each with the zones whose bounds intersect it."""
    import shapely
    from rasterio.transform import array_bounds
    from rasterio.windows import Window
    from rasterio.windows import transform as window_transform

    bh, bw = (block, block) if block else src.block
    tree = shapely.STRtree(geoms)
    plan = []
    for r0 in range(0, src.height, bh):
        for c0 in range(0, src.width, bw):
            h, w = min(bh, src.height - r0), min(bw, src.width - c0)
            t = window_transform(Window(c0, r0, w, h), src.transform)
            west, south, east, north = array_bounds(h, w, t)
            box = shapely.box(min(west, east), min(south, north), max(west, east), max(south, north))
            hits = tree.query(box, predicate="intersects")
            if len(hits):
                plan.append((r0, c0, h, w, np.sort(hits)))
    return plan


def _iterate(src, plan, geoms, all_touched, weights):
    """Yield (zone index, values, weights) for each block and zone."""
    from rasterio.features import geometry_mask
    from rasterio.windows import Window
    from rasterio.windows import transform as window_transform

    for r0, c0, h, w, zs in plan:
        data = src.read(r0, c0, h, w).astype("float64", copy=False)
        valid = ~np.isnan(data)
        if src.nodata is not None and not (isinstance(src.nodata, float) and math.isnan(src.nodata)):
            valid &= data != src.nodata
        t = window_transform(Window(c0, r0, w, h), src.transform)
        out = []
        for z in zs:
            g = geoms[z]
            if weights == "coverage":
                frac = _coverage(g, t, h, w)
                sel = (frac > 0) & valid
                out.append((z, data[sel], frac[sel]))
            else:
                inside = ~geometry_mask([g], (h, w), t, all_touched=all_touched)
                sel = inside & valid
                out.append((z, data[sel], None))
        yield out


def _coverage(g, t, h, w):
    """Exact fraction of each cell's area inside polygon ``g`` (cells on the boundary are
    intersected with shapely; cells touched but off the boundary are wholly inside)."""
    import numpy as np
    import shapely
    from rasterio.features import geometry_mask

    touched = ~geometry_mask([g], (h, w), t, all_touched=True)
    frac = touched.astype(float)
    if not touched.any():
        return frac
    edge = ~geometry_mask([g.boundary], (h, w), t, all_touched=True)
    rows, cols = np.nonzero(edge & touched)
    if len(rows):
        x0 = t.c + cols * t.a
        y0 = t.f + rows * t.e
        cells = shapely.box(np.minimum(x0, x0 + t.a), np.minimum(y0, y0 + t.e),
                            np.maximum(x0, x0 + t.a), np.maximum(y0, y0 + t.e))
        frac[rows, cols] = shapely.area(shapely.intersection(cells, g)) / abs(t.a * t.e)
    return frac


class _Accumulator:
    def __init__(self, n):
        import numpy as np

        self.n = n
        self.count = np.zeros(n)
        self.wsum = np.zeros(n)
        self.sum = np.zeros(n)
        self.sumsq = np.zeros(n)
        self.min = np.full(n, np.inf)
        self.max = np.full(n, -np.inf)
        self.ncells = np.zeros(n, dtype=np.int64)

    def add_basic(self, items):
        for z, v, wts in items:
            if not len(v):
                continue
            wv = np.ones(len(v)) if wts is None else wts
            self.ncells[z] += len(v)
            self.wsum[z] += wv.sum()
            self.sum[z] += (wv * v).sum()
            self.sumsq[z] += (wv * v * v).sum()
            self.min[z] = min(self.min[z], v.min())
            self.max[z] = max(self.max[z], v.max())

    def basic(self, weighted: bool):
        import numpy as np

        n = self.wsum
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, self.sum / n, np.nan)
            var = np.where(n > 0, self.sumsq / n - mean ** 2, np.nan)
        empty = self.ncells == 0
        return {
            "count": n if weighted else self.ncells, "sum": np.where(empty, np.nan, self.sum), "mean": mean,
            "min": np.where(empty, np.nan, self.min), "max": np.where(empty, np.nan, self.max),
            "std": np.sqrt(np.clip(var, 0, None)), "range": np.where(empty, np.nan, self.max - self.min),
        }


def _exact_quantiles(src, plan, geoms, all_touched, weights, acc, quantiles):
    """Exact percentiles in two more passes: per-zone histograms, then the values of the
    bins that hold the two order statistics around each wanted rank."""
    n = acc.ncells
    lo, hi = acc.min, acc.max
    width = np.where(hi > lo, (hi - lo) / _HIST_BINS, 1.0)
    hist = np.zeros((acc.n, _HIST_BINS), dtype=np.int64)

    def bin_of(z, v):
        return np.clip(((v - lo[z]) / width[z]).astype(np.int64), 0, _HIST_BINS - 1)

    for items in _iterate(src, plan, geoms, all_touched, weights):
        for z, v, _ in items:
            if len(v):
                hist[z] += np.bincount(bin_of(z, v), minlength=_HIST_BINS)
    cum = np.cumsum(hist, axis=1)
    wanted = {}  # zone -> {rank: bin}
    for q in quantiles.values():
        for z in np.flatnonzero(n > 0):
            pos = q * (n[z] - 1)
            for rank in {int(math.floor(pos)), int(math.ceil(pos))}:
                wanted.setdefault(z, {})[rank] = int(np.searchsorted(cum[z], rank, side="right"))
    need = {z: set(r.values()) for z, r in wanted.items()}
    vals = {z: [] for z in need}
    for items in _iterate(src, plan, geoms, all_touched, weights):
        for z, v, _ in items:
            if z in need and len(v):
                b = bin_of(z, v)
                keep = np.isin(b, list(need[z]))
                if keep.any():
                    vals[z].append(np.column_stack([b[keep], v[keep]]))
    def order_stat(z, arr, rank):
        b = wanted[z][rank]
        before = cum[z, b - 1] if b > 0 else 0
        return np.sort(arr[arr[:, 0] == b, 1])[rank - before]

    out = {}
    for name, q in quantiles.items():
        col = np.full(acc.n, np.nan)
        for z in np.flatnonzero(n > 0):
            arr = np.concatenate(vals[z]) if vals[z] else np.empty((0, 2))
            pos = q * (n[z] - 1)
            k = int(math.floor(pos))
            a = order_stat(z, arr, k)
            col[z] = a if pos == k else a + (order_stat(z, arr, k + 1) - a) * (pos - k)
        out[name] = col
    return out


def _bar(total, progress, desc):
    class _Null:
        def update(self, n):
            pass

        def close(self):
            pass

    if progress is False or (progress is None and total <= 400):
        return _Null()
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover
        return _Null()
    return tqdm(total=total, desc=desc, unit="block")


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
    import numpy as np
    import rasterio
    from rasterio.features import rasterize as burn
    from rasterio.transform import from_origin

    if column not in gdf.columns:
        raise MissingColumnError(f"no column {column!r} (columns: {list(gdf.columns)})")
    if not np.issubdtype(gdf[column].dtype, np.number):
        raise TypeError(f"column {column!r} is not numeric")
    if resolution is None or resolution <= 0:
        raise ValueError(f"resolution must be positive, got {resolution!r}")
    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS")
    proj = gdf.to_crs(crs)
    if rasterio.crs.CRS.from_user_input(crs).is_geographic and resolution > 1:
        raise ValueError(f"resolution {resolution} in a geographic CRS means degrees: use a metric CRS")
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

    shapes = as_geoseries(region)
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
        raise KzRegionsError(f"the region does not overlap the raster: {exc}") from exc
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
    import numpy as np
    import rasterio
    from rasterio.features import geometry_mask
    from rasterio.transform import from_origin
    from scipy.spatial import cKDTree

    from .boundaries import country

    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)) or points.crs is None:
        raise CRSMismatchError("points must be a GeoDataFrame/GeoSeries with a CRS")
    if len(points) == 0:
        raise ValueError("no points")
    if resolution <= 0:
        raise ValueError(f"resolution must be positive, got {resolution}")
    ext = as_geoseries(country() if extent is None else extent).to_crs(crs)
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
