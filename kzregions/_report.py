"""The one shape of the reports kzregions attaches to its results (what joined, what was
assigned, what was classified and why): a small dataclass whose ``repr`` says what happened
and whose :meth:`Report.to_frame` gives one row per item."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class Report(ABC):
    """Base of the reports (:class:`kzregions.JoinReport`, ...): subclasses are dataclasses."""

    @abstractmethod
    def to_frame(self) -> Any:
        """One row per item of the report, as a pandas DataFrame."""
