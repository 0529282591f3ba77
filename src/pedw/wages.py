"""Wage–productivity analytics: gap index, labour income share, decoupling, gender pay gap, ULC.

"Does productivity growth turn into better pay?" This module computes the measures users know
from the ILO *Global Wage Report*, the OECD decoupling analysis and SDG 8.5.1 / 10.4.1:

- :func:`gap_index` -- indices (base year = 100) of average real wages and labour productivity
  and their gap, per country, and optionally the GWR cross-country index (chained weighted
  mean of year-on-year growth);
- :func:`labour_share` -- the labour income share with the standard self-employment
  adjustments (naive, Gollin 1 and 2, employee average per person or per hour, ILO);
- :func:`decoupling` -- the exact log decomposition of the gap between productivity growth and
  real median wage growth (gross and net decoupling);
- :func:`gender_pay_gap` -- ``(male − female) / male × 100`` on ILOSTAT earnings extracts (codes
  or labels) and Open SDG 8.5.1 files;
- :func:`unit_labour_cost` -- compensation per employee over labour productivity, nominal and
  real, indexed.

Every function takes a tidy long DataFrame with keyword-only column names, checks its input
through :mod:`pedw._validate`, and returns a frozen result object (:class:`pedw._result.Result`)
carrying units, method, citation and the input metadata (``df.attrs["pedw"]``).
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeAlias

import numpy as np
import pandas as pd

from pedw._result import Result
from pedw._types import LabourShareMethod, check_option
from pedw._validate import (
    as_list,
    check_sign,
    describe_rows,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    DecompositionIdentityError,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    SchemaError,
    SkippedRowsWarning,
    UnitMismatchError,
)
from pedw.schema import get_meta

__all__ = [
    "DecouplingResult",
    "GapIndexResult",
    "GenderPayGapResult",
    "LabourShareResult",
    "UnitLabourCostResult",
    "decoupling",
    "gap_index",
    "gender_pay_gap",
    "labour_share",
    "unit_labour_cost",
]

#: Deflator of the real median wage in :func:`decoupling`.
Deflator: TypeAlias = Literal["cpi", "gdp"]
#: Denominator of the labour share.
Denominator: TypeAlias = Literal["gdp", "gva"]
#: Labour input of the ``employee_average`` labour share.
LabourBasis: TypeAlias = Literal["persons", "hours"]
#: What to do when a country's series has a missing year in a chained index.
GapPolicy: TypeAlias = Literal["raise", "exclude"]

CITE_GWR = (
    "ILO (2013). Global Wage Report 2012/13: Wages and equitable growth. Geneva: International "
    "Labour Office, Appendix I"
)
CITE_SHARPE = (
    "Sharpe, A., Arsenault, J.-F. & Harrison, P. (2008). Why have real wages lagged labour "
    "productivity growth in Canada? International Productivity Monitor 17, 16-27"
)
CITE_PVR = (
    "Pessoa, J. P. & Van Reenen, J. (2013). Decoupling of wage growth and productivity growth? "
    "Myth and reality. CEP Discussion Paper 1246, London School of Economics"
)
CITE_SKP = (
    "Schwellnus, C., Kappeler, A. & Pionnier, P.-A. (2017). Decoupling of wages from "
    "productivity: Macro-level facts. OECD Economics Department Working Papers 1373, "
    "doi:10.1787/d4764493-en"
)
CITE_GOLLIN = (
    "Gollin, D. (2002). Getting income shares right. Journal of Political Economy 110(2), "
    "458-474, doi:10.1086/338747"
)
CITE_ILO_LS = (
    "ILO (2019). The Global Labour Income Share and Distribution: Data production and analysis "
    "unit, ILO Department of Statistics, Methodological description (Gomis, R.)"
)
CITE_SDG851 = (
    "UN SDG metadata 8.5.1 (custodian ILO): gender pay gap = (AHE_men − AHE_women) / AHE_men "
    "× 100; "
    "ILO (2018). Global Wage Report 2018/19: What lies behind gender pay gaps"
)
CITE_ULC = "OECD (2024). OECD Compendium of Productivity Indicators 2024, ch. 8"

_LOG_POINTS = "log points (100 × Δln)"


# ============================================================================ unit helpers
def _unit_of(df: pd.DataFrame, column: str, units: Mapping[str, str] | None) -> str | None:
    """Return the unit of ``column``: ``units=`` wins, then ``df.attrs['pedw']['units']``."""
    if units and column in units:
        return str(units[column])
    meta_units = get_meta(df).get("units")
    if isinstance(meta_units, Mapping) and column in meta_units:
        value = meta_units[column]
        if isinstance(value, list):
            raise UnitMismatchError(
                f"Column {column!r} mixes several units {value}.",
                hint="select rows with one unit / price basis before calling",
                column=column,
            )
        return str(value)
    return None


_SCALES = (
    ("billion", 1e9),
    ("bn", 1e9),
    ("million", 1e6),
    ("mn", 1e6),
    ("thousand", 1e3),
)
_CURRENCY = re.compile(r"(ppp|lcu|usd|us\$|eur|gbp|£|€)", re.IGNORECASE)


def _unit_parts(unit: str | None) -> dict[str, Any]:
    """Parse a free-text unit into price basis, scale, currency and labour unit (if stated)."""
    out: dict[str, Any] = {}
    if not unit:
        return out
    s = unit.lower()
    if re.search(r"\b(current|nominal)\b", s):
        out["prices"] = "nominal"
    elif re.search(r"\b(constant|real|chained|volume|deflated)\b", s):
        out["prices"] = "real"
    for word, factor in _SCALES:
        if re.search(rf"\b{word}", s):
            out["scale"] = factor
            break
    cur = sorted({m.lower().replace("us$", "usd") for m in _CURRENCY.findall(s)})
    if cur:
        out["currency"] = tuple(cur)
    if re.search(r"\bhours?\b|\bhourly\b", s):
        out["per"] = "hours"
    elif re.search(r"\b(persons?|workers?|employees?|employed|head)\b", s):
        out["per"] = "persons"
    return out


def _check_same_units(
    df: pd.DataFrame,
    columns: Sequence[str],
    units: Mapping[str, str] | None,
    *,
    aspects: Sequence[str],
    what: str,
) -> dict[str, str]:
    """Raise :class:`UnitMismatchError` if the stated units of ``columns`` disagree.

    Only aspects stated for both columns are compared (unknown is not a mismatch).
    """
    found = {c: _unit_of(df, c, units) for c in columns}
    parts = {c: _unit_parts(u) for c, u in found.items()}
    cols = list(columns)
    for aspect in aspects:
        stated = [(c, parts[c][aspect]) for c in cols if aspect in parts[c]]
        values = {v for _, v in stated}
        if len(values) > 1:
            detail = ", ".join(f"{c!r}: {found[c]!r}" for c, _ in stated)
            raise UnitMismatchError(
                f"The {what} combines series with different {aspect.replace('_', ' ')}: {detail}.",
                hint="convert them to the same currency, scale and price basis (or the same "
                "labour unit) first, or correct units=... / df.attrs['pedw']['units']",
                column=[c for c, _ in stated],
            )
    return {c: u for c, u in found.items() if u is not None}


def _check_not_nominal(
    df: pd.DataFrame, columns: Sequence[str], units: Mapping[str, str] | None, *, what: str
) -> None:
    for c in columns:
        u = _unit_of(df, c, units)
        if _unit_parts(u).get("prices") == "nominal":
            raise UnitMismatchError(
                f"The {what} needs a real (deflated) series but column {c!r} is in {u!r}.",
                hint="deflate it first (e.g. by the CPI for wages, the GDP deflator for output) "
                "or pass the real series",
                column=c,
            )


def _check_not_real(
    df: pd.DataFrame, columns: Sequence[str], units: Mapping[str, str] | None, *, what: str
) -> None:
    for c in columns:
        u = _unit_of(df, c, units)
        if _unit_parts(u).get("prices") == "real":
            raise UnitMismatchError(
                f"The {what} needs a nominal (current-price) series but column {c!r} is in {u!r}.",
                hint="pass the current-price series; pedw deflates it itself",
                column=c,
            )


def _price_basis(df: pd.DataFrame) -> str | None:
    pb = get_meta(df).get("price_basis")
    if isinstance(pb, list):
        raise UnitMismatchError(
            f"The input mixes several price bases: {pb}.",
            hint="select rows with one price basis (one vintage) before calling; pedw never "
            "splices vintages",
        )
    return None if pb is None else str(pb)


def _int_years(df: pd.DataFrame, time: str, keys: Sequence[str]) -> None:
    s = df[time]
    if not pd.api.types.is_integer_dtype(s):
        as_num = pd.to_numeric(s, errors="coerce")
        bad = as_num.isna() | (as_num != np.round(as_num))
        if bad.any():
            raise SchemaError(
                f"Column {time!r} must hold integer years for this method.",
                hint=f"convert it, e.g. df[{time!r}] = df[{time!r}].astype(int), and aggregate "
                "sub-annual data to years first",
                column=time,
                rows=describe_rows(df, bad, keys),
            )


def _base_meta(df: pd.DataFrame, units_found: Mapping[str, str], **options: Any) -> dict[str, Any]:
    meta = get_meta(df)
    meta.pop("rows_dropped", None)
    if units_found:
        meta["input_units"] = dict(units_found)
    meta.update({k: v for k, v in options.items() if v is not None})
    return meta


# ============================================================================ gap index
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class GapIndexResult(Result):
    """Wage and productivity indices (base year = 100) and their gap.

    Attributes
    ----------
    components : pandas.DataFrame
        Per country and year: ``wage_index``, ``productivity_index`` [index, base year = 100],
        ``gap`` = productivity_index − wage_index [index points], ``log_gap`` =
        100 × ln(productivity_index / wage_index) [log points].
    aggregate : pandas.DataFrame or None
        With ``weights``: the cross-country index per year (same columns plus the weighted
        year-on-year growth rates ``wage_growth`` and ``productivity_growth`` [%] and
        ``n_countries``).
    base : int
        Base year.
    """

    aggregate: pd.DataFrame | None = None
    base: int = 1999

    title: ClassVar[str] = "Wage–productivity gap index"
    plot_kind: ClassVar[str] = "gap_index"

    def __post_init__(self) -> None:
        super().__post_init__()
        for frame in (self.components, self.aggregate):
            if frame is None or frame.empty:
                continue
            p = frame["productivity_index"].to_numpy(dtype=float)
            w = frame["wage_index"].to_numpy(dtype=float)
            g = frame["gap"].to_numpy(dtype=float)
            if not np.allclose(p - w, g, rtol=1e-12, atol=1e-9, equal_nan=True):
                raise DecompositionIdentityError(
                    "gap != productivity_index - wage_index",
                    hint="this is a bug in pedw; please report it",
                )


def gap_index(
    data: pd.DataFrame,
    *,
    base: int = 1999,
    wage: str = "real_wage",
    productivity: str = "productivity",
    by: str | Sequence[str] | None = "ref_area",
    time: str = "time",
    weights: str | None = None,
    gaps: GapPolicy = "raise",
    units: Mapping[str, str] | None = None,
) -> GapIndexResult:
    r"""Compute indices of real wages and labour productivity (base = 100) and their gap.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, one row per country and year.
    base : int
        Base year; every country must have both series in it.
    wage : str
        Column of average real wages [constant prices, any currency; e.g. CPI-deflated average
        monthly wages as in the ILO Global Wage Database].
    productivity : str
        Column of labour productivity [real output per worker or per hour].
    by : str, sequence of str or None
        Country (group) column(s); ``None`` for a single series.
    time : str
        Year column [integer years].
    weights : str, optional
        Column of country weights per year (e.g. number of paid employees, as in the Global
        Wage Report, or GDP) [any positive unit]. When given, the cross-country index is built
        as the chained weighted mean of year-on-year growth (see Notes) and returned in
        ``result.aggregate``. Weights are normalised within each year, so scaling them by a
        constant changes nothing.
    gaps : {"raise", "exclude"}
        Weighted index only. ``"raise"`` (default): a country with a missing year (or a year
        missing at either end of the common range) breaks the chain and raises
        :class:`~pedw.errors.InvalidPanelError` naming it. ``"exclude"``: a country is left out
        of the weighted mean of the years whose growth rate it lacks (weights renormalised
        over the others), with a :class:`~pedw.errors.MissingDataWarning`; the exclusions are
        listed in ``result.meta["excluded"]``. Nothing is ever interpolated.
    units : mapping, optional
        Column -> unit text, overriding ``df.attrs["pedw"]["units"]``. A wage or productivity
        series stated in current (nominal) prices is refused.

    Returns
    -------
    GapIndexResult
        ``components`` per country and year with ``wage_index``, ``productivity_index``
        [index, base = 100], ``gap`` [index points] and ``log_gap`` [log points];
        ``aggregate`` with ``weights``.

    Raises
    ------
    pedw.errors.InsufficientDataError
        If a country lacks the base year (the message names it).
    pedw.errors.InvalidValueError
        If a wage or productivity value is zero or negative.
    pedw.errors.UnitMismatchError
        If a series is stated in nominal prices, or the input mixes price bases.
    pedw.errors.InvalidPanelError
        With ``weights`` and ``gaps="raise"``: a missing year in a country's series.

    Notes
    -----
    Per country :math:`i`:

    .. math::

        W_{i,t} = 100\,\frac{w_{i,t}}{w_{i,b}}, \qquad
        P_{i,t} = 100\,\frac{p_{i,t}}{p_{i,b}}, \qquad
        \text{gap}_{i,t} = P_{i,t} - W_{i,t}, \qquad
        \text{log\_gap}_{i,t} = 100 \ln\frac{P_{i,t}}{W_{i,t}}

    Cross-country index (ILO Global Wage Report 2012/13, Appendix I): the weighted mean of
    year-on-year growth rates, chained and rebased to the base year :math:`b`:

    .. math::

        g_t = \sum_i \frac{\omega_{i,t}}{\sum_j \omega_{j,t}}
              \left(\frac{x_{i,t}}{x_{i,t-1}} - 1\right), \qquad
        I_t = I_{t-1}(1 + g_t), \qquad I_b = 100

    Countries' weights are those of year :math:`t` (the later year of each growth rate).
    The result depends on the deflator (CPI vs GDP deflator) and on the wage concept (wages vs
    compensation); the index only compares growth, so the currencies of the two series need
    not agree, but both must be real.

    References
    ----------
    .. [1] ILO (2013). Global Wage Report 2012/13: Wages and equitable growth, Appendix I.
    .. [2] ILO (2015). Global Wage Report 2014/15, Appendix I.

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.wages import gap_index
    >>> df = pd.DataFrame({"ref_area": ["A"] * 3, "time": [1999, 2000, 2001],
    ...                    "real_wage": [100.0, 101.0, 102.0],
    ...                    "productivity": [50.0, 52.0, 54.0]})
    >>> res = gap_index(df, base=1999)
    >>> res.components["gap"].round(2).tolist()
    [0.0, 3.0, 6.0]
    """
    df = ensure_frame(data)
    gaps = check_option("gaps", gaps, GapPolicy)
    g = as_list(by)
    keys = [*g, time]
    roles = {wage: "wage", productivity: "productivity", time: "time"}
    roles.update(dict.fromkeys(g, "by"))
    numeric = [wage, productivity, *([weights] if weights else [])]
    if weights:
        roles[weights] = "weights"
    require_columns(df, [*keys, *numeric], roles=roles)
    require_numeric(df, numeric, keys=keys)
    require_unique(df, keys)
    _int_years(df, time, keys)
    check_sign(
        df,
        [wage, productivity],
        keys=keys,
        strict=True,
        hint="wages and productivity must be positive levels; a zero or negative value is a "
        "data error (or a growth rate passed as a level)",
    )
    if weights:
        check_sign(df, [weights], keys=keys, hint="weights must be non-negative")
    _check_not_nominal(df, [wage, productivity], units, what="wage–productivity gap index")
    price_basis = _price_basis(df)
    found = {c: u for c in (wage, productivity) if (u := _unit_of(df, c, units)) is not None}

    work = df[[*keys, *numeric]].copy()
    work[time] = work[time].astype("int64")
    missing_rows = work[[wage, productivity]].isna().any(axis=1).to_numpy()
    if missing_rows.any():
        warnings.warn(
            f"{int(missing_rows.sum())} rows have a missing wage or productivity value; those "
            "years are absent from the indices (not interpolated).",
            MissingDataWarning,
            stacklevel=2,
        )
    work = work.loc[~missing_rows]
    gkey = g if g else None

    # base values, per country
    at_base = work.loc[work[time] == base]
    if g:
        base_vals = at_base[[*g, wage, productivity]].rename(
            columns={wage: f"{wage}__base", productivity: f"{productivity}__base"}
        )
        bw = work.merge(base_vals, on=g, how="left", sort=False)
        lack = bw[f"{wage}__base"].isna().to_numpy()
        if lack.any():
            lacking = bw.loc[lack, g].drop_duplicates()
            names = [_label(t) for t in lacking.itertuples(index=False, name=None)]
            raise InsufficientDataError(
                f"The base year {base} is missing for {len(names)} group(s): {names[:8]}.",
                hint=f"choose a base year all countries have (base=...), or drop these "
                f"countries explicitly, e.g. df[~df[{g[0]!r}].isin({names[:3]!r})]",
                group=names if len(names) > 1 else names[0],
                period=base,
            )
        w_base = bw[f"{wage}__base"].to_numpy(dtype=float)
        p_base = bw[f"{productivity}__base"].to_numpy(dtype=float)
    else:
        if at_base.empty:
            raise InsufficientDataError(
                f"The base year {base} is missing from the data.",
                hint="choose a base year present in the data (base=...)",
                period=base,
            )
        w_base = np.full(len(work), float(at_base[wage].iloc[0]))
        p_base = np.full(len(work), float(at_base[productivity].iloc[0]))

    comp = work[keys].copy()
    comp["wage_index"] = 100.0 * (work[wage].to_numpy(dtype=float) / w_base)
    comp["productivity_index"] = 100.0 * (work[productivity].to_numpy(dtype=float) / p_base)
    _finish_gap(comp)
    comp = comp.sort_values(keys, kind="stable").reset_index(drop=True)

    # internal gaps per country (recorded; never interpolated)
    yrs = comp.groupby(gkey, sort=False)[time] if gkey else None
    if yrs is not None:
        span = yrs.transform("max") - yrs.transform("min") + 1
        count = yrs.transform("size")
        holes = comp.loc[(span != count).to_numpy(), g].drop_duplicates()
        gap_groups = [_label(t) for t in holes.itertuples(index=False, name=None)]
    else:
        span_n = int(comp[time].max() - comp[time].min() + 1)
        gap_groups = ["(all)"] if span_n != len(comp) else []

    meta = _base_meta(
        df,
        found,
        base=base,
        price_basis=price_basis,
        weights=weights,
        groups_with_missing_years=gap_groups or None,
    )
    aggregate = None
    if weights:
        aggregate, excluded = _gwr_aggregate(
            work,
            g=g,
            time=time,
            wage=wage,
            productivity=productivity,
            weights=weights,
            base=base,
            gaps=gaps,
        )
        if excluded:
            meta["excluded"] = excluded
    elif gap_groups:
        warnings.warn(
            f"Missing years inside the series of {gap_groups[:8]}; those years are absent from "
            "the indices (nothing is interpolated). See result.meta['groups_with_missing_years'].",
            MissingDataWarning,
            stacklevel=2,
        )

    return GapIndexResult(
        components=comp,
        method="gwr_weighted" if weights else "per_country",
        keys=tuple(keys),
        terms=("wage_index", "productivity_index", "gap", "log_gap"),
        total=None,
        units=f"index, base={base}=100; gap in index points; log_gap in {_LOG_POINTS}",
        citation=CITE_GWR,
        meta=meta,
        additive=False,
        aggregate=aggregate,
        base=base,
    )


def _label(t: tuple[Any, ...]) -> str:
    return "/".join(str(x) for x in t)


def _finish_gap(frame: pd.DataFrame) -> None:
    p = frame["productivity_index"].to_numpy(dtype=float)
    w = frame["wage_index"].to_numpy(dtype=float)
    frame["gap"] = p - w
    frame["log_gap"] = 100.0 * (np.log(p) - np.log(w))


def _gwr_aggregate(
    work: pd.DataFrame,
    *,
    g: list[str],
    time: str,
    wage: str,
    productivity: str,
    weights: str,
    base: int,
    gaps: str,
) -> tuple[pd.DataFrame, list[str]]:
    """Chained weighted mean of year-on-year growth (vectorised over countries and years)."""
    w = work.sort_values([*g, time], kind="stable").reset_index(drop=True)
    grp = w.groupby(g, sort=False) if g else None
    prev_t = grp[time].shift(1) if grp is not None else w[time].shift(1)
    consecutive = (w[time] - prev_t == 1).to_numpy()
    for col in (wage, productivity):
        prev = grp[col].shift(1) if grp is not None else w[col].shift(1)
        w[f"__g_{col}"] = np.where(consecutive, w[col] / prev - 1.0, np.nan)
    years = np.arange(int(w[time].min()), int(w[time].max()) + 1)
    if base not in set(years.tolist()):
        raise InsufficientDataError(
            f"The base year {base} is outside the data's years.", period=base
        )
    # full panel of (country, growth year) pairs, so missing ones are visible
    if g:
        countries = w[g].drop_duplicates()
        panel = countries.merge(pd.DataFrame({time: years[1:]}), how="cross")
        panel = panel.merge(w, on=[*g, time], how="left")
    else:
        panel = pd.DataFrame({time: years[1:]}).merge(w, on=[time], how="left")
    ok = (
        panel[f"__g_{wage}"].notna() & panel[f"__g_{productivity}"].notna() & panel[weights].notna()
    ).to_numpy()
    excluded: list[str] = []
    if not ok.all():
        bad = panel.loc[~ok, [*g, time]]
        excluded = [_label(t) for t in bad.itertuples(index=False, name=None)]
        if gaps == "raise":
            raise InvalidPanelError(
                f"{len(excluded)} country-years lack a year-on-year growth rate (a missing year "
                f"or weight breaks the chain), e.g. {excluded[:6]}.",
                hint="fill the missing years with real data, restrict the data to years all "
                "countries have, or pass gaps='exclude' to leave a country out of the years it "
                "lacks (recorded in result.meta['excluded']); pedw never interpolates",
                rows=excluded,
            )
        warnings.warn(
            f"{len(excluded)} country-years lack a growth rate and are left out of the weighted "
            f"mean of those years (weights renormalised), e.g. {excluded[:6]}.",
            MissingDataWarning,
            stacklevel=3,
        )
    used = panel.loc[ok]
    wt = used[weights].to_numpy(dtype=float)
    tmp = pd.DataFrame(
        {
            time: used[time].to_numpy(),
            "__w": wt,
            "__ww": wt * used[f"__g_{wage}"].to_numpy(dtype=float),
            "__wp": wt * used[f"__g_{productivity}"].to_numpy(dtype=float),
            "__n": 1,
        }
    )
    sums = tmp.groupby(time).sum().reindex(years[1:])
    if (sums["__w"].isna() | ~(sums["__w"] > 0)).any():
        empty = sums.index[(sums["__w"].isna() | ~(sums["__w"] > 0)).to_numpy()].tolist()
        raise InsufficientDataError(
            f"No country with a positive weight has a growth rate in year(s) {empty}; the "
            "chained index breaks there.",
            hint="restrict the data to years with data, or check the weights",
            period=empty,
        )
    gw = (sums["__ww"] / sums["__w"]).to_numpy()
    gp = (sums["__wp"] / sums["__w"]).to_numpy()
    cw = np.concatenate([[1.0], np.cumprod(1.0 + gw)])
    cp = np.concatenate([[1.0], np.cumprod(1.0 + gp)])
    ib = int(np.flatnonzero(years == base)[0])
    agg = pd.DataFrame(
        {
            time: years,
            "wage_index": 100.0 * (cw / cw[ib]),
            "productivity_index": 100.0 * (cp / cp[ib]),
        }
    )
    _finish_gap(agg)
    agg["wage_growth"] = np.concatenate([[np.nan], 100.0 * gw])
    agg["productivity_growth"] = np.concatenate([[np.nan], 100.0 * gp])
    agg["n_countries"] = np.concatenate([[0], sums["__n"].to_numpy()]).astype("int64")
    return agg, excluded


# ============================================================================ labour share
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class LabourShareResult(Result):
    """Labour income share per group and year.

    Attributes
    ----------
    components : pandas.DataFrame
        Keys and ``labour_share`` [% of the denominator], plus the labour income used
        (``labour_income``, same unit as the inputs) and the denominator (``denominator``).
    denominator : str
        ``"gdp"`` (GDP at market prices) or ``"gva"`` (GVA at basic prices).
    """

    denominator: str = "gdp"

    title: ClassVar[str] = "Labour income share"


def labour_share(
    data: pd.DataFrame,
    *,
    method: LabourShareMethod = "naive",
    compensation: str = "compensation",
    output: str = "gdp",
    mixed_income: str = "mixed_income",
    employees: str = "employees",
    employed: str = "employment",
    hours_employees: str = "hours_employees",
    hours_employed: str = "hours",
    per: LabourBasis = "persons",
    self_employed_groups: Sequence[str] | None = None,
    self_employed_ratios: Mapping[str, float | str] | None = None,
    denominator: Denominator = "gdp",
    by: str | Sequence[str] | None = "ref_area",
    time: str = "time",
    units: Mapping[str, str] | None = None,
) -> LabourShareResult:
    r"""Labour income share with the standard self-employment adjustments [%].

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, one row per group and year.
    method : {"naive", "gollin1", "gollin2", "employee_average", "ilo"}
        Self-employment adjustment (Notes).
    compensation : str
        Compensation of employees, CoE (SNA D.1) [current prices].
    output : str
        The denominator's column: GDP at market prices or GVA at basic prices [current prices,
        same currency and scale as ``compensation``].
    mixed_income : str
        Mixed income / operating surplus of unincorporated enterprises (SNA B.3g) [current
        prices]; ``gollin1`` and ``gollin2``.
    employees, employed : str
        Number of employees and of all employed persons [persons];
        ``employee_average`` with ``per="persons"`` and ``ilo`` (``employees``).
    hours_employees, hours_employed : str
        Hours worked by employees and by all employed [hours]; ``employee_average`` with
        ``per="hours"`` (the OECD variant).
    per : {"persons", "hours"}
        Labour input of ``employee_average``.
    self_employed_groups : sequence of str
        ``ilo``: columns with the number of persons in each self-employment status group
        (e.g. own-account workers, employers, contributing family workers) [persons].
    self_employed_ratios : mapping
        ``ilo``: group column -> labour income of that group relative to the mean employee
        [ratio], as a number or as the name of a column holding it per row.
    denominator : {"gdp", "gva"}
        What ``output`` is: GDP at market prices (SDG 10.4.1) or GVA at basic prices (OECD).
        Recorded in the result; it is a label, the column is ``output``.
    by : str, sequence of str or None
        Group column(s).
    time : str
        Period column.
    units : mapping, optional
        Column -> unit text, overriding ``df.attrs["pedw"]["units"]``; money columns stated in
        different currencies, scales or price bases are refused.

    Returns
    -------
    LabourShareResult
        ``components`` with the keys and ``labour_share`` [%].

    Raises
    ------
    pedw.errors.OptionError
        Unknown ``method``/``denominator``/``per``, or ``ilo`` without groups and ratios.
    pedw.errors.InvalidValueError
        Non-positive output or compensation, more employees than employed persons, negative
        ratios or counts, or mixed income not smaller than output (``gollin2``).
    pedw.errors.UnitMismatchError
        Money columns in different currencies, scales or price bases.

    Notes
    -----
    With :math:`D` the denominator (GDP or GVA), :math:`MI` mixed income, :math:`E` employees,
    :math:`N` employed persons, :math:`H` hours:

    .. math::

        LS_{naive} &= 100\,\frac{CoE}{D} \\
        LS_{gollin1} &= 100\,\frac{CoE + MI}{D} \\
        LS_{gollin2} &= 100\,\frac{CoE}{D - MI} \\
        LS_{employee\_average} &= 100\,\frac{CoE \cdot N / E}{D}
            \quad\text{or}\quad 100\,\frac{CoE \cdot H_N / H_E}{D} \\
        LS_{ilo} &= 100\,\frac{CoE\,\bigl(1 + \sum_g r_g N_g / E\bigr)}{D}

    ``gollin1`` attributes all mixed income to labour (an upper bound); ``gollin2`` splits it
    like the rest of the economy; ``employee_average`` assumes the self-employed earn the
    employees' average (per person or per hour); ``ilo`` uses status-group ratios
    :math:`r_g` of self-employed labour income to the mean employee, which the ILO estimates
    from microdata (supplied here by the user).

    References
    ----------
    .. [1] Gollin, D. (2002). Getting income shares right. Journal of Political Economy
           110(2), 458-474. doi:10.1086/338747
    .. [2] ILO (2019). The Global Labour Income Share and Distribution. Methodological
           description (Gomis, R.), sections 2.1-2.6.
    .. [3] UN SDG metadata 10.4.1, Labour share of GDP (custodian ILO).

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.wages import labour_share
    >>> df = pd.DataFrame({"ref_area": ["A"], "time": [2020], "compensation": [50.0],
    ...                    "gdp": [100.0], "mixed_income": [10.0]})
    >>> labour_share(df, method="gollin2").components["labour_share"].round(4).tolist()
    [55.5556]
    """
    df = ensure_frame(data)
    method = check_option("method", method, LabourShareMethod)
    denominator = check_option("denominator", denominator, Denominator)
    per = check_option("per", per, LabourBasis)
    g = as_list(by)
    keys = [*g, time]
    money = [compensation, output]
    counts: list[str] = []
    ratio_cols: list[str] = []
    if method in ("gollin1", "gollin2"):
        money.append(mixed_income)
    elif method == "employee_average":
        counts = [employees, employed] if per == "persons" else [hours_employees, hours_employed]
    elif method == "ilo":
        if not self_employed_groups or not self_employed_ratios:
            raise OptionError(
                "method='ilo' needs self_employed_groups (columns with the number of persons "
                "in each self-employment status group) and self_employed_ratios (group -> "
                "labour income relative to the mean employee).",
                hint="e.g. self_employed_groups=['own_account', 'employers'], "
                "self_employed_ratios={'own_account': 0.6, 'employers': 1.8}",
            )
        missing = [s for s in self_employed_groups if s not in self_employed_ratios]
        if missing:
            raise OptionError(
                f"self_employed_ratios has no ratio for group(s) {missing}.",
                hint="give a ratio (number or column name) for every group",
            )
        counts = [employees, *self_employed_groups]
        ratio_cols = [str(v) for v in self_employed_ratios.values() if isinstance(v, str)]
    roles = {
        compensation: "compensation",
        output: "output",
        mixed_income: "mixed_income",
        employees: "employees",
        employed: "employed",
        hours_employees: "hours_employees",
        hours_employed: "hours_employed",
        time: "time",
    }
    roles.update(dict.fromkeys(g, "by"))
    numeric = [*money, *counts, *ratio_cols]
    require_columns(df, [*keys, *numeric], roles=roles)
    require_numeric(df, numeric, keys=keys)
    require_unique(df, keys)
    check_sign(
        df,
        [compensation, output],
        keys=keys,
        strict=True,
        hint="compensation and output must be positive current-price values",
    )
    if counts or ratio_cols:
        check_sign(df, [*counts, *ratio_cols], keys=keys)
    found = _check_same_units(
        df, money, units, aspects=("prices", "scale", "currency"), what="labour share"
    )
    _check_not_real(df, money, units, what="labour share")

    coe = df[compensation].to_numpy(dtype=float)
    d = df[output].to_numpy(dtype=float)
    if method == "naive":
        num, den = coe, d
    elif method == "gollin1":
        num, den = coe + df[mixed_income].to_numpy(dtype=float), d
    elif method == "gollin2":
        mi = df[mixed_income].to_numpy(dtype=float)
        bad = (d - mi) <= 0
        if bad.any():
            raise InvalidValueError(
                f"Mixed income is not smaller than {output!r} in {int(bad.sum())} rows; "
                "gollin2 divides by output minus mixed income.",
                hint="check the units of mixed_income and output",
                column=mixed_income,
                rows=describe_rows(df, bad, keys),
            )
        num, den = coe, d - mi
    elif method == "employee_average":
        e = df[counts[0]].to_numpy(dtype=float)
        n = df[counts[1]].to_numpy(dtype=float)
        bad = ~(e > 0) & ~np.isnan(e)
        bad |= n < e
        if bad.any():
            raise InvalidValueError(
                f"{counts[0]!r} must be positive and not larger than {counts[1]!r} "
                f"({int(bad.sum())} rows are not).",
                hint="employees are a subset of the employed; check the columns and units "
                "(thousands vs persons, hours per week vs per year)",
                column=[counts[0], counts[1]],
                rows=describe_rows(df, bad, keys),
            )
        num, den = coe * n / e, d
    else:  # ilo
        assert self_employed_groups is not None and self_employed_ratios is not None
        e = df[employees].to_numpy(dtype=float)
        bad = ~(e > 0) & ~np.isnan(e)
        if bad.any():
            raise InvalidValueError(
                f"{employees!r} must be positive for method='ilo'.",
                column=employees,
                rows=describe_rows(df, bad, keys),
            )
        extra = np.zeros(len(df))
        for grp_col in self_employed_groups:
            r = self_employed_ratios[grp_col]
            rv = df[r].to_numpy(dtype=float) if isinstance(r, str) else np.full(len(df), float(r))
            if isinstance(r, (int, float)) and r < 0:
                raise InvalidValueError(
                    f"self_employed_ratios[{grp_col!r}] = {r} is negative.",
                    hint="ratios are relative labour incomes (>= 0)",
                    column=grp_col,
                )
            extra = extra + rv * df[grp_col].to_numpy(dtype=float) / e
        num, den = coe * (1.0 + extra), d

    comp = df[keys].copy().reset_index(drop=True)
    comp["labour_share"] = 100.0 * num / den
    comp["labour_income"] = num
    comp["denominator"] = den
    if comp["labour_share"].isna().any():
        warnings.warn(
            f"{int(comp['labour_share'].isna().sum())} rows have missing inputs; their labour "
            "share is NaN.",
            MissingDataWarning,
            stacklevel=2,
        )
    comp = comp.sort_values(keys, kind="stable").reset_index(drop=True)
    den_label = "GDP at market prices" if denominator == "gdp" else "GVA at basic prices"
    meta = _base_meta(
        df,
        found,
        denominator=denominator,
        denominator_column=output,
        per=per if method == "employee_average" else None,
        self_employed_ratios=dict(self_employed_ratios)
        if method == "ilo" and self_employed_ratios
        else None,
    )
    cite = CITE_ILO_LS if method == "ilo" else CITE_GOLLIN
    return LabourShareResult(
        components=comp,
        method=method if method != "employee_average" else f"employee_average ({per})",
        keys=tuple(keys),
        terms=("labour_share",),
        total=None,
        units=f"% of {den_label}",
        citation=cite,
        meta=meta,
        additive=False,
        denominator=denominator,
    )


# ============================================================================ decoupling
#: Chain of levels of the decoupling identity and the name of each step's contribution.
_CHAIN_TERMS: Mapping[tuple[str, str], str] = {
    ("productivity", "mean_compensation"): "labour_share",
    ("mean_compensation", "median_compensation"): "inequality",
    ("median_compensation", "median_wage"): "wage_wedge",
    ("mean_compensation", "median_wage"): "inequality_and_wedge",
    ("median_wage", "consumer"): "terms_of_trade",
    ("median_compensation", "consumer"): "terms_of_trade",
}
_TERM_ORDER = ("labour_share", "terms_of_trade", "inequality", "wage_wedge", "inequality_and_wedge")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class DecouplingResult(Result):
    """Decoupling of real median wages from productivity, decomposed exactly in logs.

    Attributes
    ----------
    components : pandas.DataFrame
        Per group: ``productivity_growth``, ``real_median_wage_growth``, the contributions
        (``labour_share``, ``terms_of_trade``, ``inequality``, ``wage_wedge``, those that
        could be computed), ``gross_decoupling`` (= their sum) and ``net_decoupling``
        [log points over the whole period].
    per_year : pandas.DataFrame
        The same, divided by the number of years [log points per year].
    start, end : int
        The period compared.
    deflator : str
        ``"cpi"`` (real median wage deflated by consumer prices) or ``"gdp"`` (by the GDP
        deflator; no terms-of-trade term).
    """

    per_year: pd.DataFrame
    start: int
    end: int
    deflator: str = "cpi"

    title: ClassVar[str] = "Decoupling of wages from productivity"
    plot_kind: ClassVar[str] = "decoupling"

    def __post_init__(self) -> None:
        super().__post_init__()
        from pedw._result import check_additive

        check_additive(
            self.per_year,
            self.terms,
            "gross_decoupling",
            rtol=self.rtol,
            keys=self.keys,
            what="per-year contributions",
        )
        net = self.components["net_decoupling"].to_numpy(dtype=float)
        ls = (
            self.components["labour_share"].to_numpy(dtype=float)
            if "labour_share" in self.components
            else net
        )
        if not np.allclose(net, ls, rtol=1e-12, atol=1e-12, equal_nan=True):
            raise DecompositionIdentityError(
                "net decoupling differs from the labour-share contribution",
                hint="this is a bug in pedw; please report it",
            )

    @property
    def shares(self) -> pd.DataFrame:
        """Contributions as % of the gross decoupling [%, sums to 100 where the gap ≠ 0]."""
        keys = [k for k in self.keys if k in self.components.columns]
        out = self.components[keys].copy()
        gross = self.components["gross_decoupling"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            for t in self.terms:
                out[t] = 100.0 * self.components[t].to_numpy(dtype=float) / gross
        return out


def decoupling(
    data: pd.DataFrame,
    *,
    start: int,
    end: int,
    by: str | Sequence[str] | None = "ref_area",
    time: str = "time",
    productivity: str = "productivity",
    gdp_deflator: str = "gdp_deflator",
    cpi: str = "cpi",
    mean_compensation: str = "mean_compensation",
    median_compensation: str | None = "median_compensation",
    median_wage: str | None = "median_wage",
    deflator: Deflator = "cpi",
    units: Mapping[str, str] | None = None,
) -> DecouplingResult:
    r"""Decompose the gap between productivity growth and real median wage growth.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, one row per group and year; only ``start`` and ``end`` are used.
    start, end : int
        First and last year of the period (``end > start``).
    by : str, sequence of str or None
        Group column(s); ``None`` for one series.
    time : str
        Year column.
    productivity : str
        Real labour productivity :math:`LP = Y / (P_Y L)` [output at constant prices, deflated
        by ``gdp_deflator``, per worker or per hour].
    gdp_deflator : str
        GDP (or value-added) deflator :math:`P_Y` [index, any base].
    cpi : str
        Consumer price index :math:`P_C` [index, any base]; needed with ``deflator="cpi"``.
    mean_compensation : str
        Average compensation per labour unit :math:`W_{avg}` [current prices, per worker or per
        hour -- the same labour unit as ``productivity``, self-employed included in the labour
        input as in the adjusted labour share].
    median_compensation : str or None
        Median compensation :math:`W_{med}` [current prices]; ``None`` or an absent column
        omits the ``inequality`` / ``wage_wedge`` split (see Notes).
    median_wage : str or None
        Median wage (excluding employer contributions) :math:`w_{med}` [current prices].
        At least one of ``median_compensation`` and ``median_wage`` must be present.
    deflator : {"cpi", "gdp"}
        Deflator of the real median wage: consumer prices (Pessoa & Van Reenen 2013, Sharpe et
        al. 2008; adds the ``terms_of_trade`` term) or the GDP deflator (Schwellnus et al.
        2017; no terms-of-trade term).
    units : mapping, optional
        Column -> unit text, overriding ``df.attrs["pedw"]["units"]``. Compensation stated in
        constant prices, a nominal productivity series, or productivity and compensation in
        different labour units (per hour vs per person) are refused.

    Returns
    -------
    DecouplingResult
        ``components`` [log points over the period] and ``per_year`` [log points per year],
        with ``productivity_growth``, ``real_median_wage_growth``, the contributions,
        ``gross_decoupling`` and ``net_decoupling``.

    Raises
    ------
    pedw.errors.InsufficientDataError
        If ``start`` or ``end`` is missing (or incomplete) for a group; the message names it.
    pedw.errors.InvalidValueError
        Zero or negative levels.
    pedw.errors.SchemaError
        A required column is absent (``median_*`` both absent, or ``cpi`` with
        ``deflator="cpi"``).
    pedw.errors.UnitMismatchError
        Inconsistent units (see ``units``).

    Notes
    -----
    The identity, exact in every year (Sharpe et al. 2008; Pessoa & Van Reenen 2013):

    .. math::

        \frac{w_{med}}{P_C} = LP \cdot LS \cdot \frac{W_{med}}{W_{avg}}
            \cdot \frac{w_{med}}{W_{med}} \cdot \frac{P_Y}{P_C},
        \qquad LS = \frac{W_{avg}}{P_Y\,LP} = \frac{W_{avg} L}{Y}

    With :math:`\Delta` the change between ``start`` and ``end`` times 100 (log points):

    .. math::

        \underbrace{\Delta\ln LP - \Delta\ln\frac{w_{med}}{P_C}}_{\text{gross decoupling}}
        = \underbrace{-\Delta\ln LS}_{\text{labour\_share}}
          \underbrace{-\Delta\ln\frac{P_Y}{P_C}}_{\text{terms\_of\_trade}}
          \underbrace{-\Delta\ln\frac{W_{med}}{W_{avg}}}_{\text{inequality}}
          \underbrace{-\Delta\ln\frac{w_{med}}{W_{med}}}_{\text{wage\_wedge}},
        \qquad \text{net decoupling} = \Delta\ln LP - \Delta\ln\frac{W_{avg}}{P_Y}
                                     = -\Delta\ln LS

    Positive contributions widen the gap. The decomposition has no residual.

    *Omitted terms.* A contribution is the log change of the ratio between two consecutive
    levels of the chain :math:`LP \to W_{avg}/P_Y \to W_{med}/P_Y \to w_{med}/P_Y \to
    w_{med}/P_C`. When a level is absent, its two neighbouring steps merge and the terms that
    need it are omitted (not zero-filled); the **gross decoupling is always measured against
    the last level present**:

    - ``deflator="gdp"``: the real median wage is :math:`w_{med}/P_Y`; no ``terms_of_trade``.
    - no ``median_wage``: the end point is real median **compensation**
      :math:`W_{med}/P` (the OECD definition of Schwellnus et al. 2017); no ``wage_wedge``.
    - no ``median_compensation``: ``inequality`` and ``wage_wedge`` are reported as one term
      ``inequality_and_wedge`` = :math:`-\Delta\ln(w_{med}/W_{avg})`.

    ``result.meta["end_point"]`` names the wage concept and deflator actually used.
    All labour inputs must use one unit (per worker or per hour); if productivity is per hour
    and wages per worker an hours-per-worker term would be needed, which pedw does not invent.

    References
    ----------
    .. [1] Sharpe, A., Arsenault, J.-F. & Harrison, P. (2008). Why have real wages lagged
           labour productivity growth in Canada? International Productivity Monitor 17, 16-27.
    .. [2] Pessoa, J. P. & Van Reenen, J. (2013). Decoupling of wage growth and productivity
           growth? Myth and reality. CEP Discussion Paper 1246.
    .. [3] Schwellnus, C., Kappeler, A. & Pionnier, P.-A. (2017). Decoupling of wages from
           productivity: Macro-level facts. OECD Economics Department WP 1373.
           doi:10.1787/d4764493-en

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.wages import decoupling
    >>> df = pd.DataFrame({"time": [2000, 2010], "productivity": [100.0, 120.0],
    ...                    "gdp_deflator": [1.0, 1.2], "cpi": [1.0, 1.3],
    ...                    "mean_compensation": [50.0, 70.0],
    ...                    "median_compensation": [40.0, 52.0], "median_wage": [35.0, 44.0]})
    >>> res = decoupling(df, start=2000, end=2010, by=None)
    >>> round(float(res.components["gross_decoupling"].iloc[0]), 4)
    21.5844
    """
    df = ensure_frame(data)
    deflator = check_option("deflator", deflator, Deflator)
    if not end > start:
        raise OptionError(f"end={end} must be after start={start}.", hint="swap start and end")
    g = as_list(by)
    keys = [*g, time]
    roles = {
        productivity: "productivity",
        gdp_deflator: "gdp_deflator",
        cpi: "cpi",
        mean_compensation: "mean_compensation",
        time: "time",
    }
    roles.update(dict.fromkeys(g, "by"))
    has_medc = median_compensation is not None and median_compensation in df.columns
    has_medw = median_wage is not None and median_wage in df.columns
    if not (has_medc or has_medw):
        raise SchemaError(
            "decoupling needs a median wage or a median compensation column; found neither "
            f"{median_wage!r} nor {median_compensation!r}.",
            hint="pass median_wage='<column>' and/or median_compensation='<column>'",
            column=[c for c in (median_wage, median_compensation) if c],
        )
    levels_cols = [productivity, gdp_deflator, mean_compensation]
    if has_medc:
        assert median_compensation is not None
        levels_cols.append(median_compensation)
    if has_medw:
        assert median_wage is not None
        levels_cols.append(median_wage)
    if deflator == "cpi":
        levels_cols.append(cpi)
    require_columns(df, [*keys, *levels_cols], roles=roles)
    require_numeric(df, levels_cols, keys=keys)
    require_unique(df, keys)
    check_sign(
        df,
        levels_cols,
        keys=keys,
        strict=True,
        hint="decoupling uses logs of levels: prices, wages and productivity must be positive",
    )
    _check_not_nominal(df, [productivity], units, what="decoupling (productivity)")
    money = [c for c in (mean_compensation, median_compensation, median_wage) if c in levels_cols]
    _check_not_real(df, money, units, what="decoupling (compensation and wages)")
    found = _check_same_units(
        df, [productivity, *money], units, aspects=("per",), what="decoupling"
    )
    _check_same_units(df, money, units, aspects=("currency",), what="decoupling")

    sel = df.loc[df[time].isin([start, end]), [*keys, *levels_cols]]
    incomplete = sel[levels_cols].isna().any(axis=1).to_numpy()
    sel = sel.loc[~incomplete]
    s = sel.loc[sel[time] == start].drop(columns=time)
    e = sel.loc[sel[time] == end].drop(columns=time)
    if g:
        s = s.set_index(g)
        e = e.set_index(g)
        idx_all = (
            pd.Index(pd.unique(df[g[0]]), name=g[0])
            if len(g) == 1
            else pd.MultiIndex.from_frame(df[g].drop_duplicates())
        )
        lack = idx_all.difference(list(s.index.intersection(e.index))).tolist()
        if lack:
            names = [str(k) if not isinstance(k, tuple) else _label(k) for k in lack]
            raise InsufficientDataError(
                f"{len(names)} group(s) lack complete data for start={start} or end={end}: "
                f"{names[:8]}.",
                hint="choose years every group has, or drop these groups explicitly",
                group=names if len(names) > 1 else names[0],
                period=[start, end],
            )
        e = e.loc[s.index]
    else:
        if len(s) != 1 or len(e) != 1:
            raise InsufficientDataError(
                f"Complete data for start={start} and end={end} are required.",
                hint="choose years present in the data, or pass by=... for several groups",
                period=[start, end],
            )

    def dl(num: str, den: str | None = None) -> np.ndarray[Any, Any]:
        a = np.log(e[num].to_numpy(dtype=float)) - np.log(s[num].to_numpy(dtype=float))
        if den is not None:
            a = a - (np.log(e[den].to_numpy(dtype=float)) - np.log(s[den].to_numpy(dtype=float)))
        out: np.ndarray[Any, Any] = 100.0 * a
        return out

    # log changes of the chain levels (log points)
    chain: list[tuple[str, np.ndarray[Any, Any]]] = [
        ("productivity", dl(productivity)),
        ("mean_compensation", dl(mean_compensation, gdp_deflator)),
    ]
    if has_medc:
        assert median_compensation is not None
        chain.append(("median_compensation", dl(median_compensation, gdp_deflator)))
    if has_medw:
        assert median_wage is not None
        chain.append(("median_wage", dl(median_wage, gdp_deflator)))
    last_wage = median_wage if has_medw else median_compensation
    assert last_wage is not None
    if deflator == "cpi":
        chain.append(("consumer", dl(last_wage, cpi)))
    contributions: dict[str, np.ndarray[Any, Any]] = {}
    for (a_name, a_val), (b_name, b_val) in itertools.pairwise(chain):
        contributions[_CHAIN_TERMS[(a_name, b_name)]] = a_val - b_val
    terms = tuple(t for t in _TERM_ORDER if t in contributions)

    out = (s.index.to_frame(index=False) if g else pd.DataFrame(index=[0])).reset_index(drop=True)
    out["productivity_growth"] = chain[0][1]
    out["real_median_wage_growth"] = chain[-1][1]
    for t in terms:
        out[t] = contributions[t]
    out["gross_decoupling"] = chain[0][1] - chain[-1][1]
    out["net_decoupling"] = chain[0][1] - chain[1][1]
    years = end - start
    per_year = out.copy()
    num_cols = [c for c in out.columns if c not in g]
    per_year[num_cols] = out[num_cols] / years
    concept = "median wage" if has_medw else "median compensation"
    end_point = f"{concept} deflated by the {'CPI' if deflator == 'cpi' else 'GDP deflator'}"
    meta = _base_meta(
        df,
        found,
        start=start,
        end=end,
        deflator=deflator,
        end_point=end_point,
        omitted_terms=[
            t
            for t in ("labour_share", "terms_of_trade", "inequality", "wage_wedge")
            if t not in terms
        ]
        or None,
        rows_incomplete=int(incomplete.sum()) or None,
    )
    cite = "; ".join([CITE_SHARPE, CITE_PVR, CITE_SKP])
    return DecouplingResult(
        components=out,
        method=f"log identity, {end_point}",
        keys=tuple(g),
        terms=terms,
        total="gross_decoupling",
        units=f"{_LOG_POINTS} over {start}-{end}; per_year: log points per year",
        citation=cite,
        meta=meta,
        additive=True,
        per_year=per_year,
        start=start,
        end=end,
        deflator=deflator,
    )


# ============================================================================ gender pay gap
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class GenderPayGapResult(Result):
    """Unadjusted gender pay gap per group.

    Attributes
    ----------
    components : pandas.DataFrame
        Keys, ``male`` and ``female`` earnings [as in the data], ``gap`` [% of male earnings],
        ``statistic`` (mean/median/unknown) and ``earnings_period`` (hourly/monthly/...).
    """

    title: ClassVar[str] = "Gender pay gap"

    def __post_init__(self) -> None:
        super().__post_init__()
        c = self.components
        if c.empty:
            return
        m = c["male"].to_numpy(dtype=float)
        f = c["female"].to_numpy(dtype=float)
        if not np.allclose(c["gap"].to_numpy(dtype=float), (m - f) / m * 100.0, equal_nan=True):
            raise DecompositionIdentityError(
                "gap != (male - female) / male * 100", hint="this is a bug in pedw"
            )


_ATTRIBUTE = re.compile(
    r"^(obs_status|note_|observation[ _]status|unit[ _]multiplier|unit[ _]measure|units?$"
    r"|geo_?code|obs_value|value$)",
    re.IGNORECASE,
)
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "obs_value": ("obs_value", "Value", "value"),
    "sex": ("sex", "sex.label", "Sex"),
    "ref_area": ("ref_area", "ref_area.label"),
    "time": ("time", "Year", "year"),
}
_SEX_NORMAL = {
    "sex_m": "M",
    "male": "M",
    "men": "M",
    "m": "M",
    "sex_f": "F",
    "female": "F",
    "women": "F",
    "f": "F",
    "sex_t": "T",
    "total": "T",
    "": "T",
    "sex_o": "O",
    "other": "O",
}


def _resolve(df: pd.DataFrame, name: str, default: str) -> str | None:
    if name in df.columns:
        return name
    if name == default:
        for alt in _ALIASES.get(default, ()):
            if alt in df.columns:
                return alt
    return None


def _norm_sex(values: pd.Series[Any]) -> pd.Series[Any]:
    s = values.astype("string").fillna("").str.strip()
    s = s.str.replace(r"^sex:\s*", "", regex=True, case=False).str.lower()
    return s.map(lambda v: _SEX_NORMAL.get(v, v))


def _infer_concepts(df: pd.DataFrame) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Infer (statistic, earnings period) per row from indicator text and notes."""
    text = pd.Series("", index=df.index, dtype="string")
    for col in df.columns:
        lc = str(col).lower()
        if lc.startswith(("indicator", "series", "note_indicator", "unit")):
            text = text + " " + df[col].astype("string").fillna("")
    t = text.str.lower()
    stat = pd.Series("unknown", index=df.index, dtype="string")
    stat = stat.mask(t.str.contains(r"\bmean\b|\baverage\b", regex=True), "mean")
    stat = stat.mask(t.str.contains(r"\bmedian\b", regex=True), "median")
    stat = stat.mask(t.str.contains("central tendency measure: median", regex=False), "median")
    stat = stat.mask(t.str.contains("central tendency measure: mean", regex=False), "mean")
    period = pd.Series("unknown", index=df.index, dtype="string")
    patterns = (
        ("annual", r"\b(?:annual|yearly) (?:earnings|wages?|pay|income)\b|\bper year\b"),
        ("weekly", r"\bweekly\b|\bper week\b"),
        ("monthly", r"\bmonthly\b|\bper month\b"),
        ("hourly", r"\bhourly\b|\bper hour\b"),
    )
    for word, pattern in patterns:
        period = period.mask(t.str.contains(pattern, regex=True), word)
    return stat, period


def gender_pay_gap(
    data: pd.DataFrame,
    *,
    value: str = "obs_value",
    sex: str = "sex",
    by: str | Sequence[str] = ("ref_area", "time"),
    male: str = "SEX_M",
    female: str = "SEX_F",
    statistic: Literal["mean", "median"] | None = None,
    earnings_period: Literal["hourly", "weekly", "monthly", "annual"] | None = None,
) -> GenderPayGapResult:
    r"""Unadjusted gender pay gap, :math:`(male − female) / male × 100` [%].

    Works directly on ILOSTAT earnings extracts (sex as codes ``SEX_M``/``SEX_F`` or labels
    ``Male``/``Female``/``Sex: Male``; ``*.label`` column names) and on Open SDG 8.5.1 files
    (``Year``, ``Sex`` = ``Male``/``Female``, ``Value``).

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with one row per sex and disaggregation.
    value : str
        Earnings column [currency per hour/month, as in the data]; ``Value`` / ``value`` are
        used when the default ``obs_value`` is absent.
    sex : str
        Sex column; ``sex.label`` / ``Sex`` are used when the default is absent.
    by : str or sequence of str
        Primary keys (``time`` is matched to ``Year`` in Open SDG files). **Every other
        disaggregation column** in the data (e.g. ``classif1``, ``source``, ``Age``,
        ``Occupation``, ``Working Pattern``) is added to the keys, so male and female earnings
        are only ever paired within the same cell; attribute columns (``obs_status``,
        ``note_*``, ``Unit measure``, ``GeoCode``...) are not keys. Filter the data first to
        drop a disaggregation.
    male, female : str
        Codes or labels of men and women; matched after normalisation, so ``SEX_M``, ``Male``
        and ``Sex: Male`` are the same.
    statistic : {"mean", "median"}, optional
        Central tendency of the earnings; inferred per row from indicator text and notes
        ("Average ... earnings", "Central tendency measure: Median") when not given, else
        ``"unknown"``.
    earnings_period : {"hourly", "weekly", "monthly", "annual"}, optional
        Earnings period; inferred from the indicator text when not given.

    Returns
    -------
    GenderPayGapResult
        ``components``: keys, ``male``, ``female``, ``gap`` [%], ``statistic`` and
        ``earnings_period`` per row (male and female always share them).

    Raises
    ------
    pedw.errors.SchemaError
        Missing columns, or no male/female rows.
    pedw.errors.DuplicateKeyError
        Two rows for the same sex and key.
    pedw.errors.InvalidValueError
        Zero or negative earnings.
    pedw.errors.UnitMismatchError
        Male and female rows of one cell with different statistics or periods.

    Notes
    -----
    .. math::

        GPG = \frac{\bar w_M - \bar w_F}{\bar w_M} \times 100

    SDG 8.5.1 defines it on **mean hourly** earnings; the ILO Global Wage Report also reports
    median and monthly variants. pedw records which one the data hold and never pairs a mean
    with a median. Rows of other sex values (total, other) are not used; their counts are in
    ``result.meta["rows_not_used"]``.

    References
    ----------
    .. [1] UN SDG metadata 8.5.1 (custodian ILO), gender pay gap formula.
    .. [2] ILO (2018). Global Wage Report 2018/19: What lies behind gender pay gaps.

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.wages import gender_pay_gap
    >>> df = pd.DataFrame({"ref_area": ["X", "X"], "time": [2020, 2020],
    ...                    "sex": ["SEX_M", "SEX_F"], "obs_value": [20.0, 17.0]})
    >>> gender_pay_gap(df).components["gap"].tolist()
    [15.0]
    """
    df = ensure_frame(data)
    vcol = _resolve(df, value, "obs_value")
    scol = _resolve(df, sex, "sex")
    if vcol is None or scol is None:
        missing = [n for n, c in ((value, vcol), (sex, scol)) if c is None]
        require_columns(df, missing, roles={value: "value", sex: "sex"})
    assert vcol is not None and scol is not None
    open_sdg = "Value" in df.columns and "Year" in df.columns
    keys: list[str] = []
    for k in as_list(by):
        rk = _resolve(df, k, k)
        if rk is None:
            if open_sdg and k == "ref_area":
                continue
            require_columns(df, [k], roles={k: "by"})
        else:
            keys.append(rk)
    skip = {vcol, scol, *keys}
    # labels of the sex column (e.g. ``sex_label`` next to ``sex`` codes) are not keys
    skip |= {f"{scol}_label", f"{scol}.label", "sex_label", "sex.label"}
    extra = [c for c in df.columns if c not in skip and not _ATTRIBUTE.match(str(c))]
    allkeys = [*keys, *extra]
    require_numeric(df, [vcol], keys=allkeys)

    s_norm = _norm_sex(df[scol])
    m_code = _SEX_NORMAL.get(
        re.sub(r"^sex:\s*", "", male.strip(), flags=re.IGNORECASE).lower(), male
    )
    f_code = _SEX_NORMAL.get(
        re.sub(r"^sex:\s*", "", female.strip(), flags=re.IGNORECASE).lower(), female
    )
    is_m = (s_norm == m_code).to_numpy()
    is_f = (s_norm == f_code).to_numpy()
    if not is_m.any() or not is_f.any():
        raise SchemaError(
            f"No rows for male={male!r} and/or female={female!r} in column {scol!r}; it holds "
            f"{pd.unique(df[scol].astype('string')).tolist()[:8]}.",
            hint="pass male=... and female=... as they appear in the data",
            column=scol,
        )
    other = ~(is_m | is_f)
    other_vals = s_norm[other]
    rows_not_used: dict[str, int] = {}
    n_total = int((other_vals == "T").sum())
    if n_total:
        rows_not_used["sex total / not stated"] = n_total
    n_other = int(len(other_vals) - n_total)
    if n_other:
        rows_not_used["other sex categories"] = n_other
        odd = pd.unique(df.loc[other & (s_norm != "T").to_numpy(), scol].astype("string"))
        warnings.warn(
            f"{n_other} rows have sex values other than male, female or total "
            f"({odd.tolist()[:5]}); they are not "
            "part of the pay gap. Counted in result.meta['rows_not_used'].",
            SkippedRowsWarning,
            stacklevel=2,
        )
    sub = df.loc[is_m | is_f, [*allkeys, vcol]].copy()
    sub["__sex"] = s_norm[is_m | is_f].to_numpy()
    stat, period = _infer_concepts(df.loc[is_m | is_f])
    sub["statistic"] = statistic if statistic is not None else stat.to_numpy()
    sub["earnings_period"] = earnings_period if earnings_period is not None else period.to_numpy()
    nan_val = sub[vcol].isna().to_numpy()
    if nan_val.any():
        rows_not_used["missing value"] = int(nan_val.sum())
        warnings.warn(
            f"{int(nan_val.sum())} male/female rows have no value; their cells get no gap.",
            MissingDataWarning,
            stacklevel=2,
        )
        sub = sub.loc[~nan_val]
    require_unique(sub, [*allkeys, "__sex"])
    check_sign(
        sub,
        [vcol],
        keys=[*allkeys, "__sex"],
        strict=True,
        hint="earnings must be positive; check for codes such as 0 for 'not available'",
    )
    male_rows = sub.loc[sub["__sex"] == m_code].drop(columns="__sex")
    female_rows = sub.loc[sub["__sex"] == f_code].drop(columns="__sex")
    merged = male_rows.merge(
        female_rows, on=allkeys, how="inner", suffixes=("_m", "_f"), sort=False
    )
    for concept in ("statistic", "earnings_period"):
        bad = (merged[f"{concept}_m"] != merged[f"{concept}_f"]).to_numpy()
        if bad.any():
            raise UnitMismatchError(
                f"Male and female earnings of the same cell differ in {concept}: "
                f"{merged.loc[bad, f'{concept}_m'].iloc[0]!r} vs "
                f"{merged.loc[bad, f'{concept}_f'].iloc[0]!r}.",
                hint="select one statistic (mean or median) and one period before calling",
                rows=describe_rows(merged, bad, allkeys),
            )
    unpaired = len(male_rows) + len(female_rows) - 2 * len(merged)
    if unpaired:
        rows_not_used["male or female row without its pair"] = int(unpaired)
        warnings.warn(
            f"{int(unpaired)} male or female rows have no counterpart of the other sex in the "
            "same cell; they get no gap. Counted in result.meta['rows_not_used'].",
            MissingDataWarning,
            stacklevel=2,
        )
    comp = merged[allkeys].copy()
    comp["male"] = merged[f"{vcol}_m"].to_numpy(dtype=float)
    comp["female"] = merged[f"{vcol}_f"].to_numpy(dtype=float)
    comp["gap"] = (comp["male"] - comp["female"]) / comp["male"] * 100.0
    comp["statistic"] = merged["statistic_m"].to_numpy()
    comp["earnings_period"] = merged["earnings_period_m"].to_numpy()
    comp = comp.reset_index(drop=True)
    stats = sorted(set(comp["statistic"].astype(str)))
    periods = sorted(set(comp["earnings_period"].astype(str)))
    meta = _base_meta(
        df,
        {},
        value_column=vcol,
        sex_column=scol,
        keys_used=allkeys,
        statistic=stats[0] if len(stats) == 1 else stats,
        earnings_period=periods[0] if len(periods) == 1 else periods,
        rows_not_used=rows_not_used or None,
    )
    return GenderPayGapResult(
        components=comp,
        method="unadjusted (male - female) / male",
        keys=tuple(allkeys),
        terms=("gap",),
        total=None,
        units="% of male earnings",
        citation=CITE_SDG851,
        meta=meta,
        additive=False,
    )


# ============================================================================ unit labour cost
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class UnitLabourCostResult(Result):
    """Unit labour costs, nominal and real, and their indices.

    Attributes
    ----------
    components : pandas.DataFrame
        Keys, ``ulc`` [compensation currency per unit of real output], ``ulc_index``
        [index, base = 100] and, with a deflator, ``real_ulc`` [ratio to the deflator] and
        ``real_ulc_index`` [index, base = 100].
    base : int
        Base year of the indices.
    """

    base: int = 2015
    title: ClassVar[str] = "Unit labour cost"


def unit_labour_cost(
    data: pd.DataFrame,
    *,
    base: int,
    compensation: str = "compensation",
    employees: str = "employees",
    productivity: str = "productivity",
    deflator: str | None = None,
    by: str | Sequence[str] | None = "ref_area",
    time: str = "time",
    units: Mapping[str, str] | None = None,
) -> UnitLabourCostResult:
    r"""Compute unit labour costs: compensation per employee over productivity, indexed.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, one row per group and year.
    base : int
        Base year of the indices (= 100); every group must have it.
    compensation : str
        Compensation of employees [current prices].
    employees : str
        Employees (or their hours) [persons or hours, same labour unit as ``productivity``].
    productivity : str
        Real labour productivity [constant-price output per person employed or per hour].
    deflator : str, optional
        Output (GDP) deflator [index, any base] for the real ULC (= the adjusted labour share up
        to a constant).
    by : str, sequence of str or None
        Group column(s).
    time : str
        Year column.
    units : mapping, optional
        Column -> unit text, overriding ``df.attrs["pedw"]["units"]``.

    Returns
    -------
    UnitLabourCostResult
        ``ulc``, ``ulc_index`` and (with ``deflator``) ``real_ulc``, ``real_ulc_index``.

    Raises
    ------
    pedw.errors.InsufficientDataError
        A group without the base year.
    pedw.errors.InvalidValueError
        Zero or negative inputs.
    pedw.errors.UnitMismatchError
        Nominal productivity, real compensation, or different labour units.

    Notes
    -----
    .. math::

        ULC_t = \frac{CoE_t / E_t}{LP_t}, \qquad
        RULC_t = \frac{ULC_t}{P_{Y,t}}, \qquad
        ULC^{idx}_t = 100\,\frac{ULC_t}{ULC_b}

    Because :math:`LP = Y / (P_Y N)`, :math:`RULC = (CoE/E) N / Y`: the real ULC is the
    labour share with the self-employed paid the employee average (Gollin adjustment 3).

    References
    ----------
    .. [1] OECD (2024). OECD Compendium of Productivity Indicators 2024, ch. 8.

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.wages import unit_labour_cost
    >>> df = pd.DataFrame({"time": [2015, 2016], "compensation": [100.0, 110.0],
    ...                    "employees": [10.0, 10.0], "productivity": [2.0, 2.0]})
    >>> unit_labour_cost(df, base=2015, by=None).components["ulc_index"].round(6).tolist()
    [100.0, 110.0]
    """
    df = ensure_frame(data)
    g = as_list(by)
    keys = [*g, time]
    numeric = [compensation, employees, productivity, *([deflator] if deflator else [])]
    roles = {
        compensation: "compensation",
        employees: "employees",
        productivity: "productivity",
        time: "time",
    }
    if deflator:
        roles[deflator] = "deflator"
    roles.update(dict.fromkeys(g, "by"))
    require_columns(df, [*keys, *numeric], roles=roles)
    require_numeric(df, numeric, keys=keys)
    require_unique(df, keys)
    check_sign(df, numeric, keys=keys, strict=True)
    _check_not_nominal(df, [productivity], units, what="unit labour cost (productivity)")
    _check_not_real(df, [compensation], units, what="unit labour cost (compensation)")
    found = _check_same_units(
        df, [employees, productivity], units, aspects=("per",), what="unit labour cost"
    )
    comp = df[keys].copy()
    ulc = (
        df[compensation].to_numpy(dtype=float)
        / df[employees].to_numpy(dtype=float)
        / df[productivity].to_numpy(dtype=float)
    )
    comp["ulc"] = ulc
    cols = ["ulc"]
    if deflator:
        comp["real_ulc"] = ulc / df[deflator].to_numpy(dtype=float)
        cols.append("real_ulc")
    comp = comp.reset_index(drop=True)
    at_base = comp.loc[comp[time] == base]
    if g:
        base_vals = at_base[[*g, *cols]].rename(columns={c: f"{c}__b" for c in cols})
        joined = comp.merge(base_vals, on=g, how="left", sort=False)
        lack = joined[f"{cols[0]}__b"].isna().to_numpy()
        if lack.any():
            names = sorted(
                {_label(t) for t in comp.loc[lack, g].itertuples(index=False, name=None)}
            )
            raise InsufficientDataError(
                f"The base year {base} is missing for {len(names)} group(s): {names[:8]}.",
                hint="choose a base year every group has (base=...)",
                group=names if len(names) > 1 else names[0],
                period=base,
            )
        for c in cols:
            comp[f"{c}_index"] = 100.0 * (comp[c].to_numpy() / joined[f"{c}__b"].to_numpy())
    else:
        if at_base.empty:
            raise InsufficientDataError(f"The base year {base} is missing.", period=base)
        for c in cols:
            comp[f"{c}_index"] = 100.0 * (comp[c] / float(at_base[c].iloc[0]))
    comp = comp.sort_values(keys, kind="stable").reset_index(drop=True)
    terms = ("ulc", "ulc_index", *(("real_ulc", "real_ulc_index") if deflator else ()))
    return UnitLabourCostResult(
        components=comp,
        method="nominal and real" if deflator else "nominal",
        keys=tuple(keys),
        terms=terms,
        total=None,
        units=f"ulc: compensation currency per unit of real output; indices: base={base}=100",
        citation=CITE_ULC,
        meta=_base_meta(df, found, base=base, deflator=deflator),
        additive=False,
        base=base,
    )
