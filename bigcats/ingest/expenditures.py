"""Expenditures entered by programme officers, from a form (one row) or a CSV file: all or nothing.

CSV columns: `date` (YYYY-MM-DD), `activity` (the activity code of the proposal's workplan or
budget), `amount`, `currency` (ISO 4217, three letters), `rate_to_usd` (USD per unit of the
currency; empty or 1 for USD), `description`, and `proposal` (1, 2 or 3) unless the whole file
belongs to one proposal given by the caller.

Refused with the file, row, column and reason: an unknown activity, a zero or negative amount, a
foreign currency without its rate, a date outside the proposal's period, a malformed value, a
file that is not UTF-8. A row that would take an activity's spending past its budget by more
than `tolerance` (share of the budget) is a warning the officer must confirm
(`confirm_over_budget=True`); until then nothing is written.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from bigcats.ingest import checks
from bigcats.ingest.imports import earlier_import, record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

REQUIRED = ("date", "activity", "amount", "currency")
DEFAULT_TOLERANCE = 0.10
MAX_AMOUNT = 1e11   # in the row's currency (a Mongolian tugrik amount runs to millions)
MAX_RATE = 100.0    # USD per unit of a currency (no currency of the programme is worth more)
MAX_USD = 1e6       # one row; the whole programme is 324,000 USD


class ExpendituresRefused(ImportRefused):
    """Expenditures refused (or waiting for confirmation of spending over budget)."""

    def __init__(self, file: str, problems: list[tuple], over_budget: bool = False):
        self.over_budget = over_budget
        name = file
        super().__init__(file, [Problem(name, r, c, why) for r, c, why in problems],
                         head=("needs confirmation: spending would exceed the budget; nothing was imported"
                               if over_budget else None))


@dataclass
class Expenditure:
    proposal_id: int
    activity_code: str
    spent_on: date
    amount: float
    currency: str
    rate_to_usd: float
    description: str | None

    @property
    def key(self) -> tuple:
        """What makes two expenditures the same one."""
        return (self.proposal_id, self.activity_code, self.spent_on, float(self.amount), self.currency,
                self.description or "")

    @property
    def amount_usd(self) -> float:
        return self.amount * self.rate_to_usd


def check(store: Store, rows: list[tuple[int, dict]], default_proposal: int | None, problems: list) -> list[Expenditure]:
    """Validate rows (row number, raw dict) into expenditures; problems appended as (row, column, reason)."""
    proposals = {r[0]: (r[1], r[2]) for r in store.query("proposal_periods").iter_rows()}
    lines = {(r["proposal_id"], r["code"]) for r in store.query("budget_lines").iter_rows(named=True)}
    stored = {tuple(r) for r in store.query("stored_expenditure_keys").iter_rows()}
    first_row: dict[tuple, int] = {}
    out = []
    for i, row in rows:
        bad = len(problems)
        try:
            pid = int(row.get("proposal") or default_proposal or 0)
        except ValueError:
            problems.append((i, "proposal", f"{row.get('proposal')!r} is not a proposal number"))
            continue
        if pid not in proposals:
            problems.append((i, "proposal", f"no proposal {pid}; the proposals are {', '.join(map(str, sorted(proposals)))}"))
            continue
        code = row.get("activity", "")
        if (pid, code) not in lines:
            known = ", ".join(sorted(c for p, c in lines if p == pid))
            problems.append((i, "activity", f"unknown activity {code!r} of proposal {pid}; its budget lines are {known}"))
        spent_on = checks.day(row.get("date", ""), i, "date", problems)
        if spent_on is not None:
            start, end = proposals[pid]
            if not start <= spent_on <= end:
                problems.append((i, "date", f"{spent_on} is outside proposal {pid}'s period {start} – {end}"))
        amount = checks.number(row.get("amount", ""), i, "amount", problems, above=0, decimals=2, maximum=MAX_AMOUNT)
        currency = row.get("currency", "").upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            problems.append((i, "currency", f"{row['currency']!r} is not a three-letter currency code (USD, RUB, CNY, MNT)"))
        rate_text = row.get("rate_to_usd", "")
        if currency == "USD":
            rate = 1.0
            if rate_text not in ("", "1", "1.0", "1.00"):
                problems.append((i, "rate_to_usd", f"{rate_text!r}: a USD amount has rate 1"))
        elif not rate_text:
            problems.append((i, "rate_to_usd", f"missing: an amount in {currency} needs its rate to USD"))
            rate = None
        else:
            rate = checks.number(rate_text, i, "rate_to_usd", problems, above=0, maximum=MAX_RATE)
        description = checks.text(row.get("description", ""), i, "description", problems, max_chars=1000)
        if len(problems) == bad and amount * rate > MAX_USD:
            problems.append((i, "amount", f"{amount * rate:,.0f} USD is more than any expenditure of the programme "
                                          f"can be (at most {MAX_USD:,.0f} USD per row)"))
        if len(problems) == bad:
            e = Expenditure(pid, code, spent_on, amount, currency, rate, description)
            if e.key in first_row:
                problems.append((i, "amount", f"the same expenditure as row {first_row[e.key]} (date, activity, amount, "
                                              "currency, description): give each its own description"))
                continue
            if e.key in stored:
                problems.append((i, "amount", "this expenditure is already stored (same date, activity, amount, "
                                              "currency and description): was the file imported before?"))
                continue
            first_row[e.key] = i
            out.append(e)
    return out


def over_budget(store: Store, items: list[Expenditure], tolerance: float) -> list[tuple]:
    """Activities the new rows would take past budget × (1 + tolerance), as warnings."""
    spent = {(r["proposal_id"], r["code"]): r["amount_usd"] for r in store.query("expenditures_usd")
             .group_by("proposal_id", "code").agg(pl.col("amount_usd").sum()).iter_rows(named=True)}
    budgets = {(r["proposal_id"], r["code"]): r["planned_budget_usd"]
               for r in store.query("budget_lines").iter_rows(named=True)}
    running: dict[tuple, float] = {}
    warnings = []
    for n, e in enumerate(items):
        key = (e.proposal_id, e.activity_code)
        running[key] = running.get(key, spent.get(key, 0.0)) + e.amount_usd
        limit = budgets[key] * (1 + tolerance)
        if running[key] > limit and not any(w[3] == key for w in warnings):
            warnings.append((n, "amount", f"activity {e.activity_code} of proposal {e.proposal_id} would reach "
                             f"{running[key]:,.0f} USD against its budget of {budgets[key]:,.0f} USD "
                             f"(more than {tolerance:.0%} over); confirm to import", key))
    return warnings


@one_transaction
def _write(store: Store, items: list[Expenditure], source: str, file: str, imported_by: str,
           digest: str | None = None) -> int:
    proposals = sorted({e.proposal_id for e in items})
    for p in proposals:
        require(store, "expenditures", proposal=p)
    with recorded(store, "import expenditures" if file != "form" else "add expenditure", ["expenditures", "imports"],
                  target=", ".join(f"proposal {p}" for p in proposals), summary=file) as cur:
        for e in items:
            store.run(cur, "add_expenditure", expenditure_id=store.next_id(cur, "expenditures"), proposal_id=e.proposal_id, activity_code=e.activity_code,
                      spent_on=e.spent_on, amount=e.amount, currency=e.currency, rate_to_usd=e.rate_to_usd,
                      description=e.description, source=source)
        record_import(store, cur, "expenditures", file, imported_by, len(items),
                      summary={"usd": round(sum(e.amount_usd for e in items), 2)}, content_sha256=digest)
    return len(items)


def import_expenditures(store: Store, path: str | Path, proposal_id: int | None = None,
                        tolerance: float = DEFAULT_TOLERANCE, confirm_over_budget: bool = False,
                        imported_by: str = "bigcats") -> int:
    """Import a CSV of expenditures in one transaction; returns the number of rows added."""
    path = Path(path)
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and 0 <= tolerance <= 10):
        raise ExpendituresRefused("--tolerance", [(None, None, f"{tolerance!r} must be a share between 0 and 10 "
                                                              "(0.1 = 10 % over an activity's budget)")])
    problems: list[tuple] = []
    need = REQUIRED + (() if proposal_id else ("proposal",))
    rows = checks.read_csv(path, need, problems)
    if not rows and not problems:
        problems.append((None, None, "no expenditure rows"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if not problems else None
    if digest:
        before = earlier_import(store, "expenditures", digest)
        if before:
            problems.append((None, None, f"this file was imported already (import #{before['import_id']} on "
                                         f"{before['imported_at']:%Y-%m-%d %H:%M}); nothing was imported again"))
    items = check(store, rows, proposal_id, problems) if rows and not problems else []
    if problems:
        raise ExpendituresRefused(str(path), problems)
    warnings = over_budget(store, items, tolerance)
    if warnings and not confirm_over_budget:
        raise ExpendituresRefused(str(path), [(rows[n][0], c, why) for n, c, why, _ in warnings], over_budget=True)
    return _write(store, items, f"expenditure import {path.name}", str(path), imported_by, digest)


def add_expenditure(store: Store, proposal_id: int, activity: str, spent_on: str, amount: str, currency: str,
                    rate_to_usd: str = "", description: str = "", tolerance: float = DEFAULT_TOLERANCE,
                    confirm_over_budget: bool = False, entered_by: str = "form") -> Expenditure:
    """One expenditure from the form, with the same checks as a CSV row."""
    problems: list[tuple] = []
    row = {"proposal": str(proposal_id), "activity": activity, "date": spent_on, "amount": str(amount),
           "currency": currency, "rate_to_usd": str(rate_to_usd or ""), "description": description}
    items = check(store, [(1, row)], proposal_id, problems)
    if problems:
        raise ExpendituresRefused("form", problems)
    warnings = over_budget(store, items, tolerance)
    if warnings and not confirm_over_budget:
        raise ExpendituresRefused("form", [(1, c, why) for _, c, why, _ in warnings], over_budget=True)
    _write(store, items, f"expenditure form ({entered_by})", "form", entered_by)
    return items[0]
