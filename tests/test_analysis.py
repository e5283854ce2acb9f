"""Inequality, convergence, spatial autocorrelation and typology, checked by hand and against PySAL."""

from __future__ import annotations

import math

import esda
import libpysal
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

import kzregions as kz
from kzregions import disparities as an


@pytest.fixture(scope="module")
def grp22():
    return kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", "population_avg_annual", years=2022))


# ----------------------------------------------------------------------------- by hand
@pytest.mark.parametrize("n", [2, 5, 20])
def test_equal_incomes_give_zero(n):
    r = kz.inequality(pd.DataFrame({"y": [7.0] * n, "w": np.arange(1, n + 1)}), "y", weights="w").iloc[0]
    for m in ("cv", "williamson", "gini", "theil_t", "theil_l"):
        assert r[m] == pytest.approx(0.0, abs=1e-12), m
    assert r["max_min_ratio"] == 1.0 and r["quintile_ratio"] == pytest.approx(1.0)


@pytest.mark.parametrize("n", [2, 5, 20])
def test_one_unit_holding_everything_gives_the_known_maximum(n):
    y = np.zeros(n)
    y[0] = 100.0
    assert an.gini(y) == pytest.approx((n - 1) / n)
    assert an.theil_t(y) == pytest.approx(math.log(n))
    assert an.theil_l(y) == math.inf
    assert an.cv(y) == pytest.approx(math.sqrt(n - 1))


def test_weighted_measures_by_hand():
    # two regions: 1 person earning 10, 3 people earning 2 -> mean 4
    y, w = np.array([10.0, 2.0]), np.array([1.0, 3.0])
    assert an.cv(y, w) == pytest.approx(math.sqrt((36 * 1 + 4 * 3) / 4) / 4)
    assert an.theil_t(y, w) == pytest.approx(10 / 16 * math.log(10 / 4) + 6 / 16 * math.log(2 / 4))
    assert an.theil_l(y, w) == pytest.approx(0.25 * math.log(4 / 10) + 0.75 * math.log(4 / 2))
    assert an.gini(y, w) == pytest.approx(2 * 1 * 3 * 8 / (2 * 16 * 4))


# ----------------------------------------------------------------------------- vs PySAL
def test_unweighted_measures_equal_pysal_on_real_oblast_data(grp22):
    y = grp22["grp_per_capita"].to_numpy()
    assert an.gini(y) == pytest.approx(Gini(y).g, rel=1e-12)
    assert an.theil_t(y) == pytest.approx(float(Theil(y).T), rel=1e-9)
    r = kz.inequality(grp22, "grp_per_capita").iloc[0]
    assert r["gini"] == pytest.approx(Gini(y).g) and r["n"] == 20


def test_weighted_measures_equal_pysal_on_replicated_units(grp22):
    """Weights w are the same as repeating each unit w times: check that with PySAL."""
    y = grp22["grp_per_capita"].to_numpy()
    w = np.round(grp22["population_avg_annual"].to_numpy() / 100).astype(int)  # hundreds of thousands
    rep = np.repeat(y, w)
    assert an.gini(y, w) == pytest.approx(Gini(rep).g, rel=1e-9)
    assert an.theil_t(y, w) == pytest.approx(float(Theil(rep).T), rel=1e-6)


def test_theil_decomposition_sums_and_matches_pysal():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    d = kz.derive(d, density="population_start_of_year").dropna(subset=["population_start_of_year_density"])
    dec = kz.theil_decomposition(d, "population_start_of_year_density", groups="oblast_kato")
    assert dec.t_between + dec.t_within == pytest.approx(dec.t, rel=1e-9)
    assert dec.l_between + dec.l_within == pytest.approx(dec.l, rel=1e-9)
    y = d["population_start_of_year_density"].to_numpy()
    ref = TheilD(y, d["oblast_kato"].to_numpy())
    assert dec.t == pytest.approx(float(np.ravel(ref.T)[0]), rel=1e-6)
    assert dec.t_between == pytest.approx(float(np.ravel(ref.bg)[0]), rel=1e-6)
    wdec = kz.theil_decomposition(d, "population_start_of_year_density", groups="oblast_kato",
                                  weights="population_start_of_year")
    assert wdec.t_between + wdec.t_within == pytest.approx(wdec.t, rel=1e-9)
    assert len(dec.groups) == 20 and "between" in repr(dec)


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=1e6, allow_nan=False), min_size=3, max_size=30),
       st.floats(min_value=0.01, max_value=1e3))
def test_scale_and_order_invariance(y, c):
    y = np.array(y)
    w = np.linspace(1, 3, len(y))
    for f in (an.gini, an.theil_t, an.theil_l, an.cv):
        base = f(y, w)
        assert f(y * c, w) == pytest.approx(base, rel=1e-7, abs=1e-12)
        assert f(y[::-1], w[::-1]) == pytest.approx(base, rel=1e-7, abs=1e-12)
    assert 0 <= an.gini(y, w) < 1


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=1e4, allow_nan=False), min_size=4, max_size=24),
       st.integers(min_value=1, max_value=4))
def test_decomposition_components_add_up(y, k):
    y = np.array(y)
    df = pd.DataFrame({"y": y, "g": np.arange(len(y)) % k, "w": np.linspace(1, 2, len(y))})
    dec = kz.theil_decomposition(df, "y", "g", weights="w")
    assert dec.t_between + dec.t_within == pytest.approx(dec.t, rel=1e-9, abs=1e-12)
    assert dec.l_between + dec.l_within == pytest.approx(dec.l, rel=1e-9, abs=1e-12)


# ----------------------------------------------------------------------------- time series
def test_inequality_by_year_and_convergence():
    p = kz.panel("grp_per_capita", years=range(2008, 2022), vintage=2018)
    ts = kz.inequality(p, "grp_per_capita", by="year")
    assert list(ts.index) == list(range(2008, 2022))
    assert (ts.loc[2018:, "n"] == 17).all() and (ts.loc[:2017, "n"] == 15).all()
    c = kz.convergence(p, "grp_per_capita")
    assert c.beta["start"] == 2008 and c.beta["end"] == 2021 and c.beta["n"] == 15
    # by hand: the slope of mean annual log growth on the initial log level
    w = p.pivot_table(index="kato", columns="year", values="grp_per_capita")[[2008, 2021]].dropna()
    g = np.log(w[2021] / w[2008]) / 13
    b = np.polyfit(np.log(w[2008]), g, 1)[0]
    assert c.beta["b"] == pytest.approx(b, rel=1e-9)
    assert set(c.sigma.columns) == {"n", "cv", "sd_log"} and "beta" in repr(c)


def test_convergence_on_a_constructed_panel():
    # poorer units grow faster: beta < 0, dispersion falls
    rows = []
    for k, (y0, g) in enumerate([(1, 0.10), (2, 0.07), (4, 0.04), (8, 0.01)]):
        for t in range(11):
            rows.append({"kato": str(k), "year": 2000 + t, "v": y0 * (1 + g) ** t})
    c = kz.convergence(pd.DataFrame(rows), "v")
    assert c.beta["b"] < 0 and c.beta["p"] < 0.01 and c.sigma_trend["slope"] < 0


# ----------------------------------------------------------------------------- spatial
def test_moran_matches_esda_with_independent_weights(grp22):
    sa = kz.spatial_autocorrelation(grp22, "grp_per_capita", permutations=99)
    w = libpysal.weights.Queen.from_dataframe(grp22, use_index=False)
    w.transform = "r"
    ref = esda.Moran(grp22["grp_per_capita"].to_numpy(), w, permutations=99)
    assert sa.moran.I == pytest.approx(ref.I, rel=1e-12)
    # the enclave cities keep their surrounding unit as neighbour; no unit is an island
    katos = list(grp22["kato"])
    nb = {katos[i]: {katos[j] for j in sa.weights.neighbors[i]} for i in sa.weights.neighbors}
    assert nb["710000000"] == {"110000000"} and nb["750000000"] == {"190000000"}
    assert nb["790000000"] == {"610000000"} and sa.weights.islands == []


def test_lisa_on_districts_with_missing_values_and_an_island():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    d = kz.derive(d, density="population_start_of_year")
    sa = kz.spatial_autocorrelation(d, "population_start_of_year_density", permutations=199)
    assert sa.moran.I > 0.3 and sa.moran.p_sim <= 0.01  # dense districts cluster (cities, suburbs)
    assert sa.lisa["cluster"].isna().sum() == 5  # the five 2024 districts without a 2023 figure
    assert {"High-High", "Low-Low"} <= set(sa.lisa["cluster"].dropna())
    assert "5 units without a value" in sa.notes[0]
    # without Zharasemey, which surrounds it, Semey city has no neighbour: joined to the nearest
    assert "Semey" in sa.notes[1]
    hh = sa.lisa.loc[sa.lisa["cluster"] == "High-High", "oblast_en"]
    assert set(hh) <= {"Almaty", "Astana", "Shymkent", "Karagandy", "Turkestan", "Abay"}


# ----------------------------------------------------------------------------- typology
def _constructed():
    """17 oblasts of 2018 with a made-up indicator 'x' (not a shipped one: the national
    reference is then the mean of the units), each special unit built to meet one rule."""
    units = kz.oblasts(2018)
    spec = {  # kato: (x in 2000, 2005, 2010, population in thousands)
        "230000000": (200, 220, 260, 600),    # growth pole
        "270000000": (80, 120, 100, 600),     # depressed: fast, then falling behind
        "350000000": (40, 50, 80, 100),       # pioneer: low base, fast, 0.2 persons/km²
        "430000000": (50, 50, 50, 800),       # stagnating
        "750000000": (60, 65, 80, 2000),      # catching up (dense: Almaty city)
    }
    rows = []
    for k in units["kato"]:
        x0, x1, x2, pop = spec.get(k, (100, 110, 121, 1000))
        for year, x in ((2000, x0), (2005, x1), (2010, x2)):
            rows.append({"kato": k, "year": year, "x": float(x), "pop": float(pop)})
    out = pd.DataFrame(rows)
    out.attrs["units"] = {"pop": "thousand persons"}  # densities need the unit (issue 20)
    return out


def test_typology_rules_on_a_constructed_panel():
    t = kz.typology(_constructed(), indicator="x", start=2000, end=2010, vintage=2018, population="pop")
    types = dict(zip(t.table["kato"], t.table["type"]))
    assert types["230000000"] == "growth pole"
    assert types["270000000"] == "depressed"
    assert types["350000000"] == "pioneer"
    assert types["430000000"] == "stagnating"
    assert types["750000000"] == "catching up"
    assert types["110000000"] == "developed/stable"
    row = t.table.set_index("kato").loc["350000000"]
    assert "low base" in row["reason"] and row["density"] < 5
    assert row["threshold_pioneer_density"] == 5.0
    # thresholds are parameters: a stricter pole level demotes Atyrau
    t2 = kz.typology(_constructed(), indicator="x", start=2000, end=2010, vintage=2018, population="pop",
                     thresholds=kz.Thresholds(pole_level=300))
    assert dict(zip(t2.table["kato"], t2.table["type"]))["230000000"] != "growth pole"


def test_typology_on_real_data_and_its_map(tmp_path):
    p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2008, 2022))
    t = kz.typology(p, indicator="grp_per_capita", start=2008, end=2021, vintage=2018)
    tab = t.table.set_index("name_en")
    assert tab.loc["Atyrau", "type"] == "growth pole" and tab.loc["Atyrau", "level_index"] > 300
    # no per-capita GRP on Turkistan's and Shymkent's 2018 boundaries before 2018
    assert set(t.table.loc[t.table["type"] == "unclassified", "kato"]) == {"610000000", "790000000"}
    assert "missing" in tab.loc["Turkestan", "reason"]
    m = t.plot()
    m.save(tmp_path / "types.png", dpi=50)
    cl = kz.cluster_typology(t, k=3)
    assert len(cl) == 15 and cl["cluster"].nunique() == 3 and "k-means" in cl.attrs["method"]


def test_location_quotients():
    df = pd.DataFrame({"mining": [80, 10, 10], "services": [20, 90, 90]}, index=["a", "b", "c"])
    lq = kz.location_quotients(df)
    assert lq.loc["a", "mining"] == pytest.approx((80 / 100) / (100 / 300))
    # the national economy is the share-weighted mean of the units: weighted LQs average to 1
    np.testing.assert_allclose(lq.mul(df.sum(axis=1) / df.to_numpy().sum(), axis=0).sum(), 1.0)


def test_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        an.gini([1.0, -2.0])
    with pytest.raises(KeyError):
        kz.inequality(pd.DataFrame({"a": [1.0]}), "b")
    with pytest.raises(ValueError, match="start < mid < end"):
        kz.typology(_constructed(), indicator="x", start=2010, end=2000)
