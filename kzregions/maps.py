"""Maps of Kazakhstan's units, drawn with matplotlib in the conformal conic for Kazakhstan.

Functions return matplotlib objects and never change global matplotlib state (rcParams,
the current figure): users can keep editing what they get.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._crs import CONFORMAL

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Paper sizes in inches (landscape: width, height).
PAPER = {"A4": (11.69, 8.27), "A3": (16.54, 11.69), "A5": (8.27, 5.83), "letter": (11.0, 8.5)}

# DejaVu Sans ships with matplotlib and covers the Kazakh letters (Қ ғ ү ұ ө ә ң һ і)
FONT = "DejaVu Sans"


def _name_column(lang: str) -> str:
    cols = {"en": "name_en", "kk": "name_kk", "ru": "name_ru"}
    if lang not in cols:
        raise ValueError(f"lang={lang!r}: use 'en', 'kk' or 'ru'")
    return cols[lang]


def plot_units(
    gdf: gpd.GeoDataFrame,
    lang: str = "en",
    labels: bool = True,
    title: str | None = None,
    paper: str = "A4",
    crs: str = CONFORMAL,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
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
    title : str, optional
        Title above the map.
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper size of a new figure.
    crs : str
        Map projection; default the Lambert conformal conic for Kazakhstan.
    ax : matplotlib Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    (Figure, Axes)
    """
    import matplotlib.pyplot as plt
    from matplotlib import colormaps

    from . import ATTRIBUTION

    if gdf.crs is None:
        from .errors import CRSMismatchError

        raise CRSMismatchError("the GeoDataFrame has no CRS; kzregions layers are EPSG:4326")
    name = _name_column(lang)
    proj = gdf.to_crs(crs)
    if ax is None:
        fig, ax = plt.subplots(figsize=PAPER[paper], layout="constrained")
    else:
        fig = ax.figure
    cmap = colormaps["tab20"]
    colors = [cmap(i % 20) for i in range(len(proj))]
    proj.plot(ax=ax, color=colors, edgecolor="white", linewidth=0.6, alpha=0.85)
    ax.set_axis_off()
    ax.set_aspect("equal")
    if title:
        ax.set_title(title, fontsize=15, fontfamily=FONT, loc="left")
    if labels:
        fig.canvas.draw()  # labels are measured in display space: fix the layout first
        _label(ax, proj, name)
    fig.text(0.01, 0.01, ATTRIBUTION, fontsize=7, color="0.35", fontfamily=FONT)
    return fig, ax


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


def _label(ax, proj, name: str, fontsize: float = 8) -> list:
    """Label units without overlaps: cities of republican significance first (marker and
    call-out), then the others by decreasing area; a label is dropped if it would overlap
    one already placed or stick out of its unit by more than 40 %."""
    import numpy as np
    import shapely
    from shapely.geometry import box

    from .data import KIND_CITY_REP

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    pts = label_points(proj.geometry.values)
    order = sorted(range(len(proj)), key=lambda i: (not cities[i], -proj.geometry.values[i].area))
    placed, texts = [], []
    for i in order:
        if pts[i] is None:
            continue
        x, y, text = pts[i].x, pts[i].y, proj[name].iloc[i]
        if cities[i]:
            ax.plot(x, y, marker="o", ms=5, mfc="black", mec="white", mew=0.8, zorder=5)
            t = ax.annotate(text, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=fontsize,
                            fontfamily=FONT, fontweight="bold", zorder=6,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
        else:
            t = ax.annotate(text, (x, y), ha="center", va="center", fontsize=fontsize, fontfamily=FONT,
                            zorder=4)
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
