"""Build and execute notebooks/02_aral_sea.ipynb (issue 17).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_02_aral_sea.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from _build import SETUP, build

CELLS = [
    ("md", """
# The Aral Sea region, and the agglomerations: programme regions that cut across oblasts

The law on the social protection of citizens affected by the ecological disaster in the Aral Sea
region names its territory district by district, in three zones, across several oblasts, and in
places down to rural okrugs. A planner asks: **where exactly is it, which oblasts does it cut
across and how much of each, who lives there, and how does it compare with the rest of the
country?** The second half asks the same of the five agglomerations of 2023.

**Sources.**
- Aral Sea zones: Law of the Republic of Kazakhstan of 30 June 1992 No. 1468-XII, arts. 3-5, text
  as amended by the Law of 28 December 2018 No. 210-VI (`kz.programme("aral_sea").metadata`; the
  1997 text is `version="1997"`).
- Agglomerations: Government decree of 19 June 2023, **known only from a secondary source** (a news
  item citing Zakon.kz): the composition is as transcribed there, not read from the decree.
- Population on 1 January 2023 by district, unemployment and poverty by oblast: Bureau of National
  Statistics (BNS), shipped with the package.
- Boundaries: geokz by A. Rodionov (CC BY 4.0), after BNS."""),
    ("code", SETUP),
    ("md", "## 1. The region and its zones"),
    ("code", """
aral = kz.programme("aral_sea")
print(aral)
print(aral.metadata["legal_act"])"""),
    ("code", """aral.geometry.drop(columns="geometry").round(0)"""),
    ("code", """
zones = aral.zones
# one row per member unit, so the legend counts members per zone
show(kz.categorical_map(aral.members, "zone", labels=False, categories=zones, outline=kz.oblasts(2018),
                        colors=dict(zip(zones, ["#b2182b", "#ef8a62", "#fddbc7"])),
                        title="Aral Sea region: zones of the 1992 law (text of 2018)",
                        subtitle="over the oblasts of 2018; partial members drawn whole",
                        source="Law No. 1468-XII of 30 June 1992, arts. 3-5"))"""),
    ("md", """
The law names its members in Russian of its time (genitive case, old spellings such as
«Челкарского района» or «город Ленинск»); `members` keeps that wording beside the unit it was
matched to, and how it was matched."""),
    ("code", """aral.members[["zone", "name_en", "oblast_en", "name_as_in_source", "matched_on", "partial"]]"""),
    ("md", """
### Members smaller than a district: the rural okrugs

Some members are not whole districts: rural okrugs of a town, or "the settlements of the former
Zhezdy district". The boundary data has no polygons below the district, so such a member is drawn
with its whole district and flagged `partial`: any area or population computed from it is an
upper bound. Where the law lists rural okrugs, `members["parts"]` names each one as the official
KATO classifier of 2022 knows it:"""),
    ("code", """
partial = aral.members[aral.members["partial"]]
partial[["name_en", "oblast_en", "zone", "partial_note", "name_as_in_source"]]"""),
    ("code", """
okrugs = (partial.dropna(subset=["parts"])
          .assign(part=lambda m: m["parts"].str.split("; "))
          .explode("part")[["name_en", "part"]]
          .rename(columns={"name_en": "member drawn as"}))
okrugs.reset_index(drop=True)"""),
    ("code", """
import re

n_ok = len(okrugs)
new_district = sorted({m.group(1) for p in okrugs["part"] if (m := re.search(r"now in (.+?):", p))})
display(Markdown(
    f"**Reading.** The law lists {n_ok} rural okrugs of {', '.join(okrugs['member drawn as'].unique())}. "
    + (f"Since then they have moved to {', '.join(new_district)}, a district created after the boundary data "
       "was drawn, which has no polygon: the member is drawn as its whole former unit, an upper bound. "
       if new_district else "")
    + f"{len(aral.unmatched)} entry of the law matched no unit: "
    + "; ".join(f"{r.name_as_in_source[:70]}... ({r.reason})" for r in aral.unmatched.itertuples())))"""),
    ("md", """
## 2. Which oblasts it cuts across, and how much of each

`composition()` overlays the region with the oblasts of 2018 (the law's time) and of 2024 (today),
and with the districts, in an equal-area projection. `share_of_unit` is the share of the oblast's
area inside the region, `share_of_region` the share of the region in that oblast;
`population_inside` sums the 1 January 2023 population of the districts inside (a district
partly inside counts in proportion to its area, flagged `population_estimated`); `upper_bound`
marks oblasts where a partial member lies."""),
    ("code", """
comp = aral.composition()
obl = comp[comp["level"] == 1]
obl[["vintage", "name_en", "area_inside_km2", "share_of_unit", "share_of_region", "upper_bound",
     "population_inside"]].round({"area_inside_km2": 0, "share_of_unit": 3, "share_of_region": 3,
                                  "population_inside": 0})"""),
    ("code", """
def describe(rows):
    return "; ".join(f"{r.name_en} {r.share_of_unit:.0%} of its area"
                     + (" (at most)" if r.upper_bound else "") for r in rows.itertuples())

o18, o24 = obl[obl["vintage"] == 2018], obl[obl["vintage"] == 2024]
moved = sorted(set(o24["name_en"]) - set(o18["name_en"]))
pop = comp.loc[comp["level"] == 2, "population_inside"].sum()
display(Markdown(
    f"**Reading.** The region covers {aral.area_km2:,.0f} km² in {len(o18)} oblasts of 2018: {describe(o18)}. "
    f"On today's map: {describe(o24)}"
    + (f"; {', '.join(moved)} holds what was the Karaganda part: the same territory, another oblast since 2022"
       if moved else "")
    + f". About {pop / 1e6:.2f} million people lived in its districts on 1 January 2023 "
    f"(an upper bound: partial members count whole)."))"""),
    ("md", """
## 3. Its indicators against the rest of the country

**Population density.** District populations of 1 January 2023 (the only year the Bureau
publishes by district in the shipped data), per km² of equal-area area, with the region drawn on
top. The region's own density and the rest of the country's are computed from the totals, not
averaged over districts."""),
    ("code", """
d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
d = kz.derive(d, density="population_start_of_year")
d.attrs["join_report"]"""),
    ("md", """
The districts without a figure were created after 1 January 2023: their people were counted in
the districts they came from (section 4 checks this for the cities). The row that joined nothing
is Sauran district (2021), which has no polygon in the boundary data; its people are therefore
missing from any sum over districts, which is why the national totals below come from the
Bureau's national row, not from adding up districts."""),
    ("code", """
show(kz.choropleth(d, "population_start_of_year_density", highlight=aral, highlight_label="Aral Sea region",
                   cmap="YlGnBu", title="Population density of districts, 1 January 2023",
                   subtitle="persons per km²; outline: the Aral Sea region (1992 law, 2018 text)",
                   source="BNS; Law No. 1468-XII"))"""),
    ("code", """
national = kz.panel("population_start_of_year", "unemployment_rate", years=2023, national=True)
kz_pop = national.loc[national["kato"] == "000000000", "population_start_of_year"].iloc[0] * 1000  # thousand -> persons
kz_area = kz.country()["area_km2"].sum()
inside = {"population": pop, "area_km2": aral.area_km2}
dens = pd.DataFrame({
    "population": [pop, kz_pop - pop, kz_pop],
    "area_km2": [aral.area_km2, kz_area - aral.area_km2, kz_area],
}, index=["Aral Sea region", "rest of Kazakhstan", "Kazakhstan"])
dens["persons_per_km2"] = dens["population"] / dens["area_km2"]
dens["share_of_population_%"] = 100 * dens["population"] / kz_pop
dens["share_of_area_%"] = 100 * dens["area_km2"] / kz_area
dens.round(1)"""),
    ("md", """
**Unemployment and poverty.** The Bureau publishes these by oblast only, so the region can be
compared only through the oblasts it covers: Kyzylorda lies wholly inside, the others in part,
and their rates say nothing about the part inside. Rates of 2023 (2024 boundaries) against the
national figure; poverty is the share of the population below the subsistence minimum (SDG 1.2.1)."""),
    ("code", """
rates = kz.panel("unemployment_rate", "sdg:1.2.1", years=2023, national=True)
rates = rates.merge(o24[["kato", "share_of_unit"]], on="kato", how="left")
rates["in_region"] = rates["share_of_unit"].notna()
cmp = rates[rates["in_region"] | (rates["kato"] == "000000000")][
    ["region_en", "share_of_unit", "unemployment_rate", "poverty_below_subsistence_minimum"]]
cmp.round(3)"""),
    ("code", """
u = kz.panel("unemployment_rate", years=range(2010, 2024), national=True, vintage=2024)
wide = u.pivot(index="year", columns="region_en", values="unemployment_rate")
cols = ["Republic of Kazakhstan"] + [c for c in cmp["region_en"] if c != "Republic of Kazakhstan"]
ax = wide[[c for c in cols if c in wide]].plot(figsize=(7, 3.2), style=["k-", "C0-", "C1--", "C2-.", "C3:"])
ax.set(ylabel="unemployment rate, %", xlabel="", title="Unemployment, 2010-2023: the oblasts of the Aral Sea region")
ax.legend(fontsize=8, frameon=False)
show(ax.figure)"""),
    ("code", """
r = dens.loc["Aral Sea region"]
rest = dens.loc["rest of Kazakhstan"]
kzo = cmp.set_index("region_en").loc["Kyzylorda Region"]
nat = cmp.set_index("region_en").loc["Republic of Kazakhstan"]
gap = (wide["Kyzylorda Region"] - wide["Republic of Kazakhstan"]).dropna()
no_nat = [y for y in wide.index if pd.isna(wide.loc[y, "Republic of Kazakhstan"])]
display(Markdown(
    f"**Reading.** The Aral Sea region holds {r['share_of_area_%']:.0f} % of Kazakhstan's area and "
    f"{r['share_of_population_%']:.1f} % of its people: {r.persons_per_km2:.1f} persons per km² against "
    f"{rest.persons_per_km2:.1f} in the rest of the country. Kyzylorda, the one oblast wholly inside, had "
    f"{kzo.unemployment_rate:.1f} % unemployment in 2023 against {nat.unemployment_rate:.1f} % nationally, and "
    f"{kzo.poverty_below_subsistence_minimum:.1f} % of its people below the subsistence minimum against "
    f"{nat.poverty_below_subsistence_minimum:.1f} %. Over {gap.index.min()}-{gap.index.max()} its unemployment was "
    f"between {gap.min():+.1f} and {gap.max():+.1f} points from the national rate. "
    f"The shipped series has no national figure for {', '.join(map(str, no_nat)) or 'no year'} (a gap in the source, "
    "left as a gap); Turkistan has rows on today's boundaries only from 2018 (before, South Kazakhstan "
    "included Shymkent) and Ulytau from 2022. What sets the region apart in these figures is how thinly it is "
    "settled; the law's zones follow ecological damage, which none of these indicators measures."))"""),
    ("md", """
## 4. The agglomerations of 2023 (secondary source)

The decree of 19 June 2023 set five agglomerations: Almaty, Astana and Shymkent of republican
significance, Aktobe and Karaganda of regional significance. **The library knows their composition
only from a news item citing Zakon.kz**, not from the decree itself: treat the membership as
unconfirmed, and cite it as such."""),
    ("code", """
agg = kz.programme("agglomerations")
print(agg)
print(agg.metadata["warning"])
agg.unmatched[["zone", "name_as_in_source", "reason"]]"""),
    ("code", """
show(kz.categorical_map(agg.members, "zone", labels=False, categories=agg.zones, outline=kz.oblasts(2024),
                        title="Agglomerations of 2023", subtitle="composition from a secondary source (news item citing Zakon.kz)",
                        source="Government decree of 19 June 2023 (as reported)"))"""),
    ("md", """
Which oblasts do they cut across? The level-1 rows of `composition()` on today's boundaries:"""),
    ("code", """
acomp = agg.composition()
acomp[(acomp["level"] == 1) & (acomp["vintage"] == 2024)][
    ["name_en", "area_inside_km2", "share_of_unit", "share_of_region", "upper_bound"]].round(3)"""),
    ("md", """
Population per agglomeration: each district of 2024 is placed in the agglomeration holding a point
inside it (`kz.assign` with `regions=`), and the 1 January 2023 populations are summed. Three
members are towns inside a district (Esik, Lenger, Zarechny) drawn as their whole district, so the
Almaty and Shymkent sums are upper bounds."""),
    ("code", """
pts = d[["kato", "name_en", "population_start_of_year", "area_km2", "geometry"]].copy()
pts["geometry"] = pts.representative_point()
placed = kz.assign(pts, level=2, regions=agg, name="unit_kato")
per = (placed[placed["in_region"]].groupby("zone", observed=True)
       .agg(population=("population_start_of_year", "sum"), area_km2=("area_km2", "sum"),
            districts=("kato", "size"), without_figure=("population_start_of_year", lambda s: int(s.isna().sum()))))
per["persons_per_km2"] = per["population"] / per["area_km2"]
per["share_of_population_%"] = 100 * per["population"] / kz_pop
upper = set(agg.members.loc[agg.members["partial"], "zone"])
per["upper_bound"] = per.index.isin(upper)
per.round(1)"""),
    ("code", """
# the districts created after 1 January 2023 (Nura in Astana, Turan in Shymkent) have no figure:
# check that the city districts still add up to the city totals the Bureau gives
cities = kz.panel("population_start_of_year", years=2023).set_index("kato")["population_start_of_year"] * 1000
sums = d.groupby("oblast_kato")["population_start_of_year"].sum()
check = pd.DataFrame({"sum of districts": sums.reindex(["710000000", "750000000", "790000000"]),
                      "city total (BNS)": cities.reindex(["710000000", "750000000", "790000000"])})
check"""),
    ("code", """
tot = per["population"].sum()
big = per.sort_values("population", ascending=False)
display(Markdown(
    f"**Reading.** The five agglomerations held {tot / 1e6:.1f} million people on 1 January 2023, "
    f"{100 * tot / kz_pop:.0f} % of the country, on {100 * per['area_km2'].sum() / kz_area:.1f} % of its area "
    f"(upper bounds: partial members count whole). The largest is {big.index[0]} ({big['population'].iloc[0] / 1e6:.1f} million), "
    f"the smallest {big.index[-1]} ({big['population'].iloc[-1] / 1e6:.2f} million). "
    + ("The city districts without a figure of their own change nothing: the city districts add up to the city totals. "
       if (check["sum of districts"] - check["city total (BNS)"]).abs().max() < 1 else
       "The city districts do not add up to the city totals: see the table above. ")
    + "The membership comes from a news item, not the decree: confirm it before relying on it."))"""),
]

if __name__ == "__main__":
    build("02_aral_sea", CELLS)
