r"""The productivity–decent-work country profile behind ``pedw profile``.

:func:`build_profile` composes pedw's public functions -- the loaders, :func:`pedw.decompose.
sectoral`, :func:`pedw.decompose.jobs_growth`, :func:`pedw.wages.gap_index` and :mod:`pedw.sdg`
-- into a :class:`pedw.report.Report`: data provenance; where productivity growth comes from
(classic and McMillan-Rodrik decompositions, by sub-period and by sector, with the
structural-change scatter); the jobs-growth decomposition; the wage–productivity gap; and the
SDG 8.2.1, 8.5.1, 8.5.2, 9.2.1 and 9.2.2 panels, with the producer's published values beside
pedw's computation where both exist.

Every section is computed on its own: a section whose inputs are absent is marked
``"unavailable"`` with the missing input and the series codes that provide it; a section that
fails is marked ``"error"`` with the message; the others still render. Nothing is imputed.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from pedw.errors import OptionError, PedwError
from pedw.report import Figure_, Report, Section, figure_png, provenance_table
from pedw.schema import get_meta

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_DATASETS", "SECTION_TITLES", "build_profile", "load_inputs"]

#: Shipped datasets used when ``data=None``.
DEFAULT_DATASETS: tuple[str, ...] = (
    "ggdc10",
    "etd",
    "ilostat_employment_gbr",
    "ilostat_earnings",
    "sdg_gbr_8.2.1",
    "sdg_gbr_8.5.1",
    "sdg_gbr_8.5.2",
    "sdg_gbr_9.2.1",
    "sdg_gbr_9.2.2",
    "wdi_country",
)

#: Section key -> heading, in report order.
SECTION_TITLES: dict[str, str] = {
    "provenance": "Data provenance and vintages",
    "sectoral": "Where productivity growth comes from",
    "jobs": "Jobs-growth decomposition",
    "wages": "Wage–productivity gap",
    "sdg_8_2_1": "SDG 8.2.1 — Growth of real GDP per employed person",
    "sdg_8_5_1": "SDG 8.5.1 — Average hourly earnings and the gender pay gap",
    "sdg_8_5_2": "SDG 8.5.2 — Unemployment rate",
    "sdg_9_2_1": "SDG 9.2.1 — Manufacturing value added share",
    "sdg_9_2_2": "SDG 9.2.2 — Manufacturing employment share",
}

#: Sector that absorbs a zero-employment sector (imputed rents, no workers), by classification.
_MERGE_INTO: dict[str, dict[str, str]] = {
    "etd": {"L": "J+M+N"},
    "ggdc10": {},
}
_MERGE_LABELS = {"L": "Real estate", "J+M+N": "Business services"}
#: Manufacturing sector code, by classification.
_MANUFACTURING = {"etd": "C", "ggdc10": "MAN"}

#: Inputs of the jobs-growth decomposition: column -> (what, WDI code, ILOSTAT code).
_JOBS_INPUTS: dict[str, tuple[str, str, str]] = {
    "value_added": ("real GDP / value added", "NY.GDP.MKTP.KD", "(national accounts)"),
    "employment": ("employment", "SL.EMP.TOTL (derived)", "EMP_2EMP_SEX_AGE_NB"),
    "labour_force": ("labour force", "SL.TLF.TOTL.IN", "EAP_2EAP_SEX_AGE_NB"),
    "working_age": ("working-age population (15-64)", "SP.POP.1564.TO", "POP_2POP_SEX_AGE_NB"),
    "population": ("total population", "SP.POP.TOTL", "(UN WPP)"),
}
_WDI_TO_JOBS = {
    "NY.GDP.MKTP.KD": "value_added",
    "SL.TLF.TOTL.IN": "labour_force",
    "SP.POP.1564.TO": "working_age",
    "SP.POP.TOTL": "population",
}
_DATA_SUFFIXES = {".csv", ".gz", ".xlsx", ".dta", ".json", ".zip"}

Progress = Callable[[str], None]


# ------------------------------------------------------------------------------------ inputs
@dataclass
class _Inputs:
    """The frames a profile uses, by role, with their provenance."""

    sectors: dict[str, pd.DataFrame] = field(default_factory=dict)
    ilostat: dict[str, pd.DataFrame] = field(default_factory=dict)
    sdg: dict[str, pd.DataFrame] = field(default_factory=dict)
    wdi: dict[str, pd.DataFrame] = field(default_factory=dict)
    tidy: dict[str, pd.DataFrame] = field(default_factory=dict)
    country_meta: pd.DataFrame | None = None
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    load_warnings: list[str] = field(default_factory=list)

    def add(self, name: str, df: pd.DataFrame) -> None:
        meta = get_meta(df)
        self.metas[name] = meta
        reader = str(meta.get("reader", ""))
        fmt = str(meta.get("format", ""))
        cols = set(df.columns)
        if {"sector", "value_added", "employment"} <= cols:
            self.sectors[name] = df
        elif fmt == "wdi_country" or reader == "read_wdi_country":
            self.country_meta = df
        elif fmt.startswith("ilostat") or reader == "read_ilostat" or "obs_value" in cols:
            self.ilostat[name] = df
        elif fmt in {"open_sdg", "un_sdg"} or reader == "read_sdg":
            for code in pd.unique(df["indicator"].astype(str)):
                part = df[df["indicator"].astype(str) == code]
                part.attrs = df.attrs
                self.sdg[code] = part
        elif "indicator" in cols and "value" in cols:
            self.wdi[name] = df
        else:
            self.tidy[name] = df


def _read_file(path: Path) -> pd.DataFrame:
    from pedw.io._detect import read

    return read(path)


def _expand(items: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file())
        else:
            out.append(p)
    return out


def load_inputs(
    data: str | Path | Sequence[str | Path] | Mapping[str, pd.DataFrame] | None = None,
    *,
    progress: Progress | None = None,
) -> _Inputs:
    """Load the frames of a profile.

    Parameters
    ----------
    data : path, sequence of paths, mapping or None
        ``None``: the real samples shipped with pedw (:data:`DEFAULT_DATASETS`). A folder or
        files: each data file is read with :func:`pedw.io.read` (files of other types are
        listed as skipped in the provenance section). A mapping: name -> tidy frame.
    progress : callable, optional
        Called with one line per step.

    Returns
    -------
    _Inputs
        Frames by role, with provenance.

    Raises
    ------
    pedw.errors.ParseError
        A named path that does not exist.
    """
    say = progress or (lambda _msg: None)
    inputs = _Inputs()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if data is None:
            from pedw import datasets

            for name in DEFAULT_DATASETS:
                say(f"reading shipped dataset {name}")
                inputs.add(name, _shipped(name).copy(deep=True))
        elif isinstance(data, Mapping):
            for name, df in data.items():
                inputs.add(str(name), df)
        else:
            items = [data] if isinstance(data, str | Path) else list(data)
            for p in _expand(items):
                if not p.exists():
                    from pedw.errors import ParseError

                    raise ParseError(
                        "The file or folder does not exist.",
                        file=str(p),
                        hint="check the path given to --data",
                    )
                suffixes = {s.lower() for s in p.suffixes}
                if not suffixes & _DATA_SUFFIXES:
                    inputs.skipped.append((p.name, "not a data file (extension)"))
                    continue
                say(f"reading {p}")
                try:
                    inputs.add(p.name, _read_file(p))
                except PedwError as err:
                    inputs.skipped.append((p.name, str(err)))
    replay = [w for n in DEFAULT_DATASETS for w in _SHIPPED_WARNINGS.get(n, [])]
    inputs.load_warnings = _warning_lines([*(replay if data is None else []), *caught])
    if inputs.country_meta is None:
        from pedw import datasets

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            inputs.country_meta = datasets.load("wdi_country")
    return inputs


@functools.cache
def _shipped(name: str) -> pd.DataFrame:
    """Load a shipped sample once per process (callers get deep copies)."""
    from pedw import datasets

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = datasets.load(name)
    for w in caught:  # replayed to the caller's recorder on every use
        _SHIPPED_WARNINGS.setdefault(name, []).append(w)
    return df


_SHIPPED_WARNINGS: dict[str, list[warnings.WarningMessage]] = {}


def _warning_lines(caught: Sequence[warnings.WarningMessage]) -> list[str]:
    seen: list[str] = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in seen:
            seen.append(text)
    return seen


# ----------------------------------------------------------------------------------- context
@dataclass
class _Context:
    country: str
    start: int | None
    end: int | None
    periods: Sequence[int] | None
    inputs: _Inputs
    say: Progress
    used: dict[str, list[str]] = field(default_factory=dict)

    def use(self, name: str, section: str) -> None:
        self.used.setdefault(name, [])
        if section not in self.used[name]:
            self.used[name].append(section)

    def in_window(self, years: pd.Series[Any]) -> pd.Series[Any]:
        y = pd.to_numeric(years, errors="coerce")
        ok = pd.Series(True, index=years.index)
        if self.start is not None:
            ok &= y >= self.start
        if self.end is not None:
            ok &= y <= self.end
        return ok

    def area_names(self) -> set[str]:
        """Names of the country in ILOSTAT explorer exports (labels, not codes)."""
        names = {self.country}
        cm = self.inputs.country_meta
        if cm is not None and "ref_area" in cm.columns:
            row = cm[cm["ref_area"].astype(str) == self.country]
            for col in ("short_name", "table_name", "long_name"):
                if col in row.columns:
                    names |= {str(v) for v in row[col].dropna()}
        return names


class _Unavailable(Exception):
    """A section's inputs are absent (not an error)."""


def _pct(x: pd.DataFrame | pd.Series[Any], cols: Sequence[str]) -> Any:
    out = x.copy()
    for c in cols:
        if c in out.columns:
            out[c] = out[c] * 100.0
    return out


def _units_of(meta: Mapping[str, Any], column: str) -> str:
    units = meta.get("units")
    if isinstance(units, Mapping) and column in units:
        return str(units[column])
    return str(meta.get("price_basis", "units not stated"))


def _fig(width: float = 7.5, height: float = 4.0) -> tuple[Figure, Axes]:
    """Make a figure outside pyplot's state machine (no GUI backend, nothing left open)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as _Figure

    fig = _Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def _source_caption(meta: Mapping[str, Any]) -> str:
    parts = [str(meta.get(k)) for k in ("producer", "vintage") if meta.get(k)]
    return "Source: " + ", ".join(parts) if parts else ""


# -------------------------------------------------------------------------------- provenance
def _provenance(ctx: _Context, sec: Section) -> None:
    inputs = ctx.inputs
    if inputs.skipped:
        sec.tables["Files not used"] = pd.DataFrame(inputs.skipped, columns=["file", "reason"])
    table = provenance_table(inputs.metas)
    if table.empty:
        raise _Unavailable("no data files were read")
    table.insert(
        1, "used in", [", ".join(ctx.used.get(n, [])) or "not used" for n in table["dataset"]]
    )
    sec.tables["Frames read"] = table
    sec.text.append(
        f"{len(table)} frames were read; the 'used in' column names the sections that used each "
        "one. Rows are the rows kept by the loader (see attrs['pedw'] for the full accounting). "
        "Licences are as stated by the producers; check them before redistributing."
    )
    sec.notes += [f"Loader warning — {w}" for w in inputs.load_warnings[:20]]


# ---------------------------------------------------------------------------------- sectoral
@dataclass
class _Panel:
    name: str
    df: pd.DataFrame
    classification: str
    years: list[int]
    merged: dict[str, str]
    excluded: list[str]


def _complete_years(df: pd.DataFrame) -> list[int]:
    ok = df[["value_added", "employment"]].notna().all(axis=1).groupby(df["time"]).all()
    return sorted(int(y) for y in ok[ok].index)


def _sector_panel(ctx: _Context) -> _Panel:
    candidates: list[_Panel] = []
    for name, df in ctx.inputs.sectors.items():
        sub = df[(df["ref_area"].astype(str) == ctx.country) & ctx.in_window(df["time"])]
        if sub.empty:
            continue
        years = _complete_years(sub)
        if len(years) < 2:
            continue
        sub = sub[sub["time"].isin(years)].copy()
        sub.attrs = df.attrs
        cls = str(get_meta(df).get("sector_classification", ""))
        zero = (sub["employment"] == 0) & (sub["value_added"] > 0)
        bad = sorted(pd.unique(sub.loc[zero, "sector"].astype(str)).tolist())
        merge = {s: _MERGE_INTO.get(cls, {})[s] for s in bad if s in _MERGE_INTO.get(cls, {})}
        excluded = [s for s in bad if s not in merge]
        candidates.append(_Panel(name, sub, cls, years, merge, excluded))
    if not candidates:
        have = ", ".join(ctx.inputs.sectors) or "none"
        raise _Unavailable(
            f"no sector panel (real value added and employment by sector) covers {ctx.country} "
            f"in at least two complete years (sector panels read: {have}). Provide a GGDC "
            "10-Sector Database or Economic Transformation Database file with this country."
        )
    # the panel with the most recent complete year; ties -> the longer one
    candidates.sort(key=lambda p: (p.years[-1], len(p.years)), reverse=True)
    return candidates[0]


def _subperiods(years: list[int], periods: Sequence[int] | None) -> list[int]:
    if periods is not None:
        return [int(p) for p in periods]
    first, last = years[0], years[-1]
    cuts = [y for y in range(math.ceil(first / 10) * 10, last, 10) if y > first]
    pts = [first, *cuts, last]
    if len(pts) > 2 and pts[-1] - pts[-2] < 3:  # a stub at the end joins the previous decade
        pts.pop(-2)
    if len(pts) > 2 and pts[1] - pts[0] < 3:
        pts.pop(1)
    avail = set(years)
    return [p for p in pts if p in avail]


def _sectoral(ctx: _Context, sec: Section) -> None:
    from pedw.decompose import sectoral

    panel = _sector_panel(ctx)
    ctx.use(panel.name, "sectoral")
    df, years = panel.df, panel.years
    meta = get_meta(df)
    opts: dict[str, Any] = {"scale": "annual", "sector_map": panel.merged or None}
    if panel.excluded:
        opts["exclude"] = panel.excluded
    s, e = years[0], years[-1]
    ctx.say(f"sectoral decomposition {ctx.country} {s}-{e}")
    classic = sectoral(df, start=s, end=e, method="classic", **opts)
    mr = sectoral(df, start=s, end=e, method="mcmillan_rodrik", **opts)
    pts = _subperiods(years, ctx.periods)
    sub_c = sub_mr = None
    if len(pts) > 2:
        sub_c = sectoral(df, periods=pts, method="classic", **opts)
        sub_mr = sectoral(df, periods=pts, method="mcmillan_rodrik", **opts)

    c0 = classic.components.iloc[0]
    m0 = mr.components.iloc[0]
    sec.text.append(
        f"Data: {panel.name} ({meta.get('source', '')}), {ctx.country}, {s}–{e} "
        f"({len(years)} years with complete sector data). "
        f"Output: {_units_of(meta, 'value_added')}; "
        f"labour: {_units_of(meta, 'employment')}."
    )
    sec.text.append(
        f"Aggregate labour productivity grew {100 * c0['total']:.2f}% per year between {s} and "
        f"{e} (from {c0['p0']:,.4g} to {c0['p1']:,.4g} output per labour unit). Within-sector "
        f"growth contributed {100 * c0['within']:.2f} percentage points per year and structural "
        f"change {100 * m0['structural']:.2f} (McMillan–Rodrik; classic split: static "
        f"{100 * c0['static']:.2f}, dynamic {100 * c0['dynamic']:.2f})."
    )
    whole = pd.DataFrame(
        [
            {"method": "classic", **{k: c0[k] for k in ("within", "static", "dynamic", "total")}},
            {
                "method": "McMillan-Rodrik",
                "within": m0["within"],
                "structural": m0["structural"],
                "total": m0["total"],
            },
        ]
    )
    whole.insert(1, "period", f"{s}-{e}")
    terms = ["within", "static", "dynamic", "structural", "total"]
    sec.tables["Whole period, annualised [% per year]"] = _pct(whole, terms)
    if sub_c is not None and sub_mr is not None:
        sub = sub_c.components[["start", "end", "within", "static", "dynamic"]].merge(
            sub_mr.components[["start", "end", "structural", "total", "p0", "p1"]],
            on=["start", "end"],
        )
        sec.tables["By sub-period, annualised [% per year]"] = _pct(sub, terms)
    contrib = classic.contributions[["sector", "within", "static", "dynamic", "total"]].merge(
        mr.contributions[["sector", "structural"]], on="sector"
    )
    sec.tables["Contributions by sector, whole period [% per year]"] = _pct(contrib, terms)

    # figures
    bars = sub_mr if sub_mr is not None else mr
    fig, ax = _fig()
    bars.plot(ax=ax)
    ax.set_title(f"{ctx.country}: McMillan–Rodrik decomposition [fraction per year]")
    sec.figures.append(
        Figure_(
            "decomposition_bars",
            figure_png(fig),
            f"Within and structural-change terms by period (annualised). {_source_caption(meta)}",
        )
    )
    fig, ax = _fig(7.5, 5.0)
    _draw_scatter(df, s, e, ax=ax, sector_map=panel.merged, exclude=panel.excluded, result=mr)
    ax.set_title(f"{ctx.country}: structural change {s}–{e}")
    sec.figures.append(
        Figure_(
            "structural_change",
            figure_png(fig),
            "Sectors' relative productivity (log of sector / aggregate productivity, end "
            "year) against the change in their employment share [percentage points]; "
            f"marker area ∝ employment share in {s}. {_source_caption(meta)}",
        )
    )
    waterfall = getattr(__import__("pedw.plot", fromlist=["x"]), "sector_contributions", None)
    if waterfall is not None:
        fig, ax = _fig()
        try:
            waterfall(classic, ax=ax)
            sec.figures.append(
                Figure_(
                    "sector_contributions",
                    figure_png(fig),
                    f"Contribution of each sector to aggregate productivity growth {s}–{e} "
                    f"[fraction per year], classic decomposition. {_source_caption(meta)}",
                )
            )
        except (TypeError, PedwError):
            pass
    for src, dst in panel.merged.items():
        sec.notes.append(
            f"Sector {src} ({_MERGE_LABELS.get(src, src)}) has positive value added but zero "
            f"employment (imputed rents with no workers), so its productivity is undefined: it is "
            f"merged into {dst} ({_MERGE_LABELS.get(dst, dst)}) before decomposing."
        )
    if panel.excluded:
        sec.notes.append(
            f"Sectors {panel.excluded} have output but zero employment and are excluded."
        )
    sec.notes += [
        "Classic: ΔP = Σ s_i0 Δy_i (within) + Σ y_i0 Δs_i (static) + Σ Δs_i Δy_i (dynamic); "
        "McMillan–Rodrik: structural = static + dynamic. Terms are annualised with the compound "
        "convention (they sum to the compound annual growth rate of aggregate productivity).",
        f"Citations: {classic.citation}; {mr.citation}. Data: {meta.get('citation', '')}",
    ]


def _draw_scatter(
    df: pd.DataFrame,
    start: int,
    end: int,
    *,
    ax: Axes,
    sector_map: Mapping[str, str],
    exclude: Sequence[str],
    result: Any = None,
) -> None:
    from pedw import plot as _plot

    chart = getattr(_plot, "structural_change", None)
    if chart is not None and result is not None:
        try:
            chart(result, data=df, ax=ax, productivity_at="end")
            return
        except (TypeError, PedwError):  # an older signature: draw it here
            ax.clear()
    d = df[df["time"].isin([start, end]) & ~df["sector"].astype(str).isin(exclude)].copy()
    d["sector"] = d["sector"].astype(str).replace(dict(sector_map))
    g = d.groupby(["time", "sector"])[["value_added", "employment"]].sum().unstack("time")
    va, emp = g["value_added"], g["employment"]
    share = emp / emp.sum()
    agg = cast("pd.Series[Any]", va.sum(axis=0) / emp.sum(axis=0))
    rel = np.log((va[end] / emp[end]) / agg[end])
    dshare = 100 * (share[end] - share[start])
    ax.scatter(dshare, rel, s=2000 * share[end], alpha=0.6, color="#1f77b4")
    for sector in g.index:
        ax.annotate(str(sector), (dshare[sector], rel[sector]), fontsize=8)
    slope = np.polyfit(dshare, rel, 1, w=share[end]) if len(g) > 2 else None
    if slope is not None:
        xs = np.linspace(float(dshare.min()), float(dshare.max()), 10)
        ax.plot(
            xs,
            slope[0] * xs + slope[1],
            color="#d62728",
            lw=1,
            label=f"employment-weighted fit, slope {slope[0]:.3f}",
        )
        ax.legend(fontsize=8)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel(f"Change in employment share {start}–{end} [percentage points]")
    ax.set_ylabel(f"ln(sector productivity / aggregate), {end}")


# -------------------------------------------------------------------------------------- jobs
def _jobs_frame(ctx: _Context) -> tuple[pd.DataFrame | None, list[str], list[str]]:
    cols: dict[str, pd.Series[Any]] = {}
    names: list[str] = []
    for name, df in ctx.inputs.tidy.items():
        if {"ref_area", "time"} <= set(df.columns):
            sub = df[df["ref_area"].astype(str) == ctx.country].set_index("time")
            for c in _JOBS_INPUTS:
                if c in sub.columns and c not in cols:
                    cols[c] = sub[c]
                    names.append(name)
    for name, df in ctx.inputs.wdi.items():
        sub = df[df["ref_area"].astype(str) == ctx.country]
        for code, col in _WDI_TO_JOBS.items():
            part = sub[sub["indicator"].astype(str) == code]
            if not part.empty and col not in cols:
                cols[col] = part.set_index("time")["value"]
                names.append(name)
    missing = [c for c in _JOBS_INPUTS if c not in cols]
    if missing:
        return None, missing, names
    frame = pd.DataFrame(cols).dropna().reset_index().rename(columns={"index": "time"})
    frame.insert(0, "ref_area", ctx.country)
    return frame, [], names


def _jobs(ctx: _Context, sec: Section) -> None:
    from pedw.decompose import jobs_growth

    frame, missing, names = _jobs_frame(ctx)
    if frame is None:
        lines = [
            f"{c} ({_JOBS_INPUTS[c][0]}; WDI {_JOBS_INPUTS[c][1]}, ILOSTAT {_JOBS_INPUTS[c][2]})"
            for c in missing
        ]
        raise _Unavailable(
            "the jobs-growth (JoGGs) decomposition of value added per capita needs, for "
            f"{ctx.country}, one row per year with: "
            + "; ".join(lines)
            + ". Missing here: "
            + ", ".join(missing)
            + ". pedw does not invent them: pass a WDI extract with these "
            "codes (or a tidy frame with these columns) via --data."
        )
    frame = frame[ctx.in_window(frame["time"])]
    if len(frame) < 2:
        raise _Unavailable(
            f"the jobs-growth inputs overlap in fewer than two years for {ctx.country}"
        )
    for n in names:
        ctx.use(n, "jobs")
    res = jobs_growth(frame, price_basis="as given in the input")
    sec.tables["Jobs-growth decomposition"] = res.to_frame()
    fig, ax = _fig()
    res.plot(ax=ax)
    sec.figures.append(
        Figure_("jobs_growth", figure_png(fig), "Shapley decomposition of value added per capita.")
    )
    sec.notes.append(f"Citation: {res.citation}")


# ------------------------------------------------------------------------------------- wages
def _earnings(ctx: _Context) -> tuple[str, pd.DataFrame] | None:
    names = ctx.area_names()
    for name, df in ctx.inputs.ilostat.items():
        meta = get_meta(df)
        ind = (
            str(meta.get("indicator", ""))
            + " "
            + " ".join(pd.unique(df.get("indicator", pd.Series(dtype=str)).astype(str))[:3])
        )
        if "EAR_" not in ind.upper() and "earnings" not in ind.lower():
            continue
        sub = df[df["ref_area"].astype(str).isin(names)]
        if not sub.empty:
            sub = sub.copy()
            sub.attrs = df.attrs
            return name, sub
    return None


def _national_total(df: pd.DataFrame) -> pd.DataFrame:
    out = df
    if "sex" in out.columns:
        out = out[out["sex"].astype(str) == "SEX_T"]
    for col in ("classif1", "classif2"):
        if col in out.columns:
            vals = out[col].astype(str)
            keep = vals.str.contains("National|TOTAL|Total|2021 PPP", regex=True)
            if keep.any():
                out = out[keep]
    return out


def _productivity_index(ctx: _Context) -> tuple[str, pd.DataFrame, str] | None:
    """Real output per employed person, from the sector panel or the published SDG 8.2.1."""
    try:
        panel = _sector_panel(ctx)
        a = panel.df.groupby("time")[["value_added", "employment"]].sum()
        prod = (a["value_added"] / a["employment"]).rename("productivity").reset_index()
        unit = f"real value added per person engaged ({get_meta(panel.df).get('price_basis', '')})"
        yield_ = (panel.name, prod, unit)
    except _Unavailable:
        yield_ = None
    ons = ctx.inputs.sdg.get("8.2.1")
    if ons is not None:
        o = ons[ons["ref_area"].astype(str) == ctx.country][["time", "value"]].sort_values("time")
        o = o.assign(time=pd.to_numeric(o["time"], errors="coerce")).dropna()
        if len(o) > 1:
            years = o["time"].astype(int).to_numpy()
            if np.all(np.diff(years) == 1):
                idx = np.cumprod(1 + o["value"].to_numpy() / 100.0) * 100.0
                first = pd.DataFrame({"time": [years[0] - 1], "productivity": [100.0]})
                chained = pd.concat(
                    [first, pd.DataFrame({"time": years, "productivity": idx})], ignore_index=True
                )
                if yield_ is None or chained["time"].max() > yield_[1]["time"].max():
                    return (
                        "sdg 8.2.1",
                        chained,
                        "index of real GDP per employed person, chained from the published "
                        "SDG 8.2.1 growth rates",
                    )
    return yield_


def _wages(ctx: _Context, sec: Section) -> None:
    from pedw.wages import gap_index

    found = _earnings(ctx)
    if found is None:
        raise _Unavailable(
            f"no real-wage series for {ctx.country}: pass an ILOSTAT earnings extract in "
            "constant prices or PPP $ (e.g. EAR_4MTH_SEX_GEO_CUR_NB_A, 2021 PPP $) or the ILO "
            "Global Wage Database real wage index"
        )
    ename, earn = found
    emeta = get_meta(earn)
    tot = _national_total(earn)
    currency = str(emeta.get("currency", emeta.get("unit", "")))
    if "PPP" not in currency and "constant" not in currency.lower():
        raise _Unavailable(
            f"the earnings in {ename} are in {currency or 'an unstated currency'}, not in "
            "constant prices or PPP $, so they cannot be compared with real productivity"
        )
    w = tot.groupby("time", as_index=False)["obs_value"].agg(["mean", "count"])
    if (w["count"] > 1).any():
        dup = w.loc[w["count"] > 1, "time"].tolist()
        raise _Unavailable(f"{ename} has several national totals for years {dup} (several sources)")
    w = w.rename(columns={"mean": "real_wage"})[["time", "real_wage"]]
    prod = _productivity_index(ctx)
    if prod is None:
        raise _Unavailable(f"no labour-productivity series for {ctx.country} to compare with")
    pname, p, punit = prod
    both = w.merge(p, on="time").sort_values("time")
    both = both[ctx.in_window(both["time"])]
    if len(both) < 2:
        raise _Unavailable(
            f"the real-wage series ({ename}: years {sorted(w['time'].astype(int).tolist())}) "
            f"and the productivity series ({pname}: "
            f"{int(p['time'].min())}–{int(p['time'].max())}) overlap in "
            f"fewer than two years for {ctx.country}"
        )
    ctx.use(ename, "wages")
    ctx.use(pname if pname != "sdg 8.2.1" else _sdg_name(ctx, "8.2.1"), "wages")
    both.insert(0, "ref_area", ctx.country)
    base = int(both["time"].iloc[0])
    res = gap_index(
        both,
        base=base,
        units={"real_wage": f"{currency} per month (real)", "productivity": punit},
    )
    sec.text.append(
        f"Real wages: ILOSTAT average monthly earnings of employees, national total, in "
        f"{currency} ({ename}). Productivity: {punit}. Both are indexed to {base} = 100; the gap "
        "is the productivity index minus the wage index [index points]. Both series are real and "
        "per person, so their growth can be compared; their levels cannot."
    )
    comp = res.components
    sec.tables["Wage and productivity indices [base year = 100]"] = comp
    last = comp.iloc[-1]
    sec.text.append(
        f"By {int(last['time'])}: wage index {last['wage_index']:.1f}, productivity index "
        f"{last['productivity_index']:.1f}, gap {last['gap']:+.1f} index points."
    )
    fig, ax = _fig()
    from pedw import plot as _plot

    chart = getattr(_plot, "gap_chart", None)
    drawn = False
    if chart is not None:
        try:
            chart(res, ax=ax)
            drawn = True
        except (TypeError, PedwError):
            ax.clear()
    if not drawn:
        ax.plot(comp["time"], comp["wage_index"], marker="o", label="real wage index")
        ax.plot(comp["time"], comp["productivity_index"], marker="s", label="productivity index")
        ax.set_ylabel(f"index, {base} = 100")
        ax.legend()
    ax.set_title(f"{ctx.country}: real wages and labour productivity")
    sec.figures.append(
        Figure_("gap", figure_png(fig), f"Real wage and productivity indices ({base} = 100).")
    )
    sec.notes += [
        "ILOSTAT notes for this series may flag breaks (obs_status 'B'); survey sources (e.g. "
        "EU-SILC) change over time: read year-to-year jumps with care.",
        f"Citation: {res.citation}",
    ]


def _sdg_name(ctx: _Context, code: str) -> str:
    df = ctx.inputs.sdg.get(code)
    if df is None:
        return f"sdg {code}"
    meta = get_meta(df)
    for name, m in ctx.inputs.metas.items():
        if m is meta or m.get("file") == meta.get("file"):
            return name
    return f"sdg {code}"


# --------------------------------------------------------------------------------------- SDG
def _published(
    ctx: _Context, code: str, *, drop_disaggregations: bool = True
) -> pd.DataFrame | None:
    df = ctx.inputs.sdg.get(code)
    if df is None:
        return None
    sub = df[df["ref_area"].astype(str) == ctx.country]
    if drop_disaggregations:
        fixed = {
            "ref_area",
            "indicator",
            "time",
            "value",
            "unit",
            "obs_status",
            "series",
            "unit_multiplier",
            "freq",
            "geo_code",
        }
        extra = [c for c in sub.columns if c not in fixed and sub[c].astype(object).nunique() > 1]
        extra += [
            c for c in sub.columns if c not in fixed and c not in extra and sub[c].isna().any()
        ]
        if extra:
            sub = sub[sub[extra].isna().all(axis=1)]
    if sub.empty:
        return None
    ctx.use(_sdg_name(ctx, code), f"sdg {code}")
    return sub


def _sector_totals(ctx: _Context) -> tuple[_Panel, pd.DataFrame]:
    panel = _sector_panel(ctx)
    a = panel.df.groupby(["ref_area", "time"], as_index=False, observed=True)[
        ["value_added", "employment"]
    ].sum()
    a.attrs = panel.df.attrs
    return panel, a


def _line_figure(
    series: Mapping[str, pd.DataFrame], title: str, ylabel: str, name: str, caption: str
) -> Figure_:
    fig, ax = _fig()
    for label, d in series.items():
        ax.plot(d["time"], d["value"], marker=".", label=label)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return Figure_(name, figure_png(fig), caption)


def _side_by_side(
    pedw_: pd.DataFrame | None, published: pd.DataFrame | None, pub_label: str
) -> pd.DataFrame:
    parts = []
    if pedw_ is not None:
        parts.append(pedw_[["time", "value"]].rename(columns={"value": "pedw"}).set_index("time"))
    if published is not None:
        parts.append(
            published[["time", "value"]].rename(columns={"value": pub_label}).set_index("time")
        )
    out = pd.concat(parts, axis=1).sort_index().reset_index()
    return out


def _sdg_821(ctx: _Context, sec: Section) -> None:
    from pedw import sdg

    mine = None
    try:
        panel, a = _sector_totals(ctx)
        res = sdg.gdp_per_employed_growth(a, gdp="value_added", employment="employment")
        mine = res.to_frame()
        ctx.use(panel.name, "sdg 8.2.1")
        sec.text.append(
            f"pedw: growth of real value added (sum of the sectors of {panel.name}, "
            f"{get_meta(a).get('price_basis', '')}) per person engaged [{res.units}]."
        )
        sec.notes.append(f"Citation: {res.citation}")
    except _Unavailable as why:
        sec.text.append(f"pedw's computation is unavailable: {why}")
    pub = _published(ctx, "8.2.1")
    if mine is None and pub is None:
        raise _Unavailable(
            "needs real GDP and employment (WDI NY.GDP.MKTP.KD with ILOSTAT EMP_2EMP_SEX_AGE_NB, "
            "or a sector panel), or the published indicator (UN SDG series SL_EMP_PCAP)"
        )
    if pub is not None:
        sec.text.append(
            "Published: the national SDG platform's values (sdgdata.gov.uk for GBR), % per year."
        )
    table = _side_by_side(mine, pub, "published")
    sec.tables["SDG 8.2.1 [% per year]"] = table
    series = {}
    if mine is not None:
        series["pedw (sector data)"] = mine
    if pub is not None:
        series["published"] = pub
    sec.figures.append(
        _line_figure(
            series,
            f"{ctx.country}: SDG 8.2.1",
            "% per year",
            "sdg_8_2_1",
            "Annual growth of real output per employed person.",
        )
    )
    if mine is not None and pub is not None:
        both = table.dropna()
        if len(both):
            diff = (both["pedw"] - both["published"]).abs()
            sec.notes.append(
                f"In the {len(both)} common years the two differ by {diff.mean():.2f} percentage "
                "points on average: pedw uses the sum of sector value added at constant prices "
                "of its source and GGDC persons engaged; the published series uses national "
                "GDP and LFS employment."
            )


def _sdg_851(ctx: _Context, sec: Section) -> None:
    from pedw import sdg

    found = False
    df = ctx.inputs.sdg.get("8.5.1")
    if df is not None:
        sub = df[df["ref_area"].astype(str) == ctx.country]
        if "series" in sub.columns:
            ashe = sub["series"].astype(str).str.contains("ASHE")
            if ashe.any():
                sub = sub[ashe]
        others = [
            c
            for c in sub.columns
            if c
            not in {
                "ref_area",
                "indicator",
                "time",
                "value",
                "unit",
                "obs_status",
                "series",
                "unit_multiplier",
                "sex",
                "geo_code",
            }
        ]
        cells = sub[sub[others].isna().all(axis=1)] if others else sub
        if "sex" in cells.columns and not cells.empty:
            found = True
            ctx.use(_sdg_name(ctx, "8.5.1"), "sdg 8.5.1")
            total = cells[cells["sex"].isna()][["time", "value"]]
            bysex = cells[cells["sex"].notna()][["ref_area", "time", "sex", "value"]].rename(
                columns={"value": "earnings"}
            )
            bysex["sex"] = bysex["sex"].astype(str)
            unit = str(cells["unit"].iloc[0]) if "unit" in cells.columns else ""
            bysex.attrs = df.attrs
            gap = sdg.gender_pay_gap(bysex, currency=unit).to_frame()
            wide = bysex.pivot_table(index="time", columns="sex", values="earnings").reset_index()
            wide = wide.merge(
                total.rename(columns={"value": "All employees"}), on="time", how="left"
            )
            wide = wide.merge(
                gap[["time", "value"]].rename(columns={"value": "gender pay gap [%] (pedw)"}),
                on="time",
                how="left",
            )
            sec.tables[f"Mean hourly earnings [{unit} per hour] and gender pay gap"] = wide
            sec.text.append(
                "Published mean hourly earnings of employees (ONS, ASHE) by sex; pedw computes the "
                "gender pay gap (AHE_men − AHE_women) / AHE_men × 100 from them."
            )
            sec.figures.append(
                _line_figure(
                    {"gender pay gap (pedw, from ONS AHE)": gap},
                    f"{ctx.country}: gender pay gap",
                    "% of men's mean hourly earnings",
                    "gpg",
                    "Gender pay gap on mean hourly earnings.",
                )
            )
    found_ilo = _earnings(ctx)
    if found_ilo is not None:
        ename, earn = found_ilo
        e = earn.copy()
        if "classif1" in e.columns:
            e = e[e["classif1"].astype(str).str.contains("National")]
        e = e[e["sex"].astype(str).isin(["SEX_M", "SEX_F"])]
        if "source" in e.columns and e["source"].nunique() > 1:
            e = e[e["source"] == e["source"].mode().iloc[0]]
        if not e.empty:
            found = True
            ctx.use(ename, "sdg 8.5.1")
            cells = e[["ref_area", "time", "sex", "obs_value"]].rename(
                columns={"obs_value": "earnings"}
            )
            cells["ref_area"] = ctx.country
            cells.attrs = earn.attrs
            cur = str(get_meta(earn).get("currency", ""))
            g = sdg.gender_pay_gap(cells, currency=cur).to_frame()
            sec.tables["Gender pay gap on mean MONTHLY earnings, ILOSTAT [%]"] = g[
                ["time", "value"]
            ]
            sec.notes.append(
                f"The ILOSTAT series ({ename}) is monthly earnings, not hourly: its gap also "
                "reflects differences in hours worked and is not the SDG 8.5.1 definition."
            )
    if not found:
        raise _Unavailable(
            "needs mean hourly earnings of employees by sex (ILOSTAT EAR_4HRL_SEX_OCU_CUR_NB, UN "
            "series SL_EMP_EARN, or a national SDG 8.5.1 file)"
        )


def _sdg_852(ctx: _Context, sec: Section) -> None:
    pub = _published(ctx, "8.5.2")
    sec.text.append(
        "pedw computes 8.5.2 as unemployed / labour force × 100; these inputs are not in the "
        "data given (ILOSTAT UNE_TUNE_SEX_AGE_NB and EAP_TEAP_SEX_AGE_NB, or WDI "
        "SL.UEM.TOTL.NE.ZS), so only published values are shown."
    )
    if pub is None:
        raise _Unavailable(
            "no unemployment inputs (ILOSTAT UNE_TUNE_SEX_AGE_NB and EAP_TEAP_SEX_AGE_NB) and no "
            f"published 8.5.2 values for {ctx.country}"
        )
    tab = pub[["time", "value"]].copy()
    tab["time"] = tab["time"].astype(str)
    sec.tables["Unemployment rate, published [%]"] = tab
    plotted = tab.assign(time=np.arange(len(tab)))
    fig = _line_figure(
        {"published": plotted},
        f"{ctx.country}: SDG 8.5.2",
        "%",
        "sdg_8_5_2",
        f"Unemployment rate, published ({tab['time'].iloc[0]}–{tab['time'].iloc[-1]}, "
        "periods as in the source).",
    )
    sec.figures.append(fig)


def _sdg_921(ctx: _Context, sec: Section) -> None:
    from pedw import sdg

    mine = None
    try:
        panel, a = _sector_totals(ctx)
        man = _MANUFACTURING.get(panel.classification)
        m = panel.df[panel.df["sector"].astype(str) == man][["ref_area", "time", "value_added"]]
        if m.empty:
            raise _Unavailable(f"{panel.name} has no manufacturing sector")
        frame = m.rename(columns={"value_added": "mva"}).merge(
            a[["ref_area", "time", "value_added"]].rename(columns={"value_added": "gdp"})
        )
        frame.attrs = panel.df.attrs
        res = sdg.manufacturing_value_added_share(frame)
        mine = res.to_frame()
        ctx.use(panel.name, "sdg 9.2.1")
        sec.text.append(
            f"pedw: manufacturing ({man}) value added / total value added of {panel.name}, both at "
            f"{get_meta(frame).get('price_basis', '')} [%] (total value added, not GDP at "
            "market prices)."
        )
    except _Unavailable as why:
        sec.text.append(f"pedw's computation is unavailable: {why}")
    pub = _published(ctx, "9.2.1", drop_disaggregations=False)
    if pub is not None:
        pub = pub[pub["unit"].astype(str).str.contains("%")]
        if "activity_default" in pub.columns:
            keep = pub["activity_default"].astype(str).eq("Manufacturing")
            for c in (
                "industry_higher_sub_category",
                "industry_middle_sub_category",
                "industry_lower_sub_category",
            ):
                if c in pub.columns:
                    keep &= pub[c].isna()
            pub = pub[keep]
        pub = pub if not pub.empty else None
    if mine is None and pub is None:
        raise _Unavailable(
            "needs manufacturing and total value added at constant prices "
            "(WDI NV.IND.MANF.KD and NY.GDP.MKTP.KD, or a sector panel)"
        )
    sec.tables["SDG 9.2.1 [% of value added]"] = _side_by_side(mine, pub, "published")
    series = {}
    if mine is not None:
        series["pedw (sector data)"] = mine
    if pub is not None:
        series["published"] = pub
        sec.text.append(
            "Published: national SDG platform, manufacturing value added as a % of GDP."
        )
    sec.figures.append(
        _line_figure(
            series,
            f"{ctx.country}: SDG 9.2.1",
            "%",
            "sdg_9_2_1",
            "Manufacturing value added share.",
        )
    )


def _sdg_922(ctx: _Context, sec: Section) -> None:
    from pedw import sdg

    series: dict[str, pd.DataFrame] = {}
    for name, df in ctx.inputs.ilostat.items():
        if (
            "classif1" not in df.columns
            or not df["classif1"].astype(str).str.startswith("ECO_ISIC").any()
        ):
            continue
        sub = df[(df["ref_area"].astype(str) == ctx.country) & ctx.in_window(df["time"])]
        if sub.empty:
            continue
        sub = sub.copy()
        sub.attrs = df.attrs
        f = sdg.manufacturing_employment_share(sub, isic="latest").to_frame()
        if "sex" in f.columns:
            f = f[f["sex"].astype(str) == "SEX_T"]
        ctx.use(name, "sdg 9.2.2")
        series[f"pedw ({name}, ILOSTAT)"] = f
        tab = f.drop(columns=[c for c in ("indicator", "series", "obs_status") if c in f.columns])
        sec.tables[f"pedw from {name} [% of employment]"] = tab
        sec.text.append(
            f"pedw: ILOSTAT employment in manufacturing / total employment ({name}); the most "
            "recent ISIC revision of each year ('latest'), so the series has classification breaks."
        )
        break
    if not series:
        try:
            panel = _sector_panel(ctx)
            man = _MANUFACTURING.get(panel.classification)
            d = panel.df
            tot = d.groupby("time")["employment"].sum()
            mm = d[d["sector"].astype(str) == man].set_index("time")["employment"]
            f = pd.DataFrame({"time": tot.index, "value": (100 * mm / tot).to_numpy()})
            series[f"pedw ({panel.name})"] = f
            ctx.use(panel.name, "sdg 9.2.2")
            sec.tables[f"pedw from {panel.name} [% of persons engaged]"] = f
            sec.text.append(
                f"pedw: persons engaged in manufacturing ({man}) / all persons engaged, "
                f"{panel.name} (GGDC), in % — the SDG definition on the sector panel's employment."
            )
        except _Unavailable:
            pass
    pub = _published(ctx, "9.2.2")
    if pub is not None and "freq" in pub.columns and (pub["freq"].astype(str) == "A").any():
        pub = pub[pub["freq"].astype(str) == "A"]
        pub = pub.assign(time=pd.to_numeric(pub["time"], errors="coerce"))
        series["published (annual)"] = pub
        sec.tables["Published [% of employment]"] = pub[["time", "value"]]
    if not series:
        raise _Unavailable(
            "needs employment by economic activity (ILOSTAT EMP_TEMP_SEX_ECO_NB) "
            "or a sector panel, or the published indicator (SL_TLF_MANF)"
        )
    sec.figures.append(
        _line_figure(
            series,
            f"{ctx.country}: SDG 9.2.2",
            "% of employment",
            "sdg_9_2_2",
            "Manufacturing employment share.",
        )
    )


_SECTIONS: dict[str, Callable[[_Context, Section], None]] = {
    "sectoral": _sectoral,
    "jobs": _jobs,
    "wages": _wages,
    "sdg_8_2_1": _sdg_821,
    "sdg_8_5_1": _sdg_851,
    "sdg_8_5_2": _sdg_852,
    "sdg_9_2_1": _sdg_921,
    "sdg_9_2_2": _sdg_922,
}


def _run(
    key: str, func: Callable[[_Context, Section], None], ctx: _Context, debug: bool
) -> Section:
    sec = Section(key=key, title=SECTION_TITLES[key])
    ctx.say(f"section: {sec.title}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            func(ctx, sec)
        except _Unavailable as why:
            sec.status = "unavailable"
            sec.text.insert(0, f"Unavailable: {str(why).rstrip('.')}.")
        except Exception as err:
            if debug:
                raise
            sec.status = "error"
            sec.text.insert(0, f"Error ({type(err).__name__}): {err}")
    sec.notes += [f"Warning — {w}" for w in _warning_lines(caught)[:10]]
    return sec


def build_profile(
    country: str = "GBR",
    *,
    data: str | Path | Sequence[str | Path] | Mapping[str, pd.DataFrame] | None = None,
    start: int | None = None,
    end: int | None = None,
    periods: Sequence[int] | None = None,
    progress: Progress | None = None,
    debug: bool = False,
) -> Report:
    r"""Build the productivity–decent-work profile of a country.

    Parameters
    ----------
    country : str
        ISO3 code of the country (``"GBR"``, ``"KEN"``, ...).
    data : path, sequence of paths, mapping or None
        ``None`` (default): the real samples shipped with pedw (GGDC 10SD and ETD sector data,
        ILOSTAT UK employment by activity, ILOSTAT earnings, ONS SDG files, WDI country
        metadata). A folder or files: every data file is read with :func:`pedw.io.read`. A
        mapping: name -> tidy frame (a frame with ``value_added, employment, labour_force,
        working_age, population`` enables the jobs-growth section).
    start, end : int, optional
        First and last year considered [year]; default all years with complete data.
    periods : sequence of int, optional
        Break years of the sub-periods of the sectoral decomposition (default: decades).
    progress : callable, optional
        Called with a one-line message at each step (the CLI prints them on stderr).
    debug : bool
        Re-raise a section's exception instead of recording it as ``status="error"``.

    Returns
    -------
    pedw.report.Report
        Sections, in order: provenance, sectoral decomposition, jobs growth, wage–productivity
        gap, SDG 8.2.1, 8.5.1, 8.5.2, 9.2.1 and 9.2.2. Each has ``status`` ``"ok"``,
        ``"unavailable"`` (with the reason and the series that would provide the data) or
        ``"error"`` (with the message).

    Raises
    ------
    pedw.errors.OptionError
        If ``country`` is not a three-letter code or ``start > end``.
    pedw.errors.ParseError
        If a path in ``data`` does not exist.

    Notes
    -----
    Sectoral decomposition (annualised, compound convention), with :math:`s_i` the employment
    share and :math:`y_i` the productivity of sector :math:`i`:

    .. math::

        \Delta P = \sum_i s_{i0}\Delta y_i + \sum_i y_{i0}\Delta s_i
                 + \sum_i \Delta s_i \Delta y_i

    McMillan–Rodrik: structural = static + dynamic. Wage–productivity gap:
    :math:`gap_t = 100\,p_t/p_b - 100\,w_t/w_b` [index points]. SDG indicators follow the
    custodians' metadata (see :mod:`pedw.sdg`).

    References
    ----------
    .. [1] McMillan, M., Rodrik, D. & Verduzco-Gallo, I. (2014). Globalization, Structural
       Change, and Productivity Growth. World Development 63: 11-32.
       doi:10.1016/j.worlddev.2013.10.012
    .. [2] de Vries, G., Timmer, M. & de Vries, K. (2015). Structural Transformation in
       Africa. Journal of Development Studies 51(6): 674-688. doi:10.1080/00220388.2014.997222
    .. [3] ILO (2013). Global Wage Report 2012/13, Appendix I.

    Examples
    --------
    >>> from pedw.profile import build_profile
    >>> report = build_profile("GBR")  # doctest: +SKIP
    >>> report.write("pedw-profile-GBR", formats=("html", "csv"))  # doctest: +SKIP
    """
    code = str(country).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise OptionError(
            f"country={country!r} is not an ISO 3166-1 alpha-3 code.",
            hint="pass e.g. 'GBR', 'KEN' or 'BRA'",
        )
    if start is not None and end is not None and start > end:
        raise OptionError(f"start={start} is after end={end}.", hint="swap the two years")
    say = progress or (lambda _msg: None)
    inputs = load_inputs(data, progress=say)
    ctx = _Context(code, start, end, periods, inputs, say)
    window = f"{start or 'first'}–{end or 'last'} available year"
    report = Report(
        title=f"Productivity and decent work: {code}",
        subtitle=f"{code}, {window} · pedw profile",
    )
    body = [_run(key, func, ctx, debug) for key, func in _SECTIONS.items()]
    prov = Section(key="provenance", title=SECTION_TITLES["provenance"])
    try:
        _provenance(ctx, prov)
    except _Unavailable as why:
        prov.status = "unavailable"
        prov.text.insert(0, f"Unavailable: {why}.")
    report.add(prov)
    for sec in body:
        report.add(sec)
    if all(s.status != "ok" for s in body):
        say(f"no section could be computed for {code}")
    return report
