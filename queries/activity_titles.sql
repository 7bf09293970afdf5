-- Each activity's title in the chosen language (the proposals' English where no translation is stored).
SELECT proposal_id, code, translated('activities.title', proposal_id || '/' || code, $lang, title) AS title
FROM activities
ORDER BY proposal_id, code;
