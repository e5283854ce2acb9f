"""The command line, and the promise that `import kzregions` stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kzregions.cli import main


def test_import_is_light():
    code = ("import sys, kzregions as kz; kz.vintage_for_year(2020); kz.errors.VintageError; "
            "heavy = [m for m in ('geopandas', 'pandas', 'shapely', 'matplotlib', 'pyproj', 'pyogrio', "
            "'pooch', 'rasterio', 'esda') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_data_verify_and_info(capsys):
    assert main(["data", "verify"]) == 0
    assert "all 36 files match the manifest" in capsys.readouterr().out
    assert main(["data", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["data_dir"] == os.environ["KZREGIONS_DATA_DIR"]
    assert all(f["verified"] for f in info["files"])


def test_data_path(capsys, mirror):
    assert main(["data", "path", "kaz_zones.csv"]) == 0
    assert capsys.readouterr().out.strip() == str(mirror / "kaz_zones.csv")


def test_map_writes_an_image(tmp_path, capsys):
    out = tmp_path / "obl.png"
    assert main(["map", "--vintage", "2018", "--dpi", "60", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "17 units" in capsys.readouterr().out


def test_errors_are_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["map", "--vintage", "2019", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kzregions: error: vintage 2019") and "Traceback" not in err


def test_console_script_runs():
    script = Path(sys.executable).with_name("kzregions")  # installed beside this interpreter
    out = subprocess.run([str(script), "data", "info"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "KZREGIONS_DATA_DIR" in out.stdout


def test_frames_offer_the_kz_accessor():
    import kzregions as kz

    gdf = kz.oblasts(2024)
    assert hasattr(gdf, "kz") and callable(gdf.kz.explore)
