"""Colours of a categorical map with more categories than the qualitative palette has.

Okabe-Ito has eight colours; a map of twelve functional regions as programme zones cycled
through them, so that Almaty and Ust-Kamenogorsk, or Astana and Zhezkazgan, neighbours,
came out in one colour and read as one zone. Beyond eight categories the zones are coloured
as :meth:`kzregions.Regionalization.plot` colours regions: a graph colouring of the
categories' dissolved areas, so that categories sharing a border never share a colour.
"""

from __future__ import annotations


def colors_for(proj, column: str, cats: list, colors: dict | None = None) -> dict:
    """Category -> colour for ``cats`` of ``proj[column]``: the user's ``colors`` first, then
    neighbour-aware colours from :data:`kzregions.plotting.regionmaps.REGION_PALETTE`."""
    import geopandas as gpd

    from .regionmaps import region_colors

    user = dict(colors or {})
    rest = [c for c in cats if c not in user]
    if not rest:
        return {c: user[c] for c in cats}
    parts = [proj.geometry[(proj[column] == c).to_numpy()].union_all() for c in rest]
    areas = gpd.GeoDataFrame({"category": rest}, geometry=parts, crs=proj.crs)
    auto = dict(zip(rest, region_colors(areas)))
    return {c: user.get(c) or auto[c] for c in cats}
