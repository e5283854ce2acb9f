"""Programme-zone maps (issue 24): the hatch of members only partly in their zone, clipped by
the water drawn over the units, and the boundary sets the members were drawn on.

Kept apart from :mod:`kzregions.plotting.maps` (its module size limit): ``categorical_map``
calls these for frames of zones (:attr:`ProgrammeRegion.geometry`) and of members.
"""

from __future__ import annotations

#: Hatch of programme members only partly in their zone (some okrugs or settlements).
PARTIAL_HATCH = "////"
#: Natural Earth context kinds drawn as water over the units (lakes over them, the sea
#: beside them): no hatch lies on them.
WATER_KINDS = ("lake", "sea")


def without_water(shapes, crs):
    """``shapes`` (GeoSeries in ``crs``) less the Natural Earth lakes and seas drawn on maps
    (the Aral Sea, Balkhash, Zaysan, ... in the context layer); empty parts dropped."""
    from .._crs import STORAGE
    from ._backdrop import context_layer

    if not len(shapes):
        return shapes
    b = shapes.to_crs(STORAGE).total_bounds
    ctx = context_layer()
    water = ctx[ctx["kind"].isin(WATER_KINDS)].cx[b[0]:b[2], b[1]:b[3]]
    if water.empty:
        return shapes
    out = shapes.difference(water.to_crs(crs).geometry.union_all())
    return out[~out.is_empty]


def draw_partial(ax, proj, attrs: dict, crs) -> bool:
    """Hatch the members flagged ``partial`` (a members frame) or the partial part of the
    zones (``attrs["partial"]`` of :attr:`ProgrammeRegion.geometry`), never over water;
    True if any was drawn."""
    import geopandas as gpd

    shapes = proj[proj["partial"].fillna(False).astype(bool).to_numpy()].geometry if "partial" in proj else \
        gpd.GeoSeries([g for g in [attrs.get("partial")] if g is not None], crs="EPSG:4326").to_crs(crs)
    if not len(shapes):
        return False
    shapes = without_water(shapes, crs)
    shapes.plot(ax=ax, facecolor="none", edgecolor="0.2", hatch=PARTIAL_HATCH, linewidth=0.0, zorder=2.5,
                gid="partial_hatch")
    return True


def boundary_sets(proj, attrs: dict) -> dict[int, int]:
    """Boundary set -> number of units drawn on it: the ``vintage`` column of a members frame,
    else ``attrs["vintages"]`` of a frame of zones (its members' sets); empty if unknown."""
    if "vintage" in proj and "kato" in proj:
        v = proj["vintage"].dropna().astype(int)
        return {int(k): int(n) for k, n in sorted(v.value_counts().items())}
    return {int(k): int(n) for k, n in sorted((attrs.get("vintages") or {}).items())}


def sets_sentence(sets: dict[int, int], lang: str) -> str | None:
    """"2018 boundaries (26 units) and 2024 boundaries (3 units)" in ``lang`` (a sentence
    of the source line), or None when the units come from one set (said as usual)."""
    from .._i18n import count_phrase, text
    from ._furniture import boundary_set

    if len(sets) < 2:
        return None
    parts = [f"{boundary_set(v, lang) if i == 0 else text('boundaries_of', lang).format(vintage=v)} "
             f"({count_phrase('units', n, lang)})" for i, (v, n) in enumerate(sorted(sets.items()))]
    return ", ".join(parts[:-1]) + text("and", lang) + parts[-1]
