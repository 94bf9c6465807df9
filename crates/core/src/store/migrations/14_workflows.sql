-- Workflows: each document (JSON) with the revision every save must name; its runs with the document they ran;
-- one record (JSON) per node run, in the order they finished; the names of workflow secrets (their values live in
-- the keychain).
CREATE TABLE workflows (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    doc        TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE workflow_runs (
    id              TEXT PRIMARY KEY,
    workflow_id     TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    doc             TEXT NOT NULL,
    status          TEXT NOT NULL,   -- running | succeeded | failed | cancelled | interrupted
    inputs          TEXT NOT NULL,
    outputs         TEXT NOT NULL,
    error           TEXT,
    from_node       TEXT,
    base_run_id     TEXT,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    input_tokens    INTEGER NOT NULL DEFAULT 0,
    output_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd_micros INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX workflow_runs_by_workflow ON workflow_runs(workflow_id, started_at);
CREATE TABLE workflow_node_runs (
    run_id  TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    scope   TEXT NOT NULL,
    record  TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE workflow_secrets (
    name       TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);
