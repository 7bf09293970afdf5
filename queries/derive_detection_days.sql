-- Each catalogue entry's detection days: an identified animal at one camera on one day, with its
-- first and last photograph (the unit the candidate-match queue pairs across the border).
-- derived-from: observations
SELECT catalogue_area_id, individual_id, species_id, deployment_id, observed_at::DATE AS day,
       min(observed_at) AS first_at, max(observed_at) AS last_at, count(*)::INTEGER AS photographs
FROM observations
WHERE individual_id IS NOT NULL
GROUP BY catalogue_area_id, individual_id, species_id, deployment_id, observed_at::DATE
