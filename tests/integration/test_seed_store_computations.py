"""Computations on the seed facts as a store holds them: Proposal 1's planned value by hand, the
schematic parks' areas against the proposals' figures, and an upload refused by name."""
from datetime import date

import polars as pl
import pytest

from bigcats.estimate import budget
from bigcats.geo import area_km2
from dashboards.upload import Upload


def seed_frames(store, proposal_id):
    lines = store.query("activity_budgets", proposal_id=proposal_id)
    periods = store.sql("SELECT proposal_id, code, start_month, end_month FROM activity_periods WHERE proposal_id = ?",
                        [proposal_id])
    return lines, periods


def test_planned_value_of_proposal_1_by_hand(seed_store):
    lines, periods = seed_frames(seed_store, 1)
    pv = budget.planned_value_by_month(lines, periods)
    assert pv["planned_usd"].sum() == pytest.approx(200_000)
    one = pv.filter(pl.col("code") == "1.1").sort("month")
    # 1.1: 4 thousand USD over January-March 2020
    assert one["month"].to_list() == [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)]
    assert one["planned_usd"].to_list() == pytest.approx([4000 / 3] * 3)
    # 3.2: 20 thousand USD in two windows, December 2020 and November 2021, not the 12 months between
    rc = pv.filter(pl.col("code") == "3.2").sort("month")
    assert rc["month"].to_list() == [date(2020, 12, 1), date(2021, 11, 1)]
    assert rc["planned_usd"].to_list() == pytest.approx([10_000, 10_000])
    # January 2020 by hand: 1.1 4000/3 + 1.2 14000/3 + every other line planned that month
    jan = pv.filter(pl.col("month") == date(2020, 1, 1))["planned_usd"].sum()
    by_hand = 0.0
    for r in lines.iter_rows(named=True):
        wins = periods.filter(pl.col("code") == r["code"])
        if wins.height:
            months = sum((e.year - s.year) * 12 + e.month - s.month + 1 for s, e in wins.select("start_month", "end_month").rows())
            runs = any(s <= date(2020, 1, 31) and e >= date(2020, 1, 1) for s, e in wins.select("start_month", "end_month").rows())
        else:
            s, e = r["planned_start"], r["planned_end"]
            months = (e.year - s.year) * 12 + e.month - s.month + 1
            runs = s <= date(2020, 1, 31) and e >= date(2020, 1, 1)
        by_hand += r["planned_budget_usd"] / months if runs else 0.0
    assert jan == pytest.approx(by_hand) and jan > 4000 / 3 + 14000 / 3 - 1


def test_schematic_parks_have_the_areas_the_proposals_give(seed_store):
    from shapely import wkb
    rows = seed_store.sql("SELECT area_id, region_id, area_km2_reported, ST_AsWKB(geom) AS g FROM protected_areas "
                          "WHERE area_km2_reported IS NOT NULL")
    assert set(rows["area_id"]) == {"LLNP", "TLNP"}
    for area_id, region, reported, g in rows.iter_rows():
        assert area_km2(region, wkb.loads(bytes(g))) == pytest.approx(reported, rel=0.01), area_id


def test_a_refusal_shows_the_clients_name_not_the_servers_path(seed_store):
    text, kind = Upload("expenditures", seed_store).import_bytes(
        "/home/x/spend.csv", b"date,proposal,activity,amount,currency,rate_to_usd,description\n2020-02-10,1,9.9,1,USD,,x\n")
    assert kind == "danger" and "spend.csv, row 2, column 'activity'" in text
    assert "bigcats-upload-" not in text and "/home/x" not in text
