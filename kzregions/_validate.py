"""Argument checks and keyword renames shared by the public functions."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
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
    frame, level = sys._getframe(1), 1  # the caller of user_stacklevel, i.e. warn's caller
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


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
                        raise InvalidInputError(f"{func.__name__}() got both {old}= and {new}=: use {new}=")
                    warnings.warn(f"{func.__name__}({old}=...) is deprecated and will be removed in "
                                  f"kzregions 0.3: use {new}=", DeprecationWarning, stacklevel=user_stacklevel())
                    kwargs[new] = kwargs.pop(old)
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
        text = repr(value)
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
    return value


def guard(func: F) -> F:
    """Wrap a public function so that its text arguments are checked before it runs.

    Applied by the package (``kzregions.__getattr__``) to every public function, so a new
    function inherits the check without being listed. Only direct text arguments (and text in
    lists and tuples of them, which ``resolve_many`` checks cell by cell itself) are checked;
    a column of a frame is data, not an argument.
    """
    import inspect

    names: list[str] = []

    @functools.wraps(func)
    def inner(*args: Any, **kwargs: Any) -> Any:
        for i, value in enumerate(args):
            if isinstance(value, str) and len(value) > MAX_TEXT:
                if not names:
                    names.extend(inspect.signature(func).parameters)
                check_text(names[i] if i < len(names) else f"argument {i + 1}", value)
        for key, value in kwargs.items():
            if isinstance(value, str):
                check_text(key, value)
        return func(*args, **kwargs)

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
