-- The register of genetic samples collected in a park (or in every park of a region) in a period:
-- where and by whom (for the park's editors), the lab's answer, and the catalogue entry assigned.
-- sensitive: latitude=latitude, longitude=longitude, collector=personal
-- owner: area_id
SELECT s.sample_id, s.kind, s.area_id, s.collected_on, s.latitude, s.longitude, s.collector, s.lab, s.status,
       s.genotype, s.species_id, s.catalogue_area_id, s.individual_id, s.synthetic
FROM genetic_samples s
JOIN protected_areas a USING (area_id)
WHERE (s.area_id = $scope OR a.region_id = $scope)
  AND s.collected_on BETWEEN $date_from::DATE AND $date_to::DATE
ORDER BY s.collected_on, s.sample_id;
