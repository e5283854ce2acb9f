"""Build and execute notebooks/08_depressed_or_lagging.ipynb (issue 23).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_08_depressed_or_lagging.py
"""

from __future__ import annotations

from _build import SETUP, build

CELLS = [
    ("md", """
# Which regions are depressed, which are lagging, and why?

**Depressed** (the typology's rule): a region that once grew faster than the country and now grows
slower. **Lagging** (European Commission, SWD(2017) 132): *low income* below 50 % of the national GRP
per person, or *low growth*: at most 90 % and not converging (real per-capita growth no faster than
the country's). Growth here is **real**: the BNS GRP volume index, chained; levels are GRP per person
in current prices against the national figure of the same year.

**Sources.** BNS (GRP, population, GRP volume index table 5926, value added by section table 5927,
employment by sector from the labour force survey), via the sources named in each row. Internal
migration: a repository that names no source (flagged). Boundaries: geokz (A. Rodionov, CC BY 4.0)."""),
    ("code", SETUP),
    ("code", """
from kzregions._i18n import text
from kzregions.specialisation import SECTORS

lag = kz.lagging_regions(2021, 2024, vintage=2024)
t = lag.table.copy()
obl24 = kz.oblasts(2024)   # "Almaty" is a region and a city: say which
NAME = {k: n + (" city" if kind.startswith("city") else "") for k, n, kind in
        zip(obl24["kato"], obl24["name_en"], obl24["kind"])}
t["name_en"] = t["kato"].map(NAME)
display(t[["name_en", "type", "lagging", "level_index", "growth_full"]].round(1).sort_values("level_index"))"""),
    ("code", """
def names(mask):
    return ", ".join(sorted(t.loc[mask, "name_en"]))

Markdown(f\"\"\"**Reading (computed).** Low income (< 50 % of the national GRP per person in 2024):
{names(t["lagging"] == "low income")}. Low growth (≤ 90 % and real per-capita growth 2021-2024 no
faster than the country's): {names(t["lagging"] == "low growth")}. Depressed by the typology's rule on
real growth: {names(t["type"] == "depressed") or "none"}; stagnating: {names(t["type"] == "stagnating")}.\"\"\")"""),
    ("md", """
## The longer view on the 2018 set (2010-2021): who was once fast and is now slow?"""),
    ("code", """
p18 = kz.real_growth_panel(2010, 2021, vintage=2018, population="population_start_of_year")
typ = kz.typology(p18, "grp_per_capita", growth="grp_per_capita_real_index", start=2010, end=2021,
                  population="population_start_of_year")
typ.table[["name_en", "type", "reason"]]"""),
    ("code", """
d = typ.table[typ.table["type"] == "depressed"]
Markdown("**Reading (computed).** Depressed 2010-2021 on real per-capita growth: " + "; ".join(
    f"{r.name_en}: {r.reason}" for r in d.itertuples()) + ". Unclassified units lack a year of real growth "
    "or population on the 2018 set (listed in the reason), not a guess.")"""),
    ("md", """
## Why: what the economies are made of (specialisation, 2024)"""),
    ("code", """
gva = kz.sector_table("gva", 2024)
spec = kz.specialisation_indices(gva)
spec = spec.join(t.set_index("kato")[["name_en", "lagging"]])
spec[["name_en", "lagging", "dominant_sector", "dominant_lq", "krugman"]].round(2).sort_values("krugman")"""),
    ("code", """
obl = kz.attach(kz.oblasts(2024), spec.reset_index()[["kato", "dominant_sector"]], vintage=2024)
show(kz.categorical_map(obl, "dominant_sector", categories=[c for c in SECTORS if c in set(spec["dominant_sector"])],
                        title=text("specialisation_title", "en").format(year=2024)))"""),
    ("code", """
low = spec[spec["lagging"].isin(["low income", "low growth"])]
Markdown(f\"\"\"**Reading (computed).** Among the lagging regions, the sector of highest location quotient is
{", ".join(f"{n}: {s} (LQ {q:.1f})" for n, s, q in zip(low["name_en"], low["dominant_sector"], low["dominant_lq"]))}.
Mining is the sector of highest quotient in {", ".join(spec.loc[spec["dominant_sector"] == "mining", "name_en"])}.
The residual "rest of economy" holds
services and net taxes together, so it is not a pure services share.\"\"\")"""),
    ("md", """
## Why: jobs, 2022-2025 (shift-share of employment)"""),
    ("code", """
ss = kz.shift_share(kz.sector_table("employment", [2022, 2023, 2024, 2025]), 2022, 2025, dynamic=True)
tab = ss.table.join(t.set_index("kato")[["name_en", "lagging"]])
tab[["name_en", "lagging", "change", "national_share", "industry_mix", "regional_shift", "regional_shift_pct"]].round(0)"""),
    ("code", """
g = kz.attach(kz.oblasts(2024), ss.table.reset_index()[["kato", "regional_shift_pct"]], vintage=2024)
show(kz.choropleth(g, "regional_shift_pct", cmap="RdBu", center=0,
                   title=text("shift_share_title", "en").format(start=2022, end=2025),
                   legend_kwds={"title": text("shift_share_unit", "en").format(start=2022)}))"""),
    ("code", """
neg = tab[tab["regional_shift"] < 0].sort_values("regional_shift_pct")
Markdown(f\"\"\"**Reading (computed).** Employment in the units given grew {ss.params["growth"]:+.1f} % in
2022-2025. Regions losing jobs against their sector mix (negative regional shift, % of 2022 employment):
{", ".join(f"{n} {v:+.1f}" for n, v in zip(neg["name_en"], neg["regional_shift_pct"]))}. The three parts
add up to each region's change (largest gap {float((tab[["national_share", "industry_mix",
"regional_shift"]].sum(axis=1) - tab["change"]).abs().max()):.1e} persons).\"\"\")"""),
    ("md", """
## Why: people moving (internal net migration, unverified source)"""),
    ("code", """
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")   # the warning says the source is unverified: it is, and said here
    pc = kz.population_change([2022, 2023, 2024])
pc = pc.merge(t[["kato", "lagging"]], on="kato")
pc.groupby("lagging")[["change_per_1000", "net_migration_per_1000"]].mean().round(1)"""),
    ("code", """
m = pc.groupby("lagging")["net_migration_per_1000"].mean()
Markdown(f\"\"\"**Reading (computed).** Mean internal net migration 2022-2024, per 1000 residents: low income
{m.get("low income", float("nan")):+.1f}, low growth {m.get("low growth", float("nan")):+.1f}, not lagging
{m.get("not lagging", float("nan")):+.1f}. Source of the migration rows not stated upstream
(`source_verified` False on every row); the natural increase is not shipped, so it is not shown.\"\"\")"""),
]

if __name__ == "__main__":
    build("08_depressed_or_lagging", CELLS)
