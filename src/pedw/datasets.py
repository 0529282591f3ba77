"""Small real datasets shipped with pedw, for examples, tests and the ``pedw profile`` default.

The registry is data (``pedw/data/samples/registry.json``): each entry names the file, the
pedw reader that loads it, producer, vintage, licence and citation. Loading is fully offline.

Examples
--------
>>> from pedw import datasets
>>> "etd" in datasets.names()
True
>>> datasets.info("etd")["producer"].startswith("Groningen")
True
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import warnings
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from pedw.errors import OptionError
from pedw.schema import set_meta

__all__ = ["info", "list_datasets", "load", "names", "path"]


@functools.cache
def _registry() -> dict[str, dict[str, Any]]:
    text = files("pedw").joinpath("data", "samples", "registry.json").read_text(encoding="utf-8")
    reg: dict[str, dict[str, Any]] = json.loads(text)
    return reg


def _caller() -> tuple[str, int]:
    frame = sys._getframe(2)  # the user's frame calling load()
    return frame.f_code.co_filename, frame.f_lineno


def names() -> list[str]:
    """Return the names of the shipped datasets.

    Returns
    -------
    list of str
        Dataset names accepted by :func:`load`, :func:`path` and :func:`info`.
    """
    return sorted(_registry())


def info(name: str) -> dict[str, Any]:
    """Return the registry entry of a dataset (file, reader, producer, licence, citation...).

    Parameters
    ----------
    name : str
        Dataset name, see :func:`names`.

    Returns
    -------
    dict
        A copy of the registry entry.

    Raises
    ------
    pedw.errors.OptionError
        If the name is unknown.
    """
    reg = _registry()
    if name not in reg:
        raise OptionError(
            f"Unknown dataset {name!r}; pedw ships {sorted(reg)}.",
            hint="pick a name from pedw.datasets.names()",
        )
    return dict(reg[name])


def path(name: str) -> Path:
    """Return the path of a shipped dataset's file.

    Parameters
    ----------
    name : str
        Dataset name, see :func:`names`.

    Returns
    -------
    pathlib.Path
        Location of the file inside the installed package.
    """
    entry = info(name)
    return Path(str(files("pedw").joinpath("data", "samples", *entry["file"].split("/"))))


def list_datasets() -> pd.DataFrame:
    """Return the registry as a table.

    Returns
    -------
    pandas.DataFrame
        One row per dataset: name, file, description, producer, vintage, licence, citation.
    """
    rows = [{"name": k, **v} for k, v in sorted(_registry().items())]
    return pd.DataFrame(rows)


def load(name: str, **kwargs: Any) -> pd.DataFrame:
    """Load a shipped dataset with its pedw reader, offline.

    Parameters
    ----------
    name : str
        Dataset name, see :func:`names`.
    **kwargs
        Passed to the reader (e.g. ``ref_area="KEN"``, ``labels="both"``).

    Returns
    -------
    pandas.DataFrame
        The tidy frame the reader returns, with producer, licence, citation and vintage added
        to ``df.attrs["pedw"]`` where the reader did not set them.
    """
    entry = info(name)
    module_name, _, func_name = entry["reader"].partition(":")
    reader = getattr(importlib.import_module(module_name), func_name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df: pd.DataFrame = reader(path(name), **kwargs)
    for w in caught:  # re-emit at the caller's line, not inside pedw
        warnings.warn_explicit(
            w.message,
            w.category,
            *_caller(),
        )
    extra = {
        k: entry[k]
        for k in ("producer", "licence", "citation", "vintage", "url")
        if k in entry and k not in df.attrs.get("pedw", {})
    }
    return set_meta(df, dataset=name, **extra)
