"""Testing helpers for pedw and for code built on it.

- :func:`assert_decomposition_equal` compares two results' components (xarray-style assertion).
- :mod:`pedw.testing.strategies` holds public hypothesis strategies generating valid panels
  (requires the ``test`` extra: ``pip install pedw[test]``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pedw._result import Result

__all__ = ["assert_decomposition_equal", "assert_terms_add_up"]


def assert_decomposition_equal(
    left: Result,
    right: Result,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    check_method: bool = True,
) -> None:
    """Assert that two decomposition results have the same components.

    Rows are aligned on the result keys, so row order does not matter.

    Parameters
    ----------
    left, right : pedw._result.Result
        Results to compare.
    rtol, atol : float
        Tolerances passed to :func:`pandas.testing.assert_frame_equal`.
    check_method : bool
        Also require the same ``method``.

    Raises
    ------
    AssertionError
        If they differ.
    """
    if check_method:
        assert left.method == right.method, f"method {left.method!r} != {right.method!r}"
    assert left.terms == right.terms, f"terms {left.terms} != {right.terms}"
    keys = [k for k in left.keys if k in left.components.columns]
    cols = [*left.terms, *([left.total] if left.total else [])]

    def _norm(r: Result) -> pd.DataFrame:
        frame = r.components[[*keys, *cols]]
        if keys:
            frame = frame.astype(dict.fromkeys(keys, str)).sort_values(keys)
        return frame.reset_index(drop=True)

    pd.testing.assert_frame_equal(
        _norm(left), _norm(right), rtol=rtol, atol=atol, check_dtype=False
    )


def assert_terms_add_up(
    frame: pd.DataFrame, terms: Sequence[str], total: str, *, rtol: float = 1e-10
) -> None:
    """Assert that ``terms`` add up to ``total`` in every row.

    Parameters
    ----------
    frame : pandas.DataFrame
        Components.
    terms : sequence of str
        Term columns.
    total : str
        Total column.
    rtol : float
        Relative tolerance (relative to the largest absolute term).

    Raises
    ------
    AssertionError
        If they do not.
    """
    from pedw._result import check_additive
    from pedw.errors import DecompositionIdentityError

    try:
        check_additive(frame, terms, total, rtol=rtol)
    except DecompositionIdentityError as err:
        raise AssertionError(str(err)) from err
