"""Tables for people (a steering meeting, a projector): headers from the message catalogue, values
translated, numbers written the way the language writes them, and estimates rounded to what their
interval supports. The CSV downloads keep the raw columns for researchers."""
from __future__ import annotations

import html
import math

import panel as pn
import polars as pl

from bigcats.feasibility import SHARE_MEASURES
from bigcats.i18n import t

# thousands and decimal separators: a narrow no-break space groups thousands in Russian and
# Mongolian, and Russian writes a decimal comma
SEPARATORS = {"en": (",", "."), "zh": (",", "."), "ru": ("\u202f", ","), "mn": ("\u202f", ".")}


def number(value, lang: str, decimals: int = 0) -> str:
    """`value` with the language's thousands and decimal separators; '—' when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    thousands, point = SEPARATORS.get(lang, SEPARATORS["en"])
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", point).replace("\x00", thousands)


def as_written(value, lang: str) -> str:
    """A threshold or weight as a committee writes it: 20, 0.2, 12.5 (not "20.0"), at most two
    decimals."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    decimals = next((d for d in (0, 1) if round(value, d) == round(value, 2)), 2)
    return number(value, lang, decimals)


def measure_text(measure: str, value: float | None, lang: str) -> str:
    """A feasibility criterion's measured value as a meeting reads it: a share as a percentage,
    a count whole."""
    if value is None:
        return "—"
    return f"{number(100 * value, lang)}%" if measure in SHARE_MEASURES else number(value, lang)


def hours(value, lang: str) -> str:
    """A duration in hours as a meeting reads it: whole hours from ten up, one decimal below
    (but "3", not "3.0"); '—' when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    decimals = 0 if value >= 10 or round(value, 1) == round(value) else 1
    return number(value, lang, decimals)


def whole_percent(share: float) -> int:
    """A share as the whole percent a meeting reads (72.5% would claim a precision no criterion
    or budget line has); the page's indicator and the report both show this number."""
    return int(round(100 * share))


def interval_decimals(lcl, ucl, most: int = 2) -> int:
    """Decimals an estimate is worth: two significant digits of its interval's width (a width of
    14 gives whole numbers, of 0.63 two decimals), at most `most`."""
    if lcl is None or ucl is None or not (ucl - lcl) > 0:
        return 0
    return max(0, min(most, 1 - math.floor(math.log10(ucl - lcl))))


def estimate_cells(estimate, lcl, ucl, lang: str, whole: bool) -> tuple[str, str]:
    """The estimate and its interval as text: a number of animals in whole animals, a density to
    at most two decimals, each to what its interval supports. An interval that vanishes at that
    precision is not certainty: the model could not measure its uncertainty (every animal seen
    often enough), so it is said in words ("no interval: at least 24")."""
    if estimate is None:
        return "—", "—"
    most = 0 if whole else 2
    d = interval_decimals(lcl, ucl, most)
    if lcl is None or ucl is None or round(ucl - lcl, most) == 0:
        n = number(estimate, lang, most)
        return n, t("interval_zero", lang, n=n)
    return number(estimate, lang, d), f"{number(lcl, lang, d)} – {number(ucl, lang, d)}"


def titles(columns, lang: str, **keys: str) -> dict[str, str]:
    """Headers for a table whose fields keep their stored names: each column's catalogue key is
    given in `keys`, or is the column's own name."""
    return {c: t(keys.get(c, c), lang) for c in columns}


def tabulator_language(lang: str) -> dict:
    """Tabulator's own words (the pagination buttons) in the page's language."""
    words = {k: t(f"page_{k}", lang) for k in ("first", "prev", "next", "last")}
    return {"locale": lang, "langs": {lang: {"pagination": {**words, **{f"{k}_title": v for k, v in words.items()}}}}}


def header_width(title: str, at_least: int) -> int:
    """Pixels for a Tabulator column whose header `title` must not break inside a word: its longest
    word in the header's bold 16-px type (about 12.5 px a letter in DejaVu Sans Bold, a CJK
    character two letters), with the header's padding, or `at_least`."""
    longest = max((sum(2 if ord(c) > 0x2e80 else 1 for c in word) for word in title.split()), default=0)
    return max(at_least, round(longest * 12.5 + 16))


# headers and long cells wrap onto more lines instead of being cut with an ellipsis
WRAP = """.tabulator-col-title { white-space: normal !important; overflow-wrap: anywhere; }
.tabulator-cell { white-space: normal !important; }"""


def people_table(frame: pl.DataFrame, css: str, lang: str, page_size: int = 15,
                 narrow: tuple[str, ...] = (), wide: tuple[str, ...] = (),
                 headers: dict[str, str] | None = None) -> pn.pane.HTML:
    """A read-only table of already translated text columns, key columns first, that fits the
    page's width (headers and cells wrap rather than scroll sideways), about `page_size` rows in
    view and the rest a scroll away under a header that stays; `narrow` columns (a year, a code)
    get a small fixed width, `wide` ones (a title) nearly a third of the table; `headers` name
    columns whose field keeps its stored name (`titles`).

    Plain HTML, one Bokeh model: a Tabulator costs a model per column, formatter and editor (a
    third of a table-heavy page's models) and its JavaScript measured rows and columns for as
    long as BokehJS drew the rest of the page (issue 13). A table a person clicks is
    `clickable_table`. Every cell is escaped: its text may come from a form or an import."""
    widths = "".join(f'<col style="width:{95 if c in narrow else "30%" if c in wide else "auto"}{"px" if c in narrow else ""}">'
                     for c in frame.columns)
    head = "".join(f"<th>{html.escape(str((headers or {}).get(c, c)))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in frame.iter_rows())
    return pn.pane.HTML(
        f'<div class="people-table" style="max-height:{3 + 2.6 * page_size:.0f}em">'
        f"<table><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>",
        sizing_mode="stretch_width", stylesheets=[PEOPLE_TABLE], css_classes=[css, "people-table-pane"])


def _cell(value) -> str:
    """A cell's text as Tabulator wrote it before: nothing for a missing value, a whole float
    without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


PEOPLE_TABLE = """
.people-table { overflow-y: auto; border: 1px solid #dee2e6; border-radius: 4px; }
/* auto layout: a column is at least as wide as its longest word, so that words and numbers
   ("0.85", "overspent") break only between each other; a word too long for the page breaks
   (break-word) rather than run past the window */
.people-table table { border-collapse: collapse; width: 100%; table-layout: auto; font-size: 14px; }
.people-table th { position: sticky; top: 0; z-index: 1; background: #f1f3f5; color: #212529; text-align: left;
  vertical-align: bottom; font-weight: 600; padding: 6px 8px; border-bottom: 2px solid #ced4da; overflow-wrap: normal; }
.people-table td { padding: 5px 8px; border-bottom: 1px solid #e9ecef; vertical-align: top; white-space: pre-line;
  overflow-wrap: break-word; }
.people-table tbody tr:nth-child(even) td { background: #f8f9fa; }
"""


def clickable_table(frame: pl.DataFrame, css: str, lang: str, page_size: int = 15,
                    wrapped: dict[str, int] | None = None) -> pn.widgets.Tabulator:
    """`people_table` as a Tabulator, for a table whose rows a person clicks (`on_click`), its
    pagination in the page's language. Each column as wide as its data and its header (a header
    never breaks inside a word), the last one taking what is left; a column in `wrapped` is that
    many pixels wide and its cells wrap (a long cell that would push the table past the page)."""
    wrapped = wrapped or {}
    return pn.widgets.Tabulator(frame.to_pandas(), disabled=True, show_index=False, pagination="local",
                                page_size=page_size, layout="fit_data_stretch", sizing_mode="stretch_width",
                                widths=wrapped, formatters={c: {"type": "textarea"} for c in frame.columns},
                                configuration=tabulator_language(lang), stylesheets=[WRAP], css_classes=[css])


def csv_download(frame: pl.DataFrame, filename: str, css: str, lang: str, width: int = 220) -> pn.widgets.FileDownload:
    """A button that downloads `frame` as the programme's CSV (`bigcats.spreadsheet`), dates as
    ISO text; the frame is written when the button is pressed."""
    import io

    from bigcats import spreadsheet

    def write():
        out = frame.with_columns(pl.col(pl.Date).cast(pl.Utf8))
        return io.BytesIO(spreadsheet.to_csv(out).encode("utf-8"))
    return pn.widgets.FileDownload(callback=write, filename=filename, label=t("download_csv", lang),
                                   button_type="primary", width=width, css_classes=[css])
