-- What makes two expenditures the same one (proposal, activity, date, amount, currency,
-- description), for every stored expenditure: an import refuses a row already stored.
SELECT proposal_id, activity_code, spent_on, amount::DOUBLE AS amount, currency, coalesce(description, '') AS description
FROM expenditures;
