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
    """Sheet 19 of the district population atlas of 2023: Almaty oblast, landscape."""
    col = "population_start_of_year"
    gdf = kz.attach(kz.districts(2024), kz.panel(col, level="district", vintage=2024, years=2023))
    with tempfile.TemporaryDirectory() as tmp:
        a = kz.atlas(gdf, col, path=Path(tmp) / "atlas.pdf", images="png", dpi=90, legend_kwds={"title": "persons"},
                     source="Bureau of National Statistics of the Republic of Kazakhstan", progress=False)
        page = next(p for p in a.images if "-19-almaty" in p.name)
        shutil.copy(page, out / "atlas_almaty_oblast_2023.png")
    sheet = next(p for p in a.pages if p.number == 19)
    return {"labels": list(a.classes.labels), "counts": [int(c) for c in a.classes.counts],
            "sheet": sheet.name, "table": sheet.table["text"].tolist()}


if __name__ == "__main__":
    atlas_almaty(OUT)
    print(f"wrote {OUT / 'atlas_almaty_oblast_2023.png'}")
