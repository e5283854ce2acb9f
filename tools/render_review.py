"""Render every map type of kzregions in English, Kazakh and Russian for a cartographer's review.

Writes PNGs (atlas pages through ``pdftoppm``), the explore HTML pages and a styled GeoPackage
to ``OUT`` (default ``/work/wt/review/r24``), then prints a short inventory: for each map its
file and the text artists drawn on it, so the review can compare what it sees with what was
meant to be written. Nothing here is a test; the review is done by opening the images.

Run from the repository root (boundaries from the geokz mirror, never committed):

    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python tools/render_review.py [OUT] [--only NAME]
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kzregions as kz  # noqa: E402

LANGS = ("en", "kk", "ru")
DPI = 90
LATIN = re.compile(r"[A-Za-z]{2,}")


def texts_of(m) -> list[str]:
    fig = m.fig if hasattr(m, "fig") else m
    out = []
    # axis labels ("Easting [metre]") of axes drawn without axes are not on the page
    hidden = {id(lab) for a in fig.axes if not a.axison for lab in (a.xaxis.label, a.yaxis.label)}
    for t in fig.findobj(matplotlib.text.Text):
        s = t.get_text().strip()
        if s and t.get_visible() and id(t) not in hidden:
            out.append(s)
    return out


def save(m, out: Path, name: str, lang: str, log: list) -> None:
    path = out / f"{name}_{lang}.png"
    m.save(path, dpi=DPI) if hasattr(m, "save") else m.fig.savefig(path, dpi=DPI)
    words = texts_of(m)
    latin = sorted({w for s in words for w in LATIN.findall(s)}) if lang != "en" else []
    log.append(f"{path.name}: {len(words)} texts" + (f"; Latin words: {latin}" if latin else ""))
    import matplotlib.pyplot as plt

    plt.close(m.fig if hasattr(m, "fig") else m)


# ---------------------------------------------------------------- the maps

def choropleth_l1(lang):
    o = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    return kz.choropleth(o, "unemployment_rate", lang=lang)


def choropleth_l1_aral(lang):
    d = kz.derive(kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024)),
                  density="population_start_of_year")
    return kz.choropleth(d, "population_start_of_year_density", lang=lang, highlight=kz.programme("aral_sea"))


def choropleth_l1_2018(lang):
    o = kz.attach(kz.oblasts(2018), kz.panel("unemployment_rate", years=2019, vintage=2018))
    return kz.choropleth(o, "unemployment_rate", lang=lang)


def choropleth_l1_2018_period(lang):
    o = kz.attach(kz.oblasts(2018, names="period"), kz.panel("unemployment_rate", years=2019, vintage=2018))
    return kz.choropleth(o, "unemployment_rate", lang=lang)


def choropleth_l2_kyzylorda(lang):
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district",
                                                         years=2023)), density="population_start_of_year")
    d = d[d["oblast_kato"] == "430000000"]
    return kz.choropleth(d, "population_start_of_year_density", lang=lang, highlight=kz.programme("aral_sea"))


def choropleth_l2_abai(lang):
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district",
                                                         years=2023)), density="population_start_of_year")
    d = d[d["oblast_kato"].isin(["100000000", "630000000"])]
    return kz.choropleth(d, "population_start_of_year_density", lang=lang)


def choropleth_l2_country(lang):
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district",
                                                         years=2023)), density="population_start_of_year")
    return kz.choropleth(d, "population_start_of_year_density", lang=lang, highlight=kz.programme("aral_sea"))


def plot_units_l1(lang):
    return kz.plot_units(kz.oblasts(2024), lang=lang)


def plot_units_l2_astana(lang):
    d = kz.districts(2024)
    return kz.plot_units(d[d["oblast_kato"].isin(["710000000", "110000000"])], lang=lang)


def typology(lang):
    p18 = kz.real_growth_panel(2010, 2021, vintage=2018, population="population_start_of_year")
    t = kz.typology(p18, "grp_per_capita", growth="grp_per_capita_real_index", start=2010, end=2021,
                    population="population_start_of_year")
    return t.plot(lang=lang)


def lagging(lang):
    lag = kz.lagging_regions(2021, 2024, vintage=2024)
    return lag.plot(lang=lang)


def lisa(lang):
    pov = kz.attach(kz.oblasts(2024), kz.panel("sdg:1.2.1", years=2023))
    return kz.spatial_autocorrelation(pov, "poverty_below_subsistence_minimum").plot(lang=lang)


def multiples(lang):
    p = kz.panel("unemployment_rate", years=[2019, 2021, 2023, 2024])
    data = kz.attach_each(p)
    return kz.small_multiples(data, "unemployment_rate", lang=lang)


def proportional(lang):
    pop = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    return kz.proportional_map(pop, "population_start_of_year", lang=lang)


def proportional_l2(lang):
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    return kz.proportional_map(d, "population_start_of_year", lang=lang)


def zone_aral(lang):
    return kz.categorical_map(kz.programme("aral_sea").geometry, "zone", lang=lang)


def zone_aral_members(lang):
    return kz.categorical_map(kz.programme("aral_sea").members, "zone", lang=lang)


def zone_semey(lang):
    return kz.categorical_map(kz.programme("semipalatinsk").geometry, "zone", lang=lang)


def zone_semey_members(lang):
    return kz.categorical_map(kz.programme("semipalatinsk").members, "zone", lang=lang)


_D = {}


def _districts_pop():
    if "d" not in _D:
        import numpy as np

        pop = "population_start_of_year"
        d = kz.attach(kz.districts(2024), kz.panel(pop, level="district", years=2023))
        d["log_density"] = np.log(d[pop] / d["area_km2"])
        _D["d"] = d
    return _D["d"]


def catchment_huff(lang):
    return kz.catchments(_districts_pop(), kz.centres(2024), method="huff",
                         column="population_start_of_year").plot(lang=lang)


def catchment_nearest(lang):
    return kz.catchments(_districts_pop(), kz.centres(2024), method="nearest").plot(lang=lang)


def functional(lang):
    from kzregions.functional import gravity_flows

    d = _districts_pop()
    if "flows" not in _D:
        _D["flows"] = gravity_flows(d, "population_start_of_year", share=0.3)
    return kz.functional_regions(d, _D["flows"], n_regions=12, contiguous=True,
                                 column="population_start_of_year").plot(lang=lang)


def regionalize_maxp(lang):
    if "homo" not in _D:
        _D["homo"] = kz.regionalize(_districts_pop(), "log_density", floor=1_000_000,
                                    floor_column="population_start_of_year")
    return _D["homo"].plot(lang=lang)


def regionalize_ward(lang):
    o = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    return kz.regionalize(o, "unemployment_rate", method="ward", n_regions=5).plot(lang=lang)


def lq_mining(lang):
    lq = kz.location_quotients(kz.sector_table("gva", 2024))
    o = kz.oblasts(2024).merge(lq, left_on="kato", right_index=True, how="left")
    return kz.choropleth(o, "mining", lang=lang)


def specialisation(lang):
    from kzregions._i18n import text
    from kzregions.specialisation import SECTORS

    spec = kz.specialisation_indices(kz.sector_table("gva", 2024))
    obl = kz.attach(kz.oblasts(2024), spec.reset_index()[["kato", "dominant_sector"]], vintage=2024)
    return kz.categorical_map(obl, "dominant_sector", lang=lang,
                              categories=[c for c in SECTORS if c in set(spec["dominant_sector"])],
                              title=text("specialisation_title", lang).format(year=2024))


def krugman(lang):
    spec = kz.specialisation_indices(kz.sector_table("gva", 2024))
    o = kz.oblasts(2024).merge(spec[["krugman"]], left_on="kato", right_index=True, how="left")
    return kz.choropleth(o, "krugman", lang=lang)


def shift_share(lang):
    ss = kz.shift_share(kz.sector_table("employment", [2022, 2023, 2024, 2025]), 2022, 2025, dynamic=True)
    o = kz.oblasts(2024).merge(ss.table, left_on="kato", right_index=True, how="left")
    return kz.choropleth(o, "regional_shift_pct", lang=lang, center=0)


def real_growth(lang):
    g = kz.real_growth(2010, 2021, vintage=2018, per_capita=True)
    o = kz.oblasts(2018).merge(g, on="kato", how="left") if "kato" in g.columns else \
        kz.oblasts(2018).merge(g, left_on="kato", right_index=True, how="left")
    col = next(c for c in g.columns if c not in ("kato", "name_en", "name_kk", "name_ru", "year")
               and g[c].dtype.kind == "f")
    return kz.choropleth(o, col, lang=lang)


def grp_index(lang):
    grp = kz.derive(kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022)), index="grp_per_capita")
    return kz.choropleth(grp, "grp_per_capita_index", center=100, k=6, lang=lang)


def criteria(lang):
    pt = kz.panel("grp_per_capita", "population_start_of_year", "poverty", "unemployment_rate",
                  years=range(2008, 2022), national=True)
    natl = pt[(pt["kato"] == "000000000") & (pt["year"] == 2021)].iloc[0]
    crit = [("poverty_below_subsistence_minimum", ">", natl["poverty_below_subsistence_minimum"], "poverty"),
            ("unemployment_rate", ">", natl["unemployment_rate"], "unemployment"), ("density", "<", 5, "sparse")]
    pt = pt[pt["kato"] != "000000000"]
    return kz.criteria_typology(pt, crit, start=2008, end=2021, vintage=2018).plot(lang=lang)


def catchment_reilly(lang):
    return kz.catchments(_districts_pop(), kz.centres(2024), method="reilly",
                         column="population_start_of_year").plot(lang=lang)


def functional_programme(lang):
    from kzregions.functional import gravity_flows

    d = _districts_pop()
    if "flows" not in _D:
        _D["flows"] = gravity_flows(d, "population_start_of_year", share=0.3)
    f = kz.functional_regions(d, _D["flows"], n_regions=12, contiguous=True, column="population_start_of_year")
    return kz.categorical_map(f.to_programme("Functional regions").geometry, "zone", lang=lang)


def agglomerations(lang):
    agg = kz.programme("agglomerations")
    return kz.categorical_map(agg.members, "zone", lang=lang, labels=False, outline=kz.oblasts(2024))


def vintage_change(lang):
    o18, o24 = kz.oblasts(2018), kz.oblasts(2024)
    chg = o24.assign(change=["unchanged" if k in set(o18["kato"]) else "new in 2022" for k in o24["kato"]])
    return kz.categorical_map(chg, "change", lang=lang)


MAPS = {f.__name__: f for f in (
    choropleth_l1, choropleth_l1_aral, choropleth_l1_2018, choropleth_l1_2018_period,
    choropleth_l2_kyzylorda, choropleth_l2_abai, choropleth_l2_country, plot_units_l1, plot_units_l2_astana,
    typology, lagging, lisa, multiples, proportional, proportional_l2, zone_aral, zone_aral_members,
    zone_semey, zone_semey_members, catchment_huff, catchment_nearest, functional, regionalize_maxp,
    regionalize_ward, lq_mining, specialisation, krugman, shift_share, real_growth, grp_index, criteria,
    catchment_reilly, functional_programme, agglomerations, vintage_change)}


# ---------------------------------------------------------------- atlas, explore, QGIS

def atlas_pages(out: Path, lang: str, log: list) -> None:
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district",
                                                         years=2023)), density="population_start_of_year")
    pdf = out / f"atlas_{lang}.pdf"
    kz.atlas(d, "population_start_of_year_density", path=pdf, lang=lang, progress=False,
             only=["Kyzylorda", "Akmola", "Abay", "Turkestan"])
    for old in out.glob(f"atlas_{lang}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / f"atlas_{lang}")], check=True)
    log.append(f"atlas_{lang}.pdf: {len(list(out.glob(f'atlas_{lang}-*.png')))} pages")
    zpdf = out / f"atlas_aral_{lang}.pdf"
    kz.atlas(d, "population_start_of_year_density", by=kz.programme("aral_sea"), path=zpdf, lang=lang,
             progress=False)
    for old in out.glob(f"atlas_aral_{lang}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(zpdf), str(out / f"atlas_aral_{lang}")], check=True)
    log.append(f"atlas_aral_{lang}.pdf: {len(list(out.glob(f'atlas_aral_{lang}-*.png')))} pages")


def explore_page(out: Path, lang: str, log: list) -> None:
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district",
                                                         years=2023)), density="population_start_of_year")
    m = kz.explore(d, "population_start_of_year_density", lang=lang, offline=True)
    path = out / f"explore_{lang}.html"
    m.save(str(path))
    html = path.read_text(encoding="utf-8")
    checks = {w: (w in html) for w in ("km / mi", "metric: true", "imperial: false", "persons/km",
                                       "адам/км", "No data", "Деректер жоқ", "Нет данных")}
    log.append(f"{path.name}: {len(html)} chars; {checks}")


def gpkg(out: Path, log: list) -> None:
    path = out / "review.gpkg"
    path.unlink(missing_ok=True)
    o = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    for lang in LANGS:
        m = kz.choropleth(o, "unemployment_rate", lang=lang)
        kz.to_gpkg(o, path, f"unemployment_{lang}", style=m, lang=lang)
        aral = kz.programme("aral_sea")
        zm = kz.categorical_map(aral.geometry, "zone", lang=lang)
        kz.to_gpkg(aral.geometry, path, f"aral_{lang}", style=zm, lang=lang)
    with sqlite3.connect(path) as con:
        rows = con.execute("select f_table_name, styleName, description from layer_styles").fetchall()
        qml = con.execute("select f_table_name, styleQML from layer_styles").fetchall()
    for r in rows:
        log.append(f"gpkg style: {r}")
    for name, q in qml:
        labels = re.findall(r'label="([^"]*)"', q)
        log.append(f"gpkg {name} labels: {labels}")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("/work/wt/review/r24")
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else None
    out.mkdir(parents=True, exist_ok=True)
    log: list[str] = []
    warnings.simplefilter("ignore")
    for name, draw in MAPS.items():
        if only and name not in only:
            continue
        for lang in LANGS:
            try:
                save(draw(lang), out, name, lang, log)
            except Exception as exc:  # the review records a map that fails, and goes on
                log.append(f"{name}_{lang}: FAILED {type(exc).__name__}: {exc}")
                traceback.print_exc()
    for extra in ("atlas", "explore", "gpkg"):
        if only and extra not in only:
            continue
        try:
            if extra == "gpkg":
                gpkg(out, log)
            else:
                for lang in LANGS:
                    (atlas_pages if extra == "atlas" else explore_page)(out, lang, log)
        except Exception as exc:
            log.append(f"{extra}: FAILED {type(exc).__name__}: {exc}")
            traceback.print_exc()
    (out / "inventory.txt").write_text("\n".join(log) + "\n", encoding="utf-8")
    print("\n".join(log))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
