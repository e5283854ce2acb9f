"""An exact grid index for assigning coordinate arrays to polygons (points -> units).

How it works: a regular lon/lat grid covers the units. A cell that no unit boundary
touches (its closed extent, widened by a margin far above rounding error) lies wholly in
one unit's interior, or wholly outside every unit: it carries that unit's number (or -1)
and points in it are labelled directly. Every other cell is a *boundary* cell (-2) with
the list of units whose boundary passes through it; only the few points falling there are
tested, with shapely 2's vectorised ``contains_xy`` (or ``intersects_xy``) against those
candidates. The answer is therefore the same as ``geopandas.sjoin(predicate="within")``
(``"intersects"``) point for point, including points on vertices, edges and cell corners.

A boundary cell's label is not a bare -2: it is ``-2 - k``, where ``k`` numbers the cell
among the boundary cells of its band of rows (``rowbase`` gives each row's first number),
so a point finds its cell's candidate list with two array reads, not a binary search.

Candidates are tested in order of polygon number, each point only until one holds it
(polygons of a level share no interior; where programme zones overlap the lowest number
wins, as before), so a point in a two-unit cell is usually tested once.

The index lives in the fast-load cache as plain arrays (:mod:`_store`: one file, one
CRC-32 over all of it, the label grid run-length encoded); it records the
layer's cache key (sources and harmonisation version), level and vintage, and the grid is
checked for consistency on load. Any mismatch, damage or read failure means "rebuild".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .errors import DataIntegrityError, InvalidArgumentError

#: Bump when the index layout or construction changes.
FORMAT = 4
#: Cell size in degrees (about 600 m x 830 m in Kazakhstan): 10.8 M cells of 2 bytes for
#: the districts, 1.5 % of them boundary cells. 0.005 doubles size and build time for no
#: faster lookup; 0.01 makes more points need a polygon test.
CELL = 0.0075
#: Cells within this distance (degrees) of a boundary count as boundary cells, so that
#: rounding in ``floor((x - x0) / cell)`` can never put a point in a wrongly labelled cell.
MARGIN = 1e-9
#: Points are processed in chunks of this many to bound temporary memory.
CHUNK = 1 << 20

OUTSIDE = -1
BOUNDARY = -2
#: Boundary cells numbered per band of rows stay within int16: labels -2 .. -2 - LOCAL_MAX.
LOCAL_MAX = 32000


def threads() -> int:
    """Threads used for large lookups: ``KZREGIONS_THREADS`` if set, else the CPUs this
    process may run on, at most 8 (set 1 inside dask workers or other pools)."""
    env = os.environ.get("KZREGIONS_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def chunks(n: int, nthreads: int | None = None) -> list[tuple[int, int]]:
    """(start, stop) spans of ``n`` items: at most :data:`CHUNK` each, at least one per
    thread for inputs large enough (64k points) to be worth a thread."""
    t = threads() if nthreads is None else max(1, nthreads)
    size = min(CHUNK, max(1 << 16, -(-n // t)))
    return [(s, min(s + size, n)) for s in range(0, n, size)] or [(0, 0)]


def run_chunks(fn, spans, nthreads: int | None = None) -> None:
    """``fn(start, stop)`` for each span, in a thread pool when there is more than one."""
    t = threads() if nthreads is None else max(1, nthreads)
    if len(spans) == 1 or t == 1:
        for s, e in spans:
            fn(s, e)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(t, len(spans))) as pool:
        for f in [pool.submit(fn, s, e) for s, e in spans]:
            f.result()  # re-raises a chunk's error


def in_threads(fn, items) -> None:
    """``fn(item)`` for each item, in a thread pool of :func:`threads` workers
    (GEOS releases the GIL: the overlays of independent parents or units run in parallel)."""
    n = min(threads(), len(items))
    if n <= 1:
        for it in items:
            fn(it)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=n) as pool:
        for f in [pool.submit(fn, it) for it in items]:
            f.result()  # re-raises an item's error


class PointIndex:
    """Grid index over polygons ``geoms`` (labels ``keys``; index order = priority).

    Attributes
    ----------
    keys : numpy.ndarray of str
        Label of each polygon (KATO code, zone name).
    geoms : numpy.ndarray of shapely geometry
        The polygons, EPSG:4326.
    x0, y0, cell : float
        Grid origin (degrees) and cell size (degrees).
    labels : numpy.ndarray, int16, shape (ny, nx)
        Polygon number, ``-1`` outside all, ``-2 - k`` the boundary cell ``k`` of its band.
    rowbase : numpy.ndarray, int64, shape (ny,)
        Number of the first boundary cell of each row's band.
    bcells, ptr, cand : numpy.ndarray
        Boundary cells (flat ids, sorted) and their candidate polygons in CSR form
        (ascending polygon number within a cell).
    meta : dict
        What the index was built from.
    """

    def __init__(self, keys, geoms, x0, y0, cell, labels, rowbase, bcells, ptr, cand, meta=None):
        self.keys = np.asarray(keys)
        self.geoms = np.asarray(geoms, dtype=object)
        self.x0, self.y0, self.cell = float(x0), float(y0), float(cell)
        self.labels = labels
        self.rowbase = rowbase
        self.bcells, self.ptr, self.cand = bcells, ptr, cand
        self.meta = dict(meta or {})
        self._prepared = False

    def __getstate__(self):  # dask ships the index to workers; prepared geometries do not pickle
        state = self.__dict__.copy()
        state["_prepared"] = False
        return state

    @property
    def nbytes(self) -> int:
        """Memory of the grid arrays (bytes), geometries not counted."""
        return int(self.labels.nbytes + self.rowbase.nbytes + self.bcells.nbytes + self.ptr.nbytes
                   + self.cand.nbytes)

    # ------------------------------------------------------------------ query
    def lookup(self, x, y, predicate: str = "within", threads: int | None = None) -> np.ndarray:
        """Polygon number of each point (int32; -1 where no polygon holds it).

        ``within``: the polygon whose interior holds the point (``contains_xy``); points on
        a border are in none. ``intersects``: the first polygon (lowest number) whose
        closure holds the point, so a point on a shared border goes to the lower number.
        NaN or infinite coordinates give -1. ``threads``: chunks looked up in parallel
        (default :func:`threads`; numpy and GEOS release the GIL, so threads scale).
        """
        if predicate not in ("within", "intersects"):
            raise InvalidArgumentError(f"predicate {predicate!r}: use 'within' or 'intersects'")
        x = np.asarray(x, dtype="float64")
        y = np.asarray(y, dtype="float64")
        out = np.empty(len(x), dtype="int32")
        self._prepare()

        def one(s, e):
            out[s:e] = self._lookup_chunk(x[s:e], y[s:e], predicate)

        run_chunks(one, chunks(len(x), threads), threads)
        return out

    def _prepare(self) -> None:
        """Prepare every polygon once, before threads share them (GEOS prepares lazily, so
        this costs nothing until a polygon is first tested)."""
        if not self._prepared:
            import shapely

            shapely.prepare(self.geoms)
            self._prepared = True

    def _lookup_chunk(self, x, y, predicate):
        import shapely

        ny, nx = self.labels.shape
        # the cell of each point, clamped into the grid: fmax/fmin skip NaN, so a NaN
        # coordinate lands in row or column 0 and a point beyond the grid in an edge row or
        # column. The grid has a margin of one cell on every side that no polygon reaches, so
        # those cells are OUTSIDE or BOUNDARY (then the exact test below, on the point's own
        # coordinates, says "none"): no per-point mask of valid points is needed.
        # in place, one scratch array: fresh arrays of a million points cost page faults.
        # Multiplying by 1/cell may round differently from dividing by one ulp, far below the
        # boundary margin (a cell off by rounding is next to the right one: same label, or a
        # boundary cell tested exactly)
        inv = 1.0 / self.cell
        t = np.subtract(y, self.y0)
        t *= inv
        np.fmax(t, 0.0, out=t)
        np.fmin(t, ny - 1, out=t)
        iy = t.astype(np.intp)
        np.subtract(x, self.x0, out=t)
        t *= inv
        np.fmax(t, 0.0, out=t)
        np.fmin(t, nx - 1, out=t)
        flat = t.astype(np.intp)
        del t
        flat += iy * nx
        lab = self.labels.ravel().take(flat)
        del flat
        res = lab.astype("int32")
        bpos = np.flatnonzero(lab <= BOUNDARY)
        if not len(bpos):
            return res
        slot = self.rowbase[iy[bpos]] + (BOUNDARY - lab[bpos].astype(np.int64))
        del iy, lab
        start = self.ptr[slot].astype(np.int64)
        count = self.ptr[slot + 1] - start
        res[bpos] = OUTSIDE
        bx, by = x[bpos], y[bpos]
        test = shapely.contains_xy if predicate == "within" else shapely.intersects_xy
        todo = np.arange(len(bpos))
        rank = 0
        # candidates in ascending number; a point leaves the loop at its first hit
        while len(todo):
            c = self.cand[start[todo] + rank]
            order = np.argsort(c, kind="stable")  # radix sort on int16
            todo, c = todo[order], c[order]
            edges = np.flatnonzero(c[1:] != c[:-1]) + 1
            hit = np.zeros(len(todo), dtype=bool)
            for lo, hi in zip(np.r_[0, edges], np.r_[edges, len(todo)]):
                p = todo[lo:hi]
                hit[lo:hi] = test(self.geoms[int(c[lo])], bx[p], by[p])
            res[bpos[todo[hit]]] = c[hit]
            rank += 1
            todo = todo[~hit & (count[todo] > rank)]
        return res

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        """Write the index atomically to the fast-load cache (plain arrays, see
        :mod:`_store`; mode from the umask, as the layers).

        The label grid is stored run-length encoded along its rows: 10.8 M cells of the
        districts are about 214 k runs, 1.3 MB on disk instead of 21.6 MB. Writing a
        fresh 22 MB file cost the first ``assign`` 0.2 s; expanding the runs costs 2-10 ms.
        """
        import shapely

        from . import _store

        gtype, coords, offsets = shapely.to_ragged_array(self.geoms)
        flat = self.labels.ravel()
        starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
        arrays = {
            "run_values": flat[starts], "run_lengths": np.diff(np.r_[starts, flat.size]).astype(np.int32),
            "rowbase": self.rowbase, "bcells": self.bcells, "ptr": self.ptr,
            "cand": self.cand, "keys": self.keys.astype(str), "g_coords": coords,
            "header": np.array(json.dumps({
                "format": FORMAT, "x0": self.x0, "y0": self.y0, "cell": self.cell,
                "shape": list(self.labels.shape), "ngeoms": len(self.geoms),
                "gtype": int(gtype), "noffsets": len(offsets), "meta": self.meta})),
        }
        for i, off in enumerate(offsets):
            arrays[f"g_o{i}"] = off
        _store.write_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path, expect: dict) -> PointIndex | None:
        """Read an index written by :meth:`save`; ``None`` if missing, stale, damaged (the
        file's CRC-32) or inconsistent (see :meth:`consistent`): the caller rebuilds."""
        if not path.is_file():
            return None
        try:
            import shapely

            from . import _store

            z = _store.read_arrays(path)
            h = json.loads(str(z["header"]))
            if h.get("format") != FORMAT or any(h["meta"].get(k) != v for k, v in expect.items()):
                return None
            lengths = z["run_lengths"]
            if (lengths <= 0).any() or int(lengths.sum(dtype=np.int64)) != int(np.prod(h["shape"])):
                return None
            labels = np.repeat(z["run_values"], lengths).reshape(h["shape"])
            offsets = tuple(z[f"g_o{i}"] for i in range(h["noffsets"]))
            geoms = shapely.from_ragged_array(shapely.GeometryType(h["gtype"]), z["g_coords"], offsets)
            idx = cls(z["keys"].astype(object), geoms, h["x0"], h["y0"], h["cell"], labels,
                      z["rowbase"], z["bcells"], z["ptr"], z["cand"], h["meta"])
            if len(idx.geoms) != h["ngeoms"] or not idx.consistent():
                return None
            return idx
        except Exception:  # noqa: BLE001
            # any failure to read a cache file means "rebuild": damage surfaces as
            # DataIntegrityError, a mangled header as ValueError or KeyError, shapely errors ...
            return None

    def consistent(self) -> bool:
        """Whether the arrays form a valid index: types, shapes, the numbering of boundary
        cells, the CSR lists and the polygon numbers (a few vectorised passes, ~10 ms)."""
        lab, rb, bc, ptr, cand = self.labels, self.rowbase, self.bcells, self.ptr, self.cand
        ng = len(self.geoms)
        if (lab.dtype != np.int16 or lab.ndim != 2 or rb.dtype != np.int64 or bc.dtype != np.int64
                or ptr.dtype != np.int32 or cand.dtype != np.int16 or len(self.keys) != ng
                or not (self.cell > 0 and np.isfinite([self.x0, self.y0]).all())):
            return False
        ny, nx = lab.shape
        nb = len(bc)
        if len(rb) != ny or len(ptr) != nb + 1 or ptr[0] != 0 or ptr[-1] != len(cand):
            return False
        if nb and (bc[0] < 0 or bc[-1] >= lab.size or (np.diff(bc) <= 0).any()):
            return False
        if (np.diff(ptr) <= 0).any() or (len(cand) and (cand.min() < 0 or cand.max() >= ng)):
            return False
        flat = lab.ravel()
        if flat.max(initial=OUTSIDE) >= ng or flat.min(initial=OUTSIDE) < BOUNDARY - LOCAL_MAX:
            return False
        if int(np.count_nonzero(flat <= BOUNDARY)) != nb:
            return False
        return bool((rb[bc // nx] + (BOUNDARY - flat[bc].astype(np.int64)) == np.arange(nb)).all())


# ---------------------------------------------------------------------------- building
def build(keys, geoms, cell: float = CELL, meta: dict | None = None) -> PointIndex:
    """Build the grid index over polygons (EPSG:4326 degrees); first polygon wins overlaps."""
    import shapely

    geoms = np.asarray(list(geoms), dtype=object)
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    x0 = np.floor(xmin / cell) * cell - cell
    y0 = np.floor(ymin / cell) * cell - cell
    nx = int(np.ceil((xmax - x0) / cell)) + 2
    ny = int(np.ceil((ymax - y0) / cell)) + 2
    if len(geoms) >= np.iinfo(np.int16).max:
        raise InvalidArgumentError("too many polygons for an int16 grid index")

    # every boundary segment, cut into pieces no longer than a cell in x and in y
    parts, pidx = shapely.get_parts(geoms, return_index=True)
    rings, ridx = shapely.get_rings(parts, return_index=True)
    xy, cidx = shapely.get_coordinates(rings, return_index=True)
    unit_of_ring = pidx[ridx]
    same = cidx[1:] == cidx[:-1]
    ax, ay = xy[:-1][same, 0], xy[:-1][same, 1]
    bx, by = xy[1:][same, 0], xy[1:][same, 1]
    seg_unit = unit_of_ring[cidx[:-1][same]]
    k = np.maximum(np.ceil(np.maximum(np.abs(bx - ax), np.abs(by - ay)) / cell), 1).astype("int64")
    rep = np.repeat(np.arange(len(k)), k)
    t0 = (np.arange(len(rep)) - np.repeat(np.cumsum(k) - k, k)) / np.repeat(k, k)
    t1 = t0 + 1.0 / np.repeat(k, k)
    px0 = ax[rep] + (bx - ax)[rep] * t0
    py0 = ay[rep] + (by - ay)[rep] * t0
    px1 = ax[rep] + (bx - ax)[rep] * t1
    py1 = ay[rep] + (by - ay)[rep] * t1
    # the interpolated piece ends may be off by rounding: the margin covers it
    pad = MARGIN + 1e-12 * (np.abs(ax).max() + np.abs(ay).max())
    ix0 = np.floor((np.minimum(px0, px1) - pad - x0) / cell).astype("int64")
    ix1 = np.floor((np.maximum(px0, px1) + pad - x0) / cell).astype("int64")
    iy0 = np.floor((np.minimum(py0, py1) - pad - y0) / cell).astype("int64")
    iy1 = np.floor((np.maximum(py0, py1) + pad - y0) / cell).astype("int64")
    unit = seg_unit[rep]
    ng = len(geoms)
    pair = _unique(np.concatenate([
        ((iy0 + dj) * nx + (ix0 + di))[m] * ng + unit[m]
        # a piece spans at most 2 cells (3 with the margin) each way
        for di in range(3) for dj in range(3)
        for m in [(ix0 + di <= ix1) & (iy0 + dj <= iy1)]
    ]))
    bcells = _unique(pair // ng)
    # The marking above is conservative (a piece's box can reach a cell the piece misses),
    # so a boundary cell may lie wholly inside a unit whose own boundary is elsewhere. A
    # unit that holds some point of a cell without its boundary touching the cell holds the
    # whole cell, hence the cell's centre: adding the units that hold the centre makes every
    # candidate list complete (also where polygons overlap, as programme zones may).
    centre = _centre_labels(geoms, ax, ay, bx, by, seg_unit, x0, y0, cell, nx, ny)
    if centre is None:  # overlapping or invalid polygons: the general (slower) way
        labels, ci, gi = _labels_by_components(geoms, bcells, x0, y0, cell, nx, ny)
    else:
        labels = centre.ravel()
        gi = labels[bcells].astype("int64")
        ci = np.flatnonzero(gi >= 0)
        gi = gi[ci]
    pair = _unique(np.r_[pair, bcells[ci] * ng + gi])
    pcell, punit = pair // ng, (pair % ng).astype("int16")
    first = np.flatnonzero(np.r_[True, pcell[1:] != pcell[:-1]])  # pair is sorted
    bcells = pcell[first]
    ptr = np.r_[first, len(pcell)].astype("int32")
    rowbase, local = _band_numbers(bcells, nx, ny)
    labels[bcells] = BOUNDARY - local
    return PointIndex(np.asarray(keys), geoms, x0, y0, cell, labels.reshape(ny, nx), rowbase,
                      bcells.astype("int64"), ptr, punit, meta)


def _unique(a):
    """Sorted unique values of an int64 array (a sort: numpy's hash-based unique is several
    times slower on the millions of cell numbers marked here)."""
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _centre_labels(geoms, ax, ay, bx, by, seg_unit, x0, y0, cell, nx, ny):
    """Polygon number holding each cell centre (int16 grid, -1 none), by an even-odd scan of
    the rows of centres (one vectorised pass over the segments: no per-cell geometry test).

    ``None`` when the answer would not be exact that way: invalid polygons, or polygons that
    overlap (two of them hold some centre). A centre exactly on a segment may be given to
    either side or none; that cell is a boundary cell, whose label is replaced, and whose
    candidate list already holds the units owning that segment.
    """
    import shapely

    if not shapely.is_valid(geoms).all():
        return None
    # each segment from its lower to its upper end, so a segment shared by two polygons
    # gives both the very same crossings, bit for bit
    swap = (by < ay) | ((by == ay) & (bx < ax))
    lx, ly = np.where(swap, bx, ax), np.where(swap, by, ay)
    ux, uy = np.where(swap, ax, bx), np.where(swap, ay, by)
    # rows whose centre line the segment crosses, half-open [lower end, upper end): both
    # segments at a vertex see the same row threshold, so every row crosses a ring an even
    # number of times
    r0 = np.ceil((ly - y0) / cell - 0.5).astype("int64")
    r1 = np.ceil((uy - y0) / cell - 0.5).astype("int64")
    k = np.clip(r1, 0, ny) - np.clip(r0, 0, ny)
    keep = k > 0
    lx, ly, ux, uy, r0, k, g = lx[keep], ly[keep], ux[keep], uy[keep], np.clip(r0[keep], 0, ny), k[keep], \
        seg_unit[keep]
    seg = np.repeat(np.arange(len(k)), k)
    row = r0[seg] + (np.arange(len(seg)) - np.repeat(np.cumsum(k) - k, k))
    yc = y0 + (row + 0.5) * cell
    xc = lx[seg] + (yc - ly[seg]) * ((ux - lx) / (uy - ly))[seg]
    grp = g[seg].astype("int64") * ny + row
    order = np.lexsort((xc, grp))
    grp, xc = grp[order], xc[order]
    if len(grp) % 2 or (grp[0::2] != grp[1::2]).any():
        return None  # an odd crossing count: not a closed, valid ring set
    # the cells whose centre lies between crossing 2i and 2i+1 of a polygon's row
    c0 = np.clip(np.ceil((xc[0::2] - x0) / cell - 0.5), 0, nx).astype("int64")
    c1 = np.clip(np.ceil((xc[1::2] - x0) / cell - 0.5), 0, nx).astype("int64")
    row, unit = grp[0::2] % ny, grp[0::2] // ny
    full = c0 < c1
    row, unit, c0, c1 = row[full], unit[full], c0[full], c1[full]
    # overlapping polygons (two spans of one row sharing a cell): lowest number wins, the
    # general way. A check on the spans, not a grid of cover counts (a fresh process pays
    # for every page of a 10 M cell grid it touches)
    order = np.lexsort((c0, row))
    row, unit, c0, c1 = row[order], unit[order], c0[order], c1[order]
    if ((row[1:] == row[:-1]) & (c0[1:] < c1[:-1])).any():
        return None
    # spans as +label at their first cell and -label after their last, one flat running sum
    # (int16, in place): a span ending at the row's end is closed at the next row's first
    # cell, before that cell is read
    lab = np.zeros(ny * nx + 1, dtype=np.int16)
    w = (unit + 1).astype(np.int16)
    # no two spans start (or end) at one cell: they are disjoint and non-empty, so plain
    # fancy-index updates are exact (ufunc.at, which allows repeats, is 10x slower here)
    lab[row * nx + c0] += w
    lab[row * nx + c1] -= w
    np.cumsum(lab, out=lab)
    lab -= 1
    return lab[:-1].reshape(ny, nx)


def _labels_by_components(geoms, bcells, x0, y0, cell, nx, ny):
    """Flat grid labels (int16; -1 outside) of the cells no boundary touches, by connected
    regions each tested once, and the (boundary cell, polygon) pairs of the polygons holding
    a boundary cell's centre: exact for overlapping polygons (lowest number wins)."""
    import shapely
    from scipy import ndimage

    tree = shapely.STRtree(geoms)
    ci, gi = tree.query(shapely.points(x0 + (bcells % nx + 0.5) * cell, y0 + (bcells // nx + 0.5) * cell),
                        predicate="within")
    mask = np.zeros(ny * nx, dtype=bool)
    mask[bcells] = True
    # cells no boundary touches form regions that each lie in one polygon or outside all
    comp, ncomp = ndimage.label(~mask.reshape(ny, nx))
    flat_comp = comp.ravel()
    first_cell = np.full(ncomp + 1, -1, dtype="int64")
    nz = np.flatnonzero(flat_comp)
    first_cell[flat_comp[nz][::-1]] = nz[::-1]
    rep_cells = first_cell[1:]
    cx = x0 + (rep_cells % nx + 0.5) * cell
    cy = y0 + (rep_cells // nx + 0.5) * cell
    pi, gj = tree.query(shapely.points(cx, cy), predicate="within")
    comp_label = np.full(ncomp + 1, OUTSIDE, dtype="int16")
    order = np.lexsort((-gj, pi))  # where polygons overlap the lowest number is written last
    comp_label[pi[order] + 1] = gj[order]
    return comp_label[comp].ravel(), ci, gi


def _band_numbers(bcells, nx: int, ny: int):
    """Split the rows into bands of at most LOCAL_MAX boundary cells: (first number of each
    row's band, number of each boundary cell within its band)."""
    rows = bcells // nx
    first = np.searchsorted(rows, np.arange(ny + 1))  # number of the first boundary cell per row
    rowbase = np.empty(ny, dtype=np.int64)
    base = 0
    for r in range(ny):  # a few thousand rows
        if first[r + 1] - base > LOCAL_MAX:
            base = int(first[r])
        rowbase[r] = base
    if len(bcells) and (np.diff(first) > LOCAL_MAX).any():
        raise DataIntegrityError("a grid row holds more boundary cells than an int16 label can number")
    return rowbase, (np.arange(len(bcells)) - rowbase[rows]).astype(np.int16)
