"""Page furniture shared by every map: paper and layout, projection, titles, the source and
attribution line, scale bar, north arrow, graticule, labels, city call-outs and insets.

Nothing here is public API; :mod:`kzregions.plotting.maps` composes it.
"""

from __future__ import annotations

import math

from .. import _qml
from .._crs import STORAGE
from .._geometry import as_geoseries
from .._i18n import column_title, indicator_title, text, unit_text
from .._i18n_extra import RESULT_TITLES
from .._schema import DEFAULT_VINTAGE, KIND_CITY_REP
from .._validate import user_stacklevel
from ..errors import (
    CRSMismatchError,
    DataIntegrityError,
    DataUnavailableError,
    InvalidArgumentError,
    InvalidGeometryError,
    InvalidInputError,
    VintageError,
)
from ._backdrop import context_in_view, transformer, view_lonlat
from ._clip import draw, plot_in_view
from .classes import Classes

#: Paper sizes in inches, landscape (width, height).
PAPER = {"A4": (11.69, 8.27), "A3": (16.54, 11.69), "A5": (8.27, 5.83), "letter": (11.0, 8.5)}

#: DejaVu Sans ships with matplotlib and has every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І).
FONT = "DejaVu Sans"

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

#: The map's box on the page (figure fractions): the right-hand column holds the legend, so
#: the legend never covers a unit; insets sit in a row below the map.
MAP_BOX = (0.01, 0.075, 0.755, 0.80)

MAP_BOX_WITH_INSETS = (0.01, 0.27, 0.755, 0.61)

INSET_ROW = (0.015, 0.07, 0.17)  # left, bottom, height

SIDE_X = 0.775  # the legend column's left edge
LEGEND_TOP = 0.875
#: Characters per line of a legend entry or title in the legend column (9 pt DejaVu Sans,
#: in the 2.5-inch column of A4): longer names are wrapped, never run off the page.
LEGEND_WRAP = 24


def new_figure(paper: str):

    if paper not in PAPER:
        from .._messages import keyed  # in three languages at the command line (issue 26)

        raise keyed(InvalidArgumentError, "paper", paper=paper, papers=sorted(PAPER))
    from ._canvas import page

    # a bare Figure on a base canvas with a kept renderer (see _canvas); savefig picks the
    # right canvas for the format
    return page(PAPER[paper])


def project(gdf, crs):
    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS: set it first (kzregions layers are EPSG:4326)")
    if len(gdf) == 0:
        raise InvalidGeometryError("nothing to map: the GeoDataFrame is empty")
    return gdf.to_crs(crs)


def geom_of(obj, crs):
    """Shapes to draw from a GeoDataFrame, GeoSeries, shapely geometry (EPSG:4326) or a
    ProgrammeRegion, projected to ``crs``."""
    return as_geoseries(obj).to_crs(crs)


#: How units without a value are drawn (geopandas' ``missing_kwds`` keys): a light grey
#: fill under a grey hatch, so that "no data" never looks like the lightest class.
NO_DATA_STYLE = _qml.NO_DATA_STYLE  # one no-data style for maps and QGIS styles


def missing_style(missing_kwds: dict | None, lang: str) -> dict:
    """The no-data style with the user's ``missing_kwds`` applied and a translated label."""
    style = {**NO_DATA_STYLE, "label": text("no_data", lang)}
    style.update(missing_kwds or {})
    return style


def draw_classes(ax, proj, cl: Classes, missing: dict | None = None):
    style = missing or NO_DATA_STYLE
    yb = proj["class"].to_numpy()
    colors = [cl.colors[i] if i >= 0 else style["color"] for i in yb]
    draw(ax, proj.geometry.values, color=colors, edgecolor="white", linewidth=0.35, zorder=1)
    ax.update_datalim(proj.total_bounds.reshape(2, 2))  # as GeoDataFrame.plot: the units in the data limits
    ax.autoscale_view()
    hatch_missing(ax, proj, yb < 0, style)


def missing_handle(n: int, counts: bool, style: dict):
    from matplotlib.patches import Patch

    return Patch(facecolor=style["color"], edgecolor=style["edgecolor"], hatch=style["hatch"], linewidth=0.4,
                 label=style["label"] + (f" ({n})" if counts else ""))


def legend_handles(cl: Classes, counts: bool, lang: str, missing: dict | None = None) -> list:
    from matplotlib.patches import Patch

    hs = [Patch(facecolor=c, edgecolor="0.4", linewidth=0.4, label=f"{lab} ({n})" if counts else lab)
          for c, lab, n in zip(cl.colors, cl.labels, cl.counts)]
    if cl.contiguous and len(cl.labels) > 1:
        # ranges sharing their end points ("2 – 5", "5 – 10") say once where 5 belongs
        hs.append(Patch(facecolor="none", edgecolor="none", label=text("upper_bound_included", lang)))
    if cl.n_missing:
        hs.append(missing_handle(cl.n_missing, counts, missing or missing_style(None, lang)))
    return hs


#: What may keep a piece of map furniture (borders, outline, neighbour names) from being
#: drawn: no boundary set of the frame's vintage, or no boundary data on this machine. Any
#: other exception is a bug and propagates.
FURNITURE_ERRORS = (VintageError, DataUnavailableError, DataIntegrityError)


def left_off(what: str, exc: Exception) -> None:
    """Say (a UserWarning) that ``what`` was left off the map, and why: the map is still
    drawn, but the user should know what is missing from it."""
    import warnings

    warnings.warn(f"{what} left off the map: {type(exc).__name__}: {exc}", UserWarning, stacklevel=3)


def auto_outline(gdf, crs):
    """Oblast borders of the same vintage, for district maps."""
    from ..boundaries import oblasts

    v = int(gdf["vintage"].iloc[0]) if "vintage" in gdf else DEFAULT_VINTAGE
    try:
        obl = oblasts(v)
    except FURNITURE_ERRORS as exc:  # a frame of the user's own vintage, or no data here
        left_off("oblast borders", exc)
        return None
    keep = obl["kato"].isin(set(gdf["oblast_kato"])) if "oblast_kato" in gdf else slice(None)
    return obl[keep].to_crs(crs).geometry


def padded_bounds(bounds) -> tuple[float, float, float, float]:
    """``bounds`` (xmin, ymin, xmax, ymax) widened by 2 % of their longer side on every side:
    the extent of a map of those units."""
    xmin, ymin, xmax, ymax = bounds
    pad = 0.02 * max(xmax - xmin, ymax - ymin)
    return xmin - pad, ymin - pad, xmax + pad, ymax + pad


def frame(ax, proj, fill: bool = False):
    """Fit the axes to the units. With ``fill`` the view grows to fill the axes' box (the
    neighbours show around the country) instead of the box shrinking to the units."""
    x0, y0, x1, y1 = padded_bounds(proj.total_bounds)
    if fill:  # widen the short side to the box's own shape
        fw, fh = ax.figure.get_size_inches()
        pos = ax.get_position(original=True)
        box = (pos.width * fw) / (pos.height * fh)
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        if w / h < box:
            w = h * box
        else:
            h = w / box
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.apply_aspect()


#: Context colours: neighbouring countries a cool mid grey, Kazakhstan's own land outside the
#: mapped units (and the neighbouring oblasts of an atlas sheet) a warm light grey, told apart
#: at a glance (CIE76 difference about 10); water pale blue; the country outline thin and dark
#: (the colours of the units stay the strongest on the page).
NEIGHBOUR_COLOR = "#d3d3d3"
HOME_COLOR = "#efece6"
SEA_COLOR = "#d6e6f1"
WATER_TEXT = "#3d6f93"
COUNTRY_TEXT = "0.42"
#: Water bodies named on every map, and those named on district maps only.
NAMED_WATER = ("caspian", "aral", "balkhash")
NAMED_WATER_DETAIL = ("zaysan", "alakol", "tengiz")


def context(ax, crs, outline: bool = True, *, lang: str | None = None, detail: bool = False,
            home: bool = True, shape=None) -> list:
    """Draw neighbours (grey), the Caspian and the lakes (pale blue), Kazakhstan's own land
    (a warm light grey, under the units) and the country outline, without changing the view.

    Water lies over the units (geokz districts run across Lake Balkhash and the Aral Sea),
    under their borders and labels. With ``lang`` the Caspian, the Aral Sea, Lake Balkhash
    (with ``detail``, district maps: also Zaysan, Alakol and Tengiz) and the neighbouring
    countries are named in that language. ``shape``: the country in ``crs`` where the caller
    has it (an atlas projects it once), else it is read. Returns the names drawn (obstacles
    for labels).
    """
    xl, yl = ax.get_xlim(), ax.get_ylim()
    view_geom, view = view_lonlat(ax, crs)
    ctx = context_in_view(crs, view)
    kind = ctx["kind"]
    bounds = (xl[0], yl[0], xl[1], yl[1])
    plot_in_view(ax, ctx.geometry[kind == "sea"], bounds, color=SEA_COLOR, edgecolor="none", zorder=0.1)
    plot_in_view(ax, ctx.geometry[kind == "country"], bounds, color=NEIGHBOUR_COLOR, edgecolor="white",
                 linewidth=0.6, zorder=0.2)
    plot_in_view(ax, ctx.geometry[kind == "lake"], bounds, color=SEA_COLOR, edgecolor="#9dbdd4", linewidth=0.3,
                 zorder=1.6)
    if shape is None and (outline or home):
        shape = country_in(crs)
    if shape is not None and home:
        plot_in_view(ax, shape.geometry, bounds, color=HOME_COLOR, edgecolor="none", zorder=0.15)
    if shape is not None and outline:
        plot_in_view(ax, shape.boundary, bounds, color="0.2", linewidth=0.9, zorder=4)
    ax.set_xlim(xl)
    ax.set_ylim(yl)
    if lang is None:
        return []
    # a view narrower than ~1500 km (a zone, an oblast) is at district scale whatever it draws
    width_km = (view[2] - view[0]) * 111.32 * math.cos(math.radians((view[1] + view[3]) / 2))
    return context_labels(ax, ctx, view_geom, shape, lang, detail or width_km < DETAIL_VIEW_KM)


def country_in(crs):
    """Kazakhstan's outline in ``crs``, or None (with a warning) where the boundary data
    cannot be had: the units still show the shape."""
    from ..boundaries import country

    try:
        return country().to_crs(crs)
    except FURNITURE_ERRORS as exc:
        left_off("the country outline", exc)
        return None


def context_labels(ax, ctx, view_geom, shape, lang: str, detail: bool) -> list:
    """Names of the water bodies and neighbouring countries in view, where they fit: a country
    is named where a good part of it shows, off the corners that hold the scale bar and the
    north arrow."""
    import shapely

    from .._i18n import context_name

    fig = ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    x0, y0, x1, y1 = view_geom.bounds
    # one outline: its own union would redo GEOS's work on 15 k vertices for every sheet
    home = (shape.geometry.iloc[0] if len(shape) == 1 else shape.geometry.union_all()) \
        if shape is not None and len(shape) else None
    water = NAMED_WATER + (NAMED_WATER_DETAIL if detail else ())
    out: list = []
    placed: list = []
    for _, r in ctx.iterrows():
        key = str(r.get("key", "") or r.get("iso_a3", ""))
        is_water = r["kind"] in ("sea", "lake")
        if (is_water and key not in water) or not key:
            continue
        name = context_name(key, lang)
        if not name:
            continue
        part = shapely.intersection(r.geometry, view_geom)
        if not is_water and home is not None:
            part = shapely.difference(part, home)  # Natural Earth and geokz borders differ by a few km
        if part.is_empty or (not is_water and part.area < 0.015 * view_geom.area):
            continue
        t = None
        for pt in _context_points(part, is_water):
            fx, fy = (pt.x - x0) / (x1 - x0), (pt.y - y0) / (y1 - y0)
            if not is_water and ((fx < 0.18 and fy > 0.72) or (fx < 0.4 and fy < 0.14)):
                continue  # the north arrow, the scale bar: try another point of the country
            t = ax.annotate(name, (pt.x, pt.y), fontsize=8 if is_water else 8.5,
                            color=WATER_TEXT if is_water else COUNTRY_TEXT, style="italic" if is_water else "normal",
                            fontfamily=FONT, ha="center", va="center", zorder=10 if is_water else 0.7,
                            annotation_clip=True)
            bb = t.get_window_extent(renderer)
            ax_bb = ax.get_window_extent(renderer)
            fits = ax_bb.x0 <= bb.x0 and bb.x1 <= ax_bb.x1 and ax_bb.y0 <= bb.y0 and bb.y1 <= ax_bb.y1
            if fits and not any(bb.overlaps(p) for p in placed):
                break
            t.remove()
            t = None
        if t is None:
            continue
        placed.append(bb)
        h = halo(t, 2.0)
        h.set_fontstyle(t.get_fontstyle())
        out.append(t)
    return out


def _context_points(part, is_water: bool) -> list:
    """Points to try for the name of a country or water body, best first: the pole of
    inaccessibility of the visible part (of its largest piece), then, for countries, points
    of a grid over the visible part farthest from its edges (a country whose centre lies
    under the scale bar is named elsewhere in its visible part, not dropped)."""
    import numpy as np
    import shapely

    first = label_points([part])[0]
    pts = [first] if first is not None else []
    x0, y0, x1, y1 = part.bounds
    n = 25 if is_water else 11
    gx, gy = np.meshgrid(np.linspace(x0, x1, n)[1:-1], np.linspace(y0, y1, n)[1:-1])
    grid = shapely.points(gx.ravel(), gy.ravel())
    grid = grid[shapely.contains(part, grid)]
    if is_water:
        # a name centred on the water as drawn: the point of the water nearest the middle of
        # its visible extent (the pole of inaccessibility of Balkhash lies at its wide west end)
        mid = shapely.Point((x0 + x1) / 2, (y0 + y1) / 2)
        near = [grid[j] for j in np.argsort(shapely.distance(grid, mid))[:1]]
        return near + pts
    d = shapely.distance(grid, shapely.boundary(part))
    return pts + [grid[j] for j in np.argsort(-d)[:20]]


def wrap(label: str, width: int = LEGEND_WRAP) -> str:
    """A legend entry or title broken into lines of at most ``width`` characters (line
    breaks it has are kept)."""
    import textwrap

    lines = [ln for part in str(label).split("\n") for ln in textwrap.wrap(part, width, break_long_words=False)]
    return "\n".join(lines) or str(label)


def page_legend(fig, handles, title, ncols: int = 1):
    """The legend in the column right of the map, top-aligned, entries wrapped to fit."""
    for h in handles:
        h.set_label(wrap(h.get_label()))
    leg = fig.legend(handles=handles, title=wrap(title) if title else None, loc="upper left",
                     bbox_to_anchor=(SIDE_X, LEGEND_TOP), frameon=False, ncols=ncols, alignment="left",
                     prop={"family": FONT, "size": 9}, title_fontproperties={"family": FONT, "size": 10,
                                                                              "weight": "bold"},
                     borderaxespad=0.0, handlelength=1.8, handleheight=1.1, labelspacing=0.5)
    leg.set_zorder(20)
    return leg


def bounds_frame(*layers):
    """A stand-in with ``total_bounds`` covering every layer (for :func:`frame`)."""
    import numpy as np

    b = np.array([lay.total_bounds for lay in layers])

    class _B:
        total_bounds = np.array([b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()])

    return _B()


def source_line(fig, source, lang, context: bool = True, vintage: int | str | None = None):
    """The data source, the boundary attribution (CC BY 4.0 asks for it on every map) and
    the boundary set (``vintage``; a sentence for units of several sets), wrapped to the page width."""
    import textwrap

    src = f"{text('source', lang)}: {source}. " if source else ""
    line = src + text("attribution", lang) + "." + (f" {vintage if isinstance(vintage, str) else boundary_set(vintage, lang)}." if vintage else "") \
        + (f" {text('context', lang)}." if context else "")
    t = fig.text(0.015, 0.012, line, fontsize=7, color="0.3", fontfamily=FONT, ha="left", va="bottom",
                 linespacing=1.3)
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    # a margin for hinting: 7-pt glyph advances are rounded to whole pixels, so a line measured
    # at 100 dpi is up to 9 % wider when saved at 90 dpi (4 % at 110): wrap well inside the page
    room = 0.84 * fig.bbox.width
    width = len(line)
    while t.get_window_extent(renderer).width > room and width > 40:  # measured, not guessed
        width = int(width * room / t.get_window_extent(renderer).width) - 2
        t.set_text("\n".join(textwrap.wrap(line, width)))
    return t


def hatch_missing(ax, proj, missing, style: dict | None = None):
    """Units without a value: hatched, on top of their grey fill, never left out."""
    style = style or NO_DATA_STYLE
    if missing.any() and style.get("hatch"):
        proj[missing].plot(ax=ax, facecolor="none", edgecolor=style["edgecolor"], hatch=style["hatch"],
                           linewidth=0.0, zorder=2)


def titles(fig, title, subtitle):
    """Title and subtitle in the band above the map; a long one is set smaller until it fits
    the page width (measured), down to 10 / 8 pt, then wrapped."""
    import textwrap

    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    room = 0.90 * fig.bbox.width  # hinting: up to 9 % wider at another dpi (see source_line)
    out = []
    for txt, y, size, smallest, kw in ((title, 0.975, 16, 10, {"fontweight": "bold"}),
                                       (subtitle, 0.925, 11, 8, {"color": "0.25"})):
        if not txt:
            continue
        t = fig.text(0.015, y, txt, fontsize=size, fontfamily=FONT, va="top", **kw)
        while t.get_window_extent(renderer).width > room and t.get_fontsize() > smallest:
            t.set_fontsize(max(smallest, t.get_fontsize() * room / t.get_window_extent(renderer).width - 0.2))
        width = len(txt)
        while t.get_window_extent(renderer).width > room and width > 20:
            width = int(width * room / t.get_window_extent(renderer).width) - 2
            t.set_text("\n".join(textwrap.wrap(txt, width)))
        out.append(t)
    return out


def nice_length(span_m: float) -> float:
    target = span_m / 5
    exp = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= target:
            return m * exp
    return 10 * exp


def scalebar(ax, lang: str) -> list:
    """Scale bar in km, lower left: four alternating segments with 0 / half / full labels.
    Returns the drawn artists (obstacles for labels)."""
    from matplotlib.patches import Rectangle

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = nice_length(x1 - x0)
    h = (y1 - y0) * 0.008
    bx, by = x0 + 0.03 * (x1 - x0), y0 + 0.045 * (y1 - y0)
    out = []
    for i in range(4):
        out.append(ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h,
                                          facecolor="black" if i % 2 == 0 else "white",
                                          edgecolor="black", linewidth=0.6, zorder=8)))
    for frac in (0, 0.5, 1):
        txt = f"{frac * length / 1000:g}" + (f"\u00a0{text('km', lang)}" if frac == 1 else "")
        out.append(ax.text(bx + frac * length, by + 2.2 * h, txt, ha="left" if frac == 1 else "center",
                           va="bottom", fontsize=7.5, fontfamily=FONT, zorder=8))
    return out


def north_arrow(ax, crs, lang: str) -> list:
    """North arrow pointing to true north at its own position (conic meridians converge)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax_x, ax_y = x0 + 0.05 * (x1 - x0), y1 - 0.13 * (y1 - y0)
    to_geo, to_map = transformer(crs, STORAGE), transformer(STORAGE, crs)
    lon, lat = to_geo.transform(ax_x, ax_y)
    nx, ny = to_map.transform(lon, lat + 0.5)
    dx, dy = nx - ax_x, ny - ax_y
    norm = math.hypot(dx, dy)
    size = 0.07 * (y1 - y0)
    ux, uy = dx / norm * size, dy / norm * size
    a = ax.annotate("", xy=(ax_x + ux, ax_y + uy), xytext=(ax_x, ax_y),
                    arrowprops=dict(arrowstyle="-|>,head_width=0.45,head_length=0.9", color="black",
                                    linewidth=1.4), zorder=8)
    t = ax.text(ax_x + ux * 1.25, ax_y + uy * 1.25, text("north", lang), ha="center", va="center", fontsize=11,
                fontweight="bold", fontfamily=FONT, zorder=8)
    return [a, t]


def graticule(ax, crs, step: float = 5.0):
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import LineString

    lines = [LineString([(lon, lat) for lat in np.linspace(35, 60, 60)]) for lon in np.arange(40, 95, step)]
    lines += [LineString([(lon, lat) for lon in np.linspace(40, 95, 120)]) for lat in np.arange(35, 60, step)]
    g = gpd.GeoSeries(lines, crs=STORAGE).to_crs(crs)
    xl, yl = ax.get_xlim(), ax.get_ylim()
    g.plot(ax=ax, color="0.6", linewidth=0.35, linestyle=":", zorder=0.5)
    ax.set_xlim(xl)
    ax.set_ylim(yl)


def city_callouts(ax, proj, colors, cities):
    """The three cities of republican significance as markers in their own colour
    (``colors``: one colour per unit)."""
    pts = label_points(proj.geometry.values)
    out = []
    for i in cities.nonzero()[0]:
        # a white halo outside a black ring: the ring stands out on any neighbour colour and
        # the fill, even the lightest class, reads as filled
        ax.plot(pts[i].x, pts[i].y, marker="o", ms=13.5, mfc="none", mec="white", mew=1.6, zorder=9)
        out += ax.plot(pts[i].x, pts[i].y, marker="o", ms=11, mfc=colors[i], mec="black", mew=1.4, zorder=9)
    return out


def label_points(geoms):
    """A point well inside each geometry: the pole of inaccessibility of its largest part.

    Better than the representative point for labels, which often sits near an edge.
    """
    import shapely
    from shapely.ops import polylabel

    out = []
    for g in geoms:
        parts = shapely.get_parts(g)
        if len(parts) == 0:
            out.append(None)
            continue
        big = max(parts, key=lambda p: p.area)
        tol = max(big.length / 2000, 1e-9)
        try:
            out.append(polylabel(big, tolerance=tol))
        except shapely.errors.ShapelyError:  # degenerate part: shapely's guaranteed point (label still drawn)
            out.append(big.representative_point())
    return out


def halo(t, width: float = 2.2):
    """A white halo under text ``t``, drawn as a separate stroked copy so that ``t`` itself
    stays text in PDF and SVG (a path effect on ``t`` would turn it into outlines)."""
    from matplotlib import patheffects

    ax = t.axes
    h = ax.annotate(t.get_text(), t.xy, xytext=t.xyann, textcoords=t.anncoords, ha=t.get_ha(), va=t.get_va(),
                    fontsize=t.get_fontsize(), fontfamily=FONT, fontweight=t.get_fontweight(), color="white",
                    linespacing=getattr(t, "_linespacing", 1.2),
                    zorder=t.get_zorder() - 0.01,
                    path_effects=[patheffects.Stroke(linewidth=width, foreground="white")])
    h.set_gid("halo")
    return h


#: Maps of at most this many units name every unit (outside with a leader line where the
#: name fits nowhere inside); larger ones name the units that fit.
LEADER_MAX_UNITS = 30
#: Width of view (km, east-west at its middle latitude) under which the smaller lakes are named too.
DETAIL_VIEW_KM = 1500


def label_units(ax, proj, name: str, fontsize: float = 8, skip=None, obstacles=None,
                avoid_lines=None, leaders="auto") -> list:
    """Name the units without overlaps (see :mod:`._labels`): inside where the name fits,
    smaller or broken over two lines where it does not, else outside with a leader line
    (``leaders``: "auto" = every unit on maps of up to :data:`LEADER_MAX_UNITS` units, or a
    bool array). Cities of republican significance (``kind``) get a bold label beside their
    point; ``skip`` says their marker is drawn elsewhere (the call-outs).

    The axes' limits and aspect must be final (call ``ax.apply_aspect()``) because labels
    are measured in display space before the figure is drawn.
    """
    import numpy as np

    if name not in proj.columns:
        from ..errors import MissingColumnError

        raise MissingColumnError(f"labels=True needs the units' names: the frame has no column {name!r}; "
                                 "pass labels=False, or a frame from kz.oblasts()/kz.districts()")

    from . import _labels

    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    if isinstance(leaders, str):
        leaders = np.full(len(proj), len(proj) <= LEADER_MAX_UNITS)
    # the names of seas, lakes and countries are not obstacles: they yield to the units'
    # names afterwards (yield_to_units), the units come first on a map of units
    placed = _labels.place(ax, proj, name, fontsize=fontsize, cities=cities, marker_cities=skip is None,
                           obstacles=obstacles, avoid_lines=avoid_lines, leaders=leaders,
                           label_points=label_points, halo=halo, land=lambda: _neighbour_land(ax, proj.crs))
    return Labels(placed.texts, placed.boxes)


class Labels(list):
    """The unit labels drawn (texts), with ``boxes``: their extents in display pixels as
    placed (leader lines included), so that what yields to them need not measure them again."""

    def __init__(self, texts, boxes):
        super().__init__(texts)
        self.boxes = list(boxes)


def _neighbour_land(ax, crs):
    """The neighbouring countries' land in view, in ``crs`` (None if unknown): leader labels
    go over the sea before they go over another country."""
    if crs is None:
        return None
    view_geom, view = view_lonlat(ax, crs)
    ctx = context_in_view(crs, view, "country")
    if ctx.empty:
        return None
    return ctx.clip(view_geom).union_all()


# ----------------------------------------------------------------------------- shared by the map functions
def boundary_set(vintage: int | None, lang: str) -> str:
    """"2024 boundaries" in ``lang``, capitalised (a sentence of the source line)."""
    t = text("boundaries_of", lang).format(vintage=vintage)
    return t[:1].upper() + t[1:]


def vintage_of(gdf) -> int | None:
    """The boundary set of the units drawn (one ``vintage``), or None if the frame does not say."""
    if "vintage" not in gdf:
        return None
    v = set(gdf["vintage"].dropna())
    return int(next(iter(v))) if len(v) == 1 else None


def own_text(gdf, key: str, column: str, lang: str) -> str | None:
    """The text a computed column carries for maps (``attrs[key][column][lang]``, ``key``
    ``titles`` or ``legend_titles``: location quotients, shift-share), or None."""
    row = ((getattr(gdf, "attrs", {}) or {}).get(key) or {}).get(column)
    return row.get(lang) if isinstance(row, dict) else None


def default_title(column: str, unit: str | None, gdf, lang: str) -> str | None:
    """The indicator, its unit and its year: "Unemployment rate (%), 2022"; a column that
    carries its own title (``attrs["titles"]``: location quotients, shift-share) takes it, and a
    column of the library's own analyses (``real_cagr``, ``krugman``, ...) is titled from its table."""
    own = own_text(gdf, "titles", column, lang)
    if own:
        return own
    t = indicator_title(column, lang) or (column_title(column, lang) if column in RESULT_TITLES else None)
    if not t:
        return None
    u = unit_text(unit, lang) if unit else None
    u = None if u and u in t else u  # a title that names its unit does not repeat it
    years = set(gdf["year"].dropna()) if "year" in gdf else set()
    out = f"{t} ({u})" if u else t
    return f"{out}, {int(next(iter(years)))}" if len(years) == 1 else out


def default_subtitle(gdf, lang: str) -> str | None:
    """What the units are and their boundary set: "Oblasts and cities of republican
    significance, 2024 boundaries"."""
    v = vintage_of(gdf)
    if v is None or "level" not in gdf or gdf["level"].nunique() != 1:
        return None
    what = text("oblasts" if int(gdf["level"].iloc[0]) == 1 else "districts", lang)
    return f"{what[:1].upper()}{what[1:]}, {text('boundaries_of', lang).format(vintage=v)}"


def title_of(column: str, unit: str | None, lang: str) -> str:
    """Legend title from the catalogue: the indicator's title and its unit, in ``lang``
    (the sector of a specialisation table, a shift-share column: :func:`column_title`)."""
    t = column_title(column, lang) or column.replace("_", " ").capitalize()
    u = unit_text(unit, lang)
    return f"{t}, {u}" if u and u not in t else t


def units_of(gdf) -> dict:
    return dict(getattr(gdf, "attrs", {}).get("units", {}))


def fold_deprecated(func: str, deprecated: dict, legend_kwds: dict | None,
                     classification_kwds: dict | None) -> tuple[dict, dict]:
    """Move kzregions 0.1 keywords into geopandas' ``legend_kwds`` / ``classification_kwds``."""
    import warnings

    lk, ck = dict(legend_kwds or {}), dict(classification_kwds or {})
    moves = {"bins": (ck, "bins", "classification_kwds"), "decimals": (lk, "decimals", "legend_kwds"),
             "counts": (lk, "counts", "legend_kwds"), "legend_title": (lk, "title", "legend_kwds")}
    for old, value in deprecated.items():
        if old not in moves:
            raise InvalidInputError(f"{func}() got an unexpected keyword argument {old!r}")
        target, key, where = moves[old]
        warnings.warn(f"{func}({old}=...) is deprecated and will be removed in kzregions 0.3: use "
                      f"{where}={{{key!r}: ...}}", DeprecationWarning, stacklevel=user_stacklevel())
        target.setdefault(key, value)
    return lk, ck


def yield_to_units(names: list, unit_labels) -> None:
    """Remove the water and country names that overlap a unit's label (with its halo): the
    units' names come first on a map of units."""
    if not names or not unit_labels:
        return
    fig = names[0].figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    known = getattr(unit_labels, "boxes", None)
    boxes = [b.padded(2) for b in (known if known is not None and len(known) == len(unit_labels)
                                   else (t.get_window_extent(renderer) for t in unit_labels))]  # halos touch first
    halos = [a for a in names[0].axes.texts if a.get_gid() == "halo"]
    for t in names:
        bb = t.get_window_extent(renderer)
        if any(bb.overlaps(b) for b in boxes):
            for h in [a for a in halos if a.get_text() == t.get_text() and a.xy == t.xy]:
                h.remove()
            t.remove()
