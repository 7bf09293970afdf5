-- Each activity's title in the chosen language (the proposals' English where no translation is stored).
SELECT a.proposal_id, a.code,
       CASE $lang WHEN 'ru' THEN coalesce(t.title_ru, a.title) WHEN 'zh' THEN coalesce(t.title_zh, a.title)
                  WHEN 'mn' THEN coalesce(t.title_mn, a.title) ELSE a.title END AS title
FROM activities a
LEFT JOIN activity_titles t USING (proposal_id, code)
ORDER BY a.proposal_id, a.code;
