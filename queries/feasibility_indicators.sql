-- The recorded indicators of a proposal's Phase-1 items, with their evidence and source; names,
-- units and evidence in $lang where a translation is held (found by the English text as entered).
SELECT indicator_id, item_code, translated('feasibility_indicators.name', name, $lang, name) AS name, value,
       translated('unit', unit, $lang, unit) AS unit, status,
       translated('feasibility_indicators.evidence', evidence, $lang, evidence) AS evidence,
       recorded_on, source, synthetic
FROM feasibility_indicators WHERE proposal_id = $proposal_id ORDER BY item_code, indicator_id;
