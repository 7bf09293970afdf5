"""The bigcats dashboard: `panel serve app.py` in a clone, or `bigcats serve`. Only assembles."""
from dashboards.app import served_locally, session

served_locally(session().servable())
