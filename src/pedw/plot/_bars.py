"""Stacked decomposition bars with the total marked as a point."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from pedw.plot._style import colour_for, source_line, style_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = ["decomposition_bars"]


def decomposition_bars(
    result: Result,
    *,
    ax: Axes | None = None,
    orientation: Literal["vertical", "horizontal"] = "vertical",
    sort: bool = False,
    max_bars: int = 60,
    title: str | None = None,
) -> Axes:
    """Stacked bars of a decomposition's terms per row, with the total as a point.

    Positive and negative contributions stack separately from zero, so the bar extents show
    each term and the marker shows their sum. Terms keep the same colour across methods
    (:data:`pedw.plot.TERM_COLOURS`).

    Parameters
    ----------
    result : pedw._result.Result
        A decomposition result (its ``components``, ``terms`` and ``total`` are drawn).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    orientation : {"vertical", "horizontal"}
        Bar direction.
    sort : bool
        Sort rows by the total.
    max_bars : int
        Draw at most this many rows (the first ones, after sorting).
    title : str, optional
        Title; defaults to the result's title and method.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt

    comp = result.components
    if sort and result.total:
        comp = comp.sort_values(result.total, ascending=False)
    comp = comp.head(max_bars)
    keys = [k for k in result.keys if k in comp.columns]
    labels = (
        comp[keys].astype(str).agg(" ".join, axis=1).tolist()
        if keys
        else [str(i) for i in comp.index]
    )
    with style_context():
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6.0, 0.45 * len(labels) + 2), 4.5))
        pos = np.arange(len(labels), dtype=float)
        base_pos = np.zeros(len(labels))
        base_neg = np.zeros(len(labels))
        bar = ax.bar if orientation == "vertical" else ax.barh
        for i, term in enumerate(result.terms):
            vals = np.nan_to_num(comp[term].to_numpy(dtype=float))
            bottom = np.where(vals >= 0, base_pos, base_neg)
            kw: dict[str, Any] = (
                {"bottom": bottom} if orientation == "vertical" else {"left": bottom}
            )
            bar(pos, vals, 0.7, label=term, color=colour_for(term, i), **kw)
            base_pos += np.where(vals >= 0, vals, 0)
            base_neg += np.where(vals < 0, vals, 0)
        if result.total:
            tot = comp[result.total].to_numpy(dtype=float)
            xy = (pos, tot) if orientation == "vertical" else (tot, pos)
            ax.plot(*xy, "o", color="black", label=result.total, zorder=5)
        if orientation == "vertical":
            ax.set_xticks(pos, labels, rotation=45 if len(labels) > 6 else 0, ha="right")
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_ylabel(result.units or "value")
        else:
            ax.set_yticks(pos, labels)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlabel(result.units or "value")
        ax.set_title(title or f"{result.title} ({result.method})")
        ax.legend(fontsize="small", ncols=min(len(result.terms) + 1, 4))
        src = source_line(result.meta)
        if src:
            ax.annotate(
                src,
                (0, 0),
                xycoords="figure fraction",
                xytext=(4, 4),
                textcoords="offset points",
                fontsize="x-small",
                color="0.4",
            )
    return ax
