"""An exact grid index for assigning coordinate arrays to polygons (points -> units).

How it works: a regular lon/lat grid covers the units. A cell that no unit boundary
touches (its closed extent, widened by a margin far above rounding error) lies wholly in
one unit's interior, or wholly outside every unit: it carries that unit's number (or -1)
and points in it are labelled directly. Every other cell is a *boundary* cell (-2) with
the list of units whose boundary passes through it; only the few points falling there are
tested, with shapely 2's vectorised ``contains_xy`` (or ``intersects_xy``) against those
candidates. The answer is therefore the same as ``geopandas.sjoin(predicate="within")``
(``"intersects"``) point for point, including points on vertices, edges and cell corners.

The index lives in the fast-load cache as an ``.npz`` of plain arrays (read with
``allow_pickle=False``); it records the layer's cache key (sources and harmonisation
version), level and vintage, and any mismatch or read failure means "rebuild".
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .errors import InvalidArgumentError

#: Bump when the index layout or construction changes.
FORMAT = 2
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
        Polygon number, ``-1`` outside all, ``-2`` boundary cell.
    bcells, ptr, cand : numpy.ndarray
        Boundary cells (flat ids, sorted) and their candidate polygons in CSR form.
    meta : dict
        What the index was built from.
    """

    def __init__(self, keys, geoms, x0, y0, cell, labels, bcells, ptr, cand, meta=None):
        self.keys = np.asarray(keys)
        self.geoms = np.asarray(geoms, dtype=object)
        self.x0, self.y0, self.cell = float(x0), float(y0), float(cell)
        self.labels = labels
        self.bcells, self.ptr, self.cand = bcells, ptr, cand
        self.meta = dict(meta or {})
        self._prepared = np.zeros(len(self.geoms), dtype=bool)

    def __getstate__(self):  # dask ships the index to workers; prepared geometries do not pickle
        state = self.__dict__.copy()
        state["_prepared"] = np.zeros(len(self.geoms), dtype=bool)
        return state

    @property
    def nbytes(self) -> int:
        """Memory of the grid arrays (bytes), geometries not counted."""
        return int(self.labels.nbytes + self.bcells.nbytes + self.ptr.nbytes + self.cand.nbytes)

    # ------------------------------------------------------------------ query
    def lookup(self, x, y, predicate: str = "within") -> np.ndarray:
        """Polygon number of each point (int32; -1 where no polygon holds it).

        ``within``: the polygon whose interior holds the point (``contains_xy``); points on
        a border are in none. ``intersects``: the first polygon (lowest number) whose
        closure holds the point, so a point on a shared border goes to the lower number.
        NaN or infinite coordinates give -1.
        """
        if predicate not in ("within", "intersects"):
            raise InvalidArgumentError(f"predicate {predicate!r}: use 'within' or 'intersects'")
        x = np.asarray(x, dtype="float64")
        y = np.asarray(y, dtype="float64")
        out = np.empty(len(x), dtype="int32")
        for s in range(0, len(x), CHUNK):
            out[s:s + CHUNK] = self._lookup_chunk(x[s:s + CHUNK], y[s:s + CHUNK], predicate)
        return out

    def _lookup_chunk(self, x, y, predicate):
        import shapely

        ny, nx = self.labels.shape
        fx = (x - self.x0) / self.cell
        fy = (y - self.y0) / self.cell
        # NaN compares False: non-finite and off-grid points fail `ok` and stay outside
        ok = (fx >= 0) & (fx < nx) & (fy >= 0) & (fy < ny)
        res = np.full(len(x), OUTSIDE, dtype="int32")
        pos = np.flatnonzero(ok)
        flat = fy[pos].astype("int64") * nx + fx[pos].astype("int64")
        lab = self.labels.ravel()[flat]
        res[pos] = lab
        b = lab == BOUNDARY
        if not b.any():
            return res
        bpos = pos[b]
        slot = np.searchsorted(self.bcells, flat[b])
        start, stop = self.ptr[slot], self.ptr[slot + 1]
        res[bpos] = OUTSIDE
        # one (point, candidate) pair per candidate, then one vectorised test per polygon
        counts = (stop - start).astype("int64")
        pt = np.repeat(bpos, counts)
        first = np.repeat(start.astype("int64") - np.cumsum(counts) + counts, counts)
        cand = self.cand[first + np.arange(len(pt))]
        test = shapely.contains_xy if predicate == "within" else shapely.intersects_xy
        order = np.argsort(cand, kind="stable")
        pt, cand = pt[order], cand[order]
        edges = np.flatnonzero(np.diff(cand)) + 1
        hits = np.zeros(len(pt), dtype=bool)
        for lo, hi in zip(np.r_[0, edges], np.r_[edges, len(pt)]):
            if hi <= lo:
                continue
            u = int(cand[lo])
            if not self._prepared[u]:
                shapely.prepare(self.geoms[u])
                self._prepared[u] = True
            hits[lo:hi] = test(self.geoms[u], x[pt[lo:hi]], y[pt[lo:hi]])
        # lowest polygon number wins: write hits from the highest number down
        hp, hc = pt[hits][::-1], cand[hits][::-1]
        res[hp] = hc
        return res

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        """Write the index atomically as an ``.npz`` of plain arrays."""
        import shapely

        gtype, coords, offsets = shapely.to_ragged_array(self.geoms)
        arrays = {
            "labels": self.labels, "bcells": self.bcells, "ptr": self.ptr, "cand": self.cand,
            "keys": self.keys.astype(str), "g_coords": coords,
            "header": np.array(json.dumps({
                "format": FORMAT, "x0": self.x0, "y0": self.y0, "cell": self.cell,
                "gtype": int(gtype), "noffsets": len(offsets), "meta": self.meta})),
        }
        for i, off in enumerate(offsets):
            arrays[f"g_o{i}"] = off
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, expect: dict) -> PointIndex | None:
        """Read an index written by :meth:`save`; ``None`` if missing, damaged or stale."""
        if not path.is_file():
            return None
        try:
            import shapely

            with np.load(path, allow_pickle=False) as z:
                h = json.loads(str(z["header"]))
                if h.get("format") != FORMAT or any(h["meta"].get(k) != v for k, v in expect.items()):
                    return None
                offsets = tuple(z[f"g_o{i}"] for i in range(h["noffsets"]))
                geoms = shapely.from_ragged_array(shapely.GeometryType(h["gtype"]), z["g_coords"], offsets)
                idx = cls(z["keys"].astype(object), geoms, h["x0"], h["y0"], h["cell"], z["labels"],
                          z["bcells"], z["ptr"], z["cand"], h["meta"])
            ny, nx = idx.labels.shape
            if (idx.labels.dtype != np.int16 or len(idx.ptr) != len(idx.bcells) + 1
                    or len(idx.keys) != len(idx.geoms) or idx.ptr[-1] != len(idx.cand)):
                return None
            return idx
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
            return None


# ---------------------------------------------------------------------------- building
def build(keys, geoms, cell: float = CELL, meta: dict | None = None) -> PointIndex:
    """Build the grid index over polygons (EPSG:4326 degrees); first polygon wins overlaps."""
    import shapely
    from scipy import ndimage

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
    cells, units = [], []
    for di in range(3):  # a piece spans at most 2 cells (3 with the margin) each way
        for dj in range(3):
            m = (ix0 + di <= ix1) & (iy0 + dj <= iy1)
            cells.append((iy0[m] + dj) * nx + (ix0[m] + di))
            units.append(unit[m])
    ng = len(geoms)
    pair = np.unique(np.concatenate(cells) * ng + np.concatenate(units))
    bcells = np.unique(pair // ng)
    # The marking above is conservative (a piece's box can reach a cell the piece misses),
    # so a boundary cell may lie wholly inside a unit whose own boundary is elsewhere. A
    # unit that holds some point of a cell without its boundary touching the cell holds the
    # whole cell, hence the cell's centre: adding the units that hold the centre makes every
    # candidate list complete (also where polygons overlap, as programme zones may).
    tree = shapely.STRtree(geoms)
    ci, gi = tree.query(shapely.points(x0 + (bcells % nx + 0.5) * cell, y0 + (bcells // nx + 0.5) * cell),
                        predicate="within")
    pair = np.unique(np.r_[pair, bcells[ci] * ng + gi])
    pcell, punit = pair // ng, (pair % ng).astype("int16")
    bcells, first = np.unique(pcell, return_index=True)
    ptr = np.r_[first, len(pcell)].astype("int32")

    flat = np.full(ny * nx, OUTSIDE, dtype="int16")
    flat[bcells] = BOUNDARY
    labels = flat.reshape(ny, nx)
    # cells no boundary touches form regions that each lie in one polygon or outside all
    comp, ncomp = ndimage.label(labels != BOUNDARY)
    flat_comp = comp.ravel()
    first_cell = np.full(ncomp + 1, -1, dtype="int64")
    nz = np.flatnonzero(flat_comp)
    first_cell[flat_comp[nz][::-1]] = nz[::-1]
    rep_cells = first_cell[1:]
    cx = x0 + (rep_cells % nx + 0.5) * cell
    cy = y0 + (rep_cells // nx + 0.5) * cell
    pts = shapely.points(cx, cy)
    pi, gi = tree.query(pts, predicate="within")
    comp_label = np.full(ncomp + 1, OUTSIDE, dtype="int16")
    order = np.lexsort((-gi, pi))  # where polygons overlap the lowest number is written last
    comp_label[pi[order] + 1] = gi[order]
    comp_label[0] = BOUNDARY
    labels = comp_label[comp]
    return PointIndex(np.asarray(keys), geoms, x0, y0, cell, labels.astype("int16"),
                      bcells.astype("int64"), ptr, punit, meta)
