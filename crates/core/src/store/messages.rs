//! The messages table: every turn with its model, usage, timing and outcome.

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::cost::money::Cost;
use crate::error::{Error, Result};
use crate::ir::{Role, Usage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Still arriving.
    /// A placeholder for the answer to a question waiting in the outbox.
    Queued,
    Streaming,
    Complete,
    /// The person pressed stop; `content` holds what had arrived.
    Stopped,
    /// The provider failed; `error` says why and `content` holds what had arrived.
    Error,
    /// The app quit or crashed while this answer was streaming.
    Interrupted,
}

impl MessageStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Streaming => "streaming",
            Self::Complete => "complete",
            Self::Stopped => "stopped",
            Self::Error => "error",
            Self::Interrupted => "interrupted",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "queued" => Self::Queued,
            "streaming" => Self::Streaming,
            "stopped" => Self::Stopped,
            "error" => Self::Error,
            "interrupted" => Self::Interrupted,
            _ => Self::Complete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MessageRecord {
    pub id: String,
    pub conversation_id: String,
    pub role: Role,
    pub content: String,
    pub status: MessageStatus,
    pub provider_id: Option<String>,
    pub model: Option<String>,
    pub trace_id: Option<String>,
    pub error: Option<Error>,
    pub usage: Usage,
    #[specta(type = Option<specta_typescript::Number>)]
    pub latency_ms: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ttft_ms: Option<i64>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    /// What the answer cost, from its ledger row; None while it streams, and when unpriced.
    #[serde(default)]
    pub cost: Option<Cost>,
    /// The answer was replayed from the response cache; then what its first call cost (None: unpriced).
    #[serde(default)]
    pub cached: bool,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub saved_cost_usd_micros: Option<i64>,
    /// The message this one follows; None for a conversation's first.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// This message and its alternatives (other answers to its question, other edits of it), oldest first; filled
    /// when a conversation's branch is listed, empty elsewhere.
    #[serde(default)]
    pub siblings: Vec<String>,
    /// The person's thumbs up or down on this answer, with their note; filled when a branch is listed.
    #[serde(default)]
    pub feedback: Option<crate::store::feedback::Feedback>,
}

const COLUMNS: &str = "id, conversation_id, role, content, status, provider_id, model, trace_id, error,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, latency_ms, ttft_ms, created_at,
    usage_estimated, parent_id";

fn from_row(r: &Row) -> rusqlite::Result<MessageRecord> {
    let role: String = r.get(2)?;
    let status: String = r.get(4)?;
    let error: Option<String> = r.get(8)?;
    Ok(MessageRecord {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::User),
        content: r.get(3)?,
        status: MessageStatus::parse(&status),
        provider_id: r.get(5)?,
        model: r.get(6)?,
        trace_id: r.get(7)?,
        error: error.and_then(|e| serde_json::from_str(&e).ok()),
        usage: Usage {
            input_tokens: r.get(9)?,
            output_tokens: r.get(10)?,
            cache_read_tokens: r.get(11)?,
            cache_write_tokens: r.get(12)?,
            reasoning_tokens: r.get(13)?,
            estimated: r.get(17)?,
        },
        latency_ms: r.get(14)?,
        ttft_ms: r.get(15)?,
        created_at: r.get(16)?,
        parent_id: r.get(18)?,
        siblings: Vec::new(),
        feedback: None,
        cost: match r.as_ref().column_count() > 19 {
            true => crate::store::ledger::cost_from(r, 19)?,
            false => None,
        },
        cached: r.as_ref().column_count() > 24 && r.get::<_, Option<String>>(24)?.as_deref() == Some("cached"),
        saved_cost_usd_micros: match r.as_ref().column_count() > 25 {
            true => r.get(25)?,
            false => None,
        },
    })
}

pub fn insert(conn: &Connection, m: &MessageRecord) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO messages ({COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
        ),
        params![
            m.id,
            m.conversation_id,
            m.role.as_str(),
            m.content,
            m.status.as_str(),
            m.provider_id,
            m.model,
            m.trace_id,
            m.error.as_ref().and_then(|e| serde_json::to_string(e).ok()),
            m.usage.input_tokens,
            m.usage.output_tokens,
            m.usage.cache_read_tokens,
            m.usage.cache_write_tokens,
            m.usage.reasoning_tokens,
            m.latency_ms,
            m.ttft_ms,
            m.created_at,
            m.usage.estimated,
            m.parent_id,
        ],
    )?;
    Ok(())
}

/// Saves what has arrived so far, so a crash mid-stream keeps the partial answer.
pub fn save_partial(conn: &Connection, id: &str, content: &str) -> Result<()> {
    conn.execute("UPDATE messages SET content = ?2 WHERE id = ?1", params![id, content])?;
    Ok(())
}

pub fn finish(conn: &Connection, m: &MessageRecord) -> Result<()> {
    conn.execute(
        "UPDATE messages SET content = ?2, status = ?3, model = ?4, error = ?5, input_tokens = ?6, output_tokens = ?7,
            cache_read_tokens = ?8, cache_write_tokens = ?9, reasoning_tokens = ?10, latency_ms = ?11, ttft_ms = ?12,
            usage_estimated = ?13, provider_id = ?14
         WHERE id = ?1",
        params![
            m.id,
            m.content,
            m.status.as_str(),
            m.model,
            m.error.as_ref().and_then(|e| serde_json::to_string(e).ok()),
            m.usage.input_tokens,
            m.usage.output_tokens,
            m.usage.cache_read_tokens,
            m.usage.cache_write_tokens,
            m.usage.reasoning_tokens,
            m.latency_ms,
            m.ttft_ms,
            m.usage.estimated,
            m.provider_id,
        ],
    )?;
    Ok(())
}

/// Every message of the conversation, every branch, oldest first.
pub fn list(conn: &Connection, conversation_id: &str) -> Result<Vec<MessageRecord>> {
    select_where(conn, "m.conversation_id = ?1", [conversation_id])
}

/// Messages matching `filter` (over `m`, the messages table), oldest first.
pub(crate) fn select_where(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<MessageRecord>> {
    let mut stmt = conn.prepare(&select(filter))?;
    let rows = stmt.query_map(params, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<MessageRecord> {
    use rusqlite::OptionalExtension;
    conn.query_row(&select("m.id = ?1"), [id], from_row).optional()?.ok_or_else(|| Error::not_found("message", id))
}

/// Messages with what their calls cost, oldest first. An answer the queue tried more than once has a ledger row
/// per attempt; it shows its last.
fn select(filter: &str) -> String {
    let own: Vec<String> = COLUMNS.split(',').map(|c| format!("m.{}", c.trim())).collect();
    format!(
        "SELECT {}, l.cost_micros, l.currency, l.cost_usd_micros, l.usd_per_unit_micros, l.price_source, l.status,
            l.saved_cost_usd_micros
         FROM messages m
         LEFT JOIN ledger l ON l.id = (SELECT max(id) FROM ledger WHERE message_id = m.id)
         WHERE {filter} ORDER BY m.created_at, m.rowid",
        own.join(", ")
    )
}

/// Answers left `streaming` by a previous run that died are marked interrupted at start-up.
pub fn mark_interrupted(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'", [])?)
}
