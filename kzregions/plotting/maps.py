"""Maps for planning documents (matplotlib).

Every function returns objects the user can keep editing (a :class:`Map` holds the
matplotlib ``Figure`` and ``Axes``, the legend and the classes) and changes no global
state: figures are made with :class:`matplotlib.figure.Figure`, not pyplot, so nothing is
registered with a GUI backend and rcParams are never touched.

Page layout is fixed in figure coordinates (title band, map, legend column, source line)
rather than left to a layout engine: labels can then be measured before drawing and
placed without overlaps, and a 300 dpi render draws the map once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import _palette as pal
from .._crs import CONFORMAL
from .._i18n import category, category_title, check_lang, name_column, programme_title, text
from .._schema import CITY_PREFIXES, KIND_CITY_DISTRICT, KIND_CITY_REP
from .._validate import check_arguments, check_by_name, one_of, renamed_keywords, writable_path
from ..errors import InvalidArgumentError, InvalidInputError, MissingColumnError
from . import _catcolors, _insets, _subset
from . import _furniture as fu
from ._clip import draw
from ._zones import PARTIAL_HATCH, boundary_sets, draw_partial, sets_sentence
from .classes import Classes, check_values, classify, reclassify, refuse_counts
from .regionmaps import built_text

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.axes import Axes


#: rcParams for saving (within an rc_context, never set globally): TrueType fonts in PDF
#: and PostScript, real text in SVG, the font named so viewers substitute it well.
TEXT_AS_TEXT: Any = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none"}


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
    categories : dict
        Category -> colour of a categorical map, in legend order (empty otherwise).

    Examples
    --------
    >>> import kzregions as kz
    >>> gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    >>> m = kz.choropleth(gdf, "unemployment_rate", k=4, lang="ru")
    >>> m.classes.scheme.startswith("Quantiles"), len(m.data)
    (True, 20)
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
    #: category -> colour of a categorical map, in legend order (what a QGIS style reuses)
    categories: dict = field(default_factory=dict)

    def save(self, path, dpi: int = 300, **kwargs) -> None:
        """Write the map; the format follows the extension (``.png``, ``.pdf``, ``.svg``).

        PNG is written at ``dpi`` (300 by default); PDF and SVG are vector, with the
        text kept as text: TrueType (Type 42) fonts embedded in PDF, ``<text>`` elements in
        SVG, so names can be searched, copied and edited. Settings apply to this save only.

        Parameters
        ----------
        path : str or Path
            The file to write; its extension says the format.
        dpi : int
            Resolution of raster formats (PNG, JPEG, TIFF), dots per inch.
        **kwargs
            Passed to :meth:`matplotlib.figure.Figure.savefig`.

        Returns
        -------
        None

        Examples
        --------
        >>> import kzregions as kz
        >>> kz.plot_units(kz.oblasts(2024), lang="kk").save("oblasts.pdf")  # doctest: +SKIP
        """

        import matplotlib

        check_by_name("Map.save", "dpi", dpi, None)
        ext = writable_path("path", path).suffix.lower() if not kwargs.get("format") else "." + kwargs["format"]
        if ext not in (".png", ".pdf", ".svg", ".jpg", ".jpeg", ".tif", ".tiff"):
            raise InvalidArgumentError(f"path={str(path)!r}: cannot tell the format from {ext or 'no extension'!r}; use .png, .pdf or .svg")
        with matplotlib.rc_context(TEXT_AS_TEXT):
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


def _highlight(ax, highlight, crs, lang: str, label: str | None) -> list:
    """Outline(s) of the highlight on top; a programme with zones gets one line style per
    zone and a legend entry of the same style each."""
    from matplotlib.lines import Line2D

    members: Any = getattr(highlight, "members", None)
    zones: list = []
    if members is not None and "zone" in getattr(members, "columns", []) and len(members):
        zones = list(dict.fromkeys(members["zone"]))
    pid = (getattr(highlight, "metadata", None) or {}).get("id")
    name = label or (programme_title(pid, lang) if pid else None) or getattr(highlight, "name", None) \
        or text("highlighted", lang)
    handles = []
    if len(zones) > 1:
        import shapely

        styles: Any = pal.ZONE_LINESTYLES * 2
        for z, ls in zip(zones, styles):
            part = members[members["zone"] == z]
            geom = fu.geom_of(shapely.union_all(part.geometry.values), crs)
            geom.boundary.plot(ax=ax, color="white", linewidth=3.4, zorder=6)
            geom.boundary.plot(ax=ax, color="black", linewidth=1.8, linestyle=ls, zorder=7)
            handles.append(Line2D([], [], color="black", linewidth=1.8, linestyle=ls,
                                  label=category(z, lang)))
        return [*handles]
    from matplotlib import patheffects

    hl = fu.geom_of(highlight, crs)
    hl.boundary.plot(ax=ax, color="black", linewidth=2.2, zorder=6)
    hl.boundary.plot(ax=ax, color="white", linewidth=0.8, linestyle=(0, (3, 2)), zorder=7)
    # the legend symbol is the same double line: white dashes on black
    return [Line2D([], [], color="white", linewidth=0.8, linestyle=(0, (3, 2)), label=name,
                   path_effects=[patheffects.Stroke(linewidth=2.2, foreground="black"), patheffects.Normal()])]


def choropleth(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    scheme: str = "auto",
    k: int = 5,
    cmap: str | None = None,
    center: float | None = None,
    legend: bool = True,
    legend_kwds: dict | None = None,
    classification_kwds: dict | None = None,
    missing_kwds: dict | None = None,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    labels: bool | str = "auto",
    highlight: Any = None,
    highlight_label: str | None = None,
    outline: Any = "auto",
    insets: bool = True,
    graticule: bool = False,
    scalebar: bool = True,
    north_arrow: bool = True,
    context: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
    classes: Classes | None = None,
    ax: Axes | None = None,
    **deprecated: Any,
) -> Map:
    """A classed choropleth map ready for a planning document.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units with the value ``column`` (kzregions schema: names, ``kind``, ``kato``).
    column : str
        The value to map (numbers); NaN units are drawn hatched as "no data", never
        dropped. Text or infinite values raise :class:`ClassificationError`; a count or
        total (population, GRP in money) raises :class:`ExtensiveVariableError`: map its
        density or per-capita value, or draw it with :func:`kzregions.proportional_map`.
    scheme, k, cmap : str, int, str
        Classification, as in geopandas' ``plot``: ``"auto"`` (default: quantiles with nice
        breaks, 1-2-5 breaks for data spanning orders of magnitude) or a mapclassify scheme
        name (see :func:`classify`), the number of classes (>= 2) and the colormap.
    center : float, optional
        Make the classes diverge around this value (e.g. 100 for an index); default for
        ``scheme="auto"`` the column's own centre, ``gdf.attrs["centers"]`` (1 for location
        quotients, kept by :func:`kzregions.attach`, lost in a plain ``merge``).
    legend : bool
        Draw the legend (default True), in the column right of the map.
    legend_kwds : dict, optional
        ``title`` (default: the indicator's title and unit from the catalogue, in
        ``lang``), ``counts`` (units per class), ``decimals`` (of the class labels) and
        ``ncols``.
    classification_kwds : dict, optional
        Passed to the classification: ``bins`` (strictly increasing upper bounds) for
        ``scheme="user_defined"``; ``nice=False`` keeps mapclassify's exact breaks.
    missing_kwds : dict, optional
        Style of units without a value: ``color``, ``edgecolor``, ``hatch``, ``label``
        (default a light grey fill under a grey hatch, labelled "No data" in ``lang``).
    lang : {"en", "kk", "ru"}
        Language of every text drawn: names, legend, units, furniture, attribution.
    title, subtitle : str, optional
        Default title: the indicator's title from the catalogue (and the year, if the
        frame has one ``year``); default subtitle, with or without a title of your own: the
        units and their boundary set. Pass ``""`` for none.
    source : str, optional
        Data source; the boundary attribution is always added.
    unit : str, optional
        Unit of the values (default ``gdf.attrs["units"][column]`` if known): ``%`` is put
        on each class label, other units in the legend title (translated if known).
    labels : bool or "auto"
        Unit names inside units where they fit without overlapping; "auto" labels
        oblast maps and leaves district maps unlabelled.
    highlight : GeoDataFrame, geometry or ProgrammeRegion, optional
        Outline drawn on top (e.g. a programme region), listed in the legend; a
        programme with several zones gets one line style per zone.
    highlight_label : str, optional
        Its legend entry (default: the region's name, or "Highlighted area" in ``lang``).
    outline : "auto", GeoDataFrame or None
        Boundaries drawn over the units; "auto" draws oblast borders on district maps.
    insets : bool
        On district maps, inset maps of Astana, Almaty and Shymkent (too small at country
        scale); on oblast maps the three cities get call-out markers in their class colour.
    graticule, scalebar, north_arrow : bool
        Map furniture. The scale bar is true along the standard parallels (45° and 51° N).
    context : bool
        Neighbouring countries in light grey and the Caspian in pale blue (Natural Earth)
        and the country outline.
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper of the figure.
    crs : str
        Projection; default the Lambert conformal conic for Kazakhstan.
    classes : Classes, optional
        A classification to reuse (e.g. to compare maps on the same classes).
    ax : Axes, optional
        Draw only the map into these axes (no page furniture).

    **deprecated
        kzregions 0.1 spellings, accepted for one release with a DeprecationWarning:
        ``bins`` (now ``classification_kwds={"bins": ...}``), ``decimals``, ``counts`` and
        ``legend_title`` (now keys of ``legend_kwds``).

    Returns
    -------
    Map

    Examples
    --------
    >>> import kzregions as kz
    >>> gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023))
    >>> m = kz.choropleth(gdf, "unemployment_rate", scheme="fisher_jenks", k=4, lang="ru",
    ...                  legend_kwds={"counts": True})  # doctest: +SKIP
    >>> m.save("unemployment.pdf")  # doctest: +SKIP
    """
    # a drawing follows: every bad value named before it (k: classify's own message says more)
    check_arguments(choropleth, {n: v for n, v in locals().items() if n != "k"})
    import numpy as np

    check_lang(lang)
    legend_kwds, classification_kwds = fu.fold_deprecated("choropleth", deprecated, legend_kwds,
                                                        classification_kwds)
    legend_on = bool(legend)
    bins = classification_kwds.get("bins")
    nice = bool(classification_kwds.get("nice", True))
    decimals = legend_kwds.get("decimals")
    counts = bool(legend_kwds.get("counts", False))
    legend_title = legend_kwds.get("title")
    missing = fu.missing_style(missing_kwds, lang)
    unit, values = _checked_choropleth(gdf, column, unit, classes=classes, ax=ax, highlight=highlight)
    proj = fu.project(gdf, crs)
    if center is None and scheme == "auto" and bins is None:  # a quotient diverges at 1 (attrs["centers"])
        center = ((getattr(gdf, "attrs", {}) or {}).get("centers") or {}).get(column)
    cl = classes or classify(values, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang,
                             unit=unit, decimals=decimals, nice=nice, column=column)
    if classes is not None:  # reuse the bins on these values
        cl = reclassify(cl, values, column)
    proj = proj.assign(**{"class": cl.yb})
    page = ax is None
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    with_insets = page and insets and district_map and "kato" in proj and \
        proj["kato"].str[:2].isin(list(CITY_PREFIXES)).any()
    fig = fu.new_figure(paper) if ax is None else ax.figure
    if ax is None:
        ax = fig.add_axes(fu.MAP_BOX_WITH_INSETS if with_insets else fu.MAP_BOX, anchor="C")
    fu.draw_classes(ax, proj, cl, missing)
    outline_layer = fu.auto_outline(gdf, crs) if (isinstance(outline, str) and outline == "auto" and district_map) else (
        None if outline is None or isinstance(outline, str) else fu.geom_of(outline, crs))
    if outline_layer is not None:
        draw(ax, outline_layer.boundary.values, color="0.15", linewidth=0.7, zorder=3)
    handles = fu.legend_handles(cl, counts, lang, missing)
    hl_geoms = None
    if highlight is not None:
        handles += _highlight(ax, highlight, crs, lang, highlight_label)
        members: Any = getattr(highlight, "members", None)
        # labels keep clear of every drawn line: the outline and the borders between zones
        hl_geoms = (fu.geom_of(members, crs).values if members is not None and len(members)
                    else fu.geom_of(highlight, crs).values)
    fu.frame(ax, proj, fill=True)
    water_names = fu.context(ax, crs, lang=lang if page else None, detail=district_map) if context else []
    insets_axes: dict = {}
    if page:
        obstacles: list = []
        if graticule:
            fu.graticule(ax, crs)
        if scalebar:
            obstacles += fu.scalebar(ax, lang)
        if north_arrow:
            obstacles += fu.north_arrow(ax, crs, lang)
        obstacles += _subset.neighbour_oblasts(ax, proj, lang, obstacles + water_names)
        cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
        if with_insets:
            insets_axes = _insets.city_insets(fig, proj, cl, lang, missing=missing, ax=ax)
        elif insets and cities.any():
            obstacles += fu.city_callouts(ax, proj, [cl.colors[b] if b >= 0 else missing["color"]
                                                   for b in proj["class"]], cities)
        do_labels = _subset.auto_labels(one_of("labels", labels, (True, False, "auto")), district_map, len(proj))
        if do_labels:
            placed = fu.label_units(ax, proj, name_column(lang), skip=cities if insets else None,
                                    obstacles=obstacles, avoid_lines=hl_geoms)
            fu.yield_to_units(water_names, placed)
        lt = legend_title or fu.own_text(gdf, "legend_titles", column, lang) or fu.title_of(column, unit if unit and unit.strip() != "%" else None, lang)
        leg = fu.page_legend(fig, handles, lt, legend_kwds.get("ncols", 1)) if legend_on else None
        if title is None:  # the indicator, its unit, its year; the units and their set below
            from .._regiontext import with_period

            title = with_period(fu.default_title(column, unit, gdf, lang), gdf, lang)
        if subtitle is None:  # a title of the user's own still leaves the units and their set said
            subtitle = _subset.subtitle(proj, lang)
        fu.titles(fig, title, subtitle)
        fu.source_line(fig, source, lang, context=context, vintage=fu.vintage_of(proj))
    else:
        leg = ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False) if legend_on else None
    return Map(fig, ax, leg, cl, proj, column, crs, insets_axes, paper)


def _checked_choropleth(gdf: gpd.GeoDataFrame, column: str, unit: str | None, *, classes: Classes | None,
                        ax: Any, highlight: Any) -> tuple[str | None, Any]:
    """The unit (given or from the frame's metadata) and the checked values of ``column``;
    a clear error for a missing column, a count without ``classes=``, a wrong ``ax`` or ``highlight``."""
    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} to map (columns: {list(gdf.columns)})")
    unit = unit if unit is not None else fu.units_of(gdf).get(column)
    if classes is None:  # a count as colours shows the units' size: density or circles instead
        refuse_counts(column, unit)  # (classes= given is a deliberate choice, e.g. the atlas's sheets)
    values = check_values(gdf[column], column)
    if ax is not None and not hasattr(ax, "figure"):
        raise InvalidInputError(f"ax={ax!r:.60} ({type(ax).__name__}): give a matplotlib Axes or None")
    if highlight is not None and not any(hasattr(highlight, a) for a in ("members", "geometry", "geom_type")):
        raise InvalidInputError(f"highlight={highlight!r:.60}: give a GeoDataFrame, a shapely geometry or a ProgrammeRegion")
    return unit, values


def plot_units(
    gdf: gpd.GeoDataFrame,
    *,
    lang: str = "en",
    labels: bool = True,
    title: str | None = None,
    subtitle: str | None = None,
    context: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
) -> Map:
    """Draw administrative units, each in its own colour, with their names.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units in the kzregions schema (``name_en``/``name_kk``/``name_ru``, ``kind``).
    lang : {"en", "kk", "ru"}
        Language of the labels and furniture.
    labels : bool
        Label each unit whose name fits inside it without overlapping another label; the
        cities of republican significance, too small at country scale, get a marker and a
        label beside it.
    title, subtitle : str, optional
        Default "Kazakhstan: oblasts ... (2024 boundaries)" (or the oblasts of a 1-2 oblast map); "" for none.
    context : bool
        Neighbours, the Caspian and the country outline.
    paper : {"A4", "A3", "A5", "letter"}
        Landscape paper size.
    crs : str
        Map projection; default the Lambert conformal conic for Kazakhstan.

    Returns
    -------
    Map

    Examples
    --------
    >>> import kzregions as kz
    >>> m = kz.plot_units(kz.oblasts(2024), lang="ru", title="")
    >>> len(m.data)
    20
    """
    from matplotlib import colormaps

    check_lang(lang)
    name = name_column(lang)
    proj = fu.project(gdf, crs)
    fig = fu.new_figure(paper)
    ax = fig.add_axes((0.01, 0.075, 0.98, 0.80))
    # neighbours never share a colour (greedy colouring, largest units first); Pastel1
    # without its grey, which would read as "no data" or as a neighbouring country
    cmap = colormaps["Pastel1"]
    geoms = proj.geometry.values
    tree = proj.sindex
    colour = [-1] * len(proj)
    for i in sorted(range(len(proj)), key=lambda j: -geoms[j].area):
        used = {colour[j] for j in tree.query(geoms[i], predicate="intersects") if j != i}
        colour[i] = next(c for c in range(len(proj) + 8) if c not in used)
    proj.plot(ax=ax, color=[cmap(c % 8) for c in colour], edgecolor="white", linewidth=0.6, zorder=1)
    fu.frame(ax, proj, fill=True)
    district_map = "level" in proj and bool((proj["level"] == 2).any())
    water_names = fu.context(ax, crs, lang=lang, detail=district_map) if context else []
    obstacles = fu.scalebar(ax, lang) + fu.north_arrow(ax, crs, lang)
    obstacles += _subset.neighbour_oblasts(ax, proj, lang, obstacles + water_names)
    if labels:
        fu.yield_to_units(water_names, fu.label_units(ax, proj, name, obstacles=obstacles))
    if title is None and "level" in proj and "vintage" in proj and len(proj):
        what = text("oblasts" if int(proj["level"].iloc[0]) == 1 else "districts", lang)
        title = _subset.units_title(proj, lang) or text("units_map", lang).format(what=what, vintage=int(proj["vintage"].iloc[0]))
    fu.titles(fig, title, subtitle)
    fu.source_line(fig, None, lang, context=context, vintage=fu.vintage_of(proj))
    return Map(fig, ax, None, None, proj.assign(**{"class": -1}), None, crs, {}, paper)


@renamed_keywords(order="categories")
def _name_units(ax, proj, lang: str, labels, *, district_map: bool, cities, water_names, obstacles) -> None:
    """Name the units of a categorical map as ``labels`` asks (a member in two zones once)."""
    names = _unit_names(proj, lang)
    if labels is True and names is None:
        raise MissingColumnError(f"labels=True but the frame has no unit names ({name_column(lang)} or a "
                                 f"'kato' to look them up): pass labels=False (columns: {list(proj.columns)})")
    n_units = proj["kato"].nunique() if "kato" in proj else len(proj)
    if names is not None and _subset.auto_labels(one_of("labels", labels, (True, False, "auto")), district_map, n_units):
        lab, cit = _subset.one_per_unit(proj.assign(_label=names), cities)
        fu.yield_to_units(water_names, fu.label_units(ax, lab, "_label", skip=cit, obstacles=obstacles))


def categorical_map(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    categories: list | None = None,
    colors: dict | None = None,
    legend: bool = True,
    legend_kwds: dict | None = None,
    missing_kwds: dict | None = None,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    labels: bool | str = "auto",
    outline: Any = None,
    insets: bool = True,
    context: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
    **deprecated: Any,
) -> Map:
    """A map of categories (region types, LISA clusters, programme zones) with the page
    furniture of :func:`choropleth`. Missing categories are drawn hatched as "no data".

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units with the category ``column`` (kzregions schema: names, ``kind``, ``kato``).
    column : str
        The categories to map; missing values are drawn as "no data", never dropped.
    title, subtitle, source : str, optional
        As in :func:`choropleth`.
    labels : bool or "auto"
        Unit names where they fit; "auto" labels oblast maps only.
    context : bool
        Neighbouring countries, the Caspian and the country outline.
    paper : {"A4", "A3", "A5", "letter"}
    crs : str
        Projection; default the Lambert conformal conic for Kazakhstan.
    **deprecated
        ``order`` (now ``categories``) and ``legend_title`` (now ``legend_kwds["title"]``),
        for one release, with a DeprecationWarning.
    categories : list, optional
        The categories in legend order, as geopandas' ``categories`` (categories absent
        from the data are left out of the legend). 0.1 called this ``order``.
    colors : dict, optional
        Category -> colour. Default: fixed colour-blind-safe colours (Okabe-Ito) for the
        categories kzregions writes (typology types, LISA clusters, programme zones), the
        Okabe-Ito palette for others; "unclassified" is a hatched grey.
    legend, legend_kwds, missing_kwds
        As in :func:`choropleth` (``legend_kwds``: ``title``, ``ncols``).
    lang : {"en", "kk", "ru"}
        Language of names, legend and furniture: the categories kzregions writes are
        translated (``kz._i18n.CATEGORIES``), others are shown as they are.
    outline : GeoDataFrame, optional
        Boundaries drawn on top (e.g. the oblasts under programme zones); the map frame
        covers them too.
    insets : bool
        On district maps, insets of Astana, Almaty and Shymkent; on oblast maps call-out
        markers for the three cities.

    Returns
    -------
    Map

    Examples
    --------
    >>> import kzregions as kz
    >>> aral = kz.programme("aral_sea")
    >>> m = kz.categorical_map(aral.geometry, "zone", lang="kk", labels=False)
    >>> len(m.data)
    3
    """
    check_arguments(categorical_map, locals())  # a drawing follows: every bad value named before it
    import numpy as np
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    title, own = built_text(gdf, check_lang(lang), title)  # zones of built regions (to_programme)
    one_of("labels", labels, (True, False, "auto"))
    legend_kwds, _ = fu.fold_deprecated("categorical_map", deprecated, legend_kwds, None)
    missing_style = fu.missing_style(missing_kwds, lang)
    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} (columns: {list(gdf.columns)})")
    proj = fu.project(gdf, crs)
    vals = proj[column]
    present = [c for c in (categories or pal.category_order(vals)) if (vals == c).any()]
    extra = [c for c in vals.dropna().unique() if c not in present]
    cats = present + sorted(extra, key=str)
    colors = _catcolors.colors_for(proj, column, cats, colors) if len(cats) > len(pal.OKABE_ITO) else zone_colors(cats, colors)
    hatches = {c: pal.HATCHED.get(pal.category_key(c)) for c in cats}
    fig = fu.new_figure(paper)
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    with_insets = insets and district_map and "kato" in proj and \
        proj["kato"].str[:2].isin(list(CITY_PREFIXES)).any()
    ax = fig.add_axes(fu.MAP_BOX_WITH_INSETS if with_insets else fu.MAP_BOX, anchor="C")
    missing = vals.isna().to_numpy()
    face = [to_rgba(colors[v]) if not m else missing_style["color"] for v, m in zip(vals, missing)]
    # nested categories (extreme radiation risk lies inside maximum risk): the first legend
    # entry is drawn last, on top, so every zone stays visible where the law puts it
    rank = {c: i for i, c in enumerate(cats)}
    draw = np.argsort([-(rank[v] if not m else len(cats)) for v, m in zip(vals, missing)], kind="stable")
    proj.iloc[draw].plot(ax=ax, color=[face[i] for i in draw], edgecolor="white", linewidth=0.4, zorder=1)
    fu.hatch_missing(ax, proj, missing, missing_style)
    for c in reversed(cats):
        if hatches[c]:
            sel = (vals == c).to_numpy()
            proj[sel].plot(ax=ax, facecolor="none", edgecolor="0.35", hatch=hatches[c], linewidth=0.0, zorder=2)
    attrs = dict(getattr(gdf, "attrs", {}) or {})
    partial = draw_partial(ax, proj, attrs, crs)  # never over the water drawn
    ol = fu.geom_of(outline, crs) if outline is not None else (fu.auto_outline(gdf, crs) if district_map else None)
    if ol is not None:
        ol.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    # zones and members get the oblasts of the members' boundary set: thin grey borders (and names)
    vintage = _zone_vintage(proj, attrs)
    zone_oblasts = _zone_oblasts(proj, vintage, crs) if outline is None and ("kato" not in proj or attrs.get("programme")) else None
    fu.frame(ax, proj if outline is None else fu.bounds_frame(proj, ol), fill=True)
    if zone_oblasts is not None:  # members are named themselves: oblast names on zone maps only
        _draw_zone_oblasts(ax, zone_oblasts, lang, names="kato" not in proj and not attrs.get("category_names"))
    water_names = fu.context(ax, crs, lang=lang, detail=district_map) if context else []
    obstacles = fu.scalebar(ax, lang) + fu.north_arrow(ax, crs, lang)
    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    insets_axes: dict = {}
    if with_insets:
        insets_axes = _insets.city_insets(fig, proj.assign(_missing=missing), None, lang, colors=face,
                                     missing=missing_style, ax=ax)
    elif insets and cities.any():
        obstacles += fu.city_callouts(ax, proj, face, cities)
    _name_units(ax, proj, lang, labels, district_map=district_map, cities=cities, water_names=water_names,
                obstacles=obstacles)
    # units per category where a row is a unit of a typology (not zones, not programme members)
    counts = legend_kwds.get("counts", "kato" in proj and len(proj) > len(cats) and column != "zone"
                             and not attrs.get("programme"))
    handles = [Patch(facecolor=colors[c], edgecolor="0.35", linewidth=0.4, hatch=hatches[c],
                     label=own.get(c, {}).get(lang, category(c, lang)) + (f" ({int((vals == c).sum())})" if counts else ""))
               for c in cats]
    handles += [Patch(facecolor="white", edgecolor="0.35", linewidth=0.4, hatch=PARTIAL_HATCH, label=text("partial_members", lang))] if partial else []
    if missing.any():
        handles.append(fu.missing_handle(int(missing.sum()), bool(counts), missing_style))
    lt = legend_kwds.get("title", category_title(column, lang))
    leg = fu.page_legend(fig, handles, lt, legend_kwds.get("ncols", 1)) if legend else None
    if title is None and getattr(gdf, "attrs", {}).get("programme"):
        title = programme_title(gdf.attrs["programme"], lang)
    fu.titles(fig, title, subtitle if subtitle is not None or attrs.get("programme") else _subset.subtitle(proj, lang))
    fu.source_line(fig, source, lang, context=context, vintage=sets_sentence(boundary_sets(proj, attrs), lang) or vintage)
    return Map(fig, ax, leg, None, proj, column, crs, insets_axes, paper, {c: colors[c] for c in cats})


def _zone_vintage(proj, attrs: dict):
    """The boundary set drawn (members matched on two sets: the most common one)."""
    many = attrs.get("programme") and "vintage" in proj and len(proj)
    return fu.vintage_of(proj) or attrs.get("vintage") or (int(proj["vintage"].astype(int).mode().iloc[0]) if many else None)


def _zone_oblasts(proj, vintage, crs):
    """The oblasts of boundary set ``vintage`` that the zones touch, projected, or None."""
    from ..boundaries import oblasts

    if vintage is None:
        return None
    try:
        obl = oblasts(int(vintage)).to_crs(crs)
    except fu.FURNITURE_ERRORS as exc:
        fu.left_off("oblast borders", exc)
        return None
    return obl[obl.intersects(proj.geometry.union_all())]


def _draw_zone_oblasts(ax, obl, lang: str, names: bool = True) -> None:
    """Thin grey oblast borders over the zones and the oblasts' names where they show."""
    import matplotlib.patheffects as pe
    from shapely.geometry import box

    obl.boundary.plot(ax=ax, color="0.4", linewidth=0.6, linestyle=(0, (4, 2)), zorder=3)
    if not names:
        return
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = box(x0, y0, x1, y1)
    col = name_column(lang)
    for name, geom in zip(obl[col], obl.geometry):
        part = geom.intersection(view)
        if part.is_empty or part.area < 0.03 * view.area:
            continue
        p = part.representative_point()
        ax.text(p.x, p.y, name, fontsize=8, color="0.3", style="italic", ha="center", va="center", zorder=5,
                path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])


def zone_colors(cats: list, colors: dict | None = None) -> dict:
    """Category -> colour as :func:`categorical_map` draws it: the user's colours first, then
    the fixed colours of known categories, then Okabe-Ito in legend order."""
    user = dict(colors or {})
    return {c: user.get(c) or pal.category_color(c, i) for i, c in enumerate(cats)}


def _unit_names(proj, lang: str):
    """Unit names in ``lang``: the frame's ``name_<lang>`` column, else looked up by ``kato``
    in the boundary set of the frame's ``vintage`` (programme members carry no Kazakh names),
    else None (a frame of zones has nothing to name)."""
    col = name_column(lang)
    if col in proj:
        return proj[col]
    if "kato" not in proj:
        return None
    from ..boundaries import units
    from ..errors import KzRegionsError

    out = None
    vintages = sorted(set(proj["vintage"].dropna().astype(int))) if "vintage" in proj else [2024]
    for v in vintages:
        for level in (1, 2):
            try:
                table = units(level, v).set_index("kato")[col]
            except (KzRegionsError, ValueError, OSError):
                continue
            found = proj["kato"].map(table).astype(object)  # names, even where none is found
            out = found if out is None else out.fillna(found)
    if out is None or out.isna().all():
        return None
    # a unit the boundary set does not hold keeps the name the frame has (Russian for a
    # Kazakh map: the same place names, never the English transliteration)
    for other in (("name_ru", "name_en") if lang != "en" else ("name_en", "name_ru")):
        if other in proj:
            out = out.fillna(proj[other])
    return out.fillna(proj["kato"])
