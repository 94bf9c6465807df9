//! `doctor`: what is the state of a data dir, told line by line, without changing anything (the database is opened
//! read-only and no migration runs). The gateway's `doctor` command prints it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::open_check::{self, FileState};
use super::{backup, migrations, DB_FILE};
use crate::ownership;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    /// Worth knowing, not wrong (no database yet, an upgrade pending, a pre-upgrade copy kept).
    Note,
    /// Switchyard cannot start on this, or data is at risk.
    Problem,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub verdict: Verdict,
    pub detail: String,
    /// The error code a start would fail with, for a problem.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoctorReport {
    pub data_dir: PathBuf,
    pub findings: Vec<Finding>,
}

impl DoctorReport {
    /// No finding is a problem (the CLI's exit status).
    pub fn healthy(&self) -> bool {
        self.findings.iter().all(|f| f.verdict != Verdict::Problem)
    }

    pub fn finding(&self, check: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.check == check)
    }

    fn push(&mut self, check: &'static str, verdict: Verdict, detail: impl Into<String>) {
        self.findings.push(Finding { check, verdict, detail: detail.into(), code: None });
    }

    fn problem(&mut self, check: &'static str, e: crate::Error) {
        self.findings.push(Finding { check, verdict: Verdict::Problem, detail: e.message, code: Some(e.code) });
    }
}

impl fmt::Display for DoctorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Switchyard data dir: {}", self.data_dir.display())?;
        for finding in &self.findings {
            let verdict = match finding.verdict {
                Verdict::Ok => "ok",
                Verdict::Note => "note",
                Verdict::Problem => "PROBLEM",
            };
            let code = finding.code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
            writeln!(f, "{verdict:<8} {:<10} {}{code}", finding.check, finding.detail)?;
        }
        let problems = self.findings.iter().filter(|f| f.verdict == Verdict::Problem).count();
        match problems {
            0 => write!(f, "healthy"),
            n => write!(f, "{n} problem(s) found"),
        }
    }
}

/// Runs every check on the data dir and reports what it found. Reads only; takes as long as a full
/// `integrity_check` (seconds on a large ledger).
pub fn doctor(data_dir: &Path) -> DoctorReport {
    let mut report = DoctorReport { data_dir: data_dir.to_owned(), findings: Vec::new() };
    if !data_dir.exists() {
        report.push("data dir", Verdict::Note, "does not exist yet; the first start makes it");
        return report;
    }
    if !data_dir.is_dir() {
        report.push("data dir", Verdict::Problem, "is a file, not a folder");
        return report;
    }
    match fs4::available_space(data_dir) {
        Ok(free) => report.push("disk", Verdict::Ok, format!("{} free", size(free))),
        Err(e) => report.push("disk", Verdict::Note, format!("free space unknown ({e})")),
    }
    match ownership::current_owner(data_dir) {
        Some(Some(pid)) => report.push("owner", Verdict::Ok, format!("in use by a running Switchyard (process {pid})")),
        Some(None) => report.push("owner", Verdict::Ok, "in use by a running Switchyard"),
        None => report.push("owner", Verdict::Ok, "not in use by any Switchyard"),
    }
    let db = data_dir.join(DB_FILE);
    check_database(&mut report, &db);
    let copies = backup::existing(&db);
    if copies.is_empty() {
        report.push("backup", Verdict::Ok, "no pre-upgrade copy (none is needed until the next upgrade)");
    }
    for copy in copies {
        let bytes = std::fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);
        report.push(
            "backup",
            Verdict::Note,
            format!(
                "{} ({}), made before the last upgrade; removed by the next good start",
                copy.display(),
                size(bytes)
            ),
        );
    }
    report
}

fn check_database(report: &mut DoctorReport, db: &Path) {
    match open_check::inspect(db) {
        Ok(FileState::Missing) => {
            report.push(
                "database",
                Verdict::Note,
                format!("{} does not exist yet; the first start makes it", db.display()),
            );
            return;
        }
        Ok(FileState::Present { bytes }) => {
            report.push("database", Verdict::Ok, format!("{} ({})", db.display(), size(bytes)))
        }
        Err(e) => return report.problem("database", e),
    }
    let conn = match Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    {
        Ok(c) => c,
        Err(e) => return report.problem("open", open_check::classify(db, &e)),
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
    let started = Instant::now();
    let found: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA integrity_check(10)").and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    let took = started.elapsed().as_secs_f64();
    match found {
        Ok(lines) if lines == ["ok"] => {
            report.push("integrity", Verdict::Ok, format!("integrity_check ok ({took:.2} s)"))
        }
        Ok(lines) => return report.problem("integrity", open_check::damaged(db, &lines.join("; "))),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            return report.problem("integrity", open_check::damaged(db, &e.to_string()))
        }
        Err(e) => return report.problem("integrity", open_check::classify(db, &e)),
    }
    let expected = migrations::MIGRATIONS.len();
    match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map(|v| v as usize) {
        Ok(v) if v == expected => report.push("schema", Verdict::Ok, format!("version {v}, as this build expects")),
        Ok(v) if v < expected => report.push(
            "schema",
            Verdict::Note,
            format!("version {v}; the next start upgrades it to {expected} (copying the file first)"),
        ),
        Ok(v) => report.findings.push(Finding {
            check: "schema",
            verdict: Verdict::Problem,
            detail: format!("version {v}, newer than this build's {expected}: run the newer Switchyard"),
            code: Some("database_too_new".into()),
        }),
        Err(e) => return report.problem("schema", open_check::classify(db, &e)),
    }
    match conn.query_row("SELECT count(*) FROM ledger", [], |r| r.get::<_, i64>(0)) {
        Ok(rows) => report.push("ledger", Verdict::Ok, format!("{rows} rows")),
        Err(_) => report.push("ledger", Verdict::Note, "no ledger table yet"),
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}
