"""Build kzregions/datasets/context_natural_earth.csv.gz: the neighbours of Kazakhstan and the
Caspian Sea, for the grey backdrop of the print maps.

Source: Natural Earth 1:10m Admin 0 countries 5.1.1 (public domain), a copy of which is in
../shared/data/context/natural-earth/ (see its README for the SHA-256 of each part). The
output is a derivative: countries clipped to a box around Kazakhstan (35-60 N, 38-96 E),
simplified to 0.02° (about 2 km, below a line width at the scale of a country map on A4),
coordinates rounded to 0.001°. The Caspian Sea is the part of a box around it (46-55.5 E,
36.5-47.5 N) that no country covers (the layer has no sea polygons). Kazakhstan itself is
not kept: the maps draw the geokz outline.

Run from the repository root:  python tools/build_context.py [path/to/natural-earth]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SRC = Path("../shared/data/context/natural-earth/ne_10m_admin_0_countries_deu.shp")
OUT = Path("kzregions/datasets/context_natural_earth.csv.gz")
SHA256 = "8f3605d1c007daacf1f54069277d1b3daab564e4b584fabbdaf406a443d2639b"
CLIP = (38.0, 35.0, 96.0, 60.0)
CASPIAN_BOX = (46.0, 36.5, 55.5, 47.5)
TOLERANCE = 0.02


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
        rows.append({"kind": "country", "iso_a3": r["ADM0_A3"], "name_en": r["NAME_EN"],
                     "name_ru": r["NAME_RU"], "geometry": g})
    rows.append({"kind": "sea", "iso_a3": "", "name_en": "Caspian Sea", "name_ru": "Каспийское море",
                 "geometry": caspian})
    geoms = shapely.simplify(shapely.set_precision([r["geometry"] for r in rows], 0.001), TOLERANCE)
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
