//! A copy of the database made before its schema is upgraded (SQLite's online backup API, so the copy is a
//! consistent database even with a write-ahead log), kept beside it until the next start that opens it without an
//! upgrade, then removed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB};

use super::open_check::{self, sibling};
use crate::error::Result;

/// `<db>.v<schema>.backup`: the schema version in the name tells which build the copy belongs to.
pub fn path_for(db: &Path, schema: usize) -> PathBuf {
    sibling(db, &format!(".v{schema}.backup"))
}

/// Copies the open database to `path_for(db, schema)` unless a copy of that schema is already there (a previous
/// upgrade that failed: the older copy is the one to keep). Written under a temporary name and renamed, so a copy
/// that exists is whole.
pub fn before_migration(conn: &Connection, db: &Path, schema: usize) -> Result<PathBuf> {
    let target = path_for(db, schema);
    if target.exists() {
        return Ok(target);
    }
    let partial = sibling(&target, ".partial");
    let _ = std::fs::remove_file(&partial);
    conn.backup(MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|e| open_check::classify(&partial, &e))?;
    std::fs::rename(&partial, &target).map_err(|e| open_check::from_io(&target, &e))?;
    tracing::info!(backup = %target.display(), "database copied before its upgrade");
    Ok(target)
}

/// The pre-upgrade copies beside `db`, newest schema first.
pub fn existing(db: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let prefix = format!("{name}.v");
    let mut found: Vec<(usize, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            let schema = file.strip_prefix(&prefix)?.strip_suffix(".backup")?.parse().ok()?;
            Some((schema, entry.path()))
        })
        .collect();
    found.sort_by_key(|(schema, _)| std::cmp::Reverse(*schema));
    found.into_iter().map(|(_, p)| p).collect()
}

/// After a start that needed no upgrade: the copies have served their purpose.
pub fn remove_all(db: &Path) {
    for copy in existing(db) {
        match std::fs::remove_file(&copy) {
            Ok(()) => tracing::info!(backup = %copy.display(), "pre-upgrade copy removed after a good start"),
            Err(e) => tracing::warn!(error = %e, backup = %copy.display(), "could not remove the pre-upgrade copy"),
        }
    }
}
