-- Whether a readiness criterion of the scorecard exists.
SELECT count(*) AS n FROM readiness_criteria WHERE criterion_id = $criterion_id;
