//! The database copy around an app update, through the facade: taken with every conversation, kept through the new
//! version's first start, gone after its second.

mod support;

use rusqlite::Connection;
use switchyard_core::store::{pre_update, DB_FILE};

#[tokio::test]
async fn the_copy_before_an_update_holds_the_conversations_and_lasts_one_more_start() {
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    core.create_conversation(Some("Before the update".into())).await.unwrap();
    assert!(core.pending_update_copy().is_none());

    let copy = core.back_up_before_update("0.1.0", "0.2.0").await.unwrap();
    let note = core.pending_update_copy().expect("a note beside the copy");
    assert_eq!((note.from_version.as_str(), note.to_version.as_str(), note.good_starts), ("0.1.0", "0.2.0", 0));
    let titles: Vec<String> = {
        let conn = Connection::open(&copy).unwrap();
        let mut stmt = conn.prepare("SELECT title FROM conversations").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(titles, ["Before the update"]);
    drop(core);

    let after_update = support::open_core(dir.path()).await;
    assert_eq!(after_update.pending_update_copy().map(|n| n.good_starts), Some(1));
    assert_eq!(after_update.list_conversations().await.unwrap().len(), 1);
    drop(after_update);

    let second_start = support::open_core(dir.path()).await;
    assert!(second_start.pending_update_copy().is_none());
    assert!(!pre_update::copy_path(&dir.path().join(DB_FILE)).exists());
}

#[tokio::test]
async fn an_update_that_was_not_installed_leaves_no_copy_behind() {
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    core.back_up_before_update("0.1.0", "0.2.0").await.unwrap();
    core.discard_update_copy();
    assert!(core.pending_update_copy().is_none());
    assert!(!pre_update::copy_path(&dir.path().join(DB_FILE)).exists());
    assert!(!pre_update::note_path(&dir.path().join(DB_FILE)).exists());
    core.discard_update_copy();
}
