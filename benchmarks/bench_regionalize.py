"""Benchmark: max-p regions with a population floor, kzregions against spopt (issue 22).

Full: the 219 districts of 2024 with a 2023 population figure, at least 1 000 000 residents per
region, alike in log population density (z-scores). Both solvers get the same attribute, the
same floor, the same contiguity graph (queen, the island Semey linked to its nearest unit) and
the same seed (``np.random.seed`` for spopt, ``seed=`` for kzregions). Printed per seed: seconds,
number of regions p and objective (total within-region cityblock dissimilarity, spopt's);
max-p ranks by p first, then by the objective. Target: kzregions under 10 s of CPU (wall time is
printed too; on a shared machine it mostly measures the neighbours) and no worse than spopt
(more regions, or as many with an objective at most spopt's).

Quick (``--quick``, what CI runs): the districts of Kostanay, North Kazakhstan and Akmola oblasts
with a 300 000 floor, one seed.

Run:  KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python benchmarks/bench_regionalize.py [--quick]
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

import kzregions as kz
from kzregions import _maxp
from kzregions._contiguity import connect, contiguity
from kzregions.regionalization import standardise

POP = "population_start_of_year"


def data(quick: bool):
    d = kz.attach(kz.districts(2024), kz.panel(POP, level="district", years=2023))
    if quick:
        d = d[d["oblast_kato"].isin(["390000000", "590000000", "110000000"])]
    d = d[d[POP].notna()].reset_index(drop=True)
    d["z"] = standardise(np.log(d[POP] / d["area_km2"]).to_numpy()[:, None])[:, 0]
    return d


def spopt_maxp(d, w, floor: float, seed: int):
    from spopt.region import MaxPHeuristic

    np.random.seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MaxPHeuristic(d, w, ["z"], POP, floor, top_n=2)
        model.solve()
    x = d[["z"]].to_numpy()
    return model.p, _maxp.objective(np.asarray(model.labels_), np.abs(x[:, None, :] - x[None, :, :]).sum(axis=2))


def main() -> int:
    quick = "--quick" in sys.argv
    floor = 300_000 if quick else 1_000_000
    seeds = [0] if quick else [0, 1, 2]
    d = data(quick)
    graph = connect(contiguity(d.geometry, d["kato"]), d.geometry)
    w = graph.to_w()
    print(f"max-p, {len(d)} districts, floor {floor:,} residents, {len(graph.links)} island link(s)")
    kz.regionalize(d, "z", floor=floor, floor_column=POP, standardize=False)  # warm-up: imports
    ok = True
    for seed in seeds:
        t, c = time.perf_counter(), time.process_time()
        ours = kz.regionalize(d, "z", floor=floor, floor_column=POP, standardize=False, seed=seed)
        t_ours, c_ours = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        p_sp, obj_sp = spopt_maxp(d, w, floor, seed)
        t_sp, c_sp = time.perf_counter() - t, time.process_time() - c
        p, obj = ours.diagnostics["n_regions"], ours.diagnostics["objective"]
        better = p > p_sp or (p == p_sp and obj <= obj_sp + 1e-9)
        # the target is on CPU seconds: on a shared machine wall time measures the neighbours
        ok &= better and ours.diagnostics["floor_met"] and (quick or c_ours < 10)
        print(f"seed {seed}: kzregions {t_ours:6.2f} s ({c_ours:5.2f} s CPU), p={p}, objective {obj:9.2f} | "
              f"spopt {t_sp:6.2f} s ({c_sp:6.2f} s CPU), p={p_sp}, objective {obj_sp:9.2f} | "
              f"{c_sp / c_ours:5.1f}x less CPU, {'no worse' if better else 'WORSE'}")
    print("target met" if ok else "target NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
