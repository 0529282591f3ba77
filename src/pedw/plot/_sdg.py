r"""Small multiples of SDG indicators: one panel per country or indicator."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from pedw._types import check_option
from pedw._validate import ensure_frame, require_columns
from pedw.errors import OptionError
from pedw.plot._common import add_source, decimal_time, new_axes, wrap
from pedw.plot._style import PALETTE, source_line, style_context
from pedw.schema import get_meta

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pedw._result import Result

__all__ = ["ESTIMATED_FLAGS", "indicator_lines", "sdg_panels"]

#: What a panel shows.
PanelBy: TypeAlias = Literal["ref_area", "indicator"]

#: ``obs_status`` codes and words marking estimated, imputed, modelled or forecast values
#: (SDMX/ILOSTAT codes ``E`` estimated, ``I`` imputed, ``F`` forecast; labels are matched
#: case-insensitively on their stem). Other non-normal flags (``B`` break, ``U`` unreliable,
#: ``P`` provisional...) are marked separately.
ESTIMATED_FLAGS: tuple[str, ...] = ("E", "I", "F", "estim", "imput", "model", "forecast")
_NORMAL = frozenset({"", "A", "NORMAL", "NORMAL VALUE", "<NA>", "NAN"})
_TOTALS = frozenset({"_T", "T", "TOTAL", "_Z", "ALL"})
#: Columns that are never a dimension of a line.
_NOT_DIMENSIONS = frozenset(
    {
        "ref_area",
        "indicator",
        "time",
        "value",
        "unit",
        "obs_status",
        "obs_status_label",
        "unit_multiplier",
        "freq",
        "geo_code",
        "numerator",
        "denominator",
        "coverage",
        "imputed_share",
        "source",
        "note_source",
        "note_indicator",
        "note_classif",
        "classification",
        "n_countries",
    }
)


def _status_kind(status: pd.Series[Any]) -> np.ndarray[Any, Any]:
    """0 normal, 1 estimated/imputed, 2 another flag (per row; comma-separated flags allowed)."""
    s = status.astype("string").fillna("").str.strip()
    upper = s.str.upper()
    normal = upper.isin(_NORMAL).to_numpy()
    parts = upper.str.split(r"\s*,\s*", regex=True)
    codes = {f.upper() for f in ESTIMATED_FLAGS if len(f) == 1}
    stems = [f.upper() for f in ESTIMATED_FLAGS if len(f) > 1]
    est_code = parts.map(lambda p: any(x in codes for x in p) if isinstance(p, list) else False)
    est_word = upper.str.contains("|".join(stems), regex=True)
    est = (est_code.astype(bool) | est_word.fillna(False)).to_numpy(dtype=bool)
    return np.where(normal, 0, np.where(est, 1, 2))


def _is_total(col: pd.Series[Any]) -> np.ndarray[Any, Any]:
    s = col.astype("string")
    up = s.str.upper().str.strip()
    tail = up.str.rsplit(":", n=1).str[-1].str.strip()
    total = (
        up.isin(_TOTALS) | up.str.endswith("_T") | up.str.endswith("_TOTAL") | tail.isin(_TOTALS)
    )
    return (s.isna() | total.fillna(False)).to_numpy(dtype=bool)


def _frame_of(obj: Result | pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any], list[str], str]:
    """Return the long frame, metadata, disaggregation columns and default title."""
    if isinstance(obj, pd.DataFrame):
        df = ensure_frame(obj, argument="result_or_frame")
        meta = get_meta(df)
        dims = [
            c
            for c in df.columns
            if c not in _NOT_DIMENSIONS
            and not c.endswith("_label")
            and not pd.api.types.is_float_dtype(df[c])
        ]
        inds = pd.unique(df["indicator"].dropna()).tolist() if "indicator" in df.columns else []
        coded = inds and all(re.fullmatch(r"\d+\.\w+\.\d+", str(i)) for i in inds)
        title = ("SDG " if coded else "") + ", ".join(map(str, inds[:6])) if inds else "indicator"
        if "units_text" not in meta:  # a loader's unit of the value column, if it states one
            units = meta.get("units")
            text = meta.get("unit") or (
                units.get("value") or units.get("obs_value") if isinstance(units, dict) else None
            )
            if isinstance(text, str):
                meta["units_text"] = text
        return df, meta, dims, title
    df = obj.to_frame()
    meta = dict(obj.meta)
    if obj.units and "units_text" not in meta:
        meta["units_text"] = obj.units
    dims = ["series", *getattr(obj, "disaggregations", ())]
    code = getattr(obj, "code", "")
    title = obj.title
    if code:
        from pedw.sdg._registry import INDICATORS

        ind = INDICATORS.get(code)
        title = f"SDG {code}: {ind.title}" if ind is not None else f"SDG {code}"
    return df, meta, dims, title


def sdg_panels(
    result_or_frame: Result | pd.DataFrame,
    *,
    by: PanelBy | None = "ref_area",
    where: Mapping[str, Any] | None = None,
    headline: bool = True,
    ncols: int = 4,
    sharey: bool = False,
    max_lines: int = 8,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    r"""SDG indicator series as small multiples, one panel per country or per indicator.

    Parameters
    ----------
    result_or_frame : pedw.sdg.SDGResult or pandas.DataFrame
        An SDG result, or a frame in the UN SDG layout (``ref_area``, ``indicator``,
        ``time``, ``value`` and optionally ``unit``, ``obs_status``, ``series`` and
        disaggregation columns), e.g. from :func:`pedw.io.read_sdg`.
    by : {"ref_area", "indicator"} or None
        One panel per country or per indicator; ``None`` draws everything in one panel.
    where : mapping, optional
        Keep rows whose column equals the value (or is in the list), e.g.
        ``{"sex": ["Male", "Female"]}``; those columns then become lines.
    headline : bool
        For every other disaggregation column, keep only the total rows (NaN, ``_T``,
        ``SEX_T``, ``Total``...) when the column has any, so each panel shows the headline
        series; ``False`` draws every combination as its own line.
    ncols : int
        Panels per row.
    sharey : bool
        Share the value axis across panels (only sensible with one unit).
    max_lines : int
        Refuse (with a hint to use ``where=``) panels with more lines than this.
    ax : matplotlib.axes.Axes, optional
        Draw a single panel here (requires one panel, or ``by=None``).
    title : str, optional
        Figure title; default the SDG code and title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``fig.axes`` holds the visible panels first (unused grid cells are
        hidden), each with one line per series and markers on flagged points.

    Notes
    -----
    *Gaps are gaps*: within a line, consecutive observations further apart than the data's
    regular step (1 year, a quarter or a month) are not joined -- a NaN is inserted, so
    matplotlib breaks the line; isolated observations still show as points. Values with an
    ``obs_status`` flag in :data:`ESTIMATED_FLAGS` (estimated, imputed, modelled, forecast)
    are drawn as hollow circles; other flags (break in series, unreliable, provisional) as
    crosses. The value-axis label is the ``unit`` of the panel's rows, with the price basis
    (``meta["price_basis"]``) when the metadata state one. Times may be integer years,
    pandas Periods or strings such as ``"2000Q1"``; they are placed at decimal years

    .. math::

        x = \text{year} + (q - 1)/4 \;\text{(quarters)}, \qquad
        x = \text{year} + (m - 1)/12 \;\text{(months)} .

    References
    ----------
    .. [1] UN Statistics Division. SDG Global Database, data and metadata layout
       (https://unstats.un.org/sdgs/dataportal; no DOI).
    .. [2] SDMX (2020). Code list CL_OBS_STATUS v2.2 (observation status codes;
       https://sdmx.org; no DOI).
    """
    if by is not None:
        check_option("by", by, PanelBy)
    if ncols < 1:
        raise OptionError(f"ncols must be at least 1, not {ncols}.", hint="pass ncols=4")
    df, meta, dims, default_title = _frame_of(result_or_frame)
    require_columns(df, ["ref_area", "time", "value"], roles={"value": "value"})
    if by == "indicator" and "indicator" not in df.columns:
        require_columns(df, ["indicator"], roles={"indicator": "by"})
    dims = [
        d for d in dict.fromkeys(dims) if d in df.columns and d not in ("ref_area", "indicator")
    ]
    keep = np.ones(len(df), dtype=bool)
    for col, val in (where or {}).items():
        require_columns(df, [col], roles={col: "where"})
        wanted = list(val) if isinstance(val, list | tuple | set) else [val]
        keep &= df[col].isin(wanted).to_numpy()
    if headline:  # per indicator: a column all-NaN for one indicator does not filter another
        ind = (
            df["indicator"].astype("string").fillna("").to_numpy()
            if "indicator" in df.columns
            else np.zeros(len(df), dtype=int)
        )
        for d in dims:
            if d in (where or {}) or d == "series":
                continue
            tot = _is_total(df[d])
            has_total = pd.Series(tot & keep).groupby(ind).transform("any").to_numpy(dtype=bool)
            keep &= tot | ~has_total
    df = df.loc[keep]
    if df.empty:
        raise OptionError("No rows left to draw.", hint="check where= and the input")
    x, step = decimal_time(df["time"])
    other = [c for c in ("ref_area", "indicator") if c in df.columns and c != by]
    panel = df[by].astype("string").fillna("") if by else pd.Series("", index=df.index)
    if by == "indicator" and "unit" in df.columns:  # one panel per indicator and unit
        u = df["unit"].astype("string").fillna("")
        multi = u.groupby(panel.to_numpy()).transform("nunique").to_numpy() > 1
        panel = panel.where(~multi, panel + " (" + u + ")")
    cand = [
        c for c in [*other, *dims, *(["unit"] if "unit" in df.columns else [])] if c in df.columns
    ]
    text = df[cand].astype("string").fillna("total") if cand else pd.DataFrame(index=df.index)
    # a column names the lines of a panel where it varies within that panel
    varies = text.groupby(panel.to_numpy()).transform("nunique").to_numpy() > 1 if cand else None
    line_cols = [c for i, c in enumerate(cand) if varies is not None and varies[:, i].any()]
    line = pd.Series("", index=df.index, dtype="string")
    for i, c in enumerate(cand):  # a handful of label columns, vectorised over rows
        part = text[c].where(varies[:, i], "") if varies is not None else text[c]
        line = line.where(part == "", line.where(line == "", line + " | ") + part)
    status = df["obs_status"] if "obs_status" in df.columns else pd.Series(pd.NA, index=df.index)
    unit = (
        df["unit"].astype("string")
        if "unit" in df.columns
        else pd.Series(pd.NA, index=df.index, dtype="string")
    )
    long = pd.DataFrame(
        {
            "panel": panel.to_numpy(),
            "line": line.to_numpy(),
            "x": x,
            "y": df["value"].to_numpy(dtype=float),
            "kind": _status_kind(status),
            "unit": unit.to_numpy(),
            "step": step,
        }
    ).sort_values(["panel", "line", "x"], kind="stable")
    long = long.loc[np.isfinite(long["x"].to_numpy(dtype=float))]
    diff = long.groupby(["panel", "line"], sort=False)["x"].diff().to_numpy()
    gap = diff > 1.5 * long["step"].to_numpy()
    if gap.any():  # a NaN point in every gap, so lines break there
        breaks = long.loc[gap].assign(x=lambda d: d["x"] - d["step"] / 2, y=np.nan, kind=0)
        long = pd.concat([long, breaks]).sort_values(["panel", "line", "x"], kind="stable")
    per_panel = long.groupby("panel", sort=False)["line"].nunique()
    if (per_panel > max_lines).any():
        worst = per_panel.idxmax()
        raise OptionError(
            f"Panel {worst!r} would have {int(per_panel.max())} lines (by {line_cols}).",
            hint="restrict the rows with where={...}, e.g. where={'sex': 'Female'}, or raise "
            "max_lines=",
        )
    panels = pd.unique(long["panel"]).tolist()
    if ax is not None and len(panels) > 1:
        raise OptionError(
            f"{len(panels)} panels cannot be drawn on one axes.",
            hint="omit ax= (a figure is made), or pass by=None to draw all lines in one panel",
        )
    price = meta.get("price_basis")
    lines_all = pd.unique(long["line"]).tolist()
    sets = long.groupby("panel", sort=False)["line"].agg(lambda v: tuple(sorted(set(v))))
    same_lines = sets.nunique() == 1
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(lines_all)}
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    with style_context():
        if ax is not None:
            fig: Any = ax.figure
            axes = [ax]
        else:
            nc = min(ncols, len(panels))
            nr = math.ceil(len(panels) / nc)
            fig, grid = plt.subplots(
                nr,
                nc,
                figsize=(3.4 * nc + 0.6, 2.5 * nr + 1.0),
                squeeze=False,
                sharey=sharey,
                layout="constrained",
            )
            flat = list(grid.ravel())
            for extra in flat[len(panels) :]:
                extra.set_visible(False)
            axes = flat[: len(panels)]
            for extra in flat[len(panels) :]:
                fig.delaxes(extra)
        flagged = {1: False, 2: False}
        ylabels: list[str] = []
        for a, (name, pdata) in zip(axes, long.groupby("panel", sort=False), strict=True):
            for lname, ldata in pdata.groupby("line", sort=False):
                c = colour[lname]
                xs, ys = ldata["x"].to_numpy(float), ldata["y"].to_numpy(float)
                a.plot(xs, ys, "-o", color=c, markersize=2.5, linewidth=1.4, label=lname or None)
                kinds = ldata["kind"].to_numpy()
                flag_styles: tuple[tuple[int, dict[str, Any]], ...] = (
                    (1, {"marker": "o", "mfc": "white", "ms": 5.5}),
                    (2, {"marker": "x", "ms": 5.5}),
                )
                for k, style in flag_styles:
                    m = kinds == k
                    if m.any():
                        flagged[k] = True
                        a.plot(
                            xs[m],
                            ys[m],
                            linestyle="none",
                            color=c,
                            mec=c,
                            zorder=4,
                            **style,
                            gid=f"flag{k}",
                        )
            units = [u for u in pd.unique(pdata["unit"].dropna()).tolist() if u]
            ylab = "; ".join(map(str, units)) or str(meta.get("units_text") or "value")
            if price:
                ylab += f" [{price}]"
            ylabels.append(wrap(ylab, 40))
            a.set_title(str(name), fontsize="small")
            a.tick_params(labelsize="x-small")
            a.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        if len(set(ylabels)) == 1 and len(axes) > 1:
            fig.supylabel(ylabels[0], fontsize="small")
        else:
            for a, lab in zip(axes, ylabels, strict=True):
                a.set_ylabel(lab, fontsize="small")
        handles: list[Any] = []
        if len(lines_all) > 1 and same_lines:
            handles += [
                Line2D([], [], color=colour[n], marker="o", ms=3, label=n) for n in lines_all
            ]
        elif len(lines_all) > 1:  # different lines per panel: a legend in each panel
            for a in axes:
                if len(a.get_legend_handles_labels()[0]) > 1:
                    a.legend(fontsize="xx-small", loc="best")
        if flagged[1]:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    mfc="white",
                    mec="0.2",
                    label="estimated / imputed",
                )
            )
        if flagged[2]:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="x",
                    color="0.2",
                    label="other flag (break, unreliable...)",
                )
            )
        if handles:
            axes[0].legend(handles=handles, fontsize="x-small", loc="best")
        if ax is None:
            fig.suptitle(title or default_title, fontsize="medium", fontweight="bold")
        else:
            ax.set_title(title or default_title, fontsize="medium")
        if ax is not None:
            add_source(ax, meta)
        else:  # one line under the whole figure, outside the panels' layout boxes
            src_text = source_line(meta)
            if src_text:
                height = fig.get_size_inches()[1]
                fig.get_layout_engine().set(rect=(0.0, 0.25 / height, 1.0, 1.0 - 0.25 / height))
                fig.text(
                    0.005,
                    0.005,
                    src_text,
                    ha="left",
                    va="bottom",
                    fontsize="x-small",
                    color="0.35",
                    gid="pedw-source",
                )
    out: Figure = fig
    return out


def sdg_chart(result: Result, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """``SDGResult.plot()``: :func:`sdg_panels`, returning the first panel's axes.

    With ``ax=`` everything is drawn in that one panel (``by=None``); otherwise one panel
    per country, and ``ax.figure`` is the whole figure.
    """
    if ax is not None:
        kwargs.setdefault("by", None)
        sdg_panels(result, ax=ax, **kwargs)
        return ax
    fig = sdg_panels(result, **kwargs)
    first: Axes = fig.axes[0]
    return first


def indicator_lines(
    result: Result,
    *,
    term: str | None = None,
    ax: Axes | None = None,
    max_lines: int = 8,
    where: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Axes:
    """Draw an indicator result (no additive total) as lines over time, one per group.

    Used by ``.plot()`` of results without an additive identity (labour share, unit labour
    cost, gender pay gap...). The result's keys other than the year become line labels; as in
    :func:`sdg_panels`, disaggregation keys keep only their total rows (NaN, ``_T``,
    ``Total``) when they have any, and missing years are drawn as gaps.

    Parameters
    ----------
    result : pedw._result.Result
        A result whose ``components`` have a year key.
    term : str, optional
        Column to draw; default the first of ``result.terms``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    max_lines : int
        Refuse more lines than this (restrict with ``where=``).
    where : mapping, optional
        Keep rows whose column equals the value (or is in the list).
    title : str, optional
        Title; default the result's title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one line per group.
    """
    comp = result.components
    col = term or (result.terms[0] if result.terms else None)
    if col is None or col not in comp.columns:
        raise OptionError(
            f"No column {col!r} to draw.", hint=f"pass term= one of {list(comp.columns)}"
        )
    keys = [k for k in result.keys if k in comp.columns]
    time = next((k for k in keys if k.lower() in ("time", "year", "period")), None)
    if time is None:
        raise OptionError(
            f"{type(result).__name__} has no year key to draw over time.",
            hint="use pedw.plot.decomposition_bars(result)",
        )
    others = [k for k in keys if k != time]
    area = "ref_area" if "ref_area" in others else None
    frame = pd.DataFrame(
        {
            "ref_area": comp[area] if area else "",
            "time": comp[time],
            **{k: comp[k] for k in others if k != area},
            "value": comp[col].to_numpy(dtype=float),
        }
    )
    meta = dict(result.meta)
    meta.setdefault("units_text", result.units)
    frame.attrs["pedw"] = meta
    with style_context():
        fig_ax = new_axes(ax, (7.0, 4.5))
        sdg_panels(
            frame,
            by=None,
            ax=fig_ax,
            max_lines=max_lines,
            where=where,
            title=title or f"{result.title}: {col}",
        )
        if not fig_ax.get_ylabel() or fig_ax.get_ylabel() == "value":
            fig_ax.set_ylabel(wrap(result.units or col))
    return fig_ax
