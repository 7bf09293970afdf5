-- The readiness criteria of a proposal: measure, threshold, weight, and who last edited them.
SELECT criterion_id, item_code, name, measure, threshold, weight, edited_by, edited_on, source
FROM readiness_criteria WHERE proposal_id = $proposal_id ORDER BY criterion_id;
