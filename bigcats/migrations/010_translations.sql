-- 010: the proposals' own words in Russian, Chinese and Mongolian (issue 14), from
-- data/seed/translations.csv, and two macros that choose a text in the reader's language, so that
-- queries say `in_lang($lang, name_en, name_ru, name_zh, name_mn)` once instead of a CASE each.
-- `subject` names the table and column translated ("proposals.title"); `key` is the row's key in
-- that table ("1", "2/A1") or, for a vocabulary (units, qualifiers, sources), the English text
-- itself. The English original stays where it was and is what a quotation shows.
CREATE TABLE translations (
    subject       VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    ru            VARCHAR,
    zh            VARCHAR,
    mn            VARCHAR,
    translated_by VARCHAR NOT NULL,
    PRIMARY KEY (subject, key)
);

CREATE MACRO in_lang(lang, en, ru, zh, mn) AS
    CASE lang WHEN 'ru' THEN coalesce(ru, en) WHEN 'zh' THEN coalesce(zh, en)
              WHEN 'mn' THEN coalesce(mn, en) ELSE en END;

-- `original` in `lang` where a translation is held, else the original.
CREATE MACRO translated(of_subject, of_key, lang, original) AS
    coalesce((SELECT in_lang(lang, original, tr.ru, tr.zh, tr.mn) FROM translations tr
              WHERE tr.subject = of_subject AND tr.key = of_key), original);

-- The activities' titles (migration 009) move into the one table of translations.
INSERT INTO translations
SELECT 'activities.title', proposal_id || '/' || code, title_ru, title_zh, title_mn,
       'bigcats developers (machine-assisted, session 7); not yet reviewed by the parks'
FROM activity_titles;
DROP TABLE activity_titles;
