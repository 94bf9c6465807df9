-- The audit log: every change to providers, access keys, routes, budgets, price overrides and settings; who made
-- it (app, cli, config_file), when, and the subject's values before and after as JSON (never a secret).
-- Append-only: the triggers refuse every UPDATE and DELETE, so not even a bug in this program can rewrite history.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    source       TEXT NOT NULL,   -- app | cli | config_file
    action       TEXT NOT NULL,   -- created | imported | updated | deleted | revoked
    subject_kind TEXT NOT NULL,   -- provider | access_key | route | budget | price_override | settings
    subject_id   TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    old_value    TEXT,            -- JSON; NULL when the subject was created
    new_value    TEXT             -- JSON; NULL when the subject was deleted
);
CREATE INDEX audit_log_by_kind ON audit_log(subject_kind, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
