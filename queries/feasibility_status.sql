-- The Phase-1 items of a proposal (activities, deliverables, outputs) with their indicators, in
-- $lang: each item's status is 'done' when all its indicators are done, 'not started' when it has
-- none or none started, else 'in progress'; the evidence is listed.
WITH ind AS (
    SELECT indicator_id, item_code, status, value, recorded_on, synthetic,
           -- a whole number without its '.0'
           CASE WHEN value = trunc(value) THEN CAST(value AS BIGINT)::VARCHAR ELSE value::VARCHAR END AS value_text,
           translated('feasibility_indicators.name', name, $lang, name) AS name,
           translated('unit', unit, $lang, unit) AS unit,
           translated('feasibility_indicators.evidence', evidence, $lang, evidence) AS evidence
    FROM feasibility_indicators WHERE proposal_id = $proposal_id
)
SELECT f.item_code, f.kind,
       translated('feasibility_items.title', f.proposal_id || '/' || f.item_code, $lang, f.title) AS title,
       CASE WHEN count(i.indicator_id) = 0 THEN 'not started'
            WHEN bool_and(i.status = 'done') THEN 'done'
            WHEN bool_and(i.status = 'not started') THEN 'not started'
            ELSE 'in progress' END AS status,
       string_agg(i.name || coalesce(': ' || i.value_text || coalesce(' ' || i.unit, ''), '')
                  || coalesce(' (' || i.evidence || ')', ''), '; ' ORDER BY i.indicator_id) AS evidence,
       max(i.recorded_on) AS recorded_on,
       coalesce(bool_or(i.synthetic), false) AS synthetic,
       f.source
FROM feasibility_items f LEFT JOIN ind i USING (item_code)
WHERE f.proposal_id = $proposal_id
GROUP BY f.proposal_id, f.item_code, f.kind, f.title, f.source
ORDER BY f.kind, f.item_code;
