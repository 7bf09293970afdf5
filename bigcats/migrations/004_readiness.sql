-- 004: the readiness scorecard for the decision on Phase 2 of Proposal 2 ("the approval of the
-- next phase depends on the completion of the previous phase and the evaluation of its
-- deliverables"). Criteria, weights and thresholds are data the programme admin edits; each
-- criterion names the measure it is scored on, so every score can be traced to its data.
CREATE TABLE readiness_criteria (
    criterion_id VARCHAR PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (proposal_id),
    item_code    VARCHAR,
    name         VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,   -- what is measured: see bigcats/feasibility.py MEASURES
    threshold    DOUBLE NOT NULL,    -- the measure that scores full marks
    weight       DOUBLE NOT NULL CHECK (weight >= 0),
    edited_by    VARCHAR NOT NULL,
    edited_on    DATE NOT NULL,
    source       VARCHAR NOT NULL
);
