//! The conversations table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
}

fn from_row(r: &Row) -> rusqlite::Result<Conversation> {
    Ok(Conversation { id: r.get(0)?, title: r.get(1)?, created_at: r.get(2)?, updated_at: r.get(3)? })
}

pub fn insert(conn: &Connection, c: &Conversation) -> Result<()> {
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4)",
        params![c.id, c.title, c.created_at, c.updated_at],
    )?;
    Ok(())
}

/// Most recently active first.
pub fn list(conn: &Connection) -> Result<Vec<Conversation>> {
    let mut stmt =
        conn.prepare("SELECT id, title, created_at, updated_at FROM conversations ORDER BY updated_at DESC, id")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Conversation> {
    conn.query_row("SELECT id, title, created_at, updated_at FROM conversations WHERE id = ?1", [id], from_row)
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

/// Deletes the conversation and, by cascade, its messages.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM conversations WHERE id = ?1", [id])? == 0 {
        return Err(Error::not_found("conversation", id));
    }
    Ok(())
}
