-- How many individuals of a species were detected in a region in a period, and how many of
-- them were shared, i.e. detected in more than one country. An animal is a connected set of
-- catalogue entries joined by individual links (DESIGN: shared individual; catalogue_animals).
SELECT count(*)::INTEGER AS detected,
       count(*) FILTER (WHERE n_countries > 1)::INTEGER AS shared
FROM (
    SELECT a.animal_id, count(DISTINCT p.country) AS n_countries
    FROM observations o
    JOIN deployment_places p USING (deployment_id)
    JOIN catalogue_animals a ON a.catalogue_area_id = o.catalogue_area_id AND a.individual_id = o.individual_id
    WHERE o.species_id = $species
      AND p.region_id = $region
      AND o.observed_at >= $date_from::DATE
      AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
      AND o.individual_id IS NOT NULL
    GROUP BY a.animal_id
);
