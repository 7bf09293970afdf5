-- Every fact transcribed from the proposals, with its quote (the original English) and source;
-- subject, quantity, unit, qualifier and source in $lang where a translation is held.
SELECT fact_id, proposal_id,
       translated('facts.subject', subject, $lang, subject) AS subject,
       translated('facts.quantity', quantity, $lang, quantity) AS quantity,
       value, value_high,
       translated('unit', unit, $lang, unit) AS unit,
       translated('qualifier', qualifier, $lang, qualifier) AS qualifier,
       as_of, quote,
       translated('source', source, $lang, source) AS source
FROM facts ORDER BY proposal_id, fact_id;
