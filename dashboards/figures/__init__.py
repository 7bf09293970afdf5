"""Figures drawn from the library's frames, one module per subject, used alike by the pages, the
steering report and the exports (HoloViews and Bokeh; no Panel, no store)."""
