-- The months each budget line runs (each of its periods, or its planned start and end) with its
-- budget: when the demo simulation spends it.
SELECT a.proposal_id, a.code, a.planned_budget_usd::DOUBLE AS budget,
       coalesce(p.start_month, a.planned_start) AS s, coalesce(p.end_month, a.planned_end) AS e
FROM activities a LEFT JOIN activity_periods p USING (proposal_id, code)
WHERE a.planned_budget_usd > 0 AND a.kind <> 'step'
ORDER BY a.proposal_id, a.code, s;
