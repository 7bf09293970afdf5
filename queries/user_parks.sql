-- The parks an editor account may write to.
SELECT area_id FROM user_parks WHERE user_name = $name ORDER BY area_id;
