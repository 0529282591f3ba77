"""Tests of pedw.wages: gap index, labour share, decoupling, gender pay gap, unit labour cost.

Reference values come from published sources cited next to each test, or from independent
calculations on the raw files (pandas pivots written here, not pedw code).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import (
    DuplicateKeyError,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    PedwError,
    SchemaError,
    UnitMismatchError,
)
from pedw.schema import set_meta
from pedw.wages import (
    decoupling,
    gap_index,
    gender_pay_gap,
    labour_share,
    unit_labour_cost,
)
from tests.conftest import real_file

# ============================================================================ strategies
pos = st.floats(min_value=0.5, max_value=50.0, allow_nan=False, allow_infinity=False)


@st.composite
def wage_panels(draw: st.DrawFn, *, min_countries: int = 1, max_countries: int = 4) -> pd.DataFrame:
    n = draw(st.integers(min_countries, max_countries))
    years = list(range(1997, 1997 + draw(st.integers(3, 7))))
    rows = []
    for i in range(n):
        for t in years:
            rows.append(
                {
                    "ref_area": f"C{i}",
                    "time": t,
                    "real_wage": draw(pos),
                    "productivity": draw(pos),
                    "employees": draw(pos),
                }
            )
    return pd.DataFrame(rows)


@st.composite
def decoupling_panels(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 4))
    rows = []
    for i in range(n):
        for t in (2000, 2010):
            y = draw(pos) * 100  # nominal output
            labour = draw(pos)
            p_y = draw(pos)
            w_avg = draw(st.floats(0.2, 0.9)) * y / labour  # labour share 20-90 %
            w_med = w_avg * draw(st.floats(0.5, 1.0))
            w_wage = w_med * draw(st.floats(0.7, 1.0))
            rows.append(
                {
                    "ref_area": f"C{i}",
                    "time": t,
                    "gdp": y,
                    "labour": labour,
                    "gdp_deflator": p_y,
                    "productivity": y / (p_y * labour),
                    "cpi": draw(pos),
                    "mean_compensation": w_avg,
                    "median_compensation": w_med,
                    "median_wage": w_wage,
                }
            )
    return pd.DataFrame(rows)


# ============================================================================ gap_index
@given(wage_panels(), st.sampled_from([1997, 1998, 1999]))
@settings(max_examples=40)
def test_gap_index_is_100_at_base(df: pd.DataFrame, base: int) -> None:
    res = gap_index(df, base=base, weights="employees")
    at = res.components[res.components["time"] == base]
    np.testing.assert_allclose(at["wage_index"], 100.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(at["productivity_index"], 100.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(at["gap"], 0.0, atol=1e-12)
    np.testing.assert_allclose(at["log_gap"], 0.0, atol=1e-12)
    assert res.aggregate is not None
    agg = res.aggregate.set_index("time")
    assert agg.loc[base, "wage_index"] == 100.0
    assert agg.loc[base, "productivity_index"] == 100.0


@given(wage_panels(min_countries=2), st.floats(1e-3, 1e3), st.randoms(use_true_random=False))
@settings(max_examples=40)
def test_gap_index_weights_scale_and_country_order(df: pd.DataFrame, c: float, rnd) -> None:  # type: ignore[no-untyped-def]
    ref = gap_index(df, base=1998, weights="employees")
    scaled = df.assign(employees=df["employees"] * c)
    idx = list(df.index)
    rnd.shuffle(idx)
    shuffled = scaled.loc[idx].reset_index(drop=True)
    res = gap_index(shuffled, base=1998, weights="employees")
    cols = ["wage_index", "productivity_index", "gap", "log_gap"]
    assert ref.aggregate is not None and res.aggregate is not None
    pd.testing.assert_frame_equal(ref.aggregate[cols], res.aggregate[cols], rtol=1e-12)
    a = ref.components.sort_values(["ref_area", "time"]).reset_index(drop=True)
    b = res.components.sort_values(["ref_area", "time"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)


@given(wage_panels(max_countries=1), st.floats(0.01, 100.0))
@settings(max_examples=30)
def test_gap_index_invariant_to_units_and_single_country_aggregate(
    df: pd.DataFrame, c: float
) -> None:
    res = gap_index(df, base=1997, weights="employees")
    rescaled = gap_index(df.assign(real_wage=df["real_wage"] * c), base=1997, weights="employees")
    cols = ["wage_index", "productivity_index", "gap", "log_gap"]
    pd.testing.assert_frame_equal(res.components[cols], rescaled.components[cols], rtol=1e-10)
    # one country: the chained weighted index is the country's own index
    assert res.aggregate is not None
    np.testing.assert_allclose(
        res.aggregate[cols].to_numpy(), res.components[cols].to_numpy(), rtol=1e-10, atol=1e-10
    )


def test_gap_index_gwr_worked_example() -> None:
    # Worked example computed by hand (GWR 2012/13 Appendix I recipe): two countries, base 2000.
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A", "A", "B", "B", "B"],
            "time": [2000, 2001, 2002] * 2,
            "real_wage": [100.0, 110.0, 121.0, 50.0, 50.0, 45.0],
            "productivity": [10.0, 11.0, 11.0, 20.0, 22.0, 24.2],
            "employees": [3.0, 3.0, 1.0, 1.0, 1.0, 3.0],
        }
    )
    res = gap_index(df, base=2000, weights="employees")
    assert res.aggregate is not None
    agg = res.aggregate.set_index("time")
    # 2001: wage growth A 10 %, B 0 %, weights 3:1 -> 7.5 %; productivity 10 % both -> 10 %
    # 2002: wage A 10 %, B -10 %, weights 1:3 -> -5 %; productivity A 0 %, B 10 % -> 7.5 %
    assert agg.loc[2001, "wage_index"] == pytest.approx(107.5, rel=1e-12)
    assert agg.loc[2002, "wage_index"] == pytest.approx(107.5 * 0.95, rel=1e-12)
    assert agg.loc[2002, "productivity_index"] == pytest.approx(110.0 * 1.075, rel=1e-12)
    assert agg.loc[2002, "gap"] == pytest.approx(110.0 * 1.075 - 107.5 * 0.95, rel=1e-12)
    assert agg.loc[2002, "log_gap"] == pytest.approx(
        100 * math.log((110.0 * 1.075) / (107.5 * 0.95)), rel=1e-12
    )
    # per-country indices
    a = res.components.set_index(["ref_area", "time"])
    assert a.loc[("B", 2002), "wage_index"] == pytest.approx(90.0)
    assert a.loc[("B", 2002), "productivity_index"] == pytest.approx(121.0)
    assert res.units.startswith("index, base=2000=100")


def test_gap_index_base_before_first_growth_year() -> None:
    df = pd.DataFrame(
        {"time": [1998, 1999, 2000], "real_wage": [1.0, 2.0, 4.0], "productivity": [1.0, 1.0, 1.0]}
    )
    res = gap_index(df, base=1999, by=None, weights=None)
    assert res.components["wage_index"].tolist() == [50.0, 100.0, 200.0]
    res_w = gap_index(df.assign(w=1.0), base=1999, by=None, weights="w")
    assert res_w.aggregate is not None
    np.testing.assert_allclose(res_w.aggregate["wage_index"], [50.0, 100.0, 200.0])


def test_gap_index_missing_base_names_country() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B", "B"],
            "time": [1999, 2000, 2000, 2001],
            "real_wage": [1.0, 2.0, 3.0, 4.0],
            "productivity": [1.0, 1.0, 1.0, 1.0],
        }
    )
    with pytest.raises(InsufficientDataError, match="'B'") as err:
        gap_index(df, base=1999)
    assert err.value.context["period"] == 1999


@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_gap_index_refuses_nonpositive_wages(bad: float) -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A"],
            "time": [1999, 2000],
            "real_wage": [1.0, bad],
            "productivity": [1.0, 1.0],
        }
    )
    with pytest.raises(InvalidValueError, match="real_wage") as err:
        gap_index(df)
    assert "2000" in str(err.value)


def test_gap_index_unit_checks() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A"],
            "time": [1999, 2000],
            "real_wage": [1.0, 2.0],
            "productivity": [1.0, 1.0],
        }
    )
    with pytest.raises(UnitMismatchError, match="real_wage"):
        gap_index(df, units={"real_wage": "current LCU per month"})
    nominal = set_meta(df.copy(), units={"productivity": "GDP, current US$ per worker"})
    with pytest.raises(UnitMismatchError, match="productivity"):
        gap_index(nominal)
    mixed = set_meta(df.copy(), price_basis=["constant 2010 US$", "constant 2015 US$"])
    with pytest.raises(UnitMismatchError, match="price bases"):
        gap_index(mixed)
    ok = set_meta(
        df.copy(),
        price_basis="constant 2021 PPP $",
        units={"real_wage": "constant 2021 PPP $ per month"},
    )
    res = gap_index(ok)
    assert res.meta["price_basis"] == "constant 2021 PPP $"
    assert res.meta["input_units"] == {"real_wage": "constant 2021 PPP $ per month"}


def test_gap_index_missing_year_breaks_chain() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A", "A", "B", "B"],
            "time": [1999, 2000, 2001, 1999, 2001],
            "real_wage": [1.0, 1.1, 1.2, 2.0, 2.4],
            "productivity": [1.0, 1.0, 1.0, 1.0, 1.0],
            "w": 1.0,
        }
    )
    with pytest.warns(MissingDataWarning, match="B"):
        res = gap_index(df)  # per-country indices: the hole is visible, not filled
    assert len(res.components) == 5
    assert res.meta["groups_with_missing_years"] == ["B"]
    with pytest.raises(InvalidPanelError, match="B/2000"):
        gap_index(df, weights="w")
    with pytest.warns(MissingDataWarning):
        res = gap_index(df, weights="w", gaps="exclude")
    assert res.meta["excluded"] == ["B/2000", "B/2001"]
    assert res.aggregate is not None
    agg = res.aggregate.set_index("time")
    assert agg.loc[2001, "wage_index"] == pytest.approx(120.0)  # only A's growth is used
    with pytest.raises(OptionError):
        gap_index(df, weights="w", gaps="interpolate")  # type: ignore[arg-type]


def test_gap_index_result_api() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A"],
            "time": [1999, 2000],
            "real_wage": [1.0, 2.0],
            "productivity": [1.0, 3.0],
        }
    )
    res = gap_index(df)
    assert "Wage–productivity gap index" in repr(res)
    long = res.to_frame()
    assert set(long["term"]) == {"wage_index", "productivity_index", "gap", "log_gap"}
    assert "Global Wage Report" in res.citation


# ============================================================================ labour_share
def _ls_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ref_area": ["A", "B"],
            "time": [2019, 2019],
            "compensation": [500.0, 300.0],
            "gdp": [1000.0, 800.0],
            "mixed_income": [100.0, 200.0],
            "employees": [40.0, 30.0],
            "employment": [50.0, 60.0],
            "hours_employees": [60.0, 50.0],
            "hours": [80.0, 110.0],
            "own_account": [8.0, 20.0],
            "employers": [2.0, 10.0],
        }
    )


def test_labour_share_methods_by_hand() -> None:
    # Gollin (2002) adjustments and the ILO status-group adjustment, computed by hand.
    df = _ls_frame()

    def ls(**kw: object) -> list[float]:
        return labour_share(df, **kw).components["labour_share"].tolist()  # type: ignore[arg-type]

    assert ls(method="naive") == pytest.approx([50.0, 37.5])
    assert ls(method="gollin1") == pytest.approx([60.0, 62.5])
    assert ls(method="gollin2") == pytest.approx([500 / 900 * 100, 300 / 600 * 100])
    assert ls(method="employee_average") == pytest.approx([500 * 50 / 40 / 10, 300 * 2 / 8])
    assert ls(method="employee_average", per="hours") == pytest.approx(
        [500 * 80 / 60 / 10, 300 * 110 / 50 / 8]
    )
    got = ls(
        method="ilo",
        self_employed_groups=["own_account", "employers"],
        self_employed_ratios={"own_account": 0.5, "employers": 2.0},
    )
    assert got == pytest.approx(
        [
            500 * (1 + 0.5 * 8 / 40 + 2.0 * 2 / 40) / 10,
            300 * (1 + 0.5 * 20 / 30 + 2.0 * 10 / 30) / 8,
        ]
    )


def test_labour_share_records_denominator_and_units() -> None:
    df = _ls_frame().rename(columns={"gdp": "gva"})
    res = labour_share(df, output="gva", denominator="gva")
    assert res.denominator == "gva"
    assert res.meta["denominator"] == "gva"
    assert "GVA at basic prices" in res.units
    assert labour_share(_ls_frame()).units == "% of GDP at market prices"


@given(st.floats(1e-3, 1e3), st.sampled_from(["naive", "gollin1", "gollin2", "employee_average"]))
@settings(max_examples=30)
def test_labour_share_invariant_to_currency_scaling(c: float, method: str) -> None:
    df = _ls_frame()
    scaled = df.assign(
        compensation=df["compensation"] * c, gdp=df["gdp"] * c, mixed_income=df["mixed_income"] * c
    )
    a = labour_share(df, method=method).components["labour_share"].to_numpy()  # type: ignore[arg-type]
    b = labour_share(scaled, method=method).components["labour_share"].to_numpy()  # type: ignore[arg-type]
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_labour_share_bad_input() -> None:
    df = _ls_frame()
    with pytest.raises(UnitMismatchError, match="scale"):
        labour_share(
            df, units={"compensation": "millions of current LCU", "gdp": "billions of current LCU"}
        )
    with pytest.raises(UnitMismatchError, match="currency"):
        labour_share(df, units={"compensation": "current LCU", "gdp": "current US$"})
    with pytest.raises(InvalidValueError, match="employees"):
        labour_share(df.assign(employees=[40.0, 70.0]), method="employee_average")
    with pytest.raises(InvalidValueError, match="compensation"):
        labour_share(df.assign(compensation=[0.0, 1.0]))
    with pytest.raises(InvalidValueError, match="mixed"):
        labour_share(df.assign(mixed_income=[1000.0, 1.0]), method="gollin2")
    with pytest.raises(OptionError):
        labour_share(df, method="ilo")
    with pytest.raises(OptionError):
        labour_share(df, method="gollin3")  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="mixed_income"):
        labour_share(df.drop(columns="mixed_income"), method="gollin1")


# ============================================================================ decoupling
def _ls(df: pd.DataFrame) -> pd.Series:
    return df["mean_compensation"] * df["labour"] / df["gdp"]


@given(decoupling_panels(), st.sampled_from(["cpi", "gdp"]))
@settings(max_examples=60)
def test_decoupling_identity_and_net(df: pd.DataFrame, deflator: str) -> None:
    res = decoupling(df, start=2000, end=2010, deflator=deflator)  # type: ignore[arg-type]
    c = res.components
    total = c[list(res.terms)].sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, c["gross_decoupling"].to_numpy(), rtol=0, atol=1e-12)
    # gross = productivity growth - real median wage growth
    np.testing.assert_allclose(
        c["gross_decoupling"], c["productivity_growth"] - c["real_median_wage_growth"], atol=1e-12
    )
    # net decoupling = minus the change in the log labour share, LS computed from Y, L, W_avg
    s = df[df["time"] == 2000].set_index("ref_area")
    e = df[df["time"] == 2010].set_index("ref_area")
    dls = 100 * (np.log(_ls(e)) - np.log(_ls(s)))
    np.testing.assert_allclose(
        c.set_index("ref_area")["net_decoupling"].to_numpy(),
        -dls.loc[c["ref_area"]].to_numpy(),
        atol=1e-9,
    )
    # per year = total / years
    np.testing.assert_allclose(
        res.per_year["gross_decoupling"], c["gross_decoupling"] / 10, rtol=1e-14
    )
    assert ("terms_of_trade" in res.terms) == (deflator == "cpi")


@given(
    decoupling_panels(),
    st.floats(0.01, 100.0),
    st.floats(0.01, 100.0),
    st.randoms(use_true_random=False),
)
@settings(max_examples=40)
def test_decoupling_invariant_to_price_base_currency_and_order(
    df: pd.DataFrame, a: float, b: float, rnd
) -> None:  # type: ignore[no-untyped-def]
    ref = decoupling(df, start=2000, end=2010)
    money = ["mean_compensation", "median_compensation", "median_wage"]
    other = df.assign(cpi=df["cpi"] * a, **{m: df[m] * b for m in money})
    idx = list(other.index)
    rnd.shuffle(idx)
    res = decoupling(other.loc[idx], start=2000, end=2010)
    cols = [*ref.terms, "gross_decoupling", "net_decoupling"]
    x = ref.components.set_index("ref_area").sort_index()[cols]
    y = res.components.set_index("ref_area").sort_index()[cols]
    np.testing.assert_allclose(x.to_numpy(), y.to_numpy(), atol=1e-9)


def _one(**levels: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame({"time": [2000, 2010], **{k: list(v) for k, v in levels.items()}})


def test_decoupling_worked_example_and_omitted_terms() -> None:
    df = _one(
        productivity=(100.0, 120.0),
        gdp_deflator=(1.0, 1.2),
        cpi=(1.0, 1.3),
        mean_compensation=(50.0, 70.0),
        median_compensation=(40.0, 52.0),
        median_wage=(35.0, 44.0),
    )
    L = math.log
    res = decoupling(df, start=2000, end=2010, by=None)
    c = res.components.iloc[0]
    assert res.terms == ("labour_share", "terms_of_trade", "inequality", "wage_wedge")
    assert c["labour_share"] == pytest.approx(-100 * L((70 / 1.2 / 120) / (50 / 1.0 / 100)))
    assert c["terms_of_trade"] == pytest.approx(-100 * L(1.2 / 1.3))
    assert c["inequality"] == pytest.approx(-100 * L((52 / 70) / (40 / 50)))
    assert c["wage_wedge"] == pytest.approx(-100 * L((44 / 52) / (35 / 40)))
    assert c["gross_decoupling"] == pytest.approx(100 * (L(1.2) - L(44 / 1.3 / 35)))
    assert res.meta["end_point"] == "median wage deflated by the CPI"
    assert res.shares.iloc[0][list(res.terms)].sum() == pytest.approx(100.0)
    # GDP deflator convention: no terms-of-trade term, gross measured against w_med / P_Y
    g = decoupling(df, start=2000, end=2010, by=None, deflator="gdp")
    assert "terms_of_trade" not in g.terms
    assert g.components["gross_decoupling"].iloc[0] == pytest.approx(
        100 * (L(1.2) - L(44 / 1.2 / 35))
    )
    assert g.meta["omitted_terms"] == ["terms_of_trade"]
    # no median wage: end point is median compensation (OECD definition), no wedge
    m = decoupling(df.drop(columns="median_wage"), start=2000, end=2010, by=None, deflator="gdp")
    assert m.terms == ("labour_share", "inequality")
    assert m.meta["end_point"] == "median compensation deflated by the GDP deflator"
    # no median compensation: inequality and wedge merge
    w = decoupling(df.drop(columns="median_compensation"), start=2000, end=2010, by=None)
    assert w.terms == ("labour_share", "terms_of_trade", "inequality_and_wedge")
    assert w.components["inequality_and_wedge"].iloc[0] == pytest.approx(
        c["inequality"] + c["wage_wedge"]
    )
    assert w.components["gross_decoupling"].iloc[0] == pytest.approx(c["gross_decoupling"])


def test_decoupling_pessoa_van_reenen_us_1972_2010() -> None:
    # Pessoa & Van Reenen (2013), CentrePiece 18(2) "Wage growth and productivity growth: the myth
    # and reality of 'decoupling'" (summary of CEP DP 1246): between 1972 and 2010 US productivity
    # grew by 84% while median wages grew by 21%, "gross decoupling was ... 63 percentage points";
    # UK: productivity +114%, median real wages +72%, gross decoupling 42 percentage points.
    for prod, wage, gross_pp in ((1.84, 1.21, 63.0), (2.14, 1.72, 42.0)):
        df = _one(
            productivity=(100.0, 100.0 * prod),
            gdp_deflator=(1.0, 1.0),
            cpi=(1.0, 1.0),
            mean_compensation=(1.0, prod),
            median_wage=(10.0, 10.0 * wage),
        )
        res = decoupling(df.assign(time=[1972, 2010]), start=1972, end=2010, by=None)
        c = res.components.iloc[0]
        assert 100 * (math.exp(c["productivity_growth"] / 100) - 1) == pytest.approx(
            prod * 100 - 100
        )
        assert 100 * (math.exp(c["real_median_wage_growth"] / 100) - 1) == pytest.approx(
            wage * 100 - 100
        )
        # the paper's gap is a difference of cumulative % changes; pedw's is in log points
        pp = 100 * (
            math.exp(c["productivity_growth"] / 100) - math.exp(c["real_median_wage_growth"] / 100)
        )
        assert pp == pytest.approx(gross_pp, abs=1e-9)
        assert c["gross_decoupling"] == pytest.approx(100 * math.log(prod / wage))


def test_decoupling_csls_canada() -> None:
    # Harrison (2009), CSLS Research Note 2009-2, restating Sharpe, Arsenault & Harrison (2008):
    # median earnings of full-time full-year workers rose from $41,348 (2005 dollars) in 1980 to
    # $41,401 in 2005 while total-economy labour productivity rose 37.4 per cent.
    df = pd.DataFrame(
        {
            "time": [1980, 2005],
            "productivity": [100.0, 137.4],
            "gdp_deflator": [1.0, 1.0],
            "cpi": [1.0, 1.0],  # earnings already in constant 2005 dollars
            "mean_compensation": [1.0, 1.374],
            "median_wage": [41348.0, 41401.0],
        }
    )
    res = decoupling(df, start=1980, end=2005, by=None)
    c = res.components.iloc[0]
    assert c["real_median_wage_growth"] == pytest.approx(100 * math.log(41401 / 41348))
    assert 0 < c["real_median_wage_growth"] < 0.2  # "stagnated"
    assert c["gross_decoupling"] == pytest.approx(100 * (math.log(1.374) - math.log(41401 / 41348)))
    assert res.per_year["gross_decoupling"].iloc[0] == pytest.approx(c["gross_decoupling"] / 25)
    # Uguccioni, Sharpe & Murray (2016), CSLS Research Report 2016-15: 1976-2014, productivity
    # 1.12 % per year, median real hourly earnings 0.09 % per year, a 1.03 percentage-point gap (difference of compound
    # rates). In log points per year the same inputs give 100*ln(1.0112/1.0009).
    n = 2014 - 1976
    df2 = pd.DataFrame(
        {
            "time": [1976, 2014],
            "productivity": [1.0, 1.0112**n],
            "gdp_deflator": [1.0, 1.0],
            "cpi": [1.0, 1.0],
            "mean_compensation": [1.0, 1.0112**n],
            "median_wage": [1.0, 1.0009**n],
        }
    )
    r2 = decoupling(df2, start=1976, end=2014, by=None).per_year.iloc[0]
    assert r2["gross_decoupling"] == pytest.approx(100 * math.log(1.0112 / 1.0009), rel=1e-12)
    assert r2["gross_decoupling"] == pytest.approx(1.03, abs=0.01)
    # productivity "increased by 52.5 percent" (1.12 % is rounded; 1.0112**38 - 1 = 52.7 %)
    assert 100 * (math.exp(r2["productivity_growth"] * n / 100) - 1) == pytest.approx(52.5, abs=0.5)


def test_decoupling_bad_input() -> None:
    base = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B"],
            "time": [2000, 2010, 2000],
            "productivity": [1.0, 2.0, 1.0],
            "gdp_deflator": [1.0, 1.0, 1.0],
            "cpi": [1.0, 1.0, 1.0],
            "mean_compensation": [1.0, 2.0, 1.0],
            "median_wage": [1.0, 1.5, 1.0],
        }
    )
    with pytest.raises(InsufficientDataError, match="'B'") as err:
        decoupling(base, start=2000, end=2010)
    assert err.value.context["group"] == "B"
    ok = base.iloc[:2]
    with pytest.raises(InvalidValueError, match="median_wage"):
        decoupling(ok.assign(median_wage=[1.0, 0.0]), start=2000, end=2010)
    with pytest.raises(SchemaError, match="cpi"):
        decoupling(ok.drop(columns="cpi"), start=2000, end=2010)
    assert (
        "terms_of_trade"
        not in decoupling(ok.drop(columns="cpi"), start=2000, end=2010, deflator="gdp").terms
    )
    with pytest.raises(SchemaError, match="median"):
        decoupling(ok.drop(columns="median_wage"), start=2000, end=2010)
    with pytest.raises(UnitMismatchError, match="mean_compensation"):
        decoupling(ok, start=2000, end=2010, units={"mean_compensation": "constant 2015 LCU"})
    with pytest.raises(UnitMismatchError, match="labour unit|per"):
        decoupling(
            ok,
            start=2000,
            end=2010,
            units={
                "productivity": "constant LCU per hour",
                "mean_compensation": "LCU per employee",
            },
        )
    with pytest.raises(OptionError):
        decoupling(ok, start=2010, end=2000)


# ============================================================================ gender pay gap
def _ons_headline(ons: pd.DataFrame) -> pd.DataFrame:
    disagg = ["Age", "Region", "Disability status", "Sex by disability", "Occupation"]
    h = ons[
        ons[disagg].isna().all(axis=1) & ons["Series"].str.startswith("1.") & ons["Country"].isna()
    ]
    return h


def test_gender_pay_gap_ons_851_mean_hourly() -> None:
    # ONS UK SDG platform, indicator 8.5.1 (ons_indicator_8-5-1.csv): mean hourly earnings of
    # female and male employees (ASHE). The file holds no published gap series, so the gap is
    # computed independently here from the Male and Female rows and compared with pedw.
    ons = pd.read_csv(real_file("ons_indicator_8-5-1.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        res = gender_pay_gap(ons, statistic="mean", earnings_period="hourly")
    assert res.meta["statistic"] == "mean" and res.meta["earnings_period"] == "hourly"
    h = _ons_headline(ons)
    piv = h.pivot_table(
        index=["Year", "Working Pattern"], columns="Sex", values="Value", dropna=False
    )
    expected = ((piv["Male"] - piv["Female"]) / piv["Male"] * 100).rename("expected")
    got = _ons_headline(res.components).set_index(["Year", "Working Pattern"])["gap"]
    joined = pd.concat([got, expected], axis=1, join="inner")
    assert len(joined) == 75  # 1997-2021 x {all, full-time, part-time}
    np.testing.assert_allclose(joined["gap"], joined["expected"], rtol=1e-12)
    # Published: EHRC Briefing Paper 2 "Gender pay gaps" (Perfect 2011), from ONS ASHE 2010: "the
    # mean full-time [gap] in 2010 was 15.5 per cent for hourly earnings excluding overtime".
    # The SDG file carries later ASHE revisions, so agreement is to 0.3 percentage points.
    ft2010 = got.loc[(2010, "Full Time")]
    assert ft2010 == pytest.approx(15.5, abs=0.3)


def test_gender_pay_gap_ilostat_earnings_export() -> None:
    # Real ILOSTAT explorer export (labelled 2025 layout): average monthly earnings by sex and
    # area type, 2021 PPP $. Gap computed independently with a pandas pivot of the raw file.
    raw = pd.read_csv(real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = gender_pay_gap(raw)
    keys = ["ref_area.label", "source.label", "classif1.label", "time"]
    piv = raw[raw["sex.label"].isin(["Male", "Female"])].pivot_table(
        index=keys, columns="sex.label", values="obs_value"
    )
    piv = piv.dropna()
    expected = (piv["Male"] - piv["Female"]) / piv["Male"] * 100
    got = res.components.set_index(keys)["gap"]
    assert len(got) == len(expected) > 1000
    np.testing.assert_allclose(got.loc[expected.index].to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert res.meta["statistic"] == "mean"  # "Average monthly earnings"
    assert res.meta["earnings_period"] == "monthly"
    assert res.meta["rows_not_used"]["other sex categories"] == 3  # sex "Other" rows
    afg = got.loc[("Afghanistan", "LFS - Labour Force Survey", "Area type: National", 2020)]
    male = raw.query(
        "`ref_area.label`=='Afghanistan' and time==2020 and `sex.label`=='Male' and `classif1.label`=='Area type: National'"
    )["obs_value"].item()
    female = raw.query(
        "`ref_area.label`=='Afghanistan' and time==2020 and `sex.label`=='Female' and `classif1.label`=='Area type: National'"
    )["obs_value"].item()
    assert afg == pytest.approx((male - female) / male * 100)


def test_gender_pay_gap_on_pedw_loaders() -> None:
    # The same files read through pedw.io (read_ilostat, read_sdg) give the same gaps as the
    # independent pivots of the raw CSVs above.
    from pedw.io import read_ilostat, read_sdg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ilo = read_ilostat(real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
        res = gender_pay_gap(ilo)
        sdg = read_sdg(real_file("ons_indicator_8-5-1.csv"))
        res_sdg = gender_pay_gap(sdg, statistic="mean", earnings_period="hourly")
    raw = pd.read_csv(real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
    piv = (
        raw[raw["sex.label"].isin(["Male", "Female"])]
        .pivot_table(
            index=["ref_area.label", "source.label", "classif1.label", "time"],
            columns="sex.label",
            values="obs_value",
        )
        .dropna()
    )
    expected = ((piv["Male"] - piv["Female"]) / piv["Male"] * 100).sort_values()
    assert res.meta["statistic"] == "mean" and res.meta["earnings_period"] == "monthly"
    np.testing.assert_allclose(
        np.sort(res.components["gap"].to_numpy()), expected.to_numpy(), rtol=1e-12
    )
    ons = pd.read_csv(real_file("ons_indicator_8-5-1.csv"))
    h = _ons_headline(ons)
    p = h.pivot_table(index=["Year", "Working Pattern"], columns="Sex", values="Value")
    exp = (p["Male"] - p["Female"]) / p["Male"] * 100
    c = res_sdg.components
    disagg = ["age", "region", "disability_status", "sex_by_disability", "occupation", "country"]
    head = c[c[disagg].isna().all(axis=1) & c["series"].str.startswith("1.")]
    got = head.set_index(["time", "working_pattern"])["gap"]
    np.testing.assert_allclose(got.loc[exp.index].to_numpy(), exp.to_numpy(), rtol=1e-12)


@given(st.floats(1e-3, 1e3), st.randoms(use_true_random=False))
@settings(max_examples=30)
def test_gender_pay_gap_codes_labels_scaling_and_order(c: float, rnd) -> None:  # type: ignore[no-untyped-def]
    codes = pd.DataFrame(
        {
            "ref_area": ["X", "X", "X", "Y", "Y"],
            "time": [2020] * 5,
            "sex": ["SEX_M", "SEX_F", "SEX_T", "SEX_M", "SEX_F"],
            "obs_value": [20.0, 17.0, 18.5, 10.0, 9.0],
        }
    )
    ref = gender_pay_gap(codes).components.set_index("ref_area")["gap"]
    assert ref.to_dict() == pytest.approx({"X": 15.0, "Y": 10.0})
    labels = codes.assign(sex=["Sex: Male", "Sex: Female", "Sex: Total", "Male", "Female"])
    idx = list(labels.index)
    rnd.shuffle(idx)
    res = gender_pay_gap(labels.loc[idx].assign(obs_value=lambda d: d["obs_value"] * c))
    got = res.components.set_index("ref_area")["gap"]
    np.testing.assert_allclose(
        got.loc[["X", "Y"]].to_numpy(), ref.loc[["X", "Y"]].to_numpy(), rtol=1e-12
    )


def test_gender_pay_gap_bad_input() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["X", "X"],
            "time": [2020, 2020],
            "sex": ["SEX_M", "SEX_F"],
            "obs_value": [20.0, 0.0],
        }
    )
    with pytest.raises(InvalidValueError, match="obs_value"):
        gender_pay_gap(df)
    with pytest.raises(DuplicateKeyError):
        gender_pay_gap(pd.concat([df.assign(obs_value=[2.0, 1.0])] * 2))
    with pytest.raises(SchemaError, match="male"):
        gender_pay_gap(df.assign(sex=["A", "B"]))
    mixed = df.assign(
        obs_value=[20.0, 17.0],
        note_indicator=["Central tendency measure: Mean", "Central tendency measure: Median"],
    )
    with pytest.raises(UnitMismatchError, match="statistic"):
        gender_pay_gap(mixed)
    with pytest.warns(MissingDataWarning, match="counterpart"):
        gender_pay_gap(pd.concat([df.assign(obs_value=[2.0, 1.0]), df.iloc[[0]].assign(time=2021)]))


# ============================================================================ unit labour cost
def test_unit_labour_cost_by_hand_and_link_to_labour_share() -> None:
    df = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B", "B"],
            "time": [2015, 2016, 2015, 2016],
            "compensation": [100.0, 121.0, 50.0, 50.0],
            "employees": [10.0, 11.0, 5.0, 5.0],
            "employment": [12.0, 13.0, 8.0, 8.0],
            "gdp_deflator": [1.0, 1.1, 1.0, 0.9],
            "gdp": [240.0, 286.0, 160.0, 158.4],
        }
    )
    df["productivity"] = df["gdp"] / df["gdp_deflator"] / df["employment"]
    res = unit_labour_cost(df, base=2015, deflator="gdp_deflator")
    c = res.components.set_index(["ref_area", "time"])
    # A: ULC 2015 = (100/10)/(240/12) = 0.5 ; 2016 = (121/11)/(260/13) = 0.55 -> index 110
    assert c.loc[("A", 2016), "ulc_index"] == pytest.approx(110.0)
    assert c.loc[("A", 2016), "real_ulc_index"] == pytest.approx(100.0)
    # real ULC = labour share with the self-employed at the employee average (Gollin 3)
    ls = labour_share(df, method="employee_average").components.set_index(["ref_area", "time"])
    np.testing.assert_allclose(c["real_ulc"] * 100, ls["labour_share"].loc[c.index], rtol=1e-12)
    with pytest.raises(InsufficientDataError, match="B"):
        unit_labour_cost(df[~((df.ref_area == "B") & (df.time == 2015))], base=2015)
    with pytest.raises(UnitMismatchError):
        unit_labour_cost(df, base=2015, units={"productivity": "current LCU per worker"})


@settings(max_examples=25, deadline=None)
@given(
    vals=st.lists(st.floats(0.5, 50.0), min_size=12, max_size=12),
    c=st.floats(1e-3, 1e3),
    d=st.floats(1e-3, 1e3),
    e=st.floats(1e-3, 1e3),
    seed=st.integers(0, 1000),
)
def test_unit_labour_cost_index_properties(
    vals: list[float], c: float, d: float, e: float, seed: int
) -> None:
    # ULC_t = (W_t / N_t) / LP_t; its index is 100 at the base and does not depend on the
    # currency of compensation, the unit of productivity, the scale of employees or row order.
    df = pd.DataFrame(
        {
            "ref_area": ["A"] * 3 + ["B"] * 3,
            "time": [2015, 2016, 2017] * 2,
            "compensation": vals[:6],
            "employees": vals[6:12],
            "productivity": [v + 1.0 for v in vals[:6][::-1]],
        }
    )
    base = unit_labour_cost(df, base=2016).components.set_index(["ref_area", "time"])
    np.testing.assert_allclose(base.xs(2016, level="time")["ulc_index"], 100.0, rtol=1e-12)
    expect = (df["compensation"] / df["employees"] / df["productivity"]).to_numpy()
    np.testing.assert_allclose(base["ulc"].to_numpy(), expect, rtol=1e-12)
    scaled = df.assign(
        compensation=df["compensation"] * c,
        productivity=df["productivity"] * d,
        employees=df["employees"] * e,
    ).sample(frac=1.0, random_state=seed)
    other = unit_labour_cost(scaled, base=2016).components.set_index(["ref_area", "time"])
    np.testing.assert_allclose(other.loc[base.index, "ulc_index"], base["ulc_index"], rtol=1e-9)


def test_all_errors_are_pedw_errors() -> None:
    assert issubclass(UnitMismatchError, PedwError)
    with pytest.raises(PedwError):
        gap_index([1, 2, 3])  # type: ignore[arg-type]
