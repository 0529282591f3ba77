r"""Charts of sectoral decompositions: structural-change scatter, contributions by sector.

The McMillan-Rodrik structural-change scatter, and contributions by sector (waterfall or
diverging bars) for one country and period.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from pedw._types import check_option
from pedw._validate import (
    as_list,
    check_no_missing,
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
    OptionError,
)
from pedw.plot._common import (
    add_source,
    bar_legend,
    new_axes,
    period_label,
    select,
    set_bar_labels,
    stacked_bars,
)
from pedw.plot._style import PALETTE, style_context
from pedw.schema import get_meta

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from pedw._result import Result

__all__ = ["ScatterData", "sector_contributions", "structural_change", "structural_change_data"]

#: Which period's sector productivity the scatter's vertical axis shows.
ProductivityAt: TypeAlias = Literal["start", "end"]
#: Chart type of :func:`sector_contributions`.
ContributionKind: TypeAlias = Literal["waterfall", "diverging"]

_MR_CITATION = (
    "McMillan, M. & Rodrik, D. (2011), Globalization, structural change and productivity "
    "growth, NBER WP 17143, doi:10.3386/w17143"
)

#: Columns of :func:`structural_change_data`.
ScatterData = pd.DataFrame


# ------------------------------------------------------------------------- structural change
def _from_result(
    result: Result, data: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, Any], tuple[Any, Any] | None]:
    """Column names, sector treatment and period of a SectoralResult, plus its input panel."""
    if data is None:
        raise OptionError(
            "A sectoral result holds the decomposition terms but not the sector levels "
            "(productivity, employment shares) the structural-change scatter needs.",
            hint="pass the panel you decomposed: structural_change(result, data=panel)",
        )
    meta = result.meta
    contrib = getattr(result, "contributions", pd.DataFrame())
    skip = {*result.keys, *result.terms, result.total}
    sector_cols = [c for c in contrib.columns if c not in skip]
    by = [k for k in result.keys if k not in ("start", "end")]
    cols: dict[str, Any] = {
        "by": by,
        "sector": sector_cols[0] if sector_cols else "sector",
        "output": meta.get("output", "value_added"),
        "labour": meta.get("labour", "employment"),
        "sector_map": meta.get("sector_map"),
        "exclude": meta.get("excluded") or (),
    }
    periods = meta.get("periods") or []
    period = tuple(periods[0]) if len(periods) == 1 else None
    return data, cols, period


def structural_change_data(
    data: pd.DataFrame,
    *,
    group: Hashable | None = None,
    start: Any = None,
    end: Any = None,
    productivity_at: ProductivityAt = "start",
    by: str | Sequence[str] | None = "ref_area",
    sector: str = "sector",
    time: str = "time",
    output: str = "value_added",
    labour: str = "employment",
    sector_map: Mapping[Hashable, Hashable] | None = None,
    exclude: Sequence[Hashable] = (),
) -> pd.DataFrame:
    r"""Per-sector points of the structural-change scatter, for one group and period.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy sector panel (one row per group, year and sector).
    group : hashable, optional
        The group (country) to draw; required when ``data`` holds several.
    start, end : scalar, optional
        Base and end year [year]; default the group's first and last year.
    productivity_at : {"start", "end"}
        Year of the sector and aggregate productivity on the vertical axis.
    by : str, sequence of str or None
        Group column(s).
    sector, time, output, labour : str
        Sector, year, real output [constant prices] and labour [persons or hours] columns.
    sector_map : mapping, optional
        Merge sectors first (e.g. ``{"L": "J+M+N"}``), as in :func:`pedw.decompose.sectoral`.
    exclude : sequence, optional
        Sectors to leave out, as in :func:`pedw.decompose.sectoral`.

    Returns
    -------
    pandas.DataFrame
        One row per sector: ``sector``, ``share_start``, ``share_end`` [share, 0-1],
        ``share_change`` [percentage points], ``productivity`` (:math:`y_i` at
        ``productivity_at``) [output per labour unit], ``aggregate`` (:math:`P`)
        [output per labour unit] and ``log_relative`` (:math:`\ln(y_i/P)`, NaN where
        :math:`y_i \le 0`). ``attrs["pedw"]`` carries the group, period and input metadata.

    Raises
    ------
    pedw.errors.InvalidValueError
        Missing values, or a sector with zero or negative employment in the start or end year.
    pedw.errors.InvalidPanelError
        A sector present in one of the two years only.
    pedw.errors.InsufficientDataError
        No data for the group in the start or end year.
    """
    check_option("productivity_at", productivity_at, ProductivityAt)
    df = ensure_frame(data)
    by_cols = as_list(by)
    roles = {sector: "sector", time: "time", output: "output", labour: "labour"}
    roles.update(dict.fromkeys(by_cols, "by"))
    require_columns(df, [*by_cols, time, sector, output, labour], roles=roles)
    require_numeric(df, [output, labour], keys=[*by_cols, time, sector])
    if by_cols:
        if group is None:
            df = select(df, by_cols[0], None, argument="group")
        else:
            wanted = group if isinstance(group, tuple) else (group,)
            for col, val in zip(by_cols, wanted, strict=False):
                df = select(df, col, val, argument="group")
    label = (
        str(group)
        if group is not None
        else (str(df[by_cols[0]].iloc[0]) if by_cols and len(df) else "")
    )
    years = pd.Series(pd.unique(df[time].dropna()))
    if len(years) == 0:
        raise InsufficientDataError("No rows to draw.", hint="check group=", group=group)
    t0 = start if start is not None else years.min()
    t1 = end if end is not None else years.max()
    if t0 == t1:
        raise OptionError(
            f"start and end are the same year ({t0}).", hint="pass two different years"
        )
    sub = df.loc[df[time].isin([t0, t1]), [time, sector, output, labour]]
    for t in (t0, t1):
        if not (sub[time] == t).any():
            raise InsufficientDataError(
                f"No data in {t} for the group.",
                hint=f"pick years present in the data ({years.min()}-{years.max()})",
                group=label or None,
                period=t,
            )
    keys = [time, sector]
    check_no_missing(sub, [output, labour], keys=keys)
    if sector_map:
        sub = sub.assign(**{sector: sub[sector].map(lambda s: sector_map.get(s, s))})
        sub = sub.groupby(keys, as_index=False, sort=False)[[output, labour]].sum()
    if len(exclude):
        sub = sub.loc[~sub[sector].isin(list(exclude))]
    require_unique(sub, keys)
    wide = sub.pivot(index=sector, columns=time, values=[output, labour])
    one_year = wide.isna().any(axis=1).to_numpy()
    if one_year.any():
        names = wide.index[one_year].tolist()
        raise InvalidPanelError(
            f"{len(names)} sectors appear in one of {t0} and {t1} only.",
            hint="merge them with sector_map= or leave them out with exclude=",
            group=label or None,
            sector=names[:5],
        )
    y0, y1 = wide[(output, t0)].to_numpy(float), wide[(output, t1)].to_numpy(float)
    l0, l1 = wide[(labour, t0)].to_numpy(float), wide[(labour, t1)].to_numpy(float)
    bad = (l0 <= 0) | (l1 <= 0)
    if bad.any():
        flat = pd.DataFrame({sector: wide.index, "l0": l0, "l1": l1})
        raise InvalidValueError(
            f"{int(bad.sum())} sectors have zero or negative {labour!r} in {t0} or {t1}, so "
            "their productivity is undefined.",
            hint="merge them into a neighbour with sector_map= (e.g. ETD real estate 'L' into "
            "business services 'J+M+N') or leave them out with exclude=",
            group=label or None,
            column=labour,
            rows=describe_rows(flat, bad, [sector]),
        )
    s0, s1 = l0 / l0.sum(), l1 / l1.sum()
    yy, ll = (y0, l0) if productivity_at == "start" else (y1, l1)
    prod = yy / ll
    agg = yy.sum() / ll.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where((prod > 0) & (agg > 0), np.log(np.where(prod > 0, prod, 1.0) / agg), np.nan)
    out = pd.DataFrame(
        {
            "sector": wide.index.to_numpy(),
            "share_start": s0,
            "share_end": s1,
            "share_change": 100.0 * (s1 - s0),
            "productivity": prod,
            "aggregate": agg,
            "log_relative": rel,
        }
    )
    out.attrs["pedw"] = {
        **get_meta(data),
        "group": label,
        "start": t0,
        "end": t1,
        "productivity_at": productivity_at,
    }
    return out


def _weighted_fit(
    x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], w: np.ndarray[Any, Any]
) -> tuple[float, float] | None:
    """Weighted least squares ``y = a + b x`` (weights ``w``); None if x has no spread."""
    ok = np.isfinite(x) & np.isfinite(y) & (w > 0)
    if ok.sum() < 2 or np.ptp(x[ok]) == 0:
        return None
    b, a = np.polyfit(x[ok], y[ok], 1, w=np.sqrt(w[ok]))  # polyfit weights residuals by w
    return float(a), float(b)


def _repel_once(
    texts: list[Any], renderer: Any, dpi: float, base: list[tuple[float, float]]
) -> None:
    """Move labels up, in order of height, until no two label boxes overlap (deterministic)."""
    for t, xy in zip(texts, base, strict=True):
        t.xyann = xy
        if t.arrow_patch is not None:
            t.arrow_patch.set_visible(False)
    boxes = [t.get_window_extent(renderer) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: (boxes[i].y0, boxes[i].x0))
    placed: list[Any] = []
    pad = 1.0
    for i in order:
        b = boxes[i]
        dy = 0.0
        moved = True
        while moved:
            moved = False
            for p in placed:
                if (
                    b.x0 < p.x1
                    and b.x1 > p.x0
                    and b.y0 + dy < p.y1 + pad
                    and b.y1 + dy > p.y0 - pad
                ):
                    dy = p.y1 + pad - b.y0
                    moved = True
        placed.append(b.translated(0, dy))
        if dy:
            x_off, y_off = base[i]
            texts[i].xyann = (x_off, y_off + dy * 72.0 / dpi)
            if texts[i].arrow_patch is not None:
                texts[i].arrow_patch.set_visible(True)


def _repel(ax: Axes, texts: list[Any]) -> None:
    """Attach a label repeller that runs at draw time, after the layout is final.

    An invisible artist drawn just before the labels (lower zorder) places them from their
    original offsets on every draw, so resizing or re-layout never leaves overlaps.
    """
    if len(texts) < 2:
        return
    from matplotlib.artist import Artist

    base = [tuple(t.xyann) for t in texts]

    class _Repeller(Artist):
        def draw(self, renderer: Any) -> None:
            _repel_once(texts, renderer, ax.figure.dpi, base)

    rep = _Repeller()
    rep.set_zorder(min(t.get_zorder() for t in texts) - 0.01)
    rep.set_in_layout(False)
    ax.add_artist(rep)
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    _repel_once(texts, renderer, ax.figure.dpi, base)


def structural_change(
    result_or_frame: Result | pd.DataFrame,
    *,
    data: pd.DataFrame | None = None,
    group: Hashable | None = None,
    start: Any = None,
    end: Any = None,
    productivity_at: ProductivityAt = "start",
    by: str | Sequence[str] | None = "ref_area",
    sector: str = "sector",
    time: str = "time",
    output: str = "value_added",
    labour: str = "employment",
    sector_map: Mapping[Hashable, Hashable] | None = None,
    exclude: Sequence[Hashable] = (),
    labels: Mapping[Hashable, str] | None = None,
    ax: Axes | None = None,
    label: bool = True,
    title: str | None = None,
) -> Axes:
    r"""McMillan-Rodrik scatter: sector productivity against the change in employment share.

    One bubble per sector: horizontal position the change in its employment share between
    ``start`` and ``end`` [percentage points], vertical position the log of its productivity
    relative to the economy's, :math:`\ln(y_i/P)`; bubble area proportional to the sector's
    employment share in ``start``. The employment-weighted least-squares line (weights
    :math:`s_{i0}`) summarises the pattern: a positive slope means labour moved towards
    above-average productivity sectors (growth-enhancing structural change).

    Parameters
    ----------
    result_or_frame : pedw.decompose.SectoralResult or pandas.DataFrame
        A tidy sector panel, or a sectoral result together with ``data=`` (the panel it was
        computed from: the result holds terms, not sector levels). With a result, the column
        names, ``sector_map``/``exclude`` and (if it has one period) the period are taken from
        it, so the scatter shows the sectors of the decomposition.
    data : pandas.DataFrame, optional
        The panel, when ``result_or_frame`` is a result.
    group : hashable, optional
        The country (value of ``by``) to draw; required when there are several.
    start, end : scalar, optional
        Base and end year [year]; default the result's period, or the first and last year.
    productivity_at : {"start", "end"}
        Year of :math:`y_i` and :math:`P` on the vertical axis. ``"start"`` (default) asks
        "did labour move towards sectors that were more productive?"; ``"end"`` uses the
        end-year levels :math:`y_{i1}` that weight :math:`\Delta s_i` in McMillan-Rodrik's
        structural-change term :math:`\sum_i y_{i1}\Delta s_i`.
    by, sector, time, output, labour : str
        Column names (panel input only).
    sector_map, exclude : optional
        Merge or leave out sectors first (panel input only; a result brings its own), as in
        :func:`pedw.decompose.sectoral`, e.g. ``sector_map={"L": "J+M+N"}``.
    labels : mapping, optional
        Display names of sectors (e.g. ``{"A": "Agriculture"}``); default the sector codes.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    label : bool
        Write sector labels next to the bubbles (moved apart vertically where they would
        overlap).
    title : str, optional
        Title; default names the group and period.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one scatter collection (the bubbles, in the order of
        :func:`structural_change_data`), one line for the fit (absent with fewer than two
        sectors or no change in shares) and one annotation per labelled sector.

    Notes
    -----
    With :math:`s_i = L_i/L` and :math:`y_i = Y_i/L_i`, :math:`P = Y/L = \sum_i s_i y_i`:

    .. math::

        x_i = 100\,(s_{i1} - s_{i0}), \qquad
        v_i = \ln\frac{y_{it}}{P_t}, \quad t \in \{0, 1\}, \qquad
        \text{area}_i \propto s_{i0}

    and the fitted line :math:`v = \alpha + \beta x` minimises
    :math:`\sum_i s_{i0}(v_i - \alpha - \beta x_i)^2`. Sectors with
    :math:`y_i \le 0` (negative value added) have no logarithm: they are not drawn, a
    :class:`~pedw.errors.NegativeValueWarning` names them and the chart's footnote lists
    them. Zero employment in a sector makes :math:`y_i` undefined and raises (merge the
    sector, e.g. ETD real estate with business services, or exclude it).

    McMillan & Rodrik's figures (2011, e.g. Latin America and Asia 1990-2005) plot
    :math:`\ln(y_i/P)` against :math:`\Delta s_i` with bubbles sized by employment share;
    which year's productivity and shares they use was not checked against the paper here,
    hence the explicit ``productivity_at`` option (bubbles always use :math:`s_{i0}`).

    References
    ----------
    .. [1] McMillan, M. & Rodrik, D. (2011). Globalization, structural change and productivity
       growth. NBER Working Paper 17143. doi:10.3386/w17143
    .. [2] McMillan, M., Rodrik, D. & Verduzco-Gallo, I. (2014). Globalization, structural
       change, and productivity growth, with an update on Africa. World Development 63,
       11-32. doi:10.1016/j.worlddev.2013.10.012
    """
    meta_extra: Mapping[str, Any] = {}
    if isinstance(result_or_frame, pd.DataFrame):
        panel = result_or_frame
    else:
        panel, cols, period = _from_result(result_or_frame, data)
        by, sector = cols["by"] or None, cols["sector"]
        output, labour = cols["output"], cols["labour"]
        sector_map, exclude = cols["sector_map"], cols["exclude"]
        if start is None and end is None and period is not None:
            start, end = period
        meta_extra = result_or_frame.meta
    pts = structural_change_data(
        panel,
        group=group,
        start=start,
        end=end,
        productivity_at=productivity_at,
        by=by,
        sector=sector,
        time=time,
        output=output,
        labour=labour,
        sector_map=sector_map,
        exclude=exclude,
    )
    info = pts.attrs["pedw"]
    t0, t1 = info["start"], info["end"]
    names = [str((labels or {}).get(s, s)) for s in pts["sector"]]
    drawn = pts["log_relative"].notna().to_numpy()
    if not drawn.all():
        left_out = [n for n, d in zip(names, drawn, strict=True) if not d]
        warnings.warn(
            f"{len(left_out)} sectors have non-positive productivity (negative value added) and "
            f"cannot be placed on the log scale; they are not drawn: {left_out}.",
            NegativeValueWarning,
            stacklevel=2,
        )
    x = pts["share_change"].to_numpy(float)
    y = pts["log_relative"].to_numpy(float)
    w = pts["share_start"].to_numpy(float)
    with style_context():
        ax = new_axes(ax, (7.0, 5.0))
        ax.axhline(0, color="0.3", linewidth=0.8)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.scatter(
            x[drawn],
            y[drawn],
            s=np.maximum(2500.0 * w[drawn], 12.0),
            color=PALETTE[0],
            alpha=0.55,
            edgecolor="white",
            linewidth=0.8,
            zorder=3,
            label=f"sector (area = employment share, {t0})",
        )
        fit = _weighted_fit(x[drawn], y[drawn], w[drawn])
        if fit is not None:
            a, b = fit
            xs = np.array([np.nanmin(x[drawn]), np.nanmax(x[drawn])])
            ax.plot(
                xs,
                a + b * xs,
                color=PALETTE[5],
                linewidth=1.5,
                zorder=4,
                gid="fit",
                label=f"employment-weighted fit, slope {b:.3f}",
            )
        texts = []
        if label:
            for xi, yi, wi, name in zip(
                x[drawn], y[drawn], w[drawn], np.asarray(names)[drawn], strict=True
            ):
                off = 0.7 * float(np.sqrt(max(2500.0 * wi, 12.0))) / 2 + 2
                texts.append(
                    ax.annotate(
                        name,
                        (xi, yi),
                        xytext=(off, off),
                        textcoords="offset points",
                        fontsize="x-small",
                        zorder=5,
                        arrowprops={
                            "arrowstyle": "-",
                            "color": "0.6",
                            "linewidth": 0.5,
                            "visible": False,
                        },
                    )
                )
        ax.set_xlabel(f"Change in employment share, {period_label(t0, t1)} [percentage points]")
        year = t0 if productivity_at == "start" else t1
        ax.set_ylabel(f"ln(sector / aggregate labour productivity), {year} [log]")
        where = info["group"]
        ax.set_title(
            title or f"Structural change{' in ' + where if where else ''}, {period_label(t0, t1)}",
            fontsize="medium",
        )
        ax.legend(fontsize="x-small", loc="best", markerscale=0.4)
        meta = {**info, **meta_extra}
        note = (
            "Not drawn (productivity <= 0): " + ", ".join(np.asarray(names)[~drawn].tolist())
            if not drawn.all()
            else ""
        )
        add_source(ax, meta, note)
        _repel(ax, texts)
    return ax


# ------------------------------------------------------------------- contributions by sector
def _contributions(
    result: Result, group: Hashable | None, period: Any
) -> tuple[pd.DataFrame, str, list[str], str]:
    contrib = getattr(result, "contributions", None)
    if not isinstance(contrib, pd.DataFrame) or contrib.empty:
        raise OptionError(
            f"{type(result).__name__} has no contributions by sector.",
            hint="use a pedw.decompose.sectoral result",
        )
    by = [k for k in result.keys if k not in ("start", "end", "time")]
    skip = {*result.keys, *result.terms, result.total}
    sector_cols = [c for c in contrib.columns if c not in skip]
    if not sector_cols:
        raise OptionError("The contributions have no sector column.", hint="use a sectoral result")
    sec = sector_cols[0]
    frame = contrib
    if by:
        wanted = group if isinstance(group, tuple) else (group,)
        if group is None:
            frame = select(frame, by[0], None, argument="group")
        for col, val in zip(by, wanted, strict=False):
            if val is not None:
                frame = select(frame, col, val, argument="group")
    if "start" in frame.columns:
        if period is None:
            pairs = frame[["start", "end"]].drop_duplicates()
            if len(pairs) > 1:
                shown = ", ".join(f"({a!r}, {b!r})" for a, b in pairs.head(8).to_numpy())
                raise OptionError(
                    f"The result has {len(pairs)} periods; this chart draws one.",
                    hint=f"pass period= one of {shown}",
                )
        else:
            p0, p1 = period if isinstance(period, tuple) else (period, None)
            keep = frame["start"] == p0
            if p1 is not None:
                keep &= frame["end"] == p1
            if not keep.any():
                raise OptionError(
                    f"period={period!r} is not in the result.",
                    hint="pass a (start, end) pair of result.components",
                    period=period,
                )
            frame = frame.loc[keep]
    where_parts = [str(frame[k].iloc[0]) for k in by if k in frame.columns and len(frame)]
    if "start" in frame.columns and len(frame):
        where_parts.append(period_label(frame["start"].iloc[0], frame["end"].iloc[0]))
    terms = [t for t in result.terms if t in frame.columns]
    return frame, sec, terms, ", ".join(where_parts)


def sector_contributions(
    result: Result,
    *,
    group: Hashable | None = None,
    period: Any = None,
    kind: ContributionKind = "waterfall",
    sort: bool = True,
    labels: Mapping[Hashable, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    r"""Contributions of each sector to aggregate productivity growth, for one country-period.

    Parameters
    ----------
    result : pedw.decompose.SectoralResult
        A sectoral decomposition (its ``contributions`` by sector are drawn).
    group : hashable, optional
        Country (value of the result's ``by`` column); required if the result has several.
    period : tuple or scalar, optional
        ``(start, end)`` or ``start`` of the period; required if the result has several.
    kind : {"waterfall", "diverging"}
        ``"waterfall"``: each sector's total contribution as a floating bar starting where the
        previous one ended, the last bar the aggregate total (green up, vermillion down).
        ``"diverging"``: horizontal bars per sector split into the method's terms (within,
        static, dynamic...), positive parts right and negative left, the sector total as a
        point.
    sort : bool
        Order sectors by total contribution, largest first.
    labels : mapping, optional
        Display names of sectors.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if omitted.
    title : str, optional
        Title; default names the method, country and period.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (waterfall: one bar per sector plus the total bar; diverging: one
        bar container per term).

    Notes
    -----
    Sector :math:`i`'s contribution is :math:`c_i = \sum_k c_{ik}` over the method's terms
    (e.g. :math:`s_{i0}\Delta y_i + y_{i0}\Delta s_i + \Delta y_i\Delta s_i` over
    :math:`P_0` for the classic method), in the result's units; the contributions sum to the
    aggregate total, so the waterfall ends exactly at the total:

    .. math::

        \sum_i c_i = \frac{\Delta P}{P_0} \quad (\text{scale="growth"}).

    References
    ----------
    .. [1] de Vries, G., Timmer, M. & de Vries, K. (2015). Structural transformation in
       Africa: static gains, dynamic losses. Journal of Development Studies 51(6), 674-688.
       doi:10.1080/00220388.2014.997222
    """
    check_option("kind", kind, ContributionKind)
    frame, sec, terms, where = _contributions(result, group, period)
    total_col = result.total or "total"
    if sort and total_col in frame.columns:
        frame = frame.sort_values(total_col, ascending=False, na_position="last")
    names = [str((labels or {}).get(s, s)) for s in frame[sec]]
    tot = frame[total_col].to_numpy(float)
    n = len(names)
    with style_context():
        if kind == "diverging":
            ax = new_axes(ax, (7.5, max(3.5, 0.35 * n + 1.5)))
            pos = stacked_bars(
                ax,
                {t: frame[t].to_numpy(float) for t in terms},
                tot,
                total_label="sector total",
                orientation="horizontal",
            )
            set_bar_labels(ax, pos, names, "horizontal")
            ax.set_xlabel(result.units or "contribution")
            bar_legend(ax)
        else:
            ax = new_axes(ax, (max(6.0, 0.5 * n + 3), 4.5))
            vals = np.nan_to_num(tot)
            ends = np.cumsum(vals)
            starts = ends - vals
            pos = np.arange(n + 1, dtype=float)
            colours = [PALETTE[2] if v >= 0 else PALETTE[5] for v in vals]
            ax.bar(pos[:n], vals, 0.7, bottom=starts, color=colours, gid="sectors")
            total = float(np.nansum(tot))
            ax.bar(pos[n], total, 0.7, color="0.2", gid="total", label="aggregate total")
            from matplotlib.collections import LineCollection

            segs = np.stack(
                [
                    np.column_stack([pos[:n] + 0.35, ends]),
                    np.column_stack([pos[1:] - 0.35, ends]),
                ],
                axis=1,
            )
            ax.add_collection(LineCollection(list(segs), colors="0.55", linewidths=0.6))
            set_bar_labels(ax, pos, [*names, "Total"], "vertical")
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_ylabel(result.units or "contribution")
        method = getattr(result, "method", "")
        ax.set_title(
            title or f"Contributions by sector ({method}){': ' + where if where else ''}",
            fontsize="medium",
        )
        add_source(ax, result.meta)
    return ax
