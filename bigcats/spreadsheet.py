"""CSV for spreadsheets: every table the product lets a person download as CSV goes through here.

A cell that starts with '=', '+', '-', '@', a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula ('=HYPERLINK(...)' in a publication title would run
when the register is opened). Such text cells are written with a leading apostrophe, as OWASP's
'CSV injection' guidance advises; numbers stay numbers (a negative number is a number, not text).
"""
from __future__ import annotations

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula made plain text."""
    text = [c for c, t in frame.schema.items() if t == pl.Utf8]
    if not text:
        return frame
    starts = "|".join("\\" + s if s in "+-\\" else s for s in ("=", "+", "-", "@")) + "|\t|\r"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(f"^({starts})")).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text)


def to_csv(frame: pl.DataFrame) -> str:
    """CSV text safe to open in a spreadsheet (dates and times as ISO text)."""
    return defuse(frame.with_columns(pl.col(pl.Date, pl.Datetime).cast(pl.Utf8))).write_csv()
