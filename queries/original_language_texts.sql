-- Texts a page shows as they were written, whatever the reader's language: the proposals'
-- quotations, publications' titles and authors, scientific names, the parks' catalogue numbers and
-- aliases of animals, the names of who edited a criterion or wrote a change, of the labs
-- of genetic samples; and the store's own
-- words in $lang (translations, names of areas, regions and species), in which a name such as
-- "Landsat" or "NEASPEC" stays in Latin letters. (The word test of the pages reads it.)
SELECT 'original' AS kind, quote AS text FROM facts WHERE quote IS NOT NULL
UNION ALL SELECT 'original', quote FROM population_estimates WHERE quote IS NOT NULL
UNION ALL SELECT 'original', title_original FROM publications
UNION ALL SELECT 'original', title_en FROM publications
UNION ALL SELECT 'original', authors FROM publications
UNION ALL SELECT 'original', scientific_name FROM species
UNION ALL SELECT 'original', individual_id FROM individuals
UNION ALL SELECT 'original', alias FROM individuals WHERE alias IS NOT NULL
UNION ALL SELECT 'original', edited_by FROM readiness_criteria
UNION ALL SELECT 'original', user_name FROM audit_log
UNION ALL SELECT 'original', lab FROM genetic_samples WHERE lab IS NOT NULL
UNION ALL SELECT 'in_lang', in_lang($lang, NULL, ru, zh, mn) FROM translations
UNION ALL SELECT 'in_lang', in_lang($lang, name_en, name_ru, name_zh, name_mn) FROM protected_areas
UNION ALL SELECT 'in_lang', in_lang($lang, name_en, name_ru, name_zh, name_mn) FROM regions
UNION ALL SELECT 'in_lang', in_lang($lang, name_en, name_ru, name_zh, name_mn) FROM species;
