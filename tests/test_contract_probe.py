"""Regressions of the probe behind issue 21: bounded work, names that never guess, inputs that
clash with outputs, values not checked, years and breakdowns, files and paths."""

from __future__ import annotations

import random
import time

import pytest

import kzregions as kz
from kzregions import _namekeys as nk
from kzregions import errors
from kzregions._nameindex import name_index


# ----------------------------------------------------------------------------- bounded work
def test_text_arguments_over_the_limit_are_refused_before_any_work():
    kz.resolve("Астана")  # imports and indexes loaded: what is timed below is the refusal
    t0 = time.perf_counter()
    with pytest.raises(errors.InvalidArgumentError, match=r"name=.*5,000,004 characters") as e:
        kz.resolve("Астана" * 833_334)
    assert time.perf_counter() - t0 < 0.5
    assert e.value.argument == "name" and len(str(e.value)) < 400  # the value is shortened
    with pytest.raises(errors.InvalidArgumentError, match="rule="):
        kz.select(kz.oblasts(), "x" * 10_000)
    with pytest.raises(ValueError, match="pid="):  # a built-in a caller already catches
        kz.programme(pid="a" * 5000)


def test_one_oversized_cell_is_reported_for_that_cell():
    r = kz.resolve_many(["Астана", "x" * 1000, "Aral", None])
    assert r.table["status"].tolist() == ["ok", "invalid", "ok", "unknown"]
    assert r.kato.tolist()[:1] == ["710000000"]
    assert "1,000 characters" in r.table["detail"].iloc[1]
    assert len(r.unresolved) == 2


# ----------------------------------------------------------------------------- names never guess
def test_short_spellings_match_letter_for_letter_only():
    # the latin key folds doubled letters and "ie": for a short name that is a guess
    for junk in ("сщү", "шелі", "ссшу"):
        with pytest.raises(errors.UnknownRegionError):
            kz.resolve(junk)
    # the real spellings still resolve, in every script
    for name, kato in (("Шу", "316600000"), ("Shu", "316600000"), ("Шиелі", "435200000"),
                       ("Shieli", "435200000"), ("Aqsu", None), ("Май", "555600000")):
        m = kz.resolve(name, level=2) if kato else None
        if kato:
            assert m.kato == kato, name


def test_random_short_mixed_script_strings_resolve_to_nothing():
    """100,000 random strings of 2-8 letters from Latin, Cyrillic, Kazakh letters, digits and
    punctuation. A random string that is letter for letter a unit's name ("шу" is Shu) may
    resolve, and must resolve to that unit; anything else must resolve to nothing.

    All 100,000 are screened through the index (every way a key can hit a unit); those that
    hit, plus 2,000 of the others, go through resolve_many (the fuzzy tier included)."""
    rng = random.Random(21)
    alphabet = ("abcdefghijklmnopqrstuvwxyz" "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
                "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯӘҒҚҢӨҰҮҺІ" "0123456789 -.'()")
    queries = list(dict.fromkeys("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 8)))
                                 for _ in range(100_000)))
    idx = name_index()
    t0 = time.perf_counter()
    hit, rest = [], []
    for q in queries:
        key = nk.parse(q).key
        lat = nk.latin(key) if key else ""
        touches = key and (key in idx.by_key or key in idx.alias or lat in idx.by_latin
                           or key.translate(nk.KK_TO_RU) in idx.by_kkfold or lat in idx.by_stem
                           or key in idx.by_gen or lat in idx.by_surname)
        (hit if touches else rest).append(q)
    screened = time.perf_counter() - t0
    sample = hit + rng.sample(rest, 2000)
    res = kz.resolve_many(sample).table
    ok = res[res["status"] == "ok"]
    letters = {}
    for i, u in enumerate(idx.units):
        letters.setdefault(u.kato, set()).update(idx.letters_of.get(i, ()))
    exact = {"name", "kazakh letters", "historic name"}
    guesses = [(q, k, how) for q, k, how in zip(ok["query"], ok["kato"], ok["matched_on"])
               if how not in exact and nk.letters(nk.parse(q).key) not in letters.get(k, set())]
    assert not guesses, guesses[:20]
    assert len(ok) < 0.001 * len(queries), ok[["query", "name_en", "matched_on"]].to_string()
    assert screened < 20


# ----------------------------------------------------------------------------- outputs over inputs
def test_assign_refuses_input_columns_it_would_overwrite():
    pts = kz.centres(2024)[["name_en", "geometry"]].assign(oblast_kato="mine")
    with pytest.raises(errors.ColumnConflictError, match="oblast_kato"):
        kz.assign(pts, level=2)
    with pytest.raises(ValueError, match="name_en"):  # name= of the unit column: same rule
        kz.assign(pts, level=1, name="name_en")
    out = kz.assign(pts, level=1)  # level 1 writes no oblast_kato: the input's column is kept
    assert (out["oblast_kato"] == "mine").all() and out["kato"].notna().all()
    region = kz.programme("aral_sea")
    with pytest.raises(errors.ColumnConflictError, match="zone"):
        kz.assign(pts.drop(columns="oblast_kato").assign(zone=1), level=None, regions=region)


@pytest.fixture(scope="module")
def growth_panel():
    return kz.panel("grp_per_capita", "poverty", "population", years=[2010, 2016, 2022], vintage=2024)


def test_criteria_typology_clashes_and_unchecked_values(growth_panel):
    kw = dict(start=2010, end=2022, vintage=2024)
    with pytest.raises(errors.ColumnConflictError, match="'type'"):
        kz.criteria_typology(growth_panel.assign(type=1.0), [("type", ">=", 0, "typed")], **kw)
    with pytest.raises(errors.InvalidArgumentError, match="share the label 'low'"):
        kz.criteria_typology(growth_panel, [("level_index", "<", 80, "low"), ("density", "<", 5, "low")], **kw)
    with pytest.raises(errors.InvalidArgumentError, match="threshold=nan"):
        kz.Criterion("level_index", "<", float("nan"), "low")
    with pytest.raises(errors.InvalidInputError, match="criteria="):
        kz.criteria_typology(growth_panel, [None], **kw)
    # two criteria on one panel column are fine (the column is copied once)
    t = kz.criteria_typology(growth_panel, [("poverty_below_subsistence_minimum", ">=", 6, "high poverty"),
                                            ("poverty_below_subsistence_minimum", "<", 2, "low poverty")], **kw)
    assert t.table["profile"].isin(["none", "high poverty", "low poverty"]).all()


def test_composite_index_refuses_values_it_cannot_use():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 4.0, np.inf]})
    with pytest.raises(errors.InvalidArgumentError, match="'b' holds 1 infinite"):
        kz.composite_index(df, ["a", "b"])
    with pytest.raises(errors.InvalidArgumentError, match="twice"):
        kz.composite_index(df, ["a", "a"])
    with pytest.raises(errors.InvalidArgumentError, match=r"goalposts\['a'\]"):
        kz.composite_index(df, ["a"], goalposts={"a": (np.nan, 5)})
    with pytest.raises(errors.InvalidArgumentError, match="weight of 0"):
        kz.composite_index(df, ["a"], weights={"a": 0})
    assert kz.composite_index(df, ["a"]).values.tolist() == [0.0, 0.5, 1.0]


def test_aggregate_does_not_sum_text_as_missing():
    pts = kz.centres(2024)[["name_en", "geometry"]].copy()
    pts["staff"] = ["1,200"] + ["5"] * (len(pts) - 1)
    with pytest.raises(errors.InvalidArgumentError, match=r"values\['staff'\].*'1,200'"):
        kz.aggregate(pts, level=2, values={"staff": "sum"})
    assert kz.aggregate(pts, level=2, values={"staff": "count"})["staff_count"].sum() == len(pts)
    pts["staff"] = ["1200"] + ["5"] * (len(pts) - 1)
    assert kz.aggregate(pts, level=2, values={"staff": "sum"})["staff_sum"].sum() == 1200 + 5 * (len(pts) - 1)


def test_hdi_of_a_fractional_year():
    with pytest.raises(errors.InvalidArgumentError, match="year=2018.5"):
        kz.hdi(2018.5)


# ----------------------------------------------------------------------------- years and breakdowns
def test_years_errors_list_what_exists():
    assert set(kz.panel("population", years="2022")["year"]) == {2022}  # one year, not 2, 0, 2, 2
    with pytest.raises(errors.MissingDataError, match=r"years=2030.*years with values: 20\d\d-20\d\d"):
        kz.panel("population", years=2030)
    with pytest.raises(KeyError):  # MissingDataError is a KeyError too
        kz.panel("population", years=[1900, 1901])
    for bad in (float("nan"), "1,200", [2020, None]):
        with pytest.raises(errors.InvalidArgumentError, match="years="):
            kz.panel("population", years=bad)
    with pytest.raises(errors.MissingDataError, match="sex='X'.*choose one of"):
        kz.panel("sdg:8.5.2", sex="X")
    with pytest.raises(errors.MissingDataError, match="years=1900.*years with values"):
        kz.sdg_places("sdg:11.6.2", years=1900)


# ----------------------------------------------------------------------------- files
def test_point_files_errors_name_the_file_and_the_problem(tmp_path):
    import pandas as pd

    pts = kz.centres(2024)[["name_en", "geometry"]]
    (tmp_path / "mixed").mkdir()
    pts.to_parquet(tmp_path / "mixed" / "a.parquet")
    pts.assign(extra=1).to_parquet(tmp_path / "mixed" / "b.parquet")
    (tmp_path / "empty.parquet").write_bytes(b"")
    whole = (tmp_path / "mixed" / "a.parquet").read_bytes()
    (tmp_path / "trunc.parquet").write_bytes(whole[: len(whole) // 2])
    pts.to_file(tmp_path / "p.geojson", driver="GeoJSON")
    pd.DataFrame({"id": [1], "geometry": ["POINT (71 51)"]}).to_csv(tmp_path / "wkt.csv", index=False)
    (tmp_path / "bad.csv").write_bytes(b"lon,lat\n71,51\n\xff\xfe\x00garbage,\"unclosed\n")
    cases = {"mixed": "b.parquet has other columns", "empty.parquet": "empty", "trunc.parquet": "not a readable Parquet",
             "p.geojson": "geopandas.read_file", "wkt.csv": "geometry as text"}
    for name, what in cases.items():
        with pytest.raises(errors.FileFormatError, match=what) as e:
            kz.assign(str(tmp_path / name), level=2)
        assert name.split(".")[0] in str(e.value)
    with pytest.raises(errors.MissingFileError):
        kz.assign(str(tmp_path / "nothing-here.parquet"), level=2)
    with pytest.raises(errors.InvalidInputError, match="no file path"):
        kz.aggregate([1, 2], level=2)


# ----------------------------------------------------------------------------- GeoPackage and paths
def test_geopackage_names_and_stale_styles(tmp_path):
    import sqlite3

    gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023))
    gdf['rate "x"'] = gdf["unemployment_rate"]
    classes = kz.classify(gdf['rate "x"'], k=3)
    path = tmp_path / "a.gpkg"
    kz.to_gpkg(gdf, path, "oblasts", style=classes, column='rate "x"')
    import xml.etree.ElementTree as ET

    qml = sqlite3.connect(path).execute("SELECT styleQML FROM layer_styles").fetchone()[0]
    attr = ET.fromstring(qml.split("\n", 1)[1]).find(".//renderer-v2").get("attr")
    assert '"rate ""x"""' in attr  # the field quoted as QGIS reads it (inner quotes doubled)
    kz.to_gpkg(gdf, path, "oblasts")  # replaced without a style: the old style goes with it
    assert sqlite3.connect(path).execute("SELECT count(*) FROM layer_styles").fetchone()[0] == 0
    for layer, what in (("layer_styles", "keeps for itself"), ("gpkg_contents", "keeps for itself"),
                        ("", "give the layer a name"), ("Oblasts", "ignore case")):
        with pytest.raises(errors.InvalidArgumentError, match=what):
            kz.to_gpkg(gdf, path, layer)
    (tmp_path / "not.gpkg").write_text("hello")
    with pytest.raises(errors.FileFormatError, match="not a GeoPackage"):
        kz.to_gpkg(gdf, tmp_path / "not.gpkg", "x")


def test_paths_whose_parent_is_a_file_or_cannot_be_written(tmp_path):
    import os

    gdf = kz.oblasts(2024)
    (tmp_path / "file").write_text("x")
    below_a_file = tmp_path / "file" / "sub"
    with pytest.raises(errors.PathError, match="is a file, not a folder"):
        kz.to_parquet(gdf, below_a_file / "x.parquet")
    with pytest.raises(errors.PathError, match="is a file, not a folder"):
        kz.to_gpkg(gdf, below_a_file / "x.gpkg", "oblasts")
    with pytest.raises(OSError, match="is a file, not a folder"):  # PathError is an OSError
        kz.rasterize(gdf.assign(v=1.0), "v", below_a_file / "x.tif", 10000)
    with pytest.raises(errors.PathError, match="is a folder"):
        kz.to_parquet(gdf, tmp_path)
    assert kz.to_parquet(gdf, tmp_path / "new" / "x.parquet").is_file()  # missing folders are made
    if os.geteuid() != 0:  # root writes anywhere: the read-only case needs a plain user
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        with pytest.raises(errors.PathError, match="permission denied"):
            kz.to_parquet(gdf, ro / "x.parquet")


def test_cli_wrong_year_is_one_line_exit_2(capsys, tmp_path):
    from kzregions.cli import main

    assert main(["map", "grp_per_capita", "--year", "1900", "-o", str(tmp_path / "m.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "1900" in err and "years:" in err
    (tmp_path / "f").write_text("x")
    assert main(["map", "-o", str(tmp_path / "f" / "m.png")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err


def test_dependency_failures_caused_by_input_are_ours():
    obl = kz.oblasts(2024)
    with pytest.raises(errors.InvalidArgumentError, match="title=.*half of a UTF-16 pair"):  # FreeType
        kz.plot_units(obl, title="ab\ud800")
    g = kz.attach(obl, kz.panel("unemployment_rate", years=2023))
    with pytest.raises(errors.InvalidArgumentError, match="permutations=-1"):  # numpy, esda
        kz.spatial_autocorrelation(g, "unemployment_rate", permutations=-1)
    with pytest.raises(errors.InvalidArgumentError, match="seed=-1"):
        kz.spatial_autocorrelation(g, "unemployment_rate", seed=-1)
    with pytest.raises(errors.InvalidArgumentError, match="crs='no such crs'"):  # pyproj
        kz.choropleth(g, "unemployment_rate", crs="no such crs")
    with pytest.raises(errors.InvalidArgumentError, match="dpi=0"):
        kz.plot_units(obl).save("x.png", dpi=0)
