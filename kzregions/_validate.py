"""Argument checks and keyword renames shared by the public functions."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keywords(**old_to_new: str) -> Callable[[F], F]:
    """Accept the 0.1 spelling of keyword arguments for one release, with a DeprecationWarning.

    ``@renamed_keywords(src="from_vintage")`` lets ``f(src=2018)`` call ``f(from_vintage=2018)``.
    Giving both spellings is a TypeError, as for any duplicate argument.
    """

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and {new}=: use {new}=")
                    warnings.warn(f"{func.__name__}({old}=...) is deprecated and will be removed in "
                                  f"kzregions 0.3: use {new}=", DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def one_of(name: str, value: Any, allowed: tuple) -> Any:
    """Return ``value`` if it is one of ``allowed``, else a ValueError naming both."""
    if value not in allowed:
        raise ValueError(f"{name}={value!r}: use one of {', '.join(repr(a) for a in allowed)}")
    return value


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
