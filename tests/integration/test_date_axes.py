"""Time axes in the reader's language: Bokeh's default ticks write English month names, which a
Russian, Chinese or Mongolian reader of the budget burn or an animal's timeline would meet."""
import pytest

from bigcats import burn
from dashboards.figures import budget as figures


@pytest.mark.parametrize("lang", ["ru", "zh", "mn"])
def test_budget_time_axes_tick_in_numbers(seed_store, lang):
    b = burn.budget_burn(seed_store, 0, lang)
    for fig in (figures.s_curve(b, lang), figures.schedule(b, lang)):
        ticks = fig.xaxis[0].formatter
        assert (ticks.months, ticks.days, ticks.years) == ("%Y-%m", "%Y-%m-%d", "%Y")


def test_english_keeps_month_names(seed_store):
    ticks = figures.s_curve(burn.budget_burn(seed_store, 0, "en"), "en").xaxis[0].formatter
    assert ticks.months == "%b %Y"
