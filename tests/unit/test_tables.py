"""Tables for people: numbers in the language's way, estimates rounded to what their interval
supports, an interval that vanishes said in words."""
from bigcats.i18n import t
from dashboards.tables import estimate_cells, interval_decimals, number


def test_numbers_follow_the_language():
    assert number(1234567.891, "en", 2) == "1,234,567.89"
    assert number(1234567.891, "ru", 2) == "1\u202f234\u202f567,89"
    assert number(1234567.891, "mn", 0) == "1\u202f234\u202f568"
    assert number(None, "zh") == "—"


def test_estimates_are_rounded_to_their_interval():
    assert interval_decimals(72.3, 86.4) == 0      # width 14: whole numbers
    assert interval_decimals(0.62, 1.25) == 2      # width 0.63: two decimals
    assert estimate_cells(79.1, 79.0, 81.5, "en", whole=True) == ("79", "79 – 82")
    assert estimate_cells(0.863, 0.624, 1.19, "en", whole=False) == ("0.86", "0.62 – 1.19")


def test_an_interval_that_vanishes_is_said_in_words():
    for lcl, ucl in ((81.0, 81.0), (24.0, 24.011)):
        estimate, interval = estimate_cells(lcl, lcl, ucl, "ru", whole=True)
        assert interval == t("interval_zero", "ru", n=estimate) and "–" not in interval


def test_a_narrow_column_is_as_wide_as_its_headers_longest_word():
    from dashboards.tables import header_width
    assert header_width("Met", 60) == 60  # the column's own minimum
    assert header_width("Edited by, on", 0) == header_width("Edited", 0)  # the longest word, not the title
    assert header_width("Threshold", 60) > header_width("Weight", 60) > 60
    assert header_width("测量值", 0) == header_width("Weight", 0)  # a CJK character as wide as two letters


def test_a_year_is_written_without_a_thousands_separator_in_every_language():
    """'1963–1967', not '1 963–1 967' (Russian) or '1,963–1,967' (English), on the Facts page."""
    from dashboards.sources import fact_value
    span = {"value": 1963.0, "value_high": 1967.0, "qualifier": "range", "unit": "year", "as_of": None}
    count = {"value": 12000.0, "value_high": None, "qualifier": "exact", "unit": "km", "as_of": None}
    for lang in ("en", "ru", "zh", "mn"):
        assert fact_value(span, lang) == "1963–1967"
        assert fact_value(count, lang) != "12000"  # a count keeps its separator
