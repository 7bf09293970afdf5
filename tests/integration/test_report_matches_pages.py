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
