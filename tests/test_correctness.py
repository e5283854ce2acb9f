"""Regression tests of issue 20: each fails on the code before the fix, on the real data.

- the rule "a unit unchanged between two boundary sets" keeps the administrative level;
- densities scale population by its unit (persons or thousand persons), never by a guess;
- inequality puts weights measured on another boundary set beside the values, or says why not;
- the typology says when its yardstick is not the country;
- settings read yes/no values strictly;
- map furniture that cannot be drawn is reported, and nothing else is swallowed;
- "Abay" is ambiguous, as the README says.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import kzregions as kz
from kzregions.errors import AmbiguousRegionError, BoundarySetMismatchError, SettingError, UnitsError


# ----------------------------------------------------------------------------- stable units, by level
def test_district_panel_on_the_2018_set_keeps_the_unchanged_districts():
    # the district figures (1 January 2023) are on 2024 boundaries; on the 2018 set only the
    # districts unchanged by the 2022 reform can stand (before: compared as oblasts, none did)
    p = kz.panel("population_start_of_year", level="district", vintage=2018)
    same = kz.vintages.stable_units(2024, 2018, 2)
    assert len(p) == len(same) == 177
    assert set(p["kato"]) == set(same)
    assert "191000000" not in set(p["kato"])  # Taldykorgan in 2018, Konaev now
    assert (p["measured_on"] == 2024).all() and (p["vintage"] == 2018).all()
    native = kz.panel("population_start_of_year", level="district").set_index("kato")
    aral = p.set_index("kato").loc["433200000", "population_start_of_year"]
    assert aral == native.loc["433200000", "population_start_of_year"]


def test_one_function_decides_which_rows_stand_on_a_set():
    from kzregions.vintages import usable_on

    ok = usable_on([2024.0, 2024.0, np.nan, np.nan, 2018.0], ["155200000", "191000000", "155200000",
                                                              "000000000", "631000000"], 2018, level=2)
    assert ok.tolist() == [True, False, True, True, True]
    # oblasts: East Kazakhstan lost Abai in 2022, Akmola did not
    assert usable_on([2018.0, 2018.0], ["630000000", "110000000"], 2024, level=1).tolist() == [False, True]


# ----------------------------------------------------------------------------- densities and their units
def test_typology_density_of_districts_is_in_persons_per_km2():
    # district population ships in persons, oblast population in thousand persons
    p = kz.panel("population_start_of_year", level=2, vintage=2024)
    assert p.attrs["units"]["population_start_of_year"] == "persons"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = kz.typology(p, indicator="population_start_of_year", start=2021, end=2023, level=2, vintage=2024)
    d = kz.districts(2024).set_index("kato")
    row = p.set_index("kato").loc["433200000"]  # Aral district
    expected = row["population_start_of_year"] / d.loc["433200000", "area_km2"]
    got = t.table.set_index("kato").loc["433200000", "density"]
    assert got == pytest.approx(expected, rel=1e-9)
    assert 0.5 < got < 5  # ~80 000 people on ~57 000 km², not 1000 times that


def test_typology_density_of_oblasts_is_still_in_persons_per_km2():
    p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    t = kz.typology(p, start=2010, end=2021)
    o = kz.oblasts(2018).set_index("kato")
    pop = p[(p["year"] == 2021) & (p["kato"] == "430000000")]["population_start_of_year"].iloc[0]
    assert t.table.set_index("kato").loc["430000000", "density"] == pytest.approx(
        pop * 1000 / o.loc["430000000", "area_km2"])


def test_derive_density_needs_the_unit():
    obl = kz.attach(kz.oblasts(2024), kz.panel("population", years=2023, vintage=2024))
    bare = obl.copy()
    bare["people"] = bare["population_avg_annual"]
    bare.attrs = {}
    with pytest.raises(UnitsError, match="people"):
        kz.derive(bare, density="people")
    d = kz.derive(bare, density="people", column_units={"people": "thousand persons"})
    ref = kz.derive(obl, density="population_avg_annual")
    assert np.allclose(d["people_density"], ref["population_avg_annual_density"])
    assert d.attrs["units"]["people_density"] == "persons per km²"
    # a shipped indicator's unit is known without attrs
    shipped = kz.derive(bare, density="population_avg_annual")
    assert np.allclose(shipped["population_avg_annual_density"], ref["population_avg_annual_density"])


# ----------------------------------------------------------------------------- typology reference
def test_typology_says_when_the_reference_is_not_national():
    p = kz.panel("grp_per_capita", "population_start_of_year", vintage=2018)
    t = kz.typology(p, start=2010, end=2021)
    assert t.params["reference"] == {"level": "national", "growth": "national"}
    own = p.rename(columns={"grp_per_capita": "my_index"})
    with pytest.warns(UserWarning, match="unweighted mean"):
        t2 = kz.typology(own, indicator="my_index", start=2010, end=2021)
    assert t2.params["reference"] == {"level": "mean of units", "growth": "mean of units"}


# ----------------------------------------------------------------------------- inequality across sets
def test_inequality_carries_weights_of_unchanged_units_to_the_values_set():
    # 2021: GRP per capita on 2018 units, average population recalculated to 2024 units
    p = kz.panel("grp_per_capita", "population_avg_annual", years=[2021, 2022], vintage=2024)
    out = kz.inequality(p, "grp_per_capita", weights="population_avg_annual", by="year")
    assert out.loc[2021, "n"] == 13  # the 13 oblasts unchanged in 2022 (before: 0, all NaN)
    assert not math.isnan(out.loc[2021, "gini"])
    assert out.loc[2022, "n"] == 20
    # the same figures by hand
    y = p[(p["year"] == 2021)].groupby("kato")[["grp_per_capita", "population_avg_annual"]].first().dropna()
    assert len(y) == 13
    mean = np.average(y["grp_per_capita"], weights=y["population_avg_annual"])
    assert out.loc[2021, "mean"] == pytest.approx(mean)


def test_inequality_refuses_weights_of_changed_units_on_another_set():
    p = kz.panel("grp_per_capita", "population_avg_annual", years=2021)  # every row on its own set
    with pytest.raises(BoundarySetMismatchError) as err:
        kz.inequality(p, "grp_per_capita", weights="population_avg_annual")
    msg = str(err.value)
    assert "2018" in msg and "2024" in msg and "to_vintage" in msg and "630000000" in msg


# ----------------------------------------------------------------------------- settings
@pytest.mark.parametrize("value", ["0", "false", "No", " off ", ""])
def test_false_words_are_false(settings, monkeypatch, value):
    monkeypatch.setenv("KZREGIONS_OFFLINE", value)
    assert settings.resolved_offline() is False
    settings.offline = value
    assert settings.resolved_offline() is False


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_true_words_are_true(settings, monkeypatch, value):
    monkeypatch.setenv("KZREGIONS_NO_CACHE", value)
    assert settings.resolved_use_cache() is False
    settings.use_cache = value
    assert settings.resolved_use_cache() is True


def test_unknown_words_raise(settings, monkeypatch):
    monkeypatch.setenv("KZREGIONS_OFFLINE", "maybe")
    with pytest.raises(SettingError, match="KZREGIONS_OFFLINE='maybe'"):
        settings.resolved_offline()
    settings.use_cache = "sometimes"
    with pytest.raises(SettingError, match="use_cache"):
        settings.resolved_use_cache()


# ----------------------------------------------------------------------------- map furniture
def test_furniture_left_off_is_reported_and_bugs_propagate(monkeypatch):
    import kzregions.boundaries as b
    from kzregions.errors import DataUnavailableError
    from kzregions.plotting import _furniture as fu

    gdf = kz.districts(2024)

    def offline(*a, **k):
        raise DataUnavailableError("no boundary files here")

    monkeypatch.setattr(b, "oblasts", offline)
    with pytest.warns(UserWarning, match="oblast borders left off the map"):
        assert fu.auto_outline(gdf, "EPSG:3857") is None

    def bug(*a, **k):
        raise TypeError("a bug, not missing data")

    monkeypatch.setattr(b, "oblasts", bug)
    with pytest.raises(TypeError, match="a bug"):
        fu.auto_outline(gdf, "EPSG:3857")


# ----------------------------------------------------------------------------- names: the README's contract
def test_abay_is_ambiguous_as_the_readme_says():
    with pytest.raises(AmbiguousRegionError) as err:
        kz.resolve("Abay")
    katos = {c.kato for c in err.value.candidates}
    assert {"100000000", "103200000", "353200000", "791110000"} <= katos
    assert "level=1" in str(err.value) and "oblast=" in str(err.value)
    assert kz.resolve("Abay", oblast="Karaganda").kato == "353200000"  # the README's example
    assert kz.resolve("Abay", level=1).kato == "100000000"
    # a level-1 match still beats districts of the same name inside it
    assert kz.resolve("Kyzylorda").kato == "430000000"
    assert kz.resolve("Kostanay").kato == "390000000"


# ----------------------------------------------------------------------------- three languages, whole tables
def _tables():
    from kzregions import _i18n

    for name in ("_TEXT", "INDICATOR_TITLES", "UNITS", "CATEGORIES", "PROGRAMME_TITLES", "_DERIVED"):
        yield name, getattr(_i18n, name)


def test_every_entry_of_every_translation_table_has_three_languages():
    empty = [(name, key, lang) for name, table in _tables() for key, row in table.items()
             for lang in ("en", "kk", "ru") if not str(row.get(lang) or "").strip()]
    assert empty == []


def test_every_category_the_library_draws_is_translated():
    from kzregions import _i18n
    from kzregions.analysis import TYPES
    from kzregions.spatial import LISA_COLORS

    drawn = set(TYPES) | set(LISA_COLORS)
    for prog in ("aral_sea", "semipalatinsk"):
        drawn |= {z.split(" (", 1)[0].strip() for z in kz.programme(prog).members["zone"].dropna()}
    zones = kz.natural_zones(dissolve=True)
    drawn |= set(zones["zone_en"])
    missing = sorted(c for c in drawn if c not in _i18n.CATEGORIES)
    assert missing == []
    for c in drawn:
        assert _i18n.category(c, "kk") != _i18n.category(c, "en")  # translated, not echoed
    # the dry-steppe zone: its Kazakh name is empty in the source, filled from the table
    dry = zones.set_index("zone_en").loc["Dry-steppe"]
    assert dry["zone_kk"] == "Құрғақ дала" and dry["zone_ru"] == "Сухостепная"
    assert kz.natural_zones()["zone_kk"].notna().all()


# ----------------------------------------------------------------------------- 0.1 positional calls
def test_positional_boundary_sets_name_the_keywords():
    d = kz.oblasts(2024)[["kato", "area_km2"]]
    with pytest.raises(TypeError, match=r"to_vintage\(\) takes `table` and `columns` by position; pass "
                                        r"from_vintage=2024, to_vintage=2018 as keywords"):
        kz.to_vintage(d, "area_km2", 2024, 2018)
    with pytest.raises(TypeError, match="pass level=2 as a keyword"):
        kz.resolve("Aral", 2)
    assert kz.to_vintage(d, "area_km2", from_vintage=2024, to_vintage=2018)["area_km2"].sum() == \
        pytest.approx(d["area_km2"].sum())
