-- Every region's name in the chosen language.
SELECT region_id, in_lang($lang, name_en, name_ru, name_zh, name_mn) AS name
FROM regions
ORDER BY region_id;
