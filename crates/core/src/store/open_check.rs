//! Why a database file cannot be opened, told apart: each cause has its own code and a message that says what to
//! do. The file is looked at before SQLite touches it (so a damaged file is never "repaired" into an empty one) and
//! SQLite's own errors at open are sorted into the same causes.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::error::{Error, ErrorCategory};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

/// What is at the database path before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Nothing there: a new database is made.
    Missing,
    /// A SQLite file whose size agrees with its header.
    Present { bytes: u64 },
}

/// Looks at the path without opening it as a database: a directory, an empty file, a file that is not SQLite, or
/// one shorter than its header says are refused here.
pub fn inspect(path: &Path) -> Result<FileState, Error> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(from_io(path, &e)),
    };
    if meta.is_dir() {
        return Err(is_directory(path));
    }
    let bytes = meta.len();
    if bytes == 0 {
        return Err(empty(path));
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|e| from_io(path, &e))?;
    let magic_len = header.len().min(MAGIC.len());
    if header[..magic_len] != MAGIC[..magic_len] {
        return Err(not_a_database(path));
    }
    if header.len() < HEADER_LEN {
        return Err(truncated(path, bytes, None));
    }
    // A write-ahead log beside the file may hold pages a checkpoint has not copied in yet; then a short file is
    // not proof of loss, and quick_check decides.
    if let Some(expected) = expected_bytes(&header) {
        if bytes < expected && !has_wal(path) {
            return Err(truncated(path, bytes, Some(expected)));
        }
    }
    Ok(FileState::Present { bytes })
}

/// The size the header claims (page size × page count), when the header's page count is valid: SQLite trusts it
/// only when it is non-zero and the change counter (offset 24) equals version-valid-for (offset 92).
pub fn expected_bytes(header: &[u8]) -> Option<u64> {
    let be32 = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap());
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => n as u64,
    };
    let pages = be32(28) as u64;
    (pages > 0 && be32(24) == be32(92)).then_some(page_size * pages)
}

fn has_wal(path: &Path) -> bool {
    std::fs::metadata(sibling(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// SQLite's error while opening, configuring or checking the file, as one of the causes.
pub fn classify(path: &Path, e: &rusqlite::Error) -> Error {
    tracing::error!(error = %e, path = %path.display(), "opening the database failed");
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => locked(path),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => read_only(path),
        Some(ErrorCode::NotADatabase) => not_a_database(path),
        Some(ErrorCode::DatabaseCorrupt) => corrupt(path, &e.to_string()),
        Some(ErrorCode::DiskFull) => storage(
            "database_disk_full",
            format!(
                "The disk holding {} is full, so the database could not be opened. Free some space and start again.",
                path.display()
            ),
        ),
        Some(ErrorCode::CannotOpen) if !dir_writable(path) => read_only(path),
        _ => storage(
            "database_open_failed",
            format!(
                "The database {} could not be opened ({e}). Run `switchyard-gateway doctor` to see what is wrong.",
                path.display()
            ),
        ),
    }
}

/// An OS error on the path (making the file, reading its header).
pub fn from_io(path: &Path, e: &std::io::Error) -> Error {
    tracing::error!(error = %e, path = %path.display(), "database file error");
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => read_only(path),
        std::io::ErrorKind::StorageFull => storage(
            "database_disk_full",
            format!("The disk holding {} is full. Free some space and start again.", path.display()),
        ),
        kind => storage("database_open_failed", format!("The database {} could not be read ({kind}).", path.display())),
    }
}

fn dir_writable(path: &Path) -> bool {
    let probe = sibling(path, ".write-check");
    let ok = std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

fn storage(code: &str, message: String) -> Error {
    Error::new(ErrorCategory::Storage, code, message)
}

/// "Restore it from …": the pre-upgrade copy beside the file when there is one.
fn restore_hint(path: &Path) -> String {
    match super::backup::existing(path).first() {
        Some(b) => format!("restore it from the copy made before the last upgrade ({})", b.display()),
        None => "restore it from a backup of your own".to_owned(),
    }
}

fn move_aside_hint(path: &Path) -> String {
    format!(
        "Switchyard did not change it. Quit Switchyard and {}, or move {} away to start with an empty database.",
        restore_hint(path),
        path.display()
    )
}

pub fn is_directory(path: &Path) -> Error {
    storage(
        "database_is_directory",
        format!(
            "{} is a folder, where the database file should be. Move that folder away (or point the data dir \
             elsewhere) and start again.",
            path.display()
        ),
    )
}

pub fn empty(path: &Path) -> Error {
    storage(
        "database_empty",
        format!(
            "The database file {} is empty (0 bytes): what it held was lost, e.g. to a full disk or a copy that did \
             not finish. {}",
            path.display(),
            move_aside_hint(path)
        ),
    )
}

pub fn not_a_database(path: &Path) -> Error {
    storage(
        "database_not_sqlite",
        format!(
            "{} is not a SQLite database (its first bytes are something else; another program may have written \
             over it). {}",
            path.display(),
            move_aside_hint(path)
        ),
    )
}

pub fn truncated(path: &Path, bytes: u64, expected: Option<u64>) -> Error {
    let sizes = match expected {
        Some(expected) => format!("{bytes} bytes of the {expected} its header announces"),
        None => format!("{bytes} bytes, less than a database header"),
    };
    storage(
        "database_truncated",
        format!(
            "The database file {} was cut short ({sizes}), e.g. by a full disk or a copy that did not finish. {}",
            path.display(),
            move_aside_hint(path)
        ),
    )
}

/// quick_check failed: cut short if the file is smaller than its header says, else damaged inside.
pub fn damaged(path: &Path, found: &str) -> Error {
    let mut header = Vec::with_capacity(HEADER_LEN);
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let read = std::fs::File::open(path).and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header));
    match read.ok().filter(|_| header.len() == HEADER_LEN).and_then(|_| expected_bytes(&header)) {
        Some(expected) if bytes < expected => truncated(path, bytes, Some(expected)),
        _ => corrupt(path, found),
    }
}

pub fn corrupt(path: &Path, found: &str) -> Error {
    storage(
        "database_corrupt",
        format!(
            "The database file {} is damaged inside (SQLite's check found: {found}). {} The sqlite3 tool's \
             `.recover` command can save what is still readable into a new file; `switchyard-gateway doctor` shows \
             what is wrong.",
            path.display(),
            move_aside_hint(path)
        ),
    )
}

pub fn read_only(path: &Path) -> Error {
    storage(
        "database_read_only",
        format!(
            "The database {} or its folder cannot be written (read-only file, folder or disk). Give this user \
             write access to the file and its folder (SQLite writes -wal and -shm files beside it) and start again.",
            path.display()
        ),
    )
}

pub fn locked(path: &Path) -> Error {
    storage(
        "database_locked",
        format!(
            "The database {} is locked by another program (a sqlite3 shell, a backup tool, or a Switchyard stuck \
             on it). Close that program and start again.",
            path.display()
        ),
    )
    .with_retriable(true)
}
