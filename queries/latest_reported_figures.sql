-- For each proposal and each of its species, the most recent population figures that concern
-- its region (or the world, or a country): those reported in the documents and those computed
-- from the monitoring data, marked as such; sources labelled in $lang.
WITH scoped AS (
    SELECT p.proposal_id, e.*
    FROM proposals p
    JOIN population_estimates e ON list_contains(string_split(p.species, ';'), e.species_id)
    WHERE e.quantity IN ('abundance', 'detected', 'shared')
      AND (e.scope_kind IN ('world', 'country')
           OR (e.scope_kind = 'region' AND e.scope = p.region_id)
           OR (e.scope_kind IN ('area', 'areas') AND EXISTS (
                 SELECT 1 FROM protected_areas a
                 WHERE a.area_id = string_split(e.scope, ';')[1] AND a.region_id = p.region_id)))
),
figures AS (
    SELECT *, rank() OVER (PARTITION BY proposal_id, species_id, quantity ORDER BY period_end DESC) AS recency
    FROM scoped
)
SELECT proposal_id, estimate_id, species_id, scope, scope_kind, period_start, period_end, method,
       quantity, estimate, estimate_high, qualifier, se, lcl, ucl, quote,
       translated('source', source, $lang, source) AS source, synthetic
FROM figures
WHERE recency = 1
ORDER BY proposal_id, species_id, period_end DESC, quantity, estimate DESC;
