-- Every alert raised from $date_from on, newest first, with the steps it went through. Positions
-- (a point, and an area where the alert has one),
-- photos, descriptions (which may name people) and people are the raising park's and the partner
-- park's: others get them generalised or not at all.
-- sensitive: latitude=latitude, longitude=longitude, area_geojson=place, photo=media, description=personal, raised_by=personal, acknowledged_by=personal, resolved_by=personal
-- owner: area_id, partner_area_id
SELECT a.alert_id, a.kind, a.severity, a.raised_at, a.area_id, p.region_id, a.partner_area_id, a.latitude, a.longitude,
       a.area_geojson,
       a.description, a.photo, a.photo_mediatype AS file_mediatype, a.raised_by, a.status, a.acknowledged_at,
       a.acknowledged_by, a.acknowledged_area_id, a.resolved_at, a.resolved_by, a.changed_at, a.synthetic
FROM alerts a
JOIN protected_areas p USING (area_id)
WHERE a.raised_at >= $date_from
ORDER BY a.raised_at DESC, a.alert_id;
