-- A region (a transboundary landscape the programme works in) with its names in the four languages.
INSERT INTO regions (region_id, name_en, name_ru, name_zh, name_mn, source)
VALUES ($region_id, $name_en, $name_ru, $name_zh, $name_mn, $source);
