//! The conversations table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::chat::ChatTarget;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
    /// What its last turn was sent to: the pane picks it again when the conversation is opened.
    #[serde(default)]
    pub target: Option<ChatTarget>,
    /// The compare it is a pane of (None: a conversation on its own); the panes of one compare share it.
    #[serde(default)]
    pub compare_group: Option<String>,
}

const COLUMNS: &str = "id, title, created_at, updated_at, target, compare_group";

fn from_row(r: &Row) -> rusqlite::Result<Conversation> {
    let target: Option<String> = r.get(4)?;
    Ok(Conversation {
        id: r.get(0)?,
        title: r.get(1)?,
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        target: target.and_then(|t| serde_json::from_str(&t).ok()),
        compare_group: r.get(5)?,
    })
}

pub fn insert(conn: &Connection, c: &Conversation) -> Result<()> {
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at, target, compare_group)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            c.id,
            c.title,
            c.created_at,
            c.updated_at,
            c.target.as_ref().and_then(|t| serde_json::to_string(t).ok()),
            c.compare_group,
        ],
    )?;
    Ok(())
}

/// Most recently active first.
pub fn list(conn: &Connection) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM conversations ORDER BY updated_at DESC, id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Conversation> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM conversations WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("conversation", id))
}

pub fn rename(conn: &Connection, id: &str, title: &str, now: i64) -> Result<()> {
    if conn.execute("UPDATE conversations SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, title, now])? == 0
    {
        return Err(Error::not_found("conversation", id));
    }
    Ok(())
}

pub fn touch(conn: &Connection, id: &str, now: i64) -> Result<()> {
    conn.execute("UPDATE conversations SET updated_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// Remembers what the conversation's last turn was sent to.
pub fn set_target(conn: &Connection, id: &str, target: &ChatTarget) -> Result<()> {
    let target = serde_json::to_string(target).map_err(|e| Error::internal(e.to_string()))?;
    conn.execute("UPDATE conversations SET target = ?2 WHERE id = ?1", params![id, target])?;
    Ok(())
}

/// Deletes the conversation and, by cascade, its messages.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM conversations WHERE id = ?1", [id])? == 0 {
        return Err(Error::not_found("conversation", id));
    }
    Ok(())
}
