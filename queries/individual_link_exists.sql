-- Whether two catalogue entries are linked already, in either order.
SELECT count(*) AS n FROM individual_links
WHERE (area_a = $area_a AND individual_a = $individual_a AND area_b = $area_b AND individual_b = $individual_b)
   OR (area_a = $area_b AND individual_a = $individual_b AND area_b = $area_a AND individual_b = $individual_a);
