"""QGIS styles written with the standard library: QML symbols and renderers, SLD rules, and the
GeoPackage ``layer_styles`` table, with colours given as hex, grey levels or RGBA tuples.

The part of styling that needs no matplotlib, so that a layer below the plotting package
(:meth:`kzregions.ProgrammeRegion.to_file`) writes its zones styled without importing it.
:mod:`kzregions.plotting.styles` builds the graduated renderers of classed maps on these
pieces (turning any matplotlib colour into a tuple first).
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from .errors import InvalidInputError, MissingColumnError

#: The QGIS version whose QML this module writes (read by every QGIS 3 since 3.16).
QGIS_VERSION = "3.22.16-Białowieża"
#: Outline of the units, in mm: 0.35 pt white, as on the library's maps.
OUTLINE_MM = 0.12
#: The no-data style of every map and style file: light grey under a grey 45° hatch.
NO_DATA_STYLE = {"color": (0.93, 0.93, 0.93, 1.0), "edgecolor": "0.55", "hatch": "////"}

#: ``layer_styles`` exactly as QGIS 3 creates it in a GeoPackage (through OGR).
LAYER_STYLES_SQL = (
    'CREATE TABLE IF NOT EXISTS "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
    '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
    '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), '
    "\"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)

SLD_NS = "http://www.opengis.net/sld"
SE_NS = "http://www.opengis.net/se"
OGC_NS = "http://www.opengis.net/ogc"

_NAMED = {"white": "#ffffff", "black": "#000000", "none": "#00000000", "grey": "#808080", "gray": "#808080"}


# ----------------------------------------------------------------------------- colours
def rgba_tuple(color) -> tuple[float, float, float, float]:
    """A colour as (r, g, b, a) in 0-1: from an RGB(A) tuple, ``#rgb``/``#rrggbb``/``#rrggbbaa``,
    a grey level ``"0.55"`` (matplotlib's convention) or white/black/grey/none."""
    if isinstance(color, (tuple, list)) and len(color) in (3, 4):
        r, g, b, *a = (float(c) for c in color)
        return (r, g, b, a[0] if a else 1.0)
    s = _NAMED.get(str(color).strip().lower(), str(color).strip().lower())
    if s.startswith("#") and len(s) in (4, 5, 7, 9):
        h = s[1:] if len(s) > 5 else "".join(c * 2 for c in s[1:])
        try:
            vals = [int(h[i:i + 2], 16) / 255 for i in range(0, len(h), 2)]
        except ValueError:
            vals = []
        if len(vals) in (3, 4):
            return (vals[0], vals[1], vals[2], vals[3] if len(vals) == 4 else 1.0)
    try:
        grey = float(s)
    except ValueError:
        grey = -1.0
    if 0.0 <= grey <= 1.0:
        return (grey, grey, grey, 1.0)
    raise InvalidInputError(f"colour {color!r}: give '#rrggbb', an (r, g, b[, a]) tuple of 0-1 numbers or a "
                            "grey level such as '0.55'")


def rgba(color) -> str:
    """A colour as QGIS writes it: ``r,g,b,a`` in 0-255."""
    return ",".join(str(int(round(c * 255))) for c in rgba_tuple(color))


def hex_of(color) -> str:
    """A colour as ``#rrggbb`` (alpha dropped), as SLD writes it."""
    return "#" + "".join(f"{int(round(c * 255)):02x}" for c in rgba_tuple(color)[:3])


# ----------------------------------------------------------------------------- QML pieces
def options(parent, props: dict) -> None:
    """Symbol layer properties, written both ways QGIS 3.22 writes them (``Option`` map and
    the older ``prop`` list), so that QGIS 3.10+ reads them."""
    opt = ET.SubElement(parent, "Option", type="Map")
    for k, v in props.items():
        ET.SubElement(opt, "Option", name=k, value=str(v), type="QString")
    for k, v in props.items():
        ET.SubElement(parent, "prop", k=k, v=str(v))


def fill_symbol(parent, name: str, color, outline="white", width: float = OUTLINE_MM, hatch=None):
    """A QML fill symbol: a solid fill with an outline, and the no-data hatch if ``hatch``."""
    sym = ET.SubElement(parent, "symbol", alpha="1", clip_to_extent="1", name=name, force_rhr="0", type="fill")
    layer = ET.SubElement(sym, "layer", attrib={"class": "SimpleFill", "pass": "0", "enabled": "1",
                                                "locked": "0"})
    options(layer, {"color": rgba(color), "joinstyle": "bevel", "offset": "0,0", "offset_unit": "MM",
                    "outline_color": rgba(outline), "outline_style": "solid", "outline_width": f"{width:g}",
                    "outline_width_unit": "MM", "style": "solid"})
    if hatch is not None:  # the no-data hatch: grey lines at 45°
        hl = ET.SubElement(sym, "layer", attrib={"class": "LinePatternFill", "pass": "0", "enabled": "1",
                                                 "locked": "0"})
        options(hl, {"angle": "45", "color": rgba(hatch), "distance": "1.2", "distance_unit": "MM",
                     "line_width": "0.15", "line_width_unit": "MM", "offset": "0", "offset_unit": "MM"})
        line = ET.SubElement(hl, "symbol", alpha="1", clip_to_extent="1", name=f"@{name}@1", force_rhr="0",
                             type="line")
        ll = ET.SubElement(line, "layer", attrib={"class": "SimpleLine", "pass": "0", "enabled": "1",
                                                  "locked": "0"})
        options(ll, {"capstyle": "square", "joinstyle": "bevel", "line_color": rgba(hatch),
                     "line_style": "solid", "line_width": "0.15", "line_width_unit": "MM", "offset": "0",
                     "offset_unit": "MM"})
    return sym


def document(renderer: ET.Element) -> str:
    """A whole QML document around a renderer."""
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology")
    root.append(renderer)
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    ET.SubElement(root, "layerGeometryType").text = "2"  # polygons
    ET.indent(root, "  ")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(root, encoding="unicode") + "\n"


def categorized_qml(column: str, colors: dict, *, labels: dict, missing: dict) -> str:
    """QML of a QGIS categorized renderer: one category per key of ``colors`` (in order),
    plus the ``missing`` style (``color``, ``edgecolor``, ``hatch``, ``label``) for NULL and
    any other value."""
    ren = ET.Element("renderer-v2", type="categorizedSymbol", attr=column, symbollevels="0", forceraster="0",
                     enableorderby="0", referencescale="-1")
    cats = ET.SubElement(ren, "categories")
    symbols = ET.SubElement(ren, "symbols")
    for i, (value, col) in enumerate(colors.items()):
        ET.SubElement(cats, "category", render="true", value=str(value), label=str(labels.get(value, value)),
                      symbol=str(i))
        fill_symbol(symbols, str(i), col)
    n = len(colors)
    ET.SubElement(cats, "category", render="true", value="", label=str(missing["label"]), symbol=str(n))
    fill_symbol(symbols, str(n), missing["color"], outline=missing["edgecolor"],
                hatch=missing["edgecolor"] if missing.get("hatch") else None)
    ET.SubElement(ren, "rotation")
    ET.SubElement(ren, "sizescale")
    return document(ren)


# ----------------------------------------------------------------------------- SLD pieces
def sld_rule(fts, name: str, flt, color, outline) -> None:
    """One SLD rule: a filter (or ElseFilter) and a polygon symbolizer."""
    rule = ET.SubElement(fts, f"{{{SE_NS}}}Rule")
    ET.SubElement(rule, f"{{{SE_NS}}}Name").text = name
    if flt is not None:
        rule.append(flt)
    else:
        ET.SubElement(rule, f"{{{SE_NS}}}ElseFilter")
    sym = ET.SubElement(rule, f"{{{SE_NS}}}PolygonSymbolizer")
    fill = ET.SubElement(sym, f"{{{SE_NS}}}Fill")
    ET.SubElement(fill, f"{{{SE_NS}}}SvgParameter", name="fill").text = hex_of(color)
    stroke = ET.SubElement(sym, f"{{{SE_NS}}}Stroke")
    ET.SubElement(stroke, f"{{{SE_NS}}}SvgParameter", name="stroke").text = hex_of(outline)
    ET.SubElement(stroke, f"{{{SE_NS}}}SvgParameter", name="stroke-width").text = "0.5"


def compare(op: str, column: str, value) -> ET.Element:
    """An OGC comparison of ``column`` with ``value`` (none for ``PropertyIsNull``)."""
    el = ET.Element(f"{{{OGC_NS}}}{op}")
    ET.SubElement(el, f"{{{OGC_NS}}}PropertyName").text = column
    if value is not None:
        ET.SubElement(el, f"{{{OGC_NS}}}Literal").text = str(value)
    return el


def sld_document(layer: str, rules) -> str:
    """An SLD 1.1 document for ``layer``; ``rules(fts)`` adds the rules to its FeatureTypeStyle."""
    ET.register_namespace("", SLD_NS)
    ET.register_namespace("se", SE_NS)
    ET.register_namespace("ogc", OGC_NS)
    root = ET.Element(f"{{{SLD_NS}}}StyledLayerDescriptor", version="1.1.0")
    nl = ET.SubElement(root, f"{{{SLD_NS}}}NamedLayer")
    ET.SubElement(nl, f"{{{SE_NS}}}Name").text = layer
    us = ET.SubElement(nl, f"{{{SLD_NS}}}UserStyle")
    ET.SubElement(us, f"{{{SE_NS}}}Name").text = layer
    rules(ET.SubElement(us, f"{{{SE_NS}}}FeatureTypeStyle"))
    ET.indent(root, " ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def categorized_sld(column: str, layer: str, colors: dict, *, labels: dict, missing: dict) -> str:
    """The categorized style as SLD 1.1: one rule per category, an else-rule for the rest."""
    def rules(fts) -> None:
        for value, col in colors.items():
            f = ET.Element(f"{{{OGC_NS}}}Filter")
            f.append(compare("PropertyIsEqualTo", column, value))
            sld_rule(fts, str(labels.get(value, value)), f, col, "white")
        sld_rule(fts, str(missing["label"]), None, missing["color"], missing["edgecolor"])

    return sld_document(layer, rules)


# ----------------------------------------------------------------------------- writing
def add_layer_style(path, layer: str, qml_text: str, *, sld_text: str = "", name: str | None = None,
                    description: str = "", default: bool = True) -> None:
    """Put a style for ``layer`` into the GeoPackage's ``layer_styles`` table (made as QGIS
    makes it if absent); a style of the same name for the layer is replaced, and a default
    style makes the layer's other styles non-default, as QGIS does."""
    con = sqlite3.connect(str(path))
    try:
        row = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)",
                          (layer,)).fetchone()
        if row is None:
            raise MissingColumnError(f"no layer {layer!r} with geometry in {str(path)!r}")
        geom_col = row[0]
        new = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'"
                          ).fetchone() is None
        con.execute(LAYER_STYLES_SQL)
        if new:  # register it as GDAL/QGIS do: an attributes table of the GeoPackage
            now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
            con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, last_change) "
                        "VALUES ('layer_styles', 'attributes', 'layer_styles', ?)", (now,))
        name = (name or layer)[:30]
        con.execute("DELETE FROM layer_styles WHERE f_table_name = ? AND f_geometry_column = ? AND styleName = ?",
                    (layer, geom_col, name))
        if default:
            con.execute("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ? AND f_geometry_column = ?",
                        (layer, geom_col))
        con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                    "VALUES ('', '', ?, ?, ?, ?, ?, ?, ?, '', NULL)",
                    (layer, geom_col, name, qml_text, sld_text, 1 if default else 0, description))
        con.commit()
    finally:
        con.close()


def write_categorized(path, column: str, colors: dict, *, labels: dict, missing: dict,
                      layer: str | None = None) -> Path:
    """Style a layer already written by category: a ``layer_styles`` row in a GeoPackage
    (``layer`` required), else ``<name>.qml`` beside the Shapefile or GeoJSON."""
    path = Path(path)
    q = categorized_qml(column, colors, labels=labels, missing=missing)
    if path.suffix.lower() == ".gpkg":
        if layer is None:
            raise InvalidInputError("a GeoPackage holds several layers: pass layer=")
        add_layer_style(path, layer, q, sld_text=categorized_sld(column, layer, colors, labels=labels,
                                                                 missing=missing))
        return path
    out = path.with_suffix(".qml")
    out.write_text(q, encoding="utf-8")
    return out
