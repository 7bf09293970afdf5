-- The species of each entry of a park's catalogue of individuals.
SELECT individual_id, species_id FROM individuals WHERE catalogue_area_id = $park;
