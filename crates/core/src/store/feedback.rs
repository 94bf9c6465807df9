//! Feedback on answers: thumbs up or down and an optional note, one per answer.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Up,
    Down,
}

impl Rating {
    fn to_sql(self) -> i64 {
        match self {
            Rating::Up => 1,
            Rating::Down => -1,
        }
    }

    fn from_sql(v: i64) -> Self {
        if v > 0 {
            Rating::Up
        } else {
            Rating::Down
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Feedback {
    pub rating: Rating,
    #[serde(default)]
    pub note: Option<String>,
}

/// Keeps `feedback` for the answer (replacing what it had), or forgets it (None).
pub fn set(
    conn: &Connection,
    message_id: &str,
    trace_id: Option<&str>,
    feedback: Option<&Feedback>,
    at: i64,
) -> Result<()> {
    match feedback {
        Some(f) => conn.execute(
            "INSERT INTO message_feedback (message_id, trace_id, rating, note, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (message_id) DO UPDATE SET trace_id = ?2, rating = ?3, note = ?4, at = ?5",
            params![message_id, trace_id, f.rating.to_sql(), f.note, at],
        )?,
        None => conn.execute("DELETE FROM message_feedback WHERE message_id = ?1", [message_id])?,
    };
    Ok(())
}

/// A `(key, rating, note)` row.
fn keyed_feedback(r: &rusqlite::Row) -> rusqlite::Result<(String, Feedback)> {
    Ok((r.get(0)?, Feedback { rating: Rating::from_sql(r.get(1)?), note: r.get(2)? }))
}

/// The feedback on the answers of a conversation, by message id.
pub fn of_conversation(conn: &Connection, conversation_id: &str) -> Result<HashMap<String, Feedback>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.message_id, f.rating, f.note FROM message_feedback f JOIN messages m ON m.id = f.message_id
         WHERE m.conversation_id = ?1",
    )?;
    let rows = stmt.query_map([conversation_id], keyed_feedback)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The feedback on the calls of these traces, by trace id.
pub fn of_traces(conn: &Connection, trace_ids: &[&str]) -> Result<HashMap<String, Feedback>> {
    if trace_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks = vec!["?"; trace_ids.len()].join(",");
    let mut stmt =
        conn.prepare(&format!("SELECT trace_id, rating, note FROM message_feedback WHERE trace_id IN ({marks})"))?;
    let rows = stmt.query_map(params_from_iter(trace_ids), keyed_feedback)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
