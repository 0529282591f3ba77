"""Tests of the ``ref_area=`` push-down: lines selected by their first field before parsing.

The reference is the same read with the push-down switched off (parse everything, filter the
Arrow table): frames, row accounting and error line numbers must be identical. The scanner is
also checked against a line-by-line selection written with plain Python string methods.
"""

from __future__ import annotations

import gzip
import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import real_file
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import DuplicateKeyError, ParseError, PedwError, PedwWarning
from pedw.io import _prefilter, ilostat, read_ilostat
from pedw.io._prefilter import select_lines

HEADER = "ref_area,indicator,source,sex,classif1,time,obs_value,obs_status,note_source\n"
AREAS = ["GBR", "FRA", "X01", "DEU", "KEN", "C1"]


def _line(area: str, i: int) -> str:
    return f"{area},EMP_X_NB,BA:1,SEX_T,ECO_{i % 5},{2000 + i // 5},{i}.25,,R1:{i % 3}\n"


def _bulk(
    areas: list[str], *, blanks: frozenset[int] = frozenset(), end: bool = True, crlf: bool = False
) -> str:
    lines = [("\n" if i in blanks else "") + _line(a, i) for i, a in enumerate(areas)]
    text = HEADER + "".join(lines)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text if end else text.removesuffix("\r\n").removesuffix("\n")


def _read(src: Any, *, push: bool, **kw: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        if push:
            return read_ilostat(src, **kw)
        original = ilostat._push_down
        ilostat._push_down = lambda *a, **k: None  # type: ignore[assignment]
        try:
            return read_ilostat(src, **kw)
        finally:
            ilostat._push_down = original


def _same(got: pd.DataFrame, want: pd.DataFrame, *, pushed: bool) -> None:
    pd.testing.assert_frame_equal(got, want)
    meta_got, meta_want = dict(got.attrs["pedw"]), dict(want.attrs["pedw"])
    parsed = meta_got.pop("rows_parsed", None)
    meta_want.pop("rows_parsed", None)
    assert meta_got == meta_want
    assert (parsed is not None) == pushed
    if pushed:  # every selected line is parsed; other filters may drop more
        assert parsed >= len(got)


# ----------------------------------------------------------------------------- the scanner
def _by_hand(text: str, wanted: list[str], delim: str = ",") -> tuple[bytes, list[int], int]:
    """Select lines with str methods: the independent reference for select_lines."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines = lines[:-1]
    header, body = lines[0], lines[1:]
    rows = [ln for ln in body if ln not in ("", "\r")]  # empty lines are not rows (pyarrow)
    kept = [i for i, ln in enumerate(rows) if ln.split(delim, 1)[0] in wanted and delim in ln]
    data = "".join(f"{ln}\n" for ln in [header, *(rows[i] for i in kept)])
    return data.encode(), kept, len(rows)


@settings(max_examples=120, deadline=None)
@given(
    areas=st.lists(st.sampled_from(AREAS), min_size=0, max_size=60),
    wanted=st.lists(st.sampled_from([*AREAS, "ZZZ", "GB"]), min_size=1, max_size=3),
    blanks=st.frozensets(st.integers(0, 59), max_size=4),
    end=st.booleans(),
    crlf=st.booleans(),
    block=st.sampled_from([7, 64, 1 << 24]),
    how=st.sampled_from(["path", "stream", "gzip"]),
)
def test_select_lines_equals_selection_by_hand(
    tmp_path_factory: pytest.TempPathFactory,
    areas: list[str],
    wanted: list[str],
    blanks: frozenset[int],
    end: bool,
    crlf: bool,
    block: int,
    how: str,
) -> None:
    # tiny blocks put block edges inside lines, inside codes, between '\r' and '\n' and between
    # '\n' and the next line
    text = _bulk(areas, blanks=blanks, end=end, crlf=crlf)
    want_data, want_rows, want_total = _by_hand(text, wanted)
    original = _prefilter.BLOCK
    _prefilter.BLOCK = block
    try:
        if how == "path":
            path = tmp_path_factory.mktemp("sel") / "f.csv"
            path.write_bytes(text.encode())
            got = select_lines(None, delimiter=",", wanted=wanted, path=path)
        elif how == "stream":
            got = select_lines(io.BytesIO(text.encode()), delimiter=",", wanted=wanted)
        else:
            import pyarrow as pa

            raw = pa.BufferReader(gzip.compress(text.encode()))
            got = select_lines(pa.CompressedInputStream(raw, "gzip"), delimiter=",", wanted=wanted)
    finally:
        _prefilter.BLOCK = original
    if "\n" not in text:  # a header alone without its newline: left to the parser
        assert got is None
        return
    assert got is not None
    assert got.data == want_data
    assert got.rows.tolist() == want_rows and got.rows_total == want_total


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (HEADER + '"GBR",EMP_X_NB,BA:1,SEX_T,ECO_1,2000,1,,R1\n', ["GBR"]),  # a quote
        (HEADER + _line("GBR", 1) + 'FRA,EMP_X_NB,BA:1,SEX_T,"ECO,1",2000,1,,R1\n', ["GBR"]),
        (HEADER + _line("GBR", 1).replace("\n", "\r") + _line("FRA", 2), ["GBR"]),  # lone CR
        (HEADER + _line("GBR", 1) + _line("FRA", 2)[:-1] + "\r", ["GBR"]),  # CR at the end
        (HEADER.replace("\n", "\r") + _line("GBR", 1), ["GBR"]),  # CR ends the header
        (_bulk(["GBR"]), ["Perú"]),  # not ASCII: the file's encoding decides its bytes
        (_bulk(["GBR"]), ["ABCDEFGH"]),  # longer than 7 bytes
        (_bulk(["GBR"]), ["G,B"]),  # holds the delimiter
        (_bulk(["GBR"]), [""]),
    ],
)
def test_select_lines_declines_what_bytes_cannot_decide(text: str, wanted: list[str]) -> None:
    assert select_lines(io.BytesIO(text.encode()), delimiter=",", wanted=wanted) is None


def test_select_lines_other_delimiter_and_no_header_newline() -> None:
    text = _bulk(["GBR", "FRA", "GBR"]).replace(",", "\t")
    got = select_lines(io.BytesIO(text.encode()), delimiter="\t", wanted=["GBR"])
    assert got is not None and got.rows.tolist() == [0, 2] and got.rows_total == 3
    assert select_lines(io.BytesIO(b"ref_area,time"), delimiter=",", wanted=["GBR"]) is None


# ------------------------------------------------------------------ through read_ilostat
@settings(max_examples=60, deadline=None)
@given(
    areas=st.lists(st.sampled_from(AREAS), min_size=1, max_size=40),
    wanted=st.lists(st.sampled_from([*AREAS, "ZZZ"]), min_size=1, max_size=3),
    blanks=st.frozensets(st.integers(0, 39), max_size=3),
    gz=st.booleans(),
    crlf=st.booleans(),
)
def test_pushed_down_read_equals_parse_then_filter(
    tmp_path_factory: pytest.TempPathFactory,
    areas: list[str],
    wanted: list[str],
    blanks: frozenset[int],
    gz: bool,
    crlf: bool,
) -> None:
    data = _bulk(areas, blanks=blanks, crlf=crlf).encode()
    path = tmp_path_factory.mktemp("push") / ("f.csv.gz" if gz else "f.csv")
    path.write_bytes(gzip.compress(data) if gz else data)
    for src in (lambda: path, lambda: io.BytesIO(data)):
        got = _read(src(), push=True, ref_area=wanted)
        want = _read(src(), push=False, ref_area=wanted)
        _same(got, want, pushed=True)
        assert got.attrs["pedw"]["rows_read"] == len(areas)
        assert got.attrs["pedw"]["rows_parsed"] == sum(a in wanted for a in areas) == len(got)


def test_real_bulk_file_pushed_down_and_not() -> None:
    path = real_file("EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv")
    _same(
        _read(path, push=True, ref_area="GBR"),
        _read(path, push=False, ref_area="GBR"),
        pushed=True,
    )
    _same(
        _read(path, push=True, ref_area=["GBR"], time=(2010, 2015), sex="SEX_F"),
        _read(path, push=False, ref_area=["GBR"], time=(2010, 2015), sex="SEX_F"),
        pushed=True,
    )
    # the labelled export is quoted: parsed whole and filtered after
    ear = real_file("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv")
    assert "rows_parsed" not in _read(ear, push=True, ref_area="Afghanistan").attrs["pedw"]


def test_parse_error_in_a_selected_line_names_the_files_line(tmp_path: Path) -> None:
    areas = ["FRA"] * 10 + ["GBR"] * 5
    text = _bulk(areas).replace(",12.25,", ",12.2x,")  # row 12 (GBR) -> line 14 of the file
    path = tmp_path / "f.csv"
    path.write_text(text)
    with pytest.raises(ParseError) as err:
        _read(path, push=True, ref_area="GBR")
    assert err.value.context["line"] == 14
    # the same problem in a line of another area: that line is not parsed
    text = _bulk(areas).replace(",3.25,", ",3.2x,")
    path.write_text(text)
    assert len(_read(path, push=True, ref_area="GBR")) == 5
    with pytest.raises(ParseError):
        _read(path, push=False, ref_area="GBR")


def test_duplicate_key_in_selected_lines_names_the_files_lines(tmp_path: Path) -> None:
    lines = [_line("FRA", i) for i in range(8)] + [_line("GBR", 0), _line("GBR", 0)]
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "".join(lines))
    with pytest.raises(DuplicateKeyError) as err:
        _read(path, push=True, ref_area="GBR")
    assert err.value.context["line"] == 10 and "line 11" in str(err.value)


def test_non_utf8_in_a_selected_line_is_decoded_as_cp1252(tmp_path: Path) -> None:
    body = "".join(_line("FRA", i) for i in range(3000))  # past the sniffed head
    last = _line("GBR", 1).replace("R1:1", "Repère")
    path = tmp_path / "f.csv"
    path.write_bytes((HEADER + body + last).encode("cp1252"))
    got = _read(path, push=True, ref_area="GBR")
    assert got["note_source"].tolist() == ["Repère"]
    assert got.attrs["pedw"]["encoding"] == "cp1252" and got.attrs["pedw"]["rows_parsed"] == 1
    _same(got, _read(path, push=False, ref_area="GBR"), pushed=True)


def test_pushdown_keeps_file_order_and_positions_for_unsorted_files() -> None:
    rng = np.random.default_rng(3)
    areas = list(rng.choice(AREAS, size=500))
    data = _bulk(areas).encode()
    got = _read(io.BytesIO(data), push=True, ref_area=["GBR", "KEN"])
    want = _read(io.BytesIO(data), push=False, ref_area=["GBR", "KEN"])
    _same(got, want, pushed=True)
    assert got["ref_area"].tolist() == [a for a in areas if a in ("GBR", "KEN")]


def _outcome(src: Any, *, push: bool) -> pd.DataFrame | type[PedwError]:
    try:
        return _read(src, push=push, ref_area=["GBR", "KEN"])
    except PedwError as exc:
        return type(exc)


def _agree(a: pd.DataFrame | type[PedwError], b: pd.DataFrame | type[PedwError]) -> bool:
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b)
        except AssertionError:
            return False
        return True
    return not isinstance(a, pd.DataFrame) and not isinstance(b, pd.DataFrame)


@settings(max_examples=80, deadline=None)
@given(
    cut=st.floats(0.05, 0.95),
    junk=st.binary(min_size=1, max_size=12),
    where=st.floats(0, 1),
    gz=st.booleans(),
)
def test_damaged_files_give_pedw_errors_with_the_filter_too(
    cut: float, junk: bytes, where: float, gz: bool
) -> None:
    # a truncated gzip stream is a PedwError; junk bytes give what parse-then-filter gives, or
    # (the push-down parses only the selected lines) what parsing those lines alone gives
    raw = _bulk(AREAS * 40).encode()
    if gz:
        cut_gz = gzip.compress(raw)[: max(20, int(len(gzip.compress(raw)) * cut))]
        assert not isinstance(_outcome(io.BytesIO(cut_gz), push=True), pd.DataFrame)
        return
    at = int(len(raw) * where)
    raw = raw[:at] + junk + raw[at:]
    lines = raw.split(b"\n")
    selected = [lines[0]] + [ln for ln in lines[1:] if ln.split(b",", 1)[0] in (b"GBR", b"KEN")]
    alone = b"\n".join(selected) + b"\n"
    got = _outcome(io.BytesIO(raw), push=True)
    full = _outcome(io.BytesIO(raw), push=False)
    assert _agree(got, full) or _agree(got, _outcome(io.BytesIO(alone), push=False))
