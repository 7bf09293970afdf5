-- The recorded indicators of a proposal's Phase-1 items, with their evidence and source.
SELECT indicator_id, item_code, name, value, unit, status, evidence, recorded_on, source, synthetic
FROM feasibility_indicators WHERE proposal_id = $proposal_id ORDER BY item_code, indicator_id;
