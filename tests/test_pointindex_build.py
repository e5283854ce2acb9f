"""The point index's two ways of labelling cells (issue 25): the even-odd scan of cell
centres used for a tiling, and the connected-region way kept for overlapping polygons,
give the very same index; overlapping and holed polygons take the general way and stay
exact against shapely."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _pointindex


def _arrays(idx):
    return idx.labels, idx.rowbase, idx.bcells, idx.ptr, idx.cand


@pytest.mark.parametrize("level", [1, 2])
def test_scan_gives_the_same_index_as_the_general_way(level, monkeypatch):
    u = kz.units(level, 2024).sort_values("kato").reset_index(drop=True)
    keys, geoms = u["kato"].to_numpy(dtype=object), u.geometry.values
    fast = _pointindex.build(keys, geoms)
    assert _pointindex._centre_labels is not None
    monkeypatch.setattr(_pointindex, "_centre_labels", lambda *a: None)
    general = _pointindex.build(keys, geoms)
    assert fast.consistent() and general.consistent()
    for a, b in zip(_arrays(fast), _arrays(general)):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    # a real district grid: thousands of boundary cells, most cells labelled directly
    assert len(fast.bcells) > 1000 and (fast.labels >= 0).sum() > 10 * len(fast.bcells)


def _truth(geoms, x, y):
    out = np.full(len(x), -1)
    for i in range(len(geoms) - 1, -1, -1):  # lowest number wins
        out[shapely.contains_xy(geoms[i], x, y)] = i
    return out


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_overlapping_and_holed_polygons_stay_exact(seed):
    rng = np.random.default_rng(seed)
    geoms = []
    for _ in range(rng.integers(2, 6)):
        cx, cy = rng.uniform(0, 3, 2)
        p = shapely.Point(cx, cy).buffer(rng.uniform(0.3, 1.2), quad_segs=int(rng.integers(2, 8)))
        if rng.random() < 0.5:  # a hole
            p = p.difference(shapely.Point(cx, cy).buffer(0.2))
        geoms.append(p)
    idx = _pointindex.build(np.array([f"z{i}" for i in range(len(geoms))], dtype=object), geoms, cell=0.1)
    assert idx.consistent()
    x, y = rng.uniform(-1.5, 4.5, 4000), rng.uniform(-1.5, 4.5, 4000)
    # and points on vertices, where rounding would show
    v = shapely.get_coordinates(geoms)
    x, y = np.r_[x, v[:, 0]], np.r_[y, v[:, 1]]
    assert np.array_equal(idx.lookup(x, y), _truth(np.asarray(geoms, dtype=object), x, y))


def test_a_tiling_of_squares_is_labelled_by_the_scan(monkeypatch):
    squares = [shapely.box(i, j, i + 1, j + 1) for i in range(3) for j in range(3)]
    calls = []
    real = _pointindex._labels_by_components
    monkeypatch.setattr(_pointindex, "_labels_by_components", lambda *a: calls.append(1) or real(*a))
    idx = _pointindex.build(np.array([str(i) for i in range(9)], dtype=object), squares, cell=0.25)
    assert calls == []  # edges shared exactly: no overlap seen, the scan served
    x, y = np.meshgrid(np.linspace(-0.5, 3.5, 81), np.linspace(-0.5, 3.5, 81))
    x, y = x.ravel(), y.ravel()
    assert np.array_equal(idx.lookup(x, y), _truth(np.asarray(squares, dtype=object), x, y))


def test_an_enclave_and_its_donut_are_labelled_by_the_scan(monkeypatch):
    # a city inside a district that surrounds it (as Almaty city within its oblast until
    # 2022): the donut's hole is the enclave, exactly; plus a neighbour sharing an edge
    outer = shapely.Point(0, 0).buffer(3, quad_segs=7)
    city = shapely.Point(0.3, -0.2).buffer(1.1, quad_segs=5)
    donut = outer.difference(city)
    east = shapely.box(3, -3, 5, 3).difference(outer)
    geoms = np.asarray([city, donut, east], dtype=object)
    calls = []
    real = _pointindex._labels_by_components
    monkeypatch.setattr(_pointindex, "_labels_by_components", lambda *a: calls.append(1) or real(*a))
    idx = _pointindex.build(np.array(["c", "d", "e"], dtype=object), geoms, cell=0.05)
    assert calls == [] and idx.consistent()
    rng = np.random.default_rng(0)
    v = shapely.get_coordinates(geoms)
    x, y = np.r_[rng.uniform(-4, 6, 20000), v[:, 0]], np.r_[rng.uniform(-4, 4, 20000), v[:, 1]]
    assert np.array_equal(idx.lookup(x, y), _truth(geoms, x, y))
    assert (idx.labels == 0).sum() > 100 and (idx.labels == 1).sum() > 100  # both labelled directly
