-- Branching history: each message follows its parent (NULL: the conversation's first message). Regenerating an
-- answer or editing a question adds a sibling beside it; the conversation shows the path to its active leaf.
-- Deleting a message deletes what follows it. Each conversation also remembers what its last turn was sent to.
ALTER TABLE messages ADD COLUMN parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE;
ALTER TABLE conversations ADD COLUMN active_leaf_id TEXT;
ALTER TABLE conversations ADD COLUMN target TEXT;  -- ChatTarget as JSON; NULL until a turn is sent
-- Until now a conversation was one line: each message follows the one before it.
UPDATE messages SET parent_id = (
    SELECT p.id FROM messages p
    WHERE p.conversation_id = messages.conversation_id
      AND (p.created_at < messages.created_at OR (p.created_at = messages.created_at AND p.rowid < messages.rowid))
    ORDER BY p.created_at DESC, p.rowid DESC LIMIT 1
);
UPDATE conversations SET active_leaf_id = (
    SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1
);
CREATE INDEX messages_by_parent ON messages(parent_id);
