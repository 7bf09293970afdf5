"""bigcats: the knowledge and planning store of the NEASPEC transboundary big-cat programme.

The library holds everything but the user interface: the DuckDB store and its migrations,
ingest of seed facts and exchange formats, named queries, estimators and the demo simulation.
It never imports Panel, so a researcher can use it alone::

    from bigcats import Store
    store = Store.open()
    store.query("proposal_overview", lang="en")
"""
from bigcats.store import QueryError, Store, StoreError

__all__ = ["Store", "StoreError", "QueryError"]
__version__ = "0.1.0"
