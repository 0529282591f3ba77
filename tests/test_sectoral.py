"""Tests of pedw.decompose.sectoral: identities (hypothesis), reference examples, bad input.

References used:
- METHODS.md Part A §1.9(a): the two-sector example worked by hand (P0 18, P1 27.6; classic
  within 5.4, static 4.0, dynamic 0.2; McMillan-Rodrik structural 4.2; midpoint 5.5 / 4.1).
- GGDC/UNU-WIDER Economic Transformation Database (ETD, release 15 July 2021, file
  ETD_230918.xlsx; de Vries et al. 2021, WIDER Technical Note 2/2021,
  doi:10.35188/UNU-WIDER/WTN/2021-2): a real decomposition recomputed here with a plain loop.
- Tang & Wang (2004), doi:10.1111/j.0008-4085.2004.00009.x, and Dumagan (2013),
  doi:10.1111/j.1475-4991.2012.00513.x: GEAD on chained-Laspeyres volumes.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import real_file
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.decompose import SectoralResult, sectoral
from pedw.errors import (
    AggregateRowError,
    DuplicateKeyError,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    NegativeValueWarning,
    NonAdditiveVolumesWarning,
    OptionError,
    PedwError,
    SkippedRowsWarning,
)
from pedw.schema import set_meta
from pedw.testing import assert_decomposition_equal, assert_terms_add_up
from pedw.testing.strategies import sector_panels

METHODS = ["classic", "mcmillan_rodrik", "shapley", "gead"]
SCALES = ["growth", "level", "annual"]
NOMINAL = {"output_nominal": "value_added_nominal"}


def run(df, **kw):
    if kw.get("method") == "gead":
        kw = {**NOMINAL, **kw}
    kw.setdefault("price_basis", "test prices")
    kw.setdefault("labour_unit", "persons")
    return sectoral(df, **kw)


def hand_example(years=(0, 1)) -> pd.DataFrame:
    """METHODS §1.9(a): s0 = (0.6, 0.4), s1 = (0.4, 0.6), y0 = (10, 30), y1 = (15, 36).

    With L = 10 in both years: L0 = (6, 4), L1 = (4, 6), Y0 = (60, 120), Y1 = (60, 216).
    """
    t0, t1 = years
    return pd.DataFrame(
        {
            "ref_area": "X",
            "time": [t0, t0, t1, t1],
            "sector": ["agr", "man", "agr", "man"],
            "value_added": [60.0, 120.0, 60.0, 216.0],
            "value_added_nominal": [60.0, 120.0, 60.0, 216.0],
            "employment": [6.0, 4.0, 4.0, 6.0],
        }
    )


# ------------------------------------------------------------------------- reference: hand example
def test_hand_example_classic_levels():
    r = run(hand_example(), start=0, end=1, scale="level")
    assert isinstance(r, SectoralResult)
    row = r.components.iloc[0]
    assert row["p0"] == pytest.approx(18.0)
    assert row["p1"] == pytest.approx(27.6)
    assert row["within"] == pytest.approx(5.4)
    assert row["static"] == pytest.approx(4.0)
    assert row["dynamic"] == pytest.approx(0.2)
    assert row["total"] == pytest.approx(9.6)
    assert list(r.components.columns[:3]) == ["ref_area", "start", "end"]


def test_hand_example_classic_growth_percent_of_p0():
    r = run(hand_example(), start=0, end=1)
    row = r.components.iloc[0]
    # METHODS §1.9(a): 30.0 %, 22.2 %, 1.1 % of P0
    assert row["within"] == pytest.approx(0.30)
    assert row["static"] == pytest.approx(4.0 / 18)
    assert row["dynamic"] == pytest.approx(0.2 / 18)
    assert row["total"] == pytest.approx(27.6 / 18 - 1)


def test_hand_example_mcmillan_rodrik_and_midpoint():
    mr = run(hand_example(), start=0, end=1, method="mcmillan_rodrik", scale="level")
    assert mr.components.loc[0, "within"] == pytest.approx(5.4)
    assert mr.components.loc[0, "structural"] == pytest.approx(4.2)
    sh = run(hand_example(), start=0, end=1, method="shapley", scale="level")
    assert sh.components.loc[0, "within"] == pytest.approx(5.5)
    assert sh.components.loc[0, "reallocation"] == pytest.approx(4.1)


def test_hand_example_contributions_by_sector():
    r = run(hand_example(), start=0, end=1, scale="level")
    c = r.contributions.set_index("sector")
    # agr: within 0.6*5 = 3, static 10*(-0.2) = -2, dynamic 5*(-0.2) = -1
    assert c.loc["agr", ["within", "static", "dynamic"]].tolist() == pytest.approx([3, -2, -1])
    # man: within 0.4*6 = 2.4, static 30*0.2 = 6, dynamic 6*0.2 = 1.2
    assert c.loc["man", ["within", "static", "dynamic"]].tolist() == pytest.approx([2.4, 6, 1.2])


def test_annual_conventions_by_hand():
    df = hand_example(years=(2000, 2010))
    comp = run(df, start=2000, end=2010, scale="annual").components.iloc[0]
    g_a = (27.6 / 18) ** (1 / 10) - 1  # compound annual rate, allocated proportionally
    assert comp["total"] == pytest.approx(g_a)
    assert comp["within"] == pytest.approx(g_a * 5.4 / 9.6)
    assert comp["static"] == pytest.approx(g_a * 4.0 / 9.6)
    simple = run(df, start=2000, end=2010, scale="annual", annual="simple").components.iloc[0]
    assert simple["within"] == pytest.approx(5.4 / 18 / 10)
    assert simple["total"] == pytest.approx(9.6 / 18 / 10)


def test_meta_and_units_from_attrs():
    df = set_meta(
        hand_example(), price_basis="constant 2015 LCU", labour_unit="thousands of persons"
    )
    r = sectoral(df, start=0, end=1, scale="level")
    assert r.meta["price_basis"] == "constant 2015 LCU"
    assert r.meta["labour_unit"] == "thousands of persons"
    assert "constant 2015 LCU" in r.units
    assert r.meta["method"] == "classic" and r.meta["scale"] == "level"
    assert "Price basis: constant 2015 LCU" in str(r.summary())
    long = r.to_frame()
    assert set(long["term"]) == {"within", "static", "dynamic", "total"}


def test_levels_property():
    r = run(hand_example(), start=0, end=1)
    lv = r.levels
    assert lv[["p0", "p1"]].iloc[0].tolist() == pytest.approx([18.0, 27.6])


# ------------------------------------------------------------------------- hypothesis properties
@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5, max_periods=3))
def test_terms_add_up_every_method_and_scale(df):
    last = int(df["time"].max())
    for method in METHODS:
        for scale in SCALES:
            r = run(df, start=2000, end=last, method=method, scale=scale)
            assert_terms_add_up(r.components, r.terms, "total", rtol=1e-10)
            # contributions by sector sum to the components
            c = r.contributions.groupby(["ref_area", "start", "end"])[list(r.terms)].sum()
            comp = r.components.set_index(["ref_area", "start", "end"])[list(r.terms)]
            pd.testing.assert_frame_equal(
                c.sort_index(), comp.sort_index(), check_dtype=False, rtol=1e-10, atol=1e-12
            )


@settings(max_examples=12)
@given(
    df=sector_panels(max_groups=3, max_sectors=5),
    c_out=st.floats(1e-3, 1e3),
    c_lab=st.floats(1e-3, 1e3),
)
def test_invariant_to_common_rescaling(df, c_out, c_lab):
    last = int(df["time"].max())
    for method in METHODS:
        base = run(df, start=2000, end=last, method=method)
        scaled = df.assign(
            value_added=df["value_added"] * c_out,
            value_added_nominal=df["value_added_nominal"] * c_out,
            employment=df["employment"] * c_lab,
        )
        other = run(scaled, start=2000, end=last, method=method)
        assert_decomposition_equal(base, other, rtol=1e-9, atol=1e-12)
        # level terms scale by c_out / c_lab
        lv0 = run(df, start=2000, end=last, method=method, scale="level").components
        lv1 = run(scaled, start=2000, end=last, method=method, scale="level").components
        np.testing.assert_allclose(
            lv1["total"].to_numpy(), lv0["total"].to_numpy() * c_out / c_lab, rtol=1e-9
        )


@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5), seed=st.integers(0, 2**31))
def test_invariant_to_sector_order_relabelling_and_group_order(df, seed):
    last = int(df["time"].max())
    rng = np.random.default_rng(seed)
    shuffled = df.sample(frac=1.0, random_state=rng).reset_index(drop=True)
    codes = {s: f"sector-{rng.integers(1e9)}-{s}" for s in df["sector"].unique()}
    relabelled = shuffled.assign(sector=shuffled["sector"].map(codes))
    for method in METHODS:
        a = run(df, start=2000, end=last, method=method)
        b = run(relabelled, start=2000, end=last, method=method)
        assert_decomposition_equal(a, b, rtol=1e-9, atol=1e-12)


@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5))
def test_reversed_time_negates_total_and_shapley_terms(df):
    last = int(df["time"].max())
    for method in METHODS:
        fwd = run(df, start=2000, end=last, method=method, scale="level").components
        bwd = run(df, start=last, end=2000, method=method, scale="level").components
        np.testing.assert_allclose(bwd["total"], -fwd["total"], rtol=1e-9, atol=1e-9)
    fwd = run(df, start=2000, end=last, method="shapley", scale="level").components
    bwd = run(df, start=last, end=2000, method="shapley", scale="level").components
    for term in ("within", "reallocation"):  # midpoint weights are symmetric in time
        np.testing.assert_allclose(bwd[term], -fwd[term], rtol=1e-9, atol=1e-9)


@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5))
def test_structural_equals_static_plus_dynamic(df):
    last = int(df["time"].max())
    for scale in SCALES:
        cl = run(df, start=2000, end=last, scale=scale).components
        mr = run(df, start=2000, end=last, method="mcmillan_rodrik", scale=scale).components
        np.testing.assert_allclose(mr["within"], cl["within"], rtol=1e-10)
        np.testing.assert_allclose(
            mr["structural"], cl["static"] + cl["dynamic"], rtol=1e-9, atol=1e-12
        )


@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5), price=st.floats(0.1, 10.0))
def test_gead_equals_classic_when_relative_prices_are_one(df, price):
    last = int(df["time"].max())
    flat = df.assign(value_added_nominal=df["value_added"] * price)
    for scale in SCALES:
        cl = run(flat, start=2000, end=last, scale=scale).components
        ge = run(flat, start=2000, end=last, method="gead", scale=scale).components
        for a, b in (("within", "within"), ("static", "denison"), ("dynamic", "baumol")):
            np.testing.assert_allclose(ge[b], cl[a], rtol=1e-9, atol=1e-12)


@settings(max_examples=12)
@given(df=sector_panels(max_groups=3, max_sectors=5, min_periods=3, max_periods=5))
def test_chained_terms_add_up_to_cumulative_change(df):
    last = int(df["time"].max())
    for method in METHODS:
        point = run(df, start=2000, end=last, method=method, scale="level")
        chained = run(df, start=2000, end=last, method=method, scale="level", chain=True)
        assert_terms_add_up(chained.components, chained.terms, "total", rtol=1e-10)
        np.testing.assert_allclose(
            chained.components["total"], point.components["total"], rtol=1e-9, atol=1e-9
        )
        np.testing.assert_allclose(chained.components["p0"], point.components["p0"], rtol=1e-12)
        # the links' level terms sum to the period's
        links = chained.links
        assert links is not None
        summed = links.groupby(["ref_area", "start", "end"])[list(chained.terms)].sum()
        comp = chained.components.set_index(["ref_area", "start", "end"])[list(chained.terms)]
        pd.testing.assert_frame_equal(
            summed.sort_index(), comp.sort_index(), check_dtype=False, rtol=1e-9
        )
        growth = run(df, start=2000, end=last, method=method, chain=True).components
        np.testing.assert_allclose(
            growth["total"], point.components["p1"] / point.components["p0"] - 1, rtol=1e-9
        )


def test_several_periods_match_separate_calls():
    df = hand_example(years=(2000, 2005))
    later = hand_example(years=(2005, 2010)).query("time == 2010")
    later = later.assign(employment=[5.0, 5.0], value_added=[70.0, 200.0])
    panel = pd.concat([df, later], ignore_index=True)
    both = run(panel, periods=[2000, 2005, 2010]).components
    assert both[["start", "end"]].astype(int).values.tolist() == [[2000, 2005], [2005, 2010]]
    one = run(panel, start=2005, end=2010).components
    assert both.iloc[1]["within"] == pytest.approx(one.iloc[0]["within"])
    seq = run(panel, start=[2000, 2005], end=[2005, 2010]).components
    pd.testing.assert_frame_equal(seq, both)


# ------------------------------------------------------------------------- reference: real ETD
@pytest.fixture(scope="module")
def etd() -> pd.DataFrame:
    raw = pd.read_excel(real_file("ETD_230918.xlsx"), sheet_name="Data")
    sectors = list(raw.columns[4:16])
    long = raw.melt(
        id_vars=["cnt", "var", "year"], value_vars=sectors, var_name="sector", value_name="v"
    )
    wide = long.pivot_table(
        index=["cnt", "year", "sector"], columns="var", values="v"
    ).reset_index()
    return wide.rename(
        columns={
            "cnt": "ref_area",
            "year": "time",
            "VA_Q15": "value_added",
            "VA": "value_added_nominal",
            "EMP": "employment",
        }
    )


def _plain_classic(raw: pd.DataFrame, country: str, t0: int, t1: int) -> dict[str, float]:
    """Independent three-term shift-share from the ETD wide sheet, a plain loop over sectors."""
    sectors = list(raw.columns[4:16])
    emp = raw[(raw["cnt"] == country) & (raw["var"] == "EMP")].set_index("year")
    va = raw[(raw["cnt"] == country) & (raw["var"] == "VA_Q15")].set_index("year")
    L0, L1 = emp.loc[t0, sectors].sum(), emp.loc[t1, sectors].sum()
    P0 = va.loc[t0, sectors].sum() / L0
    within = static = dynamic = 0.0
    for s in sectors:
        y0 = va.loc[t0, s] / emp.loc[t0, s]
        y1 = va.loc[t1, s] / emp.loc[t1, s]
        s0 = emp.loc[t0, s] / L0
        s1 = emp.loc[t1, s] / L1
        within += s0 * (y1 - y0)
        static += y0 * (s1 - s0)
        dynamic += (y1 - y0) * (s1 - s0)
    return {"within": within / P0, "static": static / P0, "dynamic": dynamic / P0}


def test_etd_negative_value_added_warns(etd):
    # ETD: Botswana's Utilities real VA is negative in 2011-2015
    with pytest.warns(NegativeValueWarning, match="Utilities"):
        r = run(etd[etd["ref_area"] == "BWA"], start=2010, end=2012)
    assert_terms_add_up(r.components, r.terms, "total")


def test_etd_real_decomposition_matches_independent_calculation(etd):
    raw = pd.read_excel(real_file("ETD_230918.xlsx"), sheet_name="Data")
    countries = ["KEN", "BRA", "VNM"]
    r = run(etd[etd["ref_area"].isin(countries)], start=1990, end=2018)
    comp = r.components.set_index("ref_area")
    for cnt in countries:
        exp = _plain_classic(raw, cnt, 1990, 2018)
        for term, value in exp.items():
            assert comp.loc[cnt, term] == pytest.approx(value, rel=1e-10)
        # the official total (sum of sectors, VA_Q15 is additive) gives the same total
        tot = raw[(raw["cnt"] == cnt) & (raw["var"].isin(["VA_Q15", "EMP"]))]
        tot = tot.set_index(["var", "year"])["Total"]
        p = tot["VA_Q15"] / tot["EMP"]
        assert comp.loc[cnt, "total"] == pytest.approx(p[2018] / p[1990] - 1, rel=1e-10)


def test_etd_real_estate_with_zero_employment_is_refused(etd):
    with pytest.raises(InvalidValueError) as info:
        run(etd, start=1990, end=2018)
    msg = str(info.value)
    assert "Real estate" in msg and "exclude=" in msg and "sector_map=" in msg
    assert info.value.context["sector"] == "Real estate"
    assert info.value.context["group"] in {"IND", "COL", "ECU", "LAO", "SEN"}
    ok = run(etd, start=1990, end=2018, exclude=["Real estate"])
    assert ok.excluded == ("Real estate",)
    assert ok.meta["excluded"] == ["Real estate"]
    assert len(ok.components) == 51
    assert "Real estate" not in set(ok.contributions["sector"])
    merged = run(etd, start=1990, end=2018, sector_map={"Real estate": "Business services"})
    assert len(merged.components) == 51
    # merging keeps the aggregate: total equals the official Total-based growth
    ind = merged.components.set_index("ref_area").loc["IND"]
    e = etd[etd["ref_area"] == "IND"].groupby("time")[["value_added", "employment"]].sum()
    p = e["value_added"] / e["employment"]
    assert ind["total"] == pytest.approx(p[2018] / p[1990] - 1, rel=1e-12)


# ------------------------------------------------------------------------- chain-linked volumes
def chain_linked_example() -> tuple[pd.DataFrame, pd.DataFrame]:
    """3 sectors, prices and quantities over 3 years; chained Laspeyres volumes (ref. year 0).

    Sector volume in reference-year prices: X_it = V_i0 * q_it / q_i0 (a one-item chain index is
    the quantity relative). Aggregate: X_0 = sum V_i0, X_t = X_{t-1} * sum p_{i,t-1} q_it /
    sum p_{i,t-1} q_{i,t-1}. Sum of sectors != X from year 2 on (relative prices change).
    """
    p = np.array([[1.0, 1.0, 1.0], [1.5, 0.9, 1.1], [2.5, 0.7, 1.3]])  # years x sectors
    q = np.array([[100.0, 50.0, 80.0], [105.0, 70.0, 82.0], [108.0, 110.0, 85.0]])
    emp = np.array([[50.0, 10.0, 40.0], [48.0, 14.0, 41.0], [45.0, 20.0, 42.0]])
    nominal = p * q
    vol = nominal[0] * q / q[0]
    agg = [nominal[0].sum()]
    for t in (1, 2):
        agg.append(agg[-1] * (p[t - 1] @ q[t]) / (p[t - 1] @ q[t - 1]))
    rows = [
        {
            "ref_area": "CL",
            "time": t,
            "sector": f"s{i}",
            "value_added": vol[t, i],
            "value_added_nominal": nominal[t, i],
            "employment": emp[t, i],
        }
        for t in range(3)
        for i in range(3)
    ]
    total = pd.DataFrame({"ref_area": "CL", "time": [0, 1, 2], "value_added": agg})
    return pd.DataFrame(rows), total


def test_chain_linked_classic_leaves_residual_gead_exact():
    df, total = chain_linked_example()
    sums = df.groupby("time")["value_added"].sum()
    assert abs(sums[2] / total["value_added"][2] - 1) > 1e-3  # non-additive in year 2
    with pytest.warns(NonAdditiveVolumesWarning, match="gead"):
        cl = run(df, start=0, end=2, total_output=total)
    assert abs(cl.components.loc[0, "residual"]) > 1e-4
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonAdditiveVolumesWarning)
        ge = run(df, start=0, end=2, method="gead", total_output=total)
    row = ge.components.iloc[0]
    X, L = total.set_index("time")["value_added"], df.groupby("time")["employment"].sum()
    assert row["total"] == pytest.approx((X[2] / L[2]) / (X[0] / L[0]) - 1, rel=1e-12)
    assert row["residual"] == pytest.approx(0.0, abs=1e-12)
    # within = sum of nominal VA shares in year 0 times sectoral productivity growth
    d0, d2 = df[df.time == 0].set_index("sector"), df[df.time == 2].set_index("sector")
    w0 = d0["value_added_nominal"] / d0["value_added_nominal"].sum()
    z0, z2 = d0["value_added"] / d0["employment"], d2["value_added"] / d2["employment"]
    assert row["within"] == pytest.approx(float((w0 * (z2 / z0 - 1)).sum()), rel=1e-12)
    # chained GEAD over the annual links is exact too
    gc = run(df, start=0, end=2, method="gead", total_output=total, chain=True)
    assert gc.components.loc[0, "total"] == pytest.approx(row["total"], rel=1e-12)


def test_gead_invariant_to_reference_year_of_chain():
    df, total = chain_linked_example()
    base = run(df, start=0, end=2, method="gead", total_output=total)
    # re-referencing the chain rescales each sector series and the aggregate by constants
    factors = {"s0": 2.5, "s1": 0.4, "s2": 1.7}
    moved = df.assign(value_added=df["value_added"] * df["sector"].map(factors))
    total2 = total.assign(value_added=total["value_added"] * 1.3)
    other = run(moved, start=0, end=2, method="gead", total_output=total2)
    assert_decomposition_equal(base, other, rtol=1e-10)


def test_total_output_as_column():
    df, total = chain_linked_example()
    df = df.merge(total.rename(columns={"value_added": "gdp"}), on=["ref_area", "time"])
    a = run(df, start=0, end=2, method="gead", total_output="gdp")
    b = run(df, start=0, end=2, method="gead", total_output=total)
    assert_decomposition_equal(a, b)


# ------------------------------------------------------------------------- bad and awkward input
def test_negative_employment_names_group_sector_year():
    df = hand_example()
    df.loc[3, "employment"] = -1.0
    with pytest.raises(InvalidValueError, match="employment") as info:
        run(df, start=0, end=1)
    msg = str(info.value)
    assert "ref_area='X'" in msg and "sector='man'" in msg and "time=1" in msg


def test_zero_employment_positive_output_names_sector_and_fix():
    df = hand_example()
    df.loc[2, "employment"] = 0.0
    with pytest.raises(InvalidValueError) as info:
        run(df, start=0, end=1)
    err = info.value
    assert err.context == {
        "group": "X",
        "sector": "agr",
        "period": 1,
        "rows": err.context["rows"],
    }
    assert "exclude=['agr']" in str(err) and "sector_map=" in str(err)


def test_zero_employment_in_one_year_only_is_an_error():
    df = hand_example()
    df.loc[2, ["employment", "value_added", "value_added_nominal"]] = 0.0  # exit of agr
    with pytest.raises(InvalidValueError, match="zero 'employment' in 1") as info:
        run(df, start=0, end=1)
    assert info.value.context["sector"] == "agr" and info.value.context["group"] == "X"
    with pytest.warns(SkippedRowsWarning):
        r = run(df, start=0, end=1, unmatched="drop")
    assert r.dropped["reason"].tolist() == ["zero employment in one year"]


def test_empty_sector_in_both_years_is_dropped_and_recorded():
    df = hand_example()
    empty = pd.DataFrame(
        {
            "ref_area": "X",
            "time": [0, 1],
            "sector": "mining",
            "value_added": 0.0,
            "value_added_nominal": 0.0,
            "employment": 0.0,
        }
    )
    with pytest.warns(SkippedRowsWarning, match="result.dropped"):
        r = run(pd.concat([df, empty], ignore_index=True), start=0, end=1)
    assert r.dropped[["ref_area", "sector", "reason"]].values.tolist() == [
        ["X", "mining", "zero output and employment in both years"]
    ]
    assert_decomposition_equal(r, run(df, start=0, end=1))


def test_sector_in_one_period_only_is_an_error_unless_opted_in():
    df = hand_example()
    extra = df.iloc[[0]].assign(sector="new", value_added=5.0, employment=1.0)
    bad = pd.concat([df, extra], ignore_index=True)
    with pytest.raises(InvalidPanelError, match="sector sets differ") as info:
        run(bad, start=0, end=1)
    assert info.value.context["sector"] == "new" and info.value.context["period"] == 1
    assert "unmatched='drop'" in str(info.value)
    with pytest.warns(SkippedRowsWarning):
        r = run(bad, start=0, end=1, unmatched="drop")
    assert r.dropped["sector"].tolist() == ["new"]
    assert r.dropped["reason"].tolist() == ["sector missing in one year"]


def test_duplicates_and_aggregates_are_refused():
    df = hand_example()
    with pytest.raises(DuplicateKeyError):
        run(pd.concat([df, df.iloc[[0]]], ignore_index=True), start=0, end=1)
    for label in ("Total", "SUM"):
        agg = df.iloc[[0, 2]].assign(sector=label, value_added=180.0, employment=10.0)
        with pytest.raises(AggregateRowError, match=label):
            run(pd.concat([df, agg], ignore_index=True), start=0, end=1)


def test_missing_values_never_become_zero():
    df = hand_example()
    df.loc[1, "value_added"] = np.nan
    with pytest.raises(InvalidValueError, match="missing") as info:
        run(df, start=0, end=1)
    assert "never treats missing as zero" in str(info.value)


def test_negative_value_added_warns():
    df = hand_example()
    df.loc[0, "value_added"] = -10.0
    with pytest.warns(NegativeValueWarning, match="agr"):
        r = run(df, start=0, end=1)
    assert_terms_add_up(r.components, r.terms, "total")


def test_non_additive_total_output_warns_with_gap():
    df = hand_example()
    total = pd.DataFrame({"ref_area": "X", "time": [0, 1], "value_added": [180.0, 280.0]})
    with pytest.warns(NonAdditiveVolumesWarning, match=r"gap up to .*method='gead'"):
        r = run(df, start=0, end=1, total_output=total)
    row = r.components.iloc[0]
    assert row["official_total"] == pytest.approx(28.0 / 18 - 1)
    assert row["residual"] == pytest.approx(28.0 / 18 - 27.6 / 18)
    # additive totals: no warning, zero residual
    ok = pd.DataFrame({"ref_area": "X", "time": [0, 1], "value_added": [180.0, 276.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonAdditiveVolumesWarning)
        r2 = run(df, start=0, end=1, total_output=ok)
    assert r2.components.loc[0, "residual"] == pytest.approx(0.0, abs=1e-15)


def test_options_and_periods_are_checked():
    df = hand_example()
    with pytest.raises(OptionError, match="output_nominal"):
        sectoral(df, start=0, end=1, method="gead")
    with pytest.raises(OptionError, match="method="):
        sectoral(df, start=0, end=1, method="oecd")  # type: ignore[arg-type]
    with pytest.raises(InsufficientDataError, match="1995"):
        sectoral(df, start=0, end=1995)
    with pytest.raises(OptionError):
        sectoral(df, start=1, end=1)
    with pytest.raises(PedwError, match="labour="):
        sectoral(df.rename(columns={"employment": "emp"}), start=0, end=1)
    r = sectoral(df.rename(columns={"employment": "emp"}), start=0, end=1, labour="emp")
    assert r.components.loc[0, "within"] == pytest.approx(0.3)


def test_group_missing_a_year_is_named():
    df = pd.concat([hand_example(), hand_example().assign(ref_area="Y")], ignore_index=True)
    df = df[~((df.ref_area == "Y") & (df.time == 1))]
    with pytest.raises(InsufficientDataError) as info:
        run(df, start=0, end=1)
    assert info.value.context["group"] == "Y" and info.value.context["period"] == 1


def test_no_by_and_multiple_by_columns():
    df = hand_example()
    r = run(df.drop(columns="ref_area"), start=0, end=1, by=None)
    assert r.components.loc[0, "within"] == pytest.approx(0.3)
    two = pd.concat([df.assign(sex="F"), df.assign(sex="M")], ignore_index=True)
    r2 = run(two, start=0, end=1, by=["ref_area", "sex"])
    assert r2.components[["ref_area", "sex"]].values.tolist() == [["X", "F"], ["X", "M"]]
    np.testing.assert_allclose(r2.components["within"], 0.3)


@settings(max_examples=10)
@given(df=sector_panels(max_groups=3, min_sectors=2, max_sectors=4, min_periods=3, max_periods=4))
def test_merge_alignment_path_matches_dense_path(df):
    import importlib

    # the module, not the function of the same name that pedw.decompose exports
    mod = importlib.import_module("pedw.decompose.sectoral")

    last = int(df["time"].max())
    # drop one sector of one group in the last year to exercise unmatched rows too
    cut = df[~((df.ref_area == "G0") & (df.sector == "S0") & (df.time == last))]
    for data, kw in ((df, {}), (cut, {"unmatched": "drop"})):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SkippedRowsWarning)
            dense = run(data, start=2000, end=last, chain=True, method="gead", **kw)
            old = mod._DENSE_LIMIT
            mod._DENSE_LIMIT = 0
            try:
                merged = run(data, start=2000, end=last, chain=True, method="gead", **kw)
            finally:
                mod._DENSE_LIMIT = old
        assert_decomposition_equal(dense, merged, rtol=1e-12)
        pd.testing.assert_frame_equal(
            dense.dropped.sort_values(list(dense.dropped.columns)).reset_index(drop=True),
            merged.dropped.sort_values(list(merged.dropped.columns)).reset_index(drop=True),
            check_dtype=False,
        )
