//! Compare groups: the conversations shown side by side, one per pane. A group is named by the conversation it
//! started from; it holds at most [`MAX_PANES`] conversations and is dissolved when one would be left alone.

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::store::conversations::{self, Conversation};
use crate::store::messages::{self, MessageRecord};
use crate::store::{branches, new_id};

pub const MAX_PANES: usize = 4;

/// The conversations of `group`, in the order their panes were opened.
pub fn members(conn: &Connection, group: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM conversations WHERE compare_group = ?1 ORDER BY created_at, rowid")?;
    let ids = stmt.query_map([group], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

fn set_group(conn: &Connection, id: &str, group: Option<&str>) -> Result<()> {
    conn.execute("UPDATE conversations SET compare_group = ?2 WHERE id = ?1", params![id, group])?;
    Ok(())
}

/// Refuses while an answer of the conversation streams or waits in the queue: a copy would catch it half-way.
fn ensure_idle(conn: &Connection, id: &str) -> Result<()> {
    let busy: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM outbox WHERE conversation_id = ?1)", [id], |r| r.get(0))?;
    if busy {
        return Err(Error::invalid(
            "conversation_busy",
            "An answer of this conversation is streaming or queued; wait for it or stop it first.",
        ));
    }
    Ok(())
}

/// A new pane beside `source`: a new conversation holding a copy of the branch `source` shows (so both panes
/// answer the next question from the same history), in `source`'s group (started if it has none).
pub fn add_pane(conn: &Connection, source: &Conversation, pane: Conversation, now: i64) -> Result<Conversation> {
    ensure_idle(conn, &source.id)?;
    let group = source.compare_group.clone().unwrap_or_else(|| source.id.clone());
    let panes = members(conn, &group)?.len().max(1);
    if panes >= MAX_PANES {
        return Err(Error::invalid(
            "compare_full",
            format!("A compare shows at most {MAX_PANES} panes; close one to add another."),
        ));
    }
    set_group(conn, &source.id, Some(&group))?;
    let pane = Conversation { created_at: now, updated_at: now, compare_group: Some(group), ..pane };
    conversations::insert(conn, &pane)?;
    let mut parent: Option<String> = None;
    for m in branches::active_branch(conn, &source.id)? {
        let id = new_id();
        messages::insert(conn, &copy_of(&m, &pane.id, &id, parent.take()))?;
        parent = Some(id);
    }
    if let Some(leaf) = &parent {
        branches::set_active_leaf(conn, &pane.id, leaf)?;
    }
    Ok(pane)
}

/// A message of the branch copied into another conversation: the same words and figures, no trace of its own
/// (its call was made, and billed, once: in the conversation it was copied from). Nothing of the branch is
/// arriving (`ensure_idle`), so every status is kept as it is.
fn copy_of(m: &MessageRecord, conversation_id: &str, id: &str, parent_id: Option<String>) -> MessageRecord {
    MessageRecord {
        id: id.to_owned(),
        conversation_id: conversation_id.to_owned(),
        trace_id: None,
        parent_id,
        ..m.clone()
    }
}

/// Takes `id` out of its compare (its pane closed); a group left with one conversation is dissolved.
pub fn leave(conn: &Connection, id: &str) -> Result<()> {
    let Some(group) = conversations::get(conn, id)?.compare_group else { return Ok(()) };
    set_group(conn, id, None)?;
    let rest = members(conn, &group)?;
    if rest.len() == 1 {
        set_group(conn, &rest[0], None)?;
    }
    Ok(())
}

/// Ends the compare `id` is in: every pane becomes a conversation on its own (nothing is deleted).
pub fn dissolve(conn: &Connection, id: &str) -> Result<()> {
    let Some(group) = conversations::get(conn, id)?.compare_group else { return Ok(()) };
    conn.execute("UPDATE conversations SET compare_group = NULL WHERE compare_group = ?1", [group])?;
    Ok(())
}
