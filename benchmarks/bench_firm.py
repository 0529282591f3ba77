"""Firm-level decompositions: pedw.decompose.firm on a synthetic firm-year panel.

Full size: 10 million firm-years, 500 industries, 20 years (all 19 consecutive pairs,
Melitz-Polanec). Quick mode: 200,000 rows, 50 industries. Two baselines measured in the same run:

(a) a per-group pandas loop (for each industry and each pair: select the two years, outer-merge
    the firms, sum the Melitz-Polanec terms) -- target: pedw >= 10x faster;
(b) the floor: one bare ``numpy.bincount`` pass over the same arrays (weights summed by
    industry-year) -- the ratio says how many such passes pedw costs.

Memory: the pandas path is run once more in a fresh subprocess under ``tracemalloc`` and the
peak of memory allocated during the call is reported relative to the input frame's memory
(``df.memory_usage(deep=True)``); the issue's limit is 3x.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import Case

import pedw

HERE = Path(__file__).resolve().parent


def panel(n_rows: int, n_groups: int = 500, n_years: int = 20, seed: int = 0) -> pd.DataFrame:
    """Firm-year panel with entry and exit (each firm present in a year with probability 0.8)."""
    rng = np.random.default_rng(seed)
    p = 0.8
    n_firms = max(round(n_rows / (n_groups * n_years * p)), 2)
    g = np.repeat(np.arange(n_groups, dtype=np.int32), n_firms * n_years)
    f = np.tile(np.repeat(np.arange(n_firms, dtype=np.int64), n_years), n_groups)
    t = np.tile(np.arange(2000, 2000 + n_years, dtype=np.int64), n_groups * n_firms)
    keep = rng.random(len(g)) < p
    df = pd.DataFrame({"industry": g[keep], "firm": f[keep], "time": t[keep]})
    df["productivity"] = rng.normal(0.0, 0.5, len(df))
    df["weight"] = rng.lognormal(2.0, 1.0, len(df))
    return df


@cache
def _state(n_rows: int, n_groups: int) -> dict[str, Any]:
    df = panel(n_rows, n_groups=n_groups)
    years = np.sort(df["time"].unique())
    bins = df["industry"].to_numpy(np.int64) * len(years) + np.searchsorted(
        years, df["time"].to_numpy()
    )
    return {
        "df": df,
        "bins": bins,
        "n_bins": n_groups * len(years),
        "n_rows": n_rows,
        "n_groups": n_groups,
    }


def _pedw(state: dict[str, Any]) -> pd.DataFrame:
    res = pedw.decompose.firm(state["df"], method="melitz_polanec", consecutive=True, by="industry")
    return res.components


def _mp_pair(a: pd.DataFrame, b: pd.DataFrame) -> tuple[float, float, float, float]:
    m = a.merge(b, on="firm", how="outer", suffixes=("0", "1"))
    sv = m["s0"].notna() & m["s1"].notna()
    en = m["s0"].isna()
    ex = m["s1"].isna()
    s = m[sv]
    n = len(s)
    w0, w1 = s["s0"].sum(), s["s1"].sum()
    m0, m1 = s["productivity0"].mean(), s["productivity1"].mean()
    cov0 = ((s["s0"] / w0 - 1 / n) * (s["productivity0"] - m0)).sum()
    cov1 = ((s["s1"] / w1 - 1 / n) * (s["productivity1"] - m1)).sum()
    phi_s0 = (s["s0"] * s["productivity0"]).sum() / w0
    phi_s1 = (s["s1"] * s["productivity1"]).sum() / w1
    entry = (m.loc[en, "s1"] * (m.loc[en, "productivity1"] - phi_s1)).sum()
    exit_ = (m.loc[ex, "s0"] * (phi_s0 - m.loc[ex, "productivity0"])).sum()
    return m1 - m0, cov1 - cov0, entry, exit_


def _loop(state: dict[str, Any]) -> pd.DataFrame:
    """Per-group pandas loop: the way the decomposition is usually scripted."""
    rows = []
    for g, sub in state["df"].groupby("industry"):
        sub = sub.assign(s=sub["weight"] / sub.groupby("time")["weight"].transform("sum"))
        cols = ["firm", "s", "productivity"]
        by_year = {t: d[cols] for t, d in sub.groupby("time")}
        for t0, t1 in itertools.pairwise(sorted(by_year)):
            rows.append((g, t0, t1, *_mp_pair(by_year[t0], by_year[t1])))
    return pd.DataFrame(
        rows, columns=["industry", "start", "end", "within", "between", "entry", "exit"]
    )


def _bincount(state: dict[str, Any]) -> np.ndarray[Any, Any]:
    return np.bincount(
        state["bins"], weights=state["df"]["weight"].to_numpy(), minlength=state["n_bins"]
    )


_MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, sys, tracemalloc
    sys.path.insert(0, {here!r})
    from bench_firm import panel
    import pedw
    df = panel({n}, n_groups={g})
    size = int(df.memory_usage(deep=True).sum())
    firm = pedw.decompose.firm
    tracemalloc.start()
    firm(df, method="melitz_polanec", consecutive=True, by="industry")
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({{"input": size, "peak": peak}}))
    """
)


def _memory(state: dict[str, Any]) -> list[str]:
    script = _MEMORY_SCRIPT.format(here=str(HERE), n=state["n_rows"], g=state["n_groups"])
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    m = json.loads(out.strip().splitlines()[-1])
    ratio = m["peak"] / m["input"]
    return [
        f"memory: input frame {m['input'] / 1e6:,.0f} MB, peak allocated during firm() "
        f"{m['peak'] / 1e6:,.0f} MB = {ratio:.2f}x input (limit 3x; tracemalloc, fresh process)"
    ]


def _check_same(state: dict[str, Any]) -> list[str]:
    a = _pedw(state).set_index(["industry", "start", "end"]).sort_index()
    b = _loop(state).set_index(["industry", "start", "end"]).sort_index()
    diff = float(np.nanmax(np.abs(a[b.columns].to_numpy() - b.to_numpy())))
    return [f"max |pedw - loop| over all terms: {diff:.1e}", *_memory(state)]


def cases(quick: bool) -> list[Case]:
    # quick mode keeps the per-group loop short: 50 industries
    n, g = (200_000, 50) if quick else (10_000_000, 500)
    label = f"{n:,} firm-years x {g} industries, 19 consecutive pairs, melitz_polanec"
    return [
        Case(
            name=f"firm (pandas) {label}",
            setup=lambda: _state(n, g),
            pedw=_pedw,
            baseline=_loop,
            baseline_name="per-group pandas loop",
            repeat=1,
            target=10.0,
            extra=_check_same,
        ),
        Case(
            name=f"firm (pandas) vs bincount floor {label}",
            setup=lambda: _state(n, g),
            pedw=_pedw,
            baseline=_bincount,
            baseline_name="one numpy bincount pass",
            repeat=3 if quick else 1,
        ),
    ]
