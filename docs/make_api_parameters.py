"""Write docs/api_parameters.md: every parameter of every public function of ``kz.__all__``,
with its one meaning, and where its annotation or default differs.

Run from the repository root: ``python docs/make_api_parameters.py``. The test
``tests/test_api_vocabulary.py`` regenerates the table and fails if the file is stale, if a
parameter name shared by two functions has no entry in :data:`MEANINGS`, or if a name is used
with two meanings (two kinds of annotation) beyond the documented :data:`HOMONYMS`.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

#: One meaning per parameter name shared by several public functions.
MEANINGS = {
    "vintage": "boundary set (2018 or 2024; statistics also 2017); None where the function infers it, and "
               "then the result says which set it used",
    "level": "administrative level: 1 or 'oblast', 2 or 'district' (None: both, where a name is resolved)",
    "column": "name of the column holding the value",
    "columns": "names of the columns used",
    "crs": "coordinate reference system (anything pyproj accepts)",
    "gdf": "the units: a GeoDataFrame with a kato column",
    "df": "a table with one row per unit (a kato column)",
    "data": "the table or points the function works on",
    "panel": "a wide panel as kz.panel gives it (kato, year, vintage and indicator columns)",
    "table": "a table of attributes with a key column",
    "units": "the units joined to or selected from (a GeoDataFrame in the kzregions schema)",
    "lang": "language of everything written: 'en', 'kk' or 'ru'",
    "start": "first year", "end": "last year", "mid": "year splitting the early and the late period",
    "year": "a year (int)", "years": "a year or a list of years",
    "path": "file path to write or read",
    "paper": "paper size of a print map: 'A4' or 'A3'",
    "title": "title of a map", "subtitle": "subtitle of a map", "source": "source line of a map",
    "unit": "unit of measure of the mapped value",
    "scheme": "classification scheme (mapclassify name, or 'auto')", "k": "number of classes",
    "cmap": "matplotlib colour map", "center": "value a diverging classification is centred on",
    "legend_kwds": "legend options, as in geopandas", "classification_kwds": "classification options, as in geopandas",
    "missing_kwds": "style of units without a value, as in geopandas",
    "context": "draw neighbouring countries and seas", "legend": "draw the legend",
    "by": "column (or programme) whose values make the groups, panels or pages",
    "population": "column of population figures", "indicator": "name of an indicator",
    "growth": "what growth is measured of",
    "thresholds": "the typology's Thresholds", "weights": "weights: a column of weights, or per component",
    "nodata": "raster value meaning no data", "outline": "outline drawn over the units",
    "classes": "a Classes classification", "labels": "labels: drawn, or given per class/category",
    "values": "the values worked on", "method": "how the function computes (named choices)",
    "threshold": "a threshold value", "insets": "insets of the city areas", "kind": "kind (named choices)",
    "oblast": "an oblast name or code that settles a district name", "district": "a district name or code",
    "name": "a name", "description": "free text describing the output", "decimals": "decimals printed",
    "bins": "class upper bounds", "seed": "random seed", "km": "distance in km", "points": "point locations",
    "raster": "a raster (path or kz.Raster)", "resolution": "raster cell size in metres",
    "all_touched": "count every cell a zone touches", "progress": "show progress",
    "x": "column of x coordinates (longitude)", "y": "column of y coordinates (latitude)",
    "predicate": "spatial predicate of the join", "names": "names (indicators, or settlement names)",
    "per_capita": "per-capita values", "version": "version of the source", "key": "key column",
    "from_vintage": "boundary set carried from", "to_vintage": "boundary set carried to",
    "images": "page images written beside the PDF", "colors": "colours of the categories",
    "goalposts": "minimum and maximum of each component", "ax": "matplotlib axes to draw on",
    "categories": "categories, in legend order", "spatial": "spatial (whether, or the spatial result)",
    "transform": "affine transform of a raster", "deprecated": "kzregions 0.1 keywords, one release",
    "query": "the value looked up", "kato": "KATO code", "oblast_kato": "KATO of the oblast",
    "matched_on": "how a name matched", "params": "the arguments used", "stats": "statistics computed",
    "zones": "zones (polygons)", "region": "a region (ProgrammeRegion or polygons)", "layer": "GeoPackage layer",
    "groups": "column of group keys", "sex": "SDG disaggregation by sex",
    "rule": "a rule over the units' attributes (a pandas query expression)",
    "n_regions": "number of regions to form",
}

#: Names that still carry a second meaning somewhere: {name: {function: that meaning}}. The
#: vocabulary test fails when a new one appears; an entry goes when its function is renamed.
HOMONYMS = {
    "growth": {"derive": "(indicator, start year, end year): add a growth-rate column"},
    "per_capita": {"real_growth": "bool: per person instead of the total"},
    "year": {"convergence": "the name of the year column", "shift_share": "the name of the year column"},
    "unit": {"convergence": "the name of the column of unit keys"},
    "table": {"sector_table": "the name of a shipped sector table ('gva', 'employment')"},
    "labels": {"plot_units": "bool: label the units", "choropleth": "'auto' or bool: label the units",
               "categorical_map": "'auto' or bool: label the units"},
    "weights": {"composite_index": "dict: weight of each component"},
    "rule": {"regionalize": "contiguity rule: 'queen' or 'rook'"},
    "resolution": {"functional_regions": "Louvain resolution (above 1: more, smaller communities)"},
    "values": {"aggregate": "dict: {column: how it is aggregated ('sum', 'mean', ...)}"},
    "method": {},
    "spatial": {},
    "insets": {},
}


def _callables():
    import kzregions as kz

    for name in sorted(kz.__all__):
        try:
            obj = getattr(kz, name)
        except ImportError:  # an export whose module is not there: test_docstrings reports it
            continue
        if inspect.isclass(obj) or not callable(obj):
            continue  # result classes: their fields are attributes, not parameters a caller passes
        yield name, obj


def _category(annotation: str) -> str:
    """The kind of value an annotation says: frame, int, str, bool, dict, tuple, float, ... (or '?')."""
    a = annotation.replace("typing.", "")
    for cat, pat in (("frame", r"DataFrame"), ("bool", r"\bbool\b"), ("dict", r"\bdict\b"), ("tuple", r"\btuple\b"),
                     ("int", r"\bint\b"), ("float", r"\bfloat\b"), ("str", r"\bstr\b|Path")):
        if re.search(pat, a):
            return cat
    return "?"


def collect() -> dict[str, list[tuple[str, str, str, str]]]:
    """{parameter: [(function, annotation, default, kind), ...]} over kz.__all__."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for fname, fn in _callables():
        for p in inspect.signature(fn).parameters.values():
            ann = "" if p.annotation is p.empty else str(p.annotation).replace("typing.", "")
            default = "" if p.default is p.empty else repr(p.default)
            kind = {"POSITIONAL_OR_KEYWORD": "positional", "KEYWORD_ONLY": "keyword", "VAR_POSITIONAL": "*args",
                    "VAR_KEYWORD": "**kwargs", "POSITIONAL_ONLY": "positional"}[p.kind.name]
            out.setdefault(p.name, []).append((fname, ann, default, kind))
    return out


def conflicts(table=None) -> list[str]:
    """Names used with two kinds of value (annotations) beyond :data:`HOMONYMS`, and shared
    names without a meaning."""
    table = table or collect()
    bad = []
    for name, uses in sorted(table.items()):
        if len(uses) > 1 and name not in MEANINGS:
            bad.append(f"{name}: used by {[u[0] for u in uses]} but has no entry in MEANINGS")
        own = [u for u in uses if u[0] not in HOMONYMS.get(name, {})]
        kinds = {_category(u[1]) for u in own} - {"?"}
        if len(kinds) > 1:
            bad.append(f"{name}: {sorted(kinds)} in " + ", ".join(f"{u[0]} ({u[1]})" for u in own))
    for name, fns in HOMONYMS.items():
        for f in fns:
            if not any(u[0] == f for u in table.get(name, [])):
                bad.append(f"{name}: HOMONYMS lists {f}, which no longer takes it: remove the entry")
    return bad


def markdown(table=None) -> str:
    table = table or collect()
    lines = ["# Parameters of the public API", "",
             "Generated by `docs/make_api_parameters.py` from the signatures of `kz.__all__` (do not edit).",
             "One meaning per name; the second meanings still in the API are listed under it.", "",
             "| parameter | meaning | functions (default) |", "| --- | --- | --- |"]
    for name, uses in sorted(table.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        fns = ", ".join(f"`{f}`" + (f" ({d})" if d else "") for f, _, d, _ in uses)
        meaning = MEANINGS.get(name, "")
        for f, other in HOMONYMS.get(name, {}).items():
            meaning += f"; **in `{f}`**: {other}"
        lines.append(f"| `{name}` | {meaning.replace('|', '/')} | {fns.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    (here / "api_parameters.md").write_text(markdown(), encoding="utf-8")
    for c in conflicts():
        print(c)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
