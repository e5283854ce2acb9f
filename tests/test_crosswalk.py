"""The crosswalk between the 2018 and 2024 boundary sets, on the real layers."""

from __future__ import annotations

import numpy as np
import pytest

import kzregions as kz


@pytest.fixture(scope="module")
def l1():
    return kz.crosswalk(2018, 2024, level=1)


@pytest.fixture(scope="module")
def l2():
    return kz.crosswalk(2018, 2024, level=2)


def test_level1_splits_of_2022(l1):
    x = l1.set_index(["from_kato", "to_kato"])
    for parent, child in [("630000000", "100000000"),  # Abai from East Kazakhstan
                          ("190000000", "330000000"),  # Zhetysu from Almaty oblast
                          ("350000000", "620000000")]:  # Ulytau from Karaganda
        assert x.loc[(parent, child), "relation"] == "split"
        assert x.loc[(parent, parent), "relation"] == "split"
        assert x.loc[(parent, child), "to_share"] == pytest.approx(1.0, abs=1e-6)
    # shares are areas: Abai took about 65 % of East Kazakhstan, Ulytau 44 % of Karaganda
    assert x.loc[("630000000", "100000000"), "share"] == pytest.approx(0.6545, abs=0.001)
    assert x.loc[("350000000", "620000000"), "share"] == pytest.approx(0.4382, abs=0.001)
    assert x.loc[("190000000", "330000000"), "share"] == pytest.approx(0.5256, abs=0.001)
    # the capital was renamed and grew into Akmola oblast
    nur = x.loc[("710000000", "710000000")]
    assert nur["renamed"] and not nur["recoded"] and nur["boundary_changed"]
    untouched = {"150000000", "230000000", "270000000", "310000000", "390000000", "430000000",
                 "470000000", "550000000", "590000000", "610000000", "750000000", "790000000"}
    same = l1[l1["relation"] == "same"]
    assert set(same["from_kato"]) == untouched


@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("pair", [(2018, 2024), (2024, 2018)])
def test_shares_sum_to_one_and_areas_add_up(level, pair):
    x = kz.crosswalk(*pair, level=level)
    sums = x.groupby("from_kato")["share"].sum()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-12)
    src = kz.units(level, pair[0])
    assert set(x["from_kato"]) == set(src["kato"])
    assert set(x["to_kato"]) == set(kz.units(level, pair[1])["kato"])
    # slivers are dropped, so the kept intersections hold all but a tiny part of the area
    assert x["area_km2"].sum() == pytest.approx(src["area_km2"].sum(), rel=2e-4)


def test_level2_recodings_renamings_and_boundary_changes(l2):
    x = l2.set_index(["from_kato", "to_kato"])
    tal = x.loc[("191000000", "331000000")]  # Taldykorgan moved to Zhetysu oblast
    assert tal["relation"] == "recoded" and tal["share"] == pytest.approx(1.0)
    kap = x.loc[("191600000", "191000000")]  # Kapchagay became Konaev, and grew
    assert kap["successor"] and kap["recoded"] and kap["renamed"] and kap["relation"] == "merged"
    # Konaev took land from Talgar, Ile and Enbekshikazakh
    konaev = l2[l2["to_kato"] == "191000000"]
    assert {"196200000", "196800000", "194000000"} <= set(konaev["from_kato"])
    assert set(konaev["relation"]) <= {"merged", "boundary change"}
    # Zhanaarka lost land to Karazhal; Arkalyk and Amangeldi traded land
    assert x.loc[("354400000", "621800000"), "relation"] == "boundary change"
    assert x.loc[("393400000", "391600000"), "relation"] == "boundary change"
    assert x.loc[("391600000", "393400000"), "relation"] == "boundary change"
    # an unchanged district
    aral = x.loc[("433200000", "433200000")]
    assert aral["relation"] == "same" and aral["share"] == pytest.approx(1.0)
    changed = set(l2.loc[l2["relation"] != "same", "from_kato"])
    assert 35 <= len(changed) <= 60  # "about 40 units changed"


def test_crosswalk_is_cached_and_stable():
    a = kz.crosswalk(2024, 2018, level=2)
    b = kz.crosswalk(2024, 2018, level=2)
    assert a.equals(b)
    assert a.attrs["from_vintage"] == 2024 and a.attrs["level"] == 2


def test_bad_arguments():
    with pytest.raises(kz.errors.VintageError):
        kz.crosswalk(2018, 2023)
    with pytest.raises(kz.errors.VintageError):
        kz.crosswalk(2018, 2024, level=3)
    with pytest.raises(ValueError, match="min_share"):
        kz.crosswalk(2018, 2024, min_share=0.7)
