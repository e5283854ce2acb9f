"""Programme regions: target areas of state programmes that cut across administrative borders.

A :class:`ProgrammeRegion` has members (administrative units, each with the zone it belongs
to, whether only part of it is meant, and the share of its area inside), zones (one outline
each), and provenance (how it was built, from what, on which boundaries). Regions combine
with ``|``, ``&`` and ``-``; members are recomputed from the geometry, areas are computed in
the equal-area CRS for Kazakhstan.

The shipped catalogue (:func:`programmes`, :func:`programme`) reads the membership lists in
``kzregions/datasets/`` (sources and verbatim legal wording in ``SOURCES-programmes.md``):
the Aral Sea zones of the law of 30 June 1992 (1997 and 2018 wordings), the Semipalatinsk
test-site zones of the law of 18 December 1992 (1994 and 2012 texts), 21 of the 27
monotowns of the 2012-2020 programme, the special economic zones, and the counts (only) of
the 1999 depressed districts. Members named in the source's words (Russian, genitive case,
old spellings such as Челкарский or Кзыл-Орда) are matched to the 2018 boundaries first,
then to 2024; a member that cannot be matched is listed in ``unmatched`` with the reason,
never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ._catalogue_extra import CATALOGUE as _EXTRA_CATALOGUE  # issue 14
from ._catalogue_extra import build as _build_extra  # issue 14
from ._crs import METRIC, STORAGE
from .errors import (
    AmbiguousRegionError,
    CRSMismatchError,
    EmptyRegionError,
    InvalidGeometryError,
    KzRegionsError,
    UnknownRegionError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

MEMBER_COLUMNS = ["kato", "name_en", "name_ru", "level", "oblast_kato", "oblast_en", "vintage", "zone",
                  "partial", "partial_note", "share", "name_as_in_source", "oblast_at_time", "derived",
                  "matched_on", "geometry"]

_CATALOGUE = {
    "aral_sea": {
        "file": "aral_1992_zones.csv",
        "title": "Aral Sea region: zones of ecological disaster, crisis and pre-crisis",
        "legal_act": "Law of the Republic of Kazakhstan of 30 June 1992 No. 1468-XII on the social "
                     "protection of citizens affected by the ecological disaster in the Aral Sea region, "
                     "arts. 3-5 (art. 5 as worded by the Law of 4 November 1997 No. 186)",
        "date": "1992-06-30",
        "versions": {"1997": "text in force from 1997 (Law No. 186) to 2018",
                     "2018": "text as amended by the Law of 28 December 2018 No. 210-VI"},
        "default": "2018",
    },
    "semipalatinsk": {
        "file": "semipalatinsk_1992_zones.csv",
        "title": "Semipalatinsk nuclear test site: zones of radiation risk and privileged status",
        "legal_act": "Law of the Republic of Kazakhstan of 18 December 1992 No. 1787-XII on the social "
                     "protection of citizens affected by nuclear tests at the Semipalatinsk test site, arts. 5-9",
        "date": "1992-12-18",
        "versions": {"1994": "text as amended on 9 November 1994",
                     "2012": "text as amended by the Law of 27 April 2012 No. 15-V"},
        "default": "2012",
    },
    "monotowns": {
        "file": "monotowns_2012.csv",
        "title": "Single-industry towns (monotowns) of the Monotowns Development Programme 2012-2020",
        "legal_act": "Monotowns Development Programme 2012-2020 (Government resolution; town list not "
                     "read: 21 of the 27 towns confirmed one by one from public sources)",
        "date": "2012",
        "versions": {"2012": "21 of 27 towns"},
        "default": "2012",
    },
    "sez": {
        "file": "sez_kazakhstan.csv",
        "title": "Special economic zones",
        "legal_act": "Founding decrees and government resolutions of each zone (see the source column)",
        "date": "2001-2025",
        "versions": {"2025": "zones and locations as read in 2025"},
        "default": "2025",
    },
    "depressed_1999": {
        "file": None,
        "title": "Districts with a depressed economy (1999)",
        "legal_act": "Government Decree of 11 May 1999 No. 561 on assistance to districts with a "
                     "depressed economy",
        "date": "1999-05-11",
        "versions": {"1999": "list not found: counts per region only"},
        "default": "1999",
        # the only facts known (a Kazakh-language textbook chapter citing the decree)
        "counts": {"total": 27, "West Kazakhstan": 5, "East Kazakhstan": 3, "North Kazakhstan": 9,
                   "South Kazakhstan": 8, "central Kazakhstan oblasts": 2},
        "notes": "27 rural districts holding 15.6 % of the population; economic activity restored "
                 "in 13 of them after state aid. The list of districts was not found, so no member "
                 "and no geometry is shipped.",
    },
}


# ----------------------------------------------------------------------------- the object
@dataclass(eq=False)
class ProgrammeRegion:
    """A target territory of a programme, built from units or from geometry.

    Attributes
    ----------
    name : str
    members : geopandas.GeoDataFrame
        One row per (unit, zone): ``kato``, names, ``level``, ``oblast_kato``/``oblast_en``
        (in the unit's own vintage), ``vintage``, ``zone``, ``partial`` (only part of the
        unit is meant: rural councils, settlements, "within the limits of ..."; drawn with
        the whole unit, so areas are upper bounds), ``partial_note``, ``share`` (share of
        the unit's area inside the region: 1 for units named whole), ``name_as_in_source``,
        ``oblast_at_time``, ``derived`` (applied from a rule of the source rather than
        named), ``matched_on``, geometry (EPSG:4326).
    unmatched : pandas.DataFrame
        Source entries that could not be matched to a unit, with the reason.
    description : str
    provenance : list of str
        How the region was built, step by step.
    metadata : dict
        Legal act, date, text version, sources.
    vintage : int
        Boundary set the members were taken from when building (members keep their own
        ``vintage``: old names may only match the 2018 set).
    """

    name: str
    members: Any = field(repr=False)
    unmatched: Any = field(repr=False, default=None)
    description: str = ""
    provenance: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    vintage: int = 2024
    _outline: Any = field(default=None, repr=False)

    # -- geometry
    @property
    def zones(self) -> list[str]:
        """Zone names, in order of appearance."""
        return list(dict.fromkeys(self.members["zone"])) if len(self.members) else []

    @property
    def geometry(self) -> gpd.GeoDataFrame:
        """Dissolved outline of each zone: ``zone``, ``n_members``, ``area_km2``, geometry (EPSG:4326)."""
        import geopandas as gpd
        import shapely

        from ._crs import area_km2
        from .data import GRID, _to_multipolygon

        if self._outline is not None:  # built from geometry: one zone, the outline itself
            geoms = [self._outline]
            zones, counts = [self.zones[0] if self.zones else self.name], [len(self.members)]
        else:
            zones = self.zones
            geoms, counts = [], []
            for z in zones:
                part = self.members[self.members["zone"] == z]
                geoms.append(_to_multipolygon(shapely.union_all(part.geometry.values, grid_size=GRID)))
                counts.append(len(part))
        out = gpd.GeoDataFrame({"zone": zones, "n_members": counts}, geometry=geoms, crs=STORAGE)
        out["area_km2"] = area_km2(out.geometry)
        return out[["zone", "n_members", "area_km2", "geometry"]]

    @property
    def outline(self):
        """The whole region as one (multi)polygon, EPSG:4326."""
        import shapely

        from .data import GRID, _to_multipolygon

        if self._outline is not None:
            return self._outline
        return _to_multipolygon(shapely.union_all(self.members.geometry.values, grid_size=GRID))

    @property
    def area_km2(self) -> float:
        """Area of the whole region (zones may overlap; counted once), km², equal-area CRS."""
        return _area(self.outline)

    # -- analysis
    def composition(self, vintage: int = 2024, population: bool = True) -> pd.DataFrame:
        """Which oblasts and districts the region cuts across, and how much of each is inside.

        Parameters
        ----------
        vintage : {2024, 2018}
            Boundaries of the districts. Oblasts are given for both sets (``level`` 1 rows
            with ``vintage`` 2018 and 2024), so "the oblasts of the time and today's" are
            one call.
        population : bool
            Add the population inside (1 January 2023, districts of 2024; a partly covered
            district counts in proportion to the area inside, ``population_estimated`` True).

        Returns
        -------
        pandas.DataFrame
            Rows per unit the region touches: ``level``, ``vintage``, ``kato``, ``name_en``,
            ``oblast_en``, ``area_inside_km2``, ``share_of_unit`` (of the unit's area),
            ``share_of_region``, ``upper_bound`` (a partial member lies in it: the true area
            and population inside are at most these), ``population_inside``,
            ``population_estimated``. NaN population where the district has no 2023 figure.
        """
        import numpy as np
        import pandas as pd

        from . import data

        region = self.outline
        total = self.area_km2
        partial_geom = self._partial_outline()
        rows = []
        layers = [(1, 2018, data.oblasts(2018)), (1, 2024, data.oblasts(2024)),
                  (2, vintage, data.districts(vintage))]
        for level, v, units in layers:
            inside = _overlap_km2(units, region)
            hit = inside > total * 1e-6
            u = units[hit]
            part = _overlap_km2(u, partial_geom) if partial_geom is not None else np.zeros(hit.sum())
            rows.append(pd.DataFrame({
                "level": level, "vintage": v, "kato": u["kato"].to_numpy(), "name_en": u["name_en"].to_numpy(),
                "oblast_en": u["oblast_en"].to_numpy(), "area_inside_km2": inside[hit],
                "share_of_unit": inside[hit] / u["area_km2"].to_numpy(),
                "share_of_region": inside[hit] / total, "upper_bound": part > 1e-6,
            }))
        out = pd.concat(rows, ignore_index=True)
        if population:
            out = _add_population(out, region, vintage)
        return out

    def _partial_outline(self):
        import shapely

        from .data import GRID

        p = self.members[self.members["partial"]]
        if not len(p):
            return None
        return shapely.union_all(p.geometry.values, grid_size=GRID)

    # -- set algebra
    def __or__(self, other: ProgrammeRegion) -> ProgrammeRegion:
        return _combine(self, other, "|")

    def __and__(self, other: ProgrammeRegion) -> ProgrammeRegion:
        return _combine(self, other, "&")

    def __sub__(self, other: ProgrammeRegion) -> ProgrammeRegion:
        return _combine(self, other, "-")

    # -- output
    def to_file(self, path, driver: str | None = None) -> None:
        """Write the region: zones (outline per zone) and members (unit polygons).

        GeoPackage (``.gpkg``): two layers, ``zones`` and ``members``. GeoJSON or Shapefile:
        the zones in ``path`` and the members beside it in ``<stem>_members<ext>``. Zone
        features carry the region's name, description, provenance and member codes.
        """
        from pathlib import Path

        path = Path(path)
        ext = path.suffix.lower()
        drivers = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile"}
        driver = driver or drivers.get(ext)
        if driver is None:
            raise ValueError(f"cannot tell the format of {str(path)!r}: use .gpkg, .geojson or .shp")
        zones = self.geometry.copy()
        zones.insert(0, "region", self.name)
        zones["members"] = [";".join(self.members.loc[self.members["zone"] == z, "kato"]) for z in zones["zone"]]
        zones["provenance"] = " | ".join(self.provenance)
        zones["description"] = self.description
        members = self.members.copy()
        members["partial_note"] = members["partial_note"].fillna("")
        if driver == "ESRI Shapefile":  # 10-character field names
            zones = zones.rename(columns={"n_members": "n_members", "provenance": "provenanc", "description": "descr"})
            members = members.rename(columns={"oblast_kato": "obl_kato", "partial_note": "part_note",
                                              "name_as_in_source": "src_name", "oblast_at_time": "obl_time",
                                              "matched_on": "matched"})
        if driver == "GPKG":
            zones.to_file(path, layer="zones", driver=driver)
            members.to_file(path, layer="members", driver=driver)
        else:
            zones.to_file(path, driver=driver)
            members.to_file(path.with_name(f"{path.stem}_members{path.suffix}"), driver=driver)

    def __repr__(self) -> str:
        n = len(self.members)
        partial = int(self.members["partial"].sum()) if n else 0
        obl = self.members["oblast_en"].nunique() if n else 0
        bits = [f"{len(self.zones)} zone(s)", f"{n} members ({partial} partial)", f"in {obl} oblasts"]
        if self.unmatched is not None and len(self.unmatched):
            bits.append(f"{len(self.unmatched)} source entries unmatched")
        area = f"{self.area_km2:,.0f} km²" if (n or self._outline is not None) else "no territory"
        return f"<ProgrammeRegion {self.name!r}: {', '.join(bits)}; {area}>"

    # -- builders
    @classmethod
    def from_units(
        cls,
        units: list,
        oblast: str | None = None,
        name: str = "custom region",
        vintage: int = 2024,
        level: int | str = 2,
        zone: str | None = None,
        description: str = "",
    ) -> ProgrammeRegion:
        """A region made of whole administrative units.

        Parameters
        ----------
        units : list
            Names (any language or form :func:`kzregions.resolve` accepts, e.g. Russian
            genitive from a legal act) or KATO codes.
        oblast : str, optional
            Oblast of the units, to settle repeated names.
        vintage : {2024, 2018}
        level : {1, 2}
        zone : str, optional
            Zone name of all members (default: the region's name).

        Raises
        ------
        UnknownRegionError, AmbiguousRegionError
            Listing every name that failed, not only the first.
        """
        from . import data
        from .names import resolve_many

        if isinstance(units, str):
            units = [units]
        if not len(units):
            raise EmptyRegionError("from_units needs at least one unit")
        v = data.check_vintage(vintage)
        lv = data.check_level(level)
        res = resolve_many(units, level=lv, vintage=v, oblast=oblast)
        bad = res.unresolved
        if len(bad):
            msg = "\n".join(f"  {q!r}: {d}" for q, d in zip(bad["query"], bad["detail"]))
            err = AmbiguousRegionError if (bad["status"] == "ambiguous").all() else UnknownRegionError
            raise err(f"{len(bad)} of {len(units)} units could not be resolved:\n{msg}", list(bad["query"]))
        layer = data.units(lv, v).set_index("kato")
        katos = list(dict.fromkeys(res.kato))
        members = _members_frame(layer.loc[katos].reset_index(), zone or name, share=1.0,
                                 source_names=[str(u) for u in units], matched_on=list(res.table["matched_on"]))
        return cls(name, members, _empty_unmatched(), description,
                   [f"from units ({len(katos)}, level {lv}, {v} boundaries): {', '.join(map(str, units))}"],
                   {}, v)

    @classmethod
    def from_geometry(
        cls,
        geometry,
        name: str = "custom region",
        vintage: int = 2024,
        level: int | str = 2,
        threshold: float = 0.01,
        crs: str | None = None,
        description: str = "",
    ) -> ProgrammeRegion:
        """A region from any geometry or GeoDataFrame; members are the units it overlaps.

        Parameters
        ----------
        geometry : GeoDataFrame, GeoSeries or shapely geometry
            The territory. A GeoDataFrame/GeoSeries must have a CRS (it is reprojected to
            EPSG:4326); a bare geometry is taken as EPSG:4326 unless ``crs`` says otherwise.
            The region is clipped to Kazakhstan.
        threshold : float
            A unit is a member if at least this share of its area lies inside (default 1 %);
            ``share`` records each member's share.
        """
        import shapely

        from . import data
        from .data import GRID, _to_multipolygon

        drawn = _as_outline(geometry, crs)
        outline = _to_multipolygon(shapely.intersection(drawn, data.country().geometry.iloc[0], grid_size=GRID))
        return cls._from_outline(outline, name, vintage, level, threshold, description,
                                 [f"from geometry ({_area(drawn):,.0f} km² drawn, {_area(outline):,.0f} km² "
                                  f"inside Kazakhstan), members with ≥ {threshold:.0%} of their area inside"])

    @classmethod
    def _from_outline(cls, outline, name, vintage, level, threshold, description, provenance, zone=None):
        from . import data

        v = data.check_vintage(vintage)
        lv = data.check_level(level)
        if not 0 <= threshold < 1:
            raise ValueError(f"threshold={threshold}: a share of a unit's area in [0, 1)")
        if outline.is_empty or _area(outline) <= 0:
            raise EmptyRegionError(f"{name!r}: the geometry has no area")
        units = data.units(lv, v)
        inside = _overlap_km2(units, outline)
        share = inside / units["area_km2"].to_numpy()
        keep = share >= max(threshold, 1e-9)
        members = _members_frame(units[keep].reset_index(drop=True), zone or name, share=share[keep],
                                 partial=share[keep] < 0.999)
        members["partial_note"] = [None if s >= 0.999 else f"{s:.1%} of the unit inside" for s in share[keep]]
        return cls(name, members, _empty_unmatched(), description, provenance, {}, v, _outline=outline)


# ----------------------------------------------------------------------------- helpers
def _empty_unmatched():
    import pandas as pd

    return pd.DataFrame(columns=["zone", "name_as_in_source", "oblast_at_time", "reason"])


def _members_frame(units, zone, share=1.0, partial=False, source_names=None, matched_on=None):
    import geopandas as gpd
    import numpy as np

    n = len(units)
    out = gpd.GeoDataFrame({
        "kato": units["kato"].to_numpy(), "name_en": units["name_en"].to_numpy(),
        "name_ru": units["name_ru"].to_numpy(), "level": units["level"].to_numpy(),
        "oblast_kato": units["oblast_kato"].to_numpy(), "oblast_en": units["oblast_en"].to_numpy(),
        "vintage": units["vintage"].to_numpy(), "zone": zone,
        "partial": np.broadcast_to(partial, n).astype(bool), "partial_note": None,
        "share": np.broadcast_to(share, n).astype(float),
        "name_as_in_source": source_names if source_names is not None and len(source_names) == n else None,
        "oblast_at_time": None, "derived": False,
        "matched_on": matched_on if matched_on is not None and len(matched_on) == n else "geometry",
    }, geometry=units.geometry.values, crs=STORAGE)
    return out[MEMBER_COLUMNS]


def _area(geom) -> float:
    import geopandas as gpd

    from ._crs import area_km2

    return float(area_km2(gpd.GeoSeries([geom], crs=STORAGE)).iloc[0])


def _overlap_km2(units, geom):
    """Area (km², equal-area CRS) of each unit inside ``geom``."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from .data import GRID

    g = np.asarray(units.geometry.values)
    hit = shapely.intersects(g, geom)
    out = np.zeros(len(g))
    if hit.any():
        from ._crs import area_km2

        inter = shapely.intersection(g[hit], geom, grid_size=GRID)
        out[hit] = area_km2(gpd.GeoSeries(inter, crs=STORAGE)).to_numpy()
    return out


def _as_outline(geometry, crs):
    """A valid (multi)polygon in EPSG:4326 from a GeoDataFrame, GeoSeries or geometry."""
    import geopandas as gpd
    import shapely

    from .data import GRID, _to_multipolygon

    if isinstance(geometry, ProgrammeRegion):
        return geometry.outline
    if isinstance(geometry, (gpd.GeoDataFrame, gpd.GeoSeries)):
        if geometry.crs is None:
            raise CRSMismatchError("the geometry has no CRS: set it (e.g. .set_crs('EPSG:4326')) so it "
                                   "can be placed on the map of Kazakhstan")
        geoms = geometry.to_crs(STORAGE).geometry.values if isinstance(geometry, gpd.GeoDataFrame) \
            else geometry.to_crs(STORAGE).values
        g = shapely.union_all(shapely.make_valid(geoms), grid_size=GRID)
    elif isinstance(geometry, shapely.Geometry):
        g = geometry
        if crs is not None:
            g = gpd.GeoSeries([g], crs=crs).to_crs(STORAGE).iloc[0]
        minx, miny, maxx, maxy = g.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise CRSMismatchError(
                f"coordinates up to ({maxx:.0f}, {maxy:.0f}) are not longitude/latitude: the geometry "
                "looks projected. Pass crs= with its CRS (e.g. crs='EPSG:32642') or a GeoDataFrame with its CRS set."
            )
        if not shapely.is_valid(g):
            g = shapely.make_valid(g)
    else:
        raise TypeError(f"expected a GeoDataFrame, GeoSeries or shapely geometry, got {type(geometry).__name__}")
    g = _to_multipolygon(g)
    if g.is_empty:
        raise InvalidGeometryError("the geometry has no polygonal part (points or lines only?): buffer it first")
    return g


def _combine(a: ProgrammeRegion, b: ProgrammeRegion, op: str) -> ProgrammeRegion:
    import shapely

    from .data import GRID, _to_multipolygon

    if not isinstance(b, ProgrammeRegion):
        return NotImplemented
    fa, fb = a.outline, b.outline
    fn = {"|": shapely.union, "&": shapely.intersection, "-": shapely.difference}[op]
    g = _to_multipolygon(fn(fa, fb, grid_size=GRID))
    name = f"({a.name} {op} {b.name})"
    if g.is_empty or _area(g) <= 0:
        raise EmptyRegionError(f"{name} has no territory: the regions do not overlap" if op == "&"
                               else f"{name} has no territory")
    threshold = 0.01
    prov = [f"{a.name}: {' / '.join(a.provenance)}", f"{b.name}: {' / '.join(b.provenance)}",
            f"{'union' if op == '|' else 'intersection' if op == '&' else 'difference'} {name}; "
            f"members recomputed (≥ {threshold:.0%} of a unit's area inside)"]
    v = a.vintage if isinstance(a.vintage, int) else 2024
    return ProgrammeRegion._from_outline(g, name, v, 2, threshold, "", prov, zone=name)


# ----------------------------------------------------------------------------- distances
def border_belt(km: float, coasts: bool = True, sea=None, vintage: int = 2024, threshold: float = 0.01) -> ProgrammeRegion:
    """The land within ``km`` kilometres of the state border.

    Distances are measured in the equidistant conic for Kazakhstan (metres).

    Parameters
    ----------
    km : float
        Width of the belt, > 0.
    coasts : bool
        ``True`` (default): the whole outline of the country is the border, including the
        Caspian and Aral Sea coasts (the Caspian coast is a state border at sea).
        ``False``: coasts do not count; pass the seas as ``sea`` (polygons, any CRS) -
        kzregions ships no coastline, and a border piece is dropped where it lies within
        1 km of ``sea``.
    sea : GeoDataFrame, GeoSeries or geometry, optional
        Water bodies whose shores are not border (with ``coasts=False``).
    """
    import geopandas as gpd
    import shapely

    from . import data
    from .data import GRID, _to_multipolygon

    _check_km(km)
    country = data.country().geometry.iloc[0]
    line = gpd.GeoSeries([country.boundary], crs=STORAGE).to_crs(METRIC).iloc[0]
    what = "the state border (coasts included)"
    if not coasts:
        if sea is None:
            raise ValueError("coasts=False needs sea= (polygons of the Caspian and Aral seas): kzregions ships "
                             "no coastline to tell the coast from the land border")
        water = _as_outline(sea, None)
        water_m = gpd.GeoSeries([water], crs=STORAGE).to_crs(METRIC).iloc[0]
        line = shapely.difference(line, shapely.buffer(water_m, 1000.0))
        what = "the land border (shores of the given seas excluded)"
    belt_m = shapely.buffer(line, km * 1000.0, quad_segs=8)
    belt = gpd.GeoSeries([belt_m], crs=METRIC).to_crs(STORAGE).iloc[0]
    region = _to_multipolygon(shapely.intersection(belt, country, grid_size=GRID))
    name = f"within {km:g} km of {what}"
    return ProgrammeRegion._from_outline(region, name, vintage, 2, threshold, "",
                                         [f"buffer of {km:g} km around {what} in the equidistant conic "
                                          f"(lon_0 67, lat_1 45, lat_2 51), clipped to the country"])


def within_distance(points, km: float, vintage: int = 2024, threshold: float = 0.01, name: str | None = None) -> ProgrammeRegion:
    """The land within ``km`` kilometres of any of ``points`` (e.g. :func:`kzregions.centres`).

    Distances are measured in the equidistant conic for Kazakhstan; the result is clipped
    to the country.
    """
    import geopandas as gpd
    import shapely

    from . import data
    from .data import GRID, _to_multipolygon

    _check_km(km)
    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise TypeError("points must be a GeoDataFrame or GeoSeries with a CRS")
    if points.crs is None:
        raise CRSMismatchError("points have no CRS: set it first (e.g. .set_crs('EPSG:4326'))")
    if len(points) == 0:
        raise EmptyRegionError("no points given")
    pm = points.to_crs(METRIC).geometry.values
    buf = shapely.union_all(shapely.buffer(pm, km * 1000.0, quad_segs=16))
    geo = gpd.GeoSeries([buf], crs=METRIC).to_crs(STORAGE).iloc[0]
    country = data.country().geometry.iloc[0]
    region = _to_multipolygon(shapely.intersection(geo, country, grid_size=GRID))
    nm = name or f"within {km:g} km of {len(points)} points"
    return ProgrammeRegion._from_outline(region, nm, vintage, 2, threshold, "",
                                         [f"buffer of {km:g} km around {len(points)} points in the equidistant "
                                          "conic, clipped to the country"])


def _check_km(km) -> None:
    try:
        ok = float(km) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"distance must be a positive number of km, got {km!r}")


# ----------------------------------------------------------------------------- rules
def select(units: gpd.GeoDataFrame, rule: str, name: str | None = None, zone: str | None = None) -> ProgrammeRegion:
    """Units that satisfy a rule over their attributes, e.g. ``"unemployment > 6 and density < 2"``.

    The rule is a :meth:`pandas.DataFrame.query` expression. Units where a column of the
    rule is NaN do not satisfy it (and are counted in the provenance). The members keep the
    values of the columns the rule uses, so the selection explains itself.
    """
    import numpy as np

    if not isinstance(rule, str) or not rule.strip():
        raise ValueError("rule must be a query string such as 'unemployment_rate > 6'")
    cols = [c for c in units.columns if re.search(rf"(?<![\w`]){re.escape(c)}(?![\w`])", rule) or f"`{c}`" in rule]
    if not cols:
        raise KeyError(f"the rule {rule!r} names no column of the units (columns: {list(units.columns)})")
    try:
        picked = units.query(rule)
    except Exception as exc:
        raise ValueError(f"cannot evaluate the rule {rule!r}: {exc}") from exc
    nan = int(units[cols].isna().any(axis=1).sum())
    if not len(picked):
        ranges = "; ".join(f"{c}: {units[c].min():g} to {units[c].max():g}" for c in cols
                           if np.issubdtype(units[c].dtype, np.number))
        raise EmptyRegionError(f"no unit satisfies {rule!r} ({ranges})")
    nm = name or f"units where {rule}"
    members = _members_frame(picked.reset_index(drop=True), zone or nm)
    for c in cols:
        members[c] = picked[c].to_numpy()
    v = int(units["vintage"].iloc[0]) if "vintage" in units else 2024
    prov = [f"rule {rule!r}: {len(picked)} of {len(units)} units"
            + (f"; {nan} units with a missing value in {cols} cannot satisfy it" if nan else "")]
    return ProgrammeRegion(nm, members, _empty_unmatched(), "", prov, {"rule": rule}, v)


# ----------------------------------------------------------------------------- catalogue
def programmes() -> pd.DataFrame:
    """The shipped catalogue: ``id``, ``title``, ``legal_act``, ``date``, ``versions``,
    ``default_version``, ``entries`` (rows in the source list), ``source_file``."""
    import pandas as pd

    rows = []
    for pid, c in _CATALOGUE.items():
        n = len(_read(c["file"])) if c["file"] else 0
        rows.append({"id": pid, "title": c["title"], "legal_act": c["legal_act"], "date": c["date"],
                     "versions": ", ".join(f"{k}: {v}" for k, v in c["versions"].items()),
                     "default_version": c["default"], "entries": n,
                     "source_file": f"kzregions/datasets/{c['file']}" if c["file"] else None})
    return pd.DataFrame(rows)


@cache
def _read_cached(fname: str):
    from .attributes import _read_csv

    return _read_csv(fname)


def _read(fname):
    return _read_cached(fname).copy()


def programme(pid: str, version: str | None = None) -> ProgrammeRegion:
    """A programme region of the shipped catalogue (see :func:`programmes`).

    Parameters
    ----------
    pid : {"aral_sea", "semipalatinsk", "monotowns", "sez", "depressed_1999"}
    version : str, optional
        Text version (``"1997"``/``"2018"`` for the Aral zones, ``"1994"``/``"2012"`` for
        Semipalatinsk); default the latest.
    """
    if pid in _EXTRA_CATALOGUE:  # issue 14: agglomerations, macroregions_2025 (kzregions/_catalogue_extra.py)
        return ProgrammeRegion(**_build_extra(pid, version))
    if pid not in _CATALOGUE:
        import difflib

        known = [*_CATALOGUE, *_EXTRA_CATALOGUE]  # issue 14
        raise UnknownRegionError(f"no programme {pid!r}; known: {sorted(known)} "
                                 f"(closest: {difflib.get_close_matches(pid, known, n=2)})")
    c = _CATALOGUE[pid]
    ver = str(version) if version is not None else c["default"]
    if ver not in c["versions"]:
        raise ValueError(f"{pid} has text versions {sorted(c['versions'])}, not {version!r}")
    meta = {"id": pid, "title": c["title"], "legal_act": c["legal_act"], "date": c["date"], "version": ver,
            "version_note": c["versions"][ver]}
    if c["file"] is None:
        meta.update(counts=c["counts"], notes=c["notes"])
        import geopandas as gpd

        empty = gpd.GeoDataFrame({k: [] for k in MEMBER_COLUMNS if k != "geometry"}, geometry=[], crs=STORAGE)
        return ProgrammeRegion(c["title"], empty, _empty_unmatched(), c["notes"],
                               ["no member list: the decree's list was not found; counts per region "
                                "are in metadata['counts']"], meta, 2018)
    rows = _read(c["file"])
    rows = _select_version(pid, rows, ver)
    members, unmatched = _match_rows(rows)
    meta["sources"] = sorted(set(rows["source"]))
    prov = [f"{len(rows)} entries of {c['file']} ({c['versions'][ver]}); {len(members)} members matched "
            f"to units (2018 boundaries first, then 2024); {len(unmatched)} not matched"]
    return ProgrammeRegion(f"{c['title']} ({ver})", members, unmatched, c["legal_act"], prov, meta, 2018)


def _select_version(pid: str, rows, ver: str):
    if pid == "aral_sea" and ver == "1997":
        return rows[~rows["notes"].fillna("").str.contains("ADDED by Law 28.12.2018")].reset_index(drop=True)
    if pid == "semipalatinsk":
        return rows[rows["programme_id"].str.endswith(f"v{ver}")].reset_index(drop=True)
    return rows.reset_index(drop=True)


_PARTIAL = re.compile(r"сельсовет|сельск\w*\s+округ|населенн\w*\s+пункт|в пределах|не включая|часть территории|"
                      r"поселок|промышленн|территори[яи]\s+морск|sub-zone|PARTIAL|SUB-", re.IGNORECASE)


def parse_source_name(text: str) -> dict:
    """Read a member entry of a legal act: the unit it names and whether only part is meant.

    ``"Саржалского сельсовета Абайского района"`` -> Абайского района (partial: a rural
    council); ``"города Туркестан"`` -> Туркестан (city); ``"Мугалжарского (в пределах ...)"``
    -> Мугалжарского (partial). Returns ``name``, ``kind`` (district / city / oblast / None),
    ``partial``, ``partial_note``, ``derived``, ``category`` (a rule, not a unit).
    """
    t = " ".join(str(text).split())
    out = {"name": None, "kind": None, "partial": False, "partial_note": None, "derived": False,
           "category": False}
    if t.startswith("[DERIVED]"):
        out["derived"] = True
        t = t[len("[DERIVED]"):].strip()
    if re.match(r"территори\w+\s+районов", t) and "кроме" in t:
        out["category"] = True
        return out
    paren = " ".join(re.findall(r"\(([^)]*)\)", t))
    core = re.sub(r"\([^)]*\)", " ", t)
    if _PARTIAL.search(re.sub(r"включая населенн\w*\s+пункт\w*", "", t)):  # "including its settlements" = whole
        out["partial"] = True
        m = _PARTIAL.search(t)
        out["partial_note"] = "settlements of the district" if re.match(r"населенн\w*\s+пункт\w*\s+\w+ского",
                                                                       core.strip(), re.I) else \
            f"part of the unit ({m.group(0)} ...)"
    city = re.search(r"(?:\bгород[а]?|\bг\.)\s*([А-ЯЁA-Z][\w-]*)", core)
    district = re.findall(r"([А-ЯЁ][\w-]*(?:ого|ий|ый|ой|ский|ской))\s+район\w*", core)
    oblast = re.search(r"([А-ЯЁ][\w-]*(?:ская|ской))\s+област", core)
    if district:  # the first: "Каркаралинский район в пределах ... Казыбекбийского района"
        out.update(name=district[0], kind="district")
    elif city:
        out.update(name=city.group(1), kind="city")
    elif oblast:
        out.update(name=oblast.group(1), kind="oblast", partial=True,
                   partial_note=out["partial_note"] or "an oblast named as the location: the unit is far larger")
    else:
        word = re.findall(r"[А-ЯЁ][\w-]+", core)
        if word:
            # a lone adjective is a district named in a list ("Арысского, Отрарского ... районов")
            adj = re.fullmatch(r"[\w-]+(?:ского|цкого|ский|цкий)", word[0])
            out.update(name=word[0], kind="district" if adj else None)
    if out["name"] is None and paren:
        out["name"] = paren
    return out


def _city_forms(name: str) -> list[str]:
    """Nominative guesses for a Russian city name in the genitive: Астаны -> Астана."""
    forms = [name]
    if name.endswith("ы"):
        forms.append(name[:-1] + "а")
    if name.endswith("а") and len(name) > 4:
        forms.append(name[:-1])
    return forms


def _match_rows(rows):
    import pandas as pd

    from . import data
    from .names import resolve

    recs, unmatched = [], []
    layers = {(lv, v): data.units(lv, v).set_index("kato") for lv in (1, 2) for v in (2018, 2024)}
    for r in rows.itertuples(index=False):
        zone = re.sub(r"\s*\(.*$", "", str(r.zone)).strip() if r.programme_id != "sez_kazakhstan" else str(r.zone)
        p = parse_source_name(r.district_name_as_in_source)
        note = str(r.notes) if isinstance(r.notes, str) else ""
        if re.search(r"PARTIAL|SUB-DISTRICT|SUB-CITY", note):
            p["partial"] = True
            p["partial_note"] = p["partial_note"] or note
        if p["category"]:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time,
                              "a rule, not a unit: its members are the [DERIVED] entries"))
            continue
        if not p["name"]:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time, "no unit name in the entry"))
            continue
        if re.search(r"поселок", str(r.district_name_as_in_source)) and p["kind"] is None:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time,
                              "a settlement, not a unit; the source does not give its district legibly"))
            continue
        hit, why = _resolve_entry(p, r, resolve)
        m_in = re.search(r"(?:Town of|subordinate to)\s+([A-Z][\w-]+)\s+district", note)
        if hit is None and m_in:  # the source's note names the district the town lies in
            p = {**p, "name": m_in.group(1), "kind": "district", "partial": True,
                 "partial_note": f"the town {p['name']} lies in this district (per the source note)"}
            hit, why = _resolve_entry(p, r, resolve)
        if hit is None:
            unmatched.append((zone, r.district_name_as_in_source, r.oblast_at_time, why))
            continue
        m = hit
        unit = layers[(m.level, m.vintage)].loc[m.kato]
        if p["kind"] in ("city", None) and m.kind == "district":
            p["partial"] = True
            p["partial_note"] = f"the town {p['name']} lies in this district; it is not a unit of its own"
        recs.append({
            "kato": m.kato, "name_en": unit["name_en"], "name_ru": unit["name_ru"], "level": m.level,
            "oblast_kato": unit["oblast_kato"], "oblast_en": unit["oblast_en"], "vintage": m.vintage,
            "zone": zone, "partial": bool(p["partial"]),
            "partial_note": p["partial_note"], "share": 1.0, "name_as_in_source": r.district_name_as_in_source,
            "oblast_at_time": r.oblast_at_time, "derived": p["derived"], "matched_on": m.matched_on,
            "geometry": unit.geometry,
        })
    import geopandas as gpd

    members = gpd.GeoDataFrame(recs, columns=MEMBER_COLUMNS, geometry="geometry", crs=STORAGE) if recs else \
        gpd.GeoDataFrame({k: [] for k in MEMBER_COLUMNS if k != "geometry"}, geometry=[], crs=STORAGE)
    return members, pd.DataFrame(unmatched, columns=["zone", "name_as_in_source", "oblast_at_time", "reason"])


def _oblast_hints(r) -> list:
    """Oblast names to try: as of the act, then today's (the source's best knowledge)."""
    hints = []
    for h in (r.oblast_at_time, r.current_oblast):
        if isinstance(h, str) and h.strip() and not h.strip().startswith("(not"):
            base = re.sub(r"\s*\(.*$", "", h).strip()
            base = re.split(r"\s*/\s*| or ", base)[0].strip()
            if base and base not in hints:
                hints.append(base)
    return hints


def _resolve_entry(p: dict, r, resolve):
    """Match one parsed entry: 2018 boundaries first (closest to the acts), then 2024; the
    oblast of the time, then today's, settle repeated names. A town that is not a unit of
    its own is matched to the district of its name only within its oblast (Khromtau)."""
    names = _city_forms(p["name"]) if p["kind"] in ("city", None) else [p["name"]]
    suffix = {"district": " район", "city": " город", "oblast": " область", None: " город"}[p["kind"]]
    level = 1 if p["kind"] == "oblast" else 2
    last = "no unit of that name on 2018 or 2024 boundaries (abolished or renamed, successor not stated)"
    for strict in (True, False):
        for v in (2018, 2024):
            # the oblast settles repeated names; without one that resolves in this boundary
            # set, the name must stand on its own (strict form only: a bare town name
            # matches too much)
            obls = []
            for hint in _oblast_hints(r):
                try:
                    obls.append(resolve(hint, level=1, vintage=v).kato)
                except KzRegionsError:
                    pass
            if not obls and not strict:
                continue
            for obl in dict.fromkeys(obls or [None]):
                for nm in names:
                    for lv in ([level, 1] if p["kind"] == "city" and level == 2 else [level]):
                        try:
                            return resolve(nm + suffix if strict else nm, level=lv, vintage=v,
                                           oblast=obl if lv == 2 else None), None
                        except AmbiguousRegionError as e:
                            last = f"ambiguous: {e}"
                        except UnknownRegionError:
                            pass
    return None, last


def _add_population(out, region, vintage: int):
    """Population inside each unit (1 Jan 2023): the 2024 districts' figures, each counted in
    proportion to its area inside the unit and the region (an estimate where a district is
    only partly covered; NaN where one of them has no 2023 figure)."""
    import numpy as np
    import shapely

    from . import data
    from .attributes import _dasymetric, panel
    from .data import GRID, _to_multipolygon

    pop = panel("population_start_of_year", level="district").set_index("kato")["population_start_of_year"]
    d24 = data.districts(2024)
    geoms = {}
    for lv, v in set(zip(out["level"], out["vintage"])):
        geoms[(lv, v)] = data.units(lv, v).set_index("kato").geometry
    pieces = np.array([_to_multipolygon(shapely.intersection(geoms[(lv, v)][k], region, grid_size=GRID))
                       for lv, v, k in zip(out["level"], out["vintage"], out["kato"])], dtype=object)
    out = out.copy()
    out["population_inside"] = _dasymetric(pieces, d24, pop)
    # estimated unless every district touched lies wholly inside the piece
    inside = _overlap_km2(d24, region)
    whole = set(d24.loc[inside >= d24["area_km2"].to_numpy() * 0.999, "kato"])
    tree = shapely.STRtree(np.asarray(d24.geometry.values))
    est = []
    for piece in pieces:
        idx = tree.query(piece, predicate="intersects")
        cover = [d24["kato"].iloc[i] for i in idx
                 if shapely.area(shapely.intersection(piece, d24.geometry.iloc[i], grid_size=GRID))
                 > 1e-4 * shapely.area(d24.geometry.iloc[i])]
        est.append(not set(cover) <= whole)
    out["population_estimated"] = est
    return out
