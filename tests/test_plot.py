"""pedw.plot: every chart on real sample data (Agg backend), with the numbers drawn checked
against values computed independently here, and bad input refused with a PedwError.

Data: GGDC/UNU-WIDER ETD (shipped sample ``etd``), GGDC 10-Sector Database (``ggdc10``),
ILOSTAT average monthly earnings (EAR_4MTH, 2025-06-01 export), ONS UK SDG files 8.2.1,
8.5.1, 8.5.2, 9.2.1 and 9.2.2. Firm-level charts use ``pedw.tfp.simulate`` (no firm microdata
is shipped) and the wage decoupling chart the worked example of ``tests/test_wages.py``.
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.container import BarContainer

from pedw import datasets, plot, sdg, tfp
from pedw.decompose import firm, jobs_growth, regional, sectoral
from pedw.errors import (
    InvalidValueError,
    NegativeValueWarning,
    OptionError,
    PedwError,
    SkippedRowsWarning,
)
from pedw.io import read_ggdc, read_ilostat, read_sdg
from pedw.testing.strategies import sector_panels
from pedw.wages import decoupling, gap_index, gender_pay_gap, labour_share, unit_labour_cost
from tests.conftest import real_file

MERGE_L = {"L": "J+M+N"}  # ETD real estate has zero employment in some countries: merge it
LATAM = ["ARG", "BOL", "BRA", "CHL", "COL", "CRI", "ECU", "MEX", "PER"]


# ------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def etd() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # BWA negative VA is reported by the loader
        return datasets.load("etd")


@pytest.fixture(scope="module")
def etd_result(etd: pd.DataFrame) -> Any:
    return sectoral(etd, start=1990, end=2018, sector_map=MERGE_L)


@pytest.fixture(scope="module")
def ons() -> dict[str, pd.DataFrame]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 8.5.1 has 32 rows sharing a key (reported)
        for code in ("8-2-1", "8-5-1", "8-5-2", "9-2-1", "9-2-2"):
            out[code] = read_sdg(real_file(f"ons_indicator_{code}.csv"))
    return out


@pytest.fixture(scope="module")
def gap_data(etd: pd.DataFrame) -> pd.DataFrame:
    """ETD productivity (real VA per person) and ILOSTAT real earnings, 2014-2018."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ear = read_ilostat(real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
    code = {v["name"]: k for k, v in etd.attrs["pedw"]["areas"].items()}
    ear = ear[(ear["sex"] == "SEX_T") & ear["classif1"].str.contains("National")]
    ear = ear.assign(ref_area=ear["ref_area"].map(code)).dropna(subset=["ref_area"])
    tot = etd.groupby(["ref_area", "time"], as_index=False)[["value_added", "employment"]].sum()
    tot["productivity"] = tot["value_added"] / tot["employment"]
    ear = ear[["ref_area", "time", "obs_value"]].rename(columns={"obs_value": "real_wage"})
    df = tot.merge(ear, on=["ref_area", "time"])
    df = df[
        df["time"].between(2014, 2018)
        & df["ref_area"].isin(["BRA", "CRI", "ECU", "PER", "THA", "VNM"])
    ]
    df = df.assign(employees=df["employment"]).reset_index(drop=True)
    df.attrs["pedw"] = {
        "source": "GGDC ETD (productivity); ILOSTAT EAR_4MTH (earnings)",
        "vintage": "15 July 2021; 2025-06-01",
    }
    return df


GAP_UNITS = {"real_wage": "2021 PPP $ per month", "productivity": "constant 2015 LCU per person"}


def bars(ax: Any) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def source_text(ax: Any) -> str:
    found = [t.get_text() for t in [*ax.texts, *ax.figure.texts] if t.get_gid() == "pedw-source"]
    return found[0] if found else ""


def bar_values(container: BarContainer, vertical: bool = True) -> np.ndarray:
    return np.array([p.get_height() if vertical else p.get_width() for p in container.patches])


# ------------------------------------------------------------------------ package promises
def test_import_pedw_does_not_import_matplotlib() -> None:
    code = (
        "import sys, pedw, pedw.decompose, pedw.wages, pedw.sdg, pedw.io; "
        "r = pedw.decompose.SectoralResult; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'matplotlib','scipy',"
        "'statsmodels'} or m == 'pedw.plot'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_charts_leave_rcparams_alone(etd_result: Any) -> None:
    before = dict(mpl.rcParams)
    plot.decomposition_bars(etd_result)
    after = dict(mpl.rcParams)
    assert {k for k in before if before[k] != after[k]} <= {"backend"}


def test_charts_registered_for_result_kinds() -> None:
    from pedw.decompose import FirmResult, RegionalResult, SectoralResult
    from pedw.sdg import SDGResult
    from pedw.wages import DecouplingResult, GapIndexResult

    for cls, kind in [
        (SectoralResult, "sectoral"),
        (FirmResult, "firm"),
        (RegionalResult, "regional"),
        (GapIndexResult, "gap_index"),
        (DecouplingResult, "decoupling"),
        (SDGResult, "sdg"),
    ]:
        assert cls.plot_kind == kind and kind in plot.CHARTS


# -------------------------------------------------------------------- decomposition bars
def test_decomposition_bars_etd_all_countries(etd_result: Any) -> None:
    ax = etd_result.plot()
    comp = etd_result.components
    cont = bars(ax)
    assert [c.get_label() for c in cont] == ["within", "static", "dynamic"]
    assert all(len(c.patches) == 51 for c in cont)  # 51 ETD countries
    # bar extents: each term's signed bar equals the component
    for c, term in zip(cont, etd_result.terms, strict=True):
        np.testing.assert_allclose(bar_values(c), comp[term].to_numpy(), rtol=1e-12)
    (tot,) = [ln for ln in ax.lines if ln.get_gid() == "total"]
    np.testing.assert_allclose(tot.get_ydata(), comp["total"].to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == comp["ref_area"].tolist()
    assert ax.get_ylabel().replace("\n", " ") == etd_result.units
    assert "15 July 2021" in source_text(ax) and "ETD" in source_text(ax)
    assert "1990\u20132018" in ax.get_title()  # constant period in the title
    labels = ax.get_legend().get_texts()
    assert [t.get_text() for t in labels] == ["within", "static", "dynamic", "total"]


def test_decomposition_bars_consistent_colours_across_methods(etd: pd.DataFrame) -> None:
    ken = etd[etd["ref_area"] == "KEN"]
    colours = {}
    for method in ("classic", "mcmillan_rodrik", "shapley"):
        ax = sectoral(ken, start=1990, end=2018, sector_map=MERGE_L, method=method).plot()
        for c in bars(ax):
            colours.setdefault(c.get_label(), set()).add(
                mpl.colors.to_hex(c.patches[0].get_facecolor())
            )
        plt.close(ax.figure)
    assert all(len(v) == 1 for v in colours.values())
    assert colours["within"] == {plot.TERM_COLOURS["within"].lower()}
    # static / structural / reallocation: the between-type term has one colour in all methods
    assert colours["static"] == colours["structural"] == colours["reallocation"]


def test_decomposition_bars_periods_on_axis_horizontal_and_sorted(etd: pd.DataFrame) -> None:
    ken = etd[etd["ref_area"] == "KEN"]
    res = sectoral(ken, periods=[1990, 2000, 2010, 2018], sector_map=MERGE_L)
    ax = res.plot()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "1990\u20132000",
        "2000\u20132010",
        "2010\u20132018",
    ]
    assert "KEN" in ax.get_title()
    ax = plot.decomposition_bars(res, orientation="horizontal", sort=True)
    order = res.components.sort_values("total", ascending=False)
    widths = bar_values(bars(ax)[0], vertical=False)
    np.testing.assert_allclose(widths, order["within"].to_numpy())
    assert ax.yaxis_inverted()


def test_decomposition_bars_max_bars_warns(etd_result: Any) -> None:
    with pytest.warns(SkippedRowsWarning, match="first 10 of 51"):
        ax = plot.decomposition_bars(etd_result, max_bars=10)
    assert len(bars(ax)[0].patches) == 10
    with pytest.raises(OptionError, match="orientation"):
        plot.decomposition_bars(etd_result, orientation="diagonal")  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(sector_panels(max_groups=3, min_sectors=1, max_sectors=5, max_periods=3))
def test_stacked_extents_add_up_to_total_property(df: pd.DataFrame) -> None:
    # For every bar: positive segments end at sum(positive terms), negative segments at
    # sum(negative terms); their sum is the total marker (the decomposition identity, drawn).
    res = sectoral(df, price_basis="toy", labour_unit="toy")
    ax = plot.decomposition_bars(res)
    cont = bars(ax)
    tops = np.max([[p.get_y() + max(p.get_height(), 0) for p in c.patches] for c in cont], axis=0)
    bottoms = np.min(
        [[p.get_y() + min(p.get_height(), 0) for p in c.patches] for c in cont], axis=0
    )
    (tot,) = [ln for ln in ax.lines if ln.get_gid() == "total"]
    np.testing.assert_allclose(tops + bottoms, tot.get_ydata(), rtol=1e-9, atol=1e-12)
    plt.close(ax.figure)


# ---------------------------------------------------------------- structural-change scatter
def _mr_points(etd: pd.DataFrame, area: str, t0: int, t1: int, at: str = "start") -> pd.DataFrame:
    """McMillan-Rodrik scatter coordinates computed independently (merging L into J+M+N)."""
    d = etd[(etd["ref_area"] == area) & etd["time"].isin([t0, t1])].copy()
    d["sector"] = d["sector"].replace(MERGE_L)
    g = d.groupby(["time", "sector"])[["value_added", "employment"]].sum()
    emp = g["employment"].unstack("time")
    va = g["value_added"].unstack("time")
    share = emp / emp.sum()
    yr = t0 if at == "start" else t1
    rel = np.log((va[yr] / emp[yr]) / (va[yr].sum() / emp[yr].sum()))
    return pd.DataFrame({"x": 100 * (share[t1] - share[t0]), "y": rel, "w": share[t0]})


def test_structural_change_scatter_matches_hand_computation(
    etd: pd.DataFrame, etd_result: Any
) -> None:
    ax = plot.structural_change(etd_result, data=etd, group="KEN")
    exp = _mr_points(etd, "KEN", 1990, 2018)
    (sc,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    pts = pd.DataFrame(sc.get_offsets(), columns=["x", "y"])
    names = [t.get_text() for t in ax.texts if t.get_gid() != "pedw-source"]
    assert sorted(names) == sorted(exp.index)  # 11 sectors, L merged, all labelled
    pts.index = names
    np.testing.assert_allclose(pts.loc[exp.index, "x"], exp["x"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(pts.loc[exp.index, "y"], exp["y"], rtol=1e-10)
    # bubble area proportional to the base-year employment share
    sizes = pd.Series(sc.get_sizes(), index=names)
    ratio = sizes.loc[exp.index] / exp["w"]
    big = exp["w"] > 0.01
    assert np.ptp(ratio[big]) < 1e-9 * ratio[big].mean()
    # employment-weighted least squares, closed form
    w, x, y = exp["w"], exp["x"], exp["y"]
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    slope = np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2)
    (fit,) = [ln for ln in ax.lines if ln.get_gid() == "fit"]
    fx, fy = fit.get_xdata(), fit.get_ydata()
    assert (fy[1] - fy[0]) / (fx[1] - fx[0]) == pytest.approx(slope, rel=1e-9)
    assert fy[0] == pytest.approx(ym + slope * (fx[0] - xm), rel=1e-9)
    assert "percentage points" in ax.get_xlabel() and "1990" in ax.get_ylabel()
    assert "KEN" in ax.get_title() and "15 July 2021" in source_text(ax)


def test_structural_change_labels_do_not_overlap(etd: pd.DataFrame) -> None:
    for area in ("KEN", "BRA", "CHN"):
        ax = plot.structural_change(etd, group=area, start=1990, end=2018, sector_map=MERGE_L)
        fig = ax.figure
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        labels = [t for t in ax.texts if t.get_gid() != "pedw-source"]
        boxes = [mpl.text.Text.get_window_extent(t, r) for t in labels]  # text, not leader line
        assert len(boxes) >= 11
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (area, i, j)
        plt.close(fig)


def test_structural_change_end_year_productivity_and_unit_invariance(etd: pd.DataFrame) -> None:
    ken = etd[etd["ref_area"] == "KEN"]
    ref = plot.structural_change_data(ken, sector_map=MERGE_L, productivity_at="end")
    exp = _mr_points(etd, "KEN", 1990, 2018, at="end")
    np.testing.assert_allclose(ref.set_index("sector").loc[exp.index, "log_relative"], exp["y"])
    # rescaling output or labour (units) and shuffling rows change nothing
    scaled = ken.assign(value_added=ken["value_added"] * 1e3, employment=ken["employment"] / 7)
    scaled = scaled.sample(frac=1.0, random_state=3)
    got = plot.structural_change_data(scaled, sector_map=MERGE_L, productivity_at="end")
    cols = ["share_change", "log_relative", "share_start"]
    pd.testing.assert_frame_equal(
        got.set_index("sector").sort_index()[cols], ref.set_index("sector").sort_index()[cols]
    )


def test_structural_change_bad_input(etd: pd.DataFrame, etd_result: Any) -> None:
    with pytest.raises(OptionError, match="data="):
        plot.structural_change(etd_result)
    with pytest.raises(OptionError, match="group="):
        plot.structural_change(etd)
    # ETD real estate: zero employment in Ethiopia -> productivity undefined, named sector
    eth = etd[etd["ref_area"] == "ETH"]
    zero = eth.groupby("sector")["employment"].min()
    if (zero == 0).any():
        with pytest.raises(InvalidValueError, match="sector_map") as err:
            plot.structural_change(eth)
        assert "L" in str(err.value)
    with pytest.raises(PedwError, match="No data in 1900"):
        plot.structural_change(eth, start=1900, end=2018)


def test_structural_change_negative_value_added_warns_and_notes(etd: pd.DataFrame) -> None:
    # ETD Botswana D+E (utilities) has negative value added in 2011-2015 (loader warns)
    bwa = etd[etd["ref_area"] == "BWA"]
    with pytest.warns(NegativeValueWarning, match="D\\+E"):
        ax = plot.structural_change(
            bwa, start=1990, end=2012, productivity_at="end", sector_map=MERGE_L
        )
    names = [t.get_text() for t in ax.texts if t.get_gid() != "pedw-source"]
    assert "D+E" not in names and len(names) == 10
    assert "Not drawn" in source_text(ax) and "D+E" in source_text(ax)


def test_structural_change_single_sector_and_ggdc10() -> None:
    one = pd.DataFrame(
        {
            "ref_area": "X",
            "time": [2000, 2010],
            "sector": "A",
            "value_added": [10.0, 20.0],
            "employment": [2.0, 3.0],
        }
    )
    ax = plot.structural_change(one)
    assert not [ln for ln in ax.lines if ln.get_gid() == "fit"]  # no line through one point
    (sc,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    np.testing.assert_allclose(sc.get_offsets(), [[0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g10 = read_ggdc(real_file("10SD_jan15.dta"), ref_area="MEX", time=(1990, 2005))
    ax = plot.structural_change(g10, start=1990, end=2005)
    assert len([t for t in ax.texts if t.get_gid() != "pedw-source"]) == g10["sector"].nunique()
    assert "1990\u20132005" in ax.get_xlabel()


# ----------------------------------------------------------------- contributions by sector
def test_sector_contributions_waterfall_and_diverging(etd_result: Any) -> None:
    c = etd_result.contributions
    ken = c[c["ref_area"] == "KEN"].sort_values("total", ascending=False)
    ax = plot.sector_contributions(etd_result, group="KEN")
    patches = ax.patches
    assert len(patches) == len(ken) + 1  # one bar per sector and the total
    heights = np.array([p.get_height() for p in patches])
    bottoms = np.array([p.get_y() for p in patches])
    np.testing.assert_allclose(heights[:-1], ken["total"].to_numpy())
    np.testing.assert_allclose(
        bottoms[:-1], np.r_[0, np.cumsum(ken["total"].to_numpy())[:-1]], atol=1e-15
    )
    agg = etd_result.components.set_index("ref_area").loc["KEN", "total"]
    assert heights[-1] == pytest.approx(agg, rel=1e-9)  # the waterfall ends at the total
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "Total"
    ax = plot.sector_contributions(etd_result, group="KEN", kind="diverging")
    assert [b.get_label() for b in bars(ax)] == ["within", "static", "dynamic"]
    assert all(len(b.patches) == len(ken) for b in bars(ax))
    with pytest.raises(OptionError, match="group="):
        plot.sector_contributions(etd_result)
    with pytest.raises(OptionError, match="XXX"):
        plot.sector_contributions(etd_result, group="XXX")
    with pytest.raises(OptionError, match="kind"):
        plot.sector_contributions(etd_result, group="KEN", kind="pie")  # type: ignore[arg-type]


def test_sector_contributions_needs_period_when_several(etd: pd.DataFrame) -> None:
    res = sectoral(etd[etd["ref_area"] == "GHA"], periods=[1990, 2000, 2018], sector_map=MERGE_L)
    with pytest.raises(OptionError, match="period="):
        plot.sector_contributions(res)
    ax = plot.sector_contributions(res, period=(2000, 2018))
    assert "2000\u20132018" in ax.get_title()


# --------------------------------------------------------------------------- firm, regional
@pytest.fixture(scope="module")
def firm_data() -> pd.DataFrame:
    d = tfp.simulate(300, 8, exit_threshold=-0.3, seed=1)
    return d.assign(productivity=d["va"] - d["labour"], weight=np.exp(d["labour"]))


def test_firm_bars_over_time(firm_data: pd.DataFrame) -> None:
    res = firm(firm_data, method="melitz_polanec", consecutive=True)
    ax = res.plot()
    cont = bars(ax)
    assert [c.get_label() for c in cont] == ["within", "between", "entry", "exit"]
    n = len(res.components)
    assert n == 7 and all(len(c.patches) == n for c in cont)
    assert next(t.get_text() for t in ax.get_xticklabels()) == "2000\u20132001"
    for c, term in zip(cont, res.terms, strict=True):
        np.testing.assert_allclose(bar_values(c), res.components[term].fillna(0).to_numpy())
    op = firm(firm_data, method="olley_pakes")
    ax = op.plot()
    assert [c.get_label() for c in bars(ax)] == ["mean", "covariance"]
    assert len(bars(ax)[0].patches) == 8


def test_firm_bars_groups(firm_data: pd.DataFrame) -> None:
    d = firm_data.assign(industry=np.where(firm_data["firm"] % 2 == 0, "a", "b"))
    res = firm(d, method="fhk", by="industry", consecutive=True)
    with pytest.raises(OptionError, match="group="):
        plot.firm_bars(res)
    ax = plot.firm_bars(res, group="b")
    assert len(bars(ax)[0].patches) == 7 and "b" in ax.get_title()


@pytest.fixture(scope="module")
def latam_employment(etd: pd.DataFrame) -> pd.DataFrame:
    d = etd[etd["ref_area"].isin(LATAM)].assign(sector=lambda x: x["sector"].replace(MERGE_L))
    out = d.groupby(["ref_area", "sector", "time"], as_index=False)["employment"].sum()
    out.attrs = etd.attrs
    return out


def test_regional_bars_additive_and_gerfin(latam_employment: pd.DataFrame) -> None:
    kw = {"start": 1990, "end": 2018, "region": "ref_area", "industry": "sector"}
    dunn = regional(latam_employment, method="dunn", **kw)
    ax = dunn.plot()
    assert [c.get_label() for c in bars(ax)] == ["national_share", "industry_mix", "regional_shift"]
    assert len(bars(ax)[0].patches) == 9
    order = dunn.components.sort_values("total", ascending=False)
    assert [t.get_text() for t in ax.get_yticklabels()] == order["ref_area"].tolist()
    assert "employment" in ax.get_xlabel()
    ger = regional(latam_employment, method="gerfin", **kw)
    ax = ger.plot()
    o = ger.components.sort_values("net_total_shift", ascending=False)
    np.testing.assert_allclose(bar_values(bars(ax)[0], vertical=False), np.log(o["industry_mix"]))
    np.testing.assert_allclose(bar_values(bars(ax)[1], vertical=False), np.log(o["regional_shift"]))
    (tot,) = [ln for ln in ax.lines if ln.get_gid() == "total"]
    np.testing.assert_allclose(tot.get_xdata(), np.log(o["net_total_shift"]), rtol=1e-12)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "1" in ticks and "log scale" in ax.get_xlabel()


# ------------------------------------------------------------------------------------ wages
def test_gap_chart_country_aggregate_and_all(gap_data: pd.DataFrame) -> None:
    res = gap_index(gap_data, base=2014, units=GAP_UNITS)
    ax = plot.gap_chart(res, group="BRA")
    prod = next(ln for ln in ax.lines if ln.get_gid() == "productivity")
    wage = next(ln for ln in ax.lines if ln.get_gid() == "wages")
    bra = res.components[res.components["ref_area"] == "BRA"].sort_values("time")
    np.testing.assert_allclose(prod.get_ydata(), bra["productivity_index"])
    np.testing.assert_allclose(wage.get_ydata(), bra["wage_index"])
    assert prod.get_ydata()[0] == pytest.approx(100.0)
    assert any(isinstance(c, PolyCollection) for c in ax.collections)  # shaded gap
    assert "2014 = 100" in ax.get_ylabel() and "ILOSTAT" in source_text(ax)
    ax = res.plot()  # six countries, no aggregate: one gap line each
    assert len(ax.lines) == 6 + 2  # + zero line + base-year line
    agg = gap_index(gap_data, base=2014, weights="employees", units=GAP_UNITS)
    ax = agg.plot()
    assert "weighted aggregate" in ax.get_title()
    p = next(ln for ln in ax.lines if ln.get_gid() == "productivity")
    np.testing.assert_allclose(
        p.get_ydata(), agg.aggregate.sort_values("time")["productivity_index"]
    )


def test_gap_chart_missing_year_is_a_gap(gap_data: pd.DataFrame) -> None:
    d = gap_data[~((gap_data["ref_area"] == "PER") & (gap_data["time"] == 2016))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the missing year is reported by gap_index
        res = gap_index(d, base=2014, units=GAP_UNITS)
    ax = plot.gap_chart(res, group="PER")
    y = next(ln for ln in ax.lines if ln.get_gid() == "productivity").get_ydata()
    assert len(y) == 5 and np.isnan(y[2]) and np.isfinite(np.delete(y, 2)).all()


def test_decoupling_bars_worked_example() -> None:
    d = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B", "B"],
            "time": [2000, 2010] * 2,
            "productivity": [100.0, 120.0, 100.0, 130.0],
            "gdp_deflator": [1.0, 1.2, 1.0, 1.1],
            "cpi": [1.0, 1.3, 1.0, 1.2],
            "mean_compensation": [50.0, 70.0, 50.0, 66.0],
            "median_compensation": [40.0, 52.0, 40.0, 50.0],
            "median_wage": [35.0, 44.0, 35.0, 43.0],
        }
    )
    res = decoupling(d, start=2000, end=2010)
    ax = res.plot()
    lab = [c.get_label() for c in bars(ax)]
    assert lab == ["labour_share", "terms_of_trade", "inequality", "wage_wedge"]
    # country A per year, by hand: -100 ln(LS1/LS0)/10 with LS = W_avg/(P_Y LP)
    ls = -100 * math.log((70 / 1.2 / 120) / (50 / 1.0 / 100)) / 10
    assert bar_values(bars(ax)[0])[0] == pytest.approx(ls)
    (tot,) = [ln for ln in ax.lines if ln.get_gid() == "total"]
    assert tot.get_ydata()[0] == pytest.approx(100 * (math.log(1.2) - math.log(44 / 1.3 / 35)) / 10)
    assert "log points per year" in ax.get_ylabel()
    ax = plot.decoupling_bars(res, per_year=False)
    assert tot.get_ydata()[0] * 10 == pytest.approx(
        next(ln for ln in ax.lines if ln.get_gid() == "total").get_ydata()[0]
    )


# -------------------------------------------------------------------------------------- SDG
def test_sdg_panels_quarterly_two_series(ons: dict[str, pd.DataFrame]) -> None:
    df = ons["8-5-2"]
    fig = plot.sdg_panels(df)
    (ax,) = fig.axes
    assert ax.get_title() == "GBR" and "8.5.2" in fig._suptitle.get_text()  # type: ignore[union-attr]
    main = [ln for ln in ax.lines if not str(ln.get_gid()).startswith("flag")]
    assert sorted(ln.get_label() for ln in main) == [
        "Not seasonally adjusted",
        "Seasonally adjusted",
    ]
    head = df[
        df[["sex", "age", "region", "country", "disability_status", "country_of_birth"]]
        .isna()
        .all(axis=1)
    ]
    for ln in main:
        n = (head["series"] == ln.get_label()).sum()
        assert np.isfinite(ln.get_ydata()).sum() == n  # every headline quarter drawn once
    assert ax.get_ylabel() == "Percentage (%)" and "Office for National Statistics" in source_text(
        ax
    )


def test_sdg_panels_gaps_and_flags(ons: dict[str, pd.DataFrame]) -> None:
    df = ons["8-2-1"].copy()
    df = df[~df["time"].isin([1990, 1991, 1992])].copy()  # a three-year hole
    df["obs_status"] = df["obs_status"].astype("string")
    df.loc[df["time"] >= 2019, "obs_status"] = "E"  # estimated
    df.loc[df["time"] == 1980, "obs_status"] = "B"  # break in series
    fig = plot.sdg_panels(df)
    ax = fig.axes[0]
    (line,) = [ln for ln in ax.lines if ln.get_gid() is None]
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    hole = np.flatnonzero(np.isnan(y))
    assert len(hole) == 1 and x[hole[0] - 1] == 1989 and x[hole[0] + 1] == 1993
    (est,) = [ln for ln in ax.lines if ln.get_gid() == "flag1"]
    np.testing.assert_array_equal(est.get_xdata(), [2019, 2020, 2021])
    assert est.get_markerfacecolor() == "white"
    (brk,) = [ln for ln in ax.lines if ln.get_gid() == "flag2"]
    np.testing.assert_array_equal(brk.get_xdata(), [1980])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "estimated / imputed" in labels


def test_sdg_panels_by_indicator_units(ons: dict[str, pd.DataFrame]) -> None:
    both = pd.concat([ons["8-2-1"], ons["9-2-1"], ons["9-2-2"]], ignore_index=True)
    fig = plot.sdg_panels(both, by="indicator")
    titles = [a.get_title() for a in fig.axes]
    assert titles == ["8.2.1", "9.2.1 (GBP per capita)", "9.2.1 (Percentage (%))", "9.2.2"]
    assert [a.get_ylabel() for a in fig.axes] == [
        "Percentage (%)",
        "GBP per capita",
        "Percentage (%)",
        "Percentage (%)",
    ]
    manuf = fig.axes[2].lines[0]
    head = ons["9-2-1"]
    head = head[(head["unit"] == "Percentage (%)") & head["industry_higher_sub_category"].isna()]
    np.testing.assert_allclose(manuf.get_ydata(), head.sort_values("time")["value"])
    with pytest.raises(OptionError, match="ax="):
        plot.sdg_panels(both, by="indicator", ax=plt.subplots()[1])
    with pytest.raises(OptionError, match="by"):
        plot.sdg_panels(both, by="sex")  # type: ignore[arg-type]


def test_sdg_panels_where_and_too_many_lines(ons: dict[str, pd.DataFrame]) -> None:
    fig = plot.sdg_panels(ons["8-5-1"], where={"sex": ["Male", "Female"]})
    assert sorted(ln.get_label() for ln in fig.axes[0].lines) == ["Female", "Male"]
    with pytest.raises(OptionError, match="where="):
        plot.sdg_panels(ons["8-5-1"], headline=False)


def test_sdg_result_plot_with_price_basis_all_etd_countries(etd: pd.DataFrame) -> None:
    tot = etd.groupby(["ref_area", "time"], as_index=False)[["value_added", "employment"]].sum()
    tot.attrs = etd.attrs
    res = sdg.gdp_per_employed_growth(tot, gdp="value_added")
    ax = res.plot()
    fig = ax.figure
    assert len(fig.axes) == 51
    assert "constant 2015 national prices" in fig.get_supylabel().replace("\n", " ")
    assert "8.2.1" in fig._suptitle.get_text()  # type: ignore[union-attr]
    arg = res.components[res.components["ref_area"] == "ARG"].sort_values("time")
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), arg["value"])
    with pytest.raises(OptionError, match="lines"):  # 51 lines in one panel: refused
        res.plot(ax=plt.subplots()[1])
    one = sdg.gdp_per_employed_growth(tot[tot["ref_area"] == "KEN"], gdp="value_added")
    _, ax2 = plt.subplots()
    assert one.plot(ax=ax2) is ax2 and len(ax2.lines) == 1


def test_sdg_panels_ilostat_flags() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ear = read_ilostat(real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
    ear = ear[
        ear["ref_area"].isin(["Afghanistan", "Brazil", "Peru"])
        & ear["classif1"].str.contains("National")
    ]
    frame = ear.rename(columns={"obs_value": "value"}).drop(
        columns=["sex_label", "obs_status_label"]
    )
    fig = plot.sdg_panels(frame, ncols=3, where={"sex": "SEX_T"})
    assert [a.get_title() for a in fig.axes] == ["Afghanistan", "Brazil", "Peru"]
    b = (frame["sex"].eq("SEX_T") & frame["obs_status"].eq("B")).groupby(frame["ref_area"]).sum()
    for a in fig.axes:
        got = sum(len(ln.get_xdata()) for ln in a.lines if ln.get_gid() == "flag2")
        assert got == b.get(a.get_title(), 0)
    assert "ILOSTAT" in source_text(fig.axes[0]) and "2025-06-01" in source_text(fig.axes[0])


# ------------------------------------------------------------------ every result type plots
def _jobs() -> Any:
    df = pd.DataFrame(
        {
            "ref_area": "X",
            "time": [2000, 2010],
            "value_added": [90000.0, 135000.0],
            "employment": [90.0, 90.0],
            "labour_force": [100.0, 100.0],
            "working_age": [125.0, 125.0],
            "population": [250.0, 125 / 0.6],
        }
    )
    return jobs_growth(df, start=2000, end=2010, price_basis="constant LCU")


def _labour_share() -> Any:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B", "B"],
            "time": [2018, 2019] * 2,
            "compensation": [500.0, 520.0, 300.0, 310.0],
            "gdp": [1000.0, 1040.0, 800.0, 790.0],
            "mixed_income": [100.0, 90.0, 200.0, 210.0],
            "employees": [40.0, 41.0, 30.0, 31.0],
            "employment": [50.0, 51.0, 60.0, 61.0],
        }
    )
    return labour_share(df, method="gollin1")


def _ulc() -> Any:
    df = pd.DataFrame(
        {
            "ref_area": "A",
            "time": [2014, 2015, 2016],
            "compensation": [100.0, 104.0, 110.0],
            "employees": [10.0, 10.0, 10.5],
            "productivity": [5.0, 5.1, 5.3],
        }
    )
    return unit_labour_cost(df, base=2015)


def _gender_gap() -> Any:
    ons = pd.read_csv(real_file("ons_indicator_8-5-1.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gender_pay_gap(ons, statistic="mean", earnings_period="hourly")


def _tfp() -> Any:
    return tfp.estimate(tfp.simulate(150, 5), method="ols", bootstrap=0)


@pytest.mark.parametrize("build", [_jobs, _labour_share, _ulc, _gender_gap, _tfp])
def test_every_other_result_plots(build: Any) -> None:
    res = build()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = res.plot()
    assert ax.has_data() and ax.get_title()


def test_indicator_lines_draw_values_over_time() -> None:
    res = _labour_share()
    ax = res.plot()
    lines = {ln.get_label(): ln for ln in ax.lines if ln.get_gid() is None}
    assert sorted(lines) == ["A", "B"]
    a = res.components[res.components["ref_area"] == "A"].sort_values("time")
    np.testing.assert_allclose(lines["A"].get_ydata(), a["labour_share"])


# ------------------------------------------------------------- the full set, every country
def test_full_set_for_all_etd_countries_without_warnings(
    etd: pd.DataFrame, etd_result: Any
) -> None:
    # Real estate is merged into business services (MERGE_L): zero employment is an error.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        periods = sectoral(etd, periods=[1990, 2000, 2010, 2018], sector_map=MERGE_L)
        for fig in (
            etd_result.plot().figure,
            plot.decomposition_bars(etd_result, orientation="horizontal", sort=True).figure,
        ):
            fig.canvas.draw()
            plt.close(fig)
        comp = periods.components
        fig, axes = plt.subplots(2, 2, figsize=(14, 9))  # reused: figure creation dominates
        for area in etd_result.components["ref_area"]:
            for ax in axes.ravel():
                ax.clear()
            one = comp[comp["ref_area"] == area]
            plot.decomposition_bars(periods, frame=one, ax=axes[0, 0])
            plot.structural_change(etd_result, data=etd, group=area, ax=axes[0, 1])
            plot.sector_contributions(etd_result, group=area, ax=axes[1, 0])
            plot.sector_contributions(etd_result, group=area, kind="diverging", ax=axes[1, 1])
            fig.canvas.draw()  # render: the label repeller runs at draw time
