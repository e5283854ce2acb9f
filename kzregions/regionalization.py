"""The result of every region builder: :class:`Regionalization`.

Homogeneous regions (:func:`kzregions.regionalize`), catchments (:func:`kzregions.catchments`)
and functional regions (:func:`kzregions.functional_regions`) all come back as one kind of
object: a label per unit, the dissolved regions with totals and member lists, the units no
region took (with the reason), and diagnostics. ``.to_programme()`` turns it into a
:class:`~kzregions.regions.ProgrammeRegion` (one zone per region), so maps, the atlas,
``assign`` and ``to_gpkg`` work on built regions as on legal ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._crs import METRIC, STORAGE, area_km2
from ._geometry import GRID, to_multipolygon

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from .regions import ProgrammeRegion

#: Columns of the units that name a region after one of its members (a unit has all three).
NAME_COLUMNS = ("name_en", "name_kk", "name_ru")


@dataclass(eq=False)
class Regionalization:
    """Units grouped into regions, with the regions dissolved and the grouping diagnosed.

    Attributes
    ----------
    method : str
        How the regions were built (``"maxp"``, ``"skater"``, ``"huff"``, ``"intramax"``, ...).
    units : geopandas.GeoDataFrame
        The input units (EPSG:4326) with ``region`` (int, 1..p; <NA> where unassigned) and
        ``region_en``/``region_kk``/``region_ru`` (the region's name) added.
    regions : geopandas.GeoDataFrame
        One row per region: ``region``, ``name_en``/``name_kk``/``name_ru`` (the region is
        named after its core or largest member), ``n_units``, ``members`` (list of codes),
        ``area_km2`` (Albers equal-area conic), totals of the extensive columns,
        ``compactness`` (Polsby-Popper 4πA/P², 1 for a disc), ``floor_met`` where a floor
        applies, dissolved geometry (EPSG:4326).
    unassigned : pandas.DataFrame
        Units no region took: ``kato``, ``name_en``, ``reason``.
    diagnostics : dict
        ``n_regions``, ``n_units``, ``n_unassigned``, ``within_variance_share`` (share of the
        standardised attributes' variance left within regions, 0-1; NaN without attributes),
        ``compactness_mean``, ``floor``/``floor_column``/``floor_met`` where a floor applies,
        ``links`` (joins added between parts that share no border, with km), and the
        method's own figures (objective, self-containment, ...).
    params : dict
        The arguments of the call.

    Examples
    --------
    >>> import kzregions as kz
    >>> d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> r = kz.catchments(d, kz.centres(2024), method="nearest", column="population_start_of_year")
    >>> r.diagnostics["n_regions"], len(r.units) == 224
    (21, True)
    """

    method: str
    units: Any = field(repr=False)
    regions: Any = field(repr=False)
    unassigned: Any = field(repr=False)
    diagnostics: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # results come from the builders; a hand-made one is checked so that it fails here,
        # naming the field, rather than in a later .plot() or .to_programme()
        import geopandas as gpd
        import pandas as pd

        from .errors import InvalidInputError

        if not isinstance(self.method, str) or not self.method:
            raise InvalidInputError(f"method must be a non-empty string, got {self.method!r}")
        for name, kind, cols in (("units", gpd.GeoDataFrame, ("kato", "region")), ("regions", gpd.GeoDataFrame,
                                 ("region", "members")), ("unassigned", pd.DataFrame, ("kato", "reason"))):
            value = getattr(self, name)
            if not isinstance(value, kind) or not set(cols) <= set(value.columns):
                raise InvalidInputError(f"{name} must be a {kind.__name__} with columns {list(cols)} (as the "
                                        f"builders make it: kz.regionalize, kz.catchments, kz.functional_regions), "
                                        f"got {type(value).__name__}")
        for name in ("diagnostics", "params"):
            if not isinstance(getattr(self, name), dict):
                raise InvalidInputError(f"{name} must be a dict, got {type(getattr(self, name)).__name__}")

    @property
    def labels(self) -> pd.Series:
        """Region number per unit (``Int64``, <NA> where unassigned), indexed by ``kato``."""
        return self.units.set_index("kato")["region"]

    def plot(self, *, lang: str = "en", column_labels: dict | None = None, **kwargs: Any) -> Any:
        """Map of the regions, units coloured by region, names in ``lang``.

        The title names the method in ``lang`` (e.g. «метод Уорда», «модель Хаффа»); the
        subtitle names the variables, year, floor and boundary set. A variable that is a
        catalogue indicator (or a derived, sector or shift-share column) is written with its
        catalogue title in ``lang``; any other column is the user's own text, like a source
        name, and is printed as given (not translated, not guessed): name it in the map's
        language with ``column_labels`` or replace the text with ``title=``/``subtitle=``.

        Parameters
        ----------
        lang : {"en", "kk", "ru"}
            Language of the region names, legend and page text.
        column_labels : dict, optional
            Column -> the label the subtitle prints for it (e.g. ``{"density": "тығыздық"}``),
            overriding the catalogue title or the column's name.
        **kwargs
            Passed to :func:`kzregions.categorical_map` (``title``, ``paper``, ...), except
            ``labels``: the member units' names (True, False; default "auto": on maps of
            oblasts, not of districts). Regions are named in bold, larger type; a unit is
            named below them in regular grey type only where its name is not its region's
            (a region named after a city is named beside the city's marker).

        Returns
        -------
        Map
            The rendered map.

        Examples
        --------
        >>> import kzregions as kz
        >>> d = kz.districts(2024)
        >>> kz.catchments(d, kz.centres(2024), method="nearest").plot(lang="kk")  # doctest: +SKIP
        """
        from ._i18n import check_lang, text
        from .plotting import _furniture as fu
        from .plotting import regionmaps
        from .plotting.maps import categorical_map

        col = f"region_{check_lang(lang)}"
        if column_labels is not None and not isinstance(column_labels, dict):
            from .errors import InvalidArgumentError

            raise InvalidArgumentError(f"column_labels={column_labels!r}: pass a dict, column -> label")
        order = list(self.regions[f"name_{lang}"])
        # a catchment map counts every centre given, also one that wins no unit (the subtitle names it)
        n = len(self.params.get("centres") or ()) or len(self.regions)
        title, subtitle = regionmaps.region_titles(self, lang, _title(self.method, lang, n=n), labels=column_labels)
        kwargs.setdefault("title", title)
        kwargs.setdefault("subtitle", subtitle)
        # neighbouring regions never share a colour (graph colouring of the dissolved regions'
        # borders, regionmaps.region_colors)
        kwargs.setdefault("colors", dict(zip(self.regions[f"name_{lang}"], regionmaps.region_colors(self.regions))))
        kwargs.setdefault("outline", self.regions[["region", "geometry"]])  # region borders, not oblasts'
        # the regions are named on the map and neighbours differ in colour, but colours repeat:
        # a legend of colours would mislead, so it shows only what the map cannot say itself
        user_legend = "legend" in kwargs or "legend_kwds" in kwargs
        kwargs.setdefault("legend", False)
        # regions are named in bold, their units (where they differ) below them (regionmaps)
        units = kwargs.pop("labels", "auto")
        m = categorical_map(self.units, col, categories=order, lang=lang, labels=False, **kwargs)
        regionmaps.name_regions(m, self, lang, units=units, callouts=kwargs.get("insets", True))
        if not user_legend:
            handles = []
            if self.units["region"].isna().any():
                handles.append(fu.missing_handle(int(self.units["region"].isna().sum()), True,
                                                 fu.missing_style(None, lang)))
            if self.diagnostics.get("centre_points"):
                from matplotlib.lines import Line2D

                handles.append(Line2D([], [], marker="o", linestyle="", markersize=5, markerfacecolor="black",
                                      markeredgecolor="white", label=text("region_centre", lang)))
            if handles:
                m.legend = fu.page_legend(m.fig, handles, _title(self.method, lang))
        return m

    def to_programme(self, name: str | None = None, *, vintage: int | None = None) -> ProgrammeRegion:
        """The regions as a :class:`~kzregions.regions.ProgrammeRegion`, one zone per region.

        Parameters
        ----------
        name : str, optional
            Name of the programme region (default: the method and the number of regions).
        vintage : {2024, 2018}, optional
            Boundary set recorded (default: the units' ``vintage`` column, else 2024).

        Returns
        -------
        ProgrammeRegion
            Every assigned unit a whole member (``share`` 1) of its region's zone (the
            region's English name); ``metadata`` holds the zones' names in three
            languages (``zone_names``) and the map title of :meth:`plot` (``map_title``:
            language -> text), which
            :func:`kzregions.categorical_map` of ``geometry`` or ``members`` writes.

        Examples
        --------
        >>> import kzregions as kz
        >>> r = kz.catchments(kz.districts(2024), kz.centres(2024), method="nearest")
        >>> pr = r.to_programme()
        >>> len(pr.zones), len(pr.members)
        (21, 224)
        """
        from ._schema import DEFAULT_VINTAGE, check_vintage
        from .regions import ProgrammeRegion, empty_unmatched, members_frame

        u = self.units[self.units["region"].notna()]
        if vintage is None:
            vs = set(u["vintage"]) if "vintage" in u.columns else set()
            vintage = int(vs.pop()) if len(vs) == 1 else DEFAULT_VINTAGE
        v = check_vintage(vintage)
        frame = u.copy()
        for col, default in (("name_en", None), ("name_ru", None), ("level", 2), ("oblast_kato", None),
                             ("oblast_en", None), ("vintage", v)):
            if col not in frame.columns:
                frame[col] = default
        members = members_frame(frame.reset_index(drop=True), frame["region_en"].to_numpy(), share=1.0)
        title = name or f"{self.method}: {len(self.regions)} regions"
        prov = [f"built with kzregions ({self.method}): {len(self.regions)} regions of {len(u)} units",
                *(f"{k}={val!r}" for k, val in self.params.items())]
        return ProgrammeRegion(title, members, empty_unmatched(), "", prov,
                               {"diagnostics": self.diagnostics, **self._map_text()}, v)

    def _map_text(self) -> dict:
        """What a map of the regions as zones writes: each zone's name in three languages
        (the key is the English name) and the title of :meth:`plot`."""
        from ._i18n import LANGS, text

        n = len(self.params.get("centres") or ()) or len(self.regions)
        titles = {}
        for lang in LANGS:
            head = _title(self.method, lang, n=n)
            try:  # as Regionalization.plot heads its map: the kind, number and method of the regions
                titles[lang] = f"{head} ({text('region_method_' + self.method, lang)})"
            except KeyError:
                titles[lang] = head
        names = {r["name_en"]: {lang: r[f"name_{lang}"] for lang in LANGS} for _, r in self.regions.iterrows()}
        return {"zone_names": names, "map_title": titles}

    def __repr__(self) -> str:
        dg = self.diagnostics
        bits = [f"{dg.get('n_regions', len(self.regions))} regions of {dg.get('n_units', len(self.units))} units"]
        if dg.get("n_unassigned"):
            bits.append(f"{dg['n_unassigned']} unassigned")
        if dg.get("floor") is not None:
            met = int(self.regions["floor_met"].sum()) if "floor_met" in self.regions.columns else 0
            bits.append(f"floor {dg['floor']:,.0f} of {dg['floor_column']} met by {met}/{len(self.regions)}")
        share = dg.get("within_variance_share")
        if share is not None and not math.isnan(share):
            bits.append(f"within-region variance {share:.1%}")
        if "self_containment_mean" in dg:
            bits.append(f"self-containment {dg['self_containment_mean']:.1%}")
        if dg.get("attraction_missing"):
            bits.append(f"attraction of {len(dg['attraction_missing'])} centre(s) without some units' values")
        if dg.get("links"):
            bits.append(f"{len(dg['links'])} link(s) added")
        return f"<Regionalization {self.method}: {', '.join(bits)}>"


def _title(method: str, lang: str, n: int | None = None) -> str:
    """The legend title (``n`` None) or the map title (``n`` regions) of a method's regions."""
    from ._i18n import text

    key = {"nearest": "catchment", "reilly": "catchment", "huff": "catchment"}.get(method)
    if key is None:
        key = "functional_region" if method in ("intramax", "communities") else "homogeneous_region"
    if n is None:
        return text(key, lang)
    if key == "catchment":  # the numeral agrees in Russian: 21 центра, 20 центров
        from ._regiontext import catchment_title

        return catchment_title(n, lang)
    return text(f"{key.split('_')[0]}_title", lang).format(n=n)


# ----------------------------------------------------------------------------- building
def build(method: str, units: Any, labels: Any, *, names: Any = None, unassigned: Any = None,
          sums: tuple = (), attributes: Any = None, floor: float | None = None,
          floor_column: str | None = None, diagnostics: dict | None = None,
          params: dict | None = None) -> Regionalization:
    """Assemble a :class:`Regionalization` from one label per unit (-1: unassigned).

    ``names`` maps a label to the position of the unit the region is named after, or to a
    dict of ``name_en``/``name_kk``/``name_ru`` (a catchment's centre) (default: the member
    with the largest ``floor_column``, else the largest area); ``attributes`` is
    the (n, k) array of standardised attributes for the variance share.
    """
    import numpy as np
    import pandas as pd

    labels = np.asarray(labels, dtype=int)
    gdf = units.to_crs(STORAGE) if units.crs != STORAGE else units.copy()
    gdf = gdf.reset_index(drop=True)
    size_col = floor_column if floor_column is not None else (sums[0] if sums else None)
    weight = gdf[size_col].fillna(-1).to_numpy(float) if size_col else _area(gdf)
    ids = sorted(set(labels[labels >= 0].tolist()))
    core = dict(names or {})
    for r in ids:
        if r not in core:
            pos = np.flatnonzero(labels == r)
            core[r] = int(pos[np.argmax(weight[pos])])
    number = {r: i + 1 for i, r in enumerate(sorted(ids, key=lambda r: (-_total(weight, labels, r), r)))}
    region = pd.array([number.get(int(x)) if x >= 0 else None for x in labels], dtype="Int64")
    gdf["region"] = region
    for col in NAME_COLUMNS:
        lang_names = _unit_names(gdf, col)
        raw = gdf[col] if col in gdf.columns else lang_names
        named = {r: (c[col] if isinstance(c, dict) else lang_names.iloc[c]) for r, c in core.items()}
        counts = pd.Series(list(named.values())).value_counts()
        for r, c in core.items():  # two regions of one city: "Almaty (Alatau)", "Almaty (Bostandyk)"
            if counts.get(named[r], 0) > 1 and not isinstance(c, dict) and raw.iloc[c] != named[r]:
                named[r] = f"{named[r]} ({raw.iloc[c]})"
        counts = pd.Series(list(named.values())).value_counts()
        for r in named:
            if counts.get(named[r], 0) > 1:
                named[r] = f"{named[r]} {number[r]}"
        gdf[f"region_{col[5:]}"] = [named[int(x)] if x >= 0 else None for x in labels]
    regions = _dissolve(gdf, sums, floor, floor_column)
    un = unassigned if unassigned is not None else pd.DataFrame(columns=["kato", "name_en", "reason"])
    dg: dict[str, Any] = {"n_regions": len(regions), "n_units": len(gdf), "n_unassigned": int((labels < 0).sum()),
          "within_variance_share": variance_share(attributes, labels),
          "compactness_mean": float(regions["compactness"].mean()) if len(regions) else float("nan")}
    if floor is not None:
        dg.update(floor=floor, floor_column=floor_column, floor_met=bool(regions["floor_met"].all()))
    dg.update(diagnostics or {})
    return Regionalization(method, gdf, regions, un.reset_index(drop=True), dg, dict(params or {}))


def _unit_names(gdf, col: str):
    """Names of the units in one language; a city district stands for its city (a region
    around Almaty is "Almaty", not the district of Almaty that happens to be largest)."""
    from ._i18n import CITY_NAMES

    names = gdf[col].astype(object) if col in gdf.columns else gdf["kato"].astype(str)
    if "kind" in gdf.columns:
        city = CITY_NAMES[col[5:]]
        prefix = gdf["kato"].astype(str).str[:2]
        district = (gdf["kind"] == "city district") & prefix.isin(list(city))
        names = names.where(~district, prefix.map(city))
    return names


def _total(weight, labels, r) -> float:
    return float(weight[labels == r].clip(min=0).sum())


def _area(gdf):
    return gdf["area_km2"].to_numpy(float) if "area_km2" in gdf.columns else area_km2(gdf.geometry).to_numpy()


def _dissolve(gdf, sums: tuple, floor, floor_column) -> gpd.GeoDataFrame:
    """One row per region: names, members, totals, area, compactness, dissolved geometry."""
    import geopandas as gpd
    import numpy as np
    import shapely

    rows, geoms = [], []
    for r, part in gdf[gdf["region"].notna()].groupby("region", sort=True):
        row: dict = {"region": int(r)}
        for col in NAME_COLUMNS:
            row[col] = part[f"region_{col[5:]}"].iloc[0]
        row["n_units"] = len(part)
        row["members"] = sorted(part["kato"].astype(str))
        for c in sums:
            # min_count=1: a region whose members all lack the value has no total (NaN), not 0
            row[c] = part[c].sum(min_count=1)
        if floor is not None and floor_column is not None:
            row["floor_met"] = bool(part[floor_column].sum() >= floor)
        rows.append(row)
        geoms.append(to_multipolygon(shapely.union_all(np.asarray(part.geometry.values), grid_size=GRID)))
    out = gpd.GeoDataFrame(rows, geometry=geoms, crs=STORAGE) if rows else \
        gpd.GeoDataFrame({"region": [], "name_en": [], "name_kk": [], "name_ru": [], "n_units": [], "members": []}, geometry=[], crs=STORAGE)
    out["area_km2"] = area_km2(out.geometry) if len(out) else []
    perim = out.geometry.to_crs(METRIC).length / 1000.0 if len(out) else []
    out["compactness"] = 4 * math.pi * out["area_km2"] / (np.asarray(perim, dtype=float) ** 2) if len(out) else []
    return out


def variance_share(x, labels) -> float:
    """Within-region sum of squares over the total (standardised attributes, assigned units)."""
    import numpy as np

    if x is None:
        return float("nan")
    x = np.asarray(x, dtype=float)
    ok = (labels >= 0) & np.isfinite(x).all(axis=1)
    x, lab = x[ok], labels[ok]
    total = ((x - x.mean(axis=0)) ** 2).sum()
    if total == 0:
        return float("nan")
    within = sum(((x[lab == r] - x[lab == r].mean(axis=0)) ** 2).sum() for r in np.unique(lab))
    return float(within / total)


def standardise(x) -> Any:
    """Z-scores per column (a constant column becomes 0)."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    sd = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
