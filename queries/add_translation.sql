-- A text's translation into Russian, Chinese and Mongolian (see migration 010); a later one replaces it.
MERGE INTO translations USING (SELECT $subject::VARCHAR AS subject, $key::VARCHAR AS key) new
    ON translations.subject = new.subject AND translations.key = new.key
WHEN MATCHED THEN UPDATE SET ru = $ru, zh = $zh, mn = $mn, translated_by = $translated_by
WHEN NOT MATCHED THEN INSERT (subject, key, ru, zh, mn, translated_by)
    VALUES (new.subject, new.key, $ru, $zh, $mn, $translated_by);
