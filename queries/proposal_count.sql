-- How many proposals the store holds (0 before the seed facts are loaded).
SELECT count(*) AS n FROM proposals;
