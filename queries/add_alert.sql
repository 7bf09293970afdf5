-- A new alert, open.
-- sensitive: none
INSERT INTO alerts (alert_id, kind, severity, raised_at, area_id, partner_area_id, latitude, longitude, description,
                    photo, photo_mediatype, raised_by, status, changed_at, source, synthetic, area_geojson)
VALUES ($alert_id, $kind, $severity, $raised_at, $area_id, $partner_area_id, $latitude, $longitude, $description,
        $photo, $photo_mediatype, $raised_by, 'open', $raised_at, $source, $synthetic, $area_geojson);
