"""Regional shift-share: pedw.decompose.regional (dynamic) vs a per-region pandas loop.

Synthetic panel of regions x industries x years (3,000 x 100 x 20 in full mode). The baseline
is what a careful user writes without pedw: national growth factors once, then a loop over the
regions (groupby), each region pivoted to industry x year and decomposed year pair by year
pair with pandas arithmetic, and the annual components summed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from _harness import Case

from pedw.decompose.regional import regional


def _panel(n_regions: int, n_industries: int, n_years: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    idx = pd.MultiIndex.from_product(
        [
            [f"R{i:04d}" for i in range(n_regions)],
            [f"I{j:03d}" for j in range(n_industries)],
            range(2000, 2000 + n_years),
        ],
        names=["region", "industry", "time"],
    )
    df = idx.to_frame(index=False)
    df["employment"] = rng.uniform(1.0, 1000.0, len(df)).round(1)
    return df


def _loop(df: pd.DataFrame, method: str) -> pd.DataFrame:
    nat = df.groupby(["industry", "time"])["employment"].sum().unstack("time")
    years = list(nat.columns)
    n0, n1 = nat[years[:-1]], nat[years[1:]].set_axis(years[:-1], axis=1)
    g_i = n1 / n0  # national industry growth factors, industry x base year
    g = n1.sum() / n0.sum()  # national growth factor by base year
    share = n0 / n0.sum()  # national industry shares (for the homothetic employment)
    rows = []
    for name, sub in df.groupby("region", sort=True):
        m = sub.pivot(index="industry", columns="time", values="employment")
        x0 = m[years[:-1]]
        x1 = m[years[1:]].set_axis(years[:-1], axis=1)
        e_j1 = x0.sum()
        ns = e_j1 * (g - 1)
        im = (x0 * g_i).sum() - e_j1 * g
        diff = x1 / x0 - g_i
        row: dict[str, Any] = {
            "region": name,
            "national_share": ns.sum(),
            "industry_mix": im.sum(),
        }
        if method == "dunn":
            row["regional_shift"] = (x0 * diff).sum().sum()
        else:
            hom = share * e_j1
            row["competitive"] = (hom * diff).sum().sum()
            row["allocation"] = ((x0 - hom) * diff).sum().sum()
        row["total"] = m[years[-1]].sum() - m[years[0]].sum()
        rows.append(row)
    return pd.DataFrame(rows)


def _pedw(df: pd.DataFrame, method: str) -> pd.DataFrame:
    start, end = int(df["time"].min()), int(df["time"].max())
    res = regional(df, start=start, end=end, method=method, dynamic=True)  # type: ignore[arg-type]
    return res.components


def _agreement(df: pd.DataFrame, method: str) -> list[str]:
    a = _pedw(df, method).drop(columns=["start", "end", "net_total_shift"], errors="ignore")
    b = _loop(df, method)
    a = a.set_index("region").sort_index()
    b = b.set_index("region").sort_index()[a.columns]
    err = float(np.abs(a.to_numpy() - b.to_numpy()).max() / np.abs(b.to_numpy()).max())
    return [f"max relative difference pedw vs loop: {err:.2e}"]


def cases(quick: bool) -> list[Case]:
    dims = (200, 20, 6) if quick else (3000, 100, 20)
    label = " x ".join(map(str, dims))
    out = []
    for method in ("dunn", "esteban_marquillas"):
        out.append(
            Case(
                name=f"regional dynamic {method} {label} (regions x industries x years)",
                setup=lambda: _panel(*dims),
                pedw=lambda df, m=method: _pedw(df, m),
                baseline=lambda df, m=method: _loop(df, m),
                baseline_name="per-region pandas loop",
                repeat=3 if quick else 2,
                target=20.0,
                extra=lambda df, m=method: _agreement(df, m),
            )
        )
    return out
