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


def retile(geoms, keys, grid: float, parents=None, parent_of=None):
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
    parents : dict of str to shapely (Multi)Polygon, optional
        Outlines the units must tile (the country for oblasts, the oblasts for districts).
        Their borders are noded with the units', so a face inside a parent that no unit
        owns is a gap: it goes to the sibling sharing the longest border with it.
    parent_of : sequence of str, optional
        Key in ``parents`` of each unit.

    Returns
    -------
    (list, list, list)
        New geometries (MultiPolygon, same order); per unit, the area removed from it
        (MultiPolygon, usually empty or slivers of about 1e-9 square degrees) and the gap
        faces added to it.
    """
    import shapely
    from shapely.geometry import MultiPolygon

    from ._pointindex import in_threads

    geoms = np.asarray(list(geoms), dtype=object)
    keys = np.asarray(keys)
    n = len(geoms)
    lines = shapely.boundary(geoms)
    pkeys = list(parents or {})
    pgeoms = np.asarray([parents[k] for k in pkeys], dtype=object) if pkeys else np.empty(0, dtype=object)
    noded = shapely.union_all(np.r_[lines, shapely.boundary(pgeoms)], grid_size=grid)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    faces = faces[shapely.area(faces) > 0]
    tree = shapely.STRtree(geoms)
    fi, ui = tree.query(faces, predicate="intersects")
    keep = _inside(faces, geoms, fi, ui, grid)
    fi, ui = fi[keep], ui[keep]
    owner = np.full(len(faces), -1)
    # lowest code wins: write candidates from the highest code down, the last write stays
    order = np.argsort(keys[ui], kind="stable")[::-1]
    owner[fi[order]] = ui[order]
    added = np.zeros(len(faces), dtype=bool)
    if pkeys:
        added = _fill_gaps(faces, owner, geoms, keys, pgeoms, np.asarray([pkeys.index(k) for k in parent_of]), grid)
    out: list = [None] * n
    removed: list = [None] * n
    gaps: list = [None] * n

    def one(i):
        mine = owner == i
        new = shapely.normalize(shapely.coverage_union_all(faces[mine])) if mine.any() else MultiPolygon()
        new = _multi(new)
        out[i] = new
        gaps[i] = MultiPolygon(list(faces[mine & added]))
        # most units lose nothing: a covers test (a relate, about half the cost of the
        # overlay) finds them; the overlay measures the rest
        if shapely.covers(new, geoms[i]):
            removed[i] = MultiPolygon()
            return
        lost = shapely.difference(geoms[i], new, grid_size=grid)
        removed[i] = _multi(lost) if shapely.area(lost) > 0 else MultiPolygon()

    in_threads(one, range(n))  # each unit's overlays on their own: in parallel
    return out, removed, gaps


def _fill_gaps(faces, owner, geoms, keys, pgeoms, parent_of, grid: float):
    """Give each face inside a parent that no unit owns to a unit of that parent (in place
    in ``owner``): the one sharing the longest border with it, else the nearest.

    Noded faces share their edges exactly, so "shared border" is the length of the common
    linework of the gap face and the unit's faces next to it (no buffer needed). Returns
    which faces were given this way.
    """
    import shapely

    free = np.flatnonzero(owner < 0)
    added = np.zeros(len(faces), dtype=bool)
    if not len(free):
        return added
    ptree = shapely.STRtree(pgeoms)
    fi, pi = ptree.query(faces[free], predicate="intersects")
    inside = _inside(faces[free], pgeoms, fi, pi, grid)
    fi, pi = free[fi[inside]], pi[inside]  # gap faces and their parent
    if not len(fi):
        return added
    ftree = shapely.STRtree(faces)
    for f, p in zip(fi, pi):
        siblings = np.flatnonzero(parent_of == p)
        if not len(siblings):
            continue  # a parent without children here: nobody to give its area to
        near = ftree.query(faces[f], predicate="touches")
        near = near[np.isin(owner[near], siblings)]
        shared = shapely.length(shapely.intersection(faces[f].boundary, shapely.boundary(faces[near]),
                                                     grid_size=grid)) if len(near) else np.zeros(0)
        if len(near) and shared.max() > 0:
            by_unit: dict[int, float] = {}
            for g, length in zip(owner[near], shared):
                by_unit[int(g)] = by_unit.get(int(g), 0.0) + float(length)
            # longest border; equal lengths to the lowest code (the sibling order)
            owner[f] = max(sorted(by_unit, key=lambda u: keys[u]), key=lambda u: by_unit[u])
        else:
            owner[f] = int(siblings[np.argmin(shapely.distance(faces[f], geoms[siblings]))])
        added[f] = True
    return added


def _inside(faces, geoms, fi, ui, grid: float):
    """Whether face ``fi[k]`` lies in unit ``ui[k]``: more than half its area inside.

    Faces never straddle a unit border (all borders are noded), so the share is 1 for the
    unit(s) a face lies in and 0 for a neighbour it only touches, up to a strip along the
    face's edges as wide as the noding moved them (a grid cell or two). The overlay that
    measures the share costs most of the tiling; it is needed only where a point test could
    disagree with it. Where a point deep in the face (``point_on_surface``) is farther than
    ``slack`` from the unit's border, the point's side is the face's side, and where the
    face's area exceeds ``4 * slack`` times its perimeter the strip cannot hold half of it:
    then "the point is in the unit" is the answer the overlay would give.
    """
    import shapely

    slack = 10 * grid  # far above how far the noding moves an edge (about one cell)
    area = shapely.area(faces)
    rep = shapely.point_on_surface(faces)
    fat = area > 4 * slack * shapely.length(faces)
    bounds = shapely.boundary(geoms)
    far = fat[fi] & (shapely.distance(rep[fi], bounds[ui]) > slack)
    shapely.prepare(geoms)
    keep = np.zeros(len(fi), dtype=bool)
    keep[far] = shapely.contains(geoms[ui[far]], rep[fi[far]])
    near = ~far
    inside = shapely.area(shapely.intersection(faces[fi[near]], geoms[ui[near]], grid_size=grid))
    keep[near] = inside / area[fi[near]] > 0.5
    return keep


def _multi(g):
    import shapely
    from shapely.geometry import MultiPolygon

    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    return MultiPolygon(parts)
