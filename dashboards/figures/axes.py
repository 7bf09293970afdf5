"""Axes every figure shares: time ticks a reader of each language can read."""
from __future__ import annotations

from bokeh.models import DatetimeTickFormatter


def date_ticks(lang: str) -> DatetimeTickFormatter:
    """Bokeh's default date ticks write English month names ('Jan 2020'), which a Russian,
    Chinese or Mongolian reader meets as English words: every language but English gets numbers
    (2020-01, 2020-01-15), the form each of the three reads as a date."""
    if lang == "en":
        return DatetimeTickFormatter(years="%Y", months="%b %Y", days="%d %b %Y", hours="%H:%M")
    return DatetimeTickFormatter(years="%Y", months="%Y-%m", days="%Y-%m-%d", hours="%H:%M",
                                 hourmin="%H:%M", minutes="%H:%M", minsec="%H:%M:%S", seconds="%H:%M:%S")
