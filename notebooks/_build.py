"""Shared by the notebook build scripts: write cells, execute them from a clean kernel, check
the outputs, save.

The checks are the rules of the notebooks: no warnings and no machine paths in the outputs, and
a light file (images at low dpi). A build that breaks one fails instead of writing the notebook.
Each ``build_<name>.py`` imports :func:`build` (and :data:`SETUP`, a first code cell).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# a first code cell: pandas display set for tables that fit a page, and maps shown at 70 dpi
# (a Map displays itself at 96 dpi, which makes a notebook of maps heavy)
SETUP = '''import io

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, Markdown, display

import kzregions as kz

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 60)


def show(m, dpi=70):
    """Show a kz Map or a matplotlib figure as a small PNG: light enough for the notebook."""
    buf = io.BytesIO()
    if hasattr(m, "save"):          # a kz Map
        m.save(buf, dpi=dpi, format="png")
    else:                           # a pyplot figure: closed, so that it is not shown twice
        m.savefig(buf, dpi=dpi, format="png", bbox_inches="tight")
        plt.close(m)
    return Image(buf.getvalue())'''



def use_this_tree() -> None:
    """Kernels import this tree's kzregions (they run in notebooks/, where an installed copy,
    perhaps of another checkout, would win)."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(ROOT) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *[p for p in paths if p]])


def build(name: str, cells: list[tuple[str, str]], *, timeout: int = 600, max_mb: float = 1.0) -> Path:
    """Execute ``cells`` (("md" | "code", text) pairs) and write ``notebooks/<name>.ipynb``.

    The kernel runs in ``notebooks/``; ``KZREGIONS_DATA_DIR`` must be set by the caller (the
    notebooks never name a folder; the sample points ship with the package).
    A cell that prints a warning or a machine path fails the build.
    """
    if not os.environ.get("KZREGIONS_DATA_DIR"):
        raise SystemExit("set KZREGIONS_DATA_DIR (e.g. ../shared/data/boundaries/geokz from the repo root)")
    use_this_tree()
    nb = nbformat.v4.new_notebook()
    for i, (kind, text) in enumerate(cells):
        text = text.strip("\n")
        new = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(new(text, id=f"{name[:2]}-{i:02d}"))  # stable ids: a rebuild differs only where it should
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(HERE)}}).execute()
    took = time.perf_counter() - t0
    check(nb, name)
    out = HERE / f"{name}.ipynb"
    nbformat.write(nb, out)
    size = out.stat().st_size / 1e6
    print(f"wrote {out.relative_to(ROOT)}: executed in {took:.1f} s, {size:.2f} MB")
    if size > max_mb:
        raise SystemExit(f"{name}: {size:.2f} MB is more than {max_mb} MB: lower the dpi of the images")
    return out


def check(nb, name: str) -> None:
    """Outputs must carry no warnings and no absolute paths of this machine."""
    forbidden = {str(ROOT.resolve()), str(ROOT.resolve().parent), os.environ["KZREGIONS_DATA_DIR"],
                 os.environ.get("KZREGIONS_POINTS", ""), str(Path.home()), tempfile.gettempdir()}
    problems = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                problems.append(f"cell {i}: stderr: {o['text'][:300]}")
            texts = [o.get("text", "")] + [v for k, v in o.get("data", {}).items() if k.startswith("text/")]
            for t in texts:
                t = "".join(t) if isinstance(t, list) else t
                if re.search(r"\w*Warning\b", t):
                    problems.append(f"cell {i}: a warning in the output: {t[:300]}")
                for p in forbidden:
                    if p and p in t:
                        problems.append(f"cell {i}: a machine path ({p}) in the output")
    if problems:
        raise SystemExit(f"{name}: " + "\n".join(problems))
