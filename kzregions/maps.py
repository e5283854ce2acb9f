"""Maps for planning documents (matplotlib) and for exploring in Jupyter (folium).

Every function returns objects the user can keep editing (a :class:`Map` holds the
matplotlib ``Figure`` and ``Axes``, the legend and the mapclassify classifier) and changes
no global state: figures are made with :class:`matplotlib.figure.Figure`, not pyplot, so
nothing is registered with a GUI backend and rcParams are never touched.

Page layout is fixed in figure coordinates (title band, map, legend column, source line)
rather than left to a layout engine: labels can then be measured before drawing and
placed without overlaps, and a 300 dpi render draws the map once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._crs import CONFORMAL

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.axes import Axes

#: Paper sizes in inches, landscape (width, height).
PAPER = {"A4": (11.69, 8.27), "A3": (16.54, 11.69), "A5": (8.27, 5.83), "letter": (11.0, 8.5)}
#: DejaVu Sans ships with matplotlib and has every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І).
FONT = "DejaVu Sans"
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
SCHEMES = {
    "quantiles": "Quantiles", "equal_interval": "EqualInterval", "natural_breaks": "FisherJenks",
    "fisher_jenks": "FisherJenks", "jenks": "FisherJenks", "std_mean": "StdMean",
    "head_tail": "HeadTailBreaks", "head_tail_breaks": "HeadTailBreaks", "user_defined": "UserDefined",
}
NO_DATA = {"en": "No data", "kk": "Деректер жоқ", "ru": "Нет данных"}
SOURCE_WORD = {"en": "Source", "kk": "Дереккөз", "ru": "Источник"}
# layout of a page, in figure fractions: (left, bottom, width, height). The map takes the
# full width (Kazakhstan is twice as wide as tall); district maps keep a strip below it for
# the insets of the three cities.
_MAP_BOX = (0.01, 0.06, 0.98, 0.82)
_MAP_BOX_WITH_INSETS = (0.01, 0.25, 0.98, 0.64)
_INSET_ROW = (0.015, 0.055, 0.17)  # left, bottom, height
_SIDE_X = 0.80  # small multiples: the shared legend's column


def _name_column(lang: str) -> str:
    cols = {"en": "name_en", "kk": "name_kk", "ru": "name_ru"}
    if lang not in cols:
        raise ValueError(f"lang={lang!r}: use 'en', 'kk' or 'ru'")
    return cols[lang]


# ----------------------------------------------------------------------------- classes
@dataclass
class Classes:
    """A classification of a column: bins, class of each unit, colours, labels.

    Attributes
    ----------
    scheme : str
        What was used (e.g. ``Quantiles``, ``FisherJenks``, ``diverging Quantiles at 100``).
    bins : numpy.ndarray
        Upper bounds of the classes (mapclassify's convention).
    yb : numpy.ndarray
        Class index of each unit, -1 for missing values.
    colors : list
        RGBA colour of each class.
    labels : list of str
        Legend label of each class.
    counts : list of int
        Units per class; ``n_missing`` units have no value.
    classifier : mapclassify classifier(s) behind it.
    """

    scheme: str
    bins: Any
    yb: Any
    colors: list
    labels: list
    counts: list
    n_missing: int
    lower: float
    classifier: Any = field(repr=False, default=None)

    def __repr__(self) -> str:
        rows = "\n".join(f"  {lab:>28}  n={c}" for lab, c in zip(self.labels, self.counts))
        return f"Classes({self.scheme}, k={len(self.bins)}, missing={self.n_missing})\n{rows}"


def classify(
    values,
    scheme: str = "quantiles",
    k: int = 5,
    bins=None,
    center: float | None = None,
    cmap: str | None = None,
    lang: str = "en",
    unit: str | None = None,
    decimals: int | None = None,
) -> Classes:
    """Classify values for a choropleth with mapclassify.

    Parameters
    ----------
    values : array-like
        The values; NaN marks missing data (its own class, never dropped).
    scheme : str
        ``quantiles``, ``equal_interval``, ``natural_breaks`` / ``fisher_jenks``,
        ``std_mean``, ``head_tail``, or ``user_defined`` (with ``bins``).
    k : int
        Number of classes (per side for a diverging scheme, rounded up).
    bins : sequence, optional
        Upper bounds for ``user_defined`` (implied when given).
    center : float, optional
        Make the scheme diverging around this value (e.g. 100 for an index where the
        national average is 100): the values below and above are classified separately,
        ``center`` is always a class break, and the colours run from one hue through a
        light middle to another.
    cmap : str, optional
        Colormap; default ``YlOrRd`` (sequential) or ``RdBu_r`` (diverging).
    lang : {"en", "kk", "ru"}
        Number format of the labels (``1,234.5`` or ``1 234,5``).
    unit : str, optional
        ``%`` is appended to each label; other units go in the legend title.
    decimals : int, optional
        Decimals of the labels; default the fewest that keep the class bounds distinct.
    """
    import mapclassify
    import numpy as np
    from matplotlib import colormaps

    y = np.asarray(values, dtype=float)
    ok = ~np.isnan(y)
    if not ok.any():
        raise ValueError("no values to classify: every value is missing")
    if bins is not None:
        scheme = "user_defined"
    key = scheme.lower().replace("-", "_").replace(" ", "_")
    if key not in SCHEMES:
        raise ValueError(f"scheme={scheme!r}: use one of {sorted(SCHEMES)}")
    cls_name = SCHEMES[key]
    yv = y[ok]

    def run(v, kk):
        import warnings

        cls = getattr(mapclassify, cls_name)
        with warnings.catch_warnings():  # mapclassify's note that numba would be faster
            warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
            if cls_name == "UserDefined":
                if bins is None:
                    raise ValueError("scheme='user_defined' needs bins=[...]")
                return cls(v, bins=list(bins))
            if cls_name in ("StdMean", "HeadTailBreaks"):
                return cls(v)
            kk = max(1, min(kk, len(np.unique(v))))
            return cls(v, k=kk)

    yb = np.full(len(y), -1)
    if center is None:
        c = run(yv, k)
        upper = np.asarray(c.bins, dtype=float)
        yb[ok] = c.yb
        n = len(upper)
        name = cmap or "YlOrRd"
        colors = [colormaps[name](0.12 + 0.83 * i / max(n - 1, 1)) for i in range(n)]
        label = cls_name
        classifier = c
    else:
        lo_v, hi_v = yv[yv < center], yv[yv >= center]
        kk = max(1, math.ceil(k / 2))
        parts, upper = [], []
        if len(lo_v):
            c_lo = run(lo_v, kk)
            # the last lower class ends at the centre, not at the largest value below it
            upper += [x for x in np.asarray(c_lo.bins, dtype=float)[:-1] if x < center] + [center]
            parts.append(c_lo)
        else:
            upper += [center]
        n_lo = len(upper)
        if len(hi_v):
            c_hi = run(hi_v, kk)
            upper += [x for x in np.asarray(c_hi.bins, dtype=float) if x > center] or [hi_v.max()]
            parts.append(c_hi)
        upper = np.asarray(upper, dtype=float)
        upper[-1] = max(upper[-1], yv.max())
        # values equal to the centre sit in the first class above it
        yb[ok] = np.where(yv < center, np.searchsorted(upper[:n_lo], yv, side="left"),
                          n_lo + np.searchsorted(upper[n_lo:], yv, side="left"))
        yb[ok] = np.minimum(yb[ok], len(upper) - 1)
        n_hi = len(upper) - n_lo
        cm = colormaps[cmap or "RdBu_r"]
        colors = [cm(0.05 + 0.4 * i / max(n_lo - 1, 1)) if n_lo > 1 else cm(0.3) for i in range(n_lo)]
        colors += [cm(0.55 + 0.4 * i / max(n_hi - 1, 1)) if n_hi > 1 else cm(0.7) for i in range(n_hi)]
        label = f"diverging {cls_name} at {center:g}"
        classifier = tuple(parts)
    if cls_name in ("Quantiles", "FisherJenks", "HeadTailBreaks") and center is None:
        # ties make data-driven schemes produce classes holding no unit (4.70 - 4.72 %):
        # merge them into the next class instead of showing an empty legend entry
        keep = [i for i in range(len(upper)) if (yb == i).any()]
        if len(keep) < len(upper):
            remap = {old: new for new, old in enumerate(keep)}
            upper = upper[keep]
            yb = np.array([remap.get(b, -1) if b >= 0 else -1 for b in yb])
            n = len(upper)
            colors = [colormaps[name](0.12 + 0.83 * i / max(n - 1, 1)) for i in range(n)]
    lower = float(np.nanmin(yv))
    counts = [int((yb == i).sum()) for i in range(len(upper))]
    labels = _range_labels(lower, upper, lang, unit, decimals,
                           open_below=center is not None and (yv < center).any())
    return Classes(label, upper, yb, colors, labels, counts, int((~ok).sum()), lower, classifier)


def _decimals_for(edges) -> int:
    """The fewest decimals (0-4) that show every class bound to within 1 % of the narrowest
    class: 2,848 for GRP classes a thousand wide, 4.48 for unemployment, 0.115 for shares."""
    import numpy as np

    edges = np.unique(np.asarray(edges, dtype=float))
    widths = np.diff(edges)
    tol = 0.01 * widths.min() if len(widths) and widths.min() > 0 else 0.0
    for d in range(0, 5):
        if np.abs(np.round(edges, d) - edges).max() <= tol:
            return d
    return 4


def fmt_number(v: float, decimals: int, lang: str = "en") -> str:
    """Format a number for a legend: ``1,234.5`` (en) or ``1 234,5`` (kk, ru)."""
    s = f"{v:,.{decimals}f}"
    if lang in ("kk", "ru"):
        s = s.replace(",", "\u202f").replace(".", ",")  # narrow no-break space, decimal comma
    return s.replace("-", "\u2212")


def _range_labels(lower, upper, lang, unit, decimals, open_below=False):
    d = decimals if decimals is not None else _decimals_for([lower, *upper])
    pct = "\u202f%" if unit and unit.strip() == "%" else ""
    labels, lo = [], lower
    for hi in upper:
        a, b = fmt_number(lo, d, lang), fmt_number(hi, d, lang)
        labels.append(f"{a} \u2013 {b}{pct}" if a != b else f"{a}{pct}")
        lo = hi
    return labels


# ----------------------------------------------------------------------------- the map object
@dataclass
class Map:
    """A rendered map: tweak it with matplotlib, then :meth:`save` it.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        The main map (projected coordinates, metres).
    legend : matplotlib.legend.Legend or None
    classes : Classes or None
        The classification (None for a map of units without a value column).
    data : geopandas.GeoDataFrame
        What was drawn, in the map's CRS, with a ``class`` column.
    insets : dict
        Name -> Axes of the city insets, if any.
    """

    fig: Any
    ax: Any
    legend: Any
    classes: Classes | None
    data: Any = field(repr=False)
    column: str | None = None
    crs: str = CONFORMAL
    insets: dict = field(default_factory=dict)
    paper: str = "A4"

    def save(self, path, dpi: int = 300, **kwargs) -> None:
        """Write the map; the format follows the extension (``.png``, ``.pdf``, ``.svg``).

        PNG is written at ``dpi`` (300 by default); PDF and SVG are vector, with the
        text kept as text (fonts embedded in PDF).
        """
        from pathlib import Path

        ext = Path(path).suffix.lower()
        if ext not in (".png", ".pdf", ".svg", ".jpg", ".jpeg", ".tif", ".tiff"):
            raise ValueError(f"cannot tell the format of {path!r}: use .png, .pdf or .svg")
        self.fig.savefig(path, dpi=dpi, **kwargs)

    def _repr_png_(self):
        import io

        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=96)
        return buf.getvalue()

    def __repr__(self) -> str:
        n = len(self.data)
        what = f"column={self.column!r}, {self.classes.scheme} k={len(self.classes.bins)}, " \
               f"{self.classes.n_missing} without data" if self.classes else "units"
        return f"<Map {what}; {n} units; {self.paper} landscape; CRS {self.crs.split()[0]}>"


def _new_figure(paper: str):
    from matplotlib.figure import Figure

    if paper not in PAPER:
        raise ValueError(f"paper={paper!r}: use one of {sorted(PAPER)}")
    # a bare Figure: nothing is registered with pyplot, and its base canvas makes the
    # draw_idle() that geopandas calls after each layer a no-op (an Agg canvas would render
    # the whole page every time); savefig picks the right canvas for the format
    return Figure(figsize=PAPER[paper])


def _project(gdf, crs):
    from .errors import CRSMismatchError, InvalidGeometryError

    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS: set it first (kzregions layers are EPSG:4326)")
    if len(gdf) == 0:
        raise InvalidGeometryError("nothing to map: the GeoDataFrame is empty")
    return gdf.to_crs(crs)


def _geom_of(obj, crs):
    """Outline to draw from a GeoDataFrame, GeoSeries, shapely geometry or an object with
    ``.geometry`` (e.g. a ProgrammeRegion), projected to ``crs``."""
    import geopandas as gpd

    g = getattr(obj, "geometry", obj) if not isinstance(obj, (gpd.GeoDataFrame, gpd.GeoSeries)) else obj
    if isinstance(g, (gpd.GeoDataFrame, gpd.GeoSeries)):
        return _project(g, crs).geometry if isinstance(g, gpd.GeoDataFrame) else _project(g, crs)
    return gpd.GeoSeries([g], crs="EPSG:4326").to_crs(crs)


# ----------------------------------------------------------------------------- choropleth
def choropleth(
    gdf: gpd.GeoDataFrame,
    column: str,
    scheme: str = "quantiles",
    k: int = 5,
    bins=None,
    center: float | None = None,
    cmap: str | None = None,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    legend_title: str | None = None,
    counts: bool = False,
    labels: bool | str = "auto",
    highlight=None,
    highlight_label: str | None = None,
    outline="auto",
    insets: bool = True,
    graticule: bool = False,
    scalebar: bool = True,
    north_arrow: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
    decimals: int | None = None,
    classes: Classes | None = None,
    ax: Axes | None = None,
) -> Map:
    """A classed choropleth map ready for a planning document.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units with the value ``column`` (kzregions schema: names, ``kind``, ``kato``).
    column : str
        The value to map; NaN units are drawn hatched as "no data", never dropped.
    scheme, k, bins, center, cmap, decimals
        Classification, see :func:`classify` (``center`` makes it diverging).
    lang : {"en", "kk", "ru"}
        Language of labels, legend and furniture.
    title, subtitle : str, optional
    source : str, optional
        Data source; the boundary attribution is always added.
    unit : str, optional
        Unit of the values (default ``gdf.attrs["units"][column]`` if known): ``%`` is put
        on each class label, other units in the legend title.
    counts : bool
        Show the number of units per class in the legend.
    labels : bool or "auto"
        Unit names inside units where they fit without overlapping; "auto" labels
        oblast maps and leaves district maps unlabelled.
    highlight : GeoDataFrame, geometry or ProgrammeRegion, optional
        Outline drawn on top (e.g. a programme region), listed in the legend.
    outline : "auto", GeoDataFrame or None
        Boundaries drawn over the units; "auto" draws oblast borders on district maps.
    insets : bool
        On district maps, inset maps of Astana, Almaty and Shymkent (too small at country
        scale); on oblast maps the three cities get call-out markers in their class colour.
    graticule, scalebar, north_arrow : bool
        Map furniture. The scale bar is true along the standard parallels (45° and 51° N).
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper of the figure.
    crs : str
        Projection; default the Lambert conformal conic for Kazakhstan.
    classes : Classes, optional
        A classification to reuse (e.g. to compare maps on the same classes).
    ax : Axes, optional
        Draw only the map into these axes (no page furniture).

    Returns
    -------
    Map
    """
    import numpy as np

    from .data import KIND_CITY_DISTRICT, KIND_CITY_REP

    if column not in gdf.columns:
        raise KeyError(f"no column {column!r} to map (columns: {list(gdf.columns)})")
    unit = unit if unit is not None else dict(getattr(gdf, "attrs", {}).get("units", {})).get(column)
    proj = _project(gdf, crs)
    values = proj[column].astype(float).to_numpy()
    cl = classes or classify(values, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang,
                             unit=unit, decimals=decimals)
    if classes is not None:  # reuse the bins on these values
        cl = _reclassify(cl, values)
    proj = proj.assign(**{"class": cl.yb})
    page = ax is None
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    with_insets = page and insets and district_map and "kato" in proj and \
        proj["kato"].str[:2].isin(["71", "75", "79"]).any()
    fig = _new_figure(paper) if page else ax.figure
    if page:
        ax = fig.add_axes(_MAP_BOX_WITH_INSETS if with_insets else _MAP_BOX, anchor="N")
    _draw_classes(ax, proj, cl)
    outline_layer = _auto_outline(gdf, crs) if (isinstance(outline, str) and outline == "auto" and district_map) else (
        None if outline is None or isinstance(outline, str) else _geom_of(outline, crs))
    if outline_layer is not None:
        outline_layer.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    handles = _legend_handles(cl, counts, lang)
    if highlight is not None:
        hl = _geom_of(highlight, crs)
        hl.boundary.plot(ax=ax, color="black", linewidth=2.2, zorder=6)
        hl.boundary.plot(ax=ax, color="white", linewidth=0.8, linestyle=(0, (3, 2)), zorder=7)
        from matplotlib.lines import Line2D

        name = highlight_label or getattr(highlight, "name", None) or "Highlighted area"
        handles.append(Line2D([], [], color="black", linewidth=2.2, label=name))
    _frame(ax, proj)
    insets_axes: dict = {}
    if page:
        if graticule:
            _graticule(ax, crs)
        if scalebar:
            _scalebar(ax)
        if north_arrow:
            _north_arrow(ax, crs)
        cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
        if with_insets:
            insets_axes = _city_insets(fig, proj, cl, lang)
        elif insets and cities.any():
            _city_callouts(ax, proj, [cl.colors[b] if b >= 0 else (0.93, 0.93, 0.93, 1.0)
                                      for b in proj["class"]], cities)
        do_labels = (not district_map) if labels == "auto" else bool(labels)
        if do_labels:
            ax.apply_aspect()
            label_units(ax, proj, _name_column(lang), skip=cities if insets else None)
        lt = legend_title or (unit if unit and unit.strip() != "%" else None) or \
            column.replace("_", " ").capitalize()
        common = dict(handles=handles, title=lt, fontsize=9, title_fontsize=10, alignment="left",
                      prop={"family": FONT, "size": 9})
        if with_insets:  # beside the insets, below the map
            legend = fig.legend(loc="lower left", bbox_to_anchor=(0.47, 0.045), frameon=False,
                                ncols=2 if len(handles) > 5 else 1, **common)
        else:  # the empty south-east corner of the map
            legend = ax.legend(loc="lower right", frameon=True, framealpha=0.9, edgecolor="none", **common)
        legend.get_title().set_fontfamily(FONT)
        legend.set_zorder(20)
        _titles(fig, title, subtitle)
        _source_line(fig, source, lang)
    else:
        legend = ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    return Map(fig, ax, legend, cl, proj, column, crs, insets_axes, paper)


def _reclassify(cl: Classes, values) -> Classes:
    import numpy as np

    y = np.asarray(values, dtype=float)
    yb = np.full(len(y), -1)
    ok = ~np.isnan(y)
    yb[ok] = np.minimum(np.searchsorted(cl.bins, y[ok], side="left"), len(cl.bins) - 1)
    counts = [int((yb == i).sum()) for i in range(len(cl.bins))]
    return Classes(cl.scheme, cl.bins, yb, cl.colors, cl.labels, counts, int((~ok).sum()), cl.lower,
                   cl.classifier)


def _draw_classes(ax, proj, cl: Classes):
    yb = proj["class"].to_numpy()
    colors = [cl.colors[i] if i >= 0 else (0.93, 0.93, 0.93, 1.0) for i in yb]
    proj.plot(ax=ax, color=colors, edgecolor="white", linewidth=0.35, zorder=1)
    _hatch_missing(ax, proj, yb < 0)


def _legend_handles(cl: Classes, counts: bool, lang: str) -> list:
    from matplotlib.patches import Patch

    hs = [Patch(facecolor=c, edgecolor="0.4", linewidth=0.4, label=f"{lab} ({n})" if counts else lab)
          for c, lab, n in zip(cl.colors, cl.labels, cl.counts)]
    if cl.n_missing:
        lab = NO_DATA[lang] + (f" ({cl.n_missing})" if counts else "")
        hs.append(Patch(facecolor=(0.93, 0.93, 0.93), edgecolor="0.55", hatch="////", linewidth=0.4, label=lab))
    return hs


def _auto_outline(gdf, crs):
    """Oblast borders of the same vintage, for district maps."""
    from . import data

    v = int(gdf["vintage"].iloc[0]) if "vintage" in gdf else data.DEFAULT_VINTAGE
    try:
        obl = data.oblasts(v)
    except Exception:  # a frame of the user's own: no borders to add
        return None
    keep = obl["kato"].isin(set(gdf["oblast_kato"])) if "oblast_kato" in gdf else slice(None)
    return obl[keep].to_crs(crs).geometry


def _frame(ax, proj):
    xmin, ymin, xmax, ymax = proj.total_bounds
    pad = 0.02 * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _bounds_frame(*layers):
    """A stand-in with ``total_bounds`` covering every layer (for :func:`_frame`)."""
    import numpy as np

    b = np.array([lay.total_bounds for lay in layers])

    class _B:
        total_bounds = np.array([b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()])

    return _B()


def _source_line(fig, source, lang):
    """The data source and the boundary attribution (CC BY 4.0 asks for it on every map)."""
    from . import ATTRIBUTION

    src = f"{SOURCE_WORD[lang]}: {source}. " if source else ""
    fig.text(0.015, 0.022, src + ATTRIBUTION + ".", fontsize=7, color="0.3", fontfamily=FONT,
             ha="left", va="bottom")


def _hatch_missing(ax, proj, missing):
    """Units without a value: hatched, on top of their grey fill, never left out."""
    if missing.any():
        proj[missing].plot(ax=ax, facecolor="none", edgecolor="0.55", hatch="////", linewidth=0.0, zorder=2)


def _titles(fig, title, subtitle):
    if title:
        fig.text(0.015, 0.965, title, fontsize=16, fontweight="bold", fontfamily=FONT, va="top")
    if subtitle:
        fig.text(0.015, 0.918, subtitle, fontsize=11, color="0.25", fontfamily=FONT, va="top")


# ----------------------------------------------------------------------------- furniture
def _nice_length(span_m: float) -> float:
    target = span_m / 5
    exp = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= target:
            return m * exp
    return 10 * exp


def _scalebar(ax):
    """Scale bar in km, lower left: four alternating segments with 0 / half / full labels."""
    from matplotlib.patches import Rectangle

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    h = (y1 - y0) * 0.008
    bx, by = x0 + 0.03 * (x1 - x0), y0 + 0.045 * (y1 - y0)
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h, facecolor="black" if i % 2 == 0 else "white",
                               edgecolor="black", linewidth=0.6, zorder=8))
    for frac in (0, 0.5, 1):
        txt = f"{frac * length / 1000:g}" + (" km" if frac == 1 else "")
        ax.text(bx + frac * length, by + 2.2 * h, txt, ha="center", va="bottom", fontsize=7.5,
                fontfamily=FONT, zorder=8)


def _north_arrow(ax, crs):
    """North arrow pointing to true north at its own position (conic meridians converge)."""
    import pyproj

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax_x, ax_y = x0 + 0.05 * (x1 - x0), y1 - 0.13 * (y1 - y0)
    to_geo = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    to_map = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lon, lat = to_geo.transform(ax_x, ax_y)
    nx, ny = to_map.transform(lon, lat + 0.5)
    dx, dy = nx - ax_x, ny - ax_y
    norm = math.hypot(dx, dy)
    size = 0.07 * (y1 - y0)
    ux, uy = dx / norm * size, dy / norm * size
    ax.annotate("", xy=(ax_x + ux, ax_y + uy), xytext=(ax_x, ax_y),
                arrowprops=dict(arrowstyle="-|>,head_width=0.45,head_length=0.9", color="black", linewidth=1.4),
                zorder=8)
    ax.text(ax_x + ux * 1.25, ax_y + uy * 1.25, "N", ha="center", va="center", fontsize=11,
            fontweight="bold", fontfamily=FONT, zorder=8)


def _graticule(ax, crs, step: float = 5.0):
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import LineString

    lines = [LineString([(lon, lat) for lat in np.linspace(35, 60, 60)]) for lon in np.arange(40, 95, step)]
    lines += [LineString([(lon, lat) for lon in np.linspace(40, 95, 120)]) for lat in np.arange(35, 60, step)]
    g = gpd.GeoSeries(lines, crs="EPSG:4326").to_crs(crs)
    xl, yl = ax.get_xlim(), ax.get_ylim()
    g.plot(ax=ax, color="0.6", linewidth=0.35, linestyle=":", zorder=0.5)
    ax.set_xlim(xl)
    ax.set_ylim(yl)


def _city_callouts(ax, proj, colors, cities):
    """The three cities of republican significance as markers in their own colour
    (``colors``: one colour per unit)."""
    pts = label_points(proj.geometry.values)
    for i in cities.nonzero()[0]:
        ax.plot(pts[i].x, pts[i].y, marker="o", ms=11, mfc=colors[i], mec="black", mew=1.0, zorder=9)


def _city_insets(fig, proj, cl: Classes, lang: str) -> dict:
    """Inset maps of Astana, Almaty and Shymkent (their districts), in a row below the map."""
    from .data import CITY_PREFIXES

    city_names = {"en": CITY_PREFIXES, "kk": {"71": "Астана", "75": "Алматы", "79": "Шымкент"},
                  "ru": {"71": "Астана", "75": "Алматы", "79": "Шымкент"}}[lang]
    left, bottom, height = _INSET_ROW
    fw, fh = fig.get_size_inches()
    width = height * fh / fw  # square boxes
    out = {}
    slot = 0
    for prefix, cname in city_names.items():
        sub = proj[proj["kato"].str[:2] == prefix]
        if sub.empty:
            continue
        iax = fig.add_axes((left + slot * (width + 0.012), bottom, width, height))
        _draw_classes(iax, sub, cl)
        sub.boundary.plot(ax=iax, color="0.2", linewidth=0.4)
        _frame(iax, sub)
        iax.set_axis_on()
        iax.set_xticks([])
        iax.set_yticks([])
        iax.set_xlabel("")
        iax.set_ylabel("")
        for sp in iax.spines.values():
            sp.set_edgecolor("0.4")
            sp.set_linewidth(0.6)
        iax.set_title(cname, fontsize=8, fontfamily=FONT, pad=2, loc="left")
        out[cname] = iax
        slot += 1
    return out


# ----------------------------------------------------------------------------- labels
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
        except Exception:  # degenerate part: fall back to shapely's guarantee
            out.append(big.representative_point())
    return out


def label_units(ax, proj, name: str, fontsize: float = 8, skip=None) -> list:
    """Label units without overlaps: by decreasing area, a label is dropped if it would
    overlap one already placed or stick out of its unit by more than 40 %. Cities of
    republican significance (``kind``) get a bold label beside their point.

    The axes' limits and aspect must be final (call ``ax.apply_aspect()``) because labels
    are measured in display space before the figure is drawn.
    """
    import numpy as np
    import shapely
    from matplotlib import patheffects
    from shapely.geometry import box

    from .data import KIND_CITY_REP

    fig = ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    # (matplotlib's Figure._get_renderer measures text without attaching a canvas)
    inv = ax.transData.inverted()
    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    pts = label_points(proj.geometry.values)
    order = sorted(range(len(proj)), key=lambda i: (not cities[i], -proj.geometry.values[i].area))
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    placed, texts = [], []
    for i in order:
        if pts[i] is None:
            continue
        x, y, text = pts[i].x, pts[i].y, proj[name].iloc[i]
        if cities[i]:
            if skip is None:
                ax.plot(x, y, marker="o", ms=5, mfc="black", mec="white", mew=0.8, zorder=9)
            t = ax.annotate(text, (x, y), xytext=(8, 5), textcoords="offset points", fontsize=fontsize,
                            fontfamily=FONT, fontweight="bold", zorder=10, path_effects=halo)
        else:
            t = ax.annotate(text, (x, y), ha="center", va="center", fontsize=fontsize, fontfamily=FONT,
                            zorder=5, path_effects=halo)
        bb = t.get_window_extent(renderer).expanded(1.06, 1.15)
        if not cities[i]:
            (x0, y0), (x1, y1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
            rect = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            inside = shapely.intersection(proj.geometry.values[i], rect).area / rect.area
            if inside < 0.6 or any(bb.overlaps(p) for p in placed):
                t.remove()
                continue
        placed.append(bb)
        texts.append(t)
    return texts


# ----------------------------------------------------------------------------- other maps
def plot_units(
    gdf: gpd.GeoDataFrame,
    lang: str = "en",
    labels: bool = True,
    title: str | None = None,
    subtitle: str | None = None,
    paper: str = "A4",
    crs: str = CONFORMAL,
) -> Map:
    """Draw administrative units, each in its own colour, with their names.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units in the kzregions schema (``name_en``/``name_kk``/``name_ru``, ``kind``).
    lang : {"en", "kk", "ru"}
        Language of the labels.
    labels : bool
        Label each unit whose name fits inside it without overlapping another label; the
        cities of republican significance, too small at country scale, get a marker and a
        label beside it.
    title, subtitle : str, optional
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper size.
    crs : str
        Map projection; default the Lambert conformal conic for Kazakhstan.
    """
    from matplotlib import colormaps

    name = _name_column(lang)
    proj = _project(gdf, crs)
    fig = _new_figure(paper)
    ax = fig.add_axes((0.015, 0.075, 0.97, 0.80))
    cmap = colormaps["tab20"]
    proj.plot(ax=ax, color=[cmap(i % 20) for i in range(len(proj))], edgecolor="white", linewidth=0.6,
              alpha=0.85)
    _frame(ax, proj)
    _scalebar(ax)
    _north_arrow(ax, crs)
    if labels:
        ax.apply_aspect()
        label_units(ax, proj, name)
    _titles(fig, title, subtitle)
    _source_line(fig, None, "en")
    return Map(fig, ax, None, None, proj.assign(**{"class": -1}), None, crs, {}, paper)


def categorical_map(
    gdf: gpd.GeoDataFrame,
    column: str,
    colors: dict | None = None,
    order: list | None = None,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    labels: bool | str = "auto",
    legend_title: str | None = None,
    outline=None,
    paper: str = "A4",
    crs: str = CONFORMAL,
) -> Map:
    """A map of categories (region types, LISA clusters, programme zones) with the page
    furniture of :func:`choropleth`. Missing categories are drawn hatched as "no data".

    Parameters
    ----------
    colors : dict, optional
        Category -> colour; default a qualitative palette.
    order : list, optional
        Legend order (categories absent from the data are left out of the legend).
    outline : GeoDataFrame, optional
        Boundaries drawn on top (e.g. the oblasts under programme zones); the map frame
        covers them too.
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.patches import Patch

    from .data import KIND_CITY_DISTRICT, KIND_CITY_REP

    if column not in gdf.columns:
        raise KeyError(f"no column {column!r}")
    proj = _project(gdf, crs)
    vals = proj[column]
    present = [c for c in (order or sorted(vals.dropna().unique(), key=str)) if (vals == c).any()]
    extra = [c for c in vals.dropna().unique() if c not in present]
    cats = present + sorted(extra, key=str)
    pal = colormaps["tab10"]
    colors = dict(colors or {})
    for i, c in enumerate(cats):
        colors.setdefault(c, pal(i % 10))
    fig = _new_figure(paper)
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    ax = fig.add_axes(_MAP_BOX, anchor="N")
    missing = vals.isna().to_numpy()
    from matplotlib.colors import to_rgba

    face = [to_rgba(colors[v]) if not m else (0.93, 0.93, 0.93, 1.0) for v, m in zip(vals, missing)]
    proj.plot(ax=ax, color=face, edgecolor="white", linewidth=0.4, zorder=1)
    _hatch_missing(ax, proj, missing)
    ol = _geom_of(outline, crs) if outline is not None else (_auto_outline(gdf, crs) if district_map else None)
    if ol is not None:
        ol.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    _frame(ax, proj if outline is None else _bounds_frame(proj, ol))
    _scalebar(ax)
    _north_arrow(ax, crs)
    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    if cities.any():
        _city_callouts(ax, proj, face, cities)
    if (not district_map) if labels == "auto" else bool(labels):
        ax.apply_aspect()
        label_units(ax, proj, _name_column(lang), skip=cities)
    handles = [Patch(facecolor=colors[c], edgecolor="0.4", linewidth=0.4,
                     label=f"{c} ({int((vals == c).sum())})") for c in cats]
    if missing.any():
        handles.append(Patch(facecolor=(0.93, 0.93, 0.93), edgecolor="0.55", hatch="////", linewidth=0.4,
                             label=f"{NO_DATA[lang]} ({int(missing.sum())})"))
    legend = ax.legend(handles=handles, title=legend_title, loc="lower right", frameon=True, framealpha=0.9,
                       edgecolor="none", prop={"family": FONT, "size": 9})
    legend.set_zorder(20)
    _titles(fig, title, subtitle)
    _source_line(fig, source, lang)
    return Map(fig, ax, legend, None, proj, column, crs, {}, paper)


def small_multiples(
    data,
    column: str,
    by: str = "year",
    units: gpd.GeoDataFrame | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    bins=None,
    center: float | None = None,
    cmap: str | None = None,
    ncols: int | None = None,
    lang: str = "en",
    title: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    paper: str = "A4",
    crs: str = CONFORMAL,
) -> Map:
    """One panel per value of ``by`` (e.g. per year), all on one shared classification.

    Parameters
    ----------
    data : GeoDataFrame or DataFrame
        Long table with ``column`` and ``by``: a GeoDataFrame with geometry per row, or a
        DataFrame with ``kato`` joined to ``units`` (each panel through
        :func:`kzregions.attach`, so nothing is dropped silently).
    units : GeoDataFrame, optional
        The units, when ``data`` has no geometry.
    Other parameters as in :func:`choropleth`.

    Returns
    -------
    Map
        ``ax`` is the first panel; ``fig.axes`` holds them all; ``insets`` maps each
        panel's key to its axes.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    if by not in data.columns or column not in data.columns:
        raise KeyError(f"data needs columns {by!r} and {column!r}")
    keys = sorted(data[by].dropna().unique())
    if not keys:
        raise ValueError(f"no values in {by!r}")
    frames = {}
    for key in keys:
        part = data[data[by] == key]
        if not isinstance(part, gpd.GeoDataFrame):
            if units is None:
                raise ValueError("data has no geometry: pass units= (e.g. kz.oblasts(2024))")
            from .attributes import attach

            part = attach(units, part.drop(columns=[by]))
        frames[key] = part
    unit = unit if unit is not None else dict(getattr(data, "attrs", {}).get("units", {})).get(column)
    allv = np.concatenate([f[column].astype(float).to_numpy() for f in frames.values()])
    cl = classify(allv, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang, unit=unit)
    n = len(keys)
    ncols = ncols or min(n, 3 if n > 4 else n)
    nrows = math.ceil(n / ncols)
    fig = _new_figure(paper)
    left, bottom, width, height = 0.01, 0.06, _SIDE_X - 0.02, 0.82
    panels = {}
    for j, key in enumerate(keys):
        r, c = divmod(j, ncols)
        box = (left + c * width / ncols, bottom + (nrows - 1 - r) * height / nrows, width / ncols * 0.98,
               height / nrows * 0.9)
        pax = fig.add_axes(box)
        choropleth(frames[key], column, classes=cl, lang=lang, ax=pax, crs=crs, unit=unit)
        if pax.get_legend():
            pax.get_legend().remove()
        pax.set_title(str(key), fontsize=10, fontfamily=FONT, loc="left")
        panels[key] = pax
    total = _reclassify(cl, allv)
    legend = fig.legend(handles=_legend_handles(total, False, lang), title=(unit if unit and unit != "%" else column),
                        loc="upper left", bbox_to_anchor=(_SIDE_X, 0.86), frameon=False, fontsize=9,
                        prop={"family": FONT, "size": 9})
    _titles(fig, title, None)
    _source_line(fig, source, lang)
    first = panels[keys[0]]
    allframes = gpd.GeoDataFrame(
        pd.concat([f.assign(**{by: key}) for key, f in frames.items()], ignore_index=True),
        crs=frames[keys[0]].crs)
    return Map(fig, first, legend, total, allframes, column, crs, panels, paper)


def explore(
    gdf: gpd.GeoDataFrame,
    column: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    cmap: str = "YlOrRd",
    lang: str = "en",
    tiles: str | None = None,
    simplify: float | None = 0.002,
    **kwargs,
):
    """An interactive map (folium) with tooltips of names, value and KATO.

    No tile layer by default, so building and saving the map needs no network
    (``m.save("map.html")``); pass ``tiles="OpenStreetMap"`` (or any folium tiles) for a
    basemap. Units without a value are drawn grey and labelled "no data". Geometry is
    simplified by ``simplify`` degrees (default 0.002°, about 200 m; ``None`` keeps it all)
    with coverage simplification, so neighbours still share their borders; the page of
    the 224 districts shrinks from 1.8 MB to 0.95 MB. Opening the saved HTML loads
    Leaflet's JavaScript from its CDN, as every folium map does.
    """
    try:
        import folium  # noqa: F401
    except ImportError as exc:  # pragma: no cover - folium is a dependency
        raise ImportError("explore() needs folium: pip install folium") from exc
    name = _name_column(lang)
    if simplify:
        # coverage simplification keeps shared borders shared: no slivers between units
        gdf = gdf.copy()
        gdf["geometry"] = gdf.geometry.simplify_coverage(simplify)
    tooltip = [c for c in (name, column, "kato") if c and c in gdf.columns]
    opts: dict = dict(tiles=tiles, tooltip=tooltip, style_kwds={"weight": 0.6, "color": "white"})
    if column is not None:
        if column not in gdf.columns:
            raise KeyError(f"no column {column!r}")
        key = SCHEMES.get(scheme.lower(), scheme)
        opts.update(column=column, cmap=cmap, scheme=key, k=k, legend=True,
                    missing_kwds={"color": "#dddddd", "label": NO_DATA[lang]})
    opts.update(kwargs)
    return gdf.explore(**opts)
