"""Issue 24, third review (review/r24 items 9, 10, 15, 16, 18, 19, 23, 26): a region and its
units are not named twice; one name per place across catchment, functional and unit maps;
catchment maps count every centre given; no data year on a map built from no data;
location quotients diverge at 1; small multiples list their years; built regions as zones
name themselves in three languages; real growth keeps its period."""

from __future__ import annotations

import re
from collections import Counter

import matplotlib
import pytest

import kzregions as kz
from kzregions._i18n import LANGS

matplotlib.use("Agg")
ALLOWED_LATIN = {"geokz", "CC", "BY", "Natural", "Earth"}


def map_names(m) -> list[str]:
    """The names drawn on the map axes (no halos), line breaks undone."""
    out = []
    for t in m.ax.texts:
        s = t.get_text()
        if s and t.get_gid() != "halo":
            out.append(re.sub(r"-\n", "-", s).replace("\n", " "))
    return out


def page_texts(m) -> list[str]:
    out = [t.get_text() for t in m.fig.texts]
    for ax in m.fig.axes:
        out += [t.get_text() for t in ax.texts]
    for leg in m.fig.legends:
        out += [t.get_text() for t in leg.get_texts()] + [leg.get_title().get_text()]
    return [t for t in out if t]


def close(m) -> None:
    import matplotlib.pyplot as plt

    plt.close(m.fig)


@pytest.fixture(scope="module")
def districts():
    return kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))


@pytest.fixture(scope="module")
def ward():
    o = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    return kz.regionalize(o, "unemployment_rate", method="ward", n_regions=5)


# ---------------------------------------------------------------- 9: one name, one label
@pytest.mark.parametrize("lang", LANGS)
def test_region_and_unit_names_not_stacked(ward, lang):
    m = ward.plot(lang=lang)
    names = map_names(m)
    region_names = list(ward.regions[f"name_{lang}"])
    counts = Counter(names)
    for r in region_names:  # "Aktobe Aktobe", a second "Astana": each region named once
        assert counts[r] == 1, (r, counts[r])
    # hierarchy: regions bold and larger, units regular, smaller and only where they differ
    by_text = {re.sub(r"-\n", "-", t.get_text()).replace("\n", " "): t for t in m.ax.texts
               if t.get_gid() != "halo" and t.get_text()}
    from kzregions.plotting.regionmaps import REGION_FONT, UNIT_FONT

    for r in region_names:
        assert by_text[r].get_fontweight() == "bold" and by_text[r].get_fontsize() == REGION_FONT
    u = ward.units
    differ = u[u[f"name_{lang}"] != u[f"region_{lang}"]]
    same = u[(u[f"name_{lang}"] == u[f"region_{lang}"])]
    for name in differ.loc[differ["kind"] != "city of republican significance", f"name_{lang}"]:
        if name in by_text and name not in region_names:
            assert by_text[name].get_fontsize() <= UNIT_FONT and by_text[name].get_fontweight() == "normal"
    # units named after their region ("Aktobe" in the region Aktobe) carry no second label
    assert set(same[f"name_{lang}"]) <= set(region_names)
    close(m)


def test_region_units_can_be_turned_off(ward):
    drawn_on = set(map_names(ward.plot(lang="en")))
    drawn_off = set(map_names(ward.plot(lang="en", labels=False)))
    units_only = set(ward.units["name_en"]) - set(ward.regions["name_en"])
    assert {"Akmola", "Ulytau", "Atyrau"} <= drawn_on & units_only  # named under their regions by default
    assert not drawn_off & units_only
    assert set(ward.regions["name_en"]) <= drawn_off
    import matplotlib.pyplot as plt

    plt.close("all")


# ---------------------------------------------------------------- 10: one name per place
def _unit_names_of(kato: str, level1, level2) -> dict:
    row = level1.loc[kato] if kato in level1.index else level2.loc[kato[:4] + "00000"]
    return {lang: row[f"name_{lang}"] for lang in LANGS}


@pytest.mark.parametrize("vintage", [2024, 2018])
def test_centres_are_named_as_their_units(vintage):
    c = kz.centres(vintage)
    l1 = kz.oblasts(vintage).set_index("kato")
    l2 = kz.districts(vintage).set_index("kato")
    for _, row in c.iterrows():
        want = _unit_names_of(row["kato"], l1, l2)
        assert {lang: row[f"name_{lang}"] for lang in LANGS} == want, row["kato"]
    east = c.set_index("kato").loc["631010000"]
    assert (east["name_en"], east["name_kk"], east["name_ru"]) == ("Ust-Kamenogorsk", "Өскемен", "Усть-Каменогорск")


@pytest.mark.parametrize("lang", LANGS)
def test_catchment_and_functional_names_equal_unit_names(districts, lang):
    l1, l2 = kz.oblasts(2024).set_index("kato"), kz.districts(2024).set_index("kato")
    r = kz.catchments(districts, kz.centres(2024), method="nearest")
    for _, reg in r.regions.iterrows():
        assert reg[f"name_{lang}"] == _unit_names_of(reg["centre"], l1, l2)[lang]
    m = r.plot(lang=lang)
    drawn = set(map_names(m))
    close(m)
    assert set(r.regions[f"name_{lang}"]) <= drawn
    wrong = {"en": {"Oskemen", "Turkistan"}, "kk": {"Жезказган", "Актау"}, "ru": {"Байконур"}}[lang]
    assert not drawn & wrong
    # functional regions are named after units: the same names for the same cities
    from kzregions.functional import gravity_flows

    obl = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    f = kz.functional_regions(obl, gravity_flows(obl, "population_start_of_year"), method="intramax", n_regions=5)
    assert set(f.regions[f"name_{lang}"]) <= set(l1[f"name_{lang}"])


# ---------------------------------------------------------------- 15, 16: catchment subtitles
def test_huff_counts_every_centre_and_names_the_losers(districts):
    r = kz.catchments(districts, kz.centres(2024), method="huff", column="population_start_of_year")
    won = set(r.regions["centre"])
    lost = [k for k in kz.centres(2024)["kato"] if k not in won]
    assert len(lost) >= 1 and len(r.regions) == 21 - len(lost)  # a centre wins no district
    names = kz.centres(2024).set_index("kato")
    head = {"en": "Catchment areas of 21 centres", "kk": "21 орталықтың тартылыс аймақтары",
            "ru": "Зоны тяготения 21 центра"}
    for lang in LANGS:
        m = r.plot(lang=lang)
        texts = page_texts(m)
        close(m)
        assert any(t.startswith(head[lang]) for t in texts), texts[:3]
        line = next(t for t in texts if f": {len(lost)} (" in t)
        for k in lost:
            assert names.loc[k, f"name_{lang}"] in line


def test_nearest_states_no_data_year(districts):
    near = kz.catchments(districts, kz.centres(2024), method="nearest", column="population_start_of_year")
    huff = kz.catchments(districts, kz.centres(2024), method="huff", column="population_start_of_year")
    from kzregions.plotting.regionmaps import region_titles

    for lang in LANGS:
        assert "2023" not in region_titles(near, lang, "")[1]
        assert "2023" in region_titles(huff, lang, "")[1]
    assert region_titles(near, "en", "")[1] == "2024 boundaries"


# ---------------------------------------------------------------- 18: LQ diverges at 1
@pytest.mark.parametrize("lang", LANGS)
def test_location_quotient_map_diverges_at_one(lang):
    lq = kz.location_quotients(kz.sector_table("gva", 2024))
    o = kz.attach(kz.oblasts(2024), lq.reset_index(), vintage=2024)
    m = kz.choropleth(o, "mining", lang=lang)
    cl = m.classes
    close(m)
    bins = [float(b) for b in cl.bins]
    assert 1.0 in bins
    below = [c for b, c in zip(bins, cl.colors) if b <= 1.0]
    above = [c for b, c in zip(bins, cl.colors) if b > 1.0]
    assert below and above and not set(map(str, below)) & set(map(str, above))
    values = o["mining"].dropna()
    assert ((values < 1).sum() > 0) and ((values > 1).sum() > 0)  # both sides hold units


# ---------------------------------------------------------------- 19: years of multiples
def test_small_multiples_title_lists_the_years():
    from kzregions._regiontext import year_list

    data = kz.attach_each(kz.panel("unemployment_rate", years=[2019, 2021, 2023, 2024]))
    for lang in LANGS:
        m = kz.small_multiples(data, "unemployment_rate", lang=lang)
        texts = page_texts(m)
        close(m)
        assert any(t.endswith("2019, 2021, 2023, 2024") for t in texts)
        assert not any("2019–2024" in t for t in texts)
    assert year_list([2015, 2016, 2017, 2018, 2021]) == "2015–2018, 2021"


# ---------------------------------------------------------------- 23: built regions as zones
@pytest.mark.parametrize("lang", LANGS)
def test_built_zones_named_in_three_languages(lang):
    from kzregions.functional import gravity_flows

    obl = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    f = kz.functional_regions(obl, gravity_flows(obl, "population_start_of_year"), method="intramax", n_regions=5,
                              column="population_start_of_year")
    pr = f.to_programme("Functional regions")
    m = kz.categorical_map(pr.geometry, "zone", lang=lang)
    legend = [t.get_text() for leg in m.fig.legends for t in leg.get_texts()]
    texts = page_texts(m)
    drawn = set(map_names(m))
    close(m)
    want = list(f.regions[f"name_{lang}"])
    assert sorted(legend) == sorted(want)
    assert set(want) <= drawn  # every zone named on the map
    plot_title = pr.metadata["map_title"][lang]
    assert plot_title in texts and plot_title.startswith({"en": "Functional", "kk": "Функционалдық",
                                                          "ru": "Функциональные"}[lang])
    if lang != "en":
        latin = {w for t in texts for w in re.findall(r"[A-Za-z]{2,}", t)} - ALLOWED_LATIN
        assert not latin, latin
    assert set(pr.zones) == set(f.regions["name_en"])  # the keys stay the English names (assign, gpkg)


# ---------------------------------------------------------------- 26: the period of growth
def test_real_growth_keeps_its_period_through_a_merge():
    from kzregions._regiontext import with_period
    from kzregions.plotting import _furniture as fu

    g = kz.real_growth(2010, 2021, vintage=2018, per_capita=True)
    o = kz.oblasts(2018).merge(g, on="kato", how="left")
    assert not o.attrs.get("start")  # the merge lost attrs; the rows keep the period
    assert set(o["start_year"].dropna()) == {2010} and set(o["end_year"].dropna()) == {2021}
    want = {"en": "X, 2010–2021", "kk": "X, 2010–2021 жж.", "ru": "X, 2010–2021 гг."}
    for lang in LANGS:
        assert with_period("X", o, lang) == want[lang]
        m = kz.choropleth(o, "real_cagr", lang=lang)
        texts = page_texts(m)
        close(m)
        title = fu.default_title("real_cagr", None, o, lang)
        if title:  # a default title states the period; without a catalogue title there is none to extend
            assert any("2010–2021" in t for t in texts)
