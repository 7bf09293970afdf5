-- Every fact transcribed from the proposals, with its quote and source.
SELECT fact_id, proposal_id, subject, quantity, value, value_high, unit, qualifier, as_of, quote, source
FROM facts ORDER BY proposal_id, fact_id;
