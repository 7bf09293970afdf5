-- The publication register, searched over titles (original and English), authors and English
-- abstracts; an empty $text returns every record.
SELECT publication_id, year, area_id, language, title_original, title_en, authors, abstract_en, doi, url,
       exchanged_on, exchanged_to, source, synthetic
FROM publications
WHERE $text = ''
   OR title_original ILIKE '%' || $text || '%'
   OR title_en ILIKE '%' || $text || '%'
   OR authors ILIKE '%' || $text || '%'
   OR coalesce(abstract_en, '') ILIKE '%' || $text || '%'
ORDER BY year, area_id, publication_id;
