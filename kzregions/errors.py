"""Exceptions raised by kzregions.

Each subclasses the built-in exception a user would already catch (``ValueError``,
``LookupError``, ``OSError``) so that ``except ValueError`` keeps working, while
``except kz.errors.AmbiguousRegionError`` lets a caller handle one case precisely.
"""

from __future__ import annotations


class KzRegionsError(Exception):
    """Base class of every error raised on purpose by kzregions.

    Attributes
    ----------
    key : str or None
        For an error a user's input can cause (issue 26): the key of its message in the table of
        error messages in English, Kazakh and Russian (``kzregions._messages``); None otherwise.
        The exception's text is the English message; the command line prints the one of --lang.
    params : dict
        The values the message is filled in with (the bad value, the candidates, ...).
    """

    key: str | None = None
    params: dict[str, object] = {}  # replaced per instance by _messages.keyed, never mutated


class UnknownRegionError(KzRegionsError, LookupError):
    """A name or code matches no administrative unit.

    Attributes
    ----------
    query : str
        The value that was looked up.
    suggestions : list of str
        The closest names, best first (may be empty).
    """

    def __init__(self, message: str, query: object = None, suggestions: list | None = None):
        super().__init__(message)
        self.query = query
        self.suggestions = list(suggestions or [])


class AmbiguousRegionError(KzRegionsError, LookupError):
    """A name matches several units and nothing given settles which one.

    Attributes
    ----------
    query : str
        The value that was looked up.
    candidates : list
        The matching units (``kzregions.names.Match`` objects).
    """

    def __init__(self, message: str, query: object = None, candidates: list | None = None):
        super().__init__(message)
        self.query = query
        self.candidates = list(candidates or [])


class VintageError(KzRegionsError, ValueError):
    """A boundary vintage (or level) that does not exist was asked for."""


class LevelError(VintageError):
    """An administrative level that does not exist (levels are 1, oblasts, and 2, districts).

    Subclasses :class:`VintageError` because kzregions 0.1 raised that for a bad level;
    catch ``LevelError`` in new code.
    """


class UnknownIndicatorError(KzRegionsError, KeyError):
    """An indicator name the catalogue does not hold (``kz.indicators()`` lists them)."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class UnknownCodeError(UnknownRegionError, KeyError):
    """Codes of a table that are no unit of the boundary set it is said to be on (also a
    ``KeyError``, as a missing key of a mapping)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownProgrammeError(UnknownRegionError):
    """A programme id the catalogue does not hold (``kz.programmes()`` lists them)."""


class MissingColumnError(KzRegionsError, KeyError):
    """A frame lacks a column the call needs; the message lists the columns it has."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DuplicateKeyError(KzRegionsError, ValueError):
    """A join key occurs more than once where one row per unit is required."""


class EmptyInputError(KzRegionsError, ValueError):
    """An input that must hold rows or geometry is empty."""


class UnknownFileError(KzRegionsError, KeyError):
    """A file name that is not in the boundary manifest."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ClassificationError(KzRegionsError, ValueError):
    """Values or parameters a choropleth cannot be classed with (text, infinities, bad ``k``
    or ``bins``). The message names the value and the fix."""


class LanguageError(KzRegionsError, ValueError):
    """A language kzregions cannot write in (``en``, ``kk`` and ``ru`` are the three)."""


class DataIntegrityError(KzRegionsError, ValueError):
    """A data file is not what the manifest says (checksum mismatch, unreadable file)."""


class DataUnavailableError(KzRegionsError, OSError):
    """A data file is neither in the mirror folder, nor in the cache, nor downloadable."""


class CRSMismatchError(KzRegionsError, ValueError):
    """Two inputs that must share a CRS do not, or an input has no CRS."""


class InvalidGeometryError(KzRegionsError, ValueError):
    """Geometry that cannot be used as given (empty, invalid beyond repair, wrong type)."""


class EmptyRegionError(KzRegionsError, ValueError):
    """An operation produced a region with no territory (no member, no area)."""


# --- added for issue 12/13 (names): keep these two classes when porting -------------------
class NoPolygonError(UnknownRegionError):
    """A unit that exists in the KATO classifier but has no polygon in the boundary data
    (a district newer than the boundaries, e.g. Sauran district, created in 2021)."""


class InvalidInputError(KzRegionsError, TypeError):
    """An argument of the wrong type or shape (e.g. a whole DataFrame where a column is expected)."""


# --- added for issue 20 (correctness) ------------------------------------------------------
class UnitsError(KzRegionsError, ValueError):
    """A column whose unit of measure is not known (no ``attrs["units"]`` entry, no shipped
    indicator of that name) or not the kind the call needs (persons for a density)."""


class BoundarySetMismatchError(VintageError):
    """Values and the weights (or other columns) they are combined with are measured on
    different boundary sets; the message names both sets and how to carry one onto the other."""


class SettingError(KzRegionsError, ValueError):
    """A setting (``kz.settings.*`` or its ``KZREGIONS_*`` environment variable) whose value
    cannot be read, e.g. ``KZREGIONS_OFFLINE=maybe``."""


# --- added for issue 21 (one error contract) ----------------------------------------------
class InvalidArgumentError(KzRegionsError, ValueError):
    """An argument whose value cannot be used (out of range, not one of the allowed values,
    NaN or infinite where a number is needed, text too long). The message names the
    argument, the value (shortened) and the fix.

    Attributes
    ----------
    argument : str or None
        The parameter's name.
    value : object
        The value given.
    """

    def __init__(self, message: str, argument: str | None = None, value: object = None):
        super().__init__(message)
        self.argument = argument
        self.value = value


class ColumnConflictError(InvalidArgumentError):
    """An input column that the call would overwrite with one of its own output columns, or
    two outputs that would share one name. Rename the input column (the message says how)."""


class MissingDataError(KzRegionsError, KeyError):
    """A year, breakdown or series the shipped data do not hold (``years=2030``,
    ``sex="X"``). The message lists what exists."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InsufficientDataError(KzRegionsError, ValueError):
    """Too few units with values for a measure to mean anything (Moran's I with 4 units)."""


class FileFormatError(KzRegionsError, ValueError):
    """A file of the user's that cannot be read as what it should be (corrupt, empty,
    truncated, an unknown extension, tables of different columns). Names file and problem."""


class PathError(KzRegionsError, OSError):
    """A path that cannot be written or read: a folder that does not exist, a parent that is
    a file, a read-only folder."""


class MissingFileError(PathError, FileNotFoundError):
    """An input file or folder that does not exist (or holds no file of the kind needed)."""


class DependencyError(KzRegionsError, ImportError):
    """An optional package a call needs is not installed; the message says what to install."""


class UnknownAttributeError(KzRegionsError, AttributeError):
    """A name the package or one of its objects does not have."""

# --- added for issue 24 (the right symbol) -------------------------------------------------
class ExtensiveVariableError(ClassificationError):
    """A count or total (population, GRP in money) asked for as a choropleth: the colour of a
    large unit would say "many" because the unit is large. Map a density or per-capita value,
    or draw proportional symbols (:func:`kzregions.proportional_map`)."""


# --- added for issue 26 ------------------------------------------------------------------
class OutOfRangeError(InvalidArgumentError):
    """A number outside the range the operation is defined for (the message states the range)."""

# --- added for issue 22 (region building) -------------------------------------------------
class RegionalizationError(InvalidArgumentError):
    """Values or parameters regions cannot be built with: a floor no unit group reaches, a
    number of regions the units cannot give, infinite values, a choice that does not exist.
    The message names the parameter and the fix (an :class:`InvalidArgumentError`, so a
    ``ValueError``)."""


class NamingError(KzRegionsError, ValueError):
    """``names=`` is neither "today" nor "period" (which names of the units to use)."""


class InternalError(KzRegionsError, RuntimeError):
    """A state the library's own checks should have made impossible (please report it, with
    the call that led to it)."""
