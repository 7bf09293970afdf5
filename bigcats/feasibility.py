"""Phase-1 feasibility of the Lesser Khingan park (Proposal 2) and the readiness scorecard for the
decision on Phase 2: every score is a measure computed from the store against a criterion
(threshold and weight) the programme admin keeps in `readiness_criteria`.

A criterion scores min(1, measure / threshold) of its weight; the readiness is the weighted
share of full marks.
"""
from __future__ import annotations

from datetime import date

import polars as pl
from shapely import wkb

from bigcats import geo
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

PROPOSAL = 2  # the feasibility study of a national park (Proposal 2, Phase 1)

# measure -> (what it is, where it comes from)
MEASURES = {
    "census_routes": ("census routes surveyed", "census_routes (areas POMP, TPG, XQBT)"),
    "census_tigers": ("tiger track crossings counted on the census routes", "census_counts, species tiger"),
    "pomp_tiger_share": ("share of the Lesser Khingan tiger photographs taken inside the planned Pompeevski NP",
                         "queries/deployment_detections.sql, deployments located in POMP"),
    "activities_done": ("share of the Phase-1 activities A1-A6 done", "queries/feasibility_status.sql"),
    "deliverables_done": ("share of the deliverables D1-D3 done", "queries/feasibility_status.sql"),
    "budget_spent": ("share of Proposal 2's budget spent", "queries/expenditures_usd.sql over queries/budget_lines.sql"),
}
# the measures that are shares (0-1), shown as percentages
SHARE_MEASURES = frozenset({"pomp_tiger_share", "activities_done", "deliverables_done", "budget_spent"})


class CriterionRefused(ValueError):
    pass


def census_areas(store: Store) -> list[str]:
    """The areas whose census routes the study counts: the proposal's target areas (seed facts:
    the planned park and its neighbours across the border)."""
    parks = store.query("proposal_parks", lang="en")
    return parks.filter((pl.col("proposal_id") == PROPOSAL) & (pl.col("role") == "target"))["area_id"].to_list()


def planned_park(store: Store) -> dict:
    """Area of the park the study plans and the tiger photographs of its region inside it."""
    a = store.query("planned_parks", proposal_id=PROPOSAL).row(0, named=True)
    area = geo.area_km2(a["region_id"], wkb.loads(bytes(a["wkb"])))
    det = store.query("deployment_detections", region=a["region_id"], species="tiger",
                      date_from=date(2000, 1, 1), date_to=date(2100, 1, 1))
    total = int(det["detections"].sum())
    inside = int(det.filter(pl.col("located_in_area_id") == a["area_id"])["detections"].sum())
    return {"area_id": a["area_id"], "area_km2": area, "schematic": bool(a["schematic"]), "tiger_photos": total, "tiger_photos_inside": inside,
            "share_inside": inside / total if total else 0.0}


def measures(store: Store) -> dict[str, float]:
    status = store.query("feasibility_status", proposal_id=PROPOSAL, lang="en")
    census = store.query("census_routes_map")
    census = census.filter(pl.col("area_id").is_in(census_areas(store)))
    lines = store.query("budget_lines").filter(pl.col("proposal_id") == PROPOSAL)
    spent = store.query("expenditures_usd").filter(pl.col("proposal_id") == PROPOSAL)
    acts = status.filter(pl.col("kind") == "activity")
    dels = status.filter(pl.col("kind") == "deliverable")
    return {
        "census_routes": float(census["route_id"].n_unique()),
        "census_tigers": float(census.filter(pl.col("species_id") == "tiger")["crossings"].sum() or 0),
        "pomp_tiger_share": planned_park(store)["share_inside"],
        "activities_done": float((acts["status"] == "done").mean() or 0.0),
        "deliverables_done": float((dels["status"] == "done").mean() or 0.0),
        "budget_spent": float(spent["amount_usd"].sum() / lines["planned_budget_usd"].sum()),
    }


def scorecard(store: Store, lang: str = "en") -> pl.DataFrame:
    """Each criterion (named in `lang`) with its measured value, score, and where the value comes
    from."""
    crit = store.query("readiness_criteria", proposal_id=PROPOSAL, lang=lang)
    values = measures(store)
    rows = []
    for c in crit.iter_rows(named=True):
        v = values.get(c["measure"])
        share = min(1.0, v / c["threshold"]) if v is not None and c["threshold"] > 0 else 0.0
        rows.append({"criterion_id": c["criterion_id"], "name": c["name"], "measure": c["measure"], "value": v,
                     "threshold": c["threshold"], "weight": c["weight"], "score": share * c["weight"],
                     "met": share >= 1.0, "computed_from": MEASURES.get(c["measure"], ("", "unknown measure"))[1],
                     "edited_by": c["edited_by"], "edited_on": c["edited_on"]})
    return pl.DataFrame(rows)


def readiness(card: pl.DataFrame) -> float:
    w = card["weight"].sum()
    return float(card["score"].sum() / w) if w else 0.0


@one_transaction
def update_criterion(store: Store, criterion_id: str, threshold: float, weight: float, edited_by: str,
                     name: str | None = None) -> None:
    """Change a criterion's threshold and weight (and name), recording who and when."""
    if not edited_by.strip():
        raise CriterionRefused("say who edits the criterion")
    if not threshold > 0:
        raise CriterionRefused(f"{criterion_id}: threshold must be more than zero")
    if weight < 0:
        raise CriterionRefused(f"{criterion_id}: weight must not be negative")
    require(store, "scorecard")
    with recorded(store, "edit readiness criterion", ["readiness_criteria"], target=criterion_id) as cur:
        n = store.run(cur, "readiness_criterion_exists", criterion_id=criterion_id).fetchone()[0]
        if not n:
            raise CriterionRefused(f"no criterion {criterion_id}")
        store.run(cur, "edit_readiness_criterion", threshold=threshold, weight=weight, name=name,
                  edited_by=edited_by.strip(), criterion_id=criterion_id)

