-- Every protected area's name in the chosen language (English where a translation is missing).
SELECT area_id, in_lang($lang, name_en, name_ru, name_zh, name_mn) AS name
FROM protected_areas
ORDER BY area_id;
