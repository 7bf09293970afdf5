-- Every protected area's name in the chosen language (English where a translation is missing).
SELECT area_id, CASE $lang WHEN 'ru' THEN coalesce(name_ru, name_en) WHEN 'zh' THEN coalesce(name_zh, name_en)
                           WHEN 'mn' THEN coalesce(name_mn, name_en) ELSE name_en END AS name
FROM protected_areas
ORDER BY area_id;
