"""Docstrings of the public API: numpydoc sections on every public callable, and the examples run.

The public API is ``kzregions._LAZY`` (plus the public methods of its classes and of the result
classes :class:`Typology` and :class:`SpatialAutocorrelation`). Every function and method needs a
summary line, ``Parameters`` (naming each of its parameters), ``Returns`` and ``Examples`` with
doctest lines; a class needs ``Attributes`` and ``Examples``. The examples are run against the
real data, so a value quoted in a docstring is a value the library returns.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
import tempfile

import pytest

import kzregions as kz

#: Names whose docstrings are still to be written (none now); the check below covers the rest.
PENDING: tuple[str, ...] = ()

#: Result classes outside ``_LAZY`` whose public methods are API too: (module, class).
RESULT_CLASSES = (("analysis", "Typology"), ("spatial", "SpatialAutocorrelation"))

#: Modules whose examples run here (the modules of the checked names).
DOCTEST_MODULES = ("boundaries", "_schema", "stats", "join", "vintages", "regions", "catalogue",
                   "analysis", "disparities", "spatial", "rasters", "zonal", "delineation", "development",
                   "names", "matches", "settlements", "plotting.maps", "plotting.multiples", "plotting.classes",
                   "plotting.explore", "plotting.atlas", "plotting.styles", "points", "export",
                   "specialisation", "shiftshare", "growth", "dynamics", "lagging", "_pointreport", "samples")


def _sections(doc: str) -> dict[str, list[str]]:
    """numpydoc sections of a docstring: header (underlined with as many dashes) -> lines."""
    lines = inspect.cleandoc(doc).splitlines()
    out: dict[str, list[str]] = {}
    current = None
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        head = line.strip()
        under = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if head and re.fullmatch(r"-+", under) and len(under) == len(head) and line == head:
            current, skip = head, True
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def _documented_parameters(lines: list[str]) -> set[str]:
    """Names in a Parameters section: unindented ``name : type`` / ``a, b : type`` / ``**kwargs``."""
    names: set[str] = set()
    for line in lines:
        m = re.match(r"^(\*{0,2}\w+(?:\s*,\s*\*{0,2}\w+)*)\s*(?::|$)", line)
        if m:
            names.update(n.strip().lstrip("*") for n in m.group(1).split(","))
    return names


def _check_routine(label: str, func, *, is_method: bool) -> list[str]:
    doc = inspect.getdoc(func)
    if not doc or not doc.strip():
        return [f"{label}: no docstring"]
    problems = []
    sec = _sections(doc)
    params = [p for p in inspect.signature(func).parameters.values()
              if not (is_method and p.name in ("self", "cls"))]
    if params:
        if "Parameters" not in sec:
            problems.append(f"{label}: no Parameters section")
        else:
            missing = [p.name for p in params if p.name not in _documented_parameters(sec["Parameters"])]
            if missing:
                problems.append(f"{label}: Parameters does not list {missing}")
    if "Returns" not in sec:
        problems.append(f"{label}: no Returns section")
    if "Examples" not in sec or not any(x.lstrip().startswith(">>>") for x in sec["Examples"]):
        problems.append(f"{label}: no Examples section with doctest lines")
    return problems


def _check_class(label: str, cls) -> list[str]:
    doc = inspect.getdoc(cls)
    if not doc or not doc.strip():
        return [f"{label}: no docstring"]
    problems = []
    sec = _sections(doc)
    if "Attributes" not in sec:
        problems.append(f"{label}: no Attributes section")
    if "Examples" not in sec or not any(x.lstrip().startswith(">>>") for x in sec["Examples"]):
        problems.append(f"{label}: no Examples section with doctest lines")
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            if not (member.__doc__ or "").strip():
                problems.append(f"{label}.{name}: property without a docstring")
        elif isinstance(member, (classmethod, staticmethod)) or inspect.isfunction(member):
            problems.extend(_check_routine(f"{label}.{name}", getattr(cls, name), is_method=True))
    return problems


def _api(names) -> list[tuple[str, object]]:
    out = []
    for name in names:
        obj = getattr(kz, name)
        if inspect.isclass(obj) or inspect.isroutine(obj):
            out.append((name, obj))
    return out


def _problems(names, extra_classes=()) -> list[str]:
    problems = []
    for name, obj in _api(names):
        if inspect.isclass(obj):
            problems.extend(_check_class(f"kz.{name}", obj))
        else:
            problems.extend(_check_routine(f"kz.{name}", obj, is_method=False))
    for module, cls_name in extra_classes:
        cls = getattr(importlib.import_module(f"kzregions.{module}"), cls_name)
        problems.extend(_check_class(f"kzregions.{module}.{cls_name}", cls))
    return problems


def _in_scope() -> list[str]:
    return [n for n in kz._LAZY if n not in PENDING]


def test_pending_names_are_public():
    # a stale entry would hide nothing but mislead: the list shrinks as the lead fills them
    assert set(PENDING) <= set(kz._LAZY), sorted(set(PENDING) - set(kz._LAZY))


def test_checker_finds_a_missing_section():
    def f(a, b=1):
        """Summary.

        Parameters
        ----------
        a : int
            A.

        Examples
        --------
        >>> f(1)
        """

    assert _check_routine("f", f, is_method=False) == ["f: Parameters does not list ['b']",
                                                       "f: no Returns section"]


def test_public_api_has_numpydoc_sections():
    problems = _problems(_in_scope(), RESULT_CLASSES)
    assert not problems, f"{len(problems)} docstring problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("module", DOCTEST_MODULES)
def test_examples_run(module, tmp_path, monkeypatch):
    # examples that write files use tempfile.mkdtemp(): keep those files in pytest's tmp_path
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mod = importlib.import_module(f"kzregions.{module}")
    tests = [t for t in doctest.DocTestFinder().find(mod) if t.examples]
    # every checked name of this module has its examples collected (none silently missed)
    found = {t.name for t in tests}
    expected = {f"{mod.__name__}.{n}" for n, obj in _api(_in_scope()) if kz._LAZY[n] == module}
    assert expected <= found, sorted(expected - found)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for t in tests:
        runner.run(t, out=report.append)
    assert runner.failures == 0, "".join(report)
