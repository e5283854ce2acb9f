"""City insets: Astana, Almaty and Shymkent (their districts) in a row below a district map,
all at one stated scale, each with its own scale bar, and a frame on the main map marking
what each shows. Nothing here is public API; :mod:`kzregions.plotting.maps` uses it."""

from __future__ import annotations

import math

from .._i18n import CITY_NAMES, text
from ._furniture import FONT, INSET_ROW, draw_classes, hatch_missing, nice_length
from .classes import Classes


def inset_scale(fig, subs: list, width_frac: float) -> tuple[float, int]:
    """The half-width (metres) of the square view every inset shows, and the scale
    denominator it makes on paper: the largest city with a margin, rounded up to a scale of
    a round series (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5), so that the three cities are drawn at one stated scale."""
    fw, _ = fig.get_size_inches()
    box_m = width_frac * fw * 0.0254  # the inset's width on paper, metres
    need = max(max(b[2] - b[0], b[3] - b[1]) for b in (s.total_bounds for s in subs)) * 1.08
    denom = need / box_m
    exp = 10 ** math.floor(math.log10(denom))
    nice = next(m * exp for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10) if m * exp >= denom)
    return nice * box_m / 2, int(round(nice))


def inset_scalebar(iax, lang: str) -> list:
    """A plain scale bar in the inset's lower left: one black bar and its length in km."""
    from matplotlib.patches import Rectangle

    x0, x1 = iax.get_xlim()
    y0, y1 = iax.get_ylim()
    length = nice_length((x1 - x0) * 1.6)  # about a third of the inset
    bx, by = x0 + 0.06 * (x1 - x0), y0 + 0.06 * (y1 - y0)
    bar = iax.add_patch(Rectangle((bx, by), length, (y1 - y0) * 0.025, facecolor="black", edgecolor="none",
                                  zorder=8))
    t = iax.text(bx, by + (y1 - y0) * 0.045, f"{length / 1000:g}\u00a0{text('km', lang)}", fontsize=6,
                 fontfamily=FONT, ha="left", va="bottom", zorder=8)
    halo_text(t)
    return [bar, t]


def halo_text(t, width: float = 1.8) -> None:
    """A white halo under a plain ``ax.text`` (a stroked copy below it, the text stays text)."""
    from matplotlib import patheffects

    ax = t.axes
    h = ax.text(*t.get_position(), t.get_text(), fontsize=t.get_fontsize(), fontfamily=FONT, ha=t.get_ha(),
                va=t.get_va(), color="white", zorder=t.get_zorder() - 0.01,
                path_effects=[patheffects.Stroke(linewidth=width, foreground="white")])
    h.set_gid("halo")


def city_insets(fig, proj, cl: Classes | None, lang: str, colors=None, missing: dict | None = None,
                ax=None) -> dict:
    """Inset maps of Astana, Almaty and Shymkent (their districts), in a row below the map,
    coloured by the classes ``cl`` or, for categorical maps, by ``colors`` (one per unit).

    All three are drawn at one scale (stated under them, and each has its own scale bar);
    on the main map ``ax`` a frame marks what each inset shows.
    """
    import numpy as np
    from matplotlib.patches import Rectangle

    city_names = CITY_NAMES[lang]
    left, bottom, height = INSET_ROW
    fw, fh = fig.get_size_inches()
    width = height * fh / fw  # square boxes
    cities = [(p, n, proj[proj["kato"].str[:2] == p]) for p, n in city_names.items()]
    cities = [c for c in cities if not c[2].empty]
    if not cities:
        return {}
    half, denom = inset_scale(fig, [c[2] for c in cities], width)
    out = {}
    for slot, (prefix, cname, sub) in enumerate(cities):
        iax = fig.add_axes((left + slot * (width + 0.012), bottom, width, height))
        iax.set_anchor("N")  # titles in one row whatever each city's shape
        if cl is not None:
            draw_classes(iax, sub, cl, missing)
        else:
            idx = np.flatnonzero((proj["kato"].str[:2] == prefix).to_numpy())
            sub.plot(ax=iax, color=[colors[j] for j in idx], edgecolor="white", linewidth=0.35)
            miss = (sub["_missing"].to_numpy() if "_missing" in sub else np.zeros(len(sub), bool))
            hatch_missing(iax, sub, miss, missing)
        sub.boundary.plot(ax=iax, color="0.2", linewidth=0.4)
        xmin, ymin, xmax, ymax = sub.total_bounds
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        iax.set_xlim(cx - half, cx + half)
        iax.set_ylim(cy - half, cy + half)
        iax.set_aspect("equal")
        iax.set_xticks([])
        iax.set_yticks([])
        iax.set_xlabel("")
        iax.set_ylabel("")
        for sp in iax.spines.values():
            sp.set_edgecolor("0.4")
            sp.set_linewidth(0.6)
        iax.set_title(cname, fontsize=8, fontfamily=FONT, pad=2, loc="left")
        inset_scalebar(iax, lang)
        if ax is not None:  # where the inset is, on the main map
            ax.add_patch(Rectangle((cx - half, cy - half), 2 * half, 2 * half, fill=False, edgecolor="0.15",
                                   linewidth=0.7, zorder=8))
        out[cname] = iax
    caption = text("insets_scale", lang).format(scale=f"{denom:,}".replace(",", "\u202f"))
    fig.text(left + len(cities) * (width + 0.012), bottom, caption, fontsize=7, color="0.3", fontfamily=FONT,
             ha="left", va="bottom")
    return out
