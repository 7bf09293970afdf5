-- 011: each catalogue entry's detection days (issue 13). What the candidate-match queue pairs
-- and what a detection history is made of: an identified animal at one camera on one day, with
-- its first and last photograph. Derived (bigcats.derived, queries/derive_detection_days.sql):
-- recomputed in the transaction that writes observations; at ten million photographs, of which
-- the identified cats are a few per cent, pages read this instead of grouping the photographs.
CREATE TABLE detection_days (
    catalogue_area_id VARCHAR NOT NULL,
    individual_id     VARCHAR NOT NULL,
    species_id        VARCHAR NOT NULL,
    deployment_id     VARCHAR NOT NULL,
    day               DATE NOT NULL,      -- the photograph's local date as stamped by the camera
    first_at          TIMESTAMP NOT NULL,
    last_at           TIMESTAMP NOT NULL,
    photographs       INTEGER NOT NULL    -- one row per (entry, deployment, day); no key: rewritten whole
);
