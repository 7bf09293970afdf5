"""Every page builds in every language, passes Bokeh's integrity checks, its title and navigation
from the catalogue, and none of its words is left in English (the browser walk in tests/browser/test_pages.py shows each page in
one language and checks what Chromium draws; this covers every page in every language)."""
import html
import re

import pytest

from bigcats.i18n import LANGUAGES, t
from tests.words import allowed_words, untranslated

# Bokeh properties that hold words a person reads (a select's `value` is an option's key, not read)
READ = ("text", "title", "label", "placeholder", "axis_label", "name_", "labels", "factors", "tooltips", "options")
MARKUP = re.compile(r"<style.*?</style>|<script.*?</script>|<code>.*?</code>|<[^>]+>|@\{?\w+\}?(\{[^}]*\})?", re.S)


@pytest.fixture(scope="module")
def shell():
    pytest.importorskip("panel")
    from dashboards import shell
    return shell


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif hasattr(value, "value") and isinstance(getattr(value, "value"), str):  # a Value spec (legend label)
        yield value.value


def page_words(template) -> str:
    """Every word the page's Bokeh document holds for a reader: texts, titles, labels, options,
    axis and legend labels, and the cells a table shows; markup and code spans (file formats'
    column names) taken out."""
    from bokeh.document import Document
    from bokeh.models import GlyphRenderer, Text
    from bokeh.models.glyph import Glyph
    doc = Document()
    template.server_doc(doc)
    # Bokeh's own integrity checks (the served app skips them on each request: dashboards/server.py)
    from bokeh.core.validation.check import check_integrity
    errors = check_integrity(list(doc.models)).error
    assert not errors, [f"{e.code} {e.name}: {e.text}" for e in errors]
    out = []
    for model in doc.models:
        if isinstance(model, GlyphRenderer) and isinstance(model.glyph, Text):
            # text drawn on a plot: the column the glyph names (its own `text` is that column's name)
            out += [c for c in model.data_source.data.get(model.glyph.text, []) if isinstance(c, str)]
        if isinstance(model, Glyph):
            continue
        props = model.properties()
        for name in READ:
            if name in props:
                try:
                    value = getattr(model, name)
                except Exception:  # a property that only the browser fills
                    continue
                if name in ("options", "tooltips") and isinstance(value, list):
                    # an option is (value, label) and a tooltip (label, @field): the reader sees the label
                    value = [v[1 if name == "options" else 0] if isinstance(v, (list, tuple)) else v for v in value]
                out += list(_strings(value))
        if type(model).__name__ == "DataTabulator":
            fields = {c.field for c in model.columns}
            for field, cells in model.source.data.items():
                if field in fields:
                    out += [c for c in cells if isinstance(c, str)]
    return MARKUP.sub(" ", html.unescape(html.unescape(" \n ".join(out))))


# English is not walked here: an identifier or a "8.0" left on a page shows in every language, so
# the three translations find it (and the English pages are walked in the browser by their own tests)
@pytest.mark.slow
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_page_builds_in_the_language_with_no_word_left_in_english(shell, demo_reader, lang):
    allowed = allowed_words(demo_reader, lang)
    left = {}
    for slug, page in shell.PAGES.items():
        template = shell.build(slug, lang, store=demo_reader)
        assert template.title == f"{t('app_title', lang)} · {t(page.title_key, lang)}", slug
        nav = template.sidebar[1].object
        for other in shell.pages_for(demo_reader.actor).values():
            assert f">{t(other.title_key, lang)}</a>" in nav, (slug, other.slug)
        assert t(page.title_key, lang) != t(page.title_key, "en"), slug  # a translated title
        words = untranslated(page_words(template), allowed)
        if words:
            left[slug] = sorted(words)
    assert not left, left


@pytest.mark.slow
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_meeting_mode_has_no_word_left_in_english_on_any_slide(shell, demo_reader, lang):
    """The slides of `?present=1` (each built when first shown, so all built here) and their bar."""
    import panel as pn

    from dashboards.present import SLIDES, Presentation
    from dashboards.report import SteeringReport
    template = shell.build(None, lang, store=demo_reader, args={"present": "1", "proposal": "1"})
    assert template.title.startswith(t("present_title", lang))
    deck = Presentation(report=SteeringReport(demo_reader, 1, lang))
    everything = pn.Column(deck.__panel__(), *[deck.slide_view(i) for i in range(1, len(SLIDES))])
    text = page_words(everything)
    words = untranslated(text, allowed_words(demo_reader, lang))
    assert not words, sorted(words)
    if lang in ("ru", "mn"):  # thousands apart by a narrow space there ("4 000"), never by a comma
        assert not re.findall(r"\b\d{1,3},\d{3}\b", text), re.findall(r".{30}\b\d{1,3},\d{3}\b.{10}", text)


@pytest.mark.slow
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_the_activity_section_once_opened_has_no_word_left_in_english(demo_reader, lang):
    """The Population page's activity section computes nothing until opened, so the page walk
    above sees its title only: opened here, over the last two survey years (a short bootstrap)."""
    pytest.importorskip("panel")
    import panel as pn

    from bigcats import population
    from dashboards.activity import ActivityPatterns, offered_species
    years = population.survey_years(demo_reader, "tumen")[-2:]
    section = ActivityPatterns(demo_reader, offered_species(demo_reader, lang), species="leopard", scope="tumen",
                               years=(years[0], years[-1]), lang=lang, shown=True)
    words = page_words(pn.Column(section))
    assert "Δ̂₄" in words and t("overlap_coefficient", lang) in words
    assert not untranslated(words, allowed_words(demo_reader, lang))


@pytest.mark.slow
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_the_audit_trail_with_entries_has_no_word_left_in_english(shell, demo_store, lang):
    """The demo store's trail is empty, so the walk above sees the trail's empty state only: here a
    form's expenditure and an undo of it, the trail and the entry's rows as an admin reads them."""
    from bigcats import audit
    from bigcats.ingest.expenditures import add_expenditure
    from dashboards.audit import AuditTrail
    add_expenditure(demo_store, 1, "1.1", "2021-02-01", "10", "USD", description="fuel", confirm_over_budget=True)
    first = demo_store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0]
    audit.undo(demo_store, first)
    page = AuditTrail(store=demo_store, lang=lang)
    page.entry = int(first)
    words = page_words(page.__panel__())
    assert t("audit_do_add_expenditure", lang) in words and t("audit_do_undo", lang) in words
    assert not untranslated(words, allowed_words(demo_store, lang))
