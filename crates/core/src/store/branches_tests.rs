//! The tree under a conversation: what the migration makes of a conversation that was one line, and where the
//! branch shown falls back to.

use rusqlite::Connection;

use super::branches;
use super::migrations::{migrate, MIGRATIONS};

/// A database at schema 15 (before branches) with one conversation of three messages, two of them stamped in the
/// same millisecond, and an empty conversation.
fn line_before_branches() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn, &MIGRATIONS[..15]).unwrap();
    conn.execute_batch(
        "INSERT INTO conversations VALUES ('c1', 'Line', 1, 1), ('c2', 'Empty', 1, 1);
         INSERT INTO messages (id, conversation_id, role, content, status, created_at) VALUES
            ('q1', 'c1', 'user', 'one', 'complete', 10),
            ('a1', 'c1', 'assistant', 'answer one', 'complete', 10),
            ('q2', 'c1', 'user', 'two', 'complete', 20);",
    )
    .unwrap();
    migrate(&mut conn, MIGRATIONS).unwrap();
    conn
}

fn parents(conn: &Connection) -> Vec<(String, Option<String>)> {
    let mut stmt = conn.prepare("SELECT id, parent_id FROM messages ORDER BY created_at, rowid").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_conversation_of_one_line_becomes_one_branch_each_message_after_the_one_before() {
    let conn = line_before_branches();
    assert_eq!(
        parents(&conn),
        [("q1".into(), None), ("a1".into(), Some("q1".into())), ("q2".into(), Some("a1".into()))]
    );
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q2"));
    let shown = branches::active_branch(&conn, "c1").unwrap();
    assert_eq!(shown.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["q1", "a1", "q2"]);
    assert!(shown.iter().all(|m| m.siblings == [m.id.clone()]), "nothing has an alternative yet");
    assert_eq!(branches::active_leaf(&conn, "c2").unwrap(), None);
    assert!(branches::active_branch(&conn, "c2").unwrap().is_empty());
}

#[test]
fn a_leaf_that_is_gone_falls_back_to_the_newest_message() {
    let conn = line_before_branches();
    conn.execute_batch(
        "INSERT INTO messages (id, conversation_id, role, content, status, created_at, parent_id)
            VALUES ('a1b', 'c1', 'assistant', 'another answer', 'complete', 30, 'q1');
         UPDATE conversations SET active_leaf_id = 'gone' WHERE id = 'c1';",
    )
    .unwrap();
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("a1b"));
    let shown = branches::active_branch(&conn, "c1").unwrap();
    assert_eq!(shown.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["q1", "a1b"]);
    assert_eq!(shown[1].siblings, ["a1", "a1b"]);
    // A leaf of another conversation is not this one's.
    conn.execute("UPDATE conversations SET active_leaf_id = 'q2' WHERE id = 'c2'", []).unwrap();
    assert_eq!(branches::active_leaf(&conn, "c2").unwrap(), None);
}

#[test]
fn switching_goes_down_to_the_newest_leaf_and_deleting_off_the_branch_shown_leaves_it() {
    let conn = line_before_branches();
    conn.execute_batch(
        "INSERT INTO messages (id, conversation_id, role, content, status, created_at, parent_id) VALUES
            ('a1b', 'c1', 'assistant', 'another answer', 'complete', 30, 'q1'),
            ('q3', 'c1', 'user', 'three', 'complete', 40, 'a1b'),
            ('q3b', 'c1', 'user', 'three again', 'complete', 50, 'a1b');",
    )
    .unwrap();
    assert!(branches::has_children(&conn, "a1b").unwrap() && !branches::has_children(&conn, "q3").unwrap());
    assert_eq!(branches::switch_to(&conn, "a1b").unwrap(), "c1");
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q3b"), "the newest below it");
    assert_eq!(branches::switch_to(&conn, "q1").unwrap(), "c1");
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q3b"));
    branches::switch_to(&conn, "a1").unwrap();
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q2"));

    branches::delete(&conn, "q3").unwrap();
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q2"), "another branch went");
    branches::delete(&conn, "a1").unwrap();
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap().as_deref(), Some("q3b"), "the one beside it is shown");
    assert_eq!(parents(&conn).len(), 3, "q2 went with the answer it followed");
    branches::delete(&conn, "q1").unwrap();
    assert!(parents(&conn).is_empty());
    assert_eq!(branches::active_leaf(&conn, "c1").unwrap(), None);
    assert_eq!(branches::delete(&conn, "q1").unwrap_err().code, "message_not_found");
    assert!(!branches::has_children(&conn, "q1").unwrap());
}
