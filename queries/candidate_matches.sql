-- Catalogue entries of two parks in different countries that may be one animal: same species,
-- sexes that do not contradict each other, and photographs on both sides of the border within
-- $max_days days and $max_km km of each other, not yet linked. For a person to confirm.
-- sensitive: none (positions are read to measure distances; only distances are returned)
WITH det AS (
    SELECT o.catalogue_area_id AS area, o.individual_id AS id, o.observed_at, d.latitude AS lat,
           d.longitude AS lon, p.country, i.sex
    FROM observations o
    JOIN deployments d USING (deployment_id)
    JOIN deployment_places p USING (deployment_id)
    JOIN individuals i ON i.catalogue_area_id = o.catalogue_area_id AND i.individual_id = o.individual_id
    WHERE o.species_id = $species AND p.region_id = $region AND o.individual_id IS NOT NULL
      AND o.observed_at >= $date_from::DATE AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
),
linked AS (  -- (entry, park it is already linked into)
    SELECT area_a AS area, individual_a AS id, area_b AS other_area FROM individual_links
    UNION
    SELECT area_b, individual_b, area_a FROM individual_links
),
pairs AS (
    SELECT a.area AS area_a, a.id AS individual_a, b.area AS area_b, b.id AS individual_b,
           a.sex AS sex_a, b.sex AS sex_b,
           abs(epoch(b.observed_at) - epoch(a.observed_at)) / 86400.0 AS days_apart,
           6371.0 * 2 * asin(sqrt(pow(sin(radians(b.lat - a.lat) / 2), 2)
               + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2))) AS km_apart,
           least(a.observed_at, b.observed_at) AS seen_at
    FROM det a JOIN det b
      ON a.country < b.country
     AND b.observed_at BETWEEN a.observed_at - to_days($max_days::INTEGER) AND a.observed_at + to_days($max_days::INTEGER)
    WHERE (a.sex = b.sex OR a.sex = 'unknown' OR b.sex = 'unknown')
)
SELECT area_a, individual_a, area_b, individual_b, any_value(sex_a) AS sex_a, any_value(sex_b) AS sex_b,
       count(*)::INTEGER AS close_pairs, round(min(km_apart), 2) AS nearest_km, round(min(days_apart), 1) AS fewest_days,
       min(seen_at) AS first_close_pair
FROM pairs
WHERE km_apart <= $max_km
  AND NOT EXISTS (SELECT 1 FROM linked l
                  WHERE (l.area = pairs.area_a AND l.id = pairs.individual_a AND l.other_area = pairs.area_b)
                     OR (l.area = pairs.area_b AND l.id = pairs.individual_b AND l.other_area = pairs.area_a))
GROUP BY area_a, individual_a, area_b, individual_b
ORDER BY close_pairs DESC, nearest_km, area_a, individual_a, area_b, individual_b;
