-- The scopes a population can be estimated for: each region with cameras (the transboundary
-- whole), each country's side of it, and each park that owns cameras, where $species was
-- photographed and identified; labelled in $lang. Regions come in the order of the proposals
-- that serve them (the order the programme speaks of them), a region without one last.
WITH placed AS (
    SELECT DISTINCT p.region_id, p.country, p.owner_area_id
    FROM deployment_places p
    -- detection_days: the identified animals' days, a summary of observations kept by every write
    WHERE EXISTS (SELECT 1 FROM detection_days d WHERE d.deployment_id = p.deployment_id AND d.species_id = $species)
),
names AS (
    SELECT area_id,
           in_lang($lang, name_en, name_ru, name_zh, name_mn) AS name
    FROM protected_areas
),
regions AS (
    SELECT region_id,
           in_lang($lang, name_en, name_ru, name_zh, name_mn) AS name
    FROM regions
)
SELECT * FROM (
    SELECT DISTINCT 'region' AS scope_kind, r.region_id AS scope, r.region_id, NULL AS country, r.name AS label, 0 AS rank
    FROM placed JOIN regions r USING (region_id)
    UNION ALL
    SELECT DISTINCT 'country', p.region_id || ':' || p.country, p.region_id, p.country, r.name, 1
    FROM placed p JOIN regions r USING (region_id)
    UNION ALL
    SELECT DISTINCT 'area', p.owner_area_id, p.region_id, p.country, n.name, 2
    FROM placed p JOIN names n ON n.area_id = p.owner_area_id
) s
ORDER BY (SELECT min(pr.proposal_id) FROM proposals pr WHERE pr.region_id = s.region_id) NULLS LAST, s.region_id, s.rank, s.scope;
