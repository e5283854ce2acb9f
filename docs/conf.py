"""Sphinx configuration of the kzregions API reference.

Build (from the repository root, with the ``docs`` extra installed):

    sphinx-build -W -b html docs docs/_build/html

The API pages are generated on every build from ``kz.__all__`` (``docs/api/generated/``, not
committed), so a new public function appears without anyone listing it; the errors page is
generated from ``kzregions/errors.py`` and the data-source pages from the ``SOURCES-*.md`` files
shipped in ``kzregions/datasets``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # document this tree, not an older installed copy
sys.path.insert(0, str(HERE))

from _apigen import write_pages  # noqa: E402

import kzregions as kz  # noqa: E402

project = "kzregions"
author = "kzregions developers"
copyright = "kzregions developers; boundaries geokz (A. Rodionov), CC BY 4.0"  # noqa: A001
release = kz.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "img/README*", "**.ipynb_checkpoints"]
templates_path = ["_templates"]

autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"          # numpydoc sections state the types, with units and CRS
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # README's heading levels are for GitHub
# README's links are written for the repository (notebooks/..., files beside it), not for this
# site: keep them as plain links instead of resolving them as documents of the site
myst_all_links_external = True

html_theme = "pydata_sphinx_theme"
html_title = f"kzregions {release}"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}


# generated pages, written before Sphinx looks for source files: every public name of
# kz.__all__, the errors table, the data sources
_BROKEN = write_pages(HERE / "api" / "generated", kz)


def _report(app) -> None:
    """A public name that does not import is a warning (an error under -W), never left out quietly."""
    from sphinx.util import logging

    for problem in _BROKEN:
        logging.getLogger(__name__).warning("public name does not import: %s", problem)


def setup(app):
    app.connect("builder-inited", _report)

# the boundary data are needed only by pages that run code; the reference runs none
os.environ.setdefault("KZREGIONS_OFFLINE", "1")
