"""The harmonised boundary layers, checked against the real geokz data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _schema as data
from kzregions import _store
from kzregions._crs import EQUAL_AREA
from kzregions.errors import VintageError

OBLASTS_2024 = {
    "100000000": "Abay", "110000000": "Akmola", "150000000": "Aktobe", "190000000": "Almaty",
    "230000000": "Atyrau", "270000000": "West Kazakhstan", "310000000": "Zhambyl",
    "330000000": "Zhetysu", "350000000": "Karagandy", "390000000": "Kostanay",
    "430000000": "Kyzylorda", "470000000": "Mangystau", "550000000": "Pavlodar",
    "590000000": "North Kazakhstan", "610000000": "Turkestan", "620000000": "Ulytau",
    "630000000": "East Kazakhstan", "710000000": "Astana", "750000000": "Almaty",
    "790000000": "Shymkent",
}
OBLASTS_2018 = {
    "110000000": "Akmola", "150000000": "Aktobe", "190000000": "Almaty", "230000000": "Atyrau",
    "270000000": "West Kazakhstan", "310000000": "Jambyl", "350000000": "Karagandy",
    "390000000": "Kostanay", "430000000": "Kyzylorda", "470000000": "Mangystau",
    "550000000": "Pavlodar", "590000000": "North Kazakhstan", "610000000": "Turkestan",
    "630000000": "East Kazakhstan", "710000000": "Nur-Sultan", "750000000": "Almaty",
    "790000000": "Shymkent",
}


@pytest.mark.parametrize("vintage,n1,n2", [(2024, 20, 224), (2018, 17, 216)])
def test_counts(vintage, n1, n2):
    assert len(kz.oblasts(vintage)) == n1
    assert len(kz.districts(vintage)) == n2
    assert len(kz.country()) == 1


#: The 2018 set named as today (the default): Astana, and Zhambyl as geokz spells it in 2024.
OBLASTS_2018_TODAY = {**OBLASTS_2018, "310000000": "Zhambyl", "710000000": "Astana"}


def test_names_of_the_period_on_request():
    obl = kz.oblasts(2018, names="period")
    assert dict(zip(obl["kato"], obl["name_en"])) == OBLASTS_2018
    assert obl.set_index("kato").loc["710000000", "name_ru"] == "Нур-Султан"
    d = kz.districts(2018, names="period").set_index("kato")
    assert d.loc["191600000", "name_en"] == "Kapchagay" and d.loc["191600000", "oblast_en"] == "Almaty"
    assert kz.districts(2018).set_index("kato").loc["191600000", "name_en"] == "Konaev"
    with pytest.raises(ValueError, match="names='then': use 'today'"):
        kz.oblasts(2018, names="then")


@pytest.mark.parametrize("vintage,expected", [(2024, OBLASTS_2024), (2018, OBLASTS_2018_TODAY)])
def test_oblast_kato_codes_and_names(vintage, expected):
    obl = kz.oblasts(vintage)
    assert dict(zip(obl["kato"], obl["name_en"])) == expected
    cities = obl.loc[obl["kind"] == data.KIND_CITY_REP, "kato"]
    assert set(cities) == {"710000000", "750000000", "790000000"}
    assert (obl["oblast_kato"] == obl["kato"]).all()


@pytest.mark.parametrize("vintage", [2018, 2024])
def test_schema(vintage):
    for gdf in (kz.oblasts(vintage), kz.districts(vintage)):
        assert list(gdf.columns) == data.COLUMNS
        assert gdf.crs.to_epsg() == 4326
        assert gdf["kato"].str.fullmatch(r"\d{9}").all()
        assert gdf["kato"].is_unique
        assert (gdf["vintage"] == vintage).all()
        assert set(gdf["kind"]) <= set(data.KINDS)
        assert gdf.geometry.is_valid.all()
        assert (gdf.geom_type == "MultiPolygon").all()
        assert gdf[["name_en", "name_kk", "name_ru", "pcode", "iso_3166_2"]].notna().all().all()
    dis = kz.districts(vintage)
    assert set(dis["oblast_kato"]) == set(kz.oblasts(vintage)["kato"])
    assert (dis["pcode"] == "KZ" + dis["kato"].str[:6]).all()


def test_kinds_of_districts_2024():
    dis = kz.districts(2024)
    counts = dis["kind"].value_counts().to_dict()
    # city districts: Astana 5 (with Nura), Almaty 8, Shymkent 5 (with Turan)
    assert counts[data.KIND_CITY_DISTRICT] == 5 + 8 + 5
    assert dis.set_index("kato").loc["433200000", "kind"] == data.KIND_DISTRICT  # Aral
    assert dis.set_index("kato").loc["431000000", "kind"] == data.KIND_CITY_OBL  # Kyzylorda city


def test_country_area_matches_official_figure():
    area = kz.country()["area_km2"].iloc[0]
    assert abs(area - 2_724_900) / 2_724_900 < 0.005
    # and it is computed in an equal-area CRS, not in square degrees; edges are densified
    # first (a long straight edge in degrees bulges in the conic): +82 km² on the country
    plain = kz.country().to_crs(EQUAL_AREA).area.iloc[0] / 1e6
    assert area == pytest.approx(plain, rel=1e-4) and area != plain


@pytest.mark.parametrize("vintage", [2018, 2024])
def test_districts_tile_their_oblast(vintage):
    obl = kz.oblasts(vintage).set_index("kato")
    dis = kz.districts(vintage)
    merged = dis.dissolve("oblast_kato").to_crs(EQUAL_AREA)
    target = obl.to_crs(EQUAL_AREA)
    for kato, row in target.iterrows():
        union = merged.loc[kato].geometry
        diff = abs(union.area - row.geometry.area) / row.geometry.area
        sym = union.symmetric_difference(row.geometry).area / row.geometry.area
        assert diff < 1e-4, (kato, diff)  # < 0.01 %
        assert sym < 1e-4, (kato, sym)


@pytest.mark.parametrize("vintage", [2018, 2024])
def test_oblasts_tile_the_country(vintage):
    total = kz.oblasts(vintage)["area_km2"].sum()
    assert total == pytest.approx(kz.country()["area_km2"].iloc[0], rel=1e-6)
    assert kz.districts(vintage)["area_km2"].sum() == pytest.approx(total, rel=1e-6)


def test_harmonisation_report_names_the_real_repairs():
    rep = kz.harmonisation_report(2024).to_frame().set_index("kato")
    # the invalid upstream polygon (Ulytau district) was repaired
    assert rep.loc["623800000", "geometry_repaired"]
    assert rep["geometry_repaired"].sum() == 1
    # Akmola's Tselinograd district overlapped Astana city by 7.8 km²: clipped, and the
    # gap it left in Astana went to Astana's Baykonyr district
    assert rep.loc["116600000", "clipped_km2"] == pytest.approx(7.78, abs=0.01)
    assert rep.loc["711410000", "gap_km2"] == pytest.approx(7.78, abs=0.01)
    # Zhetysu oblast reached 7.35 km² beyond the state border
    assert rep.loc["330000000", "clipped_km2"] == pytest.approx(7.35, abs=0.01)
    # Taldykorgan's Kazakh and Russian names are stored swapped upstream
    assert "swapped" in rep.loc["331000000", "text_repairs"]
    t = kz.districts(2024).set_index("kato").loc["331000000"]
    assert (t["name_kk"], t["name_ru"]) == ("Талдықорған", "Талдыкорган")
    # a Latin "A" inside the Russian name of Arshaly district, then the classifier's spelling
    assert "Latin letters in name_ru 'Aршалинский' -> 'Аршалинский'" in rep.loc["113400000", "text_repairs"]
    assert kz.districts(2024).set_index("kato").loc["113400000", "name_ru"] == "Аршалынский"
    assert "'Аршалинский' -> 'Аршалынский' (KATO classifier" in rep.loc["113400000", "text_repairs"]
    # every change is small against the unit: nothing was redrawn wholesale
    changed = rep[["clipped_km2", "overlap_km2", "gap_km2"]].sum(axis=1) / rep["area_source_km2"]
    assert changed.max() < 0.06


def test_area_column_is_equal_area_km2():
    dis = kz.districts(2024)
    expected = dis.to_crs(EQUAL_AREA).area / 1e6
    # densified before projecting: units with long straight borders (Shalkar, on the Ustyurt)
    # differ from the undensified figure by up to 0.11 %
    np.testing.assert_allclose(dis["area_km2"], expected, rtol=2e-3)
    aral = dis.set_index("kato").loc["433200000", "area_km2"]
    assert 50_000 < aral < 60_000  # Aral district, about 55,000 km²


def test_districts_of_one_oblast_by_russian_name():
    kyz = kz.districts(2018, oblast="Кызылординская")
    assert len(kyz) == 9
    assert set(kyz["oblast_kato"]) == {"430000000"}
    assert "433200000" in set(kyz["kato"])  # Aral


def test_centres():
    c24, c18 = kz.centres(2024), kz.centres(2018)
    assert len(c24) == 21 and len(c18) == 18
    assert (c24.geom_type == "Point").all() and c24.crs.to_epsg() == 4326
    cap = c24[c24["kind"] == "capital"]
    assert list(cap["kato"]) == ["710000000"]
    assert set(c24.loc[c24["kind"] == "oblast centre", "oblast_kato"]) == set(
        kz.oblasts(2024).query("kind == 'oblast'")["kato"]
    )
    # the Almaty oblast centre moved from Taldykorgan (2018) to Konaev (2024)
    assert c18.set_index("oblast_kato").loc["190000000", "name_en"] == "Taldykorgan"
    assert c24.set_index("oblast_kato").loc["190000000", "name_en"] == "Konaev"
    # every centre lies in its own unit
    obl = kz.oblasts(2024).set_index("kato")
    for kato, point in zip(c24["oblast_kato"], c24.geometry):
        assert obl.loc[kato].geometry.buffer(0.01).contains(point), kato


def test_natural_zones():
    z = kz.natural_zones()
    assert len(z) == 216 and z.attrs["unmatched"] == []
    assert z["zone_en"].value_counts().to_dict() == {
        "Foothill-desert-steppe": 57, "Dry-steppe": 52, "Steppe": 40, "Semi-desert": 29,
        "Desert": 29, "South Siberian mountain and foothill": 9,
    }
    # the Kazakh name of the dry steppe is missing in the source and stays missing
    # empty in the source: filled from the translation table (issue 20)
    assert (z.loc[z["zone_en"] == "Dry-steppe", "zone_kk"] == "Құрғақ дала").all()
    d = kz.natural_zones(dissolve=True)
    assert len(d) == 6 and d["n_units"].sum() == 216
    assert d["area_km2"].sum() == pytest.approx(kz.districts(2018)["area_km2"].sum(), rel=1e-9)


@pytest.mark.parametrize("bad", [2020, 2016, "2024b", None])
def test_unknown_vintage_is_a_clear_error(bad):
    with pytest.raises(VintageError, match="2018 .*2024"):
        kz.oblasts(bad)


def test_vintage_for_year():
    assert kz.vintage_for_year(2021) == 2018
    assert kz.vintage_for_year(2022) == 2024
    with pytest.raises(VintageError, match="vintage=2018"):
        kz.districts(2020)


def test_layers_are_new_objects_each_call():
    a = kz.oblasts()
    a.loc[0, "name_en"] = "changed"
    assert kz.oblasts().loc[0, "name_en"] != "changed"


def test_fast_load_cache_round_trip(_private_cache):
    first = kz.districts(2024)
    files = [p for p in (_private_cache / "layers").glob("2-2024-*" + _store.SUFFIX) if "report" not in p.name]
    assert len(files) == 1
    again = _store.load(files[0])
    pd.testing.assert_frame_equal(pd.DataFrame(first.drop(columns="geometry")),
                                  pd.DataFrame(again.drop(columns="geometry")))
    assert shapely.equals_exact(first.geometry.values, again.geometry.values, tolerance=0).all()


def test_damaged_cache_file_is_never_used(settings, tmp_path):
    settings.cache_dir = tmp_path
    good = kz.oblasts(2024)
    (path,) = [p for p in (tmp_path / "layers").glob("1-2024-*" + _store.SUFFIX) if "report" not in p.name]
    raw = bytearray(path.read_bytes())
    mid = len(raw) // 2
    raw[mid:mid + 64] = b"\x00" * 64  # damage the middle of the file: CRC must catch it
    path.write_bytes(bytes(raw))
    assert _store.load(path) is None
    again = kz.oblasts(2024)  # rebuilt from the verified sources, and rewritten
    pd.testing.assert_frame_equal(pd.DataFrame(good.drop(columns="geometry")),
                                  pd.DataFrame(again.drop(columns="geometry")))
    assert _store.load(path) is not None


def test_cache_can_be_turned_off(settings, tmp_path):
    settings.cache_dir = tmp_path
    settings.use_cache = False
    assert len(kz.oblasts(2018)) == 17
    assert not (tmp_path / "layers").exists()


# ----------------------------------------------------------------------------- official names (issue 24)
def test_russian_names_equal_the_classifier():
    """Every unit of the 2024 set that the shipped KATO classifier lists at its level bears
    the classifier's Russian name (the generic word dropped after an adjective only)."""
    from kzregions import _officialnames as off

    cls = off.classifier_names()
    checked = 0
    for lv, units in ((1, kz.oblasts(2024)), (2, kz.districts(2024))):
        for kato, ru in zip(units["kato"], units["name_ru"]):
            want = off.official_russian(kato, lv)
            if want is None:
                continue
            assert ru == want, (kato, ru, cls[kato])
            # the classifier's own text, word for word (its capital "Район" and "им.Габита" evened out)
            assert ru in re.sub(r"^Район", "район", cls[kato]).replace("им.", "им. "), (ru, cls[kato])
            checked += 1
    assert checked >= 215  # all but the districts created after October 2022 and Zhanasemey
    o = kz.oblasts(2024).set_index("kato")["name_ru"]
    assert (o["100000000"], o["330000000"], o["620000000"]) == ("область Абай", "область Жетісу", "область Ұлытау")
    d = kz.districts(2024).set_index("kato")
    assert [d.loc[k, "name_ru"] for k in ("711110000", "711210000", "711310000", "711410000")] == [
        "район Алматы", "район Есиль", "район Сарыарка", "район Байқоңыр"]
    assert d.loc["791310000", "name_ru"] == "Аль-Фарабийский" and d.loc["394200000", "name_ru"] == "Жангельдинский"
    assert d.loc["101010000", "name_en"] == "Zhanasemey" and d.loc["191000000", "name_en"] == "Konaev"
    # units the classifier of 17.10.2022 does not list keep geokz's names
    assert d.loc["711510000", "name_ru"] == "Нуринский" or off.official_russian("711510000", 2) is None


def test_old_spellings_still_resolve():
    for old, kato in (("Абайская", "100000000"), ("Konaiev", "191000000"), ("Zharasemey", "101010000"),
                      ("Аксуатский", "103400000"), ("Nur-Sultan", "710000000"), ("Джангельдинский", "394200000"),
                      ("Abajskaja oblast", "100000000")):
        assert kz.resolve(old).kato == kato, old


def test_cache_file_round_trips_plain_arrays_and_refuses_anything_else(tmp_path):
    import json
    import struct
    import zlib

    from kzregions.errors import DataIntegrityError

    arrays = {"i": np.arange(5, dtype=np.int16), "f": np.array([[1.5, np.nan]]), "b": np.array([True, False]),
              "t": np.array([["Астана", ""], ["Ақтөбе", "x"]]), "scalar": np.array('{"a": 1}')}
    path = tmp_path / ("a" + _store.SUFFIX)
    _store.write_arrays(path, arrays)
    back = _store.read_arrays(path)
    assert list(back) == list(arrays)
    for k, a in arrays.items():
        assert back[k].dtype == a.dtype and back[k].shape == a.shape
        np.testing.assert_array_equal(back[k], a)
    back["i"][0] = 7  # writable: frames built on these arrays can be edited
    with pytest.raises(kz.errors.InternalError, match="plain"):
        _store.write_arrays(path, {"o": np.array([{"a": 1}], dtype=object)})
    good = path.read_bytes()

    def forged(spec):  # a file with a valid CRC-32 whose header says ``spec`` (write_arrays never would)
        header = json.dumps({"arrays": [spec]}).encode().ljust(48)
        body = struct.pack("<I", len(header)) + header + bytes(64)
        return b"KZRCACHE" + struct.pack("<I", zlib.crc32(body)) + body

    for spec in (["o", "|O", [1], 0], ["big", "<f8", [1000], 0], ["neg", "<f8", [1], -64]):
        path.write_bytes(forged(spec))
        with pytest.raises(DataIntegrityError):
            _store.read_arrays(path)
    path.write_bytes(forged(["ok", "<f8", [8], 0]))
    assert _store.read_arrays(path)["ok"].shape == (8,)  # the forging itself is right
    path.write_bytes(b"PK\x03\x04" + good[4:])  # another format (a zip: the old .npz cache)
    with pytest.raises(DataIntegrityError, match="not a kzregions cache file"):
        _store.read_arrays(path)


def _conformed(children, parent, keys=None):
    from kzregions._geometry import conform

    keys = np.asarray(keys or [f"k{i}" for i in range(len(children))], dtype=object)
    return conform(np.asarray(children, dtype=object), keys, np.full(len(children), "p", dtype=object),
                   {"p": parent})


def test_a_gap_goes_to_the_child_sharing_the_longest_border_with_it():
    parent = shapely.box(0, 0, 2, 1)
    # the gap is the strip 1 <= x <= 1.1 and the top band of A's column: 1.6 of border with
    # A, 1.0 with B
    out, clipped, overlap, gaps = _conformed([shapely.box(0, 0, 1, 0.6), shapely.box(1.1, 0, 2, 1)], parent)
    assert shapely.area(gaps[0]) == pytest.approx(0.1 + 0.4)
    assert gaps[1].is_empty
    assert shapely.equals(shapely.union_all(out), parent)
    # equal borders: the lower code wins; a gap along the parent's own border is found too
    out, _, _, gaps = _conformed([shapely.box(1, 0, 2, 1), shapely.box(0, 0, 1, 1)], shapely.box(0, 0, 2, 1.2),
                                 keys=["b", "a"])
    assert gaps[0].is_empty and shapely.area(gaps[1]) == pytest.approx(0.4)  # one face, 2 x 0.2


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 40)), min_size=1, max_size=6))
@hsettings(max_examples=30, deadline=None)
def test_conformed_children_tile_their_parent_exactly(shrinks):
    # a row of unit columns pulled in from the left, right and top (gaps), clipped to a
    # parent lower than some of them: afterwards they tile the parent, gaps given away whole
    n = len(shrinks)
    parent = shapely.box(0, 0, n, 0.8)
    kids = [shapely.box(i + a / 100, 0, i + 1 - b / 100, 1 - c / 100) for i, (a, b, c) in enumerate(shrinks)]
    out, clipped, overlap, gaps = _conformed(kids, parent)
    areas = shapely.area(np.asarray(out, dtype=object))
    assert areas.sum() == pytest.approx(parent.area, abs=1e-9)  # no overlap, no gap
    assert shapely.area(shapely.union_all(out)) == pytest.approx(parent.area, abs=1e-9)
    for k, o, g in zip(kids, out, gaps):
        assert shapely.area(o) == pytest.approx(shapely.area(shapely.intersection(k, parent)) + shapely.area(g), abs=1e-9)
