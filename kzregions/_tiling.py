"""Turn nearly-tiling polygons into an exact tiling (one shared noding for all units).

Why this exists: the conforming step removes sibling overlaps pair by pair with overlays
on a 1e-7 degree grid. Each overlay snap-rounds only its own two inputs, so the edge it
leaves behind can bend by a grid cell where a third unit's edge crossed it: 2024 still had
tiny overlaps after conforming (Karakiyan/Mangistau, Kazygurt/Ordabasy, Karasay/Ile, ...;
and at level 1 Abai/Zhetysu, Almaty/Zhetysu, Turkistan/Shymkent), so a point could be
"within" two units. Here all boundaries of a level are noded together once, cut into
faces, and each face goes to exactly one unit; units sharing a border then share the very
same edges, vertex for vertex, and no two units share any area.
"""

from __future__ import annotations

import numpy as np


def retile(geoms, keys, grid: float):
    """Rebuild ``geoms`` from the faces of their common noding, each face owned once.

    Parameters
    ----------
    geoms : sequence of shapely (Multi)Polygon
        Units of one level, already clipped and de-overlapped up to small slivers.
    keys : sequence of str
        KATO code per unit: a face inside several units goes to the lowest code (the rule
        the pairwise step applies too).
    grid : float
        Precision grid (degrees) of the noding.

    Returns
    -------
    (list, list)
        New geometries (MultiPolygon, same order) and, per unit, the area removed from it
        (MultiPolygon, usually empty or slivers of about 1e-9 square degrees).
    """
    import shapely
    from shapely.geometry import MultiPolygon

    geoms = np.asarray(list(geoms), dtype=object)
    keys = np.asarray(keys)
    n = len(geoms)
    lines = shapely.boundary(geoms)
    noded = shapely.union_all(lines, grid_size=grid)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    faces = faces[shapely.area(faces) > 0]
    tree = shapely.STRtree(geoms)
    fi, ui = tree.query(faces, predicate="intersects")
    # share of each face inside each candidate unit: 1 for the unit(s) it lies in, 0 for a
    # neighbour it only touches (faces never straddle a unit border: all borders are noded)
    inside = shapely.area(shapely.intersection(faces[fi], geoms[ui], grid_size=grid))
    frac = inside / shapely.area(faces[fi])
    keep = frac > 0.5
    fi, ui = fi[keep], ui[keep]
    owner = np.full(len(faces), -1)
    # lowest code wins: write candidates from the highest code down, the last write stays
    order = np.argsort(keys[ui], kind="stable")[::-1]
    owner[fi[order]] = ui[order]
    out, removed = [], []
    for i in range(n):
        mine = faces[owner == i]
        if len(mine) == 0:
            new = MultiPolygon()
        else:
            new = shapely.coverage_union_all(mine)
            new = shapely.normalize(new)
        new = _multi(new)
        out.append(new)
        lost = shapely.difference(geoms[i], new, grid_size=grid)
        removed.append(_multi(lost) if shapely.area(lost) > 0 else MultiPolygon())
    return out, removed


def _multi(g):
    import shapely
    from shapely.geometry import MultiPolygon

    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    return MultiPolygon(parts)
