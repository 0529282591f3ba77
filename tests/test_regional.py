"""Tests of pedw.decompose.regional (regional shift-share, METHODS.md Part A §2).

Reference values: the Farhauer & Kröll (2013) example used in the documentation of REAT's
``shift()`` and ``shiftd()`` (Wieland 2019, REAT: A Regional Economic Analysis Toolbox for R,
REGION 6(3), doi:10.18335/region.v6i3.267; Farhauer, O. & Kröll, A. (2013), Standorttheorien,
Springer Gabler, doi:10.1007/978-3-658-01574-0). Expected values are computed here
independently, in exact rational arithmetic (``fractions.Fraction``) with a plain per-region
loop that transcribes REAT's formulas, and a few of them by hand in comments.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.decompose.regional import RegionalResult, regional
from pedw.errors import (
    AggregateRowError,
    DuplicateKeyError,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    OptionError,
    SchemaError,
    UnitMismatchError,
)
from pedw.schema import set_meta
from pedw.testing import assert_decomposition_equal, assert_terms_add_up
from pedw.testing.strategies import regional_panels

METHODS = ["dunn", "esteban_marquillas", "arcelus", "gerfin"]
ADDITIVE = ["dunn", "esteban_marquillas", "arcelus"]

# ---------------------------------------------------------------- Farhauer & Kröll (2013) data
NATION = {2000: [400, 150, 150, 400], 2001: [440, 210, 135, 480], 2002: [460, 230, 155, 500]}
REGIONS = {
    "A": {2000: [90, 20, 10, 60], 2001: [100, 40, 10, 55], 2002: [105, 45, 15, 60]},
    "B": {2000: [60, 30, 30, 40], 2001: [85, 55, 40, 35]},
    "C": {2000: [250, 100, 110, 300], 2001: [255, 115, 85, 390]},
}
INDUSTRIES = ["I1", "I2", "I3", "I4"]


def fk_frame(regions=("A", "B", "C"), years=(2000, 2001)):
    rows = [
        (r, ind, y, float(REGIONS[r][y][k]))
        for r in regions
        for y in years
        for k, ind in enumerate(INDUSTRIES)
    ]
    return pd.DataFrame(rows, columns=["region", "industry", "time", "employment"])


def nation_frame(years=(2000, 2001)):
    rows = [(ind, y, float(NATION[y][k])) for y in years for k, ind in enumerate(INDUSTRIES)]
    return pd.DataFrame(rows, columns=["industry", "time", "employment"])


def reat_shift(e_ij1, e_ij2, e_i1, e_i2, method):
    """REAT shift() transcribed formula by formula, in exact fractions (independent check)."""
    e_ij1, e_ij2, e_i1, e_i2 = ([Fraction(v) for v in x] for x in (e_ij1, e_ij2, e_i1, e_i2))
    e_j1, e_j2, e1, e2 = sum(e_ij1), sum(e_ij2), sum(e_i1), sum(e_i2)
    n = range(len(e_ij1))
    ns = e_j1 * e2 / e1 - e_j1
    im = sum(e_ij1[i] * (e_i2[i] / e_i1[i]) for i in n) - e_j1 * (e2 / e1)
    rs = sum(e_ij1[i] * (e_ij2[i] / e_ij1[i] - e_i2[i] / e_i1[i]) for i in n)
    if method == "dunn":
        return {"national_share": ns, "industry_mix": im, "regional_shift": rs}
    if method == "esteban_marquillas":
        he = [e_j1 * (e_i1[i] / e1) for i in n]
        c = sum(he[i] * (e_ij2[i] / e_ij1[i] - e_i2[i] / e_i1[i]) for i in n)
        a = sum((e_ij1[i] - he[i]) * (e_ij2[i] / e_ij1[i] - e_i2[i] / e_i1[i]) for i in n)
        return {"national_share": ns, "industry_mix": im, "competitive": c, "allocation": a}
    if method == "arcelus":  # METHODS.md §2.3, homothetic + non-homothetic parts summed
        he = [e_j1 * (e_i1[i] / e1) for i in n]
        gj, g = e_j2 / e_j1, e2 / e1
        rg = sum(he[i] * (gj - g) for i in n) + sum((e_ij1[i] - he[i]) * (gj - g) for i in n)
        mix = [(e_ij2[i] / e_ij1[i] - gj) - (e_i2[i] / e_i1[i] - g) for i in n]
        rim = sum(he[i] * mix[i] for i in n) + sum((e_ij1[i] - he[i]) * mix[i] for i in n)
        return {
            "national_share": ns,
            "industry_mix": im,
            "regional_growth": rg,
            "regional_industry_mix": rim,
        }
    exp_ = sum(e_ij1[i] * (e_i2[i] / e_i1[i]) for i in n)
    return {
        "industry_mix": (exp_ / e_j1) / (e2 / e1),
        "regional_shift": (e_j2 / e_j1) / (exp_ / e_j1),
        "net_total_shift": (e_j2 / e_j1) / (e2 / e1),
    }


def row(result, region, industry=None):
    comp = result.components
    mask = comp["region"] == region
    if industry is not None:
        mask &= comp["industry"] == industry
    (i,) = np.flatnonzero(mask.to_numpy())
    return comp.iloc[i]


# -------------------------------------------------------------------------- reference tests
@pytest.mark.parametrize("method", METHODS)
def test_farhauer_kroell_static_matches_independent_reat_formulas(method):
    res = regional(fk_frame(), start=2000, end=2001, method=method)
    assert isinstance(res, RegionalResult)
    assert list(res.components["region"]) == ["A", "B", "C"]
    for r in "ABC":
        want = reat_shift(REGIONS[r][2000], REGIONS[r][2001], NATION[2000], NATION[2001], method)
        got = row(res, r)
        for term, value in want.items():
            assert got[term] == pytest.approx(float(value), rel=1e-12, abs=1e-12), (r, term)
        if method != "gerfin":
            assert got["total"] == sum(REGIONS[r][2001]) - sum(REGIONS[r][2000])


def test_farhauer_kroell_region_a_by_hand():
    # Region A: e_j1 = 180, e_j2 = 205; nation e1 = 1100, e2 = 1265, G = 1.15;
    # G_i = 1.1, 1.4, 0.9, 1.2, so sum_i e_ij1 G_i = 99 + 28 + 9 + 72 = 208.
    # NS = 180 * 0.15 = 27; IM = 208 - 207 = 1; RS = 205 - 208 = -3; NTS = -2.
    dunn = row(regional(fk_frame(), start=2000, end=2001), "A")
    assert (dunn.national_share, dunn.industry_mix, dunn.regional_shift, dunn.total) == (
        pytest.approx(27),
        pytest.approx(1),
        pytest.approx(-3),
        25,
    )
    assert dunn.net_total_shift == pytest.approx(-2)
    # Esteban-Marquillas: ê_ij = (180/1100) e_i1 = (9/55) e_i1; g_ij - G_i = 1/90, 0.6, 0.1, -17/60
    # C' = (9/55)(400/90 + 90 + 15 - 400*17/60) = (9/55)(-35/9) = -7/11; A = RS - C' = -26/11.
    em = row(regional(fk_frame(), start=2000, end=2001, method="esteban_marquillas"), "A")
    assert em.competitive == pytest.approx(-7 / 11)
    assert em.allocation == pytest.approx(-26 / 11)
    # Gerfin: IM = (208/180)/1.15, RS = 205/208, NTS = (205/180)/1.15
    ge = row(regional(fk_frame(), start=2000, end=2001, method="gerfin"), "A")
    assert ge.industry_mix == pytest.approx(208 / 180 / 1.15)
    assert ge.regional_shift == pytest.approx(205 / 208)
    assert ge.net_total_shift == pytest.approx(205 / 180 / 1.15)


@pytest.mark.parametrize("method", METHODS)
def test_reference_frame_equal_to_the_sum_gives_the_same_result(method):
    # In this example the three regions add up to the nation exactly.
    a = regional(fk_frame(), start=2000, end=2001, method=method)
    b = regional(fk_frame(), start=2000, end=2001, method=method, reference=nation_frame())
    assert_decomposition_equal(a, b)
    assert a.meta["reference"] == "sum of regions" and b.meta["reference"] == "reference frame"


@pytest.mark.parametrize("method", METHODS)
def test_reat_shiftd_example_region_a_against_nation(method):
    # REAT shiftd() documentation: region A, 2000-2002, against nation X.
    years = (2000, 2001, 2002)
    res = regional(
        fk_frame(("A",), years),
        start=2000,
        end=2002,
        method=method,
        reference=nation_frame(years),
        dynamic=True,
    )
    annual = [
        reat_shift(REGIONS["A"][y], REGIONS["A"][y + 1], NATION[y], NATION[y + 1], method)
        for y in (2000, 2001)
    ]
    got = row(res, "A")
    for term in annual[0]:
        if method == "gerfin":  # pedw multiplies annual factors (REAT sums or averages them)
            want = annual[0][term] * annual[1][term]
        else:
            want = annual[0][term] + annual[1][term]
        assert got[term] == pytest.approx(float(want), rel=1e-12), term
        assert res.annual[term].to_numpy() == pytest.approx([float(a[term]) for a in annual])
    assert list(res.annual["start"]) == [2000, 2001] and list(res.annual["end"]) == [2001, 2002]
    if method != "gerfin":
        assert got["total"] == pytest.approx(225 - 180)  # telescopes: e_A,2002 - e_A,2000
    else:  # the product of annual NTS factors telescopes to the static one
        static = reat_shift(
            REGIONS["A"][2000], REGIONS["A"][2002], NATION[2000], NATION[2002], method
        )
        assert got["net_total_shift"] == pytest.approx(float(static["net_total_shift"]))


def test_by_industry_matches_reat_shifti():
    # REAT shifti(): every industry as a one-industry region against its national industry.
    res = regional(fk_frame(), start=2000, end=2001, by_industry=True)
    assert len(res.components) == 12 and res.keys == ("region", "industry")
    for r in "ABC":
        for k, ind in enumerate(INDUSTRIES):
            want = reat_shift(
                [REGIONS[r][2000][k]],
                [REGIONS[r][2001][k]],
                [NATION[2000][k]],
                [NATION[2001][k]],
                "dunn",
            )
            got = row(res, r, ind)
            assert got.industry_mix == 0
            assert got.national_share == pytest.approx(float(want["national_share"]))
            assert got.regional_shift == pytest.approx(float(want["regional_shift"]))


# ------------------------------------------------------------------------ property tests
def _totals(df, start, end):
    tot = df.groupby(["region", "time"])["employment"].sum().unstack("time")
    return (tot[end] - tot[start]).sort_index()


@settings(max_examples=40)
@given(regional_panels(max_regions=5, max_industries=5, max_periods=4), st.sampled_from(ADDITIVE))
def test_additive_methods_sum_exactly_to_the_change(df, method):
    start, end = df["time"].min(), df["time"].max()
    res = regional(df, start=start, end=end, method=method)
    comp = res.components.set_index("region").sort_index()
    assert_terms_add_up(comp, res.terms, "total", rtol=1e-9)
    np.testing.assert_allclose(
        comp["total"], _totals(df, start, end), rtol=1e-12, atol=1e-12 * df["employment"].sum()
    )


@settings(max_examples=40)
@given(
    regional_panels(max_regions=4, max_industries=4, min_periods=2, max_periods=5),
    st.sampled_from(ADDITIVE),
)
def test_dynamic_telescopes_and_sums_the_annual_terms(df, method):
    start, end = df["time"].min(), df["time"].max()
    dyn = regional(df, start=start, end=end, method=method, dynamic=True)
    comp = dyn.components.set_index("region").sort_index()
    np.testing.assert_allclose(comp["total"], _totals(df, start, end), rtol=1e-9, atol=1e-9)
    summed = dyn.annual.groupby("region")[[*dyn.terms, "total"]].sum().sort_index()
    np.testing.assert_allclose(comp[list(summed.columns)], summed, rtol=1e-12, atol=1e-9)
    assert len(dyn.annual) == df["region"].nunique() * (df["time"].nunique() - 1)
    # two periods: the dynamic decomposition is the static one
    two = df[df["time"].isin([start, start + 1])]
    assert_decomposition_equal(
        regional(two, start=start, end=start + 1, method=method, dynamic=True),
        regional(two, start=start, end=start + 1, method=method),
    )


@settings(max_examples=40)
@given(regional_panels(max_regions=5, max_industries=5, max_periods=3))
def test_em_and_arcelus_split_the_dunn_regional_shift(df):
    start, end = df["time"].min(), df["time"].max()
    dunn = regional(df, start=start, end=end).components
    em = regional(df, start=start, end=end, method="esteban_marquillas").components
    ar = regional(df, start=start, end=end, method="arcelus").components
    scale = dunn[["regional_shift", "national_share"]].abs().max(axis=1).to_numpy() + 1.0
    tol = 1e-9 * scale
    rs = dunn["regional_shift"].to_numpy()
    assert np.all(np.abs(em["competitive"] + em["allocation"] - rs) <= tol)
    assert np.all(np.abs(ar["regional_growth"] + ar["regional_industry_mix"] - rs) <= tol)
    for other in (em, ar):
        np.testing.assert_allclose(other["national_share"], dunn["national_share"])
        np.testing.assert_allclose(other["industry_mix"], dunn["industry_mix"])
    assert np.all(np.abs(dunn["net_total_shift"] - dunn["industry_mix"] - rs) <= tol)


@settings(max_examples=40)
@given(regional_panels(max_regions=5, max_industries=5, max_periods=3))
def test_dunn_terms_sum_over_regions_to_the_nation(df):
    # reference=None: sum_j IM_j = sum_i e_i1 G_i - e1 G = 0, and sum_j RS_j = e2 - e2 = 0.
    start, end = df["time"].min(), df["time"].max()
    comp = regional(df, start=start, end=end).components
    nation = df.groupby("time")["employment"].sum()
    scale = float(nation.max())
    assert abs(comp["regional_shift"].sum()) <= 1e-9 * scale
    assert abs(comp["industry_mix"].sum()) <= 1e-9 * scale
    assert comp["national_share"].sum() == pytest.approx(nation[end] - nation[start], rel=1e-9)


@settings(max_examples=30)
@given(regional_panels(max_regions=4, max_industries=4, max_periods=3), st.data())
def test_gerfin_factors_multiply_and_match_growth_ratios(df, data):
    start, end = df["time"].min(), df["time"].max()
    res = regional(df, start=start, end=end, method="gerfin")
    comp = res.components.set_index("region").sort_index()
    np.testing.assert_allclose(
        comp["industry_mix"] * comp["regional_shift"], comp["net_total_shift"], rtol=1e-12
    )
    reg = df.groupby(["region", "time"])["employment"].sum().unstack("time").sort_index()
    nat = df.groupby("time")["employment"].sum()
    np.testing.assert_allclose(
        comp["net_total_shift"], (reg[end] / reg[start]) / (nat[end] / nat[start]), rtol=1e-12
    )
    dyn = regional(df, start=start, end=end, method="gerfin", dynamic=True)
    np.testing.assert_allclose(
        dyn.components.set_index("region").sort_index()["net_total_shift"],
        comp["net_total_shift"],
        rtol=1e-12,
    )
    assert res.additive is False


@settings(max_examples=30)
@given(
    regional_panels(max_regions=4, max_industries=4, max_periods=3),
    st.sampled_from(METHODS),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_invariant_to_row_order_and_relabelling(df, method, dynamic, rnd):
    start, end = df["time"].min(), df["time"].max()
    base = regional(df, start=start, end=end, method=method, dynamic=dynamic)
    regions, industries = sorted(df["region"].unique()), sorted(df["industry"].unique())
    new_r = [f"z{k}" for k in range(len(regions))]
    new_i = [f"q{k}" for k in range(len(industries))]
    rnd.shuffle(new_r)
    rnd.shuffle(new_i)
    rmap, imap = dict(zip(regions, new_r, strict=True)), dict(zip(industries, new_i, strict=True))
    other = df.assign(region=df["region"].map(rmap), industry=df["industry"].map(imap))
    other = other.sample(frac=1.0, random_state=rnd.randint(0, 10**6))
    res = regional(other, start=start, end=end, method=method, dynamic=dynamic)
    back = {v: k for k, v in rmap.items()}
    relabelled = RegionalResult(
        components=res.components.assign(region=res.components["region"].map(back)),
        method=res.method,
        keys=res.keys,
        terms=res.terms,
        total=res.total,
        additive=res.additive,
    )
    assert_decomposition_equal(base, relabelled, rtol=1e-9, atol=1e-9)


@settings(max_examples=30)
@given(
    regional_panels(max_regions=4, max_industries=4, max_periods=3),
    st.sampled_from(METHODS),
    st.floats(1e-3, 1e3),
)
def test_scaling_values_scales_terms_and_leaves_gerfin_factors(df, method, c):
    start, end = df["time"].min(), df["time"].max()
    base = regional(df, start=start, end=end, method=method, dynamic=True).components
    scaled = regional(
        df.assign(employment=df["employment"] * c),
        start=start,
        end=end,
        method=method,
        dynamic=True,
    ).components
    cols = (
        ["industry_mix", "regional_shift", "net_total_shift"]
        if method == "gerfin"
        else [c_ for c_ in base.columns if c_ not in ("region", "start", "end")]
    )
    factor = 1.0 if method == "gerfin" else c
    ref = base[cols].to_numpy() * factor
    tol = 1e-9 * (np.abs(ref).max() + 1e-300)
    assert np.all(np.abs(scaled[cols].to_numpy() - ref) <= tol)


@settings(max_examples=30)
@given(regional_panels(max_regions=4, max_industries=4, max_periods=3))
def test_by_industry_sums_to_the_regional_decomposition(df):
    # One-industry shifts (REAT shifti): NS_ij = e_ij1 (G_i - 1) carries the cell's industry
    # mix, so sum_i NS_ij = NS_j + IM_j while sum_i RS_ij = RS_j; EM allocation is 0.
    start, end = df["time"].min(), df["time"].max()
    reg = regional(df, start=start, end=end).components.set_index("region").sort_index()
    ind = regional(df, start=start, end=end, by_industry=True).components
    sums = ind.groupby("region")[["national_share", "regional_shift", "total"]].sum().sort_index()
    scale = reg[["national_share", "industry_mix", "regional_shift"]].abs().max(axis=1) + 1
    assert (ind["industry_mix"] == 0).all()
    assert (
        abs(sums["national_share"] - reg["national_share"] - reg["industry_mix"]) <= 1e-9 * scale
    ).all()
    assert (abs(sums["regional_shift"] - reg["regional_shift"]) <= 1e-9 * scale).all()
    em = regional(df, start=start, end=end, by_industry=True, method="esteban_marquillas")
    assert np.allclose(em.components["allocation"], 0.0, atol=1e-9 * scale.max())


# ------------------------------------------------------------------- zero base treatment
def with_new_industry():
    df = fk_frame()
    df.loc[(df.region == "B") & (df.industry == "I3") & (df.time == 2000), "employment"] = 0.0
    return df


@pytest.mark.parametrize("method", METHODS)
def test_zero_base_raises_naming_region_and_industry(method):
    with pytest.raises(InvalidValueError, match="new_industry='regional_shift'") as err:
        regional(with_new_industry(), start=2000, end=2001, method=method)
    assert err.value.context["region"] == "B" and err.value.context["industry"] == "I3"
    assert "region='B'" in str(err.value) and "industry='I3'" in str(err.value)


def test_new_industry_counted_wholly_in_the_regional_shift():
    df = with_new_industry()
    res = regional(df, start=2000, end=2001, new_industry="regional_shift")
    assert res.meta["new_industry_cells"] == 1
    # by hand for region B: base (60, 30, 0, 40) = 130, end (85, 55, 40, 35) = 215.
    nat0 = np.array([400, 150, 120, 400.0])  # nation (sum of regions) with B's I3 at 0
    nat1 = np.array(NATION[2001], dtype=float)
    g_i, g = nat1 / nat0, nat1.sum() / nat0.sum()
    b0, b1 = np.array([60, 30, 0, 40.0]), np.array([85, 55, 40, 35.0])
    expected_rs = sum(b0[k] * (b1[k] / b0[k] - g_i[k]) for k in (0, 1, 3)) + 40.0
    b = row(res, "B")
    assert b.regional_shift == pytest.approx(expected_rs)
    assert b.national_share == pytest.approx(130 * (g - 1))
    assert b.total == 215 - 130
    for method in ("esteban_marquillas", "arcelus"):
        other = row(
            regional(df, start=2000, end=2001, method=method, new_industry="regional_shift"), "B"
        )
        split = (
            other.competitive + other.allocation
            if method == "esteban_marquillas"
            else other.regional_growth + other.regional_industry_mix
        )
        assert split == pytest.approx(expected_rs)
    ge = row(
        regional(df, start=2000, end=2001, method="gerfin", new_industry="regional_shift"), "B"
    )
    assert ge.regional_shift == pytest.approx(215 / float(b0 @ g_i))


def test_industry_absent_at_both_dates_contributes_nothing():
    df = fk_frame()
    df.loc[(df.region == "A") & (df.industry == "I3"), "employment"] = 0.0
    res = regional(df, start=2000, end=2001, method="esteban_marquillas")
    assert res.meta["absent_cells"] == 1 and res.meta["new_industry_cells"] == 0
    a = row(res, "A")
    assert a.total == 195 - 170
    # the absent cell drops out of every sum; the others use the nation without A's I3
    nat0 = np.array([400, 150, 140, 400.0])
    nat1 = np.array([440, 210, 125, 480.0])
    a0, a1 = np.array([90, 20, 0, 60.0]), np.array([100, 40, 0, 55.0])
    hom = 170 * nat0 / nat0.sum()
    present = [0, 1, 3]
    diff = a1[present] / a0[present] - (nat1 / nat0)[present]
    assert a.competitive == pytest.approx(float(hom[present] @ diff))
    assert a.allocation == pytest.approx(float((a0 - hom)[present] @ diff))


@settings(max_examples=30)
@given(regional_panels(max_regions=4, max_industries=4, max_periods=4), st.data())
def test_identities_hold_with_absent_and_new_industries(df, data):
    zero = data.draw(st.lists(st.booleans(), min_size=len(df), max_size=len(df)))
    keep = ((df["region"] == "R0") & (df["industry"] == "I0")).to_numpy()  # nation stays > 0
    df = df.assign(employment=np.where(np.asarray(zero) & ~keep, 0.0, df["employment"]))
    start, end = df["time"].min(), df["time"].max()
    kw = {"start": start, "end": end, "new_industry": "regional_shift", "dynamic": True}
    dunn = regional(df, **kw).components
    tot = _totals(df, start, end).to_numpy()
    scale = 1e-9 * (df["employment"].sum() + 1.0)
    assert np.all(np.abs(dunn["total"].to_numpy() - tot) <= scale)
    terms = ["national_share", "industry_mix", "regional_shift"]
    assert np.all(np.abs(dunn[terms].sum(axis=1) - dunn["total"]) <= scale)
    em = regional(df, method="esteban_marquillas", **kw).components
    ar = regional(df, method="arcelus", **kw).components
    rs = dunn["regional_shift"].to_numpy()
    assert np.all(np.abs(em["competitive"] + em["allocation"] - rs) <= scale)
    assert np.all(np.abs(ar["regional_growth"] + ar["regional_industry_mix"] - rs) <= scale)


def test_gerfin_region_with_zero_base_is_refused():
    df = fk_frame()
    df.loc[(df.region == "A") & (df.time == 2000), "employment"] = 0.0
    with pytest.raises(InvalidValueError, match="Gerfin") as err:
        regional(df, start=2000, end=2001, method="gerfin", new_industry="regional_shift")
    assert err.value.context["region"] == "A"


# --------------------------------------------------------------------------------- bad input
def test_duplicates_are_refused():
    df = pd.concat([fk_frame(), fk_frame().iloc[[3]]])
    with pytest.raises(DuplicateKeyError, match="share their key"):
        regional(df, start=2000, end=2001)


def test_missing_cell_is_refused_naming_it():
    df = fk_frame().drop(index=5)
    with pytest.raises(InvalidPanelError, match="no row") as err:
        regional(df, start=2000, end=2001)
    assert err.value.context["region"] == "A" and err.value.context["industry"] == "I2"


def test_reference_missing_an_industry_is_refused():
    ref = nation_frame()
    ref = ref[~((ref.industry == "I4") & (ref.time == 2001))]
    with pytest.raises(InvalidPanelError, match="no row") as err:
        regional(fk_frame(), start=2000, end=2001, reference=ref)
    assert err.value.context["industry"] == "I4" and err.value.context["period"] == 2001


def test_reference_with_extra_industry_is_refused():
    ref = pd.concat(
        [
            nation_frame(),
            pd.DataFrame(
                {"industry": ["I9", "I9"], "time": [2000, 2001], "employment": [1.0, 2.0]}
            ),
        ]
    )
    with pytest.raises(InvalidPanelError, match="I9"):
        regional(fk_frame(), start=2000, end=2001, reference=ref)


@pytest.mark.parametrize("bad", ["shapley", "Dunn ", "classic"])
def test_unknown_method_is_an_option_error(bad):
    with pytest.raises(OptionError, match="method="):
        regional(fk_frame(), start=2000, end=2001, method=bad)
    with pytest.raises(OptionError, match="new_industry="):
        regional(fk_frame(), start=2000, end=2001, new_industry="drop")


def test_periods_are_checked():
    with pytest.raises(InsufficientDataError, match="end=2005"):
        regional(fk_frame(), start=2000, end=2005)
    with pytest.raises(InsufficientDataError, match="before"):
        regional(fk_frame(), start=2001, end=2000)


def test_negative_and_missing_values_and_aggregates_are_refused():
    df = fk_frame()
    df.loc[2, "employment"] = -1.0
    with pytest.raises(InvalidValueError, match="non-negative"):
        regional(df, start=2000, end=2001)
    df.loc[2, "employment"] = np.nan
    with pytest.raises(InvalidValueError, match="missing"):
        regional(df, start=2000, end=2001)
    tot = fk_frame().assign(industry=lambda d: d["industry"].replace({"I4": "Total"}))
    with pytest.raises(AggregateRowError, match="Total"):
        regional(tot, start=2000, end=2001)


def test_column_names_and_units_from_metadata():
    df = fk_frame().rename(columns={"region": "nuts2", "employment": "jobs", "time": "year"})
    with pytest.raises(SchemaError, match="value='<your column>'"):
        regional(df, start=2000, end=2001, region="nuts2", time="year")
    set_meta(df, units={"jobs": "thousands of persons"}, source="Example")
    res = regional(
        df, start=2000, end=2001, region="nuts2", time="year", value="jobs", method="arcelus"
    )
    assert res.units == "change in jobs [thousands of persons]"
    assert res.meta["source"] == "Example" and res.meta["method"] == "arcelus"
    assert "nuts2" in res.components.columns and res.keys == ("nuts2",)
    assert "Source: Example" in str(res.summary())


def test_reference_units_must_match():
    df = set_meta(fk_frame(), units={"employment": "persons"})
    ref = set_meta(nation_frame(), units={"employment": "thousands of persons"})
    with pytest.raises(UnitMismatchError, match="thousands"):
        regional(df, start=2000, end=2001, reference=ref)
    ok = regional(df, start=2000, end=2001, reference=set_meta(nation_frame(), units=None))
    assert ok.units == "change in employment [persons]"


def test_views_and_plot():
    res = regional(
        fk_frame(("A",), (2000, 2001, 2002)),
        start=2000,
        end=2002,
        dynamic=True,
        reference=nation_frame((2000, 2001, 2002)),
    )
    long = res.to_frame()
    assert set(long["term"]) == {"national_share", "industry_mix", "regional_shift", "total"}
    assert "Barff" in res.citation and "Dunn" in res.citation
    assert "<table" in res._repr_html_()
    ax = res.plot()
    assert ax is not None
    gerfin = regional(fk_frame(), start=2000, end=2001, method="gerfin")
    assert gerfin.plot() is not None
