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
    assert {"growth", "per_capita", "weights"} <= found


def test_the_parameter_table_is_up_to_date():
    tool = _tool()
    assert (DOCS / "api_parameters.md").read_text(encoding="utf-8") == tool.markdown(), \
        "run: python docs/make_api_parameters.py"


def test_boundary_sets_and_levels_are_spelled_one_way():
    import inspect

    import kzregions as kz

    table = _tool().collect()
    for f, _ann, default, _ in table["level"]:
        assert default in ("", "None", "1", "'oblast'", "2 (FutureWarning: 1 from 0.4)"), (f, default)
    # every vintage that is a choice of boundary set is an int (or None: inferred and reported)
    for f, _ann, default, _ in table["vintage"]:
        assert default in ("", "None", "2018", "2024"), (f, default)
    # a typology whose vintage was inferred says which set it used
    p = kz.panel("grp_per_capita", "population_start_of_year", years=range(2010, 2022))
    assert kz.typology(p, start=2010, end=2021).params["vintage"] == 2018
    assert "vintage" in inspect.signature(kz.attach).parameters


def test_renamed_keywords_still_work_for_one_release_with_a_warning():
    import warnings

    import pytest

    import kzregions as kz

    p = kz.panel("grp_per_capita", years=range(2010, 2022), vintage=2018)
    new = kz.convergence(p, "grp_per_capita", key="kato", year_column="year")
    with pytest.warns(DeprecationWarning, match="use key="):
        old = kz.convergence(p, "grp_per_capita", unit="kato")
    assert old.beta["b"] == new.beta["b"] == pytest.approx(-0.027, abs=5e-4)
    emp = kz.sector_table(name="employment", year=[2022, 2025])
    with pytest.warns(DeprecationWarning, match="use name="):
        assert kz.sector_table(table="employment", year=[2022, 2025]).equals(emp)
    with pytest.warns(DeprecationWarning, match="use year_column="):
        old_ss = kz.shift_share(emp, 2022, 2025, year="year")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ss = kz.shift_share(emp, 2022, 2025, year_column="year")
    assert old_ss.table.equals(ss.table)
    # each renamed name now has one meaning across kz.__all__
    table = _tool().collect()
    for name, fn in (("year", "convergence"), ("year", "shift_share"), ("unit", "convergence"),
                     ("table", "sector_table"), ("rule", "regionalize")):
        assert fn not in [u[0] for u in table.get(name, [])], (name, fn)
