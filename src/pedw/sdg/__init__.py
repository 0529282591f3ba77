"""SDG indicators of decent work and industrialisation, computed as their custodians define them.

Each function takes a tidy frame (canonical pedw columns, or the ILOSTAT/WDI layouts the
loaders return) and returns an :class:`SDGResult` whose ``to_frame()`` has the UN SDG database
layout ``ref_area, time, indicator, series, <disaggregations>, value, unit, obs_status``.
:data:`INDICATORS` is the registry (data, from ``indicators.json``): title, formula, unit,
custodian, UN series codes, ILOSTAT/WDI input codes, disaggregations and aggregation rule of
each indicator; :func:`compute` dispatches through it. :func:`aggregate` forms regional and
global aggregates as ratios of sums, with coverage.

- 8.2.1: :func:`gdp_per_employed_growth` -- UN series SL_EMP_PCAP
- 8.3.1: :func:`informal_employment_share` -- UN series SL_ISV_IFRM
- 8.5.1: :func:`average_hourly_earnings`, :func:`gender_pay_gap` -- UN series SL_EMP_EARN
- 8.5.2: :func:`unemployment_rate` -- UN series SL_TLF_UEM
- 8.6.1: :func:`youth_neet_rate` -- UN series SL_TLF_NEET
- 9.2.1: :func:`manufacturing_value_added_share`, :func:`manufacturing_value_added_per_capita` --
  UN series NV_IND_MANF, NV_IND_MANFPC
- 9.2.2: :func:`manufacturing_employment_share` -- UN series SL_TLF_MANF
- 5.5.2: :func:`women_in_management` -- UN series IC_GEN_MGTL, IC_GEN_MGTN
- 10.4.1: :func:`labour_share` -- UN series SL_EMP_GTOTL
"""

from __future__ import annotations

from pedw.sdg._core import (
    AggregateResult,
    IsicRevision,
    SDGResult,
    aggregate,
    average_hourly_earnings,
    compute,
    gdp_per_employed_growth,
    gender_pay_gap,
    informal_employment_share,
    labour_share,
    manufacturing_employment_share,
    manufacturing_value_added_per_capita,
    manufacturing_value_added_share,
    unemployment_rate,
    women_in_management,
    youth_neet_rate,
)
from pedw.sdg._registry import INDICATORS, SERIES, Indicator

__all__ = [
    "INDICATORS",
    "SERIES",
    "AggregateResult",
    "Indicator",
    "IsicRevision",
    "SDGResult",
    "aggregate",
    "average_hourly_earnings",
    "compute",
    "gdp_per_employed_growth",
    "gender_pay_gap",
    "informal_employment_share",
    "labour_share",
    "manufacturing_employment_share",
    "manufacturing_value_added_per_capita",
    "manufacturing_value_added_share",
    "unemployment_rate",
    "women_in_management",
    "youth_neet_rate",
]
