-- Workflow history: immutable versions (content-addressed: the id is a hash over the document's hash, parents,
-- message, branch and time), branches each with its own head and draft (the active branch's draft is
-- workflows.doc; the others' are kept here), tags naming versions, and the document each run ran.
CREATE TABLE workflow_versions (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    doc_hash    TEXT NOT NULL,
    parents     TEXT NOT NULL,   -- JSON array of version ids
    message     TEXT NOT NULL,
    branch      TEXT NOT NULL,
    doc         TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, id)
);
CREATE INDEX workflow_versions_by_hash ON workflow_versions(workflow_id, doc_hash);
CREATE TABLE workflow_branches (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    head        TEXT,            -- a version id; NULL until something is committed on the branch
    draft       TEXT,            -- NULL for the active branch, whose draft is workflows.doc
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, name)
);
CREATE TABLE workflow_tags (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    version_id  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, name)
);
ALTER TABLE workflows ADD COLUMN branch TEXT NOT NULL DEFAULT 'main';
INSERT INTO workflow_branches (workflow_id, name, head, draft, created_at)
    SELECT id, 'main', NULL, NULL, created_at FROM workflows;
ALTER TABLE workflow_runs ADD COLUMN doc_hash TEXT;
ALTER TABLE workflow_runs ADD COLUMN version_id TEXT;
