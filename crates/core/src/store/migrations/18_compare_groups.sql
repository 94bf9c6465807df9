-- Side-by-side compare: each pane is its own conversation (its own target, history and cost); the panes opened
-- together share a group, so the sidebar shows them as one item and opening it brings every pane back.
ALTER TABLE conversations ADD COLUMN compare_group TEXT;
CREATE INDEX conversations_by_compare_group ON conversations(compare_group) WHERE compare_group IS NOT NULL;
