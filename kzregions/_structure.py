"""What the structure-and-dynamics modules share (issue 23): argument checks of their tables,
years and options, and the shipped sector tables as one row per unit and one column per sector.

Layer 5 (reads the panel); :mod:`specialisation`, :mod:`shiftshare`, :mod:`growth` and
:mod:`dynamics` import it, never one another's private names.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._sectors import SECTOR_KEYS, SECTOR_TABLES
from .errors import EmptyInputError, InvalidArgumentError, InvalidInputError, MissingColumnError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def invalid(name: str, value: Any, fix: str) -> InvalidArgumentError:
    """The error for ``name=value``, saying what to pass instead."""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:60] + "..."
    return InvalidArgumentError(f"{name}={shown}: {fix}", argument=name, value=value)


def check_frame(name: str, df: Any) -> pd.DataFrame:
    """``df`` if it is a non-empty DataFrame, else our error naming ``name``."""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidInputError(f"{name} must be a pandas DataFrame (one row per unit, one column per sector), "
                                f"got {type(df).__name__}")
    if df.empty or df.shape[1] == 0:
        raise EmptyInputError(f"{name} is empty: it needs one row per unit and one column per sector")
    return df


def check_sectors(name: str, df: Any, *, allow_negative: bool = False) -> pd.DataFrame:
    """A sector table: numeric, finite where given, non-negative, with a positive total.

    Missing cells stay missing (NaN): a unit with one is left out by the measures that need
    every sector, and said to be so.
    """
    import numpy as np
    import pandas as pd

    check_frame(name, df)
    bad = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c])]
    if bad:
        raise InvalidInputError(f"{name}: columns {bad} are not numbers; a sector table has one numeric column per "
                                "sector (put names and codes in the index)")
    x = df.to_numpy(dtype=float)
    if np.isinf(x).any():
        raise invalid(name, "infinite values", "a sector table holds finite amounts (employment, value added)")
    if not allow_negative and (x < 0).any():
        r, c = np.argwhere(x < 0)[0]
        raise invalid(name, f"{df.columns[c]} = {x[r, c]:g} at {df.index[r]!r}",
                      "amounts of a sector table cannot be negative")
    if not np.nansum(x) > 0:
        raise invalid(name, "a zero total", "the table's sectors must add up to more than zero")
    return df.astype(float)


def check_year(name: str, value: Any) -> int:
    """``value`` as a calendar year (an int 1900-2100), else our error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) or (
            isinstance(value, float) and (math.isnan(value) or value != int(value))):
        raise invalid(name, value, "pass a calendar year as an integer, e.g. 2024")
    try:
        y = int(value)
    except ValueError:
        raise invalid(name, value, "pass a calendar year as an integer, e.g. 2024") from None
    if not 1900 <= y <= 2100:
        raise invalid(name, value, "pass a calendar year between 1900 and 2100")
    return y


def check_choice(name: str, value: Any, allowed: tuple) -> Any:
    """``value`` if it is one of ``allowed``, else our error listing them."""
    try:
        ok = value in allowed
    except TypeError:
        ok = False
    if not ok:
        raise invalid(name, value, f"use one of {', '.join(repr(a) for a in allowed)}")
    return value


def check_column(df: Any, column: Any, name: str = "column") -> str:
    """``column`` if it names a column of ``df``, else our error listing the columns."""
    if not isinstance(column, str):
        raise InvalidInputError(f"{name} must be a column name (str), got {type(column).__name__}")
    if column not in df.columns:
        raise MissingColumnError(f"{name}={column!r}: the frame has no such column (columns: {list(df.columns)})")
    return column


def sector_table(table: str = "gva", year: Any = 2024, *, vintage: Any = 2024) -> pd.DataFrame:
    """A shipped sector table: one row per unit (index ``kato``), one column per sector (short
    keys: ``agriculture``, ``mining``, ...); several years stacked with a ``year`` column."""
    from .stats import panel

    check_choice("name", table, tuple(SECTOR_TABLES))
    several = not isinstance(year, (int, float, str)) and year is not None
    try:
        years = [check_year("year", y) for y in year] if several else [check_year("year", year)]
    except TypeError:
        raise invalid("year", year, "pass a year or a list of years") from None
    if not years:
        raise invalid("year", year, "pass at least one year")
    inds = SECTOR_TABLES[table]
    p = panel(*inds, years=years, vintage=vintage)
    missing = sorted(set(years) - set(p["year"]))
    if missing:
        have = sorted(set(panel(inds[0], vintage=vintage)["year"]))
        raise invalid("year", year, f"the shipped {table} table has no {missing}; on {vintage} boundaries it has "
                                    f"years {have}")
    wide = p.set_index("kato")[(["year"] if several else []) + list(inds)].rename(columns=SECTOR_KEYS)
    wide.columns.name = "sector"
    wide.attrs = {"unit": p.attrs["units"][inds[0]], "year": years if several else years[0], "vintage": vintage,
                  "table": table, "names": dict(zip(p["kato"], p["region_en"])),
                  "sources": sorted({s for i in inds for s in p.attrs["sources"][i]})}
    return wide


def kato_keyed(df: Any, by: str | None = None) -> tuple[Any, bool]:
    """(``df`` indexed by its ``kato`` column, True) when the units are named in a column, as
    every other result of the library names them; else (``df``, False), keyed by its index.
    The caller turns the index back into the ``kato`` column when True."""
    import pandas as pd

    if isinstance(df, pd.DataFrame) and "kato" in df.columns and by != "kato":
        return df.set_index("kato"), True
    return df, False
