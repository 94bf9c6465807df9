//! Exports the audit log, oldest first: CSV with a header row (old and new values as JSON text), or a JSON array.

use std::io::Write;

use rusqlite::Connection;
use serde::Serialize;

use super::{AuditEntry, SubjectKind};
use crate::cost::report::ExportFormat;
use crate::error::{Error, ErrorCategory, Result};
use crate::store::{audit as table, enum_text};

/// One exported row, flat, so CSV and JSON have the same fields.
#[derive(Serialize)]
struct Record {
    id: i64,
    at: i64,
    /// The same instant, readable: RFC 3339 in UTC.
    at_utc: String,
    source: String,
    action: String,
    subject_kind: String,
    subject_id: String,
    subject_name: String,
    old: Option<String>,
    new: Option<String>,
}

pub const HEADER: [&str; 10] =
    ["id", "at", "at_utc", "source", "action", "subject_kind", "subject_id", "subject_name", "old", "new"];

impl From<AuditEntry> for Record {
    fn from(e: AuditEntry) -> Self {
        let at_utc = chrono::DateTime::from_timestamp_millis(e.at)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default();
        Self {
            id: e.id,
            at: e.at,
            at_utc,
            source: enum_text(&e.source),
            action: enum_text(&e.action),
            subject_kind: enum_text(&e.subject_kind),
            subject_id: e.subject_id,
            subject_name: e.subject_name,
            old: e.old.map(|v| v.to_string()),
            new: e.new.map(|v| v.to_string()),
        }
    }
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCategory::Storage, "export_failed", format!("The export could not be written: {e}"))
}

/// Writes the rows of `kind` (all when None) to `out`; returns how many.
pub fn export(conn: &Connection, kind: Option<SubjectKind>, format: ExportFormat, out: &mut dyn Write) -> Result<u64> {
    match format {
        ExportFormat::Csv => {
            // The header is written by hand so that an empty export still names its columns.
            let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(out);
            writer.write_record(HEADER).map_err(failed)?;
            let count = table::each(conn, kind, |e| writer.serialize(Record::from(e)).map_err(failed))?;
            writer.flush()?;
            Ok(count)
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let count = table::each(conn, kind, |e| {
                if !std::mem::take(&mut first) {
                    out.write_all(b",\n")?;
                }
                serde_json::to_writer(&mut *out, &Record::from(e)).map_err(failed)
            })?;
            out.write_all(b"]\n")?;
            out.flush()?;
            Ok(count)
        }
    }
}
