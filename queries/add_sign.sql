-- One sign found on a sign-survey route.
-- sensitive: none
INSERT INTO signs (sign_id, route_id, sign_type, species_id, latitude, longitude, age, sample_id, source)
VALUES ($sign_id, $route_id, $sign_type, $species_id, $latitude, $longitude, $age, $sample_id, $source);
