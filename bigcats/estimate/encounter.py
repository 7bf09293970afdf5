"""Encounter rates of sign surveys: signs found per km walked.

The rate of a set of routes is n / L (signs over kilometres), its variance with the routes as
the replicates by the estimator R2 of Fewster, Buckland, Burnham, Borchers, Jupp, Laake & Thomas
(2009, Biometrics 65:225–236, eq. 5; Buckland et al. 2001's default for line transects):

    var(n / L) = K / (L² (K − 1)) · Σ_k l_k² (n_k / l_k − n / L)²

for K ≥ 2 routes of lengths l_k with n_k signs. An index of use, not of numbers (signs persist
and are found unequally on rock and snow): compared between places and years surveyed alike.
"""
from __future__ import annotations

import math

import numpy as np


def encounter_rate(signs, km) -> tuple[float, float | None]:
    """(n / L, its standard error by Fewster et al.'s R2) of routes with `signs` found over `km`;
    the standard error is None for fewer than two routes."""
    n, l = np.asarray(signs, dtype=float), np.asarray(km, dtype=float)
    if l.size == 0 or np.any(l <= 0):
        raise ValueError("every route needs a length above 0 km")
    if np.any(n < 0):
        raise ValueError("a count of signs cannot be negative")
    total_n, total_l, k = n.sum(), l.sum(), l.size
    rate = total_n / total_l
    if k < 2:
        return float(rate), None
    var = k / (total_l ** 2 * (k - 1)) * float((l ** 2 * (n / l - rate) ** 2).sum())
    return float(rate), math.sqrt(var)
