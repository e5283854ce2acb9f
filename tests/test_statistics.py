"""The shipped panel, joins that lose nothing, and statistics carried across vintages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _datasets as attr
from kzregions import errors
from kzregions.errors import AmbiguousRegionError, VintageError


# ----------------------------------------------------------------------------- shipped data
def test_catalogue():
    cat = kz.indicators().set_index(["indicator", "level"])
    row = cat.loc[("grp_total", "oblast")]
    assert (row["first_year"], row["last_year"], row["unit"]) == (2000, 2025, "million KZT (current prices)")
    assert cat.loc[("unemployment_rate", "oblast"), "vintages"] == "2017, 2018, 2024"
    assert cat.loc[("population_avg_annual", "oblast"), "vintages"] == "2024"
    assert cat.loc[("population_start_of_year", "district"), "regions"] == 220
    assert len(attr.oblast_long()) == 3714 and len(attr.district_long()) == 220


def test_every_row_keeps_its_source_and_note():
    long = kz.panel(long=True, national=True)
    assert long["source"].notna().all() and (long["source"].str.len() > 10).all()
    assert "note" in long.columns and long["unit"].notna().all()


def _publication_rows(df):
    """The rows of one (indicator, year) as published: South Kazakhstan where it exists,
    never also its back-calculated parts."""
    has_yko = (df["kato"] == attr.YKO).any()
    if has_yko:
        df = df[~df["kato"].isin(["610000000", "790000000"])]
    return df


@pytest.mark.parametrize("indicator", ["grp_total", "population_avg_annual", "population_start_of_year",
                                       "urban_population_avg_annual"])
def test_regions_sum_to_the_national_total_every_year(indicator):
    long = kz.panel(indicator, long=True, national=True)
    years = sorted(set(long["year"]))
    assert len(years) >= 17
    for y in years:
        g = long[long["year"] == y]
        nat = g.loc[g["kato"] == attr.NATIONAL, "value"]
        regions = _publication_rows(g[g["level"] == 1])["value"].sum()
        assert len(nat) == 1, (indicator, y)
        assert regions == pytest.approx(nat.iloc[0], abs=0.051), (indicator, y, regions, nat.iloc[0])


def test_shymkent_and_turkistan_back_calculation_equals_south_kazakhstan():
    long = kz.panel("grp_total", years=range(2011, 2018), long=True)
    for _, g in long.groupby("year"):
        v = g.set_index("kato")["value"]
        assert v["610000000"] + v["790000000"] == pytest.approx(v[attr.YKO], abs=0.051)
        assert set(g.loc[g["kato"].isin(["610000000", "790000000"]), "vintage"]) == {2018}
        assert g.set_index("kato").loc[attr.YKO, "vintage"] == 2017


def test_districts_sum_to_oblasts_2023():
    d = kz.panel("population_start_of_year", level="district", long=True)
    o = kz.panel("population_start_of_year", years=2023, long=True).set_index("kato")["value"] * 1000
    d["oblast"] = d["kato"].str[:2] + "0000000"
    sums = d.groupby("oblast")["value"].sum()
    assert len(sums) == 20
    for k, v in sums.items():
        assert v == pytest.approx(o[k], abs=0.5), k


def test_boundary_sets_of_the_rows():
    long = kz.panel(long=True, national=True)
    v = long.set_index(["indicator", "kato", "year"])["vintage"]
    assert v[("grp_total", "630000000", 2020)] == 2018
    assert v[("grp_total", "630000000", 2021)] == 2024  # GRP switches in 2021
    assert v[("unemployment_rate", "630000000", 2021)] == 2018
    assert v[("unemployment_rate", "630000000", 2022)] == 2024
    assert v[("population_avg_annual", "630000000", 2009)] == 2024  # recalculated series
    assert v[("unemployment_rate", "110000000", 2015 - 1)] == 2017
    assert v[("unemployment_rate", "790000000", 2016)] == 2018  # Shymkent reported separately
    assert pd.isna(v[("grp_total", attr.NATIONAL, 2020)])
    # the notes agree with the rules
    notes = long[long["note"].str.contains("recalculated to 2022 boundaries", na=False)]
    assert (notes["vintage"] == 2024).all()
    pre = long[long["note"].str.startswith("pre-2022", na=False)]
    assert set(pre["vintage"]) <= {2017, 2018}


def test_panel_wide_and_missing_stays_missing():
    pan = kz.panel("grp_per_capita", "unemployment_rate", years=range(2010, 2023))
    assert pan.attrs["units"] == {"grp_per_capita": "thousand KZT", "unemployment_rate": "%"}
    assert set(pan["year"]) == set(range(2010, 2023))
    # unemployment 2015 is missing in the source: NaN, not filled
    y15 = pan[pan["year"] == 2015]
    assert y15["unemployment_rate"].isna().all() and y15["grp_per_capita"].notna().all()
    with pytest.raises(ValueError, match="census_population"):
        kz.panel("census_population")
    with pytest.raises(KeyError, match="closest"):
        kz.panel("unemployment_rat")
    with pytest.raises(VintageError):
        kz.panel("grp_total", vintage=2020)


def test_panel_on_one_boundary_set():
    p = kz.panel("unemployment_rate", years=2021, vintage=2024)
    # unchanged units come across, changed ones do not
    assert "110000000" in set(p["kato"]) and "630000000" not in set(p["kato"])
    assert set(p["measured_on"]) == {2018} and set(p["vintage"]) == {2024}


# ----------------------------------------------------------------------------- attach
def test_attach_the_issue_example():
    pan = kz.panel("grp_per_capita", "unemployment_rate", years=range(2010, 2023))
    gdf = kz.attach(kz.oblasts(2024), pan.query("year == 2022"))
    rep = gdf.attrs["join_report"]
    assert rep.complete and rep.matched == 20
    assert len(gdf) == 20 and gdf.crs.to_epsg() == 4326
    row = gdf.set_index("kato").loc["230000000"]
    assert row["grp_per_capita"] == pytest.approx(19974.1)
    assert row["unemployment_rate"] == pytest.approx(4.8)


def test_attach_reports_rows_of_other_boundaries():
    pan = kz.panel("unemployment_rate", years=2021)
    gdf = kz.attach(kz.oblasts(2024), pan)
    rep = gdf.attrs["join_report"]
    assert rep.matched == 13 and len(gdf) == 20
    assert set(rep.unmatched_units["kato"]) == {"100000000", "190000000", "330000000", "350000000",
                                                "620000000", "630000000", "710000000"}
    assert set(rep.unmatched_rows["key"]) == {"190000000", "350000000", "630000000", "710000000"}
    assert gdf.set_index("kato").loc[["100000000", "630000000"], "unemployment_rate"].isna().all()
    assert "kz.to_vintage" in repr(rep)


def test_attach_2017_set_with_south_kazakhstan():
    obl = kz.oblasts(2017)
    assert len(obl) == 16 and "YKO" in set(obl["kato"]) and obl.attrs["derived"]
    yko = obl.set_index("kato").loc["YKO", "area_km2"]
    o18 = kz.oblasts(2018).set_index("kato")["area_km2"]
    assert yko == pytest.approx(o18["610000000"] + o18["790000000"], rel=1e-6)
    gdf = kz.attach(obl, kz.panel("grp_total", years=2015))
    rep = gdf.attrs["join_report"]
    assert rep.matched == 16
    assert set(rep.unmatched_rows["key"]) == {"610000000", "790000000"}  # back-calculated parts
    with pytest.raises(VintageError):
        kz.districts(2017)


DIST = attr.read_csv("district_population.csv")


@pytest.mark.parametrize("on,oblast_on", [("kato", None), ("district_kk", "oblast_en"),
                                          ("district_ru", "oblast_en"), ("district_en", "oblast_en")])
def test_attach_district_population_by_each_key(on, oblast_on):
    table = DIST[[on, "population"] + ([oblast_on] if oblast_on and oblast_on != on else [])].copy()
    city = DIST["unit_type"].str.startswith("city")
    if on == "district_ru":  # city and district of Pavlodar (Kostanay) share a name: say which
        table[on] = np.where(city, "г. " + DIST[on], DIST[on] + " район")
    if on == "district_en":
        table[on] = np.where(city, DIST[on] + " city", DIST[on] + " district")
    gdf = kz.attach(kz.districts(2024), table, on=on, oblast_on=oblast_on, vintage=2024)  # figures of 2023
    rep = gdf.attrs["join_report"]
    # five 2024 units created after 1 Jan 2023 have no figure: NaN, and named
    assert set(rep.unmatched_units["kato"]) == {"101010000", "104500000", "191800000", "711510000", "791910000"}
    assert gdf.set_index("kato").loc[list(rep.unmatched_units["kato"]), "population"].isna().all()
    # Sauran district is not in the 2024 layer: its row is reported, not dropped silently
    assert len(rep.unmatched_rows) == 1
    assert rep.matched == 219 and gdf["population"].sum() == DIST["population"].sum() - 100163


def test_attach_by_iso_code_and_names_in_three_languages():
    t = pd.DataFrame({"region": ["KZ-AKM", "Қызылорда облысы", "Павлодарская область", "Almaty city"],
                      "x": [1.0, 2.0, 3.0, 4.0]})
    gdf = kz.attach(kz.oblasts(2024), t, on="region", how="inner")
    assert dict(zip(gdf["kato"], gdf["x"])) == {"110000000": 1.0, "430000000": 2.0, "550000000": 3.0,
                                                "750000000": 4.0}
    assert len(gdf.attrs["join_report"].unmatched_units) == 16  # inner drops them, the report keeps them


def test_attach_raises_on_duplicates_and_ambiguity():
    t = pd.DataFrame({"kato": ["110000000", "110000000"], "x": [1, 2]})
    with pytest.raises(errors.DuplicateKeyError, match="110000000"):
        kz.attach(kz.oblasts(2024), t)
    t = pd.DataFrame({"name": ["Abay", "Aral"], "x": [1, 2]})
    with pytest.raises(AmbiguousRegionError, match="Abay"):
        kz.attach(kz.districts(2024), t, on="name")
    with pytest.raises(KeyError, match="on="):
        kz.attach(kz.oblasts(2024), pd.DataFrame({"name": ["Aral"]}))


def test_attach_does_not_mutate_inputs():
    units = kz.oblasts(2024)
    t = kz.panel("grp_total", years=2022)
    before_u, before_t = units.copy(), t.copy()
    kz.attach(units, t)
    pd.testing.assert_frame_equal(pd.DataFrame(units), pd.DataFrame(before_u))
    pd.testing.assert_frame_equal(t, before_t)


# ----------------------------------------------------------------------------- to_vintage
def _pop2021():
    p = kz.panel("population_start_of_year", "unemployment_rate", years=2021)
    return p[p["vintage"] == 2018][["kato", "population_start_of_year", "unemployment_rate"]]


@pytest.mark.parametrize("weights", ["area", "population"])
def test_extensive_totals_conserved_both_ways_level1(weights):
    df = _pop2021()
    fwd = kz.to_vintage(df, "population_start_of_year", from_vintage=2018, to_vintage=2024, method=weights)
    assert len(fwd) == 20
    assert fwd["population_start_of_year"].sum() == pytest.approx(df["population_start_of_year"].sum(), rel=1e-12)
    back = kz.to_vintage(fwd, "population_start_of_year", from_vintage=2024, to_vintage=2018, method=weights)
    assert back["population_start_of_year"].sum() == pytest.approx(df["population_start_of_year"].sum(), rel=1e-12)
    same = fwd.set_index("kato").loc["430000000"]
    assert same["relation"] == "same"
    assert same["population_start_of_year"] == pytest.approx(df.set_index("kato").loc["430000000"].iloc[0])
    abai = fwd.set_index("kato").loc["100000000"]
    assert abai["relation"] == "split" and abai["sources"] == ["630000000"]


def test_population_weights_split_east_kazakhstan_by_the_2023_populations():
    df = _pop2021()
    fwd = kz.to_vintage(df, "population_start_of_year", from_vintage=2018, to_vintage=2024, method="population").set_index("kato")
    o23 = kz.panel("population_start_of_year", years=2023, vintage=2024).set_index("kato")["population_start_of_year"]
    share = o23["100000000"] / (o23["100000000"] + o23["630000000"])
    eko21 = df.set_index("kato").loc["630000000", "population_start_of_year"]
    assert fwd.loc["100000000", "population_start_of_year"] == pytest.approx(eko21 * share, rel=1e-6)
    assert fwd.loc["100000000", "weights_used"] == "population (oblasts)"


@pytest.mark.parametrize("pair", [(2018, 2024), (2024, 2018)])
def test_extensive_totals_conserved_level2(pair):
    src = kz.districts(pair[0])[["kato", "area_km2"]]
    out = kz.to_vintage(src, "area_km2", from_vintage=pair[0], to_vintage=pair[1], method="area")
    assert out["area_km2"].sum() == pytest.approx(src["area_km2"].sum(), rel=1e-12)
    # and the carried areas are the target units' own areas, up to slivers
    tgt = kz.districts(pair[1]).set_index("kato")["area_km2"]
    np.testing.assert_allclose(out.set_index("kato")["area_km2"].reindex(tgt.index), tgt, rtol=0.01)


@pytest.mark.parametrize("weights", ["area", "population"])
def test_intensive_stays_within_the_inputs(weights):
    df = _pop2021()
    out = kz.to_vintage(df, "unemployment_rate", from_vintage=2018, to_vintage=2024, kind="intensive", method=weights)
    lo, hi = df["unemployment_rate"].min(), df["unemployment_rate"].max()
    assert out["unemployment_rate"].between(lo, hi).all()
    # each target lies within the range of its own sources
    v = df.set_index("kato")["unemployment_rate"]
    for r in out.itertuples():
        src = v[r.sources]
        assert src.min() - 1e-12 <= r.unemployment_rate <= src.max() + 1e-12


def test_nan_stays_nan():
    df = _pop2021().copy()
    df.loc[df["kato"] == "630000000", "population_start_of_year"] = np.nan
    out = kz.to_vintage(df, "population_start_of_year", from_vintage=2018, to_vintage=2024).set_index("kato")
    assert np.isnan(out.loc["100000000", "population_start_of_year"])
    assert np.isnan(out.loc["630000000", "population_start_of_year"])
    assert out["population_start_of_year"].notna().sum() == 18


def test_unknown_codes_raise_or_are_reported():
    d = kz.panel("population_start_of_year", level="district")[["kato", "population_start_of_year"]]
    with pytest.raises(KeyError, match="615500000"):
        kz.to_vintage(d, "population_start_of_year", from_vintage=2024, to_vintage=2018)
    with pytest.warns(UserWarning, match="615500000"):
        out = kz.to_vintage(d, "population_start_of_year", from_vintage=2024, to_vintage=2018, unknown="report")
    assert [r["kato"] for r in out.attrs["unplaced"]] == ["615500000"]


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=17, max_size=17),
       st.sampled_from(["area", "population"]))
def test_conservation_property(values, weights):
    units = kz.oblasts(2018)[["kato"]].assign(v=values)
    out = kz.to_vintage(units, "v", from_vintage=2018, to_vintage=2024, method=weights)
    assert out["v"].sum() == pytest.approx(sum(values), rel=1e-9, abs=1e-6)
    assert (out["v"] >= 0).all()


# ----------------------------------------------------------------------------- derive
def test_derive_per_capita_matches_the_published_grp_per_capita():
    p = kz.panel("grp_total", "population_avg_annual", "grp_per_capita", years=2022)
    gdf = kz.attach(kz.oblasts(2024), p)
    out = kz.derive(gdf, per_capita="grp_total", density="population_avg_annual",
                    index="grp_per_capita", share="grp_total",
                    growth=("population", 2010, 2022))
    np.testing.assert_allclose(out["grp_total_per_capita"], out["grp_per_capita"], rtol=6e-4)
    # density in persons per km² (the column is in thousand persons)
    ast = out.set_index("kato").loc["710000000"]
    assert ast["population_avg_annual_density"] == pytest.approx(
        ast["population_avg_annual"] * 1000 / ast["area_km2"])
    # shares of the national total sum to 100 % (the regions add up exactly)
    assert out["grp_total_share"].sum() == pytest.approx(100.0, abs=1e-6)
    # the index is relative to the national figure of the panel
    nat = kz.panel("grp_per_capita", years=2022, national=True, long=True)
    nat_v = nat.loc[nat["kato"] == attr.NATIONAL, "value"].iloc[0]
    aty = out.set_index("kato").loc["230000000"]
    assert aty["grp_per_capita_index"] == pytest.approx(aty["grp_per_capita"] / nat_v * 100)
    # growth: CAGR of population 2010-2022 from the recalculated series
    pop = kz.panel("population_avg_annual", years=[2010, 2022]).pivot_table(
        index="kato", columns="year", values="population_avg_annual")
    expect = ((pop[2022] / pop[2010]) ** (1 / 12) - 1) * 100
    got = out.set_index("kato")["population_avg_annual_cagr_2010_2022"]
    np.testing.assert_allclose(got.reindex(expect.index), expect, rtol=1e-12)
    assert "grp_per_capita" in gdf.columns and "grp_total_share" not in gdf.columns  # no mutation


def test_derive_errors():
    gdf = kz.oblasts(2024)
    with pytest.raises(KeyError, match="year"):
        kz.derive(gdf.assign(grp_total=1.0), index="grp_total")
    with pytest.raises(KeyError, match="no column"):
        kz.derive(gdf, per_capita="grp_total")
    with pytest.raises(ValueError, match="end year"):
        kz.derive(gdf, growth=("population", 2020, 2010))
