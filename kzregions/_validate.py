"""Argument checks and keyword renames shared by the public functions."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import InvalidArgumentError, InvalidInputError

F = TypeVar("F", bound=Callable[..., Any])


def user_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the user's line: the first frame outside
    kzregions, however many of our frames (the package's argument guard, decorators) lie between.

    Pass it as ``warnings.warn(..., stacklevel=user_stacklevel())``.
    """
    import os
    import sys

    package = os.path.dirname(os.path.abspath(__file__))
    frame: Any = sys._getframe(1)  # the caller of user_stacklevel, i.e. warn's caller
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def renamed_keywords(_until: str = "0.3", **old_to_new: str) -> Callable[[F], F]:
    """Accept the 0.1 spelling of keyword arguments for one release, with a DeprecationWarning.

    ``@renamed_keywords(src="from_vintage")`` lets ``f(src=2018)`` call ``f(from_vintage=2018)``.
    Giving both spellings is a TypeError, as for any duplicate argument. ``_until`` is the
    release that removes the old spelling (names renamed in 0.3 go in 0.4).
    """

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise InvalidInputError(f"{func.__name__}() got both {old}= and {new}=: use {new}=")
                    warnings.warn(f"{func.__name__}({old}=...) is deprecated and will be removed in "
                                  f"kzregions {_until}: use {new}=", DeprecationWarning, stacklevel=user_stacklevel())
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def keywords_after(n: int) -> Callable[[F], F]:
    """Make a call that passes more than ``n`` arguments by position a clear error.

    kzregions 0.1 took e.g. ``to_vintage(table, column, 2018, 2024)``; the boundary sets are
    keywords now. The wrapped function declares them keyword-only (``*``); this turns Python's
    bare "takes 2 positional arguments but 4 were given" into an
    :class:`~kzregions.errors.InvalidInputError` (a TypeError) that names each keyword with the
    value given, e.g. "pass from_vintage=2018, to_vintage=2024 as keywords".
    """

    def wrap(func: F) -> F:
        import inspect

        params = list(inspect.signature(func).parameters.values())
        first = [p.name for p in params[:n]]
        after = [p.name for p in params if p.kind is p.KEYWORD_ONLY]

        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n:
                extra = args[n:]
                named = ", ".join(f"{k}={v!r}" for k, v in zip(after, extra))
                raise InvalidInputError(
                    f"{func.__name__}() takes {' and '.join(f'`{f}`' for f in first)} by position; pass "
                    f"{named} as {'keywords' if len(extra) > 1 else 'a keyword'} (positional use of the later "
                    "arguments was kzregions 0.1's)")
            return func(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def one_of(name: str, value: Any, allowed: tuple) -> Any:
    """Return ``value`` if it is one of ``allowed``, else an InvalidArgumentError naming both."""
    try:
        ok = value in allowed
    except (TypeError, ValueError):  # an array or frame compares element-wise
        ok = False
    if not ok:
        raise InvalidArgumentError(f"{name}={shorten(value)}: use one of {', '.join(repr(a) for a in allowed)}",
                                   argument=name, value=value)
    return value


#: Longest text any argument may be (a path of 4,096 bytes is the longest Linux takes); longer
#: text is refused before any work, so that a runaway string costs nothing.
MAX_TEXT = 4096
#: Longest name of a place that resolve() looks up (the longest KATO name has ~90 characters).
MAX_NAME = 300


def shorten(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters, saying how long the whole was.

    >>> shorten("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (1,000 characters)"
    """
    try:
        # a runaway string is cut before repr: repr of five million characters costs seconds
        text = repr(value[: limit + 1]) if isinstance(value, str) else repr(value)
    except Exception:  # a repr that fails must not hide the error being reported
        text = f"<{type(value).__name__}>"
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else \
        f"{len(value):,} items" if hasattr(value, "__len__") and not isinstance(value, type) else type(value).__name__
    return f"{text[:limit]}... ({size})"


def check_text(name: str, value: str, limit: int = MAX_TEXT) -> str:
    """Return ``value`` if it is at most ``limit`` characters, else an InvalidArgumentError."""
    if len(value) > limit:
        raise InvalidArgumentError(f"{name}={shorten(value)}: {len(value):,} characters is too long "
                                   f"(at most {limit:,}); pass the text meant, not a whole file or column",
                                   argument=name, value=value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no font draws it, no file stores it
        raise InvalidArgumentError(f"{name}={shorten(value)}: character {exc.start + 1} ({value[exc.start]!r}) is "
                                   "half of a UTF-16 pair, not a character; fix the text's decoding",
                                   argument=name, value=value) from None
    return value


#: parameters where NaN is a legitimate number (rasterio's nodata)
NAN_OK = frozenset({"nodata"})
#: integer parameters the library parses from text itself (``vintage="2024"``)
TEXT_INT_OK = frozenset({"vintage", "from_vintage", "to_vintage", "year", "level"})
#: the annotation words the guard knows; a union with any other member is left to the function
#: unless the name is a class of the function's module (``Thresholds``, ``Typology``)
_KNOWN = {"str", "int", "float", "bool", "None", "Path", "dict", "list", "tuple", "pd.DataFrame",
          "gpd.GeoDataFrame", "DataFrame", "GeoDataFrame", "Iterable"}


def _kinds(annotation: Any, namespace: dict) -> tuple | None:
    """The members of a simple annotation (``'str | None'`` -> {str, None}) and the classes it
    names; None if any member is a type the guard cannot check (``Any``, a class imported for
    type checking only)."""
    if not isinstance(annotation, str):
        annotation = getattr(annotation, "__name__", "Any")
    parts = {p.strip().split("[")[0] for p in annotation.split("|")}
    classes = []
    for part in parts - _KNOWN:
        obj = namespace.get(part)
        if not isinstance(obj, type) or obj.__module__ == "typing":
            return None
        classes.append(obj)
    return frozenset(parts & _KNOWN), tuple(classes)


def writable_path(name: str, path: Any, *, create: bool = True) -> Path:
    """``path`` as a Path that can be written, checked before any work; its folder is made
    when ``create`` (as the writers of kzregions do). A wrong type, an empty name, a parent
    that is a file, a read-only folder or a path that is a folder get an error naming ``name``.
    """
    import os

    from .errors import PathError

    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise InvalidInputError(f"{name}={shorten(path)} ({type(path).__name__}): give a file path (str or Path)")
    p = Path(path)
    if not str(path).strip() or p.name in ("", ".", ".."):
        raise InvalidArgumentError(f"{name}={str(path)!r}: give a file name", argument=name, value=path)
    if p.is_dir():
        raise PathError(f"{name}={str(path)!r} is a folder: give a file name inside it")
    folder = p.parent
    existing = next((a for a in (folder, *folder.parents) if a.exists()), Path("."))
    if not existing.is_dir():
        raise PathError(f"{name}={str(path)!r}: {str(existing)!r} is a file, not a folder; choose another path")
    if not os.access(existing, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise PathError(f"{name}={str(path)!r}: cannot write there (permission denied); choose a writable folder")
    if existing != folder:
        if not create:
            raise PathError(f"{name}={str(path)!r}: the folder {str(folder)!r} does not exist; create it first")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PathError(f"{name}={str(path)!r}: cannot create the folder {str(folder)!r} ({exc.strerror})") from exc
    return p


#: the files ``assign`` and ``aggregate`` read
POINT_FILES = (".parquet", ".geoparquet", ".pq", ".csv", ".txt", ".gz")


def _file_columns(path: Any) -> tuple[list[str], bool]:
    """(column names, has GeoParquet metadata) of a point file, or a FileFormatError naming it."""
    from .errors import FileFormatError

    if path.stat().st_size == 0:
        raise FileFormatError(f"{path}: the file is empty (0 bytes); write it again or leave it out")
    try:
        if path.suffix.lower() in (".csv", ".txt", ".gz"):
            import pyarrow.csv as pcsv

            return list(pcsv.open_csv(path).schema.names), False
        import pyarrow.parquet as pq

        schema = pq.read_schema(path)
    except Exception as exc:  # pyarrow's ArrowInvalid, OSError, UnicodeDecodeError ...: the file is bad
        kind = "CSV" if path.suffix.lower() in (".csv", ".txt", ".gz") else "Parquet"
        raise FileFormatError(f"{path}: not a readable {kind} file ({str(exc).splitlines()[0][:200]}); "
                              "is it truncated or of another format? Write it again") from exc
    return list(schema.names), b"geo" in (schema.metadata or {})


def check_point_files(paths: list) -> list:
    """The point files of ``assign``/``aggregate`` checked before any work: readable GeoParquet
    or CSV, not empty, and all with the same columns (they are read as one table)."""
    from .errors import FileFormatError

    first: tuple | None = None
    for path in paths:
        if path.suffix.lower() not in POINT_FILES:
            raise FileFormatError(f"{path}: assign reads GeoParquet (.parquet) or CSV files; read a "
                                  f"{path.suffix or 'file without extension'} with geopandas.read_file(path) "
                                  "and pass the frame")
        cols, geo = _file_columns(path)
        wkt = [c for c in cols if c.lower() in ("geometry", "geom", "wkt", "the_geom")]
        if not geo and wkt and not any(a in cols and b in cols for a, b in (("lon", "lat"), ("x", "y"))):
            raise FileFormatError(f"{path}: column {wkt[0]!r} holds geometry as text (WKT?) and there are no "
                                  "x/y columns: write it as GeoParquet (gdf.to_parquet) or pass "
                                  "geopandas.GeoDataFrame(df, geometry=gpd.GeoSeries.from_wkt(df[...]))")
        if first is None:
            first = (path, cols)
        elif set(cols) != set(first[1]):
            extra, lack = sorted(set(cols) - set(first[1])), sorted(set(first[1]) - set(cols))
            raise FileFormatError(f"{path} has other columns than {first[0]} (more: {extra[:10]}, fewer: "
                                  f"{lack[:10]}): files read together must share one schema; pass them "
                                  "separately or make their columns agree")
    return paths


def to_numbers(name: str, values: Any) -> Any:
    """A column as float64 (missing stays NaN), refusing text that is not a number.

    ``pd.to_numeric(errors="coerce")`` would turn ``"1,200"`` into NaN and a sum would
    silently lose it; the error names the column and shows what was found.
    """
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    out = pd.to_numeric(s, errors="coerce")
    bad = out.isna() & s.notna()
    if bad.any():
        seen = list(dict.fromkeys(map(str, s[bad].head(200))))[:3]
        raise InvalidArgumentError(f"{name}: {int(bad.sum())} value(s) are not numbers ({', '.join(map(repr, seen))}): "
                                   "convert the column first, e.g. s.str.replace(',', '').astype(float), or "
                                   "count it only ('count')", argument=name, value=seen)
    return out.astype("float64")


def check_no_clash(func: str, have: Any, outputs: list, fix: str) -> None:
    """Refuse input columns that ``func`` would overwrite with its own output columns."""
    from .errors import ColumnConflictError

    present = set(have)
    clash = [c for c in outputs if c in present]
    if clash:
        raise ColumnConflictError(f"{func}: the input already has the column(s) {clash} that {func} writes; {fix}",
                                  argument="columns", value=clash)


def _is_missing(value: Any) -> bool:
    """A missing value as pandas writes it in a column (NaN, None, pd.NA, NaT)."""
    try:
        return value is None or bool(value != value) or type(value).__name__ in ("NAType", "NaTType")
    except (TypeError, ValueError):
        return False


def _is_int_text(value: str) -> bool:
    return value.strip().lstrip("-").isdigit()


def as_years(name: str, years: Any) -> list[int] | None:
    """``years=`` as a list of ints: one year (``2022``, ``"2022"``, ``2022.0``) or an
    iterable of them; None stays None. Text is one year, never its characters."""
    import numbers

    if years is None:
        return None
    one = isinstance(years, (str, numbers.Real))
    if not one and not hasattr(years, "__iter__"):
        raise InvalidInputError(f"{name}={shorten(years)} ({type(years).__name__}): give a year (e.g. 2022) "
                                "or a list of years")
    out = []
    for y in [years] if one else list(years):
        if isinstance(y, str) and _is_int_text(y):
            y = int(y)
        if isinstance(y, bool) or not isinstance(y, numbers.Real) or y != y or abs(y) == float("inf") \
                or float(y) != int(float(y)):
            raise InvalidArgumentError(f"{name}={shorten(years)}: {shorten(y)} is not a year; give a year "
                                       "(e.g. 2022) or a list of years", argument=name, value=years)
        out.append(int(float(y)))
    return out


def check_years_exist(name: str, wanted: list[int] | None, have: Any, what: str) -> None:
    """A MissingDataError listing the years that exist when none of ``wanted`` does."""
    if not wanted:
        return
    have = sorted({int(y) for y in have})
    if not set(wanted) & set(have):
        from .errors import MissingDataError

        span = f"{have[0]}-{have[-1]} ({len(have)} years)" if len(have) > 6 else ", ".join(map(str, have))
        raise MissingDataError(f"{name}={shorten(wanted if len(wanted) > 1 else wanted[0])}: {what} has no "
                               f"values then; years with values: {span or 'none'}")


#: parameters naming a boundary set: a value that cannot be one is a VintageError listing the sets
VINTAGE_PARAMS = frozenset({"vintage", "from_vintage", "to_vintage"})


def _check_vintage_kind(func: str, name: str, value: Any, kinds: frozenset) -> None:
    """None (where not allowed) or text that is no number for a boundary set: the error the
    functions' own check gives (:class:`VintageError`, with the sets that exist), naming ``name``."""
    bad = (value is None and "None" not in kinds) or (
        isinstance(value, str) and not _is_int_text(value) and not kinds & {"str", "Path"})
    if bad:
        from ._schema import VINTAGES
        from .errors import VintageError

        sets = "; ".join(f"{k} ({p})" for k, p in VINTAGES.items())
        raise VintageError(f"{func}(): {name}={shorten(value)} is not a boundary set. Available: {sets}; "
                           f"give e.g. {name}=2024")


def check_argument(func: str, name: str, value: Any, kinds: frozenset, classes: tuple = ()) -> None:
    """Refuse a value that cannot be what a simple annotation says, naming the parameter.

    Lenient where the library is: numbers may be numpy numbers; a year or vintage may be given
    as text (``vintage="2024"``, parsed by the function); a list may be any sequence. NaN and
    infinities are refused for numbers (except :data:`NAN_OK`), text for numbers too.
    """
    import numbers
    import os

    if classes and isinstance(value, classes):
        return
    if name in VINTAGE_PARAMS:
        _check_vintage_kind(func, name, value, kinds)
    # a NaN read from a column stands for "not given" where the parameter is text (oblast=nan)
    if value is None or ("None" in kinds and not kinds & {"int", "float"} and _is_missing(value)):
        if "None" in kinds:
            return
        raise InvalidInputError(f"{func}(): {name}=None: give a value ({' or '.join(sorted(kinds))})")
    if isinstance(value, str):
        if kinds & {"str", "Path"}:
            return
        if "int" in kinds and name in TEXT_INT_OK and _is_int_text(value):
            return  # the function parses (and checks) the text
        if kinds & {"int", "float"}:
            raise InvalidArgumentError(f"{func}(): {name}={shorten(value)}: give a number, not text",
                                       argument=name, value=value)
    number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if number and kinds & {"int", "float"}:
        if value != value or value in (float("inf"), float("-inf")):
            if name in NAN_OK and value != value:
                return
            raise InvalidArgumentError(f"{func}(): {name}={value!r}: give a finite number", argument=name, value=value)
        if "float" not in kinds and float(value) != int(value):
            raise InvalidArgumentError(f"{func}(): {name}={value!r}: give a whole number", argument=name, value=value)
        return
    if (isinstance(value, bool) or type(value).__name__ == "bool_") and "bool" in kinds:
        return
    if "Path" in kinds and isinstance(value, os.PathLike):
        return
    if "dict" in kinds and hasattr(value, "keys") and hasattr(value, "__getitem__"):
        return
    if kinds & {"list", "tuple", "Iterable"} and hasattr(value, "__iter__") and not isinstance(value, (bytes, dict)) \
            and (not isinstance(value, str) or "Iterable" in kinds):
        return
    if kinds & {"pd.DataFrame", "DataFrame", "gpd.GeoDataFrame", "GeoDataFrame"}:
        import pandas as pd

        geo = not kinds & {"pd.DataFrame", "DataFrame"}
        if isinstance(value, pd.DataFrame) and (not geo or hasattr(value, "geometry")):
            return
    wanted = sorted(k for k in kinds if k != "None") + [c.__name__ for c in classes]
    raise InvalidInputError(f"{func}(): {name}={shorten(value)} ({type(value).__name__}): "
                            f"give {' or '.join(wanted)}" + (" or None" if "None" in kinds else ""))


#: parameters that are a year (or a boundary set) wherever they are not annotated as text:
#: one meaning per name across the API
#: bounds of numbers by parameter name (one meaning per name): beyond them the work explodes
#: (a 10**12-dpi image, a trillion permutations) or a dependency fails with its own error
RANGES = {
    "dpi": (10, 2400, "dots per inch of images; 300 prints well"),
    "permutations": (19, 100_000, "999 is usual; fewer than 19 cannot reach p < 0.05"),
    "seed": (0, 2**32 - 1, "numpy's seeds"),
    "k": (1, 100, "classes or clusters"),
    "ncols": (1, 50, "panels per row"),
}
YEAR_PARAMS = frozenset({"year", "start", "end", "mid", "base", "vintage", "from_vintage", "to_vintage"})


def check_by_name(func: str, name: str, value: Any, kinds: tuple | None) -> None:
    """Checks that follow from a parameter's name where its annotation says nothing (``Any``):
    ``crs`` is read by pyproj, ``years`` is a year or a list of years, ``year``/``start``/
    ``end``/``vintage``... is a whole number (or its digits as text)."""
    import numbers

    if value is None:
        return
    bounds = RANGES.get(name)
    real = isinstance(value, numbers.Real) and not isinstance(value, bool)  # a flag: value stays Any for mypy
    if bounds and real and value == value and not bounds[0] <= value <= bounds[1]:
        raise _out_of_range(func, name, value, bounds)
    if name == "crs":
        check_crs(name, value)
    elif name == "cmap" and isinstance(value, str):
        import matplotlib

        if value not in matplotlib.colormaps:
            raise InvalidArgumentError(f"{func}(): cmap={shorten(value)} is not a matplotlib colormap; e.g. "
                                       "'viridis', 'YlOrRd' (matplotlib.colormaps lists them)", argument=name, value=value)
    elif kinds is not None:
        return  # the annotation was checked
    elif name == "years" or (name == "year" and isinstance(value, (list, tuple))):  # sector_table(year=[...])
        as_years(name, value)
    elif name in YEAR_PARAMS:
        ok = (isinstance(value, str) and _is_int_text(value)) or (
            isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value
            and abs(value) != float("inf") and float(value) == int(float(value)))
        if not ok:
            raise InvalidArgumentError(f"{func}(): {name}={shorten(value)}: give a year as a whole number (e.g. 2022)",
                                       argument=name, value=value)


@functools.lru_cache(maxsize=256)
def _crs_problem(value: str) -> str | None:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(value)
    except CRSError as exc:
        return str(exc).splitlines()[0]
    return None


def check_crs(name: str, value: Any) -> None:
    """A ``crs=`` argument pyproj cannot read, refused naming it (one meaning per name: every
    ``crs`` parameter of kzregions is a coordinate reference system)."""
    if value is None or not isinstance(value, (str, int)) or isinstance(value, bool):
        if value is None or hasattr(value, "to_wkt") or isinstance(value, dict):
            return
        raise InvalidInputError(f"{name}={shorten(value)} ({type(value).__name__}): give a CRS "
                                "pyproj reads, e.g. 'EPSG:4326' or a pyproj.CRS")
    problem = _crs_problem(value)
    if problem:
        raise InvalidArgumentError(f"{name}={shorten(value)}: not a coordinate reference system ({problem}); "
                                   "give e.g. 'EPSG:4326' or a PROJ string", argument=name, value=value)


def _problem(func: str, name: str, value: Any, kinds: tuple | None) -> InvalidArgumentError | InvalidInputError | None:
    """The error the checks by annotation and by name find in one argument, or None."""
    from .errors import KzRegionsError

    try:
        if kinds:
            check_argument(func, name, value, *kinds)
        check_by_name(func, name, value, kinds)
    except KzRegionsError as exc:
        return exc  # type: ignore[return-value]
    return None


def check_arguments(func: Any, arguments: dict) -> None:
    """Run the guard's checks at once: a function whose work takes long calls this first
    (``check_arguments(atlas, locals())``), so a bad value is named before any drawing."""
    import inspect

    space = inspect.unwrap(func).__globals__
    for p in inspect.signature(func).parameters.values():
        if p.name in arguments and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            kinds = _kinds(p.annotation, space) if p.annotation is not p.empty else None
            problem = _problem(func.__name__, p.name, arguments[p.name], kinds)
            if problem is not None:
                raise problem


def _out_of_range(func: str, name: str, value: Any, bounds: tuple) -> InvalidArgumentError:
    """The error of a number outside ``bounds`` (low, high, what it is), in three languages at the
    command line (issue 26)."""
    from ._messages import keyed

    return keyed(InvalidArgumentError, "range", name, value, func=func, name=name, value=shorten(value),
                 lo=f"{bounds[0]:,}", hi=f"{bounds[1]:,}", what=bounds[2])


def _runaway(func: str, name: str, value: Any) -> None:
    """Refuse at once a number above its bound (a 10**12-dpi image would be drawn first)."""
    import numbers

    bounds = RANGES.get(name)
    if bounds and isinstance(value, numbers.Real) and not isinstance(value, bool) and value > bounds[1]:  # type: ignore[operator]
        raise _out_of_range(func, name, value, bounds)


def guard(func: F) -> F:
    """Wrap a public function so that its arguments are checked, naming the parameter.

    Applied by the package (``kzregions.__getattr__``) to every public function, so a new
    function inherits the checks without being listed.

    - Before any work: text over :data:`MAX_TEXT` characters or with a lone surrogate, and
      numbers above their bound by name (:data:`RANGES`), which would run away.
    - A value that cannot be what the parameter's annotation or name says (junk for a
      ``bool``, NaN for a ``float``, 2018.5 for a year, a ``crs`` pyproj cannot read) is
      found before the call too; the function's own error, if it raises one, wins (it knows
      more), else the guard's is raised: in place of a crash inside a dependency (chained to
      it), or after a call that accepted the value silently.

    Lists and columns are data, checked by the functions themselves (``resolve_many`` reports
    a runaway cell in that cell's row).
    """
    import inspect

    from .errors import KzRegionsError

    checks: dict[str, tuple] = {}
    names: list[str] = []
    params: set[str] = set()
    ready: list[bool] = []
    varargs: list[bool] = []

    def prepare() -> None:
        ready.append(True)
        sig = inspect.signature(func)
        # keywords a function takes; with **kwargs, any (then every name is checked)
        params.update(sig.parameters)
        if any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()):
            params.add("*")
        for p in sig.parameters.values():
            # positional names up to *args (only keyword-only ones follow it): every further
            # positional argument is one of *args
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL):
                names.append(p.name)
            if p.kind is p.VAR_POSITIONAL:
                varargs.append(True)
            kinds = _kinds(p.annotation, inspect.unwrap(func).__globals__) if p.annotation is not p.empty else None
            if kinds and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                checks[p.name] = kinds

    @functools.wraps(func)
    def inner(*args: Any, **kwargs: Any) -> Any:
        if not ready:
            prepare()
        problem = None
        given = []
        for i, v in enumerate(args):
            if i >= len(names) and not varargs:
                break  # more positional arguments than the function takes: its own TypeError says so
            given.append((names[min(i, len(names) - 1)] if names else f"argument {i + 1}", v))
        for name, value in given + list(kwargs.items()):
            if isinstance(value, str):
                check_text(name, value)
            _runaway(func.__name__, name, value)
            # an old spelling (renamed_keywords) is not checked by the meaning its name has elsewhere
            if problem is None and (name in params or "*" in params):
                problem = _problem(func.__name__, name, value, checks.get(name))
        if problem is None:
            return func(*args, **kwargs)
        try:
            func(*args, **kwargs)
        except KzRegionsError:
            raise  # the function's own check: it knows the parameter best
        except Exception as exc:
            raise problem from exc
        raise problem

    return inner  # type: ignore[return-value]


def as_codes(values: Any) -> Any:
    """KATO codes as 9-character strings, whatever the table's reader made of them.

    ``read_csv`` turns a code column into int64, or into float64 as soon as one cell is
    empty (``710000000.0``); both come back as ``"710000000"``. Missing values stay missing;
    anything else is kept as stripped text, so that a wrong code is reported, not lost.
    """
    import numpy as np
    import pandas as pd

    s = pd.Series(values, copy=False)
    out = pd.Series(np.full(len(s), None, dtype=object), index=s.index)
    national = "000000000"  # the only code with leading zeros; 0 when read as a number
    if s.dtype.kind in "iu":
        return s.astype(str).replace("0", national)
    if s.dtype.kind == "f":
        ok = s.notna() & np.isfinite(s.to_numpy(dtype=float, na_value=np.nan))
        integral = ok & (s.where(ok, 0) % 1 == 0)
        out[integral] = s[integral].astype("int64").astype(str).replace("0", national)
        out[ok & ~integral] = s[ok & ~integral].astype(str)
        return out
    if pd.api.types.is_string_dtype(s.dtype) and s.dtype != object:
        # pandas' text arrays: a million clean codes are checked in one vectorised pass
        clean = s.isna() | ((s.str.len() == 9) & s.str.isdigit())
        if bool(clean.all()):
            return s
    present = s.notna()
    text = s[present].astype(str)
    # a million clean codes pass with one scan; only the odd ones are stripped and mended
    odd = (text.str.len() != 9) | ~text.str.isdigit()
    if odd.any():
        fixed = text[odd].str.strip().str.replace(r"^(\d{1,9})\.0+$", r"\1", regex=True)  # 710000000.0
        text = text.where(~odd, fixed)
    out[present] = text.where(text != "0", national).to_numpy(dtype=object)
    return out


def code_hint(code: str) -> str:
    """A hint for a value that looks like a mistyped KATO code (8 or 10 digits)."""
    if code.isdigit() and len(code) in (8, 10):
        return f" KATO codes have 9 digits; {code!r} has {len(code)}."
    return ""
