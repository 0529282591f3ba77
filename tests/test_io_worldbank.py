"""Tests of pedw.io.worldbank: WDI bulk / API / DataBank CSVs, API v2 JSON, WDICountry.csv.

Real file: ``WDICountry.csv`` (World Bank WDI bulk CSV, ~2021; shipped in the package samples).
Synthetic files (``tests/fixtures/worldbank/``, numbers invented, layouts documented in that
folder's README) reproduce the documented World Bank layouts. Every expected number is computed
here by an independent, deliberately simple reader of the raw text (the ``csv`` module), never
hard-coded from pedw's own output.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pedw.io
from pedw.errors import (
    AggregatesIncludedWarning,
    DuplicateKeyError,
    MissingDataWarning,
    OptionError,
    ParseError,
    PedwError,
    PedwWarning,
    UnitMismatchError,
    UnknownFormatError,
)
from pedw.io.worldbank import (
    infer_price_basis,
    infer_unit,
    read_wb_json,
    read_wdi,
    read_wdi_country,
    wb_aggregate_codes,
)
from pedw.schema import resolve_meta
from tests.conftest import FIXTURES, real_file

WB = FIXTURES / "worldbank"
CSV_FIXTURES = sorted(p.name for p in WB.glob("*.csv"))
AGGS = {"SSF", "WLD"}  # aggregates among the synthetic files' economies


# ----------------------------------------------------------------------------- reference reader
def reference_cells(text: str) -> tuple[list[tuple[str, str, int, float | None]], dict[str, Any]]:
    """Independent reader: every (code, series, year, value-or-None) cell of a WB wide CSV."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    h = next(i for i, r in enumerate(rows) if "Country Code" in r)
    header = rows[h]
    cc, sc = (
        header.index("Country Code"),
        header.index("Series Code" if "Series Code" in header else "Indicator Code"),
    )
    years = {}
    for j, name in enumerate(header):
        m = re.match(r"^(\d{4})(?: \[YR\d{4}\])?$", name)
        if m:
            years[j] = int(m.group(1))
    out = []
    footer = []
    for r in rows[h + 1 :]:
        if not any(x.strip() for x in r) or r[0].startswith(("Data from", "Last Updated")):
            footer.append(r)
            continue
        for j, y in years.items():
            v = r[j]
            out.append((r[cc], r[sc], y, None if v in ("", "..") else float(v)))
    return out, {"footer": footer, "years": sorted(years.values())}


def as_set(df: pd.DataFrame) -> set[tuple[str, str, int, float]]:
    return set(
        zip(
            df["ref_area"].astype(str),
            df["indicator"].astype(str),
            df["time"].astype(int),
            df["value"].astype(float),
            strict=True,
        )
    )


def read_quiet(*args: Any, **kwargs: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AggregatesIncludedWarning)
        return read_wdi(*args, **kwargs)


# ------------------------------------------------------------------------------ WDICountry.csv
def test_wdi_country_real_file_rows_types_and_values() -> None:
    path = real_file("WDICountry.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the quirks the reader must handle
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    df = read_wdi_country(path)
    assert len(df) == len(records) == 265
    meta = df.attrs["pedw"]
    assert meta["rows_read"] == meta["rows_kept"] == 265 and meta["rows_dropped"] == {}
    assert df["is_aggregate"].dtype == bool
    assert all(str(df[c].dtype) == "str" for c in df.columns if c != "is_aggregate")
    assert "" not in df.columns and not any(c.startswith("__") for c in df.columns)
    # every field equals the raw text (empty -> NA), record by record
    by_code = df.set_index("ref_area")
    for rec in records:
        row = by_code.loc[rec["Country Code"]]
        assert (row["table_name"] if pd.notna(row["table_name"]) else "") == rec["Table Name"]
        assert (row["region"] if pd.notna(row["region"]) else "") == rec["Region"]
        assert (row["iso2"] if pd.notna(row["iso2"]) else "") == rec["2-alpha code"]
        assert row["is_aggregate"] == (rec["Region"].strip() == "")
    # embedded newlines survived (a field with '\n' in the raw file)
    assert any("\n" in str(v) for v in df["special_notes"].dropna())
    # aggregates: 48, and an empty income group is not enough (Venezuela)
    assert int(df["is_aggregate"].sum()) == 48
    ven = by_code.loc["VEN"]
    assert pd.isna(ven["income_group"]) and not ven["is_aggregate"]
    assert by_code.loc["WLD", "is_aggregate"] and by_code.loc["SSF", "is_aggregate"]


def test_packaged_aggregate_list_matches_wdicountry_and_names_its_source() -> None:
    path = real_file("WDICountry.csv")
    df = read_wdi_country(path)
    assert wb_aggregate_codes() == frozenset(df.loc[df["is_aggregate"], "ref_area"])
    packaged = Path(str(pedw.io.__file__)).parent / "data"
    text = (packaged / "wb_aggregates.csv").read_text()
    assert hashlib.sha256(path.read_bytes()).hexdigest() in text
    assert "World Bank" in text and (packaged / "README.md").is_file()


def test_wdi_country_rejects_other_files() -> None:
    with pytest.raises(UnknownFormatError, match="Region"):
        read_wdi_country(io.StringIO('"Country Code","Name"\n"KEN","Kenya"\n'))


# ---------------------------------------------------------------------- units and price basis
@pytest.mark.parametrize(
    ("name", "unit", "basis"),
    [
        (
            "GDP per person employed (constant 2017 PPP $)",
            "constant 2017 PPP $",
            "constant 2017 PPP $",
        ),
        (
            "GDP, PPP (constant 2017 international $)",
            "constant 2017 international $",
            "constant 2017 PPP $",
        ),
        ("GDP, PPP (current international $)", "current international $", "current PPP $"),
        ("GDP (constant 2010 US$)", "constant 2010 US$", "constant 2010 US$"),
        ("GDP (current US$)", "current US$", "current US$"),
        ("GDP (constant LCU)", "constant LCU", "constant LCU"),
        (
            "Unemployment, total (% of total labor force) (modeled ILO estimate)",
            "% of total labor force",
            None,
        ),
        ("CO2 emissions (kg per 2017 PPP $ of GDP)", "kg per 2017 PPP $ of GDP", None),
        ("Labor force, total", None, None),
    ],
)
def test_infer_unit_and_price_basis_examples(
    name: str, unit: str | None, basis: str | None
) -> None:
    assert infer_unit(name) == unit
    assert infer_price_basis(name) == basis


def test_price_basis_inference_agrees_with_wdiseries_base_period() -> None:
    """WDISeries.csv (real, WDI ~2021) states 'Base Period' per series: our year must match."""
    series = pd.read_csv(
        real_file("WDISeries.csv"), dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    checked = 0
    for name, base in zip(series["Indicator Name"], series["Base Period"], strict=True):
        basis = infer_price_basis(name)
        if basis is None or not re.fullmatch(r"\d{4}", base):
            continue
        year = re.search(r"\d{4}", basis)
        if year is None:
            continue
        assert year.group(0) == base, (name, base, basis)
        checked += 1
    assert checked >= 30
    # every series named "constant <year> ..." money gets a basis
    const = series["Indicator Name"].str.contains(
        r"\(constant \d{4} (?:US\$|PPP \$|international \$)\)"
    )
    assert all(infer_price_basis(n) for n in series.loc[const, "Indicator Name"])
    # 'Unit of measure' says "2011 PPP $" for two series: their names must not yield another year
    for name in series.loc[series["Unit of measure"] == "2011 PPP $", "Indicator Name"]:
        b = infer_price_basis(name)
        assert b is None or "2011" in b


# ------------------------------------------------------------------------- synthetic layouts
@pytest.mark.parametrize("fname", CSV_FIXTURES)
def test_synthetic_csv_layouts_match_independent_reader(fname: str) -> None:
    path = WB / fname
    text = path.read_bytes().decode("utf-8-sig")
    cells, info = reference_cells(text)
    df = read_wdi(path)
    expected = {(a, s, y, v) for a, s, y, v in cells if v is not None and a not in AGGS}
    assert as_set(df) == expected
    assert len(df) == len(expected)
    meta = df.attrs["pedw"]
    n_agg = sum(1 for a, _, _, v in cells if v is not None and a in AGGS)
    n_missing = sum(1 for *_, v in cells if v is None)
    assert meta["rows_read"] == len(cells)
    assert meta["rows_dropped"] == {
        k: v for k, v in {"missing value": n_missing, "aggregate": n_agg}.items() if v
    }
    assert meta["rows_read"] == meta["rows_kept"] + sum(meta["rows_dropped"].values())
    assert meta["records_read"] * len(info["years"]) == meta["rows_read"]
    assert df["time"].dtype == np.int64 and df["value"].dtype == np.float64
    for col in ("ref_area", "ref_area_name", "indicator", "indicator_name"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype)
    assert meta["producer"] == "World Bank" and meta["licence"] == "CC BY 4.0"
    # names (with commas, apostrophes, accents) equal the raw text
    rows = list(csv.reader(io.StringIO(text)))
    h = next(i for i, r in enumerate(rows) if "Country Code" in r)
    ci, ni = rows[h].index("Country Code"), rows[h].index("Country Name")
    raw_names = {r[ci]: r[ni] for r in rows[h + 1 :] if len(r) > max(ci, ni) and r[ci]}
    got_names = dict(zip(df["ref_area"].astype(str), df["ref_area_name"].astype(str), strict=True))
    assert got_names == {k: v for k, v in raw_names.items() if k in got_names}
    assert len(got_names) == len({a for a, *_ in expected})


def test_format_detection_and_vintages() -> None:
    api = read_wdi(WB / "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_synthetic.csv")
    assert api.attrs["pedw"]["format"] == "wdi_api_csv"
    assert api.attrs["pedw"]["vintage"] == "2024-06-28"  # "Last Updated Date","2024-06-28"
    assert api.attrs["pedw"]["price_basis"] == "constant 2017 PPP $"
    assert api.attrs["pedw"]["units"] == {"SL.GDP.PCAP.EM.KD": "constant 2017 PPP $"}
    bulk = read_wdi(WB / "WDIData_synthetic.csv")
    assert bulk.attrs["pedw"]["format"] == "wdi_bulk" and "vintage" not in bulk.attrs["pedw"]
    db = read_wdi(WB / "databank_synthetic_Data.csv")
    m = db.attrs["pedw"]
    assert m["format"] == "databank"
    assert m["vintage"] == "2024-06-28"  # "Last Updated: 06/28/2024" (MM/DD/YYYY)
    assert m["source"] == "World Development Indicators"
    assert [s["reason"] for s in m["skipped_lines"]].count("footer") == 2
    assert len(m["skipped_lines"]) == 4  # two ",,,," lines and two footer lines
    db2 = read_wdi(WB / "databank_country_first_synthetic.csv")
    assert db2.attrs["pedw"]["vintage"] == "2024-12-16"
    assert len(db2.attrs["pedw"]["skipped_lines"]) == 2  # blank lines are not rows


def test_mixed_price_bases_are_a_list_that_resolve_meta_refuses() -> None:
    bulk = read_wdi(WB / "WDICSV_synthetic.csv")
    assert bulk.attrs["pedw"]["price_basis"] == ["constant 2010 US$", "constant 2017 PPP $"]
    with pytest.raises(UnitMismatchError):
        resolve_meta(bulk, "price_basis")
    one = read_wdi(WB / "WDICSV_synthetic.csv", indicator="NY.GDP.MKTP.KD")
    assert one.attrs["pedw"]["price_basis"] == "constant 2010 US$"


def test_bulk_old_and_new_layouts_give_the_same_frame() -> None:
    a = read_wdi(WB / "WDIData_synthetic.csv")
    b = read_wdi(WB / "WDICSV_synthetic.csv")
    pd.testing.assert_frame_equal(a, b, check_categorical=False)


# --------------------------------------------------------------------------------- aggregates
def test_aggregates_include_warns_and_only_does_not() -> None:
    path = WB / "WDIData_synthetic.csv"
    cells, _ = reference_cells(path.read_bytes().decode("utf-8-sig"))
    with pytest.warns(AggregatesIncludedWarning, match="SSF, WLD") as rec:
        inc = read_wdi(path, aggregates="include")
    assert rec[0].filename == __file__  # stacklevel points at the caller
    assert as_set(inc) == {c for c in cells if c[3] is not None}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        only = read_wdi(path, aggregates="only")
    assert set(only["ref_area"].astype(str)) == AGGS
    assert only.attrs["pedw"]["aggregates"]["codes"] == ["SSF", "WLD"]
    with pytest.raises(OptionError, match="aggregates"):
        read_wdi(path, aggregates="drop")  # type: ignore[arg-type]


def test_country_metadata_overrides_the_packaged_list() -> None:
    meta = read_wdi_country(real_file("WDICountry.csv"))
    meta.loc[meta["ref_area"] == "KEN", "region"] = pd.NA  # pretend Kenya were an aggregate
    df = read_wdi(WB / "WDIData_synthetic.csv", country_metadata=meta)
    assert "KEN" not in set(df["ref_area"].astype(str))
    assert "country_metadata" in df.attrs["pedw"]["aggregates"]["list"]


def test_zip_bulk_uses_its_own_country_file(tmp_path: Path) -> None:
    z = tmp_path / "WDI_CSV_2024_12_16.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(WB / "WDICSV_synthetic.csv", "WDICSV.csv")
        zf.write(real_file("WDICountry.csv"), "WDICountry.csv")
        zf.write(real_file("WDISeries.csv"), "WDISeries.csv")
    df = read_wdi(z)
    ref = read_wdi(WB / "WDICSV_synthetic.csv")
    pd.testing.assert_frame_equal(df, ref, check_categorical=False)
    m = df.attrs["pedw"]
    assert m["file"].endswith("WDICSV.csv") and "WDICountry.csv" in m["aggregates"]["list"]
    assert m["vintage"] == "2024-12-16"  # from the zip's name
    # a file-like zip works too
    assert len(read_wdi(io.BytesIO(z.read_bytes()))) == len(ref)


def test_zip_single_indicator_download(tmp_path: Path) -> None:
    z = tmp_path / "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_1.zip"
    country = "\ufeff" + '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
    country += '"KEN","Sub-Saharan Africa","Lower middle income","","Kenya",\n'
    country += '"SSF","","","","Sub-Saharan Africa",\n"UGA","","","","Uganda",\n'
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(
            WB / "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_synthetic.csv",
            "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_1.csv",
        )
        zf.writestr("Metadata_Country_API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_1.csv", country)
        zf.writestr("Metadata_Indicator_API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_1.csv", "x\n")
    df = read_wdi(z)
    # the zip's own metadata (UGA blanked there) decides, not the packaged list
    assert "UGA" not in set(df["ref_area"].astype(str)) and "WLD" in set(df["ref_area"].astype(str))
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.csv", "x")
        zf.writestr("b.csv", "y")
    with pytest.raises(ParseError, match="member"):
        read_wdi(tmp_path / "two.zip")


# ----------------------------------------------------------------------------- filters, missing
def test_filters_are_pushed_down_and_accounted() -> None:
    path = WB / "WDIData_synthetic.csv"
    cells, _ = reference_cells(path.read_bytes().decode("utf-8-sig"))
    df = read_wdi(path, ref_area=["KEN", "VEN"], time=(2012, 2015), indicator="SL.TLF.TOTL.IN")
    expected = {
        c
        for c in cells
        if c[0] in ("KEN", "VEN")
        and 2012 <= c[2] <= 2015
        and c[1] == "SL.TLF.TOTL.IN"
        and c[3] is not None
    }
    assert as_set(df) == expected
    m = df.attrs["pedw"]
    assert m["rows_read"] == len(cells) == m["rows_kept"] + sum(m["rows_dropped"].values())
    assert m["rows_dropped"]["filtered"] > 0
    with pytest.warns(MissingDataWarning, match="XYZ"):
        read_wdi(path, ref_area=["KEN", "XYZ"])
    with pytest.raises(OptionError):
        read_wdi(path, time=(2015, 2012))
    with pytest.raises(OptionError):
        read_wdi(path, time="2015")  # type: ignore[arg-type]


def test_missing_keep_returns_every_cell() -> None:
    path = WB / "databank_synthetic_Data.csv"
    cells, _ = reference_cells(path.read_bytes().decode("utf-8-sig"))
    df = read_wdi(path, missing="keep")
    non_agg = [c for c in cells if c[0] not in AGGS]
    assert len(df) == len(non_agg)
    assert int(df["value"].isna().sum()) == sum(1 for c in non_agg if c[3] is None)
    assert df.attrs["pedw"]["missing"] == "empty cells returned as NaN"


def test_file_like_inputs_and_gzip(tmp_path: Path) -> None:
    path = WB / "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_synthetic.csv"
    ref = read_wdi(path)
    raw = path.read_bytes()
    gz = tmp_path / "api.csv.gz"
    gz.write_bytes(gzip.compress(raw))
    for src in (io.BytesIO(raw), io.StringIO(raw.decode("utf-8-sig")), raw, gz, str(path)):
        pd.testing.assert_frame_equal(read_wdi(src), ref, check_categorical=False)


# ------------------------------------------------------------------------------------ errors
def test_errors_name_file_line_and_column(tmp_path: Path) -> None:
    text = (WB / "WDICSV_synthetic.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    # junk value in a year column
    bad = lines.copy()
    parts = bad[3].split(",")
    parts[-2] = "12x"
    bad[3] = ",".join(parts)
    p = tmp_path / "junk.csv"
    p.write_text("\n".join(bad) + "\n")
    with pytest.raises(ParseError) as e:
        read_wdi(p)
    assert e.value.context["file"] == str(p)
    assert e.value.context.get("column") == "2019" and e.value.context.get("line") == 4
    # semicolon delimiter
    p.write_text(text.replace(",", ";"))
    with pytest.raises(UnknownFormatError, match="comma"):
        read_wdi(p)
    # DataBank with time in rows
    p.write_text(
        "Time,Time Code,Country Name,Country Code,GDP [NY.GDP.MKTP.CD]\n2019,YR2019,Kenya,KEN,1\n"
    )
    with pytest.raises(UnknownFormatError, match="Layout"):
        read_wdi(p)
    # ragged row
    p.write_text(
        "\n".join([*lines[:3], "Kenya,KEN,GDP (current US$),NY.GDP.MKTP.CD,1", *lines[3:]]) + "\n"
    )
    with pytest.raises(ParseError, match="number of fields"):
        read_wdi(p)
    # unexpected column
    p.write_text(lines[0] + ",Notes\n" + "\n".join(ln + ",x" for ln in lines[1:]) + "\n")
    with pytest.raises(ParseError, match="Notes"):
        read_wdi(p)
    # duplicate (country, series)
    p.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(DuplicateKeyError):
        read_wdi(p)
    # no Country Code at all
    p.write_text("a,b\n1,2\n")
    with pytest.raises(UnknownFormatError):
        read_wdi(p)


def test_truncated_compressed_files(tmp_path: Path) -> None:
    raw = (WB / "WDIData_synthetic.csv").read_bytes()
    gz = gzip.compress(raw)
    p = tmp_path / "t.csv.gz"
    p.write_bytes(gz[: len(gz) // 2])
    with pytest.raises(ParseError):
        read_wdi(p)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("WDICSV.csv", raw)
    z = tmp_path / "t.zip"
    z.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ParseError):
        read_wdi(z)


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    text = (WB / "WDICSV_synthetic.csv").read_text(encoding="utf-8")
    p = tmp_path / "latin1.csv"
    p.write_bytes(text.encode("latin-1"))
    with pytest.warns(PedwWarning, match="not valid UTF-8") as rec:
        df = read_wdi(p)
    assert rec[0].filename == __file__
    assert "Côte d'Ivoire" in set(df["ref_area_name"].astype(str))
    assert df.attrs["pedw"]["encoding"] in ("cp1252", "latin-1")
    assert as_set(df) == as_set(read_wdi(WB / "WDICSV_synthetic.csv"))


# ------------------------------------------------------------------------------- API v2 JSON
def _pages() -> list[Any]:
    return [json.loads((WB / f"wb_api_page{i}_synthetic.json").read_text()) for i in (1, 2)]


def test_json_two_pages_match_records() -> None:
    pages = _pages()
    recs = [r for p in pages for r in p[1]]
    with pytest.warns(AggregatesIncludedWarning):
        df = read_wb_json(pages, aggregates="include", missing="keep")
    assert len(df) == len(recs) == pages[0][0]["total"]
    expected = {
        (r["countryiso3code"], r["indicator"]["id"], int(r["date"]), r["value"]) for r in recs
    }
    got = {
        (a, i, t, None if np.isnan(v) else v)
        for a, i, t, v in zip(
            df["ref_area"].astype(str),
            df["indicator"].astype(str),
            df["time"],
            df["value"],
            strict=True,
        )
    }
    assert got == expected
    m = df.attrs["pedw"]
    assert m["format"] == "wb_api_json" and m["vintage"] == "2024-06-28" and m["pages"] == [1, 2]
    assert m["price_basis"] == "constant 2017 PPP $"
    default = read_wb_json(pages)
    assert not set(default["ref_area"].astype(str)) & AGGS
    assert default["value"].notna().all()
    d = default.attrs["pedw"]
    assert d["rows_read"] == len(recs) == d["rows_kept"] + sum(d["rows_dropped"].values())


def test_json_sources_page_warnings_and_errors(tmp_path: Path) -> None:
    p1 = WB / "wb_api_page1_synthetic.json"
    with pytest.warns(MissingDataWarning, match=r"pages \[2\]"):
        a = read_wb_json(p1)
    text = p1.read_text()
    gz = tmp_path / "p.json.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    for src in (text, text.encode(), io.StringIO(text), gz, json.loads(text)):
        with pytest.warns(MissingDataWarning):
            pd.testing.assert_frame_equal(read_wb_json(src), a, check_categorical=False)
    with pytest.raises(
        ParseError, match="120 Invalid value The provided parameter value is not valid"
    ):
        read_wb_json(WB / "wb_api_error_120.json")
    with pytest.raises(DuplicateKeyError):
        read_wb_json([_pages()[0], _pages()[0]])
    bad = _pages()
    bad[0][1][0]["value"] = "12.5"
    with pytest.raises(ParseError, match="non-numeric"):
        read_wb_json(bad)
    with pytest.raises(UnknownFormatError):
        read_wb_json({"data": []})
    with pytest.raises(ParseError, match="JSON"):
        read_wb_json(text[:100])
    empty = read_wb_json([{"page": 1, "pages": 0, "per_page": 50, "total": 0}, None])
    assert len(empty) == 0


# ----------------------------------------------------------------------------- fuzz (hypothesis)
_BASE = (WB / "WDIData_synthetic.csv").read_bytes().decode("utf-8-sig")
_REF = as_set(read_wdi(io.StringIO(_BASE)))


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(_BASE)))
def test_fuzz_truncation_gives_error_or_a_subset(cut: int) -> None:
    text = _BASE[:cut]
    try:
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            df = read_wdi(io.StringIO(text))
    except PedwError:
        return
    got = as_set(df)
    cut_short = any("cut short" in str(w.message) for w in rec)
    # a file cut mid-line is flagged; otherwise every returned cell is exact
    assert cut_short == (text != "" and not text.endswith(("\n", "\r")))
    if not cut_short:
        assert got <= _REF
    else:
        assert len(got - _REF) <= 1  # only the last value can be cut
        assert df.attrs["pedw"]["last_line_complete"] is False
    m = df.attrs["pedw"]
    assert m["rows_read"] == m["rows_kept"] + sum(m["rows_dropped"].values())


@settings(max_examples=25, deadline=None)
@given(perm=st.permutations(list(range(15))), rnd=st.randoms(use_true_random=False))
def test_fuzz_shuffled_columns_and_rows_give_the_same_frame(perm: list[int], rnd: Any) -> None:
    rows = list(csv.reader(io.StringIO(_BASE)))
    body = rows[1:]
    rnd.shuffle(body)
    rows = [rows[0], *body]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for r in rows:
        r = r[:15]  # drop the trailing empty column
        w.writerow([r[i] for i in perm])
    df = read_wdi(io.StringIO(out.getvalue()))
    assert as_set(df) == _REF


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["junk", "delimiter", "bom", "latin1", "quote", "blank_code"]),
    pos=st.integers(min_value=1, max_value=28),
    junk=st.text(alphabet="abcxyz!#%&*-/=?@", min_size=1, max_size=4),
)
def test_fuzz_corruptions_only_raise_pedw_errors(kind: str, pos: int, junk: str) -> None:
    lines = _BASE.splitlines()
    if kind == "junk":
        cells = next(csv.reader([lines[pos]]))
        cells[4 + pos % 11] = junk
        lines[pos] = ",".join(f'"{c}"' for c in cells)
    elif kind == "delimiter":
        lines = [ln.replace(",", "\t") for ln in lines]
    elif kind == "quote":
        lines[pos] = lines[pos].replace('"', "", 1)
    elif kind == "blank_code":
        lines[pos] = lines[pos].replace(lines[pos].split(",")[1], '""', 1)
    text = "\n".join(lines) + "\n"
    data = text.encode("latin-1") if kind == "latin1" else text.encode("utf-8")
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PedwWarning)
            df = read_wdi(io.BytesIO(data))
    except PedwError:
        assert kind in ("junk", "delimiter", "quote", "blank_code")
        return
    assert kind in ("bom", "latin1", "quote")
    if kind in ("bom", "latin1"):
        assert as_set(df) == _REF
