//! The copy taken before an update, around the new version's migrations: restored when they fail, kept for one
//! more start when they succeed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{backup, migrations, pre_update, Store, DB_FILE};

/// A database as the running version leaves it, with one conversation, and the copy taken before an update.
fn updated_from(dir: &Path) -> PathBuf {
    let path = dir.join(DB_FILE);
    let store = Store::open(&path).unwrap();
    store
        .lock()
        .execute_batch("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Kept', 1, 1);")
        .unwrap();
    let copy = pre_update::take(&store.lock(), &path, "0.1.0", "0.2.0").unwrap();
    assert_eq!(copy, pre_update::copy_path(&path));
    drop(store);
    path
}

/// The next version's schema: every shipped migration and `extra`.
fn open_as_next_version(path: &Path, extra: &[&'static str]) -> crate::Result<Store> {
    let schema: Vec<&str> = migrations::MIGRATIONS.iter().copied().chain(extra.iter().copied()).collect();
    Store::open_with(path, OpenFlags::default(), Duration::from_secs(1), &schema)
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn the_copy_is_a_whole_database_and_the_note_names_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    let copy = Connection::open_with_flags(pre_update::copy_path(&path), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let title: String = copy.query_row("SELECT title FROM conversations", [], |r| r.get(0)).unwrap();
    assert_eq!(title, "Kept");
    let note = pre_update::pending(&path).unwrap();
    assert_eq!(
        note,
        pre_update::Note {
            from_version: "0.1.0".into(),
            to_version: "0.2.0".into(),
            schema: migrations::MIGRATIONS.len(),
            good_starts: 0,
        }
    );
    assert!(!dir.path().join(format!("{DB_FILE}.pre-update.partial")).exists());
    assert!(!dir.path().join(format!("{DB_FILE}.pre-update.json.partial")).exists());
}

#[test]
fn a_failing_migration_after_an_update_puts_the_copy_back_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    // The new version's first migration works, its second fails on purpose: without the copy the first would stay.
    let e = open_as_next_version(
        &path,
        &[
            "CREATE TABLE added_by_update (x); UPDATE conversations SET title = 'Changed';",
            "SELECT * FROM no_such_table;",
        ],
    )
    .err()
    .expect("the failing migration fails the start");
    assert_eq!(e.code, "update_migration_failed");
    for said in ["0.2.0", "0.1.0", "restored", &pre_update::copy_path(&path).display().to_string()] {
        assert!(e.message.contains(said), "{said} missing from: {}", e.message);
    }
    let conn = Connection::open(&path).unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), migrations::MIGRATIONS.len());
    assert!(!tables(&conn).contains(&"added_by_update".to_owned()));
    let title: String = conn.query_row("SELECT title FROM conversations", [], |r| r.get(0)).unwrap();
    assert_eq!(title, "Kept");
    assert!(pre_update::pending(&path).is_some(), "the copy and its note stay for the next try");
    assert!(backup::existing(&path).is_empty(), "the update's copy serves; no second copy is made");
}

#[test]
fn after_good_migrations_the_copy_is_kept_for_one_more_start_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    drop(open_as_next_version(&path, &["CREATE TABLE added_by_update (x);"]).unwrap());
    assert_eq!(pre_update::pending(&path).map(|n| n.good_starts), Some(1), "kept after the first start");
    let conn = Connection::open(&path).unwrap();
    assert!(tables(&conn).contains(&"added_by_update".to_owned()));
    drop(conn);

    drop(open_as_next_version(&path, &["CREATE TABLE added_by_update (x);"]).unwrap());
    assert!(pre_update::pending(&path).is_none());
    assert!(!pre_update::copy_path(&path).exists());
    assert!(!pre_update::note_path(&path).exists());
}

#[test]
fn an_update_with_no_migration_keeps_the_copy_for_two_starts_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    drop(Store::open(&path).unwrap());
    assert!(pre_update::copy_path(&path).exists());
    drop(Store::open(&path).unwrap());
    assert!(!pre_update::copy_path(&path).exists());
}

#[test]
fn a_second_update_replaces_the_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    let store = Store::open(&path).unwrap();
    store.lock().execute_batch("UPDATE conversations SET title = 'Later';").unwrap();
    pre_update::take(&store.lock(), &path, "0.2.0", "0.3.0").unwrap();
    drop(store);
    let note = pre_update::pending(&path).unwrap();
    assert_eq!((note.from_version.as_str(), note.to_version.as_str(), note.good_starts), ("0.2.0", "0.3.0", 0));
    let copy = Connection::open(pre_update::copy_path(&path)).unwrap();
    let title: String = copy.query_row("SELECT title FROM conversations", [], |r| r.get(0)).unwrap();
    assert_eq!(title, "Later");
}

#[test]
fn a_note_that_cannot_be_read_restores_nothing_and_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    std::fs::write(pre_update::note_path(&path), "{ not json").unwrap();
    assert!(pre_update::pending(&path).is_none());
    let e = open_as_next_version(&path, &["SELECT * FROM no_such_table;"]).err().unwrap();
    assert_eq!(e.code, "database_migration_failed", "told as a plain failed upgrade");
    drop(Store::open(&path).unwrap());
    drop(Store::open(&path).unwrap());
    assert!(pre_update::copy_path(&path).exists(), "a copy nobody can vouch for is left for a person");
}

#[test]
fn a_note_without_its_copy_is_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    std::fs::remove_file(pre_update::copy_path(&path)).unwrap();
    assert!(pre_update::pending(&path).is_none());
}

#[test]
fn a_damaged_copy_is_told_with_what_to_do_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let path = updated_from(dir.path());
    std::fs::write(pre_update::copy_path(&path), b"not a database at all, just some bytes").unwrap();
    let e = open_as_next_version(&path, &["SELECT * FROM no_such_table;"]).err().unwrap();
    assert_eq!(e.code, "database_migration_failed");
    assert!(e.message.contains("Restoring the copy taken before the update failed too"), "{}", e.message);
    assert!(e.message.contains(&pre_update::copy_path(&path).display().to_string()), "{}", e.message);
}
