"""Fast integer codes for key columns (countries, regions, sectors, industries, firms).

Hashing millions of strings is the main cost of grouping a tidy panel. Key columns usually come
in long runs (a file or panel sorted by country, then year), so run-length encoding first -- a
cheap neighbour comparison -- and hashing only the run values is several times faster than
hashing every row. Used by the ILOSTAT loader and by the decompositions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["encode_runs", "factorize", "run_starts"]

_MIN_ROWS = 50_000
_MIN_MEAN_RUN = 8
#: Rows sampled to choose between run coding and row coding (and the lookup values).
_HEAD_ROWS = 20_000


def run_starts(col: Any) -> npt.NDArray[np.int64]:
    """Return the first row of each run of equal values (nulls equal each other).

    Parameters
    ----------
    col : pyarrow.Array or pyarrow.ChunkedArray
        The column.

    Returns
    -------
    numpy.ndarray
        int64 row positions, starting with 0 (empty for an empty column).

    Notes
    -----
    One comparison of the column with itself shifted by a row, over all chunks at once
    (Arrow aligns the two chunk layouts), then the positions of the changes.
    """
    import pyarrow.compute as pc

    n = len(col)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    x, y = col.slice(1), col.slice(0, n - 1)
    neq = pc.not_equal(x, y)
    if col.null_count:  # null == null is a run, null != value a change
        neq = pc.and_not(neq.fill_null(True), pc.and_(x.is_null(), y.is_null()))
    pos = pc.indices_nonzero(neq).to_numpy(zero_copy_only=False)
    out = np.empty(len(pos) + 1, dtype=np.int64)
    out[0] = 0
    np.add(pos, 1, out=out[1:], casting="unsafe")
    return out


def _take_sorted(col: Any, rows: npt.NDArray[np.int64]) -> Any:
    """Rows of a column at sorted positions, taken chunk by chunk.

    ``ChunkedArray.take`` first concatenates every chunk (a copy of the whole column); the
    positions being sorted, each chunk's share is a slice of them.
    """
    import pyarrow as pa

    if not isinstance(col, pa.ChunkedArray):
        return col.take(pa.array(rows))
    lengths = np.fromiter((len(c) for c in col.chunks), dtype=np.int64, count=col.num_chunks)
    ends = np.cumsum(lengths)
    cuts = np.searchsorted(rows, ends)
    parts = []
    lo = 0
    for chunk, end, length, hi in zip(col.chunks, ends, lengths, cuts, strict=True):
        if hi > lo:  # a few dozen chunks, each taken by one kernel call
            parts.append(chunk.take(pa.array(rows[lo:hi] - (end - length))))
        lo = hi
    return pa.chunked_array(parts, type=col.type)


def _dictionary_codes(col: Any, nulls: str) -> tuple[npt.NDArray[np.int32], Any]:
    import pyarrow.compute as pc

    enc = pc.dictionary_encode(col, null_encoding=nulls).combine_chunks()
    idx = enc.indices
    codes = (idx.fill_null(-1) if idx.null_count else idx).to_numpy(zero_copy_only=False)
    return codes.astype(np.int32, copy=False), enc.dictionary


def encode_runs(
    col: Any, *, nulls: str = "encode", min_rows: int = _MIN_ROWS
) -> tuple[npt.NDArray[np.int32], Any, npt.NDArray[np.int64] | None]:
    """Return dictionary codes of an Arrow column, one per run of equal values if runs are long.

    Parameters
    ----------
    col : pyarrow.Array or pyarrow.ChunkedArray
        The column.
    nulls : {"encode", "mask"}
        Nulls get a dictionary entry, or code ``-1``.
    min_rows : int
        Columns shorter than this are hashed row by row (as cheap).

    Returns
    -------
    codes : numpy.ndarray
        int32 codes in order of first appearance: one per run when ``starts`` is given (the
        column's runs average at least 8 rows), else one per row.
    dictionary : pyarrow.Array
        The distinct values.
    starts : numpy.ndarray or None
        First row of each run.
    """
    if len(col) >= min_rows:
        head = col.slice(0, _HEAD_ROWS)
        if len(run_starts(head)) * _MIN_MEAN_RUN <= len(head):
            starts = run_starts(col)
            codes, dictionary = _dictionary_codes(_take_sorted(col, starts), nulls)
            return codes, dictionary, starts
        codes, dictionary = _lookup_codes(col, head, nulls)
        return codes, dictionary, None
    codes, dictionary = _dictionary_codes(col, nulls)
    return codes, dictionary, None


def _lookup_codes(col: Any, head: Any, nulls: str) -> tuple[npt.NDArray[np.int32], Any]:
    """Return first-appearance codes of a column whose values change often but are few.

    The distinct values of the first rows are looked up in every row (``index_in``: a probe
    into a small table, cheaper than growing a memo table row by row); rows whose value is not
    among them are dictionary-encoded apart and numbered after, which keeps the codes in order
    of first appearance.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pc.unique(head)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if len(values) * _MIN_MEAN_RUN > len(head):  # many distinct values (ids): hash every row
        return _dictionary_codes(col, nulls)
    if nulls == "mask":
        values = values.drop_null()
    idx = pc.index_in(col, value_set=values)
    codes = np.concatenate(
        [c.fill_null(-1).to_numpy(zero_copy_only=False) for c in idx.chunks]
        if isinstance(idx, pa.ChunkedArray)
        else [idx.fill_null(-1).to_numpy(zero_copy_only=False)]
    ).astype(np.int32, copy=False)
    unseen = codes < 0
    if nulls == "mask" and col.null_count:
        unseen &= ~col.is_null().to_numpy(zero_copy_only=False)
    if not unseen.any():
        return codes, values
    rows = np.flatnonzero(unseen)
    extra, extra_values = _dictionary_codes(col.take(pa.array(rows)), nulls)
    codes[rows] = extra + len(values)
    return codes, pa.concat_arrays([values, extra_values])


def _codes_and_dictionary(col: Any, nulls: str) -> tuple[npt.NDArray[np.int32], Any]:
    """Codes (``-1`` for null with ``nulls="mask"``) and dictionary of an Arrow column."""
    codes, dictionary, starts = encode_runs(col, nulls=nulls)
    if starts is not None:
        codes = np.repeat(codes, np.diff(np.append(starts, len(col))))
    return codes, dictionary


def _arrow_of(values: pd.Series[Any]) -> Any | None:
    """Return the column as Arrow data when pandas already stores it so (no copy), else None."""
    dtype = values.dtype
    storage = getattr(dtype, "storage", None)
    if storage not in ("pyarrow", "pyarrow_numpy") and not str(dtype).endswith("[pyarrow]"):
        return None
    import pyarrow as pa

    try:
        return pa.chunked_array(pa.array(values.array))
    except (TypeError, ValueError, pa.ArrowException):  # pragma: no cover - exotic dtypes
        return None


def factorize(values: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], pd.Index[Any]]:
    """Integer codes and distinct values of a key column, like :func:`pandas.factorize`.

    Arrow-backed columns (pandas' default string dtype with pyarrow) with long runs are
    encoded run by run; everything else goes through :func:`pandas.factorize`.

    Parameters
    ----------
    values : pandas.Series
        Key column.

    Returns
    -------
    codes : numpy.ndarray
        One code per row, ``-1`` for missing values.
    uniques : pandas.Index
        Distinct non-missing values in order of first appearance.
    """
    arrow = _arrow_of(values) if len(values) >= _MIN_ROWS else None
    if arrow is not None:
        run_codes, dictionary = _codes_and_dictionary(arrow, "mask")
        uniques = pd.Index(dictionary.to_pandas(), dtype=values.dtype)
        return run_codes.astype(np.intp), uniques
    codes, pd_uniques = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.intp), pd.Index(pd_uniques)
