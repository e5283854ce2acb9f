"""Build and execute notebooks/07_functional_regions.ipynb: which districts form functional
economic regions? Catchments of the regional centres, functional regions from flows, and
homogeneous regions for contrast.

Run from the repository root:
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_07_functional_regions.py
(needs the ``docs`` extra: pip install ".[docs]").
"""

from __future__ import annotations

from _build import SETUP, build

CELLS = [
    ("md", """# Which districts form functional economic regions?

Oblast borders are administrative; economic life gathers around cities and crosses them. Regional
policy calls the regions that result **nodal** (or functional) regions, as against **homogeneous**
regions of units that are alike. This notebook builds both for the 224 districts and cities of 2024:

1. **Catchments** of the 21 administrative centres: to which centre does each district gravitate
   (Huff's model, Reilly's law, the nearest centre)?
2. **Functional regions** from flows between districts: Intramax grouping and network communities,
   with their self-containment.
3. **Homogeneous regions** of similar settlement density with at least a million residents each
   (max-p), and how far the three groupings agree.

Data: district population on 1 January 2023 (Bureau of National Statistics, shipped with kzregions;
5 of the 224 units have no figure and are reported, never filled in), the administrative centres and
boundaries of 2024 (geokz, A. Rodionov, CC BY 4.0).

**No origin-destination matrix is published for Kazakhstan** at district level (the Bureau publishes
migration by oblast, not flows between districts), so part 2 runs on flows from a **gravity model**
(each district sends 30 % of its residents' trips to the others in proportion to their population
over distance squared). Those regions show what the method does with a plausible structure; they are
not a finding about real commuting. With a real flow table (`origin`, `destination`, `flow`), the
same call gives the real answer."""),
    ("code", SETUP),
    ("code", """import numpy as np

from kzregions.functional import gravity_flows
from kzregions.homogeneous import adjusted_rand

POP = "population_start_of_year"
d = kz.attach(kz.districts(2024), kz.panel(POP, level="district", years=2023))
d["log_density"] = np.log(d[POP] / d["area_km2"])
centres = kz.centres(2024)
print(len(d), "units;", int(d[POP].notna().sum()), "with a 2023 population;", len(centres), "centres")"""),
    ("md", """## 1. Catchments of the regional centres

Huff's model gives each district a probability of turning to each centre, proportional to the
centre's size over the squared geodesic distance; the district goes to the most probable centre.
A centre's size is the population of its own unit(s) (all districts of Astana, Almaty and Shymkent
for the three cities). Where one of those districts has no 2023 figure, the size counts the others
only, and the result says so."""),
    ("code", """huff = kz.catchments(d, centres, method="huff", column=POP)
print(huff)
print("size left incomplete:", huff.diagnostics["attraction_missing"])
huff.regions[["name_en", "n_units", POP, f"expected_{POP}", "area_km2"]].round(0).head(10)"""),
    ("code", """prob = huff.diagnostics["probabilities"]
best = prob.max(axis=1)
contested = best[best < 0.5]
won = huff.regions.set_index("name_en")
top3 = won[POP].sort_values(ascending=False).head(3)
share3 = top3.sum() / d[POP].sum()
no_unit = sorted(set(centres["name_en"]) - set(huff.regions["name_en"]))
display(Markdown(
    f"**Reading.** {len(huff.regions)} of the {len(centres)} centres draw at least one district; "
    + (f"{', '.join(no_unit)} win{'s' if len(no_unit) == 1 else ''} no district, not even {'its' if len(no_unit) == 1 else 'their'} own "
       f"(a larger centre nearby pulls harder under Huff's model). " if no_unit else "")
    + f"The three largest catchments ({', '.join(top3.index)}) hold {share3:.0%} of the residents with a 2023 figure. "
    f"{len(contested)} of {len(prob)} districts turn to their most probable centre with a probability under one half: "
    f"they sit between two or more centres of similar pull."))"""),
    ("code", """show(huff.plot(lang="kk"), dpi=55)"""),
    ("md", """Reilly's law draws the same picture with a hard line: a district goes to the centre with the
largest size over distance squared, and between two centres the *breaking point* lies
`d / (1 + sqrt(P_b / P_a))` km from centre `a`. The nearest-centre rule ignores size."""),
    ("code", """reilly = kz.catchments(d, centres, method="reilly", column=POP)
nearest = kz.catchments(d, centres, method="nearest")
bp = reilly.diagnostics["breaking_points"]
names = centres.set_index("kato")["name_en"]
pair = bp[(bp["centre_a"] == "710000000") & (bp["centre_b"] == "351010000")].iloc[0] if \\
    ((bp["centre_a"] == "710000000") & (bp["centre_b"] == "351010000")).any() else \\
    bp[(bp["centre_a"] == "351010000") & (bp["centre_b"] == "710000000")].iloc[0]
same_hr = (huff.units["centre"] == reilly.units["centre"]).mean()
same_hn = (huff.units["centre"] == nearest.units["centre"]).mean()
display(Markdown(
    f"**Reading.** Between {names[pair['centre_a']]} and {names[pair['centre_b']]} ({pair['distance_km']:.0f} km apart) "
    f"the breaking point lies {pair['breaking_point_km']:.0f} km from {names[pair['centre_a']]}. "
    f"Reilly's rule is Huff's most probable centre (the same size over distance squared), so the two agree on "
    f"{same_hr:.0%} of the districts; Huff adds how sure each assignment is. Huff and the nearest centre agree on "
    f"{same_hn:.0%}: size pulls "
    f"{(1 - same_hn) * len(d):.0f} districts past a nearer, smaller centre."))
bp.assign(a=bp["centre_a"].map(names), b=bp["centre_b"].map(names)).sort_values("distance_km")[
    ["a", "b", "distance_km", "breaking_point_km"]].head(8).round(0)"""),
    ("md", """## 2. Functional regions from flows (gravity model)

Intramax (Masser and Brown) merges, step by step, the two groups that exchange most relative to
their total outflows and inflows; with `contiguous=True` only neighbours merge. Self-containment is
the share of a region's outgoing flows that stay inside (supply side) and of its incoming flows that
come from inside (demand side); travel-to-work areas in the United Kingdom ask for about 0.67 of
each. How many regions? The table scans a few numbers."""),
    ("code", """flows = gravity_flows(d, POP, share=0.3)
print(flows.attrs["note"])
oblast_code = d["oblast_kato"].rank(method="dense")
rows = []
for k in (8, 12, 16, 20):
    r = kz.functional_regions(d, flows, n_regions=k, contiguous=True, column=POP)
    crossing = sum(d.set_index("kato").loc[m, "oblast_kato"].nunique() > 1 for m in r.regions["members"])
    rows.append({"regions": k, "self_containment_mean": r.diagnostics["self_containment_mean"],
                 "lowest_supply": r.regions["self_containment_supply"].min(),
                 "crossing_oblast_borders": crossing, "modularity": r.diagnostics["modularity"]})
scan = pd.DataFrame(rows).set_index("regions")
scan.round(3)"""),
    ("code", """func = kz.functional_regions(d, flows, n_regions=12, contiguous=True, column=POP)
cross = [r for r, m in zip(func.regions["name_en"], func.regions["members"])
         if d.set_index("kato").loc[m, "oblast_kato"].nunique() > 1]
low = func.regions.sort_values("self_containment_supply").iloc[0]
display(Markdown(
    f"**Reading.** With the modelled flows, {scan['crossing_oblast_borders'].min()} to "
    f"{scan['crossing_oblast_borders'].max()} of the regions cross an oblast border whatever their number "
    f"(8 to 20). At 12 regions, {len(cross)} do ({', '.join(cross)}); the least self-contained is {low['name_en']} "
    f"({low['self_containment_supply']:.0%} of its outflows stay inside). Self-containment is high everywhere "
    f"because the model keeps 70 % of every district's trips at home: it is a property of the model's share, "
    f"not of Kazakhstan."))
func.regions[["name_en", "core", "n_units", POP, "self_containment_supply", "self_containment_demand"]].round(3)"""),
    ("code", """show(func.plot(lang="ru"), dpi=55)"""),
    ("code", """show(func.plot(lang="kk"), dpi=55)"""),
    ("md", """Network communities (Louvain, `networkx`) find their own number of regions from the same flows;
`contiguous=True` splits a community that is not in one piece."""),
    ("code", """comm = kz.functional_regions(d, flows, method="communities", contiguous=True, seed=0, column=POP)
print(comm)
units_oblast = d["oblast_kato"].rank(method="dense").reset_index(drop=True)
display(Markdown(
    f"**Reading.** Louvain finds {len(comm.regions)} regions (modularity {comm.diagnostics['modularity']:.3f}, "
    f"against {func.diagnostics['modularity']:.3f} for Intramax with 12). Agreement with the oblasts "
    f"(adjusted Rand index, 1 = the same grouping, 0 = chance): Intramax {adjusted_rand(func.units['region'], units_oblast):.2f}, "
    f"communities {adjusted_rand(comm.units['region'], units_oblast):.2f}."))"""),
    ("md", """## 3. Homogeneous regions, for contrast

Max-p builds as many contiguous regions as a floor of one million residents allows, as alike as
possible in (log) population density. Units without a figure are left out and listed; the city of
Semey, an enclave whose surrounding district has no figure, is linked to its nearest district."""),
    ("code", """homo = kz.regionalize(d, "log_density", floor=1_000_000, floor_column=POP)
print(homo)
homo.unassigned"""),
    ("code", """# log_density is our own column: column_labels names it in the map's language
show(homo.plot(lang="ru", column_labels={"log_density": "логарифм плотности населения"}), dpi=55)"""),
    ("code", """cmp = kz.compare_regionalizations(homo, func, comm, huff, names=["max-p", "intramax", "communities", "huff"],
                                  columns="log_density")
best = cmp["within_variance_share"].idxmin()
display(Markdown(
    f"**Reading.** Max-p finds {homo.diagnostics['n_regions']} regions of at least a million residents each "
    f"(every floor met: {homo.diagnostics['floor_met']}); they keep {homo.diagnostics['within_variance_share']:.0%} of the "
    f"variance of log density inside regions, against {cmp.loc['intramax', 'within_variance_share']:.0%} "
    f"for the functional regions. The homogeneous and nodal groupings agree little "
    f"(adjusted Rand index {cmp.loc['max-p', 'ari:intramax']:.2f} with Intramax, {cmp.loc['max-p', 'ari:huff']:.2f} with the Huff "
    f"catchments): a city and its sparsely settled hinterland belong together functionally and apart by density. "
    f"The most internally alike grouping here is {best}."))
cmp.round(3)"""),
    ("md", """## 4. Built regions as programme regions

Every result converts to a `ProgrammeRegion` with one zone per region, so the maps, the atlas,
`assign` and `to_gpkg` work on it as on the regions of a legal act."""),
    ("code", """programme = func.to_programme("Functional regions (gravity model, 12)")
print(programme)
programme.geometry[["zone", "n_members", "area_km2"]].round(0).head()"""),
]

if __name__ == "__main__":
    build("07_functional_regions", CELLS, timeout=900)
