"""Build and execute notebooks/03_disparities.ipynb (issue 17).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_03_disparities.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from _build import SETUP, build

CELLS = [
    ("md", """
# Regional disparities, 2000-2023: how unequal, converging or not, which regions are which

Questions a regional-policy analyst is asked every planning cycle: **how unequal are the regions of
Kazakhstan, and is the gap closing? Is the inequality between large parts of the country or
inside them? Which regions are poles, which lag, and on which criteria? Do poor regions cluster?
Where is poverty, and how does it line up with human development?**

**Sources.** Gross regional product (GRP, current prices), population on 1 January, GRP per capita,
unemployment: Bureau of National Statistics (BNS), shipped with the package with the source on
every row. Poverty (share of the population with income below the subsistence minimum, SDG 1.2.1):
BNS SDG data (`kazstat/sdg-data-kazstat`). Subnational HDI: Global Data Lab, SHDI v6 (Smits &
Permanyer 2019). Boundaries: geokz by A. Rodionov (CC BY 4.0), after BNS.

**Units change over the period.** Figures up to 2017 are on the oblasts of that time (with South
Kazakhstan, 16 units), 2018-2021 on the 2018 set (South Kazakhstan split into Turkistan oblast and
Shymkent city: 17), from 2022 on the 2024 set (Abai, Zhetysu and Ulytau created: 20). Every row of
`kz.panel` says which set it was measured on; the measures below are computed on the units of each
year, and more, smaller units can by themselves raise measured inequality."""),
    ("code", SETUP),
    ("code", """
import warnings

# esda (Moran's I) imports tqdm.auto when it loads, which warns in a kernel without ipywidgets;
# nothing in this notebook draws a progress bar
warnings.filterwarnings("ignore", message="IProgress not found")"""),
    ("md", """
## 1. Inequality over 2000-2023

GRP per resident: GRP of the year divided by the population on 1 January of that year (both BNS),
with `kz.derive`. The shipped `grp_per_capita` (BNS's own, over average annual population) starts
only in 2008; this ratio reaches back to 2000. Years where the two are not on the same boundaries
(2021: GRP already on the 2024 set, population still on the 2018 set) or where one is missing (the
shipped data has no population on 1 January 2022) are left out, not patched. Weights: population."""),
    ("code", """
p = kz.panel("grp_total", "population_start_of_year", years=range(2000, 2024))
p = p.dropna(subset=["grp_total", "population_start_of_year"])   # a year's rows on one boundary set
p = kz.derive(p, per_capita="grp_total", population="population_start_of_year")
# a check that no year counts anyone twice or leaves anyone out: units cover the national population
nat = kz.panel("population_start_of_year", years=range(2000, 2024), national=True)
nat = nat[nat["kato"] == "000000000"].set_index("year")["population_start_of_year"]
cover = (p.groupby("year")["population_start_of_year"].sum() / nat).dropna()
print(f"units' population / national population, per year: {cover.min():.4f} to {cover.max():.4f}")
p.attrs["units"]["grp_total_per_capita"]"""),
    ("code", """
ineq = kz.inequality(p, "grp_total_per_capita", weights="population_start_of_year", by="year")
ineq[["n", "mean", "williamson", "gini", "theil_t", "theil_l", "max_min_ratio"]].round(3)"""),
    ("code", """
fig, ax = plt.subplots(figsize=(7, 3))
for col, style in [("gini", "k-o"), ("theil_t", "C0-s"), ("williamson", "C1-^")]:
    ax.plot(ineq.index, ineq[col], style, ms=3, label=col.replace("_", " ").capitalize())
for y, label in [(2017.5, "2018 set"), (2021.5, "2024 set")]:
    ax.axvline(y, color="0.6", lw=0.8, ls="--")
    ax.text(y + 0.2, ax.get_ylim()[1] * 0.97, label, fontsize=8, va="top", color="0.4")
ax.set(title="Inequality of GRP per resident between regions (population-weighted)", xlabel="")
ax.legend(fontsize=8, frameon=False, ncol=3, loc="lower left")
show(fig)"""),
    ("code", """
g = ineq["gini"]
peak = g.idxmax()
top2 = p[p["year"] == peak].nlargest(2, "grp_total_per_capita")["region_en"].str.replace(" Region", "")
inc = kz.panel("per_capita_nominal_cash_income", "population_start_of_year", years=2020)
gini_inc = kz.inequality(inc, "per_capita_nominal_cash_income", weights="population_start_of_year")["gini"].iloc[0]
display(Markdown(
    f"**Reading.** The population-weighted Gini of GRP per resident between regions was {g.loc[2000]:.2f} in 2000, "
    f"peaked at {g.max():.2f} in {peak} (highest GRP per resident that year: {' and '.join(top2)}), was {g.loc[2020]:.2f} in 2020 "
    f"and {g.loc[2023]:.2f} in 2023 on the 20 units of today. "
    f"The richest region produced {ineq.loc[2000, 'max_min_ratio']:.1f} times the poorest's GRP per resident in 2000 and "
    f"{ineq.loc[2023, 'max_min_ratio']:.1f} times in 2023. GRP counts output where it is produced, not income where "
    f"people live: the Gini of per-capita cash income between regions in 2020 was {gini_inc:.2f}, against "
    f"{g.loc[2020]:.2f} for GRP per resident."))"""),
    ("md", """
### Between and within the large regions: Theil decomposition

Theil T splits exactly into inequality **between** groups of regions and **within** them. Groups: the
six regions of Global Data Lab (`kz.hdi(year)["member_kato"]`: Almaty city, South, West, Central,
North, East), so the decomposition lines up with the HDI of section 5."""),
    ("code", """
def gdl_groups(year):
    h = kz.hdi(year)
    return {k: r.region.split(" (")[0] for r in h.itertuples() for k in r.member_kato}

decomp = {}
for year in [2000, 2020]:
    q = p[p["year"] == year].assign(group=lambda x, y=year: x["kato"].map(gdl_groups(y)))
    decomp[year] = kz.theil_decomposition(q, "grp_total_per_capita", "group", weights="population_start_of_year")
    print(year, decomp[year])
decomp[2020].groups.round(3)"""),
    ("code", """
d0, d1 = decomp[2000], decomp[2020]
grp = d1.groups.set_index("group")
rich = grp["mean"].idxmax()
poor = grp["mean"].idxmin()
q20 = p[p["year"] == 2020].assign(group=lambda x: x["kato"].map(gdl_groups(2020)))
w = (q20[q20["group"] == grp["theil_t"].idxmax()].set_index("region_en")["grp_total_per_capita"]
     .rename(lambda n: n.replace(" Region", "")).sort_values())
display(Markdown(
    f"**Reading.** Between the six large regions lies {d0.t_between / d0.t:.0%} of Theil T in 2000 and "
    f"{d1.t_between / d1.t:.0%} in 2020: most of the inequality is between parts of the country, not inside them. "
    f"In 2020 GRP per resident was highest in {rich} ({grp.loc[rich, 'mean']:,.0f} thousand KZT) and lowest in "
    f"{poor} ({grp.loc[poor, 'mean']:,.0f}), where {grp.loc[poor, 'weight_share']:.0%} of the population lived. "
    f"Within regions, {grp['theil_t'].idxmax()} has the largest own Theil ({grp['theil_t'].max():.3f}): its oblasts "
    f"range from {w.iloc[0]:,.0f} ({w.index[0]}) to {w.iloc[-1]:,.0f} ({w.index[-1]}) thousand KZT per resident."))"""),
    ("md", """
## 2. Convergence

Sigma convergence: does the dispersion (standard deviation of log GRP per resident) fall over time?
Beta convergence: do poorer regions grow faster? On the units that are the same in the 2018 set
over 2000-2020 (`vintage=2018`: South Kazakhstan, split in 2018, drops out, as do Turkistan and
Shymkent)."""),
    ("code", """
pc = kz.panel("grp_total", "population_start_of_year", years=range(2000, 2021), vintage=2018)
pc = kz.derive(pc, per_capita="grp_total", population="population_start_of_year")
conv = kz.convergence(pc, "grp_total_per_capita", start=2000, end=2020)
conv"""),
    ("code", """
import numpy as np

b, s = conv.beta, conv.sigma_trend
display(Markdown(
    f"**Reading.** Beta: across the {b['n']} regions, a region 10 % poorer in {b['start']} grew on average "
    f"{-b['b'] * np.log(1 / 0.9) * 100:.2f} percentage points a year faster (in log terms) to {b['end']} (slope {b['b']:.4f}, p = {b['p']:.3f}, "
    f"R² = {b['r2']:.2f}): {'significant' if b['p'] < 0.05 else 'not significant'} catching up, at a speed with a "
    f"half-life of {b['half_life']:.0f} years. Sigma: the dispersion changed by {s['slope']:+.4f} a year "
    f"(p = {s['p']:.2f}): {'a significant' if s['p'] < 0.05 else 'no significant'} narrowing. "
    + ("Poorer regions grew a little faster, but not enough to shrink the spread measurably: slow beta convergence "
       "without sigma convergence." if b["p"] < 0.05 <= s["p"] else "")))"""),
    ("md", """
## 3. Typology with several criteria

`kz.typology` types each oblast by its GRP per capita in 2021 against the national level and its
growth in 2008-2014 and 2014-2021 against the national rate (current prices, so growth is judged
relative to the country's). `kz.criteria_typology` adds explicit criteria, each reported per unit
with its value and threshold. The thresholds here are the **national values of 2021**, computed from
the panel, not typed in: poverty and unemployment above the country's, and density below 5 persons
per km² (a planners' convention for sparsely settled land, a choice). On the 2018 set, because
GRP per capita of the 2022 units starts in 2022."""),
    ("code", """
pt = kz.panel("grp_per_capita", "population_start_of_year", "poverty", "unemployment_rate",
              years=range(2008, 2022), national=True)
natl = pt[(pt["kato"] == "000000000") & (pt["year"] == 2021)].iloc[0]
crit = [("poverty_below_subsistence_minimum", ">", natl["poverty_below_subsistence_minimum"], "poverty above national"),
        ("unemployment_rate", ">", natl["unemployment_rate"], "unemployment above national"),
        ("density", "<", 5, "sparse")]
pt = pt[pt["kato"] != "000000000"]
typ = kz.criteria_typology(pt, crit, start=2008, end=2021, vintage=2018)
# Almaty oblast and Almaty city share the English name: say which is which
cities = set(kz.oblasts(2018).query("kind != 'oblast'")["kato"])
typ.table["unit"] = typ.table["name_en"].where(~typ.table["kato"].isin(cities), typ.table["name_en"] + " city")
typ.table[["unit", "type", "profile", "criteria_met"]]"""),
    ("code", """typ.table[["unit", "criteria_reason"]].head(4)"""),
    ("code", """show(typ.plot(subtitle="GRP per capita: level 2021; growth 2008-2014 and 2014-2021 against Kazakhstan's; 2018 boundaries",
              source="BNS"))"""),
    ("code", """
t = typ.table
by_type = t.groupby("type")["unit"].apply(", ".join)
many = t[t["criteria_met"] == t["criteria_met"].max()]
display(Markdown(
    "**Reading.** " + " ".join(f"*{k}*: {v}." for k, v in by_type.items())
    + f" On the further criteria (national 2021 values: poverty {natl['poverty_below_subsistence_minimum']:.1f} %, "
    f"unemployment {natl['unemployment_rate']:.1f} %), the regions meeting the most ({int(many['criteria_met'].iloc[0])} of "
    f"{len(crit)}) are {', '.join(many['unit'] + ' (' + many['profile'] + ')')}. The type says how a region's economy "
    "moved; the criteria say whether its people are poorer or more often jobless: the two do not always agree."))"""),
    ("md", """
## 4. Do poor regions cluster? LISA of poverty, 2023

Moran's I asks whether neighbouring oblasts have similar poverty rates; the local version (LISA)
marks significant clusters (High-High: poor among poor) and outliers (High-Low: a poor region among
better-off ones). Queen contiguity on the 20 units of 2024, 999 permutations."""),
    ("code", """
pov = kz.attach(kz.oblasts(2024), kz.panel("sdg:1.2.1", years=2023))
sa = kz.spatial_autocorrelation(pov, "poverty_below_subsistence_minimum")
print(sa, *sa.notes, sep="\\n")
show(sa.plot(title="Poverty 2023: local Moran clusters (LISA), oblasts of 2024"))"""),
    ("code", """
mor = sa.moran
lisa = sa.lisa
col = next(c for c in lisa.columns if "cluster" in c.lower())
sig = lisa[lisa[col] != "Not significant"]
display(Markdown(
    f"**Reading.** Moran's I is {mor.I:.3f} (p = {mor.p_sim:.2f}): "
    + ("no significant spatial clustering of poverty across the 20 units" if mor.p_sim >= 0.05 else "significant clustering")
    + f". Locally, {len(sig)} unit(s) stand out: "
    + ", ".join(f"{r.name_en} ({getattr(r, col)})" for r in sig.itertuples())
    + ". With 20 units of very different size, a test has little power: read the clusters as pointers, not proof."))"""),
    ("md", """
## 5. Poverty and human development

**Poverty (SDG 1.2.1)**: share of the population with income below the subsistence minimum, by oblast,
2010-2023, from the Bureau's SDG data."""),
    ("code", """
pv = kz.panel("sdg:1.2.1", years=range(2010, 2024), national=True)
wide = pv.pivot_table(index="year", columns="kato", values="poverty_below_subsistence_minimum")
spread = pd.DataFrame({"national": wide["000000000"], "lowest region": wide.drop(columns="000000000").min(axis=1),
                       "highest region": wide.drop(columns="000000000").max(axis=1),
                       "regions": wide.drop(columns="000000000").notna().sum(axis=1),
                       "boundary sets": pv[pv["kato"] != "000000000"].groupby("year")["vintage"]
                                        .apply(lambda v: ", ".join(map(str, sorted(v.dropna().unique()))))})
spread"""),
    ("md", """
In 2014-2017 the Bureau gives both South Kazakhstan (2017 set) and, recalculated, Turkistan oblast and
Shymkent (2018 set): the rows of both sets are kept, each on its own boundaries, which is why 18
"regions" appear in those years.

**The regional HDI** comes from Global Data Lab, which publishes Kazakhstan in **six regions, not
oblasts**: Almaty city alone, and five groups of oblasts (the North includes Astana). A region's value
is not each member's: do not read it as an oblast figure. `kz.hdi` dissolves each region's
geometry from its member oblasts (2018 set; GDL's latest year in v6 is 2021)."""),
    ("code", """
h = kz.hdi(2021)
print(h.attrs["citation"])
h[["gdlcode", "region", "members", "shdi", "national_shdi"]]"""),
    ("md", """
### Poverty 2023 and HDI 2021 side by side (issue 14)

Two maps on the same page: poverty by oblast (2024 set) and the GDL HDI by its six regions (2018
set). They differ in year and in units: compare patterns, not numbers."""),
    ("code", """
fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4.6))
kz.choropleth(pov, "poverty_below_subsistence_minimum", ax=a1, cmap="OrRd")
kz.choropleth(h, "shdi", ax=a2, cmap="YlGnBu", labels=False, scheme="user_defined",
              classification_kwds={"bins": [0.800, 0.820, 0.845]})   # six values: three classes
a1.set_title("Population below the subsistence minimum, 2023, %\\n20 oblasts and cities, 2024 set (BNS, SDG 1.2.1)", fontsize=10)
a2.set_title("Subnational HDI, 2021\\nsix GDL regions, not oblasts; 2018 set (Global Data Lab SHDI v6)", fontsize=10)
fig.text(0.01, 0.01, kz.ATTRIBUTION, fontsize=6, color="0.4")
show(fig)"""),
    ("md", """
To compare the two, each oblast of 2024 is placed in the GDL region of the 2018 oblast that held most
of its area (`kz.crosswalk`), and the poverty rates of each region's oblasts are set beside its HDI:"""),
    ("code", """
x = kz.crosswalk(2018, 2024, level=1).sort_values("share", ascending=False)
parent = x.drop_duplicates("to_kato").set_index("to_kato")["from_kato"]          # 2024 unit -> 2018 oblast
region_of = {k: r.region.split(" (")[0] for r in h.itertuples() for k in r.member_kato}
pov["gdl_region"] = pov["kato"].map(parent).map(region_of)
side = (pov.groupby("gdl_region")["poverty_below_subsistence_minimum"]
        .agg(oblasts="size", poverty_min="min", poverty_median="median", poverty_max="max")
        .join(h.assign(gdl_region=h["region"].str.split(" (", regex=False).str[0]).set_index("gdl_region")["shdi"])
        .sort_values("shdi"))
side"""),
    ("code", """
pv23 = pov.set_index("name_en")["poverty_below_subsistence_minimum"].dropna().sort_values()
rho = side["shdi"].corr(side["poverty_median"], method="spearman")
display(Markdown(
    f"**Reading.** In 2023 the share of people below the subsistence minimum ranged from {pv23.iloc[0]:.1f} % "
    f"({pv23.index[0]}) to {pv23.iloc[-1]:.1f} % ({pv23.index[-1]}); nationally it was {wide.loc[2023, '000000000']:.1f} %, "
    f"against {wide.loc[2010, '000000000']:.1f} % in 2010. The HDI of 2021 ranges from {side['shdi'].iloc[0]:.3f} "
    f"({side.index[0]}) to {side['shdi'].iloc[-1]:.3f} ({side.index[-1]}), national {h['national_shdi'].iloc[0]:.3f}. "
    f"Across the six regions, the rank correlation of HDI with the median poverty rate of their oblasts is {rho:+.2f}"
    + (": regions with higher human development tend to have less poverty. " if rho < -0.3 else
       ": the two rankings do not line up closely. ")
    + "With six regions this is a pattern to look at, not a test; and a region's HDI cannot tell which of its "
    "oblasts lags: the poverty map can."))"""),
]

if __name__ == "__main__":
    build("03_disparities", CELLS)
