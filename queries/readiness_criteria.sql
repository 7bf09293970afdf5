-- The readiness criteria of a proposal: measure, threshold, weight, and who last edited them; the
-- name in $lang (a translation is found by the English name, so a renamed criterion shows as named).
SELECT criterion_id, item_code, translated('readiness_criteria.name', name, $lang, name) AS name, measure,
       threshold, weight, edited_by, edited_on, source
FROM readiness_criteria WHERE proposal_id = $proposal_id ORDER BY criterion_id;
