"""Charts for pedw results, built on matplotlib (imported only when a chart is drawn).

Every chart function returns the matplotlib ``Axes`` it drew on (``Figure`` for the SDG small
multiples) and accepts ``ax=``. Result objects' ``.plot()`` dispatches here through
:data:`CHARTS` by the result's ``plot_kind``. Importing :mod:`pedw` never imports this module
or matplotlib, and nothing here changes ``matplotlib.rcParams`` outside a chart call.

Charts:

- :func:`decomposition_bars` -- any additive result (``plot_kind`` ``"decomposition"``)
- :func:`decomposition_bars` -- :class:`~pedw.decompose.SectoralResult` (``plot_kind``
  ``"sectoral"``)
- :func:`structural_change` -- sector panel (+ sectoral result)
- :func:`sector_contributions` -- :class:`~pedw.decompose.SectoralResult`
- :func:`firm_bars` -- :class:`~pedw.decompose.FirmResult` (``plot_kind`` ``"firm"``)
- :func:`regional_bars` -- :class:`~pedw.decompose.RegionalResult` (``plot_kind`` ``"regional"``)
- :func:`gap_chart` -- :class:`~pedw.wages.GapIndexResult` (``plot_kind`` ``"gap_index"``)
- :func:`decoupling_bars` -- :class:`~pedw.wages.DecouplingResult` ``"decoupling"``
- :func:`sdg_panels` -- :class:`~pedw.sdg.SDGResult`, frames (``plot_kind`` ``"sdg"``)
- :func:`indicator_lines` -- indicators without additive total (``plot_kind`` ``"lines"``)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pedw.plot._bars import decomposition_bars
from pedw.plot._results import decoupling_bars, firm_bars, gap_chart, regional_bars
from pedw.plot._sdg import ESTIMATED_FLAGS, indicator_lines, sdg_chart, sdg_panels
from pedw.plot._sectoral import sector_contributions, structural_change, structural_change_data
from pedw.plot._style import PALETTE, TERM_COLOURS, colour_for, source_line, style_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = [
    "CHARTS",
    "ESTIMATED_FLAGS",
    "PALETTE",
    "TERM_COLOURS",
    "colour_for",
    "decomposition_bars",
    "decoupling_bars",
    "firm_bars",
    "gap_chart",
    "indicator_lines",
    "plot_result",
    "regional_bars",
    "sdg_panels",
    "sector_contributions",
    "source_line",
    "structural_change",
    "structural_change_data",
    "style_context",
]

#: Chart used for each ``Result.plot_kind`` (every entry returns an ``Axes``).
CHARTS: dict[str, Callable[..., Any]] = {
    "decomposition": decomposition_bars,
    "sectoral": decomposition_bars,
    "firm": firm_bars,
    "regional": regional_bars,
    "gap_index": gap_chart,
    "decoupling": decoupling_bars,
    "sdg": sdg_chart,
    "lines": indicator_lines,
}


def plot_result(result: Result, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw a result with the chart registered for its ``plot_kind``.

    Results of the generic kind ``"decomposition"`` without an additive total (labour share,
    unit labour cost, gender pay gap) are drawn as lines over time (:func:`indicator_lines`).

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
        The axes drawn on (for SDG small multiples, the first panel; ``ax.figure`` is the
        whole figure).
    """
    kind = result.plot_kind
    timed = any(k.lower() in ("time", "year", "period") for k in result.keys)
    if kind == "decomposition" and result.total is None and not result.additive and timed:
        kind = "lines"  # an indicator without an additive identity: lines over time
    chart = CHARTS.get(kind, decomposition_bars)
    out: Axes = chart(result, ax=ax, **kwargs)
    return out
