-- Each proposal's period, inside which its expenditures must fall.
SELECT proposal_id, period_start, period_end FROM proposals ORDER BY proposal_id;
