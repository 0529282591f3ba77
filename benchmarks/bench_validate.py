"""Validation layer: pedw.validate_panel vs the same checks written plainly in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
from _harness import Case

from pedw._validate import validate_panel


def _panel(n_groups: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    idx = pd.MultiIndex.from_product(
        [[f"C{i}" for i in range(n_groups)], range(1990, 2019), [f"S{j}" for j in range(12)]],
        names=["ref_area", "time", "sector"],
    )
    df = idx.to_frame(index=False)
    df["value_added"] = rng.uniform(1, 100, len(df))
    df["employment"] = rng.uniform(1, 100, len(df))
    return df


def _plain(df: pd.DataFrame) -> None:
    for c in ("value_added", "employment"):
        assert pd.api.types.is_numeric_dtype(df[c])
        assert (df[c] >= 0).all()
    assert not df.duplicated(["ref_area", "time", "sector"]).any()


def cases(quick: bool) -> list[Case]:
    n = 200 if quick else 3000
    keys = ["ref_area", "time", "sector"]
    return [
        Case(
            name=f"validate_panel {n} groups x 29 years x 12 sectors",
            setup=lambda: _panel(n),
            pedw=lambda df: validate_panel(
                df,
                keys=keys,
                numeric=["value_added", "employment"],
                nonnegative=["value_added", "employment"],
                components="sector",
            ),
            baseline=_plain,
            baseline_name="plain pandas checks",
        )
    ]
