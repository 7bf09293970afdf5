-- How many satellite hotspots the store holds (an import reports how many it added).
SELECT count(*) AS n FROM fire_hotspots;
