import sys, time, warnings
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import kzregions as kz
OUT = "/tmp/fa/"
which = set(sys.argv[1:]) or {"prop", "reg", "choro", "lisa", "sm"}
langs = ("en", "kk", "ru")
def save(m, name):
    fig = getattr(m, "fig", None) or getattr(m, "figure", None)
    fig.savefig(OUT + name + ".png", dpi=110)
    plt.close("all")
if "prop" in which:
    pop = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    for l in langs:
        save(kz.proportional_map(pop, "population_start_of_year", lang=l), f"propmap_obl_{l}")
    save(kz.proportional_map(d, "population_start_of_year", lang="ru"), "propmap_dist_ru")
if "reg" in which:
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    d["log_density"] = np.log(d["population_start_of_year"] / d["area_km2"])
    homo = kz.regionalize(d, "log_density", floor=1_000_000, floor_column="population_start_of_year")
    huff = kz.catchments(d, kz.centres(2024), method="huff", column="population_start_of_year")
    from kzregions.functional import gravity_flows
    flows = gravity_flows(d, "population_start_of_year", share=0.3)
    func = kz.functional_regions(d, flows, n_regions=12, contiguous=True)
    for l in langs:
        save(homo.plot(lang=l), f"maxp_{l}")
        save(huff.plot(lang=l), f"huff_{l}")
        save(func.plot(lang=l), f"functional_{l}")
if "choro" in which:
    obl23 = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    g = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022, vintage=2024))
    for l in langs:
        save(kz.choropleth(obl23, "unemployment_rate", lang=l, highlight=kz.programme("aral_sea")), f"unemp_aral_{l}")
        save(kz.choropleth(g, "grp_per_capita", lang=l, highlight=kz.programme("aral_sea")), f"grppc_aral_{l}")
        save(kz.choropleth(obl23, "unemployment_rate", lang=l), f"unemp_{l}")
if "lisa" in which:
    obl22 = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2022, vintage=2024))
    sa = kz.spatial_autocorrelation(obl22, "unemployment_rate")
    for l in langs:
        save(sa.plot(lang=l), f"lisa_{l}")
if "sm" in which:
    p = kz.attach_each(kz.panel("unemployment_rate", years=range(2019, 2023)))
    for l in langs:
        save(kz.small_multiples(p, "unemployment_rate", lang=l), f"sm_{l}")
