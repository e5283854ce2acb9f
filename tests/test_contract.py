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
    if isinstance(expr, ast.BinOp):  # an annotation "A | None"
        return _class_of(expr.left) + _class_of(expr.right)
    if isinstance(expr, ast.Constant) and expr.value is None:
        return []
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
        if isinstance(exc, ast.Call) and name == "keyed" and exc.args:  # _messages.keyed(Cls, key, ...)
            first = exc.args[0]
            out.append((node.lineno, [getattr(first, "id", getattr(first, "attr", "?"))]))
            continue
        if name[:1].isupper():
            out.append((node.lineno, [name]))
            continue
        if isinstance(exc, ast.Call) and name in all_defs:  # a function that builds the error
            ann = all_defs[name].returns
            out.append((node.lineno, _class_of(ann) if ann is not None else [f"{name}() (no return annotation)"]))
            continue
        scope = _enclosing(tree, node)
        bound: list[str] = []
        caught = False
        for n in ast.walk(scope):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets):
                made = n.value.func if isinstance(n.value, ast.Call) else None
                maker = getattr(made, "id", getattr(made, "attr", ""))
                if maker in all_defs and all_defs[maker].returns is not None:  # err = make_error(...)
                    bound += _class_of(all_defs[maker].returns)
                else:
                    bound += _class_of(n.value)
            if isinstance(n, ast.ExceptHandler) and n.name == name:
                caught = True
        if caught and not bound:
            continue  # an exception caught and raised again (handed across a thread): not a new raise
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


# ----------------------------------------------------------------------------- 2. the harness
import doctest  # noqa: E402
import functools  # noqa: E402
import inspect  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import pytest  # noqa: E402

#: a call on a bad value must end (with our error, or accepted) within this many seconds ...
BUDGET_S = 5.0
#: ... and raise the process's peak memory by less than this
MEMORY_MB = 500

#: Bad values a function may accept, and why (the "documented rule"). Keys are
#: (function, parameter); function "*" applies to every function. Everything not here that is
#: fed a hard bad value (junk object, NaN/inf for a number, text for a number, a 5,000-character
#: text) must raise one of our errors naming the parameter.
RULES: dict[tuple[str, str], str] = {
    ("*", "title"): "free text: any text is a title",
    ("*", "subtitle"): "free text",
    ("*", "source"): "free text",
    ("*", "unit"): "free text (the unit printed in the legend)",
    ("*", "description"): "free text",
    ("*", "highlight_label"): "free text",
    ("*", "style_name"): "free text",
    ("*", "nodata"): "any number is a valid nodata value, NaN included (rasterio's convention)",
    ("*", "center"): "NaN centre means no centre (the scheme is not diverging)",
}


class _Junk:
    """An object of no type any parameter takes; its repr is what a message would quote."""

    def __repr__(self) -> str:
        return "JUNK"


class _Got(Exception):
    """Raised by the recorder to stop an example at the call it records."""


def _public(name: str):
    try:
        return getattr(kz, name)
    except ImportError:  # reported by test_every_public_name_imports
        return None


def _public_functions() -> dict[str, object]:
    return {n: f for n in kz.__all__ if inspect.isfunction(f := _public(n))}


def test_every_public_name_imports():
    broken = [n for n in kz.__all__ if _public(n) is None and n not in ("__version__",)]
    assert not broken, f"kz.__all__ names that do not import: {broken}"


@functools.cache
def _baseline(name: str):
    """(args, kwargs) of the first call of ``kz.<name>`` in its docstring's Examples.

    The examples are run up to that call (doctest directives ignored), so every public
    function, a new one too, gets a valid call to start from without being listed here.
    """
    fn = getattr(kz, name)
    examples = doctest.DocTestParser().get_examples(inspect.getdoc(fn) or "")
    seen: dict = {}

    def recorder(*args, **kwargs):
        seen["call"] = (args, kwargs)
        raise _Got

    # the examples run as doctest runs them: in the module's namespace, ``kz`` imported
    module = __import__(inspect.unwrap(fn).__module__, fromlist=["_"])
    ns: dict = {**vars(module), name: recorder}
    setattr(kz, name, recorder)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ex in examples:
                try:
                    exec(compile(ex.source, f"<{name} example>", "exec"), ns)
                except _Got:
                    break
                except Exception:  # an example step that needs what is not here (a file): go on
                    continue
    finally:
        setattr(kz, name, fn)
    return seen.get("call")


def _bad_values(name: str, value, annotation: str) -> list[tuple[str, object, bool]]:
    """(label, bad value, hard) for one parameter, from its valid value and annotation.

    ``hard`` values can never be right (junk, NaN, text for a number, 5,000 characters): the
    function must refuse them unless RULES says otherwise. The soft ones (empty text, zero,
    negative numbers, empty tables) may be legitimate; the function must then either accept
    them or refuse them with our error naming the parameter.
    """
    import geopandas as gpd
    import pandas as pd

    out: list[tuple[str, object, bool]] = [("junk object", _Junk(), True)]
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool) or \
        (value is None and any(t in annotation for t in ("int", "float")) and "str" not in annotation)
    texty = isinstance(value, str) or (value is None and "str" in annotation)
    if numeric:
        out += [("NaN", math.nan, True), ("inf", math.inf, True), ("-inf", -math.inf, True),
                ("text for a number", "1,200", True), ("negative", -1, False), ("zero", 0, False),
                ("huge", 10**12, False)]
    if texty:
        out += [("5,000 characters", "x" * 5000, True), ("empty text", "", False),
                ("unknown text", "no such thing ☃", False)]
    if isinstance(value, bool):
        out += [("text for a bool", "yes", True)]
    if isinstance(value, gpd.GeoDataFrame):
        out += [("no rows", value.iloc[:0], False), ("no CRS", value.set_crs(None, allow_override=True), False),
                ("a list", [1, 2, 3], True)]
    elif isinstance(value, pd.DataFrame):
        out += [("no rows", value.iloc[:0], False), ("no columns", pd.DataFrame(index=value.index), False),
                ("a list", [1, 2, 3], True)]
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        out += [("empty list", [], False), ("list of None", [None], False)]
    if isinstance(value, dict):
        out += [("dict of an unknown key", {"no_such_key": 1}, False)]
    return out


def _rule(func: str, param: str) -> str | None:
    return RULES.get((func, param)) or RULES.get(("*", param))


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _run(fn, args, kwargs, stop: float = 3 * BUDGET_S):
    """(exception or None, seconds, MB of peak memory added) of one call, stopped after
    ``stop`` seconds (a :class:`_Timeout` then stands for the exception)."""
    import matplotlib.pyplot as plt

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, stop)
    t0 = time.perf_counter()
    exc = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn(*args, **kwargs)
    except _Timeout as e:
        exc = e
    except Exception as e:  # the assertion below judges it
        exc = e
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        plt.close("all")
    dt = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return exc, dt, grown


def _judge(func: str, param: str, label: str, value, hard: bool, exc, dt: float, grown: float) -> str | None:
    """What is wrong with one outcome (None: nothing)."""
    where = f"{func}({param}={label})"
    if isinstance(exc, _Timeout) or dt > BUDGET_S:
        return f"{where}: took {dt:.1f} s (budget {BUDGET_S} s)"
    if grown > MEMORY_MB:
        return f"{where}: peak memory grew by {grown:.0f} MB (bound {MEMORY_MB} MB)"
    if exc is None:
        if hard and not _rule(func, param):
            return f"{where}: accepted without an error"
        return None
    if not isinstance(exc, errors.KzRegionsError):
        return f"{where}: {type(exc).__module__}.{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
    msg = str(exc)
    named = param in msg or (isinstance(value, _Junk) and ("JUNK" in msg or "_Junk" in msg))
    if not named and hasattr(value, "columns"):  # a table is named by what it is
        named = any(w in msg for w in ("GeoDataFrame", "DataFrame", "frame", "table", "panel"))
    if not named and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        named = repr(value)[:20] in msg or str(value)[:20] in msg
    if not named:
        return f"{where}: {type(exc).__name__} does not name {param!r}: {msg.splitlines()[0][:160]}"
    return None


def _cases(func: str, fn) -> list[tuple[str, str, object, bool, tuple, dict]]:
    """Every (param, label, value, hard, args, kwargs) to try on one function: the valid call
    with one parameter replaced by one bad value."""
    base = _baseline(func) or ((), {})
    sig = inspect.signature(fn)
    bound = dict(sig.bind_partial(*base[0], **base[1]).arguments)
    star = next((p.name for p in sig.parameters.values() if p.kind is p.VAR_POSITIONAL), None)
    extra = bound.pop(star, ()) if star else ()  # panel(*names): passed positionally
    kw = next((p.name for p in sig.parameters.values() if p.kind is p.VAR_KEYWORD), None)
    bound.update(bound.pop(kw, {}) if kw else {})
    out = []
    for p in sig.parameters.values():
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        value = bound.get(p.name, p.default if p.default is not p.empty else None)
        for label, bad, hard in _bad_values(p.name, value, str(p.annotation)):
            out.append((p.name, label, bad, hard, tuple(extra), {**bound, p.name: bad}))
    return out


FUNCTIONS = sorted(_public_functions())


@pytest.mark.parametrize("func", FUNCTIONS)
def test_hard_bad_values_get_our_error_naming_the_parameter(func, tmp_path, monkeypatch):
    """Every value that can never be right, on every parameter: our error naming it, fast."""
    monkeypatch.chdir(tmp_path)  # functions that write (atlas, to_gpkg, rasterize) write here
    fn = getattr(kz, func)
    problems = []
    for param, label, value, hard, args, kwargs in _cases(func, fn):
        if not hard:
            continue
        exc, dt, grown = _run(fn, args, kwargs)
        if dt > BUDGET_S:  # the first call of a session loads data, fonts, caches: judge a warm one
            exc, dt, grown = _run(fn, args, kwargs)
        problem = _judge(func, param, label, value, hard, exc, dt, grown)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_public_function_has_a_valid_call_to_start_from():
    # the harness starts from the first call in each function's Examples; without one it can
    # only try the first parameter, so a new function must bring an example
    missing = [f for f in FUNCTIONS if _baseline(f) is None and inspect.signature(getattr(kz, f)).parameters]
    assert not missing, missing


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_soft_bad_values_are_accepted_or_refused_with_our_error(data, tmp_path_factory):
    """Values that may be legitimate (empty text, zero, an empty table): accepted, or refused
    with our error naming the parameter within the budget. A sample per run (hypothesis);
    a call still working at the budget counts as accepted and is stopped."""
    import os

    func = data.draw(st.sampled_from(FUNCTIONS))
    fn = getattr(kz, func)
    soft = [c for c in _cases(func, fn) if not c[3]]
    if not soft:
        return
    param, label, value, hard, args, kwargs = data.draw(st.sampled_from(soft))
    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("soft"))
    try:
        exc, dt, grown = _run(fn, args, kwargs, stop=3.0)
    finally:
        os.chdir(cwd)
    if isinstance(exc, _Timeout):
        exc, dt = None, 0.0  # still working on an accepted value
    problem = _judge(func, param, label, value, hard, exc, dt, grown)
    assert problem is None, problem
