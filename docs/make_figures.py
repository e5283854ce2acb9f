"""Draw the maps shown in the README and the docs gallery (docs/img/*.png) from the shipped data,
and check that the committed ones are what the library draws today.

Every word on them comes from the library's translation table. ``docs/img/figures.json`` records
what each figure shows (its classes: labels and unit counts; for the atlas page the sheet's table),
so a change in what the library draws is seen as a change of classes, not of pixels.

Run from the repository root:

    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python docs/make_figures.py          # redraw
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python docs/make_figures.py --check  # CI

``--check`` draws into a temporary folder and fails (exit 1, with a diff) if the classes differ
from ``figures.json`` or an image differs from the committed one by more than RMS 8 (of 255).
"""

from __future__ import annotations

import difflib
import json
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# this tree's kzregions and make_atlas_page, not an installed copy
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import kzregions as kz  # noqa: E402
from kzregions._i18n import text  # noqa: E402

HERE = Path(__file__).resolve().parent
IMG = HERE / "img"
RECORD = IMG / "figures.json"
#: RMS difference (0-255) below which two renders count as the same picture: anti-aliasing and
#: font hinting move edges by a pixel between FreeType builds; a class colour change moves more.
TOLERANCE = 8.0


def classes_record(classes) -> dict:
    return {"scheme": classes.scheme, "labels": list(classes.labels), "counts": [int(c) for c in classes.counts],
            "colors": [str(c) for c in classes.colors]}


def grp_index_ru(out: Path) -> dict:
    """GRP per capita by oblast, 2022, as an index (Kazakhstan = 100), in Russian."""
    grp = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022))
    grp = kz.derive(grp, index="grp_per_capita")
    m = kz.choropleth(
        grp, "grp_per_capita_index", center=100, k=6, legend_kwds={"counts": True}, lang="ru",
        subtitle="Области и города республиканского значения, границы 2024 года",
        source=text("bns", "ru"),
    )
    m.save(out / "grp_per_capita_index_2022_ru.png", dpi=110)
    return classes_record(m.classes)


def density_districts_kk(out: Path) -> dict:
    """Population density by district, 1 January 2023, in Kazakh, with the Aral Sea zones."""
    dis = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    dis = kz.derive(dis, density="population_start_of_year")
    m = kz.choropleth(
        dis, "population_start_of_year_density", legend_kwds={"counts": True}, lang="kk",
        title="Халық тығыздығы, 2023 жылғы 1 қаңтар", highlight=kz.programme("aral_sea"),
        subtitle="Аудандар мен облыстық маңызы бар қалалар, 2024 жылғы шекаралар",
        source=text("bns", "kk"),
    )
    m.save(out / "population_density_districts_2023_kk.png", dpi=110)
    return classes_record(m.classes)


def main(argv: list[str]) -> int:
    from make_atlas_page import atlas_almaty

    figures = {"grp_per_capita_index_2022_ru.png": grp_index_ru,
               "population_density_districts_2023_kk.png": density_districts_kk,
               "atlas_almaty_oblast_2023.png": atlas_almaty}
    check = "--check" in argv
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) if check else IMG
        out.mkdir(exist_ok=True)
        record = {name: draw(out) for name, draw in figures.items()}
        if not check:
            RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {len(figures)} figures and {RECORD.name} to {IMG}")
            return 0
        return compare(record, out)


def compare(record: dict, drawn: Path) -> int:
    from matplotlib.testing.compare import (
        _load_image,  # type: ignore[attr-defined]
        calculate_rms,
    )

    problems = []
    committed = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    if committed != record:
        a = json.dumps(committed, indent=1, ensure_ascii=False).splitlines()
        b = json.dumps(record, indent=1, ensure_ascii=False).splitlines()
        problems.append("what the figures show changed (committed -> drawn now):\n"
                        + "\n".join(difflib.unified_diff(a, b, "figures.json", "drawn", lineterm="")))
    for name in record:
        old, new = IMG / name, drawn / name
        if not old.exists():
            problems.append(f"{name}: not committed")
            continue
        # as floats: calculate_rms subtracts the arrays as given, and uint8 pixels wrap around
        # (a pixel one level darker would count as 255 levels apart)
        x, y = _load_image(str(old)).astype(float), _load_image(str(new)).astype(float)
        if x.shape != y.shape:
            problems.append(f"{name}: size {x.shape[1]}x{x.shape[0]} committed, {y.shape[1]}x{y.shape[0]} drawn")
            continue
        rms = calculate_rms(x, y)
        if rms > TOLERANCE:
            problems.append(f"{name}: differs from the committed image by RMS {rms:.1f} (tolerance {TOLERANCE})")
        else:
            print(f"ok {name}: RMS {rms:.2f}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("the committed figures are stale: run `python docs/make_figures.py` and commit docs/img/",
              file=sys.stderr)
        return 1
    print("every figure is what the library draws today")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
