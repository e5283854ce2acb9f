"""The table of a classification (:meth:`kzregions.plotting.classes.Classes.to_frame`): one
row per class as the legend shows it."""

from __future__ import annotations

from typing import Any


def classes_frame(cl: Any) -> Any:
    """``class``, ``label``, ``lower``, ``upper``, ``count`` and ``color`` (hex) per class of
    ``cl``; ``attrs``: ``notes``, ``n_missing``, ``scheme``."""
    import numpy as np
    import pandas as pd
    from matplotlib.colors import to_hex

    upper = np.asarray(cl.bins, dtype=float)
    lower = np.r_[cl.lower, upper[:-1]] if len(upper) else upper
    n = len(upper)
    out = pd.DataFrame({"class": np.arange(n), "label": list(cl.labels)[:n], "lower": lower, "upper": upper,
                        "count": list(cl.counts)[:n], "color": [to_hex(c, keep_alpha=False) for c in list(cl.colors)[:n]]})
    out.attrs = {"notes": list(cl.notes), "n_missing": int(cl.n_missing), "scheme": cl.scheme}
    return out
