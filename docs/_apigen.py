"""Write the generated pages of the API reference from the package itself.

Called by ``conf.py`` on every build: the reference lists exactly ``kz.__all__`` (grouped by
the module that defines each name), the errors of ``kzregions.errors`` with the built-in each
one also is, and every ``SOURCES-*.md`` shipped with the data. Nothing here lists a name by hand.
"""

from __future__ import annotations

import inspect
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: the heading of each defining module's group, in reading order (modules not named here
#: come after, under their own name)
GROUPS = {
    "boundaries": "Boundaries",
    "_schema": "Boundary sets",
    "names": "Names",
    "matches": "Names",
    "settlements": "Settlements",
    "stats": "Statistics",
    "join": "Joining tables",
    "vintages": "Between boundary sets",
    "catalogue": "Programme regions",
    "regions": "Programme regions",
    "delineation": "Programme regions",
    "disparities": "Inequality and convergence",
    "spatial": "Spatial autocorrelation",
    "analysis": "Typology",
    "development": "Development indices",
    "rasters": "Rasters",
    "zonal": "Rasters",
    "points": "Points",
    "samples": "Points",
    "export": "Export",
    "plotting.maps": "Maps",
    "plotting.multiples": "Maps",
    "plotting.classes": "Maps",
    "plotting.explore": "Maps",
    "plotting.symbols": "Maps",
    "plotting.atlas": "Atlas and QGIS",
    "plotting.styles": "Atlas and QGIS",
    "specialisation": "Specialisation, growth and dynamics",
    "shiftshare": "Specialisation, growth and dynamics",
    "growth": "Specialisation, growth and dynamics",
    "dynamics": "Specialisation, growth and dynamics",
    "lagging": "Specialisation, growth and dynamics",
    "homogeneous": "Building regions",
    "regionalization": "Building regions",
    "catchment": "Building regions",
    "functional": "Building regions",
}


def _title(text: str, ch: str = "=") -> str:
    return f"{text}\n{ch * len(text)}\n"


def api_page(kz, broken: list[str]) -> str:
    groups: dict[str, list[str]] = {}
    other = []
    for name in kz.__all__:
        module = kz._LAZY.get(name)
        try:
            obj = getattr(kz, name) if module else None
        except (ImportError, AttributeError) as exc:  # a public name that does not import: say so
            broken.append(f"kz.{name} (module {module}): {exc}")
            continue
        if module is None or not (inspect.isclass(obj) or callable(obj)):
            other.append(name)
            continue
        head = GROUPS.get(module, module.replace("_", " ").strip().capitalize())
        groups.setdefault(head, []).append(name)
    order = list(dict.fromkeys([*GROUPS.values(), *groups]))
    out = [_title("API reference"),
           "Every public name of ``import kzregions as kz`` (``kz.__all__``), grouped by task. "
           "Parameters state units and CRS; examples run as tests on the real data.\n"]
    for head in order:
        if head not in groups:
            continue
        out += [_title(head, "-"), ".. currentmodule:: kzregions\n", ".. autosummary::", "   :toctree: .", "",
                *[f"   {n}" for n in sorted(groups[head], key=str.lower)], ""]
    out += [_title("Other names", "-"), ".. list-table::", "   :header-rows: 1", "",
            "   * - name", "     - what it is"]
    described = {"settings": "Where data is looked for and cached (:class:`kzregions.settings.Settings`); "
                             "also read from ``KZREGIONS_*`` environment variables.",
                 "errors": "The exception classes (see :doc:`errors`).",
                 "ATTRIBUTION": "The attribution every map carries (geokz, CC BY 4.0), in English.",
                 "__version__": f"The version of this package (``{kz.__version__}``)."}
    for name in sorted(other, key=str.lower):
        value = getattr(kz, name)
        what = described.get(name) or f"``{value!r}``"[:200]
        out += [f"   * - ``kz.{name}``", f"     - {what}"]
    return "\n".join(out) + "\n"


def errors_page(errors) -> str:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, errors.KzRegionsError) and c.__module__ == errors.__name__]
    classes.sort(key=lambda c: (c is not errors.KzRegionsError, c.__name__))
    out = [_title("Errors"),
           "Every error raised on purpose is a ``kz.errors.KzRegionsError`` and also the built-in "
           "exception a caller already catches, so ``except ValueError`` keeps working. Messages name "
           "the bad value and the fix.\n",
           ".. list-table::", "   :header-rows: 1", "", "   * - exception", "     - also a", "     - raised when"]
    for c in classes:
        builtins = sorted({b.__name__ for b in c.__mro__[1:] if b.__module__ == "builtins"
                           and b not in (object, BaseException, Exception)})
        doc = inspect.getdoc(c) or ""
        first = " ".join(doc.split("\n\n")[0].split())
        out += [f"   * - :class:`~kzregions.errors.{c.__name__}`", f"     - {', '.join(builtins) or '-'}",
                f"     - {first}"]
    out += ["", ".. automodule:: kzregions.errors", "   :members:", "   :show-inheritance:", ""]
    return "\n".join(out) + "\n"


def sources_page() -> str:
    files = sorted((ROOT / "kzregions" / "datasets").glob("SOURCES-*.md"))
    out = ["# Data sources and licenses", "",
           "The boundaries are not shipped: they are resolved at run time from geokz (CC BY 4.0; "
           "see *Boundary data* in the user guide). Everything shipped with the package is listed "
           "below with its source, exactly as in the files beside the data.", ""]
    out += ["```{include} ../../../DATA_LICENSES.md", ":heading-offset: 1", "```", ""]
    for f in files:
        out += [f"```{{include}} ../../../kzregions/datasets/{f.name}", ":heading-offset: 1", "```", ""]
    return "\n".join(out)


def write_pages(folder: Path, kz) -> list[str]:
    """Write the pages; return the public names that failed to import (each one a warning)."""
    folder.mkdir(parents=True, exist_ok=True)
    broken: list[str] = []
    pages = {"index.rst": api_page(kz, broken), "errors.rst": errors_page(kz.errors), "sources.md": sources_page()}
    for name, text in pages.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:  # unchanged: no rebuild
            path.write_text(text, encoding="utf-8")
    return broken
