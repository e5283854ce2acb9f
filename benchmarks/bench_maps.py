"""Benchmark: a full district choropleth vs a bare ``GeoDataFrame.plot`` of the same data.

Both render the 224 districts of 2024 with their 1 January 2023 population density in five
quantile classes to a 300 dpi A4 PNG. The bare baseline is what a hand-rolled notebook
does: ``gdf.plot(column, scheme="quantiles", k=5, legend=True)`` and ``savefig``. Ours adds
the projection, the "no data" class, oblast borders, city insets, legend, title, scale
bar, north arrow and source line. Target: at most 2x the baseline's time.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_maps.py
"""

from __future__ import annotations

import argparse
import io
import sys

from _timing import alternate_medians  # the benchmarks folder is on the path of a script run from it


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("-n", "--repeat", type=int, default=5)
    ap.add_argument("--target", type=float, default=2.0)
    args = ap.parse_args()

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

    mo, mb = alternate_medians(ours, bare, args.repeat)
    ratio = mo / mb
    print(f"{args.repeat} runs each, 224 districts, A4 at 300 dpi")
    print(f"kz.choropleth + save     {mo:6.2f} s")
    print(f"GeoDataFrame.plot + save {mb:6.2f} s")
    verdict = "meets" if ratio <= args.target else "MISSES"
    print(f"ratio {ratio:.2f}x: {verdict} the {args.target:.0f}x ceiling")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
