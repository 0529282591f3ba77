"""Tests of pedw.io.sdg.read_sdg: Open SDG national CSVs (real ONS files) and the UN SDG CSV.

Real files: the five ONS Open SDG CSVs (UK SDG platform, ``ONSdigital/sdg-data`` commit b68b9d9,
shipped in the package samples with their ``ons_meta_*.md``). Every expected number is read here
from the raw text with the ``csv`` module, independently of pedw.

The UN SDG Global Database layout is reproduced synthetically below (no real export is stored):
its columns follow the UN SDG API CSV as documented by the BigQuery public dataset
``bigquery-public-data.un_sdg.indicators`` (goal, target, indicator, seriescode,
seriesdescription, geoareacode, geoareaname, timeperiod, value, time_detail, source, footnote,
nature, age, sex, units, ...) and UNSD's own scripts (``Time_Detail``, ``UpperBound``,
``LowerBound``, ``TimeCoverage``, ``BasePeriod``, ``FootNote``, ``Nature``, ``Units``); series
code SL_TLF_UEM (SDG 8.5.2) and M49 area codes are real, **the numbers are invented**.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import (
    MissingDataWarning,
    ParseError,
    PedwError,
    PedwWarning,
    SchemaError,
    UnknownFormatError,
)
from pedw.io.sdg import read_sdg
from tests.conftest import real_file

ONS = [
    "ons_indicator_8-2-1.csv",
    "ons_indicator_8-5-1.csv",
    "ons_indicator_8-5-2.csv",
    "ons_indicator_9-2-1.csv",
    "ons_indicator_9-2-2.csv",
]


def raw_records(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def read(path: Any, **kw: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        return read_sdg(path, **kw)


def norm_period(p: str) -> str:
    return p.replace(" ", "")


# ------------------------------------------------------------------------------- real ONS files
@pytest.mark.parametrize("fname", ONS)
def test_real_ons_files_rows_types_and_every_value(fname: str) -> None:
    path = real_file(fname)
    recs = raw_records(path)
    df = read(path)
    meta = df.attrs["pedw"]
    n_empty = sum(1 for r in recs if r["Value"] == "")
    assert meta["rows_read"] == len(recs)
    assert meta["rows_kept"] == len(df) == len(recs) - n_empty
    assert meta["rows_dropped"] == ({"missing value": n_empty} if n_empty else {})
    if n_empty:
        assert meta["missing_by_status"] == dict(
            Counter(r["Observation status"] for r in recs if r["Value"] == "")
        )
    # identity: area and indicator
    assert set(df["ref_area"].astype(str)) == {"GBR"}
    ind = re.search(r"(\d)-(\d)-(\d)", fname)
    assert ind is not None
    assert set(df["indicator"].astype(str)) == {".".join(ind.groups())}
    assert "national_geographical_coverage" in meta["ref_area_from"]
    # types
    assert df["value"].dtype == np.float64
    quarterly = any("Q" in r["Year"] for r in recs)
    if quarterly:
        assert str(df["time"].dtype) == "str" and "freq" in df.columns
        kinds = {"Q" if "Q" in r["Year"] else "A" for r in recs if r["Value"] != ""}
        assert set(df["freq"].astype(str)) == kinds
    else:
        assert df["time"].dtype == np.int64 and "freq" not in df.columns
    # every (period, value) pair equals the raw text
    raw_pairs = Counter(
        (norm_period(r["Year"]), float(r["Value"])) for r in recs if r["Value"] != ""
    )
    got_pairs = Counter(zip(df["time"].astype(str), df["value"].astype(float), strict=True))
    assert got_pairs == raw_pairs
    # units and disaggregations keep the raw labels; empty = NA (total)
    unit_col = "Units" if "Units" in recs[0] else "Unit measure"
    assert set(df["unit"].astype(str)) == {r[unit_col] for r in recs if r["Value"] != ""}
    assert meta["columns"][unit_col] == "unit" and meta["columns"]["Year"] == "time"
    for original, new in meta["columns"].items():
        if new in ("time", "value", "unit", "obs_status"):
            continue
        raw_vals = {r[original] for r in recs if r["Value"] != ""}
        got = set(df[new].astype(str).where(df[new].notna(), ""))
        assert got == raw_vals, original


def test_spot_values_from_the_raw_text() -> None:
    df = read(real_file("ons_indicator_8-2-1.csv"))
    assert df.loc[df["time"] == 1972, "value"].item() == 4.034826298381207
    q = read(real_file("ons_indicator_8-5-2.csv"))
    row = q[(q["time"] == "2000Q1") & (q["region"] == "East") & (q["sex"] == "Female")]
    assert (
        row["value"].tolist()[0] == 3.8 and row["geo_code"].astype(str).tolist()[0] == "E12000006"
    )
    m = read(real_file("ons_indicator_9-2-2.csv"))
    assert set(m.loc[m["freq"] == "A", "time"]) <= {str(y) for y in range(1990, 2030)}


def test_duplicate_keys_in_real_ons_8_5_1_are_kept_and_reported() -> None:
    path = real_file("ons_indicator_8-5-1.csv")
    recs = raw_records(path)
    key = [c for c in recs[0] if c not in ("Value", "Observation status")]
    counts = Counter(tuple(r[k] for k in key) for r in recs)
    n_dup = sum(c for c in counts.values() if c > 1)
    assert n_dup == 32  # the real file has 16 pairs
    with pytest.warns(PedwWarning, match="32 rows") as rec:
        df = read_sdg(path)
    assert any(w.filename == __file__ for w in rec)
    assert df.attrs["pedw"]["duplicate_key_rows"] == 32


def test_area_and_indicator_sources(tmp_path: Path) -> None:
    src = real_file("ons_indicator_8-2-1.csv")
    # alone in a folder: no metadata -> error, never a guess
    lone = tmp_path / "indicator_8-2-1.csv"
    shutil.copy(src, lone)
    with pytest.raises(SchemaError, match="area"):
        read_sdg(lone)
    df = read_sdg(lone, area="GBR")
    assert df.attrs["pedw"]["ref_area_from"] == "argument area"
    assert df.attrs["pedw"]["indicator_from"] == "file name"
    # Open SDG repository layout: data/indicator_<id>.csv and meta/<id>.md
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    shutil.copy(src, tmp_path / "data" / "indicator_8-2-1.csv")
    shutil.copy(real_file("ons_meta_8-2-1.md"), tmp_path / "meta" / "8-2-1.md")
    df2 = read_sdg(tmp_path / "data" / "indicator_8-2-1.csv")
    assert set(df2["ref_area"].astype(str)) == {"GBR"}
    assert df2.attrs["pedw"]["producer"] == "Office for National Statistics (ONS)"
    # a buffer has no name: indicator_id and area must be passed
    raw = src.read_bytes()
    with pytest.raises(SchemaError, match="indicator"):
        read_sdg(io.BytesIO(raw), area="GBR")
    b = read_sdg(io.BytesIO(raw), area="GBR", indicator_id="8.2.1")
    pd.testing.assert_frame_equal(b, df, check_categorical=False)
    # metadata for another indicator is refused
    with pytest.raises(SchemaError, match="8.5.1"):
        read_sdg(lone, metadata=real_file("ons_meta_8-5-1.md"))


def test_filters_and_missing_keep() -> None:
    path = real_file("ons_indicator_8-5-2.csv")
    recs = raw_records(path)
    df = read_sdg(path, time=(2001, 2002), missing="keep")
    expected = [r for r in recs if 2001 <= int(r["Year"][:4]) <= 2002]
    assert len(df) == len(expected)
    assert int(df["value"].isna().sum()) == sum(1 for r in expected if r["Value"] == "")
    m = df.attrs["pedw"]
    assert m["rows_read"] == len(recs) and m["rows_dropped"] == {
        "filtered": len(recs) - len(expected)
    }
    with pytest.warns(MissingDataWarning, match="9.9.9"):
        none = read_sdg(path, indicator="9.9.9")
    assert len(none) == 0


def test_gzip_and_text_buffers(tmp_path: Path) -> None:
    path = real_file("ons_indicator_9-2-1.csv")
    ref = read_sdg(path)
    gz = tmp_path / "indicator_9-2-1.csv.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    shutil.copy(real_file("ons_meta_9-2-1.md"), tmp_path / "9-2-1.md")
    pd.testing.assert_frame_equal(read_sdg(gz), ref, check_categorical=False)
    txt = io.StringIO(path.read_text(encoding="utf-8"))
    pd.testing.assert_frame_equal(
        read_sdg(txt, area="GBR", indicator_id="9.2.1"), ref, check_categorical=False
    )


# ---------------------------------------------------------------------------- UN SDG (synthetic)
UN_HEADER = (
    "Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,"
    "Value,Time_Detail,TimeCoverage,UpperBound,LowerBound,BasePeriod,Source,GeoInfoUrl,"
    "FootNote,[Age],[Nature],[Reporting Type],[Sex],[Units]"
)
UN_ROWS = [
    '8,8.5,8.5.2,SL_TLF_UEM,"Unemployment rate, by sex and age (%)",404,Kenya,2019,2.64,2019,,,,,ILO modelled estimates,,,15+,E,G,FEMALE,PERCENT',
    '8,8.5,8.5.2,SL_TLF_UEM,"Unemployment rate, by sex and age (%)",404,Kenya,2019,2.61,2019,,,,,ILO modelled estimates,,,15+,E,G,MALE,PERCENT',
    '8,8.5,8.5.2,SL_TLF_UEM,"Unemployment rate, by sex and age (%)",4,Afghanistan,2020,11.7,2020,,12.5,10.9,,LFS,,"Break in series",15+,C,G,BOTHSEX,PERCENT',
    '8,8.5,8.5.2,SL_TLF_UEM,"Unemployment rate, by sex and age (%)",1,World,2020,<5,2020,,,,,ILO,,,15+,G,G,BOTHSEX,PERCENT',
    '8,8.5,8.5.2,SL_TLF_UEM,"Unemployment rate, by sex and age (%)",1,World,2021,,2021,,,,,ILO,,,15+,G,G,BOTHSEX,PERCENT',
]
UN_TEXT = UN_HEADER + "\n" + "\n".join(UN_ROWS) + "\n"


def test_un_sdg_layout() -> None:
    with pytest.warns(MissingDataWarning, match="censored") as rec:
        df = read_sdg(io.StringIO(UN_TEXT))
    assert rec[0].filename == __file__
    m = df.attrs["pedw"]
    assert m["format"] == "un_sdg" and m["rows_read"] == 5
    assert m["rows_dropped"] == {"missing value": 1} and len(df) == 4
    assert list(df.columns[:6]) == [
        "ref_area",
        "ref_area_name",
        "indicator",
        "indicator_name",
        "time",
        "value",
    ]
    assert {
        "goal",
        "target",
        "sdg_indicator",
        "sex",
        "age",
        "reporting_type",
        "unit",
        "obs_status",
    } <= set(df.columns)
    assert df["ref_area"].astype(str).tolist() == ["404", "404", "4", "1"]  # M49 codes stay text
    assert df["time"].dtype == np.int64
    rows = list(csv.DictReader(io.StringIO(UN_TEXT)))
    for r, (_, got) in zip(rows[:3], df.iloc[:3].iterrows(), strict=True):
        assert got["value"] == float(r["Value"]) and got["sex"] == r["[Sex]"]
        assert got["obs_status"] == r["[Nature]"] and got["unit"] == r["[Units]"]
    assert df["upper_bound"].iloc[2] == 12.5 and df["lower_bound"].iloc[2] == 10.9
    world = df.iloc[3]
    assert np.isnan(world["value"]) and world["value_text"] == "<5"
    assert m["censored_values"] == 1 and m["units"] == {"SL_TLF_UEM": "PERCENT"}
    # plain (unbracketed) dimension names work the same
    plain = UN_TEXT.replace("[", "").replace("]", "")
    df2 = read(io.StringIO(plain))
    pd.testing.assert_frame_equal(df, df2, check_categorical=False)
    # filters on M49 codes and series
    assert set(read(io.StringIO(UN_TEXT), ref_area="404")["ref_area"].astype(str)) == {"404"}


def test_un_sdg_errors() -> None:
    bad = UN_TEXT.replace(",2.64,", ",2.6four,")
    with pytest.raises(ParseError) as e:
        read_sdg(io.StringIO(bad))
    assert e.value.context["line"] == 2 and e.value.context["column"] == "Value"
    with pytest.raises(ParseError, match="period"):
        read_sdg(io.StringIO(UN_TEXT.replace(",2019,2.64", ",19-20,2.64")))


# ---------------------------------------------------------------------------------- bad input
def test_unknown_layouts_and_delimiters() -> None:
    with pytest.raises(UnknownFormatError):
        read_sdg(io.StringIO("a,b\n1,2\n"))
    text = real_file("ons_indicator_8-2-1.csv").read_text(encoding="utf-8")
    with pytest.raises(UnknownFormatError, match="comma"):
        read_sdg(io.StringIO(text.replace(",", ";")), area="GBR", indicator_id="8.2.1")


_OPEN = real_file("ons_indicator_8-2-1.csv").read_text(encoding="utf-8")
_OPEN_REF = read_sdg(io.StringIO(_OPEN), area="GBR", indicator_id="8.2.1")
_PAIRS = set(zip(_OPEN_REF["time"], _OPEN_REF["value"], strict=True))


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(_OPEN)))
def test_fuzz_truncated_open_sdg(cut: int) -> None:
    text = _OPEN[:cut]
    try:
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            df = read_sdg(io.StringIO(text), area="GBR", indicator_id="8.2.1")
    except PedwError:
        return
    got = set(zip(df["time"], df["value"], strict=True))
    if any("cut short" in str(w.message) for w in rec):
        assert len(got - _PAIRS) <= 1
    else:
        assert got <= _PAIRS


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["junk", "shuffle", "bom", "latin1", "year", "delimiter"]),
    pos=st.integers(min_value=1, max_value=49),
    junk=st.text(alphabet="abcxyz!#%&*/=?@", min_size=1, max_size=4),
    seed=st.randoms(use_true_random=False),
)
def test_fuzz_corrupted_open_sdg(kind: str, pos: int, junk: str, seed: Any) -> None:
    rows = list(csv.reader(io.StringIO(_OPEN)))
    if kind == "junk":
        rows[pos][-1] = junk
    elif kind == "year":
        rows[pos][0] = junk
    elif kind == "shuffle":
        middle = list(range(1, len(rows[0]) - 1))
        seed.shuffle(middle)
        order = [0, *middle, len(rows[0]) - 1]  # Year first, Value last (the layout's rule)
        rows = [[r[i] for i in order] for r in rows]
    out = io.StringIO()
    csv.writer(
        out, lineterminator="\r\n", delimiter="\t" if kind == "delimiter" else ","
    ).writerows(rows)
    data = out.getvalue().encode("latin-1" if kind == "latin1" else "utf-8")
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    try:
        df = read(io.BytesIO(data), area="GBR", indicator_id="8.2.1")
    except PedwError:
        assert kind in ("junk", "year", "delimiter")
        return
    assert kind in ("shuffle", "bom", "latin1")
    assert set(zip(df["time"], df["value"], strict=True)) == _PAIRS
    assert len(df) == len(_OPEN_REF)
