"""What `bigcats serve` hands Panel for every session (shipped in the wheel, unlike app.py)."""
from dashboards.app import served_locally, session

served_locally(session().servable())
