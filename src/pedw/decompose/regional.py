"""Regional shift-share: why a region's employment grew faster or slower than the nation's.

:func:`regional` splits the change of an additive quantity (employment, value added, ...) of
every region into a national-growth share, an industry-mix effect and a regional
(competitive) effect -- Dunn (1960), Esteban-Marquillas (1972), Arcelus (1984) -- or into
Gerfin's (1964) multiplicative index factors; statically between two years or dynamically
over every consecutive pair of years (Barff & Knight 1988). All regions, industries and years
are computed at once on a region x industry x year array.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pedw._codes import factorize
from pedw._result import Result, check_additive
from pedw._types import NewIndustryTreatment, RegionalMethod, check_option
from pedw._validate import (
    check_no_aggregates,
    check_no_missing,
    check_sign,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    AggregateRowError,
    DecompositionIdentityError,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    UnitMismatchError,
)
from pedw.schema import get_meta, merge_meta

__all__ = ["RegionalResult", "regional"]

Array = npt.NDArray[np.float64]

#: Term columns of each method, in presentation order.
TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "dunn": ("national_share", "industry_mix", "regional_shift"),
    "esteban_marquillas": ("national_share", "industry_mix", "competitive", "allocation"),
    "arcelus": ("national_share", "industry_mix", "regional_growth", "regional_industry_mix"),
    "gerfin": ("industry_mix", "regional_shift"),
}

#: References of each method.
CITATIONS: Final[Mapping[str, str]] = {
    "dunn": "Dunn, E. S. (1960), A statistical and analytical technique for regional analysis, "
    "Papers and Proceedings of the Regional Science Association 6: 97-112, "
    "doi:10.1111/j.1435-5597.1960.tb01705.x",
    "esteban_marquillas": "Esteban-Marquillas, J. M. (1972), Shift- and share analysis "
    "revisited, Regional and Urban Economics 2(3): 249-261, doi:10.1016/0034-3331(72)90033-0",
    "arcelus": "Arcelus, F. J. (1984), An extension of shift-share analysis, Growth and Change "
    "15(1): 3-8, doi:10.1111/j.1468-2257.1984.tb00712.x",
    "gerfin": "Gerfin, H. (1964), Gesamtwirtschaftliches Wachstum und regionale Entwicklung, "
    "Kyklos 17(4): 565-593, doi:10.1111/j.1467-6435.1964.tb02490.x",
}
_DYNAMIC_CITATION: Final[str] = (
    "Barff, R. A. & Knight, P. L. (1988), Dynamic shift-share analysis, Growth and Change "
    "19(2): 1-10, doi:10.1111/j.1468-2257.1988.tb00465.x"
)


# ------------------------------------------------------------------------------------- result
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class RegionalResult(Result):
    """Result of :func:`regional`: shift-share components per region (and industry).

    Attributes
    ----------
    components : pandas.DataFrame
        One row per region (per region and industry with ``by_industry=True``): the key
        columns, ``start`` and ``end`` (the periods compared), the term columns and ``total``
        (additive methods, ``e_j,end - e_j,start`` in the units of the input) -- plus
        ``net_total_shift`` for Dunn. For Gerfin, the factors ``industry_mix``,
        ``regional_shift`` and ``net_total_shift`` [ratio, 1 = national growth].
    annual : pandas.DataFrame or None
        With ``dynamic=True``: the same columns for every consecutive pair of periods
        (``start``, ``end`` as keys). ``None`` for a static decomposition.
    start, end : hashable
        The periods compared.
    dynamic : bool
        Whether the components are sums (Gerfin: products) of the annual ones.
    by_industry : bool
        Whether each region-industry was treated as a one-industry region (REAT ``shifti``).
    """

    annual: pd.DataFrame | None = None
    start: Any = None
    end: Any = None
    dynamic: bool = False
    by_industry: bool = False

    title: ClassVar[str] = "Regional shift-share"
    plot_kind: ClassVar[str] = "regional"

    def __post_init__(self) -> None:
        dynamic_sum = self.additive and self.annual is not None and self.total is not None
        if not dynamic_sum:
            super().__post_init__()  # static: terms add up to the total (relative to the terms)
        if not self.additive:
            _check_multiplicative(self.components, self.terms, self.total, self.keys, self.rtol)
        if self.annual is None or self.total is None:
            return
        keys = (*self.keys, "start")
        if self.additive:
            check_additive(
                self.annual, self.terms, self.total, rtol=self.rtol, keys=keys, what="annual terms"
            )
            _check_telescoping(self.components, self.annual, self.terms, self.total, self.keys)
        else:
            _check_multiplicative(self.annual, self.terms, self.total, keys, self.rtol)


def _check_telescoping(
    components: pd.DataFrame,
    annual: pd.DataFrame,
    terms: Sequence[str],
    total: str,
    keys: Sequence[str],
    rtol: float = 1e-9,
) -> None:
    """Check that summed annual terms add up to the telescoped total change.

    The tolerance is relative to the sum over periods of each row's largest annual term: offsetting
    annual terms can leave a small sum whose rounding reflects the annual magnitudes.
    """
    if components.empty:
        return
    cols = list(terms)
    per_row = annual[cols].abs().max(axis=1).groupby([annual[k] for k in keys], sort=False).sum()
    scale = per_row.reindex(pd.MultiIndex.from_frame(components[list(keys)])).to_numpy()
    diff = np.abs(components[cols].to_numpy(dtype=float).sum(axis=1) - components[total])
    bad = ~(diff.to_numpy() <= 1e-12 + rtol * scale)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = {k: components[k].iloc[i] for k in keys}
        raise DecompositionIdentityError(
            f"The summed annual terms do not add up to the total change in {int(bad.sum())} "
            f"rows; first at {where} (difference {diff.iloc[i]!r}).",
            hint="this is a bug in pedw or an input it should have refused; please report it "
            "with the data",
        )


def _check_multiplicative(
    frame: pd.DataFrame,
    terms: Sequence[str],
    total: str | None,
    keys: Sequence[str],
    rtol: float,
) -> None:
    """Check that the factor columns multiply to the total factor, row by row."""
    if total is None or frame.empty:
        return
    prod = frame[list(terms)].to_numpy(dtype=float).prod(axis=1)
    tot = frame[total].to_numpy(dtype=float)
    bad = ~np.isclose(prod, tot, rtol=rtol, atol=0.0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = {k: frame[k].iloc[i] for k in keys if k in frame.columns}
        raise DecompositionIdentityError(
            f"The factors {list(terms)} do not multiply to {total!r} in {int(bad.sum())} rows; "
            f"first at {where}: product {prod[i]!r} vs {tot[i]!r}.",
            hint="this is a bug in pedw or an input it should have refused; please report it "
            "with the data",
        )


# ------------------------------------------------------------------------------- validation
def _factorize(values: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], pd.Index[Any]]:
    """Integer codes and labels of a key column (labels sorted when they can be)."""
    codes, labels = factorize(values)  # hash once (run by run), then sort the few labels
    try:
        order = np.asarray(labels.argsort(), dtype=np.intp)
    except TypeError:  # mixed, unorderable labels: keep order of appearance
        return np.asarray(codes, dtype=np.intp), labels
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order), dtype=np.intp)
    return rank[codes], labels[order]


def _refuse_aggregates(
    df: pd.DataFrame, column: str, labels: pd.Index[Any], what: str, keys: Sequence[str]
) -> None:
    """Refuse aggregate labels; checks the distinct labels, then names rows if any is found."""
    try:
        check_no_aggregates(pd.DataFrame({column: labels}), column, what=what)
    except AggregateRowError:
        check_no_aggregates(df, column, keys=keys, what=what)
        raise


def _to_array(
    df: pd.DataFrame,
    codes: Sequence[npt.NDArray[np.intp]],
    shape: tuple[int, ...],
    value: str,
    keys: list[str],
    labels: Sequence[pd.Index[Any]],
    what: str,
    names: Sequence[str] = ("region", "industry", "period"),
) -> Array:
    """Scatter a long frame into a dense array; refuse duplicates and missing cells."""
    flat = np.ravel_multi_index(tuple(codes), shape)
    size = int(np.prod(shape))
    out = np.full(size, np.nan)
    out[flat] = df[value].to_numpy(dtype=np.float64)  # values are known to be complete
    hole = np.isnan(out)
    n_missing = int(hole.sum())
    if len(df) != size - n_missing:  # more rows than distinct cells
        require_unique(df, keys)  # raises DuplicateKeyError naming the rows
    if n_missing:
        missing = np.unravel_index(np.flatnonzero(hole), shape)
        first = {k: labels[d][missing[d][0]] for d, k in enumerate(keys)}
        cells = [
            "(" + ", ".join(f"{k}={labels[d][missing[d][m]]!r}" for d, k in enumerate(keys)) + ")"
            for m in range(min(n_missing, 5))
        ]
        raise InvalidPanelError(
            f"The {what} are not a complete {' x '.join(keys)} panel: {n_missing} combinations "
            f"have no row, e.g. {', '.join(cells)}.",
            hint="add the missing rows with their real values (0 where the industry is absent "
            "from a region), or restrict start/end to periods every region reports",
            rows=cells,
            **dict(zip(names, first.values(), strict=True)),
        )
    return out.reshape(shape)


# ---------------------------------------------------------------------------------- the core
def _components(
    x0: Array, x1: Array, n0: Array, n1: Array, method: str
) -> tuple[dict[str, Array], Array]:
    """Shift-share components of every region and period pair at once.

    ``x0``, ``x1``: region x pair x industry values at the start and end of each pair;
    ``n0``, ``n1``: the nation's pair x industry values (leading axis 1 or one per region row).
    Returns the term arrays (region x pair) and the total (growth, or the Gerfin total factor).
    """
    pos = x0 > 0
    dense = bool(pos.all())  # no zero-base cell: skip the masking
    e_j1 = x0.sum(axis=-1)
    e_j2 = x1.sum(axis=-1)
    g_nat = n1.sum(axis=-1) / n0.sum(axis=-1)  # G, national growth factor
    with np.errstate(divide="ignore", invalid="ignore"):
        g_ind = np.where(n0 > 0, n1 / n0, np.nan)  # G_i
        expected = x0 * g_ind if dense else np.where(pos, x0 * g_ind, 0.0)  # e_ij1 G_i
        s_exp = expected.sum(axis=-1)
        if method == "gerfin":
            im_f = (s_exp / e_j1) / g_nat
            rs_f = (e_j2 / e_j1) / (s_exp / e_j1)
            nts_f = (e_j2 / e_j1) / g_nat
            return {"industry_mix": im_f, "regional_shift": rs_f}, nts_f
        out = {
            "national_share": e_j1 * (g_nat - 1.0),
            "industry_mix": s_exp - e_j1 * g_nat,
        }
        if method == "dunn":
            # RS = sum_i e_ij1 (g_ij - G_i) = sum_i (e_ij2 - e_ij1 G_i) = e_j2 - s_exp: no
            # division by e_ij1; zero-base cells (already refused or opted in) enter wholly
            # through e_j2, exactly as the 'new industry' treatment counts them.
            out["regional_shift"] = e_j2 - s_exp
            return out, e_j2 - e_j1
        # competitive differential g_ij - G_i of cells with a positive base
        if dense:
            diff = x1 / x0
            diff -= g_ind
            new = np.zeros_like(e_j1)
        else:
            diff = np.where(pos, x1 / np.where(pos, x0, 1.0) - g_ind, 0.0)
            new = np.where(pos, 0.0, x1).sum(axis=-1)  # end value of zero-base cells
        if method == "esteban_marquillas":
            # homothetic e^_ij = e_j1 * e_i1 / e1 = e_j1 * share_i, never materialised
            share = n0 / n0.sum(axis=-1)[:, :, None]
            share = np.broadcast_to(share, (diff.shape[0], *share.shape[1:]))
            competitive = e_j1 * np.einsum("rpi,rpi->rp", share, diff)
            out["competitive"] = competitive + new
            # allocation = sum_i (e_ij1 - e^_ij)(g_ij - G_i)
            out["allocation"] = np.einsum("rpi,rpi->rp", x0, diff) - competitive
        else:  # arcelus
            has_base = e_j1 > 0
            reg_diff = np.where(has_base, e_j2 / np.where(has_base, e_j1, 1.0) - g_nat, 0.0)
            out["regional_growth"] = e_j1 * reg_diff
            diff -= reg_diff[:, :, None]
            out["regional_industry_mix"] = np.einsum("rpi,rpi->rp", x0, diff) + new
    return out, e_j2 - e_j1


def _refuse_bad_cells(
    x0: Array,
    x1: Array,
    n0: Array,
    *,
    method: str,
    new_industry: str,
    regions: pd.Index[Any],
    industries: pd.Index[Any],
    pairs: Sequence[tuple[Any, Any]],
    value: str,
    has_reference: bool,
) -> dict[str, Any]:
    """Refuse undefined growth factors; return counts of zero-base cells for the metadata."""
    nat_total = n0.sum(axis=-1)[0]
    if (nat_total <= 0).any():
        p = int(np.flatnonzero(nat_total <= 0)[0])
        raise InvalidValueError(
            f"The national total of {value!r} is zero at the start of {pairs[p]}; the national "
            "growth factor is undefined.",
            hint="check the data or the reference frame for that period",
            period=pairs[p][0],
        )
    if has_reference:
        bad = (x0 > 0) & (n0 <= 0)
        if bad.any():
            r, p, i = (int(a[0]) for a in np.nonzero(bad))
            raise InvalidValueError(
                f"The reference has zero {value!r} for an industry in which a region has a "
                "positive value; the national industry growth factor is undefined.",
                hint="check that the reference covers the regions (same units, same industry "
                "codes)",
                region=regions[r],
                industry=industries[i],
                period=pairs[p][0],
            )
    zero = x0 <= 0
    new = zero & (x1 > 0)
    n_new = int(new.sum())
    if n_new and new_industry == "error":
        nr, np_, ni = np.nonzero(new)
        cells = [
            f"(region={regions[nr[k]]!r}, industry={industries[ni[k]]!r}, "
            f"period={pairs[np_[k]][0]!r}->{pairs[np_[k]][1]!r})"
            for k in range(min(n_new, 5))
        ]
        raise InvalidValueError(
            f"{n_new} region-industry cells have zero base {value!r} and a positive end value "
            "(a new industry): their growth factor g_ij is undefined, e.g. " + ", ".join(cells),
            hint="pass new_industry='regional_shift' to count a new industry's end value wholly "
            "in the regional shift (documented in pedw.decompose.regional), or merge the "
            "industry into a related one",
            region=regions[nr[0]],
            industry=industries[ni[0]],
            period=pairs[np_[0]][0],
            rows=cells,
        )
    if method == "gerfin":
        e_j1 = x0.sum(axis=-1)
        if (e_j1 <= 0).any():
            r, p = (int(a[0]) for a in np.nonzero(e_j1 <= 0))
            raise InvalidValueError(
                f"A region has a zero total {value!r} at the start of a period; Gerfin's "
                "growth-factor ratios are undefined.",
                hint="use an additive method (dunn, esteban_marquillas, arcelus) or exclude "
                "the region",
                region=regions[r],
                period=pairs[p][0],
            )
    return {"new_industry_cells": n_new, "absent_cells": int((zero & ~new).sum())}


# ------------------------------------------------------------------------------ the function
def regional(
    data: pd.DataFrame,
    *,
    start: Hashable,
    end: Hashable,
    method: RegionalMethod = "dunn",
    region: str = "region",
    industry: str = "industry",
    time: str = "time",
    value: str = "employment",
    reference: pd.DataFrame | None = None,
    dynamic: bool = False,
    by_industry: bool = False,
    new_industry: NewIndustryTreatment = "error",
    units: str | None = None,
) -> RegionalResult:
    r"""Decompose the change of each region's employment (or value added) by shift-share.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy long panel with one row per region, industry and period, and a non-negative
        additive quantity in ``value`` [persons, hours, currency... as in the metadata]. It must
        be complete: every region has a row for every industry in every period used (0 where
        an industry is absent).
    start, end : hashable
        Base and final period (values of ``time``), ``start < end``.
    method : {"dunn", "esteban_marquillas", "arcelus", "gerfin"}
        ``"dunn"`` (classical, Dunn 1960), ``"esteban_marquillas"`` (homothetic competitive
        and allocation effects, 1972), ``"arcelus"`` (regional growth and regional industry-mix
        effects, 1984), ``"gerfin"`` (multiplicative index factors, 1964).
    region, industry, time, value : str
        Column names.
    reference : pandas.DataFrame, optional
        The nation's series by industry and period (columns ``industry``, ``time``, ``value``)
        covering exactly the industries of ``data``. By default the nation is the sum of the
        regions.
    dynamic : bool
        Apply the method to every consecutive pair of observed periods between ``start`` and
        ``end`` and add up the annual components (Barff & Knight 1988); Gerfin factors are
        multiplied. The annual components are in ``result.annual``.
    by_industry : bool
        Decompose every region-industry separately, each as a one-industry region against its
        national industry (REAT ``shifti``/``shiftid``); ``industry_mix`` is then 0 (factor 1)
        and so is Esteban-Marquillas' ``allocation`` and Arcelus' ``regional_industry_mix``.
    new_industry : {"error", "regional_shift"}
        What to do with a region-industry whose base value is 0 and end value positive (its
        growth factor :math:`g_{ij}` is undefined): raise an error naming it, or count its end
        value wholly in the regional term (Dunn ``regional_shift``, Esteban-Marquillas
        ``competitive``, Arcelus ``regional_industry_mix``; Gerfin's regional factor through
        :math:`e_{j2}`). Cells that are 0 at both dates contribute 0 to every term.
    units : str, optional
        Units of ``value``; by default ``df.attrs["pedw"]["units"][value]`` (or
        ``labour_unit`` for employment and hours), else ``"unknown"``.

    Returns
    -------
    RegionalResult
        ``components`` with one row per region (``by_industry``: per region and industry):
        ``start``, ``end``, the terms and ``total`` -- change of ``value`` in its units; Dunn
        adds ``net_total_shift``; Gerfin gives ``industry_mix``, ``regional_shift`` and
        ``net_total_shift`` factors [ratio, 1 = national growth]. ``annual`` holds the
        per-pair components when ``dynamic=True``.

    Raises
    ------
    pedw.errors.SchemaError
        Missing or non-numeric columns.
    pedw.errors.DuplicateKeyError
        Two rows for the same region, industry and period.
    pedw.errors.InvalidPanelError
        Missing region-industry-period rows, or a reference that does not cover the
        industries.
    pedw.errors.AggregateRowError
        A ``Total`` industry or region among the components.
    pedw.errors.InvalidValueError
        Negative or missing values; a zero base with ``new_industry="error"``; a zero national
        total; Gerfin for a region with zero base.
    pedw.errors.InsufficientDataError
        ``start`` or ``end`` not in the data, or ``start >= end``.
    pedw.errors.OptionError
        An unknown ``method`` or ``new_industry``.

    Notes
    -----
    Notation (REAT's): :math:`e_{ij1}, e_{ij2}` value of industry :math:`i` in region
    :math:`j` at the start and end; :math:`e_{i1}, e_{i2}` the nation's; :math:`e_{j}=\sum_i
    e_{ij}`, :math:`e=\sum_i e_i`; growth factors :math:`G=e_2/e_1`, :math:`G_i=e_{i2}/e_{i1}`,
    :math:`g_{ij}=e_{ij2}/e_{ij1}`, :math:`g_j=e_{j2}/e_{j1}`.

    Dunn (1960):

    .. math::
        :label: regional-dunn

        e_{j2}-e_{j1} = \underbrace{e_{j1}(G-1)}_{NS}
        + \underbrace{\sum_i e_{ij1}(G_i-G)}_{IM}
        + \underbrace{\sum_i e_{ij1}(g_{ij}-G_i)}_{RS},
        \qquad NTS = IM + RS = e_{j2}-e_{j1}G.

    Esteban-Marquillas (1972), with homothetic employment
    :math:`\hat e_{ij}=e_{j1}e_{i1}/e_1`:

    .. math::
        :label: regional-em

        RS = \underbrace{\sum_i \hat e_{ij}(g_{ij}-G_i)}_{C'}
        + \underbrace{\sum_i (e_{ij1}-\hat e_{ij})(g_{ij}-G_i)}_{A}.

    Arcelus (1984):

    .. math::
        :label: regional-arcelus

        RS = \underbrace{e_{j1}(g_j-G)}_{RG}
        + \underbrace{\sum_i e_{ij1}\left[(g_{ij}-g_j)-(G_i-G)\right]}_{RIM}.

    (Each of RG and RIM is the sum of a homothetic part over :math:`\hat e_{ij}` and a
    non-homothetic part over :math:`e_{ij1}-\hat e_{ij}`; the parts are not reported.)

    Gerfin (1964), multiplicative:

    .. math::
        :label: regional-gerfin

        \underbrace{\frac{g_j}{G}}_{NTS} =
        \underbrace{\frac{\sum_i e_{ij1}G_i / e_{j1}}{G}}_{IM}\cdot
        \underbrace{\frac{g_j}{\sum_i e_{ij1}G_i / e_{j1}}}_{RS}.

    Dynamic (Barff & Knight 1988): with observed periods :math:`t_0<\dots<t_K`, the method is
    applied to every pair :math:`(t_{k-1},t_k)` with :math:`t_{k-1}` as base and the
    components are summed (Gerfin: multiplied); the total telescopes to
    :math:`e_{j,t_K}-e_{j,t_0}` (Gerfin: :math:`NTS` to the static one).

    References
    ----------
    .. [1] Dunn, E. S. (1960). A statistical and analytical technique for regional analysis.
       Papers and Proceedings of the Regional Science Association 6: 97-112.
       doi:10.1111/j.1435-5597.1960.tb01705.x
    .. [2] Esteban-Marquillas, J. M. (1972). Shift- and share analysis revisited. Regional and
       Urban Economics 2(3): 249-261. doi:10.1016/0034-3331(72)90033-0
    .. [3] Arcelus, F. J. (1984). An extension of shift-share analysis. Growth and Change
       15(1): 3-8. doi:10.1111/j.1468-2257.1984.tb00712.x
    .. [4] Gerfin, H. (1964). Gesamtwirtschaftliches Wachstum und regionale Entwicklung.
       Kyklos 17(4): 565-593. doi:10.1111/j.1467-6435.1964.tb02490.x
    .. [5] Barff, R. A. & Knight, P. L. (1988). Dynamic shift-share analysis. Growth and
       Change 19(2): 1-10. doi:10.1111/j.1468-2257.1988.tb00465.x
    .. [6] Wieland, T. (2019). REAT: A Regional Economic Analysis Toolbox for R. REGION 6(3):
       R1-R57. doi:10.18335/region.v6i3.267

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.decompose import regional
    >>> df = pd.DataFrame({
    ...     "region": ["A", "A", "B", "B"] * 2,
    ...     "industry": ["x", "y"] * 4,
    ...     "time": [2000] * 4 + [2010] * 4,
    ...     "employment": [20.0, 20.0, 40.0, 20.0, 35.0, 20.0, 55.0, 20.0],
    ... })
    >>> res = regional(df, start=2000, end=2010)
    >>> res.components[["region", "national_share", "industry_mix", "regional_shift", "total"]]
      region  national_share  industry_mix  regional_shift  total
    0      A            12.0          -2.0             5.0   15.0
    1      B            18.0           2.0            -5.0   15.0
    """
    df = ensure_frame(data)
    method = check_option("method", method, RegionalMethod)
    new_industry = check_option("new_industry", new_industry, NewIndustryTreatment)
    keys = [region, industry, time]
    roles = {region: "region", industry: "industry", time: "time", value: "value"}
    require_columns(df, [*keys, value], roles=roles)
    require_numeric(df, [value], keys=keys)

    # ---- periods
    times = df[time]
    for name, period in (("start", start), ("end", end)):
        if not (times == period).any():
            raise InsufficientDataError(
                f"{name}={period!r} is not a period of the data.",
                hint=f"choose {name} among the values of column {time!r}",
                column=time,
                period=period,
            )
    try:
        ordered = bool(start < end)  # type: ignore[operator]
    except TypeError:
        ordered = False
    if not ordered:
        raise InsufficientDataError(
            f"start={start!r} must come before end={end!r}.",
            hint="swap start and end",
            period=[start, end],
        )
    window = (times >= start) & (times <= end) if dynamic else times.isin([start, end])
    keep = window.to_numpy()
    if not keep.all():  # (no copy when every row is in the window)
        df = df.loc[keep]

    # ---- checks (the shared validation layer), then a dense region x industry x period array
    check_no_missing(df, [*keys, value], keys=keys)
    check_sign(
        df,
        [value],
        keys=keys,
        hint="shift-share needs non-negative values of an additive quantity; correct or "
        "exclude these rows",
    )
    r_codes, regions = _factorize(df[region])
    i_codes, industries = _factorize(df[industry])
    _refuse_aggregates(df, industry, industries, "industry", keys)
    _refuse_aggregates(df, region, regions, "region", keys)
    t_codes, periods = _factorize(df[time])
    if not periods.is_monotonic_increasing:
        raise InvalidPanelError(
            f"The periods in column {time!r} cannot be ordered (mixed types?).",
            hint=f"make {time!r} integer years or pandas Periods",
            column=time,
        )
    # layout region x period x industry: sums over industries run on contiguous memory
    shape = (len(regions), len(periods), len(industries))
    x = _to_array(
        df,
        (r_codes, t_codes, i_codes),
        shape,
        value,
        [region, time, industry],
        (regions, periods, industries),
        "data",
        names=("region", "period", "industry"),
    )
    if dynamic:
        pairs = list(itertools.pairwise(periods))
        x0, x1 = x[:, :-1, :], x[:, 1:, :]
    else:
        pairs = [(start, end)]
        x0, x1 = x[:, :1, :], x[:, 1:, :]

    # ---- the nation
    metas: list[Mapping[str, Any]] = [get_meta(data)]
    if reference is None:
        nation = x.sum(axis=0)
        reference_kind = "sum of regions"
    else:
        nation = _reference_array(
            reference,
            industry=industry,
            time=time,
            value=value,
            industries=industries,
            periods=periods,
            roles=roles,
        )
        metas.append(get_meta(reference))
        reference_kind = "reference frame"
        found = {_units(m, value, None) for m in metas} - {"unknown"}
        if len(found) > 1:
            raise UnitMismatchError(
                f"data and reference give different units for {value!r}: {sorted(found)}.",
                hint="convert one of them, or fix df.attrs['pedw']['units']",
                column=value,
            )
    n0 = nation[None, :-1, :] if dynamic else nation[None, :1, :]
    n1 = nation[None, 1:, :]

    cells = _refuse_bad_cells(
        x0,
        x1,
        n0,
        method=method,
        new_industry=new_industry,
        regions=regions,
        industries=industries,
        pairs=pairs,
        value=value,
        has_reference=reference is not None,
    )

    # ---- compute (vectorised over regions, industries and period pairs)
    n_r, n_p, n_i = x0.shape
    if by_industry:  # every region-industry as a one-industry region: rows r*i, 1 industry

        def _cells(a: Array) -> Array:
            full = np.broadcast_to(a, (n_r, n_p, n_i))
            return np.ascontiguousarray(full.transpose(0, 2, 1)).reshape(n_r * n_i, n_p, 1)

        x0, x1, n0, n1 = _cells(x0), _cells(x1), _cells(n0), _cells(n1)
        row_keys: dict[str, Any] = {
            region: np.repeat(regions.to_numpy(), n_i),
            industry: np.tile(industries.to_numpy(), n_r),
        }
    else:
        row_keys = {region: regions.to_numpy()}
    terms, total = _components(x0, x1, n0, n1, method)
    additive = method != "gerfin"
    total_name = "total" if additive else "net_total_shift"
    extra: dict[str, Array] = {}
    if method == "dunn":
        extra["net_total_shift"] = terms["industry_mix"] + terms["regional_shift"]
    columns = {**terms, total_name: total, **extra}
    if method == "gerfin":
        _refuse_nonfinite(columns, row_keys, pairs, region, industry)

    n_rows = x0.shape[0]
    if dynamic:
        agg = {k: (v.prod(axis=1) if not additive else v.sum(axis=1)) for k, v in columns.items()}
        if additive:  # the change itself telescopes: e_j,end - e_j,start
            agg["total"] = x1[:, -1, :].sum(axis=-1) - x0[:, 0, :].sum(axis=-1)
        annual = pd.DataFrame(
            {
                **{k: np.repeat(v, n_p) for k, v in row_keys.items()},
                "start": np.tile(np.asarray([p[0] for p in pairs], dtype=object), n_rows),
                "end": np.tile(np.asarray([p[1] for p in pairs], dtype=object), n_rows),
                **{k: v.reshape(-1) for k, v in columns.items()},
            }
        )
        annual["start"] = annual["start"].astype(periods.dtype)
        annual["end"] = annual["end"].astype(periods.dtype)
    else:
        agg = {k: v[:, 0] for k, v in columns.items()}
        annual = None
    components = pd.DataFrame({**row_keys, "start": [start] * n_rows, "end": [end] * n_rows, **agg})

    meta = merge_meta(*metas)
    unit = _units(meta, value, units)
    meta.update(
        method=method,
        value=value,
        start=start,
        end=end,
        periods=[*periods.tolist()],
        dynamic=dynamic,
        by_industry=by_industry,
        reference=reference_kind,
        new_industry=new_industry,
        **cells,
    )
    citation = CITATIONS[method] + ("; " + _DYNAMIC_CITATION if dynamic else "")
    return RegionalResult(
        components=components,
        method=method,
        keys=(region, industry) if by_industry else (region,),
        terms=TERMS[method],
        total=total_name,
        units=(
            f"change in {value} [{unit}]"
            if additive
            else "growth-factor ratio [index, 1 = national growth]"
        ),
        citation=citation,
        meta=meta,
        additive=additive,
        annual=annual,
        start=start,
        end=end,
        dynamic=dynamic,
        by_industry=by_industry,
    )


def _reference_array(
    reference: pd.DataFrame,
    *,
    industry: str,
    time: str,
    value: str,
    industries: pd.Index[Any],
    periods: pd.Index[Any],
    roles: dict[str, str],
) -> Array:
    """Build the national industry x period array from a reference frame, validated."""
    ref = ensure_frame(reference, argument="reference")
    keys = [industry, time]
    require_columns(ref, [*keys, value], roles=roles)
    require_numeric(ref, [value], keys=keys)
    ref = ref.loc[ref[time].isin(periods).to_numpy()]
    check_no_missing(ref, [*keys, value], keys=keys)
    check_no_aggregates(ref, industry, keys=keys, what="industry")
    check_sign(ref, [value], keys=keys)
    extra = pd.unique(ref.loc[~ref[industry].isin(industries).to_numpy(), industry])
    if len(extra):
        raise InvalidPanelError(
            f"The reference has industries that the data do not: {list(extra)[:8]}; the "
            "national totals would not match the regional industries.",
            hint=f"restrict the reference to the data's industries, e.g. "
            f"reference[reference[{industry!r}].isin(data[{industry!r}].unique())], or add "
            "those industries to the data (0 where a region has none)",
            industry=extra[0],
        )
    i_codes = np.asarray(industries.get_indexer(pd.Index(ref[industry])), dtype=np.intp)
    t_codes = np.asarray(periods.get_indexer(pd.Index(ref[time])), dtype=np.intp)
    return _to_array(  # period x industry
        ref,
        (t_codes, i_codes),
        (len(periods), len(industries)),
        value,
        [time, industry],
        (periods, industries),
        "reference",
        names=("period", "industry"),
    )


def _refuse_nonfinite(
    columns: Mapping[str, Array],
    row_keys: Mapping[str, Any],
    pairs: Sequence[tuple[Any, Any]],
    region: str,
    industry: str,
) -> None:
    """Gerfin factors must be finite and positive-defined; name the first failing region."""
    bad = np.zeros_like(next(iter(columns.values())), dtype=bool)
    for v in columns.values():
        bad |= ~np.isfinite(v)
    if bad.any():
        r, p = (int(a[0]) for a in np.nonzero(bad))
        ctx = {"region": row_keys[region][r]}
        if industry in row_keys:
            ctx["industry"] = row_keys[industry][r]
        raise InvalidValueError(
            "Gerfin's factors are undefined (a zero expected or national end value) for "
            f"{int(bad.sum())} region-period(s).",
            hint="use an additive method (dunn, esteban_marquillas, arcelus) or exclude the region",
            period=pairs[p][0],
            **ctx,
        )


def _units(meta: Mapping[str, Any], value: str, override: str | None) -> str:
    """Units of the decomposed quantity, from the argument or the metadata."""
    if override is not None:
        return override
    mapping = meta.get("units")
    if isinstance(mapping, Mapping) and mapping.get(value):
        return str(mapping[value])
    if value in ("employment", "hours") and isinstance(meta.get("labour_unit"), str):
        return str(meta["labour_unit"])
    return "unknown"
