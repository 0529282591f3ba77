r"""Jobs-growth decomposition (World Bank JoGGs style): value added per capita into its drivers.

Value added per capita is the product of four factors,

.. math:: \frac{Y}{N} = \frac{Y}{E}\cdot\frac{E}{LF}\cdot\frac{LF}{A}\cdot\frac{A}{N},

output per worker, the employment rate, the participation rate and the demographic (working-age)
share. :func:`jobs_growth` attributes the change in :math:`Y/N` to the four factors with the exact
Shapley value (all :math:`2^{m-1}` orderings enumerated, vectorised over groups) and, given sector
data, splits output per worker further into within-sector and reallocation terms.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from pedw._result import Result
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
from pedw.decompose.sectoral import _group_label, _resolve_periods
from pedw.decompose.sectoral import sectoral as _sectoral
from pedw.errors import InsufficientDataError, InvalidValueError
from pedw.schema import get_meta, resolve_meta

__all__ = ["FACTORS", "JobsGrowthResult", "jobs_growth", "shapley_product"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

#: Factor names, in the order of the product Y/N = Y/E * E/LF * LF/A * A/N.
FACTORS: tuple[str, ...] = (
    "output_per_worker",
    "employment_rate",
    "participation_rate",
    "demographic",
)

CITATION = (
    "World Bank (2012), Job Generation and Growth (JoGGs) Decomposition Tool, Reference Manual "
    "and User's Guide v1.0; Shorrocks, A. F. (2013), Journal of Economic Inequality 11(1): 99-126, "
    "doi:10.1007/s10888-011-9214-z; Shapley, L. S. (1953), in Contributions to the Theory of "
    "Games II, doi:10.1515/9781400881970-018 (DOI not verified)"
)


def _shapley_matrix(m: int) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], FloatArray]:
    """Return the 2^m subset masks and the (2^m, m) Shapley weight matrix."""
    masks = np.array(list(itertools.product([False, True], repeat=m)), dtype=bool)
    size = masks.sum(axis=1)
    # w(s) = s! (m - s - 1)! / m! for a coalition S of s *other* factors, s = 0..m-1
    w = np.array(
        [math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m) for s in range(m)]
    )
    weights = np.zeros((len(masks), m))
    for k in range(m):  # m is the (fixed, small) number of factors
        with_k = masks[:, k]
        # f(S ∪ {k}) enters with +w(|S|), |S| = size - 1; f(S) for S without k with -w(|S|)
        weights[with_k, k] = w[size[with_k] - 1]
        weights[~with_k, k] = -w[size[~with_k]]
    return masks, weights


def shapley_product(x0: FloatArray, x1: FloatArray) -> FloatArray:
    r"""Exact Shapley decomposition of the change in a product of factors.

    Parameters
    ----------
    x0, x1 : numpy.ndarray
        Base and end values of the factors, shape ``(n, m)`` [any units].

    Returns
    -------
    numpy.ndarray
        Contributions, shape ``(n, m)``; row sums equal
        :math:`\prod_k x_{1k} - \prod_k x_{0k}`.

    Notes
    -----
    With :math:`f(S)` the product in which the factors in :math:`S` take end values and the
    others base values,

    .. math::

        C_k = \sum_{S \subseteq M \setminus \{k\}}
              \frac{|S|!\,(m-|S|-1)!}{m!}\,\bigl[f(S \cup \{k\}) - f(S)\bigr].

    All :math:`2^m` products are computed at once for all rows.

    References
    ----------
    .. [1] Shorrocks, A. F. (2013). Decomposition procedures for distributional analysis: a
       unified framework based on the Shapley value. Journal of Economic Inequality 11(1),
       99-126. doi:10.1007/s10888-011-9214-z

    Examples
    --------
    >>> import numpy as np
    >>> shapley_product(np.array([[1.0, 1.0]]), np.array([[2.0, 3.0]])).tolist()
    [[2.0, 3.0]]
    """
    x0 = np.asarray(x0, dtype=float)
    x1 = np.asarray(x1, dtype=float)
    m = x0.shape[1]
    masks, weights = _shapley_matrix(m)
    vals = np.where(masks[None, :, :], x1[:, None, :], x0[:, None, :]).prod(axis=2)
    return np.asarray(vals @ weights, dtype=float)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class JobsGrowthResult(Result):
    """Result of :func:`jobs_growth`.

    Attributes
    ----------
    components : pandas.DataFrame
        One row per group and period: ``by`` keys, ``start``, ``end``, the terms (the four
        factors, or with sector data ``within``, ``reallocation`` and the other three),
        ``total`` (the change in value added per capita), ``output_per_worker`` (always),
        and the levels ``y0``, ``y1`` [value added per capita].
    percent : pandas.DataFrame
        The terms as a percentage of the change in value added per capita (they sum to 100).
    contributions : pandas.DataFrame
        With sector data: ``within`` and ``reallocation`` by sector (levels; summed over
        sectors they give the components).
    """

    percent: pd.DataFrame = field(default_factory=pd.DataFrame)
    contributions: pd.DataFrame = field(default_factory=pd.DataFrame)

    title: ClassVar[str] = "Jobs-growth decomposition of value added per capita"


def jobs_growth(
    data: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    periods: Sequence[Any] | None = None,
    by: str | Sequence[str] | None = "ref_area",
    time: str = "time",
    output: str = "value_added",
    employment: str = "employment",
    labour_force: str = "labour_force",
    working_age: str = "working_age",
    population: str = "population",
    sectoral: pd.DataFrame | None = None,
    sector: str = "sector",
    sector_output: str | None = None,
    sector_employment: str | None = None,
    rtol: float = 1e-6,
    price_basis: str | None = None,
) -> JobsGrowthResult:
    r"""Shapley decomposition of the change in value added per capita (JoGGs).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per group and year with total value added, employment, labour force,
        working-age population and population.
    start, end : scalar or sequence, optional
        Base and end year(s) [year]; default the first and last year in the data.
    periods : sequence, optional
        Break years, e.g. ``[2000, 2006, 2012]``; exclusive with ``start``/``end``.
    by : str, sequence of str or None
        Group column(s) [default ``"ref_area"``].
    time : str
        Year column.
    output : str
        Real value added :math:`Y` [constant-price currency units].
    employment : str
        Employed persons :math:`E` [persons].
    labour_force : str
        Labour force :math:`LF` [persons].
    working_age : str
        Working-age population :math:`A` (e.g. 15-64) [persons].
    population : str
        Total population :math:`N` [persons].
    sectoral : pandas.DataFrame, optional
        Sector panel ``[*by, time, sector, output, employment]`` (column names from
        ``sector_output``/``sector_employment``, defaulting to ``output``/``employment``).
        Its sectors must add up to the totals of ``data`` (relative tolerance ``rtol``).
        Splits the output-per-worker term into ``within`` and ``reallocation``.
    sector : str
        Sector column of ``sectoral``.
    sector_output, sector_employment : str, optional
        Column names in ``sectoral`` if they differ from ``output``/``employment``.
    rtol : float
        Tolerance of the check that sectors add up to the totals [fraction].
    price_basis : str, optional
        Price basis of ``output`` when ``data.attrs["pedw"]`` does not say.

    Returns
    -------
    JobsGrowthResult
        Terms in levels (``components``) and as % of the change (``percent``).

    Raises
    ------
    pedw.errors.SchemaError
        Missing or non-numeric columns.
    pedw.errors.InvalidValueError
        Missing values, non-positive employment / labour force / population, or sector data
        that do not add up to the totals.
    pedw.errors.InsufficientDataError
        A group without data in a start or end year.

    Notes
    -----
    With :math:`\omega = Y/E`, :math:`e = E/LF`, :math:`a = LF/A`, :math:`d = A/N`,
    :math:`y = Y/N = \omega e a d`, the contribution of factor :math:`k` is the Shapley value

    .. math::

        C_k = \sum_{S \subseteq M \setminus \{k\}}
              \frac{|S|!\,(m-|S|-1)!}{m!}\,\bigl[f(S \cup \{k\}) - f(S)\bigr],
        \qquad \sum_k C_k = y_1 - y_0,

    where :math:`f(S)` takes end values for factors in :math:`S`. Because :math:`f` is linear in
    :math:`\omega`, :math:`C_\omega = K\,\Delta\omega` with :math:`K` the Shapley-weighted
    product of the other factors; with sector data
    :math:`\Delta\omega = \sum_i \bar s_i \Delta y_i + \sum_i \bar y_i \Delta s_i`
    (midpoint Shapley), so ``within`` :math:`= K \sum_i \bar s_i\Delta y_i` and
    ``reallocation`` :math:`= K \sum_i \bar y_i \Delta s_i`.

    References
    ----------
    .. [1] World Bank (2012). Job Generation and Growth (JoGGs) Decomposition Tool: Reference
       Manual and User's Guide, Version 1.0. PREM Poverty Reduction Group.
    .. [2] Shorrocks, A. F. (2013). Decomposition procedures for distributional analysis: a
       unified framework based on the Shapley value. Journal of Economic Inequality 11(1),
       99-126. doi:10.1007/s10888-011-9214-z

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ref_area": "X", "time": [0, 1], "value_added": [100.0, 200.0],
    ...     "employment": [10.0, 10.0], "labour_force": [20.0, 20.0],
    ...     "working_age": [40.0, 40.0], "population": [50.0, 50.0]})
    >>> r = jobs_growth(df, price_basis="toy")
    >>> r.components[["output_per_worker", "employment_rate", "total"]].round(9).to_numpy().tolist()
    [[2.0, 0.0, 2.0]]
    """
    df = ensure_frame(data)
    by_cols = as_list(by)
    cols = [output, employment, labour_force, working_age, population]
    roles = {
        output: "output",
        employment: "employment",
        labour_force: "labour_force",
        working_age: "working_age",
        population: "population",
        time: "time",
    }
    require_columns(df, [*by_cols, time, *cols], roles=roles)
    require_numeric(df, cols, keys=[*by_cols, time])
    years = pd.unique(df[time].dropna()).tolist()
    pairs = _resolve_periods(years, start, end, periods)
    used = {y for p in pairs for y in p}
    sub = df.loc[df[time].isin(list(used)), [*by_cols, time, *cols]]
    keys = [*by_cols, time]
    require_unique(sub, keys)
    check_no_missing(sub, cols, keys=keys)
    check_sign(
        sub,
        [output, employment, labour_force, working_age, population],
        keys=keys,
        strict=True,
        hint="value added, employment, labour force, working-age population and population "
        "must be positive; check the units and the source",
    )
    over = (sub[employment] > sub[labour_force]).to_numpy()
    if over.any():
        raise InvalidValueError(
            f"Employment exceeds the labour force in {int(over.sum())} rows (an employment "
            "rate above one).",
            hint="employment and labour force must cover the same population and age range, "
            "in the same units (e.g. both in thousands)",
            column=employment,
            rows=describe_rows(sub, over, keys),
        )

    if by_cols:
        gid = sub.groupby(by_cols, sort=False, dropna=False, observed=True).ngroup().to_numpy()
        groups = sub.loc[~pd.Index(gid).duplicated(), by_cols].reset_index(drop=True)
    else:
        gid = np.zeros(len(sub), dtype=np.intp)
        groups = pd.DataFrame(index=range(1))
    n_g, n_p = len(groups), len(pairs)
    vals = sub[cols].to_numpy(dtype=float)
    fac = np.column_stack(
        [
            vals[:, 0] / vals[:, 1],
            vals[:, 1] / vals[:, 2],
            vals[:, 2] / vals[:, 3],
            vals[:, 3] / vals[:, 4],
        ]
    )
    table = pd.DataFrame(fac, index=pd.MultiIndex.from_arrays([gid, sub[time].to_numpy()]))
    gg = np.tile(np.arange(n_g), n_p)  # period-major rows: (pid, g)
    t0 = np.repeat([a for a, _ in pairs], n_g)
    t1 = np.repeat([b for _, b in pairs], n_g)
    x0 = table.reindex(pd.MultiIndex.from_arrays([gg, t0])).to_numpy(dtype=float)
    x1 = table.reindex(pd.MultiIndex.from_arrays([gg, t1])).to_numpy(dtype=float)
    miss = np.isnan(x0).any(axis=1) | np.isnan(x1).any(axis=1)
    if miss.any():
        i = int(np.flatnonzero(miss)[0])
        yr = t0[i] if np.isnan(x0[i]).any() else t1[i]
        raise InsufficientDataError(
            f"A group has no row in year {yr!r}.",
            hint="restrict start/end to years every group has, or select the groups first",
            group=_group_label(groups, int(gg[i])),
            period=yr,
        )
    contrib_f = shapley_product(x0, x1)
    y0 = x0.prod(axis=1)
    y1 = x1.prod(axis=1)
    total = y1 - y0
    comp = groups.iloc[gg].reset_index(drop=True)
    comp["start"] = t0
    comp["end"] = t1
    terms: tuple[str, ...]
    contributions = pd.DataFrame()
    if sectoral is None:
        terms = FACTORS
        for k, name in enumerate(FACTORS):
            comp[name] = contrib_f[:, k]
    else:
        so = sector_output or output
        se = sector_employment or employment
        sec_df = ensure_frame(sectoral, argument="sectoral")
        res = _sectoral(
            sec_df,
            start=[a for a, _ in pairs],
            end=[b for _, b in pairs],
            method="shapley",
            by=by_cols or None,
            sector=sector,
            time=time,
            output=so,
            labour=se,
            scale="growth",
        )
        sc = res.components
        on = [*by_cols, "start", "end"]
        merged = comp[on].merge(sc, on=on, how="left")
        p0 = merged["p0"].to_numpy(dtype=float)
        p1 = merged["p1"].to_numpy(dtype=float)
        gap = np.maximum(np.abs(p0 / x0[:, 0] - 1), np.abs(p1 / x1[:, 0] - 1))
        if np.isnan(gap).any() or (gap > rtol).any():
            i = int(np.flatnonzero(np.isnan(gap) | (gap > rtol))[0])
            raise InvalidValueError(
                "The sector data do not add up to the totals: output per worker from the "
                f"sectors is {p0[i]!r} / {p1[i]!r} against {x0[i, 0]!r} / {x1[i, 0]!r} "
                "from data (start / end).",
                hint="use sector data consistent with the totals (same output and employment "
                "concepts), or compute the totals from the sectors",
                group=_group_label(groups, int(gg[i])),
                period=(t0[i], t1[i]),
            )
        # K: the Shapley weight of a unit change in output per worker
        unit0, unit1 = x0.copy(), x1.copy()
        unit0[:, 0], unit1[:, 0] = 0.0, 1.0
        k_w = shapley_product(unit0, unit1)[:, 0]
        within = merged["within"].to_numpy(dtype=float) * p0 * k_w
        realloc = merged["reallocation"].to_numpy(dtype=float) * p0 * k_w
        comp["within"] = within
        comp["reallocation"] = realloc
        for k, name in enumerate(FACTORS[1:], start=1):
            comp[name] = contrib_f[:, k]
        terms = ("within", "reallocation", *FACTORS[1:])
        # by sector
        cs = res.contributions
        kcol = comp[[*by_cols, "start", "end"]].assign(_k=k_w * p0)
        cs = cs.merge(kcol, on=on, how="left")
        kk = cs["_k"].to_numpy(dtype=float)
        contributions = cs[[*by_cols, "start", "end", sector]].copy()
        contributions["within"] = cs["within"].to_numpy(dtype=float) * kk
        contributions["reallocation"] = cs["reallocation"].to_numpy(dtype=float) * kk
        contributions["total"] = contributions["within"] + contributions["reallocation"]
    comp["output_per_worker"] = contrib_f[:, 0]
    comp["total"] = total
    comp["y0"] = y0
    comp["y1"] = y1
    # group-major order
    order = np.lexsort((np.repeat(np.arange(n_p), n_g), gg))
    comp = comp.iloc[order].reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = comp[list(terms)].to_numpy(dtype=float) / comp["total"].to_numpy()[:, None] * 100
    percent = comp[[*by_cols, "start", "end"]].copy()
    for j, name in enumerate(terms):
        percent[name] = pct[:, j]
    percent["total"] = np.where(comp["total"].to_numpy() != 0, 100.0, np.nan)
    meta_in = get_meta(df)
    pb = resolve_meta(df, "price_basis", price_basis, what="data", stacklevel=3)
    meta = {
        **meta_in,
        "method": "shapley",
        "price_basis": pb,
        "factors": list(FACTORS),
        "periods": [(a, b) for a, b in pairs],
        "sectoral": sectoral is not None,
    }
    meta.setdefault("source", "user data")
    return JobsGrowthResult(
        components=comp,
        method="shapley",
        keys=(*by_cols, "start", "end"),
        terms=terms,
        total="total",
        units=f"value added per capita [{pb} per person]",
        citation=CITATION,
        meta=meta,
        percent=percent,
        contributions=contributions,
    )
