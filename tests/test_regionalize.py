"""Homogeneous regions (issue 22): contiguity of the real layers, max-p with a population floor,
the spopt methods, islands, comparisons, conversion to a programme region, bad input."""

from __future__ import annotations

import doctest
import importlib
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import errors
from kzregions._contiguity import contiguity

POP = "population_start_of_year"


@pytest.fixture(scope="module")
def districts():
    d = kz.attach(kz.districts(2024), kz.panel(POP, level="district", years=2023))
    d["log_density"] = np.log(d[POP] / d["area_km2"])
    d["log_area"] = np.log(d["area_km2"])
    return d


@pytest.fixture(scope="module")
def maxp(districts):
    return kz.regionalize(districts, "log_density", floor=1_000_000, floor_column=POP)


def _connected(katos, graph, links) -> bool:
    """Whether the units ``katos`` form one connected piece of ``graph`` (plus the added links)."""
    import networkx as nx

    pos = {k: i for i, k in enumerate(graph.keys)}
    g = nx.Graph()
    g.add_nodes_from(pos[k] for k in katos)
    for k in katos:
        for j in graph.neighbors[pos[k]]:
            if graph.keys[j] in katos:
                g.add_edge(pos[k], int(j))
    for a, b, _ in links:
        if a in katos and b in katos:
            g.add_edge(pos[a], pos[b])
    return nx.is_connected(g)


# ----------------------------------------------------------------------------- contiguity
def test_contiguity_of_the_tiling_layer_is_libpysals(districts):
    import libpysal

    for rule, cls in (("queen", libpysal.weights.Queen), ("rook", libpysal.weights.Rook)):
        ours = contiguity(districts.geometry, districts["kato"], rule=rule)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = cls.from_dataframe(districts, use_index=False, silence_warnings=True)
        assert [sorted(map(int, nb)) for nb in ours.neighbors] == [sorted(w.neighbors[i]) for i in range(len(districts))]
        assert ours.islands == [] and len(set(ours.components())) == 1


def test_enclaves_are_cities_inside_one_district(districts):
    c = contiguity(districts.geometry, districts["kato"])
    kinds = districts.set_index("kato")["kind"]
    assert c.enclaves, "the 2024 layer has cities of oblast significance enclosed by one district"
    for city, host in c.enclaves.items():
        assert kinds[city].startswith("city") and city != host
        i = list(c.keys).index(city)
        assert [c.keys[j] for j in c.neighbors[i]] == [host]
    assert c.enclaves["101000000"] == "101010000"  # Semey inside Zharasemey district


def test_a_tolerance_closes_gaps_between_shrunk_units(districts):
    from kzregions._crs import METRIC

    obl = kz.oblasts(2024)
    metric = obl.to_crs(METRIC)
    shrunk = metric.copy()
    shrunk["geometry"] = metric.buffer(-50)  # 100 m gaps between neighbours
    exact = contiguity(obl.geometry, obl["kato"])
    assert sum(map(len, contiguity(shrunk.geometry, shrunk["kato"]).neighbors)) == 0
    loose = contiguity(shrunk.geometry, shrunk["kato"], tolerance=150)
    assert [list(x) for x in loose.neighbors] == [list(x) for x in exact.neighbors]


# ----------------------------------------------------------------------------- max-p
def test_maxp_labels_every_unit_or_reports_it(districts, maxp):
    units = maxp.units.set_index("kato")
    labelled = set(units.index[units["region"].notna()])
    reported = set(maxp.unassigned["kato"])
    assert labelled | reported == set(districts["kato"]) and not labelled & reported
    # the unassigned are exactly the districts the shipped table has no population for
    assert reported == set(districts.loc[districts[POP].isna(), "kato"])


def test_maxp_regions_are_contiguous_and_meet_the_floor(districts, maxp):
    units = maxp.units[maxp.units["region"].notna()]
    usable = districts[districts[POP].notna()]
    graph = contiguity(usable.geometry, usable["kato"])
    links = maxp.diagnostics["links"]
    assert links and links[0][0] == "101000000"  # Semey: an island once Zharasemey has no figure
    for r, part in units.groupby("region"):
        assert part[POP].sum() >= 1_000_000, r
        assert _connected(set(part["kato"]), graph, links), r
    assert maxp.diagnostics["floor_met"] and maxp.regions["floor_met"].all()
    # totals conserved: the regions hold every labelled resident once
    assert maxp.regions[POP].sum() == pytest.approx(units[POP].sum())
    assert sorted(sum(maxp.regions["members"], [])) == sorted(units["kato"])
    # the most regions the floor allows: at most the national total over the floor
    assert 10 <= maxp.diagnostics["n_regions"] <= districts[POP].sum() // 1_000_000


def test_maxp_same_seed_same_regions(districts, maxp):
    again = kz.regionalize(districts, "log_density", floor=1_000_000, floor_column=POP)
    assert again.labels.equals(maxp.labels)
    assert again.diagnostics["objective"] == maxp.diagnostics["objective"]


def test_maxp_is_no_worse_than_spopt_on_the_same_seed(districts):
    from spopt.region import MaxPHeuristic

    from kzregions import _maxp

    sub = districts[districts["oblast_kato"].isin(["390000000", "590000000", "110000000"])]
    sub = sub[sub[POP].notna()].reset_index(drop=True)
    x = sub[["log_density"]].to_numpy()
    d = np.abs(x[:, None, :] - x[None, :, :]).sum(axis=2)
    w = contiguity(sub.geometry, sub["kato"]).to_w()
    for seed in (0, 1):
        np.random.seed(seed)
        sp = MaxPHeuristic(sub, w, ["log_density"], POP, 300_000, top_n=2)
        sp.solve()
        sp_labels = np.asarray(sp.labels_)
        ours = kz.regionalize(sub, "log_density", floor=300_000, floor_column=POP, standardize=False, seed=seed)
        p = ours.diagnostics["n_regions"]
        assert p > sp.p or (p == sp.p and ours.diagnostics["objective"] <= _maxp.objective(sp_labels, d) + 1e-9)


def test_floor_above_the_total_is_a_clear_error(districts):
    with pytest.raises(errors.RegionalizationError, match="above the total"):
        kz.regionalize(districts, "log_density", floor=1e9, floor_column=POP)


# ----------------------------------------------------------------------------- other methods
@pytest.mark.parametrize("method", ["ward", "kmeans", "skater", "azp"])
def test_k_methods_give_k_contiguous_regions(districts, method):
    sub = districts[districts["oblast_kato"].isin(["350000000", "550000000"])].reset_index(drop=True)
    r = kz.regionalize(sub, ["log_density", "log_area"], method=method, n_regions=5, sums=["area_km2"])
    assert r.diagnostics["n_regions"] == 5 and len(r.regions) == 5
    graph = contiguity(sub.geometry, sub["kato"])
    for _, part in r.units[r.units["region"].notna()].groupby("region"):
        assert _connected(set(part["kato"]), graph, r.diagnostics["links"])
    assert r.regions["area_km2"].sum() == pytest.approx(sub["area_km2"].sum(), rel=1e-6)
    assert 0 < r.diagnostics["within_variance_share"] < 1


def test_islands_policies(districts):
    kw = dict(method="ward", n_regions=6)
    linked = kz.regionalize(districts, "log_density", **kw)
    assert [k for k, *_ in linked.diagnostics["links"]] == ["101000000"]
    dropped = kz.regionalize(districts, "log_density", islands="drop", **kw)
    row = dropped.unassigned.set_index("kato").loc["101000000"]
    assert row["reason"].startswith("island") and dropped.diagnostics["n_unassigned"] == 6
    with pytest.raises(errors.RegionalizationError, match="101000000"):
        kz.regionalize(districts, "log_density", islands="raise", **kw)


# ----------------------------------------------------------------------------- comparison, output
def test_compare_regionalizations(districts, maxp):
    ward = kz.regionalize(districts, "log_density", method="ward", n_regions=16)
    t = kz.compare_regionalizations(maxp, ward)
    assert list(t.index) == ["maxp", "ward"]
    assert t.loc["maxp", "ari:maxp"] == 1.0 and t.loc["ward", "ari:maxp"] == t.loc["maxp", "ari:ward"]
    assert -1 <= t.loc["ward", "ari:maxp"] < 1
    with pytest.raises(errors.InvalidInputError):
        kz.compare_regionalizations(maxp)
    with pytest.raises(errors.RegionalizationError, match="names"):
        kz.compare_regionalizations(maxp, ward, names=["a", "a"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=3, max_size=40), st.permutations(range(5)))
def test_adjusted_rand_ignores_label_names(labels, perm):
    from kzregions.homogeneous import adjusted_rand

    a = pd.Series(labels)
    b = a.map(dict(enumerate(perm)))
    if a.nunique() > 1 or len(a) > 1:
        assert adjusted_rand(a, b) == pytest.approx(1.0)


def test_to_programme_keeps_every_region_as_a_zone(maxp):
    pr = maxp.to_programme("max-p regions")
    assert len(pr.zones) == maxp.diagnostics["n_regions"]
    assert len(pr.members) == maxp.units["region"].notna().sum()
    assert set(pr.zones) == set(maxp.regions["name_en"])
    assert pr.area_km2 == pytest.approx(maxp.regions["area_km2"].sum(), rel=1e-4)
    n = len(maxp.regions)
    assert repr(maxp).startswith(f"<Regionalization maxp: {n} regions of 224 units, 5 unassigned")
    assert f"met by {n}/{n}" in repr(maxp)


def test_plot_in_three_languages(maxp, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    for lang in ("en", "kk", "ru"):
        m = maxp.plot(lang=lang)
        m.save(tmp_path / f"maxp_{lang}.png", dpi=60)
        assert (tmp_path / f"maxp_{lang}.png").stat().st_size > 10_000
    import matplotlib.pyplot as plt

    plt.close("all")


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, error, word", [
    (dict(columns=None), errors.InvalidInputError, "columns"),
    (dict(columns=[]), errors.RegionalizationError, "columns"),
    (dict(columns="nope"), errors.MissingColumnError, "nope"),
    (dict(columns="name_en"), errors.InvalidInputError, "name_en"),
    (dict(method="magic"), errors.RegionalizationError, "method"),
    # wrong types and non-finite or non-whole numbers are refused by the argument guard of every
    # public function (issue 21) before regionalize runs: InvalidInputError (a TypeError) for a
    # wrong type, InvalidArgumentError (a ValueError, RegionalizationError's base) for a bad number
    (dict(method=None), errors.InvalidInputError, "method"),
    (dict(floor=float("nan")), errors.InvalidArgumentError, "floor"),
    (dict(floor=float("inf")), errors.InvalidArgumentError, "floor"),
    (dict(floor=-1), errors.RegionalizationError, "floor"),
    (dict(floor="1e6"), errors.InvalidArgumentError, "floor"),
    (dict(floor_column=None), errors.RegionalizationError, "floor_column"),
    (dict(floor_column=3), errors.InvalidInputError, "floor_column"),
    (dict(rule="bishop"), errors.RegionalizationError, "rule"),
    (dict(tolerance=-1), errors.RegionalizationError, "tolerance"),
    (dict(tolerance=float("nan")), errors.InvalidArgumentError, "tolerance"),
    (dict(islands=None), errors.InvalidInputError, "islands"),
    (dict(seed=1.5), errors.InvalidArgumentError, "seed"),
    (dict(seed=True), errors.InvalidInputError, "seed"),
    (dict(standardize="yes"), errors.InvalidInputError, "standardize"),
    (dict(sums="nope"), errors.MissingColumnError, "nope"),
    (dict(n_regions=5), errors.RegionalizationError, "n_regions"),
    (dict(method="ward", floor=None, floor_column=None), errors.RegionalizationError, "n_regions"),
    (dict(method="ward", n_regions=1, floor=None, floor_column=None), errors.RegionalizationError, "n_regions"),
    (dict(method="ward", n_regions=10_000, floor=None, floor_column=None), errors.RegionalizationError,
     "n_regions"),
    (dict(method="ward", n_regions=2.5, floor=None, floor_column=None), errors.InvalidArgumentError, "n_regions"),
    (dict(method="ward", n_regions=5), errors.RegionalizationError, "floor"),
])
def test_bad_arguments_name_the_parameter(districts, kwargs, error, word):
    args = dict(columns="log_density", floor=1_000_000, floor_column=POP)
    args.update(kwargs)
    cols = args.pop("columns")
    # the package's argument guard (issue 21) may answer first, by the annotation
    with pytest.raises((error, errors.InvalidInputError, errors.InvalidArgumentError), match=word):
        kz.regionalize(districts, cols, **args)


def test_bad_frames(districts):
    with pytest.raises(errors.InvalidInputError, match="gdf"):
        kz.regionalize(pd.DataFrame(districts.drop(columns="geometry")), "log_density", method="ward", n_regions=3)
    with pytest.raises(errors.EmptyInputError, match="gdf"):
        kz.regionalize(districts.iloc[:0], "log_density", method="ward", n_regions=3)
    with pytest.raises(errors.DuplicateKeyError, match="101000000"):
        kz.regionalize(pd.concat([districts, districts.iloc[:1]]), "log_density", method="ward", n_regions=3)
    with pytest.raises(errors.CRSMismatchError, match="gdf"):
        kz.regionalize(districts.set_crs(None, allow_override=True), "log_density", method="ward", n_regions=3)
    bad = districts.copy()
    bad.loc[bad.index[0], "log_area"] = math.inf
    with pytest.raises(errors.RegionalizationError, match="infinite"):
        kz.regionalize(bad, "log_area", method="ward", n_regions=3)
    # a duplicated index is no problem: units are keyed by their code
    dup = districts.set_index(pd.Index([0] * len(districts)))
    r = kz.regionalize(dup, "log_area", method="ward", n_regions=3)
    assert r.diagnostics["n_regions"] == 3


@pytest.mark.parametrize("module", ["homogeneous", "regionalization"])
def test_examples_run(module):
    mod = importlib.import_module(f"kzregions.{module}")
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    tests = [t for t in doctest.DocTestFinder().find(mod) if t.examples]
    assert tests
    for t in tests:
        runner.run(t, out=report.append)
    assert runner.failures == 0, "".join(report)
