-- Species with their names in $lang.
SELECT species_id, kind, scientific_name,
       in_lang($lang, name_en, name_ru, name_zh, name_mn) AS name
FROM species ORDER BY kind, species_id;
