"""Spatial autocorrelation: global Moran's I with permutation inference and local Moran
(LISA) clusters on queen contiguity (PySAL: libpysal, esda)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._i18n import indicator_title, text
from ._validate import renamed_keywords
from .errors import InsufficientDataError, InvalidInputError, MissingColumnError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

# ----------------------------------------------------------------------------- spatial
@dataclass
class SpatialAutocorrelation:
    """Moran's I and LISA clusters of one variable.

    Attributes
    ----------
    moran : esda.Moran
        ``I``, ``EI``, ``p_sim`` (permutation p-value), ``z_sim``.
    lisa : GeoDataFrame
        The units with ``value``, ``lisa_I``, ``quadrant`` (1 HH, 2 LH, 3 LL, 4 HL),
        ``p_sim`` and ``cluster`` ("High-High", "Low-Low", "High-Low", "Low-High" where
        significant at ``alpha``, else "Not significant"; missing where the value is
        missing: those units are left out of the weights and mapped as "no data").
    weights : libpysal.weights.W
        Queen contiguity of the units with a value, row-standardised.
    alpha : float
        Significance level of the LISA clusters.
    column : str
        The variable.
    notes : list of str
        Units left out (no value) and islands joined to their nearest unit.

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022, vintage=2024))
    >>> sa = kz.spatial_autocorrelation(obl, "grp_per_capita")
    >>> round(float(sa.moran.I), 3), round(float(sa.moran.p_sim), 3)
    (0.077, 0.147)
    >>> sa.lisa["cluster"].value_counts().to_dict()
    {'Not significant': 18, 'High-High': 1, 'Low-Low': 1}
    """

    column: str
    moran: Any
    lisa: Any = field(repr=False)
    weights: Any = field(repr=False)
    alpha: float = 0.05
    notes: list = field(default_factory=list)

    def __repr__(self) -> str:
        counts = self.lisa["cluster"].fillna("no data").value_counts().to_dict()
        return (f"SpatialAutocorrelation({self.column}: Moran's I={self.moran.I:.3f} "
                f"(E[I]={self.moran.EI:.3f}, p_sim={self.moran.p_sim:.3f}, {self.moran.permutations} "
                f"permutations); LISA at alpha={self.alpha}: {counts})")

    def plot(self, **kwargs):
        """Map of the LISA clusters (see :func:`kzregions.categorical_map`).

        Parameters
        ----------
        **kwargs
            Passed to :func:`kzregions.categorical_map` (``title``, ``lang``, ``paper``, ...;
            the title defaults to "Local Moran clusters: <column>").

        Returns
        -------
        Map
            The rendered map (matplotlib figure and axes).

        Examples
        --------
        >>> import kzregions as kz
        >>> obl = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022, vintage=2024))
        >>> kz.spatial_autocorrelation(obl, "grp_per_capita").plot()  # doctest: +SKIP
        """
        from .plotting.maps import categorical_map

        lang = kwargs.get("lang", "en")
        what = indicator_title(self.column, lang) or self.column
        title = text("lisa_title", lang).format(what=what)
        years = set(self.lisa["year"].dropna()) if "year" in self.lisa.columns else set()
        if len(years) == 1:  # the year of the data, as on every other map title
            title = f"{title}, {int(next(iter(years)))}"
        kwargs.setdefault("title", title)
        kwargs.setdefault("subtitle", self.test_note(lang))
        return categorical_map(self.lisa, "cluster", categories=list(LISA_COLORS), **kwargs)

    def test_note(self, lang: str = "en") -> str:
        """What the map's clusters rest on, in ``lang``: the significance level, the number of
        permutations, global Moran's I with its permutation p-value, and a warning when the
        global test is not significant at that level.

        Parameters
        ----------
        lang : {"en", "kk", "ru"}

        Returns
        -------
        str

        Examples
        --------
        >>> import kzregions as kz
        >>> obl = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022, vintage=2024))
        >>> note = kz.spatial_autocorrelation(obl, "grp_per_capita").test_note()
        >>> "Moran's I = 0.077, p = 0.147" in note, note.endswith("read the clusters with care")
        (True, True)
        """
        from .plotting.classes import fmt_number

        p = float(self.moran.p_sim)
        note = text("lisa_subtitle", lang).format(
            alpha=fmt_number(self.alpha, 2 if self.alpha >= 0.01 else 3, lang),
            perm=self.moran.permutations, moran=fmt_number(float(self.moran.I), 3, lang),
            p=fmt_number(p, 3, lang))
        if p >= self.alpha:
            note += "; " + text("lisa_not_significant", lang)
        return note


LISA_COLORS = {"High-High": "#d7191c", "Low-Low": "#2c7bb6", "High-Low": "#fdae61", "Low-High": "#abd9e9",
               "Not significant": "#f0f0f0"}


@renamed_keywords(weights="w")
def spatial_autocorrelation(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    permutations: int = 999,
    alpha: float = 0.05,
    seed: int | None = 12345,
    w: Any = None,
) -> SpatialAutocorrelation:
    """Global and local Moran's I on queen contiguity.

    Queen contiguity is built from the harmonised polygons (which tile their parent, so
    neighbours share borders exactly). An island (a unit with no neighbour) is joined to its
    nearest unit and named in ``notes``; the enclave cities (Astana in Akmola, Almaty in
    Almaty oblast, Shymkent in Turkistan; Baikonur among Kyzylorda's districts) have their
    surrounding unit as neighbour. Units without a value are left out of the weights and
    reported as "No data". Weights are row-standardised.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units (e.g. :func:`kzregions.attach` of a panel to :func:`kzregions.oblasts`).
    column : str
        The variable.
    permutations : int
        Permutations for the pseudo p-values (default 999).
    alpha : float
        Significance level of the LISA clusters (default 0.05).
    seed : int, optional
        Seed of the permutations (default 12345: results are reproducible); ``None``: random.
    w : libpysal.weights.W, optional
        Own spatial weights over the units with a value, instead of queen contiguity (0.1
        called this ``weights``; that still works for one release, with a warning).

    Returns
    -------
    SpatialAutocorrelation
        Global Moran's I (``moran``) and the LISA clusters of each unit (``lisa``).

    Raises
    ------
    MissingColumnError
        ``column`` is not a column of ``gdf``.
    KzRegionsError
        Fewer than 5 units have a value.

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022, vintage=2024))
    >>> sa = kz.spatial_autocorrelation(obl, "grp_per_capita", permutations=99)
    >>> round(float(sa.moran.I), 3), sa.moran.permutations
    (0.077, 99)
    """
    import warnings

    import numpy as np

    from . import _pysal

    esda = _pysal.esda()
    libpysal = _pysal.libpysal()

    if column not in gdf.columns:
        raise MissingColumnError(f"gdf has no column {column!r} (columns: {list(gdf.columns)})")
    notes = []
    has = gdf[column].notna().to_numpy()
    sub = gdf[has].reset_index(drop=True)
    if len(sub) < 5:
        raise InsufficientDataError(f"Moran's I needs at least 5 units with a value of {column!r}, got {len(sub)}")
    if not has.all():
        notes.append(f"{(~has).sum()} units without a value left out: "
                     f"{', '.join(gdf.loc[~has, 'name_en'] if 'name_en' in gdf else [])}")
    if w is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libpysal warns about islands; handled below
            w = libpysal.weights.Queen.from_dataframe(sub, use_index=False)
            if w.islands:
                knn = libpysal.weights.KNN.from_dataframe(sub.set_geometry(sub.representative_point()), k=1)
                names = [sub["name_en"].iloc[i] if "name_en" in sub else str(i) for i in w.islands]
                w = libpysal.weights.attach_islands(w, knn)
                notes.append(f"islands joined to their nearest unit: {', '.join(names)}")
    elif not (hasattr(w, "transform") and hasattr(w, "neighbors")):
        raise InvalidInputError(f"w={w!r:.60} ({type(w).__name__}): give libpysal weights (libpysal.weights.W) or None")
    w.transform = "r"
    y = sub[column].to_numpy(dtype=float)
    if seed is not None:
        np.random.seed(seed)  # esda draws permutations from numpy's global generator
    mi = esda.Moran(y, w, permutations=permutations)
    loc = esda.Moran_Local(y, w, permutations=permutations, seed=seed)
    quadrant = {1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low"}
    cluster = np.where(loc.p_sim <= alpha, [quadrant[q] for q in loc.q], "Not significant")
    out = gdf.copy()
    out["value"] = out[column]
    for col, vals in (("lisa_I", loc.Is), ("quadrant", loc.q), ("p_sim", loc.p_sim), ("cluster", cluster)):
        full = np.full(len(gdf), None, dtype=object)
        full[has] = vals
        out[col] = full
    out["lisa_I"] = out["lisa_I"].astype(float)
    out["p_sim"] = out["p_sim"].astype(float)
    return SpatialAutocorrelation(column, mi, out, w, alpha, notes)
