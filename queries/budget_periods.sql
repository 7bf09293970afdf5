-- The separate windows of budget lines that run in several periods.
SELECT proposal_id, code, start_month, end_month FROM activity_periods ORDER BY proposal_id, code, period_no;
