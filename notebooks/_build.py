"""Shared by the notebook build scripts: write cells, execute them from a clean kernel, save.

Not a notebook itself; each ``build_<name>.py`` imports :func:`build`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).parent
ROOT = HERE.parent


def build(name: str, cells: list[tuple[str, str]], *, timeout: int = 600) -> Path:
    """Execute ``cells`` (("md" | "code", text) pairs) and write ``notebooks/<name>.ipynb``.

    The kernel runs in ``notebooks/``; ``KZREGIONS_DATA_DIR`` must be set by the caller (the
    notebooks never name a folder). ``KZREGIONS_POINTS`` defaults to the shared points folder
    beside the boundary mirror (``../shared/data/points`` from the repository root).
    A cell that prints a warning or a machine path fails the build.
    """
    if not os.environ.get("KZREGIONS_DATA_DIR"):
        raise SystemExit("set KZREGIONS_DATA_DIR (e.g. ../shared/data/boundaries/geokz from the repo root)")
    os.environ.setdefault("KZREGIONS_POINTS", str((ROOT / ".." / "shared" / "data" / "points").resolve()))
    if not Path(os.environ["KZREGIONS_POINTS"]).is_dir():
        raise SystemExit(f"KZREGIONS_POINTS={os.environ['KZREGIONS_POINTS']} is not a folder: set it to the "
                         "folder of geonames_kz_cities500.csv (../shared/data/points from the repo root)")
    nb = nbformat.v4.new_notebook()
    for kind, text in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    took = time.perf_counter() - t0
    _check(nb, name)
    out = HERE / f"{name}.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out.relative_to(ROOT)}: executed in {took:.1f} s, {out.stat().st_size / 1e6:.2f} MB")
    return out


def _check(nb, name: str) -> None:
    """Outputs must carry no warnings and no absolute paths of this machine."""
    forbidden = {str(ROOT.resolve()), str(ROOT.resolve().parent), os.environ["KZREGIONS_DATA_DIR"],
                 os.environ["KZREGIONS_POINTS"], str(Path.home()), tempfile.gettempdir()}
    problems = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                problems.append(f"cell {i}: stderr: {o['text'][:300]}")
            texts = [o.get("text", "")] + [v for k, v in o.get("data", {}).items() if k.startswith("text/")]
            for t in texts:
                t = "".join(t) if isinstance(t, list) else t
                if "Warning" in t:
                    problems.append(f"cell {i}: a warning in the output: {t[:300]}")
                for p in forbidden:
                    if p and p in t:
                        problems.append(f"cell {i}: a machine path ({p}) in the output")
    if problems:
        raise SystemExit(f"{name}: " + "\n".join(problems))
