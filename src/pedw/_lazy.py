"""Lazy attribute loading for pedw's namespaces (keeps ``import pedw`` cheap).

A package declares ``_LAZY = {"public_name": "module.path:attribute"}`` and calls
:func:`attach`; names resolve on first access (PEP 562), so heavy modules, matplotlib,
scipy and statsmodels load only when a user calls something that needs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, lazy: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build ``__getattr__`` and ``__dir__`` for a package with lazily loaded names.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    lazy : mapping
        Public name -> ``"module:attribute"`` (or ``"module"`` for a submodule).

    Returns
    -------
    tuple of callables
        ``(__getattr__, __dir__)`` to assign at module level.
    """

    def __getattr__(name: str) -> Any:
        target = lazy.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attr = target.partition(":")
        module = importlib.import_module(module_name)
        value = getattr(module, attr) if attr else module
        import sys

        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        import sys

        return sorted(set(vars(sys.modules[package])) | set(lazy))

    return __getattr__, __dir__
