"""Tests of pedw.decompose.firm (Olley-Pakes, Melitz-Polanec, FHK, Griliches-Regev, BHC).

Reference values come from two independent sources:

1. A hand-worked example (four firm-years), every number derived in the comments.
2. A line-by-line Python transcription of the R package dfvad's ``dynamics()`` (Zeng, CRAN;
   https://github.com/shipei-zeng/dfvad, file ``R/dynamics.R`` at commit
   3abfbb296d93d290381c99b82aba1ab5ffc8acda): ``bhc_dym``, ``gr_dym``, ``fhk_dym`` and
   ``mp_dym``. dfvad's regression fixture (``inst/extdata/test_dynamics.rds``) and its ``firms``
   data are binary R files that could not be read here, so instead of its stored numbers we
   re-run its algorithm -- a row-by-row loop over firms with R's own labelling trick
   (``duplicated`` from both ends) -- on the same panels pedw decomposes.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pedw
from pedw.errors import (
    DuplicateKeyError,
    InsufficientDataError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    PedwError,
    SchemaError,
)
from pedw.testing import assert_decomposition_equal, assert_terms_add_up
from pedw.testing.strategies import firm_panels

firm = pedw.decompose.firm
FirmResult = pedw.decompose.FirmResult
DYNAMIC = ["melitz_polanec", "fhk", "griliches_regev", "bhc"]
ALL = ["olley_pakes", *DYNAMIC]
TERMS = {
    "olley_pakes": ["mean", "covariance"],
    "melitz_polanec": ["within", "between", "entry", "exit"],
    "fhk": ["within", "between", "cross", "entry", "exit"],
    "griliches_regev": ["within", "between", "entry", "exit"],
    "bhc": ["within", "between", "entry", "exit"],
}
FEW = settings(max_examples=25, deadline=None)


def _quiet(*args: Any, **kwargs: Any) -> FirmResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return firm(*args, **kwargs)


# ------------------------------------------------------------------------ hand-worked example
@pytest.fixture
def tiny() -> pd.DataFrame:
    # 2000: a (phi 1.0, w 1), b (phi 2.0, w 1)  -> shares 1/2, 1/2; Phi0 = 1.5
    # 2001: a (phi 1.5, w 1), c (phi 3.0, w 3)  -> shares 1/4, 3/4; Phi1 = 0.375 + 2.25 = 2.625
    # a survives, c enters, b exits; Delta Phi = 1.125
    return pd.DataFrame(
        {
            "firm": ["a", "b", "a", "c"],
            "time": [2000, 2000, 2001, 2001],
            "productivity": [1.0, 2.0, 1.5, 3.0],
            "weight": [1.0, 1.0, 1.0, 3.0],
        }
    )


HAND = {
    # BHC: within s_a0*dphi = .5*.5; between ds*phi1 = -.25*1.5; entry .75*3; exit -.5*2
    "bhc": {"within": 0.25, "between": -0.375, "entry": 2.25, "exit": -1.0},
    # FHK (ref Phi0 = 1.5): within .25; between -.25*(1-1.5)=.125; cross -.25*.5=-.125;
    # entry .75*(3-1.5)=1.125; exit -.5*(2-1.5)=-.25
    "fhk": {"within": 0.25, "between": 0.125, "cross": -0.125, "entry": 1.125, "exit": -0.25},
    # GR (ref Phibar = (1.5+2.625)/2 = 2.0625): within (.5+.25)/2*.5 = .1875;
    # between -.25*(1.25-2.0625) = .203125; entry .75*(3-2.0625) = .703125;
    # exit -.5*(2-2.0625) = .03125
    "griliches_regev": {"within": 0.1875, "between": 0.203125, "entry": 0.703125, "exit": 0.03125},
    # MP: one survivor -> cov 0; within 1.5-1 = .5; entry s_N1(Phi_N1-Phi_S1) = .75*(3-1.5);
    # exit s_X0(Phi_S0-Phi_X0) = .5*(1-2)
    "melitz_polanec": {"within": 0.5, "between": 0.0, "entry": 1.125, "exit": -0.5},
}


@pytest.mark.parametrize("method", DYNAMIC)
def test_hand_worked_example(tiny: pd.DataFrame, method: str) -> None:
    res = firm(tiny, method=method, start=2000, end=2001)
    row = res.components.iloc[0]
    for term, value in HAND[method].items():
        assert row[term] == pytest.approx(value, abs=1e-12), term
    assert row["total"] == pytest.approx(1.125, abs=1e-12)
    c = res.counts.iloc[0]
    assert (c["n_survivors"], c["n_entrants"], c["n_exitors"]) == (1, 1, 1)
    assert c["share_survivors_start"] == pytest.approx(0.5)
    assert c["share_survivors_end"] == pytest.approx(0.25)
    assert c["share_entrants"] == pytest.approx(0.75)
    assert c["share_exitors"] == pytest.approx(0.5)
    assert (c["phi_start"], c["phi_end"]) == pytest.approx((1.5, 2.625))


def test_hand_worked_olley_pakes(tiny: pd.DataFrame) -> None:
    # 2001: mean (1.5+3)/2 = 2.25; cov (.25-.5)(1.5-2.25) + (.75-.5)(3-2.25) = .375
    res = firm(tiny, method="olley_pakes")
    comp = res.components.set_index("time")
    assert comp.loc[2000, ["mean", "covariance", "total"]].tolist() == pytest.approx(
        [1.5, 0.0, 1.5]
    )
    assert comp.loc[2001, ["mean", "covariance", "total"]].tolist() == pytest.approx(
        [2.25, 0.375, 2.625]
    )
    assert res.counts["n_firms"].tolist() == [2, 2]


# --------------------------------------------------------- dfvad dynamics() transcription
def _dfvad_dynamics(df: pd.DataFrame, typ: str, t0: Any, t1: Any) -> dict[str, float]:
    """Row-by-row transcription of dfvad R/dynamics.R for one pair (shares already given)."""
    seg = df[(df["time"] == t0) | (df["time"] == t1)]
    ids = seg["firm"].tolist()
    # label: 1 matched, 2 new (in t1 only), 3 disappearing (in t0 only)
    label = {}
    for f in set(ids):
        periods = set(seg.loc[seg["firm"] == f, "time"])
        label[f] = 1 if len(periods) == 2 else (2 if t1 in periods else 3)
    by_firm: dict[Any, dict[Any, tuple[float, float]]] = {}
    for f, t, p, s in seg[["firm", "time", "productivity", "share"]].itertuples(index=False):
        by_firm.setdefault(f, {})[t] = (p, s)
    phi0 = sum(s * p for f, d in by_firm.items() for t, (p, s) in d.items() if t == t0)
    phi1 = sum(s * p for f, d in by_firm.items() for t, (p, s) in d.items() if t == t1)
    out = dict.fromkeys(["within", "between", "cross", "entry", "exit"], 0.0)
    matched = [f for f in by_firm if label[f] == 1]
    if typ == "mp":
        n_s = len(matched)
        ss0 = sum(by_firm[f][t0][1] for f in matched)
        ss1 = sum(by_firm[f][t1][1] for f in matched)
        avg_match = sum(by_firm[f][t1][0] for f in matched) / n_s
        avg_lag = sum(by_firm[f][t0][0] for f in matched) / n_s
        out["within"] = avg_match - avg_lag
        out["between"] = sum(
            (by_firm[f][t1][1] / ss1 - 1 / n_s) * (by_firm[f][t1][0] - avg_match)
            - (by_firm[f][t0][1] / ss0 - 1 / n_s) * (by_firm[f][t0][0] - avg_lag)
            for f in matched
        )
        match_sum = sum(by_firm[f][t1][0] * by_firm[f][t1][1] for f in matched) / ss1
        lag_sum = sum(by_firm[f][t0][0] * by_firm[f][t0][1] for f in matched) / ss0
        new = [f for f in by_firm if label[f] == 2]
        gone = [f for f in by_firm if label[f] == 3]
        s_new = sum(by_firm[f][t1][1] for f in new)
        s_gone = sum(by_firm[f][t0][1] for f in gone)
        if s_new > 0:
            out["entry"] = (
                sum(by_firm[f][t1][1] / s_new * (by_firm[f][t1][0] - match_sum) for f in new)
                * s_new
            )
        if s_gone > 0:
            out["exit"] = (
                -sum(by_firm[f][t0][1] / s_gone * (by_firm[f][t0][0] - lag_sum) for f in gone)
                * s_gone
            )
        return out
    ref = {"bhc": 0.0, "fhk": phi0, "gr": 0.5 * (phi0 + phi1)}[typ]
    for f, d in by_firm.items():
        if label[f] == 1:
            (p0, s0), (p1, s1) = d[t0], d[t1]
            if typ == "bhc":
                out["within"] += (p1 - p0) * s0
                out["between"] += (s1 - s0) * p1
            elif typ == "fhk":
                out["within"] += (p1 - p0) * s0
                out["between"] += (s1 - s0) * (p0 - ref)
                out["cross"] += (p1 - p0) * (s1 - s0)
            else:
                out["within"] += (p1 - p0) * (s0 + s1) * 0.5
                out["between"] += (s1 - s0) * (p1 + p0 - 2 * ref) * 0.5
        elif label[f] == 2:
            p1, s1 = d[t1]
            out["entry"] += (p1 - ref) * s1
        else:
            p0, s0 = d[t0]
            out["exit"] -= (p0 - ref) * s0
    return out


_DFVAD = {"melitz_polanec": "mp", "fhk": "fhk", "griliches_regev": "gr", "bhc": "bhc"}


def _with_shares(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    out = df.copy()
    out["share"] = out["weight"] / out.groupby([*by, "time"])["weight"].transform("sum")
    return out


def _compare_with_dfvad(df: pd.DataFrame, method: str, by: list[str]) -> None:
    res = _quiet(df, method=method, consecutive=True, by=by or None)
    shared = _with_shares(df, by)
    groups = shared.groupby(by) if by else [((), shared)]
    for key, sub in groups:
        key = key if isinstance(key, tuple) else (key,)
        periods = sorted(sub["time"].unique())
        for t0, t1 in itertools.pairwise(periods):
            mask = (res.components["start"] == t0) & (res.components["end"] == t1)
            for col, val in zip(by, key, strict=True):
                mask &= res.components[col] == val
            row = res.components.loc[mask]
            assert len(row) == 1
            n_surv = res.counts.loc[mask, "n_survivors"].iloc[0]
            if method == "melitz_polanec" and n_surv == 0:
                assert row[TERMS[method]].isna().all(axis=None)
                continue
            expected = _dfvad_dynamics(sub, _DFVAD[method], t0, t1)
            for term in TERMS[method]:
                assert row[term].iloc[0] == pytest.approx(expected[term], rel=1e-9, abs=1e-11)


def _random_panel(seed: int, groups: int = 3, firms: int = 40, years: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product(
        [[f"I{g}" for g in range(groups)], range(firms), range(2001, 2001 + years)],
        names=["industry", "firm", "time"],
    ).to_frame(index=False)
    idx = idx[rng.random(len(idx)) < 0.7].reset_index(drop=True)
    idx["productivity"] = rng.normal(0.0, 0.6, len(idx))
    idx["weight"] = rng.lognormal(2.0, 1.0, len(idx))
    return idx


@pytest.mark.parametrize("method", DYNAMIC)
def test_matches_dfvad_transcription(method: str) -> None:
    _compare_with_dfvad(_random_panel(7), method, ["industry"])


@FEW
@given(panel=firm_panels(), method=st.sampled_from(DYNAMIC))
def test_matches_dfvad_transcription_property(panel: pd.DataFrame, method: str) -> None:
    _compare_with_dfvad(panel, method, ["group"])


# ------------------------------------------------------------------------------- properties
def _phi(df: pd.DataFrame, by: list[str]) -> pd.Series[Any]:
    s = _with_shares(df, by)
    return (s["share"] * s["productivity"]).groupby([s[c] for c in [*by, "time"]]).sum()


@FEW
@given(panel=firm_panels(), method=st.sampled_from(ALL))
def test_terms_add_up_and_total_is_change(panel: pd.DataFrame, method: str) -> None:
    res = _quiet(panel, method=method, consecutive=True, by="group")
    comp = res.components
    assert list(comp.columns) == [
        "group",
        *(["time"] if method == "olley_pakes" else ["start", "end"]),
        *TERMS[method],
        "total",
    ]
    defined = comp.dropna(subset=["total"])
    assert_terms_add_up(defined, TERMS[method], "total", rtol=1e-10)
    phi = _phi(panel, ["group"])
    for row in defined.itertuples(index=False):
        if method == "olley_pakes":
            assert row.total == pytest.approx(phi[(row.group, row.time)], rel=1e-10, abs=1e-12)
        else:
            want = phi[(row.group, row.end)] - phi[(row.group, row.start)]
            assert row.total == pytest.approx(want, rel=1e-9, abs=1e-11)


@FEW
@given(panel=firm_panels())
def test_olley_pakes_identity(panel: pd.DataFrame) -> None:
    res = firm(panel, method="olley_pakes", by="group")
    sh = _with_shares(panel, ["group"])
    for row in res.components.itertuples(index=False):
        sub = sh[(sh["group"] == row.group) & (sh["time"] == row.time)]
        n = len(sub)
        mean = sub["productivity"].mean()
        cov = ((sub["share"] - 1 / n) * (sub["productivity"] - mean)).sum()
        assert row.mean == pytest.approx(mean, rel=1e-10, abs=1e-12)
        assert row.covariance == pytest.approx(cov, rel=1e-9, abs=1e-11)
        assert row.mean + row.covariance == pytest.approx(
            (sub["share"] * sub["productivity"]).sum(), rel=1e-10, abs=1e-12
        )


@FEW
@given(panel=firm_panels(min_periods=2), method=st.sampled_from(DYNAMIC))
def test_swapping_start_and_end_negates_total(panel: pd.DataFrame, method: str) -> None:
    t0, t1 = panel["time"].min(), panel["time"].max()
    fwd = _quiet(panel, method=method, start=t0, end=t1, by="group").components
    bwd = _quiet(panel, method=method, start=t1, end=t0, by="group").components
    m = fwd.merge(bwd, on="group", suffixes=("_f", "_b"))
    ok = m["total_f"].notna()
    np.testing.assert_allclose(m.loc[ok, "total_f"], -m.loc[ok, "total_b"], rtol=1e-10, atol=1e-12)
    if method == "bhc":  # BHC entry/exit swap roles exactly
        np.testing.assert_allclose(m.loc[ok, "entry_f"], -m.loc[ok, "exit_b"], rtol=1e-10)


@FEW
@given(panel=firm_panels(), method=st.sampled_from(ALL), seed=st.integers(0, 2**16))
def test_relabelling_and_reordering_change_nothing(
    panel: pd.DataFrame, method: str, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    base = _quiet(panel, method=method, consecutive=True, by="group")
    firms = panel["firm"].unique()
    new_ids = dict(zip(firms, rng.permutation(len(firms)) * 7 + 100, strict=True))
    other = panel.assign(firm=panel["firm"].map(new_ids)).sample(frac=1.0, random_state=seed)
    res = _quiet(other, method=method, consecutive=True, by="group")
    assert_decomposition_equal(base, res, rtol=1e-10, atol=1e-12)


@FEW
@given(
    panel=firm_panels(),
    method=st.sampled_from(ALL),
    wscale=st.floats(1e-3, 1e3),
    pscale=st.floats(0.01, 100),
)
def test_units_scaling(panel: pd.DataFrame, method: str, wscale: float, pscale: float) -> None:
    base = _quiet(panel, method=method, consecutive=True, by="group")
    scaled = panel.assign(
        weight=panel["weight"] * wscale, productivity=panel["productivity"] * pscale
    )
    res = _quiet(scaled, method=method, consecutive=True, by="group")
    cols = [*TERMS[method], "total"]
    np.testing.assert_allclose(
        res.components[cols].to_numpy(),
        base.components[cols].to_numpy() * pscale,
        rtol=1e-9,
        atol=1e-10 * pscale,
    )


@FEW
@given(panel=firm_panels(presence=1.0))
def test_no_entry_no_exit(panel: pd.DataFrame) -> None:
    res = firm(panel, method="melitz_polanec", consecutive=True, by="group")
    assert (res.components["entry"] == 0).all()
    assert (res.components["exit"] == 0).all()
    assert (res.counts["n_entrants"] == 0).all() and (res.counts["n_exitors"] == 0).all()
    np.testing.assert_allclose(res.counts["share_survivors_start"], 1.0)
    # without entry and exit BHC, FHK and GR survivors' terms carry the whole change
    for method in ("bhc", "fhk", "griliches_regev"):
        other = firm(panel, method=method, consecutive=True, by="group").components
        assert (other["entry"] == 0).all() and (other["exit"] == 0).all()


@FEW
@given(panel=firm_panels(max_periods=4))
def test_explicit_pairs_equal_consecutive(panel: pd.DataFrame) -> None:
    years = sorted(panel["time"].unique())
    a = _quiet(panel, method="fhk", consecutive=True, by="group")
    b = _quiet(panel, method="fhk", start=years[:-1], end=years[1:], by="group")
    assert_decomposition_equal(a, b)


def test_overlapping_pairs_batches() -> None:
    df = _random_panel(3, groups=2, firms=30, years=4)
    many = firm(
        df,
        method="bhc",
        start=[2001, 2001, 2002, 2003],
        end=[2004, 2003, 2004, 2004],
        by="industry",
    )
    for s, e in [(2001, 2004), (2001, 2003), (2002, 2004), (2003, 2004)]:
        one = firm(df, method="bhc", start=s, end=e, by="industry").components
        sub = many.components[(many.components["start"] == s) & (many.components["end"] == e)]
        np.testing.assert_allclose(
            sub[TERMS["bhc"]].to_numpy(), one[TERMS["bhc"]].to_numpy(), rtol=1e-12
        )


def test_default_pair_is_first_and_last_period() -> None:
    df = _random_panel(4, groups=1)
    a = firm(df, method="griliches_regev", by="industry")
    b = firm(df, method="griliches_regev", start=2001, end=2005, by="industry")
    assert_decomposition_equal(a, b)


def test_multiple_by_columns_and_no_by() -> None:
    df = _random_panel(5, groups=2)
    df["country"] = np.where(df["firm"] % 2 == 0, "A", "B")
    res = firm(df, method="fhk", consecutive=True, by=["country", "industry"])
    assert list(res.components.columns[:4]) == ["country", "industry", "start", "end"]
    assert len(res.components) == 2 * 2 * 4
    single = firm(df[df["industry"] == "I0"], method="fhk", consecutive=True)
    assert list(single.components.columns[:2]) == ["start", "end"]


def test_normalize_weights_false_accepts_shares() -> None:
    df = _with_shares(_random_panel(6), ["industry"])
    a = firm(df, method="melitz_polanec", consecutive=True, by="industry")
    b = firm(
        df.assign(weight=df["share"]),
        method="melitz_polanec",
        consecutive=True,
        by="industry",
        normalize_weights=False,
    )
    assert_decomposition_equal(a, b, rtol=1e-12)
    assert b.meta["normalize_weights"] is False


def test_metadata_units_and_views(tiny: pd.DataFrame) -> None:
    tiny.attrs["pedw"] = {"source": "Enterprise survey", "vintage": "2024"}
    res = firm(tiny, method="melitz_polanec", log_productivity=True)
    assert res.meta["source"] == "Enterprise survey"
    assert res.meta["method"] == "melitz_polanec" and res.meta["engine"] == "pandas"
    assert "log points" in res.units
    assert "doi:10.1111/1756-2171.12088" in res.citation
    long = res.to_frame()
    assert set(long["term"]) == {"within", "between", "entry", "exit", "total"}
    assert "Enterprise survey" in repr(res)
    assert res.plot() is not None  # stacked bars via pedw.plot (matplotlib loaded lazily)


# ----------------------------------------------------------------- no survivors / undefined
def test_group_without_survivors_is_reported() -> None:
    df = pd.DataFrame(
        {
            "industry": ["A", "A", "A", "A", "B", "B", "B"],
            "firm": [1, 2, 1, 3, 4, 5, 6],
            "time": [1, 1, 2, 2, 1, 2, 2],
            "productivity": [1.0, 2.0, 1.5, 0.5, 1.0, 2.0, 3.0],
            "weight": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    with pytest.warns(MissingDataWarning, match="survivors") as rec:
        mp = firm(df, method="melitz_polanec", start=1, end=2, by="industry")
    assert rec[0].filename == __file__
    b = mp.components.set_index("industry").loc["B"]
    assert b[TERMS["melitz_polanec"]].isna().all() and np.isnan(b["total"])
    assert mp.undefined.to_dict(orient="records") == [
        {"industry": "B", "start": 1, "end": 2, "reason": "no survivors"}
    ]
    assert mp.meta["undefined"][0]["reason"] == "no survivors"
    a = mp.components.set_index("industry").loc["A"]
    assert np.isfinite(a[TERMS["melitz_polanec"]].astype(float)).all()
    # BHC is defined without survivors: entry = Phi1, exit = -Phi0
    with pytest.warns(MissingDataWarning):
        bhc = firm(df, method="bhc", start=1, end=2, by="industry")
    b = bhc.components.set_index("industry").loc["B"]
    assert b["within"] == 0 and b["between"] == 0
    assert b["entry"] == pytest.approx(2.5) and b["exit"] == pytest.approx(-1.0)
    assert bhc.counts.set_index("industry").loc["B", "n_survivors"] == 0


def test_group_missing_in_one_period_is_reported() -> None:
    df = _random_panel(8, groups=2, years=3)
    df = df[~((df["industry"] == "I1") & (df["time"] == 2003))]
    with pytest.warns(MissingDataWarning):
        res = firm(df, method="fhk", consecutive=True, by="industry")
    row = res.components[(res.components["industry"] == "I1") & (res.components["end"] == 2003)]
    assert row[[*TERMS["fhk"], "total"]].isna().all(axis=None)
    assert "no firms in end period" in set(res.undefined["reason"])


# ---------------------------------------------------------------------------------- bad input
def test_duplicate_firm_period(tiny: pd.DataFrame) -> None:
    bad = pd.concat([tiny, tiny.iloc[[2]]], ignore_index=True)
    with pytest.raises(DuplicateKeyError) as err:
        firm(bad, method="bhc", start=2000, end=2001)
    assert err.value.context["firm"] == "a" and err.value.context["period"] == 2001
    assert "firm='a'" in str(err.value)


def test_negative_weight_names_firm_group_period() -> None:
    df = _random_panel(1)
    df.loc[5, "weight"] = -1.0
    with pytest.raises(InvalidValueError) as err:
        firm(df, method="fhk", consecutive=True, by="industry")
    ctx = err.value.context
    assert (ctx["firm"], ctx["group"], ctx["period"]) == (
        df.loc[5, "firm"],
        df.loc[5, "industry"],
        df.loc[5, "time"],
    )


def test_all_zero_weights_in_group_period() -> None:
    df = _random_panel(2)
    mask = (df["industry"] == "I1") & (df["time"] == 2003)
    df.loc[mask, "weight"] = 0.0
    with pytest.raises(InvalidValueError, match="All weights are zero") as err:
        firm(df, method="melitz_polanec", consecutive=True, by="industry")
    assert err.value.context["group"] == "I1" and err.value.context["period"] == 2003


def test_missing_productivity_of_weighted_firm() -> None:
    df = _random_panel(3)
    df.loc[10, "productivity"] = np.nan
    with pytest.raises(InvalidValueError, match="missing or infinite") as err:
        firm(df, method="bhc", consecutive=True, by="industry")
    assert err.value.context["firm"] == df.loc[10, "firm"]
    assert err.value.context["period"] == df.loc[10, "time"]


def test_missing_productivity_with_zero_weight_is_dropped_and_recorded() -> None:
    df = _random_panel(3)
    df.loc[10, ["productivity", "weight"]] = [np.nan, 0.0]
    with pytest.warns(MissingDataWarning, match="left out") as rec:
        res = firm(df, method="bhc", consecutive=True, by="industry")
    assert rec[0].filename == __file__  # stacklevel points at the caller
    assert res.meta["rows_dropped"] == {"missing productivity, zero weight": 1}
    clean = _quiet(df.drop(index=10), method="bhc", consecutive=True, by="industry")
    assert_decomposition_equal(res, clean)


def test_weights_must_be_shares_without_normalisation() -> None:
    df = _random_panel(4)
    with pytest.raises(InvalidValueError, match="normalize_weights=False") as err:
        firm(df, method="fhk", consecutive=True, by="industry", normalize_weights=False)
    assert "group" in err.value.context and "period" in err.value.context


def test_missing_weight_and_columns_and_options(tiny: pd.DataFrame) -> None:
    with pytest.raises(InvalidValueError):
        firm(tiny.assign(weight=[1.0, np.nan, 1.0, 1.0]), method="bhc")
    with pytest.raises(SchemaError, match="weight='<your column>'"):
        firm(tiny.rename(columns={"weight": "employment"}), method="bhc")
    with pytest.raises(SchemaError, match="numeric"):
        firm(tiny.assign(productivity=["1", "2", "3", "4"]), method="bhc")
    with pytest.raises(OptionError, match="method"):
        firm(tiny, method="olley-pakes")  # type: ignore[arg-type]
    with pytest.raises(OptionError):
        firm(tiny, method="bhc", start=2000, consecutive=True)
    with pytest.raises(OptionError):
        firm(tiny, method="bhc", start=2000, end=2000)
    with pytest.raises(InsufficientDataError) as err:
        firm(tiny, method="bhc", start=1999, end=2001)
    assert err.value.context["period"] == 1999
    with pytest.raises(SchemaError):
        firm([1, 2, 3], method="bhc")
    with pytest.raises(InsufficientDataError, match="no rows"):
        firm(tiny.iloc[:0], method="fhk")
    assert issubclass(DuplicateKeyError, PedwError)


# ---------------------------------------------------------------------------------- laziness
def test_pandas_path_does_not_import_dask() -> None:
    code = (
        "import sys, pandas as pd, pedw\n"
        "df = pd.DataFrame({'firm': [1, 2, 1], 'time': [1, 1, 2],"
        " 'productivity': [1., 2., 3.], 'weight': [1., 1., 1.]})\n"
        "pedw.decompose.firm(df, method='fhk')\n"
        "bad = [m for m in ('dask', 'distributed', 'scipy', 'statsmodels', 'matplotlib')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -------------------------------------------------------------------------------------- Dask
@pytest.fixture(scope="module")
def dask_client() -> Any:
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import logging

    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_equals_pandas_on_local_cluster(dask_client: Any) -> None:
    import dask.dataframe as dd

    df = _random_panel(11, groups=3, firms=30, years=4)
    ddf = dd.from_pandas(df, npartitions=3)
    # three calls keep this fast: the static path, the fhk kernel over consecutive pairs, and
    # melitz_polanec over overlapping explicit pairs (bhc/gr share the same alignment)
    calls = [
        ("olley_pakes", {"consecutive": True}),
        ("fhk", {"consecutive": True}),
        ("melitz_polanec", {"start": [2001, 2002, 2001], "end": [2004, 2004, 2002]}),
    ]
    for method, periods in calls:
        a = firm(df, method=method, by="industry", **periods)
        b = firm(ddf, method=method, by="industry", **periods)
        assert b.meta["engine"] == "dask"
        assert_decomposition_equal(a, b, rtol=1e-10, atol=1e-12)
        pd.testing.assert_frame_equal(
            a.counts.astype({"industry": str}),
            b.counts.astype({"industry": str}),
            rtol=1e-10,
            check_dtype=False,
        )


def test_dask_bad_input(dask_client: Any) -> None:
    import dask.dataframe as dd

    df = _random_panel(12, groups=2, firms=10, years=3)
    dup = pd.concat([df, df.iloc[[3]]], ignore_index=True)
    with pytest.raises(DuplicateKeyError) as err:
        firm(dd.from_pandas(dup, npartitions=2), method="bhc", consecutive=True, by="industry")
    assert err.value.context["firm"] == df.loc[3, "firm"]
    neg = df.copy()
    neg.loc[4, "weight"] = -2.0
    with pytest.raises(InvalidValueError) as err2:
        firm(dd.from_pandas(neg, npartitions=2), method="bhc", consecutive=True, by="industry")
    assert err2.value.context["period"] == df.loc[4, "time"]
