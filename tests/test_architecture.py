"""The shape of the package (issue 10): imports point one way, modules stay small, errors are
ours, the 0.1 spellings still work for one release with a warning, and keywords are keywords."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import kzregions as kz
from kzregions import errors

PKG = Path(kz.__file__).parent
LAYERING = Path(__file__).resolve().parents[1] / ".." / "shared" / "tools" / "layering.py"


def _modules():
    return sorted(p for p in PKG.rglob("*.py"))


def test_no_module_over_700_lines():
    big = {str(p.relative_to(PKG)): n for p in _modules() if (n := len(p.read_text().splitlines())) > 700}
    assert not big, big


def test_nothing_outside_plotting_imports_matplotlib_or_folium_at_module_level():
    offenders = []
    for p in _modules():
        if "plotting" in p.parts:
            continue
        tree = ast.parse(p.read_text())
        for node in tree.body:  # module level only: a lazy .plot() may import inside a method
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("matplotlib", "folium") for n in names):
                offenders.append(str(p.relative_to(PKG)))
    assert not offenders, offenders


def test_no_import_cycle_and_no_private_cross_import():
    # vendored in tests/_imports.py: runs wherever the repository is, with or without ../shared
    from _imports import cycles, graph

    edges, private, _ = graph(PKG)
    assert cycles(edges) == []
    assert private == []


@pytest.mark.skipif(not LAYERING.is_file(), reason="the shared tool is beside the repository; the vendored "
                    "check above runs everywhere")
def test_the_shared_layering_tool_agrees():
    out = subprocess.run([sys.executable, str(LAYERING), str(PKG)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert "cycles 0" in out.stdout and "private cross-imports 0" in out.stdout


def test_only_plot_methods_below_the_plotting_layer_import_it():
    # ARCHITECTURE.md: result objects may offer a lazy .plot(); nothing else below layer 7
    # imports the plotting package (ProgrammeRegion.to_file styles its zones through _qml)
    from _imports import graph

    _, _, where = graph(PKG)
    lazy = {"plot", "explore", "_register_accessor"}
    offenders = {(m, t) for m, ts in where.items() for t, f in ts
                 if t.startswith("kzregions.plotting") and not m.startswith(("kzregions.plotting", "kzregions.cli"))
                 and f not in lazy}
    assert offenders <= PLOTTING_IMPORTS_LEFT, offenders - PLOTTING_IMPORTS_LEFT
    assert not PLOTTING_IMPORTS_LEFT - offenders, "fixed: remove it from PLOTTING_IMPORTS_LEFT"


#: Imports of the plotting package below it found when the check was vendored (issue 22/23 work
#: in progress); the set may only shrink.
PLOTTING_IMPORTS_LEFT = {("kzregions.spatial", "kzregions.plotting.classes")}


def test_small_multiples_draws_and_never_joins():
    from _imports import graph

    _, _, where = graph(PKG)
    targets = {t for t, _ in where["kzregions.plotting.multiples"]}
    assert not targets & {"kzregions.join", "kzregions.vintages", "kzregions.names", "kzregions.boundaries"}
    with pytest.raises(errors.InvalidInputError, match="attach_each"):
        kz.small_multiples(kz.panel("unemployment_rate", years=[2021, 2022]), "unemployment_rate")


def _public_functions():
    """(qualified name, code lines without the docstring) of every public function and method."""
    for p in _modules():
        tree = ast.parse(p.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name.startswith("_"):
                continue
            body = node.body
            doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str)
            start = body[1].lineno if doc and len(body) > 1 else body[0].lineno
            yield f"{p.relative_to(PKG)}:{node.name}", node.end_lineno - start + 1


#: Public functions still over the limit, each owned by another issue's work on plotting
#: (issue 24). The list may only shrink: a function leaves it when it is split.
LONG_FUNCTIONS_LEFT = {"plotting/atlas.py:atlas", "plotting/classes.py:classify", "plotting/explore.py:explore"}


def test_no_public_function_over_80_lines_of_code():
    long = {name: n for name, n in _public_functions() if n > 80}
    assert set(long) <= LONG_FUNCTIONS_LEFT, {k: v for k, v in long.items() if k not in LONG_FUNCTIONS_LEFT}
    assert not LONG_FUNCTIONS_LEFT - set(long), "split: remove it from LONG_FUNCTIONS_LEFT"


def test_errors_subclass_the_builtins_users_catch():
    assert issubclass(errors.UnknownIndicatorError, KeyError)
    assert issubclass(errors.MissingColumnError, KeyError)
    assert issubclass(errors.DuplicateKeyError, ValueError)
    assert issubclass(errors.LevelError, ValueError)
    assert issubclass(errors.UnknownProgrammeError, LookupError)
    for name in dir(errors):
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception) and obj is not errors.KzRegionsError:
            assert issubclass(obj, errors.KzRegionsError), name


def test_bad_level_indicator_and_programme_raise_our_errors():
    with pytest.raises(errors.LevelError, match="'county'"):
        kz.units("county")
    with pytest.raises(errors.UnknownIndicatorError, match="closest"):
        kz.panel("unemployment_rat")
    assert "unemployment_rat" in str(pytest.raises(KeyError, kz.panel, "unemployment_rat").value)
    with pytest.raises(errors.UnknownProgrammeError, match="aral_sea"):
        kz.programme("aral")


def test_keyword_only_after_the_first_parameters():
    # geopandas' names where geopandas has them
    sig = inspect.signature(kz.choropleth)
    for name in ("scheme", "k", "cmap", "legend", "legend_kwds", "classification_kwds", "missing_kwds"):
        assert sig.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    assert "categories" in inspect.signature(kz.categorical_map).parameters
    for fn, first in ((kz.attach, 2), (kz.derive, 1), (kz.border_belt, 1), (kz.zonal_stats, 3),
                      (kz.spatial_autocorrelation, 2), (kz.typology, 2), (kz.to_vintage, 2),
                      (kz.resolve, 1), (kz.resolve_many, 1)):
        positional = [p for p in inspect.signature(fn).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        assert len(positional) <= first, (fn.__name__, [p.name for p in positional])


def test_old_spellings_warn_and_give_the_same_result():
    d = kz.oblasts(2024)[["kato", "area_km2"]].rename(columns={"area_km2": "v"})
    new = kz.to_vintage(d, "v", from_vintage=2024, to_vintage=2018, method="area")
    with pytest.warns(DeprecationWarning, match="to_vintage\\(src="):
        old = kz.to_vintage(d, "v", src=2024, dst=2018, weights="area")
    assert old.equals(new)
    grp = kz.attach(kz.oblasts(2024), kz.panel("grp_per_capita", years=2022))
    with pytest.warns(DeprecationWarning, match="counts"):
        m_old = kz.choropleth(grp, "grp_per_capita", counts=True, bins=[2000, 4000, 30000])
    m_new = kz.choropleth(grp, "grp_per_capita", legend_kwds={"counts": True},
                          classification_kwds={"bins": [2000, 4000, 30000]})
    assert m_old.classes.labels == m_new.classes.labels and m_old.classes.counts == m_new.classes.counts
    with pytest.raises(TypeError, match="bogus"):
        kz.choropleth(grp, "grp_per_capita", bogus=1)


def test_scheme_names_mean_what_they_mean_in_mapclassify():
    from kzregions.plotting.classes import scheme_class

    assert scheme_class("natural_breaks") == "NaturalBreaks"
    assert scheme_class("NaturalBreaks") == "NaturalBreaks"
    assert scheme_class("fisher_jenks") == scheme_class("FisherJenks") == "FisherJenks"
    assert scheme_class("head_tail_breaks") == "HeadTailBreaks"
    with pytest.raises(ValueError, match="magic"):
        scheme_class("magic")


def test_typology_default_vintage_is_the_set_in_force_at_the_end_year():
    p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2010, 2022))
    t = kz.typology(p, "grp_per_capita", start=2010, end=2021)
    assert t.params["vintage"] == 2018 and len(t.table) == 17


def test_districts_of_an_oblast_load_only_that_vintage(monkeypatch):
    from kzregions import _boundaries, _nameindex

    calls = []
    depth = [0]
    real = _boundaries.layer

    def spy(layer, vintage, report=False):
        # only the layers the call asks for: building one on a cold cache reads others (the
        # country outline it is conformed to; since issue 24 the 2024 set an older set takes
        # today's names from), which is the cache's work, not the lookup's
        if not depth[0]:
            calls.append((layer, vintage))
        depth[0] += 1
        try:
            return real(layer, vintage, report)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(_boundaries, "layer", spy)
    _nameindex.index_for.cache_clear()
    d = kz.districts(2018, oblast="Кызылординская")
    assert set(d["oblast_kato"]) == {"430000000"} and len(d) == 9  # 7 districts, Kyzylorda, Baikonur
    assert set(calls) == {(2, 2018), (1, 2018)}, calls


def test_default_cache_folder_is_platformdirs_without_importing_it(monkeypatch, tmp_path):
    import platformdirs

    from kzregions.settings import _default_cache_dir

    monkeypatch.delenv("KZREGIONS_CACHE_DIR", raising=False)
    for xdg in (None, str(tmp_path), "relative/path"):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert _default_cache_dir() == Path(platformdirs.user_cache_dir("kzregions"))
    code = ("import sys, os; os.environ.pop('KZREGIONS_CACHE_DIR', None); import kzregions as kz; "
            "kz.settings.resolved_cache_dir(); print('platformdirs' in sys.modules, 'pooch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == (["True", "False"] if not sys.platform.startswith(("linux", "darwin"))
                                  else ["False", "False"])
