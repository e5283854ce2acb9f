"""The one shape of the reports kzregions attaches to its results (what joined, what was
assigned, what was classified and why): a small dataclass whose ``repr`` says what happened,
whose :meth:`Report.to_frame` gives one row per item, and whose fields can also be read by
name (``report["matched"]``), as the dict reports of kzregions 0.1 were."""

from __future__ import annotations

from typing import Any


class Report:
    """Base of the reports (:class:`kzregions.JoinReport`, ...): subclasses are dataclasses."""

    def to_frame(self) -> Any:
        """One row per item of the report, as a pandas DataFrame."""
        raise NotImplementedError

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None
