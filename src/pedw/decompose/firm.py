r"""Firm-level decompositions of aggregate productivity (static and dynamic).

:func:`firm` splits the share-weighted aggregate of firm productivity,
:math:`\Phi_t = \sum_i s_{it} \varphi_{it}`, into the contributions of surviving, entering and
exiting firms (Baily-Hulten-Campbell, Griliches-Regev, Foster-Haltiwanger-Krizan,
Melitz-Polanec), or, in one period, into the unweighted mean and the Olley-Pakes covariance.

Everything is expressed as grouped sums over rows: a "kernel" turns a block of rows into
per-(group, period pair) partial sums with :func:`numpy.bincount`, and the partial sums of all
blocks add up. The pandas path aligns each firm's start and end rows with one sort and a binary
search (memory stays within a small multiple of the input); the Dask path aligns them with a
distributed merge and runs the same kernels on every partition, so both give the same numbers.
Dask is imported only when the input is a ``dask.dataframe.DataFrame``.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from pedw._codes import factorize
from pedw._result import Result
from pedw._types import FirmMethod, GroupKeys, check_option
from pedw._validate import (
    as_list,
    check_no_missing,
    describe_rows,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    InsufficientDataError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    SchemaError,
)
from pedw.schema import get_meta

__all__ = ["FirmResult", "firm"]

Array = np.ndarray[Any, Any]

#: Terms of each method, in presentation order.
TERMS: dict[str, tuple[str, ...]] = {
    "olley_pakes": ("mean", "covariance"),
    "melitz_polanec": ("within", "between", "entry", "exit"),
    "fhk": ("within", "between", "cross", "entry", "exit"),
    "griliches_regev": ("within", "between", "entry", "exit"),
    "bhc": ("within", "between", "entry", "exit"),
}

CITATIONS: dict[str, str] = {
    "olley_pakes": (
        "Olley, G. S. & Pakes, A. (1996). The dynamics of productivity in the telecommunications "
        "equipment industry. Econometrica 64(6), 1263-1297. doi:10.2307/2171831"
    ),
    "melitz_polanec": (
        "Melitz, M. J. & Polanec, S. (2015). Dynamic Olley-Pakes productivity decomposition with "
        "entry and exit. RAND Journal of Economics 46(2), 362-375. doi:10.1111/1756-2171.12088"
    ),
    "fhk": (
        "Foster, L., Haltiwanger, J. & Krizan, C. J. (2001). Aggregate productivity growth: "
        "lessons from microeconomic evidence. In Hulten, Dean & Harper (eds.), New Developments "
        "in Productivity Analysis, 303-372. University of Chicago Press (NBER chapter c10129)"
    ),
    "griliches_regev": (
        "Griliches, Z. & Regev, H. (1995). Firm productivity in Israeli industry 1979-1988. "
        "Journal of Econometrics 65(1), 175-203. doi:10.1016/0304-4076(94)01601-U"
    ),
    "bhc": (
        "Baily, M. N., Hulten, C. & Campbell, D. (1992). Productivity dynamics in manufacturing "
        "plants. Brookings Papers on Economic Activity: Microeconomics 1992, 187-267. "
        "doi:10.2307/2534764"
    ),
}

#: Rows per block in the pandas path: an eighth of the data, between these bounds (bounds the
#: temporary memory of one pass to a fraction of the input).
_BLOCK_MIN, _BLOCK_MAX = 1 << 14, 1 << 20
#: Tolerance on shares that must already sum to one (``normalize_weights=False``).
_SHARE_TOL = 1e-9

_COUNT_COLUMNS_DYNAMIC = (
    "n_start",
    "n_end",
    "n_survivors",
    "n_entrants",
    "n_exitors",
    "share_survivors_start",
    "share_survivors_end",
    "share_entrants",
    "share_exitors",
    "phi_start",
    "phi_end",
)


# ================================================================================ result object
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class FirmResult(Result):
    """Result of :func:`firm`.

    Attributes
    ----------
    components : pandas.DataFrame
        One row per group and period (``olley_pakes``: keys ``*by, time``) or per group and
        period pair (dynamic methods: keys ``*by, start, end``), with one column per term and
        ``total``. Terms are in the units of ``productivity`` (log points when it is in logs).
    counts : pandas.DataFrame
        Same keys. Dynamic methods: ``n_start``, ``n_end``, ``n_survivors``, ``n_entrants``,
        ``n_exitors`` [firms]; ``share_survivors_start``, ``share_survivors_end``,
        ``share_entrants`` (end period), ``share_exitors`` (start period) [share, 0-1];
        ``phi_start``, ``phi_end`` (share-weighted aggregate productivity).
        ``olley_pakes``: ``n_firms`` [firms].
    undefined : pandas.DataFrame
        Keys of the rows whose terms are undefined (NaN), with the reason
        (``"no survivors"``, ``"no firms in start period"``, ...). Empty if none.
    """

    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    undefined: pd.DataFrame = field(default_factory=pd.DataFrame)

    title: ClassVar[str] = "Firm-level productivity decomposition"
    plot_kind: ClassVar[str] = "firm"


# ================================================================================== public API
def firm(
    data: Any,
    *,
    method: FirmMethod,
    start: Any = None,
    end: Any = None,
    consecutive: bool = False,
    firm: str = "firm",
    time: str = "time",
    productivity: str = "productivity",
    weight: str = "weight",
    by: GroupKeys = None,
    normalize_weights: bool = True,
    log_productivity: bool | None = None,
) -> FirmResult:
    r"""Decompose share-weighted aggregate productivity over firms.

    Aggregate productivity of a group (industry, country...) in period :math:`t` is the
    share-weighted mean :math:`\Phi_t = \sum_i s_{it}\varphi_{it}` of firm productivity
    :math:`\varphi_{it}` (column ``productivity``) with weights :math:`s_{it}` (column
    ``weight``). ``olley_pakes`` splits :math:`\Phi_t` in one period; the dynamic methods split
    :math:`\Delta\Phi = \Phi_1 - \Phi_0` between a start and an end period into survivors
    (present in both), entrants (end only) and exitors (start only).

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
        Tidy firm-period panel, one row per firm, period (and group). A Dask frame is
        decomposed on its cluster (requires the ``dask`` extra).
    method : {"olley_pakes", "melitz_polanec", "fhk", "griliches_regev", "bhc"}
        Decomposition (see Notes).
    start, end : scalar or sequence, optional
        Start and end periods (values of ``time``). Sequences of equal length give several
        pairs ``(start[k], end[k])``. Dynamic methods default to the first and the last period
        of the data; ``olley_pakes`` reports the periods in ``start``/``end`` or, if neither is
        given, every period.
    consecutive : bool
        Decompose every pair of adjacent periods of the data (dynamic methods), or report every
        period (``olley_pakes``). Cannot be combined with ``start``/``end``.
    firm, time, productivity, weight : str
        Column names: firm identifier, period, productivity :math:`\varphi` [units of the
        user's measure, e.g. log TFP or value added per worker] and weight (output,
        employment or a share) [>= 0].
    by : str or sequence of str, optional
        Group columns (e.g. ``"industry"``); each group is decomposed separately and a firm is
        identified by ``(group, firm)``.
    normalize_weights : bool
        Divide weights by their sum within each group-period (default), so they are shares.
        With ``False`` the weights must already be shares summing to one in every group-period
        (checked to 1e-9).
    log_productivity : bool, optional
        Whether ``productivity`` is in logs; used only to label units (``None``: unstated).

    Returns
    -------
    FirmResult
        ``components`` (terms and ``total`` per group and period or period pair), ``counts``
        (firms and weight shares of survivors, entrants and exitors), ``undefined`` and
        ``meta`` (options, dropped rows, input metadata).

    Raises
    ------
    pedw.errors.SchemaError
        Missing or non-numeric columns.
    pedw.errors.DuplicateKeyError
        Two rows for the same firm, group and period.
    pedw.errors.InvalidValueError
        Missing or negative weights, all-zero weights in a group-period, missing or infinite
        productivity of a firm with positive weight, shares not summing to one with
        ``normalize_weights=False``; the message names the firm, group and period.
    pedw.errors.InsufficientDataError
        A requested period is not in the data.
    pedw.errors.OptionError
        Invalid ``method`` or conflicting period options.

    Warns
    -----
    pedw.errors.MissingDataWarning
        Rows with missing productivity and zero weight are left out (counted in
        ``meta["rows_dropped"]``); groups without survivors, or without firms in one period,
        have undefined (NaN) terms (listed in ``undefined``).

    Notes
    -----
    Shares :math:`s_{it} = w_{it} / \sum_j w_{jt}` within each group-period. Firms are
    survivors :math:`S`, entrants :math:`N` or exitors :math:`X` by presence in the start
    (0) and end (1) period; :math:`s_{Gt} = \sum_{i\in G} s_{it}` and
    :math:`\Phi_{Gt} = \sum_{i\in G} s_{it}\varphi_{it} / s_{Gt}`.

    Olley & Pakes (1996), with :math:`\bar\varphi_t` the unweighted mean over the
    :math:`n_t` firms:

    .. math::
        \Phi_t = \underbrace{\bar\varphi_t}_{\text{mean}}
        + \underbrace{\textstyle\sum_i (s_{it} - 1/n_t)(\varphi_{it} - \bar\varphi_t)}
        _{\text{covariance}}

    Baily, Hulten & Campbell (1992):

    .. math::
        \Delta\Phi = \sum_S s_{i0}\Delta\varphi_i + \sum_S \Delta s_i\,\varphi_{i1}
        + \sum_N s_{i1}\varphi_{i1} - \sum_X s_{i0}\varphi_{i0}

    Griliches & Regev (1995), bars denoting the mean of the two periods:

    .. math::
        \Delta\Phi = \sum_S \bar s_i\Delta\varphi_i
        + \sum_S \Delta s_i(\bar\varphi_i - \bar\Phi)
        + \sum_N s_{i1}(\varphi_{i1} - \bar\Phi) - \sum_X s_{i0}(\varphi_{i0} - \bar\Phi)

    Foster, Haltiwanger & Krizan (2001):

    .. math::
        \Delta\Phi = \sum_S s_{i0}\Delta\varphi_i + \sum_S \Delta s_i(\varphi_{i0}-\Phi_0)
        + \sum_S \Delta s_i\Delta\varphi_i + \sum_N s_{i1}(\varphi_{i1}-\Phi_0)
        - \sum_X s_{i0}(\varphi_{i0}-\Phi_0)

    Melitz & Polanec (2015), with the survivors' Olley-Pakes split
    :math:`\Phi_{St} = \bar\varphi_{St} + \operatorname{cov}_{St}` computed with
    within-survivor shares :math:`s_{it}/s_{St}`:

    .. math::
        \Delta\Phi = \underbrace{\Delta\bar\varphi_S}_{\text{within}}
        + \underbrace{\Delta\operatorname{cov}_S}_{\text{between}}
        + \underbrace{s_{N1}(\Phi_{N1} - \Phi_{S1})}_{\text{entry}}
        + \underbrace{s_{X0}(\Phi_{S0} - \Phi_{X0})}_{\text{exit}}

    Every term is computed directly (exit is not a residual) and ``total`` is computed
    separately as :math:`\Phi_1 - \Phi_0` (or :math:`\Phi_t`); the result checks that the
    terms add up to it.

    What the aggregate measures depends on the inputs: with :math:`\varphi` = labour
    productivity in levels (:math:`Y_i/L_i`) and employment weights, :math:`\Phi_t = Y/L`
    exactly; with log productivity, :math:`\Phi_t` is a share-weighted mean of logs (a log
    index, not :math:`\log(Y/L)`), and :math:`\Delta\Phi` is in log points. Output weights
    (Olley-Pakes, Melitz-Polanec) and employment weights give different aggregates.

    References
    ----------
    .. [1] Olley, G. S. & Pakes, A. (1996). Econometrica 64(6), 1263-1297.
       doi:10.2307/2171831
    .. [2] Melitz, M. J. & Polanec, S. (2015). RAND Journal of Economics 46(2), 362-375.
       doi:10.1111/1756-2171.12088
    .. [3] Foster, L., Haltiwanger, J. & Krizan, C. J. (2001). In New Developments in
       Productivity Analysis, 303-372. University of Chicago Press.
    .. [4] Griliches, Z. & Regev, H. (1995). Journal of Econometrics 65(1), 175-203.
       doi:10.1016/0304-4076(94)01601-U
    .. [5] Baily, M. N., Hulten, C. & Campbell, D. (1992). Brookings Papers on Economic
       Activity: Microeconomics, 187-267. doi:10.2307/2534764

    Examples
    --------
    >>> import pandas as pd
    >>> import pedw
    >>> df = pd.DataFrame({
    ...     "firm": ["a", "b", "a", "c"], "time": [2000, 2000, 2001, 2001],
    ...     "productivity": [1.0, 2.0, 1.5, 3.0], "weight": [1.0, 1.0, 1.0, 3.0]})
    >>> res = pedw.decompose.firm(df, method="melitz_polanec", start=2000, end=2001)
    >>> res.components[["within", "between", "entry", "exit", "total"]].round(3)
       within  between  entry  exit  total
    0     0.5      0.0  1.125  -0.5  1.125
    """
    method = check_option("method", method, FirmMethod)
    by_cols = as_list(by)
    cols = _Columns(by_cols, firm, time, productivity, weight)
    dd = _dask_module(data)
    if dd is not None and isinstance(data, dd.DataFrame):
        base: _Base = _DaskBase.build(data, cols, normalize_weights=normalize_weights)
    else:
        base = _PandasBase.build(data, cols, normalize_weights=normalize_weights)

    periods = base.periods
    if method == "olley_pakes":
        sel = _static_periods(periods, start, end, consecutive, time)
        comp, counts = _olley_pakes(base, sel)
        undefined = pd.DataFrame(columns=[*by_cols, time, "reason"])
        keys: tuple[str, ...] = (*by_cols, time)
    else:
        pairs = _pairs(periods, start, end, consecutive, time)
        comp, counts, undefined = _dynamic(base, pairs, method)
        keys = (*by_cols, "start", "end")

    meta: dict[str, Any] = {
        **base.input_meta,
        "method": method,
        "productivity": productivity,
        "weight": weight,
        "normalize_weights": normalize_weights,
        "log_productivity": log_productivity,
        "by": by_cols,
        "engine": base.engine,
    }
    if base.rows_dropped:
        meta["rows_dropped"] = dict(base.rows_dropped)
    if not undefined.empty:
        meta["undefined"] = undefined.to_dict(orient="records")
        _warn_undefined(undefined, by_cols)

    if log_productivity is True:
        units = "log points [difference of share-weighted mean log productivity]"
    elif log_productivity is False:
        units = f"units of {productivity!r} [share-weighted mean productivity, levels]"
    else:
        units = f"units of {productivity!r} (share-weighted mean; log points if in logs)"
    if method == "olley_pakes":
        units = units.replace("difference of ", "")
    return FirmResult(
        components=comp,
        method=method,
        keys=keys,
        terms=TERMS[method],
        total="total",
        units=units,
        citation=CITATIONS[method],
        meta=meta,
        counts=counts,
        undefined=undefined,
    )


# ============================================================================ column bookkeeping
@dataclass(frozen=True)
class _Columns:
    by: list[str]
    firm: str
    time: str
    productivity: str
    weight: str

    @property
    def keys(self) -> list[str]:
        return [*self.by, self.firm, self.time]

    @property
    def roles(self) -> dict[str, str]:
        roles = {
            self.firm: "firm",
            self.time: "time",
            self.productivity: "productivity",
            self.weight: "weight",
        }
        roles.update(dict.fromkeys(self.by, "by"))
        return roles


def _dask_module(data: object) -> Any:
    """Return ``dask.dataframe`` if it is already imported (so the input may be a Dask frame)."""
    if "dask.dataframe" not in sys.modules:
        return None
    return sys.modules["dask.dataframe"]


# ============================================================================ row-level checks
def _group_context(row: pd.Series[Any], by: list[str]) -> Any:
    if not by:
        return None
    vals = tuple(row[c] for c in by)
    return vals[0] if len(vals) == 1 else vals


def _raise_rows(
    df: pd.DataFrame, mask: Any, cols: _Columns, message: str, hint: str, column: str
) -> None:
    """Raise :class:`InvalidValueError` naming the first offending firm, group and period."""
    first = df.loc[np.asarray(mask, dtype=bool)].iloc[0]
    raise InvalidValueError(
        message,
        hint=hint,
        column=column,
        firm=first[cols.firm],
        group=_group_context(first, cols.by),
        period=first[cols.time],
        rows=describe_rows(df, mask, cols.keys),
    )


def _check_rows(df: pd.DataFrame, cols: _Columns) -> Array:
    """Row checks shared by both engines; return the mask of rows to drop (with a warning).

    Missing keys or weights, negative weights and missing/infinite productivity of a weighted
    firm raise. Rows with missing productivity and zero weight contribute nothing to any
    share-weighted sum; they are dropped (and counted by the caller).
    """
    check_no_missing(df, [*cols.by, cols.firm, cols.time, cols.weight], keys=cols.keys)
    w = df[cols.weight].to_numpy(dtype=float, na_value=np.nan)
    phi = df[cols.productivity].to_numpy(dtype=float, na_value=np.nan)
    bad_w = ~np.isfinite(w) | (w < 0)
    if bad_w.any():
        _raise_rows(
            df,
            bad_w,
            cols,
            f"Column {cols.weight!r} must be finite and non-negative; "
            f"{int(bad_w.sum())} rows are not.",
            "weights are output, employment or shares: correct or exclude these firms",
            cols.weight,
        )
    bad_phi = ~np.isfinite(phi)
    weighted = bad_phi & (w > 0)
    if weighted.any():
        _raise_rows(
            df,
            weighted,
            cols,
            f"{int(weighted.sum())} firms with positive {cols.weight!r} have missing or infinite "
            f"{cols.productivity!r}.",
            "impute or drop these firms explicitly (dropping changes the aggregate), "
            "or set their weight to zero",
            cols.productivity,
        )
    return np.asarray(bad_phi, dtype=bool)


def _raise_duplicates(df: pd.DataFrame, cols: _Columns) -> None:
    require_unique(
        df,
        cols.keys,
        hint="each firm must appear at most once per period (and group): aggregate "
        "establishments to firms first (sum the weights, average productivity with those "
        "weights) or keep one source; pedw never picks one silently",
        context={"firm": cols.firm, "group": cols.by, "period": cols.time},
    )


def _check_totals(
    totals: Array, groups: pd.DataFrame, periods: Array, cols: _Columns, normalize: bool
) -> None:
    """Check group-period weight totals (shape ``(n_groups, n_periods)``; NaN = absent)."""
    zero = totals == 0
    if zero.any():
        gi, pi = np.argwhere(zero)[0]
        n = int(zero.sum())
        raise InvalidValueError(
            f"All weights are zero in {n} group-period(s); their aggregate is undefined.",
            hint="drop these group-periods or check the weight column (units, missing values "
            "coded as 0)",
            column=cols.weight,
            group=_group_label(groups, int(gi), cols.by),
            period=periods[pi],
        )
    if not normalize:
        off = np.isfinite(totals) & (np.abs(totals - 1.0) > _SHARE_TOL)
        if off.any():
            gi, pi = np.argwhere(off)[0]
            raise InvalidValueError(
                f"With normalize_weights=False the weights must be shares summing to one in "
                f"every group-period; {int(off.sum())} do not (first sums to "
                f"{totals[gi, pi]!r}).",
                hint="pass normalize_weights=True to turn weights into shares within each "
                "group-period, or fix the shares",
                column=cols.weight,
                group=_group_label(groups, int(gi), cols.by),
                period=periods[pi],
            )


def _require_rows(n: int, cols: _Columns) -> None:
    if n == 0:
        raise InsufficientDataError(
            "The data have no rows to decompose.",
            hint=f"pass a panel with one row per {cols.firm!r} and {cols.time!r}",
        )


def _group_label(groups: pd.DataFrame, gi: int, by: list[str]) -> Any:
    if not by:
        return None
    vals = tuple(groups.iloc[gi][c] for c in by)
    return vals[0] if len(vals) == 1 else vals


# ============================================================================== prepared bases
@dataclass
class _Base:
    """Validated input: group table, sorted periods, shares; engines align and aggregate."""

    cols: _Columns
    groups: pd.DataFrame  # one row per group (columns: by), row position = group code
    periods: Array  # sorted distinct periods
    totals: Array  # (n_groups, n_periods) weight totals, NaN where absent
    input_meta: dict[str, Any]
    rows_dropped: dict[str, int]
    engine: str = "pandas"

    @property
    def n_groups(self) -> int:
        return len(self.groups)

    def static_sums(
        self, kernel: Callable[..., Array], n_bins: int, sel: Array, refs: Array | None
    ) -> Array:
        raise NotImplementedError

    def pair_sums(
        self,
        kernel: Callable[..., Array],
        pairs: list[tuple[int, int]],
        refs: Array | None,
    ) -> Array:
        raise NotImplementedError


@dataclass
class _PandasBase(_Base):
    g: Array = field(default_factory=lambda: np.empty(0, np.int64))
    p: Array = field(default_factory=lambda: np.empty(0, np.int64))
    phi: Array = field(default_factory=lambda: np.empty(0))
    s: Array = field(default_factory=lambda: np.empty(0))
    key_sorted: Array = field(default_factory=lambda: np.empty(0, np.int64))
    _partners: dict[tuple[tuple[int, int], ...], tuple[Array, Array]] = field(default_factory=dict)

    @classmethod
    def build(cls, data: object, cols: _Columns, *, normalize_weights: bool) -> _PandasBase:
        if not isinstance(data, pd.DataFrame):
            raise SchemaError(
                f"data must be a pandas or dask DataFrame in tidy long form, got "
                f"{type(data).__name__}.",
                hint="build a DataFrame with one row per firm and period",
            )
        df = data
        require_columns(df, [*cols.keys, cols.productivity, cols.weight], roles=cols.roles)
        require_numeric(df, [cols.productivity, cols.weight], keys=cols.keys)
        drop = _check_rows(df, cols)
        rows_dropped: dict[str, int] = {}
        if drop.any():
            rows_dropped["missing productivity, zero weight"] = int(drop.sum())
            warnings.warn(
                f"{int(drop.sum())} rows have missing {cols.productivity!r} and zero "
                f"{cols.weight!r}; they are left out (recorded in meta['rows_dropped']).",
                MissingDataWarning,
                stacklevel=3,
            )
            df = df.loc[~drop]

        _require_rows(len(df), cols)
        # codes: group, period, firm-within-group
        if cols.by:
            if len(cols.by) == 1:
                gcodes, guniq = pd.factorize(df[cols.by[0]], sort=True)
                groups = pd.DataFrame({cols.by[0]: np.asarray(guniq)})
            else:
                grouped = df.groupby(cols.by, sort=True, observed=True)
                gcodes = np.asarray(grouped.ngroup().to_numpy(), dtype=np.int64)
                groups = grouped.size().reset_index()[cols.by]
        else:
            gcodes = np.zeros(len(df), dtype=np.int64)
            groups = pd.DataFrame(index=range(1))
        g = np.asarray(gcodes, dtype=np.int32)
        pcodes, puniq = pd.factorize(df[cols.time], sort=True)
        periods = np.asarray(puniq)
        p = np.asarray(pcodes, dtype=np.int32)
        fcodes, funiq = factorize(df[cols.firm])
        n_t = max(len(periods), 1)
        n_f = max(len(funiq), 1)
        if len(groups) * n_f * n_t < 2**62:
            ent = g.astype(np.int64) * n_f + fcodes
        else:  # pragma: no cover - astronomically many firms
            ent = pd.factorize(pd.MultiIndex.from_arrays([g, fcodes]))[0].astype(np.int64)
        del fcodes
        key = ent * n_t + p
        del ent
        order = np.argsort(key, kind="stable")
        key_sorted = key[order]
        del key
        if len(key_sorted) > 1 and (key_sorted[1:] == key_sorted[:-1]).any():
            _raise_duplicates(df, cols)

        w = df[cols.weight].to_numpy(dtype=float)
        n_gt = len(groups) * n_t
        gp = g.astype(np.int64) * n_t + p
        totals = np.bincount(gp, weights=w, minlength=n_gt)
        present = np.bincount(gp, minlength=n_gt) > 0
        del gp
        totals = np.where(present, totals, np.nan).reshape(len(groups), n_t)
        _check_totals(totals, groups, periods, cols, normalize_weights)
        # work in (firm, period) order from here on: a firm's rows are adjacent, so aligning
        # start and end rows reads memory almost sequentially
        g = g[order]
        p = p[order]
        s = w[order]
        s /= totals.ravel()[g.astype(np.int64) * n_t + p]
        phi = df[cols.productivity].to_numpy(dtype=float)[order]
        del order
        return cls(
            cols=cols,
            groups=groups,
            periods=periods,
            totals=totals,
            input_meta=get_meta(data),
            rows_dropped=rows_dropped,
            engine="pandas",
            g=g,
            p=p,
            phi=phi,
            s=s,
            key_sorted=key_sorted,
        )

    # ---------------------------------------------------------------------------- aggregation
    def _blocks(self) -> list[tuple[int, int]]:
        n = len(self.p)
        size = int(min(max(n // 8, _BLOCK_MIN), _BLOCK_MAX))
        return [(a, min(a + size, n)) for a in range(0, n, size)]

    def static_sums(
        self, kernel: Callable[..., Array], n_bins: int, sel: Array, refs: Array | None
    ) -> Array:
        n_t = len(self.periods)
        keep = np.zeros(n_t, dtype=bool)
        keep[sel] = True
        out: Array | None = None
        for a, b in self._blocks():
            rows = a + np.flatnonzero(keep[self.p[a:b]])
            part = kernel(
                self.g[rows].astype(np.int64) * n_t + self.p[rows],
                self.s[rows],
                self.phi[rows],
                n_bins,
                refs,
            )
            out = part if out is None else out + part
        assert out is not None
        return out

    def _partner(self, pairs: tuple[tuple[int, int], ...]) -> tuple[Array, Array]:
        """For one batch of pairs: partner row of each start-role row, and entrant rows."""
        if pairs in self._partners:
            return self._partners[pairs]
        n_t = len(self.periods)
        start_map, end_map, starts, ends = _batch_maps(pairs, n_t)
        partner = np.full(len(self.p), -2, dtype=np.int64)  # -2: no start role
        entrant = np.zeros(len(self.p), dtype=bool)
        ks = self.key_sorted
        for a, b in self._blocks():
            k0 = start_map[self.p[a:b]]
            rows = a + np.flatnonzero(k0 >= 0)
            partner[rows] = _lookup(ks, rows, ends[k0[k0 >= 0]] - self.p[rows])
            k1 = end_map[self.p[a:b]]
            rows = a + np.flatnonzero(k1 >= 0)
            found = _lookup(ks, rows, starts[k1[k1 >= 0]] - self.p[rows]) >= 0
            entrant[rows[~found]] = True
        self._partners[pairs] = (partner, entrant)
        return partner, entrant

    def pair_sums(
        self,
        kernel: Callable[..., Array],
        pairs: list[tuple[int, int]],
        refs: Array | None,
    ) -> Array:
        n_k = len(pairs)
        n_bins = self.n_groups * n_k
        out = np.zeros((0, 0))
        for batch in _batches(pairs):
            idx = np.array([pairs.index(pr) for pr in batch], dtype=np.int64)
            start_map, end_map, _, _ = _batch_maps(batch, len(self.periods))
            partner, entrant = self._partner(batch)
            for a, b in self._blocks():
                r0 = a + np.flatnonzero(partner[a:b] > -2)
                r1 = a + np.flatnonzero(entrant[a:b])
                k0 = idx[start_map[self.p[r0]]]
                k1 = idx[end_map[self.p[r1]]]
                mate = partner[r0]
                has = mate >= 0
                safe = np.where(has, mate, 0)
                s1 = np.where(has, self.s[safe], np.nan)
                f1 = np.where(has, self.phi[safe], np.nan)
                bins = np.concatenate(
                    [self.g[r0].astype(np.int64) * n_k + k0, self.g[r1].astype(np.int64) * n_k + k1]
                )
                nan1 = np.full(len(r1), np.nan)
                part = kernel(
                    bins,
                    np.concatenate([self.s[r0], nan1]),
                    np.concatenate([self.phi[r0], nan1]),
                    np.concatenate([s1, self.s[r1]]),
                    np.concatenate([f1, self.phi[r1]]),
                    n_bins,
                    refs,
                )
                out = part if out.size == 0 else out + part
        return out


def _lookup(key_sorted: Array, rows: Array, shift: Array) -> Array:
    """Position of the same firm ``shift`` periods away from each row, or -1 if absent.

    ``key_sorted`` holds the sorted keys ``firm * n_periods + period``. A firm's rows are
    adjacent, so for adjacent periods (``|shift| == 1``) the partner can only be the next or
    previous row; otherwise a binary search finds it.
    """
    n = len(key_sorted)
    if not n or not len(rows):
        return np.full(len(rows), -1, dtype=np.int64)
    target = key_sorted[rows] + shift
    if np.all(np.abs(shift) == 1):
        pos = rows + shift
        inside = (pos >= 0) & (pos < n)
        pos = np.where(inside, pos, 0)
        found = inside & (key_sorted[pos] == target)
    else:
        pos = np.minimum(np.searchsorted(key_sorted, target), n - 1)
        found = key_sorted[pos] == target
    return np.where(found, pos, -1)


def _batches(pairs: list[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """Split pairs so that, within a batch, a period starts and ends at most one pair each."""
    batches: list[list[tuple[int, int]]] = []
    used: list[tuple[set[int], set[int]]] = []
    for pr in dict.fromkeys(pairs):
        for batch, (st, en) in zip(batches, used, strict=True):
            if pr[0] not in st and pr[1] not in en:
                batch.append(pr)
                st.add(pr[0])
                en.add(pr[1])
                break
        else:
            batches.append([pr])
            used.append(({pr[0]}, {pr[1]}))
    return [tuple(b) for b in batches]


def _batch_maps(batch: Sequence[tuple[int, int]], n_t: int) -> tuple[Array, Array, Array, Array]:
    start_map = np.full(n_t, -1, dtype=np.int64)
    end_map = np.full(n_t, -1, dtype=np.int64)
    for i, (a, b) in enumerate(batch):
        start_map[a] = i
        end_map[b] = i
    starts = np.array([a for a, _ in batch], dtype=np.int64)
    ends = np.array([b for _, b in batch], dtype=np.int64)
    return start_map, end_map, starts, ends


# ================================================================================ Dask engine
@dataclass
class _DaskBase(_Base):
    frame: Any = None  # dask frame with _g, _p, _s, _phi and the firm column
    _aligned: dict[tuple[tuple[int, int], ...], Any] = field(default_factory=dict)

    @classmethod
    def build(cls, data: Any, cols: _Columns, *, normalize_weights: bool) -> _DaskBase:
        dask: Any = importlib.import_module("dask")

        ddf = data
        missing = [c for c in [*cols.keys, cols.productivity, cols.weight] if c not in ddf.columns]
        if missing:
            require_columns(
                ddf._meta, [*cols.keys, cols.productivity, cols.weight], roles=cols.roles
            )
        require_numeric(ddf._meta, [cols.productivity, cols.weight], keys=cols.keys)
        ddf = ddf[[*cols.keys, cols.productivity, cols.weight]]

        w = ddf[cols.weight]
        phi = ddf[cols.productivity]
        key_missing = ddf[[*cols.by, cols.firm, cols.time]].isna().any(axis=1)
        bad_w = w.isna() | ~np.isfinite(w) | (w < 0)
        bad_rows = key_missing | bad_w | ((~np.isfinite(phi) | phi.isna()) & (w > 0))
        drop_rows = (phi.isna() | ~np.isfinite(phi)) & (w == 0)
        dup = ddf.groupby(cols.keys, observed=True).size()
        tot_gt = ddf.groupby([*cols.by, cols.time], observed=True)[cols.weight].sum()
        n_bad, n_drop, n_dup, tot = dask.compute(
            bad_rows.sum(), drop_rows.sum(), (dup > 1).sum(), tot_gt
        )
        if n_bad:
            sample = ddf[bad_rows].head(50, npartitions=-1)
            _check_rows(sample, cols)
        if n_dup:
            keys = dup[dup > 1].reset_index()[cols.keys].head(5, npartitions=-1)
            sample = ddf.merge(keys, on=cols.keys).compute()
            _raise_duplicates(sample, cols)
        rows_dropped: dict[str, int] = {}
        if n_drop:
            rows_dropped["missing productivity, zero weight"] = int(n_drop)
            warnings.warn(
                f"{int(n_drop)} rows have missing {cols.productivity!r} and zero "
                f"{cols.weight!r}; they are left out (recorded in meta['rows_dropped']).",
                MissingDataWarning,
                stacklevel=3,
            )
            ddf = ddf[~drop_rows]

        # group-period weight totals (zero-weight dropped rows do not change them)
        tot = tot.reset_index()
        _require_rows(len(tot), cols)
        periods = np.sort(np.asarray(pd.unique(tot[cols.time])))
        if cols.by:
            groups = tot[cols.by].drop_duplicates().sort_values(cols.by).reset_index(drop=True)
            gi = _codes_partition(tot, cols, groups, periods)
        else:
            groups = pd.DataFrame(index=range(1))
            gi = _codes_partition(tot, cols, groups, periods)
        n_t = len(periods)
        totals: Array = np.full((len(groups), n_t), np.nan)
        totals[gi["_g"].to_numpy(np.int64), gi["_p"].to_numpy(np.int64)] = tot[
            cols.weight
        ].to_numpy(dtype=float)
        _check_totals(totals, groups, periods, cols, normalize_weights)
        flat = totals.ravel()
        ddf = ddf.map_partitions(
            _codes_partition, cols, groups, periods, meta=_codes_meta(ddf._meta, cols)
        )
        ddf = ddf.map_partitions(_shares_partition, cols, flat, n_t, meta=_shares_meta(ddf._meta))
        ddf = ddf.persist()
        return cls(
            cols=cols,
            groups=groups,
            periods=periods,
            totals=totals,
            input_meta=get_meta(data) if hasattr(data, "attrs") else {},
            rows_dropped=rows_dropped,
            engine="dask",
            frame=ddf,
        )

    def static_sums(
        self, kernel: Callable[..., Array], n_bins: int, sel: Array, refs: Array | None
    ) -> Array:
        n_t = len(self.periods)
        ddf = self.frame[self.frame["_p"].isin(list(map(int, sel)))]

        def part(df: pd.DataFrame) -> pd.DataFrame:
            bins = df["_g"].to_numpy(np.int64) * n_t + df["_p"].to_numpy(np.int64)
            res = kernel(bins, df["_s"].to_numpy(float), df["_phi"].to_numpy(float), n_bins, refs)
            return pd.DataFrame(res)

        return _reduce(ddf, part, n_bins, kernel, refs, static=True)

    def _align(self, pairs: tuple[tuple[int, int], ...]) -> Any:
        """Outer-merge each firm's start and end rows (one row per group, pair and firm)."""
        if pairs in self._aligned:
            return self._aligned[pairs]
        import dask.dataframe as dd

        firm = self.cols.firm
        pair_tab = pd.DataFrame(
            {"_p0": [a for a, _ in pairs], "_p1": [b for _, b in pairs], "_k": range(len(pairs))}
        )
        base = self.frame[["_g", "_p", firm, "_s", "_phi"]]
        left = base.merge(pair_tab[["_p0", "_k"]], left_on="_p", right_on="_p0")
        right = base.merge(pair_tab[["_p1", "_k"]], left_on="_p", right_on="_p1")
        left = left[["_g", firm, "_k", "_s", "_phi"]].rename(columns={"_s": "_s0", "_phi": "_f0"})
        right = right[["_g", firm, "_k", "_s", "_phi"]].rename(columns={"_s": "_s1", "_phi": "_f1"})
        aligned = dd.merge(left, right, on=["_g", firm, "_k"], how="outer")
        aligned = aligned.persist()
        self._aligned[pairs] = aligned
        return aligned

    def pair_sums(
        self,
        kernel: Callable[..., Array],
        pairs: list[tuple[int, int]],
        refs: Array | None,
    ) -> Array:
        n_k = len(pairs)
        n_bins = self.n_groups * n_k
        aligned = self._align(tuple(pairs))

        def part(df: pd.DataFrame) -> pd.DataFrame:
            bins = df["_g"].to_numpy(np.int64) * n_k + df["_k"].to_numpy(np.int64)
            res = kernel(
                bins,
                df["_s0"].to_numpy(float, na_value=np.nan),
                df["_f0"].to_numpy(float, na_value=np.nan),
                df["_s1"].to_numpy(float, na_value=np.nan),
                df["_f1"].to_numpy(float, na_value=np.nan),
                n_bins,
                refs,
            )
            return pd.DataFrame(res)

        return _reduce(aligned, part, n_bins, kernel, refs, static=False)


def _reduce(
    ddf: Any,
    part: Callable[[pd.DataFrame], pd.DataFrame],
    n_bins: int,
    kernel: Callable[..., Array],
    refs: Array | None,
    *,
    static: bool,
) -> Array:
    """Apply a kernel to every partition and add the partial sums (a tree reduction)."""
    dask: Any = importlib.import_module("dask")

    empty = np.empty(0)
    probe = (
        kernel(np.empty(0, np.int64), empty, empty, n_bins, refs)
        if static
        else kernel(np.empty(0, np.int64), empty, empty, empty, empty, n_bins, refs)
    )
    parts = ddf.to_delayed()
    sums = [dask.delayed(lambda d: part(d).to_numpy())(p) for p in parts]
    while len(sums) > 1:
        sums = [
            dask.delayed(np.add)(sums[i], sums[i + 1]) if i + 1 < len(sums) else sums[i]
            for i in range(0, len(sums), 2)
        ]
    if not sums:
        return probe
    (total,) = dask.compute(sums[0])
    return np.asarray(total, dtype=float).reshape(probe.shape)


def _codes_meta(meta: pd.DataFrame, cols: _Columns) -> pd.DataFrame:
    out = meta.assign(_g=np.int64(0), _p=np.int64(0))
    return out.astype({"_g": np.int64, "_p": np.int64})


def _codes_partition(
    df: pd.DataFrame, cols: _Columns, groups: pd.DataFrame, periods: Array
) -> pd.DataFrame:
    if cols.by:
        lookup = groups.assign(_g=np.arange(len(groups), dtype=np.int64))
        g = df[cols.by].merge(lookup, on=cols.by, how="left")["_g"].to_numpy(np.int64)
    else:
        g = np.zeros(len(df), dtype=np.int64)
    p = np.searchsorted(periods, df[cols.time].to_numpy()).astype(np.int64)
    return df.assign(_g=g, _p=p)


def _shares_meta(meta: pd.DataFrame) -> pd.DataFrame:
    return meta.assign(_s=np.float64(0), _phi=np.float64(0)).astype(
        {"_s": np.float64, "_phi": np.float64}
    )


def _shares_partition(df: pd.DataFrame, cols: _Columns, flat: Array, n_t: int) -> pd.DataFrame:
    gp = df["_g"].to_numpy(np.int64) * n_t + df["_p"].to_numpy(np.int64)
    s = df[cols.weight].to_numpy(dtype=float) / flat[gp]
    return df.assign(_s=s, _phi=df[cols.productivity].to_numpy(dtype=float))


# ==================================================================================== kernels
def _bc(bins: Array, n_bins: int, weights: Array | None = None) -> Array:
    return np.bincount(bins, weights=weights, minlength=n_bins).astype(float)


def _op_kernel_a(bins: Array, s: Array, phi: Array, n_bins: int, refs: Array | None) -> Array:
    """Sum firms, productivity and share-weighted productivity per bin (static pass 1)."""
    return np.column_stack([_bc(bins, n_bins), _bc(bins, n_bins, phi), _bc(bins, n_bins, s * phi)])


def _op_kernel_b(bins: Array, s: Array, phi: Array, n_bins: int, refs: Array | None) -> Array:
    """Sum (s - 1/n)(phi - mean) per bin, n and mean from pass 1 (static pass 2)."""
    assert refs is not None
    n, mean = refs[bins, 0], refs[bins, 1]
    return _bc(bins, n_bins, (s - 1.0 / n) * (phi - mean))[:, None]


#: Columns of the first dynamic pass.
_A_COLS = (
    "n0", "n1", "nS", "nN", "nX", "P0", "P1", "sS0", "sS1", "sumS0", "sumS1", "PS0", "PS1",
    "sN1", "sX0",
)  # fmt: skip


def _status_bins(bins: Array, s0: Array, s1: Array) -> Array:
    """Bin x firm status: 4 * bin + (1 exitor, 2 entrant, 3 survivor).

    Sums over these finer bins need no masks: a term's NaN for firms outside its set (e.g.
    ``s1`` of an exitor) lands in another status column and is never read.
    """
    status = (~np.isnan(s0)).astype(np.int64) + 2 * (~np.isnan(s1))
    return np.asarray(4 * bins + status, dtype=np.int64)


def _dyn_kernel_a(
    bins: Array, s0: Array, f0: Array, s1: Array, f1: Array, n_bins: int, refs: Array | None
) -> Array:
    """Sum counts, shares and share-weighted productivity by firm status (dynamic pass 1)."""
    b4 = _status_bins(bins, s0, s1)
    m = 4 * n_bins

    def bc(w: Array | None = None) -> Array:
        return np.bincount(b4, weights=w, minlength=m).astype(float).reshape(n_bins, 4)

    cnt, a0, a1, z0, z1, sf0, sf1 = bc(), bc(s0), bc(s1), bc(s0 * f0), bc(s1 * f1), bc(f0), bc(f1)
    x, n, sv = 1, 2, 3  # exitors, entrants, survivors
    return np.column_stack(
        [
            cnt[:, x] + cnt[:, sv], cnt[:, n] + cnt[:, sv], cnt[:, sv], cnt[:, n], cnt[:, x],
            z0[:, x] + z0[:, sv], z1[:, n] + z1[:, sv],
            a0[:, sv], a1[:, sv], sf0[:, sv], sf1[:, sv], z0[:, sv], z1[:, sv],
            a1[:, n], a0[:, x],
        ]
    )  # fmt: skip


#: Reference columns passed to the second dynamic pass.
_R_COLS = ("Phi0", "Phibar", "mS0", "mS1", "sS0", "sS1", "nS", "PhiS0", "PhiS1")


def _dyn_kernel_b(method: str) -> Callable[..., Array]:
    """Dynamic pass 2 for one method: every term as a direct sum over its firms."""

    def kernel(
        bins: Array, s0: Array, f0: Array, s1: Array, f1: Array, n_bins: int, refs: Array | None
    ) -> Array:
        assert refs is not None
        b4 = _status_bins(bins, s0, s1)
        m = 4 * n_bins

        def r(name: str) -> Array:
            return np.asarray(refs[bins, _R_COLS.index(name)], dtype=float)

        def bc(status: int, w: Array) -> Array:
            return np.bincount(b4, weights=w, minlength=m).reshape(n_bins, 4)[:, status]

        x, n, sv = 1, 2, 3  # exitors, entrants, survivors
        with np.errstate(invalid="ignore", divide="ignore"):
            ds = s1 - s0
            df = f1 - f0
            if method == "bhc":
                cols = [bc(sv, s0 * df), bc(sv, ds * f1), bc(n, s1 * f1), -bc(x, s0 * f0)]
            elif method == "fhk":
                ref = r("Phi0")
                cols = [
                    bc(sv, s0 * df),
                    bc(sv, ds * (f0 - ref)),
                    bc(sv, ds * df),
                    bc(n, s1 * (f1 - ref)),
                    -bc(x, s0 * (f0 - ref)),
                ]
            elif method == "griliches_regev":
                ref = r("Phibar")
                cols = [
                    bc(sv, 0.5 * (s0 + s1) * df),
                    bc(sv, ds * (0.5 * (f0 + f1) - ref)),
                    bc(n, s1 * (f1 - ref)),
                    -bc(x, s0 * (f0 - ref)),
                ]
            else:  # melitz_polanec
                inv_n = 1.0 / r("nS")
                cols = [
                    bc(sv, (s0 / r("sS0") - inv_n) * (f0 - r("mS0"))),
                    bc(sv, (s1 / r("sS1") - inv_n) * (f1 - r("mS1"))),
                    bc(n, s1 * (f1 - r("PhiS1"))),
                    bc(x, s0 * (r("PhiS0") - f0)),
                ]
        return np.column_stack(cols)

    return kernel


# ============================================================================ period handling
def _is_seq(x: Any) -> bool:
    return isinstance(x, (Sequence, np.ndarray, pd.Index, pd.Series)) and not isinstance(
        x, (str, bytes)
    )


def _period_code(periods: Array, value: Hashable, time: str) -> int:
    idx = pd.Index(periods)
    if value not in idx:
        shown = list(periods[:3]) + (["..."] if len(periods) > 3 else []) + list(periods[-2:])
        raise InsufficientDataError(
            f"Period {value!r} is not in column {time!r} (periods run {shown}).",
            hint="choose start/end among the periods present, or use consecutive=True",
            column=time,
            period=value,
        )
    return int(np.flatnonzero(idx == value)[0])


def _static_periods(periods: Array, start: Any, end: Any, consecutive: bool, time: str) -> Array:
    if consecutive and (start is not None or end is not None):
        raise OptionError(
            "consecutive=True cannot be combined with start/end.",
            hint="pass either start/end or consecutive=True",
        )
    wanted: list[Any] = []
    for v in (start, end):
        if v is not None:
            wanted.extend(list(v) if _is_seq(v) else [v])
    if not wanted:
        return np.arange(len(periods))
    return np.unique([_period_code(periods, v, time) for v in wanted])


def _pairs(
    periods: Array, start: Any, end: Any, consecutive: bool, time: str
) -> list[tuple[int, int]]:
    if consecutive:
        if start is not None or end is not None:
            raise OptionError(
                "consecutive=True cannot be combined with start/end.",
                hint="pass either start/end or consecutive=True",
            )
        if len(periods) < 2:
            raise InsufficientDataError(
                f"consecutive=True needs at least two periods; the data have {list(periods)}.",
                hint="add periods or use method='olley_pakes' for a single period",
                column=time,
            )
        return [(k, k + 1) for k in range(len(periods) - 1)]
    starts = list(start) if _is_seq(start) else [start]
    ends = list(end) if _is_seq(end) else [end]
    if len(starts) != len(ends):
        if len(starts) == 1:
            starts = starts * len(ends)
        elif len(ends) == 1:
            ends = ends * len(starts)
        else:
            raise OptionError(
                f"start and end have different lengths ({len(starts)} and {len(ends)}).",
                hint="pass one end per start, or a single start or end",
            )
    starts = [periods[0] if v is None else v for v in starts]
    ends = [periods[-1] if v is None else v for v in ends]
    pairs = [
        (_period_code(periods, a, time), _period_code(periods, b, time))
        for a, b in zip(starts, ends, strict=True)
    ]
    for (a, b), sa in zip(pairs, starts, strict=True):
        if a == b:
            raise OptionError(
                f"start and end are the same period ({sa!r}).",
                hint="use method='olley_pakes' for a single period",
            )
    return list(dict.fromkeys(pairs))


# ============================================================================== assemblers
def _key_frame(base: _Base, inner: dict[str, Any]) -> pd.DataFrame:
    """Key columns: every group crossed with the inner keys (period or pair)."""
    n_inner = len(next(iter(inner.values())))
    out = base.groups.loc[np.repeat(np.arange(base.n_groups), n_inner)].reset_index(drop=True)
    for name, values in inner.items():
        out[name] = np.tile(np.asarray(values, dtype=object), base.n_groups)
        out[name] = pd.Series(list(out[name])).infer_objects()
    return out


def _olley_pakes(base: _Base, sel: Array) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_t = len(base.periods)
    n_bins = base.n_groups * n_t
    a = base.static_sums(_op_kernel_a, n_bins, sel, None)
    n, sum_phi, total = a[:, 0], a[:, 1], a[:, 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sum_phi / n
    refs = np.column_stack([n, mean])
    cov = base.static_sums(_op_kernel_b, n_bins, sel, refs)[:, 0]
    keys = _key_frame(base, {base.cols.time: base.periods})
    comp = keys.assign(mean=mean, covariance=cov, total=total)
    counts = keys.assign(n_firms=n.astype(np.int64))
    keep = np.zeros(n_bins, dtype=bool)
    keep[(np.arange(base.n_groups)[:, None] * n_t + sel[None, :]).ravel()] = True
    keep &= n > 0  # groups absent in a period have no row
    comp = comp.loc[keep].reset_index(drop=True)
    counts = counts.loc[keep].reset_index(drop=True)
    return comp, counts


def _dynamic(
    base: _Base, pairs: list[tuple[int, int]], method: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    a = base.pair_sums(_dyn_kernel_a, pairs, None)
    A = {name: a[:, j] for j, name in enumerate(_A_COLS)}
    with np.errstate(invalid="ignore", divide="ignore"):
        phi0 = np.where(A["n0"] > 0, A["P0"], np.nan)
        phi1 = np.where(A["n1"] > 0, A["P1"], np.nan)
        m_s0 = A["sumS0"] / A["nS"]
        m_s1 = A["sumS1"] / A["nS"]
        phi_s0 = A["PS0"] / A["sS0"]
        phi_s1 = A["PS1"] / A["sS1"]
    refs = np.column_stack(
        [phi0, 0.5 * (phi0 + phi1), m_s0, m_s1, A["sS0"], A["sS1"], A["nS"], phi_s0, phi_s1]
    )
    b = base.pair_sums(_dyn_kernel_b(method), pairs, refs)
    terms = TERMS[method]
    if method == "melitz_polanec":
        vals = {
            "within": m_s1 - m_s0,
            "between": b[:, 1] - b[:, 0],
            "entry": b[:, 2],
            "exit": b[:, 3],
        }
    else:
        vals = {t: b[:, j] for j, t in enumerate(terms)}
    total = phi1 - phi0

    absent = (A["n0"] == 0) | (A["n1"] == 0)
    both_absent = (A["n0"] == 0) & (A["n1"] == 0)
    term_arr = np.column_stack([vals[t] for t in terms])
    term_arr[absent] = np.nan
    if method == "melitz_polanec":  # the survivors' mean and covariance are undefined
        term_arr[A["nS"] == 0] = np.nan
    undefined_terms = np.isnan(term_arr).any(axis=1)
    total = np.where(undefined_terms, np.nan, total)
    reason = np.full(len(total), "", dtype=object)
    reason[undefined_terms] = "zero weight of survivors"
    reason[A["nS"] == 0] = "no survivors"
    reason[A["n1"] == 0] = "no firms in end period"
    reason[A["n0"] == 0] = "no firms in start period"

    starts = [base.periods[i] for i, _ in pairs]
    ends = [base.periods[j] for _, j in pairs]
    keys = _key_frame(base, {"start": starts, "end": ends})
    comp = keys.copy()
    for j, t in enumerate(terms):
        comp[t] = term_arr[:, j]
    comp["total"] = total
    counts = keys.assign(
        n_start=A["n0"].astype(np.int64),
        n_end=A["n1"].astype(np.int64),
        n_survivors=A["nS"].astype(np.int64),
        n_entrants=A["nN"].astype(np.int64),
        n_exitors=A["nX"].astype(np.int64),
        share_survivors_start=np.where(A["n0"] > 0, A["sS0"], np.nan),
        share_survivors_end=np.where(A["n1"] > 0, A["sS1"], np.nan),
        share_entrants=np.where(A["n1"] > 0, A["sN1"], np.nan),
        share_exitors=np.where(A["n0"] > 0, A["sX0"], np.nan),
        phi_start=phi0,
        phi_end=phi1,
    )
    # a group with no firm in either period of a pair is not part of that comparison
    keep = ~both_absent
    comp = comp.loc[keep].reset_index(drop=True)
    counts = counts.loc[keep].reset_index(drop=True)
    flagged = (reason != "") & keep
    undefined = keys.loc[flagged].assign(reason=reason[flagged]).reset_index(drop=True)
    return comp, counts, undefined


def _warn_undefined(undefined: pd.DataFrame, by: list[str]) -> None:
    shown = undefined.head(5).to_dict(orient="records")
    more = f" ({len(undefined)} in all)" if len(undefined) > 5 else ""
    warnings.warn(
        f"Some groups or period pairs lack survivors or firms: {shown}{more}. Terms that are "
        "undefined there are NaN; the list is in result.undefined and meta['undefined'].",
        MissingDataWarning,
        stacklevel=3,
    )
