-- A text's translation into Russian, Chinese and Mongolian (see migration 010); a later one replaces it.
INSERT OR REPLACE INTO translations (subject, key, ru, zh, mn, translated_by)
VALUES ($subject, $key, $ru, $zh, $mn, $translated_by);
