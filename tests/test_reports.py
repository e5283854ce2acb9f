"""Issue 20: every report one shape (a dataclass on the Report base with .to_frame() and a repr
that says what happened), the 0.2 ways of reading them warned for one release, and one default
for ``level`` (assign/aggregate warn until it becomes 1)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kzregions as kz
from kzregions._report import Report


@pytest.fixture(scope="module")
def places():
    return kz.geonames_places()


def test_every_report_is_a_report_with_a_frame(places):
    out = kz.assign(places, level=2)
    reports = [
        kz.attach(kz.oblasts(2024), pd.DataFrame({"kato": ["750000000"], "x": [1]}), vintage=2024).attrs["join_report"],
        out.attrs["assign_report"],
        kz.aggregate(places, level=1).attrs["assign_report"],
        kz.harmonisation_report(2024),
        kz.classify([1.0, 2.0, 3.0, 4.0, 50.0, 60.0], k=2),
    ]
    for r in reports:
        assert isinstance(r, Report), type(r)
        assert isinstance(r.to_frame(), pd.DataFrame), type(r)
        assert type(r).__name__ in repr(r).split("(")[0] or repr(r).startswith("Classes(")


def test_assign_report_counts_the_real_places(places):
    rep = kz.assign(places, level=2).attrs["assign_report"]
    assert isinstance(rep, kz.AssignReport)
    # 351 GeoNames places, one on the Caspian shore (Bautino) outside every polygon
    assert (rep.n_points, rep.assigned, rep.outside, rep.missing_coordinates) == (351, 350, 1, 0)
    assert (rep.level, rep.vintage, rep.predicate) == (2, 2024, "within")
    frame = rep.to_frame().set_index("outcome")["n_points"]
    assert frame.to_dict() == {"assigned": 350, "outside": 1, "missing_coordinates": 0}
    assert frame.sum() == rep.n_points  # the outcomes add up to the points read
    text = repr(rep)
    assert "350 of 351 points assigned to districts" in text and "1 outside every unit" in text
    # reprojection is said
    utm = kz.assign(places.to_crs(32642), level=2).attrs["assign_report"]
    assert utm.reprojected_from == "EPSG:32642" and "reprojected from EPSG:32642" in repr(utm)
    # zones
    zr = kz.assign(places, level=None, regions=kz.programme("aral_sea")).attrs["assign_report"]
    assert zr.in_region == 36 and zr.to_frame()["outcome"].tolist()[-1] == "in_region"


def test_the_dict_of_0_2_still_reads_with_a_warning(places):
    rep = kz.assign(places, level=2).attrs["assign_report"]
    with pytest.warns(DeprecationWarning, match=r"assign_report\.outside"):
        assert rep["outside"] == 1
    with pytest.warns(DeprecationWarning):
        assert rep.get("crs_assumed") is None and rep.get("nothing", 5) == 5
    assert "outside" in rep and "files" not in rep  # no files read
    with pytest.raises(KeyError):
        rep["nothing"]


def test_harmonisation_report_sums_the_changes_and_warns_frame_access():
    rep = kz.harmonisation_report(2024)
    assert isinstance(rep, kz.HarmonisationReport)
    t = rep.to_frame()
    assert rep.n_units == len(t) == 244 and rep.n_geometry_repaired == 1  # Ulytau district
    assert rep.n_text_repaired == int((t["text_repairs"] != "").sum()) > 0
    assert f"{t['clipped_km2'].sum():.2f} km² clipped" in repr(rep)
    assert t.set_index("kato").loc["116600000", "clipped_km2"] == pytest.approx(7.78, abs=0.01)
    with pytest.warns(DeprecationWarning, match=r"to_frame\(\)\['kato'\]"):
        assert list(rep["kato"]) == list(t["kato"])
    with pytest.warns(DeprecationWarning, match="set_index"):
        assert rep.set_index("kato").shape == (244, 10)
    assert len(rep) == 244
    with pytest.raises(AttributeError):
        rep.no_such_thing  # noqa: B018


def test_classes_frame_is_the_legend():
    c = kz.classify([1.0, 2.0, 3.0, 4.0, 50.0, 60.0, None], k=5)
    t = c.to_frame()
    assert t["label"].tolist() == c.labels and t["count"].sum() + c.n_missing == 7
    assert t["upper"].tolist() == [float(b) for b in c.bins]
    assert (t["lower"].iloc[1:].to_numpy() == t["upper"].iloc[:-1].to_numpy()).all()
    assert t.attrs["notes"] == c.notes and c.notes[0].startswith("4 classes instead of the 5")


def test_assign_and_aggregate_warn_until_level_defaults_to_1(places):
    with pytest.warns(FutureWarning, match="level=1"):
        out = kz.assign(places)
    assert out.attrs["assign_report"].level == 2  # still districts in 0.3
    with pytest.warns(FutureWarning, match="aggregate"):
        agg = kz.aggregate(places, geometry=False)
    assert len(agg) == len(kz.districts(2024))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kz.assign(places, level=2)
        kz.assign(places, level="oblast")
        kz.aggregate(places, level=1, geometry=False)
    # every other function defaults to oblasts
    import inspect

    for f in ("typology", "criteria_typology", "crosswalk"):
        assert inspect.signature(getattr(kz, f)).parameters["level"].default in (1, "oblast"), f
