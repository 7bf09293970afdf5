-- What identifies a stored publication (DOI; English title and year) and its park: an import
-- merges, skips or refuses a record that repeats one.
SELECT publication_id, lower(doi) AS doi, lower(trim(title_en)) AS title, year, area_id FROM publications;
