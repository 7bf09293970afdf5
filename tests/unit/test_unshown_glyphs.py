"""dashboards.figures.common.drop_unshown_glyphs and the Figure pane: a renderer keeps the dimmed
and faded copies of its glyph only when its figure can select or mute, and a page's figure
reaches the document with one glyph per renderer."""
from __future__ import annotations

import pytest
from bokeh.document import Document
from bokeh.models import GlyphRenderer, TapTool
from bokeh.plotting import figure

from dashboards.figures.common import drop_unshown_glyphs


def _chart():
    fig = figure(tools="pan")
    fig.line([0, 1, 2], [1, 3, 2], legend_label="a")
    fig.scatter([0, 1, 2], [1, 3, 2], legend_label="b")
    return fig


def test_a_figure_that_neither_selects_nor_mutes_keeps_one_glyph_per_renderer():
    fig = _chart()
    before = len(list(fig.references()))
    assert all(r.nonselection_glyph is not None and r.muted_glyph is not None for r in fig.renderers)
    assert drop_unshown_glyphs(fig) is fig
    assert all(r.nonselection_glyph is None and r.muted_glyph is None for r in fig.renderers)
    assert len(list(fig.references())) == before - 2 * len(fig.renderers)
    assert [type(r.glyph).__name__ for r in fig.renderers] == ["Line", "Scatter"]  # what is drawn stays


def test_a_figure_that_selects_keeps_its_dimmed_glyphs_and_one_that_mutes_its_faded_ones():
    selecting = _chart()
    selecting.add_tools(TapTool())
    drop_unshown_glyphs(selecting)
    assert all(r.nonselection_glyph is not None and r.muted_glyph is None for r in selecting.renderers)
    muting = _chart()
    muting.legend.click_policy = "mute"
    drop_unshown_glyphs(muting)
    assert all(r.nonselection_glyph is None and r.muted_glyph is not None for r in muting.renderers)


def test_the_figure_pane_sends_one_glyph_per_renderer():
    pn = pytest.importorskip("panel")
    from dashboards.common import Figure
    doc = Document()
    root = pn.Column(Figure(_chart())).get_root(doc)
    renderers = [m for m in root.references() if isinstance(m, GlyphRenderer)]
    assert len(renderers) == 2
    assert all(r.nonselection_glyph is None and r.muted_glyph is None for r in renderers)
