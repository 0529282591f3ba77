"""Stacked decomposition bars with the total marked as a point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pedw._types import check_option
from pedw.plot._common import (
    Orientation,
    add_source,
    bar_legend,
    constant_label,
    limit_rows,
    new_axes,
    row_labels,
    set_bar_labels,
    stacked_bars,
    wrap,
)
from pedw.plot._style import style_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = ["decomposition_bars"]


def decomposition_bars(
    result: Result,
    *,
    ax: Axes | None = None,
    orientation: Orientation = "vertical",
    sort: bool = False,
    max_bars: int = 60,
    title: str | None = None,
    frame: pd.DataFrame | None = None,
    units: str | None = None,
) -> Axes:
    r"""Stacked bars of a decomposition's terms per row, with the total as a point.

    One bar per row of ``result.components`` (a country, a period, a region...). Positive and
    negative contributions stack separately from zero, so the bar extents show each term and
    the black point their sum. Terms are drawn in the result's presentation order
    (``result.terms``) with the same colour for the same term in every method
    (:data:`pedw.plot.TERM_COLOURS`: ``within`` is always blue, ``between``/``static``/
    ``structural`` orange, ...). When one group has several periods the periods label the bars
    (``1990–2000``); when one period covers several groups the groups do; constant keys go in
    the title.

    Parameters
    ----------
    result : pedw._result.Result
        A decomposition result (its ``components``, ``terms`` and ``total`` are drawn).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    orientation : {"vertical", "horizontal"}
        Bar direction (horizontal suits many countries or regions).
    sort : bool
        Sort bars by the total, largest first (rows with a missing total last).
    max_bars : int
        Draw at most this many bars (after sorting); a
        :class:`~pedw.errors.SkippedRowsWarning` says when rows are left out.
    title : str, optional
        Title; defaults to the result's title, method and constant keys.
    frame : pandas.DataFrame, optional
        Rows to draw instead of ``result.components`` (same columns), e.g. ``per_year``.
    units : str, optional
        Value-axis label; default ``result.units``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; one bar container per term and one marker line for the total.

    Notes
    -----
    For every bar :math:`r` the drawn extents satisfy

    .. math::

        \sum_{k:\,c_{rk}>0} c_{rk} + \sum_{k:\,c_{rk}<0} c_{rk} = \sum_k c_{rk} = T_r ,

    so the point :math:`T_r` (the total) lies inside the bar exactly when the terms add up, as
    every additive pedw result guarantees. Missing (NaN) terms are drawn as empty segments.
    The value axis is labelled with ``result.units``; the source line (producer and vintage)
    comes from ``result.meta``.
    """
    check_option("orientation", orientation, Orientation)
    comp = result.components if frame is None else frame
    if sort and result.total and result.total in comp.columns:
        comp = comp.sort_values(result.total, ascending=False, na_position="last")
    comp = limit_rows(comp, max_bars, what="rows")
    labels, _, _ = row_labels(comp, result.keys)
    terms = [t for t in result.terms if t in comp.columns]
    total = (
        comp[result.total].to_numpy(dtype=float)
        if result.total and result.total in comp.columns
        else None
    )
    n = len(labels)
    size = (
        (max(6.0, 0.4 * n + 3), 4.5)
        if orientation == "vertical"
        else (7.5, max(3.5, 0.3 * n + 1.5))
    )
    with style_context():
        ax = new_axes(ax, size)
        values = {t: comp[t].to_numpy(dtype=float) for t in terms}
        pos = stacked_bars(
            ax, values, total, total_label=result.total or "total", orientation=orientation
        )
        set_bar_labels(ax, pos, labels, orientation)
        unit = units or result.units or "value"
        (ax.set_ylabel if orientation == "vertical" else ax.set_xlabel)(wrap(unit))
        where = constant_label(comp, result.keys)
        default = f"{result.title} ({result.method})" + (f"\n{where}" if where else "")
        ax.set_title(title or default, fontsize="medium")
        bar_legend(ax)
        add_source(ax, result.meta)
    return ax
