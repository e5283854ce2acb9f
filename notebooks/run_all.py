"""Execute every notebook of this folder from a clean kernel, as CI does after the tests, and
check that each still says what its committed copy says.

A failing cell, a warning or a machine path in an output fails the run (exit status 1), and so
does a text output (printed text, a table's text form, a generated Markdown reading) that differs
from the committed notebook's: the notebook is stale, and its build script must be run again.
Volatile parts are normalised before comparing (object addresses, durations). The committed
notebooks are executed as they are and not rewritten:

    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/run_all.py [NAME ...]
    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/build_<name>.py   # rebuild one
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from _build import HERE, check, use_this_tree
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

#: what may differ between two runs of the same notebook on the same data, and its stand-in
VOLATILE = [
    (re.compile(r"\b0x[0-9a-fA-F]{4,}\b"), "0x…"),                                   # object addresses
    (re.compile(r"\b\d+(?:\.\d+)?\s?(?:s|ms|µs|seconds|minutes)\b(?=[^\w]|$)"), "<duration>"),
    (re.compile(r"[ \t]+$", re.M), ""),                                               # trailing blanks
]
#: the output kinds that carry text a reader reads (images and HTML twins are left out)
TEXT_KINDS = ("text/plain", "text/markdown", "text/latex")


def normalise(text: str) -> str:
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    return text


def text_outputs(nb) -> list[str]:
    """The text a reader sees, cell by cell, as lines ("[cell N]" headers between cells)."""
    lines: list[str] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        # stream output arrives in chunks that differ from run to run: join them as one text,
        # and compare lines without the blank ones
        text = ""
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stdout":
                text += o.get("text", "")
            for kind in TEXT_KINDS:
                value = o.get("data", {}).get(kind)
                if value is not None:
                    text += "\n" + ("".join(value) if isinstance(value, list) else value) + "\n"
        body = [line for line in normalise(text).splitlines() if line.strip()]
        if body:
            lines += [f"[cell {i}]", *body]
    return lines


def stale(committed, executed, name: str, limit: int = 80) -> str | None:
    """A unified diff of the text outputs, or None when they agree."""
    a, b = text_outputs(committed), text_outputs(executed)
    if a == b:
        return None
    diff = list(difflib.unified_diff(a, b, f"{name} (committed)", f"{name} (executed now)", lineterm="", n=1))
    more = f"\n... {len(diff) - limit} more diff lines" if len(diff) > limit else ""
    return "\n".join(diff[:limit]) + more


def main(names: list[str]) -> int:
    if not os.environ.get("KZREGIONS_DATA_DIR"):
        raise SystemExit("set KZREGIONS_DATA_DIR (e.g. ../shared/data/boundaries/geokz from the repo root)")
    os.environ["KZREGIONS_DATA_DIR"] = str(Path(os.environ["KZREGIONS_DATA_DIR"]).resolve())
    use_this_tree()
    paths = sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if p.stem in names or p.name in names]
    failed = []
    for path in paths:
        committed = nbformat.read(path, as_version=4)
        nb = copy.deepcopy(committed)
        t0 = time.perf_counter()
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(HERE)}}).execute()
            check(nb, path.stem)
        except (CellExecutionError, SystemExit) as exc:
            failed.append(path.name)
            print(f"FAILED {path.name}: {str(exc)[:2000]}", file=sys.stderr)
            continue
        diff = stale(committed, nb, path.name)
        if diff:
            failed.append(path.name)
            print(f"STALE {path.name}: its outputs differ from the committed ones; rebuild it with "
                  f"`python notebooks/build_{path.stem}.py` and commit it\n{diff}", file=sys.stderr)
            continue
        print(f"ok {path.name}: {time.perf_counter() - t0:.0f} s, outputs as committed", flush=True)
    print(f"{len(failed)} of {len(paths)} notebooks failed: {', '.join(failed)}" if failed
          else f"every notebook ran clean and says what its committed copy says ({len(paths)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
