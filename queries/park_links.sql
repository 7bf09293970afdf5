-- Individual links that involve a park's catalogue, with evidence and who matched them.
SELECT area_a, individual_a, area_b, individual_b, evidence, matched_by, matched_on, synthetic
FROM individual_links
WHERE area_a = $park OR area_b = $park
ORDER BY area_a, individual_a, area_b, individual_b;
