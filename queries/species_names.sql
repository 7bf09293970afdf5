-- Species with their names in $lang.
SELECT species_id, kind, scientific_name,
       CASE $lang WHEN 'ru' THEN name_ru WHEN 'zh' THEN name_zh WHEN 'mn' THEN name_mn ELSE name_en END AS name
FROM species ORDER BY kind, species_id;
