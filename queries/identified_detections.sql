-- Photographs of identified individuals of a species in a survey scope and period, each with
-- the animal it belongs to across catalogues (catalogue_animals: the entries joined by
-- individual links, named by the smallest 'AREA/ID'). A scope is a park (its own deployments),
-- a region (the transboundary whole) or one country's side of a region ('tumen:CN').
-- sensitive: latitude=latitude, longitude=longitude
-- owner: owner_area_id
SELECT o.observation_id, o.deployment_id, o.observed_at, o.catalogue_area_id, o.individual_id,
       a.animal_id, o.sex, o.life_stage, i.sex AS catalogue_sex, i.alias, o.media_id,
       p.owner_area_id, p.region_id, p.country, d.latitude, d.longitude, o.synthetic
FROM observations o
JOIN deployments d USING (deployment_id)
JOIN deployment_places p USING (deployment_id)
JOIN catalogue_animals a ON a.catalogue_area_id = o.catalogue_area_id AND a.individual_id = o.individual_id
JOIN individuals i ON i.catalogue_area_id = o.catalogue_area_id AND i.individual_id = o.individual_id
WHERE o.species_id = $species
  AND o.individual_id IS NOT NULL
  AND (p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope)
  AND o.observed_at >= $date_from::DATE
  AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
ORDER BY o.observed_at, o.observation_id;
