-- The protected areas of each proposal, named in $lang (English where no name is held).
SELECT pa.proposal_id,
       a.area_id,
       CASE $lang WHEN 'ru' THEN coalesce(a.name_ru, a.name_en) WHEN 'zh' THEN coalesce(a.name_zh, a.name_en)
                  WHEN 'mn' THEN coalesce(a.name_mn, a.name_en) ELSE a.name_en END AS name,
       a.country, a.status, a.kind, a.schematic, pa.role
FROM proposal_areas pa
JOIN protected_areas a USING (area_id)
ORDER BY pa.proposal_id, a.country DESC, a.area_id;
