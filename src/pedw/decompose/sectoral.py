r"""Sectoral decompositions of aggregate labour-productivity growth (within vs structural change).

One function, :func:`sectoral`, covers the four conventions found in the literature:

- ``"classic"`` -- Fabricant (1942); Timmer & Szirmai (2000); de Vries, Timmer & de Vries (2015):
  ``within``, ``static`` and ``dynamic`` reallocation;
- ``"mcmillan_rodrik"`` -- McMillan & Rodrik (2011): ``within`` and ``structural``
  (``structural == static + dynamic``);
- ``"shapley"`` -- midpoint weights, the exact Shapley value of the bilinear identity
  :math:`P = \sum_i s_i y_i`: ``within`` and ``reallocation``;
- ``"gead"`` -- Tang & Wang (2004), Dumagan (2013): relative-price weighted, exact for
  chain-linked (non-additive) volumes: ``within``, ``denison`` and ``baumol``.

Everything is computed for all groups (countries) and periods at once: the start and end frames
are merged on integer codes and summed with ``numpy.bincount``; there is no Python loop over
countries, sectors or periods.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeAlias, cast

import numpy as np
import pandas as pd

from pedw._result import Result
from pedw._types import AnnualConvention, Scale, SectoralMethod, check_option
from pedw._validate import (
    as_list,
    check_no_aggregates,
    check_no_missing,
    check_sign,
    describe_rows,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    NegativeValueWarning,
    NonAdditiveVolumesWarning,
    OptionError,
    SkippedRowsWarning,
)
from pedw.schema import get_meta, resolve_meta

__all__ = ["SectoralResult", "sectoral"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.intp]]

#: Term columns of each method, in presentation order.
TERMS: Mapping[str, tuple[str, ...]] = {
    "classic": ("within", "static", "dynamic"),
    "mcmillan_rodrik": ("within", "structural"),
    "shapley": ("within", "reallocation"),
    "gead": ("within", "denison", "baumol"),
}

CITATIONS: Mapping[str, str] = {
    "classic": (
        "Timmer, M. P. & Szirmai, A. (2000), Structural Change and Economic Dynamics 11(4): "
        "371-392, "
        "doi:10.1016/S0954-349X(00)00023-0; de Vries, G., Timmer, M. & de Vries, K. (2015), "
        "Journal of Development Studies 51(6): 674-688, doi:10.1080/00220388.2014.997222"
    ),
    "mcmillan_rodrik": (
        "McMillan, M. & Rodrik, D. (2011), NBER WP 17143, doi:10.3386/w17143; McMillan, M., "
        "Rodrik, D. & Verduzco-Gallo, I. (2014), World Development 63: 11-32, "
        "doi:10.1016/j.worlddev.2013.10.012"
    ),
    "shapley": (
        "Shorrocks, A. F. (2013), Journal of Economic Inequality 11(1): 99-126, "
        "doi:10.1007/s10888-011-9214-z (Shapley value of P = sum s_i y_i: midpoint weights)"
    ),
    "gead": (
        "Tang, J. & Wang, W. (2004), Canadian Journal of Economics 37(2): 421-444, "
        "doi:10.1111/j.0008-4085.2004.00009.x; Dumagan, J. C. (2013), Review of Income and "
        "Wealth 59(1): 157-168, doi:10.1111/j.1475-4991.2012.00513.x"
    ),
}

_NON_ADDITIVE_RTOL = 1e-6
#: Treatment of sectors present (or employing anyone) in one year of a period only.
Unmatched: TypeAlias = Literal["error", "drop"]
#: Largest (group x sector x year) cube aligned by dense indexing (else an outer merge).
_DENSE_LIMIT = 1 << 20


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class SectoralResult(Result):
    """Result of :func:`sectoral`.

    Attributes
    ----------
    components : pandas.DataFrame
        One row per group and period: the ``by`` keys, ``start``, ``end``, the method's terms,
        ``total``, and the aggregate productivity levels ``p0`` and ``p1`` [output units per
        labour unit]. With ``total_output=`` also ``p0_official``, ``p1_official``,
        ``official_total`` (the change of the official aggregate, in the result's scale) and
        ``residual = official_total - total``.
    contributions : pandas.DataFrame
        The same terms by sector (``by`` keys, ``start``, ``end``, ``sector``, terms, ``total``);
        summed over sectors they give ``components``.
    links : pandas.DataFrame or None
        With ``chain=True``: the level terms of every annual link (``link_start``,
        ``link_end``), whose sums over the links of a period are the period's level terms.
    dropped : pandas.DataFrame
        Sector rows left out of a period (``by`` keys, ``start``, ``end``, ``sector``,
        ``reason``): sectors with zero output and zero employment in both years, and -- only
        when ``unmatched="drop"`` -- sectors present (or employing anyone) in one year only.
    excluded : tuple
        Sectors removed by ``exclude=``.
    scale : str
        ``"growth"``, ``"level"`` or ``"annual"``.
    annual : str
        Annualisation convention (``"compound"`` or ``"simple"``).
    chain : bool
        Whether periods were chained from annual links.
    """

    contributions: pd.DataFrame = field(default_factory=pd.DataFrame)
    links: pd.DataFrame | None = None
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)
    excluded: tuple[Hashable, ...] = ()
    scale: str = "growth"
    annual: str = "compound"
    chain: bool = False

    title: ClassVar[str] = "Sectoral decomposition of aggregate labour productivity"
    plot_kind: ClassVar[str] = "sectoral"

    @property
    def levels(self) -> pd.DataFrame:
        """Aggregate productivity at the start (``p0``) and end (``p1``) of each period.

        Returns
        -------
        pandas.DataFrame
            Key columns with ``p0`` and ``p1`` [output units per labour unit].
        """
        keys = [k for k in self.keys if k in self.components.columns]
        extra = [c for c in ("p0_official", "p1_official") if c in self.components.columns]
        return self.components[[*keys, "p0", "p1", *extra]].copy()


# ------------------------------------------------------------------------------------- periods
def _is_seq(x: object) -> bool:
    return isinstance(x, Sequence | np.ndarray | pd.Index | pd.Series) and not isinstance(
        x, str | bytes
    )


def _resolve_periods(
    years: Sequence[Any], start: Any, end: Any, periods: Sequence[Any] | None
) -> list[tuple[Any, Any]]:
    avail = sorted(set(years))
    if periods is not None:
        if start is not None or end is not None:
            raise OptionError(
                "Pass either periods=[...] or start=/end=, not both.",
                hint="periods=[1990, 2000, 2010] means the periods 1990-2000 and 2000-2010",
            )
        pts = list(periods)
        if len(pts) < 2:
            raise OptionError(
                f"periods={pts!r} needs at least two years.", hint="e.g. periods=[1990, 2005]"
            )
        pairs = list(itertools.pairwise(pts))
    else:
        if not avail:
            raise InsufficientDataError("The data have no rows.", hint="pass a non-empty panel")
        s = avail[0] if start is None else start
        e = avail[-1] if end is None else end
        ss = list(s) if _is_seq(s) else None
        es = list(e) if _is_seq(e) else None
        if ss is None and es is None:
            pairs = [(s, e)]
        elif ss is not None and es is not None:
            if len(ss) != len(es):
                raise OptionError(
                    f"start and end have different lengths ({len(ss)} and {len(es)}).",
                    hint="pass one start year per end year, or periods=[...]",
                )
            pairs = list(zip(ss, es, strict=True))
        elif ss is not None:
            pairs = [(x, e) for x in ss]
        else:
            assert es is not None
            pairs = [(s, x) for x in es]
    aset = set(avail)
    for a, b in pairs:
        if a == b:
            raise OptionError(
                f"A period starts and ends in the same year ({a!r}).",
                hint="use different start and end years",
                period=a,
            )
        for y in (a, b):
            if y not in aset:
                raise InsufficientDataError(
                    f"Year {y!r} is not in the data (years available: {avail[0]!r}-{avail[-1]!r}).",
                    hint="choose start/end/periods among the years in the data",
                    period=y,
                )
    return pairs


def _links(
    pairs: list[tuple[Any, Any]], years: Sequence[Any], chain: bool
) -> tuple[pd.DataFrame, list[tuple[Any, Any]]]:
    """Return the link table (pid, link, t0, t1) and the period pairs."""
    avail = sorted(set(years))
    rows: list[tuple[int, Any, Any]] = []
    for pid, (a, b) in enumerate(pairs):  # loop over the (few) requested periods' metadata only
        if chain:
            lo, hi = (a, b) if a < b else (b, a)
            path = [y for y in avail if lo <= y <= hi]
            if a > b:
                path = path[::-1]
            rows.extend((pid, t0, t1) for t0, t1 in itertools.pairwise(path))
        else:
            rows.append((pid, a, b))
    links = pd.DataFrame(rows, columns=["pid", "t0", "t1"])
    links["link"] = np.arange(len(links))
    return links, pairs


# ------------------------------------------------------------------------------------- helpers
def _group_label(groups: pd.DataFrame, gid: int) -> Any:
    if groups.shape[1] == 0:
        return None
    row = groups.iloc[gid]
    return row.iloc[0] if groups.shape[1] == 1 else tuple(row.tolist())


def _frame(
    groups: pd.DataFrame, idx: np.ndarray[Any, Any], cols: Mapping[str, Any]
) -> pd.DataFrame:
    """Build a frame with the group keys taken at ``idx`` and further columns, in one go."""
    data: dict[str, Any] = {c: groups[c].array.take(idx) for c in groups.columns}
    data.update(cols)
    return pd.DataFrame(data, index=pd.RangeIndex(len(idx)))


def _total_table(
    data: pd.DataFrame,
    total_output: str | pd.DataFrame,
    by: list[str],
    time: str,
    output: str,
) -> pd.DataFrame:
    """Return the aggregate output as a frame [*by, time, _X]."""
    if isinstance(total_output, str):
        require_columns(data, [total_output], roles={total_output: "total_output"})
        require_numeric(data, [total_output], keys=[*by, time])
        tab = data[[*by, time, total_output]]
        n = tab.groupby([*by, time], sort=False, dropna=False)[total_output].nunique()
        if (n > 1).any():
            raise InvalidValueError(
                f"Column {total_output!r} (total_output) is not constant within a group-year.",
                hint="total_output must repeat the aggregate output on every sector row of a "
                "group-year, or be a frame with one row per group-year",
                column=total_output,
            )
        tab = tab.drop_duplicates([*by, time])
        return tab.rename(columns={total_output: "_X"})
    tab = ensure_frame(total_output, argument="total_output")
    value = output if output in tab.columns else None
    if value is None:
        others = [c for c in tab.columns if c not in (*by, time)]
        if len(others) != 1:
            raise OptionError(
                "total_output frame must hold the key columns and one value column "
                f"(or a column named {output!r}); it has {list(map(str, tab.columns))}.",
                hint=f"pass total_output=df[[*by, {time!r}, {output!r}]]",
            )
        value = str(others[0])
    require_columns(tab, [*by, time, value])
    require_numeric(tab, [value], keys=[*by, time])
    require_unique(tab, [*by, time])
    return tab[[*by, time, value]].rename(columns={value: "_X"})


def _align(
    g: IntArray,
    s: IntArray,
    t: np.ndarray[Any, Any],
    values: list[FloatArray],
    links: pd.DataFrame,
    n_g: int,
    n_s: int,
) -> tuple[dict[str, np.ndarray[Any, Any]], IntArray, IntArray]:
    """Pair every (group, sector) row of each link's start year with its end-year row.

    Returns arrays ``link, g, s, side`` (0: in both years, 1: start only, 2: end only) and
    ``Y0, L0, Y1, L1[, V0, V1]``, plus the number of rows per (link, group) in each year.
    Dense integer indexing when the (group x sector x year) cube is small, an outer merge
    otherwise; both are vectorised over all groups, sectors and links.
    """
    names = ["Y", "L", "V"][: len(values)]
    n_l = len(links)
    years, tcode = np.unique(t, return_inverse=True)
    n_t = len(years)
    t0c = np.searchsorted(years, links["t0"].to_numpy())
    t1c = np.searchsorted(years, links["t1"].to_numpy())
    link_ids = links["link"].to_numpy(dtype=np.intp)
    cube = n_g * n_s * n_t
    out: dict[str, np.ndarray[Any, Any]] = {}
    if _DENSE_LIMIT > 0 and cube <= max(8 * len(g), _DENSE_LIMIT):
        flat = (g * n_s + s) * n_t + tcode
        present = np.zeros(cube, dtype=bool)
        present[flat] = True
        dense = []
        for v in values:  # 2-3 measures
            d = np.full(cube, np.nan)
            d[flat] = v
            dense.append(d)
        gs = np.arange(n_g * n_s, dtype=np.intp)
        pos0 = (gs[None, :] * n_t + t0c[:, None]).ravel()  # (link, group*sector)
        pos1 = (gs[None, :] * n_t + t1c[:, None]).ravel()
        p0, p1 = present[pos0], present[pos1]
        keep = p0 | p1
        gs_rep = np.tile(gs, n_l)[keep]
        out["link"] = np.repeat(link_ids, n_g * n_s)[keep]
        out["g"], out["s"] = gs_rep // n_s, gs_rep % n_s
        out["side"] = np.where(p0 & p1, 0, np.where(p0, 1, 2))[keep]
        for name, d in zip(names, dense, strict=True):
            out[name + "0"] = d[pos0[keep]]
            out[name + "1"] = d[pos1[keep]]
        lg_all = np.repeat(link_ids, n_g * n_s) * n_g + np.tile(gs // n_s, n_l)
        cnt0 = np.bincount(lg_all, weights=p0, minlength=n_l * n_g).astype(np.intp)
        cnt1 = np.bincount(lg_all, weights=p1, minlength=n_l * n_g).astype(np.intp)
        return out, cnt0, cnt1
    core = pd.DataFrame({"g": g, "s": s, "t": t, **dict(zip(names, values, strict=True))})
    left = links[["link", "t0"]].merge(core, left_on="t0", right_on="t")
    right = links[["link", "t1"]].merge(core, left_on="t1", right_on="t")
    m = left[["link", "g", "s", *names]].merge(
        right[["link", "g", "s", *names]],
        on=["link", "g", "s"],
        how="outer",
        suffixes=("0", "1"),
        indicator=True,
    )
    for k in ("link", "g", "s"):
        out[k] = m[k].to_numpy(dtype=np.intp)
    side = m["_merge"].astype(str).to_numpy()
    out["side"] = np.where(side == "both", 0, np.where(side == "left_only", 1, 2))
    for name in names:
        out[name + "0"] = m[name + "0"].to_numpy(dtype=float)
        out[name + "1"] = m[name + "1"].to_numpy(dtype=float)
    cnt0 = np.bincount(left["link"] * n_g + left["g"], minlength=n_l * n_g)
    cnt1 = np.bincount(right["link"] * n_g + right["g"], minlength=n_l * n_g)
    return out, cnt0.astype(np.intp), cnt1.astype(np.intp)


# ------------------------------------------------------------------------------------- main
def sectoral(
    data: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    periods: Sequence[Any] | None = None,
    method: SectoralMethod = "classic",
    by: str | Sequence[str] | None = "ref_area",
    sector: str = "sector",
    time: str = "time",
    output: str = "value_added",
    labour: str = "employment",
    output_nominal: str | None = None,
    scale: Scale = "growth",
    annual: AnnualConvention = "compound",
    chain: bool = False,
    total_output: str | pd.DataFrame | None = None,
    exclude: Sequence[Hashable] | None = None,
    sector_map: Mapping[Hashable, Hashable] | None = None,
    unmatched: Unmatched = "error",
    price_basis: str | None = None,
    labour_unit: str | None = None,
) -> SectoralResult:
    r"""Decompose the change in aggregate labour productivity into within and structural terms.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy sector panel: one row per group, year and sector with real output and labour.
    start, end : scalar or sequence, optional
        Base and end year(s) [year]. Sequences give several periods (zipped; a scalar is
        broadcast). Default: the first and last year in the data.
    periods : sequence, optional
        Break years, e.g. ``[1990, 2000, 2010]`` for 1990-2000 and 2000-2010. Exclusive with
        ``start``/``end``.
    method : {"classic", "mcmillan_rodrik", "shapley", "gead"}
        Decomposition (see Notes).
    by : str, sequence of str or None
        Group column(s), e.g. the country [default ``"ref_area"``]; ``None`` for one group.
    sector, time : str
        Sector and year columns.
    output : str
        Real value added [constant-price currency units].
    labour : str
        Labour input [persons or hours], e.g. persons engaged.
    output_nominal : str, optional
        Nominal value added [current prices]; required by ``method="gead"``.
    scale : {"growth", "level", "annual"}
        ``"growth"``: terms as a fraction of base-period aggregate productivity, summing to
        :math:`P_1/P_0-1` [fraction]; ``"level"``: in productivity units, summing to
        :math:`P_1-P_0` [output per labour unit]; ``"annual"``: annualised [fraction per year].
    annual : {"compound", "simple"}
        Annualisation for ``scale="annual"``: the compound rate allocated proportionally to the
        terms (default) or the simple average :math:`\text{term}/k`.
    chain : bool
        Decompose every annual link between start and end and sum the links in levels, so the
        chained terms add up exactly to the cumulative change.
    total_output : str or pandas.DataFrame, optional
        The official aggregate real output: a column of ``data`` repeated on every sector row,
        or a frame ``[*by, time, value]``. If the sectors do not add up to it (chain-linked
        volumes), a :class:`~pedw.errors.NonAdditiveVolumesWarning` is emitted; the result gains
        ``official_total`` and ``residual`` columns; with ``method="gead"`` it is the aggregate
        :math:`X` used.
    exclude : sequence, optional
        Sectors to leave out (e.g. enclave mining, or real estate with imputed rents and no
        workers). Recorded in ``result.excluded``.
    sector_map : mapping, optional
        Merge sectors before decomposing, e.g. ``{"Real estate": "Business services"}``.
    unmatched : {"error", "drop"}
        What to do with a sector present (or employing anyone) in only one year of a period:
        refuse (default), or drop it from that period and record it in ``result.dropped``.
    price_basis, labour_unit : str, optional
        Units, when ``data.attrs["pedw"]`` does not say.

    Returns
    -------
    SectoralResult
        ``components`` (by group and period), ``contributions`` (by sector), ``levels``,
        ``dropped``, ``excluded`` and metadata.

    Raises
    ------
    pedw.errors.SchemaError
        Missing or non-numeric columns.
    pedw.errors.DuplicateKeyError
        Two rows for one group, year and sector.
    pedw.errors.AggregateRowError
        An aggregate ("Total", "SUM") passed as a sector.
    pedw.errors.InvalidValueError
        Missing values, negative employment, zero employment with non-zero output, or a sector
        employing workers in one year only (unless ``unmatched="drop"``).
    pedw.errors.InvalidPanelError
        A sector present in only one year of a period (unless ``unmatched="drop"``).
    pedw.errors.InsufficientDataError
        A group without data in a start, end or (chained) intermediate year.

    Warns
    -----
    pedw.errors.NegativeValueWarning
        Negative value added in a sector.
    pedw.errors.NonAdditiveVolumesWarning
        Sectors do not add up to ``total_output``.
    pedw.errors.SkippedRowsWarning
        Sectors dropped (zero output and employment, or ``unmatched="drop"``).

    Notes
    -----
    With :math:`s_i = L_i/L` the labour share and :math:`y_i = Y_i/L_i` the productivity of
    sector :math:`i`, aggregate productivity is :math:`P = Y/L = \sum_i s_i y_i`.

    Classic (three-term, base-period weights):

    .. math::

        \Delta P = \underbrace{\sum_i s_{i0}\Delta y_i}_{within}
                 + \underbrace{\sum_i y_{i0}\Delta s_i}_{static}
                 + \underbrace{\sum_i \Delta y_i \Delta s_i}_{dynamic}

    McMillan-Rodrik: :math:`\Delta P = \sum_i s_{i0}\Delta y_i + \sum_i y_{i1}\Delta s_i`
    (``structural = static + dynamic``). Shapley (midpoint):
    :math:`\Delta P = \sum_i \bar s_i \Delta y_i + \sum_i \bar y_i \Delta s_i`.

    GEAD, with :math:`X` aggregate real output, :math:`P_i = V_i/X_i` the sector deflator,
    :math:`P_X = \sum_i V_i / X` and relative prices :math:`p_i = P_i/P_X`, so that
    :math:`X = \sum_i p_i X_i` exactly; :math:`z_i = X_i/L_i`, :math:`a_i = p_i s_i`,
    :math:`Z = X/L`:

    .. math::

        \Delta Z = \underbrace{\sum_i a_{i0}\Delta z_i}_{within}
                 + \underbrace{\sum_i z_{i0}\Delta a_i}_{denison}
                 + \underbrace{\sum_i \Delta z_i \Delta a_i}_{baumol}

    (``within / Z_0 = \sum_i w_{i0} \Delta z_i / z_{i0}`` with nominal VA shares
    :math:`w_{i0}`). ``scale="growth"`` divides by :math:`P_0`; ``scale="annual"`` with
    ``annual="compound"`` multiplies each level term by :math:`g_a/\Delta P` with
    :math:`g_a = (P_1/P_0)^{1/k}-1` and :math:`k` the number of years; ``"simple"`` divides
    by :math:`k P_0`. Chained periods sum the level terms of the annual links
    (:math:`P_T-P_0 = \sum_t \Delta P_t`) before scaling.

    References
    ----------
    .. [1] Timmer, M. P. & Szirmai, A. (2000). Productivity growth in Asian manufacturing: the
       structural bonus hypothesis examined. Structural Change and Economic Dynamics 11(4),
       371-392. doi:10.1016/S0954-349X(00)00023-0 (DOI not verified)
    .. [2] de Vries, G., Timmer, M. & de Vries, K. (2015). Structural transformation in Africa:
       static gains, dynamic losses. Journal of Development Studies 51(6), 674-688.
       doi:10.1080/00220388.2014.997222
    .. [3] McMillan, M. & Rodrik, D. (2011). Globalization, structural change and productivity
       growth. NBER WP 17143. doi:10.3386/w17143
    .. [4] Tang, J. & Wang, W. (2004). Sources of aggregate labour productivity growth in Canada
       and the United States. Canadian Journal of Economics 37(2), 421-444.
       doi:10.1111/j.0008-4085.2004.00009.x
    .. [5] Dumagan, J. C. (2013). A generalized exactly additive decomposition of aggregate labor
       productivity growth. Review of Income and Wealth 59(1), 157-168.
       doi:10.1111/j.1475-4991.2012.00513.x (DOI not verified; working paper PIDS DP 2011-19)

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "ref_area": "X", "time": [0, 0, 1, 1], "sector": ["a", "b", "a", "b"],
    ...     "value_added": [60.0, 120.0, 60.0, 216.0], "employment": [6.0, 4.0, 4.0, 6.0]})
    >>> res = sectoral(df, start=0, end=1, scale="level", price_basis="toy", labour_unit="toy")
    >>> res.components[["within", "static", "dynamic", "total"]].round(6).to_numpy().tolist()
    [[5.4, 4.0, 0.2, 9.6]]
    """
    check_option("method", method, SectoralMethod)
    check_option("scale", scale, Scale)
    check_option("annual", annual, AnnualConvention)
    check_option("unmatched", unmatched, Unmatched)
    df = ensure_frame(data)
    by_cols = as_list(by)
    nominal = output_nominal
    if method == "gead" and nominal is None:
        raise OptionError(
            'method="gead" needs nominal value added to compute relative prices.',
            hint="pass output_nominal='value_added_nominal' (the column with current-price VA)",
        )
    measures = [output, labour, *([nominal] if nominal is not None else [])]
    roles = {output: "output", labour: "labour", sector: "sector", time: "time"}
    if nominal is not None:
        roles[nominal] = "output_nominal"
    roles.update(dict.fromkeys(by_cols, "by"))
    require_columns(df, [*by_cols, time, sector, *measures], roles=roles)
    require_numeric(df, measures, keys=[*by_cols, time, sector])
    keys = [*by_cols, time, sector]
    meta_in = get_meta(df)
    stack = 2

    # ---------------------------------------------------------------- periods and used rows
    years = pd.unique(df[time].dropna()).tolist()
    pairs = _resolve_periods(years, start, end, periods)
    links, pairs = _links(pairs, years, chain)
    used_years = pd.unique(pd.concat([links["t0"], links["t1"]])).tolist()
    sub = df.loc[df[time].isin(used_years), keys + measures]
    check_no_aggregates(sub, sector, keys=keys)
    require_unique(sub, keys)
    check_no_missing(sub, measures, keys=keys)

    excluded: tuple[Hashable, ...] = ()
    if exclude is not None:
        excluded = tuple(exclude)
        unknown = sorted(map(str, set(excluded) - set(pd.unique(df[sector]).tolist())))
        if unknown:
            raise OptionError(
                f"exclude= names sectors that are not in the data: {unknown}.",
                hint=f"use labels from the {sector!r} column",
            )
        sub = sub.loc[~sub[sector].isin(excluded)]
    if sector_map is not None:
        mapped = sub[sector].map(lambda s: sector_map.get(s, s))
        sub = (
            sub.assign(**{sector: mapped})
            .groupby([*by_cols, time, sector], sort=False, dropna=False, observed=True)[measures]
            .sum()
            .reset_index()
        )

    check_sign(
        sub,
        [labour],
        keys=keys,
        hint="labour input cannot be negative; check the source and the units",
    )
    lab = sub[labour].to_numpy(dtype=float)
    out = sub[output].to_numpy(dtype=float)
    bad = (lab == 0) & (out != 0)
    if bad.any():
        first = sub.loc[bad].iloc[0]
        secs = pd.unique(sub.loc[bad, sector]).tolist()
        raise InvalidValueError(
            f"Sector {first[sector]!r} has output {first[output]!r} but zero {labour!r}, so its "
            "productivity is undefined (e.g. imputed rents of owner-occupiers with no workers).",
            hint=f"exclude it with exclude={secs!r}, or merge it into another sector with "
            f"sector_map={{{secs[0]!r}: '<other sector>'}}",
            group=first[by_cols[0]] if len(by_cols) == 1 else None,
            sector=first[sector],
            period=first[time],
            rows=describe_rows(sub, bad, keys),
        )
    neg = out < 0
    if neg.any():
        secs = pd.unique(sub.loc[neg, sector]).tolist()
        warnings.warn(
            f"{int(neg.sum())} sector-years have negative {output!r} (sectors {secs}); their "
            "productivity levels are negative and the static terms change sign.",
            NegativeValueWarning,
            stacklevel=stack,
        )

    # ---------------------------------------------------------------- integer codes
    if by_cols:
        gid_s = sub.groupby(by_cols, sort=False, dropna=False, observed=True).ngroup()
        gid = cast(IntArray, gid_s.to_numpy(dtype=np.intp))
        groups = sub.loc[~pd.Index(gid).duplicated(), by_cols].reset_index(drop=True)
    else:
        gid = cast(IntArray, np.zeros(len(sub), dtype=np.intp))
        groups = pd.DataFrame(index=range(1))
    n_g = len(groups)
    scode, sectors = pd.factorize(sub[sector], sort=False)
    n_s = len(sectors)
    n_l = len(links)
    extra_vals = [sub[nominal].to_numpy(dtype=float)] if nominal is not None else []
    m, cnt0, cnt1 = _align(
        gid, scode.astype(np.intp), sub[time].to_numpy(), [out, lab, *extra_vals], links, n_g, n_s
    )
    t0_of = links["t0"].to_numpy(dtype=object)  # Python scalars, for messages and frames
    t1_of = links["t1"].to_numpy(dtype=object)
    t0_num, t1_num = links["t0"].to_numpy(), links["t1"].to_numpy()
    pid_of = links["pid"].to_numpy()

    # groups without any row in a year of a link
    holes = (cnt0 == 0) | (cnt1 == 0)
    if holes.any():
        i = int(np.flatnonzero(holes)[0])
        link_i, g_i = divmod(i, n_g)
        year = t0_of[link_i] if cnt0[i] == 0 else t1_of[link_i]
        raise InsufficientDataError(
            f"A group has no rows in year {year!r}, needed for the period "
            f"{pairs[pid_of[link_i]][0]!r}-{pairs[pid_of[link_i]][1]!r}"
            + (" (chain=True uses every year in between)" if chain else "")
            + f"; {int(holes.sum())} group-links are affected.",
            hint="restrict the data or start/end/periods to years every group has, or select "
            "the groups first",
            group=_group_label(groups, g_i),
            period=year,
        )

    # ---------------------------------------------------------------- unmatched / empty sectors
    L0, L1 = m["L0"], m["L1"]
    only_one = m["side"] != 0
    both_zero = ~only_one & (L0 == 0) & (L1 == 0)
    one_zero = ~only_one & ((L0 == 0) ^ (L1 == 0))
    mlink, mg, ms = m["link"], m["g"], m["s"]
    if unmatched == "error" and (only_one.any() or one_zero.any()):
        i = int(np.flatnonzero(only_one | one_zero)[0])
        link_i = mlink[i]
        sec = sectors[ms[i]]
        grp = _group_label(groups, int(mg[i]))
        a, b = t0_of[link_i], t1_of[link_i]
        n_bad = int((only_one | one_zero).sum())
        hint = (
            "use the same sectors in both years (merge them with sector_map=..., or "
            f"exclude=[{sec!r}]), or pass unmatched='drop' to leave such sectors out of the "
            "period explicitly (recorded in result.dropped)"
        )
        if only_one[i]:
            missing_year = b if m["side"][i] == 1 else a
            raise InvalidPanelError(
                f"The sector sets differ between {a!r} and {b!r}: sector {sec!r} has no row in "
                f"{missing_year!r} ({n_bad} such sector-periods).",
                hint=hint,
                group=grp,
                sector=sec,
                period=missing_year,
            )
        zero_year = a if L0[i] == 0 else b
        raise InvalidValueError(
            f"Sector {sec!r} has zero {labour!r} in {zero_year!r} but not in the other year of "
            f"the period {a!r}-{b!r}, so its productivity is undefined there "
            f"({n_bad} such sector-periods).",
            hint=hint,
            group=grp,
            sector=sec,
            period=zero_year,
        )
    drop = both_zero | only_one | one_zero
    dropped = pd.DataFrame()
    if drop.any():
        reason = np.where(
            both_zero,
            "zero output and employment in both years",
            np.where(only_one, "sector missing in one year", "zero employment in one year"),
        )
        di = np.flatnonzero(drop)
        dropped = _frame(
            groups,
            mg[di],
            {
                "start": t0_num[mlink[di]],
                "end": t1_num[mlink[di]],
                sector: sectors[ms[di]],
                "reason": reason[di],
            },
        )
        warnings.warn(
            f"{len(di)} sector-periods were left out of the decomposition "
            f"({dict(pd.Series(reason[di]).value_counts())}); see result.dropped.",
            SkippedRowsWarning,
            stacklevel=stack,
        )
        keep = ~drop
        m = {k: v[keep] for k, v in m.items()}
        mlink, mg, ms = mlink[keep], mg[keep], ms[keep]

    Y0, Y1, L0, L1 = m["Y0"], m["Y1"], m["L0"], m["L1"]
    lg = mlink * n_g + mg
    size = n_l * n_g

    def gsum(x: FloatArray) -> FloatArray:
        return np.asarray(np.bincount(lg, weights=x, minlength=size), dtype=float)

    Lt0, Lt1 = gsum(L0), gsum(L1)
    empty = (Lt0 <= 0) | (Lt1 <= 0)
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise InsufficientDataError(
            "A group has no labour input left in a year of a period (all its sectors were "
            "dropped or excluded).",
            hint="check the data of this group or leave it out",
            group=_group_label(groups, i % n_g),
            period=t0_of[i // n_g] if Lt0[i] <= 0 else t1_of[i // n_g],
        )

    # official aggregate
    X0o = X1o = None
    if total_output is not None:
        tab = _total_table(df, total_output, by_cols, time, output)
        if by_cols:
            gkeys = groups.assign(g=np.arange(n_g))
            tab = tab.merge(gkeys, on=by_cols, how="inner")
        else:
            tab = tab.assign(g=0)
        xs = pd.Series(tab["_X"].to_numpy(dtype=float), index=[tab["g"], tab[time]])
        gg = np.tile(np.arange(n_g), n_l)
        idx0 = pd.MultiIndex.from_arrays([gg, np.repeat(t0_num, n_g)])
        idx1 = pd.MultiIndex.from_arrays([gg, np.repeat(t1_num, n_g)])
        X0o = xs.reindex(idx0).to_numpy(dtype=float)
        X1o = xs.reindex(idx1).to_numpy(dtype=float)
        if np.isnan(X0o).any() or np.isnan(X1o).any():
            i = int(np.flatnonzero(np.isnan(X0o) | np.isnan(X1o))[0])
            raise InvalidValueError(
                "total_output has no (or a missing) value for a group-year of a period.",
                hint="give the aggregate output for every group in every start/end year",
                group=_group_label(groups, i % n_g),
                period=t0_of[i // n_g] if np.isnan(X0o[i]) else t1_of[i // n_g],
            )
        Ys0, Ys1 = gsum(Y0), gsum(Y1)
        gap0 = (Ys0 - X0o) / np.abs(X0o)
        gap1 = (Ys1 - X1o) / np.abs(X1o)
        gap = np.maximum(np.abs(gap0), np.abs(gap1))
        if method != "gead" and (gap > _NON_ADDITIVE_RTOL).any():
            i = int(np.nanargmax(gap))
            yr = t0_of[i // n_g] if abs(gap0[i]) >= abs(gap1[i]) else t1_of[i // n_g]
            warnings.warn(
                f"The sectors' {output!r} do not add up to total_output: gap up to "
                f"{100 * gap[i]:.4g}% (group {_group_label(groups, i % n_g)!r}, year {yr!r}); "
                "chain-linked volumes are not additive, so the classic forms leave a residual "
                "against the official aggregate (see the 'residual' column). Use "
                f"method='gead' with output_nominal=<nominal VA column> for an exact "
                "decomposition.",
                NonAdditiveVolumesWarning,
                stacklevel=stack,
            )

    # ---------------------------------------------------------------- terms by sector row
    s0 = L0 / Lt0[lg]
    s1 = L1 / Lt1[lg]
    if method == "gead":
        V0, V1 = m["V0"], m["V1"]
        undefined = ((Y0 == 0) & (V0 != 0)) | ((Y1 == 0) & (V1 != 0))
        if undefined.any():
            i = int(np.flatnonzero(undefined)[0])
            raise InvalidValueError(
                "A sector has zero real output but non-zero nominal output, so its deflator "
                "(and relative price) is undefined.",
                hint="exclude the sector or merge it with sector_map=",
                group=_group_label(groups, int(mg[i])),
                sector=sectors[ms[i]],
            )
        Vt0, Vt1 = gsum(V0), gsum(V1)
        X0 = X0o if X0o is not None else gsum(Y0)
        X1 = X1o if X1o is not None else gsum(Y1)
        # relative price p_i = (V_i / X_i) / (V / X)
        with np.errstate(divide="ignore", invalid="ignore"):
            p0 = np.where(Y0 != 0, (V0 / Y0) * (X0[lg] / Vt0[lg]), 0.0)
            p1 = np.where(Y1 != 0, (V1 / Y1) * (X1[lg] / Vt1[lg]), 0.0)
        z0, z1 = Y0 / L0, Y1 / L1
        a0, a1 = p0 * s0, p1 * s1
        dz, da = z1 - z0, a1 - a0
        cols = {"within": a0 * dz, "denison": z0 * da, "baumol": dz * da}
        P0, P1 = X0 / Lt0, X1 / Lt1
    else:
        y0, y1 = Y0 / L0, Y1 / L1
        dy, ds = y1 - y0, s1 - s0
        if method == "classic":
            cols = {"within": s0 * dy, "static": y0 * ds, "dynamic": dy * ds}
        elif method == "mcmillan_rodrik":
            cols = {"within": s0 * dy, "structural": y1 * ds}
        else:
            cols = {
                "within": 0.5 * (s0 + s1) * dy,
                "reallocation": 0.5 * (y0 + y1) * ds,
            }
        P0, P1 = gsum(Y0) / Lt0, gsum(Y1) / Lt1
    terms = TERMS[method]

    # ---------------------------------------------------------------- links -> periods
    n_p = len(pairs)
    link_terms = {k: gsum(v).reshape(n_l, n_g) for k, v in cols.items()}
    link_total = (P1 - P0).reshape(n_l, n_g)
    starts_idx = np.flatnonzero(np.r_[True, pid_of[1:] != pid_of[:-1]])
    ends_idx = np.r_[starts_idx[1:] - 1, n_l - 1]
    per_terms = {k: np.add.reduceat(v, starts_idx, axis=0) for k, v in link_terms.items()}
    per_total = np.add.reduceat(link_total, starts_idx, axis=0)
    pp0 = P0.reshape(n_l, n_g)[starts_idx]
    pp1 = P1.reshape(n_l, n_g)[ends_idx]
    k_years = np.asarray(
        [float(b) - float(a) for a, b in pairs] if scale == "annual" else [1.0] * n_p
    )[:, None]

    def factor(p0v: FloatArray, change: FloatArray) -> FloatArray:
        if scale == "level":
            return np.ones(p0v.shape, dtype=float)
        if scale == "growth":
            return np.asarray(1.0 / p0v, dtype=float)
        if annual == "simple":
            return np.asarray(1.0 / (p0v * k_years), dtype=float)
        g = change / p0v
        if (1.0 + g <= 0).any() or (p0v <= 0).any():
            raise InvalidValueError(
                "Aggregate productivity is not positive at both ends of a period, so the "
                "compound annual rate is undefined.",
                hint="use annual='simple' or scale='growth'",
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.expm1(np.log1p(g) / k_years) / g
        f = np.where(g == 0, 1.0 / k_years, f)
        out: FloatArray = np.asarray(f / p0v, dtype=float)
        return out

    fac = factor(pp0, per_total)
    comp_parts: dict[str, Any] = {}
    order = (np.arange(n_g)[:, None] * 0 + np.arange(n_p)[None, :]).ravel()  # pid, group-major
    grp_idx = np.repeat(np.arange(n_g), n_p)

    def gm(a: FloatArray) -> FloatArray:  # (n_p, n_g) -> group-major flat
        return np.asarray(a.T.ravel(), dtype=float)

    for k in terms:
        comp_parts[k] = gm(per_terms[k] * fac)
    comp_parts["total"] = gm(per_total * fac)
    comp_parts["p0"] = gm(pp0)
    comp_parts["p1"] = gm(pp1)
    if X0o is not None and X1o is not None:
        po0 = (X0o / Lt0).reshape(n_l, n_g)[starts_idx]
        po1 = (X1o / Lt1).reshape(n_l, n_g)[ends_idx]
        ochange = po1 - po0
        ofac = factor(po0, ochange)
        comp_parts["p0_official"] = gm(po0)
        comp_parts["p1_official"] = gm(po1)
        comp_parts["official_total"] = gm(ochange * ofac)
        comp_parts["residual"] = comp_parts["official_total"] - comp_parts["total"]
    p_start = pd.Series([a for a, _ in pairs]).to_numpy()
    p_end = pd.Series([b for _, b in pairs]).to_numpy()
    components = _frame(
        groups, grp_idx, {"start": p_start[order], "end": p_end[order], **comp_parts}
    )

    # ---------------------------------------------------------------- contributions by sector
    mp = pid_of[mlink]
    cidx = (mg * n_p + mp) * n_s + ms  # group-major, then period, then sector
    csize = n_g * n_p * n_s
    present = np.bincount(cidx, minlength=csize) > 0
    fac_rows = fac.T.ravel()  # (group, period) flat
    pidx = np.tile(np.repeat(np.arange(n_p), n_s), n_g)[present]
    fsel = np.repeat(fac_rows, n_s)[present]
    ccols: dict[str, Any] = {
        "start": p_start[pidx],
        "end": p_end[pidx],
        sector: sectors[np.tile(np.arange(n_s), n_g * n_p)[present]],
    }
    ctot = np.zeros(int(present.sum()))
    for k in terms:  # loop over the 2-3 term names
        v = np.bincount(cidx, weights=cols[k], minlength=csize)[present] * fsel
        ccols[k] = v
        ctot = ctot + v
    ccols["total"] = ctot
    contrib = _frame(groups, np.repeat(np.arange(n_g), n_p * n_s)[present], ccols)

    link_frame = None
    if chain:
        link_frame = _frame(
            groups,
            np.tile(np.arange(n_g), n_l),
            {
                "start": p_start[np.repeat(pid_of, n_g)],
                "end": p_end[np.repeat(pid_of, n_g)],
                "link_start": np.repeat(t0_num, n_g),
                "link_end": np.repeat(t1_num, n_g),
                **{k: link_terms[k].ravel() for k in terms},
                "total": link_total.ravel(),
                "p0": P0,
                "p1": P1,
            },
        )

    # ---------------------------------------------------------------- metadata
    pb = resolve_meta(
        df, "price_basis", price_basis, what="data", warn=scale == "level", stacklevel=3
    )
    lu = resolve_meta(
        df, "labour_unit", labour_unit, what="data", warn=scale == "level", stacklevel=3
    )
    if scale == "growth":
        units = "share of base-period aggregate productivity [fraction]"
    elif scale == "annual":
        units = f"annual rate [fraction per year; {annual} convention]"
    else:
        units = f"aggregate labour productivity [{pb} per {lu}]"
    meta = {
        **meta_in,
        "method": method,
        "scale": scale,
        "annual": annual,
        "chain": chain,
        "price_basis": pb,
        "labour_unit": lu,
        "output": output,
        "labour": labour,
        "output_nominal": nominal,
        "periods": [(a, b) for a, b in pairs],
        "excluded": list(excluded),
        "sector_map": dict(sector_map) if sector_map is not None else None,
        "unmatched": unmatched,
        "n_dropped": len(dropped),
    }
    if dropped.empty:
        dropped = pd.DataFrame(columns=[*by_cols, "start", "end", sector, "reason"])
    if not meta_in.get("source"):
        meta["source"] = "user data"
    return SectoralResult(
        components=components,
        method=method,
        keys=(*by_cols, "start", "end"),
        terms=terms,
        total="total",
        units=units,
        citation=CITATIONS[method],
        meta=meta,
        contributions=contrib,
        links=link_frame,
        dropped=dropped,
        excluded=excluded,
        scale=scale,
        annual=annual,
        chain=chain,
    )
