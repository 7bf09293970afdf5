-- 015: the register of genetic samples (issue 17; Proposal 3: "scat samples ... for DNA-based
-- analysis", "identify all individuals"): each scat or hair sample from where it was collected
-- to the lab's genotype and the catalogue entry it was assigned to. A genotyped sample assigned
-- to an entry is a detection of that animal beside its photographs (queries/sample_detections.sql).
CREATE TABLE genetic_samples (
    sample_id         VARCHAR PRIMARY KEY,
    kind              VARCHAR NOT NULL CHECK (kind IN ('scat', 'hair', 'tissue', 'urine', 'saliva')),
    area_id           VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    collected_on      DATE NOT NULL,
    latitude          DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude         DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    collector         VARCHAR,
    lab               VARCHAR,
    status            VARCHAR NOT NULL CHECK (status IN ('collected', 'sent', 'genotyped', 'failed')),
    genotype          VARCHAR,            -- the lab's genotype (profile) id
    species_id        VARCHAR REFERENCES species (species_id),
    catalogue_area_id VARCHAR,
    individual_id     VARCHAR,
    source            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL DEFAULT false,
    FOREIGN KEY (catalogue_area_id, individual_id) REFERENCES individuals (catalogue_area_id, individual_id),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK ((catalogue_area_id IS NULL) = (individual_id IS NULL)),
    CHECK (individual_id IS NULL OR status = 'genotyped'),
    CHECK (genotype IS NULL OR status = 'genotyped')
);

COMMENT ON COLUMN genetic_samples.latitude IS 'sensitive: latitude';
COMMENT ON COLUMN genetic_samples.longitude IS 'sensitive: longitude';
COMMENT ON COLUMN genetic_samples.collector IS 'sensitive: personal';
