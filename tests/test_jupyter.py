"""What a Jupyter user sees: the atlas progress bar in a kernel without ipywidgets.

tqdm.auto picks the widget bar in a kernel and, where ipywidgets is missing, prints a
TqdmWarning ("IProgress not found") before falling back; kz.atlas shows a plain text bar there.
Needs a Jupyter kernel (the ``docs`` extra: nbclient, ipykernel), which CI installs.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("ipywidgets") is not None,
                    reason="ipywidgets is installed: the widget bar is the right one")
def test_atlas_in_a_kernel_without_ipywidgets_shows_a_plain_bar(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    code = '''import kzregions as kz
pop = kz.panel("population_start_of_year", level="district", vintage=2024, years=2023)
gdf = kz.derive(kz.attach(kz.districts(2024), pop), density="population_start_of_year")
a = kz.atlas(gdf, "population_start_of_year_density", path="atlas.pdf", only=["430000000"], cover=False)
print(len(a.pages), "sheet")'''
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    stdout = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    assert "TqdmWarning" not in stderr and "IProgress" not in stderr, stderr
    assert "atlas" in stderr and "page" in stderr, stderr   # the plain bar, on stderr
    assert stdout.strip() == "1 sheet"
