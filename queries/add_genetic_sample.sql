-- A sample of the register (its earlier record, if any, removed first by remove_genetic_sample).
-- sensitive: none
INSERT INTO genetic_samples (sample_id, kind, area_id, collected_on, latitude, longitude, collector, lab,
                             status, genotype, species_id, catalogue_area_id, individual_id, source)
VALUES ($sample_id, $kind, $area_id, $collected_on, $latitude, $longitude, $collector, $lab, $status, $genotype,
        $species_id, $catalogue_area_id, $individual_id, $source);
