"""Medians and spread of a list of samples."""

from __future__ import annotations

import statistics

__all__ = ["summarize"]


def summarize(samples: list[float]) -> dict | None:
    """Median, quartiles (the spread we quote), extremes and count.

    >>> summarize([1.0, 2.0, 3.0, 4.0, 100.0])["median"]
    3.0
    """
    values = sorted(x for x in samples if x is not None)
    if not values:
        return None
    if len(values) > 1:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {
        "median": statistics.median(values),
        "p25": q1,
        "p75": q3,
        "min": values[0],
        "max": values[-1],
        "n": len(values),
    }
