-- 009: the titles of the proposals' activities in Russian, Chinese and Mongolian (issue 14), from
-- data/seed/activity_titles.csv; the English of the proposals stays in activities.title.
CREATE TABLE activity_titles (
    proposal_id INTEGER NOT NULL,
    code        VARCHAR NOT NULL,
    title_ru    VARCHAR NOT NULL,
    title_zh    VARCHAR NOT NULL,
    title_mn    VARCHAR NOT NULL,
    PRIMARY KEY (proposal_id, code),
    FOREIGN KEY (proposal_id, code) REFERENCES activities (proposal_id, code)
);
