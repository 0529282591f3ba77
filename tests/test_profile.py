"""The country profile (pedw.profile.build_profile) on the shipped real data and on small frames."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pedw import datasets
from pedw.profile import SECTION_TITLES, _subperiods, build_profile
from pedw.report import Report, Section


def _sections(report: Report) -> dict[str, Section]:
    return {s.key: s for s in report.sections}


@pytest.fixture(scope="module")
def ken() -> Report:
    return build_profile("KEN")


def test_ken_profile_runs_from_etd(ken: Report, tmp_path: Path) -> None:
    secs = _sections(ken)
    assert list(secs) == list(SECTION_TITLES)
    assert secs["sectoral"].status == "ok"
    assert "etd" in secs["sectoral"].text[0]
    assert secs["sdg_9_2_2"].status == "ok"
    written = ken.write(tmp_path, formats=("html", "csv"))
    assert tmp_path / "report.html" in written


def test_ken_missing_inputs_are_unavailable_with_reason(ken: Report) -> None:
    secs = _sections(ken)
    jobs = secs["jobs"]
    assert jobs.status == "unavailable"
    # says exactly which input is missing and which codes provide it
    for code in ("SP.POP.TOTL", "SP.POP.1564.TO", "SL.TLF.TOTL.IN", "EMP_2EMP_SEX_AGE_NB"):
        assert code in jobs.text[0]
    assert not jobs.tables and not jobs.figures  # nothing faked
    wages = secs["wages"]
    assert wages.status == "unavailable"
    assert "overlap" in wages.text[0]
    assert secs["sdg_8_5_2"].status == "unavailable"


def test_ken_sectoral_matches_hand_computation(ken: Report) -> None:
    """Classic three-term decomposition recomputed by hand from the ETD rows.

    Timmer & Szirmai (2000), doi:10.1016/S0954-349X(00)00023-0: with s the employment share
    and y the productivity of each sector, dP = sum s0 dy + sum y0 ds + sum ds dy; the profile
    reports the terms annualised: term / dP * ((P1/P0)^(1/k) - 1), in %.
    """
    df = datasets.load("etd", ref_area="KEN")
    a, b = df[df["time"] == 1990].set_index("sector"), df[df["time"] == 2018].set_index("sector")
    s0, s1 = a["employment"] / a["employment"].sum(), b["employment"] / b["employment"].sum()
    y0, y1 = a["value_added"] / a["employment"], b["value_added"] / b["employment"]
    p0, p1 = (s0 * y0).sum(), (s1 * y1).sum()
    ga = (p1 / p0) ** (1 / 28) - 1
    by_hand = {
        "within": (s0 * (y1 - y0)).sum(),
        "static": (y0 * (s1 - s0)).sum(),
        "dynamic": ((s1 - s0) * (y1 - y0)).sum(),
    }
    table = _sections(ken)["sectoral"].tables["Whole period, annualised [% per year]"]
    row = table[table["method"] == "classic"].iloc[0]
    for term, level in by_hand.items():
        assert row[term] == pytest.approx(100 * level / (p1 - p0) * ga, rel=1e-9)
    mr = table[table["method"] == "McMillan-Rodrik"].iloc[0]
    assert mr["structural"] == pytest.approx(row["static"] + row["dynamic"], rel=1e-9)


def test_gbr_sections_and_published_values() -> None:
    rep = build_profile("GBR")
    secs = _sections(rep)
    assert {k for k, s in secs.items() if s.status == "ok"} >= {
        "provenance",
        "sectoral",
        "wages",
        "sdg_8_2_1",
        "sdg_8_5_1",
        "sdg_8_5_2",
        "sdg_9_2_1",
        "sdg_9_2_2",
    }
    # 8.2.1: the ONS published values are shown unchanged beside pedw's
    t = secs["sdg_8_2_1"].tables["SDG 8.2.1 [% per year]"]
    ons = pd.read_csv(datasets.path("sdg_gbr_8.2.1"))
    got = t.dropna(subset=["published"]).set_index("time")["published"]
    want = ons.set_index("Year")["Value"].loc[got.index]
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy())
    # 8.5.1: gender pay gap = (men - women) / men * 100, by hand from the ONS table
    pay = secs["sdg_8_5_1"].tables["Mean hourly earnings [GBP (£) per hour] and gender pay gap"]
    r = pay[pay["time"] == 2021].iloc[0]
    assert r["gender pay gap [%] (pedw)"] == pytest.approx(100 * (19.26 - 16.39) / 19.26)
    # wages: the gap is productivity index minus wage index, both 100 in the base year
    w = secs["wages"].tables["Wage and productivity indices [base year = 100]"]
    assert w["wage_index"].iloc[0] == pytest.approx(100.0)
    np.testing.assert_allclose(w["gap"], w["productivity_index"] - w["wage_index"])
    # provenance names every frame used, with the sections using it
    prov = secs["provenance"].tables["Frames read"].set_index("dataset")
    assert "sectoral" in str(prov.loc["ggdc10", "used in"])
    assert "wages" in str(prov.loc["ilostat_earnings", "used in"])


def test_real_estate_is_merged_and_said() -> None:
    rep = build_profile("IND", data={"etd": datasets.load("etd", ref_area="IND")})
    sec = _sections(rep)["sectoral"]
    assert sec.status == "ok"
    assert any("merged into J+M+N" in n for n in sec.notes)
    contrib = sec.tables["Contributions by sector, whole period [% per year]"]
    assert "L" not in set(contrib["sector"])


def _panel(years: tuple[int, ...] = (2000, 2005, 2010)) -> pd.DataFrame:
    rows = []
    for t in years:
        k = t - years[0]
        rows += [
            ("AAA", t, "AGR", 100.0 + k, 50.0 - k),
            ("AAA", t, "MAN", 200.0 + 3 * k, 20.0 + k),
            ("AAA", t, "SER", 300.0 + 5 * k, 30.0 + k),
        ]
    df = pd.DataFrame(rows, columns=["ref_area", "time", "sector", "value_added", "employment"])
    df.attrs["pedw"] = {"price_basis": "constant 2015 LCU", "labour_unit": "persons"}
    return df


def test_jobs_section_runs_when_inputs_present() -> None:
    jobs = pd.DataFrame(
        {
            "ref_area": "AAA",
            "time": [2000, 2010],
            "value_added": [600.0, 800.0],
            "employment": [100.0, 110.0],
            "labour_force": [110.0, 118.0],
            "working_age": [150.0, 160.0],
            "population": [220.0, 230.0],
        }
    )
    rep = build_profile("AAA", data={"sectors": _panel(), "jobs": jobs})
    sec = _sections(rep)["jobs"]
    assert sec.status == "ok", sec.text
    table = next(iter(sec.tables.values()))
    assert len(table) >= 1


def test_failing_section_is_error_others_render() -> None:
    bad = _panel()
    jobs = pd.DataFrame(
        {
            "ref_area": "AAA",
            "time": [2000, 2000, 2010],
            "value_added": [1.0, 1.0, 2.0],
            "employment": 1.0,
            "labour_force": 1.0,
            "working_age": 1.0,
            "population": 1.0,
        }
    )
    rep = build_profile("AAA", data={"sectors": bad, "jobs": jobs})
    secs = _sections(rep)
    assert secs["jobs"].status == "error"
    assert secs["jobs"].text[0].startswith("Error (")
    assert secs["sectoral"].status == "ok"
    html = rep.to_html()
    assert "Section error." in html and "Where productivity growth comes from" in html


def test_no_data_every_section_unavailable(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not data", encoding="utf-8")
    rep = build_profile("GBR", data=tmp_path)
    statuses = {s.key: s.status for s in rep.sections}
    assert all(v == "unavailable" for k, v in statuses.items() if k != "provenance")
    assert "readme.txt" in rep.sections[0].tables["Files not used"]["file"].tolist()


def test_data_files_are_detected(tmp_path: Path) -> None:
    rep = build_profile("GBR", data=[datasets.path("sdg_gbr_8.2.1"), datasets.path("ggdc10")])
    secs = _sections(rep)
    assert secs["sectoral"].status == "ok"
    assert secs["sdg_8_2_1"].status == "ok"
    assert secs["wages"].status == "unavailable"


def test_start_end_window_and_periods() -> None:
    rep = build_profile(
        "AAA", data={"sectors": _panel()}, start=2000, end=2010, periods=[2000, 2005, 2010]
    )
    sub = _sections(rep)["sectoral"].tables["By sub-period, annualised [% per year]"]
    assert sub[["start", "end"]].to_numpy().tolist() == [[2000, 2005], [2005, 2010]]


def test_bad_arguments() -> None:
    from pedw.errors import OptionError

    with pytest.raises(OptionError, match="alpha-3"):
        build_profile("Kenya")
    with pytest.raises(OptionError, match="after"):
        build_profile("KEN", start=2010, end=2000)


@given(
    first=st.integers(1900, 2000),
    length=st.integers(1, 70),
)
def test_subperiods_cover_the_range(first: int, length: int) -> None:
    years = list(range(first, first + length + 1))
    pts = _subperiods(years, None)
    assert pts[0] == years[0] and pts[-1] == years[-1]
    assert all(b > a for a, b in itertools.pairwise(pts))
    assert all(b - a >= 3 for a, b in itertools.pairwise(pts)) or len(pts) == 2
