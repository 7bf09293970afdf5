"""The state of a store in one comparable value: equal before and after means nothing changed."""
from __future__ import annotations


def fingerprint(store, skip=()) -> dict[str, tuple[int, str]]:
    """(rows, sum of the rows' hashes) of every table but those in `skip`, in one query: cheap on a
    store with large geometries (no geometry is turned into text), and it names the table that
    changed."""
    tables = [t for t in store.table_names() if t not in skip]  # names from the catalogue, not from input
    sql = " UNION ALL ".join(
        f"SELECT '{t}' AS table_name, count(*) AS n, sum(hash(t))::HUGEINT::VARCHAR AS h FROM {t} t"  # noqa: S608
        for t in tables)
    return {r[0]: (r[1], r[2]) for r in store.sql(sql).rows()}
