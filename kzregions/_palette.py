"""Colours of categorical maps: the Okabe-Ito palette (distinct for red-green colour-blind
readers), fixed colours for the categories kzregions writes (typology types, LISA clusters,
programme zones), keyed by their English key, and a deuteranopia simulation to check them.
"""

from __future__ import annotations

#: Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct under
#: protanopia and deuteranopia.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: Fixed colours of known categories (keys as the analysis functions write them). No
#: category uses the no-data grey; "unclassified" is a hatched mid grey (see UNCLASSIFIED).
CATEGORY_COLORS = {
    # typology
    "growth pole": "#D55E00", "depressed": "#CC79A7", "pioneer": "#009E73", "stagnating": "#E69F00",
    "catching up": "#56B4E9", "developed/stable": "#0072B2", "unclassified": "#c4c4c4",
    # LISA clusters: hot spots vermillion, cold spots blue, outliers in the light tones
    "High-High": "#D55E00", "Low-Low": "#0072B2", "High-Low": "#E69F00", "Low-High": "#56B4E9",
    "Not significant": "#f3efe6",
    # programme zones, strongest first
    "ecological_disaster": "#D55E00", "ecological_crisis": "#E69F00", "ecological_pre_crisis": "#F0E442",
    "extreme_radiation_risk": "#D55E00", "maximum_radiation_risk": "#E69F00",
    "increased_radiation_risk": "#F0E442", "minimum_radiation_risk": "#56B4E9",
    "privileged_socioeconomic_status": "#009E73", "monotown": "#0072B2",
}

#: Categories drawn hatched (they are a statement that no type applies, not a type).
HATCHED = {"unclassified": "xxx"}

#: One line style per zone of a highlighted programme, in zone order (solid, dashed,
#: dotted, dash-dot): the legend shows the same style.
ZONE_LINESTYLES = ("-", "--", ":", "-.", (0, (7, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 3)))


def category_key(value) -> str:
    """The table key of a category value (zone values carry a bracketed source wording)."""
    return value.split(" (", 1)[0].strip() if isinstance(value, str) else value


def category_color(value, i: int):
    """The colour of a category: its fixed colour if known, else the i-th Okabe-Ito colour."""
    key = category_key(value)
    return CATEGORY_COLORS.get(value) or CATEGORY_COLORS.get(key) or OKABE_ITO[i % len(OKABE_ITO)]


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
_DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                 (-0.011820, 0.042940, 0.968881))


def deuteranopia(rgb):
    """An sRGB colour (0-1 floats) as a deuteranope sees it (Machado et al. 2009)."""
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def gam(c):
        c = min(1.0, max(0.0, c))
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    r, g, b = (lin(c) for c in rgb[:3])
    return tuple(gam(m[0] * r + m[1] * g + m[2] * b) for m in _DEUTERANOPIA)


def delta_e(c1, c2) -> float:
    """CIE76 colour difference of two sRGB colours (0-1 floats); about 10 is clearly distinct."""
    def lab(rgb):
        def lin(c):
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (lin(c) for c in rgb[:3])
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

        def f(t):
            return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))

    a, b = lab(c1), lab(c2)
    return sum((p - q) ** 2 for p, q in zip(a, b)) ** 0.5


#: Legend order of the categories kzregions writes: programme zones from the most severe down
#: (the law's own order), then typology types and LISA clusters. A map draws them in reverse, so
#: a zone nested in another (extreme radiation risk inside maximum risk) is drawn on top of it.
CATEGORY_ORDER = (
    "ecological_disaster", "ecological_crisis", "ecological_pre_crisis",
    "extreme_radiation_risk", "maximum_radiation_risk", "increased_radiation_risk", "minimum_radiation_risk",
    "privileged_socioeconomic_status", "monotown",
    "growth pole", "developed/stable", "catching up", "pioneer", "stagnating", "depressed", "unclassified",
    "High-High", "High-Low", "Low-High", "Low-Low", "Not significant",
)


def category_order(values) -> list:
    """Distinct non-missing ``values`` in legend order: known categories in the order of
    :data:`CATEGORY_ORDER`, then the others sorted as text."""
    seen = list(dict.fromkeys(v for v in values if v is not None and v == v))
    rank = {k: i for i, k in enumerate(CATEGORY_ORDER)}
    known = sorted((v for v in seen if category_key(v) in rank), key=lambda v: rank[category_key(v)])
    return known + sorted((v for v in seen if category_key(v) not in rank), key=str)


def category_colors(values) -> dict:
    """Category -> colour as :func:`kzregions.categorical_map` draws it (fixed colours of the
    categories kzregions writes, Okabe-Ito for others), in the map's legend order."""
    return {c: category_color(c, i) for i, c in enumerate(category_order(values))}
