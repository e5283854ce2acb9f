"""Unit labels that never go missing: each unit is named inside where its name fits, set
smaller (within limits) or broken over two lines where it does not, and otherwise outside
with a thin leader line to a dot inside it.

Labels are measured in display space before the figure is drawn, so the axes' limits and
aspect must be final (``ax.apply_aspect()``). Nothing here is public API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The smallest a unit name may be set, as a share of the base size (8 pt -> 6.4 pt).
SHRINK_LIMIT = 0.8
#: Share of a label's box that must lie inside its own unit.
INSIDE = 0.88
#: Leader labels: distances from the anchor (in label heights) and directions tried.
LEADER_STEPS = (2.2, 3.4, 4.8, 6.5, 8.5)
LEADER_ANGLES = (30, 150, 210, 330, 0, 180, 90, 270, 60, 120, 240, 300)
#: Offsets (points) of a city label beside its marker: right-up, left-up, right-down, ...
CITY_OFFSETS = ((9, 6, "left"), (-9, 6, "right"), (9, -14, "left"), (-9, -14, "right"),
                (0, 11, "center"), (0, -19, "center"))


@dataclass
class Placed:
    """What :func:`place` drew: the label texts, their leader lines, and the units it named."""

    texts: list = field(default_factory=list)
    boxes: list = field(default_factory=list)  # each text's extent (display), leader line included
    leaders: list = field(default_factory=list)
    named: list = field(default_factory=list)  # row positions of the units named
    how: dict = field(default_factory=dict)  # row position -> "inside" / "wrapped" / "leader" / "city"


def split_lines(name: str) -> str | None:
    """``name`` broken into two lines of about equal length at a space or after a hyphen
    (``Западно-\\nКазахстанская``), or None if it has no break point."""
    cuts = [m.end() for m in re.finditer(r"-(?=\w)", name)] + [m.start() for m in re.finditer(r" ", name)]
    if not cuts:
        return None
    mid = len(name) / 2
    c = min(cuts, key=lambda i: abs(i - mid))
    head, tail = name[:c].rstrip(), name[c:].lstrip()
    return f"{head}\n{tail}"


def measure(fig, s: str, **style):
    """The box (display pixels, around the origin) of ``s`` drawn on ``fig`` in ``style``
    (text properties), measured without adding a text to the page."""
    from matplotlib.text import Text
    from matplotlib.transforms import IdentityTransform

    probe = Text(0.0, 0.0, s, transform=IdentityTransform(), **style)
    probe.set_figure(fig)
    return probe.get_window_extent(_renderer(fig))


def _renderer(fig):
    return fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()


class _Space:
    """The boxes already taken (display pixels) and the lines labels must keep off."""

    def __init__(self, ax, obstacles, avoid, kw):
        self.ax = ax
        self.r = _renderer(ax.figure)
        self.inv = ax.transData.inverted()
        self.taken = [o.get_window_extent(self.r) for o in obstacles]
        self.avoid = avoid
        self.frame = ax.get_window_extent(self.r)
        self.kw = kw
        self._sizes: dict = {}

    def box_at(self, s: str, size: float, x: float, y: float, margin: bool = True):
        """The box (display, with :func:`_box`'s margin unless ``margin`` is false) a centred
        label ``s`` in ``size`` pt would take at the data point (x, y), without drawing it.

        A centred one-line or two-line text has the same extent around its anchor wherever
        it stands, so each (string, size) is measured once: a unit tries up to ten spots in
        three sizes, and a probe text per try was a quarter of an atlas sheet's time.
        """
        from matplotlib.transforms import Bbox

        key = (s, size)
        ext = self._sizes.get(key)
        if ext is None:
            bb = measure(self.ax.figure, s, ha="center", va="center", fontsize=size, linespacing=1.0,
                         fontfamily=self.kw["fontfamily"])
            ext = self._sizes[key] = (bb.x0, bb.y0, bb.x1, bb.y1)
        ax_, ay_ = self.ax.transData.transform((x, y))
        bb = Bbox.from_extents(ax_ + ext[0], ay_ + ext[1], ax_ + ext[2], ay_ + ext[3])
        return bb.expanded(*MARGIN) if margin else bb

    def rect(self, bb):
        from shapely.geometry import box

        (x0, y0), (x1, y1) = self.inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
        return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def free(self, bb) -> bool:
        """Whether the box ``bb`` (display) lies inside the frame and clear of every taken box."""
        import numpy as np

        return bool(self.free_many(*(np.array([v]) for v in (bb.xmin, bb.ymin, bb.xmax, bb.ymax)))[0])

    def free_many(self, x0, y0, x1, y1):
        """:meth:`free` for many boxes at once (arrays of display extents): a bool array.
        Touching a taken box counts as overlapping it, as in ``Bbox.overlaps``."""
        f = self.frame
        ok = (x0 >= f.x0 + 2) & (x1 <= f.x1 - 2) & (y0 >= f.y0 + 2) & (y1 <= f.y1 - 2)
        t = self.extents()
        hit = ((t[None, :, 0] <= x1[:, None]) & (t[None, :, 2] >= x0[:, None])
               & (t[None, :, 1] <= y1[:, None]) & (t[None, :, 3] >= y0[:, None])).any(axis=1)
        return ok & ~hit

    def rects(self, x0, y0, x1, y1):
        """:meth:`rect` for many boxes at once: shapely boxes in data coordinates."""
        import numpy as np
        import shapely

        a = self.inv.transform(np.c_[x0, y0])
        b = self.inv.transform(np.c_[x1, y1])
        return shapely.box(np.minimum(a[:, 0], b[:, 0]), np.minimum(a[:, 1], b[:, 1]),
                           np.maximum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1]))

    def extents(self):
        """The taken boxes as an (n, 4) array of (xmin, ymin, xmax, ymax), kept in step with
        :attr:`taken` (which only grows)."""
        import numpy as np

        if getattr(self, "_ext", None) is None or len(self._ext) != len(self.taken):
            self._ext = np.array([(p.xmin, p.ymin, p.xmax, p.ymax) for p in self.taken], dtype=float).reshape(-1, 4)
        return self._ext


#: A label's box with a margin (width, height factors) that keeps labels apart.
MARGIN = (1.06, 1.15)


def _box(t, r):
    return t.get_window_extent(r).expanded(*MARGIN)


def _inside(space, bb, geom) -> bool:
    import shapely

    rect = space.rect(bb)
    if shapely.area(shapely.clip_by_rect(geom, *rect.bounds)) / rect.area < INSIDE:
        return False
    return not (space.avoid is not None and rect.intersects(space.avoid))


def _anchors(geom, avoid, label_points, pole=None) -> list:
    """Points inside ``geom`` to try, best first: the pole of inaccessibility (``pole``, if
    already found), then that of each piece left when the lines to avoid cut the unit
    (largest piece first)."""
    import shapely

    pts = [pole] if pole is not None else [p for p in label_points([geom]) if p is not None]
    if avoid is not None and geom.intersects(avoid):
        # the pieces the lines cut the unit into (noded and polygonised: buffering the
        # detailed outline of a programme region would take seconds)
        local = shapely.clip_by_rect(avoid, *geom.bounds)
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(
            shapely.union(shapely.boundary(geom), local))))
        pieces = [f for f in faces if geom.contains(f.representative_point())]
        pieces = sorted(pieces, key=lambda p: -p.area)[:4]
        pts += [p for p in label_points(pieces) if p is not None]
    # then points of a grid over the unit, farthest from its edges (and the lines) first:
    # a long unit often has room for its name away from its pole of inaccessibility
    import numpy as np

    x0, y0, x1, y1 = geom.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, 9)[1:-1], np.linspace(y0, y1, 9)[1:-1])
    grid = shapely.points(gx.ravel(), gy.ravel())
    grid = grid[shapely.contains(geom, grid)]
    edge = shapely.boundary(geom) if avoid is None else shapely.union(shapely.boundary(geom), shapely.clip_by_rect(
        avoid, *geom.bounds))
    d = shapely.distance(grid, edge)
    pts += [grid[j] for j in np.argsort(-d)[:6]]
    return pts


def _try_inside(ax, space, x, y, name, geom, size, base, kw):
    """The label at (x, y) in ``size`` pt, one line then two; the text or None."""
    for s in (name, split_lines(name)):
        if s is None:
            continue
        bb = space.box_at(s, size, x, y)
        if _inside(space, bb, geom) and space.free(bb):
            t = ax.annotate(s, (x, y), ha="center", va="center", fontsize=size, linespacing=1.0, **kw)
            return t, ("inside" if s == name and size == base else "wrapped")
    return None, None


def _tiers(rects, i, tree, geoms, land):
    """How well each leader label's box ``rects`` (data, shapely boxes) sits for unit ``i``:
    0 in the unit's own territory, 1 over sea or empty frame (outside every unit and every
    neighbour's land), 2 over a neighbouring country, 3 inside another unit (the last resort)."""
    import numpy as np
    import shapely

    n = len(rects)
    area = shapely.area(rects)
    b = shapely.bounds(rects)
    centres = shapely.centroid(rects)
    cand, unit = tree.query(rects, predicate="intersects")

    def share(g, k) -> float:
        # clipping to a rectangle: the area of the general intersection at a fraction of its
        # cost (the units are the full-resolution borders; this runs for every candidate spot)
        return float(shapely.area(shapely.clip_by_rect(g, *b[k]))) / area[k]

    shares = np.array([share(geoms[j], k) for k, j in zip(cand, unit)], dtype=float)
    own = unit == i
    other = np.bincount(cand[~own], weights=shares[~own], minlength=n)
    own_share = np.bincount(cand[own], weights=shares[own], minlength=n)
    inside_own = shapely.contains(geoms[i], centres)
    inside_any = np.bincount(cand, weights=shapely.contains(geoms[unit], centres[cand]), minlength=n) > 0
    land_share = np.zeros(n) if land is None else np.array([share(land, k) for k in range(n)], dtype=float)
    tiers = np.full(n, 2)
    tiers[(other + own_share < 0.1) & (land_share < 0.1)] = 1
    tiers[inside_any] = 3
    tiers[inside_own & (other < 0.1)] = 0
    return tiers


def _ring(w: float, h: float):
    """Offsets (display) of a leader label's centre from its anchor, in the order tried:
    rings at :data:`LEADER_STEPS` label heights, each in the :data:`LEADER_ANGLES` directions
    (wide labels stand off further sideways)."""
    import numpy as np

    step, ang = np.meshgrid(np.asarray(LEADER_STEPS, float), np.radians(LEADER_ANGLES), indexing="ij")
    step, ang = step.ravel(), ang.ravel()
    dx = np.cos(ang) * (step * h + w / 2 * np.abs(np.cos(ang)))
    dy = np.sin(ang) * step * h
    return dx, dy


def _leader(ax, space, x, y, name, size, kw, *, i=None, tree=None, geoms=None, land=None):
    """The label outside, joined to (x, y) by a thin line, on rings around the anchor: a free
    spot whose leader crosses no label, best :func:`_tiers` first (the unit's own territory,
    then sea, then a neighbouring country; inside another unit only if nothing else is
    free), nearest first within a tier. Every spot of a ring is tested at once."""
    import numpy as np
    import shapely

    ax_, ay_ = ax.transData.transform((x, y))
    # boxes holding the anchor itself (the unit's own symbol) do not block its leader
    blocking = [p for p in space.taken if not (p.x0 <= ax_ <= p.x1 and p.y0 <= ay_ <= p.y1)]
    blocking = shapely.box(*np.array([(p.x0, p.y0, p.x1, p.y1) for p in blocking], dtype=float).reshape(-1, 4).T)
    best = None
    for variant, (strict, s) in enumerate(((True, name), (True, split_lines(name)), (False, name))):
        if s is None:
            continue
        bb0 = space.box_at(s, size, x, y)
        w, h = bb0.width, bb0.height
        dx, dy = _ring(w, h)
        x0, y0, x1, y1 = ax_ + dx - w / 2, ay_ + dy - h / 2, ax_ + dx + w / 2, ay_ + dy + h / 2
        ok = space.free_many(x0, y0, x1, y1)
        if len(blocking):
            ends = np.stack([np.broadcast_to((ax_, ay_), (len(dx), 2)), np.c_[ax_ + dx, ay_ + dy]], axis=1)
            ok &= ~shapely.intersects(shapely.linestrings(ends)[:, None], blocking[None, :]).any(axis=1)
        rects = space.rects(x0, y0, x1, y1)
        if strict and space.avoid is not None:
            ok &= ~shapely.intersects(rects, space.avoid)
        idx = np.flatnonzero(ok)
        if not len(idx):
            continue
        tiers = np.zeros(len(idx), int) if tree is None else _tiers(rects[idx], i, tree, geoms, land)
        zero = np.flatnonzero(tiers == 0)
        tried = tiers[: zero[0] + 1] if len(zero) else tiers  # the search stops at the first spot of tier 0
        j = int(np.argmin(tried))  # the nearest of the best tier
        if best is None or (int(tried[j]), variant) < best[0]:
            best = ((int(tried[j]), variant), s, float(dx[idx[j]]), float(dy[idx[j]]))
        if best[0][0] <= 1:
            break
    if best is None:
        return None
    _, s, dx_, dy_ = best
    tx, ty = space.inv.transform((ax_ + dx_, ay_ + dy_))
    return ax.annotate(s, (x, y), xytext=(tx, ty), textcoords="data", ha="center", va="center",
                       fontsize=size, linespacing=1.0,
                       arrowprops=dict(arrowstyle="-", color="0.25", linewidth=0.6, shrinkA=0,
                                       shrinkB=1.5, relpos=(0.5, 0.5)), **kw)


def place(ax, proj, name_col: str, *, fontsize: float = 8, cities=None, marker_cities=True, obstacles=None,
          avoid_lines=None, leaders=None, label_points=None, halo=None, land=None) -> Placed:
    """Label the units of ``proj`` (projected, the axes' CRS) with ``proj[name_col]``.

    ``cities`` (bool array): units named in bold beside a point marker (too small to hold a
    name at this scale); ``leaders`` (bool array, default all): units that are named outside
    with a leader line when their name fits nowhere inside. The others are left unnamed
    when they do not fit. ``land`` (optional, a callable returning a geometry in the axes'
    CRS): neighbouring countries' land, which a leader label avoids after the unit's own
    territory and the sea. Returns a :class:`Placed`.
    """
    import numpy as np
    import shapely

    n = len(proj)
    cities = np.zeros(n, bool) if cities is None else np.asarray(cities, bool)
    leaders = np.ones(n, bool) if leaders is None else np.asarray(leaders, bool)
    avoid = None
    if avoid_lines is not None and len(avoid_lines):
        avoid = shapely.union_all(shapely.boundary(np.asarray(avoid_lines)))
    kw = {"fontfamily": "DejaVu Sans", "zorder": 10}
    space = _Space(ax, obstacles or [], avoid, kw)
    geoms = proj.geometry.values
    names = [str(v) if v is not None and v == v else "" for v in proj[name_col]]
    pts = label_points(geoms)
    out = Placed()
    sizes = [fontsize, fontsize * 0.9, fontsize * SHRINK_LIMIT]

    def keep(i, t, how):
        # a centred label's box is known; a city's (offset) and a leader's (with its line) are measured
        bb = space.box_at(t.get_text(), t.get_fontsize(), *t.xy, margin=False) if how in ("inside", "wrapped") \
            else t.get_window_extent(space.r)
        space.taken.append(bb.expanded(*MARGIN))
        out.boxes.append(bb)
        out.texts.append(t)
        out.named.append(i)
        out.how[i] = how
        if halo is not None:
            halo(t)

    # 1. the cities beside their markers, before anything else can take the spot
    for i in map(int, np.flatnonzero(cities)):
        if pts[i] is None or not names[i]:
            continue
        x, y = pts[i].x, pts[i].y
        if marker_cities:
            ax.plot(x, y, marker="o", ms=5, mfc="black", mec="white", mew=0.8, zorder=9)
        for ox, oy, ha in CITY_OFFSETS:
            t = ax.annotate(names[i], (x, y), xytext=(ox, oy), textcoords="offset points", ha=ha,
                            fontsize=fontsize, fontweight="bold", **kw)
            if space.free(_box(t, space.r)):
                keep(i, t, "city")
                break
            t.remove()
    # 2. inside, largest unit first: full size, smaller, then broken over two lines
    rest = [i for i in sorted(range(n), key=lambda j: -geoms[j].area) if not cities[i] and names[i]]
    failed = []
    for i in rest:
        t = None
        for p in _anchors(geoms[i], avoid, label_points, pts[i]):
            for size in sizes:
                t, how = _try_inside(ax, space, p.x, p.y, names[i], geoms[i], size, fontsize, kw)
                if t is not None:
                    break
            if t is not None:
                break
        if t is not None:
            keep(i, t, how)
        elif leaders[i] and pts[i] is not None:
            failed.append(i)
    # 3. outside with a leader line, smallest unit first (they have the fewest options)
    tree = shapely.STRtree(geoms) if failed else None
    if failed:
        shapely.prepare(geoms)  # many point-in-unit tests per leader
    land_geom = land() if (failed and land is not None) else None
    for i in sorted(failed, key=lambda j: geoms[j].area):
        x, y = pts[i].x, pts[i].y
        t = _leader(ax, space, x, y, names[i], sizes[1], kw, i=i, tree=tree, geoms=geoms, land=land_geom)
        if t is None:
            continue
        dot = ax.plot(x, y, marker="o", ms=2.2, mfc="0.15", mec="white", mew=0.4, zorder=9.5)
        out.leaders += dot
        keep(i, t, "leader")
    return out
