"""pedw._codes.factorize must equal pandas.factorize on every input (it is only faster)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw._codes import factorize


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["GBR", "KEN", "X01", "", None, "é"]), st.integers(1, 60)),
        min_size=1,
        max_size=200,
    ),
    st.sampled_from(["str", "string[pyarrow]", "object"]),
)
def test_factorize_equals_pandas(runs, dtype):
    values: list[str | None] = []
    while len(values) < 60_000:  # long enough for the run-length path
        for v, k in runs:
            values.extend([v] * k)
    s = pd.Series(values, dtype=dtype)
    codes, uniques = factorize(s)
    want_codes, want_uniques = pd.factorize(s)
    np.testing.assert_array_equal(codes, want_codes)
    assert list(uniques) == list(want_uniques)


def test_small_and_numeric_inputs_use_pandas():
    s = pd.Series([3, 1, 3, 2])
    codes, uniques = factorize(s)
    assert codes.tolist() == [0, 1, 0, 2] and list(uniques) == [3, 1, 2]
