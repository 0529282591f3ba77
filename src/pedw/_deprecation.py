"""Deprecation policy: one warning class and helpers; old names live two minor releases."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["PedwDeprecationWarning", "renamed_kwarg"]

F = TypeVar("F", bound=Callable[..., Any])


class PedwDeprecationWarning(FutureWarning):
    """A pedw name or argument is deprecated; the message names its removal version."""


def renamed_kwarg(old: str, new: str, *, removal: str) -> Callable[[F], F]:
    """Accept ``old=`` as a deprecated alias of ``new=`` until version ``removal``.

    Parameters
    ----------
    old, new : str
        Old and new argument names.
    removal : str
        Version in which ``old`` will be removed.

    Returns
    -------
    callable
        A decorator.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"pass {new}= only; {old}= is its deprecated alias")
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated and will be removed in pedw "
                    f"{removal}; use {new}=... instead.",
                    PedwDeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
