"""Build and execute notebooks/01_quick_start.ipynb (issue 17).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_01_quick_start.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from _build import SETUP, build

CELLS = [
    ("md", """
# Quick start: boundaries, names, a join that loses nothing, a map for a document

You have a table of figures by region, typed by someone else, and need a map of it in Kazakh and
in Russian for a planning document. This notebook goes the whole way:

1. the administrative boundaries of the two vintages (2018 and 2024) and their names in English,
   Kazakh and Russian;
2. a messy table, with the spellings real tables use, resolved to KATO codes;
3. the join, with its report of every row and unit that did not match (and why a table without
   a `vintage` column needs `vintage=`);
4. the choropleth, saved as PNG and PDF in Kazakh and in Russian.

**Sources.** Boundaries: geokz by A. Rodionov (CC BY 4.0), after the Bureau of National
Statistics (BNS). Unemployment rates: BNS (stat.gov.kz), shipped with the package with the source
on every row (`kz.indicators()` lists them)."""),
    ("code", SETUP),
    ("md", """
## 1. Boundaries of both vintages

Kazakhstan redrew its oblasts on 8 June 2022: Abai, Zhetysu and Ulytau oblasts were created from
East Kazakhstan, Almaty and Karaganda oblasts. `kz.oblasts(2018)` gives the set in force from
19 June 2018 to 7 June 2022, `kz.oblasts(2024)` the set since 8 June 2022 (the default). Every layer
has the same columns, is in EPSG:4326, and carries its areas computed in an equal-area projection."""),
    ("code", """
o18, o24 = kz.oblasts(2018), kz.oblasts(2024)
d18, d24 = kz.districts(2018), kz.districts(2024)
pd.DataFrame({"oblasts and cities": [len(o18), len(o24)], "districts": [len(d18), len(d24)]},
             index=["2018 set", "2024 set"])"""),
    ("code", """o24[["kato", "iso_3166_2", "name_en", "name_kk", "name_ru", "kind", "area_km2"]].round(0)"""),
    ("code", """show(kz.plot_units(o18, title="Oblasts and cities of republican significance, 2018-2022"), dpi=55)"""),
    ("code", """show(kz.plot_units(o24, lang="kk"), dpi=55)   # the same map in Kazakh, 2024 set"""),
    ("code", """
x = kz.crosswalk(2018, 2024, level=1)
x[x["relation"] != "same"][["from_name_en", "to_name_en", "share", "relation"]].round(3)"""),
    ("md", """
The crosswalk says what changed, as shares of each 2018 unit's area (`share`): East Kazakhstan
split into East Kazakhstan and Abai, Almaty oblast into Almaty and Zhetysu, Karaganda into
Karaganda and Ulytau, and Astana (Nur-Sultan until 2022) grew into Akmola. The other units (rows
`same`, not shown) kept their code and at least 99 % of their area. A name resolved from an old
table keeps the vintage it belongs to: `Nur-Sultan` and `Jambyl` below are names of the 2018 set."""),
    ("md", """
## 2. Names in three languages, and a messy table

`kz.resolve` takes a KATO code, an ISO or P-code, or a name in any of the three languages, with
the words for oblast/district/city or without them. Here is a table of the kind that arrives by
e-mail: the unemployment rates of 2023 are the Bureau's real figures (taken from the shipped
panel), but the region column mixes Kazakh Latin of 2021 (`Qaraǵandy oblysy`), Russian official
forms and abbreviations (`ЗКО`, `ВКО`, `СКО`, `обл.`, `г.а.` for a city administration), old
romanisations (`Akmolinskaya`, `Atyraw`), historic names (`Кзыл-Ординская`, `Nur-Sultan`) and a
national total row, as statistical tables have."""),
    ("code", """
spellings = {
    "100000000": "Абайская обл.", "110000000": "Akmolinskaya", "150000000": "Aqtóbe oblysy",
    "190000000": "Алматинская обл.", "230000000": "Atyraw", "270000000": "ЗКО",
    "310000000": "Jambyl", "330000000": "Жетісу облысы", "350000000": "Qaraǵandy oblysy",
    "390000000": "Qostanaı oblysy", "430000000": "Кзыл-Ординская", "470000000": "Mańǵystaý oblysy",
    "550000000": "Павлодарская область", "590000000": "СКО", "610000000": "Туркестанская",
    "620000000": "Ulytau", "630000000": "ВКО", "710000000": "Nur-Sultan",
    "750000000": "г.а. Алматы", "790000000": "Shymkent qalasy",
}
unemp = kz.panel("unemployment_rate", years=2023)          # BNS, one row per region
messy = pd.DataFrame({"Регион": unemp["kato"].map(spellings), "Безработица, %": unemp["unemployment_rate"]})
messy = pd.concat([pd.DataFrame({"Регион": ["Республика Казахстан"], "Безработица, %": [float("nan")]}), messy],
                  ignore_index=True)
messy"""),
    ("code", """
res = kz.resolve_many(messy["Регион"], level=1)
res.table[["query", "kato", "name_en", "vintage", "matched_on", "status"]]"""),
    ("code", """
ok = res.table["status"] == "ok"
display(Markdown(
    f"**Reading.** {ok.sum()} of {len(ok)} spellings resolved to a unit. "
    f"How: {', '.join(f'{n} by {how}' for how, n in res.table.loc[ok, 'matched_on'].value_counts().items())}. "
    f"Not resolved: {', '.join(repr(q) for q in res.unresolved['query'])}: the national total, which is no region; "
    "it stays in the table and is reported, never dropped silently. "
    f"The Bureau gives no 2023 rate for {', '.join(sorted(set(kz.oblasts(2024)['name_en']) - set(kz.oblasts(2024).set_index('kato').loc[unemp['kato'], 'name_en'])))} "
    "in this series, so the messy table has no row for it."))"""),
    ("md", """
Districts work the same way, with the statistics office's forms (`р-н`, `район М.Жумабаева`,
`района им. Г.Мусрепова`), Kazakh Latin (`Qazaly audany`), renamed districts (Челкарский is
today's Shalkar) and a city administration (`г.а. Аркалык`). `oblast=` settles names that repeat
in several oblasts (there are eleven such English district names)."""),
    ("code", """
districts_table = pd.DataFrame({
    "Область": ["Кызылординская обл.", "Qyzylorda oblysy", "СКО", "СКО", "ВКО", "Актюбинская обл.",
                "Костанайская", "Акмолинская обл."],
    "Район": ["Аральский р-н", "Qazaly audany", "район М.Жумабаева", "района им. Г.Мусрепова",
              "Уланский р-н", "Челкарский р-н", "г.а. Аркалык", "Целиноградский р-н"],
})
kz.resolve_many(districts_table["Район"], level=2, oblast=districts_table["Область"]).table[
    ["query", "kato", "name_en", "oblast_en", "matched_on", "status"]]"""),
    ("md", """
## 3. The join, and its report

`kz.attach(units, table, on=...)` resolves the names and joins one row per unit. The report in
`attrs["join_report"]` lists every unit left without a row and every row that joined no unit, each
with its reason.

First, as most people would call it: the messy table has no `vintage` column, so the library
does not know which boundaries its figures were measured on. A row named "Алматинская обл." could
be Almaty oblast before 2022 (with Zhetysu) or after; "ВКО" could be East Kazakhstan with or
without Abai. Rather than guess, `attach` joins such rows only to units that are the same in both
sets and reports the others:"""),
    ("code", """
g = kz.attach(o24, messy, on="Регион")
g.attrs["join_report"]"""),
    ("md", """
The figures are for 2023, so they were measured on the 2024 boundaries (`kz.vintage_for_year(2023)`
says so). Saying it with `vintage=` joins every region; what the report still lists is true of the
data: the national total row, and the unit the Bureau gives no figure for."""),
    ("code", """
print("2023 figures are on the boundary set of", kz.vintage_for_year(2023))
g = kz.attach(o24, messy, on="Регион", vintage=kz.vintage_for_year(2023))
rep = g.attrs["join_report"]
rep"""),
    ("code", """
first = kz.attach(o24, messy, on="Регион").attrs["join_report"]
display(Markdown(
    f"**Reading.** Without `vintage=`, {first.matched} of {first.n_units} units got their row; the other "
    f"{first.n_units - first.matched} are units that changed in 2022 or whose code was reused, so a figure "
    f"without a date could belong to the old unit. With `vintage=2024`, {rep.matched} of {rep.n_units} units "
    f"got their row; left out: {len(rep.unmatched_units)} unit(s) without a figure "
    f"({', '.join(rep.unmatched_units['name_en'])}) and {len(rep.unmatched_rows)} row(s) that are no region "
    f"({', '.join(map(str, rep.unmatched_rows['key']))}). Tables from `kz.panel` carry a `vintage` column and "
    "need no `vintage=`."))"""),
    ("md", """
## 4. A choropleth for a document, in Kazakh and in Russian

`lang="kk"` or `lang="ru"` translates everything the map draws: title and unit (from the indicator
catalogue, because the column is renamed to the indicator's name), legend, "no data", scale bar,
north arrow and attribution. `Map.save` writes PNG (300 dpi by default), PDF or SVG, A4 landscape;
in PDF and SVG the text stays text (fonts embedded), so it can be searched and edited."""),
    ("code", """
import tempfile
from pathlib import Path

g = g.rename(columns={"Безработица, %": "unemployment_rate"})   # the catalogue name gives title and unit
folder = Path(tempfile.mkdtemp())                               # write yours where your document lives
maps = {}
for lang in ["kk", "ru"]:
    # class breaks chosen for one-decimal data with many ties (eight regions at 4.8 %)
    maps[lang] = kz.choropleth(g, "unemployment_rate", lang=lang, cmap="OrRd", scheme="user_defined",
                               classification_kwds={"bins": [4.5, 4.7, 4.8, 4.9, 5.0]},
                               subtitle={"kk": "2023 жыл, %", "ru": "2023 год, %"}[lang],
                               source={"kk": "ҚР Ұлттық статистика бюросы", "ru": "Бюро национальной статистики РК"}[lang])
    maps[lang].save(folder / f"unemployment_2023_{lang}.png", dpi=70)   # for a document: keep the 300 dpi default
    maps[lang].save(folder / f"unemployment_2023_{lang}.pdf")           # vector, text as text
sorted((p.name, f"{p.stat().st_size / 1e3:.0f} kB") for p in folder.iterdir())"""),
    ("code", """Image(filename=folder / "unemployment_2023_kk.png")"""),
    ("code", """Image(filename=folder / "unemployment_2023_ru.png")"""),
    ("code", """maps["ru"].classes"""),
    ("code", """
v = g.dropna(subset=["unemployment_rate"]).sort_values("unemployment_rate")
lo, hi = v.iloc[0], v.iloc[-1]
display(Markdown(
    f"**Reading.** In 2023 the unemployment rate ranged from {lo.unemployment_rate:.1f} % "
    f"({', '.join(v.loc[v.unemployment_rate == lo.unemployment_rate, 'name_en'])}) to {hi.unemployment_rate:.1f} % "
    f"({', '.join(v.loc[v.unemployment_rate == hi.unemployment_rate, 'name_en'])}); the median region had "
    f"{v.unemployment_rate.median():.1f} %. The whole range is "
    f"{hi.unemployment_rate - lo.unemployment_rate:.1f} points and most classes differ by a tenth of a point: "
    "the map shows where unemployment is lowest and highest, not large contrasts. "
    f"{int(g.unemployment_rate.isna().sum())} unit(s) without a figure "
    "are hatched as no data, not dropped."))"""),
    ("md", """
**Where next.** `kz.panel(...)` for other indicators (`kz.indicators()` lists them all), `kz.to_vintage`
to carry 2018-boundary figures onto the 2024 units, `kz.districts()` and
`kz.panel("population_start_of_year", level="district")` for district maps,
`gdf.kz.explore(...)` for an interactive map. The Aral Sea and disparities notebooks go further."""),
]

if __name__ == "__main__":
    build("01_quick_start", CELLS)
