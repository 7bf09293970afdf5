-- An individual link: two parks' catalogue entries confirmed to be one animal.
INSERT INTO individual_links (area_a, individual_a, area_b, individual_b, evidence, matched_by, matched_on, source, synthetic)
VALUES ($area_a, $individual_a, $area_b, $individual_b, $evidence, $matched_by, $matched_on, $source, false);
