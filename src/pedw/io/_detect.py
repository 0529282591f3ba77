"""Recognise a data file and read it with the right pedw loader.

:func:`read` sniffs the file (extension, magic bytes, header line) and dispatches to one of
:func:`~pedw.io.read_ggdc`, :func:`~pedw.io.read_wb_json`, :func:`~pedw.io.read_wdi_country`,
:func:`~pedw.io.read_wdi`, :func:`~pedw.io.read_ilostat` or :func:`~pedw.io.read_sdg`. It never
parses the data itself: each loader keeps its own format checks and error messages.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from pedw.errors import ParseError, UnknownFormatError
from pedw.io._common import sniff
from pedw.schema import set_meta

__all__ = ["KNOWN_FORMATS", "detect", "read"]

#: Loader -> what it reads (shown when a file is not recognised).
KNOWN_FORMATS: dict[str, str] = {
    "read_ggdc": "GGDC 10-Sector Database / Economic Transformation Database (.xlsx, .dta)",
    "read_wb_json": "World Bank API JSON (api.worldbank.org/v2/... ?format=json)",
    "read_wdi_country": "World Bank WDICountry.csv (country metadata)",
    "read_wdi": "World Bank WDI bulk CSV (WDICSV/WDIData), API_<code>_DS2 CSV, DataBank CSV",
    "read_ilostat": "ILOSTAT bulk / API / SDMX-CSV / data-explorer CSV (optionally .gz)",
    "read_sdg": "UN SDG Global Database CSV and national Open SDG platform CSV",
}

_STATA_MAGIC = (b"<stata_dta>", b"\x71", b"\x72", b"\x73", b"\x75", b"\x76")
_UN_SDG_COLUMNS = {"SeriesCode", "GeoAreaCode", "TimePeriod"}


def _split(line: str) -> list[str]:
    return [c.strip().strip('"').strip() for c in line.lstrip("\ufeff").split(",")]


def _unknown(name: str, what: str) -> UnknownFormatError:
    known = "; ".join(KNOWN_FORMATS.values())
    return UnknownFormatError(
        f"pedw does not recognise this file ({what}). It reads: {known}.",
        file=name,
        hint="call the matching pedw.io.read_* function directly, or re-download the file in "
        "one of these layouts (not an HTML error page or a re-saved spreadsheet)",
    )


def _detect_text(lines: list[str], name: str) -> str:
    stripped = [ln for ln in lines if ln.strip()]
    if not stripped:
        raise _unknown(name, "it is empty")
    first = stripped[0].lstrip("\ufeff").lstrip()
    if first.startswith(("[", "{")):
        return "read_wb_json"
    header = set(_split(stripped[0]))
    if "Country Code" in header and ({"Short Name", "Table Name"} & header):
        return "read_wdi_country"
    if any("Country Code" in ln for ln in stripped[:30]):
        return "read_wdi"
    lowered = {h.lower() for h in header}
    if "obs_value" in lowered or "ref_area.label" in lowered:
        return "read_ilostat"
    if _UN_SDG_COLUMNS & header or ("Year" in header and "Value" in header):
        return "read_sdg"
    return _raise_unknown(name, stripped[0])


def _raise_unknown(name: str, first: str) -> str:
    raise _unknown(name, f"first line {first[:100]!r}")


def detect(path_or_buffer: Any) -> str:
    """Return the name of the pedw loader that reads a file.

    Parameters
    ----------
    path_or_buffer : path, file-like or bytes
        The file.

    Returns
    -------
    str
        One of the keys of :data:`KNOWN_FORMATS` (e.g. ``"read_ilostat"``).

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the content matches no format pedw reads (the message lists them).
    pedw.errors.ParseError
        If the file does not exist or its container is corrupt.
    """
    name = str(path_or_buffer) if isinstance(path_or_buffer, str | Path) else "<buffer>"
    if isinstance(path_or_buffer, str | Path):
        p = Path(path_or_buffer)
        if not p.exists():
            raise ParseError(
                "The file does not exist.", file=str(p), hint="check the path and its spelling"
            )
        if p.is_dir():
            raise ParseError(
                "This is a folder, not a data file.",
                file=str(p),
                hint="pass a file inside it (pedw profile --data accepts folders)",
            )
        suffix = p.suffix.lower()
        with p.open("rb") as fh:
            magic = fh.read(16)
        if suffix == ".dta" or (suffix not in {".csv", ".gz", ".json"} and _is_stata(magic)):
            return "read_ggdc"
        if magic.startswith(b"PK"):
            try:
                with zipfile.ZipFile(p) as zf:
                    members = zf.namelist()
            except zipfile.BadZipFile:
                raise ParseError(
                    "The zip container is corrupt or truncated.",
                    file=str(p),
                    hint="download the file again",
                ) from None
            if "xl/workbook.xml" in members or suffix in {".xlsx", ".xlsm"}:
                return "read_ggdc"
        elif suffix in {".xlsx", ".xls"}:
            raise _unknown(name, "the extension says Excel but the content is not an xlsx file")
        if suffix == ".json":
            return "read_wb_json"
    info = sniff(path_or_buffer)
    return _detect_text(info.lines[:40], info.name)


def _is_stata(magic: bytes) -> bool:
    if magic.startswith(b"<stata_dta>"):
        return True
    return len(magic) > 2 and magic[:1] in _STATA_MAGIC[1:] and magic[1:2] in (b"\x01", b"\x02")


def read(path_or_buffer: Any, **kwargs: Any) -> pd.DataFrame:
    """Read any data file pedw supports, choosing the loader from its content.

    Parameters
    ----------
    path_or_buffer : path, file-like or bytes
        The file: a GGDC/ETD workbook or Stata file, a World Bank CSV/JSON, an ILOSTAT CSV
        or an SDG CSV (see :data:`KNOWN_FORMATS`).
    **kwargs
        Passed to the loader (e.g. ``ref_area="KEN"``).

    Returns
    -------
    pandas.DataFrame
        The loader's tidy frame; ``attrs["pedw"]["reader"]`` names the loader used.

    Raises
    ------
    pedw.errors.UnknownFormatError
        If the file matches no known format; the message names the file and lists the
        formats pedw reads.

    Notes
    -----
    Detection order: Stata magic bytes or ``.dta`` and xlsx containers -> GGDC; JSON ->
    World Bank API; a ``Country Code`` header with ``Short Name``/``Table Name`` ->
    WDICountry; a ``Country Code`` header within the first 30 lines -> WDI CSV;
    ``obs_value``/``OBS_VALUE``/``ref_area.label`` -> ILOSTAT; ``SeriesCode``/``GeoAreaCode``
    or ``Year`` + ``Value`` -> SDG.

    Examples
    --------
    >>> from pedw import datasets, io
    >>> df = io.read(datasets.path("sdg_gbr_8.2.1"))
    >>> df.attrs["pedw"]["reader"]
    'read_sdg'
    """
    loader = detect(path_or_buffer)
    module = importlib.import_module("pedw.io")
    func = getattr(module, loader)
    df: pd.DataFrame = func(path_or_buffer, **kwargs)
    return set_meta(df, reader=loader)
