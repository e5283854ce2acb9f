"""Pieces of an atlas page that do not depend on the data: map limits to an axes' shape,
the ruled table, the legend column, notes, the footer with the page number, and labels
kept as text under their halo. Used by :mod:`kzregions.plotting.atlas`."""

from __future__ import annotations

from functools import lru_cache

from .._i18n import text
from . import _furniture as fu


def view(bounds, box_in: tuple[float, float], pad: float = 0.05):
    """Map limits around ``bounds`` with the axes' aspect, so that the neighbours fill the frame."""
    xmin, ymin, xmax, ymax = bounds
    w, h = xmax - xmin, ymax - ymin
    span = max(w, h) * pad
    xmin, xmax, ymin, ymax = xmin - span, xmax + span, ymin - span, ymax + span
    w, h = xmax - xmin, ymax - ymin
    target = box_in[0] / box_in[1]
    if w / h < target:
        extra = (h * target - w) / 2
        xmin, xmax = xmin - extra, xmax + extra
    else:
        extra = (w / target - h) / 2
        ymin, ymax = ymin - extra, ymax + extra
    return xmin, ymin, xmax, ymax


def footer(fig, source, lang, page_text, width_in: float):
    """Source and attribution (wrapped to the page) on the left, the page number on the right."""
    src = f"{text('source', lang)}: {source}. " if source else ""
    body = wrap_to_width(fig, src + text("attribution", lang) + ".", width_in - 1.4, 7)
    fig.text(0.015, 0.018, body, fontsize=7, color="0.3", fontfamily=fu.FONT, ha="left", va="bottom",
             linespacing=1.25)
    if page_text:
        fig.text(0.985, 0.018, page_text, fontsize=8, color="0.2", fontfamily=fu.FONT, ha="right", va="bottom")


def wrap_to_width(fig, s: str, width_in: float, fontsize: float) -> str:
    """``s`` broken into lines no wider than ``width_in`` inches in the page font at
    ``fontsize`` points, measured at the figure's resolution (a count of characters misjudges
    Cyrillic, whose letters are wider than Latin ones on average)."""
    return _wrapped(str(s), float(width_in), float(fontsize), float(fig.dpi))


@lru_cache(maxsize=512)
def _wrapped(s: str, width_in: float, fontsize: float, dpi: float) -> str:
    # the same notes and source line stand on every page of an atlas: measured word by word
    # once (1.5 s of a 21-page atlas when measured on every page)
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(1, 1, dpi)
    prop = FontProperties(family=fu.FONT, size=fontsize)
    limit = width_in * renderer.points_to_pixels(72.0)
    lines: list[str] = []
    cur = ""
    for word in s.split():
        trial = f"{cur} {word}" if cur else word
        if not cur or renderer.get_text_width_height_descent(trial, prop, ismath=False)[0] <= limit:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    return "\n".join(lines + ([cur] if cur else []))


def in_box(fig, box):
    """The transform from fractions of ``box`` (left, bottom, width, height in figure
    fractions) to the page: what an axes' ``transAxes`` gives, without an axes.

    The table and the notes of a sheet are text and rules in a box of the page; an axes
    apiece (ticks, spines, a clip path for every artist) cost more than drawing them.
    """
    from matplotlib.transforms import Bbox, BboxTransformTo, TransformedBbox

    return BboxTransformTo(TransformedBbox(Bbox.from_bounds(*box), fig.transFigure))


def note(fig, box, lines, fontsize: float = 6.5):
    """Notes in ``box`` of the page (figure fractions), from its bottom left corner up, each
    wrapped to the box's width."""
    width_in = box[2] * fig.get_size_inches()[0]
    body = "\n".join(wrap_to_width(fig, s, width_in, fontsize) for s in lines)
    fig.text(0.0, 0.0, body, transform=in_box(fig, box), fontsize=fontsize, color="0.35", fontfamily=fu.FONT,
             ha="left", va="bottom", linespacing=1.3)


#: Corners of a map taken by the north arrow and the scale bar (axes fractions x0, y0, x1, y1).
FURNITURE_BOXES = ((0.0, 0.80, 0.11, 1.0), (0.0, 0.0, 0.45, 0.12))


def clear_of_furniture(ax, texts) -> list:
    """Drop the unit labels that would run into the north arrow or the scale bar (the
    sheet's table still names every unit)."""
    renderer = ax.figure._get_renderer()
    to_axes = ax.transAxes.inverted()
    kept = []
    for t in texts:
        (x0, y0), (x1, y1) = to_axes.transform(t.get_window_extent(renderer).get_points())
        if any(x0 < bx1 and x1 > bx0 and y0 < by1 and y1 > by0 for bx0, by0, bx1, by1 in FURNITURE_BOXES):
            t.remove()
        else:
            kept.append(t)
    return kept


def text_over_halo(texts) -> None:
    """Keep haloed labels as text in the PDF: a text with a path effect is drawn as outlines
    (not searchable, not selectable), so the halo becomes a stroke-only copy and the label
    itself is drawn again on top as plain text."""
    from matplotlib import patheffects

    for t in texts:
        effects = t.get_path_effects()
        if not effects:
            continue
        ax = t.axes
        plain = ax.annotate(t.get_text(), t.xy, xytext=t.xyann, textcoords=t.anncoords, fontsize=t.get_fontsize(),
                            fontfamily=fu.FONT, fontweight=t.get_fontweight(), fontstyle=t.get_fontstyle(),
                            color=t.get_color(), ha=t.get_ha(), va=t.get_va(), zorder=t.get_zorder() + 0.01) \
            if hasattr(t, "xyann") else \
            ax.text(*t.get_position(), t.get_text(), fontsize=t.get_fontsize(), fontfamily=fu.FONT,
                    fontweight=t.get_fontweight(), fontstyle=t.get_fontstyle(), color=t.get_color(), ha=t.get_ha(),
                    va=t.get_va(), zorder=t.get_zorder() + 0.01)
        plain.set_clip_on(t.get_clip_on())
        t.set_path_effects([patheffects.Stroke(linewidth=2.2, foreground="white")])  # the halo alone


def legend(fig, anchor, cl, lang, missing, title, extra=(), counts=True):
    handles = fu.legend_handles(cl, counts, lang, missing) + list(extra)
    leg = fig.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=anchor, frameon=False,
                     fontsize=8, title_fontsize=8.5, alignment="left", borderaxespad=0.0, borderpad=0.0,
                     handlelength=1.6, prop={"family": fu.FONT, "size": 8})
    leg.get_title().set_fontfamily(fu.FONT)
    leg.get_title().set_fontweight("bold")
    return leg


def table(fig, box, rows, heads, fontsize: float = 8.0):
    """Rows of (colour, name, value text, rank text) as a ruled table that fits ``box``
    (figure fractions). Returns the bottom of the last row as a fraction of the box."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    tr = in_box(fig, box)
    h_pt = box[3] * fig.get_size_inches()[1] * 72
    fs = min(fontsize, h_pt / ((len(rows) + 1.6) * 1.6))  # shrink a long table to fit
    rh = fs * 1.6 / h_pt  # row height as a fraction of the box
    cols = (0.065, 0.62, 1.0)
    y = 1.0
    kw = dict(fontsize=fs, fontfamily=fu.FONT, va="center", transform=tr)

    def rule(at):
        fig.add_artist(Line2D([0, 1], [at, at], color="0.3", linewidth=0.6, transform=tr))

    fig.text(cols[0], y - rh / 2, heads[0], ha="left", fontweight="bold", **kw)
    fig.text(cols[1], y - rh / 2, heads[1], ha="right", fontweight="bold", **kw)
    fig.text(cols[2], y - rh / 2, heads[2], ha="right", fontweight="bold", **kw)
    rule(y - rh)
    y -= rh
    stripes, chips = [], []
    for j, (_, name, val, rk) in enumerate(rows):
        if j % 2 == 1:
            stripes.append(_rect(0, y - rh, 1, rh))
        chips.append(_rect(0.005, y - rh * 0.8, 0.04, rh * 0.6))
        fig.text(cols[0], y - rh / 2, name, ha="left", **kw)
        fig.text(cols[1], y - rh / 2, val, ha="right", **kw)
        fig.text(cols[2], y - rh / 2, rk, ha="right", **kw)
        y -= rh
    # the stripes and the colour chips as two collections, not a patch per row
    fig.add_artist(PolyCollection(stripes, facecolor="0.95", edgecolor="none", zorder=0, transform=tr,
                                  gid="table-stripes"))
    fig.add_artist(PolyCollection(chips, facecolor=[r[0] for r in rows], edgecolor="0.4", linewidth=0.3, zorder=1,
                                  transform=tr, gid="table-chips"))
    rule(y)
    return y


def _rect(x: float, y: float, w: float, h: float) -> list:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


def clip(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "\u2026"
