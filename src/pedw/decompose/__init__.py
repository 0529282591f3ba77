"""Productivity decompositions.

- :func:`sectoral` -- aggregate labour-productivity growth into within-sector and structural
  change terms (classic three-term, McMillan-Rodrik, Shapley, GEAD).
- :func:`jobs_growth` -- Shapley decomposition of value added per capita (World Bank JoGGs).
- :func:`regional` -- regional employment shift-share (Dunn, Esteban-Marquillas, Arcelus, Gerfin).
- :func:`firm` -- firm-level decompositions (Olley-Pakes, Melitz-Polanec, FHK, GR, BHC).
"""

from __future__ import annotations

from pedw._lazy import attach as _attach

_LAZY = {
    "sectoral": "pedw.decompose.sectoral:sectoral",
    "SectoralResult": "pedw.decompose.sectoral:SectoralResult",
    "jobs_growth": "pedw.decompose.jobs:jobs_growth",
    "JobsGrowthResult": "pedw.decompose.jobs:JobsGrowthResult",
    "regional": "pedw.decompose.regional:regional",
    "RegionalResult": "pedw.decompose.regional:RegionalResult",
    "firm": "pedw.decompose.firm:firm",
    "FirmResult": "pedw.decompose.firm:FirmResult",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = _attach(__name__, _LAZY)
