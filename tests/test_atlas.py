"""The atlas (issue 16): every oblast of 2024 gets a sheet, the tables print the data, the
text stays text, and matplotlib's global state is left alone."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

import kzregions as kz
from kzregions.errors import ExtensiveVariableError, MissingColumnError

COUNT = "population_start_of_year"
COL = "population_start_of_year_density"  # persons per km²: a count is no choropleth (issue 24 item 6)
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def gdf():
    pop = kz.panel(COUNT, level="district", vintage=2024, years=2023)
    return kz.derive(kz.attach(kz.districts(2024), pop), density=COUNT)


@pytest.fixture(scope="module")
def full(gdf, tmp_path_factory):
    """The atlas of all 20 oblasts and cities of republican significance (2024), in English."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    path = tmp_path_factory.mktemp("atlas") / "density.pdf"
    a = kz.atlas(gdf, COL, path=path, title="Population density on 1 January 2023", source="BNS", progress=False)
    assert dict(matplotlib.rcParams) == before  # fonttype 42 only inside the writing
    return a


def _page_text(path, n):
    return subprocess.run([PDFTOTEXT, "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_every_oblast_and_city_has_a_sheet(full):
    obl = kz.oblasts(2024)
    assert [p.key for p in full.pages] == sorted(obl["kato"])
    assert len(full) == 21 and [p.number for p in full.pages] == list(range(2, 22))
    names = dict(zip(obl["kato"], obl["name_en"]))
    for p in full.pages:
        assert names[p.key] in p.name
    data = full.path.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 21
    # the cities of republican significance are sheets of their city districts
    astana = next(p for p in full.pages if p.key == "710000000")
    assert astana.name == "Astana" and len(astana.table) == 5


def test_tables_hold_the_data_and_the_national_rank(full, gdf):
    values = dict(zip(gdf["kato"], gdf[COL].astype(float)))
    ranked = gdf[COL].dropna().sort_values(ascending=False)
    assert full.pages[0].table.columns.tolist() == ["kato", "name", "value", "rank", "class", "text"]
    n_rows = 0
    for p in full.pages:
        t = p.table
        n_rows += len(t)
        for r in t.itertuples():
            v = values[r.kato]
            if np.isnan(v):
                assert np.isnan(r.value) and np.isnan(r.rank) and r.text == "\u2013"
            else:  # the printed number is the value, rounded to the decimals printed
                d = len(r.text.split(".")[1]) if "." in r.text else 0
                assert r.value == v and float(r.text.replace(",", "")) == pytest.approx(round(v, d), abs=1e-9)
                assert r.rank == 1 + int((ranked > v).sum())
    assert n_rows == len(gdf) == 224
    top = min(full.pages, key=lambda p: p.table["rank"].min())
    assert top.table["value"].iloc[0] == gdf[COL].max()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed")
def test_the_pdf_prints_every_value_and_rank(full, gdf):
    for p in full.pages:
        txt = _page_text(full.path, p.number)
        assert p.name in txt and f"Page {p.number} of 21" in txt
        for r in p.table.itertuples():
            rank = "\u2013" if np.isnan(r.rank) else str(int(r.rank))
            assert re.search(rf"{re.escape(r.name)}\s+{re.escape(r.text)}\s+{rank}(?![\d,])", txt), \
                (p.name, r.name, r.text, rank)
            if not np.isnan(r.value):  # the printed number is the data (persons per km², rounded as printed)
                d = len(r.text.split(".")[1]) if "." in r.text else 0
                v = gdf.loc[gdf["kato"] == r.kato, COL].iloc[0]
                assert float(r.text.replace(",", "")) == pytest.approx(round(v, d), abs=1e-9)
    cover = _page_text(full.path, 1)
    assert "Contents" in cover and all(p.name in cover for p in full.pages)


def test_text_stays_text_and_pages_fit_the_oblast_shape(full):
    data = full.path.read_bytes()
    assert b"/FontFile2" in data and b"/Type3" not in data  # TrueType (fonttype 42), no glyph outlines
    orient = {p.key: p.orientation for p in full.pages}
    assert orient["470000000"] == "landscape"  # Mangystau: tall
    assert orient["590000000"] == "portrait"  # North Kazakhstan: wide
    assert {p.paper for p in full.pages} == {"A4"}


def test_one_national_classification(full):
    nat = full.classes
    assert sum(nat.counts) + nat.n_missing == 224
    for p in full.pages:
        assert list(p.classes.bins) == list(nat.bins) and p.classes.colors == nat.colors
        assert sum(p.classes.counts) + p.classes.n_missing == len(p.table)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed")
def test_kazakh_pages_per_page_classes_and_images(gdf, tmp_path):
    a = kz.atlas(gdf, COL, path=tmp_path / "kk.pdf", lang="kk", only=["550000000", "Shymkent"], per_page=True,
                 images="png", dpi=40, progress=False)
    assert [p.key for p in a.pages] == ["550000000", "790000000"]
    assert [p.name for p in a.pages] == ["Павлодар облысы", "Шымкент"]
    assert [x.name for x in a.images] == ["page-01-cover.png", "page-02-55-pavlodar.png",
                                          "page-03-79-shymkent.png"]
    pav = a.pages[0]
    assert sum(pav.classes.counts) == 13 and pav.classes.lower == pav.table["value"].min()
    txt = _page_text(tmp_path / "kk.pdf", 2)
    assert "Павлодар облысы" in txt and "3 беттің 2-беті" in txt
    # Pavlodar city: 367 260 persons on its km², printed as a density in the Kazakh number format
    # (decimal comma), ranked in the country; the title is the indicator's in Kazakh
    city = gdf.set_index("kato").loc["551000000"]
    assert city[COUNT] == 367260 and city[COL] == pytest.approx(367260 / city["area_km2"])
    row = pav.table.set_index("kato").loc["551000000"]
    assert row["text"] == f"{city[COL]:.2f}".replace(".", ",")
    assert row["rank"] == 1 + int((gdf[COL] > city[COL]).sum())
    assert re.search(rf"Павлодар\s+{row['text']}\s+{int(row['rank'])}(?!\d)", txt)
    assert "2023 жылғы 1 қаңтардағы халық тығыздығы" in txt


def test_zones_of_a_programme_region(gdf, tmp_path):
    aral = kz.programme("aral_sea")
    a = kz.atlas(gdf, COL, by=aral, path=tmp_path / "aral.pdf", cover=False, progress=False)
    assert [p.key for p in a.pages] == [z for z in aral.zones
                                        if gdf["kato"].isin(aral.members.loc[aral.members["zone"] == z, "kato"]).any()]
    for p in a.pages:
        assert set(p.table["kato"]) <= set(aral.members.loc[aral.members["zone"] == p.key, "kato"])


def test_a_count_is_refused_as_in_choropleth(gdf, tmp_path):
    # issue 24 item 6: the atlas's colours would show how large each district is
    with pytest.raises(ExtensiveVariableError, match="density") as e:
        kz.atlas(gdf, COUNT, path=tmp_path / "x.pdf", progress=False)
    assert isinstance(e.value, ValueError) and "per-capita" in str(e.value)
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(ExtensiveVariableError):  # the same rule as choropleth
        kz.choropleth(gdf, COUNT)
    # classes= given is a deliberate choice (a classification of another map reused), as in choropleth
    a = kz.atlas(gdf, COUNT, classes=kz.classify(gdf[COUNT], k=5), path=tmp_path / "c.pdf", only=["710000000"],
                 cover=False, progress=False)
    assert a.pages[0].table["value"].sum() == gdf.loc[gdf["oblast_kato"] == "710000000", COUNT].sum()


def test_bad_input_is_named(gdf, tmp_path):
    with pytest.raises(MissingColumnError, match="'nope'"):
        kz.atlas(gdf, "nope", path=tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="x.png"):
        kz.atlas(gdf, COL, path=tmp_path / "x.png")
    with pytest.raises(ValueError, match="A5"):
        kz.atlas(gdf, COL, path=tmp_path / "x.pdf", paper="A5")
    with pytest.raises(ValueError, match="Atlantis"):
        kz.atlas(gdf, COL, path=tmp_path / "x.pdf", only=["Atlantis"])
    with pytest.raises(MissingColumnError, match="'region'"):
        kz.atlas(gdf, COL, path=tmp_path / "x.pdf", by="region")


def test_cli_atlas(tmp_path, capsys):
    from kzregions.cli import main

    out = tmp_path / "ru.pdf"
    # a count asked for: the CLI maps its density and says so (a count is no choropleth)
    assert main(["atlas", COUNT, "--lang", "ru", "-q", "--only", "710000000", "-o", str(out)]) == 0
    said = capsys.readouterr()
    # the command line speaks --lang (issue 26)
    assert "обложка + 1 лист (" in said.out and "2023" in said.out
    assert "Нуринский" in said.err  # the join report names the units without data
    assert "KATO classifier" not in said.err  # Sauran's row: the reason in Russian too
    assert "плотность (чел./км²)" in said.err
    assert out.stat().st_size > 50_000
    if PDFTOTEXT:
        cover = _page_text(out, 1)
        assert "Плотность населения на 1 января 2023 г." in cover and "Содержание" in cover
    # with no indicator, the default is the population density too
    out2 = tmp_path / "default.pdf"
    assert main(["atlas", "-q", "--only", "710000000", "-o", str(out2)]) == 0
    said = capsys.readouterr()
    assert "cover + 1 sheet (" in said.out and "its density (persons per km²)" in said.err
    if PDFTOTEXT:
        assert "Population density on 1 January" in _page_text(out2, 1)


# ----------------------------------------------------------------------------- issue 24: sheets as printed
DENSITY = "population_start_of_year_density"
SHEETS = {"110000000": "akmola", "430000000": "kyzylorda", "100000000": "abay"}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The cover and the Akmola, Kyzylorda and Abai sheets in Kazakh and Russian, with the
    figures as drawn (read off on their way into the PDF)."""
    from kzregions.plotting import atlas as atlas_module

    pop = kz.panel(COUNT, level="district", vintage=2024, years=2023)
    dens = kz.derive(kz.attach(kz.districts(2024), pop), density=COUNT)
    out = {}
    for lang in ("kk", "ru"):
        figs: list = []
        emit = atlas_module._emit

        def keep(fig, *args, _figs=figs, _emit=emit, **kw):
            _figs.append(fig)
            return _emit(fig, *args, **kw)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(atlas_module, "_emit", keep)
            mp.setattr(atlas_module, "_release", lambda fig: None)  # the pages are read below
            a = kz.atlas(dens, DENSITY, path=tmp_path_factory.mktemp(lang) / "a.pdf", lang=lang,
                         only=list(SHEETS), progress=False)
        out[lang] = (a, figs)
    return out


def _drawn_texts(fig):
    """Every text drawn on the page (the axis labels of axes drawn without axes left out)."""
    from matplotlib.text import Text

    hidden = {id(lab) for ax in fig.axes if not ax.axison for lab in (ax.xaxis.label, ax.yaxis.label)}
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_gid() != "halo"
            and id(t) not in hidden]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_sheets_name_their_neighbours_water_and_countries(drawn, lang):
    from kzregions._i18n import context_name
    from kzregions.plotting._furniture import SEA_COLOR

    a, figs = drawn[lang]
    obl = dict(zip(kz.oblasts(2024)["kato"], kz.oblasts(2024)[f"name_{lang}"]))
    want = {"akmola": ["390000000", "550000000", "590000000", "350000000", "710000000", "tengiz"],
            "kyzylorda": ["150000000", "620000000", "610000000", "aral", "UZB"],
            "abay": ["550000000", "330000000", "630000000", "350000000", "zaysan", "alakol", "balkhash", "RUS",
                     "CHN"]}
    for page, fig in zip(a.pages, figs[1:]):
        ax = fig.axes[0]
        texts = [t for t in ax.texts if t.get_gid() != "halo"]
        said = {re.sub(r"-\n", "-", t.get_text()).replace("\n", " ") for t in texts}  # line breaks undone
        for key in want[SHEETS[page.key]]:
            name = obl.get(key) or context_name(key, lang)
            assert name in said, (page.key, name, sorted(said))
        # every name wholly inside the map frame, and the neighbours' names above the lakes
        renderer = fig._get_renderer()
        frame = ax.get_window_extent(renderer)
        for t in texts:
            bb = t.get_window_extent(renderer)
            assert frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1, t
        lakes = [c.get_zorder() for c in ax.collections
                 if len(c.get_facecolor()) and np.allclose(c.get_facecolor()[0][:3],
                                                          tuple(int(SEA_COLOR[i:i + 2], 16) / 255 for i in (1, 3, 5)))]
        neighbours = [t for t in texts if re.sub(r"-\n", "-", t.get_text()).replace("\n", " ")
                      in {obl[k] for k in want[SHEETS[page.key]] if k in obl}]
        assert lakes and neighbours and min(t.get_zorder() for t in neighbours) > max(lakes)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_text_lies_inside_the_page(drawn, lang):
    a, figs = drawn[lang]
    assert {p.orientation for p in a.pages} == {"portrait", "landscape"}
    for fig in figs:
        renderer = fig._get_renderer()
        page = fig.bbox
        for t in _drawn_texts(fig):
            bb = t.get_window_extent(renderer)
            assert page.x0 <= bb.x0 and bb.x1 <= page.x1 and page.y0 <= bb.y0 and bb.y1 <= page.y1, \
                (fig.texts[0].get_text(), t.get_text()[:60], bb.extents, page.extents)


def test_headings_start_with_a_capital_and_the_cover_counts_in_words(drawn):
    from kzregions._i18n import count_phrase

    ru, ru_figs = drawn["ru"]
    abai = next(p for p in ru.pages if p.key == "100000000")
    assert abai.name == "Область Абай"  # the classifier's «область Абай», as a heading
    assert kz.oblasts(2024).set_index("kato").loc["100000000", "name_ru"] == "область Абай"  # data unchanged
    assert ru_figs[1].texts[0].get_text() == "Область Абай"
    assert ru_figs[0].texts[1].get_text().startswith("Атлас областей: 3 листа ·")
    kk, kk_figs = drawn["kk"]
    assert kk_figs[0].texts[1].get_text().startswith("Облыстар атласы: 3 парақ ·")
    forms = {n: count_phrase("sheets", n, "ru") for n in (1, 2, 4, 5, 11, 12, 14, 20, 21, 22, 25, 101, 111, 112)}
    assert forms == {1: "1 лист", 2: "2 листа", 4: "4 листа", 5: "5 листов", 11: "11 листов", 12: "12 листов",
                     14: "14 листов", 20: "20 листов", 21: "21 лист", 22: "22 листа", 25: "25 листов",
                     101: "101 лист", 111: "111 листов", 112: "112 листов"}
    assert [count_phrase("sheets", n, "en") for n in (1, 3)] == ["1 sheet", "3 sheets"]
    assert count_phrase("sheets", 1, "kk") == "1 парақ" and count_phrase("sheets", 21, "kk") == "21 парақ"


def test_only_resolves_every_entry_or_names_those_it_cannot(gdf, tmp_path):
    from kzregions.errors import InvalidArgumentError

    # the library's resolver knows "Abai" and "Turkistan" (English names "Abay", "Turkestan")
    a = kz.atlas(gdf, COL, path=tmp_path / "two.pdf", only=["Abai", "Turkistan", "710000000"], cover=False,
                 progress=False)
    assert [p.key for p in a.pages] == ["100000000", "610000000", "710000000"]
    # one entry that matches nothing is not dropped while the others match: every one is named
    with pytest.raises(InvalidArgumentError) as err:
        kz.atlas(gdf, COL, path=tmp_path / "x.pdf", only=["Abai", "Nowhere", "Akmolla", "Atlantis"])
    msg = str(err.value)
    assert "3 of 4 entries" in msg and all(f"'{w}'" in msg for w in ("Nowhere", "Akmolla", "Atlantis"))
    assert "'Abai'" not in msg and "Akmola" in msg  # the closest name offered for the typo
    # a real oblast without a sheet in this frame is named as such
    akm = gdf[gdf["oblast_kato"] == "110000000"]
    with pytest.raises(InvalidArgumentError, match=r"'Kostanay'.*no sheet"):
        kz.atlas(akm, COL, path=tmp_path / "y.pdf", only=["Akmola", "Kostanay"])


def test_pdf_compression_is_set_only_where_the_user_has_not_chosen():
    import matplotlib

    from kzregions.plotting import atlas as atlas_module

    assert matplotlib.rcParams["pdf.compression"] == matplotlib.rcParamsDefault["pdf.compression"] == 6
    assert atlas_module._compression() == atlas_module.PDF_COMPRESSION == 4
    for level in (0, 1, 9):
        with matplotlib.rc_context({"pdf.compression": level}):
            assert atlas_module._compression() == level


def test_older_objects_are_frozen_only_while_drawing_and_a_users_freeze_is_kept():
    import gc

    from kzregions.plotting._canvas import older_objects_frozen

    assert gc.get_freeze_count() == 0
    with older_objects_frozen():
        assert gc.get_freeze_count() > 1000  # the session's objects, out of full collections
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), older_objects_frozen():
        raise RuntimeError("a page failed")
    assert gc.get_freeze_count() == 0  # put back on an error too
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        with older_objects_frozen():
            assert gc.get_freeze_count() == mine
        assert gc.get_freeze_count() == mine  # someone else's freeze is not undone
    finally:
        gc.unfreeze()


def test_table_colour_chips_follow_the_rows(drawn):
    """Each table row's chip is its unit's class colour, in the order of the printed table
    (the chips are one collection on the page, the stripes another)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_rgba

    a, figs = drawn["ru"]
    for page, fig in zip(a.pages, figs[1:]):
        chips = [c for c in fig.artists if isinstance(c, PolyCollection) and c.get_gid() == "table-chips"]
        assert len(chips) == 1
        want = [to_rgba(page.classes.colors[c]) if c >= 0 else None for c in page.table["class"]]
        got = chips[0].get_facecolor()
        assert len(got) == len(page.table) == len(chips[0].get_paths())
        for w, g in zip(want, got):
            if w is not None:
                np.testing.assert_allclose(g, w)
