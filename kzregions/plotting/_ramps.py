"""Colour ramps of the classes: evenly spaced colours, and their distance in CIELAB so that
neighbouring classes of a narrow range stay apart in print (used by :mod:`.classes`)."""

from __future__ import annotations

import math

#: Least CIELAB distance (CIE76) between neighbouring class colours of a narrow range: about
#: five times the just-noticeable difference, so printed classes stay apart side by side.
MIN_DELTA_E = 15.0


def ramp(cm, n: int, start: float, stop: float) -> list:
    """``n`` colours evenly spaced on the colormap ``cm`` from ``start`` to ``stop`` (0-1)."""
    return [cm(start + (stop - start) * i / max(n - 1, 1)) for i in range(n)]


def _lab(rgba):
    """CIELAB (D65) of sRGB colours (rows of RGB or RGBA in 0-1)."""
    import numpy as np

    c = np.asarray(rgba, dtype=float)[:, :3]
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = c @ np.array([[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]])
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def min_delta_e(colors) -> float:
    """The least CIELAB distance (CIE76) between neighbouring colours of a legend."""
    import numpy as np

    if len(colors) < 2:
        return math.inf
    return float(np.linalg.norm(np.diff(_lab(colors), axis=0), axis=1).min())


def narrow_stop(cm, n: int, start: float) -> float:
    """The nearest end of the ramp from ``start`` at which ``n`` classes are at least
    :data:`MIN_DELTA_E` apart (the light half for 3-4 classes of YlOrRd; never past 0.95)."""
    stop = start + 0.3
    while stop < 0.95 and min_delta_e(ramp(cm, n, start, stop)) < MIN_DELTA_E:
        stop += 0.025
    return min(stop, 0.95)
