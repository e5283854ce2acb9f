"""An atlas for planning documents: one sheet per oblast (or per programme zone) in a
multi-page PDF, with a cover page holding the national map.

Each sheet shows the oblast's districts classed on one national classification (so colours
compare across pages), the neighbouring units in grey, a locator map of the oblast in
Kazakhstan, a table of the values with each unit's rank in the country, and the title,
source and page number in the chosen language. The paper orientation is chosen per sheet:
whichever draws the oblast at the larger scale.

Figures are bare :class:`matplotlib.figure.Figure` objects and the PDF font and compression
settings are made with ``rc_context`` around the writing only, so no global matplotlib state
changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._crs import CONFORMAL
from .._i18n import check_lang, count_phrase, indicator_title, name_column, text, unit_text
from .._schema import DEFAULT_VINTAGE
from .._validate import check_arguments, writable_path
from ..errors import InvalidArgumentError, InvalidInputError, MissingColumnError
from . import _furniture as fu
from . import _pages as pg
from . import _sheets as sh
from .classes import Classes, classify, fmt_number, reclassify, refuse_counts
from .maps import choropleth

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Sheet layouts in figure fractions (left, bottom, width, height). Landscape: the map on
#: the left, locator, legend and table in a column on the right. Portrait: the map across
#: the top, the table below it on the left, locator and legend on the right.
LAYOUTS: dict[str, dict[str, tuple[float, float, float, float]]] = {
    "landscape": {"map": (0.015, 0.075, 0.60, 0.80), "locator": (0.64, 0.715, 0.345, 0.16),
                  "side": (0.64, 0.075, 0.345, 0.62)},
    "portrait": {"map": (0.02, 0.445, 0.96, 0.44), "locator": (0.635, 0.30, 0.345, 0.115),
                 "table": (0.025, 0.06, 0.57, 0.365), "side": (0.635, 0.06, 0.345, 0.22)},
}
#: Sheet paper (the cover is always landscape).
PAPERS = ("A4", "A3")
NEIGHBOUR_COLOR = sh.NEIGHBOUR_COLOR
HIGHLIGHT = sh.HIGHLIGHT


@dataclass
class AtlasPage:
    """One sheet of an atlas.

    Attributes
    ----------
    number : int
        Page number in the PDF (the cover is page 1).
    key : str
        The oblast's KATO code, or the zone or group name.
    name : str
        The sheet's heading, in the atlas language.
    paper, orientation : str
        ``"A4"``/``"A3"`` and ``"portrait"``/``"landscape"``.
    table : pandas.DataFrame
        What the sheet's table shows: ``kato``, ``name``, ``value`` (the data, unrounded),
        ``rank`` (in the whole frame, 1 = highest; NaN without data), ``class`` (-1 without
        data), ``text`` (the value as printed).
    classes : Classes
        The classification the sheet was drawn with (counts of this sheet's units).
    """

    number: int
    key: str
    name: str
    paper: str
    orientation: str
    table: Any = field(repr=False)
    classes: Classes = field(repr=False)


@dataclass
class Atlas:
    """What :func:`atlas` wrote: the PDF, the sheets, the classes and any images.

    Attributes
    ----------
    path : Path or None
        The PDF written.
    pages : list of AtlasPage
        The sheets, in page order (the cover is page 1 and not in the list).
    classes : Classes
        The national classification (or the first sheet's, with ``per_page=True``).
    images : list of Path
        The page images, if asked for.

    Examples
    --------
    >>> import kzregions as kz
    >>> pop = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> pop = kz.derive(pop, density="population_start_of_year")  # a count is no choropleth
    >>> a = kz.atlas(pop, "population_start_of_year_density", path="atlas.pdf", lang="kk")  # doctest: +SKIP
    >>> len(a.pages)  # doctest: +SKIP
    20
    """

    path: Path | None
    pages: list[AtlasPage]
    classes: Classes = field(repr=False)
    images: list[Path] = field(default_factory=list)
    column: str = ""

    def __len__(self) -> int:  # pages including the cover
        return len(self.pages) + 1

    def __repr__(self) -> str:
        orient = {o: sum(p.orientation == o for p in self.pages) for o in ("portrait", "landscape")}
        return (f"<Atlas {self.column!r}: cover + {len(self.pages)} sheets ({orient['portrait']} portrait, "
                f"{orient['landscape']} landscape) -> {self.path}>")


def atlas(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    by: Any = "oblast",
    path: str | Path | None = "atlas.pdf",
    lang: str = "en",
    scheme: str = "auto",
    k: int = 5,
    cmap: str | None = None,
    classes: Classes | None = None,
    per_page: bool = False,
    classification_kwds: dict | None = None,
    legend_kwds: dict | None = None,
    missing_kwds: dict | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    decimals: int | None = None,
    paper: str = "A4",
    orientation: str = "auto",
    only: list | None = None,
    images: str | None = None,
    images_dir: str | Path | None = None,
    dpi: int = 150,
    cover: bool = True,
    progress: bool = True,
    crs: str = CONFORMAL,
) -> Atlas:
    """Write an atlas: a cover with the national map, then one sheet per oblast or zone.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Districts (or any units) of the whole country with the value ``column``, a ``kato``
        and, for ``by="oblast"``, an ``oblast_kato`` column (kzregions schema, e.g.
        ``kz.attach(kz.districts(2024), ...)``). Any CRS; drawn in ``crs``.
    column : str
        The value to map: a rate, density, share or per-capita value. A count or total
        (population, GRP) raises :class:`~kzregions.errors.ExtensiveVariableError`, as in
        :func:`kzregions.choropleth`: its colours would show the size of the units (map
        ``kz.derive(gdf, density=column)`` instead; ``classes=`` given is taken as a
        deliberate choice). NaN units are drawn hatched as "no data" and listed unranked.
    by : "oblast", str or ProgrammeRegion
        One sheet per oblast (in KATO order; the cities of republican significance get
        their own sheets of city districts), per value of a column of ``gdf``, or per
        zone of a :class:`~kzregions.ProgrammeRegion` (units whose KATO is a zone member).
    path : str or Path or None
        The PDF to write (``None``: no PDF, e.g. only ``images``).
    lang : {"en", "kk", "ru"}
        Language of every word on the pages and of the number format.
    scheme, k, cmap, classification_kwds
        The classification (see :func:`kzregions.classify`); computed once on every unit
        of ``gdf``, so a colour means the same value range on every sheet.
    classes : Classes, optional
        A classification to reuse instead (e.g. the one of another map).
    per_page : bool
        Classify each sheet's units on their own instead (colours then do not compare
        across pages; the sheets say so).
    legend_kwds : dict, optional
        ``title`` of the legend and of the table's value column (default the unit).
    missing_kwds : dict, optional
        Style of units without a value, as in :func:`kzregions.choropleth`.
    title : str, optional
        The indicator as it should read on every page (default the column name).
    subtitle : str, optional
        Second heading line (default "Districts, <vintage> boundaries").
    source : str, optional
        Data source; the boundary attribution is always added.
    unit : str, optional
        Unit of the values (default ``gdf.attrs["units"][column]`` if known).
    decimals : int, optional
        Decimals of the table values (default 0 for whole numbers, else 1 or 2).
    paper : {"A4", "A3"}
    orientation : {"auto", "portrait", "landscape"}
        "auto" picks, per sheet, the orientation that draws the unit at the larger scale.
    only : list, optional
        Sheets to draw (KATO codes, zone names, headings, English names or, for oblast
        sheets, any name :func:`kzregions.resolve` knows at level 1: "Abai", "Turkistan",
        "Акмолинская обл."), e.g. for a preview; ranks and national classes still use every
        unit of ``gdf``. An entry that names no sheet raises ``InvalidArgumentError`` naming
        every such entry with the closest names (none is dropped silently).
    images : {"png", "svg"}, optional
        Also write every page as an image into ``images_dir``.
    images_dir : str or Path, optional
        Where the page images go (default: a folder named after the PDF, ``atlas_pages/``).
    dpi : int
        Resolution of PNG pages (the PDF is vector).
    cover : bool
        Start with the cover (national map, legend and contents).
    progress : bool
        A progress bar over the pages (tqdm).
    crs : str
        Map projection (metres); default the Lambert conformal conic for Kazakhstan.

    Returns
    -------
    Atlas
        ``path``, ``pages`` (an :class:`AtlasPage` per sheet, with the table as printed),
        ``classes`` (the national classification) and ``images``.

    Examples
    --------
    >>> import kzregions as kz
    >>> pop = kz.panel("population_start_of_year", level="district", vintage=2024, years=2023)
    >>> gdf = kz.derive(kz.attach(kz.districts(2024), pop), density="population_start_of_year")
    >>> a = kz.atlas(gdf, "population_start_of_year_density", path="density.pdf", lang="ru",
    ...              title="Плотность населения на 1 января 2023 г.")  # doctest: +SKIP
    >>> len(a)  # cover + 20 sheets  # doctest: +SKIP
    21
    """
    import numpy as np
    from matplotlib import rc_context

    # tqdm.auto draws a widget bar in Jupyter, but in a kernel without ipywidgets it warns
    # (TqdmWarning: IProgress not found), even for a disabled bar: a plain text bar there
    from tqdm import tqdm

    if progress:
        from importlib.util import find_spec

        if find_spec("ipywidgets") is not None:
            from tqdm.auto import tqdm

    check_lang(lang)
    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} to map (columns: {list(gdf.columns)})")
    if "kato" not in gdf.columns:
        raise MissingColumnError("the atlas needs a 'kato' column naming each unit (kzregions schema)")
    check_arguments(atlas, locals())  # minutes of drawing follow: every bad value named first
    if not (isinstance(by, str) or hasattr(by, "members")):
        raise InvalidInputError(f"by={type(by).__name__}: use 'oblast', a column name or a ProgrammeRegion")
    if paper not in PAPERS:
        raise InvalidArgumentError(f"paper={paper!r}: an atlas is printed on {' or '.join(PAPERS)}")
    if orientation not in ("auto", "portrait", "landscape"):
        raise InvalidArgumentError(f"orientation={orientation!r}: use 'auto', 'portrait' or 'landscape'")
    if images not in (None, "png", "svg"):
        raise InvalidArgumentError(f"images={images!r}: use 'png' or 'svg' (or None for the PDF only)")
    if path is None and images is None:
        raise InvalidArgumentError("nothing to write: give path= (a PDF) and/or images='png' or 'svg'")
    if path is not None and writable_path("path", path).suffix.lower() != ".pdf":
        raise InvalidArgumentError(f"path={str(path)!r}: the atlas is a PDF; name it '*.pdf' (images: images='png')")
    legend_kwds = dict(legend_kwds or {})
    unit = unit if unit is not None else dict(getattr(gdf, "attrs", {}).get("units", {})).get(column)
    if classes is None:  # a count as colours shows the units' size: as choropleth, refused
        refuse_counts(column, unit, what="an atlas")
    missing = fu.missing_style(missing_kwds, lang)
    proj = fu.project(gdf, crs).reset_index(drop=True)
    values = proj[column].astype(float).to_numpy()
    bins = (classification_kwds or {}).get("bins")
    national = classes if classes is not None else classify(
        values, scheme=scheme, k=k, bins=bins, cmap=cmap, lang=lang, unit=unit,
        decimals=legend_kwds.get("decimals"))
    national = reclassify(national, values)
    rank = _ranks(values)
    vintage = int(proj["vintage"].iloc[0]) if "vintage" in proj else DEFAULT_VINTAGE
    groups = sh.groups(proj, by, lang, vintage)
    if only is not None:  # every entry must name a sheet: none is dropped silently
        groups = sh.select_only(groups, only, vintage, isinstance(by, str) and by == "oblast")
    country = sh.country_outlines(proj, vintage, crs)
    home = fu.country_in(crs)  # the country's outline, projected once for every sheet
    # units that tile the country hide its land fill on every sheet (neighbours are drawn):
    # the fill is then left off (a quarter of a sheet's vertices)
    tiled = home is not None and abs(proj.area.sum() - home.area.sum()) < 1e-4 * home.area.sum()
    thumb = country.assign(geometry=country.geometry.simplify(2000))  # 2 km: enough for a thumbnail
    title = title or _default_title(proj, column, lang)
    subtitle = subtitle if subtitle is not None else text("atlas_subtitle", lang).format(vintage=vintage)
    value_head = legend_kwds.get("title") or (_said(f"unit_{unit}", lang, unit_text(unit, lang))
                                               if unit and unit.strip() != "%"
                                               else None) or title
    dec = decimals if decimals is not None else _decimals(values)
    n_ranked = int((~np.isnan(values)).sum())
    first = 2 if cover else 1
    total = len(groups) + first - 1
    what = "atlas_of_zones" if not (isinstance(by, str) and by == "oblast") else "atlas_of_oblasts"
    what = f"{text(what, lang)}: {count_phrase('sheets', len(groups), lang)}"
    note = (text("classes_page", lang) if per_page else
            text("classes_national", lang).format(n=len(proj)))

    pdf_path = Path(path) if path is not None else None
    img_dir = None
    if images:
        img_dir = Path(images_dir) if images_dir is not None else \
            (pdf_path.with_name(pdf_path.stem + "_pages") if pdf_path else Path("atlas_pages"))
        img_dir.mkdir(parents=True, exist_ok=True)
    pages: list[AtlasPage] = []
    written: list[Path] = []
    meta = {"Title": f"{title}: {what}", "Creator": "kzregions",
            "Subject": subtitle}
    bar = tqdm(total=len(groups) + (1 if cover else 0), desc="atlas", unit="page", disable=not progress)
    # text stays text: TrueType fonts embedded in the PDF, SVG text as <text>; set only here
    from ._canvas import older_objects_frozen

    with rc_context({"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none",
                     "pdf.compression": _compression()}), older_objects_frozen():
        pdf = _open_pdf(pdf_path, meta)
        try:
            if cover:
                fig = _cover(proj, column, national, groups, first, country, home, lang=lang, title=title,
                             subtitle=f"{what} · {subtitle}", note=note,
                             source=source, unit=unit, missing=missing, paper=paper, crs=crs, total=total,
                             legend_title=value_head)
                written += _emit(fig, pdf, img_dir, images, dpi, 1, "cover")
                _release(fig)
                bar.update()
            for i, (key, name, mask, slug, _) in enumerate(groups):
                number = first + i
                page_cl = national
                if per_page:
                    sub_v = values[mask]
                    page_cl = classify(sub_v, scheme=scheme, k=k, bins=bins, cmap=cmap, lang=lang, unit=unit,
                                       decimals=legend_kwds.get("decimals")) if np.isfinite(sub_v).any() \
                        else national
                fig, page = _sheet(proj, mask, column, page_cl, rank, n_ranked, country, thumb, home, tiled,
                                   key=key, name=name, number=number, total=total, lang=lang, title=title, subtitle=subtitle,
                                   note=note, source=source, unit=unit, dec=dec, value_head=value_head,
                                   missing=missing, paper=paper, orientation=orientation, crs=crs)
                pages.append(page)
                written += _emit(fig, pdf, img_dir, images, dpi, number, slug)
                _release(fig)
                bar.update()
        finally:
            if pdf is not None:
                pdf.close()
            bar.close()
    return Atlas(pdf_path, pages, national, written, column)


# ----------------------------------------------------------------------------- pieces
def _said(key: str, lang: str, default):
    """The phrase ``key`` in ``lang`` if the translation table has it, else ``default``."""
    try:
        return text(key, lang)
    except KeyError:
        return default


def _default_title(proj, column: str, lang: str) -> str:
    """The indicator's title in ``lang`` with its year when the frame holds one year: the
    atlas phrase of a shipped indicator, else the catalogue title (derived columns too),
    else the column name."""
    years = proj["year"].dropna().unique() if "year" in proj else []
    if len(years) == 1:
        try:
            return text(f"title_{column}", lang).format(year=int(years[0]))
        except KeyError:
            pass
    t = indicator_title(column, lang)
    if t:
        return f"{t}, {int(years[0])}" if len(years) == 1 else t
    return column.replace("_", " ").capitalize()


#: zlib level of the atlas PDF where the user has not set one: on an atlas's 12 MB of page
#: content level 4 takes 0.32 s against 0.82 s at matplotlib's default 6, for a file 3 %
#: larger (4.41 against 4.27 MB); levels 1-3 cost 8-17 % in size for no more speed.
PDF_COMPRESSION = 4


def _compression() -> int:
    """The PDF's zlib level: :data:`PDF_COMPRESSION`, unless ``rcParams["pdf.compression"]``
    was changed from matplotlib's default (the user's choice is kept)."""
    import matplotlib

    user = matplotlib.rcParams["pdf.compression"]
    return PDF_COMPRESSION if user == matplotlib.rcParamsDefault["pdf.compression"] else user


def _open_pdf(path, meta):
    if path is None:
        return None
    from matplotlib.backends.backend_pdf import PdfPages

    path.parent.mkdir(parents=True, exist_ok=True)
    return PdfPages(path, metadata=meta)


def _emit(fig, pdf, img_dir, images, dpi, number, slug) -> list:
    if pdf is not None:
        pdf.savefig(fig)
    out = []
    if img_dir is not None:
        p = img_dir / f"page-{number:02d}-{slug}.{images}"
        fig.savefig(p, dpi=dpi)
        out.append(p)
    return out


def _release(fig) -> None:
    """Empty a written page at once. A figure is a web of reference cycles: left alone it
    waits for Python's cyclic collector, and every full collection while the next pages are
    drawn walks it again (0.15 s of a 21-page atlas)."""
    fig.clear()


def _ranks(values):
    """Rank of each value in the whole frame, 1 = highest; NaN without data (ties share the
    best rank, as in a league table)."""
    import numpy as np
    import pandas as pd

    return pd.Series(values).rank(ascending=False, method="min").to_numpy(dtype=float) \
        if np.isfinite(values).any() else np.full(len(values), np.nan)


def _decimals(values) -> int:
    import numpy as np

    v = values[np.isfinite(values)]
    if len(v) == 0 or np.all(np.abs(v - np.round(v)) < 1e-9):
        return 0
    return 1 if np.median(np.abs(v)) >= 10 else 2


def _choose_orientation(bounds, paper: str, orientation: str) -> str:
    if orientation != "auto":
        return orientation
    w, h = bounds[2] - bounds[0], bounds[3] - bounds[1]
    best, scale = "landscape", -1.0
    for o, lay in LAYOUTS.items():
        fw, fh = _size(paper, o)
        bw, bh = lay["map"][2] * fw, lay["map"][3] * fh
        s = min(bw / max(w, 1.0), bh / max(h, 1.0))
        if s > scale * 1.02:  # landscape unless portrait is clearly larger
            best, scale = o, s
    return best


def _size(paper: str, orientation: str) -> tuple[float, float]:
    w, h = fu.PAPER[paper]
    return (w, h) if orientation == "landscape" else (h, w)


def _sheet(proj, mask, column, cl, rank, n_ranked, country, thumb, home, tiled, *, key, name, number, total, lang, title,
           subtitle, note, source, unit, dec, value_head, missing, paper, orientation, crs):
    import numpy as np
    import pandas as pd
    from matplotlib.patches import Patch

    sub = proj[mask]
    orient = _choose_orientation(sub.total_bounds, paper, orientation)
    lay = LAYOUTS[orient]
    fw, fh = _size(paper, orient)
    from ._canvas import page

    fig = page((fw, fh))
    mbox = lay["map"]
    ax = fig.add_axes(mbox)
    view = pg.view(sub.total_bounds, (mbox[2] * fw, mbox[3] * fh))
    # an oblast sheet highlights the oblast itself; a zone or group sheet the union of its units
    page_keys = {key} if key in set(country["kato"]) else set()
    near = sh.draw_neighbours(ax, proj, mask, view, country, page_keys)
    # the context (countries, water) is drawn below once the view is final, with its names
    # the oblast borders over the units: the projected outlines every sheet shares
    outline = country[country["kato"].isin(set(sub["oblast_kato"]))] if "oblast_kato" in sub else []
    m = choropleth(sub, column, classes=cl, ax=ax, legend=False, lang=lang, crs=crs, unit=unit,
                   missing_kwds={k: v for k, v in missing.items()}, context=False,
                   outline=outline if len(outline) else "auto")
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("equal")
    ax.set_axis_on()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for sp in ax.spines.values():
        sp.set_edgecolor("0.5")
        sp.set_linewidth(0.6)
    ax.apply_aspect()
    # furniture first: the labels keep clear of it and of the neighbours' names; every
    # unit of the sheet is named (outside with a leader line where it is too small)
    furniture = fu.scalebar(ax, lang) + fu.north_arrow(ax, crs, lang)
    water = fu.context(ax, crs, lang=lang, detail=True, shape=home, home=not tiled)  # lakes, seas, countries and their names
    ax.set_xlabel("")  # geopandas labels the axes of a projected CRS ("Easting [metre]")
    ax.set_ylabel("")
    # the sheet's own territory: an oblast's outline where the sheet is an oblast (its units
    # tile it), else the union of the units
    own = country.geometry.values[(country["kato"] == key).to_numpy()][0] if page_keys else sub.union_all()
    named = sh.name_neighbours(ax, near, own, lang, obstacles=furniture + water)
    placed = fu.label_units(ax, m.data, name_column(lang), obstacles=furniture + named)
    fu.yield_to_units(water, placed)
    page_geom = thumb[thumb["kato"].isin(page_keys)] if page_keys else sub.dissolve().simplify(2000)
    fu.titles(fig, name, f"{title} · {subtitle}")  # the page's first texts: its heading
    sh.locator(fig, lay["locator"], thumb, page_geom, view, lang)

    # the table: the sheet's units by value, with their rank in the country
    names = sub[name_column(lang)] if name_column(lang) in sub else sub["kato"]
    tab = pd.DataFrame({"kato": sub["kato"].to_numpy(), "name": names.to_numpy(),
                        "value": sub[column].astype(float).to_numpy(), "rank": rank[mask],
                        "class": m.classes.yb})
    tab = tab.sort_values(["value", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)
    tab["text"] = [fmt_number(v, dec, lang) if np.isfinite(v) else "\u2013" for v in tab["value"]]
    rows = [(cl.colors[c] if c >= 0 else missing["color"], pg.clip(nm, 26), t,
             f"{int(r)}" if np.isfinite(r) else "\u2013")
            for c, nm, t, r in zip(tab["class"], tab["name"], tab["text"], tab["rank"])]
    heads = (text("unit_col", lang), pg.clip(value_head, 22), text("rank_col", lang).format(n=n_ranked))
    side = lay["side"]
    neighbour = Patch(facecolor=NEIGHBOUR_COLOR, edgecolor="0.62", linewidth=0.4, label=text("neighbours", lang))
    if orient == "landscape":
        leg = pg.legend(fig, (side[0], side[1] + side[3]), m.classes, lang, missing, value_head, [neighbour])
        bb = leg.get_window_extent(fig._get_renderer()).transformed(fig.transFigure.inverted())
        top = bb.y0 - 0.025
        tbox = (side[0], side[1] + 0.06, side[2], top - side[1] - 0.06)
        nbox = (side[0], side[1], side[2], 0.05)
    else:
        pg.legend(fig, (side[0], side[1] + side[3]), m.classes, lang, missing, value_head, [neighbour])
        tbox = lay["table"]
        nbox = (side[0], side[1], side[2], 0.045)
    pg.table(fig, tbox, rows, heads)
    pg.note(fig, nbox, [text("rank_note", lang), note])
    pg.footer(fig, source, lang, text("page_of", lang).format(n=number, total=total), fw)
    page = AtlasPage(number, key, name, paper, orient, tab, m.classes)
    return fig, page


def _cover(proj, column, cl, groups, first, country, home, *, lang, title, subtitle, note, source, unit, missing,
           paper, crs, total, legend_title):
    """The national map with each sheet's page number on its unit, the legend and the contents."""
    from ._canvas import page

    fw, fh = _size(paper, "landscape")
    fig = page((fw, fh))
    ax = fig.add_axes((0.015, 0.29, 0.72, 0.60))
    m = choropleth(proj, column, classes=cl, ax=ax, legend=False, lang=lang, crs=crs, unit=unit,
                   missing_kwds=dict(missing), context=False)
    country.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    fu.frame(ax, country)
    ax.set_anchor("N")
    ax.apply_aspect()
    fu.scalebar(ax, lang)
    fu.north_arrow(ax, crs, lang)
    water = fu.context(ax, crs, lang=lang, shape=home)  # the Caspian, Aral, Balkhash and the countries, named
    outlines = dict(zip(country["kato"], country.geometry.values))
    pts = fu.label_points([outlines[key] if key in outlines else proj[mask].union_all()
                           for key, _, mask, _, _ in groups])
    numbers = []
    for i, pt in enumerate(pts):
        if pt is None:
            continue
        numbers.append(ax.text(pt.x, pt.y, str(first + i), fontsize=7.5, fontweight="bold", fontfamily=fu.FONT, ha="center",
                va="center", zorder=12, color="0.1",
                bbox=dict(boxstyle="circle,pad=0.25", facecolor="white", edgecolor="0.2", linewidth=0.6)))
    fu.yield_to_units(water, numbers)
    fu.titles(fig, title, subtitle)
    pg.legend(fig, (0.76, 0.87), m.classes, lang, missing, legend_title)
    # contents in columns under the map
    box = (0.03, 0.075, 0.70, 0.19)
    cax = fig.add_axes(box)
    cax.set_axis_off()
    h_pt = box[3] * fh * 72
    per_col = max(1, -(-len(groups) // 4))
    fs = min(8.0, h_pt / ((per_col + 1.5) * 1.5))
    step = fs * 1.5 / h_pt
    ncol = -(-len(groups) // per_col)
    cw = 1.0 / max(ncol, 1)
    cax.text(0, 1, text("contents", lang), fontsize=fs + 0.5, fontweight="bold", fontfamily=fu.FONT, va="top",
             transform=cax.transAxes)
    for i, (_, name, _, _, _) in enumerate(groups):
        c, r = divmod(i, per_col)
        y = 1 - (r + 1.4) * step
        cax.text(c * cw, y, str(first + i), fontsize=fs, fontfamily=fu.FONT, va="top", ha="left",
                 fontweight="bold", transform=cax.transAxes)
        cax.text(c * cw + 0.03, y, pg.clip(name, 30), fontsize=fs, fontfamily=fu.FONT, va="top",
                 transform=cax.transAxes)
    pg.note(fig, (0.76, 0.075, 0.225, 0.06), [note])
    pg.footer(fig, source, lang, text("page_of", lang).format(n=1, total=total), fw)
    return fig
