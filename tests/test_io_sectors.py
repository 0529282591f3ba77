"""Tests of the sector tables and pedw.io.map_sectors.

Reference: the ILO groupings are checked against real ILOSTAT data (EMP_TEMP_SEX_ECO_NB, United
Kingdom, shipped sample), where ILOSTAT publishes both the ISIC sections and its aggregates.
Expected broad sectors are derived in the tests from ISIC section letters (ILO definition:
agriculture = A, industry = B-F, services = G-U), independently of the package's tables.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import (
    AggregateRowError,
    ClassificationBreakWarning,
    DuplicateKeyError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    PedwWarning,
    SchemaError,
)
from pedw.io import map_sectors, read_ggdc, sector_map
from pedw.io.sectors import sector_codes
from tests.conftest import real_file

SECTIONS = [chr(c) for c in range(ord("A"), ord("U") + 1)]


def _broad_of_letter(letter: str) -> str:
    return "agriculture" if letter == "A" else "industry" if letter <= "F" else "services"


def _as_dict(m: pd.DataFrame) -> dict[str, str]:
    assert not m["from_code"].duplicated().any()
    return dict(zip(m["from_code"], m["to_code"], strict=True))


# --------------------------------------------------------------------------- tables
def test_every_isic4_section_has_exactly_one_broad_sector() -> None:
    m = sector_map("isic4", "broad")
    m = m[m["from_code"] != "X"]
    assert sorted(m["from_code"]) == SECTIONS
    assert _as_dict(m) == {s: _broad_of_letter(s) for s in SECTIONS}


def test_every_component_code_has_one_broad_sector() -> None:
    for cls in (
        "isic4",
        "isic3",
        "ggdc10",
        "etd",
        "ilo_isic4",
        "ilo_isic3",
        "ilo_sector",
        "ilo_aggregate",
    ):
        codes = sector_codes(cls)  # type: ignore[arg-type]
        assert codes["code"].is_unique
        assert (codes["broad"] != "").all(), cls
        m = sector_map(cls, "broad")  # type: ignore[arg-type]
        assert set(m["from_code"]) == set(codes["code"]), cls
        assert _as_dict(m) == dict(zip(codes["code"], codes["broad"], strict=True)), cls


def test_round_trips_isic_ilo() -> None:
    fwd = _as_dict(sector_map("isic4", "ilo_isic4"))
    back = _as_dict(sector_map("ilo_isic4", "isic4"))
    assert {back[v] for v in fwd.values()} == set(fwd) and all(back[fwd[k]] == k for k in fwd)
    assert all(v == f"ECO_ISIC4_{k}" for k, v in fwd.items())
    fwd3 = _as_dict(sector_map("isic3", "ilo_isic3"))
    assert all(_as_dict(sector_map("ilo_isic3", "isic3"))[fwd3[k]] == k for k in fwd3)


def test_etd_codes_are_the_isic4_sections_they_hold() -> None:
    m = sector_map("isic4", "etd")
    for section, etd in zip(m["from_code"], m["to_code"], strict=True):
        assert section in etd.split("+")
    # and the other way round: an ETD code spans exactly the sections named in it
    spans = sector_map("etd", "isic4").groupby("from_code")["to_code"].apply(set)
    for code, sections in spans.items():
        assert sections == set(str(code).split("+"))


def test_mappings_commute_through_intermediate_classifications() -> None:
    direct = _as_dict(sector_map("isic4", "broad"))
    for mid in ("etd", "ilo_aggregate", "ilo_sector", "ilo_isic4"):
        a = _as_dict(sector_map("isic4", mid))  # type: ignore[arg-type]
        b = _as_dict(sector_map(mid, "broad"))  # type: ignore[arg-type]
        expected = {k: v for k, v in direct.items() if k in a}  # ETD has no "not classified"
        assert set(direct) - set(a) <= {"X"}
        assert {k: b[v] for k, v in a.items()} == expected, mid
    g3 = _as_dict(sector_map("isic3", "ggdc10"))
    gb = _as_dict(sector_map("ggdc10", "broad"))
    direct3 = _as_dict(sector_map("isic3", "broad"))
    assert {k: gb[v] for k, v in g3.items()} == {k: v for k, v in direct3.items() if k != "X"}


def test_ggdc10_is_rev31_and_links_to_rev4_approximately() -> None:
    # the 10SD notes sheet: AtB, C, D, E, F, GtH, I, JtK, LtN, OtP (ISIC rev. 3.1)
    m = _as_dict(sector_map("isic3", "ggdc10"))
    expected = {
        "A": "AGR",
        "B": "AGR",
        "C": "MIN",
        "D": "MAN",
        "E": "PU",
        "F": "CON",
        "G": "WRT",
        "H": "WRT",
        "I": "TRA",
        "J": "FIRE",
        "K": "FIRE",
        "L": "GOV",
        "M": "GOV",
        "N": "GOV",
        "O": "OTH",
        "P": "OTH",
        "Q": "OTH",
    }
    assert m == expected
    r4 = sector_map("isic4", "ggdc10")
    assert sorted(r4.loc[~r4["exact"], "from_code"]) == ["E", "J", "N"]
    assert (r4["note"] != "").sum() == 3


def test_no_rev3_rev4_section_concordance() -> None:
    with pytest.raises(OptionError, match="do not nest"):
        sector_map("isic3", "etd")
    with pytest.raises(OptionError):
        sector_map("isic5", "broad")  # type: ignore[arg-type]


# ------------------------------------------------------------- reference: ILOSTAT GBR
@pytest.fixture(scope="module")
def ilo_gbr() -> pd.DataFrame:
    df = pd.read_csv(real_file("EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv"), encoding="utf-8-sig")
    return df.drop(columns=["obs_status", "note_classif", "note_indicator", "note_source"])


@pytest.mark.parametrize(
    ("prefix", "target", "published"),
    [
        ("ECO_ISIC4_", "ilo_aggregate", "ECO_AGGREGATE_"),
        ("ECO_ISIC4_", "ilo_sector", "ECO_SECTOR_"),
        ("ECO_ISIC3_", "ilo_aggregate", "ECO_AGGREGATE_"),
        ("ECO_ISIC3_", "ilo_sector", "ECO_SECTOR_"),
    ],
)
def test_ilo_groupings_reproduce_ilostat_aggregates(
    ilo_gbr: pd.DataFrame, prefix: str, target: str, published: str
) -> None:
    parts = ilo_gbr[ilo_gbr["classif1"].str.match(prefix + r"[A-Z]$")]
    parts = parts[parts["classif1"] != prefix + "X"]
    mapped = map_sectors(parts, sector="classif1", to=target)  # type: ignore[arg-type]
    pub = ilo_gbr[ilo_gbr["classif1"].str.startswith(published)]
    m = mapped.merge(
        pub,
        on=["ref_area", "indicator", "source", "sex", "classif1", "time"],
        suffixes=("", "_pub"),
    )
    # a target is missing exactly where ILOSTAT lacks one of its parts (e.g. ISIC3 B in some years)
    m = m[m["obs_value"].notna()]
    assert len(m) >= 30
    # ILOSTAT rounds to 3 decimals (thousands of persons): sums differ by a few rounding units
    np.testing.assert_allclose(m["obs_value"], m["obs_value_pub"], atol=0.006, rtol=0)


# ------------------------------------------------------------------------ map_sectors
def test_map_ggdc_merged_panel_to_broad() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        df = read_ggdc(
            real_file("10SD_jan15.dta"),
            ref_area=["BOL", "KEN"],
            included="merge",
            aggregate="column",
        )
    broad = map_sectors(
        df.drop(columns=[c for c in df.columns if c.endswith("_total")]), to="broad"
    )
    assert set(broad["sector"]) == {"agriculture", "industry", "services"}
    tot = broad.groupby(["ref_area", "time"])["employment"].sum(min_count=1)
    ref = df.groupby(["ref_area", "time"])["employment_total"].first()
    ok = ref.notna()
    np.testing.assert_allclose(tot[ok], ref[ok], rtol=1e-13)
    assert broad.attrs["pedw"]["sector_classification"] == "broad"
    assert broad.attrs["pedw"]["price_basis"] == df.attrs["pedw"]["price_basis"]


def _panel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ref_area": ["KEN"] * 4,
            "time": [2000] * 4,
            "sector": ["A", "B", "C", "G"],
            "value_added": [1.0, 2.0, np.nan, 4.0],
            "employment": [10.0, 1.0, 2.0, 3.0],
        }
    )


def test_missing_parts_sum_and_nansum() -> None:
    out = map_sectors(_panel(), to="broad", from_="isic4")
    assert out["value_added"].isna().tolist() == [False, True, False]
    assert out["employment"].tolist() == [10.0, 3.0, 3.0]
    with pytest.warns(MissingDataWarning, match="1 mapped values"):
        nan = map_sectors(_panel(), to="broad", from_="isic4", agg="nansum")
    assert nan["value_added"].tolist() == [1.0, 2.0, 4.0]


def test_refusals() -> None:
    p = _panel()
    with pytest.raises(AggregateRowError):
        map_sectors(pd.concat([p, p.iloc[[0]].assign(sector="Total")]), to="broad")
    with pytest.raises(InvalidPanelError, match="mixes sector classifications"):
        map_sectors(
            p.assign(sector=["ECO_ISIC4_A", "ECO_ISIC3_B", "ECO_ISIC4_C", "ECO_ISIC4_G"]),
            to="broad",
        )
    with pytest.raises(InvalidValueError, match="not additive"):
        map_sectors(p.assign(productivity=1.0), to="broad", from_="isic4")
    with pytest.raises(InvalidValueError, match="not additive"):
        map_sectors(
            p.assign(productivity=1.0),
            to="broad",
            from_="isic4",
            measures=["employment", "productivity"],
        )
    with pytest.raises(InvalidValueError, match="span several"):
        map_sectors(p.assign(sector=["A", "J+M+N", "C", "K"]), to="ggdc10", from_="etd")
    with pytest.raises(InvalidValueError, match="no known classification"):
        map_sectors(p.assign(sector=["A", "B", "C", "ZZ"]), to="broad")
    with pytest.raises(OptionError, match="several classifications"):
        map_sectors(p, to="broad")  # A, B, C, G are ISIC4 and ISIC3 codes with other meanings
    with pytest.raises(DuplicateKeyError):
        map_sectors(pd.concat([p, p.iloc[[0]]]), to="broad", from_="isic4")
    with pytest.raises(SchemaError, match="vary between the sectors"):
        map_sectors(
            p.assign(source="a", obs_status=["", "B", "", ""]),
            to="broad",
            from_="isic4",
        )
    rate = pd.DataFrame(
        {
            "ref_area": "GBR",
            "indicator": "EMP_DWAP_SEX_ECO_RT",
            "time": 2000,
            "classif1": ["ECO_ISIC4_A", "ECO_ISIC4_B"],
            "obs_value": [1.0, 2.0],
        }
    )
    with pytest.raises(InvalidValueError, match="not counts"):
        map_sectors(rate, sector="classif1", to="broad")


def test_absent_part_is_missing_and_overlap_refused() -> None:
    # KEN 2001 lacks section B, which the data hold for 2000: industry 2001 is incomplete
    df = pd.concat([_panel(), _panel().assign(time=2001).drop(index=1)], ignore_index=True)
    out = map_sectors(df, to="broad", from_="isic4").set_index(["time", "sector"])["employment"]
    assert np.isnan(out[(2001, "industry")]) and out[(2000, "industry")] == 3.0
    assert out[(2001, "agriculture")] == 10.0
    g = pd.DataFrame(
        {"ref_area": "BOL", "time": 2000, "sector": ["GOV+OTH", "GOV", "AGR"], "employment": 1.0}
    )
    with pytest.raises(InvalidValueError, match="overlap"):
        map_sectors(g, to="broad")
    # a composite in one country and its parts in another is fine and complete
    mixed = pd.DataFrame(
        {
            "ref_area": ["BOL", "KEN", "KEN"],
            "time": 2000,
            "sector": ["GOV+OTH", "GOV", "OTH"],
            "employment": [5.0, 2.0, 3.0],
        }
    )
    assert map_sectors(mixed, to="broad")["employment"].tolist() == [5.0, 5.0]


def test_approximate_link_warns() -> None:
    df = pd.DataFrame(
        {
            "ref_area": "KEN",
            "time": 2000,
            "sector": ["ECO_ISIC4_H", "ECO_ISIC4_J"],
            "employment": [1.0, 2.0],
        }
    )
    with pytest.warns(ClassificationBreakWarning, match=r"\['ECO_ISIC4_J'\]"):
        out = map_sectors(df, to="ggdc10")
    assert out["employment"].tolist() == [3.0]


def test_detects_unambiguous_classification() -> None:
    df = _panel().assign(sector=["A", "B", "D+E", "G+I"])
    out = map_sectors(df, to="broad")
    assert out.attrs["pedw"]["sector_mapping"]["from"] == "etd"
    assert out["sector"].tolist() == ["agriculture", "industry", "services"]


# ------------------------------------------------------------------------- properties
@st.composite
def _isic_panels(draw: Any) -> pd.DataFrame:
    areas = draw(
        st.lists(st.sampled_from(["KEN", "GHA", "PER", "VNM"]), min_size=1, max_size=3, unique=True)
    )
    years = draw(st.lists(st.integers(1990, 2020), min_size=1, max_size=3, unique=True))
    sections = draw(st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=21, unique=True))
    idx = pd.MultiIndex.from_product([areas, years, sections], names=["ref_area", "time", "sector"])
    df = idx.to_frame(index=False)
    n = len(df)
    vals = st.floats(0.0, 1e6, allow_nan=False)
    df["value_added"] = draw(st.lists(vals, min_size=n, max_size=n))
    df["employment"] = draw(st.lists(vals, min_size=n, max_size=n))
    return df


@settings(max_examples=20, deadline=None)
@given(df=_isic_panels(), seed=st.integers(0, 2**16), scale=st.floats(1e-3, 1e3))
def test_map_preserves_totals_and_is_order_and_scale_invariant(
    df: pd.DataFrame, seed: int, scale: float
) -> None:
    out = map_sectors(df, to="broad", from_="isic4")
    for m in ("value_added", "employment"):
        before = df.groupby(["ref_area", "time"])[m].sum()
        after = out.groupby(["ref_area", "time"])[m].sum()
        np.testing.assert_allclose(after, before.loc[after.index], rtol=1e-12, atol=1e-9)
    # expected, computed independently from section letters
    exp = (
        df.assign(sector=df["sector"].map(_broad_of_letter))
        .groupby(["ref_area", "time", "sector"])["employment"]
        .sum()
    )
    got = out.set_index(["ref_area", "time", "sector"])["employment"]
    np.testing.assert_allclose(got.loc[exp.index], exp, rtol=1e-12, atol=1e-9)
    shuffled = map_sectors(df.sample(frac=1.0, random_state=seed), to="broad", from_="isic4")
    pd.testing.assert_frame_equal(shuffled, out, check_exact=False, rtol=1e-12)
    scaled = map_sectors(
        df.assign(value_added=df["value_added"] * scale), to="broad", from_="isic4"
    )
    np.testing.assert_allclose(
        scaled["value_added"], out["value_added"] * scale, rtol=1e-12, atol=1e-9
    )
    # two steps (ISIC4 -> ETD -> broad) equal one step
    two = map_sectors(map_sectors(df, to="etd", from_="isic4"), to="broad", from_="etd")
    pd.testing.assert_frame_equal(two, out, check_exact=False, rtol=1e-12)
