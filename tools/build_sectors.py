"""Copy the sector, real-growth and migration tables into kzregions/datasets/ with source columns.

Run from the repository root:

    python tools/build_sectors.py ../shared/data/stats/sectors-growth-migration

Nothing is computed or filled in: the values are copied as they are; a ``source`` column (and for
migration a ``kato`` resolved from the region name and a ``source_verified`` flag) is added.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent.parent / "kzregions" / "datasets"
REPO = "makenerzhan-gif/kazakhstan-economic-data"
COMMIT = "454b3d3a"


def main(src: Path) -> None:
    v = pd.read_csv(src / "grp-volume-index" / "grp_volume_index_by_region.csv", dtype={"kato": str})
    v["source"] = (f"{REPO}:data/processed/dims/grp_volume_index_by_region.csv@{COMMIT} "
                   "(BNS dynamic table 5926, GRP volume index)")
    v.to_csv(OUT / "grp_volume_index.csv", index=False)

    e = pd.read_csv(src / "employment-by-sector" / "employed_by_region_3sectors.csv", dtype={"kato": str})
    e["source"] = (f"{REPO}:data/processed/dims/employed_<sector>_by_region.csv@{COMMIT} "
                   "(BNS labour force survey, dynamic tables 443430, 443435, 443438)")
    e.to_csv(OUT / "employment_by_sector.csv", index=False)

    g = pd.read_csv(src / "grp-by-sector" / "grp_by_sector_2021_2024.csv", dtype={"kato": str})
    g["source"] = (f"{REPO}:data/processed/dims/gva_nominal_by_region_section.csv@{COMMIT} (BNS dynamic "
                   "table 5927); grp_total: kzregions oblast_indicators.csv; rest = grp_total - (A+B+C+D)")
    g.to_csv(OUT / "grp_by_sector.csv", index=False)

    import kzregions as kz

    parts = []
    for year in (2022, 2023, 2024):
        m = pd.read_csv(src / "interregional-migration" / f"internal_migration_{year}.csv")
        m.insert(0, "year", year)
        parts.append(m)
    m = pd.concat(parts, ignore_index=True)
    # the source's one misspelling ("Ulutay"), resolved by hand and said in the note column
    typo = {"Ulutay": "Ulytau"}
    katos = {r: kz.resolve(typo.get(r, r), level=1, vintage=2024).kato for r in sorted(set(m["region"]))}
    m.insert(2, "kato", m["region"].map(katos))
    m["source"] = ("kanatislambekov/internal-migration-flow-kz:data/internal_migration_<year>.csv@b6edc50f "
                   "(the repository names no source; figures look like BNS migration statistics)")
    m["source_verified"] = False
    m["note"] = ["region spelled 'Ulutay' in the source" if r in typo else "" for r in m["region"]]
    m.to_csv(OUT / "internal_migration.csv", index=False)
    for name in ("grp_volume_index", "employment_by_sector", "grp_by_sector", "internal_migration"):
        print(name, len(pd.read_csv(OUT / f"{name}.csv")), "rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
