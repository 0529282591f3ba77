"""Hypothesis strategies that generate valid pedw panels (public, for property tests).

All strategies return tidy long DataFrames in pedw's schema with strictly positive measures,
balanced across periods, so every identity of the methods must hold on them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

__all__ = ["firm_panels", "positive_floats", "regional_panels", "sector_panels"]


def positive_floats(min_value: float = 0.1, max_value: float = 1e4) -> st.SearchStrategy[float]:
    """Return finite positive floats in a well-conditioned range.

    Parameters
    ----------
    min_value, max_value : float
        Bounds.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Floats in ``[min_value, max_value]``.
    """
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


@st.composite
def sector_panels(
    draw: st.DrawFn,
    *,
    max_groups: int = 4,
    min_sectors: int = 1,
    max_sectors: int = 6,
    min_periods: int = 2,
    max_periods: int = 4,
    start_year: int = 2000,
) -> pd.DataFrame:
    """Generate a balanced sectoral panel.

    Columns: ``ref_area, time, sector, value_added, value_added_nominal, employment``; every
    group has the same sectors in every year; all measures are positive.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    max_groups, min_sectors, max_sectors, min_periods, max_periods : int
        Panel dimensions.
    start_year : int
        First year.

    Returns
    -------
    pandas.DataFrame
        The panel.
    """
    n_g = draw(st.integers(1, max_groups))
    n_s = draw(st.integers(min_sectors, max_sectors))
    n_t = draw(st.integers(min_periods, max_periods))
    n = n_g * n_s * n_t
    va = draw(st.lists(positive_floats(1.0, 1e4), min_size=n, max_size=n))
    emp = draw(st.lists(positive_floats(0.5, 1e3), min_size=n, max_size=n))
    price = draw(st.lists(positive_floats(0.5, 2.0), min_size=n, max_size=n))
    groups = [f"G{i}" for i in range(n_g)]
    sectors = [f"S{j}" for j in range(n_s)]
    years = [start_year + k for k in range(n_t)]
    idx = pd.MultiIndex.from_product([groups, years, sectors], names=["ref_area", "time", "sector"])
    df = idx.to_frame(index=False)
    df["value_added"] = np.asarray(va)
    df["value_added_nominal"] = np.asarray(va) * np.asarray(price)
    df["employment"] = np.asarray(emp)
    return df


@st.composite
def regional_panels(
    draw: st.DrawFn,
    *,
    max_regions: int = 5,
    max_industries: int = 5,
    min_periods: int = 2,
    max_periods: int = 4,
    start_year: int = 2000,
) -> pd.DataFrame:
    """Generate a balanced region x industry x year employment panel (positive values).

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    max_regions, max_industries, min_periods, max_periods : int
        Panel dimensions.
    start_year : int
        First year.

    Returns
    -------
    pandas.DataFrame
        Columns ``region, industry, time, employment``.
    """
    n_r = draw(st.integers(1, max_regions))
    n_i = draw(st.integers(1, max_industries))
    n_t = draw(st.integers(min_periods, max_periods))
    n = n_r * n_i * n_t
    emp = draw(st.lists(positive_floats(1.0, 1e4), min_size=n, max_size=n))
    idx = pd.MultiIndex.from_product(
        [
            [f"R{i}" for i in range(n_r)],
            [f"I{j}" for j in range(n_i)],
            [start_year + k for k in range(n_t)],
        ],
        names=["region", "industry", "time"],
    )
    df = idx.to_frame(index=False)
    df["employment"] = np.asarray(emp)
    return df


@st.composite
def firm_panels(
    draw: st.DrawFn,
    *,
    max_groups: int = 3,
    max_firms: int = 12,
    min_periods: int = 2,
    max_periods: int = 3,
    start_year: int = 2000,
    presence: float | None = None,
) -> pd.DataFrame:
    """Generate an unbalanced firm-year panel with entry and exit.

    Each firm is present in a random subset of years (at least one); every group-year has at
    least one firm. Columns: ``group, firm, time, productivity, weight`` (weights positive,
    not normalised).

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    max_groups, max_firms, min_periods, max_periods : int
        Panel dimensions.
    start_year : int
        First year.
    presence : float, optional
        If given, a fixed probability that a firm is present in a year; else drawn.

    Returns
    -------
    pandas.DataFrame
        The panel.
    """
    n_g = draw(st.integers(1, max_groups))
    n_f = draw(st.integers(1, max_firms))
    n_t = draw(st.integers(min_periods, max_periods))
    seed = draw(st.integers(0, 2**32 - 1))
    p = presence if presence is not None else draw(st.floats(0.3, 1.0))
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    years = [start_year + k for k in range(n_t)]
    for g in range(n_g):
        present = rng.random((n_f, n_t)) < p
        present[rng.integers(0, n_f, size=n_t), np.arange(n_t)] = True  # every year has a firm
        for f in range(n_f):
            for k, year in enumerate(years):
                if present[f, k]:
                    rows.append(
                        {
                            "group": f"G{g}",
                            "firm": f"F{g}_{f}",
                            "time": year,
                            "productivity": float(rng.normal(1.0, 0.5)),
                            "weight": float(rng.uniform(0.1, 10.0)),
                        }
                    )
    return pd.DataFrame(rows)
