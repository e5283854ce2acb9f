"""Issue 23: specialisation, shift-share, real growth, mobility, migration, lagging regions.

Small tables worked by hand, invariants by hypothesis, and rows of the shipped data."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions.errors import KzRegionsError


# ----------------------------------------------------------------------------- by hand
def test_specialisation_of_a_two_by_two_table_worked_by_hand():
    # whole: x 40/100 = 0.4, y 0.6. A: shares 0.75 / 0.25; B: 1/6 / 5/6
    t = pd.DataFrame({"x": [30.0, 10.0], "y": [10.0, 50.0]}, index=["A", "B"])
    lq = kz.location_quotients(t)
    assert lq.loc["A", "x"] == pytest.approx(0.75 / 0.4)
    assert lq.loc["A", "y"] == pytest.approx(0.25 / 0.6)
    s = kz.specialisation_indices(t)
    assert s.loc["A", "krugman"] == pytest.approx(0.35 + 0.35)
    assert s.loc["A", "hoover"] == pytest.approx(0.35)
    assert s.loc["A", "herfindahl"] == pytest.approx(0.75**2 + 0.25**2)
    # sectors by LQ ascending (y, x): 1 - [0.6 * 0.25 + 0.4 * (1.0 + 0.25)] = 0.35
    assert s.loc["A", "gini"] == pytest.approx(0.35)
    assert s.loc["B", "krugman"] == pytest.approx(abs(1 / 6 - 0.4) + abs(5 / 6 - 0.6))
    assert s.loc["A", "dominant_sector"] == "x" and s.loc["B", "dominant_sector"] == "y"
    sh = kz.regional_shares(t)
    assert sh.loc["A", "x"] == pytest.approx(0.75) and sh.loc["A", "y"] == pytest.approx(1 / 6)


def test_specialisation_by_year_compares_each_year_with_its_own_whole():
    t = pd.DataFrame({"year": [1, 1, 2, 2], "x": [30.0, 10.0, 5.0, 5.0], "y": [10.0, 50.0, 5.0, 5.0]},
                     index=["A", "B", "A", "B"])
    s = kz.specialisation_indices(t, by="year")
    assert s["krugman"].iloc[2:].tolist() == [0.0, 0.0]  # year 2: equal structures
    assert s["krugman"].iloc[0] == pytest.approx(0.7)


def test_classic_shift_share_worked_by_hand():
    # whole: 400 -> 460 (G 0.15); x 200 -> 240 (0.20), y 200 -> 220 (0.10)
    df = pd.DataFrame({"year": [2000, 2000, 2001, 2001], "x": [100.0, 100.0, 130.0, 110.0], "y": [50.0, 150.0, 45.0, 175.0]},
                      index=["A", "B", "A", "B"])
    ss = kz.shift_share(df, 2000, 2001)
    by = ss.by_sector.set_index(["unit", "sector"])
    assert by.loc[("A", "x"), ["national_share", "industry_mix", "regional_shift"]].tolist() == \
        pytest.approx([15.0, 5.0, 10.0])
    assert by.loc[("A", "y"), ["national_share", "industry_mix", "regional_shift"]].tolist() == \
        pytest.approx([7.5, -2.5, -10.0])
    assert ss.table.loc["B", ["change", "national_share", "industry_mix", "regional_shift"]].tolist() == \
        pytest.approx([35.0, 37.5, -2.5, 0.0])
    assert ss.params["growth"] == pytest.approx(15.0)


tables = st.lists(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=3, max_size=3), min_size=9, max_size=9)


@settings(max_examples=60, deadline=None)
@given(tables, st.booleans())
def test_shift_share_parts_add_up_to_the_actual_change(cells, dynamic):
    # 3 units x 3 sectors x 3 years, any non-negative amounts (zeros included)
    df = pd.DataFrame(cells, columns=["a", "b", "c"], index=["u1", "u2", "u3"] * 3)
    df.insert(0, "year", [2000] * 3 + [2001] * 3 + [2002] * 3)
    if df[["a", "b", "c"]][df["year"] == 2000].to_numpy().sum() == 0:
        return  # no whole to grow from
    if (df.groupby("year")[["a", "b", "c"]].sum().sum(axis=1) == 0).any():
        return
    ss = kz.shift_share(df, 2000, 2002, dynamic=dynamic)
    parts = ss.table[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    scale = max(1.0, float(ss.table[["start", "end"]].abs().to_numpy().max()))
    assert np.allclose(parts, ss.table["change"], rtol=0, atol=1e-9 * scale)
    assert np.allclose(ss.table["change"], ss.table["end"] - ss.table["start"], atol=1e-9 * scale)


# ----------------------------------------------------------------------------- real rows
def test_mining_location_quotient_of_atyrau_2024_over_five_groups():
    t = kz.sector_table("gva", 2024)
    assert list(t.columns) == ["agriculture", "mining", "manufacturing", "utilities", "rest_of_economy"]
    lq = kz.location_quotients(t)
    # (6,546,078.4 / 14,981,586.3) / (B national / GRP national)
    at = t.loc["230000000"]
    nat = kz.panel("gva_mining", "grp_total", years=2024, national=True).set_index("kato")
    expect = (at["mining"] / at.sum()) / (nat.loc["000000000", "gva_mining"] / nat.loc["000000000", "grp_total"])
    assert lq.loc["230000000", "mining"] == pytest.approx(expect, rel=1e-12)
    assert round(lq.loc["230000000", "mining"], 2) == 3.64
    assert round(lq.loc["590000000", "agriculture"], 2) == 6.03  # North Kazakhstan
    assert round(lq.loc["550000000", "utilities"], 2) == 3.80  # Pavlodar


def test_sections_of_the_regions_add_up_to_the_national_rows():
    p = kz.panel("gva_agriculture", "gva_mining", "gva_manufacturing", "gva_utilities", years=[2021, 2024],
                 national=True)
    for y in (2021, 2024):
        py = p[p["year"] == y].set_index("kato")
        nat = py.loc["000000000"]
        reg = py.drop(index="000000000").sum()
        for c in ("gva_agriculture", "gva_mining", "gva_manufacturing", "gva_utilities"):
            assert reg[c] == pytest.approx(nat[c], abs=0.05)


def test_national_volume_index_chained_2010_2020_is_the_product_of_the_yearly_indices():
    rates = kz.panel("grp_volume_index", years=range(2011, 2021), national=True)
    nat = rates[rates["kato"] == "000000000"].set_index("year")["grp_volume_index"]
    assert len(nat) == 10 and nat[2020] == 97.5
    product = math.prod(nat[y] / 100.0 for y in range(2011, 2021)) * 100.0
    idx = kz.real_grp_index(2010, vintage=2018)
    chained = idx[(idx["kato"] == "000000000") & (idx["year"] == 2020)]["grp_real_index"].iloc[0]
    assert chained == pytest.approx(product, rel=1e-12)
    g = kz.real_growth(2010, 2020, vintage=2018).set_index("kato")
    assert g.loc["000000000", "real_cagr"] == pytest.approx(((product / 100) ** 0.1 - 1) * 100)


def test_real_index_never_bridges_a_gap_or_a_boundary_change():
    idx = kz.real_grp_index(2010, vintage=2018)
    east = idx[idx["kato"] == "630000000"]
    assert east["year"].max() == 2020  # its 2021 row is on unclear boundaries: not chained
    on24 = kz.real_grp_index(2021, vintage=2024)
    assert on24[on24["kato"] == "630000000"]["year"].min() == 2021  # first 2024-set rate is 2022
    with pytest.raises(KzRegionsError, match="base"):
        kz.real_grp_index(1990, vintage=2024)


def test_nominal_and_real_growth_side_by_side():
    t = kz.nominal_vs_real(2010, 2020, vintage=2018).set_index("kato")
    row = t.loc["000000000"]
    assert (1 + row["nominal_cagr"] / 100) == pytest.approx((1 + row["real_cagr"] / 100)
                                                            * (1 + row["deflator_cagr"] / 100))
    assert math.isnan(t.loc["610000000", "nominal_cagr"])  # no Turkistan GRP in 2010: a gap, not a guess


def test_employment_shift_share_2022_2025_adds_up_on_the_shipped_rows():
    emp = kz.sector_table("employment", [2022, 2023, 2024, 2025])
    for dynamic in (False, True):
        ss = kz.shift_share(emp, 2022, 2025, dynamic=dynamic)
        t = ss.table
        assert len(t) == 20
        assert np.allclose(t[["national_share", "industry_mix", "regional_shift"]].sum(axis=1), t["change"])
    assert t.loc["710000000", "change"] == 764860 - 625512  # Astana, persons


def test_typology_with_real_growth_and_the_eu_rules():
    lag = kz.lagging_regions(2021, 2024, vintage=2024).table.set_index("kato")
    assert set(lag.loc[lag["lagging"] == "low income"].index) == {"310000000", "330000000", "610000000"}
    row = lag.loc["790000000"]  # Shymkent: 56 % and real per-capita growth below the country's
    assert row["lagging"] == "low growth" and row["level_index"] <= 90 and row["growth_full"] <= 0


def test_income_mobility_counts_every_year_to_year_move():
    p = kz.panel("grp_per_capita", years=range(2011, 2022), vintage=2018, national=True)
    m = kz.income_mobility(p, "grp_per_capita", spatial=True)
    n_units = len(m.relative)
    assert int(m.transitions.to_numpy().sum()) == n_units * (len(m.params["years"]) - 1)
    assert np.allclose(m.probabilities.sum(axis=1).dropna(), 1.0)
    assert len(m.spatial) == 4
    assert m.params["left_out"] == ["610000000", "790000000"]  # no 2011 GRP per capita on the 2018 set


def test_migration_is_flagged_unverified_where_users_see_it():
    with pytest.warns(UserWarning, match="unverified"):
        m = kz.internal_migration()
    assert not m["source_verified"].any()
    assert (m.groupby("year")["net"].sum() == 0).all()
    assert m.groupby("year")["arrivals"].sum().to_dict() == {2022: 803033, 2023: 1023573, 2024: 1510337}
    assert "internal_migration" not in set(kz.indicators()["indicator"])  # kept out of the panel
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pc = kz.population_change([2023])
    assert pc["natural_increase"].isna().all() and pc["missing"].str.contains("births and deaths").all()


@pytest.mark.parametrize("call", [
    lambda: kz.sector_table("jobs", 2024),
    lambda: kz.sector_table("gva", 2022),
    lambda: kz.sector_table("gva", 2024.5),
    lambda: kz.shift_share(kz.sector_table("employment", [2022, 2025]), 2025, 2022),
    lambda: kz.shift_share(kz.sector_table("employment", [2022, 2025]), 2022, 2025, dynamic=True),
    lambda: kz.location_quotients(pd.DataFrame({"a": [1.0, -2.0], "b": [1.0, 1.0]})),
    lambda: kz.income_mobility(kz.panel("grp_per_capita", vintage=2018), "grp_per_capita", bins=(1.5, 1.0)),
    lambda: kz.real_growth(2020, 2010),
    lambda: kz.internal_migration(2019),
])
def test_bad_values_raise_our_value_errors_naming_the_argument(call):
    with pytest.raises(KzRegionsError) as info:
        call()
    assert isinstance(info.value, (ValueError, TypeError, KeyError))
    assert "=" in str(info.value) or "column" in str(info.value)


def test_a_frame_of_text_is_refused_with_our_type_error():
    with pytest.raises(TypeError, match="not numbers"):
        kz.specialisation_indices(pd.DataFrame({"a": ["x", "y"], "b": [1.0, 2.0]}))
