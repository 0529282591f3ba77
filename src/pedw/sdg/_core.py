"""SDG indicators computed as the custodians' metadata define them, and their aggregates."""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeAlias

import numpy as np
import pandas as pd

from pedw._result import Result, Summary
from pedw._types import check_option
from pedw._validate import (
    as_list,
    check_no_missing,
    check_sign,
    describe_rows,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    ClassificationBreakWarning,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    SchemaError,
    SkippedRowsWarning,
    UnitMismatchError,
)
from pedw.schema import get_meta, resolve_meta
from pedw.sdg._registry import INDICATORS, SERIES

__all__ = [
    "AggregateResult",
    "IsicRevision",
    "SDGResult",
    "aggregate",
    "average_hourly_earnings",
    "compute",
    "gdp_per_employed_growth",
    "gender_pay_gap",
    "informal_employment_share",
    "labour_share",
    "manufacturing_employment_share",
    "manufacturing_value_added_per_capita",
    "manufacturing_value_added_share",
    "unemployment_rate",
    "women_in_management",
    "youth_neet_rate",
]

#: How :func:`manufacturing_employment_share` picks an ISIC revision.
IsicRevision: TypeAlias = Literal["rev4", "rev3", "rev2", "latest"]
#: ISCO version of occupation codes (5.5.2).
IscoVersion: TypeAlias = Literal["08", "88"]

_TOTAL = "_T"
#: Keys of country results that are not dimensions of a regional aggregate.
_NOT_AGGREGATED = frozenset({"source", "classification", "note_source"})
_ILOEST = "https://ilostat.ilo.org/resources/concepts-and-definitions/ilo-modelled-estimates/"
_CITATION = "UN Statistics Division, SDG Global Database metadata, indicator {code}: {url}"


# ------------------------------------------------------------------------------------ results
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class SDGResult(Result):
    """An SDG indicator in the UN SDG database layout.

    ``components`` holds one row per reference area, period and disaggregation, with columns
    ``ref_area, time, indicator, series``, the disaggregation columns, ``value``, ``unit``,
    ``obs_status`` (from the inputs) and the ``numerator``/``denominator`` the value was built
    from (so :func:`aggregate` can form ratios of sums). ``to_frame()`` gives the published
    layout without the inputs.

    Attributes
    ----------
    code : str
        SDG indicator number, e.g. ``"8.5.2"``.
    disaggregations : tuple of str
        Disaggregation columns of the frame.
    scale : float
        ``value = scale * numerator / denominator`` (100 for per cent), where that holds.
    bounded : bool
        Whether the numerator is a part of the denominator (a share, at most 100 %).
    """

    code: str = ""
    disaggregations: tuple[str, ...] = ()
    scale: float = 100.0
    bounded: bool = True

    title: ClassVar[str] = "SDG indicator"
    plot_kind: ClassVar[str] = "sdg"

    #: Columns of the published layout, in order (present ones only).
    _LAYOUT: ClassVar[tuple[str, ...]] = ("ref_area", "time", "indicator", "series")
    _TAIL: ClassVar[tuple[str, ...]] = ("value", "unit", "obs_status")

    def _layout_columns(self) -> list[str]:
        cols = [*self._LAYOUT, *self.disaggregations, *self._TAIL]
        return [c for c in dict.fromkeys(cols) if c in self.components.columns]

    def to_frame(self) -> pd.DataFrame:
        """Return the indicator in the UN SDG database layout.

        Returns
        -------
        pandas.DataFrame
            Columns ``ref_area, time, indicator, series``, the disaggregations, ``value``,
            ``unit`` and ``obs_status``.
        """
        return self.components[self._layout_columns()].reset_index(drop=True)

    def summary(self) -> Summary:
        """Return a summary table (never prints).

        Returns
        -------
        pedw._result.Summary
            The indicator values with their keys as index, and notes on units and method.
        """
        ind = INDICATORS.get(self.code)
        title = f"SDG {self.code}: {ind.title}" if ind is not None else self.title
        cols = self._layout_columns()
        keys = [c for c in cols if c not in self._TAIL and c != "indicator"]
        extra = [c for c in ("coverage", "imputed_share") if c in self.components.columns]
        frame = self.components.set_index(keys)[["value", *extra]]
        return Summary(title=title, frame=frame, notes=self._notes())


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class AggregateResult(SDGResult):
    """A regional or global aggregate of an SDG indicator (a ratio of sums).

    ``components`` adds ``coverage`` (share of the denominator with observed, non-imputed
    values), ``imputed_share`` (share of the denominator whose numerator was imputed),
    ``n_areas`` and ``n_reporting`` to the :class:`SDGResult` layout.
    """

    title: ClassVar[str] = "SDG aggregate"
    _TAIL: ClassVar[tuple[str, ...]] = (
        "value",
        "unit",
        "obs_status",
        "coverage",
        "imputed_share",
        "n_areas",
        "n_reporting",
    )


# ------------------------------------------------------------------------------------ helpers
def _in_pedw(module: str) -> bool:
    return module == "pedw" or module.startswith("pedw.")


def _stacklevel() -> int:
    """Return the ``stacklevel`` that makes a warning point at the first frame outside pedw."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and _in_pedw(str(frame.f_globals.get("__name__", ""))):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _warn(message: str, category: type[Warning]) -> None:
    warnings.warn(message, category, stacklevel=_stacklevel())


def _citation(code: str) -> str:
    ind = INDICATORS.get(code)
    if ind is None:
        return "ILO modelled estimates and aggregation: " + _ILOEST
    return _CITATION.format(code=code, url=ind.metadata_url)


def _disaggs(df: pd.DataFrame, disaggregations: Sequence[str] | str | None, code: str) -> list[str]:
    if disaggregations is None:
        return [c for c in INDICATORS[code].disaggregations if c in df.columns]
    cols = as_list(disaggregations)
    require_columns(df, cols)
    return cols


def _check_single(df: pd.DataFrame, column: str, *, what: str, keys: Sequence[str]) -> str | None:
    """Refuse a frame whose ``column`` (e.g. ``unit``) holds several values; return the value."""
    if column not in df.columns:
        return None
    vals = pd.unique(df[column].dropna())
    if len(vals) > 1:
        first = df[column] == vals[1]
        raise UnitMismatchError(
            f"Column {column!r} holds several {what}s: {[str(v) for v in vals[:5]]}; "
            "ratios and growth rates across them would be meaningless.",
            hint=f"select rows with one {what} (or convert them to one) before calling",
            column=column,
            rows=describe_rows(df, first.to_numpy(), keys),
        )
    return str(vals[0]) if len(vals) else None


def _require_keys(df: pd.DataFrame, keys: Sequence[str]) -> None:
    """Disaggregation levels must be labelled (a total is a level, e.g. ``'_T'``)."""
    try:
        check_no_missing(df, keys, keys=keys)
    except InvalidValueError as err:
        raise InvalidValueError(
            err.message.replace("missing values", "missing disaggregation levels / keys"),
            hint="label every row: a total is a level of its own (e.g. '_T' or 'SEX_T'); drop "
            "rows whose level is unknown, pedw does not guess them",
            **err.context,
        ) from None


def _combine_status(first: pd.Series[Any], second: pd.Series[Any]) -> pd.Series[Any]:
    """Join the status flags of two aligned series (``"B"`` and ``"U"`` give ``"B,U"``)."""
    a = pd.Series(first.to_numpy(), index=first.index).astype("string").str.strip()
    b = pd.Series(second.to_numpy(), index=first.index).astype("string").str.strip()
    a = a.where(a != "")
    b = b.where(b != "")
    both = (a.notna() & b.notna() & (a != b)).fillna(False).astype(bool)
    merged = a.fillna(b)
    out: pd.Series[Any] = merged.where(~both, a + "," + b)
    return out


def _status_by_cell(df: pd.DataFrame, keys: list[str], status: str) -> pd.Series[Any]:
    """Distinct flags of the rows of each cell, joined (only flagged rows are touched)."""
    has = df[status].notna() & (df[status].astype(str).str.strip() != "")
    flagged = df.loc[has, [*keys, status]]
    flagged = flagged.assign(**{status: flagged[status].astype(str)}).drop_duplicates()
    flagged = flagged.sort_values(status)
    return flagged.groupby(keys, sort=False, dropna=False)[status].agg(",".join)


def _finish(
    df: pd.DataFrame,
    *,
    code: str,
    series: str | pd.Series[Any],
    by: str,
    time: str,
    disaggs: Sequence[str],
    value: Any,
    unit: str,
    numerator: Any = np.nan,
    denominator: Any = np.nan,
    status: pd.Series[Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    n = len(df)
    index = pd.RangeIndex(n)

    def col(name: str) -> pd.Series[Any]:
        return df[name].reset_index(drop=True)  # keeps the dtype (no object round trip)

    cols: dict[str, Any] = {"ref_area": col(by), "time": col(time)}
    cols["indicator"] = pd.Series(code, index=index, dtype="string")
    cols["series"] = (
        series.reset_index(drop=True).astype("string")
        if isinstance(series, pd.Series)
        else pd.Series(series, index=index, dtype="string")
    )
    for d in disaggs:
        if d not in ("ref_area", "time"):
            cols[d] = col(d)
    cols["value"] = np.broadcast_to(np.asarray(value, dtype=float), (n,))
    cols["unit"] = pd.Series(unit, index=index, dtype="string")
    cols["obs_status"] = (
        status.reset_index(drop=True).astype("string")
        if status is not None
        else pd.Series(pd.NA, index=index, dtype="string")
    )
    cols["numerator"] = np.broadcast_to(np.asarray(numerator, dtype=float), (n,))
    cols["denominator"] = np.broadcast_to(np.asarray(denominator, dtype=float), (n,))
    for k, v in (extra or {}).items():
        cols[k] = np.asarray(v)
    return pd.DataFrame(cols, index=index)


def _result(
    frame: pd.DataFrame,
    *,
    code: str,
    method: str,
    disaggs: Sequence[str],
    units: str,
    meta: Mapping[str, Any],
    scale: float,
    bounded: bool = True,
    cls: type[SDGResult] = SDGResult,
) -> SDGResult:
    keys = ("ref_area", "time", "series", *[d for d in disaggs if d not in ("ref_area", "time")])
    frame = frame.sort_values(list(keys), kind="stable").reset_index(drop=True)
    return cls(
        components=frame,
        method=method,
        keys=keys,
        terms=("value",),
        total=None,
        units=units,
        citation=_citation(code),
        meta=dict(meta),
        additive=False,
        code=code,
        disaggregations=tuple(d for d in disaggs if d not in ("ref_area", "time")),
        scale=scale,
        bounded=bounded,
    )


def _prepare_ratio(
    data: object,
    *,
    code: str,
    numerator: str,
    denominator: str,
    by: str,
    time: str,
    disaggregations: Sequence[str] | str | None,
    roles: dict[str, str],
    bounded: bool,
    num_name: str,
    den_name: str,
) -> tuple[pd.DataFrame, list[str], list[str], dict[str, Any]]:
    """Validate a wide frame with a numerator and a denominator column per cell."""
    df = ensure_frame(data)
    disaggs = _disaggs(df, disaggregations, code)
    keys = [by, time, *[d for d in disaggs if d not in (by, time)]]
    require_columns(df, [*keys, numerator, denominator], roles=roles)
    require_numeric(df, [numerator, denominator], keys=keys)
    _require_keys(df, keys)
    require_unique(df, keys)
    _check_single(df, "unit", what="unit", keys=keys)
    check_sign(
        df,
        [numerator, denominator],
        keys=keys,
        hint="counts and money values cannot be negative; check the sign convention and source",
    )
    meta = get_meta(df)
    missing = check_no_missing(
        df, [numerator, denominator], keys=keys, action="warn", stacklevel=_stacklevel() + 1
    )
    if missing.any():
        meta["rows_left_out"] = {"missing input": describe_rows(df, missing, keys, limit=20)}
        df = df.loc[~missing]
    num = df[numerator].to_numpy(dtype=float)
    den = df[denominator].to_numpy(dtype=float)
    zero = den == 0
    if zero.any():
        raise InvalidValueError(
            f"The {den_name} ({denominator!r}) is zero in {int(zero.sum())} rows; the ratio is "
            "undefined.",
            hint="drop those rows or correct the source; pedw does not report 0/0",
            column=denominator,
            rows=describe_rows(df, zero, keys),
        )
    if bounded:
        over = num > den * (1 + 1e-9)
        if over.any():
            raise InvalidValueError(
                f"The {num_name} ({numerator!r}) exceeds the {den_name} ({denominator!r}) in "
                f"{int(over.sum())} rows; it must be a part of it.",
                hint="check that both columns have the same unit (e.g. thousands), the same "
                "population and reference period, and that the columns are not swapped",
                column=[numerator, denominator],
                rows=describe_rows(df, over, keys),
            )
    return df, keys, disaggs, meta


def _ratio_indicator(
    data: object,
    *,
    code: str,
    series: str,
    numerator: str,
    denominator: str,
    by: str,
    time: str,
    disaggregations: Sequence[str] | str | None,
    obs_status: str,
    roles: dict[str, str],
    num_name: str,
    den_name: str,
    unit: str = "%",
    scale: float = 100.0,
    bounded: bool = True,
    method: str = "ratio",
    units: str | None = None,
    meta_extra: Mapping[str, Any] | None = None,
) -> SDGResult:
    df, _keys, disaggs, meta = _prepare_ratio(
        data,
        code=code,
        numerator=numerator,
        denominator=denominator,
        by=by,
        time=time,
        disaggregations=disaggregations,
        roles=roles,
        bounded=bounded,
        num_name=num_name,
        den_name=den_name,
    )
    num = df[numerator].to_numpy(dtype=float)
    den = df[denominator].to_numpy(dtype=float)
    status = df[obs_status] if obs_status in df.columns else None
    frame = _finish(
        df,
        code=code,
        series=series,
        by=by,
        time=time,
        disaggs=disaggs,
        value=scale * num / den,
        unit=unit,
        numerator=num,
        denominator=den,
        status=status,
    )
    meta.update(meta_extra or {})
    meta.update(numerator=numerator, denominator=denominator)
    return _result(
        frame,
        code=code,
        method=method,
        disaggs=disaggs,
        units=units or f"{unit} ({num_name} / {den_name})",
        meta=meta,
        scale=scale,
        bounded=bounded,
    )


def _as_years(df: pd.DataFrame, time: str) -> pd.Series[Any]:
    t = df[time]
    if pd.api.types.is_integer_dtype(t):
        return t.astype("int64")
    num = pd.to_numeric(t, errors="coerce")
    ok = num.notna() & (num == np.floor(num))
    if not ok.all():
        raise SchemaError(
            f"Column {time!r} must hold integer years for annual growth; found values such as "
            f"{t[~ok].astype(str).unique()[:3].tolist()}.",
            hint="convert periods to integer years (annual data), e.g. df[time] = "
            "df[time].astype(int); aggregate quarterly data to years first",
            column=time,
        )
    return num.astype("int64")


# --------------------------------------------------------------------------------- 8.2.1
def gdp_per_employed_growth(
    data: pd.DataFrame,
    *,
    gdp: str = "gdp",
    employment: str = "employment",
    by: str = "ref_area",
    time: str = "time",
    price_basis: str | None = None,
    annualise: bool = False,
    productivity: str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.2.1: annual growth rate of real GDP per employed person [% per year].

    Parameters
    ----------
    data : pandas.DataFrame
        One row per reference area and year with real GDP and total employment.
    gdp : str
        Column of GDP at constant prices [one price basis, e.g. constant 2021 PPP $].
    employment : str
        Column of total employment [persons, any scale] of the same reference period.
    by : str
        Reference-area column.
    time : str
        Year column [integer years].
    price_basis : str, optional
        Price basis of GDP; default ``data.attrs["pedw"]["price_basis"]``. Carried into the
        result; a :class:`~pedw.errors.UnknownUnitsWarning` is emitted when unknown.
    annualise : bool
        If ``False`` (default, the SDG definition), a year that does not follow the previous
        observation directly gets no value. If ``True``, growth over a gap of :math:`k` years
        is annualised, :math:`(LP_t/LP_{t-k})^{1/k} - 1`.
    obs_status : str
        Observation-status column, if any; the flags of both years are carried.

    Returns
    -------
    SDGResult
        ``value`` [% per year] per area and year, series ``SL_EMP_PCAP``; the labour
        productivity levels are kept as ``numerator`` (year t) and ``denominator`` (year t-1).

    Raises
    ------
    pedw.errors.UnitMismatchError
        If the price bases differ (metadata or a ``price_basis`` column) or GDP is at current
        prices.
    pedw.errors.InvalidValueError
        If GDP or employment are not positive.

    Notes
    -----
    Following the ILO metadata, with :math:`LP_t = GDP_t / E_t`,

    .. math::

        g_t = \left(\frac{LP_t}{LP_{t-1}} - 1\right) \times 100

    a simple percentage change, not a log difference. GDP and employment must refer to the
    same period and coverage.

    References
    ----------
    .. [1] ILO, SDG indicator 8.2.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-02-01.pdf

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw import sdg
    >>> df = pd.DataFrame({"ref_area": ["A", "A"], "time": [2000, 2001],
    ...                    "gdp": [100.0, 110.0], "employment": [10.0, 10.0]})
    >>> sdg.gdp_per_employed_growth(df, price_basis="constant 2015 LCU").to_frame()["value"]
    0    10.0
    Name: value, dtype: float64
    """
    code = "8.2.1"
    df = ensure_frame(data)
    keys = [by, time]
    if productivity is not None:
        require_columns(df, [*keys, productivity], roles={productivity: "productivity"})
        attrs = df.attrs
        df = df.assign(_output_per_worker=df[productivity], _one=1.0)
        df.attrs = attrs
        gdp, employment = "_output_per_worker", "_one"
    require_columns(df, [*keys, gdp, employment], roles={gdp: "gdp", employment: "employment"})
    require_numeric(df, [gdp, employment], keys=keys)
    _require_keys(df, keys)
    require_unique(df, keys)
    check_sign(df, [gdp, employment], keys=keys, strict=True)
    col_basis = _check_single(df, "price_basis", what="price basis", keys=keys)
    if col_basis is not None and price_basis is not None and col_basis != price_basis:
        raise UnitMismatchError(
            f"price_basis={price_basis!r} was passed but the 'price_basis' column says "
            f"{col_basis!r}.",
            hint="drop the argument or fix the column",
        )
    basis = resolve_meta(
        df,
        "price_basis",
        price_basis or col_basis,
        what="GDP input",
        stacklevel=_stacklevel() + 1,
    )
    if "current" in basis.lower():
        raise UnitMismatchError(
            f"8.2.1 needs real GDP (constant prices) but the price basis is {basis!r}.",
            hint="use GDP at constant prices (e.g. WDI NY.GDP.MKTP.KD or NY.GDP.MKTP.PP.KD)",
        )
    _check_single(df, "unit", what="unit", keys=keys)
    meta = get_meta(df)
    missing = check_no_missing(
        df, [gdp, employment], keys=keys, action="warn", stacklevel=_stacklevel() + 1
    )
    if missing.any():
        meta["rows_left_out"] = {"missing input": describe_rows(df, missing, keys, limit=20)}
        df = df.loc[~missing]
    years = _as_years(df, time)
    df = df.assign(**{time: years}).sort_values(keys, kind="stable")
    lp = df[gdp].to_numpy(dtype=float) / df[employment].to_numpy(dtype=float)
    g = df.groupby(by, sort=False)
    prev_lp = g[gdp].shift(1).to_numpy(dtype=float) / g[employment].shift(1).to_numpy(dtype=float)
    prev_t = g[time].shift(1).to_numpy(dtype=float)
    gap = df[time].to_numpy(dtype=float) - prev_t
    ratio = lp / prev_lp
    with np.errstate(invalid="ignore", divide="ignore"):
        annual = np.where(gap == 1, ratio - 1, np.nan)
        if annualise:
            annual = np.where(gap > 1, ratio ** (1.0 / gap) - 1, annual)
    gaps = gap > 1
    if gaps.any() and not annualise:
        rows = describe_rows(df, gaps, keys)
        meta["no_value_after_gap"] = describe_rows(df, gaps, keys, limit=50)
        _warn(
            f"{int(gaps.sum())} observations do not follow the previous year directly, so "
            f"8.2.1 has no value for them: {rows}. Pass annualise=True for annualised growth "
            "over the gap.",
            MissingDataWarning,
        )
    status = None
    if obs_status in df.columns:
        status = _combine_status(df[obs_status], g[obs_status].shift(1))
    keep = ~np.isnan(annual)
    sub = df.loc[keep]
    frame = _finish(
        sub,
        code=code,
        series="SL_EMP_PCAP",
        by=by,
        time=time,
        disaggs=[],
        value=100 * annual[keep],
        unit="% per year",
        numerator=lp[keep],
        denominator=prev_lp[keep],
        status=status.loc[keep] if status is not None else None,
        extra={"years": gap[keep].astype("int64")},
    )
    meta.update(price_basis=basis, annualise=annualise)
    if productivity is None:
        meta.update(gdp=gdp, employment=employment)
    else:
        meta.update(productivity=productivity)
    return _result(
        frame,
        code=code,
        method="annualised growth" if annualise else "annual growth",
        disaggs=[],
        units=f"% per year (real GDP per employed person, {basis})",
        meta=meta,
        scale=100.0,
        bounded=False,
    )


# --------------------------------------------------------------------------------- 8.5.1
_SEX_CODES = {
    "sex_m": "M",
    "m": "M",
    "male": "M",
    "men": "M",
    "sex_f": "F",
    "f": "F",
    "female": "F",
    "women": "F",
}


def average_hourly_earnings(
    data: pd.DataFrame,
    *,
    earnings: str = "earnings",
    weight: str | None = None,
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    currency: str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.5.1: average (mean) hourly earnings of employees [currency per hour].

    Parameters
    ----------
    data : pandas.DataFrame
        Employee records (microdata) or cells with their mean hourly earnings; one row each.
    earnings : str
        Gross hourly earnings [currency per hour]: pay for time worked and not worked,
        before taxes and employee contributions, excluding employer contributions.
    weight : str, optional
        Survey weight, or number of employees of a cell [persons]; unweighted if omitted.
    by : str
        Reference-area column.
    time : str
        Period column.
    disaggregations : str or sequence of str, optional
        Columns to break down by; default those of ``sex, age, occupation, disability``
        present in the data. The result has the total, each disaggregation alone and sex
        crossed with each other one; unused disaggregations are ``"_T"``.
    currency : str, optional
        Currency of earnings; default ``data.attrs["pedw"]["currency"]`` (warns if unknown).
    obs_status : str
        Observation-status column, if any (flags of a cell's rows are joined).

    Returns
    -------
    SDGResult
        Series ``SL_EMP_EARN``; ``numerator`` is the weighted earnings sum and ``denominator``
        the weight sum of each cell.

    Raises
    ------
    pedw.errors.InvalidValueError
        Negative earnings or weights, or missing disaggregation levels.

    Notes
    -----
    .. math::

        AHE_c = \frac{\sum_{i \in c} w_i\, e_i}{\sum_{i \in c} w_i}

    the weighted arithmetic mean of hourly earnings :math:`e_i` over employees in cell
    :math:`c`. No regional aggregate is defined (currencies differ).

    References
    ----------
    .. [1] ILO, SDG indicator 8.5.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-05-01.pdf
    """
    code = "8.5.1"
    df = ensure_frame(data)
    disaggs = _disaggs(df, disaggregations, code)
    keys = [by, time]
    cols = [earnings, *([weight] if weight else [])]
    require_columns(df, [*keys, *disaggs, *cols], roles={earnings: "earnings"})
    require_numeric(df, cols, keys=keys)
    _require_keys(df, [*keys, *disaggs])
    check_sign(df, cols, keys=[*keys, *disaggs])
    cur = resolve_meta(df, "currency", currency, what="earnings", stacklevel=_stacklevel() + 1)
    meta = get_meta(df)
    missing = check_no_missing(df, cols, keys=keys, action="warn", stacklevel=_stacklevel() + 1)
    if missing.any():
        meta["rows_left_out"] = {"missing input": describe_rows(df, missing, keys, limit=20)}
        df = df.loc[~missing]
    w = df[weight].to_numpy(dtype=float) if weight else np.ones(len(df))
    work = pd.DataFrame(
        {
            by: df[by].to_numpy(),
            time: df[time].to_numpy(),
            **{d: df[d].astype(str).to_numpy() for d in disaggs},
            "_wx": w * df[earnings].to_numpy(dtype=float),
            "_w": w,
        }
    )
    has_status = obs_status in df.columns
    if has_status:
        work[obs_status] = df[obs_status].to_numpy()
    others = [d for d in disaggs if d != "sex"]
    combos: list[list[str]] = [[]]
    if "sex" in disaggs:
        combos.append(["sex"])
    combos += [[d] for d in others]
    if "sex" in disaggs:
        combos += [["sex", d] for d in others]
    parts = []
    for combo in combos:  # a handful of breakdowns, each one vectorised over all cells
        gk = [by, time, *combo]
        agg = work.groupby(gk, sort=False)[["_wx", "_w"]].sum().reset_index()
        if has_status:
            st_ = _status_by_cell(work, gk, obs_status)
            agg = agg.merge(st_.rename(obs_status).reset_index(), on=gk, how="left")
        for d in disaggs:
            if d not in combo:
                agg[d] = _TOTAL
        parts.append(agg)
    cells = pd.concat(parts, ignore_index=True)
    zero = cells["_w"].to_numpy() == 0
    if zero.any():
        raise InvalidValueError(
            f"{int(zero.sum())} cells have a total weight of zero; their mean is undefined.",
            hint="drop zero-weight rows or check the weight column",
            column=weight,
            rows=describe_rows(cells, zero, [by, time, *disaggs]),
        )
    frame = _finish(
        cells,
        code=code,
        series="SL_EMP_EARN",
        by=by,
        time=time,
        disaggs=disaggs,
        value=cells["_wx"].to_numpy() / cells["_w"].to_numpy(),
        unit=f"{cur} per hour",
        numerator=cells["_wx"].to_numpy(),
        denominator=cells["_w"].to_numpy(),
        status=cells[obs_status] if has_status else None,
    )
    meta.update(currency=cur, earnings=earnings, weight=weight or "none (unweighted)")
    return _result(
        frame,
        code=code,
        method="weighted mean" if weight else "mean",
        disaggs=disaggs,
        units=f"{cur} per hour (mean gross hourly earnings of employees)",
        meta=meta,
        scale=1.0,
        bounded=False,
    )


def gender_pay_gap(
    data: pd.DataFrame,
    *,
    earnings: str = "earnings",
    weight: str | None = None,
    sex: str = "sex",
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    currency: str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.5.1 gender pay gap on mean hourly earnings [% of men's earnings].

    Parameters
    ----------
    data : pandas.DataFrame
        Employee records or cells, as for :func:`average_hourly_earnings`, with a sex column.
    earnings, weight, by, time, currency, obs_status
        As for :func:`average_hourly_earnings`.
    sex : str
        Sex column: ``SEX_M``/``SEX_F``, ``M``/``F``, ``male``/``female`` or ``men``/``women``
        (any case); other values (e.g. ``SEX_T``, ``SEX_O``) are not used for the gap.
    disaggregations : str or sequence of str, optional
        Further breakdowns (age, occupation, disability); default those present.

    Returns
    -------
    SDGResult
        ``value`` [%] per area, period and breakdown, series ``SL_EMP_EARN_GPG`` (a pedw
        label; the UN database publishes the earnings by sex, not the gap);
        ``numerator`` = men's minus women's AHE, ``denominator`` = men's AHE.

    Raises
    ------
    pedw.errors.InvalidValueError
        If the sex column has no recognisable men/women rows.

    Warns
    -----
    pedw.errors.MissingDataWarning
        Cells with earnings for only one sex get no gap (named in the warning).

    Notes
    -----
    .. math::

        GPG = \frac{AHE_{men} - AHE_{women}}{AHE_{men}} \times 100

    on mean hourly earnings (SDG metadata; ILO Global Wage Report 2018/19 "raw" gap).

    References
    ----------
    .. [1] ILO, SDG indicator 8.5.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-05-01.pdf
    .. [2] ILO (2018). Global Wage Report 2018/19: What lies behind gender pay gaps. Geneva.
    """
    df = ensure_frame(data)
    require_columns(df, [sex], roles={sex: "sex"})
    norm = df[sex].astype(str).str.strip().str.lower().map(_SEX_CODES)
    if not ((norm == "M").any() and (norm == "F").any()):
        raise InvalidValueError(
            f"Column {sex!r} has no rows for both men and women; values are "
            f"{pd.unique(df[sex].astype(str))[:6].tolist()}.",
            hint="code sex as SEX_M/SEX_F, M/F or male/female, or pass sex='<your column>'",
            column=sex,
        )
    sub = df.loc[norm.notna()].assign(**{sex: norm[norm.notna()]})
    sub.attrs = df.attrs
    others = [d for d in _disaggs(df, disaggregations, "8.5.1") if d != sex]
    ahe = average_hourly_earnings(
        sub,
        earnings=earnings,
        weight=weight,
        by=by,
        time=time,
        disaggregations=[sex, *others],
        currency=currency,
        obs_status=obs_status,
    )
    from pedw import wages  # lazy: the gap formula lives once, in pedw.wages

    comp = ahe.components
    comp = comp[comp[sex] != _TOTAL]
    cell = ["ref_area", "time", *others]
    meta = dict(ahe.meta)
    n_sex = comp.groupby(cell, sort=False)[sex].transform("nunique").to_numpy()
    lonely = n_sex < 2
    if lonely.any():
        lon = comp.loc[lonely, cell].drop_duplicates()
        everything = np.ones(len(lon), dtype=bool)
        meta["no_gap"] = describe_rows(lon, everything, cell, limit=50)
        _warn(
            f"{len(lon)} cells have earnings for one sex only and get no pay gap: "
            f"{describe_rows(lon, everything, cell)}.",
            MissingDataWarning,
        )
        comp = comp.loc[~lonely]
    if comp.empty:
        raise InsufficientDataError(
            "No cell has earnings of both men and women; the pay gap cannot be computed.",
            hint="check the sex codes and that both sexes are present in the same cells",
            column=sex,
        )
    pairs = comp[[*cell, sex, "value"]].reset_index(drop=True)
    gpg = wages.gender_pay_gap(
        pairs,
        value="value",
        sex=sex,
        by=("ref_area", "time"),
        male="M",
        female="F",
        statistic="mean",
        earnings_period="hourly",
    ).components
    status = comp[[*cell, sex, "obs_status"]]
    both = gpg[[*cell, "male", "female", "gap"]]
    for code_, suffix in (("M", "_m"), ("F", "_f")):
        st_ = status[status[sex] == code_].drop(columns=sex)
        both = both.merge(st_.rename(columns={"obs_status": "obs_status" + suffix}), on=cell)
    diff = both["male"].to_numpy() - both["female"].to_numpy()
    frame = _finish(
        both,
        code="8.5.1",
        series="SL_EMP_EARN_GPG",
        by="ref_area",
        time="time",
        disaggs=others,
        value=both["gap"].to_numpy(),
        unit="%",
        numerator=diff,
        denominator=both["male"].to_numpy(),
        status=_combine_status(both["obs_status_m"], both["obs_status_f"]),
    )
    return _result(
        frame,
        code="8.5.1",
        method="gender pay gap (mean hourly)",
        disaggs=others,
        units="% of men's mean hourly earnings",
        meta=meta,
        scale=100.0,
        bounded=False,
    )


# --------------------------------------------------------------------------------- 8.5.2
def unemployment_rate(
    data: pd.DataFrame,
    *,
    unemployed: str = "unemployed",
    labour_force: str = "labour_force",
    employed: str | None = None,
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.5.2: unemployment rate [% of the labour force].

    Parameters
    ----------
    data : pandas.DataFrame
        One row per area, period and disaggregation cell.
    unemployed : str
        Unemployed persons [persons, same scale as the labour force] (19th ICLS).
    labour_force : str
        Labour force [persons]. Ignored if ``employed`` is given.
    employed : str, optional
        Employed persons; if given, the labour force is ``employed + unemployed``.
    by, time : str
        Reference-area and period columns.
    disaggregations : str or sequence of str, optional
        Default those of ``sex, age, disability`` present in the data.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Series ``SL_TLF_UEM``.

    Raises
    ------
    pedw.errors.InvalidValueError
        Negative counts, unemployed above the labour force, a zero labour force.

    Notes
    -----
    .. math::

        UR = \frac{U}{LF} \times 100, \qquad LF = E + U

    Registered unemployment is not comparable and must not be used.

    References
    ----------
    .. [1] ILO, SDG indicator 8.5.2 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-05-02.pdf
    """
    df = ensure_frame(data)
    den = labour_force
    if employed is not None:
        require_columns(df, [employed, unemployed], roles={employed: "employed"})
        require_numeric(df, [employed, unemployed])
        check_sign(df, [employed], keys=[by, time])
        den = "_labour_force"
        df = df.assign(_labour_force=df[employed] + df[unemployed])
    return _ratio_indicator(
        df,
        code="8.5.2",
        series="SL_TLF_UEM",
        numerator=unemployed,
        denominator=den,
        by=by,
        time=time,
        disaggregations=disaggregations,
        obs_status=obs_status,
        roles={unemployed: "unemployed", labour_force: "labour_force"},
        num_name="number unemployed",
        den_name="labour force",
        units="% of the labour force",
    )


# --------------------------------------------------------------------------------- 8.3.1
def informal_employment_share(
    data: pd.DataFrame,
    *,
    informal: str = "informal",
    employment: str = "employment",
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.3.1: proportion of informal employment in total employment [%].

    Parameters
    ----------
    data : pandas.DataFrame
        One row per area, period and cell (sex; sector total / agriculture / non-agriculture).
    informal : str
        Informal employment in the main job [persons] (15th/17th ICLS, ILO-harmonized).
    employment : str
        Total employment of the same cell [persons, same scale].
    by, time : str
        Reference-area and period columns.
    disaggregations : str or sequence of str, optional
        Default those of ``sex, sector, classif1`` present.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Series ``SL_ISV_IFRM``.

    Notes
    -----
    .. math::

        IE = \frac{\text{informal employment}}{\text{total employment}} \times 100

    within each cell (total, agriculture, non-agriculture; by sex).

    References
    ----------
    .. [1] ILO, SDG indicator 8.3.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-03-01.pdf
    """
    return _ratio_indicator(
        data,
        code="8.3.1",
        series="SL_ISV_IFRM",
        numerator=informal,
        denominator=employment,
        by=by,
        time=time,
        disaggregations=disaggregations,
        obs_status=obs_status,
        roles={informal: "informal", employment: "employment"},
        num_name="informal employment",
        den_name="total employment",
        units="% of total employment",
    )


# --------------------------------------------------------------------------------- 8.6.1
_YOUTH_AGE = re.compile(r"(?:^|[^0-9])15\s*(?:-|–|to|_)\s*24(?:$|[^0-9])", re.IGNORECASE)


def youth_neet_rate(
    data: pd.DataFrame,
    *,
    youth: str = "youth",
    employed: str = "employed",
    in_education: str = "in_education",
    neet: str | None = None,
    age: str = "age",
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 8.6.1: youth (15-24) not in education, employment or training [% of youth].

    Parameters
    ----------
    data : pandas.DataFrame
        One row per area, period and cell.
    youth : str
        Population aged 15-24 [persons].
    employed : str
        Employed youth, whether in education or not [persons].
    in_education : str
        Youth **not employed** but in formal or non-formal education or training (informal
        learning excluded) [persons]. Counting employed students here would double-count.
    neet : str, optional
        The NEET count, if available directly; then ``employed`` and ``in_education`` are
        not used.
    age : str
        Age column; if present every value must denote ages 15-24 (e.g. ``Y15-24``).
    by, time : str
        Reference-area and period columns.
    disaggregations : str or sequence of str, optional
        Default those of ``sex, age`` present.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Series ``SL_TLF_NEET``.

    Raises
    ------
    pedw.errors.InvalidValueError
        Ages other than 15-24 (e.g. WDI's 15-29 variant), employed plus in-education above
        the youth population, negative counts.

    Notes
    -----
    .. math::

        NEET = \frac{Y - (E + S)}{Y} \times 100

    with :math:`Y` youth, :math:`E` employed youth and :math:`S` youth not employed but in
    education or training.

    References
    ----------
    .. [1] ILO, SDG indicator 8.6.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-08-06-01.pdf
    """
    df = ensure_frame(data)
    if age in df.columns:
        labels = pd.Series(pd.unique(df[age].astype(str)))
        bad = labels[~labels.str.contains(_YOUTH_AGE)]
        if len(bad):
            mask = df[age].astype(str).isin(bad).to_numpy()
            raise InvalidValueError(
                f"8.6.1 is defined for ages 15-24 but column {age!r} holds {bad.tolist()[:5]}.",
                hint="select the 15-24 rows (WDI's SL.UEM.NEET.ZS definition also allows "
                "15-29); other age bands are not the SDG indicator",
                column=age,
                rows=describe_rows(df, mask, [by, time]),
            )
    num = neet
    if neet is None:
        require_columns(
            df,
            [youth, employed, in_education],
            roles={youth: "youth", employed: "employed", in_education: "in_education"},
        )
        require_numeric(df, [youth, employed, in_education], keys=[by, time])
        check_sign(df, [employed, in_education], keys=[by, time])
        engaged = df[employed] + df[in_education]
        over = (engaged > df[youth] * (1 + 1e-9)).to_numpy()
        if over.any():
            raise InvalidValueError(
                f"Employed plus in-education youth exceed the youth population in "
                f"{int(over.sum())} rows.",
                hint=f"{in_education!r} must count only youth who are NOT employed (no "
                "double-counting of working students); check units and the age band",
                column=[employed, in_education],
                rows=describe_rows(df, over, [by, time]),
            )
        df = df.assign(_neet=df[youth] - engaged)
        num = "_neet"
    assert num is not None
    return _ratio_indicator(
        df,
        code="8.6.1",
        series="SL_TLF_NEET",
        numerator=num,
        denominator=youth,
        by=by,
        time=time,
        disaggregations=disaggregations,
        obs_status=obs_status,
        roles={youth: "youth", num: "neet"},
        num_name="NEET youth",
        den_name="youth population",
        units="% of youth aged 15-24",
    )


# --------------------------------------------------------------------------------- 9.2.1
def _wdi_inputs(
    df: pd.DataFrame, needed: Mapping[str, str], *, value: str, indicator: str, by: str, time: str
) -> pd.DataFrame:
    """Pivot a long WDI frame (``indicator``/``value``) to the columns a 9.2.1 function needs."""
    codes = set(pd.unique(df[indicator].astype(str)))
    wide = df[df[indicator].isin(list(needed.values()))]
    missing = [c for c in needed.values() if c not in codes]
    if missing:
        raise SchemaError(
            f"The long frame lacks the WDI series {missing} (it has {sorted(codes)[:8]}).",
            hint="include them, or pass a wide frame with the columns named by the arguments",
            column=indicator,
        )
    out = wide.pivot_table(index=[by, time], columns=indicator, values=value, aggfunc="first")
    out = out.rename(columns={v: k for k, v in needed.items()}).reset_index()
    out.columns.name = None
    out.attrs = df.attrs
    return out


def _refuse_current_share(df: pd.DataFrame, indicator: str) -> None:
    bad = set(INDICATORS["9.2.1"].extra.get("wdi_not_sdg", ()))
    found = [c for c in df.columns if str(c) in bad]
    if indicator in df.columns:
        found += [c for c in pd.unique(df[indicator].astype(str)) if c in bad]
    if found:
        raise UnitMismatchError(
            f"{found[0]} is WDI's manufacturing share at CURRENT prices (and at factor cost for "
            "some countries); SDG 9.2.1 (NV_IND_MANF) is the share at CONSTANT 2015 USD.",
            hint="pass constant-price MVA and GDP (WDI NV.IND.MANF.KD and NY.GDP.MKTP.KD) so "
            "pedw computes the SDG series; use NV.IND.MANF.ZS only as its own series",
            column=indicator,
        )


def _constant_basis(df: pd.DataFrame, price_basis: str | None, *, allow_current: bool) -> str:
    basis = resolve_meta(
        df, "price_basis", price_basis, what="value-added input", stacklevel=_stacklevel() + 1
    )
    if "current" in basis.lower() and not allow_current:
        raise UnitMismatchError(
            f"SDG 9.2.1 is defined at constant prices but the price basis is {basis!r}.",
            hint="use constant-price MVA and GDP (constant 2015 USD for the UN series), or pass "
            "allow_current=True for the current-price sub-series",
        )
    return basis


def manufacturing_value_added_share(
    data: pd.DataFrame,
    *,
    mva: str = "mva",
    gdp: str = "gdp",
    by: str = "ref_area",
    time: str = "time",
    price_basis: str | None = None,
    allow_current: bool = False,
    indicator: str = "indicator",
    value: str = "value",
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 9.2.1: manufacturing value added as a proportion of GDP [%].

    Parameters
    ----------
    data : pandas.DataFrame
        Wide (columns ``mva`` and ``gdp`` per area and year), or long WDI layout with
        ``indicator`` codes ``NV.IND.MANF.KD`` and ``NY.GDP.MKTP.KD`` and a ``value`` column.
    mva : str
        Manufacturing value added (ISIC Rev.4 C) at constant prices.
    gdp : str
        GDP at the same constant prices.
    by, time : str
        Reference-area and period columns.
    price_basis : str, optional
        Price basis of both; default ``data.attrs["pedw"]["price_basis"]`` (warns if unknown).
    allow_current : bool
        Allow a current-price basis (the UN's secondary current-USD sub-series).
    indicator, value : str
        Columns of the long WDI layout.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Series ``NV_IND_MANF``.

    Raises
    ------
    pedw.errors.UnitMismatchError
        If given WDI's current-price share ``NV.IND.MANF.ZS``, a current price basis, or mixed
        units.
    pedw.errors.InvalidValueError
        MVA above GDP, negative values.

    Notes
    -----
    .. math::

        MVA\ share = \frac{MVA}{GDP} \times 100

    both in constant 2015 USD in the UN series. WDI's ``NV.IND.MANF.ZS`` is a current-price
    share and is a different series.

    References
    ----------
    .. [1] UNIDO, SDG indicator 9.2.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-09-02-01.pdf
    """
    df = ensure_frame(data)
    _refuse_current_share(df, indicator)
    if mva not in df.columns and indicator in df.columns:
        df = _wdi_inputs(
            df,
            {mva: "NV.IND.MANF.KD", gdp: "NY.GDP.MKTP.KD"},
            value=value,
            indicator=indicator,
            by=by,
            time=time,
        )
    basis = _constant_basis(df, price_basis, allow_current=allow_current)
    return _ratio_indicator(
        df,
        code="9.2.1",
        series="NV_IND_MANF",
        numerator=mva,
        denominator=gdp,
        by=by,
        time=time,
        disaggregations=[],
        obs_status=obs_status,
        roles={mva: "mva", gdp: "gdp"},
        num_name="manufacturing value added",
        den_name="GDP",
        units=f"% of GDP ({basis})",
        meta_extra={"price_basis": basis},
    )


def manufacturing_value_added_per_capita(
    data: pd.DataFrame,
    *,
    mva: str = "mva",
    population: str = "population",
    by: str = "ref_area",
    time: str = "time",
    price_basis: str | None = None,
    allow_current: bool = False,
    indicator: str = "indicator",
    value: str = "value",
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 9.2.1: manufacturing value added per capita [constant USD per person].

    Parameters
    ----------
    data : pandas.DataFrame
        Wide (columns ``mva`` and ``population``) or long WDI layout (``NV.IND.MANF.KD`` and
        ``SP.POP.TOTL``).
    mva : str
        Manufacturing value added at constant prices [e.g. constant 2015 USD].
    population : str
        Population [persons].
    by, time : str
        Reference-area and period columns.
    price_basis : str, optional
        Price basis of MVA; default from the metadata (warns if unknown).
    allow_current : bool
        Allow a current-price basis.
    indicator, value : str
        Columns of the long WDI layout.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Series ``NV_IND_MANFPC``; unit ``"<price basis> per person"``.

    Notes
    -----
    .. math::

        MVA\ per\ capita = \frac{MVA}{population}

    References
    ----------
    .. [1] UNIDO, SDG indicator 9.2.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-09-02-01.pdf
    """
    df = ensure_frame(data)
    _refuse_current_share(df, indicator)
    if mva not in df.columns and indicator in df.columns:
        df = _wdi_inputs(
            df,
            {mva: "NV.IND.MANF.KD", population: "SP.POP.TOTL"},
            value=value,
            indicator=indicator,
            by=by,
            time=time,
        )
    basis = _constant_basis(df, price_basis, allow_current=allow_current)
    return _ratio_indicator(
        df,
        code="9.2.1",
        series="NV_IND_MANFPC",
        numerator=mva,
        denominator=population,
        by=by,
        time=time,
        disaggregations=[],
        obs_status=obs_status,
        roles={mva: "mva", population: "population"},
        num_name="manufacturing value added",
        den_name="population",
        unit=f"{basis} per person",
        scale=1.0,
        bounded=False,
        units=f"{basis} per person",
        meta_extra={"price_basis": basis},
    )


# --------------------------------------------------------------------------------- 9.2.2
_ISIC_CODE = re.compile(r"^ECO_ISIC(\d)_(.+)$")
#: ILOSTAT label form, e.g. "Economic activity (ISIC-Rev.4): C. Manufacturing".
_ISIC_LABEL = re.compile(r"ISIC-Rev\.(\d)\)?:\s*(?:(Total)\b|([A-Z0-9]{1,2})\.\s)", re.IGNORECASE)


def _isic_codes(values: pd.Series[Any]) -> pd.Series[Any]:
    """Map ILOSTAT activity labels to codes (``ECO_ISIC4_C``); codes pass through."""
    text = values.astype("string")
    lab = text.str.extract(_ISIC_LABEL)
    section = lab[1].str.upper().fillna(lab[2])
    coded = "ECO_ISIC" + lab[0] + "_" + section
    out: pd.Series[Any] = coded.where(lab[0].notna(), text)
    return out


def manufacturing_employment_share(
    data: pd.DataFrame,
    *,
    value: str | None = None,
    activity: str = "classif1",
    by: str = "ref_area",
    time: str = "time",
    isic: IsicRevision | None = None,
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 9.2.2: manufacturing employment as a proportion of total employment [%].

    Reads an ILOSTAT employment-by-economic-activity extract directly (e.g.
    ``EMP_TEMP_SEX_ECO_NB_A``): manufacturing is ISIC Rev.4 section C (``ECO_ISIC4_C``),
    Rev.3 tabulation category D (``ECO_ISIC3_D``) or Rev.2 major division 3 (``ECO_ISIC2_3``),
    and the total is the same revision's ``ECO_ISIC<rev>_TOTAL``. Other rows (sector and
    aggregate breakdowns) are not used.

    Parameters
    ----------
    data : pandas.DataFrame
        ILOSTAT long frame: ``ref_area, time, classif1`` and the value; ``sex``, ``source``
        and ``classif2`` are kept as disaggregations when present.
    value : str, optional
        Value column; default ``obs_value`` (ILOSTAT) or else ``value``.
    activity : str
        Economic-activity column with ILOSTAT ``ECO_ISIC*`` codes, or ILOSTAT labels such as
        ``"Economic activity (ISIC-Rev.4): C. Manufacturing"`` (``labels="label"`` exports).
    by, time : str
        Reference-area and period columns.
    isic : {"rev4", "rev3", "rev2", "latest"}, optional
        Which ISIC revision to use. If omitted and the data hold several revisions, an error
        lists them (pedw does not choose). ``"latest"`` takes the most recent revision
        available in each area-year and warns about the classification break.
    disaggregations : str or sequence of str, optional
        Default those of ``sex, source, classif2`` present.
    obs_status : str
        Observation-status column; flags of the manufacturing and total rows are joined.

    Returns
    -------
    SDGResult
        Series ``SL_TLF_MANF``, with a ``classification`` column (e.g. ``"ISIC Rev.4"``).

    Raises
    ------
    pedw.errors.InvalidPanelError
        Several ISIC revisions and no ``isic=``; several indicators in one frame.
    pedw.errors.InvalidValueError
        Manufacturing above total employment, negative counts.

    Warns
    -----
    pedw.errors.ClassificationBreakWarning
        With ``isic="latest"``, when a series switches revision.
    pedw.errors.MissingDataWarning
        Area-years with manufacturing but no total (or the reverse): no value.

    Notes
    -----
    .. math::

        MES = \frac{E_{C}}{E_{TOTAL}} \times 100

    full- and part-time jobs counted alike (persons employed).

    References
    ----------
    .. [1] UNIDO and ILO, SDG indicator 9.2.2 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-09-02-02.pdf
    """
    code = "9.2.2"
    df = ensure_frame(data)
    if isic is not None:
        check_option("isic", isic, IsicRevision)
    if value is None:
        value = "obs_value" if "obs_value" in df.columns else "value"
    disaggs = _disaggs(df, disaggregations, code)
    keys = [by, time, *[d for d in disaggs if d not in (by, time)]]
    require_columns(df, [*keys, activity, value], roles={activity: "activity", value: "value"})
    require_numeric(df, [value], keys=keys)
    if "indicator" in df.columns and df["indicator"].nunique() > 1:
        raise InvalidPanelError(
            f"The frame mixes indicators {pd.unique(df['indicator']).tolist()[:5]}.",
            hint="pass one employment-by-activity indicator (e.g. EMP_TEMP_SEX_ECO_NB)",
            column="indicator",
        )
    table: Mapping[str, Mapping[str, str]] = INDICATORS[code].extra["isic"]
    matches = {k: _ISIC_CODE.match(v["manufacturing"]) for k, v in table.items()}
    by_digit = {m.group(1): k for k, m in matches.items() if m}
    manu_section = {k: m.group(2) for k, m in matches.items() if m}
    # parse the (few) distinct activity values once, then broadcast to the rows
    codes, uniq = pd.factorize(df[activity], use_na_sentinel=True)
    parts_u = _isic_codes(pd.Series(uniq, dtype="object")).str.extract(_ISIC_CODE)
    # a trailing None so that the NA code -1 picks it
    rev_u = np.array([*parts_u[0].map(by_digit).tolist(), None], dtype=object)
    sec_u = np.array([*parts_u[1].tolist(), None], dtype=object)
    rev = pd.Series(rev_u[codes], index=df.index)
    section = pd.Series(sec_u[codes], index=df.index)
    is_isic = rev.notna().to_numpy()
    needed = (section == "TOTAL") | (section == rev.map(manu_section))
    use = is_isic & needed.fillna(False).to_numpy(dtype=bool)
    meta = get_meta(df)
    not_used = {
        "not an ISIC classification": int((~is_isic).sum()),
        "other ISIC sections": int((is_isic & ~use).sum()),
    }
    meta["rows_not_used"] = {k: v for k, v in not_used.items() if v}
    if not is_isic.any():
        raise SchemaError(
            f"Column {activity!r} has no ILOSTAT ISIC codes (ECO_ISIC4_C, ECO_ISIC4_TOTAL...).",
            hint="pass an employment-by-economic-activity extract (EMP_TEMP_SEX_ECO_NB) with "
            "classif1 codes, or name the column with activity=",
            column=activity,
        )
    work = df.loc[use, [*keys, value, *([obs_status] if obs_status in df.columns else [])]]
    work = work.assign(_rev=rev[use].to_numpy(), _section=section[use].to_numpy())
    revs = sorted(pd.unique(work["_rev"]).tolist(), reverse=True)
    if isic is None and len(revs) > 1:
        span = work.groupby("_rev")[time].agg(["min", "max"])
        detail = "; ".join(f"{r}: {span.loc[r, 'min']}-{span.loc[r, 'max']}" for r in revs)
        raise InvalidPanelError(
            f"The extract mixes ISIC revisions ({detail}); a share computed across them "
            "would mix classifications.",
            hint="pass isic='rev4' (or 'rev3'/'rev2') to use one revision, or isic='latest' to "
            "take the most recent revision in each year (a break in the series is flagged)",
            column=activity,
        )
    if isic is None:
        pass  # one revision only (several without isic= was refused above)
    elif isic == "latest":
        rank = work["_rev"].str[-1].astype(int)
        best = rank.groupby([work[k] for k in keys], sort=False).transform("max")
        dropped = int((rank != best).sum())
        if dropped:
            meta.setdefault("rows_not_used", {})["older ISIC revision in the same year"] = dropped
        work = work.loc[(rank == best).to_numpy()]
    else:
        other = int((work["_rev"] != isic).sum())
        if other:
            meta.setdefault("rows_not_used", {})[f"ISIC revisions other than {isic}"] = other
        work = work.loc[(work["_rev"] == isic).to_numpy()]
        if work.empty:
            raise InsufficientDataError(
                f"The extract has no {table[isic]['label']} rows (it has {revs}).",
                hint=f"choose one of {revs} with isic=",
                column=activity,
            )
    check_sign(work, [value], keys=[*keys, activity])
    manu_code = work["_rev"].map(manu_section)
    is_manu = (work["_section"] == manu_code).to_numpy()
    is_tot = (work["_section"] == "TOTAL").to_numpy()
    manu = work.loc[is_manu]
    tot = work.loc[is_tot]
    require_unique(manu, keys)
    require_unique(tot, keys)
    cells = manu.merge(tot, on=[*keys, "_rev"], how="outer", suffixes=("_m", "_t"), indicator=True)
    lonely = (cells["_merge"] != "both").to_numpy()
    if lonely.any():
        meta["no_value"] = describe_rows(cells, lonely, keys, limit=50)
        _warn(
            f"{int(lonely.sum())} area-years have the manufacturing row or the total row but "
            f"not both, and get no 9.2.2 value: {describe_rows(cells, lonely, keys)}.",
            MissingDataWarning,
        )
        cells = cells.loc[~lonely]
    nan = cells[[f"{value}_m", f"{value}_t"]].isna().any(axis=1).to_numpy()
    if nan.any():
        meta.setdefault("rows_left_out", {})["missing value"] = describe_rows(cells, nan, keys)
        _warn(
            f"{int(nan.sum())} area-years have a missing employment value and get no 9.2.2 "
            f"value: {describe_rows(cells, nan, keys)}.",
            MissingDataWarning,
        )
        cells = cells.loc[~nan]
    num = cells[f"{value}_m"].to_numpy(dtype=float)
    den = cells[f"{value}_t"].to_numpy(dtype=float)
    bad = (num > den * (1 + 1e-9)) | (den == 0)
    if bad.any():
        raise InvalidValueError(
            f"Manufacturing employment exceeds total employment (or the total is zero) in "
            f"{int(bad.sum())} area-years.",
            hint="check that the rows are of the same indicator, sex, source and unit",
            column=value,
            rows=describe_rows(cells, bad, keys),
        )
    labels = {k: v["label"] for k, v in table.items()}
    cells = cells.assign(classification=cells["_rev"].map(labels).to_numpy())
    series_of = cells.sort_values(time).groupby([k for k in keys if k != time], sort=False)
    n_class = series_of["classification"].transform("nunique").to_numpy()
    if (n_class > 1).any():
        br = cells.loc[n_class > 1]
        first4 = br.groupby(by)["classification"].unique()
        _warn(
            "The 9.2.2 series changes ISIC revision (a classification break) in "
            f"{first4.index.tolist()[:8]}: {dict(first4.map(list).head(3))}. Values across the "
            "break are not comparable; see the 'classification' column.",
            ClassificationBreakWarning,
        )
        meta["classification_break"] = first4.index.tolist()
    status = None
    if obs_status in df.columns:
        status = _combine_status(cells[f"{obs_status}_m"], cells[f"{obs_status}_t"])
    frame = _finish(
        cells,
        code=code,
        series="SL_TLF_MANF",
        by=by,
        time=time,
        disaggs=[*disaggs, "classification"],
        value=100 * num / den,
        unit="%",
        numerator=num,
        denominator=den,
        status=status,
    )
    meta.update(isic=isic or revs[0], value=value)
    return _result(
        frame,
        code=code,
        method=f"ratio ({isic or revs[0]})",
        disaggs=[*disaggs, "classification"],
        units="% of total employment",
        meta=meta,
        scale=100.0,
    )


# --------------------------------------------------------------------------------- 5.5.2
_ISCO_CODE = re.compile(r"(?:^|_)(?:ISCO(\d\d)_)?(\d{1,2})$")


def women_in_management(
    data: pd.DataFrame,
    *,
    women: str = "women",
    total: str = "total",
    occupation: str = "occupation",
    by: str = "ref_area",
    time: str = "time",
    isco: IscoVersion | None = None,
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
) -> SDGResult:
    r"""SDG 5.5.2: proportion of women in managerial positions [% of managers].

    Two series, to be used jointly: total management (``IC_GEN_MGTL``) and senior and middle
    management (``IC_GEN_MGTN``).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per area, period and occupation with women and all persons employed.
    women : str
        Women employed in the occupation [persons].
    total : str
        Persons (both sexes) employed in the occupation [persons].
    occupation : str
        ISCO code: ``1`` (managers) and the sub-major group to exclude for senior and middle
        management (``14`` in ISCO-08, ``13`` in ISCO-88); ILOSTAT codes such as
        ``OCU_ISCO08_1`` and ``OC2_ISCO08_14`` are understood. Other occupations are ignored.
    by, time : str
        Reference-area and period columns.
    isco : {"08", "88"}, optional
        ISCO version, if the codes do not say (``OCU_ISCO08_...`` do).
    disaggregations : str or sequence of str, optional
        Default ``source`` if present.
    obs_status : str
        Observation-status column, carried if present.

    Returns
    -------
    SDGResult
        Rows for both series (column ``series``); the senior-and-middle series is absent for
        area-years without the 2-digit group (warned).

    Raises
    ------
    pedw.errors.InvalidValueError
        Women above persons, unknown or mixed ISCO versions.

    Notes
    -----
    .. math::

        MGTL = \frac{W_1}{P_1}\times 100, \qquad
        MGTN = \frac{W_1 - W_{14}}{P_1 - P_{14}}\times 100

    with :math:`W_g, P_g` women and persons in ISCO-08 group :math:`g` (ISCO-88: 13
    instead of 14: sub-major groups 11 and 12 are senior and middle management).

    References
    ----------
    .. [1] ILO, SDG indicator 5.5.2 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-05-05-02.pdf
    """
    code = "5.5.2"
    df = ensure_frame(data)
    if isco is not None:
        check_option("isco", isco, IscoVersion)
    disaggs = _disaggs(df, disaggregations, code)
    keys = [by, time, *[d for d in disaggs if d not in (by, time)]]
    require_columns(df, [*keys, occupation, women, total], roles={women: "women", total: "total"})
    require_numeric(df, [women, total], keys=keys)
    parts = df[occupation].astype(str).str.strip().str.extract(_ISCO_CODE)
    versions = [str(v) for v in pd.unique(parts[0].dropna())]
    if len(versions) > 1:
        raise InvalidValueError(
            f"Column {occupation!r} mixes ISCO versions {versions}.",
            hint="select one ISCO version (ISCO-08 preferred)",
            column=occupation,
        )
    if versions and isco is not None and versions[0] != isco:
        raise InvalidValueError(
            f"isco={isco!r} was passed but the codes say ISCO-{versions[0]}.",
            hint="drop the isco= argument",
            column=occupation,
        )
    version = versions[0] if versions else isco
    excluded_of: Mapping[str, str] = INDICATORS[code].extra["excluded_submajor"]
    grp = parts[1]
    has_sub = grp.isin(list(excluded_of.values())).any()
    if has_sub and version is None:
        raise InvalidValueError(
            "The occupation codes do not say which ISCO version they follow; senior and middle "
            "management excludes group 14 in ISCO-08 but 13 in ISCO-88.",
            hint="pass isco='08' or isco='88'",
            column=occupation,
        )
    excluded = excluded_of[version] if version is not None else None
    meta = get_meta(df)
    use = grp.isin(["1", *([excluded] if excluded else [])]).to_numpy()
    work = df.loc[use].assign(_grp=grp[use].to_numpy())
    _require_keys(work, keys)
    check_sign(work, [women, total], keys=[*keys, occupation])
    over = (work[women] > work[total] * (1 + 1e-9)).to_numpy()
    if over.any():
        raise InvalidValueError(
            f"Women exceed all persons in {int(over.sum())} occupation rows.",
            hint="check that 'total' counts both sexes and uses the same unit as 'women'",
            column=[women, total],
            rows=describe_rows(work, over, [*keys, occupation]),
        )
    g1 = work[work["_grp"] == "1"]
    require_unique(g1, keys)
    if g1.empty:
        raise InsufficientDataError(
            f"No rows for ISCO major group 1 (managers) in {occupation!r}.",
            hint="include employment by sex in ISCO group 1 (e.g. OCU_ISCO08_1)",
            column=occupation,
        )
    st = obs_status if obs_status in df.columns else None
    tot_part = _finish(
        g1,
        code=code,
        series="IC_GEN_MGTL",
        by=by,
        time=time,
        disaggs=disaggs,
        value=100 * g1[women].to_numpy(dtype=float) / g1[total].to_numpy(dtype=float),
        unit="%",
        numerator=g1[women].to_numpy(dtype=float),
        denominator=g1[total].to_numpy(dtype=float),
        status=g1[st] if st else None,
    )
    frames = [tot_part]
    if excluded is not None:
        sub = work[work["_grp"] == excluded]
        require_unique(sub, keys)
        m = g1.merge(sub, on=keys, how="left", suffixes=("", "_x"), indicator=True)
        has = (m["_merge"] == "both").to_numpy()
        if (~has).any():
            meta["no_senior_middle"] = describe_rows(m, ~has, keys, limit=50)
            _warn(
                f"{int((~has).sum())} area-years lack ISCO sub-major group {excluded}; only "
                f"total management (IC_GEN_MGTL) is computed for them: "
                f"{describe_rows(m, ~has, keys)}.",
                MissingDataWarning,
            )
        m = m.loc[has]
        num = m[women].to_numpy(dtype=float) - m[f"{women}_x"].to_numpy(dtype=float)
        den = m[total].to_numpy(dtype=float) - m[f"{total}_x"].to_numpy(dtype=float)
        bad = (num < 0) | (den <= 0) | (num > den * (1 + 1e-9))
        if bad.any():
            raise InvalidValueError(
                f"Group {excluded} is larger than group 1 (or leaves no managers) in "
                f"{int(bad.sum())} area-years; it must be part of group 1.",
                hint="check the occupation codes and that both rows have the same unit",
                column=occupation,
                rows=describe_rows(m, bad, keys),
            )
        frames.append(
            _finish(
                m,
                code=code,
                series="IC_GEN_MGTN",
                by=by,
                time=time,
                disaggs=disaggs,
                value=100 * num / den,
                unit="%",
                numerator=num,
                denominator=den,
                status=_combine_status(m[st], m[f"{st}_x"]) if st else None,
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    meta.update(isco=f"ISCO-{version}" if version else "unknown (group 1 only)")
    return _result(
        frame,
        code=code,
        method="ratio",
        disaggs=disaggs,
        units="% of persons in managerial positions",
        meta=meta,
        scale=100.0,
    )


# --------------------------------------------------------------------------------- 10.4.1
def labour_share(
    data: pd.DataFrame,
    *,
    by: str = "ref_area",
    time: str = "time",
    obs_status: str = "obs_status",
    **kwargs: Any,
) -> SDGResult:
    r"""SDG 10.4.1: labour share of GDP [% of GDP], via :func:`pedw.wages.labour_share`.

    Parameters
    ----------
    data : pandas.DataFrame
        National-accounts frame as :func:`pedw.wages.labour_share` expects it.
    by, time : str
        Reference-area and period columns.
    obs_status : str
        Observation-status column, carried if present.
    **kwargs
        Passed to :func:`pedw.wages.labour_share` (column names, ``method`` for the
        self-employment adjustment...).

    Returns
    -------
    SDGResult
        Series ``SL_EMP_GTOTL``.

    Notes
    -----
    .. math::

        LS = \frac{CoE + \text{labour income of the self-employed}}{GDP} \times 100

    References
    ----------
    .. [1] ILO, SDG indicator 10.4.1 metadata,
       https://unstats.un.org/sdgs/metadata/files/Metadata-10-04-01.pdf
    .. [2] Gollin, D. (2002). Getting income shares right. Journal of Political Economy,
       110(2), 458-474. doi:10.1086/338747
    """
    from pedw import wages  # lazy: the labour share is computed once, in pedw.wages

    df = ensure_frame(data)
    ls = wages.labour_share(df, by=by, time=time, **kwargs)
    res = ls.components
    num = res["labour_income"].to_numpy(dtype=float)
    den = res["denominator"].to_numpy(dtype=float)
    status = None
    if obs_status in df.columns:
        status_tab = df[[by, time, obs_status]].drop_duplicates([by, time])
        res = res.merge(status_tab, on=[by, time], how="left")
        status = res[obs_status]
    ls_meta = dict(ls.meta)
    ls_meta["method"] = ls.method
    frame = _finish(
        res,
        code="10.4.1",
        series="SL_EMP_GTOTL",
        by=by,
        time=time,
        disaggs=[],
        value=100 * num / den,
        unit="%",
        numerator=num,
        denominator=den,
        status=status,
    )
    meta = get_meta(df)
    meta.update(ls_meta)
    return _result(
        frame,
        code="10.4.1",
        method=str(ls_meta.get("method", "labour share")),
        disaggs=[],
        units="% of GDP",
        meta=meta,
        scale=100.0,
    )


# --------------------------------------------------------------------------------- aggregate
def aggregate(
    values: SDGResult | pd.DataFrame,
    *,
    groups: str | Mapping[str, str] | pd.Series[Any] | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    min_coverage: float = 0.5,
    by: str = "ref_area",
    time: str = "time",
    disaggregations: Sequence[str] | str | None = None,
    obs_status: str = "obs_status",
    imputed_flags: Sequence[str] = ("E", "I", "Imputed", "Estimated", "Modelled"),
    scale: float | None = None,
    bounded: bool | None = None,
    code: str | None = None,
) -> AggregateResult:
    r"""Regional or global aggregate of an SDG ratio indicator, as a ratio of sums.

    Parameters
    ----------
    values : SDGResult or pandas.DataFrame
        A pedw SDG result (its numerators and denominators are used) or a frame with one row
        per area, period and disaggregation. Rows should cover **all** areas of each group:
        the denominator of a non-reporting area counts against coverage; its numerator is
        NaN.
    groups : str, mapping or pandas.Series, optional
        Group of each area: a column of ``values``, a mapping area -> group, or a Series
        indexed by area. Default: one group, ``"World"``. Areas without a group are left out
        with a :class:`~pedw.errors.SkippedRowsWarning`.
    numerator, denominator : str, optional
        Columns (required for a DataFrame; a result's own are used otherwise).
    min_coverage : float
        Minimum share of the group's denominator with observed (non-imputed) values
        [share, 0-1]; below it an error is raised. Default 0.5.
    by, time : str
        Reference-area and period columns.
    disaggregations : str or sequence of str, optional
        Further key columns (default: the result's, or none).
    obs_status : str
        Observation-status column; rows flagged with ``imputed_flags`` count as imputed.
    imputed_flags : sequence of str
        Flags that mark imputed or modelled values.
    scale : float, optional
        ``value = scale * sum(num) / sum(den)``; default the result's (100 for a frame).
    bounded : bool, optional
        Whether the numerator is part of the denominator (checked); default the result's.
    code : str, optional
        SDG code for labels (default the result's).

    Returns
    -------
    AggregateResult
        ``ref_area`` holds the group; ``coverage``, ``imputed_share``, ``n_areas`` and
        ``n_reporting`` report what the aggregate rests on; ``obs_status`` is ``"I"`` where
        imputed inputs were used.

    Raises
    ------
    pedw.errors.InsufficientDataError
        Coverage below ``min_coverage`` (naming the groups and periods).
    pedw.errors.OptionError
        For 8.2.1 and 8.5.1, which are not ratios of additive country totals.
    pedw.errors.InvalidValueError
        Missing or negative denominators, numerators above denominators.

    Notes
    -----
    For group :math:`G`, with :math:`R \subseteq G` the areas with a (possibly imputed)
    numerator and :math:`O \subseteq R` those observed,

    .. math::

        X_G = s\,\frac{\sum_{i\in R} N_i}{\sum_{i\in R} D_i}, \qquad
        coverage_G = \frac{\sum_{i\in O} D_i}{\sum_{i\in G} D_i}

    i.e. each country weighted by its denominator, never an average of country rates (ILO
    and UNIDO aggregation rule).

    References
    ----------
    .. [1] ILO, ILO modelled estimates methodology,
       https://ilostat.ilo.org/resources/concepts-and-definitions/ilo-modelled-estimates/
    """
    if not 0.0 <= min_coverage <= 1.0:
        raise OptionError(
            f"min_coverage={min_coverage!r} must be a share between 0 and 1.",
            hint="e.g. min_coverage=0.5 for half of the denominator",
        )
    if isinstance(values, SDGResult):
        if values.code in ("8.2.1", "8.5.1"):
            raise OptionError(
                f"SDG {values.code} is not aggregated as a ratio of country totals here.",
                hint="8.2.1: sum constant-PPP GDP and employment by region, then call "
                "gdp_per_employed_growth on the sums; 8.5.1 has no official aggregate",
            )
        df = values.components
        numerator = numerator or "numerator"
        denominator = denominator or "denominator"
        scale = values.scale if scale is None else scale
        bounded = values.bounded if bounded is None else bounded
        code = code or values.code
        disaggs = (
            [d for d in values.disaggregations if d not in _NOT_AGGREGATED] + ["series"]
            if disaggregations is None
            else [*as_list(disaggregations), "series"]
        )
        by, time = "ref_area", "time"
        unit = str(df["unit"].iloc[0]) if len(df) else ""
        units = values.units
        meta = dict(values.meta)
    else:
        df = ensure_frame(values)
        if numerator is None or denominator is None:
            raise SchemaError(
                "aggregate() of a DataFrame needs numerator= and denominator= columns.",
                hint="e.g. aggregate(df, numerator='unemployed', denominator='labour_force')",
            )
        scale = 100.0 if scale is None else scale
        bounded = True if bounded is None else bounded
        disaggs = as_list(disaggregations)
        unit = "%" if scale == 100.0 else ""
        units = f"{unit} ({numerator} / {denominator}, ratio of sums)"
        meta = get_meta(df)
    keys = [by, time, *disaggs]
    require_columns(
        df, [*keys, numerator, denominator], roles={numerator: "numerator", denominator: "den"}
    )
    _check_single(df, "unit", what="unit", keys=keys)
    require_numeric(df, [numerator, denominator], keys=keys)
    _require_keys(df, keys)
    require_unique(df, keys)
    check_no_missing(df, [denominator], keys=keys)
    check_sign(df, [numerator, denominator], keys=keys)
    if bounded:
        over = (df[numerator] > df[denominator] * (1 + 1e-9)).to_numpy()
        if over.any():
            raise InvalidValueError(
                f"{numerator!r} exceeds {denominator!r} in {int(over.sum())} rows.",
                hint="the numerator must be part of the denominator; check units",
                column=[numerator, denominator],
                rows=describe_rows(df, over, keys),
            )
    if groups is None:
        grp = pd.Series("World", index=df.index)
    elif isinstance(groups, str):
        require_columns(df, [groups], roles={groups: "groups"})
        grp = df[groups].astype("object")
    elif isinstance(groups, pd.Series):
        grp = df[by].map(groups)
    else:
        grp = df[by].map(dict(groups))
    unmapped = grp.isna().to_numpy()
    if unmapped.any():
        areas = pd.unique(df.loc[unmapped, by]).tolist()
        meta["areas_without_group"] = areas
        _warn(
            f"{len(areas)} areas have no group and are left out of the aggregates: {areas[:10]}.",
            SkippedRowsWarning,
        )
    flags = {f.lower() for f in imputed_flags}
    if obs_status in df.columns:
        st = df[obs_status].astype("string").str.strip().str.lower()
        parts = st.str.split(",")
        imputed = parts.map(lambda p: bool(set(p) & flags), na_action="ignore")
        imp = imputed.fillna(False).astype(bool).to_numpy()
    else:
        imp = np.zeros(len(df), dtype=bool)
    num = df[numerator].to_numpy(dtype=float)
    den = df[denominator].to_numpy(dtype=float)
    avail = ~np.isnan(num)
    if (imp & avail).any():
        meta["imputed_inputs"] = describe_rows(df, imp & avail, keys, limit=50)
    work = pd.DataFrame(
        {
            "ref_area": grp.to_numpy(),
            "time": df[time].to_numpy(),
            **{d: df[d].to_numpy() for d in disaggs},
            "_num": np.where(avail, num, 0.0),
            "_den_avail": np.where(avail, den, 0.0),
            "_den_all": den,
            "_den_obs": np.where(avail & ~imp, den, 0.0),
            "_den_imp": np.where(avail & imp, den, 0.0),
            "_n": 1,
            "_n_rep": (avail & ~imp).astype(int),
        }
    ).loc[~unmapped]
    gk = ["ref_area", "time", *disaggs]
    s = work.groupby(gk, sort=False, dropna=False).sum(numeric_only=True).reset_index()
    den_all = s["_den_all"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(den_all > 0, s["_den_obs"].to_numpy() / den_all, 0.0)
        imputed_share = np.where(den_all > 0, s["_den_imp"].to_numpy() / den_all, 0.0)
        value = scale * s["_num"].to_numpy() / s["_den_avail"].to_numpy()
    low = (coverage < min_coverage) | (s["_den_avail"].to_numpy() == 0)
    if low.any():
        rows = [
            f"{r.ref_area} {r.time}: coverage {c:.1%}"
            for r, c in zip(s.loc[low].head(5).itertuples(), coverage[low][:5], strict=True)
        ]
        raise InsufficientDataError(
            f"{int(low.sum())} aggregates rest on less than {min_coverage:.0%} of their "
            f"denominator with observed data: {rows}.",
            hint="add the missing areas (e.g. ILO modelled estimates flagged as imputed), drop "
            "those groups/periods, or lower min_coverage= knowingly",
            group=pd.unique(s.loc[low, "ref_area"]).tolist(),
        )
    frame = _finish(
        s,
        code=code or "",
        series=s["series"] if "series" in s.columns else (code or ""),
        by="ref_area",
        time="time",
        disaggs=[d for d in disaggs if d != "series"],
        value=value,
        unit=unit,
        numerator=s["_num"].to_numpy(),
        denominator=s["_den_avail"].to_numpy(),
        status=pd.Series(["I" if x > 0 else None for x in imputed_share], dtype="string"),
        extra={
            "coverage": coverage,
            "imputed_share": imputed_share,
            "n_areas": s["_n"].to_numpy(),
            "n_reporting": s["_n_rep"].to_numpy(),
        },
    )
    meta.update(aggregation="ratio of sums", min_coverage=min_coverage)
    dis = [d for d in disaggs if d != "series"]
    out = _result(
        frame,
        code=code or "",
        method="ratio of sums",
        disaggs=dis,
        units=units,
        meta=meta,
        scale=scale,
        bounded=bool(bounded),
        cls=AggregateResult,
    )
    assert isinstance(out, AggregateResult)
    return out


# --------------------------------------------------------------------------------- dispatch
def compute(code: str, data: pd.DataFrame, **columns: Any) -> SDGResult:
    """Compute an SDG indicator by its code, through the registry.

    Parameters
    ----------
    code : str
        SDG indicator number (``"9.2.2"``) or UN series code (``"NV_IND_MANFPC"``).
    data : pandas.DataFrame
        Input frame, as the indicator's function expects it.
    **columns
        Column names and options passed to that function.

    Returns
    -------
    SDGResult
        The indicator.

    Raises
    ------
    pedw.errors.OptionError
        For an unknown code (listing the known ones).

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw import sdg
    >>> df = pd.DataFrame({"ref_area": ["A"], "time": [2020],
    ...                    "unemployed": [5.0], "labour_force": [100.0]})
    >>> float(sdg.compute("8.5.2", df).to_frame()["value"].iloc[0])
    5.0
    """
    if code in INDICATORS:
        name = INDICATORS[code].function
    elif code in SERIES:
        name = SERIES[code]
    else:
        check_option("code", code, [*INDICATORS, *SERIES])
        raise AssertionError  # pragma: no cover
    func = globals()[name]
    out: SDGResult = func(data, **columns)
    return out
