"""pedw: productivity and decent-work analytics.

Is productivity growing, where does the growth come from, and does it turn into decent jobs and
fair wages? pedw reads the real extracts economists use (ILOSTAT, World Bank WDI, UN SDG, GGDC),
into one tidy schema (:mod:`pedw.schema`), and computes productivity decompositions
(:mod:`pedw.decompose`), wage-productivity analytics (:mod:`pedw.wages`) and SDG indicators
(:mod:`pedw.sdg`), with results that carry their units, sources and citations.

``import pedw`` is cheap: it performs no I/O and imports neither matplotlib, scipy nor
statsmodels; submodules and the names below load on first use.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from pedw._lazy import attach as _attach
from pedw.errors import PedwError, PedwWarning

try:
    __version__ = _version("pedw")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

_LAZY = {
    # submodules
    "datasets": "pedw.datasets",
    "decompose": "pedw.decompose",
    "errors": "pedw.errors",
    "io": "pedw.io",
    "plot": "pedw.plot",
    "schema": "pedw.schema",
    "sdg": "pedw.sdg",
    "testing": "pedw.testing",
    "tfp": "pedw.tfp",
    "wages": "pedw.wages",
    # loaders
    "read_ilostat": "pedw.io:read_ilostat",
    "read_wdi": "pedw.io:read_wdi",
    "read_sdg": "pedw.io:read_sdg",
    "read_ggdc": "pedw.io:read_ggdc",
    "get_ilostat": "pedw.io:get_ilostat",
    "get_wdi": "pedw.io:get_wdi",
    # methods
    "sectoral": "pedw.decompose:sectoral",
    "jobs_growth": "pedw.decompose:jobs_growth",
    "regional": "pedw.decompose:regional",
    "firm": "pedw.decompose:firm",
    "gap_index": "pedw.wages:gap_index",
    "labour_share": "pedw.wages:labour_share",
    "decoupling": "pedw.wages:decoupling",
    "gender_pay_gap": "pedw.wages:gender_pay_gap",
    "load_dataset": "pedw.datasets:load",
    "read": "pedw.io:read",
    "build_profile": "pedw.profile:build_profile",
    "profile": "pedw.profile",
}

__all__ = ["PedwError", "PedwWarning", "__version__", *sorted(_LAZY)]

__getattr__, __dir__ = _attach(__name__, _LAZY)
