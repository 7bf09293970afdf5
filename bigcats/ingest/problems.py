"""The one shape of a refused import: every problem located as file, row, field and reason.

Every importer collects `Problem`s (all of them, not the first) and raises `ImportRefused` (or a
subclass) with them; nothing is written then. The command line prints the message one problem a
line; the upload component shows the same lines on the page.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED = 30  # problems printed; the count says how many there were


@dataclass(frozen=True)
class Problem:
    """Where an input is wrong and why.

    file: the file's name (or the option, e.g. '--tolerance', or 'form');
    row: the spreadsheet row (header = 1), record or feature number, or None for the whole file;
    field: the column, field or property, or None;
    row_word / field_word: how the format names them ('row'/'column' in CSV, 'record'/'field' in
    a bibliography, 'feature'/'field' in GeoJSON).
    """
    file: str
    row: int | str | None
    field: str | None
    reason: str
    row_word: str = "row"
    field_word: str = "column"

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{self.row_word} {self.row}")
        if self.field:
            parts.append(f"{self.field_word} {self.field!r}")
        return ", ".join(parts) + f": {self.reason}"


class ImportRefused(ValueError):
    """An import was refused and nothing was written; `problems` lists every located Problem."""

    head = "refused, nothing was imported"

    def __init__(self, source: str, problems: list[Problem] | str, head: str | None = None):
        if isinstance(problems, str):  # a refusal of the whole input
            problems = [Problem(str(source), None, None, problems)]
        self.source, self.problems = str(source), list(problems)
        head = head or self.head
        n = len(self.problems)
        lines = [str(p) for p in self.problems[:MAX_REPORTED]]
        more = [f"… and {n - MAX_REPORTED} more"] if n > MAX_REPORTED else []
        super().__init__(f"{self.source}: {head} ({n} problem{'s' if n != 1 else ''}): "
                         + "\n".join(lines + more))

    def lines(self) -> list[str]:
        """The problems, one a line, as the command line and the page show them."""
        return [str(p) for p in self.problems[:MAX_REPORTED]] + (
            [f"… and {len(self.problems) - MAX_REPORTED} more"] if len(self.problems) > MAX_REPORTED else [])
