r"""Enterprise total factor productivity: production-function estimation by control functions.

:func:`estimate` fits a Cobb-Douglas (value-added) production function in logs,

.. math::

    y_{it} = \beta_0 + \beta_l l_{it} + \beta_k k_{it} + \omega_{it} + \varepsilon_{it},

on a firm-year panel, with the Olley-Pakes, Levinsohn-Petrin, Ackerberg-Caves-Frazer and
Wooldridge estimators (plus OLS and within-firm fixed-effects baselines), and returns a
:class:`TfpResult` with the elasticities, firm-block bootstrap standard errors and confidence
intervals, first- and second-stage diagnostics, and :meth:`TfpResult.productivity`, the
firm-year log TFP frame that :func:`pedw.decompose.firm` takes.

Everything is vectorised over firms: lags are the previous row of a firm sorted by year,
polynomial design matrices are built with numpy, and the bootstrap resamples firm blocks with
index arrays. scipy and statsmodels are imported inside the functions that need them, so
``import pedw`` stays free of them. :func:`simulate` draws panels from a known technology
(used by the tests, the benchmark and the docs).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations_with_replacement
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from pedw._result import Result, Summary
from pedw._types import TfpGaps, TfpMethod, TfpOptimizer, check_option
from pedw._validate import (
    as_list,
    check_no_missing,
    check_sign,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    ConvergenceWarning,
    InsufficientDataError,
    InvalidPanelError,
    InvalidValueError,
    OptionError,
    SkippedRowsWarning,
    WeakIdentificationWarning,
)
from pedw.schema import get_meta

__all__ = ["TfpResult", "estimate", "simulate"]

Array = np.ndarray[Any, Any]

CITATIONS: dict[str, str] = {
    "op": "Olley, G. S. & Pakes, A. (1996), Econometrica 64(6): 1263-1297, doi:10.2307/2171831",
    "lp": "Levinsohn, J. & Petrin, A. (2003), Review of Economic Studies 70(2): 317-341, "
    "doi:10.1111/1467-937X.00246",
    "acf": "Ackerberg, D. A., Caves, K. & Frazer, G. (2015), Econometrica 83(6): 2411-2451, "
    "doi:10.3982/ECTA13408",
    "wooldridge": "Wooldridge, J. M. (2009), Economics Letters 104(3): 112-114, "
    "doi:10.1016/j.econlet.2009.04.026",
    "ols": "Pooled OLS of log output on log inputs (biased when inputs respond to productivity: "
    "Marschak & Andrews 1944)",
    "fe": "Within-firm (fixed-effects) OLS (biased when productivity varies over time)",
}
_CONTROL = ("op", "lp", "acf", "wooldridge")
_STAT_COLUMNS = ("estimate", "std_error", "ci_lower", "ci_upper")
#: Fewest firms for which a firm-block bootstrap is attempted.
MIN_BOOTSTRAP_FIRMS = 10


# ------------------------------------------------------------------------------ numerics
def _poly(x: Array, degree: int, *, constant: bool = True) -> Array:
    """All monomials of the columns of ``x`` up to ``degree`` (with a constant column)."""
    n, q = x.shape
    cols: list[Array] = [np.ones(n)] if constant else []
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(range(q), d):
            col = x[:, combo[0]].copy()
            for j in combo[1:]:
                col *= x[:, j]
            cols.append(col)
    return np.column_stack(cols) if cols else np.empty((n, 0))


def _lstsq(x: Array, y: Array) -> Array:
    """Least squares via column-scaled normal equations (SVD fallback if singular)."""
    scale = np.sqrt(np.einsum("ij,ij->j", x, x))
    scale[scale == 0] = 1.0
    xs = x / scale
    xtx = xs.T @ xs
    try:
        coef = np.linalg.solve(xtx, xs.T @ y)
        if np.linalg.cond(xtx) > 1e12:
            raise np.linalg.LinAlgError("ill-conditioned")
    except np.linalg.LinAlgError:
        coef, *_ = np.linalg.lstsq(xs, y, rcond=None)
    out: Array = np.asarray(coef) / scale
    return out


def _r2(y: Array, fitted: Array) -> float:
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - float(np.sum((y - fitted) ** 2)) / ss_tot if ss_tot > 0 else float("nan")


def _solve_small(g: Array, target: Array) -> Array:
    """Residual of ``target`` after OLS on the few columns of ``g`` (normal equations)."""
    gtg = g.T @ g
    try:
        coef = np.linalg.solve(gtg, g.T @ target)
    except np.linalg.LinAlgError:
        coef = _lstsq(g, target)
    return np.asarray(target - g @ coef)


def _markov_basis(omega_lag: Array, degree: int, extra: Array | None = None) -> Array:
    """Design of :math:`g`: powers of lagged productivity (and exit-probability terms)."""
    cols = [np.ones_like(omega_lag)]
    power = np.ones_like(omega_lag)
    for _ in range(degree):
        power = power * omega_lag
        cols.append(power)
    if extra is not None:
        p = extra
        cols += [p, p**2, p**3, p * omega_lag, p**2 * omega_lag, p * omega_lag**2]
    return np.column_stack(cols)


@dataclass(frozen=True)
class _Panel:
    """Estimation arrays, rows sorted by firm and year.

    ``lag[r]`` is True when row ``r - 1`` is the same firm in the previous year.
    """

    y: Array
    free: Array
    state: Array
    proxy: Array | None
    firm: Array  # integer codes 0..n_firms-1
    lag: Array
    survive: Array | None  # 1 = firm seen next year, 0 = exits, NaN = unknown (last year)

    @property
    def n_firms(self) -> int:
        return int(self.firm.max()) + 1 if len(self.firm) else 0

    def take(self, idx: Array, firm: Array) -> _Panel:
        return _Panel(
            y=self.y[idx],
            free=self.free[idx],
            state=self.state[idx],
            proxy=None if self.proxy is None else self.proxy[idx],
            firm=firm,
            lag=self.lag[idx],
            survive=None if self.survive is None else self.survive[idx],
        )


@dataclass
class _Options:
    method: str
    polynomial: int
    markov: int
    optimizer: str
    maxiter: int
    exit: bool


@dataclass
class _Fit:
    params: Array
    converged: bool
    stages: list[dict[str, Any]]
    phi: Array | None = None
    notes: list[str] = field(default_factory=list)
    #: other minima the data cannot tell apart from ``params`` (ACF), restarted in the bootstrap
    alternatives: list[Array] = field(default_factory=list)
    #: stage-2 asymptotic (sandwich) standard errors taking stage 1 as known (ACF)
    se_asymptotic: Array | None = None


def _minimize(
    fun: Callable[[Array], float],
    start: Array,
    opts: _Options,
    fun_grad: Callable[[Array], tuple[float, Array]] | None = None,
    hess_inv0: Array | None = None,
) -> tuple[Array, bool, int, float]:
    from scipy.optimize import minimize  # lazy: scipy only when estimating

    options: dict[str, Any] = {"maxiter": opts.maxiter}
    if opts.optimizer in ("BFGS", "L-BFGS-B"):
        # criteria are on a sum-over-observations scale (SSR, N m'Wm), so the Hessian
        # grows with N and this gradient tolerance means a parameter error far below 1e-6
        options["gtol"] = 1e-6
    if opts.optimizer == "Nelder-Mead":
        options.update(xatol=1e-8, fatol=1e-14)
    if opts.optimizer == "Powell":
        options.update(xtol=1e-8, ftol=1e-14)
    if hess_inv0 is not None and opts.optimizer == "BFGS":
        options["hess_inv0"] = hess_inv0
    if fun_grad is not None and opts.optimizer in ("BFGS", "L-BFGS-B"):
        res = minimize(fun_grad, start, jac=True, method=opts.optimizer, options=options)
    else:
        res = minimize(fun, start, method=opts.optimizer, options=options)
    x = np.atleast_1d(np.asarray(res.x, dtype=float))
    crit = float(res.fun)
    ok = bool(res.success)
    if not ok and opts.optimizer == "BFGS" and int(getattr(res, "status", 0)) == 2:
        # BFGS stops with "precision loss" when the line search cannot improve any further
        # (rounding in the criterion). Accept the point if the quasi-Newton step that remains,
        # H^-1 g, is negligible in parameter units (scale-free, unlike a gradient tolerance).
        grad = np.asarray(getattr(res, "jac", np.full_like(x, np.inf)), dtype=float)
        hinv = np.asarray(getattr(res, "hess_inv", np.eye(len(x))), dtype=float)
        step = hinv @ grad if np.all(np.isfinite(grad)) else np.full_like(x, np.inf)
        ok = bool(np.max(np.abs(step)) < 1e-6)
    nit = int(getattr(res, "nit", 0))
    return x, ok, nit, crit


def _first_stage(p: _Panel, opts: _Options) -> tuple[Array, Array, float]:
    r"""Stage 1: regress y on a polynomial; return its coefficients, :math:`\hat\phi`, R²."""
    assert p.proxy is not None
    if opts.method == "acf":
        x = _poly(np.column_stack([p.free, p.state, p.proxy]), opts.polynomial)
        coef = _lstsq(x, p.y)
        fitted = x @ coef
        return coef, fitted, _r2(p.y, fitted)
    x_poly = _poly(np.column_stack([p.state, p.proxy]), opts.polynomial)
    x = np.column_stack([p.free, x_poly])
    coef = _lstsq(x, p.y)
    fitted = x @ coef
    nf = p.free.shape[1]
    phi = fitted - p.free @ coef[:nf]
    return coef, phi, _r2(p.y, fitted)


def _survival_probability(p: _Panel, opts: _Options) -> tuple[Array, dict[str, Any]]:
    """Probit of survival into t+1 on a polynomial in period-t state and proxy (OP 1996)."""
    import statsmodels.api as sm  # lazy

    assert p.proxy is not None and p.survive is not None
    x = _poly(np.column_stack([p.state, p.proxy]), opts.polynomial)
    known = ~np.isnan(p.survive)
    s = p.survive[known]
    prob = np.full(len(p.y), np.nan)
    if s.min() == s.max():
        prob[:] = float(s[0]) if len(s) else 1.0
        return prob, {
            "stage": "exit probit",
            "n_obs": int(known.sum()),
            "r_squared": float("nan"),
            "optimizer": "none (no variation in survival)",
            "iterations": 0,
            "converged": True,
            "criterion": float("nan"),
        }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.Probit(s, x[known])
        res = model.fit(disp=0, method="newton", maxiter=opts.maxiter)
    prob = np.asarray(model.predict(res.params, x), dtype=float)
    converged = bool(res.mle_retvals.get("converged", True))
    return prob, {
        "stage": "exit probit",
        "n_obs": int(known.sum()),
        "r_squared": float(res.prsquared),
        "optimizer": "statsmodels Probit (Newton)",
        "iterations": int(res.mle_retvals.get("iterations", 0)),
        "converged": converged,
        "criterion": float(-res.llf),
    }


def _lag_index(p: _Panel) -> tuple[Array, Array]:
    cur = np.flatnonzero(p.lag)
    return cur, cur - 1


def _fit_ols(p: _Panel, opts: _Options, *, within: bool) -> _Fit:
    x = np.column_stack([p.free, p.state])
    y = p.y
    if within:
        counts = np.bincount(p.firm)
        x = x - (np.stack([np.bincount(p.firm, c) for c in x.T], axis=1) / counts[:, None])[p.firm]
        y = y - (np.bincount(p.firm, y) / counts)[p.firm]
        coef = _lstsq(x, y)
        fitted = x @ coef
    else:
        xc = np.column_stack([np.ones(len(y)), x])
        coef = _lstsq(xc, y)[1:]
        fitted = xc @ _lstsq(xc, y)
    stage = {
        "stage": "within OLS" if within else "OLS",
        "n_obs": len(y),
        "r_squared": _r2(y, fitted),
        "optimizer": "least squares (closed form)",
        "iterations": 0,
        "converged": True,
        "criterion": float(np.mean((y - fitted) ** 2)),
    }
    return _Fit(params=np.asarray(coef), converged=True, stages=[stage])


def _stage1_row(n_obs: int, r2: float, criterion: float) -> dict[str, Any]:
    """Return the diagnostics row of a closed-form (least-squares) first stage."""
    return {
        "stage": "stage 1",
        "n_obs": n_obs,
        "r_squared": r2,
        "optimizer": "least squares (closed form)",
        "iterations": 0,
        "converged": True,
        "criterion": criterion,
    }


#: Grid of state-input elasticities that starts the OP/LP stage-2 search.
_OPLP_STEP = 0.01
_OPLP_GRID = np.round(np.arange(-0.5, 1.5 + _OPLP_STEP / 2, _OPLP_STEP), 10)


def _fit_oplp(p: _Panel, opts: _Options, start: Array | None) -> _Fit:
    coef1, phi, r2 = _first_stage(p, opts)
    nf = p.free.shape[1]
    beta_f = coef1[:nf]
    stages = [_stage1_row(len(p.y), r2, float(np.mean((p.y - p.free @ beta_f - phi) ** 2)))]
    prob: Array | None = None
    if opts.exit:
        prob, probit = _survival_probability(p, opts)
        stages.append(probit)
    cur, lag = _lag_index(p)
    ytil = (p.y - p.free @ beta_f)[cur]
    s_c, s_l = p.state[cur], p.state[lag]
    phi_l = phi[lag]
    p_l = None if prob is None else prob[lag]

    def crit(theta: Array) -> float:
        g = _markov_basis(phi_l - s_l @ theta, opts.markov, p_l)
        resid = _solve_small(g, ytil - s_c @ theta)
        return float(resid @ resid)  # SSR (sum scale, see _minimize)

    how = f"scipy {opts.optimizer}"
    if start is None:
        # The stage-2 SSR can have local minima (seen on the Stata prodest panel with
        # polynomial=4: BFGS from OLS stopped at b_k = 0.226, the minimum is at 0.320).
        # Start from the best point of a grid, coordinate by coordinate from the OLS values.
        start = _fit_ols(p, opts, within=False).params[nf:].copy()
        for j in range(len(start)):
            trial = np.repeat(start[None, :], len(_OPLP_GRID), axis=0)
            trial[:, j] = _OPLP_GRID
            values = [crit(t) for t in trial]
            start = trial[int(np.nanargmin(values))]
        how = f"grid ({_OPLP_GRID[0]:g} to {_OPLP_GRID[-1]:g} by {_OPLP_STEP:g}), then {how}"
    theta, ok, nit, ssr = _minimize(crit, np.asarray(start, dtype=float), opts)
    notes: list[str] = []
    lo, hi = float(_OPLP_GRID[0]), float(_OPLP_GRID[-1])
    if np.any((theta <= lo + _OPLP_STEP) | (theta >= hi - _OPLP_STEP)):
        notes.append(
            f"The {opts.method.upper()} stage-2 criterion is smallest at state elasticities "
            f"{np.round(theta, 3).tolist()}, at or beyond the edge of the range searched "
            f"({lo:g} to {hi:g}): the data do not pin the elasticity down (too few firms or "
            "years, or a proxy that does not track productivity). Do not use these estimates."
        )
    value = ssr / len(cur)  # reported: mean squared residual
    stages.append(
        {
            "stage": "stage 2",
            "n_obs": len(cur),
            "r_squared": float("nan"),
            "optimizer": how,
            "iterations": nit,
            "converged": ok,
            "criterion": value,
        }
    )
    converged = ok and all(bool(s["converged"]) for s in stages)
    return _Fit(np.concatenate([beta_f, theta]), converged, stages, phi, notes)


def _fit_acf(p: _Panel, opts: _Options, start: Array | Sequence[Array] | None) -> _Fit:
    _, phi, r2 = _first_stage(p, opts)
    stage1 = _stage1_row(len(p.y), r2, float(np.mean((p.y - phi) ** 2)))
    cur, lag = _lag_index(p)
    x = np.column_stack([p.free, p.state])
    x_c, x_l = x[cur], x[lag]
    phi_c, phi_l = phi[cur], phi[lag]
    # instruments: k_t, l_{t-1} (ACF) and k_{t-1} (over-identifying; separates the true root
    # from the spurious one near OLS, see the docs)
    z = np.column_stack([p.state[cur], p.free[lag], p.state[lag]])
    z = z - z.mean(axis=0)  # xi has mean zero, so centring changes only W (now invariant)
    n2 = len(cur)
    w = np.linalg.pinv(z.T @ z / n2)

    d = opts.markov
    powers = np.arange(1, d + 1, dtype=float)

    def crit_grad(beta: Array) -> tuple[float, Array]:
        # xi(beta) = omega_c - G(omega_l) rho(beta), rho = OLS of omega_c on G; the gradient
        # differentiates through rho (normal equations), so no numerical differences
        omega_l = phi_l - x_l @ beta
        omega_c = phi_c - x_c @ beta
        g = np.empty((n2, d + 1))
        g[:, 0] = 1.0
        for j in range(1, d + 1):
            g[:, j] = g[:, j - 1] * omega_l
        a = g.T @ g
        rho = np.linalg.solve(a, g.T @ omega_c)
        xi = omega_c - g @ rho
        m = z.T @ xi / n2
        wm = w @ m
        slope = g[:, :d] @ (powers * rho[1:])  # g'(omega_l)
        r = -x_c + x_l * slope[:, None]  # d(omega_c - g rho)/d beta at fixed rho
        dgt_xi = np.zeros((d + 1, x_l.shape[1]))
        dgt_xi[1:] = (g[:, :d] * powers).T @ (-x_l * xi[:, None])
        drho = np.linalg.solve(a, dgt_xi + g.T @ r)
        dxi = r - g @ drho
        zd = z.T @ dxi
        last["zd"] = zd
        last["xi"] = xi
        grad = 2.0 * zd.T @ wm  # of n2 * m'Wm (2SLS weight)
        return float(n2 * (m @ wm)), np.asarray(grad)

    last: dict[str, Array] = {}

    def hess_inv0(beta: Array) -> Array | None:
        # Gauss-Newton Hessian 2 D'WD (D = Z' dxi) as BFGS's first inverse Hessian, so the
        # first step is a GMM Gauss-Newton step instead of a raw gradient step
        crit_grad(beta)
        h = 2.0 * last["zd"].T @ w @ last["zd"] / n2
        try:
            out: Array = np.linalg.inv((h + h.T) / 2)
            out = (out + out.T) / 2
            np.linalg.cholesky(out)  # positive definite, as scipy requires
        except np.linalg.LinAlgError:
            return None
        return out if np.all(np.isfinite(out)) else None

    def crit(beta: Array) -> float:
        return crit_grad(beta)[0]

    if start is None:
        # deterministic multi-start: pooled OLS and the Wooldridge estimate; keep the lower
        # criterion (the ACF criterion can have a spurious local minimum near OLS)
        starts = {
            "OLS": _fit_ols(p, opts, within=False).params,
            "Wooldridge": _fit_wooldridge(p, opts).params,
        }
    elif isinstance(start, np.ndarray):
        starts = {"given": np.asarray(start, dtype=float)}
    else:  # several given starts (bootstrap replications of a multi-minimum point estimate)
        starts = {f"given {i}": np.asarray(s0, dtype=float) for i, s0 in enumerate(start)}
    runs = {
        name: _minimize(
            crit, np.asarray(s0, dtype=float), opts, crit_grad, hess_inv0(np.asarray(s0))
        )
        for name, s0 in starts.items()
    }
    best = min(runs, key=lambda name: runs[name][3] if runs[name][1] else np.inf)
    beta, ok, nit, value = runs[best]
    notes: list[str] = []
    others: list[tuple[str, tuple[Array, bool, int, float]]] = []
    se_asym: Array | None = None
    if start is None:  # point estimate; bootstrap replications (start given) skip diagnostics
        crit_grad(beta)  # leaves xi and Z'dxi at beta in `last`
        others = _indistinguishable_minima(runs, best, float(np.mean(last["xi"] ** 2)))
        if others:
            alt = "; ".join(
                f"from {name}: {np.round(r[0], 3).tolist()} (criterion {r[3]:.3g})"
                for name, r in others
            )
            notes.append(
                f"The ACF criterion has several minima the data cannot tell apart: chosen "
                f"{np.round(beta, 3).tolist()} (criterion {value:.3g}, start {best}); {alt}. "
                "The elasticities are weakly identified: every bootstrap replication restarts "
                "from each of these minima and keeps the lower criterion, so the standard errors "
                "include the ambiguity; compare with method='lp' or 'wooldridge'."
            )
        se_asym = _gmm_sandwich_se(last["zd"] / n2, z * last["xi"][:, None], w)
    stage2 = {
        "stage": "stage 2 (GMM)",
        "n_obs": n2,
        "r_squared": float("nan"),
        "optimizer": f"scipy {opts.optimizer} (start: {best})",
        "iterations": nit,
        "converged": ok,
        "criterion": value,
    }
    alternatives = [np.asarray(r[0]) for _, r in others]
    return _Fit(beta, ok, [stage1, stage2], phi, notes, alternatives, se_asymptotic=se_asym)


#: Bootstrap and stage-2 asymptotic ACF standard errors further apart than this factor signal
#: weak identification (measured on simulated panels: 0.9-1.2 when ACF is identified, below
#: 0.1 when it is weakly identified; see docs/methods/tfp.md).
IDENTIFICATION_SE_RATIO = 3.0


def _check_identification(
    params: Sequence[str],
    se_boot: Array,
    se_asym: Array,
    several_minima: bool,
    warn: Callable[[str, type[Warning]], None],
) -> None:
    """Warn when the ACF bootstrap and asymptotic standard errors disagree (weak identification).

    Both estimate the same sampling spread when the moments identify the elasticities: the
    bootstrap redraws firms, the sandwich uses the curvature of the criterion. When the
    criterion is nearly flat in some direction (first-order under-identification) the sampling
    distribution is not normal, the bootstrap is inconsistent and the two disagree.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = se_boot / se_asym
    low = ratio < 1 / IDENTIFICATION_SE_RATIO
    high = ratio > IDENTIFICATION_SE_RATIO
    if not (low.any() or (high.any() and not several_minima)):
        return
    pairs = ", ".join(
        f"{p}: bootstrap {b:.3g} vs asymptotic {a:.3g}"
        for p, b, a in zip(params, se_boot, se_asym, strict=True)
    )
    warn(
        f"ACF standard errors disagree ({pairs}): the moments identify the elasticities only "
        "weakly (the GMM criterion is nearly flat in some direction), so the estimates' sampling "
        "distribution is not normal and neither standard error can be trusted. Compare with "
        "method='lp' or 'wooldridge'; ACF needs variation in labour that productivity does not "
        "explain (e.g. firm-specific wages or adjustment costs).",
        WeakIdentificationWarning,
    )


def _indistinguishable_minima(
    runs: Mapping[str, tuple[Array, bool, int, float]], best: str, sig2: float
) -> list[tuple[str, tuple[Array, bool, int, float]]]:
    r"""Return the other converged minima (> 0.02 away) that a distance-metric test cannot reject.

    With the 2SLS weight, :math:`N\bar m'W\bar m/\hat\sigma^2_\xi` is the efficient criterion
    under homoskedasticity, so the scaled criterion difference of two minima is compared with
    the 95% chi-square value on as many degrees of freedom as parameters (Newey & West 1987).
    """
    beta, _, _, value = runs[best]
    crit_value = _chi2_95(len(beta))
    return [
        (name, r)
        for name, r in runs.items()
        if name != best
        and r[1]
        and (r[3] - value) / sig2 < crit_value
        and np.max(np.abs(r[0] - beta)) > 0.02
    ]


def _gmm_sandwich_se(dmat: Array, zx: Array, w: Array) -> Array:
    r"""Return standard errors of a GMM estimate, the first stage taken as known.

    :math:`V = (D'WD)^{-1} D'WSWD (D'WD)^{-1} / N` with :math:`D = \partial\bar m/\partial\beta`
    (``dmat``) and :math:`S = \frac1N\sum (z\xi)(z\xi)'` from the rows ``zx`` (robust to
    heteroskedasticity; :math:`z_{it}\xi_{it}` is a martingale difference within a firm).
    Infinite when :math:`D'WD` is singular (not identified at first order).
    """
    n = len(zx)
    s_mat = zx.T @ zx / n
    try:
        bread = np.linalg.inv(dmat.T @ w @ dmat)
    except np.linalg.LinAlgError:
        return np.full(dmat.shape[1], np.inf)
    v = bread @ dmat.T @ w @ s_mat @ w @ dmat @ bread / n
    return np.asarray(np.sqrt(np.clip(np.diag(v), 0.0, None)))


def _chi2_95(df: int) -> float:
    from scipy.stats import chi2  # lazy

    return float(chi2.ppf(0.95, max(df, 1)))


def _fit_wooldridge(p: _Panel, opts: _Options) -> _Fit:
    r"""One-step GMM on the stacked equations, profiling out the AR(1) coefficient of g.

    Given :math:`\rho`, both equations are linear in :math:`(\beta, \alpha_1, \alpha_2,
    \lambda)`, so the GMM estimate with the fixed system-2SLS weight matrix has a closed form;
    the criterion is then minimised over :math:`\rho` alone (grid, then bounded Brent).
    """
    from scipy.optimize import minimize_scalar  # lazy

    assert p.proxy is not None
    cur, lag = _lag_index(p)
    n, n2 = len(p.y), len(cur)
    nf, ns = p.free.shape[1], p.state.shape[1]
    nb = nf + ns
    c_t = _poly(np.column_stack([p.state, p.proxy]), opts.polynomial, constant=False)
    c_l = c_t[lag]
    pc = c_t.shape[1]
    x = np.column_stack([p.free, p.state])
    # parameters: [beta (nb) | alpha1 | alpha2 | lambda (pc)]
    k = nb + 2 + pc
    x1 = np.zeros((n, k))
    x1[:, :nb] = x
    x1[:, nb] = 1.0
    x1[:, nb + 2 :] = c_t
    x2_fixed = np.zeros((n2, k))
    x2_fixed[:, :nb] = x[cur]
    x2_fixed[:, nb + 1] = 1.0
    z1 = np.column_stack([np.ones(n), p.free, c_t])
    z2 = np.column_stack([np.ones(n2), p.state[cur], p.free[lag], c_l])
    q1 = z1.shape[1]
    y2 = p.y[cur]
    w1 = np.linalg.pinv(z1.T @ z1)
    w2 = np.linalg.pinv(z2.T @ z2)
    z1x1, z1y = z1.T @ x1, z1.T @ p.y
    z2x2f, z2cl, z2y = z2.T @ x2_fixed, z2.T @ c_l, z2.T @ y2
    w = np.zeros((q1 + z2.shape[1], q1 + z2.shape[1]))
    w[:q1, :q1] = w1
    w[q1:, q1:] = w2

    def solve(rho: float) -> tuple[Array, float]:
        z2x2 = z2x2f.copy()
        z2x2[:, nb + 2 :] = rho * z2cl
        zx = np.vstack([z1x1, z2x2])
        zy = np.concatenate([z1y, z2y])
        a = zx.T @ w @ zx
        theta = np.linalg.lstsq(a, zx.T @ w @ zy, rcond=None)[0]
        g = (zy - zx @ theta) / (n + n2)
        return theta, float((n + n2) * g @ w @ g)

    grid = np.linspace(-0.5, 1.5, 41)
    values = np.array([solve(r)[1] for r in grid])
    i = int(np.argmin(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    res = minimize_scalar(
        lambda r: solve(float(r))[1],
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-10, "maxiter": opts.maxiter},
    )
    rho = float(res.x)
    theta, crit = solve(rho)
    ok = bool(res.success) and np.isfinite(crit)
    fitted1 = x1 @ theta
    x2 = x2_fixed.copy()
    x2[:, nb + 2 :] = rho * c_l
    stages = [
        {
            "stage": "equation 1 (contemporaneous)",
            "n_obs": n,
            "r_squared": _r2(p.y, fitted1),
            "optimizer": "linear GMM (closed form)",
            "iterations": 0,
            "converged": True,
            "criterion": float(np.mean((p.y - fitted1) ** 2)),
        },
        {
            "stage": "equation 2 (lagged proxy)",
            "n_obs": n2,
            "r_squared": _r2(y2, x2 @ theta),
            "optimizer": "grid + scipy bounded Brent over rho",
            "iterations": int(getattr(res, "nfev", 0)),
            "converged": ok,
            "criterion": crit,
        },
    ]
    return _Fit(np.asarray(theta[:nb]), ok, stages, None)


def _fit(p: _Panel, opts: _Options, start: Array | Sequence[Array] | None = None) -> _Fit:
    if opts.method == "ols":
        return _fit_ols(p, opts, within=False)
    if opts.method == "fe":
        return _fit_ols(p, opts, within=True)
    if opts.method == "wooldridge":
        return _fit_wooldridge(p, opts)
    if opts.method == "acf":
        return _fit_acf(p, opts, start)
    first = start if start is None or isinstance(start, np.ndarray) else start[0]
    return _fit_oplp(p, opts, None if first is None else first[p.free.shape[1] :])


def _block_indices(starts: Array, lengths: Array, draw: Array) -> tuple[Array, Array]:
    """Row indices of the resampled firm blocks and the new firm codes (no loop over firms)."""
    lens = lengths[draw]
    total = int(lens.sum())
    offsets = np.repeat(np.cumsum(lens) - lens, lens)
    idx = np.repeat(starts[draw], lens) + (np.arange(total) - offsets)
    return idx, np.repeat(np.arange(len(draw)), lens)


def _bootstrap(
    p: _Panel,
    opts: _Options,
    point: Array,
    reps: int,
    seed: int,
    alternatives: Sequence[Array] = (),
) -> tuple[Array, int]:
    rng = np.random.default_rng(seed)
    starts = np.flatnonzero(np.r_[True, p.firm[1:] != p.firm[:-1]])
    lengths = np.diff(np.r_[starts, len(p.firm)])
    n_firms = len(starts)
    draws = np.full((reps, len(point)), np.nan)
    failed = 0
    for b in range(reps):  # loop over replications; each one is vectorised over firms
        idx, codes = _block_indices(starts, lengths, rng.integers(0, n_firms, n_firms))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = [point, *alternatives] if alternatives else point
                fit = _fit(p.take(idx, codes), opts, start=start)
        except (np.linalg.LinAlgError, ValueError):
            failed += 1
            continue
        if not fit.converged or not np.all(np.isfinite(fit.params)):
            failed += 1
            continue
        draws[b] = fit.params
    return draws, failed


# ------------------------------------------------------------------------------ result
@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class TfpResult(Result):
    """Production-function estimates and firm-year log TFP (returned by :func:`estimate`).

    Attributes
    ----------
    components : pandas.DataFrame
        One row per input (``parameter``): ``estimate`` [elasticity of output, unitless],
        ``std_error`` (firm-block bootstrap), ``ci_lower``, ``ci_upper`` (bootstrap
        percentile interval at ``confidence``), ``std_error_stage2`` (ACF only: sandwich
        standard error of the GMM stage taking stage 1 as known; NaN for other methods).
    diagnostics : pandas.DataFrame
        One row per stage: ``n_obs``, ``r_squared``, ``optimizer``, ``iterations``,
        ``converged``, ``criterion`` (stage-1 residual variance; stage-2 GMM criterion or
        mean squared residual).
    bootstrap_draws : pandas.DataFrame
        The estimates of each bootstrap replication (NaN for failed ones).
    converged : bool
        Whether every stage converged.
    warnings : tuple of str
        Messages of the warnings raised while estimating (also emitted as warnings).
    n_obs, n_firms : int
        Firm-years and firms used.
    confidence : float
        Level of the confidence intervals [share, 0-1].
    firm_years : pandas.DataFrame
        Working frame behind :meth:`productivity`: every firm-year with output and inputs
        (logs), sorted by firm and year; private columns start with ``_``.
    """

    diagnostics: pd.DataFrame
    bootstrap_draws: pd.DataFrame
    converged: bool = True
    warnings: tuple[str, ...] = ()
    n_obs: int = 0
    n_firms: int = 0
    confidence: float = 0.95
    firm_years: pd.DataFrame = field(default_factory=pd.DataFrame)

    title: ClassVar[str] = "Production function (log TFP) estimates"
    plot_kind: ClassVar[str] = "decomposition"

    @property
    def elasticities(self) -> pd.Series[float]:
        """Estimated output elasticities, indexed by input column [unitless]."""
        s = self.components.set_index("parameter")["estimate"].astype(float)
        s.name = "elasticity"
        return s

    @property
    def std_errors(self) -> pd.Series[float]:
        """Firm-block bootstrap standard errors, indexed by input column."""
        s = self.components.set_index("parameter")["std_error"].astype(float)
        s.name = "std_error"
        return s

    def to_frame(self) -> pd.DataFrame:
        """Return the estimates in tidy long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``parameter``, ``term`` (estimate, std_error, ci_lower, ci_upper),
            ``value``, ``method`` and ``units``.
        """
        long = self.components.melt(
            id_vars=["parameter"], value_vars=list(_STAT_COLUMNS), var_name="term"
        )
        long["method"] = self.method
        long["units"] = self.units
        return long

    def summary(self) -> Summary:
        """Return the estimates and the diagnostics as a table (never prints).

        Returns
        -------
        Summary
            Estimates with standard errors and intervals; notes give N, firms, each stage's
            diagnostics and any warning.
        """
        table = self.components.set_index("parameter")[list(_STAT_COLUMNS)]
        notes = list(self._notes())
        notes.insert(1, f"Firm-years: {self.n_obs:,}; firms: {self.n_firms:,}")
        reps = int(self.meta.get("bootstrap", 0))
        ok = int(self.bootstrap_draws.notna().all(axis=1).sum())
        notes.insert(
            2,
            f"Std. errors: firm-block bootstrap, {ok} of {reps} replications; "
            f"{self.confidence:.0%} percentile intervals"
            if reps
            else "Std. errors: none (bootstrap=0)",
        )
        for row in self.diagnostics.to_dict("records"):
            r2 = float(row["r_squared"])
            r2_text = "" if np.isnan(r2) else f", R2={r2:.4f}"
            notes.append(
                f"{row['stage']}: N={int(row['n_obs']):,}{r2_text}, {row['optimizer']}, "
                f"iterations={row['iterations']}, converged={row['converged']}, "
                f"criterion={float(row['criterion']):.6g}"
            )
        asym = self.components.set_index("parameter")["std_error_stage2"].astype(float)
        if asym.notna().any():
            notes.append(
                "Stage-2 asymptotic std. errors (stage 1 taken as known; check on the "
                "bootstrap): " + ", ".join(f"{k} {v:.4g}" for k, v in asym.items())
            )
        notes += [f"Warning: {w}" for w in self.warnings]
        title = f"{self.title}: {self.method.upper()}"
        return Summary(title=title, frame=table, notes=tuple(notes))

    def productivity(self, *, exclude_noise: bool = False) -> pd.DataFrame:
        r"""Return firm-year log TFP, ready for :func:`pedw.decompose.firm`.

        Parameters
        ----------
        exclude_noise : bool
            ``False`` (default): :math:`\hat\omega_{it} + \hat\varepsilon_{it} = y_{it} -
            \hat\beta' x_{it}` for every firm-year with output and inputs (including rows left
            out of the estimation only for an unusable proxy). ``True``: the stage-1
            prediction :math:`\hat\phi_{it} - \hat\beta' x_{it}` with the measurement error
            purged (OP, LP, ACF only; rows with a usable proxy only).

        Returns
        -------
        pandas.DataFrame
            Columns ``firm``, ``time``, ``productivity`` [log points; includes the constant
            :math:`\beta_0`, so only differences across firms and years are meaningful] and,
            if ``weight=`` was given to :func:`estimate`, ``weight``. ``attrs["pedw"]`` carries
            the input's metadata plus ``productivity`` (what the column holds) and ``method``.

        Raises
        ------
        pedw.errors.OptionError
            ``exclude_noise=True`` with a method without a first stage (``ols``, ``fe``,
            ``wooldridge``).
        """
        fy = self.firm_years
        beta = self.elasticities.to_numpy()
        x = fy[list(self.elasticities.index)].to_numpy(dtype=float)
        if exclude_noise:
            if self.method not in ("op", "lp", "acf"):
                raise OptionError(
                    f"exclude_noise=True needs a first-stage prediction, which method="
                    f"{self.method!r} does not produce.",
                    hint="use exclude_noise=False, or method='acf', 'lp' or 'op'",
                )
            keep = fy["_phi"].notna().to_numpy()
            tfp = (fy["_phi"].to_numpy(dtype=float) - x @ beta)[keep]
            what = "log TFP excluding measurement error (phi_hat - beta'x)"
        else:
            keep = np.ones(len(fy), dtype=bool)
            tfp = fy["_y"].to_numpy(dtype=float) - x @ beta
            what = "log TFP (y - beta'x, includes the constant and the i.i.d. error)"
        out = pd.DataFrame(
            {
                "firm": fy["_firm"].to_numpy()[keep],
                "time": fy["_time"].to_numpy()[keep],
                "productivity": tfp,
            }
        )
        if "_weight" in fy.columns:
            out["weight"] = fy["_weight"].to_numpy()[keep]
        meta = {k: v for k, v in self.meta.items() if k == "input_meta"}
        out.attrs["pedw"] = {
            **dict(meta.get("input_meta", {})),
            "productivity": what,
            "method": self.method,
            "log_productivity": True,
        }
        return out


# ------------------------------------------------------------------------------ main
def _firms_of(df: pd.DataFrame, mask: Array, firm: str) -> list[Any]:
    out: list[Any] = pd.unique(df.loc[mask, firm]).tolist()
    return out


def estimate(
    data: pd.DataFrame,
    *,
    method: TfpMethod = "acf",
    output: str = "va",
    free: str | Sequence[str] = ("labour",),
    state: str | Sequence[str] = ("capital",),
    proxy: str | None = "materials",
    firm: str = "firm",
    time: str = "time",
    exit: bool | str | None = None,
    polynomial: int = 2,
    markov: int = 3,
    bootstrap: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
    logs: bool = True,
    weight: str | None = None,
    gaps: TfpGaps = "drop",
    optimizer: TfpOptimizer = "BFGS",
    maxiter: int = 1000,
) -> TfpResult:
    r"""Estimate a Cobb-Douglas production function on a firm-year panel.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per firm and year.
    method : {"acf", "lp", "op", "wooldridge", "ols", "fe"}
        Estimator: Ackerberg-Caves-Frazer (default), Levinsohn-Petrin, Olley-Pakes,
        Wooldridge one-step GMM, pooled OLS, within-firm OLS.
    output : str
        Column of output :math:`y` [log value added, e.g. log constant-price LCU].
    free : str or sequence of str
        Freely chosen inputs :math:`l` (labour) [log persons or hours].
    state : str or sequence of str
        State inputs :math:`k`, chosen a period ahead (capital) [log constant-price LCU].
    proxy : str or None
        Proxy variable :math:`m` [log]: intermediate inputs (materials, electricity) for
        ``lp``, ``acf`` and ``wooldridge``, investment for ``op``. Unused by ``ols``/``fe``.
    firm, time : str
        Firm identifier and year [integer years] columns.
    exit : bool or str, optional
        OP/LP exit correction: ``True`` defines exit as the last year a firm is seen (unless it
        is the sample's last year); a column name gives a 0/1 exit indicator (1 in the firm's
        last year before it exits).
    polynomial : int
        Degree of the stage-1 polynomial (and of Wooldridge's control function).
    markov : int
        Degree of the polynomial :math:`g` in lagged productivity (default cubic).
    bootstrap : int
        Firm-block bootstrap replications (0: no standard errors).
    seed : int
        Seed of the bootstrap; the same data and seed give the same numbers.
    confidence : float
        Level of the bootstrap percentile intervals [share, 0-1].
    logs : bool
        ``True`` (default): the columns already hold natural logs. ``False``: pedw takes logs,
        refusing non-positive output and inputs (:class:`~pedw.errors.InvalidValueError`
        naming the firms); a non-positive proxy makes its rows unusable (see Warns).
    weight : str, optional
        Column carried into :meth:`TfpResult.productivity` as ``weight`` (e.g. output or
        employment in levels, for :func:`pedw.decompose.firm`); not used in estimation.
    gaps : {"drop", "raise"}
        A year missing inside a firm's run leaves the next year without a lag. ``"drop"``
        (default) leaves such rows out of the dynamic (stage-2) moments, with a warning naming
        the firms; ``"raise"`` raises :class:`~pedw.errors.InvalidPanelError`.
    optimizer : {"BFGS", "Nelder-Mead", "Powell", "L-BFGS-B"}
        ``scipy.optimize.minimize`` method of the OP/LP/ACF second stage.
    maxiter : int
        Iteration limit of the optimiser.

    Returns
    -------
    TfpResult
        Elasticities with bootstrap standard errors and intervals, stage diagnostics, and
        :meth:`TfpResult.productivity`.

    Raises
    ------
    pedw.errors.SchemaError
        Missing or non-numeric columns; duplicated firm-years.
    pedw.errors.InvalidValueError
        Missing or infinite output/inputs; non-positive values with ``logs=False``.
    pedw.errors.InvalidPanelError
        Gaps in a firm's years with ``gaps="raise"``; non-integer years.
    pedw.errors.InsufficientDataError
        Too few firm-years with lags for the parameters, or fewer than
        ``MIN_BOOTSTRAP_FIRMS`` (10) firms for the bootstrap.
    pedw.errors.OptionError
        Invalid ``method``, ``gaps``, ``optimizer``, ``polynomial``, ``exit`` use.

    Warns
    -----
    pedw.errors.SkippedRowsWarning
        Rows with an unusable proxy (missing, or non-positive before logs: the zero-investment
        problem that motivated LP) are left out of estimation; rows after a gap have no lag.
        Counts are in ``result.meta["rows_dropped"]``.
    pedw.errors.ConvergenceWarning
        The optimiser did not converge, or bootstrap replications failed (carried in
        ``result.converged`` and ``result.warnings``); or, for ACF, the two deterministic
        starts (OLS, Wooldridge) end at different minima that a distance-metric test cannot
        tell apart (weak identification; every bootstrap replication then restarts from each
        minimum and keeps the lower criterion) -- see WeakIdentificationWarning.
    pedw.errors.WeakIdentificationWarning
        (A :class:`~pedw.errors.ConvergenceWarning`.) ACF: several indistinguishable minima
        (above), or bootstrap and stage-2 asymptotic standard errors more than
        ``IDENTIFICATION_SE_RATIO`` (3) times apart. Both happen when the moments identify the
        elasticities only weakly; the bootstrap is then not reliable (Stock & Wright 2000).
        OP/LP: the stage-2 minimum lies at or beyond the edge of the searched range of state
        elasticities (-0.5 to 1.5).

    Notes
    -----
    The model (Cobb-Douglas in logs) and the Markov assumption on productivity:

    .. math::

        y_{it} = \beta_0 + \beta_l l_{it} + \beta_k k_{it} + \omega_{it} + \varepsilon_{it},
        \qquad \omega_{it} = g(\omega_{i,t-1}) + \xi_{it}.

    With a proxy :math:`m_{it} = m(k_{it}, \omega_{it})` monotone in :math:`\omega`,
    :math:`\omega_{it} = h(k_{it}, m_{it})`, so :math:`\phi_{it} = \beta_0 + \beta_l l_{it} +
    \beta_k k_{it} + \omega_{it}` is a function of observables.

    *OP/LP* stage 1: :math:`y = \beta_l l + \phi(k, m) + \varepsilon` (polynomial
    :math:`\phi`). Stage 2 minimises over :math:`\beta_k` the mean of squared residuals of

    .. math::

        y_{it} - \hat\beta_l l_{it} = \beta_k k_{it} + g(\hat\phi_{i,t-1} - \beta_k k_{i,t-1})
        + \xi_{it} + \varepsilon_{it},

    with :math:`g` a polynomial of degree ``markov`` fitted by OLS at each trial
    :math:`\beta_k` (plus survival-probability terms with ``exit``).

    *ACF* stage 1: :math:`y = \phi(l, k, m) + \varepsilon`. Stage 2 minimises the GMM
    criterion :math:`\bar m' W \bar m` with :math:`\bar m = \frac1N \sum Z_{it}\xi_{it}(\beta)`,
    :math:`\xi = \omega - \hat g(\omega_{t-1})`, :math:`\omega = \hat\phi - \beta' x`,
    instruments :math:`Z = (k_{it}, l_{i,t-1}, k_{i,t-1})` (ACF's two plus lagged capital,
    over-identifying) and :math:`W = (Z'Z/N)^{-1}`. ``std_error_stage2`` is the sandwich
    :math:`\sqrt{\operatorname{diag}\,(D'WD)^{-1}D'WSWD(D'WD)^{-1}/N}` with
    :math:`D = \partial\bar m/\partial\beta` and :math:`S = \frac1N\sum (Z\xi)(Z\xi)'`.

    *Wooldridge* stacks :math:`y_{it} = \beta' x_{it} + c(k_{it}, m_{it}) + \varepsilon_{it}`
    (instruments :math:`l_{it}, c_{it}`) and :math:`y_{it} = \beta' x_{it} +
    \tilde c(k_{i,t-1}, m_{i,t-1}) + u_{it}` (instruments :math:`k_{it}, l_{i,t-1},
    \tilde c_{i,t-1}`) with common :math:`\beta`, and solves the linear GMM problem with
    system-2SLS weighting in one step.

    The bootstrap redraws whole firms (all their years) with replacement, re-runs every stage,
    and starts the optimiser at the point estimate. The point estimate starts from
    deterministic values (no random perturbation), so results are deterministic: for OP/LP
    the best point of a grid of state elasticities (-0.5 to 1.5 by 0.01, one coordinate at a
    time from the pooled-OLS values; the stage-2 criterion can have local minima), for ACF
    the pooled-OLS and Wooldridge estimates.

    References
    ----------
    .. [1] Olley, G. S. & Pakes, A. (1996). The dynamics of productivity in the
       telecommunications equipment industry. Econometrica 64(6), 1263-1297.
       doi:10.2307/2171831
    .. [2] Levinsohn, J. & Petrin, A. (2003). Estimating production functions using inputs to
       control for unobservables. Review of Economic Studies 70(2), 317-341.
       doi:10.1111/1467-937X.00246
    .. [3] Ackerberg, D. A., Caves, K. & Frazer, G. (2015). Identification properties of recent
       production function estimators. Econometrica 83(6), 2411-2451. doi:10.3982/ECTA13408
    .. [4] Wooldridge, J. M. (2009). On estimating firm-level production functions using proxy
       variables to control for unobservables. Economics Letters 104(3), 112-114.
       doi:10.1016/j.econlet.2009.04.026
    .. [5] Stock, J. H. & Wright, J. H. (2000). GMM with weak identification. Econometrica
       68(5), 1055-1096. doi:10.1111/1468-0262.00151 (DOI not verified)

    Examples
    --------
    >>> import pedw
    >>> df = pedw.tfp.simulate(n_firms=200, n_years=8, seed=1)
    >>> res = pedw.tfp.estimate(df, method="acf", bootstrap=0)
    >>> sorted(res.elasticities.index)
    ['capital', 'labour']
    >>> tfp = res.productivity()
    >>> list(tfp.columns)
    ['firm', 'time', 'productivity']
    """
    method = check_option("method", method, TfpMethod)
    gaps = check_option("gaps", gaps, TfpGaps)
    optimizer = check_option("optimizer", optimizer, TfpOptimizer)
    df = ensure_frame(data)
    free_cols, state_cols = as_list(free), as_list(state)
    if not free_cols or not state_cols:
        raise OptionError(
            "At least one free input and one state input are needed.",
            hint="pass free=('labour',) and state=('capital',) or your column names",
        )
    if not isinstance(polynomial, int) or not 1 <= polynomial <= 4:
        raise OptionError(
            f"polynomial={polynomial!r} must be an integer from 1 to 4.", hint="use 2 or 3"
        )
    if not isinstance(markov, int) or not 1 <= markov <= 4:
        raise OptionError(f"markov={markov!r} must be an integer from 1 to 4.", hint="use 3")
    if not 0 < confidence < 1:
        raise OptionError(f"confidence={confidence!r} must be in (0, 1).", hint="use 0.95")
    if bootstrap < 0:
        raise OptionError(f"bootstrap={bootstrap!r} must be >= 0.", hint="use e.g. 200")
    uses_proxy = method in _CONTROL
    if uses_proxy and proxy is None:
        raise OptionError(
            f"method={method!r} needs a proxy column.",
            hint="pass proxy='investment' for 'op', or proxy='materials' for 'lp'/'acf'/"
            "'wooldridge'",
        )
    if exit not in (None, False) and method not in ("op", "lp"):
        raise OptionError(
            f"exit= is an Olley-Pakes/Levinsohn-Petrin correction; method={method!r} has none.",
            hint="use method='op' or 'lp', or drop exit=",
        )
    proxy_col = proxy if uses_proxy else None
    exit_col = exit if isinstance(exit, str) else None
    measures = [output, *free_cols, *state_cols, *([proxy_col] if proxy_col else [])]
    roles = {output: "output", proxy_col or "": "proxy", firm: "firm", time: "time"}
    roles.update(dict.fromkeys(free_cols, "free") | dict.fromkeys(state_cols, "state"))
    extra = [c for c in (exit_col, weight) if c]
    if exit_col:
        roles[exit_col] = "exit"
    if weight:
        roles[weight] = "weight"
    require_columns(df, [firm, time, *measures, *extra], roles=roles)
    require_numeric(df, [time, *measures, *extra], keys=[firm, time])
    check_no_missing(df, [firm, time, output, *free_cols, *state_cols], keys=[firm, time])
    require_unique(df, [firm, time])
    t_raw = df[time].to_numpy(dtype=float)
    if not np.all(t_raw == np.round(t_raw)):
        raise InvalidPanelError(
            f"Column {time!r} must hold integer years.",
            hint="convert periods to integer years; sub-annual panels are not supported",
            column=time,
        )
    caught: list[str] = []
    rows_dropped: dict[str, int] = {}

    def warn(msg: str, category: type[Warning]) -> None:
        caught.append(msg)
        warnings.warn(msg, category, stacklevel=3)

    core = [output, *free_cols, *state_cols]
    if logs:
        vals = df[core].to_numpy(dtype=float)
        bad = ~np.isfinite(vals).all(axis=1)
        if bad.any():
            raise InvalidValueError(
                f"{int(bad.sum())} rows have infinite values in {core} (the log of zero?).",
                hint="drop firm-years with zero output or inputs before taking logs, or pass "
                "levels with logs=False to have pedw check them",
                firm=_firms_of(df, bad, firm),
            )
    else:
        check_sign(
            df,
            core,
            keys=[firm, time],
            strict=True,
            hint="output and inputs must be positive to take logs; drop or correct these "
            "firm-years",
        )
    # ---- working frame (sorted by firm, year)
    work = pd.DataFrame({"_firm": df[firm].to_numpy(), "_time": df[time].to_numpy()})
    for c in core:
        v = df[c].to_numpy(dtype=float)
        work[c] = v if logs else np.log(v)
    work["_y"] = work[output]
    if weight:
        work["_weight"] = df[weight].to_numpy(dtype=float)
    usable = np.ones(len(df), dtype=bool)
    if proxy_col:
        pv = df[proxy_col].to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            pl = pv if logs else np.where(pv > 0, np.log(np.where(pv > 0, pv, 1.0)), np.nan)
        work["_proxy"] = pl
        usable = np.isfinite(pl)
        if not usable.all():
            n_bad = int((~usable).sum())
            share = n_bad / len(df)
            firms_bad = _firms_of(df, ~usable, firm)
            what = "zero, negative or missing" if not logs else "missing or infinite"
            advice = (
                " This is the zero-investment problem that motivated Levinsohn-Petrin: consider "
                "a materials proxy (method='lp' or 'acf')."
                if method == "op"
                else ""
            )
            rows_dropped["unusable proxy"] = n_bad
            warn(
                f"The proxy {proxy_col!r} is {what} in {n_bad} firm-years ({share:.1%}) of "
                f"{len(firms_bad)} firms, e.g. {firms_bad[:8]}; these rows are left out of the "
                f"estimation (their productivity is still reported).{advice}",
                SkippedRowsWarning,
            )
    if exit_col:
        work["_exit"] = df[exit_col].to_numpy(dtype=float)
    order = np.lexsort((work["_time"].to_numpy(), pd.factorize(work["_firm"])[0]))
    work = work.iloc[order].reset_index(drop=True)
    usable = usable[order]
    # gaps in the original panel
    f_all = pd.factorize(work["_firm"], sort=False)[0]
    t_all = work["_time"].to_numpy(dtype=float)
    same = np.r_[False, f_all[1:] == f_all[:-1]]
    gap = same & (np.r_[np.inf, np.diff(t_all)] > 1)
    if gap.any():
        gap_firms = pd.unique(work.loc[gap, "_firm"]).tolist()
        if gaps == "raise":
            raise InvalidPanelError(
                f"{len(gap_firms)} firms have gaps in their years, so lags are undefined after "
                "the gap.",
                hint="fill the missing years, split the firm's runs into separate ids, or pass "
                "gaps='drop' to leave rows after a gap out of the dynamic moments",
                firm=gap_firms,
                period=pd.unique(work.loc[gap, "_time"]).tolist(),
            )
        rows_dropped["no lag after a gap"] = int(gap.sum())
        warn(
            f"{len(gap_firms)} firms have gaps in their years, e.g. {gap_firms[:8]}; the "
            f"{int(gap.sum())} firm-years after a gap have no lag and are left out of the "
            "dynamic (stage-2) moments.",
            SkippedRowsWarning,
        )
    # exit indicator (OP: survival into t+1 is known except in the sample's last year)
    survive: Array | None = None
    if exit not in (None, False):
        last_of_firm = np.r_[f_all[1:] != f_all[:-1], True]
        if exit_col:
            ex = work["_exit"].to_numpy(dtype=float)
            if not np.isin(ex[~np.isnan(ex)], [0.0, 1.0]).all():
                raise InvalidValueError(
                    f"The exit column {exit_col!r} must hold 0 or 1.",
                    hint="mark 1 in a firm's last year before it exits, else 0",
                    column=exit_col,
                )
            survive = 1.0 - ex
        else:
            survive = np.where(last_of_firm, 0.0, 1.0)
        survive[last_of_firm & (t_all >= t_all.max())] = np.nan
    est = work.loc[usable].reset_index(drop=True)
    f_codes = pd.factorize(est["_firm"], sort=False)[0]
    t_est = est["_time"].to_numpy(dtype=float)
    lag = np.r_[False, (f_codes[1:] == f_codes[:-1]) & (np.diff(t_est) == 1)]
    panel = _Panel(
        y=est["_y"].to_numpy(dtype=float),
        free=est[free_cols].to_numpy(dtype=float),
        state=est[state_cols].to_numpy(dtype=float),
        proxy=est["_proxy"].to_numpy(dtype=float) if proxy_col else None,
        firm=f_codes,
        lag=lag,
        survive=None if survive is None else survive[usable],
    )
    n_params = len(free_cols) + len(state_cols)
    n_firms = panel.n_firms
    n_lag = int(lag.sum())
    needs_lag = method in _CONTROL
    min_rows = 10 * (n_params + markov + 1)
    if len(est) < min_rows or (needs_lag and n_lag < min_rows):
        raise InsufficientDataError(
            f"Too few observations for method={method!r}: {len(est)} firm-years, {n_lag} with "
            f"the previous year's data (at least {min_rows} needed).",
            hint="use a longer or larger panel, fewer inputs, or a lower markov= degree",
            rows=len(est),
        )
    if bootstrap > 0 and n_firms < MIN_BOOTSTRAP_FIRMS:
        raise InsufficientDataError(
            f"A firm-block bootstrap needs at least {MIN_BOOTSTRAP_FIRMS} firms; the data have "
            f"{n_firms}.",
            hint="pass bootstrap=0 (no standard errors) or use more firms",
            firm=pd.unique(est["_firm"]).tolist(),
        )
    opts = _Options(method, polynomial, markov, optimizer, maxiter, exit not in (None, False))
    fit = _fit(panel, opts)
    if not fit.converged:
        warn(
            f"The {method.upper()} optimiser ({optimizer}) did not converge; see "
            "result.diagnostics. Try optimizer='Nelder-Mead', a different polynomial, or more "
            "data.",
            ConvergenceWarning,
        )
    for note in fit.notes:
        warn(note, WeakIdentificationWarning)
    params = [*free_cols, *state_cols]
    failed = 0
    if bootstrap > 0:
        draws, failed = _bootstrap(panel, opts, fit.params, bootstrap, seed, fit.alternatives)
        if failed:
            warn(
                f"{failed} of {bootstrap} bootstrap replications failed or did not converge; "
                "standard errors use the others.",
                ConvergenceWarning,
            )
        ok = draws[np.isfinite(draws).all(axis=1)]
        if len(ok) >= 2:
            se = ok.std(axis=0, ddof=1)
            alpha = (1 - confidence) / 2
            lo, hi = np.quantile(ok, [alpha, 1 - alpha], axis=0)
        else:
            se = lo = hi = np.full(len(params), np.nan)
    else:
        draws = np.empty((0, len(params)))
        se = lo = hi = np.full(len(params), np.nan)
    se_asym = np.full(len(params), np.nan) if fit.se_asymptotic is None else fit.se_asymptotic
    if method == "acf" and bootstrap - failed >= 20 and np.all(np.isfinite(se)):
        _check_identification(params, se, se_asym, bool(fit.alternatives), warn)
    components = pd.DataFrame(
        {
            "parameter": params,
            "estimate": fit.params,
            "std_error": se,
            "ci_lower": lo,
            "ci_upper": hi,
            "std_error_stage2": se_asym,
        }
    )
    diagnostics = pd.DataFrame(fit.stages)
    # firm-year frame for productivity(): every row with output and inputs
    fy = work[["_firm", "_time", "_y", *free_cols, *state_cols]].copy()
    for c in params:
        fy[c] = work[c]
    if weight:
        fy["_weight"] = work["_weight"]
    phi_full = np.full(len(work), np.nan)
    if fit.phi is not None:
        phi_full[np.flatnonzero(usable)] = fit.phi
    fy["_phi"] = phi_full
    input_meta = get_meta(df)
    meta: dict[str, Any] = {
        "input_meta": input_meta,
        "method": method,
        "output": output,
        "free": tuple(free_cols),
        "state": tuple(state_cols),
        "proxy": proxy_col,
        "exit": exit,
        "polynomial": polynomial,
        "markov": markov,
        "bootstrap": bootstrap,
        "seed": seed,
        "logs": logs,
        "optimizer": optimizer,
        "rows_dropped": rows_dropped,
    }
    for key in ("source", "vintage", "price_basis", "labour_unit"):
        if key in input_meta:
            meta[key] = input_meta[key]
    return TfpResult(
        components=components,
        method=method,
        keys=("parameter",),
        terms=("estimate",),
        total=None,
        additive=False,
        units="output elasticity [unitless; d log output / d log input]",
        citation=CITATIONS[method],
        meta=meta,
        diagnostics=diagnostics,
        bootstrap_draws=pd.DataFrame(draws, columns=params),
        converged=fit.converged,
        warnings=tuple(caught),
        n_obs=len(est),
        n_firms=n_firms,
        confidence=confidence,
        firm_years=fy,
    )


# ------------------------------------------------------------------------------ simulation
def simulate(
    n_firms: int = 500,
    n_years: int = 10,
    *,
    beta_labour: float = 0.6,
    beta_capital: float = 0.4,
    rho: float = 0.7,
    sigma_xi: float = 0.2,
    sigma_eps: float = 0.1,
    sigma_wage: float = 0.2,
    wage_persistence: float = 0.9,
    exit_threshold: float | None = None,
    burn_in: int = 20,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Simulate a firm-year panel from a known Cobb-Douglas technology.

    Parameters
    ----------
    n_firms, n_years : int
        Panel size (firms present at the start; years kept after the burn-in).
    beta_labour, beta_capital : float
        True output elasticities [unitless].
    rho : float
        AR(1) coefficient of productivity.
    sigma_xi, sigma_eps : float
        Standard deviations of the productivity innovation and of measurement error [log].
    sigma_wage, wage_persistence : float
        Standard deviation of the innovation and AR(1) coefficient of the firm-specific wage
        [log]. The wage moves labour independently of productivity, which is what identifies
        ACF: with ``sigma_wage=0.1`` ACF is only weakly identified (its criterion often has two
        minima and its bootstrap standard errors are unreliable; pedw warns); with the default
        0.2 it is well identified.
    exit_threshold : float, optional
        If given, a firm stops (exits) in the first year with
        :math:`\omega_{it} < \underline\omega - 0.5 (k_{it} - \bar k)` (larger firms survive
        worse shocks, the selection Olley-Pakes correct for).
    burn_in : int
        Years simulated and discarded before the panel starts.
    seed : int
        Random seed.

    Returns
    -------
    pandas.DataFrame
        Columns ``firm``, ``time``, ``va``, ``labour``, ``capital``, ``materials``,
        ``investment`` (natural logs) and ``omega`` (true productivity).

    Raises
    ------
    pedw.errors.OptionError
        A negative standard deviation, or ``wage_persistence`` outside [0, 1).

    Notes
    -----
    Timing (each assumption of OP, LP, ACF and Wooldridge holds):

    .. math::

        \omega_{it} &= \rho\,\omega_{i,t-1} + \xi_{it}, \\
        K_{i,t+1} &= 0.9 K_{it} + I_{it}, \quad
            \log I_{it} = \log 0.1 + 0.5 k_{it} + 0.5(3 + 2\omega_{it}), \\
        l_{it} &= \frac{\log\beta_l + \beta_k k_{it} + E[\omega_{it} \mid \omega_{i,t-1/2}]
            - w_{it}}{1-\beta_l} + e_{it}, \quad w_{it} = \rho_w w_{i,t-1} + \nu_{it}, \\
        m_{it} &= 0.5 k_{it} + 1.5\,\omega_{it} + 0.3\,\omega_{it}^3, \\
        y_{it} &= 1 + \beta_l l_{it} + \beta_k k_{it} + \omega_{it} + \varepsilon_{it}.

    Productivity moves in two half-year AR steps; capital is chosen a year ahead; labour is
    chosen half-way through the year, knowing :math:`\omega_{i,t-1/2}` only, and responds to a
    persistent firm-specific wage :math:`w` and an optimisation error :math:`e` (the timing of
    Ackerberg, Caves & Frazer 2015, section 4, that identifies ACF); investment and materials
    are chosen at :math:`t`, strictly increasing in :math:`\omega_{it}` given :math:`k_{it}` (the
    OP and LP proxies).
    """
    rng = np.random.default_rng(seed)
    total = burn_in + n_years
    sd_omega = sigma_xi / np.sqrt(1 - rho**2)
    sd_half = sigma_xi / np.sqrt(1 + rho)  # two half-year innovations add up to xi
    omega = rng.normal(0.0, sd_omega, n_firms)
    if not 0 <= wage_persistence < 1:
        raise OptionError(
            f"wage_persistence={wage_persistence!r} must be in [0, 1).", hint="use 0.9"
        )
    for name, sd in (("sigma_xi", sigma_xi), ("sigma_eps", sigma_eps), ("sigma_wage", sigma_wage)):
        if not sd >= 0:
            raise OptionError(f"{name}={sd!r} must be a standard deviation (>= 0).", hint="use 0.2")
    wage = rng.normal(0.0, sigma_wage / np.sqrt(1 - wage_persistence**2), n_firms)
    cap = np.exp(rng.normal(3.0, 1.0, n_firms))
    alive = np.ones(n_firms, dtype=bool)
    rows: list[dict[str, Array]] = []
    for t in range(total):  # loop over years, vectorised over firms
        omega_half = np.sqrt(rho) * omega + rng.normal(0.0, sd_half, n_firms)
        omega = np.sqrt(rho) * omega_half + rng.normal(0.0, sd_half, n_firms)
        wage = wage_persistence * wage + rng.normal(0.0, sigma_wage, n_firms)
        k = np.log(cap)
        if exit_threshold is not None and t >= burn_in:
            alive &= omega >= exit_threshold - 0.5 * (k - k[alive].mean())
        inv = np.log(0.1) + 0.5 * k + 0.5 * (3.0 + 2.0 * omega)
        expected = np.log(beta_labour) + beta_capital * k + np.sqrt(rho) * omega_half - wage
        lab = expected / (1 - beta_labour) + rng.normal(0.0, 0.05, n_firms)
        mat = 0.5 * k + 1.5 * omega + 0.3 * omega**3
        eps = rng.normal(0.0, sigma_eps, n_firms)
        y = 1.0 + beta_labour * lab + beta_capital * k + omega + eps
        if t >= burn_in:
            idx = np.flatnonzero(alive)
            rows.append(
                {
                    "firm": idx,
                    "time": np.full(len(idx), 2000 + t - burn_in),
                    "va": y[idx],
                    "labour": lab[idx],
                    "capital": k[idx],
                    "materials": mat[idx],
                    "investment": inv[idx],
                    "omega": omega[idx],
                }
            )
        cap = 0.9 * cap + np.exp(inv)
    out = pd.DataFrame({c: np.concatenate([r[c] for r in rows]) for c in rows[0]})
    out = out.sort_values(["firm", "time"], kind="stable").reset_index(drop=True)
    out.attrs["pedw"] = {
        "source": "pedw.tfp.simulate",
        "true_elasticities": {"labour": beta_labour, "capital": beta_capital},
    }
    return out
