"""Benchmark harness: every case times pedw against a baseline measured in the same run.

A benchmark module ``benchmarks/bench_<name>.py`` defines ``cases(quick: bool) -> list[Case]``.
The runner
(``python benchmarks/run.py``) discovers the modules, runs each case's ``setup`` once,
warms both up once, then times ``pedw`` ``repeat`` times and ``baseline`` ``repeat`` times (best of
each), and prints the ratio baseline / pedw (> 1 means pedw is faster). No wall-clock time is
ever asserted. By default the two are not interleaved: timing pedw right after a multi-second
baseline measured it up to 1.5x slower (allocator and cache state left by the other), so each
side is measured in its own steady state. Cases comparing two calls of similar size (two
readers of one file) set ``interleave=True``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    """One benchmark case.

    ``setup()`` returns the state passed to ``pedw(state)`` and ``baseline(state)``.
    ``extra(state)`` may return further lines to print (e.g. memory figures).
    ``target`` is the speed-up the issue asks for (baseline time / pedw time), shown for context.
    ``interleave`` times the two alternately (pedw, baseline, pedw, ...): right for two calls of
    similar size and memory use, such as two readers of one file, so that background activity on
    a shared machine hits both; wrong when one side runs for seconds and leaves its allocator
    state to the other.
    """

    name: str
    setup: Callable[[], Any]
    pedw: Callable[[Any], Any]
    baseline: Callable[[Any], Any]
    baseline_name: str
    repeat: int = 3
    target: float | None = None
    extra: Callable[[Any], list[str]] | None = None
    teardown: Callable[[Any], None] | None = None
    interleave: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Timing:
    name: str
    baseline_name: str
    pedw_s: float
    baseline_s: float
    target: float | None
    extra: list[str]

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.pedw_s if self.pedw_s > 0 else float("inf")


def _timed(func: Callable[[Any], Any], state: Any) -> float:
    gc.collect()
    t0 = time.perf_counter()
    func(state)
    return time.perf_counter() - t0


def run_case(case: Case) -> Timing:
    state = case.setup()
    try:
        # warm-up both once (imports, caches), then time: best of `repeat` for each side
        case.pedw(state)
        case.baseline(state)
        if case.interleave:
            p = b = float("inf")
            for _ in range(case.repeat):
                p = min(p, _timed(case.pedw, state))
                b = min(b, _timed(case.baseline, state))
        else:
            p = min(_timed(case.pedw, state) for _ in range(case.repeat))
            b = min(_timed(case.baseline, state) for _ in range(case.repeat))
        extra = case.extra(state) if case.extra else []
    finally:
        if case.teardown:
            case.teardown(state)
    return Timing(case.name, case.baseline_name, p, b, case.target, extra)


def format_timing(t: Timing) -> str:
    target = f" (target >= {t.target:g}x)" if t.target else ""
    lines = [
        f"{t.name}: pedw {t.pedw_s * 1e3:,.1f} ms | {t.baseline_name} {t.baseline_s * 1e3:,.1f} ms"
        f" | ratio {t.ratio:,.2f}x{target}"
    ]
    lines += [f"    {line}" for line in t.extra]
    return "\n".join(lines)
