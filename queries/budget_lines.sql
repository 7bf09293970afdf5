-- Every budgeted line of every proposal (steps excluded: they are the sum of their activities),
-- with the proposal's period.
SELECT a.proposal_id, a.code, a.parent_code, a.kind, a.title, a.planned_budget_usd::DOUBLE AS planned_budget_usd,
       a.planned_start, a.planned_end, a.source, p.period_start, p.period_end
FROM activities a JOIN proposals p USING (proposal_id)
WHERE a.kind <> 'step' AND a.planned_budget_usd IS NOT NULL
ORDER BY a.proposal_id, a.code;
