"""Classification of a column for a choropleth: mapclassify schemes, diverging schemes around
a centre, and legend labels in the number format of each language.

Scheme names mean what they mean in mapclassify and geopandas (``"NaturalBreaks"``,
``"natural_breaks"`` and ``"naturalbreaks"`` are mapclassify's NaturalBreaks;
``"fisher_jenks"`` is FisherJenks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .._i18n import check_lang

#: mapclassify schemes a choropleth can use, by the key geopandas matches them on
#: (class name lower-cased); names are matched without case, "_", "-" or spaces.
SCHEMES = {c.lower(): c for c in (
    "Quantiles", "EqualInterval", "NaturalBreaks", "FisherJenks", "JenksCaspall", "MaximumBreaks",
    "StdMean", "HeadTailBreaks", "BoxPlot", "UserDefined",
)}
#: Short names kzregions 0.1 accepted that are no mapclassify name but are unambiguous.
_SHORT = {"headtail": "HeadTailBreaks"}
#: Schemes that take no ``k``.
_NO_K = ("StdMean", "HeadTailBreaks", "BoxPlot")


def scheme_class(scheme: str) -> str:
    """The mapclassify class name a scheme string means (as geopandas reads it)."""
    key = str(scheme).lower().replace("_", "").replace("-", "").replace(" ", "")
    name = SCHEMES.get(key) or _SHORT.get(key)
    if name is None:
        raise ValueError(f"scheme={scheme!r} is not a mapclassify scheme: use one of "
                         f"{', '.join(sorted(SCHEMES.values()))} (any case, e.g. 'fisher_jenks')")
    return name


@dataclass
class Classes:
    """A classification of a column: bins, class of each unit, colours, labels.

    Attributes
    ----------
    scheme : str
        What was used (e.g. ``Quantiles``, ``FisherJenks``, ``diverging Quantiles at 100``).
    bins : numpy.ndarray
        Upper bounds of the classes (mapclassify's convention).
    yb : numpy.ndarray
        Class index of each unit, -1 for missing values.
    colors : list
        RGBA colour of each class.
    labels : list of str
        Legend label of each class.
    counts : list of int
        Units per class; ``n_missing`` units have no value.
    classifier : mapclassify classifier(s) behind it.
    """

    scheme: str
    bins: Any
    yb: Any
    colors: list
    labels: list
    counts: list
    n_missing: int
    lower: float
    classifier: Any = field(repr=False, default=None)

    def __repr__(self) -> str:
        rows = "\n".join(f"  {lab:>28}  n={c}" for lab, c in zip(self.labels, self.counts))
        return f"Classes({self.scheme}, k={len(self.bins)}, missing={self.n_missing})\n{rows}"


def classify(
    values,
    scheme: str = "quantiles",
    k: int = 5,
    bins=None,
    center: float | None = None,
    cmap: str | None = None,
    lang: str = "en",
    unit: str | None = None,
    decimals: int | None = None,
) -> Classes:
    """Classify values for a choropleth with mapclassify.

    Parameters
    ----------
    values : array-like
        The values; NaN marks missing data (its own class, never dropped).
    scheme : str
        A mapclassify scheme, named as in mapclassify and geopandas, in any case and with
        or without underscores: ``quantiles``, ``equal_interval``, ``fisher_jenks``,
        ``natural_breaks`` (mapclassify's NaturalBreaks, k-means based; kzregions 0.1
        mapped this name to FisherJenks), ``std_mean``, ``head_tail_breaks``, ``box_plot``,
        ``jenks_caspall``, ``maximum_breaks`` or ``user_defined`` (with ``bins``).
    k : int
        Number of classes (per side for a diverging scheme, rounded up).
    bins : sequence, optional
        Upper bounds for ``user_defined`` (implied when given).
    center : float, optional
        Make the scheme diverging around this value (e.g. 100 for an index where the
        national average is 100): the values below and above are classified separately,
        ``center`` is always a class break, and the colours run from one hue through a
        light middle to another.
    cmap : str, optional
        Colormap; default ``YlOrRd`` (sequential) or ``RdBu_r`` (diverging).
    lang : {"en", "kk", "ru"}
        Number format of the labels (``1,234.5`` or ``1 234,5``).
    unit : str, optional
        ``%`` is appended to each label; other units go in the legend title.
    decimals : int, optional
        Decimals of the labels; default the fewest that keep the class bounds distinct.
    """
    import mapclassify
    import numpy as np
    from matplotlib import colormaps

    y = np.asarray(values, dtype=float)
    ok = ~np.isnan(y)
    if not ok.any():
        raise ValueError("no values to classify: every value is missing")
    if bins is not None:
        scheme = "user_defined"
    check_lang(lang)
    cls_name = scheme_class(scheme)
    yv = y[ok]

    def run(v, kk):
        import warnings

        cls = getattr(mapclassify, cls_name)
        with warnings.catch_warnings():  # mapclassify's note that numba would be faster
            warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
            if cls_name == "UserDefined":
                if bins is None:
                    raise ValueError("scheme='user_defined' needs bins=[...]")
                return cls(v, bins=list(bins))
            if cls_name in _NO_K:
                return cls(v)
            kk = max(1, min(kk, len(np.unique(v))))
            return cls(v, k=kk)

    yb = np.full(len(y), -1)
    if center is None:
        c = run(yv, k)
        upper: Any = np.asarray(c.bins, dtype=float)
        yb[ok] = c.yb
        n = len(upper)
        name = cmap or "YlOrRd"
        colors = [colormaps[name](0.12 + 0.83 * i / max(n - 1, 1)) for i in range(n)]
        label = cls_name
        classifier = c
    else:
        lo_v, hi_v = yv[yv < center], yv[yv >= center]
        kk = max(1, math.ceil(k / 2))
        parts: list = []
        upper = []
        if len(lo_v):
            c_lo = run(lo_v, kk)
            # the last lower class ends at the centre, not at the largest value below it
            upper += [x for x in np.asarray(c_lo.bins, dtype=float)[:-1] if x < center] + [center]
            parts.append(c_lo)
        else:
            upper += [center]
        n_lo = len(upper)
        if len(hi_v):
            c_hi = run(hi_v, kk)
            upper += [x for x in np.asarray(c_hi.bins, dtype=float) if x > center] or [hi_v.max()]
            parts.append(c_hi)
        upper = np.asarray(upper, dtype=float)
        upper[-1] = max(upper[-1], yv.max())
        # values equal to the centre sit in the first class above it
        yb[ok] = np.where(yv < center, np.searchsorted(upper[:n_lo], yv, side="left"),
                          n_lo + np.searchsorted(upper[n_lo:], yv, side="left"))
        yb[ok] = np.minimum(yb[ok], len(upper) - 1)
        n_hi = len(upper) - n_lo
        cm = colormaps[cmap or "RdBu_r"]
        colors = [cm(0.05 + 0.4 * i / max(n_lo - 1, 1)) if n_lo > 1 else cm(0.3) for i in range(n_lo)]
        colors += [cm(0.55 + 0.4 * i / max(n_hi - 1, 1)) if n_hi > 1 else cm(0.7) for i in range(n_hi)]
        label = f"diverging {cls_name} at {center:g}"
        classifier = tuple(parts)
    if cls_name in ("Quantiles", "FisherJenks", "HeadTailBreaks") and center is None:
        # ties make data-driven schemes produce classes holding no unit (4.70 - 4.72 %):
        # merge them into the next class instead of showing an empty legend entry
        keep = [i for i in range(len(upper)) if (yb == i).any()]
        if len(keep) < len(upper):
            remap = {old: new for new, old in enumerate(keep)}
            upper = upper[keep]
            yb = np.array([remap.get(b, -1) if b >= 0 else -1 for b in yb])
            n = len(upper)
            colors = [colormaps[name](0.12 + 0.83 * i / max(n - 1, 1)) for i in range(n)]
    lower = float(np.nanmin(yv))
    counts = [int((yb == i).sum()) for i in range(len(upper))]
    labels = range_labels(lower, upper, lang, unit, decimals,
                           open_below=center is not None and (yv < center).any())
    return Classes(label, upper, yb, colors, labels, counts, int((~ok).sum()), lower, classifier)


def reclassify(cl: Classes, values) -> Classes:
    import numpy as np

    y = np.asarray(values, dtype=float)
    yb = np.full(len(y), -1)
    ok = ~np.isnan(y)
    yb[ok] = np.minimum(np.searchsorted(cl.bins, y[ok], side="left"), len(cl.bins) - 1)
    counts = [int((yb == i).sum()) for i in range(len(cl.bins))]
    return Classes(cl.scheme, cl.bins, yb, cl.colors, cl.labels, counts, int((~ok).sum()), cl.lower,
                   cl.classifier)


def decimals_for(edges) -> int:
    """The fewest decimals (0-4) that show every class bound to within 1 % of the narrowest
    class: 2,848 for GRP classes a thousand wide, 4.48 for unemployment, 0.115 for shares."""
    import numpy as np

    edges = np.unique(np.asarray(edges, dtype=float))
    widths = np.diff(edges)
    tol = 0.01 * widths.min() if len(widths) and widths.min() > 0 else 0.0
    for d in range(0, 5):
        if np.abs(np.round(edges, d) - edges).max() <= tol:
            return d
    return 4


def fmt_number(v: float, decimals: int, lang: str = "en") -> str:
    """Format a number for a legend: ``1,234.5`` (en) or ``1 234,5`` (kk, ru)."""
    s = f"{v:,.{decimals}f}"
    if lang in ("kk", "ru"):
        s = s.replace(",", "\u202f").replace(".", ",")  # narrow no-break space, decimal comma
    return s.replace("-", "\u2212")


def range_labels(lower, upper, lang, unit, decimals, open_below=False):
    d = decimals if decimals is not None else decimals_for([lower, *upper])
    pct = "\u202f%" if unit and unit.strip() == "%" else ""
    labels, lo = [], lower
    for hi in upper:
        a, b = fmt_number(lo, d, lang), fmt_number(hi, d, lang)
        labels.append(f"{a} \u2013 {b}{pct}" if a != b else f"{a}{pct}")
        lo = hi
    return labels
