"""Zonal statistics of rasters, read block by block.

Rasters are read by windows, never whole: a raster larger than memory is summarised with
memory bounded by one block plus per-zone accumulators. Percentiles are exact: in the same
pass as the other statistics when the values of the zones crossing a band of windows fit
in :attr:`_Held.HELD_BYTES` (a zone's values are held from its first window to its last),
else without holding a zone's values: a first pass counts values per zone, a second builds
a histogram per zone, a third collects only the values of the bins that hold the wanted
ranks. Both give the same numbers, bit for bit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np  # this module is imported on first use only; numpy is needed throughout

from ._validate import renamed_keywords
from .errors import (
    CRSMismatchError,
    DataIntegrityError,
    InvalidArgumentError,
    InvalidGeometryError,
    InvalidInputError,
    MissingColumnError,
    MissingFileError,
)
from .rasters import Raster

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

BASIC = ("count", "sum", "mean", "min", "max", "std", "range")
_HIST_BINS = 4096


#: Cells a side of the windows read at a time (whole tiles): every window costs a read, one
#: rasterization of its zones and a numpy pass per statistic, so fewer, larger windows beat
#: many tiles (a 10000 x 10000 raster of 256-cell tiles: 1526 tiles, 100 windows). 1024 x 1024
#: keeps the temporaries of a window (values, zone per cell, bins: float64/int64) near 64 MiB,
#: which bounds the memory whatever the raster's size (bench_zonal_memory).
WINDOW = 1024


def _window(tile: int) -> int:
    return tile * max(1, WINDOW // tile)


class _Source:
    """Uniform windowed reading from a path, an open rasterio dataset or a Raster."""

    def __init__(self, raster, band: int = 1, nodata=None, transform=None, crs=None):
        import numpy as np
        import rasterio

        self._close = False
        if not isinstance(raster, np.ndarray) and (transform is not None or crs is not None):
            raise InvalidArgumentError("transform= and crs= describe a raster given as an array; this raster "
                                       f"({type(raster).__name__}) has its own: drop them")
        if isinstance(raster, np.ndarray):
            if raster.ndim != 2:
                raise InvalidArgumentError(f"raster array has shape {raster.shape}: pass one band as a 2-D array "
                                 "(e.g. arr[0] for the first band of a (bands, rows, cols) stack)")
            if transform is None or crs is None:
                raise InvalidArgumentError("raster is an array without transform= or crs=: pass both (e.g. transform=src.transform, crs=src.crs)")
            raster = Raster(raster, transform, crs, nodata)
        if isinstance(raster, Raster):
            self.ds = None
            self.arr = raster.array
            self.transform, self.crs = raster.transform, rasterio.crs.CRS.from_user_input(raster.crs)
            self.height, self.width = raster.array.shape
            self.nodata = raster.nodata if nodata is None else nodata
            self.block = (_window(512), _window(512))
            self.dtype = raster.array.dtype
            return
        if isinstance(raster, (str, bytes)) or hasattr(raster, "__fspath__"):
            try:
                raster = rasterio.open(raster)
            except rasterio.errors.RasterioIOError as exc:
                raise MissingFileError(f"cannot open raster {str(raster)!r}: {exc}") from exc
            self._close = True
        if not hasattr(raster, "count"):
            raise InvalidInputError(f"raster={raster!r:.60} ({type(raster).__name__}): give a path, an open rasterio "
                                    "dataset, a Raster or a 2-D array with transform= and crs=")
        self.ds, self.arr = raster, None
        if band < 1 or band > raster.count:
            raise InvalidArgumentError(f"band={band!r}: the raster has bands 1..{raster.count}")
        self.band = band
        self.transform, self.crs = raster.transform, raster.crs
        self.height, self.width = raster.height, raster.width
        self.nodata = raster.nodatavals[band - 1] if nodata is None else nodata
        bh, bw = raster.block_shapes[band - 1]
        # whole-row strips (untiled files) would make a "block" of millions of cells
        tile = (min(bh, 1024) if bh > 1 else 512, min(bw, 1024) if bw < raster.width else 1024)
        self.block = (_window(tile[0]), _window(tile[1]))
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
        Window size in cells (default: whole tiles, about 1024 cells a side).
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
                raise InvalidArgumentError(f"stats: percentile {s!r} is outside p0..p100 (e.g. 'p90')")
            quantiles[s] = q
        elif s not in BASIC:
            raise InvalidArgumentError(f"stats: unknown statistic {s!r}: use {list(BASIC)}, 'median' or 'pNN'")
    if coverage == "coverage":  # the 0.1 spelling, weights="coverage", arrives here renamed
        coverage = True
    if coverage not in (True, False, None):
        raise InvalidArgumentError(f"coverage={coverage!r}: use True (cells weighted by the share of their area "
                         "inside the zone) or False")
    weights = "coverage" if coverage else None
    if block is not None and (isinstance(block, bool) or not isinstance(block, (int, np.integer)) or block < 1):
        raise InvalidArgumentError(f"block={block!r}: give a positive whole number of cells, or None for the file's tiles")
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
        lab = _Labeller(geoms) if weights is None and not all_touched else None
        acc = _Accumulator(len(geoms))
        plan = _plan(src, geoms, block, all_touched)
        held = _Held(plan, len(geoms), quantiles) if quantiles and _Held.fits(plan) else None
        bar = _bar(len(plan), progress, "zonal statistics")
        for i, cells in enumerate(_iterate(src, plan, geoms, all_touched, weights, lab)):
            acc.add_basic(cells)
            if held is not None:
                held.add(i, cells)
            bar.update(1)
        bar.close()
        result = acc.basic(weights == "coverage")
        if held is not None:
            result.update(held.out)
        elif quantiles:
            result.update(_exact_quantiles(src, plan, geoms, all_touched, weights, acc, quantiles, lab))
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


def _iterate(src, plan, geoms, all_touched, weights, lab=None, raw=False):
    """Yield, per window, a list of (zone index, values, weights); with ``raw``, where the
    window's zones are labelled in one rasterization, ``("cells", zone per cell, values)``
    instead, and ``("items", list)`` otherwise."""
    from rasterio.features import geometry_mask
    from rasterio.windows import Window
    from rasterio.windows import transform as window_transform

    for r0, c0, h, w, zs in plan:
        data = src.read(r0, c0, h, w)
        if data.dtype.kind != "f" or data.dtype.itemsize < 4:
            data = data.astype("float64")  # integers: exact in float64, sums never wrap
        # float32 stays float32 (half the bytes to select, sort and hold); sums are taken in
        # float64 and percentiles interpolated in float64, as before
        valid = ~np.isnan(data)
        nd = src.nodata
        if nd is not None and not (isinstance(nd, float) and math.isnan(nd)):
            # a cell is nodata when its value, in float64, equals nodata: a native comparison
            # says the same where nodata is exactly a value of the data's type; otherwise
            # no cell can be nodata
            with np.errstate(over="ignore"):
                native = data.dtype.type(nd)
            if float(native) == float(nd):
                valid &= data != native
        t = window_transform(Window(c0, r0, w, h), src.transform)
        if lab is not None and len(zs) > 1:
            cells = lab.cells(zs, t, h, w, data, valid)
            if cells is not None:
                loc, v = cells
                yield ("cells", np.asarray(zs)[loc], v) if raw else lab.split(zs, loc, v)
                continue
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
        yield ("items", out) if raw else out


class _Labeller:
    """One window's values per zone from a single rasterization of all its zones (a label per
    cell), instead of one mask per zone.

    A cell belongs to a zone when its centre is inside (GDAL's half-open rule, as with one mask
    per zone), so zones that only share borders never claim the same cell. Zones that form a
    valid coverage (``shapely.coverage_is_valid``: no overlaps, as the layers' units) are
    labelled directly; otherwise each window is first rasterized with counts, and a window
    where a cell has two zones is masked zone by zone (:meth:`split` returns ``None``). The
    zones' GeoJSON mappings are made once: rasterio would rebuild them from the shapely
    objects on every call, vertex by vertex in Python.
    """

    def __init__(self, geoms):
        import shapely
        from shapely.geometry import mapping

        self.shapes = [mapping(g) for g in geoms]
        try:
            self.disjoint = bool(shapely.coverage_is_valid(geoms))
        except (AttributeError, shapely.errors.GEOSException):  # shapely < 2.1, or invalid input
            self.disjoint = False

    def cells(self, zs, t, h, w, data, valid):
        """(position in ``zs`` as int16/int32, value) of every valid cell in a zone, or
        ``None`` where zones overlap."""
        from rasterio.enums import MergeAlg
        from rasterio.features import rasterize

        if not self.disjoint:
            hits = rasterize([(self.shapes[z], 1) for z in zs], out_shape=(h, w), transform=t, fill=0,
                             dtype="uint8", merge_alg=MergeAlg.add)
            if hits.max(initial=0) > 1:
                return None
        lab = rasterize([(self.shapes[z], i) for i, z in enumerate(zs)], out_shape=(h, w), transform=t,
                        fill=-1, dtype="int16" if len(zs) < 32000 else "int32")  # int16: radix sort
        sel = (lab >= 0) & valid
        return lab[sel], data[sel]

    @staticmethod
    def split(zs, loc, v):
        """The values of :meth:`cells` as (zone, values, None) per zone of the window: one
        radix sort of the small local labels (not of the zones' global numbers), slices
        from their counts."""
        order = np.argsort(loc, kind="stable")
        v = v[order]
        ends = np.cumsum(np.bincount(loc, minlength=len(zs)))
        return [(z, v[b - c:b], None) for z, b, c in zip(zs, ends, np.diff(ends, prepend=0))]


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


class _Held:
    """Exact percentiles in the same pass as the other statistics: a zone's values are held
    from its first window to its last, then its order statistics are taken (``np.partition``)
    and the values dropped.

    Windows are read row band by row band, so the values held at any time are those of the
    zones crossing the current band. Used only where that is bounded by :data:`HELD_BYTES`
    (counted from the plan before reading: a window's cells stay held until the last of its
    zones is finished); otherwise percentiles take the histogram passes
    (:func:`_exact_quantiles`), whose memory does not grow with the raster.
    """

    #: Most bytes of held values for the one-pass percentiles, counted as 8 per cell of the
    #: windows held (float32 rasters hold half that): a 10000 x 10000 raster over the
    #: districts holds at most 104 MB so counted; 20000 x 20000 (416 MB) takes the passes.
    HELD_BYTES = 256 * 2**20

    def __init__(self, plan, n, quantiles):
        self.last = np.full(n, -1)
        for i, (*_, zs) in enumerate(plan):
            self.last[zs] = i
        self.quantiles = quantiles
        self.vals: dict[int, list] = {}
        self.out = {name: np.full(n, np.nan) for name in quantiles}

    @classmethod
    def fits(cls, plan) -> bool:
        last: dict[int, int] = {}
        for i, (*_, zs) in enumerate(plan):
            for z in zs:
                last[int(z)] = i
        held = np.zeros(len(plan) + 1)
        for i, (_, _, h, w, zs) in enumerate(plan):
            done = max(last[int(z)] for z in zs)
            held[i] += h * w
            held[done + 1] -= h * w
        return bool(np.cumsum(held).max(initial=0) * 8 <= cls.HELD_BYTES)

    def add(self, i, items) -> None:
        for z, v, _ in items:
            if len(v):
                self.vals.setdefault(int(z), []).append(v)
        for z in [z for z in self.vals if self.last[z] == i]:
            self._finish(z, np.concatenate(self.vals.pop(z)))

    def _finish(self, z, arr) -> None:
        n = len(arr)
        # linear interpolation between the order statistics around q * (n - 1), as numpy's
        # default and as the histogram passes
        pos = {name: q * (n - 1) for name, q in self.quantiles.items()}
        ranks = sorted({r for p in pos.values() for r in (math.floor(p), min(math.floor(p) + 1, n - 1))})
        arr = np.partition(arr, ranks)
        for name, p in pos.items():
            k = math.floor(p)
            a = float(arr[k])
            self.out[name][z] = a if p == k else a + (float(arr[k + 1]) - a) * (p - k)


def _exact_quantiles(src, plan, geoms, all_touched, weights, acc, quantiles, lab=None):
    """Exact percentiles in two more passes: per-zone histograms, then the values of the
    bins that hold the two order statistics around each wanted rank."""
    n = acc.ncells
    lo, hi = acc.min, acc.max
    width = np.where(hi > lo, (hi - lo) / _HIST_BINS, 1.0)
    hist = np.zeros((acc.n, _HIST_BINS), dtype=np.int64)

    def bin_of(z, v):
        return np.clip(((v - lo[z]) / width[z]).astype(np.int64), 0, _HIST_BINS - 1)

    flat = hist.ravel()
    for kind, *rest in _iterate(src, plan, geoms, all_touched, weights, lab, raw=True):
        if kind == "cells":  # one bincount for the whole window, no sorting by zone
            zone, v = rest
            flat += np.bincount(zone * _HIST_BINS + bin_of(zone, v), minlength=flat.size)
            continue
        for z, v, _ in rest[0]:
            if len(v):
                hist[z] += np.bincount(bin_of(z, v), minlength=_HIST_BINS)
    cum = np.cumsum(hist, axis=1)
    wanted = {}  # zone -> {rank: bin}
    for q in quantiles.values():
        for z in np.flatnonzero(n > 0):
            pos = q * (n[z] - 1)
            for rank in {int(math.floor(pos)), int(math.ceil(pos))}:
                wanted.setdefault(z, {})[rank] = int(np.searchsorted(cum[z], rank, side="right"))
    need = np.zeros((acc.n, _HIST_BINS), dtype=bool)  # the bins whose values are kept
    for z, r in wanted.items():
        need[z, list(r.values())] = True
    kz_, kb, kv = [], [], []
    for kind, *rest in _iterate(src, plan, geoms, all_touched, weights, lab, raw=True):
        parts = [rest] if kind == "cells" else [(np.full(len(v), z), v) for z, v, _ in rest[0] if len(v)]
        for zone, v in parts:
            b = bin_of(zone, v)
            keep = need[zone, b]
            if keep.any():
                kz_.append(zone[keep])
                kb.append(b[keep])
                kv.append(v[keep])
    zone = np.concatenate(kz_) if kz_ else np.empty(0, dtype=np.int64)
    order = np.argsort(zone, kind="stable")
    zone = zone[order]
    both = np.column_stack([np.concatenate(kb)[order], np.concatenate(kv)[order]]) if kz_ else np.empty((0, 2))
    vals = {z: [both[np.searchsorted(zone, z):np.searchsorted(zone, z, side="right")]] for z in wanted}

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
