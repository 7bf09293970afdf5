"""The steering report and the pages show the same figures for each proposal: both read the same
services and format with the same functions, for the same reader (the report's generalised view,
as the public sees the pages)."""
import re

import pytest

pytestmark = pytest.mark.slow  # builds every proposal's report and four pages for each


@pytest.fixture(scope="module")
def modules():
    pytest.importorskip("panel")
    import panel as pn
    from dashboards.corridors import CorridorMaps as Corridors
    from dashboards.feasibility import Feasibility
    from dashboards.overview import Overview
    from dashboards.report import SteeringReport
    return pn, Corridors, Feasibility, Overview, SteeringReport


def report_number(html: str, css: str) -> str:
    m = re.search(rf'<div class="number {css}"><div class="value">([^<]*)</div>', html)
    assert m, f"the report shows no {css}"
    return m.group(1)


def page_number(pn, layout, css: str) -> str:
    """The text of the page's indicator marked `css`, as Panel formats it."""
    hits = [n for n in layout.select(pn.indicators.Number) if css in n.css_classes]
    assert hits, f"the page shows no {css}"
    n = hits[0]
    return n.format.format(value=n.value)


@pytest.mark.parametrize("proposal", [1, 2, 3])
def test_the_report_shows_the_pages_figures(modules, demo_reader, proposal):
    pn, Corridors, Feasibility, Overview, SteeringReport = modules
    from bigcats.access import REPORT
    reader = demo_reader.as_actor(REPORT)
    report = SteeringReport(demo_reader, proposal, "en")
    html = report.key_numbers() + report.corridor_map() + report.readiness()

    overview = Overview(store=reader, lang="en")
    card = overview._card(overview.proposals.filter(proposal_id=proposal).row(0, named=True))
    assert report_number(html, "n-spent") == page_number(pn, card, "share-spent-number")

    readiness = Feasibility(store=reader, lang="en")._scorecard()
    assert report_number(html, "n-readiness") == page_number(pn, readiness, "readiness-number")

    corridor = Corridors(store=reader, lang="en")
    corridor.region = report.region  # as a click on the region's button (its choices settle)
    view = corridor._view()
    for report_css, page_css in (("n-crossings", "number-crossings"), ("n-watched", "number-watched"),
                                 ("n-gaps", "number-gaps")):
        assert report_number(html, report_css) == page_number(pn, view, page_css), (proposal, report_css)


def test_the_sign_survey_section_is_the_pages_numbers_and_only_where_routes_were_walked(demo_reader):
    from datetime import date

    import polars as pl

    from bigcats import signs
    from dashboards import tables
    from dashboards.report import SteeringReport
    walked = signs.survey_scopes(demo_reader).filter(pl.col("scope_kind") == "region").row(0, named=True)
    proposals = demo_reader.query("proposal_overview", lang="ru")
    serving = proposals.filter(pl.col("region_id") == walked["scope"])["proposal_id"][0]
    elsewhere = proposals.filter(pl.col("region_id") != walked["scope"])["proposal_id"][0]
    html = SteeringReport(demo_reader, serving, "ru").sign_surveys()
    period = (date(walked["first_year"], 1, 1), date(walked["last_year"], 12, 31))
    _, summary = signs.encounter_rates(demo_reader, "snow_leopard", walked["scope"], *period)
    whole = summary.filter(pl.col("area_id") == "all").row(0, named=True)
    assert 'id="signs"' in html and "ДЕМО" in html.upper()
    assert f"{tables.number(whole['signs_per_km'], 'ru', 2)} ± {tables.number(whole['se'], 'ru', 2)}" in html
    samples = signs.sample_register(demo_reader, walked["scope"], *period).height
    assert f">{tables.number(samples, 'ru')}<" in html
    assert SteeringReport(demo_reader, elsewhere, "ru").sign_surveys() == ""


def test_a_store_without_camera_trap_surveys_reports_why_its_sections_are_empty(modules, seed_store):
    """The proposals' facts alone (a new store before its first season): the report still builds,
    and the camera-trap sections say there is no survey rather than failing or drawing nothing."""
    from bigcats.i18n import t
    *_, SteeringReport = modules
    assert seed_store.sql("SELECT count(*) FROM deployments").item() == 0
    html = SteeringReport(seed_store, 1, "ru").html()
    reason = t("report_no_camera_survey", "ru")
    for section in ("population", "shared", "corridors"):
        body = re.search(rf'<section id="{section}">(.*?)</section>', html, re.S).group(1)
        assert reason in body and 'class="figure"' not in body, section
    assert 'id="budget"' in html and 'class="number n-budget"' in html  # the rest of the report is there
