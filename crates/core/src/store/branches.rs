//! A conversation's messages as a tree: each follows its parent, a question can have several answers (regenerated)
//! and a place several questions (edited). The conversation shows one branch: the path from its first message to
//! its active leaf. Every function here takes the connection of the caller's transaction.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::messages::{self, MessageRecord};

/// The leaf of the branch shown; None for an empty conversation. A leaf that is gone (deleted) or was never set
/// falls back to the newest message.
pub fn active_leaf(conn: &Connection, conversation_id: &str) -> Result<Option<String>> {
    let leaf: Option<String> = conn
        .query_row(
            "SELECT c.active_leaf_id FROM conversations c
             JOIN messages m ON m.id = c.active_leaf_id AND m.conversation_id = c.id
             WHERE c.id = ?1",
            [conversation_id],
            |r| r.get(0),
        )
        .optional()?;
    match leaf {
        Some(leaf) => Ok(Some(leaf)),
        None => Ok(conn
            .query_row(
                "SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [conversation_id],
                |r| r.get(0),
            )
            .optional()?),
    }
}

pub fn set_active_leaf(conn: &Connection, conversation_id: &str, leaf: &str) -> Result<()> {
    conn.execute("UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1", params![conversation_id, leaf])?;
    Ok(())
}

/// The message and every one before it on its branch, oldest first.
pub fn path_to(conn: &Connection, message_id: &str) -> Result<Vec<MessageRecord>> {
    messages::select_where(
        conn,
        "m.id IN (WITH RECURSIVE up(id) AS (
            SELECT ?1 UNION ALL SELECT p.parent_id FROM messages p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL
         ) SELECT id FROM up)",
        [message_id],
    )
}

/// The newest leaf below `message_id` (itself when nothing follows it): where switching to it leads.
pub fn leaf_below(conn: &Connection, message_id: &str) -> Result<String> {
    let mut leaf = message_id.to_owned();
    while let Some(child) = conn
        .query_row(
            "SELECT id FROM messages WHERE parent_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
            [&leaf],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    {
        leaf = child;
    }
    Ok(leaf)
}

/// The branch shown, each message with its siblings.
pub fn active_branch(conn: &Connection, conversation_id: &str) -> Result<Vec<MessageRecord>> {
    let Some(leaf) = active_leaf(conn, conversation_id)? else { return Ok(Vec::new()) };
    let mut path = path_to(conn, &leaf)?;
    let mut by_parent: HashMap<Option<String>, Vec<String>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT id, parent_id FROM messages WHERE conversation_id = ?1 ORDER BY created_at, rowid")?;
    for row in stmt.query_map([conversation_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))? {
        let (id, parent) = row?;
        by_parent.entry(parent).or_default().push(id);
    }
    let mut feedback = crate::store::feedback::of_conversation(conn, conversation_id)?;
    for m in &mut path {
        m.siblings = by_parent.remove(&m.parent_id).unwrap_or_default();
        m.feedback = feedback.remove(&m.id);
    }
    Ok(path)
}

/// Shows the branch through `message_id` (down to its newest leaf). Returns the conversation it is in.
pub fn switch_to(conn: &Connection, message_id: &str) -> Result<String> {
    let message = messages::get(conn, message_id)?;
    let leaf = leaf_below(conn, message_id)?;
    set_active_leaf(conn, &message.conversation_id, &leaf)?;
    Ok(message.conversation_id)
}

/// Deletes the message and everything that follows it. When the branch shown went with it, the one shown next is
/// the newest through its parent (or the newest of the conversation). Returns the conversation it was in.
pub fn delete(conn: &Connection, message_id: &str) -> Result<String> {
    let message = messages::get(conn, message_id)?;
    let shown = active_leaf(conn, &message.conversation_id)?;
    let on_shown_branch = match &shown {
        Some(leaf) => path_to(conn, leaf)?.iter().any(|m| m.id == message_id),
        None => false,
    };
    if conn.execute("DELETE FROM messages WHERE id = ?1", [message_id])? == 0 {
        return Err(Error::not_found("message", message_id));
    }
    if on_shown_branch {
        let next = match &message.parent_id {
            Some(parent) => Some(leaf_below(conn, parent)?),
            None => active_leaf(conn, &message.conversation_id)?,
        };
        conn.execute(
            "UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1",
            params![message.conversation_id, next],
        )?;
    }
    Ok(message.conversation_id)
}

/// Whether any message follows `message_id`.
pub fn has_children(conn: &Connection, message_id: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM messages WHERE parent_id = ?1)", [message_id], |r| r.get(0))?)
}
