"""Tests of pedw.decompose.jobs_growth (JoGGs-style Shapley decomposition of Y/N).

References: Shapley (1953); Shorrocks (2013), doi:10.1007/s10888-011-9214-z -- the Shapley value
of a factor is its marginal contribution averaged over all m! orderings, which the tests compute
independently by brute force over ``itertools.permutations``; METHODS.md Part A §1.8.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.decompose import JobsGrowthResult, jobs_growth
from pedw.decompose.jobs import shapley_product
from pedw.errors import InsufficientDataError, InvalidValueError, PedwError
from pedw.testing import assert_terms_add_up
from pedw.testing.strategies import positive_floats

FACTORS = ["output_per_worker", "employment_rate", "participation_rate", "demographic"]


def frame(rows):
    """rows: (ref_area, time, Y, E, LF, A, N)."""
    return pd.DataFrame(
        rows,
        columns=[
            "ref_area",
            "time",
            "value_added",
            "employment",
            "labour_force",
            "working_age",
            "population",
        ],
    )


def brute_force_shapley(x0, x1):
    """Average marginal contribution over all orderings (independent of pedw's subset sums)."""
    m = len(x0)
    out = np.zeros(m)
    for order in itertools.permutations(range(m)):
        cur = list(x0)
        for k in order:
            before = math.prod(cur)
            cur[k] = x1[k]
            out[k] += math.prod(cur) - before
    return out / math.factorial(m)


def test_hand_example_two_factors_change():
    # omega: 1000 -> 1500; demographic A/N: 0.5 -> 0.6; e = E/LF = 0.9, a = LF/A = 0.8 fixed.
    # Y/N = omega * 0.72 * d: 360 -> 648, change 288.
    # Two-factor Shapley by hand: C_omega = 0.72 * 500 * (0.5 + 0.6) / 2 = 198,
    #                             C_d     = 0.72 * 0.1 * (1000 + 1500) / 2 = 90.
    df = frame(
        [
            ("X", 2000, 1000.0 * 90, 90.0, 100.0, 125.0, 250.0),
            ("X", 2010, 1500.0 * 90, 90.0, 100.0, 125.0, 125.0 / 0.6),
        ]
    )
    r = jobs_growth(df, start=2000, end=2010, price_basis="constant LCU")
    assert isinstance(r, JobsGrowthResult)
    row = r.components.iloc[0]
    assert row["y0"] == pytest.approx(360.0)
    assert row["y1"] == pytest.approx(648.0)
    assert row["total"] == pytest.approx(288.0)
    assert row["output_per_worker"] == pytest.approx(198.0)
    assert row["demographic"] == pytest.approx(90.0)
    assert row["employment_rate"] == pytest.approx(0.0, abs=1e-9)
    assert row["participation_rate"] == pytest.approx(0.0, abs=1e-9)
    pct = r.percent.iloc[0]
    assert pct["output_per_worker"] == pytest.approx(100 * 198 / 288)
    assert pct[FACTORS].sum() == pytest.approx(100.0)
    assert r.meta["price_basis"] == "constant LCU"


def test_four_factors_against_brute_force_permutations():
    df = frame(
        [
            ("A", 2000, 500.0, 40.0, 50.0, 70.0, 100.0),
            ("A", 2006, 800.0, 48.0, 55.0, 80.0, 110.0),
            ("B", 2000, 300.0, 30.0, 45.0, 60.0, 90.0),
            ("B", 2006, 280.0, 28.0, 47.0, 66.0, 95.0),
        ]
    )
    r = jobs_growth(df, start=2000, end=2006, price_basis="x")
    for area, (a, b) in {"A": (0, 1), "B": (2, 3)}.items():
        v = df[["value_added", "employment", "labour_force", "working_age", "population"]]
        f = [
            np.array([r_[0] / r_[1], r_[1] / r_[2], r_[2] / r_[3], r_[3] / r_[4]])
            for r_ in v.to_numpy()[[a, b]]
        ]
        exp = brute_force_shapley(f[0], f[1])
        got = r.components.set_index("ref_area").loc[area, FACTORS].to_numpy(dtype=float)
        np.testing.assert_allclose(got, exp, rtol=1e-12, atol=1e-12)


@settings(max_examples=40)
@given(
    x=st.lists(
        st.lists(positive_floats(0.05, 50.0), min_size=8, max_size=8), min_size=1, max_size=5
    )
)
def test_shapley_additive_and_matches_brute_force(x):
    arr = np.asarray(x)
    x0, x1 = arr[:, :4], arr[:, 4:]
    c = shapley_product(x0, x1)
    np.testing.assert_allclose(
        c.sum(axis=1), x1.prod(axis=1) - x0.prod(axis=1), rtol=1e-10, atol=1e-9
    )
    for i in range(len(arr)):
        np.testing.assert_allclose(c[i], brute_force_shapley(x0[i], x1[i]), rtol=1e-9, atol=1e-9)
    # symmetry in time: reversing the change negates every contribution
    np.testing.assert_allclose(shapley_product(x1, x0), -c, rtol=1e-10, atol=1e-9)


@settings(max_examples=30)
@given(
    vals=st.lists(positive_floats(1.0, 1e3), min_size=10, max_size=10),
    groups=st.integers(1, 4),
    seed=st.integers(0, 2**31),
)
def test_jobs_growth_additive_and_group_order_invariant(vals, groups, seed):
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        for t in (2000, 2010):
            pop = rng.uniform(100, 1000)
            wa = pop * rng.uniform(0.4, 0.8)
            lf = wa * rng.uniform(0.4, 0.9)
            emp = lf * rng.uniform(0.7, 1.0)
            rows.append((f"G{g}", t, vals[(g + t) % 10] * emp, emp, lf, wa, pop))
    df = frame(rows)
    r = jobs_growth(df, start=2000, end=2010, price_basis="x")
    assert_terms_add_up(r.components, r.terms, "total", rtol=1e-10)
    np.testing.assert_allclose(
        r.components["total"], r.components["y1"] - r.components["y0"], rtol=1e-12
    )
    shuffled = df.sample(frac=1.0, random_state=rng)
    r2 = jobs_growth(shuffled, start=2000, end=2010, price_basis="x")
    pd.testing.assert_frame_equal(
        r.components.sort_values("ref_area").reset_index(drop=True),
        r2.components.sort_values("ref_area").reset_index(drop=True),
        rtol=1e-12,
    )


def _with_sectors():
    sec = pd.DataFrame(
        {
            "ref_area": "X",
            "time": [2000, 2000, 2010, 2010],
            "sector": ["agr", "man", "agr", "man"],
            "value_added": [60.0, 120.0, 60.0, 216.0],
            "employment": [6.0, 4.0, 4.0, 6.0],
        }
    )
    tot = sec.groupby(["ref_area", "time"], as_index=False)[["value_added", "employment"]].sum()
    tot["labour_force"] = [12.0, 11.0]
    tot["working_age"] = [20.0, 20.0]
    tot["population"] = [30.0, 28.0]
    return sec, tot


def test_sectoral_split_of_output_per_worker():
    sec, tot = _with_sectors()
    r = jobs_growth(tot, start=2000, end=2010, sectoral=sec, price_basis="x")
    row = r.components.iloc[0]
    assert r.terms == ("within", "reallocation", *FACTORS[1:])
    assert_terms_add_up(r.components, r.terms, "total", rtol=1e-12)
    assert row["within"] + row["reallocation"] == pytest.approx(row["output_per_worker"])
    # METHODS §1.9(a): omega 18 -> 27.6, midpoint within 5.5, reallocation 4.1 (sum 9.6), so
    # the output-per-worker contribution splits 5.5 : 4.1
    assert row["within"] / row["reallocation"] == pytest.approx(5.5 / 4.1)
    # K = Shapley weight of a unit change in omega, computed by brute force
    x0 = [18.0, 10 / 12, 12 / 20, 20 / 30]
    x1 = [27.6, 10 / 11, 11 / 20, 20 / 28]
    k = brute_force_shapley([0.0, *x0[1:]], [1.0, *x1[1:]])[0]
    assert row["within"] == pytest.approx(k * 5.5)
    assert row["reallocation"] == pytest.approx(k * 4.1)
    c = r.contributions.set_index("sector")
    assert c["within"].sum() == pytest.approx(row["within"])
    assert c.loc["agr", "reallocation"] == pytest.approx(k * 12.5 * -0.2)


def test_sector_data_must_add_up_to_totals():
    sec, tot = _with_sectors()
    bad = tot.assign(value_added=tot["value_added"] * 1.01)
    with pytest.raises(InvalidValueError, match="do not add up") as info:
        jobs_growth(bad, start=2000, end=2010, sectoral=sec, price_basis="x")
    assert info.value.context["group"] == "X"


def test_bad_input_is_named():
    _, tot = _with_sectors()
    zero = tot.assign(population=[30.0, 0.0])
    with pytest.raises(InvalidValueError, match="population") as info:
        jobs_growth(zero, start=2000, end=2010, price_basis="x")
    assert "ref_area='X'" in str(info.value) and "time=2010" in str(info.value)
    nan = tot.assign(labour_force=[12.0, np.nan])
    with pytest.raises(InvalidValueError, match="missing"):
        jobs_growth(nan, start=2000, end=2010, price_basis="x")
    with pytest.raises(PedwError, match="working_age="):
        jobs_growth(tot.drop(columns="working_age"), start=2000, end=2010)
    two = pd.concat([tot, tot.assign(ref_area="Y").iloc[[0]]], ignore_index=True)
    with pytest.raises(InsufficientDataError) as info2:
        jobs_growth(two, start=2000, end=2010, price_basis="x")
    assert info2.value.context["group"] == "Y" and info2.value.context["period"] == 2010


def test_negative_output_and_employment_above_labour_force_are_errors():
    _, tot = _with_sectors()
    neg = tot.assign(value_added=-tot["value_added"])
    with pytest.raises(InvalidValueError, match="'value_added' must be positive"):
        jobs_growth(neg, start=2000, end=2010, price_basis="x")
    over = tot.assign(employment=tot["labour_force"] * 1.5)
    with pytest.raises(InvalidValueError, match="exceeds the labour force") as info:
        jobs_growth(over, start=2000, end=2010, price_basis="x")
    assert "ref_area='X'" in str(info.value)


def test_several_periods():
    rows = [
        ("X", 2000, 100.0, 10.0, 20.0, 40.0, 50.0),
        ("X", 2005, 150.0, 11.0, 21.0, 41.0, 52.0),
        ("X", 2010, 210.0, 12.0, 22.0, 42.0, 54.0),
    ]
    r = jobs_growth(frame(rows), periods=[2000, 2005, 2010], price_basis="x")
    assert r.components[["start", "end"]].values.tolist() == [[2000, 2005], [2005, 2010]]
    assert_terms_add_up(r.components, r.terms, "total", rtol=1e-12)
