r"""Readers for SDG indicator data: the UN SDG Global Database CSV and Open SDG national CSVs.

:func:`read_sdg` detects the layout from the header:

``un_sdg``
    The UN Statistics Division's SDG Global Database / SDG API CSV: ``Goal, Target, Indicator,
    SeriesCode, SeriesDescription, GeoAreaCode, GeoAreaName, TimePeriod, Value, Time_Detail,
    TimeCoverage, UpperBound, LowerBound, BasePeriod, Source, GeoInfoUrl, FootNote`` followed by
    the series' dimensions and attributes, with or without brackets (``[Age]``, ``[Sex]``,
    ``Nature``, ``Units``, ``[Reporting Type]`` ...).
``open_sdg``
    Open SDG national reporting platform files (``data/indicator_8-5-1.csv``, e.g. the UK
    ONS platform): ``Year`` first, ``Value`` last, every other column a disaggregation or
    attribute; an empty cell means "total / not applicable"; quarterly periods such as
    ``2000 Q1``; the unit column is ``Units`` or ``Unit measure``; ``Observation status`` in
    words (``Normal value``).

Output columns (both layouts): ``ref_area``, ``indicator``, ``time``, ``value``, ``unit``,
``obs_status`` and the disaggregation columns, their names snake_cased
(``Disability status`` -> ``disability_status``, ``[Reporting Type]`` -> ``reporting_type``);
the renaming is recorded in ``df.attrs["pedw"]["columns"]``. An NA in a disaggregation column
means the total (Open SDG's empty cell). Code and label columns are categoricals.

**Time.** When every period of a file is a year, ``time`` is ``int64``. When any period is
sub-annual, ``time`` is a string for every row -- ``"2000"`` for years, ``"2000Q1"``,
``"2000M01"``, ``"2000S1"`` otherwise (Open SDG's ``2000 Q1`` loses its space) -- and a
``freq`` column (``"A"``, ``"Q"``, ``"M"``, ``"S"``) tells them apart. ``time=`` filters by
the year of the period.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pedw._types import MissingMode, check_option
from pedw.errors import (
    MissingDataWarning,
    OptionError,
    ParseError,
    PedwWarning,
    SchemaError,
    UnknownFormatError,
)
from pedw.io._common import (
    FILTER_REASON,
    RowLog,
    SourceInfo,
    arrow_error,
    encoding_warning,
    non_numeric_error,
    read_strings,
    sniff,
    source_name,
)
from pedw.io.worldbank import (
    MISSING_REASON,
    Codes,
    TimeSpec,
    _categorical,
    _cells,
    _codes,
    _ends_with_newline,
    _finish,
    _in_bounds,
    _materialise,
    _periods,
    _snake,
    _time_bounds,
    _truncation_warning,
    _year_of,
)

__all__ = ["read_sdg"]

_STACK: Final = 3

#: UN SDG Global Database columns -> pedw names (dimensions not listed are snake_cased).
UN_COLUMNS: Final = {
    "Goal": "goal",
    "Target": "target",
    "Indicator": "sdg_indicator",
    "SeriesCode": "indicator",
    "SeriesDescription": "indicator_name",
    "GeoAreaCode": "ref_area",
    "GeoAreaName": "ref_area_name",
    "TimePeriod": "time",
    "Value": "value",
    "Time_Detail": "time_detail",
    "TimeCoverage": "time_coverage",
    "UpperBound": "upper_bound",
    "LowerBound": "lower_bound",
    "BasePeriod": "base_period",
    "Source": "source",
    "GeoInfoUrl": "geo_info_url",
    "FootNote": "footnote",
    "Nature": "obs_status",
    "Units": "unit",
    "Reporting Type": "reporting_type",
}
_UN_REQUIRED: Final = ("SeriesCode", "GeoAreaCode", "TimePeriod", "Value")

#: Open SDG attribute columns -> pedw names (other columns are disaggregations, snake_cased).
OPEN_SDG_COLUMNS: Final = {
    "Year": "time",
    "Value": "value",
    "Units": "unit",
    "Unit measure": "unit",
    "Unit": "unit",
    "Observation status": "obs_status",
    "Unit multiplier": "unit_multiplier",
    "GeoCode": "geo_code",
}
_RESERVED: Final = frozenset(
    {"ref_area", "indicator", "time", "value", "unit", "obs_status", "freq", "value_text"}
)
_CENSORED = re.compile(r"^\s*([<>]=?)\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$")
_INDICATOR_IN_NAME = re.compile(r"indicator_(\d{1,2})-(\w{1,2})-(\w{1,2})(?:-\w+)?", re.IGNORECASE)


def _indicator_from_name(name: str) -> str | None:
    m = _INDICATOR_IN_NAME.search(Path(name).name)
    if m is None:
        return None
    return ".".join(m.groups()).lower()


def _front_matter(path: Path) -> dict[str, str]:
    """Read the flat ``key: value`` lines of an Open SDG metadata file's YAML front matter."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str] = {}
    for ln in lines[1:]:
        if ln.strip() == "---":
            break
        m = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", ln)
        if m and m.group(2) and not m.group(2).startswith((">", "|")):
            out[m.group(1)] = m.group(2).strip().strip("'\"")
    return out


def _find_metadata(name: str, indicator: str | None) -> Path | None:
    if indicator is None or name.startswith("<"):
        return None
    p = Path(name)
    dashed = indicator.replace(".", "-")
    candidates = [
        p.parent.parent / "meta" / f"{dashed}.md",
        p.parent / f"{dashed}.md",
        *sorted(p.parent.glob(f"*meta_{dashed}.md")),
    ]
    for c in candidates:
        if c.is_file():
            return c
    return None


def _area_from_coverage(coverage: str) -> str | None:
    """ISO3 / WDI code of a country named in metadata, via WDI's country names (exact match)."""
    from importlib import resources

    from pedw.io.worldbank import read_wdi_country

    ref = resources.files("pedw").joinpath("data/samples/WDICountry.csv")
    with resources.as_file(ref) as path:
        if not path.is_file():
            return None
        countries = read_wdi_country(path)
    want = coverage.strip().lower()
    for col in ("table_name", "short_name", "long_name"):
        hit = countries.loc[countries[col].str.lower() == want, "ref_area"]
        if len(hit) == 1:
            return str(hit.iloc[0])
    return None


def _dedupe_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        out.append(n if k == 0 else f"{n}_{k + 1}")
        seen[n] = k + 1
    return out


def _read_strings(src: Any, info: SourceInfo, header: list[str]) -> tuple[pd.DataFrame, str]:
    """Read every column as text (empty -> NA) with pyarrow; returns the frame and encoding."""
    import pyarrow as pa

    arrow_names = [h if h else f"__empty_{i}" for i, h in enumerate(header)]
    if len(set(arrow_names)) != len(arrow_names):
        dup = sorted({h for h in arrow_names if arrow_names.count(h) > 1})
        raise ParseError(
            f"The header repeats the column(s) {dup}.",
            file=info.name,
            line=1,
            column=dup[0] if len(dup) == 1 else dup,
        )
    encoding = info.encoding

    def attempt(enc: str) -> Any:
        return read_strings(src, info, arrow_names, enc)

    try:
        try:
            table = attempt(encoding)
        except pa.ArrowInvalid as exc:
            if "utf8" not in str(exc).lower() or encoding != "utf-8":
                raise
            encoding = "cp1252"
            table = attempt(encoding)
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        raise arrow_error(
            exc, info.name, columns=header, first_line=2, compressed=info.compression is not None
        ) from None
    if encoding != "utf-8":
        encoding_warning(info.name, encoding, stacklevel=_STACK)
    df = table.to_pandas()
    for i, col in enumerate(arrow_names):
        if col.startswith("__empty_"):
            if df[col].notna().any():
                raise ParseError(
                    "A column without a header holds values.",
                    file=info.name,
                    line=2 + int(np.flatnonzero(df[col].notna().to_numpy())[0]),
                    column=f"#{i + 1}",
                    hint="a field separator is probably missing or doubled in some rows",
                )
            df = df.drop(columns=col)
    return df, encoding


def _numeric_values(
    text: pd.Series[Any], *, name: str, allow_censored: bool
) -> tuple[np.ndarray[Any, Any], pd.Series[Any] | None]:
    """Convert the Value column; censored values (``<2.5``) -> NaN plus their text."""
    stripped = text.str.strip()
    values = pd.to_numeric(stripped, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isnan(values) & stripped.notna().to_numpy() & (stripped != "").to_numpy()
    # "nan"/"inf" spelled out are numbers to to_numeric too; only true text is bad
    censored_text: pd.Series[Any] | None = None
    if bad.any():
        cens = stripped.str.match(_CENSORED.pattern).fillna(False).to_numpy(dtype=bool) & bad
        if allow_censored and cens.any():
            obj = stripped.to_numpy(dtype=object)
            censored_text = pd.Series([v if c else None for v, c in zip(obj, cens, strict=True)])
            bad &= ~cens
        if bad.any():
            err = non_numeric_error(
                np.where(bad, stripped.to_numpy(dtype=object), ""),
                name=name,
                column="Value",
                first_line=2,
                na_values=("",),
            )
            if err is not None:
                raise err
    return values, censored_text


def read_sdg(
    path_or_buffer: Any,
    *,
    ref_area: Codes = None,
    time: TimeSpec = None,
    indicator: Codes = None,
    missing: MissingMode = "drop",
    area: str | None = None,
    indicator_id: str | None = None,
    metadata: Any = None,
) -> pd.DataFrame:
    r"""Read a UN SDG Global Database CSV or an Open SDG national CSV into a tidy long frame.

    Parameters
    ----------
    path_or_buffer : str, path, file-like or bytes
        The CSV (``.csv``, ``.csv.gz`` or a single-file ``.zip``).
    ref_area : str or list of str, optional
        Keep only these areas (UN: M49 ``GeoAreaCode`` such as ``"404"``; Open SDG: the
        file's one area, see ``area``).
    time : int or (int, int), optional
        Keep only periods whose year is this year or in this inclusive range.
    indicator : str or list of str, optional
        Keep only these indicators (UN: series codes such as ``"SL_TLF_UEM"``; Open SDG: the
        file's indicator, e.g. ``"8.5.1"``).
    missing : {"drop", "keep"}
        Rows with an empty ``Value`` are missing observations: left out by default (counted in
        ``rows_dropped["missing value"]``, with their observation statuses in
        ``missing_by_status``), or kept with ``value`` NaN.
    area : str, optional
        Open SDG only: the reference area of the national platform (e.g. ``"GBR"``), since the
        files have no area column. If not given, it is taken from the indicator's Open SDG
        metadata (``national_geographical_coverage``, matched exactly to a WDI country name).
        If neither is available, :class:`~pedw.errors.SchemaError` is raised: pedw never
        guesses it.
    indicator_id : str, optional
        Open SDG only: the SDG indicator (e.g. ``"8.5.1"``). Default: from the file name
        (``indicator_8-5-1.csv``), else the metadata's ``indicator_number``.
    metadata : path, optional
        Open SDG only: the indicator's metadata file (``meta/8-5-1.md``). Default: looked for
        at ``../meta/<id>.md``, ``./<id>.md`` and ``./*meta_<id>.md`` next to the CSV.

    Returns
    -------
    pandas.DataFrame
        ``ref_area``, ``indicator``, ``time`` (int64 years, or strings plus ``freq`` when any
        period is sub-annual), ``value`` [float64, in ``unit``], ``unit``, ``obs_status`` and
        the disaggregations (snake_cased; NA = total). UN files also give ``ref_area_name``,
        ``indicator_name``, ``goal``, ``target``, ``sdg_indicator`` and their attributes, and
        ``value_text`` holding censored values such as ``"<2.5"`` (their ``value`` is NaN).
        ``df.attrs["pedw"]`` holds ``file``, ``format`` (``"un_sdg"`` / ``"open_sdg"``),
        ``producer``, ``rows_read``/``rows_kept``/``rows_dropped``, ``columns`` (original ->
        new names), ``units`` (indicator -> units), ``ref_area_from`` and, for Open SDG,
        ``metadata`` (the file used).

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the header matches neither layout.
    pedw.errors.ParseError
        For a non-numeric value (naming file, line and column), a bad period, or a malformed
        or truncated file.
    pedw.errors.SchemaError
        If an Open SDG file's area or indicator cannot be determined.

    Warns
    -----
    pedw.errors.PedwWarning
        When rows share a key (same period and disaggregations but different values -- real
        ONS 8.5.1 data have 16 such pairs); all rows are kept and the count is recorded in
        ``duplicate_key_rows``.
    pedw.errors.MissingDataWarning
        For censored UN values (kept with NaN), or when a requested code is not in the file.

    Notes
    -----
    A UN file's key is (``indicator``, ``ref_area``, ``time``, dimensions); an Open SDG file's
    is (``time``, ``unit``, disaggregations). In both cases

    .. math::

        \text{rows\_read} = \text{rows\_kept} + \sum_{\text{reason}} \text{rows\_dropped}.

    References
    ----------
    United Nations Statistics Division. SDG Global Database and SDG API.
    https://unstats.un.org/sdgs/dataportal ; Open SDG data format.
    https://open-sdg.readthedocs.io/en/latest/data-format/

    Examples
    --------
    >>> import io
    >>> raw = "Year,Sex,Units,Observation status,Value\n2020,,Percentage (%),Normal value,4.5\n"
    >>> df = read_sdg(io.StringIO(raw), area="GBR", indicator_id="8.5.2")
    >>> df[["ref_area", "indicator", "time", "sex", "value"]].to_dict("records")
    [{'ref_area': 'GBR', 'indicator': '8.5.2', 'time': 2020, 'sex': nan, 'value': 4.5}]
    """
    check_option("missing", missing, MissingMode)
    lo, hi = _time_bounds(time)
    want_areas = _codes(ref_area, "ref_area")
    want_inds = _codes(indicator, "indicator")
    src = _materialise(path_or_buffer)
    name = source_name(path_or_buffer)
    info = sniff(src)
    info = dataclasses.replace(info, name=name)
    header = [c.strip() for c in _cells(info.first_line)]
    plain = [h.strip("[]").strip() for h in header]
    if all(c in plain for c in _UN_REQUIRED):
        kind = "un_sdg"
    elif header and header[0] == "Year" and header[-1] == "Value":
        kind = "open_sdg"
    else:
        first = info.first_line
        hint = (
            "read_sdg reads UN SDG Global Database CSVs (SeriesCode, GeoAreaCode, TimePeriod, "
            "Value ...) and Open SDG CSVs (Year first, Value last)"
        )
        if any(d in first for d in (";", "\t", "|")) and ("Value" in first):
            hint = "the file is not comma-separated; re-save it with commas. " + hint
        raise UnknownFormatError(
            f"The file matches no SDG layout pedw knows (first line {first[:120]!r}).",
            file=name,
            line=1,
            hint=hint,
        )
    raw, encoding = _read_strings(src, info, header)
    complete = _ends_with_newline(src, info)
    if complete is False:
        _truncation_warning(name, stacklevel=_STACK - 1)
    if kind == "un_sdg":
        raw.columns = pd.Index(plain)
        frame, columns, extra = _un_frame(raw, name)
    else:
        frame, columns, extra = _open_sdg_frame(
            raw, name, area=area, indicator_id=indicator_id, metadata=metadata
        )
    n = len(frame)
    log = RowLog(n)

    # time
    time_arr, freq = _periods(frame["time"], name=name, first_line=2)
    frame["time"] = time_arr
    if freq is not None:
        frame.insert(
            int(list(frame.columns).index("time")) + 1, "freq", pd.Series(_categorical(freq))
        )
    # duplicate keys: warn, keep
    attrs = {"value", "obs_status", "value_text", "footnote", "source", "geo_info_url"}
    attrs |= {"time_detail", "time_coverage", "upper_bound", "lower_bound", "base_period"}
    attrs |= {"ref_area_name", "indicator_name", "unit_multiplier", "observation_id"}
    key = [c for c in frame.columns if c not in attrs]
    dup = frame.duplicated(subset=key, keep=False).to_numpy()
    n_dup = int(dup.sum())
    if n_dup:
        first_rows = (np.flatnonzero(dup)[:5] + 2).tolist()
        warnings.warn(
            f"{n_dup} rows of {name} share their key (period and disaggregations) with another "
            f"row but may differ in value (first at lines {first_rows}); all are kept. Check "
            "the source before aggregating.",
            PedwWarning,
            stacklevel=_STACK - 1,
        )

    keep = np.ones(n, dtype=bool)
    years = _year_of(frame["time"].to_numpy())
    keep &= _in_bounds(years, lo, hi)
    not_found: dict[str, list[str]] = {}
    for want, col in ((want_areas, "ref_area"), (want_inds, "indicator")):
        if want is None:
            continue
        keep &= frame[col].isin(want).to_numpy()
        present = set(frame[col].astype("str"))
        absent = [w for w in want if w not in present]
        if absent:
            not_found[col] = absent
    log.drop(FILTER_REASON, int((~keep).sum()))
    missing_by_status: dict[str, int] | None = None
    is_missing = np.isnan(frame["value"].to_numpy(dtype=np.float64))
    if "value_text" in frame.columns:
        is_missing &= frame["value_text"].isna().to_numpy()
    if missing == "drop":
        miss = keep & is_missing
        if miss.any():
            status = frame.loc[miss, "obs_status"].astype("str").fillna("(none)")
            missing_by_status = {str(k): int(v) for k, v in status.value_counts().items()}
        log.drop(MISSING_REASON, int(miss.sum()))
        keep &= ~miss
    out = frame.loc[keep].reset_index(drop=True)
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].cat.remove_unused_categories()
    for col, absent in not_found.items():
        warnings.warn(
            f"{col}={absent} not found in {name}; the result has no rows for them.",
            MissingDataWarning,
            stacklevel=_STACK - 1,
        )
    censored = int(out["value_text"].notna().sum()) if "value_text" in out.columns else 0
    if censored:
        warnings.warn(
            f"{censored} values of {name} are censored (e.g. '<2.5'); they are kept with value "
            "NaN and their text in the value_text column.",
            MissingDataWarning,
            stacklevel=_STACK - 1,
        )
    units: dict[str, list[str]] = {}
    if len(out):
        pairs = out[["indicator", "unit"]].drop_duplicates().dropna()
        for ind, unit in zip(pairs["indicator"], pairs["unit"], strict=True):
            units.setdefault(str(ind), []).append(str(unit))
    return _finish(
        out,
        log,
        stacklevel=_STACK - 1,
        file=name,
        format=kind,
        encoding=encoding,
        columns=columns,
        units={k: v[0] if len(v) == 1 else sorted(v) for k, v in units.items()} or None,
        missing="empty values not returned" if missing == "drop" else "empty values kept as NaN",
        missing_by_status=missing_by_status,
        duplicate_key_rows=n_dup or None,
        censored_values=censored or None,
        last_line_complete=None if complete is None else bool(complete),
        query={"ref_area": want_areas, "indicator": want_inds, "time": [lo, hi]},
        **extra,
    )


def _rename(cols: list[str], fixed: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for c in cols:
        new = fixed.get(c)
        if new is None:
            new = _snake(c)
            if new in _RESERVED or new in fixed.values():
                new = f"dim_{new}"
        base, k = new, 2
        while new in used:
            new = f"{base}_{k}"
            k += 1
        used.add(new)
        out[c] = new
    return out


def _un_frame(raw: pd.DataFrame, name: str) -> tuple[pd.DataFrame, dict[str, str], dict[str, Any]]:
    cols = list(raw.columns)
    mapping = _rename(cols, UN_COLUMNS)
    df = raw.rename(columns=mapping)
    for col in ("indicator", "ref_area"):
        if df[col].isna().any():
            pos = int(np.flatnonzero(df[col].isna().to_numpy())[0])
            raise ParseError(
                f"A row has no {col!r}.",
                file=name,
                line=2 + pos,
                column=next(k for k, v in mapping.items() if v == col),
                hint="every row needs its SeriesCode and GeoAreaCode",
            )
    if df["time"].isna().any():
        pos = int(np.flatnonzero(df["time"].isna().to_numpy())[0])
        raise ParseError("A row has no TimePeriod.", file=name, line=2 + pos, column="TimePeriod")
    values, censored = _numeric_values(df["value"], name=name, allow_censored=True)
    df["value"] = values
    df["value_text"] = (
        censored.astype("str") if censored is not None else pd.Series(pd.NA, index=df.index)
    ).astype("str")
    for col in ("upper_bound", "lower_bound"):
        if col in df.columns:
            b, _ = _numeric_values(df[col], name=name, allow_censored=False)
            df[col] = b
    for col in ("obs_status", "unit"):
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="str")
    for col in df.columns:
        if col not in ("value", "upper_bound", "lower_bound", "time", "value_text"):
            df[col] = _categorical(df[col].to_numpy(dtype=object))
    first = ["ref_area", "ref_area_name", "indicator", "indicator_name", "time", "value"]
    first = [c for c in first if c in df.columns]
    rest = [c for c in df.columns if c not in first]
    extra = {
        "producer": "United Nations Statistics Division (UN SDG Global Database)",
        "source": "UN SDG Global Database",
        "licence": "UN terms of use (https://www.un.org/en/about-us/terms-of-use)",
        "ref_area_from": "GeoAreaCode (UN M49 numeric code)",
    }
    return df[first + rest], mapping, extra


def _open_sdg_frame(
    raw: pd.DataFrame,
    name: str,
    *,
    area: str | None,
    indicator_id: str | None,
    metadata: Any,
) -> tuple[pd.DataFrame, dict[str, str], dict[str, Any]]:
    cols = list(raw.columns)
    units_cols = [c for c in cols if OPEN_SDG_COLUMNS.get(c) == "unit"]
    if len(units_cols) > 1:
        raise ParseError(
            f"The file has several unit columns {units_cols}.",
            file=name,
            line=1,
            column=units_cols,
        )
    mapping = _rename(cols, OPEN_SDG_COLUMNS)
    df = raw.rename(columns=mapping)
    if df["time"].isna().any():
        pos = int(np.flatnonzero(df["time"].isna().to_numpy())[0])
        raise ParseError("A row has no Year.", file=name, line=2 + pos, column="Year")
    values, _ = _numeric_values(df["value"], name=name, allow_censored=False)
    df["value"] = values

    from_name = _indicator_from_name(name)
    meta_path: Path | None = None
    if metadata is not None:
        meta_path = Path(metadata)
        if not meta_path.is_file():
            raise OptionError(f"metadata={str(metadata)!r} is not a file.")
    else:
        meta_path = _find_metadata(name, indicator_id or from_name)
    meta = _front_matter(meta_path) if meta_path is not None else {}
    ind = indicator_id or from_name or meta.get("indicator_number")
    ind_from = (
        "argument indicator_id"
        if indicator_id
        else "file name"
        if from_name
        else f"metadata {meta_path}"
        if ind
        else None
    )
    if ind is None:
        raise SchemaError(
            "Cannot tell which SDG indicator this Open SDG file holds.",
            file=name,
            hint="pass indicator_id='8.5.1' (Open SDG files are named indicator_8-5-1.csv)",
        )
    if meta.get("indicator_number") and meta["indicator_number"] != ind:
        raise SchemaError(
            f"The metadata {meta_path} describe indicator {meta['indicator_number']}, not {ind}.",
            file=name,
            hint="pass the matching metadata= file",
        )
    ref = area
    area_from = "argument area" if area else None
    if ref is None and meta.get("national_geographical_coverage"):
        ref = _area_from_coverage(meta["national_geographical_coverage"])
        if ref is not None:
            area_from = (
                f"metadata {meta_path}: national_geographical_coverage "
                f"{meta['national_geographical_coverage']!r}"
            )
    if ref is None:
        raise SchemaError(
            "Open SDG files have no area column and the area could not be read from the "
            "indicator's metadata.",
            file=name,
            hint="pass area='GBR' (the platform's country), or metadata='meta/<id>.md'",
        )
    n = len(df)
    df.insert(0, "ref_area", pd.Series(_categorical(np.full(n, ref, dtype=object))))
    df.insert(1, "indicator", pd.Series(_categorical(np.full(n, ind, dtype=object))))
    for col in ("obs_status", "unit"):
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="str")
    for col in df.columns:
        if col not in ("value", "time", "ref_area", "indicator"):
            df[col] = _categorical(df[col].to_numpy(dtype=object))
    first = ["ref_area", "indicator", "time", "value", "unit", "obs_status"]
    rest = [c for c in df.columns if c not in first]
    extra = {
        "producer": "Open SDG national reporting platform (see the metadata for the publisher)",
        "ref_area_from": area_from,
        "indicator_from": ind_from,
        "metadata": str(meta_path) if meta_path is not None else None,
        "disaggregations": [c for c in rest if c not in ("unit_multiplier", "geo_code")],
    }
    if meta.get("source_organisation_1"):
        extra["producer"] = meta["source_organisation_1"]
    return df[first + rest], mapping, extra
