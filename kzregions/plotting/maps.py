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

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._crs import CONFORMAL
from .._i18n import name_column, text
from .._schema import CITY_PREFIXES, KIND_CITY_DISTRICT, KIND_CITY_REP
from .._validate import renamed_keywords
from ..errors import MissingColumnError
from . import _furniture as fu
from .classes import Classes, classify, reclassify

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.axes import Axes


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


def choropleth(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    scheme: str = "quantiles",
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
        The value to map; NaN units are drawn hatched as "no data", never dropped.
    scheme, k, cmap : str, int, str
        Classification, as in geopandas' ``plot``: a mapclassify scheme name (see
        :func:`classify`), the number of classes and the colormap.
    center : float, optional
        Make the classes diverge around this value (e.g. 100 for an index).
    legend : bool
        Draw the legend (default True).
    legend_kwds : dict, optional
        ``title`` (default: the unit, else the column), ``counts`` (units per class),
        ``decimals`` (of the class labels; default the fewest that keep bounds distinct),
        ``loc`` and ``ncols``.
    classification_kwds : dict, optional
        Passed to the classification: ``bins`` for ``scheme="user_defined"``.
    missing_kwds : dict, optional
        Style of units without a value: ``color``, ``edgecolor``, ``hatch``, ``label``
        (default a light grey fill under a grey hatch, labelled "No data" in ``lang``).
    lang : {"en", "kk", "ru"}
        Language of labels, legend and furniture.
    title, subtitle : str, optional
    source : str, optional
        Data source; the boundary attribution is always added.
    unit : str, optional
        Unit of the values (default ``gdf.attrs["units"][column]`` if known): ``%`` is put
        on each class label, other units in the legend title.
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
    import numpy as np

    legend_kwds, classification_kwds = _fold_deprecated("choropleth", deprecated, legend_kwds,
                                                        classification_kwds)
    legend_on = bool(legend)
    bins = classification_kwds.get("bins")
    decimals = legend_kwds.get("decimals")
    counts = bool(legend_kwds.get("counts", False))
    legend_title = legend_kwds.get("title")
    missing = fu.missing_style(missing_kwds, lang)
    if column not in gdf.columns:
        raise MissingColumnError(f"no column {column!r} to map (columns: {list(gdf.columns)})")
    unit = unit if unit is not None else dict(getattr(gdf, "attrs", {}).get("units", {})).get(column)
    proj = fu.project(gdf, crs)
    values = proj[column].astype(float).to_numpy()
    cl = classes or classify(values, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang,
                             unit=unit, decimals=decimals)
    if classes is not None:  # reuse the bins on these values
        cl = reclassify(cl, values)
    proj = proj.assign(**{"class": cl.yb})
    page = ax is None
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    with_insets = page and insets and district_map and "kato" in proj and \
        proj["kato"].str[:2].isin(list(CITY_PREFIXES)).any()
    fig = fu.new_figure(paper) if ax is None else ax.figure
    if ax is None:
        ax = fig.add_axes(fu.MAP_BOX_WITH_INSETS if with_insets else fu.MAP_BOX, anchor="N")
    fu.draw_classes(ax, proj, cl, missing)
    outline_layer = fu.auto_outline(gdf, crs) if (isinstance(outline, str) and outline == "auto" and district_map) else (
        None if outline is None or isinstance(outline, str) else fu.geom_of(outline, crs))
    if outline_layer is not None:
        outline_layer.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    handles = fu.legend_handles(cl, counts, lang, missing)
    if highlight is not None:
        hl = fu.geom_of(highlight, crs)
        hl.boundary.plot(ax=ax, color="black", linewidth=2.2, zorder=6)
        hl.boundary.plot(ax=ax, color="white", linewidth=0.8, linestyle=(0, (3, 2)), zorder=7)
        from matplotlib.lines import Line2D

        name = highlight_label or getattr(highlight, "name", None) or text("highlighted", lang)
        handles.append(Line2D([], [], color="black", linewidth=2.2, label=name))
    fu.frame(ax, proj)
    insets_axes: dict = {}
    if page:
        if graticule:
            fu.graticule(ax, crs)
        if scalebar:
            fu.scalebar(ax)
        if north_arrow:
            fu.north_arrow(ax, crs)
        cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
        if with_insets:
            insets_axes = fu.city_insets(fig, proj, cl, lang)
        elif insets and cities.any():
            fu.city_callouts(ax, proj, [cl.colors[b] if b >= 0 else missing["color"]
                                      for b in proj["class"]], cities)
        do_labels = (not district_map) if labels == "auto" else bool(labels)
        if do_labels:
            ax.apply_aspect()
            fu.label_units(ax, proj, name_column(lang), skip=cities if insets else None)
        lt = legend_title or (unit if unit and unit.strip() != "%" else None) or \
            column.replace("_", " ").capitalize()
        common = dict(handles=handles, title=lt, fontsize=9, title_fontsize=10, alignment="left",
                      prop={"family": fu.FONT, "size": 9})
        leg = None
        if not legend_on:
            pass
        elif with_insets:  # beside the insets, below the map
            leg = fig.legend(loc=legend_kwds.get("loc", "lower left"), bbox_to_anchor=(0.47, 0.045),
                                frameon=False, ncols=legend_kwds.get("ncols", 2 if len(handles) > 5 else 1),
                                **common)
        else:  # the empty south-east corner of the map
            leg = ax.legend(loc=legend_kwds.get("loc", "lower right"), ncols=legend_kwds.get("ncols", 1),
                               frameon=True, framealpha=0.9, edgecolor="none", **common)
        if leg is not None:
            leg.get_title().set_fontfamily(fu.FONT)
            leg.set_zorder(20)
        fu.titles(fig, title, subtitle)
        fu.source_line(fig, source, lang)
    else:
        leg = ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False) if legend_on else None
    return Map(fig, ax, leg, cl, proj, column, crs, insets_axes, paper)


def _fold_deprecated(func: str, deprecated: dict, legend_kwds: dict | None,
                     classification_kwds: dict | None) -> tuple[dict, dict]:
    """Move kzregions 0.1 keywords into geopandas' ``legend_kwds`` / ``classification_kwds``."""
    import warnings

    lk, ck = dict(legend_kwds or {}), dict(classification_kwds or {})
    moves = {"bins": (ck, "bins", "classification_kwds"), "decimals": (lk, "decimals", "legend_kwds"),
             "counts": (lk, "counts", "legend_kwds"), "legend_title": (lk, "title", "legend_kwds")}
    for old, value in deprecated.items():
        if old not in moves:
            raise TypeError(f"{func}() got an unexpected keyword argument {old!r}")
        target, key, where = moves[old]
        warnings.warn(f"{func}({old}=...) is deprecated and will be removed in kzregions 0.3: use "
                      f"{where}={{{key!r}: ...}}", DeprecationWarning, stacklevel=3)
        target.setdefault(key, value)
    return lk, ck


def plot_units(
    gdf: gpd.GeoDataFrame,
    *,
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

    name = name_column(lang)
    proj = fu.project(gdf, crs)
    fig = fu.new_figure(paper)
    ax = fig.add_axes((0.015, 0.075, 0.97, 0.80))
    cmap = colormaps["tab20"]
    proj.plot(ax=ax, color=[cmap(i % 20) for i in range(len(proj))], edgecolor="white", linewidth=0.6,
              alpha=0.85)
    fu.frame(ax, proj)
    fu.scalebar(ax)
    fu.north_arrow(ax, crs)
    if labels:
        ax.apply_aspect()
        fu.label_units(ax, proj, name)
    fu.titles(fig, title, subtitle)
    fu.source_line(fig, None, "en")
    return Map(fig, ax, None, None, proj.assign(**{"class": -1}), None, crs, {}, paper)


@renamed_keywords(order="categories")
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
    paper: str = "A4",
    crs: str = CONFORMAL,
    **deprecated: Any,
) -> Map:
    """A map of categories (region types, LISA clusters, programme zones) with the page
    furniture of :func:`choropleth`. Missing categories are drawn hatched as "no data".

    Parameters
    ----------
    categories : list, optional
        The categories in legend order, as geopandas' ``categories`` (categories absent
        from the data are left out of the legend). 0.1 called this ``order``.
    colors : dict, optional
        Category -> colour; default a qualitative palette.
    legend, legend_kwds, missing_kwds
        As in :func:`choropleth` (``legend_kwds``: ``title``, ``loc``, ``ncols``).
    outline : GeoDataFrame, optional
        Boundaries drawn on top (e.g. the oblasts under programme zones); the map frame
        covers them too.
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.patches import Patch


    legend_kwds, _ = _fold_deprecated("categorical_map", deprecated, legend_kwds, None)
    missing_style = fu.missing_style(missing_kwds, lang)
    if column not in gdf.columns:
        raise MissingColumnError(f"no column {column!r} (columns: {list(gdf.columns)})")
    proj = fu.project(gdf, crs)
    vals = proj[column]
    present = [c for c in (categories or sorted(vals.dropna().unique(), key=str)) if (vals == c).any()]
    extra = [c for c in vals.dropna().unique() if c not in present]
    cats = present + sorted(extra, key=str)
    pal = colormaps["tab10"]
    colors = dict(colors or {})
    for i, c in enumerate(cats):
        colors.setdefault(c, pal(i % 10))
    fig = fu.new_figure(paper)
    kinds = set(proj["kind"]) if "kind" in proj else set()
    district_map = bool(kinds & {"district", "city of oblast significance", KIND_CITY_DISTRICT})
    ax = fig.add_axes(fu.MAP_BOX, anchor="N")
    missing = vals.isna().to_numpy()
    from matplotlib.colors import to_rgba

    face = [to_rgba(colors[v]) if not m else missing_style["color"] for v, m in zip(vals, missing)]
    proj.plot(ax=ax, color=face, edgecolor="white", linewidth=0.4, zorder=1)
    fu.hatch_missing(ax, proj, missing, missing_style)
    ol = fu.geom_of(outline, crs) if outline is not None else (fu.auto_outline(gdf, crs) if district_map else None)
    if ol is not None:
        ol.boundary.plot(ax=ax, color="0.15", linewidth=0.7, zorder=3)
    fu.frame(ax, proj if outline is None else fu.bounds_frame(proj, ol))
    fu.scalebar(ax)
    fu.north_arrow(ax, crs)
    cities = proj["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in proj else np.zeros(len(proj), bool)
    if cities.any():
        fu.city_callouts(ax, proj, face, cities)
    if (not district_map) if labels == "auto" else bool(labels):
        ax.apply_aspect()
        fu.label_units(ax, proj, name_column(lang), skip=cities)
    handles = [Patch(facecolor=colors[c], edgecolor="0.4", linewidth=0.4,
                     label=f"{c} ({int((vals == c).sum())})") for c in cats]
    if missing.any():
        handles.append(fu.missing_handle(int(missing.sum()), True, missing_style))
    leg = None
    if legend:
        leg = ax.legend(handles=handles, title=legend_kwds.get("title"), loc=legend_kwds.get("loc", "lower right"),
                           ncols=legend_kwds.get("ncols", 1), frameon=True, framealpha=0.9, edgecolor="none",
                           prop={"family": fu.FONT, "size": 9})
        leg.set_zorder(20)
    fu.titles(fig, title, subtitle)
    fu.source_line(fig, source, lang)
    return Map(fig, ax, leg, None, proj, column, crs, {}, paper)


def small_multiples(
    data: Any,
    column: str,
    *,
    by: str = "year",
    units: gpd.GeoDataFrame | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    cmap: str | None = None,
    center: float | None = None,
    legend_kwds: dict | None = None,
    classification_kwds: dict | None = None,
    ncols: int | None = None,
    lang: str = "en",
    title: str | None = None,
    source: str | None = None,
    unit: str | None = None,
    paper: str = "A4",
    crs: str = CONFORMAL,
    **deprecated: Any,
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

    legend_kwds, classification_kwds = _fold_deprecated("small_multiples", deprecated, legend_kwds,
                                                        classification_kwds)
    bins = classification_kwds.get("bins")
    if by not in data.columns or column not in data.columns:
        raise MissingColumnError(f"data needs columns {by!r} and {column!r} (columns: {list(data.columns)})")
    keys = sorted(data[by].dropna().unique())
    if not keys:
        raise ValueError(f"no values in {by!r}")
    frames = {}
    for key in keys:
        part = data[data[by] == key]
        if not isinstance(part, gpd.GeoDataFrame):
            if units is None:
                raise ValueError("data has no geometry: pass units= (e.g. kz.oblasts(2024))")
            from ..join import attach

            part = attach(units, part.drop(columns=[by]))
        frames[key] = part
    unit = unit if unit is not None else dict(getattr(data, "attrs", {}).get("units", {})).get(column)
    allv = np.concatenate([f[column].astype(float).to_numpy() for f in frames.values()])
    cl = classify(allv, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang, unit=unit,
                  decimals=legend_kwds.get("decimals"))
    n = len(keys)
    ncols = ncols or min(n, 3 if n > 4 else n)
    nrows = math.ceil(n / ncols)
    fig = fu.new_figure(paper)
    left, bottom, width, height = 0.01, 0.06, fu.SIDE_X - 0.02, 0.82
    panels = {}
    for j, key in enumerate(keys):
        r, c = divmod(j, ncols)
        box = (left + c * width / ncols, bottom + (nrows - 1 - r) * height / nrows, width / ncols * 0.98,
               height / nrows * 0.9)
        pax = fig.add_axes(box)
        choropleth(frames[key], column, classes=cl, lang=lang, ax=pax, crs=crs, unit=unit)
        if pax.get_legend():
            pax.get_legend().remove()
        pax.set_title(str(key), fontsize=10, fontfamily=fu.FONT, loc="left")
        panels[key] = pax
    total = reclassify(cl, allv)
    legend = fig.legend(handles=fu.legend_handles(total, False, lang), title=legend_kwds.get("title", unit if unit and unit != "%" else column),
                        loc="upper left", bbox_to_anchor=(fu.SIDE_X, 0.86), frameon=False, fontsize=9,
                        prop={"family": fu.FONT, "size": 9})
    fu.titles(fig, title, None)
    fu.source_line(fig, source, lang)
    first = panels[keys[0]]
    allframes = gpd.GeoDataFrame(
        pd.concat([f.assign(**{by: key}) for key, f in frames.items()], ignore_index=True),
        crs=frames[keys[0]].crs)
    return Map(fig, first, legend, total, allframes, column, crs, panels, paper)
