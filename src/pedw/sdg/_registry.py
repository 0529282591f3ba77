"""The SDG indicator registry: loaded once from the package-data file ``indicators.json``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = ["INDICATORS", "SERIES", "Indicator"]

_ALIASES = {"series": "un_series", "un_series_code": "un_series", "ilostat_codes": "ilostat"}


@dataclass(frozen=True, eq=False)
class Indicator(Mapping[str, Any]):
    """One SDG indicator as the custodian's metadata define it.

    An :class:`Indicator` is also a read-only mapping, so ``INDICATORS["8.2.1"]["title"]`` and
    ``INDICATORS["8.2.1"].title`` both work.

    Attributes
    ----------
    code : str
        SDG indicator number, e.g. ``"8.2.1"``.
    title : str
        Official title.
    formula : str
        Computation formula, in words.
    unit : str
        Unit of the indicator.
    custodian : str
        Custodian agency (ILO, UNIDO...).
    un_series : tuple of str
        UN SDG global database series code(s), e.g. ``("SL_EMP_PCAP",)`` (alias ``series``).
    ilostat : tuple of str
        ILOSTAT dataset ids of the indicator and of its inputs.
    wdi : tuple of str
        World Bank WDI input (or look-alike) series codes.
    inputs : mapping
        Input name -> description.
    disaggregations : tuple of str
        Disaggregation columns pedw recognises for this indicator.
    aggregation : str
        How regional and global aggregates are formed.
    function : str
        Name of the :mod:`pedw.sdg` function computing it (used by :func:`pedw.sdg.compute`).
    scale : float
        Multiplier of the ratio (100 for per cent).
    metadata_url : str
        Link to the UN SDG metadata file.
    extra : mapping
        Indicator-specific tables (e.g. ISIC codes of 9.2.2).
    """

    code: str
    title: str
    formula: str
    unit: str
    custodian: str
    un_series: tuple[str, ...]
    ilostat: tuple[str, ...]
    wdi: tuple[str, ...]
    inputs: Mapping[str, str]
    disaggregations: tuple[str, ...]
    aggregation: str
    function: str
    scale: float
    metadata_url: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        name = _ALIASES.get(key, key)
        if name in self._names():
            return getattr(self, name)
        if name in self.extra:
            return self.extra[name]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter([*self._names(), *self.extra])

    def __len__(self) -> int:
        return len(self._names()) + len(self.extra)

    @staticmethod
    def _names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(Indicator) if f.name != "extra")


def _load() -> tuple[Mapping[str, Indicator], Mapping[str, str]]:
    text = resources.files("pedw.sdg").joinpath("indicators.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    known = set(Indicator._names())
    out: dict[str, Indicator] = {}
    for code, entry in raw["indicators"].items():
        base = {k: v for k, v in entry.items() if k in known}
        extra = {k: v for k, v in entry.items() if k not in known}
        for k in ("un_series", "ilostat", "wdi", "disaggregations"):
            base[k] = tuple(base.get(k, ()))
        base["inputs"] = MappingProxyType(dict(base.get("inputs", {})))
        out[code] = Indicator(code=code, extra=MappingProxyType(extra), **base)
    return MappingProxyType(out), MappingProxyType(dict(raw["series"]))


#: SDG indicator code -> :class:`Indicator` (read-only).
INDICATORS: Mapping[str, Indicator]
#: UN SDG series code -> name of the :mod:`pedw.sdg` function computing it.
SERIES: Mapping[str, str]
INDICATORS, SERIES = _load()
