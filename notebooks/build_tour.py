"""Build and execute notebooks/tour.ipynb (the executed examples of the README).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_tour.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).parent

CELLS = [
    ("md", """# kzregions: a tour

Boundaries of both vintages, statistics joined without losing a row, programme regions that cut
across oblasts, a typology of the oblasts, inequality and clusters, and a remoteness surface.
Every figure comes from the shipped data (Bureau of National Statistics) and the geokz boundaries
(A. Rodionov, CC BY 4.0)."""),
    ("code", """import pandas as pd

import kzregions as kz

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
kz.settings"""),
    ("md", "## 1. Boundaries and names"),
    ("code", """obl = kz.oblasts(2024)
print(len(obl), "units in 2024;", len(kz.oblasts(2018)), "in 2018;", len(kz.districts(2024)), "districts")
[kz.resolve(q).label() for q in ["Nur-Sultan", "Кзыл-Ординской области", "Челкарского района", "Dzhambul"]]"""),
    ("code", """x = kz.crosswalk(2018, 2024, level=1)
x[x["relation"] != "same"][["from_name_en", "to_name_en", "share", "relation"]]"""),
    ("md", "## 2. Statistics: a join that reports what it could not match"),
    ("code", """pan = kz.panel("unemployment_rate", years=2021)
gdf = kz.attach(kz.oblasts(2024), pan)
gdf.attrs["join_report"]"""),
    ("md", """Unemployment of 2021 was measured on the 2018 boundaries. Seven of the 2024 units did not exist
or changed in 2022, so they get no value rather than a wrong one; `to_vintage` carries the
2018 figures onto the 2024 units explicitly, with population weights."""),
    ("code", """p21 = pan[["kato", "unemployment_rate"]]
kz.to_vintage(p21, "unemployment_rate", 2018, 2024, kind="intensive", method="population").head(8)"""),
    ("md", """## 3. Programme regions: the Aral Sea zones

The zones of the law of 30 June 1992 (text of 2018): 17 districts of four oblasts of the time,
plus Turkistan, Kyzylorda and Baikonur cities. Members named in the law's Russian (genitive case,
old spellings) are matched to units; partial members (settlements of former districts, rural
okrugs) are drawn whole and flagged, so their areas are upper bounds."""),
    ("code", """aral = kz.programme("aral_sea")
aral"""),
    ("code", """zones = ["ecological_disaster", "ecological_crisis", "ecological_pre_crisis"]
kz.categorical_map(aral.geometry, "zone", labels=False, categories=zones, outline=kz.oblasts(2018),
                   colors=dict(zip(zones, ["#b2182b", "#ef8a62", "#fddbc7"])),
                   title="Aral Sea region: zones of the 1992 law (2018 text)",
                   subtitle="over the oblasts of 2018; partial members drawn whole",
                   source="Law No. 1468-XII of 30 June 1992, arts. 3-5")"""),
    ("code", """c = aral.composition()
c[c["level"] == 1][["vintage", "name_en", "area_inside_km2", "share_of_unit", "share_of_region",
                    "upper_bound", "population_inside"]].round(3)"""),
    ("md", """Which oblasts does the zone cut across? In the oblasts of the time: all of Kyzylorda, two
thirds of Aktobe, three quarters of Turkistan (South Kazakhstan) and the Ulytau district of
Karaganda. On today's map the last one lies in Ulytau oblast: the same territory, another oblast.
`upper_bound` marks units where a partial member sits, so the area and the population inside are
at most these figures."""),
    ("md", """## 4. Typology of the oblasts

Rules with explicit thresholds (`kz.Thresholds`): GRP per capita in 2021 against the national
level, and its growth in 2008-2014 and 2014-2021 relative to the national rate (the figures are in
current prices, so the national rate carries the common inflation). The 2018 boundaries are used
because per-capita GRP of the 2022 units starts in 2022."""),
    ("code", """p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2008, 2022))
t = kz.typology(p, indicator="grp_per_capita", start=2008, end=2021, vintage=2018)
t.table[["name_en", "type", "reason"]]"""),
    ("code", """t.plot(subtitle="GRP per capita: level 2021; growth 2008-2014 and 2014-2021 against Kazakhstan's; 2018 boundaries",
       source="Bureau of National Statistics")"""),
    ("md", "TYPOLOGY_READING"),
    ("code", """ineq = kz.inequality(kz.panel("grp_per_capita", years=range(2008, 2022), vintage=2018), "grp_per_capita", by="year")
ineq[["n", "cv", "gini", "theil_t", "max_min_ratio"]].round(3)"""),
    ("code", """kz.convergence(kz.panel("grp_per_capita", years=range(2008, 2022), vintage=2018), "grp_per_capita")"""),
    ("code", """d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
d = kz.derive(d, density="population_start_of_year")
sa = kz.spatial_autocorrelation(d, "population_start_of_year_density")
print(sa, *sa.notes, sep="\\n")
sa.plot(title="Population density of districts, 1 January 2023: local Moran clusters")"""),
    ("md", """## 5. Remoteness: distance to the nearest regional centre

Districts far from markets were a main problem of the 1999 depressed districts. The distance from
every 5 km cell to the nearest of the 21 administrative centres (Euclidean, in the equidistant
conic for Kazakhstan), summarised per district."""),
    ("code", """r = kz.remoteness(kz.centres(2024), resolution=5000)
z = kz.zonal_stats(r, kz.districts(2024), stats=["mean", "max"])
dist = kz.attach(kz.districts(2024), z.reset_index().rename(columns={"mean": "remoteness_km", "max": "max_km"}))
m = kz.choropleth(dist, "remoteness_km", scheme="fisher_jenks", k=6, cmap="PuBu",
                  title="Remoteness: mean distance to the nearest regional centre",
                  subtitle="km, districts of 2024; 5 km grid", legend_kwds={"title": "km"})
m"""),
    ("code", """dist.sort_values("remoteness_km", ascending=False)[["name_en", "oblast_en", "remoteness_km", "max_km"]].head(8).round(0)"""),
]


def reading(nb_globals_table) -> str:
    """Plain-language reading of the typology, written from the computed table."""
    t = nb_globals_table
    by = {k: ", ".join(t.loc[t["type"] == k, "name_en"]) for k in t["type"].unique()}
    parts = ["**Reading.**"]
    if "growth pole" in by:
        parts.append(f"The growth poles are {by['growth pole']}: richest per head and still pulling away.")
    if "depressed" in by:
        parts.append(f"{by['depressed']} is depressed in the planners' sense: it grew faster than the country "
                     "in 2008-2014 and has lagged since.")
    if "pioneer" in by:
        parts.append(f"{by['pioneer']} are 'pioneer': below the national level, growing fast, thinly settled.")
    if "stagnating" in by:
        parts.append(f"{by['stagnating']} is stagnating: poor and falling further behind.")
    if "catching up" in by:
        parts.append(f"{by['catching up']} are poor but catching up.")
    if "developed/stable" in by:
        d = t[t["type"] == "developed/stable"]
        parts.append(f"{by['developed/stable']} meet no rule: levels {d['level_index'].min():.0f} to "
                     f"{d['level_index'].max():.0f} (Kazakhstan = 100), with late growth between "
                     f"{d['growth_late'].min():+.1f} and {d['growth_late'].max():+.1f} points a year against "
                     "the country's.")
    if "unclassified" in by:
        parts.append(f"{by['unclassified']} cannot be typed: per-capita GRP exists on their boundaries only from 2018.")
    parts.append("The thresholds are choices, not facts: change `kz.Thresholds` and the table says why each "
                 "region moves.")
    return " ".join(parts)


def main() -> None:
    import kzregions as kz

    p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2008, 2022))
    table = kz.typology(p, indicator="grp_per_capita", start=2008, end=2021, vintage=2018).table
    nb = nbformat.v4.new_notebook()
    for kind, text in CELLS:
        if text == "TYPOLOGY_READING":
            text = reading(table)
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    out = HERE / "tour.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
