"""Sex and age structure of the identified individuals.

Camtrap DP records sex and life stage per photograph, so the photographs of one animal can
disagree (a flank too dark to sex, an observer's slip). Each animal is given the sex most of its
sexed photographs show and the life stage most of its photographs show; the number of animals
whose photographs disagree is kept beside the counts, not hidden (Karanth & Nichols 1998 sex
animals from photographs the same way).
"""
from __future__ import annotations

import polars as pl


def individual_traits(detections: pl.DataFrame) -> pl.DataFrame:
    """One row per animal: sex and life stage by majority, and whether its photographs disagree.

    Input columns: animal_id, sex, life_stage (one row per photograph)."""
    def majority(col: str) -> pl.DataFrame:
        known = detections.filter(pl.col(col).is_not_null() & (pl.col(col) != "unknown"))
        counts = known.group_by("animal_id", col).len().sort(["animal_id", "len", col], descending=[False, True, False])
        first = counts.group_by("animal_id", maintain_order=True).first().select("animal_id", col)
        disagree = counts.group_by("animal_id").agg((pl.len() > 1).alias(f"{col}_disagrees"))
        return first.join(disagree, on="animal_id")

    animals = detections.select("animal_id").unique()
    out = (animals.join(majority("sex"), on="animal_id", how="left")
           .join(majority("life_stage"), on="animal_id", how="left")
           .with_columns(pl.col("sex").fill_null("unknown"), pl.col("life_stage").fill_null("unknown"),
                         pl.col("sex_disagrees").fill_null(False), pl.col("life_stage_disagrees").fill_null(False)))
    return out.sort("animal_id")


def sex_age_structure(detections: pl.DataFrame) -> pl.DataFrame:
    """Counts of animals by sex and life stage, with how many of them have disagreeing photographs.

    Columns: sex, life_stage, individuals, disagreeing."""
    traits = individual_traits(detections)
    return (traits.group_by("sex", "life_stage")
            .agg(pl.len().cast(pl.Int64).alias("individuals"),
                 (pl.col("sex_disagrees") | pl.col("life_stage_disagrees")).sum().cast(pl.Int64).alias("disagreeing"))
            .sort("sex", "life_stage"))
