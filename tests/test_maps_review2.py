"""Second full review of issue 24 (tools/render_review.py, review/r24/REVIEW.md): what a
cartographer still saw on the maps, each fixed and held here.

- SDG indicators and the columns of the library's own analyses (real growth, specialisation
  indices) are titled in the map's language, not by their column key;
- a programme member split between two zones is named once;
- a district map of one or two oblasts names every unit and says whose districts they are;
  the country's 224 districts stay unnamed;
- typed (categorical) maps state their units and boundary set under the title;
- the source line stays inside the page at any resolution it is saved at.
"""

from __future__ import annotations

import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import kzregions as kz
from kzregions._i18n import column_title, indicator_title, sdg_titles, text
from kzregions._i18n_extra import RESULT_TITLES

LANGS = ("en", "kk", "ru")
ALLOWED_LATIN = {"geokz", "CC", "BY", "Natural", "Earth"}  # source names, as on every map
KYZYLORDA = "430000000"


def drawn_texts(m) -> list[str]:
    """Visible text of the page (figure and every axes that is drawn), line breaks undone."""
    out = [t.get_text() for t in m.fig.texts]
    for ax in m.fig.axes:
        if ax.axison or ax.get_visible():
            out += [t.get_text() for t in ax.texts if t.get_visible()]
    return [re.sub(r"-\n", "-", s).replace("\n", " ") for s in out if s]


def latin_words(texts) -> set[str]:
    return {w for s in texts for w in re.findall(r"[A-Za-z]{2,}", s)} - ALLOWED_LATIN


def unit_labels(m) -> list[str]:
    return [re.sub(r"-\n", "-", t.get_text()).replace("\n", " ") for t in m.ax.texts
            if t.get_gid() != "halo" and t.get_text()]


@pytest.fixture(scope="module")
def density():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    return kz.derive(d, density="population_start_of_year")


@pytest.mark.parametrize("lang", LANGS)
def test_an_sdg_indicator_is_titled_in_the_maps_language(lang):
    col = "poverty_below_subsistence_minimum"
    want = sdg_titles()[col][lang]
    assert indicator_title(col, lang) == want
    assert want.startswith({"en": "Proportion of population", "kk": "Күнкөрістің",
                            "ru": "Доля населения"}[lang])
    pov = kz.attach(kz.oblasts(2024), kz.panel("sdg:1.2.1", years=2023))
    m = kz.spatial_autocorrelation(pov, col).plot(lang=lang)
    title = " ".join(t.get_text() for t in m.fig.texts[:1]).replace("\n", " ")
    assert want in title and col not in title
    if lang != "en":
        assert not latin_words(drawn_texts(m)), latin_words(drawn_texts(m))
    c = kz.choropleth(pov, col, lang=lang)
    assert c.fig.texts[0].get_text().replace("\n", " ").startswith(want)
    assert c.legend.get_title().get_text().replace("\n", " ").startswith(want[:20])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_growth_and_specialisation_columns_have_titles_not_keys(lang):
    g = kz.real_growth(2010, 2021, vintage=2018, per_capita=True)
    o18 = kz.oblasts(2018).merge(g[["kato", "real_cagr"]], on="kato", how="left")
    m = kz.choropleth(o18, "real_cagr", lang=lang)
    assert m.fig.texts[0].get_text() == RESULT_TITLES["real_cagr"][lang]
    assert not latin_words(drawn_texts(m)), latin_words(drawn_texts(m))
    spec = kz.specialisation_indices(kz.sector_table("gva", 2024))
    o = kz.oblasts(2024).merge(spec[["krugman"]], left_on="kato", right_index=True, how="left")
    m = kz.choropleth(o, "krugman", lang=lang)
    assert m.legend.get_title().get_text().replace("\n", " ") == RESULT_TITLES["krugman"][lang]
    assert not latin_words(drawn_texts(m))
    # every column the two analyses write has a title in the three languages
    for col in [c for c in [*g.columns, *spec.columns] if c not in ("kato", "region_en", "note")]:
        assert column_title(col, lang), col


@pytest.mark.parametrize("lang", LANGS)
def test_a_member_split_between_zones_is_named_once(lang):
    members = kz.programme("semipalatinsk").members
    split = members["kato"].duplicated(keep=False)
    assert split.sum() >= 6  # Semey, Abay, Zhanasemey, Beskaragay, May, Karkaraly: two zones each
    m = kz.categorical_map(members, "zone", lang=lang)
    drawn = unit_labels(m)
    names = {}
    for v in sorted(set(members["vintage"].astype(int))):  # the members' boundary set(s)
        units = kz.districts(v)
        names.update(zip(units["kato"], units[f"name_{lang}"]))
    for kato in members.loc[split, "kato"].unique():
        assert drawn.count(names[kato]) == 1, (names[kato], drawn)


@pytest.mark.parametrize("lang", LANGS)
def test_a_one_oblast_district_map_names_every_unit_and_its_oblast(lang, density):
    d = density[density["oblast_kato"] == KYZYLORDA]
    m = kz.choropleth(d, "population_start_of_year_density", lang=lang, highlight=kz.programme("aral_sea"))
    drawn = unit_labels(m)
    for name in d[f"name_{lang}"]:
        assert drawn.count(name) == 1, (name, drawn)
    sub = m.fig.texts[1].get_text().replace("\n", " ")
    oblast = {"en": "Kyzylorda oblast", "kk": "Қызылорда облысы", "ru": "Кызылординская область"}[lang]
    assert sub.startswith(oblast + ":"), sub
    assert text("boundaries_of", lang).format(vintage=2024) in sub


def test_the_countrys_districts_stay_unnamed_and_circles_follow_the_same_rule(density):
    m = kz.choropleth(density, "population_start_of_year_density", lang="ru")
    names = set(density["name_ru"])
    assert not names & set(unit_labels(m))
    two = density[density["oblast_kato"].isin(["100000000", "630000000"])]
    p = kz.proportional_map(two, "population_start_of_year", lang="kk")
    drawn = unit_labels(p)
    assert all(n in drawn for n in two["name_kk"]), set(two["name_kk"]) - set(drawn)
    assert p.fig.texts[1].get_text().startswith("Абай облысы, Шығыс Қазақстан облысы:")


@pytest.mark.parametrize("lang", LANGS)
def test_typed_maps_state_their_units_and_boundary_set(lang):
    from kzregions.specialisation import SECTORS

    spec = kz.specialisation_indices(kz.sector_table("gva", 2024))
    obl = kz.attach(kz.oblasts(2024), spec.reset_index()[["kato", "dominant_sector"]], vintage=2024)
    m = kz.categorical_map(obl, "dominant_sector", lang=lang,
                           categories=[c for c in SECTORS if c in set(spec["dominant_sector"])],
                           title=text("specialisation_title", lang).format(year=2024))
    sub = m.fig.texts[1].get_text()
    assert text("oblasts", lang)[1:] in sub and text("boundaries_of", lang).format(vintage=2024) in sub
    assert m.legend.get_title().get_text().replace("\n", " ") == RESULT_TITLES["dominant_sector"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_line_stays_on_the_page_at_any_dpi(lang):
    m = kz.plot_units(kz.oblasts(2024), lang=lang)
    foot = max(m.fig.texts, key=lambda t: len(t.get_text()))
    assert "geokz" in foot.get_text()
    for dpi in (60, 72, 90, 100, 110, 150, 300):  # 7-pt glyph widths round differently at each
        m.fig.set_dpi(dpi)
        renderer = FigureCanvasAgg(m.fig).get_renderer()
        for t in m.fig.texts:
            right = t.get_window_extent(renderer).x1 / m.fig.bbox.width
            assert right < 0.995, (dpi, round(right, 3), t.get_text()[:60])


@pytest.mark.parametrize("lang", LANGS)
def test_lagging_regions_map_their_lagging_classes(lang):
    lag = kz.lagging_regions(2021, 2024, vintage=2024)
    m = lag.plot(lang=lang)
    assert m.fig.texts[0].get_text() == text("lagging_title", lang).format(start=2021, end=2024)
    labels = [t.get_text().replace("\n", " ") for t in m.legend.get_texts()]
    n_low = int((lag.table["lagging"] == "low income").sum())
    assert labels[0] == f"{kz._i18n.category('low income', lang)} ({n_low})"
    assert m.legend.get_title().get_text().replace("\n", " ") == RESULT_TITLES["lagging"][lang]
    # the typology's own types stay one argument away
    t = lag.plot(lang=lang, column="type")
    assert t.fig.texts[0].get_text() != m.fig.texts[0].get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_a_part_of_the_country_is_not_titled_kazakhstan(lang):
    d = kz.districts(2024)
    m = kz.plot_units(d[d["oblast_kato"].isin(["110000000", "710000000"])], lang=lang)
    title = m.fig.texts[0].get_text().replace("\n", " ")
    akmola = {"en": "Akmola oblast", "kk": "Ақмола облысы", "ru": "Акмолинская область"}[lang]
    astana = {"en": "Astana", "kk": "Астана", "ru": "Астана"}[lang]
    assert title.startswith(f"{akmola}, {astana}:"), title
    whole = kz.plot_units(kz.oblasts(2024), lang=lang).fig.texts[0].get_text()
    assert whole == text("units_map", lang).format(what=text("oblasts", lang), vintage=2024)


@pytest.mark.parametrize("lang", LANGS)
def test_a_regional_view_names_the_smaller_lakes(lang):
    from kzregions._i18n import context_name

    m = kz.categorical_map(kz.programme("semipalatinsk").geometry, "zone", lang=lang)
    shown = {t.get_text() for t in m.ax.texts}
    for key in ("zaysan", "alakol", "balkhash"):
        assert context_name(key, lang) in shown, (key, shown)
    o = kz.plot_units(kz.oblasts(2024), lang=lang)  # the whole country: the three large ones only
    assert context_name("zaysan", lang) not in {t.get_text() for t in o.ax.texts}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_shipped_programme_has_a_title_and_zone_names_in_the_maps_language(lang):
    from kzregions._i18n import category, programme_title

    for pid in ("agglomerations", "macroregions_2025"):
        prog = kz.programme(pid)
        assert programme_title(pid, lang), pid
        for z in prog.zones:
            assert not latin_words([category(z, lang)]), (pid, z, category(z, lang))
    m = kz.categorical_map(kz.programme("agglomerations").members, "zone", lang=lang, labels=False)
    assert m.fig.texts[0].get_text() == programme_title("agglomerations", lang)
    assert not latin_words(drawn_texts(m)), latin_words(drawn_texts(m))


def test_many_zones_never_share_a_colour_with_a_neighbour():
    from kzregions.plotting.regionmaps import region_adjacency

    zones = kz.catchments(kz.districts(2024), kz.centres(2024), method="nearest").to_programme().geometry
    assert len(zones) > 8  # more than Okabe-Ito's eight colours
    m = kz.categorical_map(zones, "zone", lang="ru")
    legend = {t.get_text(): p.get_facecolor() for t, p in zip(m.legend.get_texts(), m.legend.get_patches())}
    assert len(legend) == len(zones)
    colours = [m.categories[z] for z in zones["zone"]]
    pairs = region_adjacency(zones)
    assert len(pairs) > 20
    for i, j in pairs:
        assert colours[i] != colours[j], (zones["zone"].iloc[i], zones["zone"].iloc[j], colours[i])


@pytest.mark.parametrize("lang", LANGS)
def test_zone_atlas_sheets_are_headed_in_the_pages_language(lang, density, tmp_path):
    from kzregions._i18n import category

    aral = kz.programme("aral_sea")
    a = kz.atlas(density, "population_start_of_year_density", by=aral, path=tmp_path / "aral.pdf", lang=lang,
                 progress=False)
    assert [p.name for p in a.pages] == [category(z, lang) for z in aral.zones]
    assert [p.key for p in a.pages] == aral.zones
    assert all("_" not in p.name for p in a.pages)


def test_typology_title_reads_as_a_sentence_in_english():
    lag = kz.lagging_regions(2021, 2024, vintage=2024)
    title = lag.plot(column="type").fig.texts[0].get_text()
    assert "by gross regional product per capita" in title.lower() and " by Gross" not in title, title


@pytest.mark.parametrize("lang", LANGS)
def test_a_one_oblast_map_names_the_oblasts_around_it(lang, density):
    o = kz.oblasts(2024).set_index("kato")[f"name_{lang}"]
    d = density[density["oblast_kato"] == KYZYLORDA]
    m = kz.choropleth(d, "population_start_of_year_density", lang=lang)
    shown = [t.get_text().replace("\n", "") for t in m.ax.texts]
    for kato in ("150000000", "620000000", "610000000"):  # Aktobe, Ulytau, Turkestan
        assert o[kato] in shown, (o[kato], shown)
    whole = kz.choropleth(kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024)),
                          "unemployment_rate", lang=lang)
    assert unit_labels(whole).count(o["430000000"]) == 1  # named once, as a unit
