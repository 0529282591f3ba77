"""Generate the tutorial notebooks in ``notebooks/`` from the cell sources below.

The notebooks are written WITHOUT outputs so that they are reviewable as diffs; CI executes them
(``tests/test_notebooks.py``). Edit the cells here, then run::

    python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks"

Cell = tuple[str, str]  # ("md" | "code", source)


def md(text: str) -> Cell:
    """Return a Markdown cell."""
    return ("md", text.strip("\n"))


def code(text: str) -> Cell:
    """Return a code cell."""
    return ("code", text.strip("\n"))


SETUP = code(
    """
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

import pedw
from pedw import datasets

pd.set_option("display.width", 120)
pedw.__version__
"""
)

NOTEBOOKS: dict[str, list[Cell]] = {
    "01_quickstart": [
        md(
            """
# pedw quickstart

pedw reads the real extracts economists use (ILOSTAT, World Bank, UN SDG / Open SDG, GGDC) into one
tidy schema and computes productivity decompositions, wage analytics and SDG indicators whose
results carry units, sources and citations. Everything here runs offline on the samples shipped
with pedw.
"""
        ),
        SETUP,
        md("## The shipped samples\n\nEach has a producer, vintage, licence and citation."),
        code('datasets.list_datasets()[["name", "producer", "vintage", "licence"]]'),
        md(
            """
## Read a file

`pedw.io.read` recognises the format from the content; the provenance and the row accounting
travel in `df.attrs["pedw"]`.
"""
        ),
        code(
            """
from pedw import io

ken = io.read(datasets.path("etd"), ref_area="KEN")
meta = ken.attrs["pedw"]
print(meta["reader"], "|", meta["price_basis"], "|", meta["labour_unit"])
ken.head()
"""
        ),
        md(
            """
## Where did productivity growth come from?

The classic three-term decomposition of aggregate labour productivity (Timmer & Szirmai 2000;
de Vries, Timmer & de Vries 2015, doi:10.1080/00220388.2014.997222), annualised:
"""
        ),
        code(
            """
from pedw.decompose import sectoral

res = sectoral(ken, start=1990, end=2018, method="classic", scale="annual")
res.components
"""
        ),
        code("res.summary()"),
        code(
            """
# the identity is checked when the result is built: the terms add up to the total
comp = res.components
err = float((comp[["within", "static", "dynamic"]].sum(axis=1) - comp["total"]).abs().max())
assert err < 1e-12
err
"""
        ),
        code("ax = res.plot()"),
        md(
            """
## The whole profile in one call

`pedw profile` on the command line does the same as `build_profile(...).write(...)`.
"""
        ),
        code(
            """
import tempfile
from pathlib import Path

from pedw.profile import build_profile

report = build_profile("KEN")
out = Path(tempfile.mkdtemp()) / "pedw-profile-KEN"
files = report.write(out, formats=("html", "csv"))
[(s.title, s.status) for s in report.sections]
"""
        ),
    ],
    "02_structural_change_etd": [
        md(
            """
# Structural change on the Economic Transformation Database

We replicate the structural-change decomposition of McMillan, Rodrik & Verduzco-Gallo (2014,
doi:10.1016/j.worlddev.2013.10.012) on the GGDC/UNU-WIDER ETD (de Vries et al. 2021,
doi:10.35188/UNU-WIDER/WTN/2021-2) for 1990-2018, and compare four conventions: classic
(within/static/dynamic), McMillan-Rodrik (within/structural), Shapley (midpoint weights) and
GEAD (Tang & Wang 2004; Dumagan 2013), which uses relative prices.
"""
        ),
        SETUP,
        code(
            """
from pedw.decompose import sectoral

etd = datasets.load("etd")
countries = ["ETH", "GHA", "KEN", "TZA", "IND", "VNM", "BRA", "MEX"]
panel = etd[etd["ref_area"].isin(countries)]
panel.attrs = etd.attrs
panel.groupby("ref_area")["time"].agg(["min", "max"])
"""
        ),
        md(
            """
**A real-data quirk.** In the ETD, Real estate (L) has value added (imputed rents) but zero
employment in several countries (e.g. India), so its productivity is undefined and `sectoral`
refuses it. We merge it into Business services (J+M+N) for every country, and say so.
"""
        ),
        code(
            """
zero = panel[(panel["employment"] == 0) & (panel["value_added"] > 0)]
zero.groupby(["ref_area", "sector"]).size()
"""
        ),
        code(
            """
opts = dict(start=1990, end=2018, scale="annual", sector_map={"L": "J+M+N"})
results = {
    "classic": sectoral(panel, method="classic", **opts),
    "mcmillan_rodrik": sectoral(panel, method="mcmillan_rodrik", **opts),
    "shapley": sectoral(panel, method="shapley", **opts),
    "gead": sectoral(panel, method="gead", output_nominal="value_added_nominal", **opts),
}
table = pd.concat(
    {m: r.components.set_index("ref_area")[list(r.terms) + ["total"]] for m, r in results.items()},
    axis=1,
)
(100 * table).round(2)  # % per year
"""
        ),
        md(
            """
All four add up to the same total (the compound annual growth of aggregate productivity); they
differ in how they split it. The classic `static + dynamic` equals McMillan-Rodrik's
`structural`:
"""
        ),
        code(
            """
c, mr = results["classic"].components, results["mcmillan_rodrik"].components
err = float(((c["static"] + c["dynamic"]) - mr["structural"]).abs().max())
assert err < 1e-12
err
"""
        ),
        code(
            """
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
results["classic"].plot(ax=axes[0])
results["mcmillan_rodrik"].plot(ax=axes[1])
fig.tight_layout()
"""
        ),
        md("## Structural-change scatter (McMillan & Rodrik, Figure 1 style)"),
        code(
            """
from pedw import plot

ind = results["mcmillan_rodrik"]
ax = plot.structural_change(ind, data=panel, group="IND", productivity_at="end")
"""
        ),
        md("## Sub-periods\n\nDecades, chained from the same panel:"),
        code(
            """
sub = sectoral(
    panel[panel["ref_area"].isin(["ETH", "KEN"])],
    periods=[1990, 2000, 2010, 2018],
    method="mcmillan_rodrik",
    scale="annual",
    sector_map={"L": "J+M+N"},
)
terms = ["within", "structural", "total"]
(100 * sub.components.set_index(["ref_area", "start", "end"])[terms]).round(2)
"""
        ),
    ],
    "03_wages_and_pay_gap": [
        md(
            """
# Wages, productivity and the gender pay gap

1. The wage-productivity gap for the United Kingdom from real data: ILOSTAT average monthly
   earnings in 2021 PPP $ against an index of real GDP per employed person chained from the ONS
   SDG 8.2.1 growth rates.
2. Decoupling on a **clearly labelled illustrative dataset** (the shipped samples have no median
   wage or deflator series).
3. The gender pay gap (SDG 8.5.1) from ONS mean hourly earnings, and from ILOSTAT monthly earnings.
"""
        ),
        SETUP,
        code(
            """
import numpy as np

from pedw.wages import decoupling, gap_index

ear = datasets.load("ilostat_earnings")
uk = ear[
    ear["ref_area"].str.startswith("United Kingdom")
    & (ear["sex"] == "SEX_T")
    & ear["classif1"].str.contains("National")
]
wages = uk[["time", "obs_value"]].rename(columns={"obs_value": "real_wage"})
ons = datasets.load("sdg_gbr_8.2.1")[["time", "value"]].sort_values("time")
prod = pd.DataFrame(
    {"time": ons["time"], "productivity": 100 * np.cumprod(1 + ons["value"].to_numpy() / 100)}
)
both = wages.merge(prod, on="time").assign(ref_area="GBR")
both
"""
        ),
        code(
            """
gap = gap_index(
    both,
    base=2014,
    units={
        "real_wage": "2021 PPP $ per month",
        "productivity": "index of real GDP per employed person",
    },
)
gap.components
"""
        ),
        code(
            """
from pedw import plot

ax = plot.gap_chart(gap)
"""
        ),
        md(
            """
## Decoupling (illustrative numbers, not data)

The decomposition of the gap between productivity growth and median real wage growth
(Sharpe, Arsenault & Harrison 2008; Pessoa & Van Reenen 2013) into a labour-share term, a
terms-of-trade (deflator) term and a wage-inequality term. The series below are **invented** to
show the mechanics.
"""
        ),
        code(
            """
illustrative = pd.DataFrame(
    {
        "ref_area": "ILLUSTRATIVE",
        "time": [2000, 2010],
        "productivity": [100.0, 120.0],
        "gdp_deflator": [100.0, 125.0],
        "cpi": [100.0, 130.0],
        "mean_compensation": [100.0, 140.0],
        "median_compensation": [100.0, 134.0],
        "median_wage": [100.0, 132.0],
    }
)
units = {c: "index, 2000 = 100 (illustrative)" for c in illustrative.columns[2:]}
dec = decoupling(illustrative, start=2000, end=2010, units=units)
dec.components
"""
        ),
        md("## Gender pay gap, SDG 8.5.1 (ONS mean hourly earnings, ASHE)"),
        code(
            """
from pedw import sdg

o = datasets.load("sdg_gbr_8.5.1")
others = [c for c in o.columns if c not in
          ("ref_area", "indicator", "time", "value", "unit", "obs_status", "series",
           "unit_multiplier", "sex", "geo_code")]
ashe = o["series"].astype(str).str.contains("ASHE")
cells = o[ashe & o[others].isna().all(axis=1) & o["sex"].notna()]
cells = cells[["ref_area", "time", "sex", "value"]].rename(columns={"value": "earnings"})
cells["sex"] = cells["sex"].astype(str)
gpg = sdg.gender_pay_gap(cells, currency="GBP")
gpg.to_frame()[["time", "value", "unit"]].tail()
"""
        ),
        md(
            """
## The same gap on ILOSTAT monthly earnings, many countries

Monthly earnings also reflect hours worked, so this is not the SDG 8.5.1 (hourly) definition.
"""
        ),
        code(
            """
nat = ear[ear["classif1"].str.contains("National") & ear["sex"].isin(["SEX_M", "SEX_F"])]
latest = nat[nat["time"] == nat.groupby("ref_area")["time"].transform("max")]
latest = latest.drop_duplicates(["ref_area", "time", "sex"])
monthly = latest[["ref_area", "time", "sex", "obs_value"]].rename(columns={"obs_value": "earnings"})
g = sdg.gender_pay_gap(monthly, currency="2021 PPP $").to_frame()
g.sort_values("value", ascending=False)[["ref_area", "time", "value"]].head(10)
"""
        ),
    ],
    "04_sdg_indicators": [
        md(
            """
# SDG indicators from ILOSTAT extracts, with regional aggregates

pedw computes the SDG indicators as their custodians define them and forms regional aggregates
as ratios of sums with coverage (ILO/UNSD practice), never as means of ratios.
"""
        ),
        SETUP,
        code(
            """
from pedw import sdg

emp = datasets.load("ilostat_employment_gbr")
mes = sdg.manufacturing_employment_share(emp, isic="latest")
mes.to_frame().query("sex == 'SEX_T'").tail()
"""
        ),
        md(
            """
The extract holds ISIC Rev.2, Rev.3 and Rev.4 rows; `isic="latest"` takes the most recent
revision of each year and flags the classification break. Compare with the ONS published series:
"""
        ),
        code(
            """
ons = datasets.load("sdg_gbr_9.2.2")
extra = [c for c in ("sex", "age", "region", "disability_status", "ethnicity", "nationality",
                     "country_of_birth") if c in ons.columns]
ons_a = ons[(ons["freq"] == "A") & ons[extra].isna().all(axis=1)]
ons_a = ons_a.assign(time=ons_a["time"].astype(int))[["time", "value"]]
ilo = mes.to_frame().query("sex == 'SEX_T'")[["time", "value"]]
ilo.merge(ons_a, on="time", suffixes=("_pedw_ilostat", "_ons")).tail()
"""
        ),
        md(
            """
## A regional aggregate: manufacturing employment share across ETD countries

From the ETD's persons engaged, by World Bank region (WDICountry). The aggregate is
`100 * sum(manufacturing) / sum(total)` over the countries of each region.
"""
        ),
        code(
            """
etd = datasets.load("etd")
tot = etd.groupby(["ref_area", "time"], as_index=False)["employment"].sum()
man = etd[etd["sector"] == "C"][["ref_area", "time", "employment"]]
frame = man.merge(tot, on=["ref_area", "time"], suffixes=("_man", "_total"))
frame = frame[frame["time"] == 2018]
wdi = datasets.load("wdi_country").set_index("ref_area")["region"]
agg = sdg.aggregate(
    frame,
    groups=wdi.dropna(),
    numerator="employment_man",
    denominator="employment_total",
    code="9.2.2",
)
agg.to_frame()
"""
        ),
        md("## Published panels (ONS Open SDG files)"),
        code(
            """
from pedw import plot

fig = plot.sdg_panels(datasets.load("sdg_gbr_8.2.1"), by="indicator")
"""
        ),
    ],
    "05_firm_level": [
        md(
            """
# Firm-level productivity decompositions (synthetic enterprise data), with pandas and Dask

Aggregate productivity is the share-weighted mean of firm productivity. We decompose its change
into within-firm growth, reallocation among survivors, entry and exit (Olley & Pakes 1996;
Melitz & Polanec 2015, doi:10.1111/1756-2171.12088; Foster, Haltiwanger & Krizan 2001). The
enterprise panel below is **synthetic** (generated here with a fixed seed).
"""
        ),
        SETUP,
        code(
            """
import numpy as np

rng = np.random.default_rng(42)
n = 2000
rows = []
for year in (2015, 2016, 2017, 2018):
    alive = rng.random(n) > 0.1  # about 10% of the firm ids are absent each year
    firm = np.arange(n)[alive]
    rows.append(
        pd.DataFrame(
            {
                "industry": np.where(firm % 3 == 0, "C10", "C25"),
                "firm": firm,
                "time": year,
                "productivity": np.exp(rng.normal(0.02 * (year - 2015), 0.5, firm.size)),
                "weight": rng.lognormal(3, 1, firm.size),
            }
        )
    )
firms = pd.concat(rows, ignore_index=True)
firms.head()
"""
        ),
        code(
            """
from pedw.decompose import firm

mp = firm(firms, method="melitz_polanec", start=2015, end=2018, by="industry")
mp.components
"""
        ),
        code(
            """
op = firm(firms, method="olley_pakes", by="industry")
op.components.head()
"""
        ),
        code('ax = mp.plot(group="C25")'),
        md(
            """
## The same on Dask

A `distributed.LocalCluster` bound to 127.0.0.1 (no network needed); pedw runs the decomposition
on the cluster and returns the same numbers.
"""
        ),
        code(
            """
import dask.dataframe as dd
from distributed import Client, LocalCluster

cluster = LocalCluster(
    n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
)
client = Client(cluster)
ddf = dd.from_pandas(firms, npartitions=4)
mp_dask = firm(ddf, method="melitz_polanec", start=2015, end=2018, by="industry")
cols = list(mp.terms) + ["total"]
err = float((mp_dask.components[cols] - mp.components[cols]).abs().max().max())
assert err < 1e-9
err
"""
        ),
        code(
            """
client.close()
cluster.close()
"""
        ),
    ],
}


def build(name: str, cells: list[Cell]) -> nbformat.NotebookNode:
    """Assemble one notebook (no outputs)."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, src in cells:
        nb.cells.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    return nb


def main() -> None:
    """Write every notebook."""
    OUT.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nb = build(name, cells)
        nbformat.validate(nb)
        nbformat.write(nb, OUT / f"{name}.ipynb")
        print(OUT / f"{name}.ipynb")


if __name__ == "__main__":
    main()
