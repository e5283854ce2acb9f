"""Build the shipped SDG and GDL tables of kzregions from the compiled source files, and the
comparison of overlapping series written into kzregions/datasets/SOURCES-stats.md.

Usage (from the repository root)::

    python tools/build_sdg.py [--shared /work/shared/data] [--repo /work/.mirror/kazstat+sdg-data-kazstat/repo]

Inputs
------
- ``<shared>/stats/kazstat-sdg/data/indicator_*.csv``: the 72 regional indicator files of
  ``kazstat/sdg-data-kazstat`` at commit 72277878d12502232b21c3d4b8ac459630b4f578, unchanged.
- the same repository at the same commit (a git directory): ``indicator-config/<code>.yml``
  (which title each indicator uses) and ``translations/{en,ru,kk}/*.yml`` (titles and the
  labels of every code, in three languages).
- ``<shared>/stats/gdl-shdi/kaz_shdi_long.csv``: Global Data Lab SHDI rows for Kazakhstan.

Outputs (kzregions/datasets/)
-----------------------------
- ``sdg_regional.csv.gz``: every row of the 72 files, source columns kept as text
  (``Year, REF_AREA, Value`` and the disaggregation columns), plus ``code`` (e.g. 1-2-1) and
  ``source_file``. Nothing converted, dropped or filled in.
- ``sdg_indicators.csv``: one row per indicator: code, readable name, title in en/ru/kk,
  title key, source file, commit.
- ``sdg_codes.csv``: the labels of every code used (REF_AREA, UNIT_MEASURE, SEX, ...), en/ru/kk.
- ``gdl_shdi_kaz.csv``: copy of ``kaz_shdi_long.csv``.
- the block between the ``<!-- sdg-comparison -->`` markers of ``SOURCES-stats.md``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd

COMMIT = "72277878d12502232b21c3d4b8ac459630b4f578"
REPO = "kazstat/sdg-data-kazstat"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "kzregions" / "datasets"
DIMENSIONS = ["UNIT_MEASURE", "SERIES", "SEX", "URBANISATION", "AGE", "ACTIVITY", "EDUCATION_LEV",
              "INCOME_WEALTH_QUANTILE", "COMPOSITE_BREAKDOWN", "GeoCode"]

#: readable names (the SDG code is the alias: sdg:1.2.1). Written from the Bureau's titles.
NAMES = {
    "1-1-1": "below_intl_poverty_line_share", "1-2-1": "poverty_below_subsistence_minimum",
    "1-4-2": "adults_owning_land_share", "1-5-2": "disaster_damage",
    "11-1-1": "people_in_failing_buildings", "11-2-1-1": "local_roads_good_condition_share",
    "11-3-1": "housing_per_person", "11-6-1-1": "solid_waste_recycled_share",
    "11-6-1": "waste_collection_coverage", "11-6-2": "air_particulate_matter_cities",
    "11-b-2": "local_disaster_risk_strategies_share", "14-7-1": "fisheries_share_of_grp",
    "15-1-1": "forest_area_share", "15-2-1": "sustainable_forest_management",
    "15-3-1": "eroded_land_share", "15-4-1": "mountain_biodiversity_protected_share",
    "15-4-2": "mountain_forest_area", "16-2-1": "children_punished_by_caregivers_share",
    "16-9-1": "births_registered_share", "17-3-1-2": "outward_fdi", "17-3-1-3": "inward_fdi",
    "17-6-2": "fixed_broadband_subscriptions", "17-8-1": "internet_users_share",
    "2-2-1": "child_stunting_share", "2-2-2": "child_malnutrition_share",
    "2-3-1": "agricultural_productivity", "3-1-1": "maternal_mortality_ratio",
    "3-1-2": "births_attended_by_skilled_staff_share", "3-2-1": "under5_mortality_rate",
    "3-2-2": "neonatal_mortality_rate", "3-4-2": "suicide_mortality_rate",
    "3-6-1": "road_traffic_death_rate", "3-7-1": "family_planning_need_satisfied_share",
    "3-7-2": "adolescent_birth_rate", "3-9-2": "unsafe_water_death_rate",
    "3-9-3": "unintentional_poisoning_death_rate", "4-1-1": "pupils_minimum_proficiency_share",
    "4-2-1": "early_child_development_on_track_share", "4-2-2-1": "school_readiness_share",
    "4-2-2": "preschool_enrolment_share", "4-4-1-1": "digital_literacy_rate",
    "4-4-1": "ict_skills_share", "4-5-1-1": "inclusive_preschools_share",
    "4-5-1-2": "inclusive_schools_share", "4-5-1-3": "inclusive_vocational_colleges_share",
    "4-5-1": "education_parity_index", "4-a-1": "schools_with_basic_services_share",
    "4-c-1-2": "teachers_higher_qualification_share", "4-c-1": "teachers_qualified_share",
    "5-5-2": "women_in_management_share", "5-a-1": "women_agricultural_landowners_share",
    "5-b-1": "mobile_phone_owners_share", "6-3-1": "wastewater_safely_treated_share",
    "6-3-2": "water_bodies_good_quality_share", "7-1-1": "electricity_access_share",
    "7-2-1": "renewable_electricity_share", "7-3-1": "energy_intensity",
    "7-b-1": "renewable_capacity", "8-1-1": "real_grp_per_capita_index",
    "8-2-1": "real_grp_per_employed_growth", "8-3-1-1": "unproductive_employment_share",
    "8-3-1": "informal_employment_share", "8-5-1": "hourly_earnings_index",
    "8-5-2": "unemployment_rate_sdg", "8-6-1": "youth_neet_share",
    "8-7-1": "child_labour_share", "9-1-2": "passenger_freight_volumes",
    "9-2-1-1": "manufacturing_productivity_growth", "9-2-1": "manufacturing_share",
    "9-2-2": "manufacturing_jobs", "9-5-1": "rnd_expenditure_share",
    "9-5-2": "researchers_per_million",
}


def read_yaml_flat(text: str) -> dict:
    """The Bureau's translation files are flat ``key: value`` YAML with folded continuation
    lines; read them without a YAML dependency."""
    out, key = {}, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(?:'([^']*)'|\"([^\"]*)\"|([^\s:][^:]*)):\s?(.*)$", line.lstrip("\ufeff"))
        if m and not line.startswith(" "):
            key = m.group(1) or m.group(2) or m.group(3)
            out[key] = m.group(4)
        elif key is not None:
            out[key] = f"{out[key]} {line.strip()}"
    clean = {}
    for k, v in out.items():
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
            v = v[1:-1].replace("''", "'") if v[0] == "'" else v[1:-1]
        clean[k.strip()] = v
    return clean


def git_show(repo: Path, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo / ".git") if (repo / ".git").exists() else str(repo),
                           "show", f"{COMMIT}:{path}"], capture_output=True, text=True, check=True).stdout


def build(shared: Path, repo: Path) -> None:
    src = shared / "stats" / "kazstat-sdg" / "data"
    frames = []
    for f in sorted(src.glob("indicator_*.csv")):
        df = pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        df = df.loc[:, [c for c in df.columns if c and not c.startswith("Unnamed")]]
        df.insert(0, "code", f.stem.removeprefix("indicator_"))
        df["source_file"] = f"data/{f.name}"
        frames.append(df)
    allrows = pd.concat(frames, ignore_index=True).fillna("")
    cols = ["code", "Year", "REF_AREA", *DIMENSIONS, "Value", "source_file"]
    for c in cols:
        if c not in allrows:
            allrows[c] = ""
    extra = [c for c in allrows.columns if c not in cols]
    if extra:
        raise SystemExit(f"unexpected columns {extra}: extend DIMENSIONS")
    allrows = allrows[cols]
    allrows.to_csv(OUT / "sdg_regional.csv.gz", index=False, compression={"method": "gzip", "mtime": 0})

    # titles: the key named in each indicator's config, in three languages
    tr = {lang: {} for lang in ("en", "ru", "kk")}
    for lang in tr:
        for part in ("global_indicators", "national_indicators"):
            tr[lang][part] = read_yaml_flat(git_show(repo, f"translations/{lang}/{part}.yml"))
    rows = []
    for code in sorted(allrows["code"].unique(), key=lambda c: [(int(x), "") if x.isdigit() else (0, x) for x in c.split("-")]):
        conf = read_yaml_flat(git_show(repo, f"indicator-config/{code}.yml"))
        keys = [conf.get("graph_title", ""), conf.get("indicator_name", "")]
        titles = {}
        for lang in tr:
            t = ""
            for k in keys:
                if "." in k:
                    part, key = k.split(".", 1)
                    t = tr[lang].get(part, {}).get(key, "")
                    if t:
                        break
            titles[lang] = t
        rows.append({"code": code, "sdg": code.replace("-", "."), "name": NAMES[code],
                     "title_en": titles["en"], "title_ru": titles["ru"], "title_kk": titles["kk"],
                     "title_key": next((k for k in keys if k), ""),
                     "source": f"{REPO}:data/indicator_{code}.csv@{COMMIT[:8]}", "commit": COMMIT})
    meta = pd.DataFrame(rows)
    missing = meta[(meta[["title_en", "title_ru", "title_kk"]] == "").any(axis=1)]
    if len(missing):
        print("titles missing for:", list(missing["code"]))
    meta.to_csv(OUT / "sdg_indicators.csv", index=False)

    codes = []
    for dim in ["REF_AREA", *DIMENSIONS]:
        if dim == "GeoCode":
            continue
        used = sorted(set(allrows[dim]) - {""})
        labels = {lang: read_yaml_flat(git_show(repo, f"translations/{lang}/{dim}.yml")) for lang in ("en", "ru", "kk")}
        for c in used:
            codes.append({"dimension": dim, "code": c, **{f"label_{lang}": labels[lang].get(c, "") for lang in labels}})
    pd.DataFrame(codes).to_csv(OUT / "sdg_codes.csv", index=False)
    shutil.copyfile(shared / "stats" / "gdl-shdi" / "kaz_shdi_long.csv", OUT / "gdl_shdi_kaz.csv")
    print(f"{len(allrows)} SDG rows, {len(meta)} indicators, {len(codes)} codes")


def compare(old: str, new: str) -> pd.DataFrame:
    """Region-years (and national) present in both series, each on its own boundary set."""
    import kzregions as kz

    a = kz.panel(old, long=True, national=True)
    b = kz.panel(new, long=True, national=True)
    m = a.merge(b, on=["kato", "year"], suffixes=("_old", "_sdg"))
    m = m.rename(columns={"region_en_old": "region_en"})
    m["diff"] = m["value_sdg"] - m["value_old"]
    m["equal"] = m["diff"].abs() < 1e-9
    m["differs"] = m["diff"].abs() > 0.05  # both are published to one decimal
    m["vintage_old"] = m["vintage_old"].astype("string").fillna("national")
    m["vintage_sdg"] = m["vintage_sdg"].astype("string").fillna("national")
    return m.sort_values(["year", "kato"]).reset_index(drop=True)


def comparison_markdown() -> str:
    """Every region-year where an SDG series and the series shipped before disagree."""
    from kzregions import _sdg

    out = ["<!-- sdg-comparison: generated by tools/build_sdg.py, do not edit by hand -->", ""]
    for old, new in _sdg.OVERLAPS.items():
        t = compare(old, new)
        diff = t[t["differs"]]
        rounding = t[~t["equal"] & ~t["differs"]]
        out.append(f"#### `{old}` (shipped before) vs `{new}` (SDG {_sdg.code_of(new)})")
        out.append("")
        out.append(f"{len(t)} region-years in both ({t['year'].min()}-{t['year'].max()}); {int(t['equal'].sum())} "
                   f"equal; {len(rounding)} differ by 0.05 points or less; {len(diff)} differ by more:")
        out.append("")
        if len(diff):
            out.append("| kato | region | year | boundaries (old / SDG) | old | SDG | SDG − old |")
            out.append("|---|---|---|---|---|---|---|")
            for r in diff.itertuples(index=False):
                out.append(f"| {r.kato} | {r.region_en} | {r.year} | {r.vintage_old} / {r.vintage_sdg} | "
                           f"{r.value_old:g} | {r.value_sdg:g} | {r.value_sdg - r.value_old:+.2f} |")
            out.append("")
    out.append("<!-- /sdg-comparison -->")
    return "\n".join(out)


def write_comparison() -> None:
    path = OUT / "SOURCES-stats.md"
    text = path.read_text(encoding="utf-8")
    block = comparison_markdown()
    pat = re.compile(r"<!-- sdg-comparison.*?<!-- /sdg-comparison -->", re.S)
    if not pat.search(text):
        raise SystemExit("SOURCES-stats.md has no <!-- sdg-comparison --> block to fill")
    path.write_text(pat.sub(lambda _m: block, text), encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--repo", type=Path, default=Path("/work/.mirror/kazstat+sdg-data-kazstat/repo"))
    ap.add_argument("--comparison-only", action="store_true")
    a = ap.parse_args()
    if not a.comparison_only:
        build(a.shared, a.repo)
    write_comparison()
