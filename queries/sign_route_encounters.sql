-- Each sign-survey route of a park (or of every park of a region) walked in a period, with how
-- many signs of a species (and of the given types; none given: every type) were found on it.
-- sensitive: none
SELECT r.route_id, r.area_id, r.surveyed_on, r.length_km,
       count(s.sign_id)::INTEGER AS signs
FROM sign_routes r
JOIN protected_areas a USING (area_id)
LEFT JOIN signs s
       ON s.route_id = r.route_id AND s.species_id = $species
      AND (len($sign_types::VARCHAR[]) = 0 OR list_contains($sign_types::VARCHAR[], s.sign_type))
WHERE (r.area_id = $scope OR a.region_id = $scope)
  AND r.surveyed_on BETWEEN $date_from::DATE AND $date_to::DATE
GROUP BY r.route_id, r.area_id, r.surveyed_on, r.length_km
ORDER BY r.surveyed_on, r.route_id;
