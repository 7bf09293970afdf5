-- The budgeted lines of one proposal (steps excluded: they are the sum of their activities).
SELECT proposal_id, code, parent_code, kind, title, planned_budget_usd::DOUBLE AS planned_budget_usd,
       planned_start, planned_end, note, source
FROM activities
WHERE proposal_id = $proposal_id AND kind <> 'step' AND planned_budget_usd IS NOT NULL
ORDER BY code;
