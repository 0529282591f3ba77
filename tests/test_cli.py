"""The ``pedw`` command line: every subcommand, --help, exit codes and messages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from pedw.cli import build_parser, main
from pedw.io._detect import KNOWN_FORMATS, detect

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "pedw" / "data" / "samples"
ETD = SAMPLES / "ETD_230918.xlsx"
EMP = SAMPLES / "EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv"
ONS_821 = SAMPLES / "ons_indicator_8-2-1.csv"
COMMANDS = ["datasets", "profile", "read", "decompose", "sdg", "fetch"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------------- help/usage
def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    for cmd in COMMANDS:
        assert cmd in out
    assert "examples:" in out


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help_with_examples(cmd: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, cmd, "--help")
    assert code == 0
    assert "examples:" in out
    assert f"pedw {cmd}" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "bogus")[0] == 2
    assert _run(capsys)[0] == 2  # no command
    assert _run(capsys, "decompose", "nonsense", "x.csv")[0] == 2
    assert _run(capsys, "profile", "--start", "not-a-year")[0] == 2


def test_parser_is_argparse() -> None:
    assert build_parser().prog == "pedw"


# ---------------------------------------------------------------------------------- datasets
def test_datasets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "datasets")
    assert code == 0
    assert "etd" in out and "ggdc10" in out


# -------------------------------------------------------------------------------------- read
def test_read_writes_csv_and_row_accounting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ons.csv"
    code, _, err = _run(capsys, "read", str(ONS_821), "--out", str(out))
    assert code == 0
    df = pd.read_csv(out)
    raw = pd.read_csv(ONS_821)
    assert len(df) == len(raw)  # nothing dropped
    assert df["value"].tolist() == pytest.approx(raw["Value"].tolist())
    assert "rows_kept: 50" in err and "reader: read_sdg" in err


def test_read_parquet_with_ref_area(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ken.parquet"
    code, _, _ = _run(capsys, "read", str(ETD), "--ref-area", "KEN", "--out", str(out))
    assert code == 0
    df = pd.read_parquet(out)
    assert set(df["ref_area"]) == {"KEN"}
    assert {"sector", "value_added", "employment"} <= set(df.columns)


def test_read_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--quiet", "read", str(ONS_821))
    assert code == 0
    assert out.splitlines()[0].startswith("ref_area,")
    assert len(out.splitlines()) == 51


def test_read_missing_file_exit_1_names_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "read", "/no/such/file.csv")
    assert code == 1
    assert "/no/such/file.csv" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("pedw: error:")


def test_read_unknown_format_exit_1_names_file_and_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("alpha,beta\n1,2\n", encoding="utf-8")
    code, _, err = _run(capsys, "read", str(bad))
    assert code == 1
    assert str(bad) in err
    assert "ILOSTAT" in err and "World Bank" in err  # lists what pedw reads
    assert "How to fix" in err


def test_read_corrupt_xlsx_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a workbook")
    code, _, err = _run(capsys, "read", str(bad))
    assert code == 1
    assert "broken.xlsx" in err


def test_read_bad_out_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "read", str(ONS_821), "--out", str(tmp_path / "x.xls"))
    assert code == 1
    assert ".parquet" in err


def test_debug_shows_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    from pedw.errors import ParseError

    with pytest.raises(ParseError):
        main(["--debug", "read", "/no/such/file.csv"])


# ----------------------------------------------------------------------------------- detect
@pytest.mark.parametrize(
    ("name", "loader"),
    [
        ("ETD_230918.xlsx", "read_ggdc"),
        ("10SD_jan15.dta", "read_ggdc"),
        ("EMP_TEMP_SEX_ECO_NB_A_GBR_via_MWTools.csv", "read_ilostat"),
        ("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv", "read_ilostat"),
        ("ilostat_api/sdmx_probe-UNE_DEAP_SEX_AGE_RT.csv", "read_ilostat"),
        ("ons_indicator_9-2-2.csv", "read_sdg"),
        ("WDICountry.csv", "read_wdi_country"),
    ],
)
def test_detect_shipped_samples(name: str, loader: str) -> None:
    assert detect(SAMPLES / name) == loader
    assert loader in KNOWN_FORMATS


def test_detect_world_bank_fixtures() -> None:
    wb = Path(__file__).resolve().parent / "fixtures" / "worldbank"
    assert detect(wb / "API_SL.GDP.PCAP.EM.KD_DS2_en_csv_v2_synthetic.csv") == "read_wdi"
    assert detect(wb / "WDICSV_synthetic.csv") == "read_wdi"
    assert detect(wb / "databank_synthetic_Data.csv") == "read_wdi"
    assert detect(wb / "wb_api_page1_synthetic.json") == "read_wb_json"


def test_detect_gzip_ilostat(tmp_path: Path) -> None:
    import gzip

    gz = tmp_path / "emp.csv.gz"
    gz.write_bytes(gzip.compress(EMP.read_bytes()))
    assert detect(gz) == "read_ilostat"


# --------------------------------------------------------------------------------- decompose
def test_decompose_sectoral_matches_python_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pedw import datasets
    from pedw.decompose import sectoral

    out = tmp_path / "ken.csv"
    code, _, _ = _run(
        capsys,
        "decompose",
        "sectoral",
        str(ETD),
        "--ref-area",
        "KEN",
        "--method",
        "mcmillan_rodrik",
        "--start",
        "1990",
        "--end",
        "2018",
        "--out",
        str(out),
    )
    assert code == 0
    got = pd.read_csv(out)
    ken = datasets.load("etd", ref_area="KEN")
    want = sectoral(ken, start=1990, end=2018, method="mcmillan_rodrik").components
    assert got["total"].to_numpy() == pytest.approx(want["total"].to_numpy())
    assert (got["within"] + got["structural"]).to_numpy() == pytest.approx(got["total"].to_numpy())


def test_decompose_sectoral_by_sector_with_merge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys,
        "--quiet",
        "decompose",
        "sectoral",
        str(ETD),
        "--ref-area",
        "IND",
        "--merge",
        "L=J+M+N",
        "--by-sector",
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("ref_area,start,end,sector")
    assert not any(",L," in ln for ln in lines[1:])  # L merged away


def test_decompose_sectoral_real_estate_error_names_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "decompose", "sectoral", str(ETD), "--ref-area", "IND")
    assert code == 1
    assert "ETD_230918.xlsx" in err and "sector_map" in err


def test_decompose_regional(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ("R1", "A", 2000, 10.0),
        ("R1", "B", 2000, 20.0),
        ("R2", "A", 2000, 30.0),
        ("R2", "B", 2000, 40.0),
        ("R1", "A", 2010, 12.0),
        ("R1", "B", 2010, 26.0),
        ("R2", "A", 2010, 30.0),
        ("R2", "B", 2010, 44.0),
    ]
    f = tmp_path / "reg.csv"
    pd.DataFrame(rows, columns=["region", "industry", "time", "employment"]).to_csv(f, index=False)
    code, out, err = _run(
        capsys, "decompose", "regional", str(f), "--start", "2000", "--end", "2010"
    )
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    # Dunn shift-share: components add up to each region's employment change (by hand: R1 +8)
    r1 = got[got["region"] == "R1"]
    assert float(r1["total"].iloc[0]) == pytest.approx(8.0)


def test_decompose_regional_needs_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "reg.csv"
    f.write_text("region,industry,time,employment\nR1,A,2000,1\n", encoding="utf-8")
    code, _, err = _run(capsys, "decompose", "regional", str(f))
    assert code == 1 and "--start" in err


def test_decompose_firm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    df = pd.DataFrame(
        {
            "firm": [1, 2, 1, 3],
            "time": [2000, 2000, 2001, 2001],
            "productivity": [1.0, 2.0, 1.5, 3.0],
            "weight": [0.5, 0.5, 0.5, 0.5],
        }
    )
    f = tmp_path / "firms.csv"
    df.to_csv(f, index=False)
    code, out, err = _run(capsys, "decompose", "firm", str(f), "--method", "melitz_polanec")
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    # aggregate 1.5 -> 2.25: total change 0.75 by hand
    assert float(got["total"].iloc[0]) == pytest.approx(0.75)


def test_decompose_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "decompose", "firm", str(tmp_path / "missing.csv"))
    assert code == 1 and "missing.csv" in err


# --------------------------------------------------------------------------------------- sdg
def test_sdg_922_from_ilostat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    code, _, err = _run(capsys, "sdg", "9.2.2", str(EMP), "--isic", "latest", "--out", str(out))
    assert code == 0
    got = pd.read_csv(out)
    # independent: manufacturing / total for 2019, ISIC Rev.4, both sexes, from the raw file
    raw = pd.read_csv(EMP)
    r = raw[(raw["time"] == 2019) & (raw["sex"] == "SEX_T")].set_index("classif1")["obs_value"]
    want = 100 * r["ECO_ISIC4_C"] / r["ECO_ISIC4_TOTAL"]
    row = got[(got["time"] == 2019) & (got["sex"] == "SEX_T")]
    assert float(row["value"].iloc[0]) == pytest.approx(want)
    assert "warning: ClassificationBreakWarning" in err  # one line per warning
    assert all(ln.startswith("pedw:") for ln in err.strip().splitlines())


def test_sdg_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "sdg", "9.2.2", str(EMP))
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("pedw: error:")]
    assert len(errors) == 1 and "isic" in errors[0]


def test_sdg_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "sdg", "99.9.9", str(EMP))
    assert code == 1 and "99.9.9" in err


# ------------------------------------------------------------------------------------- fetch
def test_fetch_offline_without_cache_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEDW_CACHE_DIR", str(tmp_path))
    code, _, err = _run(capsys, "fetch", "wdi", "NY.GDP.MKTP.KD", "--ref-area", "KEN", "--offline")
    assert code == 1
    assert "cache" in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_fetch_ilostat_one_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "fetch", "ilostat", "A", "B", "--offline")
    assert code == 1 and "one indicator" in err


def test_fetch_module_unavailable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pedw.io.online", None)
    code, _, err = _run(capsys, "fetch", "wdi", "X", "--offline")
    assert code == 1 and "online" in err


# ----------------------------------------------------------------------------------- profile
@pytest.fixture(scope="module")
def default_profile(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    import contextlib

    out = tmp_path_factory.mktemp("profile") / "gbr"
    so, se = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(so), contextlib.redirect_stderr(se):
        code = main(["profile", "--out", str(out)])
    return code, so.getvalue(), se.getvalue(), out


def test_profile_default_writes_html_with_all_sections(
    default_profile: tuple[int, str, str, Path],
) -> None:
    from pedw.profile import SECTION_TITLES

    code, out, err, folder = default_profile
    assert code == 0
    assert out.strip() == str(folder / "report.html")
    html = (folder / "report.html").read_text(encoding="utf-8")
    import html as _html

    text = _html.unescape(html)
    for title in SECTION_TITLES.values():
        assert f"<h2>{title}</h2>" in text
    assert html.count("data:image/png;base64,") >= 6
    assert "pedw: reading shipped dataset" in err  # progress on stderr


def test_profile_default_writes_csvs(default_profile: tuple[int, str, str, Path]) -> None:
    folder = default_profile[3]
    csvs = sorted(p.name for p in folder.glob("*.csv"))
    assert "provenance_frames_read.csv" in csvs
    assert any(n.startswith("sectoral_") for n in csvs)
    assert any(n.startswith("sdg_9_2_2") for n in csvs)
    whole = pd.read_csv(folder / "sectoral_whole_period_annualised_per_year.csv")
    classic = whole[whole["method"] == "classic"].iloc[0]
    assert classic[["within", "static", "dynamic"]].sum() == pytest.approx(classic["total"])


def test_profile_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "empty"
    f.mkdir()
    code, out, err = _run(
        capsys, "--quiet", "profile", "--data", str(f), "--out", str(tmp_path / "o")
    )
    assert code == 0
    assert out == "" and err == ""
    assert (tmp_path / "o" / "report.html").exists()


def test_profile_bad_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "profile", "--format", "pdf")
    assert code == 1 and "html, md, csv, xlsx" in err


def test_profile_bad_country(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "profile", "--country", "UK")
    assert code == 1 and re.search(r"alpha-3", err)


def test_profile_missing_data_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "profile", "--data", "/no/such/dir")
    assert code == 1 and "/no/such/dir" in err
