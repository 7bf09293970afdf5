-- Each proposal with its titles and region (in $lang), budget, what has been spent (in USD at the
-- recorded rates), and whether any of that spending is synthetic demo data.
SELECT p.proposal_id,
       translated('proposals.short_title', p.proposal_id::VARCHAR, $lang, p.short_title) AS short_title,
       translated('proposals.title', p.proposal_id::VARCHAR, $lang, p.title) AS title,
       p.region_id,
       in_lang($lang, r.name_en, r.name_ru, r.name_zh, r.name_mn) AS region_name,
       p.species,
       p.budget_usd::DOUBLE AS budget_usd,
       p.period_start,
       p.period_end,
       translated('source', p.source, $lang, p.source) AS source,
       coalesce(sum(e.amount * e.rate_to_usd), 0)::DOUBLE AS spent_usd,
       coalesce(sum(e.amount * e.rate_to_usd), 0)::DOUBLE / p.budget_usd::DOUBLE AS share_spent,
       max(e.spent_on) AS last_expenditure_on,
       coalesce(bool_or(e.synthetic), false) AS spending_synthetic
FROM proposals p
JOIN regions r USING (region_id)
LEFT JOIN expenditures e USING (proposal_id)
GROUP BY p.proposal_id, p.short_title, p.title, p.region_id, region_name, p.species, p.budget_usd, p.period_start, p.period_end, p.source
ORDER BY p.proposal_id;
