"""Productivity decompositions.

- :func:`sectoral` -- aggregate labour-productivity growth into within-sector and structural
  change terms (classic three-term, McMillan-Rodrik, Shapley, GEAD).
- :func:`jobs_growth` -- Shapley decomposition of value added per capita (World Bank JoGGs).
- :func:`regional` -- regional employment shift-share (Dunn, Esteban-Marquillas, Arcelus, Gerfin).
- :func:`firm` -- firm-level decompositions (Olley-Pakes, Melitz-Polanec, FHK, GR, BHC).

The functions are imported eagerly here (the modules need only numpy and pandas) so that the
names ``pedw.decompose.sectoral`` etc. always denote the functions, never the submodules of
the same name. ``import pedw`` itself does not import this package.
"""

from __future__ import annotations

from pedw.decompose.firm import FirmResult, firm
from pedw.decompose.jobs import JobsGrowthResult, jobs_growth
from pedw.decompose.regional import RegionalResult, regional
from pedw.decompose.sectoral import SectoralResult, sectoral

__all__ = [
    "FirmResult",
    "JobsGrowthResult",
    "RegionalResult",
    "SectoralResult",
    "firm",
    "jobs_growth",
    "regional",
    "sectoral",
]
