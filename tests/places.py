"""Places in a store's own geometry that tests need (computed, never typed in)."""
from __future__ import annotations


def near_the_border(store, area: str = "LLNP", across: str = "TLNP", reach_degrees: float = 0.1) -> tuple[float, float]:
    """(latitude, longitude) of a point inside `area` within `reach_degrees` of `across`."""
    return store.sql("SELECT ST_Y(p) AS lat, ST_X(p) AS lon FROM (SELECT ST_PointOnSurface(ST_Intersection(a.geom, "
                     "ST_Buffer(b.geom, ?))) AS p FROM protected_areas a, protected_areas b "
                     "WHERE a.area_id = ? AND b.area_id = ?)", [reach_degrees, area, across]).row(0)
