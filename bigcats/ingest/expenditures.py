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

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bigcats.ingest.areas import ImportRefused
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store

REQUIRED = ("date", "activity", "amount", "currency")
DEFAULT_TOLERANCE = 0.10


class ExpendituresRefused(ImportRefused):
    def __init__(self, file: str, problems: list[tuple], over_budget: bool = False):
        self.problems, self.over_budget = problems, over_budget
        lines = [f"{file}, row {r}, column {c!r}: {why}" if r else f"{file}: {why}" for r, c, why in problems]
        head = ("needs confirmation: spending would exceed the budget; nothing was imported"
                if over_budget else "refused, nothing was imported")
        super().__init__(f"{file}: {head} ({len(problems)} problem{'s' if len(problems) != 1 else ''}): "
                         + "\n".join(lines))


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
    def amount_usd(self) -> float:
        return self.amount * self.rate_to_usd


def _parse_rows(text: str, default_proposal: int | None, problems: list) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    need = list(REQUIRED) + ([] if default_proposal else ["proposal"])
    missing = [c for c in need if c not in header]
    for c in missing:
        problems.append((1, c, "required column missing from the header"))
    if missing:
        return []
    return [(i, {k: (v or "").strip() for k, v in row.items() if k}) for i, row in enumerate(reader, start=2)]


def check(store: Store, rows: list[tuple[int, dict]], default_proposal: int | None, problems: list) -> list[Expenditure]:
    """Validate rows (row number, raw dict) into expenditures; problems appended as (row, column, reason)."""
    proposals = {r[0]: (r[1], r[2]) for r in store.sql(
        "SELECT proposal_id, period_start, period_end FROM proposals").iter_rows()}
    lines = {(r[0], r[1]) for r in store.sql(
        "SELECT proposal_id, code FROM activities WHERE planned_budget_usd IS NOT NULL AND kind <> 'step'").iter_rows()}
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
        code = row["activity"]
        if (pid, code) not in lines:
            known = ", ".join(sorted(c for p, c in lines if p == pid))
            problems.append((i, "activity", f"unknown activity {code!r} of proposal {pid}; its budget lines are {known}"))
        try:
            spent_on = date.fromisoformat(row["date"])
        except ValueError:
            problems.append((i, "date", f"{row['date']!r} is not a date YYYY-MM-DD"))
            spent_on = None
        if spent_on is not None:
            start, end = proposals[pid]
            if not start <= spent_on <= end:
                problems.append((i, "date", f"{spent_on} is outside proposal {pid}'s period {start} – {end}"))
        try:
            amount = float(row["amount"].replace(",", ""))
            if not amount > 0:
                problems.append((i, "amount", f"{row['amount']} must be more than zero"))
        except ValueError:
            problems.append((i, "amount", f"{row['amount']!r} is not a number"))
            amount = None
        currency = row["currency"].upper()
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
            try:
                rate = float(rate_text)
                if not rate > 0:
                    problems.append((i, "rate_to_usd", f"{rate_text} must be more than zero"))
            except ValueError:
                problems.append((i, "rate_to_usd", f"{rate_text!r} is not a number"))
                rate = None
        if len(problems) == bad:
            out.append(Expenditure(pid, code, spent_on, amount, currency, rate, row.get("description") or None))
    return out


def over_budget(store: Store, items: list[Expenditure], tolerance: float) -> list[tuple]:
    """Activities the new rows would take past budget × (1 + tolerance), as warnings."""
    spent = {(r[0], r[1]): r[2] for r in store.sql(
        "SELECT proposal_id, activity_code, sum(amount * rate_to_usd)::DOUBLE FROM expenditures GROUP BY 1, 2").iter_rows()}
    budgets = {(r[0], r[1]): float(r[2]) for r in store.sql(
        "SELECT proposal_id, code, planned_budget_usd FROM activities WHERE planned_budget_usd IS NOT NULL").iter_rows()}
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


def _write(store: Store, items: list[Expenditure], source: str, file: str, imported_by: str) -> int:
    proposals = sorted({e.proposal_id for e in items})
    for p in proposals:
        require(store, "expenditures", proposal=p)
    with recorded(store, "import expenditures" if file != "form" else "add expenditure", ["expenditures", "imports"],
                  target=", ".join(f"proposal {p}" for p in proposals), summary=file) as cur:
        for e in items:
            cur.execute("INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, rate_to_usd, "
                        "description, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [e.proposal_id, e.activity_code, e.spent_on, e.amount, e.currency, e.rate_to_usd,
                         e.description, source])
        cur.execute("INSERT INTO imports (kind, file, imported_by, rows_added, rows_changed, summary) "
                    "VALUES ('expenditures', ?, ?, ?, 0, ?)",
                    [file, imported_by, len(items), json.dumps({"usd": round(sum(e.amount_usd for e in items), 2)})])
    return len(items)


def import_expenditures(store: Store, path: str | Path, proposal_id: int | None = None,
                        tolerance: float = DEFAULT_TOLERANCE, confirm_over_budget: bool = False,
                        imported_by: str = "bigcats") -> int:
    """Import a CSV of expenditures in one transaction; returns the number of rows added."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        raise ExpendituresRefused(str(path), [(row, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                                             "save the file as UTF-8")]) from exc
    problems: list[tuple] = []
    rows = _parse_rows(text, proposal_id, problems)
    if not rows and not problems:
        problems.append((None, None, "no expenditure rows"))
    items = check(store, rows, proposal_id, problems) if rows else []
    if problems:
        raise ExpendituresRefused(str(path), problems)
    warnings = over_budget(store, items, tolerance)
    if warnings and not confirm_over_budget:
        raise ExpendituresRefused(str(path), [(rows[n][0], c, why) for n, c, why, _ in warnings], over_budget=True)
    return _write(store, items, f"expenditure import {path.name}", str(path), imported_by)


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
