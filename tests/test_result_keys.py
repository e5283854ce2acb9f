"""Issue 20: results keyed the same way. Every table a main function returns names its units in
a ``kato`` column; the few still keyed by a ``kato`` index are listed here (shrink-only) with the
reason, and so are the tables whose rows are not units."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kzregions as kz

#: Results still keyed by a ``kato`` index (0.2 behaviour; users read them with .loc[kato], as
#: the README and notebook 08 do). Moving them to a column breaks that without a warning path,
#: so it waits for 0.4. Shrink-only: a function leaves this list when it returns a column.
KATO_INDEX = {"sector_table", "location_quotients", "specialisation_indices", "regional_shares",
              "shift_share.table"}
#: Rows that are not administrative units: their own keys.
NOT_UNITS = {
    "crosswalk": ("from_kato", "to_kato"),         # pairs of units, one code of each vintage
    "gazetteer": ("code",),                        # settlements (KATO codes of villages, level 3+)
    "hdi": ("member_kato",),                       # Global Data Lab regions grouping units
    "inequality": (),                              # one row per year or group: a summary
    "convergence.sigma": (),                       # one row per year
    "shift_share.by_sector": ("unit", "sector"),   # long: (unit, sector), key named as the input's index
}


def _results():
    p = kz.panel("grp_per_capita", years=range(2010, 2022), vintage=2018)
    gva = kz.sector_table("gva", 2024)
    emp = kz.sector_table("employment", [2022, 2025])
    ss = kz.shift_share(emp, 2022, 2025)
    ty = kz.panel("grp_per_capita", "population_start_of_year", years=range(2010, 2022))
    return {
        "panel": p,
        "oblasts": kz.oblasts(2024),
        "districts": kz.districts(2024),
        "centres": kz.centres(2024),
        "attach": kz.attach(kz.oblasts(2018), p[p["year"] == 2021]),
        "sector_table": gva,
        "location_quotients": kz.location_quotients(gva),
        "specialisation_indices": kz.specialisation_indices(gva),
        "regional_shares": kz.regional_shares(gva),
        "shift_share.table": ss.table,
        "shift_share.by_sector": ss.by_sector,
        "typology.table": kz.typology(ty, start=2010, end=2021).table,
        "inequality": kz.inequality(p, "grp_per_capita"),
        "convergence.sigma": kz.convergence(p, "grp_per_capita").sigma,
        "real_growth": kz.real_growth(2015, 2021),
        "real_grp_index": kz.real_grp_index(),
        "nominal_vs_real": kz.nominal_vs_real(2015, 2021),
        "population_change": kz.population_change(),
        "lagging_regions.table": kz.lagging_regions(2021, 2024, vintage=2024).table,
        "internal_migration": kz.internal_migration(),
        "crosswalk": kz.crosswalk(2018, 2024),
        "aggregate": kz.aggregate(kz.geonames_places(), level=1, geometry=False),
        "aggregate(geometry)": kz.aggregate(kz.geonames_places(), level=1),
        "harmonisation_report": kz.harmonisation_report(2024).to_frame(),
        "hdi": kz.hdi(2019),
        "gazetteer": kz.gazetteer(),
    }


@pytest.fixture(scope="module")
def results():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _results()


def test_results_name_their_units_in_a_kato_column(results):
    wrong = {}
    for name, df in results.items():
        assert isinstance(df, pd.DataFrame), name
        if name in NOT_UNITS:
            for key in NOT_UNITS[name]:
                assert key in df.columns, (name, key, list(df.columns))
            continue
        if name in KATO_INDEX:
            assert df.index.name == "kato" and "kato" not in df.columns, (name, df.index.name)
            continue
        if "kato" not in df.columns:
            wrong[name] = (df.index.name, list(df.columns)[:6])
    assert not wrong, f"results without a kato column: {wrong}"


def test_the_kato_keys_are_real_codes(results):
    # the keys are the 9-character KATO codes of the boundary layers, not positions or names
    codes = set(kz.oblasts(2024)["kato"]) | set(kz.oblasts(2018)["kato"]) | set(kz.districts(2024)["kato"]) \
        | set(kz.districts(2018)["kato"]) | {"000000000"}
    for name, df in results.items():
        if name in NOT_UNITS:
            continue
        keys = pd.Index(df.index if name in KATO_INDEX else df["kato"]).astype(str)
        assert keys.str.fullmatch(r"\d{9}").all(), name
        assert set(keys) - codes == set() or name in ("panel", "internal_migration", "real_grp_index", "centres"), \
            (name, sorted(set(keys) - codes)[:5])


def test_the_exceptions_only_shrink(results):
    # an exception listed here that returns a kato column now must leave the list
    for name in KATO_INDEX:
        assert "kato" not in results[name].columns, f"{name} returns a kato column: remove it from KATO_INDEX"


def test_tables_keyed_by_a_kato_column_give_results_keyed_by_it():
    # the index-keyed functions take the library's shape (a kato column) and keep it
    gva = kz.sector_table("gva", 2024)
    flat = gva.reset_index()
    for f in (kz.location_quotients, kz.regional_shares, kz.specialisation_indices):
        by_index, by_column = f(gva), f(flat)
        assert "kato" in by_column.columns and by_column.index.equals(pd.RangeIndex(len(gva))), f.__name__
        pd.testing.assert_frame_equal(by_index.reset_index(), by_column, check_names=False)
    assert kz.location_quotients(flat).set_index("kato").loc["230000000", "mining"] == pytest.approx(3.64, abs=0.005)
    emp = kz.sector_table("employment", [2022, 2025])
    ss = kz.shift_share(emp.reset_index(), 2022, 2025)
    assert ss.table.set_index("kato").loc["750000000", "change"] == pytest.approx(
        kz.shift_share(emp, 2022, 2025).table.loc["750000000", "change"])
    assert list(ss.by_sector.columns[:2]) == ["kato", "sector"]
