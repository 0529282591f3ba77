"""pedw._codes.factorize must equal pandas.factorize on every input (it is only faster)."""

from itertools import pairwise

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
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


@settings(max_examples=40, deadline=None)
@example(["A", "B", None] * 10, ["C", "A", "Z"], "encode", [])
@example(["A", None, "B"] * 10, ["Z", None, "C"], "mask", [31])
@given(
    # a head of at least 24 rows of <= 3 values takes the lookup path (see encode_runs)
    st.lists(st.sampled_from(["A", "B", None]), min_size=24, max_size=120),
    st.lists(st.sampled_from(["A", "B", "C", "", None, "é", "Z"]), max_size=200),
    st.sampled_from(["encode", "mask"]),
    st.lists(st.integers(0, 320), max_size=3),
)
def test_encode_runs_equals_dictionary_encoding(head, tail, nulls, cuts):
    # every path of encode_runs (run values; rows looked up among the head's values, with values
    # that first appear after the head; rows hashed) gives pyarrow's dictionary encoding: same
    # dictionary, same per-row codes
    import pyarrow as pa
    import pyarrow.compute as pc

    from pedw import _codes

    values = head + tail
    edges = sorted({0, len(values), *(c for c in cuts if c < len(values))})
    col = pa.chunked_array(
        [pa.array(values[a:b], pa.large_string()) for a, b in pairwise(edges)],
        type=pa.large_string(),
    )
    want = pc.dictionary_encode(col, null_encoding=nulls).combine_chunks()
    want_codes = want.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    old = _codes._HEAD_ROWS
    _codes._HEAD_ROWS = len(head)  # the tail may bring values the head has not seen
    try:
        for min_rows in (0, 10**9):
            codes, dictionary, starts = _codes.encode_runs(col, nulls=nulls, min_rows=min_rows)
            if starts is not None:
                codes = np.repeat(codes, np.diff(np.append(starts, len(col))))
            assert dictionary.equals(want.dictionary), (dictionary, want.dictionary)
            np.testing.assert_array_equal(codes, want_codes)
    finally:
        _codes._HEAD_ROWS = old
