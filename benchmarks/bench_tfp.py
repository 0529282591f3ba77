"""Enterprise TFP: pedw.tfp.estimate (ACF with a firm-block bootstrap) on a simulated panel.

Full size: 100,000 firm-years (10,000 firms x 10 years) and 200 bootstrap replications; quick
mode: 10,000 firm-years and 20 replications. Baseline measured in the same run: one plain
statsmodels OLS of log value added on log labour and log capital (with a constant) on the same
data -- the cheapest production-function "estimate" there is, without standard errors worth
the name. The ratio (baseline / pedw, < 1) says how many OLS fits one ACF estimate with its
bootstrap costs. Extra lines: the ACF point estimate alone, and the cost per replication.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from _harness import Case

import pedw.tfp


def _setup(n_firms: int, reps: int) -> dict[str, Any]:
    df = pedw.tfp.simulate(n_firms=n_firms, n_years=10, seed=0)
    return {"df": df, "reps": reps}


def _pedw(state: dict[str, Any]) -> Any:
    t0 = time.perf_counter()
    res = pedw.tfp.estimate(state["df"], method="acf", bootstrap=state["reps"], seed=0)
    state["pedw_s"] = min(state.get("pedw_s", np.inf), time.perf_counter() - t0)
    state["result"] = res
    return res


def _ols(state: dict[str, Any]) -> Any:
    import statsmodels.api as sm

    t0 = time.perf_counter()
    df = state["df"]
    x = sm.add_constant(df[["labour", "capital"]].to_numpy())
    fit = sm.OLS(df["va"].to_numpy(), x).fit()
    state["ols_s"] = min(state.get("ols_s", np.inf), time.perf_counter() - t0)
    return fit


def _extra(state: dict[str, Any]) -> list[str]:
    t0 = time.perf_counter()
    pedw.tfp.estimate(state["df"], method="acf", bootstrap=0)
    t_point = time.perf_counter() - t0
    res = state["result"]
    est = ", ".join(
        f"{k}={v:.3f} (se {s:.3f})"
        for k, v, s in zip(res.elasticities.index, res.elasticities, res.std_errors, strict=True)
    )
    ok = int(np.isfinite(res.bootstrap_draws.to_numpy()).all(axis=1).sum())
    return [
        f"rows={len(state['df']):,} reps={state['reps']} (ok {ok}); estimates: {est} "
        "(true labour=0.6, capital=0.4)",
        f"ACF point estimate alone: {t_point * 1e3:,.0f} ms; per bootstrap replication: "
        f"{(state['pedw_s'] - t_point) / state['reps'] * 1e3:,.0f} ms",
        f"pedw / OLS time: {state['pedw_s'] / state['ols_s']:,.0f}x (ACF + bootstrap costs "
        "this many plain OLS fits)",
    ]


def cases(quick: bool) -> list[Case]:
    n_firms, reps = (1_000, 20) if quick else (10_000, 200)
    return [
        Case(
            name=f"tfp_acf_{n_firms * 10}_rows_{reps}_reps",
            setup=lambda: _setup(n_firms, reps),
            pedw=_pedw,
            baseline=_ols,
            baseline_name="statsmodels OLS (one fit)",
            repeat=3 if quick else 1,
            extra=_extra,
        )
    ]
