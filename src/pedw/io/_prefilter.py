r"""Select the lines of a delimited file by their first field, before parsing.

A filter on the first column (``ref_area`` in ILOSTAT bulk files) can be applied to the raw
bytes: find the line starts, compare each line's first bytes with the wanted codes, and hand
only the matching lines to the CSV parser. Finding line starts costs a fraction of parsing, so
a read that keeps 5% of a bulk file parses 5% of it.

This is exact only for plain files: no quotes (a quoted field may hold a newline or the
delimiter) and ``\n`` or ``\r\n`` line ends (a lone ``\r`` also ends a line for pyarrow).
:func:`select_lines` checks both over the whole content and returns ``None`` when either
fails, or when a wanted code cannot be matched by bytes; the caller then parses everything
and filters afterwards.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Selected", "select_lines"]

#: Bytes scanned per unit of work (a unit holds whole lines, give or take one).
BLOCK = 1 << 24
#: Longest first field matched (code + delimiter packed into one uint64).
_MAX_PATTERN = 8
_NL, _CR, _QUOTE = 10, 13, 34


@dataclass(frozen=True)
class Selected:
    """Lines kept by :func:`select_lines`.

    Attributes
    ----------
    data : bytes
        The header line and the kept lines, in file order.
    rows : numpy.ndarray
        int64 position of each kept line among the file's data rows (0 = first row after the
        header; empty lines are not rows, as for pyarrow).
    rows_total : int
        Data rows in the whole file.
    """

    data: bytes
    rows: npt.NDArray[np.int64]
    rows_total: int


@dataclass
class _Unit:
    """Result of scanning whole lines ``buf[lo:hi]``."""

    rows: int  # non-empty lines
    kept: npt.NDArray[np.int64]  # their row positions within the unit
    pieces: list[bytes]  # kept lines, runs of adjacent lines joined
    plain: bool  # no quote and no lone carriage return


def _patterns(wanted: Sequence[str], delimiter: str) -> dict[int, npt.NDArray[np.uint64]] | None:
    """Wanted first fields + delimiter, packed little-endian into uint64, by byte length."""
    out: dict[int, list[int]] = {}
    special = {"\n", "\r", '"', delimiter}
    for w in wanted:
        if not w or not w.isascii() or any(ch in special for ch in w):
            return None
        pat = (w + delimiter).encode("utf-8")
        if len(pat) > _MAX_PATTERN:
            return None
        out.setdefault(len(pat), []).append(int.from_bytes(pat, "little"))
    return {n: np.unique(np.array(v, dtype=np.uint64)) for n, v in out.items()}


def _words(a: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """Overlapping little-endian 8-byte words: ``words[i]`` holds ``a[i:i + 8]`` (no copy)."""
    n = max(len(a) - _MAX_PATTERN + 1, 0)
    return np.ndarray(shape=(n,), dtype="<u8", buffer=a, offset=0, strides=(1,))


def _scan(buf: Any, lo: int, hi: int, patterns: dict[int, npt.NDArray[np.uint64]]) -> _Unit:
    """Scan whole lines ``buf[lo:hi]`` (``hi`` just past a newline, or the end of the content)."""
    if buf.find(b'"', lo, hi) >= 0 or hi <= lo:
        return _Unit(0, np.zeros(0, np.int64), [], plain=hi <= lo)
    a = np.frombuffer(buf, dtype=np.uint8, count=hi - lo, offset=lo)
    ends = np.flatnonzero(a == _NL)  # each line's newline
    if a[-1] != _NL:  # the content's last line has no newline
        ends = np.append(ends, len(a))
    starts = np.empty_like(ends)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1
    length = ends - starts
    if buf.find(b"\r", lo, hi) >= 0:  # CRLF is fine, a lone CR (a line end for pyarrow) is not
        crlf = np.zeros(len(ends), dtype=bool)
        full = length > 0
        crlf[full] = a[ends[full] - 1] == _CR
        if ends[-1] == len(a):  # the last line has no newline: its CR would be alone
            crlf[-1] = False
        if int(np.count_nonzero(a == _CR)) != int(crlf.sum()):
            return _Unit(0, np.zeros(0, np.int64), [], plain=False)
        length = length - crlf
    nonempty = length > 0
    match = np.zeros(len(ends), dtype=bool)
    words = _words(a)
    inner = starts <= len(a) - _MAX_PATTERN  # lines whose first 8 bytes lie inside the unit
    head = np.zeros(len(ends), dtype=np.uint64)
    head[inner] = words[starts[inner]]
    for i in np.flatnonzero(~inner).tolist():  # the last few lines of the unit
        tail = bytes(a[starts[i] : starts[i] + _MAX_PATTERN])
        head[i] = int.from_bytes(tail.ljust(_MAX_PATTERN, b"\0"), "little")
    for n, pats in patterns.items():  # first n bytes = code + delimiter
        mask = np.uint64((1 << (8 * n)) - 1)
        match |= np.isin(head & mask, pats) & (length >= n)
    if nonempty.all():  # no empty lines: a line's row is its index
        kept = np.flatnonzero(match).astype(np.int64)
    else:
        kept = (np.cumsum(nonempty) - 1)[match].astype(np.int64)
    pieces: list[bytes] = []
    if kept.size:  # join runs of adjacent kept lines: one slice per run
        idx = np.flatnonzero(match)
        brk = np.flatnonzero(np.diff(idx) != 1)
        first = idx[np.r_[0, brk + 1]]
        last = idx[np.r_[brk, len(idx) - 1]]
        for f, e in zip(starts[first].tolist(), ends[last].tolist(), strict=True):
            piece = bytes(buf[lo + f : lo + min(e + 1, hi - lo)])  # with its newline
            pieces.append(piece if piece.endswith(b"\n") else piece + b"\n")
    return _Unit(int(nonempty.sum()), kept, pieces, plain=True)


def _units_of_map(mm: Any, start: int, size: int) -> Iterator[tuple[Any, int, int]]:
    """Split ``mm[start:size]`` into ranges of whole lines of about :data:`BLOCK` bytes."""
    lo = start
    while lo < size:
        hi = min(lo + BLOCK, size)
        if hi < size:
            nl = mm.find(b"\n", hi)
            hi = size if nl < 0 else nl + 1
        yield mm, lo, hi
        lo = hi


def _units_of_stream(stream: Any, first: bytes) -> Iterator[tuple[Any, int, int]]:
    """Read ``stream`` in blocks; yield ranges of whole lines.

    A line split by a block edge is yielded on its own, joined.
    """
    carry = first
    while True:
        block = stream.read(BLOCK)
        if not block:
            break
        block = bytes(block)
        nl = block.find(b"\n")
        if nl < 0:
            carry += block
            continue
        yield carry + block[: nl + 1], 0, len(carry) + nl + 1
        last = block.rfind(b"\n")
        if last > nl:
            yield block, nl + 1, last + 1
        carry = block[last + 1 :]
    if carry:
        yield carry, 0, len(carry)


def select_lines(
    source: Any, *, delimiter: str, wanted: Sequence[str], path: Any = None
) -> Selected | None:
    """Keep the header and the lines whose first field is one of ``wanted``.

    Parameters
    ----------
    source : binary file-like
        The decompressed content, at its start (header first). Ignored when ``path`` is given.
    delimiter : str
        The field delimiter (one character).
    wanted : sequence of str
        First-field values to keep (compared byte for byte, as UTF-8).
    path : path-like, optional
        An uncompressed file to memory-map instead of reading ``source``.

    Returns
    -------
    Selected or None
        None when the content is not plain (a quote, or a carriage return not followed by a
        newline, anywhere), or a wanted value is empty, not ASCII, holds the delimiter, a
        quote or a line end, or is longer than 7 bytes: the lines cannot then be selected by
        bytes alone.

    Notes
    -----
    Work is split into blocks of whole lines scanned by two threads (numpy releases the GIL);
    each block costs one comparison per byte to find its newlines, then a gather of the
    first bytes of each line.
    """
    patterns = _patterns(wanted, delimiter)
    if patterns is None:
        return None
    with ThreadPoolExecutor(max_workers=2) as ex:
        if path is not None:
            with open(path, "rb") as fh:
                if fh.seek(0, 2) == 0:
                    return None
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                    nl = mm.find(b"\n")
                    if nl < 0:
                        return None
                    header = mm[: nl + 1]
                    units = list(
                        ex.map(
                            lambda u: _scan(u[0], u[1], u[2], patterns),
                            _units_of_map(mm, nl + 1, len(mm)),
                        )
                    )
        else:
            head = bytes(source.read(BLOCK))
            nl = head.find(b"\n")
            while nl < 0:
                more = source.read(BLOCK)
                if not more:
                    return None
                head += bytes(more)
                nl = head.find(b"\n")
            header = head[: nl + 1]
            # scanning runs in the pool while the next block is read (decompressed)
            futures = [
                ex.submit(_scan, *u, patterns) for u in _units_of_stream(source, head[nl + 1 :])
            ]
            units = [f.result() for f in futures]
    lone_cr = header.count(b"\r") != int(header.endswith(b"\r\n"))
    if not all(u.plain for u in units) or b'"' in header or lone_cr:
        return None
    offsets = np.cumsum([0] + [u.rows for u in units])
    rows = (
        np.concatenate([u.kept + off for u, off in zip(units, offsets.tolist(), strict=False)])
        if units
        else np.zeros(0, np.int64)
    )
    data = b"".join([header, *(p for u in units for p in u.pieces)])
    return Selected(data=data, rows=rows.astype(np.int64, copy=False), rows_total=int(offsets[-1]))
