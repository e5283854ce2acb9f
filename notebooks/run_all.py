"""Execute every notebook of this folder from a clean kernel, as CI does after the tests.

A failing cell, a warning or a machine path in an output fails the run (exit status 1). The
committed notebooks are executed as they are and not rewritten; to rebuild one after a change
run its ``build_<name>.py``.

    KZREGIONS_DATA_DIR=../shared/data/boundaries/geokz python notebooks/run_all.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from _build import HERE, ROOT, check
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    if not os.environ.get("KZREGIONS_DATA_DIR"):
        raise SystemExit("set KZREGIONS_DATA_DIR (e.g. ../shared/data/boundaries/geokz from the repo root)")
    os.environ.setdefault("KZREGIONS_POINTS", str((ROOT / ".." / "shared" / "data" / "points").resolve()))
    failed = []
    for path in sorted(HERE.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(HERE)}}).execute()
            check(nb, path.stem)
        except (CellExecutionError, SystemExit) as exc:
            failed.append(path.name)
            print(f"FAILED {path.name}: {str(exc)[:2000]}", file=sys.stderr)
            continue
        print(f"ok {path.name}: {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"{len(failed)} of {len(list(HERE.glob('[0-9][0-9]_*.ipynb')))} notebooks failed" if failed
          else "every notebook ran clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
