-- Every catalogue entry of every park with its species: what a genetic sample may be assigned to.
SELECT catalogue_area_id, individual_id, species_id FROM individuals;
