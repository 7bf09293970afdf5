-- Each catalogue entry's animal: the connected set of entries joined by individual links (in
-- either direction), named by its smallest entry 'AREA/ID' (DESIGN: shared individual).
-- derived-from: individuals, individual_links
WITH RECURSIVE
edges AS (
    SELECT area_a || '/' || individual_a AS a, area_b || '/' || individual_b AS b FROM individual_links
    UNION ALL
    SELECT area_b || '/' || individual_b, area_a || '/' || individual_a FROM individual_links
),
entries AS (
    SELECT catalogue_area_id || '/' || individual_id AS node, catalogue_area_id, individual_id, species_id
    FROM individuals
),
reach (node, label) AS (
    SELECT node, node FROM entries
    UNION
    SELECT e.b, r.label FROM reach r JOIN edges e ON e.a = r.node
)
SELECT e.catalogue_area_id, e.individual_id, e.species_id, min(r.label) AS animal_id
FROM entries e JOIN reach r ON r.node = e.node
GROUP BY e.catalogue_area_id, e.individual_id, e.species_id
