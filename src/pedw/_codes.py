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

__all__ = ["encode_arrow", "factorize"]

_MIN_ROWS = 50_000
_MIN_MEAN_RUN = 8


def _codes_and_dictionary(col: Any, nulls: str) -> tuple[npt.NDArray[np.int32], Any]:
    """Codes (``-1`` for null with ``nulls="mask"``) and dictionary of an Arrow column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col, pa.Array):
        col = pa.chunked_array([col])
    lengths: list[npt.NDArray[np.int64]] | None = None  # run lengths, when run-encoded
    target = col
    if len(col) >= _MIN_ROWS and col.num_chunks:
        head = col.slice(0, 20_000).combine_chunks()
        if len(pc.run_end_encode(head).values) * _MIN_MEAN_RUN <= len(head):
            values, lengths = [], []
            for chunk in col.chunks:
                ree = pc.run_end_encode(chunk)
                ends = ree.run_ends.to_numpy(zero_copy_only=False).astype(np.int64)
                lengths.append(np.diff(ends, prepend=0))
                values.append(ree.values)
            target = pa.chunked_array(values, type=col.type)
    enc = pc.dictionary_encode(target, null_encoding=nulls).combine_chunks()
    idx = enc.indices
    codes = (idx.fill_null(-1) if idx.null_count else idx).to_numpy(zero_copy_only=False)
    if lengths is not None:
        codes = np.repeat(codes, np.concatenate(lengths))
    return codes, enc.dictionary


def encode_arrow(col: Any) -> Any:
    """Dictionary-encode an Arrow column (nulls get an entry), in order of first appearance.

    Parameters
    ----------
    col : pyarrow.Array or pyarrow.ChunkedArray
        The column.

    Returns
    -------
    pyarrow.DictionaryArray
        Indices (int32) and dictionary.
    """
    import pyarrow as pa

    codes, dictionary = _codes_and_dictionary(col, "encode")
    return pa.DictionaryArray.from_arrays(pa.array(codes), dictionary)


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
