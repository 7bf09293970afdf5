"""Reading a Camtrap DP resource a column at a time: polars' reading of the file and Python's csv
module's give the same typed rows and the same located problems, and a date and time in any ISO
8601 form the standard allows is the same instant."""
from datetime import datetime

import polars as pl

from bigcats.ingest.camtrapdp import read_table

HEADER = "observationID,deploymentID,mediaID,eventStart,eventEnd,observationLevel,observationType,scientificName,count,sex\n"
ROWS = [
    'O1,D1,M1,2014-02-03T22:15:00+10:00,2014-02-03T22:15:00+10:00,media,animal,Panthera pardus,1,female\n',
    'O2,D1,,2014-02-03T12:15:00Z,2014-02-03T12:15:00.5Z,event,animal,"Panthera, tigris",2,\n',
    'O3,D2,,2014-02-03T22:15:00+1000,2014-02-03T22:15:00+10:00,event,blank,,,\n',
    'O4,D2,, 2014-02-04T01:00:00+08:00 ,2014-02-04T01:00:00+08:00,event,animal,Sus scrofa,0,male\n',
    'O1,D3,,yesterday,2014-02-04T01:00:00+08:00,event,cat,Sus scrofa,two,males\n',
]


def both_ways(tmp_path, rows: list[str]):
    """(frame, problems) read as the file is, and read again with a blank line after the header,
    which sends the file through Python's csv module (its rows keep their numbers: a blank line
    is no row)."""
    fast, slow = tmp_path / "fast.csv", tmp_path / "slow.csv"
    fast.write_text(HEADER + "".join(rows), encoding="utf-8")
    slow.write_text(HEADER + "\n" + "".join(rows), encoding="utf-8")
    found = []
    for path in (fast, slow):
        problems = []
        frame = read_table(path, "observations", problems)
        found.append((frame, [(row, col, why) for _, row, col, why in problems]))
    return found


def test_polars_and_the_csv_module_read_the_same(tmp_path):
    (fast, fast_problems), (slow, slow_problems) = both_ways(tmp_path, ROWS)
    assert fast.equals(slow) and fast_problems == slow_problems
    assert fast["_row"].to_list() == [2, 3, 4, 5, 6]
    # the same instant whatever the ISO form; a blank cell is none; text keeps its commas
    assert fast["eventStart"].to_list()[:4] == [datetime(2014, 2, 3, 12, 15)] * 3 + [datetime(2014, 2, 3, 17, 0)]
    assert fast["eventEnd"][1] == datetime(2014, 2, 3, 12, 15, 0, 500000)
    assert fast["scientificName"][1] == "Panthera, tigris" and fast["mediaID"][1] is None
    assert fast_problems == [
        (5, "count", "0 is out of range: must be at least 1"),
        (6, "observationID", "duplicate observationID 'O1' (first on row 2)"),
        (6, "eventStart", "'yesterday' is not a date and time with UTC offset, e.g. 2014-02-03T22:15:00+10:00"),
        (6, "observationType", "'cat' is not one of animal, human, vehicle, blank, unknown, unclassified"),
        (6, "count", "'two' is not a whole number"),
        (6, "sex", "'males' is not one of female, male"),
    ]


def test_a_row_with_too_many_values_is_named_and_left_out(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text(HEADER + ROWS[0] + "O9,D1,,2014-02-03T22:15:00+10:00,2014-02-03T22:15:00+10:00,event,animal,,,,extra\n"
                    + ROWS[3], encoding="utf-8")
    problems = []
    frame = read_table(path, "observations", problems)
    assert frame["observationID"].to_list() == ["O1", "O4"] and frame["_row"].to_list() == [2, 4]
    assert [(row, why) for _, row, _, why in problems] == [(3, "11 values for 10 columns"),
                                                           (4, "0 is out of range: must be at least 1")]


def test_columns_the_file_leaves_out_are_there_empty(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text(HEADER + ROWS[0], encoding="utf-8")
    frame = read_table(path, "observations", [])
    assert frame["individualID"].dtype == pl.Utf8 and frame["individualID"][0] is None
    assert frame["classificationProbability"].dtype == pl.Float64
