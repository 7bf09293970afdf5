-- Every expenditure in USD, with where it came from.
SELECT expenditure_id, proposal_id, activity_code AS code, spent_on, amount::DOUBLE AS amount, currency, rate_to_usd,
       (amount * rate_to_usd)::DOUBLE AS amount_usd, description, source, synthetic
FROM expenditures ORDER BY proposal_id, spent_on, expenditure_id;
