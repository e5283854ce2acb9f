"""Contiguity of units that tile the country: who borders whom, islands, enclaves, components.

Why not libpysal's ``Queen.from_dataframe`` alone: it matches vertices exactly, which is right
for the exactly tiling layers kzregions loads (see :mod:`kzregions._tiling`: neighbours share
the very same edges), but a user's own layer (digitised separately, simplified, reprojected)
leaves gaps and slivers of a few metres; there a tolerance in metres is what a GIS engineer
expects. Pairs are found with an STRtree and tested with shapely, in the metric conic for
Kazakhstan when a tolerance is given (metres never degrees), so both cases share one rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._crs import METRIC

#: A unit whose border is shared with a single neighbour for at least this share of its length
#: is an enclave of that neighbour (0.99: the tiling's edges coincide to the grid cell).
ENCLAVE_SHARE = 0.99


@dataclass(eq=False)
class Contiguity:
    """Neighbours of units (index positions), with islands, enclaves and added links.

    ``neighbors[i]`` is a sorted int array; ``links`` are (i, j, km) joins added by
    :func:`connect` between components that share no border.
    """

    keys: np.ndarray
    neighbors: list
    rule: str
    tolerance: float
    enclaves: dict = field(default_factory=dict)
    links: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.keys)

    @property
    def islands(self) -> list:
        """Keys of units without a neighbour (before links were added)."""
        linked = {i for a, b, _ in self.links for i in (a, b)}
        return [self.keys[i] for i, nb in enumerate(self.neighbors) if len(nb) == 0 or
                (i in linked and all(_is_link(self, i, j) for j in nb))]

    def sparse(self):
        """Symmetric 0/1 adjacency as a scipy CSR matrix."""
        from scipy.sparse import csr_matrix

        rows = np.repeat(np.arange(self.n), [len(nb) for nb in self.neighbors])
        cols = np.concatenate([np.asarray(nb, dtype=int) for nb in self.neighbors]) if self.n else np.array([], int)
        return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n, self.n))

    def components(self) -> np.ndarray:
        """Connected-component label of each unit (0, 1, ...)."""
        from scipy.sparse.csgraph import connected_components

        return connected_components(self.sparse(), directed=False)[1]

    def to_w(self):
        """The same graph as a ``libpysal.weights.W`` (ids 0..n-1), silent about islands."""
        import warnings

        from ._pysal import libpysal

        W = libpysal().weights.W
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # islands are reported by kzregions, not printed
            return W({i: [int(j) for j in nb] for i, nb in enumerate(self.neighbors)}, silence_warnings=True)

    def subset(self, keep: np.ndarray) -> Contiguity:
        """The graph among the units at positions ``keep`` (renumbered 0..len(keep)-1)."""
        pos = {int(k): i for i, k in enumerate(keep)}
        nbs = [np.array(sorted(pos[int(j)] for j in self.neighbors[k] if int(j) in pos), dtype=int) for k in keep]
        links = [(pos[a], pos[b], d) for a, b, d in self.links if a in pos and b in pos]
        enclaves = {k: v for k, v in self.enclaves.items() if k in set(self.keys[keep])}
        return Contiguity(self.keys[keep], nbs, self.rule, self.tolerance, enclaves, links)


def _is_link(c: Contiguity, i: int, j: int) -> bool:
    return any((a, b) in ((i, j), (j, i)) for a, b, _ in c.links)


def contiguity(geoms: Any, keys: Any, *, rule: str = "queen", tolerance: float = 0.0) -> Contiguity:
    """Neighbours of each geometry.

    Parameters
    ----------
    geoms : GeoSeries
        Polygons with a CRS.
    keys : sequence
        One key per geometry (KATO codes).
    rule : {"queen", "rook"}
        Queen: any common point; rook: a common border of positive length.
    tolerance : float
        Metres: units closer than this count as touching (gaps of a separately digitised
        layer); 0 for exactly tiling layers.

    Returns
    -------
    Contiguity
    """
    import shapely

    keys = np.asarray(list(keys), dtype=object)
    if tolerance > 0 or not geoms.crs.is_geographic:
        g = np.asarray(geoms.to_crs(METRIC).values)
    else:
        g = np.asarray(geoms.values)
    tree = shapely.STRtree(g)
    if tolerance > 0:
        a, b = tree.query(g, predicate="dwithin", distance=tolerance)
    else:
        a, b = tree.query(g, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    boundary = shapely.boundary(g)
    shared = _shared_length(g, boundary, a, b, tolerance)
    if rule == "rook":
        # a border of positive length; with a tolerance, longer than the tolerance band
        # itself (two units meeting at a corner share a band about 2 x tolerance long)
        ok = shared > max(4 * tolerance, 0.0) if tolerance > 0 else shared > 0
        a, b, shared = a[ok], b[ok], shared[ok]
    n = len(g)
    nbs: list = [[] for _ in range(n)]
    for i, j in zip(a.tolist(), b.tolist()):
        nbs[i].append(j)
        nbs[j].append(i)
    neighbors = [np.array(sorted(x), dtype=int) for x in nbs]
    enclaves = _enclaves(keys, neighbors, boundary, a, b, shared)
    return Contiguity(keys, neighbors, rule, float(tolerance), enclaves)


def _shared_length(g, boundary, a, b, tolerance: float) -> np.ndarray:
    """Length of border shared by each pair (in the geometries' units)."""
    import shapely

    if len(a) == 0:
        return np.zeros(0)
    if tolerance > 0:
        return shapely.length(shapely.intersection(boundary[a], shapely.buffer(g[b], tolerance)))
    return shapely.length(shapely.intersection(boundary[a], boundary[b]))


def _enclaves(keys, neighbors, boundary, a, b, shared) -> dict:
    """Units whose whole border is shared with one neighbour: {enclave key: host key}."""
    import shapely

    out = {}
    total = shapely.length(boundary)
    for i, nb in enumerate(neighbors):
        if len(nb) != 1:
            continue
        j = int(nb[0])
        sel = ((a == i) & (b == j)) | ((a == j) & (b == i))
        if sel.any() and total[i] > 0 and float(shared[sel].max()) >= ENCLAVE_SHARE * total[i]:
            out[keys[i]] = keys[j]
    return out


def connect(c: Contiguity, geoms: Any) -> Contiguity:
    """Join every component to its nearest unit outside it, smallest component first, until
    the graph is connected; each added join is in ``links`` with its length in km (metric
    conic). Returns a new :class:`Contiguity`."""
    import shapely
    from scipy.sparse.csgraph import connected_components

    g = np.asarray(geoms.to_crs(METRIC).values)
    nbs = [list(x) for x in c.neighbors]
    links = list(c.links)
    out = Contiguity(c.keys, [np.array(x, dtype=int) for x in nbs], c.rule, c.tolerance, dict(c.enclaves), links)
    while True:
        ncomp, lab = connected_components(out.sparse(), directed=False)
        if ncomp <= 1:
            return out
        sizes = np.bincount(lab)
        small = int(np.argmin(sizes))
        inside = np.flatnonzero(lab == small)
        outside = np.flatnonzero(lab != small)
        tree = shapely.STRtree(g[outside])
        (src, dst), dist = tree.query_nearest(g[inside], return_distance=True, all_matches=False)
        best = int(np.argmin(dist))
        i, j = int(inside[src[best]]), int(outside[dst[best]])
        nbs[i].append(j)
        nbs[j].append(i)
        links.append((i, j, float(dist[best]) / 1000.0))
        out = Contiguity(c.keys, [np.array(sorted(x), dtype=int) for x in nbs], c.rule, c.tolerance,
                         dict(c.enclaves), links)
