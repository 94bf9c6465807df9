//! Opening real database files in each bad state: every cause has its own code, and none is changed by the attempt.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags};

use super::{backup, migrations, Store, DB_FILE};

fn db_with_rows(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join(DB_FILE);
    let store = Store::open(&path).unwrap();
    {
        let mut conn = store.lock();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO ledger (at,origin,route,attempts,status,streamed,input_tokens,output_tokens,
                        cache_read_tokens,cache_write_tokens,reasoning_tokens,usage_estimated,latency_ms,trace_id)
                     VALUES (?1,'gateway:ci','fast',1,'ok',0,?1,20,0,0,0,0,40,?2)",
                )
                .unwrap();
            for i in 0..rows {
                insert.execute(params![i as i64, format!("trace-{i:08}")]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    drop(store); // the last connection: the log is checkpointed into the file and removed
    assert!(!dir.join(format!("{DB_FILE}-wal")).exists());
    path
}

fn open_err(path: &Path) -> crate::Error {
    match Store::open(path) {
        Ok(_) => panic!("{} opened", path.display()),
        Err(e) => e,
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn a_missing_file_becomes_a_new_database_with_nothing_left_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let store = Store::open(&path).unwrap();
    assert_eq!(migrations::current_version(&store.lock()).unwrap(), migrations::MIGRATIONS.len());
    drop(store);
    assert!(std::fs::metadata(&path).unwrap().len() > 0);
    assert_eq!(entries(dir.path()), [DB_FILE], "no half-made file and no copy of a new database");
}

#[test]
fn an_empty_file_is_refused_as_damaged_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::write(&path, b"").unwrap();
    let e = open_err(&path);
    assert_eq!(e.code, "database_empty");
    assert_eq!(e.category, crate::ErrorCategory::Storage);
    assert!(e.message.contains(&path.display().to_string()) && e.message.contains("move"), "{}", e.message);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "not turned into an empty database");
    assert_eq!(entries(dir.path()), [DB_FILE]);
}

#[test]
fn a_file_cut_short_is_refused_as_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_with_rows(dir.path(), 5_000);
    let full = std::fs::metadata(&path).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(full / 2).unwrap();
    drop(file);
    let e = open_err(&path);
    assert_eq!(e.code, "database_truncated", "{}", e.message);
    assert!(e.message.contains(&format!("{} bytes of the {full}", full / 2)), "{}", e.message);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), full / 2);

    // Cut inside the header itself.
    std::fs::write(&path, &b"SQLite format 3\0\x10\x00"[..]).unwrap();
    assert_eq!(open_err(&path).code, "database_truncated");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let text = "These are my notes, saved over the database by mistake.\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let e = open_err(&path);
    assert_eq!(e.code, "database_not_sqlite");
    assert!(e.message.contains("not a SQLite database"), "{}", e.message);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_folder_where_the_file_should_be_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::create_dir(&path).unwrap();
    let e = open_err(&path);
    assert_eq!(e.code, "database_is_directory");
    assert!(e.message.contains("is a folder"), "{}", e.message);
}

/// The tests run as root, where a chmod'ed file can still be written, so the file is also opened the way SQLite
/// opens one it may not write (read-only, silently); the check that refuses it is the same.
#[test]
fn a_read_only_database_is_refused_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = db_with_rows(dir.path(), 10);
    let e = Store::open_with(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Duration::from_secs(1), migrations::MIGRATIONS)
        .err()
        .unwrap();
    assert_eq!(e.code, "database_read_only");
    assert!(e.message.contains("write access"), "{}", e.message);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let privileged = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    if !privileged {
        assert_eq!(open_err(&path).code, "database_read_only");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_read_only_folder_or_disk_is_told_as_read_only() {
    let path = Path::new("/nowhere/switchyard.sqlite");
    for kind in [std::io::ErrorKind::PermissionDenied, std::io::ErrorKind::ReadOnlyFilesystem] {
        assert_eq!(super::open_check::from_io(path, &kind.into()).code, "database_read_only");
    }
}

#[test]
fn a_database_locked_by_another_program_is_told_as_locked_and_retriable() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_with_rows(dir.path(), 10);
    // What a sqlite3 shell holding an exclusive transaction does.
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO settings VALUES ('held', '1');")
        .unwrap();
    let e = Store::open_with(&path, OpenFlags::default(), Duration::from_millis(100), migrations::MIGRATIONS)
        .err()
        .unwrap();
    assert_eq!(e.code, "database_locked", "{}", e.message);
    assert!(e.retriable);
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    Store::open(&path).unwrap();
}

/// One page in the middle of a file of many rows overwritten: the header and the size are right, only
/// quick_check can tell.
#[test]
fn a_page_damaged_deep_inside_is_found_by_quick_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_with_rows(dir.path(), 20_000);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let middle = (bytes.len() / page / 2) * page;
    for (i, b) in bytes[middle..middle + page].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let e = open_err(&path);
    assert_eq!(e.code, "database_corrupt", "{}", e.message);
    assert!(e.message.contains(".recover"), "{}", e.message);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the attempt changed nothing");

    let report = crate::doctor(dir.path());
    assert!(!report.healthy());
    assert_eq!(report.finding("integrity").unwrap().code.as_deref(), Some("database_corrupt"), "{report}");
}

fn old_database(dir: &Path, schema: usize) -> PathBuf {
    let path = dir.join(DB_FILE);
    let mut conn = Connection::open(&path).unwrap();
    migrations::migrate(&mut conn, &migrations::MIGRATIONS[..schema]).unwrap();
    conn.execute_batch("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Kept', 1, 1);")
        .unwrap();
    path
}

#[test]
fn a_copy_is_made_before_an_upgrade_and_removed_after_the_next_good_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = old_database(dir.path(), 5);
    drop(Store::open(&path).unwrap());
    let copy = backup::path_for(&path, 5);
    assert_eq!(backup::existing(&path), std::slice::from_ref(&copy));
    let kept = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(migrations::current_version(&kept).unwrap(), 5, "the copy is the database before the upgrade");
    let title: String = kept.query_row("SELECT title FROM conversations", [], |r| r.get(0)).unwrap();
    assert_eq!(title, "Kept");
    drop(kept);

    let report = crate::doctor(dir.path());
    assert_eq!(report.finding("backup").unwrap().verdict, super::doctor::Verdict::Note, "{report}");
    assert!(report.to_string().contains(&copy.display().to_string()), "{report}");

    drop(Store::open(&path).unwrap());
    assert!(backup::existing(&path).is_empty(), "a start with nothing to upgrade removes the copy");
    assert!(!copy.exists());
}

#[test]
fn a_failed_upgrade_says_where_the_copy_is_and_leaves_the_schema_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let last = migrations::MIGRATIONS.len();
    let path = old_database(dir.path(), last - 1);
    // Something the last migration means to create (a table or an index: they share one namespace) is there.
    let last_sql = migrations::MIGRATIONS[last - 1];
    let created = regex::Regex::new(r"CREATE (?:VIRTUAL )?(?:TABLE|INDEX) (\w+)")
        .unwrap()
        .captures(last_sql)
        .expect("the last migration creates a table or an index")[1]
        .to_owned();
    Connection::open(&path).unwrap().execute_batch(&format!("CREATE TABLE {created} (x);")).unwrap();
    let e = open_err(&path);
    assert_eq!(e.code, "database_migration_failed");
    let copy = backup::path_for(&path, last - 1);
    assert!(e.message.contains(&copy.display().to_string()), "{}", e.message);
    assert!(copy.exists());
    let conn = Connection::open(&path).unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), last - 1);
}

#[test]
fn the_doctor_tells_a_healthy_data_dir_line_by_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_with_rows(dir.path(), 42);
    let before = std::fs::read(&path).unwrap();
    let report = crate::doctor(dir.path());
    assert!(report.healthy(), "{report}");
    let text = report.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains(&dir.path().display().to_string()), "{text}");
    for (check, says) in [
        ("database", DB_FILE),
        ("integrity", "integrity_check ok"),
        ("schema", &format!("version {}", migrations::MIGRATIONS.len())),
        ("ledger", "42 rows"),
        ("backup", "no pre-upgrade copy"),
        ("owner", "not in use"),
    ] {
        assert!(lines.iter().any(|l| l.starts_with("ok") && l.contains(check) && l.contains(says)), "{check}: {text}");
    }
    assert_eq!(lines.last(), Some(&"healthy"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A read-only reader of a WAL database may leave SQLite's (empty) -wal and -shm; nothing else.
    let left: Vec<String> =
        entries(dir.path()).into_iter().filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm")).collect();
    assert_eq!(left, [DB_FILE], "doctor leaves no file of its own behind");
}

#[test]
fn the_doctor_reports_each_refusal_with_the_code_a_start_would_fail_with() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::write(&path, b"").unwrap();
    let report = crate::doctor(dir.path());
    assert_eq!(report.finding("database").unwrap().code.as_deref(), Some("database_empty"));
    assert!(report.to_string().contains("PROBLEM"), "{report}");
    assert!(crate::doctor(&dir.path().join("absent")).healthy(), "no data dir yet is not a problem");
}
