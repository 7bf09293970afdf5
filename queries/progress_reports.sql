-- Progress reports: share of each line's work done at a date.
SELECT proposal_id, activity_code AS code, reported_on, percent_complete, note, source, synthetic
FROM progress_reports ORDER BY proposal_id, activity_code, reported_on;
