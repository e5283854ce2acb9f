"""Build and execute notebooks/06_atlas_and_qgis.ipynb: an oblast atlas for a planning document,
a styled GeoPackage for QGIS and GeoParquet.

Run from the repository root:
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_06_atlas_and_qgis.py
(needs the ``docs`` extra: pip install ".[docs]")
"""

from __future__ import annotations

from _build import build

CELLS = [
    ("md", """# An oblast atlas for a planning document, and the same layer for QGIS

A regional plan needs the same indicator twice: as printed sheets, one per oblast, that a reader
can compare page to page; and as a layer the GIS team opens in QGIS with *the same* classes and
colours, so that the map in the document and the map on the screen never disagree.

This notebook makes both for the population density of the districts of 2024 on 1 January 2023:

1. an atlas (`kz.atlas`): a cover with the national map and contents, then one sheet per oblast
   and city of republican significance, all classed on one national classification;
2. a GeoPackage (`kz.to_gpkg`) whose `layer_styles` table holds the map's classes as a QGIS
   style, read back here with `sqlite3` to check that they are the map's;
3. GeoParquet (`kz.to_parquet`) for analysts who work in Python, R, DuckDB or GDAL.

Everything is written into a temporary folder, never into the repository.

Sources: district population on 1 January 2023, Bureau of National Statistics (shipped with
kzregions); boundaries geokz (A. Rodionov, CC BY 4.0), after the Bureau."""),
    ("code", """import json
import sqlite3
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from IPython.display import Image, Markdown

import kzregions as kz

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
out_dir = Path(tempfile.mkdtemp(prefix="kzregions-atlas-"))   # a temporary folder, removed by the OS"""),
    ("md", """## The indicator

Population on 1 January 2023 joined to the 2024 districts; `kz.derive` divides it by each
district's area (km², equal-area projection). A few districts have no 2023 figure in the
Bureau's table, and the row of Sauran district (created in 2021) has no polygon: the join report
lists them, and those districts are printed as "No data", never as zero."""),
    ("code", """col = "population_start_of_year_density"
gdf = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
gdf = kz.derive(gdf, density="population_start_of_year")       # persons per km²
print(gdf.attrs["join_report"])
gdf[["kato", "name_en", "oblast_en", "population_start_of_year", "area_km2", col]].head(4).round(2)"""),
    ("md", """## One classification for the document

The library's default classes (quantiles, rounded to 1-2-5 numbers because density spans
orders of magnitude) are computed once, on every district of the country. The same `Classes`
object then goes to the atlas and to the GeoPackage, so a colour means the same density on every
page and in QGIS."""),
    ("code", """m = kz.choropleth(gdf, col, title="Population density by district, 1 January 2023",
                  subtitle="districts of 2024", source="Bureau of National Statistics")
m.classes"""),
    ("md", """## 1. The atlas

All 20 sheets (17 oblasts and the cities of Astana, Almaty and Shymkent, whose sheets show their
city districts) plus the cover, as a vector PDF with the text kept as text. `images="png"` also
writes every page as a small PNG (for a slide or a web page); `progress=False` keeps the
notebook's output clean."""),
    ("code", """t0 = time.perf_counter()
a = kz.atlas(gdf, col, classes=m.classes, path=out_dir / "density_atlas.pdf",
             title="Population density, 1 January 2023", source="Bureau of National Statistics",
             images="png", images_dir=out_dir / "pages", dpi=60, progress=False)
took = time.perf_counter() - t0
pdf = out_dir / "density_atlas.pdf"
print(f"{pdf.name}: {1 + len(a.pages)} pages, {pdf.stat().st_size / 1e6:.1f} MB, written in {took:.0f} s")
pd.DataFrame([(p.number, p.name, p.paper, p.orientation, len(p.table)) for p in a.pages],
             columns=["page", "sheet", "paper", "orientation", "units"]).set_index("page")"""),
    ("code", """page = next(p for p in a.pages if p.key == "190000000")      # Almaty oblast
img = next(i for i in a.images if i.name.startswith(f"page-{page.number:02d}-"))
Image(filename=str(img), width=640)"""),
    ("md", "What the sheet's table prints: each district's value, its rank among all districts of the country, its class."),
    ("code", """page.table[["kato", "name", "text", "rank", "class"]].head(12)"""),
    ("code", """tb = page.table
dense = tb.sort_values("value", ascending=False).iloc[0]
sparse = tb.sort_values("value").iloc[0]
nodata = tb.loc[tb["value"].isna(), "name"].tolist()
counts = pd.Series(a.classes.counts, index=a.classes.labels)
Markdown(f\"\"\"**Reading.** On the sheet of {page.name}, {dense['name']} is the densest district
({dense['value']:,.0f} persons per km², rank {dense['rank']:.0f} of the country's {int(counts.sum())} districts with a
figure), {sparse['name']} the sparsest ({sparse['value']:,.1f}, rank {sparse['rank']:.0f}).
{("No figure for " + ", ".join(nodata) + ": drawn hatched and listed without a rank. ") if nodata else ""}Nationally
the classes hold {", ".join(f"{n} districts at {lab}" for lab, n in counts.items())} persons per km²;
{a.classes.n_missing} districts have no figure. Because every sheet uses these classes, a district
coloured dark red on the Almaty sheet is as dense as one coloured dark red on the Kostanay sheet.\"\"\")"""),
    ("md", """## 2. A GeoPackage that opens styled in QGIS

`kz.to_gpkg(..., style=m)` writes the layer and a row of the GeoPackage's `layer_styles` table
(the table QGIS reads, with QGIS's own columns) holding a graduated renderer in QGIS's QML
format, marked as the layer's default style."""),
    ("code", """gpkg = kz.to_gpkg(gdf, out_dir / "density.gpkg", "districts_2024", style=m)
with sqlite3.connect(gpkg) as con:
    row = pd.read_sql("SELECT f_table_name, f_geometry_column, styleName, useAsDefault, description, "
                      "length(styleQML) AS qml_chars, length(styleSLD) AS sld_chars FROM layer_styles", con)
    qml = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'districts_2024'").fetchone()[0]
row"""),
    ("md", """Read the renderer back from the QML, as QGIS will: each range's lower and upper bound, label
and fill colour; the last range is the no-data style (a NULL falls in no range, so the renderer
classifies `coalesce(..., -1e308)`)."""),
    ("code", """root = ET.fromstring(qml.split("\\n", 1)[1])            # after the <!DOCTYPE> line
ren = root.find("renderer-v2")
fills = {s.get("name"): s.find(".//Option[@name='color']").get("value") for s in ren.find("symbols")}
ranges = pd.DataFrame([{"lower": float(r.get("lower")), "upper": float(r.get("upper")), "label": r.get("label"),
                        "colour": fills[r.get("symbol")]} for r in ren.find("ranges")])
print("renderer:", ren.get("type"), "on", ren.get("attr"))
ranges.assign(lower=ranges.lower.map("{:.6g}".format), upper=ranges.upper.map("{:.6g}".format))"""),
    ("code", """classed = ranges.iloc[:-1]
rgba = [",".join(str(round(c * 255)) for c in col) for col in m.classes.colors]
check = pd.Series({
    "upper bounds = the map's breaks": np.allclose(classed.upper, m.classes.bins),
    "lowest bound = the data's minimum": np.isclose(classed.lower.iloc[0], m.classes.lower),
    "labels = the map's legend": list(classed.label) == list(m.classes.labels),
    "colours = the map's colours": list(classed.colour) == rgba,
    "atlas used the same breaks": np.allclose(a.classes.bins, m.classes.bins),
})
check"""),
    ("md", """Equal breaks are not yet equal maps: the map classes each district by its value *as the
legend prints it*. Where the printed ranges share their ends ("0.09 – 2 | 2 – 5") that is the raw
value; where they do not (whole numbers: "1 – 4 | 5 – 100"), the style classifies
`round(value, decimals)`, so that no unit falls between two printed ranges. Both are clamped to the
classes' ends. Evaluate the stored expression the way QGIS does (first range whose lower ≤ v ≤
upper) for every district and compare with the map:"""),
    ("code", """import re

v = gdf[col].to_numpy(dtype=float)
lo, d, hi = re.fullmatch(r'coalesce\\(clamp\\(([^,]+), (?:round\\("[^"]+", (\\d+)\\)|"[^"]+"), ([^)]+)\\), -1e\\+308\\)',
                         ren.get("attr")).groups()
vq = np.clip(np.round(v, int(d)) if d is not None else v, float(lo), float(hi))
edges = classed.upper.to_numpy()
qgis_class = np.where(np.isnan(vq), -1, np.searchsorted(edges, vq, side="left"))
map_class = np.asarray(m.classes.yb)
differ = gdf.loc[qgis_class != map_class, ["name_en", "oblast_en", col]]
raw_class = np.where(np.isnan(v), -1, np.searchsorted(edges, v, side="left"))
print(f"{len(differ)} of {len(gdf)} districts fall in another class in QGIS than on the map; "
      f"{int((raw_class != map_class).sum())} would, had the renderer used the raw values")"""),
    ("code", """ok = bool(check.all())
Markdown((f\"\"\"**Reading.** The style stored in the GeoPackage has the map's {len(classed)} breaks, labels and
colours exactly, plus the no-data style, and the atlas used the same breaks.\"\"\" if ok else
          "**Reading.** The stored style does NOT match the map: " + ", ".join(check.index[~check.values]) + ".")
         + (f\" QGIS puts every district in the same class as the map ({int((raw_class != map_class).sum())} \"
            \"districts lie between a break and the next printed value and would not, were the raw values \"
            \"classified).\" if differ.empty else f\" But {len(differ)} districts differ: check them.\"))"""),
    ("code", """back = gpd.read_file(gpkg, layer="districts_2024")
print(len(back), "features;", back.crs, "; columns:", ", ".join(back.columns[:8]), "...")
print("values read back equal:", np.allclose(back[col].to_numpy(float), v, equal_nan=True))"""),
    ("md", """## 3. GeoParquet

`kz.to_parquet` writes GeoParquet 1.1: geometry as WKB, the CRS as PROJJSON in the file's `geo`
metadata, and a per-row `bbox` column that lets readers skip row groups outside an area of
interest."""),
    ("code", """pq_path = kz.to_parquet(gdf, out_dir / "density.parquet")
geo = json.loads(pq.read_metadata(pq_path).metadata[b"geo"])
gcol = geo["columns"][geo["primary_column"]]
print(f"{pq_path.name}: {pq_path.stat().st_size / 1e6:.2f} MB; GeoParquet {geo['version']}; encoding {gcol['encoding']}; "
      f"CRS {gcol['crs']['id']['authority']}:{gcol['crs']['id']['code']}; covering: {list(gcol.get('covering', {}))}")
g2 = gpd.read_parquet(pq_path)
print(len(g2), "rows; CRS", g2.crs.to_epsg(), "; values equal:", np.allclose(g2[col].to_numpy(float), v, equal_nan=True))"""),
    ("code", """sizes = {p.name: p.stat().st_size for p in [pdf, gpkg, pq_path]}
Markdown(\"**Files written** (in the temporary folder): \" + \"; \".join(f\"`{n}` {s / 1e6:.1f} MB\" for n, s in sizes.items())
         + f\"; and {len(a.images)} page images. Copy them where the document and the GIS project live.\")"""),
    ("md", """## Summary

* `kz.atlas(gdf, column, classes=..., path=..., lang="en"|"kk"|"ru")` writes the document's sheets:
  one national classification, a table with national ranks on every sheet, no-data listed.
  `only=[...]` draws a few sheets for a preview; the ranks still use every district.
* `kz.to_gpkg(gdf, path, layer, style=map)` gives QGIS the same breaks, labels and colours,
  and the same class for every district; `kz.to_parquet` the same data as GeoParquet 1.1.

Sources: population on 1 January 2023 by district, Bureau of National Statistics (shipped in
`kzregions/datasets/`); boundaries geokz (A. Rodionov, CC BY 4.0)."""),
]


if __name__ == "__main__":
    build("06_atlas_and_qgis", CELLS)
