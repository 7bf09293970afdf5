-- Catalogue entries of two parks in different countries that may be one animal: same species,
-- sexes that do not contradict each other, and photographs on both sides of the border within
-- $max_days days and $max_km km of each other, not yet linked. For a person to confirm.
--
-- Photographs are reduced to visits (an entry at one camera on one day, with its first and last
-- photograph: the derived table detection_days); visits of entries already linked into every
-- park across the border are left out; the rest are paired only within neighbouring bins of
-- $max_km (on an equirectangular grid in km, scaled where a degree of longitude is narrowest)
-- and of $max_days, the first country's visits against the others': a hash join on bins, not every photograph against every photograph across the border (10^10
-- pairs at ten million observations). The exact great-circle distance and the time between the
-- closest photographs then decide.
-- close_pairs counts pairs of close visits (camera-days).
-- sensitive: none (positions are read to measure distances; only distances are returned)
WITH visits AS (  -- the entries' detection days (derived table) in the region and period
    SELECT v.catalogue_area_id AS area, v.individual_id AS id, v.deployment_id,
           v.first_at, v.last_at, d.latitude AS lat, d.longitude AS lon, p.country, i.sex
    FROM detection_days v
    JOIN deployments d USING (deployment_id)
    JOIN deployment_places p USING (deployment_id)
    JOIN individuals i ON i.catalogue_area_id = v.catalogue_area_id AND i.individual_id = v.individual_id
    WHERE v.species_id = $species AND p.region_id = $region
      AND v.day >= $date_from::DATE AND v.day <= $date_to::DATE
),
linked AS (  -- (entry, park it is already linked into)
    SELECT area_a AS area, individual_a AS id, area_b AS other_area FROM individual_links
    UNION
    SELECT area_b, individual_b, area_a FROM individual_links
),
parks AS (SELECT DISTINCT area, country FROM visits),
open_entries AS (  -- entries not yet linked into some park of another country photographed here:
                   -- only they can be in a pair (most animals seen on both sides are linked
                   -- already, and their visits were most of the pairs to measure)
    SELECT DISTINCT e.area, e.id
    FROM (SELECT DISTINCT area, id, country FROM visits) e
    JOIN parks q ON q.country <> e.country
    WHERE NOT EXISTS (SELECT 1 FROM linked l WHERE l.area = e.area AND l.id = e.id AND l.other_area = q.area)
),
open_visits AS (
    SELECT v.* FROM visits v SEMI JOIN open_entries e ON e.area = v.area AND e.id = v.id
),
scale AS (  -- km per degree of longitude where the visits are farthest from the equator: the
            -- narrowest degree, so a bin is at least $max_km wide everywhere
    SELECT 111.32 * cos(radians(least(max(abs(lat)), 85))) AS km_per_lon FROM open_visits
),
binned AS (  -- bins a little wider than the limits: the grid's distances are approximate
    SELECT open_visits.*,
           floor(lon * km_per_lon / ($max_km * 1.05))::BIGINT AS bx,
           floor(lat * 110.57 / ($max_km * 1.05))::BIGINT AS by,
           floor(epoch(first_at) / 86400.0 / ($max_days + 1))::BIGINT AS bt
    FROM open_visits, scale
),
second AS (  -- the visits that can be the second of a pair (a.country < b.country)
    SELECT * FROM binned WHERE country > (SELECT min(country) FROM binned)
),
reached AS (  -- the spatial bins next to a bin of the second visits (most cameras are far from
              -- the border, and their visits need no keys)
    SELECT DISTINCT s.bx + dx AS bx, s.by + dy AS by
    FROM (SELECT DISTINCT v.bx, v.by FROM second v) s, range(-1, 2) x(dx), range(-1, 2) y(dy)
),
near AS (  -- each visit that can be the first of a pair, in a reached bin, under the keys of its
           -- own and the 26 neighbouring bins
    SELECT b.*, b.bx + dx AS kx, b.by + dy AS ky, b.bt + dt AS kt
    FROM (SELECT v.* FROM binned v SEMI JOIN reached r ON r.bx = v.bx AND r.by = v.by
          WHERE v.country < (SELECT max(country) FROM binned)) b,
         range(-1, 2) x(dx), range(-1, 2) y(dy), range(-1, 2) t(dt)
),
pairs AS (
    SELECT a.area AS area_a, a.id AS individual_a, b.area AS area_b, b.id AS individual_b,
           a.sex AS sex_a, b.sex AS sex_b,
           greatest(0, epoch(b.first_at) - epoch(a.last_at), epoch(a.first_at) - epoch(b.last_at)) / 86400.0 AS days_apart,
           6371.0 * 2 * asin(sqrt(pow(sin(radians(b.lat - a.lat) / 2), 2)
               + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2))) AS km_apart,
           least(a.first_at, b.first_at) AS seen_at
    FROM near a JOIN second b
      ON b.bx = a.kx AND b.by = a.ky AND b.bt = a.kt AND a.country < b.country
    WHERE (a.sex = b.sex OR a.sex = 'unknown' OR b.sex = 'unknown')
)
SELECT area_a, individual_a, area_b, individual_b, any_value(sex_a) AS sex_a, any_value(sex_b) AS sex_b,
       count(*)::INTEGER AS close_pairs, round(min(km_apart), 2) AS nearest_km, round(min(days_apart), 1) AS fewest_days,
       min(seen_at) AS first_close_pair
FROM pairs
WHERE km_apart <= $max_km AND days_apart <= $max_days
  AND NOT EXISTS (SELECT 1 FROM linked l
                  WHERE (l.area = pairs.area_a AND l.id = pairs.individual_a AND l.other_area = pairs.area_b)
                     OR (l.area = pairs.area_b AND l.id = pairs.individual_b AND l.other_area = pairs.area_a))
GROUP BY area_a, individual_a, area_b, individual_b
ORDER BY close_pairs DESC, nearest_km, area_a, individual_a, area_b, individual_b;
