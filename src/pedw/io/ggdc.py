r"""Reader for the GGDC sector databases: the 10-Sector Database and the ETD.

:func:`read_ggdc` reads, detecting the layout from the content (never the file name):

- the **GGDC 10-Sector Database** (10SD, January 2015 release) as the producer's Excel file
  (``dataset`` sheet) or Stata file (``AGR MIN ... OTH SUM``), and
- the **GGDC/UNU-WIDER Economic Transformation Database** (ETD) Excel file (``Data`` sheet),

into pedw's tidy sectoral panel ``ref_area, time, sector, value_added, value_added_nominal,
employment`` (one row per country, year and sector), with the price basis, units, producer,
citation, vintage and a full account of every source row and cell in ``df.attrs["pedw"]``.

The producers' quirks and what pedw does with each are listed in ``docs/data/ggdc.md``.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias, cast

import numpy as np
import pandas as pd
from pandas.io.stata import StataReader

from pedw._types import LabelMode, check_option
from pedw._validate import as_list, require_unique
from pedw.errors import (
    InsufficientDataError,
    MissingDataWarning,
    NegativeValueWarning,
    OptionError,
    ParseError,
    PedwWarning,
    SkippedRowsWarning,
    UnknownFormatError,
)
from pedw.io._common import RowLog, read_bytes, source_name
from pedw.io.sectors import sector_codes
from pedw.schema import set_meta

__all__ = ["GGDCAggregate", "GGDCIncluded", "read_ggdc"]

#: What to do with sector values the producer includes in another sector (10SD GOV/OTH):
#: keep them missing (``"nan"``) or merge GOV and OTH into ``GOV+OTH`` for the countries
#: concerned (``"merge"``).
GGDCIncluded: TypeAlias = Literal["nan", "merge"]
#: Where the producer's total (10SD ``SUM``, ETD ``Total``) goes: nowhere (``"drop"``,
#: counted in the provenance) or into ``<measure>_total`` columns (``"column"``).
GGDCAggregate: TypeAlias = Literal["drop", "column"]

MEASURES: Final = ("value_added", "value_added_nominal", "employment")


@dataclass(frozen=True)
class _Layout:
    name: str
    dataset: str  # "ggdc10" or "etd": the sector classification in pedw.io.sectors
    keys: tuple[tuple[str, str], ...]  # (normalised header, canonical name)
    sectors: tuple[tuple[str, str], ...]  # (normalised header, sector code)
    aggregate: str
    flag: str | None = None


_TENSD_KEYS = (("variable", "variable"), ("year", "time"))
_TENSD_CODES = ("AGR", "MIN", "MAN", "PU", "CON", "WRT", "TRA", "FIRE", "GOV", "OTH")
_LAYOUTS: Final[tuple[_Layout, ...]] = (
    _Layout(
        "ggdc10_xlsx",
        "ggdc10",
        (
            ("country", "ref_area"),
            ("region code", "region_code"),
            ("region", "region"),
            *_TENSD_KEYS,
        ),
        (
            ("agriculture", "AGR"),
            ("mining", "MIN"),
            ("manufacturing", "MAN"),
            ("utilities", "PU"),
            ("construction", "CON"),
            ("trade, restaurants and hotels", "WRT"),
            ("transport, storage and communication", "TRA"),
            ("finance, insurance, real estate and business services", "FIRE"),
            ("government services", "GOV"),
            ("community, social and personal services", "OTH"),
        ),
        "summation of sector gdp",
    ),
    _Layout(
        "ggdc10_dta",
        "ggdc10",
        (
            ("country", "ref_area"),
            ("regioncode", "region_code"),
            ("region", "region"),
            *_TENSD_KEYS,
        ),
        tuple((c.lower(), c) for c in _TENSD_CODES),
        "sum",
    ),
    _Layout(
        "etd_xlsx",
        "etd",
        (("country", "country_name"), ("cnt", "ref_area"), ("var", "variable"), ("year", "time")),
        (
            ("agriculture", "A"),
            ("mining", "B"),
            ("manufacturing", "C"),
            ("utilities", "D+E"),
            ("construction", "F"),
            ("trade services", "G+I"),
            ("transport services", "H"),
            ("business services", "J+M+N"),
            ("financial services", "K"),
            ("real estate", "L"),
            ("government services", "O+P+Q"),
            ("other services", "R+S+T+U"),
        ),
        "total",
        "war flag",
    ),
)

#: Variables of each database: code -> (pedw measure, base year of constant prices or None).
_VARIABLES: Final[dict[str, dict[str, tuple[str, int | None]]]] = {
    "ggdc10": {
        "EMP": ("employment", None),
        "VA": ("value_added_nominal", None),
        "VA_Q05": ("value_added", 2005),
        "VA_Q91": ("value_added", 1991),
        "VA_Q10": ("value_added", 2010),
    },
    "etd": {
        "EMP": ("employment", None),
        "VA": ("value_added_nominal", None),
        "VA_Q15": ("value_added", 2015),
    },
}
_VA_Q = re.compile(r"^VA_Q(\d\d)$")

_DATASETS: Final[dict[str, dict[str, Any]]] = {
    "ggdc10": {
        "source": "GGDC 10-Sector Database",
        "producer": "Groningen Growth and Development Centre (GGDC), University of Groningen",
        "citation": "Timmer, M. P., de Vries, G. J., & de Vries, K. (2015). Patterns of "
        "Structural Change in Developing Countries. In J. Weiss & M. Tribe (Eds.), Routledge "
        "Handbook of Industry and Development (pp. 65-83). Routledge. (GGDC Research "
        "Memorandum GD-149.)",
        "url": "https://www.rug.nl/ggdc/docs/10sd_jan15_2014.xlsx",
        "main_base": 2005,
        "nominal": "millions of LCU, current national prices",
        "classification_note": (
            "10 sectors of ISIC Rev.3.1 (AtB, C, D, E, F, GtH, I, JtK, LtN, OtP)"
        ),
    },
    "etd": {
        "source": "GGDC/UNU-WIDER Economic Transformation Database (ETD)",
        "producer": "Groningen Growth and Development Centre (GGDC), University of Groningen, "
        "and UNU-WIDER",
        "citation": "de Vries, G., Arfelt, L., Drees, D., Godemann, M., Hamilton, C., "
        "Jessen-Thiessen, B., Kaya, A. I., Kruse, H., Mensah, E., & Woltjer, P. (2021). The "
        "Economic Transformation Database (ETD): Content, Sources, and Methods. WIDER Technical "
        "Note 2/2021. https://doi.org/10.35188/UNU-WIDER/WTN/2021-2",
        "url": "https://www.rug.nl/ggdc/structuralchange/etd/ (DataverseNL doi:10.34894/LCH4CA)",
        "main_base": 2015,
        "nominal": "millions of LCU, current basic prices",
        "classification_note": "12 sectors of ISIC Rev.4",
    },
}
_LICENCE = (
    "not stated in the file and not verified; attribute the GGDC (and UNU-WIDER for the ETD) "
    "and check the producer's terms before redistributing"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _norm(header: object) -> str:
    return " ".join(str(header).split()).casefold()


# ------------------------------------------------------------------------------ reading
def _is_dta(head: bytes) -> bool:
    return head.startswith(b"<stata_dta>") or (
        len(head) > 2 and head[0] in range(102, 116) and head[1] in (1, 2) and head[2] == 1
    )


def _read_raw(
    data: bytes, name: str, sheet: str | None
) -> tuple[pd.DataFrame, str, str | None, str | None]:
    """Return (raw frame, kind 'xlsx'/'dta', sheet read, vintage seen in the file)."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, sheet)
    if _is_dta(data[:16]):
        try:
            reader: Any = StataReader(io.BytesIO(data))
            with reader:
                raw = reader.read()
                stamp = reader.time_stamp
        except (ValueError, struct.error, EOFError, UnicodeDecodeError, KeyError) as exc:
            raise ParseError(
                f"The Stata file could not be read ({exc}).",
                file=name,
                hint="download the file again; check that the transfer completed",
            ) from None
        return raw, "dta", None, stamp.strip() or None
    raise UnknownFormatError(
        "The file is neither an Excel workbook (xlsx) nor a Stata file (dta).",
        file=name,
        hint="read_ggdc reads the GGDC 10-Sector Database (xlsx or dta) and the ETD (xlsx) as "
        "the producer distributes them",
    )


def _read_xlsx(
    data: bytes, name: str, sheet: str | None
) -> tuple[pd.DataFrame, str, str | None, str | None]:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise ParseError(
            f"The Excel file could not be opened ({exc}).",
            file=name,
            hint="download the file again; check that the transfer completed",
        ) from None
    with book:
        names = [str(s) for s in book.sheet_names]
        by_norm = {_norm(s): s for s in names}
        if sheet is not None:
            if sheet not in names:
                raise UnknownFormatError(
                    f"The workbook has no sheet {sheet!r}; it has {names}.",
                    file=name,
                    hint="pass sheet= one of those, or leave it out to detect the data sheet",
                )
            chosen = sheet
        else:
            found = [by_norm[k] for k in ("dataset", "data") if k in by_norm]
            if not found:
                raise UnknownFormatError(
                    f"No GGDC data sheet found: the workbook has sheets {names}; the 10SD "
                    "keeps its data in 'dataset', the ETD in 'Data'.",
                    file=name,
                    hint="pass sheet= naming the sheet with the data",
                )
            chosen = found[0]
        try:
            # No NA strings ("n/a", "NA" ... must reach the parser and be reported) and no
            # dtype inference (it would turn a boolean cell into 1.0): cells as Excel has them.
            raw = pd.read_excel(
                book, sheet_name=chosen, keep_default_na=False, na_values=[], dtype=object
            )
        except (ValueError, KeyError, TypeError, OverflowError) as exc:
            # OverflowError: a numeric cell holding infinity (openpyxl cannot convert it)
            raise ParseError(
                f"Sheet {chosen!r} could not be read ({exc}).",
                file=name,
                hint="a cell holds a value Excel cannot represent (e.g. infinity); fix it in "
                "the source file",
            ) from None
        vintage = None
        notes = by_norm.get("notes")
        if notes is not None:
            try:
                head = pd.read_excel(book, sheet_name=notes, header=None, nrows=5)
            except (ValueError, KeyError, TypeError):  # pragma: no cover - notes are optional
                head = pd.DataFrame()
            for v in head.to_numpy().ravel():
                m = re.match(r"\s*Release:\s*(.+?)\s*$", str(v))
                if m:
                    vintage = m.group(1)
                    break
    for c in raw.columns:  # an empty cell is missing; a cell holding " " is kept as text
        if raw[c].dtype == object or pd.api.types.is_string_dtype(raw[c]):
            raw[c] = raw[c].where(raw[c].ne(""))
    return raw, "xlsx", chosen, vintage


def _vintage_from_name(name: str) -> str | None:
    m = re.search(r"(?i)(?<![a-z])(" + "|".join(_MONTHS) + r")(\d\d)(?!\d)", Path(name).name)
    if not m:
        return None
    return f"20{m.group(2)}-{_MONTHS.index(m.group(1).lower()) + 1:02d}"


def _match_layout(raw: pd.DataFrame, kind: str, name: str, sheet: str | None) -> _Layout:
    headers = [_norm(c) for c in raw.columns]
    dup = sorted({h for h in headers if headers.count(h) > 1})
    if dup:
        raise ParseError(
            f"The header repeats column name(s) {dup}.", file=name, line=1, column=dup[0]
        )
    have = set(headers)
    best: tuple[float, _Layout] | None = None
    for lay in _LAYOUTS:  # three layouts: a lookup in a table, not a loop over data
        if lay.name.endswith("_dta") != (kind == "dta"):
            continue
        want = [h for h, _ in lay.keys] + [h for h, _ in lay.sectors] + [lay.aggregate]
        want += [lay.flag] if lay.flag else []
        score = sum(h in have for h in want) / len(want)
        if best is None or score > best[0]:
            best = (score, lay)
    if best is None or best[0] < 0.5:
        raise UnknownFormatError(
            f"The {'sheet ' + repr(sheet) if sheet else 'file'} does not have the columns of a "
            f"GGDC 10-Sector or ETD file; its header is {list(map(str, raw.columns))[:8]}.",
            file=name,
            hint="pass the unmodified producer file (10SD xlsx/dta or ETD xlsx)",
        )
    lay = best[1]
    want = [h for h, _ in lay.keys] + [h for h, _ in lay.sectors] + [lay.aggregate]
    want += [lay.flag] if lay.flag else []
    missing = [h for h in want if h not in have]
    if missing:
        raise ParseError(
            f"The file looks like a {lay.name} file but lacks column(s) {missing}.",
            file=name,
            line=1,
            column=missing[0] if len(missing) == 1 else missing,
            hint="use the unmodified producer file; pedw never guesses a missing sector",
        )
    return lay


# ------------------------------------------------------------------------------ parsing
def _parse_keys(w: pd.DataFrame, name: str, headers: dict[str, str]) -> pd.DataFrame:
    for col in ("ref_area", "variable"):
        s = w[col]
        bad = s.isna() | (s.astype(str).str.strip() == "")
        if bad.any():
            line = int(w.index[np.flatnonzero(bad.to_numpy())[0]])
            raise ParseError(
                f"Key column {headers[col]!r} is empty in a row that has data.",
                file=name,
                line=line,
                column=headers[col],
                rows=int(bad.sum()),
                hint="fill in the key or delete the row",
            )
        w[col] = s.astype(str).str.strip()
    t = pd.to_numeric(w["time"], errors="coerce")
    bad = t.isna() | (t != np.round(t))
    if bad.any():
        pos = np.flatnonzero(bad.to_numpy())[0]
        raise ParseError(
            f"Column {headers['time']!r} should hold whole years but has {w['time'].iloc[pos]!r}.",
            file=name,
            line=int(w.index[pos]),
            column=headers["time"],
            rows=int(bad.sum()),
            hint="fix the year in the file",
        )
    w["time"] = t.astype("int64")
    return w


@dataclass
class _Cells:
    values: np.ndarray[Any, Any]  # (n, k) float
    blank: np.ndarray[Any, Any]  # (n, k) bool: text of spaces only
    incl: np.ndarray[Any, Any]  # (n, k) bool: text "incl in ..."


def _parse_values(w: pd.DataFrame, cols: list[str], headers: dict[str, str], name: str) -> _Cells:
    n, k = len(w), len(cols)
    values = np.empty((n, k), dtype=float)
    blank = np.zeros((n, k), dtype=bool)
    incl = np.zeros((n, k), dtype=bool)
    for j, col in enumerate(cols):  # a dozen columns, vectorised within each
        s = w[col]
        kind = pd.api.types.infer_dtype(s, skipna=True)
        if kind in ("floating", "integer", "mixed-integer-float", "empty"):
            vals = s.to_numpy(dtype=float, na_value=np.nan)  # numbers only: no text, no bools
            junk = np.zeros(n, dtype=bool)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            kinds = s.map(type)
            is_bool = kinds.isin([bool, np.bool_]).to_numpy()
            num = pd.to_numeric(s.where(~is_bool), errors="coerce")
            text = (num.isna() & s.notna()).to_numpy() & ~is_bool
            txt = s[text].astype(str).str.strip()
            is_blank = (txt == "").to_numpy()
            is_incl = txt.str.casefold().str.match(r"^incl(uded)?\b").to_numpy()
            junk = np.zeros(n, dtype=bool)
            junk[np.flatnonzero(text)[~(is_blank | is_incl)]] = True
            junk |= is_bool
            blank[np.flatnonzero(text)[is_blank], j] = True
            incl[np.flatnonzero(text)[is_incl], j] = True
            vals = num.to_numpy(dtype=float, na_value=np.nan)
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            vals = s.to_numpy(dtype=float, na_value=np.nan)
            junk = np.zeros(n, dtype=bool)
        else:
            vals = np.full(n, np.nan)
            junk = s.notna().to_numpy()
        junk |= np.isinf(vals)
        if junk.any():
            pos = int(np.flatnonzero(junk)[0])
            raise ParseError(
                f"Column {headers[col]!r} should hold numbers but has {s.iloc[pos]!r}"
                + (f" ({int(junk.sum())} such cells)." if junk.sum() > 1 else "."),
                file=name,
                line=int(w.index[pos]),
                column=headers[col],
                rows=int(junk.sum()),
                hint="fix or blank the cell; pedw reads only numbers, a single space (missing) "
                "and the producer's 'incl in ...' text",
            )
        values[:, j] = vals
    return _Cells(values, blank, incl)


def _time_bounds(time: int | tuple[int | None, int | None] | None) -> tuple[int, int] | None:
    if time is None:
        return None
    if isinstance(time, (int, np.integer)) and not isinstance(time, bool):
        return int(time), int(time)
    if isinstance(time, tuple) and len(time) == 2:
        lo = -(10**9) if time[0] is None else int(time[0])
        hi = 10**9 if time[1] is None else int(time[1])
        if lo > hi:
            raise OptionError(f"time={time!r} is an empty range.", hint="pass (start, end)")
        return lo, hi
    raise OptionError(
        f"time={time!r} is not a year or a (start, end) tuple.",
        hint="pass time=2010 or time=(1990, 2010) (inclusive; None for an open end)",
    )


def _describe(cells: pd.DataFrame) -> str:
    """Summarise selected cells as 'KEN AGR 1990-2000 (11), ...' for warnings."""
    if cells.empty:
        return ""
    g = cells.groupby(["ref_area", "sector"], sort=True)["time"].agg(["min", "max", "size"])
    parts = [
        f"{a} {e} {lo}-{hi} ({n})" if lo != hi else f"{a} {e} {lo} ({n})"
        for (a, e), lo, hi, n in zip(g.index, g["min"], g["max"], g["size"], strict=True)
    ]
    return ", ".join(parts[:6]) + (f", ... ({len(parts)} groups)" if len(parts) > 6 else "")


# ------------------------------------------------------------------------------ public
def read_ggdc(
    path_or_buffer: Any,
    *,
    ref_area: str | Sequence[str] | None = None,
    time: int | tuple[int | None, int | None] | None = None,
    variables: str | Sequence[str] | None = None,
    sectors: str | Sequence[str] | None = None,
    base: int | None = None,
    included: GGDCIncluded = "nan",
    aggregate: GGDCAggregate = "drop",
    labels: LabelMode = "code",
    sheet: str | None = None,
) -> pd.DataFrame:
    r"""Read a GGDC 10-Sector Database or Economic Transformation Database file.

    Parameters
    ----------
    path_or_buffer : str, path-like, binary file-like or bytes
        The producer's file: 10SD ``.xlsx`` or ``.dta``, or ETD ``.xlsx``. The layout is
        detected from the content.
    ref_area : str or sequence of str, optional
        Keep these countries (the producer's codes: ISO 3166 alpha-3, except 10SD ``MOR``
        (Morocco), ``DEW`` (West Germany) and ``NGA(alt)``). An unknown code is an error.
    time : int or (int or None, int or None), optional
        Keep one year, or an inclusive ``(start, end)`` range (``None`` for an open end).
    variables : str or sequence of str, optional
        Measures to return, among ``"value_added"``, ``"value_added_nominal"``,
        ``"employment"`` (default: all three).
    sectors : str or sequence of str, optional
        Keep these sector codes (``AGR`` ... ``OTH`` / ``GOV+OTH`` for the 10SD, ``A`` ...
        ``R+S+T+U`` for the ETD; see :func:`pedw.io.sectors.sector_codes`).
    base : int, optional
        Base year of ``value_added`` [constant prices of that year]. Default: the database's
        main base, 2005 for the 10SD (``VA_Q05``), 2015 for the ETD (``VA_Q15``). The 10SD has
        West Germany only at 1991 prices (``VA_Q91``) and ``NGA(alt)`` only at 2010 prices
        (``VA_Q10``): pass ``base=1991`` / ``base=2010`` for them. One column never mixes bases.
    included : {"nan", "merge"}
        10SD sector values the producer includes in another sector (GOV in OTH or OTH in GOV:
        the text ``"incl in gov. services"``, or one of the two missing while the other is
        present). ``"nan"`` (default) keeps them missing -- never zero -- and warns;
        ``"merge"`` replaces GOV and OTH by one sector ``GOV+OTH`` for every country where this
        happens (all years and variables of that country, so its sector set stays the same).
        No effect on the ETD, where no sector is included in another.
    aggregate : {"drop", "column"}
        The producer's total (10SD ``SUM``, ETD ``Total``) is never returned as a sector.
        ``"column"`` adds it as ``value_added_total``, ``value_added_nominal_total`` and
        ``employment_total`` columns (repeated on each sector row) to check additivity.
    labels : {"code", "label", "both"}
        Sector codes, the producer's labels, or codes plus a ``sector_label`` column.
    sheet : str, optional
        Excel sheet to read (default: ``dataset`` for the 10SD, ``Data`` for the ETD).

    Returns
    -------
    pandas.DataFrame
        Columns ``ref_area``, ``time`` [year], ``sector``, ``value_added`` [millions of LCU,
        constant prices of ``base``], ``value_added_nominal`` [millions of LCU, current
        prices], ``employment`` [thousands of persons engaged]; ETD frames add ``war_flag``
        [bool: state-based conflict with at least 1,000 battle-related deaths that year]. One
        row per country, year and sector, for every country-year with data. ``attrs["pedw"]``
        holds ``price_basis``, ``currency``, ``labour_unit``, ``units``, ``source``,
        ``producer``, ``citation``, ``licence``, ``vintage``, ``format``, ``file``,
        ``sector_classification`` and the accounting: ``rows_read`` (source rows, one per
        country-year-variable), ``rows_dropped`` by reason, ``rows_kept`` (rows returned),
        ``cells`` (sector cells by outcome: ``values``, ``missing`` by reason, ``merged``),
        ``text_cells``, ``negative_values``, ``additivity`` (largest relative gap between the
        sectors' sum and the producer's total, by measure) and ``areas``.

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the file is not a GGDC 10SD/ETD file (wrong format, no data sheet, foreign header).
    pedw.errors.ParseError
        For a missing column, a non-numeric value cell, a bad year or an empty key, naming the
        file, line (Excel row) and column; for an unreadable file.
    pedw.errors.DuplicateKeyError
        If a country-year-variable appears twice.
    pedw.errors.OptionError
        For unknown options, countries, sectors or variables.
    pedw.errors.InsufficientDataError
        If the filters leave no data.

    Warns
    -----
    pedw.errors.MissingDataWarning
        When sector values are missing because they are included in another sector, missing
        in a row that has other sectors, or available only at another price base.
    pedw.errors.NegativeValueWarning
        For negative values (10SD Peru FIRE value added 1950-1985); they are kept.
    pedw.errors.SkippedRowsWarning
        For rows with a variable pedw does not know (not returned, counted).

    Notes
    -----
    Both databases are additive: at fixed base-year prices the sectors sum to the producer's
    total,

    .. math::

        \mathrm{SUM}_{c,t,v} = \sum_{i=1}^{10} X_{c,t,v,i}
        \qquad
        \mathrm{Total}_{c,t,v} = \sum_{i=1}^{12} X_{c,t,v,i}

    (10SD to within :math:`10^{-15}` relative for ``EMP`` and ``VA_Q05``; ETD exactly), which
    is what makes the classic shift-share forms exact on these data. In the 10SD, ``SUM`` is
    the sum of the sectors *shown*: where a sector is missing for another reason than
    inclusion in GOV/OTH (Netherlands 1949-1959, Indonesia ``EMP`` 1961) the total is partial,
    and pedw reports those cells as ``not available`` rather than "included elsewhere".

    References
    ----------
    .. [1] Timmer, M. P., de Vries, G. J., & de Vries, K. (2015). "Patterns of Structural
       Change in Developing Countries". In J. Weiss & M. Tribe (Eds.), *Routledge Handbook of
       Industry and Development*, 65-83. Routledge. GGDC Research Memorandum GD-149.
    .. [2] de Vries, G. et al. (2021), "The Economic Transformation Database (ETD): Content,
       Sources, and Methods", WIDER Technical Note 2/2021.
       https://doi.org/10.35188/UNU-WIDER/WTN/2021-2

    Examples
    --------
    >>> from importlib.resources import files
    >>> from pedw.io import read_ggdc
    >>> etd = read_ggdc(files("pedw") / "data/samples/ETD_230918.xlsx", ref_area="KEN",
    ...                 time=(2000, 2001))
    >>> etd[["ref_area", "time", "sector"]].head(2).to_numpy().tolist()
    [['KEN', 2000, 'A'], ['KEN', 2000, 'B']]
    >>> etd.attrs["pedw"]["price_basis"]
    'constant 2015 national prices (LCU)'
    """
    check_option("included", included, GGDCIncluded)
    check_option("aggregate", aggregate, GGDCAggregate)
    check_option("labels", labels, LabelMode)
    bounds = _time_bounds(time)
    wanted_measures = as_list(variables) or list(MEASURES)
    for m in wanted_measures:
        check_option("variables", m, MEASURES)
    name = source_name(path_or_buffer)
    data = read_bytes(
        path_or_buffer, name, binary_hint="open the file in binary mode: open(path, 'rb')"
    )
    raw, kind, sheet_read, vintage = _read_raw(data, name, sheet)
    lay = _match_layout(raw, kind, name, sheet_read)
    ds = _DATASETS[lay.dataset]
    pending: list[tuple[str, type[Warning]]] = []

    # -- canonical columns, index = line number in the file (Excel row; dta: record + 1)
    by_norm = {_norm(c): c for c in raw.columns}
    rename = {by_norm[h]: canon for h, canon in lay.keys}
    codes = [code for _, code in lay.sectors]
    rename |= {by_norm[h]: code for h, code in lay.sectors}
    rename[by_norm[lay.aggregate]] = "_total"
    if lay.flag:
        rename[by_norm[lay.flag]] = "_flag"
    headers = {v: str(k) for k, v in rename.items()}
    ignored = [str(c) for c in raw.columns if c not in rename]
    rows_read = len(raw)
    w = raw[list(rename)].rename(columns=rename)
    w.index = pd.RangeIndex(2, rows_read + 2)
    if ignored:
        nonempty = [c for c in ignored if raw[c].notna().any()]
        if nonempty:
            pending.append(
                (
                    f"{name}: column(s) {nonempty} are not part of the {lay.name} layout and "
                    "were ignored; see df.attrs['pedw']['columns_ignored'].",
                    PedwWarning,
                )
            )
    log = RowLog(rows_read)
    blank_row = w.isna().all(axis=1).to_numpy()
    log.drop("blank row", int(blank_row.sum()))
    w = w.loc[~blank_row].copy()
    w = _parse_keys(w, name, headers)

    # -- filters on keys (before value parsing: less work)
    areas_all = pd.unique(w["ref_area"]).tolist()
    keep = np.ones(len(w), dtype=bool)
    wanted_areas = as_list(ref_area)
    if wanted_areas:
        unknown = [a for a in wanted_areas if a not in set(areas_all)]
        if unknown:
            raise OptionError(
                f"ref_area {unknown} not in {name}; it has {sorted(areas_all)}.",
                hint="use the producer's codes (10SD: 'MOR' for Morocco, 'DEW' for West "
                "Germany, 'NGA(alt)')",
            )
        keep &= w["ref_area"].isin(wanted_areas).to_numpy()
    if bounds is not None:
        keep &= w["time"].between(*bounds).to_numpy()
    if not keep.any():
        raise InsufficientDataError(
            f"No rows of {name} match ref_area={ref_area!r}, time={time!r}; the file covers "
            f"{int(w['time'].min())}-{int(w['time'].max())}.",
            hint="widen the filters",
            file=name,
        )
    log.drop("filtered", int((~keep).sum()))
    w = w.loc[keep]

    # -- values: every cell of every selected row is classified (number, blank, included, junk)
    require_unique(w, ["ref_area", "time", "variable"])
    cells = _parse_values(w, [*codes, "_total"], headers, name)
    text_cells = {
        "' ' (blank text, missing)": int(cells.blank.sum()),
        "'incl in ...' (included in another sector)": int(cells.incl.sum()),
    }

    # -- variables -> measures and price bases
    var_table = dict(_VARIABLES[lay.dataset])
    for v in pd.unique(w["variable"]).tolist():
        vq = _VA_Q.match(v)
        if v not in var_table and vq:
            yy = int(vq.group(1))
            var_table[v] = ("value_added", 2000 + yy if yy <= 50 else 1900 + yy)
    chosen_base = int(base) if base is not None else int(ds["main_base"])
    measure = w["variable"].map({k: v[0] for k, v in var_table.items()})
    vbase = w["variable"].map({k: v[1] for k, v in var_table.items()})
    unknown_var = measure.isna().to_numpy()
    if unknown_var.any():
        what = sorted(pd.unique(w.loc[unknown_var, "variable"]).tolist())
        pending.append(
            (
                f"{int(unknown_var.sum())} rows of {name} have variable(s) {what} that pedw does "
                "not know; they are not returned (see df.attrs['pedw']['rows_dropped']).",
                SkippedRowsWarning,
            )
        )
        log.drop("unknown variable", int(unknown_var.sum()))
    is_va = (measure == "value_added").to_numpy()
    other_base = is_va & (vbase.to_numpy(dtype=float, na_value=np.nan) != chosen_base)
    if base is not None and not (is_va & ~other_base).any():
        have = sorted({int(b) for b in vbase[is_va].dropna()})
        raise OptionError(
            f"base={base} is not in the selected data; constant-price bases there: {have}.",
            hint="pass one of those bases, or leave base out",
        )
    if other_base.any():
        ob = w.loc[other_base]
        log.drop("other price base", int(other_base.sum()))
        have_main = set(w.loc[is_va & ~other_base, "ref_area"])
        lacking = sorted(set(ob["ref_area"]) - have_main)
        if lacking and "value_added" in wanted_measures:
            detail = {a: sorted(set(ob.loc[ob["ref_area"] == a, "variable"])) for a in lacking[:8]}
            pending.append(
                (
                    f"value_added is at constant {chosen_base} prices; {lacking} have constant "
                    f"prices only at another base {detail}, so their value_added is missing. "
                    "Pass base=<year> with ref_area= to read them.",
                    MissingDataWarning,
                )
            )
    not_wanted = (~measure.isin(wanted_measures)).to_numpy() & ~unknown_var & ~other_base
    log.drop("filtered", int(not_wanted.sum()))
    used = ~(unknown_var | other_base | not_wanted)

    # -- values
    w = w.loc[used]
    w["measure"] = measure[used].to_numpy()
    vals, total = cells.values[used, :-1], cells.values[used, -1]
    missing = np.isnan(vals)
    empty = missing.all(axis=1)
    log.drop("no sector values", int(empty.sum()))
    k = len(codes)
    included_mask = cells.incl[used, :-1] & ~empty[:, None]
    if lay.dataset == "ggdc10":
        gi, oi = codes.index("GOV"), codes.index("OTH")
        pair = np.zeros_like(missing)
        pair[:, gi] = missing[:, gi] & ~missing[:, oi]
        pair[:, oi] = missing[:, oi] & ~missing[:, gi]
        included_mask |= pair & ~empty[:, None]
    partial = missing & ~included_mask & ~empty[:, None]
    keep_rows = ~empty
    w = w.loc[keep_rows]
    vals, total = vals[keep_rows], total[keep_rows]
    included_mask, partial = included_mask[keep_rows], partial[keep_rows]
    n = len(w)
    if n == 0:
        raise InsufficientDataError(
            f"No sector values of {name} are left after the filters; source rows not used: "
            f"{dict(log.dropped)}.",
            hint="widen the filters, or pass base= for a country whose constant prices use "
            "another base year",
            file=name,
        )
    area_arr = w["ref_area"].to_numpy(dtype=object)
    time_arr = w["time"].to_numpy()
    meas_arr = w["measure"].to_numpy(dtype=object)
    code_arr = np.asarray(codes, dtype=object)

    def cells_of(mask: np.ndarray[Any, Any]) -> pd.DataFrame:
        r, c = np.nonzero(mask)
        return pd.DataFrame(
            {"ref_area": area_arr[r], "time": time_arr[r], "sector": code_arr[c], "m": meas_arr[r]}
        )

    if included_mask.any():
        pending.append(
            (
                f"{int(included_mask.sum())} sector values are missing because the producer "
                f"includes them in another sector ({_describe(cells_of(included_mask))})"
                + (
                    "; they are NaN, not zero. Pass included='merge' to merge GOV and OTH."
                    if included == "nan"
                    else "; GOV and OTH were merged into GOV+OTH for those countries."
                ),
                MissingDataWarning,
            )
        )
    if partial.any():
        pending.append(
            (
                f"{int(partial.sum())} sector values are not available in rows that have other "
                f"sectors ({_describe(cells_of(partial))}); the producer's total covers only "
                "the sectors shown there.",
                MissingDataWarning,
            )
        )
    with np.errstate(invalid="ignore"):
        neg = vals < 0
    negative: dict[str, int] = {}
    if neg.any():
        neg_cells = cells_of(neg)
        negative = {str(m): int(c) for m, c in neg_cells["m"].value_counts().sort_index().items()}
        pending.append(
            (
                f"{int(neg.sum())} negative sector values ({_describe(neg_cells)}) are kept as "
                "published; productivity levels there are negative.",
                NegativeValueWarning,
            )
        )

    # -- additivity of the producer's totals (over the rows used)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.abs(np.nansum(vals, axis=1) - total) / np.abs(total)
    additivity = {str(m): float(g) for m, g in pd.Series(gap).groupby(meas_arr).max().items()}

    # -- wide by measure, vectorised: array [country-year, sector slot, measure]
    measures_out = [m for m in MEASURES if m in wanted_measures]
    cy_codes, cy_found = pd.MultiIndex.from_arrays([area_arr, time_arr]).factorize(sort=True)
    cy_uniq = cast(pd.MultiIndex, cy_found)
    ncy = len(cy_uniq)
    cy_time = cy_uniq.get_level_values(1).to_numpy(dtype="int64")
    m_codes = pd.Index(measures_out).get_indexer(meas_arr)
    arr = np.full((ncy, k, len(measures_out)), np.nan)
    arr[cy_codes, :, m_codes] = vals
    slots = list(codes)
    present = np.ones((ncy, k), dtype=bool)
    cy_area = cy_uniq.get_level_values(0).to_numpy(dtype=object)

    # -- merge GOV and OTH where the producer includes one in the other
    merged_cells = 0
    merged_areas: list[str] = []
    if included == "merge" and lay.dataset == "ggdc10" and included_mask.any():
        merged_areas = sorted(set(area_arr[np.nonzero(included_mask)[0]].tolist()))
        gov, oth = arr[:, gi, :], arr[:, oi, :]
        combo = np.where(
            np.isnan(gov) & np.isnan(oth), np.nan, np.nan_to_num(gov) + np.nan_to_num(oth)
        )
        arr = np.concatenate([arr, combo[:, None, :]], axis=1)
        slots.append("GOV+OTH")
        is_merged = np.isin(cy_area, merged_areas)
        present = np.concatenate([present, is_merged[:, None]], axis=1)
        present[is_merged, gi] = False
        present[is_merged, oi] = False
        merged_cells = 2 * int(np.isin(area_arr, merged_areas).sum())

    # -- sector filter
    sector_table = sector_codes(lay.dataset)  # type: ignore[arg-type]
    slot_arr = np.asarray(slots, dtype=object)
    if sectors is not None:
        wanted_sectors = as_list(sectors)
        valid = set(slot_arr[present.any(axis=0)].tolist())
        bad = [s for s in wanted_sectors if s not in valid]
        if bad:
            raise OptionError(
                f"sectors {bad} are not in the data; it has {sorted(valid)}.",
                hint="use the producer's sector codes (see pedw.io.sectors.sector_codes"
                f"({lay.dataset!r}))",
            )
        present &= np.isin(slot_arr, wanted_sectors)[None, :]

    # -- one row per country, year, sector (row-major: sorted by country, year, sector order)
    ri, si = np.nonzero(present)
    labels_map = dict(zip(sector_table["code"], sector_table["label"], strict=True))
    sector_out = slot_arr[si]
    if labels == "label":
        sector_out = np.asarray([labels_map[c] for c in slots], dtype=object)[si]
    columns: dict[str, Any] = {
        "ref_area": pd.array(cy_area[ri], dtype="str"),
        "time": cy_time[ri],
        "sector": pd.array(sector_out, dtype="str"),
    }
    if labels == "both":
        columns["sector_label"] = pd.array(
            np.asarray([labels_map[c] for c in slots], dtype=object)[si], dtype="str"
        )
    for j, m in enumerate(measures_out):
        columns[m] = arr[ri, si, j]
    if lay.flag:
        fraw = w["_flag"]
        fv = pd.to_numeric(fraw, errors="coerce")
        bad_flag = ~fv.isin([0, 1]) | fraw.map(type).isin([bool, np.bool_])
        if bad_flag.any():
            pos = int(np.flatnonzero(bad_flag.to_numpy())[0])
            raise ParseError(
                f"Column 'War flag' should be 0 or 1 but has {fraw.iloc[pos]!r}.",
                file=name,
                line=int(w.index[pos]),
                column=headers["_flag"],
            )
        fnum = fv.to_numpy(dtype=float)
        fmin, fmax = np.full(ncy, 2.0), np.full(ncy, -1.0)
        np.minimum.at(fmin, cy_codes, fnum)
        np.maximum.at(fmax, cy_codes, fnum)
        if (fmin != fmax).any():
            first = int(np.flatnonzero(fmin != fmax)[0])
            raise ParseError(
                "Column 'War flag' differs between the variables of one country-year.",
                file=name,
                column=headers["_flag"],
                group=str(cy_area[first]),
                period=int(cy_time[first]),
            )
        columns["war_flag"] = (fmax == 1.0)[ri]
    if aggregate == "column":
        tarr = np.full((ncy, len(measures_out)), np.nan)
        tarr[cy_codes, m_codes] = total
        for j, m in enumerate(measures_out):
            columns[f"{m}_total"] = tarr[ri, j]
    out = pd.DataFrame(columns)

    # -- accounting: every sector cell of every source row
    cells_read = rows_read * k
    n_values = int((~np.isnan(vals)).sum())
    missing_by_reason = {
        "included in another sector": int(included_mask.sum()),
        "not available (row has other sectors)": int(partial.sum()),
    }
    rows_not_used = sum(log.dropped.values())
    assert n_values + sum(missing_by_reason.values()) == n * k
    assert len(w) == log.expected_kept
    cell_account = {
        "read": cells_read,
        "in rows not used": rows_not_used * k,
        "values": n_values,
        "missing": {r: c for r, c in missing_by_reason.items() if c},
        "merged into GOV+OTH": merged_cells,
        "aggregate cells (SUM/Total)": rows_read,
    }
    if lay.dataset == "ggdc10":
        regions = w.drop_duplicates("ref_area").set_index("ref_area")["region_code"]
        areas = {str(a): {"region": str(r)} for a, r in regions.items()}
    else:
        names_ = w.drop_duplicates("ref_area").set_index("ref_area")["country_name"]
        areas = {str(a): {"name": str(v)} for a, v in names_.items()}
    price_basis = f"constant {chosen_base} national prices (LCU)"
    units = {
        "value_added": f"millions of LCU, constant {chosen_base} national prices",
        "value_added_nominal": ds["nominal"],
        "employment": "thousands of persons engaged",
    }
    set_meta(
        out,
        source=ds["source"],
        producer=ds["producer"],
        citation=ds["citation"],
        licence=_LICENCE,
        url=ds["url"],
        file=name,
        format=lay.name + (f" (sheet {sheet_read!r})" if sheet_read else ""),
        vintage=vintage or _vintage_from_name(name),
        price_basis=price_basis,
        base_year=chosen_base,
        currency="LCU (national currency), millions",
        labour_unit="thousands of persons",
        units={m: u for m, u in units.items() if m in wanted_measures},
        sector_classification=lay.dataset,
        sector_classification_note=ds["classification_note"],
        query={
            "ref_area": wanted_areas or None,
            "time": list(bounds) if bounds else None,
            "variables": wanted_measures,
            "sectors": as_list(sectors) or None,
            "base": base,
            "included": included,
            "aggregate": aggregate,
        },
        rows_read=rows_read,
        rows_dropped=dict(log.dropped),
        source_rows_used=len(w),
        rows_kept=len(out),
        cells=cell_account,
        text_cells=text_cells,
        negative_values=negative,
        additivity=additivity,
        merged_areas=merged_areas,
        areas=areas,
        columns_ignored=ignored,
    )
    for message, category in pending:
        warnings.warn(message, category, stacklevel=2)
    return out
