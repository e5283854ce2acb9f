"""Maps fit for publication (issue 11) and the choropleth's bad inputs (issue 13): every map
type in Kazakh and Russian without stray English, text kept as text in PDF and SVG, honest
classes on the real indicators, small multiples per boundary set, no collisions, context,
a colour-blind-safe categorical palette, explore() like the print map, image baselines."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions import _i18n
from kzregions import _palette as pal
from kzregions.errors import ClassificationError
from kzregions.plotting import _furniture as fu
from kzregions.plotting._backdrop import context_layer
from kzregions.plotting.classes import classify
from kzregions.plotting.maps import categorical_map

BASELINE = Path(__file__).parent / "baseline"
#: Latin words a Kazakh or Russian map may carry: the data set's and the licence's names.
ALLOWED_LATIN = {"geokz", "CC", "BY", "Natural", "Earth"}


@pytest.fixture(scope="module")
def grp():
    return kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", "unemployment_rate", years=2022))


@pytest.fixture(scope="module")
def dens():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    return kz.derive(d, density="population_start_of_year")


@pytest.fixture(scope="module")
def obl_dens():
    o = kz.attach(kz.oblasts(2024), kz.panel("population_start_of_year", years=2023))
    return kz.derive(o, density="population_start_of_year")


@pytest.fixture(scope="module")
def typ():
    t = kz.typology(kz.panel("grp_per_capita", "population_start_of_year", "population_avg_annual"),
                    "grp_per_capita")
    return kz.attach(kz.units(t.params["level_n"], t.params["vintage"]), t.table[["kato", "type"]])


@pytest.fixture(scope="module")
def lisa(dens):
    return kz.spatial_autocorrelation(dens, "population_start_of_year_density", permutations=99).lisa


def every_map(lang, grp, dens, typ, lisa):
    """One map of each type, in ``lang``."""
    gi = kz.derive(grp, index="grp_per_capita")
    yield "oblasts", kz.choropleth(grp, "unemployment_rate", lang=lang, legend_kwds={"counts": True})
    yield "districts", kz.choropleth(dens, "population_start_of_year_density", lang=lang,
                                     highlight=kz.programme("aral_sea"))
    yield "diverging", kz.choropleth(gi, "grp_per_capita_index", center=100, k=6, lang=lang)
    yield "small", kz.small_multiples(kz.attach_each(kz.panel("unemployment_rate", years=[2019, 2020, 2022, 2023])),
                                      "unemployment_rate", lang=lang)
    yield "units", kz.plot_units(kz.oblasts(2024), lang=lang)
    yield "typology", categorical_map(typ, "type", categories=list(kz.analysis.TYPES), lang=lang)
    yield "lisa", categorical_map(lisa, "cluster", categories=list(kz.spatial.LISA_COLORS), lang=lang)


def drawn_texts(m) -> list[str]:
    fig = m.fig
    out = [t.get_text() for t in fig.texts]
    for leg in fig.legends:
        out += [t.get_text() for t in leg.get_texts()] + [leg.get_title().get_text()]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts] + [ax.get_title(loc) for loc in ("left", "center", "right")]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return [t for t in out if t]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_map_type_has_no_english_in_kazakh_and_russian(lang, grp, dens, typ, lisa):
    for name, m in every_map(lang, grp, dens, typ, lisa):
        texts = drawn_texts(m)
        assert len(texts) > 5, name
        latin = {w for t in texts for w in re.findall(r"[A-Za-z]+", t)} - ALLOWED_LATIN
        assert not latin, (name, latin)
        # Cyrillic on every map: title or legend in the language
        assert any(re.search("[А-Яа-яӘҒҚҢӨҰҮҺІәғқңөұүһі]", t) for t in texts), name


def test_titles_units_and_categories_come_from_the_table(grp, typ):
    m = kz.choropleth(kz.derive(grp, index="grp_per_capita"), "grp_per_capita_index", center=100, lang="kk")
    assert m.legend.get_title().get_text().replace("\n", " ") == "Жан басына шаққандағы ЖӨӨ, индекс, Қазақстан = 100"
    assert m.fig.texts[0].get_text() == "Жан басына шаққандағы ЖӨӨ, индекс (Қазақстан = 100), 2022"
    assert m.fig.texts[1].get_text() == "Облыстар және республикалық маңызы бар қалалар, 2024 жылғы шекаралар"
    assert _i18n.unit_text("thousand KZT", "ru") == "тыс. тенге"
    assert _i18n.category("ecological_crisis (зона экологического кризиса, art.4 p.2)", "kk") == \
        "Экологиялық дағдарыс аймағы"
    m = categorical_map(typ, "type", lang="ru")
    labels = [t.get_text() for t in m.legend.get_texts()]
    assert any(lab.startswith("Полюс роста (") for lab in labels)
    # every indicator of the catalogue has a title in each language
    # (the Bureau's SDG series bring their own titles in the three languages)
    from kzregions import _sdg

    for ind in kz.stats.TITLES:
        assert all(_i18n.indicator_title(ind, lang) or _sdg.titles(lang).get(ind) for lang in _i18n.LANGS), ind
        assert (_i18n.indicator_title(ind, "en") or _sdg.titles("en").get(ind)) == kz.stats.TITLES[ind]


def test_russian_names_fixed_on_load_and_reported():
    o = kz.oblasts(2024).set_index("kato")
    assert o.loc["790000000", "name_ru"] == "Шымкент" and o.loc["710000000", "name_ru"] == "Астана"
    d = kz.districts(2024).set_index("kato")
    assert d.loc["791510000", "name_ru"] == "Енбекшинский" and d.loc["791710000", "name_ru"] == "Каратауский"
    assert kz.centres(2024).set_index("kato").loc["710000000", "name_kk"] == "Астана"
    assert kz.oblasts(2018).set_index("kato").loc["710000000", "name_ru"] == "Астана"  # named as today
    assert kz.oblasts(2018, names="period").set_index("kato").loc["710000000", "name_ru"] == "Нур-Султан"
    rep = kz.harmonisation_report(2024).to_frame().set_index("kato")["text_repairs"]
    assert rep["790000000"] == "name_ru 'Чимкент' -> 'Шымкент'"
    assert "Енбекшинскийский" in rep["791510000"] and "Каратаускийский" in rep["791710000"]


# ----------------------------------------------------------------------------- text stays text
def test_pdf_keeps_text_as_truetype(grp, tmp_path):
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):  # .ci/run installs poppler-utils: CI must really run this
            pytest.fail("pdftotext missing under CI: .ci/run should have installed poppler-utils")
        pytest.skip("pdftotext not installed (apt-get install poppler-utils; .ci/run installs it)")
    m = kz.choropleth(grp, "unemployment_rate", lang="kk")
    m.save(tmp_path / "m.pdf")
    txt = subprocess.run(["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    for word in ("Қызылорда", "Шығыс", "Жұмыссыздық", "Деректер" if m.classes.n_missing else "км"):
        assert word in txt, word
    fonts = subprocess.run(["pdffonts", str(tmp_path / "m.pdf")], capture_output=True, text=True).stdout
    assert "TrueType" in fonts and "Type 3" not in fonts
    # and nothing changed globally
    import matplotlib
    assert matplotlib.rcParams["pdf.fonttype"] == 3


def test_svg_has_text_elements(grp, tmp_path):
    m = kz.choropleth(grp, "unemployment_rate", lang="ru")
    m.save(tmp_path / "m.svg")
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Кызылординская" in texts and "Уровень безработицы" in texts
    # the halo is a separate stroked copy: the label itself is plain text, once
    assert texts.count("Кызылординская") == 1


# ----------------------------------------------------------------------------- honest classes
def test_default_on_skewed_district_density(dens):
    v = dens["population_start_of_year_density"]
    c = classify(v)
    assert len(c.bins) >= 5 and max(c.counts) <= 0.5 * sum(c.counts)
    # breaks from the 1-2-5 series; a density is measured: contiguous ranges (issue 24)
    assert all(b in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000) for b in c.bins[:-1])
    assert c.labels[:3] == ["0.09 – 2", "2 – 5", "5 – 10"] and c.contiguous
    # the README's old head/tail scheme: one class held 187 of 219 units
    ht = classify(v, scheme="head_tail", nice=False)
    assert max(ht.counts) == 187


def test_cities_are_not_classed_with_turkestan(obl_dens):
    m = kz.choropleth(obl_dens, "population_start_of_year_density")
    cls = dict(zip(m.data["name_en"], m.data["class"]))
    assert cls["Astana"] == cls["Almaty"] == cls["Shymkent"] == len(m.classes.bins) - 1
    assert cls["Turkestan"] < cls["Shymkent"]


def test_rounded_breaks_and_data_precision(grp):
    c = classify(grp["unemployment_rate"], unit="%")
    # one decimal as in the data; nothing like 4.48
    assert all(re.fullmatch(r"\d\.\d( – \d\.\d)?\u202f%", lab) for lab in c.labels), c.labels
    g = classify(grp["grp_per_capita"])
    assert all(b % 500 == 0 for b in g.bins[:-1]) and not any(".0" in lab for lab in g.labels)
    # a narrow range does not get the whole colour ramp
    assert any("of the ramp" in n for n in c.notes)
    # every unit lies in its label's range
    for v, b in zip(grp["unemployment_rate"], c.yb):
        lo, hi = [float(x.strip(" %\u202f")) for x in (c.labels[b].split("–") * 2)[:2]]
        assert lo <= v <= hi


def test_fewer_classes_warn_with_the_reason():
    with pytest.warns(UserWarning, match="3 classes instead of the 5 asked for: only 3 distinct values"):
        c = classify([1, 1, 2, 2, 3, 3, 3], k=5)
    assert c.notes[0].startswith("3 classes instead of the 5")
    m = kz.choropleth(kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2022)),
                      "unemployment_rate", k=7, scheme="quantiles")
    assert len(m.classes.bins) == 7 or m.classes.notes


def test_std_mean_legend_reads_in_order(grp):
    c = classify(grp["grp_per_capita"], scheme="std_mean")
    assert all(n > 0 for n in c.counts) and (np.diff(c.bins) > 0).all()
    bounds = [float(x.replace(",", "").replace("\u2212", "-")) for lab in c.labels for x in lab.split(" – ")]
    assert bounds == sorted(bounds)
    assert c.lower <= grp["grp_per_capita"].min()


def test_choropleth_bad_values_and_parameters(grp):
    g = grp.assign(inf=grp["grp_per_capita"].where(grp["kato"] != "790000000", np.inf),
                   name=grp["name_en"])
    g.loc[g["kato"] == "750000000", "inf"] = -np.inf
    with pytest.raises(ClassificationError, match=r"column 'inf' holds 2 infinite value\(s\) \(1 \+inf, 1 -inf\)"):
        kz.choropleth(g, "inf")
    with pytest.raises(ClassificationError, match=r"column 'name' has dtype \w+ and holds text \('Abay'"):
        kz.choropleth(g, "name")
    with pytest.raises(ClassificationError, match=r"strictly increasing"):
        kz.choropleth(g, "grp_per_capita", classification_kwds={"bins": [5000, 1000, 3000]})
    for k in (0, -3, 1):
        with pytest.raises(ClassificationError, match=rf"k={k}: a choropleth needs at least 2 classes"):
            kz.choropleth(g, "grp_per_capita", k=k)
    with pytest.raises(ClassificationError, match=r"k=2.5: the number of classes must be a whole number"):
        kz.choropleth(g, "grp_per_capita", k=2.5)
    with pytest.raises(ValueError, match=r"lang='xx': use 'en' \(English\), 'kk' \(Kazakh\) or 'ru'"):
        kz.choropleth(g, "grp_per_capita", lang="xx")
    with pytest.raises(ValueError, match=r"lang='xx'"):
        kz.explore(g, "grp_per_capita", lang="xx")
    assert isinstance(ClassificationError("x"), kz.errors.KzRegionsError)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=60),
       st.integers(2, 7), st.sampled_from(["auto", "quantiles", "equal_interval", "fisher_jenks", "std_mean"]))
def test_every_value_lies_in_its_labelled_class(values, k, scheme):
    y = np.round(np.array(values), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = classify(y, k=k, scheme=scheme)
    assert sum(c.counts) == len(y) and all(n > 0 for n in c.counts)
    assert (np.diff(c.bins) > 0).all()

    def num(s):
        return float(s.replace(",", "").replace("\u2212", "-"))

    bounds = []
    for lab in c.labels:
        parts = lab.split(" \u2013 ")
        bounds.append((num(parts[0]), num(parts[-1])))
    flat = [b for pair in bounds for b in pair]
    assert flat == sorted(flat)  # in order
    if c.contiguous:  # measured values: each class starts where the previous one ends
        assert all(bounds[i][1] == bounds[i + 1][0] for i in range(len(bounds) - 1))
        half = 0.5 * 10.0 ** -c.decimals  # a label's bounds are rounded to its decimals
        for v, b in zip(y, c.yb):
            assert bounds[b][0] - half - 1e-9 <= float(v) <= bounds[b][1] + half + 1e-9, (v, c.labels[b])
    else:  # whole numbers: no shared end point, each value inside its printed range
        assert all(bounds[i][1] < bounds[i + 1][0] for i in range(len(bounds) - 1))
        for v, b in zip(y, c.yb):
            shown = round(float(v), c.decimals)
            assert bounds[b][0] - 1e-9 <= shown <= bounds[b][1] + 1e-9, (v, c.labels[b])


# ----------------------------------------------------------------------------- small multiples
def test_small_multiples_layout_vintages_and_missing_years():
    p = kz.panel("unemployment_rate", years=[2019, 2020, 2022, 2023])
    m = kz.small_multiples(kz.attach_each(p), "unemployment_rate", keys=[2019, 2020, 2021, 2022])
    pos = {k: ax.get_position() for k, ax in m.insets.items()}
    # 2 x 2, the grid that makes 4 panels largest, covering over 40 % of the page
    assert len({round(b.x0, 3) for b in pos.values()}) == 2 and len({round(b.y0, 3) for b in pos.values()}) == 2
    assert sum(b.width * b.height for b in pos.values()) >= 0.40
    # each year on its own boundary set: 17 units in 2019-2020 (2018 set), 20 in 2022
    per_year = m.data.groupby("year")["kato"].nunique()
    assert per_year[2019] == 17 and per_year[2020] == 17 and per_year[2022] == 20
    assert (m.data[m.data["year"] == 2019]["class"] >= 0).all()  # no oblast hatched "No data"
    # a year without rows is an empty panel that says so
    assert [t.get_text() for t in m.insets[2021].texts] == ["No data for 2021"]
    assert m.legend.get_title().get_text().replace("\n", " ") == "Unemployment rate"
    ru = kz.small_multiples(kz.attach_each(p), "unemployment_rate", lang="ru", keys=[2020, 2021])
    assert [t.get_text() for t in ru.insets[2021].texts] == ["Нет данных за 2021"]
    # a year nobody asked for is no panel (issue 24): only the years the data hold
    kk = kz.small_multiples(kz.attach_each(p), "unemployment_rate", lang="kk")
    assert sorted(kk.insets) == [2019, 2020, 2022, 2023]
    assert not any("деректер жоқ" in t.get_text() for ax in kk.fig.axes for t in ax.texts)


# ----------------------------------------------------------------------------- collisions
def boxes(m):
    """(name, bbox) of every text, the legend and the insets, in display pixels."""
    fig = m.fig
    r = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    out = []
    for leg in fig.legends:
        out.append(("legend", leg.get_window_extent(r)))
    for t in fig.texts:
        out.append((f"fig:{t.get_text()[:20]}", t.get_window_extent(r)))
    for name, iax in m.insets.items():
        out.append((f"inset:{name}", iax.get_tightbbox(r)))
    inset_axes = set(map(id, m.insets.values()))
    for ax in fig.axes:
        if id(ax) in inset_axes:
            continue
        for t in ax.texts:
            if t.get_text() and t.get_gid() != "halo" and t.get_visible():
                out.append((f"text:{t.get_text()}", t.get_window_extent(r)))
    return out, fig.bbox


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_no_collisions_and_everything_on_the_page(lang, grp, dens):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    long = kz.programme("aral_sea")
    made = [kz.choropleth(grp, "grp_per_capita", lang=lang, highlight=long, legend_kwds={"counts": True},
                          subtitle=_i18n.text("oblasts", lang), source=_i18n.text("bns", lang)),
            kz.choropleth(dens, "population_start_of_year_density", lang=lang, highlight=long,
                          source=_i18n.text("bns", lang)),
            kz.plot_units(kz.oblasts(2024), lang=lang)]
    for m in made:
        FigureCanvasAgg(m.fig).draw()
        items, page = boxes(m)
        for name, b in items:
            assert b.x0 >= page.x0 - 1 and b.x1 <= page.x1 + 1 and b.y0 >= page.y0 - 1 and b.y1 <= page.y1 + 1, name
        for (n1, b1), (n2, b2) in itertools.combinations(items, 2):
            assert not b1.overlaps(b2), (n1, n2)
        # the legend sits beside the map, not on it
        if m.legend is not None:
            assert m.legend.get_window_extent().x0 >= m.ax.get_window_extent().x1 - 1


def test_zones_get_their_own_line_style(dens):
    m = kz.choropleth(dens, "population_start_of_year_density", highlight=kz.programme("aral_sea"), lang="ru")
    lines = [h for h in m.legend.legend_handles if h.__class__.__name__ == "Line2D"]
    assert len(lines) == 3 and len({str(h.get_linestyle()) for h in lines}) == 3
    assert [t.get_text().replace("\n", " ") for t in m.legend.get_texts()][-3:] == [
        "Зона экологической катастрофы", "Зона экологического кризиса",
        "Зона экологического предкризисного состояния"]


# ----------------------------------------------------------------------------- context
def test_context_neighbours_sea_and_outline(grp):
    from matplotlib.colors import to_hex

    m = kz.choropleth(grp, "grp_per_capita")
    faces = {to_hex(c) for coll in m.ax.collections for c in coll.get_facecolor()}
    assert fu.NEIGHBOUR_COLOR in faces and fu.SEA_COLOR in faces
    ctx = context_layer()
    assert {"RUS", "CHN", "KGZ", "UZB", "TKM"} <= set(ctx["iso_a3"]) and "KAZ" not in set(ctx["iso_a3"])
    caspian = ctx[ctx["kind"] == "sea"].geometry.iloc[0]
    assert caspian.contains(kz.centres(2024).geometry.iloc[0].__class__(51.0, 42.0))  # mid-Caspian
    assert 300_000 < caspian.area * 111 * 85 < 450_000  # km², roughly (the Caspian: 371,000)


# ----------------------------------------------------------------------------- categorical maps
def test_palette_is_distinct_under_deuteranopia():
    from matplotlib.colors import to_rgb

    for group in (list(kz.analysis.TYPES), list(kz.spatial.LISA_COLORS)):
        sim = {c: pal.deuteranopia(to_rgb(pal.CATEGORY_COLORS[c])) for c in group}
        worst = min(pal.delta_e(sim[a], sim[b]) for a, b in itertools.combinations(group, 2))
        assert worst >= 15, group
    # the typology colours kzregions 0.1 used merged for deuteranopes (stagnating/catching up)
    assert pal.delta_e(pal.deuteranopia(to_rgb("#fdb863")), pal.deuteranopia(to_rgb("#a6d96a"))) < 10
    # no category is drawn in the no-data grey or white
    assert "#d9d9d9" not in pal.CATEGORY_COLORS.values() and "#ffffff" not in pal.CATEGORY_COLORS.values()


def test_unclassified_is_hatched_grey_and_cities_get_insets(typ, lisa):
    m = categorical_map(typ, "type", categories=list(kz.analysis.TYPES))
    hatched = [c for c in m.ax.collections if c.get_hatch() == "xxx"]
    if (typ["type"] == "unclassified").any():
        assert hatched
    d = categorical_map(lisa, "cluster", lang="kk")
    assert set(d.insets) == {"Астана", "Алматы", "Шымкент"}


# ----------------------------------------------------------------------------- explore
def test_explore_matches_the_print_map(grp, tmp_path):
    pytest.importorskip("xstatic.pkg.leaflet")
    g = grp.assign(grp_per_capita=grp["grp_per_capita"].where(grp["kato"] != "100000000"))
    m = kz.choropleth(g, "grp_per_capita", lang="ru")
    fm = kz.explore(g, "grp_per_capita", lang="ru", offline=True)
    path = tmp_path / "m.html"
    fm.save(str(path))
    html = path.read_text(encoding="utf-8")
    for label in m.classes.labels:  # the same classes as the print map
        assert label in html
    assert "ВРП на душу населения, тыс. тенге" in html and "Нет данных" in html
    assert "dashArray" in html and "Границы: geokz" in html
    assert not re.findall(r"<script[^>]+src=", html) and not re.findall(r"<link[^>]+href=\"http", html)
    # tooltips: values rounded as in the legend, in the language's number format, no raw column
    shown = [json.loads(f'"{v}"') for v in re.findall(r'"_value": "([^"]*)"', html)]
    assert len(shown) == 20 and '"grp_per_capita":' not in html
    assert "Нет данных" in shown and all(re.fullmatch(r"[\d\u202f]+ тыс\. тенге|Нет данных", v) for v in shown), shown


def test_explore_offline_says_what_to_install(grp, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "xstatic.pkg.leaflet", None)
    with pytest.raises(ImportError, match="pip install xstatic-leaflet"):
        kz.explore(grp, "grp_per_capita", offline=True)


# ----------------------------------------------------------------------------- image baselines
BASELINES = {
    "oblasts_ru": lambda g, d: kz.choropleth(g, "unemployment_rate", lang="ru"),
    "districts_kk": lambda g, d: kz.choropleth(d, "population_start_of_year_density", lang="kk"),
    "units_en": lambda g, d: kz.plot_units(kz.oblasts(2024)),
}


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_image_baselines(name, grp, dens, tmp_path):
    """Low-dpi renders against tests/baseline/*.png (RMS tolerance 6 of 255): a layout
    regression fails. After an intended change: KZREGIONS_UPDATE_BASELINES=1 pytest ..."""
    from matplotlib.testing.compare import compare_images

    m = BASELINES[name](grp, dens)
    out = tmp_path / f"{name}.png"
    m.save(out, dpi=30)
    ref = BASELINE / f"{name}.png"
    if os.environ.get("KZREGIONS_UPDATE_BASELINES"):
        shutil.copyfile(out, ref)
    assert ref.exists(), f"no baseline {ref}: run with KZREGIONS_UPDATE_BASELINES=1"
    err = compare_images(str(ref), str(out), tol=6)
    assert err is None, err
