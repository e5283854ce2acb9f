"""Pieces of an atlas sheet that depend on the data: the sheets and their headings, the
oblast outlines, the locator map, the neighbouring units and their names, and the sheets
``only=`` asks for. Used by :mod:`kzregions.plotting.atlas`."""

from __future__ import annotations

import re

from .._i18n import category, name_column, text
from .._messages import OneOf, Phrase, keyed
from .._schema import KIND_CITY_REP, VINTAGES
from ..errors import EmptyRegionError, InvalidArgumentError, InvalidInputError, MissingColumnError
from . import _furniture as fu
from . import _pages as pg
from ._clip import draw, plot_in_view

NEIGHBOUR_COLOR = fu.HOME_COLOR  # neighbouring oblasts: Kazakhstan's warm grey, not the grey of other countries
HIGHLIGHT = "#b2182b"


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "sheet"


def groups(proj, by, lang: str, vintage: int) -> list:
    """(key, heading, row mask, file slug, English name) per sheet, in page order."""
    if isinstance(by, str) and by == "oblast":
        if "oblast_kato" not in proj:
            raise MissingColumnError("by='oblast' needs an 'oblast_kato' column (kzregions district frames "
                                     "have one); or pass by=<column> or a ProgrammeRegion")
        names = oblast_names(vintage, lang)
        out = []
        for key in sorted(proj["oblast_kato"].dropna().unique()):
            mask = (proj["oblast_kato"] == key).to_numpy()
            en = names.get(key, ("", key))[1]
            heading = names.get(key, (None,))[0] or (str(proj.loc[mask, "oblast_en"].iloc[0])
                                                    if "oblast_en" in proj else str(key))
            out.append((str(key), heading, mask, f"{key[:2]}-{slug(en)}", en))
        return out
    if isinstance(by, str):
        if by not in proj:
            raise MissingColumnError(f"by={by!r}: no such column (columns: {list(proj.columns)}); use "
                                     "'oblast' or a ProgrammeRegion")
        return [(str(v), str(category(v, lang)), (proj[by] == v).to_numpy(), slug(str(v)), str(v))
                for v in sorted(proj[by].dropna().unique(), key=str)]
    members = getattr(by, "members", None)
    if members is None or "zone" not in members:
        raise InvalidInputError(f"by={type(by).__name__}: use 'oblast', a column name or a ProgrammeRegion")
    out = []
    for z in by.zones:
        katos = set(members.loc[members["zone"] == z, "kato"])
        mask = proj["kato"].isin(katos).to_numpy()
        if not mask.any():
            continue
        # the heading in the page's language ("Zone of ecological disaster"), not the zone's key
        out.append((str(z), str(category(z, lang)), mask, slug(str(z)), str(z)))
    if not out:
        raise EmptyRegionError(f"no unit of the frame is a member of {getattr(by, 'name', 'the region')!r}: "
                         "are they on the same boundary set (vintage)?")
    return out


def oblast_names(vintage: int, lang: str) -> dict:
    """KATO -> (heading in ``lang``, English name) of each oblast and city of the set."""
    from ..boundaries import oblasts

    try:
        obl = oblasts(vintage)
    except fu.FURNITURE_ERRORS as exc:
        fu.left_off("neighbouring oblast names", exc)
        return {}
    col = name_column(lang)

    def heading(r):
        nm = getattr(r, col)
        # "область Абай": the official name carries the word already
        if r.kind == KIND_CITY_REP or re.search(r"(^|\s)(область|облысы|oblast)(\s|$)", nm):
            return nm[:1].upper() + nm[1:]  # a heading starts with a capital: «Область Абай»
        return text("oblast_of", lang).format(name=nm)

    return {r.kato: (heading(r), r.name_en) for r in obl.itertuples()}


def country_outlines(proj, vintage: int, crs: str):
    """Oblast outlines for the locator maps and the neighbouring borders (projected)."""
    import geopandas as gpd

    from ..boundaries import oblasts

    try:
        obl = oblasts(vintage).to_crs(crs)
        return gpd.GeoDataFrame({"kato": obl["kato"].to_numpy(),
                                 **{f"name_{lg}": obl[f"name_{lg}"].to_numpy() for lg in ("en", "kk", "ru")}},
                                geometry=obl.geometry.to_numpy(), crs=crs)
    except fu.FURNITURE_ERRORS as exc:
        fu.left_off("the oblasts of the locator maps (the frame's own outline is drawn instead)", exc)
        if "oblast_kato" not in proj:
            return gpd.GeoDataFrame({"kato": ["all"]}, geometry=[proj.union_all()], crs=crs)
        d = proj.dissolve("oblast_kato").reset_index()
        return gpd.GeoDataFrame({"kato": d["oblast_kato"]}, geometry=d.geometry, crs=crs)


def locator(fig, box, country, page_geom, view, lang) -> None:
    """Kazakhstan (``country``: oblasts simplified for a thumbnail) with the sheet's unit in red
    and the main map's frame dashed, in the top left of ``box`` (figure fractions) at one
    scale on both axes, under the title "Location in Kazakhstan".

    Drawn on the page itself through a transform, as an axes with an equal aspect anchored
    top left would place it: an axes per sheet (its ticks, spines and title placement) cost
    more than the thumbnail.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Affine2D, Bbox, ScaledTranslation, TransformedBbox

    x0, y0, x1, y1 = fu.padded_bounds(country.total_bounds)  # the extent fu.frame gives a map
    fw, fh = fig.get_size_inches()
    bx, by, bw, bh = box
    scale = min(bw * fw / (x1 - x0), bh * fh / (y1 - y0))  # inches per metre
    left, top = bx * fw, (by + bh) * fh
    to_page = Affine2D().translate(-x0, -y1).scale(scale).translate(left, top) + fig.dpi_scale_trans
    clip = TransformedBbox(Bbox([[x0, y0], [x1, y1]]), to_page)
    on_page = {"transform": to_page, "clip_box": clip}
    draw(fig, country.geometry.values, facecolor="0.88", edgecolor="white", linewidth=0.4, **on_page)
    draw(fig, page_geom.geometry.values, facecolor=HIGHLIGHT, edgecolor=HIGHLIGHT, linewidth=0.6, **on_page)
    xmin, ymin, xmax, ymax = view
    fig.add_artist(Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, fill=False, edgecolor="0.25",
                             linewidth=0.6, linestyle=(0, (2, 1.5)), **on_page))
    if page_geom.area.sum() < 0.004 * country.area.sum():  # a city: a dot would be lost, ring it
        c = page_geom.union_all().centroid
        fig.add_artist(Line2D([c.x], [c.y], linestyle="none", marker="o", ms=9, mfc="none", mec=HIGHLIGHT,
                              mew=1.4, zorder=2, **on_page))
    # where an axes' left title stands: on its top left corner, 3 points up, on the baseline
    title_at = fig.dpi_scale_trans + ScaledTranslation(0, 3 / 72, fig.dpi_scale_trans)
    fig.text(left, top, text("location", lang), transform=title_at, fontsize=8, fontfamily=fu.FONT,
             color="0.2", ha="left", va="baseline")


#: A neighbouring oblast is named when this share of the view shows it (a city of
#: republican significance always: Astana on the Akmola sheet).
NEIGHBOUR_SHARE = 0.02
#: Candidate label points per side of the grid tried when the pole of inaccessibility of a
#: neighbour's visible part is taken (by the north arrow, the scale bar, a lake's name).
GRID = 24
#: Share of a neighbour's name box that may lie over the sheet's own units.
OVER_OWN = 0.12


def draw_neighbours(ax, proj, mask, view, country, page_keys):
    """Neighbouring units in grey and the borders of the neighbouring oblasts; returns the
    neighbouring oblasts and cities in view (to be named once the view is final)."""
    from shapely.geometry import box

    vbox = box(*view)
    idx = proj.sindex.query(vbox, predicate="intersects")
    others = proj.iloc[[i for i in idx if not mask[i]]]
    if len(others):
        plot_in_view(ax, others.geometry, view, facecolor=NEIGHBOUR_COLOR, edgecolor="white", linewidth=0.35,
                        zorder=0.5)
    near = country[~country["kato"].isin(page_keys)]
    near = near.iloc[near.sindex.query(vbox, predicate="intersects")]
    if len(near):
        plot_in_view(ax, near.boundary, view, color="0.62", linewidth=0.7, zorder=0.6)
    return near


def _candidates(part, n: int = GRID):
    """Points inside ``part`` (projected metres), best first: the pole of inaccessibility of
    its largest piece, then a grid over it ordered by distance to its edge (farthest first).
    A generator: the grid is only built when the pole does not take the name."""
    import numpy as np
    import shapely

    first = fu.label_points([part])[0]
    if first is not None:
        yield first
    x0, y0, x1, y1 = part.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, n + 2)[1:-1], np.linspace(y0, y1, n + 2)[1:-1])
    pts = shapely.points(xs.ravel(), ys.ravel())
    pts = pts[shapely.contains(part, pts)]
    depth = shapely.distance(pts, shapely.boundary(part))
    yield from pts[np.argsort(-depth)]


def _spot(part, w, h, frame, taken, to_disp, to_data, own):
    """The first candidate point of ``part`` where a ``w`` x ``h`` pixel box lies inside
    ``frame``, clear of the ``taken`` boxes and (``own`` given) mostly off the sheet's units."""
    import shapely
    from shapely.geometry import box

    for pt in _candidates(part):
        cx, cy = to_disp((pt.x, pt.y))
        x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
        if x0 < frame.x0 or x1 > frame.x1 or y0 < frame.y0 or y1 > frame.y1:
            continue
        if any(t.x0 < x1 and t.x1 > x0 and t.y0 < y1 and t.y1 > y0 for t in taken):
            continue
        if own is not None:  # the name lies on the neighbour, not on the sheet's units
            (dx0, dy0), (dx1, dy1) = to_data([(x0, y0), (x1, y1)])
            rect = box(dx0, dy0, dx1, dy1)
            if shapely.intersection(rect, own).area > OVER_OWN * rect.area:
                continue
        return pt
    return None


def name_neighbours(ax, near, own, lang: str, obstacles=()) -> list:
    """Name each neighbouring oblast and city where it shows, clear of the sheet's own units,
    of ``obstacles`` (north arrow, scale bar, water names) and of each other, wholly inside
    the map. A name whose best point is taken moves to the next point of the neighbour's
    visible part (:func:`_candidates`); it is left off only if no point takes it. Returns
    the texts drawn (obstacles for the sheet's own labels)."""
    import shapely
    from matplotlib import patheffects
    from shapely.geometry import box

    from .._schema import CITY_PREFIXES
    from . import _labels

    col = f"name_{lang}"
    if col not in near or not len(near):
        return []
    renderer = ax.figure._get_renderer()
    (vx0, vx1), (vy0, vy1) = ax.get_xlim(), ax.get_ylim()
    vbox = box(vx0, vy0, vx1, vy1)
    free = shapely.difference(vbox, own)
    frame = ax.get_window_extent(renderer).padded(-3)
    taken = [o.get_window_extent(renderer).padded(3) for o in obstacles]
    to_disp, to_data = ax.transData.transform, ax.transData.inverted().transform
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    out = []
    for geom, nm, kato in zip(near.geometry.values, near[col], near["kato"]):
        city = str(kato)[:2] in CITY_PREFIXES and str(kato).endswith("0000000")
        part = shapely.intersection(geom, vbox if city else free)
        if part.is_empty or (part.area < NEIGHBOUR_SHARE * vbox.area and not city):
            continue
        size, weight = (8.0, "bold") if city else (8.5, "normal")
        style = dict(fontsize=size, color="0.25" if city else "0.45", style="italic", fontweight=weight,
                     fontfamily=fu.FONT, ha="center", va="center")
        spot = None
        # the name on one line, else broken over two ("Западно-\nКазахстанская") for a strip
        for label in dict.fromkeys([str(nm), _labels.split_lines(str(nm)) or str(nm)]):
            bb = _labels.measure(ax.figure, label, **style)
            spot = _spot(part, bb.width + 4, bb.height + 4, frame, taken, to_disp, to_data,  # + the halo
                         None if city else own)
            if spot is not None:
                break
        if spot is None:
            import warnings

            warnings.warn(f"the name of the neighbouring unit {nm!r} left off the sheet: no free place for it "
                          "in the map's view (the locator map still shows where the sheet lies)", UserWarning,
                          stacklevel=3)
            continue
        t = ax.text(spot.x, spot.y, label, zorder=11 if city else 5, path_effects=halo, **style)
        pg.text_over_halo([t])
        taken.append(t.get_window_extent(renderer).padded(2))
        out.append(t)
    return out


def select_only(groups: list, only, vintage: int, oblast_sheets: bool) -> list:
    """The sheets ``only`` names, in page order. Each entry is a KATO code, a heading, an
    English name or (oblast sheets) any name :func:`kzregions.resolve` knows at level 1
    ("Abai", "Turkistan", "Акмолинская обл."); every entry that names no sheet is reported
    at once with the closest candidates."""
    import difflib

    from ..errors import AmbiguousRegionError, UnknownRegionError
    from ..names import resolve

    if isinstance(only, (str, bytes)) or not hasattr(only, "__iter__"):
        only = [only]
    by_word: dict[str, set[int]] = {}  # "Almaty": the city's sheet and the oblast's (English name)
    for i, g in enumerate(groups):
        for w in (g[0], g[1], g[4]):
            by_word.setdefault(str(w).casefold(), set()).add(i)
    keys = {g[0]: i for i, g in enumerate(groups)}
    chosen: set[int] = set()
    bad: list[Phrase] = []
    for entry in only:
        word = str(entry).strip().casefold()
        if word in by_word:
            chosen |= by_word[word]
            continue
        why: Phrase | str = ""
        if oblast_sheets:
            try:
                m = resolve(entry, level=1, vintage=vintage if vintage in VINTAGES else None)
                if m.kato in keys:
                    chosen.add(keys[m.kato])
                    continue
                why = Phrase("only_no_sheet", name=getattr(m, "name_en", m.kato), kato=m.kato)
            except AmbiguousRegionError as e:
                hits = [keys[c.kato] for c in e.candidates if c.kato in keys]
                why = Phrase("only_could_be", options=OneOf(f"{groups[i][4]} ({groups[i][0]})" for i in hits)) \
                    if hits else str(e)
            except UnknownRegionError as e:
                why = Phrase("only_closest", names=", ".join(map(str, e.suggestions[:4]))) if e.suggestions else ""
        if not why:
            close = difflib.get_close_matches(str(entry), [str(g[4]) for g in groups], n=4, cutoff=0.5)
            why = Phrase("only_closest", names=", ".join(close)) if close else Phrase("only_no_such")
        bad.append(Phrase("only_entry", entry=entry, why=why))
    if bad:  # said in three languages at the command line (issue 26)
        raise keyed(InvalidArgumentError, "only", "only", only, n_bad=len(bad), n=len(only), entries=bad,
                    sheets=", ".join(str(g[4]) for g in groups[:6]) + (", ..." if len(groups) > 6 else ""))
    return [g for i, g in enumerate(groups) if i in chosen]
