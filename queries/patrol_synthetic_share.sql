-- Whether the store's patrols are demo rows (the page then shows the demo badge).
-- sensitive: none
SELECT synthetic, count(*) AS patrols FROM patrols GROUP BY synthetic;
