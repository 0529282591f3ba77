"""Readers for real ILOSTAT, World Bank, UN SDG and GGDC extracts, and online fetchers.

The loader triad (pvlib ``iotools`` convention): ``read_*`` reads a file (path or file-like),
``parse_*`` parses an in-memory buffer, ``get_*`` fetches from the producer's API through an
opt-in cache. All return tidy long frames in pedw's schema with provenance in
``df.attrs["pedw"]``.
"""

from __future__ import annotations

from pedw._lazy import attach as _attach

_LAZY = {
    "read": "pedw.io._detect:read",
    # ILOSTAT
    "read_ilostat": "pedw.io.ilostat:read_ilostat",
    "parse_ilostat": "pedw.io.ilostat:parse_ilostat",
    "read_ilostat_dictionary": "pedw.io.ilostat:read_ilostat_dictionary",
    # World Bank
    "read_wdi": "pedw.io.worldbank:read_wdi",
    "read_wb_json": "pedw.io.worldbank:read_wb_json",
    "read_wdi_country": "pedw.io.worldbank:read_wdi_country",
    "wb_aggregate_codes": "pedw.io.worldbank:wb_aggregate_codes",
    # UN SDG / Open SDG
    "read_sdg": "pedw.io.sdg:read_sdg",
    # GGDC
    "read_ggdc": "pedw.io.ggdc:read_ggdc",
    # sector mappings
    "sector_map": "pedw.io.sectors:sector_map",
    "map_sectors": "pedw.io.sectors:map_sectors",
    # online
    "get_ilostat": "pedw.io.online:get_ilostat",
    "get_wdi": "pedw.io.online:get_wdi",
    "cache_dir": "pedw.io.cache:cache_dir",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = _attach(__name__, _LAZY)
