"""Tests of pedw.io.read_ggdc on the real GGDC 10-Sector Database and ETD files.

Expected numbers are computed in the tests from the raw files, read independently of pedw
(``pandas.read_stata``, ``openpyxl`` cell by cell), and compared with what ``read_ggdc`` returns.
Quirk counts are those documented in ``../shared/data/ggdc/README.md``.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pedw._validate import validate_panel
from pedw.errors import (
    DuplicateKeyError,
    InsufficientDataError,
    MissingDataWarning,
    NegativeValueWarning,
    OptionError,
    ParseError,
    PedwError,
    PedwWarning,
    UnknownFormatError,
)
from pedw.io import read_ggdc
from tests.conftest import real_file

TENSD_DTA = real_file("10SD_jan15.dta")
TENSD_XLSX = real_file("10sd_jan15_2014.xlsx")
ETD_XLSX = real_file("ETD_230918.xlsx")

TENSD_CODES = ["AGR", "MIN", "MAN", "PU", "CON", "WRT", "TRA", "FIRE", "GOV", "OTH"]
ETD_CODES = ["A", "B", "C", "D+E", "F", "G+I", "H", "J+M+N", "K", "L", "O+P+Q", "R+S+T+U"]
ETD_HEADERS = [
    "Agriculture",
    "Mining",
    "Manufacturing",
    "Utilities",
    "Construction",
    "Trade services",
    "Transport services",
    "Business services",
    "Financial services",
    "Real estate",
    "Government services",
    "Other services",
]
MEASURE_OF = {"EMP": "employment", "VA": "value_added_nominal"}


def _quiet(*args: Any, **kwargs: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        return read_ggdc(*args, **kwargs)


@pytest.fixture(scope="module")
def raw_dta() -> pd.DataFrame:
    return pd.read_stata(TENSD_DTA)


@pytest.fixture(scope="module")
def raw_etd() -> pd.DataFrame:
    return pd.read_excel(ETD_XLSX, sheet_name="Data")


@pytest.fixture(scope="module")
def tensd() -> pd.DataFrame:
    return _quiet(TENSD_DTA)


@pytest.fixture(scope="module")
def tensd_xlsx() -> pd.DataFrame:
    return _quiet(TENSD_XLSX)


@pytest.fixture(scope="module")
def etd() -> pd.DataFrame:
    return _quiet(ETD_XLSX, aggregate="column")


# ------------------------------------------------------------------- row counts and values
def test_10sd_row_counts_against_raw(raw_dta: pd.DataFrame, tensd: pd.DataFrame) -> None:
    meta = tensd.attrs["pedw"]
    assert meta["rows_read"] == len(raw_dta) == 7556
    used_vars = raw_dta["Variable"].isin(["EMP", "VA", "VA_Q05"])
    nonempty = raw_dta[TENSD_CODES].notna().any(axis=1)
    country_years = raw_dta.loc[used_vars & nonempty, ["Country", "Year"]].drop_duplicates()
    assert len(tensd) == len(country_years) * 10
    assert meta["rows_kept"] == len(tensd)
    # VA_Q91 (West Germany, 61 rows) and VA_Q10 (NGA(alt), 4 rows) are another price base
    assert meta["rows_dropped"]["other price base"] == 61 + 4
    assert meta["rows_dropped"]["no sector values"] == int((used_vars & ~nonempty).sum())
    assert meta["source_rows_used"] == int((used_vars & nonempty).sum())
    assert sum(meta["rows_dropped"].values()) + meta["source_rows_used"] == meta["rows_read"]
    # every sector cell accounted for
    c = meta["cells"]
    assert c["read"] == 7556 * 10
    assert c["in rows not used"] + c["values"] + sum(c["missing"].values()) == c["read"]
    assert c["values"] == int(
        tensd[["value_added", "value_added_nominal", "employment"]].notna().sum().sum()
    )
    assert set(tensd["sector"]) == set(TENSD_CODES)  # SUM is not a sector
    assert tensd["time"].dtype == np.int64
    assert tensd["value_added"].dtype == np.float64


def test_10sd_values_equal_raw_cells(raw_dta: pd.DataFrame, tensd: pd.DataFrame) -> None:
    long = raw_dta.melt(
        id_vars=["Country", "Variable", "Year"], value_vars=TENSD_CODES, var_name="sector"
    ).dropna(subset=["value"])
    long = long[long["Variable"].isin(["EMP", "VA", "VA_Q05"])]
    long["measure"] = long["Variable"].map({**MEASURE_OF, "VA_Q05": "value_added"})
    got = tensd.melt(id_vars=["ref_area", "time", "sector"], var_name="measure").dropna()
    merged = long.merge(
        got,
        left_on=["Country", "Year", "sector", "measure"],
        right_on=["ref_area", "time", "sector", "measure"],
        how="outer",
        indicator=True,
    )
    assert (merged["_merge"] == "both").all()
    np.testing.assert_array_equal(merged["value_x"].to_numpy(), merged["value_y"].to_numpy())


def test_10sd_spot_cells_read_with_openpyxl(tensd_xlsx: pd.DataFrame) -> None:
    """Cells located by hand in the workbook with openpyxl (no pandas involved)."""
    ws = openpyxl.load_workbook(TENSD_XLSX, read_only=True)["dataset"]
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    col = {h.strip(): i for i, h in enumerate(header)}
    targets = {
        ("KEN", "VA_Q05", 2000): ("Agriculture", "AGR", "value_added"),
        ("PER", "VA", 1960): (
            "Finance, insurance, real estate and business services",
            "FIRE",
            "value_added_nominal",
        ),
        ("IND", "EMP", 1990): ("Manufacturing", "MAN", "employment"),
        ("USA", "EMP", 2010): ("Government services", "GOV", "employment"),
    }
    found = 0
    for r in rows:
        key = (r[col["Country"]], r[col["Variable"]], r[col["Year"]])
        if key in targets:
            header_name, code, measure = targets[key]
            expected = r[col[header_name]]
            got = tensd_xlsx.loc[
                (tensd_xlsx["ref_area"] == key[0])
                & (tensd_xlsx["time"] == key[2])
                & (tensd_xlsx["sector"] == code),
                measure,
            ]
            assert got.tolist() == [float(expected)]
            found += 1
    assert found == len(targets)


def test_10sd_xlsx_equals_dta(tensd: pd.DataFrame, tensd_xlsx: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(tensd, tensd_xlsx)
    mx, md = tensd_xlsx.attrs["pedw"], tensd.attrs["pedw"]
    assert mx["cells"] == md["cells"]
    assert mx["format"].startswith("ggdc10_xlsx") and md["format"] == "ggdc10_dta"
    assert md["vintage"].startswith("12 Jan 2015")  # the dta's own time stamp


def test_10sd_xlsx_text_quirks() -> None:
    with pytest.warns(MissingDataWarning, match="includes them in another sector"):
        df = read_ggdc(TENSD_XLSX, ref_area=["MOR", "EGY", "BWA"])
    text = df.attrs["pedw"]["text_cells"]
    assert text["'incl in ...' (included in another sector)"] == 106  # README: 106 times
    # " " in FIRE for the African rows and in SUM for empty rows; all are missing, none junk
    oth = df[(df["sector"] == "OTH") & df["ref_area"].isin(["MOR", "EGY"])]
    assert oth["employment"].isna().all()  # "incl in gov. services": NaN, never zero
    assert (oth["value_added"].notna()).any()


def test_10sd_blank_text_counts() -> None:
    df = _quiet(TENSD_XLSX)
    # README: " " appears 95 times in FIRE and 865 times in SUM
    assert df.attrs["pedw"]["text_cells"]["' ' (blank text, missing)"] == 95 + 865


def test_10sd_sectors_add_up_to_sum(raw_dta: pd.DataFrame) -> None:
    df = _quiet(TENSD_DTA, aggregate="column")
    for m in ("employment", "value_added"):
        s = df.groupby(["ref_area", "time"])[m].sum(min_count=1)
        t = df.groupby(["ref_area", "time"])[f"{m}_total"].first()
        ok = t.notna()
        np.testing.assert_allclose(s[ok], t[ok], rtol=1e-14)
    assert df.attrs["pedw"]["additivity"]["employment"] < 1e-14


def test_10sd_included_elsewhere_is_nan_and_merge(raw_dta: pd.DataFrame) -> None:
    with pytest.warns(MissingDataWarning, match="included='merge'"):
        plain = read_ggdc(TENSD_DTA, ref_area=["BOL", "KEN"])
    gov = plain[(plain["ref_area"] == "BOL") & (plain["sector"] == "GOV")]
    assert gov["employment"].isna().all() and len(gov) > 0
    merged = _quiet(TENSD_DTA, ref_area=["BOL", "KEN"], included="merge", aggregate="column")
    assert merged.attrs["pedw"]["merged_areas"] == ["BOL"]
    bol = merged[merged["ref_area"] == "BOL"]
    assert set(bol["sector"]) == {*TENSD_CODES[:8], "GOV+OTH"}
    assert set(merged.loc[merged["ref_area"] == "KEN", "sector"]) == set(TENSD_CODES)
    raw = raw_dta[(raw_dta["Country"] == "BOL") & (raw_dta["Variable"] == "EMP")]
    raw = raw[raw[TENSD_CODES].notna().any(axis=1)]
    expected = raw[["GOV", "OTH"]].sum(axis=1, min_count=1).to_numpy()
    got = bol[bol["sector"] == "GOV+OTH"].set_index("time")["employment"]
    np.testing.assert_array_equal(got.loc[raw["Year"]].to_numpy(), expected)
    # the merged panel adds up to the producer's SUM
    s = bol.groupby("time")["employment"].sum(min_count=1)
    t = bol.groupby("time")["employment_total"].first()
    np.testing.assert_allclose(s, t, rtol=1e-14)


def test_10sd_partial_rows_are_not_available_not_included() -> None:
    with pytest.warns(MissingDataWarning, match="not available in rows that have other sectors"):
        df = read_ggdc(TENSD_DTA, ref_area="NLD", time=(1950, 1950), variables="employment")
    cells = df.attrs["pedw"]["cells"]["missing"]
    assert cells == {"not available (row has other sectors)": 9}
    assert df.loc[df["sector"] == "AGR", "employment"].notna().all()


def test_10sd_negative_fire_peru_kept(raw_dta: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)  # PER GOV is included in OTH
        with pytest.warns(NegativeValueWarning, match="PER FIRE 1950-1985"):
            df = read_ggdc(TENSD_DTA, ref_area="PER", variables="value_added_nominal")
    fire = df[df["sector"] == "FIRE"].set_index("time")["value_added_nominal"]
    assert int((fire < 0).sum()) == 36
    assert df.attrs["pedw"]["negative_values"] == {"value_added_nominal": 36}
    raw = raw_dta[(raw_dta["Country"] == "PER") & (raw_dta["Variable"] == "VA")].set_index("Year")
    np.testing.assert_array_equal(fire.loc[raw.index].to_numpy(), raw["FIRE"].to_numpy())


def test_10sd_other_price_bases(raw_dta: pd.DataFrame) -> None:
    with pytest.warns(MissingDataWarning, match=r"\['DEW'\] have constant prices only at"):
        default = read_ggdc(TENSD_DTA, ref_area="DEW")
    assert default["value_added"].isna().all()
    assert default.attrs["pedw"]["price_basis"] == "constant 2005 national prices (LCU)"
    dew = _quiet(TENSD_DTA, ref_area="DEW", base=1991)
    assert dew.attrs["pedw"]["price_basis"] == "constant 1991 national prices (LCU)"
    assert dew.attrs["pedw"]["units"]["value_added"].endswith("constant 1991 national prices")
    raw = raw_dta[(raw_dta["Country"] == "DEW") & (raw_dta["Variable"] == "VA_Q91")]
    raw = raw[raw[TENSD_CODES].notna().any(axis=1)]
    assert len(raw) > 30
    got = dew[dew["sector"] == "MAN"].set_index("time")["value_added"]
    np.testing.assert_array_equal(got.loc[raw["Year"]].to_numpy(), raw["MAN"].to_numpy())
    nga = _quiet(TENSD_DTA, ref_area="NGA(alt)", base=2010)
    assert sorted(nga["time"].unique()) == [2010, 2011, 2012, 2013]
    assert nga["employment"].isna().all()  # NGA(alt) has no EMP rows
    with pytest.raises(OptionError, match="base=1999"):
        read_ggdc(TENSD_DTA, ref_area="DEW", base=1999)


def test_10sd_non_iso_codes_kept() -> None:
    df = _quiet(TENSD_DTA, time=2000)
    assert {"MOR", "NGA"} <= set(df["ref_area"])
    with pytest.raises(OptionError, match="'MOR' for Morocco"):
        read_ggdc(TENSD_DTA, ref_area="MAR")


# --------------------------------------------------------------------------------- ETD
def test_etd_counts_and_values(raw_etd: pd.DataFrame, etd: pd.DataFrame) -> None:
    assert etd.attrs["pedw"]["rows_read"] == len(raw_etd) == 4437
    assert len(etd) == 51 * 29 * 12
    assert list(etd["sector"].unique()) == ETD_CODES
    long = raw_etd.rename(columns=dict(zip(ETD_HEADERS, ETD_CODES, strict=True))).melt(
        id_vars=["cnt", "var", "year"], value_vars=ETD_CODES, var_name="sector"
    )
    long["measure"] = long["var"].map({**MEASURE_OF, "VA_Q15": "value_added"})
    got = etd.melt(
        id_vars=["ref_area", "time", "sector"],
        value_vars=["value_added", "value_added_nominal", "employment"],
        var_name="measure",
    )
    m = long.merge(
        got,
        left_on=["cnt", "year", "sector", "measure"],
        right_on=["ref_area", "time", "sector", "measure"],
    )
    assert len(m) == len(long) == len(got)
    np.testing.assert_array_equal(m["value_x"].to_numpy(), m["value_y"].to_numpy())
    assert etd.attrs["pedw"]["vintage"] == "15 July 2021"
    assert etd.attrs["pedw"]["price_basis"] == "constant 2015 national prices (LCU)"
    assert etd.attrs["pedw"]["areas"]["KEN"] == {"name": "Kenya"}


def test_etd_sectors_sum_exactly_to_total(etd: pd.DataFrame) -> None:
    for m in ("value_added", "value_added_nominal", "employment"):
        wide = etd.pivot(index=["ref_area", "time"], columns="sector", values=m)
        total = wide[ETD_CODES[0]].copy()
        for code in ETD_CODES[1:]:  # left to right, as the producer's spreadsheet adds
            total = total + wide[code]
        producer = etd.groupby(["ref_area", "time"])[f"{m}_total"].first()
        assert (total == producer.loc[total.index]).all()


def test_etd_war_flag(raw_etd: pd.DataFrame, etd: pd.DataFrame) -> None:
    assert int(raw_etd["War flag"].sum()) == 237
    flagged = raw_etd.loc[raw_etd["War flag"] == 1, ["cnt", "year"]].drop_duplicates()
    assert int(etd["war_flag"].sum()) == len(flagged) * 12
    assert etd["war_flag"].dtype == bool


def test_etd_negative_utilities_warn() -> None:
    with pytest.warns(NegativeValueWarning, match="BWA D"):
        read_ggdc(ETD_XLSX, ref_area="BWA")


def test_output_is_a_valid_decomposition_panel(etd: pd.DataFrame) -> None:
    validate_panel(
        etd,
        keys=["ref_area", "time", "sector"],
        numeric=["value_added", "employment"],
        complete=["value_added", "employment"],
        components="sector",
    )


# ------------------------------------------------------------------------- options
def test_filters_and_accounting() -> None:
    df = _quiet(
        ETD_XLSX,
        ref_area=["KEN", "GHA"],
        time=(2000, 2004),
        variables=["employment"],
        sectors=["A", "C"],
    )
    assert sorted(df["ref_area"].unique()) == ["GHA", "KEN"]
    assert df["time"].between(2000, 2004).all() and df["time"].nunique() == 5
    assert list(df.columns) == ["ref_area", "time", "sector", "employment", "war_flag"]
    assert len(df) == 2 * 5 * 2
    meta = df.attrs["pedw"]
    assert meta["rows_dropped"] == {"filtered": 4437 - 2 * 5}
    assert meta["units"] == {"employment": "thousands of persons engaged"}
    one = _quiet(ETD_XLSX, ref_area="KEN", time=2010)
    assert one["time"].unique().tolist() == [2010] and len(one) == 12
    open_end = _quiet(ETD_XLSX, ref_area="KEN", time=(2017, None))
    assert sorted(open_end["time"].unique()) == [2017, 2018]


def test_filter_errors() -> None:
    with pytest.raises(InsufficientDataError, match="covers 1990-2018"):
        read_ggdc(ETD_XLSX, time=(1950, 1960))
    with pytest.raises(OptionError):
        read_ggdc(ETD_XLSX, time=(2010, 2000))
    with pytest.raises(OptionError):
        read_ggdc(ETD_XLSX, time="2010")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="sectors"):
        read_ggdc(ETD_XLSX, ref_area="KEN", sectors=["AGR"])
    with pytest.raises(OptionError, match="variables"):
        read_ggdc(ETD_XLSX, variables=["gdp"])
    with pytest.raises(OptionError, match="included"):
        read_ggdc(ETD_XLSX, included="zero")  # type: ignore[arg-type]


def test_labels_modes() -> None:
    both = _quiet(ETD_XLSX, ref_area="KEN", time=2000, labels="both")
    assert both.loc[both["sector"] == "J+M+N", "sector_label"].item() == "Business services"
    lab = _quiet(ETD_XLSX, ref_area="KEN", time=2000, labels="label")
    assert lab["sector"].tolist()[:2] == ["Agriculture", "Mining"]


def test_buffers_and_bytes_equal_path() -> None:
    path = _quiet(TENSD_DTA, ref_area="KEN")
    data = TENSD_DTA.read_bytes()
    pd.testing.assert_frame_equal(_quiet(io.BytesIO(data), ref_area="KEN"), path)
    pd.testing.assert_frame_equal(_quiet(data, ref_area="KEN"), path)
    with open(TENSD_DTA, "rb") as fh:
        pd.testing.assert_frame_equal(_quiet(fh, ref_area="KEN"), path)


@settings(max_examples=8, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ARG", "BOL", "KEN", "PER", "DEW", "NLD", "MOR"]),
        min_size=1,
        max_size=3,
        unique=True,
    )
)
def test_pushdown_filter_equals_filtering_after(areas: list[str]) -> None:
    full = _quiet(TENSD_DTA)
    part = _quiet(TENSD_DTA, ref_area=areas)
    expected = full[full["ref_area"].isin(areas)].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)


# ------------------------------------------------------------------ corrupted inputs
def _etd_bytes(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, sheet_name=sheet, index=False)
    return buf.getvalue()


@pytest.fixture(scope="module")
def small_etd(raw_etd: pd.DataFrame) -> pd.DataFrame:
    keep = raw_etd["cnt"].isin(["KEN", "GHA"]) & raw_etd["year"].between(2000, 2001)
    return raw_etd[keep].reset_index(drop=True).astype(dict.fromkeys(ETD_HEADERS, object))


@pytest.mark.parametrize("junk", ["n/a", "NA", "-", True, "1,5", "inf"])
def test_junk_value_cell_names_line_and_column(small_etd: pd.DataFrame, junk: Any) -> None:
    # pandas' read_excel would turn "n/a"/"NA" into NaN and True into 1.0: pedw must not
    bad = small_etd.copy()
    bad.loc[3, "Mining"] = junk
    with pytest.raises(ParseError) as err:
        read_ggdc(_etd_bytes(bad))
    assert err.value.context["line"] == 3 + 2  # header on Excel row 1
    assert err.value.context["column"] == "Mining"
    assert repr(junk) in str(err.value)


def test_missing_column_and_wrong_sheet(small_etd: pd.DataFrame) -> None:
    with pytest.raises(ParseError, match="lacks column") as err:
        read_ggdc(_etd_bytes(small_etd.drop(columns=["Real estate"])))
    assert err.value.context["column"] == "real estate"
    with pytest.raises(UnknownFormatError, match="No GGDC data sheet"):
        read_ggdc(_etd_bytes(small_etd, sheet="Sheet1"))
    with pytest.raises(UnknownFormatError, match="no sheet"):
        read_ggdc(_etd_bytes(small_etd), sheet="dataset")
    with pytest.raises(UnknownFormatError):
        read_ggdc(_etd_bytes(pd.DataFrame({"a": [1], "b": [2]})))
    with pytest.raises(UnknownFormatError):
        read_ggdc(b"country,cnt,var\nKenya,KEN,VA\n")
    with pytest.raises(ParseError, match="does not exist"):
        read_ggdc(Path("/nonexistent/ETD.xlsx"))


def test_duplicate_rows_and_bad_years(small_etd: pd.DataFrame) -> None:
    dup = pd.concat([small_etd, small_etd.iloc[[0]]], ignore_index=True)
    with pytest.raises(DuplicateKeyError):
        read_ggdc(_etd_bytes(dup))
    bad = small_etd.astype({"year": object})
    bad.loc[1, "year"] = "2000a"
    with pytest.raises(ParseError, match="whole years") as err:
        read_ggdc(_etd_bytes(bad))
    assert err.value.context["line"] == 3


_JUNK = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=0, max_size=6),
    st.sampled_from([" ", "  ", "incl in gov. services", "-", "..", "1,5", "nan", "inf", True]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=25, deadline=None)
@given(
    row=st.integers(0, 11),
    col=st.sampled_from([*ETD_HEADERS, "Total", "War flag", "year", "cnt", "var"]),
    value=_JUNK,
)
@example(row=0, col="Agriculture", value=float("inf"))  # found by CI: openpyxl OverflowError
def test_fuzz_cells_only_pedw_errors_or_warnings(
    small_etd: pd.DataFrame, row: int, col: str, value: Any
) -> None:
    bad = small_etd.astype({col: object})
    bad.loc[row, col] = value
    data = _etd_bytes(bad)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any non-pedw warning fails the test
        warnings.simplefilter("ignore", PedwWarning)
        try:
            df = read_ggdc(data)
        except PedwError:
            return
    # loaded: the corrupted cell is either a number we read exactly, or missing with a reason
    if col in ETD_HEADERS:
        assert len(df) == 2 * 2 * 12
        code = ETD_CODES[ETD_HEADERS.index(col)]
        measure = {"VA": "value_added_nominal", "VA_Q15": "value_added", "EMP": "employment"}[
            small_etd.loc[row, "var"]
        ]
        got = df.loc[
            (df["ref_area"] == small_etd.loc[row, "cnt"])
            & (df["time"] == small_etd.loc[row, "year"])
            & (df["sector"] == code),
            measure,
        ].item()
        number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iloc[0]
        if isinstance(value, bool) or (isinstance(value, str) and value.strip() == ""):
            number = np.nan
        if not np.isnan(number):
            # the xlsx writer may round the last bit of a double; the reader adds nothing
            assert got == pytest.approx(number, rel=1e-15, abs=0.0)
        else:
            assert np.isnan(got)
            assert sum(df.attrs["pedw"]["cells"]["missing"].values()) == 1


@settings(max_examples=15, deadline=None)
@given(cut=st.floats(0.0, 0.999))
def test_fuzz_truncated_files(cut: float) -> None:
    for path in (TENSD_DTA, ETD_XLSX):
        data = path.read_bytes()
        with pytest.raises(PedwError):
            read_ggdc(data[: int(len(data) * cut)])
