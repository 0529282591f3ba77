r"""Readers for World Bank data: WDI bulk, single-indicator and DataBank CSVs, API v2 JSON.

Every reader returns a tidy long frame with the canonical columns

``ref_area`` [WDI 3-letter code], ``ref_area_name``, ``indicator`` [WDI series code],
``indicator_name``, ``time`` [int year], ``value`` [float, in the indicator's unit]

(:func:`read_wb_json` adds ``obs_status``), with the provenance in ``df.attrs["pedw"]``:
file, format detected, producer, licence, vintage (when the file shows it), row accounting,
per-indicator ``units`` and, when the indicator names state it, the ``price_basis``.

Layouts recognised by :func:`read_wdi` (from the content, not the file name):

``wdi_bulk``
    ``WDICSV.csv`` (new releases) or ``WDIData.csv`` (old): header ``Country Name, Country
    Code, Indicator Name, Indicator Code, 1960, 1961, ...`` and often a trailing empty column;
    also the bulk zip ``WDI_CSV*.zip`` / ``WDI_csv.zip`` (the data member is chosen, and the
    zip's ``WDICountry.csv`` identifies aggregates).
``wdi_api_csv``
    The single-indicator download ``API_<CODE>_DS2_...csv`` (or its zip): preamble lines
    ``"Data Source","World Development Indicators",`` and ``"Last Updated Date","2024-...",``
    (kept as the vintage) before the bulk-style header.
``databank``
    DataBank exports: ``Series Name, Series Code, Country Name, Country Code, 2000 [YR2000],
    ...`` (either order of the series and country blocks), ``..`` for missing, and footer lines
    ``Data from database: ...`` / ``Last Updated: MM/DD/YYYY`` (kept as source and vintage,
    reported in ``skipped_lines``).

Missing cells are missing observations: by default they are not returned
(``missing="drop"``) and counted under ``rows_dropped["missing value"]``; ``missing="keep"``
returns them as rows with ``value`` NaN. Row accounting of wide layouts counts *cells*
(one cell = one potential observation): ``rows_read = records × year columns`` and
``rows_read == rows_kept + sum(rows_dropped.values())``; ``records_read`` gives the lines.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pandas as pd

from pedw._types import AggregatesMode, MissingMode, check_option
from pedw._validate import describe_rows
from pedw.errors import (
    AggregatesIncludedWarning,
    DuplicateKeyError,
    MissingDataWarning,
    OptionError,
    ParseError,
    PedwWarning,
    SchemaError,
    SkippedRowsWarning,
    UnknownFormatError,
)
from pedw.io._common import (
    FILTER_REASON,
    RowLog,
    SourceInfo,
    arrow_error,
    encoding_warning,
    finish_provenance,
    opened,
    read_strings,
    read_text,
    sniff,
    source_name,
)

__all__ = [
    "infer_price_basis",
    "infer_unit",
    "read_wb_json",
    "read_wdi",
    "read_wdi_country",
    "wb_aggregate_codes",
]

#: A year, an inclusive ``(start, end)`` range (either end may be ``None``), or ``None``.
TimeSpec: TypeAlias = "int | tuple[int | None, int | None] | None"
#: One code or several.
Codes: TypeAlias = "str | Sequence[str] | None"

PRODUCER: Final = "World Bank"
LICENCE: Final = "CC BY 4.0"
WDI_NAME: Final = "World Development Indicators"
CITATION: Final = "World Bank, World Development Indicators. https://databank.worldbank.org"

#: Reasons in ``rows_dropped`` that are the documented effect of an option (no warning).
MISSING_REASON: Final = "missing value"
AGGREGATE_REASON: Final = "aggregate"
_QUIET: Final = frozenset({FILTER_REASON, MISSING_REASON, AGGREGATE_REASON})

_STACK: Final = 3  # warnings from a public reader point at the user's call


# ------------------------------------------------------------------------------- small helpers
def _codes(value: Codes, name: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    try:
        out = [str(v) for v in value]
    except TypeError:
        raise OptionError(
            f"{name}= must be a code or a list of codes, got {type(value).__name__}.",
            hint=f"e.g. {name}='KEN' or {name}=['KEN', 'UGA']",
        ) from None
    return out


def _time_bounds(time: Any) -> tuple[int | None, int | None]:
    """Normalise ``time=`` to inclusive integer bounds."""
    if time is None:
        return None, None
    if isinstance(time, (int, np.integer)) and not isinstance(time, bool):
        return int(time), int(time)
    if isinstance(time, (tuple, list)) and len(time) == 2:
        lo, hi = time
        ok = all(
            v is None or (isinstance(v, (int, np.integer)) and not isinstance(v, bool))
            for v in (lo, hi)
        )
        if ok:
            lo_i = None if lo is None else int(lo)
            hi_i = None if hi is None else int(hi)
            if lo_i is not None and hi_i is not None and lo_i > hi_i:
                raise OptionError(
                    f"time={time!r} is an empty range (start after end).",
                    hint="pass time=(start, end) with start <= end",
                )
            return lo_i, hi_i
    raise OptionError(
        f"time={time!r} is not a year or an inclusive (start, end) range of years.",
        hint="pass e.g. time=2019 or time=(2000, 2019); use None for an open end",
    )


def _in_bounds(years: np.ndarray[Any, Any], lo: int | None, hi: int | None) -> Any:
    keep = np.ones(len(years), dtype=bool)
    if lo is not None:
        keep &= years >= lo
    if hi is not None:
        keep &= years <= hi
    return keep


_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*-?\s*([QqMmSs])\s*(\d{1,2}))?\s*$")


def _periods(values: pd.Series[Any], *, name: str, first_line: int | None) -> tuple[Any, Any]:
    """Parse period strings: ``("2019", ...)`` -> int years; sub-annual -> strings + freq.

    Returns ``(time, freq)``: ``time`` an int64 array when every period is a year (``freq`` is
    then ``None``), else an array of normalised strings (``2000``, ``2000Q1``, ``2000M01``,
    ``2000S1``) and ``freq`` an array of ``"A"``/``"Q"``/``"M"``/``"S"``.
    """
    s = values.astype("str")
    uniq = pd.unique(s.to_numpy())
    parsed: dict[str, tuple[str, str, int]] = {}
    for u in uniq:
        m = _PERIOD.match(str(u))
        if m is None:
            pos = int(np.flatnonzero(s.to_numpy() == u)[0])
            raise ParseError(
                f"The period {u!r} is not a year or a year with a quarter/month/half.",
                hint="periods must look like 2019, 2019Q1, '2019 Q1' or 2019M01",
                file=name,
                line=None if first_line is None else first_line + pos,
                column="time",
            )
        year, kind, sub = m.group(1), m.group(2), m.group(3)
        if kind is None:
            parsed[str(u)] = (year, "A", int(year))
        else:
            k = kind.upper()
            num = int(sub)
            limit = {"Q": 4, "M": 12, "S": 2}[k]
            if not 1 <= num <= limit:
                pos = int(np.flatnonzero(s.to_numpy() == u)[0])
                raise ParseError(
                    f"The period {u!r} has no {k}{num}.",
                    file=name,
                    line=None if first_line is None else first_line + pos,
                    column="time",
                )
            label = f"{year}{k}{num:02d}" if k == "M" else f"{year}{k}{num}"
            parsed[str(u)] = (label, k, int(year))
    if all(v[1] == "A" for v in parsed.values()):
        years = s.map({k: v[2] for k, v in parsed.items()}).to_numpy(dtype=np.int64)
        return years, None
    labels = s.map({k: v[0] for k, v in parsed.items()}).to_numpy(dtype=object)
    freq = s.map({k: v[1] for k, v in parsed.items()}).to_numpy(dtype=object)
    return labels, freq


def _year_of(time: Any) -> np.ndarray[Any, Any]:
    arr = np.asarray(time)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    return np.array([int(str(t)[:4]) for t in arr], dtype=np.int64)


def _categorical(values: Any) -> pd.Categorical:
    """Build a categorical with string categories (NA stays NA)."""
    cat = pd.Categorical(values)
    if len(cat.categories) and cat.categories.dtype != "str":
        cat = cat.set_categories(pd.Index(cat.categories.astype("str")), rename=True)
    return cat


def _arrow_categorical(arr: Any) -> pd.Categorical:
    """Dictionary-encode a pyarrow string array into a pandas Categorical (nulls -> NA)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    enc = pc.dictionary_encode(arr)
    codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    cats = pd.Index(enc.dictionary.to_pylist(), dtype="str")
    return pd.Categorical.from_codes(codes, categories=cats)


def _finish(
    df: pd.DataFrame,
    log: RowLog,
    *,
    stacklevel: int,
    **meta: Any,
) -> pd.DataFrame:
    """``finish_provenance`` that stays quiet about drops that are an option's documented effect."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedRowsWarning)
        finish_provenance(df, log, stacklevel=stacklevel + 1, **meta)
    loud = {k: v for k, v in log.dropped.items() if k not in _QUIET}
    if loud:
        what = ", ".join(f"{n} {reason}" for reason, n in loud.items())
        warnings.warn(
            f"{sum(loud.values())} of {log.rows_read} rows of {meta.get('file')} were not "
            f"returned ({what}); see df.attrs['pedw']['rows_dropped'].",
            SkippedRowsWarning,
            stacklevel=stacklevel + 1,
        )
    return df


# ----------------------------------------------------------------------------- units / basis
_PAREN = re.compile(r"\(([^()]*)\)")
_NOT_UNIT = re.compile(r"\bestimates?\b", re.IGNORECASE)
_BASIS = re.compile(
    r"^(?:(constant)(?: (\d{4}))?|(current)) (PPP \$|international \$|US\$|LCU)(?=$| per\b)",
    re.IGNORECASE,
)


def infer_unit(indicator_name: str) -> str | None:
    """Return the unit stated in a WDI indicator name, if any.

    The unit is the last parenthesised part of the name that is not a qualifier such as
    ``(modeled ILO estimate)`` or ``(national estimate)``.

    Parameters
    ----------
    indicator_name : str
        A WDI indicator name, e.g. ``"GDP per person employed (constant 2017 PPP $)"``.

    Returns
    -------
    str or None
        E.g. ``"constant 2017 PPP $"``, ``"% of GDP"``, ``"annual %"``; ``None`` when the name
        states no unit (e.g. ``"Population, total"``).

    Examples
    --------
    >>> infer_unit("Unemployment, total (% of total labor force) (modeled ILO estimate)")
    '% of total labor force'
    """
    parts: list[str] = _PAREN.findall(indicator_name)
    for part in reversed(parts):
        unit = part.strip()
        if unit and not _NOT_UNIT.search(unit):
            return unit
    return None


def infer_price_basis(indicator_name: str) -> str | None:
    """Return the price basis stated in a WDI indicator name, if it is explicit.

    Parameters
    ----------
    indicator_name : str
        A WDI indicator name.

    Returns
    -------
    str or None
        ``"constant <year> PPP $"`` (WDI's "constant <year> international $" is the same
        basis), ``"current PPP $"``, ``"constant <year> US$"``, ``"current US$"``,
        ``"constant LCU"`` or ``"current LCU"``; ``None`` when the name does not say.

    Notes
    -----
    Only the unit part of the name is read (see :func:`infer_unit`), and only when it starts
    with the basis (``"constant 2017 PPP $ per kg of oil equivalent"`` counts;
    ``"kg per 2017 PPP $ of GDP"`` does not, as its values are not money).

    Examples
    --------
    >>> infer_price_basis("GDP, PPP (constant 2017 international $)")
    'constant 2017 PPP $'
    >>> infer_price_basis("GDP (current US$)")
    'current US$'
    """
    unit = infer_unit(indicator_name)
    if unit is None:
        return None
    m = _BASIS.match(unit)
    if m is None:
        return None
    _constant, year, current, money = m.groups()
    money = "PPP $" if money.lower() in ("ppp $", "international $") else money
    money = "US$" if money.lower() == "us$" else money.upper() if money.lower() == "lcu" else money
    if current:
        return f"current {money}"
    return f"constant {year} {money}" if year else f"constant {money}"


def _units_meta(pairs: pd.DataFrame) -> dict[str, Any]:
    """Per-indicator units and price bases of the indicators in a result."""
    units: dict[str, str] = {}
    bases: dict[str, str] = {}
    for code, name in zip(pairs["indicator"], pairs["indicator_name"], strict=True):
        if not isinstance(name, str):
            continue
        unit = infer_unit(name)
        if unit is not None:
            units[str(code)] = unit
        basis = infer_price_basis(name)
        if basis is not None:
            bases[str(code)] = basis
    distinct = sorted(set(bases.values()))
    out: dict[str, Any] = {"units": units or None, "price_bases": bases or None}
    if len(distinct) == 1:
        out["price_basis"] = distinct[0]
    elif distinct:
        out["price_basis"] = distinct  # a list: pedw.schema.resolve_meta reports the mix
    return out


# --------------------------------------------------------------------------------- aggregates
@functools.lru_cache(maxsize=1)
def _aggregate_table() -> pd.DataFrame:
    ref = resources.files("pedw.io").joinpath("data/wb_aggregates.csv")
    with ref.open("rb") as fh:
        return pd.read_csv(fh, comment="#", dtype="str", keep_default_na=False)


def wb_aggregate_codes() -> frozenset[str]:
    """Return the World Bank aggregate codes pedw knows (regions, income groups, World ...).

    The list ships with pedw as package data (``pedw/io/data/wb_aggregates.csv``, generated by
    ``tools/make_wb_aggregates.py`` from ``WDICountry.csv``: the rows whose ``Region`` is
    empty), so aggregates are recognised even in a lone ``WDICSV.csv`` or DataBank file.

    Returns
    -------
    frozenset of str
        WDI 3-letter codes, e.g. ``"WLD"``, ``"SSF"``, ``"HIC"`` (48 in the 2021 vintage).

    Examples
    --------
    >>> "WLD" in wb_aggregate_codes(), "KEN" in wb_aggregate_codes()
    (True, False)
    """
    return frozenset(_aggregate_table()["code"])


@dataclass(frozen=True)
class _AggSpec:
    codes: frozenset[str]
    iso2: frozenset[str]
    origin: str


def _package_aggregates() -> _AggSpec:
    t = _aggregate_table()
    return _AggSpec(
        frozenset(t["code"]),
        frozenset(t["iso2"]),
        "pedw package list (WDICountry.csv, WDI ~2021; src/pedw/io/data/wb_aggregates.csv)",
    )


def _aggregates_from_country_frame(df: pd.DataFrame, origin: str) -> _AggSpec:
    cols = {c.strip().lower().replace(" ", ""): c for c in df.columns}
    code = cols.get("countrycode") or cols.get("ref_area")
    region = cols.get("region")
    if code is None or region is None:
        raise SchemaError(
            f"Country metadata from {origin} has no 'Country Code' and 'Region' columns.",
            hint="pass WDICountry.csv (or pedw.io.read_wdi_country(...)) as country_metadata",
            column=["Country Code", "Region"],
        )
    reg = df[region].astype("str").fillna("").str.strip()
    is_agg = (reg == "") | df[region].isna()
    iso2_col = cols.get("2-alphacode") or cols.get("iso2")
    iso2 = frozenset(df.loc[is_agg, iso2_col].dropna().astype("str")) if iso2_col else frozenset()
    return _AggSpec(frozenset(df.loc[is_agg, code].dropna().astype("str")), iso2, origin)


def _resolve_aggregates(country_metadata: Any) -> _AggSpec | None:
    if country_metadata is None:
        return None
    if isinstance(country_metadata, pd.DataFrame):
        return _aggregates_from_country_frame(country_metadata, "the country_metadata frame")
    meta = read_wdi_country(country_metadata)
    return _aggregates_from_country_frame(meta, source_name(country_metadata))


def _mixed_warning(codes: Iterable[str], n_other: int, *, stacklevel: int) -> None:
    found = sorted(set(codes))
    shown = ", ".join(found[:8]) + (f", ... ({len(found)} in all)" if len(found) > 8 else "")
    warnings.warn(
        f"The result mixes {n_other} country rows with World Bank aggregates ({shown}); "
        "sums or averages over ref_area would double-count.",
        AggregatesIncludedWarning,
        stacklevel=stacklevel + 1,
    )


# --------------------------------------------------------------------------- source handling
def _materialise(src: Any) -> Any:
    """Paths stay paths; file-like objects are read into bytes (zip members need seeking)."""
    if isinstance(src, (str, os.PathLike, bytes, bytearray, memoryview)):
        return bytes(src) if isinstance(src, (bytearray, memoryview)) else src
    read = getattr(src, "read", None)
    if read is None:
        raise ParseError(
            f"Cannot read from a {type(src).__name__}.",
            hint="pass a path, an open file, bytes, or an io.StringIO / io.BytesIO",
        )
    data = read()
    out = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    name = getattr(src, "name", None)
    if isinstance(name, str) and name:
        return _NamedBytes(out, name)
    return out


class _NamedBytes(io.BytesIO):
    """In-memory copy of a file object that keeps its name (for messages)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _is_zip(src: Any) -> bool:
    if isinstance(src, (str, os.PathLike)):
        p = Path(os.fspath(src))
        if not p.is_file():
            return False
        with p.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    if isinstance(src, io.BytesIO):
        return src.getvalue()[:4] == b"PK\x03\x04"
    return isinstance(src, bytes) and src[:4] == b"PK\x03\x04"


def _ends_with_newline(src: Any, info: SourceInfo) -> bool | None:
    """Whether uncompressed content ends with a line break (``None`` when not cheap to tell)."""
    if info.compression is not None:
        return None  # gzip / zip carry their own integrity checks
    if isinstance(src, (str, os.PathLike)):
        p = Path(os.fspath(src))
        with p.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() == 0:
                return True
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) in (b"\n", b"\r")
    data = src.getvalue() if isinstance(src, io.BytesIO) else src
    if isinstance(data, bytes):
        return not data or data[-1:] in (b"\n", b"\r")
    return None


def _truncation_warning(name: str, *, stacklevel: int) -> None:
    warnings.warn(
        f"{name} does not end with a line break: the file may be cut short and its last value "
        "truncated. Download it again, or add the final line break if the file is complete.",
        PedwWarning,
        stacklevel=stacklevel + 1,
    )


_META_MEMBERS = {
    "wdicountry.csv",
    "wdiseries.csv",
    "wdifootnote.csv",
    "wdicountry-series.csv",
    "wdiseries-time.csv",
}


def _zip_open(src: Any) -> zipfile.ZipFile:
    name = source_name(src)
    try:
        if isinstance(src, (str, os.PathLike)):
            return zipfile.ZipFile(os.fspath(src))
        return zipfile.ZipFile(src if isinstance(src, io.BytesIO) else io.BytesIO(src))
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ParseError(
            f"The zip archive is corrupt or truncated ({exc}).",
            file=name,
            hint="download the file again",
        ) from None


def _choose_member(src: Any, member: str | None) -> tuple[str, _AggSpec | None]:
    """Pick the data member of a WDI zip, and read the zip's country metadata if present."""
    name = source_name(src)
    with _zip_open(src) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        csvs = [n for n in names if n.lower().endswith(".csv")]

        def is_meta(n: str) -> bool:
            base = Path(n).name.lower()
            return base in _META_MEMBERS or base.startswith("metadata_") or "metadata" in base

        if member is None:
            data = [n for n in csvs if not is_meta(n)]
            preferred = [n for n in data if Path(n).name.lower() in ("wdicsv.csv", "wdidata.csv")]
            if len(data) == 1:
                member = data[0]
            elif len(preferred) == 1:
                member = preferred[0]
            else:
                raise ParseError(
                    f"Cannot tell which member of the zip archive holds the data: {names}.",
                    file=name,
                    hint="pass member=... naming the data CSV",
                )
        elif member not in names:
            raise ParseError(
                f"The zip archive has no member {member!r}; it has {names}.",
                file=name,
                hint="pass one of the members listed",
            )
        country = [
            n
            for n in csvs
            if Path(n).name.lower() == "wdicountry.csv"
            or Path(n).name.lower().startswith("metadata_country")
        ]
        agg: _AggSpec | None = None
        if len(country) == 1:
            with zf.open(country[0]) as fh:
                raw = fh.read()
            try:
                cdf = pd.read_csv(
                    io.BytesIO(raw), dtype="str", keep_default_na=False, encoding="utf-8-sig"
                )
            except (UnicodeDecodeError, pd.errors.ParserError):
                cdf = pd.read_csv(
                    io.BytesIO(raw), dtype="str", keep_default_na=False, encoding="cp1252"
                )
            agg = _aggregates_from_country_frame(cdf, f"{name}:{country[0]}")
    return member, agg


# --------------------------------------------------------------------------- layout detection
_YEAR = re.compile(r"^(\d{4})$")
_DB_YEAR = re.compile(r"^(\d{4}) \[YR(\d{4})\]$")
_FOOTER = re.compile(r'^\s*"?\s*(Data from database:|Last Updated:)', re.IGNORECASE)
_BULK_IDS: Final = {
    "Country Name": "ref_area_name",
    "Country Code": "ref_area",
    "Indicator Name": "indicator_name",
    "Indicator Code": "indicator",
}
_DB_IDS: Final = {
    "Series Name": "indicator_name",
    "Series Code": "indicator",
    "Country Name": "ref_area_name",
    "Country Code": "ref_area",
}


@dataclass
class _Layout:
    kind: str
    header_index: int  # 0-based line of the header
    names: list[str]  # header cells as in the file
    ids: dict[str, str]  # file column -> canonical
    years: dict[str, int]  # file column -> year
    empties: list[str]  # arrow names of unnamed columns
    arrow_names: list[str]
    vintage: str | None = None
    source: str = WDI_NAME
    preamble: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    try:
        return next(csv.reader([line]))
    except (StopIteration, csv.Error):
        return []


def _detect(info: SourceInfo) -> _Layout:
    lines = info.lines[:30]
    header_index = None
    for i, line in enumerate(lines):
        cells = [c.strip() for c in _cells(line)]
        if "Country Code" in cells:
            header_index = i
            break
    if header_index is None:
        first = info.first_line
        hint = (
            "read_wdi reads WDI bulk CSVs (WDICSV.csv / WDIData.csv), single-indicator "
            "downloads (API_<code>_DS2_...csv) and DataBank CSV exports (Series/Country in "
            "rows, years in columns)"
        )
        if "Country Code" in first and any(d in first for d in (";", "\t", "|")):
            hint = "the file is not comma-separated; re-save it as CSV with commas, or " + hint
        raise UnknownFormatError(
            "The file matches none of the World Bank CSV layouts pedw knows "
            f"(no 'Country Code' column; first line {first[:120]!r}).",
            file=info.name,
            line=1,
            hint=hint,
        )
    names = [c.strip() for c in _cells(lines[header_index])]
    preamble = [ln for ln in lines[:header_index] if ln.strip(' ,"')]
    vintage = None
    source = WDI_NAME
    for ln in preamble:
        cells = [c.strip() for c in _cells(ln)]
        if len(cells) >= 2 and cells[0] == "Last Updated Date" and cells[1]:
            vintage = cells[1]
        if len(cells) >= 2 and cells[0] == "Data Source" and cells[1]:
            source = cells[1]
    is_db = "Series Code" in names
    ids_map = _DB_IDS if is_db else _BULK_IDS
    if "Time" in names or "Time Code" in names:
        raise UnknownFormatError(
            "This DataBank export has time in rows ('Time' column); pedw reads the layout with "
            "years in columns.",
            file=info.name,
            line=header_index + 1,
            hint="in DataBank choose Layout: Time -> Column, Series and Country -> Row, then "
            "download the CSV again",
        )
    missing = [c for c in ids_map if c not in names]
    if missing:
        raise UnknownFormatError(
            f"The header lacks the column(s) {missing} of a World Bank "
            f"{'DataBank' if is_db else 'WDI'} file.",
            file=info.name,
            line=header_index + 1,
            column=missing[0] if len(missing) == 1 else missing,
            hint="read the file as downloaded; do not rename the World Bank's columns",
        )
    ids: dict[str, str] = {}
    years: dict[str, int] = {}
    empties: list[str] = []
    arrow_names: list[str] = []
    seen_years: set[int] = set()
    for pos, col in enumerate(names):
        arrow = col
        if col in ids_map:
            if col in ids:
                raise ParseError(
                    f"The header repeats the column {col!r}.",
                    file=info.name,
                    line=header_index + 1,
                    column=col,
                )
            ids[col] = ids_map[col]
        elif col == "":
            arrow = f"__empty_{pos}"
            empties.append(arrow)
        else:
            m = (_DB_YEAR if is_db else _YEAR).match(col) or _YEAR.match(col)
            if m is None or (m.lastindex == 2 and m.group(1) != m.group(2)):
                raise ParseError(
                    f"Unexpected column {col!r} in a World Bank "
                    f"{'DataBank' if is_db else 'WDI'} file (expected years after the "
                    f"{list(ids_map)} columns).",
                    file=info.name,
                    line=header_index + 1,
                    column=col,
                    hint="read the file as downloaded; remove columns added by hand",
                )
            year = int(m.group(1))
            if year in seen_years:
                raise ParseError(
                    f"The header has the year {year} twice.",
                    file=info.name,
                    line=header_index + 1,
                    column=col,
                )
            seen_years.add(year)
            years[col] = year
        arrow_names.append(arrow)
    kind = "databank" if is_db else ("wdi_api_csv" if header_index > 0 else "wdi_bulk")
    return _Layout(
        kind=kind,
        header_index=header_index,
        names=names,
        ids=ids,
        years=years,
        empties=empties,
        arrow_names=arrow_names,
        vintage=vintage,
        source=source,
        preamble=preamble,
    )


_UNDERSCORE_DATE = re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)")


def _vintage_in_name(name: str) -> str | None:
    found = _UNDERSCORE_DATE.findall(Path(name).name)
    if len(found) == 1:
        return "-".join(found[0])
    return None


def _us_date(text: str) -> str:
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m is None:
        return text.strip()
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"


# ------------------------------------------------------------------------------------ read_wdi
def read_wdi(
    path_or_buffer: Any,
    *,
    ref_area: Codes = None,
    time: TimeSpec = None,
    indicator: Codes = None,
    aggregates: AggregatesMode = "exclude",
    missing: MissingMode = "drop",
    country_metadata: Any = None,
    member: str | None = None,
) -> pd.DataFrame:
    r"""Read a World Bank WDI bulk, single-indicator or DataBank CSV into a tidy long frame.

    The layout is detected from the content (see :mod:`pedw.io.worldbank`): the WDI bulk CSV
    (``WDICSV.csv``, ``WDIData.csv``) or its zip, the single-indicator download
    (``API_<CODE>_DS2_...csv`` with its 4 preamble lines) or its zip, or a DataBank export
    (``2000 [YR2000]`` columns, ``..`` for missing, footer lines).

    Parameters
    ----------
    path_or_buffer : str, path, file-like or bytes
        The file (``.csv``, ``.csv.gz`` or ``.zip``).
    ref_area : str or list of str, optional
        Keep only these WDI 3-letter codes (e.g. ``"KEN"``).
    time : int or (int, int), optional
        Keep only this year or inclusive range of years; only those columns are converted.
    indicator : str or list of str, optional
        Keep only these series codes (e.g. ``"SL.GDP.PCAP.EM.KD"``).
    aggregates : {"exclude", "include", "only"}
        World Bank aggregates (regions, income groups, World) are left out by default (counted
        in ``rows_dropped["aggregate"]``); ``"include"`` keeps them (and warns with
        :class:`~pedw.errors.AggregatesIncludedWarning` when they are mixed with countries);
        ``"only"`` keeps only them.
    missing : {"drop", "keep"}
        Empty cells (``""``, DataBank ``..``) are missing observations: not returned by default
        (counted in ``rows_dropped["missing value"]``); ``"keep"`` returns them with NaN.
    country_metadata : path or DataFrame, optional
        A ``WDICountry.csv`` (or :func:`read_wdi_country` frame) whose empty-``Region`` rows
        define the aggregates. Default: the zip's own country metadata when the file is a zip
        that has one, else the list shipped with pedw (:func:`wb_aggregate_codes`).
    member : str, optional
        The data member of a zip archive, when it cannot be told from the names.

    Returns
    -------
    pandas.DataFrame
        Columns ``ref_area``, ``ref_area_name``, ``indicator``, ``indicator_name``
        (categoricals), ``time`` [int64 year] and ``value`` [float64, in the unit of the
        indicator], in file order. ``df.attrs["pedw"]`` holds ``file``, ``format``
        (``"wdi_bulk"``, ``"wdi_api_csv"``, ``"databank"``), ``producer``, ``licence``,
        ``source``, ``vintage`` (when the file shows it), ``records_read``, ``rows_read``
        (cells), ``rows_kept``, ``rows_dropped`` (by reason), ``missing``, ``aggregates``,
        ``units`` (indicator -> unit stated in its name), ``price_bases`` and ``price_basis``
        (see :func:`infer_price_basis`) and ``skipped_lines`` (DataBank footer).

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the file matches none of the layouts (the message says why, e.g. a ``;`` delimiter).
    pedw.errors.ParseError
        For a malformed row, a non-numeric value, an unexpected column or a truncated/corrupt
        file, naming the file, line and column.
    pedw.errors.DuplicateKeyError
        If a country-indicator pair appears twice.
    pedw.errors.OptionError
        For an invalid option value.

    Warns
    -----
    pedw.errors.AggregatesIncludedWarning
        When aggregates and countries are mixed in the result.
    pedw.errors.MissingDataWarning
        When a requested ``ref_area`` or ``indicator`` is not in the file.
    pedw.errors.PedwWarning
        When the file is not UTF-8 (the encoding used is recorded).

    Notes
    -----
    The wide table of :math:`R` records (country × series) and :math:`Y` year columns becomes
    the long table of observations

    .. math::

        \{(r, y, v_{ry}) : r \le R,\; y \le Y,\; v_{ry} \ne \varnothing\},

    built in one vectorised step (no loop over countries or series). Row accounting counts
    cells: :math:`\text{rows\_read} = R \cdot Y = \text{rows\_kept} + \sum \text{rows\_dropped}`.

    References
    ----------
    World Bank (2024). World Development Indicators, bulk download and DataBank.
    https://datacatalog.worldbank.org/search/dataset/0037712

    Examples
    --------
    >>> import io
    >>> raw = (
    ...     '"Data Source","World Development Indicators",\n\n'
    ...     '"Last Updated Date","2024-06-28",\n\n'
    ...     '"Country Name","Country Code","Indicator Name","Indicator Code","2018","2019",\n'
    ...     '"Kenya","KEN","GDP (current US$)","NY.GDP.MKTP.CD","1.0","",\n'
    ... )
    >>> df = read_wdi(io.StringIO(raw))
    >>> df[["ref_area", "time", "value"]].to_dict("records")
    [{'ref_area': 'KEN', 'time': 2018, 'value': 1.0}]
    >>> df.attrs["pedw"]["vintage"], df.attrs["pedw"]["price_basis"]
    ('2024-06-28', 'current US$')
    """
    check_option("aggregates", aggregates, AggregatesMode)
    check_option("missing", missing, MissingMode)
    lo, hi = _time_bounds(time)
    want_areas = _codes(ref_area, "ref_area")
    want_inds = _codes(indicator, "indicator")
    agg_spec = _resolve_aggregates(country_metadata)

    src = _materialise(path_or_buffer)
    name = source_name(path_or_buffer)
    if _is_zip(src):
        member, zip_agg = _choose_member(src, member)
        if agg_spec is None:
            agg_spec = zip_agg
    if agg_spec is None:
        agg_spec = _package_aggregates()
    info = sniff(src, member=member if _is_zip(src) else None)
    info = dataclasses.replace(info, name=name)
    layout = _detect(info)
    wanted_years = [c for c, y in layout.years.items() if _in_bounds(np.array([y]), lo, hi)[0]]
    table, footer, encoding = _read_table(src, info, layout, wanted_years)
    complete = _ends_with_newline(src, info)
    if complete is False:
        _truncation_warning(name, stacklevel=_STACK - 1)
    return _wide_to_long(
        table,
        layout,
        info,
        footer=footer,
        encoding=encoding,
        complete=complete,
        bounds=(lo, hi),
        want_areas=want_areas,
        want_inds=want_inds,
        aggregates=aggregates,
        missing=missing,
        agg_spec=agg_spec,
    )


def _read_table(
    src: Any, info: SourceInfo, layout: _Layout, wanted_years: list[str]
) -> tuple[Any, list[str], str]:
    """Parse the CSV body with pyarrow; returns the table, footer lines and the encoding.

    Only the id columns, unnamed columns and ``wanted_years`` are converted (the time filter is
    pushed into the parser).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid: list[str] = []

    def on_invalid(row: Any) -> str:
        invalid.append(str(row.text))
        return "skip"

    types: dict[str, Any] = {}
    for file_col, arrow_col in zip(layout.names, layout.arrow_names, strict=True):
        types[arrow_col] = pa.float64() if file_col in layout.years else pa.string()
    nulls = ["", ".."] if layout.kind == "databank" else [""]
    first_line = layout.header_index + 2
    wanted = set(wanted_years)
    include = [
        a
        for f, a in zip(layout.names, layout.arrow_names, strict=True)
        if f not in layout.years or f in wanted
    ]

    def attempt(encoding: str) -> Any:
        invalid.clear()
        with opened(src, info) as stream:
            return pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    skip_rows=layout.header_index + 1,
                    column_names=layout.arrow_names,
                    encoding=encoding,
                ),
                parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types=types,
                    include_columns=include,
                    null_values=nulls,
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                ),
            )

    encoding = info.encoding
    try:
        try:
            table = attempt(encoding)
        except pa.ArrowInvalid as exc:
            if "utf8" not in str(exc).lower() or encoding != "utf-8":
                raise
            encoding = "cp1252"
            table = attempt(encoding)
    except (pa.ArrowInvalid, OSError, EOFError, zipfile.BadZipFile) as exc:
        err = arrow_error(
            exc,
            info.name,
            columns=layout.names,
            first_line=first_line,
            compressed=info.compression is not None,
        )
        if "conversion error to double" in str(exc).lower():
            err = _numeric_error(src, info, layout, exc) or err
        raise err from None
    if encoding != "utf-8":
        encoding_warning(info.name, encoding, stacklevel=_STACK)
    footer: list[str] = []
    for text in invalid:
        stripped = text.strip().strip(',"').strip()
        if stripped == "" or _FOOTER.match(text):
            footer.append(text.strip())
        else:
            raise ParseError(
                "A row has the wrong number of fields for the header "
                f"({len(layout.names)} expected): {text[:120]!r}.",
                file=info.name,
                hint="the file may be cut short, hand-edited or use another delimiter; "
                "download it again",
            )
    return table, footer, encoding


def _numeric_error(src: Any, info: SourceInfo, layout: _Layout, exc: BaseException) -> Any:
    """Locate the first non-numeric year cell precisely (re-reading year columns as text)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from pedw.io._common import non_numeric_error

    m = re.search(r"column #(\d+)", str(exc))
    if m is None or int(m.group(1)) >= len(layout.names):
        return None
    pos = int(m.group(1))
    col = layout.arrow_names[pos]
    try:
        with opened(src, info) as stream:
            t = pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    skip_rows=layout.header_index + 1,
                    column_names=layout.arrow_names,
                    encoding=info.encoding,
                ),
                parse_options=pacsv.ParseOptions(invalid_row_handler=lambda r: "skip"),
                convert_options=pacsv.ConvertOptions(
                    include_columns=[col],
                    column_types={col: pa.string()},
                    null_values=[""],
                    strings_can_be_null=True,
                ),
            )
    except (pa.ArrowInvalid, OSError):
        return None
    na = ["", ".."] if layout.kind == "databank" else [""]
    return non_numeric_error(
        t.column(0).to_pylist(),
        name=info.name,
        column=layout.names[pos],
        first_line=layout.header_index + 2,
        na_values=na,
    )


def _wide_to_long(
    table: Any,
    layout: _Layout,
    info: SourceInfo,
    *,
    footer: list[str],
    encoding: str,
    complete: bool | None,
    bounds: tuple[int | None, int | None],
    want_areas: list[str] | None,
    want_inds: list[str] | None,
    aggregates: str,
    missing: str,
    agg_spec: _AggSpec,
) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.compute as pc

    canon = {v: k for k, v in layout.ids.items()}  # canonical -> file column
    code_col, ind_col = canon["ref_area"], canon["indicator"]
    # footer rows padded with commas parse as rows: first id cell starts "Data from database:"
    first_id = layout.arrow_names[0]
    id_cols = [canon[c] for c in ("ref_area", "ref_area_name", "indicator", "indicator_name")]
    skipped: list[dict[str, Any]] = [{"reason": "footer", "text": t} for t in footer]
    if table.num_rows:
        first = table.column(first_id)
        if layout.names[0] in layout.ids:
            is_footer = pc.fill_null(pc.match_substring_regex(first, _FOOTER.pattern), False)
        else:  # a year column comes first: footer text would not have parsed as a number
            is_footer = pa.array(np.zeros(table.num_rows, dtype=bool))
        all_null = None
        for c in [*id_cols, *(y for y in layout.years if y in table.column_names)]:
            nulls = pc.is_null(table.column(c))
            all_null = nulls if all_null is None else pc.and_(all_null, nulls)
        drop = pc.or_(is_footer, all_null)
        if pc.any(drop).as_py():
            for text in pc.filter(first, drop).to_pylist():
                text = text if isinstance(text, str) else ""
                skipped.append({"reason": "footer" if text else "blank", "text": text})
            table = table.filter(pc.invert(drop))
    # empty trailing columns must be empty
    for col in layout.empties:
        arr = table.column(col)
        if arr.null_count != len(arr):
            vals = pc.drop_null(arr).to_pylist()[:3]
            raise ParseError(
                f"A column without a header holds values ({vals}).",
                file=info.name,
                line=layout.header_index + 1,
                column=f"#{layout.arrow_names.index(col) + 1}",
                hint="a field separator is probably missing or doubled in some rows",
            )
    n_records = table.num_rows
    # rows without country or series code
    for c in (code_col, ind_col):
        nn = table.column(c).null_count
        if nn:
            idx = int(np.flatnonzero(pc.is_null(table.column(c)).to_numpy(zero_copy_only=False))[0])
            raise ParseError(
                f"{nn} rows have no {c!r}.",
                file=info.name,
                line=layout.header_index + 2 + idx,
                column=c,
                hint="every data row needs its country and series codes",
            )
    year_cols = list(layout.years)
    years_all = np.array([layout.years[c] for c in year_cols], dtype=np.int64)
    n_years = len(year_cols)
    log = RowLog(n_records * n_years)
    lo, hi = bounds
    ykeep = _in_bounds(years_all, lo, hi)
    sel_cols = [c for c, k in zip(year_cols, ykeep, strict=True) if k]
    sel_years = years_all[ykeep]
    log.drop(FILTER_REASON, n_records * (n_years - len(sel_cols)))

    codes = table.column(code_col)
    inds = table.column(ind_col)
    # duplicates (country, series)
    key = pd.DataFrame(
        {"ref_area": _arrow_categorical(codes), "indicator": _arrow_categorical(inds)}
    )
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        shown = key.loc[dup].head(5)
        raise DuplicateKeyError(
            f"{int(dup.sum())} rows repeat a (country, series) pair.",
            file=info.name,
            rows=[
                f"line {layout.header_index + 2 + i} (ref_area={a!r}, indicator={b!r})"
                for i, a, b in zip(shown.index, shown["ref_area"], shown["indicator"], strict=True)
            ],
            hint="the file was probably concatenated from overlapping downloads; keep one copy",
        )
    # record filters (pushed before the melt)
    rmask = np.ones(n_records, dtype=bool)
    not_found: dict[str, list[str]] = {}
    for want, col, label in ((want_areas, codes, "ref_area"), (want_inds, inds, "indicator")):
        if want is None:
            continue
        hit = pc.is_in(col, value_set=pa.array(want, type=pa.string()))
        rmask &= pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
        present = set(pc.unique(col).to_pylist())
        absent = [w for w in want if w not in present]
        if absent:
            not_found[label] = absent
    log.drop(FILTER_REASON, int((~rmask).sum()) * len(sel_cols))

    # fill year-major (contiguous writes), then one blocked transpose to record-major
    vals_t = np.empty((len(sel_cols), n_records), dtype=np.float64)
    for j, c in enumerate(sel_cols):
        vals_t[j] = table.column(c).to_numpy(zero_copy_only=False)
    vals = np.ascontiguousarray(vals_t[:, rmask].T if not rmask.all() else vals_t.T)
    del vals_t
    have = ~np.isnan(vals) if missing == "drop" else np.ones(vals.shape, dtype=bool)
    log.drop(MISSING_REASON, int(have.size - have.sum()))

    code_cat = key["ref_area"].array[rmask]
    is_agg_rec = np.asarray(code_cat.isin(list(agg_spec.codes)), dtype=bool)
    if aggregates == "exclude":
        rec_keep = ~is_agg_rec
    elif aggregates == "only":
        rec_keep = is_agg_rec
    else:
        rec_keep = np.ones(len(is_agg_rec), dtype=bool)
    n_agg_obs = int(have[~rec_keep].sum())
    log.drop(AGGREGATE_REASON if aggregates == "exclude" else FILTER_REASON, n_agg_obs)
    have &= rec_keep[:, None]
    flat = np.flatnonzero(have)
    r, yc = np.divmod(flat, max(len(sel_cols), 1))

    # categoricals are built on the (few) records, then expanded by integer codes
    rec_sel = np.flatnonzero(rmask)
    used = np.bincount(r, minlength=len(rec_sel)) > 0
    rec_used = rec_sel[used]
    local = np.cumsum(used) - 1  # record position (among rmask) -> position among used

    def expand(cat: pd.Categorical) -> pd.Categorical:
        sub = cat.take(rec_used).remove_unused_categories()
        codes = np.asarray(sub.codes)[local[r]]
        return pd.Categorical.from_codes(codes, dtype=sub.dtype)

    out = pd.DataFrame(
        {
            "ref_area": expand(key["ref_area"].array),
            "ref_area_name": expand(_arrow_categorical(table.column(canon["ref_area_name"]))),
            "indicator": expand(key["indicator"].array),
            "indicator_name": expand(_arrow_categorical(table.column(canon["indicator_name"]))),
            "time": sel_years[yc],
            "value": vals.ravel()[flat],
        },
        copy=False,
    )
    rec_frame = pd.DataFrame(
        {
            "ref_area": key["ref_area"].array.take(rec_used).astype("str"),
            "indicator": key["indicator"].array.take(rec_used).astype("str"),
            "indicator_name": _arrow_categorical(table.column(canon["indicator_name"]))
            .take(rec_used)
            .astype("str"),
        }
    )
    rec_is_agg = is_agg_rec[used]
    out_is_agg = is_agg_rec[r]
    n_out_agg = int(out_is_agg.sum())
    agg_found = sorted(set(rec_frame.loc[rec_is_agg, "ref_area"].tolist()))
    if aggregates == "include" and 0 < n_out_agg < len(out):
        _mixed_warning(agg_found, len(out) - n_out_agg, stacklevel=_STACK)
    for label, absent in not_found.items():
        warnings.warn(
            f"{label}={absent} not found in {info.name}; the result has no rows for them.",
            MissingDataWarning,
            stacklevel=_STACK,
        )

    vintage = layout.vintage
    source = layout.source
    for item in skipped:
        text = str(item["text"])
        m = re.search(r"Data from database:\s*([^,\"]+)", text)
        if m:
            source = m.group(1).strip()
        if re.search(r"Last Updated:", text, re.IGNORECASE):
            vintage = _us_date(text.split(":", 1)[1])
    if vintage is None:
        vintage = _vintage_in_name(info.name) or (
            _vintage_in_name(info.member) if info.member else None
        )
    pairs = rec_frame[["indicator", "indicator_name"]].drop_duplicates()
    return _finish(
        out,
        log,
        stacklevel=_STACK,
        file=info.name if info.member is None else f"{info.name}:{info.member}",
        format=layout.kind,
        producer=PRODUCER,
        licence=LICENCE,
        vintage=vintage,
        encoding=encoding,
        source=source,
        citation=CITATION,
        records_read=n_records,
        last_line_complete=None if complete is None else bool(complete),
        missing="empty cells not returned" if missing == "drop" else "empty cells returned as NaN",
        aggregates={
            "mode": aggregates,
            "list": agg_spec.origin,
            "observations": n_agg_obs if aggregates == "exclude" else n_out_agg,
            "codes": agg_found
            if aggregates != "exclude"
            else sorted(set(code_cat[is_agg_rec].astype("str").tolist())),
        },
        skipped_lines=skipped or None,
        query={"ref_area": want_areas, "indicator": want_inds, "time": [lo, hi]},
        **_units_meta(pairs),
    )


# ----------------------------------------------------------------------------- WDICountry.csv
def _snake(name: str) -> str:
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())  # SeriesID -> Series_ID
    s = re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower()
    return s or "unnamed"


_COUNTRY_RENAME: Final = {
    "Country Code": "ref_area",
    "2-alpha code": "iso2",
    "WB-2 code": "wb2_code",
}


def read_wdi_country(path_or_buffer: Any) -> pd.DataFrame:
    r"""Read the WDI country metadata file ``WDICountry.csv``.

    Handles the real file's UTF-8 BOM, CRLF line ends, quoted fields with embedded newlines
    and the trailing comma (an unnamed empty last column, which is checked and dropped).

    Parameters
    ----------
    path_or_buffer : str, path, file-like or bytes
        ``WDICountry.csv`` from the WDI bulk download (extract it from the zip first; note that
        :func:`read_wdi` reads a zip's own ``WDICountry.csv`` by itself).

    Returns
    -------
    pandas.DataFrame
        One row per economy. ``Country Code`` becomes ``ref_area``, ``2-alpha code`` becomes
        ``iso2``, the other columns are snake_cased (``Table Name`` -> ``table_name``,
        ``Income Group`` -> ``income_group`` ...); empty fields are NA. ``is_aggregate`` [bool]
        is True where ``Region`` is empty: the World Bank's aggregates. An empty income group
        is not enough (Venezuela has a region but no income group).

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the file lacks ``Country Code`` or ``Region``.
    pedw.errors.ParseError
        If it cannot be parsed.

    Examples
    --------
    >>> import io
    >>> raw = (
    ...     '"Country Code","Table Name","Region","Income Group",\n'
    ...     '"VEN","Venezuela, RB","Latin America & Caribbean","",\n'
    ...     '"WLD","World","","",\n'
    ... )
    >>> read_wdi_country(io.StringIO(raw))[["ref_area", "is_aggregate"]].to_dict("records")
    [{'ref_area': 'VEN', 'is_aggregate': False}, {'ref_area': 'WLD', 'is_aggregate': True}]
    """
    import pyarrow as pa

    src = _materialise(path_or_buffer)
    name = source_name(path_or_buffer)
    info = sniff(src)
    header = [c.strip() for c in _cells(info.first_line)]
    for col in ("Country Code", "Region"):
        if col not in header:
            raise UnknownFormatError(
                f"This is not a WDI country file: the header has no {col!r} column.",
                file=name,
                line=1,
                column=col,
                hint="pass WDICountry.csv from the WDI bulk download",
            )
    arrow_names = [c if c else f"__empty_{i}" for i, c in enumerate(header)]
    try:
        table = read_strings(src, info, arrow_names, info.encoding)
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        raise arrow_error(exc, name, columns=header, first_line=2) from None
    if info.encoding != "utf-8":
        encoding_warning(name, info.encoding, stacklevel=2)
    for i, col in enumerate(arrow_names):
        if col.startswith("__empty_") and table.column(col).null_count != table.num_rows:
            raise ParseError(
                "A column without a header holds values.",
                file=name,
                column=f"#{i + 1}",
                hint="a field separator is probably missing or doubled in some rows",
            )
    keep = [c for c in arrow_names if not c.startswith("__empty_")]
    df = table.select(keep).to_pandas()
    df.columns = pd.Index([_COUNTRY_RENAME.get(c, _snake(c)) for c in keep])
    for col in df.columns:
        df[col] = df[col].astype("str")
    df["is_aggregate"] = df["region"].isna().to_numpy()
    if df["ref_area"].isna().any():
        pos = int(np.flatnonzero(df["ref_area"].isna().to_numpy())[0])
        raise ParseError(
            "A row has no Country Code.",
            file=name,
            rows=[f"record {pos + 1}"],
            column="Country Code",
        )
    return _finish(
        df,
        RowLog(len(df)),
        stacklevel=_STACK - 1,
        file=name,
        format="wdi_country",
        producer=PRODUCER,
        licence=LICENCE,
        source=WDI_NAME,
        encoding=info.encoding,
        vintage=_vintage_in_name(name),
    )


# -------------------------------------------------------------------------------- API v2 JSON
def _load_json(obj: Any) -> tuple[Any, str]:
    if isinstance(obj, (list, dict)):
        return obj, "<object>"
    if isinstance(obj, str) and obj.lstrip()[:1] in ("[", "{"):
        text, name = obj, "<string>"
    else:
        src = _materialise(obj)
        name = source_name(obj)
        info = sniff(src)
        text = read_text(src, info)
    try:
        return json.loads(text), name
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"The file is not valid JSON ({exc.msg}).",
            file=name,
            line=exc.lineno,
            hint="the download may be cut short; fetch it again (format=json)",
        ) from None


def _api_error(payload: Any, name: str) -> None:
    msgs = payload.get("message") if isinstance(payload, dict) else None
    if msgs is None:
        return
    parts = []
    for m in msgs if isinstance(msgs, list) else [msgs]:
        if isinstance(m, dict):
            parts.append(
                " ".join(str(m.get(k, "")) for k in ("id", "key", "value") if m.get(k)).strip()
            )
        else:
            parts.append(str(m))
    raise ParseError(
        "The World Bank API returned an error instead of data: " + "; ".join(parts) + ".",
        file=name,
        hint="check the indicator code, country codes and date range of the query "
        "(https://datahelpdesk.worldbank.org/knowledgebase/articles/898620)",
    )


def _pages(obj: Any, name: str) -> list[tuple[dict[str, Any], list[Any]]]:
    if isinstance(obj, dict):
        _api_error(obj, name)
    if not isinstance(obj, list) or not obj:
        raise UnknownFormatError(
            "This is not a World Bank API v2 JSON payload (expected a list "
            "[paging metadata, records]).",
            file=name,
            hint="request the data with format=json from api.worldbank.org/v2",
        )
    if isinstance(obj[0], dict) and "message" in obj[0]:
        _api_error(obj[0], name)
    if (
        len(obj) == 2
        and isinstance(obj[0], dict)
        and (obj[1] is None or isinstance(obj[1], list))
        and (not obj[1] or all(isinstance(r, dict) for r in obj[1]))
    ):
        return [(obj[0], list(obj[1] or []))]
    if all(isinstance(p, list) for p in obj):
        out: list[tuple[dict[str, Any], list[Any]]] = []
        for p in obj:
            out.extend(_pages(p, name))
        return out
    raise UnknownFormatError(
        "This is not a World Bank API v2 JSON payload (expected [paging metadata, records] "
        "or a list of such pages).",
        file=name,
        hint="request the data with format=json from api.worldbank.org/v2",
    )


def _int_or_none(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def read_wb_json(
    path_or_buffer_or_obj: Any,
    *,
    ref_area: Codes = None,
    time: TimeSpec = None,
    indicator: Codes = None,
    aggregates: AggregatesMode = "exclude",
    missing: MissingMode = "drop",
    country_metadata: Any = None,
) -> pd.DataFrame:
    r"""Read a World Bank API v2 JSON response (one page or several) into a tidy long frame.

    A page is the two-element list ``[paging metadata, records]`` the API returns for
    ``format=json``; each record looks like ``{"indicator": {"id": ..., "value": ...},
    "country": {"id": "KE", "value": "Kenya"}, "countryiso3code": "KEN", "date": "2019",
    "value": 1234.5, "unit": "", "obs_status": "", "decimal": 0}``.

    Parameters
    ----------
    path_or_buffer_or_obj : path, file-like, bytes, str or list
        A saved response (``.json`` or ``.json.gz``), its text, or the parsed object; a list of
        pages (e.g. ``[page1, page2]``) is accepted too.
    ref_area, time, indicator, aggregates, missing, country_metadata
        As in :func:`read_wdi`.

    Returns
    -------
    pandas.DataFrame
        Columns ``ref_area`` (``countryiso3code``, or the API's ``country.id`` where that is
        empty), ``ref_area_name``, ``indicator``, ``indicator_name``, ``time`` [int64 year;
        strings such as ``"2019Q1"`` plus a ``freq`` column if the data are sub-annual],
        ``value`` [float64] and ``obs_status``. ``df.attrs["pedw"]`` holds ``format`` =
        ``"wb_api_json"``, ``vintage`` (the paging metadata's ``lastupdated``), ``pages``,
        ``total`` and the accounting described in :func:`read_wdi` (rows = records).

    Raises
    ------
    pedw.errors.ParseError
        For an API error payload (naming its id, key and message), invalid JSON, a record
        without its fields or a non-numeric value.
    pedw.errors.UnknownFormatError
        If the object is not an API v2 payload.
    pedw.errors.DuplicateKeyError
        If pages overlap (the same country, indicator and date twice).

    Warns
    -----
    pedw.errors.MissingDataWarning
        When pages are missing (the metadata say ``pages: 3`` but fewer were given) or the
        records fall short of ``total``.
    pedw.errors.AggregatesIncludedWarning
        When aggregates and countries are mixed in the result.

    Notes
    -----
    Records are matched to aggregates by ``countryiso3code`` or, when that is empty, by the
    API's 2-character ``country.id`` (e.g. ``1W`` for World), using the same list as
    :func:`read_wdi`.

    References
    ----------
    World Bank. API Basic Call Structures (v2).
    https://datahelpdesk.worldbank.org/knowledgebase/articles/898581

    Examples
    --------
    >>> page = [{"page": 1, "pages": 1, "per_page": 50, "total": 1, "lastupdated": "2024-06-28"},
    ...         [{"indicator": {"id": "SL.GDP.PCAP.EM.KD",
    ...                         "value": "GDP per person employed (constant 2017 PPP $)"},
    ...           "country": {"id": "KE", "value": "Kenya"}, "countryiso3code": "KEN",
    ...           "date": "2019", "value": 1234.5, "unit": "", "obs_status": "", "decimal": 0}]]
    >>> df = read_wb_json(page)
    >>> df[["ref_area", "time", "value"]].to_dict("records")
    [{'ref_area': 'KEN', 'time': 2019, 'value': 1234.5}]
    >>> df.attrs["pedw"]["price_basis"]
    'constant 2017 PPP $'
    """
    check_option("aggregates", aggregates, AggregatesMode)
    check_option("missing", missing, MissingMode)
    lo, hi = _time_bounds(time)
    want_areas = _codes(ref_area, "ref_area")
    want_inds = _codes(indicator, "indicator")
    agg_spec = _resolve_aggregates(country_metadata) or _package_aggregates()
    obj, name = _load_json(path_or_buffer_or_obj)
    pages = _pages(obj, name)

    records: list[Any] = [r for _, recs in pages for r in recs]
    metas = [m for m, _ in pages]
    n = len(records)

    def field_of(rec: Any, i: int, key: str, sub: str | None = None) -> Any:
        if not isinstance(rec, dict) or key not in rec:
            raise ParseError(
                f"Record {i + 1} has no {key!r} field.",
                file=name,
                rows=[f"record {i + 1}"],
                hint="pass the API's JSON as downloaded",
            )
        v = rec[key]
        if sub is not None:
            v = v.get(sub) if isinstance(v, dict) else None
        return v

    ind_id = [field_of(r, i, "indicator", "id") for i, r in enumerate(records)]
    ind_name = [field_of(r, i, "indicator", "value") for i, r in enumerate(records)]
    c_id = [field_of(r, i, "country", "id") for i, r in enumerate(records)]
    c_name = [field_of(r, i, "country", "value") for i, r in enumerate(records)]
    iso3 = [r.get("countryiso3code") if isinstance(r, dict) else None for r in records]
    dates = [field_of(r, i, "date") for i, r in enumerate(records)]
    raw_vals = [field_of(r, i, "value") for i, r in enumerate(records)]
    status = [r.get("obs_status") if isinstance(r, dict) else None for r in records]
    bad = [
        i
        for i, v in enumerate(raw_vals)
        if not (v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)))
    ]
    if bad:
        raise ParseError(
            f"Record {bad[0] + 1} has a non-numeric value {raw_vals[bad[0]]!r}"
            + (f" ({len(bad)} such records)." if len(bad) > 1 else "."),
            file=name,
            rows=[f"record {i + 1}" for i in bad[:5]],
            column="value",
            hint="pass the API's JSON as downloaded; pedw never turns text into numbers silently",
        )
    no_code = [i for i in range(n) if not (iso3[i] or c_id[i])]
    if no_code:
        raise ParseError(
            f"{len(no_code)} records have neither 'countryiso3code' nor 'country.id'.",
            file=name,
            rows=[f"record {i + 1}" for i in no_code[:5]],
        )
    area = [iso3[i] or c_id[i] for i in range(n)]
    from_id = np.array([not iso3[i] for i in range(n)], dtype=bool)
    values = np.array([np.nan if v is None else float(v) for v in raw_vals], dtype=np.float64)
    frame = pd.DataFrame(
        {
            "ref_area": _categorical(area),
            "ref_area_name": _categorical(c_name),
            "indicator": _categorical(ind_id),
            "indicator_name": _categorical(ind_name),
            "time": pd.Series(dates, dtype="str"),
            "value": values,
            "obs_status": pd.Series([s if s else None for s in status], dtype="str"),
        }
    )
    time_arr, freq = _periods(frame["time"], name=name, first_line=None)
    frame["time"] = time_arr
    if freq is not None:
        frame.insert(
            int(list(frame.columns).index("time")) + 1, "freq", pd.Series(_categorical(freq))
        )
    dup = frame.duplicated(subset=["ref_area", "indicator", "time"], keep=False).to_numpy()
    if dup.any():
        raise DuplicateKeyError(
            f"{int(dup.sum())} records repeat a (country, indicator, date) key; pages overlap?",
            file=name,
            rows=describe_rows(frame, dup, ["ref_area", "indicator", "time"]),
            hint="pass each page once",
        )

    log = RowLog(n)
    keep = np.ones(n, dtype=bool)
    years = _year_of(frame["time"].to_numpy())
    keep &= _in_bounds(years, lo, hi)
    not_found: dict[str, list[str]] = {}
    for want, col, label in (
        (want_areas, "ref_area", "ref_area"),
        (want_inds, "indicator", "indicator"),
    ):
        if want is None:
            continue
        keep &= frame[col].isin(want).to_numpy()
        present = set(frame[col].astype("str"))
        absent = [w for w in want if w not in present]
        if absent:
            not_found[label] = absent
    log.drop(FILTER_REASON, int((~keep).sum()))
    if missing == "drop":
        miss = keep & np.isnan(values)
        log.drop(MISSING_REASON, int(miss.sum()))
        keep &= ~miss
    is_agg = np.where(
        from_id,
        frame["ref_area"].isin(list(agg_spec.iso2)).to_numpy(),
        frame["ref_area"].isin(list(agg_spec.codes)).to_numpy(),
    )
    if aggregates == "exclude":
        n_agg = int((keep & is_agg).sum())
        log.drop(AGGREGATE_REASON, n_agg)
        keep &= ~is_agg
    elif aggregates == "only":
        log.drop(FILTER_REASON, int((keep & ~is_agg).sum()))
        keep &= is_agg
    out = frame.loc[keep].reset_index(drop=True)
    out_agg = is_agg[keep]
    for col in ("ref_area", "ref_area_name", "indicator", "indicator_name"):
        out[col] = out[col].cat.remove_unused_categories()
    agg_found = sorted(set(out["ref_area"].astype("str").to_numpy()[out_agg].tolist()))
    if aggregates == "include" and out_agg.any() and not out_agg.all():
        _mixed_warning(agg_found, int((~out_agg).sum()), stacklevel=_STACK - 1)
    for label, absent in not_found.items():
        warnings.warn(
            f"{label}={absent} not found in {name}; the result has no rows for them.",
            MissingDataWarning,
            stacklevel=_STACK - 1,
        )
    # paging completeness
    n_pages = {_int_or_none(m.get("pages")) for m in metas} - {None}
    got = sorted({p for p in (_int_or_none(m.get("page")) for m in metas) if p is not None})
    totals = {_int_or_none(m.get("total")) for m in metas} - {None}
    expected = next(iter(n_pages)) if len(n_pages) == 1 else None
    if expected is not None:
        absent_pages = sorted(set(range(1, expected + 1)) - set(got))
        if absent_pages:
            warnings.warn(
                f"The response has {expected} pages but pages {absent_pages} were not given; "
                "the data are incomplete.",
                MissingDataWarning,
                stacklevel=_STACK - 1,
            )
        elif len(totals) == 1 and n != next(iter(totals)):
            warnings.warn(
                f"The paging metadata announce {next(iter(totals))} records but {n} were given.",
                MissingDataWarning,
                stacklevel=_STACK - 1,
            )
    vintages = sorted({str(m["lastupdated"]) for m in metas if m.get("lastupdated")})
    pairs = out[["indicator", "indicator_name"]].drop_duplicates()
    return _finish(
        out,
        log,
        stacklevel=_STACK - 1,
        file=name,
        format="wb_api_json",
        producer=PRODUCER,
        licence=LICENCE,
        vintage=vintages[0] if len(vintages) == 1 else (vintages or None),
        source=WDI_NAME if {str(m.get("sourceid")) for m in metas} <= {"2", "None"} else None,
        sourceid=sorted({str(m["sourceid"]) for m in metas if m.get("sourceid")}) or None,
        citation=CITATION,
        pages=got or None,
        total=next(iter(totals)) if len(totals) == 1 else None,
        missing="null values not returned" if missing == "drop" else "null values kept as NaN",
        aggregates={
            "mode": aggregates,
            "list": agg_spec.origin,
            "codes": agg_found,
        },
        query={"ref_area": want_areas, "indicator": want_inds, "time": [lo, hi]},
        **_units_meta(pairs),
    )
