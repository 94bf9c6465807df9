-- 11: the offline queue's outbox. A chat turn is accepted here, with its question and a placeholder answer, in one
-- transaction before any network call; the row goes when the answer is finished. `id` is also the idempotency key
-- sent upstream. `seq` is the order of acceptance: a conversation's items are sent in it, one at a time.
CREATE TABLE outbox (
    id                TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL UNIQUE,
    conversation_id   TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    pane_id           TEXT NOT NULL,
    user_message_id   TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    answer_message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    target            TEXT NOT NULL,              -- ChatTarget as JSON
    state             TEXT NOT NULL,              -- queued | held | sending | needs_decision
    bytes             INTEGER NOT NULL,           -- the question's UTF-8 length, counted against the cap
    attempts          INTEGER NOT NULL DEFAULT 0, -- requests that left for it
    last_error        TEXT,                       -- Error as JSON
    next_attempt_at   INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX outbox_by_conversation ON outbox(conversation_id, seq);
