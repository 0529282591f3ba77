"""The one validation layer every pedw method uses.

All checks are vectorised (no loop over groups) and raise a :class:`~pedw.errors.PedwError`
subclass whose message names the column, the offending keys (group, sector, period) and rows, and
says how to fix the input. Methods call :func:`validate_panel` (or the individual checks) first and
compute on clean data afterwards.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pedw.errors import (
    AggregateRowError,
    DuplicateKeyError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    SchemaError,
)

__all__ = [
    "AGGREGATE_LABELS",
    "as_list",
    "check_balanced",
    "check_no_aggregates",
    "check_no_missing",
    "check_sign",
    "describe_rows",
    "ensure_frame",
    "require_columns",
    "require_numeric",
    "require_unique",
    "validate_panel",
]

#: Labels that denote an aggregate rather than a component (matched case-insensitively, whole
#: value, after stripping). Extend per call with ``extra=``.
AGGREGATE_LABELS: tuple[str, ...] = (
    "total",
    "sum",
    "all",
    "all sectors",
    "all industries",
    "total economy",
    "summation of sector gdp",
    "economy",
    "world",
)
_AGGREGATE_PATTERN = re.compile(r"(?:^|_)(?:TOTAL|SUM)$|^TOT$|^_T$|^_Z$", re.IGNORECASE)


def as_list(keys: str | Sequence[str] | None) -> list[str]:
    """Normalise a column spec (``None``, one name, or several) to a list of names.

    Parameters
    ----------
    keys : str, sequence of str or None
        Column name(s).

    Returns
    -------
    list of str
        The names (empty for ``None``).
    """
    if keys is None:
        return []
    if isinstance(keys, str):
        return [keys]
    return list(keys)


def ensure_frame(data: object, *, argument: str = "data") -> pd.DataFrame:
    """Check that ``data`` is a pandas DataFrame.

    Parameters
    ----------
    data : object
        The object passed by the user.
    argument : str
        The argument's name, shown in the message.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself.

    Raises
    ------
    pedw.errors.SchemaError
        If ``data`` is not a DataFrame.
    """
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(
            f"{argument} must be a pandas DataFrame in tidy long form, got {type(data).__name__}.",
            hint="build a DataFrame with one row per observation (see pedw.schema.COLUMNS), "
            "or read one with pedw.io",
        )
    return data


def describe_rows(df: pd.DataFrame, mask: Any, keys: Sequence[str], limit: int = 5) -> list[str]:
    """Describe the rows selected by ``mask`` by their key values, for error messages.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    mask : array-like of bool
        Rows to describe.
    keys : sequence of str
        Key columns to show.
    limit : int
        At most this many rows are described.

    Returns
    -------
    list of str
        ``"row 12 (ref_area='KEN', time=2001)"`` strings.
    """
    sub = df.loc[np.asarray(mask, dtype=bool)]
    shown = [k for k in keys if k in sub.columns]
    out = []
    for idx, row in zip(
        sub.index[:limit], sub[shown].head(limit).itertuples(index=False), strict=False
    ):
        inner = ", ".join(f"{k}={v!r}" for k, v in zip(shown, row, strict=True))
        out.append(f"row {idx} ({inner})" if inner else f"row {idx}")
    if len(sub) > limit:
        out.append(f"... {len(sub)} rows in all")
    return out


def require_columns(
    df: pd.DataFrame, columns: Iterable[str], *, roles: dict[str, str] | None = None
) -> None:
    """Check that all ``columns`` exist.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    columns : iterable of str
        Required column names.
    roles : dict, optional
        Map column -> keyword argument that names it (e.g. ``{"employment": "labour"}``), so the
        message can say which argument to pass.

    Raises
    ------
    pedw.errors.SchemaError
        Naming the missing columns, the available ones and the argument to pass.
    """
    cols = list(dict.fromkeys(columns))
    missing = [c for c in cols if c not in df.columns]
    if not missing:
        return
    roles = roles or {}
    args = [f"{roles[c]}='<your column>'" for c in missing if c in roles]
    hint = (
        "pass the column names your data use, e.g. " + ", ".join(args)
        if args
        else "rename the columns or pass their names as keyword arguments"
    )
    raise SchemaError(
        f"Missing required column(s) {missing}; the data have {list(map(str, df.columns))}.",
        hint=hint,
        column=missing[0] if len(missing) == 1 else missing,
    )


def require_numeric(df: pd.DataFrame, columns: Iterable[str], *, keys: Sequence[str] = ()) -> None:
    """Check that ``columns`` hold numbers (not text that looks like numbers).

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    columns : iterable of str
        Columns that must be numeric.
    keys : sequence of str
        Key columns used to describe offending rows.

    Raises
    ------
    pedw.errors.SchemaError
        Naming the column and the first rows with non-numeric values.
    """
    for col in columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            coerced = pd.to_numeric(s, errors="coerce")
            bad = coerced.isna() & s.notna()
            examples = s[bad].astype(str).unique()[:3].tolist()
            raise SchemaError(
                f"Column {col!r} must be numeric but has dtype {s.dtype}"
                + (f" with values such as {examples}" if examples else "")
                + ".",
                hint=f"convert it first, e.g. df[{col!r}] = pd.to_numeric(df[{col!r}]), and decide "
                "what the non-numeric entries mean (missing? included elsewhere?)",
                column=col,
                rows=describe_rows(df, bad, keys) if bad.any() else None,
            )


def require_unique(
    df: pd.DataFrame,
    keys: Sequence[str],
    *,
    hint: str | None = None,
    context: Mapping[str, str | Sequence[str]] | None = None,
) -> None:
    """Check that no two rows share the same key.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    keys : sequence of str
        Key columns.
    hint : str, optional
        Replace the default fix suggestion (e.g. with a domain-specific one).
    context : mapping, optional
        Error-context name -> column(s), filled from the first duplicated row, e.g.
        ``{"firm": "firm", "period": "time", "group": ["industry"]}``.

    Raises
    ------
    pedw.errors.DuplicateKeyError
        Naming the duplicated keys and rows.
    """
    keys = list(keys)
    if not keys:
        return
    dup = df.duplicated(subset=keys, keep=False).to_numpy()
    if dup.any():
        first = df.loc[dup].iloc[0]
        ctx: dict[str, Any] = {}
        for name, cols in (context or {}).items():
            cols_l = as_list(cols)
            if cols_l:
                vals = tuple(first[c] for c in cols_l)
                ctx[name] = vals[0] if len(vals) == 1 else vals
        raise DuplicateKeyError(
            f"{int(dup.sum())} rows share their key {keys} with another row.",
            hint=hint
            or "aggregate duplicates first (e.g. df.groupby(keys).sum()) or filter to one "
            "source/classification; pedw never picks one silently",
            rows=describe_rows(df, dup, keys),
            **ctx,
        )


def check_no_missing(
    df: pd.DataFrame,
    columns: Iterable[str],
    *,
    keys: Sequence[str] = (),
    action: str = "raise",
    stacklevel: int = 3,
) -> Any:
    """Check for missing values (NaN/None) in ``columns``.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    columns : iterable of str
        Columns that must be complete.
    keys : sequence of str
        Key columns used to describe offending rows.
    action : {"raise", "warn"}
        Raise :class:`~pedw.errors.InvalidValueError`, or warn with
        :class:`~pedw.errors.MissingDataWarning` and return the mask.
    stacklevel : int
        ``stacklevel`` of the warning.

    Returns
    -------
    numpy.ndarray
        Boolean mask of rows with a missing value (all False if none).
    """
    cols = list(columns)
    mask = df[cols].isna().to_numpy().any(axis=1) if cols else np.zeros(len(df), dtype=bool)
    if mask.any():
        which = [c for c in cols if df[c].isna().any()]
        msg = f"{int(mask.sum())} rows have missing values in {which}."
        if action == "raise":
            raise InvalidValueError(
                msg,
                hint="pedw never treats missing as zero: fill the gaps explicitly, drop the "
                "rows, or restrict start/end to years with complete data",
                column=which[0] if len(which) == 1 else which,
                rows=describe_rows(df, mask, keys),
            )
        warnings.warn(msg + " These rows are left out.", MissingDataWarning, stacklevel=stacklevel)
    return mask


def check_sign(
    df: pd.DataFrame,
    columns: Iterable[str],
    *,
    keys: Sequence[str] = (),
    strict: bool = False,
    hint: str | None = None,
) -> None:
    """Check that ``columns`` are non-negative (or strictly positive with ``strict=True``).

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    columns : iterable of str
        Columns to check; NaN is ignored here.
    keys : sequence of str
        Key columns used to describe offending rows.
    strict : bool
        Require values > 0 instead of >= 0.
    hint : str, optional
        Replace the default fix suggestion.

    Raises
    ------
    pedw.errors.InvalidValueError
        Naming the column and rows.
    """
    for col in columns:
        v = df[col].to_numpy(dtype=float, na_value=np.nan)
        bad = (v <= 0) if strict else (v < 0)
        if bad.any():
            what = "positive" if strict else "non-negative"
            raise InvalidValueError(
                f"Column {col!r} must be {what}; {int(bad.sum())} rows are not.",
                hint=hint or "check the units and the source; exclude or correct these rows",
                column=col,
                rows=describe_rows(df, bad, keys),
            )


def _aggregate_mask(values: pd.Series[Any], extra: Iterable[str] = ()) -> np.ndarray[Any, Any]:
    uniq = pd.Series(values.dropna().unique())
    labels = {s.lower() for s in AGGREGATE_LABELS} | {s.lower() for s in extra}
    as_str = uniq.astype(str).str.strip()
    flagged = as_str.str.lower().isin(labels) | as_str.str.contains(_AGGREGATE_PATTERN)
    bad = set(uniq[flagged.to_numpy()].tolist())
    return values.isin(bad).to_numpy()


def check_no_aggregates(
    df: pd.DataFrame,
    column: str,
    *,
    keys: Sequence[str] = (),
    extra: Iterable[str] = (),
    what: str = "sector",
) -> None:
    """Refuse aggregate rows (``Total``, ``SUM``, ``ECO_SECTOR_TOTAL`` ...) among components.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame.
    column : str
        The component column (e.g. ``sector``).
    keys : sequence of str
        Key columns used to describe offending rows.
    extra : iterable of str
        Further labels to treat as aggregates.
    what : str
        What a component is, for the message.

    Raises
    ------
    pedw.errors.AggregateRowError
        Naming the aggregate labels found.
    """
    mask = _aggregate_mask(df[column], extra)
    if mask.any():
        labels = pd.unique(df.loc[mask, column]).tolist()
        raise AggregateRowError(
            f"Column {column!r} holds aggregate {what}(s) {labels} next to the components; "
            "summing them would double-count.",
            hint=f"drop those rows, e.g. df[~df[{column!r}].isin({labels!r})]",
            column=column,
            rows=describe_rows(df, mask, keys),
        )


def check_balanced(
    df: pd.DataFrame,
    *,
    group: Sequence[str],
    period: str,
    item: str,
) -> None:
    """Check that every group has the same set of items (e.g. sectors) in every period.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame (already restricted to the periods compared).
    group : sequence of str
        Group columns (e.g. ``["ref_area"]``).
    period : str
        Period column.
    item : str
        Item column (e.g. ``sector``).

    Raises
    ------
    pedw.errors.InvalidPanelError
        Naming the group, the period and the items missing there.
    """
    g = list(group)
    cols = [*g, period, item]
    present = df[cols].drop_duplicates()
    n_periods = present.groupby([*g, item], sort=False, observed=True)[period].transform("size")
    per_group = (
        present.groupby(g, sort=False, observed=True)[period].transform("nunique")
        if g
        else (pd.Series(present[period].nunique(), index=present.index))
    )
    bad = (n_periods != per_group).to_numpy()
    if bad.any():
        sample = present.loc[bad].head(5)
        detail = "; ".join(
            ", ".join(f"{c}={row[c]!r}" for c in [*g, item]) + f" only in {period}={row[period]!r}"
            for _, row in sample.iterrows()
        )
        raise InvalidPanelError(
            f"The {item} sets differ between periods: {detail}.",
            hint=f"use the same {item}s in every period: add the missing rows with their real "
            f"values, merge {item}s with a mapping, or exclude them explicitly",
            column=item,
        )


def validate_panel(
    data: object,
    *,
    keys: Sequence[str],
    numeric: Sequence[str] = (),
    nonnegative: Sequence[str] = (),
    positive: Sequence[str] = (),
    complete: Sequence[str] = (),
    components: str | None = None,
    roles: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Run the standard checks on a tidy panel and return it.

    Parameters
    ----------
    data : object
        The user's input; must be a DataFrame.
    keys : sequence of str
        Key columns: must exist and be unique together.
    numeric : sequence of str
        Measure columns: must exist and be numeric.
    nonnegative, positive : sequence of str
        Columns that must be >= 0 or > 0 (NaN ignored).
    complete : sequence of str
        Columns that must have no missing values.
    components : str, optional
        Component column (e.g. ``sector``) that must hold no aggregate rows.
    roles : dict, optional
        Column -> argument name, for messages (see :func:`require_columns`).

    Returns
    -------
    pandas.DataFrame
        The same frame (not copied).

    Raises
    ------
    pedw.errors.PedwError
        The first problem found, from the subclasses above.
    """
    df = ensure_frame(data)
    require_columns(df, [*keys, *numeric], roles=roles)
    require_numeric(df, numeric, keys=keys)
    if complete:
        check_no_missing(df, complete, keys=keys)
    if components is not None:
        check_no_aggregates(df, components, keys=keys)
    require_unique(df, keys)
    if nonnegative:
        check_sign(df, nonnegative, keys=keys)
    if positive:
        check_sign(df, positive, keys=keys, strict=True)
    return df


def unique_values(values: Iterable[Hashable]) -> list[Hashable]:
    """Return the distinct values in first-seen order.

    Parameters
    ----------
    values : iterable
        Values.

    Returns
    -------
    list
        Distinct values.
    """
    return list(dict.fromkeys(values))
