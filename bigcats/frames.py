"""What a service returns is checked against the columns it documents: a page, a report or a
notebook can rely on a frame's columns and types, and a changed query fails here, by name, not
as a blank figure further on."""
from __future__ import annotations

import polars as pl


class FrameError(TypeError):
    """A frame lacks a documented column or holds it with another type."""


def conform(frame: pl.DataFrame, columns: dict[str, pl.DataType], name: str) -> pl.DataFrame:
    """`frame` with at least `columns` of the given types. An integer column is cast to another
    integer or float type (strictly: an overflow fails), a float to another float width, a
    datetime to another precision; an empty frame is given the types. Extra columns pass through."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise FrameError(f"{name}: missing column(s) {', '.join(missing)} (has {', '.join(frame.columns)})")
    casts = []
    for col, dtype in columns.items():
        have = frame.schema[col]
        if have == dtype:
            continue
        if frame.height == 0 or have == pl.Null or (have.is_integer() and dtype.is_numeric()) \
                or (have.is_float() and dtype.is_float()) \
                or (isinstance(have, pl.Datetime) and isinstance(dtype, pl.Datetime)):
            casts.append(pl.col(col).cast(dtype, strict=True))
        else:
            raise FrameError(f"{name}: column {col} is {have}, documented as {dtype}")
    return frame.with_columns(casts) if casts else frame
