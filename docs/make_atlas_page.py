"""Draw the atlas page shown in the README (docs/img/atlas_*.png) from the shipped data: the
whole atlas of 2024 is written, one sheet is kept as a PNG.

Run from the repository root (``make_figures.py`` draws it too, with the other figures):

    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python docs/make_atlas_page.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import kzregions as kz

OUT = Path(__file__).parent / "img"


def atlas_almaty(out: Path) -> dict:
    """The sheet of Almaty oblast in the atlas of district population density, 1 January 2023: Almaty oblast, landscape."""
    pop = kz.panel("population_start_of_year", level="district", vintage=2024, years=2023)
    gdf = kz.derive(kz.attach(kz.districts(2024), pop), density="population_start_of_year")
    col = "population_start_of_year_density"
    with tempfile.TemporaryDirectory() as tmp:
        a = kz.atlas(gdf, col, path=Path(tmp) / "atlas.pdf", images="png", dpi=90, legend_kwds={"title": "persons per km²"},
                     title="Population density, 1 January 2023",
                     source="Bureau of National Statistics of the Republic of Kazakhstan", scheme="auto", progress=False)
        sheet = next(p for p in a.pages if p.key == "190000000")  # Almaty oblast, landscape
        page = next(p for p in a.images if p.name.startswith(f"page-{sheet.number:02d}-"))
        shutil.copy(page, out / "atlas_almaty_oblast_2023.png")
    return {"labels": list(a.classes.labels), "counts": [int(c) for c in a.classes.counts],
            "sheet": sheet.name, "table": sheet.table["text"].tolist()}


if __name__ == "__main__":
    atlas_almaty(OUT)
    print(f"wrote {OUT / 'atlas_almaty_oblast_2023.png'}")
