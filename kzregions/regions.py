"""Programme regions: target areas of state programmes that cut across administrative borders.

A :class:`ProgrammeRegion` has members (administrative units, each with the zone it belongs
to, whether only part of it is meant, and the share of its area inside), zones (one outline
each), and provenance (how it was built, from what, on which boundaries). Regions combine
with ``|``, ``&`` and ``-``; members are recomputed from the geometry, areas are computed in
the equal-area CRS for Kazakhstan. Builders here: :meth:`ProgrammeRegion.from_units`,
:meth:`ProgrammeRegion.from_geometry`; by distance and by rule in :mod:`kzregions.delineation`
(:func:`border_belt`, :func:`within_distance`, :func:`select`); the shipped catalogue in
:mod:`kzregions.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import boundaries
from ._crs import STORAGE, area_km2
from ._datasets import district_long
from ._geometry import GRID, as_outline, dasymetric, to_multipolygon
from ._schema import DEFAULT_VINTAGE, WHOLE_SHARE, check_level, check_vintage
from .errors import (
    AmbiguousRegionError,
    EmptyRegionError,
    InvalidArgumentError,
    UnknownRegionError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

MEMBER_COLUMNS = ["kato", "name_en", "name_ru", "level", "oblast_kato", "oblast_en", "vintage", "zone",
                  "partial", "partial_note", "share", "name_as_in_source", "oblast_at_time", "derived",
                  "matched_on", "parts", "geometry"]

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
    zones, geometry, outline, area_km2
        Zone names; one dissolved outline per zone (GeoDataFrame, EPSG:4326); the whole
        region as one (multi)polygon (EPSG:4326); its area in km² (Albers equal-area conic
        for Kazakhstan).

    Examples
    --------
    >>> import kzregions as kz
    >>> aral = kz.ProgrammeRegion.from_units(["Аральский", "Казалинский"], oblast="Kyzylorda",
    ...                                      vintage=2018, name="Aral")
    >>> aral.zones, aral.members["kato"].tolist(), round(aral.area_km2)
    (['Aral'], ['433200000', '434400000'], 92801)
    >>> aral.outline.geom_type
    'MultiPolygon'
    >>> shalkar = kz.ProgrammeRegion.from_units(["Shalkar"], oblast="Aktobe", vintage=2018)
    >>> both = aral | shalkar  # also & (intersection) and - (difference)
    >>> both.members["kato"].tolist(), round(both.area_km2)
    (['156400000', '433200000', '434400000'], 154425)
    """

    name: str
    members: Any = field(repr=False)
    unmatched: Any = field(repr=False, default=None)
    description: str = ""
    provenance: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    vintage: int = DEFAULT_VINTAGE
    _outline: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # a map of the members titles itself with the programme's name (kz.categorical_map)
        pid = (self.metadata or {}).get("id")
        if pid and hasattr(self.members, "attrs"):
            self.members.attrs.setdefault("programme", pid)
        if hasattr(self.members, "attrs"):  # built regions: zone names and title in three languages
            self.members.attrs.update(_map_text(self.metadata))

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


        if self._outline is not None:  # built from geometry: one zone, the outline itself
            geoms = [self._outline]
            zones, counts = [self.zones[0] if self.zones else self.name], [len(self.members)]
        else:
            zones = self.zones
            geoms, counts = [], []
            for z in zones:
                part = self.members[self.members["zone"] == z]
                geoms.append(to_multipolygon(shapely.union_all(part.geometry.values, grid_size=GRID)))
                counts.append(len(part))
        out = gpd.GeoDataFrame({"zone": zones, "n_members": counts}, geometry=geoms, crs=STORAGE)
        out["area_km2"] = area_km2(out.geometry)
        out = out[["zone", "n_members", "area_km2", "geometry"]]
        if (self.metadata or {}).get("id"):  # maps title themselves with the programme's name
            out.attrs["programme"] = self.metadata["id"]
        out.attrs.update(_map_text(self.metadata))
        names = (self.metadata or {}).get("zone_names") or {}
        if names:  # zones named on the map, in its language (kz.categorical_map labels name_<lang>)
            for lang in ("en", "kk", "ru"):
                out[f"name_{lang}"] = [names.get(z, {}).get(lang, z) for z in out["zone"]]
        # the zones have no vintage of their own: their members' boundary set (the most common
        # one if a few members matched only on another), and the part of them that is partial
        # (only some okrugs/settlements are members), which maps hatch
        if len(self.members) and "vintage" in self.members:
            out.attrs["vintage"] = int(self.members["vintage"].astype(int).mode().iloc[0])
            # every set and its number of members: a map of zones states them all (issue 24)
            out.attrs["vintages"] = {int(k): int(n) for k, n in self.members["vintage"].astype(int).value_counts().items()}
        if len(self.members) and "partial" in self.members and self.members["partial"].any():
            out.attrs["partial"] = to_multipolygon(shapely.union_all(
                self.members.geometry[self.members["partial"].astype(bool)].values, grid_size=GRID))
        return out

    @property
    def outline(self):
        """The whole region as one (multi)polygon, EPSG:4326."""
        import shapely


        if self._outline is not None:
            return self._outline
        return to_multipolygon(shapely.union_all(self.members.geometry.values, grid_size=GRID))

    @property
    def area_km2(self) -> float:
        """Area of the whole region (zones may overlap; counted once), km², equal-area CRS."""
        return _area(self.outline)

    # -- analysis
    def composition(self, vintage: int = DEFAULT_VINTAGE, *, population: bool = True) -> pd.DataFrame:
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
            Areas in km², computed in the Albers equal-area conic for Kazakhstan.

        Raises
        ------
        VintageError
            ``vintage`` is not a boundary set.

        Examples
        --------
        >>> import kzregions as kz
        >>> aral = kz.ProgrammeRegion.from_units(["Aral", "Kazaly"], oblast="Kyzylorda",
        ...                                      vintage=2018)
        >>> c = aral.composition(2024)
        >>> c["vintage"].tolist(), c["name_en"].tolist()
        ([2018, 2024, 2024, 2024], ['Kyzylorda', 'Kyzylorda', 'Aral', 'Kazaly'])
        >>> c["share_of_unit"].round(2).tolist(), c["population_inside"].round().tolist()
        ([0.41, 0.41, 1.0, 1.0], [157301.0, 157301.0, 78687.0, 78614.0])
        """
        import numpy as np
        import pandas as pd


        region = self.outline
        total = self.area_km2
        partial_geom = self._partial_outline()
        rows = []
        layers = [(1, 2018, boundaries.oblasts(2018)), (1, 2024, boundaries.oblasts(2024)),
                  (2, vintage, boundaries.districts(vintage))]
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
    def to_file(self, path, driver: str | None = None, *, lang: str = "en") -> None:
        """Write the region: zones (outline per zone) and members (unit polygons).

        GeoPackage (``.gpkg``): two layers, ``zones`` and ``members``. GeoJSON or Shapefile:
        the zones in ``path`` and the members beside it in ``<stem>_members<ext>``. Zone
        features carry the region's name, description, provenance and member codes.

        Parameters
        ----------
        path : str or Path
            Output file; its extension (``.gpkg``, ``.geojson``/``.json``, ``.shp``) picks
            the format unless ``driver`` is given. Written in EPSG:4326.
        driver : str, optional
            An OGR driver name (``"GPKG"``, ``"GeoJSON"``, ``"ESRI Shapefile"``).
        lang : {"en", "kk", "ru"}
            Language of the zone names in the QGIS style (the legend QGIS shows); the
            colours are those of :func:`kzregions.categorical_map`.

        Returns
        -------
        None

        Raises
        ------
        ValueError
            The format cannot be told from ``path`` and no ``driver`` is given.

        Examples
        --------
        >>> import kzregions as kz
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> kz.programme("aral_sea").to_file(os.path.join(folder, "aral.geojson"))
        >>> sorted(os.listdir(folder))
        ['aral.geojson', 'aral.qml', 'aral_members.geojson']
        """
        from pathlib import Path

        path = Path(path)
        ext = path.suffix.lower()
        drivers = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile"}
        driver = driver or drivers.get(ext)
        if driver is None:
            raise InvalidArgumentError(f"cannot tell the format of {str(path)!r}: use .gpkg, .geojson or .shp")
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
        # the zones open styled in QGIS (a layer_styles row, or a .qml beside the file)
        # (matplotlib-free: the colours and the QML writer live below the plotting package)
        from ._i18n import category, text
        from ._palette import category_colors
        from ._qml import NO_DATA_STYLE, write_categorized

        colors = category_colors(zones["zone"])
        write_categorized(path, "zone", colors, labels={z: str(category(z, lang)) for z in colors},
                          missing={**NO_DATA_STYLE, "label": text("no_data", lang)},
                          layer="zones" if driver == "GPKG" else None)

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
        *,
        oblast: str | None = None,
        name: str = "custom region",
        vintage: int = DEFAULT_VINTAGE,
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
        name : str
            Name of the region.
        vintage : {2024, 2018}
            Boundary set the units are looked up in (names of abolished units need 2018).
        level : {1, 2}
            Administrative level of the units (also ``"oblast"``, ``"district"``).
        zone : str, optional
            Zone name of all members (default: the region's name).
        description : str
            Free text kept with the region (and written by :meth:`to_file`).

        Returns
        -------
        ProgrammeRegion
            One zone; every member whole (``share`` 1, ``partial`` False).

        Raises
        ------
        UnknownRegionError, AmbiguousRegionError
            Listing every name that failed, not only the first.
        EmptyRegionError
            ``units`` is empty.
        VintageError, LevelError
            ``vintage`` or ``level`` does not exist.

        Examples
        --------
        >>> import kzregions as kz
        >>> r = kz.ProgrammeRegion.from_units(["Аральского", "Казалинского"], oblast="Kyzylorda",
        ...                                   vintage=2018, name="Aral")
        >>> r.members["name_en"].tolist(), r.members["matched_on"].nunique()
        (['Aral', 'Kazaly'], 1)
        """
        from .names import resolve_many

        if isinstance(units, str):
            units = [units]
        if not len(units):
            raise EmptyRegionError("from_units needs at least one unit")
        v = check_vintage(vintage)
        lv = check_level(level)
        res = resolve_many(units, level=lv, vintage=v, oblast=oblast)
        bad = res.unresolved
        if len(bad):
            msg = "\n".join(f"  {q!r}: {d}" for q, d in zip(bad["query"], bad["detail"]))
            err = AmbiguousRegionError if (bad["status"] == "ambiguous").all() else UnknownRegionError
            raise err(f"{len(bad)} of {len(units)} units could not be resolved:\n{msg}", list(bad["query"]))
        layer = boundaries.units(lv, v).set_index("kato")
        katos = list(dict.fromkeys(res.kato))
        members = members_frame(layer.loc[katos].reset_index(), zone or name, share=1.0,
                                 source_names=[str(u) for u in units], matched_on=list(res.table["matched_on"]))
        return cls(name, members, empty_unmatched(), description,
                   [f"from units ({len(katos)}, level {lv}, {v} boundaries): {', '.join(map(str, units))}"],
                   {}, v)

    @classmethod
    def from_geometry(
        cls,
        geometry,
        *,
        name: str = "custom region",
        vintage: int = DEFAULT_VINTAGE,
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
        name : str
            Name of the region (and of its one zone).
        vintage : {2024, 2018}
            Boundary set of the member units.
        level : {1, 2}
            Administrative level of the member units (also ``"oblast"``, ``"district"``).
        threshold : float
            A unit is a member if at least this share of its area lies inside (default 1 %);
            ``share`` records each member's share.
        crs : str, optional
            CRS of a bare shapely ``geometry`` (default EPSG:4326).
        description : str
            Free text kept with the region.

        Returns
        -------
        ProgrammeRegion
            The clipped outline as its geometry; members below :data:`WHOLE_SHARE` of their
            area inside are ``partial``. Areas in km² (Albers equal-area conic).

        Raises
        ------
        EmptyRegionError
            The geometry has no area inside Kazakhstan.
        CRSMismatchError
            A GeoDataFrame/GeoSeries without a CRS.
        InvalidGeometryError
            The geometry has no polygonal part (points or lines only).
        ValueError
            ``threshold`` outside [0, 1).

        Examples
        --------
        >>> import kzregions as kz
        >>> import shapely
        >>> box = kz.ProgrammeRegion.from_geometry(shapely.box(76, 43, 78, 44), name="box")
        >>> round(box.area_km2), len(box.members), int(box.members["partial"].sum())
        (17971, 17, 8)
        """
        import shapely


        drawn = as_outline(geometry, crs)
        outline = to_multipolygon(shapely.intersection(drawn, boundaries.country().geometry.iloc[0], grid_size=GRID))
        return cls.from_outline(outline, name, vintage, level, threshold, description,
                                 [f"from geometry ({_area(drawn):,.0f} km² drawn, {_area(outline):,.0f} km² "
                                  f"inside Kazakhstan), members with ≥ {threshold:.0%} of their area inside"])

    @classmethod
    def from_outline(cls, outline: Any, name: str, vintage: int, level: int | str, threshold: float,
                     description: str, provenance: list, zone: str | None = None) -> ProgrammeRegion:
        """A region from an outline already clipped to the country (the common end of the
        builders: :meth:`from_geometry`, set algebra, :mod:`kzregions.delineation`).

        Parameters
        ----------
        outline : shapely (Multi)Polygon
            The territory, EPSG:4326.
        name, description : str
        vintage : {2024, 2018}
            Boundary set of the members.
        level : {1, 2}
            Level of the members.
        threshold : float
            A unit is a member if at least this share of its area lies inside.
        provenance : list of str
            How the outline was made.
        zone : str, optional
            Zone of every member (default ``name``).

        Returns
        -------
        ProgrammeRegion

        Examples
        --------
        >>> import kzregions as kz
        >>> aral = kz.oblasts(2024).set_index("kato").geometry["430000000"]
        >>> r = kz.ProgrammeRegion.from_outline(aral, "Kyzylorda", 2024, 2, 0.5, "", ["oblast outline"])
        >>> len(r.members)
        9
        """

        v = check_share_rule(vintage, threshold)
        lv = check_level(level)
        if outline.is_empty or _area(outline) <= 0:
            raise EmptyRegionError(f"{name!r}: the geometry has no area")
        units = boundaries.units(lv, v)
        inside = _overlap_km2(units, outline)
        share = inside / units["area_km2"].to_numpy()
        keep = share >= max(threshold, 1e-9)
        members = members_frame(units[keep].reset_index(drop=True), zone or name, share=share[keep],
                                 partial=share[keep] < WHOLE_SHARE)
        members["partial_note"] = [None if s >= WHOLE_SHARE else f"{s:.1%} of the unit inside" for s in share[keep]]
        return cls(name, members, empty_unmatched(), description, provenance, {}, v, _outline=outline)


# ----------------------------------------------------------------------------- helpers
def check_share_rule(vintage: Any, threshold: Any) -> int:
    """The boundary set of a region built from an outline, after checking it and the share
    ``threshold`` (called before the geometry is built: a wrong argument costs no buffer)."""
    v = check_vintage(vintage)
    if not 0 <= threshold < 1:
        raise InvalidArgumentError(f"threshold={threshold!r}: give a share of a unit's area in [0, 1), e.g. 0.5")
    return v


def empty_unmatched():
    import pandas as pd

    return pd.DataFrame(columns=["zone", "name_as_in_source", "oblast_at_time", "reason"])


def _map_text(metadata) -> dict:
    """The map text a programme's metadata carries for :func:`kzregions.categorical_map`:
    zone names (``category_names``) and ``map_title`` (built regions)."""
    md = metadata or {}
    out = {"category_names": md["zone_names"]} if md.get("zone_names") else {}
    out.update({"map_title": md["map_title"]} if md.get("map_title") else {})
    return out


def members_frame(units, zone, share=1.0, partial=False, source_names=None, matched_on=None):
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
        "parts": None,
    }, geometry=units.geometry.values, crs=STORAGE)
    return out[MEMBER_COLUMNS]


def _area(geom) -> float:
    import geopandas as gpd


    return float(area_km2(gpd.GeoSeries([geom], crs=STORAGE)).iloc[0])


def _overlap_km2(units, geom):
    """Area (km², equal-area CRS) of each unit inside ``geom``."""
    import geopandas as gpd
    import numpy as np
    import shapely


    g = np.asarray(units.geometry.values)
    hit = shapely.intersects(g, geom)
    out = np.zeros(len(g))
    if hit.any():

        inter = shapely.intersection(g[hit], geom, grid_size=GRID)
        out[hit] = area_km2(gpd.GeoSeries(inter, crs=STORAGE)).to_numpy()
    return out


def _combine(a: ProgrammeRegion, b: ProgrammeRegion, op: str) -> ProgrammeRegion:
    import shapely


    if not isinstance(b, ProgrammeRegion):
        return NotImplemented
    fa, fb = a.outline, b.outline
    fn = {"|": shapely.union, "&": shapely.intersection, "-": shapely.difference}[op]
    g = to_multipolygon(fn(fa, fb, grid_size=GRID))
    name = f"({a.name} {op} {b.name})"
    if g.is_empty or _area(g) <= 0:
        raise EmptyRegionError(f"{name} has no territory: the regions do not overlap" if op == "&"
                               else f"{name} has no territory")
    threshold = 0.01
    prov = [f"{a.name}: {' / '.join(a.provenance)}", f"{b.name}: {' / '.join(b.provenance)}",
            f"{'union' if op == '|' else 'intersection' if op == '&' else 'difference'} {name}; "
            f"members recomputed (≥ {threshold:.0%} of a unit's area inside)"]
    v = a.vintage if isinstance(a.vintage, int) else 2024
    return ProgrammeRegion.from_outline(g, name, v, 2, threshold, "", prov, zone=name)


def _add_population(out, region, vintage: int):
    """Population inside each unit (1 Jan 2023): the 2024 districts' figures, each counted in
    proportion to its area inside the unit and the region (an estimate where a district is
    only partly covered; NaN where one of them has no 2023 figure)."""
    import numpy as np
    import shapely


    d = district_long()
    pop = d[d["indicator"] == "population_start_of_year"].set_index("kato")["value"]
    d24 = boundaries.districts(2024)
    geoms = {}
    for lv, v in set(zip(out["level"], out["vintage"])):
        geoms[(lv, v)] = boundaries.units(lv, v).set_index("kato").geometry
    pieces = np.array([to_multipolygon(shapely.intersection(geoms[(lv, v)][k], region, grid_size=GRID))
                       for lv, v, k in zip(out["level"], out["vintage"], out["kato"])], dtype=object)
    out = out.copy()
    out["population_inside"] = dasymetric(pieces, d24, pop)
    # estimated unless every district touched lies wholly inside the piece
    inside = _overlap_km2(d24, region)
    whole = set(d24.loc[inside >= d24["area_km2"].to_numpy() * WHOLE_SHARE, "kato"])
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
