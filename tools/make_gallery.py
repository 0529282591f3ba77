"""Render one PNG per pedw chart into ``docs/_static/gallery/`` (shown in docs/howto/plots.md).

Run from the repository root::

    python tools/make_gallery.py

Every chart is drawn from the real samples shipped with pedw (GGDC/UNU-WIDER ETD, ILOSTAT
earnings, ONS SDG files); the firm-level chart uses ``pedw.tfp.simulate`` (no firm microdata is
shipped) and the decoupling chart the worked example of the tests. Images are small (dpi 80).
Warnings are errors here, so the gallery also checks that the charts render cleanly.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from pedw import datasets, plot, sdg, tfp
from pedw.decompose import firm, regional, sectoral
from pedw.io import read_ilostat, read_sdg
from pedw.wages import decoupling, gap_index, gender_pay_gap

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "_static" / "gallery"
SAMPLES = ROOT / "src" / "pedw" / "data" / "samples"
MERGE_L = {"L": "J+M+N"}  # ETD real estate (zero employment in places) into business services
LATAM = ["ARG", "BOL", "BRA", "CHL", "COL", "CRI", "ECU", "MEX", "PER"]


def _quiet(func: Callable[[], Any]) -> Any:
    """Load data with the loaders' own (documented) warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func()


def main() -> int:
    """Render every chart of the gallery; return the exit status."""
    OUT.mkdir(parents=True, exist_ok=True)
    etd = _quiet(lambda: datasets.load("etd"))
    ons = {
        c: _quiet(lambda c=c: read_sdg(SAMPLES / f"ons_indicator_{c}.csv"))
        for c in ("8-2-1", "8-5-1", "9-2-1", "9-2-2")
    }
    ear = _quiet(
        lambda: read_ilostat(SAMPLES / "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv")
    )
    warnings.simplefilter("error")

    charts: dict[str, Callable[[], Any]] = {}
    res = sectoral(etd[etd["ref_area"].isin(LATAM)], start=1990, end=2018, sector_map=MERGE_L)
    charts["decomposition_bars"] = lambda: res.plot()
    ken = sectoral(
        etd[etd["ref_area"] == "KEN"], periods=[1990, 2000, 2010, 2018], sector_map=MERGE_L
    )
    charts["decomposition_bars_periods"] = lambda: ken.plot()
    charts["structural_change"] = lambda: plot.structural_change(res, data=etd, group="BRA")
    charts["sector_contributions_waterfall"] = lambda: plot.sector_contributions(res, group="BRA")
    charts["sector_contributions_diverging"] = lambda: plot.sector_contributions(
        res, group="BRA", kind="diverging"
    )

    sim = tfp.simulate(400, 8, exit_threshold=-0.3, seed=1)
    sim = sim.assign(productivity=sim["va"] - sim["labour"], weight=np.exp(sim["labour"]))
    charts["firm_bars"] = lambda: firm(sim, method="melitz_polanec", consecutive=True).plot()

    emp = etd[etd["ref_area"].isin(LATAM)].assign(sector=lambda d: d["sector"].replace(MERGE_L))
    emp = emp.groupby(["ref_area", "sector", "time"], as_index=False)["employment"].sum()
    emp.attrs = etd.attrs
    kw: dict[str, Any] = {"start": 1990, "end": 2018, "region": "ref_area", "industry": "sector"}
    charts["regional_bars"] = lambda: regional(emp, method="dunn", **kw).plot()
    charts["regional_bars_gerfin"] = lambda: regional(emp, method="gerfin", **kw).plot()

    code = {v["name"]: k for k, v in etd.attrs["pedw"]["areas"].items()}
    e = ear[(ear["sex"] == "SEX_T") & ear["classif1"].str.contains("National")]
    e = e.assign(ref_area=e["ref_area"].map(code)).dropna(subset=["ref_area"])
    tot = etd.groupby(["ref_area", "time"], as_index=False)[["value_added", "employment"]].sum()
    tot["productivity"] = tot["value_added"] / tot["employment"]
    gd = tot.merge(
        e[["ref_area", "time", "obs_value"]].rename(columns={"obs_value": "real_wage"}),
        on=["ref_area", "time"],
    )
    keep = ["BRA", "CRI", "ECU", "PER", "THA", "VNM"]
    gd = gd[gd["time"].between(2014, 2018) & gd["ref_area"].isin(keep)]
    gd = gd.assign(employees=gd["employment"])
    gd.attrs["pedw"] = {
        "source": "GGDC ETD (productivity); ILOSTAT EAR_4MTH (earnings)",
        "vintage": "15 July 2021; 2025-06-01",
    }
    units = {"real_wage": "2021 PPP $ per month", "productivity": "constant 2015 LCU per person"}
    charts["gap_chart"] = lambda: gap_index(gd, base=2014, weights="employees", units=units).plot()
    charts["gap_chart_countries"] = lambda: gap_index(gd, base=2014, units=units).plot()

    dec = pd.DataFrame(
        {
            "ref_area": ["A", "A", "B", "B"],
            "time": [2000, 2010] * 2,
            "productivity": [100.0, 120.0, 100.0, 130.0],
            "gdp_deflator": [1.0, 1.2, 1.0, 1.1],
            "cpi": [1.0, 1.3, 1.0, 1.2],
            "mean_compensation": [50.0, 70.0, 50.0, 66.0],
            "median_compensation": [40.0, 52.0, 40.0, 50.0],
            "median_wage": [35.0, 44.0, 35.0, 43.0],
        }
    )
    charts["decoupling_bars"] = lambda: decoupling(dec, start=2000, end=2010).plot()

    tot.attrs = etd.attrs
    six = tot[tot["ref_area"].isin(["ETH", "GHA", "KEN", "NGA", "TZA", "ZAF"])]
    charts["sdg_panels_countries"] = lambda: sdg.gdp_per_employed_growth(
        six, gdp="value_added"
    ).plot()
    both = pd.concat([ons["8-2-1"], ons["9-2-1"], ons["9-2-2"]], ignore_index=True)
    charts["sdg_panels_indicators"] = lambda: plot.sdg_panels(both, by="indicator")
    flagged = ear[ear["ref_area"].isin(["Afghanistan", "Brazil", "Peru"])]
    flagged = flagged[flagged["classif1"].str.contains("National")].rename(
        columns={"obs_value": "value"}
    )
    charts["sdg_panels_flags"] = lambda: plot.sdg_panels(
        flagged.drop(columns=["sex_label", "obs_status_label"]), ncols=3, where={"sex": "SEX_T"}
    )
    raw851 = pd.read_csv(SAMPLES / "ons_indicator_8-5-1.csv")
    gpg = _quiet(lambda: gender_pay_gap(raw851, statistic="mean", earnings_period="hourly"))
    charts["indicator_lines"] = lambda: gpg.plot()

    for name, draw in charts.items():
        out = draw()
        fig = out if isinstance(out, plt.Figure) else out.figure
        fig.savefig(OUT / f"{name}.png", dpi=80, bbox_inches="tight")
        plt.close(fig)
        print(f"wrote {OUT.relative_to(ROOT) / (name + '.png')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
