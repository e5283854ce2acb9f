"""Build kzregions/datasets/context_natural_earth.csv.gz: the neighbours of Kazakhstan and the
Caspian Sea, for the grey backdrop of the print maps.

Source: Natural Earth 1:10m Admin 0 countries 5.1.1 (public domain), a copy of which is in
../shared/data/context/natural-earth/ (see its README for the SHA-256 of each part). The
output is a derivative: countries clipped to a box around Kazakhstan (35-60 N, 38-96 E),
simplified to 0.02° (about 2 km, below a line width at the scale of a country map on A4),
coordinates rounded to 0.001°. The Caspian Sea is the part of a box around it (46-55.5 E,
36.5-47.5 N) that no country covers (the layer has no sea polygons). Kazakhstan itself is
not kept: the maps draw the geokz outline.

Lakes: Natural Earth 1:10m lakes (public domain; the copy has no attribute table, so lakes are
told by where they are), every lake of at least 250 km² in the box, simplified to 0.01°. The
named ones get a ``key`` (their names in three languages are in kzregions/_i18n.py,
CONTEXT_NAMES): the parts of the Aral Sea (centroids in 58-62.5 E, 43.5-47 N) are one feature
"aral"; Balkhash, Zaysan, Alakol, Tengiz and Issyk-Kul are the lakes whose centroid lies within
0.5° of the point the source README gives for each. Countries get their ISO code as key.

Run from the repository root:  python tools/build_context.py [path/to/natural-earth]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SRC = Path("../shared/data/context/natural-earth/ne_10m_admin_0_countries_deu.shp")
OUT = Path("kzregions/datasets/context_natural_earth.csv.gz")
SHA256 = "8f3605d1c007daacf1f54069277d1b3daab564e4b584fabbdaf406a443d2639b"
LAKES = Path("../shared/data/context/natural-earth/ne_10m_lakes.shp")
LAKES_SHA256 = "11064fa55ed91b56a0d86733643c1a5bfcc137fdf044e83f471978a5b86617e1"
#: Lakes named on the maps: centroid (lon, lat) of the Natural Earth polygon (source README).
NAMED_LAKES = {"balkhash": (75.6, 46.3), "zaysan": (83.8, 48.4), "alakol": (81.7, 46.1),
               "tengiz": (69.0, 50.4), "issyk_kul": (77.3, 42.4)}
ARAL_BOX = (58.0, 43.5, 62.5, 47.0)
MIN_LAKE_KM2 = 250.0
LAKE_TOLERANCE = 0.01
CLIP = (38.0, 35.0, 96.0, 60.0)
CASPIAN_BOX = (46.0, 36.5, 55.5, 47.5)
TOLERANCE = 0.02


def lakes(src: Path = LAKES) -> list[dict]:
    """The lakes of the box as rows (kind "lake", key as named above, geometry)."""
    import pyogrio
    import shapely
    from shapely.geometry import Point, box

    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    if digest != LAKES_SHA256:
        raise SystemExit(f"{src}: SHA-256 {digest} is not the documented {LAKES_SHA256}")
    lk = pyogrio.read_dataframe(src)
    lk = lk[lk.intersects(box(*CLIP))].reset_index(drop=True)
    km2 = lk.to_crs("+proj=aea +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=68 +datum=WGS84").area / 1e6
    lk = lk[km2 >= MIN_LAKE_KM2]
    aral, rows = [], []
    for g in lk.geometry:
        c = g.centroid
        if box(*ARAL_BOX).contains(c):
            aral.append(g)
            continue
        key = next((k for k, (x, y) in NAMED_LAKES.items() if c.distance(Point(x, y)) < 0.5), "")
        rows.append({"kind": "lake", "key": key, "iso_a3": "", "name_en": "", "name_ru": "", "geometry": g})
    rows.append({"kind": "lake", "key": "aral", "iso_a3": "", "name_en": "Aral Sea", "name_ru": "Аральское море",
                 "geometry": shapely.union_all(aral)})
    return rows


def build(src: Path = SRC, out: Path = OUT) -> Path:
    import gzip

    import pandas as pd
    import pyogrio
    import shapely
    from shapely.geometry import box

    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{src}: SHA-256 {digest} is not the documented {SHA256}")
    ne = pyogrio.read_dataframe(src, columns=["ADM0_A3", "NAME_EN", "NAME_RU"], encoding="UTF-8")
    ne = ne[ne.intersects(box(*CLIP))]
    land = shapely.union_all(ne.geometry.values)
    sea = box(*CASPIAN_BOX).difference(land)
    parts = sorted(shapely.get_parts(sea), key=lambda p: -p.area)
    caspian = parts[0]  # the rest are slivers along the box edge and inland gaps
    rows = []
    for _, r in ne.iterrows():
        if r["ADM0_A3"] == "KAZ":
            continue
        g = r.geometry.intersection(box(*CLIP))
        rows.append({"kind": "country", "key": r["ADM0_A3"], "iso_a3": r["ADM0_A3"], "name_en": r["NAME_EN"],
                     "name_ru": r["NAME_RU"], "geometry": g})
    rows.append({"kind": "sea", "key": "caspian", "iso_a3": "", "name_en": "Caspian Sea",
                 "name_ru": "Каспийское море", "geometry": caspian})
    water = lakes(src.with_name(LAKES.name))
    geoms = list(shapely.simplify(shapely.set_precision([r["geometry"] for r in rows], 0.001), TOLERANCE))
    geoms += list(shapely.simplify(shapely.set_precision([r["geometry"] for r in water], 0.001), LAKE_TOLERANCE))
    rows += water
    df = pd.DataFrame([{k: v for k, v in r.items() if k != "geometry"} for r in rows])
    df["wkt"] = shapely.to_wkt(geoms, rounding_precision=3)
    df = df[[shapely.from_wkt(w).area > 0 for w in df["wkt"]]]
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as fh:  # mtime 0: the same input builds the same bytes
        fh.write(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    print(f"wrote {out}: {len(df)} features, {out.stat().st_size:,} bytes")
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]) / SRC.name if len(sys.argv) > 1 else SRC)
