"""Issue 14: SDG series, regional HDI, composite indices, agglomerations, multi-criteria typology."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _sdg, development, regions
from kzregions.errors import VintageError


# ----------------------------------------------------------------------------- SDG series
def test_sdg_alias_title_unit_source():
    p = kz.panel("sdg:1.2.1", years=2023)
    assert "poverty_below_subsistence_minimum" in p.columns and p.attrs["units"] == {
        "poverty_below_subsistence_minimum": "%"}
    v = p.set_index("kato")["poverty_below_subsistence_minimum"]
    assert v["610000000"] == pytest.approx(9.0) and v["100000000"] == pytest.approx(8.0)  # Turkistan, Abai
    assert set(p["vintage"]) == {2024} and len(p) == 20
    cat = kz.indicators().set_index("indicator").loc["poverty_below_subsistence_minimum"]
    assert cat["sdg"] == "sdg:1.2.1" and cat["commit"].startswith("72277878")
    assert cat["title_ru"].startswith("Доля населения") and cat["title_kk"] and cat["unit_kk"] == "пайыз"
    assert kz.panel("sdg_1_2_1", years=2023).equals(p)
    with pytest.raises(KeyError, match="72 shipped"):
        kz.panel("sdg:99.1.1")


def test_sdg_boundary_sets_checked_per_indicator_year():
    long = kz.panel("sdg:1.2.1", long=True)
    v = {(k, y): int(x) for k, y, x in zip(long["kato"], long["year"], long["vintage"])}
    assert v[("YKO", 2017)] == 2017  # South Kazakhstan
    assert v[("610000000", 2018)] == 2018 and v[("630000000", 2022)] == 2018  # East Kaz. before the split
    assert v[("630000000", 2023)] == 2024 and ("100000000", 2022) not in v  # Abai only in 2023
    assert ("YKO", 2018) not in v


@pytest.mark.parametrize("vintage,year,n", [(2024, 2023, 20), (2018, 2021, 17), (2017, 2016, 16)])
def test_sdg_joins_completely_onto_its_boundary_set(vintage, year, n):
    p = kz.panel("poverty", years=year)
    g = kz.attach(kz.oblasts(vintage), p[p["vintage"] == vintage])
    rep = g.attrs["join_report"]
    assert rep.complete and rep.matched == n
    assert g["poverty_below_subsistence_minimum"].notna().all()


def test_sdg_disaggregations():
    tot = kz.panel("sdg:8.5.2", years=2022, vintage=2018).set_index("kato")["unemployment_rate_sdg"]
    f = kz.panel("sdg:8.5.2", sex="F", years=2022).set_index("kato")["unemployment_rate_sdg"]
    r = kz.panel("sdg:8.5.2", urbanisation="R", years=2022).set_index("kato")["unemployment_rate_sdg"]
    assert (tot["110000000"], f["110000000"], r["110000000"]) == (4.8, 4.9, 5.2)  # Akmola, from the file
    with pytest.raises(KeyError, match="no such cross-tabulation"):
        kz.panel("sdg:8.5.2", sex="F", urbanisation="R")  # the Bureau gives one-way breakdowns only
    with pytest.raises(ValueError, match="SDG indicators"):
        kz.panel("grp_total", sex="F")
    pm25 = kz.panel("sdg:11.6.2", series="_L_KZ_110602_1B", long=True, national=True)
    assert pm25["note"].str.contains("_L_KZ_110602_1B").all()


def test_sdg_conflicting_repeats_are_left_missing():
    long = kz.panel("sdg:11.3.1", years=2022, long=True)
    z = long[long["kato"] == "330000000"].iloc[0]  # Zhetysu: the source gives 18.9 and 19.3
    assert math.isnan(z["value"]) and "18.9, 19.3" in z["note"]


def test_sdg_city_rows_joined_to_city_units_or_listed():
    pm = kz.sdg_places("sdg:11.6.2", years=2023).drop_duplicates("ref_area").set_index("ref_area")
    assert pm.loc["KZKRG", "unit_kato"] == "351000000" and pm.loc["KZPVL", "unit_kato"] == "551000000"
    assert not pm.loc["KZAKS", "joined"]  # Aksay is a town in a district, not Aksu
    assert "not a city" in pm.loc["KZGLU", "reason"]  # a settlement
    assert pm.loc["KZKRG", "value"] == pytest.approx(0.027)
    assert pm["reason"][~pm["joined"]].str.len().gt(0).all()


def test_overlapping_series_kept_with_sources():
    old = kz.panel("poverty_rate_below_subsistence_minimum", years=2021).set_index("kato")
    new = kz.panel("poverty", years=2021).set_index("kato")
    assert old.loc["610000000"].iloc[-1] == 8.9 and new.loc["610000000", "poverty_below_subsistence_minimum"] == 9.8
    text = (Path(kz.__file__).parent / "datasets" / "SOURCES-stats.md").read_text(encoding="utf-8")
    assert "| 610000000 | Turkistan Region | 2021 |" in text and "<!-- sdg-comparison" in text


# ----------------------------------------------------------------------------- HDI
def test_hdi_six_regions_with_their_oblasts():
    h = kz.hdi(2018, version="v4").set_index("gdlcode")
    assert len(h) == 6 and h.attrs["citation"].startswith("Smits, J. and Permanyer")
    assert set(h.loc["KAZr102", "member_kato"]) == {"190000000", "310000000", "430000000", "610000000", "790000000"}
    assert set(h.loc["KAZr105", "member_kato"]) == {"110000000", "710000000", "390000000", "550000000", "590000000"}
    assert h.loc["KAZr104", "shdi"] == 0.838 and h.loc["KAZr104", "healthindex"] == 0.858
    assert h["national_shdi"].iloc[0] == 0.817  # v4, never v6's 0.814
    assert h["area_km2"].sum() == pytest.approx(kz.oblasts(2018)["area_km2"].sum(), rel=1e-6)
    early = kz.hdi(2010).set_index("gdlcode")
    assert "YKO" in early.loc["KAZr102", "member_kato"] and early["vintage"].iloc[0] == 2017
    assert "healthindex" not in early.columns and early["national_shdi"].iloc[0] == 0.767
    with pytest.raises(VintageError, match="v6 covers it"):
        kz.hdi(2020, version="v4")


def test_composite_index_reproduces_gdl_shdi():
    df = development._shdi()
    v4 = df[df["gdl_vintage"].str.startswith("SHDI v4")]
    w = v4.pivot_table(index=["gdlcode", "year"], columns="indicator", values="value").reset_index()
    ci = kz.composite_index(w, ["healthindex", "edindex", "incindex"], goalposts={c: (0, 1) for c in
                                                                                  ["healthindex", "edindex", "incindex"]})
    assert len(w) == 7 * 29
    assert np.abs(ci.values - w["shdi"]).max() < 0.001
    assert list(ci.components.columns[:2]) == ["gdlcode", "year"]


def test_composite_index_by_hand():
    t = pd.DataFrame({"kato": ["a", "b"], "life": [70.0, 85.0], "poverty": [10.0, 2.0]})
    gp = {"life": (20, 85), "poverty": (20, 0)}
    g = kz.composite_index(t, ["life", "poverty"], goalposts=gp)
    # a: life (70-20)/65 = 0.76923, poverty (10-20)/(0-20) = 0.5; sqrt(0.76923*0.5) = 0.62017
    assert g.values[0] == pytest.approx(math.sqrt(50 / 65 * 0.5))
    assert g.values[1] == pytest.approx(math.sqrt(1.0 * 0.9))
    a = kz.composite_index(t, ["life", "poverty"], goalposts=gp, method="arithmetic", weights={"life": 3, "poverty": 1})
    assert a.values[0] == pytest.approx(0.75 * 50 / 65 + 0.25 * 0.5) and a.weights == {"life": 0.75, "poverty": 0.25}
    obs = kz.composite_index(t, ["life"])  # observed goalposts: worst 0, best 1
    assert list(obs.values) == [0.0, 1.0] and obs.goalposts == {"life": (70.0, 85.0)}
    clipped = kz.composite_index(t, ["life"], goalposts={"life": (20, 80)})
    assert clipped.values[1] == 1.0 and clipped.components.loc[1, "clipped"] == "life"
    with pytest.raises(ValueError, match="equal"):
        kz.composite_index(t, ["life"], goalposts={"life": (5, 5)})
    with pytest.raises(KeyError, match="no column"):
        kz.composite_index(t, ["wage"])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=8))
def test_composite_index_between_min_and_max_geometric_below_arithmetic(rows):
    t = pd.DataFrame(rows, columns=["x", "y", "z"])
    gp = {c: (0, 1) for c in "xyz"}
    g = kz.composite_index(t, list("xyz"), goalposts=gp).values.to_numpy()
    a = kz.composite_index(t, list("xyz"), goalposts=gp, method="arithmetic").values.to_numpy()
    lo, hi = t.min(axis=1).to_numpy(), t.max(axis=1).to_numpy()
    assert (g >= lo - 1e-12).all() and (a <= hi + 1e-12).all() and (g <= a + 1e-12).all()


# ----------------------------------------------------------------------------- catalogue
def test_agglomerations_secondary_and_partial_towns():
    a = kz.programme("agglomerations")
    assert a.metadata["secondary_source"] and "SECONDARY" in a.description
    assert len(a.zones) == 5 and list(a.members.columns) == regions.MEMBER_COLUMNS
    m = a.members
    assert set(m.loc[m["zone"] == "Karaganda agglomeration", "kato"]) == {
        "351000000", "352400000", "352200000", "352800000", "353200000", "354000000", "355600000"}
    towns = m[m["partial"]]
    assert set(towns["kato"]) == {"191000000", "194000000", "615800000"}  # Zarechny, Esik, Lenger
    assert towns["partial_note"].str.contains("no polygon of its own").all()
    assert list(a.unmatched["name_as_in_source"].str[:9]) == ["Gate city"]


def test_macroregions_central_only_others_unknown():
    m = kz.programme("macroregions_2025")
    assert m.zones == ["Central macro-region"] and len(m.members) == 9
    assert set(m.metadata["unknown_zones"]) == {"West", "South"}
    assert m.unmatched["reason"].str.contains("nothing is inferred").all()
    assert "710000000" in set(m.members["kato"]) and "100000000" in set(m.members["kato"])


# ----------------------------------------------------------------------------- typology
def test_criteria_typology_keeps_types_and_explains_each_criterion():
    p = kz.panel("grp_per_capita", "poverty", "unemployment", "population_start_of_year", years=[2010, 2016, 2021],
                 vintage=2018)
    assert not p.duplicated(["kato", "year"]).any()
    kw = dict(start=2010, mid=2016, end=2021, vintage=2018)
    base = kz.typology(p, **kw)
    t = kz.criteria_typology(p, [("poverty_below_subsistence_minimum", ">=", 6, "high poverty"),
                                 kz.Criterion("unemployment_rate_sdg", ">=", 5, "high unemployment"),
                                 ("density", "<", 5, "sparse")], **kw)
    assert t.table["type"].equals(base.table["type"])  # the typology's own rules are unchanged
    assert (t.table["type"] != "unclassified").sum() >= 15
    r = t.table.set_index("name_en")
    assert r.loc["Turkestan", "poverty_below_subsistence_minimum"] == 9.8  # SDG 1.2.1, 2021
    assert "poverty_below_subsistence_minimum 9.8 ≥ 6 (high poverty)" in r.loc["Turkestan", "criteria_reason"]
    assert r.loc["Turkestan", "meets: high poverty"] and not r.loc["Atyrau", "meets: high poverty"]
    assert r.loc["Atyrau", "profile"] == "none" or "high poverty" not in r.loc["Atyrau", "profile"]
    sparse = r["density"] < 5
    assert (r.loc[sparse, "meets: sparse"]).all() and r["criteria_met"].max() <= 3
    with pytest.raises(KeyError, match="no column"):
        kz.criteria_typology(p, [("wage", ">", 1)], **kw)
    with pytest.raises(ValueError, match="op="):
        kz.Criterion("x", "=>", 1)


def test_criteria_typology_reads_one_row_per_unit_from_a_carried_panel():
    # vintage=2024: a unit can have one row per set it was measured on in the same year
    p = kz.panel("grp_per_capita", "poverty", "unemployment", "population_avg_annual", years=[2010, 2016, 2022],
                 vintage=2024)
    kw = dict(start=2010, mid=2016, end=2022, vintage=2024, population="population_avg_annual")
    t = kz.criteria_typology(p, [("poverty_below_subsistence_minimum", ">=", 6, "high poverty")], **kw)
    r = t.table.set_index("name_en")
    assert r.loc["Turkestan", "poverty_below_subsistence_minimum"] == 9.7  # 2022, carried from the 2018 set
    assert r.loc["Zhetysu", "criteria_reason"].startswith("high poverty: no value")  # new in 2022: not carried
    assert r.loc["Akmola", "density"] > 0  # from the row measured on 2024 boundaries


def test_sdg_module_names_do_not_shadow_functions():
    assert callable(kz.hdi) and callable(kz.composite_index) and callable(kz.sdg_places)
    assert _sdg.alias("sdg:8.5.2") == "unemployment_rate_sdg"


def test_extra_programmes_are_listed_and_named_in_errors():
    from kzregions import _planning_regions
    from kzregions.errors import UnknownRegionError

    cat = _planning_regions.catalogue().set_index("id")
    assert cat.loc["agglomerations", "entries"] == 34 and cat.loc["macroregions_2025", "entries"] == 11
    with pytest.raises(UnknownRegionError, match="agglomerations"):
        kz.programme("agglomeration")
    with pytest.raises(ValueError, match="versions"):
        kz.programme("agglomerations", version="2020")


def test_every_sdg_row_is_a_unit_of_the_set_it_is_assigned_to():
    long = kz.panel(*sorted(_sdg.names()), long=True)
    units = {v: set(kz.oblasts(v)["kato"]) for v in (2017, 2018, 2024)}
    for v, g in long.groupby("vintage"):
        assert set(g["kato"]) <= units[int(v)], (v, set(g["kato"]) - units[int(v)])
    # one value per unit, year and indicator on each set
    assert not long.duplicated(["kato", "year", "indicator", "vintage"]).any()
    by = long.groupby(["indicator", "year"])["vintage"].agg(lambda s: set(s.dropna().astype(int)))
    assert all(not ({2017, 2024} <= s) for s in by)  # an indicator-year never mixes 2017 and 2024
    p = kz.panel("sdg:1.2.1", "sdg:8.5.2", "sdg:17.8.1", years=2023, vintage=2024)
    g = kz.attach(kz.oblasts(2024), p)
    assert g.attrs["join_report"].complete and g["internet_users_share"].notna().all()


def test_cli_maps_an_sdg_series_by_its_code(tmp_path):
    from kzregions import cli

    out = tmp_path / "poverty.png"
    assert cli.main(["map", "sdg:1.2.1", "--year", "2023", "--lang", "ru", "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000
    assert _sdg.titles("ru")["poverty_below_subsistence_minimum"].startswith("Доля населения")
