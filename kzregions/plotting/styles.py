"""QGIS styles for the layers kzregions writes, so that they open in QGIS as the library drew them.

A classed map becomes a QGIS *graduated* renderer (one range per class: the same breaks,
colours and legend labels) and a map of categories a *categorized* renderer; units without
a value get the library's no-data style (light grey under a grey 45° hatch). The style is
written as QML, QGIS's own format:

- into a GeoPackage, as a row of the ``layer_styles`` table that QGIS reads and writes
  (created with the same columns as QGIS 3 creates it), marked as the layer's default, so
  the layer opens styled;
- beside a Shapefile or GeoJSON, as ``<name>.qml``, which QGIS loads as the default style of
  a file layer.

An SLD 1.1 rendering of the same rules goes into ``styleSLD`` for other tools.

Units without a value: a graduated renderer only draws features whose value falls in a range,
and NULL falls in none. The renderer therefore classifies ``coalesce("column", -1e308)`` and
holds one extra range at -1e308 labelled "No data" (listed last, as in the library's legend).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import _qml as q
from .._palette import category_colors as category_colors_of
from .._qml import LAYER_STYLES_SQL, OUTLINE_MM, QGIS_VERSION, add_layer_style  # noqa: F401  (kept public here)
from .._validate import writable_path
from ..errors import CRSMismatchError, InvalidArgumentError, InvalidInputError, MissingColumnError
from .classes import Classes

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: The value units without data are classified at (see the module docstring).
NO_DATA_VALUE = -1e308

#: mapclassify scheme -> QGIS classification method id (what the Graduated dialog shows).
_METHODS = {"Quantiles": "Quantile", "EqualInterval": "EqualInterval", "FisherJenks": "Jenks",
            "NaturalBreaks": "Jenks", "JenksCaspall": "Jenks", "StdMean": "StdDev", "UserDefined": "Custom"}


# ----------------------------------------------------------------------------- colours
def _tuple(color):
    """Any matplotlib colour as an RGBA tuple, for the matplotlib-free writers of :mod:`kzregions._qml`."""
    from matplotlib.colors import to_rgba

    return to_rgba(color)


def _rgba(color) -> str:
    """A matplotlib colour as QGIS writes it: ``r,g,b,a`` in 0-255."""
    return q.rgba(_tuple(color))


def _hex(color) -> str:
    return q.hex_of(_tuple(color))


def category_colors(values) -> dict:
    """Category -> colour as :func:`kzregions.categorical_map` draws it (fixed colours of the
    categories kzregions writes, Okabe-Ito for others), in the map's legend order."""
    return category_colors_of(values)


def category_labels(values, lang: str = "en") -> dict:
    """Category -> its legend label in ``lang``, as :func:`kzregions.categorical_map` prints it."""
    from .._i18n import category

    return {c: str(category(c, lang)) for c in dict.fromkeys(v for v in values if v is not None and v == v)}


# ----------------------------------------------------------------------------- QML pieces
def _fill_symbol(parent, name: str, color, outline="white", width: float = OUTLINE_MM, hatch: Any = None):
    return q.fill_symbol(parent, name, _tuple(color), _tuple(outline), width, None if hatch is None else _tuple(hatch))


_document = q.document


def _missing(missing_kwds: dict | None, lang: str) -> dict:
    from ._furniture import missing_style

    return missing_style(missing_kwds, lang)


def graduated_qml(classes: Classes, column: str, *, lang: str = "en", missing_kwds: dict | None = None) -> str:
    """QML of a QGIS graduated renderer with the classes' breaks, colours and labels.

    Parameters
    ----------
    classes : Classes
        E.g. ``kz.choropleth(...).classes`` or :func:`kzregions.classify`.
    column : str
        The attribute classified.
    lang : {"en", "kk", "ru"}
        Language of the "No data" label.
    missing_kwds : dict, optional
        The no-data style (``color``, ``edgecolor``, ``hatch``, ``label``) as on the map.

    Returns
    -------
    str
        A QML document (``<!DOCTYPE qgis ...>``).
    """
    miss = _missing(missing_kwds, lang)
    # the map classes each value as its legend prints it (rounded to the labels' decimals), so
    # that no unit sits in a class whose printed range does not hold it; QGIS must do the same
    # (clamped to the classes' ends: 0.0867 rounds to 0, below the first range's 0.0867)
    field = '"' + column.replace('"', '""') + '"'  # a QGIS field name: double quotes inside doubled
    rounded = field if classes.contiguous else f'round({field}, {int(classes.decimals)})'
    value = f'clamp({float(classes.lower)!r}, {rounded}, {float(classes.bins[-1])!r})'
    ren = ET.Element("renderer-v2", type="graduatedSymbol", attr=f"coalesce({value}, {NO_DATA_VALUE:g})",
                     graduatedMethod="GraduatedColor", symbollevels="0", forceraster="0", enableorderby="0",
                     referencescale="-1")
    ranges = ET.SubElement(ren, "ranges")
    symbols = ET.SubElement(ren, "symbols")
    lo = float(classes.lower)
    for i, (hi, lab, col) in enumerate(zip(classes.bins, classes.labels, classes.colors)):
        ET.SubElement(ranges, "range", render="true", lower=repr(lo), upper=repr(float(hi)), label=str(lab),
                      symbol=str(i))
        _fill_symbol(symbols, str(i), col)
        lo = float(hi)
    n = len(classes.bins)
    ET.SubElement(ranges, "range", render="true", lower=repr(NO_DATA_VALUE), upper=repr(NO_DATA_VALUE),
                  label=str(miss["label"]), symbol=str(n))
    _fill_symbol(symbols, str(n), miss["color"], outline=miss["edgecolor"],
                 hatch=miss["edgecolor"] if miss.get("hatch") else None)
    scheme = classes.scheme.split()[1] if classes.scheme.startswith("diverging") else classes.scheme
    method = ET.SubElement(ren, "classificationMethod", id=_METHODS.get(scheme, "Custom"))
    ET.SubElement(method, "symmetricMode", symmetrypoint="0", astride="0", enabled="0")
    ET.SubElement(method, "labelFormat", format="%1 - %2", labelprecision="4", trimtrailingzeroes="1")
    ET.SubElement(ren, "rotation")
    ET.SubElement(ren, "sizescale")
    return _document(ren)


def categorized_qml(column: str, colors: dict, *, labels: dict | None = None, lang: str = "en",
                    missing_kwds: dict | None = None) -> str:
    """QML of a QGIS categorized renderer: one category per key of ``colors`` (in order),
    plus the no-data style for NULL and any other value."""
    miss = _missing(missing_kwds, lang)
    return q.categorized_qml(column, {k: _tuple(c) for k, c in colors.items()}, labels=labels or {},
                             missing={**miss, "color": _tuple(miss["color"]), "edgecolor": _tuple(miss["edgecolor"])})


# ----------------------------------------------------------------------------- SLD
_SLD, _SE, _OGC = q.SLD_NS, q.SE_NS, q.OGC_NS
_cmp = q.compare


def _sld_rule(fts, name: str, flt, color, outline):
    q.sld_rule(fts, name, flt, _tuple(color), _tuple(outline))


def sld(style: Any, column: str, layer: str, *, lang: str = "en", missing_kwds: dict | None = None,
        labels: dict | None = None) -> str:
    """The same style as SLD 1.1 (rules on the plain column; NULL by ``PropertyIsNull``)."""
    ET.register_namespace("", _SLD)
    ET.register_namespace("se", _SE)
    ET.register_namespace("ogc", _OGC)
    miss = _missing(missing_kwds, lang)
    root = ET.Element(f"{{{_SLD}}}StyledLayerDescriptor", version="1.1.0")
    nl = ET.SubElement(root, f"{{{_SLD}}}NamedLayer")
    ET.SubElement(nl, f"{{{_SE}}}Name").text = layer
    us = ET.SubElement(nl, f"{{{_SLD}}}UserStyle")
    ET.SubElement(us, f"{{{_SE}}}Name").text = layer
    fts = ET.SubElement(us, f"{{{_SE}}}FeatureTypeStyle")
    if isinstance(style, Classes):
        lo = float(style.lower)
        for i, (hi, lab, col) in enumerate(zip(style.bins, style.labels, style.colors)):
            f = ET.Element(f"{{{_OGC}}}Filter")
            both = ET.SubElement(f, f"{{{_OGC}}}And")
            both.append(_cmp("PropertyIsGreaterThanOrEqualTo" if i == 0 else "PropertyIsGreaterThan", column, lo))
            both.append(_cmp("PropertyIsLessThanOrEqualTo", column, float(hi)))
            _sld_rule(fts, str(lab), f, col, "white")
            lo = float(hi)
        f = ET.Element(f"{{{_OGC}}}Filter")
        f.append(_cmp("PropertyIsNull", column, None))
        _sld_rule(fts, str(miss["label"]), f, miss["color"], miss["edgecolor"])
    else:
        labels = labels or category_labels(style, lang)
        for value, col in style.items():
            f = ET.Element(f"{{{_OGC}}}Filter")
            f.append(_cmp("PropertyIsEqualTo", column, value))
            _sld_rule(fts, str(labels.get(value, value)), f, col, "white")
        _sld_rule(fts, str(miss["label"]), None, miss["color"], miss["edgecolor"])
    ET.indent(root, " ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ----------------------------------------------------------------------------- dispatch
def resolve_style(style: Any, column: str | None) -> tuple[Any, str]:
    """(Classes or {category: colour}, column) from a Map, a Classes or a dict."""
    classes = getattr(style, "classes", None)
    if classes is not None:  # a Map
        return classes, column or style.column
    if isinstance(style, Classes):
        if column is None:
            raise InvalidInputError("style is a Classes: also pass column= (the attribute it classifies)")
        return style, column
    if isinstance(style, dict):
        if column is None:
            raise InvalidInputError("style is a {category: colour} dict: also pass column=")
        return style, column
    if hasattr(style, "fig") and getattr(style, "categories", None):  # a categorical Map
        return dict(style.categories), column or style.column
    if hasattr(style, "fig") and getattr(style, "classes", None) is None:
        raise InvalidInputError("this Map has no classes (a map of units): pass "
                        "style={category: colour} and column=")
    raise InvalidInputError(f"style={type(style).__name__}: use a Map, a Classes or a {{category: colour}} dict")


def qml(style: Any, column: str | None = None, *, lang: str = "en", missing_kwds: dict | None = None,
        labels: dict | None = None) -> str:
    """QML for a Map, a Classes (graduated) or a ``{category: colour}`` dict (categorized;
    ``labels``: category -> legend label, default the category translated into ``lang``)."""
    st, col = resolve_style(style, column)
    if isinstance(st, Classes):
        return graduated_qml(st, col, lang=lang, missing_kwds=missing_kwds)
    return categorized_qml(col, st, labels=labels or category_labels(st, lang), lang=lang,
                           missing_kwds=missing_kwds)


# ----------------------------------------------------------------------------- writing
def style_file(path, style: Any, *, column: str | None = None, layer: str | None = None, lang: str = "en",
               missing_kwds: dict | None = None, name: str | None = None, description: str = "",
               labels: dict | None = None) -> Path:
    """Style a layer already written: a ``layer_styles`` row in a GeoPackage (``layer``
    required), else ``<name>.qml`` beside the Shapefile or GeoJSON. Returns where it went."""
    path = Path(path)
    st, col = resolve_style(style, column)
    q = qml(st, col, lang=lang, missing_kwds=missing_kwds, labels=labels)
    if path.suffix.lower() == ".gpkg":
        if layer is None:
            raise InvalidInputError("a GeoPackage holds several layers: pass layer=")
        add_layer_style(path, layer, q, sld_text=sld(st, col, layer, lang=lang, missing_kwds=missing_kwds,
                                                     labels=labels),
                        name=name, description=description)
        return path
    out = path.with_suffix(".qml")
    out.write_text(q, encoding="utf-8")
    return out


def _prepare_layer(path: Path, layer: str, styled: bool) -> None:
    """Refuse a layer name the GeoPackage reserves, one that differs from an existing layer
    only in case (GeoPackage names ignore case), or an empty one. A layer replaced without a
    style loses its old styles (QGIS would draw the new data with the old default classes);
    with a style, the old ones stay as alternatives and the new one becomes the default."""
    import sqlite3

    from ..errors import FileFormatError

    low = layer.strip().lower()
    if not low:
        raise InvalidArgumentError(f"layer={layer!r}: give the layer a name, e.g. layer='oblasts'")
    if low == "layer_styles" or low.startswith(("gpkg_", "rtree_", "sqlite_")):
        raise InvalidArgumentError(f"layer={layer!r} is a name the GeoPackage keeps for itself "
                                   f"({'the QGIS styles' if low == 'layer_styles' else 'its metadata'}): choose another")
    if not path.exists():
        return
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        same = [n for n in names if n.lower() == low and n != layer]
        if same:
            raise InvalidArgumentError(f"layer={layer!r}: {str(path)!r} has a layer {same[0]!r}, and GeoPackage "
                                       f"layer names ignore case: pass layer={same[0]!r} to replace it, or another name")
        # the layer is rewritten: its old styles may classify columns or values it no longer has
        if "layer_styles" in names and layer in names:
            con.execute("DELETE FROM layer_styles WHERE lower(f_table_name) = ?", (low,))
            con.commit()
    except sqlite3.DatabaseError as exc:
        raise FileFormatError(f"{path}: not a GeoPackage ({exc}); choose another file name") from exc
    finally:
        con.close()


def to_gpkg(
    gdf: gpd.GeoDataFrame,
    path: str | Path,
    layer: str,
    *,
    style: Any = None,
    column: str | None = None,
    lang: str = "en",
    missing_kwds: dict | None = None,
    style_name: str | None = None,
    description: str = "",
) -> Path:
    """Write a layer into a GeoPackage, styled for QGIS as the library's map.

    The layer is written with its CRS (kzregions layers are EPSG:4326); other layers in the
    file are kept and a layer of the same name is replaced. With ``style``, a QML renderer
    (graduated for classes, categorized for a ``{category: colour}`` dict) goes into the
    file's ``layer_styles`` table as the layer's default style: QGIS opens the layer with the
    same breaks, colours, labels and no-data style as the map.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer (must have a CRS).
    path : str or Path
        The GeoPackage (``.gpkg``), created if absent.
    layer : str
        Layer (table) name.
    style : Map, Classes or dict, optional
        A map from :func:`kzregions.choropleth` (its classes and column) or from
        :func:`kzregions.categorical_map` (its colours, labels translated into ``lang``), a
        :class:`~kzregions.Classes` (with ``column``), or ``{category: colour}`` (with ``column``).
    column : str, optional
        The attribute the style classifies (default the map's column).
    lang : {"en", "kk", "ru"}
        Language of the "No data" label.
    missing_kwds : dict, optional
        The no-data style, if the map used one of its own.
    style_name, description : str, optional
        Name (QGIS keeps 30 characters; default the layer name) and description of the style.

    Returns
    -------
    Path

    Examples
    --------
    >>> import kzregions as kz
    >>> gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023))
    >>> m = kz.choropleth(gdf, "unemployment_rate", scheme="fisher_jenks", k=4)  # doctest: +SKIP
    >>> kz.to_gpkg(gdf, "unemployment.gpkg", "oblasts", style=m)  # doctest: +SKIP
    """
    path = writable_path("path", path)
    if path.suffix.lower() != ".gpkg":
        raise InvalidArgumentError(f"path={str(path)!r}: a GeoPackage is named '*.gpkg'")
    if gdf.crs is None:
        raise CRSMismatchError("the GeoDataFrame has no CRS: set it first (kzregions layers are EPSG:4326)")
    st = col = None
    if style is not None:
        st, col = resolve_style(style, column)
        if col not in gdf.columns:
            raise MissingColumnError(f"the style classifies {col!r}, which is not a column of the layer "
                                     f"(columns: {list(gdf.columns)})")
    _prepare_layer(path, layer, styled=st is not None)
    gdf.to_file(path, layer=layer, driver="GPKG")
    if st is not None:
        style_file(path, st, column=col, layer=layer, lang=lang, missing_kwds=missing_kwds, name=style_name,
                   description=description or "kzregions")
    return path
