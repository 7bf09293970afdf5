-- A repeated record merged into the stored publication: it fills what the register lacks and
-- keeps what it has.
UPDATE publications SET
    title_original = coalesce(title_original, $title_original), title_en = coalesce(title_en, $title_en),
    authors = coalesce(authors, $authors), year = coalesce(year, $year), language = coalesce(language, $language),
    area_id = coalesce(area_id, $area_id), abstract_en = coalesce(abstract_en, $abstract_en), doi = coalesce(doi, $doi),
    url = coalesce(url, $url), exchanged_on = coalesce(exchanged_on, $exchanged_on),
    exchanged_to = coalesce(exchanged_to, $exchanged_to)
WHERE publication_id = $publication_id;
