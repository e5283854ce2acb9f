"""Layers that open styled in QGIS (issue 16): the GeoPackage's layer_styles row holds a QML
renderer with the map's breaks, colours, labels and no-data style; zones of a programme
region are styled; GeoParquet keeps the CRS. If a Python with PyQGIS is at hand (Debian:
apt-get install python3-qgis qgis-providers), QGIS itself opens the file headless."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzregions as kz
from kzregions.errors import CRSMismatchError, MissingColumnError
from kzregions.plotting import styles

COL = "population_start_of_year"
QGIS_COLUMNS = ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"]
READ_STYLE = Path(__file__).parent / "qgis" / "read_style.py"


def _qgis_env():
    # a clean environment: this process has pointed PROJ/GDAL at the wheels' data files
    # (PROJ_DATA, GDAL_DATA), which the system QGIS must not read
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    return {**keep, "QT_QPA_PLATFORM": "offscreen"}


def _qgis_python():
    """A Python that can import PyQGIS: $KZREGIONS_QGIS_PYTHON or the system python3."""
    for exe in (os.environ.get("KZREGIONS_QGIS_PYTHON"), "/usr/bin/python3"):
        if exe and Path(exe).is_file():
            ok = subprocess.run([exe, "-c", "import qgis.core"], capture_output=True, env=_qgis_env())
            if ok.returncode == 0:
                return exe
    return None


QGIS_PYTHON = _qgis_python()


@pytest.fixture(scope="module")
def gdf():
    pop = kz.panel(COL, level="district", vintage=2024, years=2023)
    return kz.attach(kz.districts(2024), pop)


@pytest.fixture(scope="module")
def styled(gdf, tmp_path_factory):
    # a count is no choropleth (issue 24), but its classes still style a layer for QGIS: whole
    # numbers, classed as printed
    cl = kz.classify(gdf[COL], scheme="fisher_jenks", k=5, lang="ru")
    path = tmp_path_factory.mktemp("gpkg") / "population.gpkg"
    kz.to_gpkg(gdf, path, "districts", style=cl, column=COL, lang="ru")
    return path, SimpleNamespace(classes=cl)


def _rgba(s: str):
    return tuple(int(x) for x in s.split(","))


def _mpl255(c):
    from matplotlib.colors import to_rgba

    return tuple(int(round(x * 255)) for x in to_rgba(c))


def _props(layer_el):
    return {o.get("name"): o.get("value") for o in layer_el.find("Option").findall("Option")}


def parse_graduated(qml: str) -> dict:
    """Read a graduated renderer back from QML: ranges with colours and the no-data symbol."""
    root = ET.fromstring(qml.split("\n", 1)[1])  # after the DOCTYPE line
    ren = root.find("renderer-v2")
    symbols = {s.get("name"): s for s in ren.find("symbols").findall("symbol")}
    out = {"type": ren.get("type"), "attr": ren.get("attr"), "ranges": []}
    for r in ren.find("ranges").findall("range"):
        sym = symbols[r.get("symbol")]
        layers = sym.findall("layer")
        out["ranges"].append({"lower": float(r.get("lower")), "upper": float(r.get("upper")),
                              "label": r.get("label"), "fill": _rgba(_props(layers[0])["color"]),
                              "layers": [lay.get("class") for lay in layers], "props": _props(layers[-1])})
    return out


def test_layer_styles_table_is_qgis_s(styled):
    path, _ = styled
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(layer_styles)")]
    assert cols == QGIS_COLUMNS
    assert con.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone() == \
        ("attributes",)
    rows = con.execute("SELECT f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
                       "useAsDefault, owner FROM layer_styles").fetchall()
    geom = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'districts'").fetchone()[0]
    assert rows == [("", "", "districts", geom, "districts", 1, "")]


def test_qml_has_the_map_s_breaks_colours_labels_and_no_data(styled, gdf):
    path, m = styled
    qml, sld = sqlite3.connect(path).execute("SELECT styleQML, styleSLD FROM layer_styles").fetchone()
    g = parse_graduated(qml)
    cl = m.classes
    assert g["type"] == "graduatedSymbol"
    assert g["attr"] == (f'coalesce(clamp({float(cl.lower)!r}, round("{COL}", {cl.decimals}), '
                         f'{float(cl.bins[-1])!r}), -1e+308)')  # as the map classes it
    classes, nodata = g["ranges"][:-1], g["ranges"][-1]
    assert [r["upper"] for r in classes] == [float(b) for b in cl.bins]
    assert [r["lower"] for r in classes] == [cl.lower] + [float(b) for b in cl.bins[:-1]]
    assert cl.lower == gdf[COL].min() and cl.bins[-1] == gdf[COL].max()
    assert [r["label"] for r in classes] == cl.labels and " " in cl.labels[-1]  # Russian number format
    assert [r["fill"] for r in classes] == [_mpl255(c) for c in cl.colors]
    assert nodata["label"] == "Нет данных" and nodata["lower"] == nodata["upper"] == -1e308
    assert nodata["layers"] == ["SimpleFill", "LinePatternFill"] and nodata["props"]["angle"] == "45"
    assert nodata["fill"] == _mpl255(styles._missing(None, "ru")["color"])
    # the SLD says the same on the plain column, NULL for no data
    assert sld.count("<se:Rule>") == len(cl.bins) + 1 and "PropertyIsNull" in sld and COL in sld


def _qgis_classes(qml: str, values) -> list[int]:
    """QGIS's rule: the renderer's expression, then the first range whose [lower, upper] holds it."""
    import re

    g = parse_graduated(qml)
    # whole numbers are classed as printed (round to the labels' decimals); measured values,
    # whose labels are contiguous, by their own value
    m = re.fullmatch(r'coalesce\(clamp\(([^,]+), (?:round\("[^"]+", (\d+)\)|"[^"]+"), ([^)]+)\), -1e\+308\)',
                     g["attr"])
    assert m, g["attr"]
    lo, hi = float(m.group(1)), float(m.group(3))
    d = int(m.group(2)) if m.group(2) is not None else None
    out = []
    for v in values:
        v = -1e308 if v != v else min(max(round(float(v), d) if d is not None else float(v), lo), hi)
        out.append(next(i for i, r in enumerate(g["ranges"]) if r["lower"] <= v <= r["upper"]))
    return out


def test_every_unit_falls_in_its_map_class_under_the_qml_ranges(styled, gdf):
    path, m = styled
    qml = sqlite3.connect(path).execute("SELECT styleQML FROM layer_styles").fetchone()[0]
    n = len(m.classes.bins)
    assert _qgis_classes(qml, gdf[COL]) == [c if c >= 0 else n for c in m.classes.yb]


def test_qgis_classes_fractional_values_as_the_map_does():
    # district density: contiguous classes ("2 - 5", "5 - 10"); 5.499 sits in "5 - 10" on the
    # map and QGIS must put it there too
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district")),
                  density="population_start_of_year")
    col = "population_start_of_year_density"
    m = kz.choropleth(d, col)
    qml = styles.graduated_qml(m.classes, col)
    n = len(m.classes.bins)
    assert _qgis_classes(qml, d[col]) == [c if c >= 0 else n for c in m.classes.yb]


@pytest.mark.skipif(QGIS_PYTHON is None, reason="no Python with PyQGIS (apt-get install python3-qgis qgis-providers)")
def test_qgis_opens_the_layer_styled(styled, gdf):
    path, m = styled
    out = subprocess.run([QGIS_PYTHON, str(READ_STYLE), str(path), "districts", "kato"], capture_output=True,
                         text=True, env=_qgis_env(), timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["valid"] and got["features"] == 224 and got["type"] == "graduatedSymbol"
    assert [r["label"] for r in got["ranges"]] == m.classes.labels + ["Нет данных"]
    assert [r["upper"] for r in got["ranges"][:-1]] == pytest.approx([float(b) for b in m.classes.bins])
    from matplotlib.colors import to_hex

    want = [to_hex(c) for c in m.classes.colors]
    nodata = to_hex(styles._missing(None, "ru")["color"])
    for kato, cls in zip(gdf["kato"], m.classes.yb):  # QGIS draws each unit in its map colour
        assert got["feature_colors"][kato] == (want[cls] if cls >= 0 else nodata), kato
    assert sum(c == nodata for c in got["feature_colors"].values()) == int(gdf[COL].isna().sum()) == 5


def test_a_classes_or_a_category_dict_also_style_and_bad_style_is_named(gdf, tmp_path):
    cl = kz.classify(gdf[COL], scheme="quantiles", k=4)
    kz.to_gpkg(gdf, tmp_path / "a.gpkg", "d", style=cl, column=COL, style_name="quartiles")
    styles.style_file(tmp_path / "a.gpkg", cl, column=COL, layer="d", name="again")  # a second style, same data
    con = sqlite3.connect(tmp_path / "a.gpkg")
    assert con.execute("SELECT styleName, useAsDefault FROM layer_styles ORDER BY id").fetchall() == \
        [("quartiles", 0), ("again", 1)]  # one default, as QGIS keeps it
    con.close()
    # rewriting the layer drops its old styles (issue 21: they classed the old data)
    kz.to_gpkg(gdf, tmp_path / "a.gpkg", "d", style=cl, column=COL, style_name="rewritten")
    con = sqlite3.connect(tmp_path / "a.gpkg")
    assert con.execute("SELECT styleName, useAsDefault FROM layer_styles ORDER BY id").fetchall() == \
        [("rewritten", 1)]
    with pytest.raises(TypeError, match="column="):
        kz.to_gpkg(gdf, tmp_path / "b.gpkg", "d", style=cl)
    with pytest.raises(MissingColumnError, match="'nope'"):
        kz.to_gpkg(gdf, tmp_path / "b.gpkg", "d", style=cl, column="nope")
    with pytest.raises(ValueError, match="b.shp"):
        kz.to_gpkg(gdf, tmp_path / "b.shp", "d")
    with pytest.raises(CRSMismatchError):
        kz.to_gpkg(gdf.set_crs(None, allow_override=True), tmp_path / "b.gpkg", "d")


@pytest.mark.parametrize("ext", [".gpkg", ".geojson", ".shp"])
def test_programme_zones_are_written_styled(ext, tmp_path):
    aral = kz.programme("aral_sea")
    path = tmp_path / f"aral{ext}"
    aral.to_file(path)
    if ext == ".gpkg":
        qml = sqlite3.connect(path).execute(
            "SELECT styleQML FROM layer_styles WHERE f_table_name = 'zones' AND useAsDefault").fetchone()[0]
    else:
        qml = path.with_suffix(".qml").read_text(encoding="utf-8")
    ren = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert ren.get("type") == "categorizedSymbol" and ren.get("attr") == "zone"
    cats = [c.get("value") for c in ren.find("categories").findall("category")]
    assert cats == aral.zones + [""]  # every zone, then NULL / anything else as no data


@pytest.mark.skipif(QGIS_PYTHON is None, reason="no Python with PyQGIS")
def test_qgis_opens_programme_zones_styled(tmp_path):
    aral = kz.programme("aral_sea")
    aral.to_file(tmp_path / "aral.gpkg")
    out = subprocess.run([QGIS_PYTHON, str(READ_STYLE), str(tmp_path / "aral.gpkg"), "zones", "zone"],
                         capture_output=True, text=True, env=_qgis_env(),
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["valid"] and got["type"] == "categorizedSymbol"
    from matplotlib.colors import to_hex

    want = {z: to_hex(c) for z, c in styles.category_colors(aral.zones).items()}
    assert got["feature_colors"] == want


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=60).filter(lambda v: len(set(v)) > 1),
       st.integers(2, 7), st.sampled_from(["en", "kk", "ru"]))
def test_qml_round_trips_any_classification(values, k, lang):
    cl = kz.classify(np.array(values + [np.nan]), scheme="equal_interval", k=k, lang=lang)
    g = parse_graduated(styles.graduated_qml(cl, "v", lang=lang))
    assert [r["upper"] for r in g["ranges"][:-1]] == [float(b) for b in cl.bins]
    assert [r["label"] for r in g["ranges"][:-1]] == cl.labels
    assert [r["fill"] for r in g["ranges"][:-1]] == [_mpl255(c) for c in cl.colors]
    assert g["ranges"][-1]["label"] == styles._missing(None, lang)["label"]


def test_geoparquet_keeps_the_crs_and_the_values(gdf, tmp_path):
    import geopandas as gpd
    import pyarrow.parquet as pq

    path = kz.to_parquet(gdf, tmp_path / "d.parquet")
    back = gpd.read_parquet(path)
    assert back.crs == gdf.crs and back.crs.to_epsg() == 4326
    assert back["kato"].tolist() == gdf["kato"].tolist()
    assert np.array_equal(back[COL].to_numpy(dtype=float), gdf[COL].to_numpy(dtype=float), equal_nan=True)
    assert back.geometry.geom_equals_exact(gdf.geometry, 0).all()
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    assert geo["version"] == "1.1.0" and "covering" in geo["columns"]["geometry"]
    with pytest.raises(CRSMismatchError):
        kz.to_parquet(gdf.set_crs(None, allow_override=True), tmp_path / "x.parquet")
    with pytest.raises(ValueError, match="x.csv"):
        kz.to_parquet(gdf, tmp_path / "x.csv")
