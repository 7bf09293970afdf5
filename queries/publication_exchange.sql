-- Per park and year: publications produced, exchanged with the partner park, missing the English
-- abstract the agreement requires, and whether the annual exchange after the end of the year
-- happened (every publication of the year exchanged on or after 1 January of the next year).
SELECT area_id, year,
       count(*)::INTEGER AS produced,
       count(exchanged_on)::INTEGER AS exchanged,
       count(*) FILTER (WHERE abstract_en IS NULL OR trim(abstract_en) = '')::INTEGER AS missing_abstract,
       min(exchanged_on) AS first_exchanged_on,
       CASE WHEN count(*) FILTER (WHERE exchanged_on >= make_date(year + 1, 1, 1)) = count(*) THEN 'done'
            WHEN count(exchanged_on) > 0 THEN 'partial'
            ELSE 'not done' END AS annual_exchange,
       bool_or(synthetic) AS synthetic
FROM publications
GROUP BY area_id, year
ORDER BY year, area_id;
