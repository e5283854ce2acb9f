"""The atlas (issue 16): every oblast of 2024 gets a sheet, the tables print the data, the
text stays text, and matplotlib's global state is left alone."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

import kzregions as kz
from kzregions.errors import MissingColumnError

COL = "population_start_of_year"
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def gdf():
    pop = kz.panel(COL, level="district", vintage=2024, years=2023)
    return kz.attach(kz.districts(2024), pop)


@pytest.fixture(scope="module")
def full(gdf, tmp_path_factory):
    """The atlas of all 20 oblasts and cities of republican significance (2024), in English."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    path = tmp_path_factory.mktemp("atlas") / "population.pdf"
    a = kz.atlas(gdf, COL, path=path, title="Population on 1 January 2023", source="BNS", progress=False)
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
            else:
                assert r.value == v and r.text == f"{v:,.0f}"
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
            if not np.isnan(r.value):  # the printed number is the data
                assert float(r.text.replace(",", "")) == gdf.loc[gdf["kato"] == r.kato, COL].iloc[0]
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
    # Pavlodar city, 367 260 persons, in the Kazakh number format (pdftotext may print the narrow
    # no-break space as a space); the title is the indicator's in Kazakh
    assert pav.table.loc[pav.table["name"] == "Павлодар", "text"].iloc[0] == "367\u202f260"
    assert re.search(r"Павлодар\s+367[\s\u202f]260\s+7(?!\d)", txt)
    assert "2023 жылғы 1 қаңтардағы халық саны" in txt


def test_zones_of_a_programme_region(gdf, tmp_path):
    aral = kz.programme("aral_sea")
    a = kz.atlas(gdf, COL, by=aral, path=tmp_path / "aral.pdf", cover=False, progress=False)
    assert [p.key for p in a.pages] == [z for z in aral.zones
                                        if gdf["kato"].isin(aral.members.loc[aral.members["zone"] == z, "kato"]).any()]
    for p in a.pages:
        assert set(p.table["kato"]) <= set(aral.members.loc[aral.members["zone"] == p.key, "kato"])


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
    assert main(["atlas", COL, "--lang", "ru", "-q", "--only", "710000000", "-o", str(out)]) == 0
    said = capsys.readouterr()
    # the CLI speaks the language of --lang (issue 26): the summary line and the join report
    assert "обложка + 1 листов" in said.out and "2023" in said.out
    assert "711510000" in said.err and "в таблице нет строки" in said.err  # Nura, without data, named
    assert out.stat().st_size > 50_000
    if PDFTOTEXT:
        cover = _page_text(out, 1)
        assert "Численность населения на 1 января 2023 г." in cover and "Содержание" in cover
