//! A conversation as a file: JSON (every branch, read back by import) and Markdown (the branch shown, for people).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::chat::ChatTarget;
use crate::error::{Error, Result};
use crate::ir::{Role, Usage};
use crate::store::messages::{MessageRecord, MessageStatus};

pub const FORMAT: &str = "switchyard.conversation";
pub const VERSION: u32 = 1;

/// What an exported JSON file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationFile {
    pub format: String,
    pub version: u32,
    pub title: String,
    pub created_at: i64,
    #[serde(default)]
    pub target: Option<ChatTarget>,
    /// The last message of the branch shown.
    #[serde(default)]
    pub active_leaf_id: Option<String>,
    /// Every message of every branch, each after its parent.
    pub messages: Vec<FileMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileMessage {
    pub id: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    pub role: Role,
    pub content: String,
    pub status: MessageStatus,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub usage: Usage,
    #[serde(default)]
    pub latency_ms: Option<i64>,
    #[serde(default)]
    pub ttft_ms: Option<i64>,
    pub created_at: i64,
}

impl FileMessage {
    fn from_record(m: &MessageRecord) -> Self {
        FileMessage {
            id: m.id.clone(),
            parent_id: m.parent_id.clone(),
            role: m.role,
            content: m.content.clone(),
            status: m.status,
            provider_id: m.provider_id.clone(),
            model: m.model.clone(),
            usage: m.usage,
            latency_ms: m.latency_ms,
            ttft_ms: m.ttft_ms,
            created_at: m.created_at,
        }
    }
}

impl ConversationFile {
    pub fn new(
        title: &str,
        created_at: i64,
        target: Option<ChatTarget>,
        active_leaf_id: Option<String>,
        all: &[MessageRecord],
    ) -> Self {
        ConversationFile {
            format: FORMAT.into(),
            version: VERSION,
            title: title.into(),
            created_at,
            target,
            active_leaf_id,
            messages: all.iter().map(FileMessage::from_record).collect(),
        }
    }

    /// Reads and checks a file: its format and version, one role per message, every parent earlier in the file.
    pub fn parse(text: &str) -> Result<Self> {
        let file: ConversationFile = serde_json::from_str(text)
            .map_err(|e| invalid(format!("This is not a Switchyard conversation file ({e}).")))?;
        if file.format != FORMAT {
            return Err(invalid(format!("This file is a “{}”, not a Switchyard conversation.", file.format)));
        }
        if file.version > VERSION {
            return Err(invalid(format!(
                "This file was written by a newer Switchyard (format version {}); update the app to import it.",
                file.version
            )));
        }
        let mut seen = HashSet::new();
        for m in &file.messages {
            if !matches!(m.role, Role::User | Role::Assistant) {
                return Err(invalid(format!(
                    "Message {} has the role {:?}; only questions and answers can be imported.",
                    m.id, m.role
                )));
            }
            if let Some(parent) = &m.parent_id {
                if !seen.contains(parent.as_str()) {
                    return Err(invalid(format!(
                        "Message {} follows {parent}, which is not before it in the file.",
                        m.id
                    )));
                }
            }
            if !seen.insert(m.id.as_str()) {
                return Err(invalid(format!("Message {} is in the file twice.", m.id)));
            }
        }
        if let Some(leaf) = &file.active_leaf_id {
            if !seen.contains(leaf.as_str()) {
                return Err(invalid(format!("The branch shown ends at {leaf}, which is not in the file.")));
            }
        }
        Ok(file)
    }
}

fn invalid(message: String) -> Error {
    Error::invalid("conversation_file_invalid", message)
}

/// The branch shown, as Markdown: a title, then each turn under who wrote it.
pub fn markdown(title: &str, branch: &[MessageRecord]) -> String {
    let mut out = format!("# {}\n", title.trim());
    for m in branch {
        let who = match m.role {
            Role::User => "You".to_owned(),
            _ => m.model.clone().unwrap_or_else(|| "Assistant".to_owned()),
        };
        let when = chrono::DateTime::from_timestamp_millis(m.created_at)
            .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        out.push_str(&format!("\n## {who} · {when}\n\n{}\n", m.content.trim_end()));
        if !matches!(m.status, MessageStatus::Complete) {
            out.push_str(&format!("\n_({})_\n", m.status.as_str()));
        }
    }
    out
}

/// What a conversation is exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConversationFormat {
    /// The branch shown, for reading.
    Markdown,
    /// Every branch, for importing again.
    Json,
}
