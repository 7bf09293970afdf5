-- One protected area: its region, country and English name (an importer's --park).
SELECT area_id, region_id, country, name_en FROM protected_areas WHERE area_id = $area_id;
