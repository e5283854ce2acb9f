"""Maps a ministry prints as they are (issue 24): zone maps, water and context, the right symbol
for counts, legends that tell the truth."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

import kzregions as kz
from kzregions.errors import ExtensiveVariableError
from kzregions.plotting import _furniture as fu
from kzregions.plotting import styles
from kzregions.plotting._backdrop import context_layer


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_nested_zones_are_drawn_most_severe_on_top(lang):
    semey = kz.programme("semipalatinsk")
    m = kz.categorical_map(semey.geometry, "zone", lang=lang)
    labels = [t.get_text().replace("-\n", "-").replace("\n", " ") for t in m.legend.get_texts()]
    want = [kz._i18n.category(z, lang) for z in ["extreme_radiation_risk", "maximum_radiation_risk",
                                                   "increased_radiation_risk", "minimum_radiation_risk",
                                                   "privileged_socioeconomic_status"]]
    # severity order, no "(1)" per zone, every zone listed; then the hatch of partial members
    assert labels == [*want, kz._i18n.text("partial_members", lang)]
    assert m.legend.get_title().get_text() == kz._i18n.text("legend_zone", lang)
    # the units' collection paints in order: the extreme zone (inside the maximum zone) comes last
    faces = [to_hex(c) for c in m.ax.collections[0].get_facecolors()]
    assert faces[-1] == to_hex(m.categories["extreme_radiation_risk"])
    assert faces.index(to_hex(m.categories["maximum_radiation_risk"])) < len(faces) - 1
    assert m.fig.texts[0].get_text().startswith(kz._i18n.programme_title("semipalatinsk", lang)[:20])


def test_aral_members_in_kazakh_are_named_in_kazakh():
    m = kz.categorical_map(kz.programme("aral_sea").members, "zone", lang="kk")
    names = {t.get_text() for t in m.ax.texts}
    assert "Арал" in names and "Қазалы" in names  # names looked up by KATO (members have no name_kk)
    labels = [t.get_text().replace("\n", " ") for t in m.legend.get_texts()]
    assert labels[0] == "Экологиялық апат аймағы"  # no counts on zone maps (issue 24)


def test_zone_styles_use_the_maps_colours_and_names(tmp_path):
    aral = kz.programme("aral_sea")
    m = kz.categorical_map(aral.geometry, "zone", lang="ru")
    assert styles.category_colors(aral.zones) == m.categories
    qml = styles.qml(m, lang="ru")
    assert 'label="Зона экологической катастрофы"' in qml and "ecological_disaster" in qml
    aral.to_file(tmp_path / "aral.geojson", lang="kk")
    assert 'label="Экологиялық апат аймағы"' in (tmp_path / "aral.qml").read_text(encoding="utf-8")


def test_a_count_is_no_choropleth_but_circles():
    pop = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023, vintage=2024))
    with pytest.raises(ExtensiveVariableError, match="density") as e:
        kz.choropleth(pop, "population_start_of_year")
    assert isinstance(e.value, ValueError) and "proportional_map" in str(e.value)
    with pytest.raises(ExtensiveVariableError):
        kz.explore(pop, "population_start_of_year")
    m = kz.proportional_map(pop, "population_start_of_year", lang="ru")
    v = pop["population_start_of_year"].to_numpy(dtype=float)
    # circle area proportional to the value: size / value is one constant
    ratio = m.data["size"].to_numpy() / v
    assert np.allclose(ratio, ratio[0])
    legend_texts = [t.get_text().replace("\n", " ") for t in m.legend.texts]
    assert "2\u202f000" in legend_texts and "Площадь круга пропорциональна значению" in legend_texts
    # a density of the same count is a choropleth
    assert kz._schema.indicator_kind("population_start_of_year_density") == "intensive"


def test_lakes_are_drawn_and_named():
    layer = context_layer()
    keys = set(layer.loc[layer["kind"] == "lake", "key"])
    assert {"aral", "balkhash", "zaysan", "alakol", "tengiz"} <= keys
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district")),
                  density="population_start_of_year")
    for lang in ("en", "kk", "ru"):
        m = kz.choropleth(d, "population_start_of_year_density", lang=lang)
        shown = {t.get_text() for t in m.ax.texts}
        for key in ("aral", "balkhash", "caspian", "zaysan", "tengiz"):
            assert kz._i18n.context_name(key, lang) in shown, (lang, key)
        assert kz._i18n.context_name("CHN", lang) in shown or kz._i18n.context_name("CHN", lang).upper() in shown
    o = kz.plot_units(kz.oblasts(2024), lang="kk")
    shown = {t.get_text() for t in o.ax.texts}
    assert "Балқаш көлі" in shown and "Зайсан көлі" not in shown  # small lakes named on district maps only
    assert fu.NEIGHBOUR_COLOR != fu.HOME_COLOR


def test_narrow_range_keeps_classes_apart_without_the_alarming_end():
    from matplotlib import colormaps

    from kzregions.plotting.classes import MIN_DELTA_E, min_delta_e

    c = kz.classify([4.1, 4.3, 4.5, 4.7, 4.8, 4.9, 5.0], k=3)
    darkest = kz.classify([1.0, 10.0, 20.0, 40.0, 80.0], k=3).colors[-1]
    assert c.colors[-1] != darkest and sum(c.colors[-1][:3]) > sum(darkest[:3])
    # neighbouring classes at least MIN_DELTA_E apart in CIELAB, from the light half of YlOrRd
    for k in (2, 3, 4, 5):
        ck = kz.classify([4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 5.0], k=k)
        assert min_delta_e(ck.colors) >= MIN_DELTA_E - 1e-6, (k, ck.notes)
        assert sum(ck.colors[-1][:3]) >= sum(colormaps["YlOrRd"](0.7)[:3]), k  # never the dark red end
    # rates given to 0.1 and printed at 0.1 are discrete: no value in two labels
    assert not c.contiguous and c.labels == ["4.1 – 4.5", "4.6 – 4.8", "4.9 – 5.0"]


def test_unemployment_2019_classes_are_unambiguous_and_no_pseudo_categories():
    o18 = kz.attach(kz.oblasts(2018), kz.panel("unemployment_rate", years=2019, vintage=2018))
    with pytest.warns(UserWarning, match="classes instead of"):
        c = kz.classify(o18["unemployment_rate"], unit="%", lang="ru")
    # the review's legend read "4,4 %", "4,4 – 4,6 %", ...: 4.4 in two classes, 0.1-point classes
    assert [lab.replace("\u202f", " ") for lab in c.labels] == ["4,4 – 4,6 %", "4,7 – 4,8 %", "4,9 – 5,1 %"]
    assert c.counts == [3, 11, 3] and any("precision" in n for n in c.notes)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(35, 60), min_size=5, max_size=40), st.integers(2, 7),
       st.sampled_from(["auto", "quantiles", "equal_interval", "fisher_jenks"]))
def test_classes_of_rates_given_to_a_tenth_span_two_tenths(tenths, k, scheme):
    import warnings

    y = np.array(tenths) / 10.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = kz.classify(y, k=k, scheme=scheme)
    if len(np.unique(y)) < 4 or c.contiguous:
        return
    lo = y.min()
    printed = [round(v, 1) for v in np.arange(lo, y.max() + 0.05, 0.1)]
    per_class = [sum(1 for v in printed if (i == 0 or v > c.bins[i - 1] + 1e-9) and v <= c.bins[i] + 1e-9)
                 for i in range(len(c.bins))]
    assert min(per_class) >= 2 or len(c.bins) <= 2, (c.labels, per_class)
    assert all(n > 0 for n in c.counts)


# ----------------------------------------------------------------------------- programme zones (issue 24 item 4)
def _page_text(m) -> str:
    return " ".join(t.get_text() for t in [*m.fig.texts, *m.ax.texts]).replace("\n", " ")


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_zone_maps_say_title_boundary_set_oblasts_and_partial_members(lang):
    import warnings

    from kzregions._i18n import programme_title, text

    sem = kz.programme("semipalatinsk")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the Pandas4Warning of _unit_names among them
        zones = kz.categorical_map(sem.geometry, "zone", lang=lang)
        members = kz.categorical_map(sem.members, "zone", lang=lang)
    for m in (zones, members):
        page = _page_text(m)
        assert programme_title("semipalatinsk", lang) in page
        assert fu.boundary_set(2018, lang) in page  # the members' boundary set
        labels = [t.get_text().replace("\n", " ") for t in m.legend.get_texts()]
        assert text("partial_members", lang) in labels  # 22 members are partial
        assert not any(lab.rstrip().endswith(")") and lab.rsplit("(", 1)[-1][:-1].isdigit() for lab in labels)
    # the zones sit on the 2018 oblasts, named in the map's language
    o18 = kz.oblasts(2018)
    east = o18.loc[o18["name_en"] == "East Kazakhstan", f"name_{lang}"].iloc[0]
    assert east in _page_text(zones)


# ----------------------------------------------------------------------------- legend titles (issue 24 item 3)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_specialisation_and_shift_share_legends_are_titled_in_the_map_language(lang):
    from kzregions._i18n import CATEGORIES, COLUMN_TITLES

    lq = kz.location_quotients(kz.sector_table("gva", 2024))
    m = kz.choropleth(kz.oblasts(2024).merge(lq, left_on="kato", right_index=True, how="left"), "mining", lang=lang)
    assert m.legend.get_title().get_text().replace("\n", " ") == CATEGORIES["mining"][lang]
    ss = kz.shift_share(kz.sector_table("employment", [2022, 2025]), 2022, 2025)
    o = kz.oblasts(2024).merge(ss.table, left_on="kato", right_index=True, how="left")
    m = kz.choropleth(o, "regional_shift_pct", lang=lang, center=0)
    assert m.legend.get_title().get_text().replace("\n", " ") == COLUMN_TITLES["regional_shift_pct"][lang]
