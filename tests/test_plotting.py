"""Maps: classification, legend, every unit drawn, Kazakh glyphs, all formats, no global state."""

from __future__ import annotations

import warnings

import mapclassify
import matplotlib
import numpy as np
import pytest

import kzregions as kz
from kzregions.plotting import _furniture as furniture
from kzregions.plotting import classes as maps


@pytest.fixture(scope="module")
def grp():
    return kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", "unemployment_rate", years=2022))


@pytest.fixture(scope="module")
def dens():
    d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district"))
    return kz.derive(d, density="population_start_of_year")


@pytest.mark.parametrize("scheme,cls,kw", [
    ("quantiles", "Quantiles", {"k": 5}), ("equal_interval", "EqualInterval", {"k": 5}),
    ("fisher_jenks", "FisherJenks", {"k": 5}), ("std_mean", "StdMean", {}),
    ("head_tail", "HeadTailBreaks", {}),
])
def test_classes_are_mapclassifys(grp, scheme, cls, kw):
    y = grp["grp_per_capita"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = getattr(mapclassify, cls)(y, **kw)
    got = maps.classify(y, scheme=scheme, nice=False, **kw)
    np.testing.assert_allclose(got.bins, ref.bins)
    np.testing.assert_array_equal(got.yb, ref.yb)
    assert got.counts == list(ref.counts)


def test_user_defined_bins_and_labels():
    y = np.array([1.0, 5.0, 12.0, 2500.5, np.nan])
    c = maps.classify(y, bins=[4, 100, 3000], unit="%")
    assert list(c.bins) == [4, 100, 3000] and list(c.yb) == [0, 1, 1, 2, -1] and c.n_missing == 1
    # the fewest decimals that show the bounds: none here; measured values (2500.5) get
    # contiguous ranges, so 100.5 has a visible place (issue 24: no "4 | 5" gaps)
    assert c.labels == ["1 \u2013 4\u202f%", "4 \u2013 100\u202f%", "100 \u2013 3,000\u202f%"]
    ru = maps.classify(y, bins=[4, 100, 3000], lang="ru", decimals=1)
    assert ru.labels[2] == "100,0 \u2013 3\u202f000,0"
    assert maps.classify([0.11, 0.12, 0.19], bins=[0.115, 0.2]).labels == ["0.110 \u2013 0.115", "0.115 \u2013 0.200"]
    # whole numbers (counts) are discrete: ranges that never share an end point leave nothing out
    assert maps.classify([1.0, 5.0, 12.0, 2500.0], bins=[4, 100, 3000]).labels == \
        ["1 \u2013 4", "5 \u2013 100", "101 \u2013 3,000"]
    assert maps.fmt_number(-1234.5, 1, "en") == "\u22121,234.5"


def test_diverging_classes_break_at_the_centre(grp):
    g = kz.derive(grp, index="grp_per_capita")
    c = maps.classify(g["grp_per_capita_index"], center=100, k=6)
    assert 100 in set(c.bins)
    i = list(c.bins).index(100)
    v = g["grp_per_capita_index"].to_numpy()
    assert (c.yb[v < 100] <= i).all() and (c.yb[v >= 100] > i).all()
    assert all(n > 0 for n in c.counts)
    # colours: blue side below, red side above (RdBu_r)
    assert c.colors[0][2] > c.colors[0][0] and c.colors[-1][0] > c.colors[-1][2]


def test_every_unit_is_drawn_and_no_data_is_a_class(dens):
    m = kz.choropleth(dens, "population_start_of_year_density", title="Density")
    assert len(m.data) == 224
    missing = m.data[m.data["class"] < 0]
    assert set(missing["kato"]) == {"101010000", "104500000", "191800000", "711510000", "791910000"}
    labels = [t.get_text() for t in m.legend.get_texts()]
    # contiguous ranges state their rule once, between the classes and "No data" (issue 24)
    assert labels[-1] == "No data" and len(labels) == len(m.classes.bins) + 2
    assert labels[-2].replace("\n", " ") == "each class includes its upper bound"
    # every unit is a path of the filled collection, and the no-data units are hatched too
    assert len(m.ax.collections[0].get_paths()) == 224
    assert len(m.ax.collections[1].get_paths()) == 5 and m.ax.collections[1].get_hatch() == "////"
    assert set(m.insets) == {"Astana", "Almaty", "Shymkent"}


def test_legend_counts_and_units(grp):
    m = kz.choropleth(grp, "unemployment_rate", legend_kwds={"counts": True}, unit="%")
    texts = [t.get_text() for t in m.legend.get_texts()]
    assert all(t.endswith(")") and "\u202f%" in t for t in texts)
    assert sum(int(t.rsplit("(", 1)[1][:-1]) for t in texts) == 20


def test_kazakh_glyphs_are_in_the_font():
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont(font_manager.FontProperties(family=furniture.FONT), fallback_to_default=False)
    font = ft2font.FT2Font(path)
    for ch in furniture.KAZAKH_LETTERS + "АБВЁЖЩЭЮЯ":
        assert font.get_char_index(ord(ch)) != 0, ch


def test_kazakh_labels_render_without_missing_glyphs(grp, tmp_path):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        m = kz.choropleth(grp, "grp_per_capita", lang="kk", title="Жан басына шаққандағы ЖӨӨ, 2022",
                          subtitle="Ұлттық статистика бюросы: Қ ғ ү ұ ө ә ң һ і")
        m.save(tmp_path / "kk.png", dpi=60)
    assert not [x for x in w if "Glyph" in str(x.message)]
    labels = {t.get_text().replace("\n", " ") for t in m.ax.texts}  # a long name may break over two lines
    assert "Қызылорда" in labels and "Шығыс Қазақстан" in labels


@pytest.mark.parametrize("ext,magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_every_map_type_renders_to_every_format(grp, dens, tmp_path, ext, magic):
    g = kz.derive(grp, index="grp_per_capita")
    panel = kz.panel("unemployment_rate", years=[2022, 2024], vintage=2024)
    outline = kz.oblasts(2024)[kz.oblasts(2024)["kato"] == "430000000"]
    made = {
        "oblasts": kz.choropleth(grp, "grp_per_capita", title="GRP", graticule=True),
        "districts": kz.choropleth(dens, "population_start_of_year_density", highlight=outline,
                                   highlight_label="Kyzylorda oblast"),
        "diverging": kz.choropleth(g, "grp_per_capita_index", center=100),
        "small": kz.small_multiples(kz.attach_each(panel), "unemployment_rate", by="year"),
        "units": kz.plot_units(kz.oblasts(2018)),
    }
    for name, m in made.items():
        path = tmp_path / f"{name}{ext}"
        m.save(path, dpi=50)
        assert path.read_bytes()[:5].startswith(magic), name
        assert path.stat().st_size > 10_000


def test_small_multiples_share_one_classification():
    panel = kz.panel("unemployment_rate", years=[2022, 2023, 2024, 2025], vintage=2024)
    m = kz.small_multiples(kz.attach_each(panel), "unemployment_rate", by="year", k=4)
    assert len(m.insets) == 4
    allv = panel["unemployment_rate"].to_numpy()
    # one classification of every year's values: mapclassify's quartiles, except that a class
    # holding one value of the data's 0.1 precision (4.9) is merged (issue 24)
    ref = mapclassify.Quantiles(allv[~np.isnan(allv)], k=4)
    np.testing.assert_allclose(ref.bins, [4.6, 4.8, 4.9, 5.2])
    np.testing.assert_allclose(m.classes.bins, [4.6, 4.8, 5.0, 5.2])
    assert [lab.replace("\u202f", " ") for lab in m.classes.labels][1:] == ["4.7 – 4.8 %", "4.9 – 5.0 %", "5.1 – 5.2 %"]
    # East Kazakhstan's 2023 value was dropped in the source: drawn as no data in that panel
    assert m.classes.n_missing == 1


def test_highlight_is_in_the_legend(grp):
    m = kz.choropleth(grp, "grp_per_capita", highlight=kz.oblasts(2024).iloc[[0]], highlight_label="Abai")
    assert "Abai" in [t.get_text() for t in m.legend.get_texts()]


def test_no_global_state_changes(grp, tmp_path):
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    figs = plt.get_fignums()
    m = kz.choropleth(grp, "grp_per_capita")
    m.save(tmp_path / "x.png", dpi=40)
    assert plt.get_fignums() == figs
    assert dict(matplotlib.rcParams) == before
    assert "grp_per_capita" in grp.columns and "class" not in grp.columns


def test_bad_input(grp):
    with pytest.raises(KeyError, match="no column"):
        kz.choropleth(grp, "nope")
    with pytest.raises(ValueError, match="scheme"):
        kz.choropleth(grp, "grp_per_capita", scheme="magic")
    with pytest.raises(ValueError, match="lang"):
        kz.choropleth(grp, "grp_per_capita", lang="de")
    with pytest.raises(kz.errors.CRSMismatchError):
        kz.choropleth(grp.set_crs(None, allow_override=True), "grp_per_capita")
    with pytest.raises(ValueError, match="every value is missing"):
        kz.choropleth(grp.assign(v=np.nan), "v")
    m = kz.choropleth(grp, "grp_per_capita")
    with pytest.raises(ValueError, match="format"):
        m.save("map.gif")


def test_explore_offline_and_saved(grp, tmp_path):
    m = grp.kz.explore("unemployment_rate")
    path = tmp_path / "m.html"
    m.save(str(path))
    html = path.read_text()
    assert "tile.openstreetmap" not in html  # no tile layer unless asked for
    assert "Akmola" in html and "Unemployment rate" in html and "110000000" in html
    with_tiles = grp.kz.explore("unemployment_rate", tiles="OpenStreetMap")
    assert "openstreetmap" in with_tiles.get_root().render().lower()


def test_map_repr(grp):
    m = kz.choropleth(grp, "grp_per_capita", k=4)
    assert "Quantiles, rounded k=4" in repr(m) and "20 units" in repr(m)
    assert m._repr_png_()[:4] == b"\x89PNG"


def test_drawn_shapes_are_geopandas_paths_of_the_clipped_districts():
    """The context and neighbours are drawn by kzregions' own collection builder: the same
    paths (vertices, codes: holes and every part closed) GeoSeries.plot builds, for the real
    districts clipped to a view, with no part lost and nothing drawn outside the view."""
    import geopandas as gpd
    import shapely
    from matplotlib.figure import Figure

    from kzregions._crs import CONFORMAL
    from kzregions.plotting._clip import draw, plot_in_view

    d = kz.districts(2024).to_crs(CONFORMAL)
    view = (-600_000.0, -400_000.0, 300_000.0, 350_000.0)
    geoms = shapely.clip_by_rect(d.geometry.values, *view)
    geoms = geoms[~shapely.is_empty(geoms)]
    assert shapely.get_num_interior_rings(shapely.get_parts(geoms)).sum() > 0  # holes (city districts)
    ours, theirs = Figure().add_subplot(), Figure().add_subplot()
    draw(ours, geoms, color="0.8", edgecolor="white", linewidth=0.4)
    gpd.GeoSeries(geoms).plot(ax=theirs, color="0.8", edgecolor="white", linewidth=0.4)
    (a,), (b,) = ours.collections, theirs.collections
    assert len(a.get_paths()) == len(b.get_paths()) == len(geoms)
    def key(p):  # geopandas groups Polygons and MultiPolygons: compare the sets of paths
        return p.vertices.tobytes() + p.codes.tobytes()

    assert sorted(map(key, a.get_paths())) == sorted(map(key, b.get_paths()))
    np.testing.assert_array_equal(a.get_facecolor(), b.get_facecolor())
    np.testing.assert_array_equal(a.get_edgecolor(), b.get_edgecolor())
    # lines (borders) as a line collection; a view with nothing in it draws nothing
    ax = Figure().add_subplot()
    plot_in_view(ax, d.boundary, view, color="0.2", linewidth=0.9)
    (lines,) = ax.collections
    xy = np.concatenate(lines.get_segments())
    assert xy[:, 0].min() >= view[0] - 0.05 * 900_000 and xy[:, 1].max() <= view[3] + 0.05 * 750_000
    plot_in_view(ax, d.geometry, (9e6, 9e6, 9.1e6, 9.1e6), color="red")
    assert len(ax.collections) == 1


def test_each_unit_is_filled_in_its_own_class_colour(dens):
    """The choropleth's units are one collection with one fill per unit, in the frame's order
    (a geometry that draws nothing skips its colour instead of shifting the others)."""
    import shapely
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure

    from kzregions._crs import CONFORMAL
    from kzregions.plotting._clip import draw

    m = kz.choropleth(dens, "population_start_of_year_density", legend=False, context=False, labels=False)
    units = m.ax.collections[0]
    want = [to_rgba(m.classes.colors[c]) if c >= 0 else None for c in m.classes.yb]
    assert len(units.get_paths()) == len(dens)
    got = units.get_facecolor()
    for w, g in zip(want, got):
        if w is not None:
            np.testing.assert_allclose(g, w)
    geoms = dens.to_crs(CONFORMAL).geometry.values[:3].copy()
    geoms[1] = shapely.Polygon()  # draws nothing
    ax = Figure().add_subplot()
    draw(ax, geoms, color=["red", "green", "blue"], edgecolor="none")
    np.testing.assert_allclose(ax.collections[0].get_facecolor(), [to_rgba("red"), to_rgba("blue")])
