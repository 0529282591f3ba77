"""Charts for pedw results, built on matplotlib (imported only when a chart is drawn).

Every chart function returns the matplotlib ``Axes`` it drew on and accepts ``ax=``. Result
objects' ``.plot()`` dispatches here through :data:`CHARTS` by the result's ``plot_kind``.
Importing :mod:`pedw` never imports this module or matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pedw.plot._bars import decomposition_bars
from pedw.plot._style import PALETTE, TERM_COLOURS, colour_for, source_line, style_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = [
    "CHARTS",
    "PALETTE",
    "TERM_COLOURS",
    "colour_for",
    "decomposition_bars",
    "plot_result",
    "source_line",
    "style_context",
]

#: Chart used for each ``Result.plot_kind``.
CHARTS: dict[str, Callable[..., Any]] = {
    "decomposition": decomposition_bars,
}


def plot_result(result: Result, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw a result with the chart registered for its ``plot_kind``.

    Parameters
    ----------
    result : pedw._result.Result
        Any pedw result object.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    **kwargs
        Passed to the chart function.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    chart = CHARTS.get(result.plot_kind, decomposition_bars)
    out: Axes = chart(result, ax=ax, **kwargs)
    return out
