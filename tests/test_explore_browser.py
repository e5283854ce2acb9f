"""explore() in a real browser (issue 21, 24): text from the data or the arguments is shown as
text, never run as markup; the scale bar is metric, translated and clear of the attribution.

Needs Debian's chromium (apt-get install chromium); skips, saying so, where it is absent."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

import kzregions as kz

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)
PAYLOAD = '<img src=x onerror="document.body.setAttribute(\'data-pwned\', \'1\')">'


def _dom(html_path, tmp_path) -> str:
    profile = tmp_path / "profile"
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=4000", "--dump-dom", html_path.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian: apt-get install chromium)")
def test_markup_in_titles_units_and_names_is_shown_as_text(tmp_path):
    g = kz.attach(kz.oblasts(2024), kz.panel("unemployment_rate", years=2023, vintage=2024))
    g = g.assign(name_ru=[PAYLOAD if i == 0 else n for i, n in enumerate(g["name_ru"])])
    m = kz.explore(g, "unemployment_rate", lang="ru", title=PAYLOAD, unit=PAYLOAD, offline=True)
    path = tmp_path / "xss.html"
    m.save(str(path))
    page = path.read_text(encoding="utf-8")
    assert PAYLOAD not in page  # nowhere as markup: not in the legend, the tooltips' data or the layer name
    dom = _dom(path, tmp_path)
    assert "leaflet-container" in dom  # the map did load (offline Leaflet)
    # the payload never ran (it would mark <body>) and no <img> was made of it
    assert re.search(r"<body[^>]*data-pwned", dom) is None and '<img src="x"' not in dom
    # the title is shown, as text
    assert "&lt;img src=x onerror=" in dom
    # the scale bar: metric only, in Russian, lifted above the attribution line
    scale = dom[dom.index("kz-scale"):][:600]
    assert "км" in scale or "\u00a0м<" in scale
    assert "mi<" not in scale and "ft<" not in scale and "leaflet-control-scale-line" in scale
    assert "margin-bottom: 22px" in scale


def test_tooltips_never_print_zero_for_a_populated_unit():
    from kzregions.plotting.explore import tooltip_number

    assert tooltip_number(0.0867, 0, "en") == "0.087"
    assert tooltip_number(0.0867, 0, "ru") == "0,087"
    assert tooltip_number(15.2, 0, "en") == "15"
    assert tooltip_number(3.44, 0, "en") == "3.4"
    d = kz.derive(kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district")),
                  density="population_start_of_year")
    m = kz.explore(d, "population_start_of_year_density", lang="kk")
    gj = next(c for c in m._children.values() if type(c).__name__ == "GeoJson")
    values = [f["properties"]["_value"] for f in gj.data["features"]]
    populated = d["population_start_of_year"].to_numpy(dtype=float) > 0
    shown = [v for v, p in zip(values, populated) if p]
    assert shown and not any(v.split("\u00a0")[0].split(" ")[0] in ("0", "0,0") for v in shown)
    assert np.isfinite(d["population_start_of_year_density"]).any()
