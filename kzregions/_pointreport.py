"""The report of :func:`kzregions.assign` and :func:`kzregions.aggregate`: how many points
were labelled, how many fell outside every unit or had no coordinates, and how they were read."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ._report import Report
from ._validate import user_stacklevel

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@dataclass(eq=False)  # compared by identity: pandas compares attrs when it combines frames
class AssignReport(Report):
    """What :func:`~kzregions.assign` did with the points: nothing is dropped without a count here.

    Attributes
    ----------
    n_points : int
        Points read (rows of the input).
    assigned : int
        Points inside a unit (0 when only programme zones were asked for).
    outside : int
        Points with coordinates that lie in no unit (NaN in the result).
    missing_coordinates : int or None
        Points without coordinates (NaN or empty geometry); ``None`` for dask input, where
        they are counted in ``outside``.
    level : int or None
        Level assigned to (1 oblasts, 2 districts; ``None``: programme zones only).
    vintage : int or None
        Boundary set.
    predicate : str or None
        ``"within"`` or ``"intersects"``.
    crs : str or None
        CRS of the coordinates as read.
    reprojected_from : str or None
        The CRS the points were reprojected from to EPSG:4326, if any.
    crs_assumed : bool
        No CRS was given or found: EPSG:4326 was assumed.
    geometry : str or None
        How point geometry was read where it was not shapely objects (``"WKB"``).
    files : int or None
        Files read (file input only).
    in_region : int or None
        Points inside a zone of ``regions=`` (only when it was given).
    note : str or None
        Anything else the caller should know (e.g. how dask input is counted).

    Examples
    --------
    >>> import kzregions as kz
    >>> rep = kz.assign(kz.geonames_places(), level=2).attrs["assign_report"]
    >>> rep.assigned, rep.outside, rep.missing_coordinates
    (350, 1, 0)
    >>> rep.to_frame().set_index("outcome")["n_points"].to_dict()
    {'assigned': 350, 'outside': 1, 'missing_coordinates': 0}
    """

    n_points: int = 0
    assigned: int = 0
    outside: int = 0
    missing_coordinates: int | None = 0
    level: int | None = None
    vintage: int | None = None
    predicate: str | None = None
    crs: str | None = None
    reprojected_from: str | None = None
    crs_assumed: bool = False
    geometry: str | None = None
    files: int | None = None
    in_region: int | None = None
    note: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome of the points.

        Returns
        -------
        pandas.DataFrame
            ``outcome`` (``assigned``, ``outside``, ``missing_coordinates``, and
            ``in_region`` when zones were asked for) and ``n_points``; the outcomes of the
            first three add up to :attr:`n_points`.

        Examples
        --------
        >>> import kzregions as kz
        >>> out = kz.assign(kz.centres(2024)[["geometry"]], level=1)
        >>> out.attrs["assign_report"].to_frame()["n_points"].tolist()
        [21, 0, 0]
        """
        import pandas as pd

        rows = [("assigned", self.assigned), ("outside", self.outside)]
        if self.missing_coordinates is not None:
            rows.append(("missing_coordinates", self.missing_coordinates))
        if self.in_region is not None:
            rows.append(("in_region", self.in_region))
        return pd.DataFrame(rows, columns=["outcome", "n_points"])

    def __repr__(self) -> str:
        what = {None: "programme zones only", 1: "oblasts", 2: "districts"}.get(self.level, str(self.level))
        head = (f"AssignReport(level={self.level!r}, vintage={self.vintage!r}, predicate={self.predicate!r}): "
                f"{self.assigned} of {self.n_points} points assigned to {what}")
        lines = [head, f"  {self.outside} outside every unit (kato NaN, kept)"]
        if self.missing_coordinates is not None:
            lines.append(f"  {self.missing_coordinates} without coordinates (kato NaN, kept)")
        if self.in_region is not None:
            lines.append(f"  {self.in_region} inside a zone of the programme region")
        if self.reprojected_from:
            lines.append(f"  reprojected from {self.reprojected_from} to EPSG:4326")
        elif self.crs_assumed:
            lines.append("  no CRS given: EPSG:4326 (longitude/latitude) assumed")
        if self.files is not None:
            lines.append(f"  read from {self.files} file(s)" + (f" ({self.geometry} geometry)" if self.geometry else ""))
        if self.note:
            lines.append(f"  note: {self.note}")
        return "\n".join(lines)

    # ---- 0.2 read the report as a dict: one release of dict-style access, warned
    def _old(self, key: str) -> Any:
        warnings.warn(f"assign_report[{key!r}] reads the report as the dict of kzregions 0.2: use the "
                      f"attribute, assign_report.{key} (dict access goes in 0.4)", DeprecationWarning,
                      stacklevel=user_stacklevel())
        return getattr(self, key)

    def __getitem__(self, key: str) -> Any:
        if key not in {f.name for f in fields(self)}:
            from .errors import MissingDataError

            raise MissingDataError(f"the assign report has no {key!r}: its fields are "
                                   f"{', '.join(f.name for f in fields(self))}")
        return self._old(key)

    def get(self, key: str, default: Any = None) -> Any:
        """Deprecated dict-style access of 0.2 (warns; goes in 0.4): read the attribute instead.

        Parameters
        ----------
        key : str
            An attribute name (``"outside"``, ``"reprojected_from"``, ...).
        default : optional
            Returned for unknown keys and for values that are not set (None).

        Returns
        -------
        object
            The attribute's value, or ``default``.

        Examples
        --------
        >>> import kzregions as kz
        >>> import warnings
        >>> rep = kz.assign(kz.geonames_places(), level=1).attrs["assign_report"]
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", DeprecationWarning)
        ...     rep.get("outside"), rep.get("reprojected_from", "none")
        (1, 'none')
        """
        if key not in {f.name for f in fields(self)}:
            return default
        value = self._old(key)
        return default if value is None or (key == "crs_assumed" and value is False) else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in {f.name for f in fields(self)} and getattr(self, key) is not None


def assign_report(counts: Any) -> AssignReport:
    """The :class:`AssignReport` of the counts the assigning code collected (a dict), or
    ``counts`` itself if it already is one (aggregate reuses assign's)."""
    if isinstance(counts, AssignReport):
        return counts
    known = {f.name for f in fields(AssignReport)}
    return AssignReport(**{k: v for k, v in dict(counts).items() if k in known})
