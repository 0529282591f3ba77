"""GGDC loaders: read_ggdc vs a bare pandas read of the same file (same run).

The baseline only parses the file (``pandas.read_excel`` of the data sheet / ``pandas.read_stata``);
read_ggdc also validates every cell, reshapes to the tidy sector panel and does the row/cell
accounting, so a ratio a little below 1 is the cost of those steps. Also: map_sectors (ETD ->
broad sectors) vs a plain pandas map + groupby-sum.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
from _harness import Case

from pedw.errors import PedwWarning
from pedw.io import map_sectors, read_ggdc

ROOT = Path(__file__).resolve().parents[1]
DTA = ROOT / "src" / "pedw" / "data" / "samples" / "10SD_jan15.dta"
ETD = ROOT / "src" / "pedw" / "data" / "samples" / "ETD_230918.xlsx"
XLSX = ROOT / "tests" / "fixtures" / "10sd_jan15_2014.xlsx"


def _quiet_read(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PedwWarning)
        return read_ggdc(path)


def _etd_panel() -> pd.DataFrame:
    return _quiet_read(ETD)


_BROAD = {
    "A": "agriculture",
    **dict.fromkeys(["B", "C", "D+E", "F"], "industry"),
    **dict.fromkeys(["G+I", "H", "J+M+N", "K", "L", "O+P+Q", "R+S+T+U"], "services"),
}


def _plain_map(df: pd.DataFrame) -> Any:
    return (
        df.assign(sector=df["sector"].map(_BROAD))
        .groupby(["ref_area", "time", "war_flag", "sector"], sort=False)[
            ["value_added", "value_added_nominal", "employment"]
        ]
        .sum(min_count=1)
        .reset_index()
    )


def cases(quick: bool) -> list[Case]:
    repeat = 1 if quick else 3
    return [
        Case(
            name="read_ggdc 10SD dta (7,556 rows x 10 sectors)",
            setup=lambda: DTA,
            pedw=_quiet_read,
            baseline=lambda p: pd.read_stata(p),
            baseline_name="pandas.read_stata",
            repeat=repeat,
        ),
        Case(
            name="read_ggdc 10SD xlsx",
            setup=lambda: XLSX,
            pedw=_quiet_read,
            baseline=lambda p: pd.read_excel(p, sheet_name="dataset"),
            baseline_name="pandas.read_excel(sheet='dataset')",
            repeat=repeat,
        ),
        Case(
            name="read_ggdc ETD xlsx (4,437 rows x 12 sectors)",
            setup=lambda: ETD,
            pedw=_quiet_read,
            baseline=lambda p: pd.read_excel(p, sheet_name="Data"),
            baseline_name="pandas.read_excel(sheet='Data')",
            repeat=repeat,
        ),
        Case(
            name="map_sectors ETD -> broad (17,748 rows)",
            setup=_etd_panel,
            pedw=lambda df: map_sectors(df, to="broad"),
            baseline=_plain_map,
            baseline_name="pandas map + groupby-sum",
            repeat=repeat,
        ),
    ]
