"""Tests of pedw.io.read_ilostat / parse_ilostat / read_ilostat_dictionary on real ILOSTAT files.

Ground truth is the raw text of the real files (parsed here with the csv module, independently
of pyarrow): row counts, spot values, flags. Corruption tests check that a damaged file gives a
PedwError (or a documented warning) and never another exception or a silently wrong frame.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import warnings
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import real_file
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import (
    AggregatesIncludedWarning,
    ClassificationBreakWarning,
    DuplicateKeyError,
    MissingDataWarning,
    OptionError,
    ParseError,
    PedwError,
    PedwWarning,
    ProjectionsIncludedWarning,
    SchemaError,
    UnknownFormatError,
)
from pedw.io import parse_ilostat, read_ilostat, read_ilostat_dictionary

EMP = "EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv"
HOW = "HOW_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv"
SDG = "SDG_0831_SEX_ECO_RT_A-filtered-2023-06-11.csv"
EAR = "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"
API = "ilostat_api/rplumber_une-deap-sex-age-rt-a.csv"
BEST = "ilostat_api/rplumber_une-deap-best-source-all.csv"
SDMX1 = "ilostat_api/sdmx_probe-UNE_DEAP_SEX_AGE_RT.csv"
SDMX2 = "ilostat_api/sdmx_probe-LAP_2LID_QTL_RT.csv"
ALL = [EMP, HOW, SDG, EAR, API, BEST, SDMX1, SDMX2]


def raw_rows(name: str) -> list[dict[str, str]]:
    """The file's data rows as the csv module reads them (the independent ground truth)."""
    text = real_file(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def quiet_read(src: Any, **kw: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        out: pd.DataFrame = read_ilostat(src, **kw)
    return out


# ------------------------------------------------------------------------------ real files
@pytest.mark.parametrize("name", ALL)
def test_every_real_file_loads_with_all_rows(name: str) -> None:
    raw = raw_rows(name)
    df = quiet_read(real_file(name))
    meta = df.attrs["pedw"]
    assert len(df) == len(raw) == meta["rows_read"] == meta["rows_kept"]
    assert meta["rows_dropped"] == {}
    assert meta["producer"] == "ILO (ILOSTAT)" and meta["licence"] == "CC BY 4.0"
    assert meta["file"].endswith(Path(name).name)
    assert df["time"].dtype == np.int64
    assert df["obs_value"].dtype == np.float64
    for col in ("ref_area", "indicator", "source", "obs_status"):
        assert isinstance(df[col].dtype, pd.StringDtype)
        assert getattr(df[col].dtype, "storage", None) == "pyarrow"
    assert isinstance(df.index, pd.RangeIndex)


def _num(s: str) -> float:
    return float(s) if s != "" else float("nan")


@pytest.mark.parametrize("name", [EMP, HOW, API, BEST])
def test_code_layout_values_match_raw_text(name: str) -> None:
    raw = raw_rows(name)
    df = quiet_read(real_file(name))
    for i in sorted({0, 1, len(raw) // 3, len(raw) // 2, len(raw) - 1}):
        row = raw[i]
        got = df.iloc[i]
        for col in ("ref_area", "indicator", "source", "sex", "classif1"):
            assert got[col] == row[col]
        assert got["time"] == int(row["time"])
        assert got["obs_value"] == pytest.approx(_num(row["obs_value"]), nan_ok=True)
        for col in ("obs_status", "note_classif", "note_indicator", "note_source"):
            assert (got[col] if pd.notna(got[col]) else "") == row[col]
    # whole columns, not just spot rows
    expected = np.array([_num(r["obs_value"]) for r in raw])
    np.testing.assert_array_equal(df["obs_value"].to_numpy(), expected)
    assert df["obs_status"].fillna("").tolist() == [r["obs_status"] for r in raw]


def test_gbr_employment_flags_and_units() -> None:
    # README: obs_status "" 3,929, B 500, U 72; two sources; several ISIC versions.
    with pytest.warns(ClassificationBreakWarning, match="ECO_ISIC3") as rec:
        df = read_ilostat(real_file(EMP))
    assert rec[0].filename == __file__
    assert df["obs_status"].value_counts().to_dict() == {"B": 500, "U": 72}
    assert df["obs_status"].isna().sum() == 3929
    meta = df.attrs["pedw"]
    assert meta["unit"] == "thousands of persons"
    assert meta["units"] == {"obs_value": "thousands of persons"}
    assert meta["indicator"] == "EMP_TEMP_SEX_ECO_NB"
    fams = meta["classification_families"]["classif1"]["families"]
    raw = raw_rows(EMP)
    isic4 = [int(r["time"]) for r in raw if r["classif1"].startswith("ECO_ISIC4_")]
    assert fams["ECO_ISIC4"] == {"first": min(isic4), "last": max(isic4), "rows": len(isic4)}
    assert set(fams) == {"ECO_AGGREGATE", "ECO_ISIC2", "ECO_ISIC3", "ECO_ISIC4", "ECO_SECTOR"}
    assert meta["classification_families"]["classif1"]["overlapping_keys"] > 0
    # spot value from the raw text (first data line)
    first = df.iloc[0]
    assert (first["classif1"], first["time"], first["obs_value"]) == (
        "ECO_SECTOR_TOTAL",
        2019,
        32693.14,
    )


def test_hours_unit() -> None:
    df = quiet_read(real_file(HOW))
    assert df.attrs["pedw"]["unit"] == "hours per week per employed person"
    assert df.loc[0, "obs_value"] == 35.85


def test_api_file_aggregates_and_projections() -> None:
    raw = raw_rows(API)
    n_x01 = sum(r["ref_area"] == "X01" for r in raw)
    year = dt.date.today().year
    n_proj = sum(r["source"].startswith("XA:") and int(r["time"]) >= year for r in raw)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        df = read_ilostat(real_file(API))
    cats = {w.category for w in rec}
    assert AggregatesIncludedWarning in cats
    assert (ProjectionsIncludedWarning in cats) == (n_proj > 0)
    meta = df.attrs["pedw"]
    assert meta["aggregates"] == {"codes": ["X01"], "rows": n_x01}
    assert meta.get("projections", {}).get("rows", 0) == n_proj
    assert meta["unit"] == "%"
    assert len(df) == len(raw)  # flagged, never dropped


def test_best_source_column() -> None:
    raw = raw_rows(BEST)
    df = quiet_read(real_file(BEST))
    assert df.attrs["pedw"]["format"] == "ilostat-api"
    assert df["best_source"].tolist() == [int(r["best_source"]) for r in raw]


def test_explorer_2025_labels_and_derived_codes() -> None:
    raw = raw_rows(EAR)
    df = quiet_read(real_file(EAR))
    meta = df.attrs["pedw"]
    assert meta["format"] == "ilostat-explorer-2025"
    assert meta["vintage"] == "2025-06-01"
    assert meta["unit"] == "2021 PPP $ per month" and meta["currency"] == "2021 PPP $"
    # labels kept as published
    assert df["ref_area"].tolist() == [r["ref_area.label"] for r in raw]
    assert df["sex_label"].tolist() == [r["sex.label"] for r in raw]
    assert df["classif2"].tolist() == [r["classif2.label"] for r in raw]
    # codes derived only where certain: Total/Male/Female; 'Other' stays without a code
    mapping = {"Total": "SEX_T", "Male": "SEX_M", "Female": "SEX_F"}
    want = [mapping.get(r["sex.label"]) for r in raw]
    got = [None if pd.isna(v) else v for v in df["sex"]]
    assert got == want
    assert sum(v is None for v in got) == 3  # the three 'Other' rows
    status = {"Break in series": "B", "Unreliable": "U", "": None}
    assert [None if pd.isna(v) else v for v in df["obs_status"]] == [
        status[r["obs_status.label"]] for r in raw
    ]
    i = 0
    assert df.loc[i, "obs_value"] == float(raw[i]["obs_value"]) == 836.263
    assert "note_classif" not in df.columns  # the 2025 layout has no note_classif.label


def test_explorer_2023_layout() -> None:
    raw = raw_rows(SDG)
    df = quiet_read(real_file(SDG))
    meta = df.attrs["pedw"]
    assert meta["format"] == "ilostat-explorer-2023"
    assert meta["vintage"] == "2023-06-11" and meta["unit"] == "%"
    assert set(df["sex"]) == {"SEX_T"} and set(df["sex_label"]) == {"Sex: Total"}
    assert df["obs_value"].tolist() == [float(r["obs_value"]) for r in raw]
    assert df.loc[0, "ref_area"] == "Argentina" and df.loc[0, "time"] == 2021


def test_explorer_label_mode_keeps_labels_in_place() -> None:
    df = quiet_read(real_file(SDG), labels="label")
    assert set(df["sex"]) == {"Sex: Total"}
    assert "sex_label" not in df.columns


def test_sdmx_csv_mapped_to_ilostat_vocabulary() -> None:
    raw = raw_rows(SDMX1)
    df = quiet_read(real_file(SDMX1))
    meta = df.attrs["pedw"]
    assert meta["format"] == "ilostat-sdmx-csv"
    assert meta["indicator"] == "UNE_DEAP_SEX_AGE_RT"  # from DATAFLOW ILO:DF_<id>(1.0)
    assert meta["sdmx_dimensions"] == {"classif1": "AGE"}
    assert df["ref_area"].tolist() == [r["REF_AREA"] for r in raw]
    assert df["sex"].tolist() == [r["SEX"] for r in raw]
    assert df["classif1"].tolist() == [r["AGE"] for r in raw]
    assert df["time"].tolist() == [int(r["TIME_PERIOD"]) for r in raw]
    assert df["obs_value"].tolist() == [float(r["OBS_VALUE"]) for r in raw]
    assert df["source"].tolist() == [r["SOURCE"] for r in raw]
    df2 = quiet_read(real_file(SDMX2))
    assert df2.loc[0, "classif1"] == "DCL_DECILE_01" and df2.loc[0, "obs_status"] == "M"


# ---------------------------------------------------------------------------------- filters
def test_filters_equal_filtering_afterwards() -> None:
    full = quiet_read(real_file(EMP))
    got = quiet_read(
        real_file(EMP), sex=["SEX_F"], time=(2000, 2010), classif1=None, source="BA:2247"
    )
    mask = (
        (full["sex"] == "SEX_F") & full["time"].between(2000, 2010) & (full["source"] == "BA:2247")
    )
    want = full[mask].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    meta = got.attrs["pedw"]
    assert meta["rows_read"] == len(full)
    assert meta["rows_dropped"] == {"filtered": len(full) - len(want)}
    assert "sex in ['SEX_F']" in meta["query"]


def test_filter_single_year_and_classif1() -> None:
    df = quiet_read(real_file(EMP), time=2019, classif1="ECO_ISIC4_TOTAL")
    raw = raw_rows(EMP)
    want = [r for r in raw if r["time"] == "2019" and r["classif1"] == "ECO_ISIC4_TOTAL"]
    assert len(df) == len(want) > 0
    assert sorted(df["obs_value"]) == sorted(float(r["obs_value"]) for r in want)


def test_filter_sex_by_code_on_labelled_export() -> None:
    df = quiet_read(real_file(EAR), sex="SEX_F")
    raw = raw_rows(EAR)
    assert len(df) == sum(r["sex.label"] == "Female" for r in raw)
    assert set(df["sex"]) == {"SEX_F"}


def test_filter_value_absent_warns() -> None:
    with pytest.warns(MissingDataWarning, match="GRB"):
        df = read_ilostat(real_file(API), ref_area=["GRB", "KEN"])
    assert set(df["ref_area"]) == {"KEN"}


def test_filter_on_missing_column_raises() -> None:
    with pytest.raises(SchemaError, match="no sex column"):
        quiet_read(real_file(SDMX2), sex="SEX_T")


# ------------------------------------------------------------------------------ label modes
def test_label_modes_on_code_file() -> None:
    code = quiet_read(real_file(EMP))
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        lab = read_ilostat(real_file(EMP), labels="label")
    assert any("No dictionary" in str(w.message) for w in rec)
    assert set(lab["sex"]) == {"Total", "Male", "Female"}
    assert lab["classif1"].equals(code["classif1"])  # no dictionary: codes kept
    assert lab.attrs["pedw"]["label_columns"] == ["sex", "obs_status"]
    both = quiet_read(real_file(EMP), labels="both")
    cols = list(both.columns)
    assert cols.index("sex_label") == cols.index("sex") + 1
    pairs = set(zip(both["sex"], both["sex_label"], strict=True))
    assert pairs == {("SEX_T", "Total"), ("SEX_M", "Male"), ("SEX_F", "Female")}


def test_user_dictionary_and_notes() -> None:
    dic_csv = "note_source,note_source.label,note_source.sort\nR1:2384,Repository: X,1\n"
    dic_csv += "S3:17,Data reference period: Y,2\nS5:41,Geo: Z,3\nT2:85,Break: W,4\n"
    notes = read_ilostat_dictionary(io.StringIO(dic_csv))
    assert notes.attrs["pedw"]["var"] == "note_source"
    assert list(notes.columns[:2]) == ["code", "label"]
    df = quiet_read(real_file(EMP), labels="both", dictionary={"note_source": notes})
    raw = raw_rows(EMP)
    i = next(k for k, r in enumerate(raw) if r["note_source"] == "S3:17_S5:41_T2:85")
    assert df.loc[i, "note_source_label"] == "Data reference period: Y | Geo: Z | Break: W"


def test_shipped_dictionary_and_errors() -> None:
    sex = read_ilostat_dictionary(var="sex")
    assert dict(zip(sex["code"], sex["label"], strict=True)) == {
        "SEX_T": "Total",
        "SEX_M": "Male",
        "SEX_F": "Female",
    }
    with pytest.raises(ParseError, match="ships no dictionary"):
        read_ilostat_dictionary(var="ref_area")
    with pytest.raises(ParseError, match="more than once"):
        read_ilostat_dictionary(io.StringIO("sex,sex.label\nSEX_T,a\nSEX_T,b\n"))


def test_bad_label_mode() -> None:
    with pytest.raises(OptionError, match="labels"):
        read_ilostat(real_file(EMP), labels="labels")


# ------------------------------------------------------------------ sources and encodings
def test_gzip_bytes_text_and_file_objects_agree(tmp_path: Path) -> None:
    path = real_file(HOW)
    ref = quiet_read(path)
    gz = tmp_path / "HOW.csv.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    for src in (gz, io.BytesIO(path.read_bytes()), io.StringIO(path.read_text("utf-8-sig"))):
        got = quiet_read(src)
        pd.testing.assert_frame_equal(got, ref)
    with path.open("rb") as fh:
        pd.testing.assert_frame_equal(quiet_read(fh), ref)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        pd.testing.assert_frame_equal(parse_ilostat(path.read_bytes()), ref, check_like=False)
    assert quiet_read(gz).attrs["pedw"]["file"] == str(gz)


def test_latin1_labelled_file_warns_and_decodes() -> None:
    text = real_file(SDG).read_text("utf-8-sig").replace("Argentina", "Perú")
    raw = text.encode("cp1252")
    with pytest.warns(PedwWarning, match="cp1252"):
        df = parse_ilostat(raw)
    assert df.loc[0, "ref_area"] == "Perú"
    assert df.attrs["pedw"]["encoding"] == "cp1252"


def test_non_utf8_late_in_file_is_retried(tmp_path: Path) -> None:
    head = "ref_area,indicator,sex,time,obs_value,note_source\n"
    body = "".join(f"GBR,EMP_X_NB,SEX_T,{1900 + i},{i}.5,R1\n" for i in range(20_000))
    data = (head + body + "GBR,EMP_X_NB,SEX_M,2000,1.0,Repère\n").encode("cp1252")
    with pytest.warns(PedwWarning, match="cp1252"):
        df = parse_ilostat(data)
    assert df["note_source"].iloc[-1] == "Repère" and len(df) == 20_001


@pytest.mark.parametrize("n", [2_000, 60_000])  # past the sniffed head; hashed / run-coded
@pytest.mark.parametrize("column", ["ref_area", "source", "classif1"])
def test_non_utf8_late_in_a_code_column_is_retried(column: str, n: int) -> None:
    # code columns are parsed as bytes without the parser's UTF-8 check; their distinct values
    # are checked instead, so a cp1252 byte after the sniffed head still triggers the re-read
    head = "ref_area,indicator,source,sex,classif1,time,obs_value\n"
    body = "".join(f"GBR,EMP_X_NB,BA:1,SEX_T,ECO_{i % 7},{1000 + i // 7},{i}.5\n" for i in range(n))
    row = {"ref_area": "GBR", "source": "BA:1", "classif1": "ECO_X"}
    row[column] = "Perú"
    last = f"{row['ref_area']},EMP_X_NB,{row['source']},SEX_M,{row['classif1']},1000,1.0\n"
    data = (head + body + last).encode("cp1252")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        df = parse_ilostat(data, sex=["SEX_M", "SEX_X"])
    msgs = [str(w.message) for w in rec]
    assert sum("cp1252" in m for m in msgs) == 1, msgs
    assert sum("No rows match" in m for m in msgs) == 1, msgs  # warned once, not per attempt
    assert df[column].tolist() == ["Perú"] and df.attrs["pedw"]["encoding"] == "cp1252"
    assert df["ref_area"].dtype == pd.StringDtype("pyarrow", na_value=np.nan)


def test_semicolon_delimiter_is_detected_and_recorded() -> None:
    text = "ref_area;indicator;sex;time;obs_value\nGBR;EMP_X_NB;SEX_T;2019;1.5\n"
    df = parse_ilostat(text)
    assert df.loc[0, "obs_value"] == 1.5 and df.attrs["pedw"]["delimiter"] == ";"


def test_sub_annual_time_kept_as_strings() -> None:
    text = "ref_area,indicator,sex,time,obs_value\nGBR,UNE_X_RT,SEX_T,2019M01,4.1\n"
    text += "GBR,UNE_X_RT,SEX_T,2019M02,4.0\n"
    df = parse_ilostat(text)
    assert df["time"].tolist() == ["2019M01", "2019M02"]
    assert "period strings" in df.attrs["pedw"]["time_kind"]


def test_header_only_file() -> None:
    df = parse_ilostat("ref_area,indicator,time,obs_value\n")
    assert len(df) == 0 and df.attrs["pedw"]["rows_read"] == 0


# ----------------------------------------------------------------------------------- errors
GOOD = (
    "ref_area,indicator,source,sex,classif1,time,obs_value,obs_status\n"
    "GBR,EMP_X_NB,BA:1,SEX_T,ECO_ISIC4_A,2019,1.5,\n"
    "GBR,EMP_X_NB,BA:1,SEX_T,ECO_ISIC4_B,2019,2.5,B\n"
    "GBR,EMP_X_NB,BA:1,SEX_T,ECO_ISIC4_C,2019,3.5,\n"
)


def test_non_numeric_value_names_line_and_column() -> None:
    bad = GOOD.replace("2.5,B", "n/a,B")
    with pytest.raises(ParseError) as err:
        parse_ilostat(bad)
    assert err.value.context["line"] == 3
    assert err.value.context["column"] == "obs_value"
    assert "'n/a'" in str(err.value)


def test_duplicate_key_names_lines() -> None:
    dup = GOOD + "GBR,EMP_X_NB,BA:1,SEX_T,ECO_ISIC4_A,2019,9.9,\n"
    with pytest.raises(DuplicateKeyError) as err:
        parse_ilostat(dup)
    assert err.value.context["line"] == 2 and err.value.context["rows"] == 2
    assert "line 5" in str(err.value)


def test_duplicate_in_unsorted_file_found() -> None:
    lines = GOOD.splitlines(keepends=True)
    dup = lines[0] + lines[3] + lines[1] + lines[2] + lines[3]
    with pytest.raises(DuplicateKeyError):
        parse_ilostat(dup)


def test_unknown_column_and_no_layout() -> None:
    with pytest.raises(SchemaError, match="'value'"):
        parse_ilostat(GOOD.replace("obs_status\n", "value\n", 1))
    with pytest.raises(UnknownFormatError) as err:
        parse_ilostat("<html><body>Service unavailable</body></html>\n")
    assert err.value.context["line"] == 1
    with pytest.raises(SchemaError, match="twice"):
        parse_ilostat(GOOD.replace("obs_status\n", "sex\n", 1))


def test_truncated_gzip_file(tmp_path: Path) -> None:
    gz = gzip.compress(real_file(EMP).read_bytes())
    p = tmp_path / "EMP.csv.gz"
    p.write_bytes(gz[: len(gz) * 2 // 3])
    with pytest.raises(ParseError) as err:
        read_ilostat(p)
    assert err.value.context["file"] == str(p)


def test_row_with_missing_fields() -> None:
    with pytest.raises(ParseError, match="number of fields"):
        parse_ilostat(GOOD + "GBR,EMP_X_NB,BA:1\n")


# ------------------------------------------------------------------------- property / fuzz
SMALL = "\n".join(real_file(API).read_text("utf-8").splitlines()[:25]) + "\n"


def _small_ref() -> pd.DataFrame:
    return quiet_read(io.BytesIO(SMALL.encode()))


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(11))), st.booleans())
def test_shuffled_columns_and_bom_give_the_same_frame(perm: list[int], bom: bool) -> None:
    rows = list(csv.reader(io.StringIO(SMALL)))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for r in rows:
        w.writerow([r[i] for i in perm])
    data = (("\ufeff" if bom else "") + out.getvalue()).encode()
    got = quiet_read(io.BytesIO(data))
    ref = _small_ref()
    pd.testing.assert_frame_equal(got[list(ref.columns)], ref)


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(24))))
def test_row_order_does_not_change_content(perm: list[int]) -> None:
    lines = SMALL.splitlines()
    data = "\n".join([lines[0]] + [lines[1 + i] for i in perm]) + "\n"
    got = quiet_read(io.BytesIO(data.encode()))
    ref = _small_ref()
    key = ["ref_area", "source", "sex", "classif1", "time"]
    pd.testing.assert_frame_equal(
        got.sort_values(key).reset_index(drop=True), ref.sort_values(key).reset_index(drop=True)
    )


def _outcome(data: bytes) -> pd.DataFrame | PedwError:
    try:
        return quiet_read(io.BytesIO(data))
    except PedwError as err:
        return err


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(SMALL.encode()) - 1), st.booleans())
def test_truncation_errors_or_keeps_a_correct_prefix(cut: int, compress: bool) -> None:
    raw = SMALL.encode()
    data = (
        gzip.compress(raw)[: max(1, cut * len(gzip.compress(raw)) // len(raw))]
        if compress
        else raw[:cut]
    )
    out = _outcome(data)
    if isinstance(out, PedwError):
        return
    ref = _small_ref()
    n = len(out)
    assert n <= len(ref)
    if n == 0:
        return
    # every complete row is exact; the last row may only lose the tail of its last field
    pd.testing.assert_frame_equal(out.iloc[: n - 1], ref.iloc[: n - 1], check_dtype=False)
    last_cols = [c for c in ref.columns if c != "note_source"]
    got_last = out.iloc[n - 1][last_cols].tolist()
    want_last = ref.iloc[n - 1][last_cols].tolist()
    assert [str(x) for x in got_last] == [str(x) for x in want_last]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=24),
    st.sampled_from(["abc", "1,5", "--", "1e", "$12", "12%", "..", "x1"]),
)
def test_junk_value_is_a_parse_error_naming_its_line(row: int, junk: str) -> None:
    rows = list(csv.reader(io.StringIO(SMALL)))
    rows[row][6] = junk  # obs_value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    with pytest.raises(ParseError) as err:
        quiet_read(io.BytesIO(out.getvalue().encode()))
    assert err.value.context["line"] == row + 1
    assert err.value.context["column"] == "obs_value"


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["\t", "|", ";"]), st.sampled_from(["utf-8", "cp1252", "latin-1"]))
def test_delimiters_and_encodings(delim: str, enc: str) -> None:
    text = SMALL.replace("KEN", "KÉN")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=delim, lineterminator="\n").writerows(rows)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        got = read_ilostat(io.BytesIO(out.getvalue().encode(enc)))
    assert got["ref_area"].iloc[0] == "KÉN"
    ref = _small_ref()
    np.testing.assert_array_equal(got["obs_value"].to_numpy(), ref["obs_value"].to_numpy())
    if enc != "utf-8":
        assert any("cp1252" in str(w.message) for w in rec)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_random_bytes_never_raise_anything_but_pedw_errors(data: bytes) -> None:
    out = _outcome(data)
    if isinstance(out, pd.DataFrame):  # only possible if the bytes form a valid header
        assert out.attrs["pedw"]["rows_read"] == len(out)


def test_codes_and_labels_layout() -> None:
    # Rilostat get_ilostat(type = "both") writes each code column followed by its label
    text = (
        "ref_area,ref_area.label,indicator,indicator.label,sex,sex.label,time,obs_value\n"
        "GBR,United Kingdom,EMP_X_NB,Employment,SEX_T,Sex: Total,2019,1.5\n"
        "GBR,United Kingdom,EMP_X_NB,Employment,SEX_F,Sex: Female,2019,0.7\n"
    )
    code = parse_ilostat(text)
    assert code.attrs["pedw"]["format"] == "ilostat-codes-and-labels"
    assert list(code.columns) == ["ref_area", "indicator", "sex", "time", "obs_value"]
    both = parse_ilostat(text, labels="both")
    assert both["ref_area_label"].tolist() == ["United Kingdom"] * 2
    assert both["sex"].tolist() == ["SEX_T", "SEX_F"]
    label = parse_ilostat(text, labels="label")
    assert label["sex"].tolist() == ["Sex: Total", "Sex: Female"]
    assert "sex_label" not in label.columns


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(SMALL) - 1), st.binary(min_size=0, max_size=3)), max_size=4
    )
)
def test_byte_mutations_raise_only_pedw_errors(edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(SMALL.encode())
    for pos, new in edits:
        data[pos : pos + 1] = new
    out = _outcome(bytes(data))
    if isinstance(out, pd.DataFrame):
        meta = out.attrs["pedw"]
        assert meta["rows_read"] == len(out)
        assert out["obs_value"].dtype == np.float64


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["GBR", "KEN", "X01", "", None]), st.integers(1, 12)),
        min_size=1,
        max_size=60,
    ),
    st.lists(st.integers(0, 300), max_size=4),
    st.booleans(),
)
def test_key_column_equals_dictionary_encoding(
    runs: list[tuple[str | None, int]], cuts: list[int], runwise: bool
) -> None:
    # the loader's key columns (run starts + one code per run, or one code per row) must give
    # the dictionary and per-row codes of a plain dictionary encoding, across chunk edges and
    # with nulls (equal to each other, as in a key)
    import pyarrow as pa
    import pyarrow.compute as pc

    from pedw._codes import run_starts
    from pedw.io.ilostat import _key_column

    values = [v for v, k in runs for _ in range(k)]
    edges = sorted({0, len(values), *(c for c in cuts if c < len(values))})
    col = pa.chunked_array(
        [pa.array(values[a:b], pa.large_string()) for a, b in pairwise(edges)],
        type=pa.large_string(),
    )
    want = pc.dictionary_encode(col, null_encoding="encode").combine_chunks()
    # min_rows=0 forces the run path whenever the runs are long enough
    got = _key_column(col, min_rows=0 if runwise else 10**9)
    assert got.dictionary.equals(want.dictionary)
    np.testing.assert_array_equal(got.row_codes(), want.indices.to_numpy())
    expected_starts = [i for i in range(len(values)) if i == 0 or values[i] != values[i - 1]]
    np.testing.assert_array_equal(run_starts(col), expected_starts)
    assert got.lengths().sum() == len(values)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 3)), max_size=40),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_sorted_unique_never_passes_duplicates(
    rows: list[tuple[int, int, int]], do_sort: bool, rectangular: bool, runwise: bool
) -> None:
    # The duplicate check's fast path may say "unique" only when the keys are unique. It must
    # say so for a file sorted by its key in the order its values first appear (as ILOSTAT
    # writes them: every area has the same sexes and years in the same order); other files
    # fall back to hashing every key.
    import itertools

    import pyarrow as pa

    from pedw.io.ilostat import _key_column, _sorted_unique

    if rectangular:
        dims = [sorted({r[i] for r in rows}, reverse=i == 2) for i in range(3)]
        rows = list(itertools.product(*dims))  # years descending, like ILOSTAT bulk files
    elif do_sort:
        rows = sorted(set(rows))
    table = pa.table(
        {
            "ref_area": pa.array([f"A{r[0]}" for r in rows], pa.large_string()),
            "sex": pa.array([["SEX_T", "SEX_M", "SEX_F"][r[1]] for r in rows], pa.large_string()),
            "time": pa.array([2000 + r[2] for r in rows], pa.int64()),
        }
    )
    enc = {c: _key_column(table[c], min_rows=0 if runwise else 10**9) for c in table.column_names}
    verdict = _sorted_unique(enc, ["ref_area", "sex", "time"], len(rows))
    if verdict:
        assert len(set(rows)) == len(rows)
    if rectangular and len(rows) > 1:
        assert verdict


def test_missing_time_is_a_parse_error_naming_its_line() -> None:
    with pytest.raises(ParseError) as err:
        parse_ilostat(GOOD.replace("ECO_ISIC4_C,2019", "ECO_ISIC4_C,"))
    assert err.value.context["line"] == 4 and err.value.context["column"] == "time"


def test_odd_years_stay_strings_and_mixed_periods() -> None:
    df = parse_ilostat(GOOD.replace("ECO_ISIC4_C,2019", "ECO_ISIC4_C,20190"))
    assert df["time"].tolist() == ["2019", "2019", "20190"]
    df = parse_ilostat(GOOD.replace("ECO_ISIC4_C,2019", "ECO_ISIC4_C,2019Q1"))
    assert df["time"].tolist() == ["2019", "2019", "2019Q1"]
    assert "period strings" in df.attrs["pedw"]["time_kind"]
