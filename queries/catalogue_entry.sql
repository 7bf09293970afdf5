-- One entry of a park's catalogue of individuals: its species and sex.
SELECT species_id, sex FROM individuals WHERE catalogue_area_id = $area_id AND individual_id = $individual_id;
