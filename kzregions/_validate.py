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
