//! The copy of the database taken just before an app update is installed, and what the next starts do with it.
//!
//! The shell calls [`take`] before it hands a downloaded update to the installer. The copy (`<db>.pre-update`) is
//! made with SQLite's online backup API, so it is a whole database even while the old version still writes to its
//! log, and a note beside it (`<db>.pre-update.json`) says which versions it lies between. On the new version's
//! starts ([`Store::open`](super::Store::open)):
//! - its migrations fail: the copy is put back in place of the database, and the error says so;
//! - they succeed: the copy is kept for one more start (a problem seen only on the second start can still be undone
//!   by hand), then removed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB};
use serde::{Deserialize, Serialize};

use super::open_check::{self, sibling};
use crate::error::{Error, ErrorCategory, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The app version that took the copy.
    pub from_version: String,
    /// The version being installed.
    pub to_version: String,
    /// The schema the copy holds.
    pub schema: usize,
    /// Starts of the new version that opened the database since; the copy goes at the second.
    #[serde(default)]
    pub good_starts: u32,
}

pub fn copy_path(db: &Path) -> PathBuf {
    sibling(db, ".pre-update")
}

pub fn note_path(db: &Path) -> PathBuf {
    sibling(db, ".pre-update.json")
}

/// Copies the open database beside `db` and writes the note. Both are written under temporary names and renamed,
/// note last, so a note that exists always has its whole copy; a copy from an earlier update is replaced.
pub fn take(conn: &Connection, db: &Path, from_version: &str, to_version: &str) -> Result<PathBuf> {
    let copy = copy_path(db);
    let partial = sibling(&copy, ".partial");
    let _ = std::fs::remove_file(&partial);
    conn.backup(MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|e| open_check::classify(&partial, &e))?;
    std::fs::rename(&partial, &copy).map_err(|e| open_check::from_io(&copy, &e))?;
    let note = Note {
        from_version: from_version.to_owned(),
        to_version: to_version.to_owned(),
        schema: super::migrations::current_version(conn)?,
        good_starts: 0,
    };
    write_note(db, &note)?;
    tracing::info!(copy = %copy.display(), from_version, to_version, "database copied before an update");
    Ok(copy)
}

/// The note of a copy waiting beside `db`, if any. A note that cannot be read is treated as no note: the copy then
/// stays where it is for a person to find, and nothing is restored from a file nobody can vouch for.
pub fn pending(db: &Path) -> Option<Note> {
    let text = std::fs::read_to_string(note_path(db)).ok()?;
    match serde_json::from_str::<Note>(&text) {
        Ok(note) if copy_path(db).is_file() => Some(note),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!(error = %e, note = %note_path(db).display(), "the pre-update note cannot be read; ignored");
            None
        }
    }
}

/// The new version's migrations failed on `conn`: the copy replaces what is in it, and the error given says so.
pub fn restore(conn: &mut Connection, db: &Path, note: &Note, failure: Error) -> Error {
    let copy = copy_path(db);
    match conn.restore(MAIN_DB, &copy, None::<fn(rusqlite::backup::Progress)>) {
        Ok(()) => {
            tracing::error!(copy = %copy.display(), "update's migration failed; database restored from the pre-update copy");
            Error::new(
                ErrorCategory::Storage,
                "update_migration_failed",
                format!(
                    "Switchyard {to} could not upgrade your database ({reason}). Your data was restored from the copy \
                     taken before the update, as Switchyard {from} left it. Install Switchyard {from} again to go \
                     on working, and report this problem. The copy stays at {copy}.",
                    to = note.to_version,
                    from = note.from_version,
                    reason = failure.message.trim_end_matches('.'),
                    copy = copy.display(),
                ),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, copy = %copy.display(), "restoring the pre-update copy failed");
            Error {
                message: format!(
                    "{} Restoring the copy taken before the update failed too ({e}): quit Switchyard and put {} in \
                     place of {}.",
                    failure.message,
                    copy.display(),
                    db.display()
                ),
                ..failure
            }
        }
    }
}

/// The new version opened the database and its migrations succeeded: the copy is kept for one more start.
pub fn after_good_start(db: &Path, note: Note) {
    if note.good_starts == 0 {
        if let Err(e) = write_note(db, &Note { good_starts: 1, ..note }) {
            tracing::warn!(error = %e, "could not count the first start after an update");
        }
        return;
    }
    discard(db);
    tracing::info!(to_version = note.to_version, "pre-update copy removed after the second good start");
}

/// Removes the note, then the copy (a copy without its note is never restored).
pub fn discard(db: &Path) {
    for file in [note_path(db), copy_path(db)] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(error = %e, file = %file.display(), "could not remove the pre-update copy"),
        }
    }
}

fn write_note(db: &Path, note: &Note) -> Result<()> {
    let path = note_path(db);
    let partial = sibling(&path, ".partial");
    let text = serde_json::to_string_pretty(note).map_err(|e| Error::internal(e.to_string()))?;
    std::fs::write(&partial, text).map_err(|e| open_check::from_io(&partial, &e))?;
    std::fs::rename(&partial, &path).map_err(|e| open_check::from_io(&path, &e))
}
