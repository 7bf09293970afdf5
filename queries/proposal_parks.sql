-- The protected areas of each proposal, named in $lang (English where no name is held).
SELECT pa.proposal_id,
       a.area_id,
       in_lang($lang, a.name_en, a.name_ru, a.name_zh, a.name_mn) AS name,
       a.country, a.status, a.kind, a.schematic, pa.role
FROM proposal_areas pa
JOIN protected_areas a USING (area_id)
ORDER BY pa.proposal_id, a.country DESC, a.area_id;
