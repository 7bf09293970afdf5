-- Where each deployment stands, from its location against the country and protected-area
-- geometry (DESIGN: never typed in twice): its owner's region, the country whose polygon holds
-- it, and the area it stands in (its owner's when it stands in it).
-- derived-from: deployments, protected_areas, countries
-- sensitive: none (positions are read to place each camera; only the places are returned)
SELECT d.deployment_id,
       d.owner_area_id,
       o.region_id,
       c.iso AS country,
       a.area_id AS located_in_area_id
FROM deployments d
JOIN protected_areas o ON o.area_id = d.owner_area_id
LEFT JOIN countries c
       ON c.region_id = o.region_id
      AND ST_Intersects(c.geom, ST_Point(d.longitude, d.latitude))
LEFT JOIN protected_areas a
       ON a.region_id = o.region_id
      AND ST_Intersects(a.geom, ST_Point(d.longitude, d.latitude))
QUALIFY row_number() OVER (PARTITION BY d.deployment_id
                           ORDER BY (a.area_id = d.owner_area_id) DESC NULLS LAST, a.area_id) = 1
