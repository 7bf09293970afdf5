"""Response times of alerts: the Kaplan-Meier median worked by hand on small sets."""
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from bigcats.alerts import by_month, kaplan_meier_median, response_times


def test_median_without_censoring_is_the_middle_time():
    # S(1) = 4/5, S(2) = 4/5 * 3/4 = 0.6, S(3) = 0.6 * 2/3 = 0.4 <= 0.5: the median is 3
    assert kaplan_meier_median(np.array([1, 2, 3, 4, 5.0]), np.ones(5, bool)) == 3.0


def test_a_censored_alert_stays_at_risk_and_moves_the_median():
    # 2 is censored (still open when read): S(1) = 0.8, S(3) = 0.8 * 2/3 = 0.533, S(4) = 0.533 / 2 = 0.267
    observed = np.array([True, False, True, True, True])
    assert kaplan_meier_median(np.array([1, 2, 3, 4, 5.0]), observed) == 4.0
    # leaving the open alert out instead would give 3 h: quicker than the park is
    assert kaplan_meier_median(np.array([1, 3, 4, 5.0]), np.ones(4, bool)) == 3.0


def test_no_median_while_more_than_half_wait():
    assert kaplan_meier_median(np.array([1, 2, 3.0]), np.array([True, False, False])) is None
    assert kaplan_meier_median(np.array([]), np.array([], bool)) is None


def test_response_times_per_park_and_kind_from_the_alerts():
    t0 = datetime(2025, 3, 1, 8, 0)
    rows = [  # (park, kind, hours to acknowledge or None, hours to resolve or None)
        ("LLNP", "forest_fire", 1, 10), ("LLNP", "forest_fire", 2, 20), ("LLNP", "forest_fire", 4, None),
        ("TLNP", "snare_found", None, None), ("TLNP", "snare_found", 6, 30)]
    frame = pl.DataFrame([{"area_id": a, "kind": k, "raised_at": t0,
                           "acknowledged_at": t0 + timedelta(hours=h) if h is not None else None,
                           "resolved_at": t0 + timedelta(hours=r) if r is not None else None} for a, k, h, r in rows])
    now = t0 + timedelta(hours=100)
    out = {r["area_id"]: r for r in response_times(frame, now).iter_rows(named=True)}
    assert out["LLNP"]["raised"] == 3 and out["LLNP"]["open"] == 0 and out["LLNP"]["resolved"] == 2
    assert out["LLNP"]["median_hours_to_acknowledge"] == 2.0           # 1, 2, 4: the middle one
    # resolved after 10 and 20 h, one unresolved at 100 h: S(10) = 2/3, S(20) = 1/3: the median is 20
    assert out["LLNP"]["median_hours_to_resolve"] == 20.0
    # one answered after 6 h, one still waiting at 100 h: S(6) = 1/2: the median is 6
    assert out["TLNP"]["open"] == 1 and out["TLNP"]["median_hours_to_acknowledge"] == 6.0
    assert out["TLNP"]["median_hours_to_resolve"] == 30.0


def test_alerts_per_month_and_kind():
    frame = pl.DataFrame({"raised_at": [datetime(2025, 1, 3), datetime(2025, 1, 30), datetime(2025, 2, 1)],
                          "kind": ["forest_fire", "forest_fire", "smuggling"]})
    out = by_month(frame).rows()
    assert out == [(datetime(2025, 1, 1).date(), "forest_fire", 2), (datetime(2025, 2, 1).date(), "smuggling", 1)]
