-- Population figures as the proposals report them (method 'reported'), with quote and source.
SELECT e.estimate_id, e.species_id,
       in_lang($lang, s.name_en, s.name_ru, s.name_zh, s.name_mn) AS species,
       e.scope, e.scope_kind, e.period_start, e.period_end, e.quantity, e.qualifier, e.estimate, e.estimate_high, e.quote,
       translated('source', e.source, $lang, e.source) AS source
FROM population_estimates e JOIN species s USING (species_id)
WHERE e.method = 'reported'
ORDER BY e.species_id, e.period_end, e.estimate_id;
