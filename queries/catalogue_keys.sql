-- Every catalogue entry of every park (park, individual id): what an individual link may name.
SELECT catalogue_area_id, individual_id FROM individuals;
