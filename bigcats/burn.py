"""Budget burn from the store: the one place that runs the budget queries through the earned-value
estimators (`bigcats.estimate.budget`), for the Budget burn page, the steering report and
researchers in Jupyter alike.

The status date of a proposal is its data date: its latest expenditure or progress report, or
its start when there are none (PMI 2019, *The Standard for Earned Value Management*, ch. 4).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from bigcats.estimate import budget
from bigcats.frames import conform
from bigcats.store import Store

CURVE_COLUMNS = {"month": pl.Date, "planned_usd": pl.Float64, "actual_usd": pl.Float64, "planned_cum": pl.Float64,
                 "actual_cum": pl.Float64, "reported": pl.Boolean}
EARNED_COLUMNS = {"proposal_id": pl.Int64, "code": pl.Utf8, "title": pl.Utf8, "bac": pl.Float64, "pv": pl.Float64,
                  "ev": pl.Float64, "ac": pl.Float64, "cpi": pl.Float64, "spi": pl.Float64, "eac": pl.Float64,
                  "over_budget": pl.Boolean, "late": pl.Boolean}
SCHEDULE_COLUMNS = {"proposal_id": pl.Int64, "code": pl.Utf8, "title": pl.Utf8, "planned_start": pl.Date,
                    "planned_end": pl.Date, "first_spent": pl.Date, "last_spent": pl.Date,
                    "over_budget": pl.Boolean, "late": pl.Boolean}


@dataclass(frozen=True)
class Burn:
    """One proposal's budget burn, or the programme's (every proposal).

    status_dates: each proposal's data date;
    earned: EARNED_COLUMNS (+ remaining, cv, sv), one row per budget line (`budget.earned_value`);
    totals: `budget.totals` of the lines (bac, pv, ev, ac, cpi, spi, eac, ...);
    curve: CURVE_COLUMNS, planned value and actual cost by month and cumulated; `reported` is
      false after the latest status date (no actual cost is known there yet);
    schedule: SCHEDULE_COLUMNS, each line's planned dates and its first and last expenditure;
    synthetic: whether demo rows are among the expenditures or progress reports.
    """
    proposals: tuple[int, ...]
    status_dates: dict[int, date]
    earned: pl.DataFrame
    totals: dict
    curve: pl.DataFrame
    schedule: pl.DataFrame
    synthetic: bool


def status_date(lines: pl.DataFrame, spent: pl.DataFrame, progress: pl.DataFrame, pid: int) -> date:
    """The data date of a proposal: its latest expenditure or progress report (or its start)."""
    dates = (spent.filter(pl.col("proposal_id") == pid)["spent_on"].to_list()
             + progress.filter(pl.col("proposal_id") == pid)["reported_on"].to_list())
    return max(dates) if dates else lines.filter(pl.col("proposal_id") == pid)["period_start"][0]


def budget_lines(store: Store, lang: str = "en") -> pl.DataFrame:
    """The budget lines of every proposal, their titles in `lang` (the proposals' English where no
    translation is stored)."""
    titles = store.query("activity_titles", lang=lang).rename({"title": "title_in_lang"})
    return (store.query("budget_lines").join(titles, on=["proposal_id", "code"], how="left")
            .with_columns(pl.coalesce("title_in_lang", "title").alias("title")).drop("title_in_lang"))


def budget_burn(store: Store, proposal: int = 0, lang: str = "en") -> Burn:
    """The burn of `proposal`, or of the whole programme when it is 0; activity titles in `lang`."""
    lines, periods = budget_lines(store, lang), store.query("budget_periods")
    spent, progress = store.query("expenditures_usd"), store.query("progress_reports")
    ids = tuple([proposal] if proposal else sorted(set(lines["proposal_id"].to_list())))
    pv = budget.planned_value_by_month(lines, periods)
    dates = {p: status_date(lines, spent, progress, p) for p in ids}
    earned = pl.concat([budget.earned_value(lines.filter(pl.col("proposal_id") == p), pv, spent, progress, dates[p])
                        for p in ids])
    last = max(dates.values())
    curve = (budget.s_curve(pv.filter(pl.col("proposal_id").is_in(ids)), spent.filter(pl.col("proposal_id").is_in(ids)))
             .group_by("month").agg(pl.col("planned_usd", "actual_usd").sum()).sort("month")
             .with_columns(pl.col("planned_usd").cum_sum().alias("planned_cum"),
                           pl.col("actual_usd").cum_sum().alias("actual_cum"),
                           (pl.col("month") <= date(last.year, last.month, 1)).alias("reported")))
    actual = spent.group_by("proposal_id", "code").agg(pl.col("spent_on").min().alias("first_spent"),
                                                        pl.col("spent_on").max().alias("last_spent"))
    schedule = (lines.filter(pl.col("proposal_id").is_in(ids))
                .join(actual, on=["proposal_id", "code"], how="left")
                .join(earned.select("proposal_id", "code", "over_budget", "late"), on=["proposal_id", "code"], how="left")
                .select(list(SCHEDULE_COLUMNS)))
    return Burn(ids, dates, conform(earned, EARNED_COLUMNS, "earned"), budget.totals(earned, by=None).row(0, named=True),
                conform(curve, CURVE_COLUMNS, "curve"), conform(schedule, SCHEDULE_COLUMNS, "schedule"),
                bool(spent["synthetic"].any() or progress["synthetic"].any()))
