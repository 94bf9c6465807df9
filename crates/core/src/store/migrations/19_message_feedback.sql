-- Thumbs up or down on an answer, with an optional note. Kept beside the message (deleted with it) and under the
-- answer's trace id, so the usage log's rows of that call show it.
CREATE TABLE message_feedback (
    message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    trace_id TEXT,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    note TEXT,
    at INTEGER NOT NULL
);
CREATE INDEX message_feedback_by_trace ON message_feedback(trace_id) WHERE trace_id IS NOT NULL;
