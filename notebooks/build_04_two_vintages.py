"""Build and execute notebooks/04_two_vintages.ipynb: statistics carried between boundary sets.

Run from the repository root:
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_04_two_vintages.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from _build import build

CELLS = [
    ("md", """# Two vintages: carrying statistics between the 2018 and 2024 boundaries

On 8 June 2022 Kazakhstan got three new oblasts: **Abai** (out of East Kazakhstan), **Zhetysu**
(out of Almaty oblast) and **Ulytau** (out of Karaganda). Districts moved too: Kapchagay became
**Konaev** and took land from its neighbours, Taldykorgan went to Zhetysu with a new code, and
Shymkent got a new district. The Bureau of National Statistics published figures up to 2021 on
the 2018 boundaries and from 2023 on the 2024 ones.

This notebook answers three questions a planner meets when a programme is drawn on today's map
but the evidence is older:

1. What exactly changed between the two boundary sets?
2. How do 2018-boundary figures become figures for the 2024 units (and back), and what do the
   two weighting methods, by area and by population, do to them?
3. Why does `kz.attach` refuse some rows that carry no boundary set?

Sources: statistics of the Bureau of National Statistics shipped with kzregions
(`kz.indicators()` lists each series with its source); boundaries geokz by A. Rodionov
(CC BY 4.0), after the Bureau."""),
    ("code", """import io

import pandas as pd
from IPython.display import Image, Markdown

import kzregions as kz

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)


def show(m, dpi=70):
    \"\"\"A map as a small PNG (the library's maps are A4 pages).\"\"\"
    buf = io.BytesIO()
    m.save(buf, dpi=dpi, format="png")
    return Image(buf.getvalue())"""),
    ("md", """## 1. What changed: the crosswalk

`kz.crosswalk` overlays the two sets in an equal-area projection and says, for each pair of a 2018
unit and a 2024 unit, how much area they share (`share` of the 2018 unit, `to_share` of the 2024
unit) and what the relation is."""),
    ("code", """x1 = kz.crosswalk(2018, 2024, level=1)
x1.relation.value_counts()"""),
    ("code", """cols = ["from_kato", "from_name_en", "to_kato", "to_name_en", "area_km2", "share", "to_share", "relation"]
x1.loc[x1.relation != "same", cols].round(3)"""),
    ("code", """def parts(t, frm):
    r = t[t.from_kato == frm].sort_values("share", ascending=False)
    return " and ".join(f"{n} ({s:.0%})" for n, s in zip(r.to_name_en, r.share))

splits = x1[x1.relation == "split"].groupby("from_kato").size()
split_text = "; ".join(f"{x1.loc[x1.from_kato == k, 'from_name_en'].iloc[0]} into {parts(x1, k)}"
                       for k in splits[splits > 1].index if (x1.from_kato == k).sum() > 1
                       and x1.loc[x1.from_kato == k, "share"].min() > 0.01)
ast = x1[(x1.to_kato == "710000000") & (x1.from_kato != "710000000")].iloc[0]
Markdown(f\"\"\"**Reading.** Of the {x1.from_kato.nunique()} units of 2018, {(x1.groupby('from_kato').relation.apply(lambda r: (r == 'same').all())).sum()}
are unchanged. By area: {split_text}. Astana also grew: {ast.area_km2:.0f} km² of {ast.from_name_en}
({ast.share:.2%} of it) became {ast.to_share:.1%} of the capital's 2024 territory. Turkistan oblast
and Shymkent city are the same on both sets at this level: their split from South Kazakhstan in June
2018 is what starts the 2018 set (section 1b); their districts changed, as a table below shows.\"\"\")"""),
    ("code", """chg = kz.oblasts(2024)
moved = x1[x1.from_kato != x1.to_kato]                      # area that changed its unit
new = set(chg.kato) - set(x1.from_kato)
chg["change"] = "unchanged"
chg.loc[chg.kato.isin(moved.from_kato), "change"] = "lost territory"
chg.loc[chg.kato.isin(moved.to_kato), "change"] = "gained territory"
chg.loc[chg.kato.isin(new), "change"] = "new in 2022"
show(kz.categorical_map(chg, "change", categories=["new in 2022", "lost territory", "gained territory", "unchanged"],
                        colors={"new in 2022": "#d55e00", "lost territory": "#e69f00", "gained territory": "#0072b2",
                                "unchanged": "#eeeeee"},
                        title="Oblasts of 2024: what the reform of 2022 did to each",
                        subtitle="compared with the 17 units of the 2018 boundary set",
                        source="Crosswalk of the 2018 and 2024 boundary sets (kz.crosswalk)"))"""),
    ("md", """### 1b. Before 2018: South Kazakhstan, Turkistan and Shymkent

Statistics up to 2017 are on the "2017 set", where Turkistan oblast and Shymkent city were one
unit, South Kazakhstan (which had no KATO code of its own in the source; the panel calls it
`YKO`). For some years the Bureau published the figure both ways:"""),
    ("code", """g17 = kz.panel("grp_total", years=2017)                      # million KZT, current prices
yko = g17[g17.kato.isin(["YKO", "610000000", "790000000"])]
print(yko.to_string(index=False))
parts_sum = yko.loc[yko.kato != "YKO", "grp_total"].sum()
print("Turkistan + Shymkent =", round(parts_sum, 1), "; South Kazakhstan =", round(yko.loc[yko.kato == "YKO", "grp_total"].iloc[0], 1))"""),
    ("code", """rep18 = kz.attach(kz.oblasts(2018), g17).attrs["join_report"]
print(rep18)
# the report's advice, followed: the 2017 rows on the pre-2018 set (oblasts only)
rep17 = kz.attach(kz.oblasts(2017), g17[g17.vintage == 2017]).attrs["join_report"]
print(rep17)
try:
    kz.to_vintage(g17[g17.vintage == 2017], "grp_total", from_vintage=2017, to_vintage=2018)
except kz.errors.VintageError as e:
    print("to_vintage:", e)"""),
    ("code", """adds_up = abs(parts_sum - yko.loc[yko.kato == "YKO", "grp_total"].iloc[0]) < 0.05
yko_joined = rep17.complete and "YKO" not in set(rep17.unmatched_rows["key"].astype(str))
Markdown(f\"\"\"**Reading.** On the 2018 oblasts the South Kazakhstan row is reported, not joined: no
2018 unit has its territory. The report's advice, `kz.oblasts(2017)`, can be followed: that set
(derived by dissolving Turkistan oblast and Shymkent) {"joins every" if yko_joined else "does NOT join every"}
2017 row ({rep17.matched} of {rep17.n_rows}, South Kazakhstan among them). What `kz.to_vintage` refuses is
carrying the row onto the 2018 units: splitting South Kazakhstan's total between Turkistan and
Shymkent would be an estimate. Where the Bureau published the two separately
(as for 2017 here, whose parts {"add up to" if adds_up else "do NOT add up to"} the South Kazakhstan
total), use those rows.\"\"\")"""),
    ("md", """### Districts: a code that changed its meaning

At district level more moved. One trap stands out: KATO **191000000** was *Taldykorgan city*
in 2018 and is *Konaev city* (the former Kapchagay) in 2024; Taldykorgan now has 331000000 in
Zhetysu. A table keyed on the code alone would silently put one city's figures on another."""),
    ("code", """x2 = kz.crosswalk(2018, 2024, level=2)
print(x2.relation.value_counts().to_dict())
cols2 = ["from_kato", "from_name_en", "to_kato", "to_name_en", "area_km2", "share", "to_share", "relation"]
x2[(x2.from_kato == "191000000") | (x2.to_kato.isin(["191000000", "331000000"]))][cols2].round(3)"""),
    ("md", "The districts of Turkistan oblast and Shymkent city that changed (Turan is a new Shymkent district):"),
    ("code", """tur_shy = ["610000000", "790000000"]
sel = (x2.from_oblast_kato.isin(tur_shy) | x2.to_oblast_kato.isin(tur_shy)) & (x2.relation != "same")
x2.loc[sel, cols2].round(3)"""),
    ("code", """konaev = x2[x2.to_kato == "191000000"].sort_values("to_share", ascending=False)
# the crosswalk names units as they are named today: the 2018 city 191600000 was Kapchagay then
then = kz.districts(2018, names="period").set_index("kato")["name_en"]
konaev = konaev.assign(from_name_en=konaev.from_kato.map(then))
talas = x2[(x2.from_name_en == "Talas") & (x2.to_oblast_kato == "610000000")].iloc[0]
turan = x2[x2.to_name_en == "Turan"]
Markdown(f\"\"\"**Reading.** Konaev (191000000 since 2022) is made of
{", ".join(f"{n} ({a:,.0f} km², {s:.0%} of Konaev)" for n, a, s in zip(konaev.from_name_en, konaev.area_km2, konaev.to_share))}:
the former Kapchagay city ({then['191600000']} in the names of 2018) is only {konaev.loc[konaev.from_kato == '191600000', 'to_share'].iloc[0]:.0%} of it.
Taldykorgan kept its territory ({x2.loc[x2.from_kato == '191000000', 'share'].iloc[0]:.0%} of it went to
331000000) and changed only its code. Turan, Shymkent's new district, was cut from
{", ".join(turan.from_name_en)}; {talas.area_km2:.1f} km² of Talas district (Zhambyl oblast) lie in
Baydibek district of Turkistan oblast on the 2024 set, a border change between oblasts.\"\"\")"""),
    ("md", """## 2. From 2018 boundaries to 2024 units

### Totals (extensive values): population on 1 January 2021

The latest population count on the 2018 set. `kz.to_vintage` splits each 2018 value over the
2024 units by weight shares, so totals are conserved exactly. Two weightings:

* `method="area"`: each piece gets the share of the 2018 unit's area it covers;
* `method="population"`: each piece gets its share of the 2023 population, estimated from the
  2024 districts (or, where a district lacks a 2023 figure, the 2024 oblasts) that hold it."""),
    ("code", """pop21 = kz.panel("population_start_of_year", years=2021)          # thousand persons, 2018 set
col = "population_start_of_year"
by_area = kz.to_vintage(pop21, col, from_vintage=2018, to_vintage=2024, kind="extensive", method="area")
by_pop = kz.to_vintage(pop21, col, from_vintage=2018, to_vintage=2024, kind="extensive", method="population")
totals = pd.Series({"2018 units (table)": pop21[col].sum(), "2024 units, by area": by_area[col].sum(),
                    "2024 units, by population": by_pop[col].sum()})
totals.round(3)"""),
    ("code", """pop23 = kz.panel("population_start_of_year", years=2023).set_index("kato")[col]   # 2024 set
names = kz.oblasts(2024).set_index("kato").name_en
changed = by_pop.loc[by_pop.relation != "same", "kato"]
cmp = pd.DataFrame({"oblast": names[changed].values,
                    "2021, by area": by_area.set_index("kato").loc[changed, col].values,
                    "2021, by population": by_pop.set_index("kato").loc[changed, col].values,
                    "2023, published": pop23[changed].values,
                    "weights": by_pop.set_index("kato").loc[changed, "weights_used"].values},
                   index=pd.Index(changed, name="kato"))
cmp.round(1)"""),
    ("md", """The two estimates can be checked against the first count on the new boundaries (1 January
2023): not the same date, but two years of growth cannot move a split by tens of percent. The
comparison is of **shares within each former oblast**, which growth hardly changes:"""),
    ("code", """families = {"East Kazakhstan (2018)": ["630000000", "100000000"], "Almaty (2018)": ["190000000", "330000000"],
            "Karaganda (2018)": ["350000000", "620000000"], "Akmola + Nur-Sultan (2018)": ["110000000", "710000000"]}
rows = []
for fam, (a, b) in families.items():
    for what, s in [("by area", cmp["2021, by area"]), ("by population", cmp["2021, by population"]),
                    ("published 2023", cmp["2023, published"])]:
        rows.append({"2018 unit(s)": fam, "estimate": what, "share": s[b] / (s[a] + s[b])})
shares = pd.DataFrame(rows).pivot(index="2018 unit(s)", columns="estimate", values="share")
shares["2024 unit"] = [names[families[f][1]] for f in shares.index]
# the share of the pair's people living in the second unit ("2024 unit")
shares[["2024 unit", "by area", "by population", "published 2023"]].round(3)"""),
    ("code", """def off(est):
    return (shares[est] - shares["published 2023"]).abs()

worst_area, worst_pop = off("by area").idxmax(), off("by population").idxmax()
good = [f for f in shares.index if off("by population")[f] < 0.02]
akm = shares.loc["Akmola + Nur-Sultan (2018)"]
moved = cmp.loc["710000000", "2021, by population"] - pop21.set_index("kato").loc["710000000", col]
Markdown(f\"\"\"**Reading.** Totals are conserved by both methods ({totals.iloc[0]:,.3f} thousand before and after).
Area weights are wrong wherever people are not spread like land: they give
{shares.loc[worst_area, '2024 unit']} {shares.loc[worst_area, 'by area']:.0%} of {worst_area.split(' (')[0]}'s people,
against {shares.loc[worst_area, 'published 2023']:.0%} counted in 2023. Population weights are within two
points of the 2023 shares for {", ".join(g.split(' (')[0] for g in good)}.
They fail for Astana: the {ast.area_km2:.0f} km² of Akmola that joined the capital lie in Astana's
Esil and Baykonyr districts, and spreading those districts' 2023 population evenly over their area moves
{moved:,.1f} thousand people of 2021 from Akmola to Astana, giving the capital
{akm['by population']:.1%} of the pair against {akm['published 2023']:.1%} published: land built up
after 2021 (or empty then) is counted as dense as the city. For a split of a whole oblast, use
population weights; for the capital's growth, area weights ({akm['by area']:.1%}) are closer here.\"\"\")"""),
    ("md", """### Rates (intensive values): unemployment in 2021

A rate is not split but averaged: each 2024 unit gets the weighted mean of the 2018 units
overlapping it, so the result stays within their range. A unit cut out of one oblast inherits
that oblast's rate: the carried value says nothing new about Abai, only that it was part of East
Kazakhstan."""),
    ("code", """u21 = kz.panel("unemployment_rate", years=2021)[["kato", "unemployment_rate"]]
u24 = kz.to_vintage(u21, "unemployment_rate", from_vintage=2018, to_vintage=2024, kind="intensive", method="population")
u24["name_en"] = u24.kato.map(names)
u24.loc[u24.relation != "same", ["kato", "name_en", "unemployment_rate", "relation", "sources", "weights_used"]].round(3)"""),
    ("code", """src = u21.set_index("kato").unemployment_rate
a = u24.set_index("kato").loc["710000000"]
Markdown(f\"\"\"**Reading.** Abai and East Kazakhstan both get {src['630000000']:.1f} %, East Kazakhstan's 2021
rate; Zhetysu and Almaty {src['190000000']:.1f} %; Ulytau and Karaganda {src['350000000']:.1f} %. Astana's
{a.unemployment_rate:.2f} % is a mix of Nur-Sultan's {src['710000000']:.1f} % and Akmola's
{src['110000000']:.1f} %, weighted by the population estimated on the land that joined it (see above).
Every carried rate lies between the lowest ({src.min():.1f} %) and highest ({src.max():.1f} %) of the
2018 units.\"\"\")"""),
    ("md", """## 3. And back: 2024 figures on the 2018 units

For a time series on the old boundaries, the direction reverses. Carrying back a *split* is
exact for totals: East Kazakhstan of 2018 is East Kazakhstan plus Abai of 2024 (whatever the
weights), so the extensive carry-back of population is a sum; only units that changed their
borders in a many-to-many way (Akmola and Astana) depend on the weights."""),
    ("code", """back = kz.to_vintage(kz.panel("population_start_of_year", years=2023), col, from_vintage=2024, to_vintage=2018,
                     kind="extensive", method="population")
names18 = kz.oblasts(2018).set_index("kato").name_en
back["name_en"] = back.kato.map(names18)
print("total 2024 units:", round(pop23.sum(), 3), " total 2018 units:", round(back[col].sum(), 3))
back.loc[back.relation != "same", ["kato", "name_en", col, "relation", "sources"]].round(1)"""),
    ("code", """u23 = kz.panel("unemployment_rate", years=2023)[["kato", "unemployment_rate"]]
print("2024 units with a 2023 rate:", len(u23), "of", len(pop23))
ub = kz.to_vintage(u23, "unemployment_rate", from_vintage=2024, to_vintage=2018, kind="intensive", method="population")
ub["name_en"] = ub.kato.map(names18)
ub.loc[ub.relation != "same", ["kato", "name_en", "unemployment_rate", "sources", "weights_used"]].round(2)"""),
    ("code", """miss = sorted(set(pop23.index) - set(u23.kato))
nan18 = ub.loc[ub.unemployment_rate.isna(), "name_en"].tolist()
Markdown(f\"\"\"**Reading.** The 2023 rates exist for {len(u23)} of the 20 units; missing:
{", ".join(names[k] for k in miss) or "none"}. A 2018 unit fed by a unit without a rate gets
NaN, never a rate computed from the other parts alone: {", ".join(nan18) or "no unit"} here.\"\"\")"""),
    ("md", """### Districts: the 2023 population on the 2018 districts

The 2023 district figures are the only district statistics shipped. Sauran district (KATO
615500000, created in 2021 in Turkistan oblast) has a 2023 figure but no polygon in the boundary
data, so it cannot be carried: it is taken out explicitly, and its people are missing from the
2018 districts around Turkistan city."""),
    ("code", """d23 = kz.panel("population_start_of_year", level="district")          # persons, 2024 districts
in_layer = d23.kato.isin(kz.districts(2024).kato)
print("rows without a polygon:", d23.loc[~in_layer, ["kato", "region_en", col]].to_dict("records"))
d18 = kz.to_vintage(d23[in_layer], col, from_vintage=2024, to_vintage=2018, kind="extensive", method="population")
d18_area = kz.to_vintage(d23[in_layer], col, from_vintage=2024, to_vintage=2018, kind="extensive", method="area")
print("persons carried:", int(d23.loc[in_layer, col].sum()), "-> on 2018 districts:",
      int(d18[col].sum(min_count=1)), "; 2018 districts with NaN:", int(d18[col].isna().sum()))
dn18 = kz.districts(2018).set_index("kato").name_en
d18["name_en"] = d18.kato.map(dn18)
d18["by area"] = d18_area[col].to_numpy()
d18[d18.kato.isin(["191000000", "191600000", "196200000", "632800000"])][["kato", "name_en", col, "by area", "relation", "sources"]].round(0)"""),
    ("code", """nan_d = d18[d18[col].isna()]
no23 = sorted(set(kz.districts(2024).kato) - set(d23.kato))
dn24 = kz.districts(2024).set_index("kato").name_en
kap = d18.set_index("kato").loc["191600000"]
kon = d23.set_index("kato").loc["191000000", col]
Markdown(f\"\"\"**Reading.** Taldykorgan of 2018 (191000000) gets the figure of Taldykorgan of 2024 (331000000), its
same territory under a new code: the carry-back follows land, not codes. Kapchagay of 2018 gets
{kap[col]:,.0f} persons out of Konaev's {kon:,.0f} by population weights ({kap['by area']:,.0f} by area): inside one 2024
district the weights can only spread people evenly over the land, while most of Konaev's people live in
the former Kapchagay city ({x2.loc[x2.from_kato == '191600000', 'to_share'].iloc[0]:.0%} of Konaev's area). Treat
such a figure as a lower bound, not an estimate. {len(nan_d)} districts of 2018 stay NaN because a 2024
district they overlap has no 2023 figure ({", ".join(f"{dn24[k]} {k}" for k in no23)}): the total on the
2018 districts is smaller than the total carried, and says so by NaN instead of by a silent zero.\"\"\")"""),
    ("md", """## 4. Why `kz.attach` refuses rows without a boundary set

A table of figures that does not say which boundaries it was measured on is common: a
spreadsheet with a `kato` column and a value. On units that are the same in both sets (same code,
at least 99 % of the area both ways) that is harmless. On units that changed, the same code means
different land (East Kazakhstan with or without Abai) or a different place (191000000). So
`attach` joins those rows only when the boundary set is known, and reports the rest."""),
    ("code", """table = pop23.reset_index()[["kato", col]]        # 2023 figures, but the table does not say so
j = kz.attach(kz.oblasts(2024), table)
j.attrs["join_report"]"""),
    ("code", """kz.attach(kz.oblasts(2024), table, vintage=2024).attrs["join_report"]"""),
    ("md", """The same at district level, where a code was reused. Joined to the 2018 districts, the 2023
figure of Konaev (191000000) would land on Taldykorgan, a different city in another oblast today. Given the
boundary set, `attach` refuses it with the fix; `to_vintage` then gives the 2018 districts their
values by land:"""),
    ("code", """dt = d23.loc[in_layer, ["kato", col]]
r = kz.attach(kz.districts(2018), dt, vintage=2024).attrs["join_report"]
print(r.matched, "of", r.n_units, "2018 districts joined;", len(r.unmatched_rows), "rows refused")
r.unmatched_rows[r.unmatched_rows.key == "191000000"].reason.iloc[0]"""),
    ("code", """ok = kz.attach(kz.districts(2018), d18[["kato", col]], vintage=2018)
print(ok.attrs["join_report"])
ok.set_index("kato").loc[["191000000"], ["name_en", col]]"""),
    ("md", """## Summary

* `kz.crosswalk(2018, 2024, level=1|2)` says what changed and by how much area.
* `kz.to_vintage(table, column, from_vintage=from, to_vintage=to, kind=..., method=...)` carries values: `extensive`
  conserves totals, `intensive` keeps rates within the range of their sources; NaN propagates.
* Population weights follow people where an oblast was split; they can overstate a city that
  grew onto empty land (Astana above), where area weights are the better guess. Check against a
  count on the new boundaries where one exists, as here.
* `kz.attach` never puts a row on a unit whose meaning changed unless the table says which
  boundaries it was measured on; the join report names every refused row and the fix.

Sources: Bureau of National Statistics of the Republic of Kazakhstan (population on 1 January
2021 and 2023, oblasts and districts; unemployment rate 2021 and 2023), as shipped in
`kzregions/datasets/` with a source on every row; boundaries geokz (A. Rodionov, CC BY 4.0)."""),
]


if __name__ == "__main__":
    build("04_two_vintages", CELLS)
