-- The genotyped samples assigned to the catalogue entries of one animal (its entries joined by
-- individual links, catalogue_animals): detections of it by DNA beside its photographs.
-- sensitive: latitude=latitude, longitude=longitude
-- owner: area_id
SELECT s.sample_id, s.collected_on, s.kind, s.area_id, p.country, s.catalogue_area_id, s.individual_id,
       s.latitude, s.longitude, s.synthetic
FROM genetic_samples s
JOIN catalogue_animals a ON a.catalogue_area_id = s.catalogue_area_id AND a.individual_id = s.individual_id
JOIN protected_areas p ON p.area_id = s.area_id
WHERE s.status = 'genotyped' AND a.animal_id = $animal
ORDER BY s.collected_on, s.sample_id;
