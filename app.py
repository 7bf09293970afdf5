"""The bigcats dashboard: `panel serve app.py` in a clone, or `bigcats serve`. Only assembles."""
from dashboards.app import session

session().servable()
