//! The outbox table: accepting a turn with its question, claiming the next one to send, and what the person can do
//! to a waiting one. Each function is one transaction.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{queue_full, ItemState, QueueItem, QueueLimits};
use crate::chat::{title_from, ChatTarget, TurnPlace, DEFAULT_TITLE};
use crate::error::{Error, Result};
use crate::ir::{Role, Usage};
use crate::store::messages::{self, MessageRecord, MessageStatus};
use crate::store::{branches, conversations, new_id};

/// A turn to accept.
pub struct NewTurn {
    pub conversation_id: String,
    pub pane_id: String,
    pub target: ChatTarget,
    pub text: String,
    pub place: TurnPlace,
    pub trace_id: String,
    pub now: i64,
}

/// How the turn should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Send at once, unless an earlier turn of the conversation still waits.
    SendNow,
    /// Wait for the dispatcher (the provider is known to be unreachable).
    Queue,
    /// Wait until the person says "send now".
    Hold,
}

/// A turn ready to go: its item (marked `sending`), its question, the answer placeholder and the conversation so far.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub item: QueueItem,
    pub question: MessageRecord,
    pub answer: MessageRecord,
    pub history: Vec<MessageRecord>,
}

/// What `accept` did: the turn goes now (`Ok(Claimed)`) or waits (`Err(item)`), with its two messages.
pub struct Accepted {
    pub question: MessageRecord,
    pub answer: MessageRecord,
    pub outcome: std::result::Result<Claimed, QueueItem>,
}

/// Writes the question, its answer placeholder and the outbox row together. A turn that would wait is refused when
/// the queue is full.
pub fn accept(conn: &mut Connection, turn: NewTurn, mode: Accept, limits: QueueLimits) -> Result<Accepted> {
    let tx = conn.transaction()?;
    let conversation = conversations::get(&tx, &turn.conversation_id)?;
    let earlier: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE conversation_id = ?1)",
        [&turn.conversation_id],
        |r| r.get(0),
    )?;
    let state = match mode {
        Accept::Hold => ItemState::Held,
        Accept::SendNow if !earlier => ItemState::Sending,
        _ => ItemState::Queued,
    };
    let asked_again = match &turn.place {
        TurnPlace::Next => None,
        TurnPlace::Regenerate { question_id } | TurnPlace::Edit { question_id } => {
            Some(question_of(&tx, &turn.conversation_id, question_id)?)
        }
    };
    let text = match (&turn.place, &asked_again) {
        (TurnPlace::Regenerate { .. }, Some(q)) => q.content.clone(),
        _ => turn.text.clone(),
    };
    let bytes = text.len() as i64;
    if state != ItemState::Sending {
        let (items, waiting_bytes): (i64, i64) =
            tx.query_row("SELECT count(*), coalesce(sum(bytes), 0) FROM outbox WHERE state != 'sending'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if items + 1 > i64::from(limits.max_items) || (waiting_bytes + bytes) as u64 > limits.max_bytes {
            return Err(queue_full(limits));
        }
    }
    // After every message of the conversation, even one stamped in this same millisecond: the list is in this order.
    let last: Option<i64> = tx.query_row(
        "SELECT max(created_at) FROM messages WHERE conversation_id = ?1",
        [&turn.conversation_id],
        |r| r.get(0),
    )?;
    let at = last.map_or(turn.now, |l| turn.now.max(l + 1));
    let question = match (&turn.place, asked_again) {
        (TurnPlace::Regenerate { .. }, Some(q)) => q,
        (place, edited) => MessageRecord {
            id: new_id(),
            conversation_id: turn.conversation_id.clone(),
            role: Role::User,
            content: text,
            status: MessageStatus::Complete,
            provider_id: None,
            model: None,
            trace_id: Some(turn.trace_id.clone()),
            error: None,
            usage: Usage::default(),
            latency_ms: None,
            ttft_ms: None,
            created_at: at,
            cost: None,
            cached: false,
            saved_cost_usd_micros: None,
            parent_id: match (place, edited) {
                (TurnPlace::Edit { .. }, Some(q)) => q.parent_id,
                _ => branches::active_leaf(&tx, &turn.conversation_id)?,
            },
            siblings: Vec::new(),
            feedback: None,
        },
    };
    let answer = MessageRecord {
        id: new_id(),
        conversation_id: turn.conversation_id.clone(),
        role: Role::Assistant,
        content: String::new(),
        status: match state {
            ItemState::Sending => MessageStatus::Streaming,
            _ => MessageStatus::Queued,
        },
        provider_id: match &turn.target {
            ChatTarget::Model { provider_id, .. } => Some(provider_id.clone()),
            ChatTarget::Route { .. } => None,
        },
        model: match &turn.target {
            ChatTarget::Model { model, .. } => Some(model.clone()),
            ChatTarget::Route { .. } => None,
        },
        trace_id: Some(turn.trace_id.clone()),
        error: None,
        usage: Usage::default(),
        latency_ms: None,
        ttft_ms: None,
        created_at: at + 1,
        cost: None,
        cached: false,
        saved_cost_usd_micros: None,
        parent_id: Some(question.id.clone()),
        siblings: Vec::new(),
        feedback: None,
    };
    let history = match state {
        ItemState::Sending => before(&tx, &question)?,
        _ => Vec::new(),
    };
    if !matches!(turn.place, TurnPlace::Regenerate { .. }) {
        messages::insert(&tx, &question)?;
    }
    messages::insert(&tx, &answer)?;
    branches::set_active_leaf(&tx, &turn.conversation_id, &answer.id)?;
    conversations::set_target(&tx, &turn.conversation_id, &turn.target)?;
    if conversation.title == DEFAULT_TITLE && last.is_none() {
        conversations::rename(&tx, &conversation.id, &title_from(&question.content), turn.now)?;
    } else {
        conversations::touch(&tx, &conversation.id, turn.now)?;
    }
    let id = new_id();
    let target = serde_json::to_string(&turn.target).map_err(|e| Error::internal(e.to_string()))?;
    tx.execute(
        "INSERT INTO outbox (id, seq, conversation_id, pane_id, user_message_id, answer_message_id, target, state,
            bytes, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)",
        params![
            id,
            turn.conversation_id,
            turn.pane_id,
            question.id,
            answer.id,
            target,
            state.as_str(),
            bytes,
            u32::from(state == ItemState::Sending),
            turn.now
        ],
    )?;
    let item = get(&tx, &id)?;
    tx.commit()?;
    let outcome = match state {
        ItemState::Sending => Ok(Claimed { item, question: question.clone(), answer: answer.clone(), history }),
        _ => Err(item),
    };
    Ok(Accepted { question, answer, outcome })
}

/// The first item of each conversation that has one, in queue order: only these may be sent.
pub fn heads(conn: &Connection) -> Result<Vec<QueueItem>> {
    let mut stmt =
        conn.prepare(&select("o.seq = (SELECT min(seq) FROM outbox f WHERE f.conversation_id = o.conversation_id)"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a queued item `sending` (one more attempt) and its answer streaming, if it is still queued and first in its
/// conversation; None otherwise (cancelled, edited into held, or another dispatcher took it).
pub fn claim(conn: &mut Connection, id: &str, now: i64) -> Result<Option<Claimed>> {
    let tx = conn.transaction()?;
    let changed = tx.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?2
         WHERE id = ?1 AND state = 'queued'
           AND seq = (SELECT min(seq) FROM outbox f WHERE f.conversation_id = outbox.conversation_id)",
        params![id, now],
    )?;
    if changed == 0 {
        return Ok(None);
    }
    let item = get(&tx, id)?;
    tx.execute(
        "UPDATE messages SET status = 'streaming', content = '', error = NULL WHERE id = ?1",
        [&item.answer_message_id],
    )?;
    let question = messages::get(&tx, &item.user_message_id)?;
    let answer = messages::get(&tx, &item.answer_message_id)?;
    let history = before(&tx, &question)?;
    tx.commit()?;
    Ok(Some(Claimed { item, question, answer, history }))
}

/// The conversation up to (not including) the question, on the question's branch.
fn before(conn: &Connection, question: &MessageRecord) -> Result<Vec<MessageRecord>> {
    match &question.parent_id {
        Some(parent) => branches::path_to(conn, parent),
        None => Ok(Vec::new()),
    }
}

/// A question of the conversation asked again (regenerated) or edited.
fn question_of(conn: &Connection, conversation_id: &str, id: &str) -> Result<MessageRecord> {
    let question = messages::get(conn, id)?;
    if question.conversation_id != conversation_id || question.role != Role::User {
        return Err(Error::invalid("not_a_question", "Only a question of this conversation can be asked again."));
    }
    Ok(question)
}

/// The answer is finished (complete, stopped, failed for good): it is saved and the item leaves the queue.
pub fn finish(conn: &mut Connection, id: &str, answer: &MessageRecord) -> Result<()> {
    let tx = conn.transaction()?;
    messages::finish(&tx, answer)?;
    tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

/// The attempt failed before any answer: the item waits again until `next_attempt_at`, with the error shown.
pub fn requeue(conn: &mut Connection, id: &str, error: &Error, next_attempt_at: i64, now: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let error = serde_json::to_string(error).ok();
    tx.execute(
        "UPDATE outbox SET state = 'queued', last_error = ?2, next_attempt_at = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, error, next_attempt_at, now],
    )?;
    tx.execute(
        "UPDATE messages SET status = 'queued', content = ''
         WHERE id = (SELECT answer_message_id FROM outbox WHERE id = ?1)",
        [id],
    )?;
    tx.commit()?;
    Ok(())
}

/// At start: items a previous run left `sending` wait for the person's decision; their answers are interrupted.
pub fn recover(conn: &mut Connection, now: i64) -> Result<usize> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE messages SET status = 'interrupted'
         WHERE id IN (SELECT answer_message_id FROM outbox WHERE state = 'sending')",
        [],
    )?;
    let cut =
        tx.execute("UPDATE outbox SET state = 'needs_decision', updated_at = ?1 WHERE state = 'sending'", [now])?;
    tx.commit()?;
    Ok(cut)
}

/// "Send now" / "Resend": a queued or held item is due at once; one that needs a decision is sent again.
pub fn release(conn: &mut Connection, id: &str, now: i64) -> Result<QueueItem> {
    let tx = conn.transaction()?;
    let item = get(&tx, id)?;
    if item.state == ItemState::Sending {
        return Err(being_sent());
    }
    tx.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    tx.execute(
        "UPDATE messages SET status = 'queued', content = '', error = NULL WHERE id = ?1",
        [&item.answer_message_id],
    )?;
    let item = get(&tx, id)?;
    tx.commit()?;
    Ok(item)
}

/// Takes an item out of the queue. One that never left goes with its question and placeholder; one that needs a
/// decision may have been answered upstream, so its question and interrupted answer stay in the conversation.
pub fn cancel(conn: &mut Connection, id: &str) -> Result<()> {
    let tx = conn.transaction()?;
    let item = get(&tx, id)?;
    match item.state {
        ItemState::Sending => return Err(being_sent()),
        ItemState::NeedsDecision => {
            tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
        }
        ItemState::Queued | ItemState::Held => {
            // What was sent after it stays, now following what came before it.
            let question = messages::get(&tx, &item.user_message_id)?;
            tx.execute(
                "UPDATE messages SET parent_id = ?2 WHERE parent_id = ?1",
                params![item.answer_message_id, question.parent_id],
            )?;
            branches::delete(&tx, &item.answer_message_id)?;
            // A question asked again keeps its other answers.
            if !branches::has_children(&tx, &question.id)? {
                branches::delete(&tx, &question.id)?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Changes the question of an item that has not left. The new text counts against the cap like a new message.
pub fn edit(conn: &mut Connection, id: &str, text: &str, limits: QueueLimits, now: i64) -> Result<QueueItem> {
    if text.trim().is_empty() {
        return Err(Error::invalid("empty_message", "Write a message before sending."));
    }
    let tx = conn.transaction()?;
    let item = get(&tx, id)?;
    if item.state == ItemState::Sending {
        return Err(being_sent());
    }
    let answered: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM messages WHERE parent_id = ?1 AND id != ?2)",
        params![item.user_message_id, item.answer_message_id],
        |r| r.get(0),
    )?;
    if answered {
        return Err(Error::invalid(
            "question_answered",
            "This question already has other answers; edit it in the conversation to start a new branch.",
        ));
    }
    let others: i64 =
        tx.query_row("SELECT coalesce(sum(bytes), 0) FROM outbox WHERE state != 'sending' AND id != ?1", [id], |r| {
            r.get(0)
        })?;
    if (others + text.len() as i64) as u64 > limits.max_bytes {
        return Err(queue_full(limits));
    }
    tx.execute("UPDATE messages SET content = ?2 WHERE id = ?1", params![item.user_message_id, text])?;
    tx.execute("UPDATE outbox SET bytes = ?2, updated_at = ?3 WHERE id = ?1", params![id, text.len() as i64, now])?;
    let item = get(&tx, id)?;
    tx.commit()?;
    Ok(item)
}

/// Every item, in queue order.
pub fn list(conn: &Connection) -> Result<Vec<QueueItem>> {
    let mut stmt = conn.prepare(&select("1"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Items waiting for something (not being sent): what the sidebar counts.
pub fn waiting(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM outbox WHERE state != 'sending'", [], |r| r.get(0))?)
}

pub fn get(conn: &Connection, id: &str) -> Result<QueueItem> {
    conn.query_row(&select("o.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("queued message", id))
}

fn being_sent() -> Error {
    Error::invalid("queue_item_sending", "This message is being sent now; stop its answer in the chat instead.")
}

fn select(filter: &str) -> String {
    format!(
        "SELECT * FROM (
            SELECT o.id AS id, o.conversation_id AS conversation_id, c.title AS title, o.pane_id AS pane_id,
                o.user_message_id AS user_message_id, o.answer_message_id AS answer_message_id, m.content AS content,
                o.target AS target, o.state AS state, ROW_NUMBER() OVER (ORDER BY o.seq) AS position,
                o.attempts AS attempts, o.last_error AS last_error, o.next_attempt_at AS next_attempt_at,
                o.created_at AS created_at, o.bytes AS bytes, o.seq AS seq
            FROM outbox o JOIN conversations c ON c.id = o.conversation_id JOIN messages m ON m.id = o.user_message_id
        ) AS o
        WHERE {filter} ORDER BY o.seq"
    )
}

fn from_row(r: &Row) -> rusqlite::Result<QueueItem> {
    let target: String = r.get(7)?;
    let state: String = r.get(8)?;
    let last_error: Option<String> = r.get(11)?;
    Ok(QueueItem {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        conversation_title: r.get(2)?,
        pane_id: r.get(3)?,
        user_message_id: r.get(4)?,
        answer_message_id: r.get(5)?,
        text: r.get(6)?,
        target: serde_json::from_str(&target)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e)))?,
        state: ItemState::parse(&state),
        position: r.get(9)?,
        attempts: r.get(10)?,
        last_error: last_error.and_then(|e| serde_json::from_str(&e).ok()),
        next_attempt_at: r.get(12)?,
        created_at: r.get(13)?,
        bytes: r.get(14)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conversations::Conversation;
    use crate::store::migrations::{migrate, MIGRATIONS};

    const ROOMY: QueueLimits = QueueLimits { max_items: 100, max_bytes: 1 << 20 };

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn
    }

    fn conversation(conn: &Connection, title: &str) -> String {
        let id = new_id();
        conversations::insert(
            conn,
            &Conversation {
                id: id.clone(),
                title: title.into(),
                created_at: 1,
                updated_at: 1,
                target: None,
                compare_group: None,
            },
        )
        .unwrap();
        id
    }

    fn turn(conversation_id: &str, text: &str, now: i64) -> NewTurn {
        NewTurn {
            conversation_id: conversation_id.into(),
            pane_id: "p".into(),
            target: ChatTarget::Model { provider_id: "prov".into(), model: "m1".into() },
            text: text.into(),
            place: TurnPlace::Next,
            trace_id: "t".into(),
            now,
        }
    }

    #[test]
    fn a_turn_sent_now_is_claimed_with_its_history_and_a_later_one_waits_behind_it() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let first = accept(&mut conn, turn(&c, "one", 1_000), Accept::SendNow, ROOMY).unwrap();
        let claimed = first.outcome.unwrap_or_else(|_| panic!("nothing waits before it: it goes"));
        assert_eq!((claimed.item.state, claimed.item.attempts), (ItemState::Sending, 1));
        assert_eq!(first.answer.status, MessageStatus::Streaming);
        assert!(claimed.history.is_empty());
        // The answer placeholder names the chosen provider and model and sorts right after its question.
        assert_eq!((first.answer.provider_id.as_deref(), first.answer.model.as_deref()), (Some("prov"), Some("m1")));
        assert_eq!((first.question.created_at, first.answer.created_at), (1_000, 1_001));
        assert_eq!(conversations::get(&conn, &c).unwrap().title, "one", "the first message titles it");

        // Sent now too, but an earlier turn of the conversation is still out: it waits its turn.
        let second = accept(&mut conn, turn(&c, "two", 1_000), Accept::SendNow, ROOMY).unwrap();
        let waiting = second.outcome.expect_err("an earlier turn still out: this one waits");
        assert_eq!((waiting.state, waiting.attempts, waiting.position), (ItemState::Queued, 0, 2));
        assert_eq!(second.answer.status, MessageStatus::Queued);
        // Stamped the same millisecond, still after everything before it.
        assert_eq!((second.question.created_at, second.answer.created_at), (1_002, 1_003));
        assert_eq!(conversations::get(&conn, &c).unwrap().title, "one", "later messages do not rename it");

        finish(&mut conn, &claimed.item.id, &MessageRecord { status: MessageStatus::Complete, ..first.answer })
            .unwrap();
        let next = claim(&mut conn, &waiting.id, 2_000).unwrap().expect("first of its conversation now");
        let history: Vec<_> = next.history.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(history, vec!["one", ""], "the conversation before it, question and answer");
        assert!(claim(&mut conn, &waiting.id, 2_000).unwrap().is_none(), "claimed once");
    }

    #[test]
    fn a_turn_sent_now_carries_the_conversation_before_it() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let first = accept(&mut conn, turn(&c, "one", 1), Accept::SendNow, ROOMY).unwrap();
        let answer = MessageRecord { status: MessageStatus::Complete, content: "first answer".into(), ..first.answer };
        finish(&mut conn, &first.outcome.unwrap().item.id, &answer).unwrap();
        let second = accept(&mut conn, turn(&c, "two", 2), Accept::SendNow, ROOMY).unwrap();
        let history: Vec<_> = second.outcome.unwrap().history.into_iter().map(|m| m.content).collect();
        assert_eq!(history, vec!["one", "first answer"]);
    }

    #[test]
    fn a_route_leaves_the_answer_unnamed_and_a_named_conversation_keeps_its_title() {
        let mut conn = db();
        let c = conversation(&conn, "Trip plans");
        let mut t = turn(&c, "hello", 5);
        t.target = ChatTarget::Route { name: "smart".into() };
        let accepted = accept(&mut conn, t, Accept::Hold, ROOMY).unwrap();
        assert_eq!((accepted.answer.provider_id, accepted.answer.model), (None, None));
        assert_eq!(accepted.outcome.err().unwrap().state, ItemState::Held);
        assert_eq!(conversations::get(&conn, &c).unwrap().title, "Trip plans");
    }

    #[test]
    fn the_byte_cap_counts_the_new_message_with_the_waiting_ones_exactly() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let cap = QueueLimits { max_items: 10, max_bytes: 10 };
        assert_eq!(
            accept(&mut conn, turn(&c, &"x".repeat(11), 1), Accept::Queue, cap).err().unwrap().code,
            "queue_full",
            "too big alone, with nothing waiting"
        );
        accept(&mut conn, turn(&c, &"x".repeat(4), 1), Accept::Queue, cap).unwrap();
        accept(&mut conn, turn(&c, &"x".repeat(6), 1), Accept::Queue, cap).expect("exactly at the cap is allowed");
        let over = accept(&mut conn, turn(&c, "x", 1), Accept::Queue, cap).err().unwrap();
        assert_eq!(over.code, "queue_full");
        let items = QueueLimits { max_items: 2, max_bytes: 1 << 20 };
        let other = conversation(&conn, DEFAULT_TITLE);
        assert_eq!(accept(&mut conn, turn(&other, "y", 1), Accept::Queue, items).err().unwrap().code, "queue_full");
        let one = QueueLimits { max_items: 3, ..items };
        accept(&mut conn, turn(&other, "y", 1), Accept::Queue, one).expect("the third of three is allowed");
    }

    #[test]
    fn an_edit_may_fill_the_byte_cap_exactly_and_not_past_it() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let cap = QueueLimits { max_items: 10, max_bytes: 10 };
        accept(&mut conn, turn(&c, "abc", 1), Accept::Hold, cap).unwrap();
        let item = accept(&mut conn, turn(&c, "d", 1), Accept::Hold, cap).unwrap().outcome.err().unwrap();
        assert_eq!(edit(&mut conn, &item.id, &"e".repeat(7), cap, 2).unwrap().bytes, 7, "3 + 7 is the cap");
        assert_eq!(edit(&mut conn, &item.id, &"e".repeat(8), cap, 3).unwrap_err().code, "queue_full");
        assert_eq!(get(&conn, &item.id).unwrap().text, "e".repeat(7), "a refused edit changes nothing");
    }

    /// The conversation's branch shown, as texts.
    fn shown(conn: &Connection, c: &str) -> Vec<String> {
        branches::active_branch(conn, c).unwrap().into_iter().map(|m| m.content).collect()
    }

    #[test]
    fn cancelling_a_waiting_turn_keeps_the_one_queued_behind_it_on_the_branch() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let first = accept(&mut conn, turn(&c, "one", 1), Accept::Hold, ROOMY).unwrap().outcome.err().unwrap();
        let second = accept(&mut conn, turn(&c, "two", 2), Accept::Hold, ROOMY).unwrap();
        assert_eq!(second.question.parent_id.as_deref(), Some(first.answer_message_id.as_str()));
        cancel(&mut conn, &first.id).unwrap();
        assert_eq!(shown(&conn, &c), ["two", ""], "the later turn stays, with its placeholder");
        assert_eq!(messages::get(&conn, &second.question.id).unwrap().parent_id, None, "it now comes first");
        assert_eq!(list(&conn).unwrap().len(), 1, "its item still waits");
    }

    #[test]
    fn a_waiting_regeneration_cancelled_keeps_its_question_and_cannot_be_edited() {
        let mut conn = db();
        let c = conversation(&conn, DEFAULT_TITLE);
        let first = accept(&mut conn, turn(&c, "one", 1), Accept::SendNow, ROOMY).unwrap();
        let answer = MessageRecord { status: MessageStatus::Complete, content: "first answer".into(), ..first.answer };
        finish(&mut conn, &first.outcome.unwrap().item.id, &answer).unwrap();
        let again =
            NewTurn { place: TurnPlace::Regenerate { question_id: first.question.id.clone() }, ..turn(&c, "", 2) };
        let again = accept(&mut conn, again, Accept::Hold, ROOMY).unwrap();
        assert_eq!(again.question.id, first.question.id, "the question is asked again as it is");
        let item = again.outcome.err().unwrap();
        assert_eq!((item.text.as_str(), item.bytes), ("one", 3));
        assert_eq!(shown(&conn, &c), ["one", ""], "the new answer waits beside the first");
        assert_eq!(
            edit(&mut conn, &item.id, "changed", ROOMY, 3).unwrap_err().code,
            "question_answered",
            "editing it would change the first answer's question"
        );
        cancel(&mut conn, &item.id).unwrap();
        assert_eq!(shown(&conn, &c), ["one", "first answer"], "the question and its first answer stay");
    }

    #[test]
    fn what_waits_is_every_item_not_being_sent() {
        let mut conn = db();
        assert_eq!(waiting(&conn).unwrap(), 0);
        let (a, b) = (conversation(&conn, DEFAULT_TITLE), conversation(&conn, DEFAULT_TITLE));
        accept(&mut conn, turn(&a, "sent now", 1), Accept::SendNow, ROOMY).unwrap();
        accept(&mut conn, turn(&a, "behind it", 1), Accept::SendNow, ROOMY).unwrap();
        accept(&mut conn, turn(&b, "held", 1), Accept::Hold, ROOMY).unwrap();
        assert_eq!(waiting(&conn).unwrap(), 2, "the one being sent is not counted");
        assert_eq!(list(&conn).unwrap().len(), 3);
    }
}
