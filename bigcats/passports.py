"""Individual passports (Proposal 3 promises "a set of individual passports"): one card per animal
with its IDs in each park's catalogue, sex, age class, first and last detection, detections,
parks and a photograph where the catalogue has one; as a table, and as one printable,
self-contained HTML file (images embedded, no network) for a park's archive or a meeting."""
from __future__ import annotations

import base64
import html
from collections import Counter
from datetime import date

import polars as pl

from bigcats import spreadsheet
from bigcats.estimate.structure import individual_traits
from bigcats.i18n import t


SEXES = ("female", "male", "unknown")


def passports(detections: pl.DataFrame) -> pl.DataFrame:
    """One row per animal from the photographs of `identified_detections` (an animal is a set of
    linked catalogue entries)."""
    if detections.is_empty():
        return pl.DataFrame(schema={"animal_id": pl.Utf8, "catalogue_ids": pl.Utf8, "aliases": pl.Utf8,
                                    "catalogue_sex": pl.Utf8, "sex": pl.Utf8, "sexes_photographed": pl.Utf8,
                                    "sex_disagrees": pl.Boolean, "age_class": pl.Utf8, "first_seen": pl.Datetime("us"),
                                    "first_park": pl.Utf8, "first_country": pl.Utf8, "last_seen": pl.Datetime("us"),
                                    "last_park": pl.Utf8, "detections": pl.UInt32, "parks": pl.Utf8,
                                    "countries": pl.Utf8, "shared": pl.Boolean, "photo_media_id": pl.Utf8})
    det = detections.sort("observed_at", "observation_id")
    traits = individual_traits(det).select("animal_id", "sex", "sex_disagrees")
    photographed = (det.group_by("animal_id").agg(pl.col("sex").alias("s"))
                    .with_columns(pl.col("s").map_elements(
                        lambda xs: ", ".join(f"{k} {v}" for k, v in Counter(xs).most_common()), return_dtype=pl.Utf8)
                        .alias("sexes_photographed")).drop("s"))
    out = (det.group_by("animal_id").agg(
        pl.concat_str([pl.col("catalogue_area_id"), pl.col("individual_id")], separator=": ").unique().sort()
        .str.join("; ").alias("catalogue_ids"),
        pl.col("alias").drop_nulls().unique().sort().str.join("; ").alias("aliases"),
        pl.col("catalogue_sex").unique().sort().str.join(" / ").alias("catalogue_sex"),
        pl.col("life_stage").last().alias("age_class"),
        pl.col("observed_at").first().alias("first_seen"),
        pl.col("owner_area_id").first().alias("first_park"),
        pl.col("country").first().alias("first_country"),
        pl.col("observed_at").last().alias("last_seen"),
        pl.col("owner_area_id").last().alias("last_park"),
        pl.len().alias("detections"),
        pl.col("owner_area_id").unique().sort().str.join(", ").alias("parks"),
        pl.col("country").unique().sort().str.join(", ").alias("countries"),
        (pl.col("country").n_unique() > 1).alias("shared"),
        pl.col("media_id").drop_nulls().first().alias("photo_media_id"))
        .join(traits, on="animal_id").join(photographed, on="animal_id"))
    return out.select("animal_id", "catalogue_ids", "aliases", "catalogue_sex", "sex", "sexes_photographed",
                      "sex_disagrees", "age_class", "first_seen", "first_park", "first_country", "last_seen",
                      "last_park", "detections", "parks", "countries", "shared", "photo_media_id").sort("animal_id")


def passport_csv(pp: pl.DataFrame) -> str:
    return spreadsheet.to_csv(pp.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M")))


def sexes_in(photographed: str, lang: str) -> str:
    """'female 127, unknown 14' (the passports' column) in `lang`."""
    def one(part: str) -> str:
        sex, _, n = part.rpartition(" ")
        return f"{t(sex, lang) if sex in SEXES else sex} {n}"
    return ", ".join(one(p) for p in photographed.split(", ")) if photographed else ""


def place_names(codes: str, names: dict[str, str]) -> str:
    """'LLNP, TLNP' (a passport's parks) as the parks' names in the reader's language."""
    return ", ".join(names.get(c, c) for c in codes.split(", ")) if codes else ""


def country_names(codes: str, lang: str) -> str:
    """'CN, RU' as the countries' names in `lang`."""
    return ", ".join(t(f"country_{c}", lang) for c in codes.split(", ")) if codes else ""


def _card(row: dict, lang: str, photo: tuple[str, bytes] | None, park_names: dict[str, str] | None = None) -> str:
    """One animal's passport as HTML; parks by their names in `park_names` (their codes where a
    name is missing), countries by name."""
    e = html.escape
    names = park_names or {}
    if photo:
        img = f'<img alt="{e(t("photo", lang))}" src="data:{e(photo[0])};base64,{base64.b64encode(photo[1]).decode()}">'
    else:
        img = f'<div class="nophoto">{e(t("no_photo", lang))}</div>'
    sex = t(row["sex"], lang) if row["sex"] in SEXES else row["sex"]
    disagree = (f' <span class="disagree">({e(t("sexes_photographed", lang))}: '
                f'{e(sexes_in(row["sexes_photographed"], lang))})</span>' if row["sex_disagrees"] else "")
    rows = [
        (t("catalogue_ids", lang), e(row["catalogue_ids"]) + (f" — {e(row['aliases'])}" if row["aliases"] else "")),
        (t("sex", lang), e(sex) + disagree),
        (t("age_class", lang), e(t(row["age_class"], lang) if row["age_class"] else "")),
        (t("first_seen", lang), f"{row['first_seen']:%Y-%m-%d} · {e(place_names(row['first_park'], names))} "
                                f"({e(country_names(row['first_country'], lang))})"),
        (t("last_seen", lang), f"{row['last_seen']:%Y-%m-%d} · {e(place_names(row['last_park'], names))}"),
        (t("detections", lang), str(row["detections"])),
        (t("parks_col", lang), e(place_names(row["parks"], names))),
        (t("countries", lang), e(country_names(row["countries"], lang))
         + (f" — {e(t('shared', lang))}" if row["shared"] else "")),
    ]
    body = "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    title = row["catalogue_ids"].split(";")[0]
    return (f'<section class="passport"><h2>{e(t("passport", lang))}: {e(title)}</h2>'
            f'<div class="photo">{img}</div><table>{body}</table></section>')


def passports_html(pp: pl.DataFrame, title: str, lang: str, photos: dict[str, tuple[str, bytes]],
                   demo: bool, made_on: date | None = None, park_names: dict[str, str] | None = None) -> str:
    """All passports as one self-contained printable HTML document (one card per printed block),
    parks by their names in `park_names`."""
    e = html.escape
    badge = f'<p class="demo">{e(t("demo_badge", lang))}: {e(t("demo_badge_title", lang))}</p>' if demo else ""
    cards = "\n".join(_card(r, lang, photos.get(r["photo_media_id"]), park_names) for r in pp.iter_rows(named=True))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #212529; }}
h1 {{ font-size: 1.6em; }} .demo {{ background: #d9480f; color: white; padding: .4em .8em; font-weight: 700; }}
.passport {{ border: 2px solid #2b4d3f; border-radius: 8px; padding: 1em; margin: 1em 0; display: grid;
  grid-template-columns: 220px 1fr; gap: 1em; page-break-inside: avoid; break-inside: avoid; }}
.passport h2 {{ grid-column: 1 / 3; margin: 0; font-size: 1.3em; color: #2b4d3f; }}
.photo img {{ max-width: 220px; max-height: 180px; }} .nophoto {{ color: #868e96; font-style: italic; }}
th {{ text-align: left; padding-right: 1em; vertical-align: top; }} .disagree {{ color: #c92a2a; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{e(title)}</h1>{badge}
<p>{len(pp)} · {e(t("as_of", lang))} {(made_on or date.today()).isoformat()}</p>
{cards}
</body></html>"""
