"""Nodal regions (issue 22): catchments (nearest, Reilly, Huff; geodesic and cost-raster
distances) and functional regions from flows (Intramax, communities) on a planted structure."""

from __future__ import annotations

import doctest
import importlib
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import errors
from kzregions.functional import flow_matrix, gravity_flows, intramax
from kzregions.homogeneous import adjusted_rand

POP = "population_start_of_year"
#: What the package's argument guard (issue 21) raises for a value its annotation excludes.
GUARD = (errors.InvalidInputError, errors.InvalidArgumentError)


@pytest.fixture(scope="module")
def districts():
    return kz.attach(kz.districts(2024), kz.panel(POP, level="district", years=2023))


@pytest.fixture(scope="module")
def centres():
    return kz.centres(2024)


@pytest.fixture(scope="module")
def huff(districts, centres):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the two city districts without a 2023 figure
        return kz.catchments(districts, centres, method="huff", column=POP)


# ----------------------------------------------------------------------------- catchments
def test_nearest_gives_every_unit_to_its_closest_centre(districts, centres):
    from pyproj import Geod

    r = kz.catchments(districts, centres, method="nearest")
    assert r.unassigned.empty and r.units["region"].notna().all()
    # by hand for three units: the geodesic to every centre, the smallest wins
    geod = Geod(ellps="WGS84")
    from kzregions._crs import METRIC

    pts = districts.geometry.to_crs(METRIC).representative_point().to_crs("EPSG:4326")
    for i in (0, 100, 200):
        d = [geod.inv(pts.iloc[i].x, pts.iloc[i].y, c.x, c.y)[2] / 1000 for c in centres.geometry]
        assert r.units["centre"].iloc[i] == centres["kato"].iloc[int(np.argmin(d))]
        assert r.units["distance_km"].iloc[i] == pytest.approx(min(d))
    # a centre's own unit is in its catchment
    own = r.units.set_index("kato")
    assert own.loc["101000000", "centre"] == "101010000"  # Semey city -> Semey
    assert own.loc["551000000", "centre"] == "551010000"  # Pavlodar city -> Pavlodar


def test_huff_probabilities_sum_to_one_and_conserve_residents(districts, huff):
    p = huff.diagnostics["probabilities"]
    assert p.shape == (len(districts), 21)
    assert np.allclose(p.sum(axis=1), 1.0) and (p.to_numpy() >= 0).all()
    # each unit goes to its most probable centre
    assert (p.idxmax(axis=1).to_numpy() == huff.units["centre"].to_numpy()).all()
    # expected residents per centre add up to the residents with a figure
    assert huff.diagnostics["expected"].sum() == pytest.approx(districts[POP].sum())
    assert huff.regions[POP].sum() == pytest.approx(districts[POP].sum())
    assert set(huff.diagnostics["attraction_missing"]) == {"710000000", "790000000"}


def test_reilly_breaking_points_by_hand(districts, centres):
    from pyproj import Geod

    pull = centres[["kato"]].assign(pop=[1e6, 4e6] + [5e5] * (len(centres) - 2))
    c = centres.assign(pop=pull["pop"].to_numpy())
    r = kz.catchments(districts, c, method="reilly", attraction="pop")
    bp = r.diagnostics["breaking_points"].set_index(["centre_a", "centre_b"])
    a, b = c.geometry.iloc[0], c.geometry.iloc[1]
    d = Geod(ellps="WGS84").inv(a.x, a.y, b.x, b.y)[2] / 1000
    row = bp.loc[(c["kato"].iloc[0], c["kato"].iloc[1])]
    assert row["distance_km"] == pytest.approx(d)
    assert row["breaking_point_km"] == pytest.approx(d / (1 + np.sqrt(4e6 / 1e6)))  # = d / 3
    assert len(bp) == len(c) * (len(c) - 1) // 2
    # Reilly assigns by attraction over distance squared
    dist = r.units["distance_km"].to_numpy()
    won = r.units["centre"].map(c.set_index("kato")["pop"]).to_numpy()
    assert (won / dist**2 > 0).all()


def test_cost_raster_with_uniform_cost_is_close_to_geodesic(districts, centres):
    grid = kz.remoteness(centres, 20000)
    cost = kz.Raster(np.where(grid.array == grid.nodata, grid.nodata, 1.0).astype("float32"),
                     grid.transform, grid.crs, grid.nodata, "uniform cost")
    on_grid = kz.catchments(districts, centres, method="nearest", distance=cost)
    straight = kz.catchments(districts, centres, method="nearest")
    agree = (on_grid.units["centre"] == straight.units["centre"]).mean()
    assert agree > 0.95
    # paths on the 8-neighbour grid are never shorter than the straight line (one cell of slack)
    assert (on_grid.units["distance_km"] >= straight.units["distance_km"] - 30).all()


def test_catchments_bad_input(districts, centres):
    with pytest.raises((errors.RegionalizationError, *GUARD), match="method"):
        kz.catchments(districts, centres, method="gravity")
    with pytest.raises((errors.RegionalizationError, *GUARD), match="exponent"):
        kz.catchments(districts, centres, exponent=0, column=POP)
    with pytest.raises((errors.RegionalizationError, *GUARD), match="exponent"):
        kz.catchments(districts, centres, exponent=float("nan"), column=POP)
    with pytest.raises((errors.RegionalizationError, *GUARD), match="attraction"):
        kz.catchments(districts, centres, method="huff")
    with pytest.raises((errors.InvalidInputError, *GUARD), match="centres"):
        kz.catchments(districts, None)
    with pytest.raises((errors.EmptyInputError, *GUARD), match="centres"):
        kz.catchments(districts, centres.iloc[:0])
    with pytest.raises((errors.RegionalizationError, *GUARD), match="distance"):
        kz.catchments(districts, centres, method="nearest", distance="manhattan")
    with pytest.raises((errors.MissingColumnError, *GUARD), match="nope"):
        kz.catchments(districts, centres, column="nope")
    with pytest.raises((errors.RegionalizationError, *GUARD), match="attraction"):
        kz.catchments(districts, centres.assign(a=0.0), method="huff", attraction="a")


# ----------------------------------------------------------------------------- functional regions
def _planted(districts, *, inside=1000.0, across=1.0):
    """Flows with a known structure: strong inside each oblast, weak between neighbours."""
    d = districts.reset_index(drop=True)
    obl = d["oblast_kato"].to_numpy()
    rows = []
    keys = d["kato"].to_numpy()
    rng = np.random.default_rng(0)
    for i in range(len(d)):
        for j in range(len(d)):
            same = obl[i] == obl[j]
            if same or rng.random() < 0.05:
                rows.append((keys[i], keys[j], inside * (1 + rng.random()) if same else across))
    return pd.DataFrame(rows, columns=["origin", "destination", "flow"])


@pytest.mark.parametrize("contiguous", [False, True])
def test_intramax_recovers_the_planted_oblasts(districts, contiguous):
    flows = _planted(districts)
    k = districts["oblast_kato"].nunique()
    r = kz.functional_regions(districts, flows, n_regions=k, contiguous=contiguous)
    assert r.diagnostics["n_regions"] == k
    assert adjusted_rand(r.units["region"], districts["oblast_kato"].reset_index(drop=True).rank(method="dense")) == 1.0
    assert (r.regions["self_containment_supply"] > 0.9).all()
    assert 0 < r.diagnostics["modularity"] < 1


def test_communities_recover_the_planted_oblasts(districts):
    r = kz.functional_regions(districts, _planted(districts), method="communities", seed=1)
    ari = adjusted_rand(r.units["region"], districts["oblast_kato"].reset_index(drop=True).rank(method="dense"))
    assert ari > 0.9
    again = kz.functional_regions(districts, _planted(districts), method="communities", seed=1)
    assert again.labels.equals(r.labels)


def test_contiguous_communities_are_contiguous(districts):
    from kzregions._contiguity import connect, contiguity

    flows = gravity_flows(districts, POP, share=0.3)
    r = kz.functional_regions(districts, flows, method="communities", contiguous=True)
    import networkx as nx

    units = r.units[r.units["region"].notna()].reset_index(drop=True)
    graph = connect(contiguity(units.geometry, units["kato"]), units.geometry)
    g = nx.Graph([(i, int(j)) for i, nb in enumerate(graph.neighbors) for j in nb])
    for _, part in units.groupby("region"):
        assert nx.is_connected(g.subgraph(part.index.tolist()))


def test_units_without_flows_are_reported(districts):
    flows = gravity_flows(districts, POP)
    r = kz.functional_regions(districts, flows, n_regions=10, column=POP)
    assert set(r.unassigned["kato"]) == set(districts.loc[districts[POP].isna(), "kato"])
    assert r.regions[POP].sum() == pytest.approx(districts[POP].sum())


def test_gravity_flows_keep_each_units_mass(districts):
    f = gravity_flows(districts, POP, share=0.25)
    out = f.groupby("origin")["flow"].sum()
    pop = districts.set_index("kato")[POP].dropna()
    assert np.allclose(out.reindex(pop.index).to_numpy(), pop.to_numpy())
    diag = f[f["origin"] == f["destination"]].set_index("origin")["flow"]
    assert np.allclose(diag.reindex(pop.index).to_numpy(), 0.75 * pop.to_numpy())
    assert "synthetic" in f.attrs["note"]


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 6), st.integers(2, 5), st.integers(0, 10_000))
def test_intramax_on_block_matrices(blocks, size, seed):
    rng = np.random.default_rng(seed)
    n = blocks * size
    truth = np.repeat(np.arange(blocks), size)
    t = rng.random((n, n)) * 0.01
    t[truth[:, None] == truth[None, :]] += 10 + rng.random((n, n))[truth[:, None] == truth[None, :]]
    labels, merges = intramax(t, blocks)
    assert len(merges) == n - blocks
    assert adjusted_rand(pd.Series(labels), pd.Series(truth)) == 1.0


@pytest.mark.parametrize("flows, error, word", [
    (None, errors.InvalidInputError, "flows"),
    (pd.DataFrame(columns=["origin", "destination", "flow"]), errors.EmptyInputError, "flows"),
    (pd.DataFrame({"origin": ["101000000"], "destination": ["999999999"], "flow": [1.0]}),
     errors.UnknownCodeError, "999999999"),
    (pd.DataFrame({"origin": ["101000000"], "destination": ["101800000"], "flow": [-1.0]}),
     errors.RegionalizationError, "negative"),
    (pd.DataFrame({"origin": ["101000000"], "destination": ["101800000"], "flow": [np.inf]}),
     errors.RegionalizationError, "infinite"),
    (pd.DataFrame({"origin": ["101000000"], "destination": ["101800000"], "flow": [np.nan]}),
     errors.RegionalizationError, "missing"),
    (pd.DataFrame({"origin": ["101000000"] * 2, "destination": ["101800000"] * 2, "flow": [1.0, 2.0]}),
     errors.DuplicateKeyError, "101800000"),
    (pd.DataFrame({"from": ["101000000"], "destination": ["101800000"], "flow": [1.0]}),
     errors.MissingColumnError, "origin"),
    (pd.DataFrame({"origin": ["101000000"], "destination": ["101800000"], "flow": ["many"]}),
     errors.InvalidInputError, "flow"),
])
def test_bad_flow_tables(districts, flows, error, word):
    with pytest.raises(error, match=word):
        kz.functional_regions(districts, flows, n_regions=1)


def test_bad_parameters(districts):
    flows = gravity_flows(districts, POP)
    for kw, word in ((dict(), "n_regions"), (dict(n_regions=0), "n_regions"), (dict(n_regions=1000), "n_regions"),
                     (dict(method="communities", n_regions=3), "n_regions"), (dict(method="x", n_regions=3), "method"),
                     (dict(method="communities", resolution=0), "resolution"),
                     (dict(n_regions=3, contiguous="yes"), "contiguous"), (dict(n_regions=3, seed=-1), "seed")):
        with pytest.raises((errors.RegionalizationError, *GUARD), match=word):
            kz.functional_regions(districts, flows, **kw)
    with pytest.raises((errors.InvalidInputError, *GUARD), match="n_regions"):
        kz.functional_regions(districts, flows, n_regions=2.0)
    assert flow_matrix(flows, districts["kato"]).sum() == pytest.approx(flows["flow"].sum())


def test_to_programme_and_plot(huff, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    pr = huff.to_programme("Huff catchments")
    assert len(pr.zones) == len(huff.regions) and len(pr.members) == len(huff.units)
    for lang in ("en", "kk", "ru"):
        m = huff.plot(lang=lang)
        m.save(tmp_path / f"huff_{lang}.png", dpi=60)
    # the units open in QGIS styled as the map: one category per catchment
    import sqlite3

    gpkg = kz.to_gpkg(huff.units.drop(columns=["centre"]), tmp_path / "huff.gpkg", "catchments", style=m, lang="ru")
    with sqlite3.connect(gpkg) as con:
        qml = con.execute("select styleQML from layer_styles where f_table_name = 'catchments'").fetchone()[0]
    assert all(name in qml for name in huff.regions["name_ru"])
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("module", ["catchment", "functional"])
def test_examples_run(module):
    mod = importlib.import_module(f"kzregions.{module}")
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    tests = [t for t in doctest.DocTestFinder().find(mod) if t.examples]
    assert tests
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for t in tests:
            runner.run(t, out=report.append)
    assert runner.failures == 0, "".join(report)
