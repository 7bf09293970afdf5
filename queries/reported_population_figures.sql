-- Population figures as the proposals report them (method 'reported'), with quote and source.
SELECT e.estimate_id, e.species_id,
       CASE $lang WHEN 'ru' THEN s.name_ru WHEN 'zh' THEN s.name_zh WHEN 'mn' THEN s.name_mn ELSE s.name_en END AS species,
       e.scope, e.period_start, e.period_end, e.quantity, e.qualifier, e.estimate, e.estimate_high, e.quote, e.source
FROM population_estimates e JOIN species s USING (species_id)
WHERE e.method = 'reported'
ORDER BY e.species_id, e.period_end, e.estimate_id;
