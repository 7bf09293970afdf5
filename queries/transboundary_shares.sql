-- How many individuals of a species were detected in a region in a period, and how many of
-- them were shared, i.e. detected in more than one country. An animal is a connected set of
-- catalogue entries joined by individual links (DESIGN: shared individual).
WITH RECURSIVE
entries AS (
    SELECT DISTINCT o.catalogue_area_id AS area_id, o.individual_id, p.country
    FROM observations o
    JOIN deployment_places p USING (deployment_id)
    WHERE o.species_id = $species
      AND p.region_id = $region
      AND o.observed_at >= $date_from::DATE
      AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
      AND o.individual_id IS NOT NULL
),
edges AS (
    SELECT area_a || '/' || individual_a AS a, area_b || '/' || individual_b AS b FROM individual_links
    UNION ALL
    SELECT area_b || '/' || individual_b, area_a || '/' || individual_a FROM individual_links
),
reach (node, label) AS (
    SELECT DISTINCT area_id || '/' || individual_id, area_id || '/' || individual_id FROM entries
    UNION
    SELECT e.b, r.label FROM reach r JOIN edges e ON e.a = r.node
),
animal AS (
    SELECT node, min(label) AS animal_id FROM reach GROUP BY node
)
SELECT count(*)::INTEGER AS detected,
       count(*) FILTER (WHERE n_countries > 1)::INTEGER AS shared
FROM (
    SELECT a.animal_id, count(DISTINCT e.country) AS n_countries
    FROM entries e JOIN animal a ON a.node = e.area_id || '/' || e.individual_id
    GROUP BY a.animal_id
);
