"""Tests of the shared loader mechanics in pedw.io._common."""

from __future__ import annotations

import gzip
import io
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import real_file

import pedw.io
from pedw.errors import ParseError, PedwWarning, SkippedRowsWarning
from pedw.io._common import (
    FILTER_REASON,
    RowLog,
    arrow_error,
    decode_bytes,
    encoding_warning,
    finish_provenance,
    non_numeric_error,
    open_stream,
    read_text,
    sniff,
    source_name,
    vintage_from_name,
)

TEXT = "a,b\n1,Perú\n2,x\n"


def _read_all(src: object) -> bytes:
    info = sniff(src)
    stream = open_stream(src, info)
    data = stream.read()
    return bytes(data)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p,
        lambda p: str(p),
        lambda p: p.read_bytes(),
        lambda p: io.BytesIO(p.read_bytes()),
    ],
    ids=["path", "str", "bytes", "bytesio"],
)
def test_plain_sources_give_the_same_bytes(tmp_path: Path, make: object) -> None:
    p = tmp_path / "f.csv"
    p.write_text(TEXT, encoding="utf-8")
    src = make(p)  # type: ignore[operator]
    info = sniff(src)
    assert info.compression is None and info.encoding == "utf-8" and not info.bom
    assert info.first_line == "a,b"
    assert _read_all(make(p)) == TEXT.encode()  # type: ignore[operator]


def test_text_io_is_encoded_as_utf8() -> None:
    info = sniff(io.StringIO(TEXT))
    assert info.encoding == "utf-8" and info.first_line == "a,b"
    assert read_text(io.StringIO(TEXT), sniff(io.StringIO(TEXT))) == TEXT


def test_seekable_object_is_rewound_for_reading() -> None:
    buf = io.BytesIO(TEXT.encode())
    info = sniff(buf)
    assert buf.tell() == 0
    assert open_stream(buf, info).read() == TEXT.encode()


def test_gzip_detected_by_magic_bytes_not_name(tmp_path: Path) -> None:
    p = tmp_path / "looks_plain.csv"  # no .gz suffix on purpose
    p.write_bytes(gzip.compress(("\ufeff" + TEXT).encode("utf-8")))
    info = sniff(p)
    assert info.compression == "gzip" and info.bom and info.first_line == "a,b"
    assert read_text(p, info) == TEXT


def test_truncated_gzip_raises_parse_error_naming_file(tmp_path: Path) -> None:
    big = ("a,b\n" + "".join(f"{i},x{i}\n" for i in range(50_000))).encode()
    gz = gzip.compress(big)
    p = tmp_path / "cut.csv.gz"
    p.write_bytes(gz[: len(gz) // 2])
    info = sniff(p)  # the head decompresses fine
    with pytest.raises(ParseError) as err:
        read_text(p, info)
    assert err.value.context["file"] == str(p)
    assert "truncated" in str(err.value)


def test_corrupt_gzip_head_raises_parse_error(tmp_path: Path) -> None:
    p = tmp_path / "bad.gz"
    p.write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    with pytest.raises(ParseError, match="gzip"):
        sniff(p)


def test_zip_single_member_and_choice(tmp_path: Path) -> None:
    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("one.csv", TEXT)
    assert read_text(p, sniff(p)) == TEXT
    with zipfile.ZipFile(p, "a") as zf:
        zf.writestr("two.csv", "x\n1\n")
    with pytest.raises(ParseError, match="several files"):
        sniff(p)
    assert sniff(p, member="two.csv").first_line == "x"


def test_cp1252_detected_and_decoded() -> None:
    raw = TEXT.encode("cp1252")
    info = sniff(raw)
    assert info.encoding == "cp1252"
    assert "Perú" in info.head
    assert decode_bytes(raw) == (TEXT, "cp1252")
    with pytest.warns(PedwWarning, match="cp1252"):
        encoding_warning("f.csv", "cp1252", stacklevel=1)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="does not exist"):
        sniff(tmp_path / "nope.csv")
    with pytest.raises(ParseError, match="directory"):
        sniff(tmp_path)


def test_source_name() -> None:
    assert source_name("x/y.csv") == "x/y.csv"
    assert source_name(io.BytesIO(b"")) == "<buffer>"
    assert source_name(b"abc") == "<buffer>"


def test_vintage_from_name() -> None:
    assert vintage_from_name("EAR_4MTH-filtered-2025-06-01.csv") == "2025-06-01"
    assert vintage_from_name("/d/2020-01-01/EMP.csv") is None  # only the base name counts
    assert vintage_from_name("EMP_TEMP_SEX_ECO_NB_A.csv.gz") is None


def test_non_numeric_error_names_line_column_value() -> None:
    vals = ["1.5", "", "2e3", "-4", "1,5", "abc"]
    err = non_numeric_error(vals, name="f.csv", column="obs_value", first_line=2)
    assert err is not None
    assert err.context == {
        "file": "f.csv",
        "line": 6,  # "1,5" is the 5th value, first value on line 2
        "column": "obs_value",
        "rows": 2,
    }
    assert "'1,5'" in str(err)
    assert non_numeric_error(["1", "", ".5", "NaN"], name="f", column="c", first_line=2) is None


def test_arrow_error_translation() -> None:
    exc = OSError("Truncated compressed stream")
    err = arrow_error(exc, "f.gz", compressed=True)
    assert isinstance(err, ParseError) and "truncated" in str(err)
    err = arrow_error(
        ValueError("In CSV column #1: Row #3: CSV conversion error to double: invalid value 'x'"),
        "f.csv",
        columns=["a", "b"],
        first_line=2,
    )
    assert err.context["column"] == "b" and err.context["line"] == 4


def test_rowlog_and_provenance() -> None:
    df = pd.DataFrame({"a": range(6)})
    log = RowLog(10)
    log.drop(FILTER_REASON, 3)
    log.drop("empty value", 1)
    log.drop("nothing", 0)
    assert log.dropped == {"filtered": 3, "empty value": 1}
    with pytest.warns(SkippedRowsWarning, match="1 empty value") as rec:
        finish_provenance(
            df, log, file="f.csv", format="x", producer="P", licence="L", stacklevel=1
        )
    assert rec[0].filename == __file__  # stacklevel points at the caller
    meta = df.attrs["pedw"]
    assert meta["rows_read"] == 10 and meta["rows_kept"] == 6
    assert meta["rows_dropped"] == {"filtered": 3, "empty value": 1}
    assert "encoding" not in meta and "vintage" not in meta


def test_filtered_rows_do_not_warn_and_bad_accounting_is_caught() -> None:
    df = pd.DataFrame({"a": range(7)})
    log = RowLog(10)
    log.drop(FILTER_REASON, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        finish_provenance(df, log, file="f", format="x", producer="P", encoding="cp1252")
    assert df.attrs["pedw"]["encoding"] == "cp1252"
    with pytest.raises(AssertionError, match="accounting"):
        finish_provenance(pd.DataFrame({"a": [1]}), RowLog(3), file="f", format="x", producer="P")


@pytest.mark.parametrize(
    ("reader", "name", "kw"),
    [
        ("read_ilostat", "EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv", {}),
        ("read_ilostat", "EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv", {"ref_area": "GBR"}),
        ("read_sdg", "ons_indicator_8-2-1.csv", {"indicator_id": "8.2.1", "area": "GBR"}),
        ("read_wdi", "worldbank/WDICSV_synthetic.csv", {}),
        ("read_wdi_country", "WDICountry.csv", {}),
    ],
)
@pytest.mark.parametrize("gz", [False, True])
def test_a_callers_file_object_is_left_open(
    tmp_path: Path, reader: str, name: str, kw: dict[str, str], gz: bool
) -> None:
    # pedw closes the streams it opens (gzip decoders, memory maps), never the caller's file
    raw = real_file(name).read_bytes()
    path = tmp_path / ("f.csv.gz" if gz else "f.csv")
    path.write_bytes(gzip.compress(raw) if gz else raw)
    read = getattr(pedw.io, reader)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        want = read(path, **kw)
        with path.open("rb") as fh:
            got = read(fh, **kw)
            assert not fh.closed
            fh.seek(0)
            again = read(fh, **kw)
    pd.testing.assert_frame_equal(got, want, check_like=True)
    pd.testing.assert_frame_equal(again, want, check_like=True)
