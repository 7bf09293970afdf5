-- Where sign surveys were walked: each region with a sign-survey route, then each park with one,
-- with the years walked, labelled in $lang (regions in the order of the proposals serving them).
-- sensitive: none
WITH walked AS (
    SELECT a.region_id, r.area_id, year(r.surveyed_on) AS year
    FROM sign_routes r JOIN protected_areas a USING (area_id)
)
SELECT * FROM (
    SELECT 'region' AS scope_kind, w.region_id AS scope, w.region_id,
           in_lang($lang, g.name_en, g.name_ru, g.name_zh, g.name_mn) AS label,
           min(w.year)::INTEGER AS first_year, max(w.year)::INTEGER AS last_year, 0 AS rank
    FROM walked w JOIN regions g USING (region_id)
    GROUP BY ALL
    UNION ALL
    SELECT 'area', w.area_id, w.region_id, in_lang($lang, p.name_en, p.name_ru, p.name_zh, p.name_mn),
           min(w.year)::INTEGER, max(w.year)::INTEGER, 1
    FROM walked w JOIN protected_areas p USING (area_id)
    GROUP BY ALL
) s
ORDER BY (SELECT min(pr.proposal_id) FROM proposals pr WHERE pr.region_id = s.region_id) NULLS LAST, s.region_id,
         s.rank, s.scope;
