-- Every stored individual link read the other way round: an incoming link in either direction
-- is the same link.
SELECT area_b AS area_a, individual_b AS individual_a, area_a AS area_b, individual_a AS individual_b FROM individual_links;
