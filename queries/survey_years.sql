-- The years in which a survey scope (park, region, or 'region:ISO') had a camera deployment start:
-- the seasons the Population page and the steering report offer.
SELECT DISTINCT year(d.start_at)::INTEGER AS year
FROM deployments d
JOIN deployment_places p USING (deployment_id)
WHERE p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope
ORDER BY year;
