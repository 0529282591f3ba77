r"""Default charts of the firm-level, regional and wage-productivity results."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from pedw._types import check_option
from pedw.errors import OptionError
from pedw.plot._bars import decomposition_bars
from pedw.plot._common import (
    PERIOD_KEYS,
    Orientation,
    add_source,
    bar_legend,
    constant_label,
    limit_rows,
    new_axes,
    row_labels,
    select,
    set_bar_labels,
    stacked_bars,
)
from pedw.plot._style import PALETTE, style_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = ["decoupling_bars", "firm_bars", "gap_chart", "regional_bars"]

#: Tick values of growth-factor axes (log scale).
_NICE_FACTORS = np.array(
    [
        0.1,
        0.2,
        0.3,
        0.4,
        0.5,
        0.6,
        0.7,
        0.8,
        0.85,
        0.9,
        0.95,
        1.0,
        1.05,
        1.1,
        1.15,
        1.2,
        1.3,
        1.4,
        1.5,
        1.75,
        2.0,
        2.5,
        3.0,
        4.0,
        5.0,
        7.5,
        10.0,
    ]
)


def _one_group(
    result: Result, frame: pd.DataFrame, group: Hashable | None
) -> tuple[pd.DataFrame, list[str]]:
    """Rows of one group (``group=`` value, or the only one), and the group key columns."""
    by = [k for k in result.keys if k not in PERIOD_KEYS and k in frame.columns]
    if not by:
        return frame, by
    wanted = group if isinstance(group, tuple) else (group,)
    if group is None:
        return select(frame, by[0], None, argument="group"), by
    for col, val in zip(by, wanted, strict=False):
        frame = select(frame, col, val, argument="group")
    return frame, by


# ------------------------------------------------------------------------------------- firm
def firm_bars(
    result: Result,
    *,
    group: Hashable | None = None,
    ax: Axes | None = None,
    orientation: Orientation = "vertical",
    title: str | None = None,
) -> Axes:
    r"""Firm-level decomposition over time: stacked within / between / entry / exit bars.

    One bar per period (Olley-Pakes: per year; dynamic methods: per ``start``-``end`` pair),
    in time order, with the total change of aggregate productivity as a point.

    Parameters
    ----------
    result : pedw.decompose.FirmResult
        Result of :func:`pedw.decompose.firm`.
    group : hashable, optional
        Value of the ``by`` column(s) to draw; required when the result has several groups
        (a tuple for several ``by`` columns).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    orientation : {"vertical", "horizontal"}
        Bar direction.
    title : str, optional
        Title; default the method and group.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one bar container per term, one marker line for the total.

    Notes
    -----
    The drawn terms add up to the total bar by bar, e.g. for Melitz & Polanec (2015)

    .. math::

        \Delta\Phi = \underbrace{\Delta\bar\varphi_S}_{within}
          + \underbrace{\Delta\mathrm{cov}_S}_{between}
          + \underbrace{s_{E2}(\Phi_{E2}-\Phi_{S2})}_{entry}
          + \underbrace{s_{X1}(\Phi_{S1}-\Phi_{X1})}_{exit}

    in the units of the result (log points when productivity is in logs). Periods whose terms
    are undefined (no survivors) show an empty bar; ``result.undefined`` lists them.

    References
    ----------
    .. [1] Melitz, M. J. & Polanec, S. (2015). Dynamic Olley-Pakes productivity decomposition
       with entry and exit. RAND Journal of Economics 46(2), 362-375. doi:10.1111/1756-2171.12088
    """
    check_option("orientation", orientation, Orientation)
    frame, _ = _one_group(result, result.components, group)
    order = [k for k in ("time", "start", "end") if k in frame.columns]
    if order:
        frame = frame.sort_values(order, kind="stable")
    return decomposition_bars(
        result, ax=ax, orientation=orientation, title=title, frame=frame, max_bars=len(frame) or 1
    )


# --------------------------------------------------------------------------------- regional
def regional_bars(
    result: Result,
    *,
    ax: Axes | None = None,
    orientation: Orientation = "horizontal",
    sort: bool = True,
    max_bars: int = 60,
    title: str | None = None,
) -> Axes:
    r"""Shift-share components per region as stacked bars, the total change as a point.

    Parameters
    ----------
    result : pedw.decompose.RegionalResult
        Result of :func:`pedw.decompose.regional`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    orientation : {"horizontal", "vertical"}
        Bar direction (horizontal by default: regions are many and have long names).
    sort : bool
        Order regions by the total, largest first.
    max_bars : int
        Draw at most this many regions (a warning says when some are left out).
    title : str, optional
        Title; default the method and period.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one bar container per term, one marker line for the total.

    Notes
    -----
    Additive methods (Dunn, Esteban-Marquillas, Arcelus) are drawn as they are: the terms add
    up to the change :math:`e_{j,1}-e_{j,0}` [units of the input]. Gerfin's (1964) index
    method is multiplicative, :math:`N_j = M_j \times R_j` (net total shift = industry mix
    times regional shift, all ratios with 1 = national growth), so it is drawn on a log
    scale, where it becomes additive:

    .. math::

        \ln N_j = \ln M_j + \ln R_j ,

    with the value axis ticked in factor values (1 = national growth, 1.1 = 10 % faster).

    References
    ----------
    .. [1] Dunn, E. S. (1960). A statistical and analytical technique for regional analysis.
       Papers and Proceedings of the Regional Science Association 6, 97-112.
       doi:10.1007/BF01947042
    .. [2] Gerfin, H. (1964). Gesamtwirtschaftliches Wachstum und regionale Entwicklung.
       Kyklos 17(4), 565-593. doi:10.1111/j.1467-6435.1964.tb02490.x
    """
    check_option("orientation", orientation, Orientation)
    start, end = getattr(result, "start", None), getattr(result, "end", None)
    if title is None and start is not None and end is not None:
        title = f"{result.title} ({result.method}), {start}\u2013{end}"
    if result.additive:
        return decomposition_bars(
            result, ax=ax, orientation=orientation, sort=sort, max_bars=max_bars, title=title
        )
    comp = result.components
    terms = [t for t in result.terms if t in comp.columns]
    tot_col = result.total or "net_total_shift"
    cols = [*terms, tot_col]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = pd.DataFrame(
            np.log(comp[cols].to_numpy(dtype=float)), columns=cols, index=comp.index
        )
    frame = pd.concat([comp.drop(columns=cols), logs], axis=1)
    if sort:
        frame = frame.sort_values(tot_col, ascending=False, na_position="last")
    frame = limit_rows(frame, max_bars, what="regions")
    labels, _, _ = row_labels(frame, result.keys)
    n = len(labels)
    size = (
        (7.5, max(3.5, 0.3 * n + 1.5))
        if orientation == "horizontal"
        else (max(6.0, 0.4 * n + 3), 4.5)
    )
    from matplotlib.ticker import FixedLocator, FuncFormatter

    with style_context():
        ax = new_axes(ax, size)
        pos = stacked_bars(
            ax,
            {t: frame[t].to_numpy(float) for t in terms},
            frame[tot_col].to_numpy(float),
            total_label=tot_col,
            orientation=orientation,
        )
        set_bar_labels(ax, pos, labels, orientation)
        axis = ax.xaxis if orientation == "horizontal" else ax.yaxis
        lo, hi = ax.get_xlim() if orientation == "horizontal" else ax.get_ylim()
        nice = np.log(_NICE_FACTORS)
        ticks = nice[(nice >= lo) & (nice <= hi)]
        if len(ticks) > 9:
            ticks = ticks[:: int(np.ceil(len(ticks) / 9))]
        if len(ticks) >= 2:
            axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{np.exp(v):.3g}"))
        axis.set_label_text("growth-factor ratio, log scale [1 = national growth]")
        where = constant_label(frame, result.keys)
        ax.set_title(
            title or f"{result.title} ({result.method})" + (f"\n{where}" if where else ""),
            fontsize="medium",
        )
        bar_legend(ax)
        add_source(ax, result.meta)
    return ax


# ------------------------------------------------------------------------- wage-productivity
def _time_column(result: Result, frame: pd.DataFrame) -> str:
    for k in reversed(result.keys):
        if k in frame.columns and k not in ("start", "end") and is_numeric_dtype(frame[k]):
            return k
    for k in ("time", "year"):
        if k in frame.columns:
            return k
    raise OptionError("Cannot find the year column of the result.", hint="report this as a bug")


def _on_grid(frame: pd.DataFrame, time: str, cols: list[str]) -> pd.DataFrame:
    """Reindex one series onto every integer year between its first and last, NaN in gaps."""
    s = frame.groupby(time)[cols].first()
    years = np.arange(int(s.index.min()), int(s.index.max()) + 1)
    return s.reindex(years)


def gap_chart(
    result: Result,
    *,
    group: Hashable | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    r"""Wage and productivity indices (base year = 100) with the gap between them shaded.

    Parameters
    ----------
    result : pedw.wages.GapIndexResult
        Result of :func:`pedw.wages.gap_index`.
    group : hashable, optional
        Country to draw. Default: the weighted aggregate (``result.aggregate``) if there is
        one, else the only country; with several countries and no aggregate, the gap
        (productivity index minus wage index) of every country is drawn as one line each.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    title : str, optional
        Title; default names the country (or "weighted aggregate") and base year.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: two lines (productivity, wages) and the shaded gap, or one gap line per
        country.

    Notes
    -----
    With :math:`P_t` and :math:`W_t` the productivity and real-wage indices,
    :math:`P_b = W_b = 100` in the base year :math:`b`, the shaded area is the gap

    .. math::

        G_t = P_t - W_t \quad [\text{index points}],

    shaded where :math:`P_t > W_t` (productivity ahead) in grey and where wages are ahead in
    light orange. Missing years are drawn as gaps in the lines (nothing is interpolated).

    References
    ----------
    .. [1] ILO (2013). Global Wage Report 2012/13: Wages and equitable growth, Figure 32.
       International Labour Office, Geneva. ISBN 978-92-2-126236-3 (no DOI).
    """
    base = getattr(result, "base", None)
    agg = getattr(result, "aggregate", None)
    comp = result.components
    by = [k for k in result.keys if k in comp.columns and k not in PERIOD_KEYS]
    time = _time_column(result, comp)
    multi = False
    if group is None and agg is not None and not agg.empty:
        frame, where = agg, "weighted aggregate"
        time = _time_column(result, agg)
    else:
        if group is None and by and comp[by[0]].nunique() > 1:
            multi = True
            frame, where = comp, f"{comp[by[0]].nunique()} countries"
        else:
            frame, _ = _one_group(result, comp, group)
            where = str(frame[by[0]].iloc[0]) if by and len(frame) else ""
    from matplotlib.ticker import MaxNLocator

    with style_context():
        ax = new_axes(ax, (7.0, 4.5))
        if multi:
            wide = frame.pivot_table(index=time, columns=by[0], values="gap", aggfunc="first")
            wide = wide.reindex(np.arange(int(wide.index.min()), int(wide.index.max()) + 1))
            lines = ax.plot(wide.index.to_numpy(), wide.to_numpy(dtype=float), linewidth=1.2)
            styles: tuple[Any, ...] = ("-", "--", ":", "-.")
            for i, (line, name) in enumerate(zip(lines, wide.columns, strict=True)):
                line.set_label(str(name))
                line.set_color(PALETTE[i % len(PALETTE)])
                line.set_linestyle(styles[(i // len(PALETTE)) % len(styles)])
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_ylabel("productivity index \u2212 wage index [index points]")
            if wide.shape[1] <= 12:
                ax.legend(fontsize="x-small", ncols=2)
        else:
            s = _on_grid(frame, time, ["productivity_index", "wage_index"])
            t = s.index.to_numpy(dtype=float)
            p = s["productivity_index"].to_numpy(dtype=float)
            w = s["wage_index"].to_numpy(dtype=float)
            ax.plot(
                t,
                p,
                color=PALETTE[0],
                linewidth=1.8,
                label="labour productivity",
                gid="productivity",
            )
            ax.plot(t, w, color=PALETTE[1], linewidth=1.8, label="real wages", gid="wages")
            ok = np.isfinite(p) & np.isfinite(w)
            ax.fill_between(
                t,
                w,
                p,
                where=ok & (p >= w),
                interpolate=True,
                color="0.6",
                alpha=0.3,
                linewidth=0,
                label="gap (productivity ahead)",
            )
            if (ok & (p < w)).any():
                ax.fill_between(
                    t,
                    w,
                    p,
                    where=ok & (p < w),
                    interpolate=True,
                    color=PALETTE[1],
                    alpha=0.2,
                    linewidth=0,
                    label="gap (wages ahead)",
                )
            ax.axhline(100, color="0.3", linewidth=0.8, linestyle=":")
            ax.set_ylabel(f"index, {base} = 100" if base is not None else "index")
            ax.legend(fontsize="small")
        if base is not None:
            ax.axvline(base, color="0.3", linewidth=0.6, linestyle=":")
        ax.set_xlabel("year")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(
            title or f"{result.title}: {where}" + (f" (base {base} = 100)" if base else ""),
            fontsize="medium",
        )
        add_source(ax, result.meta)
    return ax


def decoupling_bars(
    result: Result,
    *,
    per_year: bool = True,
    ax: Axes | None = None,
    orientation: Orientation = "vertical",
    sort: bool = False,
    title: str | None = None,
) -> Axes:
    r"""Decoupling of real median wages from productivity: contributions as stacked bars.

    Parameters
    ----------
    result : pedw.wages.DecouplingResult
        Result of :func:`pedw.wages.decoupling`.
    per_year : bool
        Draw the contributions per year [log points per year] (default) or over the whole
        period [log points].
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    orientation : {"vertical", "horizontal"}
        Bar direction.
    sort : bool
        Order groups by gross decoupling, largest first.
    title : str, optional
        Title; default the result's title and period.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one bar container per contribution, the gross decoupling as a point.

    Notes
    -----
    The bars stack the exact log identity (Pessoa & Van Reenen 2013; Sharpe et al. 2008)

    .. math::

        \Delta\ln LP - \Delta\ln\frac{w_{med}}{P_C}
          = -\Delta\ln LS - \Delta\ln\frac{P_Y}{P_C}
            - \Delta\ln\frac{W_{med}}{W_{avg}} - \Delta\ln\frac{w_{med}}{W_{med}} ,

    and the point is the gross decoupling (their sum).

    References
    ----------
    .. [1] Schwellnus, C., Kappeler, A. & Pionnier, P.-A. (2017). Decoupling of wages from
       productivity: macro-level facts. OECD Economics Department Working Papers 1373.
       doi:10.1787/d4764493-en
    """
    frame = getattr(result, "per_year", None) if per_year else None
    units = "contribution [log points per year]" if frame is not None else None
    start, end = getattr(result, "start", None), getattr(result, "end", None)
    default = f"{result.title}, {start}\u2013{end}" if start is not None else None
    ax = decomposition_bars(
        result,
        ax=ax,
        orientation=orientation,
        sort=sort,
        title=title or default,
        frame=frame,
        units=units,
    )
    return ax
