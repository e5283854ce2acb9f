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
from .._report import Report
from .._validate import user_stacklevel
from ..errors import ClassificationError, InvalidInputError
from ._ramps import MIN_DELTA_E, min_delta_e, narrow_stop, ramp  # noqa: F401  (MIN_DELTA_E: tests read it here)

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
        from .._messages import keyed  # in three languages at the command line (issue 26)

        raise keyed(ClassificationError, "scheme", scheme=scheme, schemes=", ".join(sorted(SCHEMES.values())))
    return name


@dataclass(eq=False)  # compared by identity (numpy arrays inside); pandas compares attrs
class Classes(Report):
    """A classification of a column (its report: ``notes``, :meth:`to_frame`): bins, classes, colours, labels.

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
    k_asked : int or None
        The number of classes asked for (None for schemes without ``k``).
    notes : list of str
        Why fewer classes came out than asked, how breaks were rounded, how much of the
        colour ramp is used: everything the classification decided for the user.

    Examples
    --------
    >>> import kzregions as kz
    >>> c = kz.classify([1.0, 2.0, 3.0, 4.0, 50.0, 60.0], k=2)
    >>> c.counts, c.n_missing
    ([4, 2], 0)
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
    k_asked: int | None = None
    notes: list = field(default_factory=list)
    decimals: int = 0
    #: True for measured (continuous) values: labels share their end points ("2 – 5", "5 – 10")
    #: and units are classed by their exact value; False for whole numbers (counts), whose
    #: labels never share one ("1 – 4", "5 – 10") and whose units are classed as printed.
    contiguous: bool = False

    def to_frame(self) -> Any:
        """One row per class, as the legend shows it.

        Returns
        -------
        pandas.DataFrame
            ``class`` (0 lowest), ``label``, ``lower`` and ``upper`` (a class holds values
            above ``lower`` up to ``upper``), ``count``, ``color`` (hex); ``attrs``:
            ``notes``, ``n_missing``, ``scheme``.

        Examples
        --------
        >>> import kzregions as kz
        >>> kz.classify([1.0, 2.0, 3.0, 4.0, 50.0, 60.0], k=2).to_frame()["count"].tolist()
        [4, 2]
        """
        from ._classframe import classes_frame

        return classes_frame(self)

    def __repr__(self) -> str:
        rows = "\n".join(f"  {lab:>28}  n={c}" for lab, c in zip(self.labels, self.counts))
        notes = "".join(f"\n  note: {n}" for n in self.notes)
        return f"Classes({self.scheme}, k={len(self.bins)}, missing={self.n_missing})\n{rows}{notes}"


def check_values(values, column: str | None = None):
    """The values as floats, or a :class:`ClassificationError` naming the column and why not:
    text (``'Abay'``) or infinite values (a division by zero upstream, never data)."""
    import numpy as np
    import pandas as pd

    what = f"column {column!r}" if column else "the values"
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        raise InvalidInputError(f"values={values!r:.60} ({type(values).__name__}): give a column, list or array of numbers")
    s = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values, dtype=object)
                                                                if not isinstance(values, np.ndarray)
                                                                else values)
    if s.dtype == bool or pd.api.types.is_bool_dtype(s.dtype):
        raise ClassificationError(f"{what} holds booleans (dtype {s.dtype}): map it with "
                                  "kz.categorical_map(gdf, column) instead")
    try:
        y = pd.to_numeric(s, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        bad = [v for v in s.dropna().unique()[:200] if not _is_number(v)][:3]
        raise ClassificationError(
            f"{what} has dtype {s.dtype} and holds text ({', '.join(map(repr, bad))}): a choropleth "
            "needs numbers. Convert it (pd.to_numeric(gdf[col], errors='coerce') turns text into "
            "NaN, drawn as no data) or draw categories with kz.categorical_map") from None
    inf = np.isinf(y)
    if inf.any():
        raise ClassificationError(
            f"{what} holds {int(inf.sum())} infinite value(s) ({int(np.isposinf(y).sum())} +inf, "
            f"{int(np.isneginf(y).sum())} -inf), usually a division by zero: replace them with NaN "
            "(gdf[col].replace([np.inf, -np.inf], np.nan), drawn as no data) or fix the division")
    return y


def _is_number(v) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def check_k(k) -> int:
    """``k`` as an int of at least 2, else a :class:`ClassificationError` naming it."""
    import numbers

    kf = float(k) if isinstance(k, numbers.Real) and not isinstance(k, bool) else math.nan
    if not math.isfinite(kf) or kf != int(kf):
        raise ClassificationError(f"k={k!r}: the number of classes must be a whole number, e.g. k=5")
    if int(kf) < 2:
        from .._messages import keyed

        raise keyed(ClassificationError, "k_min", k=k)
    return int(kf)


def check_bins(bins):
    """User bins as a strictly increasing float array, else a :class:`ClassificationError`."""
    import numpy as np

    try:
        b = np.asarray(list(bins), dtype=float)
    except (TypeError, ValueError):
        raise ClassificationError(f"bins={bins!r}: give the upper bounds of the classes as numbers, "
                                  "e.g. bins=[1000, 3000, 5000]") from None
    if b.ndim != 1 or len(b) == 0 or not np.isfinite(b).all():
        raise ClassificationError(f"bins={list(bins)!r}: give finite upper bounds, e.g. [1000, 3000, 5000]")
    if (np.diff(b) <= 0).any():
        raise ClassificationError(f"bins={list(bins)!r} must be strictly increasing (upper bounds of the "
                                  f"classes in order): did you mean {sorted(set(b.tolist()))}?")
    return b


def data_decimals(y) -> int | None:
    """The decimals the data are given to (0-3), or None for values computed to full
    precision (a density, a ratio)."""
    import numpy as np

    y = y[np.isfinite(y)]
    for d in range(0, 4):
        if np.allclose(np.round(y, d), y, rtol=0, atol=1e-9 * max(1.0, float(np.abs(y).max(initial=0)))):
            return d
    return None


def _nice_steps(span: float, finest: int):
    """Nice steps 5, 2, 1 x 10^n from the order of ``span`` down to 10^-finest."""
    import math

    top = math.floor(math.log10(span)) if span > 0 else 0
    for e in range(top, -finest - 1, -1):
        for m in (5, 2, 1):
            yield m * 10.0 ** e


def round_breaks(inner, lo: float, hi: float, finest: int):
    """Round inner breaks to the coarsest nice step that keeps them strictly inside
    (lo, hi), strictly increasing and each within 20 % of its narrower neighbouring class."""
    import numpy as np

    inner = np.asarray(inner, dtype=float)
    if len(inner) == 0:
        return inner
    edges = np.concatenate([[lo], inner, [hi]])
    widths = np.diff(edges)
    room = 0.2 * np.minimum(widths[:-1], widths[1:])
    for step in _nice_steps(hi - lo, finest):
        r = np.round(inner / step) * step
        if (np.abs(r - inner) <= room + 1e-12).all() and (np.diff(r) > 0).all() and r[0] > lo and r[-1] < hi:
            return np.round(r, max(0, finest))
    return inner


def _ecdf_breaks(yv, k: int, candidates):
    """From increasing ``candidates``, the k-1 breaks whose cumulative shares come nearest to
    1/k, 2/k, ... (greedy, strictly increasing): quantiles snapped to nice numbers."""
    import numpy as np

    ys = np.sort(yv)
    share = np.searchsorted(ys, candidates, side="right") / len(ys)
    out: list[float] = []
    last = -1
    for j in range(1, k):
        best = None
        for i in range(last + 1, len(candidates)):
            if 0 < share[i] < 1 and (best is None or abs(share[i] - j / k) < abs(share[best] - j / k)):
                best = i
        if best is None:
            break
        out.append(float(candidates[best]))
        last = best
    return np.array(sorted(set(out)))


def is_skewed(yv) -> bool:
    """Positive values spanning orders of magnitude (the 90th percentile at least 20 times the
    10th): district density, population. Such data get breaks from the 1-2-5 series."""
    import numpy as np

    if len(yv) < 5 or (yv <= 0).any():
        return False
    p10, p90 = np.percentile(yv, [10, 90])
    return bool(p10 > 0 and p90 / p10 >= 20)


def classify(
    values,
    scheme: str = "auto",
    k: int = 5,
    bins=None,
    center: float | None = None,
    cmap: str | None = None,
    lang: str = "en",
    unit: str | None = None,
    decimals: int | None = None,
    nice: bool = True,
    column: str | None = None,
) -> Classes:
    """Classify values for a choropleth with mapclassify.

    Parameters
    ----------
    values : array-like
        The values; NaN marks missing data (its own class, never dropped). Text or
        infinite values raise :class:`ClassificationError`.
    scheme : str
        ``"auto"`` (default): quantiles with nice breaks; for positive data spanning orders
        of magnitude (90th percentile >= 20 x the 10th, e.g. population density) the breaks
        are taken from the 1-2-5 series (1, 2, 5, 10, 20, ...) nearest to the quantiles,
        so no class swallows half the units. Otherwise a mapclassify scheme, named as in
        mapclassify and geopandas, in any case and with or without underscores:
        ``quantiles``, ``equal_interval``, ``fisher_jenks``, ``natural_breaks``
        (mapclassify's NaturalBreaks, k-means based), ``std_mean``, ``head_tail_breaks``,
        ``box_plot``, ``jenks_caspall``, ``maximum_breaks`` or ``user_defined`` (with ``bins``).
    k : int
        Number of classes, at least 2 (per side for a diverging scheme, rounded up).
    bins : sequence, optional
        Strictly increasing upper bounds for ``user_defined`` (implied when given).
    center : float, optional
        Make the scheme diverging around this value (e.g. 100 for an index where the
        national average is 100): the values below and above are classified separately,
        ``center`` is always a class break, and the colours run from one hue through a
        light middle to another.
    cmap : str, optional
        Colormap; default ``YlOrRd`` (sequential) or ``RdBu_r`` (diverging).
    lang : {"en", "kk", "ru"}
        Number format of the labels (``1,234.5`` or ``1 234,5``).
    column : str, optional
        The column's name, for error messages ("column 'x' holds text ...").
    unit : str, optional
        ``%`` is appended to each label; other units go in the legend title.
    decimals : int, optional
        Decimals of the labels; default the fewest that show the (rounded) breaks.
    nice : bool
        Round the breaks of data-driven schemes to nice numbers (default True; False keeps
        mapclassify's breaks exactly). Units are classed by their value as the legend
        prints it. Measured values get contiguous ranges that share their end points
        ("2 – 5", "5 – 10", the upper bound belonging to the class); whole numbers get
        ranges that never share one ("1 – 4", "5 – 10").

    Returns
    -------
    Classes
        With ``notes`` saying why fewer classes than ``k`` came out (also warned).

    Examples
    --------
    >>> c = classify([1.0, 2.0, 3.0, 4.0, 50.0, 60.0], k=2)
    >>> c.labels
    ['1 – 5', '6 – 60']
    """
    import warnings

    import mapclassify
    import numpy as np
    from matplotlib import colormaps

    y = check_values(values, column)
    ok = ~np.isnan(y)
    if not ok.any():
        why = "the frame has no rows" if len(y) == 0 else "every value is missing"
        raise ClassificationError(f"no values to classify in {column or 'the column'}: {why}")
    if bins is not None:
        scheme = "user_defined"
        bins = check_bins(bins)
    check_lang(lang)
    if cmap is not None and cmap not in colormaps:  # matplotlib's own KeyError would reach the user
        raise ClassificationError(f"cmap={cmap!r:.60}: not a matplotlib colour map; give one of its names, e.g. "
                                  "'YlOrRd', 'viridis' or 'RdBu_r' (all: list(matplotlib.colormaps))")
    auto = str(scheme).lower() == "auto"
    cls_name = "Quantiles" if auto else scheme_class(scheme)
    k_asked = None if cls_name in _NO_K or cls_name == "UserDefined" else check_k(k)
    yv = y[ok]
    notes: list[str] = []
    skewed = auto and center is None and is_skewed(yv)
    ddata = data_decimals(yv)
    finest = 4 if ddata is None else ddata
    n_unique = len(np.unique(yv))

    def run(v, kk):
        cls = getattr(mapclassify, cls_name)
        with warnings.catch_warnings():  # mapclassify's note that numba would be faster
            warnings.simplefilter("ignore")
            if cls_name == "UserDefined":
                return cls(v, bins=list(bins))
            if cls_name in _NO_K:
                return cls(v)
            kk = max(1, min(kk, len(np.unique(v))))
            return cls(v, k=kk)

    upper: Any = None
    n_lo = 0
    classifier: Any = None
    if center is None and k_asked is not None and n_unique <= k_asked:
        # no more classes than values: one class per distinct value
        upper = np.unique(yv)
        classifier = None
        label = f"{cls_name} (one class per value)"
    elif center is None:
        c = run(yv, k_asked or 5)
        upper = np.asarray(c.bins, dtype=float)
        classifier = c
        label = cls_name
        if cls_name in ("StdMean", "BoxPlot") and nice:
            # bounds below the smallest value make empty leading classes and legends that run
            # backwards ("1,672 - -2,383"): start at the data
            upper = upper[upper >= yv.min()]
            if len(upper) == 0 or upper[-1] < yv.max():
                upper = np.append(upper, yv.max())
        if skewed and nice:
            lo_e, hi_e = np.floor(np.log10(yv.min())), np.ceil(np.log10(yv.max()))
            cand = np.array([m * 10.0 ** e for e in np.arange(lo_e, hi_e + 1) for m in (1, 2, 5)])
            cand = cand[(cand > yv.min()) & (cand < yv.max())]
            inner = _ecdf_breaks(yv, k_asked or 5, cand)
            upper = np.append(inner, yv.max())
            label = "Quantiles, 1-2-5 breaks"
            notes.append("values span orders of magnitude: breaks from the 1-2-5 series nearest to the quantiles")
        elif nice and cls_name != "UserDefined" and len(upper) > 1:
            inner = round_breaks(upper[:-1], float(yv.min()), float(yv.max()), finest)
            if ddata is not None:
                # no break finer than the data (4.34 between rates given to 0.1): snapped to
                # their precision; breaks that meet or pass the maximum are dropped
                inner = np.unique(np.round(inner, ddata))
                inner = inner[(inner >= yv.min()) & (inner < yv.max())]
            upper = np.append(inner, upper[-1])
            if auto:
                label = "Quantiles, rounded"
    else:
        lo_v, hi_v = yv[yv < center], yv[yv >= center]
        kk = max(1, math.ceil((k_asked or 5) / 2))
        parts: list = []
        upper = []
        if len(lo_v):
            c_lo = run(lo_v, kk)
            lo_b = [x for x in np.asarray(c_lo.bins, dtype=float)[:-1] if x < center]
            if nice and lo_b:
                lo_b = list(round_breaks(lo_b, float(lo_v.min()), float(center), finest))
            # the last lower class ends at the centre, not at the largest value below it
            upper += lo_b + [center]
            parts.append(c_lo)
        else:
            upper += [center]
        n_lo = len(upper)
        if len(hi_v):
            c_hi = run(hi_v, kk)
            hi_b = [x for x in np.asarray(c_hi.bins, dtype=float) if x > center] or [hi_v.max()]
            if nice and len(hi_b) > 1:
                hi_b = list(round_breaks(hi_b[:-1], float(center), float(hi_v.max()), finest)) + [hi_b[-1]]
            upper += hi_b
            parts.append(c_hi)
        upper = np.asarray(upper, dtype=float)
        upper[-1] = max(upper[-1], yv.max())
        label = f"diverging {'Quantiles' if auto else cls_name} at {center:g}"
        classifier = tuple(parts)

    # the labels' precision, and each unit classed by its value as printed at it
    if decimals is not None:
        d = int(decimals)
    elif nice:
        d = _label_decimals(upper[:-1], yv, ddata)
        if label.endswith("(one class per value)"):
            # the classes are the values themselves: print them as the data give them (0.5, not 0)
            d = max(d, ddata if ddata is not None else _label_decimals(upper, upper))
    else:
        d = decimals_for([float(yv.min()), *upper])
    if center is None and len(upper) > 1:
        # two breaks that print alike (231844.59999999998 and 231844.6 at 4 decimals) would make
        # a class whose label repeats its neighbour's end: they are one break
        alike = np.r_[np.diff(np.round(upper, d)) <= 0, False]
        upper = upper[~alike]
    # whole numbers printed without decimals are discrete: "1 – 4", "5 – 10" leave out nothing.
    # Anything measured (a density, a rate given to 0.1) gets contiguous ranges "2 – 5", "5 – 10":
    # a gap would hide where 2.4 persons/km² belongs; each unit is then classed by its value
    # Values given to a known precision and printed at it (unemployment to 0.1) are discrete too:
    # "4.4", "4.5 – 4.6", "4.7 – 4.8" leave out nothing and no two labels share a value. A
    # contiguous "4.4" then "4.4 – 4.6" would put 4.4 in two classes as the reader sees it.
    contiguous = not (ddata is not None and d == ddata and (ddata == 0 or (decimals is None and nice)))
    if nice and not contiguous and center is None and ddata and cls_name != "UserDefined":
        # a class holding one printable value (0.1 points of unemployment) is a category, not
        # a class: classes span at least two steps of the data's precision
        wide = _widen_narrow(yv, upper, d, k_asked or 5, quantiles=cls_name == "Quantiles")
        if wide is not None:
            upper = wide
            step = fmt_number(10.0 ** -d, d)
            notes.append(f"classes narrower than two steps of the data's precision ({step}) merged")
            if label.endswith("(one class per value)"):
                label = f"{cls_name}, at least two steps of {step} per class"
    yq = np.round(yv, d) if nice and not contiguous else yv
    if center is None:
        yb_ok = np.minimum(np.searchsorted(upper, yq, side="left"), len(upper) - 1)
    else:
        # values equal to the centre sit in the first class above it
        yb_ok = np.where(yv < center, np.searchsorted(upper[:n_lo], yq, side="left"),
                         n_lo + np.searchsorted(upper[n_lo:], yq, side="left"))
        yb_ok = np.minimum(np.minimum(yb_ok, len(upper) - 1), np.where(yv < center, n_lo - 1, len(upper) - 1))
    # classes holding no unit (ties, rounding, a std-mean bound past the data) are merged
    # into the next class rather than shown as empty legend entries
    keep = [i for i in range(len(upper)) if (yb_ok == i).any()]
    if nice and center is None and len(keep) < len(upper) and cls_name != "UserDefined":
        remap = np.full(len(upper), -1)
        remap[keep] = np.arange(len(keep))
        upper = upper[keep]
        yb_ok = remap[yb_ok]
    yb = np.full(len(y), -1)
    yb[ok] = yb_ok
    n = len(upper)
    if k_asked is not None and n < k_asked and center is None:
        if n_unique <= k_asked:
            why = f"only {n_unique} distinct values"
        elif skewed and nice:
            why = "no more numbers of the 1-2-5 series fall between the quantiles of these values"
        elif any(n.startswith("classes narrower") for n in notes):
            why = "classes are at least two steps of the data's precision wide"
        else:
            why = "ties and rounded breaks left classes without a unit, merged into their neighbours"
        notes.insert(0, f"{n} classes instead of the {k_asked} asked for: {why}")
        warnings.warn(f"classify: {notes[0]}", UserWarning, stacklevel=user_stacklevel())

    if center is None:
        name = cmap or "YlOrRd"
        start, stop = 0.2, 0.95  # the lightest class stays clearly tinted (a city marker in it looks filled)
        lo, hi = float(yv.min()), float(yv.max())
        if lo > 0 and not skewed and (hi - lo) / hi < 0.5 and n > 1:
            # a narrow range (unemployment 4.1 - 5.0 %) is not drawn from the alarming dark end
            # of the ramp: the colours start at its light end and reach only as far as keeps
            # neighbouring classes apart (MIN_DELTA_E in CIELAB)
            stop = narrow_stop(colormaps[name], n, start)
            notes.append(f"values within {100 * (hi - lo) / hi:.0f} % of their maximum: colours use "
                         f"{100 * start:.0f}-{100 * stop:.0f} % of the ramp, neighbouring classes at least "
                         f"ΔE {min_delta_e(ramp(colormaps[name], n, start, stop)):.0f} apart")
        colors = ramp(colormaps[name], n, start, stop)
    else:
        n_hi = n - n_lo
        cm = colormaps[cmap or "RdBu_r"]
        # the classes next to the centre stay clearly tinted (0.35 / 0.65), not near white
        colors = [cm(0.05 + 0.30 * i / max(n_lo - 1, 1)) if n_lo > 1 else cm(0.3) for i in range(n_lo)]
        colors += [cm(0.65 + 0.30 * i / max(n_hi - 1, 1)) if n_hi > 1 else cm(0.7) for i in range(n_hi)]
    lower = float(np.nanmin(yv))
    counts = [int((yb == i).sum()) for i in range(n)]
    labels = range_labels(lower, upper, lang, unit, d, gap=nice and not contiguous)
    return Classes(label, upper, yb, colors, labels, counts, int((~ok).sum()), lower, classifier,
                   k_asked, notes, d, contiguous)


def _span(lo: float, upper, d: int):
    """Printable values (steps of 10^-d) in each discrete class: from the smallest value
    (first class) or one step above the previous bound, to the class's bound."""
    import numpy as np

    step = 10.0 ** -d
    starts = np.r_[round(lo, d), np.asarray(upper[:-1], dtype=float) + step]
    return np.rint((np.asarray(upper, dtype=float) - starts) / step).astype(int) + 1


def _widen_narrow(yv, upper, d: int, k: int, *, quantiles: bool):
    """Bounds whose classes each span at least two printable values, or None if they do
    already. Quantile schemes get new breaks nearest to the quantiles under that rule;
    other schemes merge each one-value class into its neighbour with fewer units."""
    import numpy as np

    upper = np.round(np.asarray(upper, dtype=float), d)
    lo = float(yv.min())
    if len(upper) < 2 or (_span(lo, upper, d) >= 2).all():
        return None
    if quantiles:
        # a break may sit on any printable value i (lo + i steps of 10^-d), but the share of units
        # at or below it changes only at the units' own values: the first value of each such run
        # (and the first one allowed) are the only candidates. Never a grid of every printable
        # value: from -8e5 to 8e5 with one decimal that is 16 million values, scanned in Python
        step = 10.0 ** -d
        base = round(lo, d)
        n_grid = int(round((upper[-1] - base) / step)) + 1
        ys = np.sort(np.round(yv, d))
        on = np.rint((ys - base) / step).astype(np.int64)
        runs = np.unique(np.r_[on - 1, on, on + 1])  # +-1: a value a hair off the grid still starts its run

        def value(i):
            return np.round(base + step * np.asarray(i), d)

        picked: list[int] = []
        for j in range(1, k):
            first, last = (1 if not picked else picked[-1] + 2), n_grid - 3  # the last class keeps two values too
            cand = np.r_[first, runs[(runs > first) & (runs <= last)]] if first <= last else np.array([], int)
            share = np.searchsorted(ys, value(cand) + step / 2, side="right") / len(ys)
            dist = np.where((share > 0) & (share < 1), np.abs(share - j / k), np.inf)
            if not len(cand) or not np.isfinite(dist).any():
                break
            picked.append(int(cand[np.argmin(dist)]))  # the first of equals, as a scan upwards would
        if picked:
            return np.r_[value(picked), upper[-1]]
    up = list(upper)
    yq = np.round(yv, d)
    while len(up) > 2:
        sp = _span(lo, up, d)
        narrow = np.flatnonzero(sp < 2)
        if not len(narrow):
            break
        i = int(narrow[0])
        units = np.bincount(np.searchsorted(up, yq, side="left").clip(0, len(up) - 1), minlength=len(up))
        # merge into the next class (drop this bound) or the previous one (drop its bound)
        into_next = i == 0 or (i < len(up) - 1 and units[i + 1] <= units[i - 1])
        del up[i if into_next else i - 1]
    return np.asarray(up) if len(up) < len(upper) else None


def _label_decimals(inner, yv, ddata: int | None = None) -> int:
    """Decimals that print every break exactly, and enough to separate the smallest values
    when the data are below 1 (shares of 0.11 - 0.19)."""
    import numpy as np

    inner = np.asarray(inner, dtype=float)
    d = 0
    for d in range(0, 5):
        if len(inner) == 0 or np.allclose(np.round(inner, d), inner, rtol=0, atol=1e-9):
            break
    span = float(np.max(yv) - np.min(yv)) if len(yv) else 0.0
    cap = 4 if ddata is None else max(ddata, d)  # never more decimals than the data have
    while d < cap and span > 0 and span < 10.0 ** (1 - d):  # at least ~10 steps over the range
        d += 1
    return d


def reclassify(cl: Classes, values, column: str | None = None) -> Classes:
    """The classes ``cl`` applied to other values (same bins, colours and labels)."""
    import numpy as np

    y = check_values(values, column)
    yb = np.full(len(y), -1)
    ok = ~np.isnan(y)
    yq = y[ok] if cl.contiguous else np.round(y[ok], cl.decimals)
    yb[ok] = np.minimum(np.searchsorted(cl.bins, yq, side="left"), len(cl.bins) - 1)
    counts = [int((yb == i).sum()) for i in range(len(cl.bins))]
    return Classes(cl.scheme, cl.bins, yb, cl.colors, cl.labels, counts, int((~ok).sum()), cl.lower,
                   cl.classifier, cl.k_asked, cl.notes, cl.decimals, cl.contiguous)


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


def range_labels(lower, upper, lang, unit, decimals, open_below=False, gap=True):
    """Class labels "a – b". With ``gap`` each class starts one step (10^-decimals) above
    the previous upper bound, so no two labels share an end point."""
    d = decimals if decimals is not None else decimals_for([lower, *upper])
    pct = "\u202f%" if unit and unit.strip() == "%" else ""
    step = 10.0 ** -d
    labels, lo = [], lower
    for i, hi in enumerate(upper):
        a_val = lo if (i == 0 or not gap) else lo + step
        if i == 0:  # the smallest value, rounded down: the label must contain it
            dd = d
            if a_val > 0 and math.floor(a_val * 10 ** d) == 0:  # 0.1 persons/km² is not "0"
                dd = min(4, -math.floor(math.log10(a_val)))
            a_val = math.floor(round(a_val * 10 ** dd, 6)) / 10 ** dd
            a = fmt_number(a_val, dd, lang)
        else:
            a = fmt_number(a_val, d, lang)
        if i == len(upper) - 1:  # the largest value, rounded up
            hi = math.ceil(round(hi * 10 ** d, 6)) / 10 ** d
        b = fmt_number(hi, d, lang)
        labels.append(f"{a} \u2013 {b}{pct}" if a != b and a_val < hi else f"{b}{pct}")
        lo = hi
    return labels


def refuse_counts(column: str | None, unit: str | None = None, *, what: str = "a choropleth") -> None:
    """Raise :class:`~kzregions.errors.ExtensiveVariableError` if ``column`` is a count or total
    (see :func:`kzregions._schema.indicator_kind`): its colours would show the units' size."""
    from .._schema import indicator_kind
    from ..errors import ExtensiveVariableError

    if column is None or indicator_kind(column, unit) != "extensive":
        return
    from .._messages import keyed  # in three languages at the command line (issue 26)

    raise keyed(ExtensiveVariableError, "extensive", column=column, unit=unit or "as the catalogue says", what=what)
