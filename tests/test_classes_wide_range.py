"""Quantile breaks of a few values spread over a wide range (issue 26: the property test of
labelled classes spent 140 s on draws like these, 28 s for the first one below). Breaks were
chosen by scanning, in Python, every printable value between the smallest and the largest: 16
million values for -745886.8 .. 821699.6 at one decimal. Now only the values where the share of
units changes are candidates; the breaks are the same (checked against the old scan on 12,000
random tables when it changed)."""

from __future__ import annotations

import numpy as np

from kzregions.plotting.classes import classify


def test_few_values_over_a_wide_range_get_breaks_between_them():
    c = classify(np.array([-745886.8, -745886.8, 821699.6]), k=2, scheme="quantiles")
    assert list(c.counts) == [2, 1] and c.bins[0] < 821699.6
    wide = np.array([-5e8, -5e8, -5e8, 1.5, 5e8 + 0.1])
    c = classify(wide, k=3, scheme="quantiles")
    assert sum(c.counts) == 5 and all(n > 0 for n in c.counts)
    assert (np.diff(c.bins) > 0).all() and c.bins[-1] == wide.max()
