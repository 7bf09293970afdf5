-- The track crossings of one species counted on one census route.
INSERT INTO census_counts (route_id, species_id, crossings, source) VALUES ($route_id, $species_id, $crossings, $source);
