"""Budget burn and earned value of the proposals' workplans.

Planned value (PV) is each budget line spread evenly over its planned months (the months of its
activity periods where a line runs in separate windows, e.g. "February 2020, February 2021";
else the months from its planned start to its planned end). Actual cost (AC) is the
expenditures in USD (amount × rate). Earned value (EV) is the budget times the share of the work
done at the latest progress report (Fleming & Koppelman 2010, *Earned Value Project
Management*, ch. 3; ANSI/EIA-748):

    CV = EV − AC,  SV = EV − PV,  CPI = EV / AC,  SPI = EV / PV,  EAC = BAC / CPI.

Lines the proposals define differently: a management fee (Proposal 2, 12.5%) is earned in
proportion to the work of the other lines; administrative costs (Proposal 3) are level of
effort, earned as planned (EV = PV).
"""
from __future__ import annotations

from datetime import date

import polars as pl

LINE_COLUMNS = ["proposal_id", "code", "kind", "title", "planned_budget_usd", "planned_start", "planned_end"]


def _month(d: date) -> date:
    return date(d.year, d.month, 1)


def _months(start: date, end: date) -> list[date]:
    out, m = [], _month(start)
    while m <= _month(end):
        out.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def planned_value_by_month(lines: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """PV of each budget line in each of its planned months.

    lines: LINE_COLUMNS; periods: proposal_id, code, start_month, end_month (lines running in
    several windows). Output: proposal_id, code, month, planned_usd.
    """
    windows: dict[tuple[int, str], list[tuple[date, date]]] = {}
    for r in periods.iter_rows(named=True):
        windows.setdefault((r["proposal_id"], r["code"]), []).append((r["start_month"], r["end_month"]))
    rows = []
    for r in lines.iter_rows(named=True):
        spans = windows.get((r["proposal_id"], r["code"])) or [(r["planned_start"], r["planned_end"])]
        months = sorted({m for s, e in spans for m in _months(s, e)})
        share = float(r["planned_budget_usd"]) / len(months)
        rows += [{"proposal_id": r["proposal_id"], "code": r["code"], "month": m, "planned_usd": share} for m in months]
    return pl.DataFrame(rows, schema={"proposal_id": pl.Int64, "code": pl.Utf8, "month": pl.Date, "planned_usd": pl.Float64})


def s_curve(pv: pl.DataFrame, expenditures: pl.DataFrame, status_date: date | None = None) -> pl.DataFrame:
    """Planned and actual cost by month and cumulatively, per proposal.

    expenditures: proposal_id, spent_on, amount_usd. Output: proposal_id, month, planned_usd,
    actual_usd, planned_cum_usd, actual_cum_usd (actual only up to the status date)."""
    planned = pv.group_by("proposal_id", "month").agg(pl.col("planned_usd").sum())
    actual = (expenditures.with_columns(pl.col("spent_on").dt.truncate("1mo").alias("month"))
              .group_by("proposal_id", "month").agg(pl.col("amount_usd").sum().alias("actual_usd")))
    out = (planned.join(actual, on=["proposal_id", "month"], how="full", coalesce=True)
           .with_columns(pl.col("planned_usd", "actual_usd").fill_null(0.0))
           .sort("proposal_id", "month")
           .with_columns(pl.col("planned_usd").cum_sum().over("proposal_id").alias("planned_cum_usd"),
                         pl.col("actual_usd").cum_sum().over("proposal_id").alias("actual_cum_usd")))
    if status_date is not None:
        out = out.with_columns(pl.when(pl.col("month") <= _month(status_date)).then(pl.col("actual_cum_usd"))
                               .alias("actual_cum_usd"))
    return out


def earned_value(lines: pl.DataFrame, pv: pl.DataFrame, expenditures: pl.DataFrame, progress: pl.DataFrame,
                 status_date: date, late_tolerance: float = 0.9, over_tolerance: float = 1.0) -> pl.DataFrame:
    """Earned-value figures of each budget line at `status_date`.

    progress: proposal_id, code, reported_on, percent_complete. Output per line: BAC, PV, EV, AC,
    CV, SV, CPI, SPI, EAC, spent share, remaining, variance, and flags: `over_budget` (AC above
    EV·over_tolerance, i.e. CPI < 1) and `late` (SPI below late_tolerance).
    """
    month = _month(status_date)
    pv_now = (pv.filter(pl.col("month") <= month).group_by("proposal_id", "code")
              .agg(pl.col("planned_usd").sum().alias("pv")))
    ac = (expenditures.filter(pl.col("spent_on") <= status_date).group_by("proposal_id", "code")
          .agg(pl.col("amount_usd").sum().alias("ac")))
    done = (progress.filter(pl.col("reported_on") <= status_date).sort("reported_on")
            .group_by("proposal_id", "code").agg(pl.col("percent_complete").last().alias("percent_complete")))
    base = (lines.select("proposal_id", "code", "kind", "title", pl.col("planned_budget_usd").cast(pl.Float64).alias("bac"))
            .join(pv_now, on=["proposal_id", "code"], how="left")
            .join(ac, on=["proposal_id", "code"], how="left")
            .join(done, on=["proposal_id", "code"], how="left")
            .with_columns(pl.col("pv", "ac", "percent_complete").fill_null(0.0)))
    base = base.with_columns(pl.when(pl.col("kind") == "admin").then(pl.col("pv"))
                             .otherwise(pl.col("bac") * pl.col("percent_complete") / 100).alias("ev"))
    # a fee is earned with the work of the other lines of its proposal
    work = (base.filter(~pl.col("kind").is_in(["fee", "admin"])).group_by("proposal_id")
            .agg((pl.col("ev").sum() / pl.col("bac").sum()).alias("work_share")))
    base = (base.join(work, on="proposal_id", how="left")
            .with_columns(pl.when(pl.col("kind") == "fee").then(pl.col("bac") * pl.col("work_share"))
                          .otherwise(pl.col("ev")).alias("ev"))
            .drop("work_share"))
    return _indices(base, late_tolerance, over_tolerance)


def _indices(df: pl.DataFrame, late_tolerance: float, over_tolerance: float) -> pl.DataFrame:
    cpi = pl.when(pl.col("ac") > 0).then(pl.col("ev") / pl.col("ac"))
    spi = pl.when(pl.col("pv") > 0).then(pl.col("ev") / pl.col("pv"))
    return (df.with_columns(cv=pl.col("ev") - pl.col("ac"), sv=pl.col("ev") - pl.col("pv"), cpi=cpi, spi=spi,
                            remaining=pl.col("bac") - pl.col("ac"), spent_share=pl.col("ac") / pl.col("bac"))
            .with_columns(eac=pl.when(pl.col("cpi") > 0).then(pl.col("bac") / pl.col("cpi")).otherwise(pl.col("bac")),
                          over_budget=(pl.col("ac") > pl.col("ev") * over_tolerance) & (pl.col("ac") > 0),
                          late=(pl.col("spi") < late_tolerance).fill_null(False))
            .with_columns(vac=pl.col("bac") - pl.col("eac")))


def totals(ev: pl.DataFrame, by: str = "proposal_id") -> pl.DataFrame:
    """Earned-value figures summed per proposal (or over the programme with by=None), with the
    indices recomputed from the sums (not averaged)."""
    sums = [pl.col(c).sum() for c in ("bac", "pv", "ev", "ac")]
    df = ev.group_by(by).agg(sums).sort(by) if by else ev.select(sums)
    return _indices(df, 0.9, 1.0)
