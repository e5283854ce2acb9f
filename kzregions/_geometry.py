"""Geometry helpers shared by the loaders, regions, rasters and maps.

One precision grid, one way to coerce to MultiPolygon, one conforming step (children tile
their parent) and one way to turn "something region-like" into an outline. Heavy imports
(shapely, geopandas) happen inside the functions: this module is imported by light ones.
"""

from __future__ import annotations

from typing import Any

from ._crs import STORAGE
from .errors import CRSMismatchError, InvalidGeometryError, InvalidInputError

#: Precision grid (degrees) of the harmonised geometry: about 1 cm.
GRID = 1e-7


def polygonal(geoms):
    """Keep only the polygonal part of each geometry, as MultiPolygon (``make_valid`` may
    return collections with stray lines or points along a repaired self-intersection)."""
    import geopandas as gpd

    return gpd.GeoSeries([to_multipolygon(g) for g in geoms], index=geoms.index, crs=geoms.crs)


def to_multipolygon(g):
    import shapely
    from shapely.geometry import MultiPolygon

    if g is None or g.is_empty:
        return MultiPolygon()
    if g.geom_type == "MultiPolygon":
        return g
    if g.geom_type == "Polygon":
        return MultiPolygon([g])
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = []
    for p in parts:
        polys.extend(shapely.get_parts(p) if p.geom_type == "MultiPolygon" else [p])
    return MultiPolygon(polys)


def conform(geoms, keys, parent_keys, parents: dict):
    """Make children tile their parent: clip, remove sibling overlaps, assign gaps.

    Returns the new geometries and, per child, the pieces clipped away, removed as
    overlap and added from gaps (so their areas can be reported).

    All overlay operations run on a fixed 1e-7 degree grid (about 1 cm). In floating
    precision GEOS falls back to snapping heuristics on these long, nearly coincident
    borders: subtracting a degenerate sliver of zero area from Kyzylorda oblast removed
    6.4 km², and slivers of zero area project to "overlaps" of 0.4 km². Snap-rounding on a
    grid is robust, and 1 cm is far below the accuracy of the source.
    """
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon

    from ._pointindex import in_threads

    n = len(geoms)
    geoms = _on_grid(np.asarray(geoms, dtype=object))
    parents = {k: shapely.set_precision(v, GRID) for k, v in parents.items()}
    out = list(geoms)
    empty = MultiPolygon()
    clipped, overlap = [empty] * n, [empty] * n
    order = np.argsort(keys, kind="stable")

    def clip(i):
        # each child on its own (level 1 has a single parent, the country: threads over
        # parents alone would leave a core idle there)
        P, g = parents[parent_keys[i]], geoms[i]
        if not shapely.covers(P, g):
            clipped[i] = to_multipolygon(shapely.difference(g, P, grid_size=GRID))
            out[i] = to_multipolygon(shapely.intersection(g, P, grid_size=GRID))

    def one_parent(pk):
        # writes only the entries of pk's children: parents run in threads (GEOS releases
        # the GIL), the result does not depend on their order
        idx = [int(i) for i in order if parent_keys[i] == pk]
        sib = np.array([out[i] for i in idx], dtype=object)
        tree = shapely.STRtree(sib)
        for a, b in zip(*tree.query(sib, predicate="intersects")):
            if a >= b:
                continue  # each pair once; the sibling with the lower KATO (a) keeps the overlap
            i, j = idx[a], idx[b]
            if not shapely.relate_pattern(out[i], out[j], "T********"):
                continue  # neighbours that only touch: no common interior, no overlay needed
            common = shapely.intersection(out[i], out[j], grid_size=GRID)
            if shapely.area(common) > 0:
                common = to_multipolygon(common)
                overlap[j] = to_multipolygon(shapely.union(overlap[j], common, grid_size=GRID))
                out[j] = to_multipolygon(shapely.difference(out[j], common, grid_size=GRID))

    in_threads(clip, list(range(n)))
    in_threads(one_parent, list(dict.fromkeys(parent_keys[order])))
    # one noding for the whole level, parents' borders included: the pairwise overlays above
    # leave slivers (and overlaps across parents) where snap-rounding bent an edge; rebuilt
    # from shared faces, neighbours share identical edges, and a face of a parent that no
    # child holds is a gap (found there, not by a union of the children per parent: that
    # union and difference cost a third of the harmonisation)
    from ._tiling import retile

    out, residue, gaps = retile(out, keys, GRID, parents, parent_keys)
    overlap = [o if r.is_empty else to_multipolygon(shapely.union(o, r, grid_size=GRID))
               for o, r in zip(overlap, residue)]
    return out, clipped, overlap, gaps


def _on_grid(geoms) -> list:
    """``shapely.set_precision(geoms, GRID)`` in two halves on two threads (each geometry on
    its own: the result is that of one call)."""
    import numpy as np
    import shapely

    from ._pointindex import in_threads

    out = np.empty(len(geoms), dtype=object)
    half = len(geoms) // 2

    def part(span):
        out[span[0]:span[1]] = shapely.set_precision(geoms[span[0]:span[1]], GRID)

    in_threads(part, [(0, half), (half, len(geoms))])
    return list(out)


def dasymetric(pieces, base, pop):
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from ._crs import area_km2

    bg = np.asarray(base.geometry.values)
    bpop = base["kato"].map(pop).to_numpy(dtype=float)
    ip, ib = shapely.STRtree(bg).query(pieces, predicate="intersects")
    inter = shapely.intersection(pieces[ip], bg[ib], grid_size=GRID)
    frac = area_km2(gpd.GeoSeries(inter, crs=STORAGE)).to_numpy() / base["area_km2"].to_numpy()[ib]
    contrib = frac * bpop[ib]
    # unknown only if the piece really overlaps the unit (more than a 0.01 % sliver)
    unknown = np.isnan(contrib) & (frac > 1e-4)
    total = pd.Series(np.nan_to_num(contrib), index=ip).groupby(level=0).sum()
    anyunk = pd.Series(unknown, index=ip).groupby(level=0).any()
    out = np.zeros(len(pieces))
    out[total.index.to_numpy()] = total.to_numpy()
    out[anyunk[anyunk].index.to_numpy()] = np.nan
    return out


def check_lonlat(bounds, what: str = "the geometry") -> None:
    """Raise :class:`CRSMismatchError` if bounds labelled EPSG:4326 cannot be longitude/latitude.

    Metre coordinates labelled as degrees (or given without a CRS) would otherwise be
    densified at 0.01 degree steps: minutes of work and gigabytes before any error.
    """
    import math

    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if any(math.isnan(b) for b in (minx, miny, maxx, maxy)):
        return  # empty: the caller says what is wrong with an empty geometry
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise CRSMismatchError(
            f"coordinates of {what} reach ({maxx:.0f}, {maxy:.0f}), which are not longitude/latitude: "
            "they look projected (metres?). Pass crs= with their real CRS (e.g. crs='EPSG:32642'), "
            "or set it on the frame with .set_crs(..., allow_override=True)."
        )


def as_geoseries(obj: Any, crs: Any = None, what: str = "the geometry"):
    """``obj`` as a GeoSeries in EPSG:4326.

    Accepts a GeoDataFrame or GeoSeries with a CRS, a shapely geometry (taken as
    EPSG:4326 unless ``crs`` names its CRS) or an object with an ``outline`` attribute (a
    ProgrammeRegion). Raises :class:`CRSMismatchError` for a frame without a CRS and for
    coordinates that cannot be longitude/latitude.
    """
    import geopandas as gpd
    import shapely

    outline = getattr(obj, "outline", None)
    if outline is not None and not isinstance(obj, (gpd.GeoDataFrame, gpd.GeoSeries)):
        return gpd.GeoSeries([outline], crs=STORAGE)
    if isinstance(obj, (gpd.GeoDataFrame, gpd.GeoSeries)):
        if obj.crs is None:
            raise CRSMismatchError(f"{what} has no CRS: set it (e.g. .set_crs('EPSG:4326')) so it "
                                   "can be placed on the map of Kazakhstan")
        gs = obj.geometry if isinstance(obj, gpd.GeoDataFrame) else obj
        gs = gs.to_crs(STORAGE)
    elif isinstance(obj, shapely.Geometry):
        gs = gpd.GeoSeries([obj], crs=crs if crs is not None else STORAGE).to_crs(STORAGE)
    else:
        raise InvalidInputError(f"{what}: expected a GeoDataFrame, GeoSeries, shapely geometry or ProgrammeRegion, "
                                f"got {type(obj).__name__}")
    check_lonlat(gs.total_bounds, what)
    return gs


def as_outline(obj: Any, crs: Any = None, what: str = "the geometry"):
    """The union of ``obj`` (see :func:`as_geoseries`) as one valid MultiPolygon in EPSG:4326.

    Raises :class:`InvalidGeometryError` when nothing polygonal is left.
    """
    import shapely

    outline = getattr(obj, "outline", None)
    if outline is not None and not hasattr(obj, "crs"):
        return outline
    gs = as_geoseries(obj, crs, what)
    g = shapely.union_all(shapely.make_valid(gs.values), grid_size=GRID)
    g = to_multipolygon(g)
    if g.is_empty:
        raise InvalidGeometryError(f"{what} has no polygonal part (empty, or points or lines only?): "
                                   "buffer points and lines first")
    return g
