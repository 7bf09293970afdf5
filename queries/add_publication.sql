-- One publication of the register.
INSERT INTO publications (publication_id, title_original, title_en, authors, year, language, area_id, abstract_en, doi,
                          url, exchanged_on, exchanged_to, source)
VALUES ($publication_id, $title_original, $title_en, $authors, $year, $language, $area_id, $abstract_en, $doi,
        $url, $exchanged_on, $exchanged_to, $source);
