"""Shared by the notebook build scripts: write cells to a notebook, execute it, check it.

The checks are the issue 17 rules: no warnings and no machine paths in the outputs, and a
light file. A build that breaks one fails loudly instead of writing a notebook that does.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).parent

# cells every notebook starts with: pandas display set for tables that fit a page, and maps
# shown at 70 dpi (a Map displays itself at 96 dpi, which makes a notebook of maps heavy)
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


def build(name: str, cells: list[tuple[str, str]], *, max_mb: float = 1.0) -> None:
    """Write ``notebooks/<name>.ipynb`` from ``cells`` ((kind, source) pairs) and execute it."""
    if "KZREGIONS_DATA_DIR" not in os.environ:
        raise SystemExit("set KZREGIONS_DATA_DIR to the folder of the geokz files (see README)")
    nb = nbformat.v4.new_notebook()
    for i, (kind, text) in enumerate(cells):
        text = text.strip("\n")
        new = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(new(text, id=f"{name[:2]}-{i:02d}"))   # stable ids: a rebuild diffs only what changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(HERE)}}).execute()
    seconds = time.perf_counter() - t0
    out = HERE / f"{name}.ipynb"
    nbformat.write(nb, out)
    problems = _problems(nb)
    size = out.stat().st_size / 1e6
    print(f"wrote {out.name}: executed in {seconds:.0f} s, {size:.2f} MB")
    if size > max_mb:
        problems.append(f"{size:.2f} MB is more than {max_mb} MB: lower the dpi of the maps")
    if problems:
        raise SystemExit("\n".join(problems))


def _problems(nb) -> list[str]:
    """Outputs that break the rules: warnings (stderr) and absolute paths of this machine."""
    found = []
    roots = {str(Path.home()), str(HERE.resolve().parents[1]), os.environ["KZREGIONS_DATA_DIR"], "/tmp/"}
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                found.append(f"cell {i}: stderr output: {o['text'][:300]}")
            text = json.dumps({k: v for k, v in o.get("data", {}).items() if not k.startswith("image/")}) \
                + o.get("text", "")
            for root in roots:
                if root and root != "/" and root in text:
                    found.append(f"cell {i}: output shows the path {root!r}")
            if re.search(r"\w+Warning\b", text):
                found.append(f"cell {i}: output mentions a warning: {re.search(r'.{0,80}Warning.{0,80}', text)[0]}")
    return found
