"""pedw's one tidy data model: canonical column names, and metadata that travels with a frame.

**Columns.** Every loader returns, and every analysis function accepts, a *tidy long* DataFrame
whose columns use the names in :data:`COLUMNS` (ILOSTAT's vocabulary where it exists). Analysis
functions take keyword-only column-name arguments defaulting to these names, so data with other
names works by passing e.g. ``labour="persons_engaged"``.

**Metadata.** Units, price basis and provenance travel in ``DataFrame.attrs["pedw"]`` -- a plain,
JSON-serialisable ``dict`` -- never in a DataFrame subclass. Loaders fill it; analysis functions
read it (:func:`get_meta`, :func:`resolve_meta`) and copy it into their result objects. Known keys
are listed in :data:`META_KEYS`.

Examples
--------
>>> import pandas as pd
>>> from pedw.schema import set_meta, get_meta
>>> df = set_meta(pd.DataFrame({"value": [1.0]}), price_basis="constant 2015 LCU")
>>> get_meta(df)["price_basis"]
'constant 2015 LCU'
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from pedw.errors import UnitMismatchError, UnknownUnitsWarning

__all__ = [
    "COLUMNS",
    "META_KEYS",
    "Column",
    "columns_frame",
    "get_meta",
    "merge_meta",
    "resolve_meta",
    "set_meta",
]


@dataclass(frozen=True)
class Column:
    """A canonical column of the pedw data model.

    Attributes
    ----------
    name : str
        Canonical name.
    role : {"key", "measure", "attribute"}
        Keys identify an observation; measures are numbers; attributes annotate.
    dtype : str
        Expected logical type: ``"string"``, ``"int"``, ``"float"``, ``"period"``.
    description : str
        Meaning and, for measures, the usual unit.
    """

    name: str
    role: str
    dtype: str
    description: str


_COLUMN_TABLE: Final[tuple[tuple[str, str, str, str], ...]] = (
    # ILOSTAT vocabulary (keys and attributes)
    ("ref_area", "key", "string", "Reference area: ISO 3166 alpha-3 code or ILOSTAT area code"),
    ("indicator", "key", "string", "Indicator or series code (ILOSTAT id, WDI code, SDG series)"),
    ("source", "key", "string", "Data source (ILOSTAT source code such as 'BA:2247')"),
    ("sex", "key", "string", "Sex: SEX_T, SEX_M, SEX_F (ILOSTAT codes) or labels"),
    ("classif1", "key", "string", "First classification (e.g. ECO_ISIC4_C, AGE_YTHADULT_Y15-24)"),
    ("classif2", "key", "string", "Second classification (e.g. CUR_TYPE_PPP)"),
    ("time", "key", "int", "Period: integer year for annual data, else a period string"),
    ("obs_value", "measure", "float", "Observation value (ILOSTAT frames)"),
    ("value", "measure", "float", "Observation value (World Bank, SDG and pedw result frames)"),
    ("obs_status", "attribute", "string", "Observation status flag (B break, E estimate, U ...)"),
    ("note_classif", "attribute", "string", "ILOSTAT notes on the classification"),
    ("note_indicator", "attribute", "string", "ILOSTAT notes on the indicator"),
    ("note_source", "attribute", "string", "ILOSTAT notes on the source"),
    ("unit", "attribute", "string", "Unit of measure of value / obs_value"),
    # analysis frames
    ("sector", "key", "string", "Economic sector (ISIC Rev.4 section, GGDC/ETD sector code)"),
    ("region", "key", "string", "Sub-national region (regional shift-share)"),
    ("industry", "key", "string", "Industry (regional shift-share)"),
    ("firm", "key", "string", "Firm or establishment identifier"),
    ("value_added", "measure", "float", "Real value added [constant-price LCU or PPP $]"),
    ("value_added_nominal", "measure", "float", "Nominal value added [current LCU]"),
    ("employment", "measure", "float", "Employment [persons, usually thousands]"),
    ("hours", "measure", "float", "Hours worked [hours]"),
    ("productivity", "measure", "float", "Labour productivity or (log) TFP"),
    ("weight", "measure", "float", "Weight (output or employment share) of a firm"),
    ("gdp", "measure", "float", "Gross domestic product"),
    ("real_wage", "measure", "float", "Average real wage"),
    ("compensation", "measure", "float", "Compensation of employees [current LCU]"),
    ("population", "measure", "float", "Population [persons]"),
)

#: Canonical columns of the pedw data model, by name.
COLUMNS: Final[Mapping[str, Column]] = {row[0]: Column(*row) for row in _COLUMN_TABLE}

#: Metadata keys pedw understands in ``df.attrs["pedw"]`` (others are kept as they are).
META_KEYS: Final[Mapping[str, str]] = {
    "source": "Dataset or series name as published (e.g. 'GGDC Economic Transformation Database')",
    "producer": "Organisation that produced the data (e.g. 'ILO', 'World Bank', 'GGDC')",
    "licence": "Licence of the data (e.g. 'CC BY 4.0')",
    "citation": "How to cite the data",
    "file": "Path or name of the file read",
    "format": "Layout detected by the loader",
    "vintage": "Release or last-update date of the data",
    "retrieved": "When pedw fetched the data (ISO 8601)",
    "url": "Where the data came from",
    "query": "The query that produced the data",
    "price_basis": "Price basis of money values (e.g. 'constant 2015 LCU', 'constant 2021 PPP $')",
    "currency": "Currency of monetary values",
    "labour_unit": "Labour input: 'persons' or 'hours' (and scale, e.g. 'thousands of persons')",
    "units": "Mapping column -> unit",
    "rows_read": "Data rows in the file",
    "rows_kept": "Rows in the frame returned",
    "rows_dropped": "Mapping reason -> number of rows the loader did not return",
}


def columns_frame() -> pd.DataFrame:
    """Return the canonical columns as a table.

    Returns
    -------
    pandas.DataFrame
        One row per canonical column with ``name``, ``role``, ``dtype`` and ``description``.
    """
    return pd.DataFrame([c.__dict__ for c in COLUMNS.values()])


def get_meta(df: pd.DataFrame | pd.Series[Any]) -> dict[str, Any]:
    """Return a copy of the pedw metadata of a frame (empty if it has none).

    Parameters
    ----------
    df : pandas.DataFrame or pandas.Series
        A frame, usually from a pedw loader.

    Returns
    -------
    dict
        A deep copy of ``df.attrs["pedw"]``.
    """
    meta = df.attrs.get("pedw", {})
    return copy.deepcopy(dict(meta)) if isinstance(meta, Mapping) else {}


def set_meta(df: pd.DataFrame, **meta: Any) -> pd.DataFrame:
    """Update the pedw metadata of a frame in place and return the frame.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    **meta
        Keys to set (see :data:`META_KEYS`); a value of ``None`` removes the key.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself, for chaining.
    """
    current = get_meta(df)
    for key, value in meta.items():
        if value is None:
            current.pop(key, None)
        else:
            current[key] = value
    df.attrs["pedw"] = current
    return df


def merge_meta(*metas: Mapping[str, Any]) -> dict[str, Any]:
    """Merge the metadata of several inputs.

    Keys whose values agree are kept once; keys whose values differ become a list of the
    distinct values (so a result built from two files names both).

    Parameters
    ----------
    *metas : mapping
        Metadata dictionaries, e.g. from :func:`get_meta`.

    Returns
    -------
    dict
        The merged metadata.
    """
    out: dict[str, Any] = {}
    for meta in metas:
        for key, value in meta.items():
            if key not in out:
                out[key] = copy.deepcopy(value)
            elif out[key] != value:
                prev = out[key] if isinstance(out[key], list) else [out[key]]
                if value not in prev:
                    prev = [*prev, value]
                out[key] = prev
    return out


def resolve_meta(
    df: pd.DataFrame,
    key: str,
    override: str | None = None,
    *,
    what: str = "input",
    warn: bool = True,
    stacklevel: int = 3,
) -> str:
    """Resolve a unit-like metadata value from an argument or the frame's metadata.

    Parameters
    ----------
    df : pandas.DataFrame
        The input frame.
    key : str
        Metadata key, e.g. ``"price_basis"`` or ``"labour_unit"``.
    override : str, optional
        The value the user passed explicitly; wins over the metadata when they agree.
    what : str
        Name of the input in messages.
    warn : bool
        Emit :class:`~pedw.errors.UnknownUnitsWarning` when the value is unknown.
    stacklevel : int
        ``stacklevel`` of the warning.

    Returns
    -------
    str
        The value, or ``"unknown"``.

    Raises
    ------
    pedw.errors.UnitMismatchError
        If the frame's metadata holds several different values (mixed bases), or the override
        contradicts the metadata.
    """
    meta = get_meta(df).get(key)
    if isinstance(meta, list):
        raise UnitMismatchError(
            f"The {what} mixes several values of {key!r}: {meta}.",
            hint=f"select rows with one {key} before calling, or convert them to one basis",
        )
    if override is not None:
        if meta is not None and str(meta) != override:
            raise UnitMismatchError(
                f"{key}={override!r} was passed but the {what}'s metadata says {meta!r}.",
                hint=f"drop the {key}= argument or fix df.attrs['pedw'][{key!r}]",
            )
        return override
    if meta is None:
        if warn:
            warnings.warn(
                f"The {key} of the {what} is unknown; results will say 'unknown'. "
                f"Pass {key}=... or set df.attrs['pedw'][{key!r}].",
                UnknownUnitsWarning,
                stacklevel=stacklevel,
            )
        return "unknown"
    return str(meta)
