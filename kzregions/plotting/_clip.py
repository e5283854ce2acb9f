"""Drawing only what a map shows: geometries clipped to the view before they are plotted,
and drawn as one matplotlib collection each."""

from __future__ import annotations


def plot_in_view(ax, geoms, view, margin: float = 0.05, **kw) -> None:
    """Draw ``geoms`` (a GeoSeries) clipped to the view ``(x0, y0, x1, y1)`` widened by
    ``margin`` of its size on every side; nothing when no part of them is in view.

    A sheet shows a part of the country, but drawing whole outlines makes matplotlib
    transform, and the PDF writer compress, every vertex of them on every page (an atlas
    was twice the size). The cuts a clip makes along its rectangle lie outside the view,
    so nothing visible changes.
    """
    import numpy as np
    import shapely

    x0, y0, x1, y1 = view
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    clipped = shapely.clip_by_rect(np.asarray(geoms.values), x0 - dx, y0 - dy, x1 + dx, y1 + dy)
    draw(ax, clipped[~shapely.is_empty(clipped)], **kw)


def draw(ax, geoms, *, color=None, **kw) -> None:
    """Draw the polygons and lines of ``geoms`` (an array of shapely geometries in the axes'
    CRS) on ``ax`` as a polygon collection and a line collection, styled as
    ``GeoSeries.plot`` styles them (``color`` is the fill of polygons and the colour of
    lines; ``facecolor``, ``edgecolor``, ``linewidth``, ``zorder`` as in matplotlib). A
    fill colour may be one colour or one per geometry (geometries drawing nothing skip theirs).

    The same paths ``GeoSeries.plot`` would build, without its per-call work (a GeoSeries,
    a patch per geometry, rescaling the axes, a redraw request): an atlas sheet draws its
    context in a dozen calls. The axes' limits are left alone. ``ax`` may also be a figure,
    with a ``transform`` (and ``clip_box``) in ``kw`` placing the shapes on the page.
    """
    from matplotlib.collections import LineCollection, PolyCollection

    geoms = _as_array(geoms)
    (verts, codes, owner), lines = _paths(geoms)
    if verts:
        style = dict(kw)
        if color is not None:
            style["facecolor"] = color
        if _per_geometry(style.get("facecolor"), len(geoms)):
            style["facecolor"] = [style["facecolor"][i] for i in owner]
        shapes = PolyCollection([], **style)
        shapes.set_verts_and_codes(verts, codes)
        _add(ax, shapes)
    if lines:
        style = {k: v for k, v in kw.items() if k not in ("facecolor", "edgecolor")}
        _add(ax, LineCollection(lines, color=color, **style))


def _add(target, collection) -> None:
    if hasattr(target, "add_collection"):
        target.add_collection(collection, autolim=False)
    else:  # a figure: the collection carries its own transform
        target.add_artist(collection)


def _as_array(geoms):
    import numpy as np

    return np.asarray(getattr(geoms, "values", geoms), dtype=object)


def _per_geometry(c, n: int) -> bool:
    """Whether ``c`` is a colour per geometry (not one colour, which may itself be a tuple)."""
    from matplotlib.colors import is_color_like

    return c is not None and not isinstance(c, str) and not is_color_like(c) and len(c) == n


def _paths(geoms) -> tuple[tuple[list, list, list], list]:
    """The vertices and path codes of one compound path per geometry with polygons (every
    ring closed: exterior, then its holes) with the position of that geometry, and one
    vertex array per line part."""
    import numpy as np
    import shapely
    from matplotlib.path import Path

    # normalised as GeoSeries.plot normalises: a hole winds against its shell, so that the
    # non-zero fill rule of Agg and PDF leaves it empty
    parts, owner = shapely.get_parts(shapely.normalize(geoms), return_index=True)
    kind = shapely.get_type_id(parts)
    polys: tuple[list, list, list] = ([], [], [])
    poly = kind == 3
    if poly.any():
        rings, ring_part = shapely.get_rings(parts[poly], return_index=True)
        xy, ring_of = shapely.get_coordinates(rings, return_index=True)
        codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
        start = np.r_[0, np.flatnonzero(np.diff(ring_of)) + 1]
        codes[start] = Path.MOVETO
        codes[np.r_[start[1:] - 1, len(xy) - 1]] = Path.CLOSEPOLY
        geom_of = owner[poly][ring_part][ring_of]
        cuts = np.flatnonzero(np.diff(geom_of)) + 1
        polys = (np.split(xy, cuts), np.split(codes, cuts), list(geom_of[np.r_[0, cuts]]))
    line = (kind == 1) | (kind == 2)
    lines = [shapely.get_coordinates(g) for g in parts[line]]
    return polys, lines
