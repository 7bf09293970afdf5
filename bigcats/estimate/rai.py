"""Relative abundance and naive occupancy from camera traps: indices, not estimates of numbers.

* Relative abundance index (RAI): independent detection events per 100 camera-days,
  RAI = 100 · Σ events / Σ camera-days (Carbone et al. 2001, Animal Conservation 4:75–79;
  O'Brien, Kinnaird & Wibisono 2003, Animal Conservation 6:131–139, "photographic rate"). Events
  are made independent by a minimum time between two photographs of a species at one camera
  (30 minutes by default, the convention of camtrapR's `minDeltaTime` and of O'Brien et al.).
  Comparable across places and years only where detectability is (same camera model, placement
  and season): a trend of the index is not a trend of abundance (Sollmann et al. 2013, Biological
  Conservation 159:405–412).
* Naive occupancy: the share of surveyed sites (grid cells) where the species was photographed at
  least once, ψ_naive = sites detected / sites surveyed. It ignores imperfect detection, so it is
  a lower bound of the occupancy an occupancy model would estimate (MacKenzie et al. 2002,
  Ecology 83:2248–2255, who call it the naive estimate).
"""
from __future__ import annotations

from datetime import datetime

import numpy as np

DEFAULT_INDEPENDENCE_MINUTES = 30


def camera_days(starts, ends, period_start: datetime, period_end: datetime) -> np.ndarray:
    """Days each camera ran inside [period_start, period_end): its deployment clipped to the
    period, in days (fractions kept: a camera set at noon ran half of its first day)."""
    out = []
    for s, e in zip(starts, ends):
        lo, hi = max(s, period_start), min(e, period_end)
        out.append(max((hi - lo).total_seconds(), 0.0) / 86400)
    return np.asarray(out, dtype=float)


def relative_abundance_index(events: float, days: float) -> float | None:
    """Independent events per 100 camera-days; None with no camera-days."""
    return 100.0 * events / days if days > 0 else None


def naive_occupancy(detected_sites: int, surveyed_sites: int) -> float | None:
    """Share of surveyed sites with at least one detection; None with no site surveyed."""
    if detected_sites > surveyed_sites:
        raise ValueError("more sites with detections than sites surveyed")
    return detected_sites / surveyed_sites if surveyed_sites else None
