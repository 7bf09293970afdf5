"""Encounter rate and its standard error across routes (Fewster et al. 2009, R2), by hand."""
import pytest

from bigcats.estimate.encounter import encounter_rate


def test_rate_and_r2_standard_error_by_hand():
    # 8 signs over 10 km on three routes: n/L = 0.8; var = 3 / (100 · 2) · (4 · 0.7² + 16 · 0.8² + 16 · 0.45²)
    #   = 0.015 · 15.44 = 0.2316
    rate, se = encounter_rate([3, 0, 5], [2, 4, 4])
    assert rate == pytest.approx(0.8) and se == pytest.approx(0.2316 ** 0.5)


def test_one_route_has_a_rate_and_no_standard_error():
    assert encounter_rate([3], [6]) == (0.5, None)


def test_routes_with_the_same_rate_vary_not_at_all():
    assert encounter_rate([1, 2, 4], [1, 2, 4])[1] == pytest.approx(0.0)


def test_a_route_of_no_length_is_refused():
    with pytest.raises(ValueError):
        encounter_rate([1, 2], [2, 0])
