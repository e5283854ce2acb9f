"""One meaning per parameter name across ``kz.__all__`` (issue 20), checked by introspection,
and docs/api_parameters.md generated from the same table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _tool():
    spec = importlib.util.spec_from_file_location("make_api_parameters", DOCS / "make_api_parameters.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_parameter_name_has_two_meanings():
    tool = _tool()
    assert tool.conflicts() == []


def test_the_check_finds_a_second_meaning():
    # the check is not vacuous: forgetting the documented homonyms makes it fail on real names
    tool = _tool()
    tool.HOMONYMS.clear()
    found = {c.split(":")[0] for c in tool.conflicts()}
    assert {"growth", "year", "weights"} <= found


def test_the_parameter_table_is_up_to_date():
    tool = _tool()
    assert (DOCS / "api_parameters.md").read_text(encoding="utf-8") == tool.markdown(), \
        "run: python docs/make_api_parameters.py"


def test_boundary_sets_and_levels_are_spelled_one_way():
    import inspect

    import kzregions as kz

    table = _tool().collect()
    for f, _ann, default, _ in table["level"]:
        assert default in ("", "None", "1", "2", "'oblast'", "'district'"), (f, default)
    # every vintage that is a choice of boundary set is an int (or None: inferred and reported)
    for f, _ann, default, _ in table["vintage"]:
        assert default in ("", "None", "2018", "2024"), (f, default)
    # a typology whose vintage was inferred says which set it used
    p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2010, 2022))
    assert kz.typology(p, start=2010, end=2021).params["vintage"] == 2018
    assert "vintage" in inspect.signature(kz.attach).parameters
