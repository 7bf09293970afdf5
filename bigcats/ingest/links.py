"""Individual links: a person records that catalogue entries of two parks are one animal.

The candidate queue (queries/candidate_matches.sql) proposes pairs; nothing is linked until a
person confirms with the evidence they used (pelage pattern, matching photographs) and their name.
"""
from __future__ import annotations

from datetime import date

from bigcats.access import allowed, require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction


class LinkRefused(ValueError):
    """A link (a form entry, not a file) was refused; the message says why."""


@one_transaction
def link_individuals(store: Store, area_a: str, individual_a: str, area_b: str, individual_b: str,
                     evidence: str, matched_by: str, matched_on: date | None = None, source: str | None = None) -> None:
    """Record that two catalogue entries are one animal, in one transaction."""
    if not (evidence or "").strip():
        raise LinkRefused("a link needs its evidence (e.g. 'left-flank rosettes match, photos M12 and C-0456')")
    if not (matched_by or "").strip():
        raise LinkRefused("a link needs the name of the person who matched the entries")
    if area_a == area_b:
        raise LinkRefused(f"{area_a}/{individual_a} and {area_b}/{individual_b} are in one catalogue: "
                          "a link joins the catalogues of two parks")
    # an editor of either park may confirm that its animal is the other park's
    if not allowed(store, store.actor, "catalogue", park=area_b):
        require(store, "catalogue", park=area_a)
    with recorded(store, "link individuals", ["individual_links"], target=f"{area_a}, {area_b}",
                  summary=f"{area_a}/{individual_a} = {area_b}/{individual_b}") as cur:
        rows = {}
        for area, ind in ((area_a, individual_a), (area_b, individual_b)):
            r = store.run(cur, "catalogue_entry", area_id=area, individual_id=ind).fetchone()
            if r is None:
                raise LinkRefused(f"{area}/{ind} is not in {area}'s catalogue")
            rows[(area, ind)] = r
        (sp_a, sex_a), (sp_b, sex_b) = rows[(area_a, individual_a)], rows[(area_b, individual_b)]
        if sp_a != sp_b:
            raise LinkRefused(f"{area_a}/{individual_a} is a {sp_a} and {area_b}/{individual_b} a {sp_b}")
        if "unknown" not in (sex_a, sex_b) and sex_a != sex_b:
            raise LinkRefused(f"{area_a}/{individual_a} is catalogued {sex_a} and {area_b}/{individual_b} {sex_b}; "
                              "correct a catalogue first if one of them is wrong")
        exists = store.run(cur, "individual_link_exists", area_a=area_a, individual_a=individual_a, area_b=area_b,
                           individual_b=individual_b).fetchone()[0]
        if exists:
            raise LinkRefused(f"{area_a}/{individual_a} and {area_b}/{individual_b} are already linked")
        store.run(cur, "add_individual_link", area_a=area_a, individual_a=individual_a, area_b=area_b,
                  individual_b=individual_b, evidence=evidence.strip(), matched_by=matched_by.strip(),
                  matched_on=matched_on or date.today(), source=source or f"confirmed by {matched_by.strip()} in bigcats")
