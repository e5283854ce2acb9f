"""Draw the example maps shown in the README (docs/img/*.png) from the shipped data: one in
Russian, one in Kazakh, every word on them from the library's translation table.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python docs/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

import kzregions as kz
from kzregions._i18n import text

OUT = Path(__file__).parent / "img"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    grp = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022))
    grp = kz.derive(grp, index="grp_per_capita")
    m = kz.choropleth(
        grp, "grp_per_capita_index", center=100, k=6, legend_kwds={"counts": True}, lang="ru",
        subtitle="Области и города республиканского значения, границы 2024 года",
        source=text("bns", "ru"),
    )
    m.save(OUT / "grp_per_capita_index_2022_ru.png", dpi=110)

    dis = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    dis = kz.derive(dis, density="population_start_of_year")
    m = kz.choropleth(
        dis, "population_start_of_year_density", legend_kwds={"counts": True}, lang="kk",
        title="Халық тығыздығы, 2023 жылғы 1 қаңтар", highlight=kz.programme("aral_sea"),
        subtitle="Аудандар мен облыстық маңызы бар қалалар, 2024 жылғы шекаралар",
        source=text("bns", "kk"),
    )
    m.save(OUT / "population_density_districts_2023_kk.png", dpi=110)
    print(f"wrote {len(list(OUT.glob('*.png')))} figures to {OUT}")


if __name__ == "__main__":
    main()
