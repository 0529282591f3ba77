"""Sectoral decomposition: pedw.decompose.sectoral vs a straightforward per-group pandas loop.

Cases:
- every ETD country (51) over every annual link 1990-2018 (28 links); ETD's Real estate (zero
  employment in 5 countries) is merged into Business services, so 11 sectors;
- a synthetic panel of 10,000 groups x 12 sectors, one period (1,000 groups with --quick).

The baseline is what a careful analyst writes by hand: loop over groups (and links), select the
two years, compute shares and productivities with pandas, sum the three classic terms.
"""

from __future__ import annotations

import itertools
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _harness import Case

from pedw.decompose.sectoral import sectoral
from pedw.errors import NegativeValueWarning

ROOT = Path(__file__).resolve().parents[1]
ETD = ROOT / "src" / "pedw" / "data" / "samples" / "ETD_230918.xlsx"
SECTOR_MAP = {"Real estate": "Business services"}


def _etd() -> pd.DataFrame:
    raw = pd.read_excel(ETD, sheet_name="Data")
    sectors = list(raw.columns[4:16])
    long = raw.melt(id_vars=["cnt", "var", "year"], value_vars=sectors, var_name="sector")
    wide = long.pivot_table(
        index=["cnt", "year", "sector"], columns="var", values="value"
    ).reset_index()
    wide = wide.rename(
        columns={"cnt": "ref_area", "year": "time", "VA_Q15": "value_added", "EMP": "employment"}
    )
    wide["sector"] = wide["sector"].replace(SECTOR_MAP)
    return (
        wide.groupby(["ref_area", "time", "sector"], as_index=False)[["value_added", "employment"]]
        .sum()
        .astype({"ref_area": object, "sector": object})
    )


def _synthetic(n_groups: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    idx = pd.MultiIndex.from_product(
        [[f"G{i:05d}" for i in range(n_groups)], [2000, 2010], [f"S{j:02d}" for j in range(12)]],
        names=["ref_area", "time", "sector"],
    )
    df = idx.to_frame(index=False)
    df["value_added"] = rng.uniform(10, 1000, len(df))
    df["employment"] = rng.uniform(1, 100, len(df))
    return df


def _plain_one(d0: pd.DataFrame, d1: pd.DataFrame) -> dict[str, float]:
    L0, L1 = d0["employment"].sum(), d1["employment"].sum()
    P0 = d0["value_added"].sum() / L0
    s0, s1 = d0["employment"] / L0, d1["employment"] / L1
    y0 = d0["value_added"] / d0["employment"]
    y1 = d1["value_added"] / d1["employment"]
    dy, ds = y1 - y0, s1 - s0
    return {
        "within": float((s0 * dy).sum() / P0),
        "static": float((y0 * ds).sum() / P0),
        "dynamic": float((dy * ds).sum() / P0),
    }


def _plain(df: pd.DataFrame, links: list[tuple[int, int]]) -> pd.DataFrame:
    out = []
    for g, d in df.groupby("ref_area", sort=False):
        by_year = {t: x.set_index("sector") for t, x in d.groupby("time")}
        for t0, t1 in links:
            d0, d1 = by_year[t0], by_year[t1].reindex(by_year[t0].index)
            out.append({"ref_area": g, "start": t0, "end": t1, **_plain_one(d0, d1)})
    return pd.DataFrame(out)


def _check(state: dict[str, object]) -> list[str]:
    df = state["df"]
    links = state["links"]
    assert isinstance(df, pd.DataFrame) and isinstance(links, list)
    ours = _run(state).components.set_index(["ref_area", "start", "end"])
    base = _plain(df, links).set_index(["ref_area", "start", "end"])
    ours = ours.loc[base.index]
    err = float(np.max(np.abs(ours[["within", "static", "dynamic"]].to_numpy() - base.to_numpy())))
    return [f"max |pedw - baseline| = {err:.2e} ({len(base):,} group-periods)"]


def _run(state: dict[str, object]) -> object:
    df = state["df"]
    years = state["years"]
    assert isinstance(df, pd.DataFrame) and isinstance(years, list)
    with warnings.catch_warnings():  # ETD: negative Utilities VA for Botswana 2011-2015
        warnings.simplefilter("ignore", NegativeValueWarning)
        return sectoral(df, periods=years, price_basis="bench", labour_unit="bench")


def cases(quick: bool) -> list[Case]:
    n = 1_000 if quick else 10_000

    def etd_setup() -> dict[str, object]:
        years = list(range(1990, 2019))
        return {"df": _etd(), "years": years, "links": list(itertools.pairwise(years))}

    def syn_setup() -> dict[str, object]:
        return {"df": _synthetic(n), "years": [2000, 2010], "links": [(2000, 2010)]}

    return [
        Case(
            name="sectoral classic: ETD 51 countries x 28 annual links x 11 sectors",
            setup=etd_setup,
            pedw=_run,
            baseline=lambda s: _plain(s["df"], s["links"]),
            baseline_name="per-group pandas loop",
            repeat=3,
            extra=_check,
        ),
        Case(
            name=f"sectoral classic: synthetic {n:,} groups x 12 sectors",
            setup=syn_setup,
            pedw=_run,
            baseline=lambda s: _plain(s["df"], s["links"]),
            baseline_name="per-group pandas loop",
            repeat=1 if not quick else 2,
            target=20.0,
            extra=_check,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run with: python benchmarks/run.py -k sectoral")
