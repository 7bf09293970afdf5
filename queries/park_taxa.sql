-- The taxa of a park's observations in a period (a Camtrap DP package's taxonomic block): rank,
-- checklist id and names in the store's four languages.
SELECT DISTINCT s.scientific_name, s.taxon_rank, s.taxon_id, s.name_en, s.name_ru, s.name_zh, s.name_mn
FROM observations o
JOIN deployments d USING (deployment_id)
JOIN species s USING (species_id)
WHERE d.owner_area_id = $park
  AND o.observed_at >= $date_from::DATE
  AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
ORDER BY s.scientific_name;
