"""Interactive maps for Jupyter (folium), with the classes, legend and language of the print maps."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from .._i18n import check_lang, indicator_title, name_column, text, unit_text
from ..errors import DependencyError, MissingColumnError
from .classes import check_values, classify, fmt_number, refuse_counts

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Units without a value: white under a dashed dark outline, unlike any class colour and
#: unlike the map's background (Leaflet's light grey, or tiles).
NO_DATA_STYLE = {"fillColor": "#ffffff", "fillOpacity": 0.85, "color": "#555555", "weight": 1.2,
                 "dashArray": "4 3"}


def _hex(c) -> str:
    from matplotlib.colors import to_hex

    return to_hex(c)


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from the installed ``xstatic-leaflet`` package, for pages
    that must open without a network (``explore(offline=True)``)."""
    try:
        import xstatic.pkg.leaflet as xl
    except ImportError as exc:
        raise DependencyError("explore(offline=True) inlines Leaflet from the xstatic-leaflet package, which is "
                          "not installed: pip install xstatic-leaflet (or pip install 'kzregions[offline]')"
                          ) from exc
    from pathlib import Path

    base = Path(xl.BASE_DIR)
    return (base / "leaflet.js").read_text(encoding="utf-8"), (base / "leaflet.css").read_text(encoding="utf-8")


def explore(
    gdf: gpd.GeoDataFrame,
    column: str | None = None,
    *,
    scheme: str = "auto",
    k: int = 5,
    cmap: str | None = None,
    center: float | None = None,
    classification_kwds: dict | None = None,
    lang: str = "en",
    unit: str | None = None,
    title: str | None = None,
    tiles: str | None = None,
    simplify: float | None = 0.002,
    offline: bool = False,
    **kwargs: Any,
) -> Any:
    """An interactive map (folium) with the classes and legend of the print map.

    The classes are those :func:`kzregions.choropleth` draws for the same arguments (same
    scheme, breaks, colours and legend labels); tooltips give the unit's name, the value
    rounded as in the legend with its unit, the class and the KATO code, all in ``lang``.
    Units without a value are white under a dashed outline ("No data"), unlike any class
    and unlike the background. The boundary attribution is shown in the corner.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units (EPSG:4326 or any CRS with one).
    column : str, optional
        The value to map; None draws the units with their names only.
    scheme, k, cmap, center, classification_kwds
        As in :func:`kzregions.choropleth`.
    lang : {"en", "kk", "ru"}
    unit : str, optional
        Default ``gdf.attrs["units"][column]``.
    title : str, optional
        Legend title; default the indicator's title and unit from the catalogue.
    tiles : str, optional
        No tile layer by default (the page needs no network); e.g. ``"OpenStreetMap"``.
    simplify : float, optional
        Coverage simplification in degrees (default 0.002°, about 200 m; neighbours keep
        sharing borders); None keeps every vertex.
    offline : bool
        Inline Leaflet's JavaScript and CSS (from the ``xstatic-leaflet`` package) and
        leave out folium's other CDN links, so the saved HTML opens without a network.
    **kwargs
        Passed to ``folium.Map`` (e.g. ``width``, ``height``, ``zoom_control``).

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import kzregions as kz
    >>> gdf = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    >>> m = kz.explore(gdf, "unemployment_rate", k=4, lang="kk", offline=True)
    >>> m.save("unemployment.html")  # doctest: +SKIP
    """
    import folium
    import numpy as np

    check_lang(lang)
    if gdf.crs is None:
        from ..errors import CRSMismatchError

        raise CRSMismatchError("the GeoDataFrame has no CRS: set it first (kzregions layers are EPSG:4326)")
    name = name_column(lang)
    g = gdf.to_crs("EPSG:4326")
    if simplify:
        g = g.copy()
        g["geometry"] = g.geometry.simplify_coverage(simplify)
    # everything from the data or the arguments is text, never markup: Leaflet puts tooltips,
    # the legend and the layer name into innerHTML (an <img onerror> in a name would run)
    esc = html.escape
    fields, aliases = [], []
    if name in g:
        fields.append(name)
        aliases.append(esc(text("name", lang)))
        g = g.assign(**{name: [esc(str(v)) if v == v and v is not None else "" for v in g[name]]})
    legend_html = ""
    cls_of = None
    if column is not None:
        if column not in g.columns:
            raise MissingColumnError(f"gdf has no column {column!r} (columns: {list(g.columns)})")
        ck = dict(classification_kwds or {})
        unit = unit if unit is not None else dict(getattr(gdf, "attrs", {}).get("units", {})).get(column)
        refuse_counts(column, unit, what="a classed map")
        values = check_values(g[column], column)
        cl = classify(values, scheme=scheme, k=k, bins=ck.get("bins"), center=center, cmap=cmap, lang=lang,
                      unit=unit, nice=bool(ck.get("nice", True)), column=column)
        colors = [_hex(c) for c in cl.colors]
        pct = "\u202f%" if unit and unit.strip() == "%" else ""
        u = "" if pct or not unit else f" {unit_text(unit, lang)}"
        g = g.assign(
            _value=[esc(text("no_data", lang) if np.isnan(v) else tooltip_number(v, cl.decimals, lang) + pct + u)
                    for v in values],
            _class=[esc(cl.labels[b] if b >= 0 else text("no_data", lang)) for b in cl.yb],
            _color=[colors[b] if b >= 0 else "" for b in cl.yb],
        )
        t = title or indicator_title(column, lang) or column.replace("_", " ").capitalize()
        if unit and not pct:
            t = f"{t}, {unit_text(unit, lang)}"
        fields += ["_value", "_class"]
        t = esc(t)
        aliases += [t, esc(text("class", lang))]
        rows = "".join(
            f'<div><span style="display:inline-block;width:14px;height:12px;background:{c};'
            f'border:1px solid #888;margin-right:6px"></span>{esc(lab)}</div>' for c, lab in zip(colors, cl.labels))
        if cl.n_missing:
            rows += ('<div><span style="display:inline-block;width:14px;height:12px;background:#fff;'
                     f'border:1.2px dashed #555;margin-right:6px"></span>{text("no_data", lang)}</div>')
        legend_html = (f'<div class="kz-legend" style="position:absolute;bottom:28px;right:10px;z-index:1000;'
                       f'background:rgba(255,255,255,.92);padding:6px 9px;font:12px sans-serif;'
                       f'max-width:260px"><b>{t}</b>{rows}</div>')
        cls_of = True
    if "kato" in g:
        fields.append("kato")
        aliases.append(esc(text("kato", lang)))
        g = g.assign(kato=[esc(str(v)) for v in g["kato"]])

    def style(feature):
        p = feature["properties"]
        if cls_of is None:
            return {"fillColor": "#8fb8d8", "fillOpacity": 0.5, "color": "white", "weight": 0.8}
        if not p.get("_color"):
            return dict(NO_DATA_STYLE)
        return {"fillColor": p["_color"], "fillOpacity": 0.85, "color": "white", "weight": 0.6}

    keep = [c for c in dict.fromkeys(fields + (["_color"] if cls_of else [])) if c in g] + ["geometry"]
    minx, miny, maxx, maxy = g.total_bounds
    m = folium.Map(tiles=tiles, control_scale=False, **kwargs)
    _MetricScale(text("km", lang), text("m", lang)).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    folium.GeoJson(
        g[keep].to_json(na="null"), style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, localize=False, sticky=True),
        name=t if cls_of else esc(text("name", lang)),
    ).add_to(m)
    attribution = (f'<div class="kz-attribution" style="position:absolute;bottom:2px;left:4px;z-index:1000;'
                   f'background:rgba(255,255,255,.8);padding:1px 4px;font:10px sans-serif;color:#333">'
                   f'{text("attribution", lang)}</div>')
    root: Any = m.get_root()
    root.html.add_child(folium.Element(legend_html + attribution))
    if offline:
        js, css = leaflet_assets()
        m.default_js = []
        m.default_css = []
        root.header.add_child(folium.Element(f"<style>{css}</style><script>{js}</script>"), index=0)
    return m


def tooltip_number(v: float, decimals: int, lang: str = "en", significant: int = 2) -> str:
    """A value for a tooltip: the legend's decimals, or more where they would hide the value
    (0.087 persons/km² printed as 0 would say nobody lives there): at least ``significant``
    significant digits."""
    d = int(decimals)
    if v != 0 and math.isfinite(v):
        d = max(d, min(6, significant - 1 - math.floor(math.log10(abs(v)))))
    return fmt_number(v, d, lang)


def _scale_control():
    """A Leaflet scale bar in metric units only, its unit names in the map's language, lifted
    above the attribution line at the bottom left."""
    from branca.element import MacroElement
    from jinja2 import Template

    class MetricScale(MacroElement):
        _template = Template("""
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control.scale({metric: true, imperial: false, position: "bottomleft"});
            {{ this.get_name() }}._updateMetric = function (maxMeters) {
                var meters = this._getRoundNum(maxMeters);
                var label = meters < 1000 ? meters + "\u00a0" + {{ this.m|tojson }}
                                          : (meters / 1000) + "\u00a0" + {{ this.km|tojson }};
                this._updateScale(this._mScale, label, meters / maxMeters);
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
            {{ this.get_name() }}.getContainer().style.marginBottom = "22px";
            {{ this.get_name() }}.getContainer().classList.add("kz-scale");
            {% endmacro %}
        """)

        def __init__(self, km: str, m: str):
            super().__init__()
            self._name = "KzScale"
            self.km, self.m = km, m

    return MetricScale


def _MetricScale(km: str, m: str):
    return _scale_control()(km, m)
