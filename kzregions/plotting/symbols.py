"""Proportional symbols: counts and totals (population, GRP in money) as circles whose area is
proportional to the value, the map a count needs instead of a choropleth.

A circle sits at the pole of inaccessibility of its unit (well inside it); larger circles are
drawn first so that every smaller one stays visible on top. The legend shows nested circles of
round values from the 1-2-5 series, their labels in the number format of the map's language.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .._crs import CONFORMAL
from .._i18n import CITY_NAMES, indicator_title, name_column, text
from .._schema import CITY_PREFIXES, KIND_CITY_DISTRICT, KIND_CITY_REP
from .._validate import check_arguments, one_of
from ..errors import ClassificationError, MissingColumnError
from . import _furniture as fu
from . import _insets, _subset
from .classes import check_values, fmt_number
from .maps import Map

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Circle fill and outline: one colour, translucent so overlapping circles show each other.
SYMBOL_COLOR = "#c8553d"
#: Diameter of the largest circle in points on A4 (about 1.3 cm); scaled with the paper.
MAX_DIAMETER_PT = 38.0


def nice_legend_values(vmax: float, n: int = 3) -> list[float]:
    """``n`` round values for the nested-circle legend: the largest 1-2-5 number not above
    ``vmax``, then about a quarter and a sixteenth of it (areas a quarter apart read well),
    each rounded to the 1-2-5 series; fewer if they coincide."""
    def down125(x: float) -> float:
        e = 10.0 ** math.floor(math.log10(x))
        return max(m * e for m in (1, 2, 5, 10) if m * e <= x * (1 + 1e-12))

    if not (vmax > 0 and math.isfinite(vmax)):
        return []
    top = down125(vmax)
    out = [top]
    for f in (4.0, 16.0)[: n - 1]:
        v = down125(top / f)
        if v < out[-1]:
            out.append(v)
    return out


def proportional_map(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    color: str = SYMBOL_COLOR,
    max_diameter: float | None = None,
    legend: bool = True,
    legend_kwds: dict | None = None,
    outline: Any = "auto",
    context: bool = True,
    labels: bool | str = "auto",
    insets: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
) -> Map:
    """Counts or totals as proportional circles (area proportional to the value).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units with the value ``column`` (kzregions schema; any CRS with one).
    column : str
        A count or total, zero or positive (e.g. ``population_start_of_year``). Units
        without a value get no circle and are drawn hatched as "no data".
    lang : {"en", "kk", "ru"}
        Language of every text drawn and of the number format.
    title, subtitle, source : str, optional
        Default title: the indicator's title from the catalogue (and the year, if the frame
        has one ``year``); ``""`` for none. The boundary attribution is always added.
    unit : str, optional
        Unit of the values (default ``gdf.attrs["units"][column]``), in the legend title.
    color : str
        Fill of the circles (drawn at 70 % opacity with a darker outline).
    max_diameter : float, optional
        Diameter of the largest circle in points (default 38 pt on A4, scaled with the paper).
    legend, legend_kwds
        The nested-circle legend in the column right of the map; ``legend_kwds``: ``title``,
        ``values`` (the circles to show, default three round values).
    outline : "auto", GeoDataFrame or None
        Boundaries over the units; "auto" draws oblast borders on district maps.
    context : bool
        Neighbouring countries, seas and lakes, named in ``lang``.
    labels : bool or "auto"
        Unit names (in ``lang``) placed clear of the circles: inside where they fit, else
        outside with a leader line; "auto" names every unit of an oblast map and leaves
        district maps unnamed.
    insets : bool
        On district maps, inset maps of Astana, Almaty and Shymkent with their districts'
        circles (at the main map's circle scale); on oblast maps the three cities are named
        beside their circles.
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper.
    crs : str
        Projection; default the Lambert conformal conic for Kazakhstan.

    Returns
    -------
    Map
        ``data`` holds the units with ``size`` (marker area in points²); ``classes`` is None.

    Examples
    --------
    >>> import kzregions as kz
    >>> pop = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    >>> m = kz.proportional_map(pop, "population_start_of_year", lang="kk")
    >>> int(m.data["size"].idxmax() == m.data["population_start_of_year"].idxmax())
    1
    """
    check_arguments(proportional_map, locals())  # a drawing follows: every bad value named before it
    import numpy as np

    from .._i18n import check_lang

    check_lang(lang)
    one_of("labels", labels, (True, False, "auto"))
    one_of("insets", insets, (True, False))
    legend_kwds = dict(legend_kwds or {})
    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} to map (columns: {list(gdf.columns)})")
    values = check_values(gdf[column], column)
    if (values[~np.isnan(values)] < 0).any():
        bad = float(np.nanmin(values))
        raise ClassificationError(f"column {column!r} holds negative values (e.g. {bad:g}): a circle's area "
                                  "cannot be negative; map signed values with kz.choropleth(..., center=0)")
    if np.isnan(values).all():
        raise ClassificationError(f"no values to draw in {column!r}: every value is missing")
    unit = unit if unit is not None else fu.units_of(gdf).get(column)
    proj = fu.project(gdf, crs)
    scale = fu.PAPER[paper][0] / fu.PAPER["A4"][0]
    dmax = float(max_diameter) if max_diameter is not None else MAX_DIAMETER_PT * scale
    vmax = float(np.nanmax(values))
    # marker area (points²) proportional to the value: s = dmax² * v / vmax
    size = np.where(np.isnan(values), 0.0, dmax ** 2 * values / vmax if vmax > 0 else 0.0)
    proj = proj.assign(size=size)
    fig = fu.new_figure(paper)
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    with_insets = insets and district_map and "kato" in proj and \
        proj["kato"].str[:2].isin(list(CITY_PREFIXES)).any()
    ax = fig.add_axes(fu.MAP_BOX_WITH_INSETS if with_insets else fu.MAP_BOX, anchor="C")
    missing = np.isnan(values)
    style = fu.missing_style(None, lang)
    from matplotlib.colors import to_rgba

    face = [to_rgba(style["color"] if m else fu.HOME_COLOR) for m in missing]
    proj.plot(ax=ax, color=face, edgecolor="white", linewidth=0.5, zorder=1)
    fu.hatch_missing(ax, proj, missing, style)
    ol = fu.auto_outline(gdf, crs) if (isinstance(outline, str) and district_map) else (
        None if outline is None or isinstance(outline, str) else fu.geom_of(outline, crs))
    if ol is not None:
        ol.boundary.plot(ax=ax, color="0.45", linewidth=0.6, zorder=3)
    fu.frame(ax, proj, fill=True)
    water_names = fu.context(ax, crs, lang=lang, detail=district_map, home=False) if context else []
    pts = fu.label_points(proj.geometry.values)
    _circles(ax, proj, pts, size, color)
    obstacles = fu.scalebar(ax, lang) + fu.north_arrow(ax, crs, lang)
    obstacles += _subset.neighbour_oblasts(ax, proj, lang, obstacles + water_names)
    insets_axes: dict = {}
    if with_insets:
        insets_axes = _insets.city_insets(fig, proj.assign(_missing=missing), None, lang, colors=face,
                                          missing=style, ax=ax)
        _inset_circles(insets_axes, proj, size, color, lang)
    do_labels = _subset.auto_labels(labels, district_map, len(proj))
    if do_labels:
        cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
        # the circles are obstacles: a name goes beside its circle, not over it (a city's name
        # may touch its own circle, which marks it: no extra marker)
        obstacles += [_CircleBox(ax, pts[i], size[i]) for i in range(len(proj))
                      if size[i] > 0 and pts[i] is not None and not cities[i]]
        placed = fu.label_units(ax, proj, name_column(lang), skip=cities, obstacles=obstacles)
        fu.yield_to_units(water_names, placed)
    leg_ax = None
    head = legend_kwds.get("title") or fu.title_of(column, unit, lang)
    if legend:
        shown = legend_kwds.get("values") or nice_legend_values(vmax)
        leg_ax = _circle_legend(fig, shown, vmax, dmax, color, head, lang, int(missing.sum()), style)
    if title is None:
        t = indicator_title(column, lang)
        years = set(gdf["year"].dropna()) if "year" in gdf else set()
        title = f"{t}, {int(next(iter(years)))}" if t and len(years) == 1 else t
        if subtitle is None:
            subtitle = _subset.subtitle(proj, lang)
    fu.titles(fig, title, subtitle)
    fu.source_line(fig, source, lang, context=context, vintage=fu.vintage_of(proj))
    return Map(fig, ax, leg_ax, None, proj, column, crs, insets_axes, paper)


class _CircleBox:
    """A circle of the map as a label obstacle: its box in display pixels."""

    def __init__(self, ax, pt, size_pt2: float):
        self.ax, self.x, self.y = ax, pt.x, pt.y
        self.r_pt = math.sqrt(size_pt2) / 2

    def get_window_extent(self, renderer=None):
        from matplotlib.transforms import Bbox

        cx, cy = self.ax.transData.transform((self.x, self.y))
        r = self.r_pt * self.ax.figure.dpi / 72
        return Bbox.from_extents(cx - r, cy - r, cx + r, cy + r)


def _circles(ax, proj, pts, size, color) -> None:
    """The circles, largest first so that every smaller one stays visible on top."""
    import numpy as np

    ax.apply_aspect()
    order = [i for i in np.argsort(-size, kind="stable") if size[i] > 0 and pts[i] is not None]
    ax.scatter([pts[i].x for i in order], [pts[i].y for i in order], s=[size[i] for i in order], c=color,
               alpha=0.7, edgecolors="#5a1f12", linewidths=0.6, zorder=5)


def _inset_circles(insets_axes: dict, proj, size, color, lang: str) -> None:
    """The circles of the city districts in each city's inset, at the main map's size scale."""
    import numpy as np

    names = CITY_NAMES[lang]
    for prefix, cname in names.items():
        iax = insets_axes.get(cname)
        if iax is None:
            continue
        idx = np.flatnonzero((proj["kato"].str[:2] == prefix).to_numpy())
        sub = proj.iloc[idx]
        _circles(iax, sub, fu.label_points(sub.geometry.values), size[idx], color)


def _circle_legend(fig, shown, vmax: float, dmax: float, color, title: str, lang: str, n_missing: int, style):
    """Nested circles, bottom-aligned, each with a leader line to its value, in an axes whose
    data units are points (so a circle of the legend is the size of the same value on the map)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Patch

    fw, fh = fig.get_size_inches()
    box = (fu.SIDE_X, 0.50, 0.21, 0.30)
    lax = fig.add_axes(box)
    w_pt, h_pt = box[2] * fw * 72, box[3] * fh * 72
    lax.set_xlim(0, w_pt)
    lax.set_ylim(0, h_pt)
    lax.set_aspect("equal")
    lax.set_axis_off()
    lax.text(0, h_pt, fu.wrap(title), ha="left", va="top", fontsize=10, fontweight="bold", fontfamily=fu.FONT)
    lines = fu.wrap(title).count("\n") + 1
    top = h_pt - 14 * lines - 10  # under the title
    rmax = dmax / 2 * math.sqrt(max(shown) / vmax) if vmax > 0 and shown else 0
    base, cx = top - 2 * rmax, dmax / 2 + 2
    decimals = 0 if all(float(v).is_integer() for v in shown) else 2
    label_y = math.inf
    for v in sorted(shown, reverse=True):
        r = dmax / 2 * math.sqrt(v / vmax) if vmax > 0 else 0
        lax.add_patch(Circle((cx, base + r), r, facecolor=color, alpha=0.35, edgecolor="#5a1f12", linewidth=0.6))
        label_y = min(base + 2 * r, label_y - 11)  # labels at least a line apart
        lax.add_line(Line2D([cx, cx + dmax / 2 + 6, cx + dmax / 2 + 9], [base + 2 * r, base + 2 * r, label_y],
                            color="0.3", linewidth=0.5))
        lax.text(cx + dmax / 2 + 11, label_y, fmt_number(v, decimals, lang), ha="left", va="center",
                 fontsize=8.5, fontfamily=fu.FONT)
    lax.text(0, base - 12, fu.wrap(text("symbol_legend_note", lang), 34), ha="left", va="top", fontsize=7.5,
             color="0.3", fontfamily=fu.FONT)
    if n_missing:
        handle = Patch(facecolor=style["color"], edgecolor=style["edgecolor"], hatch=style["hatch"], linewidth=0.4,
                       label=text("no_symbol", lang))
        lax.legend(handles=[handle], loc="upper left", bbox_to_anchor=(0, max(0.0, (base - 45) / h_pt)), frameon=False,
                   prop={"family": fu.FONT, "size": 8.5}, borderaxespad=0)
    return lax
