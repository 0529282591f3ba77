"""Shared mechanics of pedw charts: axes creation, stacked bars, labels, source line.

Private: the public chart functions live in the sibling modules. matplotlib is imported inside
the functions only, so importing this module costs nothing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from pedw.errors import OptionError, SkippedRowsWarning
from pedw.plot._style import colour_for, source_line

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__: list[str] = []

#: Key columns that denote periods rather than groups.
PERIOD_KEYS: tuple[str, ...] = ("start", "end", "time", "link_start", "link_end")

Orientation = Literal["vertical", "horizontal"]


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the axes of a new figure (constrained layout) of ``figsize`` inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def add_source(ax: Axes, meta: Mapping[str, Any], extra: str = "") -> str:
    """Write the 'Source: producer (vintage)' line under the x axis of ``ax``.

    The line is anchored below the tick and axis labels, so it never overlaps them, and it
    is part of the axes' layout box (constrained layout and ``bbox_inches="tight"`` keep it).
    Returns the text written ("" if the metadata name no source).
    """
    text = source_line(meta)
    if extra:
        text = f"{text}. {extra}" if text else extra
    if not text:
        return ""

    def below_xaxis(renderer: Any) -> Any:
        box = ax.xaxis.get_tightbbox(renderer)
        return box if box is not None and box.height > 0 else ax.bbox

    ax.annotate(
        text,
        xy=(0, 0),
        xycoords=("axes fraction", below_xaxis),
        xytext=(0, -3),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize="x-small",
        color="0.35",
        annotation_clip=False,
        gid="pedw-source",
    )
    return text


def wrap(text: str, width: int = 55) -> str:
    """Wrap a long axis label over lines of at most ``width`` characters."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def period_label(start: Any, end: Any) -> str:
    """``"1990–2018"`` (en dash)."""
    return f"{start}\u2013{end}"


def row_labels(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Labels of the rows of a components frame, and the group and period keys that vary.

    Constant keys are left out of the labels (they go in the title): one group over several
    periods gives period labels (``"1990–2000"``), one period over several groups gives group
    labels, several of each give ``"ARG 1990–2000"``.
    """
    keys = [k for k in keys if k in frame.columns]
    varying = [k for k in keys if frame[k].nunique(dropna=False) > 1]
    groups = [k for k in varying if k not in PERIOD_KEYS]
    periods = [k for k in varying if k in PERIOD_KEYS]
    if "start" in keys and "end" in keys and ("start" in periods or "end" in periods):
        periods = ["start", "end"]
    parts: list[pd.Series[Any]] = [frame[k].astype(str) for k in groups]
    if periods == ["start", "end"]:
        parts.append(frame["start"].astype(str) + "\u2013" + frame["end"].astype(str))
    else:
        parts.extend(frame[k].astype(str) for k in periods)
    if not parts:
        if len(frame) == 1 and keys:
            return [constant_label(frame, keys)], groups, periods
        return [str(i) for i in range(len(frame))], groups, periods
    label = parts[0]
    for p in parts[1:]:
        label = label + " " + p
    return label.tolist(), groups, periods


def constant_label(frame: pd.DataFrame, keys: Sequence[str]) -> str:
    """Describe the keys taking one value in ``frame`` (for a title), e.g. ``"KEN, 1990–2018"``."""
    keys = [k for k in keys if k in frame.columns and frame[k].nunique(dropna=False) == 1]
    if frame.empty or not keys:
        return ""
    row = frame.iloc[0]
    out = [str(row[k]) for k in keys if k not in ("start", "end")]
    if "start" in keys and "end" in keys:
        out.append(period_label(row["start"], row["end"]))
    else:
        out.extend(str(row[k]) for k in keys if k in ("start", "end"))
    return ", ".join(out)


def stacked_bars(
    ax: Axes,
    values: Mapping[str, np.ndarray[Any, Any]],
    total: np.ndarray[Any, Any] | None,
    *,
    total_label: str = "total",
    orientation: Orientation = "vertical",
    width: float = 0.7,
) -> np.ndarray[Any, Any]:
    """Draw stacked bars, positive and negative parts stacked separately from zero.

    ``values`` maps term -> array (one value per bar, NaN drawn as nothing); the total, if given,
    is drawn as a black point. Returns the bar positions.
    """
    n = len(next(iter(values.values()))) if values else (0 if total is None else len(total))
    pos = np.arange(n, dtype=float)
    up = np.zeros(n)
    down = np.zeros(n)
    bar = ax.bar if orientation == "vertical" else ax.barh
    for i, (term, raw) in enumerate(values.items()):
        vals = np.nan_to_num(np.asarray(raw, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        base = np.where(vals >= 0, up, down)
        kw: dict[str, Any] = {"bottom": base} if orientation == "vertical" else {"left": base}
        bar(pos, vals, width, label=term, color=colour_for(term, i), gid=f"term:{term}", **kw)
        up += np.where(vals >= 0, vals, 0.0)
        down += np.where(vals < 0, vals, 0.0)
    if total is not None:
        tot = np.asarray(total, dtype=float)
        xy = (pos, tot) if orientation == "vertical" else (tot, pos)
        ax.plot(*xy, "o", color="black", markersize=5, label=total_label, zorder=5, gid="total")
    zero = ax.axhline if orientation == "vertical" else ax.axvline
    zero(0, color="black", linewidth=0.8)
    return pos


def set_bar_labels(
    ax: Axes, pos: np.ndarray[Any, Any], labels: Sequence[str], orientation: Orientation
) -> None:
    """Put the row labels on the category axis (rotated when many or long)."""
    if orientation == "vertical":
        rotate = len(labels) > 6 or max((len(s) for s in labels), default=0) > 12
        ax.set_xticks(
            pos, list(labels), rotation=45 if rotate else 0, ha="right" if rotate else "center"
        )
        ax.grid(axis="x", visible=False)
    else:
        ax.set_yticks(pos, list(labels))
        ax.invert_yaxis()  # first row on top
        ax.grid(axis="y", visible=False)


def limit_rows(
    frame: pd.DataFrame, max_rows: int, *, what: str, stacklevel: int = 4
) -> pd.DataFrame:
    """Keep the first ``max_rows`` rows, warning (never silently) when rows are left out."""
    if max_rows < 1:
        raise OptionError(f"max_bars must be at least 1, not {max_rows}.", hint="pass max_bars=60")
    if len(frame) > max_rows:
        warnings.warn(
            f"Only the first {max_rows} of {len(frame)} {what} are drawn.",
            SkippedRowsWarning,
            stacklevel=stacklevel,
        )
        return frame.iloc[:max_rows]
    return frame


def select(
    frame: pd.DataFrame,
    column: str,
    value: Hashable | Sequence[Hashable] | None,
    *,
    argument: str,
    require_one: bool = True,
) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` equals ``value`` (or is in it, for a list).

    With ``value=None`` and ``require_one``, the column must hold one value, else an
    :class:`~pedw.errors.OptionError` lists the choices.
    """
    if column not in frame.columns:
        return frame
    present = pd.unique(frame[column].dropna()).tolist()
    if value is None:
        if require_one and len(present) > 1:
            shown = ", ".join(map(repr, present[:12])) + (" ..." if len(present) > 12 else "")
            raise OptionError(
                f"The result has {len(present)} values of {column!r}; this chart draws one.",
                hint=f"pass {argument}= one of {shown}",
                column=column,
            )
        return frame
    wanted = list(value) if isinstance(value, list | tuple | set) else [value]
    missing = [v for v in wanted if v not in present]
    if missing:
        shown = ", ".join(map(repr, present[:12])) + (" ..." if len(present) > 12 else "")
        raise OptionError(
            f"{argument}={missing[0]!r} is not in column {column!r}.",
            hint=f"pass one of {shown}",
            column=column,
        )
    return frame.loc[frame[column].isin(wanted)]


_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})\s*-?\s*M?(\d{1,2})\s*$", re.IGNORECASE)


def decimal_time(values: pd.Series[Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Convert periods to decimal years, with the regular step of each value's frequency.

    Accepts integer years, ``pandas.Period``, strings ``"2000"``, ``"2000Q1"``, ``"2000-Q1"``,
    ``"2000-03"``/``"2000M03"`` (mixed in one column, e.g. annual and quarterly indicators).
    Returns (``x`` [decimal years], ``step`` [years]: 1, 1/4 or 1/12 per value). Unparseable
    values raise :class:`~pedw.errors.OptionError`.
    """
    n = len(values)
    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=float), np.ones(n)
    if isinstance(values.dtype, pd.PeriodDtype):
        freq = values.dt.freqstr[:1]
        start = values.dt.start_time
        x = start.dt.year + (start.dt.dayofyear - 1) / 365.25
        return x.to_numpy(dtype=float), np.full(n, {"Q": 0.25, "M": 1 / 12}.get(freq, 1.0))
    s = values.astype("string")
    year = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    q = s.str.extract(_QUARTER).astype("float64").to_numpy()
    m = s.str.extract(_MONTH).astype("float64").to_numpy()
    x = np.where(
        np.isfinite(year),
        year,
        np.where(np.isfinite(q[:, 0]), q[:, 0] + (q[:, 1] - 1) / 4, m[:, 0] + (m[:, 1] - 1) / 12),
    )
    step = np.where(np.isfinite(year), 1.0, np.where(np.isfinite(q[:, 0]), 0.25, 1 / 12))
    bad = ~np.isfinite(x) & s.notna().to_numpy(dtype=bool)
    if bad.any():
        raise OptionError(
            f"Cannot place the period {s[bad].iloc[0]!r} on a time axis.",
            hint="use integer years, pandas Periods, or strings like '2000', '2000Q1', '2000-03'",
        )
    return x, step


def bar_legend(ax: Axes) -> None:
    """Legend of a bar chart outside the axes on the right: the terms in order, total last."""
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(handles)), key=lambda i: (isinstance(handles[i], Line2D), i))
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
    )
