"""The pages of the dashboard: one module per page, each a `pn.viewable.Viewer` built from a
Store. They hold no SQL: every number comes from a named query in queries/."""
