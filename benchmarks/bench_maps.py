"""Benchmark: a full district choropleth vs a bare ``GeoDataFrame.plot`` of the same data.

Both render the 224 districts of 2024 with their 1 January 2023 population density in five
quantile classes to a 300 dpi A4 PNG. The bare baseline is what a hand-rolled notebook
does: ``gdf.plot(column, scheme="quantiles", k=5, legend=True)`` and ``savefig``. Ours adds
the projection, the "no data" class, oblast borders, city insets, legend, title, scale
bar, north arrow and source line. Target: at most 2x the baseline's time.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_maps.py
"""

from __future__ import annotations

import io
import sys

from _timing import interleaved, parser  # the benchmarks folder is on the path of a script run from it


def main() -> int:
    ap = parser(__doc__, repeat=5)
    ap.add_argument("--target", type=float, default=2.0)
    args = ap.parse_args()
    if args.quick:
        args.repeat = 1

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import kzregions as kz

    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    d = kz.derive(d, density="population_start_of_year")
    col = "population_start_of_year_density"

    def ours():
        buf = io.BytesIO()
        m = kz.choropleth(d, col, scheme="quantiles", k=5, title="Population density, 1 January 2023",
                          subtitle="persons per km²", source="BNS")
        m.fig.savefig(buf, format="png", dpi=300)

    def bare():
        buf = io.BytesIO()
        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        d.plot(column=col, scheme="quantiles", k=5, legend=True, ax=ax,
               missing_kwds={"color": "lightgrey"})
        fig.savefig(buf, format="png", dpi=300)
        plt.close(fig)

    t = interleaved({"kz.choropleth + save": ours, "GeoDataFrame.plot + save": bare}, args.repeat, warmup=not args.quick)
    print(f"{args.repeat} runs each, interleaved, 224 districts, A4 at 300 dpi")
    print(t.table())
    if args.quick:
        print("quick mode: one cold run each (imports, font cache): the ratio is not a measurement")
    lo, med = t.ratio("kz.choropleth + save", "GeoDataFrame.plot + save")
    verdict = "meets" if med <= args.target else "MISSES"
    print(f"ratio {lo:.2f}x (minima), {med:.2f}x (medians): {verdict} the {args.target:.0f}x ceiling")
    return 0 if med <= args.target or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
