r"""Shared mechanics of every pedw reader (private; used by ``pedw.io.*``).

What is here
------------
``Source``
    The type readers accept: a path (``str`` / ``os.PathLike``), a binary or text file-like
    object, or ``bytes``.
:func:`source_name`
    A name for the source, used in messages and provenance (the path, or ``"<buffer>"``).
:func:`sniff`
    Looks at the start of a source without consuming it and returns a :class:`SourceInfo`:
    compression detected by magic bytes (gzip ``1f 8b``, zip ``PK\x03\x04``), UTF-8 BOM,
    encoding (UTF-8, else cp1252, else latin-1), the decoded head text and its first line.
    A truncated or corrupt gzip raises :class:`~pedw.errors.ParseError` naming the file.
:func:`open_stream`
    Opens the (decompressed) byte stream of a source for ``pyarrow.csv`` / pandas: a
    ``pyarrow.NativeFile`` for paths (no copy of the file in memory), a ``BytesIO`` otherwise.
:func:`read_text`
    The whole (decompressed, decoded) text of a small source, for layouts that pyarrow cannot
    parse directly.
:func:`encoding_warning`
    Warns (:class:`~pedw.errors.PedwWarning`) that a file was not UTF-8 and which encoding was
    used; readers record ``encoding`` in the provenance.
:func:`arrow_error`
    Turns a pyarrow parsing/decompression exception into a :class:`~pedw.errors.ParseError`
    naming the file (and column/row when pyarrow says so).
:func:`non_numeric_error`
    Builds the :class:`~pedw.errors.ParseError` for a column that should be numeric, naming the
    file, the line and column of the first bad value, the value, and how many rows are bad.
:func:`first_line_of`
    The 1-based line number of the first data row (after preamble lines and the header).
:func:`vintage_from_name`
    A release date visible in a file name (``...-2025-06-01.csv`` -> ``"2025-06-01"``).
:class:`RowLog` and :func:`finish_provenance`
    Row accounting: ``rows_read``, ``rows_kept``, ``rows_dropped`` by reason, checked to add up;
    fills ``df.attrs["pedw"]`` (file, format, producer, licence, vintage, encoding, ...) and emits
    :class:`~pedw.errors.SkippedRowsWarning` when rows were dropped *for data reasons* (rows a
    user's filter removed are counted under ``"filtered"`` and do not warn).

Line numbers in messages assume one record per line (true of every producer format pedw reads);
they count from 1 and include the header.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

import numpy as np

from pedw.errors import ParseError, PedwWarning, SkippedRowsWarning
from pedw.schema import set_meta

__all__ = [
    "FILTER_REASON",
    "RowLog",
    "Source",
    "SourceInfo",
    "arrow_error",
    "decode_bytes",
    "encoding_warning",
    "finish_provenance",
    "first_line_of",
    "non_numeric_error",
    "open_stream",
    "read_text",
    "sniff",
    "source_name",
    "vintage_from_name",
]

#: What readers accept.
Source: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str] | bytes"
#: Reason under which rows removed by a user's filter are counted (never warned about).
FILTER_REASON = "filtered"

Compression: TypeAlias = Literal["gzip", "zip"] | None

_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"
_HEAD_BYTES = 1 << 16


@dataclass(frozen=True)
class SourceInfo:
    """What :func:`sniff` found at the start of a source.

    Attributes
    ----------
    name : str
        Name for messages (path or ``"<buffer>"``).
    path : pathlib.Path or None
        The path, when the source is one.
    compression : {"gzip", "zip"} or None
        Detected from magic bytes, not the file name.
    encoding : str
        ``"utf-8"``, ``"cp1252"`` or ``"latin-1"`` (the BOM, if any, is not part of it).
    bom : bool
        Whether the (decompressed) content starts with a UTF-8 byte-order mark.
    head : str
        The decoded first bytes (up to 64 KiB), cut at the last complete line.
    member : str or None
        For zip sources, the member read.
    """

    name: str
    path: Path | None
    compression: Compression
    encoding: str
    bom: bool
    head: str
    member: str | None = None
    _data: bytes | None = field(default=None, repr=False)
    _start: int = field(default=0, repr=False)

    @property
    def lines(self) -> list[str]:
        """The complete lines of :attr:`head`."""
        return self.head.splitlines()

    @property
    def first_line(self) -> str:
        """The first line of the content (usually the header)."""
        lines = self.lines
        return lines[0] if lines else ""


def source_name(src: object) -> str:
    """Return a name for a source, for messages and provenance.

    Parameters
    ----------
    src : path, file-like or bytes
        The source.

    Returns
    -------
    str
        The path as given, a file object's ``name`` if it has one, else ``"<buffer>"``.
    """
    if isinstance(src, (str, os.PathLike)):
        return os.fspath(src) if isinstance(os.fspath(src), str) else repr(src)
    name = getattr(src, "name", None)
    if isinstance(name, str) and name:
        return name
    return "<buffer>"


def _as_path(src: object) -> Path | None:
    if isinstance(src, (str, os.PathLike)):
        p = Path(os.fspath(src))
        if not p.exists():
            raise ParseError(
                "The file does not exist.",
                file=str(p),
                hint="check the path, or pass an open file object",
            )
        if p.is_dir():
            raise ParseError("The path is a directory, not a file.", file=str(p))
        return p
    return None


def _buffer_bytes(src: object, name: str) -> bytes:
    """Read a file-like / bytes source completely into bytes (text is encoded as UTF-8)."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src)
    read = getattr(src, "read", None)
    if read is None:
        raise ParseError(
            f"Cannot read from a {type(src).__name__}.",
            file=name,
            hint="pass a path, an open file, bytes, or an io.StringIO / io.BytesIO",
        )
    data = read()
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise ParseError(
        f"The file object returned {type(data).__name__} from read(), not bytes or str.",
        file=name,
    )


def read_bytes(src: object, name: str, *, binary_hint: str | None = None) -> bytes:
    """Read a whole source (path, file-like or bytes) into bytes.

    Parameters
    ----------
    src : path, file-like or bytes
        The source.
    name : str
        Name for messages (see :func:`source_name`).
    binary_hint : str, optional
        For binary formats: refuse a text file object with this hint instead of encoding its
        text as UTF-8.

    Returns
    -------
    bytes
        The raw content.

    Raises
    ------
    pedw.errors.ParseError
        If the path does not exist or is a directory, or the object cannot be read.
    """
    path = _as_path(src)
    if path is not None:
        return path.read_bytes()
    if binary_hint is not None and not isinstance(src, (bytes, bytearray, memoryview)):
        read = getattr(src, "read", None)
        if read is not None:
            data = read()
            if isinstance(data, str):
                raise ParseError(
                    "The file object returned text; this format is binary.",
                    file=name,
                    hint=binary_hint,
                )
            src = data
    return _buffer_bytes(src, name)


def _decompress_head(raw: bytes, compression: Compression, name: str) -> bytes:
    if compression == "gzip":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            return d.decompress(raw, _HEAD_BYTES)
        except zlib.error as exc:
            raise ParseError(
                f"The gzip data is corrupt ({exc}).",
                file=name,
                hint="download the file again; check that the transfer completed",
            ) from None
    return raw


def _decode_head(head: bytes) -> tuple[str, str, bool]:
    bom = head.startswith(_BOM)
    body = head[3:] if bom else head
    # cut at the last newline so multi-byte characters are never split (unless one line)
    cut = body.rfind(b"\n")
    if cut > 0 and len(body) >= _HEAD_BYTES - 3:
        body = body[: cut + 1]
    try:
        return body.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252"), "cp1252", bom
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1", bom


def _zip_member(zf: zipfile.ZipFile, member: str | None, name: str) -> str:
    names = [n for n in zf.namelist() if not n.endswith("/")]
    if member is not None:
        if member not in names:
            raise ParseError(
                f"The zip archive has no member {member!r}; it has {names}.",
                file=name,
                hint="pass one of the members listed",
            )
        return member
    if len(names) == 1:
        return names[0]
    raise ParseError(
        f"The zip archive holds several files: {names}.",
        file=name,
        hint="pass member=... to choose one",
    )


def sniff(src: Any, *, member: str | None = None) -> SourceInfo:
    """Inspect the start of a source without consuming it.

    Parameters
    ----------
    src : path, file-like or bytes
        The source. A non-seekable file object is read into memory (and later re-served from
        there by :func:`open_stream`).
    member : str, optional
        For zip archives with several files, the member to read.

    Returns
    -------
    SourceInfo
        Compression, encoding, BOM and the decoded head.

    Raises
    ------
    pedw.errors.ParseError
        If the file does not exist, or its gzip/zip container is corrupt or truncated at the start.
    """
    name = source_name(src)
    path = _as_path(src)
    data: bytes | None = None
    start = 0
    if path is not None:
        with path.open("rb") as fh:
            raw = fh.read(_HEAD_BYTES)
    else:
        seek = getattr(src, "seek", None)
        tell = getattr(src, "tell", None)
        seekable = getattr(src, "seekable", lambda: False)
        if (
            not isinstance(src, (bytes, bytearray, memoryview))
            and callable(seek)
            and callable(tell)
            and seekable()
            and not isinstance(src, io.TextIOBase)
        ):
            pos = start = tell()
            raw = src.read(_HEAD_BYTES)
            src.seek(pos)
            if isinstance(raw, str):  # a text object without TextIOBase
                data = raw.encode("utf-8") + _buffer_bytes(src, name)
                raw = data[:_HEAD_BYTES]
        else:
            data = _buffer_bytes(src, name)
            raw = data[:_HEAD_BYTES]
    compression: Compression = None
    chosen: str | None = None
    if raw.startswith(_GZIP_MAGIC):
        compression = "gzip"
        head = _decompress_head(raw, compression, name)
    elif raw.startswith(_ZIP_MAGIC):
        compression = "zip"
        if path is None and data is None:  # seekable object: zip needs the whole archive
            data = _buffer_bytes(src, name)
        try:
            blob: IO[bytes] = path.open("rb") if path is not None else io.BytesIO(data or raw)
            with zipfile.ZipFile(blob) as zf:
                chosen = _zip_member(zf, member, name)
                with zf.open(chosen) as fh:
                    head = fh.read(_HEAD_BYTES)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ParseError(
                f"The zip archive is corrupt or truncated ({exc}).",
                file=name,
                hint="download the file again",
            ) from None
    else:
        head = raw
    text, encoding, bom = _decode_head(head)
    return SourceInfo(
        name=name,
        path=path,
        compression=compression,
        encoding=encoding,
        bom=bom,
        head=text,
        member=chosen,
        _data=data,
        _start=start,
    )


class _Borrowed:
    """A caller's file object lent to pyarrow: closing the stream built on it leaves it open."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    @property
    def closed(self) -> bool:
        return bool(self._fh.closed)

    def close(self) -> None:
        """Do nothing: the file belongs to the caller."""


def open_stream(src: Any, info: SourceInfo) -> Any:
    """Open the decompressed byte stream of a source.

    Parameters
    ----------
    src : path, file-like or bytes
        The source given to :func:`sniff`.
    info : SourceInfo
        What :func:`sniff` returned for it.

    Returns
    -------
    pyarrow.NativeFile or io.BytesIO or file-like
        A readable binary stream positioned at the start of the (decompressed) content. The
        BOM, if any, is left in place (pyarrow and pandas' ``utf-8-sig`` skip it).
    """
    import pyarrow as pa

    if info.path is not None:
        if info.compression == "gzip":
            return pa.CompressedInputStream(pa.OSFile(str(info.path)), "gzip")
        if info.compression == "zip":
            zf = zipfile.ZipFile(info.path)
            return zf.open(info.member or _zip_member(zf, None, info.name))
        return pa.memory_map(str(info.path))
    data = info._data
    if data is None:
        # seekable binary object: rewind to where it was and hand it over as it is
        src.seek(info._start)
        if info.compression == "gzip":
            return pa.CompressedInputStream(pa.PythonFile(_Borrowed(src), mode="r"), "gzip")
        if info.compression == "zip":
            zf = zipfile.ZipFile(src)
            return zf.open(info.member or _zip_member(zf, None, info.name))
        return src
    if info.compression == "gzip":
        return pa.CompressedInputStream(pa.BufferReader(data), "gzip")
    if info.compression == "zip":
        zf = zipfile.ZipFile(io.BytesIO(data))
        return zf.open(info.member or _zip_member(zf, None, info.name))
    return io.BytesIO(data)


@contextmanager
def opened(src: Any, info: SourceInfo) -> Iterator[Any]:
    """Open the decompressed byte stream of a source for a ``with`` block.

    Parameters
    ----------
    src, info
        As :func:`open_stream`.

    Yields
    ------
    pyarrow.NativeFile or io.BytesIO or file-like
        The stream :func:`open_stream` returns. Streams pedw opened are closed on exit; a file
        object passed by the caller is left open (and where it is).
    """
    stream = open_stream(src, info)
    try:
        yield stream
    finally:
        close = getattr(stream, "close", None)
        if callable(close) and stream is not src:
            close()


def read_strings(src: Any, info: SourceInfo, names: Sequence[str], encoding: str) -> Any:
    """Parse a delimited source with every column as text, the header line skipped.

    Parameters
    ----------
    src, info
        As :func:`open_stream`.
    names : sequence of str
        Column names to give the fields (one per field of the header).
    encoding : str
        The text encoding (``"utf-8"``, ``"cp1252"``, ...).

    Returns
    -------
    pyarrow.Table
        ``string`` columns; only empty fields are null (``"NA"`` is Namibia's code); quoted
        fields may hold newlines.

    Raises
    ------
    pyarrow.ArrowInvalid, OSError, EOFError
        Left to the caller, which names the file and line.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with opened(src, info) as stream:
        return pacsv.read_csv(
            stream,
            read_options=pacsv.ReadOptions(
                skip_rows=1, column_names=list(names), encoding=encoding
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],  # only empty: "NA" is Namibia
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )


def read_text(src: Any, info: SourceInfo) -> str:
    """Return the whole decompressed, decoded text of a (small) source.

    Parameters
    ----------
    src : path, file-like or bytes
        The source given to :func:`sniff`.
    info : SourceInfo
        What :func:`sniff` returned.

    Returns
    -------
    str
        The text, without BOM, decoded with ``info.encoding`` (falling back to cp1252 and then
        latin-1 if a later part of the file is not valid in it; :func:`encoding_warning` should
        then be emitted by the caller, who can compare the encoding returned by
        :func:`decode_bytes`).

    Raises
    ------
    pedw.errors.ParseError
        If a gzip/zip stream is truncated or corrupt.
    """
    with opened(src, info) as stream:
        try:
            raw = stream.read()
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise arrow_error(exc, info.name) from None
    if isinstance(raw, str):
        return raw
    return decode_bytes(bytes(raw), info.encoding)[0]


def decode_bytes(raw: bytes, encoding: str = "utf-8") -> tuple[str, str]:
    """Decode bytes, falling back from UTF-8 to cp1252 to latin-1.

    Parameters
    ----------
    raw : bytes
        The content (a leading UTF-8 BOM is removed).
    encoding : str
        The encoding to try first.

    Returns
    -------
    tuple of (str, str)
        The text and the encoding that decoded it.
    """
    if raw.startswith(_BOM):
        raw = raw[3:]
    for enc in dict.fromkeys((encoding, "utf-8", "cp1252")):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def encoding_warning(name: str, encoding: str, *, stacklevel: int) -> None:
    """Warn that a file is not UTF-8 and say which encoding was used to read it.

    Parameters
    ----------
    name : str
        File name.
    encoding : str
        Encoding used (``"cp1252"`` or ``"latin-1"``).
    stacklevel : int
        The ``stacklevel`` that would point at the user's call from the caller of this
        function; the warning is emitted one level further up.
    """
    warnings.warn(
        f"{name} is not valid UTF-8; it was read as {encoding}. Check accented names; "
        f"the encoding is recorded in df.attrs['pedw']['encoding'].",
        PedwWarning,
        stacklevel=stacklevel + 1,
    )


_ARROW_COL = re.compile(r"In CSV column #(\d+)")
_ARROW_ROW = re.compile(r"[Rr]ow #(\d+)")


def arrow_error(
    exc: BaseException,
    name: str,
    *,
    columns: Sequence[str] | None = None,
    first_line: int | None = None,
    compressed: bool = False,
) -> ParseError:
    """Translate a pyarrow (or zlib/gzip) reading exception into a :class:`ParseError`.

    Parameters
    ----------
    exc : BaseException
        The exception raised while reading.
    name : str
        File name for the message.
    columns : sequence of str, optional
        Column names in file order, to name ``#k`` columns in pyarrow messages.
    first_line : int, optional
        Line number of the first data row (to turn pyarrow's row numbers into lines).
    compressed : bool
        Whether the source was compressed (decompression errors then mean a truncated file).

    Returns
    -------
    pedw.errors.ParseError
        To be raised by the caller (``raise arrow_error(...) from None``).
    """
    text = str(exc)
    context: dict[str, Any] = {"file": name}
    mcol = _ARROW_COL.search(text)
    if mcol and columns is not None and int(mcol.group(1)) < len(columns):
        context["column"] = columns[int(mcol.group(1))]
    mrow = _ARROW_ROW.search(text)
    if mrow and first_line is not None:
        context["line"] = first_line + int(mrow.group(1)) - 1
    low = text.lower()
    decompression = any(w in low for w in ("zlib", "inflate", "truncated compressed", "gzip"))
    if decompression or (compressed and isinstance(exc, (OSError, EOFError))):
        return ParseError(
            f"The compressed file is truncated or corrupt ({text.strip()}).",
            hint="download the file again; check that the transfer completed",
            **context,
        )
    if "expected" in low and "columns" in low:
        return ParseError(
            f"A row has the wrong number of fields ({text.strip()}).",
            hint="check the delimiter and quoting; the file may be cut short or hand-edited",
            **context,
        )
    return ParseError(f"The file could not be parsed: {text.strip()}", **context)


def first_line_of(header_line: int = 1) -> int:
    """Return the 1-based line of the first data row given the header's line.

    Parameters
    ----------
    header_line : int
        1-based line number of the header.

    Returns
    -------
    int
        ``header_line + 1``.
    """
    return header_line + 1


_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$")


def non_numeric_error(
    values: Sequence[Any] | np.ndarray[Any, Any],
    *,
    name: str,
    column: str,
    first_line: int,
    na_values: Sequence[str] = ("",),
    hint: str | None = None,
) -> ParseError | None:
    """Find non-numeric entries of a column read as text and describe the first one.

    Parameters
    ----------
    values : sequence or numpy array of str or None
        The column as text, in file order.
    name : str
        File name.
    column : str
        Column name.
    first_line : int
        Line number of ``values[0]``.
    na_values : sequence of str
        Entries that mean "missing" and are not errors.
    hint : str, optional
        How to fix it (a default is provided).

    Returns
    -------
    pedw.errors.ParseError or None
        The error to raise, or ``None`` when every entry is numeric or missing.
    """
    import pandas as pd

    s = pd.Series(np.asarray(values, dtype=object))
    missing = s.isna() | s.isin(list(na_values))
    ok = missing | s.astype(str).str.match(_NUMBER.pattern)
    special = s.astype(str).str.strip().str.lower().isin(["nan", "inf", "-inf", "+inf"])
    bad = ~(ok | special)
    if not bad.any():
        return None
    pos = int(np.flatnonzero(bad.to_numpy())[0])
    n_bad = int(bad.sum())
    return ParseError(
        f"Column {column!r} should hold numbers but has {s.iloc[pos]!r}"
        + (f" ({n_bad} non-numeric rows in all)." if n_bad > 1 else "."),
        hint=hint
        or "fix or blank the value in the file (an empty field means missing); pedw never "
        "turns text into numbers silently",
        file=name,
        line=first_line + pos,
        column=column,
        rows=n_bad,
    )


_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def vintage_from_name(name: str) -> str | None:
    """Return a release date visible in a file name, if any.

    Parameters
    ----------
    name : str
        File name or path.

    Returns
    -------
    str or None
        ``"YYYY-MM-DD"`` when the base name contains one date, else ``None``.
    """
    found = _DATE_IN_NAME.findall(Path(name).name)
    return found[0] if len(found) == 1 else None


@dataclass
class RowLog:
    """Row accounting of one read: rows read, and rows dropped by reason.

    Parameters
    ----------
    rows_read : int
        Data rows in the file (or the part of it the reader parsed).

    Examples
    --------
    >>> log = RowLog(10)
    >>> log.drop("filtered", 4)
    >>> log.expected_kept
    6
    """

    rows_read: int
    dropped: dict[str, int] = field(default_factory=dict)

    def drop(self, reason: str, n: int) -> None:
        """Count ``n`` rows dropped for ``reason`` (zero counts are ignored).

        Parameters
        ----------
        reason : str
            Why (e.g. ``"filtered"``, ``"empty value"``, ``"aggregate"``).
        n : int
            How many.
        """
        if n:
            self.dropped[reason] = self.dropped.get(reason, 0) + int(n)

    @property
    def expected_kept(self) -> int:
        """Rows that should remain: read minus dropped."""
        return self.rows_read - sum(self.dropped.values())


def finish_provenance(
    df: Any,
    log: RowLog,
    *,
    file: str,
    format: str,
    producer: str,
    licence: str | None = None,
    vintage: str | None = None,
    encoding: str | None = None,
    stacklevel: int = 3,
    **extra: Any,
) -> Any:
    """Fill ``df.attrs["pedw"]`` with provenance and row accounting; warn about dropped rows.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame about to be returned.
    log : RowLog
        Rows read and dropped.
    file, format, producer : str
        Provenance (see :data:`pedw.schema.META_KEYS`).
    licence, vintage, encoding : str, optional
        Provenance; ``encoding`` is recorded only when it is not UTF-8.
    stacklevel : int
        The ``stacklevel`` that would point at the user's call from the *caller* of this
        function (1 = the caller itself); the warning is emitted one level further up.
    **extra
        Further metadata (``indicator``, ``units``, ...); ``None`` values are omitted.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself.

    Raises
    ------
    AssertionError
        If the accounting does not add up (a bug in the reader, never the user's fault).
    """
    kept = len(df)
    if kept != log.expected_kept:
        raise AssertionError(
            f"pedw row accounting is off for {file}: read {log.rows_read}, kept {kept}, "
            f"dropped {log.dropped}. Please report this."
        )
    meta: dict[str, Any] = {
        "file": file,
        "format": format,
        "producer": producer,
        "licence": licence,
        "vintage": vintage,
        "encoding": encoding if encoding not in (None, "utf-8") else None,
        "rows_read": int(log.rows_read),
        "rows_kept": int(kept),
        "rows_dropped": dict(log.dropped),
    }
    meta.update(extra)
    set_meta(df, **meta)
    data_drops: Mapping[str, int] = {k: v for k, v in log.dropped.items() if k != FILTER_REASON}
    if data_drops:
        what = ", ".join(f"{n} {reason}" for reason, n in data_drops.items())
        warnings.warn(
            f"{sum(data_drops.values())} of {log.rows_read} rows of {file} were not returned "
            f"({what}); see df.attrs['pedw']['rows_dropped'].",
            SkippedRowsWarning,
            stacklevel=stacklevel + 1,
        )
    return df
