"""Programme regions: the shipped catalogue against its sources, builders, set algebra, distances."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import kzregions as kz
from kzregions._crs import METRIC
from kzregions.catalogue import parse_source_name
from kzregions.errors import CRSMismatchError, EmptyRegionError, UnknownRegionError


@pytest.fixture(scope="module")
def aral():
    return kz.programme("aral_sea")


def test_catalogue():
    cat = kz.programmes().set_index("id")
    assert set(cat.index) == {"aral_sea", "semipalatinsk", "monotowns", "sez", "depressed_1999",
                              "agglomerations", "macroregions_2025"}
    assert cat.loc["aral_sea", "entries"] == 22 and cat.loc["semipalatinsk", "entries"] == 67
    assert "1468-XII" in cat.loc["aral_sea", "legal_act"]


def test_aral_zone_is_17_districts_of_4_oblasts_plus_turkistan_city(aral):
    m = aral.members
    assert aral.zones == ["ecological_disaster", "ecological_crisis", "ecological_pre_crisis"]
    counts = m.groupby("zone").size().to_dict()
    # disaster: Aral, Kazaly, Shalkar; crisis: 5 Kyzylorda districts + Kyzylorda + Baikonur;
    # pre-crisis: 4 Aktobe + 4 South Kazakhstan districts, Ulytau, Turkistan city, Kentau (2018 text)
    assert counts == {"ecological_disaster": 3, "ecological_crisis": 7, "ecological_pre_crisis": 11}
    districts = m[~m["kato"].isin(["431000000", "431900000", "611000000", "612000000"])]
    assert len(districts) == 17
    assert set(m["kato"]) >= {"433200000", "434400000", "156400000", "153600000", "156800000", "154800000",
                              "155600000", "611600000", "614800000", "615600000", "616400000", "356000000",
                              "611000000"}
    # oblasts of the time (2018 boundaries): Kyzylorda, Aktobe, Turkistan (South Kazakhstan), Karaganda
    assert set(m["oblast_en"]) == {"Kyzylorda", "Aktobe", "Turkestan", "Karagandy"}
    per_oblast = districts.groupby("oblast_en").size().to_dict()
    assert per_oblast == {"Kyzylorda": 7, "Aktobe": 5, "Turkestan": 4, "Karagandy": 1}
    # partial members: Mugalzhar and Ulytau (settlements of former districts), Kentau (rural okrugs)
    assert set(m.loc[m["partial"], "name_en"]) == {"Mugalzhar", "Ulytau", "Kentau"}
    # old spellings matched: Челкарский -> Shalkar, Чардаринский -> Shardara, Кзыл-Орда, Ленинск
    assert m.set_index("kato").loc["156400000", "name_as_in_source"] == "Челкарского района"
    # the crisis zone is a rule in the law: listed as unmatched with the reason, never dropped
    assert len(aral.unmatched) == 1 and "rule" in aral.unmatched["reason"].iloc[0]


def test_aral_1997_text_has_no_kentau():
    a97 = kz.programme("aral_sea", version="1997")
    assert "612000000" not in set(a97.members["kato"]) and len(a97.members) == 20


def test_aral_composition_shows_oblasts_of_the_time_and_today(aral):
    c = aral.composition()
    o18 = c[(c["level"] == 1) & (c["vintage"] == 2018)].set_index("name_en")
    o24 = c[(c["level"] == 1) & (c["vintage"] == 2024)].set_index("name_en")
    assert set(o18.index) == {"Kyzylorda", "Aktobe", "Turkestan", "Karagandy"}
    assert set(o24.index) == {"Kyzylorda", "Aktobe", "Turkestan", "Ulytau"}  # Ulytau district moved
    assert o18.loc["Kyzylorda", "share_of_unit"] == pytest.approx(1.0, abs=1e-6)
    assert o18["share_of_region"].sum() == pytest.approx(1.0, abs=1e-6)
    assert o24.loc["Ulytau", "upper_bound"] and not o24.loc["Kyzylorda", "upper_bound"]
    # population inside: the whole of Kyzylorda oblast's 2023 districts
    pop = kz.panel("population_start_of_year", level="district").set_index("kato")["population_start_of_year"]
    kyz = pop[pop.index.str[:2] == "43"].sum()
    assert o24.loc["Kyzylorda", "population_inside"] == pytest.approx(kyz, rel=1e-6)
    d = c[c["level"] == 2].set_index("kato")
    assert d.loc["433200000", "share_of_unit"] == pytest.approx(1.0, abs=1e-6)


def test_semipalatinsk_partials_and_versions():
    s94, s12 = kz.programme("semipalatinsk", "1994"), kz.programme("semipalatinsk", "2012")
    for s in (s94, s12):
        assert s.zones == ["extreme_radiation_risk", "maximum_radiation_risk", "increased_radiation_risk",
                           "minimum_radiation_risk", "privileged_socioeconomic_status"]
        # most members are rural councils or settlements: partial, drawn whole, flagged
        assert s.members["partial"].sum() >= 18
        assert set(s.members["oblast_kato"].str[:2]) >= {"55", "35"}  # Pavlodar, Karaganda
    bay = s12.members[s12.members["zone"] == "privileged_socioeconomic_status"]
    assert list(bay["name_en"]) == ["Bayanaul"]
    # abolished districts whose successor the law does not name are reported, not guessed
    assert {"Чубартауского", "Таврический"} <= {w for t in s94.unmatched["name_as_in_source"] for w in t.split()}
    assert len(s94.unmatched) == 8 and len(s12.unmatched) == 1
    # renamed units are found: Leninogorsk -> Ridder, Lebyazhye -> Akkuly, Zyryanovsk -> Altai
    assert {"632400000", "555200000", "634800000"} <= set(s94.members["kato"])


def test_monotowns_and_sez_and_depressed():
    mono = kz.programme("monotowns")
    assert len(mono.members) + len(mono.unmatched) >= 21
    assert set(mono.unmatched["name_as_in_source"]) == {"Жанатас", "Каратау"}
    kul = mono.members[mono.members["name_as_in_source"] == "Кульсары"]
    assert list(kul["name_en"]) == ["Zhylyoi"] and kul["partial"].all()
    sez = kz.programme("sez")
    assert "Seaport Aktau" in " ".join(sez.zones)
    dep = kz.programme("depressed_1999")
    assert dep.metadata["counts"]["total"] == 27 and len(dep.members) == 0
    assert sum(v for k, v in dep.metadata["counts"].items() if k != "total") == 27


@pytest.mark.parametrize("text,name,kind,partial", [
    ("Аральского района", "Аральского", "district", False),
    ("Саржалского сельсовета Абайского района", "Абайского", "district", True),
    ("Каркаралинский район в пределах территории упраздненного Казыбекбийского района", "Каркаралинский",
     "district", True),
    ("города Туркестан", "Туркестан", "city", False),
    ("Мугалжарского (в пределах границ населенных пунктов бывшего Мугоджарского района)", "Мугалжарского",
     "district", True),
    ("город Ленинск (2012+: город Байконыр), включая населенные пункты", "Ленинск", "city", False),
    ("Атырауская область (district not named in excerpt)", "Атырауская", "oblast", True),
])
def test_parse_legal_wording(text, name, kind, partial):
    p = parse_source_name(text)
    assert (p["name"], p["kind"], p["partial"]) == (name, kind, partial)


def test_from_units_with_russian_names_from_a_legal_act():
    r = kz.ProgrammeRegion.from_units(["Аральского района", "Казалинского района", "Шалкар"], name="core")
    assert set(r.members["kato"]) == {"433200000", "434400000", "156400000"}
    # a region built from units has exactly the area of its members
    assert r.area_km2 == pytest.approx(r.members["geometry"].pipe(kz._crs.area_km2).sum(), rel=1e-6)
    assert r.area_km2 == pytest.approx(kz.districts(2018).set_index("kato").loc[
        ["433200000", "434400000", "156400000"], "area_km2"].sum(), rel=1e-6)
    assert "core" in repr(r) and "3 members" in repr(r)
    with pytest.raises(UnknownRegionError, match="Atlantis"):
        kz.ProgrammeRegion.from_units(["Aral", "Atlantis"])
    with pytest.raises(EmptyRegionError):
        kz.ProgrammeRegion.from_units([])


def test_set_algebra_conserves_area(aral):
    belt = kz.border_belt(50)
    union, inter = aral | belt, aral & belt
    assert union.area_km2 == pytest.approx(aral.area_km2 + belt.area_km2 - inter.area_km2, rel=1e-6)
    diff = aral - belt
    assert diff.area_km2 == pytest.approx(aral.area_km2 - inter.area_km2, rel=1e-6)
    assert "union" in union.provenance[-1]
    # members recomputed: Aral district touches the border belt (Uzbek border, Aral coast)
    assert "433200000" in set(inter.members["kato"])
    far = kz.ProgrammeRegion.from_units(["Astana"], level=1)
    with pytest.raises(EmptyRegionError):
        kz.ProgrammeRegion.from_units(["Aral"]) & far


def test_border_belt_against_measured_distances():
    line = gpd.GeoSeries([kz.country().geometry.iloc[0].boundary], crs=4326).to_crs(METRIC).iloc[0]
    obl = kz.oblasts(2024).set_index("kato").to_crs(METRIC)
    # Astana city about 260 km from the border, the southern edge of Almaty city about 6 km
    assert obl.loc["710000000"].geometry.distance(line) / 1000 == pytest.approx(260, abs=10)
    assert obl.loc["750000000"].geometry.distance(line) / 1000 == pytest.approx(6, abs=1.5)
    # Khorgos village (44°13'20"N 80°22'48"E) at the border: 1.8 km from geokz's line
    kh = gpd.GeoSeries(shapely.points([[80.38, 44.2222]]), crs=4326)
    assert kh.to_crs(METRIC).iloc[0].distance(line) / 1000 < 2
    belt = kz.border_belt(10)
    assert belt.outline.contains(kh.iloc[0])
    assert not belt.outline.intersects(kz.oblasts(2024).set_index("kato").loc["710000000"].geometry)
    b50 = kz.border_belt(50)
    assert b50.area_km2 > belt.area_km2
    # the geodesic check of the metric CRS: Astana's centre is 288 km from the nearest border point
    c = kz.centres(2024).set_index("kato").loc[["710000000"]].to_crs(METRIC).geometry.iloc[0]
    assert c.distance(line) / 1000 == pytest.approx(287.7, abs=1.0)


def test_border_belt_coasts_parameter():
    with pytest.raises(ValueError, match="sea="):
        kz.border_belt(50, coasts=False)
    # a stand-in for the Caspian: the sea west of 53.5°E between 41° and 47.5°N
    sea = shapely.box(46.0, 41.0, 53.5, 47.5).difference(kz.country().geometry.iloc[0])
    land = kz.border_belt(50, coasts=False, sea=sea)
    assert land.area_km2 < kz.border_belt(50).area_km2


def test_within_distance_of_centres():
    near = kz.within_distance(kz.centres(2024), 100)
    assert near.outline.contains(kz.centres(2024).geometry.iloc[0])
    # the area of one 100 km disc is about pi*100^2 = 31,416 km² (a disc wholly inside the country)
    one = kz.within_distance(kz.centres(2024).query("kato == '351010000'"), 100)
    assert one.area_km2 == pytest.approx(np.pi * 100 ** 2, rel=0.01)


def test_rule_based_selection_explains_itself():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    d = kz.derive(d, density="population_start_of_year")
    r = kz.select(d, "population_start_of_year_density < 1")
    assert (r.members["population_start_of_year_density"] < 1).all()
    assert "5 units with a missing value" in r.provenance[0]
    with pytest.raises(EmptyRegionError, match="population_start_of_year_density"):
        kz.select(d, "population_start_of_year_density < 0")
    with pytest.raises(KeyError):
        kz.select(d, "unemployment > 6")


def test_bad_input():
    with pytest.raises(ValueError, match="positive"):
        kz.border_belt(-5)
    with pytest.raises(ValueError, match="positive"):
        kz.within_distance(kz.centres(2024), 0)
    projected = shapely.box(500_000, 4_800_000, 600_000, 4_900_000)
    with pytest.raises(CRSMismatchError, match="projected"):
        kz.ProgrammeRegion.from_geometry(projected)
    r = kz.ProgrammeRegion.from_geometry(projected, crs="EPSG:32642", name="utm box")
    assert len(r.members) > 0
    with pytest.raises(CRSMismatchError):
        kz.ProgrammeRegion.from_geometry(gpd.GeoSeries([shapely.box(60, 44, 61, 45)]))
    with pytest.raises(UnknownRegionError, match="aral_sea"):
        kz.programme("aral")


def test_from_geometry_shares_and_file_output(tmp_path):
    box = gpd.GeoDataFrame(geometry=[shapely.box(60, 44, 62, 46)], crs=4326)
    r = kz.ProgrammeRegion.from_geometry(box, name="box", threshold=0.05)
    assert (r.members["share"] >= 0.05).all() and r.members["partial"].any()
    assert r.area_km2 == pytest.approx(r.geometry["area_km2"].sum(), rel=1e-9)
    for ext in (".gpkg", ".geojson", ".shp"):
        r.to_file(tmp_path / f"box{ext}")
    import pyogrio

    layers = dict(pyogrio.list_layers(tmp_path / "box.gpkg"))
    assert set(layers) == {"zones", "members", "layer_styles"}  # issue 16: the zones' QGIS style
    z = gpd.read_file(tmp_path / "box.geojson")
    assert z["members"].iloc[0].count(";") == len(r.members) - 1
    assert len(gpd.read_file(tmp_path / "box_members.shp")) == len(r.members)


def test_partial_members_name_their_okrugs_and_settlements_from_the_gazetteer():
    semi = kz.programme("semipalatinsk", "2012").members
    semey = semi[(semi["kato"] == "632800000") & semi["parts"].notna()].iloc[0]  # Semey is in two zones
    for code in ("101037000", "101033000", "101039000", "101035000", "101055000"):  # 5 of the 6 okrugs
        assert code in semey["parts"]
    assert "Танатского" in semey["partial_note"]  # not in the 2022 classifier: said, not guessed
    aral = kz.programme("aral_sea", "2018").members
    kentau = aral.loc[(aral["kato"] == "612000000") & aral["parts"].notna(), "parts"].iloc[0]
    assert kentau.count("rural okrug") == 12 and "615543000" in kentau and "район Сауран: no polygon" in kentau
    agg = kz.programme("agglomerations").members
    assert "г.Есик (town, KATO 194020100)" in set(agg.loc[agg["kato"] == "194000000", "parts"])
