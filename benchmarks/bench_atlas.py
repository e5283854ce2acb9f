"""Benchmark: the atlas of the 2024 oblasts (cover + 20 sheets, one PDF) vs a bare geopandas loop.

Both write a 21-page A4 PDF of the 224 districts' population density on 1 January 2023 with
matplotlib's PdfPages. The bare baseline is what a hand-rolled notebook does: a national
``gdf.plot(column, scheme="quantiles", k=5, legend=True)`` page, then per oblast
``gdf[oblast].plot(...)`` with a title, one page each. Ours adds one national classification
for every sheet, the greyed neighbours and their names, labels, scale bar, north arrow, the
locator map, the ranked table, the legend, the notes and the page furniture, in TrueType
text. Targets: under 30 s for the whole atlas (issue 16) and no slower than the baseline
(issue 25: ours / bare <= 1.0 on medians).

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_atlas.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _timing import interleaved, parser  # the benchmarks folder is on the path of a script run from it


def main() -> int:
    ap = parser(__doc__, repeat=3)
    ap.add_argument("--target", type=float, default=1.0, help="ceiling of ours / bare")
    ap.add_argument("--seconds", type=float, default=30.0, help="ceiling of the atlas' time")
    args = ap.parse_args()
    if args.quick:
        args.repeat = 1

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    import kzregions as kz

    # a density: kz.atlas refuses a count as a choropleth (its colours would show unit size)
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", vintage=2024,
                                                years=2023))
    d = kz.derive(d, density="population_start_of_year")
    col = "population_start_of_year_density"
    out = Path(tempfile.mkdtemp(prefix="kz-bench-atlas-"))

    # quick: two sheets on each side (the cover or national page, and Abai), same code paths
    only = ["100000000"] if args.quick else None
    pages = 2 if args.quick else 21

    def ours():
        a = kz.atlas(d, col, path=out / "ours.pdf", title="Population density, 1 January 2023", source="BNS",
                     progress=False, only=only)
        assert len(a) == pages, len(a)

    def bare():
        with PdfPages(out / "bare.pdf") as pdf:
            fig, ax = plt.subplots(figsize=(11.69, 8.27))
            d.plot(column=col, scheme="quantiles", k=5, legend=True, ax=ax, missing_kwds={"color": "lightgrey"})
            pdf.savefig(fig)
            plt.close(fig)
            for k, part in d.groupby("oblast_kato"):
                if only is not None and k not in only:
                    continue
                fig, ax = plt.subplots(figsize=(11.69, 8.27))
                part.plot(column=col, scheme="quantiles", k=5, legend=True, ax=ax,
                          missing_kwds={"color": "lightgrey"})
                ax.set_title(str(part["oblast_en"].iloc[0]))
                pdf.savefig(fig)
                plt.close(fig)

    t = interleaved({"kz.atlas": ours, "geopandas loop + PdfPages": bare}, args.repeat, warmup=not args.quick)
    print(t.table())
    if args.quick:
        print("quick mode: one cold run each (imports, font cache): the ratio is not a measurement")
    mo, mb = t.median("kz.atlas"), t.median("geopandas loop + PdfPages")
    ratio = mo / mb
    print(f"ratio of minima {t.ratio('kz.atlas', 'geopandas loop + PdfPages')[0]:.2f}x")
    size = (out / "ours.pdf").stat().st_size / 1e6
    print(f"{args.repeat} runs each; {pages} pages (cover + 20 sheets in a full run), 224 districts, A4 PDF")
    print(f"kz.atlas                   {mo:6.2f} s  ({size:.1f} MB)")
    print(f"geopandas loop + PdfPages  {mb:6.2f} s")
    ok = ratio <= args.target and mo <= args.seconds
    print(f"ratio {ratio:.2f}x (ceiling {args.target:g}x); {mo:.1f} s (ceiling {args.seconds:g} s): "
          + ("meets both" if ok else "MISSES"))
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
