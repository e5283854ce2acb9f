"""Small multiples: one map panel per year (or any key), on one shared classification."""

from __future__ import annotations

import math
from typing import Any

from .._crs import CONFORMAL
from .._i18n import indicator_title, text
from ..errors import EmptyInputError, InvalidInputError, MissingColumnError
from . import _furniture as fu
from .classes import check_values, classify, reclassify, refuse_counts
from .maps import Map, choropleth

#: Height (points) kept free above each panel for its header and the gap to the panel above.
HEADER_PT = 26.0


def _grid(n: int, box_w: float, box_h: float, aspect: float = 1.7) -> tuple[int, int]:
    """(rows, cols) that make ``n`` panels of width/height ``aspect`` largest in the box."""
    best = (0.0, 1, n)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        w = min(box_w / cols, box_h / rows * aspect)
        if w > best[0] + 1e-9:
            best = (w, rows, cols)
    return best[1], best[2]


def small_multiples(
    data: Any,
    column: str,
    *,
    by: str = "year",
    keys: list | None = None,
    scheme: str = "auto",
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
    context: bool = True,
    paper: str = "A4",
    crs: str = CONFORMAL,
    **deprecated: Any,
) -> Map:
    """One panel per value of ``by`` (e.g. per year), all on one shared classification.

    Parameters
    ----------
    data : GeoDataFrame
        Long frame with geometry, ``column`` and ``by``: one row per unit and panel, as
        :func:`kzregions.attach_each` makes from a panel (each year joined to the boundary
        set its rows were measured on, every unjoined row reported). Drawing never joins:
        a frame without geometry is an error naming ``attach_each``.
    keys : list, optional
        The panels to draw, in order (default every value of ``by`` in the data, nothing
        else). A key asked for here without rows gets an empty panel saying "No data for
        ..." rather than being skipped.
    column : str
        The value to map.
    by : str
        The column whose values make the panels (default ``year``).
    ncols : int, optional
        Columns of the grid; default the grid that makes the panels largest (4 panels: 2 x 2).
    scheme, k, cmap, center, legend_kwds, classification_kwds, lang, title, source, unit, context, paper, crs
        As in :func:`choropleth`; one classification for all panels.
    **deprecated
        The 0.1 spellings of :func:`choropleth`, for one release.

    Returns
    -------
    Map
        ``ax`` is the first panel; ``fig.axes`` holds them all; ``insets`` maps each
        panel's key to its axes.

    Examples
    --------
    >>> import kzregions as kz
    >>> p = kz.attach_each(kz.panel("unemployment_rate", years=[2019, 2021, 2022, 2023]))
    >>> m = kz.small_multiples(p, "unemployment_rate", k=4, lang="kk")
    >>> sorted(m.insets)  # 2020 was not asked for: no panel, no "No data for 2020"
    [2019, 2021, 2022, 2023]
    >>> m = kz.small_multiples(p, "unemployment_rate", keys=[2019, 2020], lang="kk")
    >>> [t.get_text() for t in m.insets[2020].texts]  # asked for, without rows: said so
    ['2020: деректер жоқ']
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from .._i18n import check_lang

    check_lang(lang)
    legend_kwds, classification_kwds = fu.fold_deprecated("small_multiples", deprecated, legend_kwds,
                                                        classification_kwds)
    bins = classification_kwds.get("bins")
    if not isinstance(data, gpd.GeoDataFrame):
        raise InvalidInputError(f"data={type(data).__name__}: small_multiples draws a frame with geometry: join the table first, e.g. "
                                "kz.small_multiples(kz.attach_each(table, by=...), column) (each year on its own "
                                "boundaries; pass units= to attach_each for a table without a 'vintage' column)")
    if by not in data.columns or column not in data.columns:
        raise MissingColumnError(f"data needs columns {by!r} and {column!r} (columns: {list(data.columns)})")
    present = sorted(data[by].dropna().unique())
    if not present:
        raise EmptyInputError(f"by={by!r}: the column holds no values (all missing); choose a column with the panels' keys")
    if keys is None:
        # the panels are the values the data hold: a year nobody asked for (a gap in
        # panel(years=[2019, 2021])) is no panel, and never "No data for 2020"
        keys = [int(x) if by == "year" and float(x).is_integer() else x for x in present]
    frames = {key: (part if len(part := data[data[by] == key]) else None) for key in keys}
    drawn = {k_: f for k_, f in frames.items() if f is not None}
    unit = unit if unit is not None else fu.units_of(data).get(column)
    refuse_counts(column, unit)
    allv = np.concatenate([check_values(f[column], column) for f in drawn.values()])
    cl = classify(allv, scheme=scheme, k=k, bins=bins, center=center, cmap=cmap, lang=lang, unit=unit,
                  decimals=legend_kwds.get("decimals"), nice=bool(classification_kwds.get("nice", True)),
                  column=column)
    n = len(keys)
    left, bottom, width, height = 0.01, 0.075, fu.SIDE_X - 0.02, 0.80
    fw, fh = fu.PAPER[paper]
    if ncols:
        nrows = math.ceil(n / ncols)
    else:
        nrows, ncols = _grid(n, width * fw, height * fh)
    fig = fu.new_figure(paper)
    panels = {}
    cw, rh = width / ncols, height / nrows
    for j, key in enumerate(keys):
        r, c = divmod(j, ncols)
        # room above each map for its header (11 pt bold + 3 pt pad) and a gap of 8 pt to the
        # map above: a fixed height in points, not a share of the cell
        box = (left + c * cw, bottom + (nrows - 1 - r) * rh, cw * 0.98, rh - HEADER_PT / 72 / fh)
        # maps sit at the top of their cell, under their own header: the slack an equal-aspect
        # map leaves goes below it, so a header never touches the panel above (issue 24 review)
        pax = fig.add_axes(box, anchor="N")
        if frames[key] is None:
            pax.set_axis_off()
            pax.text(0.5, 0.5, text("no_data_for", lang).format(key=key), ha="center", va="center",
                     fontsize=11, color="0.35", fontfamily=fu.FONT, transform=pax.transAxes)
        else:
            choropleth(frames[key], column, classes=cl, lang=lang, ax=pax, crs=crs, unit=unit, context=context)
            if pax.get_legend():
                pax.get_legend().remove()
        pax.set_title(str(key), fontsize=11, fontfamily=fu.FONT, loc="left", fontweight="bold", pad=3)
        v = fu.vintage_of(frames[key]) if frames[key] is not None else None
        if v is not None:  # each panel's boundary set (the years before 2022 are on the 2018 set)
            pax.set_title(text("boundaries_of", lang).format(vintage=v), fontsize=8, fontfamily=fu.FONT,
                          loc="right", color="0.35", pad=3)
        panels[key] = pax
    total = reclassify(cl, allv)
    lt = legend_kwds.get("title") or fu.title_of(column, unit if unit and unit.strip() != "%" else None, lang)
    legend = fu.page_legend(fig, fu.legend_handles(total, False, lang), lt)
    if title is None:
        title = _title(column, unit, keys if by == "year" else None, lang)
    fu.titles(fig, title, None)
    fu.source_line(fig, source, lang, context=context)
    first = panels[keys[0]]
    allframes = gpd.GeoDataFrame(
        pd.concat([f.to_crs(crs).assign(**{by: key, "class": reclassify(cl, f[column], column).yb})
                   for key, f in drawn.items()], ignore_index=True),
        crs=crs)
    return Map(fig, first, legend, total, allframes, column, crs, panels, paper)


def _title(column: str, unit: str | None, years, lang: str) -> str | None:
    """The indicator, its unit and the years drawn, gaps shown ("2019, 2021, 2023, 2024",
    not "2019–2024"); None for a column without a catalogue title."""
    from .._regiontext import year_list

    t = indicator_title(column, lang)
    u = fu.unit_text(unit, lang) if unit else None
    t = f"{t} ({u})" if t and u else t
    return f"{t}, {year_list(years)}" if t and years else t
