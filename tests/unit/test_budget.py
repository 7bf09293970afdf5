"""Planned value and earned value, against hand computations from Proposal 1's workplan and a
small case worked on paper."""
from datetime import date

import polars as pl
import pytest

from bigcats.estimate import budget


def test_earned_value_on_a_case_worked_by_hand():
    lines = pl.DataFrame({"proposal_id": [9, 9, 9], "code": ["A", "B", "FEE"], "kind": ["budget_line", "budget_line", "fee"],
                          "title": ["a", "b", "fee"], "planned_budget_usd": [1000.0, 3000.0, 500.0],
                          "planned_start": [date(2021, 1, 1), date(2021, 1, 1), date(2021, 1, 1)],
                          "planned_end": [date(2021, 4, 30), date(2021, 2, 28), date(2021, 4, 30)]})
    pv = budget.planned_value_by_month(lines, pl.DataFrame(schema={"proposal_id": pl.Int64, "code": pl.Utf8,
                                                                    "start_month": pl.Date, "end_month": pl.Date}))
    spent = pl.DataFrame({"proposal_id": [9, 9, 9], "code": ["A", "B", "B"],
                          "spent_on": [date(2021, 2, 10), date(2021, 1, 20), date(2021, 2, 20)],
                          "amount_usd": [600.0, 1000.0, 1500.0]})
    progress = pl.DataFrame({"proposal_id": [9, 9, 9], "code": ["A", "B", "B"],
                             "reported_on": [date(2021, 2, 28), date(2021, 1, 31), date(2021, 2, 28)],
                             "percent_complete": [40.0, 30.0, 100.0]})
    ev = budget.earned_value(lines, pv, spent, progress, date(2021, 2, 28)).sort("code")
    a, b, fee = ev.rows(named=True)
    # A: PV = 2 of 4 months of 1000 = 500; EV = 40% of 1000 = 400; AC = 600
    assert (a["pv"], a["ev"], a["ac"]) == pytest.approx((500, 400, 600))
    assert (a["cv"], a["sv"], a["cpi"], a["spi"]) == pytest.approx((-200, -100, 400 / 600, 0.8))
    assert a["eac"] == pytest.approx(1000 / (400 / 600)) and a["over_budget"] and a["late"]
    # B: PV = 3000, EV = 3000 (latest report 100%), AC = 2500: under budget, on time
    assert (b["pv"], b["ev"], b["ac"], b["cpi"], b["spi"]) == pytest.approx((3000, 3000, 2500, 1.2, 1.0))
    assert not b["over_budget"] and not b["late"] and b["remaining"] == pytest.approx(500)
    # the fee is earned with the work: (400 + 3000) / 4000 of 500
    assert fee["ev"] == pytest.approx(500 * 3400 / 4000) and fee["pv"] == pytest.approx(250)
    t = budget.totals(ev).row(0, named=True)
    assert (t["bac"], t["pv"], t["ev"], t["ac"]) == pytest.approx((4500, 3750, 3825, 3100))
    assert t["cpi"] == pytest.approx(3825 / 3100) and t["spi"] == pytest.approx(3825 / 3750)


def test_s_curve_is_cumulative_and_stops_at_the_status_date():
    pv = pl.DataFrame({"proposal_id": [1, 1, 1], "code": ["x", "x", "x"],
                       "month": [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)], "planned_usd": [10.0, 10.0, 10.0]})
    spent = pl.DataFrame({"proposal_id": [1, 1], "spent_on": [date(2020, 1, 5), date(2020, 2, 7)], "amount_usd": [4.0, 6.0]})
    curve = budget.s_curve(pv, spent, date(2020, 2, 15))
    assert curve["planned_cum_usd"].to_list() == [10, 20, 30]
    assert curve["actual_cum_usd"].to_list() == [4, 10, None]
