-- Census routes with their line (GeoJSON), length, date and the tracks counted per species.
SELECT r.route_id, r.area_id, r.surveyed_on, r.length_km, r.observer, ST_AsGeoJSON(r.geom) AS geojson,
       c.species_id, c.crossings, r.synthetic
FROM census_routes r LEFT JOIN census_counts c USING (route_id)
ORDER BY r.area_id, r.route_id, c.species_id;
