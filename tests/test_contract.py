"""One error contract for every public function (issue 21).

Three parts:

1. Static: every ``raise`` in the package raises a class of ``kzregions/errors.py`` (never the
   bare base class, never a built-in); the README "Errors" table lists exactly those classes
   with the built-in each also is.
2. The harness: every public function of ``kz.__all__`` (found by introspection, so a new one
   is covered without being listed), the ``gdf.kz`` accessor and the CLI get generated bad
   values for each parameter; each call must raise one of our errors naming the parameter,
   within a time and memory bound, or be accepted under a rule written down in ``RULES``.
3. Regressions of the probe that started issue 21 (tests/test_contract_probe.py).
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import kzregions as kz
from kzregions import errors

PKG = Path(kz.__file__).parent
README = PKG.parent / "README.md"


# ----------------------------------------------------------------------------- 1. static
def _our_classes() -> dict[str, type]:
    return {n: c for n, c in vars(errors).items()
            if isinstance(c, type) and issubclass(c, BaseException) and c.__module__ == errors.__name__}


def _defs(tree: ast.AST) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _enclosing(tree: ast.AST, target: ast.AST):
    """The innermost function holding ``target`` (or the module)."""
    best = tree
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(n is target for n in ast.walk(node)):
            if best is tree or any(n is node for n in ast.walk(best)):
                best = node
    return best


def _class_of(expr: ast.expr) -> list[str]:
    """Names of the classes an expression builds (``A(...)``, ``A if c else B``, ``A``)."""
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.IfExp):
        return _class_of(expr.body) + _class_of(expr.orelse)
    if isinstance(expr, ast.Attribute):
        return [expr.attr]
    if isinstance(expr, ast.Name):
        return [expr.id]
    return [ast.dump(expr)]


def _raised(path: Path, all_defs: dict[str, ast.FunctionDef]) -> list[tuple[int, list[str]]]:
    """(line, class names) of every raise with an exception in one module.

    ``raise err`` counts as the classes ``err`` is bound to in its function (``err = A(...)``,
    ``except A as err``); ``raise make_error(...)`` as the return annotation of ``make_error``.
    """
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        exc = node.exc
        head = exc.func if isinstance(exc, ast.Call) else exc
        name = head.attr if isinstance(head, ast.Attribute) else getattr(head, "id", "")
        if name[:1].isupper():
            out.append((node.lineno, [name]))
            continue
        if isinstance(exc, ast.Call) and name in all_defs:  # a function that builds the error
            ann = all_defs[name].returns
            out.append((node.lineno, _class_of(ann) if ann is not None else [f"{name}() (no return annotation)"]))
            continue
        scope = _enclosing(tree, node)
        bound: list[str] = []
        for n in ast.walk(scope):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets):
                bound += _class_of(n.value)
            if isinstance(n, ast.ExceptHandler) and n.name == name and n.type is not None:
                bound += [c for e in (n.type.elts if isinstance(n.type, ast.Tuple) else [n.type]) for c in _class_of(e)]
        out.append((node.lineno, bound or [f"{name} (unbound)"]))
    return out


def test_every_raise_is_one_of_our_classes():
    ours = _our_classes()
    modules = sorted(PKG.rglob("*.py"))
    all_defs: dict[str, ast.FunctionDef] = {}
    for p in modules:
        all_defs.update(_defs(ast.parse(p.read_text())))
    bad = []
    for p in modules:
        for line, classes in _raised(p, all_defs):
            for c in classes:
                if c not in ours or c == "KzRegionsError":
                    bad.append(f"{p.relative_to(PKG.parent)}:{line}: raise {c}")
    assert not bad, "raise a class of kzregions/errors.py (a subclass that is also the built-in):\n" + "\n".join(bad)


def test_every_error_class_is_also_a_builtin():
    for name, cls in _our_classes().items():
        if cls is errors.KzRegionsError:
            continue
        assert issubclass(cls, errors.KzRegionsError), name
        assert any(b is not Exception and b.__module__ == "builtins" for b in cls.__mro__ if b is not cls), name


def _readme_table() -> dict[str, str]:
    text = README.read_text()
    section = text.split("\n## Errors", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        for cls in re.findall(r"`(\w+)`", cells[0]):
            rows[cls] = cells[1].strip("`")
    return rows


def test_readme_errors_table_matches_errors_py():
    table = _readme_table()
    ours = {n for n in _our_classes() if n != "KzRegionsError"}
    assert set(table) == ours, {"missing from README": sorted(ours - set(table)),
                                "not in errors.py": sorted(set(table) - ours)}
    for name, builtin in table.items():
        base = getattr(builtins, builtin, None)
        assert isinstance(base, type) and issubclass(getattr(errors, name), base), (name, builtin)
