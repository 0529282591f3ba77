"""OP/LP two-step estimator written from its definition, independent of pedw.tfp.

Used as the reference in tests/test_tfp.py (simulated panels) and tests/test_tfp_prodest.py
(the Stata prodest panel). Steps as in Olley & Pakes (1996) and Levinsohn & Petrin (2003), and
as R/Stata prodest implement them: stage 1 is OLS of output on the free inputs and a full
polynomial in (state, proxy); stage 2 minimises the sum of squared residuals of
``y - b_l l - b_k k - g(phi_{t-1} - b_k k_{t-1})`` with ``g`` a polynomial fitted by OLS at
each trial ``b_k``, searched on a grid and refined by bounded Brent (one state input), so it
cannot stop at a local minimum of the grid's resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

import numpy as np
import pandas as pd


def poly(x: np.ndarray, degree: int) -> np.ndarray:
    """All monomials of the columns of ``x`` up to ``degree``, with a constant."""
    cols = [np.ones(len(x))]
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(range(x.shape[1]), d):
            cols.append(np.prod(x[:, list(combo)], axis=1))
    return np.column_stack(cols)


def two_step_oplp(
    df: pd.DataFrame,
    *,
    output: str,
    free: Sequence[str],
    state: str,
    proxy: str,
    firm: str,
    time: str,
    degree: int,
    markov: int = 3,
) -> dict[str, float]:
    """Return the OP/LP elasticities of ``free`` and ``state`` (one state input)."""
    from scipy.optimize import minimize_scalar

    d = df.sort_values([firm, time]).reset_index(drop=True)
    y = d[output].to_numpy(dtype=float)
    lab = d[list(free)].to_numpy(dtype=float)
    k = d[state].to_numpy(dtype=float)
    x1 = np.column_stack([lab, poly(np.column_stack([k, d[proxy].to_numpy(dtype=float)]), degree)])
    coef = np.linalg.lstsq(x1, y, rcond=None)[0]
    b_free = coef[: len(free)]
    phi = x1[:, len(free) :] @ coef[len(free) :]
    ids, years = d[firm].to_numpy(), d[time].to_numpy()
    has_lag = np.r_[False, (ids[1:] == ids[:-1]) & (years[1:] == years[:-1] + 1)]
    cur = np.flatnonzero(has_lag)
    lag = cur - 1
    target = (y - lab @ b_free)[cur]

    def ssr(b: float) -> float:
        omega_lag = phi[lag] - b * k[lag]
        g = np.column_stack([omega_lag**j for j in range(markov + 1)])
        r = target - b * k[cur]
        e = r - g @ np.linalg.lstsq(g, r, rcond=None)[0]
        return float(e @ e)

    grid = np.arange(-0.5, 1.5 + 1e-9, 0.005)
    b0 = float(grid[int(np.argmin([ssr(b) for b in grid]))])
    res = minimize_scalar(ssr, bounds=(b0 - 0.005, b0 + 0.005), method="bounded")
    out = {name: float(b) for name, b in zip(free, b_free, strict=True)}
    out[state] = float(res.x)
    return out
