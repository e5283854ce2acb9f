"""What a map of part of the country says about itself: which units it names by default and
which oblast(s) its subtitle names.

A district map of the whole country (224 units) stays unnamed at page scale; a map of the
districts of one or two oblasts (8 to 40 units) names every unit, as an atlas sheet does, and
says in its subtitle whose districts they are.
"""

from __future__ import annotations

from . import _furniture as fu

#: Largest number of units that ``labels="auto"`` names on a district map (two oblasts of the
#: 2024 set have at most 36 districts and cities; the country has 224).
AUTO_LABEL_MAX = 40


def auto_labels(labels, district_map: bool, n_units: int) -> bool:
    """Whether ``labels`` ("auto", True or False) names the units of a map of ``n_units``:
    "auto" names every oblast map and district maps of up to :data:`AUTO_LABEL_MAX` units."""
    if isinstance(labels, str) and labels == "auto":
        return not district_map or n_units <= AUTO_LABEL_MAX
    return bool(labels)


def units_title(gdf, lang: str) -> str | None:
    """The title of :func:`kzregions.plot_units` for the districts of one or two oblasts
    ("Akmola oblast, Astana: districts ..., 2024 boundaries"); None for other maps (which
    show Kazakhstan)."""
    t = subtitle(gdf, lang)
    return t if t is not None and t != fu.default_subtitle(gdf, lang) else None


def oblasts_drawn(gdf) -> list | None:
    """The KATO codes of the one or two oblasts whose districts ``gdf`` holds, else None."""
    if "oblast_kato" not in gdf or "level" not in gdf or not len(gdf) or int(gdf["level"].iloc[0]) != 2:
        return None
    keys = list(dict.fromkeys(gdf["oblast_kato"].dropna()))
    return keys if 1 <= len(keys) <= 2 else None


def neighbour_oblasts(ax, proj, lang: str, obstacles=()) -> list:
    """On a district map of one or two oblasts, the oblasts around them as an atlas sheet
    shows them: their borders in grey and their names in grey italics, clear of
    ``obstacles``; returns the names drawn (obstacles for the units' own labels)."""
    from shapely.geometry import box

    from ..boundaries import oblasts
    from ._sheets import name_neighbours

    keys, v = oblasts_drawn(proj), fu.vintage_of(proj)
    if keys is None or v is None:
        return []
    try:
        country = oblasts(v).to_crs(proj.crs)
    except fu.FURNITURE_ERRORS as exc:
        fu.left_off("the neighbouring oblasts", exc)
        return []
    xl, yl = ax.get_xlim(), ax.get_ylim()
    near = country[~country["kato"].isin(keys)]
    near = near.iloc[near.sindex.query(box(xl[0], yl[0], xl[1], yl[1]), predicate="intersects")]
    if len(near):
        near.boundary.plot(ax=ax, color="0.62", linewidth=0.7, zorder=0.6)
        ax.set_xlim(xl)
        ax.set_ylim(yl)
    return name_neighbours(ax, near, proj.geometry.union_all(), lang, obstacles)


def subtitle(gdf, lang: str) -> str | None:
    """The default subtitle: what the units are and their boundary set, preceded by the
    oblast(s) when the districts drawn lie in one or two oblasts ("Kyzylorda oblast:
    districts and cities of oblast significance, 2024 boundaries")."""
    from ._sheets import oblast_names

    base = fu.default_subtitle(gdf, lang)
    v, keys = fu.vintage_of(gdf), oblasts_drawn(gdf)
    if base is None or v is None or keys is None:
        return base
    heads = oblast_names(v, lang)
    if not all(k in heads for k in keys):
        return base
    return f"{', '.join(heads[k][0] for k in keys)}: {base[:1].lower()}{base[1:]}"


def one_per_unit(proj, cities):
    """``proj`` and the ``cities`` mask with one row per ``kato``: a programme member split
    between two zones is a row per zone, and is named once."""
    if "kato" not in proj:
        return proj, cities
    once = ~proj["kato"].duplicated().to_numpy()
    return proj[once], cities[once]
