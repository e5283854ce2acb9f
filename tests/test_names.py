"""Resolving names and codes: every form the issue names, on the real unit lists."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _schema as data
from kzregions.errors import AmbiguousRegionError, UnknownRegionError, VintageError


@pytest.mark.parametrize(
    "query,kato",
    [
        # historic names
        ("Nur-Sultan", "710000000"), ("Нур-Султан", "710000000"), ("Akmola city", "710000000"),
        ("г. Акмола", "710000000"), ("Tselinograd", "710000000"), ("Целиноград", "710000000"),
        ("Astana", "710000000"), ("South Kazakhstan", "610000000"),
        ("Южно-Казахстанская область", "610000000"), ("Semipalatinsk", "101000000"),
        ("Alma-Ata", "750000000"), ("Konaev", "191000000"), ("Leninsk", "431900000"),
        # transliteration variants
        ("Jambyl", "310000000"), ("Zhambyl oblast", "310000000"), ("Dzhambul", "310000000"),
        ("Karagandy", "350000000"), ("Karaganda", "350000000"), ("Qaraghandy", "350000000"),
        ("Kostanay", "390000000"), ("Qostanay", "390000000"), ("Kyzylorda", "430000000"),
        ("Qyzylorda", "430000000"), ("Shymkent", "790000000"), ("Chimkent", "790000000"),
        ("Turkestan", "610000000"), ("Turkistan", "610000000"), ("Abai Region", "100000000"),
        # with and without the words for oblast / district / city, three languages
        ("Кызылординская", "430000000"), ("Кызылординская область", "430000000"),
        ("Қызылорда облысы", "430000000"), ("Kyzylorda oblast", "430000000"),
        ("Кзыл-Ординской области", "430000000"), ("Kyzylorda city", "431000000"),
        ("г. Кызылорда", "431000000"), ("Turkistan city", "611000000"),
        ("Almaty city", "750000000"), ("г. Алматы", "750000000"), ("Алматинская область", "190000000"),
        ("Almaty region", "190000000"), ("Аральский район", "433200000"),
        ("Аральского района", "433200000"), ("Арал ауданы", "433200000"), ("aral district", "433200000"),
        ("Челкарского района", "156400000"), ("Чардаринского района", "616400000"),
        ("Целиноградский район", "116600000"), ("Семей қ.ә.", "101000000"), ("Аккөл ауданы", "113200000"),
        # codes
        ("433200000", "433200000"), (433200000, "433200000"), ("KZ-KZY", "430000000"),
        ("KZ43", "430000000"), ("KZ433200", "433200000"), (" kz-akm ", "110000000"),
    ],
)
def test_resolve_forms(query, kato):
    assert kz.resolve(query).kato == kato


def test_resolve_reports_the_vintage_it_matched():
    m = kz.resolve("Nur-Sultan")
    assert (m.kato, m.vintage, m.vintages, m.matched_on) == ("710000000", 2018, (2018,), "name")
    assert kz.resolve("Astana").vintage == 2024
    k = kz.resolve("Kyzylorda")
    assert k.vintages == (2018, 2024) and k.vintage == 2024
    # Taldykorgan was recoded in 2022: each vintage gives its own code
    assert kz.resolve("Taldykorgan").kato == "331000000"
    assert kz.resolve("Taldykorgan", vintage=2018).kato == "191000000"
    assert kz.resolve("Kapchagay").kato == "191600000"  # only in 2018
    assert kz.resolve("Konaev", vintage=2024).kato == "191000000"
    assert str(kz.resolve("Aral")) == "433200000"


REPEATED_EN = {
    # name: {oblast to pass: KATO}
    "Abay": {"Abai Region": "103200000", "Karaganda": "353200000", "Shymkent": "791110000"},
    "Esil": {"Akmola": "114800000", "North Kazakhstan": "594200000", "Astana": "711210000"},
    "Alatau": {"Almaty region": "191800000", "Almaty city": "751210000"},
    "Balkhash": {"Almaty region": "193600000", "Karaganda": "351600000"},
    "Zhambyl": {"Almaty region": "194200000", "Zhambyl": "314000000", "North Kazakhstan": "594600000"},
    "Aksu": {"Zhetysu": "333200000", "Pavlodar": "551600000"},
    "Aktogay": {"Karaganda": "353600000", "Pavlodar": "553200000"},
    "Nura": {"Karaganda": "355200000", "Astana": "711510000"},
    "Kostanay": {"Kostanay": None},
    "Baykonyr": {"Kyzylorda": "431900000", "Astana": "711410000"},
    "Pavlodar": {"Pavlodar": None},
}


@pytest.mark.parametrize("name", sorted(REPEATED_EN))
def test_the_eleven_repeated_english_names(name):
    with pytest.raises(AmbiguousRegionError) as err:
        kz.resolve(name, level=2, vintage=2024)
    cands = err.value.candidates
    assert len(cands) >= 2
    msg = str(err.value)
    for c in cands:  # every candidate is named with its oblast and code
        assert c.kato in msg and c.oblast_en in msg
    if len({c.oblast_kato for c in cands}) > 1:
        assert "oblast=" in msg
    else:
        assert "'city' or 'district'" in msg
    for oblast, kato in REPEATED_EN[name].items():
        if kato is None:  # the city and the district of the same oblast share the name
            with pytest.raises(AmbiguousRegionError):
                kz.resolve(name, oblast=oblast, vintage=2024)
            assert kz.resolve(f"{name} city", oblast=oblast).kind == data.KIND_CITY_OBL
            assert kz.resolve(f"{name} district", oblast=oblast).kind == data.KIND_DISTRICT
        else:
            assert kz.resolve(name, oblast=oblast, vintage=2024).kato == kato


def test_the_eleven_are_all_the_repeats():
    dis = kz.districts(2024)
    repeated = dis.groupby("name_en")["kato"].nunique()
    assert set(repeated[repeated > 1].index) == set(REPEATED_EN)


def test_ambiguous_level_one_names_say_how_to_choose():
    with pytest.raises(AmbiguousRegionError, match="'city' or 'oblast'") as err:
        kz.resolve("Almaty")
    assert {c.kato for c in err.value.candidates} == {"190000000", "750000000"}


def test_unknown_name_lists_the_closest():
    with pytest.raises(UnknownRegionError) as err:
        kz.resolve("Kyzylordinskiy kray")
    assert "no administrative unit matches" in str(err.value)
    with pytest.raises(UnknownRegionError) as err:
        kz.resolve("Ekibastuzz Xyz")
    with pytest.raises(UnknownRegionError) as err:
        kz.resolve("Pavlodxr", level=2)
    assert any("Pavlodar" in s for s in err.value.suggestions)


@pytest.mark.parametrize("bad", ["", "   ", None, float("nan"), "district", "область"])
def test_empty_names(bad):
    with pytest.raises(UnknownRegionError):
        kz.resolve(bad)


def test_unknown_code_and_bad_filters():
    with pytest.raises(UnknownRegionError, match="999999999"):
        kz.resolve("999999999")
    with pytest.raises(UnknownRegionError, match="loosen the filters"):
        kz.resolve("433200000", level=1)
    with pytest.raises(VintageError):
        kz.resolve("Aral", vintage=2019)
    with pytest.raises(UnknownRegionError):  # Sauran district is newer than geokz 2024
        kz.resolve("Сауран ауданы", vintage=2024)


@pytest.mark.parametrize("vintage", [2018, 2024])
@pytest.mark.parametrize("lang", ["name_en", "name_kk", "name_ru"])
def test_every_unit_resolves_by_its_own_name(vintage, lang):
    """Round trip over all units: name + kind word + oblast give the unit back."""
    units = pd.concat([kz.oblasts(vintage), kz.districts(vintage)], ignore_index=True)
    word = {data.KIND_OBLAST: " oblast", data.KIND_CITY_REP: " city", data.KIND_CITY_OBL: " city",
            data.KIND_DISTRICT: " district", data.KIND_CITY_DISTRICT: " district"}
    names = units[lang] + units["kind"].map(word)
    oblast = [None if lv == 1 else o for lv, o in zip(units["level"], units["oblast_kato"])]
    res = kz.resolve_many(names, vintage=vintage, oblast=oblast)
    assert res.ok, res
    assert (res.kato == units["kato"]).all()


_UNITS = None


def _units():
    global _UNITS
    if _UNITS is None:
        _UNITS = kz.districts(2024)[["kato", "name_en", "name_kk", "name_ru", "kind", "oblast_kato"]]
    return _UNITS


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    i=st.integers(min_value=0, max_value=223),
    lang=st.sampled_from(["name_en", "name_kk", "name_ru"]),
    case=st.sampled_from([str.upper, str.lower, str.title, str.casefold, lambda s: s]),
    word=st.sampled_from(["", " district", " ауданы", " район", " rayon"]),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
)
def test_decorations_do_not_change_the_answer(i, lang, case, word, pad):
    u = _units().iloc[i]
    if u["kind"] not in (data.KIND_DISTRICT, data.KIND_CITY_DISTRICT):
        word = word and " city"
    query = pad + case(u[lang]) + word + pad
    try:
        m = kz.resolve(query, oblast=u["oblast_kato"], vintage=2024)
    except AmbiguousRegionError as err:  # only a true tie (city and district of one name)
        assert word == "" and u["kato"] in {c.kato for c in err.candidates}
        return
    assert m.kato == u["kato"]


def test_resolve_many_reports_instead_of_dropping():
    values = pd.Series(["Aral", "Abay", "Nowhereland", None, "Kazaly", "Aral"], index=list("abcdef"))
    r = kz.resolve_many(values, level=2, vintage=2024)
    assert len(r) == 6 and list(r.table.index) == list("abcdef")
    assert r.kato["a"] == r.kato["f"] == "433200000" and r.kato["e"] == "434400000"
    assert r.table.loc["b", "status"] == "ambiguous" and "353200000" in r.table.loc["b", "detail"]
    assert r.table.loc["c", "status"] == "unknown"
    assert r.table.loc["d", "status"] == "unknown"
    assert set(r.unresolved.index) == {"b", "c", "d"}
    text = repr(r)
    assert "3 of 6 values resolved" in text and "Nowhereland" in text


def test_resolve_many_with_an_oblast_column():
    r = kz.resolve_many(["Abay", "Abay", "Abay"], oblast=["Abai Region", "Karaganda", "Shymkent"])
    assert list(r.kato) == ["103200000", "353200000", "791110000"]
    with pytest.raises(ValueError, match="2 values for 3 names"):
        kz.resolve_many(["a", "b", "c"], oblast=["x", "y"])
