"""What `bigcats serve` hands Panel for every session (shipped in the wheel, unlike app.py)."""
from dashboards.app import session

session().servable()
