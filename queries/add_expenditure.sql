-- One expenditure, in its own currency with its rate to USD on the day.
INSERT INTO expenditures (expenditure_id, proposal_id, activity_code, spent_on, amount, currency, rate_to_usd,
                          description, source)
VALUES ($expenditure_id, $proposal_id, $activity_code, $spent_on, $amount, $currency, $rate_to_usd, $description,
        $source);
