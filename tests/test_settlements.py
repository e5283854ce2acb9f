"""The KATO gazetteer of 17 October 2022: table, settlement resolution, members of a district."""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

import pandas as pd
import pytest

import kzregions as kz
from kzregions.errors import AmbiguousRegionError, InvalidInputError, UnknownRegionError

# the rural okrugs of Sauran district as listed by the decree that created it (15.03.2021)
SAURAN_OKRUGS = ["Шага", "Жана Икан", "Ески Икан", "Ушкайык", "Иассы", "Орангай", "Карашык", "Жуйнек",
                 "Бабайкорган", "Шорнак", "Жибек жолы", "Майдантал"]


def test_shipped_file_is_the_classifier_unchanged():
    with resources.files("kzregions.datasets").joinpath("kato_2022-10-17_ru.csv.gz").open("rb") as fh:
        raw = gzip.decompress(fh.read())
    assert hashlib.sha256(raw).hexdigest() == "e0611b450528010fc80a4d6de07326d12a5f0f5a8f5b3c9cc0afb7e7b7f67bf0"
    text = resources.files("kzregions.datasets").joinpath("SOURCES-gazetteer.md").read_text(encoding="utf-8")
    assert "17 October 2022" in text and "271cebb775b66fa0650c6d60572296164aa4e6b5" in text


def test_gazetteer_table():
    g = kz.gazetteer()
    assert len(g) == 16264 and g["code"].is_unique
    assert g["level"].value_counts().to_dict() == {1: 20, 2: 220, 3: 2369, 4: 13655}
    assert list(g.columns) == ["code", "name", "name_full", "kind", "level", "parent_code", "district_code",
                               "oblast_code", "district_name", "oblast_name", "source"]
    assert g["code"].str.fullmatch(r"\d{9}").all()
    below = g[g["level"] >= 3]
    assert below["district_code"].notna().all() and below["district_code"].isin(g["code"]).all()
    assert (below["oblast_code"].str[:2] == below["code"].str[:2]).all()
    row = g.set_index("code").loc["101033100"]
    assert (row["name"], row["kind"], row["parent_code"], row["district_name"], row["oblast_name"]) == \
        ("Абралы", "village", "101033000", "Семей Г.А.", "область Абай")
    okrug = g.set_index("code").loc["615555000"]
    assert (okrug["name"], okrug["kind"]) == ("Шага", "rural okrug")
    assert len(kz.gazetteer(level=1)) == 20
    with pytest.raises(InvalidInputError):
        kz.gazetteer(level=5)


def test_every_district_of_the_statistics_is_in_the_gazetteer():
    with resources.files("kzregions.datasets").joinpath("district_population.csv").open("rb") as fh:
        pop = pd.read_csv(fh, dtype={"kato": str})
    assert set(pop["kato"].dropna()) <= set(kz.gazetteer()["code"])  # Sauran 615500000 too
    assert "615500000" in set(pop["kato"])


def test_resolve_a_settlement_with_its_district_and_oblast():
    m = kz.resolve("с.Абралы", level="settlement")
    assert (m.kato, m.kind, m.district_kato, m.oblast_kato) == ("101033100", "village", "101000000", "100000000")
    assert m.district_has_polygon and "Семей Г.А." in m.label()
    ok = kz.resolve("Абралинский сельский округ", level="settlement")
    assert (ok.kato, ok.kind, ok.level) == ("101033000", "rural okrug", 3)
    assert kz.resolve(101033100, level="settlement").name == "Абралы"


def test_a_common_village_name_needs_its_oblast_or_district():
    with pytest.raises(AmbiguousRegionError, match="Pass oblast= or district=") as err:
        kz.resolve("Жанажол", level="settlement")
    assert len(err.value.candidates) >= 10
    m = kz.resolve("Жанажол", level="settlement", oblast="Aktobe")
    assert (m.kato, m.district_name) == ("154655400", "Мартукский район")
    assert kz.resolve("Жанажол", level="settlement", district="Мартукский район").kato == "154655400"


def test_settlements_never_guess():
    for q in ["Berlin", "Moscow", "qwerty", "Ташкент-2"]:
        with pytest.raises((UnknownRegionError, AmbiguousRegionError)):
            kz.resolve(q, level="settlement", oblast="Aktobe")


def test_resolve_many_settlements():
    r = kz.resolve_many(["с.Абралы", "Абралинский с.о.", "Berlin", None], level="settlement")
    t = r.table
    assert list(t["kato"][:2]) == ["101033100", "101033000"]
    assert list(t["status"]) == ["ok", "ok", "unknown", "unknown"]
    assert t.loc[0, "district_ru"] == "Семей Г.А." and t.loc[1, "kind"] == "rural okrug"
    assert "Бурлин" in t.loc[2, "detail"]  # the closest names are listed, none is taken


def test_sauran_is_known_without_a_polygon():
    m = kz.resolve("Шага сельский округ", level="settlement", district="Сауран")
    assert (m.kato, m.district_kato, m.district_has_polygon) == ("615555000", "615500000", False)


def test_members_in_district_names_the_decrees_okrugs():
    r = kz.members_in_district("615500000", [f"{n} сельский округ" for n in SAURAN_OKRUGS])
    assert (r["status"] == "ok").all(), r
    assert (r["kind"] == "rural okrug").all() and r["code"].is_unique
    assert r["code"].str.startswith("6155").all()
    # without the kind word, an okrug and its central village of one name are both candidates
    bare = kz.members_in_district(615500000, ["Орангай", "Бабайкорган", "Нигде"]).set_index("query")
    assert bare.loc["Орангай", "status"] == "ambiguous" and "с.о." in bare.loc["Орангай", "detail"]
    assert bare.loc["Бабайкорган", "status"] == "ok"
    assert bare.loc["Нигде", "status"] == "unknown"
    every = kz.members_in_district("101000000")
    assert len(every) == (kz.gazetteer()["district_code"].eq("101000000") & kz.gazetteer()["level"].ge(3)).sum()
    with pytest.raises(UnknownRegionError, match="not a district code"):
        kz.members_in_district("101033000")


def test_public_names_are_lazy():
    import subprocess
    import sys

    code = ("import sys, kzregions as kz; assert 'kzregions.settlements' not in sys.modules; "
            "kz.gazetteer; assert 'kzregions.settlements' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
    assert isinstance(kz.gazetteer(level=2), pd.DataFrame)


def test_the_classifiers_own_district_names_resolve_to_their_units():
    """All 220 level-2 names of KATO ("Абайский район", "район Ақсуат", "Семей Г.А.") with the
    classifier's oblast names ("область Абай") resolve to the unit of the same code; the
    exceptions are Sauran (no polygon) and Satpaev, whose city administration is 622000000
    in KATO and 622010000 in geokz."""
    g = kz.gazetteer(level=2)
    r = kz.resolve_many(g["name_full"], oblast=list(g["oblast_name"])).table
    status = r["status"].to_numpy()
    got = r["kato"].to_numpy()
    assert set(g.loc[status == "no polygon", "code"]) == {"615500000"}
    diff = g[(status == "ok") & (got != g["code"].to_numpy())]
    assert list(diff["code"]) == ["622000000"] and list(got[diff.index]) == ["622010000"]
    assert (status == "ok").sum() == 219


def test_members_as_legal_acts_write_them():
    """Genitive forms of a Semipalatinsk-law entry ("... сельских округов города Семей"),
    split per okrug: the okrugs are named exactly; a spelling of the act (Караоленский for
    Карауленский) is accepted only as a close spelling within the district; an okrug the
    classifier of 2022 does not have (Танатский: Танат is a village) stays unknown."""
    r = kz.members_in_district("101000000", ["Акбулакского сельского округа", "Абралинского",
                                             "Караоленского с.о.", "Танатского сельских округов"])
    assert list(r["code"][:3]) == ["101037000", "101033000", "101055000"]
    assert list(r["matched_on"][:3]) == ["russian form", "russian form", "close spelling"]
    assert r.loc[3, "status"] == "unknown"
