"""Build and execute notebooks/points.ipynb: real places assigned to districts (issue 15).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_points.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).parent

CELLS = [
    ("md", """# Located records to districts: `kz.assign` and `kz.aggregate`

The 351 GeoNames places of Kazakhstan with 500 or more inhabitants (GeoNames, geonames.org,
CC BY 4.0; a copy sits beside the boundary mirror in `shared/data/points/`). Only their
coordinates are used: GeoNames' populations are not reliable (its Sarqant has more people than
the whole Sarkand district in the Bureau of National Statistics' count)."""),
    ("code", """import os
from pathlib import Path

import pandas as pd

import kzregions as kz

pd.set_option("display.width", 160)
points_csv = Path(os.environ["KZREGIONS_DATA_DIR"]).resolve().parents[1] / "points" / "geonames_kz_cities500.csv"
places = pd.read_csv(points_csv, usecols=["geonameid", "name", "latitude", "longitude"])
len(places)"""),
    ("md", """## Each place in its district

Plain coordinate columns: no shapely points are built. The result keeps every row; `kato` is NaN
where a point lies in no district, and the report in `attrs` counts those."""),
    ("code", """out = kz.assign(places, x="longitude", y="latitude", crs=4326)
out.attrs["assign_report"]"""),
    ("code", """names = kz.districts(2024).set_index("kato")["name_en"]
out["district"] = out["kato"].astype(object).map(names)
out[["name", "latitude", "longitude", "kato", "district", "oblast_kato"]].head(10)"""),
    ("code", """out[out["kato"].isna()][["name", "latitude", "longitude"]]  # in no district polygon: NaN, counted"""),
    ("md", """The answer is the one `geopandas.sjoin(predicate="within")` gives, point for point (the tests
check it on random points, on polygon vertices, edge midpoints and outside the country):"""),
    ("code", """import geopandas as gpd

pts = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places.longitude, places.latitude), crs=4326)
ref = gpd.sjoin(pts, kz.districts(2024)[["kato", "geometry"]], predicate="within", how="left")
(ref["kato"].astype(object).fillna("-").to_numpy() == out["kato"].astype(object).fillna("-").to_numpy()).all()"""),
    ("md", """## Places per district, ready for a map or a join

`kz.aggregate` returns every district (zero where no place fell), with the units' schema, so the
map functions take it as it is; `geometry=False` gives the plain table for `kz.attach`."""),
    ("code", """agg = kz.aggregate(places, level=2, x="longitude", y="latitude", values={"geonameid": "count"})
agg.sort_values("n_points", ascending=False)[["kato", "name_en", "oblast_en", "n_points", "share_points"]].head(8)"""),
    ("code", """(agg["n_points"] == 0).sum(), len(agg)"""),
    ("code", """kz.choropleth(agg, "n_points", scheme="user_defined", bins=[0, 1, 2, 4, 8, 40],
              title="GeoNames places (500+ inhabitants) per district, 2024 boundaries",
              source="GeoNames (CC BY 4.0); boundaries geokz (CC BY 4.0)", unit="places")"""),
    ("md", """## In a programme region

Membership and zone of each place for any `ProgrammeRegion`, here the Aral Sea zones of the 1992 law."""),
    ("code", """aral = kz.assign(places, x="longitude", y="latitude", regions=kz.programme("aral_sea"))
aral[aral["in_region"]].groupby("zone", observed=True)["name"].apply(lambda s: ", ".join(s))"""),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    for kind, text in CELLS:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    out = HERE / "points.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
