-- A readiness criterion's threshold and weight (and, given, its name) as a steering committee set them.
UPDATE readiness_criteria SET threshold = $threshold, weight = $weight, name = coalesce($name, name),
    edited_by = $edited_by, edited_on = current_date
WHERE criterion_id = $criterion_id;
