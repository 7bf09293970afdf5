-- A park's catalogue entries photographed in a period: sex in the catalogue, what the
-- photographs say (they can disagree), first and last detection, and the entries of other
-- parks linked to it (directly) as 'PARK:ID' joined by '|'.
WITH seen AS (
    SELECT o.individual_id, o.observed_at, o.deployment_id, o.sex, p.country
    FROM observations o
    JOIN deployment_places p USING (deployment_id)
    WHERE o.catalogue_area_id = $park
      AND o.observed_at >= $date_from::DATE
      AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
),
firsts AS (
    SELECT individual_id, arg_min(observed_at, observed_at) AS first_seen, arg_min(deployment_id, observed_at) AS first_deployment,
           arg_min(country, observed_at) AS first_country, max(observed_at) AS last_seen, count(*) AS detections,
           string_agg(DISTINCT sex, ', ' ORDER BY sex) AS sexes_photographed
    FROM seen GROUP BY individual_id
),
links AS (
    SELECT area_a AS area, individual_a AS id, area_b || ':' || individual_b AS other FROM individual_links
    UNION
    SELECT area_b, individual_b, area_a || ':' || individual_a FROM individual_links
)
SELECT i.individual_id, s.scientific_name, i.species_id, i.sex, i.alias, f.first_seen, f.first_deployment,
       f.first_country, f.last_seen, f.detections, f.sexes_photographed,
       (SELECT string_agg(l.other, '|' ORDER BY l.other) FROM links l
         WHERE l.area = i.catalogue_area_id AND l.id = i.individual_id) AS linked_entries,
       i.synthetic
FROM individuals i
JOIN firsts f USING (individual_id)
JOIN species s USING (species_id)
WHERE i.catalogue_area_id = $park
ORDER BY i.species_id, i.individual_id;
