"""Maps a ministry prints as they are (issue 24, labels, names, insets, titles): every unit of
a level-1 map named in every language, with and without a highlight; atlas sheets without
English on Kazakh and Russian pages, naming their centres and neighbours; city insets at one
stated scale; titles that say indicator, unit, year and boundary set."""

from __future__ import annotations

import re

import pytest

import kzregions as kz
from kzregions.plotting import _labels
from kzregions.plotting.maps import categorical_map

LANGS = ("en", "kk", "ru")
ALLOWED_LATIN = {"geokz", "CC", "BY", "Natural", "Earth"}


@pytest.fixture(scope="module")
def grp():
    return kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", "unemployment_rate", years=2022))


def unit_labels(m) -> list[str]:
    """The unit names drawn on the main map, line breaks undone (halos and furniture left out)."""
    out = []
    for t in m.ax.texts:
        if t.get_gid() == "halo" or not t.get_text():
            continue
        s = re.sub(r"-\n", "-", t.get_text()).replace("\n", " ")
        out.append(s)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_level1_unit_is_named_plain_and_with_a_highlight(lang, grp):
    col = f"name_{lang}"
    aral = kz.programme("aral_sea")
    maps = {"plain": kz.choropleth(grp, "unemployment_rate", lang=lang),
            "aral": kz.choropleth(grp, "grp_per_capita", lang=lang, highlight=aral),
            "units": kz.plot_units(kz.oblasts(2024), lang=lang),
            "units 2018": kz.plot_units(kz.oblasts(2018), lang=lang)}
    for what, m in maps.items():
        drawn = unit_labels(m)
        want = list(m.data[col])
        for name in want:  # each unit once: none missing, none twice (Almaty: oblast and city)
            assert drawn.count(name) == want.count(name), (what, name, drawn)


def test_labels_shrink_wrap_and_lead_out_only_when_needed(grp):
    from kzregions.plotting import _furniture as fu

    m = kz.choropleth(grp, "grp_per_capita", lang="ru", highlight=kz.programme("aral_sea"))
    # the map is drawn: place again on a fresh copy to read how each unit was named
    ax = m.ax
    for t in list(ax.texts):
        t.remove()
    placed = _labels.place(ax, m.data, "name_ru", cities=m.data["kind"].eq("city of republican significance"),
                           marker_cities=False, avoid_lines=fu.geom_of(kz.programme("aral_sea").members,
                                                                       m.crs).values,
                           label_points=fu.label_points)
    how = {m.data["name_ru"].iloc[i]: h for i, h in placed.how.items()}
    assert len(how) == 20
    assert how["Актюбинская"] in ("inside", "wrapped") and how["Карагандинская"] == "inside"
    assert how["Астана"] == how["Алматы"] == how["Шымкент"] == "city"
    # long names break after the hyphen rather than run out of their unit
    assert _labels.split_lines("Западно-Казахстанская") == "Западно-\nКазахстанская"
    assert _labels.split_lines("Солтүстік Қазақстан") == "Солтүстік\nҚазақстан"
    assert _labels.split_lines("Atyrau") is None
    # a leader line joins every label placed outside to its unit
    assert len(placed.leaders) == sum(h == "leader" for h in placed.how.values())


def test_district_maps_stay_unlabelled_by_default_and_do_not_lead_out_hundreds():
    from kzregions.plotting import _furniture as fu

    assert fu.LEADER_MAX_UNITS < len(kz.districts(2024))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_atlas_pages_speak_the_language_and_name_centres_and_neighbours(lang, tmp_path):
    pop = kz.panel("population_start_of_year", level="district", vintage=2024, years=2023)
    gdf = kz.derive(kz.attach(kz.districts(2024), pop), density="population_start_of_year")
    a = kz.atlas(gdf, "population_start_of_year_density", path=None, images="svg", images_dir=tmp_path, lang=lang,
                 only=["110000000", "100000000"], progress=False, cover=False)
    texts = {}
    for p in a.images:
        svg = p.read_text(encoding="utf-8")
        texts[p.name] = [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()]
    north, km = kz._i18n.text("north", lang), kz._i18n.text("km", lang)
    for name, tx in texts.items():
        latin = {w for t in tx for w in re.findall(r"[A-Za-z]+", t)} - ALLOWED_LATIN
        assert not latin, (name, latin)
        assert north in tx and any(t.endswith(km) for t in tx), name
    akmola = " ".join(next(v for k, v in texts.items() if "akmola" in k))
    # the oblast centre, the capital it surrounds, and neighbouring oblasts
    kokshetau = "Кокшетау" if lang == "ru" else "Көкшетау"
    assert kokshetau in akmola and "Астана" in akmola
    assert ("Павлодарская" if lang == "ru" else "Павлодар") in akmola
    abai = " ".join(next(v for k, v in texts.items() if "abay" in k))
    assert "Семей" in abai
    # a sheet of an oblast whose official name carries the word "область" says it once
    assert texts and a.pages[0].name == ("Область Абай" if lang == "ru" else "Абай облысы")


@pytest.mark.parametrize("lang", LANGS)
def test_city_insets_share_one_stated_scale(lang):
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    d = kz.derive(d, density="population_start_of_year")
    m = kz.choropleth(d, "population_start_of_year_density", lang=lang)
    assert len(m.insets) == 3
    fig_w = m.fig.get_size_inches()[0]
    scales = []
    for iax in m.insets.values():
        x0, x1 = iax.get_xlim()
        width_m = iax.get_position().width * fig_w * 0.0254
        scales.append((x1 - x0) / width_m)
        # its own scale bar, in the language
        assert any(t.get_text().endswith(kz._i18n.text("km", lang)) for t in iax.texts)
    assert max(scales) / min(scales) == pytest.approx(1.0, abs=1e-6)
    caption = [t.get_text() for t in m.fig.texts if "1:" in t.get_text()]
    assert len(caption) == 1
    stated = int(re.search(r"1:([\d\u202f]+)", caption[0]).group(1).replace("\u202f", ""))
    assert stated == pytest.approx(scales[0], rel=1e-6)
    # a frame on the main map for each inset
    frames = [p for p in m.ax.patches if p.__class__.__name__ == "Rectangle" and not p.get_fill()]
    assert len(frames) == 3


def test_titles_say_indicator_unit_year_and_boundary_set(grp):
    m = kz.choropleth(grp, "unemployment_rate", lang="en")
    texts = [t.get_text() for t in m.fig.texts]
    assert texts[0] == "Unemployment rate (%), 2022"
    assert texts[1] == "Oblasts and cities of republican significance, 2024 boundaries"
    assert "2024 boundaries." in texts[-1]
    ru = kz.choropleth(grp, "grp_per_capita", lang="ru")
    assert ru.fig.texts[0].get_text() == "ВРП на душу населения (тыс. тенге), 2022"
    # a map of the 2018 set names Astana as today and says which set it is
    p18 = kz.attach(kz.oblasts(2018), kz.panel("unemployment_rate", years=2019, vintage=2018))
    m18 = kz.choropleth(p18, "unemployment_rate", lang="kk")
    assert "Астана" in unit_labels(m18)
    assert "2018 жылғы шекаралар" in m18.fig.texts[1].get_text() and "2018 жылғы шекаралар." in m18.fig.texts[-1].get_text()
    # the names of the period on request
    p18p = kz.attach(kz.oblasts(2018, names="period"), kz.panel("unemployment_rate", years=2019, vintage=2018))
    m18p = kz.choropleth(p18p, "unemployment_rate", lang="kk")
    assert "Нұр-Сұлтан" in unit_labels(m18p)


def test_typology_map_says_indicator_and_years():
    t = kz.typology(kz.panel("grp_per_capita", "population_start_of_year", "population_avg_annual"),
                    "grp_per_capita")
    p = t.params
    for lang, head in (("en", "Types of regions by GRP per capita"), ("ru", "Типы регионов по показателю")):
        title = t.plot(lang=lang).fig.texts[0].get_text()
        assert title.startswith(head) and f"{p['start']}–{p['mid']}–{p['end']}" in title, title
    m = categorical_map(kz.attach(kz.units(p["level_n"], p["vintage"]), t.table[["kato", "type"]]), "type")
    assert f"{p['vintage']} boundaries." in m.fig.texts[-1].get_text()
