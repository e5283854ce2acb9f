"""Maps of built regions (:meth:`kzregions.regionalization.Regionalization.plot`): regions
coloured so that neighbours always differ (graph colouring of the dissolved regions'
borders, a colour-blind-safe qualitative palette), each region named on the map, catchment
centres marked, and a title saying how the regions were built: method, variable, year,
floor and boundary set.
"""

from __future__ import annotations

from typing import Any

#: Qualitative, colour-blind safe: Okabe-Ito without black, then Tol's muted colours (a
#: planar map needs at most four; more are used only to spread colours, never required).
REGION_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                  "#999933", "#882255", "#44AA99", "#DDCC77")
#: Regions closer than this (metres, equal-distance CRS) count as neighbours: dissolved
#: geokz units leave slivers of a few metres between regions that share a border.
TOUCH_M = 200.0
CATCHMENT_METHODS = ("nearest", "reilly", "huff")


def region_adjacency(regions) -> list[tuple[int, int]]:
    """Pairs of row positions of ``regions`` (GeoDataFrame, any CRS) whose geometries touch
    (within :data:`TOUCH_M` metres, measured in the metric CRS for Kazakhstan)."""
    import shapely

    from .._crs import METRIC

    g = regions.geometry.to_crs(METRIC).values
    tree = shapely.STRtree(g)
    a, b = tree.query(g, predicate="dwithin", distance=TOUCH_M)
    return sorted({(int(i), int(j)) for i, j in zip(a, b) if i < j})


def region_colors(regions) -> list[str]:
    """A colour per region (row order) from :data:`REGION_PALETTE` such that regions sharing
    a border never share a colour: networkx's greedy colouring (DSATUR) of the adjacency
    graph, colour classes then spread over the palette by size."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(len(regions)))
    graph.add_edges_from(region_adjacency(regions))
    cls = nx.greedy_color(graph, strategy="saturation_largest_first")
    n_cls = max(cls.values(), default=-1) + 1
    if n_cls > len(REGION_PALETTE):  # not for a map of regions (planar): a clear failure, not a clash
        from ..errors import RegionalizationError

        raise RegionalizationError(f"{n_cls} colours needed to tell neighbouring regions apart, the palette has "
                                   f"{len(REGION_PALETTE)}")
    # spare colours: a region takes the least used palette colour none of its neighbours has,
    # so that far regions differ as well where the palette allows
    colour: dict[int, int] = {}
    used = [0] * len(REGION_PALETTE)
    for r in sorted(graph.nodes, key=lambda r: (cls[r], r)):
        taken = {colour[n] for n in graph.neighbors(r) if n in colour}
        free = [c for c in range(len(REGION_PALETTE)) if c not in taken]
        colour[r] = min(free, key=lambda c: (used[c], c))
        used[colour[r]] += 1
    return [REGION_PALETTE[colour[r]] for r in range(len(regions))]


def column_label(column: str, lang: str, labels: dict | None = None) -> str:
    """How a column is named on a region map: the user's label (``labels``), else the
    catalogue's title in ``lang`` (indicators, derived columns, sectors, shift-share
    columns), else the column's name as given: a user's own column is the user's text, like
    a source name, and is not translated (``labels`` or ``title=``/``subtitle=`` override it)."""
    from .._i18n import column_title

    if labels and column in labels:
        return str(labels[column])
    t = column_title(column, lang)
    if t is None:
        return str(column)
    # inside the subtitle's sentence: "by population density", not "by Population density"
    return t if t[1:2].isupper() else t[:1].lower() + t[1:]


def region_titles(reg, lang: str, head: str, labels: dict | None = None) -> tuple[str, str]:
    """The map title (``head``: the kind of regions and their number, then the method) and
    subtitle (variables, year, floor, boundary set) of a :class:`Regionalization`, in ``lang``;
    columns named by :func:`column_label` (``labels``: column -> the user's label)."""
    from .._i18n import text
    from . import _furniture as fu
    from .classes import fmt_number

    p, u = reg.params, reg.units
    method = reg.method
    try:
        title = f"{head} ({text('region_method_' + method, lang)})"
    except KeyError:  # a method added without a name in _i18n: the kind of regions alone
        title = head
    bits = []
    cols = p.get("columns") or ([p["column"]] if p.get("column") else [])
    if method == "nearest":  # the nearest rule uses no data: its column is only totalled
        cols = []
    if cols:
        key = "regions_attraction" if method in CATCHMENT_METHODS else "regions_by"
        bits.append(text(key, lang).format(what=", ".join(column_label(c, lang, labels) for c in cols)))
    years = set(u["year"].dropna()) if "year" in u.columns else set()
    uses_data = bool(cols) or (p.get("floor") is not None and p.get("floor_column"))
    if len(years) == 1 and uses_data:  # no data year on a map built from no data
        bits.append(text("regions_year", lang).format(year=int(next(iter(years)))))
    if p.get("floor") is not None and p.get("floor_column"):
        bits.append(text("regions_floor", lang).format(floor=fmt_number(float(p["floor"]), 0, lang),
                                                       what=column_label(p["floor_column"], lang, labels)))
    v = fu.vintage_of(u)
    if v is not None:
        bits.append(text("boundaries_of", lang).format(vintage=v))
    sub = "; ".join(bits)
    sub = sub[:1].upper() + sub[1:]
    lost = centres_without_area(reg, lang)
    if lost:
        sub = f"{sub}\n{lost}" if sub else lost
    if p.get("synthetic_flows"):
        sub = f"{sub}\n{text('synthetic_flows', lang)}" if sub else text("synthetic_flows", lang)
    return title, sub


def centres_without_area(reg, lang: str) -> str | None:
    """"Centres without a catchment area: 1 (Baykonyr)" for the centres of a catchment map
    that win no unit (None if every centre wins one, or the map is not of catchments)."""
    from .._regiontext import rtext

    given = [str(k) for k in reg.params.get("centres") or ()]
    if reg.method not in CATCHMENT_METHODS or not given or "centre" not in reg.regions.columns:
        return None
    won = {str(k) for k in reg.regions["centre"]}
    lost = [k for k in given if k not in won]
    if not lost:
        return None
    names = reg.diagnostics.get("centre_names") or {}
    shown = [names.get(k, {}).get(f"name_{lang}", k) for k in lost]
    return rtext("centres_without_area", lang).format(k=len(lost), names=", ".join(shown))


#: Type sizes (pt) of the two levels of names on a region map: regions bold and larger,
#: their member units (where named) smaller, regular and grey.
REGION_FONT, UNIT_FONT, UNIT_COLOR = 9.0, 7.0, "0.25"


def name_regions(m, reg, lang: str, *, centres: bool = True, units: bool | str = "auto",
                 callouts: bool = True) -> list:
    """Name each region of ``reg`` on the drawn map ``m`` and, below them in the hierarchy,
    its member units; mark catchment centres; returns the names drawn.

    Regions are named in bold at :data:`REGION_FONT` with the shared labeller (inside, else
    outside with a leader line); a region named after a city of republican significance on
    an oblast map is named beside the city's marker (the city is its namesake: one label,
    not two). Units (``units``: True, False or "auto" = on maps of oblasts, not of districts)
    are named in regular grey type at :data:`UNIT_FONT`, and only where the unit's name is
    not its region's: "Aktobe" over "Aktobe" says nothing twice. ``callouts``: the cities'
    markers were drawn by the map (else the labeller draws them).
    """
    import geopandas as gpd
    import matplotlib
    import numpy as np

    from .._crs import STORAGE
    from .._schema import KIND_CITY_REP
    from . import _furniture as fu

    ax = m.ax
    ax.apply_aspect()
    regions = reg.regions.to_crs(m.crs).reset_index(drop=True)
    if centres and "centre" in regions.columns and reg.diagnostics.get("centre_points"):
        cp = reg.diagnostics["centre_points"]
        # every centre given, also one that wins no unit (the subtitle names it)
        keys = list(dict.fromkeys([*map(str, reg.params.get("centres") or ()), *regions["centre"]]))
        keys = [k for k in keys if k in cp]
        pts = gpd.GeoSeries(gpd.points_from_xy([cp[k][0] for k in keys], [cp[k][1] for k in keys]),
                            crs=STORAGE).to_crs(m.crs)
        ax.scatter(pts.x, pts.y, s=22, marker="o", c="black", edgecolors="white", linewidths=0.9, zorder=9)
    texts = [t for t in ax.texts if t.get_gid() != "halo" and t.get_text()]
    # names of seas, lakes and countries yield to the regions' names; the furniture does not
    ctx = [t for t in texts if t.get_fontstyle() == "italic" or t.get_color() == fu.COUNTRY_TEXT]
    obstacles: list[Any] = [t for t in texts if t not in ctx] + list(ax.patches)
    u = reg.units.to_crs(m.crs).reset_index(drop=True)
    kinds = set(u["kind"]) if "kind" in u.columns else set()
    district_map = bool(kinds & {"district", "city of oblast significance", "city district"})
    col, rcol = f"name_{lang}", f"region_{lang}"
    city = (u["kind"] == KIND_CITY_REP).to_numpy().copy() if "kind" in u.columns else np.zeros(len(u), bool)
    if col in u.columns:
        city &= (u[col] == u[rcol]).to_numpy()
    # a region named after a city of republican significance: its name beside the city
    regions["kind"] = "region"
    for i in np.flatnonzero(city):
        hit = np.flatnonzero((regions[col] == u.at[i, rcol]).to_numpy())
        if len(hit) and not district_map:
            regions.loc[hit[0], "geometry"] = u.geometry.iloc[i]
            regions.loc[hit[0], "kind"] = KIND_CITY_REP
    at_city = (regions["kind"] == KIND_CITY_REP).to_numpy()
    with matplotlib.rc_context({"font.weight": "bold"}):
        named = fu.label_units(ax, regions, col, fontsize=REGION_FONT, obstacles=obstacles,
                               leaders=np.ones(len(regions), bool), skip=at_city if callouts else None)
    show_units = (not district_map) if units == "auto" else bool(units)
    if show_units and col in u.columns:
        own = u[(u[col] != u[rcol]) & u[rcol].notna()]
        if len(own):
            cities = own["kind"].eq(KIND_CITY_REP).to_numpy() if "kind" in own.columns else None
            small = fu.label_units(ax, own, col, fontsize=UNIT_FONT, obstacles=obstacles + named,
                                   skip=cities if callouts else None)
            for t in small:
                t.set_color(UNIT_COLOR)
            named += small
    fu.yield_to_units(ctx, named)
    return named


def built_text(gdf, lang: str, title) -> tuple:
    """Title and zone names (key -> language -> name) a frame of built regions as zones
    carries (``attrs``: ``map_title``, ``category_names``, from
    :meth:`Regionalization.to_programme`); the caller's title wins."""
    a = getattr(gdf, "attrs", {}) or {}
    return ((a.get("map_title") or {}).get(lang) if title is None else title), a.get("category_names") or {}
