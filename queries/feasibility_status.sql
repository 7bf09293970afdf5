-- The Phase-1 items of a proposal (activities, deliverables, outputs) with their indicators:
-- each item's status is 'done' when all its indicators are done, 'not started' when it has none
-- or none started, else 'in progress'; the evidence is listed.
WITH ind AS (
    SELECT * FROM feasibility_indicators WHERE proposal_id = $proposal_id
)
SELECT f.item_code, f.kind, f.title,
       CASE WHEN count(i.indicator_id) = 0 THEN 'not started'
            WHEN bool_and(i.status = 'done') THEN 'done'
            WHEN bool_and(i.status = 'not started') THEN 'not started'
            ELSE 'in progress' END AS status,
       string_agg(i.name || coalesce(': ' || i.value::VARCHAR || coalesce(' ' || i.unit, ''), '')
                  || coalesce(' (' || i.evidence || ')', ''), '; ' ORDER BY i.indicator_id) AS evidence,
       max(i.recorded_on) AS recorded_on,
       coalesce(bool_or(i.synthetic), false) AS synthetic,
       f.source
FROM feasibility_items f LEFT JOIN ind i USING (item_code)
WHERE f.proposal_id = $proposal_id
GROUP BY f.item_code, f.kind, f.title, f.source
ORDER BY f.kind, f.item_code;
