"""The Budget burn page after a write: the panes already on screen show what a page built afresh
from the store shows (numbers, curves, bars, table, Gantt), and they are the same panes (a write
updates them where they stand instead of sending the whole view to the browser again)."""
from __future__ import annotations

import pytest

pn = pytest.importorskip("panel")


def _shown_state(page) -> dict:
    """What a person reads on the page, pane by pane."""
    shown = page._shown

    def figure_data(fig):
        return [{k: [str(v) for v in r.data_source.data[k]] for k in sorted(r.data_source.data)} for r in fig.renderers]

    return {
        "numbers": [(c.name, c.value, c.format) for c in shown["numbers"]],
        "status": shown["status"].object,
        "s_curve": figure_data(shown["s_curve"].object),
        "burn": (figure_data(shown["burn"].object), list(shown["burn"].object.x_range.factors)),
        "gantt": (figure_data(shown["gantt"].object), list(shown["gantt"].object.y_range.factors),
                  shown["gantt"].object.height),
        "table": shown["table"].object,
    }


def _page(store, proposal: int):
    from bokeh.document import Document
    from dashboards.budget import BudgetBurn
    page = BudgetBurn(store=store, lang="ru", proposal=proposal)
    doc = Document()
    doc.add_root(pn.panel(page).get_root(doc))
    return page


@pytest.mark.parametrize("proposal", [0, 1])
def test_a_write_updates_the_shown_panes_to_what_a_fresh_page_shows(demo_store, proposal):
    from bigcats.ingest.expenditures import add_expenditure
    page = _page(demo_store, proposal)
    before = _shown_state(page)
    panes = {k: v if k != "numbers" else tuple(v) for k, v in page._shown.items()}
    figures = {k: page._shown[k].object for k in ("s_curve", "burn", "gantt")}

    # a new month of spending on a line with none yet (a new bar, a new Gantt span) and a large sum
    add_expenditure(demo_store, 1, "1.1", "2022-11-15", "12345", "USD", description="fuel", confirm_over_budget=True)
    page.revision += 1

    after = _shown_state(page)
    assert after != before
    assert after == _shown_state(_page(demo_store, proposal))
    assert {k: v if k != "numbers" else tuple(v) for k, v in page._shown.items()} == panes
    assert all(page._shown[k].object is fig for k, fig in figures.items()), "a figure was replaced, not updated"
    assert after["numbers"][1][1] == pytest.approx(before["numbers"][1][1] + 12345)  # spent


def test_a_figure_whose_renderers_differ_is_replaced():
    from bokeh.plotting import figure
    from dashboards.figures.common import redraw_in_place
    shown, drawn = figure(), figure()
    shown.line([0, 1], [0, 1])
    drawn.line([0, 1], [0, 1])
    drawn.scatter([0], [0])
    assert not redraw_in_place(shown, drawn)
    assert len(shown.renderers) == 1 and list(shown.renderers[0].data_source.data["x"]) == [0, 1]
    drawn.renderers = drawn.renderers[:1]
    drawn.renderers[0].data_source.data = {"x": [5, 6], "y": [7, 8]}
    assert redraw_in_place(shown, drawn)
    assert list(shown.renderers[0].data_source.data["x"]) == [5, 6]
