"""Build kzregions/datasets/geonames_places.csv from the GeoNames file of the shared data folder.

    python tools/build_places.py ../shared/data/points/geonames_kz_cities500.csv

Keeps geonameid, name, latitude, longitude and the GeoNames admin1 code of each of the 351
places; drops the populations (GeoNames' figures disagree with the Bureau's: Sarqant 76,919
against its whole district's 39,898 in 2023), the time zone and the alternate names.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "kzregions" / "datasets" / "geonames_places.csv"


def main(src: str) -> None:
    df = pd.read_csv(src, usecols=["geonameid", "name", "latitude", "longitude", "admin1code"],
                     dtype={"admin1code": str})
    df = df.sort_values("geonameid", kind="stable")
    df.to_csv(OUT, index=False)
    print(f"wrote {OUT} ({len(df)} places)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/points/geonames_kz_cities500.csv")
